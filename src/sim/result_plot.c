/*
 * result_plot: a sim result drawn for people -- above, each SLA's
 * attainment with its 95% CI against its target and the verdict; below,
 * each measured process's cycle-time distribution read at its percentiles
 * (p50, p90, p95, p99, each with its CI over the replications) in one unit
 * of time.  The figure is written into a gplot (src/render/gplot.h), which
 * runs gnuplot; only the public sim_result API is read.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"
#include "../model/units.h"
#include "../render/gplot.h"
#include "sim.h"

static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                      "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

static const char *const pnames[] = {"p50", "p90", "p95", "p99"};
static const double plevel[] = {50, 90, 95, 99};

/* The figure of cycle.PROC.pXX, or -1. */
static int cycle_metric(const sim_result *r, const char *proc, const char *stat)
{
    size_t n = strlen(proc) + strlen(stat) + 16;
    char *name = alloc_resize(NULL, n, 1);
    snprintf(name, n, "cycle.%s.%s", proc, stat);
    int i = sim_result_metric_find(r, name);
    free(name);
    return i;
}

/* Block 0: one line per SLA -- x, attainment, lo, hi, target (percent). */
static void sla_block(const sim_result *r, FILE *f)
{
    for (int j = 0; j < sim_result_sla_count(r); j++) {
        sim_sla_summary s;
        sim_result_sla_summary(r, j, &s);
        fprintf(f, "%d", j);
        gplot_num(100 * s.attainment, f);
        gplot_num(100 * s.lo, f);
        gplot_num(100 * s.hi, f);
        gplot_num(100 * s.target, f);
        fputc('\n', f);
    }
    if (sim_result_sla_count(r) == 0)
        fputs("0 ? ? ? ?\n", f);
    fputs("\n\n", f);
}

static void sla_panel(const sim_result *r, gplot *g, int block)
{
    FILE *f = gplot_script(g);
    int n = sim_result_sla_count(r);
    fputs("set title 'SLA attainment: share of cases within the limit, 95% CI, against the target'\n"
          "set ylabel 'attainment (%)'\nunset xlabel\nset xrange [-0.6:",
          f);
    fprintf(f, "%d.6]\nset xtics (", n > 0 ? n - 1 : 0);
    for (int j = 0; j < n; j++) {
        sim_sla_summary s;
        sim_result_sla_summary(r, j, &s);
        char t[600];
        snprintf(t, sizeof t, "%.500s: %s", sim_result_sla_id(r, j), sim_verdict_name(s.verdict));
        if (j)
            fputs(", ", f);
        gplot_string(t, f);
        fprintf(f, " %d", j);
    }
    fputs(")\nset offsets 0, 0, graph 0.08, graph 0.08\nplot ", f);
    gplot_data_ref(g);
    fprintf(f, " index %d using 1:2:3:4 with yerrorbars lc rgb '%s' pt 7 ps 1.2 "
               "title 'attainment (95%% CI)', \\\n     ",
            block, colours[0]);
    gplot_data_ref(g);
    fprintf(f, " index %d using ($1-0.3):5:(0.6):(0) with vectors nohead lw 2 dt 2 "
               "lc rgb 'black' title 'target'\n",
            block);
    fputs("set offsets 0, 0, 0, 0\nset xtics autofreq\nunset xrange\n", f);
}

/* Blocks from `block` on: per process, one line per percentile --
 * value, lo, hi (unit u), level.  Returns the number of blocks. */
static int cycle_blocks(const sim_result *r, units_time u, FILE *f)
{
    double s = units_time_seconds(u, 0);
    int k = 0;
    for (int i = 0; i < sim_result_process_count(r); i++) {
        const char *proc = sim_result_process_id(r, i);
        for (int q = 0; q < 4; q++) {
            int m = cycle_metric(r, proc, pnames[q]);
            double v = NAN, lo = NAN, hi = NAN;
            if (m >= 0)
                sim_result_metric_summary(r, m, &v, &lo, &hi);
            gplot_num(v / s, f);
            gplot_num(lo / s, f);
            gplot_num(hi / s, f);
            gplot_num(plevel[q], f);
            fputc('\n', f);
        }
        fputs("\n\n", f);
        k++;
    }
    return k;
}

static units_time cycle_unit(const sim_result *r)
{
    int n = sim_result_process_count(r);
    double *v = alloc_zero(4 * (size_t)n + 1, sizeof *v);
    int k = 0;
    for (int i = 0; i < n; i++)
        for (int q = 0; q < 4; q++) {
            int m = cycle_metric(r, sim_result_process_id(r, i), pnames[q]);
            double lo, hi;
            v[k] = NAN;
            if (m >= 0)
                sim_result_metric_summary(r, m, &v[k], &lo, &hi);
            k++;
        }
    units_time u = units_time_pick(v, (size_t)k);
    free(v);
    return u;
}

static void cycle_panel(const sim_result *r, gplot *g, units_time u, int block, int n)
{
    FILE *f = gplot_script(g);
    char xl[80];
    snprintf(xl, sizeof xl, "cycle time (%s)", units_time_name(u, 1));
    /* the levels on a tail scale, -log10(1 - q): 90, 95 and 99 spread apart */
    fputs("set title 'cycle time: share of cases ended within a time (p50, p90, p95, p99 with 95% CI)'\n"
          "set ylabel 'cases ended (%)'\nset yrange [0.2:2.1]\n"
          "set ytics ('50' log10(2), '90' 1, '95' log10(20), '99' 2)\nset xlabel ",
          f);
    gplot_string(xl, f);
    fputs("\nset xrange [0:*]\nplot ", f);
    for (int i = 0; i < n; i++) {
        if (i)
            fputs(", \\\n     ", f);
        gplot_data_ref(g);
        fprintf(f, " index %d using 1:(-log10(1 - $4 / 100)):2:3 with xerrorlines lc rgb '%s' pt 7 title ", block + i,
                colours[i % 8]);
        gplot_string(sim_result_process_id(r, i), f);
    }
    fputc('\n', f);
}

int sim_result_plot(const sim_result *r, const char *title, gplot *g)
{
    FILE *f = gplot_script(g), *dat = gplot_data(g);
    int nsla = sim_result_sla_count(r), nproc = sim_result_process_count(r);
    int panels = (nsla > 0) + (nproc > 0);
    units_time u = cycle_unit(r);
    sla_block(r, dat);
    int n = cycle_blocks(r, u, dat);
    if (panels == 0) {
        /* nothing measured: a figure that says so, not an empty file */
        fputs("unset key\nunset border\nunset tics\nunset grid\n"
              "set label 'no SLA and no measured process to draw' at graph 0.5, graph 0.5 center\n"
              "plot [0:1][0:1] NaN notitle\n",
              f);
        return ferror(f) || ferror(dat) ? -1 : 0;
    }
    fprintf(f, "set multiplot layout %d, 1", panels);
    if (title) {
        fputs(" title ", f);
        gplot_string(title, f);
    }
    fputc('\n', f);
    if (nsla)
        sla_panel(r, g, 0);
    if (nproc)
        cycle_panel(r, g, u, 1, n);
    fputs("unset multiplot\n", f);
    return ferror(f) || ferror(dat) ? -1 : 0;
}
