/*
 * net: compiles a group of processes into scopes, places and units for the
 * state-space explorer (see net.h for the layout and why).
 *
 * Scopes are built depth first: a scope allocates its units, then its flow
 * and running places, then builds the scopes nested in it, so its token
 * places and theirs end up in one range.  Node -> unit and flow -> place
 * maps are model-indexed scratch arrays valid only while the scope that
 * set them is being filled; nested scopes hold other nodes, except when a
 * process calls itself, which is why a recursive call activity is made
 * atomic instead of being expanded.
 */
#include "net.h"

#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include "../model/alloc.h"

#define MAX_CALL_DEPTH 16
#define MAX_UNITS 500000

typedef struct builder {
    net *n;
    const model *m;
    int *unit_of;     /* model node -> unit of the scope being filled */
    int *place_of;    /* model flow -> place of the scope being filled */
    int *msgplace;    /* message flow -> message place number, or -1 */
    int nmsg;
    unsigned char *in_group; /* model process -> 1 when in the group */
    int stack[MAX_CALL_DEPTH + 1];
    int depth;
    net_place *tok;   /* token places while building */
    int ntok;
    int *endnode;     /* end-reached places while building (their node) */
    int nend;
} builder;

/* Room for element n of the growable array *p (alloc_grow_try); -1 when
 * out of memory, *p unchanged. */
static int grow(void **p, size_t n, size_t size)
{
    void *q = alloc_grow_try(*p, n, 1, size);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

/* Appends k ints (copied from v, or zeros) to the pool; returns the offset,
 * -1 when out of memory. */
static int pool_add(net *n, const int *v, int k)
{
    /* allocated on the first call even for k == 0: readers take slices as
     * pool + offset, and NULL + 0 is undefined behaviour (clang's UBSan) */
    int *q = alloc_grow_try(n->pool, n->npool, (size_t)k, sizeof(int));
    if (!q) {
        n->bad = 1;
        return -1;
    }
    n->pool = q;
    int off = (int)n->npool;
    if (k == 0)
        return off;
    if (v)
        memcpy(n->pool + off, v, sizeof(int) * (size_t)k);
    else
        memset(n->pool + off, 0, sizeof(int) * (size_t)k);
    n->npool += (size_t)k;
    return off;
}

static int new_tok(builder *b, int kind, int elem)
{
    if (grow((void **)&b->tok, b->ntok, sizeof(net_place)) < 0) {
        b->n->bad = 1;
        return 0;
    }
    b->tok[b->ntok] = (net_place){(unsigned char)kind, elem};
    return b->ntok++;
}

static int new_end(builder *b, int node)
{
    if (grow((void **)&b->endnode, b->nend, sizeof(int)) < 0) {
        b->n->bad = 1;
        return 0;
    }
    b->endnode[b->nend] = node;
    return b->nend++;
}

static int new_unit(builder *b, int node, int scope)
{
    net *n = b->n;
    if (grow((void **)&n->u, n->nu, sizeof(net_unit)) < 0) {
        n->bad = 1;
        return -1;
    }
    net_unit *u = &n->u[n->nu];
    memset(u, 0, sizeof *u);
    u->node = node;
    u->scope = scope;
    u->act = u->sub = u->armed = u->attached = u->endbit = -1;
    u->orr = -1;
    return n->nu++;
}

static int is_consumer(const model_node *x)
{
    return x->type == MODEL_RECEIVE_TASK ||
           (x->evdef == MODEL_EVDEF_MESSAGE &&
            (x->type == MODEL_START_EVENT || x->type == MODEL_CATCH_EVENT ||
             x->type == MODEL_BOUNDARY_EVENT));
}

static int boundary_count(const model *m, const model_node *x)
{
    int k = 0;
    for (int i = 0; i < x->nboundary; i++)
        k += model_node_at(m, x->boundary[i])->evdef != MODEL_EVDEF_COMPENSATE;
    return k;
}

static const int *members(const model *m, int process, int container, int *k)
{
    if (container >= 0) {
        *k = model_node_at(m, container)->nchildren;
        return model_node_at(m, container)->children;
    }
    *k = model_process_at(m, process)->nnodes;
    return model_process_at(m, process)->nodes;
}

/* 1 when call activity x is expanded into a scope of its own. */
static int expands_call(builder *b, const model_node *x)
{
    if (x->type != MODEL_CALL_ACTIVITY || x->called_process < 0)
        return 0;
    int ok = b->depth < MAX_CALL_DEPTH && b->n->nu < MAX_UNITS;
    for (int i = 0; ok && i < b->depth; i++)
        ok = b->stack[i] != x->called_process;
    if (!ok)
        b->n->atomic_calls++;
    return ok;
}

/* Message trigger of node x for unit u: the message places it may consume
 * and whether the environment can trigger it anyway. */
static void set_msgin(builder *b, int u, const model_node *x)
{
    net *n = b->n;
    int cnt = 0, env = 0;
    if (is_consumer(x)) {
        for (int k = 0; k < x->nmsg_in; k++)
            if (b->msgplace[x->msg_in[k]] >= 0)
                cnt++;
            else
                env = 1;
        if (x->nmsg_in == 0)
            env = 1;
    } else {
        env = 1;
    }
    int off = pool_add(n, NULL, cnt);
    int j = 0;
    for (int k = 0; off >= 0 && k < x->nmsg_in && cnt; k++)
        if (b->msgplace[x->msg_in[k]] >= 0)
            n->pool[off + j++] = b->msgplace[x->msg_in[k]];
    n->u[u].msgin = off;
    n->u[u].nmsgin = off >= 0 ? cnt : 0;
    n->u[u].env = (unsigned char)env;
}

static void set_msgout(builder *b, int u, const model_node *x)
{
    net *n = b->n;
    int cnt = 0;
    for (int k = 0; k < x->nmsg_out; k++)
        cnt += b->msgplace[x->msg_out[k]] >= 0;
    int off = pool_add(n, NULL, cnt), j = 0;
    for (int k = 0; off >= 0 && k < x->nmsg_out; k++)
        if (b->msgplace[x->msg_out[k]] >= 0)
            n->pool[off + j++] = b->msgplace[x->msg_out[k]];
    n->u[u].msgout = off;
    n->u[u].nmsgout = off >= 0 ? cnt : 0;
}

static int build_scope(builder *b, int parent, int unit, int proc, int process, int container);

/* 1 when x is a message start event of the scope run by unit (not a
 * process's top level, not an event sub-process, whose trigger is its
 * start) and another process of the group sends its message. */
static int waits_for_message(builder *b, int unit, const model_node *x)
{
    if (unit < 0 || b->n->u[unit].kind == NET_U_ES || x->type != MODEL_START_EVENT ||
        x->evdef != MODEL_EVDEF_MESSAGE)
        return 0;
    for (int k = 0; k < x->nmsg_in; k++)
        if (b->msgplace[x->msg_in[k]] >= 0)
            return 1;
    return 0;
}

/* Unit kinds and modes, and the running, armed, end and entry places. */
static void classify(builder *b, int u, int top, int nstarts, int *runs)
{
    net *n = b->n;
    const model *m = b->m;
    int i = n->u[u].node;
    const model_node *x = model_node_at(m, i);
    unsigned char kind = NET_U_ATOMIC, in = NET_IN_XOR, out = NET_OUT_ACT;
    *runs = 0;
    switch (x->type) {
    case MODEL_START_EVENT:
        kind = top ? NET_U_TOPSTART : NET_U_NONE;
        break;
    case MODEL_END_EVENT:
        out = NET_OUT_NONE;
        n->u[u].end_kind = x->evdef == MODEL_EVDEF_TERMINATE ? NET_END_TERMINATE
                         : x->evdef == MODEL_EVDEF_ERROR     ? NET_END_ERROR
                                                             : NET_END_PLAIN;
        n->u[u].endbit = new_end(b, i);
        break;
    case MODEL_BOUNDARY_EVENT:
        if (x->evdef == MODEL_EVDEF_COMPENSATE || x->attached_to < 0 ||
            b->unit_of[x->attached_to] < 0 || n->u[b->unit_of[x->attached_to]].scope !=
                                                    n->u[u].scope) {
            kind = NET_U_NONE;
            break;
        }
        kind = NET_U_BOUNDARY;
        n->u[u].attached = b->unit_of[x->attached_to];
        n->u[u].interrupting = (unsigned char)(x->cancel_activity != 0);
        if (!x->cancel_activity)
            n->u[u].armed = new_tok(b, NET_PL_ARMED, i);
        break;
    case MODEL_CATCH_EVENT:
        if (x->evdef == MODEL_EVDEF_LINK)
            kind = NET_U_NONE;
        break;
    case MODEL_THROW_EVENT:
        if (check_link_catch(m, i) >= 0)
            out = NET_OUT_LINK;
        break;
    case MODEL_EXCLUSIVE_GATEWAY:
        out = x->nout ? NET_OUT_XOR : NET_OUT_NONE;
        break;
    case MODEL_PARALLEL_GATEWAY:
        in = NET_IN_AND;
        out = NET_OUT_AND;
        break;
    case MODEL_INCLUSIVE_GATEWAY:
        in = x->nin > 1 ? NET_IN_OR : NET_IN_XOR;
        out = NET_OUT_OR;
        break;
    case MODEL_EVENT_GATEWAY:
        out = x->nout ? NET_OUT_EVGW : NET_OUT_NONE;
        break;
    default: /* activities */
        if (x->type == MODEL_SUB_PROCESS && x->triggered_by_event) {
            kind = NET_U_ES;
            out = NET_OUT_NONE;
            *runs = 1;
        } else if (x->type == MODEL_SUB_PROCESS || expands_call(b, x)) {
            kind = NET_U_TWO;
            *runs = 1;
        } else if (boundary_count(m, x) > 0) {
            kind = NET_U_TWO;
        }
        if (kind == NET_U_TWO || kind == NET_U_ES)
            n->u[u].act = new_tok(b, NET_PL_ACT, i);
        break;
    }
    n->u[u].kind = kind;
    n->u[u].in_mode = in;
    n->u[u].out_mode = out;
    (void)nstarts;
}

/* Input, output, boundary, message and target arrays of unit u. */
static void wire(builder *b, int u, int entry_place)
{
    net *n = b->n;
    const model *m = b->m;
    const model_node *x = model_node_at(m, n->u[u].node);
    int nin = x->nin + (entry_place >= 0);
    int off = pool_add(n, NULL, nin);
    for (int k = 0; off >= 0 && k < x->nin; k++)
        n->pool[off + k] = b->place_of[x->in[k]];
    if (off >= 0 && entry_place >= 0)
        n->pool[off + x->nin] = entry_place;
    n->u[u].in = off;
    n->u[u].nin = off >= 0 ? nin : 0;

    int o = pool_add(n, NULL, x->nout), ok = pool_add(n, NULL, x->nout);
    for (int k = 0; o >= 0 && ok >= 0 && k < x->nout; k++) {
        const model_flow *f = model_flow_at(m, x->out[k]);
        n->pool[o + k] = b->place_of[x->out[k]];
        n->pool[ok + k] = f->is_default                        ? NET_OK_DEFAULT
                          : (f->condition && *f->condition) ? NET_OK_COND
                                                            : NET_OK_ALWAYS;
    }
    n->u[u].out = o;
    n->u[u].outk = ok;
    n->u[u].nout = o >= 0 && ok >= 0 ? x->nout : 0;
    /* an activity without conditional flows sends a token down each, the
     * default included (nothing to default from): a plain AND split, which
     * the explorer takes without enumerating choices */
    int conditional = 0;
    for (int k = 0; k < n->u[u].nout; k++)
        conditional |= n->pool[ok + k] == NET_OK_COND;
    if (n->u[u].out_mode == NET_OUT_ACT && !conditional)
        n->u[u].out_mode = NET_OUT_AND;

    int nb = 0;
    for (int k = 0; k < x->nboundary; k++) {
        int bu = b->unit_of[x->boundary[k]];
        nb += bu >= 0 && n->u[bu].kind == NET_U_BOUNDARY && n->u[bu].attached == u;
    }
    int bo = pool_add(n, NULL, nb), j = 0;
    for (int k = 0; bo >= 0 && k < x->nboundary; k++) {
        int bu = b->unit_of[x->boundary[k]];
        if (bu >= 0 && n->u[bu].kind == NET_U_BOUNDARY && n->u[bu].attached == u)
            n->pool[bo + j++] = bu;
    }
    n->u[u].bnd = bo;
    n->u[u].nbnd = bo >= 0 ? nb : 0;

    set_msgin(b, u, x);
    set_msgout(b, u, x);
    const net_unit *U = &n->u[u];
    n->u[u].plain = U->kind == NET_U_ATOMIC && U->in_mode == NET_IN_XOR &&
                    U->out_mode == NET_OUT_AND && U->endbit < 0 && U->nmsgout == 0 &&
                    (U->env || U->nmsgin == 0);

    if (n->u[u].out_mode == NET_OUT_EVGW) {
        int t = pool_add(n, NULL, x->nout);
        for (int k = 0; t >= 0 && k < x->nout; k++)
            n->pool[t + k] = b->unit_of[model_flow_at(m, x->out[k])->target];
        n->u[u].tgt = t;
        n->u[u].ntgt = t >= 0 ? x->nout : 0;
    } else if (n->u[u].out_mode == NET_OUT_LINK) {
        int c = b->unit_of[check_link_catch(m, n->u[u].node)];
        int t = pool_add(n, &c, 1);
        n->u[u].tgt = t;
        n->u[u].ntgt = t >= 0;
    }
}

static int build_scope(builder *b, int parent, int unit, int proc, int process, int container)
{
    net *n = b->n;
    const model *m = b->m;
    if (grow((void **)&n->sc, n->ns, sizeof(net_scope)) < 0) {
        n->bad = 1;
        return -1;
    }
    int s = n->ns++;
    n->sc[s] = (net_scope){unit, parent, proc, b->ntok, 0, b->nend, 0, 0, 0, 0, 0};
    int k;
    const int *nodes = members(m, process, container, &k);
    int first = n->nu, nstarts = 0;
    for (int j = 0; j < k; j++) {
        b->unit_of[nodes[j]] = new_unit(b, nodes[j], s);
        nstarts += model_node_at(m, nodes[j])->type == MODEL_START_EVENT;
    }
    if (n->bad)
        return -1;
    for (int j = 0; j < k; j++) {
        const model_node *x = model_node_at(m, nodes[j]);
        for (int q = 0; q < x->nout; q++)
            b->place_of[x->out[q]] = new_tok(b, NET_PL_FLOW, x->out[q]);
    }
    /* boundary events point at their activity's unit: classify activities
     * first so that a boundary sees the activity's running place */
    int *runs = calloc((size_t)(k ? k : 1), sizeof(int));
    int *entry = malloc(sizeof(int) * (size_t)(k ? k : 1));
    if (!runs || !entry) {
        free(runs);
        free(entry);
        n->bad = 1;
        return -1;
    }
    for (int pass = 0; pass < 2; pass++)
        for (int j = 0; j < k; j++) {
            int boundary = model_node_at(m, nodes[j])->type == MODEL_BOUNDARY_EVENT;
            if (boundary == pass)
                classify(b, first + j, unit < 0, nstarts, &runs[j]);
        }
    /* a call activity starts its process's none start events when it has
     * any (the others are that process's own triggers) */
    int called_with_none = 0;
    if (unit >= 0 && model_node_at(m, n->u[unit].node)->type == MODEL_CALL_ACTIVITY)
        for (int j = 0; j < k; j++) {
            const model_node *x = model_node_at(m, nodes[j]);
            called_with_none |= x->type == MODEL_START_EVENT && x->evdef == MODEL_EVDEF_NONE;
        }
    for (int j = 0; j < k; j++) {
        const model_node *x = model_node_at(m, nodes[j]);
        entry[j] = -1;
        /* a sub-process without start event starts every node that has no
         * incoming flow (BPMN 2.0, 10.5.1) */
        if (unit >= 0 && !nstarts && x->nin == 0 && x->type != MODEL_BOUNDARY_EVENT &&
            n->u[first + j].kind != NET_U_NONE && n->u[first + j].kind != NET_U_ES)
            entry[j] = new_tok(b, NET_PL_ENTRY, nodes[j]);
        /* a message start event inside a sub-process (or a called process)
         * waits, once the scope is entered, for its message: its own entry
         * place and a move that consumes the message */
        if (waits_for_message(b, unit, x) && !called_with_none) {
            entry[j] = new_tok(b, NET_PL_ENTRY, nodes[j]);
            n->u[first + j].kind = NET_U_ATOMIC;
            n->u[first + j].in_mode = NET_IN_XOR;
            n->u[first + j].out_mode = NET_OUT_ACT;
        }
    }
    for (int j = 0; j < k; j++)
        wire(b, first + j, entry[j]);
    /* ES units take their trigger from their start event */
    for (int j = 0; j < k; j++) {
        int u = first + j;
        if (n->u[u].kind != NET_U_ES)
            continue;
        const model_node *es = model_node_at(m, nodes[j]);
        for (int q = 0; q < es->nchildren; q++) {
            const model_node *st = model_node_at(m, es->children[q]);
            if (st->type == MODEL_START_EVENT) {
                n->u[u].interrupting = (unsigned char)(st->cancel_activity != 0);
                set_msgin(b, u, st);
                break;
            }
        }
    }
    if (n->bad) {
        free(runs);
        free(entry);
        return -1;
    }
    for (int j = 0; j < k; j++) {
        if (!runs[j])
            continue;
        int u = first + j;
        const model_node *x = model_node_at(m, nodes[j]);
        int sub;
        if (x->type == MODEL_CALL_ACTIVITY) {
            b->stack[b->depth++] = x->called_process;
            sub = build_scope(b, s, u, proc, x->called_process, -1);
            b->depth--;
        } else {
            sub = build_scope(b, s, u, proc, process, nodes[j]);
        }
        if (sub < 0)
            break;
        n->u[u].sub = sub;
    }
    n->sc[s].hi = b->ntok;
    n->sc[s].ehi = b->nend;

    /* entry: the start events fire (a called process: its none start
     * events, or every start event when it has none), and implicit starts
     * get their token */
    if (unit >= 0) {
        int call = model_node_at(m, n->u[unit].node)->type == MODEL_CALL_ACTIVITY;
        int none = 0;
        for (int j = 0; j < k; j++) {
            const model_node *x = model_node_at(m, nodes[j]);
            none += x->type == MODEL_START_EVENT && x->evdef == MODEL_EVDEF_NONE;
        }
        int ne = 0, nn = 0;
        int *ep = NULL, *en = NULL;
        for (int pass = 0; pass < 2; pass++) {
            ne = nn = 0;
            for (int j = 0; j < k; j++) {
                const model_node *x = model_node_at(m, nodes[j]);
                if (x->type == MODEL_START_EVENT && entry[j] < 0 &&
                    !(call && none && x->evdef != MODEL_EVDEF_NONE)) {
                    const net_unit *su = &n->u[first + j];
                    if (pass)
                        en[nn] = nodes[j];
                    nn++;
                    for (int q = 0; q < su->nout; q++) {
                        if (pass)
                            ep[ne] = n->pool[su->out + q];
                        ne++;
                    }
                } else if (entry[j] >= 0) {
                    if (pass)
                        ep[ne] = entry[j];
                    ne++;
                }
            }
            if (!pass) {
                int eo = pool_add(n, NULL, ne), no = pool_add(n, NULL, nn);
                if (eo < 0 || no < 0)
                    break;
                ep = n->pool + eo;
                en = n->pool + no;
                n->sc[s].entry = eo;
                n->sc[s].nentry = ne;
                n->sc[s].enodes = no;
                n->sc[s].nenodes = nn;
            }
        }
    }
    free(runs);
    free(entry);
    return n->bad ? -1 : s;
}

/* ---- after the scopes: final numbering, candidates, inclusive joins --- */

static void renumber(builder *b)
{
    net *n = b->n;
    int base_end = b->ntok, base_msg = b->ntok + b->nend;
    for (int u = 0; u < n->nu; u++) {
        net_unit *x = &n->u[u];
        if (x->endbit >= 0)
            x->endbit += base_end;
        for (int k = 0; k < x->nmsgin; k++)
            n->pool[x->msgin + k] += base_msg;
        for (int k = 0; k < x->nmsgout; k++)
            n->pool[x->msgout + k] += base_msg;
    }
    for (int s = 0; s < n->ns; s++) {
        n->sc[s].elo += base_end;
        n->sc[s].ehi += base_end;
    }
}

static int candidates(net *n)
{
    int *cnt = calloc((size_t)n->np + 1, sizeof(int));
    if (!cnt)
        return -1;
    /* two passes: count, then fill */
    for (int pass = 0; pass < 2; pass++) {
        for (int u = 0; u < n->nu; u++) {
            const net_unit *x = &n->u[u];
            int ps[4] = {-1, -1, -1, -1}, np = 0;
            switch (x->kind) {
            case NET_U_ATOMIC:
            case NET_U_TWO:
                for (int k = 0; k < x->nin; k++) {
                    int p = n->pool[x->in + k];
                    if (pass)
                        n->cand[cnt[p]++] = u;
                    else
                        cnt[p + 1]++;
                }
                if (x->act >= 0)
                    ps[np++] = x->act;
                break;
            case NET_U_BOUNDARY:
                ps[np++] = n->u[x->attached].act;
                break;
            case NET_U_TOPSTART:
                ps[np++] = n->pending[n->sc[x->scope].proc];
                break;
            case NET_U_ES:
                ps[np++] = x->act; /* completion; triggers are tried apart */
                break;
            default:
                break;
            }
            for (int k = 0; k < np; k++) {
                if (ps[k] < 0)
                    continue;
                if (pass)
                    n->cand[cnt[ps[k]]++] = u;
                else
                    cnt[ps[k] + 1]++;
            }
        }
        if (!pass) {
            for (int p = 0; p < n->np; p++)
                cnt[p + 1] += cnt[p];
            n->cand_off = malloc(sizeof(int) * ((size_t)n->np + 1));
            n->cand = malloc(sizeof(int) * (size_t)(cnt[n->np] ? cnt[n->np] : 1));
            if (!n->cand_off || !n->cand) {
                free(cnt);
                return -1;
            }
            memcpy(n->cand_off, cnt, sizeof(int) * ((size_t)n->np + 1));
        }
    }
    free(cnt);
    return 0;
}

typedef struct edge {
    int src, unit;
} edge;

/* Token-place graph: p -> q when a move of `unit` may take a token from p
 * and put one on q (through a running activity and out of a scope). */
static int edges(const net *n, edge **out_e, int **out_off)
{
    size_t ne = 0;
    edge *e = NULL;
    int *dst = NULL;
    int ok = 1;
#define ADD(s, d, un)                                                                    \
    do {                                                                                 \
        if ((s) < n->ntok && (d) < n->ntok && (s) >= 0 && (d) >= 0) {                    \
            if (grow((void **)&e, ne, sizeof *e) < 0 ||                                  \
                grow((void **)&dst, ne, sizeof *dst) < 0) {                              \
                ok = 0;                                                                  \
                goto out;                                                                \
            }                                                                            \
            e[ne] = (edge){(s), (un)};                                                   \
            dst[ne++] = (d);                                                             \
        }                                                                                \
    } while (0)
    for (int u = 0; u < n->nu; u++) {
        const net_unit *x = &n->u[u];
        const int *in = n->pool + x->in;
        if (x->kind == NET_U_ATOMIC) {
            for (int k = 0; k < x->nin; k++) {
                if (x->out_mode == NET_OUT_EVGW || x->out_mode == NET_OUT_LINK) {
                    for (int t = 0; t < x->ntgt; t++) {
                        int tu = n->pool[x->tgt + t];
                        if (tu < 0)
                            continue;
                        for (int q = 0; q < n->u[tu].nout; q++)
                            ADD(in[k], n->pool[n->u[tu].out + q], u);
                    }
                } else {
                    for (int q = 0; q < x->nout; q++)
                        ADD(in[k], n->pool[x->out + q], u);
                }
            }
        } else if (x->kind == NET_U_TWO) {
            for (int k = 0; k < x->nin; k++) {
                ADD(in[k], x->act, u);
                if (x->sub >= 0)
                    for (int q = 0; q < n->sc[x->sub].nentry; q++)
                        ADD(in[k], n->pool[n->sc[x->sub].entry + q], u);
            }
            for (int q = 0; q < x->nout; q++)
                ADD(x->act, n->pool[x->out + q], u);
            if (x->sub >= 0)
                for (int p = n->sc[x->sub].lo; p < n->sc[x->sub].hi; p++)
                    ADD(p, x->act, u);
        } else if (x->kind == NET_U_BOUNDARY) {
            for (int q = 0; q < x->nout; q++)
                ADD(n->u[x->attached].act, n->pool[x->out + q], u);
        }
    }
#undef ADD
    /* CSR by destination */
    int *off = calloc((size_t)n->ntok + 1, sizeof(int));
    edge *sorted = malloc(sizeof(edge) * (ne ? ne : 1));
    if (!off || !sorted) {
        free(off);
        free(sorted);
        ok = 0;
        goto out;
    }
    for (size_t i = 0; i < ne; i++)
        off[dst[i] + 1]++;
    for (int p = 0; p < n->ntok; p++)
        off[p + 1] += off[p];
    int *fill = malloc(sizeof(int) * ((size_t)n->ntok + 1));
    if (!fill) {
        free(off);
        free(sorted);
        ok = 0;
        goto out;
    }
    memcpy(fill, off, sizeof(int) * ((size_t)n->ntok + 1));
    for (size_t i = 0; i < ne; i++)
        sorted[fill[dst[i]]++] = e[i];
    free(fill);
    *out_e = sorted;
    *out_off = off;
out:
    free(e);
    free(dst);
    return ok ? 0 : -1;
}

/* For every inclusive join and each input, the token places from which
 * that input can be reached without passing through the join: BPMN 2.0
 * (13.3.4) lets the join fire only when no token upstream of an empty
 * input is not also upstream of a filled one. */
static int inclusive_joins(net *n)
{
    long total = 0;
    for (int u = 0; u < n->nu; u++)
        if (n->u[u].kind == NET_U_ATOMIC && n->u[u].in_mode == NET_IN_OR)
            total += n->u[u].nin;
    n->orwords = (n->ntok + 63) / 64;
    if (!total)
        return 0;
    edge *e = NULL;
    int *off = NULL;
    if (edges(n, &e, &off) < 0)
        return -1;
    n->orbits = calloc((size_t)total * (size_t)n->orwords, sizeof(uint64_t));
    int *queue = malloc(sizeof(int) * (size_t)(n->ntok ? n->ntok : 1));
    if (!n->orbits || !queue) {
        free(e);
        free(off);
        free(queue);
        return -1;
    }
    long at = 0;
    for (int u = 0; u < n->nu; u++) {
        net_unit *x = &n->u[u];
        if (x->kind != NET_U_ATOMIC || x->in_mode != NET_IN_OR)
            continue;
        x->orr = at;
        for (int k = 0; k < x->nin; k++, at += n->orwords) {
            uint64_t *bits = n->orbits + at;
            int start = n->pool[x->in + k], qn = 0;
            bits[start / 64] |= 1ull << (start % 64);
            queue[qn++] = start;
            for (int h = 0; h < qn; h++) {
                int q = queue[h];
                for (int j = off[q]; j < off[q + 1]; j++) {
                    int s = e[j].src;
                    if (e[j].unit == u || (bits[s / 64] >> (s % 64) & 1))
                        continue;
                    bits[s / 64] |= 1ull << (s % 64);
                    queue[qn++] = s;
                }
            }
        }
    }
    free(e);
    free(off);
    free(queue);
    return 0;
}

net *net_build(const model *m, const int *procs, int nprocs)
{
    builder b;
    memset(&b, 0, sizeof b);
    net *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    b.n = n;
    b.m = m;
    n->m = m;
    n->nprocs = nprocs;
    n->procs = procs;
    size_t nn = model_node_count(m), nf = model_flow_count(m), nmf = model_msgflow_count(m);
    size_t np = model_process_count(m);
    b.unit_of = malloc(sizeof(int) * (nn + 1));
    b.place_of = malloc(sizeof(int) * (nf + 1));
    b.msgplace = malloc(sizeof(int) * (nmf + 1));
    b.in_group = calloc(np + 1, 1);
    n->pending = malloc(sizeof(int) * (size_t)(nprocs + 1));
    n->msgonly = calloc((size_t)nprocs + 1, sizeof(int));
    n->top = malloc(sizeof(int) * (size_t)(nprocs + 1));
    if (!b.unit_of || !b.place_of || !b.msgplace || !b.in_group || !n->pending || !n->msgonly ||
        !n->top)
        goto fail;
    for (size_t i = 0; i < nn; i++)
        b.unit_of[i] = -1;
    for (size_t i = 0; i < nf; i++)
        b.place_of[i] = -1;
    for (int p = 0; p < nprocs; p++)
        b.in_group[procs[p]] = 1;
    /* a message place for each message flow from a node of the group to a
     * node of the group that waits for messages */
    for (size_t i = 0; i < nmf; i++) {
        const model_msgflow *f = model_msgflow_at(m, (int)i);
        b.msgplace[i] = -1;
        if (f->source_node < 0 || f->target_node < 0)
            continue;
        const model_node *s = model_node_at(m, f->source_node), *t = model_node_at(m, f->target_node);
        if (s->process >= 0 && t->process >= 0 && b.in_group[s->process] &&
            b.in_group[t->process] && is_consumer(t))
            b.msgplace[i] = b.nmsg++;
    }
    for (int p = 0; p < nprocs; p++) {
        b.depth = 0;
        b.stack[b.depth++] = procs[p];
        n->top[p] = build_scope(&b, -1, -1, p, procs[p], -1);
        if (n->top[p] < 0 || n->bad)
            goto fail;
    }
    n->ntok = b.ntok;
    n->np = b.ntok + b.nend + b.nmsg + nprocs;
    n->pl = malloc(sizeof(net_place) * (size_t)(n->np ? n->np : 1));
    if (!n->pl)
        goto fail;
    if (b.ntok)
        memcpy(n->pl, b.tok, sizeof(net_place) * (size_t)b.ntok);
    for (int i = 0; i < b.nend; i++)
        n->pl[b.ntok + i] = (net_place){NET_PL_END, b.endnode[i]};
    for (size_t i = 0; i < nmf; i++)
        if (b.msgplace[i] >= 0)
            n->pl[b.ntok + b.nend + b.msgplace[i]] = (net_place){NET_PL_MSG, (int)i};
    for (int p = 0; p < nprocs; p++) {
        n->pending[p] = b.ntok + b.nend + b.nmsg + p;
        n->pl[n->pending[p]] = (net_place){NET_PL_PENDING, p};
    }
    renumber(&b);
    /* a process starts only by a message when every start event of it
     * waits for a message another process of the group sends */
    for (int p = 0; p < nprocs; p++) {
        int starts = 0, bymsg = 0;
        for (int u = 0; u < n->nu; u++)
            if (n->u[u].kind == NET_U_TOPSTART && n->sc[n->u[u].scope].proc == p &&
                n->u[u].scope == n->top[p]) {
                starts++;
                bymsg += n->u[u].nmsgin > 0 && !n->u[u].env;
            }
        n->msgonly[p] = starts > 0 && starts == bymsg;
    }
    for (int u = 0; u < n->nu; u++)
        n->nes += n->u[u].kind == NET_U_ES;
    n->es = malloc(sizeof(int) * (size_t)(n->nes + 1));
    if (!n->es)
        goto fail;
    n->nes = 0;
    for (int u = 0; u < n->nu; u++)
        if (n->u[u].kind == NET_U_ES)
            n->es[n->nes++] = u;
    if (candidates(n) < 0 || inclusive_joins(n) < 0)
        goto fail;
    goto out;
fail:
    net_free(n);
    n = NULL;
out:
    free(b.unit_of);
    free(b.place_of);
    free(b.msgplace);
    free(b.in_group);
    free(b.tok);
    free(b.endnode);
    return n;
}

void net_free(net *n)
{
    if (!n)
        return;
    free(n->pl);
    free(n->u);
    free(n->sc);
    free(n->pool);
    free(n->cand_off);
    free(n->cand);
    free(n->pending);
    free(n->msgonly);
    free(n->top);
    free(n->es);
    free(n->orbits);
    free(n);
}
