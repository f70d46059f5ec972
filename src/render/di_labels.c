/*
 * di_labels: BPMNLabel bounds from a file's own diagram; see di_labels.h.
 */
#include "di_labels.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "../model/alloc.h"
#include "../model/bpmn_read.h"
#include "../model/xmlsafe.h"

static int is_el(xmlNodePtr x, const char *ns, const char *name)
{
    return x->type == XML_ELEMENT_NODE && x->ns && x->ns->href &&
           strcmp((const char *)x->ns->href, ns) == 0 && strcmp((const char *)x->name, name) == 0;
}

static int num(xmlNodePtr x, const char *name, double *v)
{
    xmlChar *s = xmlGetNoNsProp(x, (const xmlChar *)name);
    char *end = NULL;
    if (s)
        *v = strtod((const char *)s, &end);
    int ok = s && end && end != (char *)s && *end == 0;
    xmlFree(s);
    return ok;
}

/* The bounds of the BPMNLabel inside shape or edge x, when it has some. */
static int label_bounds(xmlNodePtr x, model_bounds *b)
{
    for (xmlNodePtr c = x->children; c; c = c->next) {
        if (!is_el(c, BPMN_NS_DI, "BPMNLabel"))
            continue;
        for (xmlNodePtr k = c->children; k; k = k->next)
            if (is_el(k, BPMN_NS_DC, "Bounds") && num(k, "x", &b->x) && num(k, "y", &b->y) &&
                num(k, "width", &b->w) && num(k, "height", &b->h) && b->w > 0 && b->h > 0) {
                b->set = 1;
                return 1;
            }
    }
    return 0;
}

static void walk(xmlNodePtr x, const model *m, di_labels *l)
{
    for (; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(x, BPMN_NS_DI, "BPMNShape") || is_el(x, BPMN_NS_DI, "BPMNEdge")) {
            model_bounds b = {0, 0, 0, 0, 0};
            xmlChar *ref = xmlGetNoNsProp(x, (const xmlChar *)"bpmnElement");
            model_kind kind;
            int i = ref && label_bounds(x, &b) ? model_find(m, (const char *)ref, &kind) : -1;
            /* the first diagram's wins, as the reader's shapes do */
            if (i >= 0 && kind == MODEL_KIND_NODE && !l->node[i].set)
                l->node[i] = b;
            else if (i >= 0 && kind == MODEL_KIND_FLOW && !l->flow[i].set)
                l->flow[i] = b;
            xmlFree(ref);
            continue;
        }
        walk(x->children, m, l);
    }
}

void di_labels_read(const char *path, const model *m, di_labels *l)
{
    size_t nn = model_node_count(m), nf = model_flow_count(m);
    l->node = alloc_zero(nn ? nn : 1, sizeof *l->node);
    l->flow = alloc_zero(nf ? nf : 1, sizeof *l->flow);
    if (!path || strcmp(path, "-") == 0)
        return;
    diag_list *d = diag_list_new();
    xmlDocPtr doc = xmlsafe_read_file(path, d); /* read once already: its errors were said */
    diag_list_free(d);
    if (!doc)
        return;
    walk(xmlDocGetRootElement(doc), m, l);
    xmlFreeDoc(doc);
}

void di_labels_release(di_labels *l)
{
    if (!l)
        return;
    free(l->node);
    free(l->flow);
    l->node = l->flow = NULL;
}
