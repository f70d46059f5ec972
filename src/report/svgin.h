/*
 * svgin: an SVG document made fit to sit inside the report's HTML --
 * the XML prolog, doctype and comments dropped, every id given a prefix
 * (Graphviz names its groups graph0, node1... in every drawing, so two
 * drawings on one page would share them) and every reference to an id
 * inside the drawing (href="#x", xlink:href, url(#x)) moved with it.
 * Anything that could reach outside the file -- a link or image to
 * another address, a script, an event handler -- is removed: the report
 * must open from disk with nothing else.
 *
 * Parsing and writing are libxml2's (through src/model/xmlsafe.h: no
 * network, no entities).
 */
#ifndef FLOWMC_REPORT_SVGIN_H
#define FLOWMC_REPORT_SVGIN_H

#include <stddef.h>

#include "../model/diag.h"
#include "html.h"

/* Appends the <svg> element of the document svg (len bytes) to b, its ids
 * prefixed with prefix and '-'; class, when not NULL, is set on the svg
 * element and label becomes its aria-label.  0, or -1 with an error in d
 * (name names the drawing) when svg is not an SVG document. */
int svgin_append(html_buf *b, const char *svg, size_t len, const char *prefix,
                 const char *cls, const char *label, const char *name, diag_list *d);

#endif
