/*
 * Suite qhist: the log-free bin lookup puts every value in the bin
 * gsl_histogram_increment(h, log(x)) picks -- random values over the whole
 * range, every bin edge and its neighbouring doubles, the ends -- and
 * quantiles read back within the stated 0.5% of the exact ones.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/qhist.h"
#include "testutil.h"

/* Adds x to q and to a plain GSL histogram over log(x) with q's ranges
 * (clamping as qhist documents); returns 1 when both chose the same bin. */
static int same_bin(qhist *q, gsl_histogram *ref, double x)
{
    size_t n = q->h->n;
    gsl_histogram_reset(q->h);
    gsl_histogram_reset(ref);
    qhist_add(q, x);
    qhist_flush(q);
    if (!(x >= QHIST_MIN))
        return gsl_histogram_sum(q->h) == 0;
    double lx = log(x);
    if (lx >= ref->range[n])
        lx = ref->range[n - 1];
    gsl_histogram_increment(ref, lx);
    for (size_t i = 0; i < n; i++)
        if (q->h->bin[i] != ref->bin[i])
            return 0;
    return 1;
}

static gsl_histogram *ref_like(const qhist *q)
{
    gsl_histogram *ref = gsl_histogram_clone(q->h);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
    return ref;
}

static void test_qhist_random_values(void)
{
    qhist q;
    qhist_init(&q);
    gsl_histogram *ref = ref_like(&q);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    int bad = 0;
    /* log-uniform from 1e-4 s to 1e10 s: below, inside and above the range */
    for (int k = 0; k < 20000 && bad < 5; k++) {
        double x = exp(gsl_ran_flat(r, log(1e-4), log(1e10)));
        if (!same_bin(&q, ref, x)) {
            fprintf(stderr, "\n  qhist: %.17g in another bin than GSL's\n", x);
            bad++;
        }
    }
    CU_ASSERT_EQUAL(bad, 0);
    gsl_rng_free(r);
    gsl_histogram_free(ref);
    qhist_release(&q);
}

static void test_qhist_edges(void)
{
    qhist q;
    qhist_init(&q);
    gsl_histogram *ref = ref_like(&q);
    size_t n = q.h->n;
    int bad = 0;
    /* every edge, both neighbours and a value nearly a bin inside: the
     * lookup's hard cases */
    for (size_t i = 0; i <= n && bad < 5; i++) {
        double e = exp(q.h->range[i]);
        double xs[] = {e, nextafter(e, 0), nextafter(e, INFINITY), q.edge[i], nextafter(q.edge[i], 0),
                       e * (1 + 0.0049), e * (1 + 0.00001)};
        for (size_t k = 0; k < sizeof xs / sizeof xs[0]; k++)
            if (!same_bin(&q, ref, xs[k])) {
                fprintf(stderr, "\n  qhist: edge %zu, %.17g in another bin than GSL's\n", i, xs[k]);
                bad++;
            }
    }
    CU_ASSERT_EQUAL(bad, 0);
    /* ends: zero, NaN, infinity, the largest double */
    CU_ASSERT_TRUE(same_bin(&q, ref, 0));
    CU_ASSERT_TRUE(same_bin(&q, ref, NAN));
    CU_ASSERT_TRUE(same_bin(&q, ref, INFINITY));
    CU_ASSERT_TRUE(same_bin(&q, ref, 1.7976931348623157e308));
    CU_ASSERT_TRUE(same_bin(&q, ref, QHIST_MIN));
    CU_ASSERT_TRUE(same_bin(&q, ref, QHIST_MAX));
    gsl_histogram_free(ref);
    qhist_release(&q);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_qhist_quantiles(void)
{
    enum { N = 100000 };
    qhist q;
    qhist_init(&q);
    gsl_histogram_pdf *pdf = qhist_pdf_new();
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *x = malloc(N * sizeof *x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    for (int k = 0; k < N; k++) {
        /* a tenth exactly zero (no wait), the rest lognormal around 1 h */
        x[k] = k % 10 == 0 ? 0 : gsl_ran_lognormal(r, log(3600), 1.5);
        qhist_add(&q, x[k]);
    }
    qsort(x, N, sizeof *x, cmp_double);
    const double ps[] = {0.05, 0.5, 0.9, 0.95, 0.99};
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        double exact = gsl_stats_quantile_from_sorted_data(x, 1, N, ps[i]);
        double got = qhist_quantile(&q, pdf, ps[i]);
        if (exact == 0) {
            CU_ASSERT_EQUAL(got, 0);
        } else {
            CU_ASSERT_TRUE(fabs(got / exact - 1) <= 0.005);
        }
    }
    /* the buffer's zeros were counted apart, every other value binned */
    CU_ASSERT_EQUAL(q.n, N);
    CU_ASSERT_EQUAL(q.zeros, N / 10);
    CU_ASSERT_EQUAL(gsl_histogram_sum(q.h), N - N / 10);
    CU_ASSERT_TRUE(isnan(qhist_quantile(&(qhist){.h = q.h, .n = 0}, pdf, 0.5)));
    free(x);
    gsl_rng_free(r);
    gsl_histogram_pdf_free(pdf);
    qhist_release(&q);
}

void suite_qhist(void);
void suite_qhist(void)
{
    static const CU_TestInfo tests[] = {
        {"random values land in GSL's bin", test_qhist_random_values},
        {"bin edges and range ends", test_qhist_edges},
        {"quantiles within 0.5%", test_qhist_quantiles},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("qhist", tests);
}
