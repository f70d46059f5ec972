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
 */
#include "statespace.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "net.h"
#include "por.h"
#include "../model/alloc.h"

#define CAP 250           /* a count this high means unbounded growth */
#define WALK_LIMIT 2048   /* ancestors compared when looking for a cover */
#define MAX_CONFIRMS 64   /* replays tried to confirm growth */
#define EMPTY UINT32_MAX
#define MAXSUB 12         /* optional outputs enumerated subset by subset */

enum { PH_FIRE, PH_START, PH_COMPLETE, PH_TRIGGER };
enum { V_EXPLORE, V_FIND, V_GOOD, V_MATCH, V_FIRST, V_SUCC, V_REPLAY };
enum { F_PRUNED = 1, F_GOOD = 2, F_DL = 4, F_MOVES = 8, F_FINAL = 16 };
enum { CONT_EFFECT, CONT_EVGW };

/* Behavioural rules, in the order of the process failure mask. */
static const char *const brules[] = {"deadlock", "lack-of-synchronization", "livelock",
                                     "dead-activity", "improper-completion", "unbounded",
                                     "lost-message"};
enum { R_DEADLOCK, R_LOS, R_LIVELOCK, R_DEAD, R_IMPROPER, R_UNBOUNDED, R_LOST, R_COUNT };
/* the property each rule's failure refutes (a rule's failure bit is set
 * whenever its witness is found, reported or not) */
#define R_BIT(r) (1u << (r))
#define UNSAFE_BITS R_BIT(R_LOS)
#define OTC_BITS (R_BIT(R_DEADLOCK) | R_BIT(R_LIVELOCK))

typedef struct move {
    int unit, phase, in_k, msg_k, out_k, tgt_k, tmsg_k;
    int step[2], nstep;
    int improper;  /* end event reached a second time, or -1 */
    int entered;   /* scope entered, or -1 */
} move;

typedef struct pfind {
    int rule, node, proc;
    uint32_t state;      /* the bad state, or EMPTY for none */
    int steps[3], nsteps;/* moves after that state (a finding on a move) */
    move mv;             /* that move, when nsteps > 0 */
    char *msg;
    uint32_t *tail;      /* states after `state` the trace goes on through
                          * (a loop gone round once), or NULL */
    int ntail;
} pfind;

typedef struct cover {
    uint32_t a, j;
} cover;

typedef struct ss {
    check_ctx *c;
    const net *n;
    const model *m;
    int P;
    size_t W;
    /* store */
    unsigned char *slots;
    uint32_t *parent;
    uint32_t *witness;  /* a successor of a state that has no tree child
                         * (all its successors were found first by
                         * others), or EMPTY: with the parent links, every
                         * state that can move has one edge on record */
    unsigned char *flags;
    size_t ns, cap;
    uint8_t *wide;
    size_t nwide, wcap;
    uint64_t *tkey;   /* per table entry: the state itself when it fits
                       * (W <= 7, safe), else a hash fingerprint; 0 empty */
    uint32_t *table;  /* per table entry: the state id */
    size_t tsize;
    size_t bytes, peak, max_bytes, max_states;
    /* working state */
    uint8_t *cnt;
    int *marked, nmarked;
    int nbig;
    size_t WB;              /* 64-bit words of an encoding */
    uint64_t *bits;         /* bit p+1 set when cnt[p] > 0, kept by put()
                             * and undo(): the safe encoding of the working
                             * state, always at hand */
    uint64_t *enc;          /* the encoding being looked up */
    int *chg_p;
    uint8_t *chg_v;
    int nchg, chgcap;
    uint32_t *stamp, epoch;
    move mv;
    /* visitor */
    int visit, stop, hit, want;
    int child;          /* the state expanded got a new successor */
    uint32_t wit;       /* its first successor already stored */
    size_t nmoves;
    uint32_t cur, target;
    move found;
    uint8_t *matchvec;
    /* results */
    unsigned char *fired;
    unsigned char *seen; /* rule x node: finding recorded */
    pfind *finds;
    size_t nfinds, fcap;
    cover *covers;
    size_t ncovers, ccap;
    /* safe successors of the state being expanded, looked up together so
     * that their cache misses overlap */
    uint64_t *benc;
    uint64_t *bkey;
    unsigned char *bexact;
    size_t nbatch, bcap;
    por *por;            /* stubborn sets, or NULL for the full search */
    int *punits;         /* units of the stubborn set at hand */
    int oldhit;          /* a successor of the state expanded was stored before */
    size_t nreduced;     /* states expanded through a stubborn set alone */
    /* replaying a trace: its steps (node indices), the position reached,
     * the (state, position) pairs still to expand and those met */
    const int *rsteps;
    int rn, rpos;
    uint64_t *rq, *rset;
    size_t nrq, rqcap, rsetn, rsetcap;
    unsigned *fail;      /* per group process: rules whose witness was found */
    unsigned *shown;     /* per group process: rules with a finding reported */
    int unbounded, pruned, limit, memory, confirms;
} ss;

/* ---- small helpers ----------------------------------------------------- */

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static uint64_t hash_bytes(const void *p, size_t len, uint64_t seed)
{
    const unsigned char *b = p;
    uint64_t h = seed ^ (len * 0x9E3779B97F4A7C15ULL);
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, b, 8);
        h = (h ^ mix(w)) * 0x9E3779B97F4A7C15ULL;
        b += 8;
        len -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, b, len);
    return mix(h ^ w ^ (uint64_t)len << 56);
}

static int getbit(const unsigned char *v, int i) { return v[i >> 3] >> (i & 7) & 1; }

static const model_node *node(const ss *s, int i) { return model_node_at(s->m, i); }

/* Makes room for n + 1 elements of `size` bytes in *p (capacity *cap);
 * returns -1 when out of memory (then *p is unchanged). */
static int room(void *p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? 2 * *cap : 16;
    void *q = realloc(*(void **)p, nc * size);
    if (!q)
        return -1;
    *(void **)p = q;
    *cap = nc;
    return 0;
}

/* ---- change log ------------------------------------------------------- */

static inline void flip(uint64_t *v, int i) { v[i >> 6] ^= 1ull << (i & 63); }

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

/* ---- the store ----------------------------------------------------------- */

static void account(ss *s)
{
    s->bytes = s->cap * (s->W + 2 * sizeof(uint32_t) + 1) + s->wcap * (size_t)s->P +
               s->tsize * (sizeof(uint32_t) + sizeof(uint64_t));
    if (s->bytes > s->peak)
        s->peak = s->bytes;
}

static int slot_unsafe(const ss *s, uint32_t id) { return s->slots[(size_t)id * s->W] & 1; }

static const uint8_t *slot_wide(const ss *s, uint32_t id)
{
    uint32_t w;
    memcpy(&w, s->slots + (size_t)id * s->W, 4);
    return s->wide + (size_t)(w >> 1) * (size_t)s->P;
}

#define KEY_TOP (1ull << 63)

/* The table key of the working state: a safe state of at most 55 places
 * is its own key (exact, so a hit needs no look at the store); any other
 * state keys by a fingerprint of its hash, bit 0 telling unsafe from
 * safe.  Never 0, which marks an empty entry. */
static uint64_t key_of(ss *s, int safe, int *exact)
{
    if (safe && s->W <= 7) {
        *exact = 1;
        return s->enc[0] | KEY_TOP;
    }
    *exact = 0;
    if (safe)
        return (hash_bytes(s->enc, s->W, 1) | KEY_TOP) & ~1ull;
    return hash_bytes(s->cnt, (size_t)s->P, 2) | KEY_TOP | 1;
}

static size_t key_index(uint64_t k, size_t mask) { return mix(k) & mask; }

/* Zeroed memory for a large table; on huge pages where the kernel allows
 * (the table is probed at random: 4 KB pages would cost a TLB miss per
 * look-up). */
static void *table_alloc(size_t bytes)
{
    const size_t huge = (size_t)2 << 20;
    if (bytes < huge)
        return calloc(1, bytes);
    void *p = NULL;
    bytes = (bytes + huge - 1) / huge * huge;
    if (posix_memalign(&p, huge, bytes) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE);
#endif
    memset(p, 0, bytes);
    return p;
}

static int table_grow(ss *s)
{
    size_t nsize = s->tsize ? s->tsize * 2 : 1024, mask = nsize - 1;
    if (s->bytes + nsize * (sizeof(uint32_t) + sizeof(uint64_t)) > s->max_bytes)
        return -1;
    uint32_t *t = table_alloc(nsize * sizeof(uint32_t));
    uint64_t *k = table_alloc(nsize * sizeof(uint64_t));
    if (!t || !k) {
        free(t);
        free(k);
        return -1;
    }
    for (size_t j = 0; j < s->tsize; j++) {
        if (!s->tkey[j])
            continue;
        size_t i = key_index(s->tkey[j], mask);
        while (k[i])
            i = (i + 1) & mask;
        k[i] = s->tkey[j];
        t[i] = s->table[j];
    }
    free(s->table);
    free(s->tkey);
    s->table = t;
    s->tkey = k;
    s->tsize = nsize;
    account(s);
    return 0;
}

static int store_grow(ss *s)
{
    size_t nc = s->cap ? s->cap * 2 : 4096;
    if (nc > s->max_states + 1)
        nc = s->max_states + 1;
    size_t more = (nc - s->cap) * (s->W + 2 * sizeof(uint32_t) + 1);
    if (nc <= s->cap || s->bytes + more > s->max_bytes)
        return -1;
    unsigned char *a = realloc(s->slots, nc * s->W + 8);
    if (!a)
        return -1;
    s->slots = a;
    uint32_t *b = realloc(s->parent, nc * sizeof(uint32_t));
    if (!b)
        return -1;
    s->parent = b;
    uint32_t *wt = realloc(s->witness, nc * sizeof(uint32_t));
    if (!wt)
        return -1;
    s->witness = wt;
    unsigned char *f = realloc(s->flags, nc);
    if (!f)
        return -1;
    s->flags = f;
    s->cap = nc;
    account(s);
    return 0;
}

/* Encodes the working state when it is safe (into s->enc). */
static inline void encode_safe(ss *s)
{
    for (size_t k = 0; k < s->WB; k++)
        s->enc[k] = s->bits[k];
}

/* Reads a stored slot into words; the store keeps 8 bytes of slack past
 * its last slot, so whole-word reads never leave it. */
static void slot_words(const ss *s, uint32_t id, uint64_t *w)
{
    const unsigned char *slot = s->slots + (size_t)id * s->W;
    for (size_t k = 0; k < s->WB; k++)
        memcpy(&w[k], slot + 8 * k, 8);
    size_t tail = s->W % 8;
    if (tail)
        w[s->WB - 1] &= (1ull << (8 * tail)) - 1;
}

/* The table position holding the state with this key (s->enc when safe,
 * s->cnt when not), or the empty position where it would go (*hit 0). */
static size_t probe(const ss *s, uint64_t key, int exact, int safe, int *hit)
{
    size_t mask = s->tsize - 1, i = key_index(key, mask);
    for (;; i = (i + 1) & mask) {
        uint64_t k = s->tkey[i];
        if (!k)
            break;
        if (k != key)
            continue;
        if (exact) {
            *hit = 1;
            return i;
        }
        uint32_t id = s->table[i];
        if (safe ? memcmp(s->slots + (size_t)id * s->W, s->enc, s->W) == 0
                 : memcmp(slot_wide(s, id), s->cnt, (size_t)s->P) == 0) {
            *hit = 1;
            return i;
        }
    }
    *hit = 0;
    return i;
}

static uint32_t insert_at(ss *s, size_t i, uint64_t key, int safe, int *isnew);

/* Looks the working state up; with insert, adds it when new (*isnew set).
 * Returns its id, EMPTY when absent (or when it cannot be stored: then
 * s->memory or s->limit is set). */
static uint32_t find(ss *s, int insert, int *isnew)
{
    int safe = s->nbig == 0, exact, hit;
    if (safe)
        encode_safe(s);
    uint64_t key = key_of(s, safe, &exact);
    size_t i = probe(s, key, exact, safe, &hit);
    if (hit)
        return s->table[i];
    if (!insert)
        return EMPTY;
    return insert_at(s, i, key, safe, isnew);
}

/* Stores the working state (s->enc when safe) at empty table position i. */
static uint32_t insert_at(ss *s, size_t i, uint64_t key, int safe, int *isnew)
{
    if (s->ns >= s->max_states) {
        s->limit = 1;
        return EMPTY;
    }
    if (s->ns == s->cap && store_grow(s) < 0) {
        s->memory = 1;
        return EMPTY;
    }
    unsigned char *slot = s->slots + s->ns * s->W;
    if (safe) {
        /* whole words: what spills past this slot lands in the next,
         * unused one (or the slack) */
        for (size_t k = 0; k < s->WB; k++)
            memcpy(slot + 8 * k, &s->enc[k], 8);
    } else {
        if (s->nwide == s->wcap) {
            size_t nc = s->wcap ? s->wcap * 2 : 256;
            if (nc > (size_t)1 << 31 ||
                s->bytes + (nc - s->wcap) * (size_t)s->P > s->max_bytes) {
                s->memory = 1;
                return EMPTY;
            }
            uint8_t *w = realloc(s->wide, nc * (size_t)s->P);
            if (!w) {
                s->memory = 1;
                return EMPTY;
            }
            s->wide = w;
            s->wcap = nc;
            account(s);
        }
        memcpy(s->wide + s->nwide * (size_t)s->P, s->cnt, (size_t)s->P);
        memset(slot, 0, s->W);
        uint32_t w = (uint32_t)(s->nwide++ << 1 | 1);
        memcpy(slot, &w, 4);
    }
    uint32_t id = (uint32_t)s->ns++;
    s->parent[id] = s->visit == V_EXPLORE ? s->cur : EMPTY;
    s->flags[id] = 0;
    s->witness[id] = EMPTY;
    s->table[i] = id;
    s->tkey[i] = key;
    *isnew = 1;
    if (s->ns * 10 > s->tsize * 7 && table_grow(s) < 0)
        s->memory = 1;
    return id;
}

/* ---- the working state ----------------------------------------------- */

static void load_vec(ss *s, const uint8_t *v);

/* s->bits from the marked places of a state just loaded. */
static void mark_bits(ss *s)
{
    for (size_t k = 0; k < s->WB; k++)
        s->bits[k] = 0;
    for (int i = 0; i < s->nmarked; i++)
        flip(s->bits, s->marked[i] + 1);
}

static void load_state(ss *s, uint32_t id)
{
    const unsigned char *slot = s->slots + (size_t)id * s->W;
    s->nmarked = 0;
    s->nbig = 0;
    if (slot[0] & 1) {
        load_vec(s, slot_wide(s, id));
        return;
    }
    slot_words(s, id, s->bits);
    for (size_t k = 0; k < s->WB; k++) {
        uint64_t word = s->bits[k];
        if (k == 0)
            word &= ~(uint64_t)1;
        while (word) {
            int b = __builtin_ctzll(word);
            word &= word - 1;
            int p = (int)(k * 64) + b - 1;
            s->cnt[p] = 1;
            s->marked[s->nmarked++] = p;
        }
    }
}

static void load_vec(ss *s, const uint8_t *v)
{
    s->nmarked = 0;
    s->nbig = 0;
    for (int p = 0; p < s->P; p++)
        if ((s->cnt[p] = v[p]) != 0) {
            s->marked[s->nmarked++] = p;
            s->nbig += v[p] > 1;
        }
    mark_bits(s);
}

static void unload(ss *s)
{
    for (int i = 0; i < s->nmarked; i++)
        s->cnt[s->marked[i]] = 0;
    for (size_t k = 0; k < s->WB; k++)
        s->bits[k] = 0;
    s->nmarked = 0;
    s->nbig = 0;
}

static void state_vec(const ss *s, uint32_t id, uint8_t *v)
{
    if (slot_unsafe(s, id)) {
        memcpy(v, slot_wide(s, id), (size_t)s->P);
        return;
    }
    const unsigned char *slot = s->slots + (size_t)id * s->W;
    for (int p = 0; p < s->P; p++)
        v[p] = (uint8_t)getbit(slot, p + 1);
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
    const int *out = s->n->pool + x->out, *kind = s->n->pool + x->outk;
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
    /* inclusive split (optional = every flow but the default) or activity
     * (optional = conditional flows, the rest always) */
    int opt[64], nopt = 0, always[64], nalw = 0, dflt = -1;
    for (int k = 0; k < n && k < 64; k++) {
        if (kind[k] == NET_OK_DEFAULT)
            dflt = out[k];
        else if (x->out_mode == NET_OUT_OR || kind[k] == NET_OK_COND)
            opt[nopt++] = out[k];
        else
            always[nalw++] = out[k];
    }
    if (x->out_mode == NET_OUT_ACT && nopt == 0 && dflt >= 0)
        always[nalw++] = dflt, dflt = -1; /* a default with nothing to default from */
    /* choice c: 0 = none of the optional flows (the default), 1.. = subsets;
     * beyond MAXSUB optional flows, single flows and all of them */
    long nchoice = nopt <= MAXSUB ? 1L << nopt : nopt + 2;
    for (long c = 0; c < nchoice && !s->stop; c++) {
        uint64_t set;
        if (nopt <= MAXSUB)
            set = (uint64_t)c;
        else
            set = c == 0 ? 0 : c <= nopt ? 1ull << (c - 1) : (nopt >= 64 ? ~0ull : (1ull << nopt) - 1);
        if (set == 0) {
            if (dflt < 0 && (x->out_mode == NET_OUT_OR || nalw == 0) && nopt > 0)
                continue; /* no flow would be taken */
            if (dflt >= 0)
                inc(s, dflt);
        }
        for (int k = 0; k < nalw; k++)
            inc(s, always[k]);
        for (int k = 0; k < nopt; k++)
            if (set >> k & 1)
                inc(s, opt[k]);
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

/* ---- findings ---------------------------------------------------------- */

static int place_node(const ss *s, int p, int *flow);

/* The group process a place belongs to: the process whose scope range
 * holds it, or for a message, the sender's. */
static int proc_of_place(const ss *s, int p)
{
    for (int g = 0; g < s->n->nprocs; g++) {
        const net_scope *S = &s->n->sc[s->n->top[g]];
        if (p >= S->lo && p < S->hi)
            return g;
    }
    int flow, nd = place_node(s, p, &flow);
    for (int g = 0; nd >= 0 && g < s->n->nprocs; g++)
        if (s->n->procs[g] == node(s, nd)->process)
            return g;
    return 0;
}

static int proc_of_unit(const ss *s, int u) { return s->n->sc[s->n->u[u].scope].proc; }

static void record(ss *s, int rule, int nd, int proc, uint32_t state, const move *mv,
                   const char *fmt, ...) __attribute__((format(printf, 7, 8)));

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

static void record(ss *s, int rule, int nd, int proc, uint32_t state, const move *mv,
                   const char *fmt, ...)
{
    s->fail[proc] |= 1u << rule;
    size_t key = (size_t)rule * model_node_count(s->m) + (size_t)nd;
    if (s->seen[key] || !check_enabled(s->c, brules[rule]) ||
        check_has(s->c, brules[rule], nd))
        return;
    if ((rule == R_LOS || rule == R_IMPROPER) && after_los(s, nd))
        return;
    if (room(&s->finds, &s->fcap, s->nfinds, sizeof *s->finds) < 0)
        return;
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
static int place_node(const ss *s, int p, int *flow)
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
static void deadlock(ss *s, uint32_t id)
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
    record(s, R_DEADLOCK, best, proc_of_place(s, best_p), id, NULL, "%s '%s' %s",
           check_kind(s->c, best), check_label(s->c, best), why);
}

/* A completed state (every participant ended or never started) that still
 * holds messages: each channel left non-empty is a message nobody takes. */
static void lost_messages(ss *s, uint32_t id)
{
    for (int i = 0; i < s->nmarked; i++) {
        int p = s->marked[i];
        if (!s->cnt[p] || s->n->pl[p].kind != NET_PL_MSG)
            continue;
        const model_msgflow *f = model_msgflow_at(s->m, s->n->pl[p].elem);
        int from = f->source_node, to = f->target_node;
        record(s, R_LOST, from, proc_of_place(s, p), id, NULL,
               "%s '%s' sends a message on message flow '%s' that %s '%s' never takes: every "
               "participant has completed and the message is left in the channel",
               check_kind(s->c, from), check_label(s->c, from), f->e.id, check_kind(s->c, to),
               check_label(s->c, to));
    }
}

static void lack_of_sync(ss *s, uint32_t id)
{
    for (int i = 0; i < s->nchg; i++) {
        int p = s->chg_p[i];
        int kind = s->n->pl[p].kind;
        if (s->cnt[p] < 2 || s->cnt[p] <= s->chg_v[i] ||
            (kind != NET_PL_FLOW && kind != NET_PL_ACT))
            continue;
        int flow, nd = place_node(s, p, &flow);
        if (flow >= 0) {
            int t = model_flow_at(s->m, flow)->target;
            record(s, R_LOS, nd, proc_of_place(s, p), id, NULL,
                   "%s '%s' puts a second token on sequence flow '%s' (towards %s '%s') "
                   "before the first has moved on: two tokens travel one path unsynchronized",
                   check_kind(s->c, nd), check_label(s->c, nd), model_flow_at(s->m, flow)->e.id,
                   check_kind(s->c, t), check_label(s->c, t));
        } else {
            record(s, R_LOS, nd, proc_of_place(s, p), id, NULL,
                   "%s '%s' runs twice at once: a second token reaches it before the first "
                   "instance has completed", check_kind(s->c, nd), check_label(s->c, nd));
        }
        return;
    }
}

static int depth_of(const ss *s, uint32_t id)
{
    int d = 0;
    while (s->parent[id] != EMPTY) {
        id = s->parent[id];
        d++;
    }
    return d;
}

/* Unbounded growth from state a to state j (j covers a): name the place
 * that grows. */
static void unbounded(ss *s, uint32_t a, uint32_t j, const uint8_t *vj)
{
    uint8_t *va = malloc((size_t)s->P);
    if (!va)
        return;
    state_vec(s, a, va);
    int best = -1; /* the first place that grows, a sequence flow if any */
    for (int p = 0; p < s->P; p++)
        if (vj[p] > va[p] && (best < 0 || (s->n->pl[p].kind == NET_PL_FLOW &&
                                           s->n->pl[best].kind != NET_PL_FLOW)))
            best = p;
    free(va);
    if (best < 0)
        return;
    int flow, nd = place_node(s, best, &flow);
    if (nd < 0)
        return;
    if (s->n->pl[best].kind == NET_PL_FLOW || s->n->pl[best].kind == NET_PL_ACT)
        s->fail[proc_of_place(s, best)] |= UNSAFE_BITS; /* it will hold two */
    int from = depth_of(s, a) + 1;
    if (flow >= 0)
        record(s, R_UNBOUNDED, nd, proc_of_place(s, best), j, NULL,
               "tokens pile up without limit on sequence flow '%s' after %s '%s': the moves "
               "from step %d on can repeat forever, each round leaving one more",
               model_flow_at(s->m, flow)->e.id, check_kind(s->c, nd), check_label(s->c, nd),
               from);
    else if (s->n->pl[best].kind == NET_PL_MSG)
        record(s, R_UNBOUNDED, nd, proc_of_place(s, best), j, NULL,
               "messages from %s '%s' pile up without limit on message flow '%s': the moves "
               "from step %d on can repeat forever, each round sending one more than is "
               "received", check_kind(s->c, nd), check_label(s->c, nd),
               model_msgflow_at(s->m, s->n->pl[best].elem)->e.id, from);
    else
        record(s, R_UNBOUNDED, nd, proc_of_place(s, best), j, NULL,
               "%s '%s' can gather tokens without limit: the moves from step %d on can "
               "repeat forever, each round adding one", check_kind(s->c, nd),
               check_label(s->c, nd), from);
}

/* ---- visitors ---------------------------------------------------------- */

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
        size_t c1 = s->bcap, c2 = s->bcap, c3 = s->bcap;
        if (room(&s->benc, &c1, s->nbatch, s->WB * sizeof(uint64_t)) < 0 ||
            room(&s->bkey, &c2, s->nbatch, sizeof(uint64_t)) < 0 ||
            room(&s->bexact, &c3, s->nbatch, 1) < 0) {
            s->memory = s->stop = 1;
            return;
        }
        s->bcap = c1 < c2 ? (c1 < c3 ? c1 : c3) : (c2 < c3 ? c2 : c3);
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

static void on_explore(ss *s)
{
    count_move(s);
    if (s->mv.improper >= 0)
        record(s, R_IMPROPER, s->mv.improper, proc_of_unit(s, s->mv.unit), s->cur, &s->mv,
               "end event '%s' is reached a second time in the same instance: the paths "
               "leading to it were not joined", check_label(s->c, s->mv.improper));
    int over = overflowing(s);
    if (over >= 0) {
        int flow, nd = place_node(s, over, &flow);
        s->unbounded = 1;
        s->pruned = 1;
        if (s->n->pl[over].kind == NET_PL_FLOW || s->n->pl[over].kind == NET_PL_ACT)
            s->fail[proc_of_place(s, over)] |= UNSAFE_BITS;
        if (nd >= 0)
            record(s, R_UNBOUNDED, nd, proc_of_place(s, over), s->cur, &s->mv,
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
    uint32_t id = find(s, 1, &isnew);
    if (id == EMPTY) {
        s->stop = 1;
        return;
    }
    if (!isnew) {
        s->oldhit = 1;
        if (s->wit == EMPTY)
            s->wit = id;
        return;
    }
    s->child = 1;
    {
        lack_of_sync(s, id);
        uint32_t a = s->cur;
        for (int k = 0; k < WALK_LIMIT && a != EMPTY; k++, a = s->parent[a]) {
            if (!covers(s, a))
                continue;
            if (s->unbounded) {
                s->flags[id] |= F_PRUNED; /* growth already shown: cut it short */
                s->pruned = 1;
            } else if (s->confirms < MAX_CONFIRMS) {
                if (room(&s->covers, &s->ccap, s->ncovers, sizeof *s->covers) == 0)
                    s->covers[s->ncovers++] = (cover){a, id};
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
        size_t i = probe(s, s->bkey[b], s->bexact[b], 1, &hit);
        if (!hit)
            s->child |= insert_at(s, i, s->bkey[b], 1, &isnew) != EMPTY;
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
    if (find(s, 0, &isnew) == s->target) {
        s->found = s->mv;
        s->hit = 1;
        s->stop = 1;
    }
}

static void on_good(ss *s)
{
    int isnew = 0;
    s->nmoves++;
    uint32_t id = overflowing(s) >= 0 ? EMPTY : find(s, 0, &isnew);
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
    uint32_t id = find(s, 0, &isnew);
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

/* (state, position) met while replaying: 1 when already met, else records
 * it (the set is an open-addressing table of pair + 1). */
static int replay_met(ss *s, uint64_t pair)
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
    uint32_t id = find(s, 1, &isnew);
    if (id == EMPTY) {
        s->stop = 1;
        return;
    }
    uint64_t pair = (uint64_t)id << 32 | (uint32_t)(s->rpos + k);
    if (replay_met(s, pair))
        return;
    if (room(&s->rq, &s->rqcap, s->nrq, sizeof *s->rq) < 0) {
        s->memory = s->stop = 1;
        return;
    }
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
static void expand(ss *s, uint32_t id, int v)
{
    load_state(s, id);
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
    load_state(s, id);
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
static int move_between(ss *s, uint32_t a, uint32_t b, move *out)
{
    s->target = b;
    expand(s, a, V_FIND);
    unload(s);
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
            ok = move_between(s, path[i], path[i + 1], &mv[i]);
    }
    if (ok) {
        state_vec(s, j, prev);
        memcpy(vj, prev, (size_t)s->P);
        for (int round = 0; ok && round < 2; round++) {
            memcpy(s->matchvec, prev, (size_t)s->P);
            for (int i = 0; ok && i < len; i++) {
                memcpy(vcur, s->matchvec, (size_t)s->P);
                load_vec(s, vcur);
                s->visit = V_MATCH;
                s->found = mv[i];
                s->stop = s->hit = 0;
                gen_all(s);
                s->stop = 0;
                unload(s);
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
        unbounded(s, a, j, vj);
    free(mv);
    free(path);
    free(prev);
    free(vj);
    free(vcur);
    return ok;
}

/* ---- after the exploration: livelock and dead activities ---------------- */

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
            expand(s, (uint32_t)i, V_GOOD);
            unload(s);
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
            expand(s, walk[nw - 1], V_SUCC);
            unload(s);
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
        if (!move_between(s, walk[k], walk[k + 1], &mv))
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
        record(s, R_LIVELOCK, nd, proc, i, NULL,
               "the process can go round the loop through %s forever but can never complete "
               "from there: a loop with no way out", names);
    else
        record(s, R_LIVELOCK, nd, proc, i, NULL,
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
static void livelock(ss *s)
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
        expand(s, (uint32_t)i, V_FIRST);
        int p = s->nmarked ? s->marked[0] : 0;
        unload(s);
        if (!s->hit)
            return;
        loop_finding(s, (uint32_t)i, proc_of_place(s, p), s->n->u[s->found.unit].node);
        return;
    }
}

/* 1 when group process g has no message channel to fill. */
static int sends_none(const ss *s, int g)
{
    for (int p = 0; p < s->n->np; p++)
        if (s->n->pl[p].kind == NET_PL_MSG && proc_of_place(s, p) == g)
            return 0;
    return 1;
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
static void trap_livelock(ss *s)
{
    const net *n = s->n;
    unsigned char *in = malloc((size_t)n->np + 1);
    uint8_t *v = malloc((size_t)s->P + 1);
    if (!in || !v || !max_trap(s, in))
        goto out;
    for (size_t id = 0; id < s->ns; id++) {
        state_vec(s, (uint32_t)id, v);
        int p;
        for (p = 0; p < n->ntok && !(v[p] && in[p]); p++)
            ;
        if (p == n->ntok)
            continue;
        int flow, nd = place_node(s, p, &flow);
        if (flow >= 0)
            nd = model_flow_at(s->m, flow)->target;
        record(s, R_LIVELOCK, nd, proc_of_place(s, p), (uint32_t)id, NULL,
               "a token reaches %s '%s' on a loop it can never leave: every move that takes "
               "a token from the loop puts one back, so the process can never complete",
               check_kind(s->c, nd), check_label(s->c, nd));
        break;
    }
out:
    free(in);
    free(v);
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
static void dead_activities(ss *s, const unsigned char *in_group, const int *group_of,
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
        record(s, R_DEAD, (int)i, group_of[x->process], EMPTY, NULL,
               "%s '%s' never runs: no reachable state of the process starts it",
               check_kind(s->c, (int)i), check_label(s->c, (int)i));
    }
}

/* ---- traces and the hand-over of findings ----------------------------- */

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
    const int *out = n->pool + x->out, *kind = n->pool + x->outk;
    if (x->out_mode == NET_OUT_XOR) {
        if (mv->out_k >= 0 && mv->out_k < x->nout && n->pl[out[mv->out_k]].kind == NET_PL_FLOW)
            flows[k++] = n->pl[out[mv->out_k]].elem;
        return k;
    }
    if (x->out_mode != NET_OUT_OR && x->out_mode != NET_OUT_ACT)
        return 0;
    /* the choice as outputs() numbers it */
    int opt[64], nopt = 0, always[64], nalw = 0, dflt = -1;
    for (int j = 0; j < x->nout && j < 64; j++) {
        if (kind[j] == NET_OK_DEFAULT)
            dflt = out[j];
        else if (x->out_mode == NET_OUT_OR || kind[j] == NET_OK_COND)
            opt[nopt++] = out[j];
        else
            always[nalw++] = out[j];
    }
    if (x->out_mode == NET_OUT_ACT && nopt == 0)
        return 0; /* nothing was chosen */
    long c = mv->out_k;
    uint64_t set = nopt <= MAXSUB ? (uint64_t)c
                   : c == 0       ? 0
                   : c <= nopt    ? 1ull << (c - 1)
                                  : (nopt >= 64 ? ~0ull : (1ull << nopt) - 1);
    int taken[130], nt = 0;
    if (set == 0 && dflt >= 0)
        taken[nt++] = dflt;
    for (int j = 0; j < nalw; j++)
        taken[nt++] = always[j];
    for (int j = 0; j < nopt; j++)
        if (set >> j & 1)
            taken[nt++] = opt[j];
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

static void flush(ss *s)
{
    for (size_t f = 0; f < s->nfinds; f++) {
        pfind *pf = &s->finds[f];
        diag *d = check_emit(s->c, brules[pf->rule], pf->node, "%s", pf->msg);
        if (d)
            s->shown[pf->proc] |= R_BIT(pf->rule);
        if (d && pf->state != EMPTY) {
            int len = depth_of(s, pf->state);
            uint32_t *path = malloc(sizeof(uint32_t) * (size_t)(len + 1));
            if (path) {
                int k = len;
                for (uint32_t x = pf->state; k >= 0; x = s->parent[x])
                    path[k--] = x;
                for (int i = 0; i < len; i++) {
                    move mv;
                    if (!move_between(s, path[i], path[i + 1], &mv))
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
            if (!move_between(s, t ? pf->tail[t - 1] : pf->state, pf->tail[t], &mv))
                break;
            add_move(s, d, &mv);
        }
        free(pf->tail);
        free(pf->msg);
    }
    s->nfinds = 0;
}

/* ---- the run ------------------------------------------------------------ */

static size_t memory_budget(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    size_t half = pages > 0 && size > 0 ? (size_t)pages * (size_t)size / 2 : (size_t)4 << 30;
    size_t cap = (size_t)8 << 30;
    return half < cap ? half : cap;
}

static void explore(ss *s)
{
    /* the initial state: every process not started yet */
    for (int p = 0; p < s->n->nprocs; p++)
        s->cnt[s->n->pending[p]] = 1;
    s->nchg = 0;
    s->nmarked = 0;
    for (int p = 0; p < s->P; p++)
        if (s->cnt[p])
            s->marked[s->nmarked++] = p;
    mark_bits(s);
    s->visit = V_FIND; /* no parent for the root */
    int isnew = 0;
    find(s, 1, &isnew);
    unload(s);
    for (s->cur = 0; s->cur < s->ns && !s->limit && !s->memory; s->cur++) {
        if (s->flags[s->cur] & F_PRUNED)
            continue;
        s->child = 0;
        s->wit = EMPTY;
        if (s->por)
            expand_reduced(s, s->cur);
        else
            expand(s, s->cur, V_EXPLORE);
        flush_batch(s);
        if (!s->child)
            s->witness[s->cur] = s->wit;
        if (s->nmoves) {
            s->flags[s->cur] |= F_MOVES;
        } else if (is_final(s)) {
            s->flags[s->cur] |= F_FINAL | F_GOOD;
            lost_messages(s, s->cur);
        } else {
            s->flags[s->cur] |= F_DL;
            deadlock(s, s->cur);
        }
        unload(s);
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

/* The working state, the change log and an empty store for s->n's places
 * and units (nn model nodes); -1 when out of memory (ss_release frees what
 * was allocated). */
static int ss_alloc(ss *s, size_t nn)
{
    const net *n = s->n;
    s->P = n->np;
    s->W = ((size_t)s->P + 1 + 7) / 8;
    if (s->W < 4)
        s->W = 4;
    s->cnt = calloc((size_t)s->P + 1, 1);
    s->marked = malloc(sizeof(int) * ((size_t)s->P + 1));
    s->WB = (s->W + 7) / 8;
    s->bits = calloc(s->WB, sizeof(uint64_t));
    s->enc = calloc(s->WB, sizeof(uint64_t));
    s->chgcap = 2 * s->P + 64;
    s->chg_p = malloc(sizeof(int) * (size_t)s->chgcap);
    s->chg_v = malloc((size_t)s->chgcap);
    s->stamp = calloc((size_t)n->nu + 1, sizeof(uint32_t));
    s->matchvec = calloc((size_t)s->P + 1, 1);
    s->fired = calloc(nn + 1, 1);
    s->seen = calloc(R_COUNT * (nn + 1), 1);
    if (!s->cnt || !s->marked || !s->bits || !s->enc || !s->chg_p || !s->chg_v || !s->stamp ||
        !s->matchvec || !s->fired || !s->seen || table_grow(s) < 0 || store_grow(s) < 0)
        return -1;
    return 0;
}

/* Frees everything s holds, the net included. */
static void ss_release(ss *s)
{
    free(s->slots);
    free(s->parent);
    free(s->witness);
    free(s->flags);
    free(s->wide);
    free(s->table);
    free(s->tkey);
    free(s->cnt);
    free(s->marked);
    free(s->bits);
    free(s->enc);
    free(s->chg_p);
    free(s->chg_v);
    free(s->stamp);
    free(s->matchvec);
    free(s->fired);
    free(s->seen);
    free(s->finds);
    free(s->covers);
    free(s->benc);
    free(s->bkey);
    free(s->bexact);
    free(s->fail);
    free(s->shown);
    free(s->rq);
    free(s->rset);
    free(s->punits);
    por_free(s->por);
    net_free((net *)s->n);
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
    s->max_bytes = memory_budget();
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
        livelock(s);
    else if (s->fail && s->ns)
        trap_livelock(s);
    if (pending && s->fail && s->fired)
        dead_activities(s, in_group, group_of, complete, pending);
    flush(s);
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
                         brules[k]);
            }
    }
    free(pending);
    ss_release(s);
out_early:
    free(group);
    free(group_of);
    free(in_group);
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
    s->max_bytes = memory_budget();
    s->n = net_build(m, procs, nprocs);
    if (!s->n || ss_alloc(s, model_node_count(m)) < 0)
        goto out;
    s->rsteps = idx;
    s->rn = (int)nsteps;
    /* the initial state, as explore() makes it */
    for (int p = 0; p < s->n->nprocs; p++)
        s->cnt[s->n->pending[p]] = 1;
    for (int p = 0; p < s->P; p++)
        if (s->cnt[p])
            s->marked[s->nmarked++] = p;
    mark_bits(s);
    s->visit = V_FIND;
    int isnew = 0;
    uint32_t root = find(s, 1, &isnew);
    unload(s);
    if (root == EMPTY || replay_met(s, (uint64_t)root << 32) ||
        room(&s->rq, &s->rqcap, 0, sizeof *s->rq) < 0)
        goto out;
    s->rq[s->nrq++] = (uint64_t)root << 32;
    rc = 0;
    for (size_t h = 0; h < s->nrq && !s->memory && !s->limit; h++) {
        uint32_t id = (uint32_t)(s->rq[h] >> 32);
        int pos = (int)(uint32_t)s->rq[h];
        if (pos == s->rn) {
            rc = 1;
            expand(s, id, V_FIRST);
            unload(s);
            if (!s->hit)
                *stuck = 1;
            continue;
        }
        s->rpos = pos;
        expand(s, id, V_REPLAY);
        unload(s);
    }
    if (rc == 0 && (s->memory || s->limit))
        rc = -1;
out:
    if (s->n)
        ss_release(s);
    free(idx);
    return rc;
}
