/*
 * people: figures in the units people read -- durations in seconds,
 * minutes, hours or days, shares in percent, counts in plain digits --
 * for every number the report prints (see sec.h).  Never scientific
 * notation.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../render/render.h"
#include "sec.h"

void sec_duration(char *buf, size_t n, double seconds)
{
    /* a simulated horizon of 7300 d reads as 20 years */
    if (isfinite(seconds) && fabs(seconds) >= 2 * 365 * 86400.0) {
        snprintf(buf, n, "%.0f years", seconds / (365 * 86400.0));
        return;
    }
    render_duration(buf, n, seconds);
}

int sec_percent_decimals(double w)
{
    /* enough decimals that a 95% interval of width w (a share) shows as
     * two different numbers, but no more than 3 */
    if (!(w > 0) || !isfinite(w))
        return 1;
    double pts = w * 100;
    int d = pts >= 2 ? 0 : pts >= 0.2 ? 1 : pts >= 0.02 ? 2 : 3;
    return d;
}

void sec_percent(char *buf, size_t n, double share, int decimals)
{
    if (!isfinite(share)) {
        snprintf(buf, n, "n/a");
        return;
    }
    snprintf(buf, n, "%.*f%%", decimals, share * 100);
    /* "-0.0%" is 0 */
    if (strncmp(buf, "-0", 2) == 0 && strspn(buf + 1, "0.") == strlen(buf + 1) - 1)
        memmove(buf, buf + 1, strlen(buf));
}

void sec_number(char *buf, size_t n, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "n/a");
        return;
    }
    double a = fabs(v);
    if (a < 1e15 && v == floor(v)) {
        snprintf(buf, n, "%.0f", v);
        return;
    }
    int d = a >= 100 || a == 0 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.1 ? 3 : a >= 0.01 ? 4 : 5;
    snprintf(buf, n, "%.*f", d, v);
    if (strspn(buf, "-0.") == strlen(buf))
        snprintf(buf, n, "0");
}

void sec_percent_ci(char *buf, size_t n, input_ci c, int decimals)
{
    char v[32], lo[32], hi[32];
    sec_percent(v, sizeof v, c.v, decimals);
    if (!isfinite(c.lo) || !isfinite(c.hi)) {
        snprintf(buf, n, "%s", v);
        return;
    }
    sec_percent(lo, sizeof lo, c.lo, decimals);
    sec_percent(hi, sizeof hi, c.hi, decimals);
    snprintf(buf, n, "%s [%s, %s]", v, lo, hi);
}

void sec_duration_ci(char *buf, size_t n, input_ci c)
{
    char v[32], lo[32], hi[32];
    sec_duration(v, sizeof v, c.v);
    if (!isfinite(c.lo) || !isfinite(c.hi)) {
        snprintf(buf, n, "%s", v);
        return;
    }
    sec_duration(lo, sizeof lo, c.lo);
    sec_duration(hi, sizeof hi, c.hi);
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
    if (max_s >= 3 * 86400) {
        *symbol = "d";
        return 86400;
    }
    if (max_s >= 3 * 3600) {
        *symbol = "h";
        return 3600;
    }
    if (max_s >= 180) {
        *symbol = "min";
        return 60;
    }
    *symbol = "s";
    return 1;
}
