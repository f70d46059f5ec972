/*
 * par: replications spread over the processes of an MPI job.
 *
 * `mpirun -n N flowmc sim|size|compare|...` starts N copies of the same
 * command (ranks).  Every rank parses the same options, loads the same
 * scenario and takes the same decisions; only where replications run do
 * they part: each sim_run hands out chunks of replications to whichever
 * rank asks first (dynamic load balancing through an atomic counter on rank
 * 0), and gathers every rank's figures back on every rank.  Since a
 * replication's draws depend only on (seed, replication, case, element),
 * every rank then holds the very result a one-process run computes, byte
 * for byte, and the commands go on in lock step.  Only rank 0 writes: the
 * others' standard output and error go to /dev/null and par_writer() tells
 * the output code to write nothing.
 *
 * Without MPI (built without it, or not started by mpirun) every function
 * is the one-process case: rank 0 of 1.
 *
 * Failure: a rank that stops with an error (exit status 2 or above) says so
 * to the others at the next point where they agree (the start of a spread
 * run, or the end of the command), and every rank then ends with status 2;
 * a rank that cannot go on at all (out of memory: the CLI's handler of
 * alloc.h) calls par_abort, or leaves through exit(), and the rank and
 * host are named and the whole job ends.
 */
#ifndef FLOWMC_PAR_H
#define FLOWMC_PAR_H

#include <stddef.h>

/* Starts MPI when the process was launched by mpirun or srun (and flowmc
 * was built with MPI); otherwise does nothing.  Returns 0, or -1 with a
 * message on stderr (launched by mpirun but built without MPI). */
int par_init(int *argc, char ***argv);
/* Agrees on the exit status with the other ranks and stops MPI; returns the
 * status the process should exit with (2 when any rank failed). */
int par_finish(int status);

/* This process's rank, the number of ranks (1 without MPI). */
int par_rank(void);
int par_size(void);
/* 1 when this process writes output (rank 0), 0 otherwise. */
int par_writer(void);
/* The host name MPI reports for this rank ("localhost" without MPI). */
const char *par_host(void);

/* Ends every rank of the job after printing "flowmc: rank R on HOST: why"
 * on the rank's own standard error; without MPI, exits with status 2. */
_Noreturn void par_abort(const char *why);

/* One spread run of count replications, indices [0, count). */
typedef struct par_run par_run;

/* Starts a spread run on every rank (collective).  Returns NULL when some
 * rank has failed before reaching this point (the caller then stops with
 * status 2 without a message: the failing rank gave it).  Without MPI, or
 * with one rank, the run hands out every replication to this process. */
par_run *par_run_new(int count);
/* The next replication this rank should run, or -1 when none is left.
 * Chunk 0 (replication 0 among them) always goes to rank 0, so the event
 * log of the first replication is written where the output is.  May be
 * called from several threads. */
int par_run_next(par_run *r);
/* Gathers each rank's bytes (collective): *all receives the concatenation
 * of every rank's buffer in rank order (malloc'd, owned by the caller),
 * *len its length.  Returns 0, -1 on failure (out of memory). */
int par_run_gather(par_run *r, const void *mine, size_t n, void **all, size_t *len);
/* Ends the run; accepts NULL. */
void par_run_free(par_run *r);
/* 1 when r's indices are spread over several ranks, so that what each
 * rank computed must be gathered (par_run_gather); 0 when this process
 * runs them all. */
int par_run_spread(const par_run *r);

/* Coarser work spread by the caller itself (sweep points, each a whole
 * sim_run: sweep_spread.h): between par_local(1) and par_local(0), the runs
 * this process starts are its own -- par_run_new is not collective and
 * hands every index to this process, and par_run_spread says 0.  Not
 * nested; called from one thread, outside any run. */
void par_local(int on);

/* What travels between ranks is bytes in this process's representation
 * (ranks share one build on one kind of machine), written and read in one
 * order: par_put copies n bytes of v to b, par_get n bytes of b to v; each
 * returns b moved past them. */
char *par_put(char *b, const void *v, size_t n);
const char *par_get(const char *b, void *v, size_t n);

/* What this process's gathers have cost so far: bytes received from every
 * rank (its own part included), seconds spent exchanging them, and seconds
 * spent before that waiting for the slowest rank to finish its share. */
void par_gathered(double *bytes, double *seconds, double *waited);
/* Chunks this rank has claimed from the shared counter, and the seconds
 * the claims took. */
void par_claimed(long *claims, double *seconds);

#endif
