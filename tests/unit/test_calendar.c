/*
 * Suite calendar: working windows, holidays, 24x7, US federal holidays,
 * the work arithmetic (against hand computations, a minute-stepping
 * reference and the add_work / work_between identity on random
 * calendars), ISO 8601 durations and dates.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "sim/calendar.h"
#include "testutil.h"

#define H 3600.0
#define DAY 86400.0

static gsl_rng *new_rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    return r;
}

static double at(const char *s)
{
    double t = NAN;
    CU_ASSERT_EQUAL_FATAL(calendar_parse_datetime(s, &t), 0);
    return t;
}

/* Mon-Fri 09:00-17:00 */
static calendar *office(void)
{
    calendar *c = calendar_new("office");
    for (int wd = 0; wd < 5; wd++)
        CU_ASSERT_EQUAL(calendar_add_window(c, wd, 9 * 60, 17 * 60), 0);
    return c;
}

static void test_hand_cases(void)
{
    calendar *c = office();
    CU_ASSERT_STRING_EQUAL(calendar_name(c), "office");
    /* 2026-01-02 is a Friday: 1 h that day, 8 h on Monday, 1 h on Tuesday */
    double fri16 = at("2026-01-02T16:00");
    CU_ASSERT_EQUAL(calendar_weekday(fri16), 4);
    CU_ASSERT_EQUAL(calendar_add_work(c, fri16, 10 * H), at("2026-01-06T10:00"));
    /* ending exactly at closing time stays on Friday */
    CU_ASSERT_EQUAL(calendar_add_work(c, fri16, 1 * H), at("2026-01-02T17:00"));
    CU_ASSERT_EQUAL(calendar_add_work(c, fri16, 1 * H + 1), at("2026-01-05T09:00") + 1);
    /* started on a Saturday, work waits for Monday */
    CU_ASSERT_EQUAL(calendar_add_work(c, at("2026-01-03T11:00"), 1 * H), at("2026-01-05T10:00"));
    CU_ASSERT_EQUAL(calendar_add_work(c, at("2026-01-03T11:00"), 0), at("2026-01-05T09:00"));
    CU_ASSERT_EQUAL(calendar_add_work(c, at("2026-01-07T11:00"), 0), at("2026-01-07T11:00"));
    CU_ASSERT_EQUAL(calendar_next_open(c, at("2026-01-03T11:00")), at("2026-01-05T09:00"));
    CU_ASSERT_EQUAL(calendar_next_open(c, at("2026-01-05T12:30")), at("2026-01-05T12:30"));
    CU_ASSERT_EQUAL(calendar_next_open(c, at("2026-01-05T17:00")), at("2026-01-06T09:00"));
    CU_ASSERT_TRUE(calendar_is_working(c, at("2026-01-05T09:00")));
    CU_ASSERT_FALSE(calendar_is_working(c, at("2026-01-05T17:00")));
    CU_ASSERT_FALSE(calendar_is_working(c, at("2026-01-05T08:59:59")));
    CU_ASSERT_FALSE(calendar_is_working(c, at("2026-01-04T12:00")));
    /* fractions of a second count */
    double mon9 = at("2026-01-05T09:00");
    CU_ASSERT_EQUAL(calendar_add_work(c, mon9 + 0.5, 1 * H), mon9 + 0.5 + 1 * H);
    CU_ASSERT_EQUAL(calendar_work_between(c, mon9 + 0.5, mon9 + 8 * H), 8 * H - 0.5);
    CU_ASSERT_EQUAL(calendar_work_between(c, mon9 - 0.5, mon9 + 0.25), 0.25);
    /* one week: 5 x 8 h */
    CU_ASSERT_EQUAL(calendar_work_between(c, at("2026-01-05"), at("2026-01-12")), 40 * H);
    CU_ASSERT_EQUAL(calendar_work_between(c, fri16, at("2026-01-06T10:00")), 10 * H);
    CU_ASSERT_EQUAL(calendar_work_between(c, at("2026-01-06"), at("2026-01-05")), 0);
    CU_ASSERT_DOUBLE_EQUAL(calendar_working_fraction(c), 40.0 / 168.0, 1e-15);
    CU_ASSERT_EQUAL(calendar_business_day(c), 8 * H);

    /* a Monday holiday pushes the end to Wednesday */
    CU_ASSERT_EQUAL(calendar_add_holiday(c, 2026, 1, 5), 0);
    CU_ASSERT_EQUAL(calendar_add_work(c, fri16, 10 * H), at("2026-01-07T10:00"));
    CU_ASSERT_EQUAL(calendar_next_open(c, at("2026-01-03T11:00")), at("2026-01-06T09:00"));
    CU_ASSERT_FALSE(calendar_is_working(c, at("2026-01-05T12:00")));
    CU_ASSERT_EQUAL(calendar_work_between(c, at("2026-01-05"), at("2026-01-12")), 32 * H);
    /* holidays do not change the ordinary week */
    CU_ASSERT_DOUBLE_EQUAL(calendar_working_fraction(c), 40.0 / 168.0, 1e-15);
    calendar_free(c);
    calendar_free(NULL);
}

static void test_windows(void)
{
    calendar *c = calendar_new("split");
    CU_ASSERT_EQUAL(calendar_add_window(c, 0, 9 * 60, 12 * 60), 0);
    CU_ASSERT_EQUAL(calendar_add_window(c, 0, 11 * 60, 13 * 60), 0); /* overlaps: merges */
    CU_ASSERT_EQUAL(calendar_add_window(c, 0, 14 * 60, 18 * 60), 0);
    CU_ASSERT_EQUAL(calendar_add_window(c, 0, 22 * 60, 1440), 0);
    CU_ASSERT_EQUAL(calendar_add_window(c, 1, 0, 2 * 60), 0);
    CU_ASSERT_EQUAL(calendar_add_window(c, 7, 0, 60), -1);
    CU_ASSERT_EQUAL(calendar_add_window(c, -1, 0, 60), -1);
    CU_ASSERT_EQUAL(calendar_add_window(c, 2, 600, 600), -1);
    CU_ASSERT_EQUAL(calendar_add_window(c, 2, -5, 600), -1);
    CU_ASSERT_EQUAL(calendar_add_window(c, 2, 0, 1441), -1);
    /* Monday 4 + 4 + 2 h, Tuesday 2 h, over two working weekdays */
    CU_ASSERT_DOUBLE_EQUAL(calendar_working_fraction(c), 12 * H / (7 * DAY), 1e-15);
    CU_ASSERT_EQUAL(calendar_business_day(c), 6 * H);
    /* 2026-01-05 is a Monday: 12:30 + 30 min reaches 13:00, the lunch
     * break waits, then the night window carries over midnight */
    double mon = at("2026-01-05");
    CU_ASSERT_EQUAL(calendar_add_work(c, mon + 12.5 * H, 1 * H), mon + 14.5 * H);
    CU_ASSERT_EQUAL(calendar_add_work(c, mon + 23 * H, 2 * H), mon + 25 * H);
    CU_ASSERT_EQUAL(calendar_add_work(c, mon + 1 * DAY + 2 * H, 1 * H), mon + 7 * DAY + 10 * H);
    calendar_free(c);
}

static void test_always_and_empty(void)
{
    calendar *c = calendar_new("24x7"), *e = calendar_new("never");
    calendar_set_always(c);
    CU_ASSERT_EQUAL(calendar_working_fraction(c), 1);
    CU_ASSERT_EQUAL(calendar_business_day(c), 24 * H);
    gsl_rng *r = new_rng(7);
    for (int i = 0; i < 1000; i++) {
        double t = gsl_ran_flat(r, 0, 2e9), w = gsl_ran_flat(r, 0, 1e8);
        CU_ASSERT_EQUAL(calendar_add_work(c, t, w), t + w);
        CU_ASSERT_EQUAL(calendar_work_between(c, t, t + w), (t + w) - t);
        CU_ASSERT_TRUE(calendar_is_working(c, t));
        CU_ASSERT_EQUAL(calendar_next_open(c, t), t);
    }
    gsl_rng_free(r);
    /* a holiday still applies: ten days of work across it take eleven */
    double t = at("2026-07-01T08:00");
    CU_ASSERT_EQUAL(calendar_add_holiday(c, 2026, 7, 4), 0);
    CU_ASSERT_EQUAL(calendar_add_work(c, t, 10 * DAY), t + 11 * DAY);
    CU_ASSERT_EQUAL(calendar_next_open(c, at("2026-07-04T08:00")), at("2026-07-05"));

    /* no working time: never done, never hangs */
    CU_ASSERT_EQUAL(calendar_add_work(e, t, 1), INFINITY);
    CU_ASSERT_EQUAL(calendar_add_work(e, t, 0), INFINITY);
    CU_ASSERT_EQUAL(calendar_next_open(e, t), INFINITY);
    CU_ASSERT_EQUAL(calendar_work_between(e, t, t + 1e9), 0);
    CU_ASSERT_EQUAL(calendar_working_fraction(e), 0);
    CU_ASSERT_EQUAL(calendar_business_day(e), 0);
    CU_ASSERT_FALSE(calendar_is_working(e, t));
    /* infinite work or start is never done */
    CU_ASSERT_EQUAL(calendar_add_work(c, t, INFINITY), INFINITY);
    CU_ASSERT_EQUAL(calendar_add_work(c, INFINITY, 5), INFINITY);
    CU_ASSERT_EQUAL(calendar_next_open(c, INFINITY), INFINITY);
    calendar_free(c);
    calendar_free(e);
}

/* The days off of `year` on a 24x7 calendar with the federal holidays of
 * first..last, as "MM-DD" strings in order. */
static int days_off(int first, int last, int year, int (*out)[2])
{
    calendar *c = calendar_new("us");
    calendar_set_always(c);
    calendar_add_us_federal_holidays(c, first, last);
    char buf[64];
    snprintf(buf, sizeof buf, "%04d-01-01T12:00", year);
    double t = at(buf);
    int n = 0;
    for (int d = 0; d < 366; d++, t += DAY) {
        time_t tt = (time_t)t;
        struct tm tm;
        gmtime_r(&tt, &tm);
        if (tm.tm_year + 1900 != year)
            break;
        if (!calendar_is_working(c, t)) {
            out[n][0] = tm.tm_mon + 1;
            out[n][1] = tm.tm_mday;
            n++;
        }
    }
    calendar_free(c);
    return n;
}

static void expect_days(int (*got)[2], int n, const int (*want)[2], int nwant)
{
    CU_ASSERT_EQUAL(n, nwant);
    for (int i = 0; i < n && i < nwant; i++) {
        CU_ASSERT_EQUAL(got[i][0], want[i][0]);
        CU_ASSERT_EQUAL(got[i][1], want[i][1]);
    }
}

static void test_us_federal(void)
{
    int got[32][2];
    /* OPM's lists of federal holidays for 2026 and 2027 */
    static const int y2026[][2] = {{1, 1},  {1, 19}, {2, 16},  {5, 25},  {6, 19}, {7, 3},
                                   {9, 7},  {10, 12}, {11, 11}, {11, 26}, {12, 25}};
    static const int y2027[][2] = {{1, 1},  {1, 18},  {2, 15},  {5, 31},  {6, 18}, {7, 5},
                                   {9, 6},  {10, 11}, {11, 11}, {11, 25}, {12, 24}};
    expect_days(got, days_off(2026, 2026, 2026, got), y2026, 11);
    expect_days(got, days_off(2027, 2027, 2027, got), y2027, 11);
    /* 2028-01-01 is a Saturday: observed on 2027-12-31 */
    int n = days_off(2027, 2028, 2027, got);
    CU_ASSERT_EQUAL(n, 12);
    CU_ASSERT_TRUE(n == 12 && got[11][0] == 12 && got[11][1] == 31);
    /* Juneteenth only from 2021 (observed Friday 18 June that year) */
    n = days_off(2020, 2021, 2020, got);
    CU_ASSERT_EQUAL(n, 10);
    n = days_off(2021, 2021, 2021, got);
    int has_jun18 = 0;
    for (int i = 0; i < n; i++)
        has_jun18 |= got[i][0] == 6 && got[i][1] == 18;
    CU_ASSERT_TRUE(has_jun18);

    /* 2026 has 261 weekdays and all 11 holidays fall on them: 250 x 8 h,
     * across a span that add_work and work_between jump by whole weeks */
    calendar *c = office();
    calendar_add_us_federal_holidays(c, 2025, 2027);
    double y0 = at("2026-01-01"), y1 = at("2027-01-01");
    CU_ASSERT_EQUAL(calendar_work_between(c, y0, y1), 250 * 8 * H);
    /* the last working hour of 2026 ends Thursday 31 December at 17:00 */
    CU_ASSERT_EQUAL(calendar_add_work(c, y0, 250 * 8 * H), at("2026-12-31T17:00"));
    CU_ASSERT_EQUAL(calendar_add_work(c, y0, 250 * 8 * H + 1), at("2027-01-04T09:00") + 1);
    calendar_free(c);
}

static void test_holiday_dates(void)
{
    calendar *c = calendar_new("h");
    CU_ASSERT_EQUAL(calendar_add_holiday(c, 2026, 2, 29), -1);
    CU_ASSERT_EQUAL(calendar_add_holiday(c, 2024, 2, 29), 0);
    CU_ASSERT_EQUAL(calendar_add_holiday(c, 1900, 2, 29), -1);
    CU_ASSERT_EQUAL(calendar_add_holiday(c, 2000, 2, 29), 0);
    CU_ASSERT_EQUAL(calendar_add_holiday(c, 2026, 13, 1), -1);
    CU_ASSERT_EQUAL(calendar_add_holiday(c, 2026, 0, 1), -1);
    CU_ASSERT_EQUAL(calendar_add_holiday(c, 2026, 4, 31), -1);
    CU_ASSERT_EQUAL(calendar_add_holiday(c, 2026, 4, 0), -1);
    CU_ASSERT_EQUAL(calendar_add_holiday(c, 2024, 2, 29), 0); /* twice is once */
    calendar_set_always(c);
    CU_ASSERT_EQUAL(calendar_work_between(c, at("2024-02-28"), at("2024-03-02")), 2 * DAY);
    calendar_free(c);
}

static void test_durations(void)
{
    static const struct {
        const char *s;
        double sec;
    } good[] = {
        {"P1D", DAY},          {"PT12H", 12 * H},     {"P2DT3H30M", 2 * DAY + 3.5 * H},
        {"PT45S", 45},         {"P1W", 7 * DAY},      {"P1M", 30 * DAY},
        {"PT1M", 60},          {"P1Y", 365 * DAY},    {"P1Y2M3DT4H5M6S", 365 * DAY + 60 * DAY
                                                          + 3 * DAY + 4 * H + 5 * 60 + 6},
        {"PT0.5H", 0.5 * H},   {"PT1,5M", 90},        {"PT0S", 0},
        {"P1DT0.25S", DAY + 0.25},
    };
    static const char *bad[] = {
        "", "P", "PT", "P1DT", "1D", "P1H", "PT1D", "P1D2Y", "PT1H1H", "P-1D", "P1.5DT1H",
        "p1d", "P 1D", "P1D ", "PT1HT1M", "P1.D", "P.5D", "P1X", "PTT1H", "P1W1W",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double v = -1;
        CU_ASSERT_EQUAL(calendar_parse_duration(good[i].s, &v), 0);
        CU_ASSERT_DOUBLE_EQUAL(v, good[i].sec, 1e-9);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v = -1;
        CU_ASSERT_EQUAL(calendar_parse_duration(bad[i], &v), -1);
        CU_ASSERT_EQUAL(v, -1);
    }
    CU_ASSERT_EQUAL(calendar_parse_duration(NULL, NULL), -1);
}

static void test_datetimes(void)
{
    double t = -1;
    CU_ASSERT_EQUAL(calendar_parse_datetime("1970-01-01", &t), 0);
    CU_ASSERT_EQUAL(t, 0);
    CU_ASSERT_EQUAL(calendar_weekday(t), 3); /* a Thursday */
    CU_ASSERT_EQUAL(calendar_parse_datetime("1969-12-31T23:59:59", &t), 0);
    CU_ASSERT_EQUAL(t, -1);
    CU_ASSERT_EQUAL(calendar_weekday(t), 2);
    /* 56 years with 14 leap days to 2026-01-01 */
    CU_ASSERT_EQUAL(calendar_parse_datetime("2026-01-02T16:00", &t), 0);
    CU_ASSERT_EQUAL(t, (56 * 365 + 14 + 1) * DAY + 16 * H);
    static const char *bad[] = {
        "", "2026", "2026-1-02", "2026-01-2", "2026-13-01", "2026-02-29", "0000-01-01",
        "2026-01-02T25:00", "2026-01-02T10:60", "2026-01-02T10:00:60", "2026-01-02T10",
        "2026-01-02T10:00Z", "2026-01-02 10:00", "2026-01-02T", "2026-01-02T10:00:", "x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = -7;
        CU_ASSERT_EQUAL(calendar_parse_datetime(bad[i], &t), -1);
        CU_ASSERT_EQUAL(t, -7);
    }
    /* against the C library's UTC arithmetic (timegm) on random instants */
    gsl_rng *r = new_rng(11);
    for (int i = 0; i < 2000; i++) {
        struct tm tm = {0};
        tm.tm_year = 1800 + (int)gsl_rng_uniform_int(r, 500) - 1900;
        tm.tm_mon = (int)gsl_rng_uniform_int(r, 12);
        tm.tm_mday = 1 + (int)gsl_rng_uniform_int(r, 28);
        tm.tm_hour = (int)gsl_rng_uniform_int(r, 24);
        tm.tm_min = (int)gsl_rng_uniform_int(r, 60);
        tm.tm_sec = (int)gsl_rng_uniform_int(r, 60);
        char buf[80];
        snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        time_t want = timegm(&tm);
        CU_ASSERT_EQUAL(calendar_parse_datetime(buf, &t), 0);
        CU_ASSERT_EQUAL(t, (double)want);
        CU_ASSERT_EQUAL(calendar_weekday(t), (tm.tm_wday + 6) % 7);
    }
    gsl_rng_free(r);
}

/* A random calendar: 0-3 windows per weekday on whole minutes, maybe
 * 24x7, maybe a handful of holidays in 2025-2027. */
static calendar *random_calendar(gsl_rng *r)
{
    calendar *c = calendar_new("random");
    if (gsl_rng_uniform(r) < 0.1) {
        calendar_set_always(c);
    } else {
        int any = 0;
        while (!any)
            for (int wd = 0; wd < 7; wd++) {
                int n = (int)gsl_rng_uniform_int(r, 4);
                for (int k = 0; k < n; k++) {
                    int a = (int)gsl_rng_uniform_int(r, 1440), b = (int)gsl_rng_uniform_int(r, 1440);
                    if (a != b) {
                        CU_ASSERT_EQUAL(calendar_add_window(c, wd, a < b ? a : b, a < b ? b : a), 0);
                        any = 1;
                    }
                }
            }
    }
    int nh = gsl_rng_uniform(r) < 0.3 ? 0 : (int)gsl_rng_uniform_int(r, 40);
    for (int i = 0; i < nh; i++)
        calendar_add_holiday(c, 2025 + (int)gsl_rng_uniform_int(r, 3),
                             1 + (int)gsl_rng_uniform_int(r, 12), 1 + (int)gsl_rng_uniform_int(r, 28));
    if (gsl_rng_uniform(r) < 0.2)
        calendar_add_us_federal_holidays(c, 2025, 2030);
    return c;
}

/* Property: work_between(t, add_work(t, w)) == w, the end is no earlier
 * than t, and no earlier end would have done the work.  The
 * identity holds up to rounding: each function adds or subtracts a
 * fractional amount a handful of times at magnitudes up to |end| and w,
 * so 16 ulps of those bound the difference. */
static void test_identity_random(void)
{
    gsl_rng *r = new_rng(2026);
    double t0 = at("2025-01-01");
    int checked = 0;
    for (int k = 0; k < 300; k++) {
        calendar *c = random_calendar(r);
        double week = calendar_working_fraction(c) * 7 * DAY;
        for (int i = 0; i < 40; i++) {
            double t = t0 + gsl_ran_flat(r, 0, 3 * 365 * DAY);
            /* from minutes to decades of work, so that long spans jump weeks */
            double w = week * exp(gsl_ran_flat(r, log(1e-4), log(3000)));
            double e = calendar_add_work(c, t, w);
            CU_ASSERT_FATAL(isfinite(e) && e >= t);
            double got = calendar_work_between(c, t, e);
            double tol = 16 * DBL_EPSILON * (fabs(e) + w);
            if (fabs(got - w) > tol)
                printf("\n  identity: t=%.17g w=%.17g end=%.17g work=%.17g\n", t, w, e, got);
            CU_ASSERT(fabs(got - w) <= tol);
            /* the end is the earliest such instant */
            if (e > t)
                CU_ASSERT(calendar_work_between(c, t, e - 1e-3) < w);
            checked++;
        }
        calendar_free(c);
    }
    CU_ASSERT_EQUAL(checked, 300 * 40);
    gsl_rng_free(r);
}

/* Against a reference that knows nothing but is_working: on whole
 * minutes, working-ness is constant over each minute, so stepping minute
 * by minute gives add_work and work_between exactly. */
static void test_minute_reference(void)
{
    gsl_rng *r = new_rng(42);
    double t0 = at("2025-12-01");
    int compared = 0;
    for (int k = 0; k < 60; k++) {
        calendar *c = random_calendar(r);
        for (int i = 0; i < 4; i++) {
            double t = t0 + 60.0 * (double)gsl_rng_uniform_int(r, 400 * 1440);
            int minutes = 1 + (int)gsl_rng_uniform_int(r, 3 * 1440);
            double want = NAN;
            int done = 0;
            for (int m = 0; m < 45 * 1440; m++) {
                done += calendar_is_working(c, t + 60.0 * m + 30);
                if (done == minutes) {
                    want = t + 60.0 * (m + 1);
                    break;
                }
            }
            if (isnan(want))
                continue; /* needs more than 45 days: beyond the reference */
            CU_ASSERT_EQUAL(calendar_add_work(c, t, 60.0 * minutes), want);
            /* and the working minutes in a random span */
            int span = (int)gsl_rng_uniform_int(r, 20 * 1440), count = 0;
            for (int m = 0; m < span; m++)
                count += calendar_is_working(c, t + 60.0 * m + 30);
            CU_ASSERT_EQUAL(calendar_work_between(c, t, t + 60.0 * span), 60.0 * count);
            compared++;
        }
        calendar_free(c);
    }
    CU_ASSERT(compared >= 100);
    gsl_rng_free(r);
}

/* Long spans on a thin calendar finish (by jumping weeks) and stay exact:
 * one minute a week for 10^7 minutes of work is about 190 000 years. */
static void test_long_spans(void)
{
    calendar *c = calendar_new("thin");
    CU_ASSERT_EQUAL(calendar_add_window(c, 0, 9 * 60, 9 * 60 + 1), 0);
    calendar_add_us_federal_holidays(c, 1970, 2200);
    double t = at("2026-01-01"), w = 60e7;
    double e = calendar_add_work(c, t, w);
    CU_ASSERT_TRUE(isfinite(e));
    /* a whole number of minutes: the end is a Monday at 09:01 */
    CU_ASSERT_EQUAL(calendar_weekday(e), 0);
    CU_ASSERT_EQUAL(fmod(e, DAY), 9 * H + 60);
    CU_ASSERT_EQUAL(calendar_work_between(c, t, e), w);
    /* the Monday holidays up to 2200 (MLK, Washington, Memorial, Labor,
     * Columbus, Sunday dates observed) each cost a week */
    CU_ASSERT_TRUE(e - t > (w / 60) * 7 * DAY);
    calendar_free(c);
}

void suite_calendar(void);
void suite_calendar(void)
{
    static const CU_TestInfo tests[] = {
        {"office hours by hand", test_hand_cases},
        {"windows merge, split days, midnight", test_windows},
        {"24x7 and empty calendars", test_always_and_empty},
        {"US federal holidays", test_us_federal},
        {"holiday dates", test_holiday_dates},
        {"ISO 8601 durations", test_durations},
        {"date-times", test_datetimes},
        {"add_work/work_between identity", test_identity_random},
        {"minute-stepping reference", test_minute_reference},
        {"long spans", test_long_spans},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("calendar", tests);
}
