/*
 * plot: small statistical charts drawn straight as SVG for the report --
 * dot-and-whisker rows (a figure with its confidence interval per row),
 * lines with interval whiskers or bands over a numeric axis, bars, and
 * reference lines (a target, zero) with a legend below the frame.
 *
 * Why not gnuplot: the report holds some forty charts; drawn here they
 * cost no process each, their ids cannot collide inside one page, their
 * text takes the page's font, and the bytes depend on flowmc alone (the
 * same results give the same report on any machine).
 *
 * A chart is laid out in CSS pixels (its viewBox); the page scales it to
 * its width.  Ranges and axes are set first, marks are added in data
 * coordinates and drawn in the order given, and plot_write puts out one
 * <svg> element.  Colours: plot_colour(i) is a palette for colour-blind
 * readers (Okabe and Ito); PLOT_MET, PLOT_MISSED and PLOT_UNDECIDED are
 * the verdicts' colours.
 *
 * Ownership: a plot owns its marks; labels are copied.
 */
#ifndef FLOWMC_REPORT_PLOT_H
#define FLOWMC_REPORT_PLOT_H

#include <stddef.h>

#include "html.h"

typedef struct plot plot;

#define PLOT_MET "#009e73"
#define PLOT_MISSED "#d55e00"
#define PLOT_UNDECIDED "#b07800"
#define PLOT_GREY "#777777"

/* Colour i of the palette (any i: it repeats after 6). */
const char *plot_colour(int i);

/* Formats an axis value as a tick label ("12 h", "99.5%"). */
typedef void (*plot_format)(char *buf, size_t n, double v, const void *user);

/* A chart whose plotting area is width x height pixels; the margins for
 * tick labels, row labels and the legend are added around it. */
plot *plot_new(double width, double height);
void plot_free(plot *p);

/* The x axis: its range, its title (may be NULL) and how ticks are
 * labelled (NULL: plain numbers).  A range of zero width is widened. */
void plot_x(plot *p, double lo, double hi, const char *title, plot_format fmt, const void *user);
/* The y axis, numeric. */
void plot_y(plot *p, double lo, double hi, const char *title, plot_format fmt, const void *user);
/* The y axis as n rows labelled top down (row 0 at the top); marks give a
 * row as y = 0 .. n-1 (fractions place marks within a row). */
void plot_rows(plot *p, const char *const *labels, size_t n);
/* Integer ticks only on x (people, candidates). */
void plot_x_integer(plot *p);

/* Marks.  title, when not NULL, is the tooltip. */
void plot_dot(plot *p, double x, double y, const char *colour, int shape, const char *title);
/* shape: 0 disc, 1 diamond, 2 square, 3 triangle, 4 ring */
void plot_xwhisker(plot *p, double y, double lo, double hi, const char *colour);
void plot_ywhisker(plot *p, double x, double lo, double hi, const char *colour);
void plot_polyline(plot *p, const double *x, const double *y, size_t n, const char *colour,
                   int dashed);
void plot_band(plot *p, const double *x, const double *lo, const double *hi, size_t n,
               const char *colour);
/* A horizontal bar from x0 to x1 at row y (height: share of a row). */
void plot_xbar(plot *p, double y, double x0, double x1, double height, const char *colour,
               const char *title);
/* A line across the plot at x (vertical) or y (horizontal), with a label
 * at its end (may be NULL). */
void plot_vline(plot *p, double x, const char *colour, int dashed, const char *label);
void plot_hline(plot *p, double y, const char *colour, int dashed, const char *label);
/* A short mark at (x, row y): a target tick drawn across one row. */
void plot_tick(plot *p, double x, double y, const char *colour, const char *title);

/* A legend entry below the chart: shape -1 a line, -2 a dashed line,
 * -3 a band, else a dot shape. */
void plot_legend(plot *p, const char *colour, int shape, const char *label);

/* Appends the chart as one <svg> with role img and aria-label label. */
void plot_write(const plot *p, html_buf *b, const char *label);

/* "Nice" ticks for [lo, hi]: the step (1, 2 or 5 times a power of ten)
 * that gives about n ticks. */
double plot_nice_step(double lo, double hi, int n);

#endif
