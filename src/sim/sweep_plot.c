/*
 * sweep_plot: a sweep drawn by gnuplot -- attainment in percent against
 * the first varied key, one curve per SLA (and per value of the other
 * keys in a grid), a monotone curve through its points, its 95% CI as a band, each target as a dashed
 * line, each crossing as a dotted vertical line.  src/render/gplot.c runs
 * gnuplot and picks the format from the file's extension.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/units.h"
#include "../render/gplot.h"
#include "sweep_int.h"

static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                      "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

/* One block per SLA and series, in crossing order: x attainment lo hi (%). */
static int write_data(const sweep_result *r, FILE *f)
{
    int n0 = r->axes[0].n, ns = r->npoints / n0;
    for (int j = 0; j < r->nsla; j++)
        for (int s = 0; s < ns; s++) {
            fprintf(f, "# %s, series %d: x attainment lo hi (percent)\n", r->sla_id[j], s);
            for (int i = 0; i < n0; i++) {
                const sim_sla_summary *g = sweep_result_cell(r, s * n0 + i, j);
                fprintf(f, "%.17g", r->axes[0].values[i]);
                gplot_num(100 * g->attainment, f);
                gplot_num(100 * g->lo, f);
                gplot_num(100 * g->hi, f);
                fputc('\n', f);
            }
            fputs("\n\n", f);
        }
    return ferror(f) ? -1 : 0;
}

static int write_script(const sweep_result *r, const char *title, gplot *g)
{
    FILE *f = gplot_script(g);
    const sweep_axis *ax = &r->axes[0];
    int n0 = ax->n, ns = r->npoints / n0;
    char t[800], num[UNITS_BUF];
    if (title) {
        fputs("set title ", f);
        gplot_string(title, f);
        fputc('\n', f);
    }
    if (ax->unit[0])
        snprintf(t, sizeof t, "%.600s (%s)", ax->key, ax->unit);
    else
        snprintf(t, sizeof t, "%.600s", ax->key);
    fputs("set xlabel ", f);
    gplot_string(t, f);
    fputs("\nset ylabel 'share of cases within the limit (%)'\n", f);
    if (ax->whole)
        fputs("set xtics 1\n", f);
    /* every target in view (a 95% target below all the data would sit on
     * the axis), a point of room below, 100% at the top */
    double ymin = 100;
    for (int j = 0; j < r->nsla; j++) {
        ymin = fmin(ymin, 100 * r->target[j]);
        for (int p = 0; p < r->npoints; p++) {
            const sim_sla_summary *c = sweep_result_cell(r, p, j);
            if (!isnan(c->lo))
                ymin = fmin(ymin, 100 * c->lo);
            else if (!isnan(c->attainment))
                ymin = fmin(ymin, 100 * c->attainment);
        }
    }
    fprintf(f, "set offsets graph 0.02, graph 0.02, 0, 0\nset yrange [%.17g:100.5]\n", fmax(0, floor(ymin - 1)));
    /* the crossings of a single series, where the mean meets the target */
    for (int i = 0; i < r->ncrossings; i++) {
        const sweep_crossing *c = &r->crossings[i];
        if (ns == 1 && !isnan(c->at))
            fprintf(f, "set arrow from %.17g, graph 0 to %.17g, graph 1 nohead dt 3 lc rgb '%s'\n", c->at, c->at,
                    colours[c->sla % 8]);
    }
    fputs("plot ", f);
    for (int j = 0; j < r->nsla; j++)
        for (int s = 0; s < ns; s++) {
            int k = j * ns + s;
            const char *c = colours[k % 8];
            if (k)
                fputs(", \\\n     ", f);
            gplot_data_ref(g);
            fprintf(f, " index %d using 1:3:4 with filledcurves fc rgb '%s' fs transparent solid 0.15 noborder "
                       "notitle, \\\n     ",
                    k, c);
            gplot_data_ref(g);
            fprintf(f, " index %d using 1:2 with points lc rgb '%s' pt 7 ps 0.6 notitle, \\\n     ", k, c);
            /* the curve the crossings are read from: monotone between points */
            gplot_data_ref(g);
            fprintf(f, " index %d using 1:2 smooth mcsplines with lines lc rgb '%s' title ", k, c);
            snprintf(t, sizeof t, "%.300s", r->sla_id[j]);
            for (int a = 1; a < r->naxes; a++) {
                double v = sweep_result_value(r, s * n0, a);
                snprintf(t + strlen(t), sizeof t - strlen(t), "%s%.200s=%s", a == 1 ? " (" : ", ", r->axes[a].key,
                         units_number(num, sizeof num, v));
            }
            snprintf(t + strlen(t), sizeof t - strlen(t), "%s, 95%% CI band", r->naxes > 1 ? ")" : "");
            gplot_string(t, f);
        }
    for (int j = 0; j < r->nsla; j++) {
        fprintf(f, ", \\\n     %.17g with lines dt 2 lc rgb '%s' title ", 100 * r->target[j],
                colours[(j * ns) % 8]);
        snprintf(t, sizeof t, "%.300s target %s", r->sla_id[j], units_percent(num, sizeof num, r->target[j], -1));
        gplot_string(t, f);
    }
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

int sweep_plot_check(const char *path, diag_list *d)
{
    gplot_format fmt;
    if (gplot_format_of(path, &fmt, d) != 0)
        return -1;
    return gplot_check(d);
}

/* The figure's script and data, ready to run; NULL with an error in d. */
static gplot *prepare(const sweep_result *r, const char *title, gplot_format fmt, diag_list *d)
{
    gplot *g = gplot_new(fmt, 800, 520, d);
    if (g && (write_script(r, title, g) != 0 || write_data(r, gplot_data(g)) != 0)) {
        diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL, "cannot write the gnuplot files");
        gplot_free(g);
        g = NULL;
    }
    return g;
}

int sweep_result_plot(const sweep_result *r, const char *title, const char *path, FILE *out, diag_list *d)
{
    gplot_format fmt;
    if (gplot_format_of(path, &fmt, d) != 0)
        return -1;
    gplot *g = prepare(r, title, fmt, d);
    int rc = g ? gplot_run(g, out, d) : -1;
    gplot_free(g);
    return rc;
}

char *sweep_result_svg(const sweep_result *r, const char *title, size_t *len, diag_list *d)
{
    gplot *g = prepare(r, title, GPLOT_SVG, d);
    char *svg = g ? gplot_run_mem(g, len, d) : NULL;
    gplot_free(g);
    return svg;
}
