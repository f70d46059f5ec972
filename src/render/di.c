/*
 * di: BPMN DI export from the Graphviz layout; see di.h.
 *
 * Geometry comes from render_graph (the same layout as the pictures, with
 * polyline edges so that corners become waypoints).  Its lanes already
 * tile their pool; here they only step right of the 30-pixel name band
 * that BPMN tools draw on the left of every pool and parent lane.
 */
#include "di.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "../model/bpmn_read.h"
#include "../model/xmlsafe.h"
#include "graph.h"

#define HEADER 30.0 /* pool and lane name band, pixels */

typedef struct di_ctx {
    const model *m;
    xmlDocPtr doc;
    xmlHashTablePtr ids; /* every id in the document, and those we add */
    xmlNsPtr ns_di, ns_dc, ns_ddi;
    const render_graph *rg;
} di_ctx;

static int is_el(xmlNodePtr x, const char *ns, const char *name)
{
    return x->type == XML_ELEMENT_NODE && x->ns && x->ns->href &&
           strcmp((const char *)x->ns->href, ns) == 0 && strcmp((const char *)x->name, name) == 0;
}

static void collect_ids(xmlHashTablePtr h, xmlNodePtr x)
{
    for (; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = xmlGetNoNsProp(x, (const xmlChar *)"id");
        if (id)
            xmlHashAddEntry(h, id, h); /* first wins; duplicates are the reader's business */
        xmlFree(id);
        collect_ids(h, x->children);
    }
}

/* A fresh id "<base>_di" (then _di_2, ...), recorded as taken; caller frees. */
static char *new_id(di_ctx *c, const char *base, const char *suffix)
{
    size_t n = strlen(base) + strlen(suffix) + 16;
    char *id = malloc(n);
    if (!id)
        abort();
    snprintf(id, n, "%s%s", base, suffix);
    for (int k = 2; xmlHashLookup(c->ids, (const xmlChar *)id); k++)
        snprintf(id, n, "%s%s_%d", base, suffix, k);
    xmlHashAddEntry(c->ids, (const xmlChar *)id, c->ids);
    return id;
}

/* The namespace for href in scope on root, declared there when missing
 * (under prefix, or prefix2, prefix3, ... when prefix is taken). */
static xmlNsPtr use_ns(xmlDocPtr doc, xmlNodePtr root, const char *href, const char *prefix)
{
    xmlNsPtr ns = xmlSearchNsByHref(doc, root, (const xmlChar *)href);
    if (ns)
        return ns;
    char p[32];
    snprintf(p, sizeof p, "%s", prefix);
    for (int k = 2; xmlSearchNs(doc, root, (const xmlChar *)p); k++)
        snprintf(p, sizeof p, "%s%d", prefix, k);
    return xmlNewNs(root, (const xmlChar *)href, (const xmlChar *)p);
}

static void indent(xmlNodePtr parent, int depth)
{
    char buf[64] = "\n";
    for (int k = 0; k < depth && k < 30; k++)
        strcat(buf, "  ");
    xmlAddChild(parent, xmlNewText((const xmlChar *)buf));
}

static xmlNodePtr child(xmlNodePtr parent, xmlNsPtr ns, const char *name, int depth)
{
    indent(parent, depth);
    return xmlNewChild(parent, ns, (const xmlChar *)name, NULL);
}

static void num_prop(xmlNodePtr x, const char *name, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.1f", v);
    size_t n = strlen(buf);
    if (n > 2 && strcmp(buf + n - 2, ".0") == 0)
        buf[n - 2] = 0;
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    xmlNewProp(x, (const xmlChar *)name, (const xmlChar *)buf);
}

static xmlNodePtr element_di(di_ctx *c, xmlNodePtr plane, const char *what, const char *ref)
{
    xmlNodePtr x = child(plane, c->ns_di, what, 3);
    char *id = new_id(c, ref, "_di");
    xmlNewProp(x, (const xmlChar *)"id", (const xmlChar *)id);
    xmlNewProp(x, (const xmlChar *)"bpmnElement", (const xmlChar *)ref);
    free(id);
    return x;
}

static void shape(di_ctx *c, xmlNodePtr plane, const char *ref, render_box b,
                  const char *flag, const char *value)
{
    xmlNodePtr s = element_di(c, plane, "BPMNShape", ref);
    if (flag)
        xmlNewProp(s, (const xmlChar *)flag, (const xmlChar *)value);
    xmlNodePtr bounds = child(s, c->ns_dc, "Bounds", 4);
    num_prop(bounds, "x", b.x);
    num_prop(bounds, "y", b.y);
    num_prop(bounds, "width", b.w);
    num_prop(bounds, "height", b.h);
    indent(s, 3);
}

static void edge(di_ctx *c, xmlNodePtr plane, const char *ref, const double *xy, int n)
{
    xmlNodePtr e = element_di(c, plane, "BPMNEdge", ref);
    for (int k = 0; k < n; k++) {
        xmlNodePtr w = child(e, c->ns_ddi, "waypoint", 4);
        num_prop(w, "x", xy[2 * k]);
        num_prop(w, "y", xy[2 * k + 1]);
    }
    indent(e, 3);
}

/* A lane's shape: its strips, right of the name bands of its pool and of
 * its enclosing lanes; the first lane of a pool also covers the pool's
 * title strip, so that the lanes tile the pool. */
static void lane_shapes(di_ctx *c, xmlNodePtr plane, const int *lanes, int n,
                        const render_box *pool)
{
    for (int j = 0; j < n; j++) {
        const model_lane *l = model_lane_at(c->m, lanes[j]);
        render_box b;
        if (render_graph_lane_box(c->rg, lanes[j], &b) != 0)
            continue;
        double left = b.x + HEADER * (l->depth + (pool != NULL));
        b.w -= left - b.x;
        b.x = left;
        if (pool && j == 0 && l->depth == 0) {
            b.h += b.y - pool->y;
            b.y = pool->y;
        }
        shape(c, plane, l->e.id, b, "isHorizontal", "true");
        lane_shapes(c, plane, l->children, l->nchildren, pool);
    }
}

/* One BPMNDiagram for the processes flagged in procs (with the black-box
 * pools when pools is set), its plane on plane_ref. */
static int diagram(di_ctx *c, xmlNodePtr root, xmlNodePtr before, const unsigned char *procs,
                   int pools, const char *plane_ref, diag_list *d)
{
    const model *m = c->m;
    render_graph *rg = render_graph_new(m, procs, pools, NULL, 1);
    if (!rg || render_graph_layout(rg, d) != 0) {
        render_graph_free(rg);
        return -1;
    }
    c->rg = rg;

    xmlNodePtr dg = xmlNewDocNode(c->doc, c->ns_di, (const xmlChar *)"BPMNDiagram", NULL);
    char *id = new_id(c, plane_ref, "_diagram");
    xmlNewProp(dg, (const xmlChar *)"id", (const xmlChar *)id);
    free(id);
    if (before) {
        /* text next to text would merge: the element goes in first */
        xmlAddPrevSibling(before, dg);
        xmlAddPrevSibling(dg, xmlNewText((const xmlChar *)"\n  "));
    } else {
        indent(root, 1);
        xmlAddChild(root, dg);
    }
    xmlNodePtr plane = child(dg, c->ns_di, "BPMNPlane", 2);
    id = new_id(c, plane_ref, "_plane");
    xmlNewProp(plane, (const xmlChar *)"id", (const xmlChar *)id);
    xmlNewProp(plane, (const xmlChar *)"bpmnElement", (const xmlChar *)plane_ref);
    free(id);

    /* pools, then lanes (pools' and those of processes outside pools) */
    for (size_t k = 0; k < model_participant_count(m); k++) {
        const model_participant *pa = model_participant_at(m, (int)k);
        render_box b;
        if (render_graph_part_box(rg, (int)k, &b) != 0)
            continue;
        shape(c, plane, pa->e.id, b, "isHorizontal", "true");
        if (pa->process >= 0) {
            const model_process *pr = model_process_at(m, pa->process);
            lane_shapes(c, plane, pr->lanes, pr->nlanes, &b);
        }
    }
    for (size_t p = 0; p < model_process_count(m); p++) {
        const model_process *pr = model_process_at(m, (int)p);
        if ((procs && !procs[p]) || (pr->participant >= 0 && pools))
            continue;
        lane_shapes(c, plane, pr->lanes, pr->nlanes, NULL);
    }
    for (size_t i = 0; i < model_node_count(m); i++) {
        render_box b;
        if (render_graph_node_box(rg, (int)i, &b) != 0)
            continue;
        int sub = model_node_at(m, (int)i)->type == MODEL_SUB_PROCESS;
        shape(c, plane, model_node_at(m, (int)i)->e.id, b, sub ? "isExpanded" : NULL,
              render_graph_node_expanded(rg, (int)i) ? "true" : "false");
    }
    for (size_t i = 0; i < model_flow_count(m); i++) {
        double *xy;
        int n;
        if (render_graph_flow_path(rg, (int)i, &xy, &n) != 0)
            continue;
        edge(c, plane, model_flow_at(m, (int)i)->e.id, xy, n);
        free(xy);
    }
    for (size_t i = 0; i < model_msgflow_count(m); i++) {
        double *xy;
        int n;
        if (render_graph_msgflow_path(rg, (int)i, &xy, &n) != 0)
            continue;
        edge(c, plane, model_msgflow_at(m, (int)i)->e.id, xy, n);
        free(xy);
    }
    indent(plane, 2);
    indent(dg, 1);
    render_graph_free(rg);
    c->rg = NULL;
    return 0;
}

/* Removes x and the indentation before it. */
static void drop(xmlNodePtr x)
{
    xmlNodePtr prev = x->prev;
    if (prev && prev->type == XML_TEXT_NODE && xmlIsBlankNode(prev)) {
        xmlUnlinkNode(prev);
        xmlFreeNode(prev);
    }
    xmlUnlinkNode(x);
    xmlFreeNode(x);
}

static void keep_warning(const model *m, const char *path, diag_list *d)
{
    size_t nn = model_node_count(m), drawn = 0;
    for (size_t i = 0; i < nn; i++)
        drawn += model_node_at(m, (int)i)->bounds.set;
    if (drawn < nn)
        diag_add(d, DIAG_WARNING, "partial-di", path, 0, NULL, NULL,
                 "the file's diagram shows %zu of its %zu flow nodes; it is kept as it is "
                 "(--relayout replaces it)",
                 drawn, nn);
}

int di_export(const model *m, const char *path, int relayout, char **buf, size_t *len,
              diag_list *d)
{
    xmlDocPtr doc = xmlsafe_read_file(path, d);
    if (!doc)
        return -1;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int rc = -1;
    di_ctx c = {0};
    c.m = m;
    c.doc = doc;
    if (!root || !is_el(root, BPMN_NS_MODEL, "definitions")) {
        diag_add(d, DIAG_ERROR, "not-bpmn", path, 0, NULL, NULL,
                 "not a bpmn 2.0 file: cannot add a diagram to it");
        goto done;
    }
    int had = 0;
    for (xmlNodePtr x = root->children, next; x; x = next) {
        next = x->next;
        if (is_el(x, BPMN_NS_DI, "BPMNDiagram")) {
            had = 1;
            if (relayout)
                drop(x);
        }
    }
    if (had && !relayout) {
        keep_warning(m, path, d);
    } else {
        c.ids = xmlHashCreate(256);
        collect_ids(c.ids, root);
        c.ns_di = use_ns(doc, root, BPMN_NS_DI, "bpmndi");
        c.ns_dc = use_ns(doc, root, BPMN_NS_DC, "dc");
        c.ns_ddi = use_ns(doc, root, BPMN_NS_DDI, "di");
        /* the schema wants diagrams after the root elements and before any
         * relationship; keep the closing tag on its own line */
        xmlNodePtr before = NULL;
        for (xmlNodePtr x = root->children; x && !before; x = x->next)
            if (is_el(x, BPMN_NS_MODEL, "relationship"))
                before = x;
        if (!before && root->last && root->last->type == XML_TEXT_NODE &&
            xmlIsBlankNode(root->last))
            before = root->last;

        size_t np = model_process_count(m);
        unsigned char *procs = calloc(np + 1, 1);
        if (!procs)
            abort();
        int ok = 1;
        const char *collab = model_collaboration_id(m);
        if (collab && model_participant_count(m) > 0) {
            for (size_t p = 0; p < np; p++)
                procs[p] = model_process_at(m, (int)p)->participant >= 0;
            ok = diagram(&c, root, before, procs, 1, collab, d) == 0;
        }
        for (size_t p = 0; p < np && ok; p++) {
            const model_process *pr = model_process_at(m, (int)p);
            if (collab && pr->participant >= 0)
                continue;
            memset(procs, 0, np);
            procs[p] = 1;
            ok = diagram(&c, root, before, procs, 0, pr->e.id, d) == 0;
        }
        free(procs);
        if (!ok)
            goto done;
    }
    xmlChar *out = NULL;
    int n = 0;
    xmlDocDumpFormatMemoryEnc(doc, &out, &n, doc->encoding ? (const char *)doc->encoding : "UTF-8",
                              0);
    if (!out) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "cannot serialise the document");
        goto done;
    }
    *buf = malloc((size_t)n + 1);
    if (!*buf)
        abort();
    memcpy(*buf, out, (size_t)n);
    (*buf)[n] = 0;
    *len = (size_t)n;
    xmlFree(out);
    rc = 0;
done:
    if (c.ids)
        xmlHashFree(c.ids, NULL);
    xmlFreeDoc(doc);
    return rc;
}
