/*
 * graph_nodes: what the drawing shows of flow nodes and flows -- the
 * shapes of events, gateways and tasks with their marks, their HTML-like
 * labels (names, type tags, loop markers, the caller's decoration rows),
 * boundary events beside their activity, and the sequence and message
 * flows with the ends they attach to.
 */
#include "graph_int.h"
#include "../model/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *graph_event_mark(const model_node *n)
{
    int throw = n->type == MODEL_THROW_EVENT || n->type == MODEL_END_EVENT;
    switch (n->evdef) {
    case MODEL_EVDEF_TIMER: return "\u25F7";
    case MODEL_EVDEF_MESSAGE: return throw ? "<B>\u2709</B>" : "\u2709";
    case MODEL_EVDEF_SIGNAL: return throw ? "\u25B2" : "\u25B3";
    case MODEL_EVDEF_ERROR: return "\u26A1";
    case MODEL_EVDEF_ESCALATION: return throw ? "\u2B06" : "\u21E7";
    case MODEL_EVDEF_TERMINATE: return "<FONT POINT-SIZE=\"22\">\u25CF</FONT>";
    case MODEL_EVDEF_CONDITIONAL: return "\u2261";
    case MODEL_EVDEF_LINK: return throw ? "\u27A1" : "\u21E8";
    case MODEL_EVDEF_COMPENSATE: return throw ? "\u25C0\u25C0" : "\u25C1\u25C1";
    case MODEL_EVDEF_CANCEL: return "\u2716";
    default: return "";
    }
}

const char *graph_gateway_mark(model_node_type t)
{
    switch (t) {
    case MODEL_EXCLUSIVE_GATEWAY: return "<FONT POINT-SIZE=\"20\"><B>\u2715</B></FONT>";
    case MODEL_PARALLEL_GATEWAY: return "<FONT POINT-SIZE=\"26\"><B>+</B></FONT>";
    case MODEL_INCLUSIVE_GATEWAY: return "<FONT POINT-SIZE=\"20\">\u25EF</FONT>";
    case MODEL_EVENT_GATEWAY: return "<FONT POINT-SIZE=\"18\">\u2B20</FONT>";
    default: return "";
    }
}

static const char *task_tag(model_node_type t)
{
    switch (t) {
    case MODEL_USER_TASK: return "user";
    case MODEL_SERVICE_TASK: return "\u2699 service";
    case MODEL_SCRIPT_TASK: return "script";
    case MODEL_MANUAL_TASK: return "manual";
    case MODEL_BUSINESS_RULE_TASK: return "\u25A6 rule";
    case MODEL_SEND_TASK: return "<B>\u2709</B> send";
    case MODEL_RECEIVE_TASK: return "\u2709 receive";
    case MODEL_CALL_ACTIVITY: return "call";
    default: return NULL;
    }
}

static const char *loop_mark(model_loop l)
{
    switch (l) {
    case MODEL_LOOP_STANDARD: return "\u21BB";
    case MODEL_LOOP_MI_PARALLEL: return "|||";
    case MODEL_LOOP_MI_SEQUENTIAL: return "\u2261";
    default: return NULL;
    }
}

#define TABLE "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">"

/* Label of an event or gateway: the mark centred in the shape, the name
 * (and decorations) below it, and a blank block of the same height above,
 * so that the shape stays in the middle of the label's box and the space
 * for the name is reserved by the layout. */
void graph_shape_label(render_str *b, const char *mark, double cell, const char *name,
                        int wrap, const render_mark *mk)
{
    render_str below = {0};
    int lines = 0;
    if (name) {
        render_str_addf(&below, "<TR><TD>");
        lines = render_str_add_wrapped(&below, name, wrap);
        render_str_addf(&below, "</TD></TR>");
    }
    if (mk && mk->rows) {
        render_str_addf(&below, "%s", mk->rows);
        for (const char *p = mk->rows; (p = strstr(p, "<TR")); p++)
            lines++;
    }
    render_str_addf(b, TABLE);
    if (lines) {
        render_str_addf(b, "<TR><TD>");
        for (int k = 0; k < lines; k++)
            render_str_addf(b, "%s&#160;", k ? "<BR/>" : "");
        render_str_addf(b, "</TD></TR>");
    }
    render_str_addf(b, "<TR><TD FIXEDSIZE=\"TRUE\" WIDTH=\"%.0f\" HEIGHT=\"%.0f\">%s</TD></TR>",
                    cell, cell, mark);
    render_str_addf(b, "%s</TABLE>", below.s ? below.s : "");
    render_str_release(&below);
}

static void task_label(const render_graph *rg, render_str *b, int i, const render_mark *mk)
{
    const model_node *n = model_node_at(rg->m, i);
    const char *tag = task_tag(n->type);
    char *lane = graph_tagged_name(rg, i, NULL);
    render_str_addf(b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">");
    if (tag || lane)
        render_str_addf(b, "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"%g\" COLOR=\"gray35\">"
                           "%s%s%s%s%s</FONT></TD></TR>",
                        rg->small, lane ? "<B>" : "", lane ? lane : "", lane ? "</B>" : "",
                        lane && tag ? "&#160;&#160;" : "", tag ? tag : "");
    free(lane);
    render_str_addf(b, "<TR><TD>");
    if (n->e.name) {
        render_str_add_wrapped(b, n->e.name, rg->sz->task);
    } else {
        render_str_addf(b, "<FONT COLOR=\"gray35\"><I>");
        render_str_add_text(b, n->e.id);
        render_str_addf(b, "</I></FONT>");
    }
    render_str_addf(b, "</TD></TR>");
    if (mk && mk->rows)
        render_str_addf(b, "%s", mk->rows);
    const char *loop = loop_mark(n->loop);
    int collapsed = n->type == MODEL_SUB_PROCESS ||
                    (n->type == MODEL_CALL_ACTIVITY && n->called_element);
    if (loop || collapsed)
        render_str_addf(b, "<TR><TD><FONT POINT-SIZE=\"11\">%s%s%s</FONT></TD></TR>",
                        loop ? loop : "", loop && collapsed ? " " : "",
                        collapsed ? "\u229E" : "");
    render_str_addf(b, "</TABLE>");
}

/* A task's height in a modeller, where its name is centred in 12 px
 * Arial, wrapped 5 px inside its sides (at most 7 px a character), and
 * must stay below the type icon in its top left corner (30 px): the
 * text's height plus 30 px above and below it, or TASK_H. */
static double di_task_height(const char *name, double width)
{
    int per = (int)((width - 10) / 7), lines = 1, col = 0;
    for (const char *p = name; *p;) {
        size_t word = strcspn(p, " ");
        int wl = graph_utf8_len(p, word);
        if (col && col + 1 + wl > per) {
            lines++;
            col = 0;
        }
        col += (col ? 1 : 0) + wl;
        while (col > per) {
            lines++;
            col -= per;
        }
        p += word;
        p += strspn(p, " ");
    }
    return fmax(TASK_H, 14.5 * lines + 64);
}

const render_mark *graph_mark_of(const render_mark *arr, int i)
{
    return arr ? &arr[i] : NULL;
}

/* A name with its decoration rows, for a label beside a shape. */
void graph_name_table(render_str *b, const char *name, int wrap, const render_mark *mk)
{
    render_str_addf(b, TABLE);
    if (name) {
        render_str_addf(b, "<TR><TD>");
        render_str_add_wrapped(b, name, wrap);
        render_str_addf(b, "</TD></TR>");
    }
    render_str_addf(b, "%s</TABLE>", mk && mk->rows ? mk->rows : "");
}

/* Top down, an event's or gateway's name goes beside it, as a text node
 * of its own on its right: under it, the flow leaving it would cross the
 * name. */
static void name_beside(render_graph *rg, int i, Agnode_t *v, int home, const render_mark *mk)
{
    const model_node *n = model_node_at(rg->m, i);
    char *tagged = graph_tagged_name(rg, i, n->e.name);
    const char *name = tagged ? tagged : n->e.name;
    if (!name && !(mk && mk->rows))
        return;
    render_str x = {0};
    graph_name_table(&x, name, rg->sz->shape, mk);
    free(tagged);
    Agnode_t *t = rg->nodes[i].name = graph_text_node(rg, "#n:", n->e.id, x.s, "10", "0.02");
    render_str_release(&x);
    graph_band(rg, t, home, 0);
    graph_beside(rg, v, t, "10");
}

void graph_add_node(render_graph *rg, int i)
{
    const model_node *n = model_node_at(rg->m, i);
    int home = graph_home_of(rg, i);
    if (graph_expanded(n)) {
        graph_sub_container(rg, i);
        return;
    }
    Agnode_t *v = agnode(rg->g, (char *)n->e.id, 1);
    rg->nodes[i].v = v;
    graph_band(rg, v, home, 0);
    graph_set(v, "id", n->e.id);
    graph_set(v, "class", model_node_type_name(n->type));
    const render_mark *mk = graph_mark_of(rg->dc ? rg->dc->nodes : NULL, i);
    render_str lab = {0};
    char *tagged = model_type_is_event(n->type) || model_type_is_gateway(n->type)
                       ? graph_tagged_name(rg, i, n->e.name)
                       : NULL;
    const char *name = tagged ? tagged : n->e.name;
    if (model_type_is_event(n->type)) {
        graph_set(v, "shape", "circle");
        if (n->type == MODEL_BOUNDARY_EVENT) {
            /* drawn on its activity's border after the layout: the name
             * goes beside it, not under it */
            graph_set(v, "shape", "doublecircle");
            graph_set(v, "fixedsize", "true");
            graph_setf(v, "width", "%.3f", (EVENT_D - 8) / PT);
            if (!n->cancel_activity)
                graph_set(v, "style", "filled,dashed");
            render_str_addf(&lab, "%s", graph_event_mark(n));
            if (name || (mk && mk->rows)) {
                render_str x = {0};
                graph_name_table(&x, name, rg->sz->shape, mk);
                graph_set_html(v, "xlabel", x.s);
                render_str_release(&x);
            }
        } else {
            if (rg->tb)
                name_beside(rg, i, v, home, mk);
            graph_shape_label(&lab, graph_event_mark(n), EVENT_D + 4, rg->tb ? NULL : name,
                        rg->sz->shape, rg->tb ? NULL : mk);
            graph_set(v, "fixedsize", "shape");
            if (n->type == MODEL_START_EVENT || n->type == MODEL_END_EVENT) {
                graph_setf(v, "width", "%.3f", EVENT_D / PT);
                graph_set(v, "penwidth", n->type == MODEL_END_EVENT ? "3.5" : "1.2");
            } else {
                graph_set(v, "shape", "doublecircle");
                graph_setf(v, "width", "%.3f", (EVENT_D - 8) / PT);
            }
        }
        graph_set(v, "height", agget(v, "width"));
    } else if (model_type_is_gateway(n->type)) {
        graph_set(v, "shape", "diamond");
        graph_set(v, "fixedsize", "shape");
        graph_setf(v, "width", "%.3f", GATEWAY_D / PT);
        graph_setf(v, "height", "%.3f", GATEWAY_D / PT);
        if (rg->tb)
            name_beside(rg, i, v, home, mk);
        graph_shape_label(&lab, graph_gateway_mark(n->type), GATEWAY_D, rg->tb ? NULL : name,
                    rg->sz->shape, rg->tb ? NULL : mk);
    } else {
        graph_set(v, "style", n->triggered_by_event ? "rounded,filled,dotted" : "rounded,filled");
        graph_setf(v, "width", "%.3f", rg->sz->task_w / PT);
        graph_setf(v, "height", "%.3f", TASK_H / PT);
        if (rg->for_di && task_tag(n->type) && n->e.name)
            graph_setf(v, "height", "%.3f", di_task_height(n->e.name, rg->sz->task_w) / PT);
        if (n->type == MODEL_CALL_ACTIVITY)
            graph_set(v, "penwidth", "3");
        task_label(rg, &lab, i, mk);
    }
    graph_set_html(v, "label", lab.s);
    render_str_release(&lab);
    free(tagged);
    int t = rg->tags ? graph_tag_of(rg, i) : -1;
    if (t >= 0)
        graph_set(v, "fillcolor", graph_tag_fill(t));
    if (mk && mk->pen) {
        graph_set(v, "color", mk->pen);
        if (n->type != MODEL_END_EVENT && n->type != MODEL_CALL_ACTIVITY)
            graph_set(v, "penwidth", "3");
    }
    if (mk && mk->fill)
        graph_set(v, "fillcolor", mk->fill);
}

/* Boundary event b: laid out in its activity's rank, just below it (a
 * flat edge); its flows leave from the activity's border instead. */
void graph_place_boundary(render_graph *rg, int b)
{
    const model_node *n = model_node_at(rg->m, b);
    Agnode_t *v = rg->nodes[b].v;
    if (!v || n->attached_to < 0)
        return;
    int a = n->attached_to;
    Agnode_t *at = rg->nodes[a].v;
    if (!at && rg->nodes[a].sub >= 0) {
        /* a sub-process: its flows leave from an anchor on its right edge */
        at = rg->nodes[b].bport = graph_anchor(rg, "#sb:", n->e.id);
        graph_band(rg, at, rg->nodes[a].sub, 0);
        graph_beside(rg, rg->nodes[a].sub_out, rg->nodes[b].bport, "1");
    }
    if (at)
        graph_beside(rg, at, v, "1");
}

typedef struct end {
    Agnode_t *n;
    const char *port;
} end;

/* Where boundary events sit on a task: on its bottom, middle first; top
 * down, where the flow leaves from the bottom middle, on its corners. */
static const char *const bports[2][3] = {{"s", "se", "sw"}, {"se", "sw", "ne"}};

/* Where a flow touching node i attaches: sub-processes through their
 * anchors, boundary events through their activity's border. */
static end node_end(render_graph *rg, int i, int tail)
{
    const model_node *n = model_node_at(rg->m, i);
    end e = {rg->nodes[i].v, NULL};
    if (n->type == MODEL_BOUNDARY_EVENT && n->attached_to >= 0 && tail) {
        int a = n->attached_to;
        const model_node *act = model_node_at(rg->m, a);
        if (rg->nodes[a].v) {
            /* a marker (loop, call) sits bottom centre: start beside it */
            int k = act->loop != MODEL_LOOP_NONE || act->type == MODEL_CALL_ACTIVITY ||
                    act->type == MODEL_SUB_PROCESS;
            for (int j = 0; j < act->nboundary && act->boundary[j] != i; j++)
                k++;
            e = (end){rg->nodes[a].v, bports[rg->tb][k % 3]};
        } else if (rg->nodes[i].bport) {
            e = (end){rg->nodes[i].bport, NULL};
        }
    } else if (rg->nodes[i].sub >= 0) {
        e = (end){tail ? rg->nodes[i].sub_out : rg->nodes[i].sub_in, NULL};
    }
    return e;
}

static Agedge_t *connect(render_graph *rg, end t, end h, const char *id)
{
    Agedge_t *e = agedge(rg->g, t.n, h.n, (char *)id, 1);
    graph_set(e, "id", id);
    if (t.port)
        graph_set(e, "tailport", t.port);
    if (h.port)
        graph_set(e, "headport", h.port);
    return e;
}

static void edge_label(render_graph *rg, Agedge_t *e, const char *name, const char *cond,
                       const render_mark *mk)
{
    render_str b = {0};
    if (name) {
        render_str_add_wrapped(&b, name, rg->sz->flow);
    } else if (cond) {
        char buf[64];
        snprintf(buf, sizeof buf, "[%.40s%s]", cond, strlen(cond) > 40 ? "\u2026" : "");
        render_str_addf(&b, "<FONT COLOR=\"gray35\">");
        render_str_add_wrapped(&b, buf, rg->sz->flow);
        render_str_addf(&b, "</FONT>");
    }
    if (mk && mk->rows)
        render_str_addf(&b, "%s%s", b.n ? "<BR/>" : "", mk->rows);
    if (b.n)
        graph_set_html(e, rg->xlabels ? "xlabel" : "label", b.s);
    render_str_release(&b);
    if (mk && mk->pen) {
        graph_set(e, "color", mk->pen);
        graph_set(e, "penwidth", "2.5");
    }
}

void graph_add_flow(render_graph *rg, int i)
{
    const model_flow *f = model_flow_at(rg->m, i);
    end t = node_end(rg, f->source, 1), h = node_end(rg, f->target, 0);
    if (!t.n || !h.n)
        return;
    Agedge_t *e = connect(rg, t, h, f->e.id);
    rg->flow[i] = e;
    graph_set(e, "class", "sequenceFlow");
    const model_node *src = model_node_at(rg->m, f->source);
    const render_mark *mk = graph_mark_of(rg->dc ? rg->dc->flows : NULL, i);
    if (!rg->for_di) {
        if (f->is_default) {
            /* BPMN's default mark: a slash across the line at the source */
            graph_set(e, "dir", "both");
            graph_set_html(e, "taillabel", "<FONT POINT-SIZE=\"14\">/</FONT>");
            graph_set(e, "labelangle", "0");
            graph_set(e, "labeldistance", "1.4");
        } else if (f->condition && model_type_is_activity(src->type)) {
            graph_set(e, "dir", "both");
            graph_set(e, "arrowtail", "odiamond");
        }
    }
    edge_label(rg, e, f->e.name, model_type_is_gateway(src->type) ? f->condition : NULL, mk);
}

/* An end of a message flow at a black-box pool: a point in its strip. */
static end pool_end(render_graph *rg, int part, Agnode_t **slot, const char *prefix,
                    const char *id)
{
    if (part < 0 || rg->part_c[part] < 0)
        return (end){NULL, NULL};
    *slot = graph_anchor(rg, prefix, id);
    graph_band(rg, *slot, rg->part_c[part], 0);
    return (end){*slot, NULL};
}

void graph_add_msgflow(render_graph *rg, int i)
{
    const model_msgflow *f = model_msgflow_at(rg->m, i);
    end t = f->source_node >= 0 ? node_end(rg, f->source_node, 1)
                                : pool_end(rg, f->source_part, &rg->msgs[i].port_s, "#ms:", f->e.id);
    end h = f->target_node >= 0 ? node_end(rg, f->target_node, 0)
                                : pool_end(rg, f->target_part, &rg->msgs[i].port_t, "#mt:", f->e.id);
    if (!t.n || !h.n)
        return;
    /* minlen 1: a message is received after it is sent, and a labelled
     * edge inside one rank (a "flat" edge) trips a double free in dot */
    Agedge_t *e = connect(rg, t, h, f->e.id);
    rg->msgs[i].e = e;
    graph_set(e, "class", "messageFlow");
    graph_set(e, "style", "dashed");
    graph_set(e, "color", "gray30");
    graph_set(e, "dir", "both");
    graph_set(e, "arrowhead", "onormal");
    graph_set(e, "arrowtail", "odot");
    const render_mark *mk = graph_mark_of(rg->dc ? rg->dc->msgflows : NULL, i);
    edge_label(rg, e, f->e.name, NULL, mk);
    if (mk && mk->pen)
        graph_set(e, "style", "dashed,bold");
}

/* Sub-process anchors come before its first children and after its last. */
void graph_link_sub_anchors(render_graph *rg)
{
    const model *m = rg->m;
    for (size_t s = 0; s < model_node_count(m); s++) {
        if (rg->nodes[s].sub < 0)
            continue;
        const model_node *n = model_node_at(m, (int)s);
        for (int k = 0; k < n->nchildren; k++) {
            int c = n->children[k];
            const model_node *cn = model_node_at(m, c);
            if (cn->type == MODEL_BOUNDARY_EVENT)
                continue;
            Agnode_t *in = rg->nodes[c].v ? rg->nodes[c].v : rg->nodes[c].sub_in;
            Agnode_t *out = rg->nodes[c].v ? rg->nodes[c].v : rg->nodes[c].sub_out;
            if (!in || !out)
                continue;
            if (cn->nin == 0)
                graph_helper(rg, rg->nodes[s].sub_in, in, "1");
            if (cn->nout == 0)
                graph_helper(rg, out, rg->nodes[s].sub_out, "1");
        }
    }
}
