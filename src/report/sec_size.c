/*
 * sec_size: a sizing's section of the report, from a `flowmc size` table
 * -- the sizing curve (each SLA's attainment with its 95% confidence
 * interval at every staffing tried, against its target) and the table of
 * candidates with the one size chose.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"
#include "../model/units.h"
#include "plot.h"
#include "sec.h"

static void int_tick(char *buf, size_t n, double v, const void *user)
{
    (void)user;
    snprintf(buf, n, "%.0f", v);
}

/* "roster oncall=2, role rzm=3". */
static void staffing(char *buf, size_t n, const input_size *s, const input_candidate *c)
{
    size_t k = 0;
    buf[0] = 0;
    for (size_t i = 0; i < s->nstaff && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s=%d", i ? ", " : "", s->staff_col[i],
                              c->staff[i]);
}

void sec_size_write(html_buf *b, const input_size *s, const char *anchor)
{
    const char *base = sec_base(s->path);
    html_rawf(b, "<section class=\"size\" id=\"%s\"><h2>Sizing: ", anchor);
    html_text(b, base);
    html_raw(b, "</h2><p class=\"file\">table <code>");
    html_text(b, base);
    html_rawf(b, "</code>: %zu staffing%s tried, each judged on ", s->ncand,
              s->ncand == 1 ? "" : "s");
    for (size_t j = 0; j < s->nsla; j++) {
        char t[32];
        sec_percent(t, sizeof t, s->target[j], -1);
        html_raw(b, j ? (j + 1 == s->nsla ? " and " : ", ") : "");
        html_raw(b, "<code>");
        html_text(b, s->sla[j]);
        html_raw(b, "</code> (target ");
        html_text(b, t);
        html_raw(b, ")");
    }
    html_raw(b, ".</p>");
    const input_candidate *answer = NULL;
    for (size_t q = 0; q < s->ncand; q++)
        if (s->cand[q].answer)
            answer = &s->cand[q];
    char st[256];
    if (answer) {
        staffing(st, sizeof st, s, answer);
        html_raw(b, "<p class=\"answer\">Smallest staffing meeting every SLA: <b>");
        html_text(b, st);
        html_rawf(b, "</b> (%d %s).</p>", answer->headcount,
                  answer->headcount == 1 ? "person" : "people");
    } else {
        html_raw(b, "<p class=\"answer\"><b>No staffing tried meets every SLA.</b></p>");
    }

    /* the curve: x is the one sized role's count, else the head count */
    double xlo = INFINITY, xhi = -INFINITY, ylo = 1, yhi = 0;
    double *x = alloc_zero(s->ncand, sizeof *x);
    for (size_t q = 0; q < s->ncand; q++) {
        const input_candidate *c = &s->cand[q];
        x[q] = s->nstaff == 1 ? c->staff[0] : c->headcount;
        xlo = fmin(xlo, x[q]);
        xhi = fmax(xhi, x[q]);
        for (size_t j = 0; j < s->nsla; j++) {
            double l = isfinite(c->att[j].lo) ? c->att[j].lo : c->att[j].v;
            double h = isfinite(c->att[j].hi) ? c->att[j].hi : c->att[j].v;
            if (isfinite(l))
                ylo = fmin(ylo, l);
            if (isfinite(h))
                yhi = fmax(yhi, h);
        }
    }
    for (size_t j = 0; j < s->nsla; j++)
        if (isfinite(s->target[j]))
            ylo = fmin(ylo, s->target[j]), yhi = fmax(yhi, s->target[j]);
    double y0, y1;
    int dec = sec_share_axis(ylo, yhi, 0.1, &y0, &y1);
    plot *p = plot_new(440, 200);
    plot_y(p, y0, y1, "share of cases within the limit", sec_percent_tick, &dec);
    char xt[256];
    snprintf(xt, sizeof xt, "%s", s->nstaff == 1 ? s->staff_col[0] : "head count");
    plot_x(p, xlo - 0.5, xhi + 0.5, xt, int_tick, NULL);
    plot_x_integer(p);
    double *y = alloc_zero(s->ncand, sizeof *y);
    for (size_t j = 0; j < s->nsla; j++) {
        const char *col = plot_colour((int)j);
        char lab[200], t[32];
        sec_percent(t, sizeof t, s->target[j], -1);
        snprintf(lab, sizeof lab, "%s target %s", s->sla[j], t);
        plot_hline(p, s->target[j], col, 1, NULL);
        for (size_t q = 0; q < s->ncand; q++)
            y[q] = s->cand[q].att[j].v;
        plot_polyline(p, x, y, s->ncand, col, 0);
        for (size_t q = 0; q < s->ncand; q++) {
            const input_candidate *c = &s->cand[q];
            char ci[96], tip[512];
            sec_percent_ci(ci, sizeof ci, c->att[j], -1);
            staffing(st, sizeof st, s, c);
            snprintf(tip, sizeof tip, "%s: %s %s, %s", st, s->sla[j], ci, c->verdict[j]);
            plot_ywhisker(p, x[q], c->att[j].lo, c->att[j].hi, col);
            plot_dot(p, x[q], c->att[j].v, col, c->answer ? 1 : 0, tip);
        }
        plot_legend(p, col, 0, s->sla[j]);
        plot_legend(p, col, -2, lab);
    }
    if (answer)
        plot_legend(p, "#222", 1, "the staffing chosen");
    html_raw(b, "<figure>");
    char label[512];
    snprintf(label, sizeof label, "sizing curve of %s", base);
    plot_write(p, b, label);
    html_raw(b, "<figcaption>Each SLA's attainment at each staffing tried, with its 95% "
                "confidence interval, against its target (dashed).</figcaption></figure>");
    plot_free(p);
    free(x);
    free(y);

    html_raw(b, "<table class=\"num\"><thead><tr><th>staffing</th>");
    for (size_t j = 0; j < s->nsla; j++) {
        html_raw(b, "<th>");
        html_text(b, s->sla[j]);
        html_raw(b, " [95% CI]</th>");
    }
    html_raw(b, "<th>verdict</th><th>replications</th></tr></thead><tbody>");
    for (size_t q = 0; q < s->ncand; q++) {
        const input_candidate *c = &s->cand[q];
        staffing(st, sizeof st, s, c);
        html_rawf(b, "<tr%s><td class=\"l\">", c->answer ? " class=\"sig\"" : "");
        html_text(b, st);
        html_raw(b, "</td>");
        for (size_t j = 0; j < s->nsla; j++) {
            char ci[96];
            sec_percent_ci(ci, sizeof ci, c->att[j], -1);
            html_raw(b, "<td>");
            html_text(b, ci);
            html_raw(b, " ");
            sec_verdict(b, c->verdict[j]);
            html_raw(b, "</td>");
        }
        html_raw(b, "<td>");
        sec_verdict(b, c->overall);
        html_rawf(b, "</td><td>%ld</td></tr>", c->replications);
    }
    html_raw(b, "</tbody></table></section>\n");
}

/* 1 when a and b size the same roles against the same SLAs. */
int sec_size_same_kind(const input_size *a, const input_size *b)
{
    if (a->nstaff != 1 || b->nstaff != 1 || a->nsla != b->nsla ||
        strcmp(a->staff_col[0], b->staff_col[0]) != 0)
        return 0;
    for (size_t j = 0; j < a->nsla; j++)
        if (strcmp(a->sla[j], b->sla[j]) != 0)
            return 0;
    return 1;
}

void sec_size_overview_write(html_buf *b, const input_size *const *t, size_t n,
                             const char *const *anchors, const char *anchor)
{
    const input_size *s0 = t[0];
    html_rawf(b, "<section class=\"size-overview\" id=\"%s\"><h2>Sizing curves: ", anchor);
    html_text(b, s0->staff_col[0]);
    html_rawf(b, "</h2><p class=\"file\">%zu sizings of <code>", n);
    html_text(b, s0->staff_col[0]);
    html_raw(b, "</code> side by side, one curve each (the tables' own sections follow).</p>");
    html_raw(b, "<table><thead><tr><th>sizing</th><th>smallest staffing meeting every SLA</th>"
                "</tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_rawf(b, "<tr><td><a href=\"#%s\">", anchors[i]);
        html_text(b, sec_base(t[i]->path));
        html_raw(b, "</a></td><td>");
        const input_candidate *a = NULL;
        for (size_t q = 0; q < t[i]->ncand; q++)
            if (t[i]->cand[q].answer)
                a = &t[i]->cand[q];
        if (a) {
            char c[UNITS_BUF];
            units_count(c, sizeof c, a->staff[0], "person", "people");
            html_text(b, c);
        } else {
            html_raw(b, "none of those tried");
        }
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table>");
    for (size_t j = 0; j < s0->nsla; j++) {
        double xlo = INFINITY, xhi = -INFINITY, ylo = s0->target[j], yhi = s0->target[j];
        for (size_t i = 0; i < n; i++)
            for (size_t q = 0; q < t[i]->ncand; q++) {
                const input_candidate *c = &t[i]->cand[q];
                xlo = fmin(xlo, c->staff[0]);
                xhi = fmax(xhi, c->staff[0]);
                if (isfinite(c->att[j].lo))
                    ylo = fmin(ylo, c->att[j].lo);
                if (isfinite(c->att[j].hi))
                    yhi = fmax(yhi, c->att[j].hi);
            }
        double y0, y1;
        int dec = sec_share_axis(ylo, yhi, 0.1, &y0, &y1);
        plot *p = plot_new(440, 200);
        plot_y(p, y0, y1, "share within the limit", sec_percent_tick, &dec);
        plot_x(p, xlo - 0.5, xhi + 0.5, s0->staff_col[0], int_tick, NULL);
        plot_x_integer(p);
        char tl[128], tg[UNITS_BUF];
        units_percent(tg, sizeof tg, s0->target[j], -1);
        snprintf(tl, sizeof tl, "target %s", tg);
        plot_hline(p, s0->target[j], "#222", 1, tl);
        for (size_t i = 0; i < n; i++) {
            const input_size *s = t[i];
            double *x = alloc_zero(s->ncand, sizeof *x), *y = alloc_zero(s->ncand, sizeof *y);
            const char *col = plot_colour((int)i);
            for (size_t q = 0; q < s->ncand; q++) {
                x[q] = s->cand[q].staff[0];
                y[q] = s->cand[q].att[j].v;
            }
            plot_polyline(p, x, y, s->ncand, col, 0);
            for (size_t q = 0; q < s->ncand; q++) {
                const input_candidate *c = &s->cand[q];
                char ci[UNITS_BUF * 3], tip[512];
                units_percent_ci(ci, sizeof ci, c->att[j].v, c->att[j].lo, c->att[j].hi);
                snprintf(tip, sizeof tip, "%s, %s=%d: %s", sec_base(s->path), s->staff_col[0],
                         c->staff[0], ci);
                plot_ywhisker(p, x[q], c->att[j].lo, c->att[j].hi, col);
                plot_dot(p, x[q], y[q], col, c->answer ? 1 : 0, tip);
            }
            plot_legend(p, col, 0, sec_base(s->path));
            free(x);
            free(y);
        }
        plot_legend(p, "#222", 1, "the staffing chosen");
        html_raw(b, "<figure>");
        char label[512];
        snprintf(label, sizeof label, "%s against %s, every sizing", s0->sla[j],
                 s0->staff_col[0]);
        plot_write(p, b, label);
        html_raw(b, "<figcaption><b>");
        html_text(b, s0->sla[j]);
        html_raw(b, "</b>: attainment with its 95% confidence interval at each staffing each "
                    "sizing tried, against the target (dashed).</figcaption></figure>");
        plot_free(p);
    }
    html_raw(b, "</section>\n");
}
