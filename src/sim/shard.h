/*
 * shard: a run cut into parts for batch schedulers without MPI (Slurm job
 * arrays, GNU parallel, a CI matrix), and the parts put back together.
 *
 * `flowmc sim S --shard K/N -o part-K.json` runs the contiguous block of
 * replications [K R / N, (K+1) R / N) of the R the run would have (K from 0
 * to N-1) and writes them exactly (sim_result_dump) with what identifies
 * the run: flowmc's version, the shard's place, and a fingerprint of the
 * scenario file, the overrides, the seed and the figures' layout.
 * `flowmc merge part-*.json` checks that the parts belong to one run and
 * cover it once, and appends them in order: the result is the one-process
 * run's, byte for byte.  The format is in docs/scale-out.md.
 */
#ifndef FLOWMC_SHARD_H
#define FLOWMC_SHARD_H

#include <stdint.h>
#include <stdio.h>

#include "../model/diag.h"
#include "sim.h"

typedef struct shard_info {
    int index, count;      /* K of N, 0 <= K < N */
    int total;             /* replications of the whole run */
    uint64_t fingerprint;  /* shard_fingerprint */
    const char *version;   /* the flowmc that ran it (borrowed) */
} shard_info;

/* Parses "K/N" (0 <= K < N); returns 0, or -1. */
int shard_parse(const char *s, int *index, int *count);
/* The first replication and the number of replications of shard K of N in
 * a run of total: a contiguous block, the sizes differing by at most 1. */
void shard_block(int index, int count, int total, int *first, int *n);
/* What must match for parts to be merged: the scenario file's bytes (when
 * it is a regular file), the overrides in order, the seed, the total, and
 * every id and figure name the result reports. */
uint64_t shard_fingerprint(const char *scenario, const char *const *sets, int nsets, uint64_t seed, int total,
                           const sim_result *r);
/* Writes shard si of result r as JSON.  Returns 0, -1 on a write error. */
int shard_write(FILE *out, const sim_result *r, const shard_info *si);
/* Reads the parts, checks that they are one run's shards (same version,
 * fingerprint and count; each index once; none missing) and appends them
 * in order.  Returns the whole run's result, or NULL with errors in d
 * naming the files. */
sim_result *shard_merge(const char *const *paths, int n, diag_list *d);

#endif
