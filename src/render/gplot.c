/*
 * gplot: the one gnuplot runner (see gplot.h).  gnuplot reads a script and
 * a data file from a private folder (mkdtemp) and writes the figure there;
 * its output is copied to the caller's stream afterwards, so the caller's
 * atomic-output rule (cli_open_output) applies to figures as to any file,
 * and the folder goes whatever happens.  gnuplot runs with stdin on
 * /dev/null and its messages in a log, quoted in the error when it fails.
 */
#include "gplot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../model/alloc.h"

extern char **environ;

struct gplot {
    gplot_format fmt;
    char dir[1024];
    char script[1100], data[1100], figure[1100], log[1100];
    FILE *sf, *df;
};

static const char *const ext[] = {"svg", "png", "pdf"};

int gplot_format_of(const char *path, gplot_format *fmt, diag_list *d)
{
    if (strcmp(path, "-") == 0) {
        *fmt = GPLOT_SVG;
        return 0;
    }
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash))
        for (int i = 0; i < 3; i++)
            if (strcasecmp(dot + 1, ext[i]) == 0) {
                *fmt = (gplot_format)i;
                return 0;
            }
    diag_add(d, DIAG_ERROR, "plot-format", path, 0, NULL, NULL,
             "cannot tell the plot's format from its name: end it in .svg, .png or .pdf");
    return -1;
}

static void no_gnuplot(diag_list *d, const char *why)
{
    diag_add(d, DIAG_ERROR, "plot-no-gnuplot", NULL, 0, NULL, NULL,
             "cannot run gnuplot (%s): install it (Debian: apt-get install gnuplot-nox) "
             "or leave out --plot",
             why);
}

int gplot_check(diag_list *d)
{
    const char *path = getenv("PATH");
    char buf[4096];
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        if (n > 0 && n < sizeof buf - 16) {
            snprintf(buf, sizeof buf, "%.*s/gnuplot", (int)n, p);
            if (access(buf, X_OK) == 0)
                return 0;
        }
        p += n + (p[n] == ':');
    }
    no_gnuplot(d, "not found on the PATH");
    return -1;
}

void gplot_string(const char *s, FILE *out)
{
    fputc('\'', out);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', out);
        if (*s != '\n' && *s != '\r')
            fputc(*s, out);
    }
    fputc('\'', out);
}

void gplot_num(double v, FILE *out)
{
    if (isnan(v))
        fputs(" ?", out);
    else
        fprintf(out, " %.10g", v);
}

static void preamble(gplot *g, int w, int h)
{
    FILE *f = g->sf;
    switch (g->fmt) {
    case GPLOT_SVG:
        fprintf(f, "set terminal svg size %d,%d dynamic noenhanced font 'sans,12' "
                   "background rgb 'white'\n",
                w, h);
        break;
    case GPLOT_PNG:
        fprintf(f, "set terminal pngcairo size %d,%d noenhanced font 'sans,10' "
                   "background rgb 'white'\n",
                w, h);
        break;
    case GPLOT_PDF:
        fprintf(f, "set terminal pdfcairo size %.2fin,%.2fin noenhanced font 'sans,8'\n",
                w / 100.0, h / 100.0);
        break;
    }
    fputs("set output ", f);
    gplot_string(g->figure, f);
    /* the key below the plot, outside it: no curve, label or arrow over it */
    fputs("\nset datafile missing '?'\nset key below horizontal\nset grid\n", f);
}

gplot *gplot_new(gplot_format fmt, int width, int height, diag_list *d)
{
    gplot *g = alloc_zero(1, sizeof *g);
    const char *tmp = getenv("TMPDIR");
    g->fmt = fmt;
    if (!tmp || !*tmp || strlen(tmp) > 900)
        tmp = "/tmp";
    snprintf(g->dir, sizeof g->dir, "%s/flowmc-plot-XXXXXX", tmp);
    if (!mkdtemp(g->dir)) {
        diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL,
                 "cannot make a temporary folder for gnuplot in %s: %s", tmp, strerror(errno));
        free(g);
        return NULL;
    }
    snprintf(g->script, sizeof g->script, "%s/plot.gp", g->dir);
    snprintf(g->data, sizeof g->data, "%s/plot.dat", g->dir);
    snprintf(g->figure, sizeof g->figure, "%s/figure.%s", g->dir, ext[fmt]);
    snprintf(g->log, sizeof g->log, "%s/gnuplot.log", g->dir);
    g->sf = fopen(g->script, "w");
    g->df = fopen(g->data, "w");
    if (!g->sf || !g->df) {
        diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL,
                 "cannot write the gnuplot files in %s: %s", g->dir, strerror(errno));
        gplot_free(g);
        return NULL;
    }
    preamble(g, width, height);
    return g;
}

void gplot_free(gplot *g)
{
    if (!g)
        return;
    if (g->sf)
        fclose(g->sf);
    if (g->df)
        fclose(g->df);
    unlink(g->script);
    unlink(g->data);
    unlink(g->figure);
    unlink(g->log);
    rmdir(g->dir);
    free(g);
}

FILE *gplot_script(gplot *g)
{
    return g->sf;
}

FILE *gplot_data(gplot *g)
{
    return g->df;
}

void gplot_data_ref(gplot *g)
{
    gplot_string(g->data, g->sf);
}

/* Closes the files, runs gnuplot, and opens the figure for reading. */
static FILE *draw(gplot *g, diag_list *d)
{
    int bad = 0;
    if (!g->sf || !g->df)
        bad = 1; /* run twice */
    if (g->sf && (ferror(g->sf) | fclose(g->sf)))
        bad = 1;
    if (g->df && (ferror(g->df) | fclose(g->df)))
        bad = 1;
    g->sf = g->df = NULL;
    if (bad) {
        diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL,
                 "cannot write the gnuplot files in %s", g->dir);
        return NULL;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, g->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    char *argv[] = {"gnuplot", g->script, NULL};
    pid_t pid;
    int e = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (e != 0) {
        no_gnuplot(d, strerror(e));
        return NULL;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        char log[1001] = "";
        size_t len = 0;
        FILE *lf = fopen(g->log, "r");
        if (lf) {
            len = fread(log, 1, 1000, lf);
            log[len] = '\0';
            fclose(lf);
        }
        diag_add(d, DIAG_ERROR, "plot-gnuplot", NULL, 0, NULL, NULL, "gnuplot failed (%s %d)%s%s",
                 WIFEXITED(st) ? "exit status" : "signal",
                 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st), len ? ": " : "", log);
        return NULL;
    }
    FILE *in = fopen(g->figure, "rb");
    if (!in)
        diag_add(d, DIAG_ERROR, "plot-gnuplot", NULL, 0, NULL, NULL, "gnuplot wrote no figure");
    return in;
}

int gplot_run(gplot *g, FILE *out, diag_list *d)
{
    FILE *in = draw(g, d);
    if (!in)
        return -1;
    char buf[8192];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
    if (ferror(in))
        rc = -1;
    fclose(in);
    if (rc != 0)
        diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL, "cannot write the figure");
    return rc;
}

char *gplot_run_mem(gplot *g, size_t *len, diag_list *d)
{
    FILE *in = draw(g, d);
    if (!in)
        return NULL;
    size_t n = 0, cap = 0;
    char *buf = NULL;
    for (;;) {
        if (n + 8192 + 1 > cap) {
            cap = cap ? 2 * cap : 65536;
            buf = alloc_resize(buf, cap, 1);
        }
        size_t k = fread(buf + n, 1, cap - n - 1, in);
        n += k;
        if (k == 0)
            break;
    }
    int bad = ferror(in);
    fclose(in);
    if (bad) {
        free(buf);
        diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL, "cannot read the figure back");
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

char *gplot_title(char *buf, size_t n, const char *base, const char *const *sets, int nsets)
{
    size_t at = (size_t)snprintf(buf, n, "%s", base ? base : "");
    for (int i = 0; i < nsets && at < n; i++)
        at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? ", " : " (", sets[i]);
    if (nsets > 0 && at < n)
        snprintf(buf + at, n - at, ")");
    return buf;
}
