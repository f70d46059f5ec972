/*
 * Suite report: `flowmc report`, the one HTML page.
 *
 * The page made from the shipped models and the results of make run
 * parses with libxml2's HTML parser (whose only complaints are the
 * HTML5 and SVG tag names its HTML 4 grammar does not know); every id is
 * unique, every href="#x" lands on an id, nothing refers to anything
 * outside the file (no src, no link to another address, no script, no
 * url() but to the page's own ids); every model, scenario and SLA has its
 * section, linked from the contents, with its verdict; the same inputs
 * give the same bytes.  Names that look like markup stay text.  Bad
 * inputs are one line naming the file and exit 2, and nothing is
 * overwritten without --force.  The parts: unique ids, the SVG inliner's
 * renaming, the charts' XML.
 *
 * The browser case opens results/report.html (the committed page, which
 * suite mainjob keeps fresh) in headless Chromium (tests/browser/
 * report.mjs): no console error, no request leaving the file, every link
 * of the contents followed to its target, every model, scenario and SLA
 * there, a screenshot and the page printed on A4 kept in build/browser/.
 * Without Chromium, node or the npm packages it says so in one line and
 * skips -- except in CI (CI=true), where it fails.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "model/xmlsafe.h"
#include "report/html.h"
#include "report/plot.h"
#include "report/svgin.h"
#include "testutil.h"

#define SHOTS "build/browser"

/* ---- the page's inputs, as make run gives them ---------------------- */

typedef struct inputs {
    char args[16384];   /* the command line's files */
    json_t *expect;     /* {"models": [...], "scenarios": [{scenario, slas}]} */
} inputs;

static void add_arg(inputs *in, const char *path)
{
    size_t n = strlen(in->args);
    snprintf(in->args + n, sizeof in->args - n, " '%s'", path);
}

/* Models, the sim result of every shipped scenario, the sizing tables and
 * the comparisons of results/ (as tests/run-main.sh passes them). */
static void make_inputs(inputs *in, const char *results)
{
    in->args[0] = 0;
    json_t *models = json_array(), *scen = json_array();
    glob_t g;
    if (glob("models/*.bpmn", 0, NULL, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; i++) {
            add_arg(in, g.gl_pathv[i]);
            json_array_append_new(models, json_string(g.gl_pathv[i]));
        }
        globfree(&g);
    }
    if (glob("simulations/*.xml", 0, NULL, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; i++) {
            const char *base = strrchr(g.gl_pathv[i], '/') + 1;
            char res[1024];
            snprintf(res, sizeof res, "%s/%.*s.json", results, (int)(strlen(base) - 4), base);
            add_arg(in, res);
            json_t *r = json_load_file(res, 0, NULL);
            CU_ASSERT_PTR_NOT_NULL(r);
            if (!r)
                continue;
            json_t *slas = json_array(), *s;
            size_t k;
            json_array_foreach(json_object_get(r, "sla"), k, s)
                json_array_append(slas, json_object_get(s, "id"));
            json_array_append_new(scen, json_pack("{s:O,s:o}", "scenario",
                                                  json_object_get(r, "scenario"), "slas", slas));
            json_decref(r);
        }
        globfree(&g);
    }
    char pat[1024];
    snprintf(pat, sizeof pat, "%s/roster-size-answer-*.csv", results);
    if (glob(pat, 0, NULL, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; i++)
            add_arg(in, g.gl_pathv[i]);
        globfree(&g);
    }
    snprintf(pat, sizeof pat, "%s/annex-y-proposed-vs-live.json", results);
    add_arg(in, pat);
    in->expect = json_pack("{s:o,s:o}", "models", models, "scenarios", scen);
}

/* ---- reading the page back -------------------------------------------- */

typedef struct page {
    htmlDocPtr doc;
    int errors;         /* parser errors but unknown tag names */
    char **ids;
    size_t nids;
} page;

static void on_error(void *user, xmlErrorPtr e)
{
    page *p = user;
    /* libxml2's HTML parser knows HTML 4's tags only: <section>, <svg>,
     * <path>... are "invalid" to it, and parsed all the same */
    if (e->message && strncmp(e->message, "Tag ", 4) == 0 && strstr(e->message, " invalid"))
        return;
    p->errors++;
    fprintf(stderr, "\n    HTML parser: line %d: %s", e->line, e->message ? e->message : "?");
}

static void collect_ids(page *p, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = xmlGetProp(n, BAD_CAST "id");
        if (id) {
            p->ids = realloc(p->ids, (p->nids + 1) * sizeof *p->ids);
            p->ids[p->nids++] = (char *)id;
        }
        collect_ids(p, n->children);
    }
}

static int has_id(const page *p, const char *id)
{
    for (size_t i = 0; i < p->nids; i++)
        if (strcmp(p->ids[i], id) == 0)
            return 1;
    return 0;
}

static int read_page(page *p, const char *buf, size_t len)
{
    memset(p, 0, sizeof *p);
    xmlSetStructuredErrorFunc(p, on_error);
    p->doc = htmlReadMemory(buf, (int)len, "report.html", "UTF-8", HTML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!p->doc)
        return -1;
    collect_ids(p, xmlDocGetRootElement(p->doc));
    return 0;
}

static void free_page(page *p)
{
    for (size_t i = 0; i < p->nids; i++)
        xmlFree(p->ids[i]);
    free(p->ids);
    xmlFreeDoc(p->doc);
}

/* Checks every reference of the page; returns the number of problems. */
static int check_refs(const page *p, xmlNodePtr n, int *links)
{
    int bad = 0;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (!strcmp(name, "script") || !strcmp(name, "link") || !strcmp(name, "iframe") ||
            !strcmp(name, "img") || !strcmp(name, "object") || !strcmp(name, "embed") ||
            !strcmp(name, "image") || !strcmp(name, "foreignobject")) {
            fprintf(stderr, "\n    a <%s> element", name);
            bad++;
        }
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            const char *an = (const char *)a->name;
            xmlChar *v = xmlNodeListGetString(p->doc, a->children, 1);
            const char *val = v ? (const char *)v : "";
            if (!strcmp(an, "src") || !strncmp(an, "on", 2)) {
                fprintf(stderr, "\n    %s=\"%s\" on <%s>", an, val, name);
                bad++;
            } else if (!strcmp(an, "href") || !strcmp(an, "xlink:href")) {
                if (val[0] != '#') {
                    fprintf(stderr, "\n    a link out of the page: %s", val);
                    bad++;
                } else if (!has_id(p, val + 1)) {
                    fprintf(stderr, "\n    a link to no id: %s", val);
                    bad++;
                } else if (!strcmp(name, "a")) {
                    (*links)++;
                }
            }
            const char *u = val;
            while ((u = strstr(u, "url("))) {
                u += 4;
                while (*u == '\'' || *u == '"' || *u == ' ')
                    u++;
                if (*u != '#') {
                    fprintf(stderr, "\n    url( to outside the page in %s", an);
                    bad++;
                }
            }
            xmlFree(v);
        }
        if (!strcmp(name, "style") && n->children) {
            xmlChar *css = xmlNodeGetContent(n);
            if (strstr((char *)css, "url(") || strstr((char *)css, "@import")) {
                fprintf(stderr, "\n    the style sheet loads something");
                bad++;
            }
            xmlFree(css);
        }
        bad += check_refs(p, n->children, links);
    }
    return bad;
}

/* The element with this id, its class and its text. */
static xmlNodePtr find_id(xmlNodePtr n, const char *id)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *v = xmlGetProp(n, BAD_CAST "id");
        int hit = v && !strcmp((char *)v, id);
        xmlFree(v);
        if (hit)
            return n;
        xmlNodePtr r = find_id(n->children, id);
        if (r)
            return r;
    }
    return NULL;
}

/* Sections of class cls (section elements in document order). */
static void sections(xmlNodePtr n, const char *cls, xmlNodePtr *out, size_t *k, size_t cap)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, "section")) {
            xmlChar *c = xmlGetProp(n, BAD_CAST "class");
            if (c && !strcmp((char *)c, cls) && *k < cap)
                out[(*k)++] = n;
            xmlFree(c);
        }
        sections(n->children, cls, out, k, cap);
    }
}

/* 1 when the contents (nav#contents) link to #id. */
static int in_contents(htmlDocPtr doc, const char *id)
{
    xmlNodePtr nav = find_id(xmlDocGetRootElement(doc), "contents");
    if (!nav)
        return 0;
    xmlBufferPtr b = xmlBufferCreate();
    xmlNodeDump(b, doc, nav, 0, 0);
    char want[512];
    snprintf(want, sizeof want, "href=\"#%s\"", id);
    int r = strstr((const char *)xmlBufferContent(b), want) != NULL;
    xmlBufferFree(b);
    return r;
}

static char *text_of(xmlNodePtr n)
{
    return (char *)xmlNodeGetContent(n);
}

/* The section of class cls whose first <code> in its .file line is path. */
static xmlNodePtr section_for(htmlDocPtr doc, const char *cls, const char *path)
{
    xmlNodePtr found[64];
    size_t k = 0;
    sections(xmlDocGetRootElement(doc), cls, found, &k, 64);
    for (size_t i = 0; i < k; i++) {
        for (xmlNodePtr c = found[i]->children; c; c = c->next) {
            xmlChar *cl = c->type == XML_ELEMENT_NODE ? xmlGetProp(c, BAD_CAST "class") : NULL;
            int file = cl && !strcmp((char *)cl, "file");
            xmlFree(cl);
            if (!file)
                continue;
            for (xmlNodePtr x = c->children; x; x = x->next)
                if (x->type == XML_ELEMENT_NODE && !strcmp((const char *)x->name, "code")) {
                    char *t = text_of(x);
                    int hit = !strcmp(t, path);
                    xmlFree(t);
                    if (hit)
                        return found[i];
                    break;
                }
        }
    }
    return NULL;
}

/* The row (tr with an id) of this SLA in section s. */
static xmlNodePtr sla_row(xmlNodePtr n, const char *sla)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, "tr") && xmlHasProp(n, BAD_CAST "id")) {
            xmlNodePtr td = n->children;
            while (td && td->type != XML_ELEMENT_NODE)
                td = td->next;
            char *t = td ? text_of(td) : NULL;
            int hit = t && !strcmp(t, sla);
            xmlFree(t);
            if (hit)
                return n;
        }
        xmlNodePtr r = sla_row(n->children, sla);
        if (r)
            return r;
    }
    return NULL;
}

/* Every model, scenario and SLA of expect in the page; returns the
 * number missing. */
static int check_present(const page *p, const json_t *expect)
{
    int missing = 0;
    size_t i, j;
    json_t *m, *s, *id;
    json_array_foreach(json_object_get(expect, "models"), i, m)
    {
        xmlNodePtr sec = section_for(p->doc, "model", json_string_value(m));
        xmlChar *sid = sec ? xmlGetProp(sec, BAD_CAST "id") : NULL;
        if (!sec || !sid || !in_contents(p->doc, (char *)sid)) {
            fprintf(stderr, "\n    model %s: no section in the contents", json_string_value(m));
            missing++;
        }
        xmlFree(sid);
    }
    json_array_foreach(json_object_get(expect, "scenarios"), i, s)
    {
        const char *path = json_string_value(json_object_get(s, "scenario"));
        xmlNodePtr sec = section_for(p->doc, "scenario", path);
        xmlChar *sid = sec ? xmlGetProp(sec, BAD_CAST "id") : NULL;
        if (!sec || !sid || !in_contents(p->doc, (char *)sid)) {
            fprintf(stderr, "\n    scenario %s: no section in the contents", path);
            missing++;
            xmlFree(sid);
            continue;
        }
        xmlFree(sid);
        json_array_foreach(json_object_get(s, "slas"), j, id)
        {
            xmlNodePtr row = sla_row(sec->children, json_string_value(id));
            xmlChar *rid = row ? xmlGetProp(row, BAD_CAST "id") : NULL;
            char *t = row ? text_of(row) : NULL;
            if (!rid || !in_contents(p->doc, (char *)rid) ||
                !(strstr(t, "met") || strstr(t, "missed") || strstr(t, "inconclusive"))) {
                fprintf(stderr, "\n    SLA %s of %s: no row with its verdict in the contents",
                        json_string_value(id), path);
                missing++;
            }
            xmlFree(rid);
            xmlFree(t);
        }
    }
    return missing;
}

/* ---- cases ------------------------------------------------------------ */

static void test_structure(void)
{
    inputs in;
    make_inputs(&in, "results");
    char out[512], args[20000];
    snprintf(out, sizeof out, "%s/structure.html", tu_tmpdir());
    snprintf(args, sizeof args, "report -o %s%s", out, in.args);
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(tu_flowmc(args, NULL, &err), 0);
    CU_ASSERT_STRING_EQUAL(err, "");
    free(err);
    size_t len;
    char *buf = tu_slurp(out, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    page p;
    CU_ASSERT_EQUAL_FATAL(read_page(&p, buf, len), 0);
    CU_ASSERT_EQUAL(p.errors, 0);
    /* ids are unique */
    int dup = 0;
    for (size_t i = 0; i < p.nids; i++)
        for (size_t j = i + 1; j < p.nids; j++)
            if (!strcmp(p.ids[i], p.ids[j]) && dup++ < 5)
                fprintf(stderr, "\n    id %s twice", p.ids[i]);
    CU_ASSERT_EQUAL(dup, 0);
    int links = 0;
    CU_ASSERT_EQUAL(check_refs(&p, xmlDocGetRootElement(p.doc), &links), 0);
    CU_ASSERT_TRUE(links > 50);
    CU_ASSERT_EQUAL(check_present(&p, in.expect), 0);
    /* the glossary has the terms people meet on the page */
    static const char *const terms[] = {"sound", "confidence interval",
                                        "met, missed, inconclusive", "erlang",
                                        "common random numbers"};
    for (size_t i = 0; i < sizeof terms / sizeof *terms; i++) {
        char dt[128];
        snprintf(dt, sizeof dt, ">%s</dt>", terms[i]);
        CU_ASSERT_TRUE(tu_contains(buf, dt));
    }
    /* people's units: no scientific notation in the text */
    xmlChar *text = xmlNodeGetContent(xmlDocGetRootElement(p.doc));
    int sci = 0;
    for (const char *t = (const char *)text; *t; t++)
        if ((t[0] == 'e' || t[0] == 'E') && (t[1] == '+' || t[1] == '-') && t > (char *)text &&
            t[-1] >= '0' && t[-1] <= '9' && t[2] >= '0' && t[2] <= '9' && sci++ < 3)
            fprintf(stderr, "\n    scientific notation: ...%.20s", t - 8);
    CU_ASSERT_EQUAL(sci, 0);
    xmlFree(text);
    printf("\n    %zu bytes, %zu ids, %d internal links", len, p.nids, links);
    free_page(&p);

    /* the same inputs give the same bytes */
    char again[512];
    snprintf(again, sizeof again, "%s/structure-2.html", tu_tmpdir());
    snprintf(args, sizeof args, "report -o %s%s", again, in.args);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
    size_t len2;
    char *buf2 = tu_slurp(again, &len2);
    CU_ASSERT_TRUE(buf2 && len2 == len && memcmp(buf, buf2, len) == 0);
    free(buf2);
    free(buf);
    json_decref(in.expect);
}

/* Names that look like markup are text; a check result is set aside. */
static void test_escaping(void)
{
    char out[512], args[2048];
    snprintf(out, sizeof out, "%s/hostile.html", tu_tmpdir());
    snprintf(args, sizeof args,
             "report -o %s tests/fixtures/report/hostile.bpmn "
             "tests/fixtures/report/hostile-sim.json results/check.json",
             out);
    char *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 0);
    CU_ASSERT_TRUE(tu_contains(err, "results/check.json") && tu_contains(err, "set aside"));
    free(err);
    size_t len;
    char *buf = tu_slurp(out, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    CU_ASSERT_FALSE(tu_contains(buf, "<script"));
    CU_ASSERT_FALSE(tu_contains(buf, "<img"));
    CU_ASSERT_FALSE(tu_contains(buf, "<a href=\"http"));
    CU_ASSERT_FALSE(tu_contains(buf, "<link"));
    CU_ASSERT_FALSE(tu_contains(buf, "<b>bold"));
    CU_ASSERT_TRUE(tu_contains(buf, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CU_ASSERT_TRUE(tu_contains(buf, "&lt;/blockquote&gt;"));
    page p;
    CU_ASSERT_EQUAL_FATAL(read_page(&p, buf, len), 0);
    CU_ASSERT_EQUAL(p.errors, 0);
    int links = 0;
    CU_ASSERT_EQUAL(check_refs(&p, xmlDocGetRootElement(p.doc), &links), 0);
    /* one SLA id twice: two rows, two anchors */
    json_t *expect = json_pack("{s:[s],s:[{s:s,s:[s]}]}", "models",
                               "tests/fixtures/report/hostile.bpmn", "scenarios", "scenario",
                               "simulations/<b>bold</b>.xml", "slas", "a\"b<c");
    CU_ASSERT_EQUAL(check_present(&p, expect), 0);
    CU_ASSERT_TRUE(has_id(&p, "sla-b-.xml-a-b-c") && has_id(&p, "sla-b-.xml-a-b-c-2"));
    /* the deadlock's trace is on the page, by names */
    CU_ASSERT_TRUE(tu_contains(buf, "[deadlock]"));
    CU_ASSERT_TRUE(tu_contains(buf, "trace ("));
    json_decref(expect);
    free_page(&p);
    free(buf);
}

static void test_bad_input(void)
{
    char out[512], args[2048], *err = NULL;
    snprintf(out, sizeof out, "%s/bad.html", tu_tmpdir());
    static const struct {
        const char *file, *says;
    } cases[] = {
        {"README.md", "cannot tell what this is"},
        {"tests/fixtures/report/truncated.json", "not readable as JSON"},
        {"tests/fixtures/report/missing.json", "not readable as JSON"},
        {"simulations/annex-x-burst.csv", "not a table of flowmc size"},
        {"tests/fixtures/check/no-such-model.bpmn", "no-such-model.bpmn"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(args, sizeof args, "report -o %s models/annex-z-problem-management.bpmn %s", out,
                 cases[i].file);
        CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 2);
        if (!tu_contains(err, cases[i].file) || !tu_contains(err, cases[i].says))
            fprintf(stderr, "\n    %s: %s", cases[i].file, err);
        CU_ASSERT_TRUE(tu_contains(err, cases[i].file) && tu_contains(err, cases[i].says));
        free(err);
        struct stat st;
        CU_ASSERT_NOT_EQUAL(stat(out, &st), 0); /* nothing written */
    }
    /* no inputs: usage */
    CU_ASSERT_EQUAL(tu_flowmc("report -o -", NULL, NULL), 2);
    /* an existing file stays unless --force */
    FILE *f = fopen(out, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("mine\n", f);
    fclose(f);
    snprintf(args, sizeof args, "report -o %s models/annex-z-problem-management.bpmn", out);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 2);
    char *kept = tu_slurp(out, NULL);
    CU_ASSERT_STRING_EQUAL(kept, "mine\n");
    free(kept);
    snprintf(args, sizeof args, "report --force -o %s models/annex-z-problem-management.bpmn",
             out);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
    kept = tu_slurp(out, NULL);
    CU_ASSERT_TRUE(kept && !strncmp(kept, "<!DOCTYPE html>", 15));
    free(kept);
    /* standard output */
    char *o = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("report models/annex-z-problem-management.bpmn", &o, NULL), 0);
    CU_ASSERT_TRUE(o && tu_contains(o, "</html>"));
    free(o);
}

/* A sweep: its crossings in words, a chart per SLA, its points. */
static void test_sweep(void)
{
    char out[512], args[1024];
    snprintf(out, sizeof out, "%s/sweep.html", tu_tmpdir());
    snprintf(args, sizeof args, "report -o %s tests/fixtures/report/sweep-answer.json", out);
    CU_ASSERT_EQUAL_FATAL(tu_flowmc(args, NULL, NULL), 0);
    size_t len;
    char *buf = tu_slurp(out, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    page p;
    CU_ASSERT_EQUAL_FATAL(read_page(&p, buf, len), 0);
    CU_ASSERT_EQUAL(p.errors, 0);
    int links = 0;
    CU_ASSERT_EQUAL(check_refs(&p, xmlDocGetRootElement(p.doc), &links), 0);
    CU_ASSERT_TRUE(has_id(&p, "sweep-sweep-answer.json") &&
                   in_contents(p.doc, "sweep-sweep-answer.json"));
    /* the crossing as the sweep says it, and marked on its chart */
    CU_ASSERT_TRUE(tu_contains(buf, "needs at least about an answer probability of 0.402"));
    CU_ASSERT_TRUE(tu_contains(buf, ">about 0.402<"));
    CU_ASSERT_TRUE(tu_contains(buf, "aria-label=\"owner-1h along roster.oncall.answer\"") &&
                   tu_contains(buf, "aria-label=\"change-12h along roster.oncall.answer\""));
    /* every point in the table: 8 rows of 2 verdicts */
    xmlChar *text = xmlNodeGetContent(xmlDocGetRootElement(p.doc));
    CU_ASSERT_TRUE(tu_contains((char *)text, "83.6 % [82.9 %, 84.3 %] missed"));
    xmlFree(text);
    free_page(&p);
    free(buf);
    /* a sweep missing its points is refused */
    char bad[512];
    snprintf(bad, sizeof bad, "%s/bad-sweep.json", tu_tmpdir());
    FILE *f = fopen(bad, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("{\"axes\": [{\"key\": \"k\", \"unit\": \"\", \"values\": [1]}], \"points\": [], "
          "\"slas\": []}\n", f);
    fclose(f);
    char *err = NULL;
    snprintf(args, sizeof args, "report -o - %s", bad);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "not a complete result of flowmc sweep"));
    free(err);
}

/* The page checks themselves catch what they look for. */
static void test_checks_fail(void)
{
    const char *bad = "<!DOCTYPE html><html><head><style>p{background:url(x.png)}</style>"
                      "</head><body><nav id=\"contents\"><a href=\"#here\">in</a></nav>"
                      "<p id=\"here\"><a href=\"#nowhere\">a</a><a href=\"https://x/\">b</a>"
                      "<img src=\"x.png\"><span style=\"background:url('y.png')\">s</span>"
                      "</p><script>1</script></body></html>";
    page p;
    CU_ASSERT_EQUAL_FATAL(read_page(&p, bad, strlen(bad)), 0);
    int links = 0;
    fprintf(stderr, "\n    (expected below: what the checks catch on a bad page)");
    /* nowhere, https, img, src, url('y.png'), the style sheet, script */
    CU_ASSERT_EQUAL(check_refs(&p, xmlDocGetRootElement(p.doc), &links), 7);
    CU_ASSERT_EQUAL(links, 1);
    json_t *expect = json_pack("{s:[s],s:[]}", "models", "models/x.bpmn", "scenarios");
    CU_ASSERT_EQUAL(check_present(&p, expect), 1);
    json_decref(expect);
    free_page(&p);
}

static void test_ids(void)
{
    html_buf *b = html_buf_new();
    CU_ASSERT_STRING_EQUAL(html_new_id(b, "model", "annex x.bpmn"), "model-annex-x.bpmn");
    CU_ASSERT_STRING_EQUAL(html_new_id(b, "model", "annex x.bpmn"), "model-annex-x.bpmn-2");
    CU_ASSERT_STRING_EQUAL(html_new_id(b, "model", "annex<>x.bpmn"), "model-annex-x.bpmn-3");
    CU_ASSERT_STRING_EQUAL(html_new_id(b, "sla", "a\"b<c  "), "sla-a-b-c");
    CU_ASSERT_STRING_EQUAL(html_new_id(b, "glossary", NULL), "glossary");
    CU_ASSERT_TRUE(html_has_id(b, "sla-a-b-c"));
    CU_ASSERT_FALSE(html_has_id(b, "sla-a"));
    html_text(b, "<a href=\"x\">&'");
    CU_ASSERT_STRING_EQUAL(html_data(b, NULL), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    html_buf_free(b);
}

static void test_svgin(void)
{
    xmlsafe_init();
    const char *svg =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
        "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<!-- a comment -->"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
        "<defs><linearGradient id=\"g\"/><path id=\"p\" d=\"M0 0\"/></defs>"
        "<g id=\"graph0\" fill=\"#ff0000\" style=\"fill:url(#g)\" onclick=\"x()\">"
        "<use xlink:href=\"#p\"/><a xlink:href=\"https://example.com/\"><text>t</text></a>"
        "<a href=\"#graph0\"><text>u</text></a>"
        "<image href=\"x.png\"/><script>alert(1)</script></g></svg>";
    html_buf *b = html_buf_new();
    diag_list *d = diag_list_new();
    CU_ASSERT_EQUAL(svgin_append(b, svg, strlen(svg), "m1", "diagram", "a drawing", "t.svg", d),
                    0);
    const char *s = html_data(b, NULL);
    CU_ASSERT_TRUE(!strncmp(s, "<svg", 4));
    CU_ASSERT_TRUE(tu_contains(s, "id=\"m1-g\"") && tu_contains(s, "id=\"m1-graph0\""));
    CU_ASSERT_TRUE(tu_contains(s, "url(#m1-g)") && tu_contains(s, "xlink:href=\"#m1-p\""));
    CU_ASSERT_TRUE(tu_contains(s, "href=\"#m1-graph0\""));
    CU_ASSERT_TRUE(tu_contains(s, "fill=\"#ff0000\""));
    CU_ASSERT_TRUE(tu_contains(s, "class=\"diagram\"") && tu_contains(s, "aria-label=\"a drawing\""));
    CU_ASSERT_FALSE(tu_contains(s, "example.com") || tu_contains(s, "script") ||
                    tu_contains(s, "image") || tu_contains(s, "onclick") ||
                    tu_contains(s, "<!--") || tu_contains(s, "DOCTYPE") || tu_contains(s, "<?xml"));
    /* not SVG: an error naming the drawing */
    CU_ASSERT_EQUAL(svgin_append(b, "<html/>", 7, "m2", NULL, NULL, "t.html", d), -1);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 1);
    CU_ASSERT_STRING_EQUAL(diag_list_at(d, 0)->file, "t.html");
    diag_list_free(d);
    html_buf_free(b);
}

static void pct(char *buf, size_t n, double v, const void *user)
{
    (void)user;
    snprintf(buf, n, "%.0f%%", v * 100);
}

static void test_plot(void)
{
    CU_ASSERT_DOUBLE_EQUAL(plot_nice_step(0, 1, 5), 0.2, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(plot_nice_step(0.99, 1, 5), 0.002, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(plot_nice_step(0, 73, 5), 10, 1e-12);
    const char *rows[] = {"change-12h", "owner & <1h>"};
    plot *p = plot_new(300, 60);
    plot_rows(p, rows, 2);
    plot_x(p, 0.9, 1, "share", pct, NULL);
    plot_xwhisker(p, 0, 0.95, 0.97, PLOT_MET);
    plot_dot(p, 0.96, 0, PLOT_MET, 0, "a <tip>");
    plot_dot(p, 0.5, 1, PLOT_MISSED, 1, NULL); /* off the axis: not drawn */
    plot_tick(p, 0.99, 1, "#222", NULL);
    plot_legend(p, PLOT_MET, 0, "met");
    html_buf *b = html_buf_new();
    plot_write(p, b, "a chart");
    size_t len;
    const char *s = html_data(b, &len);
    /* well-formed XML, the labels as text */
    xmlDocPtr doc = xmlReadMemory(s, (int)len, "chart.svg", NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL(doc);
    xmlFreeDoc(doc);
    CU_ASSERT_TRUE(tu_contains(s, "owner &amp; &lt;1h&gt;") && tu_contains(s, "a &lt;tip&gt;"));
    CU_ASSERT_TRUE(tu_contains(s, ">90%<") && tu_contains(s, ">100%<"));
    CU_ASSERT_FALSE(tu_contains(s, PLOT_MISSED)); /* the dot off the axis */
    plot_free(p);
    html_buf_free(b);
}

/* ---- the browser -------------------------------------------------------- */

static void test_browser(void)
{
    if (!tu_browser_ready("the report's browser test", (const char *[]){"puppeteer-core", NULL}))
        return;
    inputs in;
    make_inputs(&in, "results");
    char exp[512], cmd[2048];
    snprintf(exp, sizeof exp, "%s/expect.json", tu_tmpdir());
    CU_ASSERT_EQUAL_FATAL(json_dump_file(in.expect, exp, 0), 0);
    snprintf(cmd, sizeof cmd,
             "CHROMIUM='%s' node tests/browser/report.mjs results/report.html %s " SHOTS,
             tu_chromium(), exp);
    char *out = NULL, *err = NULL;
    int rc = tu_sh(cmd, &out, &err);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc != 0)
        fprintf(stderr, "\n    report.mjs exited %d: %s", rc, err ? err : "");
    json_t *j = json_loads(out ? out : "", 0, NULL);
    if (!j)
        fprintf(stderr, "\n    report.mjs: %s%s", out ? out : "", err ? err : "");
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    static const char *const lists[] = {"console", "requests", "broken", "outside", "missing"};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        json_t *l = json_object_get(j, lists[i]);
        CU_ASSERT_TRUE(json_is_array(l) && json_array_size(l) == 0);
        size_t k;
        json_t *e;
        json_array_foreach(l, k, e) fprintf(stderr, "\n    %s: %s", lists[i], json_string_value(e));
    }
    const char *shot = json_string_value(json_object_get(j, "screenshot"));
    const char *pdf = json_string_value(json_object_get(j, "pdf"));
    struct stat st;
    CU_ASSERT_TRUE(shot && stat(shot, &st) == 0 && st.st_size > 10000);
    CU_ASSERT_TRUE(pdf && stat(pdf, &st) == 0 && st.st_size > 10000);
    CU_ASSERT_TRUE(json_integer_value(json_object_get(j, "followed")) > 50);
    /* printed on A4 */
    char *info = NULL;
    snprintf(cmd, sizeof cmd, "pdfinfo %s", pdf ? pdf : "/nonexistent");
    if (tu_sh(cmd, &info, NULL) == 0) {
        CU_ASSERT_TRUE(tu_contains(info, "(A4)"));
        const char *pages = strstr(info, "Pages:");
        printf("\n    %lld links followed, %d pages of A4, screenshot %s",
               json_integer_value(json_object_get(j, "followed")),
               pages ? atoi(pages + 6) : 0, shot ? shot : "?");
    }
    free(info);
    json_decref(j);
    json_decref(in.expect);
    free(out);
    free(err);
}

void suite_report(void);
void suite_report(void)
{
    static const CU_TestInfo tests[] = {
        {"the page of make run's results: parsed, linked, complete, same bytes", test_structure},
        {"names that look like markup stay text", test_escaping},
        {"bad inputs: one line naming the file, exit 2, nothing overwritten", test_bad_input},
        {"a sweep: crossings in words and on the charts, every point", test_sweep},
        {"the page checks catch what they look for", test_checks_fail},
        {"fragment ids unique, text escaped", test_ids},
        {"SVG inlined with its ids prefixed and nothing reaching out", test_svgin},
        {"charts are well-formed SVG with nice ticks", test_plot},
        {"results/report.html in headless Chromium", test_browser},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("report", tests);
}
