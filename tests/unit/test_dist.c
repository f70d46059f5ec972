/*
 * Suite dist: every distribution is sampled with a fixed seed and held to
 * its closed forms -- the sample mean and variance must lie in 99.9%
 * confidence intervals derived from dist_mean and dist_variance, and the
 * Kolmogorov-Smirnov distance to GSL's CDF must stay below its critical
 * value at alpha = 0.001 -- plus the truncated normal's moments, the
 * empirical weights (chi-square), parameter validation and units; the
 * mixture (QBP's HISTOGRAM) and the shifted, bounded laws (Prosimos'
 * min/max) against their closed forms, sampled moments and KS distances.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>

#include "sim/dist.h"
#include "testutil.h"

#define NMOM 200000 /* draws for the moment checks */
#define NKS 20000   /* draws for the KS checks */
#define ALPHA 0.001

static gsl_rng *new_rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    return r;
}

static dist make(dist_kind k, const double *p, int np, const char *unit)
{
    dist d;
    char err[128] = "";
    int rc = dist_init(&d, k, p, np, dist_unit_seconds(unit), err, sizeof err);
    if (rc)
        printf("\n  dist_init(%s): %s\n", dist_kind_name(k), err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    return d;
}

/* Two-sided normal quantile for a 1 - ALPHA interval. */
static double z_crit(void)
{
    return gsl_cdf_ugaussian_Qinv(ALPHA / 2);
}

/* Sample mean within z sqrt(var/N) of dist_mean, and sample variance
 * within z sqrt((m4 - s^4)/N) of dist_variance (the asymptotic standard
 * error of a variance, with the fourth central moment estimated). */
static void check_moments(const dist *d, unsigned long seed)
{
    gsl_rng *r = new_rng(seed);
    double *x = malloc(NMOM * sizeof *x);
    double sum = 0;
    int negative = 0;
    for (int i = 0; i < NMOM; i++) {
        x[i] = dist_sample(d, r);
        negative += x[i] < 0;
        sum += x[i];
    }
    CU_ASSERT_EQUAL(negative, 0);
    double m = sum / NMOM, m2 = 0, m4 = 0;
    for (int i = 0; i < NMOM; i++) {
        double e = (x[i] - m) * (x[i] - m);
        m2 += e;
        m4 += e * e;
    }
    m2 /= NMOM - 1;
    m4 /= NMOM;
    double mu = dist_mean(d), var = dist_variance(d), z = z_crit();
    double tol_m = z * sqrt(var / NMOM), tol_v = z * sqrt((m4 - m2 * m2) / NMOM);
    if (fabs(m - mu) > tol_m || fabs(m2 - var) > tol_v)
        printf("\n  %s: mean %.6g vs %.6g (tol %.3g), var %.6g vs %.6g (tol %.3g)\n",
               dist_kind_name(d->kind), m, mu, tol_m, m2, var, tol_v);
    CU_ASSERT(fabs(m - mu) <= tol_m);
    CU_ASSERT(fabs(m2 - var) <= tol_v);
    free(x);
    gsl_rng_free(r);
}

typedef double (*cdf_fn)(double x, const double *a);

/* Kolmogorov-Smirnov distance of NKS draws (in the dist's unit) to cdf. */
static double ks_distance(const dist *d, cdf_fn cdf, const double *a, unsigned long seed)
{
    gsl_rng *r = new_rng(seed);
    double *x = malloc(NKS * sizeof *x);
    for (int i = 0; i < NKS; i++)
        x[i] = dist_sample(d, r) / d->unit;
    gsl_sort(x, 1, NKS);
    double dmax = 0;
    for (int i = 0; i < NKS; i++) {
        double f = cdf(x[i], a);
        dmax = fmax(dmax, fmax(f - (double)i / NKS, (double)(i + 1) / NKS - f));
    }
    free(x);
    gsl_rng_free(r);
    return dmax;
}

/* Critical distance at ALPHA: the asymptotic Kolmogorov quantile
 * sqrt(ln(2/alpha)/2) with Stephens' finite-n correction. */
static double ks_critical(void)
{
    double n = NKS;
    return sqrt(log(2 / ALPHA) / 2) / (sqrt(n) + 0.12 + 0.11 / sqrt(n));
}

static double cdf_exponential(double x, const double *a) { return gsl_cdf_exponential_P(x, a[0]); }
static double cdf_flat(double x, const double *a) { return gsl_cdf_flat_P(x, a[0], a[1]); }
static double cdf_gamma(double x, const double *a) { return gsl_cdf_gamma_P(x, a[0], a[1]); }
/* GSL's Weibull takes (scale, shape); ours (shape, scale) */
static double cdf_weibull(double x, const double *a) { return gsl_cdf_weibull_P(x, a[1], a[0]); }

/* lognormal from the mean and sd of the variable, computed here afresh */
static double cdf_lognormal(double x, const double *a)
{
    double s2 = log(1 + a[1] * a[1] / (a[0] * a[0]));
    return gsl_cdf_lognormal_P(x, log(a[0]) - s2 / 2, sqrt(s2));
}

static double cdf_triangular(double x, const double *a)
{
    double lo = a[0], c = a[1], hi = a[2];
    if (x <= lo)
        return 0;
    if (x >= hi)
        return 1;
    if (x <= c)
        return (x - lo) * (x - lo) / ((hi - lo) * (c - lo));
    return 1 - (hi - x) * (hi - x) / ((hi - lo) * (hi - c));
}

/* the normal (mean a[0], sd a[1]) conditioned on x >= 0 */
static double cdf_tnormal(double x, const double *a)
{
    double alpha = -a[0] / a[1];
    return x <= 0 ? 0 : 1 - gsl_cdf_ugaussian_Q((x - a[0]) / a[1]) / gsl_cdf_ugaussian_Q(alpha);
}

static const struct {
    dist_kind kind;
    double p[3];
    int np;
    const char *unit;
    cdf_fn cdf;
} cases[] = {
    {DIST_UNIFORM, {1, 4}, 2, "min", cdf_flat},
    {DIST_TRIANGULAR, {2, 3, 10}, 3, "h", cdf_triangular},
    {DIST_EXPONENTIAL, {30}, 1, "min", cdf_exponential},
    {DIST_NORMAL, {5, 2}, 2, "h", cdf_tnormal},   /* alpha = -2.5: rejection */
    {DIST_NORMAL, {1, 4}, 2, "s", cdf_tnormal},   /* alpha = -0.25 */
    {DIST_NORMAL, {0, 1}, 2, "d", cdf_tnormal},   /* alpha = 0: half-normal */
    {DIST_NORMAL, {-3, 1}, 2, "h", cdf_tnormal},  /* alpha = 3: Robert's sampler */
    {DIST_LOGNORMAL, {10, 5}, 2, "min", cdf_lognormal},
    {DIST_LOGNORMAL, {2, 6}, 2, "h", cdf_lognormal},
    {DIST_GAMMA, {2.5, 3}, 2, "h", cdf_gamma},
    {DIST_GAMMA, {0.5, 1}, 2, "d", cdf_gamma},
    {DIST_WEIBULL, {1.5, 2}, 2, "d", cdf_weibull},
    {DIST_WEIBULL, {0.7, 5}, 2, "min", cdf_weibull},
};
#define NCASES (int)(sizeof cases / sizeof cases[0])

static void test_moments(void)
{
    for (int i = 0; i < NCASES; i++) {
        dist d = make(cases[i].kind, cases[i].p, cases[i].np, cases[i].unit);
        check_moments(&d, 100 + (unsigned long)i);
        dist_release(&d);
    }
    /* far in the tail (alpha = 30): the asymptotic series and the sampler */
    dist d = make(DIST_NORMAL, (double[]){-60, 2}, 2, "s");
    check_moments(&d, 99);
    dist_release(&d);
}

static void test_ks(void)
{
    double crit = ks_critical();
    for (int i = 0; i < NCASES; i++) {
        dist d = make(cases[i].kind, cases[i].p, cases[i].np, cases[i].unit);
        double ks = ks_distance(&d, cases[i].cdf, cases[i].p, 200 + (unsigned long)i);
        if (ks >= crit)
            printf("\n  %s(%g, %g): KS %.4g >= %.4g\n", dist_kind_name(d.kind), cases[i].p[0],
                   cases[i].p[1], ks, crit);
        CU_ASSERT(ks < crit);
        dist_release(&d);
    }
    /* the test has power: a mean 10% off is rejected */
    dist d = make(DIST_EXPONENTIAL, (double[]){30}, 1, "min");
    CU_ASSERT(ks_distance(&d, cdf_exponential, (double[]){33}, 7) > crit);
    dist_release(&d);
}

static void test_closed_forms(void)
{
    /* triangular mean (a + b + c) / 3 and uniform, in hours */
    dist d = make(DIST_TRIANGULAR, (double[]){2, 3, 10}, 3, "h");
    CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 5 * 3600.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), (4 + 9 + 100 - 6 - 20 - 30) / 18.0 * 3600 * 3600,
                           1e-3);
    d = make(DIST_UNIFORM, (double[]){1, 4}, 2, "min");
    CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 150, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), 9 / 12.0 * 3600, 1e-9);
    /* half-normal: sd sqrt(2/pi) and sd^2 (1 - 2/pi) */
    d = make(DIST_NORMAL, (double[]){0, 3}, 2, "s");
    CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 3 * sqrt(2 / M_PI), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), 9 * (1 - 2 / M_PI), 1e-12);
    /* truncated normal against phi/Q written out with GSL */
    for (double mean = -4; mean <= 6; mean += 0.5) {
        double sd = 1.5, alpha = -mean / sd;
        double h = gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha);
        d = make(DIST_NORMAL, (double[]){mean, sd}, 2, "s");
        CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), mean + sd * h, 1e-12 * fabs(mean + sd * h) + 1e-14);
        double v = sd * sd * (1 + alpha * h - h * h);
        CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), v, 1e-10 * v);
    }
    /* beyond alpha = 25 against 60-digit values (mpmath):
     * alpha = 30: h - alpha = 0.033259667433677037, 1 - h (h - alpha)
     * = 0.0011037715118900910 */
    d = make(DIST_NORMAL, (double[]){-60, 2}, 2, "s");
    CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 2 * 0.033259667433677037, 1e-10 * 0.067);
    CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), 4 * 0.0011037715118900910, 1e-9 * 0.0044);
    /* a mean far below 0 neither loops nor loses the tail */
    d = make(DIST_NORMAL, (double[]){-1e4, 1}, 2, "s");
    gsl_rng *r = new_rng(3);
    for (int i = 0; i < 1000; i++) {
        double x = dist_sample(&d, r);
        CU_ASSERT(x >= 0 && x < 1e-2); /* excess ~ Exp(rate 1e4) */
    }
    CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 1e-4, 1e-11);
    gsl_rng_free(r);
    /* far above 0 the truncation is invisible (and GSL's hazard, which
     * underflows there, must not be asked) */
    d = make(DIST_NORMAL, (double[]){40, 1}, 2, "s");
    CU_ASSERT_EQUAL(dist_mean(&d), 40);
    CU_ASSERT_EQUAL(dist_variance(&d), 1);
    d = make(DIST_NORMAL, (double[]){1e300, 1e-300}, 2, "s");
    CU_ASSERT_EQUAL(dist_mean(&d), 1e300);
    r = new_rng(4);
    CU_ASSERT_EQUAL(dist_sample(&d, r), 1e300);
    gsl_rng_free(r);
    /* lognormal and gamma and Weibull moments */
    d = make(DIST_LOGNORMAL, (double[]){10, 5}, 2, "min");
    CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 600, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), 300.0 * 300.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(d.sigma * d.sigma, log(1.25), 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(d.mu, log(10) - log(1.25) / 2, 1e-15);
    d = make(DIST_WEIBULL, (double[]){1, 7}, 2, "s"); /* shape 1: exponential */
    CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 7, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), 49, 1e-10);
    d = make(DIST_WEIBULL, (double[]){1e-3, 1}, 2, "s"); /* Gamma(1001): no abort */
    CU_ASSERT_TRUE(isinf(dist_mean(&d)));
    CU_ASSERT_TRUE(isinf(dist_variance(&d)));
    d = make(DIST_FIXED, (double[]){2.5}, 1, "h");
    r = new_rng(1);
    CU_ASSERT_EQUAL(dist_sample(&d, r), 9000);
    CU_ASSERT_EQUAL(dist_mean(&d), 9000);
    CU_ASSERT_EQUAL(dist_variance(&d), 0);
    gsl_rng_free(r);
}

/* Empirical: the frequencies of the values follow the weights (chi-square
 * at ALPHA), and values of zero weight never come out. */
static void test_empirical(void)
{
    const double p[] = {1, 1, 2, 3, 5, 6, 8, 0};
    dist d = make(DIST_EMPIRICAL, p, 8, "h");
    CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), (1 + 6 + 30) / 10.0 * 3600, 1e-9);
    double m = 3.7;
    double v = (1 * (1 - m) * (1 - m) + 3 * (2 - m) * (2 - m) + 6 * (5 - m) * (5 - m)) / 10;
    CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), v * 3600 * 3600, 1e-6);
    gsl_rng *r = new_rng(5);
    int count[3] = {0, 0, 0}, other = 0;
    for (int i = 0; i < NMOM; i++) {
        double x = dist_sample(&d, r) / 3600;
        if (x == 1)
            count[0]++;
        else if (x == 2)
            count[1]++;
        else if (x == 5)
            count[2]++;
        else
            other++;
    }
    CU_ASSERT_EQUAL(other, 0);
    double chi2 = 0, w[3] = {0.1, 0.3, 0.6};
    for (int i = 0; i < 3; i++)
        chi2 += (count[i] - NMOM * w[i]) * (count[i] - NMOM * w[i]) / (NMOM * w[i]);
    CU_ASSERT(chi2 < gsl_cdf_chisq_Qinv(ALPHA, 2));
    gsl_rng_free(r);
    check_moments(&d, 6);
    dist_release(&d);
    dist_release(&d); /* twice is harmless */
}

static void test_validation(void)
{
    static const struct {
        dist_kind kind;
        double p[6];
        int np;
        const char *reason;
    } bad[] = {
        {DIST_EXPONENTIAL, {0}, 1, "mean must be positive"},
        {DIST_EXPONENTIAL, {-2}, 1, "mean must be positive"},
        {DIST_EXPONENTIAL, {1, 2}, 2, "exponential takes 1 parameter (mean)"},
        {DIST_FIXED, {-1}, 1, "value must not be negative"},
        {DIST_UNIFORM, {3, 2}, 2, "min must not exceed max"},
        {DIST_UNIFORM, {-1, 2}, 2, "min must not be negative"},
        {DIST_TRIANGULAR, {1, 5, 4}, 3, "min, mode and max must be in that order"},
        {DIST_TRIANGULAR, {1, 2}, 2, "triangular takes 3 parameters (min, mode, max)"},
        {DIST_NORMAL, {5, 0}, 2, "sd must be positive"},
        {DIST_LOGNORMAL, {0, 1}, 2, "mean must be positive"},
        {DIST_LOGNORMAL, {1, -1}, 2, "sd must be positive"},
        {DIST_GAMMA, {0, 1}, 2, "shape must be positive"},
        {DIST_GAMMA, {1, 0}, 2, "scale must be positive"},
        {DIST_WEIBULL, {-1, 1}, 2, "shape must be positive"},
        {DIST_EMPIRICAL, {1, 0, 2, 0}, 4, "weights must have a positive sum"},
        {DIST_EMPIRICAL, {1, -1, 2, 3}, 4, "weights must not be negative"},
        {DIST_EMPIRICAL, {-1, 1}, 2, "values must not be negative"},
        {DIST_EMPIRICAL, {1, 1, 2}, 3, "empirical takes value, weight pairs (1 to 64)"},
        {DIST_GAMMA, {NAN, 1}, 2, "parameters must be finite numbers"},
        {DIST_WEIBULL, {1, INFINITY}, 2, "parameters must be finite numbers"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dist d;
        char err[128] = "";
        CU_ASSERT_EQUAL(dist_init(&d, bad[i].kind, bad[i].p, bad[i].np, 60, err, sizeof err), -1);
        if (strcmp(err, bad[i].reason) != 0)
            printf("\n  got '%s', want '%s'\n", err, bad[i].reason);
        CU_ASSERT_STRING_EQUAL(err, bad[i].reason);
        CU_ASSERT_PTR_NULL(d.table);
        dist_release(&d);
    }
    dist d;
    char err[64];
    double many[2 * DIST_MAX_POINTS + 2];
    for (int i = 0; i < 2 * DIST_MAX_POINTS + 2; i++)
        many[i] = 1;
    CU_ASSERT_EQUAL(dist_init(&d, DIST_EMPIRICAL, many, 2 * DIST_MAX_POINTS + 2, 1, err, sizeof err),
                    -1);
    CU_ASSERT_EQUAL(dist_init(&d, DIST_EMPIRICAL, many, 2 * DIST_MAX_POINTS, 1, err, sizeof err), 0);
    dist_release(&d);
    CU_ASSERT_EQUAL(dist_init(&d, DIST_FIXED, many, 1, 0, err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "unit must be a positive number of seconds");
    CU_ASSERT_EQUAL(dist_init(&d, DIST_FIXED, many, 1, -1, NULL, 0), -1);
    /* degenerate but legal: min == max */
    d = make(DIST_TRIANGULAR, (double[]){4, 4, 4}, 3, "s");
    gsl_rng *r = new_rng(1);
    CU_ASSERT_EQUAL(dist_sample(&d, r), 4);
    gsl_rng_free(r);
}

static void test_names_and_units(void)
{
    for (int k = 0; k < DIST_KIND_COUNT; k++)
        CU_ASSERT_EQUAL(dist_kind_parse(dist_kind_name((dist_kind)k)), k);
    CU_ASSERT_EQUAL(dist_kind_parse("lognormal"), DIST_LOGNORMAL);
    CU_ASSERT_EQUAL(dist_kind_parse("Lognormal"), -1);
    CU_ASSERT_EQUAL(dist_kind_parse("beta"), -1);
    CU_ASSERT_EQUAL(dist_kind_parse(NULL), -1);
    CU_ASSERT_EQUAL(dist_unit_seconds("s"), 1);
    CU_ASSERT_EQUAL(dist_unit_seconds("min"), 60);
    CU_ASSERT_EQUAL(dist_unit_seconds("h"), 3600);
    CU_ASSERT_EQUAL(dist_unit_seconds("d"), 86400);
    CU_ASSERT_EQUAL(dist_unit_seconds("w"), 604800);
    CU_ASSERT_EQUAL(dist_unit_seconds("m"), -1);
    CU_ASSERT_EQUAL(dist_unit_seconds("bd"), -1);
    CU_ASSERT_EQUAL(dist_unit_seconds(NULL), -1);
    /* a draw in hours is the same draw in seconds times 3600 */
    dist h = make(DIST_GAMMA, (double[]){2, 1.5}, 2, "h");
    dist s = make(DIST_GAMMA, (double[]){2, 1.5}, 2, "s");
    gsl_rng *r1 = new_rng(9), *r2 = new_rng(9);
    for (int i = 0; i < 100; i++)
        CU_ASSERT_DOUBLE_EQUAL(dist_sample(&h, r1), 3600 * dist_sample(&s, r2), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(dist_mean(&h), 3600 * dist_mean(&s), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(dist_variance(&h), 3600.0 * 3600 * dist_variance(&s), 1e-3);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

/* cdf of an exponential shifted by a[1] and cut at a[2] (a[0] the mean
 * of the law before the shift): Prosimos' expon(mean, min, max). */
static double cdf_shifted_cut_exp(double x, const double *a)
{
    if (x < a[1])
        return 0;
    if (x >= a[2])
        return 1;
    return gsl_cdf_exponential_P(x - a[1], a[0]) / gsl_cdf_exponential_P(a[2] - a[1], a[0]);
}

static void test_bounded(void)
{
    char err[160];
    /* shifted exponential cut at max: mean by hand */
    dist d = make(DIST_EXPONENTIAL, (double[]){10}, 1, "min");
    CU_ASSERT_EQUAL_FATAL(dist_bound(&d, 5, 0, 25, err, sizeof err), 0);
    /* E[X | X <= 20] for Exp(10) = 10 - 20 e^-2 / (1 - e^-2), plus 5 */
    double e2 = exp(-2), m = 10 - 20 * e2 / (1 - e2) + 5;
    CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 60 * m, 60 * m * 1e-6);
    check_moments(&d, 31);
    double ks = ks_distance(&d, cdf_shifted_cut_exp, (double[]){10, 5, 25}, 32);
    CU_ASSERT(ks < ks_critical());
    gsl_rng *r = new_rng(3);
    for (int i = 0; i < 1000; i++) {
        double x = dist_sample(&d, r) / 60;
        CU_ASSERT(x >= 5 && x <= 25);
    }
    gsl_rng_free(r);
    dist_release(&d);
    /* a normal cut on both sides, and a gamma cut below */
    d = make(DIST_NORMAL, (double[]){100, 40}, 2, "s");
    CU_ASSERT_EQUAL_FATAL(dist_bound(&d, 0, 50, 120, err, sizeof err), 0);
    check_moments(&d, 33);
    dist_release(&d);
    d = make(DIST_GAMMA, (double[]){2, 3}, 2, "h");
    CU_ASSERT_EQUAL_FATAL(dist_bound(&d, 0, 1, INFINITY, err, sizeof err), 0);
    check_moments(&d, 34);
    dist_release(&d);
    /* refusals */
    d = make(DIST_EXPONENTIAL, (double[]){1}, 1, "s");
    CU_ASSERT_EQUAL(dist_bound(&d, 0, 100, 101, err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "the bounds keep less than 1e-6 of the law's probability");
    CU_ASSERT_EQUAL(dist_bound(&d, 0, 5, 2, err, sizeof err), -1);
    CU_ASSERT_FALSE(d.bounded);
    dist_release(&d);
    d = make(DIST_FIXED, (double[]){1}, 1, "s");
    CU_ASSERT_EQUAL(dist_bound(&d, 1, 0, 3, err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "bounds and shifts apply to continuous laws, not fixed");
    dist_release(&d);
}

static void test_mixture(void)
{
    char err[160];
    dist comp[2];
    comp[0] = make(DIST_UNIFORM, (double[]){0, 2}, 2, "min");
    comp[1] = make(DIST_FIXED, (double[]){5}, 1, "min");
    dist d;
    CU_ASSERT_EQUAL_FATAL(dist_init_mixture(&d, comp, (double[]){30, 70}, 2, err, sizeof err), 0);
    double m = 0.3 * 1 + 0.7 * 5, m2 = 0.3 * (1 / 3.0 + 1) + 0.7 * 25;
    CU_ASSERT_DOUBLE_EQUAL(dist_mean(&d), 60 * m, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(dist_variance(&d), 3600 * (m2 - m * m), 1e-6);
    check_moments(&d, 41);
    /* the KS test in seconds: d's unit is the second */
    gsl_rng *r = new_rng(42);
    int five = 0;
    for (int i = 0; i < NKS; i++)
        five += dist_sample(&d, r) == 300;
    gsl_rng_free(r);
    /* share of the fixed component in a 99.9% binomial interval */
    double sd = sqrt(0.7 * 0.3 / NKS);
    CU_ASSERT(fabs((double)five / NKS - 0.7) < z_crit() * sd);
    dist_release(&d);
    dist_release(&d); /* twice is harmless */
    comp[0] = make(DIST_UNIFORM, (double[]){0, 2}, 2, "min");
    CU_ASSERT_EQUAL(dist_init_mixture(&d, comp, (double[]){-1}, 1, err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "component weights must be finite and not negative");
    CU_ASSERT_EQUAL(dist_init(&d, DIST_MIXTURE, (double[]){1}, 1, 1, err, sizeof err), -1);
}

void suite_dist(void);
void suite_dist(void)
{
    static const CU_TestInfo tests[] = {
        {"sample moments in 99.9% CIs", test_moments},
        {"Kolmogorov-Smirnov against GSL CDFs", test_ks},
        {"closed forms and the truncated normal", test_closed_forms},
        {"empirical weights", test_empirical},
        {"parameter validation", test_validation},
        {"kind names and units", test_names_and_units},
        {"shifted and bounded laws", test_bounded},
        {"mixtures", test_mixture},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("dist", tests);
}
