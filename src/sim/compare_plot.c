/*
 * compare_plot: the paired differences of a comparison drawn for people --
 * one horizontal bar per figure, B - A with its 95% CI against a line at
 * 0, significant ones in colour: above, SLA attainment and escalation
 * levels in percentage points; below, whole processes' mean, p90 and p99
 * cycle times in one unit of time.  Written into a gplot
 * (src/render/gplot.h); only compare.h's public rows are read.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"
#include "../model/units.h"
#include "../render/gplot.h"
#include "compare.h"

/* Panel 0: shares (SLA attainment, levels); panel 1: cycle times of whole
 * processes (an id with no dot after the family: classes left out). */
static int panel_of(const compare_row *x)
{
    if (x->n < 2)
        return -1;
    const char *st = strrchr(x->metric, '.');
    if (!strncmp(x->metric, "sla.", 4) && !strcmp(st, ".attainment"))
        return 0;
    if (!strncmp(x->metric, "level.", 6))
        return 0;
    if (!strncmp(x->metric, "cycle.", 6) && (!strcmp(st, ".mean") || !strcmp(st, ".p90") || !strcmp(st, ".p99"))) {
        const char *first = strchr(x->metric + 6, '.');
        return first == st ? 1 : -1;
    }
    return -1;
}

static int count(const compare_result *r, int panel)
{
    int n = 0;
    for (int i = 0; i < compare_result_count(r); i++)
        n += panel_of(compare_result_row(r, i)) == panel;
    return n;
}

int compare_result_plot_height(const compare_result *r)
{
    int h = 120;
    for (int p = 0; p < 2; p++)
        if (count(r, p))
            h += 110 + 22 * count(r, p);
    return h < 300 ? 300 : h;
}

/* The label of a row: the id, and the statistic for cycle times. */
static void label(const compare_row *x, char *buf, size_t n)
{
    const char *a = strchr(x->metric, '.'), *b = strrchr(x->metric, '.');
    if (!strncmp(x->metric, "cycle.", 6))
        snprintf(buf, n, "%.*s %s", (int)(b - a - 1), a + 1, b + 1);
    else
        snprintf(buf, n, "%s %.*s", !strncmp(x->metric, "sla.", 4) ? "SLA" : "level", (int)(b - a - 1), a + 1);
}

/* Data block of one panel: y, diff, lo, hi, significant (values scaled). */
static void block(const compare_result *r, int panel, double scale, FILE *f)
{
    int y = count(r, panel);
    for (int i = 0; i < compare_result_count(r); i++) {
        const compare_row *x = compare_result_row(r, i);
        if (panel_of(x) != panel)
            continue;
        fprintf(f, "%d", --y);
        gplot_num(x->diff / scale, f);
        gplot_num(x->lo / scale, f);
        gplot_num(x->hi / scale, f);
        fprintf(f, " %d\n", x->significant);
    }
    fputs("\n\n", f);
}

static void panel(const compare_result *r, gplot *g, int p, int index, const char *xlabel)
{
    FILE *f = gplot_script(g);
    int n = count(r, p), y = n;
    fprintf(f, "set title %s\nset xlabel ",
            p == 0 ? "'SLA attainment and escalation levels: B - A (percentage points)'"
                   : "'cycle times of whole processes: B - A'");
    gplot_string(xlabel, f);
    fprintf(f, "\nset yrange [-0.7:%d.7]\nset ytics (", n > 0 ? n - 1 : 0);
    for (int i = 0, k = 0; i < compare_result_count(r); i++) {
        const compare_row *x = compare_result_row(r, i);
        if (panel_of(x) != p)
            continue;
        char t[600];
        label(x, t, sizeof t);
        fputs(k++ ? ", " : "", f);
        gplot_string(t, f);
        fprintf(f, " %d", --y);
    }
    fputs(")\nset arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb 'black'\nplot ", f);
    gplot_data_ref(g);
    fprintf(f, " index %d using ($5 > 0 ? $2 : 1/0):1:3:4 with xerrorbars lc rgb '#d62728' pt 7 "
               "title 'significant (95%% CI excludes 0)', \\\n     ",
            index);
    gplot_data_ref(g);
    fprintf(f, " index %d using ($5 > 0 ? 1/0 : $2):1:3:4 with xerrorbars lc rgb '#7f7f7f' pt 6 "
               "title 'not significant'\n",
            index);
    fputs("unset arrow 1\n", f);
}

int compare_result_plot(const compare_result *r, const char *title, gplot *g)
{
    FILE *f = gplot_script(g), *dat = gplot_data(g);
    int n0 = count(r, 0), n1 = count(r, 1), index = 0;
    /* one unit for the cycle times: their A and B values' median */
    int m = compare_result_count(r);
    double *v = alloc_zero(2 * (size_t)m + 1, sizeof *v);
    size_t k = 0;
    for (int i = 0; i < m; i++)
        if (panel_of(compare_result_row(r, i)) == 1) {
            v[k++] = compare_result_row(r, i)->a;
            v[k++] = compare_result_row(r, i)->b;
        }
    units_time u = units_time_pick(v, k);
    free(v);
    char xl[80];
    snprintf(xl, sizeof xl, "B - A (%s)", units_time_name(u, 1));
    if (n0 + n1 == 0) {
        fputs("unset key\nunset border\nunset tics\nunset grid\n"
              "set label 'no SLA, level or cycle time compared on both sides' at graph 0.5, graph 0.5 "
              "center\nplot [0:1][0:1] NaN notitle\n",
              f);
        return ferror(f) ? -1 : 0;
    }
    fprintf(f, "set multiplot layout %d, 1", (n0 > 0) + (n1 > 0));
    if (title) {
        fputs(" title ", f);
        gplot_string(title, f);
    }
    fputs("\nset lmargin 36\nset offsets graph 0.05, graph 0.05, 0, 0\n", f);
    if (n0) {
        block(r, 0, 0.01, dat);
        panel(r, g, 0, index++, "B - A (percentage points)");
    }
    if (n1) {
        block(r, 1, units_time_seconds(u, 0), dat);
        panel(r, g, 1, index++, xl);
    }
    fputs("unset multiplot\n", f);
    return ferror(f) || ferror(dat) ? -1 : 0;
}
