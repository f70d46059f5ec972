/*
 * gplot: a figure drawn by gnuplot, run as a child process on files in a
 * private temporary folder removed afterwards.  The format is the output
 * file's extension -- .svg (svg), .png (pngcairo), .pdf (pdfcairo) --
 * anything else is refused before any work, with a message saying which
 * extensions are known.  Callers write their plot commands after a
 * preamble gplot writes (terminal, output, missing-data mark, a key below
 * the plot so no curve or label sits over it) and get the figure's bytes
 * into a stream or into memory (the report inlines SVG in HTML).
 *
 * Lifecycle: gplot_new makes the folder and opens the script and one data
 * file; gplot_run or gplot_run_mem runs gnuplot once; gplot_free removes
 * the folder (NULL accepted).  Strings written into the script go through
 * gplot_string, which quotes them so that no title or id can run a
 * command or break the script.
 */
#ifndef FLOWMC_RENDER_GPLOT_H
#define FLOWMC_RENDER_GPLOT_H

#include <stddef.h>
#include <stdio.h>

#include "../model/diag.h"

typedef enum gplot_format { GPLOT_SVG, GPLOT_PNG, GPLOT_PDF } gplot_format;

typedef struct gplot gplot;

/* The format a path's extension names (case-insensitive; "-" is SVG, for
 * standard output).  Returns 0 with *fmt set, or -1 with a "plot-format"
 * error in d naming the path and the extensions known (the caller exits 2). */
int gplot_format_of(const char *path, gplot_format *fmt, diag_list *d);

/* Whether gnuplot is on the PATH, checked before a long computation:
 * returns 0, or -1 with a "plot-no-gnuplot" error in d saying how to get it. */
int gplot_check(diag_list *d);

/* A new figure of width x height (pixels for SVG and PNG; a PDF is drawn at
 * 100 pixels to the inch).  Returns NULL with an error in d when the
 * temporary folder or its files cannot be made. */
gplot *gplot_new(gplot_format fmt, int width, int height, diag_list *d);

/* Releases g and removes its folder; NULL is accepted. */
void gplot_free(gplot *g);

/* The script, after gplot's preamble: the caller writes its commands. */
FILE *gplot_script(gplot *g);

/* The data file (blocks separated by two blank lines, read with
 * "index N"); gplot_data_ref writes its quoted name into the script. */
FILE *gplot_data(gplot *g);
void gplot_data_ref(gplot *g);

/* Writes s as a gnuplot single-quoted string (the quote doubled, line
 * breaks dropped: nothing in it is substituted or run). */
void gplot_string(const char *s, FILE *out);

/* Writes " v" in full precision, or " ?" (the missing-data mark) for NaN. */
void gplot_num(double v, FILE *out);

/* Runs gnuplot on the script and copies the figure to out.  Returns 0, or
 * -1 with an error in d (gnuplot missing or failing, with the start of its
 * messages; a write failing). */
int gplot_run(gplot *g, FILE *out, diag_list *d);

/* The same, the figure's bytes returned (malloc'd, NUL-terminated so SVG
 * is a string; *len without the NUL), NULL with an error in d. */
char *gplot_run_mem(gplot *g, size_t *len, diag_list *d);

/* A plot title: base, then the overrides given on the command line, as
 * "base (KEY=V, KEY=V)"; sets may be NULL when nsets is 0.  Cut short,
 * terminated, when buf is too small. */
char *gplot_title(char *buf, size_t n, const char *base, const char *const *sets, int nsets);

#endif
