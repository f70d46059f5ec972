/*
 * Suite sprt: Wald's SPRT held to its error bounds.  Thousands of tests run
 * on samples with a known mean exactly on the edge of the indifference
 * region (the worst case outside it); the share of wrong decisions must
 * stay below alpha (resp. beta) plus three binomial standard errors.  The
 * same on fractional observations (Beta-distributed replication
 * attainments), which the size search feeds it; and a demonstration of why
 * it is fed replications and not cases: on overdispersed data the per-case
 * test errs far beyond alpha.  Fixed seeds throughout.
 */
#include <math.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "sim/sprt.h"
#include "testutil.h"

#define RUNS 2000

static gsl_rng *new_rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    return r;
}

/* Upper tolerance for an observed share of events of probability p. */
static double tolerance(double p, int n)
{
    return p + 3 * sqrt(p * (1 - p) / n);
}

typedef enum { BERNOULLI, BETA } law;

/* Runs RUNS tests on observations of mean p; counts each decision. */
static void run_many(double target, double delta, double alpha, double beta, double p, law l,
                     unsigned long seed, int *met, int *missed, double *asn)
{
    gsl_rng *r = new_rng(seed);
    long total = 0;
    *met = *missed = 0;
    for (int i = 0; i < RUNS; i++) {
        sprt s;
        sprt_init(&s, target, delta, alpha, beta);
        sprt_decision d = SPRT_UNDECIDED;
        while (d == SPRT_UNDECIDED && s.n < 1000000) {
            /* Beta(a, b) with mean p and a + b = 4: widely spread */
            double x = l == BERNOULLI ? gsl_rng_uniform(r) < p : gsl_ran_beta(r, 4 * p, 4 * (1 - p));
            d = sprt_add(&s, x);
        }
        *met += d == SPRT_MET;
        *missed += d == SPRT_MISSED;
        total += s.n;
    }
    *asn = (double)total / RUNS;
    gsl_rng_free(r);
}

static void check_errors(double target, double delta, double alpha, double beta, law l,
                         unsigned long seed)
{
    int met, missed;
    double asn;
    /* on the met edge: calling it missed is the error bounded by alpha */
    run_many(target, delta, alpha, beta, target + delta, l, seed, &met, &missed, &asn);
    printf("\n    p = target + delta = %.3f: %d/%d wrongly missed (alpha %.3g), ASN %.0f", target + delta,
           missed, RUNS, alpha, asn);
    CU_ASSERT_EQUAL(met + missed, RUNS);
    CU_ASSERT((double)missed / RUNS <= tolerance(alpha, RUNS));
    /* on the missed edge: calling it met is the error bounded by beta */
    run_many(target, delta, alpha, beta, target - delta, l, seed + 1, &met, &missed, &asn);
    printf("\n    p = target - delta = %.3f: %d/%d wrongly met (beta %.3g), ASN %.0f", target - delta,
           met, RUNS, beta, asn);
    CU_ASSERT_EQUAL(met + missed, RUNS);
    CU_ASSERT((double)met / RUNS <= tolerance(beta, RUNS));
}

static void test_sprt_bernoulli_errors(void)
{
    check_errors(0.8, 0.05, 0.05, 0.05, BERNOULLI, 11);
    check_errors(0.5, 0.1, 0.01, 0.1, BERNOULLI, 23);
    check_errors(0.95, 0.02, 0.1, 0.02, BERNOULLI, 37);
}

static void test_sprt_fractional_errors(void)
{
    check_errors(0.8, 0.05, 0.05, 0.05, BETA, 41);
    check_errors(0.9, 0.03, 0.1, 0.1, BETA, 43);
}

/* Far from the target the test is right almost always, and fast. */
static void test_sprt_clear_cases(void)
{
    int met, missed;
    double asn;
    run_many(0.8, 0.05, 0.05, 0.05, 0.95, BERNOULLI, 51, &met, &missed, &asn);
    CU_ASSERT(met >= RUNS * 0.999);
    CU_ASSERT(asn < sprt_fixed_n(0.8, 0.05, 0.05, 0.05) / 3.0);
    run_many(0.8, 0.05, 0.05, 0.05, 0.5, BERNOULLI, 52, &met, &missed, &asn);
    CU_ASSERT(missed >= RUNS * 0.999);
    CU_ASSERT(asn < 20);
}

/* Why size feeds the test replication attainments, not cases: cases of one
 * replication share its conditions (a busy spell, say), here a
 * replication-level success probability q ~ Beta with mean p0.  Fed the 50
 * cases of each replication as if independent, the test calls a roster
 * that meets the target "missed" far more often than alpha; fed one
 * attainment per replication it stays within alpha. */
static void test_sprt_cases_are_not_independent(void)
{
    const double target = 0.8, delta = 0.05, alpha = 0.05, p0 = target + delta;
    gsl_rng *r = new_rng(61);
    int wrong_case = 0, wrong_rep = 0;
    for (int i = 0; i < RUNS; i++) {
        sprt per_case, per_rep;
        sprt_init(&per_case, target, delta, alpha, 0.05);
        sprt_init(&per_rep, target, delta, alpha, 0.05);
        while (per_case.decision == SPRT_UNDECIDED || per_rep.decision == SPRT_UNDECIDED) {
            double q = gsl_ran_beta(r, 2 * p0, 2 * (1 - p0));
            int within = 0;
            for (int k = 0; k < 50; k++) {
                int ok = gsl_rng_uniform(r) < q;
                within += ok;
                sprt_add(&per_case, ok);
            }
            sprt_add(&per_rep, within / 50.0);
        }
        wrong_case += per_case.decision == SPRT_MISSED;
        wrong_rep += per_rep.decision == SPRT_MISSED;
    }
    gsl_rng_free(r);
    printf("\n    overdispersed, p = %.2f: per case %d/%d wrongly missed, per replication %d/%d",
           p0, wrong_case, RUNS, wrong_rep, RUNS);
    CU_ASSERT((double)wrong_rep / RUNS <= tolerance(alpha, RUNS));
    CU_ASSERT((double)wrong_case / RUNS > 3 * alpha);
}

static void test_sprt_edges(void)
{
    sprt s;
    /* target 1: region [0.99, 1]; one shortfall refutes "p >= 1" */
    sprt_init(&s, 1.0, 0.01, 0.05, 0.05);
    CU_ASSERT_EQUAL(sprt_add(&s, 1.0), SPRT_UNDECIDED);
    CU_ASSERT_EQUAL(sprt_add(&s, 0.5), SPRT_MISSED);
    CU_ASSERT_EQUAL(s.n, 2);
    CU_ASSERT_EQUAL(sprt_add(&s, 1.0), SPRT_MISSED); /* ignored once decided */
    CU_ASSERT_EQUAL(s.n, 2);
    sprt_init(&s, 1.0, 0.01, 0.05, 0.05);
    while (sprt_add(&s, 1.0) == SPRT_UNDECIDED)
        ;
    CU_ASSERT_EQUAL(s.decision, SPRT_MET);
    /* log(0.05) / log(0.99) = 298.07: met at the 299th success */
    CU_ASSERT_EQUAL(s.n, 299);
    /* target 0: any success refutes "p <= 0" */
    sprt_init(&s, 0.0, 0.01, 0.05, 0.05);
    CU_ASSERT_EQUAL(sprt_add(&s, 0.2), SPRT_MET);
    CU_ASSERT_STRING_EQUAL(sprt_decision_name(SPRT_MISSED), "missed");
}

static void test_sprt_sizes_and_checks(void)
{
    char err[128];
    /* (1.6449 (sqrt(.85 .15) + sqrt(.75 .25)) / 0.1)^2 = 168.9 */
    CU_ASSERT_EQUAL(sprt_fixed_n(0.8, 0.05, 0.05, 0.05), 169);
    /* ln(40) / (2 0.05^2) = 737.8 */
    CU_ASSERT_EQUAL(sprt_hoeffding_n(0.05, 0.05), 738);
    CU_ASSERT_EQUAL(sprt_hoeffding_n(0.01, 0.05), 18445);
    CU_ASSERT_EQUAL(sprt_check(0.9, 0.01, 0.05, 0.05, err, sizeof err), 0);
    CU_ASSERT_EQUAL(sprt_check(1.2, 0.01, 0.05, 0.05, err, sizeof err), -1);
    CU_ASSERT_EQUAL(sprt_check(0.9, 0.0, 0.05, 0.05, err, sizeof err), -1);
    CU_ASSERT(tu_contains(err, "delta"));
    CU_ASSERT_EQUAL(sprt_check(0.9, 0.01, 0.5, 0.05, err, sizeof err), -1);
    CU_ASSERT_EQUAL(sprt_check(0.9, 0.01, 0.05, 0.0, err, sizeof err), -1);
    CU_ASSERT(tu_contains(err, "beta"));
}

void suite_sprt(void);
void suite_sprt(void)
{
    static const CU_TestInfo tests[] = {
        {"bernoulli error rates within alpha and beta", test_sprt_bernoulli_errors},
        {"fractional error rates within alpha and beta", test_sprt_fractional_errors},
        {"clear cases decide right and early", test_sprt_clear_cases},
        {"per-case test on correlated cases errs", test_sprt_cases_are_not_independent},
        {"region clipped at 0 and 1", test_sprt_edges},
        {"sample sizes and parameter checks", test_sprt_sizes_and_checks},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("sprt", tests);
}
