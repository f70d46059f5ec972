/*
 * Suite erlang: Erlang B and C against hand values and exact rationals
 * (computed with Python's fractions from the defining sums), the M/M/1
 * special case, the unstable edge, and the smallest-c search.
 */
#include <math.h>

#include "sim/erlang.h"
#include "testutil.h"

#define TOL 1e-12

static void test_erlang_b(void)
{
    CU_ASSERT_DOUBLE_EQUAL(erlang_b(0, 3.0), 1.0, TOL);
    /* B(1, a) = a / (1 + a); B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2 */
    CU_ASSERT_DOUBLE_EQUAL(erlang_b(1, 2.0), 2.0 / 3.0, TOL);
    CU_ASSERT_DOUBLE_EQUAL(erlang_b(2, 1.0), 0.2, TOL);
}

static void test_erlang_c_values(void)
{
    /* M/M/1: the probability of waiting is rho */
    CU_ASSERT_DOUBLE_EQUAL(erlang_c(1, 0.5), 0.5, TOL);
    CU_ASSERT_DOUBLE_EQUAL(erlang_c(1, 0.9), 0.9, TOL);
    /* M/M/2 at a = 1: (1/2 * 2) / (1 + 1 + 1) = 1/3 */
    CU_ASSERT_DOUBLE_EQUAL(erlang_c(2, 1.0), 1.0 / 3.0, TOL);
    /* lambda = 4.5/h, mu = 1/h, c = 6 (rho = 0.75): 0.4217, the figure of
     * the benchmark model; exact 0.42165207580582970... */
    CU_ASSERT_DOUBLE_EQUAL(erlang_c(6, 4.5), 0.4216520758058297, TOL);
    CU_ASSERT_DOUBLE_EQUAL(erlang_c(10, 8.0), 0.40918015079644354, TOL);
    /* many servers: the recurrence never forms a^c / c! */
    CU_ASSERT_DOUBLE_EQUAL(erlang_c(500, 480.0), 0.26651251996236414, 1e-10);
}

static void test_erlang_wait(void)
{
    /* W_q = C / (c mu - lambda) = 0.42165 / 1.5 h */
    CU_ASSERT_DOUBLE_EQUAL(erlang_mean_wait(6, 4.5, 1.0), 0.2811013838705531, TOL);
    /* M/M/1: W_q = rho / (mu - lambda) */
    CU_ASSERT_DOUBLE_EQUAL(erlang_mean_wait(1, 0.5, 1.0), 1.0, TOL);
    CU_ASSERT_DOUBLE_EQUAL(erlang_wait_cdf(6, 4.5, 1.0, 0.1), 0.6370806950777392, TOL);
    CU_ASSERT_DOUBLE_EQUAL(erlang_wait_cdf(6, 4.5, 1.0, 0.0), 1 - 0.4216520758058297, TOL);
    /* M/M/1 P(W <= t) = 1 - rho exp(-(mu - lambda) t) */
    CU_ASSERT_DOUBLE_EQUAL(erlang_wait_cdf(1, 0.5, 1.0, 2.0), 1 - 0.5 * exp(-1.0), TOL);
    /* more servers never hurt */
    for (int c = 5; c < 30; c++)
        CU_ASSERT(erlang_wait_cdf(c + 1, 4.5, 1.0, 0.1) > erlang_wait_cdf(c, 4.5, 1.0, 0.1));
}

static void test_erlang_unstable(void)
{
    CU_ASSERT_EQUAL(erlang_c(4, 4.5), 1.0);
    CU_ASSERT_EQUAL(erlang_c(4, 4.0), 1.0);
    CU_ASSERT_EQUAL(erlang_wait_cdf(4, 4.5, 1.0, 10.0), 0.0);
    CU_ASSERT(isinf(erlang_mean_wait(4, 4.0, 1.0)));
    CU_ASSERT_DOUBLE_EQUAL(erlang_offered_load(4.5, 0.5), 9.0, TOL);
}

static void test_erlang_smallest(void)
{
    /* P(W <= 6 min) at lambda 4.5/h, mu 1/h: c=6 0.637, 7 0.831, 8 0.927, 9 0.971 */
    CU_ASSERT_EQUAL(erlang_smallest_c(4.5, 1.0, 0.1, 0.6, 100), 6);
    CU_ASSERT_EQUAL(erlang_smallest_c(4.5, 1.0, 0.1, 0.8, 100), 7);
    CU_ASSERT_EQUAL(erlang_smallest_c(4.5, 1.0, 0.1, 0.9, 100), 8);
    CU_ASSERT_EQUAL(erlang_smallest_c(4.5, 1.0, 0.1, 0.95, 100), 9);
    CU_ASSERT_EQUAL(erlang_smallest_c(4.5, 1.0, 0.1, 0.95, 8), -1);
    /* target 0 is met by the first stable count */
    CU_ASSERT_EQUAL(erlang_smallest_c(4.5, 1.0, 0.1, 0.0, 100), 5);
}

void suite_erlang(void);
void suite_erlang(void)
{
    static const CU_TestInfo tests[] = {
        {"erlang B hand values", test_erlang_b},
        {"erlang C hand and exact values", test_erlang_c_values},
        {"wait distribution and mean", test_erlang_wait},
        {"unstable load", test_erlang_unstable},
        {"smallest c meeting a target", test_erlang_smallest},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("erlang", tests);
}
