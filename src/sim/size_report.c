/*
 * size_report: a sizing result for people -- the ceiling and what binds
 * an SLA staffing cannot reach, the table of decided candidates, the
 * answer and what it rests on -- in percent and plain words; and as CSV
 * (one row per candidate, one column group per SLA, exact fractions; the
 * format is in docs/sizing.md).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../model/units.h"
#include "csv.h"
#include "size_int.h"
#include "sprt.h"

/* ---- numbers for people ------------------------------------------------ */

/* A share in percent: "97.26 %"; "n/a" when undefined. */
static const char *pct(char *buf, size_t len, double x)
{
    return units_percent(buf, len, x, 2);
}

/* A target or an error bound in percent, no trailing zeros: "99 %". */
static const char *pct_short(char *buf, size_t len, double x)
{
    return units_percent(buf, len, x, -1);
}

/* A difference of shares in percentage points: "0.5 points", "+0.06". */
static const char *points(char *buf, size_t len, double x, int sign)
{
    snprintf(buf, len, sign ? "%+.2f" : "%.2f", 100 * x);
    char *e = buf + strlen(buf) - 1;
    while (*e == '0')
        *e-- = 0;
    if (*e == '.')
        *e = 0;
    if (!strcmp(buf, "-0") || !strcmp(buf, "+0"))
        snprintf(buf, len, "0");
    return buf;
}

/* The same with its noun: "0.5 points", "1 point". */
static const char *points_w(char *buf, size_t len, double x)
{
    points(buf, len, x, 0);
    size_t k = strlen(buf);
    snprintf(buf + k, len - k, strcmp(buf, "1") ? " points" : " point");
    return buf;
}

/* "1 person", "2 people": n and its noun. */
static const char *plural(long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* A whole number with thousands separated: "12,210". */
static const char *count(char *buf, size_t len, long n)
{
    char raw[UNITS_BUF];
    snprintf(raw, sizeof raw, "%ld", n);
    size_t k = 0, m = strlen(raw);
    for (size_t i = 0; i < m && k + 2 < len; i++) {
        buf[k++] = raw[i];
        if ((m - i - 1) % 3 == 0 && i + 1 < m && raw[i] != '-')
            buf[k++] = ',';
    }
    buf[k] = 0;
    return buf;
}

/* ---- pieces ----------------------------------------------------------- */

static void put_staff(const size_result *r, const int *staff, const char *sep, FILE *out)
{
    for (int i = 0; i < r->nroles; i++)
        fprintf(out, "%s%s=%d", i ? sep : "", r->role_id[i], staff[i]);
}

static void put_objective(const size_result *r, const cand *c, FILE *out)
{
    int n = size_headcount(r, c->staff);
    fprintf(out, "%d %s", n, plural(n, "person", "people"));
    if (r->opt.objective == SIZE_COST)
        fprintf(out, ", %.2f per hour", c->objective);
}

/* "97.26 % [97.18 %, 97.34 %]", padded to FIGW columns; the decimals
 * are those the interval needs. */
#define FIGW 30
static void put_figures(const size_sla_figures *f, FILE *out)
{
    char buf[UNITS_BUF];
    if (isnan(f->attainment))
        snprintf(buf, sizeof buf, "no case");
    else if (isnan(f->lo))
        units_percent(buf, sizeof buf, f->attainment, 2);
    else
        units_percent_ci(buf, sizeof buf, f->attainment, f->lo, f->hi);
    fprintf(out, "%-*s", FIGW, buf);
}

/* The verdict word: the test's, or in parentheses when read from the
 * interval. */
static void put_verdict(const size_sla_figures *f, int width, FILE *out)
{
    char buf[UNITS_BUF];
    snprintf(buf, sizeof buf, f->tested ? "%s" : "(%s)", size_verdict_name(f->verdict));
    fprintf(out, "%-*s", width, buf);
}

static void put_header(const size_result *r, FILE *out)
{
    const size_options *o = &r->opt;
    char a[UNITS_BUF], b[UNITS_BUF], n[UNITS_BUF], dl[UNITS_BUF];
    if (o->epsilon > 0) {
        fprintf(out,
                "decision: estimation, %s replications per candidate (Chernoff-Hoeffding: "
                "+-%s at confidence %s per SLA)\n",
                count(n, sizeof n, sprt_hoeffding_n(o->epsilon, o->alpha)),
                points_w(dl, sizeof dl, o->epsilon), pct_short(a, sizeof a, 1 - o->alpha));
    } else {
        fprintf(out,
                "decision: Wald's sequential test (SPRT) per SLA on each replication's "
                "attainment: it tells attainment >= target + d from <= target - d, calling a "
                "roster missed wrongly at most %s of the time%s and met wrongly at most %s; "
                "d = %s",
                pct_short(a, sizeof a, o->alpha), r->nsla > 1 ? " (split over the SLAs)" : "",
                pct_short(b, sizeof b, o->beta), points_w(dl, sizeof dl, o->delta));
        int narrowed = 0;
        for (int j = 0; j < r->nsla; j++)
            if (r->delta[j] < o->delta) {
                fprintf(out, "%s%s %s", narrowed ? ", " : " (", r->sla_id[j],
                        points(dl, sizeof dl, r->delta[j], 0));
                narrowed = 1;
            }
        if (narrowed)
            fputs(": half the distance from the target to 100 %, as target + d must stay "
                  "below 100 %)",
                  out);
        fprintf(out, "; at most %s replications per candidate\n", count(n, sizeof n, r->cap));
    }
    fprintf(out, "common random numbers: every staffing runs replications 0, 1, 2, ... of "
                 "one seed, so differences between them come from the staffing alone\n\n");
}

/* The ceiling block, and for an SLA out of reach what binds it. */
static void put_ceiling(const size_result *r, FILE *out)
{
    char buf[UNITS_BUF], t[UNITS_BUF], dl[UNITS_BUF], n[UNITS_BUF];
    int roles = 0, lists = 0;
    for (int i = 0; i < r->nroles; i++)
        roles += r->kind[i] == SIZE_QUEUE, lists += r->kind[i] == SIZE_LIST;
    fputs("ceiling: ", out);
    if (roles) {
        fputs("every sized role unlimited (", out);
        for (int i = 0, k = 0; i < r->nroles; i++)
            if (r->kind[i] == SIZE_QUEUE)
                fprintf(out, "%s%s", k++ ? ", " : "", r->role_id[i]);
        fputs(")", out);
    }
    for (int i = 0, k = 0; i < r->nroles; i++)
        if (r->kind[i] == SIZE_LIST)
            fprintf(out, "%s%s at %d, its longest", (k++ || roles) ? "; " : "", r->role_id[i],
                    r->max[i]);
    fprintf(out, ": the best staffing can do, on %s %s\n",
            count(n, sizeof n, r->ceil_used), plural(r->ceil_used, "replication", "replications"));
    int w = 10;
    for (int j = 0; j < r->nsla; j++)
        if ((int)strlen(r->sla_id[j]) > w)
            w = (int)strlen(r->sla_id[j]);
    for (int j = 0; j < r->nsla; j++) {
        const size_ceiling *x = &r->ceil[j];
        fprintf(out, "  %-*s  ", w, r->sla_id[j]);
        put_figures(&x->fig, out);
        fprintf(out, "  target %-7s ", pct_short(t, sizeof t, r->target[j]));
        if (x->reach == SIZE_REACHABLE)
            fputs("within reach: sized below\n", out);
        else if (x->reach == SIZE_AT_EDGE)
            fprintf(out, "beyond staffing: even so within %s of its target, so no "
                         "staffing can be shown to meet it\n",
                    points_w(dl, sizeof dl, r->delta[j]));
        else if (x->fig.used == 0)
            fputs("beyond staffing: no case measured even so\n", out);
        else
            fputs("beyond staffing: missed even so\n", out);
    }
    if (r->searched == r->nsla) {
        fputc('\n', out);
        return;
    }
    fputs("\nwhat binds an SLA beyond staffing (at the ceiling, one change at a time, on the "
          "same replications: the difference is that change's effect alone):\n",
          out);
    for (int j = 0; j < r->nsla; j++) {
        const size_ceiling *x = &r->ceil[j];
        if (x->reach == SIZE_REACHABLE)
            continue;
        double goal = r->target[j] + (x->reach == SIZE_AT_EDGE ? r->delta[j] : 0);
        fprintf(out, "  %s:\n", r->sla_id[j]);
        int lifted = 0, pw = 10;
        for (int q = 0; q < r->nprobe_runs; q++)
            if ((int)strlen(r->probe[q]) > pw)
                pw = (int)strlen(r->probe[q]);
        for (int q = 0; q < r->nprobe_runs; q++) {
            const size_probe_figures *p = &r->pf[j * r->nprobe_runs + q];
            if (!p->defined)
                continue;
            char d0[UNITS_BUF], d1[UNITS_BUF], d2[UNITS_BUF];
            fprintf(out, "    %-*s  ", pw, r->probe[q]);
            put_figures(&p->fig, out);
            if (isnan(p->lo))
                fprintf(out, "  %s points", points(d0, sizeof d0, p->diff, 1));
            else
                fprintf(out, "  %s points [%s, %s]", points(d0, sizeof d0, p->diff, 1),
                        points(d1, sizeof d1, p->lo, 1), points(d2, sizeof d2, p->hi, 1));
            fputs(p->lifts ? "  raises it\n" : "  no clear effect\n", out);
            lifted += p->lifts && q < r->nprobes;
        }
        /* the verdict of the probes: what binds */
        const size_probe_figures *all =
            r->nprobe_runs ? &r->pf[j * r->nprobe_runs + r->nprobe_runs - 1] : NULL;
        fputs("    binds: ", out);
        if (lifted) {
            /* the changes that raise it, largest effect first */
            int order[SIZE_MAX_PROBES], nl = 0, alone = 0;
            for (int q = 0; q < r->nprobes; q++)
                if (r->pf[j * r->nprobe_runs + q].defined && r->pf[j * r->nprobe_runs + q].lifts)
                    order[nl++] = q;
            for (int a = 1; a < nl; a++)
                for (int b = a; b > 0 && r->pf[j * r->nprobe_runs + order[b]].diff >
                                             r->pf[j * r->nprobe_runs + order[b - 1]].diff;
                     b--) {
                    int tmp = order[b];
                    order[b] = order[b - 1];
                    order[b - 1] = tmp;
                }
            for (int k = 0; k < nl; k++) {
                const size_probe_figures *p = &r->pf[j * r->nprobe_runs + order[k]];
                char dd[UNITS_BUF];
                int reaches = !isnan(p->fig.lo) && p->fig.lo >= goal;
                fprintf(out, "%s%s (%s points%s)", k ? "; " : "", r->probe[order[k]],
                        points(dd, sizeof dd, p->diff, 1),
                        reaches ? ": alone it brings the target within reach" : "");
                alone |= reaches;
            }
            if (alone)
                fputc('\n', out);
            else if (all && all->defined && !isnan(all->fig.lo) && all->fig.lo >= goal)
                fprintf(out, " -- %s brings the target within reach\n",
                        r->nprobe_runs > 1 ? "only all of them together" : "with that changed it");
            else if (all && all->defined)
                fprintf(out, " -- and even with %s it stays at %s: the work itself (task "
                             "durations, timers and the paths cases take) keeps it short\n",
                        r->nprobe_runs > 1 ? "every change at once" : "that changed",
                        pct(buf, sizeof buf, all->fig.attainment));
            else
                fputc('\n', out);
        } else if (r->nprobe_runs) {
            fputs("the work itself (task durations, timers and the paths cases take): none of "
                  "the changes above raises it\n",
                  out);
        } else {
            fputs("the work itself (task durations, timers and the paths cases take): with "
                  "nobody waiting for staff there is nothing else to change\n",
                  out);
        }
    }
    fputc('\n', out);
}

static void put_bounds(const size_result *r, FILE *out)
{
    int queues = 0, w = 10;
    for (int i = 0; i < r->nroles; i++) {
        queues += r->kind[i] == SIZE_QUEUE;
        if ((int)strlen(r->role_id[i]) > w)
            w = (int)strlen(r->role_id[i]);
    }
    if (queues)
        fprintf(out, "lower bound per role (offered load in erlangs -- hours of work arriving "
                     "per hour -- over the share of the week the role works; at or below it "
                     "the queue grows without bound):\n");
    else
        fprintf(out, "where the search starts:\n");
    for (int i = 0; i < r->nroles; i++) {
        if (r->kind[i] == SIZE_QUEUE)
            fprintf(out, "  %-*s %8.3f erlangs / %.3f = %8.3f  -> start at %d (range %d..%d)\n",
                    w, r->role_id[i], r->offered[i], r->wf[i], r->lb[i], r->start[i],
                    r->min[i], r->max[i]);
        else
            fprintf(out, "  %-*s a call list (no queue, no load): start at %d (range %d..%d)\n", w,
                    r->role_id[i], r->start[i], r->min[i], r->max[i]);
    }
    fputc('\n', out);
}

static void put_table(const size_result *r, FILE *out)
{
    const size_options *o = &r->opt;
    int w = 8;
    for (int q = 0; q < r->nd; q++) {
        int len = 0;
        for (int i = 0; i < r->nroles; i++)
            len += (int)strlen(r->role_id[i]) + 2 + (size_at(r, q)->staff[i] >= 10) +
                   (size_at(r, q)->staff[i] >= 100) + (i > 0);
        if (len > w)
            w = len;
    }
    fprintf(out, "  %-*s", w, "staffing");
    for (int j = 0; j < r->nsla; j++)
        fprintf(out, "  %-*s %-14s", FIGW, r->sla_id[j], "");
    fprintf(out, "  %-12s %s\n", "verdict", "replications");
    fprintf(out, "  %-*s", w, "");
    for (int j = 0; j < r->nsla; j++)
        fprintf(out, "  %-*s %-14s", FIGW,
                o->epsilon > 0 ? "attainment [Hoeffding]" : "attainment [95% CI]", "");
    fputc('\n', out);
    for (int q = 0; q < r->nd; q++) {
        const cand *c = size_at(r, q);
        fputs(q == r->answer ? "* " : "  ", out);
        int before = 0;
        for (int i = 0; i < r->nroles; i++)
            before += fprintf(out, "%s%s=%d", i ? " " : "", r->role_id[i], c->staff[i]);
        fprintf(out, "%*s", w - before, "");
        for (int j = 0; j < r->nsla; j++) {
            fputs("  ", out);
            put_figures(&c->fig[j], out);
            fputc(' ', out);
            put_verdict(&c->fig[j], 14, out);
        }
        fprintf(out, "  %-12s %ld\n", size_verdict_name(c->verdict), c->used);
    }
    char n1[UNITS_BUF], n2[UNITS_BUF], t[UNITS_BUF];
    long used = 0;
    for (int q = 0; q < r->nd; q++)
        used += size_at(r, q)->used;
    fprintf(out, "\nverdicts: met or missed as the test decided (inconclusive: still within d "
                 "of the target after %s replications); in parentheses when the SLA was not "
                 "tested to the end -- the staffing was already missed on another SLA, or "
                 "the SLA is beyond staffing -- and read from its 95%% interval (met: wholly "
                 "at or above the target, missed: wholly below, inconclusive: across it)\n",
            count(n1, sizeof n1, r->cap));
    fprintf(out, "replications: what each decision needed (clear cases stop early): %s for "
                 "the %d %s; %s simulated in all (with the ceiling, its probes, the ranking of "
                 "neighbours and the last batches' overshoot)\n",
            count(n1, sizeof n1, used), r->nd, plural(r->nd, "decision", "decisions"),
            count(n2, sizeof n2, r->simulated));
    fputs("targets:", out);
    for (int j = 0; j < r->nsla; j++)
        fprintf(out, "%s %s %s", j ? "," : "", r->sla_id[j], pct_short(t, sizeof t, r->target[j]));
    fputc('\n', out);
    for (int i = 0; i < r->nroles; i++)
        if (r->sat[i] >= 0) {
            char dl[UNITS_BUF];
            fprintf(out, "%s stopped mattering at %d: even %s, no SLA still short rose by "
                         "%s (half of d) or more (paired 95%% interval); it was not "
                         "grown further\n",
                    r->role_id[i], r->sat[i],
                    r->kind[i] == SIZE_QUEUE ? "unlimited" : "at its longest",
                    points_w(dl, sizeof dl, o->delta / 2));
        }
    if (r->stuck)
        fputs("the search stopped growing: no role that could grow still mattered on its "
              "own; what is still short needs several roles at once, or is beyond "
              "staffing\n",
              out);
    fputc('\n', out);
}

/* The guarantee the answer carries: its own verdict and those of the
 * rosters one person smaller, each decided missed. */
static void put_guarantee(const size_result *r, FILE *out)
{
    const size_options *o = &r->opt;
    char a[UNITS_BUF], b[UNITS_BUF], dl[UNITS_BUF], g[UNITS_BUF];
    if (o->epsilon > 0)
        fprintf(out,
                "guarantee: given independent replications, a roster with an SLA below its "
                "target is called 'met' with probability at most %s (alpha/2), and a roster "
                "meeting every target is called 'missed' with probability at most %s "
                "(alpha/2 per SLA); inconclusive means an interval straddles a target.\n",
                pct_short(a, sizeof a, o->alpha / 2),
                pct_short(b, sizeof b, o->alpha / 2 * r->searched));
    else
        fprintf(out,
                "guarantee: given independent replications, a roster with an SLA at most "
                "target - d is called 'met' with probability at most %s (beta), and a roster "
                "whose every SLA is at least target + d is called 'missed' with probability "
                "at most %s (alpha); within d of a target either verdict may come (d = %s, "
                "or as narrowed above).\n",
                pct_short(b, sizeof b, o->beta), pct_short(a, sizeof a, o->alpha),
                points_w(dl, sizeof dl, o->delta));
    if (r->answer < 0)
        return;
    /* the rosters one person smaller than the answer, decided missed */
    const cand *ans = size_at(r, r->answer);
    int k = 0, tried = 0;
    for (int q = 0; q < r->nd; q++) {
        const cand *c = size_at(r, q);
        int diff = 0, down = 0;
        for (int i = 0; i < r->nroles; i++)
            if (c->staff[i] != ans->staff[i]) {
                diff++;
                down = c->staff[i] == ans->staff[i] - 1;
            }
        if (diff == 1 && down) {
            tried++;
            k += c->verdict == SIZE_MISSED;
        }
    }
    double met_err = o->epsilon > 0 ? o->alpha / 2 : o->beta;
    double miss_err = o->epsilon > 0 ? o->alpha / 2 * r->searched : o->alpha;
    if (tried == 0)
        fputs("the answer rests on its own verdict: every role is at its lower bound or its "
              "minimum, so no smaller roster was tried; ",
              out);
    else
        fprintf(out,
                "the answer rests on %d %s: its own 'met' and the 'missed' of %d %s one "
                "person smaller; ",
                k + 1, plural(k + 1, "verdict", "verdicts"), k,
                plural(k, "roster", "rosters"));
    if (k == 0)
        fprintf(out, "it is wrong with probability at most %s.\n", pct_short(a, sizeof a, met_err));
    else
        fprintf(out,
                "all are right with probability at least %s (union bound: 1 - %s - %d x %s).\n",
                pct_short(g, sizeof g, fmax(0, 1 - met_err - k * miss_err)),
                pct_short(a, sizeof a, met_err), k, pct_short(b, sizeof b, miss_err));
    fputs("not guaranteed: that no cheaper roster exists.  With one role and attainment "
          "rising with staff, every smaller count in range was judged not met; with several "
          "roles the greedy search stops where no single person can be removed (a local "
          "minimum), which a roster trading people between roles may beat.\n",
          out);
}

/* "rzm=3, ifo=2 (5 people)": a candidate's staff and objective. */
static void put_candidate(const size_result *r, const cand *c, FILE *out)
{
    put_staff(r, c->staff, ", ", out);
    fputs(" (", out);
    put_objective(r, c, out);
    fputc(')', out);
}

static void put_answer(const size_result *r, FILE *out)
{
    const size_options *o = &r->opt;
    char t[UNITS_BUF];
    if (r->searched == 0) {
        fputs("no staffing meets every SLA: none is within staffing's reach (see the ceiling "
              "above), so no staffing was searched\n",
              out);
        return;
    }
    const char *what = r->searched == r->nsla ? "every SLA" : "the SLAs staffing can reach (";
    if (r->answer >= 0) {
        const cand *c = size_at(r, r->answer);
        fprintf(out, "%s roster meeting %s", o->objective == SIZE_COST ? "cheapest" : "smallest",
                what);
        if (r->searched < r->nsla)
            for (int j = 0, k = 0; j < r->nsla; j++)
                if (r->ceil[j].reach == SIZE_REACHABLE) {
                    fprintf(out, "%s%s", k ? ", " : "", r->sla_id[j]);
                    if (++k == r->searched)
                        fputc(')', out);
                }
        fputs(": ", out);
        put_candidate(r, c, out);
        fputc('\n', out);
        for (int q = 0; q < r->nd; q++)
            if (size_at(r, q)->verdict == SIZE_INCONCLUSIVE &&
                size_at(r, q)->objective < c->objective) {
                fputs("note: ", out);
                put_staff(r, size_at(r, q)->staff, ", ", out);
                fputs(" was inconclusive (an SLA within d of its target): it may meet them "
                      "too\n",
                      out);
            }
    } else {
        const cand *c = size_at(r, r->best);
        fprintf(out, "no staffing in range meets %s", r->searched == r->nsla ? "every SLA" : "the SLAs staffing can reach");
        fputs("; best found: ", out);
        put_candidate(r, c, out);
        for (int j = 0; j < r->nsla; j++)
            if (r->ceil[j].reach == SIZE_REACHABLE && c->fig[j].verdict != SIZE_MET) {
                char a[UNITS_BUF];
                if (isnan(c->fig[j].lo))
                    pct(a, sizeof a, c->fig[j].attainment);
                else
                    units_percent_ci(a, sizeof a, c->fig[j].attainment, c->fig[j].lo,
                                     c->fig[j].hi);
                fprintf(out, "; %s %s", r->sla_id[j], a);
                fprintf(out, " against target %s", pct_short(t, sizeof t, r->target[j]));
            }
        fputc('\n', out);
    }
    for (int j = 0; j < r->nsla; j++)
        if (r->ceil[j].reach != SIZE_REACHABLE)
            fprintf(out, "%s is beyond staffing (see the ceiling above): no roster meets it\n",
                    r->sla_id[j]);
}

void size_result_print(const size_result *r, FILE *out)
{
    put_header(r, out);
    put_ceiling(r, out);
    if (r->searched > 0) {
        put_bounds(r, out);
        put_table(r, out);
    }
    put_answer(r, out);
    fputc('\n', out);
    put_guarantee(r, out);
}

int size_result_write_csv(const size_result *r, FILE *out)
{
    csv_writer w = csv_on(out);
    for (int i = 0; i < r->nroles; i++)
        csv_text(&w, r->role_id[i]);
    csv_names(&w, "headcount,cost_per_hour");
    static const char *const cols[] = {"attainment", "lo", "hi", "verdict", "target", "tested"};
    for (int j = 0; j < r->nsla; j++)
        for (int k = 0; k < 6; k++)
            csv_textf(&w, "%s_%s", r->sla_id[j], cols[k]);
    csv_names(&w, "verdict,replications,answer");
    csv_end(&w);
    for (int q = 0; q < r->nd; q++) {
        const cand *c = size_at(r, q);
        for (int i = 0; i < r->nroles; i++)
            csv_int(&w, c->staff[i]);
        csv_int(&w, size_headcount(r, c->staff));
        double cost = 0;
        for (int i = 0; i < r->nroles; i++)
            cost += c->staff[i] * r->cost[i] * r->wf[i];
        csv_num(&w, cost, 6);
        for (int j = 0; j < r->nsla; j++) {
            const size_sla_figures *f = &c->fig[j];
            csv_num(&w, f->attainment, 6);
            csv_num(&w, f->lo, 6);
            csv_num(&w, f->hi, 6);
            csv_text(&w, size_verdict_name(f->verdict));
            csv_num(&w, r->target[j], 6);
            csv_int(&w, f->tested);
        }
        csv_text(&w, size_verdict_name(c->verdict));
        csv_int(&w, c->used);
        csv_int(&w, q == r->answer);
        csv_end(&w);
    }
    return csv_done(&w);
}
