/*
 * sprt: Wald's sequential probability ratio test with Ville-exact
 * thresholds, and the Okamoto sample size; see sprt.h for why the test is
 * valid on fractional observations.
 */
#include "sprt.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>

const char *sprt_decision_name(sprt_decision d)
{
    switch (d) {
    case SPRT_MET:
        return "met";
    case SPRT_MISSED:
        return "missed";
    default:
        return "undecided";
    }
}

int sprt_check(double target, double delta, double alpha, double beta,
               char *err, size_t errlen)
{
    const char *why = NULL;
    if (!(target >= 0 && target <= 1))
        why = "target must be in [0, 1]";
    else if (!(delta > 0 && delta < 0.5))
        why = "delta must be in (0, 0.5)";
    else if (!(alpha > 0 && alpha < 0.5))
        why = "alpha must be in (0, 0.5)";
    else if (!(beta > 0 && beta < 0.5))
        why = "beta must be in (0, 0.5)";
    if (why && err)
        snprintf(err, errlen, "%s", why);
    return why ? -1 : 0;
}

void sprt_init(sprt *s, double target, double delta, double alpha,
               double beta)
{
    assert(sprt_check(target, delta, alpha, beta, NULL, 0) == 0);
    s->target = target;
    s->p0 = fmin(target + delta, 1);
    s->p1 = fmax(target - delta, 0);
    /* at p0 = 1 any shortfall refutes H0 (step_out = +inf); at p1 = 0 any
     * success refutes H1 (step_in = -inf); sprt_add skips 0 * inf */
    s->step_in = log(s->p1 / s->p0);
    s->step_out = log((1 - s->p1) / (1 - s->p0));
    s->log_missed = -log(alpha);
    s->log_met = log(beta);
    s->llr = 0;
    s->n = 0;
    s->decision = SPRT_UNDECIDED;
}

sprt_decision sprt_add(sprt *s, double x)
{
    assert(x >= 0 && x <= 1);
    if (s->decision != SPRT_UNDECIDED)
        return s->decision;
    s->n++;
    if (x > 0)
        s->llr += x * s->step_in;
    if (x < 1)
        s->llr += (1 - x) * s->step_out;
    if (s->llr >= s->log_missed)
        s->decision = SPRT_MISSED;
    else if (s->llr <= s->log_met)
        s->decision = SPRT_MET;
    return s->decision;
}

long sprt_fixed_n(double target, double delta, double alpha, double beta)
{
    double p0 = fmin(target + delta, 1), p1 = fmax(target - delta, 0);
    double za = gsl_cdf_ugaussian_Qinv(alpha), zb = gsl_cdf_ugaussian_Qinv(beta);
    double k = (za * sqrt(p0 * (1 - p0)) + zb * sqrt(p1 * (1 - p1))) / (p0 - p1);
    return (long)ceil(k * k);
}

long sprt_hoeffding_n(double epsilon, double alpha)
{
    assert(epsilon > 0 && alpha > 0 && alpha < 1);
    return (long)ceil(log(2 / alpha) / (2 * epsilon * epsilon));
}
