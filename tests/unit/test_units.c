/*
 * Suite units: numbers into people's units -- no exponent anywhere, one
 * unit per column, percent digits from the interval, small values bounded.
 */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "model/units.h"
#include "testutil.h"

#define EQ(call, want)                                                                  \
    do {                                                                                \
        char b_[UNITS_BUF];                                                             \
        (void)b_;                                                                       \
        const char *got_ = (call);                                                      \
        if (strcmp(got_, want) != 0)                                                    \
            fprintf(stderr, "\n  %s: got '%s', want '%s'\n", #call, got_, want);        \
        CU_ASSERT_STRING_EQUAL(got_, want);                                             \
    } while (0)
#define B b_, sizeof b_

/* 1 when s holds a number in scientific notation (a digit, e, a sign or digit). */
static int has_exponent(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((*p == 'e' || *p == 'E') && p > s && isdigit((unsigned char)p[-1]) &&
            (isdigit((unsigned char)p[1]) || p[1] == '+' || p[1] == '-'))
            return 1;
    return 0;
}

static void test_number(void)
{
    EQ(units_number(B, 7300), "7300");
    EQ(units_number(B, 123456.7), "123457");
    EQ(units_number(B, 12.5), "12.5");
    EQ(units_number(B, 3.0), "3");
    EQ(units_number(B, 0.012345), "0.0123");
    EQ(units_number(B, -4.56), "-4.56");
    EQ(units_number(B, 99.96), "100");
    EQ(units_number(B, 0), "0");
    EQ(units_number(B, 1e-9), "0");
    EQ(units_number(B, -1e-9), "0");
    EQ(units_number(B, NAN), "n/a");
    EQ(units_number(B, INFINITY), "unlimited");
    /* never an exponent, whatever the size */
    char b[UNITS_BUF];
    for (double v = 1e-12; v < 1e15; v *= 7.3) {
        CU_ASSERT_FALSE(has_exponent(units_number(b, sizeof b, v)));
        CU_ASSERT_FALSE(has_exponent(units_duration(b, sizeof b, v)));
        CU_ASSERT_FALSE(has_exponent(units_small(b, sizeof b, v)));
        CU_ASSERT_FALSE(has_exponent(units_percent(b, sizeof b, v / 1e15, -1)));
    }
}

static void test_duration(void)
{
    EQ(units_duration(B, 45), "45 seconds");
    EQ(units_duration(B, 1), "1 second");
    EQ(units_duration(B, 30 * 60), "30 minutes");
    EQ(units_duration(B, 12 * 3600), "12 hours");
    EQ(units_duration(B, 3600 * 36), "36 hours");
    EQ(units_duration(B, 86400 * 3.25), "3.25 days");
    /* the "horizon 7.3e+03 d" */
    EQ(units_duration(B, 7300 * 86400.0), "20 years");
    EQ(units_duration(B, 400 * 86400.0), "400 days");
    EQ(units_duration(B, -20 * 60), "-20 minutes");
    EQ(units_duration(B, NAN), "n/a");
    EQ(units_duration_in(B, 7300 * 86400.0, UNITS_DAY, 0), "7300 days");
    EQ(units_duration_in(B, 86400, UNITS_DAY, 0), "1 day");
    EQ(units_duration_in(B, 12 * 3600, UNITS_BDAY, 8 * 3600), "1.5 business days");
    EQ(units_duration_in(B, 9 * 3600, UNITS_BDAY, 9 * 3600), "1 business day");
    EQ(units_duration_value(B, 5400, UNITS_HOUR, 0), "1.5");
    CU_ASSERT_STRING_EQUAL(units_time_abbr(UNITS_MINUTE), "min");
    CU_ASSERT_STRING_EQUAL(units_time_name(UNITS_HOUR, 1), "hours");
    CU_ASSERT_DOUBLE_EQUAL(units_time_seconds(UNITS_BDAY, 0), 8 * 3600, 0);
}

static void test_pick(void)
{
    /* a column of cycle times: one unit, the median's */
    double col[] = {300, 7200 * 3, 86400, 3600 * 20, NAN, 0, INFINITY};
    CU_ASSERT_EQUAL(units_time_pick(col, 7), UNITS_HOUR);
    double big[] = {7300 * 86400.0, 3650 * 86400.0};
    CU_ASSERT_EQUAL(units_time_pick(big, 2), UNITS_YEAR);
    CU_ASSERT_EQUAL(units_time_pick(NULL, 0), UNITS_SECOND);
    double none[] = {NAN, 0};
    CU_ASSERT_EQUAL(units_time_pick(none, 2), UNITS_SECOND);
    /* signs do not matter: differences are picked by magnitude */
    double diff[] = {-5400, 3000, -9000};
    CU_ASSERT_EQUAL(units_time_pick(diff, 3), UNITS_MINUTE);
}

static void test_percent(void)
{
    EQ(units_percent(B, 0.9954, -1), "99.54 %");
    EQ(units_percent(B, 0.99, -1), "99 %");
    EQ(units_percent(B, 0.5, 1), "50.0 %");
    EQ(units_percent(B, 1, -1), "100 %");
    EQ(units_percent(B, 0, -1), "0 %");
    /* not all, not none: never rounded to 100 % or 0 % */
    EQ(units_percent(B, 0.99999, -1), "99.999 %");
    EQ(units_percent(B, 0.9999999999, -1), "> 99.9999 %");
    EQ(units_percent(B, 0.00003, -1), "0.003 %");
    EQ(units_percent(B, 1e-12, -1), "< 0.0001 %");
    /* the size line: 0.9954 [0.9946, 0.9961] */
    EQ(units_percent_ci(B, 0.9954, 0.9946, 0.9961), "99.54 % [99.46 %, 99.61 %]");
    EQ(units_percent_ci(B, 0.803, 0.778, 0.828), "80.3 % [77.8 %, 82.8 %]");
    EQ(units_percent_ci(B, 1, 1, 1), "100 % [100 %, 100 %]");
    EQ(units_percent_ci(B, 0.5, 0.2, 0.8), "50 % [20 %, 80 %]");
    CU_ASSERT_EQUAL(units_percent_decimals(0.9946, 0.9961), 2);
    CU_ASSERT_EQUAL(units_percent_decimals(NAN, 1), 2);
    CU_ASSERT_EQUAL(units_percent_decimals(0.1, 0.100000001), 4);
}

static void test_small_count(void)
{
    EQ(units_small(B, 1.9e-7), "< 0.001");
    EQ(units_small(B, -1.9e-7), "> -0.001");
    EQ(units_small(B, 0), "0");
    EQ(units_small(B, 0.0123), "0.0123");
    EQ(units_small(B, 2.5), "2.5");
    EQ(units_count(B, 1, "candidate", NULL), "1 candidate");
    EQ(units_count(B, 13, "candidate", NULL), "13 candidates");
    EQ(units_count(B, 1, "person", "people"), "1 person");
    EQ(units_count(B, 0, "person", "people"), "0 people");
    /* a short buffer is cut, terminated */
    char s[6];
    units_duration(s, sizeof s, 7300 * 86400.0);
    CU_ASSERT_STRING_EQUAL(s, "20 ye");
}

void suite_units(void);
void suite_units(void)
{
    static const CU_TestInfo tests[] = {
        {"numbers never take an exponent", test_number},
        {"durations in the unit that fits", test_duration},
        {"a column reads in one unit", test_pick},
        {"percent digits follow the interval", test_percent},
        {"small values, counts", test_small_count},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("units", tests);
}
