/*
 * Suite render_di: how a BPMN DI export looks in a modeller, counted from
 * its geometry for the four annex models, left to right and top to
 * bottom: labels crossed by an edge, labels over a shape or another
 * label, edge segments neither horizontal nor vertical, shapes outside
 * their lane, task names that would reach the task's type icon -- all 0;
 * every process in one diagram; incoming/outgoing written for every
 * sequence flow.  And the other way: `render --layout di` draws a
 * modeller's layout (a fixture made with bpmn-js's modeller,
 * tests/browser/make-fixture.mjs) where the modeller put every shape and
 * every bend, and refuses a file without a diagram or with a partial one.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "model/bpmn_read.h"
#include "model/xmlsafe.h"
#include "render/di.h"
#include "render/render.h"
#include "testutil.h"

#include <cgraph.h>

static const char *const annexes[] = {
    "models/annex-x-root-zone-emergency.bpmn", "models/annex-y-complaint-resolution.bpmn",
    "models/annex-y-complaint-resolution-live.bpmn", "models/annex-z-problem-management.bpmn"};
#define NANNEXES (sizeof annexes / sizeof annexes[0])

typedef struct rect {
    double x, y, w, h;
} rect;

typedef struct geo {
    int crossed;      /* labels crossed by an edge */
    int on_shape;     /* labels over a shape */
    int on_label;     /* labels over another label */
    int oblique;      /* edge segments neither horizontal nor vertical */
    int outside;      /* shapes outside their lane */
    int on_icon;      /* task names reaching the type icon */
    int labels;       /* BPMNLabel bounds written */
    int segments;
    int diagrams;
    int io_missing;   /* sequence flows missing from their ends' incoming/outgoing */
} geo;

static xmlXPathObjectPtr xp(xmlXPathContextPtr ctx, xmlNodePtr at, const char *expr)
{
    ctx->node = at;
    return xmlXPathEvalExpression((const xmlChar *)expr, ctx);
}

static int nodes_of(xmlXPathObjectPtr r) { return r && r->nodesetval ? r->nodesetval->nodeNr : 0; }

static double num(xmlNodePtr x, const char *attr)
{
    xmlChar *v = xmlGetProp(x, (const xmlChar *)attr);
    double d = v ? atof((const char *)v) : NAN;
    xmlFree(v);
    return d;
}

static int bounds_of(xmlXPathContextPtr ctx, xmlNodePtr x, rect *r)
{
    xmlXPathObjectPtr b = xp(ctx, x, "dc:Bounds");
    int ok = nodes_of(b) == 1;
    if (ok) {
        xmlNodePtr n = b->nodesetval->nodeTab[0];
        *r = (rect){num(n, "x"), num(n, "y"), num(n, "width"), num(n, "height")};
    }
    xmlXPathFreeObject(b);
    return ok;
}

/* Overlap of two rectangles, more than a hair in both directions. */
static int overlap(rect a, rect b)
{
    return fmin(a.x + a.w, b.x + b.w) - fmax(a.x, b.x) > 0.5 &&
           fmin(a.y + a.h, b.y + b.h) - fmax(a.y, b.y) > 0.5;
}

/* Segment (x0,y0)-(x1,y1), axis-parallel or not, through the rectangle's
 * inside (shrunk by a hair). */
static int seg_hits(double x0, double y0, double x1, double y1, rect r)
{
    double lx = r.x + 0.5, hx = r.x + r.w - 0.5, ly = r.y + 0.5, hy = r.y + r.h - 0.5;
    if (hx <= lx || hy <= ly)
        return 0;
    /* Liang-Barsky clipping */
    double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
    double p[4] = {-dx, dx, -dy, dy}, q[4] = {x0 - lx, hx - x0, y0 - ly, hy - y0};
    for (int k = 0; k < 4; k++) {
        if (p[k] == 0) {
            if (q[k] < 0)
                return 0;
        } else {
            double t = q[k] / p[k];
            if (p[k] < 0)
                t0 = fmax(t0, t);
            else
                t1 = fmin(t1, t);
        }
    }
    return t0 < t1;
}

static int has_icon(const char *local)
{
    static const char *const icons[] = {"userTask",    "serviceTask", "manualTask",
                                        "sendTask",    "receiveTask", "scriptTask",
                                        "businessRuleTask"};
    for (size_t k = 0; k < sizeof icons / sizeof *icons; k++)
        if (strcmp(local, icons[k]) == 0)
            return 1;
    return 0;
}

/* Lines bpmn-js needs for text in a box width w wide: 12 px Arial, 5 px
 * padding a side, at most 7 px a character (a generous mean). */
static int text_lines(const char *text, double w)
{
    int per = (int)((w - 10) / 7), lines = 1, col = 0;
    for (const char *p = text; *p;) {
        size_t word = strcspn(p, " ");
        int wl = 0;
        for (size_t k = 0; k < word; k++)
            wl += ((unsigned char)p[k] & 0xC0) != 0x80;
        if (col && col + 1 + wl > per) {
            lines++;
            col = 0;
        }
        col += (col ? 1 : 0) + wl;
        while (col > per) { /* a word longer than a line */
            lines++;
            col -= per;
        }
        p += word;
        p += strspn(p, " ");
    }
    return lines;
}

static void measure(const char *xml, size_t len, const model *m, geo *g)
{
    memset(g, 0, sizeof *g);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "export.bpmn", NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, (const xmlChar *)"bpmn", (const xmlChar *)BPMN_NS_MODEL);
    xmlXPathRegisterNs(ctx, (const xmlChar *)"bpmndi", (const xmlChar *)BPMN_NS_DI);
    xmlXPathRegisterNs(ctx, (const xmlChar *)"dc", (const xmlChar *)BPMN_NS_DC);
    xmlXPathRegisterNs(ctx, (const xmlChar *)"di", (const xmlChar *)BPMN_NS_DDI);
    xmlNodePtr root = xmlDocGetRootElement(doc);

    xmlXPathObjectPtr dg = xp(ctx, root, "//bpmndi:BPMNDiagram");
    g->diagrams = nodes_of(dg);
    xmlXPathFreeObject(dg);

    /* shapes (not containers), labels, edges' segments */
    size_t nn = model_node_count(m);
    rect *shape = calloc(nn + 1, sizeof *shape);
    int *has = calloc(nn + 1, sizeof *has);
    rect *label = NULL;
    int nlabel = 0;
    double *seg = NULL; /* x0 y0 x1 y1 */
    int nseg = 0;
    xmlXPathObjectPtr shapes = xp(ctx, root, "//bpmndi:BPMNShape");
    for (int k = 0; k < nodes_of(shapes); k++) {
        xmlNodePtr s = shapes->nodesetval->nodeTab[k];
        xmlChar *ref = xmlGetProp(s, (const xmlChar *)"bpmnElement");
        model_kind kind = MODEL_KIND_NONE;
        int i = ref ? model_find(m, (const char *)ref, &kind) : -1;
        xmlFree(ref);
        rect r;
        if (i >= 0 && kind == MODEL_KIND_NODE && bounds_of(ctx, s, &r)) {
            shape[i] = r;
            has[i] = 1;
        }
        xmlXPathObjectPtr lb = xp(ctx, s, "bpmndi:BPMNLabel");
        if (nodes_of(lb) == 1 && bounds_of(ctx, lb->nodesetval->nodeTab[0], &r)) {
            label = realloc(label, sizeof *label * (size_t)(nlabel + 1));
            label[nlabel++] = r;
        }
        xmlXPathFreeObject(lb);
    }
    xmlXPathFreeObject(shapes);
    xmlXPathObjectPtr edges = xp(ctx, root, "//bpmndi:BPMNEdge");
    for (int k = 0; k < nodes_of(edges); k++) {
        xmlNodePtr e = edges->nodesetval->nodeTab[k];
        xmlXPathObjectPtr wp = xp(ctx, e, "di:waypoint");
        for (int j = 0; j + 1 < nodes_of(wp); j++) {
            xmlNodePtr a = wp->nodesetval->nodeTab[j], b = wp->nodesetval->nodeTab[j + 1];
            seg = realloc(seg, sizeof *seg * 4 * (size_t)(nseg + 1));
            double *q = seg + 4 * nseg++;
            q[0] = num(a, "x");
            q[1] = num(a, "y");
            q[2] = num(b, "x");
            q[3] = num(b, "y");
            if (fabs(q[2] - q[0]) > 0.5 && fabs(q[3] - q[1]) > 0.5)
                g->oblique++;
        }
        xmlXPathFreeObject(wp);
        rect r;
        xmlXPathObjectPtr lb = xp(ctx, e, "bpmndi:BPMNLabel");
        if (nodes_of(lb) == 1 && bounds_of(ctx, lb->nodesetval->nodeTab[0], &r)) {
            label = realloc(label, sizeof *label * (size_t)(nlabel + 1));
            label[nlabel++] = r;
        }
        xmlXPathFreeObject(lb);
    }
    xmlXPathFreeObject(edges);
    g->labels = nlabel;
    g->segments = nseg;

    int *bad = calloc((size_t)nlabel + 1, sizeof *bad);
    for (int l = 0; l < nlabel; l++) {
        int crossed = 0, on_shape = 0;
        for (int k = 0; k < nseg && !crossed; k++)
            crossed = seg_hits(seg[4 * k], seg[4 * k + 1], seg[4 * k + 2], seg[4 * k + 3],
                               label[l]);
        for (size_t i = 0; i < nn && !on_shape; i++) {
            const model_node *n = model_node_at(m, (int)i);
            /* an expanded sub-process holds its content's labels */
            int container = n->type == MODEL_SUB_PROCESS && n->nchildren > 0;
            on_shape = has[i] && !container && overlap(label[l], shape[i]);
        }
        g->crossed += crossed;
        g->on_shape += on_shape;
        for (int j = l + 1; j < nlabel; j++)
            if (overlap(label[l], label[j]))
                bad[l] = bad[j] = 1;
    }
    for (int l = 0; l < nlabel; l++)
        g->on_label += bad[l];
    free(bad);

    /* shapes inside their lane's bounds (a boundary event: its centre) */
    for (size_t i = 0; i < nn; i++) {
        const model_node *n = model_node_at(m, (int)i);
        if (n->lane < 0 || !has[i])
            continue;
        char q[512];
        snprintf(q, sizeof q, "//bpmndi:BPMNShape[@bpmnElement='%s']",
                 model_lane_at(m, n->lane)->e.id);
        xmlXPathObjectPtr ls = xp(ctx, root, q);
        rect L;
        if (nodes_of(ls) == 1 && bounds_of(ctx, ls->nodesetval->nodeTab[0], &L)) {
            rect s = shape[i];
            if (n->type == MODEL_BOUNDARY_EVENT)
                s = (rect){s.x + s.w / 2, s.y + s.h / 2, 0, 0};
            if (s.x < L.x - 0.5 || s.y < L.y - 0.5 || s.x + s.w > L.x + L.w + 0.5 ||
                s.y + s.h > L.y + L.h + 0.5)
                g->outside++;
        } else {
            g->outside++;
        }
        xmlXPathFreeObject(ls);
        /* a task's name, centred, below the icon's 30 px */
        char local[64];
        snprintf(local, sizeof local, "%s", model_node_type_name(n->type));
        if (has_icon(local) && n->e.name) {
            double th = 14.5 * text_lines(n->e.name, shape[i].w);
            if ((shape[i].h - th) / 2 < 30)
                g->on_icon++;
        }
    }
    /* incoming and outgoing, for every sequence flow */
    for (size_t f = 0; f < model_flow_count(m); f++) {
        const model_flow *fl = model_flow_at(m, (int)f);
        char q[768];
        snprintf(q, sizeof q, "//*[@id='%s']/bpmn:outgoing[normalize-space()='%s']",
                 model_node_at(m, fl->source)->e.id, fl->e.id);
        xmlXPathObjectPtr r = xp(ctx, root, q);
        g->io_missing += nodes_of(r) != 1;
        xmlXPathFreeObject(r);
        snprintf(q, sizeof q, "//*[@id='%s']/bpmn:incoming[normalize-space()='%s']",
                 model_node_at(m, fl->target)->e.id, fl->e.id);
        r = xp(ctx, root, q);
        g->io_missing += nodes_of(r) != 1;
        xmlXPathFreeObject(r);
    }
    free(seg);
    free(label);
    free(shape);
    free(has);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
}

static model *load(const char *path)
{
    xmlsafe_init();
    diag_list *d = diag_list_new();
    model *m = bpmn_read_file(path, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    diag_list_free(d);
    return m;
}

static void test_annex_geometry(void)
{
    for (size_t k = 0; k < NANNEXES; k++) {
        model *m = load(annexes[k]);
        for (int dir = RENDER_LR; dir <= RENDER_TB; dir++) {
            diag_list *d = diag_list_new();
            char *buf = NULL;
            size_t len = 0;
            CU_ASSERT_EQUAL_FATAL(di_export(m, annexes[k], 1, (render_direction)dir, &buf, &len, d), 0);
            geo g;
            measure(buf, len, m, &g);
            printf("\n    %-46s %s: %3d labels, %3d crossed, %d on shapes, %d on labels; "
                   "%3d segments, %d oblique; %d outside lanes, %d on icons; %d diagram(s), "
                   "%d in/out missing",
                   annexes[k], render_direction_names[dir], g.labels, g.crossed, g.on_shape,
                   g.on_label, g.segments, g.oblique, g.outside, g.on_icon, g.diagrams,
                   g.io_missing);
            CU_ASSERT_TRUE(g.labels > 0);
            CU_ASSERT_EQUAL(g.crossed, 0);
            CU_ASSERT_EQUAL(g.on_shape, 0);
            CU_ASSERT_EQUAL(g.on_label, 0);
            CU_ASSERT_EQUAL(g.oblique, 0);
            CU_ASSERT_EQUAL(g.outside, 0);
            CU_ASSERT_EQUAL(g.on_icon, 0);
            CU_ASSERT_EQUAL(g.diagrams, 1);
            CU_ASSERT_EQUAL(g.io_missing, 0);
            free(buf);
            diag_list_free(d);
        }
        model_free(m);
    }
}

/* The counting itself: a label on an edge, over a shape, a diagonal. */
static void test_counts(void)
{
    rect r = {0, 0, 10, 10};
    CU_ASSERT_TRUE(seg_hits(-5, 5, 15, 5, r));
    CU_ASSERT_TRUE(seg_hits(-5, -5, 15, 15, r));
    CU_ASSERT_FALSE(seg_hits(-5, 0, 15, 0, r)); /* along its border */
    CU_ASSERT_FALSE(seg_hits(12, -5, 12, 15, r));
    CU_ASSERT_TRUE(overlap(r, (rect){9, 9, 5, 5}));
    CU_ASSERT_FALSE(overlap(r, (rect){10, 0, 5, 5}));
    CU_ASSERT_EQUAL(text_lines("Acknowledge receipt", 100), 2);
    CU_ASSERT_EQUAL(text_lines("short", 100), 1);
}

#define MADE "tests/fixtures/render/bpmn-js-made.bpmn"

/* --layout di: every shape where the file's diagram has it (one shift for
 * all: Graphviz moves the drawing to its origin; y turned up), every bend
 * of every flow kept. */
/* The BPMNLabel bounds bpmn-js wrote into bpmn-js-made.bpmn (read here
 * from the file's text, as a reviewer would: not through flowmc). */
typedef struct label_box {
    const char *id;
    double x, y, w, h;
} label_box;

static const label_box made_labels[] = {
    {"Event_0uwr4ef", 212, 262.5, 56, 14}, {"Gateway_0tkjm4e", 351, 394.5, 58, 14},
    {"Event_1td3j7l", 753, 262.5, 54, 14}, {"Event_0jk3svd", 228, 387.5, 45, 14},
    {"Flow_02wbs3g", 478, 345, 20, 14},    {"Flow_1ffhz2q", 305, 345, 14, 14},
};

static const label_box *made_label(const char *id)
{
    for (size_t k = 0; k < sizeof made_labels / sizeof *made_labels; k++)
        if (strcmp(made_labels[k].id, id) == 0)
            return &made_labels[k];
    return NULL;
}

static void test_layout_di(void)
{
    model *m = load(MADE);
    render_options o;
    render_options_init(&o);
    o.layout_di = 1;
    diag_list *d = diag_list_new();
    char *dot = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(render_draw(m, &o, RENDER_DOT, &dot, &len, d), 0);
    Agraph_t *g = agmemread(dot);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    int placed = 0, first = 1;
    double sx = 0, sy = 0;
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *n = model_node_at(m, (int)i);
        Agnode_t *v = agnode(g, (char *)n->e.id, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(v);
        double x, y;
        CU_ASSERT_EQUAL_FATAL(sscanf(agget(v, "pos"), "%lf,%lf", &x, &y), 2);
        double cx = n->bounds.x + n->bounds.w / 2, cy = n->bounds.y + n->bounds.h / 2;
        if (first) {
            sx = x - cx;
            sy = y + cy;
            first = 0;
        }
        CU_ASSERT_DOUBLE_EQUAL(x - cx, sx, 0.6);
        CU_ASSERT_DOUBLE_EQUAL(y + cy, sy, 0.6);
        placed++;
    }
    CU_ASSERT_EQUAL(placed, 6);
    /* every flow keeps its bends: as many straight pieces as segments */
    int flows = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            const char *id = agget(e, "id");
            int k = id ? model_find_flow(m, id) : -1;
            if (k < 0)
                continue;
            const model_flow *f = model_flow_at(m, k);
            int points = 0;
            for (const char *p = agget(e, "pos"); (p = strchr(p, ',')) != NULL; p++)
                points++;
            /* "e,x,y" then 3 points a segment after the first: commas */
            CU_ASSERT_EQUAL(points, 2 + 1 + 3 * (f->nwaypoints - 1));
            flows++;
        }
    CU_ASSERT_EQUAL(flows, 5);
    /* names where bpmn-js put them (its BPMNLabel bounds): the three
     * named events and the gateway as text of their own centred there,
     * the two named flows' labels too */
    int names = 0;
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *n = model_node_at(m, (int)i);
        const label_box *lb = made_label(n->e.id);
        char key[128];
        snprintf(key, sizeof key, "#ln:%s", n->e.id);
        Agnode_t *t = agnode(g, key, 0);
        CU_ASSERT_EQUAL(t != NULL, lb != NULL);
        double x, y;
        if (!t || !lb || sscanf(agget(t, "pos"), "%lf,%lf", &x, &y) != 2)
            continue;
        CU_ASSERT_DOUBLE_EQUAL(x - (lb->x + lb->w / 2), sx, 0.6);
        CU_ASSERT_DOUBLE_EQUAL(y + (lb->y + lb->h / 2), sy, 0.6);
        /* and not under the shape as well */
        CU_ASSERT_FALSE(tu_contains(agget(agnode(g, (char *)n->e.id, 0), "label"), n->e.name));
        names++;
    }
    CU_ASSERT_EQUAL(names, 4);
    int flow_names = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            const char *id = agget(e, "id");
            const label_box *lb = id ? made_label(id) : NULL;
            double x, y;
            if (!lb || sscanf(agget(e, "lp"), "%lf,%lf", &x, &y) != 2)
                continue;
            CU_ASSERT_DOUBLE_EQUAL(x - (lb->x + lb->w / 2), sx, 0.6);
            CU_ASSERT_DOUBLE_EQUAL(y + (lb->y + lb->h / 2), sy, 0.6);
            flow_names++;
        }
    CU_ASSERT_EQUAL(flow_names, 2);
    agclose(g);
    free(dot);
    /* pool and lane names turned a quarter in their bands, as drawn */
    char *svg = NULL;
    CU_ASSERT_EQUAL_FATAL(render_draw(m, &o, RENDER_SVG, &svg, &len, d), 0);
    CU_ASSERT_TRUE(tu_contains(svg, "<g id=\"poolname_Participant_1u2at4m\" class=\"node\" "
                                    "transform=\"rotate(-90 "));
    CU_ASSERT_TRUE(tu_contains(svg, "<g id=\"lanename_Lane_0wiriy3\" class=\"node\" "
                                    "transform=\"rotate(-90 "));
    free(svg);
    /* pages of it too */
    render_pages pages = {0};
    o.page = RENDER_PAPER_A4;
    o.landscape = 1; /* wide: on a portrait page it would print under 6 pt */
    CU_ASSERT_EQUAL(render_draw_pages(m, &o, RENDER_PDF, &pages, d), 0);
    CU_ASSERT_EQUAL(pages.n, 1);
    render_pages_release(&pages);
    CU_ASSERT_EQUAL(diag_list_count(d), 0);
    diag_list_free(d);
    model_free(m);
}

static size_t count_code(const diag_list *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < diag_list_count(d); i++)
        n += strcmp(diag_list_at(d, i)->code, code) == 0;
    return n;
}

/* No diagram, or part of one: refused, saying which. */
static void test_layout_di_refused(void)
{
    static const struct {
        const char *path, *code;
    } cases[] = {{"tests/fixtures/render/kitchen-sink.bpmn", "no-di"},
                 {"tests/fixtures/reader/lanes-and-defaults.bpmn", "partial-di"}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        model *m = load(cases[k].path);
        render_options o;
        render_options_init(&o);
        o.layout_di = 1;
        diag_list *d = diag_list_new();
        char *buf = NULL;
        size_t len = 0;
        CU_ASSERT_EQUAL(render_draw(m, &o, RENDER_SVG, &buf, &len, d), -1);
        CU_ASSERT_EQUAL(count_code(d, cases[k].code), 1);
        free(buf);
        diag_list_free(d);
        model_free(m);
    }
    char *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("render --layout di tests/fixtures/render/kitchen-sink.bpmn", NULL,
                              &err),
                    2);
    CU_ASSERT_TRUE(tu_contains(err, "has no diagram"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("render --layout di --direction tb " MADE, NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "--direction"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("render --layout di --format bpmn " MADE, NULL, &err), 2);
    free(err);
    char args[512];
    snprintf(args, sizeof args, "render --layout di --findings -o %s/made.svg " MADE, tu_tmpdir());
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
}

/* The shipped models carry flowmc's current export (`make models-di`,
 * which runs the command below on each): exporting one again gives its own
 * bytes.  A model edited since fails here until `make models-di`. */
static void test_shipped_current(void)
{
    static const char *const shipped[] = {
        "models/annex-x-root-zone-emergency.bpmn", "models/annex-y-complaint-resolution.bpmn",
        "models/annex-y-complaint-resolution-live.bpmn", "models/annex-z-problem-management.bpmn",
        "models/readings/annex-z-silence-inadequate.bpmn"};
    for (size_t k = 0; k < sizeof shipped / sizeof *shipped; k++) {
        char args[1024], out[512];
        snprintf(out, sizeof out, "%s/shipped-%zu.bpmn", tu_tmpdir(), k);
        CU_ASSERT_TRUE(snprintf(args, sizeof args, "render --format bpmn --relayout --force -o %s %s",
                                out, shipped[k]) < (int)sizeof args);
        CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
        size_t n1 = 0, n2 = 0;
        char *a = tu_slurp(shipped[k], &n1), *b = tu_slurp(out, &n2);
        int same = a && b && n1 == n2 && memcmp(a, b, n1) == 0;
        if (!same)
            printf("\n    %s: its DI is not flowmc's current export: run `make models-di`",
                   shipped[k]);
        CU_ASSERT_TRUE(same);
        free(a);
        free(b);
    }
}

/* A file written by a modeller, with its own incoming/outgoing lists:
 * they are rewritten in place, and exporting the export changes
 * nothing. */
static void test_export_idempotent(void)
{
    char args[1024], a[512], b[512];
    snprintf(a, sizeof a, "%s/made-1.bpmn", tu_tmpdir());
    snprintf(b, sizeof b, "%s/made-2.bpmn", tu_tmpdir());
    CU_ASSERT_TRUE(snprintf(args, sizeof args, "render --format bpmn --relayout --force -o %s " MADE,
                            a) < (int)sizeof args);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
    CU_ASSERT_TRUE(snprintf(args, sizeof args, "render --format bpmn --relayout --force -o %s %s", b,
                            a) < (int)sizeof args);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
    size_t n1 = 0, n2 = 0;
    char *x = tu_slurp(a, &n1), *y = tu_slurp(b, &n2);
    CU_ASSERT_TRUE(x && y && n1 == n2 && memcmp(x, y, n1) == 0);
    /* one list entry per flow end, as before */
    int inc = 0;
    for (const char *p = x; p && (p = strstr(p, "<bpmn:incoming>")); p++)
        inc++;
    CU_ASSERT_EQUAL(inc, 5);
    free(x);
    free(y);
}

void suite_render_di(void);
void suite_render_di(void)
{
    static const CU_TestInfo tests[] = {
        {"counting", test_counts},
        {"annex exports: labels, edges, lanes, icons", test_annex_geometry},
        {"layout di: a bpmn-js layout drawn as made", test_layout_di},
        {"layout di: refused without a whole diagram", test_layout_di_refused},
        {"export of an export: the same bytes", test_export_idempotent},
        {"shipped models carry the current export", test_shipped_current},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("render_di", tests);
}
