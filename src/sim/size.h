/*
 * size: the search for the smallest staffing that meets every SLA
 * (`flowmc size`), written against a callback so that it runs on the
 * simulator (size_scenario.c) or on a synthetic model (tests).
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
 * The ceiling.  Before any search, every sized role is made unlimited (a
 * call list: its longest length in range) and each SLA is tested there on
 * its own.  An SLA missed even then, or within delta of its target (the
 * test could never call it met), is out of staffing's reach: it is not
 * searched for, and the caller's probes -- controlled changes the callback
 * applies at the ceiling, e.g. "every roster answers at once" -- are run on
 * the same replications to show what binds it.  The search sizes for the
 * SLAs staffing can reach.
 *
 * The search.  Per role, below offered load / working fraction the queue
 * grows without bound, so the search starts at the smallest staff above
 * that (or the role's min).  While the current roster is not met it adds
 * one person where the sum over SLAs of min(attainment, target) rises most
 * per unit of cost, measured on common replications -- but never to a role
 * that has stopped mattering: one whose being unlimited would move no SLA
 * still short of its target by delta / 2 or more (paired, upper end of the
 * 95% interval).  Once met, it removes one person at a time (most expensive
 * role first) while the smaller roster is still met.  See docs/sizing.md
 * for what this guarantees and what it does not.
 *
 * Ownership: size_run copies the role, SLA and probe descriptions it
 * keeps; a size_result owns everything in it.  Figures are plain structs
 * (size_sla_figures, size_ceiling, size_probe_figures) copied out to the
 * caller: the HTML report reads them as the text report does.
 */
#ifndef FLOWMC_SIZE_H
#define FLOWMC_SIZE_H

#include <stdio.h>

#include "../model/diag.h"
#include "../render/gplot.h"

/* The staff the callback receives for a queue role at the ceiling: as many
 * people as would ever help (nobody waits for the role). */
#define SIZE_UNLIMITED (-1)

/* Evaluates staffing staff[0..nroles) (in the order of the roles given to
 * size_run; SIZE_UNLIMITED for a queue role at the ceiling) with the
 * probes in the bit set probes applied (bit k: the k-th of size_problem's
 * probes; 0 for the scenario as it is; non-zero only with the ceiling's
 * staffing) on replications [r0, r1): for each replication r and SLA j,
 * measured[(r - r0) * nsla + j] cases measured and within[...] of them
 * within the limit.  Returns 0, or -1 with an error in d (the search then
 * stops and size_run returns NULL). */
typedef int (*size_eval_fn)(void *user, const int *staff, unsigned probes, int r0, int r1,
                            long *measured, long *within, diag_list *d);

typedef enum size_objective { SIZE_HEADCOUNT, SIZE_COST } size_objective;

/* What a sized dimension is. */
typedef enum size_kind {
    SIZE_QUEUE, /* people serving a queue: offered load, a lower bound, and
                 * unlimited at the ceiling */
    SIZE_LIST   /* the length of an on-call list: no queue, no load, no
                 * cost; at the ceiling its max */
} size_kind;

typedef struct size_role {
    const char *id;
    int min, max;            /* search range, 0 <= min <= max */
    double offered;          /* offered load, erlangs (>= 0; 0 for a list) */
    double working_fraction; /* share of the week its calendar is open, (0, 1] */
    double cost;             /* per staff hour; NAN when none (headcount only) */
    size_kind kind;
} size_role;

typedef struct size_sla {
    const char *id;
    double target;           /* share of cases within the limit, [0, 1] */
} size_sla;

/* The question: what to size, for which SLAs, and how to evaluate. */
typedef struct size_problem {
    const size_role *roles;
    int nroles;
    const size_sla *slas;
    int nsla;
    /* Controlled changes the callback can make at the ceiling, in plain
     * words ("every roster answers its first call"); at most 8.  Run only
     * when an SLA is out of staffing's reach, each alone and (with two or
     * more) all together, on the ceiling's replications. */
    const char *const *probes;
    int nprobes;
    size_eval_fn eval;
    void *user;
} size_problem;

#define SIZE_MAX_PROBES 8

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

/* The indifference half-width the test uses for an SLA with this target:
 * delta, narrowed to half the distance from the target to 0 or 1 when
 * that is smaller (target + delta must stay below 1: at 1 the test would
 * call any replication short of perfection a miss). */
double size_sla_delta(double target, double delta);

typedef enum size_verdict {
    SIZE_MET,
    SIZE_MISSED,
    SIZE_INCONCLUSIVE,
    SIZE_UNDECIDED  /* internal: not decided yet; never in a result */
} size_verdict;

/* "met", "missed", "inconclusive". */
const char *size_verdict_name(size_verdict v);

typedef struct size_result size_result;

/* Runs the ceiling, then the search.  Returns the result, or NULL with
 * errors in d: bad options or ranges, a cost objective with a role lacking
 * a cost, no SLA, more than SIZE_MAX_PROBES probes, or a callback
 * failure. */
size_result *size_run(const size_problem *p, const size_options *o, diag_list *d);
void size_result_free(size_result *r);

int size_result_role_count(const size_result *r);
int size_result_sla_count(const size_result *r);
const size_options *size_result_options(const size_result *r);

/* Per role: offered / working fraction, and the staff the search started at. */
double size_result_lower_bound(const size_result *r, int role);
int size_result_start(const size_result *r, int role);
/* The staff at which the role stopped mattering during the search (no
 * SLA still short moved with it unlimited), or -1. */
int size_result_saturated_at(const size_result *r, int role);

/* ---- the ceiling ------------------------------------------------------ */

typedef enum size_reach {
    SIZE_REACHABLE,  /* met at the ceiling: the search sizes for it */
    SIZE_OUT_OF_REACH, /* missed even at the ceiling (the test said so, or
                        * its 95% interval there is wholly below target) */
    SIZE_AT_EDGE     /* at the ceiling within delta of the target (the
                      * interval's upper end below target + delta): no
                      * staffing can be called met by the test */
} size_reach;

typedef struct size_sla_figures {
    double attainment; /* mean over the replications used */
    double lo, hi;     /* SPRT mode: Student-t 95% CI; estimation mode:
                        * the Hoeffding interval at 1 - alpha; NAN when
                        * undefined */
    int used;          /* replications that measured a case */
    size_verdict verdict; /* met, missed or inconclusive */
    int tested;        /* 1: the verdict is the test's decision.  0: the SLA
                        * was not tested to the end (its candidate was
                        * already missed on another SLA, or the SLA is out
                        * of staffing's reach) and the verdict is read from
                        * the interval: met when wholly at or above the
                        * target, missed when wholly below, else
                        * inconclusive */
} size_sla_figures;

typedef struct size_ceiling {
    size_sla_figures fig; /* the SLA at the ceiling (tested = 1 when its
                           * test decided there) */
    size_reach reach;
    long replications;    /* the ceiling's replications 0..n-1 */
} size_ceiling;

void size_result_ceiling(const size_result *r, int sla, size_ceiling *out);
/* Whether every SLA is within staffing's reach. */
int size_result_all_reachable(const size_result *r);

/* Probes: 0..nprobes-1 each alone, nprobes all together (only when
 * nprobes >= 2).  Defined only when some SLA is out of reach; then
 * `defined` is 1. */
int size_result_probe_count(const size_result *r);

typedef struct size_probe_figures {
    int defined;
    size_sla_figures fig;  /* the SLA at the ceiling with the probe applied */
    double diff, lo, hi;   /* paired difference from the ceiling (probe -
                            * ceiling) with its Student-t 95% interval, on
                            * the same replications */
    int lifts;             /* the interval is wholly above 0: the probe's
                            * change raises the SLA (a cause of the shortfall) */
} size_probe_figures;

void size_result_probe(const size_result *r, int sla, int probe, size_probe_figures *out);

/* ---- the candidates --------------------------------------------------- */

/* Candidates decided, in the table's order (by objective, then staff). */
int size_result_candidate_count(const size_result *r);
const int *size_result_candidate_staff(const size_result *r, int i);
/* Headcount, or cost per hour of the week (staff x cost x working fraction). */
double size_result_candidate_objective(const size_result *r, int i);
/* Verdict on the SLAs staffing can reach: SIZE_MET, SIZE_MISSED or
 * SIZE_INCONCLUSIVE. */
size_verdict size_result_candidate_verdict(const size_result *r, int i);
/* Replications its decision used. */
long size_result_candidate_replications(const size_result *r, int i);

void size_result_candidate_sla(const size_result *r, int i, int sla,
                               size_sla_figures *out);

/* Index of the answer (the roster found meeting every SLA within
 * staffing's reach), or -1 (also when no SLA is within reach: then no
 * search ran and there is no candidate). */
int size_result_answer(const size_result *r);
/* Whether the answer meets every SLA: there is one and every SLA is
 * within reach. */
int size_result_complete(const size_result *r);
/* The best candidate found (the answer when there is one; else the one
 * closest to every target), or -1 when there is no candidate. */
int size_result_best(const size_result *r);
/* Replications simulated in all (ceiling, probes, decisions, rankings and
 * batch overshoot). */
long size_result_replications_simulated(const size_result *r);

/* The readable report: ceiling, lower bounds, table, answer, guarantee. */
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
