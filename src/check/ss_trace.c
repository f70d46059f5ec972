/*
 * ss_trace: counterexample traces (see statespace_int.h).  A finding keeps
 * only the stored state that witnesses it (and the move after it, or the
 * states round a loop); its trace is rebuilt when it is handed over: the
 * parent links give the shortest path of states from the initial one, and
 * the move between each two (ss_move_between) gives the steps -- element
 * ids, with the flows a choice took.  Replaying runs the other way: given
 * steps, a breadth-first search over (state, position in the trace) pairs
 * tells whether some execution makes exactly those moves.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "statespace.h"
#include "statespace_int.h"
#include "../model/alloc.h"

/* ---- the hand-over of findings with their traces ------------------------ */

/* The sequence flows a choice took in move mv (an exclusive, inclusive or
 * event-based split, an activity with conditional flows), as model flow
 * indices in flows[] (at most max); 0 for a move that chose nothing. */
static int move_flows(const ss *s, const move *mv, int *flows, int max)
{
    const net *n = s->n;
    const net_unit *x = &n->u[mv->unit];
    const model_node *nd = node(s, x->node);
    int k = 0;
    if (nd->nout < 2 || mv->phase == PH_START || x->kind == NET_U_ES)
        return 0;
    if (x->out_mode == NET_OUT_EVGW) {
        if (mv->tgt_k >= 0 && mv->tgt_k < nd->nout)
            flows[k++] = nd->out[mv->tgt_k];
        return k;
    }
    const int *out = n->pool + x->out;
    if (x->out_mode == NET_OUT_XOR) {
        if (mv->out_k >= 0 && mv->out_k < x->nout && n->pl[out[mv->out_k]].kind == NET_PL_FLOW)
            flows[k++] = n->pl[out[mv->out_k]].elem;
        return k;
    }
    if (x->out_mode != NET_OUT_OR && x->out_mode != NET_OUT_ACT)
        return 0;
    /* the choice as outputs() numbers it */
    choices ch;
    choices_of(n, x, &ch);
    if (x->out_mode == NET_OUT_ACT && ch.nopt == 0)
        return 0; /* nothing was chosen */
    uint64_t set = choice_set(mv->out_k, ch.nopt);
    int taken[130], nt = 0;
    if (set == 0 && ch.dflt >= 0)
        taken[nt++] = ch.dflt;
    for (int j = 0; j < ch.nalw; j++)
        taken[nt++] = ch.always[j];
    for (int j = 0; j < ch.nopt; j++)
        if (set >> j & 1)
            taken[nt++] = ch.opt[j];
    for (int j = 0; j < nt && k < max; j++)
        if (n->pl[taken[j]].kind == NET_PL_FLOW)
            flows[k++] = n->pl[taken[j]].elem;
    return k;
}

/* Appends move mv's steps to d, a choice's flows after its first step. */
static void add_move(ss *s, diag *d, const move *mv)
{
    int flows[64], nf = move_flows(s, mv, flows, 64);
    for (int q = 0; q < mv->nstep; q++) {
        diag_add_step(d, node(s, mv->step[q])->e.id, node(s, mv->step[q])->e.name);
        for (int k = 0; q == 0 && k < nf; k++) {
            const model_flow *f = model_flow_at(s->m, flows[k]);
            diag_add_step_flow(d, f->e.id, f->e.name);
        }
    }
}

void ss_flush(ss *s)
{
    for (size_t f = 0; f < s->nfinds; f++) {
        pfind *pf = &s->finds[f];
        diag *d = check_emit(s->c, ss_rules[pf->rule], pf->node, "%s", pf->msg);
        if (d)
            s->shown[pf->proc] |= R_BIT(pf->rule);
        if (d && pf->state != EMPTY) {
            int len = ss_depth(s, pf->state);
            uint32_t *path = malloc(sizeof(uint32_t) * (size_t)(len + 1));
            if (path) {
                int k = len;
                for (uint32_t x = pf->state; k >= 0; x = s->parent[x])
                    path[k--] = x;
                for (int i = 0; i < len; i++) {
                    move mv;
                    if (!ss_move_between(s, path[i], path[i + 1], &mv))
                        break;
                    add_move(s, d, &mv);
                }
                free(path);
            }
        }
        if (d && pf->nsteps)
            add_move(s, d, &pf->mv);
        for (int t = 0; d && t < pf->ntail; t++) {
            move mv;
            if (!ss_move_between(s, t ? pf->tail[t - 1] : pf->state, pf->tail[t], &mv))
                break;
            add_move(s, d, &mv);
        }
        free(pf->tail);
        free(pf->msg);
    }
    s->nfinds = 0;
}

/* ---- replaying a trace ---------------------------------------------------- */

/* (state, position) met while replaying: 1 when already met, else records
 * it (the set is an open-addressing table of pair + 1). */
int ss_replay_met(ss *s, uint64_t pair)
{
    if (s->rsetn * 2 >= s->rsetcap) {
        size_t nc = s->rsetcap ? 2 * s->rsetcap : 1024;
        uint64_t *t = calloc(nc, sizeof(uint64_t));
        if (!t) {
            s->memory = s->stop = 1;
            return 1;
        }
        for (size_t j = 0; j < s->rsetcap; j++)
            if (s->rset[j]) {
                size_t i = mix(s->rset[j]) & (nc - 1);
                while (t[i])
                    i = (i + 1) & (nc - 1);
                t[i] = s->rset[j];
            }
        free(s->rset);
        s->rset = t;
        s->rsetcap = nc;
    }
    size_t i = mix(pair + 1) & (s->rsetcap - 1);
    for (; s->rset[i]; i = (i + 1) & (s->rsetcap - 1))
        if (s->rset[i] == pair + 1)
            return 1;
    s->rset[i] = pair + 1;
    s->rsetn++;
    return 0;
}

int statespace_replay(const model *m, const int *procs, int nprocs, const char *const *steps,
                      size_t nsteps, int *stuck)
{
    ss st, *s = &st;
    int rc = -1;
    int *idx = malloc(sizeof(int) * (nsteps + 1));
    memset(s, 0, sizeof st);
    *stuck = 0;
    if (!idx)
        return -1;
    for (size_t i = 0; i < nsteps; i++)
        if ((idx[i] = model_find_node(m, steps[i])) < 0) {
            free(idx);
            return 0; /* not an element of the model: no execution makes it */
        }
    s->m = m;
    s->max_states = CHECK_DEFAULT_MAX_STATES;
    s->max_bytes = ss_memory_budget();
    s->n = net_build(m, procs, nprocs);
    if (!s->n || ss_alloc(s, model_node_count(m)) < 0)
        goto out;
    s->rsteps = idx;
    s->rn = (int)nsteps;
    uint32_t root = ss_store_initial(s);
    if (root == EMPTY || ss_replay_met(s, (uint64_t)root << 32) ||
        !(s->rq = alloc_grow_try(NULL, 0, 1, sizeof *s->rq)))
        goto out;
    s->rq[s->nrq++] = (uint64_t)root << 32;
    rc = 0;
    for (size_t h = 0; h < s->nrq && !s->memory && !s->limit; h++) {
        uint32_t id = (uint32_t)(s->rq[h] >> 32);
        int pos = (int)(uint32_t)s->rq[h];
        if (pos == s->rn) {
            rc = 1;
            ss_expand(s, id, V_FIRST);
            ss_unload(s);
            if (!s->hit)
                *stuck = 1;
            continue;
        }
        s->rpos = pos;
        ss_expand(s, id, V_REPLAY);
        ss_unload(s);
    }
    if (rc == 0 && (s->memory || s->limit))
        rc = -1;
out:
    if (s->n)
        ss_release(s);
    free(idx);
    return rc;
}
