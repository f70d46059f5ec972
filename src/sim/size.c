/*
 * size: the staffing search of `flowmc size` -- the ceiling (every sized
 * role unlimited) and its probes, then analytic start, greedy growth that
 * skips roles which stopped mattering, and removal -- with every candidate
 * decided by SPRT (or by the Hoeffding estimate) on replication-level
 * attainments.  The report and CSV table are in size_report.c, the gnuplot
 * figure in size_plot.c.  See size.h for the method.
 */
#include "size.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "compare.h"
#include "size_int.h"
#include "sprt.h"

typedef struct search {
    size_result *r;
    size_eval_fn eval;
    void *user;
    diag_list *d;
    int failed;
} search;

const char *size_verdict_name(size_verdict v)
{
    static const char *const names[] = {"met", "missed", "inconclusive", "undecided"};
    assert(v >= SIZE_MET && v <= SIZE_UNDECIDED);
    return names[v];
}

void size_options_init(size_options *o)
{
    memset(o, 0, sizeof *o);
    o->objective = SIZE_HEADCOUNT;
    o->alpha = 0.05;
    o->beta = 0.05;
    o->delta = 0.01;
    o->epsilon = 0;
    o->max_replications = 0;
    o->batch = 8;
}

double size_sla_delta(double target, double delta)
{
    double room = fmin(1 - target, target) / 2;
    return delta < room ? delta : room;
}

/* ---- candidates ------------------------------------------------------- */

static double objective_of(const size_result *r, const int *staff)
{
    double v = 0;
    for (int i = 0; i < r->nroles; i++) {
        if (staff[i] < 0)
            return INFINITY; /* the ceiling: never in the table */
        v += r->opt.objective == SIZE_COST ? staff[i] * r->cost[i] * r->wf[i] : staff[i];
    }
    return v;
}

/* The candidate for staff with probes applied, created undecided when new.
 * Returns its index: pointers into r->c move when it grows. */
static int get(size_result *r, const int *staff, unsigned probes)
{
    for (int i = 0; i < r->nc; i++)
        if (r->c[i].probes == probes &&
            memcmp(r->c[i].staff, staff, (size_t)r->nroles * sizeof *staff) == 0)
            return i;
    cand *c = ALLOC_PUSH(r->c, r->nc);
    memset(c, 0, sizeof *c);
    c->staff = alloc_zero((size_t)r->nroles, sizeof *c->staff);
    memcpy(c->staff, staff, (size_t)r->nroles * sizeof *staff);
    c->probes = probes;
    c->objective = objective_of(r, staff);
    c->nextbatch = r->opt.batch;
    c->verdict = SIZE_UNDECIDED;
    c->fig = alloc_zero((size_t)r->nsla, sizeof *c->fig);
    return r->nc - 1;
}

/* Simulates candidate ci up to at least n replications (at most
 * n + batch - 1, and never past limit when limit > 0). */
static int extend(search *s, int ci, long n, long limit)
{
    size_result *r = s->r;
    cand *c = &r->c[ci];
    while (!s->failed && c->nsim < n) {
        long r1 = c->nsim + c->nextbatch;
        if (r1 < n)
            r1 = n;
        if (limit > 0 && r1 > limit)
            r1 = limit > n ? limit : n;
        if (r1 > c->room) {
            c->room = r1 > 2 * c->room ? r1 : 2 * c->room;
            c->measured = alloc_resize(c->measured, (size_t)c->room * r->nsla, sizeof(long));
            c->within = alloc_resize(c->within, (size_t)c->room * r->nsla, sizeof(long));
        }
        size_t off = (size_t)c->nsim * r->nsla;
        r->batches++;
        if (s->eval(s->user, c->staff, c->probes, (int)c->nsim, (int)r1, c->measured + off,
                    c->within + off, s->d) != 0) {
            s->failed = 1;
            break;
        }
        for (long k = c->nsim; k < r1; k++)
            for (int j = 0; j < r->nsla; j++) {
                long m = c->measured[k * r->nsla + j], w = c->within[k * r->nsla + j];
                if (m < 0 || w < 0 || w > m) {
                    diag_add(s->d, DIAG_ERROR, "size-eval", NULL, 0, r->sla_id[j], NULL,
                             "replication %ld reports %ld of %ld cases within the limit", k,
                             w, m);
                    s->failed = 1;
                }
            }
        r->simulated += r1 - c->nsim;
        c->nsim = r1;
        if (c->nextbatch < 8 * r->opt.batch)
            c->nextbatch *= 2;
    }
    return s->failed ? -1 : 0;
}

/* Attainment of replication k for SLA j; NAN when it measured no case. */
static double att(const size_result *r, const cand *c, long k, int j)
{
    long m = c->measured[k * r->nsla + j];
    return m > 0 ? (double)c->within[k * r->nsla + j] / m : NAN;
}

static double *series(const size_result *r, const cand *c, long n, int j)
{
    double *x = alloc_zero((size_t)(n > 0 ? n : 1), sizeof *x);
    for (long k = 0; k < n; k++)
        x[k] = att(r, c, k, j);
    return x;
}

/* Mean over the first n replications; NAN when none measured a case. */
static double mean_att(const size_result *r, const cand *c, long n, int j)
{
    double sum = 0;
    long used = 0;
    for (long k = 0; k < n; k++) {
        double a = att(r, c, k, j);
        if (!isnan(a)) {
            sum += a;
            used++;
        }
    }
    return used ? sum / used : NAN;
}

static int searched(const size_result *r, int j)
{
    return r->ceil[j].reach == SIZE_REACHABLE;
}

/* How close to every target staffing can reach, on the first n
 * replications: sum over those SLAs of min(attainment, target), an
 * unmeasured SLA counting 0. */
static double score(const size_result *r, const cand *c, long n)
{
    double v = 0;
    for (int j = 0; j < r->nsla; j++) {
        if (!searched(r, j))
            continue;
        double a = mean_att(r, c, n, j);
        v += isnan(a) ? 0 : fmin(a, r->target[j]);
    }
    return v;
}

/* The verdict an interval gives against a target: met when wholly at or
 * above it, missed when wholly below, else inconclusive. */
static size_verdict from_interval(double lo, double hi, double target)
{
    if (!isnan(lo) && lo >= target)
        return SIZE_MET;
    if (!isnan(hi) && hi < target)
        return SIZE_MISSED;
    return SIZE_INCONCLUSIVE;
}

/* Attainment and Student-t 95% interval of SLA j over the first n
 * replications of c; the verdict read from the interval (tested = 0). */
static void t_figures(const size_result *r, const cand *c, long n, int j, size_sla_figures *f)
{
    double *x = series(r, c, n, j);
    f->used = compare_mean_ci(x, (int)n, 0.95, &f->attainment, &f->lo, &f->hi);
    free(x);
    if (!isnan(f->lo)) {
        f->lo = fmax(f->lo, 0);
        f->hi = fmin(f->hi, 1);
    }
    f->verdict = from_interval(f->lo, f->hi, r->target[j]);
    f->tested = 0;
}

static size_verdict of_sprt(sprt_decision d)
{
    return d == SPRT_MET ? SIZE_MET : d == SPRT_MISSED ? SIZE_MISSED : SIZE_INCONCLUSIVE;
}

static void decide_sprt(search *s, int ci)
{
    size_result *r = s->r;
    sprt *t = alloc_zero((size_t)r->nsla, sizeof *t);
    for (int j = 0; j < r->nsla; j++)
        sprt_init(&t[j], r->target[j], r->delta[j], r->opt.alpha / r->nsla, r->opt.beta);
    size_verdict v = SIZE_INCONCLUSIVE;
    long used = r->cap;
    for (long k = 0; k < r->cap; k++) {
        if (extend(s, ci, k + 1, r->cap) != 0)
            break;
        const cand *c = &r->c[ci];
        int met = 0, missed = 0;
        for (int j = 0; j < r->nsla; j++) {
            if (!searched(r, j))
                continue;
            double a = att(r, c, k, j);
            sprt_decision dj = isnan(a) ? t[j].decision : sprt_add(&t[j], a);
            met += dj == SPRT_MET;
            missed += dj == SPRT_MISSED;
        }
        if (missed || met == r->searched) {
            v = missed ? SIZE_MISSED : SIZE_MET;
            used = k + 1;
            break;
        }
    }
    cand *c = &r->c[ci];
    c->verdict = v;
    c->used = used;
    for (int j = 0; j < r->nsla && !s->failed; j++) {
        size_sla_figures *f = &c->fig[j];
        t_figures(r, c, used, j, f);
        /* an SLA left undecided because another was missed shows what
         * its interval says; a truncated test is the test's inconclusive */
        if (searched(r, j) && (t[j].decision != SPRT_UNDECIDED || v == SIZE_INCONCLUSIVE)) {
            f->verdict = of_sprt(t[j].decision);
            f->tested = 1;
        }
    }
    free(t);
}

/* Hoeffding figures of SLA j over the first n replications. */
static void hoeffding_figures(const size_result *r, const cand *c, long n, int j,
                              size_sla_figures *f)
{
    double sum = 0;
    f->used = 0;
    for (long k = 0; k < n; k++) {
        double a = att(r, c, k, j);
        if (!isnan(a)) {
            sum += a;
            f->used++;
        }
    }
    f->attainment = f->lo = f->hi = NAN;
    if (f->used) {
        /* the Hoeffding half-width for the replications that measured */
        double eps = sqrt(log(2 / r->opt.alpha) / (2.0 * f->used));
        f->attainment = sum / f->used;
        f->lo = fmax(f->attainment - eps, 0);
        f->hi = fmin(f->attainment + eps, 1);
        /* the unclipped ends decide */
        f->verdict = from_interval(f->attainment - eps, f->attainment + eps, r->target[j]);
    } else {
        f->verdict = SIZE_INCONCLUSIVE;
    }
    f->tested = 1;
}

static void decide_estimate(search *s, int ci)
{
    size_result *r = s->r;
    long n = sprt_hoeffding_n(r->opt.epsilon, r->opt.alpha);
    if (extend(s, ci, n, n) != 0)
        return;
    cand *c = &r->c[ci];
    c->used = n;
    int met = 0, missed = 0;
    for (int j = 0; j < r->nsla; j++) {
        size_sla_figures *f = &c->fig[j];
        hoeffding_figures(r, c, n, j, f);
        if (!searched(r, j)) {
            f->tested = 0;
            continue;
        }
        met += f->verdict == SIZE_MET;
        missed += f->verdict == SIZE_MISSED;
    }
    c->verdict = missed ? SIZE_MISSED : met == r->searched ? SIZE_MET : SIZE_INCONCLUSIVE;
}

static const cand *decide(search *s, const int *staff)
{
    int ci = get(s->r, staff, 0);
    if (s->r->c[ci].verdict == SIZE_UNDECIDED && !s->failed) {
        if (s->r->opt.epsilon > 0)
            decide_estimate(s, ci);
        else
            decide_sprt(s, ci);
    }
    return &s->r->c[ci];
}

/* ---- the ceiling ------------------------------------------------------ */

/* First stage of the ceiling: enough replications for a standard
 * deviation, whatever the batch size. */
#define CEIL_N0 32

/* The staff of role i at the ceiling. */
static int ceiling_of(const size_result *r, int i)
{
    return r->kind[i] == SIZE_QUEUE ? SIZE_UNLIMITED : r->max[i];
}

/* Replications for a 95% interval of half-width delta / 2 on every SLA
 * the test has not decided after the first stage (Stein's two-stage
 * rule: n = (t s / h)^2 with s from the first n0). */
static long second_stage(const size_result *r, const cand *c, long n0, const sprt *t)
{
    long n = n0;
    double tq = gsl_cdf_tdist_Pinv(0.975, (double)(n0 - 1));
    for (int j = 0; j < r->nsla; j++) {
        if (t[j].decision != SPRT_UNDECIDED)
            continue;
        double sum = 0, sum2 = 0;
        long m = 0;
        for (long k = 0; k < n0; k++) {
            double a = att(r, c, k, j);
            if (!isnan(a)) {
                sum += a;
                sum2 += a * a;
                m++;
            }
        }
        if (m < 2)
            continue;
        double var = (sum2 - sum * sum / m) / (m - 1);
        double h = r->delta[j] / 2;
        double nj = ceil(tq * tq * fmax(var, 0) / (h * h));
        if (nj > n)
            n = nj > (double)r->cap ? r->cap : (long)nj;
    }
    return n;
}

/* Tests every SLA on its own with every sized role at its ceiling.  Each
 * SPRT runs until it decides or the truncation, except that after the
 * second stage (a 95% interval of +-delta/2 on each SLA still open) an SLA
 * whose interval's upper end is below target + delta stops there: the
 * test could never call any staffing met on it.  An SLA the test calls
 * met is searched for; one it calls missed, or whose interval lies below
 * the target, is out of reach; any other is at the edge. */
static void ceiling(search *s, int *staff)
{
    size_result *r = s->r;
    for (int i = 0; i < r->nroles; i++)
        staff[i] = ceiling_of(r, i);
    int ci = get(r, staff, 0);
    r->ceil_cand = ci;
    long used;
    sprt *t = alloc_zero((size_t)r->nsla, sizeof *t);
    int *closed = alloc_zero((size_t)r->nsla, sizeof *closed);
    if (r->opt.epsilon > 0) {
        used = sprt_hoeffding_n(r->opt.epsilon, r->opt.alpha);
        extend(s, ci, used, used);
    } else {
        for (int j = 0; j < r->nsla; j++)
            sprt_init(&t[j], r->target[j], r->delta[j], r->opt.alpha / r->nsla, r->opt.beta);
        long n0 = CEIL_N0 < r->cap ? CEIL_N0 : r->cap, n2 = r->cap, k;
        int open = r->nsla;
        for (k = 0; k < r->cap && open && !s->failed; k++) {
            if (extend(s, ci, k + 1, 0) != 0)
                break;
            open = 0;
            for (int j = 0; j < r->nsla; j++) {
                double a = att(r, &r->c[ci], k, j);
                if (!isnan(a) && !closed[j])
                    sprt_add(&t[j], a);
                closed[j] |= t[j].decision != SPRT_UNDECIDED;
            }
            if (k + 1 == n0)
                n2 = second_stage(r, &r->c[ci], n0, t);
            if (k + 1 == n2)
                for (int j = 0; j < r->nsla; j++) {
                    size_sla_figures f;
                    t_figures(r, &r->c[ci], k + 1, j, &f);
                    closed[j] |= f.used == 0 || f.hi < r->target[j] + r->delta[j];
                }
            for (int j = 0; j < r->nsla; j++)
                open += !closed[j];
        }
        used = k;
    }
    free(closed);
    r->ceil_used = used;
    r->searched = 0;
    for (int j = 0; j < r->nsla && !s->failed; j++) {
        size_ceiling *x = &r->ceil[j];
        x->replications = used;
        if (r->opt.epsilon > 0) {
            hoeffding_figures(r, &r->c[ci], used, j, &x->fig);
        } else {
            t_figures(r, &r->c[ci], used, j, &x->fig);
            if (t[j].decision != SPRT_UNDECIDED) {
                x->fig.verdict = of_sprt(t[j].decision);
                x->fig.tested = 1;
            }
        }
        const size_sla_figures *f = &x->fig;
        if (f->used == 0 || f->verdict == SIZE_MISSED)
            x->reach = SIZE_OUT_OF_REACH;
        else if (f->verdict == SIZE_MET && f->tested)
            x->reach = SIZE_REACHABLE;
        else
            x->reach = SIZE_AT_EDGE; /* no staffing could do better than
                                      * the ceiling, which the test (or
                                      * the estimate) cannot call met */
        r->searched += x->reach == SIZE_REACHABLE;
    }
    free(t);
}

/* What binds an SLA out of reach: each probe alone, then all together, at
 * the ceiling on the ceiling's replications (common random numbers: the
 * one change is the only difference). */
static void probes(search *s, int *staff)
{
    size_result *r = s->r;
    if (r->searched == r->nsla || r->nprobes == 0)
        return;
    for (int q = 0; q < r->nprobe_runs && !s->failed; q++) {
        unsigned mask = q < r->nprobes ? 1u << q : (1u << r->nprobes) - 1;
        int pi = get(r, staff, mask);
        if (extend(s, pi, r->ceil_used, r->ceil_used) != 0)
            break;
        const cand *c = &r->c[pi], *base = &r->c[r->ceil_cand];
        for (int j = 0; j < r->nsla; j++) {
            size_probe_figures *pf = &r->pf[j * r->nprobe_runs + q];
            pf->defined = 1;
            if (r->opt.epsilon > 0) {
                hoeffding_figures(r, c, r->ceil_used, j, &pf->fig);
                pf->fig.tested = 0;
            } else {
                t_figures(r, c, r->ceil_used, j, &pf->fig);
            }
            double *a = series(r, base, r->ceil_used, j), *b = series(r, c, r->ceil_used, j);
            compare_paired_ci(a, b, (int)r->ceil_used, 0.95, &pf->diff, &pf->lo, &pf->hi);
            free(a);
            free(b);
            pf->lifts = !isnan(pf->lo) && pf->lo > 0;
        }
    }
}

/* ---- the search ------------------------------------------------------- */

#define RANK_MIN 8

/* Utilisation of role i at staff n: offered / (n x working fraction). */
static double load(const size_result *r, int i, int n)
{
    return n > 0 ? r->offered[i] / (n * r->wf[i]) : INFINITY;
}

/* Whether some SLA staffing can reach and cur does not clearly meet
 * (mean below target + delta) would rise by delta / 2 or more with u
 * instead of cur: the upper end of the paired 95% interval of u - cur on
 * the first n replications. */
static int moves(const size_result *r, const cand *cur, const cand *u, long n)
{
    for (int j = 0; j < r->nsla; j++) {
        if (!searched(r, j))
            continue;
        double m = mean_att(r, cur, n, j);
        if (!isnan(m) && m >= r->target[j] + r->delta[j])
            continue;
        double *a = series(r, cur, n, j), *b = series(r, u, n, j), diff, lo, hi;
        int pairs = compare_paired_ci(a, b, (int)n, 0.95, &diff, &lo, &hi);
        free(a);
        free(b);
        if (pairs < 2 || isnan(hi) || hi >= r->delta[j] / 2)
            return 1;
    }
    return 0;
}

/* One step up from cur, which is not met: the role whose next person
 * raises the score most per unit of objective, measured on the same
 * replications as cur (common random numbers make the comparison sharp),
 * among the roles that still matter (moves: the role at its ceiling, the
 * others as in cur).  Ties -- a plateau where no single person helps yet
 * -- go to the cheaper step, then the busier role, then the role grown
 * least, then the earlier.  Neighbours are only ranked here; the caller
 * decides the chosen one.  Returns 0 when no role can grow or every one
 * that could has stopped mattering (then r->stuck is set). */
static int grow(search *s, const int *cur, int *next)
{
    size_result *r = s->r;
    int n = r->nroles, chosen = -1, open = 0;
    int *y = alloc_zero((size_t)n, sizeof *y);
    int bi = get(r, cur, 0);
    /* never fewer than RANK_MIN replications, and never tied to the batch
     * size: the path must not depend on how the work was split */
    long common = r->c[bi].used > RANK_MIN ? r->c[bi].used : RANK_MIN;
    double s0 = 0, bgain = 0, bcost = 0;
    if (extend(s, bi, common, common) == 0)
        s0 = score(r, &r->c[bi], common);
    for (int i = 0; i < n && !s->failed; i++) {
        if (cur[i] >= r->max[i])
            continue;
        open++;
        memcpy(y, cur, (size_t)n * sizeof *y);
        y[i] = ceiling_of(r, i);
        int ui = get(r, y, 0);
        if (extend(s, ui, common, common) != 0)
            break;
        if (!moves(r, &r->c[bi], &r->c[ui], common)) {
            r->sat[i] = cur[i];
            continue;
        }
        r->sat[i] = -1;
        y[i] = cur[i] + 1;
        int ci = get(r, y, 0);
        if (extend(s, ci, common, common) != 0)
            break;
        const cand *c = &r->c[ci];
        double cost = c->objective - objective_of(r, cur);
        double gain = (score(r, c, common) - s0) / (cost > 0 ? cost : 1e-12);
        int better;
        if (chosen < 0 || fabs(gain - bgain) > 1e-12)
            better = chosen < 0 || gain > bgain;
        else if (cost != bcost)
            better = cost < bcost;
        else if (load(r, i, cur[i]) != load(r, chosen, cur[chosen]))
            better = load(r, i, cur[i]) > load(r, chosen, cur[chosen]);
        else
            better = cur[i] - r->start[i] < cur[chosen] - r->start[chosen];
        if (better) {
            chosen = i;
            bgain = gain;
            bcost = cost;
        }
    }
    if (chosen >= 0) {
        memcpy(next, cur, (size_t)n * sizeof *next);
        next[chosen]++;
    } else if (open && !s->failed) {
        r->stuck = 1;
    }
    free(y);
    return chosen >= 0 && !s->failed;
}

/* One step down from cur, which is met: the first role, most expensive
 * first, whose removal keeps every SLA met.  Returns 0 when none. */
static int shrink(search *s, const int *cur, int *next)
{
    size_result *r = s->r;
    int n = r->nroles;
    int *byc = alloc_zero((size_t)n, sizeof *byc);
    for (int i = 0; i < n; i++)
        byc[i] = i;
    /* stable insertion sort by cost, descending */
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0; k--) {
            double ca = r->opt.objective == SIZE_COST ? r->cost[byc[k - 1]] * r->wf[byc[k - 1]] : 1;
            double cb = r->opt.objective == SIZE_COST ? r->cost[byc[k]] * r->wf[byc[k]] : 1;
            if (cb <= ca)
                break;
            int t = byc[k];
            byc[k] = byc[k - 1];
            byc[k - 1] = t;
        }
    int done = 0;
    for (int q = 0; q < n && !done && !s->failed; q++) {
        int i = byc[q];
        if (cur[i] - 1 < r->start[i])
            continue;
        memcpy(next, cur, (size_t)n * sizeof *next);
        next[i]--;
        done = decide(s, next)->verdict == SIZE_MET;
    }
    free(byc);
    return done && !s->failed;
}

static int check_input(const size_problem *p, const size_options *o, diag_list *d)
{
    int bad = 0;
    char why[128];
    if (p->nsla < 1) {
        diag_add(d, DIAG_ERROR, "size-no-sla", NULL, 0, NULL, NULL,
                 "the scenario has no sla: there is nothing to size for");
        bad = 1;
    }
    if (p->nroles < 1) {
        diag_add(d, DIAG_ERROR, "size-no-role", NULL, 0, NULL, NULL, "no role to size");
        bad = 1;
    }
    assert(p->nprobes >= 0 && p->nprobes <= SIZE_MAX_PROBES && p->eval);
    for (int i = 0; i < p->nroles; i++) {
        const size_role *x = &p->roles[i];
        if (x->min < 0 || x->min > x->max) {
            diag_add(d, DIAG_ERROR, "size-range", NULL, 0, x->id, NULL,
                     "role %s: the range %d..%d is empty (min must be at most max, and not "
                     "negative)",
                     x->id, x->min, x->max);
            bad = 1;
        }
        if (!(x->working_fraction > 0 && x->working_fraction <= 1) || !(x->offered >= 0)) {
            diag_add(d, DIAG_ERROR, "size-role", NULL, 0, x->id, NULL,
                     "role %s: working fraction %.4f or offered load %.4f out of range", x->id,
                     x->working_fraction, x->offered);
            bad = 1;
        }
        if (o->objective == SIZE_COST && x->kind == SIZE_QUEUE && !(x->cost >= 0)) {
            diag_add(d, DIAG_ERROR, "size-no-cost", NULL, 0, x->id, NULL,
                     "role %s has no cost-per-hour: the cost objective needs one for every "
                     "role sized",
                     x->id);
            bad = 1;
        }
    }
    if (!(o->delta > 0 && o->delta < 0.5)) {
        diag_add(d, DIAG_ERROR, "size-options", NULL, 0, NULL, NULL,
                 "delta must be in (0, 0.5), not %.4f", o->delta);
        return -1;
    }
    for (int j = 0; j < p->nsla; j++) {
        double dj = size_sla_delta(p->slas[j].target, o->delta);
        if (sprt_check(p->slas[j].target, dj, o->alpha, o->beta, why, sizeof why) != 0) {
            diag_add(d, DIAG_ERROR, "size-options", NULL, 0, p->slas[j].id, NULL, "%s", why);
            bad = 1;
            break;
        }
    }
    assert(o->batch >= 1 && o->max_replications >= 0);
    if (o->epsilon < 0 || o->epsilon >= 0.5) {
        diag_add(d, DIAG_ERROR, "size-options", NULL, 0, NULL, NULL,
                 "epsilon must be in (0, 0.5)");
        bad = 1;
    }
    return bad ? -1 : 0;
}

static const size_result *sort_ctx;

static int by_objective(const void *pa, const void *pb)
{
    const size_result *r = sort_ctx;
    const cand *a = &r->c[*(const int *)pa], *b = &r->c[*(const int *)pb];
    if (a->objective != b->objective)
        return a->objective < b->objective ? -1 : 1;
    for (int i = 0; i < r->nroles; i++)
        if (a->staff[i] != b->staff[i])
            return a->staff[i] < b->staff[i] ? -1 : 1;
    return 0;
}

static size_result *result_new(const size_problem *p, const size_options *o)
{
    int nroles = p->nroles, nsla = p->nsla;
    size_result *r = alloc_zero(1, sizeof *r);
    r->nroles = nroles;
    r->nsla = nsla;
    r->opt = *o;
    r->role_id = alloc_zero((size_t)nroles, sizeof(char *));
    r->kind = alloc_zero((size_t)nroles, sizeof(size_kind));
    r->min = alloc_zero((size_t)nroles, sizeof(int));
    r->max = alloc_zero((size_t)nroles, sizeof(int));
    r->start = alloc_zero((size_t)nroles, sizeof(int));
    r->sat = alloc_zero((size_t)nroles, sizeof(int));
    r->offered = alloc_zero((size_t)nroles, sizeof(double));
    r->wf = alloc_zero((size_t)nroles, sizeof(double));
    r->cost = alloc_zero((size_t)nroles, sizeof(double));
    r->lb = alloc_zero((size_t)nroles, sizeof(double));
    for (int i = 0; i < nroles; i++) {
        const size_role *x = &p->roles[i];
        r->role_id[i] = alloc_strdup(x->id);
        r->kind[i] = x->kind;
        r->min[i] = x->min;
        r->max[i] = x->max;
        r->sat[i] = -1;
        r->offered[i] = x->kind == SIZE_QUEUE ? x->offered : 0;
        r->wf[i] = x->working_fraction;
        /* nobody is paid for being on a list */
        r->cost[i] = x->kind == SIZE_QUEUE ? x->cost : 0;
        r->lb[i] = r->offered[i] / x->working_fraction;
        /* the smallest staff strictly above the bound: at the bound itself
         * the queue is only null-recurrent */
        int stable = r->offered[i] > 0 ? (int)floor(r->lb[i]) + 1 : 0;
        int st = stable > x->min ? stable : x->min;
        r->start[i] = st < x->max ? st : x->max;
    }
    r->sla_id = alloc_zero((size_t)nsla, sizeof(char *));
    r->target = alloc_zero((size_t)nsla, sizeof(double));
    r->delta = alloc_zero((size_t)nsla, sizeof(double));
    r->ceil = alloc_zero((size_t)nsla, sizeof *r->ceil);
    r->cap = o->max_replications;
    for (int j = 0; j < nsla; j++) {
        r->sla_id[j] = alloc_strdup(p->slas[j].id);
        r->target[j] = p->slas[j].target;
        r->delta[j] = size_sla_delta(r->target[j], o->delta);
        long f = 2 * sprt_fixed_n(r->target[j], r->delta[j], o->alpha / nsla, o->beta);
        if (o->max_replications == 0 && f > r->cap)
            r->cap = f;
    }
    if (r->cap < 2)
        r->cap = 2;
    r->nprobes = p->nprobes;
    r->nprobe_runs = p->nprobes + (p->nprobes >= 2);
    r->probe = alloc_zero((size_t)r->nprobe_runs + 1, sizeof(char *));
    for (int q = 0; q < p->nprobes; q++)
        r->probe[q] = alloc_strdup(p->probes[q]);
    if (p->nprobes >= 2)
        r->probe[p->nprobes] = alloc_strdup("all of them together");
    r->pf = alloc_zero((size_t)nsla * (size_t)(r->nprobe_runs + 1), sizeof *r->pf);
    r->answer = r->best = r->ceil_cand = -1;
    return r;
}

size_result *size_run(const size_problem *p, const size_options *o, diag_list *d)
{
    if (check_input(p, o, d) != 0)
        return NULL;
    size_result *r = result_new(p, o);
    int nroles = p->nroles, nsla = p->nsla;
    search s = {r, p->eval, p->user, d, 0};
    int *cur = alloc_zero((size_t)nroles, sizeof *cur), *next = alloc_zero((size_t)nroles, sizeof *next);
    ceiling(&s, cur);
    probes(&s, cur);
    if (r->searched > 0 && !s.failed) {
        memcpy(cur, r->start, (size_t)nroles * sizeof *cur);
        int met = decide(&s, cur)->verdict == SIZE_MET;
        while (!met && !s.failed && grow(&s, cur, next)) {
            memcpy(cur, next, (size_t)nroles * sizeof *cur);
            met = decide(&s, cur)->verdict == SIZE_MET;
        }
        while (met && !s.failed && shrink(&s, cur, next))
            memcpy(cur, next, (size_t)nroles * sizeof *cur);
        if (met && !s.failed)
            r->answer = get(r, cur, 0);
    }
    free(cur);
    free(next);
    if (s.failed) {
        size_result_free(r);
        return NULL;
    }

    r->order = alloc_zero((size_t)r->nc + 1, sizeof *r->order);
    for (int i = 0; i < r->nc; i++)
        if (r->c[i].verdict != SIZE_UNDECIDED)
            r->order[r->nd++] = i;
    sort_ctx = r;
    qsort(r->order, (size_t)r->nd, sizeof *r->order, by_objective);
    sort_ctx = NULL;
    /* best: the answer, else the closest to every target staffing can
     * reach (then cheapest) */
    double bestscore = -INFINITY;
    for (int q = 0; q < r->nd; q++) {
        int i = r->order[q];
        if (r->answer >= 0) {
            if (i == r->answer)
                r->best = q;
            continue;
        }
        double v = 0;
        for (int j = 0; j < nsla; j++)
            if (searched(r, j) && !isnan(r->c[i].fig[j].attainment))
                v += fmin(r->c[i].fig[j].attainment, r->target[j]);
        if (v > bestscore) {
            bestscore = v;
            r->best = q;
        }
    }
    if (r->answer >= 0)
        r->answer = r->best;
    return r;
}

void size_result_free(size_result *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->nc; i++) {
        free(r->c[i].staff);
        free(r->c[i].measured);
        free(r->c[i].within);
        free(r->c[i].fig);
    }
    free(r->c);
    free(r->order);
    for (int i = 0; i < r->nroles; i++)
        free(r->role_id[i]);
    for (int j = 0; j < r->nsla; j++)
        free(r->sla_id[j]);
    for (int q = 0; q < r->nprobe_runs; q++)
        free(r->probe[q]);
    free(r->probe);
    free(r->pf);
    free(r->role_id);
    free(r->kind);
    free(r->min);
    free(r->max);
    free(r->start);
    free(r->sat);
    free(r->offered);
    free(r->wf);
    free(r->cost);
    free(r->lb);
    free(r->sla_id);
    free(r->target);
    free(r->delta);
    free(r->ceil);
    free(r);
}

/* ---- accessors (candidates in table order) ---------------------------- */

int size_result_role_count(const size_result *r) { return r->nroles; }

int size_result_sla_count(const size_result *r) { return r->nsla; }

const size_options *size_result_options(const size_result *r) { return &r->opt; }

double size_result_lower_bound(const size_result *r, int role)
{
    assert(role >= 0 && role < r->nroles);
    return r->lb[role];
}

int size_result_start(const size_result *r, int role)
{
    assert(role >= 0 && role < r->nroles);
    return r->start[role];
}

int size_result_saturated_at(const size_result *r, int role)
{
    assert(role >= 0 && role < r->nroles);
    return r->sat[role];
}

void size_result_ceiling(const size_result *r, int sla, size_ceiling *out)
{
    assert(sla >= 0 && sla < r->nsla);
    *out = r->ceil[sla];
}

int size_result_all_reachable(const size_result *r) { return r->searched == r->nsla; }

int size_result_probe_count(const size_result *r) { return r->nprobes; }

void size_result_probe(const size_result *r, int sla, int probe, size_probe_figures *out)
{
    assert(sla >= 0 && sla < r->nsla && probe >= 0 && probe <= r->nprobes);
    if (probe >= r->nprobe_runs) {
        memset(out, 0, sizeof *out);
        return;
    }
    *out = r->pf[sla * r->nprobe_runs + probe];
}

int size_result_candidate_count(const size_result *r)
{
    return r->nd;
}

const int *size_result_candidate_staff(const size_result *r, int i)
{
    return size_at(r, i)->staff;
}

double size_result_candidate_objective(const size_result *r, int i)
{
    return size_at(r, i)->objective;
}

size_verdict size_result_candidate_verdict(const size_result *r, int i)
{
    return size_at(r, i)->verdict;
}

long size_result_candidate_replications(const size_result *r, int i)
{
    return size_at(r, i)->used;
}

void size_result_candidate_sla(const size_result *r, int i, int sla, size_sla_figures *out)
{
    assert(sla >= 0 && sla < r->nsla);
    *out = size_at(r, i)->fig[sla];
}

int size_result_answer(const size_result *r)
{
    return r->answer;
}

int size_result_complete(const size_result *r)
{
    return r->answer >= 0 && r->searched == r->nsla;
}

int size_result_best(const size_result *r)
{
    return r->best;
}

long size_result_replications_simulated(const size_result *r)
{
    return r->simulated;
}
