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

int compare_result_pair_count(const compare_result *r)
{
    return r->npairs;
}

const compare_pair *compare_result_pair(const compare_result *r, int i)
{
    assert(i >= 0 && i < r->npairs);
    return &r->pairs[i];
}

int compare_result_only_count(const compare_result *r, int side)
{
    assert(side == 0 || side == 1);
    return r->nonly[side];
}

const char *compare_result_only(const compare_result *r, int side, int i)
{
    assert(side == 0 || side == 1);
    assert(i >= 0 && i < r->nonly[side]);
    return r->only[side][i];
}

int compare_result_significant(const compare_result *r)
{
    int k = 0;
    for (int i = 0; i < r->nrows; i++)
        k += r->rows[i].significant;
    return k;
}

/* Numbers print with 4 significant digits; undefined ones as "-". */
static void num(FILE *out, int width, double v)
{
    if (isnan(v))
        fprintf(out, "%*s", width, "-");
    else
        fprintf(out, "%*.4g", width, v);
}

void compare_result_print(const compare_result *r, FILE *out)
{
    fprintf(out, "A: %s\nB: %s\n", r->a_name, r->b_name);
    fprintf(out, "%d paired replications, seed %llu, common random numbers; "
                 "B - A with paired 95%% CI; A and B over the replications where both "
                 "are defined\n",
            r->replications, (unsigned long long)r->seed);
    for (int k = 0; k < r->npairs; k++)
        fprintf(out, "paired: A's %s with B's %s%s\n", r->pairs[k].a, r->pairs[k].b,
                r->pairs[k].automatic ? " (the one measured process each side does not share)"
                                      : "");
    fputc('\n', out);
    int w = 6;
    for (int i = 0; i < r->nrows; i++)
        if ((int)strlen(r->rows[i].metric) > w)
            w = (int)strlen(r->rows[i].metric);
    fprintf(out, "%-*s %10s %10s %10s  %-23s %-11s %s\n", w, "metric", "A", "B", "B - A",
            "95% CI", "significant", "pairs");
    for (int i = 0; i < r->nrows; i++) {
        const compare_row *x = &r->rows[i];
        fprintf(out, "%-*s ", w, x->metric);
        num(out, 10, x->a);
        fputc(' ', out);
        num(out, 10, x->b);
        fputc(' ', out);
        num(out, 10, x->diff);
        fputs("  [", out);
        num(out, 10, x->lo);
        fputs(",", out);
        num(out, 10, x->hi);
        fprintf(out, "]  %-11s %d\n", x->n < 2 ? "n/a" : x->significant ? "yes" : "no", x->n);
    }
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < r->nonly[s]; i++)
            fprintf(out, "only in %s: %s\n", s ? "B" : "A", r->only[s][i]);
    fprintf(out, "\n%d of %d differences significant at 95%%; times in seconds, shares in [0, 1]\n",
            compare_result_significant(r), r->nrows);
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
