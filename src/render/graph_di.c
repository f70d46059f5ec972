/*
 * graph_di: a laid-out graph read back in BPMN DI pixels (origin top
 * left, y down) for the export (di.c) -- the boxes of shapes, lanes and
 * pools, and the waypoints of sequence and message flows, clipped to the
 * borders and circles BPMN tools draw them from.
 */
#include "graph_int.h"
#include "../model/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Graphviz points (origin bottom left, y up) to DI pixels (origin top
 * left, y down), with room on the left for pool headers. */
#define DI_LEFT 40.0
#define DI_TOP 20.0

static double di_x(const render_graph *rg, double x) { return x - GD_bb(rg->g).LL.x + DI_LEFT; }
static double di_y(const render_graph *rg, double y) { return GD_bb(rg->g).UR.y - y + DI_TOP; }

static render_box box_of(const render_graph *rg, boxf bb)
{
    return (render_box){di_x(rg, bb.LL.x), di_y(rg, bb.UR.y), bb.UR.x - bb.LL.x,
                        bb.UR.y - bb.LL.y};
}

int render_graph_node_expanded(const render_graph *rg, int i) { return rg->nodes[i].sub >= 0; }

int render_graph_node_box(const render_graph *rg, int i, render_box *b)
{
    if (rg->nodes[i].sub >= 0) {
        *b = box_of(rg, rg->cs[rg->nodes[i].sub].box);
        return 0;
    }
    Agnode_t *v = rg->nodes[i].v;
    if (!v)
        return -1;
    const model_node *n = model_node_at(rg->m, i);
    double w = ND_width(v) * PT, h = ND_height(v) * PT;
    if (model_type_is_event(n->type))
        w = h = EVENT_D;
    else if (model_type_is_gateway(n->type))
        w = h = GATEWAY_D;
    *b = (render_box){di_x(rg, ND_coord(v).x) - w / 2, di_y(rg, ND_coord(v).y) - h / 2, w, h};
    return 0;
}

int render_graph_lane_box(const render_graph *rg, int i, render_box *b)
{
    if (rg->lane_c[i] < 0)
        return -1;
    *b = box_of(rg, rg->cs[rg->lane_c[i]].box);
    return 0;
}

int render_graph_part_box(const render_graph *rg, int i, render_box *b)
{
    if (rg->part_c[i] < 0)
        return -1;
    *b = box_of(rg, rg->cs[rg->part_c[i]].box);
    return 0;
}

static int inside(const render_box *b, double x, double y)
{
    return x > b->x && x < b->x + b->w && y > b->y && y < b->y + b->h;
}

/* Drops the leading points of p inside box b and starts the path where it
 * leaves b: a message flow leaves a black-box pool from its border. */
static void clip_leaving(double *p, int *n, const render_box *b)
{
    int k = 0;
    while (k + 1 < *n && inside(b, p[2 * (k + 1)], p[2 * (k + 1) + 1]))
        k++;
    if (k + 1 >= *n || !inside(b, p[2 * k], p[2 * k + 1]))
        return;
    double x0 = p[2 * k], y0 = p[2 * k + 1], x1 = p[2 * k + 2], y1 = p[2 * k + 3];
    /* the smallest step along the segment that reaches a border */
    double t = 1;
    if (x1 != x0) {
        double tx = ((x1 > x0 ? b->x + b->w : b->x) - x0) / (x1 - x0);
        t = fmin(t, tx);
    }
    if (y1 != y0) {
        double ty = ((y1 > y0 ? b->y + b->h : b->y) - y0) / (y1 - y0);
        t = fmin(t, ty);
    }
    p[2 * k] = x0 + t * (x1 - x0);
    p[2 * k + 1] = y0 + t * (y1 - y0);
    memmove(p, p + 2 * k, sizeof(double) * 2 * (size_t)(*n - k));
    *n -= k;
}

static void reverse_path(double *p, int n)
{
    for (int j = 0; j < n / 2; j++) {
        double tx = p[2 * j], ty = p[2 * j + 1];
        p[2 * j] = p[2 * (n - 1 - j)];
        p[2 * j + 1] = p[2 * (n - 1 - j) + 1];
        p[2 * (n - 1 - j)] = tx;
        p[2 * (n - 1 - j) + 1] = ty;
    }
}

static int edge_path(const render_graph *rg, Agedge_t *e, double **xy, int *n)
{
    if (!e || !ED_spl(e) || ED_spl(e)->size == 0)
        return -1;
    const splines *sp = ED_spl(e);
    int cap = 2;
    for (int k = 0; k < sp->size; k++)
        cap += sp->list[k].size;
    double *p = alloc_resize(NULL, 2 * (size_t)cap, sizeof(double));
    int c = 0;
    for (int k = 0; k < sp->size; k++) {
        const bezier *bz = &sp->list[k];
        if (k == 0 && bz->sflag) {
            p[2 * c] = bz->sp.x;
            p[2 * c + 1] = bz->sp.y;
            c++;
        }
        /* polyline splines: the segment ends are the corners */
        for (int j = 0; j < bz->size; j += 3) {
            p[2 * c] = bz->list[j].x;
            p[2 * c + 1] = bz->list[j].y;
            c++;
        }
        if (k == sp->size - 1 && bz->eflag) {
            p[2 * c] = bz->ep.x;
            p[2 * c + 1] = bz->ep.y;
            c++;
        }
    }
    /* to DI pixels, dropping repeated points */
    int m = 0;
    for (int j = 0; j < c; j++) {
        double x = di_x(rg, p[2 * j]), y = di_y(rg, p[2 * j + 1]);
        if (m > 0 && fabs(p[2 * (m - 1)] - x) < 0.5 && fabs(p[2 * (m - 1) + 1] - y) < 0.5)
            continue;
        p[2 * m] = x;
        p[2 * m + 1] = y;
        m++;
    }
    if (m < 2) {
        free(p);
        return -1;
    }
    *xy = p;
    *n = m;
    return 0;
}

/* A flow leaving a boundary event starts at its centre: clip it to the
 * event's circle, as BPMN tools draw it. */
static void clip_start(double *p, int n, double r)
{
    if (n < 2)
        return;
    double dx = p[2] - p[0], dy = p[3] - p[1], len = hypot(dx, dy);
    if (len <= r)
        return;
    p[0] += dx / len * r;
    p[1] += dy / len * r;
}

int render_graph_flow_path(const render_graph *rg, int i, double **xy, int *n)
{
    if (edge_path(rg, rg->flow[i], xy, n) != 0)
        return -1;
    const model_node *src = model_node_at(rg->m, model_flow_at(rg->m, i)->source);
    if (src->type == MODEL_BOUNDARY_EVENT)
        clip_start(*xy, *n, EVENT_D / 2);
    return 0;
}

int render_graph_msgflow_path(const render_graph *rg, int i, double **xy, int *n)
{
    if (edge_path(rg, rg->msgs[i].e, xy, n) != 0)
        return -1;
    const model_msgflow *f = model_msgflow_at(rg->m, i);
    render_box b;
    if (f->source_node < 0 && render_graph_part_box(rg, f->source_part, &b) == 0)
        clip_leaving(*xy, n, &b);
    if (f->target_node < 0 && render_graph_part_box(rg, f->target_part, &b) == 0) {
        reverse_path(*xy, *n);
        clip_leaving(*xy, n, &b);
        reverse_path(*xy, *n);
    }
    return 0;
}
