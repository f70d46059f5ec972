/*
 * check: the rule table, one run over a model (structural rules, then the
 * state space of every group of processes that exchange messages), and the
 * single place where findings are added: disabled rules are dropped, each
 * element gets at most one finding per rule, and every finding carries the
 * element's file, line, id and name.
 */
#include "check.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include "statespace.h"
#include "../model/alloc.h"

static const check_rule rules[] = {
    /* structural */
    {"unreachable", DIAG_ERROR, 0, "no path from a start event reaches the flow node",
     "no-disconnected, no-implicit-start"},
    {"no-path-to-end", DIAG_ERROR, 0, "no end event can be reached from the flow node", NULL},
    {"dead-end", DIAG_WARNING, 0,
     "a flow node other than an end event has no outgoing sequence flow (an implicit end)",
     "no-implicit-end"},
    {"no-start", DIAG_ERROR, 0, "a process or sub-process has no start event",
     "start-event-required"},
    {"no-end", DIAG_ERROR, 0, "a process or sub-process has no end event", "end-event-required"},
    {"start-has-incoming", DIAG_ERROR, 0, "a start event has incoming sequence flows", NULL},
    {"end-has-outgoing", DIAG_ERROR, 0, "an end event has outgoing sequence flows", NULL},
    {"implicit-split", DIAG_WARNING, 0,
     "an activity or event splits into several unconditional flows without a gateway",
     "no-implicit-split"},
    {"implicit-join", DIAG_WARNING, 0,
     "an activity has several incoming flows without a gateway", "fake-join"},
    {"gateway-join-fork", DIAG_WARNING, 0, "a gateway both joins and forks",
     "no-gateway-join-fork"},
    {"superfluous-gateway", DIAG_WARNING, 0, "a gateway has one incoming and one outgoing flow",
     "superfluous-gateway"},
    {"missing-condition", DIAG_WARNING, 0,
     "an outgoing flow of an exclusive or inclusive split carries neither a condition, a name "
     "nor the default mark",
     "conditional-flows (partly: flowmc accepts a flow name as the condition)"},
    {"event-gateway-target", DIAG_ERROR, 0,
     "an event-based gateway leads to something other than catch events or receive tasks, or "
     "to fewer than two",
     "event-based-gateway"},
    {"boundary-no-outgoing", DIAG_WARNING, 0, "a boundary event has no outgoing sequence flow",
     NULL},
    {"empty-lane", DIAG_WARNING, 0, "a lane holds no flow node, in itself or a nested lane",
     NULL},
    /* behavioural */
    {"deadlock", DIAG_ERROR, 1,
     "a reachable state holds tokens, nothing can move, and the process has not completed",
     NULL},
    {"lack-of-synchronization", DIAG_ERROR, 1,
     "a reachable state has two tokens on one sequence flow (or one activity running twice)",
     NULL},
    {"livelock", DIAG_ERROR, 1,
     "from a reachable state the process can still move but can never complete", NULL},
    {"dead-activity", DIAG_ERROR, 1, "an activity runs in no reachable state", NULL},
    {"improper-completion", DIAG_ERROR, 1, "one instance reaches the same end event twice",
     NULL},
    {"unbounded", DIAG_ERROR, 1, "the number of tokens can grow without limit", NULL},
    {"lost-message", DIAG_ERROR, 1,
     "every participant has completed and a message is left in a channel: nobody receives it",
     NULL},
};
#define NRULES (sizeof rules / sizeof rules[0])

struct check_report {
    size_t n;
    check_process_result *items;
};

size_t check_rule_count(void) { return NRULES; }

check_verdict check_and(check_verdict a, check_verdict b)
{
    if (a == CHECK_FAILS || b == CHECK_FAILS)
        return CHECK_FAILS;
    return a == CHECK_HOLDS && b == CHECK_HOLDS ? CHECK_HOLDS : CHECK_UNDECIDED;
}

check_verdict check_sound(const check_properties *p)
{
    return check_and(check_and(p->option_to_complete, p->proper_completion),
                     p->no_dead_activities);
}

const char *const check_property_names[CHECK_NPROPS] = {
    "safe", "option_to_complete", "proper_completion", "no_dead_activities",
    "messages_consumed"};

/* Each is preserved by stubborn sets with the cycle proviso and full
 * expansion of unsafe states (docs/rules.md gives the argument, property by
 * property): terminal states are kept (option to complete, lost messages),
 * and every run of the full space has a reduced run that fires the same
 * moves in an order equivalent up to independent moves (safeness, proper
 * completion, dead activities). */
int check_reduction_preserves(int i)
{
    return i >= 0 && i < CHECK_NPROPS;
}

const char *check_verdict_word(check_verdict v)
{
    return v == CHECK_HOLDS ? "yes" : v == CHECK_FAILS ? "no" : "not decided";
}

int check_result_undecided(const check_process_result *r)
{
    if (r->stopped && (!strcmp(r->stopped, "disabled") || !strcmp(r->stopped, "no start event")))
        return 0;
    return !r->complete;
}

const check_rule *check_rule_at(size_t i) { return i < NRULES ? &rules[i] : NULL; }

const check_rule *check_rule_find(const char *id)
{
    for (size_t i = 0; id && i < NRULES; i++)
        if (strcmp(rules[i].id, id) == 0)
            return &rules[i];
    return NULL;
}

int check_rule_index(const char *id)
{
    const check_rule *r = check_rule_find(id);
    if (!r)
        abort(); /* a rule id typed wrong in the checker */
    return (int)(r - rules);
}

int check_enabled(const check_ctx *c, const char *id)
{
    const char *const *d = c->opt ? c->opt->disabled : NULL;
    for (; d && *d; d++)
        if (strcmp(*d, id) == 0)
            return 0;
    return 1;
}

static size_t elem_key(const check_ctx *c, int node)
{
    return node >= 0 ? (size_t)node : model_node_count(c->m) + (size_t)(-node - 1);
}

int check_has(const check_ctx *c, const char *id, int node)
{
    return c->seen[(size_t)check_rule_index(id) * c->nelem + elem_key(c, node)];
}

const char *check_label(const check_ctx *c, int node)
{
    return model_node_label(model_node_at(c->m, node));
}

const char *check_kind(const check_ctx *c, int node)
{
    const model_node *n = model_node_at(c->m, node);
    int join = n->nin > 1, split = n->nout > 1;
    switch (n->type) {
    case MODEL_START_EVENT: return "start event";
    case MODEL_END_EVENT: return "end event";
    case MODEL_CATCH_EVENT: return "catch event";
    case MODEL_THROW_EVENT: return "throw event";
    case MODEL_BOUNDARY_EVENT: return "boundary event";
    case MODEL_SUB_PROCESS: return n->triggered_by_event ? "event sub-process" : "sub-process";
    case MODEL_CALL_ACTIVITY: return "call activity";
    case MODEL_SEND_TASK: return "send task";
    case MODEL_RECEIVE_TASK: return "receive task";
    case MODEL_EXCLUSIVE_GATEWAY:
        return join && !split ? "exclusive join" : split && !join ? "exclusive split"
                                                                  : "exclusive gateway";
    case MODEL_PARALLEL_GATEWAY:
        return join && !split ? "parallel join" : split && !join ? "parallel split"
                                                                 : "parallel gateway";
    case MODEL_INCLUSIVE_GATEWAY:
        return join && !split ? "inclusive join" : split && !join ? "inclusive split"
                                                                  : "inclusive gateway";
    case MODEL_EVENT_GATEWAY: return "event-based gateway";
    default: return "task";
    }
}

diag *check_emit(check_ctx *c, const char *id, int node, const char *fmt, ...)
{
    int r = check_rule_index(id);
    if (!check_enabled(c, id))
        return NULL;
    unsigned char *seen = &c->seen[(size_t)r * c->nelem + elem_key(c, node)];
    if (*seen)
        return NULL;
    *seen = 1;
    const model_elem *e = node >= 0 ? &model_node_at(c->m, node)->e
                                    : &model_process_at(c->m, -node - 1)->e;
    va_list ap;
    va_start(ap, fmt);
    diag *d = diag_addv(c->out, rules[r].severity, id, model_file(c->m), e->line, e->id, e->name,
                        fmt, ap);
    va_end(ap);
    return d;
}

/* ---- systems: processes that exchange messages are explored together -- */

static int uf_find(int *up, int i)
{
    while (up[i] != i)
        i = up[i] = up[up[i]];
    return i;
}

static int any_behavioural_enabled(const check_ctx *c)
{
    for (size_t i = 0; i < NRULES; i++)
        if (rules[i].behavioural && check_enabled(c, rules[i].id))
            return 1;
    return 0;
}

/* up[p]: processes joined by message flows share a root (uf_find). */
static void join_groups(const model *m, int *up, int np)
{
    for (int p = 0; p < np; p++)
        up[p] = p;
    for (size_t i = 0; i < model_msgflow_count(m); i++) {
        const model_msgflow *f = model_msgflow_at(m, (int)i);
        if (f->source_node < 0 || f->target_node < 0)
            continue;
        int a = model_node_at(m, f->source_node)->process;
        int b = model_node_at(m, f->target_node)->process;
        if (a >= 0 && b >= 0)
            up[uf_find(up, a)] = uf_find(up, b);
    }
}

int check_replay(const model *m, const char *const *steps, size_t nsteps, int *stuck)
{
    int np = (int)model_process_count(m), rc = 0;
    int *up = alloc_resize(NULL, (size_t)np, sizeof(int));
    int *members = alloc_resize(NULL, (size_t)np, sizeof(int));
    *stuck = 0;
    join_groups(m, up, np);
    for (int root = 0; root < np && rc != 1; root++) {
        if (uf_find(up, root) != root)
            continue;
        int n = 0;
        for (int p = 0; p < np; p++) {
            const model_process *pr = model_process_at(m, p);
            int starts = 0;
            for (int k = 0; k < pr->nnodes; k++)
                starts += model_node_at(m, pr->nodes[k])->type == MODEL_START_EVENT;
            if (uf_find(up, p) == root && starts)
                members[n++] = p;
        }
        if (!n)
            continue;
        int st = 0, r = statespace_replay(m, members, n, steps, nsteps, &st);
        if (r == 1) {
            rc = 1;
            *stuck = st;
        } else if (r < 0) {
            rc = -1;
        }
    }
    free(up);
    free(members);
    return rc;
}

static void behavioural(check_ctx *c, check_report *r)
{
    const model *m = c->m;
    int np = (int)r->n;
    int *up = alloc_resize(NULL, (size_t)np, sizeof(int));
    int *members = alloc_resize(NULL, (size_t)np, sizeof(int));
    join_groups(m, up, np);
    for (int root = 0; root < np; root++) {
        if (uf_find(up, root) != root)
            continue;
        int n = 0;
        for (int p = 0; p < np; p++)
            if (uf_find(up, p) == root)
                members[n++] = p;
        statespace_check(c, members, n, r->items);
    }
    free(up);
    free(members);
}

check_report *check_run(const model *m, const check_options *o, diag_list *findings)
{
    check_options dflt = {0, NULL, 0};
    check_ctx c = {m, o ? o : &dflt, findings, 0, NULL, 0, NULL};
    check_report *r = alloc_zero(1, sizeof *r);
    c.max_states = c.opt->max_states ? c.opt->max_states : CHECK_DEFAULT_MAX_STATES;
    c.nelem = model_node_count(m) + model_process_count(m);
    c.seen = alloc_zero((size_t)NRULES * c.nelem, 1);
    c.unreachable = alloc_zero(model_node_count(m) + 1, 1);
    r->n = model_process_count(m);
    r->items = alloc_zero(r->n, sizeof *r->items);
    for (size_t p = 0; p < r->n; p++) {
        const model_process *pr = model_process_at(m, (int)p);
        check_process_result *res = &r->items[p];
        res->process_id = pr->e.id;
        res->process_name = pr->e.name;
        res->stopped = "disabled";
        res->group = -1;
        res->sound = CHECK_UNDECIDED;
        res->props = (check_properties){CHECK_UNDECIDED, CHECK_UNDECIDED, CHECK_UNDECIDED,
                                        CHECK_UNDECIDED, CHECK_UNDECIDED};
    }
    structural_run(&c);
    if (any_behavioural_enabled(&c))
        behavioural(&c, r);
    free(c.seen);
    free(c.unreachable);
    return r;
}

void check_report_free(check_report *r)
{
    if (!r)
        return;
    free(r->items);
    free(r);
}

size_t check_report_count(const check_report *r) { return r ? r->n : 0; }

int check_report_collab(const check_report *r, size_t i, check_collab *c)
{
    const check_process_result *first = &r->items[i];
    if (first->group < 0)
        return 0;
    for (size_t k = 0; k < i; k++)
        if (r->items[k].group == first->group)
            return 0;
    *c = (check_collab){CHECK_HOLDS,
                        {CHECK_HOLDS, CHECK_HOLDS, CHECK_HOLDS, CHECK_HOLDS, CHECK_HOLDS},
                        first->states, first->complete, 0};
    for (size_t k = i; k < r->n; k++) {
        const check_process_result *p = &r->items[k];
        if (p->group != first->group)
            continue;
        c->members++;
        c->props.safe = check_and(c->props.safe, p->props.safe);
        c->props.option_to_complete =
            check_and(c->props.option_to_complete, p->props.option_to_complete);
        c->props.proper_completion =
            check_and(c->props.proper_completion, p->props.proper_completion);
        c->props.no_dead_activities =
            check_and(c->props.no_dead_activities, p->props.no_dead_activities);
        c->props.messages_consumed =
            check_and(c->props.messages_consumed, p->props.messages_consumed);
    }
    c->sound = check_sound(&c->props);
    return c->members > 1;
}

const check_process_result *check_report_at(const check_report *r, size_t i)
{
    return &r->items[i];
}
