/*
 * sec_compare: a comparison's section of the report, from a `flowmc
 * compare` result -- two scenarios run with common random numbers, each
 * figure's paired difference B - A with its 95% confidence interval.  A
 * chart of the differences in SLA attainment and level shares (percentage
 * points) and one of the cycle-time differences (hours or days), then the
 * figures grouped as planners read them: SLAs, cycle times, levels,
 * ends, roles.  Rows without data on both sides are left out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"
#include "plot.h"
#include "sec.h"

typedef enum { U_SHARE, U_TIME, U_COUNT } unit_kind;

typedef struct group {
    const char *family, *title;
} group;

static const group groups[] = {
    {"sla", "SLAs"},
    {"cycle", "Cycle times"},
    {"level", "Levels reached"},
    {"end", "Where cases end"},
    {"roster", "Rosters"},
    {"role", "Roles"},
    {"task", "Tasks"},
    {"cases", "Cases"},
};

static int family_is(const char *metric, const char *family)
{
    size_t n = strlen(family);
    return strncmp(metric, family, n) == 0 && metric[n] == '.';
}

static const char *last(const char *metric)
{
    const char *dot = strrchr(metric, '.');
    return dot ? dot + 1 : metric;
}

static unit_kind unit_of(const char *metric)
{
    const char *l = last(metric);
    if (family_is(metric, "cycle"))
        return strcmp(l, "wip") == 0 ? U_COUNT : U_TIME;
    if (strcmp(l, "attainment") == 0 || strcmp(l, "share") == 0 ||
        strcmp(l, "elsewhere_share") == 0 || strcmp(l, "utilisation") == 0 ||
        strcmp(l, "backup_share") == 0)
        return U_SHARE;
    if (strcmp(l, "wait_mean") == 0 || strcmp(l, "wait_p95") == 0 ||
        strcmp(l, "service_mean") == 0 || strcmp(l, "calling_mean") == 0)
        return U_TIME;
    return U_COUNT;
}

/* The metric without its family: "ack-1bd attainment". */
static void what(char *buf, size_t n, const char *metric)
{
    const char *dot = strchr(metric, '.');
    snprintf(buf, n, "%s", dot ? dot + 1 : metric);
    char *l = strrchr(buf, '.');
    if (l)
        *l = ' ';
}

static void fmt_value(char *buf, size_t n, double v, unit_kind u, int diff)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "n/a");
        return;
    }
    char t[48];
    switch (u) {
    case U_SHARE:
        if (diff) {
            double pts = v * 100;
            int d = fabs(pts) >= 10 ? 1 : fabs(pts) >= 0.1 ? 2 : 3;
            if (fabs(pts) < 0.0005)
                snprintf(t, sizeof t, "0 points");
            else
                snprintf(t, sizeof t, "%+.*f points", d, pts);
        } else {
            sec_percent(t, sizeof t, v, -1);
        }
        break;
    case U_TIME:
        sec_duration(t, sizeof t, fabs(v));
        if (diff && v != 0)
            snprintf(buf, n, "%s%s", v < 0 ? "-" : "+", t);
        else
            snprintf(buf, n, "%s", t);
        return;
    default:
        sec_number(t, sizeof t, v);
        if (diff && v > 0)
            snprintf(buf, n, "+%s", t);
        else
            snprintf(buf, n, "%s", t);
        return;
    }
    snprintf(buf, n, "%s", t);
}

static int has_data(const input_diff *r)
{
    return isfinite(r->diff.v) && r->n > 0;
}

/* Zero on both sides in every replication: nothing to show. */
static int all_zero(const input_diff *r)
{
    return r->a.v == 0 && r->b.v == 0;
}

static void pts_tick(char *buf, size_t n, double v, const void *user)
{
    (void)user;
    snprintf(buf, n, "%+g", v);
    if (v == 0)
        snprintf(buf, n, "0");
}

static void time_tick(char *buf, size_t n, double v, const void *user)
{
    if (v == 0)
        snprintf(buf, n, "0");
    else
        snprintf(buf, n, "%+g %s", v, (const char *)user);
}

/* One chart of the rows of kind u among the families chosen. */
static void diff_chart(html_buf *b, const input_compare *c, unit_kind u,
                       int (*pick)(const input_diff *), const char *title, const char *caption)
{
    size_t n = 0;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < c->nrow; i++) {
        const input_diff *r = &c->row[i];
        if (!pick(r))
            continue;
        n++;
        lo = fmin(lo, isfinite(r->diff.lo) ? r->diff.lo : r->diff.v);
        hi = fmax(hi, isfinite(r->diff.hi) ? r->diff.hi : r->diff.v);
    }
    if (!n)
        return;
    double scale = 100;
    const char *sym = "points";
    if (u == U_TIME)
        scale = 1 / sec_time_unit(fmax(fabs(lo), fabs(hi)), &sym);
    char **labels = alloc_zero(n, sizeof *labels);
    size_t k = 0;
    for (size_t i = 0; i < c->nrow; i++)
        if (pick(&c->row[i])) {
            char buf[256];
            what(buf, sizeof buf, c->row[i].metric);
            labels[k++] = alloc_strdup(buf);
        }
    plot *p = plot_new(420, 20.0 * (double)n);
    plot_rows(p, (const char *const *)labels, n);
    double span = fmax(hi - lo, 1e-9) * scale;
    char xt[96];
    snprintf(xt, sizeof xt, "B - A (%s)", u == U_TIME ? sym : "percentage points");
    plot_x(p, lo * scale - 0.06 * span, hi * scale + 0.06 * span, xt,
           u == U_TIME ? time_tick : pts_tick, sym);
    plot_vline(p, 0, "#222", 0, "no change");
    k = 0;
    for (size_t i = 0; i < c->nrow; i++) {
        const input_diff *r = &c->row[i];
        if (!pick(r))
            continue;
        const char *col = r->significant ? (r->diff.v < 0 ? PLOT_MISSED : PLOT_MET) : PLOT_GREY;
        if (u == U_TIME || family_is(r->metric, "level") || family_is(r->metric, "end"))
            col = r->significant ? plot_colour(0) : PLOT_GREY;
        char tip[320], d[64], l[64], h[64];
        fmt_value(d, sizeof d, r->diff.v, u, 1);
        fmt_value(l, sizeof l, r->diff.lo, u, 1);
        fmt_value(h, sizeof h, r->diff.hi, u, 1);
        snprintf(tip, sizeof tip, "%s: %s [%s, %s]%s", labels[k], d, l, h,
                 r->significant ? ", significant" : "");
        plot_xwhisker(p, (double)k, r->diff.lo * scale, r->diff.hi * scale, col);
        plot_dot(p, r->diff.v * scale, (double)k, col, 0, tip);
        k++;
    }
    if (u == U_TIME) {
        plot_legend(p, plot_colour(0), 0, "significant (the interval leaves out 0)");
    } else {
        plot_legend(p, PLOT_MET, 0, "significant rise");
        plot_legend(p, PLOT_MISSED, 0, "significant fall");
    }
    plot_legend(p, PLOT_GREY, 0, "not significant");
    html_raw(b, "<figure>");
    plot_write(p, b, title);
    html_raw(b, "<figcaption>");
    html_text(b, caption);
    html_raw(b, "</figcaption></figure>");
    plot_free(p);
    for (size_t i = 0; i < n; i++)
        free(labels[i]);
    free(labels);
}

static int pick_shares(const input_diff *r)
{
    return has_data(r) && !all_zero(r) &&
           ((family_is(r->metric, "sla") && strcmp(last(r->metric), "attainment") == 0) ||
            family_is(r->metric, "level"));
}

/* The whole process's cycle times (cycle.P.STAT), not its classes' (the
 * table has those). */
static int pick_times(const input_diff *r)
{
    const char *first = strchr(r->metric, '.'), *lastdot = strrchr(r->metric, '.');
    return has_data(r) && !all_zero(r) && family_is(r->metric, "cycle") &&
           unit_of(r->metric) == U_TIME && first && strchr(first + 1, '.') == lastdot;
}

/* A row's figures as the page shows them: what it is, A, B, and B - A
 * with its interval. */
typedef struct shown {
    char what[256], a[64], b[64], d[64], lo[64], hi[64];
} shown;

static void show(shown *w, const input_diff *r)
{
    unit_kind u = unit_of(r->metric);
    what(w->what, sizeof w->what, r->metric);
    fmt_value(w->a, sizeof w->a, r->a.v, u, 0);
    fmt_value(w->b, sizeof w->b, r->b.v, u, 0);
    fmt_value(w->d, sizeof w->d, r->diff.v, u, 1);
    fmt_value(w->lo, sizeof w->lo, r->diff.lo, u, 1);
    fmt_value(w->hi, sizeof w->hi, r->diff.hi, u, 1);
}

static void table(html_buf *b, const input_compare *c, const group *g)
{
    size_t n = 0, hidden = 0;
    for (size_t i = 0; i < c->nrow; i++)
        if (family_is(c->row[i].metric, g->family)) {
            if (has_data(&c->row[i]) && !all_zero(&c->row[i]))
                n++;
            else
                hidden++;
        }
    if (!n)
        return;
    html_raw(b, "<h4>");
    html_text(b, g->title);
    html_raw(b, "</h4><table class=\"num\"><thead><tr><th>figure</th><th>A</th><th>B</th>"
                "<th>B - A [95% CI]</th><th>significant</th></tr></thead><tbody>");
    for (size_t i = 0; i < c->nrow; i++) {
        const input_diff *r = &c->row[i];
        if (!family_is(r->metric, g->family) || !has_data(r) || all_zero(r))
            continue;
        shown w;
        show(&w, r);
        html_rawf(b, "<tr%s><td class=\"l\">", r->significant ? " class=\"sig\"" : "");
        html_text(b, w.what);
        html_raw(b, "</td><td>");
        html_text(b, w.a);
        html_raw(b, "</td><td>");
        html_text(b, w.b);
        html_raw(b, "</td><td>");
        html_textf(b, "%s [%s, %s]", w.d, w.lo, w.hi);
        html_rawf(b, "</td><td>%s</td></tr>", r->significant ? "yes" : "no");
    }
    html_raw(b, "</tbody></table>");
    if (hidden)
        html_rawf(b, "<p class=\"note\">%zu more row%s without data or zero on both sides "
                     "left out.</p>",
                  hidden, hidden == 1 ? "" : "s");
}

/* The significant changes to the SLAs and cycle times, in words. */
static void summary(html_buf *b, const input_compare *c)
{
    int any = 0;
    for (size_t i = 0; i < c->nrow; i++) {
        const input_diff *r = &c->row[i];
        const char *l = last(r->metric);
        int headline = (family_is(r->metric, "sla") && strcmp(l, "attainment") == 0) ||
                       (family_is(r->metric, "cycle") &&
                        (strcmp(l, "mean") == 0 || strcmp(l, "p99") == 0));
        if (!headline || !has_data(r) || !r->significant)
            continue;
        shown w;
        show(&w, r);
        html_raw(b, any ? "" : "<p>What changed significantly:</p><ul class=\"changes\">");
        any = 1;
        html_raw(b, "<li><b>");
        html_text(b, w.what);
        html_raw(b, "</b>: ");
        html_textf(b, "%s in A, %s in B: %s [%s, %s]", w.a, w.b, w.d, w.lo, w.hi);
        html_raw(b, "</li>");
    }
    html_raw(b, any ? "</ul>"
                    : "<p>No SLA attainment, mean or p99 cycle time changed significantly.</p>");
}

void sec_compare_write(html_buf *b, const sec_compare *s)
{
    const input_compare *c = s->c;
    html_rawf(b, "<section class=\"compare\" id=\"%s\"><h2>", s->anchor);
    html_textf(b, "B against A: %s", s->b_name ? s->b_name : c->b);
    html_raw(b, "</h2><p class=\"file\">A: ");
    if (s->a_name) {
        html_text(b, s->a_name);
        html_raw(b, " ");
    }
    html_raw(b, "<code>");
    html_text(b, c->a);
    html_raw(b, "</code>; B: ");
    if (s->b_name) {
        html_text(b, s->b_name);
        html_raw(b, " ");
    }
    html_raw(b, "<code>");
    html_text(b, c->b);
    html_raw(b, "</code>; result <code>");
    html_text(b, sec_base(c->path));
    html_rawf(b, "</code>: %d paired replications with common random numbers, seed %llu; each "
                 "figure's difference B - A with its paired 95%% confidence interval "
                 "(significant: the interval leaves out 0).</p>",
              c->replications, c->seed);
    summary(b, c);
    diff_chart(b, c, U_SHARE, pick_shares, "differences in SLA attainment and levels reached",
               "Paired differences B - A in percentage points, each with its 95% confidence "
               "interval.  Common random numbers make both runs meet the same cases, so the "
               "difference is the change's own.");
    diff_chart(b, c, U_TIME, pick_times, "differences in cycle times",
               "Paired differences B - A of each process's cycle-time mean and percentiles, "
               "with their 95% confidence intervals (per class of case: in the table).");
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++)
        table(b, c, &groups[g]);
    html_raw(b, "</section>\n");
}
