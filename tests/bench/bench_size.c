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
 * 3. Sizing candidates per second on the shipped Annex X roster sizing
 *    (simulations/annex-x-baseline.xml, roster oncall of 1 to 8 people,
 *    a first batch of 8 replications each), the old way against the new
 *    in the same run: "before" reloads the scenario from its file, applies
 *    the candidate as --set text and compiles it again (XSD validation
 *    included), as size did per candidate; "after" sets the typed
 *    parameter in place (sim_param_set).  Both must give the same SLA
 *    counts, candidate by candidate, or the benchmark fails.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench.h"
#include "sim/sim.h"
#include "sim/size.h"
#include "sim/size_scenario.h"

#define SCENARIO "simulations/annex-x-burst.xml"
#define PAIRS 6
#define REPS 400
#define ROSTER_SCENARIO "simulations/annex-x-baseline.xml"
#define ROSTER_KEY "roster.oncall.people"
#define ROSTER_MAX 8
#define ROSTER_BATCH 8
#define ROSTER_ROUNDS 5

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

static sim_result *run_batch(const sim_scenario *s, diag_list *d)
{
    sim_options o;
    sim_options_init(&o, s);
    o.threads = 1;
    o.replications = ROSTER_BATCH;
    o.sla_only = 1;
    sim_result *r = sim_run(s, &o, d);
    if (!r) {
        diag_list_print(d, stderr);
        exit(1);
    }
    return r;
}

/* The SLA counts of a batch, summed: what a candidate is decided on. */
static long sla_total(const sim_result *r)
{
    long t = 0;
    for (int j = 0; j < sim_result_sla_count(r); j++)
        for (int k = 0; k < sim_result_replications(r); k++)
            t = t * 31 + sim_result_sla_cases(r, j, k) * 7 + sim_result_sla_within(r, j, k);
    return t;
}

/* Candidates 1..ROSTER_MAX the old way: each one a fresh load of the file,
 * its --set text and a compile.  Fills sums[n - 1]; returns seconds. */
static double roster_before(long *sums, diag_list *d)
{
    double t0 = bench_now();
    for (int n = 1; n <= ROSTER_MAX; n++) {
        char kv[64];
        snprintf(kv, sizeof kv, ROSTER_KEY "=%d", n);
        const char *sets[1] = {kv};
        sim_scenario *s = sim_scenario_load(ROSTER_SCENARIO, d);
        if (!s || sim_scenario_set_args(s, sets, 1, d) != 0) {
            diag_list_print(d, stderr);
            exit(1);
        }
        sim_result *r = run_batch(s, d);
        sums[n - 1] = sla_total(r);
        sim_result_free(r);
        sim_scenario_free(s);
    }
    return bench_now() - t0;
}

/* The same candidates on one loaded scenario, set in place. */
static double roster_after(sim_scenario *s, sim_param q, long *sums, diag_list *d)
{
    double t0 = bench_now();
    for (int n = 1; n <= ROSTER_MAX; n++) {
        if (sim_param_set(s, q, n, d) != 0) {
            diag_list_print(d, stderr);
            exit(1);
        }
        sim_result *r = run_batch(s, d);
        sums[n - 1] = sla_total(r);
        sim_result_free(r);
    }
    return bench_now() - t0;
}

static void bench_roster(void)
{
    diag_list *d = diag_list_new();
    sim_scenario *s = sim_scenario_load(ROSTER_SCENARIO, d);
    sim_param q;
    if (!s || sim_param_find(s, ROSTER_KEY, &q, d) != 0) {
        diag_list_print(d, stderr);
        exit(1);
    }
    double before = 0, after = 0, ratio[ROSTER_ROUNDS];
    for (int k = 0; k < ROSTER_ROUNDS; k++) {
        long a[ROSTER_MAX], b[ROSTER_MAX];
        double tb, ta;
        if (k % 2) {
            ta = roster_after(s, q, a, d);
            tb = roster_before(b, d);
        } else {
            tb = roster_before(b, d);
            ta = roster_after(s, q, a, d);
        }
        for (int i = 0; i < ROSTER_MAX; i++)
            if (a[i] != b[i]) {
                fprintf(stderr, "bench_size: candidate %d: typed and --set runs differ\n", i + 1);
                exit(1);
            }
        before += tb;
        after += ta;
        ratio[k] = tb / ta;
    }
    double lo, hi, m = bench_ratio_ci(ratio, ROSTER_ROUNDS, &lo, &hi);
    int nc = ROSTER_MAX * ROSTER_ROUNDS;
    printf("bench_size: %s, %s = 1..%d, %d replications a candidate, %d rounds, one thread\n",
           ROSTER_SCENARIO, ROSTER_KEY, ROSTER_MAX, ROSTER_BATCH, ROSTER_ROUNDS);
    printf("  before (reload + --set text + compile and XSD per candidate): %.1f candidates/s\n",
           nc / before);
    printf("  after (typed sim_param_set in place): %.1f candidates/s\n", nc / after);
    printf("  speed-up of typed overrides: %.2fx [%.2fx, %.2fx] (geometric mean, 95%% CI); "
           "SLA counts identical\n",
           m, lo, hi);
    sim_scenario_free(s);
    diag_list_free(d);
}

int main(void)
{
    bench_roster();
    diag_list *d = diag_list_new();
    sim_scenario *s = sim_scenario_load(SCENARIO, d);
    if (!s) {
        diag_list_print(d, stderr);
        return 1;
    }
    double ratio[PAIRS], full_s = 0, only_s = 0;
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
        ratio[k] = b / a;
    }
    double lo, hi, m = bench_ratio_ci(ratio, PAIRS, &lo, &hi);
    printf("bench_size: %s, %d x %d replications on one thread\n", SCENARIO, PAIRS, REPS);
    printf("  SLA counts only: %.0f replications/s; every figure (the peer): %.0f replications/s\n",
           PAIRS * REPS / only_s, PAIRS * REPS / full_s);
    printf("  speed-up of SLA counts only: %.2fx [%.2fx, %.2fx] (geometric mean, 95%% CI)\n", m, lo,
           hi);

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
           cpu * m, m);
    printf("  answer: %s\n", size_result_answer(r) >= 0 ? "found" : "none");
    size_result_free(r);
    sim_scenario_free(s);
    diag_list_free(d);
    return 0;
}
