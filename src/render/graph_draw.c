/*
 * graph_draw: a laid-out graph drawn -- the containers added as clusters
 * of known bounds, Graphviz's output with pools' side names turned a
 * quarter in the SVG, the resolution a bitmap can have, and what a page
 * cut needs to know of the drawing (page.c makes the pages).
 */
#include "graph_int.h"
#include "../model/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void apply_mark_cluster(Agraph_t *c, const render_mark *mk)
{
    if (mk && mk->pen) {
        graph_set(c, "color", mk->pen);
        graph_set(c, "penwidth", "3");
    }
    if (mk && mk->fill) {
        graph_set(c, "style", "filled");
        graph_set(c, "fillcolor", mk->fill);
    }
}

/* Registers subgraph s as a cluster of parent in the finished layout, with
 * bounds bb, the way dot records the clusters it lays out itself: the
 * emitters then draw it, and gvFreeLayout frees what is added here. */
static void add_cluster(Agraph_t *parent, Agraph_t *s, boxf bb)
{
    agbindrec(s, "Agraphinfo_t", sizeof(Agraphinfo_t), TRUE);
    GD_bb(s) = bb;
    int n = GD_n_cluster(parent) + 1;
    graph_t **cl = alloc_resize(GD_clust(parent), (size_t)n + 1, sizeof *cl);
    cl[n] = s;
    GD_clust(parent) = cl;
    GD_n_cluster(parent) = n;
}

/* After the layout, the containers become clusters of known bounds (none
 * took part in the layout: see the top of this file). */
static void draw_containers(render_graph *rg)
{
    const model *m = rg->m;
    Agraph_t **cl = alloc_zero((size_t)rg->ncs, sizeof *cl);
    for (int c = 0; c < rg->ncs; c++) {
        const container *k = &rg->cs[c];
        if (!k->boxed || k->first < 0)
            continue;
        Agraph_t *parent = k->parent >= 0 && cl[k->parent] ? cl[k->parent] : rg->g;
        const char *id = NULL;
        const render_mark *mk = NULL;
        const render_decor *dc = rg->dc;
        switch (k->kind) {
        case C_POOL:
            id = model_participant_at(m, k->index)->e.id;
            mk = graph_mark_of(dc ? dc->parts : NULL, k->index);
            break;
        case C_LANE:
            id = model_lane_at(m, k->index)->e.id;
            mk = graph_mark_of(dc ? dc->lanes : NULL, k->index);
            break;
        case C_PROC: id = model_process_at(m, k->index)->e.id; break;
        case C_SUB:
            id = model_node_at(m, k->index)->e.id;
            mk = graph_mark_of(dc ? dc->nodes : NULL, k->index);
            break;
        }
        char *name = graph_concat("cluster_", id);
        Agraph_t *s = cl[c] = agsubg(parent, name, 1);
        free(name);
        graph_set(s, "id", id);
        graph_set(s, "label", "");
        /* clusters inherit their parent's attributes: set every one */
        graph_set(s, "style", "solid");
        graph_set(s, "color", "black");
        graph_set(s, "penwidth", "1");
        switch (k->kind) {
        case C_POOL: graph_set(s, "penwidth", "1.6"); break;
        case C_LANE: graph_set(s, "color", "gray45"); break;
        case C_PROC:
            graph_set(s, "style", "dashed");
            graph_set(s, "color", "gray45");
            break;
        case C_SUB:
            graph_set(s, "style", model_node_at(m, k->index)->triggered_by_event ? "rounded,dotted"
                                                                           : "rounded");
            graph_set(s, "penwidth", "1.3");
            break;
        }
        apply_mark_cluster(s, mk);
        /* nested lanes step in a little from their names' side, to show
         * their nesting */
        boxf bb = k->box;
        double step = k->kind == C_LANE ? 10.0 * model_lane_at(m, k->index)->depth : 0;
        if (rg->tb)
            bb.UR.y -= step;
        else
            bb.LL.x += step;
        add_cluster(parent, s, bb);
    }
    free(cl);
}

/* Left to right, pools' side names are turned a quarter, read upwards, as
 * BPMN draws them (top down, empty lanes' names, in their narrow
 * column): Graphviz cannot turn text, so the node's group in its
 * SVG gets a rotation about the node's centre (Graphviz writes y
 * negated).  PNG and PDF are drawn from this SVG (render.c). */
static void turn_titles(const render_graph *rg, char **buf, size_t *len)
{
    for (int c = 0; c < rg->ncs; c++) {
        const container *k = &rg->cs[c];
        if (!k->turned || !k->header)
            continue;
        const char *id = agget(k->header, "id");
        char key[512];
        snprintf(key, sizeof key, "<g id=\"%s\" class=\"node\"", id);
        char *at = strstr(*buf, key);
        if (!at || strlen(id) > 400)
            continue;
        char turn[96];
        int tn = snprintf(turn, sizeof turn, " transform=\"rotate(-90 %.2f %.2f)\"",
                          ND_coord(k->header).x, -ND_coord(k->header).y);
        size_t off = (size_t)(at - *buf) + strlen(key);
        char *nb = alloc_zero(*len + (size_t)tn + 1, 1);
        memcpy(nb, *buf, off);
        memcpy(nb + off, turn, (size_t)tn);
        memcpy(nb + off + tn, *buf + off, *len - off + 1);
        free(*buf);
        *buf = nb;
        *len += (size_t)tn;
    }
}

int render_graph_bitmap_dpi(render_graph *rg, double *out, diag_list *d)
{
    double w, h;
    render_graph_size(rg, &w, &h);
    /* cairo bitmaps stop at 32767 pixels a side: lower the resolution of
     * big drawings rather than have cairo scale them */
    double dpi = fmin(96.0, 32000.0 * PT / fmax(w, h));
    /* below a few dots an inch nothing is readable, and the short side
     * rounds to no pixel at all: cairo then writes nothing (a 0-byte
     * file for a 2-million-character label) */
    if (dpi < 4 || fmin(w, h) / PT * dpi < 1) {
        diag_add(d, DIAG_ERROR, "render-budget", model_file(rg->m), 0, NULL, NULL,
                 "the drawing is %.0f x %.0f inches: a png of it would have %.2g dots per "
                 "inch (cairo stops at 32767 pixels a side); draw it as svg or pdf, or "
                 "shorten the longest names",
                 w / PT, h / PT, dpi);
        return -1;
    }
    *out = dpi;
    return 0;
}

int render_graph_output(render_graph *rg, const char *gvformat, char **buf, size_t *len,
                        diag_list *d)
{
    if (rg->state == 1) {
        draw_containers(rg);
        rg->state = 2;
    }
    double w, h;
    render_graph_size(rg, &w, &h);
    if (strncmp(gvformat, "png", 3) == 0) {
        double dpi;
        if (render_graph_bitmap_dpi(rg, &dpi, d) != 0)
            return -1;
        GD_drawing(rg->g)->dpi = dpi;
    }
    char *data = NULL;
    unsigned int n = 0;
    graph_diags_begin(d);
    int rc = gvRenderData(rg->gvc, rg->g, gvformat, &data, &n);
    graph_diags_end();
    if (rc != 0 || !data) {
        if (data)
            gvFreeRenderData(data);
        diag_add(d, DIAG_ERROR, "graphviz", NULL, 0, NULL, NULL,
                 "graphviz cannot write '%s' here: its renderer plugin is missing", gvformat);
        return -1;
    }
    if (n == 0) { /* a renderer that failed without a word (cairo) */
        gvFreeRenderData(data);
        diag_add(d, DIAG_ERROR, "graphviz", model_file(rg->m), 0, NULL, NULL,
                 "graphviz wrote an empty %s: the drawing is %.0f x %.0f inches", gvformat,
                 w / PT, h / PT);
        return -1;
    }
    *buf = alloc_resize(NULL, (size_t)n + 1, 1);
    memcpy(*buf, data, n);
    (*buf)[n] = 0;
    *len = n;
    gvFreeRenderData(data);
    if (strcmp(gvformat, "svg") == 0)
        turn_titles(rg, buf, len);
    return 0;
}

void render_graph_size(const render_graph *rg, double *w, double *h)
{
    boxf bb = GD_bb(rg->g);
    double pad = 2 * DRAW_PAD * PT;
    *w = bb.UR.x - bb.LL.x + pad;
    *h = bb.UR.y - bb.LL.y + pad;
}

/* ---- pages ------------------------------------------------------------ */

/* Graphviz points to the output's: from the drawing's top left corner,
 * padding included, y down (Graphviz's SVG at natural size). */
static double out_x(const render_graph *rg, double x) { return x - GD_bb(rg->g).LL.x + DRAW_PAD * PT; }
static double out_y(const render_graph *rg, double y) { return GD_bb(rg->g).UR.y - y + DRAW_PAD * PT; }

static int invisible(void *obj)
{
    const char *s = agget(obj, "style");
    return s && strstr(s, "invis") != NULL;
}

static void add_span(render_page_geometry *pg, double y0, double y1)
{
    *ALLOC_PUSH(pg->busy, pg->nbusy) = (render_span){fmin(y0, y1), fmax(y0, y1)};
}

static void label_span(const render_graph *rg, const textlabel_t *l, render_page_geometry *pg)
{
    if (l && l->set)
        add_span(pg, out_y(rg, l->pos.y - l->dimen.y / 2), out_y(rg, l->pos.y + l->dimen.y / 2));
}

int render_graph_page_geometry(render_graph *rg, render_page_geometry *pg)
{
    memset(pg, 0, sizeof *pg);
    if (rg->state < 1)
        return -1;
    if (rg->state == 1) {
        draw_containers(rg);
        rg->state = 2;
    }
    Agraph_t *g = rg->g;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v)) {
        if (!invisible(v)) {
            double hh = ND_ht(v) / 2;
            add_span(pg, out_y(rg, ND_coord(v).y + hh),
                     out_y(rg, ND_coord(v).y - hh));
        }
        label_span(rg, ND_xlabel(v), pg);
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            if (invisible(e) || !ED_spl(e))
                continue;
            label_span(rg, ED_label(e), pg);
            label_span(rg, ED_xlabel(e), pg);
            label_span(rg, ED_head_label(e), pg);
            label_span(rg, ED_tail_label(e), pg);
            const splines *sp = ED_spl(e);
            for (int k = 0; k < sp->size; k++) {
                /* the arrowheads' tips too: a cut there crosses the edge */
                const bezier *bz = &sp->list[k];
                render_polyline pl = {alloc_zero(2 * ((size_t)bz->size + 2), sizeof(double)), 0};
                if (bz->sflag) {
                    pl.xy[2 * pl.n] = out_x(rg, bz->sp.x);
                    pl.xy[2 * pl.n++ + 1] = out_y(rg, bz->sp.y);
                }
                for (int j = 0; j < bz->size; j++) {
                    pl.xy[2 * pl.n] = out_x(rg, bz->list[j].x);
                    pl.xy[2 * pl.n++ + 1] = out_y(rg, bz->list[j].y);
                }
                if (bz->eflag) {
                    pl.xy[2 * pl.n] = out_x(rg, bz->ep.x);
                    pl.xy[2 * pl.n++ + 1] = out_y(rg, bz->ep.y);
                }
                *ALLOC_PUSH(pg->lines, pg->nlines) = pl;
            }
        }
    }
    label_span(rg, GD_label(g), pg);
    for (int c = 0; c < rg->ncs; c++) {
        const container *k = &rg->cs[c];
        if (!k->boxed || k->first < 0)
            continue;
        /* a container's title sits on its border: cutting there splits
         * no box, and a reader sees a lane or phase begin on a new page */
        double y0 = out_y(rg, k->box.UR.y), y1 = out_y(rg, k->box.LL.y);
        *ALLOC_PUSH(pg->borders, pg->nborders) = y0;
        *ALLOC_PUSH(pg->borders, pg->nborders) = y1;
    }
    render_graph_size(rg, &pg->width, &pg->height);
    return 0;
}

void render_page_geometry_release(render_page_geometry *pg)
{
    for (int k = 0; k < pg->nlines; k++)
        free(pg->lines[k].xy);
    free(pg->lines);
    free(pg->busy);
    free(pg->borders);
    memset(pg, 0, sizeof *pg);
}
