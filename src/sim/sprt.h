/*
 * sprt: Wald's sequential probability ratio test on a proportion, as
 * UPPAAL SMC and PRISM use it to decide "is P >= target?", and the
 * Chernoff-Hoeffding (Okamoto) sample size of their estimation mode.
 *
 * The test decides between H0: p >= p0 = target + delta ("met") and
 * H1: p <= p1 = target - delta ("missed"); between the two (the
 * indifference region) either answer is acceptable.  Each observation x is
 * in [0, 1]: a Bernoulli outcome, or -- how flowmc size uses it -- the
 * share of a replication's cases within an SLA limit.  The likelihood
 * ratio is Bernoulli's,
 *     LLR += x log(p1 / p0) + (1 - x) log((1 - p1) / (1 - p0)),
 * and because x -> exp(increment) is convex, exp(LLR) is a supermartingale
 * under H0 for any law on [0, 1] with mean >= p0 (and exp(-LLR) under H1
 * for mean <= p1).  Stopping at LLR >= log(1/alpha) ("missed") or
 * LLR <= log(beta) ("met") therefore bounds the errors by Ville's
 * inequality, exactly and for any such law, given independent
 * observations:
 *     P(missed | p >= p0) <= alpha,   P(met | p <= p1) <= beta.
 * (Wald's own thresholds (1 - beta) / alpha and beta / (1 - alpha) give
 * only alpha / (1 - beta) and beta / (1 - alpha); ours cost a few percent
 * more samples.)  The region is clipped to [0, 1].
 *
 * A sprt is a small value type; no allocation.
 */
#ifndef FLOWMC_SPRT_H
#define FLOWMC_SPRT_H

#include <stddef.h>

typedef enum sprt_decision {
    SPRT_UNDECIDED,
    SPRT_MET,    /* accepted H0: p >= target + delta */
    SPRT_MISSED  /* accepted H1: p <= target - delta */
} sprt_decision;

typedef struct sprt {
    double target, p0, p1;
    double step_in, step_out; /* log(p1/p0), log((1-p1)/(1-p0)) */
    double log_missed;        /* log(1 / alpha) */
    double log_met;           /* log(beta) */
    double llr;
    long n;                   /* observations taken until the decision */
    sprt_decision decision;
} sprt;

/* "met", "missed", "undecided". */
const char *sprt_decision_name(sprt_decision d);

/* Checks user parameters: target in [0, 1], delta in (0, 0.5), alpha and
 * beta in (0, 0.5).  Returns 0, or -1 with a plain lowercase reason. */
int sprt_check(double target, double delta, double alpha, double beta,
               char *err, size_t errlen);

/* Starts a test (parameters as sprt_check accepts). */
void sprt_init(sprt *s, double target, double delta, double alpha,
               double beta);

/* Adds one observation x in [0, 1] and returns the decision so far; once
 * decided, further observations are ignored. */
sprt_decision sprt_add(sprt *s, double x);

/* Sample size of the fixed-size one-sided test with the same errors on
 * Bernoulli data (normal approximation), the yardstick for truncating a
 * sequential test:  ((z_{1-a} sqrt(p0 q0) + z_{1-b} sqrt(p1 q1)) / (p0 - p1))^2. */
long sprt_fixed_n(double target, double delta, double alpha, double beta);

/* Chernoff-Hoeffding (Okamoto) sample size for an estimate within
 * +-epsilon of the mean of [0, 1] variables with probability 1 - alpha:
 * ceil(ln(2 / alpha) / (2 epsilon^2)). */
long sprt_hoeffding_n(double epsilon, double alpha);

#endif
