/*
 * bpmn_read: streams a BPMN definitions file into a model.
 *
 * The file is read with an xmlTextReader: every child of a process (a task,
 * a flow, a lane set, a whole sub-process) and every other top-level
 * element is expanded into a small tree, read, and freed before the next,
 * so memory follows the model, not the document.  That forces two phases:
 * while streaming, every element that owns an id is created and every
 * reference is kept as a string with its line; after the stream, the
 * references are resolved -- flows' ends, defaults, boundary attachments,
 * lane members, participants, message flows, DI -- so that forward
 * references work and every dangling one is reported, not just the first.
 */
#include "bpmn_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "alloc.h"
#include "xmlsafe.h"

/* A reference kept for the resolution phase: owner index, target id. */
typedef struct pref {
    int owner;
    const char *ref;
    int line;
} pref;

typedef struct pflow {
    model_flow f;
    const char *src, *dst;
} pflow;

typedef struct pmsg {
    model_msgflow f;
    const char *src, *dst;
} pmsg;

/* A flow node's <incoming> or <outgoing> child: which flow it lists. */
typedef struct pend {
    int owner;
    const char *ref;
    int line;
    int outgoing;
} pend;

typedef struct pshape {
    const char *ref;
    model_bounds b;
} pshape;

typedef struct pedge {
    const char *ref;
    const double *xy;
    int n;
} pedge;

#define VEC(T) struct { T *items; size_t n; }
#define PUSH(v, ...) (*ALLOC_PUSH((v).items, (v).n) = __VA_ARGS__)

/* Documentation is gathered in one growable buffer and copied into the
 * model once per element: joining each new <documentation> to a fresh copy
 * of all the text before it cost memory with the square of their number
 * (1.2 MB of them took 5 GB). */
typedef struct docbuf {
    char *s;
    size_t n, cap;
} docbuf;

typedef struct reader {
    model *m;
    diag_list *d;
    const char *file;
    VEC(pflow) flows;
    VEC(pref) defaults, attached, members, procrefs;
    VEC(pmsg) msgs;
    VEC(pshape) shapes;
    VEC(pedge) edges;
    docbuf doc;  /* one element's documentation, as it is gathered */
    docbuf pdoc; /* the streamed process's, gathered child by child */
    VEC(pend) ends;
    int nhints; /* "did you mean" suggestions made (near_hint) */
} reader;

static int in_ns(xmlNodePtr x, const char *ns)
{
    return x->type == XML_ELEMENT_NODE && x->ns && x->ns->href &&
           strcmp((const char *)x->ns->href, ns) == 0;
}

static int is_bpmn(xmlNodePtr x, const char *name)
{
    return in_ns(x, BPMN_NS_MODEL) && (!name || strcmp((const char *)x->name, name) == 0);
}

static int line_of(xmlNodePtr x)
{
    long l = xmlGetLineNo(x);
    return l > 0 ? (int)l : 0;
}

/* Attribute value copied into the model, NULL when absent. */
static const char *attr(reader *r, xmlNodePtr x, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(x, (const xmlChar *)name);
    if (!v)
        return NULL;
    const char *s = model_strdup(r->m, (const char *)v);
    xmlFree(v);
    return s;
}

static int attr_bool(xmlNodePtr x, const char *name, int dflt)
{
    xmlChar *v = xmlGetNoNsProp(x, (const xmlChar *)name);
    if (!v)
        return dflt;
    int b = strcmp((const char *)v, "true") == 0 || strcmp((const char *)v, "1") == 0;
    xmlFree(v);
    return b;
}

static const char *text_of(reader *r, xmlNodePtr x)
{
    char *t = xmlsafe_text(x);
    const char *s = model_strdup(r->m, t);
    free(t);
    return s;
}

static void report(reader *r, diag_severity sev, int line, const char *elem, const char *code,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void report(reader *r, diag_severity sev, int line, const char *elem, const char *code,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_addv(r->d, sev, code, r->file, line, elem, NULL, fmt, ap);
    va_end(ap);
}

/* Appends t (may be NULL), a newline between pieces. */
static void doc_append(docbuf *b, const char *t)
{
    if (!t)
        return;
    size_t k = strlen(t), need = b->n + k + 2;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < need)
            cap *= 2;
        b->s = alloc_resize(b->s, cap, 1);
        b->cap = cap;
    }
    if (b->n)
        b->s[b->n++] = '\n';
    memcpy(b->s + b->n, t, k + 1);
    b->n += k;
}

/* The text gathered so far, copied into the model (NULL when none); the
 * buffer is emptied for the next element. */
static const char *doc_take(reader *r, docbuf *b)
{
    const char *s = b->n ? model_strdup(r->m, b->s) : NULL;
    b->n = 0;
    return s;
}

/* Appends the trimmed text of x. */
static void doc_add_node(docbuf *b, xmlNodePtr x)
{
    char *t = xmlsafe_text(x);
    doc_append(b, t);
    free(t);
}

/* Fills the common id/name/documentation fields; reports a missing id
 * (then returns -1: the element is left out). */
static int read_elem(reader *r, xmlNodePtr x, model_elem *e)
{
    e->id = attr(r, x, "id");
    e->name = attr(r, x, "name");
    e->line = line_of(x);
    e->doc = NULL;
    if (!e->id) {
        report(r, DIAG_ERROR, e->line, NULL, "missing-attribute",
               "element '%s' lacks its required attribute 'id'", (const char *)x->name);
        return -1;
    }
    for (xmlNodePtr c = x->children; c; c = c->next)
        if (is_bpmn(c, "documentation"))
            doc_add_node(&r->doc, c);
    e->doc = doc_take(r, &r->doc);
    return 0;
}

/* Registers an id; a duplicate is reported and the caller leaves the
 * element out.  Registering before adding keeps indices dense. */
static int register_id(reader *r, int line, const char *id, const char *tag, model_kind k, int index)
{
    if (model_register_id(r->m, id, k, index) == 0)
        return 0;
    report(r, DIAG_ERROR, line, id, "duplicate-id",
           "duplicate id '%s' (the element '%s' on this line is ignored)", id, tag);
    return -1;
}

typedef struct node_kind {
    const char *tag;
    model_node_type type;
    const char *read_as; /* non-NULL: not modelled, read as this with a warning */
} node_kind;

static const node_kind node_kinds[] = {
    {"startEvent", MODEL_START_EVENT, NULL},
    {"endEvent", MODEL_END_EVENT, NULL},
    {"intermediateCatchEvent", MODEL_CATCH_EVENT, NULL},
    {"intermediateThrowEvent", MODEL_THROW_EVENT, NULL},
    {"boundaryEvent", MODEL_BOUNDARY_EVENT, NULL},
    {"task", MODEL_TASK, NULL},
    {"userTask", MODEL_USER_TASK, NULL},
    {"serviceTask", MODEL_SERVICE_TASK, NULL},
    {"scriptTask", MODEL_SCRIPT_TASK, NULL},
    {"manualTask", MODEL_MANUAL_TASK, NULL},
    {"businessRuleTask", MODEL_BUSINESS_RULE_TASK, NULL},
    {"sendTask", MODEL_SEND_TASK, NULL},
    {"receiveTask", MODEL_RECEIVE_TASK, NULL},
    {"subProcess", MODEL_SUB_PROCESS, NULL},
    {"callActivity", MODEL_CALL_ACTIVITY, NULL},
    {"exclusiveGateway", MODEL_EXCLUSIVE_GATEWAY, NULL},
    {"parallelGateway", MODEL_PARALLEL_GATEWAY, NULL},
    {"inclusiveGateway", MODEL_INCLUSIVE_GATEWAY, NULL},
    {"eventBasedGateway", MODEL_EVENT_GATEWAY, NULL},
    {"transaction", MODEL_SUB_PROCESS, "a plain subProcess (no compensation or cancel semantics)"},
    {"adHocSubProcess", MODEL_SUB_PROCESS, "a plain subProcess (its ad-hoc ordering is ignored)"},
    {"complexGateway", MODEL_INCLUSIVE_GATEWAY, "an inclusive gateway (its activation condition is ignored)"},
};

/* Elements with no behaviour that are skipped without a word. */
static const char *const silent_tags[] = {
    "documentation", "incoming", "outgoing", "extensionElements", "ioSpecification", "property",
    "textAnnotation", "association", "group", "laneSet", "sequenceFlow",
    "dataInputAssociation", "dataOutputAssociation", "auditing", "monitoring",
    "category", NULL,
};

static const node_kind *find_node_kind(const char *tag)
{
    for (size_t i = 0; i < sizeof node_kinds / sizeof node_kinds[0]; i++)
        if (strcmp(node_kinds[i].tag, tag) == 0)
            return &node_kinds[i];
    return NULL;
}

static int is_silent(const char *tag)
{
    for (int i = 0; silent_tags[i]; i++)
        if (strcmp(silent_tags[i], tag) == 0)
            return 1;
    return 0;
}

static model_evdef evdef_of(const char *tag)
{
    static const struct { const char *tag; model_evdef d; } t[] = {
        {"timerEventDefinition", MODEL_EVDEF_TIMER},
        {"messageEventDefinition", MODEL_EVDEF_MESSAGE},
        {"signalEventDefinition", MODEL_EVDEF_SIGNAL},
        {"errorEventDefinition", MODEL_EVDEF_ERROR},
        {"escalationEventDefinition", MODEL_EVDEF_ESCALATION},
        {"terminateEventDefinition", MODEL_EVDEF_TERMINATE},
        {"conditionalEventDefinition", MODEL_EVDEF_CONDITIONAL},
        {"linkEventDefinition", MODEL_EVDEF_LINK},
        {"compensateEventDefinition", MODEL_EVDEF_COMPENSATE},
        {"cancelEventDefinition", MODEL_EVDEF_CANCEL},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].tag, tag) == 0)
            return t[i].d;
    return MODEL_EVDEF_NONE;
}

static void read_event_defs(reader *r, xmlNodePtr x, model_node *n)
{
    for (xmlNodePtr c = x->children; c; c = c->next) {
        if (!in_ns(c, BPMN_NS_MODEL))
            continue;
        model_evdef d = evdef_of((const char *)c->name);
        if (d == MODEL_EVDEF_NONE)
            continue;
        if (n->nevdefs++ > 0)
            continue; /* the first definition decides; the count tells */
        n->evdef = d;
        static const char *const refs[] = {"messageRef", "signalRef", "errorRef",
                                           "escalationRef", NULL};
        for (int i = 0; refs[i] && !n->evdef_ref; i++)
            n->evdef_ref = attr(r, c, refs[i]);
        if (d == MODEL_EVDEF_LINK)
            n->link_name = attr(r, c, "name");
        for (xmlNodePtr t = c->children; t; t = t->next) {
            if (is_bpmn(t, "timeDuration"))
                n->timer_kind = MODEL_TIMER_DURATION;
            else if (is_bpmn(t, "timeDate"))
                n->timer_kind = MODEL_TIMER_DATE;
            else if (is_bpmn(t, "timeCycle"))
                n->timer_kind = MODEL_TIMER_CYCLE;
            else if (is_bpmn(t, "condition"))
                n->condition = text_of(r, t);
            else
                continue;
            if (!is_bpmn(t, "condition"))
                n->timer_text = text_of(r, t);
        }
    }
}

static model_loop loop_of(xmlNodePtr x)
{
    for (xmlNodePtr c = x->children; c; c = c->next) {
        if (is_bpmn(c, "standardLoopCharacteristics"))
            return MODEL_LOOP_STANDARD;
        if (is_bpmn(c, "multiInstanceLoopCharacteristics"))
            return attr_bool(c, "isSequential", 0) ? MODEL_LOOP_MI_SEQUENTIAL
                                                   : MODEL_LOOP_MI_PARALLEL;
    }
    return MODEL_LOOP_NONE;
}

static void walk_child(reader *r, xmlNodePtr x, int process, int parent);
static void walk_lanes(reader *r, xmlNodePtr laneset, int process, int parent_lane, int depth);

static void read_node(reader *r, xmlNodePtr x, const node_kind *k, int process, int parent)
{
    model_node n = {0};
    if (read_elem(r, x, &n.e) < 0)
        return;
    if (k->read_as)
        report(r, DIAG_WARNING, n.e.line, n.e.id, "unsupported-element",
               "'%s' is not modelled by flowmc; it is read as %s", (const char *)x->name,
               k->read_as);
    n.type = k->type;
    n.process = process;
    n.parent = parent;
    n.lane = -1;
    n.attached_to = -1;
    n.default_flow = -1;
    n.called_process = -1;
    n.link_target = -1;
    /* boundary events say cancelActivity, (event sub-process) start events
     * isInterrupting; both default to interrupting */
    n.cancel_activity = attr_bool(x, n.type == MODEL_START_EVENT ? "isInterrupting"
                                                                 : "cancelActivity", 1);
    n.parallel_multiple = attr_bool(x, "parallelMultiple", 0);
    n.triggered_by_event = attr_bool(x, "triggeredByEvent", 0);
    n.instantiate = attr_bool(x, "instantiate", 0);
    n.called_element = attr(r, x, "calledElement");
    n.loop = loop_of(x);
    if (model_type_is_event(n.type))
        read_event_defs(r, x, &n);
    int idx = (int)model_node_count(r->m);
    if (register_id(r, n.e.line, n.e.id, (const char *)x->name, MODEL_KIND_NODE, idx) < 0)
        return;
    model_add_node(r->m, &n);
    const char *dflt = attr(r, x, "default");
    if (dflt)
        PUSH(r->defaults, (pref){idx, dflt, n.e.line});
    if (n.type == MODEL_BOUNDARY_EVENT) {
        const char *a = attr(r, x, "attachedToRef");
        if (a)
            PUSH(r->attached, (pref){idx, a, n.e.line});
        else
            report(r, DIAG_ERROR, n.e.line, n.e.id, "missing-attribute",
                   "'%s' lacks its required attribute 'attachedToRef'", n.e.id);
    }
    /* bpmn-js, Camunda and Signavio repeat each node's flows as
     * <incoming>/<outgoing> children: standard, redundant with the flows'
     * sourceRef/targetRef, so they are only checked against them */
    for (xmlNodePtr c = x->children; c; c = c->next)
        if (is_bpmn(c, "incoming") || is_bpmn(c, "outgoing"))
            PUSH(r->ends, (pend){idx, text_of(r, c), line_of(c), is_bpmn(c, "outgoing")});
    if (n.type == MODEL_SUB_PROCESS)
        for (xmlNodePtr c = x->children; c; c = c->next)
            walk_child(r, c, process, idx);
}

static void read_flow(reader *r, xmlNodePtr x, int process, int parent)
{
    pflow p = {0};
    if (read_elem(r, x, &p.f.e) < 0)
        return;
    p.f.process = process;
    p.f.parent = parent;
    p.src = attr(r, x, "sourceRef");
    p.dst = attr(r, x, "targetRef");
    for (xmlNodePtr c = x->children; c; c = c->next)
        if (is_bpmn(c, "conditionExpression"))
            p.f.condition = text_of(r, c);
    PUSH(r->flows, p);
}

/* One child element of a process or sub-process. */
static void walk_child(reader *r, xmlNodePtr x, int process, int parent)
{
    if (x->type != XML_ELEMENT_NODE || !in_ns(x, BPMN_NS_MODEL))
        return;
    const char *tag = (const char *)x->name;
    const node_kind *k = find_node_kind(tag);
    int line = line_of(x);
    if (k) {
        read_node(r, x, k, process, parent);
        return;
    }
    if (strcmp(tag, "sequenceFlow") == 0) {
        read_flow(r, x, process, parent);
        return;
    }
    if (strcmp(tag, "laneSet") == 0 && parent < 0) {
        walk_lanes(r, x, process, -1, 0);
        return;
    }
    if (strcmp(tag, "laneSet") == 0)
        report(r, DIAG_WARNING, line, NULL, "unsupported-element",
               "lanes inside a sub-process are not modelled by flowmc and are ignored");
    else if (!is_silent(tag))
        report(r, DIAG_WARNING, line, NULL, "unsupported-element",
               "'%s' is not modelled by flowmc and is ignored", tag);
    /* artifacts and data keep their ids: duplicates are still caught, and
     * lanes that list them (Signavio does) are not dangling */
    const char *id = attr(r, x, "id");
    if (id)
        register_id(r, line, id, tag, MODEL_KIND_OTHER, -1);
    for (xmlNodePtr c = x->children; strcmp(tag, "ioSpecification") == 0 && c; c = c->next)
        if (in_ns(c, BPMN_NS_MODEL) && (id = attr(r, c, "id")))
            register_id(r, line_of(c), id, (const char *)c->name, MODEL_KIND_OTHER, -1);
}

static void walk_lanes(reader *r, xmlNodePtr laneset, int process, int parent_lane, int depth)
{
    const char *lsid = attr(r, laneset, "id");
    if (lsid)
        register_id(r, line_of(laneset), lsid, "laneSet", MODEL_KIND_OTHER, -1);
    for (xmlNodePtr x = laneset->children; x; x = x->next) {
        if (!is_bpmn(x, "lane"))
            continue;
        model_lane l = {0};
        if (read_elem(r, x, &l.e) < 0)
            continue;
        l.process = process;
        l.parent = parent_lane;
        l.depth = depth;
        int idx = (int)model_lane_count(r->m);
        if (register_id(r, l.e.line, l.e.id, "lane", MODEL_KIND_LANE, idx) < 0)
            continue;
        model_add_lane(r->m, &l);
        for (xmlNodePtr c = x->children; c; c = c->next) {
            if (is_bpmn(c, "flowNodeRef"))
                PUSH(r->members, (pref){idx, text_of(r, c), line_of(c)});
            else if (is_bpmn(c, "childLaneSet"))
                walk_lanes(r, c, process, idx, depth + 1);
        }
    }
}

static void read_collaboration(reader *r, xmlNodePtr x)
{
    const char *id = attr(r, x, "id");
    if (id && register_id(r, line_of(x), id, "collaboration", MODEL_KIND_OTHER, -1) < 0)
        return;
    if (model_collaboration_id(r->m)) {
        report(r, DIAG_WARNING, line_of(x), id, "unsupported-element",
               "a second collaboration '%s' is ignored; flowmc reads the first", id ? id : "");
        return;
    }
    model_set_collaboration(r->m, id ? id : "");
    for (xmlNodePtr c = x->children; c; c = c->next) {
        if (is_bpmn(c, "participant")) {
            model_participant p = {0};
            if (read_elem(r, c, &p.e) < 0)
                continue;
            p.process = -1;
            int idx = (int)model_participant_count(r->m);
            if (register_id(r, p.e.line, p.e.id, "participant", MODEL_KIND_PARTICIPANT, idx) < 0)
                continue;
            model_add_participant(r->m, &p);
            const char *pref_id = attr(r, c, "processRef");
            if (pref_id)
                PUSH(r->procrefs, (pref){idx, pref_id, p.e.line});
        } else if (is_bpmn(c, "messageFlow")) {
            pmsg p = {0};
            if (read_elem(r, c, &p.f.e) < 0)
                continue;
            p.src = attr(r, c, "sourceRef");
            p.dst = attr(r, c, "targetRef");
            PUSH(r->msgs, p);
        }
    }
}

static double num_attr(xmlNodePtr x, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(x, (const xmlChar *)name);
    double d = v ? strtod((const char *)v, NULL) : 0;
    xmlFree(v);
    return d;
}

static void read_diagram(reader *r, xmlNodePtr diagram)
{
    for (xmlNodePtr plane = diagram->children; plane; plane = plane->next) {
        if (!in_ns(plane, BPMN_NS_DI) || strcmp((const char *)plane->name, "BPMNPlane") != 0)
            continue;
        for (xmlNodePtr s = plane->children; s; s = s->next) {
            if (!in_ns(s, BPMN_NS_DI))
                continue;
            const char *ref = attr(r, s, "bpmnElement");
            if (!ref)
                continue;
            if (strcmp((const char *)s->name, "BPMNShape") == 0) {
                for (xmlNodePtr c = s->children; c; c = c->next)
                    if (in_ns(c, BPMN_NS_DC) && strcmp((const char *)c->name, "Bounds") == 0)
                        PUSH(r->shapes, (pshape){ref, {num_attr(c, "x"), num_attr(c, "y"),
                                                       num_attr(c, "width"),
                                                       num_attr(c, "height"), 1}});
            } else if (strcmp((const char *)s->name, "BPMNEdge") == 0) {
                int n = 0;
                for (xmlNodePtr c = s->children; c; c = c->next)
                    n += in_ns(c, BPMN_NS_DDI) && strcmp((const char *)c->name, "waypoint") == 0;
                if (n == 0)
                    continue;
                double *xy = alloc_resize(NULL, sizeof(double) * 2 * (size_t)n, 1);
                int k = 0;
                for (xmlNodePtr c = s->children; c; c = c->next)
                    if (in_ns(c, BPMN_NS_DDI) && strcmp((const char *)c->name, "waypoint") == 0) {
                        xy[2 * k] = num_attr(c, "x");
                        xy[2 * k + 1] = num_attr(c, "y");
                        k++;
                    }
                PUSH(r->edges, (pedge){ref, xy, n});
            }
        }
    }
}

/* ---- resolution ------------------------------------------------------ */

/* ---- "did you mean" for a dangling id ------------------------------- */

/* The ids a dangling reference is compared with: the kinds it may name. */
enum { NEAR_NODES = 1, NEAR_PROCESSES = 2, NEAR_PARTICIPANTS = 4 };

/* Suggestions stop after this many per file: each one compares the id
 * with every id of its kinds, and a hostile file may dangle every flow. */
#define NEAR_MAX_SUGGESTIONS 64
/* Longer ids get no suggestion (the distance rows live on the stack). */
#define NEAR_MAX_LEN 128

/* Optimal string alignment distance between a and b (insertions,
 * deletions, substitutions and swaps of two adjacent characters, each
 * costing 1), or max + 1 as soon as it is known to exceed max. */
static size_t near_distance(const char *a, size_t la, const char *b, size_t lb, size_t max)
{
    if ((la > lb ? la - lb : lb - la) > max)
        return max + 1;
    size_t rows[3][NEAR_MAX_LEN + 1];
    size_t *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t low = cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t d = sub < del ? sub : del;
            d = d < ins ? d : ins;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + 1 < d)
                d = pp[j - 2] + 1;
            cur[j] = d;
            low = d < low ? d : low;
        }
        if (low > max)
            return max + 1;
        size_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

/* The closest ids to a dangling ref, at most three tied at the best
 * distance, in document order. */
typedef struct near {
    const char *ref;
    size_t len, best;
    const char *ids[3];
    int n;
} near;

static void near_consider(near *nr, const char *id)
{
    size_t len = id ? strlen(id) : 0;
    if (!len || len > NEAR_MAX_LEN)
        return;
    size_t d = near_distance(nr->ref, nr->len, id, len, nr->best);
    if (d > nr->best || d == 0)
        return;
    if (d < nr->best) {
        nr->best = d;
        nr->n = 0;
    }
    if (nr->n < 3)
        nr->ids[nr->n++] = id;
}

/* "; did you mean 'X'?" (or 'X' or 'Y'...) into buf when an id of the
 * kinds is close to ref: within one edit in three characters, at most
 * three edits; else "".  Close means a typo, not a similar scheme
 * ("Task_9" is not suggested 'T1'). */
static const char *near_hint(reader *r, const char *ref, int kinds, char *buf, size_t cap)
{
    buf[0] = 0;
    size_t len = ref ? strlen(ref) : 0;
    size_t max = len / 3 < 3 ? len / 3 : 3;
    if (!max || len > NEAR_MAX_LEN || r->nhints >= NEAR_MAX_SUGGESTIONS)
        return buf;
    r->nhints++;
    near nr = {ref, len, max, {NULL}, 0};
    if (kinds & NEAR_NODES)
        for (size_t i = 0; i < model_node_count(r->m); i++)
            near_consider(&nr, model_node_at(r->m, (int)i)->e.id);
    if (kinds & NEAR_PROCESSES)
        for (size_t i = 0; i < model_process_count(r->m); i++)
            near_consider(&nr, model_process_at(r->m, (int)i)->e.id);
    if (kinds & NEAR_PARTICIPANTS)
        for (size_t i = 0; i < model_participant_count(r->m); i++)
            near_consider(&nr, model_participant_at(r->m, (int)i)->e.id);
    if (nr.n == 1)
        snprintf(buf, cap, "; did you mean '%s'?", nr.ids[0]);
    else if (nr.n == 2)
        snprintf(buf, cap, "; did you mean '%s' or '%s'?", nr.ids[0], nr.ids[1]);
    else if (nr.n == 3)
        snprintf(buf, cap, "; did you mean '%s', '%s' or '%s'?", nr.ids[0], nr.ids[1],
                 nr.ids[2]);
    return buf;
}

/* Node index of ref, reporting a missing or dangling end of owner. */
static int node_ref(reader *r, const char *ref, int line, const char *kind, const char *owner,
                    const char *role, const char *attrname)
{
    if (!ref) {
        report(r, DIAG_ERROR, line, owner, "missing-attribute",
               "'%s' lacks its required attribute '%s'", owner, attrname);
        return -1;
    }
    int i = model_find_node(r->m, ref);
    char hint[3 * NEAR_MAX_LEN + 64];
    if (i < 0)
        report(r, DIAG_ERROR, line, owner, "dangling-ref", "%s '%s' %s unknown element '%s'%s",
               kind, owner, role, ref, near_hint(r, ref, NEAR_NODES, hint, sizeof hint));
    return i;
}

static void resolve_flows(reader *r)
{
    for (size_t k = 0; k < r->flows.n; k++) {
        pflow *p = &r->flows.items[k];
        model_flow f = p->f;
        int line = f.e.line;
        f.source = node_ref(r, p->src, line, "sequence flow", f.e.id, "starts at", "sourceRef");
        f.target = node_ref(r, p->dst, line, "sequence flow", f.e.id, "targets", "targetRef");
        if (f.source < 0 || f.target < 0)
            continue;
        const model_node *s = model_node_at(r->m, f.source);
        const model_node *t = model_node_at(r->m, f.target);
        if (s->process != f.process || t->process != f.process) {
            diag_add(r->d, DIAG_ERROR, "cross-process", r->file, line, f.e.id, f.e.name,
                     "sequence flow '%s' joins '%s' and '%s' across processes; use a message flow",
                     f.e.id, s->e.id, t->e.id);
            continue;
        }
        if (s->parent != f.parent || t->parent != f.parent) {
            diag_add(r->d, DIAG_ERROR, "cross-scope", r->file, line, f.e.id, f.e.name,
                     "sequence flow '%s' crosses a sub-process boundary between '%s' and '%s'",
                     f.e.id, s->e.id, t->e.id);
            continue;
        }
        if (register_id(r, line, f.e.id, "sequenceFlow", MODEL_KIND_FLOW,
                        (int)model_flow_count(r->m)) == 0)
            model_add_flow(r->m, &f);
    }
}

static void resolve_nodes(reader *r)
{
    for (size_t k = 0; k < r->attached.n; k++) {
        pref *p = &r->attached.items[k];
        model_node *n = model_node_edit(r->m, p->owner);
        int a = node_ref(r, p->ref, p->line, "boundary event", n->e.id, "is attached to",
                         "attachedToRef");
        if (a >= 0 && !model_type_is_activity(model_node_at(r->m, a)->type))
            report(r, DIAG_ERROR, p->line, n->e.id, "bad-attachment",
                   "boundary event '%s' is attached to '%s', which is not an activity", n->e.id,
                   model_node_at(r->m, a)->e.id);
        else
            n->attached_to = a;
    }
    for (size_t k = 0; k < r->defaults.n; k++) {
        pref *p = &r->defaults.items[k];
        model_node *n = model_node_edit(r->m, p->owner);
        int f = model_find_flow(r->m, p->ref);
        if (f < 0 || model_flow_at(r->m, f)->source != p->owner) {
            report(r, DIAG_ERROR, p->line, n->e.id, "bad-default",
                   "default flow '%s' of '%s' is not one of its outgoing sequence flows", p->ref,
                   n->e.id);
            continue;
        }
        n->default_flow = f;
        model_flow_edit(r->m, f)->is_default = 1;
    }
    for (size_t i = 0; i < model_node_count(r->m); i++) {
        model_node *n = model_node_edit(r->m, (int)i);
        if (n->type != MODEL_CALL_ACTIVITY)
            continue;
        if (!n->called_element)
            report(r, DIAG_WARNING, n->e.line, n->e.id, "missing-attribute",
                   "call activity '%s' names no calledElement", n->e.id);
        else if ((n->called_process = model_find_process(r->m, n->called_element)) < 0)
            /* a note, not a warning: calling another file's process is
             * legitimate BPMN; a scenario binds it for simulation */
            diag_add(r->d, DIAG_NOTE, "external-call", r->file, n->e.line, n->e.id, n->e.name,
                     "call activity '%s' calls '%s', which is not a process in this file; it "
                     "is treated as one atomic activity",
                     n->e.id, n->called_element);
    }
}

static const char *link_key(const model_node *n)
{
    return n->link_name && *n->link_name ? n->link_name : n->e.name;
}

/* Each link throw event's catch: same name, same process level. */
static void resolve_links(reader *r)
{
    size_t nn = model_node_count(r->m);
    for (size_t i = 0; i < nn; i++) {
        model_node *t = model_node_edit(r->m, (int)i);
        if (t->type != MODEL_THROW_EVENT || t->evdef != MODEL_EVDEF_LINK)
            continue;
        const char *key = link_key(t);
        int found = 0;
        for (size_t j = 0; key && j < nn; j++) {
            const model_node *c = model_node_at(r->m, (int)j);
            if (c->type != MODEL_CATCH_EVENT || c->evdef != MODEL_EVDEF_LINK ||
                c->process != t->process || c->parent != t->parent || !link_key(c) ||
                strcmp(link_key(c), key) != 0)
                continue;
            if (found++ == 0)
                t->link_target = (int)j;
        }
        if (!found)
            report(r, DIAG_WARNING, t->e.line, t->e.id, "link-unmatched",
                   "link throw event '%s' has no link catch event named '%s' at its process "
                   "level: the path stops there", t->e.id, key ? key : "");
        else if (found > 1)
            report(r, DIAG_WARNING, t->e.line, t->e.id, "link-ambiguous",
                   "link throw event '%s' matches %d link catch events named '%s' at its "
                   "process level; it jumps to the first, '%s'", t->e.id, found, key,
                   model_node_at(r->m, t->link_target)->e.id);
    }
}

/* A node's <incoming>/<outgoing> lists must name flows that end or start
 * there, and, once a node lists any flow of one direction, every flow of
 * that direction: a contradiction is a warning (the flows decide). */
static void resolve_ends(reader *r)
{
    size_t nn = model_node_count(r->m);
    int *listed = nn ? alloc_zero(2 * nn, sizeof *listed) : NULL;
    for (size_t k = 0; k < r->ends.n; k++) {
        pend *p = &r->ends.items[k];
        const model_node *n = model_node_at(r->m, p->owner);
        const char *dir = p->outgoing ? "outgoing" : "incoming";
        int f = p->ref ? model_find_flow(r->m, p->ref) : -1;
        const model_flow *fl = f >= 0 ? model_flow_at(r->m, f) : NULL;
        if (fl && (p->outgoing ? fl->source : fl->target) == p->owner) {
            listed[2 * (size_t)p->owner + (size_t)p->outgoing]++;
            continue;
        }
        if (!fl)
            report(r, DIAG_WARNING, p->line, n->e.id, "flow-list",
                   "'%s' lists %s flow '%s', which is not a sequence flow of this file", n->e.id,
                   dir, p->ref ? p->ref : "");
        else
            report(r, DIAG_WARNING, p->line, n->e.id, "flow-list",
                   "'%s' lists %s flow '%s', but that flow %s '%s'", n->e.id, dir, p->ref,
                   p->outgoing ? "starts at" : "ends at",
                   model_node_at(r->m, p->outgoing ? fl->source : fl->target)->e.id);
        listed[2 * (size_t)p->owner + (size_t)p->outgoing] = -1 - (int)nn; /* said once */
    }
    int *actual = nn ? alloc_zero(2 * nn, sizeof *actual) : NULL;
    for (size_t i = 0; i < model_flow_count(r->m); i++) {
        const model_flow *fl = model_flow_at(r->m, (int)i);
        actual[2 * (size_t)fl->source + 1]++;
        actual[2 * (size_t)fl->target]++;
    }
    for (size_t i = 0; i < 2 * nn; i++)
        if (listed[i] > 0 && listed[i] < actual[i]) {
            const model_node *n = model_node_at(r->m, (int)(i / 2));
            report(r, DIAG_WARNING, n->e.line, n->e.id, "flow-list",
                   "'%s' lists %d of its %d %s flows", n->e.id, listed[i], actual[i],
                   i % 2 ? "outgoing" : "incoming");
        }
    free(listed);
    free(actual);
}

static int lane_is_ancestor(const model *m, int anc, int lane)
{
    for (; lane >= 0; lane = model_lane_at(m, lane)->parent)
        if (lane == anc)
            return 1;
    return 0;
}

static void resolve_lanes(reader *r)
{
    for (size_t k = 0; k < r->members.n; k++) {
        pref *p = &r->members.items[k];
        const model_lane *l = model_lane_at(r->m, p->owner);
        model_kind kind = MODEL_KIND_NONE;
        int ni = p->ref ? model_find(r->m, p->ref, &kind) : -1;
        if (kind == MODEL_KIND_OTHER)
            continue; /* an artifact or data object: nothing to place */
        if (ni < 0 || kind != MODEL_KIND_NODE) {
            char hint[3 * NEAR_MAX_LEN + 64];
            diag_add(r->d, DIAG_ERROR, "dangling-ref", r->file, p->line, l->e.id, l->e.name,
                     "lane '%s' lists unknown flow node '%s'%s", l->e.id, p->ref ? p->ref : "",
                     near_hint(r, p->ref, NEAR_NODES, hint, sizeof hint));
            continue;
        }
        model_node *n = model_node_edit(r->m, ni);
        if (n->process != l->process) {
            diag_add(r->d, DIAG_ERROR, "cross-process", r->file, p->line, l->e.id, l->e.name,
                     "lane '%s' lists '%s', which belongs to another process", l->e.id, n->e.id);
            continue;
        }
        if (n->lane >= 0 && !lane_is_ancestor(r->m, n->lane, p->owner) &&
            !lane_is_ancestor(r->m, p->owner, n->lane)) {
            diag_add(r->d, DIAG_ERROR, "two-lanes", r->file, p->line, n->e.id, n->e.name,
                     "flow node '%s' is in two lanes, '%s' and '%s'", n->e.id,
                     model_lane_at(r->m, n->lane)->e.id, l->e.id);
            continue;
        }
        /* the innermost lane wins when a parent lane lists it too */
        if (n->lane < 0 || model_lane_at(r->m, n->lane)->depth < l->depth)
            n->lane = p->owner;
        model_lane_add_member(r->m, p->owner, ni);
    }
}

static void resolve_collaboration(reader *r)
{
    for (size_t k = 0; k < r->procrefs.n; k++) {
        pref *p = &r->procrefs.items[k];
        model_participant *pa = model_participant_edit(r->m, p->owner);
        int proc = model_find_process(r->m, p->ref);
        if (proc < 0) {
            char hint[3 * NEAR_MAX_LEN + 64];
            report(r, DIAG_ERROR, p->line, pa->e.id, "dangling-ref",
                   "participant '%s' references unknown process '%s'%s", pa->e.id, p->ref,
                   near_hint(r, p->ref, NEAR_PROCESSES, hint, sizeof hint));
            continue;
        }
        pa->process = proc;
        model_process_edit(r->m, proc)->participant = p->owner;
    }
    for (size_t k = 0; k < r->msgs.n; k++) {
        pmsg *p = &r->msgs.items[k];
        model_msgflow f = p->f;
        const char *ends[2] = {p->src, p->dst};
        int node[2] = {-1, -1}, part[2] = {-1, -1}, ok = 1;
        for (int e = 0; e < 2 && ok; e++) {
            model_kind kind;
            int i = ends[e] ? model_find(r->m, ends[e], &kind) : -1;
            if (!ends[e]) {
                report(r, DIAG_WARNING, f.e.line, f.e.id, "missing-attribute",
                       "message flow '%s' lacks '%s'; it is ignored", f.e.id,
                       e ? "targetRef" : "sourceRef");
                ok = 0;
            } else if (i >= 0 && kind == MODEL_KIND_NODE) {
                node[e] = i;
                part[e] = model_process_at(r->m, model_node_at(r->m, i)->process)->participant;
            } else if (i >= 0 && kind == MODEL_KIND_PARTICIPANT) {
                part[e] = i;
            } else {
                /* bpmn.io imports these with a warning; so do we, dropping
                 * the flow, since no process behaviour hangs on it */
                char hint[3 * NEAR_MAX_LEN + 64];
                report(r, DIAG_WARNING, f.e.line, f.e.id, "dangling-ref",
                       "message flow '%s' references unknown node or participant '%s'; it is "
                       "ignored%s", f.e.id, ends[e],
                       near_hint(r, ends[e], NEAR_NODES | NEAR_PARTICIPANTS, hint, sizeof hint));
                ok = 0;
            }
        }
        if (!ok)
            continue;
        f.source_node = node[0];
        f.target_node = node[1];
        f.source_part = part[0];
        f.target_part = part[1];
        if (register_id(r, f.e.line, f.e.id, "messageFlow", MODEL_KIND_MSGFLOW,
                        (int)model_msgflow_count(r->m)) == 0)
            model_add_msgflow(r->m, &f);
    }
}

static void resolve_diagram(reader *r)
{
    /* DI of elements we do not model is not our business: skipped */
    for (size_t k = 0; k < r->shapes.n; k++) {
        model_kind kind;
        int i = model_find(r->m, r->shapes.items[k].ref, &kind);
        model_bounds *dst = NULL;
        if (i >= 0 && kind == MODEL_KIND_NODE)
            dst = &model_node_edit(r->m, i)->bounds;
        else if (i >= 0 && kind == MODEL_KIND_LANE)
            dst = &model_lane_edit(r->m, i)->bounds;
        else if (i >= 0 && kind == MODEL_KIND_PARTICIPANT)
            dst = &model_participant_edit(r->m, i)->bounds;
        if (dst && !dst->set)
            *dst = r->shapes.items[k].b;
    }
    for (size_t k = 0; k < r->edges.n; k++) {
        pedge *e = &r->edges.items[k];
        model_kind kind;
        int i = model_find(r->m, e->ref, &kind);
        int have = i < 0                    ? 1
                   : kind == MODEL_KIND_FLOW ? model_flow_at(r->m, i)->nwaypoints
                   : kind == MODEL_KIND_MSGFLOW ? model_msgflow_at(r->m, i)->nwaypoints
                                                : 1;
        if (!have)
            model_set_waypoints(r->m, kind, i, e->xy, e->n);
    }
}

/* ---- streaming ------------------------------------------------------- */

static const char *const unsupported_top[] = {
    "choreography", "globalTask", "globalUserTask", "globalManualTask",
    "globalScriptTask", "globalBusinessRuleTask", "conversation", NULL,
};

static void read_top(reader *r, xmlNodePtr x)
{
    if (in_ns(x, BPMN_NS_DI) && strcmp((const char *)x->name, "BPMNDiagram") == 0) {
        read_diagram(r, x);
        return;
    }
    if (!in_ns(x, BPMN_NS_MODEL))
        return;
    const char *tag = (const char *)x->name;
    if (strcmp(tag, "collaboration") == 0) {
        read_collaboration(r, x);
        return;
    }
    for (int i = 0; unsupported_top[i]; i++)
        if (strcmp(unsupported_top[i], tag) == 0)
            report(r, DIAG_WARNING, line_of(x), NULL, "unsupported-element",
                   "'%s' is not modelled by flowmc and is ignored", tag);
    /* messages, signals, errors, item definitions: ids only */
    const char *id = attr(r, x, "id");
    if (id)
        register_id(r, line_of(x), id, tag, MODEL_KIND_OTHER, -1);
}

/* With the reader on a start tag at depth `depth`, calls fn on each child
 * element, expanded, then leaves the reader past the end tag.  Returns the
 * last xmlTextReader status (1 ok, 0 end of input, -1 error). */
static int each_child(reader *r, xmlTextReaderPtr rd, int depth,
                      void (*fn)(reader *, xmlNodePtr, int), int arg)
{
    if (xmlTextReaderIsEmptyElement(rd))
        return xmlTextReaderRead(rd);
    int ret = xmlTextReaderRead(rd);
    while (ret == 1) {
        int type = xmlTextReaderNodeType(rd);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(rd) == depth)
            return xmlTextReaderRead(rd);
        if (type != XML_READER_TYPE_ELEMENT) {
            ret = xmlTextReaderRead(rd);
            continue;
        }
        xmlNodePtr x = xmlTextReaderExpand(rd);
        if (!x)
            return -1;
        fn(r, x, arg);
        ret = xmlTextReaderNext(rd);
    }
    return ret;
}

static void process_child(reader *r, xmlNodePtr x, int process)
{
    (void)process;
    if (is_bpmn(x, "documentation"))
        doc_add_node(&r->pdoc, x);
    else
        walk_child(r, x, process, -1);
}

static void top_child(reader *r, xmlNodePtr x, int unused)
{
    (void)unused;
    read_top(r, x);
}

/* The reader stands on <process>: create it, then stream its children. */
static int stream_process(reader *r, xmlTextReaderPtr rd)
{
    xmlNodePtr x = xmlTextReaderCurrentNode(rd);
    model_process p = {0};
    p.e.id = attr(r, x, "id");
    p.e.name = attr(r, x, "name");
    p.e.line = line_of(x);
    p.is_executable = attr_bool(x, "isExecutable", 0);
    p.participant = -1;
    int idx = (int)model_process_count(r->m);
    if (!p.e.id) {
        report(r, DIAG_ERROR, p.e.line, NULL, "missing-attribute",
               "element 'process' lacks its required attribute 'id'");
        return xmlTextReaderNext(rd);
    }
    if (register_id(r, p.e.line, p.e.id, "process", MODEL_KIND_PROCESS, idx) < 0)
        return xmlTextReaderNext(rd);
    model_add_process(r->m, &p);
    r->pdoc.n = 0;
    int ret = each_child(r, rd, 1, process_child, idx);
    model_process_edit(r->m, idx)->e.doc = doc_take(r, &r->pdoc);
    return ret;
}

static void reader_release(reader *r)
{
    for (size_t k = 0; k < r->edges.n; k++)
        free((void *)r->edges.items[k].xy);
    free(r->flows.items);
    free(r->defaults.items);
    free(r->attached.items);
    free(r->members.items);
    free(r->procrefs.items);
    free(r->msgs.items);
    free(r->shapes.items);
    free(r->edges.items);
    free(r->doc.s);
    free(r->pdoc.s);
    free(r->ends.items);
}

static model *read_stream(xmlsafe_stream *st, const char *file, diag_list *d)
{
    xmlTextReaderPtr rd = xmlsafe_stream_reader(st);
    reader r = {0};
    r.d = d;
    r.file = file;
    int ret;
    while ((ret = xmlTextReaderRead(rd)) == 1 && xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT)
        ;
    if (ret != 1 || xmlsafe_stream_check(st) < 0)
        goto fail;
    xmlNodePtr root = xmlTextReaderCurrentNode(rd);
    if (!is_bpmn(root, "definitions")) {
        const char *ns = root->ns && root->ns->href ? (const char *)root->ns->href : "";
        diag_add(d, DIAG_ERROR, "not-bpmn", file, line_of(root), NULL, NULL,
                 "not a bpmn 2.0 file: the root element is '%s'%s%s%s, expected 'definitions' "
                 "in namespace %s",
                 (const char *)root->name, *ns ? " in namespace '" : "", ns, *ns ? "'" : "",
                 BPMN_NS_MODEL);
        goto fail;
    }
    r.m = model_new(file);
    model_set_definitions(r.m, attr(&r, root, "id"));
    if (!xmlTextReaderIsEmptyElement(rd)) {
        ret = xmlTextReaderRead(rd);
        while (ret == 1) {
            int type = xmlTextReaderNodeType(rd);
            if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(rd) == 0)
                break;
            if (type != XML_READER_TYPE_ELEMENT) {
                ret = xmlTextReaderRead(rd);
                continue;
            }
            xmlNodePtr x = xmlTextReaderCurrentNode(rd);
            if (is_bpmn(x, "process")) {
                ret = stream_process(&r, rd);
            } else if ((x = xmlTextReaderExpand(rd))) {
                top_child(&r, x, 0);
                ret = xmlTextReaderNext(rd);
            } else {
                ret = -1;
            }
        }
        /* drain to the end so that trailing garbage is still an error */
        while (ret == 1)
            ret = xmlTextReaderRead(rd);
    }
    if (ret < 0 || xmlsafe_stream_errors(st) > 0)
        goto fail;
    resolve_flows(&r);
    resolve_nodes(&r);
    resolve_links(&r);
    resolve_ends(&r);
    resolve_lanes(&r);
    resolve_collaboration(&r);
    resolve_diagram(&r);
    model_finish(r.m);
    reader_release(&r);
    return r.m;
fail:
    if (xmlsafe_stream_errors(st) == 0 && diag_list_count_severity(d, DIAG_ERROR) == 0)
        diag_add(d, DIAG_ERROR, "xml", file, 0, NULL, NULL, "cannot parse the file as xml");
    reader_release(&r);
    model_free(r.m);
    return NULL;
}

model *bpmn_read_doc(xmlDocPtr doc, const char *file, diag_list *d)
{
    xmlsafe_stream *st = xmlsafe_stream_walk(doc, file, d);
    model *m = read_stream(st, file, d);
    xmlsafe_stream_close(st);
    return m;
}

model *bpmn_read_file(const char *path, diag_list *d)
{
    const char *doing, *subject, *file = strcmp(path, "-") ? path : XMLSAFE_STDIN;
    alloc_doing_get(&doing, &subject);
    alloc_doing("reading", file); /* named if memory runs out */
    /* the file's diagnostics in line order (resolution reports after the
     * stream), then after whatever d held */
    diag_list *mine = diag_list_new();
    xmlsafe_stream *st = xmlsafe_stream_open(path, mine);
    model *m = st ? read_stream(st, file, mine) : NULL;
    xmlsafe_stream_close(st);
    diag_list_sort(mine);
    diag_list_splice(d, mine);
    diag_list_free(mine);
    alloc_doing(doing, subject);
    return m;
}
