/*
 * engine: the discrete-event simulation of one replication, and sim_run,
 * which runs replications on threads and gathers them in replication order.
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
 */
#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Random123/gsl_microrng.h>
#include <Random123/philox.h>

#include "evlog.h"
#include "gather.h"
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

static void pool_init(pool *p, size_t size)
{
    memset(p, 0, sizeof *p);
    p->size = size;
}

static void pool_release(pool *p)
{
    free(p->base);
    free(p->free);
}

static inline void *pool_at(const pool *p, uint32_t i)
{
    return p->base + (size_t)i * p->size;
}

/* Grows the array (new records zeroed); aborts when out of memory. */
static COLD_PATH void pool_grow(pool *p)
{
    uint32_t cap = p->cap ? 2 * p->cap : 1024;
    if (cap <= p->cap)
        alloc_fail("a simulation pool of 2^32 records"); /* past uint32_t indices */
    char *a = alloc_resize(p->base, (size_t)cap * p->size, 1);
    memset(a + (size_t)p->cap * p->size, 0, (size_t)(cap - p->cap) * p->size);
    p->base = a;
    p->cap = cap;
}

#ifdef FLOWMC_POOL_MOVES
/* Sanitizer builds: the array moves at an allocation, and the old one is
 * freed, so a pointer kept across one is a use after free.  At every
 * allocation while at most 256 records were ever used -- the small models
 * of the tests, where the rare paths run -- and at one in 64 beyond, so
 * that long runs stay affordable. */
static COLD_PATH void pool_move(pool *p)
{
    if (p->next > 256 && p->gets++ % 64)
        return;
    uint32_t cap = p->next + 16; /* tight: the copy is the cost */
    char *a = alloc_zero(cap, p->size); /* past next: fresh, zero */
    memcpy(a, p->base, (size_t)p->next * p->size);
    free(p->base);
    p->base = a;
    p->cap = cap;
}
#endif

static inline uint32_t pool_get(pool *p)
{
#ifdef FLOWMC_POOL_MOVES
    if (p->cap)
        pool_move(p);
#endif
    if (p->nfree)
        return p->free[--p->nfree];
    if (p->next == p->cap)
        pool_grow(p);
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

/* Forgets every allocation; with wipe, zeroes the memory too. */
static void pool_reset(pool *p, int wipe)
{
    p->next = p->nfree = 0;
    if (wipe && p->base)
        memset(p->base, 0, (size_t)p->cap * p->size);
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

/* Keyed draws come from Philox2x64-10 (Random123), a counter-based
 * generator: the draw's key is its counter, so a draw depends on (seed,
 * replication, case, element, visit, purpose) only and costs one cipher
 * block -- where re-seeding a sequential generator per draw cost a chain
 * of warm-up steps and folded the key to 32 bits.  Random123's own GSL
 * adaptor makes it a gsl_rng for GSL's distributions: one block gives two
 * 32-bit outputs, further ones follow from an inner counter.  Philox's key
 * stays 0: the counter already carries every input.  Draws of one number
 * skip the adaptor (keydraw: the same number). */
GSL_MICRORNG(flowmc_philox, philox2x64);

static ALWAYS_INLINE gsl_rng *draw(engine *e, uint64_t key)
{
    flowmc_philox_reset(e->draw, (philox2x64_ctr_t){{key, 0}}, (philox2x64_key_t){{0}});
    return e->draw;
}

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
static double sample(engine *e, const dist *d, uint64_t key)
{
    if (d->kind == DIST_EXPONENTIAL && !d->bounded) {
        double u = keydraw_uniform(key);
        if (u > 0)
            return dist_exponential_at(d, u);
    }
    return d->kind == DIST_FIXED ? dist_sample(d, NULL) : dist_draw(d, draw(e, key));
}

/* ---- events ----------------------------------------------------------- */

static ALWAYS_INLINE void schedule(engine *e, double t, int kind, uint32_t ref, uint32_t gen, uint32_t aux)
{
    evq_event ev = {t, 0, ref, gen, aux, (uint8_t)kind, (uint8_t)kind};
    evq_push(kind == EV_ARRIVAL ? &e->aq : &e->q, ev);
}

/* The queue holding the next event: arrivals wait in their own, one per
 * arrival line at most, so that the main heap does not take in and give
 * out an event per case for them.  Arrivals run last among simultaneous
 * events (their priority), which the comparison keeps: the sequence key
 * carries the priority in its top byte.  NULL when both are empty. */
static inline evq *next_queue(engine *e)
{
    if (e->aq.n == 0)
        return e->q.n ? &e->q : NULL;
    if (e->q.n == 0)
        return &e->aq;
    return evq_before(&e->aq.a[0], &e->q.a[0]) ? &e->aq : &e->q;
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

static void cyc_add(cyc *c, double x)
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

static double sla_elapsed(const engine *e, const plan_sla *s, double from, double to)
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

/* SLA j's clock, running since `since`, is cut by the horizon: a case
 * missed when the limit had passed by then (it started after the
 * warm-up), else left out -- its outcome is unknown. */
static void sla_censor(engine *e, int j, double since)
{
    const plan_sla *s = &e->p->slas[j];
    if (since >= e->p->twarm && sla_elapsed(e, s, since, e->tend) > s->limit.sec)
        e->sla_n[j]++;
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

/* ---- tokens, scopes, cases --------------------------------------------------- */

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

/* Unlinks and frees a token; returns its scope. */
static ALWAYS_INLINE uint32_t token_free(engine *e, uint32_t ti)
{
    tok *t = TOK(e, ti);
    kase *c = CASE(e, t->cs);
    if (t->prev != NONE)
        TOK(e, t->prev)->next = t->next;
    else
        c->head = t->next;
    if (t->next != NONE)
        TOK(e, t->next)->prev = t->prev;
    if (t->state == TS_JOIN && e->nodes[t->node].kind == PK_OR)
        c->nincl--;
    uint32_t sc = t->scope;
    SCOPE(e, sc)->ntok--;
    t->state = TS_FREE;
    t->gen++;
    pool_put(&e->toks, ti);
    return sc;
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

static void step(engine *e, uint32_t ti);
static void leave(engine *e, uint32_t ti);
static void scope_done(engine *e, uint32_t si);
static uint32_t clone(engine *e, uint32_t ti);
static void check_or_joins(engine *e, uint32_t cs);
static void cancel_scope(engine *e, uint32_t si);
static void dispatch(engine *e, rrole *r);

/* Steps a ready token, then lets the inclusive joins of its case see
 * what changed (a model without inclusive joins has none waiting). */
static ALWAYS_INLINE void run_ready(engine *e, uint32_t ti, uint32_t cs)
{
    step(e, ti);
    if (e->p->nincl && CASE(e, cs)->nincl > 0 && CASE(e, cs)->head != NONE)
        check_or_joins(e, cs);
}

static void token_die(engine *e, uint32_t ti)
{
    uint32_t cs = TOK(e, ti)->cs;
    uint32_t si = token_free(e, ti);
    scope *s = SCOPE(e, si);
    if (s->ntok == 0 && s->alive)
        scope_done(e, si);
    else if (e->p->nincl && CASE(e, cs)->nincl > 0)
        check_or_joins(e, cs);
}

static COLD_PATH void log_record(engine *e, const tok *t, double end)
{
    if (e->nlog == e->caplog) {
        e->caplog = e->caplog ? 2 * e->caplog : 1024;
        e->log = alloc_resize(e->log, sizeof *e->log * e->caplog, 1);
    }
    e->log[e->nlog++] = (evlog_rec){CASE(e, t->cs)->no, t->node, e->nodes[t->node].role, t->server,
                                    t->enabled, t->start, end};
}

/* Records the task's execution when an event log was asked for. */
static ALWAYS_INLINE void log_task(engine *e, const tok *t, double end)
{
    if (e->logging)
        log_record(e, t, end);
}

/* Stops whatever the token's activity is doing (queue, service, inner
 * scope) without moving the token. */
static void cancel_activity(engine *e, uint32_t ti)
{
    tok *t = TOK(e, ti);
    const plan_node *n = &e->nodes[t->node];
    rrole *r = n->role >= 0 ? &e->roles[n->role] : NULL;
    if (t->state == TS_QUEUED && r) {
        role_wait_add(e, r, t->enabled, e->now);
        r->qlive--; /* its queue entry goes stale with the generation */
    } else if (t->state == TS_SERVICE) {
        log_task(e, t, e->now);
        if (r && r->staff != SIM_STAFF_UNLIMITED) {
            role_busy_add(e, r, t->start, e->now);
            r->busy--;
            r->servers[r->nservers++] = t->server;
            t->state = TS_READY;
            t->gen++;
            dispatch(e, r);
        }
    } else if (t->state == TS_SCOPE && t->child != NONE) {
        uint32_t child = t->child;
        t->child = NONE;
        cancel_scope(e, child);
    } else if (t->state == TS_JOIN && n->kind == PK_OR) {
        CASE(e, t->cs)->nincl--;
        t->state = TS_READY;
    }
    t->gen++;
}

/* Kills every token of scope si but keep (NONE for all). */
static void kill_scope_tokens(engine *e, uint32_t si, uint32_t keep)
{
    uint32_t cs = SCOPE(e, si)->cs;
    for (;;) {
        uint32_t victim = NONE;
        for (uint32_t ti = CASE(e, cs)->head; ti != NONE; ti = TOK(e, ti)->next)
            if (TOK(e, ti)->scope == si && ti != keep) {
                victim = ti;
                break;
            }
        if (victim == NONE)
            return;
        cancel_activity(e, victim);
        token_free(e, victim);
    }
}

static void cancel_scope(engine *e, uint32_t si)
{
    scope *s = SCOPE(e, si);
    s->alive = 0;
    kill_scope_tokens(e, si, NONE);
    s = SCOPE(e, si);
    wip_close(e, s, CASE(e, s->cs)->cls, e->now);
    pool_put(&e->scopes, si);
}

/* ---- cases -------------------------------------------------------------- */

static void case_done(engine *e, uint32_t cs)
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

/* Non-timer boundary events (<triggers>) fire when the work of their
 * activity -- a task or a whole sub-process -- is done: an interrupting one
 * takes the token down its own flow (returns 1), a non-interrupting one
 * sends a copy and lets the token leave normally (returns 0). */
static int fire_triggers(engine *e, uint32_t ti)
{
    tok *t = TOK(e, ti);
    const plan_node *n = &e->nodes[t->node];
    for (int k = 0; k < n->nbnd; k++) {
        const plan_node *b = &e->nodes[n->bnd[k]];
        if (b->trigger <= 0 || keydraw_uniform(TOKEN_KEY(e, t, SALT_TRIGGER + (uint64_t)k)) >= b->trigger)
            continue;
        if (b->interrupting) {
            t->gen++;
            t->node = n->bnd[k];
            t->flow = -1;
            push_ready(e, ti);
            return 1;
        }
        uint32_t x = clone(e, ti);
        TOK(e, x)->node = n->bnd[k];
        TOK(e, x)->flow = -1;
        push_ready(e, x);
        t = TOK(e, ti);
    }
    return 0;
}

static void scope_done(engine *e, uint32_t si)
{
    scope *s = SCOPE(e, si);
    if (s->ptok == NONE) {
        case_done(e, s->cs);
        return;
    }
    uint32_t pt = s->ptok;
    kase *c = CASE(e, s->cs);
    const plan_node *pn = &e->nodes[TOK(e, pt)->node];
    if (pn->kind == PK_CALL && c->measured)
        cycle_record(e, s->process, c->cls, e->now - s->start);
    wip_close(e, s, c->cls, e->now);
    s->alive = 0;
    pool_put(&e->scopes, si);
    tok *t = TOK(e, pt);
    t->child = NONE;
    run_hooks(e, c, pn->done_hooks, pn->ndone, e->now);
    if (!fire_triggers(e, pt))
        leave(e, pt);
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

/* ---- roles -------------------------------------------------------------- */

static ALWAYS_INLINE void task_started(engine *e, uint32_t ti, double t0)
{
    tok *t = TOK(e, ti);
    const plan_node *n = &e->nodes[t->node];
    kase *c = CASE(e, t->cs);
    t->start = t0;
    t->state = TS_SERVICE;
    if (c->measured && n->task >= 0) {
        tstat *s = &e->ts[n->task];
        s->wait_sum += t0 - t->enabled;
        s->wait_n++;
        qhist_add(&s->w, t0 - t->enabled);
    }
    run_hooks(e, c, n->start_hooks, n->nstart, t0);
}

static void dispatch(engine *e, rrole *r)
{
    while (r->busy < r->staff && r->qlive > 0) {
        if (!r->flat && !calendar_is_working(r->cal, e->now)) {
            if (!r->open_pending) {
                r->open_pending = 1;
                schedule(e, calendar_next_open(r->cal, e->now), EV_OPEN, (uint32_t)(r - e->roles), 0, 0);
            }
            return;
        }
        evq_event x;
        int popped = evq_wait_pop(&r->q, &x);
        assert(popped); /* qlive counts live entries in the queue */
        (void)popped;
        tok *t = TOK(e, x.ref);
        if (t->gen != x.gen || t->state != TS_QUEUED)
            continue; /* cancelled while waiting */
        role_wait_add(e, r, t->enabled, e->now);
        r->qlive--;
        r->busy++;
        t->server = r->servers[--r->nservers];
        task_started(e, x.ref, e->now);
        double end = r->flat ? e->now + t->work : calendar_add_work(r->cal, e->now, t->work);
        schedule(e, end, EV_DONE, x.ref, t->gen, 0);
    }
}

/* ---- activities ------------------------------------------------------------ */

static double timer_deadline(const engine *e, const plan_timer *tm, double now)
{
    switch (tm->mode) {
    case PT_DURATION:
        return tm->dur.cal < 0 ? now + tm->dur.sec : calendar_add_work(e->p->cals[tm->dur.cal].cal, now, tm->dur.sec);
    case PT_DATE:
        return tm->at > now ? tm->at : now;
    case PT_EVERY:
        if (now <= tm->first)
            return tm->first;
        return tm->first + ceil((now - tm->first) / tm->every - 1e-12) * tm->every;
    case PT_NONE:
        break;
    }
    return INFINITY;
}

static void arm_boundaries_of(engine *e, uint32_t ti);

/* Schedules the timer boundary events of the token's activity. */
static inline void arm_boundaries(engine *e, uint32_t ti)
{
    if (e->nodes[TOK(e, ti)->node].nbnd)
        arm_boundaries_of(e, ti);
}

static void arm_boundaries_of(engine *e, uint32_t ti)
{
    tok *t = TOK(e, ti);
    const plan_node *n = &e->nodes[t->node];
    for (int k = 0; k < n->nbnd; k++) {
        const plan_node *b = &e->nodes[n->bnd[k]];
        if (b->mn->evdef != MODEL_EVDEF_TIMER || b->timer.mode == PT_NONE)
            continue;
        double when = timer_deadline(e, &b->timer, e->now);
        if (when <= e->p->tend)
            schedule(e, when, EV_BOUND, ti, t->gen, (uint32_t)k | 1u << 16);
    }
}

static double roster_time(engine *e, uint32_t ti, int ri)
{
    tok *t = TOK(e, ti);
    kase *c = CASE(e, t->cs);
    const plan_roster *r = &e->p->rosters[ri];
    gsl_rng *g = draw(e, TOKEN_KEY(e, t, SALT_ROSTER));
    double time = 0;
    int answered = 0;
    for (int k = 0; k < r->rounds && !answered; k++)
        for (int i = 0; i < r->n && !answered; i++) {
            time += r->attempt;
            answered = gsl_rng_uniform(g) < r->p[i];
        }
    if (!answered && r->backup) { /* the backup: bounded, p > 0 is checked at load */
        int tries = 0;
        do
            time += r->backup_attempt;
        while (gsl_rng_uniform(g) >= r->backup_p && ++tries < 100000);
    }
    roster_out(e, c)[ri] = answered ? 1 : 2;
    if (c->measured) {
        e->ros_calls[ri]++;
        e->ros_backup[ri] += !answered;
        e->ros_time[ri] += time;
    }
    return time;
}

static void task_enter(engine *e, uint32_t ti)
{
    const plan *p = e->p;
    tok *t = TOK(e, ti);
    const plan_node *n = &e->nodes[t->node];
    kase *c = CASE(e, t->cs);
    int di = p->dur_of[t->node * p->nclasses + c->cls];
    double work = di >= 0 ? sample(e, &p->durs[di].d, TOKEN_KEY(e, t, SALT_DUR)) : 0;
    if (n->roster >= 0)
        work += roster_time(e, ti, n->roster);
    t->work = work;
    arm_boundaries(e, ti);
    rrole *r = n->role >= 0 ? &e->roles[n->role] : NULL;
    if (!r) {
        task_started(e, ti, e->now);
        schedule(e, e->now + work, EV_DONE, ti, t->gen, 0);
    } else if (r->staff == SIM_STAFF_UNLIMITED) {
        double t0 = r->flat ? e->now : calendar_next_open(r->cal, e->now);
        task_started(e, ti, t0);
        schedule(e, r->flat ? e->now + work : calendar_add_work(r->cal, e->now, work), EV_DONE, ti, t->gen, 0);
    } else if (r->busy < r->staff && r->qlive == 0 && (r->flat || calendar_is_working(r->cal, e->now))) {
        /* nobody waits and someone is free: no need for the queue */
        r->busy++;
        t->server = r->servers[--r->nservers];
        task_started(e, ti, e->now);
        schedule(e, r->flat ? e->now + work : calendar_add_work(r->cal, e->now, work), EV_DONE, ti, t->gen, 0);
    } else {
        t->state = TS_QUEUED; /* waiting since t->enabled, now */
        r->qlive++;
        evq_wait_push(&r->q, c->prio, ti, t->gen);
        dispatch(e, r);
    }
}

static void scope_enter(engine *e, uint32_t ti)
{
    tok *t = TOK(e, ti);
    const plan_node *n = &e->nodes[t->node];
    int process = e->nodes[n->inner_start].process;
    uint32_t si = scope_new(e, t->cs, t->scope, ti, process);
    t = TOK(e, ti);
    t->state = TS_SCOPE;
    t->child = si;
    arm_boundaries(e, ti);
    push_ready(e, token_at_start(e, t->cs, si, n->inner_start));
}

/* ---- routing ------------------------------------------------------------ */

static ALWAYS_INLINE void move(engine *e, uint32_t ti, int flow)
{
    tok *t = TOK(e, ti);
    t->node = e->flows[flow].dst;
    t->flow = flow;
    push_ready(e, ti);
}

static uint32_t clone(engine *e, uint32_t ti)
{
    tok *t = TOK(e, ti);
    return token_new(e, t->cs, t->scope, t->node, t->flow);
}

static int choose_one(engine *e, const tok *t, const plan_node *n, const plan_branch *b)
{
    if (b->mode == PB_ROSTER) {
        int want = roster_out(e, CASE(e, t->cs))[b->roster] == 2 ? PB_WHEN_BACKUP : PB_WHEN_ANSWERED;
        for (int j = 0; j < n->nout; j++)
            if (b->when[j] == want)
                return j;
        for (int j = 0; j < n->nout; j++)
            if (b->when[j] == PB_WHEN_REACHED)
                return j;
        return 0;
    }
    double u = keydraw_uniform(TOKEN_KEY(e, t, SALT_BRANCH)), acc = 0;
    int last = 0;
    for (int j = 0; j < n->nout; j++) {
        if (b->p[j] <= 0)
            continue;
        acc += b->p[j];
        last = j;
        if (u < acc)
            return j;
    }
    return last;
}

/* Inclusive choice: each branch independently; when none is taken, the
 * default flow, else a fresh draw (conditioning on at least one). */
static int choose_some(engine *e, const tok *t, const plan_node *n, const plan_branch *b, unsigned char *take)
{
    gsl_rng *g = draw(e, TOKEN_KEY(e, t, SALT_BRANCH));
    for (int tries = 0; tries < 1000; tries++) {
        int any = 0;
        for (int j = 0; j < n->nout; j++)
            any += take[j] = gsl_rng_uniform(g) < b->p[j];
        if (any)
            return any;
        int def = n->mn->default_flow;
        for (int j = 0; def >= 0 && j < n->nout; j++)
            if (e->flows[n->out[j]].mf == model_flow_at(e->p->models[n->model].m, def)) {
                take[j] = 1;
                return 1;
            }
    }
    int best = 0;
    for (int j = 1; j < n->nout; j++)
        if (b->p[j] > b->p[best])
            best = j;
    take[best] = 1;
    return 1;
}

static COLD_PATH void leave_choosing(engine *e, uint32_t ti, tok *t, const plan_node *n);

static void leave(engine *e, uint32_t ti)
{
    tok *t = TOK(e, ti);
    const plan_node *n = &e->nodes[t->node];
    t->gen++; /* whatever was pending for the node is over */
    if (n->nout == 0)
        token_die(e, ti);
    else if (n->nout == 1)
        move(e, ti, n->out[0]);
    else
        leave_choosing(e, ti, t, n);
}

/* Leaving by one of several flows, or by several: the choice, or the
 * copies, out of leave's line so that the common single flow pays for
 * none of it. */
static COLD_PATH void leave_choosing(engine *e, uint32_t ti, tok *t, const plan_node *n)
{
    const plan *p = e->p;
    int bi = p->branch_of[t->node * p->nclasses + CASE(e, t->cs)->cls];
    if ((n->kind == PK_XOR || n->kind == PK_EVGW) && bi >= 0) {
        move(e, ti, n->out[choose_one(e, t, n, &p->branches[bi])]);
        return;
    }
    unsigned char take[256];
    unsigned char *tk = n->nout <= 256 ? take : alloc_resize(NULL, (size_t)n->nout, 1);
    if (bi >= 0 && (n->kind == PK_OR || n->multi_out))
        choose_some(e, t, n, &p->branches[bi], tk);
    else
        memset(tk, 1, (size_t)n->nout);
    int first = -1;
    for (int j = 0; j < n->nout; j++) {
        if (!tk[j])
            continue;
        if (first < 0)
            first = j;
        else
            move(e, clone(e, ti), n->out[j]);
    }
    move(e, ti, n->out[first]);
    if (tk != take)
        free(tk);
}

/* Parallel join: fires when every incoming flow has a token waiting in
 * the same scope. */
static void and_join(engine *e, uint32_t ti)
{
    tok *t = TOK(e, ti);
    const plan_node *n = &e->nodes[t->node];
    t->state = TS_JOIN;
    uint32_t pick[64], *pk = n->nin <= 64 ? pick : alloc_resize(NULL, (size_t)n->nin, sizeof(uint32_t));
    int ok = 1;
    for (int j = 0; j < n->nin && ok; j++) {
        pk[j] = NONE;
        for (uint32_t x = CASE(e, t->cs)->head; x != NONE; x = TOK(e, x)->next) {
            tok *y = TOK(e, x);
            if (y->state == TS_JOIN && y->node == t->node && y->scope == t->scope && y->flow == n->in[j]) {
                pk[j] = x;
                break;
            }
        }
        ok = pk[j] != NONE;
    }
    if (ok) {
        for (int j = 0; j < n->nin; j++)
            if (pk[j] != ti)
                token_free(e, pk[j]);
        leave(e, ti);
    }
    if (pk != pick)
        free(pk);
}

/* Inclusive joins of case cs: each fires once no token of its scope can
 * still reach it (BPMN's non-local semantics, via the reach table). */
static void check_or_joins(engine *e, uint32_t cs)
{
    const plan *p = e->p;
    for (uint32_t ti = CASE(e, cs)->head; ti != NONE; ti = TOK(e, ti)->next) {
        tok *t = TOK(e, ti);
        const plan_node *n = &e->nodes[t->node];
        if (t->state != TS_JOIN || n->kind != PK_OR)
            continue;
        const unsigned char *row = p->reach + (size_t)n->incl * (size_t)p->nnodes;
        int blocked = 0;
        for (uint32_t x = CASE(e, cs)->head; x != NONE && !blocked; x = TOK(e, x)->next) {
            tok *y = TOK(e, x);
            if (y->scope != t->scope || (y->state == TS_JOIN && y->node == t->node))
                continue;
            blocked = row[y->node];
        }
        if (blocked)
            continue;
        /* fire: keep this token, consume one waiting token per other flow */
        int fired_node = t->node;
        uint32_t sc = t->scope;
        for (int j = 0; j < n->nin; j++) {
            if (n->in[j] == t->flow)
                continue;
            for (uint32_t x = CASE(e, cs)->head; x != NONE; x = TOK(e, x)->next) {
                tok *y = TOK(e, x);
                if (y->state == TS_JOIN && y->node == fired_node && y->scope == sc && y->flow == n->in[j]) {
                    token_free(e, x);
                    break;
                }
            }
        }
        CASE(e, cs)->nincl--;
        t->state = TS_READY;
        leave(e, ti);
        return; /* the list changed; the next step checks again */
    }
}

/* A token has just reached its node. */
static void step(engine *e, uint32_t ti)
{
    const plan *p = e->p;
    tok *t = TOK(e, ti);
    kase *c = CASE(e, t->cs);
    const plan_node *n = &e->nodes[t->node];
    if (++e->steps_now > RUNAWAY_STEPS) {
        e->runaway = t->node;
        token_die(e, ti);
        return;
    }
    if (n->tracked) { /* elsewhere the number is never read */
        uint16_t *vis = visits(e, c);
        if (vis[t->node] == 0)
            visited(e, c)[c->nvisited++] = (uint16_t)t->node;
        if (vis[t->node] < UINT16_MAX)
            vis[t->node]++;
        t->visit = vis[t->node];
    }
    t->enabled = e->now;
    t->state = TS_READY;
    run_hooks(e, c, n->enter_hooks, n->nenter, e->now);
    switch (n->kind) {
    case PK_START:
    case PK_PASS:
    case PK_BOUNDARY:
    case PK_XOR:
    case PK_EVGW:
        leave(e, ti);
        break;
    case PK_END:
    case PK_NONE:
        token_die(e, ti);
        break;
    case PK_TERMINATE:
        kill_scope_tokens(e, t->scope, ti);
        token_die(e, ti);
        break;
    case PK_TASK:
        task_enter(e, ti);
        break;
    case PK_SUB:
    case PK_CALL:
        scope_enter(e, ti);
        break;
    case PK_AND:
        if (n->nin > 1)
            and_join(e, ti);
        else
            leave(e, ti);
        break;
    case PK_OR:
        if (n->nin > 1) {
            t->state = TS_JOIN;
            c->nincl++;
            check_or_joins(e, t->cs);
        } else {
            leave(e, ti);
        }
        break;
    case PK_TIMER: {
        double when = timer_deadline(e, &n->timer, e->now);
        t->state = TS_WAIT;
        if (when <= p->tend)
            schedule(e, when, EV_WAKE, ti, t->gen, 0);
        break;
    }
    case PK_WAIT: {
        int di = p->dur_of[t->node * p->nclasses + c->cls];
        double w = di >= 0 ? sample(e, &p->durs[di].d, TOKEN_KEY(e, t, SALT_DUR)) : 0;
        if (w > 0) {
            t->state = TS_WAIT;
            schedule(e, e->now + w, EV_WAKE, ti, t->gen, 0);
        } else {
            leave(e, ti);
        }
        break;
    }
    case PK_LINK:
        t->node = n->link;
        t->flow = -1;
        push_ready(e, ti);
        break;
    }
}

static void drain(engine *e)
{
    while (e->nready) {
        uint32_t ti = e->ready[--e->nready];
        tok *t = TOK(e, ti);
        if (t->state == TS_READY)
            run_ready(e, ti, t->cs);
    }
}

/* ---- event handlers ------------------------------------------------------ */

static void on_done(engine *e, uint32_t ti)
{
    tok *t = TOK(e, ti);
    const plan_node *n = &e->nodes[t->node];
    kase *c = CASE(e, t->cs);
    rrole *r = n->role >= 0 ? &e->roles[n->role] : NULL;
    log_task(e, t, e->now);
    if (c->measured && n->task >= 0) {
        e->ts[n->task].svc_sum += t->work;
        e->ts[n->task].svc_n++;
    }
    if (r && r->staff != SIM_STAFF_UNLIMITED) {
        role_busy_add(e, r, t->start, e->now);
        r->busy--;
        r->servers[r->nservers++] = t->server;
    }
    t->state = TS_READY;
    run_hooks(e, c, n->done_hooks, n->ndone, e->now);
    if (!n->nbnd || !fire_triggers(e, ti))
        leave(e, ti);
    if (r && r->staff != SIM_STAFF_UNLIMITED && r->qlive > 0)
        dispatch(e, r);
}

static void on_bound(engine *e, uint32_t ti, uint32_t aux)
{
    tok *t = TOK(e, ti);
    const plan_node *n = &e->nodes[t->node];
    int k = (int)(aux & 0xffff), fired = (int)(aux >> 16);
    int bnode = n->bnd[k];
    const plan_node *b = &e->nodes[bnode];
    if (b->interrupting) {
        cancel_activity(e, ti);
        t = TOK(e, ti);
        t->node = bnode;
        t->flow = -1;
        push_ready(e, ti);
        return;
    }
    uint32_t x = token_new(e, t->cs, t->scope, bnode, -1);
    push_ready(e, x);
    t = TOK(e, ti);
    if (b->timer.repeat < 0 || fired < b->timer.repeat) {
        double when = timer_deadline(e, &b->timer, e->now + (b->timer.mode == PT_EVERY ? 1e-9 : 0));
        if (when > e->now && when <= e->p->tend)
            schedule(e, when, EV_BOUND, ti, t->gen, (uint32_t)k | (uint32_t)(fired + 1) << 16);
    }
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

static void first_arrival(engine *e, int ai)
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

static void on_arrival(engine *e, int ai)
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

/* ---- replication --------------------------------------------------------- */

static engine *engine_new(const plan *p)
{
    engine *e = alloc_zero(1, sizeof *e);
    e->p = p;
    e->nodes = p->nodes;
    e->flows = p->flows;
    plan_layout_init(p, &e->lay);
    e->draw = gsl_rng_alloc(gsl_rng_flowmc_philox);
    e->arr_rng = alloc_zero((size_t)p->narrivals + 1, sizeof *e->arr_rng);
    for (int i = 0; i < p->narrivals; i++)
        e->arr_rng[i] = gsl_rng_alloc(gsl_rng_flowmc_philox);
    evq_init(&e->q);
    evq_init(&e->aq);
    pool_init(&e->toks, sizeof(tok));
    pool_init(&e->scopes, sizeof(scope));
    pool_init(&e->cases, sizeof(kase));
    size_t n = (size_t)p->nnodes;
    e->off_visited = 2 * n;
    e->off_from = (4 * n + 7) & ~(size_t)7;
    e->off_state = e->off_from + sizeof(double) * (size_t)p->nslas;
    e->off_roster = e->off_state + (size_t)p->nslas;
    e->bsize = (e->off_roster + (size_t)p->nrosters + 7) & ~(size_t)7;
    pool_init(&e->blocks, e->bsize);
    e->roles = alloc_zero((size_t)p->nroles + 1, sizeof *e->roles);
    int one_priority = 1;
    for (int k = 1; k < p->nclasses; k++)
        one_priority &= p->classes[k].priority == p->classes[0].priority;
    for (int i = 0; i < p->nroles; i++) {
        rrole *r = &e->roles[i];
        evq_wait_init(&r->q, one_priority);
        r->pr = &p->roles[i];
        r->cal = p->cals[r->pr->cal].cal;
        r->flat = p->cals[r->pr->cal].flat;
        r->staff = r->pr->staff;
        if (r->staff > 0)
            r->servers = alloc_zero((size_t)r->staff, sizeof(int));
    }
    int ncyc = p->ncycle * e->lay.groups;
    e->cyc = alloc_zero((size_t)ncyc + 1, sizeof *e->cyc);
    e->cycp = alloc_zero((size_t)p->nprocs + 1, sizeof *e->cycp);
    for (int i = 0; i < p->nprocs; i++)
        e->cycp[i] = p->procs[i].slot < 0 ? NULL : &e->cyc[p->procs[i].slot * e->lay.groups];
    for (int i = 0; i < ncyc; i++) {
        qhist_init(&e->cyc[i].q);
    }
    e->ts = alloc_zero((size_t)p->ntasks + 1, sizeof *e->ts);
    for (int i = 0; i < p->ntasks; i++) {
        qhist_init(&e->ts[i].w);
    }
    e->end_n = alloc_zero((size_t)p->nends + 1, sizeof(long));
    e->lvl_n = alloc_zero((size_t)p->nlevels + 1, sizeof(long));
    e->ros_calls = alloc_zero((size_t)p->nrosters + 1, sizeof(long));
    e->ros_backup = alloc_zero((size_t)p->nrosters + 1, sizeof(long));
    e->ros_time = alloc_zero((size_t)p->nrosters + 1, sizeof(double));
    e->sla_n = alloc_zero((size_t)p->nslas + 1, sizeof(long));
    e->sla_k = alloc_zero((size_t)p->nslas + 1, sizeof(long));
    e->sla_x = alloc_zero((size_t)p->nslas + 1, sizeof(long));
    e->sla_clocked = alloc_zero(3 * ((size_t)p->nslas + 1), sizeof(int));
    e->sla_at_start = e->sla_clocked + p->nslas + 1;
    e->sla_whole = e->sla_at_start + p->nslas + 1;
    for (int j = 0; j < p->nslas; j++) {
        const plan_sla *s = &p->slas[j];
        if (s->from < 0 && s->to < 0)
            e->sla_whole[e->nsla_whole++] = j;
        else
            e->sla_clocked[e->nsla_clocked++] = j;
        if (s->from < 0 && s->to >= 0)
            e->sla_at_start[e->nsla_at_start++] = j;
    }
    e->held = alloc_zero(n + 1, sizeof(long));
    e->pdf = qhist_pdf_new();
    e->held_age = alloc_zero(n + 1, sizeof(double));
    e->arr_k = alloc_zero((size_t)p->narrivals + 1, sizeof(long));
    e->done_root = alloc_zero((size_t)p->nprocs + 1, sizeof(long));
    e->arr_base = alloc_zero((size_t)p->narrivals + 1, sizeof(uint64_t));
    e->arr_pos = alloc_zero((size_t)p->narrivals + 1, sizeof(int));
    return e;
}

static void engine_free(engine *e)
{
    if (!e)
        return;
    const plan *p = e->p;
    gsl_rng_free(e->draw);
    for (int i = 0; i < p->narrivals; i++)
        gsl_rng_free(e->arr_rng[i]);
    free(e->arr_rng);
    evq_release(&e->q);
    evq_release(&e->aq);
    pool_release(&e->toks);
    pool_release(&e->scopes);
    pool_release(&e->cases);
    pool_release(&e->blocks);
    for (int i = 0; i < p->nroles; i++) {
        evq_wait_release(&e->roles[i].q);
        free(e->roles[i].servers);
    }
    free(e->roles);
    for (int i = 0; i < p->ncycle * e->lay.groups; i++) {
        qhist_release(&e->cyc[i].q);
    }
    free(e->cyc);
    free(e->cycp);
    for (int i = 0; i < p->ntasks; i++) {
        qhist_release(&e->ts[i].w);
    }
    free(e->ts);
    free(e->end_n);
    free(e->lvl_n);
    free(e->ros_calls);
    free(e->ros_backup);
    free(e->ros_time);
    free(e->sla_n);
    free(e->sla_k);
    free(e->sla_x);
    free(e->sla_clocked);
    free(e->held);
    free(e->held_age);
    gsl_histogram_pdf_free(e->pdf);
    free(e->arr_k);
    free(e->done_root);
    free(e->arr_base);
    free(e->arr_pos);
    free(e->ready);
    free(e->tmp);
    free(e->log);
    free(e);
}

/* Readies e for replication rep of the run with this seed: every key of the
 * replication derives from (seed, rep). */
static void engine_reset(engine *e, uint64_t seed, long rep)
{
    const plan *p = e->p;
    e->rep = rep;
    e->now = p->t0;
    e->steps_now = 0;
    e->runaway = -1;
    e->overflow = 0;
    e->case_no = 0;
    e->nready = 0;
    e->done = e->arrived = 0;
    memset(e->done_root, 0, sizeof(long) * (size_t)p->nprocs);
    evq_clear(&e->q);
    evq_clear(&e->aq);
    pool_reset(&e->toks, 0);
    pool_reset(&e->scopes, 0);
    pool_reset(&e->cases, 0);
    pool_reset(&e->blocks, 1);
    for (int i = 0; i < p->nroles; i++) {
        rrole *r = &e->roles[i];
        r->busy = r->qlive = r->open_pending = 0;
        evq_wait_clear(&r->q);
        r->area_busy = r->area_q = 0;
        r->nservers = r->staff > 0 ? r->staff : 0;
        for (int k = 0; k < r->nservers; k++)
            r->servers[k] = r->staff - k; /* server 1 is taken first */
    }
    for (int i = 0; i < p->ncycle * e->lay.groups; i++) {
        cyc *c = &e->cyc[i];
        c->sum = 0;
        c->n = 0;
        if (!e->sla_only) /* never read: spare the clearing */
            qhist_reset(&c->q);
        c->wip_area = 0;
    }
    for (int i = 0; i < p->ntasks; i++) {
        e->ts[i].wait_sum = 0;
        e->ts[i].wait_n = 0;
        if (!e->sla_only)
            qhist_reset(&e->ts[i].w);
        e->ts[i].svc_sum = 0;
        e->ts[i].svc_n = e->ts[i].visited = 0;
    }
    memset(e->end_n, 0, sizeof(long) * (size_t)p->nends);
    memset(e->lvl_n, 0, sizeof(long) * (size_t)p->nlevels);
    memset(e->ros_calls, 0, sizeof(long) * (size_t)p->nrosters);
    memset(e->ros_backup, 0, sizeof(long) * (size_t)p->nrosters);
    memset(e->ros_time, 0, sizeof(double) * (size_t)p->nrosters);
    memset(e->sla_n, 0, sizeof(long) * (size_t)p->nslas);
    memset(e->sla_k, 0, sizeof(long) * (size_t)p->nslas);
    memset(e->sla_x, 0, sizeof(long) * (size_t)p->nslas);
    memset(e->held, 0, sizeof(long) * (size_t)p->nnodes);
    memset(e->held_age, 0, sizeof(double) * (size_t)p->nnodes);
    for (int i = 0; i < p->narrivals; i++) {
        e->arr_base[i] = plan_mix(plan_mix(seed, (uint64_t)rep), p->arrivals[i].key);
        /* the line's stream: counters (base, n) under key 1, apart from the
         * keyed per-case draws (key 0); 2^32 blocks of two numbers each */
        flowmc_philox_reset(e->arr_rng[i], (philox2x64_ctr_t){{e->arr_base[i], 0}},
                            (philox2x64_key_t){{1}});
        e->arr_k[i] = 0;
        e->arr_pos[i] = 0;
    }
    e->nlog = 0;
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

/* Completed cases a share of node g is out of. */
static double share_base(const engine *e, int g)
{
    int root = e->nodes[g].root;
    return (double)(root >= 0 ? e->done_root[root] : e->done);
}


/* Closes the books at the horizon into the metric vector and SLA counts. */
static void engine_finish(engine *e, double *m, long *sla)
{
    const plan *p = e->p;
    const plan_layout *L = &e->lay;
    e->now = e->tend;
    double span = e->tend - p->twarm;
    long open = 0;
    for (uint32_t cs = 0; cs < e->cases.next; cs++) {
        kase *c = CASE(e, cs);
        if (!c->alive)
            continue;
        open++;
        /* censored cases: missed once already past the limit */
        double *from = sla_from(e, c);
        unsigned char *st = sla_state(e, c);
        for (int k = 0; k < e->nsla_clocked; k++) {
            int j = e->sla_clocked[k];
            if (st[j] == SLA_RUNNING)
                sla_censor(e, j, from[j]);
        }
        for (int k = 0; k < e->nsla_whole; k++) {
            int j = e->sla_whole[k];
            if (sla_for(&p->slas[j], c->cls))
                sla_censor(e, j, c->arrival);
        }
        for (uint32_t ti = c->head; ti != NONE; ti = TOK(e, ti)->next) {
            tok *t = TOK(e, ti);
            /* services and waits still running add their part of the
             * role integrals */
            int ri = t->state == TS_SERVICE || t->state == TS_QUEUED ? e->nodes[t->node].role : -1;
            if (ri >= 0 && e->roles[ri].staff != SIM_STAFF_UNLIMITED) {
                if (t->state == TS_SERVICE)
                    role_busy_add(e, &e->roles[ri], t->start, e->tend);
                else
                    role_wait_add(e, &e->roles[ri], t->enabled, e->tend);
            }
            if (t->state == TS_SCOPE)
                continue;
            e->held[t->node]++;
            if (e->tend - t->enabled > e->held_age[t->node])
                e->held_age[t->node] = e->tend - t->enabled;
        }
    }
    for (uint32_t si = 0; si < e->scopes.next; si++) {
        scope *s = SCOPE(e, si);
        if (s->alive)
            wip_close(e, s, CASE(e, s->cs)->cls, e->tend);
    }
    for (int j = 0; j < p->nslas; j++) {
        sla[2 * j] = e->sla_n[j];
        sla[2 * j + 1] = e->sla_k[j];
        m[L->sla + j] = ratio((double)e->sla_k[j], (double)e->sla_n[j]);
        const plan_sla *s = &p->slas[j];
        if (s->else_slot >= 0) /* out of every measured case: apart ones are not in sla_n */
            m[L->sla_else + s->else_slot] =
                ratio((double)e->sla_x[j],
                      (double)e->sla_n[j] + (s->elsewhere == SLA_ELSE_APART ? (double)e->sla_x[j] : 0));
    }
    for (int i = 0; i < p->ncycle * L->groups; i++) {
        cyc *c = &e->cyc[i];
        size_t n = (size_t)c->n;
        double area = c->wip_area;
        double *o = m + L->cycle + PL_CYCLE_PER * i;
        o[0] = n ? c->sum / (double)n : NAN;
        o[1] = e->sla_only ? NAN : qhist_quantile(&c->q, e->pdf, 0.50);
        o[2] = e->sla_only ? NAN : qhist_quantile(&c->q, e->pdf, 0.90);
        o[3] = e->sla_only ? NAN : qhist_quantile(&c->q, e->pdf, 0.95);
        o[4] = e->sla_only ? NAN : qhist_quantile(&c->q, e->pdf, 0.99);
        o[5] = area / span;
    }
    for (int i = 0; i < p->ntasks; i++) {
        tstat *t = &e->ts[i];
        size_t n = (size_t)t->wait_n;
        double *o = m + L->task + PL_TASK_PER * i;
        o[0] = ratio((double)t->visited, share_base(e, p->tasks[i]));
        o[1] = n ? t->wait_sum / (double)n : NAN;
        o[2] = e->sla_only ? NAN : qhist_quantile(&t->w, e->pdf, 0.95);
        o[3] = ratio(t->svc_sum, (double)t->svc_n);
        o[4] = (double)n;
    }
    for (int i = 0; i < p->nroles; i++) {
        rrole *r = &e->roles[i];
        double avail = r->flat ? span : calendar_work_between(r->cal, p->twarm, e->tend);
        double *o = m + L->role + PL_ROLE_PER * i;
        o[0] = r->staff > 0 ? ratio(r->area_busy, r->staff * avail) : NAN;
        o[1] = r->staff > 0 ? r->area_q / span : NAN;
        o[2] = r->staff > 0 ? r->qlive : NAN;
    }
    for (int i = 0; i < p->nends; i++)
        m[L->end + i] = ratio((double)e->end_n[i], share_base(e, p->ends[i]));
    for (int i = 0; i < p->nlevels; i++)
        m[L->level + i] = p->levels[i].node >= 0 ? ratio((double)e->lvl_n[i], share_base(e, p->levels[i].node)) : NAN;
    for (int i = 0; i < p->nrosters; i++) {
        m[L->roster + PL_ROSTER_PER * i] = ratio((double)e->ros_backup[i], (double)e->ros_calls[i]);
        m[L->roster + PL_ROSTER_PER * i + 1] = ratio(e->ros_time[i], (double)e->ros_calls[i]);
    }
    m[L->cases] = (double)e->arrived;
    m[L->cases + 1] = (double)e->done;
    m[L->cases + 2] = (double)open;
}

static void engine_run(engine *e, uint64_t seed, long rep, double *m, long *sla)
{
    const plan *p = e->p;
    engine_reset(e, seed, rep);
    for (int i = 0; i < p->narrivals; i++)
        first_arrival(e, i);
    evq_event ev;
    double last = p->t0;
    evq *src;
    /* a run whose arrival lines all have limits ends when its last event
     * has happened (every case finished, or stuck), the horizon a cap */
    e->tend = p->tend;
    int capped = 0;
    while (e->runaway < 0 && !e->overflow && (src = next_queue(e)) && evq_pop(src, &ev)) {
        if (ev.t > p->tend) {
            capped = 1;
            break;
        }
        e->now = ev.t;
        if (ev.t != last) {
            e->steps_now = 0;
            last = ev.t;
        }
        switch (ev.kind) {
        case EV_ARRIVAL:
            on_arrival(e, (int)ev.ref);
            break;
        case EV_OPEN:
            e->roles[ev.ref].open_pending = 0;
            dispatch(e, &e->roles[ev.ref]);
            break;
        case EV_DONE:
            if (TOK(e, ev.ref)->gen == ev.gen && TOK(e, ev.ref)->state == TS_SERVICE)
                on_done(e, ev.ref);
            break;
        case EV_WAKE:
            if (TOK(e, ev.ref)->gen == ev.gen && TOK(e, ev.ref)->state == TS_WAIT)
                leave(e, ev.ref);
            break;
        case EV_BOUND: {
            tok *t = TOK(e, ev.ref);
            if (t->gen == ev.gen && t->state != TS_FREE && t->state != TS_READY)
                on_bound(e, ev.ref, ev.aux);
            break;
        }
        }
        drain(e);
    }
    if (p->until_done && !capped && e->runaway < 0 && !e->overflow)
        e->tend = fmax(e->now, p->twarm);
    engine_finish(e, m, sla);
}

/* ---- threads ---------------------------------------------------------------- */

typedef struct shared {
    const plan *p;
    const sim_options *o;
    sim_result *res;
    par_run *run;        /* hands out the replications, over ranks too */
    char *mine;          /* replications this process ran */
    pthread_mutex_t lock;
    int done;
    gather_tally t;      /* held cases, the first runaway and overflow */
    atomic_int stop;     /* set when the run can only fail */
    evlog_rec *log; size_t nlog;
} shared;

static void *worker(void *arg)
{
    shared *sh = arg;
    engine *e = engine_new(sh->p);
    for (;;) {
        int k = par_run_next(sh->run);
        if (k < 0 || atomic_load(&sh->stop))
            break;
        sh->mine[k] = 1;
        long rep = (long)sh->o->first_replication + k;
        e->logging = sh->o->log_path && k == 0;
        e->sla_only = sh->o->sla_only;
        engine_run(e, sh->o->seed, rep, result_metrics(sh->res, k), result_sla_counts(sh->res, k));
        pthread_mutex_lock(&sh->lock);
        for (int g = 0; g < sh->p->nnodes; g++) {
            sh->t.held[g] += e->held[g];
            if (e->held_age[g] > sh->t.held_age[g])
                sh->t.held_age[g] = e->held_age[g];
        }
        if (e->overflow && (!sh->t.overflow || rep < sh->t.overflow_rep)) {
            atomic_store(&sh->stop, 1); /* the run fails: no need for the rest */
            sh->t.overflow = 1;
            sh->t.overflow_rep = rep;
            sh->t.overflow_role = e->overflow_role;
            sh->t.overflow_queue = e->overflow_queue;
            sh->t.overflow_t = e->overflow_t - sh->p->t0;
        }
        if (e->runaway >= 0 && (sh->t.runaway < 0 || rep < sh->t.runaway_rep)) {
            sh->t.runaway = e->runaway;
            sh->t.runaway_rep = rep;
        }
        if (e->logging) {
            sh->log = e->log;
            sh->nlog = e->nlog;
            e->log = NULL;
            e->nlog = e->caplog = 0;
        }
        sh->done++;
        if (sh->o->progress)
            sh->o->progress(sh->o->progress_user, sh->done, sh->o->replications);
        pthread_mutex_unlock(&sh->lock);
    }
    engine_free(e);
    return NULL;
}

void sim_options_init(sim_options *o, const sim_scenario *s)
{
    memset(o, 0, sizeof *o);
    const plan *p = sim_scenario_plan(s);
    o->replications = p->replications;
    o->seed = p->seed;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads = n > 0 ? (int)n : 1;
}

/* Warnings a planner must see before trusting the figures. */
static void load_warnings(const plan *p, diag_list *d)
{
    for (int i = 0; i < p->nroles; i++) {
        const plan_role *r = &p->roles[i];
        if (r->staff <= 0 || !r->used || isnan(r->offered))
            continue;
        double wf = calendar_working_fraction(p->cals[r->cal].cal);
        double rho = r->offered / (r->staff * wf);
        if (rho >= 1)
            diag_add(d, DIAG_WARNING, "unstable", p->path, r->line, r->id, NULL,
                     "role '%s' is overloaded: %.3g erlangs of work over %d staff working %.0f%% of the week "
                     "(utilisation %.3g >= 1); %s",
                     r->id, r->offered, r->staff, 100 * wf, rho,
                     p->until_done ? "its queue grows as long as cases arrive, and the last ones wait longest"
                                   : "its queue grows without bound, the run goes to the horizon");
    }
}

/* The error of a run stopped at SIM_MAX_OPEN_CASES, naming the queue that
 * grew and, when the scenario's load says it, the role's utilisation. */
static void overflow_error(const plan *p, const shared *sh, diag_list *d)
{
    double days = sh->t.overflow_t / 86400;
    if (sh->t.overflow_role < 0) {
        diag_add(d, DIAG_ERROR, "overloaded", p->path, 0, NULL, NULL,
                 "%ld cases were in progress at once after %.1f days of replication %ld, flowmc's "
                 "limit: the system does not keep up with its arrivals; the run is stopped",
                 SIM_MAX_OPEN_CASES, days, sh->t.overflow_rep);
        return;
    }
    const plan_role *r = &p->roles[sh->t.overflow_role];
    char util[64] = "";
    if (r->staff > 0 && r->used && !isnan(r->offered)) {
        double wf = calendar_working_fraction(p->cals[r->cal].cal);
        snprintf(util, sizeof util, " (utilisation %.3g)", r->offered / (r->staff * wf));
    }
    diag_add(d, DIAG_ERROR, "overloaded", p->path, r->line, r->id, NULL,
             "the queue at role '%s' grew past %ld cases after %.1f days of replication %ld (%ld cases "
             "in progress, flowmc's limit): the system is overloaded%s; the run is stopped",
             r->id, sh->t.overflow_queue, days, sh->t.overflow_rep, SIM_MAX_OPEN_CASES, util);
}

static void held_warnings(const plan *p, const shared *sh, const sim_result *res, diag_list *d)
{
    const plan_layout *L = NULL;
    plan_layout lay;
    plan_layout_init(p, &lay);
    L = &lay;
    int R = sim_result_replications(res);
    double arrived = 0, open = 0;
    for (int k = 0; k < R; k++) {
        arrived += result_metrics((sim_result *)res, k)[L->cases];
        open += result_metrics((sim_result *)res, k)[L->cases + 2];
    }
    double span = p->tend - p->twarm;
    for (int g = 0; g < p->nnodes; g++) {
        if (!sh->t.held[g])
            continue;
        const plan_node *n = &p->nodes[g];
        double per = (double)sh->t.held[g] / R;
        int joins = (n->kind == PK_AND || n->kind == PK_OR) && n->nin > 1;
        /* a token held for over half the measured span does not complete */
        int stuck = sh->t.held_age[g] > 0.5 * span;
        if (!stuck && !(open > 0.05 * arrived && per >= 1))
            continue;
        diag_add(d, DIAG_WARNING, stuck ? "stuck" : "incomplete", model_file(p->models[n->model].m),
                 n->mn->e.line, n->mn->e.id, n->mn->e.name,
                 "%s '%s' holds %.3g cases per replication at the horizon%s (the oldest for %.3g h)%s",
                 model_node_type_name(n->mn->type), n->mn->e.id, per,
                 joins ? ", waiting for tokens that never come" : "", sh->t.held_age[g] / 3600,
                 stuck ? ": these cases never complete" : "");
    }
}

/* Refuses a run whose work or result would pass the stated bounds, before
 * it starts: the expected cases over all replications, and the bytes the
 * result keeps per replication. */
static int too_big(const plan *p, const sim_options *o, diag_list *d)
{
    double cases = p->expected_cases * o->replications;
    if (cases > SIM_MAX_RUN_CASES) {
        diag_add(d, DIAG_ERROR, "too-long", p->path, 0, NULL, NULL,
                 "%d replications of about %.0f cases each would simulate %.3g cases (over 10^9, "
                 "flowmc's limit for one run): use at most %.0f replications, a shorter horizon or "
                 "lower rates", o->replications, p->expected_cases, cases,
                 floor(SIM_MAX_RUN_CASES / p->expected_cases));
        return -1;
    }
    plan_layout lay;
    plan_layout_init(p, &lay);
    double per = (double)lay.total * sizeof(double) + 2.0 * p->nslas * sizeof(long);
    if (per * o->replications > SIM_MAX_RESULT_BYTES) {
        diag_add(d, DIAG_ERROR, "too-many", p->path, 0, NULL, NULL,
                 "%d replications would keep %.0f MB of figures (%.0f bytes each; flowmc keeps at most "
                 "1 GB): use at most %.0f replications",
                 o->replications, per * o->replications / 1e6, per,
                 floor(SIM_MAX_RESULT_BYTES / per));
        return -1;
    }
    return 0;
}

sim_result *sim_run(const sim_scenario *s, const sim_options *o, diag_list *d)
{
    const plan *p = sim_scenario_plan(s);
    if (o->replications < 1 || o->threads < 1 || o->first_replication < 0) {
        diag_add(d, DIAG_ERROR, "usage", NULL, 0, NULL, NULL,
                 "replications and threads must be at least 1, the first replication at least 0");
        return NULL;
    }
    if (too_big(p, o, d) != 0)
        return NULL;
    if (o->log_path && evlog_check(o->log_path, o->log_force, d) != 0)
        return NULL;
    par_run *run = par_run_new(o->replications);
    if (!run)
        return NULL; /* another rank failed and said so */
    load_warnings(p, d);
    sim_result *res = result_new(p, o->replications, o->first_replication, o->seed);
    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.p = p;
    sh.o = o;
    sh.res = res;
    sh.run = run;
    sh.mine = alloc_zero((size_t)o->replications + 1, 1);
    atomic_init(&sh.stop, 0);
    pthread_mutex_init(&sh.lock, NULL);
    sh.t.nnodes = p->nnodes;
    sh.t.held = alloc_zero((size_t)p->nnodes + 1, sizeof(long));
    sh.t.held_age = alloc_zero((size_t)p->nnodes + 1, sizeof(double));
    sh.t.runaway = -1;
    int T = o->threads < o->replications ? o->threads : o->replications;
    pthread_t *th = alloc_zero((size_t)T, sizeof *th);
    int started = 0;
    for (int i = 1; i < T; i++)
        if (pthread_create(&th[i], NULL, worker, &sh) == 0)
            started++;
        else
            break;
    worker(&sh);
    for (int i = 1; i <= started; i++)
        pthread_join(th[i], NULL);
    free(th);
    pthread_mutex_destroy(&sh.lock);
    if (par_size() > 1 && gather_run(run, res, sh.mine, &sh.t) != 0)
        par_abort("out of memory gathering the replications");
    par_run_free(run);
    free(sh.mine);
    if (sh.t.runaway >= 0) {
        const plan_node *n = &p->nodes[sh.t.runaway];
        diag_add(d, DIAG_ERROR, "zero-time-loop", model_file(p->models[n->model].m), n->mn->e.line,
                 n->mn->e.id, n->mn->e.name,
                 "cases loop through '%s' without time passing (replication %ld): give a task on the loop a "
                 "duration or lower the loop's probability",
                 n->mn->e.id, sh.t.runaway_rep);
        sim_result_free(res);
        res = NULL;
    } else if (sh.t.overflow) {
        overflow_error(p, &sh, d);
        sim_result_free(res);
        res = NULL;
    } else {
        held_warnings(p, &sh, res, d);
        if (o->log_path && par_writer() && evlog_write(o->log_path, p, sh.log, sh.nlog, d) != 0) {
            sim_result_free(res);
            res = NULL;
        }
    }
    free(sh.log);
    free(sh.t.held);
    free(sh.t.held_age);
    return res;
}
