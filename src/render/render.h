/*
 * render: draws a model with Graphviz -- SVG, PNG, PDF or DOT -- the way a
 * BPMN reviewer expects it: pools and lanes as swimlanes in document order,
 * flow left to right (lanes as rows) or top to bottom (lanes as columns,
 * for pages), BPMN shapes and marks.  On request it colours the
 * elements named by findings and numbers their counterexample traces, and
 * overlays simulation figures (a `flowmc sim` result file) on the tasks,
 * each with a legend.  Layout and rendering run in-process (cgraph + gvc);
 * nothing is spawned.  The same input gives the same bytes.
 *
 * The module draws what it is given: it never runs the checker or the
 * simulator; the caller hands in their findings or result file.
 *
 * Ownership: render_draw returns a malloc'd buffer the caller frees; a
 * render_overlay owns its figures and is freed with render_overlay_free.
 * Options only borrow the findings and the overlay.
 */
#ifndef FLOWMC_RENDER_H
#define FLOWMC_RENDER_H

#include <stddef.h>

#include "../model/diag.h"
#include "../model/model.h"

typedef enum render_format {
    RENDER_SVG,
    RENDER_PNG,
    RENDER_PDF,
    RENDER_DOT,
    RENDER_BPMN, /* the model with BPMN DI: see di.h */
    RENDER_FORMAT_COUNT
} render_format;

/* "svg", "png", "pdf", "dot", "bpmn", NULL: indexed by render_format. */
extern const char *const render_format_names[];

/* The format a file name's extension asks for (".svg" ... ".bpmn", also
 * ".gv" and ".xml"), or -1. */
int render_format_of_path(const char *path);

/* Which way the flow runs. */
typedef enum render_direction {
    RENDER_LR, /* left to right, lanes as rows stacked top down: screens */
    RENDER_TB  /* top to bottom, lanes as columns left to right: pages */
} render_direction;

/* "lr", "tb", NULL: indexed by render_direction. */
extern const char *const render_direction_names[];

/* Paper for --page: exact sizes in points (A4 595 x 842, US letter
 * 612 x 792), portrait unless landscape.  Margins: 27.5 pt left and
 * right (A4's printable width is then 540 pt, 7.5 in), 28 pt at the top,
 * 42 pt at the bottom (the page number). */
typedef enum render_paper { RENDER_PAPER_A4, RENDER_PAPER_LETTER, RENDER_PAPER_COUNT } render_paper;
/* "a4", "letter", NULL: indexed by render_paper. */
extern const char *const render_paper_names[];
#define RENDER_PAGE_MARGIN_X 27.5
#define RENDER_PAGE_MARGIN_TOP 28.0
#define RENDER_PAGE_MARGIN_BOTTOM 42.0
/* PNG pages: pixels per inch (A4: 1653 x 2339 pixels). */
#define RENDER_PAGE_DPI 200.0
/* A4's printable width, portrait. */
#define RENDER_A4_WIDTH_PT 540.0
/* The paper's size, points, turned when landscape. */
void render_page_size(render_paper p, int landscape, double *w, double *h);
/* The width and height a drawing may take on it, inside the margins. */
void render_page_printable(render_paper p, int landscape, double *w, double *h);
/* The readability criterion: the smallest text, once the drawing is
 * scaled to the page width, is at least this big. */
#define RENDER_READABLE_PT 6.0

/* The size of the smallest text drawn in direction dir (task kinds,
 * overlay figures), points: 8 left to right; top down, for paper, 9 like
 * flow names (node names are 10). */
double render_smallest_pt(render_direction dir);

/* ---- simulation overlay --------------------------------------------- */

typedef enum render_overlay_by {
    RENDER_BY_UTIL, /* colour by the utilisation of the task's role */
    RENDER_BY_WAIT  /* colour by the task's mean wait */
} render_overlay_by;

/* What a result file says about one task; NAN for a missing figure. */
typedef struct render_task_figures {
    int present;          /* the file lists this task */
    double cases;         /* cases that ran it */
    double share;         /* fraction of cases passing through, 0..1 */
    double wait_mean, wait_p95, service_mean; /* seconds */
    double util;          /* utilisation of its role, 0..1 */
    const char *role;     /* role id, NULL for none */
} render_task_figures;

typedef struct render_overlay render_overlay;

/* Reads the JSON of `flowmc sim -o` ("tasks": [{id, name, cases, share,
 * wait_mean, wait_p95, service_mean, role}], "roles": [{id, staff,
 * utilisation, queue_mean}]) for model m.  Missing fields, unknown tasks
 * and roles are warnings in d; NULL (with an error) only when the file
 * cannot be read as JSON. */
render_overlay *render_overlay_read(const char *path, const model *m, diag_list *d);
void render_overlay_free(render_overlay *o);
/* Figures of flow node i (present is 0 when the file says nothing). */
const render_task_figures *render_overlay_task(const render_overlay *o, int i);

/* ---- drawing -------------------------------------------------------- */

typedef struct render_options {
    int process;                   /* draw only this process (and its
                                    * pool); -1: everything */
    const diag_list *findings;     /* colour and number these; NULL: none */
    const render_overlay *overlay; /* NULL: none */
    render_overlay_by overlay_by;
    render_direction direction;    /* RENDER_LR by default */
    int lane_tags;                 /* lanes as tags, not swimlanes: each
                                    * node in its lane's colour with its
                                    * tag (L1, L2...), a legend naming them */
    int page;                      /* render_paper, or -1 (the default):
                                    * natural size.  A page: PDF and PNG come
                                    * as pages of exactly its size (see
                                    * render_draw_pages), SVG scaled to its
                                    * printable width; either way a warning
                                    * when the smallest text then falls
                                    * under RENDER_READABLE_PT */
    int landscape;                 /* the page turned a quarter */
    int layout_di;                 /* draw the file's own diagram (BPMN DI)
                                    * rather than lay the model out: an
                                    * error when it has none or leaves out
                                    * part of what is drawn; direction and
                                    * lane tags then do not apply */
} render_options;

/* Everything drawn left to right at natural size, no findings, no
 * overlay. */
void render_options_init(render_options *o);

/* Draws m in format f (SVG, PNG, PDF or DOT) into a new buffer: *buf
 * (malloc'd, NUL-terminated after *len bytes).  0, or -1 with an error in
 * d.  Graphviz's own complaints become warnings in d.  A PNG with a page
 * set that takes more than one page is an error: render_draw_pages. */
int render_draw(const model *m, const render_options *o, render_format f, char **buf,
                size_t *len, diag_list *d);

/* Pages of a drawing: n buffers (one PDF, or one PNG per page). */
typedef struct render_pages {
    size_t n; /* buf and len: growable arrays (alloc_grow) of n */
    char **buf;
    size_t *len;
} render_pages;
void render_pages_release(render_pages *p);
/* Appends a malloc'd buffer (taken over) to p. */
void render_pages_add(render_pages *p, char *buf, size_t len);

/* Like render_draw, but with o->page set draws PDF and PNG as pages:
 * out gets one PDF of every page, or one PNG per page (the caller names
 * them).  Other formats, and no page: one buffer, as render_draw.  0, or
 * -1 with an error in d (out then empty). */
int render_draw_pages(const model *m, const render_options *o, render_format f,
                      render_pages *out, diag_list *d);

/* Human units for a duration in seconds: "45 s", "12 min", "3.4 h",
 * "2.1 d"; "n/a" for NAN. */
void render_duration(char *buf, size_t n, double seconds);

#endif
