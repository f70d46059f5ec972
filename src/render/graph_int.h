/*
 * graph_int: what the rooms of the render graph share (private to
 * src/render/graph*.c; everyone else includes graph.h).
 *
 * The rooms, in the order a drawing goes through them:
 *     graph.c            render_graph_new and _free: the build, in order
 *     graph_str.c        growable strings, HTML-label escaping, wrapping
 *     graph_cg.c         cgraph: ids, attributes, the helper nodes and
 *                        edges that only shape the layout, Graphviz's
 *                        context and message hook
 *     graph_lanes.c      containers (pools, processes, lanes, expanded
 *                        sub-processes), their strips, lanes as tags
 *     graph_nodes.c      shapes, labels and the flows between them
 *     graph_layout.c     dot: ranks, titles, separator lines, the layout
 *     graph_geom.c       after dot: container boxes, boundary events
 *     graph_layout_di.c  instead of dot: the file's own diagram
 *     graph_draw.c       clusters, Graphviz's output, page geometry
 *     graph_di.c         geometry read back in DI pixels, for di.c
 * Functions shared between rooms are declared below, prefixed graph_;
 * the rest are static in their room.
 *
 * Ownership: everything a render_graph points to is its own, freed by
 * render_graph_free, except the model and the decor (borrowed) and the
 * Graphviz context (one for the process).  Allocation follows
 * src/model/alloc.h.  Not thread-safe, as graph.h says.
 */
#ifndef FLOWMC_RENDER_GRAPH_INT_H
#define FLOWMC_RENDER_GRAPH_INT_H

#include <gvc.h>

#include "graph.h"

#define PT 72.0         /* points per inch */
#define SIDE_CHAR 6.8   /* a pool name's character, 11-point bold, points */
#define SIDE_ID "poolname_" /* SVG id of a pool's side name, before its id */
#define SLIM_ID "lanename_" /* and of an empty lane's turned name */
#define EVENT_D 36.0    /* event diameter, points (= BPMN pixels) */
#define GATEWAY_D 50.0  /* gateway diagonal */
#define TASK_W 100.0    /* (top down: see sizes_tb) */
#define TASK_H 80.0
#define NAME_WRAP 18    /* characters per task name line */
#define FONT "Helvetica"
#define HEAVY "1000"    /* weight that keeps separator lines straight */
#define SUB_INSET 6.0   /* a sub-process box inside its strips */
#define POOL_GAP 6.0    /* pools and processes drawn apart by twice this */
#define DRAW_PAD 0.2    /* around the drawing, inches */
/* Edge labels double dot's ranks, and the separators' cost grows with the
 * ranks: past this many flow nodes, edge names become external labels
 * placed after the layout. */
#define LARGE 150

typedef enum ckind { C_POOL, C_PROC, C_LANE, C_SUB } ckind;

/* A pool, a process outside pools, a lane or an expanded sub-process. */
typedef struct container {
    ckind kind;
    int index;          /* participant, process, lane or node index */
    int parent;         /* enclosing container, -1 at the top */
    int boxed;          /* drawn as a box */
    const char *title;  /* header (pools, lanes) or title (sub-processes) */
    int strip;          /* its own strip: header and direct members */
    int first, last;    /* every strip it spans, inclusive */
    Agnode_t *header;
    int turned;         /* its header's text is turned a quarter in the SVG */
    boxf box;           /* after the layout, Graphviz points */
} container;

/* A node kept inside a strip. */
typedef struct banded {
    Agnode_t *v;
    int c;              /* container */
    int col;            /* column, after ranking */
    int top;            /* a title: above the strip's other nodes */
} banded;

/* Label widths, in characters per line, and sizes for one direction. */
typedef struct sizes {
    int shape;     /* an event's or gateway's name, below or beside it */
    int flow;      /* a flow's name */
    int header;    /* a pool's or lane's name */
    int sub;       /* an expanded sub-process's title */
    int task;      /* a task's name */
    double task_w; /* a task's least width, points */
} sizes;

/* What a flow node is drawn as. */
typedef struct node_slot {
    Agnode_t *v;        /* its shape; NULL: expanded or not drawn */
    int sub;            /* its container when expanded, else -1 */
    int home;           /* the container it is drawn in, -1 before known */
    Agnode_t *sub_in, *sub_out; /* expanded: where flows enter and leave */
    Agnode_t *bport;    /* a boundary event of an expanded sub-process:
                         * where its flows leave */
    Agnode_t *name;     /* its name beside it (top down), or NULL */
    char *sub_title;    /* expanded: its tagged title, owned; NULL */
} node_slot;

/* What a message flow is drawn as. */
typedef struct msg_slot {
    Agedge_t *e;               /* NULL: not drawn */
    Agnode_t *port_s, *port_t; /* its ends at black-box pools, or NULL */
} msg_slot;

struct render_graph {
    const model *m;
    const render_decor *dc;
    int for_di;
    int tb;                 /* top to bottom: lanes are columns */
    const sizes *sz;        /* label widths and sizes for the direction */
    double small;           /* smallest text, points: render_smallest_pt */
    GVC_t *gvc;
    Agdisc_t disc;          /* numbers names in creation order */
    Agraph_t *g;
    int state;              /* 0 built, 1 laid out, 2 containers drawn in */
    node_slot *nodes;       /* per flow node */
    int *lane_c, *part_c, *proc_c;
    container *cs;
    int ncs;
    int nstrips;
    banded *bs;
    int nbs;
    Agedge_t **flow;        /* per sequence flow; NULL: not drawn */
    msg_slot *msgs;         /* per message flow */
    Agedge_t **helpers;     /* invisible, layout-only edges */
    int nhelpers;
    Agnode_t **seps;        /* separator points, column by column */
    int ncols, header_col;  /* header_col: 1 when column 0 holds headers */
    double *line_a;         /* per separator line, after the layout: its
                             * place across the strips (see across()) */
    int nsub;               /* counter for helper subgraph names */
    int xlabels;            /* edge names as external labels (large models) */
    int tags;               /* lanes as tags: no swimlanes; each node
                             * filled with its lane's colour and marked
                             * with its tag (L1, L2...), a legend naming them */
    int *lane_tag;          /* per lane: its tag number (document order), -1 */
    int ntags;
    int from_di;            /* laid out by render_graph_layout_di */
};

/* ---- graph_str.c ------------------------------------------------------ */

/* Number of UTF-8 code points in s[0..n). */
int graph_utf8_len(const char *s, size_t n);

/* ---- graph_cg.c: cgraph ----------------------------------------------- */

/* The id discipline every graph is opened with (graph_cg.c says why). */
extern Agiddisc_t graph_ids_disc;

/* The process's one Graphviz context, made on first use. */
GVC_t *graph_context(void);

/* Declares every attribute the graph's objects use, with its default. */
void graph_declare(Agraph_t *g);

/* Sets attribute name of a graph, node or edge: to value, to a printf
 * format's text (under 128 bytes), to an HTML-like label. */
void graph_set(void *obj, const char *name, const char *value);
void graph_setf(void *obj, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void graph_set_html(void *obj, const char *name, const char *html);

/* prefix followed by id, allocated (free it). */
char *graph_concat(const char *prefix, const char *id);

/* An invisible point named prefix id. */
Agnode_t *graph_anchor(render_graph *rg, const char *prefix, const char *id);
/* A node that is only text (an HTML label): names, titles, headers. */
Agnode_t *graph_text_node(render_graph *rg, const char *prefix, const char *id,
                          const char *html, const char *fontsize, const char *margin);
/* An invisible edge that only shapes the layout; graph_helper remembers
 * it, so that a layout from the file's diagram can drop it. */
Agedge_t *graph_raw_invis(render_graph *rg, Agnode_t *t, Agnode_t *h, const char *weight);
Agedge_t *graph_helper(render_graph *rg, Agnode_t *t, Agnode_t *h, const char *weight);
/* A new subgraph whose nodes dot puts in one rank. */
Agraph_t *graph_same_rank(render_graph *rg);
/* Lays b out in a's rank, right after it (LR: below it): a flat edge. */
void graph_beside(render_graph *rg, Agnode_t *a, Agnode_t *b, const char *weight);

/* Graphviz's messages go to d as warnings between these two calls (one
 * layout or output at a time). */
void graph_diags_begin(diag_list *d);
void graph_diags_end(void);

/* ---- graph_lanes.c: containers and strips ----------------------------- */

/* 1 when process p is drawn (procs NULL: every process). */
int graph_drawn(const unsigned char *procs, int p);
/* Numbers the drawn processes' lanes as tags (when rg->tags) and sets the
 * graph's label: the lanes' legend above the decor's. */
void graph_add_legend(render_graph *rg, const unsigned char *procs);
/* The top-level containers, pools in document order then processes
 * outside pools, with their lanes; the black-box pools when pools. */
void graph_add_containers(render_graph *rg, const unsigned char *procs, int pools);
/* Keeps node v in container c's strip (top: above its other nodes). */
void graph_band(render_graph *rg, Agnode_t *v, int c, int top);
/* The fill of tag t. */
const char *graph_tag_fill(int t);
/* Flow node i's lane tag (its activity's or sub-process's when it has no
 * lane), -1 for none; with tags, name prefixed by it ("L3: name"),
 * allocated, else NULL. */
int graph_tag_of(const render_graph *rg, int i);
char *graph_tagged_name(const render_graph *rg, int i, const char *name);
/* 1 when n is a sub-process drawn open, as a container. */
int graph_expanded(const model_node *n);
/* The container of expanded sub-process s (made on first use, with its
 * entry and exit anchors); the container flow node i is drawn in. */
int graph_sub_container(render_graph *rg, int s);
int graph_home_of(render_graph *rg, int i);
/* 1 when container c's name stands beside its content, as BPMN draws a
 * pool's; 1 when lane l and its nested lanes hold no flow node. */
int graph_side_title(const render_graph *rg, int c);
int graph_lane_empty(const model *m, int l);
/* Gives container c and those inside it their strips, in order. */
void graph_assign_strips(render_graph *rg, int c);

/* ---- graph_nodes.c: shapes, labels, flows ----------------------------- */

/* An event's or a gateway's mark, as HTML. */
const char *graph_event_mark(const model_node *n);
const char *graph_gateway_mark(model_node_type t);
/* arr[i], or NULL when arr is. */
const render_mark *graph_mark_of(const render_mark *arr, int i);
/* An event's or gateway's label: the mark in a cell of the shape's size,
 * the name below it, as much blank above. */
void graph_shape_label(render_str *b, const char *mark, double cell, const char *name, int wrap,
                       const render_mark *mk);
/* A name wrapped at wrap characters, with its decoration rows. */
void graph_name_table(render_str *b, const char *name, int wrap, const render_mark *mk);
/* Flow node i, boundary event b beside its activity, sequence flow i,
 * message flow i, sub-processes' anchors before and after their content. */
void graph_add_node(render_graph *rg, int i);
void graph_place_boundary(render_graph *rg, int b);
void graph_add_flow(render_graph *rg, int i);
void graph_add_msgflow(render_graph *rg, int i);
void graph_link_sub_anchors(render_graph *rg);

/* ---- graph_layout.c --------------------------------------------------- */

/* Runs Graphviz layout engine on the graph; 0, or -1 with an error. */
int graph_run_layout(render_graph *rg, const char *engine, diag_list *d);
/* The separator point of line in column col, or NULL. */
Agnode_t *graph_sep(const render_graph *rg, int col, int line);

/* ---- graph_geom.c: after dot ------------------------------------------ */

/* Every container's box from its strips' separator lines. */
void graph_container_boxes(render_graph *rg);
/* Boundary events onto their activity's border, their names placed. */
void graph_move_boundaries(render_graph *rg);

#endif
