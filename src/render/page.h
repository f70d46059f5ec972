/*
 * page: cuts a drawing into pages of a paper size (internal to the render
 * module; render.c calls it).
 *
 * The drawing comes as Graphviz's SVG at natural size with its geometry
 * (graph.h's render_page_geometry).  It is scaled to the page's printable
 * width when wider, and cut across the flow where no shape or text would
 * be split, at a pool's, lane's or sub-process's border when one falls in
 * the last part of the page.  Each page gets its number ("page 2 of 3")
 * and, where an edge crosses a cut, a mark naming the page it goes on to
 * (at the cut's bottom) or comes from (at the next page's top).  librsvg
 * draws the SVG into cairo surfaces of exactly the page's size: one PDF of
 * every page, or one PNG per page (at RENDER_PAGE_DPI).
 *
 * Ownership: the caller keeps the SVG and the geometry; the pages written
 * into a render_pages are the caller's (render_pages_release).
 */
#ifndef FLOWMC_RENDER_PAGE_H
#define FLOWMC_RENDER_PAGE_H

#include <stddef.h>

#include "../model/diag.h"
#include "graph.h"
#include "render.h"

/* The page cuts for a drawing of geometry pg on paper (see render.h's
 * render_page_*): y of each cut, in the drawing's points, into a
 * malloc'd *cuts (count in *n, pages = *n + 1), and the scale the
 * drawing is printed at in *scale. */
void page_cuts(const render_page_geometry *pg, int paper, int landscape, double **cuts, int *n,
               double *scale);

/* Draws svg (svglen bytes) on pages in format f (RENDER_PDF: one buffer;
 * RENDER_PNG: one per page) appended to out.  0, or -1 with an error in
 * d. */
int page_render(const char *svg, size_t svglen, const render_page_geometry *pg, int paper,
                int landscape, render_format f, render_pages *out, diag_list *d);

/* Draws svg (svglen bytes) whole, at its own size, in format f (RENDER_PDF
 * in points, RENDER_PNG at dpi pixels an inch) appended to out as one
 * buffer: what Graphviz would write itself, but from the SVG, whose pool
 * names are turned (graph.c).  0, or -1 with an error in d. */
int page_render_whole(const char *svg, size_t svglen, render_format f, double dpi,
                      render_pages *out, diag_list *d);

#endif
