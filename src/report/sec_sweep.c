/*
 * sec_sweep: a sweep's section of the report, from a `flowmc sweep`
 * result -- each SLA's attainment with its 95% confidence band along the
 * swept parameter against its target, where the target stops being met
 * (the crossings, in the sweep's own words, with the reading marked on
 * the chart), and the points as a table.  On a grid of several
 * parameters the first is the chart's axis and each value of the others a
 * curve of its own.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"
#include "../model/units.h"
#include "plot.h"
#include "sec.h"

static void num_tick(char *buf, size_t n, double v, const void *user)
{
    (void)user;
    units_number(buf, n, v);
}

/* 1 when points p and q share every axis value but the first. */
static int same_curve(const input_sweep *s, const input_sweep_point *p,
                      const input_sweep_point *q)
{
    for (size_t k = 1; k < s->naxis; k++)
        if (p->at[k] != q->at[k])
            return 0;
    return 1;
}

static void axis_title(char *buf, size_t n, const input_sweep_axis *a)
{
    /* "a year" is the unit of a rate: per year */
    if (a->unit && strncmp(a->unit, "a ", 2) == 0)
        snprintf(buf, n, "%s (per %s)", a->key, a->unit + 2);
    else if (a->unit && *a->unit)
        snprintf(buf, n, "%s (%s)", a->key, a->unit);
    else
        snprintf(buf, n, "%s", a->key);
}

static void chart(html_buf *b, const input_sweep *s, size_t j)
{
    double xlo = INFINITY, xhi = -INFINITY, ylo = s->target[j], yhi = s->target[j];
    for (size_t i = 0; i < s->npoint; i++) {
        const input_sweep_point *p = &s->point[i];
        xlo = fmin(xlo, p->at[0]);
        xhi = fmax(xhi, p->at[0]);
        const input_ci *c = &p->fig[j].att;
        double l = isfinite(c->lo) ? c->lo : c->v, h = isfinite(c->hi) ? c->hi : c->v;
        if (isfinite(l))
            ylo = fmin(ylo, l);
        if (isfinite(h))
            yhi = fmax(yhi, h);
    }
    if (!isfinite(ylo))
        ylo = 0;
    if (!isfinite(yhi))
        yhi = 1;
    double y0, y1;
    int dec = sec_share_axis(ylo, yhi, 0.1, &y0, &y1);
    plot *p = plot_new(440, 190);
    plot_y(p, y0, y1, "share within the limit", sec_percent_tick, &dec);
    char xt[256];
    axis_title(xt, sizeof xt, &s->axis[0]);
    double pad = (xhi - xlo) * 0.03;
    plot_x(p, xlo - pad, xhi + pad, xt, num_tick, NULL);
    char tl[160], t[UNITS_BUF];
    units_percent(t, sizeof t, s->target[j], -1);
    snprintf(tl, sizeof tl, "target %s", t);
    plot_hline(p, s->target[j], "#222", 1, tl);

    /* one curve per combination of the other axes, in the order met */
    int *done = alloc_zero(s->npoint, sizeof *done);
    double *x = alloc_zero(s->npoint, sizeof *x), *y = alloc_zero(s->npoint, sizeof *y),
           *lo = alloc_zero(s->npoint, sizeof *lo), *hi = alloc_zero(s->npoint, sizeof *hi);
    int curve = 0;
    for (size_t i = 0; i < s->npoint; i++) {
        if (done[i])
            continue;
        size_t n = 0;
        for (size_t k = i; k < s->npoint; k++)
            if (!done[k] && same_curve(s, &s->point[i], &s->point[k])) {
                done[k] = 1;
                x[n] = s->point[k].at[0];
                y[n] = s->point[k].fig[j].att.v;
                lo[n] = s->point[k].fig[j].att.lo;
                hi[n] = s->point[k].fig[j].att.hi;
                n++;
            }
        const char *col = plot_colour(curve);
        plot_band(p, x, lo, hi, n, col);
        plot_polyline(p, x, y, n, col, 0);
        for (size_t k = i, m = 0; k < s->npoint && m < n; k++) {
            const input_sweep_point *q = &s->point[k];
            if (!same_curve(s, &s->point[i], q))
                continue;
            m++;
            char ci[UNITS_BUF * 3], v[UNITS_BUF], tip[512];
            units_percent_ci(ci, sizeof ci, q->fig[j].att.v, q->fig[j].att.lo,
                             q->fig[j].att.hi);
            units_number(v, sizeof v, q->at[0]);
            snprintf(tip, sizeof tip, "%s at %s = %s: %s, %s%s", s->sla[j], s->axis[0].key, v, ci,
                     q->fig[j].verdict ? q->fig[j].verdict : "?",
                     q->overloaded ? " (overloaded)" : "");
            plot_dot(p, q->at[0], q->fig[j].att.v, q->overloaded ? PLOT_MISSED : col,
                     q->overloaded ? 2 : 0, tip);
        }
        /* the legend names the curve by its other parameters */
        char lab[512] = "";
        size_t len = 0;
        for (size_t k = 1; k < s->naxis && len < sizeof lab; k++) {
            char v[UNITS_BUF];
            units_number(v, sizeof v, s->point[i].at[k]);
            len += (size_t)snprintf(lab + len, sizeof lab - len, "%s%s = %s", k > 1 ? ", " : "",
                                    s->axis[k].key, v);
        }
        plot_legend(p, col, 0, s->naxis > 1 ? lab : s->sla[j]);
        curve++;
    }
    plot_legend(p, plot_colour(0), -3, "95% confidence band");
    plot_legend(p, "#222", -2, "target");
    /* where the curve crosses the target, on a one-parameter sweep */
    for (size_t c = 0; c < s->ncross && s->naxis == 1; c++) {
        const input_crossing *k = &s->cross[c];
        if (k->sla && strcmp(k->sla, s->sla[j]) == 0 && isfinite(k->at)) {
            char v[UNITS_BUF], lab[128];
            units_number(v, sizeof v, k->at);
            snprintf(lab, sizeof lab, "about %s", v);
            plot_vline(p, k->at, PLOT_MISSED, 1, lab);
        }
    }
    for (size_t i = 0; i < s->npoint; i++)
        if (s->point[i].overloaded) {
            plot_legend(p, PLOT_MISSED, 2, "overloaded: the queue grew past flowmc's limit");
            break;
        }
    html_raw(b, "<figure>");
    char label[512];
    snprintf(label, sizeof label, "%s along %s", s->sla[j], s->axis[0].key);
    plot_write(p, b, label);
    html_raw(b, "<figcaption><b>");
    html_text(b, s->sla[j]);
    html_raw(b, "</b>: attainment at each value swept, with its 95% confidence band, against "
                "the target (dashed); a red dotted line marks where the curve crosses the "
                "target.</figcaption></figure>");
    plot_free(p);
    free(done), free(x), free(y), free(lo), free(hi);
}

void sec_sweep_write(html_buf *b, const input_sweep *s, const char *anchor)
{
    html_rawf(b, "<section class=\"sweep\" id=\"%s\"><h2>Sweep: ", anchor);
    for (size_t k = 0; k < s->naxis; k++) {
        html_raw(b, k ? ", " : "");
        html_text(b, s->axis[k].key);
    }
    html_raw(b, "</h2><p class=\"file\">scenario <code>");
    html_text(b, s->scenario ? s->scenario : "?");
    html_raw(b, "</code>");
    if (s->name) {
        html_raw(b, " (");
        html_text(b, s->name);
        html_raw(b, ")");
    }
    html_raw(b, ", result <code>");
    html_text(b, sec_base(s->path));
    html_rawf(b, "</code>: %zu points, %d replications each, seed ", s->npoint,
              s->replications);
    html_text(b, s->seed ? s->seed : "?");
    html_raw(b, "; common random numbers: every point meets the same arrivals and draws, so "
                "the curve moves with the parameter, not with chance.</p>");
    if (s->ncross) {
        html_raw(b, "<ul class=\"changes\">");
        for (size_t c = 0; c < s->ncross; c++) {
            html_raw(b, "<li>");
            html_text(b, s->cross[c].words);
            html_raw(b, "</li>");
        }
        html_raw(b, "</ul>");
    }
    for (size_t j = 0; j < s->nsla; j++)
        chart(b, s, j);
    html_raw(b, "<table class=\"num\"><thead><tr>");
    for (size_t k = 0; k < s->naxis; k++) {
        html_raw(b, "<th>");
        html_text(b, s->axis[k].key);
        html_raw(b, "</th>");
    }
    for (size_t j = 0; j < s->nsla; j++) {
        html_raw(b, "<th>");
        html_text(b, s->sla[j]);
        html_raw(b, " [95% CI]</th>");
    }
    html_raw(b, "</tr></thead><tbody>");
    for (size_t i = 0; i < s->npoint; i++) {
        const input_sweep_point *p = &s->point[i];
        html_raw(b, "<tr>");
        for (size_t k = 0; k < s->naxis; k++) {
            char v[UNITS_BUF];
            units_number(v, sizeof v, p->at[k]);
            html_raw(b, "<td>");
            html_text(b, v);
            html_raw(b, "</td>");
        }
        for (size_t j = 0; j < s->nsla; j++) {
            char ci[UNITS_BUF * 3];
            units_percent_ci(ci, sizeof ci, p->fig[j].att.v, p->fig[j].att.lo,
                             p->fig[j].att.hi);
            html_raw(b, "<td>");
            html_text(b, ci);
            html_raw(b, " ");
            sec_verdict(b, p->fig[j].verdict);
            if (p->overloaded)
                html_raw(b, " <small>(overloaded)</small>");
            html_raw(b, "</td>");
        }
        html_raw(b, "</tr>");
    }
    html_raw(b, "</tbody></table></section>\n");
}
