/*
 * sec_sim: a scenario's section of the report, from its `flowmc sim`
 * result -- each SLA's attainment with its 95% confidence interval
 * against its target and the verdict (a chart and a table), the cycle
 * times' percentiles with their intervals, each role's utilisation and
 * queue, and where cases end.  Every figure is the result file's own; the
 * section only puts it in people's units.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"
#include "../model/units.h"
#include "plot.h"
#include "sec.h"

/* Appends chart p (freed here) as a figure labelled "what of SCENARIO"
 * with its caption (raw HTML). */
static void figure(html_buf *b, plot *p, const char *what, const input_sim *r,
                   const char *caption)
{
    char label[512];
    snprintf(label, sizeof label, "%s of %s", what, r->name ? r->name : sec_base(r->path));
    html_raw(b, "<figure>");
    plot_write(p, b, label);
    html_raw(b, "<figcaption>");
    html_raw(b, caption);
    html_raw(b, "</figcaption></figure>");
    plot_free(p);
}

static void unit_tick(char *buf, size_t n, double v, const void *user)
{
    snprintf(buf, n, "%g %s", v, (const char *)user);
}

/* Decimals for percentage ticks a step apart. */
static void sla_limit(char *buf, size_t n, const input_sla *a)
{
    char t[32];
    sec_duration(t, sizeof t, a->limit_s);
    if (a->calendar)
        snprintf(buf, n, "%s of working time (calendar %s)", t, a->calendar);
    else
        snprintf(buf, n, "%s", t);
}

static void slas(html_buf *b, const sec_sim *s)
{
    const input_sim *r = s->r;
    html_raw(b, "<h3>SLAs: attainment against target</h3>");
    if (!r->nsla) {
        html_raw(b, "<p>The scenario sets no SLA.</p>");
        return;
    }
    double lo = 1, hi = 0;
    for (size_t j = 0; j < r->nsla; j++) {
        const input_sla *a = &r->sla[j];
        double l = isfinite(a->att.lo) ? a->att.lo : a->att.v;
        double h = isfinite(a->att.hi) ? a->att.hi : a->att.v;
        if (isfinite(l))
            lo = fmin(lo, l);
        if (isfinite(h))
            hi = fmax(hi, h);
        lo = fmin(lo, a->target);
        hi = fmax(hi, a->target);
    }
    double xlo, xhi;
    int dec = sec_share_axis(lo, hi, 0.25, &xlo, &xhi);
    const char **labels = alloc_zero(r->nsla, sizeof *labels);
    for (size_t j = 0; j < r->nsla; j++)
        labels[j] = r->sla[j].id;
    plot *p = plot_new(440, 26.0 * (double)r->nsla);
    plot_rows(p, labels, r->nsla);
    plot_x(p, xlo, xhi, "share of cases within the limit", sec_percent_tick, &dec);
    for (size_t j = 0; j < r->nsla; j++) {
        const input_sla *a = &r->sla[j];
        const char *col = strcmp(a->verdict, "met") == 0      ? PLOT_MET
                          : strcmp(a->verdict, "missed") == 0 ? PLOT_MISSED
                                                              : PLOT_UNDECIDED;
        char tip[160], ci[96], tg[32];
        sec_percent_ci(ci, sizeof ci, a->att, -1);
        sec_percent(tg, sizeof tg, a->target, -1);
        snprintf(tip, sizeof tip, "%s: %s, target %s: %s", a->id, ci, tg, a->verdict);
        plot_tick(p, a->target, (double)j, "#222", tip);
        plot_xwhisker(p, (double)j, a->att.lo, a->att.hi, col);
        plot_dot(p, a->att.v, (double)j, col, 0, tip);
    }
    plot_legend(p, PLOT_MET, 0, "met");
    plot_legend(p, PLOT_MISSED, 0, "missed");
    plot_legend(p, PLOT_UNDECIDED, 0, "inconclusive");
    plot_legend(p, "#222", -1, "target (the bar across a row)");
    plot_legend(p, PLOT_GREY, -1, "95% confidence interval");
    figure(b, p, "SLA attainment", r,
           "Each SLA: the share of cases within its limit (dot) with its 95% "
           "confidence interval over the replications (whisker), against its target "
           "(bar).  Met: the whole interval is at or above the target; missed: the whole "
           "interval is below it; inconclusive: it straddles the target.");
    free(labels);

    html_raw(b, "<table class=\"num\"><thead><tr><th>SLA</th><th>measured</th><th>limit</th>"
                "<th>target</th><th>attainment [95% CI]</th><th>verdict</th>"
                "<th>cases measured</th></tr></thead><tbody>");
    for (size_t j = 0; j < r->nsla; j++) {
        const input_sla *a = &r->sla[j];
        char lim[160], tg[32], ci[96], cases[32];
        sla_limit(lim, sizeof lim, a);
        sec_percent(tg, sizeof tg, a->target, -1);
        sec_percent_ci(ci, sizeof ci, a->att, -1);
        sec_number(cases, sizeof cases, (double)a->cases);
        html_rawf(b, "<tr id=\"%s\"><td class=\"l\"><b>", s->sla_anchor[j]);
        html_text(b, a->id);
        html_raw(b, "</b></td><td class=\"l\">from <code>");
        html_text(b, a->from ? a->from : "start");
        html_raw(b, "</code> to <code>");
        html_text(b, a->to ? a->to : "end");
        html_raw(b, "</code></td><td>");
        html_text(b, lim);
        html_raw(b, "</td><td>");
        html_text(b, tg);
        html_raw(b, "</td><td>");
        html_text(b, ci);
        html_raw(b, "</td><td>");
        sec_verdict(b, a->verdict);
        if (a->needed > 0)
            html_rawf(b, " <small>(about %ld replications would decide)</small>", a->needed);
        html_raw(b, "</td><td>");
        html_text(b, cases);
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table>");
    for (size_t j = 0; j < r->nsla; j++) {
        const input_sla *a = &r->sla[j];
        if (isfinite(a->elsewhere) && a->elsewhere > 0) {
            char e[32];
            sec_percent(e, sizeof e, a->elsewhere, -1);
            html_rawf(b, "<p class=\"note\"><b>");
            html_text(b, a->id);
            html_raw(b, "</b>: ");
            html_text(b, e);
            html_raw(b, " of the cases it measures ended elsewhere than its end point and count "
                        "as not within the limit.</p>");
        }
    }
}

static int has_cycle(const input_cycle *c)
{
    return isfinite(c->mean.v) || isfinite(c->p50.v);
}

static void cycles(html_buf *b, const input_sim *r)
{
    size_t n = 0;
    double max = 0;
    for (size_t i = 0; i < r->ncycle; i++)
        if (has_cycle(&r->cycle[i])) {
            n++;
            const input_ci *v[] = {&r->cycle[i].p99, &r->cycle[i].mean};
            for (int k = 0; k < 2; k++)
                max = fmax(max, isfinite(v[k]->hi) ? v[k]->hi : isfinite(v[k]->v) ? v[k]->v : 0);
        }
    html_raw(b, "<h3>Cycle times: how long a case takes</h3>");
    if (!n) {
        html_raw(b, "<p>No case completed: no cycle time to show.</p>");
        return;
    }
    const char *sym;
    double unit = sec_time_unit(max, &sym);
    char **labels = alloc_zero(n, sizeof *labels);
    size_t k = 0;
    for (size_t i = 0; i < r->ncycle; i++) {
        const input_cycle *c = &r->cycle[i];
        if (!has_cycle(c))
            continue;
        char buf[256];
        snprintf(buf, sizeof buf, "%s%s%s", c->name ? c->name : c->process,
                 c->cls ? ", class " : "", c->cls ? c->cls : "");
        labels[k++] = alloc_strdup(buf);
    }
    plot *p = plot_new(440, 26.0 * (double)n);
    plot_rows(p, (const char *const *)labels, n);
    char xt[64];
    snprintf(xt, sizeof xt, "time from start to end of a case (%s)", sym);
    plot_x(p, 0, max / unit * 1.04, xt, unit_tick, sym);
    static const char *const pname[] = {"median (p50)", "p90", "p95", "p99", "mean"};
    static const int shape[] = {0, 2, 3, 1, 4};
    k = 0;
    for (size_t i = 0; i < r->ncycle; i++) {
        const input_cycle *c = &r->cycle[i];
        if (!has_cycle(c))
            continue;
        const input_ci *v[] = {&c->p50, &c->p90, &c->p95, &c->p99, &c->mean};
        for (int q = 0; q < 5; q++) {
            char tip[200], ci[96];
            sec_duration_ci(ci, sizeof ci, *v[q]);
            snprintf(tip, sizeof tip, "%s: %s %s", labels[k], pname[q], ci);
            const char *col = plot_colour(q);
            plot_xwhisker(p, (double)k, v[q]->lo / unit, v[q]->hi / unit, col);
            plot_dot(p, v[q]->v / unit, (double)k, col, shape[q], tip);
        }
        k++;
    }
    for (int q = 0; q < 5; q++)
        plot_legend(p, plot_colour(q), shape[q], pname[q]);
    figure(b, p, "cycle-time percentiles", r,
           "The distribution of cycle times by its percentiles: half the "
           "cases take less than the median, 99 in 100 less than p99.  Whiskers: 95% "
           "confidence intervals over the replications.");

    /* one unit for the table, named in its heads */
    double *all = alloc_zero(5 * n, sizeof *all);
    size_t na = 0;
    for (size_t i = 0; i < r->ncycle; i++)
        if (has_cycle(&r->cycle[i])) {
            const input_cycle *c = &r->cycle[i];
            const double v[] = {c->mean.v, c->p50.v, c->p90.v, c->p95.v, c->p99.v};
            for (int q = 0; q < 5; q++)
                all[na++] = v[q];
        }
    units_time u = units_time_pick(all, na);
    free(all);
    const char *un = units_time_name(u, 1);
    html_rawf(b, "<table class=\"num\"><thead><tr><th>process</th><th>mean, %s</th>"
                 "<th>median, %s</th><th>p90, %s</th><th>p95, %s</th><th>p99, %s</th>"
                 "<th>cases open, mean</th></tr></thead><tbody>",
              un, un, un, un, un);
    k = 0;
    for (size_t i = 0; i < r->ncycle; i++) {
        const input_cycle *c = &r->cycle[i];
        if (!has_cycle(c))
            continue;
        html_raw(b, "<tr><td class=\"l\">");
        html_text(b, labels[k++]);
        html_raw(b, "</td>");
        const input_ci *v[] = {&c->mean, &c->p50, &c->p90, &c->p95, &c->p99};
        for (int q = 0; q < 5; q++) {
            char x[UNITS_BUF], lo[UNITS_BUF], hi[UNITS_BUF];
            units_duration_value(x, sizeof x, v[q]->v, u, 0);
            html_raw(b, "<td>");
            html_text(b, x);
            if (isfinite(v[q]->lo) && isfinite(v[q]->hi)) {
                units_duration_value(lo, sizeof lo, v[q]->lo, u, 0);
                units_duration_value(hi, sizeof hi, v[q]->hi, u, 0);
                html_textf(b, " [%s, %s]", lo, hi);
            }
            html_raw(b, "</td>");
        }
        char w[32];
        sec_number(w, sizeof w, c->wip.v);
        html_raw(b, "<td>");
        html_text(b, w);
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table>");
    for (size_t i = 0; i < n; i++)
        free(labels[i]);
    free(labels);
}

static void roles(html_buf *b, const input_sim *r)
{
    size_t n = 0;
    double max = 0;
    for (size_t i = 0; i < r->nrole; i++)
        if (!r->role[i].unlimited) {
            n++;
            max = fmax(max, isfinite(r->role[i].util.hi) ? r->role[i].util.hi
                                                         : r->role[i].util.v);
        }
    html_raw(b, "<h3>Roles: utilisation and queues</h3>");
    if (n) {
        const char **labels = alloc_zero(n, sizeof *labels);
        size_t k = 0;
        for (size_t i = 0; i < r->nrole; i++)
            if (!r->role[i].unlimited)
                labels[k++] = r->role[i].id;
        plot *p = plot_new(440, 22.0 * (double)n);
        plot_rows(p, labels, n);
        double hi = fmin(1, fmax(0.05, max * 1.15));
        double step = plot_nice_step(0, hi, 5);
        hi = fmin(1, ceil(hi / step) * step);
        int dec = sec_tick_decimals(step);
        plot_x(p, 0, hi, "share of the staff's working time spent on cases", sec_percent_tick, &dec);
        k = 0;
        for (size_t i = 0; i < r->nrole; i++) {
            const input_role *x = &r->role[i];
            if (x->unlimited)
                continue;
            char tip[200], ci[96];
            sec_percent_ci(ci, sizeof ci, x->util, -1);
            snprintf(tip, sizeof tip, "%s: utilisation %s", x->id, ci);
            plot_xbar(p, (double)k, 0, x->util.v, 0.55, plot_colour(0), tip);
            plot_xwhisker(p, (double)k, x->util.lo, x->util.hi, "#222");
            k++;
        }
        plot_legend(p, plot_colour(0), -3, "utilisation");
        plot_legend(p, "#222", -1, "95% confidence interval");
        figure(b, p, "utilisation per role", r,
               "How busy each staffed role is during its working hours.  "
               "Near 100% queues grow without bound.");
        free(labels);

        html_raw(b, "<table class=\"num\"><thead><tr><th>role</th><th>staff</th>"
                    "<th>calendar</th><th>offered load</th><th>utilisation [95% CI]</th>"
                    "<th>cases waiting, mean [95% CI]</th><th>waiting at the end</th></tr>"
                    "</thead><tbody>");
        for (size_t i = 0; i < r->nrole; i++) {
            const input_role *x = &r->role[i];
            if (x->unlimited)
                continue;
            char st[32], ol[48], ut[96], q[128], qe[32];
            sec_number(st, sizeof st, x->staff);
            if (isfinite(x->offered_load)) {
                sec_number(ol, sizeof ol, x->offered_load);
                strncat(ol, " erlangs", sizeof ol - strlen(ol) - 1);
            } else {
                snprintf(ol, sizeof ol, "n/a");
            }
            sec_percent_ci(ut, sizeof ut, x->util, -1);
            char qv[32], ql[32], qh[32];
            sec_number(qv, sizeof qv, x->queue.v);
            sec_number(ql, sizeof ql, x->queue.lo);
            sec_number(qh, sizeof qh, x->queue.hi);
            if (isfinite(x->queue.lo))
                snprintf(q, sizeof q, "%s [%s, %s]", qv, ql, qh);
            else
                snprintf(q, sizeof q, "%s", qv);
            sec_number(qe, sizeof qe, x->queue_end);
            html_raw(b, "<tr><td class=\"l\">");
            html_text(b, x->id);
            html_raw(b, "</td><td>");
            html_text(b, st);
            html_raw(b, "</td><td>");
            html_text(b, x->calendar ? x->calendar : "always");
            html_raw(b, "</td><td>");
            html_text(b, ol);
            html_raw(b, "</td><td>");
            html_text(b, ut);
            html_raw(b, "</td><td>");
            html_text(b, q);
            html_raw(b, "</td><td>");
            html_text(b, qe);
            html_raw(b, "</td></tr>");
        }
        html_raw(b, "</tbody></table>");
    } else {
        html_raw(b, "<p>No role has a head count: nobody queues.</p>");
    }
    int first = 1;
    for (size_t i = 0; i < r->nrole; i++) {
        if (!r->role[i].unlimited)
            continue;
        html_raw(b, first ? "<p class=\"note\">Without a head count (outside parties, "
                            "committees, teams that never queue): "
                          : ", ");
        html_raw(b, "<code>");
        html_text(b, r->role[i].id);
        html_raw(b, "</code>");
        first = 0;
    }
    if (!first)
        html_raw(b, ".</p>");
}

static void ends(html_buf *b, const input_sim *r)
{
    if (!r->nend)
        return;
    html_raw(b, "<h3>Where cases end</h3><table class=\"num\"><thead><tr><th>end</th>"
                "<th>share of cases [95% CI]</th></tr></thead><tbody>");
    for (size_t i = 0; i < r->nend; i++) {
        const input_end *e = &r->end[i];
        char ci[96];
        sec_percent_ci(ci, sizeof ci, e->share, -1);
        html_raw(b, "<tr><td class=\"l\">");
        html_text(b, e->name ? e->name : e->id);
        html_raw(b, " <code>");
        html_text(b, e->id);
        html_raw(b, "</code></td><td>");
        html_text(b, ci);
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table>");
}

void sec_sim_write(html_buf *b, const sec_sim *s)
{
    const input_sim *r = s->r;
    html_rawf(b, "<section class=\"scenario\" id=\"%s\"><h2>", s->anchor);
    html_text(b, r->name ? r->name : r->scenario ? r->scenario : sec_base(r->path));
    html_raw(b, "</h2><p class=\"file\">scenario <code>");
    html_text(b, r->scenario ? r->scenario : "?");
    html_raw(b, "</code>, result <code>");
    html_text(b, sec_base(r->path));
    char hz[32], wu[32], ar[32];
    sec_duration(hz, sizeof hz, r->horizon_s);
    sec_duration(wu, sizeof wu, r->warmup_s);
    sec_number(ar, sizeof ar, r->arrived.v);
    html_rawf(b, "</code>: %d replications, seed %llu; each replication runs ", r->replications,
              r->seed);
    html_text(b, hz);
    if (r->warmup_s > 0) {
        html_raw(b, " after a warm-up of ");
        html_text(b, wu);
    }
    html_raw(b, ", with about ");
    html_text(b, ar);
    html_raw(b, " cases arriving in each");
    if (s->model_anchor) {
        html_rawf(b, "; model: <a href=\"#%s\">", s->model_anchor);
        html_text(b, s->model_title);
        html_raw(b, "</a>");
    }
    html_raw(b, ".</p>");
    slas(b, s);
    cycles(b, r);
    roles(b, r);
    ends(b, r);
    html_raw(b, "</section>\n");
}
