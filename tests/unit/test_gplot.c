/*
 * Suite gplot: the gnuplot runner -- the extension names the format (PNG's
 * magic bytes, a PDF header, SVG text in memory), any other extension is
 * refused before work, strings cannot run commands, the key sits below the
 * plot, titles carry the overrides, and the temporary folder goes.
 */
#include <dirent.h>
#include <math.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/gplot.h"
#include "testutil.h"

/* A small figure with one data block and a hostile title. */
static gplot *figure(gplot_format fmt, diag_list *d)
{
    gplot *g = gplot_new(fmt, 400, 300, d);
    if (!g)
        return NULL;
    FILE *f = gplot_script(g);
    fputs("set title ", f);
    gplot_string("it's `touch gplot-pwned` @x\nline two", f);
    fputs("\nplot ", f);
    gplot_data_ref(g);
    fputs(" index 0 using 1:2 with lines title 'share'\n", f);
    FILE *dat = gplot_data(g);
    for (int i = 0; i < 5; i++) {
        fprintf(dat, "%d", i);
        gplot_num(i == 2 ? NAN : i * 0.5, dat);
        fputc('\n', dat);
    }
    return g;
}

static char *draw_mem(gplot_format fmt, size_t *len)
{
    diag_list *d = diag_list_new();
    gplot *g = figure(fmt, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    char *b = gplot_run_mem(g, len, d);
    if (!b)
        diag_list_print(d, stderr);
    gplot_free(g);
    diag_list_free(d);
    return b;
}

static void test_formats(void)
{
    size_t len = 0;
    char *png = draw_mem(GPLOT_PNG, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(png);
    CU_ASSERT(len > 8 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
    free(png);
    char *pdf = draw_mem(GPLOT_PDF, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    CU_ASSERT(len > 5 && memcmp(pdf, "%PDF-", 5) == 0);
    free(pdf);
    char *svg = draw_mem(GPLOT_SVG, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
    CU_ASSERT_EQUAL(strlen(svg), len);
    CU_ASSERT(tu_contains(svg, "<svg"));
    /* the title is text, quote kept, backquotes not run, '@' not markup */
    CU_ASSERT(tu_contains(svg, "it's `touch gplot-pwned` @xline two"));
    CU_ASSERT_EQUAL(access("gplot-pwned", F_OK), -1);
    free(svg);
}

static void test_format_of(void)
{
    static const struct { const char *path; int ok; gplot_format fmt; } cases[] = {
        {"p.svg", 1, GPLOT_SVG}, {"dir.x/P.PNG", 1, GPLOT_PNG}, {"a.b.pdf", 1, GPLOT_PDF},
        {"-", 1, GPLOT_SVG},     {"p.jpg", 0, 0},                {"plot", 0, 0},
        {"dir.svg/plot", 0, 0},  {"p.svgz", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        diag_list *d = diag_list_new();
        gplot_format f = (gplot_format)-1;
        int rc = gplot_format_of(cases[i].path, &f, d);
        CU_ASSERT_EQUAL(rc, cases[i].ok ? 0 : -1);
        if (cases[i].ok) {
            CU_ASSERT_EQUAL(f, cases[i].fmt);
        } else {
            CU_ASSERT_EQUAL_FATAL(diag_list_count(d), 1);
            const diag *e = diag_list_at(d, 0);
            CU_ASSERT_STRING_EQUAL(e->code, "plot-format");
            CU_ASSERT_STRING_EQUAL(e->file, cases[i].path);
            CU_ASSERT(tu_contains(e->message, ".svg, .png or .pdf"));
        }
        diag_list_free(d);
    }
}

/* The script gplot writes: terminal by format, key below the plot. */
static void test_script_and_cleanup(void)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s/gplot-tmp", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(mkdir(tmp, 0700) == 0 || access(tmp, F_OK) == 0, 1);
    char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
    setenv("TMPDIR", tmp, 1);
    diag_list *d = diag_list_new();
    gplot *g = figure(GPLOT_PNG, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    fflush(gplot_script(g));
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cat %s/flowmc-plot-*/plot.gp", tmp);
    char *out = NULL;
    tu_sh(cmd, &out, NULL);
    CU_ASSERT(tu_contains(out, "set terminal pngcairo size 400,300"));
    CU_ASSERT(tu_contains(out, "set key below"));
    free(out);
    FILE *sink = tmpfile();
    CU_ASSERT_EQUAL(gplot_run(g, sink, d), 0);
    CU_ASSERT(ftell(sink) > 8);
    fclose(sink);
    gplot_free(g);
    gplot_free(NULL);
    /* nothing left in the temporary folder */
    DIR *dir = opendir(tmp);
    int left = 0;
    for (struct dirent *e; dir && (e = readdir(dir));)
        left += e->d_name[0] != '.';
    if (dir)
        closedir(dir);
    CU_ASSERT_EQUAL(left, 0);
    if (old)
        setenv("TMPDIR", old, 1);
    else
        unsetenv("TMPDIR");
    free(old);
    diag_list_free(d);
}

/* gnuplot failing: its message in the error, no figure. */
static void test_failure(void)
{
    diag_list *d = diag_list_new();
    gplot *g = gplot_new(GPLOT_SVG, 100, 100, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    fputs("plot no_such_function(x)\n", gplot_script(g));
    size_t len = 7;
    CU_ASSERT_PTR_NULL(gplot_run_mem(g, &len, d));
    CU_ASSERT_EQUAL(len, 7);
    CU_ASSERT_EQUAL_FATAL(diag_list_count(d), 1);
    CU_ASSERT_STRING_EQUAL(diag_list_at(d, 0)->code, "plot-gnuplot");
    CU_ASSERT(tu_contains(diag_list_at(d, 0)->message, "no_such_function"));
    gplot_free(g);
    diag_list_free(d);
}

static void test_title(void)
{
    char b[64];
    const char *sets[] = {"load=10", "roster.oncall.answer=0.6"};
    CU_ASSERT_STRING_EQUAL(gplot_title(b, sizeof b, "flowmc size: X", NULL, 0), "flowmc size: X");
    CU_ASSERT_STRING_EQUAL(gplot_title(b, sizeof b, "flowmc size: X", sets, 2),
                           "flowmc size: X (load=10, roster.oncall.answer=0.6)");
    char s[20];
    gplot_title(s, sizeof s, "flowmc size: X", sets, 2);
    CU_ASSERT_EQUAL(strlen(s), sizeof s - 1);
}

/* The command line: a plot whose extension names no format is refused
 * before any simulation, exit 2, and no file is written. */
static void test_cli_refusal(void)
{
    char args[1200], path[1024], *err = NULL;
    snprintf(path, sizeof path, "%s/p.jpg", tu_tmpdir());
    snprintf(args, sizeof args, "size tests/fixtures/size/mmc-b.xml --plot %s", path);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "p.jpg"));
    CU_ASSERT(tu_contains(err, ".svg, .png or .pdf"));
    CU_ASSERT_EQUAL(access(path, F_OK), -1);
    free(err);
}

void suite_gplot(void);
void suite_gplot(void)
{
    static const CU_TestInfo tests[] = {
        {"png, pdf and svg by format; strings stay text", test_formats},
        {"the extension names the format or is refused", test_format_of},
        {"terminal and key in the script; folder removed", test_script_and_cleanup},
        {"gnuplot failing is an error with its message", test_failure},
        {"titles carry the overrides", test_title},
        {"flowmc size --plot p.jpg: exit 2, nothing written", test_cli_refusal},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("gplot", tests);
}
