/*
 * Helpers shared by the simulator suites (sim, sim_queueing, sim_scenario):
 * running a fixture scenario in process and judging a simulated figure
 * against a closed form with a tolerance taken from its own confidence
 * interval.
 */
#ifndef FLOWMC_TEST_SIM_H
#define FLOWMC_TEST_SIM_H

#include "sim/sim.h"

#define SIMFIX "tests/fixtures/sim/"

/* Loads SIMFIX name, applies the overrides (NULL-terminated, may be NULL),
 * runs reps replications (0: the scenario's) on 2 threads.  NULL (with
 * the diagnostics printed) when anything fails. */
sim_result *ts_run(const char *name, const char *const *sets, int reps);

/* Mean of a named metric over the replications (NAN when unknown). */
double ts_mean(const sim_result *r, const char *metric);

/* 1 when theory lies within the simulated 99.9% Student-t interval of the
 * metric (the reported 95% half-width scaled by t(0.9995)/t(0.975)), and
 * that interval is narrower than max_rel times |theory| (so that the test
 * can fail); prints the figures when not. */
int ts_agrees(const sim_result *r, const char *metric, double theory, double max_rel);

/* The same for per-replication values x[0..n) of any derived figure. */
int ts_agrees_values(const char *what, const double *x, int n, double theory, double max_abs);

#endif
