/*
 * engine_role: roles, their queues and rosters -- a task's work drawn
 * (plus the calls down an on-call roster until someone answers), then
 * started at once (no role, unlimited staff, or a free server and nobody
 * waiting) or queued by priority; staff are handed to waiting tokens when
 * they free up or their calendar opens, and the busy and queue integrals
 * are added as each service and wait ends.
 */
#include <assert.h>

#include "engine_int.h"

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

void engine_dispatch(engine *e, rrole *r)
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

static double roster_time(engine *e, uint32_t ti, int ri)
{
    tok *t = TOK(e, ti);
    kase *c = CASE(e, t->cs);
    const plan_roster *r = &e->p->rosters[ri];
    gsl_rng *g = engine_draw(e, TOKEN_KEY(e, t, SALT_ROSTER));
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

void engine_task_enter(engine *e, uint32_t ti)
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
        engine_dispatch(e, r);
    }
}

void engine_on_done(engine *e, uint32_t ti)
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
    if (!n->nbnd || !engine_fire_triggers(e, ti))
        engine_leave(e, ti);
    if (r && r->staff != SIM_STAFF_UNLIMITED && r->qlive > 0)
        engine_dispatch(e, r);
}
