/*
 * engine_case: arrivals and the life of a case -- the arrival lines
 * (Poisson with time windows by thinning, CSV times, fixed intervals,
 * gaps from a distribution), a case's start (its class, its block, the
 * clocks that start with it, its first token) and its end (SLA clocks
 * settled, cycle time and visits counted, its records back to the pools).
 * Too many cases in progress stop the replication (overflow).
 */
#include <math.h>
#include <string.h>

#include "engine_int.h"

/* Whether case c reached one of SLA s's outcome ends (always, when the
 * SLA names none). */
static int sla_outcome(engine *e, kase *c, const plan_sla *s)
{
    const uint16_t *vis = visits(e, c);
    for (int k = 0; k < s->nends; k++)
        if (vis[s->ends[k]])
            return 1;
    return s->nends == 0;
}

/* SLA j measured a case that ended elsewhere (without reaching `to`, or at
 * none of its outcome ends): counted apart, and missed unless the SLA
 * keeps such cases apart. */
static void sla_elsewhere(engine *e, int j)
{
    e->sla_x[j]++;
    if (e->p->slas[j].elsewhere == SLA_ELSE_MISSED)
        e->sla_n[j]++;
}

void engine_case_done(engine *e, uint32_t cs)
{
    const plan *p = e->p;
    kase *c = CASE(e, cs);
    uint32_t top = c->top;
    scope *s = SCOPE(e, top);
    double *from = sla_from(e, c);
    unsigned char *st = sla_state(e, c);
    for (int k = 0; k < e->nsla_clocked; k++) {
        int j = e->sla_clocked[k];
        /* only running clocks count, and they are of the case's class */
        if (st[j] != SLA_RUNNING) {
            st[j] = SLA_IDLE;
            continue;
        }
        if (p->slas[j].to < 0 && sla_outcome(e, c, &p->slas[j])) {
            sla_stop(e, c, j, e->now);
        } else if (p->slas[j].elsewhere != SLA_ELSE_LEGACY) {
            if (from[j] >= p->twarm)
                sla_elsewhere(e, j);
        } else if (p->slas[j].to >= 0 && from[j] >= p->twarm &&
                   sla_elapsed(e, &p->slas[j], from[j], e->now) >= p->slas[j].limit.sec) {
            /* ended without reaching `to`, once the limit had passed (a
             * deadline at the limit itself cut the path short): missed, not
             * left out */
            e->sla_n[j]++;
        }
        st[j] = SLA_IDLE; /* the block goes back clean */
    }
    for (int k = 0; c->measured && k < e->nsla_whole; k++) {
        int j = e->sla_whole[k];
        if (!sla_for(&p->slas[j], c->cls))
            continue;
        if (sla_outcome(e, c, &p->slas[j]))
            sla_count(e, j, c->arrival, e->now);
        else
            sla_elsewhere(e, j);
    }
    if (c->measured) {
        e->done++;
        e->done_root[s->process]++;
        cycle_record(e, s->process, c->cls, e->now - c->arrival);
    }
    uint16_t *vis = visits(e, c), *list = visited(e, c);
    for (uint32_t i = 0; i < c->nvisited; i++) {
        int g = list[i];
        const plan_node *n = &e->nodes[g];
        if (c->measured && n->counted) {
            if (n->task >= 0)
                e->ts[n->task].visited++;
            if (n->end >= 0)
                e->end_n[n->end]++;
            for (int k = 0; k < n->nlevels; k++)
                e->lvl_n[n->levels[k]]++;
        }
        vis[g] = 0;
    }
    if (p->nrosters)
        memset(roster_out(e, c), 0, (size_t)p->nrosters);
    wip_close(e, s, c->cls, e->now);
    s->alive = 0;
    pool_put(&e->scopes, top);
    pool_put(&e->blocks, c->block);
    c->alive = 0;
    pool_put(&e->cases, cs);
}

/* The class of a new case when there are several (case_start settles the
 * single one without a draw). */
static int pick_class(engine *e, uint64_t seed)
{
    const plan *p = e->p;
    double u = keydraw_uniform(plan_mix(seed, SALT_CLASS)), acc = 0;
    for (int k = 0; k < p->nclasses; k++) {
        acc += p->classes[k].share;
        if (u < acc)
            return k;
    }
    return p->nclasses - 1;
}

/* The blocks pool moved: its cases in progress follow. */
static COLD_PATH void refresh_blocks(engine *e)
{
    for (uint32_t cs = 0; cs < e->cases.next; cs++)
        if (CASE(e, cs)->alive)
            CASE(e, cs)->blk = pool_at(&e->blocks, CASE(e, cs)->block);
}

/* Too many cases in progress: the replication stops, keeping the role
 * with the longest queue to name in the error.  Without a bound an
 * overloaded queue grows until memory runs out (5 arrivals a second on one
 * server with 1-day tasks filled 4 GB in 8 s). */
static COLD_PATH void overflow(engine *e)
{
    e->overflow = 1;
    e->overflow_t = e->now;
    e->overflow_role = -1;
    e->overflow_queue = 0;
    for (int i = 0; i < e->p->nroles; i++)
        if (e->roles[i].qlive > e->overflow_queue) {
            e->overflow_queue = e->roles[i].qlive;
            e->overflow_role = i;
        }
}

static void case_start(engine *e, const plan_arrival *a, int cls, uint64_t seed)
{
    const plan *p = e->p;
    if (e->cases.next - e->cases.nfree >= SIM_MAX_OPEN_CASES) {
        overflow(e);
        return;
    }
    uint32_t cs = pool_get(&e->cases);
    kase *c = CASE(e, cs);
    memset(c, 0, sizeof *c);
    c->seed = seed;
    c->arrival = e->now;
    c->no = ++e->case_no;
    c->head = NONE;
    c->cls = cls >= 0 ? cls : p->nclasses == 1 ? 0 : pick_class(e, seed);
    c->prio = p->classes[c->cls].priority;
    c->measured = e->now >= p->twarm;
    const char *was = e->blocks.base;
    c->block = pool_get(&e->blocks);
    if (e->blocks.base != was)
        refresh_blocks(e);
    c->blk = pool_at(&e->blocks, c->block);
    c->alive = 1;
    if (c->measured)
        e->arrived++;
    /* the block is clean (new, or left so by case_done): only the clocks
     * that start with the case need setting */
    for (int k = 0; k < e->nsla_at_start; k++) {
        int j = e->sla_at_start[k];
        if (sla_for(&p->slas[j], c->cls)) {
            sla_from(e, c)[j] = e->now;
            sla_state(e, c)[j] = SLA_RUNNING;
        }
    }
    c->top = scope_new(e, cs, NONE, NONE, e->nodes[a->node].process);
    uint32_t ti = token_at_start(e, cs, c->top, a->node);
    /* an arrival finds the ready stack empty, so the drain would take this
     * token first: run it now (the next arrival, scheduled after this,
     * waits in a queue of its own, so the order of events is the same) */
    TOK(e, ti)->state = TS_READY;
    run_ready(e, ti, cs);
}

static double window_rate(const engine *e, const plan_arrival *a, double t)
{
    for (int i = 0; i < a->nwin; i++)
        if (calendar_is_working(e->p->cals[a->win[i].cal].cal, t))
            return a->win[i].rate;
    return a->rate;
}

/* Schedules the next arrival candidate of line ai after time t. */
static void next_arrival(engine *e, int ai, double t)
{
    const plan_arrival *a = &e->p->arrivals[ai];
    double next = INFINITY;
    switch (a->kind) {
    case PA_POISSON:
        if (a->rate_max > 0)
            next = t + dist_exponential(e->arr_rng[ai], 1 / a->rate_max);
        break;
    case PA_CSV:
        while (e->arr_pos[ai] < a->ntimes && a->times[e->arr_pos[ai]] < e->p->t0)
            e->arr_pos[ai]++;
        if (e->arr_pos[ai] < a->ntimes)
            next = a->times[e->arr_pos[ai]];
        break;
    case PA_EVERY:
        next = t + a->every;
        break;
    case PA_DIST:
        /* as Prosimos: the gap runs in calendar time and an arrival that
         * falls outside the calendar moves to its next opening */
        next = t + dist_draw(&a->gap, e->arr_rng[ai]);
        if (a->gap_cal >= 0)
            next = calendar_next_open(e->p->cals[a->gap_cal].cal, next);
        break;
    }
    if (next <= e->p->tend)
        schedule(e, next, EV_ARRIVAL, (uint32_t)ai, 0, 0);
}

void engine_first_arrival(engine *e, int ai)
{
    const plan_arrival *a = &e->p->arrivals[ai];
    double t0 = e->p->t0;
    if (a->kind != PA_EVERY) {
        next_arrival(e, ai, t0);
        return;
    }
    double t = a->first >= t0 ? a->first : a->first + ceil((t0 - a->first) / a->every) * a->every;
    if (t <= e->p->tend)
        schedule(e, t, EV_ARRIVAL, (uint32_t)ai, 0, 0);
}

void engine_on_arrival(engine *e, int ai)
{
    const plan_arrival *a = &e->p->arrivals[ai];
    int cls = a->cls;
    int accept = 1;
    if (a->kind == PA_POISSON && a->nwin)
        accept = gsl_rng_uniform(e->arr_rng[ai]) * a->rate_max < window_rate(e, a, e->now);
    if (a->kind == PA_CSV) {
        if (a->tcls[e->arr_pos[ai]] >= 0)
            cls = a->tcls[e->arr_pos[ai]];
        e->arr_pos[ai]++;
    }
    if (accept) {
        /* splitmix64's stream from the line's key: one round a case */
        uint64_t seed = plan_mix1(e->arr_base[ai] + (uint64_t)e->arr_k[ai]++ * 0x9e3779b97f4a7c15ULL);
        case_start(e, a, cls, seed);
    }
    if (!a->limit || e->arr_k[ai] < a->limit)
        next_arrival(e, ai, e->now);
}
