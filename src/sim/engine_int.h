/*
 * engine_int: the simulation engine's state, shared by its files and
 * private to them (nothing outside src/sim/engine*.c includes it).
 *
 * State: tokens (one per thread of control, BPMN token semantics), scopes
 * (a case's top level, an embedded sub-process, a called process), cases
 * (a root process instance with one fixed-size block: visit counts, the
 * visited list, SLA clocks, roster outcomes -- zero whenever no case
 * holds it, as case_done leaves it), roles (servers, a priority queue,
 * time integrals).  All live in pools with free lists -- one array each,
 * no malloc per event once warm -- and are addressed by 32-bit indices;
 * events carry (index, generation) and are ignored when the
 * generation moved on (lazy cancellation).  Statistics stream: sums for
 * means, and for percentiles qhist's octave-split histograms, within 0.4%
 * (relative) of the replication's exact empirical percentiles.  (GSL's
 * P-square estimator was tried first: on queue output, which is strongly
 * autocorrelated, one M/M/1 replication put p90 at 552 s against a true
 * 276 s, and the others sat 3% high -- an error no confidence interval over
 * replications can show.)  Role and work-in-progress integrals are summed
 * per service, wait and scope as each ends.  Memory does not grow with the
 * number of cases, only with the cases in progress.
 *
 * The files: engine.c (an engine's lifecycle and the event loop),
 * engine_flow.c (tokens and scopes moving through the net), engine_role.c
 * (roles, their queues, rosters), engine_case.c (arrivals, case start and
 * end), engine_stats.c (a replication's figures at the horizon),
 * engine_driver.c (sim_run: replications on threads and ranks).  The small
 * functions every case goes through several times live here, inline, as
 * they were inlined before the split; what one file calls in another is a
 * step, a leave, a dispatch -- calls of a few per case, which bench_sim
 * measured at the same speed as the one file.
 *
 * Ownership: an engine owns every array it points to, except the plan
 * (borrowed, outliving it); engine_free releases them all.
 */
#ifndef FLOWMC_SIM_ENGINE_INT_H
#define FLOWMC_SIM_ENGINE_INT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "evlog.h"
#include "evq.h"
#include "keydraw.h"
#include "plan.h"
#include "qhist.h"

/* For the small functions every case goes through several times: gcc
 * leaves them out of line at -O2, and inlining them saves 5% of the
 * instructions per case (measured on the M/M/6 benchmark). */
#define ALWAYS_INLINE inline __attribute__((always_inline))
/* For the rare branch of a hot function: kept out of line, so that the hot
 * function's entry and exit save and restore only what the common path
 * needs. */
#define COLD_PATH __attribute__((noinline, cold))

#define NONE UINT32_MAX
/* Node entries at one instant before a zero-time loop is declared. */
#define RUNAWAY_STEPS 5000000L

/* An SLA's clock in a case: not started, running since sla_from, stopped
 * (counted once). */
enum { SLA_IDLE, SLA_RUNNING, SLA_DONE };

enum { SALT_DUR = 1, SALT_BRANCH, SALT_ROSTER, SALT_CLASS, SALT_TRIGGER = 64 };

/* Event kinds, in their order among simultaneous events: work finishes
 * and frees staff before timers fire, before new cases arrive. */
enum { EV_DONE, EV_OPEN, EV_WAKE, EV_BOUND, EV_ARRIVAL };

typedef enum {
    TS_FREE,
    TS_READY,    /* on the ready stack, about to enter its node */
    TS_QUEUED,   /* waiting for staff */
    TS_SERVICE,  /* being worked on (or an unstaffed delay) */
    TS_WAIT,     /* timer or catch event */
    TS_JOIN,     /* waiting at a joining gateway */
    TS_SCOPE     /* waiting for its sub-process or called process */
} tstate;

typedef struct tok {   /* 64 bytes: a cache line, and a shift to index */
    double enabled, start, work;
    uint16_t visit;      /* visit number of its node in its case (the
                          * counts saturate at UINT16_MAX) */
    uint8_t state;
    uint32_t cs, scope, gen, next, prev, child;
    int32_t node, flow, server;
} tok;

_Static_assert(sizeof(tok) == 64, "a token is one cache line");

typedef struct scope {
    double start;
    uint32_t cs, parent, ptok;
    int32_t process;
    uint32_t ntok;
    uint8_t alive;
} scope;

typedef struct kase {
    uint64_t seed;
    double arrival;
    unsigned char *blk;  /* its block in the blocks pool: re-pointed when
                          * that pool moves (refresh_blocks) */
    uint32_t no, top, head, block;
    int32_t cls, prio;
    uint32_t nvisited;
    int32_t nincl;
    uint8_t measured;
    uint8_t alive;       /* in progress (the pool does not say) */
} kase;

/* Records of one size in one array, addressed by index: reaching one is
 * an add, where chunks cost two dependent loads on every access -- the
 * engine makes dozens a case.  The array moves when it grows, so nothing
 * keeps a pointer to a record across an allocation from the same pool:
 * code re-reads TOK(e, ti) after token_new, and sanitizer builds move the
 * array at allocations (pool_move) to make a stale pointer an error. */
typedef struct pool {
    char *base;
    uint32_t cap, next, nfree, capfree;
    uint32_t *free;
    size_t size;
#ifdef FLOWMC_POOL_MOVES
    unsigned long gets;
#endif
} pool;

typedef struct rrole {
    const plan_role *pr;
    const calendar *cal;
    int flat, staff, busy;
    evq_wait q;       /* waiting tokens */
    int qlive;        /* entries not cancelled */
    double area_busy, area_q;
    int open_pending;
    int *servers; int nservers;   /* free server numbers */
} rrole;

typedef struct cyc {
    double sum;
    long n;
    qhist q;
    double wip_area;      /* scope-seconds in progress after the warm-up */
} cyc;

typedef struct tstat {
    double wait_sum;
    long wait_n;
    qhist w;
    double svc_sum;
    long svc_n, visited;
} tstat;

typedef struct engine {
    const plan *p;
    /* p->nodes and p->flows, read at every step: one dependent load less
     * on the path from an event to the next */
    const plan_node *nodes;
    const plan_flow *flows;
    plan_layout lay;
    gsl_rng *draw;
    gsl_rng **arr_rng;
    evq q;                /* every event but arrivals */
    evq aq;               /* the next arrival of each arrival line */
    double tend;          /* this replication's end: the horizon, or the
                           * last event when the run ends when done */
    pool toks, scopes, cases, blocks;
    rrole *roles;
    uint32_t *ready; int nready, capready;
    uint32_t *tmp; int ntmp, captmp;
    size_t off_visited, off_from, off_state, off_roster, bsize;
    double now;
    long steps_now;
    int runaway;          /* node of a zero-time loop, -1 */
    int overflow;         /* SIM_MAX_OPEN_CASES cases in progress: stopped */
    int overflow_role;    /* then the role with the longest queue, -1 */
    long overflow_queue;  /* and its length */
    double overflow_t;    /* when */
    long rep;
    uint32_t case_no, active;
    long *arr_k;          /* accepted arrivals per arrival line */
    uint64_t *arr_base;   /* per arrival line: key of (seed, replication, line) */
    int *arr_pos;         /* CSV position */
    /* statistics of the replication */
    cyc *cyc;             /* ncycle * groups */
    cyc **cycp;           /* by process: its groups in cyc, NULL */
    tstat *ts;
    long *end_n, *lvl_n, *ros_calls, *ros_backup;
    double *ros_time;
    long *sla_n, *sla_k, *sla_x; /* measured, within, ended elsewhere */
    /* SLAs by how their clock runs, in one allocation (sla_clocked owns it):
     * with a clock in the case's block, the clocks that start with the
     * case, and the SLAs of the whole case -- from its start to its end,
     * which need no clock: the case's arrival is their start */
    int *sla_clocked, nsla_clocked;
    int *sla_at_start, nsla_at_start;
    int *sla_whole, nsla_whole;
    long done, arrived;
    long *done_root;      /* completed measured cases by root process */
    long *held;           /* tokens per node at the horizon */
    gsl_histogram_pdf *pdf; /* for reading percentiles */
    int sla_only;         /* percentiles not read (sim_options.sla_only) */
    double *held_age;     /* oldest */
    /* event log of this replication, when asked */
    int logging;
    evlog_rec *log; size_t nlog, caplog;
} engine;

/* ---- pools ----------------------------------------------------------- */

COLD_PATH void engine_pool_grow(pool *p);
#ifdef FLOWMC_POOL_MOVES
COLD_PATH void engine_pool_move(pool *p);
#endif

static inline void *pool_at(const pool *p, uint32_t i)
{
    return p->base + (size_t)i * p->size;
}

static inline uint32_t pool_get(pool *p)
{
#ifdef FLOWMC_POOL_MOVES
    if (p->cap)
        engine_pool_move(p);
#endif
    if (p->nfree)
        return p->free[--p->nfree];
    if (p->next == p->cap)
        engine_pool_grow(p);
    return p->next++;
}

static inline void pool_put(pool *p, uint32_t i)
{
    if (p->nfree == p->capfree) {
        p->capfree = p->capfree ? 2 * p->capfree : 1024;
        p->free = alloc_resize(p->free, sizeof *p->free * p->capfree, 1);
    }
    p->free[p->nfree++] = i;
}

/* Typed access: the record size is a constant. */
#define POOL_AT(pl, type, i) ((type *)(void *)(pl).base + (i))
#define TOK(e, i) POOL_AT((e)->toks, tok, i)
#define SCOPE(e, i) POOL_AT((e)->scopes, scope, i)
#define CASE(e, i) POOL_AT((e)->cases, kase, i)

/* The parts of a case's block (offsets fixed per engine). */
static inline uint16_t *visits(engine *e, const kase *c) { (void)e; return (uint16_t *)c->blk; }
static inline uint16_t *visited(engine *e, const kase *c) { return (uint16_t *)(c->blk + e->off_visited); }
static inline double *sla_from(engine *e, const kase *c) { return (double *)(c->blk + e->off_from); }
static inline unsigned char *sla_state(engine *e, const kase *c) { return c->blk + e->off_state; }
static inline unsigned char *roster_out(engine *e, const kase *c) { return c->blk + e->off_roster; }

/* ---- randomness ------------------------------------------------------- */

/* The keyed generator of e reset to key: every draw of a purpose starts
 * from its own key (engine.c says why Philox). */
gsl_rng *engine_draw(engine *e, uint64_t key);

/* The draw key of the token's current visit with a purpose salt: computed
 * only when a draw is made.  The case's seed (mixed) with distinct
 * per-element, per-visit and per-purpose offsets: unique, which is all a
 * counter needs -- Philox does the mixing. */
#define TOKEN_KEY(e, t, salt)                                                                          \
    (CASE(e, (t)->cs)->seed ^                                                                          \
     ((e)->nodes[(t)->node].key + (uint64_t)(t)->visit * 0x9e3779b97f4a7c15ULL +                       \
      (uint64_t)(salt) * 0xd1b54a32d192ed03ULL))

/* One duration; a fixed one needs no generator, an exponential one (the
 * commonest) one number straight from the cipher -- unless that number is
 * 0, which the adaptor's uniform_pos would skip. */
static inline double sample(engine *e, const dist *d, uint64_t key)
{
    if (d->kind == DIST_EXPONENTIAL && !d->bounded) {
        double u = keydraw_uniform(key);
        if (u > 0)
            return dist_exponential_at(d, u);
    }
    return d->kind == DIST_FIXED ? dist_sample(d, NULL) : dist_draw(d, engine_draw(e, key));
}

/* ---- events ----------------------------------------------------------- */

static ALWAYS_INLINE void schedule(engine *e, double t, int kind, uint32_t ref, uint32_t gen, uint32_t aux)
{
    evq_event ev = {t, 0, ref, gen, aux, (uint8_t)kind, (uint8_t)kind};
    evq_push(kind == EV_ARRIVAL ? &e->aq : &e->q, ev);
}

static ALWAYS_INLINE void push_ready(engine *e, uint32_t ti)
{
    if (e->nready == e->capready) {
        e->capready = e->capready ? 2 * e->capready : 256;
        e->ready = alloc_resize(e->ready, sizeof *e->ready * (size_t)e->capready, 1);
    }
    TOK(e, ti)->state = TS_READY;
    e->ready[e->nready++] = ti;
}

/* ---- time integrals ---------------------------------------------------- */

/* A role's integrals -- staff busy (in working time on its calendar) and
 * queue length, over the measured span -- are sums over services and
 * waits: each adds its part when it ends, and those still running add
 * theirs at the horizon.  (Two adds a case, not an update at every change
 * of either count.) */
/* The start of [from, ...) inside the measured span. */
static ALWAYS_INLINE double measured_from(const engine *e, double from)
{
    return from > e->p->twarm ? from : e->p->twarm;
}

static ALWAYS_INLINE void role_busy_add(engine *e, rrole *r, double from, double to)
{
    double a = measured_from(e, from);
    if (to > a)
        r->area_busy += r->flat ? to - a : calendar_work_between(r->cal, a, to);
}

static ALWAYS_INLINE void role_wait_add(engine *e, rrole *r, double from, double to)
{
    double a = measured_from(e, from);
    if (to > a)
        r->area_q += to - a;
}

/* Work in progress, integrated over time, is the sum over scopes of the
 * time each spends in progress inside [warm-up, horizon]: a scope adds its
 * share when it ends, and the horizon adds those still open.  (One add a
 * scope instead of two updates of a running count.) */
static ALWAYS_INLINE void wip_close(engine *e, const scope *s, int cls, double end)
{
    cyc *c = e->cycp[s->process];
    if (!c)
        return;
    double a = measured_from(e, s->start);
    if (end <= a)
        return;
    c->wip_area += end - a;
    if (e->lay.groups > 1)
        c[1 + cls].wip_area += end - a;
}

static inline void cyc_add(cyc *c, double x)
{
    c->sum += x;
    c->n++;
    qhist_add(&c->q, x);
}

/* A case of class cls counts in the group of all classes, cycp[process],
 * and, when there are several classes, in its own at cycp[process] + 1 +
 * cls; processes without cycle statistics have NULL. */
static inline void cycle_record(engine *e, int process, int cls, double x)
{
    cyc *c = e->cycp[process];
    if (!c)
        return;
    cyc_add(c, x);
    if (e->lay.groups > 1)
        cyc_add(c + 1 + cls, x);
}

/* ---- SLA clocks ------------------------------------------------------------ */

static inline double sla_elapsed(const engine *e, const plan_sla *s, double from, double to)
{
    return s->limit.cal < 0 ? to - from : calendar_work_between(e->p->cals[s->limit.cal].cal, from, to);
}

/* Whether SLA s measures cases of class cls. */
static inline int sla_for(const plan_sla *s, int cls)
{
    return s->cls < 0 || s->cls == cls;
}

/* SLA j measured a case over [from, to], from after the warm-up: one case
 * more, and one more within the limit or not. */
static inline void sla_count(engine *e, int j, double from, double to)
{
    const plan_sla *s = &e->p->slas[j];
    e->sla_n[j]++;
    if (sla_elapsed(e, s, from, to) <= s->limit.sec * (1 + 1e-12))
        e->sla_k[j]++;
}

/* SLA j's clock stops for case c at time t: counted once, when it started
 * after the warm-up. */
static inline void sla_stop(engine *e, kase *c, int j, double t)
{
    unsigned char *st = &sla_state(e, c)[j];
    if (*st != SLA_RUNNING)
        return;
    *st = SLA_DONE;
    double from = sla_from(e, c)[j];
    if (from >= e->p->twarm)
        sla_count(e, j, from, t);
}

static ALWAYS_INLINE void run_hooks(engine *e, kase *c, const plan_hook *h, int n, double t)
{
    for (int i = 0; i < n; i++) {
        int j = h[i].sla;
        if (!h[i].is_from) {
            sla_stop(e, c, j, t); /* a running clock is of the case's class */
        } else if (sla_state(e, c)[j] == SLA_IDLE && sla_for(&e->p->slas[j], c->cls)) {
            sla_from(e, c)[j] = t;
            sla_state(e, c)[j] = SLA_RUNNING;
        }
    }
}

/* ---- the engine's parts, file by file ------------------------------------ */

/* engine.c.  engine_new: an engine for plan p (borrowed; it must outlive
 * the engine), ready for engine_run; never NULL (out of memory ends the
 * process, alloc.h).  engine_free: releases e; NULL is fine.
 * engine_run: runs replication rep of the run with this seed from a clean
 * state and writes its figures into m (plan_layout's vector) and sla (two
 * counts per SLA: measured, within).  engine_log_record: appends the
 * token's task execution to e's event log. */
engine *engine_new(const plan *p);
void engine_free(engine *e);
void engine_run(engine *e, uint64_t seed, long rep, double *m, long *sla);
COLD_PATH void engine_log_record(engine *e, const tok *t, double end);

/* engine_flow.c.  engine_step: token ti has just reached its node and
 * does what the node says.  engine_leave: ti leaves its node by its flow
 * (or flows, or dies at a dead end).  engine_drain: steps the ready tokens
 * until none is left.  engine_check_or_joins: fires the inclusive joins of
 * case cs that nothing can still reach.  engine_fire_triggers: fires the
 * non-timer boundary events of ti's activity; 1 when one took the token.
 * engine_arm_boundaries_of: schedules ti's timer boundary events.
 * engine_on_bound: a timer boundary event (aux: its number and firings)
 * of ti's activity is due. */
void engine_step(engine *e, uint32_t ti);
void engine_leave(engine *e, uint32_t ti);
void engine_drain(engine *e);
void engine_check_or_joins(engine *e, uint32_t cs);
int engine_fire_triggers(engine *e, uint32_t ti);
void engine_arm_boundaries_of(engine *e, uint32_t ti);
void engine_on_bound(engine *e, uint32_t ti, uint32_t aux);

/* engine_role.c.  engine_task_enter: token ti enters its task: draws its
 * work (and roster calls), then starts it or queues it at its role.
 * engine_dispatch: gives role r's free staff to its waiting tokens, in
 * priority order, while its calendar is open.  engine_on_done: ti's task
 * finished its work. */
void engine_task_enter(engine *e, uint32_t ti);
void engine_dispatch(engine *e, rrole *r);
void engine_on_done(engine *e, uint32_t ti);

/* engine_case.c.  engine_case_done: case cs has no token left: its SLA
 * clocks, cycle time and visit counts are closed, its records freed.
 * engine_first_arrival: schedules arrival line ai's first arrival.
 * engine_on_arrival: arrival line ai's candidate is due: a case starts
 * when it is accepted, and the next candidate is scheduled. */
void engine_case_done(engine *e, uint32_t cs);
void engine_first_arrival(engine *e, int ai);
void engine_on_arrival(engine *e, int ai);

/* engine_stats.c.  engine_finish: closes the books at the horizon into the
 * metric vector m and the SLA counts sla (as engine_run). */
void engine_finish(engine *e, double *m, long *sla);

/* ---- tokens, scopes, and the steps every case takes ---------------------- */

static ALWAYS_INLINE uint32_t token_new(engine *e, uint32_t cs, uint32_t sc, int node, int flow)
{
    uint32_t ti = pool_get(&e->toks);
    tok *t = TOK(e, ti);
    kase *c = CASE(e, cs);
    *t = (tok){.gen = t->gen + 1, .cs = cs, .scope = sc, .node = node, .flow = flow, .child = NONE,
               .server = -1, .prev = NONE, .next = c->head};
    if (c->head != NONE)
        TOK(e, c->head)->prev = ti;
    c->head = ti;
    SCOPE(e, sc)->ntok++;
    return ti;
}

/* A new token at start event node of scope sc.  A start event that only
 * passes the token on -- its visits unnumbered, one flow out -- is passed
 * in place, as its step would: its hooks run and the token begins on the
 * flow out, one step a case fewer.  (Nothing sits between the two steps:
 * the token would be the next one stepped.) */
static ALWAYS_INLINE uint32_t token_at_start(engine *e, uint32_t cs, uint32_t sc, int node)
{
    const plan_node *n = &e->nodes[node];
    int flow = -1;
    if (n->kind == PK_START && !n->tracked && n->nout == 1) {
        e->steps_now++; /* counted, as a step: the same loop reports */
        run_hooks(e, CASE(e, cs), n->enter_hooks, n->nenter, e->now);
        flow = n->out[0];
        node = e->flows[flow].dst;
    }
    return token_new(e, cs, sc, node, flow);
}

static ALWAYS_INLINE uint32_t scope_new(engine *e, uint32_t cs, uint32_t parent, uint32_t ptok, int process)
{
    uint32_t si = pool_get(&e->scopes);
    scope *s = SCOPE(e, si);
    *s = (scope){e->now, cs, parent, ptok, process, 0, 1};
    return si;
}

/* Steps a ready token, then lets the inclusive joins of its case see
 * what changed (a model without inclusive joins has none waiting). */
static ALWAYS_INLINE void run_ready(engine *e, uint32_t ti, uint32_t cs)
{
    engine_step(e, ti);
    if (e->p->nincl && CASE(e, cs)->nincl > 0 && CASE(e, cs)->head != NONE)
        engine_check_or_joins(e, cs);
}

/* Records the task's execution when an event log was asked for. */
static ALWAYS_INLINE void log_task(engine *e, const tok *t, double end)
{
    if (e->logging)
        engine_log_record(e, t, end);
}

/* Schedules the timer boundary events of the token's activity. */
static inline void arm_boundaries(engine *e, uint32_t ti)
{
    if (e->nodes[TOK(e, ti)->node].nbnd)
        engine_arm_boundaries_of(e, ti);
}

#endif
