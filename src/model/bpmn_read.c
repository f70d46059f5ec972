/*
 * bpmn_read: walks a libxml2 tree of a BPMN definitions file into a model.
 *
 * Two passes.  The first creates every element that owns an id (processes,
 * flow nodes, lanes, participants) and remembers the XML node of anything
 * holding a reference.  The second resolves references -- flows' source
 * and target, defaults, boundary attachments, lane members, message flows,
 * DI -- so that forward references work and every dangling one is reported,
 * not just the first.
 */
#include "bpmn_read.h"

#include <stdlib.h>
#include <string.h>

#include "xmlsafe.h"

typedef struct pending {
    xmlNodePtr x;
    int index;   /* element index, or -1 for not yet created (flows) */
    int process; /* context of a flow */
    int parent;
} pending;

typedef struct plist {
    pending *items;
    size_t n, cap;
} plist;

typedef struct reader {
    model *m;
    diag_list *d;
    const char *file;
    plist nodes, flows, lanes, collabs, diagrams;
} reader;

static void plist_push(plist *l, xmlNodePtr x, int index, int process, int parent)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
        if (!l->items)
            abort();
    }
    l->items[l->n++] = (pending){x, index, process, parent};
}

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

static void error_at(reader *r, xmlNodePtr x, const char *elem, const char *code,
                     const char *fmt, const char *a, const char *b)
{
    diag_add(r->d, DIAG_ERROR, code, r->file, line_of(x), elem, NULL, fmt, a, b);
}

static void warn_at(reader *r, xmlNodePtr x, const char *elem, const char *code,
                    const char *fmt, const char *a, const char *b)
{
    diag_add(r->d, DIAG_WARNING, code, r->file, line_of(x), elem, NULL, fmt, a, b);
}

/* Fills the common id/name/documentation fields; reports a missing or
 * duplicate id (then returns -1: the element is left out). */
static int read_elem(reader *r, xmlNodePtr x, model_elem *e)
{
    e->id = attr(r, x, "id");
    e->name = attr(r, x, "name");
    e->line = line_of(x);
    e->doc = NULL;
    if (!e->id) {
        error_at(r, x, NULL, "missing-attribute",
                 "element '%s' lacks its required attribute 'id'%s", (const char *)x->name, "");
        return -1;
    }
    for (xmlNodePtr c = x->children; c; c = c->next) {
        if (!is_bpmn(c, "documentation"))
            continue;
        const char *t = text_of(r, c);
        if (!t)
            continue;
        if (!e->doc) {
            e->doc = t;
        } else {
            size_t n = strlen(e->doc) + strlen(t) + 2;
            char *j = malloc(n);
            if (!j)
                abort();
            snprintf(j, n, "%s\n%s", e->doc, t);
            e->doc = model_strdup(r->m, j);
            free(j);
        }
    }
    return 0;
}

static int register_id(reader *r, xmlNodePtr x, const char *id, model_kind k, int index)
{
    if (model_register_id(r->m, id, k, index) == 0)
        return 0;
    error_at(r, x, id, "duplicate-id", "duplicate id '%s' (the element '%s' on this line is ignored)",
             id, (const char *)x->name);
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
    "documentation", "extensionElements", "ioSpecification", "property",
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

static void walk_container(reader *r, xmlNodePtr container, int process, int parent);
static void walk_lanes(reader *r, xmlNodePtr laneset, int process, int parent_lane, int depth);

static void read_node(reader *r, xmlNodePtr x, const node_kind *k, int process, int parent)
{
    model_node n = {0};
    if (read_elem(r, x, &n.e) < 0)
        return;
    if (k->read_as)
        warn_at(r, x, n.e.id, "unsupported-element",
                "'%s' is not modelled by flowmc; it is read as %s", (const char *)x->name,
                k->read_as);
    n.type = k->type;
    n.process = process;
    n.parent = parent;
    n.lane = -1;
    n.attached_to = -1;
    n.default_flow = -1;
    n.called_process = -1;
    n.cancel_activity = attr_bool(x, "cancelActivity", 1);
    n.parallel_multiple = attr_bool(x, "parallelMultiple", 0);
    n.triggered_by_event = attr_bool(x, "triggeredByEvent", 0);
    n.instantiate = attr_bool(x, "instantiate", 0);
    n.called_element = attr(r, x, "calledElement");
    n.loop = loop_of(x);
    if (model_type_is_event(n.type))
        read_event_defs(r, x, &n);
    /* register before adding: a duplicate is left out and indices stay dense */
    int idx = (int)model_node_count(r->m);
    if (register_id(r, x, n.e.id, MODEL_KIND_NODE, idx) < 0)
        return;
    model_add_node(r->m, &n);
    plist_push(&r->nodes, x, idx, process, parent);
    if (n.type == MODEL_SUB_PROCESS)
        walk_container(r, x, process, idx);
}

static void walk_container(reader *r, xmlNodePtr container, int process, int parent)
{
    for (xmlNodePtr x = container->children; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE || !in_ns(x, BPMN_NS_MODEL))
            continue;
        const char *tag = (const char *)x->name;
        const node_kind *k = find_node_kind(tag);
        if (k)
            read_node(r, x, k, process, parent);
        else if (strcmp(tag, "sequenceFlow") == 0)
            plist_push(&r->flows, x, -1, process, parent);
        else if (strcmp(tag, "laneSet") == 0 && parent < 0)
            walk_lanes(r, x, process, -1, 0);
        else if (strcmp(tag, "laneSet") == 0)
            warn_at(r, x, NULL, "unsupported-element",
                    "lanes inside a sub-process are not modelled by flowmc and are ignored%s%s", "", "");
        else if (!is_silent(tag))
            warn_at(r, x, NULL, "unsupported-element",
                    "'%s' is not modelled by flowmc and is ignored%s", tag, "");
        /* artifacts and data keep their ids: duplicates are still caught,
         * and lanes that list them (Signavio does) are not dangling */
        if (!k && strcmp(tag, "sequenceFlow") != 0) {
            const char *id = attr(r, x, "id");
            if (id)
                register_id(r, x, id, MODEL_KIND_OTHER, -1);
            for (xmlNodePtr c = x->children; strcmp(tag, "ioSpecification") == 0 && c; c = c->next)
                if (in_ns(c, BPMN_NS_MODEL) && (id = attr(r, c, "id")))
                    register_id(r, c, id, MODEL_KIND_OTHER, -1);
        }
    }
}

static void walk_lanes(reader *r, xmlNodePtr laneset, int process, int parent_lane, int depth)
{
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
        if (register_id(r, x, l.e.id, MODEL_KIND_LANE, idx) < 0)
            continue;
        model_add_lane(r->m, &l);
        plist_push(&r->lanes, x, idx, process, parent_lane);
        for (xmlNodePtr c = x->children; c; c = c->next)
            if (is_bpmn(c, "childLaneSet"))
                walk_lanes(r, c, process, idx, depth + 1);
    }
}

static void read_process(reader *r, xmlNodePtr x)
{
    model_process p = {0};
    if (read_elem(r, x, &p.e) < 0)
        return;
    p.is_executable = attr_bool(x, "isExecutable", 0);
    p.participant = -1;
    int idx = (int)model_process_count(r->m);
    if (register_id(r, x, p.e.id, MODEL_KIND_PROCESS, idx) < 0)
        return;
    model_add_process(r->m, &p);
    walk_container(r, x, idx, -1);
}

/* Resolves attribute `name` of x to a node index; reports a dangling or
 * missing reference when required. */
static int ref_node(reader *r, xmlNodePtr x, const char *owner, const char *name, int required)
{
    const char *ref = attr(r, x, name);
    if (!ref) {
        if (required)
            error_at(r, x, owner, "missing-attribute",
                     "'%s' lacks its required attribute '%s'", owner ? owner : "element", name);
        return -1;
    }
    int i = model_find_node(r->m, ref);
    if (i < 0) {
        const char *what = !strcmp(name, "sourceRef") ? "starts at"
                           : !strcmp(name, "targetRef") ? "targets" : "is attached to";
        const char *kind = is_bpmn(x, "sequenceFlow") ? "sequence flow" : (const char *)x->name;
        diag_add(r->d, DIAG_ERROR, "dangling-ref", r->file, line_of(x), owner, NULL,
                 "%s '%s' %s unknown element '%s'", kind, owner ? owner : "?", what, ref);
    }
    return i;
}

static void resolve_flows(reader *r)
{
    for (size_t k = 0; k < r->flows.n; k++) {
        pending *p = &r->flows.items[k];
        model_flow f = {0};
        if (read_elem(r, p->x, &f.e) < 0)
            continue;
        f.process = p->process;
        f.parent = p->parent;
        f.source = ref_node(r, p->x, f.e.id, "sourceRef", 1);
        f.target = ref_node(r, p->x, f.e.id, "targetRef", 1);
        for (xmlNodePtr c = p->x->children; c; c = c->next)
            if (is_bpmn(c, "conditionExpression"))
                f.condition = text_of(r, c);
        if (f.source < 0 || f.target < 0)
            continue;
        const model_node *s = model_node_at(r->m, f.source);
        const model_node *t = model_node_at(r->m, f.target);
        if (s->process != p->process || t->process != p->process) {
            diag_add(r->d, DIAG_ERROR, "cross-process", r->file, f.e.line, f.e.id, f.e.name,
                     "sequence flow '%s' joins '%s' and '%s' across processes; use a message flow",
                     f.e.id, s->e.id, t->e.id);
            continue;
        }
        if (s->parent != p->parent || t->parent != p->parent) {
            diag_add(r->d, DIAG_ERROR, "cross-scope", r->file, f.e.line, f.e.id, f.e.name,
                     "sequence flow '%s' crosses a sub-process boundary between '%s' and '%s'",
                     f.e.id, s->e.id, t->e.id);
            continue;
        }
        if (register_id(r, p->x, f.e.id, MODEL_KIND_FLOW, (int)model_flow_count(r->m)) == 0)
            model_add_flow(r->m, &f);
    }
}

static void resolve_nodes(reader *r)
{
    for (size_t k = 0; k < r->nodes.n; k++) {
        pending *p = &r->nodes.items[k];
        model_node *n = model_node_edit(r->m, p->index);
        if (n->type == MODEL_BOUNDARY_EVENT) {
            int a = ref_node(r, p->x, n->e.id, "attachedToRef", 1);
            n = model_node_edit(r->m, p->index);
            if (a >= 0 && !model_type_is_activity(model_node_at(r->m, a)->type))
                error_at(r, p->x, n->e.id, "bad-attachment",
                         "boundary event '%s' is attached to '%s', which is not an activity",
                         n->e.id, model_node_at(r->m, a)->e.id);
            else
                n->attached_to = a;
        }
        const char *dflt = attr(r, p->x, "default");
        if (dflt) {
            int f = model_find_flow(r->m, dflt);
            if (f < 0 || model_flow_at(r->m, f)->source != p->index) {
                error_at(r, p->x, n->e.id, "bad-default",
                         "default flow '%s' of '%s' is not one of its outgoing sequence flows",
                         dflt, n->e.id);
            } else {
                n->default_flow = f;
                model_flow_edit(r->m, f)->is_default = 1;
            }
        }
        if (n->type == MODEL_CALL_ACTIVITY) {
            if (!n->called_element)
                warn_at(r, p->x, n->e.id, "missing-attribute",
                        "call activity '%s' names no calledElement%s", n->e.id, "");
            else if ((n->called_process = model_find_process(r->m, n->called_element)) < 0)
                /* a note, not a warning: calling another file's process is
                 * legitimate BPMN; a scenario binds it for simulation */
                diag_add(r->d, DIAG_NOTE, "external-call", r->file, line_of(p->x), n->e.id,
                         n->e.name, "call activity '%s' calls '%s', which is not a process in "
                         "this file; it is treated as one atomic activity",
                         n->e.id, n->called_element);
        }
    }
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
    for (size_t k = 0; k < r->lanes.n; k++) {
        pending *p = &r->lanes.items[k];
        const model_lane *l = model_lane_at(r->m, p->index);
        for (xmlNodePtr c = p->x->children; c; c = c->next) {
            if (!is_bpmn(c, "flowNodeRef"))
                continue;
            char *ref = xmlsafe_text(c);
            model_kind kind = MODEL_KIND_NONE;
            int ni = ref ? model_find(r->m, ref, &kind) : -1;
            if (kind == MODEL_KIND_OTHER) {
                free(ref); /* an artifact or data object: nothing to place */
                continue;
            }
            if (ni < 0 || kind != MODEL_KIND_NODE) {
                diag_add(r->d, DIAG_ERROR, "dangling-ref", r->file, line_of(c), l->e.id, l->e.name,
                         "lane '%s' lists unknown flow node '%s'", l->e.id, ref ? ref : "");
                free(ref);
                continue;
            }
            free(ref);
            model_node *n = model_node_edit(r->m, ni);
            if (n->process != l->process) {
                diag_add(r->d, DIAG_ERROR, "cross-process", r->file, line_of(c), l->e.id, l->e.name,
                         "lane '%s' lists '%s', which belongs to another process", l->e.id, n->e.id);
                continue;
            }
            if (n->lane >= 0 && !lane_is_ancestor(r->m, n->lane, p->index) &&
                !lane_is_ancestor(r->m, p->index, n->lane)) {
                diag_add(r->d, DIAG_ERROR, "two-lanes", r->file, line_of(c), n->e.id, n->e.name,
                         "flow node '%s' is in two lanes, '%s' and '%s'", n->e.id,
                         model_lane_at(r->m, n->lane)->e.id, l->e.id);
                continue;
            }
            /* the innermost lane wins when a parent lane lists it too */
            if (n->lane < 0 || model_lane_at(r->m, n->lane)->depth < l->depth)
                n->lane = p->index;
            model_lane_add_member(r->m, p->index, ni);
        }
    }
}

static void read_collaboration(reader *r, xmlNodePtr x)
{
    const char *id = attr(r, x, "id");
    if (!model_collaboration_id(r->m) && id)
        model_set_collaboration(r->m, id);
    else if (id)
        warn_at(r, x, id, "unsupported-element",
                "a second collaboration '%s' is ignored; flowmc reads the first%s", id, "");
    if (id && id != model_collaboration_id(r->m) && model_collaboration_id(r->m) &&
        strcmp(id, model_collaboration_id(r->m)) != 0)
        return;
    for (xmlNodePtr c = x->children; c; c = c->next) {
        if (!is_bpmn(c, "participant"))
            continue;
        model_participant p = {0};
        if (read_elem(r, c, &p.e) < 0)
            continue;
        p.process = -1;
        const char *pref = attr(r, c, "processRef");
        if (pref && (p.process = model_find_process(r->m, pref)) < 0)
            error_at(r, c, p.e.id, "dangling-ref", "participant '%s' references unknown process '%s'",
                     p.e.id, pref);
        int idx = (int)model_participant_count(r->m);
        if (register_id(r, c, p.e.id, MODEL_KIND_PARTICIPANT, idx) < 0)
            continue;
        model_add_participant(r->m, &p);
        if (p.process >= 0)
            model_process_edit(r->m, p.process)->participant = idx;
    }
    for (xmlNodePtr c = x->children; c; c = c->next) {
        if (!is_bpmn(c, "messageFlow"))
            continue;
        model_msgflow f = {0};
        if (read_elem(r, c, &f.e) < 0)
            continue;
        const char *ends[2] = {attr(r, c, "sourceRef"), attr(r, c, "targetRef")};
        int node[2] = {-1, -1}, part[2] = {-1, -1}, ok = 1;
        for (int e = 0; e < 2; e++) {
            model_kind kind;
            int i = ends[e] ? model_find(r->m, ends[e], &kind) : -1;
            if (!ends[e]) {
                warn_at(r, c, f.e.id, "missing-attribute",
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
                warn_at(r, c, f.e.id, "dangling-ref",
                        "message flow '%s' references unknown node or participant '%s'; "
                        "it is ignored", f.e.id, ends[e]);
                ok = 0;
            }
        }
        if (!ok)
            continue;
        f.source_node = node[0];
        f.target_node = node[1];
        f.source_part = part[0];
        f.target_part = part[1];
        if (register_id(r, c, f.e.id, MODEL_KIND_MSGFLOW, (int)model_msgflow_count(r->m)) == 0)
            model_add_msgflow(r->m, &f);
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
            xmlChar *ref = xmlGetNoNsProp(s, (const xmlChar *)"bpmnElement");
            model_kind kind;
            int i = ref ? model_find(r->m, (const char *)ref, &kind) : -1;
            xmlFree(ref);
            if (i < 0)
                continue; /* DI of something we do not model: not our business */
            if (strcmp((const char *)s->name, "BPMNShape") == 0) {
                model_bounds b = {0};
                for (xmlNodePtr c = s->children; c; c = c->next)
                    if (in_ns(c, BPMN_NS_DC) && strcmp((const char *)c->name, "Bounds") == 0)
                        b = (model_bounds){num_attr(c, "x"), num_attr(c, "y"),
                                           num_attr(c, "width"), num_attr(c, "height"), 1};
                if (!b.set)
                    continue;
                model_bounds *dst = NULL;
                if (kind == MODEL_KIND_NODE)
                    dst = &model_node_edit(r->m, i)->bounds;
                else if (kind == MODEL_KIND_LANE)
                    dst = &model_lane_edit(r->m, i)->bounds;
                else if (kind == MODEL_KIND_PARTICIPANT)
                    dst = &model_participant_edit(r->m, i)->bounds;
                if (dst && !dst->set)
                    *dst = b;
            } else if (strcmp((const char *)s->name, "BPMNEdge") == 0 &&
                       (kind == MODEL_KIND_FLOW || kind == MODEL_KIND_MSGFLOW)) {
                double xy[2 * 64];
                int n = 0;
                for (xmlNodePtr c = s->children; c && n < 64; c = c->next)
                    if (in_ns(c, BPMN_NS_DDI) && strcmp((const char *)c->name, "waypoint") == 0) {
                        xy[2 * n] = num_attr(c, "x");
                        xy[2 * n + 1] = num_attr(c, "y");
                        n++;
                    }
                int have = kind == MODEL_KIND_FLOW ? model_flow_at(r->m, i)->nwaypoints
                                                   : model_msgflow_at(r->m, i)->nwaypoints;
                if (n > 0 && !have)
                    model_set_waypoints(r->m, kind, i, xy, n);
            }
        }
    }
}

static const char *const unsupported_top[] = {
    "choreography", "globalTask", "globalUserTask", "globalManualTask",
    "globalScriptTask", "globalBusinessRuleTask", "conversation", NULL,
};

model *bpmn_read_doc(xmlDocPtr doc, const char *file, diag_list *d)
{
    reader r = {0};
    r.d = d;
    r.file = file;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || !is_bpmn(root, "definitions")) {
        const char *ns = root && root->ns && root->ns->href ? (const char *)root->ns->href : "";
        diag_add(d, DIAG_ERROR, "not-bpmn", file, root ? line_of(root) : 0, NULL, NULL,
                 "not a bpmn 2.0 file: the root element is '%s'%s%s%s, expected 'definitions' "
                 "in namespace %s",
                 root ? (const char *)root->name : "(none)", *ns ? " in namespace '" : "", ns,
                 *ns ? "'" : "", BPMN_NS_MODEL);
        return NULL;
    }
    r.m = model_new(file);
    if (!r.m)
        abort();
    model_set_definitions(r.m, attr(&r, root, "id"));
    for (xmlNodePtr x = root->children; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE)
            continue;
        if (in_ns(x, BPMN_NS_DI) && strcmp((const char *)x->name, "BPMNDiagram") == 0) {
            plist_push(&r.diagrams, x, -1, -1, -1);
            continue;
        }
        if (!in_ns(x, BPMN_NS_MODEL))
            continue;
        const char *tag = (const char *)x->name;
        if (strcmp(tag, "process") == 0) {
            read_process(&r, x);
        } else if (strcmp(tag, "collaboration") == 0) {
            plist_push(&r.collabs, x, -1, -1, -1);
        } else {
            int unsupported = 0;
            for (int i = 0; unsupported_top[i]; i++)
                unsupported |= strcmp(unsupported_top[i], tag) == 0;
            if (unsupported)
                warn_at(&r, x, NULL, "unsupported-element",
                        "'%s' is not modelled by flowmc and is ignored%s", tag, "");
            /* messages, signals, errors, item definitions: ids only */
            const char *id = attr(&r, x, "id");
            if (id)
                register_id(&r, x, id, MODEL_KIND_OTHER, -1);
        }
    }
    resolve_flows(&r);
    resolve_nodes(&r);
    resolve_lanes(&r);
    for (size_t k = 0; k < r.collabs.n; k++)
        read_collaboration(&r, r.collabs.items[k].x);
    for (size_t k = 0; k < r.diagrams.n; k++)
        read_diagram(&r, r.diagrams.items[k].x);
    model_finish(r.m);
    free(r.nodes.items);
    free(r.flows.items);
    free(r.lanes.items);
    free(r.collabs.items);
    free(r.diagrams.items);
    return r.m;
}

model *bpmn_read_file(const char *path, diag_list *d)
{
    xmlDocPtr doc = xmlsafe_read_file(path, d);
    if (!doc)
        return NULL;
    model *m = bpmn_read_doc(doc, path, d);
    xmlFreeDoc(doc);
    return m;
}
