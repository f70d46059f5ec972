/*
 * engine_flow: tokens and scopes moving through the net -- BPMN token
 * semantics for one step at a time.  A token reaching a node does what the
 * node says (engine_step): passes on, dies at an end, enters a task
 * (engine_role.c) or a sub-process scope, waits at a join or a timer; a
 * token leaving takes its flow, chooses among several (keyed draws per
 * visit), or is copied down each; scopes end when their last token dies,
 * and their parent token leaves.  Cancelling (interrupting boundary
 * events, terminate ends) stops whatever a token's activity was doing.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"

static void scope_done(engine *e, uint32_t si);
static void cancel_scope(engine *e, uint32_t si);
static uint32_t clone(engine *e, uint32_t ti);
static COLD_PATH void leave_choosing(engine *e, uint32_t ti, tok *t, const plan_node *n);

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

static void token_die(engine *e, uint32_t ti)
{
    uint32_t cs = TOK(e, ti)->cs;
    uint32_t si = token_free(e, ti);
    scope *s = SCOPE(e, si);
    if (s->ntok == 0 && s->alive)
        scope_done(e, si);
    else if (e->p->nincl && CASE(e, cs)->nincl > 0)
        engine_check_or_joins(e, cs);
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
            engine_dispatch(e, r);
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

/* Non-timer boundary events (<triggers>) fire when the work of their
 * activity -- a task or a whole sub-process -- is done: an interrupting one
 * takes the token down its own flow (returns 1), a non-interrupting one
 * sends a copy and lets the token leave normally (returns 0). */
int engine_fire_triggers(engine *e, uint32_t ti)
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
        engine_case_done(e, s->cs);
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
    if (!engine_fire_triggers(e, pt))
        engine_leave(e, pt);
}

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

void engine_arm_boundaries_of(engine *e, uint32_t ti)
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
    gsl_rng *g = engine_draw(e, TOKEN_KEY(e, t, SALT_BRANCH));
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

void engine_leave(engine *e, uint32_t ti)
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
        engine_leave(e, ti);
    }
    if (pk != pick)
        free(pk);
}

/* Inclusive joins of case cs: each fires once no token of its scope can
 * still reach it (BPMN's non-local semantics, via the reach table). */
void engine_check_or_joins(engine *e, uint32_t cs)
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
        engine_leave(e, ti);
        return; /* the list changed; the next step checks again */
    }
}

/* A token has just reached its node. */
void engine_step(engine *e, uint32_t ti)
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
        engine_leave(e, ti);
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
        engine_task_enter(e, ti);
        break;
    case PK_SUB:
    case PK_CALL:
        scope_enter(e, ti);
        break;
    case PK_AND:
        if (n->nin > 1)
            and_join(e, ti);
        else
            engine_leave(e, ti);
        break;
    case PK_OR:
        if (n->nin > 1) {
            t->state = TS_JOIN;
            c->nincl++;
            engine_check_or_joins(e, t->cs);
        } else {
            engine_leave(e, ti);
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
            engine_leave(e, ti);
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

void engine_drain(engine *e)
{
    while (e->nready) {
        uint32_t ti = e->ready[--e->nready];
        tok *t = TOK(e, ti);
        if (t->state == TS_READY)
            run_ready(e, ti, t->cs);
    }
}

void engine_on_bound(engine *e, uint32_t ti, uint32_t aux)
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
