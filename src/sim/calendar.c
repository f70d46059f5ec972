/*
 * calendar: working time arithmetic on local seconds since 1970-01-01.
 *
 * A calendar is seven lists of disjoint working intervals (seconds after
 * midnight, one list per weekday, merged on insertion) plus a sorted array
 * of holidays as day numbers (days since 1970-01-01) for binary search.
 * Dates go through Howard Hinnant's days-from-civil arithmetic so that
 * nothing depends on the C library's time zone (no mktime, no TZ).
 *
 * Long spans never step day by day: whole weeks are jumped at once, with
 * the work of the holidays inside the jumped weeks given back, so the cost
 * of add_work and work_between grows with the number of holidays passed,
 * not with the length of the span.
 */
#include "calendar.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"

#define DAY 86400.0
#define WEEK (7 * DAY)
/* Beyond this many seconds (about 31 million years) day numbers and
 * sub-second precision are no longer trustworthy: treat as never. */
#define TIME_LIMIT 1e15

typedef struct interval {
    int from, to; /* seconds after local midnight, from < to <= 86400 */
} interval;

struct calendar {
    char *name;
    interval *win[7];
    int nwin[7], capwin[7];
    double daywork[7]; /* working seconds of each weekday */
    double weekwork;   /* of an ordinary week */
    int64_t *hol;      /* sorted, unique day numbers */
    size_t nhol, caphol;
};

/* ---- civil dates ---------------------------------------------------- */

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floordiv(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* 0 = Monday; 1970-01-01 was a Thursday. */
static int day_weekday(int64_t day)
{
    return (int)(day + 3 - 7 * floordiv(day + 3, 7));
}

/* Monday of the week holding day. */
static int64_t day_monday(int64_t day)
{
    return day - day_weekday(day);
}

static int64_t day_of(double t)
{
    return (int64_t)floor(t / DAY);
}

int calendar_weekday(double t)
{
    if (!isfinite(t) || fabs(t) > TIME_LIMIT)
        return 0;
    return day_weekday(day_of(t));
}

/* ---- set-up ---------------------------------------------------------- */

calendar *calendar_new(const char *name)
{
    calendar *c = alloc_zero(1, sizeof *c);
    if (!c)
        goto fail;
    c->name = alloc_strdup(name ? name : "");
    if (!c->name)
        goto fail;
    return c;
fail:
    calendar_free(c);
    return NULL;
}

void calendar_free(calendar *c)
{
    if (!c)
        return;
    for (int i = 0; i < 7; i++)
        free(c->win[i]);
    free(c->hol);
    free(c->name);
    free(c);
}

const char *calendar_name(const calendar *c)
{
    return c->name;
}

static void *grow(void *p, int *cap, size_t size)
{
    int ncap = *cap ? 2 * *cap : 4;
    void *q = alloc_resize(p, (size_t)ncap * size, 1);
    *cap = ncap;
    return q;
}

static int interval_cmp(const void *a, const void *b)
{
    const interval *x = a, *y = b;
    return (x->from > y->from) - (x->from < y->from);
}

/* Sorts a weekday's windows and merges overlapping or touching ones. */
static void normalise_day(calendar *c, int wd)
{
    interval *w = c->win[wd];
    int n = c->nwin[wd], k = 0;
    qsort(w, (size_t)n, sizeof *w, interval_cmp);
    for (int i = 0; i < n; i++) {
        if (k > 0 && w[i].from <= w[k - 1].to) {
            if (w[i].to > w[k - 1].to)
                w[k - 1].to = w[i].to;
        } else {
            w[k++] = w[i];
        }
    }
    c->nwin[wd] = k;
    double sum = 0;
    for (int i = 0; i < k; i++)
        sum += w[i].to - w[i].from;
    c->daywork[wd] = sum;
    c->weekwork = 0;
    for (int i = 0; i < 7; i++)
        c->weekwork += c->daywork[i];
}

static void add_seconds_window(calendar *c, int wd, int from, int to)
{
    if (c->nwin[wd] == c->capwin[wd])
        c->win[wd] = grow(c->win[wd], &c->capwin[wd], sizeof(interval));
    c->win[wd][c->nwin[wd]++] = (interval){from, to};
    normalise_day(c, wd);
}

int calendar_add_window(calendar *c, int weekday, int from_min, int to_min)
{
    if (weekday < 0 || weekday > 6 || from_min < 0 || to_min > 1440 || from_min >= to_min)
        return -1;
    add_seconds_window(c, weekday, from_min * 60, to_min * 60);
    return 0;
}

void calendar_set_always(calendar *c)
{
    for (int wd = 0; wd < 7; wd++)
        add_seconds_window(c, wd, 0, 86400);
}

static size_t holiday_lower_bound(const calendar *c, int64_t day)
{
    size_t lo = 0, hi = c->nhol;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->hol[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int is_holiday(const calendar *c, int64_t day)
{
    size_t i = holiday_lower_bound(c, day);
    return i < c->nhol && c->hol[i] == day;
}

static void add_holiday_day(calendar *c, int64_t day)
{
    size_t i = holiday_lower_bound(c, day);
    if (i < c->nhol && c->hol[i] == day)
        return;
    if (c->nhol == c->caphol) {
        size_t ncap = c->caphol ? 2 * c->caphol : 16;
        int64_t *p = alloc_resize(c->hol, ncap * sizeof *p, 1);
        c->hol = p;
        c->caphol = ncap;
    }
    memmove(c->hol + i + 1, c->hol + i, (c->nhol - i) * sizeof *c->hol);
    c->hol[i] = day;
    c->nhol++;
}

int calendar_add_holiday(calendar *c, int year, int month, int day)
{
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month))
        return -1;
    add_holiday_day(c, days_from_civil(year, month, day));
    return 0;
}

/* Day number of the n-th (1-based) weekday wd of a month; n = -1 is the last. */
static int64_t nth_weekday(int year, int month, int wd, int n)
{
    if (n > 0) {
        int64_t first = days_from_civil(year, month, 1);
        return first + (wd - day_weekday(first) + 7) % 7 + 7 * (n - 1);
    }
    int64_t last = days_from_civil(year, month, days_in_month(year, month));
    return last - (day_weekday(last) - wd + 7) % 7;
}

/* A fixed-date holiday moves to Friday from a Saturday and to Monday from
 * a Sunday (5 U.S.C. 6103(b), Executive Order 11582). */
static int64_t observed(int year, int month, int day)
{
    int64_t d = days_from_civil(year, month, day);
    int wd = day_weekday(d);
    return wd == 5 ? d - 1 : wd == 6 ? d + 1 : d;
}

/* The rules of 5 U.S.C. 6103 since the Uniform Monday Holiday Act (1971);
 * earlier years get the same rules, which is not their history. */
void calendar_add_us_federal_holidays(calendar *c, int first, int last)
{
    if (first < 1)
        first = 1;
    if (last > 9999)
        last = 9999;
    for (int y = first; y <= last; y++) {
        add_holiday_day(c, observed(y, 1, 1));
        if (y >= 1986)
            add_holiday_day(c, nth_weekday(y, 1, 0, 3)); /* Martin Luther King Jr. */
        add_holiday_day(c, nth_weekday(y, 2, 0, 3));     /* Washington's Birthday */
        add_holiday_day(c, nth_weekday(y, 5, 0, -1));    /* Memorial Day */
        if (y >= 2021)
            add_holiday_day(c, observed(y, 6, 19));      /* Juneteenth */
        add_holiday_day(c, observed(y, 7, 4));
        add_holiday_day(c, nth_weekday(y, 9, 0, 1));     /* Labor Day */
        add_holiday_day(c, nth_weekday(y, 10, 0, 2));    /* Columbus Day */
        if (y >= 1971 && y <= 1977)
            add_holiday_day(c, nth_weekday(y, 10, 0, 4)); /* Veterans Day then */
        else
            add_holiday_day(c, observed(y, 11, 11));
        add_holiday_day(c, nth_weekday(y, 11, 3, 4));    /* Thanksgiving */
        add_holiday_day(c, observed(y, 12, 25));
    }
}

/* ---- queries --------------------------------------------------------- */

/* Working seconds on day number `day` inside [lo, hi) seconds of that day. */
static double day_work_in(const calendar *c, int64_t day, double lo, double hi)
{
    if (hi <= lo || is_holiday(c, day))
        return 0;
    int wd = day_weekday(day);
    double sum = 0;
    for (int i = 0; i < c->nwin[wd]; i++) {
        double a = c->win[wd][i].from, b = c->win[wd][i].to;
        if (a < lo)
            a = lo;
        if (b > hi)
            b = hi;
        if (b > a)
            sum += b - a;
    }
    return sum;
}

/* Ordinary working seconds lost to holidays on days [d0, d1). */
static double holiday_work(const calendar *c, int64_t d0, int64_t d1)
{
    double lost = 0;
    for (size_t i = holiday_lower_bound(c, d0); i < c->nhol && c->hol[i] < d1; i++)
        lost += c->daywork[day_weekday(c->hol[i])];
    return lost;
}

static int out_of_range(double t)
{
    return !isfinite(t) || fabs(t) > TIME_LIMIT;
}

int calendar_is_working(const calendar *c, double t)
{
    if (out_of_range(t))
        return 0;
    int64_t day = day_of(t);
    double s = t - (double)day * DAY;
    if (is_holiday(c, day))
        return 0;
    int wd = day_weekday(day);
    for (int i = 0; i < c->nwin[wd]; i++)
        if (s >= c->win[wd][i].from && s < c->win[wd][i].to)
            return 1;
    return 0;
}

double calendar_next_open(const calendar *c, double t)
{
    if (isnan(t))
        return t;
    if (c->weekwork <= 0 || t > TIME_LIMIT)
        return INFINITY;
    assert(t >= -TIME_LIMIT);
    int64_t day = day_of(t);
    double s = t - (double)day * DAY;
    /* Each skipped day is a holiday or a weekday without windows, and at
     * most six of the latter come in a row: this ends. */
    for (;; day++, s = 0) {
        if ((double)day * DAY > TIME_LIMIT)
            return INFINITY;
        if (is_holiday(c, day))
            continue;
        int wd = day_weekday(day);
        for (int i = 0; i < c->nwin[wd]; i++)
            if (c->win[wd][i].to > s)
                return (double)day * DAY + (c->win[wd][i].from > s ? c->win[wd][i].from : s);
    }
}

/* Consumes up to *rem working seconds on day `day` from second lo on.
 * Returns the instant the work is done, or NAN with *rem reduced. */
static double day_consume(const calendar *c, int64_t day, double lo, double *rem)
{
    if (is_holiday(c, day))
        return NAN;
    int wd = day_weekday(day);
    double base = (double)day * DAY;
    for (int i = 0; i < c->nwin[wd]; i++) {
        double a = c->win[wd][i].from, b = c->win[wd][i].to;
        if (b <= lo)
            continue;
        if (a < lo)
            a = lo;
        if (*rem <= b - a)
            return base + a + *rem;
        *rem -= b - a;
    }
    return NAN;
}

double calendar_add_work(const calendar *c, double t, double work)
{
    if (isnan(t) || isnan(work))
        return NAN;
    if (work <= 0)
        return calendar_is_working(c, t) ? t : calendar_next_open(c, t);
    if (c->weekwork <= 0 || isinf(work) || t > TIME_LIMIT)
        return INFINITY;
    assert(t >= -TIME_LIMIT);
    if (c->nhol == 0 && c->weekwork == WEEK)
        return t + work; /* 24x7: plain addition, no rounding from walking */
    int64_t day = day_of(t);
    double lo = t - (double)day * DAY, rem = work;
    for (;;) {
        /* walk to the end of this week */
        int64_t next_monday = day_monday(day) + 7;
        for (; day < next_monday; day++, lo = 0) {
            double end = day_consume(c, day, lo, &rem);
            if (!isnan(end))
                return end;
        }
        /* jump whole weeks while more than their work remains, so that
         * the end always falls in a week that is walked */
        double k = ceil(rem / c->weekwork) - 1;
        if (k >= 1 && k * c->weekwork >= rem)
            k--; /* rounding in the division */
        if (k >= 1) {
            if (k * WEEK > TIME_LIMIT)
                return INFINITY;
            int64_t d1 = day + 7 * (int64_t)k;
            rem -= k * c->weekwork - holiday_work(c, day, d1);
            day = d1;
        }
        if ((double)day * DAY > TIME_LIMIT)
            return INFINITY;
    }
}

double calendar_work_between(const calendar *c, double a, double b)
{
    if (isnan(a) || isnan(b))
        return NAN;
    if (b <= a || c->weekwork <= 0)
        return 0;
    if (out_of_range(a) || out_of_range(b))
        return INFINITY;
    if (c->nhol == 0 && c->weekwork == WEEK)
        return b - a;
    int64_t da = day_of(a), db = day_of(b);
    double la = a - (double)da * DAY, lb = b - (double)db * DAY;
    if (da == db)
        return day_work_in(c, da, la, lb);
    double sum = day_work_in(c, da, la, DAY);
    int64_t d = da + 1;
    /* walk to a Monday, jump the whole weeks, walk the rest */
    for (; d < db && day_weekday(d) != 0; d++)
        sum += day_work_in(c, d, 0, DAY);
    int64_t weeks = (db - d) / 7;
    if (weeks > 0) {
        sum += (double)weeks * c->weekwork - holiday_work(c, d, d + 7 * weeks);
        d += 7 * weeks;
    }
    for (; d < db; d++)
        sum += day_work_in(c, d, 0, DAY);
    return sum + day_work_in(c, db, 0, lb);
}

double calendar_working_fraction(const calendar *c)
{
    return c->weekwork / WEEK;
}

double calendar_business_day(const calendar *c)
{
    int days = 0;
    for (int i = 0; i < 7; i++)
        days += c->daywork[i] > 0;
    return days ? c->weekwork / days : 0;
}

/* ---- parsing ----------------------------------------------------------- */

/* Exactly n digits at *s into *v; advances *s. */
static int fixed_digits(const char **s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if ((*s)[i] < '0' || (*s)[i] > '9')
            return -1;
        x = 10 * x + ((*s)[i] - '0');
    }
    *s += n;
    *v = x;
    return 0;
}

int calendar_parse_datetime(const char *s, double *t)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (!s || fixed_digits(&s, 4, &y) || *s++ != '-' || fixed_digits(&s, 2, &mo) ||
        *s++ != '-' || fixed_digits(&s, 2, &d))
        return -1;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return -1;
    if (*s == 'T') {
        s++;
        if (fixed_digits(&s, 2, &h) || *s++ != ':' || fixed_digits(&s, 2, &mi))
            return -1;
        if (*s == ':') {
            s++;
            if (fixed_digits(&s, 2, &se))
                return -1;
        }
        if (h > 23 || mi > 59 || se > 59)
            return -1;
    }
    if (*s)
        return -1;
    *t = (double)days_from_civil(y, mo, d) * DAY + h * 3600.0 + mi * 60.0 + se;
    return 0;
}

/* A decimal number (digits, optionally a '.' or ',' fraction) at *s.
 * Sets *frac when it had a fraction.  Advances *s. */
static int duration_number(const char **s, double *v, int *frac)
{
    const char *p = *s;
    double x = 0;
    int nd = 0;
    for (; *p >= '0' && *p <= '9'; p++, nd++)
        x = 10 * x + (*p - '0');
    if (!nd)
        return -1;
    *frac = 0;
    if (*p == '.' || *p == ',') {
        double scale = 0.1;
        int nf = 0;
        for (p++; *p >= '0' && *p <= '9'; p++, nf++, scale /= 10)
            x += (*p - '0') * scale;
        if (!nf)
            return -1;
        *frac = 1;
    }
    *s = p;
    *v = x;
    return 0;
}

int calendar_parse_duration(const char *s, double *seconds)
{
    /* designators in the order ISO 8601 requires them */
    static const struct {
        char c;
        int time;
        double sec;
    } units[] = {
        {'Y', 0, 365 * DAY}, {'M', 0, 30 * DAY}, {'W', 0, WEEK}, {'D', 0, DAY},
        {'H', 1, 3600},      {'M', 1, 60},       {'S', 1, 1},
    };
    const int nunits = (int)(sizeof units / sizeof units[0]);
    if (!s || *s++ != 'P' || !*s)
        return -1;
    double total = 0;
    int next = 0, in_time = 0, had_fraction = 0, items = 0, time_items = 0;
    while (*s) {
        if (*s == 'T') {
            if (in_time)
                return -1;
            in_time = 1;
            s++;
            continue;
        }
        double v;
        int frac;
        if (had_fraction || duration_number(&s, &v, &frac))
            return -1; /* only the last value may have a fraction */
        int u = next;
        while (u < nunits && (units[u].c != *s || units[u].time != in_time))
            u++;
        if (u == nunits)
            return -1;
        s++;
        total += v * units[u].sec;
        next = u + 1;
        had_fraction = frac;
        items++;
        time_items += in_time;
    }
    if (!items || (in_time && !time_items) || !isfinite(total))
        return -1;
    *seconds = total;
    return 0;
}
