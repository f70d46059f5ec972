/*
 * units: numbers into people's units (see units.h).  The rules are few on
 * purpose: three significant figures with no exponent, a duration's unit
 * chosen by its size (or a column's by its median), percent decimals
 * chosen by the interval's width, so that the same value reads the same in
 * every command.
 */
#include "units.h"

#include "alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE 60.0
#define HOUR 3600.0
#define DAY 86400.0
#define YEAR (365 * DAY)

/* Drops a fraction's trailing zeros and a bare point; "-0" reads "0". */
static void trim(char *s)
{
    if (strchr(s, '.')) {
        char *e = s + strlen(s);
        while (e > s && e[-1] == '0')
            *--e = '\0';
        if (e > s && e[-1] == '.')
            *--e = '\0';
    }
    if (strcmp(s, "-0") == 0)
        strcpy(s, "0");
}

static char *special(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "n/a");
    else
        snprintf(buf, n, "%sunlimited", v < 0 ? "-" : "");
    return buf;
}

char *units_number(char *buf, size_t n, double v)
{
    char t[400];
    if (!isfinite(v))
        return special(buf, n, v);
    double a = fabs(v);
    if (a >= 100 || a == 0)
        snprintf(t, sizeof t, "%.0f", v);
    else {
        int dec = 2 - (int)floor(log10(a));
        if (dec > 6)
            dec = 6;
        snprintf(t, sizeof t, "%.*f", dec, v);
        trim(t);
    }
    snprintf(buf, n, "%s", t);
    return buf;
}

units_time units_time_for(double seconds)
{
    double a = fabs(seconds);
    if (isnan(a) || a < 2 * MINUTE)
        return UNITS_SECOND;
    if (a < 2 * HOUR)
        return UNITS_MINUTE;
    if (a < 2 * DAY)
        return UNITS_HOUR;
    if (a < 2 * YEAR)
        return UNITS_DAY;
    return UNITS_YEAR;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

units_time units_time_pick(const double *seconds, size_t n)
{
    double *v = alloc_zero(n, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(seconds[i]) && seconds[i] != 0)
            v[k++] = fabs(seconds[i]);
    units_time u = UNITS_SECOND;
    if (k) {
        qsort(v, k, sizeof *v, cmp_double);
        u = units_time_for(v[(k - 1) / 2]);
    }
    free(v);
    return u;
}

double units_time_seconds(units_time u, double bday)
{
    switch (u) {
    case UNITS_SECOND: return 1;
    case UNITS_MINUTE: return MINUTE;
    case UNITS_HOUR: return HOUR;
    case UNITS_DAY: return DAY;
    case UNITS_YEAR: return YEAR;
    case UNITS_BDAY: return bday > 0 ? bday : 8 * HOUR;
    }
    return 1;
}

const char *units_time_name(units_time u, int plural)
{
    static const char *const one[] = {"second", "minute", "hour", "day", "year", "business day"};
    static const char *const many[] = {"seconds", "minutes", "hours",
                                       "days",    "years",   "business days"};
    if ((unsigned)u > UNITS_BDAY)
        u = UNITS_SECOND;
    return plural ? many[u] : one[u];
}

const char *units_time_abbr(units_time u)
{
    static const char *const ab[] = {"s", "min", "h", "d", "y", "bd"};
    return (unsigned)u > UNITS_BDAY ? "s" : ab[u];
}

char *units_duration_value(char *buf, size_t n, double seconds, units_time u, double bday)
{
    return units_number(buf, n, seconds / units_time_seconds(u, bday));
}

char *units_duration_in(char *buf, size_t n, double seconds, units_time u, double bday)
{
    char v[400];
    if (!isfinite(seconds))
        return special(buf, n, seconds);
    units_duration_value(v, sizeof v, seconds, u, bday);
    snprintf(buf, n, "%s %s", v, units_time_name(u, strcmp(v, "1") != 0 && strcmp(v, "-1") != 0));
    return buf;
}

char *units_duration(char *buf, size_t n, double seconds)
{
    return units_duration_in(buf, n, seconds, units_time_for(seconds), 0);
}

int units_percent_decimals(double lo, double hi)
{
    double w = 100 * (hi - lo);
    if (!(w > 0) || !isfinite(w))
        return 2;
    int dec = 1 - (int)floor(log10(w));
    return dec < 0 ? 0 : dec > 4 ? 4 : dec;
}

char *units_percent(char *buf, size_t n, double p, int dec)
{
    char t[400];
    if (!isfinite(p))
        return special(buf, n, p);
    int strip = dec < 0;
    if (strip)
        dec = 2;
    if (dec > 4)
        dec = 4;
    for (;;) {
        snprintf(t, sizeof t, "%.*f", dec, 100 * p);
        double back = atof(t);
        /* not 0 or 1, yet reads as one of them: more decimals */
        if (((back == 0 && p != 0) || (back == 100 && p != 1)) && dec < 4) {
            dec++;
            continue;
        }
        break;
    }
    if (atof(t) == 0 && p > 0)
        snprintf(t, sizeof t, "< 0.0001");
    else if (atof(t) == 100 && p < 1 && p > 0.5)
        snprintf(t, sizeof t, "> 99.9999");
    else if (strip)
        trim(t);
    snprintf(buf, n, "%s %%", t);
    return buf;
}

char *units_percent_ci(char *buf, size_t n, double p, double lo, double hi)
{
    char a[UNITS_BUF], b[UNITS_BUF], c[UNITS_BUF];
    int dec = units_percent_decimals(lo, hi);
    if (hi - lo == 0 && isfinite(lo)) /* a degenerate interval: no digits needed for its width */
        dec = -1;
    snprintf(buf, n, "%s [%s, %s]", units_percent(a, sizeof a, p, dec),
             units_percent(b, sizeof b, lo, dec), units_percent(c, sizeof c, hi, dec));
    return buf;
}

char *units_small(char *buf, size_t n, double v)
{
    if (v == 0)
        snprintf(buf, n, "0");
    else if (v > 0 && v < 0.001)
        snprintf(buf, n, "< 0.001");
    else if (v < 0 && v > -0.001)
        snprintf(buf, n, "> -0.001");
    else
        units_number(buf, n, v);
    return buf;
}

char *units_count(char *buf, size_t n, long count, const char *singular, const char *plural)
{
    if (count == 1 || count == -1)
        snprintf(buf, n, "%ld %s", count, singular);
    else if (plural)
        snprintf(buf, n, "%ld %s", count, plural);
    else
        snprintf(buf, n, "%ld %ss", count, singular);
    return buf;
}
