/*
 * bench_render: draws a generated model of 500 flow nodes in 5 lanes
 * (decision blocks, boundary timers, parallel blocks) and prints the time
 * of each format and of the BPMN DI export, next to plain dot on the same
 * nodes and edges without lanes (what Graphviz alone costs) and the ratio.
 * Target (issue 5): the SVG under 2 s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <gvc.h>

#include "bench.h"
#include "model/bpmn_read.h"
#include "render/di.h"
#include "render/render.h"

#define LANES 5
#define NODES 500

/* Blocks of five nodes (a task, a choice of two tasks, a merge); every
 * tenth block's first task has a timer leading to an end event; every
 * fifth block is parallel.  Returns the number of flow nodes. */
static int write_model(const char *file)
{
    FILE *f = fopen(file, "w");
    if (!f)
        return -1;
    int blocks = 0, nodes = 2;
    while (nodes + 5 + (blocks % 10 == 0 ? 2 : 0) <= NODES) {
        nodes += 5 + (blocks % 10 == 0 ? 2 : 0);
        blocks++;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
               "id=\"Bench\" targetNamespace=\"http://example.org/bench\">\n"
               "<bpmn:process id=\"P\" isExecutable=\"false\">\n<bpmn:laneSet id=\"LS\">\n");
    for (int l = 0; l < LANES; l++) {
        fprintf(f, "<bpmn:lane id=\"L%d\" name=\"Role number %d\">\n", l, l);
        if (l == 0) {
            fprintf(f, "<bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>E</bpmn:flowNodeRef>\n");
            for (int k = 0; k < NODES - nodes; k++)
                fprintf(f, "<bpmn:flowNodeRef>K%d</bpmn:flowNodeRef>\n", k);
        }
        for (int b = l; b < blocks; b += LANES) {
            fprintf(f, "<bpmn:flowNodeRef>T%d</bpmn:flowNodeRef><bpmn:flowNodeRef>G%d</bpmn:flowNodeRef>"
                       "<bpmn:flowNodeRef>A%d</bpmn:flowNodeRef><bpmn:flowNodeRef>B%d</bpmn:flowNodeRef>"
                       "<bpmn:flowNodeRef>J%d</bpmn:flowNodeRef>\n",
                    b, b, b, b, b);
            if (b % 10 == 0)
                fprintf(f, "<bpmn:flowNodeRef>X%d</bpmn:flowNodeRef>"
                           "<bpmn:flowNodeRef>XE%d</bpmn:flowNodeRef>\n",
                        b, b);
        }
        fprintf(f, "</bpmn:lane>\n");
    }
    fprintf(f, "</bpmn:laneSet>\n<bpmn:startEvent id=\"S\" name=\"start\"/>\n"
               "<bpmn:endEvent id=\"E\" name=\"end\"/>\n");
    for (int b = 0; b < blocks; b++) {
        const char *gw = b % 5 == 4 ? "parallelGateway" : "exclusiveGateway";
        fprintf(f, "<bpmn:userTask id=\"T%d\" name=\"Prepare the case file %d\"/>\n"
                   "<bpmn:%s id=\"G%d\" name=\"decision %d?\"/>\n"
                   "<bpmn:task id=\"A%d\" name=\"Handle variant A\"/>\n"
                   "<bpmn:task id=\"B%d\" name=\"Handle variant B\"/>\n"
                   "<bpmn:%s id=\"J%d\"/>\n",
                b, b, gw, b, b, b, b, gw, b);
        if (b % 10 == 0)
            fprintf(f, "<bpmn:boundaryEvent id=\"X%d\" name=\"2 days\" attachedToRef=\"T%d\">"
                       "<bpmn:timerEventDefinition><bpmn:timeDuration>P2D</bpmn:timeDuration>"
                       "</bpmn:timerEventDefinition></bpmn:boundaryEvent>\n"
                       "<bpmn:endEvent id=\"XE%d\" name=\"timed out\"/>\n"
                       "<bpmn:sequenceFlow id=\"FX%d\" sourceRef=\"X%d\" targetRef=\"XE%d\"/>\n",
                    b, b, b, b, b, b);
        char prev[32] = "S";
        if (b > 0)
            snprintf(prev, sizeof prev, "J%d", b - 1);
        fprintf(f, "<bpmn:sequenceFlow id=\"F%d\" sourceRef=\"%s\" targetRef=\"T%d\"/>\n", b,
                prev, b);
        fprintf(f, "<bpmn:sequenceFlow id=\"FG%d\" sourceRef=\"T%d\" targetRef=\"G%d\"/>\n"
                   "<bpmn:sequenceFlow id=\"FA%d\" name=\"yes\" sourceRef=\"G%d\" targetRef=\"A%d\"/>\n"
                   "<bpmn:sequenceFlow id=\"FB%d\" name=\"no\" sourceRef=\"G%d\" targetRef=\"B%d\"/>\n"
                   "<bpmn:sequenceFlow id=\"FAJ%d\" sourceRef=\"A%d\" targetRef=\"J%d\"/>\n"
                   "<bpmn:sequenceFlow id=\"FBJ%d\" sourceRef=\"B%d\" targetRef=\"J%d\"/>\n",
                b, b, b, b, b, b, b, b, b, b, b, b, b, b, b);
    }
    /* a few tasks more, to make exactly NODES */
    char prev[32];
    snprintf(prev, sizeof prev, "J%d", blocks - 1);
    for (int k = 0; nodes < NODES; k++, nodes++) {
        fprintf(f, "<bpmn:task id=\"K%d\" name=\"Close the case %d\"/>\n"
                   "<bpmn:sequenceFlow id=\"FK%d\" sourceRef=\"%s\" targetRef=\"K%d\"/>\n",
                k, k, k, prev, k);
        snprintf(prev, sizeof prev, "K%d", k);
    }
    fprintf(f, "<bpmn:sequenceFlow id=\"FE\" sourceRef=\"%s\" targetRef=\"E\"/>\n", prev);
    fprintf(f, "</bpmn:process>\n</bpmn:definitions>\n");
    return fclose(f) == 0 ? nodes : -1;
}

/* The peer: the same nodes and edges, plain dot boxes, no lanes. */
static double plain_dot(const model *m, size_t *bytes)
{
    static GVC_t *gvc; /* kept: Graphviz's text layout outlives a context */
    if (!gvc)
        gvc = gvContext();
    double t0 = bench_now();
    Agraph_t *g = agopen("plain", Agdirected, NULL);
    agsafeset(g, "rankdir", "LR", "");
    Agnode_t **v = calloc(model_node_count(m), sizeof *v);
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *n = model_node_at(m, (int)i);
        v[i] = agnode(g, (char *)n->e.id, 1);
        agsafeset(v[i], "shape", "box", "");
        agsafeset(v[i], "label", (char *)model_node_label(n), "");
    }
    for (size_t i = 0; i < model_flow_count(m); i++) {
        const model_flow *f = model_flow_at(m, (int)i);
        Agedge_t *e = agedge(g, v[f->source], v[f->target], (char *)f->e.id, 1);
        if (f->e.name)
            agsafeset(e, "label", (char *)f->e.name, "");
    }
    char *out = NULL;
    unsigned int len = 0;
    if (gvLayout(gvc, g, "dot") != 0 || gvRenderData(gvc, g, "svg", &out, &len) != 0)
        exit(1);
    double dt = bench_now() - t0;
    *bytes = len;
    gvFreeRenderData(out);
    gvFreeLayout(gvc, g);
    agclose(g);
    free(v);
    return dt;
}

static double draw(const model *m, render_format f, size_t *bytes)
{
    diag_list *d = diag_list_new();
    char *buf = NULL;
    double t0 = bench_now();
    if (render_draw(m, NULL, f, &buf, bytes, d) != 0) {
        diag_list_print(d, stderr);
        exit(1);
    }
    double dt = bench_now() - t0;
    free(buf);
    diag_list_free(d);
    return dt;
}

int main(void)
{
    char file[] = "/tmp/flowmc-bench-render-XXXXXX";
    if (bench_tmpfile(file) != 0)
        return 1;
    int nodes = write_model(file);
    diag_list *d = diag_list_new();
    model *m = nodes > 0 ? bpmn_read_file(file, d) : NULL;
    if (!m || diag_list_count_severity(d, DIAG_ERROR) > 0 || (int)model_node_count(m) != nodes) {
        diag_list_print(d, stderr);
        fprintf(stderr, "bench_render: the generated model is wrong\n");
        unlink(file);
        return 1;
    }
    size_t bytes, peer_bytes;
    draw(m, RENDER_SVG, &bytes); /* warm up: plugins, fonts */
    double svg = draw(m, RENDER_SVG, &bytes);
    size_t svg_bytes = bytes;
    double png = draw(m, RENDER_PNG, &bytes);
    double pdf = draw(m, RENDER_PDF, &bytes);
    double peer = plain_dot(m, &peer_bytes);
    peer = plain_dot(m, &peer_bytes);
    char *buf = NULL;
    double t0 = bench_now();
    if (di_export(m, file, 1, RENDER_LR, &buf, &bytes, d) != 0) {
        diag_list_print(d, stderr);
        return 1;
    }
    double di = bench_now() - t0;
    free(buf);
    printf("render: %d nodes, %zu flows, %d lanes: svg in %.2f s (%zu KB; target < 2 s: %s), "
           "png in %.2f s, pdf in %.2f s, bpmn di in %.2f s\n",
           nodes, model_flow_count(m), LANES, svg, svg_bytes / 1024, svg < 2 ? "met" : "MISSED",
           png, pdf, di);
    printf("render: plain dot on the same graph, no lanes: svg in %.2f s; swimlanes cost %.1fx\n",
           peer, svg / peer);
    model_free(m);
    diag_list_free(d);
    unlink(file);
    return 0;
}
