/*
 * graph: builds the Graphviz graph of a model and lays it out with dot,
 * in-process; see graph.h.
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
#include "graph.h"
#include "../model/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gvc.h>
#include <libxml/entities.h>
#include <libxml/hash.h>

#include "di_labels.h"

/* ---- strings ---------------------------------------------------------- */

static void str_reserve(render_str *b, size_t more)
{
    if (b->n + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + more + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s)
        alloc_fail("memory for the drawing");
    b->s = s;
    b->cap = cap;
}

void render_str_addf(render_str *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    str_reserve(b, (size_t)k);
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

void render_str_add_text(render_str *b, const char *text)
{
    xmlChar *e = xmlEncodeSpecialChars(NULL, (const xmlChar *)(text ? text : ""));
    if (!e)
        alloc_fail("memory for the drawing");
    render_str_addf(b, "%s", (const char *)e);
    xmlFree(e);
}

/* Number of UTF-8 code points in s[0..n). */
static int utf8_len(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

int render_str_add_wrapped(render_str *b, const char *text, int width)
{
    int lines = 0;
    const char *p = text;
    while (*p == ' ' || *p == '\n' || *p == '\t')
        p++;
    while (*p) {
        /* take words while the line stays within width (at least one) */
        const char *end = p, *q = p;
        while (*q) {
            const char *w = q;
            while (*w && *w != ' ' && *w != '\n' && *w != '\t')
                w++;
            if (end != p && utf8_len(p, (size_t)(w - p)) > width)
                break;
            end = w;
            if (*w == '\n')
                break;
            q = w;
            while (*q == ' ' || *q == '\t')
                q++;
        }
        char *line = strndup(p, (size_t)(end - p));
        if (!line)
            alloc_fail("memory for the drawing");
        if (lines++)
            render_str_addf(b, "<BR/>");
        render_str_add_text(b, line);
        free(line);
        p = end;
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
    }
    return lines;
}

void render_str_release(render_str *b)
{
    free(b->s);
    b->s = NULL;
    b->n = b->cap = 0;
}

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

/* ---- the graph -------------------------------------------------------- */

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

/* Top down, whatever stands side by side in a rank makes the page's
 * width: names beside flows and shapes, tasks, are narrower there. */
static const sizes sizes_lr = {16, 24, 16, 30, NAME_WRAP, TASK_W},
                   sizes_tb = {14, 14, 14, 16, 16, 90};

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
    Agnode_t **node;        /* per flow node; NULL: expanded or not drawn */
    int *sub;               /* per flow node: its container when expanded, -1 */
    Agnode_t **sub_in, **sub_out, **bport;
    Agnode_t **name;        /* per flow node: its name beside it (top down) */
    int *home;              /* per flow node: container it is drawn in, -1 */
    int *lane_c, *part_c, *proc_c;
    container *cs;
    int ncs, capcs;
    int nstrips;
    banded *bs;
    int nbs, capbs;
    Agnode_t **msg_port_s, **msg_port_t;
    Agedge_t **flow, **msg;
    Agedge_t **helpers;     /* invisible, layout-only edges */
    int nhelpers, caphelpers;
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
    char **sub_title;       /* per flow node: an expanded sub-process's
                             * tagged title, owned; NULL */
    int ntags;
    int from_di;            /* laid out by render_graph_layout_di */
};

/* cgraph names its objects by the address of their interned name, and
 * orders subgraphs by that: clusters then come out in a different order
 * from run to run.  This id discipline numbers names in the order they
 * are made instead, so the same model gives the same bytes. */
typedef struct ids {
    Agraph_t *g;
    xmlHashTablePtr byname; /* "<objtype>:<name>" -> id */
    char **names;           /* names by id / 2 - 1, interned in g: cgraph
                             * reads a flag stored before the string */
    size_t n, cap;
    IDTYPE anon;            /* next anonymous id (odd) */
} ids;

static void *ids_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)disc;
    ids *s = calloc(1, sizeof *s);
    if (!s || !(s->byname = xmlHashCreate(64)))
        alloc_fail("memory for the drawing");
    s->g = g;
    s->anon = 1;
    return s;
}

static long ids_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    ids *s = state;
    if (!str) {
        *id = s->anon;
        s->anon += 2;
        return 1;
    }
    size_t len = strlen(str) + 4;
    char *key = malloc(len);
    if (!key)
        alloc_fail("memory for the drawing");
    snprintf(key, len, "%d:%s", objtype, str);
    void *found = xmlHashLookup(s->byname, (const xmlChar *)key);
    if (found || !createflag) {
        free(key);
        *id = (IDTYPE)(uintptr_t)found;
        return found != NULL;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->names = realloc(s->names, s->cap * sizeof *s->names);
        if (!s->names)
            alloc_fail("memory for the drawing");
    }
    s->names[s->n++] = agstrdup(s->g, str);
    *id = (IDTYPE)(2 * s->n);
    xmlHashAddEntry(s->byname, (const xmlChar *)key, (void *)(uintptr_t)*id);
    free(key);
    return 1;
}

static long ids_alloc(void *state, int objtype, IDTYPE request)
{
    (void)state;
    (void)objtype;
    (void)request;
    return 0;
}

static void ids_free(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
}

static char *ids_print(void *state, int objtype, IDTYPE id)
{
    (void)objtype;
    ids *s = state;
    return id % 2 == 0 && id / 2 >= 1 && id / 2 <= s->n ? s->names[id / 2 - 1] : NULL;
}

static void ids_close(void *state)
{
    ids *s = state;
    /* the names go with the graph's string table */
    xmlHashFree(s->byname, NULL);
    free(s->names);
    free(s);
}

static void ids_register(void *state, int objtype, void *obj)
{
    (void)state;
    (void)objtype;
    (void)obj;
}

static Agiddisc_t ids_disc = {ids_open, ids_map, ids_alloc, ids_free, ids_print, ids_close,
                              ids_register};

/* One Graphviz context for the whole process: its pango text layout keeps
 * the last font name in a static variable, which dangles (a use after
 * free) once the context that owned the name is freed. */
static GVC_t *context(void)
{
    static GVC_t *gvc;
    if (!gvc)
        gvc = gvContext();
    return gvc;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        alloc_fail("memory for the drawing");
    return p;
}

/* Appends one element to a growable array. */
#define PUSH(arr, n, cap, item)                                                             \
    do {                                                                                   \
        if ((n) == (cap)) {                                                                \
            (cap) = (cap) ? 2 * (cap) : 16;                                                \
            void *np_ = realloc((arr), (size_t)(cap) * sizeof *(arr));                     \
            if (!np_)                                                                      \
                alloc_fail("memory for the drawing");                                                                   \
            (arr) = np_;                                                                   \
        }                                                                                  \
        (arr)[(n)++] = (item);                                                             \
    } while (0)

static void set(void *obj, const char *name, const char *value)
{
    agsafeset(obj, (char *)name, (char *)value, "");
}

static void setf(void *obj, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void setf(void *obj, const char *name, const char *fmt, ...)
{
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    set(obj, name, buf);
}

/* Sets an HTML-like label (Graphviz needs the string marked as HTML). */
static void set_html(void *obj, const char *name, const char *html)
{
    Agraph_t *root = agroot(obj);
    Agsym_t *sym = agattrsym(obj, (char *)name);
    if (!sym) {
        set(obj, name, "");
        sym = agattrsym(obj, (char *)name);
    }
    char *h = agstrdup_html(root, (char *)html);
    agxset(obj, sym, h);
    agstrfree(root, h);
}

static void declare(Agraph_t *g)
{
    static const char *const gattrs[][2] = {
        {"label", ""},      {"labelloc", "t"},    {"labeljust", "l"}, {"style", ""},
        {"margin", "8"},    {"color", "black"},   {"penwidth", "1"},  {"fontname", FONT},
        {"fontsize", "11"}, {"rank", ""},         {"id", ""},         {"bgcolor", ""},
        {"fillcolor", ""},  {"fontcolor", "black"}, {"bb", ""},       {"phase", ""},
    };
    static const char *const nattrs[][2] = {
        {"shape", "box"},  {"label", ""},      {"style", "filled"}, {"fillcolor", "white"},
        {"color", "black"}, {"penwidth", "1"},  {"fontname", FONT},  {"fontsize", "10"},
        {"width", "0.75"}, {"height", "0.5"},  {"fixedsize", "false"}, {"margin", "0.05"},
        {"id", ""},        {"class", ""},      {"xlabel", ""},
    };
    static const char *const eattrs[][2] = {
        {"style", "solid"}, {"color", "black"}, {"penwidth", "1"},     {"arrowhead", "normal"},
        {"arrowtail", "none"}, {"dir", "forward"}, {"arrowsize", "0.8"}, {"label", ""},
        {"fontname", FONT}, {"fontsize", "9"},   {"fontcolor", "black"}, {"weight", "1"},
        {"minlen", "1"},    {"constraint", "true"}, {"tailport", ""},  {"headport", ""},
        {"id", ""},         {"class", ""},       {"taillabel", ""},    {"labelangle", "-25"},
        {"labeldistance", "1"},
    };
    for (size_t i = 0; i < sizeof gattrs / sizeof gattrs[0]; i++)
        agattr(g, AGRAPH, (char *)gattrs[i][0], (char *)gattrs[i][1]);
    for (size_t i = 0; i < sizeof nattrs / sizeof nattrs[0]; i++)
        agattr(g, AGNODE, (char *)nattrs[i][0], (char *)nattrs[i][1]);
    for (size_t i = 0; i < sizeof eattrs / sizeof eattrs[0]; i++)
        agattr(g, AGEDGE, (char *)eattrs[i][0], (char *)eattrs[i][1]);
}

/* prefix followed by id, malloc'd. */
static char *concat(const char *prefix, const char *id)
{
    char *s = malloc(strlen(prefix) + strlen(id) + 1);
    if (!s)
        alloc_fail("memory for the drawing");
    strcpy(s, prefix);
    strcat(s, id);
    return s;
}

static Agnode_t *anchor(render_graph *rg, const char *prefix, const char *id)
{
    char *name = concat(prefix, id);
    Agnode_t *n = agnode(rg->g, name, 1);
    free(name);
    set(n, "shape", "point");
    set(n, "style", "invis");
    set(n, "width", "0.01");
    set(n, "height", "0.01");
    set(n, "fixedsize", "true");
    return n;
}

/* An invisible edge that only shapes the layout. */
static Agedge_t *raw_invis(render_graph *rg, Agnode_t *t, Agnode_t *h, const char *weight)
{
    Agedge_t *e = agedge(rg->g, t, h, NULL, 1);
    set(e, "style", "invis");
    set(e, "weight", weight);
    set(e, "arrowhead", "none");
    return e;
}

/* The same, remembered so that the drawing pass can drop it. */
static Agedge_t *helper(render_graph *rg, Agnode_t *t, Agnode_t *h, const char *weight)
{
    Agedge_t *e = raw_invis(rg, t, h, weight);
    PUSH(rg->helpers, rg->nhelpers, rg->caphelpers, e);
    return e;
}

static Agraph_t *same_rank(render_graph *rg)
{
    char name[32];
    snprintf(name, sizeof name, "#rank%d", rg->nsub++);
    Agraph_t *s = agsubg(rg->g, name, 1);
    set(s, "rank", "same");
    return s;
}

/* Lays b out in a's rank, right after it (LR: below it): a flat edge. */
static void beside(render_graph *rg, Agnode_t *a, Agnode_t *b, const char *weight)
{
    Agraph_t *r = same_rank(rg);
    agsubnode(r, a, 1);
    agsubnode(r, b, 1);
    helper(rg, a, b, weight);
}

/* A node that is only text (an HTML label): names, titles, headers. */
static Agnode_t *text_node(render_graph *rg, const char *prefix, const char *id, const char *html,
                           const char *fontsize, const char *margin)
{
    Agnode_t *v = anchor(rg, prefix, id);
    set(v, "shape", "plaintext");
    set(v, "style", "");
    set(v, "fixedsize", "false");
    set(v, "width", "0");
    set(v, "height", "0");
    set(v, "fontsize", fontsize);
    set(v, "margin", margin);
    set_html(v, "label", html);
    return v;
}

static int new_container(render_graph *rg, ckind kind, int index, int parent, const char *title)
{
    container c = {kind, index, parent, 1, title, -1, -1, -1, NULL, 0, {{0, 0}, {0, 0}}};
    PUSH(rg->cs, rg->ncs, rg->capcs, c);
    return rg->ncs - 1;
}

static void band(render_graph *rg, Agnode_t *v, int c, int top)
{
    banded b = {v, c, -1, top};
    PUSH(rg->bs, rg->nbs, rg->capbs, b);
}

/* Lane colours for tags: ColorBrewer's Set3, light enough to read black
 * text on, distinct enough to tell apart; beyond twelve lanes they repeat
 * and the tags alone tell the lanes apart. */
static const char *const tag_fills[] = {"#8dd3c7", "#ffffb3", "#bebada", "#fb8072",
                                        "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
                                        "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"};
#define NFILLS (int)(sizeof tag_fills / sizeof *tag_fills)

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
static int tag_of(const render_graph *rg, int i)
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
static char *tagged_name(const render_graph *rg, int i, const char *name)
{
    int t = rg->tags ? tag_of(rg, i) : -1;
    if (t < 0)
        return NULL;
    char tag[16];
    tag_name(t, tag);
    size_t n = strlen(tag) + (name ? strlen(name) : 0) + 3;
    char *s = malloc(n);
    if (!s)
        alloc_fail("memory for the drawing");
    snprintf(s, n, "%s%s%s", tag, name ? ": " : "", name ? name : "");
    return s;
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
                        tag_fills[t % NFILLS], tag);
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

static int expanded(const model_node *n)
{
    return n->type == MODEL_SUB_PROCESS && n->nchildren > 0;
}

static int home_of(render_graph *rg, int i);

/* The container of expanded sub-process s, made on first use with its
 * entry and exit anchors (flows attach there: the box's left and right
 * edges). */
static int sub_container(render_graph *rg, int s)
{
    if (rg->sub[s] >= 0)
        return rg->sub[s];
    const model_node *n = model_node_at(rg->m, s);
    int parent = home_of(rg, s);
    const char *title = n->e.name ? n->e.name : n->e.id;
    if ((rg->sub_title[s] = tagged_name(rg, s, title)))
        title = rg->sub_title[s];
    int c = new_container(rg, C_SUB, s, parent, title);
    rg->sub[s] = c;
    rg->sub_in[s] = anchor(rg, "#sin:", n->e.id);
    rg->sub_out[s] = anchor(rg, "#sout:", n->e.id);
    band(rg, rg->sub_in[s], c, 0);
    band(rg, rg->sub_out[s], c, 0);
    return c;
}

/* The container flow node i is drawn in. */
static int home_of(render_graph *rg, int i)
{
    if (rg->home[i] >= 0)
        return rg->home[i];
    const model_node *n = model_node_at(rg->m, i);
    int h;
    if (n->type == MODEL_BOUNDARY_EVENT && n->attached_to >= 0)
        h = expanded(model_node_at(rg->m, n->attached_to)) ? sub_container(rg, n->attached_to)
                                                            : home_of(rg, n->attached_to);
    else if (n->parent >= 0)
        h = sub_container(rg, n->parent);
    else if (n->lane >= 0 && rg->lane_c[n->lane] >= 0)
        h = rg->lane_c[n->lane];
    else
        h = rg->proc_c[n->process];
    rg->home[i] = h;
    return h;
}

/* 1 when container c's name stands beside its content as BPMN draws a
 * pool's: turned a quarter in a band at the left (left to right), or
 * across the top (top down), over all its lanes -- not in a strip of its
 * own, which would be an empty band across the drawing.  Pools and
 * processes that have a process; the DI export keeps its own name bands
 * (di_layout.h). */
static int side_title(const render_graph *rg, int c)
{
    const container *k = &rg->cs[c];
    return !rg->for_di && k->title &&
           (k->kind == C_PROC ||
            (k->kind == C_POOL && model_participant_at(rg->m, k->index)->process >= 0));
}

/* 1 when lane l and the lanes nested in it hold no flow node (check's
 * empty-lane): drawn thin, its name small. */
static int lane_empty(const model *m, int l)
{
    const model_lane *ln = model_lane_at(m, l);
    if (ln->nnodes > 0)
        return 0;
    for (int k = 0; k < ln->nchildren; k++)
        if (!lane_empty(m, ln->children[k]))
            return 0;
    return 1;
}

/* Gives every container its strips, top to bottom: its own (for its
 * header and direct members, when it has any), then those of its
 * sub-processes, then those of its child lanes. */
static void assign_strips(render_graph *rg, int c)
{
    int members = rg->cs[c].title != NULL && !side_title(rg, c), kids = 0;
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
                assign_strips(rg, j);
    rg->cs[c].last = rg->nstrips - 1;
}
static const char *event_mark(const model_node *n)
{
    int throw = n->type == MODEL_THROW_EVENT || n->type == MODEL_END_EVENT;
    switch (n->evdef) {
    case MODEL_EVDEF_TIMER: return "\u25F7";
    case MODEL_EVDEF_MESSAGE: return throw ? "<B>\u2709</B>" : "\u2709";
    case MODEL_EVDEF_SIGNAL: return throw ? "\u25B2" : "\u25B3";
    case MODEL_EVDEF_ERROR: return "\u26A1";
    case MODEL_EVDEF_ESCALATION: return throw ? "\u2B06" : "\u21E7";
    case MODEL_EVDEF_TERMINATE: return "<FONT POINT-SIZE=\"22\">\u25CF</FONT>";
    case MODEL_EVDEF_CONDITIONAL: return "\u2261";
    case MODEL_EVDEF_LINK: return throw ? "\u27A1" : "\u21E8";
    case MODEL_EVDEF_COMPENSATE: return throw ? "\u25C0\u25C0" : "\u25C1\u25C1";
    case MODEL_EVDEF_CANCEL: return "\u2716";
    default: return "";
    }
}

static const char *gateway_mark(model_node_type t)
{
    switch (t) {
    case MODEL_EXCLUSIVE_GATEWAY: return "<FONT POINT-SIZE=\"20\"><B>\u2715</B></FONT>";
    case MODEL_PARALLEL_GATEWAY: return "<FONT POINT-SIZE=\"26\"><B>+</B></FONT>";
    case MODEL_INCLUSIVE_GATEWAY: return "<FONT POINT-SIZE=\"20\">\u25EF</FONT>";
    case MODEL_EVENT_GATEWAY: return "<FONT POINT-SIZE=\"18\">\u2B20</FONT>";
    default: return "";
    }
}

static const char *task_tag(model_node_type t)
{
    switch (t) {
    case MODEL_USER_TASK: return "user";
    case MODEL_SERVICE_TASK: return "\u2699 service";
    case MODEL_SCRIPT_TASK: return "script";
    case MODEL_MANUAL_TASK: return "manual";
    case MODEL_BUSINESS_RULE_TASK: return "\u25A6 rule";
    case MODEL_SEND_TASK: return "<B>\u2709</B> send";
    case MODEL_RECEIVE_TASK: return "\u2709 receive";
    case MODEL_CALL_ACTIVITY: return "call";
    default: return NULL;
    }
}

static const char *loop_mark(model_loop l)
{
    switch (l) {
    case MODEL_LOOP_STANDARD: return "\u21BB";
    case MODEL_LOOP_MI_PARALLEL: return "|||";
    case MODEL_LOOP_MI_SEQUENTIAL: return "\u2261";
    default: return NULL;
    }
}

#define TABLE "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">"

/* Label of an event or gateway: the mark centred in the shape, the name
 * (and decorations) below it, and a blank block of the same height above,
 * so that the shape stays in the middle of the label's box and the space
 * for the name is reserved by the layout. */
static void shape_label(render_str *b, const char *mark, double cell, const char *name,
                        int wrap, const render_mark *mk)
{
    render_str below = {0};
    int lines = 0;
    if (name) {
        render_str_addf(&below, "<TR><TD>");
        lines = render_str_add_wrapped(&below, name, wrap);
        render_str_addf(&below, "</TD></TR>");
    }
    if (mk && mk->rows) {
        render_str_addf(&below, "%s", mk->rows);
        for (const char *p = mk->rows; (p = strstr(p, "<TR")); p++)
            lines++;
    }
    render_str_addf(b, TABLE);
    if (lines) {
        render_str_addf(b, "<TR><TD>");
        for (int k = 0; k < lines; k++)
            render_str_addf(b, "%s&#160;", k ? "<BR/>" : "");
        render_str_addf(b, "</TD></TR>");
    }
    render_str_addf(b, "<TR><TD FIXEDSIZE=\"TRUE\" WIDTH=\"%.0f\" HEIGHT=\"%.0f\">%s</TD></TR>",
                    cell, cell, mark);
    render_str_addf(b, "%s</TABLE>", below.s ? below.s : "");
    render_str_release(&below);
}

static void task_label(const render_graph *rg, render_str *b, int i, const render_mark *mk)
{
    const model_node *n = model_node_at(rg->m, i);
    const char *tag = task_tag(n->type);
    char *lane = tagged_name(rg, i, NULL);
    render_str_addf(b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">");
    if (tag || lane)
        render_str_addf(b, "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"%g\" COLOR=\"gray35\">"
                           "%s%s%s%s%s</FONT></TD></TR>",
                        rg->small, lane ? "<B>" : "", lane ? lane : "", lane ? "</B>" : "",
                        lane && tag ? "&#160;&#160;" : "", tag ? tag : "");
    free(lane);
    render_str_addf(b, "<TR><TD>");
    if (n->e.name) {
        render_str_add_wrapped(b, n->e.name, rg->sz->task);
    } else {
        render_str_addf(b, "<FONT COLOR=\"gray35\"><I>");
        render_str_add_text(b, n->e.id);
        render_str_addf(b, "</I></FONT>");
    }
    render_str_addf(b, "</TD></TR>");
    if (mk && mk->rows)
        render_str_addf(b, "%s", mk->rows);
    const char *loop = loop_mark(n->loop);
    int collapsed = n->type == MODEL_SUB_PROCESS ||
                    (n->type == MODEL_CALL_ACTIVITY && n->called_element);
    if (loop || collapsed)
        render_str_addf(b, "<TR><TD><FONT POINT-SIZE=\"11\">%s%s%s</FONT></TD></TR>",
                        loop ? loop : "", loop && collapsed ? " " : "",
                        collapsed ? "\u229E" : "");
    render_str_addf(b, "</TABLE>");
}


/* A task's height in a modeller, where its name is centred in 12 px
 * Arial, wrapped 5 px inside its sides (at most 7 px a character), and
 * must stay below the type icon in its top left corner (30 px): the
 * text's height plus 30 px above and below it, or TASK_H. */
static double di_task_height(const char *name, double width)
{
    int per = (int)((width - 10) / 7), lines = 1, col = 0;
    for (const char *p = name; *p;) {
        size_t word = strcspn(p, " ");
        int wl = utf8_len(p, word);
        if (col && col + 1 + wl > per) {
            lines++;
            col = 0;
        }
        col += (col ? 1 : 0) + wl;
        while (col > per) {
            lines++;
            col -= per;
        }
        p += word;
        p += strspn(p, " ");
    }
    return fmax(TASK_H, 14.5 * lines + 64);
}

static const render_mark *mark_of(const render_mark *arr, int i)
{
    return arr ? &arr[i] : NULL;
}

/* A name with its decoration rows, for a label beside a shape. */
static void name_table(render_str *b, const char *name, int wrap, const render_mark *mk)
{
    render_str_addf(b, TABLE);
    if (name) {
        render_str_addf(b, "<TR><TD>");
        render_str_add_wrapped(b, name, wrap);
        render_str_addf(b, "</TD></TR>");
    }
    render_str_addf(b, "%s</TABLE>", mk && mk->rows ? mk->rows : "");
}

/* Top down, an event's or gateway's name goes beside it, as a text node
 * of its own on its right: under it, the flow leaving it would cross the
 * name. */
static void name_beside(render_graph *rg, int i, Agnode_t *v, int home, const render_mark *mk)
{
    const model_node *n = model_node_at(rg->m, i);
    char *tagged = tagged_name(rg, i, n->e.name);
    const char *name = tagged ? tagged : n->e.name;
    if (!name && !(mk && mk->rows))
        return;
    render_str x = {0};
    name_table(&x, name, rg->sz->shape, mk);
    free(tagged);
    Agnode_t *t = rg->name[i] = text_node(rg, "#n:", n->e.id, x.s, "10", "0.02");
    render_str_release(&x);
    band(rg, t, home, 0);
    beside(rg, v, t, "10");
}

static void add_node(render_graph *rg, int i)
{
    const model_node *n = model_node_at(rg->m, i);
    int home = home_of(rg, i);
    if (expanded(n)) {
        sub_container(rg, i);
        return;
    }
    Agnode_t *v = agnode(rg->g, (char *)n->e.id, 1);
    rg->node[i] = v;
    band(rg, v, home, 0);
    set(v, "id", n->e.id);
    set(v, "class", model_node_type_name(n->type));
    const render_mark *mk = mark_of(rg->dc ? rg->dc->nodes : NULL, i);
    render_str lab = {0};
    char *tagged = model_type_is_event(n->type) || model_type_is_gateway(n->type)
                       ? tagged_name(rg, i, n->e.name)
                       : NULL;
    const char *name = tagged ? tagged : n->e.name;
    if (model_type_is_event(n->type)) {
        set(v, "shape", "circle");
        if (n->type == MODEL_BOUNDARY_EVENT) {
            /* drawn on its activity's border after the layout: the name
             * goes beside it, not under it */
            set(v, "shape", "doublecircle");
            set(v, "fixedsize", "true");
            setf(v, "width", "%.3f", (EVENT_D - 8) / PT);
            if (!n->cancel_activity)
                set(v, "style", "filled,dashed");
            render_str_addf(&lab, "%s", event_mark(n));
            if (name || (mk && mk->rows)) {
                render_str x = {0};
                name_table(&x, name, rg->sz->shape, mk);
                set_html(v, "xlabel", x.s);
                render_str_release(&x);
            }
        } else {
            if (rg->tb)
                name_beside(rg, i, v, home, mk);
            shape_label(&lab, event_mark(n), EVENT_D + 4, rg->tb ? NULL : name,
                        rg->sz->shape, rg->tb ? NULL : mk);
            set(v, "fixedsize", "shape");
            if (n->type == MODEL_START_EVENT || n->type == MODEL_END_EVENT) {
                setf(v, "width", "%.3f", EVENT_D / PT);
                set(v, "penwidth", n->type == MODEL_END_EVENT ? "3.5" : "1.2");
            } else {
                set(v, "shape", "doublecircle");
                setf(v, "width", "%.3f", (EVENT_D - 8) / PT);
            }
        }
        set(v, "height", agget(v, "width"));
    } else if (model_type_is_gateway(n->type)) {
        set(v, "shape", "diamond");
        set(v, "fixedsize", "shape");
        setf(v, "width", "%.3f", GATEWAY_D / PT);
        setf(v, "height", "%.3f", GATEWAY_D / PT);
        if (rg->tb)
            name_beside(rg, i, v, home, mk);
        shape_label(&lab, gateway_mark(n->type), GATEWAY_D, rg->tb ? NULL : name,
                    rg->sz->shape, rg->tb ? NULL : mk);
    } else {
        set(v, "style", n->triggered_by_event ? "rounded,filled,dotted" : "rounded,filled");
        setf(v, "width", "%.3f", rg->sz->task_w / PT);
        setf(v, "height", "%.3f", TASK_H / PT);
        if (rg->for_di && task_tag(n->type) && n->e.name)
            setf(v, "height", "%.3f", di_task_height(n->e.name, rg->sz->task_w) / PT);
        if (n->type == MODEL_CALL_ACTIVITY)
            set(v, "penwidth", "3");
        task_label(rg, &lab, i, mk);
    }
    set_html(v, "label", lab.s);
    render_str_release(&lab);
    free(tagged);
    int t = rg->tags ? tag_of(rg, i) : -1;
    if (t >= 0)
        set(v, "fillcolor", tag_fills[t % NFILLS]);
    if (mk && mk->pen) {
        set(v, "color", mk->pen);
        if (n->type != MODEL_END_EVENT && n->type != MODEL_CALL_ACTIVITY)
            set(v, "penwidth", "3");
    }
    if (mk && mk->fill)
        set(v, "fillcolor", mk->fill);
}

/* Boundary event b: laid out in its activity's rank, just below it (a
 * flat edge); its flows leave from the activity's border instead. */
static void place_boundary(render_graph *rg, int b)
{
    const model_node *n = model_node_at(rg->m, b);
    Agnode_t *v = rg->node[b];
    if (!v || n->attached_to < 0)
        return;
    int a = n->attached_to;
    Agnode_t *at = rg->node[a];
    if (!at && rg->sub[a] >= 0) {
        /* a sub-process: its flows leave from an anchor on its right edge */
        at = rg->bport[b] = anchor(rg, "#sb:", n->e.id);
        band(rg, at, rg->sub[a], 0);
        beside(rg, rg->sub_out[a], rg->bport[b], "1");
    }
    if (at)
        beside(rg, at, v, "1");
}

typedef struct end {
    Agnode_t *n;
    const char *port;
} end;

/* Where boundary events sit on a task: on its bottom, middle first; top
 * down, where the flow leaves from the bottom middle, on its corners. */
static const char *const bports[2][3] = {{"s", "se", "sw"}, {"se", "sw", "ne"}};

/* Where a flow touching node i attaches: sub-processes through their
 * anchors, boundary events through their activity's border. */
static end node_end(render_graph *rg, int i, int tail)
{
    const model_node *n = model_node_at(rg->m, i);
    end e = {rg->node[i], NULL};
    if (n->type == MODEL_BOUNDARY_EVENT && n->attached_to >= 0 && tail) {
        int a = n->attached_to;
        const model_node *act = model_node_at(rg->m, a);
        if (rg->node[a]) {
            /* a marker (loop, call) sits bottom centre: start beside it */
            int k = act->loop != MODEL_LOOP_NONE || act->type == MODEL_CALL_ACTIVITY ||
                    act->type == MODEL_SUB_PROCESS;
            for (int j = 0; j < act->nboundary && act->boundary[j] != i; j++)
                k++;
            e = (end){rg->node[a], bports[rg->tb][k % 3]};
        } else if (rg->bport[i]) {
            e = (end){rg->bport[i], NULL};
        }
    } else if (rg->sub[i] >= 0) {
        e = (end){tail ? rg->sub_out[i] : rg->sub_in[i], NULL};
    }
    return e;
}

static Agedge_t *connect(render_graph *rg, end t, end h, const char *id)
{
    Agedge_t *e = agedge(rg->g, t.n, h.n, (char *)id, 1);
    set(e, "id", id);
    if (t.port)
        set(e, "tailport", t.port);
    if (h.port)
        set(e, "headport", h.port);
    return e;
}

static void edge_label(render_graph *rg, Agedge_t *e, const char *name, const char *cond,
                       const render_mark *mk)
{
    render_str b = {0};
    if (name) {
        render_str_add_wrapped(&b, name, rg->sz->flow);
    } else if (cond) {
        char buf[64];
        snprintf(buf, sizeof buf, "[%.40s%s]", cond, strlen(cond) > 40 ? "\u2026" : "");
        render_str_addf(&b, "<FONT COLOR=\"gray35\">");
        render_str_add_wrapped(&b, buf, rg->sz->flow);
        render_str_addf(&b, "</FONT>");
    }
    if (mk && mk->rows)
        render_str_addf(&b, "%s%s", b.n ? "<BR/>" : "", mk->rows);
    if (b.n)
        set_html(e, rg->xlabels ? "xlabel" : "label", b.s);
    render_str_release(&b);
    if (mk && mk->pen) {
        set(e, "color", mk->pen);
        set(e, "penwidth", "2.5");
    }
}

static void add_flow(render_graph *rg, int i)
{
    const model_flow *f = model_flow_at(rg->m, i);
    end t = node_end(rg, f->source, 1), h = node_end(rg, f->target, 0);
    if (!t.n || !h.n)
        return;
    Agedge_t *e = connect(rg, t, h, f->e.id);
    rg->flow[i] = e;
    set(e, "class", "sequenceFlow");
    const model_node *src = model_node_at(rg->m, f->source);
    const render_mark *mk = mark_of(rg->dc ? rg->dc->flows : NULL, i);
    if (!rg->for_di) {
        if (f->is_default) {
            /* BPMN's default mark: a slash across the line at the source */
            set(e, "dir", "both");
            set_html(e, "taillabel", "<FONT POINT-SIZE=\"14\">/</FONT>");
            set(e, "labelangle", "0");
            set(e, "labeldistance", "1.4");
        } else if (f->condition && model_type_is_activity(src->type)) {
            set(e, "dir", "both");
            set(e, "arrowtail", "odiamond");
        }
    }
    edge_label(rg, e, f->e.name, model_type_is_gateway(src->type) ? f->condition : NULL, mk);
}

/* An end of a message flow at a black-box pool: a point in its strip. */
static end pool_end(render_graph *rg, int part, Agnode_t **slot, const char *prefix,
                    const char *id)
{
    if (part < 0 || rg->part_c[part] < 0)
        return (end){NULL, NULL};
    *slot = anchor(rg, prefix, id);
    band(rg, *slot, rg->part_c[part], 0);
    return (end){*slot, NULL};
}

static void add_msgflow(render_graph *rg, int i)
{
    const model_msgflow *f = model_msgflow_at(rg->m, i);
    end t = f->source_node >= 0 ? node_end(rg, f->source_node, 1)
                                : pool_end(rg, f->source_part, &rg->msg_port_s[i], "#ms:", f->e.id);
    end h = f->target_node >= 0 ? node_end(rg, f->target_node, 0)
                                : pool_end(rg, f->target_part, &rg->msg_port_t[i], "#mt:", f->e.id);
    if (!t.n || !h.n)
        return;
    /* minlen 1: a message is received after it is sent, and a labelled
     * edge inside one rank (a "flat" edge) trips a double free in dot */
    Agedge_t *e = connect(rg, t, h, f->e.id);
    rg->msg[i] = e;
    set(e, "class", "messageFlow");
    set(e, "style", "dashed");
    set(e, "color", "gray30");
    set(e, "dir", "both");
    set(e, "arrowhead", "onormal");
    set(e, "arrowtail", "odot");
    const render_mark *mk = mark_of(rg->dc ? rg->dc->msgflows : NULL, i);
    edge_label(rg, e, f->e.name, NULL, mk);
    if (mk && mk->pen)
        set(e, "style", "dashed,bold");
}

/* Sub-process anchors come before its first children and after its last. */
static void link_sub_anchors(render_graph *rg)
{
    const model *m = rg->m;
    for (size_t s = 0; s < model_node_count(m); s++) {
        if (rg->sub[s] < 0)
            continue;
        const model_node *n = model_node_at(m, (int)s);
        for (int k = 0; k < n->nchildren; k++) {
            int c = n->children[k];
            const model_node *cn = model_node_at(m, c);
            if (cn->type == MODEL_BOUNDARY_EVENT)
                continue;
            Agnode_t *in = rg->node[c] ? rg->node[c] : rg->sub_in[c];
            Agnode_t *out = rg->node[c] ? rg->node[c] : rg->sub_out[c];
            if (!in || !out)
                continue;
            if (cn->nin == 0)
                helper(rg, rg->sub_in[s], in, "1");
            if (cn->nout == 0)
                helper(rg, out, rg->sub_out[s], "1");
        }
    }
}

static int drawn(const unsigned char *procs, int p)
{
    return p >= 0 && (!procs || procs[p]);
}

render_graph *render_graph_new(const model *m, const unsigned char *procs, int pools,
                               const render_decor *decor, int for_di, render_direction dir,
                               int lane_tags)
{
    render_graph *rg = xcalloc(1, sizeof *rg);
    size_t nn = model_node_count(m), nl = model_lane_count(m), np = model_process_count(m);
    size_t npart = model_participant_count(m), nf = model_flow_count(m),
           nmf = model_msgflow_count(m);
    rg->m = m;
    rg->dc = for_di ? NULL : decor;
    rg->for_di = for_di;
    rg->tb = dir == RENDER_TB;
    rg->sz = rg->tb ? &sizes_tb : &sizes_lr;
    rg->small = render_smallest_pt(dir);
    rg->node = xcalloc(nn, sizeof *rg->node);
    rg->sub = xcalloc(nn, sizeof *rg->sub);
    rg->home = xcalloc(nn, sizeof *rg->home);
    for (size_t i = 0; i < nn; i++)
        rg->sub[i] = rg->home[i] = -1;
    rg->sub_in = xcalloc(nn, sizeof *rg->sub_in);
    rg->sub_out = xcalloc(nn, sizeof *rg->sub_out);
    rg->bport = xcalloc(nn, sizeof *rg->bport);
    rg->name = xcalloc(nn, sizeof *rg->name);
    rg->sub_title = xcalloc(nn, sizeof *rg->sub_title);
    rg->lane_c = xcalloc(nl, sizeof *rg->lane_c);
    rg->lane_tag = xcalloc(nl, sizeof *rg->lane_tag);
    rg->tags = lane_tags && !for_di && nl > 0;
    rg->part_c = xcalloc(npart, sizeof *rg->part_c);
    rg->proc_c = xcalloc(np, sizeof *rg->proc_c);
    for (size_t i = 0; i < nl; i++)
        rg->lane_c[i] = rg->lane_tag[i] = -1;
    for (size_t i = 0; i < npart; i++)
        rg->part_c[i] = -1;
    for (size_t i = 0; i < np; i++)
        rg->proc_c[i] = -1;
    rg->flow = xcalloc(nf, sizeof *rg->flow);
    rg->msg = xcalloc(nmf, sizeof *rg->msg);
    rg->msg_port_s = xcalloc(nmf, sizeof *rg->msg_port_s);
    rg->msg_port_t = xcalloc(nmf, sizeof *rg->msg_port_t);

    rg->gvc = context();
    size_t drawn_nodes = 0;
    for (size_t i = 0; i < nn; i++)
        drawn_nodes += drawn(procs, model_node_at(m, (int)i)->process);
    rg->xlabels = drawn_nodes > LARGE;
    const char *gname = model_definitions_id(m) ? model_definitions_id(m) : "bpmn";
    rg->disc = (Agdisc_t){&AgMemDisc, &ids_disc, &AgIoDisc};
    rg->g = agopen((char *)gname, Agdirected, &rg->disc);
    Agraph_t *g = rg->g;
    declare(g);
    set(g, "rankdir", rg->tb ? "TB" : "LR");
    set(g, "newrank", "true");
    /* top down, node separation is width, and every lane line is a
     * node: twice this a line */
    set(g, "nodesep", rg->tb ? "0.12" : "0.3");
    set(g, "ranksep", "0.4");
    set(g, "outputorder", "edgesfirst");
    set(g, "bgcolor", "white");
    setf(g, "pad", "%g", DRAW_PAD);
    set(g, "margin", "0"); /* inches here; clusters inherit 8 points */
    set(g, "splines", for_di ? "polyline" : "spline");
    set(g, "labelloc", "b");
    set(g, "fontsize", "10");
    render_str legend = {0};
    for (size_t p = 0; rg->tags && p < np; p++)
        if (drawn(procs, (int)p))
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
            if (drawn(procs, (int)p))
                tag_legend(rg, &legend, pr->lanes, pr->nlanes);
        }
        render_str_addf(&legend, "</TABLE></TD></TR>");
        if (rg->dc && rg->dc->legend)
            render_str_addf(&legend, "<TR><TD ALIGN=\"LEFT\">%s</TD></TR>", rg->dc->legend);
        render_str_addf(&legend, "</TABLE>");
        set_html(g, "label", legend.s);
        /* top down, the key before the drawing it explains; left to right
         * below it, like the other legends (the pools span the width) */
        if (rg->tb)
            set(g, "labelloc", "t");
    } else if (rg->dc && rg->dc->legend) {
        set_html(g, "label", rg->dc->legend);
    }
    render_str_release(&legend);

    /* containers, top to bottom: pools in document order, then processes
     * outside pools (boxed and titled when there is more than one) */
    int ntop = 0;
    for (size_t p = 0; p < np; p++)
        ntop += drawn(procs, (int)p) && model_process_at(m, (int)p)->participant < 0;
    for (size_t k = 0; k < npart; k++) {
        const model_participant *pa = model_participant_at(m, (int)k);
        ntop += pa->process >= 0 ? drawn(procs, pa->process) : pools;
    }
    for (size_t k = 0; k < npart; k++) {
        const model_participant *pa = model_participant_at(m, (int)k);
        if (pa->process >= 0 ? !drawn(procs, pa->process) || rg->proc_c[pa->process] >= 0
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
        if (!drawn(procs, (int)p) || rg->proc_c[p] >= 0)
            continue;
        int c = new_container(rg, C_PROC, (int)p, -1,
                              ntop > 1 ? (pr->e.name ? pr->e.name : pr->e.id) : NULL);
        rg->cs[c].boxed = ntop > 1;
        rg->proc_c[p] = c;
        add_lanes(rg, pr->lanes, pr->nlanes, c);
    }

    for (size_t i = 0; i < nn; i++)
        if (drawn(procs, model_node_at(m, (int)i)->process))
            add_node(rg, (int)i);
    for (size_t i = 0; i < nn; i++)
        if (model_node_at(m, (int)i)->type == MODEL_BOUNDARY_EVENT)
            place_boundary(rg, (int)i);
    for (size_t i = 0; i < nf; i++)
        add_flow(rg, (int)i);
    for (size_t i = 0; i < nmf; i++)
        add_msgflow(rg, (int)i);
    link_sub_anchors(rg);

    /* strips: top-level containers share the line between them (every
     * line costs dot time); their boxes are drawn a little apart */
    for (int c = 0; c < rg->ncs; c++)
        if (rg->cs[c].parent < 0)
            assign_strips(rg, c);
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
    free(rg->node);
    free(rg->sub);
    free(rg->home);
    free(rg->sub_in);
    free(rg->sub_out);
    free(rg->bport);
    free(rg->name);
    for (size_t i = 0; rg->sub_title && i < model_node_count(rg->m); i++)
        free(rg->sub_title[i]);
    free(rg->sub_title);
    free(rg->lane_c);
    free(rg->lane_tag);
    free(rg->part_c);
    free(rg->proc_c);
    free(rg->cs);
    free(rg->bs);
    free(rg->flow);
    free(rg->msg);
    free(rg->msg_port_s);
    free(rg->msg_port_t);
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

/* ---- layout ----------------------------------------------------------- */

/* Graphviz reports through a global hook; while we run it, messages go to
 * this list (one layout at a time: flowmc renders from one thread). */
static diag_list *gv_diags;

static int gv_error(char *msg)
{
    if (!gv_diags)
        return 0;
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    if (n)
        diag_add(gv_diags, DIAG_WARNING, "graphviz", NULL, 0, NULL, NULL, "graphviz: %.*s",
                 (int)n, msg);
    return 0;
}

static int run_layout(render_graph *rg, const char *engine, diag_list *d)
{
    gv_diags = d;
    agseterrf(gv_error);
    agseterr(AGERR);
    int rc = gvLayout(rg->gvc, rg->g, engine);
    agseterrf(NULL);
    gv_diags = NULL;
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
    set(rg->g, "phase", "1");
    if (run_layout(rg, "dot", d) != 0)
        return -1;
    int *ranks = xcalloc((size_t)rg->nbs, sizeof *ranks);
    int *sorted = xcalloc((size_t)rg->nbs, sizeof *sorted);
    for (int k = 0; k < rg->nbs; k++)
        ranks[k] = sorted[k] = ND_rank(rg->bs[k].v);
    gvFreeLayout(rg->gvc, rg->g);
    set(rg->g, "phase", "");
    qsort(sorted, (size_t)rg->nbs, sizeof *sorted, cmp_int);
    int ncols = 0;
    for (int k = 0; k < rg->nbs; k++)
        if (k == 0 || sorted[k] != sorted[k - 1])
            sorted[ncols++] = sorted[k];
    /* header columns: pools' side names first, then lanes' names */
    int side = 0, other = 0;
    for (int c = 0; c < rg->ncs; c++)
        if (rg->cs[c].kind != C_SUB && rg->cs[c].title != NULL) {
            if (side_title(rg, c))
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
            mk = mark_of(rg->dc->nodes, k->index);
        int side = side_title(rg, c);
        int slim = k->kind == C_LANE && !rg->for_di && lane_empty(rg->m, k->index);
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
        Agnode_t *v = text_node(rg, k->kind == C_SUB ? "#t:" : "#h:", id, b.s, "11",
                                rg->tb ? "0.05,0.15" : "0.2,0.05");
        render_str_release(&b);
        if (side) {
            /* a band of its lines' height along the flow, next to no
             * breadth across it: the name is moved to the middle of the
             * pool after the layout (side_titles) and, left to right,
             * turned a quarter in the SVG (render_graph_output) */
            char *sid = concat(SIDE_ID, id);
            set(v, "id", sid);
            free(sid);
            set(v, "fixedsize", "true");
            double across = (lines * 13.0 + 10) / PT, none = 0.05;
            setf(v, "width", "%.3f", rg->tb ? none : across);
            setf(v, "height", "%.3f", rg->tb ? across : none);
            k->header = v;
            k->turned = !rg->tb;
            for (int j = 0; j < rg->ncs; j++) /* in its first strip */
                if (rg->cs[j].strip == k->first) {
                    band(rg, v, j, 0);
                    break;
                }
            rg->bs[rg->nbs - 1].col = 0;
            continue;
        }
        if (slim) {
            /* an empty lane is as thin as its lines let it be: its name
             * takes no room across the strips (left to right) or only
             * its short lines' (top down) */
            int longest = (int)fmin(wrap, utf8_len(k->title, strlen(k->title)));
            double text = (longest * 0.6 * rg->small + 8) / PT;
            double deep = (lines * 1.25 * rg->small + 4) / PT;
            set(v, "fixedsize", "true");
            setf(v, "width", "%.3f", rg->tb ? deep : text);
            setf(v, "height", "%.3f", rg->tb ? text : 0.01);
            if (rg->tb) { /* turned a quarter, down its narrow column */
                char *sid = concat(SLIM_ID, id);
                set(v, "id", sid);
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
            set(v, "label", "");
            set(v, "fixedsize", "true");
            setf(v, "width", "%.3f", rg->tb ? thin : band);
            setf(v, "height", "%.3f", rg->tb ? band : thin);
        }
        k->header = v;
        if (k->kind == C_SUB) {
            int col = column_of(rg, rg->sub_in[k->index]);
            band(rg, v, c, 1);
            rg->bs[rg->nbs - 1].col = col + 1 < rg->ncols ? col + 1 : col;
        } else {
            band(rg, v, c, 0);
            rg->bs[rg->nbs - 1].col = rg->header_col - 1;
        }
    }
}

/* Separator lines: only the inner ones, between two strips (the outer
 * two would bound nothing, and cost dot a third of its time); with a
 * single strip, its bottom line, which orders the columns. */
static int first_line(const render_graph *rg) { (void)rg; return 1; }
static int last_line(const render_graph *rg) { return rg->nstrips > 1 ? rg->nstrips - 1 : 1; }

static Agnode_t *sep(const render_graph *rg, int col, int line)
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
        int in = column_of(rg, rg->sub_in[cj->index]), out = column_of(rg, rg->sub_out[cj->index]);
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
    rg->seps = xcalloc((size_t)(rg->ncols * lines), sizeof *rg->seps);
    Agraph_t **grp = xcalloc((size_t)rg->ncols, sizeof *grp);
    int *span = xcalloc((size_t)(2 * lines), sizeof *span);
    for (int k = first_line(rg); k <= last_line(rg); k++)
        line_span(rg, k, &span[2 * k], &span[2 * k + 1]);
    for (int c = 0; c < rg->ncols; c++) {
        grp[c] = same_rank(rg);
        Agnode_t *prev = NULL;
        for (int k = first_line(rg); k <= last_line(rg); k++) {
            if (c < span[2 * k] || c > span[2 * k + 1])
                continue;
            char id[48];
            snprintf(id, sizeof id, "%d.%d", c, k);
            Agnode_t *s = rg->seps[c * lines + k] = anchor(rg, "#s", id);
            agsubnode(grp[c], s, 1);
            if (prev)
                raw_invis(rg, prev, s, "1");
            prev = s;
            if (c > span[2 * k])
                raw_invis(rg, sep(rg, c - 1, k), s, HEAVY);
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
            above = sep(rg, b->col, j);
        for (int j = st + 1; j <= last_line(rg) && !below; j++)
            below = sep(rg, b->col, j);
        if (above)
            raw_invis(rg, above, b->v, "1");
        if (below)
            raw_invis(rg, b->v, below, "1");
        if (b->top)
            for (int j = 0; j < rg->nbs; j++)
                if (j != k && rg->bs[j].col == b->col && rg->cs[rg->bs[j].c].strip == st)
                    raw_invis(rg, b->v, rg->bs[j].v, "1");
    }
    free(grp);
}

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
        if (!side_title(rg, c) || !k->header || k->first < 0)
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
static void container_boxes(render_graph *rg)
{
    int lines = rg->nstrips + 1;
    boxf *bb = &GD_bb(rg->g);
    double pad = 0.3 * PT;
    rg->line_a = xcalloc((size_t)lines, sizeof *rg->line_a);
    for (int k = 0; k < lines; k++) {
        double s = 0;
        int n = 0;
        for (int c = 0; rg->seps && c < rg->ncols; c++)
            if (sep(rg, c, k)) {
                s += across(rg, ND_coord(sep(rg, c, k)));
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
            k->box = box_fa(rg, along(rg, ND_coord(rg->sub_in[k->index])),
                            along(rg, ND_coord(rg->sub_out[k->index])), t + SUB_INSET,
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
    int cap = (int)nn + 16, nobs = 0;
    boxf *obs = xcalloc((size_t)cap, sizeof *obs);
    for (size_t i = 0; i < 2 * nn; i++) {
        Agnode_t *v = i < nn ? rg->node[i] : rg->name[i - nn];
        if (v)
            PUSH(obs, nobs, cap,
                 box_around(ND_coord(v), ND_width(v) * PT / 2, ND_height(v) * PT / 2));
    }
    for (size_t i = 0; i < model_flow_count(m); i++) {
        Agedge_t *e = rg->flow[i];
        textlabel_t *l = e ? ED_label(e) : NULL;
        if (l && l->set)
            PUSH(obs, nobs, cap, box_around(l->pos, l->dimen.x / 2, l->dimen.y / 2));
    }
    for (size_t i = 0; i < nn; i++) {
        Agnode_t *v = rg->node[i];
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
        PUSH(obs, nobs, cap, b);
        grow_bb(&GD_bb(rg->g), b.LL.x, b.LL.y, b.UR.x, b.UR.y);
    }
    free(obs);
}

/* Puts every boundary event on the border point its first flow leaves
 * from (dot routed that flow from the activity's border), or on the
 * bottom of its activity when it has no flow. */
static void move_boundaries(render_graph *rg)
{
    const model *m = rg->m;
    boxf *root = &GD_bb(rg->g);
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *n = model_node_at(m, (int)i);
        Agnode_t *v = rg->node[i];
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
        if (!found && (rg->node[a] || rg->sub[a] >= 0)) {
            /* where its flows would leave (see bports): spread along the
             * bottom; top down, where flows leave from the bottom middle,
             * on the corners, the right-hand ones first */
            const model_node *act = model_node_at(m, a);
            int k = 0, nb = act->nboundary;
            while (k < nb && act->boundary[k] != (int)i)
                k++;
            boxf ab;
            if (rg->node[a]) {
                Agnode_t *av = rg->node[a];
                ab = box_around(ND_coord(av), ND_width(av) * PT / 2, ND_height(av) * PT / 2);
            } else {
                ab = rg->cs[rg->sub[a]].box;
            }
            if (rg->tb)
                to = (pointf){k % 3 == 1 ? ab.LL.x : ab.UR.x, k % 3 == 2 ? ab.UR.y : ab.LL.y};
            else
                to = (pointf){ab.LL.x + (ab.UR.x - ab.LL.x) * (k + 1) / (nb + 1), ab.LL.y};
        }
        if (found && rg->node[a]) {
            /* the flow's first point lies near the border, not always on
             * it (a tall task's spline starts a little off): onto it */
            Agnode_t *av = rg->node[a];
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

/* The layout's budget.  Expanded sub-processes are strips within strips,
 * and dot's time grows steeply with their nesting: 12 levels took 0.5 s,
 * 20 took 8 s, and 40 did not end in a minute (an 8 KB file).  Past
 * RENDER_MAX_NESTING levels the drawing is refused before dot runs, with
 * the deepest sub-process named, rather than hanging. */
static int nesting_check(const render_graph *rg, diag_list *d)
{
    int worst = -1, worst_depth = 0;
    for (size_t i = 0; i < model_node_count(rg->m); i++) {
        if (rg->sub[i] < 0)
            continue;
        int depth = 0;
        for (int p = (int)i; p >= 0; p = model_node_at(rg->m, p)->parent)
            depth += rg->sub[p] >= 0;
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
    if (run_layout(rg, "dot", d) != 0)
        return -1;
    rg->state = 1;
    container_boxes(rg);
    move_boundaries(rg);
    return 0;
}

/* ---- drawing ---------------------------------------------------------- */

static void apply_mark_cluster(Agraph_t *c, const render_mark *mk)
{
    if (mk && mk->pen) {
        set(c, "color", mk->pen);
        set(c, "penwidth", "3");
    }
    if (mk && mk->fill) {
        set(c, "style", "filled");
        set(c, "fillcolor", mk->fill);
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
    graph_t **cl = realloc(GD_clust(parent), (size_t)(n + 1) * sizeof *cl);
    if (!cl)
        alloc_fail("memory for the drawing");
    cl[n] = s;
    GD_clust(parent) = cl;
    GD_n_cluster(parent) = n;
}

/* After the layout, the containers become clusters of known bounds (none
 * took part in the layout: see the top of this file). */
static void draw_containers(render_graph *rg)
{
    const model *m = rg->m;
    Agraph_t **cl = xcalloc((size_t)rg->ncs, sizeof *cl);
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
            mk = mark_of(dc ? dc->parts : NULL, k->index);
            break;
        case C_LANE:
            id = model_lane_at(m, k->index)->e.id;
            mk = mark_of(dc ? dc->lanes : NULL, k->index);
            break;
        case C_PROC: id = model_process_at(m, k->index)->e.id; break;
        case C_SUB:
            id = model_node_at(m, k->index)->e.id;
            mk = mark_of(dc ? dc->nodes : NULL, k->index);
            break;
        }
        char *name = concat("cluster_", id);
        Agraph_t *s = cl[c] = agsubg(parent, name, 1);
        free(name);
        set(s, "id", id);
        set(s, "label", "");
        /* clusters inherit their parent's attributes: set every one */
        set(s, "style", "solid");
        set(s, "color", "black");
        set(s, "penwidth", "1");
        switch (k->kind) {
        case C_POOL: set(s, "penwidth", "1.6"); break;
        case C_LANE: set(s, "color", "gray45"); break;
        case C_PROC:
            set(s, "style", "dashed");
            set(s, "color", "gray45");
            break;
        case C_SUB:
            set(s, "style", model_node_at(m, k->index)->triggered_by_event ? "rounded,dotted"
                                                                           : "rounded");
            set(s, "penwidth", "1.3");
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
    gv_diags = d;
    agseterrf(gv_error);
    int rc = gvRenderData(rg->gvc, rg->g, gvformat, &data, &n);
    agseterrf(NULL);
    gv_diags = NULL;
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
    *buf = malloc(n + 1);
    if (!*buf)
        alloc_fail("memory for the drawing");
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


/* ---- geometry --------------------------------------------------------- */

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

int render_graph_node_expanded(const render_graph *rg, int i) { return rg->sub[i] >= 0; }

int render_graph_node_box(const render_graph *rg, int i, render_box *b)
{
    if (rg->sub[i] >= 0) {
        *b = box_of(rg, rg->cs[rg->sub[i]].box);
        return 0;
    }
    Agnode_t *v = rg->node[i];
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
    double *p = malloc(sizeof(double) * 2 * (size_t)cap);
    if (!p)
        alloc_fail("memory for the drawing");
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
    if (edge_path(rg, rg->msg[i], xy, n) != 0)
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

static void add_span(render_span **a, int *n, int *cap, double y0, double y1)
{
    render_span s = {fmin(y0, y1), fmax(y0, y1)};
    PUSH(*a, *n, *cap, s);
}

static void label_span(const render_graph *rg, const textlabel_t *l, render_span **a, int *n,
                       int *cap)
{
    if (l && l->set)
        add_span(a, n, cap, out_y(rg, l->pos.y - l->dimen.y / 2), out_y(rg, l->pos.y + l->dimen.y / 2));
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
    int cb = 0, cl = 0, ce = 0;
    Agraph_t *g = rg->g;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v)) {
        if (!invisible(v)) {
            double hh = ND_ht(v) / 2;
            add_span(&pg->busy, &pg->nbusy, &cb, out_y(rg, ND_coord(v).y + hh),
                     out_y(rg, ND_coord(v).y - hh));
        }
        label_span(rg, ND_xlabel(v), &pg->busy, &pg->nbusy, &cb);
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            if (invisible(e) || !ED_spl(e))
                continue;
            label_span(rg, ED_label(e), &pg->busy, &pg->nbusy, &cb);
            label_span(rg, ED_xlabel(e), &pg->busy, &pg->nbusy, &cb);
            label_span(rg, ED_head_label(e), &pg->busy, &pg->nbusy, &cb);
            label_span(rg, ED_tail_label(e), &pg->busy, &pg->nbusy, &cb);
            const splines *sp = ED_spl(e);
            for (int k = 0; k < sp->size; k++) {
                /* the arrowheads' tips too: a cut there crosses the edge */
                const bezier *bz = &sp->list[k];
                render_polyline pl = {xcalloc(2 * ((size_t)bz->size + 2), sizeof(double)), 0};
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
                PUSH(pg->lines, pg->nlines, ce, pl);
            }
        }
    }
    label_span(rg, GD_label(g), &pg->busy, &pg->nbusy, &cb);
    for (int c = 0; c < rg->ncs; c++) {
        const container *k = &rg->cs[c];
        if (!k->boxed || k->first < 0)
            continue;
        /* a container's title sits on its border: cutting there splits
         * no box, and a reader sees a lane or phase begin on a new page */
        double y0 = out_y(rg, k->box.UR.y), y1 = out_y(rg, k->box.LL.y);
        PUSH(pg->borders, pg->nborders, cl, y0);
        PUSH(pg->borders, pg->nborders, cl, y1);
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

/* ---- the file's own layout (BPMN DI) ---------------------------------- */

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
    setf(v, "pos", "%.2f,%.2f!", x, y);
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
    set(e, "pos", b.s);
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
        setf(e, "lp", "%.2f,%.2f", mx + (vertical ? 24 : 0), my + (vertical ? 0 : 10));
    }
    render_str_release(&b);
}

/* Node i's name where the file's diagram puts it (lb, its BPMNLabel):
 * a text node of its own there, wrapped to the label's width; the shape
 * keeps its mark and any decoration rows. */
static void name_at(render_graph *rg, int i, const flip *f, model_bounds lb)
{
    const model_node *n = model_node_at(rg->m, i);
    Agnode_t *v = rg->node[i];
    if (!v || !n->e.name || (!model_type_is_event(n->type) && !model_type_is_gateway(n->type)))
        return;
    const render_mark *mk = mark_of(rg->dc ? rg->dc->nodes : NULL, i);
    render_str lab = {0};
    if (n->type == MODEL_BOUNDARY_EVENT) {
        if (mk && mk->rows) {
            name_table(&lab, NULL, rg->sz->shape, mk);
            set_html(v, "xlabel", lab.s);
        } else {
            set(v, "xlabel", "");
        }
    } else {
        int ev = model_type_is_event(n->type);
        shape_label(&lab, ev ? event_mark(n) : gateway_mark(n->type), ev ? EVENT_D + 4 : GATEWAY_D,
                    NULL, rg->sz->shape, mk);
        set_html(v, "label", lab.s);
    }
    render_str_release(&lab);
    render_str t = {0};
    name_table(&t, n->e.name, (int)fmax(4, lb.w / 5.5), NULL);
    Agnode_t *tv = text_node(rg, "#ln:", n->e.id, t.s, "10", "0.01");
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
        if ((rg->node[i] || rg->sub[i] >= 0) && !model_node_at(m, (int)i)->bounds.set) {
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
        if (rg->node[i] || rg->sub[i] >= 0)
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
        if (rg->node[i]) {
            set_pos(rg->node[i], cx, cy);
            if (!model_type_is_event(n->type) && !model_type_is_gateway(n->type)) {
                setf(rg->node[i], "width", "%.3f", n->bounds.w / PT);
                setf(rg->node[i], "height", "%.3f", n->bounds.h / PT);
            }
        }
        if (rg->sub[i] >= 0) {
            set_pos(rg->sub_in[i], b.LL.x, cy);
            set_pos(rg->sub_out[i], b.UR.x, cy);
            rg->cs[rg->sub[i]].box = b;
        }
        if (rg->bport[i])
            set_pos(rg->bport[i], cx, cy);
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
            setf(rg->flow[i], "lp", "%.2f,%.2f", b.x + b.w / 2, gv_y(&f, b.y + b.h / 2));
    }
    di_labels_release(&lb);
    for (size_t i = 0; i < model_msgflow_count(m); i++) {
        const model_msgflow *mf2 = model_msgflow_at(m, (int)i);
        if (!rg->msg[i])
            continue;
        if (mf2->nwaypoints < 2) {
            agdelete(rg->g, rg->msg[i]);
            rg->msg[i] = NULL;
            continue;
        }
        const double *w = mf2->waypoints;
        int n = mf2->nwaypoints;
        if (rg->msg_port_s[i])
            set_pos(rg->msg_port_s[i], w[0], gv_y(&f, w[1]));
        if (rg->msg_port_t[i])
            set_pos(rg->msg_port_t[i], w[2 * n - 2], gv_y(&f, w[2 * n - 1]));
        set_route(rg->msg[i], &f, w, n);
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
        Agnode_t *v = text_node(rg, "#dl:", id, h.s, "10", "0.01");
        render_str_release(&h);
        if (level) {
            set_pos(v, b.x + b.w / 2, gv_y(&f, b.y + 15));
        } else {
            char *sid = concat(k->kind == C_POOL ? SIDE_ID : SLIM_ID, id);
            set(v, "id", sid);
            free(sid);
            set_pos(v, b.x + 15, gv_y(&f, b.y + b.h / 2));
            /* its level extent is not what it covers: no room asked */
            set(v, "fixedsize", "true");
            set(v, "width", "0.01");
            set(v, "height", "0.01");
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
    if (run_layout(rg, "nop2", d) != 0)
        return -1;
    rg->state = 1;
    rg->from_di = 1;
    /* Graphviz moves the drawing to its own origin: the boxes below move
     * with it, by what one shape moved */
    double dx = 0, dy = 0;
    for (size_t i = 0; i < model_node_count(m); i++)
        if (rg->node[i]) {
            boxf b = gv_box(&f, model_node_at(m, (int)i)->bounds);
            dx = ND_coord(rg->node[i]).x - (b.LL.x + b.UR.x) / 2;
            dy = ND_coord(rg->node[i]).y - (b.LL.y + b.UR.y) / 2;
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
