/*
 * gather: after a spread run (par.h), every rank's replications and
 * horizon tallies brought together on every rank, so each holds what a
 * one-process run computes.  For engine.c.
 *
 * What travels, per rank: its tallies (cases held per node and the oldest
 * age, the first runaway, the first overflowing replication), then one record per replication it ran: the
 * replication's index, its metrics and its SLA counts -- 4 + 8 M + 16 S
 * bytes for M metrics and S SLAs.  Ranks are assumed to share one binary
 * representation (the same flowmc build on one kind of machine).
 */
#ifndef FLOWMC_GATHER_H
#define FLOWMC_GATHER_H

#include "par.h"
#include "sim.h"

/* The per-run tallies the engine keeps beside the result. */
typedef struct gather_tally {
    int nnodes;
    long *held;          /* summed over replications */
    double *held_age;    /* the largest */
    int runaway;         /* node of the first zero-time loop, or -1 */
    long runaway_rep;    /* its replication (the lowest wins) */
    int overflow;        /* a replication stopped at SIM_MAX_OPEN_CASES */
    long overflow_rep;   /* the lowest such, and what it saw */
    int overflow_role;
    long overflow_queue;
    double overflow_t;
} gather_tally;

/* Bytes one replication's record takes on the wire for res. */
size_t gather_record_size(const sim_result *res);

/* Sends this process's replications (mine[k] != 0) and tally, receives the
 * others', fills res and t with the whole run (collective).  Returns 0, -1
 * when out of memory. */
int gather_run(par_run *run, sim_result *res, const char *mine, gather_tally *t);

#endif
