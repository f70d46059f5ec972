/*
 * graph: a model as a Graphviz graph, laid out in-process (internal to the
 * render module; render.c draws it, di.c reads its geometry back).
 *
 * Built with cgraph and laid out by gvc's "dot", left to right or top to
 * bottom: participants are outer clusters, lanes swimlane clusters in
 * document order (rows top down, or columns left to right),
 * expanded sub-processes nested clusters, boundary events moved onto their
 * activity's border after the layout.  Decorations (findings, overlays) come
 * in as a render_decor the caller fills; this file knows nothing of checker
 * or simulator.
 *
 * Ownership: a render_graph owns its graph; it borrows the model and the
 * decor, which must outlive it.  The Graphviz context is one for the whole
 * process (made on first use, never freed): Graphviz's text layout keeps
 * pointers into it across graphs.  Not thread-safe: render from one
 * thread.
 */
#ifndef FLOWMC_RENDER_GRAPH_H
#define FLOWMC_RENDER_GRAPH_H

#include <stddef.h>

#include "../model/diag.h"
#include "../model/model.h"
#include "render.h"

/* A growable NUL-terminated string (HTML labels, legends). */
typedef struct render_str {
    char *s;
    size_t n, cap;
} render_str;

void render_str_addf(render_str *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends len bytes of data as they are (a stream: page.c's PDF and PNG),
 * keeping the string terminated. */
void render_str_add(render_str *b, const char *data, size_t len);
/* Appends text XML-escaped for a Graphviz HTML label. */
void render_str_add_text(render_str *b, const char *text);
/* Appends text wrapped at about width characters per line, escaped, lines
 * joined by <BR/>; returns the number of lines. */
int render_str_add_wrapped(render_str *b, const char *text, int width);
void render_str_release(render_str *b);

/* The extra look of one element; every field may be NULL. */
typedef struct render_mark {
    const char *pen;  /* outline or line colour */
    const char *fill; /* fill colour (nodes) */
    char *rows;       /* HTML rows (<TR>...</TR>) added under a node's name,
                       * or HTML text added to an edge's label; owned */
} render_mark;

/* Decorations for a whole model: arrays indexed like the model's elements
 * (NULL for none), plus a legend (an HTML table, owned) drawn below. */
typedef struct render_decor {
    render_mark *nodes, *flows, *msgflows, *lanes, *parts;
    char *legend;
} render_decor;

/* Frees what a decor owns (rows, legend, the arrays); accepts NULL. */
void render_decor_release(render_decor *dc, const model *m);

/* A box in BPMN DI pixels: top-left origin, y down. */
typedef struct render_box {
    double x, y, w, h;
} render_box;

typedef struct render_graph render_graph;

/* Builds the graph of the processes whose entry in procs is non-zero (NULL:
 * every process), with the black-box pools when pools is set, flowing in
 * direction dir.  for_di asks for polyline edges (corners become DI
 * waypoints) and no decoration.  lane_tags draws no swimlanes: each node
 * is filled with its lane's colour and marked with its tag (L1, L2...), and a
 * legend names the lanes (ignored with for_di: DI needs lane bounds). */
render_graph *render_graph_new(const model *m, const unsigned char *procs, int pools,
                               const render_decor *decor, int for_di, render_direction dir,
                               int lane_tags);
void render_graph_free(render_graph *g);

/* Levels of expanded sub-processes inside each other that a layout takes
 * on: past it render_graph_layout refuses (code render-budget). */
#define RENDER_MAX_NESTING 16

/* Runs dot and the boundary-event placement.  0, or -1 with a diagnostic
 * (no dot plugin installed, sub-processes nested past RENDER_MAX_NESTING). */
int render_graph_layout(render_graph *g, diag_list *d);

/* Instead of render_graph_layout: puts every shape, lane, pool and edge
 * where the file's own diagram (BPMN DI) has it.  0, or -1 with an error
 * ("no-di": the file has none; "partial-di": it leaves out shapes, lanes
 * or flows of what is drawn) in d.  Build the graph left to right. */
int render_graph_layout_di(render_graph *g, diag_list *d);

/* Width and height of the laid-out drawing with its padding, points. */
void render_graph_size(const render_graph *g, double *w, double *h);

/* The resolution a PNG of the drawing gets: 96 dots an inch, lowered so that no side passes 32000 pixels.  0, or -1 with a
 * render-budget error when that leaves under 4 dots an inch. */
int render_graph_bitmap_dpi(render_graph *g, double *dpi, diag_list *d);

/* Renders with a gvc output format ("svg", "png", "pdf", "dot") into a
 * malloc'd buffer.  0, or -1 with a diagnostic. */
int render_graph_output(render_graph *g, const char *gvformat, char **buf, size_t *len,
                        diag_list *d);

/* ---- geometry after layout, in DI pixels ---------------------------- */

/* Shape of flow node i (an expanded sub-process: its cluster); 0, or -1
 * when the node is not in this graph. */
int render_graph_node_box(const render_graph *g, int i, render_box *b);
int render_graph_lane_box(const render_graph *g, int i, render_box *b);
int render_graph_part_box(const render_graph *g, int i, render_box *b);
/* 1 when node i is an expanded sub-process (a cluster). */
int render_graph_node_expanded(const render_graph *g, int i);
/* Waypoints of sequence flow i / message flow i as x,y pairs (malloc'd
 * into *xy, count in *n, at least 2); 0, or -1 when not drawn. */
int render_graph_flow_path(const render_graph *g, int i, double **xy, int *n);
int render_graph_msgflow_path(const render_graph *g, int i, double **xy, int *n);

/* ---- pages ---------------------------------------------------------- */

/* What a page cut needs to know of a laid-out drawing, in the points of
 * its natural-size output (origin at its top left, padding included, y
 * down): where a cut would split a shape or a text (busy spans), where it
 * would fall on a pool's, lane's or sub-process's border (the best
 * places), and the visible lines (edges, as their spline's control
 * points), which get a continuation mark where a cut crosses them. */
typedef struct render_span {
    double a, b;
} render_span;
typedef struct render_polyline {
    double *xy; /* x,y pairs */
    int n;
} render_polyline;
typedef struct render_page_geometry {
    double width, height;
    render_span *busy;
    int nbusy;
    double *borders;
    int nborders;
    render_polyline *lines;
    int nlines;
} render_page_geometry;

/* Fills pg for a laid-out graph; 0, or -1 before the layout.  Release
 * with render_page_geometry_release. */
int render_graph_page_geometry(render_graph *g, render_page_geometry *pg);
void render_page_geometry_release(render_page_geometry *pg);

#endif
