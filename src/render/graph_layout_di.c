/*
 * graph_layout_di: --layout di -- instead of dot, every shape, lane, pool
 * and flow is put where the file's own diagram (BPMN DI) has it, the
 * names where its BPMNLabel bounds say (di_labels.c), and Graphviz's
 * "nop2" only routes what it is given; a file whose diagram leaves out
 * part of what is drawn is refused.
 */
#include "graph_int.h"
#include "../model/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "di_labels.h"

/* DI pixels (y down) to Graphviz points (y up): y flipped about top. */
typedef struct flip {
    double top;
} flip;

static double gv_y(const flip *f, double y) { return f->top - y; }

static boxf gv_box(const flip *f, model_bounds b)
{
    return (boxf){{b.x, gv_y(f, b.y + b.h)}, {b.x + b.w, gv_y(f, b.y)}};
}

static void set_pos(Agnode_t *v, double x, double y)
{
    /* an attribute: the node's layout record is made by the layout */
    graph_setf(v, "pos", "%.2f,%.2f!", x, y);
}

/* The edge's route: a straight cubic Bezier piece per waypoint segment,
 * Graphviz's "pos" syntax; the arrowheads' tips are the route's ends. */
static void set_route(Agedge_t *e, const flip *f, const double *xy, int n)
{
    render_str b = {0};
    const char *dir = agget(e, "dir");
    int tail = dir && strcmp(dir, "both") == 0;
    double x0 = xy[0], y0 = gv_y(f, xy[1]), x1 = xy[2 * n - 2], y1 = gv_y(f, xy[2 * n - 1]);
    /* the drawn line stops short of the tips by an arrowhead's length */
    double arrow = 10 * 0.8;
    double px[2], py[2];
    for (int side = 0; side < 2; side++) {
        int a = side ? n - 1 : 0, c = side ? n - 2 : 1;
        double ax = xy[2 * a], ay = gv_y(f, xy[2 * a + 1]);
        double cx = xy[2 * c], cy = gv_y(f, xy[2 * c + 1]);
        double len = hypot(cx - ax, cy - ay), k = len > 2 * arrow ? arrow / len : 0.3;
        px[side] = ax + (cx - ax) * k;
        py[side] = ay + (cy - ay) * k;
    }
    render_str_addf(&b, "e,%.2f,%.2f ", x1, y1);
    if (tail)
        render_str_addf(&b, "s,%.2f,%.2f ", x0, y0);
    double sx = tail ? px[0] : x0, sy = tail ? py[0] : y0;
    render_str_addf(&b, "%.2f,%.2f", sx, sy);
    for (int k = 1; k < n; k++) {
        double qx = k == n - 1 ? px[1] : xy[2 * k], qy = k == n - 1 ? py[1] : gv_y(f, xy[2 * k + 1]);
        render_str_addf(&b, " %.2f,%.2f %.2f,%.2f %.2f,%.2f", sx, sy, qx, qy, qx, qy);
        sx = qx;
        sy = qy;
    }
    graph_set(e, "pos", b.s);
    /* a name halfway along its longest segment, a little aside */
    const char *lab = agget(e, "label");
    if (lab && *lab) {
        int best = 0;
        double bl = -1;
        for (int k = 0; k + 1 < n; k++) {
            double l = fabs(xy[2 * k + 2] - xy[2 * k]) + fabs(xy[2 * k + 3] - xy[2 * k + 1]);
            if (l > bl) {
                bl = l;
                best = k;
            }
        }
        double mx = (xy[2 * best] + xy[2 * best + 2]) / 2,
               my = gv_y(f, (xy[2 * best + 1] + xy[2 * best + 3]) / 2);
        int vertical = fabs(xy[2 * best] - xy[2 * best + 2]) < 1;
        graph_setf(e, "lp", "%.2f,%.2f", mx + (vertical ? 24 : 0), my + (vertical ? 0 : 10));
    }
    render_str_release(&b);
}

/* Node i's name where the file's diagram puts it (lb, its BPMNLabel):
 * a text node of its own there, wrapped to the label's width; the shape
 * keeps its mark and any decoration rows. */
static void name_at(render_graph *rg, int i, const flip *f, model_bounds lb)
{
    const model_node *n = model_node_at(rg->m, i);
    Agnode_t *v = rg->nodes[i].v;
    if (!v || !n->e.name || (!model_type_is_event(n->type) && !model_type_is_gateway(n->type)))
        return;
    const render_mark *mk = graph_mark_of(rg->dc ? rg->dc->nodes : NULL, i);
    render_str lab = {0};
    if (n->type == MODEL_BOUNDARY_EVENT) {
        if (mk && mk->rows) {
            graph_name_table(&lab, NULL, rg->sz->shape, mk);
            graph_set_html(v, "xlabel", lab.s);
        } else {
            graph_set(v, "xlabel", "");
        }
    } else {
        int ev = model_type_is_event(n->type);
        graph_shape_label(&lab, ev ? graph_event_mark(n) : graph_gateway_mark(n->type), ev ? EVENT_D + 4 : GATEWAY_D,
                    NULL, rg->sz->shape, mk);
        graph_set_html(v, "label", lab.s);
    }
    render_str_release(&lab);
    render_str t = {0};
    graph_name_table(&t, n->e.name, (int)fmax(4, lb.w / 5.5), NULL);
    Agnode_t *tv = graph_text_node(rg, "#ln:", n->e.id, t.s, "10", "0.01");
    render_str_release(&t);
    set_pos(tv, lb.x + lb.w / 2, gv_y(f, lb.y + lb.h / 2));
}

/* Counts the drawn elements the file's diagram leaves out; names the
 * first in *first. */
static int di_missing(const render_graph *rg, const char **first, int *nodes, int *flows)
{
    const model *m = rg->m;
    *nodes = *flows = 0;
    *first = NULL;
    for (size_t i = 0; i < model_node_count(m); i++)
        if ((rg->nodes[i].v || rg->nodes[i].sub >= 0) && !model_node_at(m, (int)i)->bounds.set) {
            if (!*first)
                *first = model_node_at(m, (int)i)->e.id;
            ++*nodes;
        }
    for (size_t i = 0; i < model_flow_count(m); i++)
        if (rg->flow[i] && model_flow_at(m, (int)i)->nwaypoints < 2) {
            if (!*first)
                *first = model_flow_at(m, (int)i)->e.id;
            ++*flows;
        }
    for (size_t i = 0; i < model_lane_count(m); i++)
        if (rg->lane_c[i] >= 0 && !model_lane_at(m, (int)i)->bounds.set) {
            if (!*first)
                *first = model_lane_at(m, (int)i)->e.id;
            ++*nodes;
        }
    return *nodes + *flows;
}

static void grow_box(boxf *b, boxf c)
{
    b->LL.x = fmin(b->LL.x, c.LL.x);
    b->LL.y = fmin(b->LL.y, c.LL.y);
    b->UR.x = fmax(b->UR.x, c.UR.x);
    b->UR.y = fmax(b->UR.y, c.UR.y);
}

int render_graph_layout_di(render_graph *rg, diag_list *d)
{
    const model *m = rg->m;
    const char *first;
    int mn, mf;
    if (di_missing(rg, &first, &mn, &mf) > 0) {
        int any = 0;
        for (size_t i = 0; i < model_node_count(m); i++)
            any |= model_node_at(m, (int)i)->bounds.set;
        for (size_t i = 0; i < model_flow_count(m); i++)
            any |= model_flow_at(m, (int)i)->nwaypoints > 0;
        diag_add(d, DIAG_ERROR, !any ? "no-di" : "partial-di", model_file(m), 0,
                 first, NULL,
                 !any
                     ? "the file has no diagram (BPMN DI) to draw: draw it without --layout di, "
                       "or add one (flowmc render --format bpmn)"
                     : "the file's diagram leaves out %d shape(s) and %d flow(s), '%s' first: "
                       "--layout di draws a complete diagram only (without it flowmc lays the "
                       "model out)",
                 mn, mf, first);
        return -1;
    }
    /* the top of everything drawn, for the flip */
    flip f = {0};
    for (size_t i = 0; i < model_node_count(m); i++)
        if (rg->nodes[i].v || rg->nodes[i].sub >= 0)
            f.top = fmax(f.top, model_node_at(m, (int)i)->bounds.y + model_node_at(m, (int)i)->bounds.h);
    for (size_t i = 0; i < model_lane_count(m); i++)
        if (rg->lane_c[i] >= 0)
            f.top = fmax(f.top, model_lane_at(m, (int)i)->bounds.y + model_lane_at(m, (int)i)->bounds.h);
    for (size_t i = 0; i < model_participant_count(m); i++)
        if (rg->part_c[i] >= 0 && model_participant_at(m, (int)i)->bounds.set)
            f.top = fmax(f.top, model_participant_at(m, (int)i)->bounds.y +
                                    model_participant_at(m, (int)i)->bounds.h);
    for (size_t i = 0; i < model_flow_count(m); i++)
        for (int k = 0; rg->flow[i] && k < model_flow_at(m, (int)i)->nwaypoints; k++)
            f.top = fmax(f.top, model_flow_at(m, (int)i)->waypoints[2 * k + 1]);

    /* layout-only edges go; shapes, anchors and edges are put where the
     * diagram has them */
    for (int k = 0; k < rg->nhelpers; k++)
        agdelete(rg->g, rg->helpers[k]);
    rg->nhelpers = 0;
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *n = model_node_at(m, (int)i);
        boxf b = gv_box(&f, n->bounds);
        double cx = (b.LL.x + b.UR.x) / 2, cy = (b.LL.y + b.UR.y) / 2;
        if (rg->nodes[i].v) {
            set_pos(rg->nodes[i].v, cx, cy);
            if (!model_type_is_event(n->type) && !model_type_is_gateway(n->type)) {
                graph_setf(rg->nodes[i].v, "width", "%.3f", n->bounds.w / PT);
                graph_setf(rg->nodes[i].v, "height", "%.3f", n->bounds.h / PT);
            }
        }
        if (rg->nodes[i].sub >= 0) {
            set_pos(rg->nodes[i].sub_in, b.LL.x, cy);
            set_pos(rg->nodes[i].sub_out, b.UR.x, cy);
            rg->cs[rg->nodes[i].sub].box = b;
        }
        if (rg->nodes[i].bport)
            set_pos(rg->nodes[i].bport, cx, cy);
    }
    /* names where the modeller put them, when the diagram says */
    di_labels lb;
    di_labels_read(model_file(m), m, &lb);
    for (size_t i = 0; i < model_node_count(m); i++)
        if (lb.node[i].set)
            name_at(rg, (int)i, &f, lb.node[i]);
    for (size_t i = 0; i < model_flow_count(m); i++) {
        if (!rg->flow[i])
            continue;
        set_route(rg->flow[i], &f, model_flow_at(m, (int)i)->waypoints,
                  model_flow_at(m, (int)i)->nwaypoints);
        const char *lab = agget(rg->flow[i], "label");
        model_bounds b = lb.flow[i];
        if (b.set && lab && *lab)
            graph_setf(rg->flow[i], "lp", "%.2f,%.2f", b.x + b.w / 2, gv_y(&f, b.y + b.h / 2));
    }
    di_labels_release(&lb);
    for (size_t i = 0; i < model_msgflow_count(m); i++) {
        const model_msgflow *mf2 = model_msgflow_at(m, (int)i);
        if (!rg->msgs[i].e)
            continue;
        if (mf2->nwaypoints < 2) {
            agdelete(rg->g, rg->msgs[i].e);
            rg->msgs[i].e = NULL;
            continue;
        }
        const double *w = mf2->waypoints;
        int n = mf2->nwaypoints;
        if (rg->msgs[i].port_s)
            set_pos(rg->msgs[i].port_s, w[0], gv_y(&f, w[1]));
        if (rg->msgs[i].port_t)
            set_pos(rg->msgs[i].port_t, w[2 * n - 2], gv_y(&f, w[2 * n - 1]));
        set_route(rg->msgs[i].e, &f, w, n);
    }
    /* pool and lane names in their 30-pixel name band, as modellers write
     * them: turned a quarter at the left of a horizontal pool or lane (in
     * the SVG, see turn_titles), level at the top of a vertical one */
    for (int c = 0; c < rg->ncs; c++) {
        container *k = &rg->cs[c];
        model_bounds b = {0, 0, 0, 0, 0};
        const char *id = NULL;
        if (k->kind == C_POOL) {
            b = model_participant_at(m, k->index)->bounds;
            id = model_participant_at(m, k->index)->e.id;
        } else if (k->kind == C_LANE) {
            b = model_lane_at(m, k->index)->bounds;
            id = model_lane_at(m, k->index)->e.id;
        }
        if (!id || !b.set || !k->title)
            continue;
        int level = b.h > b.w; /* a vertical pool or lane: its band on top */
        double along = level ? b.w : b.h; /* the band's length */
        render_str h = {0};
        render_str_addf(&h, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
                            "CELLPADDING=\"0\"><TR><TD>%s", k->kind == C_POOL ? "<B>" : "");
        /* two lines at most fit the band: a long name in a short band is
         * cut by the band's length, as bpmn-js does */
        render_str_add_wrapped(&h, k->title, (int)fmax(6, along / 6.5));
        render_str_addf(&h, "%s</TD></TR></TABLE>", k->kind == C_POOL ? "</B>" : "");
        Agnode_t *v = graph_text_node(rg, "#dl:", id, h.s, "10", "0.01");
        render_str_release(&h);
        if (level) {
            set_pos(v, b.x + b.w / 2, gv_y(&f, b.y + 15));
        } else {
            char *sid = graph_concat(k->kind == C_POOL ? SIDE_ID : SLIM_ID, id);
            graph_set(v, "id", sid);
            free(sid);
            set_pos(v, b.x + 15, gv_y(&f, b.y + b.h / 2));
            /* its level extent is not what it covers: no room asked */
            graph_set(v, "fixedsize", "true");
            graph_set(v, "width", "0.01");
            graph_set(v, "height", "0.01");
            k->header = v;
            k->turned = 1;
        }
    }
    /* whatever else has no place (names beside shapes top down are not
     * made: the caller draws left to right) goes */
    for (Agnode_t *v = agfstnode(rg->g), *nx; v; v = nx) {
        nx = agnxtnode(rg->g, v);
        const char *pos = agget(v, "pos");
        if (!pos || !*pos)
            agdelete(rg->g, v);
    }
    if (graph_run_layout(rg, "nop2", d) != 0)
        return -1;
    rg->state = 1;
    rg->from_di = 1;
    /* Graphviz moves the drawing to its own origin: the boxes below move
     * with it, by what one shape moved */
    double dx = 0, dy = 0;
    for (size_t i = 0; i < model_node_count(m); i++)
        if (rg->nodes[i].v) {
            boxf b = gv_box(&f, model_node_at(m, (int)i)->bounds);
            dx = ND_coord(rg->nodes[i].v).x - (b.LL.x + b.UR.x) / 2;
            dy = ND_coord(rg->nodes[i].v).y - (b.LL.y + b.UR.y) / 2;
            break;
        }
    /* containers from the diagram: pools, lanes, processes around them */
    boxf all = GD_bb(rg->g);
    for (int c = 0; c < rg->ncs; c++) {
        container *k = &rg->cs[c];
        int has = 1;
        switch (k->kind) {
        case C_POOL:
            has = model_participant_at(m, k->index)->bounds.set;
            if (has)
                k->box = gv_box(&f, model_participant_at(m, k->index)->bounds);
            break;
        case C_LANE: k->box = gv_box(&f, model_lane_at(m, k->index)->bounds); break;
        case C_SUB: /* set above, before the move */
            k->box.LL.x += dx;
            k->box.UR.x += dx;
            k->box.LL.y += dy;
            k->box.UR.y += dy;
            break;
        case C_PROC: has = 0; break;
        }
        k->first = k->last = has ? 0 : -1;
        if (has && k->kind != C_SUB) {
            k->box.LL.x += dx;
            k->box.UR.x += dx;
            k->box.LL.y += dy;
            k->box.UR.y += dy;
        }
        if (has)
            grow_box(&all, k->box);
    }
    GD_bb(rg->g) = all;
    return 0;
}
