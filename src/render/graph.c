/*
 * graph: builds the Graphviz graph of a model (graph.h) -- the public
 * entry, which makes a render_graph from the rooms graph_int.h lists and
 * frees it.
 *
 * dot cannot be told the order of sibling clusters (its crossing
 * minimisation may swap cluster skeletons freely), so lanes are not
 * clusters during the layout.  Every pool, lane and expanded sub-process
 * is a container owning a strip across the ranks (horizontal when the flow
 * runs left to right, vertical when it runs top down); strips follow each
 * other in document order and are kept apart by invisible separator
 * lines: in every rank a chain of separator points with flat edges (which
 * dot does honour, in rank order: top down in LR, left to right in TB) on
 * either side of each node of the strip, and heavy edges joining the
 * separators of consecutive ranks, which dot keeps straight.  Geometry is
 * worked out along the flow and across the strips, so that one code path
 * serves both directions; top down, where the page's width is scarce,
 * names go beside shapes and a sub-process's lines stop where it does.
 * A first ranking-only pass tells which nodes share a column.  After the
 * layout each container's box comes from its strips, boundary events are
 * moved onto their activity's border, and for drawing the containers are
 * added to the finished layout as clusters of known bounds.
 */
#include "graph_int.h"
#include "../model/alloc.h"

#include <stdlib.h>
#include <string.h>

/* Top down, whatever stands side by side in a rank makes the page's
 * width: names beside flows and shapes, tasks, are narrower there. */
static const sizes sizes_lr = {16, 24, 16, 30, NAME_WRAP, TASK_W},
                   sizes_tb = {14, 14, 14, 16, 16, 90};

void render_decor_release(render_decor *dc, const model *m)
{
    if (!dc)
        return;
    struct {
        render_mark *a;
        size_t n;
    } all[] = {
        {dc->nodes, model_node_count(m)},      {dc->flows, model_flow_count(m)},
        {dc->msgflows, model_msgflow_count(m)}, {dc->lanes, model_lane_count(m)},
        {dc->parts, model_participant_count(m)},
    };
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        for (size_t i = 0; all[k].a && i < all[k].n; i++)
            free(all[k].a[i].rows);
        free(all[k].a);
    }
    free(dc->legend);
    memset(dc, 0, sizeof *dc);
}

/* n indices, each -1. */
static int *unset(size_t n)
{
    int *a = alloc_resize(NULL, n ? n : 1, sizeof *a);
    for (size_t i = 0; i < n; i++)
        a[i] = -1;
    return a;
}

render_graph *render_graph_new(const model *m, const unsigned char *procs, int pools,
                               const render_decor *decor, int for_di, render_direction dir,
                               int lane_tags)
{
    render_graph *rg = alloc_zero(1, sizeof *rg);
    size_t nn = model_node_count(m), nl = model_lane_count(m), np = model_process_count(m);
    size_t npart = model_participant_count(m), nf = model_flow_count(m),
           nmf = model_msgflow_count(m);
    rg->m = m;
    rg->dc = for_di ? NULL : decor;
    rg->for_di = for_di;
    rg->tb = dir == RENDER_TB;
    rg->sz = rg->tb ? &sizes_tb : &sizes_lr;
    rg->small = render_smallest_pt(dir);
    rg->nodes = alloc_zero(nn, sizeof *rg->nodes);
    for (size_t i = 0; i < nn; i++)
        rg->nodes[i].sub = rg->nodes[i].home = -1;
    /* per lane, participant, process: no container yet (-1) */
    rg->lane_c = unset(nl);
    rg->lane_tag = unset(nl);
    rg->part_c = unset(npart);
    rg->proc_c = unset(np);
    rg->tags = lane_tags && !for_di && nl > 0;
    rg->flow = alloc_zero(nf, sizeof *rg->flow);
    rg->msgs = alloc_zero(nmf, sizeof *rg->msgs);

    rg->gvc = graph_context();
    size_t drawn_nodes = 0;
    for (size_t i = 0; i < nn; i++)
        drawn_nodes += graph_drawn(procs, model_node_at(m, (int)i)->process);
    rg->xlabels = drawn_nodes > LARGE;
    const char *gname = model_definitions_id(m) ? model_definitions_id(m) : "bpmn";
    rg->disc = (Agdisc_t){&AgMemDisc, &graph_ids_disc, &AgIoDisc};
    rg->g = agopen((char *)gname, Agdirected, &rg->disc);
    Agraph_t *g = rg->g;
    graph_declare(g);
    graph_set(g, "rankdir", rg->tb ? "TB" : "LR");
    graph_set(g, "newrank", "true");
    /* top down, node separation is width, and every lane line is a
     * node: twice this a line */
    graph_set(g, "nodesep", rg->tb ? "0.12" : "0.3");
    graph_set(g, "ranksep", "0.4");
    graph_set(g, "outputorder", "edgesfirst");
    graph_set(g, "bgcolor", "white");
    graph_setf(g, "pad", "%g", DRAW_PAD);
    graph_set(g, "margin", "0"); /* inches here; clusters inherit 8 points */
    graph_set(g, "splines", for_di ? "polyline" : "spline");
    graph_set(g, "labelloc", "b");
    graph_set(g, "fontsize", "10");
    graph_add_legend(rg, procs);
    graph_add_containers(rg, procs, pools);

    for (size_t i = 0; i < nn; i++)
        if (graph_drawn(procs, model_node_at(m, (int)i)->process))
            graph_add_node(rg, (int)i);
    for (size_t i = 0; i < nn; i++)
        if (model_node_at(m, (int)i)->type == MODEL_BOUNDARY_EVENT)
            graph_place_boundary(rg, (int)i);
    for (size_t i = 0; i < nf; i++)
        graph_add_flow(rg, (int)i);
    for (size_t i = 0; i < nmf; i++)
        graph_add_msgflow(rg, (int)i);
    graph_link_sub_anchors(rg);

    /* strips: top-level containers share the line between them (every
     * line costs dot time); their boxes are drawn a little apart */
    for (int c = 0; c < rg->ncs; c++)
        if (rg->cs[c].parent < 0)
            graph_assign_strips(rg, c);
    return rg;
}

static void free_clusters(Agraph_t *g)
{
    for (int k = 1; k <= GD_n_cluster(g); k++)
        free_clusters(GD_clust(g)[k]);
    free(GD_clust(g));
    GD_clust(g) = NULL;
    GD_n_cluster(g) = 0;
}

void render_graph_free(render_graph *rg)
{
    if (!rg)
        return;
    if (rg->g) {
        /* nop2 (the file's own layout) does not free the cluster lists
         * draw_containers made; dot's cleanup does */
        if (rg->from_di && rg->state == 2)
            free_clusters(rg->g);
        if (rg->state > 0)
            gvFreeLayout(rg->gvc, rg->g);
        agclose(rg->g);
    }
    for (size_t i = 0; rg->nodes && i < model_node_count(rg->m); i++)
        free(rg->nodes[i].sub_title);
    free(rg->nodes);
    free(rg->lane_c);
    free(rg->lane_tag);
    free(rg->part_c);
    free(rg->proc_c);
    free(rg->cs);
    free(rg->bs);
    free(rg->flow);
    free(rg->msgs);
    free(rg->helpers);
    free(rg->seps);
    free(rg->line_a);
    free(rg);
}

/* ---- sanitizers --------------------------------------------------------- */

/* Graphviz 2.42 (Debian 12) never frees parts of its HTML-label parses, its
 * plugin configuration and the fontconfig and pango caches its text layout
 * fills; none of it is ours to free.  Builds with LeakSanitizer (make
 * SANITIZE=address) read this list, so that only our own leaks fail. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libgvc.so\n"
           "leak:libgvplugin_\n"
           "leak:libfontconfig.so\n"
           "leak:libpango\n"
           "leak:libcairo.so\n"
           "leak:libglib-2.0.so\n";
}
