/*
 * compare: paired differences between two simulation results run with
 * common random numbers (`flowmc compare`), and the Student-t intervals
 * size and compare share.
 *
 * Replication k of A and replication k of B, run with the same seed, see
 * the same arrivals and -- for elements the two models share -- the same
 * per-case draws (sim.h).  Their difference d_k = B_k - A_k is then far
 * less variable than either, and the paired interval mean(d) +- t s_d /
 * sqrt(n) is correspondingly narrower than the independent-samples (Welch)
 * one; both are here so that the gain can be measured.
 *
 * Ownership: a compare_result owns its rows and copies every string it
 * keeps; it does not refer to the sim_results it was built from.
 */
#ifndef FLOWMC_COMPARE_H
#define FLOWMC_COMPARE_H

#include <stdio.h>

#include <jansson.h>

#include "../model/diag.h"
#include "sim.h"

/* ---- intervals -------------------------------------------------------- */

/* Mean of the defined (non-NaN) values of x[0..n) with its two-sided
 * Student-t interval at confidence level (e.g. 0.95).  Returns the number
 * of values used; *lo = *hi = NAN when fewer than 2, *mean = NAN when none. */
int compare_mean_ci(const double *x, int n, double level, double *mean,
                    double *lo, double *hi);

/* Paired: mean of b[k] - a[k] over the k where both are defined, with its
 * Student-t interval.  Returns the number of pairs used. */
int compare_paired_ci(const double *a, const double *b, int n, double level,
                      double *diff, double *lo, double *hi);

/* Independent samples: mean(b) - mean(a) with Welch's interval
 * (Welch-Satterthwaite degrees of freedom).  Returns min(used a, used b);
 * lo = hi = NAN when either has fewer than 2. */
int compare_welch_ci(const double *a, int na, const double *b, int nb,
                     double level, double *diff, double *lo, double *hi);

/* ---- comparing two results ------------------------------------------- */

typedef struct compare_row {
    char *metric;          /* A's sim_result_metric_name, e.g. sla.ack.attainment */
    char *metric_b;        /* B's name when paired under another id, else NULL */
    double a, a_lo, a_hi;  /* A's mean and 95% CI over the n paired replications */
    double b, b_lo, b_hi;  /* B's, over the same ones: b - a == diff */
    double diff, lo, hi;   /* B - A, paired 95% CI (NAN when n < 2) */
    int n;                 /* replications where both are defined */
    int significant;       /* the CI excludes 0 */
} compare_row;

typedef struct compare_result compare_result;

/* Pairs replication k of a with replication k of b for every metric both
 * define in the families planners compare -- SLA attainment, cycle times,
 * end-event, level and roster shares, role utilisation and queue length --
 * and takes the paired 95% interval of B - A.  a_name and b_name label the
 * two sides (the scenario paths).
 *
 * pairs (NULL-terminated "A_ID=B_ID" strings, or NULL) name things the two
 * models call differently: FAMILY.A_ID.REST in A is compared with
 * FAMILY.B_ID.REST in B.  Without one for them, the measured processes
 * are paired automatically when each side has exactly one the other
 * lacks (a renamed process, as with a live and a proposed procedure).
 *
 * Returns NULL with an error in d when the two results cannot be paired
 * (different seeds, first replications or replication counts) or a pair
 * is malformed; a pair that matches nothing is a warning, and is left out
 * of the pairs reported. */
compare_result *compare_results(const sim_result *a, const sim_result *b,
                                const char *a_name, const char *b_name,
                                const char *const *pairs, diag_list *d);

/* Runs scenarios a and b with common random numbers -- both with A's
 * seed and replication count (sim_options_init of a; a note in d when B's
 * <run> differs) -- and compares the results as compare_results does,
 * labelled a_name and b_name.  Returns NULL with an error in d when A asks
 * for fewer than 2 replications (a paired interval needs 2), a run fails
 * or the results cannot be paired. */
compare_result *compare_run(const sim_scenario *a, const sim_scenario *b, const char *a_name,
                            const char *b_name, const char *const *pairs, diag_list *d);

/* 0 when pair is written A_ID=B_ID (both non-empty, one '='), with *alen
 * the length of A_ID; -1 otherwise.  For checking arguments early. */
int compare_pair_parse(const char *pair, size_t *alen);
void compare_result_free(compare_result *r);

int compare_result_count(const compare_result *r);
const compare_row *compare_result_row(const compare_result *r, int i);
/* Rows whose difference is significant. */
int compare_result_significant(const compare_result *r);

/* The readable table, in people's units (src/model/units.h): a few lines
 * on what changed significantly, then the figures grouped -- SLAs, cycle
 * times, end events, escalation levels, rosters, roles -- shares in %
 * with differences in percentage points, times in one unit per group;
 * figures without data on either side left out (and counted). */
void compare_result_print(const compare_result *r, FILE *out);
/* Writes the chart of paired differences into g (src/render/gplot.h; the
 * caller runs and frees it): SLA attainment and escalation levels in
 * percentage points, whole processes' mean, p90 and p99 cycle times in one
 * unit, each B - A with its 95% CI, significant ones in colour; title heads
 * it (may be NULL).  Returns 0, -1 on a write error. */
struct gplot;
int compare_result_plot(const compare_result *r, const char *title, struct gplot *g);
/* The figure's height in pixels for its number of rows. */
int compare_result_plot_height(const compare_result *r);
/* {"a", "b", "seed", "replications", "confidence", "pairs":[{a, b,
 * automatic}], "metrics":[{metric, [metric_b,] a:{mean, ci95}, b:{mean,
 * ci95}, diff, ci95, n, significant}], "only_a", "only_b"}; undefined
 * numbers are null; times in seconds, shares in [0, 1], as in sim's
 * JSON; "a" and "b" name the scenarios, with the overrides given ("PATH
 * with KEY=V, ..."); new reference. */
json_t *compare_result_to_json(const compare_result *r);

#endif
