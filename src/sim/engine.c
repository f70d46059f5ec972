/*
 * engine: the discrete-event simulation of one replication -- an engine's
 * lifecycle (engine_new, engine_reset between replications, engine_free),
 * its pools and keyed generator, and the event loop that takes events in
 * time order (work done before timers before arrivals at one instant) and
 * hands each to the part of the engine it concerns.  engine_int.h
 * describes the state; sim_run (engine_driver.c) runs replications.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <Random123/gsl_microrng.h>
#include <Random123/philox.h>

#include "engine_int.h"

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

/* Grows the array (new records zeroed); aborts when out of memory. */
COLD_PATH void engine_pool_grow(pool *p)
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
COLD_PATH void engine_pool_move(pool *p)
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

/* Forgets every allocation; with wipe, zeroes the memory too. */
static void pool_reset(pool *p, int wipe)
{
    p->next = p->nfree = 0;
    if (wipe && p->base)
        memset(p->base, 0, (size_t)p->cap * p->size);
}

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

gsl_rng *engine_draw(engine *e, uint64_t key)
{
    flowmc_philox_reset(e->draw, (philox2x64_ctr_t){{key, 0}}, (philox2x64_key_t){{0}});
    return e->draw;
}

COLD_PATH void engine_log_record(engine *e, const tok *t, double end)
{
    if (e->nlog == e->caplog) {
        e->caplog = e->caplog ? 2 * e->caplog : 1024;
        e->log = alloc_resize(e->log, sizeof *e->log * e->caplog, 1);
    }
    e->log[e->nlog++] = (evlog_rec){CASE(e, t->cs)->no, t->node, e->nodes[t->node].role, t->server,
                                    t->enabled, t->start, end};
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

/* A keyed generator; gsl_rng_alloc returns NULL when out of memory (and
 * calls GSL's error handler, which need not end the process). */
static gsl_rng *philox_new(void)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_flowmc_philox);
    if (!g)
        alloc_fail("a random number generator");
    return g;
}

/* ---- replication --------------------------------------------------------- */

engine *engine_new(const plan *p)
{
    engine *e = alloc_zero(1, sizeof *e);
    e->p = p;
    e->nodes = p->nodes;
    e->flows = p->flows;
    plan_layout_init(p, &e->lay);
    e->draw = philox_new();
    e->arr_rng = alloc_zero((size_t)p->narrivals + 1, sizeof *e->arr_rng);
    for (int i = 0; i < p->narrivals; i++)
        e->arr_rng[i] = philox_new();
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

void engine_free(engine *e)
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

void engine_run(engine *e, uint64_t seed, long rep, double *m, long *sla)
{
    const plan *p = e->p;
    engine_reset(e, seed, rep);
    for (int i = 0; i < p->narrivals; i++)
        engine_first_arrival(e, i);
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
            engine_on_arrival(e, (int)ev.ref);
            break;
        case EV_OPEN:
            e->roles[ev.ref].open_pending = 0;
            engine_dispatch(e, &e->roles[ev.ref]);
            break;
        case EV_DONE:
            if (TOK(e, ev.ref)->gen == ev.gen && TOK(e, ev.ref)->state == TS_SERVICE)
                engine_on_done(e, ev.ref);
            break;
        case EV_WAKE:
            if (TOK(e, ev.ref)->gen == ev.gen && TOK(e, ev.ref)->state == TS_WAIT)
                engine_leave(e, ev.ref);
            break;
        case EV_BOUND: {
            tok *t = TOK(e, ev.ref);
            if (t->gen == ev.gen && t->state != TS_FREE && t->state != TS_READY)
                engine_on_bound(e, ev.ref, ev.aux);
            break;
        }
        }
        engine_drain(e);
    }
    if (p->until_done && !capped && e->runaway < 0 && !e->overflow)
        e->tend = fmax(e->now, p->twarm);
    engine_finish(e, m, sla);
}
