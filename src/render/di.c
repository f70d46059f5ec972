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

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "../model/alloc.h"
#include "../model/bpmn_read.h"
#include "../model/xmlsafe.h"
#include "di_layout.h"
#include "graph.h"

typedef struct di_ctx {
    const model *m;
    xmlDocPtr doc;
    xmlHashTablePtr ids; /* every id in the document, and those we add */
    xmlNsPtr ns_di, ns_dc, ns_ddi;
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

/* What libxml2 made, or the end of flowmc when it could not (alloc.h):
 * its constructors return NULL only when out of memory here. */
static void *xml_made(void *p)
{
    if (!p)
        alloc_fail("a node of the BPMN DI export (libxml2)");
    return p;
}

static void set_prop(xmlNodePtr x, const char *name, const char *value)
{
    xml_made(xmlNewProp(x, (const xmlChar *)name, (const xmlChar *)value));
}

/* A fresh id "<base>_di" (then _di_2, ...), recorded as taken; caller frees. */
static char *new_id(di_ctx *c, const char *base, const char *suffix)
{
    size_t n = strlen(base) + strlen(suffix) + 16;
    char *id = alloc_resize(NULL, n, 1);
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
    return xml_made(xmlNewNs(root, (const xmlChar *)href, (const xmlChar *)p));
}

static void indent(xmlNodePtr parent, int depth)
{
    char buf[64] = "\n";
    for (int k = 0; k < depth && k < 30; k++)
        strcat(buf, "  ");
    xmlAddChild(parent, xml_made(xmlNewText((const xmlChar *)buf)));
}

static xmlNodePtr child(xmlNodePtr parent, xmlNsPtr ns, const char *name, int depth)
{
    indent(parent, depth);
    return xml_made(xmlNewChild(parent, ns, (const xmlChar *)name, NULL));
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
    set_prop(x, name, buf);
}

static xmlNodePtr element_di(di_ctx *c, xmlNodePtr plane, const char *what, const char *ref)
{
    xmlNodePtr x = child(plane, c->ns_di, what, 3);
    char *id = new_id(c, ref, "_di");
    set_prop(x, "id", id);
    set_prop(x, "bpmnElement", ref);
    free(id);
    return x;
}

static void bounds(di_ctx *c, xmlNodePtr parent, render_box b, int depth)
{
    xmlNodePtr x = child(parent, c->ns_dc, "Bounds", depth);
    num_prop(x, "x", b.x);
    num_prop(x, "y", b.y);
    num_prop(x, "width", b.w);
    num_prop(x, "height", b.h);
}

/* A BPMNLabel with its bounds, when there is one. */
static void label(di_ctx *c, xmlNodePtr parent, const di_opt_box *lb)
{
    if (!lb || !lb->set)
        return;
    xmlNodePtr l = child(parent, c->ns_di, "BPMNLabel", 4);
    bounds(c, l, lb->b, 5);
    indent(l, 4);
}

static void shape(di_ctx *c, xmlNodePtr plane, const char *ref, render_box b,
                  const char *flag, const char *value, const di_opt_box *lb)
{
    xmlNodePtr s = element_di(c, plane, "BPMNShape", ref);
    if (flag)
        set_prop(s, flag, value);
    bounds(c, s, b, 4);
    label(c, s, lb);
    indent(s, 3);
}

static void edge(di_ctx *c, xmlNodePtr plane, const char *ref, const di_path *p,
                 const di_opt_box *lb)
{
    xmlNodePtr e = element_di(c, plane, "BPMNEdge", ref);
    for (int k = 0; k < p->n; k++) {
        xmlNodePtr w = child(e, c->ns_ddi, "waypoint", 4);
        num_prop(w, "x", p->xy[2 * k]);
        num_prop(w, "y", p->xy[2 * k + 1]);
    }
    label(c, e, lb);
    indent(e, 3);
}

/* "true" for horizontal pools and lanes (flow left to right). */
static const char *horizontal(const di_ctx *c)
{
    return c->dir == RENDER_TB ? "false" : "true";
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
    di_geom geo = {0};
    di_geom_build(m, rg, c->dir, &geo);

    xmlNodePtr dg = xml_made(xmlNewDocNode(c->doc, c->ns_di, (const xmlChar *)"BPMNDiagram", NULL));
    *out = dg;
    char *id = new_id(c, plane_ref, "_diagram");
    set_prop(dg, "id", id);
    free(id);
    xmlNodePtr plane = child(dg, c->ns_di, "BPMNPlane", 2);
    id = new_id(c, plane_ref, "_plane");
    set_prop(plane, "id", id);
    set_prop(plane, "bpmnElement", plane_ref);
    free(id);

    /* pools, then lanes (in document order), then flow nodes and edges */
    for (size_t k = 0; k < model_participant_count(m); k++)
        if (geo.part[k].set)
            shape(c, plane, model_participant_at(m, (int)k)->e.id, geo.part[k].b,
                  "isHorizontal", horizontal(c), NULL);
    for (size_t k = 0; k < model_lane_count(m); k++)
        if (geo.lane[k].set)
            shape(c, plane, model_lane_at(m, (int)k)->e.id, geo.lane[k].b, "isHorizontal",
                  horizontal(c), NULL);
    for (size_t i = 0; i < model_node_count(m); i++) {
        if (!geo.node[i].set)
            continue;
        int sub = model_node_at(m, (int)i)->type == MODEL_SUB_PROCESS;
        shape(c, plane, model_node_at(m, (int)i)->e.id, geo.node[i].b, sub ? "isExpanded" : NULL,
              render_graph_node_expanded(rg, (int)i) ? "true" : "false", &geo.node_label[i]);
    }
    for (size_t i = 0; i < model_flow_count(m); i++)
        if (geo.flow[i].xy)
            edge(c, plane, model_flow_at(m, (int)i)->e.id, &geo.flow[i], &geo.flow_label[i]);
    for (size_t i = 0; i < model_msgflow_count(m); i++)
        if (geo.msg[i].xy)
            edge(c, plane, model_msgflow_at(m, (int)i)->e.id, &geo.msg[i], &geo.msg_label[i]);
    di_geom_release(&geo, m);
    indent(plane, 2);
    indent(dg, 1);
    render_graph_free(rg);
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
    int nkids;
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
            *ALLOC_PUSH(s->kids, s->nkids) = (span){kid, e};
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
    if (x->at != y->at)
        return (x->at > y->at) - (x->at < y->at);
    /* at one place, what is inserted goes before what is cut there (new
     * incoming/outgoing lines, then the old ones' removal) */
    int xc = x->cut > x->at, yc = y->cut > y->at;
    return xc - yc;
}

/* The serialised diagram, indented as a child of the root. */
static char *dump(xmlDocPtr doc, xmlNodePtr node)
{
    xmlBufferPtr b = xml_made(xmlBufferCreate());
    xmlNodeDump(b, doc, node, 1, 0);
    char *s = alloc_strdup((const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    return s;
}

/* The file's bytes; NULL when it cannot be opened or read. */
static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = alloc_read_stream(f, n);
    fclose(f);
    return buf;
}

static int utf8_doc(xmlDocPtr doc)
{
    const char *e = (const char *)doc->encoding;
    return !e || strcasecmp(e, "UTF-8") == 0 || strcasecmp(e, "UTF8") == 0 ||
           strcasecmp(e, "US-ASCII") == 0 || strcasecmp(e, "ASCII") == 0;
}

/* A copied subtree's namespaces: those the root declares, none of its
 * own (the copy declared them again on itself). */
static void root_ns(xmlNodePtr x, xmlNodePtr root)
{
    for (; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE)
            continue;
        if (x->ns) {
            xmlNsPtr ns = xmlSearchNsByHref(root->doc, root, x->ns->href);
            if (ns)
                x->ns = ns;
        }
        /* the children first: they may point into this node's list */
        root_ns(x->children, root);
        int own = 0;
        for (xmlNsPtr d = x->nsDef; d; d = d->next)
            own |= xmlSearchNsByHref(root->doc, root, d->href) == NULL;
        if (!own) {
            xmlFreeNsList(x->nsDef);
            x->nsDef = NULL;
        }
    }
}

/* What the old diagrams show that flowmc does not lay out (text
 * annotations, associations, data objects, groups) is kept where it was,
 * in the new diagram's plane: a modeller would report it missing
 * otherwise (bpmnlint's no-bpmndi). */
static void keep_foreign(const model *m, xmlNodePtr root, xmlNodePtr diagram)
{
    xmlNodePtr plane = NULL;
    for (xmlNodePtr x = diagram->children; x && !plane; x = x->next)
        if (is_el(x, BPMN_NS_DI, "BPMNPlane"))
            plane = x;
    if (!plane)
        return;
    xmlNodePtr last = plane->last; /* the closing indentation */
    for (xmlNodePtr dg = root->children; dg; dg = dg->next) {
        if (!is_el(dg, BPMN_NS_DI, "BPMNDiagram"))
            continue;
        for (xmlNodePtr pl = dg->children; pl; pl = pl->next) {
            if (!is_el(pl, BPMN_NS_DI, "BPMNPlane"))
                continue;
            for (xmlNodePtr x = pl->children; x; x = x->next) {
                if (!is_el(x, BPMN_NS_DI, "BPMNShape") && !is_el(x, BPMN_NS_DI, "BPMNEdge"))
                    continue;
                xmlChar *ref = xmlGetNoNsProp(x, (const xmlChar *)"bpmnElement");
                model_kind kind;
                int known = ref && model_find(m, (const char *)ref, &kind) >= 0;
                xmlFree(ref);
                if (known)
                    continue;
                xmlNodePtr cp = xml_made(xmlDocCopyNode(x, x->doc, 1));
                root_ns(cp, root);
                /* the element first: a text node next to the closing
                 * indentation would merge into it */
                xmlAddPrevSibling(last, cp);
                xmlAddPrevSibling(cp, xml_made(xmlNewText((const xmlChar *)"\n      ")));
            }
        }
    }
}

/* The second pass: raw (n bytes, parsed as doc, read as m) written back
 * with new diagrams, or its own kept. */
static int write_diagrams(const model *m, const char *path, const char *raw, size_t n,
                          xmlDocPtr doc, int relayout, render_direction dir, char **buf,
                          size_t *len, diag_list *d)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int rc = -1, nedits = 0;
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
    edits = alloc_zero((size_t)nel + 8, sizeof *edits);
    if (had && !relayout) {
        keep_warning(m, path, d);
    } else {
        c.ids = xml_made(xmlHashCreate(256));
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
                edits[nedits++] = (edit){s0, sp.end, alloc_strdup("")};
            } else if (is_el(x, BPMN_NS_MODEL, "relationship") && at == sc.content_end) {
                at = sp.start;
                sibling = 1;
            }
        }

        size_t np = model_process_count(m);
        unsigned char *procs = alloc_zero(np + 1, 1);
        made = alloc_zero(np + 1, sizeof *made);
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
        if (nmade > 0)
            keep_foreign(m, root, made[0]);
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
        edits[nedits++] = (edit){at, at, ins.s ? ins.s : alloc_strdup("")};
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
    if (c.ids)
        xmlHashFree(c.ids, NULL);
    return rc;
}

/* ---- the first pass: what modellers need of the model itself --------- */

/* Every element of the file in document order, with where its tags lie. */
typedef struct el_span {
    size_t start;     /* '<' of its start tag */
    size_t name_end;  /* just after its qualified name */
    size_t stag_end;  /* just after its start tag */
    size_t etag;      /* '<' of its end tag (stag_end when empty) */
    size_t end;       /* just after its end tag */
    int empty;
    int parent;       /* the element it is in, -1 for none */
} el_span;

/* Scans every element's tags; -1 when the bytes do not nest. */
static int scan_all(const char *x, size_t n, el_span **out, int *count)
{
    int cnt = 0, innermost = -1; /* the innermost element not yet closed */
    el_span *s = NULL;
    size_t p = 0;
    while (p < n) {
        if (x[p] != '<') {
            p++;
            continue;
        }
        size_t q = skip_markup(x, n, p);
        if (q) {
            p = q;
            continue;
        }
        int empty;
        size_t e = tag_end(x, n, p, &empty);
        if (p + 1 < n && x[p + 1] == '/') {
            if (innermost < 0)
                goto bad;
            el_span *o = &s[innermost];
            o->etag = p;
            o->end = e;
            innermost = o->parent;
        } else {
            size_t ne = p + 1;
            while (ne < n && !strchr(" \t\r\n/>", x[ne]))
                ne++;
            *ALLOC_PUSH(s, cnt) = (el_span){p, ne, e, e, e, empty, innermost};
            if (!empty)
                innermost = cnt - 1;
        }
        p = e;
    }
    if (innermost >= 0)
        goto bad;
    *out = s;
    *count = cnt;
    return 0;
bad:
    free(s);
    return -1;
}

/* Numbers the document's elements in order (their _private: index + 1). */
static void number_elements(xmlNodePtr x, int *k)
{
    for (; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE)
            continue;
        x->_private = (void *)(intptr_t)(++*k);
        number_elements(x->children, k);
    }
}

static int el_index(xmlNodePtr x) { return (int)(intptr_t)x->_private - 1; }

/* The spaces before position p on its line. */
static size_t line_indent(const char *raw, size_t p)
{
    size_t k = p;
    while (k > 0 && (raw[k - 1] == ' ' || raw[k - 1] == '\t'))
        k--;
    return p - k;
}

/* An edit list that grows. */
typedef struct edits {
    edit *e;
    int n;
} edits;

static void add_edit(edits *es, size_t at, size_t cut, char *text)
{
    *ALLOC_PUSH(es->e, es->n) = (edit){at, cut, text};
}

/* Cuts element span sp with its line when it stands alone on it. */
static void cut_element(edits *es, const char *raw, size_t n, const el_span *sp)
{
    size_t a = sp->start - line_indent(raw, sp->start), b = sp->end;
    if (a > 0 && raw[a - 1] == '\n' && (b >= n || raw[b] == '\n' || raw[b] == '\r')) {
        a--;
        if (a > 0 && raw[a - 1] == '\r')
            a--;
    } else {
        a = sp->start;
    }
    add_edit(es, a, b, alloc_strdup(""));
}

/* The element's prefix with its colon ("bpmn:", or ""), from the file. */
static void prefix_of(const char *raw, const el_span *sp, char *buf, size_t size)
{
    size_t len = sp->name_end - sp->start - 1;
    const char *name = raw + sp->start + 1, *colon = memchr(name, ':', len);
    size_t k = colon ? (size_t)(colon - name) + 1 : 0;
    snprintf(buf, size, "%.*s", (int)(k < size ? k : size - 1), name);
}

/* Adds lines (each already indented, each starting with "\n") as the
 * first children of element sp after position at (an empty element is
 * opened and closed). */
static void insert_children(edits *es, const char *raw, const el_span *sp, size_t at,
                            render_str *lines)
{
    if (!lines->n) {
        render_str_release(lines);
        return;
    }
    if (sp->empty) {
        /* <x .../> becomes <x ...>lines</x> */
        size_t slash = sp->stag_end - 2;
        render_str t = {0};
        render_str_addf(&t, ">%s\n%*s</%.*s>", lines->s, (int)line_indent(raw, sp->start), "",
                        (int)(sp->name_end - sp->start - 1), raw + sp->start + 1);
        add_edit(es, slash, sp->stag_end, t.s);
        render_str_release(lines);
        return;
    }
    add_edit(es, at, at, lines->s);
    lines->s = NULL;
    lines->n = lines->cap = 0;
}

static int is_model_el(xmlNodePtr x, const char *name)
{
    return is_el(x, BPMN_NS_MODEL, name);
}

/* incoming/outgoing children for flow node element x (node i): the old
 * ones cut, the full lists written after documentation,
 * extensionElements, auditing, monitoring and categoryValueRef, as the
 * schema orders them. */
static void write_refs(const model *m, int i, xmlNodePtr x, const char *raw, size_t n,
                       const el_span *sp, edits *es)
{
    const model_node *nd = model_node_at(m, i);
    const el_span *me = &sp[el_index(x)];
    size_t at = me->stag_end;
    for (xmlNodePtr c = x->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_model_el(c, "incoming") || is_model_el(c, "outgoing"))
            cut_element(es, raw, n, &sp[el_index(c)]);
        else if (is_model_el(c, "documentation") || is_model_el(c, "extensionElements") ||
                 is_model_el(c, "auditing") || is_model_el(c, "monitoring") ||
                 is_model_el(c, "categoryValueRef"))
            at = sp[el_index(c)].end;
    }
    char pre[64];
    prefix_of(raw, me, pre, sizeof pre);
    int ind = (int)line_indent(raw, me->start) + 2;
    render_str lines = {0};
    for (int k = 0; k < nd->nin; k++)
        render_str_addf(&lines, "\n%*s<%sincoming>%s</%sincoming>", ind, "", pre,
                        model_flow_at(m, nd->in[k])->e.id, pre);
    for (int k = 0; k < nd->nout; k++)
        render_str_addf(&lines, "\n%*s<%soutgoing>%s</%soutgoing>", ind, "", pre,
                        model_flow_at(m, nd->out[k])->e.id, pre);
    insert_children(es, raw, me, at, &lines);
}

static void walk_refs(const model *m, xmlNodePtr x, const char *raw, size_t n, const el_span *sp,
                      edits *es)
{
    for (; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = x->ns && strcmp((const char *)x->ns->href, BPMN_NS_MODEL) == 0
                          ? xmlGetNoNsProp(x, (const xmlChar *)"id")
                          : NULL;
        int i = id ? model_find_node(m, (const char *)id) : -1;
        xmlFree(id);
        if (i >= 0)
            write_refs(m, i, x, raw, n, sp, es);
        walk_refs(m, x->children, raw, n, sp, es);
    }
}

/* An XML attribute value, escaped; malloc'd. */
static char *attr_text(const char *s)
{
    render_str b = {0};
    render_str_addf(&b, "%s", "");
    for (; *s; s++) {
        switch (*s) {
        case '<': render_str_addf(&b, "&lt;"); break;
        case '>': render_str_addf(&b, "&gt;"); break;
        case '&': render_str_addf(&b, "&amp;"); break;
        case '"': render_str_addf(&b, "&quot;"); break;
        case '\n': render_str_addf(&b, "&#10;"); break;
        default: render_str_addf(&b, "%c", *s);
        }
    }
    return b.s;
}

/* Participants for the processes outside any pool, so that one diagram
 * (a collaboration) shows every process: in the file's collaboration, or
 * in a new one before the first process. */
static void write_participants(const model *m, xmlNodePtr root, const char *raw,
                               const el_span *sp, xmlHashTablePtr ids, edits *es)
{
    size_t np = model_process_count(m);
    int alone = 0;
    for (size_t p = 0; p < np; p++)
        alone += model_process_at(m, (int)p)->participant < 0;
    if (np < 2 || alone == 0)
        return;
    xmlNodePtr collab = NULL, first_proc = NULL;
    for (xmlNodePtr x = root->children; x; x = x->next) {
        if (!collab && is_model_el(x, "collaboration"))
            collab = x;
        if (!first_proc && is_model_el(x, "process"))
            first_proc = x;
    }
    if (!first_proc)
        return;
    const el_span *host = collab ? &sp[el_index(collab)] : &sp[el_index(first_proc)];
    char pre[64];
    prefix_of(raw, host, pre, sizeof pre);
    int ind = (int)line_indent(raw, host->start) + (collab ? 2 : 0);
    render_str parts = {0};
    for (size_t p = 0; p < np; p++) {
        const model_process *pr = model_process_at(m, (int)p);
        if (pr->participant >= 0)
            continue;
        di_ctx c = {0};
        c.ids = ids;
        char *id = new_id(&c, "Participant_", pr->e.id);
        char *name = attr_text(pr->e.name ? pr->e.name : pr->e.id);
        render_str_addf(&parts, "\n%*s<%sparticipant id=\"%s\" name=\"%s\" processRef=\"%s\" />",
                        ind + (collab ? 0 : 2), "", pre, id, name, pr->e.id);
        free(id);
        free(name);
    }
    if (collab) {
        /* after its last participant (the schema puts them first) */
        size_t at = host->stag_end;
        for (xmlNodePtr c = collab->children; c; c = c->next)
            if (is_model_el(c, "documentation") || is_model_el(c, "extensionElements") ||
                is_model_el(c, "participant"))
                at = sp[el_index(c)].end;
        insert_children(es, raw, host, at, &parts);
        return;
    }
    di_ctx c = {0};
    c.ids = ids;
    char *id = new_id(&c, "Collaboration_", "flowmc");
    render_str t = {0};
    render_str_addf(&t, "<%scollaboration id=\"%s\">%s\n%*s</%scollaboration>\n%*s", pre, id,
                    parts.s, ind, "", pre, ind, "");
    free(id);
    render_str_release(&parts);
    add_edit(es, host->start, host->start, t.s);
}

/* Applies edits (any order, none overlapping) to raw; a new buffer. */
static char *apply_edits(const char *raw, size_t n, edits *es, size_t *out_len)
{
    qsort(es->e, (size_t)es->n, sizeof *es->e, cmp_edit);
    render_str out = {0};
    render_str_addf(&out, "%s", "");
    size_t p = 0;
    for (int k = 0; k < es->n; k++) {
        render_str_addf(&out, "%.*s%s", (int)(es->e[k].at - p), raw + p, es->e[k].text);
        p = es->e[k].cut > es->e[k].at ? es->e[k].cut : es->e[k].at;
    }
    render_str_addf(&out, "%.*s", (int)(n - p), raw + p);
    *out_len = out.n;
    return out.s;
}

int di_export(const model *m, const char *path, int relayout, render_direction dir, char **buf,
              size_t *len, diag_list *d)
{
    size_t n = 0, n2 = 0;
    char *raw = read_all(path, &n), *raw2 = NULL;
    xmlDocPtr doc = NULL, doc2 = NULL;
    el_span *sp = NULL;
    int nsp = 0, rc = -1;
    edits es = {0};
    model *m2 = NULL;
    xmlHashTablePtr ids = NULL;
    diag_list *d2 = diag_list_new();
    if (!raw || n > INT_MAX) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "cannot read %s", path);
        goto done;
    }
    if (!(doc = xmlsafe_read_memory(raw, (int)n, path, d)))
        goto done;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || !is_el(root, BPMN_NS_MODEL, "definitions")) {
        diag_add(d, DIAG_ERROR, "not-bpmn", path, 0, NULL, NULL,
                 "not a bpmn 2.0 file: cannot add a diagram to it");
        goto done;
    }
    int nel = 0;
    number_elements(root, &nel);
    if (!utf8_doc(doc) || scan_all(raw, n, &sp, &nsp) != 0 || nsp != nel) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL,
                 "cannot write this file back with a diagram (an encoding other than utf-8, "
                 "or entities that make elements)");
        goto done;
    }
    int had = 0;
    for (xmlNodePtr x = root->children; x; x = x->next)
        had |= is_el(x, BPMN_NS_DI, "BPMNDiagram");
    /* first pass: incoming/outgoing, and pools for every process */
    walk_refs(m, root->children, raw, n, sp, &es);
    if (!had || relayout) {
        ids = xml_made(xmlHashCreate(256));
        collect_ids(ids, root);
        write_participants(m, root, raw, sp, ids, &es);
    }
    raw2 = apply_edits(raw, n, &es, &n2);
    /* second pass, on what the first wrote, read again */
    if (!(doc2 = xmlsafe_read_memory(raw2, (int)n2, path, d2)) ||
        !(m2 = bpmn_read_doc(doc2, path, d2)) || diag_list_count_severity(d2, DIAG_ERROR) > 0) {
        diag_list_print(d2, stderr);
        diag_add(d, DIAG_ERROR, "internal", path, 0, NULL, NULL,
                 "flowmc wrote incoming/outgoing or participants it cannot read back");
        goto done;
    }
    rc = write_diagrams(m2, path, raw2, n2, doc2, relayout, dir, buf, len, d);
done:
    for (int k = 0; k < es.n; k++)
        free(es.e[k].text);
    free(es.e);
    free(sp);
    if (ids)
        xmlHashFree(ids, NULL);
    model_free(m2);
    diag_list_free(d2);
    xmlFreeDoc(doc2);
    xmlFreeDoc(doc);
    free(raw2);
    free(raw);
    return rc;
}
