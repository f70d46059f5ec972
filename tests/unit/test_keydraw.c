/*
 * Suite keydraw: the number drawn straight from the cipher is the one
 * Random123's GSL adaptor gives after a reset to the same counter -- for
 * gsl_rng_uniform, and through dist_draw for the exponential law, which
 * the engine draws each way -- so skipping the adaptor changes no result.
 */
#include <math.h>
#include <stdint.h>

#include <Random123/gsl_microrng.h>
#include <Random123/philox.h>
#include <gsl/gsl_rng.h>

#include "sim/dist.h"
#include "sim/keydraw.h"
#include "sim/plan.h"
#include "testutil.h"

/* the adaptor, as the engine sets it up */
GSL_MICRORNG(test_philox, philox2x64);

static gsl_rng *at(gsl_rng *r, uint64_t key)
{
    philox2x64_ctr_t c = {{key, 0}};
    philox2x64_key_t k = {{0}};
    test_philox_reset(r, c, k);
    return r;
}

/* keys as the engine makes them: mixed seeds, and small structured ones */
static uint64_t key_of(int i)
{
    return i % 2 ? plan_mix1((uint64_t)i) : (uint64_t)i;
}

static void test_keydraw_uniform(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_test_philox);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int bad = 0;
    double lo = 1, hi = 0;
    for (int i = 0; i < 200000; i++) {
        double u = keydraw_uniform(key_of(i));
        bad += u != gsl_rng_uniform(at(r, key_of(i)));
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
    }
    CU_ASSERT_EQUAL(bad, 0);
    /* and the numbers spread over [0, 1) */
    CU_ASSERT_TRUE(lo >= 0 && lo < 1e-4 && hi < 1 && hi > 1 - 1e-4);
    gsl_rng_free(r);
}

static void test_keydraw_exponential(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_test_philox);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    dist d;
    char err[200];
    CU_ASSERT_EQUAL_FATAL(dist_init(&d, DIST_EXPONENTIAL, (double[]){1.5}, 1, 3600, err, sizeof err), 0);
    int bad = 0;
    for (int i = 0; i < 200000; i++) {
        double u = keydraw_uniform(key_of(i));
        if (u > 0)
            bad += dist_exponential_at(&d, u) != dist_draw(&d, at(r, key_of(i)));
    }
    CU_ASSERT_EQUAL(bad, 0);
    dist_release(&d);
    gsl_rng_free(r);
}

void suite_keydraw(void);
void suite_keydraw(void)
{
    static const CU_TestInfo tests[] = {
        {"the adaptor's first uniform", test_keydraw_uniform},
        {"exponential draws as dist_draw's", test_keydraw_exponential},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("keydraw", tests);
}
