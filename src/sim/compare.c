/*
 * compare: Student-t intervals (one sample, paired, Welch) and the paired
 * comparison of two sim results; see compare.h.
 */
#include "compare.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "../model/alloc.h"
#include "../model/units.h"

/* Two ids of one thing: A's element or process `a` is B's `b`. */
typedef struct compare_pair {
    char *a, *b;
    int automatic;         /* found by compare_results, not asked for */
} compare_pair;

struct compare_result {
    char *a_name, *b_name;
    uint64_t seed;
    int replications;
    compare_row *rows;
    int nrows;
    compare_pair *pairs;
    int npairs;
    char **only[2];
    int nonly[2];
};

/* Mean and sample variance of the defined values (Welford). */
static int moments(const double *x, int n, double *mean, double *var)
{
    int k = 0;
    double m = 0, s = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(x[i]))
            continue;
        k++;
        double dx = x[i] - m;
        m += dx / k;
        s += dx * (x[i] - m);
    }
    *mean = k ? m : NAN;
    *var = k > 1 ? s / (k - 1) : NAN;
    return k;
}

static double t_quantile(double level, double df)
{
    return gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, df);
}

int compare_mean_ci(const double *x, int n, double level, double *mean,
                    double *lo, double *hi)
{
    assert(level > 0 && level < 1);
    double var;
    int k = moments(x, n, mean, &var);
    if (k < 2) {
        *lo = *hi = NAN;
        return k;
    }
    double h = t_quantile(level, k - 1) * sqrt(var / k);
    *lo = *mean - h;
    *hi = *mean + h;
    return k;
}

int compare_paired_ci(const double *a, const double *b, int n, double level,
                      double *diff, double *lo, double *hi)
{
    double *d = alloc_resize(NULL, (size_t)n, sizeof *d);
    for (int k = 0; k < n; k++)
        d[k] = isnan(a[k]) || isnan(b[k]) ? NAN : b[k] - a[k];
    int used = compare_mean_ci(d, n, level, diff, lo, hi);
    free(d);
    return used;
}

int compare_welch_ci(const double *a, int na, const double *b, int nb,
                     double level, double *diff, double *lo, double *hi)
{
    assert(level > 0 && level < 1);
    double ma, va, mb, vb;
    int ka = moments(a, na, &ma, &va), kb = moments(b, nb, &mb, &vb);
    *diff = mb - ma;
    if (ka < 2 || kb < 2) {
        *lo = *hi = NAN;
        return ka < kb ? ka : kb;
    }
    double sa = va / ka, sb = vb / kb, se2 = sa + sb;
    double df = se2 * se2 / (sa * sa / (ka - 1) + sb * sb / (kb - 1));
    double h = se2 > 0 ? t_quantile(level, df) * sqrt(se2) : 0;
    *lo = *diff - h;
    *hi = *diff + h;
    return ka < kb ? ka : kb;
}

/* ---- comparing two results ------------------------------------------- */

static const char *const families[] = {"sla.", "cycle.", "end.", "level.", "roster.", "role.", NULL};

static int compared(const char *name)
{
    for (int i = 0; families[i]; i++)
        if (strncmp(name, families[i], strlen(families[i])) == 0)
            return 1;
    return 0;
}

static double *values(const sim_result *r, int m, int n)
{
    double *v = alloc_resize(NULL, (size_t)n, sizeof *v);
    for (int k = 0; k < n; k++)
        v[k] = sim_result_metric_value(r, m, k);
    return v;
}

static void add_only(compare_result *c, int side, const char *name)
{
    *ALLOC_PUSH(c->only[side], c->nonly[side]) = alloc_strdup(name);
}

static void add_pair(compare_result *c, const char *a, size_t alen, const char *b, int automatic)
{
    compare_pair *p = ALLOC_PUSH(c->pairs, c->npairs);
    p->a = alloc_resize(NULL, alen + 1, 1);
    memcpy(p->a, a, alen);
    p->a[alen] = 0;
    p->b = alloc_strdup(b);
    p->automatic = automatic;
}

/* 1 when some measured process of r has this id. */
static int has_process(const sim_result *r, const char *id)
{
    for (int i = 0; i < sim_result_process_count(r); i++)
        if (strcmp(sim_result_process_id(r, i), id) == 0)
            return 1;
    return 0;
}

/* The one process of `from` that `other` lacks, or NULL (none or several). */
static const char *lone_process(const sim_result *from, const sim_result *other)
{
    const char *lone = NULL;
    for (int i = 0; i < sim_result_process_count(from); i++) {
        const char *id = sim_result_process_id(from, i);
        if (has_process(other, id))
            continue;
        if (lone)
            return NULL;
        lone = id;
    }
    return lone;
}

/* B's metric for A's metric `name`: FAMILY.B_ID.REST for FAMILY.A_ID.REST
 * under a pair (ids may hold dots: matched whole), else the same name.  A
 * pair asked for comes first: B may also have an A_ID (a swap). */
static int find_in_b(const compare_result *c, const sim_result *b, const char *name,
                     char **renamed, int *used)
{
    *renamed = NULL;
    const char *dot = strchr(name, '.');
    size_t flen = dot ? (size_t)(dot - name) + 1 : 0;
    for (int k = 0; dot && k < c->npairs; k++) {
        size_t alen = strlen(c->pairs[k].a);
        if (strncmp(dot + 1, c->pairs[k].a, alen) != 0 || dot[1 + alen] != '.')
            continue;
        const char *rest = dot + 1 + alen;
        size_t n = flen + strlen(c->pairs[k].b) + strlen(rest) + 1;
        char *other = alloc_resize(NULL, n, 1);
        snprintf(other, n, "%.*s%s%s", (int)flen, name, c->pairs[k].b, rest);
        int j = sim_result_metric_find(b, other);
        if (j >= 0) {
            used[k] = 1;
            *renamed = other;
            return j;
        }
        free(other);
    }
    return sim_result_metric_find(b, name);
}

/* 1 when B's metric `name` was compared under a pair (B_ID in it). */
static int paired_in_b(const compare_result *c, const char *name)
{
    for (int i = 0; i < c->nrows; i++)
        if (c->rows[i].metric_b && strcmp(c->rows[i].metric_b, name) == 0)
            return 1;
    return 0;
}

compare_result *compare_run(const sim_scenario *a, const sim_scenario *b, const char *a_name,
                            const char *b_name, const char *const *pairs, diag_list *d)
{
    sim_options o;
    sim_options_init(&o, a);
    if (sim_scenario_seed(b) != o.seed || sim_scenario_replications(b) != o.replications)
        diag_add(d, DIAG_NOTE, "compare-run", sim_scenario_path(b), 0, NULL, NULL,
                 "B's <run> differs from A's; both run with A's: %d replications, seed %llu",
                 o.replications, (unsigned long long)o.seed);
    if (o.replications < 2) {
        diag_add(d, DIAG_ERROR, "compare-replications", sim_scenario_path(a), 0, NULL, NULL,
                 "a paired confidence interval needs at least 2 replications, the scenario "
                 "asks for %d",
                 o.replications);
        return NULL;
    }
    compare_result *cr = NULL;
    sim_result *ra = sim_run(a, &o, d), *rb = ra ? sim_run(b, &o, d) : NULL;
    if (ra && rb)
        cr = compare_results(ra, rb, a_name, b_name, pairs, d);
    sim_result_free(ra);
    sim_result_free(rb);
    return cr;
}

int compare_pair_parse(const char *pair, size_t *alen)
{
    const char *eq = strchr(pair, '=');
    if (!eq || eq == pair || !eq[1] || strchr(eq + 1, '='))
        return -1;
    *alen = (size_t)(eq - pair);
    return 0;
}

compare_result *compare_results(const sim_result *a, const sim_result *b,
                                const char *a_name, const char *b_name,
                                const char *const *pairs, diag_list *d)
{
    int n = sim_result_replications(a);
    if (sim_result_seed(a) != sim_result_seed(b) ||
        sim_result_first_replication(a) != sim_result_first_replication(b) ||
        n != sim_result_replications(b)) {
        diag_add(d, DIAG_ERROR, "compare-unpaired", NULL, 0, NULL, NULL,
                 "the two runs cannot be paired: they differ in seed, first replication "
                 "or number of replications");
        return NULL;
    }
    compare_result *c = alloc_zero(1, sizeof *c);
    for (int k = 0; pairs && pairs[k]; k++) {
        size_t alen;
        if (compare_pair_parse(pairs[k], &alen) != 0) {
            diag_add(d, DIAG_ERROR, "compare-pair", NULL, 0, NULL, NULL,
                     "a pair is written A_ID=B_ID (A's id, then B's), not '%s'", pairs[k]);
            compare_result_free(c);
            return NULL;
        }
        add_pair(c, pairs[k], alen, pairs[k] + alen + 1, 0);
    }
    /* the lone processes, unless a pair asked for already names either */
    const char *la = lone_process(a, b), *lb = lone_process(b, a);
    int asked = 0;
    for (int k = 0; la && lb && k < c->npairs; k++)
        asked |= strcmp(c->pairs[k].a, la) == 0 || strcmp(c->pairs[k].b, lb) == 0;
    if (la && lb && !asked)
        add_pair(c, la, strlen(la), lb, 1);
    int *used = alloc_zero((size_t)c->npairs + 1, sizeof *used);
    c->a_name = alloc_strdup(a_name ? a_name : "A");
    c->b_name = alloc_strdup(b_name ? b_name : "B");
    c->seed = sim_result_seed(a);
    c->replications = n;
    int na = sim_result_metric_count(a), nb = sim_result_metric_count(b);
    c->rows = alloc_resize(NULL, (size_t)(na ? na : 1), sizeof *c->rows);
    for (int i = 0; i < na; i++) {
        const char *name = sim_result_metric_name(a, i);
        if (!compared(name))
            continue;
        char *renamed;
        int j = find_in_b(c, b, name, &renamed, used);
        if (j < 0) {
            add_only(c, 0, name);
            continue;
        }
        double *va = values(a, i, n), *vb = values(b, j, n);
        /* A and B over the replications where both are defined, so that
         * the columns add up: B - A is then exactly b - a */
        for (int k = 0; k < n; k++)
            if (isnan(va[k]) || isnan(vb[k]))
                va[k] = vb[k] = NAN;
        compare_row *row = &c->rows[c->nrows++];
        row->metric = alloc_strdup(name);
        row->metric_b = renamed;
        compare_mean_ci(va, n, 0.95, &row->a, &row->a_lo, &row->a_hi);
        compare_mean_ci(vb, n, 0.95, &row->b, &row->b_lo, &row->b_hi);
        row->n = compare_paired_ci(va, vb, n, 0.95, &row->diff, &row->lo, &row->hi);
        row->significant = row->n >= 2 && (row->lo > 0 || row->hi < 0);
        free(va);
        free(vb);
    }
    for (int j = 0; j < nb; j++) {
        const char *name = sim_result_metric_name(b, j);
        if (compared(name) && sim_result_metric_find(a, name) < 0 && !paired_in_b(c, name))
            add_only(c, 1, name);
    }
    /* a pair that paired nothing is said so, and not listed as paired */
    int kept = 0;
    for (int k = 0; k < c->npairs; k++) {
        if (used[k]) {
            c->pairs[kept++] = c->pairs[k];
            continue;
        }
        diag_add(d, DIAG_WARNING, "compare-pair", NULL, 0, NULL, NULL,
                 "the pair %s=%s matched no figure: no figure of A names '%s' where B "
                 "has one naming '%s'", c->pairs[k].a, c->pairs[k].b, c->pairs[k].a,
                 c->pairs[k].b);
        free(c->pairs[k].a);
        free(c->pairs[k].b);
    }
    c->npairs = kept;
    free(used);
    return c;
}

void compare_result_free(compare_result *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->nrows; i++) {
        free(r->rows[i].metric);
        free(r->rows[i].metric_b);
    }
    free(r->rows);
    for (int i = 0; i < r->npairs; i++) {
        free(r->pairs[i].a);
        free(r->pairs[i].b);
    }
    free(r->pairs);
    for (int s = 0; s < 2; s++) {
        for (int i = 0; i < r->nonly[s]; i++)
            free(r->only[s][i]);
        free(r->only[s]);
    }
    free(r->a_name);
    free(r->b_name);
    free(r);
}

int compare_result_count(const compare_result *r)
{
    return r->nrows;
}

const compare_row *compare_result_row(const compare_result *r, int i)
{
    assert(i >= 0 && i < r->nrows);
    return &r->rows[i];
}

int compare_result_significant(const compare_result *r)
{
    int k = 0;
    for (int i = 0; i < r->nrows; i++)
        k += r->rows[i].significant;
    return k;
}

/* ---- the readable table ----------------------------------------------- */

typedef enum { K_SHARE, K_TIME, K_COUNT } kind;

/* The groups of the table, in the order people read them. */
static const struct {
    const char *family, *title;
} groups[] = {
    {"sla.", "SLAs"},          {"cycle.", "cycle times"}, {"end.", "end events"},
    {"level.", "escalation levels"}, {"roster.", "rosters"}, {"role.", "roles"},
};
#define NGROUPS ((int)(sizeof groups / sizeof groups[0]))

static int group_of(const char *metric)
{
    for (int g = 0; g < NGROUPS; g++)
        if (strncmp(metric, groups[g].family, strlen(groups[g].family)) == 0)
            return g;
    return -1;
}

/* The figure's statistic: what follows its last dot. */
static const char *stat_of(const char *metric)
{
    const char *dot = strrchr(metric, '.');
    return dot ? dot + 1 : metric;
}

/* The thing measured: between the family and the statistic (ids may hold dots). */
static void entity_of(const char *metric, char *buf, size_t n)
{
    const char *a = strchr(metric, '.'), *b = strrchr(metric, '.');
    if (!a || a == b)
        snprintf(buf, n, "%s", metric);
    else
        snprintf(buf, n, "%.*s", (int)(b - a - 1), a + 1);
}

static kind kind_of(const char *metric)
{
    const char *st = stat_of(metric);
    if (!strcmp(st, "wip") || !strncmp(st, "queue", 5))
        return K_COUNT;
    if (!strcmp(st, "mean") || st[0] == 'p' || !strcmp(st, "calling_mean"))
        return K_TIME;
    return K_SHARE; /* attainment, *share, utilisation */
}

/* A statistic in words. */
static const char *stat_words(const char *st)
{
    static const struct { const char *st, *words; } w[] = {
        {"attainment", "attainment"},         {"elsewhere_share", "ended elsewhere"},
        {"share", "share"},                   {"mean", "mean"},
        {"wip", "cases open (WIP)"},          {"utilisation", "utilisation"},
        {"queue_mean", "queue, mean"},        {"queue_end", "queue at the horizon"},
        {"backup_share", "nobody answered"},  {"calling_mean", "calling time, mean"},
    };
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (!strcmp(st, w[i].st))
            return w[i].words;
    return st; /* p50, p90, ... */
}

/* "+" before a positive text. */
static char *signed_text(char *buf, size_t n, double v, const char *text)
{
    snprintf(buf, n, "%s%s", v > 0 && text[0] != '<' ? "+" : "", text);
    return buf;
}

/* One side's value in the row's kind. */
static const char *side_text(char *buf, size_t n, double v, kind k, units_time u)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else if (k == K_SHARE)
        units_percent(buf, n, v, 2);
    else if (k == K_TIME)
        units_duration_value(buf, n, v, u, 0);
    else
        units_small(buf, n, v);
    return buf;
}

/* A difference (percentage points for shares) with dec decimals for
 * shares; signed. */
static const char *diff_text(char *buf, size_t n, double v, kind k, units_time u, int dec)
{
    char t[UNITS_BUF / 2];
    if (isnan(v))
        snprintf(t, sizeof t, "-");
    else if (v == 0)
        snprintf(t, sizeof t, "0");
    else if (k == K_SHARE)
        snprintf(t, sizeof t, "%.*f", dec, 100 * v);
    else if (k == K_TIME)
        units_duration_value(t, sizeof t, v, u, 0);
    else
        units_small(t, sizeof t, v);
    return signed_text(buf, n, v, t);
}

static int share_decimals(const compare_row *x)
{
    int dec = units_percent_decimals(x->lo, x->hi);
    return dec;
}

/* One unit of time for the durations of group g: their median. */
static units_time group_unit(const compare_result *r, int g)
{
    double *v = alloc_zero(2 * (size_t)r->nrows + 1, sizeof *v);
    size_t k = 0;
    for (int i = 0; i < r->nrows; i++)
        if (group_of(r->rows[i].metric) == g && kind_of(r->rows[i].metric) == K_TIME && r->rows[i].n > 0) {
            v[k++] = r->rows[i].a;
            v[k++] = r->rows[i].b;
        }
    units_time u = units_time_pick(v, k);
    free(v);
    return u;
}

/* A row of the summary: eligible when significant and among the figures a
 * planner asks about first (mean and p99 of whole processes, not classes;
 * utilisation of roles). */
static int headline(const compare_row *x, int g)
{
    const char *st = stat_of(x->metric);
    char ent[512];
    entity_of(x->metric, ent, sizeof ent);
    if (!x->significant || group_of(x->metric) != g)
        return 0;
    if (g == 1)
        return (!strcmp(st, "mean") || !strcmp(st, "p99")) && !strchr(ent, '.');
    if (g == 5)
        return !strcmp(st, "utilisation");
    return 1;
}

static const compare_row *sort_rows;
static int by_size(const void *a, const void *b)
{
    double x = fabs(sort_rows[*(const int *)a].diff), y = fabs(sort_rows[*(const int *)b].diff);
    return x < y ? 1 : x > y ? -1 : *(const int *)a - *(const int *)b;
}

/* The few lines on what changed: every significant SLA, then whole
 * processes' mean and p99 cycle times (four lines at most), and the three
 * largest changes of escalation levels, rosters, role utilisation and end
 * events. */
static void print_changes(const compare_result *r, const units_time *unit, FILE *out)
{
    static const int order[] = {0, 1, 3, 4, 5, 2};
    int sig = compare_result_significant(r), shown = 0, undefined = 0;
    for (int i = 0; i < r->nrows; i++)
        undefined += r->rows[i].n == 0;
    if (sig == 0) {
        fprintf(out, "\nNo figure changed significantly: every paired 95%% CI includes 0.\n");
        return;
    }
    fprintf(out, "\nWhat changed significantly (the paired 95%% CI of B - A excludes 0): %d of %d figures\n", sig,
            r->nrows - undefined);
    int *idx = alloc_zero((size_t)r->nrows + 1, sizeof *idx);
    for (int o = 0; o < (int)(sizeof order / sizeof order[0]); o++) {
        int g = order[o], n = 0;
        for (int i = 0; i < r->nrows; i++)
            if (headline(&r->rows[i], g))
                idx[n++] = i;
        if (g > 1) { /* SLAs and cycle times in their order; the rest by size */
            sort_rows = r->rows;
            qsort(idx, (size_t)n, sizeof *idx, by_size);
        }
        if (g > 0 && n > (g == 1 ? 4 : 3))
            n = g == 1 ? 4 : 3;
        for (int q = 0; q < n; q++) {
            const compare_row *x = &r->rows[idx[q]];
            const char *st = stat_of(x->metric);
            kind k = kind_of(x->metric);
            char ent[512], a[UNITS_BUF], b[UNITS_BUF], d[UNITS_BUF], lo[UNITS_BUF], hi[UNITS_BUF], what[600];
            int dec = share_decimals(x);
            const char *u = k == K_SHARE ? " points" : k == K_TIME ? units_time_name(unit[g], 1) : "";
            entity_of(x->metric, ent, sizeof ent);
            if (g == 0)
                snprintf(what, sizeof what, "SLA %s %s", ent, stat_words(st));
            else if (g == 1)
                snprintf(what, sizeof what, "%s cycle time of %s", stat_words(st), ent);
            else if (g == 3)
                snprintf(what, sizeof what, "level %s reached", ent);
            else if (g == 2)
                snprintf(what, sizeof what, "end %s reached", ent);
            else
                snprintf(what, sizeof what, "%s %s %s", g == 4 ? "roster" : "role", ent, stat_words(st));
            fprintf(out, "  %s: %s -> %s%s%s, %s%s%s [%s, %s]\n", what, side_text(a, sizeof a, x->a, k, unit[g]),
                    side_text(b, sizeof b, x->b, k, unit[g]), k == K_TIME ? " " : "", k == K_TIME ? u : "",
                    diff_text(d, sizeof d, x->diff, k, unit[g], dec), k == K_COUNT ? "" : " ", k == K_SHARE ? "points" : u,
                    diff_text(lo, sizeof lo, x->lo, k, unit[g], dec), diff_text(hi, sizeof hi, x->hi, k, unit[g], dec));
            shown++;
        }
    }
    free(idx);
    if (sig > shown)
        fprintf(out, "  ... and %d more, marked 'yes' below\n", sig - shown);
}

void compare_result_print(const compare_result *r, FILE *out)
{
    fprintf(out, "A: %s\nB: %s\n", r->a_name, r->b_name);
    fprintf(out, "%d paired replications, seed %llu, common random numbers; B - A with its paired "
                 "95%% CI;\nA and B over the replications where both are defined (pairs)\n",
            r->replications, (unsigned long long)r->seed);
    for (int k = 0; k < r->npairs; k++)
        fprintf(out, "paired: A's %s with B's %s%s\n", r->pairs[k].a, r->pairs[k].b,
                r->pairs[k].automatic ? " (the one measured process each side does not share)" : "");
    units_time unit[NGROUPS];
    for (int g = 0; g < NGROUPS; g++)
        unit[g] = group_unit(r, g);
    print_changes(r, unit, out);
    int w = 24, hidden = 0;
    for (int i = 0; i < r->nrows; i++) {
        char ent[512];
        entity_of(r->rows[i].metric, ent, sizeof ent);
        int l = (int)strlen(ent) + 2 + (int)strlen(stat_words(stat_of(r->rows[i].metric)));
        if (l > w)
            w = l;
    }
    for (int g = 0; g < NGROUPS; g++) {
        int any = 0;
        char last[512] = "";
        for (int i = 0; i < r->nrows; i++) {
            const compare_row *x = &r->rows[i];
            if (group_of(x->metric) != g)
                continue;
            if (x->n == 0) { /* no data on either side: an unlimited role, a process without cases */
                hidden++;
                continue;
            }
            kind k = kind_of(x->metric);
            if (!any++) {
                char head[128];
                if (g == 0)
                    snprintf(head, sizeof head, "SLAs (attainment)");
                else if (g == 1)
                    snprintf(head, sizeof head, "cycle times (%s)", units_time_name(unit[g], 1));
                else
                    snprintf(head, sizeof head, "%s", groups[g].title);
                fprintf(out, "\n%-*s %10s %10s %12s  %-24s %-11s %s\n", w, head, "A", "B", "B - A", "95% CI",
                        "significant", "pairs");
            }
            char ent[512], label[1100], a[UNITS_BUF], b[UNITS_BUF], d[UNITS_BUF], lo[UNITS_BUF], hi[UNITS_BUF],
                ci[3 * UNITS_BUF];
            entity_of(x->metric, ent, sizeof ent);
            const char *st = stat_of(x->metric);
            /* a figure per line under its entity, when the entity has several */
            int several = g == 1 || g == 4 || g == 5;
            if (several && strcmp(ent, last) != 0) {
                char entb[512] = "";
                if (x->metric_b)
                    entity_of(x->metric_b, entb, sizeof entb);
                fprintf(out, "%s%s%s%s\n", ent, x->metric_b ? " (B's " : "", entb, x->metric_b ? ")" : "");
                snprintf(last, sizeof last, "%s", ent);
            }
            if (several)
                snprintf(label, sizeof label, "  %s", stat_words(st));
            else if (!strcmp(st, "attainment") || !strcmp(st, "share"))
                snprintf(label, sizeof label, "%s", ent);
            else
                snprintf(label, sizeof label, "%s, %s", ent, stat_words(st));
            int dec = share_decimals(x);
            if (isnan(x->lo))
                snprintf(ci, sizeof ci, "-");
            else
                snprintf(ci, sizeof ci, "[%s, %s]", diff_text(lo, sizeof lo, x->lo, k, unit[g], dec),
                         diff_text(hi, sizeof hi, x->hi, k, unit[g], dec));
            diff_text(d, sizeof d, x->diff, k, unit[g], dec);
            if (k == K_SHARE && strcmp(d, "-") != 0)
                strncat(d, " pt", sizeof d - strlen(d) - 1);
            fprintf(out, "%-*s %10s %10s %12s  %-24s %-11s %d\n", w, label, side_text(a, sizeof a, x->a, k, unit[g]),
                    side_text(b, sizeof b, x->b, k, unit[g]), d, ci,
                    x->n < 2 ? "n/a" : x->significant ? "yes" : "no", x->n);
        }
    }
    for (int s = 0; s < 2; s++)
        if (r->nonly[s]) {
            fprintf(out, "\nonly in %s:", s ? "B" : "A");
            for (int i = 0; i < r->nonly[s]; i++)
                fprintf(out, "%s %s", i ? "," : "", r->only[s][i]);
            fputc('\n', out);
        }
    fprintf(out, "\nshares in %%, their differences in percentage points (pt); times in the unit of their\n"
                 "group; pairs: replications where both sides have the figure.\n");
    if (hidden)
        fprintf(out, "%d figure%s without data on either side left out (unlimited roles, processes "
                     "without cases); the JSON has every figure.\n",
                hidden, hidden == 1 ? "" : "s");
}

static json_t *jnum(double v)
{
    return isnan(v) || isinf(v) ? json_null() : json_real(v);
}

static json_t *jci(double lo, double hi)
{
    return json_pack("[o,o]", jnum(lo), jnum(hi));
}

json_t *compare_result_to_json(const compare_result *r)
{
    json_t *rows = json_array();
    for (int i = 0; i < r->nrows; i++) {
        const compare_row *x = &r->rows[i];
        json_t *row = json_pack("{s:s,s:{s:o,s:o},s:{s:o,s:o},s:o,s:o,s:i,s:b}", "metric",
                                x->metric, "a", "mean", jnum(x->a), "ci95",
                                jci(x->a_lo, x->a_hi), "b", "mean", jnum(x->b), "ci95",
                                jci(x->b_lo, x->b_hi), "diff", jnum(x->diff), "ci95",
                                jci(x->lo, x->hi), "n", x->n, "significant", x->significant);
        if (x->metric_b)
            json_object_set_new(row, "metric_b", json_string(x->metric_b));
        json_array_append_new(rows, row);
    }
    json_t *pairs = json_array();
    for (int k = 0; k < r->npairs; k++)
        json_array_append_new(pairs, json_pack("{s:s,s:s,s:b}", "a", r->pairs[k].a, "b",
                                               r->pairs[k].b, "automatic",
                                               r->pairs[k].automatic));
    json_t *only[2];
    for (int s = 0; s < 2; s++) {
        only[s] = json_array();
        for (int i = 0; i < r->nonly[s]; i++)
            json_array_append_new(only[s], json_string(r->only[s][i]));
    }
    return json_pack("{s:s,s:s,s:I,s:i,s:f,s:o,s:o,s:o,s:o}", "a", r->a_name, "b", r->b_name,
                     "seed", (json_int_t)r->seed, "replications", r->replications,
                     "confidence", 0.95, "pairs", pairs, "metrics", rows, "only_a", only[0],
                     "only_b", only[1]);
}
