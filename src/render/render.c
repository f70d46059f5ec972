/*
 * render: turns findings and simulation figures into decorations (colours,
 * step numbers, label lines, legends), hands them with the model to the
 * graph builder, and writes the picture; see render.h.
 */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "graph.h"
#include "page.h"
#include "../model/alloc.h"

const char *const render_format_names[] = {"svg", "png", "pdf", "dot", "bpmn", NULL};
const char *const render_direction_names[] = {"lr", "tb", NULL};
const char *const render_paper_names[] = {"a4", "letter", NULL};

void render_page_size(render_paper p, int landscape, double *w, double *h)
{
    static const double sizes[RENDER_PAPER_COUNT][2] = {{595, 842}, {612, 792}};
    *w = sizes[p][landscape != 0];
    *h = sizes[p][landscape == 0];
}

void render_page_printable(render_paper p, int landscape, double *w, double *h)
{
    render_page_size(p, landscape, w, h);
    *w -= 2 * RENDER_PAGE_MARGIN_X;
    *h -= RENDER_PAGE_MARGIN_TOP + RENDER_PAGE_MARGIN_BOTTOM;
}

void render_pages_add(render_pages *p, char *buf, size_t len)
{
    /* two growable arrays of one count */
    p->buf = alloc_grow(p->buf, p->n, sizeof *p->buf);
    p->len = alloc_grow(p->len, p->n, sizeof *p->len);
    p->buf[p->n] = buf;
    p->len[p->n++] = len;
}

void render_pages_release(render_pages *p)
{
    if (!p)
        return;
    for (size_t k = 0; k < p->n; k++)
        free(p->buf[k]);
    free(p->buf);
    free(p->len);
    memset(p, 0, sizeof *p);
}

int render_format_of_path(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/'))
        return -1;
    dot++;
    for (int f = 0; f < RENDER_FORMAT_COUNT; f++)
        if (strcasecmp(dot, render_format_names[f]) == 0)
            return f;
    if (strcasecmp(dot, "gv") == 0)
        return RENDER_DOT;
    if (strcasecmp(dot, "xml") == 0)
        return RENDER_BPMN;
    return -1;
}

double render_smallest_pt(render_direction dir)
{
    return dir == RENDER_TB ? 9 : 8;
}

void render_options_init(render_options *o)
{
    memset(o, 0, sizeof *o);
    o->process = -1;
    o->page = -1;
    o->overlay_by = RENDER_BY_UTIL;
}

void render_duration(char *buf, size_t n, double s)
{
    static const struct {
        double limit, unit;
        const char *name;
    } units[] = {{90, 1, "s"}, {90 * 60, 60, "min"}, {48 * 3600, 3600, "h"}, {INFINITY, 86400, "d"}};
    if (isnan(s)) {
        snprintf(buf, n, "n/a");
        return;
    }
    size_t k = 0;
    while (fabs(s) >= units[k].limit)
        k++;
    double v = s / units[k].unit;
    snprintf(buf, n, fabs(v) < 9.95 && k > 0 ? "%.1f %s" : "%.0f %s", v, units[k].name);
}

/* ---- findings --------------------------------------------------------- */

#define ERR_PEN "red3"
#define ERR_FILL "mistyrose"
#define WARN_PEN "darkorange2"
#define WARN_FILL "papayawhip"
#define LEGEND_MAX 25

static render_mark *marks(render_mark **a, size_t n)
{
    if (!*a)
        *a = alloc_zero(n, sizeof **a);
    return *a;
}

/* Appends an HTML row (or, for edges, a line) to a mark. */
static void add_rows(render_mark *mk, const char *html)
{
    render_str b = {0};
    if (mk->rows)
        render_str_addf(&b, "%s", mk->rows);
    render_str_addf(&b, "%s", html);
    free(mk->rows);
    mk->rows = b.s;
}

/* Colours an element by the worst severity found on it. */
static void colour(render_mark *mk, diag_severity sev, int fill)
{
    if (mk->pen && strcmp(mk->pen, ERR_PEN) == 0 && sev != DIAG_ERROR)
        return;
    mk->pen = sev == DIAG_ERROR ? ERR_PEN : WARN_PEN;
    if (fill)
        mk->fill = sev == DIAG_ERROR ? ERR_FILL : WARN_FILL;
}

/* Step labels collected per element before they become rows. */
typedef struct steps {
    render_str *node, *flow;
    const char **node_pen, **flow_pen;
} steps;

static void step_add(render_str *s, const char **pen, const char *label, diag_severity sev)
{
    render_str_addf(s, "%s[%s]", s->n ? " " : "", label);
    if (!*pen || sev == DIAG_ERROR)
        *pen = sev == DIAG_ERROR ? ERR_PEN : WARN_PEN;
}

/* Numbers the trace of d: a step goes on the flow from the previous moved
 * node to this one when there is one, else on the node itself. */
static void number_trace(const model *m, const diag *dg, const char *prefix, steps *st)
{
    int prev = -1;
    for (size_t k = 0; k < dg->ntrace; k++) {
        int cur = dg->trace[k].element ? model_find_node(m, dg->trace[k].element) : -1;
        char label[64];
        snprintf(label, sizeof label, "%s%zu", prefix, k + 1);
        if (cur < 0) {
            prev = -1;
            continue;
        }
        int flow = -1;
        if (prev >= 0) {
            const model_node *p = model_node_at(m, prev);
            for (int j = 0; j < p->nout && flow < 0; j++)
                if (model_flow_at(m, p->out[j])->target == cur)
                    flow = p->out[j];
        }
        if (flow >= 0)
            step_add(&st->flow[flow], &st->flow_pen[flow], label, dg->severity);
        else
            step_add(&st->node[cur], &st->node_pen[cur], label, dg->severity);
        prev = cur;
    }
}

/* Width of the findings legend, characters: a page, or a drawing top down
 * (drawn so for narrow places), is narrower than a screen, and a long line
 * would widen (and so shrink) the whole drawing. */
#define LEGEND_WRAP 110
#define LEGEND_WRAP_PAGE 72

static void legend_finding(render_str *lg, const diag *dg, const char *prefix, int wrap)
{
    render_str_addf(lg, "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT COLOR=\"%s\">\u25A0</FONT> ",
                    dg->severity == DIAG_ERROR ? ERR_PEN : WARN_PEN);
    char head[96];
    snprintf(head, sizeof head, "%s%s%s [%s]", prefix, *prefix ? ": " : "",
             diag_severity_name(dg->severity), dg->code);
    render_str_addf(lg, "<B>");
    render_str_add_text(lg, head);
    render_str_addf(lg, "</B>%s", wrap < LEGEND_WRAP ? "<BR/>" : " ");
    char *text = alloc_printf("%s%s%s", dg->element ? dg->element : "",
                              dg->element ? ": " : "", dg->message);
    render_str_add_wrapped(lg, text, wrap);
    free(text);
    render_str_addf(lg, "</TD></TR>");
}

static void decorate_findings(const model *m, const diag_list *fl, int fill, int wrap,
                              render_decor *dc, render_str *lg)
{
    size_t nn = model_node_count(m), nf = model_flow_count(m);
    steps st = {alloc_zero(nn, sizeof(render_str)), alloc_zero(nf, sizeof(render_str)),
                alloc_zero(nn, sizeof(char *)), alloc_zero(nf, sizeof(char *))};
    size_t ntraced = 0, nshown = 0;
    size_t nerr = diag_list_count_severity(fl, DIAG_ERROR),
           nwarn = diag_list_count_severity(fl, DIAG_WARNING);
    for (size_t i = 0; i < diag_list_count(fl); i++)
        ntraced += diag_list_at(fl, i)->ntrace > 0 && diag_list_at(fl, i)->severity > DIAG_NOTE;

    render_str_addf(lg, "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><B>Findings</B>: ");
    if (nerr + nwarn == 0)
        render_str_addf(lg, "none");
    else
        render_str_addf(lg, "%zu error%s, %zu warning%s%s(red: errors, orange: warnings;%s"
                            "[n]: step n of a trace, on the flow taken or on the node)",
                        nerr, nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s",
                        wrap < LEGEND_WRAP ? "<BR/>" : " ", wrap < LEGEND_WRAP ? "<BR/>" : " ");
    render_str_addf(lg, "</TD></TR>");

    size_t traced = 0;
    for (size_t i = 0; i < diag_list_count(fl); i++) {
        const diag *dg = diag_list_at(fl, i);
        if (dg->severity == DIAG_NOTE)
            continue;
        /* several traces: A1, A2, ... B1, ...; past Z, T27.1 ... */
        char prefix[24] = "";
        if (dg->ntrace > 0 && ntraced > 1) {
            if (traced < 26)
                snprintf(prefix, sizeof prefix, "%c", (char)('A' + traced));
            else
                snprintf(prefix, sizeof prefix, "T%zu.", traced + 1);
        }
        if (dg->ntrace > 0) {
            traced++;
            number_trace(m, dg, prefix, &st);
        }
        if (nshown++ < LEGEND_MAX)
            legend_finding(lg, dg, prefix, wrap);
        model_kind kind;
        int idx = dg->element ? model_find(m, dg->element, &kind) : -1;
        if (idx < 0)
            continue;
        switch (kind) {
        case MODEL_KIND_NODE:
            colour(&marks(&dc->nodes, nn)[idx], dg->severity, fill);
            break;
        case MODEL_KIND_FLOW:
            colour(&marks(&dc->flows, nf)[idx], dg->severity, 0);
            break;
        case MODEL_KIND_LANE:
            colour(&marks(&dc->lanes, model_lane_count(m))[idx], dg->severity, 0);
            break;
        case MODEL_KIND_PARTICIPANT:
            colour(&marks(&dc->parts, model_participant_count(m))[idx], dg->severity, 0);
            break;
        case MODEL_KIND_MSGFLOW:
            colour(&marks(&dc->msgflows, model_msgflow_count(m))[idx], dg->severity, 0);
            break;
        case MODEL_KIND_PROCESS: {
            int part = model_process_at(m, idx)->participant;
            if (part >= 0)
                colour(&marks(&dc->parts, model_participant_count(m))[part], dg->severity, 0);
            break;
        }
        default:
            break;
        }
    }
    if (nshown > LEGEND_MAX)
        render_str_addf(lg, "<TR><TD ALIGN=\"LEFT\">... and %zu more: see "
                            "'flowmc check'</TD></TR>",
                        nshown - LEGEND_MAX);

    for (size_t i = 0; i < nn; i++) {
        if (!st.node[i].n)
            continue;
        render_str r = {0};
        render_str_addf(&r, "<TR><TD><FONT COLOR=\"%s\" POINT-SIZE=\"9\"><B>", st.node_pen[i]);
        render_str_add_wrapped(&r, st.node[i].s, 18);
        render_str_addf(&r, "</B></FONT></TD></TR>");
        add_rows(&marks(&dc->nodes, nn)[i], r.s);
        render_str_release(&r);
        render_str_release(&st.node[i]);
    }
    for (size_t i = 0; i < nf; i++) {
        if (!st.flow[i].n)
            continue;
        render_str r = {0};
        render_str_addf(&r, "<FONT COLOR=\"%s\"><B>", st.flow_pen[i]);
        render_str_add_wrapped(&r, st.flow[i].s, 18);
        render_str_addf(&r, "</B></FONT>");
        render_mark *mk = &marks(&dc->flows, nf)[i];
        add_rows(mk, r.s);
        if (!mk->pen)
            mk->pen = st.flow_pen[i];
        render_str_release(&r);
        render_str_release(&st.flow[i]);
    }
    free(st.node);
    free(st.flow);
    free(st.node_pen);
    free(st.flow_pen);
}

/* ---- simulation overlay ----------------------------------------------- */

/* Light to dark, readable under black text (ColorBrewer YlOrRd). */
static const char *const heat[] = {"#ffffcc", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a"};
#define NHEAT 5
static const double util_edges[NHEAT - 1] = {0.5, 0.7, 0.85, 0.95};

static int util_class(double u)
{
    int c = 0;
    while (c < NHEAT - 1 && u >= util_edges[c])
        c++;
    return c;
}

static void decorate_overlay(const model *m, const render_overlay *ov, render_overlay_by by,
                             double small, render_decor *dc, render_str *lg)
{
    size_t nn = model_node_count(m);
    double maxwait = 0;
    for (size_t i = 0; i < nn; i++) {
        const render_task_figures *f = render_overlay_task(ov, (int)i);
        if (f->present && !isnan(f->wait_mean) && f->wait_mean > maxwait)
            maxwait = f->wait_mean;
    }
    for (size_t i = 0; i < nn; i++) {
        const render_task_figures *f = render_overlay_task(ov, (int)i);
        if (!f->present)
            continue;
        render_mark *mk = &marks(&dc->nodes, nn)[i];
        int c = -1;
        if (by == RENDER_BY_UTIL && !isnan(f->util))
            c = util_class(f->util);
        else if (by == RENDER_BY_WAIT && !isnan(f->wait_mean))
            c = maxwait > 0 ? (int)fmin(NHEAT - 1, floor(f->wait_mean / maxwait * NHEAT)) : 0;
        if (c >= 0)
            mk->fill = heat[c];
        char w[32], p[32], line[160];
        render_duration(w, sizeof w, f->wait_mean);
        render_duration(p, sizeof p, f->wait_p95);
        render_str r = {0};
        snprintf(line, sizeof line, "wait %s%s%s", w, isnan(f->wait_p95) ? "" : " \u00B7 p95 ",
                 isnan(f->wait_p95) ? "" : p);
        render_str_addf(&r, "<TR><TD><FONT POINT-SIZE=\"%g\">", small);
        render_str_add_text(&r, line);
        render_str_addf(&r, "</FONT></TD></TR>");
        line[0] = 0;
        if (!isnan(f->share))
            snprintf(line, sizeof line, "%.0f%% of cases", 100 * f->share);
        if (!isnan(f->util))
            snprintf(line + strlen(line), sizeof line - strlen(line), "%sutil %.0f%%",
                     line[0] ? " \u00B7 " : "", 100 * f->util);
        if (line[0]) {
            render_str_addf(&r, "<TR><TD><FONT POINT-SIZE=\"%g\">", small);
            render_str_add_text(&r, line);
            render_str_addf(&r, "</FONT></TD></TR>");
        }
        add_rows(mk, r.s);
        render_str_release(&r);
    }

    render_str_addf(lg, "<TR><TD ALIGN=\"LEFT\"><B>Simulation</B>: task colour = "
                        "%s; label: mean wait \u00B7 95th percentile, share of cases \u00B7 "
                        "role utilisation</TD></TR><TR><TD ALIGN=\"LEFT\">"
                        "<TABLE BORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"3\"><TR>",
                    by == RENDER_BY_UTIL ? "utilisation of the task's role"
                                         : "mean wait before the task");
    for (int c = 0; c < NHEAT; c++) {
        char lo[32], hi[32], text[80];
        if (by == RENDER_BY_UTIL) {
            double a = c ? util_edges[c - 1] : 0, b = c < NHEAT - 1 ? util_edges[c] : 1;
            snprintf(text, sizeof text, c < NHEAT - 1 ? "%.0f\u2013%.0f%%" : "\u2265 %.0f%%",
                     100 * a, 100 * b);
            if (c == NHEAT - 1)
                snprintf(text, sizeof text, "\u2265 %.0f%%", 100 * a);
        } else {
            render_duration(lo, sizeof lo, maxwait * c / NHEAT);
            render_duration(hi, sizeof hi, maxwait * (c + 1) / NHEAT);
            snprintf(text, sizeof text, "%s \u2013 %s", lo, hi);
        }
        render_str_addf(lg, "<TD BGCOLOR=\"%s\" BORDER=\"1\">%s</TD>", heat[c], text);
    }
    render_str_addf(lg, "<TD BGCOLOR=\"white\" BORDER=\"1\">no figure</TD></TR></TABLE>"
                        "</TD></TR>");
}

/* ---- drawing ---------------------------------------------------------- */

/* Graphviz writes SVG and DOT itself; PNG and PDF are drawn from its SVG. */
static const char *const gv_formats[] = {"svg", NULL, NULL, "dot"};

/* Warns when a drawing w points wide, scaled to the page's printable
 * width, prints its smallest text under the readable size. */
static void page_warning(double w, const render_options *o, diag_list *d)
{
    double pw, ph;
    render_page_printable((render_paper)o->page, o->landscape, &pw, &ph);
    double smallest = render_smallest_pt(o->direction) * fmin(1, pw / w);
    if (smallest < RENDER_READABLE_PT)
        diag_add(d, DIAG_WARNING, "render-small", NULL, 0, NULL, NULL,
                 "at %s%s width (%.1f in) this drawing, %.1f in wide, prints its smallest text "
                 "at %.1f pt, under the %.0f pt that reads: %s",
                 render_paper_names[o->page], o->landscape ? " landscape" : "", pw / 72, w / 72,
                 smallest, RENDER_READABLE_PT,
                 o->lane_tags ? "it is too wide even without swimlanes (--process draws one "
                                "process at a time, --landscape turns the page)"
                              : "its lanes do not fit side by side on the page (--lanes tags "
                                "draws them as tags, --process one process at a time)");
}

int render_draw_pages(const model *m, const render_options *o, render_format f,
                      render_pages *out, diag_list *d)
{
    render_options dflt;
    if (!o) {
        render_options_init(&dflt);
        o = &dflt;
    }
    if (f < RENDER_SVG || f > RENDER_DOT) {
        diag_add(d, DIAG_ERROR, "render", NULL, 0, NULL, NULL,
                 "render_draw draws svg, png, pdf or dot, not '%s'",
                 f >= 0 && f < RENDER_FORMAT_COUNT ? render_format_names[f] : "?");
        return -1;
    }
    unsigned char *procs = NULL;
    if (o->process >= 0) {
        procs = alloc_zero(model_process_count(m), 1);
        procs[o->process] = 1;
    }
    int paged = o->page >= 0;
    render_decor dc = {0};
    render_str lg = {0};
    if (o->findings)
        decorate_findings(m, o->findings, !o->overlay,
                          paged || (o->direction == RENDER_TB && !o->layout_di) ? LEGEND_WRAP_PAGE
                                                                                 : LEGEND_WRAP,
                          &dc, &lg);
    if (o->overlay)
        decorate_overlay(m, o->overlay, o->overlay_by, render_smallest_pt(o->direction), &dc,
                         &lg);
    if (lg.n) {
        render_str t = {0};
        render_str_addf(&t, "<TABLE BORDER=\"1\" COLOR=\"gray60\" CELLBORDER=\"0\" "
                            "CELLSPACING=\"2\" CELLPADDING=\"2\">%s</TABLE>",
                        lg.s);
        dc.legend = t.s;
    }
    render_str_release(&lg);

    int rc = -1;
    char *buf = NULL;
    size_t len = 0;
    render_graph *g = render_graph_new(m, procs, procs == NULL, &dc, 0,
                                       o->layout_di ? RENDER_LR : o->direction,
                                       o->layout_di ? 0 : o->lane_tags);
    if (!g || (o->layout_di ? render_graph_layout_di(g, d) : render_graph_layout(g, d)) != 0)
        goto done;
    if (paged) {
        double w, h;
        render_graph_size(g, &w, &h);
        page_warning(w, o, d);
        if (f == RENDER_PDF || f == RENDER_PNG || f == RENDER_SVG) {
            /* pages: the natural-size SVG, cut and drawn by page.c */
            render_page_geometry pg;
            if (render_graph_output(g, "svg", &buf, &len, d) != 0 ||
                render_graph_page_geometry(g, &pg) != 0)
                goto done;
            rc = page_render(buf, len, &pg, o->page, o->landscape, f, out, d);
            render_page_geometry_release(&pg);
            goto done;
        }
    }
    if (f == RENDER_PNG || f == RENDER_PDF) {
        /* from the SVG, as pages are: it has what Graphviz cannot draw
         * (pools' names turned a quarter) */
        double dpi = 96;
        if ((f == RENDER_PNG && render_graph_bitmap_dpi(g, &dpi, d) != 0) ||
            render_graph_output(g, "svg", &buf, &len, d) != 0)
            goto done;
        rc = page_render_whole(buf, len, f, dpi, out, d);
        goto done;
    }
    if (render_graph_output(g, gv_formats[f], &buf, &len, d) != 0)
        goto done;
    render_pages_add(out, buf, len);
    buf = NULL;
    rc = 0;
done:
    free(buf);
    render_graph_free(g);
    render_decor_release(&dc, m);
    free(procs);
    return rc;
}

int render_draw(const model *m, const render_options *o, render_format f, char **buf,
                size_t *len, diag_list *d)
{
    render_pages p = {0};
    if (render_draw_pages(m, o, f, &p, d) != 0)
        return -1;
    if (p.n != 1) {
        diag_add(d, DIAG_ERROR, "render", NULL, 0, NULL, NULL,
                 "this drawing takes %zu pages: one PNG each (render_draw_pages)", p.n);
        render_pages_release(&p);
        return -1;
    }
    *buf = p.buf[0];
    *len = p.len[0];
    free(p.buf);
    free(p.len);
    return 0;
}
