/*
 * ss_store: the state space search's store (see statespace_int.h).
 *
 * Every state met is kept once: a safe state (no count above one) as a bit
 * vector of W bytes in `slots`, bit 0 clear; any other as a byte per place
 * in the side arena `wide`, its slot holding the arena index with bit 0
 * set.  One open-addressing table maps keys (the state itself when it fits
 * in 55 bits, else a fingerprint) to state ids; ids are given in order of
 * discovery, so with the parent links they are the breadth-first tree.
 * Growth stops at the state limit and at the memory budget, and every
 * failed allocation becomes s->memory: the search then ends early and
 * says so.  The working state is loaded from and unloaded to this store.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "statespace_int.h"

static void account(ss *s)
{
    s->bytes = s->cap * (s->W + 2 * sizeof(uint32_t) + 1) + s->wcap * (size_t)s->P +
               s->tsize * (sizeof(uint32_t) + sizeof(uint64_t));
    if (s->bytes > s->peak)
        s->peak = s->bytes;
}

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
size_t ss_probe(const ss *s, uint64_t key, int exact, int safe, int *hit)
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

/* Looks the working state up; with insert, adds it when new (*isnew set).
 * Returns its id, EMPTY when absent (or when it cannot be stored: then
 * s->memory or s->limit is set). */
uint32_t ss_find(ss *s, int insert, int *isnew)
{
    int safe = s->nbig == 0, exact, hit;
    if (safe)
        encode_safe(s);
    uint64_t key = key_of(s, safe, &exact);
    size_t i = ss_probe(s, key, exact, safe, &hit);
    if (hit)
        return s->table[i];
    if (!insert)
        return EMPTY;
    return ss_insert_at(s, i, key, safe, isnew);
}

/* Stores the working state (s->enc when safe) at empty table position i. */
uint32_t ss_insert_at(ss *s, size_t i, uint64_t key, int safe, int *isnew)
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

/* s->bits from the marked places of a state just loaded. */
static void mark_bits(ss *s)
{
    for (size_t k = 0; k < s->WB; k++)
        s->bits[k] = 0;
    for (int i = 0; i < s->nmarked; i++)
        flip(s->bits, s->marked[i] + 1);
}

uint32_t ss_store_initial(ss *s)
{
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
    uint32_t id = ss_find(s, 1, &isnew);
    ss_unload(s);
    return id;
}

void ss_load_state(ss *s, uint32_t id)
{
    const unsigned char *slot = s->slots + (size_t)id * s->W;
    s->nmarked = 0;
    s->nbig = 0;
    if (slot[0] & 1) {
        ss_load_vec(s, slot_wide(s, id));
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

void ss_load_vec(ss *s, const uint8_t *v)
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

void ss_unload(ss *s)
{
    for (int i = 0; i < s->nmarked; i++)
        s->cnt[s->marked[i]] = 0;
    for (size_t k = 0; k < s->WB; k++)
        s->bits[k] = 0;
    s->nmarked = 0;
    s->nbig = 0;
}

void ss_state_vec(const ss *s, uint32_t id, uint8_t *v)
{
    if (slot_unsafe(s, id)) {
        memcpy(v, slot_wide(s, id), (size_t)s->P);
        return;
    }
    const unsigned char *slot = s->slots + (size_t)id * s->W;
    for (int p = 0; p < s->P; p++)
        v[p] = (uint8_t)getbit(slot, p + 1);
}

int ss_depth(const ss *s, uint32_t id)
{
    int d = 0;
    while (s->parent[id] != EMPTY) {
        id = s->parent[id];
        d++;
    }
    return d;
}

/* ---- the run ------------------------------------------------------------ */

size_t ss_memory_budget(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    size_t half = pages > 0 && size > 0 ? (size_t)pages * (size_t)size / 2 : (size_t)4 << 30;
    size_t cap = (size_t)8 << 30;
    return half < cap ? half : cap;
}

/* The working state, the change log and an empty store for s->n's places
 * and units (nn model nodes); -1 when out of memory (ss_release frees what
 * was allocated). */
int ss_alloc(ss *s, size_t nn)
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
void ss_release(ss *s)
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
