/*
 * size: the staffing search of `flowmc size` -- analytic start, greedy
 * growth, removal -- with every candidate decided by SPRT (or by the
 * Hoeffding estimate) on replication-level attainments.  The report and
 * CSV table are in size_report.c, the gnuplot figure in size_plot.c.  See
 * size.h for the method.
 */
#include "size.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- candidates ------------------------------------------------------- */

static double objective_of(const size_result *r, const int *staff)
{
    double v = 0;
    for (int i = 0; i < r->nroles; i++)
        v += r->opt.objective == SIZE_COST ? staff[i] * r->cost[i] * r->wf[i] : staff[i];
    return v;
}

/* The candidate for staff, created undecided when new. */
static cand *get(size_result *r, const int *staff)
{
    for (int i = 0; i < r->nc; i++)
        if (memcmp(r->c[i].staff, staff, (size_t)r->nroles * sizeof *staff) == 0)
            return &r->c[i];
    cand *c = ALLOC_PUSH(r->c, r->nc);
    memset(c, 0, sizeof *c);
    c->staff = alloc_zero((size_t)r->nroles, sizeof *c->staff);
    memcpy(c->staff, staff, (size_t)r->nroles * sizeof *staff);
    c->objective = objective_of(r, staff);
    c->nextbatch = r->opt.batch;
    c->verdict = SIZE_UNDECIDED;
    c->fig = alloc_zero((size_t)r->nsla, sizeof *c->fig);
    return c;
}

/* Simulates c up to at least n replications (at most n + batch - 1). */
static int extend(search *s, cand *c, long n, long limit)
{
    size_result *r = s->r;
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
        if (s->eval(s->user, c->staff, (int)c->nsim, (int)r1, c->measured + off,
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
    double *x = alloc_zero((size_t)n, sizeof *x);
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

/* How close to every target on the first n replications:
 * sum over SLAs of min(attainment, target), an unmeasured SLA counting 0. */
static double score(const size_result *r, const cand *c, long n)
{
    double v = 0;
    for (int j = 0; j < r->nsla; j++) {
        double a = mean_att(r, c, n, j);
        v += isnan(a) ? 0 : fmin(a, r->target[j]);
    }
    return v;
}

/* The indifference region of one SLA: the asked delta, narrowed so that
 * target +- delta stays inside (0, 1).  At p0 = 1 the test would call any
 * replication short of perfection a miss (a target of 0.99 with the default
 * delta 0.01 did exactly that). */
static double sla_delta(double target, double delta)
{
    double room = fmin(1 - target, target) / 2;
    return delta < room ? delta : room;
}

static void decide_sprt(search *s, cand *c)
{
    size_result *r = s->r;
    sprt *t = alloc_zero((size_t)r->nsla, sizeof *t);
    for (int j = 0; j < r->nsla; j++)
        sprt_init(&t[j], r->target[j], sla_delta(r->target[j], r->opt.delta),
                  r->opt.alpha / r->nsla, r->opt.beta);
    c->verdict = SIZE_INCONCLUSIVE;
    c->used = r->cap;
    for (long k = 0; k < r->cap; k++) {
        if (extend(s, c, k + 1, r->cap) != 0)
            break;
        int met = 0, missed = 0;
        for (int j = 0; j < r->nsla; j++) {
            double a = att(r, c, k, j);
            sprt_decision dj = isnan(a) ? t[j].decision : sprt_add(&t[j], a);
            met += dj == SPRT_MET;
            missed += dj == SPRT_MISSED;
        }
        if (missed || met == r->nsla) {
            c->verdict = missed ? SIZE_MISSED : SIZE_MET;
            c->used = k + 1;
            break;
        }
    }
    for (int j = 0; j < r->nsla && !s->failed; j++) {
        size_sla_figures *f = &c->fig[j];
        double *x = series(r, c, c->used, j);
        f->used = compare_mean_ci(x, (int)c->used, 0.95, &f->attainment, &f->lo, &f->hi);
        free(x);
        if (!isnan(f->lo)) {
            f->lo = fmax(f->lo, 0);
            f->hi = fmin(f->hi, 1);
        }
        f->verdict = t[j].decision == SPRT_MET      ? SIZE_MET
                     : t[j].decision == SPRT_MISSED ? SIZE_MISSED
                     : c->verdict == SIZE_MISSED    ? SIZE_UNDECIDED
                                                    : SIZE_INCONCLUSIVE;
    }
    free(t);
}

static void decide_estimate(search *s, cand *c)
{
    size_result *r = s->r;
    long n = sprt_hoeffding_n(r->opt.epsilon, r->opt.alpha);
    if (extend(s, c, n, n) != 0)
        return;
    c->used = n;
    int met = 0, missed = 0;
    for (int j = 0; j < r->nsla; j++) {
        size_sla_figures *f = &c->fig[j];
        double sum = 0;
        f->used = 0;
        for (long k = 0; k < n; k++) {
            double a = att(r, c, k, j);
            if (!isnan(a)) {
                sum += a;
                f->used++;
            }
        }
        f->verdict = SIZE_INCONCLUSIVE;
        f->attainment = f->lo = f->hi = NAN;
        if (f->used) {
            /* the Hoeffding half-width for the replications that measured */
            double eps = sqrt(log(2 / r->opt.alpha) / (2.0 * f->used));
            f->attainment = sum / f->used;
            f->lo = fmax(f->attainment - eps, 0);
            f->hi = fmin(f->attainment + eps, 1);
            if (f->attainment - eps >= r->target[j])
                f->verdict = SIZE_MET;
            else if (f->attainment + eps < r->target[j])
                f->verdict = SIZE_MISSED;
        }
        met += f->verdict == SIZE_MET;
        missed += f->verdict == SIZE_MISSED;
    }
    c->verdict = missed ? SIZE_MISSED : met == r->nsla ? SIZE_MET : SIZE_INCONCLUSIVE;
}

static cand *decide(search *s, const int *staff)
{
    cand *c = get(s->r, staff);
    if (c->verdict == SIZE_UNDECIDED && !s->failed) {
        if (s->r->opt.epsilon > 0)
            decide_estimate(s, c);
        else
            decide_sprt(s, c);
    }
    return c;
}

/* ---- the search ------------------------------------------------------- */

#define RANK_MIN 8

/* Utilisation of role i at staff n: offered / (n x working fraction). */
static double load(const size_result *r, int i, int n)
{
    return n > 0 ? r->offered[i] / (n * r->wf[i]) : INFINITY;
}

/* One step up from cur, which is not met: the role whose next person
 * raises the score most per unit of objective, measured on the same
 * replications as cur (common random numbers make the comparison sharp).
 * Ties -- a plateau where no single person helps yet -- go to the cheaper
 * step, then the busier role, then the role grown least, then the
 * earlier.  Neighbours are only ranked here; the caller decides the chosen
 * one.  Returns 0 when no role can grow. */
static int grow(search *s, const int *cur, int *next)
{
    size_result *r = s->r;
    int n = r->nroles, chosen = -1;
    int *y = alloc_zero((size_t)n, sizeof *y);
    cand *base = get(r, cur);
    /* never fewer than RANK_MIN replications, and never tied to the batch
     * size: the path must not depend on how the work was split */
    long common = base->used > RANK_MIN ? base->used : RANK_MIN;
    double s0 = 0, bgain = 0, bcost = 0;
    if (extend(s, base, common, common) == 0)
        s0 = score(r, get(r, cur), common);
    for (int i = 0; i < n && !s->failed; i++) {
        if (cur[i] >= r->max[i])
            continue;
        memcpy(y, cur, (size_t)n * sizeof *y);
        y[i]++;
        cand *c = get(r, y);
        if (extend(s, c, common, common) != 0)
            break;
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

static int check_input(const size_role *roles, int nroles, const size_sla *slas, int nsla,
                       const size_options *o, diag_list *d)
{
    int bad = 0;
    char why[128];
    if (nsla < 1) {
        diag_add(d, DIAG_ERROR, "size-no-sla", NULL, 0, NULL, NULL,
                 "the scenario has no sla: there is nothing to size for");
        bad = 1;
    }
    if (nroles < 1) {
        diag_add(d, DIAG_ERROR, "size-no-role", NULL, 0, NULL, NULL, "no role to size");
        bad = 1;
    }
    for (int i = 0; i < nroles; i++) {
        const size_role *x = &roles[i];
        if (x->min < 0 || x->min > x->max) {
            diag_add(d, DIAG_ERROR, "size-range", NULL, 0, x->id, NULL,
                     "role %s: the range %d..%d is empty (min must be at most max, and not "
                     "negative)",
                     x->id, x->min, x->max);
            bad = 1;
        }
        if (!(x->working_fraction > 0 && x->working_fraction <= 1) || !(x->offered >= 0)) {
            diag_add(d, DIAG_ERROR, "size-role", NULL, 0, x->id, NULL,
                     "role %s: working fraction %g or offered load %g out of range", x->id,
                     x->working_fraction, x->offered);
            bad = 1;
        }
        if (o->objective == SIZE_COST && !(x->cost >= 0)) {
            diag_add(d, DIAG_ERROR, "size-no-cost", NULL, 0, x->id, NULL,
                     "role %s has no cost-per-hour: the cost objective needs one for every "
                     "role sized",
                     x->id);
            bad = 1;
        }
    }
    if (!(o->delta > 0 && o->delta < 0.5)) {
        diag_add(d, DIAG_ERROR, "size-options", NULL, 0, NULL, NULL,
                 "delta must be in (0, 0.5), not %g", o->delta);
        return -1;
    }
    for (int j = 0; j < nsla; j++) {
        double dj = sla_delta(slas[j].target, o->delta);
        if (sprt_check(slas[j].target, dj, o->alpha, o->beta, why, sizeof why) != 0) {
            diag_add(d, DIAG_ERROR, "size-options", NULL, 0, slas[j].id, NULL, "%s", why);
            bad = 1;
            break;
        }
        if (dj < o->delta)
            diag_add(d, DIAG_NOTE, "size-delta", NULL, 0, slas[j].id, NULL,
                     "sla %s: the indifference region is narrowed from %g to %g so that "
                     "target +- delta stays inside (0, 1)",
                     slas[j].id, o->delta, dj);
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

size_result *size_run(const size_role *roles, int nroles, const size_sla *slas, int nsla,
                      const size_options *o, size_eval_fn eval, void *user, diag_list *d)
{
    if (check_input(roles, nroles, slas, nsla, o, d) != 0)
        return NULL;
    size_result *r = alloc_zero(1, sizeof *r);
    r->nroles = nroles;
    r->nsla = nsla;
    r->opt = *o;
    r->role_id = alloc_zero((size_t)nroles, sizeof(char *));
    r->min = alloc_zero((size_t)nroles, sizeof(int));
    r->max = alloc_zero((size_t)nroles, sizeof(int));
    r->start = alloc_zero((size_t)nroles, sizeof(int));
    r->offered = alloc_zero((size_t)nroles, sizeof(double));
    r->wf = alloc_zero((size_t)nroles, sizeof(double));
    r->cost = alloc_zero((size_t)nroles, sizeof(double));
    r->lb = alloc_zero((size_t)nroles, sizeof(double));
    for (int i = 0; i < nroles; i++) {
        r->role_id[i] = alloc_strdup(roles[i].id);
        r->min[i] = roles[i].min;
        r->max[i] = roles[i].max;
        r->offered[i] = roles[i].offered;
        r->wf[i] = roles[i].working_fraction;
        r->cost[i] = roles[i].cost;
        r->lb[i] = roles[i].offered / roles[i].working_fraction;
        /* the smallest staff strictly above the bound: at the bound itself
         * the queue is only null-recurrent */
        int stable = roles[i].offered > 0 ? (int)floor(r->lb[i]) + 1 : 0;
        int st = stable > roles[i].min ? stable : roles[i].min;
        r->start[i] = st < roles[i].max ? st : roles[i].max;
    }
    r->sla_id = alloc_zero((size_t)nsla, sizeof(char *));
    r->target = alloc_zero((size_t)nsla, sizeof(double));
    r->cap = o->max_replications;
    for (int j = 0; j < nsla; j++) {
        r->sla_id[j] = alloc_strdup(slas[j].id);
        r->target[j] = slas[j].target;
        long f = 2 * sprt_fixed_n(slas[j].target, sla_delta(slas[j].target, o->delta),
                                  o->alpha / nsla, o->beta);
        if (o->max_replications == 0 && f > r->cap)
            r->cap = f;
    }
    if (r->cap < 2)
        r->cap = 2;
    r->answer = r->best = -1;

    search s = {r, eval, user, d, 0};
    int *cur = alloc_zero((size_t)nroles, sizeof *cur), *next = alloc_zero((size_t)nroles, sizeof *next);
    memcpy(cur, r->start, (size_t)nroles * sizeof *cur);
    int met = decide(&s, cur)->verdict == SIZE_MET;
    while (!met && !s.failed && grow(&s, cur, next)) {
        memcpy(cur, next, (size_t)nroles * sizeof *cur);
        met = decide(&s, cur)->verdict == SIZE_MET;
    }
    while (met && !s.failed && shrink(&s, cur, next))
        memcpy(cur, next, (size_t)nroles * sizeof *cur);
    if (met && !s.failed)
        r->answer = (int)(get(r, cur) - r->c);
    free(cur);
    free(next);
    if (s.failed) {
        size_result_free(r);
        return NULL;
    }

    r->order = alloc_zero((size_t)r->nc, sizeof *r->order);
    for (int i = 0; i < r->nc; i++)
        if (r->c[i].verdict != SIZE_UNDECIDED)
            r->order[r->nd++] = i;
    sort_ctx = r;
    qsort(r->order, (size_t)r->nd, sizeof *r->order, by_objective);
    sort_ctx = NULL;
    /* best: the answer, else the closest to every target (then cheapest) */
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
            if (!isnan(r->c[i].fig[j].attainment))
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
    free(r->role_id);
    free(r->min);
    free(r->max);
    free(r->start);
    free(r->offered);
    free(r->wf);
    free(r->cost);
    free(r->lb);
    free(r->sla_id);
    free(r->target);
    free(r);
}

/* ---- accessors (candidates in table order) ---------------------------- */

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

int size_result_best(const size_result *r)
{
    return r->best;
}

long size_result_replications_simulated(const size_result *r)
{
    return r->simulated;
}
