/*
 * size: the search for the smallest staffing that meets every SLA
 * (`flowmc size`), written against a callback so that it runs on the
 * simulator (cmd_size.c) or on a synthetic model (tests).
 *
 * The callback evaluates one staffing on replications [r0, r1) and reports,
 * per replication and SLA, the cases measured and the cases within the
 * limit.  Replication r must be the same random experiment for every
 * staffing (common random numbers: the same arrivals and per-case draws),
 * so that candidates compare sharply and the curve over staff is smooth.
 *
 * Deciding one candidate.  Cases inside a replication are correlated (they
 * share queues), so a per-case Bernoulli test would be wrong; replications
 * are independent.  Each SLA's observation per replication is its
 * attainment within/measured in [0, 1], fed to Wald's SPRT (sprt.h), which
 * is exact on such observations: a candidate is "met" when every SLA's test
 * accepts p >= target + delta, "missed" as soon as one accepts
 * p <= target - delta (alpha is split over the SLAs so that a roster
 * meeting them all is called missed with probability <= alpha), and
 * "inconclusive" when the test is truncated (max_replications).  With
 * epsilon > 0 the estimation mode runs instead the Chernoff-Hoeffding
 * number of replications for a +-epsilon interval at confidence 1 - alpha
 * and calls met / missed / inconclusive from that interval.
 *
 * The search.  Per role, below offered load / working fraction the queue
 * grows without bound, so the search starts at the smallest staff above
 * that (or the role's min).  While the current roster is not met it adds
 * one person: to the cheapest neighbour that is met if any, else where the
 * sum over SLAs of min(attainment, target) rises most per unit of cost,
 * measured on common replications.  Once met, it removes one person at a
 * time (most expensive role first) while the smaller roster is still met.
 * See docs/sizing.md for what this guarantees and what it does not.
 *
 * Ownership: size_run copies the role and SLA descriptions it keeps; a
 * size_result owns everything in it.
 */
#ifndef FLOWMC_SIZE_H
#define FLOWMC_SIZE_H

#include <stdio.h>

#include "../model/diag.h"
#include "../render/gplot.h"

/* Evaluates staffing staff[0..nroles) (in the order of the roles given to
 * size_run) on replications [r0, r1): for each replication r and SLA j,
 * measured[(r - r0) * nsla + j] cases measured and within[...] of them
 * within the limit.  Returns 0, or -1 with an error in d (the search then
 * stops and size_run returns NULL). */
typedef int (*size_eval_fn)(void *user, const int *staff, int r0, int r1,
                            long *measured, long *within, diag_list *d);

typedef enum size_objective { SIZE_HEADCOUNT, SIZE_COST } size_objective;

typedef struct size_role {
    const char *id;
    int min, max;            /* search range, 0 <= min <= max */
    double offered;          /* offered load, erlangs (>= 0) */
    double working_fraction; /* share of the week its calendar is open, (0, 1] */
    double cost;             /* per staff hour; NAN when none (headcount only) */
} size_role;

typedef struct size_sla {
    const char *id;
    double target;           /* share of cases within the limit, [0, 1] */
} size_sla;

typedef struct size_options {
    size_objective objective;
    double alpha, beta, delta; /* SPRT errors and half-width of the indifference region */
    double epsilon;            /* > 0: estimation mode with this half-width */
    long max_replications;     /* SPRT truncation per candidate; 0: twice the
                                * fixed-size test's sample (sprt_fixed_n) */
    int batch;                 /* first batch of replications per callback
                                * call; later batches double, up to 8x */
} size_options;

/* Defaults: headcount, alpha = beta = 0.05, delta = 0.01, no epsilon,
 * max_replications 0, batch 8. */
void size_options_init(size_options *o);

typedef enum size_verdict {
    SIZE_MET,
    SIZE_MISSED,
    SIZE_INCONCLUSIVE,
    SIZE_UNDECIDED  /* an SLA left open because another one was missed */
} size_verdict;

const char *size_verdict_name(size_verdict v);

typedef struct size_result size_result;

/* Runs the search.  Returns the result, or NULL with errors in d: bad
 * options or ranges, a cost objective with a role lacking a cost, no SLA,
 * or a callback failure. */
size_result *size_run(const size_role *roles, int nroles, const size_sla *slas,
                      int nsla, const size_options *o, size_eval_fn eval,
                      void *user, diag_list *d);
void size_result_free(size_result *r);

/* Per role: offered / working fraction, and the staff the search started at. */
double size_result_lower_bound(const size_result *r, int role);
int size_result_start(const size_result *r, int role);

/* Candidates decided, in the table's order (by objective, then staff). */
int size_result_candidate_count(const size_result *r);
const int *size_result_candidate_staff(const size_result *r, int i);
/* Headcount, or cost per hour of the week (staff x cost x working fraction). */
double size_result_candidate_objective(const size_result *r, int i);
/* SIZE_MET, SIZE_MISSED or SIZE_INCONCLUSIVE. */
size_verdict size_result_candidate_verdict(const size_result *r, int i);
/* Replications its decision used. */
long size_result_candidate_replications(const size_result *r, int i);

typedef struct size_sla_figures {
    double attainment; /* mean over the replications used */
    double lo, hi;     /* SPRT mode: Student-t 95% CI; estimation mode:
                        * the Hoeffding interval at 1 - alpha; NAN when
                        * undefined */
    int used;          /* replications that measured a case */
    size_verdict verdict;
} size_sla_figures;

void size_result_candidate_sla(const size_result *r, int i, int sla,
                               size_sla_figures *out);

/* Index of the answer (the roster found meeting every SLA), or -1. */
int size_result_answer(const size_result *r);
/* The best candidate found (the answer when there is one; else the one
 * closest to every target). */
int size_result_best(const size_result *r);
/* Replications simulated in all (decisions, rankings and batch overshoot). */
long size_result_replications_simulated(const size_result *r);

/* The readable report: lower bounds, table, answer line, guarantee. */
void size_result_print(const size_result *r, FILE *out);
/* The table as CSV (header line, one row per candidate).  Returns 0, -1 on
 * a write error. */
int size_result_write_csv(const size_result *r, FILE *out);
/* Draws attainment against staff (headcount or cost) with the CI band and
 * the target line of every SLA, by running gnuplot; title heads the plot
 * (may be NULL); writes the figure in format fmt to out.
 * Returns 0, or -1 with an error in d (gnuplot missing or failing). */
int size_result_plot(const size_result *r, const char *title, gplot_format fmt, FILE *out,
                     diag_list *d);
/* Whether gnuplot is on the PATH, checked before a long search: returns 0,
 * or -1 with the error size_result_plot would give. */
int size_plot_check(diag_list *d);

#endif
