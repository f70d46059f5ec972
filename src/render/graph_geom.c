/*
 * graph_geom: the drawing's geometry once dot has run -- every
 * container's box from its strips' separator lines, pools' side names in
 * the middle of their pool, boundary events moved onto their activity's
 * border with their flows' ends, and the boundary events' names put where
 * they cover least.  Worked out along the flow and across the strips, so
 * that one path serves both directions.
 */
#include "graph_int.h"
#include "../model/alloc.h"

#include <math.h>
#include <stdlib.h>

static void shift_point(pointf *p, double dx, double dy)
{
    p->x += dx;
    p->y += dy;
}

/* Moves the ends of e that touch v by (dx, dy). */
static void shift_edge_end(Agedge_t *e, Agnode_t *v, double dx, double dy)
{
    splines *sp = ED_spl(e);
    if (!sp || sp->size == 0)
        return;
    if (agtail(e) == v) {
        bezier *bz = &sp->list[0];
        shift_point(&bz->list[0], dx, dy);
        if (bz->size > 1)
            shift_point(&bz->list[1], dx, dy);
        if (bz->sflag)
            shift_point(&bz->sp, dx, dy);
    }
    if (aghead(e) == v) {
        bezier *bz = &sp->list[sp->size - 1];
        shift_point(&bz->list[bz->size - 1], dx, dy);
        if (bz->size > 1)
            shift_point(&bz->list[bz->size - 2], dx, dy);
        if (bz->eflag)
            shift_point(&bz->ep, dx, dy);
    }
}

static pointf edge_start(Agedge_t *e)
{
    bezier *bz = &ED_spl(e)->list[0];
    return bz->sflag ? bz->sp : bz->list[0];
}

static void grow_bb(boxf *bb, double x0, double y0, double x1, double y1)
{
    bb->LL.x = fmin(bb->LL.x, x0);
    bb->LL.y = fmin(bb->LL.y, y0);
    bb->UR.x = fmax(bb->UR.x, x1);
    bb->UR.y = fmax(bb->UR.y, y1);
}

/* Positions along the flow and across the strips, both growing from the
 * first rank and the first strip on (LR: x and -y; TB: -y and x). */
static double along(const render_graph *rg, pointf p) { return rg->tb ? -p.y : p.x; }
static double across(const render_graph *rg, pointf p) { return rg->tb ? p.x : -p.y; }

/* A node's extent across the strips, points. */
static double breadth(const render_graph *rg, Agnode_t *v)
{
    return (rg->tb ? ND_width(v) : ND_height(v)) * PT;
}

/* The box from f0 to f1 along the flow and a0 to a1 across the strips. */
static boxf box_fa(const render_graph *rg, double f0, double f1, double a0, double a1)
{
    return rg->tb ? (boxf){{a0, -f1}, {a1, -f0}} : (boxf){{f0, -a1}, {f1, -a0}};
}

/* The inverse of box_fa. */
static void fa_of_box(const render_graph *rg, boxf b, double *f0, double *f1, double *a0,
                      double *a1)
{
    *f0 = rg->tb ? -b.UR.y : b.LL.x;
    *f1 = rg->tb ? -b.LL.y : b.UR.x;
    *a0 = rg->tb ? b.LL.x : -b.UR.y;
    *a1 = rg->tb ? b.UR.x : -b.LL.y;
}

static boxf box_around(pointf c, double hw, double hh)
{
    return (boxf){{c.x - hw, c.y - hh}, {c.x + hw, c.y + hh}};
}

/* Pools' side names to the middle of their pool across the strips; the
 * pool's lanes start past the name's band, as BPMN draws them. */
static void side_titles(render_graph *rg)
{
    for (int c = 0; c < rg->ncs; c++) {
        container *k = &rg->cs[c];
        if (!graph_side_title(rg, c) || !k->header || k->first < 0)
            continue;
        Agnode_t *v = k->header;
        double f0, f1, a0, a1;
        fa_of_box(rg, k->box, &f0, &f1, &a0, &a1);
        if (rg->tb)
            ND_coord(v).x = (a0 + a1) / 2;
        else
            ND_coord(v).y = -(a0 + a1) / 2;
        double past = along(rg, ND_coord(v)) + (rg->tb ? ND_height(v) : ND_width(v)) * PT / 2 + 2;
        for (int j = 0; j < rg->ncs; j++) {
            container *l = &rg->cs[j];
            int r = j;
            while (rg->cs[r].parent >= 0)
                r = rg->cs[r].parent;
            if (r != c || l->kind != C_LANE || l->first < 0)
                continue;
            double lf0, lf1, la0, la1;
            fa_of_box(rg, l->box, &lf0, &lf1, &la0, &la1);
            l->box = box_fa(rg, fmax(lf0, past), lf1, la0, la1);
        }
    }
}

/* Every container's box, from its strips' lines; the outer two lines sit
 * a node separation beyond the first and last strips' contents. */
void graph_container_boxes(render_graph *rg)
{
    int lines = rg->nstrips + 1;
    boxf *bb = &GD_bb(rg->g);
    double pad = 0.3 * PT;
    rg->line_a = alloc_zero((size_t)lines, sizeof *rg->line_a);
    for (int k = 0; k < lines; k++) {
        double s = 0;
        int n = 0;
        for (int c = 0; rg->seps && c < rg->ncols; c++)
            if (graph_sep(rg, c, k)) {
                s += across(rg, ND_coord(graph_sep(rg, c, k)));
                n++;
            }
        rg->line_a[k] = n ? s / n : NAN;
    }
    double first = INFINITY, last = -INFINITY;
    for (int k = 0; k < rg->nbs; k++) {
        int st = rg->cs[rg->bs[k].c].strip;
        Agnode_t *v = rg->bs[k].v;
        double a = across(rg, ND_coord(v)), half = breadth(rg, v) / 2;
        if (st == 0)
            first = fmin(first, a - half);
        if (st == rg->nstrips - 1)
            last = fmax(last, a + half);
    }
    double f0, f1, a0, a1;
    fa_of_box(rg, *bb, &f0, &f1, &a0, &a1);
    if (isnan(rg->line_a[0]))
        rg->line_a[0] = isfinite(first) ? first - pad : a0;
    if (isnan(rg->line_a[lines - 1]))
        rg->line_a[lines - 1] = isfinite(last) ? last + pad : a1;
    /* a line with nothing to place it (no separators at all) */
    for (int k = 1; k < lines - 1; k++)
        if (isnan(rg->line_a[k]))
            rg->line_a[k] = rg->line_a[k - 1];
    boxf all = box_fa(rg, f0, f1, rg->line_a[0], rg->line_a[lines - 1]);
    grow_bb(bb, all.LL.x, all.LL.y, all.UR.x, all.UR.y);
    fa_of_box(rg, *bb, &f0, &f1, &a0, &a1);
    /* the legends (the graph's label) lie beyond the drawing -- along the
     * flow top down, across it left to right: the containers stop short
     * of them, or their white boxes would hide them; never short of a
     * node (a title), as the label's box is padded */
    textlabel_t *lab = GD_label(rg->g);
    if (lab && lab->set) {
        boxf lb = box_around(lab->pos, lab->dimen.x / 2, lab->dimen.y / 2);
        double lf0, lf1, la0, la1, n0 = INFINITY, n1 = -INFINITY;
        fa_of_box(rg, lb, &lf0, &lf1, &la0, &la1);
        for (Agnode_t *v = agfstnode(rg->g); v; v = agnxtnode(rg->g, v)) {
            double c = rg->tb ? along(rg, ND_coord(v)) : across(rg, ND_coord(v));
            double half = (rg->tb ? ND_ht(v) : breadth(rg, v)) / 2;
            n0 = fmin(n0, c - half);
            n1 = fmax(n1, c + half);
        }
        double *lo = rg->tb ? &f0 : &rg->line_a[0], *hi = rg->tb ? &f1 : &rg->line_a[lines - 1];
        double l0 = rg->tb ? lf0 : la0, l1 = rg->tb ? lf1 : la1;
        if (l1 <= (*lo + *hi) / 2)
            *lo = fmax(*lo, fmin(l1, n0 - pad) + pad);
        else
            *hi = fmin(*hi, fmax(l0, n1 + pad) - pad);
    }
    for (int c = 0; c < rg->ncs; c++) {
        container *k = &rg->cs[c];
        if (k->first < 0)
            continue;
        double t = rg->line_a[k->first], b = rg->line_a[k->last + 1];
        if (k->kind == C_SUB)
            k->box = box_fa(rg, along(rg, ND_coord(rg->nodes[k->index].sub_in)),
                            along(rg, ND_coord(rg->nodes[k->index].sub_out)), t + SUB_INSET,
                            b - SUB_INSET);
        else if (k->parent < 0)
            k->box = box_fa(rg, f0, f1, t + (k->first > 0 ? POOL_GAP : 0),
                            b - (k->last < rg->nstrips - 1 ? POOL_GAP : 0));
        else
            k->box = box_fa(rg, f0, f1, t, b);
    }
    /* lanes end where their pool does (made earlier: parents come first) */
    for (int c = 0; c < rg->ncs; c++) {
        container *k = &rg->cs[c];
        if (k->parent < 0 || k->kind == C_SUB)
            continue;
        double kf0, kf1, ka0, ka1, pf0, pf1, pa0, pa1;
        fa_of_box(rg, k->box, &kf0, &kf1, &ka0, &ka1);
        fa_of_box(rg, rg->cs[k->parent].box, &pf0, &pf1, &pa0, &pa1);
        k->box = box_fa(rg, kf0, kf1, fmax(ka0, pa0), fmin(ka1, pa1));
    }
    side_titles(rg);
}

static double overlap(boxf a, boxf b)
{
    double w = fmin(a.UR.x, b.UR.x) - fmax(a.LL.x, b.LL.x);
    double h = fmin(a.UR.y, b.UR.y) - fmax(a.LL.y, b.LL.y);
    return w > 0 && h > 0 ? w * h : 0;
}

/* Boundary events' names, once the events sit on their borders: of a few
 * spots around the event, the one that covers the least of the nodes,
 * edge labels and names already placed. */
static void place_boundary_labels(render_graph *rg)
{
    const model *m = rg->m;
    size_t nn = model_node_count(m);
    int nobs = 0;
    boxf *obs = NULL;
    for (size_t i = 0; i < 2 * nn; i++) {
        Agnode_t *v = i < nn ? rg->nodes[i].v : rg->nodes[i - nn].name;
        if (v)
            *ALLOC_PUSH(obs, nobs) =
                box_around(ND_coord(v), ND_width(v) * PT / 2, ND_height(v) * PT / 2);
    }
    for (size_t i = 0; i < model_flow_count(m); i++) {
        Agedge_t *e = rg->flow[i];
        textlabel_t *l = e ? ED_label(e) : NULL;
        if (l && l->set)
            *ALLOC_PUSH(obs, nobs) = box_around(l->pos, l->dimen.x / 2, l->dimen.y / 2);
    }
    for (size_t i = 0; i < nn; i++) {
        Agnode_t *v = rg->nodes[i].v;
        textlabel_t *xl = v ? ND_xlabel(v) : NULL;
        if (!xl || model_node_at(m, (int)i)->type != MODEL_BOUNDARY_EVENT)
            continue;
        pointf c = ND_coord(v);
        double r = ND_width(v) * PT / 2, hw = xl->dimen.x / 2, hh = xl->dimen.y / 2;
        /* preferred first: below left, below right, below, right, left,
         * above right, above left */
        const pointf spots[] = {
            {c.x - r * 0.6 - hw, c.y - r - hh}, {c.x + r * 0.6 + hw, c.y - r - hh},
            {c.x, c.y - r - hh - 2},            {c.x + r + hw + 2, c.y},
            {c.x - r - hw - 2, c.y},            {c.x + r * 0.6 + hw, c.y + r + hh},
            {c.x - r * 0.6 - hw, c.y + r + hh},
        };
        int best = 0;
        double best_cost = INFINITY;
        for (int k = 0; k < (int)(sizeof spots / sizeof spots[0]); k++) {
            boxf b = box_around(spots[k], hw, hh);
            double cost = 0;
            for (int j = 0; j < nobs; j++)
                cost += overlap(b, obs[j]);
            if (cost < best_cost - 1e-9) {
                best_cost = cost;
                best = k;
            }
        }
        xl->pos = spots[best];
        xl->set = TRUE;
        boxf b = box_around(xl->pos, hw, hh);
        *ALLOC_PUSH(obs, nobs) = b;
        grow_bb(&GD_bb(rg->g), b.LL.x, b.LL.y, b.UR.x, b.UR.y);
    }
    free(obs);
}

/* Puts every boundary event on the border point its first flow leaves
 * from (dot routed that flow from the activity's border), or on the
 * bottom of its activity when it has no flow. */
void graph_move_boundaries(render_graph *rg)
{
    const model *m = rg->m;
    boxf *root = &GD_bb(rg->g);
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *n = model_node_at(m, (int)i);
        Agnode_t *v = rg->nodes[i].v;
        if (!v || n->type != MODEL_BOUNDARY_EVENT || n->attached_to < 0)
            continue;
        int a = n->attached_to;
        pointf to = ND_coord(v);
        int found = 0;
        for (int k = 0; k < n->nout && !found; k++) {
            Agedge_t *e = rg->flow[n->out[k]];
            if (e && ED_spl(e) && ED_spl(e)->size > 0) {
                to = edge_start(e);
                found = 1;
            }
        }
        if (!found && (rg->nodes[a].v || rg->nodes[a].sub >= 0)) {
            /* where its flows would leave (see bports): spread along the
             * bottom; top down, where flows leave from the bottom middle,
             * on the corners, the right-hand ones first */
            const model_node *act = model_node_at(m, a);
            int k = 0, nb = act->nboundary;
            while (k < nb && act->boundary[k] != (int)i)
                k++;
            boxf ab;
            if (rg->nodes[a].v) {
                Agnode_t *av = rg->nodes[a].v;
                ab = box_around(ND_coord(av), ND_width(av) * PT / 2, ND_height(av) * PT / 2);
            } else {
                ab = rg->cs[rg->nodes[a].sub].box;
            }
            if (rg->tb)
                to = (pointf){k % 3 == 1 ? ab.LL.x : ab.UR.x, k % 3 == 2 ? ab.UR.y : ab.LL.y};
            else
                to = (pointf){ab.LL.x + (ab.UR.x - ab.LL.x) * (k + 1) / (nb + 1), ab.LL.y};
        }
        if (found && rg->nodes[a].v) {
            /* the flow's first point lies near the border, not always on
             * it (a tall task's spline starts a little off): onto it */
            Agnode_t *av = rg->nodes[a].v;
            boxf ab = box_around(ND_coord(av), ND_width(av) * PT / 2, ND_height(av) * PT / 2);
            double d[4] = {fabs(to.x - ab.LL.x), fabs(to.x - ab.UR.x), fabs(to.y - ab.LL.y),
                           fabs(to.y - ab.UR.y)};
            int s = 0;
            for (int j = 1; j < 4; j++)
                if (d[j] < d[s])
                    s = j;
            if (d[s] < 6) {
                if (s < 2)
                    to.x = s == 0 ? ab.LL.x : ab.UR.x;
                else
                    to.y = s == 2 ? ab.LL.y : ab.UR.y;
            }
        }
        double dx = to.x - ND_coord(v).x, dy = to.y - ND_coord(v).y;
        ND_coord(v) = to;
        for (Agedge_t *e = agfstedge(rg->g, v); e; e = agnxtedge(rg->g, e, v))
            shift_edge_end(e, v, dx, dy);
        double r = ND_width(v) * PT / 2;
        grow_bb(root, to.x - r, to.y - r, to.x + r, to.y + r);
    }
    place_boundary_labels(rg);
}
