/*
 * people: the report's figures in the units people read, through the one
 * place that decides them (src/model/units.h) -- durations in the unit
 * that fits, shares in percent with the decimals their interval needs,
 * small queue lengths as "< 0.001"; never scientific notation.  Only what
 * the page adds is here: intervals written out, verdict badges, the unit
 * of a chart's time axis.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../model/units.h"
#include "plot.h"
#include "sec.h"

void sec_duration(char *buf, size_t n, double seconds)
{
    units_duration(buf, n, seconds);
}

void sec_percent(char *buf, size_t n, double share, int decimals)
{
    units_percent(buf, n, share, decimals);
}

void sec_number(char *buf, size_t n, double v)
{
    units_small(buf, n, v);
}

void sec_percent_ci(char *buf, size_t n, input_ci c, int decimals)
{
    if (!isfinite(c.lo) || !isfinite(c.hi)) {
        units_percent(buf, n, c.v, decimals);
        return;
    }
    if (decimals < 0) {
        units_percent_ci(buf, n, c.v, c.lo, c.hi);
        return;
    }
    char v[UNITS_BUF], lo[UNITS_BUF], hi[UNITS_BUF];
    units_percent(v, sizeof v, c.v, decimals);
    units_percent(lo, sizeof lo, c.lo, decimals);
    units_percent(hi, sizeof hi, c.hi, decimals);
    snprintf(buf, n, "%s [%s, %s]", v, lo, hi);
}

void sec_duration_ci(char *buf, size_t n, input_ci c)
{
    /* the interval in the figure's own unit, so that its ends compare */
    units_time u = units_time_for(c.v);
    char v[UNITS_BUF], lo[UNITS_BUF], hi[UNITS_BUF];
    units_duration_in(v, sizeof v, c.v, u, 0);
    if (!isfinite(c.lo) || !isfinite(c.hi) || !isfinite(c.v)) {
        snprintf(buf, n, "%s", isfinite(c.v) ? v : "n/a");
        return;
    }
    units_duration_value(lo, sizeof lo, c.lo, u, 0);
    units_duration_value(hi, sizeof hi, c.hi, u, 0);
    snprintf(buf, n, "%s [%s, %s]", v, lo, hi);
}

void sec_verdict(html_buf *b, const char *verdict)
{
    const char *v = verdict ? verdict : "n/a";
    const char *cls = strcmp(v, "met") == 0      ? "met"
                      : strcmp(v, "missed") == 0 ? "missed"
                                                 : "open";
    html_rawf(b, "<span class=\"v v-%s\">", cls);
    html_text(b, v);
    html_raw(b, "</span>");
}

double sec_time_unit(double max_s, const char **symbol)
{
    /* an axis up to max_s: its ticks read in the unit that fits the
     * largest value, at least 2 of them */
    units_time u = units_time_for(max_s / 2);
    if (u == UNITS_YEAR)
        u = UNITS_DAY;
    *symbol = units_time_abbr(u);
    return units_time_seconds(u, 0);
}

int sec_tick_decimals(double step)
{
    double pts = step * 100;
    return pts >= 1 ? 0 : pts >= 0.1 ? 1 : pts >= 0.01 ? 2 : 3;
}

void sec_percent_tick(char *buf, size_t n, double v, const void *user)
{
    int dec = *(const int *)user;
    double k = 100 * pow(10, dec);
    units_percent(buf, n, round(v * k) / k, dec);
}

int sec_share_axis(double lo, double hi, double pad_below, double *from, double *to)
{
    double span = fmax(hi - lo, 0.002);
    double a = fmax(0, lo - pad_below * span), z = fmin(1, hi + 0.1 * span);
    double step = plot_nice_step(a, z, 5);
    *from = fmax(0, floor(a / step) * step);
    *to = fmin(1, ceil(z / step) * step);
    return sec_tick_decimals(step);
}
