/*
 * graph_layout: drives dot -- a ranking-only pass that tells which nodes
 * share a column, the pool, lane and sub-process titles, the invisible
 * separator lines that keep every container's strip in its place (graph.c
 * says why), then the layout itself and the boxes and boundary events
 * after it (graph_geom.c); refuses, before dot runs, what would take it
 * too long.
 */
#include "graph_int.h"
#include "../model/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int graph_run_layout(render_graph *rg, const char *engine, diag_list *d)
{
    graph_diags_begin(d);
    agseterr(AGERR);
    int rc = gvLayout(rg->gvc, rg->g, engine);
    graph_diags_end();
    if (rc != 0)
        diag_add(d, DIAG_ERROR, "graphviz", NULL, 0, NULL, NULL,
                 "graphviz could not lay the diagram out: its '%s' layout is missing (on "
                 "Debian, reinstall libgvc6 or run 'dot -c' as root)",
                 engine);
    return rc;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* First pass: ranks only, to know which nodes share a column. */
static int rank_pass(render_graph *rg, diag_list *d)
{
    graph_set(rg->g, "phase", "1");
    if (graph_run_layout(rg, "dot", d) != 0)
        return -1;
    int *ranks = alloc_zero((size_t)rg->nbs, sizeof *ranks);
    int *sorted = alloc_zero((size_t)rg->nbs, sizeof *sorted);
    for (int k = 0; k < rg->nbs; k++)
        ranks[k] = sorted[k] = ND_rank(rg->bs[k].v);
    gvFreeLayout(rg->gvc, rg->g);
    graph_set(rg->g, "phase", "");
    qsort(sorted, (size_t)rg->nbs, sizeof *sorted, cmp_int);
    int ncols = 0;
    for (int k = 0; k < rg->nbs; k++)
        if (k == 0 || sorted[k] != sorted[k - 1])
            sorted[ncols++] = sorted[k];
    /* header columns: pools' side names first, then lanes' names */
    int side = 0, other = 0;
    for (int c = 0; c < rg->ncs; c++)
        if (rg->cs[c].kind != C_SUB && rg->cs[c].title != NULL) {
            if (graph_side_title(rg, c))
                side = 1;
            else
                other = 1;
        }
    rg->header_col = side + other;
    for (int k = 0; k < rg->nbs; k++) {
        int *at = bsearch(&ranks[k], sorted, (size_t)ncols, sizeof *sorted, cmp_int);
        rg->bs[k].col = rg->header_col + (int)(at - sorted);
    }
    rg->ncols = ncols + rg->header_col;
    free(ranks);
    free(sorted);
    return 0;
}

static int column_of(const render_graph *rg, Agnode_t *v)
{
    for (int k = 0; k < rg->nbs; k++)
        if (rg->bs[k].v == v)
            return rg->bs[k].col;
    return -1;
}

/* Pool and lane names in the first column; sub-process titles at the top
 * left inside their box. */
static void add_titles(render_graph *rg)
{
    for (int c = 0; c < rg->ncs; c++) {
        container *k = &rg->cs[c];
        if (!k->title)
            continue;
        const char *id = k->kind == C_POOL   ? model_participant_at(rg->m, k->index)->e.id
                         : k->kind == C_LANE ? model_lane_at(rg->m, k->index)->e.id
                         : k->kind == C_PROC ? model_process_at(rg->m, k->index)->e.id
                                             : model_node_at(rg->m, k->index)->e.id;
        const render_mark *mk = NULL;
        if (rg->dc && k->kind == C_SUB)
            mk = graph_mark_of(rg->dc->nodes, k->index);
        int side = graph_side_title(rg, c);
        int slim = k->kind == C_LANE && !rg->for_di && graph_lane_empty(rg->m, k->index);
        int wrap = k->kind == C_SUB ? rg->sz->sub : rg->sz->header;
        if (side) /* over the pool's strips: about 80 points each left to
                   * right, 100 top down, at 6.8 points a character */
            wrap = (int)fmax(12, (k->last - k->first + 1) * (rg->tb ? 100 : 80) / SIDE_CHAR);
        if (slim) /* an empty lane: short small lines */
            wrap = 24;
        render_str b = {0};
        render_str_addf(&b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
                            "CELLPADDING=\"1\"><TR><TD ALIGN=\"%s\" BALIGN=\"%s\">",
                        side ? "CENTER" : "LEFT", side ? "CENTER" : "LEFT");
        if (slim) /* the smallest text of the drawing, grey */
            render_str_addf(&b, "<FONT POINT-SIZE=\"%g\" COLOR=\"gray35\">", rg->small);
        render_str_addf(&b, "%s", k->kind == C_LANE || k->kind == C_SUB ? "" : "<B>");
        int lines = render_str_add_wrapped(&b, k->title, wrap);
        render_str_addf(&b, "%s%s</TD></TR>%s</TABLE>",
                        k->kind == C_LANE || k->kind == C_SUB ? "" : "</B>",
                        slim ? "</FONT>" : "", mk && mk->rows ? mk->rows : "");
        /* room for nested lanes' step (see draw_containers) */
        Agnode_t *v = graph_text_node(rg, k->kind == C_SUB ? "#t:" : "#h:", id, b.s, "11",
                                rg->tb ? "0.05,0.15" : "0.2,0.05");
        render_str_release(&b);
        if (side) {
            /* a band of its lines' height along the flow, next to no
             * breadth across it: the name is moved to the middle of the
             * pool after the layout (side_titles) and, left to right,
             * turned a quarter in the SVG (render_graph_output) */
            char *sid = graph_concat(SIDE_ID, id);
            graph_set(v, "id", sid);
            free(sid);
            graph_set(v, "fixedsize", "true");
            double across = (lines * 13.0 + 10) / PT, none = 0.05;
            graph_setf(v, "width", "%.3f", rg->tb ? none : across);
            graph_setf(v, "height", "%.3f", rg->tb ? across : none);
            k->header = v;
            k->turned = !rg->tb;
            for (int j = 0; j < rg->ncs; j++) /* in its first strip */
                if (rg->cs[j].strip == k->first) {
                    graph_band(rg, v, j, 0);
                    break;
                }
            rg->bs[rg->nbs - 1].col = 0;
            continue;
        }
        if (slim) {
            /* an empty lane is as thin as its lines let it be: its name
             * takes no room across the strips (left to right) or only
             * its short lines' (top down) */
            int longest = (int)fmin(wrap, graph_utf8_len(k->title, strlen(k->title)));
            double text = (longest * 0.6 * rg->small + 8) / PT;
            double deep = (lines * 1.25 * rg->small + 4) / PT;
            graph_set(v, "fixedsize", "true");
            graph_setf(v, "width", "%.3f", rg->tb ? deep : text);
            graph_setf(v, "height", "%.3f", rg->tb ? text : 0.01);
            if (rg->tb) { /* turned a quarter, down its narrow column */
                char *sid = graph_concat(SLIM_ID, id);
                graph_set(v, "id", sid);
                free(sid);
                k->turned = 1;
            }
        }
        if (rg->for_di && (k->kind == C_POOL || k->kind == C_LANE)) {
            /* a modeller writes pool and lane names turned a quarter in a
             * 30-pixel band (di_layout.h): the header only holds that
             * band's room, or a long name wrapped in a column would make
             * its lane tall for nothing */
            int depth = k->kind == C_LANE ? model_lane_at(rg->m, k->index)->depth + 1 : 1;
            double band = (30.0 * depth + 12) / PT, thin = 0.3;
            graph_set(v, "label", "");
            graph_set(v, "fixedsize", "true");
            graph_setf(v, "width", "%.3f", rg->tb ? thin : band);
            graph_setf(v, "height", "%.3f", rg->tb ? band : thin);
        }
        k->header = v;
        if (k->kind == C_SUB) {
            int col = column_of(rg, rg->nodes[k->index].sub_in);
            graph_band(rg, v, c, 1);
            rg->bs[rg->nbs - 1].col = col + 1 < rg->ncols ? col + 1 : col;
        } else {
            graph_band(rg, v, c, 0);
            rg->bs[rg->nbs - 1].col = rg->header_col - 1;
        }
    }
}

/* Separator lines: only the inner ones, between two strips (the outer
 * two would bound nothing, and cost dot a third of its time); with a
 * single strip, its bottom line, which orders the columns. */
static int first_line(const render_graph *rg) { (void)rg; return 1; }
static int last_line(const render_graph *rg) { return rg->nstrips > 1 ? rg->nstrips - 1 : 1; }

Agnode_t *graph_sep(const render_graph *rg, int col, int line)
{
    if (line < first_line(rg) || line > last_line(rg))
        return NULL;
    return rg->seps[col * (rg->nstrips + 1) + line];
}

/* The columns separator line k runs through, c0 to c1.  A line that
 * bounds a pool, process or lane crosses the drawing.  Top down, where
 * width is scarce, a line that only bounds sub-processes runs through
 * their columns alone, so that before and after a sub-process the rest of
 * its lane can use its room; left to right, every line crosses. */
static void line_span(const render_graph *rg, int k, int *c0, int *c1)
{
    int lo = rg->ncols, hi = -1, full = !rg->tb;
    for (int j = 0; j < rg->ncs && !full; j++) {
        const container *cj = &rg->cs[j];
        if (cj->first != k && cj->last + 1 != k)
            continue;
        if (cj->kind != C_SUB) {
            full = 1;
            break;
        }
        int in = column_of(rg, rg->nodes[cj->index].sub_in), out = column_of(rg, rg->nodes[cj->index].sub_out);
        lo = in < lo ? in : lo;
        hi = out > hi ? out : hi;
    }
    *c0 = full || hi < 0 ? 0 : lo;
    *c1 = full || hi < 0 ? rg->ncols - 1 : hi;
}

/* The separator lines: in each column a chain of points, every strip's
 * nodes between its two; heavy edges join a line's points across columns. */
static void add_separators(render_graph *rg)
{
    int lines = rg->nstrips + 1;
    rg->seps = alloc_zero((size_t)(rg->ncols * lines), sizeof *rg->seps);
    Agraph_t **grp = alloc_zero((size_t)rg->ncols, sizeof *grp);
    int *span = alloc_zero((size_t)(2 * lines), sizeof *span);
    for (int k = first_line(rg); k <= last_line(rg); k++)
        line_span(rg, k, &span[2 * k], &span[2 * k + 1]);
    for (int c = 0; c < rg->ncols; c++) {
        grp[c] = graph_same_rank(rg);
        Agnode_t *prev = NULL;
        for (int k = first_line(rg); k <= last_line(rg); k++) {
            if (c < span[2 * k] || c > span[2 * k + 1])
                continue;
            char id[48];
            snprintf(id, sizeof id, "%d.%d", c, k);
            Agnode_t *s = rg->seps[c * lines + k] = graph_anchor(rg, "#s", id);
            agsubnode(grp[c], s, 1);
            if (prev)
                graph_raw_invis(rg, prev, s, "1");
            prev = s;
            if (c > span[2 * k])
                graph_raw_invis(rg, graph_sep(rg, c - 1, k), s, HEAVY);
        }
    }
    free(span);
    for (int k = 0; k < rg->nbs; k++) {
        const banded *b = &rg->bs[k];
        int st = rg->cs[b->c].strip;
        agsubnode(grp[b->col], b->v, 1);
        /* between the nearest lines of its strip's two sides that run
         * through this column (dot drops flat edges of weight 0) */
        Agnode_t *above = NULL, *below = NULL;
        for (int j = st; j >= first_line(rg) && !above; j--)
            above = graph_sep(rg, b->col, j);
        for (int j = st + 1; j <= last_line(rg) && !below; j++)
            below = graph_sep(rg, b->col, j);
        if (above)
            graph_raw_invis(rg, above, b->v, "1");
        if (below)
            graph_raw_invis(rg, b->v, below, "1");
        if (b->top)
            for (int j = 0; j < rg->nbs; j++)
                if (j != k && rg->bs[j].col == b->col && rg->cs[rg->bs[j].c].strip == st)
                    graph_raw_invis(rg, b->v, rg->bs[j].v, "1");
    }
    free(grp);
}

/* The layout's budget.  Expanded sub-processes are strips within strips,
 * and dot's time grows steeply with their nesting: 12 levels took 0.5 s,
 * 20 took 8 s, and 40 did not end in a minute (an 8 KB file).  Past
 * RENDER_MAX_NESTING levels the drawing is refused before dot runs, with
 * the deepest sub-process named, rather than hanging. */
static int nesting_check(const render_graph *rg, diag_list *d)
{
    int worst = -1, worst_depth = 0;
    for (size_t i = 0; i < model_node_count(rg->m); i++) {
        if (rg->nodes[i].sub < 0)
            continue;
        int depth = 0;
        for (int p = (int)i; p >= 0; p = model_node_at(rg->m, p)->parent)
            depth += rg->nodes[p].sub >= 0;
        if (depth > worst_depth) {
            worst_depth = depth;
            worst = (int)i;
        }
    }
    if (worst_depth <= RENDER_MAX_NESTING)
        return 0;
    const model_node *n = model_node_at(rg->m, worst);
    diag_add(d, DIAG_ERROR, "render-budget", model_file(rg->m), n->e.line, n->e.id, n->e.name,
             "sub-process '%s' is nested %d deep; flowmc draws at most %d levels of expanded "
             "sub-processes (the layout's time grows steeply with nesting: 20 levels took 8 s, "
             "40 did not end)",
             n->e.id, worst_depth, RENDER_MAX_NESTING);
    return -1;
}

int render_graph_layout(render_graph *rg, diag_list *d)
{
    if (nesting_check(rg, d) != 0)
        return -1;
    if (rank_pass(rg, d) != 0)
        return -1;
    add_titles(rg);
    if (rg->nstrips > 1 || rg->header_col)
        add_separators(rg);
    if (graph_run_layout(rg, "dot", d) != 0)
        return -1;
    rg->state = 1;
    graph_container_boxes(rg);
    graph_move_boundaries(rg);
    return 0;
}
