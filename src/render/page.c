/*
 * page: a drawing cut into pages of a paper size, drawn by librsvg into
 * cairo surfaces of exactly that size; see page.h.
 */
#include "page.h"
#include "../model/alloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

/* A cut is sought in the last half of a page; a border in its last
 * PREFER_FROM of it wins over a lower plain gap (a lane or phase then
 * starts on the next page). */
#define SEEK_FROM 0.5
#define PREFER_FROM 0.6
#define CLEAR 2.0     /* points kept between a cut and a shape */
#define MARK_PT 7.0   /* continuation marks */
#define FOOTER_PT 8.0 /* page numbers */
#define MARK_MERGE 40.0 /* marks closer than this (page points) become one */

static int is_free(const render_page_geometry *pg, double y)
{
    for (int k = 0; k < pg->nbusy; k++)
        if (y > pg->busy[k].a - CLEAR && y < pg->busy[k].b + CLEAR)
            return 0;
    return 1;
}

void page_cuts(const render_page_geometry *pg, int paper, int landscape, double **cuts, int *n,
               double *scale)
{
    double pw, ph;
    render_page_printable((render_paper)paper, landscape, &pw, &ph);
    double s = pg->width > pw ? pw / pg->width : 1;
    double sh = ph / s; /* a page's height in the drawing's points */
    int cap = (int)(pg->height / (SEEK_FROM * sh)) + 2;
    *cuts = alloc_zero((size_t)cap, sizeof **cuts);
    *n = 0;
    *scale = s;
    double y0 = 0;
    while (pg->height - y0 > sh && *n < cap) {
        double lo = y0 + SEEK_FROM * sh, hi = y0 + sh, best = -1;
        for (int k = 0; k < pg->nborders; k++) {
            double y = pg->borders[k];
            if (y >= y0 + PREFER_FROM * sh && y <= hi && y > best && is_free(pg, y))
                best = y;
        }
        if (best < 0) {
            if (is_free(pg, hi))
                best = hi;
            for (int k = 0; k < pg->nbusy; k++) {
                double c[2] = {pg->busy[k].a - CLEAR - 0.01, pg->busy[k].b + CLEAR + 0.01};
                for (int j = 0; j < 2; j++)
                    if (c[j] > lo && c[j] <= hi && c[j] > best && is_free(pg, c[j]))
                        best = c[j];
            }
        }
        if (best < 0) /* a shape taller than half a page: cut through it */
            best = hi;
        (*cuts)[(*n)++] = best;
        y0 = best;
    }
}

/* ---- drawing ---------------------------------------------------------- */

/* cairo's output stream into a render_str: never fails (running out of
 * memory ends flowmc, as alloc.h says). */
static cairo_status_t write_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    render_str_add(closure, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* Where edges cross cut k: their x in the drawing's points, sorted,
 * those closer than MARK_MERGE on the page merged. */
static int crossings(const render_page_geometry *pg, double cut, double s, double *xs, int max)
{
    int n = 0;
    for (int l = 0; l < pg->nlines; l++) {
        const render_polyline *pl = &pg->lines[l];
        for (int j = 0; j + 1 < pl->n; j++) {
            double x0 = pl->xy[2 * j], y0 = pl->xy[2 * j + 1];
            double x1 = pl->xy[2 * j + 2], y1 = pl->xy[2 * j + 3];
            if ((y0 - cut) * (y1 - cut) >= 0)
                continue;
            double x = x0 + (x1 - x0) * (cut - y0) / (y1 - y0);
            int dup = 0;
            for (int k = 0; k < n && !dup; k++)
                dup = fabs(xs[k] - x) * s < MARK_MERGE;
            if (!dup && n < max)
                xs[n++] = x;
            break; /* one mark per line and cut */
        }
    }
    for (int i = 1; i < n; i++) /* insertion sort: few marks */
        for (int j = i; j > 0 && xs[j - 1] > xs[j]; j--) {
            double t = xs[j];
            xs[j] = xs[j - 1];
            xs[j - 1] = t;
        }
    return n;
}

/* A continuation mark at page point (x, y): a small triangle pointing
 * off the page (down at a page's foot, up at its head) and the page the
 * flow goes on on. */
#define MARK_T 3.5 /* a continuation triangle's half width */

/* The corners of a continuation triangle at (x, y), pointing down or up,
 * and where its text starts: the same for every kind of page. */
static void mark_shape(double x, double y, int down, double xy[6], double *tx, double *ty)
{
    double t = MARK_T;
    xy[0] = x - t;
    xy[1] = y + (down ? -t : t) * 0.6;
    xy[2] = x + t;
    xy[3] = xy[1];
    xy[4] = x;
    xy[5] = y + (down ? t : -t) * 1.2;
    *tx = x + t + 2;
    *ty = y + MARK_PT / 3;
}

static void mark(cairo_t *cr, double x, double y, int down, int other)
{
    char text[32];
    snprintf(text, sizeof text, "p. %d", other);
    double xy[6], tx, ty;
    mark_shape(x, y, down, xy, &tx, &ty);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_move_to(cr, xy[0], xy[1]);
    cairo_line_to(cr, xy[2], xy[3]);
    cairo_line_to(cr, xy[4], xy[5]);
    cairo_close_path(cr);
    cairo_fill(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, MARK_PT);
    cairo_move_to(cr, tx, ty);
    cairo_show_text(cr, text);
    cairo_restore(cr);
}

static void footer(cairo_t *cr, double pw, double ph, int page, int pages)
{
    char text[48];
    snprintf(text, sizeof text, "page %d of %d", page, pages);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, FOOTER_PT);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, text, &ext);
    cairo_move_to(cr, (pw - ext.x_advance) / 2, ph - RENDER_PAGE_MARGIN_BOTTOM / 2);
    cairo_show_text(cr, text);
    cairo_restore(cr);
}

/* Draws page k (of npages, cut at cuts) on cr, in page points. */
static int draw_page(cairo_t *cr, RsvgHandle *h, const render_page_geometry *pg, double svgw,
                     double svgh, const double *cuts, int ncuts, int k, double s, double pagew,
                     double pageh)
{
    double pw, ph;
    pw = pagew - 2 * RENDER_PAGE_MARGIN_X;
    ph = pageh - RENDER_PAGE_MARGIN_TOP - RENDER_PAGE_MARGIN_BOTTOM;
    (void)ph;
    double y0 = k > 0 ? cuts[k - 1] : 0, y1 = k < ncuts ? cuts[k] : pg->height;
    double left = RENDER_PAGE_MARGIN_X + (pw - svgw * s) / 2, top = RENDER_PAGE_MARGIN_TOP;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_rectangle(cr, left, top, svgw * s, (y1 - y0) * s);
    cairo_clip(cr);
    cairo_translate(cr, left, top - y0 * s);
    cairo_scale(cr, s, s);
    RsvgRectangle vp = {0, 0, svgw, svgh};
    GError *err = NULL;
    int ok = rsvg_handle_render_document(h, cr, &vp, &err);
    if (err)
        g_error_free(err);
    cairo_restore(cr);
    double xs[64];
    if (k > 0) { /* from the page before */
        int n = crossings(pg, y0, s, xs, 64);
        for (int j = 0; j < n; j++)
            mark(cr, left + xs[j] * s, top - 8, 0, k);
    }
    if (k < ncuts) { /* on to the next page */
        int n = crossings(pg, y1, s, xs, 64);
        for (int j = 0; j < n; j++)
            mark(cr, left + xs[j] * s, top + (y1 - y0) * s + 8, 1, k + 2);
    }
    footer(cr, pagew, pageh, k + 1, ncuts + 1);
    return ok ? 0 : -1;
}

/* Graphviz's SVG for librsvg, at 72 dpi (its units are points); NULL with
 * an error in d. */
static RsvgHandle *open_svg(const char *svg, size_t svglen, diag_list *d)
{
    GError *err = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, svglen, &err);
    if (!h)
        diag_add(d, DIAG_ERROR, "render", NULL, 0, NULL, NULL,
                 "librsvg cannot read graphviz's drawing: %s", err ? err->message : "?");
    else
        rsvg_handle_set_dpi(h, 72);
    if (err)
        g_error_free(err);
    return h;
}

/* ---- SVG pages ---------------------------------------------------------- */

static void svg_mark(render_str *b, double x, double y, int down, int other)
{
    double xy[6], tx, ty;
    mark_shape(x, y, down, xy, &tx, &ty);
    render_str_addf(b, "<path d=\"M%.2f,%.2f L%.2f,%.2f L%.2f,%.2f Z\" fill=\"#404040\"/>\n", xy[0],
               xy[1], xy[2], xy[3], xy[4], xy[5]);
    render_str_addf(b, "<text x=\"%.2f\" y=\"%.2f\" font-family=\"sans-serif\" font-size=\"%g\" "
                  "fill=\"#404040\">p. %d</text>\n",
               tx, ty, MARK_PT, other);
}

/* Page k as an SVG document of exactly the page's size: Graphviz's own
 * SVG (from its <svg> element on: text stays text) nested in it as a
 * viewport onto the page's slice of the drawing, which clips it; the page
 * number and the continuation marks as on the PDF pages. */
static char *svg_page(const char *body, size_t bodylen, const char *rest,
                      const render_page_geometry *pg, double svgw, const double *cuts, int ncuts,
                      int k, double s, double pagew, double pageh, size_t *len)
{
    double pw = pagew - 2 * RENDER_PAGE_MARGIN_X;
    double y0 = k > 0 ? cuts[k - 1] : 0, y1 = k < ncuts ? cuts[k] : pg->height;
    double left = RENDER_PAGE_MARGIN_X + (pw - svgw * s) / 2, top = RENDER_PAGE_MARGIN_TOP;
    render_str b = {0};
    render_str_addf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                   "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"%gpt\" height=\"%gpt\" "
                   "viewBox=\"0 0 %g %g\">\n<title>page %d of %d</title>\n"
                   "<rect width=\"%g\" height=\"%g\" fill=\"white\"/>\n",
               pagew, pageh, pagew, pageh, k + 1, ncuts + 1, pagew, pageh);
    render_str_addf(&b, "<svg x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                   "viewBox=\"0 %.2f %.2f %.2f\" overflow=\"hidden\"",
               left, top, svgw * s, (y1 - y0) * s, y0, svgw, y1 - y0);
    render_str_add(&b, rest, bodylen - (size_t)(rest - body));
    render_str_addf(&b, "\n");
    double xs[64];
    if (k > 0) {
        int n = crossings(pg, y0, s, xs, 64);
        for (int j = 0; j < n; j++)
            svg_mark(&b, left + xs[j] * s, top - 8, 0, k);
    }
    if (k < ncuts) {
        int n = crossings(pg, y1, s, xs, 64);
        for (int j = 0; j < n; j++)
            svg_mark(&b, left + xs[j] * s, top + (y1 - y0) * s + 8, 1, k + 2);
    }
    render_str_addf(&b, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-family=\"sans-serif\" "
                   "font-size=\"%g\">page %d of %d</text>\n</svg>\n",
               pagew / 2, pageh - RENDER_PAGE_MARGIN_BOTTOM / 2, FOOTER_PT, k + 1, ncuts + 1);
    *len = b.n;
    return b.s;
}

/* The pages as SVG documents, one a page. */
static int svg_pages(const char *svg, size_t svglen, const render_page_geometry *pg,
                     const double *cuts, int ncuts, double s, double pagew, double pageh,
                     render_pages *out, diag_list *d)
{
    /* Graphviz's root element: its attributes go (the page's viewport
     * replaces them), its content stays */
    const char *root = strstr(svg, "<svg");
    const char *rest = root ? strchr(root, '>') : NULL;
    const char *vb = root ? strstr(root, "viewBox=\"") : NULL;
    double vx, vy, svgw, svgh;
    if (!rest || !vb || vb > rest ||
        sscanf(vb, "viewBox=\"%lf %lf %lf %lf", &vx, &vy, &svgw, &svgh) != 4) {
        diag_add(d, DIAG_ERROR, "render", NULL, 0, NULL, NULL,
                 "graphviz's svg has no root element with a viewBox to cut into pages");
        return -1;
    }
    for (int k = 0; k <= ncuts; k++) {
        size_t n;
        char *p = svg_page(svg, svglen, rest, pg, svgw, cuts, ncuts, k, s, pagew, pageh, &n);
        render_pages_add(out, p, n);
    }
    return 0;
}

int page_render(const char *svg, size_t svglen, const render_page_geometry *pg, int paper,
                int landscape, render_format f, render_pages *out, diag_list *d)
{
    double pagew, pageh, s;
    render_page_size((render_paper)paper, landscape, &pagew, &pageh);
    double *cuts;
    int ncuts;
    page_cuts(pg, paper, landscape, &cuts, &ncuts, &s);
    if (f == RENDER_SVG) {
        int r = svg_pages(svg, svglen, pg, cuts, ncuts, s, pagew, pageh, out, d);
        free(cuts);
        return r;
    }
    RsvgHandle *h = open_svg(svg, svglen, d);
    int rc = -1;
    if (!h)
        goto done;
    gdouble svgw = pg->width, svgh = pg->height;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &svgw, &svgh)) {
        svgw = pg->width;
        svgh = pg->height;
    }
    int bad = 0;
    if (f == RENDER_PDF) {
        render_str b = {0};
        cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(write_bytes, &b, pagew, pageh);
        /* same input, same bytes: no clock in the file */
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
        cairo_t *cr = cairo_create(sf);
        for (int k = 0; k <= ncuts; k++) {
            bad |= draw_page(cr, h, pg, svgw, svgh, cuts, ncuts, k, s, pagew, pageh);
            cairo_show_page(cr);
        }
        cairo_destroy(cr);
        cairo_surface_finish(sf);
        bad |= cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS;
        cairo_surface_destroy(sf);
        if (bad) {
            free(b.s);
        } else {
            render_pages_add(out, b.s, b.n);
        }
    } else {
        double px = RENDER_PAGE_DPI / 72;
        for (int k = 0; k <= ncuts && !bad; k++) {
            cairo_surface_t *sf = cairo_image_surface_create(
                CAIRO_FORMAT_RGB24, (int)lround(pagew * px), (int)lround(pageh * px));
            cairo_t *cr = cairo_create(sf);
            cairo_scale(cr, px, px);
            bad |= draw_page(cr, h, pg, svgw, svgh, cuts, ncuts, k, s, pagew, pageh);
            cairo_destroy(cr);
            render_str b = {0};
            bad |= cairo_surface_write_to_png_stream(sf, write_bytes, &b) != CAIRO_STATUS_SUCCESS;
            cairo_surface_destroy(sf);
            if (bad)
                free(b.s);
            else
                render_pages_add(out, b.s, b.n);
        }
    }
    if (bad) {
        diag_add(d, DIAG_ERROR, "render", NULL, 0, NULL, NULL,
                 "cairo could not draw the pages (out of memory?)");
        goto done;
    }
    rc = 0;
done:
    if (h)
        g_object_unref(h);
    free(cuts);
    return rc;
}

int page_render_whole(const char *svg, size_t svglen, render_format f, double dpi,
                      render_pages *out, diag_list *d)
{
    RsvgHandle *h = open_svg(svg, svglen, d);
    int rc = -1;
    if (!h)
        goto done;
    gdouble w = 0, ht = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &ht) || w <= 0 || ht <= 0) {
        diag_add(d, DIAG_ERROR, "render", NULL, 0, NULL, NULL,
                 "graphviz's drawing has no size librsvg can read");
        goto done;
    }
    RsvgRectangle vp = {0, 0, w, ht};
    int bad = 0;
    render_str b = {0};
    if (f == RENDER_PDF) {
        cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(write_bytes, &b, w, ht);
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
        cairo_t *cr = cairo_create(sf);
        bad |= !rsvg_handle_render_document(h, cr, &vp, NULL);
        cairo_show_page(cr);
        cairo_destroy(cr);
        cairo_surface_finish(sf);
        bad |= cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS;
        cairo_surface_destroy(sf);
    } else {
        double px = dpi / 72;
        cairo_surface_t *sf = cairo_image_surface_create(
            CAIRO_FORMAT_RGB24, (int)fmax(1, lround(w * px)), (int)fmax(1, lround(ht * px)));
        cairo_t *cr = cairo_create(sf);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, px, px);
        bad |= !rsvg_handle_render_document(h, cr, &vp, NULL);
        cairo_destroy(cr);
        bad |= cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS;
        if (!bad)
            bad |= cairo_surface_write_to_png_stream(sf, write_bytes, &b) != CAIRO_STATUS_SUCCESS;
        cairo_surface_destroy(sf);
    }
    if (bad || !b.n) {
        free(b.s);
        diag_add(d, DIAG_ERROR, "render", NULL, 0, NULL, NULL,
                 "cairo could not draw the %s (out of memory?)", f == RENDER_PDF ? "pdf" : "png");
        goto done;
    }
    render_pages_add(out, b.s, b.n);
    rc = 0;
done:
    if (h)
        g_object_unref(h);
    return rc;
}
