/*
 * statespace: the explorer behind the behavioural rules (see statespace.h).
 *
 * One working state (`cnt`, a byte per place) is loaded at a time; every
 * move is applied to it in place through a change log and undone after its
 * successor has been handed to the current visitor: exploring (insert and
 * judge), finding which move leads to a given state (traces), asking
 * whether a successor can still complete (livelock), or replaying a move
 * by identity (confirming unbounded growth).  The change log also keeps a
 * bit vector of the marked places up to date, so a safe successor (the
 * common case) is encoded without a pass over its places.
 *
 * Semantics, per flow node: exclusive split one branch, parallel all,
 * inclusive any non-empty subset (the default alone); an activity or event
 * with conditional flows takes its unconditional flows, any subset of the
 * conditional ones, and the default when none; an inclusive join fires
 * when every token upstream of an empty input is also upstream of a filled
 * one (BPMN 2.0, 13.3.4), judged on the whole state; an event-based
 * gateway and its chosen event are one move; activities with boundary
 * events, sub-processes and expanded call activities start and complete in
 * two moves, with their boundary events possible in between (a
 * non-interrupting one once per activation); terminate and error end
 * events clear their scope.
 *
 * This file is the driver: the moves, the visitors, breadth-first
 * exploration with the confirmation of unbounded growth, and the run.  The
 * store, the findings, livelock and the traces are rooms of their own
 * (statespace_int.h lists them).
 */
#include "statespace.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "statespace_int.h"
#include "../model/alloc.h"

#define WALK_LIMIT 2048   /* ancestors compared when looking for a cover */
#define MAX_CONFIRMS 64   /* replays tried to confirm growth */

enum { CONT_EFFECT, CONT_EVGW };

/* ---- change log ------------------------------------------------------- */

static inline void put(ss *s, int p, int v)
{
    if (__builtin_expect(s->nchg == s->chgcap, 0)) {
        int nc = s->chgcap * 2;
        int *a = realloc(s->chg_p, sizeof(int) * (size_t)nc);
        uint8_t *b = a ? realloc(s->chg_v, (size_t)nc) : NULL;
        if (!a || !b)
            alloc_fail("memory for the state space search");
        s->chg_p = a;
        s->chg_v = b;
        s->chgcap = nc;
    }
    int old = s->cnt[p];
    if (v > CAP)
        v = CAP;
    s->chg_p[s->nchg] = p;
    s->chg_v[s->nchg++] = (uint8_t)old;
    s->nbig += (v > 1) - (old > 1);
    if ((old > 0) != (v > 0))
        flip(s->bits, p + 1);
    s->cnt[p] = (uint8_t)v;
}

static inline void inc(ss *s, int p) { put(s, p, s->cnt[p] + 1); }
static inline void dec(ss *s, int p) { put(s, p, s->cnt[p] - 1); }

static inline void undo(ss *s, int mark)
{
    while (s->nchg > mark) {
        s->nchg--;
        int p = s->chg_p[s->nchg], old = s->chg_v[s->nchg];
        s->nbig += (old > 1) - (s->cnt[p] > 1);
        if ((old > 0) != (s->cnt[p] > 0))
            flip(s->bits, p + 1);
        s->cnt[p] = (uint8_t)old;
    }
}

static void clear(ss *s, int lo, int hi)
{
    for (int p = lo; p < hi; p++)
        if (s->cnt[p])
            put(s, p, 0);
}

/* ---- predicates on the loaded state (before any change) ---------------- */

static int range_marked(const ss *s, int lo, int hi)
{
    for (int i = 0; i < s->nmarked; i++)
        if (s->marked[i] >= lo && s->marked[i] < hi && s->cnt[s->marked[i]])
            return 1;
    return 0;
}

static int scope_empty(const ss *s, int sc)
{
    return !range_marked(s, s->n->sc[sc].lo, s->n->sc[sc].hi);
}

static int scope_active(const ss *s, int sc)
{
    const net_scope *S = &s->n->sc[sc];
    if (S->unit >= 0)
        return s->cnt[s->n->u[S->unit].act] > 0;
    return !s->cnt[s->n->pending[S->proc]] && range_marked(s, S->lo, S->hi);
}

static int is_final(const ss *s)
{
    for (int i = 0; i < s->nmarked; i++)
        if (s->marked[i] < s->n->ntok)
            return 0;
    for (int p = 0; p < s->n->nprocs; p++)
        if (s->cnt[s->n->pending[p]] && !s->n->msgonly[p])
            return 0;
    return 1;
}

static int or_enabled(const ss *s, const net_unit *x)
{
    const net *n = s->n;
    const int *in = n->pool + x->in;
    int nin = x->nin < 64 ? x->nin : 64;
    uint64_t full = 0;
    for (int k = 0; k < nin; k++)
        if (s->cnt[in[k]])
            full |= 1ull << k;
    if (!full)
        return 0;
    for (int i = 0; i < s->nmarked; i++) {
        int p = s->marked[i];
        if (p >= n->ntok || n->pl[p].kind == NET_PL_ARMED)
            continue;
        int up_empty = 0, up_full = 0;
        for (int k = 0; k < nin; k++) {
            const uint64_t *bits = n->orbits + x->orr + (long)k * n->orwords;
            if (bits[p / 64] >> (p % 64) & 1) {
                if (full >> k & 1)
                    up_full = 1;
                else
                    up_empty = 1;
            }
        }
        if (up_empty && !up_full)
            return 0;
    }
    return 1;
}

/* ---- moves --------------------------------------------------------------- */

static void visit(ss *s);

static void step(ss *s, int nd)
{
    if (s->mv.nstep < 2)
        s->mv.step[s->mv.nstep++] = nd;
}

static void send(ss *s, const net_unit *x)
{
    for (int k = 0; k < x->nmsgout; k++)
        inc(s, s->n->pool[x->msgout + k]);
}

static void emit(ss *s)
{
    if (!s->stop)
        visit(s);
}

/* Every way unit x's outputs can receive tokens, each then emitted. */
static void outputs(ss *s, const net_unit *x)
{
    const int *out = s->n->pool + x->out;
    int mark = s->nchg, n = x->nout;
    switch (n ? x->out_mode : NET_OUT_NONE) {
    case NET_OUT_NONE:
    case NET_OUT_EVGW:
    case NET_OUT_LINK:
        emit(s);
        return;
    case NET_OUT_AND:
        for (int k = 0; k < n; k++)
            inc(s, out[k]);
        emit(s);
        undo(s, mark);
        return;
    case NET_OUT_XOR:
        for (int k = 0; k < n && !s->stop; k++) {
            inc(s, out[k]);
            s->mv.out_k = k;
            emit(s);
            undo(s, mark);
        }
        return;
    default:
        break;
    }
    /* an inclusive split or an activity with conditional flows: each choice */
    choices ch;
    choices_of(s->n, x, &ch);
    if (x->out_mode == NET_OUT_ACT && ch.nopt == 0 && ch.dflt >= 0) /* nothing to default from */
        ch.always[ch.nalw++] = ch.dflt, ch.dflt = -1;
    long nchoice = ch.nopt <= MAXSUB ? 1L << ch.nopt : ch.nopt + 2;
    for (long c = 0; c < nchoice && !s->stop; c++) {
        uint64_t set = choice_set(c, ch.nopt);
        if (set == 0) {
            if (ch.dflt < 0 && (x->out_mode == NET_OUT_OR || ch.nalw == 0) && ch.nopt > 0)
                continue; /* no flow would be taken */
            if (ch.dflt >= 0)
                inc(s, ch.dflt);
        }
        for (int k = 0; k < ch.nalw; k++)
            inc(s, ch.always[k]);
        for (int k = 0; k < ch.nopt; k++)
            if (set >> k & 1)
                inc(s, ch.opt[k]);
        s->mv.out_k = (int)c;
        emit(s);
        undo(s, mark);
    }
}

static void disarm(ss *s, const net_unit *a)
{
    for (int k = 0; k < a->nbnd; k++) {
        const net_unit *b = &s->n->u[s->n->pool[a->bnd + k]];
        if (b->armed >= 0 && s->cnt[b->armed])
            put(s, b->armed, 0);
    }
}

static void arm(ss *s, const net_unit *a)
{
    for (int k = 0; k < a->nbnd; k++) {
        const net_unit *b = &s->n->u[s->n->pool[a->bnd + k]];
        if (b->armed >= 0)
            put(s, b->armed, 1);
    }
}

static void enter(ss *s, int sc)
{
    const net_scope *S = &s->n->sc[sc];
    for (int p = S->elo; p < S->ehi; p++)
        if (s->cnt[p])
            put(s, p, 0);
    for (int k = 0; k < S->nentry; k++)
        inc(s, s->n->pool[S->entry + k]);
    s->mv.entered = sc;
    if (S->nenodes)
        step(s, s->n->pool[S->enodes]);
}

/* An error end event: its scope is aborted; the nearest enclosing activity
 * with a matching error boundary event takes over, otherwise the error
 * ends the process. */
static void throw_error(ss *s, int sc, const model_node *end)
{
    const net *n = s->n;
    for (;;) {
        const net_scope *S = &n->sc[sc];
        clear(s, S->lo, S->hi);
        if (S->unit < 0)
            return;
        const net_unit *U = &n->u[S->unit];
        for (int k = 0; k < U->nbnd; k++) {
            const net_unit *b = &n->u[n->pool[U->bnd + k]];
            const model_node *bn = node(s, b->node);
            if (bn->evdef != MODEL_EVDEF_ERROR ||
                (bn->evdef_ref && end->evdef_ref && strcmp(bn->evdef_ref, end->evdef_ref)))
                continue;
            if (s->cnt[U->act])
                dec(s, U->act);
            if (!s->cnt[U->act])
                disarm(s, U);
            step(s, b->node);
            for (int q = 0; q < b->nout; q++)
                inc(s, n->pool[b->out + q]);
            return;
        }
        sc = U->scope;
    }
}

static void effect(ss *s, int u);
static void evgw_target(ss *s, int tu);

/* Every way unit mu's message trigger can be met, then the continuation. */
static void msgs(ss *s, int mu, int cont, int arg)
{
    const net_unit *x = &s->n->u[mu];
    if (x->env || x->nmsgin == 0) {
        if (cont == CONT_EFFECT)
            effect(s, arg);
        else
            evgw_target(s, arg);
        return;
    }
    for (int k = 0; k < x->nmsgin && !s->stop; k++) {
        int p = s->n->pool[x->msgin + k];
        if (!s->cnt[p])
            continue;
        int mark = s->nchg;
        dec(s, p);
        if (cont == CONT_EFFECT) {
            s->mv.msg_k = k;
            effect(s, arg);
        } else {
            s->mv.tmsg_k = k;
            evgw_target(s, arg);
        }
        undo(s, mark);
    }
}

static void evgw_target(ss *s, int tu)
{
    const net_unit *t = &s->n->u[tu];
    int mark = s->nchg;
    send(s, t);
    outputs(s, t);
    undo(s, mark);
}

static void effect(ss *s, int u)
{
    const net *n = s->n;
    const net_unit *x = &n->u[u];
    int mark = s->nchg;
    switch (x->kind) {
    case NET_U_TOPSTART:
        send(s, x);
        outputs(s, x);
        break;
    case NET_U_ATOMIC:
        if (x->endbit >= 0) {
            if (s->cnt[x->endbit])
                s->mv.improper = x->node;
            put(s, x->endbit, 1);
            send(s, x);
            if (x->end_kind == NET_END_TERMINATE)
                clear(s, n->sc[x->scope].lo, n->sc[x->scope].hi);
            else if (x->end_kind == NET_END_ERROR)
                throw_error(s, x->scope, node(s, x->node));
            emit(s);
            s->mv.improper = -1;
        } else if (x->out_mode == NET_OUT_EVGW) {
            send(s, x);
            for (int k = 0; k < x->ntgt && !s->stop; k++) {
                int tu = n->pool[x->tgt + k];
                const model_node *tn = node(s, n->u[tu].node);
                int nstep = s->mv.nstep;
                s->mv.tgt_k = k;
                s->mv.tmsg_k = -1;
                if (tn->type == MODEL_CATCH_EVENT || tn->type == MODEL_RECEIVE_TASK) {
                    step(s, n->u[tu].node);
                    msgs(s, tu, CONT_EVGW, tu);
                } else { /* not an event: the token just moves on */
                    int m2 = s->nchg;
                    inc(s, n->pool[x->out + k]);
                    emit(s);
                    undo(s, m2);
                }
                s->mv.nstep = nstep;
            }
        } else if (x->out_mode == NET_OUT_LINK) {
            const net_unit *cu = &n->u[n->pool[x->tgt]];
            send(s, x);
            step(s, cu->node);
            outputs(s, cu);
        } else {
            send(s, x);
            outputs(s, x);
        }
        break;
    case NET_U_TWO:
        if (s->mv.phase == PH_START) {
            inc(s, x->act);
            arm(s, x);
            if (x->sub >= 0)
                enter(s, x->sub);
            emit(s);
        } else {
            dec(s, x->act);
            if (!s->cnt[x->act])
                disarm(s, x);
            send(s, x);
            outputs(s, x);
        }
        break;
    case NET_U_BOUNDARY: {
        const net_unit *a = &n->u[x->attached];
        if (x->interrupting) {
            dec(s, a->act);
            if (!s->cnt[a->act])
                disarm(s, a);
            if (a->sub >= 0)
                clear(s, n->sc[a->sub].lo, n->sc[a->sub].hi);
        } else {
            put(s, x->armed, 0);
        }
        send(s, x);
        outputs(s, x);
        break;
    }
    case NET_U_ES:
        if (s->mv.phase == PH_TRIGGER) {
            if (x->interrupting)
                clear(s, n->sc[x->scope].lo, n->sc[x->scope].hi);
            put(s, x->act, 1);
            enter(s, x->sub);
        } else {
            put(s, x->act, 0);
        }
        emit(s);
        break;
    default:
        break;
    }
    undo(s, mark);
}

static void reset_move(ss *s, int u, int phase)
{
    s->mv = (move){u, phase, -1, -1, -1, -1, -1, {-1, -1}, 0, -1, -1};
    step(s, s->n->u[u].node);
}

static void inputs(ss *s, int u)
{
    const net_unit *x = &s->n->u[u];
    const int *in = s->n->pool + x->in;
    int mark = s->nchg;
    int cont = x->kind == NET_U_ATOMIC; /* activities wait for messages when they end */
    switch (x->in_mode) {
    case NET_IN_XOR:
        for (int k = 0; k < x->nin && !s->stop; k++) {
            if (!s->cnt[in[k]])
                continue;
            dec(s, in[k]);
            s->mv.in_k = k;
            if (cont)
                msgs(s, u, CONT_EFFECT, u);
            else
                effect(s, u);
            undo(s, mark);
        }
        return;
    case NET_IN_AND:
        if (!x->nin)
            return;
        for (int k = 0; k < x->nin; k++)
            if (!s->cnt[in[k]])
                return;
        break;
    case NET_IN_OR:
        if (!or_enabled(s, x))
            return;
        break;
    }
    for (int k = 0; k < x->nin; k++)
        if (s->cnt[in[k]])
            dec(s, in[k]);
    s->mv.in_k = 0;
    if (cont)
        msgs(s, u, CONT_EFFECT, u);
    else
        effect(s, u);
    undo(s, mark);
}

static void queue_safe(ss *s);
static void count_move(ss *s);

/* What inputs() would do for a plain unit, without the dispatch through
 * msgs(), effect() and outputs(): the explorer's hot path. */
static void plain_moves(ss *s, const net_unit *x)
{
    const int *in = s->n->pool + x->in, *out = s->n->pool + x->out;
    int mark = s->nchg, exploring_safe = s->visit == V_EXPLORE && !s->nbig;
    for (int k = 0; k < x->nin && !s->stop; k++) {
        if (!s->cnt[in[k]])
            continue;
        /* exploring from a safe state, a step into empty outputs stays
         * safe: its successor is the state's bits with the token moved,
         * which on_explore would queue -- without the change log */
        int safe = exploring_safe;
        for (int j = 0; safe && j < x->nout; j++)
            safe = out[j] != in[k] && !s->cnt[out[j]];
        if (safe) {
            count_move(s);
            encode_safe(s);
            flip(s->enc, in[k] + 1);
            for (int j = 0; j < x->nout; j++)
                flip(s->enc, out[j] + 1);
            queue_safe(s);
            continue;
        }
        dec(s, in[k]);
        for (int j = 0; j < x->nout; j++)
            inc(s, out[j]);
        s->mv.in_k = k;
        emit(s);
        undo(s, mark);
    }
}

static void gen_unit(ss *s, int u)
{
    const net *n = s->n;
    const net_unit *x = &n->u[u];
    switch (x->kind) {
    case NET_U_TOPSTART: {
        int pend = n->pending[n->sc[x->scope].proc];
        if (!s->cnt[pend])
            return;
        reset_move(s, u, PH_FIRE);
        int mark = s->nchg;
        put(s, pend, 0);
        msgs(s, u, CONT_EFFECT, u);
        undo(s, mark);
        return;
    }
    case NET_U_ATOMIC:
        reset_move(s, u, PH_FIRE);
        if (x->plain)
            plain_moves(s, x);
        else
            inputs(s, u);
        return;
    case NET_U_TWO:
        reset_move(s, u, PH_START);
        inputs(s, u);
        if (s->stop)
            return;
        if (s->cnt[x->act] && (x->sub < 0 || scope_empty(s, x->sub))) {
            reset_move(s, u, PH_COMPLETE);
            msgs(s, u, CONT_EFFECT, u);
        }
        return;
    case NET_U_BOUNDARY: {
        const net_unit *a = &n->u[x->attached];
        if (!s->cnt[a->act] || (!x->interrupting && !s->cnt[x->armed]))
            return;
        reset_move(s, u, PH_FIRE);
        msgs(s, u, CONT_EFFECT, u);
        return;
    }
    case NET_U_ES:
        if (!s->cnt[x->act]) {
            if (!scope_active(s, x->scope))
                return;
            reset_move(s, u, PH_TRIGGER);
            msgs(s, u, CONT_EFFECT, u);
        } else if (scope_empty(s, x->sub)) {
            reset_move(s, u, PH_COMPLETE);
            effect(s, u);
        }
        return;
    default:
        return;
    }
}

static void new_epoch(ss *s)
{
    if (++s->epoch == 0) {
        memset(s->stamp, 0, sizeof(uint32_t) * (size_t)s->n->nu);
        s->epoch = 1;
    }
    s->nmoves = 0;
}

/* Every move from the loaded state of the units not generated yet in this
 * epoch, in a fixed order, through visit(). */
static void gen_rest(ss *s)
{
    const net *n = s->n;
    for (int i = 0; i < s->nmarked && !s->stop; i++) {
        int p = s->marked[i];
        for (int k = n->cand_off[p]; k < n->cand_off[p + 1] && !s->stop; k++) {
            int u = n->cand[k];
            if (s->stamp[u] == s->epoch)
                continue;
            s->stamp[u] = s->epoch;
            gen_unit(s, u);
        }
    }
    for (int k = 0; k < n->nes && !s->stop; k++)
        if (s->stamp[n->es[k]] != s->epoch) {
            s->stamp[n->es[k]] = s->epoch;
            gen_unit(s, n->es[k]);
        }
}

/* Every move from the loaded state, in a fixed order, through visit(). */
static void gen_all(ss *s)
{
    new_epoch(s);
    gen_rest(s);
}

/* ---- visitors ---------------------------------------------------------- */

static int proc_of_unit(const ss *s, int u) { return s->n->sc[s->n->u[u].scope].proc; }

static int overflowing(const ss *s)
{
    if (!s->nbig)
        return -1; /* every count is 0 or 1 */
    for (int i = 0; i < s->nchg; i++)
        if (s->cnt[s->chg_p[i]] >= CAP)
            return s->chg_p[i];
    return -1;
}

/* 1 when the working state covers stored state a (every count >=). */
static int covers(const ss *s, uint32_t a)
{
    if (slot_unsafe(s, a)) {
        const uint8_t *w = slot_wide(s, a);
        for (int p = 0; p < s->P; p++)
            if (w[p] > s->cnt[p])
                return 0;
        return 1;
    }
    const unsigned char *slot = s->slots + (size_t)a * s->W;
    for (int p = 0; p < s->P; p++)
        if (getbit(slot, p + 1) && !s->cnt[p])
            return 0;
    return 1;
}

/* The common case of exploring: a safe successor, encoded in s->enc, is
 * queued and its table entry prefetched (flush_batch looks it up). */
static void queue_safe(ss *s)
{
    if (__builtin_expect(s->nbatch == s->bcap, 0)) {
        /* full: grown as growable arrays of bcap elements, to twice that */
        uint64_t *e = alloc_grow_try(s->benc, s->bcap, 1, s->WB * sizeof(uint64_t));
        uint64_t *k = e ? alloc_grow_try(s->bkey, s->bcap, 1, sizeof(uint64_t)) : NULL;
        unsigned char *x = k ? alloc_grow_try(s->bexact, s->bcap, 1, 1) : NULL;
        s->benc = e ? e : s->benc;
        s->bkey = k ? k : s->bkey;
        if (!x) {
            s->memory = s->stop = 1;
            return;
        }
        s->bexact = x;
        s->bcap = s->bcap ? 2 * s->bcap : 1;
    }
    int exact;
    uint64_t key = key_of(s, 1, &exact);
    __builtin_prefetch(&s->tkey[key_index(key, s->tsize - 1)]);
    for (size_t k = 0; k < s->WB; k++)
        s->benc[s->nbatch * s->WB + k] = s->enc[k];
    s->bkey[s->nbatch] = key;
    s->bexact[s->nbatch++] = (unsigned char)exact;
}

/* Counts the move being explored and marks the nodes it fires. */
static void count_move(ss *s)
{
    s->nmoves++;
    for (int k = 0; k < s->mv.nstep; k++)
        s->fired[s->mv.step[k]] = 1;
    if (s->mv.entered >= 0) {
        const net_scope *S = &s->n->sc[s->mv.entered];
        for (int k = 0; k < S->nenodes; k++)
            s->fired[s->n->pool[S->enodes + k]] = 1;
    }
}

/* Stores the working state as a successor: its id (*isnew set when it is
 * new), or EMPTY when it cannot be stored, which ends the visit. */
static uint32_t keep(ss *s, int *isnew)
{
    uint32_t id = ss_find(s, 1, isnew);
    if (id == EMPTY)
        s->stop = 1;
    return id;
}

static void on_explore(ss *s)
{
    count_move(s);
    if (s->mv.improper >= 0)
        ss_record(s, R_IMPROPER, s->mv.improper, proc_of_unit(s, s->mv.unit), s->cur, &s->mv,
               "end event '%s' is reached a second time in the same instance: the paths "
               "leading to it were not joined", check_label(s->c, s->mv.improper));
    int over = overflowing(s);
    if (over >= 0) {
        int flow, nd = ss_place_node(s, over, &flow);
        s->unbounded = 1;
        s->pruned = 1;
        if (s->n->pl[over].kind == NET_PL_FLOW || s->n->pl[over].kind == NET_PL_ACT)
            s->fail[ss_proc_of_place(s, over)] |= UNSAFE_BITS;
        if (nd >= 0)
            ss_record(s, R_UNBOUNDED, nd, ss_proc_of_place(s, over), s->cur, &s->mv,
                   "more than %d tokens gather on %s '%s' after %s '%s': the number of tokens "
                   "grows without limit", CAP - 1, flow >= 0 ? "sequence flow" : "element",
                   flow >= 0 ? model_flow_at(s->m, flow)->e.id : check_label(s->c, nd),
                   check_kind(s->c, nd), check_label(s->c, nd));
        return;
    }
    if (!s->nbig) {
        encode_safe(s);
        queue_safe(s);
        return;
    }
    int isnew = 0;
    uint32_t id = keep(s, &isnew);
    if (id == EMPTY)
        return;
    if (!isnew) {
        s->oldhit = 1;
        if (s->wit == EMPTY)
            s->wit = id;
        return;
    }
    s->child = 1;
    {
        ss_lack_of_sync(s, id);
        uint32_t a = s->cur;
        for (int k = 0; k < WALK_LIMIT && a != EMPTY; k++, a = s->parent[a]) {
            if (!covers(s, a))
                continue;
            if (s->unbounded) {
                s->flags[id] |= F_PRUNED; /* growth already shown: cut it short */
                s->pruned = 1;
            } else if (s->confirms < MAX_CONFIRMS) {
                cover *cv = alloc_grow_try(s->covers, s->ncovers, 1, sizeof *cv);
                if (cv) {
                    s->covers = cv;
                    s->covers[s->ncovers++] = (cover){a, id};
                }
            }
            break;
        }
    }
}

/* Looks up and stores the queued safe successors of the state expanded. */
static void flush_batch(ss *s)
{
    size_t first_hit = SIZE_MAX, tsize = s->tsize;
    for (size_t b = 0; b < s->nbatch && !s->limit && !s->memory; b++) {
        int hit, isnew = 0;
        for (size_t k = 0; k < s->WB; k++)
            s->enc[k] = s->benc[b * s->WB + k];
        size_t i = ss_probe(s, s->bkey[b], s->bexact[b], 1, &hit);
        if (!hit)
            s->child |= ss_insert_at(s, i, s->bkey[b], 1, &isnew) != EMPTY;
        else if (s->oldhit = 1, first_hit == SIZE_MAX) {
            first_hit = i;
            __builtin_prefetch(&s->table[i]); /* a likely witness: fetch it meanwhile */
        }
    }
    /* a witness id is read only when it is needed, and only from a table
     * that has not been rebuilt meanwhile */
    if (!s->child && s->wit == EMPTY && first_hit != SIZE_MAX && tsize == s->tsize)
        s->wit = s->table[first_hit];
    s->nbatch = 0;
}

static void on_find(ss *s)
{
    int isnew = 0;
    if (overflowing(s) >= 0)
        return;
    if (ss_find(s, 0, &isnew) == s->target) {
        s->found = s->mv;
        s->hit = 1;
        s->stop = 1;
    }
}

static void on_good(ss *s)
{
    int isnew = 0;
    s->nmoves++;
    uint32_t id = overflowing(s) >= 0 ? EMPTY : ss_find(s, 0, &isnew);
    if (id != EMPTY && (s->flags[id] & s->want)) {
        s->hit = 1;
        s->stop = 1;
    }
}

static int same_move(const move *a, const move *b)
{
    return a->unit == b->unit && a->phase == b->phase && a->in_k == b->in_k &&
           a->msg_k == b->msg_k && a->out_k == b->out_k && a->tgt_k == b->tgt_k &&
           a->tmsg_k == b->tmsg_k;
}

static void on_match(ss *s)
{
    if (!same_move(&s->mv, &s->found))
        return;
    memcpy(s->matchvec, s->cnt, (size_t)s->P);
    s->hit = 1;
    s->stop = 1;
}

/* The first stored successor (its id in s->target). */
static void on_succ(ss *s)
{
    int isnew = 0;
    if (overflowing(s) >= 0)
        return;
    uint32_t id = ss_find(s, 0, &isnew);
    if (id == EMPTY)
        return;
    s->target = id;
    s->hit = 1;
    s->stop = 1;
}

static void on_first(ss *s)
{
    s->found = s->mv;
    s->hit = 1;
    s->stop = 1;
}


/* A move whose steps are the trace's next ones: its successor is queued
 * at the position after them. */
static void on_replay(ss *s)
{
    int k = s->mv.nstep;
    if (s->rpos + k > s->rn || overflowing(s) >= 0)
        return;
    for (int i = 0; i < k; i++)
        if (s->mv.step[i] != s->rsteps[s->rpos + i])
            return;
    int isnew = 0;
    uint32_t id = keep(s, &isnew);
    if (id == EMPTY)
        return;
    uint64_t pair = (uint64_t)id << 32 | (uint32_t)(s->rpos + k);
    if (ss_replay_met(s, pair))
        return;
    uint64_t *rq = alloc_grow_try(s->rq, s->nrq, 1, sizeof *rq);
    if (!rq) {
        s->memory = s->stop = 1;
        return;
    }
    s->rq = rq;
    s->rq[s->nrq++] = pair;
}

static void visit(ss *s)
{
    switch (s->visit) {
    case V_EXPLORE: on_explore(s); break;
    case V_FIND: on_find(s); break;
    case V_GOOD: on_good(s); break;
    case V_MATCH: on_match(s); break;
    case V_SUCC: on_succ(s); break;
    case V_REPLAY: on_replay(s); break;
    default: on_first(s); break;
    }
}

/* Runs every move of stored state id through visitor v. */
void ss_expand(ss *s, uint32_t id, int v)
{
    ss_load_state(s, id);
    s->visit = v;
    s->stop = 0;
    s->hit = 0;
    gen_all(s);
    s->stop = 0;
}

/* Explores stored state id through a stubborn set: only the moves of the
 * set's units, unless the state is unsafe (every move then: the reduction
 * is argued for safe states), the set is no smaller than everything, or
 * one of its successors was stored before -- the cycle proviso: every
 * cycle of the reduced space then has a fully expanded state, so no move
 * is put off forever (docs/rules.md, "partial-order reduction"). */
static void expand_reduced(ss *s, uint32_t id)
{
    ss_load_state(s, id);
    s->visit = V_EXPLORE;
    s->stop = 0;
    s->hit = 0;
    s->oldhit = 0;
    int k = s->nbig ? -1 : por_stubborn(s->por, s->cnt, s->marked, s->nmarked, s->punits);
    new_epoch(s);
    if (k > 0) {
        for (int i = 0; i < k && !s->stop; i++) {
            s->stamp[s->punits[i]] = s->epoch;
            gen_unit(s, s->punits[i]);
        }
        flush_batch(s);
        if (s->nmoves && !s->oldhit && !s->limit && !s->memory) {
            s->nreduced++;
            s->stop = 0;
            return;
        }
    }
    gen_rest(s);
    s->stop = 0;
}

/* The move from stored state a to stored state b. */
int ss_move_between(ss *s, uint32_t a, uint32_t b, move *out)
{
    s->target = b;
    ss_expand(s, a, V_FIND);
    ss_unload(s);
    if (!s->hit)
        return 0;
    *out = s->found;
    return 1;
}

/* Confirms that the moves from a to j (j covers a) can repeat from j and
 * keep growing: a cover alone proves nothing once inclusive joins and
 * cancellations (which are not monotone) are involved. */
static int confirm(ss *s, uint32_t a, uint32_t j)
{
    s->confirms++;
    int len = 0;
    for (uint32_t x = j; x != a && x != EMPTY; x = s->parent[x])
        len++;
    move *mv = malloc(sizeof(move) * (size_t)(len ? len : 1));
    uint32_t *path = malloc(sizeof(uint32_t) * (size_t)(len + 1));
    uint8_t *prev = malloc((size_t)s->P), *vj = malloc((size_t)s->P);
    uint8_t *vcur = malloc((size_t)s->P);
    int ok = mv && path && prev && vj && vcur;
    if (ok) {
        int k = len;
        for (uint32_t x = j; k >= 0; x = s->parent[x])
            path[k--] = x;
        for (int i = 0; ok && i < len; i++)
            ok = ss_move_between(s, path[i], path[i + 1], &mv[i]);
    }
    if (ok) {
        ss_state_vec(s, j, prev);
        memcpy(vj, prev, (size_t)s->P);
        for (int round = 0; ok && round < 2; round++) {
            memcpy(s->matchvec, prev, (size_t)s->P);
            for (int i = 0; ok && i < len; i++) {
                memcpy(vcur, s->matchvec, (size_t)s->P);
                ss_load_vec(s, vcur);
                s->visit = V_MATCH;
                s->found = mv[i];
                s->stop = s->hit = 0;
                gen_all(s);
                s->stop = 0;
                ss_unload(s);
                ok = s->hit;
            }
            int grew = 0;
            for (int p = 0; ok && p < s->P; p++) {
                if (s->matchvec[p] < prev[p])
                    ok = 0;
                grew |= s->matchvec[p] > prev[p];
            }
            ok = ok && grew;
            memcpy(prev, s->matchvec, (size_t)s->P);
        }
    }
    if (ok)
        ss_unbounded(s, a, j, vj);
    free(mv);
    free(path);
    free(prev);
    free(vj);
    free(vcur);
    return ok;
}

static void explore(ss *s)
{
    ss_store_initial(s);
    for (s->cur = 0; s->cur < s->ns && !s->limit && !s->memory; s->cur++) {
        if (s->flags[s->cur] & F_PRUNED)
            continue;
        s->child = 0;
        s->wit = EMPTY;
        if (s->por)
            expand_reduced(s, s->cur);
        else
            ss_expand(s, s->cur, V_EXPLORE);
        flush_batch(s);
        if (!s->child)
            s->witness[s->cur] = s->wit;
        if (s->nmoves) {
            s->flags[s->cur] |= F_MOVES;
        } else if (is_final(s)) {
            s->flags[s->cur] |= F_FINAL | F_GOOD;
            ss_lost_messages(s, s->cur);
        } else {
            s->flags[s->cur] |= F_DL;
            ss_deadlock(s, s->cur);
        }
        ss_unload(s);
        for (size_t k = 0; k < s->ncovers; k++) {
            cover cv = s->covers[k];
            if (s->unbounded || confirm(s, cv.a, cv.j)) {
                s->unbounded = 1;
                s->pruned = 1;
                s->flags[cv.j] |= F_PRUNED;
            }
        }
        s->ncovers = 0;
        if (s->unbounded)
            break; /* growth is shown: exploring on would never end */
    }
}

void statespace_check(check_ctx *c, const int *procs, int nprocs,
                      check_process_result *results)
{
    const model *m = c->m;
    size_t nn = model_node_count(m), np = model_process_count(m);
    int *group = malloc(sizeof(int) * (size_t)(nprocs ? nprocs : 1));
    int *group_of = malloc(sizeof(int) * (np + 1));
    unsigned char *in_group = calloc(np + 1, 1);
    int ng = 0;
    if (!group || !group_of || !in_group)
        goto out_early;
    /* processes without a start event (or without nodes) are not explored */
    for (int i = 0; i < nprocs; i++) {
        const model_process *pr = model_process_at(m, procs[i]);
        check_process_result *r = &results[procs[i]];
        int starts = 0;
        for (int k = 0; k < pr->nnodes; k++)
            starts += model_node_at(m, pr->nodes[k])->type == MODEL_START_EVENT;
        r->states = 0;
        r->complete = 0;
        if (pr->nnodes == 0) { /* nothing can go wrong */
            r->complete = 1;
            r->props = (check_properties){CHECK_HOLDS, CHECK_HOLDS, CHECK_HOLDS, CHECK_HOLDS,
                                          CHECK_HOLDS};
            r->sound = CHECK_HOLDS;
            r->stopped = NULL;
        } else if (!starts) {
            r->stopped = "no start event";
        } else {
            group_of[procs[i]] = ng;
            in_group[procs[i]] = 1;
            group[ng++] = procs[i];
        }
    }
    if (!ng)
        goto out_early;

    ss st, *s = &st;
    memset(s, 0, sizeof st);
    s->c = c;
    s->m = m;
    s->max_states = c->max_states;
    s->max_bytes = ss_memory_budget();
    s->n = net_build(m, group, ng);
    if (!s->n) {
        for (int g = 0; g < ng; g++)
            results[group[g]].stopped = "memory";
        goto out_early;
    }
    const net *n = s->n;
    if (n->atomic_calls)
        diag_add(c->out, DIAG_NOTE, "check-call", model_file(m), 0, NULL, NULL,
                 "%d call activit%s checked as atomic activities (recursive or too deeply "
                 "nested calls)", n->atomic_calls, n->atomic_calls == 1 ? "y is" : "ies are");
    int ok = ss_alloc(s, nn) == 0;
    int reduce = !c->opt->no_reduction;
    for (int i = 0; i < CHECK_NPROPS; i++)
        reduce &= check_reduction_preserves(i);
    if (reduce) { /* without memory for it, the full search */
        s->por = por_new(n);
        s->punits = s->por ? malloc(sizeof(int) * ((size_t)n->nu + 1)) : NULL;
        if (!s->punits) {
            por_free(s->por);
            s->por = NULL;
        }
    }
    s->fail = calloc((size_t)ng, sizeof(unsigned));
    s->shown = calloc((size_t)ng, sizeof(unsigned));
    if (!ok || !s->fail || !s->shown) {
        s->memory = 1;
    } else {
        explore(s);
    }
    int complete = !s->limit && !s->memory && !s->pruned;
    int *pending = calloc((size_t)ng, sizeof(int));
    if (complete)
        ss_livelock(s);
    else if (s->fail && s->ns)
        ss_trap_livelock(s);
    if (pending && s->fail && s->fired)
        ss_dead_activities(s, in_group, group_of, complete, pending);
    ss_flush(s);
    ss_verdicts(s, group, ng, complete, pending, results);
    free(pending);
    ss_release(s);
out_early:
    free(group);
    free(group_of);
    free(in_group);
}
