/*
 * sweep_spread: a sweep's points spread over the ranks of an MPI job
 * (par.h), for sweep.c.
 *
 * With N ranks and at least 2 N points, whole points are the unit of work:
 * each rank claims points from par's shared counter (dynamic load
 * balancing: a rank that drew cheap points takes more), runs each one with
 * all its threads and no exchange inside it (par_local), and at the end
 * every rank's points travel to every rank in one gather.  Every rank then
 * holds every point's cells, status and diagnostics, and sweep.c folds them
 * in point order exactly as a one-process sweep does, so the output is the
 * same bytes for any N.  With fewer points each point's replications are
 * spread instead (sim_run), as a grid of 2 or 3 points over 8 ranks would
 * otherwise leave ranks idle.
 *
 * What travels per point: its index and status (8 bytes), its SLA cells
 * (48 bytes per SLA) and its diagnostics as JSON text (usually none; the
 * same warning at every point of an overloaded role is a few hundred
 * bytes) -- against 4 + 8 M + 16 S bytes per replication when
 * replications are spread.  Ranks share one binary representation, as in
 * gather.h.
 *
 * Ownership: a sweep_spread owns the points' diagnostics; the cells are
 * written into the sweep_result given.
 */
#ifndef FLOWMC_SWEEP_SPREAD_H
#define FLOWMC_SWEEP_SPREAD_H

#include "sweep_int.h"

/* 1 when a sweep of points points should spread whole points over the
 * ranks: more than one rank and at least two points per rank. */
int sweep_spread_wanted(int points);

typedef struct sweep_spread sweep_spread;

/* Runs r's points over the ranks with sweep_point_run (collective): w, s
 * and po as for it; cells land in r.  A rank stops claiming points after
 * one of its points failed (points before the lowest failure are all run:
 * chunks are claimed in order).  Returns the outcome of every point, or
 * NULL when some rank had failed before the sweep (the failing rank gave
 * the message).  A rank that cannot send or receive ends the job
 * (par_abort). */
sweep_spread *sweep_spread_run(const sweep_spec *w, sim_scenario *s, const sim_options *po, sweep_result *r);
/* Point p's status and diagnostics (owned by sp). */
sweep_point_status sweep_spread_status(const sweep_spread *sp, int p);
const diag_list *sweep_spread_diags(const sweep_spread *sp, int p);
/* Frees it; accepts NULL. */
void sweep_spread_free(sweep_spread *sp);

#endif
