/*
 * engine_stats: a replication's figures at its horizon -- the cases still
 * in progress censor their SLA clocks and add their running services,
 * waits and scopes to the integrals; then every figure of the metric
 * vector (plan_layout) is written: SLA shares, cycle-time means and
 * percentiles, task waits and services, role utilisation and queues, end
 * and level shares, roster outcomes, case counts.
 */
#include <math.h>

#include "engine_int.h"

/* SLA j's clock, running since `since`, is cut by the horizon: a case
 * missed when the limit had passed by then (it started after the
 * warm-up), else left out -- its outcome is unknown. */
static void sla_censor(engine *e, int j, double since)
{
    const plan_sla *s = &e->p->slas[j];
    if (since >= e->p->twarm && sla_elapsed(e, s, since, e->tend) > s->limit.sec)
        e->sla_n[j]++;
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
void engine_finish(engine *e, double *m, long *sla)
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
