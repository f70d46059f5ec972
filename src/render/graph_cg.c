/*
 * graph_cg: the cgraph side of the drawing -- the id discipline that keeps
 * the output the same from run to run, the process's one Graphviz context,
 * the attributes every object has, attribute setters, the invisible
 * points, text nodes and edges that only shape the layout, and the hook
 * that turns Graphviz's messages into diagnostics.
 */
#include "graph_int.h"
#include "../model/alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

/* cgraph names its objects by the address of their interned name, and
 * orders subgraphs by that: clusters then come out in a different order
 * from run to run.  This id discipline numbers names in the order they
 * are made instead, so the same model gives the same bytes. */
typedef struct ids {
    Agraph_t *g;
    xmlHashTablePtr byname; /* "<objtype>:<name>" -> id */
    char **names;           /* names by id / 2 - 1, interned in g: cgraph
                             * reads a flag stored before the string */
    size_t n;               /* names: a growable array (alloc.h) */
    IDTYPE anon;            /* next anonymous id (odd) */
} ids;

static void *ids_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)disc;
    ids *s = alloc_zero(1, sizeof *s);
    if (!(s->byname = xmlHashCreate(64)))
        alloc_fail("a libxml2 hash table");
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
    char *key = alloc_printf("%d:%s", objtype, str);
    void *found = xmlHashLookup(s->byname, (const xmlChar *)key);
    if (found || !createflag) {
        free(key);
        *id = (IDTYPE)(uintptr_t)found;
        return found != NULL;
    }
    *ALLOC_PUSH(s->names, s->n) = agstrdup(s->g, str);
    *id = (IDTYPE)(2 * s->n);
    if (xmlHashAddEntry(s->byname, (const xmlChar *)key, (void *)(uintptr_t)*id) != 0)
        alloc_fail("a libxml2 hash entry"); /* the key is new: nothing else fails */
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

Agiddisc_t graph_ids_disc = {ids_open,  ids_map,   ids_alloc,   ids_free,
                             ids_print, ids_close, ids_register};

/* One Graphviz context for the whole process: its pango text layout keeps
 * the last font name in a static variable, which dangles (a use after
 * free) once the context that owned the name is freed. */
GVC_t *graph_context(void)
{
    static GVC_t *gvc;
    if (!gvc)
        gvc = gvContext();
    return gvc;
}

void graph_set(void *obj, const char *name, const char *value)
{
    agsafeset(obj, (char *)name, (char *)value, "");
}

void graph_setf(void *obj, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *value = alloc_vprintf(fmt, ap);
    va_end(ap);
    graph_set(obj, name, value);
    free(value);
}

/* Sets an HTML-like label (Graphviz needs the string marked as HTML). */
void graph_set_html(void *obj, const char *name, const char *html)
{
    Agraph_t *root = agroot(obj);
    Agsym_t *sym = agattrsym(obj, (char *)name);
    if (!sym) {
        graph_set(obj, name, "");
        sym = agattrsym(obj, (char *)name);
    }
    char *h = agstrdup_html(root, (char *)html);
    agxset(obj, sym, h);
    agstrfree(root, h);
}

void graph_declare(Agraph_t *g)
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

char *graph_concat(const char *prefix, const char *id)
{
    return alloc_printf("%s%s", prefix, id);
}

Agnode_t *graph_anchor(render_graph *rg, const char *prefix, const char *id)
{
    char *name = graph_concat(prefix, id);
    Agnode_t *n = agnode(rg->g, name, 1);
    free(name);
    graph_set(n, "shape", "point");
    graph_set(n, "style", "invis");
    graph_set(n, "width", "0.01");
    graph_set(n, "height", "0.01");
    graph_set(n, "fixedsize", "true");
    return n;
}

/* An invisible edge that only shapes the layout. */
Agedge_t *graph_raw_invis(render_graph *rg, Agnode_t *t, Agnode_t *h, const char *weight)
{
    Agedge_t *e = agedge(rg->g, t, h, NULL, 1);
    graph_set(e, "style", "invis");
    graph_set(e, "weight", weight);
    graph_set(e, "arrowhead", "none");
    return e;
}

/* The same, remembered so that the drawing pass can drop it. */
Agedge_t *graph_helper(render_graph *rg, Agnode_t *t, Agnode_t *h, const char *weight)
{
    Agedge_t *e = graph_raw_invis(rg, t, h, weight);
    *ALLOC_PUSH(rg->helpers, rg->nhelpers) = e;
    return e;
}

Agraph_t *graph_same_rank(render_graph *rg)
{
    char name[32];
    snprintf(name, sizeof name, "#rank%d", rg->nsub++);
    Agraph_t *s = agsubg(rg->g, name, 1);
    graph_set(s, "rank", "same");
    return s;
}

/* Lays b out in a's rank, right after it (LR: below it): a flat edge. */
void graph_beside(render_graph *rg, Agnode_t *a, Agnode_t *b, const char *weight)
{
    Agraph_t *r = graph_same_rank(rg);
    agsubnode(r, a, 1);
    agsubnode(r, b, 1);
    graph_helper(rg, a, b, weight);
}

/* A node that is only text (an HTML label): names, titles, headers. */
Agnode_t *graph_text_node(render_graph *rg, const char *prefix, const char *id, const char *html,
                           const char *fontsize, const char *margin)
{
    Agnode_t *v = graph_anchor(rg, prefix, id);
    graph_set(v, "shape", "plaintext");
    graph_set(v, "style", "");
    graph_set(v, "fixedsize", "false");
    graph_set(v, "width", "0");
    graph_set(v, "height", "0");
    graph_set(v, "fontsize", fontsize);
    graph_set(v, "margin", margin);
    graph_set_html(v, "label", html);
    return v;
}

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

void graph_diags_begin(diag_list *d)
{
    gv_diags = d;
    agseterrf(gv_error);
}

void graph_diags_end(void)
{
    agseterrf(NULL);
    gv_diags = NULL;
}
