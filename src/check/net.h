/*
 * net: one group of processes compiled for state-space exploration.
 *
 * The model's processes are instantiated into scopes -- a process, each
 * sub-process inside it, each call activity whose called process is in
 * the file -- and each scope gets its own places: one per sequence flow
 * (tokens), one per activity that can be interrupted or has inner states
 * (running instances), one per non-interrupting boundary event (armed),
 * one per end event (reached).  A scope's token places, nested scopes
 * included, form one contiguous range, so that terminating or cancelling a
 * scope is clearing a range and "the scope is empty" is a range test.
 * Message flows between the group's processes get a place each; so does
 * "not started yet" for each process.
 *
 * Units are (scope, flow node) pairs with everything a move needs
 * precomputed as index arrays into `pool`.  The net borrows the model
 * (nothing of it is copied) and owns its arrays.
 */
#ifndef FLOWMC_CHECK_NET_H
#define FLOWMC_CHECK_NET_H

#include <stddef.h>
#include <stdint.h>

#include "../model/model.h"

enum { NET_PL_FLOW, NET_PL_ACT, NET_PL_ARMED, NET_PL_ENTRY, NET_PL_END, NET_PL_MSG,
       NET_PL_PENDING };

enum { NET_U_NONE, NET_U_TOPSTART, NET_U_ATOMIC, NET_U_TWO, NET_U_BOUNDARY, NET_U_ES };
enum { NET_IN_XOR, NET_IN_AND, NET_IN_OR };
enum { NET_OUT_NONE, NET_OUT_ACT, NET_OUT_XOR, NET_OUT_AND, NET_OUT_OR, NET_OUT_EVGW,
       NET_OUT_LINK };
/* kinds of an NET_OUT_ACT output (activities and events with conditional
 * flows; without any they are NET_OUT_AND: unconditional flows always
 * carry a token, conditional ones may, the default does when no condition
 * holds) */
enum { NET_OK_ALWAYS, NET_OK_COND, NET_OK_DEFAULT };
enum { NET_END_PLAIN, NET_END_TERMINATE, NET_END_ERROR };

typedef struct net_place {
    unsigned char kind;  /* NET_PL_* */
    int elem;            /* flow (FLOW), node (ACT, ARMED, ENTRY, END), message
                          * flow (MSG), group process index (PENDING) */
} net_place;

typedef struct net_scope {
    int unit;            /* unit running this scope, -1 for a process */
    int parent;          /* enclosing scope, -1 for a process */
    int proc;            /* group process it belongs to */
    int lo, hi;          /* token places [lo, hi), nested scopes included */
    int elo, ehi;        /* end-reached places [elo, ehi) */
    int entry, nentry;   /* pool: places that get a token on entry */
    int enodes, nenodes; /* pool: start events that fire on entry */
} net_scope;

typedef struct net_unit {
    int node, scope;
    unsigned char kind, in_mode, out_mode, end_kind;
    unsigned char interrupting; /* boundary event or event sub-process */
    unsigned char env;          /* its trigger may come from outside */
    unsigned char plain;        /* an atomic step that takes one token and
                                 * puts one on each output, no messages and
                                 * no end: most tasks and events */
    int act;             /* running place, -1 */
    int sub;             /* scope it runs, -1 */
    int armed;           /* non-interrupting boundary: armed place, -1 */
    int attached;        /* boundary: unit of its activity, -1 */
    int endbit;          /* end event: reached place, -1 */
    int in, nin;         /* pool: input places */
    int out, nout;       /* pool: output places */
    int outk;            /* pool: NET_OK_* per output (NET_OUT_ACT) */
    int bnd, nbnd;       /* pool: boundary units (an activity) */
    int msgin, nmsgin;   /* pool: message places it may consume */
    int msgout, nmsgout; /* pool: message places it fills */
    int tgt, ntgt;       /* pool: event-based gateway targets, link catch */
    long orr;            /* inclusive join: offset into orbits, -1 */
} net_unit;

typedef struct net {
    const model *m;
    int np;              /* places */
    int ntok;            /* token places are [0, ntok) */
    net_place *pl;
    int nu;
    net_unit *u;
    int ns;
    net_scope *sc;
    int *pool;
    size_t npool;
    int *cand_off, *cand; /* per place: units whose moves it may enable */
    int nprocs;
    const int *procs;    /* model process index per group process */
    int *pending;        /* per group process: its not-started place */
    int *msgonly;        /* per group process: starts only by a message */
    int *top;            /* per group process: its scope */
    int *es;             /* event sub-process units */
    int nes;
    uint64_t *orbits;    /* inclusive joins: per input, the token places
                          * upstream of it (not through the join) */
    int orwords;         /* 64-bit words per bit set */
    int atomic_calls;    /* call activities treated as atomic (recursion, size) */
    int bad;             /* out of memory while building */
} net;

#define NET_POOL(n, off) (&(n)->pool[(off)])

/* Compiles the group of processes procs[0..nprocs-1] (model indices; each
 * must have a start event).  Returns NULL when out of memory. */
net *net_build(const model *m, const int *procs, int nprocs);
/* Frees the net; accepts NULL. */
void net_free(net *n);

#endif
