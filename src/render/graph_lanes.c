/*
 * graph_lanes: the containers of the drawing -- pools, processes outside
 * pools, lanes and expanded sub-processes -- and the strips each owns
 * across the ranks (graph.c says why lanes are strips, not clusters);
 * which container every flow node is drawn in; and, with lanes as tags,
 * the lanes' numbers, colours and legend.
 */
#include "graph_int.h"
#include "../model/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int new_container(render_graph *rg, ckind kind, int index, int parent, const char *title)
{
    container c = {kind, index, parent, 1, title, -1, -1, -1, NULL, 0, {{0, 0}, {0, 0}}};
    *ALLOC_PUSH(rg->cs, rg->ncs) = c;
    return rg->ncs - 1;
}

void graph_band(render_graph *rg, Agnode_t *v, int c, int top)
{
    banded b = {v, c, -1, top};
    *ALLOC_PUSH(rg->bs, rg->nbs) = b;
}

/* Lane colours for tags: ColorBrewer's Set3, light enough to read black
 * text on, distinct enough to tell apart; beyond twelve lanes they repeat
 * and the tags alone tell the lanes apart. */
static const char *const tag_fills[] = {"#8dd3c7", "#ffffb3", "#bebada", "#fb8072",
                                        "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
                                        "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"};
#define NFILLS (int)(sizeof tag_fills / sizeof *tag_fills)

const char *graph_tag_fill(int t)
{
    return tag_fills[t % NFILLS];
}

/* Tag number k as its name: L1, L2, ... (letters are the findings'). */
static void tag_name(int k, char buf[16])
{
    snprintf(buf, 16, "L%d", k + 1);
}

/* A lane's name as shown: its name, else its id. */
static const char *lane_title(const model_lane *l)
{
    return l->e.name ? l->e.name : l->e.id;
}

/* The tag already given to a lane of this name (a role named twice, in
 * two processes or two places of one, is one role: one colour, one tag),
 * or -1. */
static int tag_by_name(const render_graph *rg, const model_lane *l)
{
    for (size_t j = 0; l->e.name && j < model_lane_count(rg->m); j++) {
        const model_lane *o = model_lane_at(rg->m, (int)j);
        if (rg->lane_tag[j] >= 0 && o->e.name && strcmp(o->e.name, l->e.name) == 0)
            return rg->lane_tag[j];
    }
    return -1;
}

/* Numbers the lanes in document order, nested lanes after their parent;
 * a lane named like an earlier one takes its tag. */
static void number_lanes(render_graph *rg, const int *lanes, int n)
{
    for (int k = 0; k < n; k++) {
        const model_lane *l = model_lane_at(rg->m, lanes[k]);
        int t = tag_by_name(rg, l);
        rg->lane_tag[lanes[k]] = t >= 0 ? t : rg->ntags++;
        number_lanes(rg, l->children, l->nchildren);
    }
}

/* 1 when lane i is the first of its tag (the legend lists it). */
static int tag_first(const render_graph *rg, int i)
{
    for (int j = 0; j < (int)model_lane_count(rg->m); j++)
        if (rg->lane_tag[j] == rg->lane_tag[i])
            return j == i;
    return 1;
}

/* The tag number of flow node i: its lane's, else that of the activity it
 * is attached to or the sub-process it is in; -1 for none. */
int graph_tag_of(const render_graph *rg, int i)
{
    while (i >= 0) {
        const model_node *n = model_node_at(rg->m, i);
        if (n->lane >= 0)
            return rg->lane_tag[n->lane];
        i = n->type == MODEL_BOUNDARY_EVENT && n->attached_to >= 0 ? n->attached_to : n->parent;
    }
    return -1;
}

/* With tags, name prefixed by node i's lane tag ("L3: name"), in a
 * buffer the caller frees; else NULL (use the name as it is). */
char *graph_tagged_name(const render_graph *rg, int i, const char *name)
{
    int t = rg->tags ? graph_tag_of(rg, i) : -1;
    if (t < 0)
        return NULL;
    char tag[16];
    tag_name(t, tag);
    return alloc_printf("%s%s%s", tag, name ? ": " : "", name ? name : "");
}

/* The legend of the lanes as tags: the tag on its colour, then the name,
 * in document order; nested lanes indented. */
static void tag_legend(const render_graph *rg, render_str *b, const int *lanes, int n)
{
    for (int k = 0; k < n; k++) {
        const model_lane *l = model_lane_at(rg->m, lanes[k]);
        int t = rg->lane_tag[lanes[k]];
        if (!tag_first(rg, lanes[k])) { /* listed with its namesake */
            tag_legend(rg, b, l->children, l->nchildren);
            continue;
        }
        char tag[16];
        tag_name(t, tag);
        /* one cell a row, on the lane's colour: beside a wider legend the
         * cell stretches, and its text stays at the left */
        render_str_addf(b, "<TR><TD BGCOLOR=\"%s\" ALIGN=\"LEFT\"><B>%s</B>&#160;&#160;",
                        graph_tag_fill(t), tag);
        for (int d = 0; d < l->depth; d++)
            render_str_addf(b, "&#160;&#160;");
        render_str_add_text(b, lane_title(l));
        render_str_addf(b, "</TD></TR>");
        tag_legend(rg, b, l->children, l->nchildren);
    }
}

static void add_lanes(render_graph *rg, const int *lanes, int n, int parent)
{
    if (rg->tags)
        return; /* nodes stay in their pool's or process's strip */
    for (int k = 0; k < n; k++) {
        const model_lane *l = model_lane_at(rg->m, lanes[k]);
        int c = new_container(rg, C_LANE, lanes[k], parent, l->e.name ? l->e.name : l->e.id);
        rg->lane_c[lanes[k]] = c;
        add_lanes(rg, l->children, l->nchildren, c);
    }
}

int graph_expanded(const model_node *n)
{
    return n->type == MODEL_SUB_PROCESS && n->nchildren > 0;
}

/* The container of expanded sub-process s, made on first use with its
 * entry and exit anchors (flows attach there: the box's left and right
 * edges). */
int graph_sub_container(render_graph *rg, int s)
{
    if (rg->nodes[s].sub >= 0)
        return rg->nodes[s].sub;
    const model_node *n = model_node_at(rg->m, s);
    int parent = graph_home_of(rg, s);
    const char *title = n->e.name ? n->e.name : n->e.id;
    if ((rg->nodes[s].sub_title = graph_tagged_name(rg, s, title)))
        title = rg->nodes[s].sub_title;
    int c = new_container(rg, C_SUB, s, parent, title);
    rg->nodes[s].sub = c;
    rg->nodes[s].sub_in = graph_anchor(rg, "#sin:", n->e.id);
    rg->nodes[s].sub_out = graph_anchor(rg, "#sout:", n->e.id);
    graph_band(rg, rg->nodes[s].sub_in, c, 0);
    graph_band(rg, rg->nodes[s].sub_out, c, 0);
    return c;
}

/* The container flow node i is drawn in. */
int graph_home_of(render_graph *rg, int i)
{
    if (rg->nodes[i].home >= 0)
        return rg->nodes[i].home;
    const model_node *n = model_node_at(rg->m, i);
    int h;
    if (n->type == MODEL_BOUNDARY_EVENT && n->attached_to >= 0)
        h = graph_expanded(model_node_at(rg->m, n->attached_to)) ? graph_sub_container(rg, n->attached_to)
                                                            : graph_home_of(rg, n->attached_to);
    else if (n->parent >= 0)
        h = graph_sub_container(rg, n->parent);
    else if (n->lane >= 0 && rg->lane_c[n->lane] >= 0)
        h = rg->lane_c[n->lane];
    else
        h = rg->proc_c[n->process];
    rg->nodes[i].home = h;
    return h;
}

/* 1 when container c's name stands beside its content as BPMN draws a
 * pool's: turned a quarter in a band at the left (left to right), or
 * across the top (top down), over all its lanes -- not in a strip of its
 * own, which would be an empty band across the drawing.  Pools and
 * processes that have a process; the DI export keeps its own name bands
 * (di_layout.h). */
int graph_side_title(const render_graph *rg, int c)
{
    const container *k = &rg->cs[c];
    return !rg->for_di && k->title &&
           (k->kind == C_PROC ||
            (k->kind == C_POOL && model_participant_at(rg->m, k->index)->process >= 0));
}

/* 1 when lane l and the lanes nested in it hold no flow node (check's
 * empty-lane): drawn thin, its name small. */
int graph_lane_empty(const model *m, int l)
{
    const model_lane *ln = model_lane_at(m, l);
    if (ln->nnodes > 0)
        return 0;
    for (int k = 0; k < ln->nchildren; k++)
        if (!graph_lane_empty(m, ln->children[k]))
            return 0;
    return 1;
}

/* Gives every container its strips, top to bottom: its own (for its
 * header and direct members, when it has any), then those of its
 * sub-processes, then those of its child lanes. */
void graph_assign_strips(render_graph *rg, int c)
{
    int members = rg->cs[c].title != NULL && !graph_side_title(rg, c), kids = 0;
    for (int k = 0; k < rg->nbs && !members; k++)
        members = rg->bs[k].c == c;
    for (int j = 0; j < rg->ncs; j++)
        kids += rg->cs[j].parent == c;
    rg->cs[c].first = rg->nstrips;
    if (members || !kids)
        rg->cs[c].strip = rg->nstrips++;
    for (int pass = 0; pass < 2; pass++) /* sub-processes, then lanes */
        for (int j = 0; j < rg->ncs; j++)
            if (rg->cs[j].parent == c && (rg->cs[j].kind == C_SUB) == (pass == 0))
                graph_assign_strips(rg, j);
    rg->cs[c].last = rg->nstrips - 1;
}

int graph_drawn(const unsigned char *procs, int p)
{
    return p >= 0 && (!procs || procs[p]);
}

void graph_add_legend(render_graph *rg, const unsigned char *procs)
{
    const model *m = rg->m;
    size_t np = model_process_count(m);
    Agraph_t *g = rg->g;
    render_str legend = {0};
    for (size_t p = 0; rg->tags && p < np; p++)
        if (graph_drawn(procs, (int)p))
            number_lanes(rg, model_process_at(m, (int)p)->lanes, model_process_at(m, (int)p)->nlanes);
    rg->tags = rg->tags && rg->ntags > 0; /* no lane drawn: nothing to tag */
    if (rg->tags) {
        /* the lanes' legend above whatever else the caller's says */
        render_str_addf(&legend, "<TABLE BORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"0\">"
                                 "<TR><TD ALIGN=\"LEFT\"><TABLE BORDER=\"1\" COLOR=\"gray60\" CELLBORDER=\"0\" "
                                 "CELLSPACING=\"2\" CELLPADDING=\"2\"><TR><TD "
                                 "ALIGN=\"LEFT\"><B>lanes</B></TD></TR>");
        for (size_t p = 0; p < np; p++) {
            const model_process *pr = model_process_at(m, (int)p);
            if (graph_drawn(procs, (int)p))
                tag_legend(rg, &legend, pr->lanes, pr->nlanes);
        }
        render_str_addf(&legend, "</TABLE></TD></TR>");
        if (rg->dc && rg->dc->legend)
            render_str_addf(&legend, "<TR><TD ALIGN=\"LEFT\">%s</TD></TR>", rg->dc->legend);
        render_str_addf(&legend, "</TABLE>");
        graph_set_html(g, "label", legend.s);
        /* top down, the key before the drawing it explains; left to right
         * below it, like the other legends (the pools span the width) */
        if (rg->tb)
            graph_set(g, "labelloc", "t");
    } else if (rg->dc && rg->dc->legend) {
        graph_set_html(g, "label", rg->dc->legend);
    }
    render_str_release(&legend);
}

void graph_add_containers(render_graph *rg, const unsigned char *procs, int pools)
{
    const model *m = rg->m;
    size_t np = model_process_count(m), npart = model_participant_count(m);
    /* containers, top to bottom: pools in document order, then processes
     * outside pools (boxed and titled when there is more than one) */
    int ntop = 0;
    for (size_t p = 0; p < np; p++)
        ntop += graph_drawn(procs, (int)p) && model_process_at(m, (int)p)->participant < 0;
    for (size_t k = 0; k < npart; k++) {
        const model_participant *pa = model_participant_at(m, (int)k);
        ntop += pa->process >= 0 ? graph_drawn(procs, pa->process) : pools;
    }
    for (size_t k = 0; k < npart; k++) {
        const model_participant *pa = model_participant_at(m, (int)k);
        if (pa->process >= 0 ? !graph_drawn(procs, pa->process) || rg->proc_c[pa->process] >= 0
                             : !pools)
            continue;
        int c = new_container(rg, C_POOL, (int)k, -1, pa->e.name ? pa->e.name : pa->e.id);
        rg->part_c[k] = c;
        if (pa->process >= 0) {
            const model_process *pr = model_process_at(m, pa->process);
            rg->proc_c[pa->process] = c;
            add_lanes(rg, pr->lanes, pr->nlanes, c);
        }
    }
    for (size_t p = 0; p < np; p++) {
        const model_process *pr = model_process_at(m, (int)p);
        if (!graph_drawn(procs, (int)p) || rg->proc_c[p] >= 0)
            continue;
        int c = new_container(rg, C_PROC, (int)p, -1,
                              ntop > 1 ? (pr->e.name ? pr->e.name : pr->e.id) : NULL);
        rg->cs[c].boxed = ntop > 1;
        rg->proc_c[p] = c;
        add_lanes(rg, pr->lanes, pr->nlanes, c);
    }
}
