/*
 * statespace_int: what the rooms of the state space search share and the
 * rest of the checker does not see -- the search's one context (`ss`: the
 * store, the working state and its change log, the visitor's registers,
 * the findings recorded so far), the moves' and findings' records, and the
 * few helpers every room calls on the hot path (hashing, a stored slot's
 * shape, the table key of the working state), inline so that splitting
 * the search into files costs no call per successor.
 *
 * The rooms (statespace.h is the module's public face):
 *   statespace.c   the exploration driver: the token game's moves, the
 *                  visitors they are handed to, breadth-first exploration
 *                  and the confirmation of unbounded growth, the run
 *   ss_store.c     the state store: hash table, safe and wide slots, the
 *                  parent and witness links, loading a stored state into
 *                  the working state, the search's memory
 *   ss_findings.c  turning explored states into findings and verdicts
 *   ss_livelock.c  livelock after the search (backward reachability, the
 *                  loop) and, after an incomplete one, the marked trap
 *   ss_trace.c     counterexample traces: findings handed over with their
 *                  moves, and replaying a trace
 *
 * Memory: every room allocates with plain malloc/realloc (growable
 * arrays with alloc_grow_try) and checks each result; running out sets s->memory (or drops what it was recording) so
 * that the search ends with an "incomplete" verdict instead of ending the
 * process (src/model/alloc.h, the exception to the policy).  The context
 * owns everything it points to, the net included; ss_release frees it.
 */
#ifndef FLOWMC_CHECK_STATESPACE_INT_H
#define FLOWMC_CHECK_STATESPACE_INT_H

#include <stdint.h>
#include <string.h>

#include "check_int.h"
#include "net.h"
#include "por.h"

#define CAP 250           /* a count this high means unbounded growth */
#define EMPTY UINT32_MAX
#define MAXSUB 12         /* optional outputs enumerated subset by subset */

enum { PH_FIRE, PH_START, PH_COMPLETE, PH_TRIGGER };
enum { V_EXPLORE, V_FIND, V_GOOD, V_MATCH, V_FIRST, V_SUCC, V_REPLAY };
enum { F_PRUNED = 1, F_GOOD = 2, F_DL = 4, F_MOVES = 8, F_FINAL = 16 };

/* Behavioural rules, in the order of the process failure mask; their ids
 * are ss_rules[] (ss_findings.c). */
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
    size_t nfinds;
    cover *covers;
    size_t ncovers;
    /* safe successors of the state being expanded, looked up together so
     * that their cache misses overlap */
    uint64_t *benc;
    uint64_t *bkey;
    unsigned char *bexact;
    size_t nbatch, bcap; /* reused state after state: bcap is kept */
    por *por;            /* stubborn sets, or NULL for the full search */
    int *punits;         /* units of the stubborn set at hand */
    int oldhit;          /* a successor of the state expanded was stored before */
    size_t nreduced;     /* states expanded through a stubborn set alone */
    /* replaying a trace: its steps (node indices), the position reached,
     * the (state, position) pairs still to expand and those met */
    const int *rsteps;
    int rn, rpos;
    uint64_t *rq, *rset;
    size_t nrq, rsetn, rsetcap;
    unsigned *fail;      /* per group process: rules whose witness was found */
    unsigned *shown;     /* per group process: rules with a finding reported */
    int unbounded, pruned, limit, memory, confirms;
} ss;

extern const char *const ss_rules[R_COUNT];

/* ---- small helpers ----------------------------------------------------- */

static inline uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static inline uint64_t hash_bytes(const void *p, size_t len, uint64_t seed)
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

static inline int getbit(const unsigned char *v, int i) { return v[i >> 3] >> (i & 7) & 1; }

static inline const model_node *node(const ss *s, int i) { return model_node_at(s->m, i); }

static inline void flip(uint64_t *v, int i) { v[i >> 6] ^= 1ull << (i & 63); }

static inline int slot_unsafe(const ss *s, uint32_t id) { return s->slots[(size_t)id * s->W] & 1; }

static inline const uint8_t *slot_wide(const ss *s, uint32_t id)
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
static inline uint64_t key_of(ss *s, int safe, int *exact)
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

static inline size_t key_index(uint64_t k, size_t mask) { return mix(k) & mask; }

/* The outputs of an inclusive split or an activity with conditional
 * flows, sorted for choosing (the explorer makes the choices, a trace
 * names the one a move made): opt, the flows a choice takes or leaves (a
 * split's every flow but the default, an activity's conditional ones),
 * always, those every choice takes, and the default place or -1; the
 * first 64 outputs. */
typedef struct choices {
    int opt[64], nopt, always[64], nalw, dflt;
} choices;

static inline void choices_of(const net *n, const net_unit *x, choices *ch)
{
    const int *out = n->pool + x->out, *kind = n->pool + x->outk;
    ch->nopt = ch->nalw = 0;
    ch->dflt = -1;
    for (int k = 0; k < x->nout && k < 64; k++) {
        if (kind[k] == NET_OK_DEFAULT)
            ch->dflt = out[k];
        else if (x->out_mode == NET_OUT_OR || kind[k] == NET_OK_COND)
            ch->opt[ch->nopt++] = out[k];
        else
            ch->always[ch->nalw++] = out[k];
    }
}

/* The optional flows choice c takes, as a bit set: c = 0 none of them
 * (the default), 1.. each subset; beyond MAXSUB optional flows, c = 1 to
 * nopt flow c - 1 alone, nopt + 1 all of them. */
static inline uint64_t choice_set(long c, int nopt)
{
    if (nopt <= MAXSUB)
        return (uint64_t)c;
    return c == 0 ? 0 : c <= nopt ? 1ull << (c - 1) : (nopt >= 64 ? ~0ull : (1ull << nopt) - 1);
}

/* Encodes the working state when it is safe (into s->enc). */
static inline void encode_safe(ss *s)
{
    for (size_t k = 0; k < s->WB; k++)
        s->enc[k] = s->bits[k];
}

/* ---- ss_store.c: the store, the working state, the search's memory ------- */

/* The table position holding the state with this key (s->enc when safe,
 * s->cnt when not), or the empty position where it would go (*hit 0). */
size_t ss_probe(const ss *s, uint64_t key, int exact, int safe, int *hit);

/* Looks the working state up; with insert, adds it when new (*isnew set).
 * Returns its id, EMPTY when absent (or when it cannot be stored: then
 * s->memory or s->limit is set). */
uint32_t ss_find(ss *s, int insert, int *isnew);

/* Stores the working state (s->enc when safe) at empty table position i
 * with its key; its parent is s->cur while exploring.  Returns its id, or
 * EMPTY with s->limit or s->memory set. */
uint32_t ss_insert_at(ss *s, size_t i, uint64_t key, int safe, int *isnew);

/* Stores the initial state (every process not started yet), which has no
 * parent, and leaves the working state empty; returns its id, or EMPTY
 * when out of memory. */
uint32_t ss_store_initial(ss *s);

/* Loads stored state id, or the count vector v, into the working state,
 * which must be empty (unloaded); ss_unload empties it again. */
void ss_load_state(ss *s, uint32_t id);
void ss_load_vec(ss *s, const uint8_t *v);
void ss_unload(ss *s);

/* Stored state id as a count per place, into v (s->P bytes). */
void ss_state_vec(const ss *s, uint32_t id, uint8_t *v);

/* The number of moves from the initial state to stored state id along
 * the parent links (a shortest path: the search is breadth first). */
int ss_depth(const ss *s, uint32_t id);

/* The bytes the store may take: half the machine's memory, at most 8 GiB. */
size_t ss_memory_budget(void);

/* The working state, the change log and an empty store for s->n's places
 * and units (nn model nodes); -1 when out of memory (ss_release frees what
 * was allocated). */
int ss_alloc(ss *s, size_t nn);

/* Frees everything s holds, the net included. */
void ss_release(ss *s);

/* ---- statespace.c: moves and visitors ----------------------------------- */

/* Runs every move of stored state id through visitor v (V_*), leaving the
 * state loaded (the caller unloads it); s->hit tells whether the visitor
 * found what it looked for. */
void ss_expand(ss *s, uint32_t id, int v);

/* The move from stored state a to stored state b, into *out: 1, or 0 when
 * none leads there. */
int ss_move_between(ss *s, uint32_t a, uint32_t b, move *out);

/* ---- ss_findings.c: findings and verdicts -------------------------------- */

/* The node a token place points at, for messages; *flow is the sequence
 * flow when the place is one, else -1. */
int ss_place_node(const ss *s, int p, int *flow);

/* The group process a place belongs to: the process whose scope range
 * holds it, or for a message, the sender's. */
int ss_proc_of_place(const ss *s, int p);

/* Records a finding of rule on node nd in group process proc, witnessed by
 * stored state `state` (EMPTY for none) and move mv after it (or NULL),
 * with the message made from fmt; sets the rule's failure bit either way.
 * Nothing is recorded when the rule is disabled, the node already has the
 * finding, or (for a second token) an earlier lack-of-synchronization
 * finding upstream shows the same defect; nor when out of memory. */
void ss_record(ss *s, int rule, int nd, int proc, uint32_t state, const move *mv,
               const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* On the loaded state id: a deadlock naming the element that waits (a
 * state nothing can leave), the messages left in a completed state, and a
 * second token the move just made put on one place (read from the change
 * log). */
void ss_deadlock(ss *s, uint32_t id);
void ss_lost_messages(ss *s, uint32_t id);
void ss_lack_of_sync(ss *s, uint32_t id);

/* Unbounded growth from state a to state j (j covers a, counts vj):
 * names the place that grows. */
void ss_unbounded(ss *s, uint32_t a, uint32_t j, const uint8_t *vj);

/* Activities that never ran.  After a complete search they are dead; after
 * an incomplete one only those no start event reaches are known dead (and
 * pending[g] counts the others of group process g, still undecided). */
void ss_dead_activities(ss *s, const unsigned char *in_group, const int *group_of,
                        int complete, int *pending);

/* Fills results[group[g]] for each of the ng group processes: states,
 * bytes, the verdict on each property and the rules shown. */
void ss_verdicts(const ss *s, const int *group, int ng, int complete, const int *pending,
                 check_process_result *results);

/* ---- ss_livelock.c ------------------------------------------------------- */

/* After a complete search: a state that can still move, from which no
 * final state and no deadlock can be reached, recorded with the loop. */
void ss_livelock(ss *s);

/* After an incomplete search: the first state that marks the largest trap
 * of the token places shows that the process can no longer complete. */
void ss_trap_livelock(ss *s);

/* ---- ss_trace.c ---------------------------------------------------------- */

/* Hands the recorded findings to the checker, each with the moves from the
 * initial state that show it, and frees them. */
void ss_flush(ss *s);

/* (state, position) met while replaying: 1 when already met (or when out
 * of memory: then s->memory and s->stop are set), else records it. */
int ss_replay_met(ss *s, uint64_t pair);

#endif
