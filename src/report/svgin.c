/*
 * svgin: an SVG drawing inlined into HTML with its ids prefixed (see
 * svgin.h).  The tree is walked once to rename ids and references, once
 * to drop what may not stay, then written by libxml2.
 */
#include "svgin.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "../model/alloc.h"
#include "../model/xmlsafe.h"

/* "prefix-" before the id a local reference names: "#x" in a link
 * (href), "url(#x)" anywhere in a value (style="fill:url(#g)"; a colour
 * "#ff0000" is no reference); malloc'd, or NULL when v refers to no local
 * id. */
static char *rename_refs(const char *v, const char *prefix, int href)
{
    size_t plen = strlen(prefix), cap = strlen(v) + 1, n = 0;
    int changed = 0;
    for (const char *p = v; *p; p++)
        if (*p == '#')
            cap += plen + 1;
    char *out = alloc_zero(cap, 1);
    for (const char *p = v; *p; p++) {
        out[n++] = *p;
        if (*p == '#' && ((href && p == v) || (p >= v + 4 && strncmp(p - 4, "url(", 4) == 0))) {
            memcpy(out + n, prefix, plen);
            n += plen;
            out[n++] = '-';
            changed = 1;
        }
    }
    out[n] = 0;
    if (!changed) {
        free(out);
        return NULL;
    }
    return out;
}

static int is_href(const xmlAttr *a)
{
    return strcmp((const char *)a->name, "href") == 0;
}

/* Renames ids and references under n; removes what could reach out. */
static void walk(xmlNodePtr n, const char *prefix)
{
    for (xmlNodePtr c = n, next; c; c = next) {
        next = c->next;
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE ||
            c->type == XML_DTD_NODE) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        if (strcmp(name, "script") == 0 || strcmp(name, "foreignObject") == 0 ||
            strcmp(name, "image") == 0) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            continue;
        }
        for (xmlAttrPtr a = c->properties, an; a; a = an) {
            an = a->next;
            const char *an_name = (const char *)a->name;
            xmlChar *v = xmlNodeListGetString(c->doc, a->children, 1);
            const char *val = v ? (const char *)v : "";
            if (strncmp(an_name, "on", 2) == 0) {
                xmlRemoveProp(a);
            } else if (strcmp(an_name, "id") == 0 && !a->ns) {
                size_t len = strlen(prefix) + strlen(val) + 2;
                char *id = alloc_zero(len, 1);
                snprintf(id, len, "%s-%s", prefix, val);
                xmlSetProp(c, BAD_CAST "id", BAD_CAST id);
                free(id);
            } else if (is_href(a) && val[0] != '#') {
                /* a link out of the drawing: the report refers to nothing
                 * outside itself */
                xmlRemoveProp(a);
            } else {
                char *r = rename_refs(val, prefix, is_href(a));
                if (r) {
                    if (a->ns)
                        xmlSetNsProp(c, a->ns, a->name, BAD_CAST r);
                    else
                        xmlSetProp(c, a->name, BAD_CAST r);
                    free(r);
                }
            }
            xmlFree(v);
        }
        /* an <a> that led out is left as a plain group */
        if (strcmp(name, "a") == 0 && !xmlHasProp(c, BAD_CAST "href") &&
            !xmlHasNsProp(c, BAD_CAST "href", BAD_CAST "http://www.w3.org/1999/xlink"))
            xmlNodeSetName(c, BAD_CAST "g");
        walk(c->children, prefix);
    }
}

int svgin_append(html_buf *b, const char *svg, size_t len, const char *prefix,
                 const char *cls, const char *label, const char *name, diag_list *d)
{
    int rc = -1;
    xmlBufferPtr out = NULL;
    if (len > INT_MAX) {
        diag_add(d, DIAG_ERROR, "report-svg", name, 0, NULL, NULL, "the drawing is too large");
        return -1;
    }
    xmlDocPtr doc = xmlsafe_read_memory(svg, (int)len, name, d);
    if (!doc)
        return -1;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || strcmp((const char *)root->name, "svg") != 0) {
        diag_add(d, DIAG_ERROR, "report-svg", name, 0, NULL, NULL, "the drawing is not SVG");
        goto fail;
    }
    walk(root, prefix);
    if (cls)
        xmlSetProp(root, BAD_CAST "class", BAD_CAST cls);
    if (label) {
        xmlSetProp(root, BAD_CAST "role", BAD_CAST "img");
        xmlSetProp(root, BAD_CAST "aria-label", BAD_CAST label);
    }
    out = xmlBufferCreate();
    if (!out)
        alloc_fail("a libxml2 buffer");
    if (xmlNodeDump(out, doc, root, 0, 0) < 0) {
        diag_add(d, DIAG_ERROR, "report-svg", name, 0, NULL, NULL,
                 "the drawing could not be written out");
        goto fail;
    }
    html_rawn(b, (const char *)xmlBufferContent(out), (size_t)xmlBufferLength(out));
    rc = 0;
fail:
    xmlBufferFree(out);
    xmlFreeDoc(doc);
    return rc;
}
