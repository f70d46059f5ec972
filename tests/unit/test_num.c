/*
 * Suite num: the one strict number parser -- whole strings only, no
 * wrap-around, overflow and underflow told apart, ranges kept.
 */
#include <float.h>
#include <limits.h>
#include <stdint.h>

#include "model/num.h"
#include "testutil.h"

static void test_long(void)
{
    long v = 0;
    const char *why = NULL;
    CU_ASSERT_EQUAL(num_long("42", 1, 100, &v, &why), 0);
    CU_ASSERT_EQUAL(v, 42);
    CU_ASSERT_EQUAL(num_long("-3", -5, 5, &v, &why), 0);
    CU_ASSERT_EQUAL(v, -3);
    static const struct { const char *s, *why; } bad[] = {
        {"", "is empty"},           {" 4", "starts with a space"},
        {"4 ", "has text after the number"}, {"4x", "has text after the number"},
        {"1e9", "is not a whole number"}, {"2.5", "is not a whole number"},
        {"+4", "is not a whole number"}, {"-1", "is negative"},
        {"101", "is too large"},     {"4294967297", "is too large"},
        {"99999999999999999999999", "is too large"}, {"0", "is too small"},
        {"abc", "is not a whole number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = 7;
        CU_ASSERT_EQUAL(num_long(bad[i].s, 1, 100, &v, &why), -1);
        CU_ASSERT_STRING_EQUAL(why, bad[i].why);
        CU_ASSERT_EQUAL(v, 7); /* untouched */
    }
    CU_ASSERT_EQUAL(num_long("-99999999999999999999999", LONG_MIN, 0, &v, &why), -1);
    CU_ASSERT_STRING_EQUAL(why, "is too small");
}

static void test_u64(void)
{
    unsigned long long v = 0;
    const char *why = NULL;
    CU_ASSERT_EQUAL(num_u64("18446744073709551615", UINT64_MAX, &v, &why), 0);
    CU_ASSERT_EQUAL(v, UINT64_MAX);
    CU_ASSERT_EQUAL(num_u64("18446744073709551616", UINT64_MAX, &v, &why), -1);
    CU_ASSERT_STRING_EQUAL(why, "is too large");
    /* strtoull would wrap -1 to 2^64 - 1 */
    CU_ASSERT_EQUAL(num_u64("-1", UINT64_MAX, &v, &why), -1);
    CU_ASSERT_STRING_EQUAL(why, "is negative");
    CU_ASSERT_EQUAL(num_u64("4000000001", 4000000000ULL, &v, &why), -1);
    CU_ASSERT_STRING_EQUAL(why, "is too large");
}

static void test_double(void)
{
    double v = 0;
    const char *why = NULL;
    /* a subnormal is a positive number (strtod says ERANGE) */
    CU_ASSERT_EQUAL(num_double("4.9e-324", 0, 1, DBL_MAX, &v, &why), 0);
    CU_ASSERT_TRUE(v > 0 && v < DBL_MIN);
    CU_ASSERT_EQUAL(num_double("1e-400", -DBL_MAX, 0, DBL_MAX, &v, &why), -1);
    CU_ASSERT_STRING_EQUAL(why, "is too close to 0 to be represented");
    CU_ASSERT_EQUAL(num_double("1e400", -DBL_MAX, 0, DBL_MAX, &v, &why), -1);
    CU_ASSERT_STRING_EQUAL(why, "is too large");
    CU_ASSERT_EQUAL(num_double("-inf", -DBL_MAX, 0, DBL_MAX, &v, &why), -1);
    CU_ASSERT_STRING_EQUAL(why, "is too small");
    CU_ASSERT_EQUAL(num_double("nan", -DBL_MAX, 0, DBL_MAX, &v, &why), -1);
    CU_ASSERT_STRING_EQUAL(why, "is not a number");
    CU_ASSERT_EQUAL(num_double("0", 0, 1, 1, &v, &why), -1);
    CU_ASSERT_STRING_EQUAL(why, "must be above 0");
    CU_ASSERT_EQUAL(num_double("0.5x", 0, 1, 1, &v, &why), -1);
    CU_ASSERT_STRING_EQUAL(why, "has text after the number");
    CU_ASSERT_EQUAL(num_double("0.25", 0, 1, 1, &v, &why), 0);
    CU_ASSERT_DOUBLE_EQUAL(v, 0.25, 0);
}

void suite_num(void);
void suite_num(void)
{
    static const CU_TestInfo tests[] = {
        {"whole numbers", test_long},
        {"64-bit seeds", test_u64},
        {"decimals: subnormal, underflow, overflow", test_double},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("num", tests);
}
