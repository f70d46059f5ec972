/*
 * statespace: explicit state-space exploration of one group of processes
 * (a process, or the processes of a collaboration that exchange messages)
 * under BPMN token semantics, and the behavioural rules judged on it:
 * deadlock, lack-of-synchronization, livelock, dead-activity,
 * improper-completion, unbounded.
 *
 * States are explored breadth first, so the parent chain of every state is
 * a shortest path from the start and every trace is a shortest one.  A
 * state is a vector of token counts; safe states (no count above one) are
 * stored as bit vectors, the others as byte vectors in a side arena, all
 * in one hash table.  Exploration stops cleanly at the state limit or the
 * memory limit and says so.
 */
#ifndef FLOWMC_CHECK_STATESPACE_H
#define FLOWMC_CHECK_STATESPACE_H

#include "check_int.h"

/* Explores the group procs[0..nprocs-1] (model process indices) and adds
 * its findings through c; fills results[procs[i]] for each member. */
void statespace_check(check_ctx *c, const int *procs, int nprocs,
                      check_process_result *results);

/* Replays a trace on the group procs[0..nprocs-1] of m, over every
 * interleaving (no reduction): returns 1 when some execution from the
 * initial state makes exactly the moves whose steps are steps[0..nsteps)
 * (element ids, as findings list them), 0 when none does, -1 when out of
 * memory.  *stuck is set to 1 when a state the trace can end in has no
 * move (a deadlock or a completed case). */
int statespace_replay(const model *m, const int *procs, int nprocs, const char *const *steps,
                      size_t nsteps, int *stuck);

#endif
