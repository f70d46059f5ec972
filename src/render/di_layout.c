/*
 * di_layout: modeller-ready DI geometry from the Graphviz layout; see
 * di_layout.h.
 *
 * Edges: Graphviz routes polylines, which modellers draw as diagonals.
 * Each edge is routed again from the middle of one side of its source to
 * the middle of one side of its target, in horizontal and vertical
 * segments (one jog half-way, an L, or a U around both ends); of the
 * sixteen pairs of sides, the route that crosses fewest shapes wins, then
 * the one with fewest bends, then the shortest, Graphviz's own sides
 * first on a tie.  When every such route crosses a shape, the polyline's
 * corners are kept as stations of a staircase.
 *
 * Labels: a name is put on the first free place among candidates around
 * its shape (under, over, beside) or along its edge (beside each segment,
 * from the source on), further and further out: free means no edge
 * through it, no shape and no placed name under it.
 */
#include "di_layout.h"
#include "../model/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_W 90.0    /* bpmn-js wraps outside names at this width */
#define LABEL_CHAR 6.2  /* px per character at 11 px Arial, generously */
#define LABEL_LINE 14.0 /* px per line */
#define GAP 3.0         /* between a name and what it must not touch */
#define CLEAR 2.0       /* a name's box grown by this when tested */
#define OUT 20.0        /* a U route's reach beyond its ends */

enum { LEFT, RIGHT, TOP, BOTTOM };

void di_label_size(const char *name, double *w, double *h)
{
    int per = (int)((LABEL_W - 4) / LABEL_CHAR), lines = 1, col = 0, widest = 0;
    for (const char *p = name; *p;) {
        size_t word = strcspn(p, " \n");
        int wl = 0;
        for (size_t k = 0; k < word; k++)
            wl += ((unsigned char)p[k] & 0xC0) != 0x80;
        if (col && col + 1 + wl > per) {
            lines++;
            col = 0;
        }
        col += (col ? 1 : 0) + wl;
        while (col > per) {
            widest = per;
            lines++;
            col -= per;
        }
        if (col > widest)
            widest = col;
        p += word;
        p += strspn(p, " \n");
    }
    /* bpmn-js wraps a name inside its label's width: room to spare */
    *w = fmin(LABEL_W, widest * LABEL_CHAR + 14);
    *h = lines * LABEL_LINE;
}

/* ---- obstacles ------------------------------------------------------- */

typedef struct scene {
    render_box *shapes; /* flow nodes but expanded sub-processes */
    int nshapes;
    double *segs; /* x0 y0 x1 y1: a growable array of quadruples */
    int nsegs;
    render_box *labels;
    int nlabels;
} scene;

static int boxes_overlap(render_box a, render_box b)
{
    return fmin(a.x + a.w, b.x + b.w) - fmax(a.x, b.x) > 0.01 &&
           fmin(a.y + a.h, b.y + b.h) - fmax(a.y, b.y) > 0.01;
}

/* Whether the segment passes through the inside of r (Liang-Barsky). */
static int seg_in_box(double x0, double y0, double x1, double y1, render_box r)
{
    double lx = r.x, hx = r.x + r.w, ly = r.y, hy = r.y + r.h;
    double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
    double p[4] = {-dx, dx, -dy, dy}, q[4] = {x0 - lx, hx - x0, y0 - ly, hy - y0};
    for (int k = 0; k < 4; k++) {
        if (p[k] == 0) {
            if (q[k] <= 0)
                return 0;
        } else {
            double t = q[k] / p[k];
            if (p[k] < 0)
                t0 = fmax(t0, t);
            else
                t1 = fmin(t1, t);
        }
    }
    return t1 - t0 > 1e-9;
}

static render_box shrink(render_box b, double d)
{
    return (render_box){b.x + d, b.y + d, b.w - 2 * d, b.h - 2 * d};
}

/* ---- routes ---------------------------------------------------------- */

/* A route's points, x,y pairs: a growable array (alloc_grow) of pairs. */
typedef struct pts {
    double *xy;
    int n;
} pts;

static void add_pt(pts *p, double x, double y)
{
    if (p->n && fabs(p->xy[2 * p->n - 2] - x) < 0.01 && fabs(p->xy[2 * p->n - 1] - y) < 0.01)
        return;
    p->xy = alloc_grow(p->xy, (size_t)p->n, 2 * sizeof *p->xy);
    p->xy[2 * p->n] = x;
    p->xy[2 * p->n + 1] = y;
    p->n++;
}

/* Drops points in the middle of a straight run. */
static void simplify(pts *p)
{
    int m = 0;
    for (int k = 0; k < p->n; k++) {
        double x = p->xy[2 * k], y = p->xy[2 * k + 1];
        if (m >= 2) {
            double ax = p->xy[2 * m - 4], ay = p->xy[2 * m - 3];
            double bx = p->xy[2 * m - 2], by = p->xy[2 * m - 1];
            if ((fabs(ax - bx) < 0.01 && fabs(bx - x) < 0.01) ||
                (fabs(ay - by) < 0.01 && fabs(by - y) < 0.01)) {
                m--;
            }
        }
        p->xy[2 * m] = x;
        p->xy[2 * m + 1] = y;
        m++;
    }
    p->n = m;
}

static void side_mid(render_box b, int side, double *x, double *y)
{
    *x = side == LEFT ? b.x : side == RIGHT ? b.x + b.w : b.x + b.w / 2;
    *y = side == TOP ? b.y : side == BOTTOM ? b.y + b.h : b.y + b.h / 2;
}

static int horiz(int side) { return side == LEFT || side == RIGHT; }

/* The side of b nearest to (x, y). */
static int nearest_side(render_box b, double x, double y)
{
    double d[4] = {fabs(x - b.x), fabs(x - b.x - b.w), fabs(y - b.y), fabs(y - b.y - b.h)};
    int s = 0;
    for (int k = 1; k < 4; k++)
        if (d[k] < d[s])
            s = k;
    return s;
}

/* From (ax, ay) leaving by side sa to (bx, by) entering by side sb. */
static void connect(pts *p, double ax, double ay, int sa, double bx, double by, int sb)
{
    add_pt(p, ax, ay);
    if (horiz(sa) && horiz(sb)) {
        double mx = (ax + bx) / 2;
        if (sa == RIGHT && sb == RIGHT)
            mx = fmax(ax, bx) + OUT;
        else if (sa == LEFT && sb == LEFT)
            mx = fmin(ax, bx) - OUT;
        if (fabs(ay - by) >= 0.01 || mx != (ax + bx) / 2) {
            add_pt(p, mx, ay);
            add_pt(p, mx, by);
        }
    } else if (!horiz(sa) && !horiz(sb)) {
        double my = (ay + by) / 2;
        if (sa == BOTTOM && sb == BOTTOM)
            my = fmax(ay, by) + OUT;
        else if (sa == TOP && sb == TOP)
            my = fmin(ay, by) - OUT;
        if (fabs(ax - bx) >= 0.01 || my != (ay + by) / 2) {
            add_pt(p, ax, my);
            add_pt(p, bx, my);
        }
    } else if (horiz(sa)) {
        add_pt(p, bx, ay);
    } else {
        add_pt(p, ax, by);
    }
    add_pt(p, bx, by);
}

/* Shapes a route crosses (each shape's inside, less a hair, so that a
 * route may start and end on its ends' borders), bends and length. */
static double route_cost(const scene *sc, const pts *p, double exit_x, double exit_y, int first,
                         int last)
{
    int hits = 0;
    for (int s = 0; s < sc->nshapes; s++) {
        render_box b = shrink(sc->shapes[s], 1);
        if (b.w <= 0 || b.h <= 0)
            continue;
        for (int k = 0; k + 1 < p->n; k++)
            if (seg_in_box(p->xy[2 * k], p->xy[2 * k + 1], p->xy[2 * k + 2], p->xy[2 * k + 3],
                           b)) {
                hits++;
                break;
            }
    }
    (void)exit_x;
    (void)exit_y;
    (void)first;
    (void)last;
    double len = 0;
    for (int k = 0; k + 1 < p->n; k++)
        len += fabs(p->xy[2 * k + 2] - p->xy[2 * k]) + fabs(p->xy[2 * k + 3] - p->xy[2 * k + 1]);
    /* a route must leave its source outwards and enter its target from
     * outside: a first or last segment of no length is no route */
    return hits * 1e6 + (p->n - 2) * 1e3 + len;
}

/* Whether leaving side s of box b towards (x, y) goes outwards. */
static int outward(render_box b, int s, const pts *p, int from_end)
{
    if (p->n < 2)
        return 0;
    int a = from_end ? p->n - 1 : 0, c = from_end ? p->n - 2 : 1;
    double dx = p->xy[2 * c] - p->xy[2 * a], dy = p->xy[2 * c + 1] - p->xy[2 * a + 1];
    (void)b;
    switch (s) {
    case LEFT: return dx < -0.01 && fabs(dy) < 0.01;
    case RIGHT: return dx > 0.01 && fabs(dy) < 0.01;
    case TOP: return dy < -0.01 && fabs(dx) < 0.01;
    default: return dy > 0.01 && fabs(dx) < 0.01;
    }
}

/* Routes an edge from box a to box b; poly (Graphviz's polyline, n
 * points) gives its preferred sides and, failing all, its stations.
 * fixed_sa >= 0 forces the source side (a boundary event's). */
static di_path route(const scene *sc, render_box a, render_box b, const double *poly, int n,
                     int fixed_sa, int tb)
{
    int sa0 = fixed_sa >= 0 ? fixed_sa : nearest_side(a, poly[0], poly[1]);
    int sb0 = nearest_side(b, poly[2 * n - 2], poly[2 * n - 1]);
    pts best = {0};
    double best_cost = INFINITY;
    for (int c = -1; c < 16; c++) {
        int sa = c < 0 ? sa0 : c / 4, sb = c < 0 ? sb0 : c % 4;
        if (fixed_sa >= 0 && sa != fixed_sa)
            continue;
        double ax, ay, bx, by;
        side_mid(a, sa, &ax, &ay);
        side_mid(b, sb, &bx, &by);
        pts p = {0};
        connect(&p, ax, ay, sa, bx, by, sb);
        simplify(&p);
        double cost = route_cost(sc, &p, ax, ay, sa, sb);
        if (!outward(a, sa, &p, 0) || !outward(b, sb, &p, 1))
            cost += 1e9;
        if (cost < best_cost - 1e-9) {
            free(best.xy);
            best = p;
            best_cost = cost;
        } else {
            free(p.xy);
        }
    }
    if (best_cost >= 1e6 && n > 2) {
        /* every plain route crosses a shape: Graphviz's corners as
         * stations, passed along the flow's direction */
        double ax, ay, bx, by;
        side_mid(a, sa0, &ax, &ay);
        side_mid(b, sb0, &bx, &by);
        pts p = {0};
        double px = ax, py = ay;
        int ps = sa0;
        int along = tb ? BOTTOM : RIGHT;
        for (int k = 1; k < n - 1; k++) {
            double qx = poly[2 * k], qy = poly[2 * k + 1];
            connect(&p, px, py, ps, qx, qy, along);
            px = qx;
            py = qy;
            ps = along;
        }
        connect(&p, px, py, ps, bx, by, sb0);
        simplify(&p);
        double cost = route_cost(sc, &p, ax, ay, sa0, sb0);
        if (cost < best_cost) {
            free(best.xy);
            best = p;
        } else {
            free(p.xy);
        }
    }
    return (di_path){best.xy, best.n};
}

static void add_segments(scene *sc, const di_path *p)
{
    for (int k = 0; k + 1 < p->n; k++) {
        sc->segs = alloc_grow(sc->segs, (size_t)sc->nsegs, 4 * sizeof *sc->segs);
        memcpy(sc->segs + 4 * sc->nsegs++, p->xy + 2 * k, sizeof(double) * 4);
    }
}

/* ---- labels ---------------------------------------------------------- */

static int label_free(const scene *sc, render_box r)
{
    render_box g = {r.x - CLEAR, r.y - CLEAR, r.w + 2 * CLEAR, r.h + 2 * CLEAR};
    for (int s = 0; s < sc->nshapes; s++)
        if (boxes_overlap(g, sc->shapes[s]))
            return 0;
    for (int l = 0; l < sc->nlabels; l++)
        if (boxes_overlap(g, sc->labels[l]))
            return 0;
    for (int k = 0; k < sc->nsegs; k++) {
        const double *q = sc->segs + 4 * k;
        if (seg_in_box(q[0], q[1], q[2], q[3], g))
            return 0;
    }
    return 1;
}

static void keep_label(scene *sc, render_box r)
{
    *ALLOC_PUSH(sc->labels, sc->nlabels) = r;
}

static const double reach[] = {GAP, 10, 20, 35, 55, 80, 110};
#define NREACH (int)(sizeof reach / sizeof *reach)

/* A name of size w x h around shape b: under it first (over it, beside
 * it, at its corners then), top down beside it first. */
static di_opt_box place_node_label(scene *sc, render_box b, double w, double h, int tb)
{
    double cx = b.x + b.w / 2, cy = b.y + b.h / 2;
    render_box first = {cx - w / 2, b.y + b.h + GAP, w, h};
    for (int r = 0; r < NREACH; r++) {
        double d = reach[r];
        render_box lr[] = {
            {cx - w / 2, b.y + b.h + d, w, h}, /* under */
            {cx - w / 2, b.y - d - h, w, h},   /* over */
            {b.x + b.w + d, cy - h / 2, w, h}, /* right */
            {b.x - d - w, cy - h / 2, w, h},   /* left */
            {b.x + b.w + d, b.y + b.h + d, w, h},
            {b.x - d - w, b.y + b.h + d, w, h},
            {b.x + b.w + d, b.y - d - h, w, h},
            {b.x - d - w, b.y - d - h, w, h},
        };
        static const int order_lr[] = {0, 1, 4, 5, 6, 7, 2, 3};
        static const int order_tb[] = {2, 3, 4, 6, 5, 7, 0, 1};
        for (int k = 0; k < 8; k++) {
            render_box c = lr[tb ? order_tb[k] : order_lr[k]];
            if (label_free(sc, c)) {
                keep_label(sc, c);
                return (di_opt_box){c, 1};
            }
        }
    }
    keep_label(sc, first);
    return (di_opt_box){first, 1};
}

/* A flow's name beside one of its segments, from the source on. */
static di_opt_box place_flow_label(scene *sc, const di_path *p, double w, double h)
{
    static const double at[] = {0.5, 0.25, 0.75, 0.1, 0.9};
    for (int r = 0; r < NREACH; r++) {
        double d = reach[r];
        for (int k = 0; k + 1 < p->n; k++) {
            double x0 = p->xy[2 * k], y0 = p->xy[2 * k + 1];
            double x1 = p->xy[2 * k + 2], y1 = p->xy[2 * k + 3];
            for (size_t a = 0; a < sizeof at / sizeof *at; a++) {
                double x = x0 + (x1 - x0) * at[a], y = y0 + (y1 - y0) * at[a];
                render_box c[2];
                if (fabs(y1 - y0) < 0.01) { /* horizontal: over, under */
                    c[0] = (render_box){x - w / 2, y - d - h, w, h};
                    c[1] = (render_box){x - w / 2, y + d, w, h};
                } else { /* vertical: right, left */
                    c[0] = (render_box){x + d, y - h / 2, w, h};
                    c[1] = (render_box){x - d - w, y - h / 2, w, h};
                }
                for (int j = 0; j < 2; j++)
                    if (label_free(sc, c[j])) {
                        keep_label(sc, c[j]);
                        return (di_opt_box){c[j], 1};
                    }
            }
        }
    }
    double x = (p->xy[0] + p->xy[2]) / 2, y = (p->xy[1] + p->xy[3]) / 2;
    render_box c = {x + GAP, y + GAP, w, h};
    keep_label(sc, c);
    return (di_opt_box){c, 1};
}

/* ---- lanes ----------------------------------------------------------- */

/* A lane's shape: its strips, out of the name bands of its pool and of
 * its enclosing lanes (left of it, or above it top down); the first lane
 * of a pool also covers the pool's title strip, so that the lanes tile the
 * pool. */
static void lane_boxes(const model *m, const render_graph *rg, int tb, const int *lanes, int n,
                       const render_box *pool, di_geom *g)
{
    for (int j = 0; j < n; j++) {
        const model_lane *l = model_lane_at(m, lanes[j]);
        render_box b;
        if (render_graph_lane_box(rg, lanes[j], &b) != 0)
            continue;
        double band = DI_HEADER * (l->depth + (pool != NULL));
        int first = pool && j == 0 && l->depth == 0;
        if (tb) {
            b.h -= band;
            b.y += band;
            if (first) {
                b.w += b.x - pool->x;
                b.x = pool->x;
            }
        } else {
            b.w -= band;
            b.x += band;
            if (first) {
                b.h += b.y - pool->y;
                b.y = pool->y;
            }
        }
        g->lane[lanes[j]] = (di_opt_box){b, 1};
        lane_boxes(m, rg, tb, l->children, l->nchildren, pool, g);
    }
}

/* ---- the whole ------------------------------------------------------- */

static int named(const char *s) { return s && *s; }

void di_geom_build(const model *m, const render_graph *rg, render_direction dir, di_geom *g)
{
    int tb = dir == RENDER_TB;
    size_t nn = model_node_count(m), nl = model_lane_count(m), np = model_participant_count(m),
           nf = model_flow_count(m), nm = model_msgflow_count(m);
    g->node = alloc_zero(nn, sizeof *g->node);
    g->node_label = alloc_zero(nn, sizeof *g->node_label);
    g->lane = alloc_zero(nl, sizeof *g->lane);
    g->part = alloc_zero(np, sizeof *g->part);
    g->flow = alloc_zero(nf, sizeof *g->flow);
    g->msg = alloc_zero(nm, sizeof *g->msg);
    g->flow_label = alloc_zero(nf, sizeof *g->flow_label);
    g->msg_label = alloc_zero(nm, sizeof *g->msg_label);

    scene sc = {0};
    sc.shapes = alloc_zero(nn, sizeof *sc.shapes);
    for (size_t i = 0; i < nn; i++) {
        render_box b;
        if (render_graph_node_box(rg, (int)i, &b) != 0)
            continue;
        g->node[i] = (di_opt_box){b, 1};
        if (!render_graph_node_expanded(rg, (int)i))
            sc.shapes[sc.nshapes++] = b;
    }

    /* pools and lanes, a margin past the last shape along the flow */
    for (size_t k = 0; k < np; k++) {
        render_box b;
        if (render_graph_part_box(rg, (int)k, &b) != 0)
            continue;
        g->part[k] = (di_opt_box){b, 1};
        const model_participant *pa = model_participant_at(m, (int)k);
        if (pa->process >= 0) {
            const model_process *pr = model_process_at(m, pa->process);
            lane_boxes(m, rg, tb, pr->lanes, pr->nlanes, &b, g);
        }
    }
    for (size_t p = 0; p < model_process_count(m); p++) {
        const model_process *pr = model_process_at(m, (int)p);
        if (pr->participant >= 0 && g->part[pr->participant].set)
            continue;
        lane_boxes(m, rg, tb, pr->lanes, pr->nlanes, NULL, g);
    }
    for (size_t k = 0; k < np; k++)
        if (g->part[k].set)
            *(tb ? &g->part[k].b.h : &g->part[k].b.w) += DI_MARGIN;
    for (size_t k = 0; k < nl; k++)
        if (g->lane[k].set)
            *(tb ? &g->lane[k].b.h : &g->lane[k].b.w) += DI_MARGIN;

    /* edges */
    for (size_t i = 0; i < nf; i++) {
        double *xy;
        int n;
        if (render_graph_flow_path(rg, (int)i, &xy, &n) != 0)
            continue;
        const model_flow *f = model_flow_at(m, (int)i);
        if (!g->node[f->source].set || !g->node[f->target].set) {
            free(xy);
            continue;
        }
        int fixed = model_node_at(m, f->source)->type == MODEL_BOUNDARY_EVENT ? BOTTOM : -1;
        g->flow[i] = route(&sc, g->node[f->source].b, g->node[f->target].b, xy, n, fixed, tb);
        free(xy);
        add_segments(&sc, &g->flow[i]);
    }
    for (size_t i = 0; i < nm; i++) {
        double *xy;
        int n;
        if (render_graph_msgflow_path(rg, (int)i, &xy, &n) != 0)
            continue;
        const model_msgflow *f = model_msgflow_at(m, (int)i);
        /* an end on a black-box pool: a point on its border, where the
         * Graphviz route met it */
        render_box a = {xy[0], xy[1], 0, 0}, b = {xy[2 * n - 2], xy[2 * n - 1], 0, 0};
        if (f->source_node >= 0 && g->node[f->source_node].set)
            a = g->node[f->source_node].b;
        if (f->target_node >= 0 && g->node[f->target_node].set)
            b = g->node[f->target_node].b;
        g->msg[i] = route(&sc, a, b, xy, n, -1, tb);
        free(xy);
        add_segments(&sc, &g->msg[i]);
    }

    /* names: the shapes' first (their place is the more expected), then
     * the flows' */
    for (size_t i = 0; i < nn; i++) {
        const model_node *n = model_node_at(m, (int)i);
        if (!g->node[i].set || !named(n->e.name) ||
            !(model_type_is_event(n->type) || model_type_is_gateway(n->type)))
            continue;
        double w, h;
        di_label_size(n->e.name, &w, &h);
        g->node_label[i] = place_node_label(&sc, g->node[i].b, w, h, tb);
    }
    for (size_t i = 0; i < nf; i++) {
        const model_flow *f = model_flow_at(m, (int)i);
        if (!g->flow[i].xy || !named(f->e.name))
            continue;
        double w, h;
        di_label_size(f->e.name, &w, &h);
        g->flow_label[i] = place_flow_label(&sc, &g->flow[i], w, h);
    }
    for (size_t i = 0; i < nm; i++) {
        const model_msgflow *f = model_msgflow_at(m, (int)i);
        if (!g->msg[i].xy || !named(f->e.name))
            continue;
        double w, h;
        di_label_size(f->e.name, &w, &h);
        g->msg_label[i] = place_flow_label(&sc, &g->msg[i], w, h);
    }
    free(sc.shapes);
    free(sc.segs);
    free(sc.labels);
}

void di_geom_release(di_geom *g, const model *m)
{
    if (!g)
        return;
    for (size_t i = 0; g->flow && i < model_flow_count(m); i++)
        free(g->flow[i].xy);
    for (size_t i = 0; g->msg && i < model_msgflow_count(m); i++)
        free(g->msg[i].xy);
    free(g->node);
    free(g->node_label);
    free(g->lane);
    free(g->part);
    free(g->flow);
    free(g->msg);
    free(g->flow_label);
    free(g->msg_label);
    memset(g, 0, sizeof *g);
}
