/*
 * ss_findings: turning what the state space search met into findings and
 * verdicts (see statespace_int.h).  The driver calls in here on a state it
 * judged (a deadlock, a completed state still holding messages, a second
 * token, growth confirmed); each finding is recorded with the state that
 * witnesses it and handed over with its trace by ss_trace.c at the end.
 * Every rule sets its failure bit in the group process's mask whether or
 * not the finding is shown, so that verdicts do not depend on --disable;
 * ss_verdicts turns the masks into the properties of each process.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "statespace_int.h"
#include "../model/alloc.h"

const char *const ss_rules[R_COUNT] = {"deadlock", "lack-of-synchronization", "livelock",
                                       "dead-activity", "improper-completion", "unbounded",
                                       "lost-message"};

/* The group process a place belongs to: the process whose scope range
 * holds it, or for a message, the sender's. */
int ss_proc_of_place(const ss *s, int p)
{
    for (int g = 0; g < s->n->nprocs; g++) {
        const net_scope *S = &s->n->sc[s->n->top[g]];
        if (p >= S->lo && p < S->hi)
            return g;
    }
    int flow, nd = ss_place_node(s, p, &flow);
    for (int g = 0; nd >= 0 && g < s->n->nprocs; g++)
        if (s->n->procs[g] == node(s, nd)->process)
            return g;
    return 0;
}

/* 1 when node `to` can be reached from node `from` along sequence flows
 * (and boundary events): a second token found there is the same one that
 * an earlier lack-of-synchronization finding already shows. */
static int downstream(ss *s, int from, int to)
{
    size_t nn = model_node_count(s->m);
    int *queue = malloc(sizeof(int) * (nn + 1));
    unsigned char *seen = calloc(nn + 1, 1);
    int found = 0, qn = 0;
    if (!queue || !seen)
        goto out;
    queue[qn++] = from;
    seen[from] = 1;
    for (int h = 0; h < qn && !found; h++) {
        const model_node *x = node(s, queue[h]);
        /* into a sub-process or a called process too: a second token that
         * runs a called process twice is the same defect seen inside it */
        int ninner = 0;
        const int *inner = NULL;
        if (x->type == MODEL_SUB_PROCESS) {
            ninner = x->nchildren;
            inner = x->children;
        } else if (x->type == MODEL_CALL_ACTIVITY && x->called_process >= 0) {
            ninner = model_process_at(s->m, x->called_process)->nnodes;
            inner = model_process_at(s->m, x->called_process)->nodes;
        }
        for (int k = 0; k < x->nout + x->nboundary + ninner; k++) {
            int t = k < x->nout                 ? model_flow_at(s->m, x->out[k])->target
                    : k < x->nout + x->nboundary ? x->boundary[k - x->nout]
                                                 : inner[k - x->nout - x->nboundary];
            if (t < 0 || seen[t])
                continue;
            if (k >= x->nout + x->nboundary && node(s, t)->nin > 0)
                continue; /* inside: only where it starts */
            found |= t == to;
            seen[t] = 1;
            queue[qn++] = t;
        }
    }
out:
    free(queue);
    free(seen);
    return found;
}

static int after_los(ss *s, int nd)
{
    for (size_t f = 0; f < s->nfinds; f++)
        if (s->finds[f].rule == R_LOS && downstream(s, s->finds[f].node, nd))
            return 1;
    return 0;
}

void ss_record(ss *s, int rule, int nd, int proc, uint32_t state, const move *mv,
               const char *fmt, ...)
{
    s->fail[proc] |= 1u << rule;
    size_t key = (size_t)rule * model_node_count(s->m) + (size_t)nd;
    if (s->seen[key] || !check_enabled(s->c, ss_rules[rule]) ||
        check_has(s->c, ss_rules[rule], nd))
        return;
    if ((rule == R_LOS || rule == R_IMPROPER) && after_los(s, nd))
        return;
    pfind *fs = alloc_grow_try(s->finds, s->nfinds, 1, sizeof *fs);
    if (!fs)
        return;
    s->finds = fs;
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *msg = strdup(buf);
    if (!msg)
        return;
    s->seen[key] = 1;
    pfind *f = &s->finds[s->nfinds++];
    *f = (pfind){rule, nd, proc, state, {0, 0, 0}, 0, {0}, msg, NULL, 0};
    if (mv)
        f->mv = *mv;
    for (int k = 0; mv && k < mv->nstep; k++)
        f->steps[f->nsteps++] = mv->step[k];
}

/* The node a token place points at, for messages. */
int ss_place_node(const ss *s, int p, int *flow)
{
    const net_place *pl = &s->n->pl[p];
    *flow = -1;
    if (pl->kind == NET_PL_FLOW) {
        *flow = pl->elem;
        return model_flow_at(s->m, pl->elem)->source;
    }
    if (pl->kind == NET_PL_MSG)
        return model_msgflow_at(s->m, pl->elem)->source_node;
    return pl->elem;
}

/* A state nothing can leave: name the element that waits. */
void ss_deadlock(ss *s, uint32_t id)
{
    const net *n = s->n;
    int best = -1, prio = 0, best_p = 0;
    const char *why = NULL;
    for (int i = 0; i < s->nmarked; i++) {
        int p = s->marked[i], pr = 0, nd = -1;
        const char *w = NULL;
        if (p >= n->ntok)
            continue;
        const net_place *pl = &n->pl[p];
        int u = n->cand_off[p] < n->cand_off[p + 1] ? n->cand[n->cand_off[p]] : -1;
        if (pl->kind == NET_PL_FLOW || pl->kind == NET_PL_ENTRY) {
            nd = pl->kind == NET_PL_FLOW ? model_flow_at(s->m, pl->elem)->target : pl->elem;
            const model_node *t = node(s, nd);
            if (t->type == MODEL_PARALLEL_GATEWAY || t->type == MODEL_INCLUSIVE_GATEWAY)
                pr = 5, w = "waits for a token that can never arrive";
            else if (t->type == MODEL_EVENT_GATEWAY)
                pr = 3, w = "waits for an event that can never happen";
            else if (u >= 0 && n->u[u].nmsgin && !n->u[u].env)
                pr = 4, w = "waits for a message that is never sent";
            else
                pr = 1, w = "holds a token but can never move on";
        } else if (pl->kind == NET_PL_ACT) {
            nd = pl->elem;
            if (u >= 0 && n->u[u].sub < 0 && n->u[u].nmsgin && !n->u[u].env)
                pr = 4, w = "waits for a message that is never sent";
        }
        if (pr > prio) {
            prio = pr;
            best = nd;
            why = w;
            best_p = p;
        }
    }
    if (best < 0)
        return;
    ss_record(s, R_DEADLOCK, best, ss_proc_of_place(s, best_p), id, NULL, "%s '%s' %s",
           check_kind(s->c, best), check_label(s->c, best), why);
}

/* A completed state (every participant ended or never started) that still
 * holds messages: each channel left non-empty is a message nobody takes. */
void ss_lost_messages(ss *s, uint32_t id)
{
    for (int i = 0; i < s->nmarked; i++) {
        int p = s->marked[i];
        if (!s->cnt[p] || s->n->pl[p].kind != NET_PL_MSG)
            continue;
        const model_msgflow *f = model_msgflow_at(s->m, s->n->pl[p].elem);
        int from = f->source_node, to = f->target_node;
        ss_record(s, R_LOST, from, ss_proc_of_place(s, p), id, NULL,
               "%s '%s' sends a message on message flow '%s' that %s '%s' never takes: every "
               "participant has completed and the message is left in the channel",
               check_kind(s->c, from), check_label(s->c, from), f->e.id, check_kind(s->c, to),
               check_label(s->c, to));
    }
}

void ss_lack_of_sync(ss *s, uint32_t id)
{
    for (int i = 0; i < s->nchg; i++) {
        int p = s->chg_p[i];
        int kind = s->n->pl[p].kind;
        if (s->cnt[p] < 2 || s->cnt[p] <= s->chg_v[i] ||
            (kind != NET_PL_FLOW && kind != NET_PL_ACT))
            continue;
        int flow, nd = ss_place_node(s, p, &flow);
        if (flow >= 0) {
            int t = model_flow_at(s->m, flow)->target;
            ss_record(s, R_LOS, nd, ss_proc_of_place(s, p), id, NULL,
                   "%s '%s' puts a second token on sequence flow '%s' (towards %s '%s') "
                   "before the first has moved on: two tokens travel one path unsynchronized",
                   check_kind(s->c, nd), check_label(s->c, nd), model_flow_at(s->m, flow)->e.id,
                   check_kind(s->c, t), check_label(s->c, t));
        } else {
            ss_record(s, R_LOS, nd, ss_proc_of_place(s, p), id, NULL,
                   "%s '%s' runs twice at once: a second token reaches it before the first "
                   "instance has completed", check_kind(s->c, nd), check_label(s->c, nd));
        }
        return;
    }
}



/* Unbounded growth from state a to state j (j covers a): name the place
 * that grows. */
void ss_unbounded(ss *s, uint32_t a, uint32_t j, const uint8_t *vj)
{
    uint8_t *va = malloc((size_t)s->P);
    if (!va)
        return;
    ss_state_vec(s, a, va);
    int best = -1; /* the first place that grows, a sequence flow if any */
    for (int p = 0; p < s->P; p++)
        if (vj[p] > va[p] && (best < 0 || (s->n->pl[p].kind == NET_PL_FLOW &&
                                           s->n->pl[best].kind != NET_PL_FLOW)))
            best = p;
    free(va);
    if (best < 0)
        return;
    int flow, nd = ss_place_node(s, best, &flow);
    if (nd < 0)
        return;
    if (s->n->pl[best].kind == NET_PL_FLOW || s->n->pl[best].kind == NET_PL_ACT)
        s->fail[ss_proc_of_place(s, best)] |= UNSAFE_BITS; /* it will hold two */
    int from = ss_depth(s, a) + 1;
    if (flow >= 0)
        ss_record(s, R_UNBOUNDED, nd, ss_proc_of_place(s, best), j, NULL,
               "tokens pile up without limit on sequence flow '%s' after %s '%s': the moves "
               "from step %d on can repeat forever, each round leaving one more",
               model_flow_at(s->m, flow)->e.id, check_kind(s->c, nd), check_label(s->c, nd),
               from);
    else if (s->n->pl[best].kind == NET_PL_MSG)
        ss_record(s, R_UNBOUNDED, nd, ss_proc_of_place(s, best), j, NULL,
               "messages from %s '%s' pile up without limit on message flow '%s': the moves "
               "from step %d on can repeat forever, each round sending one more than is "
               "received", check_kind(s->c, nd), check_label(s->c, nd),
               model_msgflow_at(s->m, s->n->pl[best].elem)->e.id, from);
    else
        ss_record(s, R_UNBOUNDED, nd, ss_proc_of_place(s, best), j, NULL,
               "%s '%s' can gather tokens without limit: the moves from step %d on can "
               "repeat forever, each round adding one", check_kind(s->c, nd),
               check_label(s->c, nd), from);
}

/* 1 when group process g has no message channel to fill. */
static int sends_none(const ss *s, int g)
{
    for (int p = 0; p < s->n->np; p++)
        if (s->n->pl[p].kind == NET_PL_MSG && ss_proc_of_place(s, p) == g)
            return 0;
    return 1;
}

static int suppressed(const ss *s, int nd)
{
    for (; nd >= 0; nd = node(s, nd)->parent)
        if (s->c->unreachable[nd])
            return 1;
    return 0;
}

/* Activities that never ran.  After a complete search they are dead; after
 * an incomplete one only those no start event reaches are known dead (and
 * *pending counts the others of each process, still undecided). */
void ss_dead_activities(ss *s, const unsigned char *in_group, const int *group_of,
                        int complete, int *pending)
{
    for (size_t i = 0; i < model_node_count(s->m); i++) {
        const model_node *x = node(s, (int)i);
        if (x->process < 0 || !in_group[x->process] || !model_type_is_activity(x->type) ||
            s->fired[i])
            continue;
        if (suppressed(s, (int)i)) {
            s->fail[group_of[x->process]] |= 1u << R_DEAD;
            continue;
        }
        if (!complete) {
            pending[group_of[x->process]]++;
            continue;
        }
        ss_record(s, R_DEAD, (int)i, group_of[x->process], EMPTY, NULL,
               "%s '%s' never runs: no reachable state of the process starts it",
               check_kind(s->c, (int)i), check_label(s->c, (int)i));
    }
}

void ss_verdicts(const ss *s, const int *group, int ng, int complete, const int *pending,
                 check_process_result *results)
{
    for (int g = 0; g < ng; g++) {
        check_process_result *r = &results[group[g]];
        r->states = s->ns;
        r->bytes = s->peak;
        r->complete = complete;
        r->stopped = s->memory ? "memory" : s->limit ? "max-states"
                   : s->pruned ? "unbounded" : NULL;
        unsigned fail = s->fail ? s->fail[g] : 0, shown = s->shown ? s->shown[g] : 0;
        check_verdict open = complete ? CHECK_HOLDS : CHECK_UNDECIDED;
        r->group = group[0];
        r->reduced = s->por != NULL;
        r->reduced_states = s->nreduced;
        r->props.safe = fail & UNSAFE_BITS ? CHECK_FAILS : open;
        r->props.option_to_complete = fail & OTC_BITS ? CHECK_FAILS : open;
        r->props.proper_completion = fail & R_BIT(R_IMPROPER) ? CHECK_FAILS : open;
        r->props.no_dead_activities = fail & R_BIT(R_DEAD) ? CHECK_FAILS
                                      : complete || (pending && !pending[g]) ? CHECK_HOLDS
                                                                             : CHECK_UNDECIDED;
        /* a process that sends no message to the group cannot leave one */
        r->props.messages_consumed = fail & R_BIT(R_LOST) ? CHECK_FAILS
                                     : sends_none(s, g) ? CHECK_HOLDS : open;
        r->sound = check_sound(&r->props);
        r->failed[0] = 0;
        for (int k = 0; k < R_COUNT; k++)
            if (shown >> k & 1) {
                size_t len = strlen(r->failed);
                snprintf(r->failed + len, sizeof r->failed - len, "%s%s", len ? ", " : "",
                         ss_rules[k]);
            }
    }
}
