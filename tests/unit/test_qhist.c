/*
 * Suite qhist: the bin lookup off a value's bits puts every value in the
 * bin its edges call for -- random values over the whole range, every bin
 * edge and its neighbouring doubles, the ends -- and quantiles read back
 * within the stated 0.4% of the exact ones.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/qhist.h"
#include "testutil.h"

/* Adds x to an empty q; returns 1 when x landed in the bin its value
 * calls for: [edge(i), edge(i + 1)) with the edges exact powers of two
 * split 256 ways, the last bin from its edge on, the zeros' slot under
 * QHIST_MIN (NaN too). */
static int right_bin(qhist *q, double x)
{
    size_t n = q->h->n - 1;
    qhist_reset(q);
    qhist_add(q, x);
    size_t i = 0;
    while (i <= n && q->h->bin[i] == 0)
        i++;
    if (i > n || gsl_histogram_sum(q->h) != 1 || q->n != 1)
        return 0;
    if (!(x >= QHIST_MIN))
        return i == n && qhist_zeros(q) == 1;
    if (i == n - 1)
        return x >= qhist_edge(n - 1);
    return qhist_edge(i) <= x && x < qhist_edge(i + 1);
}

static void test_qhist_random_values(void)
{
    qhist q;
    qhist_init(&q);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    int bad = 0;
    /* log-uniform from 1e-4 s to 1e10 s: below, inside and above the range */
    for (int k = 0; k < 20000 && bad < 5; k++) {
        double x = exp(gsl_ran_flat(r, log(1e-4), log(1e10)));
        if (!right_bin(&q, x)) {
            fprintf(stderr, "\n  qhist: %.17g in the wrong bin\n", x);
            bad++;
        }
    }
    CU_ASSERT_EQUAL(bad, 0);
    gsl_rng_free(r);
    qhist_release(&q);
}

static void test_qhist_edges(void)
{
    qhist q;
    qhist_init(&q);
    size_t n = q.h->n - 1;
    int bad = 0;
    /* every edge and both its neighbours: each bin at most 1/256 of its
     * edge wide, and the ranges GSL reads the logarithms of the edges */
    for (size_t i = 0; i <= n && bad < 5; i++) {
        double e = qhist_edge(i);
        double xs[] = {e, nextafter(e, 0), nextafter(e, INFINITY), e * (1 + 0.0038)};
        for (size_t k = 0; k < sizeof xs / sizeof xs[0]; k++)
            if (!right_bin(&q, xs[k])) {
                fprintf(stderr, "\n  qhist: edge %zu, %.17g in the wrong bin\n", i, xs[k]);
                bad++;
            }
        if (i < n && (qhist_edge(i + 1) / e - 1 > 1.0 / 256 || q.h->range[i] != log(e)))
            bad++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_TRUE(qhist_edge(0) <= QHIST_MIN && QHIST_MIN < qhist_edge(QHIST_SPLIT));
    CU_ASSERT_EQUAL(qhist_edge(n), QHIST_MAX);
    /* ends: zero, negative, NaN, infinity, the largest double, the bounds */
    CU_ASSERT_TRUE(right_bin(&q, 0));
    CU_ASSERT_TRUE(right_bin(&q, -1));
    CU_ASSERT_TRUE(right_bin(&q, NAN));
    CU_ASSERT_TRUE(right_bin(&q, INFINITY));
    CU_ASSERT_TRUE(right_bin(&q, 1.7976931348623157e308));
    CU_ASSERT_TRUE(right_bin(&q, nextafter(QHIST_MIN, 0)));
    CU_ASSERT_TRUE(right_bin(&q, QHIST_MIN));
    CU_ASSERT_TRUE(right_bin(&q, QHIST_MAX));
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
            CU_ASSERT_TRUE(fabs(got / exact - 1) <= 0.004);
        }
    }
    /* the zeros were counted apart, every other value binned */
    CU_ASSERT_EQUAL(q.n, N);
    CU_ASSERT_EQUAL(qhist_zeros(&q), N / 10);
    CU_ASSERT_EQUAL(gsl_histogram_sum(q.h), N);
    qhist_reset(&q);
    CU_ASSERT_TRUE(isnan(qhist_quantile(&q, pdf, 0.5)));
    free(x);
    gsl_rng_free(r);
    gsl_histogram_pdf_free(pdf);
    qhist_release(&q);
}

void suite_qhist(void);
void suite_qhist(void)
{
    static const CU_TestInfo tests[] = {
        {"random values land in their bin", test_qhist_random_values},
        {"bin edges and range ends", test_qhist_edges},
        {"quantiles within 0.4%", test_qhist_quantiles},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("qhist", tests);
}
