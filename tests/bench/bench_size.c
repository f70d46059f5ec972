/*
 * bench_size: `flowmc size` on the shipped Annex X burst
 * (simulations/annex-x-burst.xml: 20 emergencies in two hours, three
 * roles sized), against its peer in the same run: the same replications
 * with every figure computed, as before sizing asked the simulator for
 * SLA counts only (sim_options.sla_only; the percentiles' histograms were
 * 86% of a short replication).
 *
 * 1. Replications per second, one thread, SLA counts only against every
 *    figure, in pairs side by side (each first in every other pair): the
 *    ratio as a geometric mean with its 95% CI.
 * 2. The whole search (ceiling, probes, growth, removal) through the
 *    library, as `flowmc size` runs it: seconds, candidates and
 *    replications per second, and the seconds the same replications would
 *    have cost with every figure (the measured ratio applied).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "bench.h"
#include "sim/sim.h"
#include "sim/size.h"
#include "sim/size_scenario.h"

#define SCENARIO "simulations/annex-x-burst.xml"
#define PAIRS 6
#define REPS 400

/* Seconds for REPS replications from first, one thread. */
static double timed(sim_scenario *s, int sla_only, int first)
{
    sim_options o;
    sim_options_init(&o, s);
    o.threads = 1;
    o.replications = REPS;
    o.first_replication = first;
    o.sla_only = sla_only;
    diag_list *d = diag_list_new();
    double t0 = bench_now();
    sim_result *r = sim_run(s, &o, d);
    double t = bench_now() - t0;
    if (!r) {
        diag_list_print(d, stderr);
        exit(1);
    }
    sim_result_free(r);
    diag_list_free(d);
    return t;
}

int main(void)
{
    diag_list *d = diag_list_new();
    sim_scenario *s = sim_scenario_load(SCENARIO, d);
    if (!s) {
        diag_list_print(d, stderr);
        return 1;
    }
    double lg[PAIRS], full_s = 0, only_s = 0;
    for (int k = 0; k < PAIRS; k++) {
        double a, b;
        if (k % 2) {
            a = timed(s, 1, k * REPS);
            b = timed(s, 0, k * REPS);
        } else {
            b = timed(s, 0, k * REPS);
            a = timed(s, 1, k * REPS);
        }
        only_s += a;
        full_s += b;
        lg[k] = log(b / a);
    }
    double m = gsl_stats_mean(lg, 1, PAIRS);
    double h = gsl_cdf_tdist_Pinv(0.975, PAIRS - 1) * gsl_stats_sd_m(lg, 1, PAIRS, m) / sqrt(PAIRS);
    printf("bench_size: %s, %d x %d replications on one thread\n", SCENARIO, PAIRS, REPS);
    printf("  SLA counts only: %.0f replications/s; every figure (the peer): %.0f replications/s\n",
           PAIRS * REPS / only_s, PAIRS * REPS / full_s);
    printf("  speed-up of SLA counts only: %.2fx [%.2fx, %.2fx] (geometric mean, 95%% CI)\n",
           exp(m), exp(m - h), exp(m + h));

    size_scenario_options o = {.ranges = NULL, .nranges = 0, .progress = NULL};
    size_options_init(&o.search);
    double t0 = bench_now();
    clock_t c0 = clock();
    size_result *r = size_scenario_run(s, &o, NULL, d);
    double wall = bench_now() - t0, cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    if (!r) {
        diag_list_print(d, stderr);
        return 1;
    }
    long reps = size_result_replications_simulated(r);
    int nc = size_result_candidate_count(r);
    printf("  flowmc size: %d candidates decided, %ld replications simulated in %.2f s "
           "(%.2f s of CPU): %.1f candidates/s, %.0f replications/s\n",
           nc, reps, wall, cpu, nc / wall, reps / wall);
    printf("  the same replications with every figure: about %.0f s of CPU (the measured "
           "%.2fx applied to the search's)\n",
           cpu * exp(m), exp(m));
    printf("  answer: %s\n", size_result_answer(r) >= 0 ? "found" : "none");
    size_result_free(r);
    sim_scenario_free(s);
    diag_list_free(d);
    return 0;
}
