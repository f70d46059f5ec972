/*
 * size_plot: a sizing result drawn by gnuplot -- attainment in percent
 * with its interval per SLA against the objective, the targets as dashed
 * lines, each SLA's ceiling (every sized role unlimited) as a dotted one,
 * the answer marked.  src/render/gplot.c runs gnuplot and picks the format.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../model/units.h"
#include "../render/gplot.h"
#include "size_int.h"

/* Writes the data file: one block per SLA, one line per objective value
 * (the candidate closest to the targets at that value): x attainment lo hi. */
static int write_data(const size_result *r, FILE *f)
{
    for (int j = 0; j < r->nsla; j++) {
        fprintf(f, "# %s: x attainment lo hi\n", r->sla_id[j]);
        for (int q = 0; q < r->nd;) {
            int pick = q, e = q;
            double bestv = -INFINITY;
            for (; e < r->nd && size_at(r, e)->objective == size_at(r, q)->objective; e++) {
                double v = 0;
                for (int k = 0; k < r->nsla; k++)
                    if (!isnan(size_at(r, e)->fig[k].attainment))
                        v += fmin(size_at(r, e)->fig[k].attainment, r->target[k]);
                if (v > bestv) {
                    bestv = v;
                    pick = e;
                }
            }
            const size_sla_figures *fg = &size_at(r, pick)->fig[j];
            fprintf(f, "%.6g", size_at(r, pick)->objective);
            gplot_num(100 * fg->attainment, f);
            gplot_num(100 * fg->lo, f);
            gplot_num(100 * fg->hi, f);
            fputc('\n', f);
            q = e;
        }
        fputs("\n\n", f);
    }
    return ferror(f) ? -1 : 0;
}

static int write_script(const size_result *r, const char *title, gplot *g)
{
    static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                          "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};
    char label[600];
    FILE *f = gplot_script(g);
    if (title) {
        fputs("set title ", f);
        gplot_string(title, f);
        fputc('\n', f);
    }
    fputs("set xlabel ", f);
    if (r->opt.objective == SIZE_COST)
        gplot_string("cost per hour of the week", f);
    else if (r->nroles == 1) {
        snprintf(label, sizeof label, "staff of %.500s", r->role_id[0]);
        gplot_string(label, f);
    } else
        gplot_string("headcount (roles sized together)", f);
    fputs("\nset ylabel '% of cases within the limit'\n", f);
    if (r->nd == 0)
        fputs("set xrange [0:1]\nset format x ''\n"
              "set label 'no staffing searched: every SLA is beyond staffing' at graph 0.5, "
              "graph 0.5 center\n",
              f);
    else if (r->opt.objective != SIZE_COST)
        fputs("set xtics 1\nset offsets 0.5, 0.5, 0, 0\n", f);
    else
        fputs("set offsets graph 0.05, graph 0.05, 0, 0\n", f);
    fputs("set yrange [*:102]\n", f);
    if (r->answer >= 0)
        fprintf(f, "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead dt 3 lc rgb 'black'\n"
                   "set label 'answer' at %.6g, graph 0.03 offset 0.5, 0\n",
                size_at(r, r->answer)->objective, size_at(r, r->answer)->objective,
                size_at(r, r->answer)->objective);
    fputs("plot ", f);
    for (int j = 0; j < r->nsla; j++) {
        const char *c = colours[j % 8];
        char t[600], pc[UNITS_BUF];
        if (j)
            fputs(", \\\n     ", f);
        if (r->nd > 0) {
            gplot_data_ref(g);
            fprintf(f, " index %d using 1:3:4 with filledcurves fc rgb '%s' "
                       "fs transparent solid 0.15 noborder notitle, \\\n     ",
                    j, c);
            gplot_data_ref(g);
            fprintf(f, " index %d using 1:2:3:4 with yerrorlines lc rgb '%s' pt 7 title ", j, c);
            snprintf(t, sizeof t, "%.500s (%s)", r->sla_id[j],
                     r->opt.epsilon > 0 ? "Hoeffding interval" : "95% CI");
            gplot_string(t, f);
            fputs(", \\\n     ", f);
        }
        fprintf(f, "%.6g with lines dt 2 lc rgb '%s' title ", 100 * r->target[j], c);
        snprintf(t, sizeof t, "%.500s target %s", r->sla_id[j],
                 units_percent(pc, sizeof pc, r->target[j], -1));
        gplot_string(t, f);
        if (!isnan(r->ceil[j].fig.attainment)) {
            fprintf(f, ", \\\n     %.6g with lines dt 3 lc rgb '%s' title ",
                    100 * r->ceil[j].fig.attainment, c);
            snprintf(t, sizeof t, "%.500s with unlimited staff %s%s", r->sla_id[j],
                     units_percent(pc, sizeof pc, r->ceil[j].fig.attainment, -1),
                     r->ceil[j].reach == SIZE_REACHABLE ? "" : " (beyond staffing)");
            gplot_string(t, f);
        }
    }
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

int size_plot_check(diag_list *d)
{
    return gplot_check(d);
}

int size_result_plot(const size_result *r, const char *title, gplot_format fmt, FILE *out,
                     diag_list *d)
{
    gplot *g = gplot_new(fmt, 800, 520, d);
    if (!g)
        return -1;
    int rc = -1;
    if (write_script(r, title, g) != 0 || write_data(r, gplot_data(g)) != 0)
        diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL, "cannot write the gnuplot files");
    else
        rc = gplot_run(g, out, d);
    gplot_free(g);
    return rc;
}
