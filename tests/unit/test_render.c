/*
 * Suite render: the Graphviz pictures (SVG structure, lanes in document
 * order and every node inside its lane, boundary events on their
 * activity's border, left to right and top down, PNG/PDF/DOT magic, same
 * bytes twice), the A4 drawings' readability, findings and simulation
 * overlays drawn on them, the BPMN DI export in both directions
 * (schema-valid, every element drawn, the model unchanged, existing DI
 * kept) and the command line.
 */
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "model/bpmn_read.h"
#include "check/check.h"
#include "model/xmlsafe.h"
#include "render/di.h"
#include "render/graph.h"
#include "render/render.h"
#include "testutil.h"

#define FIX "tests/fixtures/render/"
#define KS FIX "kitchen-sink.bpmn"
#define READER "tests/fixtures/reader/"

/* The shipped models, which are what reviewers read. */
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
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 0);
    diag_list_free(d);
    return m;
}

static char *draw(const model *m, const render_options *o, render_format f, size_t *len)
{
    diag_list *d = diag_list_new();
    char *buf = NULL;
    size_t n = 0;
    int rc = render_draw(m, o, f, &buf, &n, d);
    if (rc != 0)
        diag_list_print(d, stderr);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL(diag_list_count(d), 0); /* graphviz said nothing */
    diag_list_free(d);
    if (len)
        *len = n;
    return buf;
}

/* Evaluates an XPath expression on an SVG document, namespace "s". */
static xmlXPathObjectPtr xpath(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, (const xmlChar *)"s", (const xmlChar *)"http://www.w3.org/2000/svg");
    xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    xmlXPathFreeContext(ctx);
    return r;
}

static int count(xmlDocPtr doc, const char *expr)
{
    xmlXPathObjectPtr r = xpath(doc, expr);
    int n = r && r->nodesetval ? r->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(r);
    return n;
}

static size_t count_code(const diag_list *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < diag_list_count(d); i++)
        n += strcmp(diag_list_at(d, i)->code, code) == 0;
    return n;
}

static xmlDocPtr parse_svg(const char *svg, size_t len)
{
    diag_list *d = diag_list_new();
    xmlDocPtr doc = xmlsafe_read_memory(svg, (int)len, "render.svg", d);
    CU_ASSERT_EQUAL(diag_list_count(d), 0);
    diag_list_free(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    return doc;
}

/* The SVG of m with these options, as text (*svg) and parsed. */
static xmlDocPtr draw_svg(const model *m, const render_options *o, char **svg)
{
    size_t len;
    *svg = draw(m, o, RENDER_SVG, &len);
    return parse_svg(*svg, len);
}

/* One node group per drawn flow node (an expanded sub-process is a
 * cluster), one cluster per lane and per pool, every id the model's. */
static void test_svg_structure(void)
{
    model *m = load(KS);
    char *svg;
    xmlDocPtr doc = draw_svg(m, NULL, &svg);
    size_t nodes = 0, subs = 0;
    char q[256];
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *n = model_node_at(m, (int)i);
        int expanded = n->type == MODEL_SUB_PROCESS && n->nchildren > 0;
        snprintf(q, sizeof q, "//s:g[@id='%s' and starts-with(@class,'%s')]", n->e.id,
                 expanded ? "cluster" : "node");
        CU_ASSERT_EQUAL(count(doc, q), 1);
        nodes += !expanded;
        subs += expanded;
    }
    /* (pool and lane names are nodes of class "node" alone) */
    CU_ASSERT_EQUAL(count(doc, "//s:g[starts-with(@class,'node ')]"), (int)nodes);
    for (size_t i = 0; i < model_lane_count(m); i++) {
        snprintf(q, sizeof q, "//s:g[@id='%s' and @class='cluster']", model_lane_at(m, (int)i)->e.id);
        CU_ASSERT_EQUAL(count(doc, q), 1);
    }
    for (size_t i = 0; i < model_participant_count(m); i++) {
        snprintf(q, sizeof q, "//s:g[@id='%s' and @class='cluster']",
                 model_participant_at(m, (int)i)->e.id);
        CU_ASSERT_EQUAL(count(doc, q), 1);
    }
    /* lanes + pools + sub-processes + the process outside the pool */
    CU_ASSERT_EQUAL(count(doc, "//s:g[@class='cluster']"),
                    (int)(model_lane_count(m) + model_participant_count(m) + subs + 1));
    CU_ASSERT_EQUAL(count(doc, "//s:g[@class='edge sequenceFlow']"), (int)model_flow_count(m));
    CU_ASSERT_EQUAL(count(doc, "//s:g[@class='edge messageFlow']"), (int)model_msgflow_count(m));
    /* names are drawn: lanes, a task, an edge label; the BPMN marks */
    CU_ASSERT_TRUE(tu_contains(svg, ">Front desk<"));
    /* a pool's name at its left, turned a quarter (a rotated group) */
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='poolname_Part_Office' and "
                               "starts-with(@transform,'rotate(-90 ')]/s:text[.='Office &amp; "
                               "back office' or .='Office & back office']"),
                    1);
    CU_ASSERT_TRUE(tu_contains(svg, ">Register the<"));
    CU_ASSERT_TRUE(tu_contains(svg, ">complex<"));
    CU_ASSERT_TRUE(tu_contains(svg, "\u25F7")); /* timer */
    CU_ASSERT_TRUE(tu_contains(svg, "\u2715")); /* exclusive gateway */
    CU_ASSERT_TRUE(tu_contains(svg, "\u2B20")); /* event-based gateway */
    xmlFreeDoc(doc);
    free(svg);
    model_free(m);
}

static int box_inside(render_box in, render_box out, double slack)
{
    return in.x >= out.x - slack && in.y >= out.y - slack &&
           in.x + in.w <= out.x + out.w + slack && in.y + in.h <= out.y + out.h + slack;
}

/* Geometry of the layout: lanes in document order (stacked top down, or
 * side by side left to right when the flow runs down) and tiling their
 * pool, each node inside its lane, sub-process children inside the
 * sub-process, boundary events centred on their activity's border. */
static void check_geometry(const char *path, render_direction dir)
{
    model *m = load(path);
    diag_list *d = diag_list_new();
    render_graph *g = render_graph_new(m, NULL, 1, NULL, 1, dir, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL_FATAL(render_graph_layout(g, d), 0);
    for (size_t p = 0; p < model_process_count(m); p++) {
        const model_process *pr = model_process_at(m, (int)p);
        double prev_end = -INFINITY;
        for (int k = 0; k < pr->nlanes; k++) {
            render_box b;
            CU_ASSERT_EQUAL_FATAL(render_graph_lane_box(g, pr->lanes[k], &b), 0);
            double start = dir == RENDER_TB ? b.x : b.y;
            CU_ASSERT_TRUE(start >= prev_end - 0.01); /* after the previous lane */
            if (k > 0)
                CU_ASSERT_DOUBLE_EQUAL(start, prev_end, 0.01); /* and touching it */
            prev_end = start + (dir == RENDER_TB ? b.w : b.h);
        }
    }
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *n = model_node_at(m, (int)i);
        render_box nb, lb, ab;
        CU_ASSERT_EQUAL_FATAL(render_graph_node_box(g, (int)i, &nb), 0);
        if (n->type == MODEL_BOUNDARY_EVENT) {
            CU_ASSERT_EQUAL_FATAL(render_graph_node_box(g, n->attached_to, &ab), 0);
            double cx = nb.x + nb.w / 2, cy = nb.y + nb.h / 2;
            double dx = fmin(fabs(cx - ab.x), fabs(cx - ab.x - ab.w));
            double dy = fmin(fabs(cy - ab.y), fabs(cy - ab.y - ab.h));
            int on_border = (dx < 1.5 && cy >= ab.y - 1 && cy <= ab.y + ab.h + 1) ||
                            (dy < 1.5 && cx >= ab.x - 1 && cx <= ab.x + ab.w + 1);
            if (!on_border)
                fprintf(stderr, "\n%s: boundary %s at %.1f,%.1f, activity %.1f,%.1f %.1fx%.1f\n",
                        path, n->e.id, cx, cy, ab.x, ab.y, ab.w, ab.h);
            CU_ASSERT_TRUE(on_border);
            continue;
        }
        if (n->parent >= 0) {
            CU_ASSERT_EQUAL_FATAL(render_graph_node_box(g, n->parent, &ab), 0);
            CU_ASSERT_TRUE(box_inside(nb, ab, 0.5));
        } else if (n->lane >= 0) {
            CU_ASSERT_EQUAL_FATAL(render_graph_lane_box(g, n->lane, &lb), 0);
            int ok = box_inside(nb, lb, 0.5);
            if (!ok)
                fprintf(stderr, "\n%s: %s (%.1f,%.1f %.1fx%.1f) outside lane %s\n", path, n->e.id,
                        nb.x, nb.y, nb.w, nb.h, model_lane_at(m, n->lane)->e.id);
            CU_ASSERT_TRUE(ok);
        }
    }
    render_graph_free(g);
    diag_list_free(d);
    model_free(m);
}

static void test_geometry(void)
{
    for (int dir = RENDER_LR; dir <= RENDER_TB; dir++) {
        check_geometry(KS, (render_direction)dir);
        check_geometry(READER "lanes-and-defaults.bpmn", (render_direction)dir);
        check_geometry(READER "collaboration-subprocess-boundary.bpmn", (render_direction)dir);
    }
}

static void test_geometry_annexes(void)
{
    for (size_t k = 0; k < NANNEXES; k++)
        for (int dir = RENDER_LR; dir <= RENDER_TB; dir++)
            check_geometry(annexes[k], (render_direction)dir);
}

/* What the text of an SVG drawing measures once printed: its width
 * (points, as drawn), its natural width (before Graphviz scaled it to
 * "size"), and its smallest font scaled to A4's printable width when
 * wider. */
typedef struct print_size {
    double width, natural, smallest, at_a4;
} print_size;

static print_size measure_svg(const char *svg)
{
    print_size p = {0, 0, INFINITY, 0};
    const char *w = strstr(svg, "<svg width=\""), *sc = strstr(svg, "transform=\"scale(");
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    p.width = atof(w + strlen("<svg width=\""));
    double scale = atof(sc + strlen("transform=\"scale("));
    p.natural = p.width / scale;
    for (const char *f = svg; (f = strstr(f, "font-size=\"")); f++)
        p.smallest = fmin(p.smallest, atof(f + strlen("font-size=\"")));
    p.at_a4 = p.smallest * scale * fmin(1, RENDER_A4_WIDTH_PT / p.width);
    return p;
}

/* The left edge of each lane's box in an SVG drawing, in document order. */
static void check_lane_columns(xmlDocPtr doc, const model *m, const char *path)
{
    for (size_t p = 0; p < model_process_count(m); p++) {
        const model_process *pr = model_process_at(m, (int)p);
        double prev = -INFINITY;
        for (int k = 0; k < pr->nlanes; k++) {
            char q[256];
            snprintf(q, sizeof q, "//s:g[@id='%s' and @class='cluster']/s:polygon/@points",
                     model_lane_at(m, pr->lanes[k])->e.id);
            xmlXPathObjectPtr r = xpath(doc, q);
            CU_ASSERT_FATAL(r && r->nodesetval && r->nodesetval->nodeNr == 1);
            xmlChar *pts = xmlNodeGetContent(r->nodesetval->nodeTab[0]);
            double left = INFINITY;
            for (const char *s = (const char *)pts; s && *s;) {
                left = fmin(left, atof(s));
                s = strchr(s, ' ');
                s = s ? s + 1 : NULL;
            }
            if (!(left > prev))
                fprintf(stderr, "\n%s: lane %d starts at %.1f, left of the previous\n", path, k,
                        left);
            CU_ASSERT_TRUE(left > prev);
            prev = left;
            xmlFree(pts);
            xmlXPathFreeObject(r);
        }
    }
}

/* The value of the first node an XPath expression selects, or NULL;
 * xmlFree it. */
static xmlChar *xpath_value(xmlDocPtr doc, const char *expr)
{
    xmlXPathObjectPtr r = xpath(doc, expr);
    xmlChar *v = r && r->nodesetval && r->nodesetval->nodeNr > 0
                     ? xmlNodeGetContent(r->nodesetval->nodeTab[0])
                     : NULL;
    xmlXPathFreeObject(r);
    return v;
}

/* Document order of lanes[0..n) and their nested lanes, after *next:
 * tag[lane] = 1, 2, ... (L1, L2, ...); a lane named like one numbered
 * before it (the same role elsewhere) takes that one's tag. */
static void number_lanes(const model *m, const int *lanes, int n, int *next, int *tag)
{
    for (int k = 0; k < n; k++) {
        const model_lane *l = model_lane_at(m, lanes[k]);
        int same = 0;
        for (size_t j = 0; j < model_lane_count(m) && !same && l->e.name; j++) {
            const model_lane *o = model_lane_at(m, (int)j);
            if (tag[j] > 0 && o->e.name && strcmp(o->e.name, l->e.name) == 0)
                same = tag[j];
        }
        tag[lanes[k]] = same ? same : ++*next;
        number_lanes(m, l->children, l->nchildren, next, tag);
    }
}

/* The lane a node is tagged with: its own, else its activity's (a boundary
 * event) or its sub-process's; -1 for none. */
static int lane_of(const model *m, int i)
{
    while (i >= 0) {
        const model_node *n = model_node_at(m, i);
        if (n->lane >= 0)
            return n->lane;
        i = n->type == MODEL_BOUNDARY_EVENT && n->attached_to >= 0 ? n->attached_to : n->parent;
    }
    return -1;
}

/* Lanes as tags: no lane is a cluster; the legend (the graph's own label,
 * not a node's) lists L1, L2, ... in document order, each on its colour
 * and followed by its lane's name; every element in a lane -- tasks,
 * events, gateways, boundary events, sub-process contents -- is filled
 * with that colour, a task shows its tag first and a named event,
 * gateway or expanded sub-process has its name prefixed with it. */
static void check_lane_tags(xmlDocPtr doc, const model *m, const char *path)
{
    size_t nl = model_lane_count(m);
    int *tag = calloc(nl + 1, sizeof *tag), next = 0;
    char **fill = calloc(nl + 1, sizeof *fill);
    for (size_t p = 0; p < model_process_count(m); p++) {
        const model_process *pr = model_process_at(m, (int)p);
        number_lanes(m, pr->lanes, pr->nlanes, &next, tag);
    }
    CU_ASSERT_TRUE(next <= (int)nl);
    for (size_t l = 0; l < nl; l++) {
        const model_lane *ln = model_lane_at(m, (int)l);
        char q[512];
        snprintf(q, sizeof q, "//s:g[@id='%s' and @class='cluster']", ln->e.id);
        CU_ASSERT_EQUAL(count(doc, q), 0);
        /* the legend row: its colour, its tag, then the name */
        snprintf(q, sizeof q, "/s:svg/s:g[@class='graph']/s:text[.='L%d']", tag[l]);
        CU_ASSERT_EQUAL(count(doc, q), 1);
        snprintf(q, sizeof q,
                 "/s:svg/s:g[@class='graph']/s:text[.='L%d']/preceding-sibling::s:polygon[1]/@fill",
                 tag[l]);
        fill[l] = (char *)xpath_value(doc, q);
        CU_ASSERT_PTR_NOT_NULL(fill[l]);
        snprintf(q, sizeof q,
                 "/s:svg/s:g[@class='graph']/s:text[.='L%d']/following-sibling::s:text[1]", tag[l]);
        xmlChar *name = xpath_value(doc, q);
        const char *want = ln->e.name ? ln->e.name : ln->e.id;
        CU_ASSERT_TRUE(name && strstr((const char *)name, want));
        xmlFree(name);
    }
    for (int t = 2; t <= next; t++) { /* in document order */
        char q[256];
        snprintf(q, sizeof q,
                 "/s:svg/s:g[@class='graph']/s:text[.='L%d']/preceding-sibling::s:text[.='L%d']",
                 t, t - 1);
        CU_ASSERT_EQUAL(count(doc, q), 1);
    }
    /* all the node labels, for the names of events and gateways */
    xmlXPathObjectPtr texts = xpath(doc, "//s:g[contains(concat(' ', @class, ' '), ' node ')]//s:text");
    CU_ASSERT_FATAL(texts && texts->nodesetval);
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *n = model_node_at(m, (int)i);
        int lane = lane_of(m, (int)i);
        if (lane < 0)
            continue;
        int box = n->type == MODEL_SUB_PROCESS && n->nchildren > 0; /* a titled box */
        char q[512];
        snprintf(q, sizeof q,
                 "//s:g[@id='%s']/*[(self::s:ellipse or self::s:polygon or self::s:path) and "
                 "@fill!='none' and @fill!='transparent'][1]/@fill", n->e.id);
        xmlChar *f = box ? NULL : xpath_value(doc, q);
        if (!box && (!f || !fill[lane] || strcmp((const char *)f, fill[lane]) != 0))
            fprintf(stderr, "\n%s: %s is filled %s, not its lane's %s\n", path, n->e.id,
                    f ? (const char *)f : "(nothing)", fill[lane] ? fill[lane] : "?");
        CU_ASSERT_TRUE(box || (f && fill[lane] && strcmp((const char *)f, fill[lane]) == 0));
        xmlFree(f);
        char want[16];
        snprintf(want, sizeof want, "L%d", tag[lane]);
        if (model_type_is_task(n->type) && !box) {
            snprintf(q, sizeof q, "(//s:g[@id='%s']//s:text)[1]", n->e.id);
            xmlChar *t = xpath_value(doc, q);
            if (!t || strcmp((const char *)t, want) != 0)
                fprintf(stderr, "\n%s: task %s begins '%s', not its lane's tag %s\n", path,
                        n->e.id, t ? (const char *)t : "", want);
            CU_ASSERT_TRUE(t && strcmp((const char *)t, want) == 0);
            xmlFree(t);
        } else if (n->e.name &&
                   (box || model_type_is_event(n->type) || model_type_is_gateway(n->type))) {
            /* its name's first line: "L2: complaint" for "complaint
             * received", or "L2:" alone when the first word is long */
            strcat(want, ":");
            size_t w = strlen(want);
            int found = 0;
            for (int k = 0; k < texts->nodesetval->nodeNr && !found; k++) {
                xmlChar *t = xmlNodeGetContent(texts->nodesetval->nodeTab[k]);
                const char *s = (const char *)t;
                found = s && strncmp(s, want, w) == 0 &&
                        (!s[w] || (s[w] == ' ' && s[w + 1] &&
                                   strncmp(n->e.name, s + w + 1, strlen(s + w + 1)) == 0));
                xmlFree(t);
            }
            if (!found)
                fprintf(stderr, "\n%s: %s's name is not shown as '%s%s'\n", path, n->e.id, want,
                        n->e.name);
            CU_ASSERT_TRUE(found);
        }
    }
    xmlXPathFreeObject(texts);
    for (size_t l = 0; l < nl; l++)
        xmlFree(fill[l]);
    free(fill);
    free(tag);
}

/* No box drawn over the graph's own label (the legends): every cluster
 * comes after it in the SVG, so a filled one on it would hide it. */
static void check_legend_clear(xmlDocPtr doc, const char *path)
{
    xmlXPathObjectPtr lab = xpath(doc, "/s:svg/s:g[@class='graph']/s:text");
    xmlXPathObjectPtr boxes = xpath(doc, "//s:g[@class='cluster']/s:polygon[@fill!='none']/@points");
    CU_ASSERT_FATAL(lab && lab->nodesetval && lab->nodesetval->nodeNr > 0);
    for (int b = 0; boxes && boxes->nodesetval && b < boxes->nodesetval->nodeNr; b++) {
        xmlChar *pts = xmlNodeGetContent(boxes->nodesetval->nodeTab[b]);
        double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
        for (const char *q = (const char *)pts; q && *q;) {
            double x = atof(q), y = atof(strchr(q, ',') + 1);
            x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
            q = strchr(q, ' ');
            q = q ? q + 1 : NULL;
        }
        for (int t = 0; t < lab->nodesetval->nodeNr; t++) {
            xmlNodePtr tx = lab->nodesetval->nodeTab[t];
            xmlChar *sx = xmlGetProp(tx, (const xmlChar *)"x"), *sy = xmlGetProp(tx, (const xmlChar *)"y");
            double x = sx ? atof((const char *)sx) : NAN, y = sy ? atof((const char *)sy) : NAN;
            int inside = x > x0 && x < x1 && y > y0 && y < y1;
            if (inside)
                fprintf(stderr, "\n%s: a box covers the legend at (%.0f, %.0f)\n", path, x, y);
            CU_ASSERT_FALSE(inside);
            xmlFree(sx);
            xmlFree(sy);
        }
        xmlFree(pts);
    }
    xmlXPathFreeObject(lab);
    xmlXPathFreeObject(boxes);
}

/* Lanes as tags on the kitchen sink, both ways: nested lanes, a second
 * pool, sub-process contents and a boundary event listed in no lane
 * (tagged through their sub-process and activity); the legend in sight. */
static void test_lane_tags(void)
{
    model *m = load(KS);
    for (int dir = RENDER_LR; dir <= RENDER_TB; dir++) {
        render_options o;
        render_options_init(&o);
        o.direction = (render_direction)dir;
        o.lane_tags = 1;
        char *svg = NULL;
        xmlDocPtr doc = draw_svg(m, &o, &svg);
        check_lane_tags(doc, m, KS);
        check_legend_clear(doc, KS);
        xmlFreeDoc(doc);
        free(svg);
    }
    /* a process without lanes drawn alone: no legend of lanes */
    render_options o;
    render_options_init(&o);
    o.lane_tags = 1;
    o.process = model_find_process(m, "Proc_Expert");
    CU_ASSERT_TRUE_FATAL(o.process >= 0);
    char *svg = draw(m, &o, RENDER_SVG, NULL);
    CU_ASSERT_FALSE(tu_contains(svg, ">lanes<"));
    free(svg);
    model_free(m);
}

/* The A4 pages of m with options o (SVG, one a page; warnings into d):
 * each exactly A4, its slice of the drawing no wider than the printable
 * width. */
static void a4_pages(const model *m, const render_options *o, diag_list *d)
{
    render_options p = *o;
    p.page = RENDER_PAPER_A4;
    render_pages pages = {0};
    CU_ASSERT_EQUAL_FATAL(render_draw_pages(m, &p, RENDER_SVG, &pages, d), 0);
    CU_ASSERT_TRUE(pages.n >= 1);
    for (size_t k = 0; k < pages.n; k++) {
        xmlDocPtr doc = parse_svg(pages.buf[k], pages.len[k]);
        CU_ASSERT_EQUAL(count(doc, "/s:svg[@width='595pt' and @height='842pt']"), 1);
        xmlChar *w = xpath_value(doc, "/s:svg/s:svg/@width");
        CU_ASSERT_TRUE(w && atof((const char *)w) <= RENDER_A4_WIDTH_PT + 0.5);
        xmlFree(w);
        xmlFreeDoc(doc);
    }
    render_pages_release(&pages);
}

/* Drawn for A4 with lanes as columns, each model flows down with its lanes
 * in document order, is narrower than left to right, and either prints
 * its smallest text at 6 points or more at 7.5 inches wide, or says it
 * does not: never an unreadable page without a word.  With lanes as tags
 * (--page a4's default) every annex model reads at 6 points or more. */
static void test_a4(void)
{
    for (size_t k = 0; k < NANNEXES; k++) {
        model *m = load(annexes[k]);
        render_options o;
        render_options_init(&o);
        char *lr = draw(m, &o, RENDER_SVG, NULL);
        print_size wide = measure_svg(lr);
        free(lr);
        o.direction = RENDER_TB;
        diag_list *d = diag_list_new();
        char *svg = NULL;
        size_t len = 0;
        /* measured at natural size; the pages (A4 SVGs) say whether it
         * reads, and are never wider than the printable width */
        CU_ASSERT_EQUAL_FATAL(render_draw(m, &o, RENDER_SVG, &svg, &len, d), 0);
        print_size a4 = measure_svg(svg);
        a4_pages(m, &o, d);
        if (!(a4.natural < wide.natural && a4.at_a4 > wide.at_a4))
            fprintf(stderr, "\n%s: left to right %.1f in wide, %.2f pt at A4; top down %.1f in, "
                            "%.2f pt\n",
                    annexes[k], wide.natural / 72, wide.at_a4, a4.natural / 72, a4.at_a4);
        CU_ASSERT_DOUBLE_EQUAL(a4.smallest, render_smallest_pt(RENDER_TB), 1e-9);
        CU_ASSERT_TRUE(a4.natural < wide.natural);
        CU_ASSERT_TRUE(a4.at_a4 > wide.at_a4);
        int readable = a4.at_a4 >= RENDER_READABLE_PT - 1e-9;
        CU_ASSERT_EQUAL(count_code(d, "render-small"), !readable);
        CU_ASSERT_EQUAL(diag_list_count(d), (size_t)!readable);
        /* Annex Z, four lanes, fits; see docs/render.md for the others */
        if (strstr(annexes[k], "annex-z"))
            CU_ASSERT_TRUE(readable);
        xmlDocPtr doc = parse_svg(svg, len);
        check_lane_columns(doc, m, annexes[k]);
        xmlFreeDoc(doc);
        free(svg);
        diag_list_free(d);

        o.lane_tags = 1;
        d = diag_list_new();
        CU_ASSERT_EQUAL_FATAL(render_draw(m, &o, RENDER_SVG, &svg, &len, d), 0);
        print_size tags = measure_svg(svg);
        a4_pages(m, &o, d);
        printf("\n    %-48s lr %5.1f in, %.2f pt; tb lanes %5.1f in, %.2f pt; tb tags %5.1f in, "
               "%.2f pt at A4",
               annexes[k], wide.natural / 72, wide.at_a4, a4.natural / 72, a4.at_a4,
               tags.natural / 72, tags.at_a4);
        CU_ASSERT_TRUE(tags.at_a4 >= RENDER_READABLE_PT);
        CU_ASSERT_EQUAL(diag_list_count(d), 0);
        doc = parse_svg(svg, len);
        check_lane_tags(doc, m, annexes[k]);
        check_legend_clear(doc, annexes[k]);
        xmlFreeDoc(doc);
        free(svg);
        diag_list_free(d);
        model_free(m);
    }
}

static void test_formats(void)
{
    model *m = load(READER "collaboration-subprocess-boundary.bpmn");
    size_t n;
    char *png = draw(m, NULL, RENDER_PNG, &n);
    CU_ASSERT_TRUE(n > 8 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
    char *pdf = draw(m, NULL, RENDER_PDF, &n);
    CU_ASSERT_TRUE(n > 5 && memcmp(pdf, "%PDF-", 5) == 0);
    char *dot = draw(m, NULL, RENDER_DOT, &n);
    CU_ASSERT_TRUE(strncmp(dot, "digraph", 7) == 0);
    CU_ASSERT_TRUE(tu_contains(dot, "pos=")); /* laid out: neato -n2 redraws it */
    char *svg = draw(m, NULL, RENDER_SVG, &n);
    CU_ASSERT_TRUE(tu_contains(svg, "<svg"));
    free(png);
    free(pdf);
    free(dot);
    free(svg);
    CU_ASSERT_EQUAL(render_format_of_path("a/b.SVG"), RENDER_SVG);
    CU_ASSERT_EQUAL(render_format_of_path("x.gv"), RENDER_DOT);
    CU_ASSERT_EQUAL(render_format_of_path("x.bpmn"), RENDER_BPMN);
    CU_ASSERT_EQUAL(render_format_of_path("x.jpeg"), -1);
    CU_ASSERT_EQUAL(render_format_of_path("dir.svg/x"), -1);
    model_free(m);
}

/* Same model, same bytes, for every format. */
static void test_deterministic(void)
{
    model *m = load(KS);
    for (int f = RENDER_SVG; f <= RENDER_DOT; f++) {
        size_t n1, n2;
        char *a = draw(m, NULL, (render_format)f, &n1);
        char *b = draw(m, NULL, (render_format)f, &n2);
        if (n1 != n2 || memcmp(a, b, n1) != 0)
            fprintf(stderr, "\n%s differs: %zu vs %zu bytes\n", render_format_names[f], n1, n2);
        CU_ASSERT_EQUAL(n1, n2);
        CU_ASSERT_TRUE(n1 == n2 && memcmp(a, b, n1) == 0);
        free(a);
        free(b);
    }
    diag_list *d = diag_list_new();
    char *a = NULL, *b = NULL;
    size_t n1 = 0, n2 = 0;
    CU_ASSERT_EQUAL(di_export(m, KS, 0, RENDER_LR, &a, &n1, d), 0);
    CU_ASSERT_EQUAL(di_export(m, KS, 0, RENDER_LR, &b, &n2, d), 0);
    CU_ASSERT_TRUE(n1 == n2 && memcmp(a, b, n1) == 0);
    free(a);
    free(b);
    diag_list_free(d);
    model_free(m);
}

/* Red errors, orange warnings, numbered trace steps, a legend. */
static void test_findings(void)
{
    model *m = load(KS);
    diag_list *f = diag_list_new();
    diag *dl = diag_add(f, DIAG_ERROR, "deadlock", KS, 0, "Join", NULL,
                        "the parallel join waits for a branch that never comes");
    /* Start -> Register -> Kind -> Split: flows join each pair; then
     * Check_B, which does not follow Check_A: numbered on the node */
    const char *steps[] = {"Start", "Register", "Kind", "Split", "Check_A", "Check_B"};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++)
        diag_add_step(dl, steps[k], NULL);
    diag_add(f, DIAG_WARNING, "dead-activity", KS, 0, "Review_Score", NULL, "never runs");
    diag_add(f, DIAG_WARNING, "lane-empty", KS, 0, "Lane_Expert", NULL, "a lane warning");
    diag_add(f, DIAG_NOTE, "note", KS, 0, "Notify", NULL, "notes are not drawn");
    render_options o;
    render_options_init(&o);
    o.findings = f;
    char *svg;
    xmlDocPtr doc = draw_svg(m, &o, &svg);
    /* red3 is #cd0000, darkorange2 #ee7600 */
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Join']/s:polygon[@stroke='#cd0000']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Review_Score']/*[@stroke='#ee7600']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Lane_Expert']/*[@stroke='#ee7600']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Notify']//*[@stroke='#cd0000' or @stroke='#ee7600']"), 0);
    /* steps 2..4 on the flows taken, 1 and 5, 6 on nodes */
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='F1']//s:text[.='[2]']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='F2']//s:text[.='[3]']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='F_complex']//s:text[.='[4]']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='F3']//s:text[.='[5]']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Start']//s:text[.='[1]']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Check_B']//s:text[.='[6]']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='F1']/s:path[@stroke='#cd0000']"), 1);
    /* the legend */
    CU_ASSERT_TRUE(tu_contains(svg, ">Findings<"));
    CU_ASSERT_TRUE(tu_contains(svg, "1 error, 2 warnings"));
    CU_ASSERT_TRUE(tu_contains(svg, "the parallel join waits for a branch that never comes"));
    CU_ASSERT_FALSE(tu_contains(svg, "notes are not drawn"));
    xmlFreeDoc(doc);
    free(svg);

    /* no findings: the legend says so */
    diag_list *none = diag_list_new();
    o.findings = none;
    svg = draw(m, &o, RENDER_SVG, NULL);
    CU_ASSERT_TRUE(tu_contains(svg, ">Findings<"));
    CU_ASSERT_TRUE(tu_contains(svg, ">: none<"));
    free(svg);
    diag_list_free(none);
    diag_list_free(f);
    model_free(m);
}

/* Two traces: their steps are told apart by a letter. */
static void test_findings_two_traces(void)
{
    model *m = load(KS);
    diag_list *f = diag_list_new();
    diag *a = diag_add(f, DIAG_ERROR, "deadlock", KS, 0, "Join", NULL, "one");
    diag_add_step(a, "Start", NULL);
    diag_add_step(a, "Register", NULL);
    diag *b = diag_add(f, DIAG_WARNING, "livelock", KS, 0, "Kind", NULL, "two");
    diag_add_step(b, "Start", NULL);
    diag_add_step(b, "Register", NULL);
    render_options o;
    render_options_init(&o);
    o.findings = f;
    size_t len;
    char *svg = draw(m, &o, RENDER_SVG, &len);
    CU_ASSERT_TRUE(tu_contains(svg, "[A1] [B1]"));
    CU_ASSERT_TRUE(tu_contains(svg, "[A2] [B2]"));
    free(svg);
    diag_list_free(f);
    model_free(m);
}

static void test_overlay(void)
{
    model *m = load(KS);
    diag_list *d = diag_list_new();
    render_overlay *ov = render_overlay_read(FIX "kitchen-sink-sim.json", m, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ov);
    CU_ASSERT_EQUAL(diag_list_count(d), 0);
    const render_task_figures *t = render_overlay_task(ov, model_find_node(m, "Review_Score"));
    CU_ASSERT_TRUE(t->present);
    CU_ASSERT_DOUBLE_EQUAL(t->wait_mean, 3000, 1e-9); /* {"mean": ...} is read too */
    CU_ASSERT_DOUBLE_EQUAL(t->util, 0.93, 1e-9);
    CU_ASSERT_STRING_EQUAL(t->role, "back");
    CU_ASSERT_FALSE(render_overlay_task(ov, model_find_node(m, "Kind"))->present);
    CU_ASSERT_TRUE(isnan(render_overlay_task(ov, model_find_node(m, "Review_Ask"))->util));

    render_options o;
    render_options_init(&o);
    o.overlay = ov;
    char *svg;
    xmlDocPtr doc = draw_svg(m, &o, &svg);
    /* by utilisation: back office (93%) is #fd8d3c, desk (42%) #ffffcc */
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Check_A']/s:path[@fill='#fd8d3c']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Register']/s:path[@fill='#ffffcc']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Register']//s:text[contains(.,'wait 7.0 min')]"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Register']//s:text[contains(.,'100% of cases')]"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Review_Read']//s:text[contains(.,'wait 2.0 d')]"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Escalate']//s:text[contains(.,'util 71%')]"), 1);
    CU_ASSERT_TRUE(tu_contains(svg, "utilisation of the task&#39;s role") ||
                   tu_contains(svg, "utilisation of the task's role"));
    xmlFreeDoc(doc);
    free(svg);

    /* by wait: the longest wait is the hottest colour */
    o.overlay_by = RENDER_BY_WAIT;
    doc = draw_svg(m, &o, &svg);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Review_Read']/s:path[@fill='#fc4e2a']"), 1);
    CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Notify']/s:path[@fill='#ffffcc']"), 1);
    CU_ASSERT_TRUE(tu_contains(svg, "mean wait before the task"));
    xmlFreeDoc(doc);
    free(svg);
    render_overlay_free(ov);
    diag_list_free(d);
    model_free(m);
}

/* Missing fields and unknown ids are warnings, never failures. */
static void test_overlay_partial(void)
{
    model *m = load(KS);
    diag_list *d = diag_list_new();
    render_overlay *ov = render_overlay_read(FIX "kitchen-sink-sim-partial.json", m, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ov);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 0);
    CU_ASSERT_EQUAL(count_code(d, "overlay"), diag_list_count(d));
    int unknown = 0, no_id = 0, no_p95 = 0;
    for (size_t i = 0; i < diag_list_count(d); i++) {
        const char *msg = diag_list_at(d, i)->message;
        unknown += tu_contains(msg, "No_Such_Task") && tu_contains(msg, "not in");
        no_id += tu_contains(msg, "has no \"id\"");
        no_p95 += tu_contains(msg, "2 tasks of the simulation result lack \"wait_p95\"");
    }
    CU_ASSERT_EQUAL(unknown, 1);
    CU_ASSERT_EQUAL(no_id, 1);
    CU_ASSERT_EQUAL(no_p95, 1);
    const render_task_figures *t = render_overlay_task(ov, model_find_node(m, "Check_A"));
    CU_ASSERT_TRUE(t->present);
    CU_ASSERT_DOUBLE_EQUAL(t->share, 0.5, 1e-12);
    CU_ASSERT_TRUE(isnan(t->wait_mean));
    render_options o;
    render_options_init(&o);
    o.overlay = ov;
    size_t len;
    char *svg = draw(m, &o, RENDER_SVG, &len);
    CU_ASSERT_TRUE(tu_contains(svg, "wait n/a"));
    free(svg);
    render_overlay_free(ov);
    diag_list_free(d);

    d = diag_list_new();
    CU_ASSERT_PTR_NULL(render_overlay_read(FIX "no-such-file.json", m, d));
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 1);
    diag_list_free(d);
    d = diag_list_new();
    CU_ASSERT_PTR_NULL(render_overlay_read(KS, m, d)); /* not JSON */
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 1);
    diag_list_free(d);
    model_free(m);
}

static void test_duration(void)
{
    char b[32];
    render_duration(b, sizeof b, 45);
    CU_ASSERT_STRING_EQUAL(b, "45 s");
    render_duration(b, sizeof b, 720);
    CU_ASSERT_STRING_EQUAL(b, "12 min");
    render_duration(b, sizeof b, 420);
    CU_ASSERT_STRING_EQUAL(b, "7.0 min");
    render_duration(b, sizeof b, 3.4 * 3600);
    CU_ASSERT_STRING_EQUAL(b, "3.4 h");
    render_duration(b, sizeof b, 2.1 * 86400);
    CU_ASSERT_STRING_EQUAL(b, "2.1 d");
    render_duration(b, sizeof b, NAN);
    CU_ASSERT_STRING_EQUAL(b, "n/a");
}

/* ---- DI ------------------------------------------------------------- */

/* (not inlined: gcc's dangling-pointer check mistakes the result for the
 * address of the local it was returned through) */
static char *export(const model *m, const char *path, int relayout, render_direction dir,
                    size_t *len, diag_list *d) __attribute__((noinline));
static char *export(const model *m, const char *path, int relayout, render_direction dir,
                    size_t *len, diag_list *d)
{
    char *buf = NULL;
    CU_ASSERT_EQUAL_FATAL(di_export(m, path, relayout, dir, &buf, len, d), 0);
    return buf;
}

static int schema_errors(const char *buf, size_t len)
{
    const char *xsd = TU_BPMN_XSD;
    diag_list *d = diag_list_new();
    xmlSchemaPtr s = xmlsafe_schema_load(xsd, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    xmlDocPtr doc = xmlsafe_read_memory(buf, (int)len, "di.bpmn", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    int n = xmlsafe_validate(s, doc, "di.bpmn", d);
    if (n)
        diag_list_print(d, stderr);
    xmlFreeDoc(doc);
    xmlSchemaFree(s);
    diag_list_free(d);
    return n;
}

/* `flowmc info --format json` of a file, without its "file" key. */
static json_t *info(const char *path)
{
    char args[512], *out = NULL;
    snprintf(args, sizeof args, "info --format json '%s'", path);
    CU_ASSERT_EQUAL(tu_flowmc(args, &out, NULL), 0);
    json_t *j = json_loads(out ? out : "", 0, NULL);
    free(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    json_t *files = json_object_get(j, "files");
    for (size_t k = 0; k < json_array_size(files); k++) {
        json_t *f = json_array_get(files, k), *ds = json_object_get(f, "diagnostics");
        json_object_del(f, "file");
        /* incoming/outgoing lines written by the export move the
         * lines after them: the same finding, further down */
        for (size_t i = 0; i < json_array_size(ds); i++) {
            json_object_del(json_array_get(ds, i), "file");
            json_object_del(json_array_get(ds, i), "line");
        }
    }
    return j;
}

static void check_di(const char *path, render_direction dir)
{
    model *m = load(path);
    diag_list *d = diag_list_new();
    size_t len;
    char *buf = export(m, path, 1, dir, &len, d);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 0);
    CU_ASSERT_EQUAL(schema_errors(buf, len), 0);
    /* pools and lanes lie across the flow */
    int lanes = model_lane_count(m) + model_participant_count(m) > 0;
    CU_ASSERT_EQUAL(tu_contains(buf, "isHorizontal=\"true\""), lanes && dir == RENDER_LR);
    CU_ASSERT_EQUAL(tu_contains(buf, "isHorizontal=\"false\""), lanes && dir == RENDER_TB);

    /* a shape for every flow node, lane and pool, an edge for every flow */
    xmlDocPtr doc = xmlsafe_read_memory(buf, (int)len, "di.bpmn", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    char q[256];
    for (size_t i = 0; i < model_node_count(m); i++) {
        snprintf(q, sizeof q, "//*[local-name()='BPMNShape' and @bpmnElement='%s']",
                 model_node_at(m, (int)i)->e.id);
        CU_ASSERT_EQUAL(count(doc, q), 1);
    }
    for (size_t i = 0; i < model_lane_count(m); i++) {
        snprintf(q, sizeof q, "//*[local-name()='BPMNShape' and @bpmnElement='%s']",
                 model_lane_at(m, (int)i)->e.id);
        CU_ASSERT_EQUAL(count(doc, q), 1);
    }
    for (size_t i = 0; i < model_participant_count(m); i++) {
        snprintf(q, sizeof q, "//*[local-name()='BPMNShape' and @bpmnElement='%s']",
                 model_participant_at(m, (int)i)->e.id);
        CU_ASSERT_EQUAL(count(doc, q), 1);
    }
    for (size_t i = 0; i < model_flow_count(m); i++) {
        snprintf(q, sizeof q, "//*[local-name()='BPMNEdge' and @bpmnElement='%s']",
                 model_flow_at(m, (int)i)->e.id);
        CU_ASSERT_EQUAL(count(doc, q), 1);
    }
    for (size_t i = 0; i < model_msgflow_count(m); i++) {
        snprintf(q, sizeof q, "//*[local-name()='BPMNEdge' and @bpmnElement='%s']",
                 model_msgflow_at(m, (int)i)->e.id);
        CU_ASSERT_EQUAL(count(doc, q), 1);
    }
    xmlFreeDoc(doc);

    /* read back: the same model, now with its bounds */
    char out[512];
    snprintf(out, sizeof out, "%s/di-%d.bpmn", tu_tmpdir(), (int)len);
    FILE *f = fopen(out, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fwrite(buf, 1, len, f);
    fclose(f);
    diag_list *d2 = diag_list_new();
    model *m2 = bpmn_read_file(out, d2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m2);
    CU_ASSERT_EQUAL(diag_list_count_severity(d2, DIAG_ERROR), 0);
    for (size_t i = 0; i < model_node_count(m2); i++)
        CU_ASSERT_TRUE(model_node_at(m2, (int)i)->bounds.set);
    for (size_t i = 0; i < model_flow_count(m2); i++)
        CU_ASSERT_TRUE(model_flow_at(m2, (int)i)->nwaypoints >= 2);
    model_free(m2);
    diag_list_free(d2);
    json_t *a = info(path), *b = info(out);
    /* the export gives a pool to each process outside one when the file
     * has several (one diagram shows them all): the rest is the same */
    json_t *pa = json_object_get(json_array_get(json_object_get(a, "files"), 0), "participants");
    json_t *pb = json_object_get(json_array_get(json_object_get(b, "files"), 0), "participants");
    for (size_t k = json_array_size(pb); k-- > 0;) {
        const char *id = json_string_value(json_object_get(json_array_get(pb, k), "id"));
        int old = 0;
        for (size_t j = 0; j < json_array_size(pa); j++)
            old |= strcmp(id, json_string_value(json_object_get(json_array_get(pa, j), "id"))) == 0;
        if (!old) {
            CU_ASSERT_TRUE(strncmp(id, "Participant_", 12) == 0);
            json_array_remove(pb, k);
        }
    }
    CU_ASSERT_TRUE(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    free(buf);
    diag_list_free(d);
    model_free(m);
}

static void test_di(void)
{
    for (int dir = RENDER_LR; dir <= RENDER_TB; dir++) {
        check_di(KS, (render_direction)dir);
        check_di(READER "collaboration-subprocess-boundary.bpmn", (render_direction)dir);
        check_di(READER "lanes-and-defaults.bpmn", (render_direction)dir);
    }
}

static void test_di_annexes(void)
{
    for (size_t k = 0; k < NANNEXES; k++)
        for (int dir = RENDER_LR; dir <= RENDER_TB; dir++)
            check_di(annexes[k], (render_direction)dir);
}

/* Removes from s every line that contains what. */
static void drop_lines(char *s, const char *what)
{
    char *at;
    while ((at = strstr(s, what)) != NULL) {
        char *b = at, *e = strchr(at, '\n');
        while (b > s && b[-1] != '\n')
            b--;
        e = e ? e + 1 : at + strlen(at);
        memmove(b, e, strlen(e) + 1);
    }
}

/* <bpmn:x ...>\n   </bpmn:x> back to <bpmn:x .../>, as it was. */
static void close_empty(char *s)
{
    regex_t re;
    CU_ASSERT_EQUAL_FATAL(regcomp(&re, "<bpmn:\\([A-Za-z]*\\)\\([^<>]*[^/<>]\\)>\n *</bpmn:\\1>", 0), 0);
    regmatch_t mt[3];
    char *p = s;
    while (regexec(&re, p, 3, mt, 0) == 0) {
        char *a = p + mt[2].rm_eo, *e = p + mt[0].rm_eo;
        *a = '/';
        memmove(a + 2, e, strlen(e) + 1);
        a[1] = '>';
        p = a + 2;
    }
    regfree(&re);
}

/* Everything but the diagram, the incoming/outgoing lists and the pools
 * added is written back as it was. */
static void test_di_preserves(void)
{
    model *m = load(KS);
    diag_list *d = diag_list_new();
    size_t len;
    char *buf = export(m, KS, 0, RENDER_LR, &len, d);
    CU_ASSERT_EQUAL(diag_list_count(d), 0);
    char *full = strdup(buf);
    size_t n;
    char *orig = tu_slurp(KS, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(orig);
    CU_ASSERT_TRUE(tu_contains(buf, "xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\""));
    /* the input, up to its closing tag, is a prefix of the output, once
     * the three namespaces added on the root are taken out; its tail is
     * the output's tail: every byte outside the diagram is kept */
    static const char *const added[] = {
        " xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\"",
        " xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\"",
        " xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\""};
    for (size_t k = 0; k < 3; k++) {
        char *at = strstr(buf, added[k]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        memmove(at, at + strlen(added[k]), strlen(at + strlen(added[k])) + 1);
    }
    /* the lines the export adds to the model itself: incoming/outgoing
     * lists (an empty element opened for them) and a pool for the
     * process outside the collaboration */
    drop_lines(buf, "<bpmn:incoming>");
    drop_lines(buf, "<bpmn:outgoing>");
    drop_lines(buf, "<bpmn:participant id=\"Participant_");
    close_empty(buf);
    len = strlen(buf);
    char *close = strstr(orig, "</bpmn:definitions>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(close);
    size_t head = (size_t)(close - orig);
    while (head > 0 && (orig[head - 1] == '\n' || orig[head - 1] == ' '))
        head--;
    CU_ASSERT_TRUE(len > head && memcmp(buf, orig, head) == 0);
    CU_ASSERT_TRUE(len > n - head && memcmp(buf + len - (n - head), orig + head, n - head) == 0);
    CU_ASSERT_TRUE(tu_contains(buf, "<ext:note>kept as it is</ext:note>"));
    CU_ASSERT_TRUE(tu_contains(buf, "<bpmndi:BPMNPlane id=\"Collab_KS_plane\" bpmnElement=\"Collab_KS\">"));
    /* the process outside the collaboration gets a pool in it: one
     * diagram shows both */
    CU_ASSERT_TRUE(tu_contains(full, "<bpmn:participant id=\"Participant_Proc_Expert\" "
                                     "name=\"Expert opinion\" processRef=\"Proc_Expert\" />"));
    CU_ASSERT_TRUE(tu_contains(full, "bpmnElement=\"Participant_Proc_Expert\""));
    CU_ASSERT_FALSE(tu_contains(full, "bpmnElement=\"Proc_Expert\""));
    CU_ASSERT_TRUE(tu_contains(full, "<bpmn:outgoing>F_simple</bpmn:outgoing>"));
    free(full);
    CU_ASSERT_TRUE(tu_contains(buf, "isExpanded=\"true\""));
    free(orig);
    free(buf);
    diag_list_free(d);
    model_free(m);
}

/* A file that has a diagram keeps it unless asked; partial ones warn. */
static void test_di_existing(void)
{
    const char *path = READER "lanes-and-defaults.bpmn";
    model *m = load(path);
    diag_list *d = diag_list_new();
    size_t len;
    char *kept = export(m, path, 0, RENDER_LR, &len, d);
    CU_ASSERT_EQUAL(count_code(d, "partial-di"), 1);
    CU_ASSERT_TRUE(tu_contains(kept, "<bpmndi:BPMNDiagram id=\"D1\">"));
    CU_ASSERT_TRUE(tu_contains(kept, "<dc:Bounds x=\"100\" y=\"80\" width=\"100\" height=\"80\"/>"));
    CU_ASSERT_FALSE(tu_contains(kept, "\"L_Senior_di\"")); /* nothing added */
    diag_list_free(d);
    d = diag_list_new();
    char *fresh = export(m, path, 1, RENDER_LR, &len, d);
    CU_ASSERT_EQUAL(diag_list_count(d), 0);
    CU_ASSERT_FALSE(tu_contains(fresh, "id=\"D1\""));
    CU_ASSERT_TRUE(tu_contains(fresh, "bpmnElement=\"L_Senior\""));
    /* the id Review_di is taken by the old diagram only, which is gone,
     * but F1_di must not collide with anything either */
    CU_ASSERT_TRUE(tu_contains(fresh, "id=\"F1_di\""));
    free(kept);
    free(fresh);
    diag_list_free(d);
    model_free(m);
}

/* ---- command line --------------------------------------------------- */

static void test_cli(void)
{
    char args[1024], *out = NULL, *err = NULL;
    const char *tmp = tu_tmpdir();
    snprintf(args, sizeof args, "render -o %s/ks.svg " KS, tmp);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 0);
    CU_ASSERT_STRING_EQUAL(err ? err : "?", "");
    free(err);
    char path[512];
    snprintf(path, sizeof path, "%s/ks.svg", tmp);
    char *svg = tu_slurp(path, NULL);
    CU_ASSERT_TRUE(tu_contains(svg, "<svg"));
    free(svg);
    /* never overwrite without --force */
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "--force"));
    free(err);
    snprintf(args, sizeof args, "render --force -o %s/ks.svg " KS, tmp);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
    /* format from the extension, or --format; stdout without -o */
    snprintf(args, sizeof args, "render -o %s/ks.pdf " KS, tmp);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
    snprintf(path, sizeof path, "%s/ks.pdf", tmp);
    char *pdf = tu_slurp(path, NULL);
    CU_ASSERT_TRUE(pdf && strncmp(pdf, "%PDF-", 5) == 0);
    free(pdf);
    CU_ASSERT_EQUAL(tu_flowmc("render --format dot " KS, &out, NULL), 0);
    CU_ASSERT_TRUE(out && strncmp(out, "digraph", 7) == 0);
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("render --process Proc_Expert " KS, &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "id=\"Expert_Work\""));
    CU_ASSERT_FALSE(tu_contains(out, "id=\"Register\""));
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("render --process Part_Office " KS, &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "id=\"Register\""));
    CU_ASSERT_FALSE(tu_contains(out, "id=\"Expert_Work\""));
    free(out);
    /* bad usage and bad input: exit 2 with a message */
    static const char *const bad[] = {
        "render",
        "render -o x.jpeg " KS,
        "render --format gif " KS,
        "render --process Nope " KS,
        "render --format bpmn --findings " KS,
        "render --relayout " KS,
        "render --overlay-by speed " KS,
        "render --direction diagonal " KS,
        "render --page a3 " KS,
        "render --landscape " KS,
        "render --page a4 --format bpmn " KS,
        "render --overlay tests/fixtures/render/missing.json " KS,
        "render tests/fixtures/reader/not-xml.bpmn",
        "render no-such-file.bpmn",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        err = NULL;
        int rc = tu_flowmc(bad[k], NULL, &err);
        if (rc != 2)
            fprintf(stderr, "\n'%s' gave %d\n", bad[k], rc);
        CU_ASSERT_EQUAL(rc, 2);
        CU_ASSERT_TRUE(err && *err);
        free(err);
    }
    CU_ASSERT_EQUAL(tu_flowmc("render --help", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "--overlay"));
    free(out);
}

static void test_cli_overlay_and_bpmn(void)
{
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("render --overlay " FIX "kitchen-sink-sim-partial.json "
                              "--overlay-by wait " KS,
                              &out, &err),
                    0);
    CU_ASSERT_TRUE(tu_contains(out, "mean wait before the task"));
    CU_ASSERT_TRUE(tu_contains(err, "warning: [overlay]"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("render --format bpmn " KS, &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "<bpmndi:BPMNDiagram"));
    free(out);
    char args[512];
    snprintf(args, sizeof args, "render -o %s/ks-di.bpmn " KS, tu_tmpdir());
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
}

/* --page a4 draws top down at A4's width; --direction applies to DI. */
static void test_cli_page(void)
{
    char *out = NULL, *err = NULL;
    char args[1024], path[600];
    const char *dir = tu_tmpdir();
    snprintf(args, sizeof args,
             "render --page a4 --lanes bands -o %s/z.svg models/annex-z-problem-management.bpmn",
             dir);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 0);
    CU_ASSERT_FALSE(tu_contains(err, "warning")); /* readable: no warning */
    free(err);
    snprintf(path, sizeof path, "%s/z-1.svg", dir);
    out = tu_slurp(path, NULL);
    CU_ASSERT_TRUE(out && tu_contains(out, "width=\"595pt\" height=\"842pt\""));
    CU_ASSERT_TRUE(out && tu_contains(out, ">page 1 of "));
    free(out);
    /* several pages cannot go to one stream */
    CU_ASSERT_EQUAL(tu_flowmc("render --page a4 models/annex-y-complaint-resolution.bpmn", NULL,
                              &err),
                    2);
    CU_ASSERT_TRUE(tu_contains(err, "one SVG each: pass -o FILE.svg"));
    free(err);
    /* Annex Y's eight lanes do not fit side by side; as tags they do */
    snprintf(args, sizeof args,
             "render --page a4 --lanes bands -o %s/yb.svg models/annex-y-complaint-resolution.bpmn",
             dir);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 0);
    CU_ASSERT_TRUE(tu_contains(err, "warning: [render-small]"));
    CU_ASSERT_TRUE(tu_contains(err, "--lanes tags"));
    free(err);
    snprintf(args, sizeof args, "render --page a4 -o %s/y.svg models/annex-y-complaint-resolution.bpmn",
             dir);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 0);
    CU_ASSERT_FALSE(tu_contains(err, "render-small"));
    free(err);
    snprintf(path, sizeof path, "%s/y-1.svg", dir);
    out = tu_slurp(path, NULL);
    CU_ASSERT_TRUE(out && tu_contains(out, ">lanes<"));
    free(out);
    /* with the checker's findings too: the legend wraps to the page */
    for (size_t k = 0; k < NANNEXES; k++) {
        snprintf(args, sizeof args, "render --page a4 --findings --force -o %s/f.svg %s", dir,
                 annexes[k]);
        CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 0);
        CU_ASSERT_FALSE(tu_contains(err, "render-small"));
        free(err);
        snprintf(path, sizeof path, "%s/f-1.svg", dir);
        out = tu_slurp(path, NULL);
        CU_ASSERT_TRUE(out && tu_contains(out, ">Findings<"));
        free(out);
        remove(path);
    }
    CU_ASSERT_EQUAL(tu_flowmc("render --lanes tags --format bpmn " KS, NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "--lanes tags"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("render --lanes stripes " KS, NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "bands or tags"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("render --direction tb --format bpmn " KS, &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "isHorizontal=\"false\""));
    free(out);
}

/* --findings runs the checker: the legend is there whatever it finds. */
static void test_cli_findings(void)
{
    char *out = NULL, *err = NULL;
    int rc = tu_flowmc("render --findings " FIX "deadlock.bpmn", &out, &err);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_TRUE(tu_contains(out, ">Findings<"));
    /* an exclusive split into a parallel join: a deadlock at the join */
    CU_ASSERT_TRUE(tu_contains(out, "#cd0000"));
    free(out);
    free(err);
}

/* ---- the layout's budget (issue 24, items 2 and 8) --------------------- */

/* Writes sub-processes nested depth deep (each: start, the next, end). */
static void write_nested(FILE *f, int depth)
{
    if (depth == 0) {
        fputs("<bpmn:startEvent id=\"s0\"/><bpmn:task id=\"t0\"/><bpmn:endEvent id=\"e0\"/>"
              "<bpmn:sequenceFlow id=\"fa0\" sourceRef=\"s0\" targetRef=\"t0\"/>"
              "<bpmn:sequenceFlow id=\"fb0\" sourceRef=\"t0\" targetRef=\"e0\"/>\n",
              f);
        return;
    }
    fprintf(f, "<bpmn:startEvent id=\"s%d\"/><bpmn:subProcess id=\"p%d\">\n", depth, depth);
    write_nested(f, depth - 1);
    fprintf(f,
            "</bpmn:subProcess><bpmn:endEvent id=\"e%d\"/>"
            "<bpmn:sequenceFlow id=\"fa%d\" sourceRef=\"s%d\" targetRef=\"p%d\"/>"
            "<bpmn:sequenceFlow id=\"fb%d\" sourceRef=\"p%d\" targetRef=\"e%d\"/>\n",
            depth, depth, depth, depth, depth, depth, depth);
}

static const char *write_model(const char *name, int depth, long label)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tu_tmpdir(), name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("<?xml version=\"1.0\"?>\n<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/"
          "BPMN/20100524/MODEL\" id=\"D\" targetNamespace=\"http://example.org/x\">\n"
          "<bpmn:process id=\"P\">\n", f);
    if (label > 0) {
        fputs("<bpmn:task id=\"t0\" name=\"", f);
        for (long i = 0; i < label; i++)
            fputc('a' + (int)(i % 26), f);
        fputs("\"/>\n", f);
    } else {
        write_nested(f, depth);
    }
    fputs("</bpmn:process>\n</bpmn:definitions>\n", f);
    CU_ASSERT_EQUAL(fclose(f), 0);
    return path;
}

/* Sub-processes nested past RENDER_MAX_NESTING are refused before dot runs
 * (40 levels, an 8 KB file, hung in dot_position); at the limit they are
 * drawn. */
static void test_nesting_budget(void)
{
    char args[700], *err = NULL;
    const char *deep = write_model("nested-40.bpmn", 40, 0);
    snprintf(args, sizeof args, "render '%s' -o '%s/nested-40.svg'", deep, tu_tmpdir());
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "nested-40.bpmn:43: error: [render-budget] sub-process 'p1' "
                                    "is nested 40 deep; flowmc draws at most 16 levels"));
    free(err);
    err = NULL;
    const char *ok = write_model("nested-16.bpmn", RENDER_MAX_NESTING, 0);
    snprintf(args, sizeof args, "render '%s' -o '%s/nested-16.svg'", ok, tu_tmpdir());
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 0);
    free(err);
}

/* A PNG that cannot be drawn at a readable resolution (a 200,000-character
 * name) is an error, not a 0-byte file and exit 0. */
static void test_png_budget(void)
{
    char args[700], out[512], *err = NULL;
    const char *m = write_model("long-name.bpmn", 0, 200000);
    snprintf(out, sizeof out, "%s/long-name.png", tu_tmpdir());
    remove(out);
    snprintf(args, sizeof args, "render '%s' -o '%s'", m, out);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "error: [render-budget] the drawing is"));
    CU_ASSERT_TRUE(tu_contains(err, "draw it as svg or pdf"));
    size_t len = 0;
    char *png = tu_slurp(out, &len);
    CU_ASSERT_TRUE(png == NULL || len > 0); /* never an empty file */
    free(png);
    free(err);
}

/* ---- lanes as reviewers see them -------------------------------------- */

#define LANES_FX "tests/fixtures/render/lanes-same-name-and-empty.bpmn"

/* The box of the cluster of this id (x0 < x1, y0 < y1, SVG points); 0,
 * or -1 when there is no such cluster. */
static int cluster_box(xmlDocPtr doc, const char *id, double b[4])
{
    char q[256];
    snprintf(q, sizeof q, "//s:g[@id='%s' and @class='cluster']/s:polygon/@points", id);
    xmlChar *pts = xpath_value(doc, q);
    if (!pts)
        return -1;
    b[0] = b[1] = INFINITY;
    b[2] = b[3] = -INFINITY;
    for (const char *p = (const char *)pts; p && *p;) {
        double x = atof(p), y = atof(strchr(p, ',') + 1);
        b[0] = fmin(b[0], x);
        b[1] = fmin(b[1], y);
        b[2] = fmax(b[2], x);
        b[3] = fmax(b[3], y);
        p = strchr(p, ' ');
        p = p ? p + 1 : NULL;
    }
    xmlFree(pts);
    return 0;
}

/* The fill of the first filled shape of node id, malloc'd, or NULL. */
static char *node_fill(xmlDocPtr doc, const char *id)
{
    char q[256];
    snprintf(q, sizeof q, "//s:g[@id='%s']/*[(self::s:polygon or self::s:path or "
                          "self::s:ellipse) and @fill!='none'][1]/@fill", id);
    xmlChar *v = xpath_value(doc, q);
    char *r = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return r;
}

/* The same role in two pools is one colour and one tag, listed once;
 * an empty lane is flagged by check, drawn thin, and orange with
 * --findings; a pool's name stands at its left (turned a quarter, inside
 * the pool, left of its lanes) or, top down, across its top, and the
 * pool has no band of its own: its lanes fill it. */
static void test_lanes(void)
{
    model *m = load(LANES_FX);
    /* tags: Clerk in both pools */
    render_options o;
    render_options_init(&o);
    o.lane_tags = 1;
    char *svg;
    xmlDocPtr doc = draw_svg(m, &o, &svg);
    char *front = node_fill(doc, "F_Take"), *behind = node_fill(doc, "B_File"),
         *mgr = node_fill(doc, "F_Approve");
    CU_ASSERT_TRUE(front && behind && mgr && !strcmp(front, behind) && strcmp(front, mgr) != 0);
    free(front);
    free(behind);
    free(mgr);
    CU_ASSERT_EQUAL(count(doc, "(//s:g[@id='F_Take']//s:text)[1][.='L1']"), 1);
    CU_ASSERT_EQUAL(count(doc, "(//s:g[@id='B_File']//s:text)[1][.='L1']"), 1);
    CU_ASSERT_EQUAL(count(doc, "(//s:g[@id='F_Approve']//s:text)[1][.='L3']"), 1);
    CU_ASSERT_EQUAL(count(doc, "/s:svg/s:g[@class='graph']/s:text[contains(.,'Clerk')]"), 1);
    CU_ASSERT_EQUAL(count(doc, "/s:svg/s:g[@class='graph']/s:text[.='L4']"), 0);
    xmlFreeDoc(doc);
    free(svg);

    /* check: the empty lane, and only it */
    diag_list *f = diag_list_new();
    check_report_free(check_run(m, NULL, f));
    CU_ASSERT_EQUAL(count_code(f, "empty-lane"), 1);
    CU_ASSERT_EQUAL(diag_list_count_severity(f, DIAG_WARNING), 1);
    CU_ASSERT_STRING_EQUAL(diag_list_at(f, 0)->element, "Lane_Front_Auditor");
    for (int dir = RENDER_LR; dir <= RENDER_TB; dir++) {
        render_options_init(&o);
        o.direction = (render_direction)dir;
        o.findings = f;
        doc = draw_svg(m, &o, &svg);
        int a = dir == RENDER_TB ? 0 : 1; /* across the lanes: x top down, y left to right */
        double pool[4], clerk[4], aud[4], boss[4], back[4], bclerk[4];
        CU_ASSERT_FATAL(cluster_box(doc, "Pool_Front", pool) == 0 &&
                        cluster_box(doc, "Lane_Front_Clerk", clerk) == 0 &&
                        cluster_box(doc, "Lane_Front_Auditor", aud) == 0 &&
                        cluster_box(doc, "Lane_Front_Manager", boss) == 0 &&
                        cluster_box(doc, "Pool_Back", back) == 0 &&
                        cluster_box(doc, "Lane_Back_Clerk", bclerk) == 0);
        double thin = aud[a + 2] - aud[a], full = boss[a + 2] - boss[a];
        if (!(thin < full / 2))
            fprintf(stderr, "\n%s: the empty lane is %.0f pt across, the next %.0f\n",
                    LANES_FX, thin, full);
        CU_ASSERT_TRUE(thin < full / 2);
        CU_ASSERT_EQUAL(count(doc, "//s:g[@id='Lane_Front_Auditor']/*[@stroke='#ee7600']"), 1);
        /* no band of the pool's own: its lanes reach its edges across */
        CU_ASSERT_DOUBLE_EQUAL(clerk[a], pool[a], 1.5);
        CU_ASSERT_DOUBLE_EQUAL(boss[a + 2], pool[a + 2], 1.5);
        CU_ASSERT_DOUBLE_EQUAL(bclerk[a], back[a], 1.5);
        CU_ASSERT_DOUBLE_EQUAL(bclerk[a + 2], back[a + 2], 1.5);
        /* the name's band: along the flow, before the lanes */
        int l = 1 - a;
        CU_ASSERT_TRUE(clerk[l] > pool[l] + 10 && bclerk[l] > back[l] + 10);
        if (dir == RENDER_LR) {
            xmlChar *t = xpath_value(doc, "//s:g[@id='poolname_Pool_Front']/@transform");
            double cx = NAN, cy = NAN;
            CU_ASSERT_TRUE(t && sscanf((const char *)t, "rotate(-90 %lf %lf)", &cx, &cy) == 2);
            xmlFree(t);
            /* the group's own translate is Graphviz's: the numbers are in
             * its coordinates, as the clusters' */
            CU_ASSERT_TRUE(cx > pool[0] && cx < clerk[0]);
            CU_ASSERT_DOUBLE_EQUAL(cy, (pool[1] + pool[3]) / 2, 1.0);
        } else {
            CU_ASSERT_EQUAL(count(doc, "//s:g[@id='poolname_Pool_Front' and @transform]"), 0);
            xmlChar *x = xpath_value(doc, "//s:g[@id='poolname_Pool_Front']/s:text/@x");
            CU_ASSERT_TRUE(x && atof((const char *)x) > pool[0] && atof((const char *)x) < pool[2]);
            xmlFree(x);
        }
        xmlFreeDoc(doc);
        free(svg);
    }
    diag_list_free(f);
    model_free(m);
}

void suite_render(void);
void suite_render(void)
{
    static const CU_TestInfo tests[] = {
        {"svg structure", test_svg_structure},
        {"geometry: lanes, nodes, boundary events", test_geometry},
        {"geometry of the annex models", test_geometry_annexes},
        {"a4: lanes as columns or tags, readable or said not to be", test_a4},
        {"lanes as tags: nested, pools, sub-processes, boundary events", test_lane_tags},
        {"lanes: one tag a role, empty lanes thin, pool names at the left", test_lanes},
        {"png, pdf, dot", test_formats},
        {"same input, same bytes", test_deterministic},
        {"findings", test_findings},
        {"findings: two traces", test_findings_two_traces},
        {"overlay", test_overlay},
        {"overlay: partial and bad files", test_overlay_partial},
        {"durations", test_duration},
        {"di: valid, complete, round trip", test_di},
        {"di: annex models", test_di_annexes},
        {"di: the rest of the file kept", test_di_preserves},
        {"di: existing diagram", test_di_existing},
        {"cli", test_cli},
        {"cli: overlay and bpmn", test_cli_overlay_and_bpmn},
        {"cli: direction and page", test_cli_page},
        {"cli: findings", test_cli_findings},
        {"budget: nested sub-processes", test_nesting_budget},
        {"budget: png of a huge drawing", test_png_budget},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("render", tests);
}
