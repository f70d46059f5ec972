/*
 * di: BPMN DI export from the Graphviz layout; see di.h.
 *
 * Geometry comes from render_graph (the same layout as the pictures, with
 * polyline edges so that corners become waypoints).  Its lanes already
 * tile their pool; here they only step out of the 30-pixel name band that
 * BPMN tools draw on the left of every horizontal pool and parent lane (at
 * the top of vertical ones, when the flow runs top down).
 */
#include "di.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    render_direction dir;
} di_ctx;

static int is_el(xmlNodePtr x, const char *ns, const char *name)
{
    return x->type == XML_ELEMENT_NODE && x->ns && x->ns->href &&
           strcmp((const char *)x->ns->href, ns) == 0 && strcmp((const char *)x->name, name) == 0;
}

/* Records every id in the document, but those of the diagrams that are
 * being replaced. */
static void collect_ids(xmlHashTablePtr h, xmlNodePtr x)
{
    for (; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE || is_el(x, BPMN_NS_DI, "BPMNDiagram"))
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

/* "true" for horizontal pools and lanes (flow left to right). */
static const char *horizontal(const di_ctx *c)
{
    return c->dir == RENDER_TB ? "false" : "true";
}

/* A lane's shape: its strips, out of the name bands of its pool and of
 * its enclosing lanes (left of it, or above it top down); the first lane
 * of a pool also covers the pool's title strip, so that the lanes tile the
 * pool. */
static void lane_shapes(di_ctx *c, xmlNodePtr plane, const int *lanes, int n,
                        const render_box *pool)
{
    for (int j = 0; j < n; j++) {
        const model_lane *l = model_lane_at(c->m, lanes[j]);
        render_box b;
        if (render_graph_lane_box(c->rg, lanes[j], &b) != 0)
            continue;
        double band = HEADER * (l->depth + (pool != NULL));
        int first = pool && j == 0 && l->depth == 0;
        if (c->dir == RENDER_TB) {
            b.h -= band;
            b.y += band;
            if (first) {
                b.w += b.x - pool->x;
                b.x = pool->x;
            }
        } else {
            b.w -= band;
            b.x += band;
            if (first) {
                b.h += b.y - pool->y;
                b.y = pool->y;
            }
        }
        shape(c, plane, l->e.id, b, "isHorizontal", horizontal(c));
        lane_shapes(c, plane, l->children, l->nchildren, pool);
    }
}

/* One BPMNDiagram (returned detached in *out) for the processes flagged in
 * procs, with the black-box pools when pools is set, its plane on
 * plane_ref. */
static int diagram(di_ctx *c, const unsigned char *procs, int pools, const char *plane_ref,
                   xmlNodePtr *out, diag_list *d)
{
    const model *m = c->m;
    render_graph *rg = render_graph_new(m, procs, pools, NULL, 1, c->dir, 0);
    if (!rg || render_graph_layout(rg, d) != 0) {
        render_graph_free(rg);
        return -1;
    }
    c->rg = rg;

    xmlNodePtr dg = xmlNewDocNode(c->doc, c->ns_di, (const xmlChar *)"BPMNDiagram", NULL);
    *out = dg;
    char *id = new_id(c, plane_ref, "_diagram");
    xmlNewProp(dg, (const xmlChar *)"id", (const xmlChar *)id);
    free(id);
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
        shape(c, plane, pa->e.id, b, "isHorizontal", horizontal(c));
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

/* ---- writing back -------------------------------------------------- */

/* libxml2 would write the whole tree back, re-flowing the root's start tag
 * (and so moving every line number a reader reports).  Instead the file's
 * own bytes are kept and only edited: the new namespace declarations go
 * into the root's start tag, old diagrams are cut, new ones inserted.  The
 * file has already been parsed by xmlsafe; the scan below only finds where
 * the root's tag and children lie. */

typedef struct span {
    size_t start, end;
} span;

typedef struct root_scan {
    size_t name_end;    /* just after the root's name in its start tag */
    size_t content_end; /* where the root's end tag starts */
    span *kids;         /* the root's child elements */
    int nkids, cap;
} root_scan;

static size_t find(const char *x, size_t n, size_t from, const char *what)
{
    size_t k = strlen(what);
    for (size_t p = from; p + k <= n; p++)
        if (memcmp(x + p, what, k) == 0)
            return p;
    return n;
}

/* Position after the comment, processing instruction, CDATA section or
 * document type declaration at p, or 0 when p starts none of these. */
static size_t skip_markup(const char *x, size_t n, size_t p)
{
    static const char *const kinds[][2] = {{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}};
    for (size_t k = 0; k < 3; k++)
        if (n - p >= strlen(kinds[k][0]) && memcmp(x + p, kinds[k][0], strlen(kinds[k][0])) == 0) {
            size_t q = find(x, n, p + strlen(kinds[k][0]), kinds[k][1]);
            return q < n ? q + strlen(kinds[k][1]) : n;
        }
    if (n - p >= 2 && x[p + 1] == '!') { /* a DOCTYPE, maybe with [ ] */
        int depth = 0;
        for (size_t q = p + 2; q < n; q++) {
            depth += (x[q] == '[') - (x[q] == ']');
            if (x[q] == '>' && depth == 0)
                return q + 1;
        }
        return n;
    }
    return 0;
}

/* Position after the tag starting at p, past quoted attribute values;
 * *empty tells an empty-element tag. */
static size_t tag_end(const char *x, size_t n, size_t p, int *empty)
{
    char quote = 0;
    for (size_t q = p + 1; q < n; q++) {
        if (quote) {
            quote = x[q] == quote ? 0 : quote;
        } else if (x[q] == '"' || x[q] == '\'') {
            quote = x[q];
        } else if (x[q] == '>') {
            *empty = x[q - 1] == '/';
            return q + 1;
        }
    }
    *empty = 0;
    return n;
}

static int scan_root(const char *x, size_t n, root_scan *s)
{
    size_t p = 0;
    if (n >= 3 && memcmp(x, "\xEF\xBB\xBF", 3) == 0)
        p = 3;
    while (p < n) {
        size_t q;
        if (x[p] == ' ' || x[p] == '\t' || x[p] == '\r' || x[p] == '\n')
            p++;
        else if (x[p] == '<' && (q = skip_markup(x, n, p)) != 0)
            p = q;
        else
            break;
    }
    if (p >= n || x[p] != '<')
        return -1;
    size_t q = p + 1;
    while (q < n && !strchr(" \t\r\n/>", x[q]))
        q++;
    s->name_end = q;
    int empty, depth = 0;
    p = tag_end(x, n, p, &empty);
    if (empty)
        return -1;
    size_t kid = 0;
    while (p < n) {
        if (x[p] != '<') {
            p++;
            continue;
        }
        size_t m = skip_markup(x, n, p);
        if (m) {
            p = m;
            continue;
        }
        int closing = p + 1 < n && x[p + 1] == '/';
        size_t e = tag_end(x, n, p, &empty);
        if (closing && depth == 0) {
            s->content_end = p;
            return 0;
        }
        if (!closing && depth == 0)
            kid = p;
        depth += closing ? -1 : !empty;
        if (depth == 0) {
            span sp = {kid, e};
            if (s->nkids == s->cap) {
                s->cap = s->cap ? 2 * s->cap : 16;
                s->kids = realloc(s->kids, (size_t)s->cap * sizeof *s->kids);
                if (!s->kids)
                    abort();
            }
            s->kids[s->nkids++] = sp;
        }
        p = e;
    }
    return -1;
}

/* An edit of the file: bytes [at, cut) replaced by text (owned). */
typedef struct edit {
    size_t at, cut;
    char *text;
} edit;

static int cmp_edit(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    return (x->at > y->at) - (x->at < y->at);
}

static char *dup_text(const char *s)
{
    char *p = strdup(s);
    if (!p)
        abort();
    return p;
}

/* The serialised diagram, indented as a child of the root. */
static char *dump(xmlDocPtr doc, xmlNodePtr node)
{
    xmlBufferPtr b = xmlBufferCreate();
    xmlNodeDump(b, doc, node, 1, 0);
    char *s = dup_text((const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    return s;
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0, k;
    char *buf = malloc(cap);
    while (buf && (k = fread(buf + len, 1, cap - len, f)) > 0) {
        len += k;
        if (len == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    *n = len;
    return buf;
}

static int utf8_doc(xmlDocPtr doc)
{
    const char *e = (const char *)doc->encoding;
    return !e || strcasecmp(e, "UTF-8") == 0 || strcasecmp(e, "UTF8") == 0 ||
           strcasecmp(e, "US-ASCII") == 0 || strcasecmp(e, "ASCII") == 0;
}

int di_export(const model *m, const char *path, int relayout, render_direction dir, char **buf,
              size_t *len, diag_list *d)
{
    xmlDocPtr doc = xmlsafe_read_file(path, d);
    if (!doc)
        return -1;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int rc = -1, nedits = 0;
    size_t n = 0;
    char *raw = read_all(path, &n);
    root_scan sc = {0};
    di_ctx c = {0};
    c.m = m;
    c.doc = doc;
    c.dir = dir;
    edit *edits = NULL;
    xmlNodePtr *made = NULL;
    int nmade = 0;
    if (!root || !is_el(root, BPMN_NS_MODEL, "definitions")) {
        diag_add(d, DIAG_ERROR, "not-bpmn", path, 0, NULL, NULL,
                 "not a bpmn 2.0 file: cannot add a diagram to it");
        goto done;
    }
    int nel = 0, had = 0;
    for (xmlNodePtr x = root->children; x; x = x->next)
        if (x->type == XML_ELEMENT_NODE) {
            nel++;
            had |= is_el(x, BPMN_NS_DI, "BPMNDiagram");
        }
    if (!raw || !utf8_doc(doc) || scan_root(raw, n, &sc) != 0 || sc.nkids != nel) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL,
                 "cannot write this file back with a diagram (an encoding other than utf-8, "
                 "or no content)");
        goto done;
    }
    edits = calloc((size_t)nel + 8, sizeof *edits);
    if (!edits)
        abort();
    if (had && !relayout) {
        keep_warning(m, path, d);
    } else {
        c.ids = xmlHashCreate(256);
        collect_ids(c.ids, root);
        /* namespaces declared here are written into the root's start tag
         * (xmlNewNs appends them to its list) */
        int nold = 0;
        for (xmlNsPtr ns = root->nsDef; ns; ns = ns->next)
            nold++;
        c.ns_di = use_ns(doc, root, BPMN_NS_DI, "bpmndi");
        c.ns_dc = use_ns(doc, root, BPMN_NS_DC, "dc");
        c.ns_ddi = use_ns(doc, root, BPMN_NS_DDI, "di");
        render_str decl = {0};
        int j = 0;
        for (xmlNsPtr ns = root->nsDef; ns; ns = ns->next)
            if (j++ >= nold)
                render_str_addf(&decl, " xmlns:%s=\"%s\"", (const char *)ns->prefix,
                                (const char *)ns->href);
        if (decl.n)
            edits[nedits++] = (edit){sc.name_end, sc.name_end, decl.s};
        else
            render_str_release(&decl);

        /* old diagrams go, with their line; new ones go before the first
         * relationship (the schema's order), else before the end tag */
        size_t at = sc.content_end;
        int k = 0, sibling = 0;
        for (xmlNodePtr x = root->children; x; x = x->next) {
            if (x->type != XML_ELEMENT_NODE)
                continue;
            span sp = sc.kids[k++];
            if (is_el(x, BPMN_NS_DI, "BPMNDiagram")) {
                size_t s0 = sp.start;
                while (s0 > 0 && (raw[s0 - 1] == ' ' || raw[s0 - 1] == '\t'))
                    s0--;
                if (s0 > 0 && raw[s0 - 1] == '\n')
                    s0--;
                edits[nedits++] = (edit){s0, sp.end, dup_text("")};
            } else if (is_el(x, BPMN_NS_MODEL, "relationship") && at == sc.content_end) {
                at = sp.start;
                sibling = 1;
            }
        }

        size_t np = model_process_count(m);
        unsigned char *procs = calloc(np + 1, 1);
        made = calloc(np + 1, sizeof *made);
        if (!procs || !made)
            abort();
        int ok = 1;
        const char *collab = model_collaboration_id(m);
        if (collab && model_participant_count(m) > 0) {
            for (size_t p = 0; p < np; p++)
                procs[p] = model_process_at(m, (int)p)->participant >= 0;
            ok = diagram(&c, procs, 1, collab, &made[nmade++], d) == 0;
        }
        for (size_t p = 0; p < np && ok; p++) {
            const model_process *pr = model_process_at(m, (int)p);
            if (collab && pr->participant >= 0)
                continue;
            memset(procs, 0, np);
            procs[p] = 1;
            ok = diagram(&c, procs, 0, pr->e.id, &made[nmade++], d) == 0;
        }
        free(procs);
        if (!ok)
            goto done;
        /* the indentation of the line we insert on */
        size_t ls = at;
        while (ls > 0 && (raw[ls - 1] == ' ' || raw[ls - 1] == '\t'))
            ls--;
        render_str ins = {0};
        if (ls > 0 && raw[ls - 1] != '\n')
            render_str_addf(&ins, "\n");
        for (int mk = 0; mk < nmade; mk++) {
            char *t = dump(doc, made[mk]);
            if (sibling)
                render_str_addf(&ins, "%s\n%.*s", t, (int)(at - ls), raw + ls);
            else
                render_str_addf(&ins, "  %s\n%.*s", t, (int)(at - ls), raw + ls);
            free(t);
        }
        edits[nedits++] = (edit){at, at, ins.s ? ins.s : dup_text("")};
    }
    qsort(edits, (size_t)nedits, sizeof *edits, cmp_edit);
    render_str out = {0};
    size_t p = 0;
    for (int k = 0; k < nedits; k++) {
        render_str_addf(&out, "%.*s%s", (int)(edits[k].at - p), raw + p, edits[k].text);
        p = edits[k].cut > edits[k].at ? edits[k].cut : edits[k].at;
    }
    /* the rest, which may hold NUL-free bytes of any length */
    render_str_addf(&out, "%.*s", (int)(n - p), raw + p);
    *buf = out.s;
    *len = out.n;
    rc = 0;
done:
    for (int k = 0; k < nmade; k++)
        xmlFreeNode(made[k]);
    free(made);
    for (int k = 0; edits && k < nedits; k++)
        free(edits[k].text);
    free(edits);
    free(sc.kids);
    free(raw);
    if (c.ids)
        xmlHashFree(c.ids, NULL);
    xmlFreeDoc(doc);
    return rc;
}
