/*
 * ss_livelock: deciding option to complete once the search is over (see
 * statespace_int.h).  After a complete search, backward reachability over
 * the stored states (the parent and witness links first, then every move
 * where they do not settle it) finds a state from which neither a final
 * state nor a deadlock can be reached; following first successors from
 * there closes the loop that the finding names and its trace goes round.
 * After an incomplete search (state limit, memory, unbounded growth) the
 * largest trap of the token places still decides: a stored state that
 * marks it can never complete, whatever the states not explored.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "statespace_int.h"

/* ---- after a complete search ------------------------------------------ */

/* Marks every state from which a state flagged `want` can be reached. */
static void backward(ss *s, int want)
{
    /* first along the breadth-first tree: each parent link is a move, and
     * a parent's id is below its child's, so one sweep carries the flag up
     * the tree without generating a single move */
    for (int sweep = 0, changed = 1; changed && sweep < 16; sweep++) {
        changed = 0;
        for (size_t j = s->ns; j-- > 1;) {
            uint32_t pa = s->parent[j];
            if ((s->flags[j] & want) && pa != EMPTY && !(s->flags[pa] & want)) {
                s->flags[pa] |= (unsigned char)want;
                changed = 1;
            }
            uint32_t w = s->witness[j];
            if (!(s->flags[j] & want) && w != EMPTY && (s->flags[w] & want)) {
                s->flags[j] |= (unsigned char)want;
                changed = 1;
            }
        }
    }
    /* what the recorded edges do not settle: every move, state by state */
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = s->ns; i-- > 0;) {
            if ((s->flags[i] & want) || !(s->flags[i] & F_MOVES))
                continue;
            s->want = want;
            ss_expand(s, (uint32_t)i, V_GOOD);
            ss_unload(s);
            if (s->hit) {
                s->flags[i] |= (unsigned char)want;
                changed = 1;
            }
        }
    }
}

#define LOOP_WALK 4096 /* states followed to close the loop */

/* Records the livelock found at stuck state i: walks first successors
 * until a state repeats, names the nodes moved round the loop, and keeps
 * the walk as the trace's tail (to the loop, then once round it). */
static void loop_finding(ss *s, uint32_t i, int proc, int fallback)
{
    uint32_t *walk = malloc(sizeof(uint32_t) * (LOOP_WALK + 1));
    int nw = 0, start = -1;
    if (walk) {
        walk[nw++] = i;
        while (nw < LOOP_WALK && start < 0) {
            ss_expand(s, walk[nw - 1], V_SUCC);
            ss_unload(s);
            if (!s->hit)
                break;
            for (int k = 0; k < nw && start < 0; k++)
                if (walk[k] == s->target)
                    start = k;
            walk[nw++] = s->target;
        }
    }
    /* the loop's nodes in order, from the one that closes it (the node
     * where the loop is entered: its join) */
    int loop[64], nloop = 0;
    for (int k = start; start >= 0 && k + 1 < nw; k++) {
        move mv;
        if (!ss_move_between(s, walk[k], walk[k + 1], &mv))
            break;
        for (int q = 0; q < mv.nstep && nloop < 64; q++)
            loop[nloop++] = mv.step[q];
    }
    char names[512] = "";
    int nd = nloop ? loop[nloop - 1] : fallback, nnames = 0;
    size_t len = 0;
    for (int k = 0; k < nloop; k++) {
        int x = loop[(k + nloop - 1) % nloop];
        if (strstr(names, check_label(s->c, x)) || len >= sizeof names - 1)
            continue;
        if (++nnames > 6) {
            len += (size_t)snprintf(names + len, sizeof names - len, ", ...");
            break;
        }
        len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'", nnames > 1 ? ", " : "",
                                check_label(s->c, x));
    }
    /* the process going round the loop is the one that cannot complete
     * (not the one that happens to hold the state's first token: in a
     * collaboration, that may be a partner already stuck elsewhere) */
    for (int g = 0; g < s->n->nprocs; g++)
        if (s->n->procs[g] == node(s, nd)->process)
            proc = g;
    size_t before = s->nfinds;
    if (start >= 0)
        ss_record(s, R_LIVELOCK, nd, proc, i, NULL,
               "the process can go round the loop through %s forever but can never complete "
               "from there: a loop with no way out", names);
    else
        ss_record(s, R_LIVELOCK, nd, proc, i, NULL,
               "the process can keep moving through %s '%s' but can never complete from "
               "here: a loop with no way out", check_kind(s->c, nd), check_label(s->c, nd));
    if (s->nfinds > before && start >= 0) {
        s->finds[s->nfinds - 1].tail = walk;
        memmove(walk, walk + 1, sizeof(uint32_t) * (size_t)(nw - 1));
        s->finds[s->nfinds - 1].ntail = nw - 1;
        walk = NULL;
    }
    free(walk);
}

/* Livelock: a state that can still move, from which no final state and
 * no deadlock can be reached (a state that can only end in a deadlock is
 * shown by that deadlock).  Final and deadlocked states were flagged while
 * exploring. */
void ss_livelock(ss *s)
{
    backward(s, F_GOOD);
    size_t i;
    for (i = 0; i < s->ns && (s->flags[i] & F_GOOD); i++)
        ;
    if (i == s->ns)
        return;
    backward(s, F_DL);
    for (i = 0; i < s->ns; i++) {
        if (s->flags[i] & (F_GOOD | F_DL))
            continue;
        /* the first such state in breadth-first order has the shortest
         * trace; every successor of it is as stuck, so following first
         * successors must come back to a state already passed: that is
         * the loop, reported on its first node with the trace going round
         * it once */
        ss_expand(s, (uint32_t)i, V_FIRST);
        int p = s->nmarked ? s->marked[0] : 0;
        ss_unload(s);
        if (!s->hit)
            return;
        loop_finding(s, (uint32_t)i, ss_proc_of_place(s, p), s->n->u[s->found.unit].node);
        return;
    }
}

/* ---- an incomplete search: a marked trap still decides ----------------- */

/* 1 when every way unit x can put out tokens puts one on a place of the
 * set (in[p] = 1): firing x never takes tokens out of the set without
 * putting one back. */
static int all_in(const int *out, int nout, const unsigned char *in)
{
    for (int k = 0; k < nout; k++)
        if (!in[out[k]])
            return 0;
    return nout > 0;
}

static int refills(const ss *s, const net_unit *x, const unsigned char *in)
{
    const net *n = s->n;
    const int *out = n->pool + x->out, *kind = n->pool + x->outk;
    if (x->endbit >= 0)
        return 0;
    switch (x->out_mode) {
    case NET_OUT_AND:
        for (int k = 0; k < x->nout; k++)
            if (in[out[k]])
                return 1;
        return 0;
    case NET_OUT_ACT:
        for (int k = 0; k < x->nout; k++)
            if (kind[k] == NET_OK_ALWAYS && in[out[k]])
                return 1;
        return all_in(out, x->nout, in); /* otherwise every choice must refill */
    case NET_OUT_XOR:
    case NET_OUT_OR:
        return all_in(out, x->nout, in);
    case NET_OUT_EVGW:
        for (int k = 0; k < x->ntgt; k++) {
            int tu = n->pool[x->tgt + k];
            const model_node *tn = node(s, n->u[tu].node);
            int ev = tn->type == MODEL_CATCH_EVENT || tn->type == MODEL_RECEIVE_TASK;
            if (ev ? !refills(s, &n->u[tu], in) : !in[out[k]])
                return 0;
        }
        return x->ntgt > 0;
    case NET_OUT_LINK:
        return x->ntgt > 0 && refills(s, &n->u[n->pool[x->tgt]], in);
    default:
        return 0;
    }
}

static void drop_range(unsigned char *in, int lo, int hi, int *changed)
{
    for (int p = lo; p < hi; p++)
        if (in[p]) {
            in[p] = 0;
            *changed = 1;
        }
}

/* The largest trap among the token places (sequence flows and running
 * activities): a set that no move can empty once it holds a token, since
 * every move that takes a token from it puts one back and nothing clears
 * it (terminate and error ends, interrupting boundary events and event
 * sub-processes clear whole scopes: their places are left out).  A state
 * that marks it can never complete, whatever comes next: this decides
 * option to complete even when the search stopped early (unbounded
 * growth, the state limit).  Returns the number of places in it. */
static int max_trap(const ss *s, unsigned char *in)
{
    const net *n = s->n;
    memset(in, 0, (size_t)n->np);
    for (int p = 0; p < n->ntok; p++)
        in[p] = n->pl[p].kind == NET_PL_FLOW;
    for (int u = 0; u < n->nu; u++)
        if (n->u[u].kind == NET_U_TWO && n->u[u].act >= 0)
            in[n->u[u].act] = 1;
    int changed = 0;
    for (int u = 0; u < n->nu; u++) {
        const net_unit *x = &n->u[u];
        const net_scope *S = &n->sc[x->scope];
        if (x->endbit >= 0 && x->end_kind == NET_END_TERMINATE)
            drop_range(in, S->lo, S->hi, &changed);
        if (x->endbit >= 0 && x->end_kind == NET_END_ERROR)
            for (int sc = x->scope; sc >= 0; sc = n->sc[sc].parent)
                drop_range(in, n->sc[sc].lo, n->sc[sc].hi, &changed);
        if (x->kind == NET_U_BOUNDARY && x->interrupting && n->u[x->attached].sub >= 0)
            drop_range(in, n->sc[n->u[x->attached].sub].lo, n->sc[n->u[x->attached].sub].hi,
                       &changed);
        if (x->kind == NET_U_ES && x->interrupting)
            drop_range(in, S->lo, S->hi, &changed);
    }
    for (changed = 1; changed;) {
        changed = 0;
        for (int u = 0; u < n->nu; u++) {
            const net_unit *x = &n->u[u];
            if (x->kind == NET_U_ATOMIC || x->kind == NET_U_TWO) {
                /* taking an input: an atomic move refills through its
                 * outputs, starting a two-step activity through its
                 * running place */
                int ok = x->kind == NET_U_ATOMIC ? refills(s, x, in) : in[x->act];
                for (int k = 0; k < x->nin; k++) {
                    int p = n->pool[x->in + k];
                    if (in[p] && !ok) {
                        in[p] = 0;
                        changed = 1;
                    }
                }
                /* completing a two-step activity takes its running place */
                if (x->kind == NET_U_TWO && in[x->act] && !refills(s, x, in)) {
                    in[x->act] = 0;
                    changed = 1;
                }
            } else if (x->kind == NET_U_BOUNDARY && x->interrupting) {
                int a = n->u[x->attached].act;
                if (in[a] && !refills(s, x, in)) {
                    in[a] = 0;
                    changed = 1;
                }
            }
        }
    }
    int size = 0;
    for (int p = 0; p < n->ntok; p++)
        size += in[p];
    return size;
}

/* After an incomplete search: the first state (breadth first, so with the
 * shortest trace) that marks the largest trap shows that the process can
 * no longer complete. */
void ss_trap_livelock(ss *s)
{
    const net *n = s->n;
    unsigned char *in = malloc((size_t)n->np + 1);
    uint8_t *v = malloc((size_t)s->P + 1);
    if (!in || !v || !max_trap(s, in))
        goto out;
    for (size_t id = 0; id < s->ns; id++) {
        ss_state_vec(s, (uint32_t)id, v);
        int p;
        for (p = 0; p < n->ntok && !(v[p] && in[p]); p++)
            ;
        if (p == n->ntok)
            continue;
        int flow, nd = ss_place_node(s, p, &flow);
        if (flow >= 0)
            nd = model_flow_at(s->m, flow)->target;
        ss_record(s, R_LIVELOCK, nd, ss_proc_of_place(s, p), (uint32_t)id, NULL,
               "a token reaches %s '%s' on a loop it can never leave: every move that takes "
               "a token from the loop puts one back, so the process can never complete",
               check_kind(s->c, nd), check_label(s->c, nd));
        break;
    }
out:
    free(in);
    free(v);
}
