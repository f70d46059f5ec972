/*
 * structural: the graph rules -- local shape rules on each flow node and
 * two reachability rules per scope (a process or a sub-process): forward
 * from the scope's start events (`unreachable`) and backward from its ends
 * (`no-path-to-end`).  Everything is one pass over nodes and flows plus one
 * breadth-first search each way, so the cost is linear in the model.
 *
 * A scope is analysed on its own: a sub-process is reached when its
 * container is, and its inner ends lead out through the container, so
 * every finding names the node where the problem starts instead of
 * repeating it for everything nested below.
 */
#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include "../model/alloc.h"

typedef struct walk {
    check_ctx *c;
    const model *m;
    int *queue;
    unsigned char *reach;   /* 1 reached from a start of its scope */
    unsigned char *coreach; /* 1 an end of its scope is reachable */
} walk;

static int is_event_subprocess(const model_node *n)
{
    return n->type == MODEL_SUB_PROCESS && n->triggered_by_event;
}

/* Members of a scope: the top-level nodes of process p (container -1) or
 * the children of a sub-process. */
static const int *scope_nodes(const model *m, int process, int container, int *n)
{
    if (container >= 0) {
        const model_node *s = model_node_at(m, container);
        *n = s->nchildren;
        return s->children;
    }
    const model_process *p = model_process_at(m, process);
    *n = p->nnodes;
    return p->nodes;
}

int check_link_catch(const model *m, int node)
{
    const model_node *t = model_node_at(m, node);
    return t->type == MODEL_THROW_EVENT && t->evdef == MODEL_EVDEF_LINK ? t->link_target : -1;
}

/* A node where a path of its scope may stop: an end event or an implicit
 * end (no outgoing flow, and not a link throw that jumps on). */
static int is_exit(const model *m, int i)
{
    const model_node *n = model_node_at(m, i);
    return n->nout == 0 && check_link_catch(m, i) < 0;
}

/* ---- local rules ------------------------------------------------------ */

static int flow_labelled(const model *m, int f)
{
    const model_flow *fl = model_flow_at(m, f);
    return fl->is_default || (fl->condition && *fl->condition) || (fl->e.name && *fl->e.name);
}

/*
 * A dead end is a shape, not a state, but a policy designer still asks "how
 * does a case get there?".  The answer given is the shortest path through
 * the flow graph from a top-level start event of the node's process:
 * sequence flows, an activity's boundary events, and a sub-process's own
 * start events.  It is a path of the diagram, not a verified run (gateway
 * synchronisation is not replayed); where the behavioural search reaches
 * the node, its traces are exact.
 */
static void add_graph_path(check_ctx *c, diag *d, int goal)
{
    const model *m = c->m;
    int nn = (int)model_node_count(m), proc = model_node_at(m, goal)->process;
    int *prev = alloc_resize(NULL, (size_t)nn, sizeof(int)), *queue = alloc_resize(NULL, (size_t)nn, sizeof(int));
    int *via = alloc_resize(NULL, (size_t)nn, sizeof(int)); /* the flow that led there, or -1 */
    int qn = 0;
    for (int i = 0; i < nn; i++) {
        const model_node *x = model_node_at(m, i);
        prev[i] = -2; /* unseen */
        if (x->process == proc && x->parent < 0 && x->type == MODEL_START_EVENT) {
            prev[i] = -1;
            queue[qn++] = i;
        }
    }
    for (int h = 0; h < qn && prev[goal] == -2; h++) {
        const model_node *x = model_node_at(m, queue[h]);
        int nsucc = x->nout + x->nboundary + (x->type == MODEL_SUB_PROCESS ? x->nchildren : 0);
        for (int k = 0; k < nsucc; k++) {
            int t;
            if (k < x->nout)
                t = model_flow_at(m, x->out[k])->target;
            else if (k < x->nout + x->nboundary)
                t = x->boundary[k - x->nout];
            else if (model_node_at(m, t = x->children[k - x->nout - x->nboundary])->type !=
                     MODEL_START_EVENT)
                continue;
            if (prev[t] == -2) {
                prev[t] = queue[h];
                via[t] = k < x->nout ? x->out[k] : -1;
                queue[qn++] = t;
            }
        }
    }
    if (prev[goal] != -2) {
        int len = 0;
        for (int i = goal; i >= 0; i = prev[i])
            queue[len++] = i;
        while (len-- > 0) {
            const model_node *x = model_node_at(m, queue[len]);
            diag_add_step(d, x->e.id, x->e.name);
            /* where the path could have gone another way, the flow it took */
            int f = len > 0 ? via[queue[len - 1]] : -1;
            if (f >= 0 && x->nout > 1)
                diag_add_step_flow(d, model_flow_at(m, f)->e.id, model_flow_at(m, f)->e.name);
        }
    }
    free(prev);
    free(queue);
    free(via);
}

static void local_rules(check_ctx *c, int i)
{
    const model *m = c->m;
    const model_node *n = model_node_at(m, i);
    const char *what = check_kind(c, i), *lab = check_label(c, i);
    int gw = model_type_is_gateway(n->type), act = model_type_is_activity(n->type);

    if (n->type == MODEL_START_EVENT && n->nin > 0)
        check_emit(c, "start-has-incoming", i,
                   "start event '%s' has %d incoming sequence flow%s; a start event begins the "
                   "flow and cannot be entered", lab, n->nin, n->nin > 1 ? "s" : "");
    if (n->type == MODEL_END_EVENT && n->nout > 0)
        check_emit(c, "end-has-outgoing", i,
                   "end event '%s' has %d outgoing sequence flow%s that can never carry a token",
                   lab, n->nout, n->nout > 1 ? "s" : "");
    diag *d = NULL;
    if (n->nout == 0 && n->type != MODEL_END_EVENT && n->type != MODEL_BOUNDARY_EVENT &&
        !is_event_subprocess(n) && check_link_catch(m, i) < 0)
        d = check_emit(c, "dead-end", i,
                       "%s '%s' has no outgoing sequence flow: the path ends there without an "
                       "end event (an implicit end)", what, lab);
    if (n->type == MODEL_BOUNDARY_EVENT && n->nout == 0 && n->evdef != MODEL_EVDEF_COMPENSATE)
        d = check_emit(c, "boundary-no-outgoing", i,
                       "boundary event '%s' has no outgoing sequence flow: when it fires, its "
                       "path ends at once", lab);
    if (d)
        add_graph_path(c, d, i);
    if (!gw) {
        int plain = 0;
        for (int k = 0; k < n->nout; k++) {
            const model_flow *f = model_flow_at(m, n->out[k]);
            plain += !f->is_default && !(f->condition && *f->condition);
        }
        if (plain > 1 && (act || model_type_is_event(n->type)))
            check_emit(c, "implicit-split", i,
                       "%s '%s' splits into %d unconditional sequence flows without a gateway "
                       "(all of them are taken, in parallel)", what, lab, plain);
        if (act && n->nin > 1)
            check_emit(c, "implicit-join", i,
                       "%s '%s' has %d incoming sequence flows without a gateway: it runs once "
                       "per arriving token and does not wait for the others", what, lab, n->nin);
    } else {
        if (n->nin > 1 && n->nout > 1)
            check_emit(c, "gateway-join-fork", i,
                       "%s '%s' both joins (%d incoming) and forks (%d outgoing); use one "
                       "gateway for each", what, lab, n->nin, n->nout);
        if (n->nin == 1 && n->nout == 1)
            check_emit(c, "superfluous-gateway", i,
                       "%s '%s' has one incoming and one outgoing sequence flow and does nothing",
                       what, lab);
    }
    if ((n->type == MODEL_EXCLUSIVE_GATEWAY || n->type == MODEL_INCLUSIVE_GATEWAY) &&
        n->nout > 1) {
        int bare = 0, first = -1;
        for (int k = 0; k < n->nout; k++)
            if (!flow_labelled(m, n->out[k])) {
                bare++;
                if (first < 0)
                    first = n->out[k];
            }
        if (bare)
            check_emit(c, "missing-condition", i,
                       "%s '%s' splits, but %d of its %d outgoing sequence flows (first '%s') "
                       "carry neither a condition, a name nor the default mark",
                       what, lab, bare, n->nout, model_flow_at(m, first)->e.id);
    }
    if (n->type == MODEL_EVENT_GATEWAY) {
        int bad = -1;
        for (int k = 0; k < n->nout && bad < 0; k++) {
            int t = model_flow_at(m, n->out[k])->target;
            const model_node *tn = t >= 0 ? model_node_at(m, t) : NULL;
            if (!tn || !(tn->type == MODEL_RECEIVE_TASK ||
                         (tn->type == MODEL_CATCH_EVENT && tn->evdef != MODEL_EVDEF_LINK)))
                bad = t;
        }
        if (bad >= 0)
            check_emit(c, "event-gateway-target", i,
                       "event-based gateway '%s' leads to %s '%s', which is neither a catch "
                       "event nor a receive task", lab, check_kind(c, bad), check_label(c, bad));
        else if (n->nout < 2)
            check_emit(c, "event-gateway-target", i,
                       "event-based gateway '%s' has %d outgoing sequence flow%s; it needs two or "
                       "more events to race", lab, n->nout, n->nout == 1 ? "" : "s");
    }
}

/* ---- reachability per scope -------------------------------------------- */

/* Forward search from the scope's starts; returns 0 when the scope has no
 * start at all (nothing to search from). */
static int forward(walk *w, const int *nodes, int n, int top)
{
    const model *m = w->m;
    int qn = 0, starts = 0;
    for (int k = 0; k < n; k++) {
        const model_node *x = model_node_at(m, nodes[k]);
        if (x->type == MODEL_START_EVENT)
            starts++;
    }
    for (int k = 0; k < n; k++) {
        const model_node *x = model_node_at(m, nodes[k]);
        int root = x->type == MODEL_START_EVENT || is_event_subprocess(x);
        /* a sub-process without start event starts every node that has no
         * incoming flow (BPMN 2.0, 10.5.1); a process needs a start event */
        if (!starts && !top && x->nin == 0 && x->type != MODEL_BOUNDARY_EVENT &&
            !(x->type == MODEL_CATCH_EVENT && x->evdef == MODEL_EVDEF_LINK))
            root = 1;
        if (root) {
            w->reach[nodes[k]] = 1;
            w->queue[qn++] = nodes[k];
        }
    }
    if (!qn)
        return 0;
    for (int h = 0; h < qn; h++) {
        const model_node *x = model_node_at(m, w->queue[h]);
        for (int k = 0; k < x->nout + x->nboundary + 1; k++) {
            int t;
            if (k < x->nout)
                t = model_flow_at(m, x->out[k])->target;
            else if (k < x->nout + x->nboundary)
                t = x->boundary[k - x->nout];
            else
                t = check_link_catch(m, w->queue[h]);
            if (t >= 0 && !w->reach[t]) {
                w->reach[t] = 1;
                w->queue[qn++] = t;
            }
        }
    }
    return 1;
}

/* 1 when unreachable node i has a predecessor in the scope that is
 * unreachable too (so i's finding is a consequence of that one). */
static int unreachable_pred(const walk *w, const int *nodes, int n, int i)
{
    const model *m = w->m;
    const model_node *x = model_node_at(m, i);
    for (int k = 0; k < x->nin; k++) {
        int s = model_flow_at(m, x->in[k])->source;
        if (s >= 0 && !w->reach[s])
            return 1;
    }
    if (x->type == MODEL_BOUNDARY_EVENT && x->attached_to >= 0 && !w->reach[x->attached_to])
        return 1;
    if (x->type == MODEL_CATCH_EVENT && x->evdef == MODEL_EVDEF_LINK)
        for (int k = 0; k < n; k++)
            if (!w->reach[nodes[k]] && check_link_catch(m, nodes[k]) == i)
                return 1;
    return 0;
}

/* The unreachable nodes of a scope, root causes first: a node none of
 * whose predecessors is unreachable (or, in a loop of unreachable nodes,
 * its first in document order) gets one finding, and everything reached
 * from it only through unreachable nodes is named in that finding as a
 * consequence rather than reported again -- one deleted flow, one
 * finding.  Consequences are marked unreachable all the same (no
 * dead-activity finding repeats them). */
static void unreachable_roots(walk *w, const int *nodes, int n)
{
    check_ctx *c = w->c;
    const model *m = w->m;
    unsigned char *covered = alloc_zero(model_node_count(m) + 1, 1);
    int *q = alloc_resize(NULL, (size_t)n + 1, sizeof(int));
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < n; k++) {
            int i = nodes[k];
            if (w->reach[i] || covered[i] || (pass == 0 && unreachable_pred(w, nodes, n, i)))
                continue;
            /* consequences: unreachable nodes reached from i */
            int qn = 0;
            q[qn++] = i;
            covered[i] = 1;
            for (int h = 0; h < qn; h++) {
                const model_node *x = model_node_at(m, q[h]);
                for (int j = 0; j < x->nout + x->nboundary + 1; j++) {
                    int t = j < x->nout                 ? model_flow_at(m, x->out[j])->target
                            : j < x->nout + x->nboundary ? x->boundary[j - x->nout]
                                                         : check_link_catch(m, q[h]);
                    if (t >= 0 && !w->reach[t] && !covered[t] &&
                        model_node_at(m, t)->parent == model_node_at(m, i)->parent) {
                        covered[t] = 1;
                        q[qn++] = t;
                    }
                }
            }
            /* with the rule disabled, dead-activity speaks for them */
            if (check_enabled(c, "unreachable"))
                for (int h = 0; h < qn; h++)
                    c->unreachable[q[h]] = 1;
            const model_node *x = model_node_at(m, i);
            if (x->type == MODEL_BOUNDARY_EVENT && x->attached_to >= 0 &&
                !w->reach[x->attached_to])
                continue; /* implied by its activity */
            char more[400] = "";
            if (qn > 1) {
                size_t len = (size_t)snprintf(more, sizeof more, ", and %d more element%s "
                                              "become%s unreachable through it:", qn - 1,
                                              qn > 2 ? "s" : "", qn > 2 ? "" : "s");
                for (int h = 1; h < qn && len < sizeof more; h++) {
                    if (h > 5) {
                        snprintf(more + len, sizeof more - len, " and %d others", qn - h);
                        break;
                    }
                    len += (size_t)snprintf(more + len, sizeof more - len, "%s '%s'",
                                            h > 1 ? "," : "", check_label(c, q[h]));
                }
            }
            check_emit(c, "unreachable", i, "no path from a start event reaches %s '%s'%s",
                       check_kind(c, i), check_label(c, i), more);
        }
    free(covered);
    free(q);
}

/* Backward search from the scope's exits. */
static void backward(walk *w, const int *nodes, int n)
{
    const model *m = w->m;
    int qn = 0;
    for (int k = 0; k < n; k++)
        if (is_exit(m, nodes[k])) {
            w->coreach[nodes[k]] = 1;
            w->queue[qn++] = nodes[k];
        }
    for (int h = 0; h < qn; h++) {
        int i = w->queue[h];
        const model_node *x = model_node_at(m, i);
        /* predecessors: flow sources, the activity a boundary event is
         * attached to, and the link throws that jump to a link catch */
        for (int k = 0; k <= x->nin; k++) {
            int s = -1;
            if (k < x->nin)
                s = model_flow_at(m, x->in[k])->source;
            else if (x->type == MODEL_BOUNDARY_EVENT)
                s = x->attached_to;
            if (s >= 0 && !w->coreach[s]) {
                w->coreach[s] = 1;
                w->queue[qn++] = s;
            }
        }
        if (x->type == MODEL_CATCH_EVENT && x->evdef == MODEL_EVDEF_LINK)
            for (int k = 0; k < n; k++)
                if (!w->coreach[nodes[k]] && check_link_catch(m, nodes[k]) == i) {
                    w->coreach[nodes[k]] = 1;
                    w->queue[qn++] = nodes[k];
                }
    }
}

/* 1 when some predecessor of i can reach an end, or i has none. */
static int entry_of_trap(const walk *w, int i)
{
    const model_node *x = model_node_at(w->m, i);
    int preds = 0;
    for (int k = 0; k < x->nin; k++) {
        int s = model_flow_at(w->m, x->in[k])->source;
        if (s >= 0) {
            preds++;
            if (w->coreach[s])
                return 1;
        }
    }
    if (x->type == MODEL_BOUNDARY_EVENT && x->attached_to >= 0)
        return w->coreach[x->attached_to];
    return preds == 0 || x->type == MODEL_START_EVENT;
}

static void scope_rules(walk *w, int process, int container)
{
    check_ctx *c = w->c;
    const model *m = w->m;
    int n;
    const int *nodes = scope_nodes(m, process, container, &n);
    if (n == 0)
        return;
    int starts = 0, ends = 0;
    for (int k = 0; k < n; k++) {
        model_node_type t = model_node_at(m, nodes[k])->type;
        starts += t == MODEL_START_EVENT;
        ends += t == MODEL_END_EVENT;
    }
    int elem = container >= 0 ? container : -process - 1;
    const char *what = container >= 0 ? check_kind(c, container) : "process";
    const char *lab = container >= 0 ? check_label(c, container)
                                     : (model_process_at(m, process)->e.name
                                            ? model_process_at(m, process)->e.name
                                            : model_process_at(m, process)->e.id);
    if (!starts)
        check_emit(c, "no-start", elem, "%s '%s' has no start event", what, lab);
    if (!ends)
        check_emit(c, "no-end", elem, "%s '%s' has no end event", what, lab);

    /* a scope inside an unreachable container is not reported again */
    int outer_dead = container >= 0 && w->reach[container] == 0;
    int searched = forward(w, nodes, n, container < 0);
    if (searched && !outer_dead)
        unreachable_roots(w, nodes, n);
    if (!searched)
        for (int k = 0; k < n; k++)
            w->reach[nodes[k]] = 2; /* unknown: do not judge what is inside */

    backward(w, nodes, n);
    if (!outer_dead)
        for (int k = 0; k < n; k++) {
            int i = nodes[k];
            if (w->coreach[i] || !w->reach[i] || !entry_of_trap(w, i))
                continue;
            check_emit(c, "no-path-to-end", i,
                       "no end event can be reached from %s '%s': every path from it goes "
                       "round a loop with no way out", check_kind(c, i), check_label(c, i));
        }
}

/* ---- lanes ------------------------------------------------------------ */

/* 1 when lane l or a lane nested in it holds a flow node. */
static int lane_used(const model *m, int l)
{
    const model_lane *ln = model_lane_at(m, l);
    if (ln->nnodes > 0)
        return 1;
    for (int k = 0; k < ln->nchildren; k++)
        if (lane_used(m, ln->children[k]))
            return 1;
    return 0;
}

/* empty-lane: a role the model names but gives nothing to do -- often a
 * step the text assigns to it and the model left out, or a lane kept from
 * an earlier version.  Lanes are not flow nodes (check_emit's elements),
 * so the finding is added here, once per lane. */
static void lane_rules(check_ctx *c)
{
    const check_rule *r = check_rule_find("empty-lane");
    if (!check_enabled(c, "empty-lane"))
        return;
    for (size_t l = 0; l < model_lane_count(c->m); l++) {
        const model_lane *ln = model_lane_at(c->m, (int)l);
        if (!lane_used(c->m, (int)l))
            diag_add(c->out, r->severity, r->id, model_file(c->m), ln->e.line, ln->e.id,
                     ln->e.name, "lane '%s' holds no flow node: nobody in it does anything",
                     ln->e.name ? ln->e.name : ln->e.id);
    }
}

void structural_run(check_ctx *c)
{
    lane_rules(c);
    const model *m = c->m;
    size_t nn = model_node_count(m);
    walk w = {c, m, NULL, NULL, NULL};
    w.queue = alloc_resize(NULL, nn, sizeof(int));
    w.reach = alloc_zero(nn, 1);
    w.coreach = alloc_zero(nn, 1);
    for (size_t i = 0; i < nn; i++)
        local_rules(c, (int)i);
    for (size_t p = 0; p < model_process_count(m); p++)
        scope_rules(&w, (int)p, -1);
    /* document order puts every sub-process after its container */
    for (size_t i = 0; i < nn; i++)
        if (model_node_at(m, (int)i)->type == MODEL_SUB_PROCESS)
            scope_rules(&w, model_node_at(m, (int)i)->process, (int)i);
    free(w.queue);
    free(w.reach);
    free(w.coreach);
}
