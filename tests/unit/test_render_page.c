/*
 * Suite render_page: drawings on real pages.  pdfinfo (poppler-utils,
 * installed by make deps) reports every page of every annex model's
 * `--page a4` PDF as 595 x 842 pt, and of --page letter --landscape as
 * 792 x 612; the PNG pages are as many, each of the page's size at 200
 * dpi; pdftotext finds the page numbers and the continuation marks; the
 * cuts split no shape and prefer borders; the same model gives the same
 * bytes; the command line names PNG pages OUT-1.png ...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/bpmn_read.h"
#include "model/xmlsafe.h"
#include "render/graph.h"
#include "render/page.h"
#include "render/render.h"
#include "testutil.h"

static const char *const annexes[] = {
    "models/annex-x-root-zone-emergency.bpmn", "models/annex-y-complaint-resolution.bpmn",
    "models/annex-y-complaint-resolution-live.bpmn", "models/annex-z-problem-management.bpmn"};
#define NANNEXES (sizeof annexes / sizeof annexes[0])

static model *load(const char *path)
{
    xmlsafe_init();
    diag_list *d = diag_list_new();
    model *m = bpmn_read_file(path, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    diag_list_free(d);
    return m;
}

/* Output of a shell command (malloc'd), NULL when it fails. */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 4096, n = 0, k;
    char *s = malloc(cap);
    while (s && (k = fread(s + n, 1, cap - n - 1, p)) > 0) {
        n += k;
        if (n + 1 == cap)
            s = realloc(s, cap *= 2);
    }
    if (s)
        s[n] = 0;
    if (pclose(p) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

static void save(const char *path, const char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(fwrite(buf, 1, len, f), len);
    CU_ASSERT_EQUAL(fclose(f), 0);
}

/* Pages of the PDF at path whose size pdfinfo reports as "W x H pts";
 * their total in *pages. */
static int pages_of_size(const char *path, const char *size, int *pages)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdfinfo -f 1 -l 9999 '%s'", path);
    char *info = run(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    *pages = -1;
    const char *p = strstr(info, "Pages:");
    if (p)
        *pages = atoi(p + 6);
    int good = 0;
    for (const char *l = info; (l = strstr(l, "\nPage ")) != NULL; l++) {
        const char *eol = strchr(l + 1, '\n');
        const char *sz = strstr(l, "size:");
        if (sz && (!eol || sz < eol) && strncmp(sz + 5 + strspn(sz + 5, " "), size, strlen(size)) == 0)
            good++;
    }
    free(info);
    return good;
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* Every annex model, --page a4: a PDF whose every page is A4, and as many
 * PNG pages of A4 at 200 dpi, and as many SVG pages of A4. */
static void test_a4_pages(void)
{
    for (size_t k = 0; k < NANNEXES; k++) {
        model *m = load(annexes[k]);
        render_options o;
        render_options_init(&o);
        o.page = RENDER_PAPER_A4;
        o.direction = RENDER_TB;
        o.lane_tags = 1;
        diag_list *d = diag_list_new();
        render_pages pdf = {0}, png = {0};
        CU_ASSERT_EQUAL_FATAL(render_draw_pages(m, &o, RENDER_PDF, &pdf, d), 0);
        CU_ASSERT_EQUAL_FATAL(pdf.n, 1);
        CU_ASSERT_EQUAL(diag_list_count(d), 0); /* readable, graphviz quiet */
        char path[512];
        snprintf(path, sizeof path, "%s/annex-%zu.pdf", tu_tmpdir(), k);
        save(path, pdf.buf[0], pdf.len[0]);
        int pages;
        int a4 = pages_of_size(path, "595 x 842 pts", &pages);
        printf("\n    %-48s %d A4 pages", annexes[k], pages);
        CU_ASSERT_TRUE(pages >= 2); /* the annexes are longer than a page */
        CU_ASSERT_EQUAL(a4, pages);
        /* page numbers and continuation marks are text */
        char cmd[600];
        snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", path);
        char *text = run(cmd);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        char want[64];
        for (int p = 1; p <= pages; p++) {
            snprintf(want, sizeof want, "page %d of %d", p, pages);
            CU_ASSERT_TRUE(tu_contains(text, want));
        }
        CU_ASSERT_TRUE(tu_contains(text, "p. 2"));
        free(text);

        CU_ASSERT_EQUAL_FATAL(render_draw_pages(m, &o, RENDER_PNG, &png, d), 0);
        CU_ASSERT_EQUAL((int)png.n, pages);
        for (size_t p = 0; p < png.n; p++) {
            const unsigned char *b = (const unsigned char *)png.buf[p];
            CU_ASSERT_TRUE_FATAL(png.len[p] > 24 && memcmp(b, "\x89PNG", 4) == 0);
            CU_ASSERT_EQUAL(be32(b + 16), 1653); /* 595 pt at 200 dpi */
            CU_ASSERT_EQUAL(be32(b + 20), 2339); /* 842 pt */
        }
        /* SVG: one document a page, the same pages, each exactly A4, its
         * number and its marks as text, the drawing's slice clipped by a
         * viewport no wider than the printable width */
        render_pages svg = {0};
        CU_ASSERT_EQUAL_FATAL(render_draw_pages(m, &o, RENDER_SVG, &svg, d), 0);
        CU_ASSERT_EQUAL((int)svg.n, pages);
        int marks = 0;
        for (size_t p = 0; p < svg.n; p++) {
            const char *b = svg.buf[p];
            CU_ASSERT_TRUE(tu_contains(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                          "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                                          "width=\"595pt\" height=\"842pt\" viewBox=\"0 0 595 842\">"));
            snprintf(want, sizeof want, ">page %zu of %d</text>", p + 1, pages);
            CU_ASSERT_TRUE(tu_contains(b, want));
            const char *vp = strstr(b + 10, "<svg x=\"");
            double x = 0, y = 0, w = 0, h = 0;
            CU_ASSERT_TRUE_FATAL(vp && sscanf(vp, "<svg x=\"%lf\" y=\"%lf\" width=\"%lf\" height=\"%lf\"",
                                              &x, &y, &w, &h) == 4);
            CU_ASSERT_TRUE(x >= RENDER_PAGE_MARGIN_X - 0.01 && x + w <= 595 - RENDER_PAGE_MARGIN_X + 0.01);
            CU_ASSERT_TRUE(y + h <= 842 - RENDER_PAGE_MARGIN_BOTTOM + 0.01);
            marks += tu_contains(b, ">p. ") != 0;
        }
        CU_ASSERT_EQUAL(marks, pages); /* every page goes on or comes from */
        render_pages_release(&svg);

        /* a one-buffer caller is told to ask for pages */
        char *one = NULL;
        size_t n1 = 0;
        CU_ASSERT_EQUAL(render_draw(m, &o, RENDER_PNG, &one, &n1, d), -1);
        CU_ASSERT_PTR_NULL(one);

        /* same model, same bytes */
        render_pages again = {0};
        CU_ASSERT_EQUAL_FATAL(render_draw_pages(m, &o, RENDER_PDF, &again, d), 0);
        CU_ASSERT_TRUE(again.len[0] == pdf.len[0] &&
                       memcmp(again.buf[0], pdf.buf[0], pdf.len[0]) == 0);
        render_pages_release(&again);
        render_pages_release(&pdf);
        render_pages_release(&png);
        diag_list_free(d);
        model_free(m);
    }
}

/* Letter, landscape: 792 x 612 on every page. */
static void test_letter_landscape(void)
{
    model *m = load(annexes[0]);
    render_options o;
    render_options_init(&o);
    o.page = RENDER_PAPER_LETTER;
    o.landscape = 1;
    o.direction = RENDER_TB;
    o.lane_tags = 1;
    diag_list *d = diag_list_new();
    render_pages pdf = {0};
    CU_ASSERT_EQUAL_FATAL(render_draw_pages(m, &o, RENDER_PDF, &pdf, d), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/letter.pdf", tu_tmpdir());
    save(path, pdf.buf[0], pdf.len[0]);
    int pages;
    CU_ASSERT_EQUAL(pages_of_size(path, "792 x 612 pts", &pages), pages);
    CU_ASSERT_TRUE(pages >= 1);
    double w, h;
    render_page_size(RENDER_PAPER_A4, 0, &w, &h);
    CU_ASSERT_TRUE(w == 595 && h == 842);
    render_page_printable(RENDER_PAPER_A4, 0, &w, &h);
    CU_ASSERT_DOUBLE_EQUAL(w, RENDER_A4_WIDTH_PT, 1e-9);
    render_pages_release(&pdf);
    diag_list_free(d);
    model_free(m);
}

/* The cuts: at a border in the last part of a page, else at the lowest
 * gap between shapes, never through one unless it is taller than half a
 * page. */
static void test_cuts(void)
{
    double ph, pw;
    render_page_printable(RENDER_PAPER_A4, 0, &pw, &ph); /* 540 x 772 */
    render_span busy[] = {{0, 100}, {700, 800}, {810, 900}, {1400, 1450}, {1500, 1510}};
    double borders[] = {200, 650};
    render_page_geometry pg = {540, 2000, busy, 5, borders, 2, NULL, 0};
    double *cuts, s;
    int n;
    page_cuts(&pg, RENDER_PAPER_A4, 0, &cuts, &n, &s);
    CU_ASSERT_DOUBLE_EQUAL(s, 1, 1e-12);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    /* 200 is a border but too early in the page; 650 is late enough */
    CU_ASSERT_DOUBLE_EQUAL(cuts[0], 650, 1e-9);
    /* 650 + 772 = 1422 falls in [1400, 1450]: just above it */
    CU_ASSERT_TRUE(cuts[1] < 1400 && cuts[1] > 1390);
    free(cuts);
    /* twice as wide: printed at half size, a page holds twice as much */
    pg.width = 1080;
    pg.nborders = 0;
    page_cuts(&pg, RENDER_PAPER_A4, 0, &cuts, &n, &s);
    CU_ASSERT_DOUBLE_EQUAL(s, 0.5, 1e-12);
    CU_ASSERT_EQUAL(n, 1);
    for (int k = 0; k < n; k++)
        for (int j = 0; j < pg.nbusy; j++)
            CU_ASSERT_FALSE(cuts[k] > busy[j].a && cuts[k] < busy[j].b);
    free(cuts);
}

/* flowmc render --page: exact pages from the command line. */
static void test_cli_pages(void)
{
    char args[1024], *err = NULL;
    const char *dir = tu_tmpdir();
    snprintf(args, sizeof args,
             "render --page a4 -o %s/y.png models/annex-y-complaint-resolution.bpmn", dir);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 0);
    CU_ASSERT_TRUE(tu_contains(err, "pages, one file each"));
    free(err);
    char path[512];
    snprintf(path, sizeof path, "%s/y-1.png", dir);
    size_t n = 0;
    char *p1 = tu_slurp(path, &n);
    CU_ASSERT_TRUE(p1 && n > 24 && be32((const unsigned char *)p1 + 16) == 1653);
    free(p1);
    snprintf(path, sizeof path, "%s/y.png", dir);
    CU_ASSERT_PTR_NULL(tu_slurp(path, &n)); /* pages only */
    /* several PNG pages cannot go to one stream */
    CU_ASSERT_EQUAL(tu_flowmc("render --page a4 --format png models/annex-y-complaint-resolution.bpmn",
                              NULL, &err),
                    2);
    CU_ASSERT_TRUE(tu_contains(err, "pass -o FILE.png"));
    free(err);
    snprintf(args, sizeof args,
             "render --page letter --landscape -o %s/z.pdf models/annex-z-problem-management.bpmn",
             dir);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
    snprintf(path, sizeof path, "%s/z.pdf", dir);
    int pages;
    CU_ASSERT_EQUAL(pages_of_size(path, "792 x 612 pts", &pages), pages);
    CU_ASSERT_EQUAL(tu_flowmc("render --page a3 models/annex-z-problem-management.bpmn", NULL,
                              &err),
                    2);
    CU_ASSERT_TRUE(tu_contains(err, "a4 or letter"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("render --landscape models/annex-z-problem-management.bpmn", NULL,
                              &err),
                    2);
    CU_ASSERT_TRUE(tu_contains(err, "--page"));
    free(err);
}

void suite_render_page(void);
void suite_render_page(void)
{
    static const CU_TestInfo tests[] = {
        {"a4 pages of every annex (pdfinfo, png)", test_a4_pages},
        {"letter, landscape", test_letter_landscape},
        {"cuts", test_cuts},
        {"cli", test_cli_pages},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("render_page", tests);
}
