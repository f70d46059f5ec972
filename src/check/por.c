/*
 * por: stubborn sets on a compiled net (see por.h for what and why).
 *
 * The read and write sets over-approximate: a unit may be dependent on more
 * units than it really is, which only makes sets larger (less reduction),
 * never wrong.  "May be enabled" over-approximates the same way: a unit
 * thought enabled brings in all its dependents, a superset of any reason
 * it is disabled.  Only the tests of "surely disabled" must be exact, and
 * they mirror gen_unit() in statespace.c: a unit is surely disabled when
 * a place it needs is empty (its input, its message, its activity's
 * running place), and the writers of that place are then the only units
 * that can enable it.
 */
#include "por.h"

#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"

#define MAX_ADJ ((size_t)1 << 26) /* adjacency entries: past this, no reduction */
#define MAX_SEEDS 32              /* enabled units tried as the seed of a set */

struct por {
    const net *n;
    int *acc_off, *acc;   /* per unit: places read or written */
    int *wr_off, *wr;     /* per unit: places written */
    int *pw_off, *pw;     /* per place: units writing it */
    int *pa_off, *pa;     /* per place: units reading or writing it */
    /* per state */
    uint32_t *en_ep;      /* per unit: epoch its "may be enabled" was computed */
    unsigned char *en;
    uint32_t ep;
    uint32_t *in_ep;      /* per unit: epoch of the set it is in */
    uint32_t setep;
    int *work, *best, *cur;
    int *need;            /* places whose writers a disabled unit needs */
    const uint8_t *cnt;
    const int *marked;
    int nmarked;
};

/* ---- building ---------------------------------------------------------- */

typedef struct lists {
    int *v;
    size_t n;
    int *off;
} lists;

static int push(lists *l, int x)
{
    int *q = l->n < MAX_ADJ ? alloc_grow_try(l->v, l->n, 1, sizeof(int)) : NULL;
    if (!q)
        return -1;
    l->v = q;
    l->v[l->n++] = x;
    return 0;
}

typedef struct sets {
    lists acc, wr;
    int *sr, *sw;  /* per place: unit + 1 that last added it */
    int u, bad;
} sets;

static void rd(sets *s, int p)
{
    if (p < 0 || s->sr[p] == s->u + 1)
        return;
    s->sr[p] = s->u + 1;
    if (s->sw[p] != s->u + 1)
        s->bad |= push(&s->acc, p);
}

static void wr(sets *s, int p)
{
    if (p < 0 || s->sw[p] == s->u + 1)
        return;
    s->sw[p] = s->u + 1;
    s->bad |= push(&s->wr, p);
    if (s->sr[p] != s->u + 1)
        s->bad |= push(&s->acc, p);
}

static void rw(sets *s, int p)
{
    rd(s, p);
    wr(s, p);
}

static void wr_pool(sets *s, const net *n, int off, int k)
{
    for (int i = 0; i < k; i++)
        wr(s, n->pool[off + i]);
}

static void rw_pool(sets *s, const net *n, int off, int k)
{
    for (int i = 0; i < k; i++)
        rw(s, n->pool[off + i]);
}

static void wr_range(sets *s, int lo, int hi)
{
    for (int p = lo; p < hi; p++)
        wr(s, p);
}

static void rd_range(sets *s, int lo, int hi)
{
    for (int p = lo; p < hi; p++)
        rd(s, p);
}

/* What entering scope sc writes: its end-reached places, its entry places. */
static void enter_sets(sets *s, const net *n, int sc)
{
    const net_scope *S = &n->sc[sc];
    wr_range(s, S->elo, S->ehi);
    wr_pool(s, n, S->entry, S->nentry);
}

/* The boundary units of activity unit a: their armed places (written by
 * arming and disarming) and, when wanted, their outputs. */
static void bnd_sets(sets *s, const net *n, const net_unit *a, int outputs)
{
    for (int k = 0; k < a->nbnd; k++) {
        const net_unit *b = &n->u[n->pool[a->bnd + k]];
        wr(s, b->armed);
        if (outputs) {
            wr_pool(s, n, b->out, b->nout);
            wr_pool(s, n, b->msgout, b->nmsgout);
        }
    }
}

static void unit_sets(sets *s, const net *n, int u)
{
    const net_unit *x = &n->u[u];
    const net_scope *S = &n->sc[x->scope];
    rw_pool(s, n, x->in, x->nin);
    rw_pool(s, n, x->msgin, x->nmsgin);
    wr_pool(s, n, x->msgout, x->nmsgout);
    wr_pool(s, n, x->out, x->nout);
    switch (x->kind) {
    case NET_U_TOPSTART:
        rw(s, n->pending[S->proc]);
        break;
    case NET_U_ATOMIC:
        if (x->in_mode == NET_IN_OR) /* judged on every token upstream */
            rd_range(s, 0, n->ntok);
        if (x->endbit >= 0)
            rw(s, x->endbit);
        if (x->endbit >= 0 && x->end_kind == NET_END_TERMINATE)
            wr_range(s, S->lo, S->hi);
        if (x->endbit >= 0 && x->end_kind == NET_END_ERROR)
            for (int sc = x->scope; sc >= 0; sc = n->sc[sc].parent) {
                wr_range(s, n->sc[sc].lo, n->sc[sc].hi);
                if (n->sc[sc].unit >= 0) {
                    const net_unit *a = &n->u[n->sc[sc].unit];
                    rw(s, a->act);
                    bnd_sets(s, n, a, 1);
                }
            }
        if (x->out_mode == NET_OUT_EVGW)
            for (int k = 0; k < x->ntgt; k++) {
                const net_unit *t = &n->u[n->pool[x->tgt + k]];
                rw_pool(s, n, t->msgin, t->nmsgin);
                wr_pool(s, n, t->msgout, t->nmsgout);
                wr_pool(s, n, t->out, t->nout);
            }
        if (x->out_mode == NET_OUT_LINK && x->ntgt > 0) {
            const net_unit *t = &n->u[n->pool[x->tgt]];
            wr_pool(s, n, t->out, t->nout);
        }
        break;
    case NET_U_TWO:
        rw(s, x->act);
        bnd_sets(s, n, x, 0);
        if (x->sub >= 0) {
            enter_sets(s, n, x->sub);
            rd_range(s, n->sc[x->sub].lo, n->sc[x->sub].hi);
        }
        break;
    case NET_U_BOUNDARY: {
        const net_unit *a = &n->u[x->attached];
        rd(s, a->act);
        if (x->armed >= 0)
            rw(s, x->armed);
        if (x->interrupting) {
            wr(s, a->act);
            bnd_sets(s, n, a, 0);
            if (a->sub >= 0)
                wr_range(s, n->sc[a->sub].lo, n->sc[a->sub].hi);
        }
        break;
    }
    case NET_U_ES:
        rw(s, x->act);
        rd_range(s, S->lo, S->hi);
        if (S->unit >= 0)
            rd(s, n->u[S->unit].act);
        else
            rd(s, n->pending[S->proc]);
        if (x->interrupting)
            wr_range(s, S->lo, S->hi);
        if (x->sub >= 0) {
            enter_sets(s, n, x->sub);
            rd_range(s, n->sc[x->sub].lo, n->sc[x->sub].hi);
        }
        break;
    default:
        break;
    }
}

/* The inverse of per-unit lists: per place, the units listing it. */
static int invert(const net *n, const int *off, const int *v, int **poff, int **pv)
{
    size_t total = (size_t)off[n->nu];
    int *o = calloc((size_t)n->np + 1, sizeof(int));
    int *w = malloc(sizeof(int) * (total ? total : 1));
    if (!o || !w) {
        free(o);
        free(w);
        return -1;
    }
    for (size_t i = 0; i < total; i++)
        o[v[i] + 1]++;
    for (int p = 0; p < n->np; p++)
        o[p + 1] += o[p];
    int *fill = malloc(sizeof(int) * ((size_t)n->np + 1));
    if (!fill) {
        free(o);
        free(w);
        return -1;
    }
    memcpy(fill, o, sizeof(int) * ((size_t)n->np + 1));
    for (int u = 0; u < n->nu; u++)
        for (int k = off[u]; k < off[u + 1]; k++)
            w[fill[v[k]]++] = u;
    free(fill);
    *poff = o;
    *pv = w;
    return 0;
}

por *por_new(const net *n)
{
    por *p = calloc(1, sizeof *p);
    sets s = {{NULL, 0, NULL}, {NULL, 0, NULL}, NULL, NULL, 0, 0};
    if (!p)
        return NULL;
    p->n = n;
    s.sr = malloc(sizeof(int) * ((size_t)n->np + 1));
    s.sw = malloc(sizeof(int) * ((size_t)n->np + 1));
    p->acc_off = malloc(sizeof(int) * ((size_t)n->nu + 1));
    p->wr_off = malloc(sizeof(int) * ((size_t)n->nu + 1));
    if (!s.sr || !s.sw || !p->acc_off || !p->wr_off)
        goto fail;
    for (int q = 0; q < n->np; q++)
        s.sr[q] = s.sw[q] = 0;
    for (int u = 0; u < n->nu && !s.bad; u++) {
        p->acc_off[u] = (int)s.acc.n;
        p->wr_off[u] = (int)s.wr.n;
        s.u = u;
        unit_sets(&s, n, u);
    }
    if (s.bad)
        goto fail;
    p->acc_off[n->nu] = (int)s.acc.n;
    p->wr_off[n->nu] = (int)s.wr.n;
    p->acc = s.acc.v;
    p->wr = s.wr.v;
    s.acc.v = s.wr.v = NULL;
    if (!p->acc && !(p->acc = malloc(sizeof(int))))
        goto fail;
    if (!p->wr && !(p->wr = malloc(sizeof(int))))
        goto fail;
    if (invert(n, p->wr_off, p->wr, &p->pw_off, &p->pw) < 0 ||
        invert(n, p->acc_off, p->acc, &p->pa_off, &p->pa) < 0)
        goto fail;
    size_t nu = (size_t)n->nu + 1;
    p->en_ep = calloc(nu, sizeof(uint32_t));
    p->en = calloc(nu, 1);
    p->in_ep = calloc(nu, sizeof(uint32_t));
    p->work = malloc(sizeof(int) * nu);
    p->best = malloc(sizeof(int) * nu);
    p->cur = malloc(sizeof(int) * nu);
    p->need = malloc(sizeof(int) * ((size_t)n->np + 1));
    if (!p->en_ep || !p->en || !p->in_ep || !p->work || !p->best || !p->cur || !p->need)
        goto fail;
    free(s.sr);
    free(s.sw);
    return p;
fail:
    free(s.sr);
    free(s.sw);
    free(s.acc.v);
    free(s.wr.v);
    por_free(p);
    return NULL;
}

void por_free(por *p)
{
    if (!p)
        return;
    free(p->acc_off);
    free(p->acc);
    free(p->wr_off);
    free(p->wr);
    free(p->pw_off);
    free(p->pw);
    free(p->pa_off);
    free(p->pa);
    free(p->en_ep);
    free(p->en);
    free(p->in_ep);
    free(p->work);
    free(p->best);
    free(p->cur);
    free(p->need);
    free(p);
}

/* ---- at a state ---------------------------------------------------------- */

static int msg_ok(const por *p, const net_unit *x)
{
    if (x->env || x->nmsgin == 0)
        return 1;
    for (int k = 0; k < x->nmsgin; k++)
        if (p->cnt[p->n->pool[x->msgin + k]])
            return 1;
    return 0;
}

/* Writers of q not yet in the set: the cost of needing q. */
static int cost(const por *p, int q)
{
    int c = 0;
    for (int k = p->pw_off[q]; k < p->pw_off[q + 1]; k++)
        c += p->in_ep[p->pw[k]] != p->setep;
    return c;
}

/* For a unit whose inputs are not all there: the places of which one must
 * receive a token first (all inputs for an exclusive or inclusive input,
 * the cheapest empty one for a parallel input).  Returns how many were
 * written to need[], 0 when the inputs are there. */
static int input_need(const por *p, const net_unit *x, int *need)
{
    const int *in = p->n->pool + x->in;
    if (x->in_mode == NET_IN_AND) {
        int best = -1, bc = 0;
        for (int k = 0; k < x->nin; k++)
            if (!p->cnt[in[k]]) {
                int c = cost(p, in[k]);
                if (best < 0 || c < bc)
                    best = in[k], bc = c;
            }
        if (best < 0)
            return 0;
        need[0] = best;
        return 1;
    }
    for (int k = 0; k < x->nin; k++)
        if (p->cnt[in[k]])
            return 0;
    for (int k = 0; k < x->nin; k++)
        need[k] = in[k];
    return x->nin;
}

/* The cheapest marked place of scope sc's range, or -1 when it is empty:
 * the scope cannot become empty before that place loses its token. */
static int marked_in(const por *p, int sc)
{
    const net_scope *S = &p->n->sc[sc];
    int best = -1, bc = 0;
    for (int i = 0; i < p->nmarked; i++) {
        int q = p->marked[i];
        if (q >= S->lo && q < S->hi && p->cnt[q]) {
            int c = cost(p, q);
            if (best < 0 || c < bc)
                best = q, bc = c;
        }
    }
    return best;
}

static int msg_need(const por *p, const net_unit *x, int *need)
{
    for (int k = 0; k < x->nmsgin; k++)
        need[k] = p->n->pool[x->msgin + k];
    return x->nmsgin;
}

/* 1 when unit u may be enabled; otherwise 0, with the places of which one
 * must change before it can be (their writers enable it) in need[],
 * *nneed of them. */
static int may_enable(const por *p, int u, int *need, int *nneed)
{
    const net *n = p->n;
    const net_unit *x = &n->u[u];
    *nneed = 0;
    switch (x->kind) {
    case NET_U_TOPSTART: {
        int pend = n->pending[n->sc[x->scope].proc];
        if (!p->cnt[pend]) {
            need[(*nneed)++] = pend;
            return 0;
        }
        if (!msg_ok(p, x)) {
            *nneed = msg_need(p, x, need);
            return 0;
        }
        return 1;
    }
    case NET_U_ATOMIC:
        if (x->in_mode == NET_IN_AND && x->nin == 0)
            return 0; /* nothing can ever enable it */
        if ((*nneed = input_need(p, x, need)) > 0)
            return 0;
        if (x->in_mode == NET_IN_OR || x->out_mode == NET_OUT_EVGW)
            return 1; /* judged on more than its inputs: may */
        if (!msg_ok(p, x)) {
            *nneed = msg_need(p, x, need);
            return 0;
        }
        return 1;
    case NET_U_TWO: {
        if (x->nin && input_need(p, x, need) == 0)
            return 1; /* it can start */
        int k = x->nin ? input_need(p, x, need) : 0;
        if (!p->cnt[x->act]) {
            need[k++] = x->act;
        } else {
            int q = x->sub >= 0 ? marked_in(p, x->sub) : -1;
            if (q < 0 && msg_ok(p, x))
                return 1; /* it can complete */
            if (q >= 0)
                need[k++] = q;
            else
                k += msg_need(p, x, need + k);
        }
        *nneed = k;
        return 0;
    }
    case NET_U_BOUNDARY: {
        const net_unit *a = &n->u[x->attached];
        if (!p->cnt[a->act])
            need[(*nneed)++] = a->act;
        else if (!x->interrupting && !p->cnt[x->armed])
            need[(*nneed)++] = x->armed;
        else if (!msg_ok(p, x))
            *nneed = msg_need(p, x, need);
        else
            return 1;
        return 0;
    }
    case NET_U_ES: {
        if (!p->cnt[x->act]) {
            if (msg_ok(p, x))
                return 1;
            *nneed = msg_need(p, x, need);
            return 0;
        }
        int q = marked_in(p, x->sub);
        if (q < 0)
            return 1;
        need[0] = q;
        need[1] = x->act;
        *nneed = 2;
        return 0;
    }
    default:
        return 0;
    }
}

/* The set grown from seed, stopping once it holds `limit` units that may
 * be enabled; their list in p->cur.  Returns their number. */
static int closure(por *p, int seed, int limit)
{
    const net *n = p->n;
    int nw = 0, nen = 0;
    if (++p->setep == 0) {
        memset(p->in_ep, 0, sizeof(uint32_t) * ((size_t)n->nu + 1));
        p->setep = 1;
    }
    p->in_ep[seed] = p->setep;
    p->work[nw++] = seed;
    while (nw > 0) {
        int u = p->work[--nw], nneed;
        if (p->en_ep[u] != p->ep) {
            p->en_ep[u] = p->ep;
            p->en[u] = (unsigned char)may_enable(p, u, p->need, &nneed);
        }
        if (p->en[u]) {
            p->cur[nen++] = u;
            if (nen >= limit)
                return nen;
            /* what can disable it or does not commute with it */
            for (int k = p->acc_off[u]; k < p->acc_off[u + 1]; k++) {
                int q = p->acc[k];
                for (int j = p->pw_off[q]; j < p->pw_off[q + 1]; j++)
                    if (p->in_ep[p->pw[j]] != p->setep) {
                        p->in_ep[p->pw[j]] = p->setep;
                        p->work[nw++] = p->pw[j];
                    }
            }
            for (int k = p->wr_off[u]; k < p->wr_off[u + 1]; k++) {
                int q = p->wr[k];
                for (int j = p->pa_off[q]; j < p->pa_off[q + 1]; j++)
                    if (p->in_ep[p->pa[j]] != p->setep) {
                        p->in_ep[p->pa[j]] = p->setep;
                        p->work[nw++] = p->pa[j];
                    }
            }
        } else {
            /* recomputed: the cheapest reason depends on the set so far */
            may_enable(p, u, p->need, &nneed);
            for (int k = 0; k < nneed; k++) {
                int q = p->need[k];
                for (int j = p->pw_off[q]; j < p->pw_off[q + 1]; j++)
                    if (p->in_ep[p->pw[j]] != p->setep) {
                        p->in_ep[p->pw[j]] = p->setep;
                        p->work[nw++] = p->pw[j];
                    }
            }
        }
    }
    return nen;
}

int por_stubborn(por *p, const uint8_t *cnt, const int *marked, int nmarked, int *out)
{
    const net *n = p->n;
    p->cnt = cnt;
    p->marked = marked;
    p->nmarked = nmarked;
    if (++p->ep == 0) {
        memset(p->en_ep, 0, sizeof(uint32_t) * ((size_t)n->nu + 1));
        p->ep = 1;
    }
    /* the units that may move: those reading a marked place, and the event
     * sub-processes (which watch their scope) */
    int nen = 0, nbest = -1, seeds = 0;
    if (++p->setep == 0) {
        memset(p->in_ep, 0, sizeof(uint32_t) * ((size_t)n->nu + 1));
        p->setep = 1;
    }
    uint32_t mark = p->setep;
    for (int i = 0; i <= nmarked; i++) {
        int lo = i < nmarked ? p->pa_off[marked[i]] : 0;
        int hi = i < nmarked ? p->pa_off[marked[i] + 1] : n->nes;
        for (int k = lo; k < hi; k++) {
            int u = i < nmarked ? p->pa[k] : n->es[k];
            if (p->in_ep[u] == mark)
                continue;
            p->in_ep[u] = mark;
            int nneed;
            p->en_ep[u] = p->ep;
            p->en[u] = (unsigned char)may_enable(p, u, p->need, &nneed);
            if (p->en[u])
                out[nen++] = u; /* out[] holds the candidates meanwhile */
        }
    }
    if (nen <= 1)
        return -1; /* nothing to gain */
    /* the seed whose set holds the fewest units that may move */
    for (int i = 0; i < nen && seeds < MAX_SEEDS; i++, seeds++) {
        int k = closure(p, out[i], nbest < 0 ? nen : nbest);
        if (nbest < 0 ? k < nen : k < nbest) {
            nbest = k;
            memcpy(p->best, p->cur, sizeof(int) * (size_t)k);
            if (k == 1)
                break;
        }
    }
    if (nbest < 0)
        return -1;
    memcpy(out, p->best, sizeof(int) * (size_t)nbest);
    return nbest;
}
