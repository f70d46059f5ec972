/*
 * plot: charts as SVG (see plot.h).  Marks are turned into SVG as they
 * are added, so the axes (which fix the margins) come first; plot_write
 * then puts the frame, grid and ticks under the marks and the legend
 * below.  Coordinates are written with one decimal: the same figures give
 * the same bytes.
 */
#include "plot.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"

#define CHAR_W 6.2   /* mean width of a character of the 11 px font */
#define FONT 11
#define LEGEND_ROW 16
#define ROW_LABEL_MAX 34 /* characters on one line of a row label */

typedef struct legend {
    char *colour, *label;
    int shape;
} legend;

typedef struct axis {
    double lo, hi;
    char *title;
    plot_format fmt;
    const void *user;
    int set, integer;
} axis;

struct plot {
    double w, h;             /* plotting area */
    double ml, mt, mr, mb;   /* margins */
    axis x, y;
    char **rows;
    size_t nrows;
    html_buf *marks;
    legend *leg;
    size_t nleg;
};

const char *plot_colour(int i)
{
    static const char *const pal[] = {"#0072b2", "#d55e00", "#009e73",
                                      "#cc79a7", "#e69f00", "#56b4e9"};
    return pal[((i % 6) + 6) % 6];
}

plot *plot_new(double width, double height)
{
    plot *p = alloc_zero(1, sizeof *p);
    p->w = width;
    p->h = height;
    p->ml = 50;
    p->mt = 18;
    p->mr = 24;
    p->mb = 36;
    p->marks = html_buf_new();
    return p;
}

void plot_free(plot *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nrows; i++)
        free(p->rows[i]);
    free(p->rows);
    for (size_t i = 0; i < p->nleg; i++)
        free(p->leg[i].colour), free(p->leg[i].label);
    free(p->leg);
    free(p->x.title);
    free(p->y.title);
    html_buf_free(p->marks);
    free(p);
}

static void set_axis(axis *a, double lo, double hi, const char *title, plot_format fmt,
                     const void *user)
{
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    if (hi < lo) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    if (hi - lo < 1e-12 * fmax(1, fabs(hi))) {
        double pad = fabs(hi) > 0 ? fabs(hi) * 0.05 : 1;
        lo -= pad;
        hi += pad;
    }
    a->lo = lo;
    a->hi = hi;
    free(a->title);
    a->title = alloc_strdup(title);
    a->fmt = fmt;
    a->user = user;
    a->set = 1;
}

double plot_nice_step(double lo, double hi, int n)
{
    double raw = (hi - lo) / (n > 0 ? n : 5);
    if (!(raw > 0))
        return 1;
    double mag = pow(10, floor(log10(raw))), f = raw / mag;
    double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    return nice * mag;
}

static void label_of(const axis *a, double v, char *buf, size_t n)
{
    if (fabs(v) < 1e-12 * fmax(1, fabs(a->hi - a->lo)))
        v = 0;
    if (a->fmt)
        a->fmt(buf, n, v, a->user);
    else
        snprintf(buf, n, "%g", v);
}

/* Ticks of an axis: the first, the step and how many. */
static int ticks(const axis *a, double *first, double *step)
{
    *step = plot_nice_step(a->lo, a->hi, 5);
    if (a->integer && *step < 1)
        *step = 1;
    *first = ceil(a->lo / *step - 1e-9) * *step;
    int n = (int)floor((a->hi - *first) / *step + 1e-9) + 1;
    return n < 0 ? 0 : n > 50 ? 50 : n;
}

void plot_x(plot *p, double lo, double hi, const char *title, plot_format fmt, const void *user)
{
    set_axis(&p->x, lo, hi, title, fmt, user);
    if (title)
        p->mb = 36 + 4;
    p->mr = 24;
    /* the last tick label sits half outside the area */
    double first, step;
    int n = ticks(&p->x, &first, &step);
    for (int i = 0; i < n; i++) {
        char buf[64];
        label_of(&p->x, first + i * step, buf, sizeof buf);
        double half = strlen(buf) * CHAR_W / 2 + 4;
        if (half > p->mr)
            p->mr = half;
    }
}

void plot_x_integer(plot *p)
{
    p->x.integer = 1;
}

void plot_y(plot *p, double lo, double hi, const char *title, plot_format fmt, const void *user)
{
    set_axis(&p->y, lo, hi, title, fmt, user);
    double first, step, widest = 0;
    int n = ticks(&p->y, &first, &step);
    for (int i = 0; i < n; i++) {
        char buf[64];
        label_of(&p->y, first + i * step, buf, sizeof buf);
        if (strlen(buf) * CHAR_W > widest)
            widest = strlen(buf) * CHAR_W;
    }
    p->ml = widest + 12 + (title ? 18 : 0);
}

/* Where a long row label breaks into two lines: the space nearest its
 * middle, or 0 when it is short enough for one (or has no space). */
static size_t label_break(const char *s)
{
    size_t n = strlen(s), best = 0;
    if (n <= ROW_LABEL_MAX)
        return 0;
    for (size_t i = 1; i < n; i++)
        if (s[i] == ' ' && (best == 0 || labs((long)i - (long)n / 2) < labs((long)best - (long)n / 2)))
            best = i;
    return best;
}

void plot_rows(plot *p, const char *const *labels, size_t n)
{
    double widest = 0;
    int two = 0;
    for (size_t i = 0; i < n; i++) {
        *ALLOC_PUSH(p->rows, p->nrows) = alloc_strdup(labels[i]);
        size_t k = label_break(labels[i]), len = strlen(labels[i]);
        double w = (k ? (k > len - k - 1 ? k : len - k - 1) : len) * CHAR_W;
        if (w > widest)
            widest = w;
        two |= k > 0;
    }
    /* two lines of 11 px text need a taller row */
    if (two && p->h < 28.0 * (double)n)
        p->h = 28.0 * (double)n;
    p->y.lo = 0;
    p->y.hi = (double)n;
    p->y.set = 1;
    p->ml = widest + 14;
}

static double X(const plot *p, double x)
{
    assert(p->x.set);
    return p->ml + (x - p->x.lo) / (p->x.hi - p->x.lo) * p->w;
}

static double Y(const plot *p, double y)
{
    assert(p->y.set);
    if (p->nrows)
        return p->mt + (y + 0.5) * p->h / (double)p->nrows;
    return p->mt + (p->y.hi - y) / (p->y.hi - p->y.lo) * p->h;
}

/* Clamps a pixel coordinate into the plotting area (an interval running
 * past the axis is cut at its edge, not drawn over the labels). */
static double cx(const plot *p, double px)
{
    return fmin(fmax(px, p->ml), p->ml + p->w);
}

static double cy(const plot *p, double py)
{
    return fmin(fmax(py, p->mt), p->mt + p->h);
}

static void title_el(html_buf *b, const char *title)
{
    if (!title)
        return;
    html_raw(b, "<title>");
    html_text(b, title);
    html_raw(b, "</title>");
}

static void shape_at(html_buf *b, double x, double y, const char *colour, int shape,
                     const char *title)
{
    const char *open = title ? ">" : "/>";
    switch (shape) {
    case 1:
        html_rawf(b, "<path d=\"M%.1f %.1fl4.5 4.5l-4.5 4.5l-4.5 -4.5z\" fill=\"%s\"%s", x,
                  y - 4.5, colour, open);
        break;
    case 2:
        html_rawf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"%s\"%s",
                  x - 3.5, y - 3.5, colour, open);
        break;
    case 3:
        html_rawf(b, "<path d=\"M%.1f %.1fl4.5 8l-9 0z\" fill=\"%s\"%s", x, y - 4.5, colour,
                  open);
        break;
    case 4:
        html_rawf(b,
                  "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"white\" stroke=\"%s\" "
                  "stroke-width=\"1.5\"%s",
                  x, y, colour, open);
        break;
    default:
        html_rawf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"%s", x, y, colour,
                  open);
    }
    if (title) {
        title_el(b, title);
        html_raw(b, shape == 0 || shape == 4 ? "</circle>" : shape == 2 ? "</rect>" : "</path>");
    }
}

void plot_dot(plot *p, double x, double y, const char *colour, int shape, const char *title)
{
    if (!isfinite(x) || !isfinite(y))
        return;
    double px = X(p, x), py = Y(p, y);
    if (px < p->ml - 0.5 || px > p->ml + p->w + 0.5)
        return; /* off the axis: the table still gives it */
    shape_at(p->marks, px, py, colour, shape, title);
}

void plot_xwhisker(plot *p, double y, double lo, double hi, const char *colour)
{
    if (!isfinite(lo) || !isfinite(hi) || !isfinite(y))
        return;
    double a = cx(p, X(p, lo)), z = cx(p, X(p, hi)), py = Y(p, y);
    html_rawf(p->marks,
              "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fv8M%.1f %.1fv8\" stroke=\"%s\" "
              "stroke-width=\"1.5\" fill=\"none\"/>",
              a, py, z, a, py - 4, z, py - 4, colour);
}

void plot_ywhisker(plot *p, double x, double lo, double hi, const char *colour)
{
    if (!isfinite(lo) || !isfinite(hi) || !isfinite(x))
        return;
    double a = cy(p, Y(p, lo)), z = cy(p, Y(p, hi)), px = X(p, x);
    html_rawf(p->marks,
              "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fh8M%.1f %.1fh8\" stroke=\"%s\" "
              "stroke-width=\"1.5\" fill=\"none\"/>",
              px, a, z, px - 4, a, px - 4, z, colour);
}

void plot_polyline(plot *p, const double *x, const double *y, size_t n, const char *colour,
                   int dashed)
{
    int pen = 0;
    html_raw(p->marks, "<path d=\"");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i])) {
            pen = 0;
            continue;
        }
        html_rawf(p->marks, "%s%.1f %.1f", pen ? "L" : "M", X(p, x[i]), cy(p, Y(p, y[i])));
        pen = 1;
    }
    html_rawf(p->marks, "\" stroke=\"%s\" stroke-width=\"1.8\" fill=\"none\"%s/>", colour,
              dashed ? " stroke-dasharray=\"5 3\"" : "");
}

void plot_band(plot *p, const double *x, const double *lo, const double *hi, size_t n,
               const char *colour)
{
    /* one polygon per run of defined points */
    size_t i = 0;
    while (i < n) {
        while (i < n && !(isfinite(x[i]) && isfinite(lo[i]) && isfinite(hi[i])))
            i++;
        size_t j = i;
        while (j < n && isfinite(x[j]) && isfinite(lo[j]) && isfinite(hi[j]))
            j++;
        if (j > i) {
            html_raw(p->marks, "<path d=\"");
            for (size_t k = i; k < j; k++)
                html_rawf(p->marks, "%s%.1f %.1f", k == i ? "M" : "L", X(p, x[k]),
                          cy(p, Y(p, hi[k])));
            for (size_t k = j; k-- > i;)
                html_rawf(p->marks, "L%.1f %.1f", X(p, x[k]), cy(p, Y(p, lo[k])));
            html_rawf(p->marks, "Z\" fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\"/>",
                      colour);
        }
        i = j;
    }
}

void plot_xbar(plot *p, double y, double x0, double x1, double height, const char *colour,
               const char *title)
{
    if (!isfinite(x0) || !isfinite(x1))
        return;
    double a = cx(p, X(p, fmin(x0, x1))), z = cx(p, X(p, fmax(x0, x1)));
    double rh = p->nrows ? p->h / (double)p->nrows : 12;
    double hh = rh * height;
    html_rawf(p->marks, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"",
              a, Y(p, y) - hh / 2, z - a, hh, colour);
    if (title) {
        html_raw(p->marks, ">");
        title_el(p->marks, title);
        html_raw(p->marks, "</rect>");
    } else {
        html_raw(p->marks, "/>");
    }
}

static void label_at(html_buf *b, double x, double y, const char *anchor, const char *colour,
                     const char *text)
{
    html_rawf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">", x, y, anchor,
              colour);
    html_text(b, text);
    html_raw(b, "</text>");
}

void plot_vline(plot *p, double x, const char *colour, int dashed, const char *label)
{
    if (!isfinite(x))
        return;
    double px = X(p, x);
    if (px < p->ml - 0.5 || px > p->ml + p->w + 0.5)
        return;
    html_rawf(p->marks, "<path d=\"M%.1f %.1fV%.1f\" stroke=\"%s\" stroke-width=\"1.2\"%s/>", px,
              p->mt - 4, p->mt + p->h, colour, dashed ? " stroke-dasharray=\"4 3\"" : "");
    if (label)
        label_at(p->marks, px, p->mt - 7, "middle", colour, label);
}

void plot_hline(plot *p, double y, const char *colour, int dashed, const char *label)
{
    if (!isfinite(y))
        return;
    double py = Y(p, y);
    if (py < p->mt - 0.5 || py > p->mt + p->h + 0.5)
        return;
    html_rawf(p->marks, "<path d=\"M%.1f %.1fH%.1f\" stroke=\"%s\" stroke-width=\"1.2\"%s/>",
              p->ml, py, p->ml + p->w, colour, dashed ? " stroke-dasharray=\"4 3\"" : "");
    if (label)
        label_at(p->marks, p->ml + p->w - 2, py - 4, "end", colour, label);
}

void plot_tick(plot *p, double x, double y, const char *colour, const char *title)
{
    if (!isfinite(x))
        return;
    double px = X(p, x);
    if (px < p->ml - 0.5 || px > p->ml + p->w + 0.5)
        return;
    double rh = p->nrows ? p->h / (double)p->nrows : 16;
    double py = Y(p, y);
    html_rawf(p->marks,
              "<path d=\"M%.1f %.1fV%.1f\" stroke=\"%s\" stroke-width=\"2.5\"%s", px,
              py - rh * 0.4, py + rh * 0.4, colour, title ? ">" : "/>");
    if (title) {
        title_el(p->marks, title);
        html_raw(p->marks, "</path>");
    }
}

void plot_legend(plot *p, const char *colour, int shape, const char *label)
{
    legend *l = ALLOC_PUSH(p->leg, p->nleg);
    l->colour = alloc_strdup(colour);
    l->label = alloc_strdup(label);
    l->shape = shape;
}

/* Legend entries flow left to right in rows as wide as the chart. */
static double legend_rows(const plot *p, double total_w)
{
    double x = 0;
    int rows = p->nleg ? 1 : 0;
    for (size_t i = 0; i < p->nleg; i++) {
        double w = 26 + strlen(p->leg[i].label) * CHAR_W + 14;
        if (x > 0 && x + w > total_w) {
            rows++;
            x = 0;
        }
        x += w;
    }
    return rows * LEGEND_ROW;
}

void plot_write(const plot *p, html_buf *b, const char *label)
{
    double tw = p->ml + p->w + p->mr;
    double legy = p->mt + p->h + p->mb;
    double th = legy + legend_rows(p, tw - 8) + 4;
    html_rawf(b,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %.0f "
              "%.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"",
              tw, th, tw, th);
    html_text(b, label);
    html_rawf(b, "\" font-size=\"%d\">", FONT);
    /* frame and grid */
    html_rawf(b,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fbfbfb\" "
              "stroke=\"#999\" stroke-width=\"0.8\"/>",
              p->ml, p->mt, p->w, p->h);
    double first, step;
    int n = ticks(&p->x, &first, &step);
    for (int i = 0; i < n; i++) {
        double v = first + i * step, px = X(p, v);
        char buf[64];
        label_of(&p->x, v, buf, sizeof buf);
        html_rawf(b, "<path d=\"M%.1f %.1fV%.1f\" stroke=\"#e2e2e2\" stroke-width=\"0.8\"/>", px,
                  p->mt, p->mt + p->h);
        label_at(b, px, p->mt + p->h + 14, "middle", "#333", buf);
    }
    if (p->x.title)
        label_at(b, p->ml + p->w / 2, p->mt + p->h + 31, "middle", "#333", p->x.title);
    if (p->nrows) {
        for (size_t r = 0; r < p->nrows; r++) {
            double py = Y(p, (double)r);
            if (r % 2 == 1)
                html_rawf(b,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                          "fill=\"#f0f0f0\"/>",
                          p->ml, py - p->h / (double)p->nrows / 2, p->w,
                          p->h / (double)p->nrows);
            size_t k = label_break(p->rows[r]);
            if (!k) {
                label_at(b, p->ml - 8, py + 4, "end", "#222", p->rows[r]);
            } else {
                char *line1 = alloc_strndup(p->rows[r], k);
                label_at(b, p->ml - 8, py - 2, "end", "#222", line1);
                label_at(b, p->ml - 8, py + 10, "end", "#222", p->rows[r] + k + 1);
                free(line1);
            }
        }
    } else {
        n = ticks(&p->y, &first, &step);
        for (int i = 0; i < n; i++) {
            double v = first + i * step, py = Y(p, v);
            char buf[64];
            label_of(&p->y, v, buf, sizeof buf);
            html_rawf(b,
                      "<path d=\"M%.1f %.1fH%.1f\" stroke=\"#e2e2e2\" stroke-width=\"0.8\"/>",
                      p->ml, py, p->ml + p->w);
            label_at(b, p->ml - 6, py + 4, "end", "#333", buf);
        }
        if (p->y.title) {
            html_rawf(b, "<text transform=\"translate(12 %.1f) rotate(-90)\" "
                         "text-anchor=\"middle\" fill=\"#333\">",
                      p->mt + p->h / 2);
            html_text(b, p->y.title);
            html_raw(b, "</text>");
        }
    }
    size_t len;
    const char *marks = html_data(p->marks, &len);
    html_rawn(b, marks, len);
    /* legend */
    double x = 4, y = legy;
    for (size_t i = 0; i < p->nleg; i++) {
        const legend *l = &p->leg[i];
        double w = 26 + strlen(l->label) * CHAR_W + 14;
        if (x > 4 && x + w > tw - 4) {
            x = 4;
            y += LEGEND_ROW;
        }
        double my = y + 8;
        if (l->shape == -1 || l->shape == -2)
            html_rawf(b, "<path d=\"M%.1f %.1fh20\" stroke=\"%s\" stroke-width=\"1.8\"%s/>", x,
                      my, l->colour, l->shape == -2 ? " stroke-dasharray=\"4 3\"" : "");
        else if (l->shape == -3)
            html_rawf(b,
                      "<rect x=\"%.1f\" y=\"%.1f\" width=\"20\" height=\"9\" fill=\"%s\" "
                      "fill-opacity=\"0.25\"/>",
                      x, my - 4.5, l->colour);
        else
            shape_at(b, x + 10, my, l->colour, l->shape, NULL);
        label_at(b, x + 26, my + 4, "start", "#222", l->label);
        x += w;
    }
    html_raw(b, "</svg>");
}
