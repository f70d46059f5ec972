/*
 * scenario_param: the typed parameters of a compiled scenario (sim.h) --
 * staff, roster length, answer probabilities, attempts and rounds, SLA
 * targets and limits, trigger probabilities, class shares, arrival rates,
 * branch probabilities, duration laws' parameters, timer durations, the
 * horizon and the warm-up -- found once by their --set key and changed
 * in place in the plan, with the offered loads and expected cases solved
 * again.  The checks repeat the scenario parser's, with its messages, so a
 * value refused here is refused there too.  A change is checked in two
 * steps: each value on its own as it is put, then what values say together
 * (an exclusive split's probabilities sum to 1, the warm-up is shorter than
 * the horizon, a replication stays under 10^9 cases) once for the whole
 * batch, so that two probabilities of one split can move together.
 * A --set value is typed only when the schema would take it in the file
 * (libxml2's own xs:double and pattern checks): anything the typed reading
 * would accept and the file would not goes to the document path instead.
 */
#include <ctype.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlregexp.h>
#include <libxml/xmlschemastypes.h>

#include "../model/num.h"
#include "scenario_int.h"

static const struct {
    const char *elem, *attr;
    sim_param_kind kind;
} keys[] = {
    {"role", "staff", SIM_PARAM_ROLE_STAFF},
    {"roster", "people", SIM_PARAM_ROSTER_PEOPLE},
    {"roster", "answer", SIM_PARAM_ROSTER_ANSWER},
    {"roster", "backup-answer", SIM_PARAM_ROSTER_BACKUP_ANSWER},
    {"sla", "target", SIM_PARAM_SLA_TARGET},
    {"arrival", "rate", SIM_PARAM_ARRIVAL_RATE},
    {"flow", "probability", SIM_PARAM_FLOW_PROBABILITY},
    {"duration", NULL, SIM_PARAM_DURATION},
    {"timer", "duration", SIM_PARAM_TIMER_DURATION},
    {"sla", "limit", SIM_PARAM_SLA_LIMIT},
    {"trigger", "probability", SIM_PARAM_TRIGGER},
    {"class", "share", SIM_PARAM_CLASS_SHARE},
    {"roster", "attempt", SIM_PARAM_ROSTER_ATTEMPT},
    {"roster", "backup-attempt", SIM_PARAM_ROSTER_BACKUP_ATTEMPT},
    {"roster", "rounds", SIM_PARAM_ROSTER_ROUNDS},
    {"role", "cost-per-hour", SIM_PARAM_ROLE_COST},
    {"class", "priority", SIM_PARAM_CLASS_PRIORITY},
    {"arrival", "limit", SIM_PARAM_ARRIVAL_LIMIT},
    {"arrival", "every", SIM_PARAM_ARRIVAL_EVERY},
    {"timer", "every", SIM_PARAM_TIMER_EVERY},
    {"arrival", NULL, SIM_PARAM_ARRIVAL_LAW}, /* after the arrival's own attributes */
};

/* Bounds of a duration law beside its parameters (sim_param.arg). */
enum { ARG_SHIFT = 3, ARG_LO, ARG_HI };
static const char *const bound_names[] = {"shift", "trunc-min", "trunc-max"};

/* The arrival line at start event id, -1 when none. */
static int find_arrival(const plan *p, const char *id)
{
    for (int i = 0; i < p->narrivals; i++)
        if (p->arrivals[i].node >= 0 && strcmp(p->nodes[p->arrivals[i].node].mn->e.id, id) == 0)
            return i;
    return -1;
}

static const char *node_id(const plan *p, int g) { return g < 0 ? "*" : p->nodes[g].mn->e.id; }
static const char *flow_id(const plan *p, int f) { return p->flows[f].mf->e.id; }

/* Duration line i is one of <duration task|event=id>. */
static int dur_is(const plan *p, int i, const char *id) { return strcmp(node_id(p, p->durs[i].node), id) == 0; }

/* The first probability a <flow id> line gives, as branch * 65536 + position;
 * -1 when none (roster outcomes are not probabilities). */
static int find_flow_given(const plan *p, const char *id)
{
    for (int i = 0; i < p->nbranches; i++) {
        const plan_branch *b = &p->branches[i];
        const plan_node *n = &p->nodes[b->node];
        for (int j = 0; b->mode != PB_ROSTER && j < n->nout; j++)
            if (b->given[j] && strcmp(flow_id(p, n->out[j]), id) == 0)
                return i * 65536 + j;
    }
    return -1;
}

/* A law as the file gives it -- a <duration> line's or an <arrival dist=>
 * line's gaps -- with its bounds as written, in the law's unit: what
 * put_law sets up again. */
typedef struct law_ref {
    dist *d;
    int *has_bounds;
    double *shift, *lo, *hi;
    int line;
    const char *who;
} law_ref;

static law_ref dur_law(const plan *p, int i)
{
    plan_dur *u = &p->durs[i];
    return (law_ref){&u->d, &u->has_bounds, &u->shift, &u->lo, &u->hi, u->line, node_id(p, u->node)};
}

static law_ref gap_law(const plan *p, int i)
{
    plan_arrival *a = &p->arrivals[i];
    return (law_ref){&a->gap, &a->gap_has_bounds, &a->gap_shift, &a->gap_lo, &a->gap_hi, a->line, node_id(p, a->node)};
}

/* The position (sim_param.arg) of parameter `name` in law u, -1 when it
 * has none of that name (empirical and mixture laws have none). */
static int law_arg(const dist *u, const char *name)
{
    int a = -1;
    for (int k = 0; k < 3 && scn_dist_params[u->kind][k]; k++)
        if (u->kind != DIST_EMPIRICAL && strcmp(scn_dist_params[u->kind][k], name) == 0)
            a = k;
    for (int k = 0; k < 3 && u->kind != DIST_FIXED && u->kind != DIST_EMPIRICAL && u->kind != DIST_MIXTURE; k++)
        if (strcmp(bound_names[k], name) == 0)
            a = ARG_SHIFT + k;
    return a;
}

static void no_law_arg(const sim_scenario *s, const char *key, const law_ref *l, const char *name, diag_list *d)
{
    diag_add(d, DIAG_ERROR, "set", s->path, l->line, l->who, NULL, "%s: the %s law of '%s' has no typed parameter %s",
             key, dist_kind_name(l->d->kind), l->who, name);
}

/* Duration parameter `name` of every <duration> line of id: arg, or -1 with
 * the reason in d. */
static int find_dur_arg(const sim_scenario *s, const char *key, const char *id, const char *name, int *first,
                        diag_list *d)
{
    const plan *p = s->p;
    int arg = -1;
    *first = -1;
    for (int i = 0; i < p->ndurs; i++) {
        if (!dur_is(p, i, id))
            continue;
        law_ref l = dur_law(p, i);
        int a = law_arg(l.d, name);
        if (a < 0 || (arg >= 0 && a != arg)) {
            no_law_arg(s, key, &l, name, d);
            return -1;
        }
        arg = a;
        if (*first < 0)
            *first = i;
    }
    if (*first < 0)
        diag_add(d, DIAG_ERROR, "set", s->path, 0, id, NULL, "%s: the scenario has no <duration task=%s>", key, id);
    return *first < 0 ? -1 : arg;
}

static void not_typed(const char *key, diag_list *d)
{
    diag_add(d, DIAG_ERROR, "set", NULL, 0, NULL, NULL,
             "%s is not a typed parameter (role.ID.staff, roster.ID.people, roster.ID.answer, "
             "roster.ID.backup-answer, roster.ID.attempt, roster.ID.backup-attempt, roster.ID.rounds, "
             "role.ID.cost-per-hour, sla.ID.target, sla.ID.limit, trigger.ID.probability, class.ID.share, "
             "class.ID.priority, arrival.ID.rate, arrival.ID.limit, arrival.ID.every, arrival.ID.PARAMETER, "
             "flow.ID.probability, "
             "duration.ID.PARAMETER, timer.ID.duration, timer.ID.every, clock.horizon, clock.warmup)",
             key);
}

/* clock.horizon and clock.warmup: the keys without an element id. */
static int find_clock(const sim_scenario *s, const char *key, sim_param *out, diag_list *d)
{
    if (strcmp(key, "clock.horizon") == 0 || strcmp(key, "clock.warmup") == 0) {
        *out = (sim_param){strcmp(key, "clock.horizon") == 0 ? SIM_PARAM_HORIZON : SIM_PARAM_WARMUP, 0, 0};
        return 0;
    }
    (void)s;
    if (!strchr(key, '.'))
        diag_add(d, DIAG_ERROR, "set", NULL, 0, NULL, NULL,
                 "%s: expected ELEMENT.ID.ATTRIBUTE (e.g. role.rzm.staff) or clock.horizon, clock.warmup", key);
    else
        not_typed(key, d);
    return -1;
}

int sim_param_find(const sim_scenario *s, const char *key, sim_param *out, diag_list *d)
{
    const plan *p = s->p;
    const char *d1 = strchr(key, '.'), *d2 = strrchr(key, '.');
    if (!d1 || d1 == d2)
        return find_clock(s, key, out, d);
    char *id = alloc_strndup(d1 + 1, (size_t)(d2 - d1 - 1));
    size_t elen = (size_t)(d1 - key);
    int rc = -1;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        if (strlen(keys[k].elem) != elen || strncmp(key, keys[k].elem, elen) != 0 ||
            (keys[k].attr && strcmp(d2 + 1, keys[k].attr) != 0))
            continue;
        sim_param_kind kind = keys[k].kind;
        int i = -1, arg = 0;
        if (kind == SIM_PARAM_FLOW_PROBABILITY) {
            if ((i = find_flow_given(p, id)) < 0) {
                diag_add(d, DIAG_ERROR, "set", s->path, 0, id, NULL,
                         "%s: the scenario gives no probability for <flow id=%s>", key, id);
                goto done;
            }
            *out = (sim_param){kind, i, 0};
            rc = 0;
            goto done;
        }
        if (kind == SIM_PARAM_DURATION) {
            if ((arg = find_dur_arg(s, key, id, d2 + 1, &i, d)) < 0)
                goto done;
            *out = (sim_param){kind, i, arg};
            rc = 0;
            goto done;
        }
        if (kind == SIM_PARAM_TIMER_DURATION || kind == SIM_PARAM_TIMER_EVERY || kind == SIM_PARAM_TRIGGER) {
            /* a timer of the scenario (not the model's) in the mode the key names */
            plan_timer_mode mode = kind == SIM_PARAM_TIMER_DURATION ? PT_DURATION : PT_EVERY;
            for (int g = 0; g < p->nnodes && i < 0; g++)
                if ((kind == SIM_PARAM_TRIGGER ? p->nodes[g].trigger_line > 0
                                               : p->nodes[g].timer.line > 0 && p->nodes[g].timer.mode == mode) &&
                    strcmp(node_id(p, g), id) == 0)
                    i = g;
            if (i < 0) {
                diag_add(d, DIAG_ERROR, "set", s->path, 0, id, NULL, "%s: the scenario has no <%s event=%s%s>", key,
                         keys[k].elem, id, kind == SIM_PARAM_TRIGGER ? "" : mode == PT_DURATION ? " duration=..." : " every=...");
                goto done;
            }
            *out = (sim_param){kind, i, 0};
            rc = 0;
            goto done;
        }
        int arrival = kind == SIM_PARAM_ARRIVAL_RATE || kind == SIM_PARAM_ARRIVAL_LIMIT ||
                      kind == SIM_PARAM_ARRIVAL_EVERY || kind == SIM_PARAM_ARRIVAL_LAW;
        i = kind == SIM_PARAM_ROLE_STAFF || kind == SIM_PARAM_ROLE_COST ? FIND(p->roles, p->nroles, id)
            : kind == SIM_PARAM_SLA_TARGET || kind == SIM_PARAM_SLA_LIMIT ? FIND(p->slas, p->nslas, id)
            : arrival ? find_arrival(p, id)
            : kind == SIM_PARAM_CLASS_SHARE || kind == SIM_PARAM_CLASS_PRIORITY
                ? (p->classes_line > 0 ? FIND(p->classes, p->nclasses, id) : -1)
                : FIND(p->rosters, p->nrosters, id);
        if (i < 0 && arrival) {
            diag_add(d, DIAG_ERROR, "set", s->path, 0, id, NULL,
                     "%s: the scenario has no <arrival start=%s>", key, id);
            goto done;
        }
        if (i < 0) {
            diag_add(d, DIAG_ERROR, "set", s->path, 0, id, NULL, "%s: the scenario has no <%s id=%s>",
                     key, keys[k].elem, id);
            goto done;
        }
        if ((kind == SIM_PARAM_ARRIVAL_RATE && p->arrivals[i].kind != PA_POISSON) ||
            (kind == SIM_PARAM_ARRIVAL_EVERY && p->arrivals[i].kind != PA_EVERY) ||
            (kind == SIM_PARAM_ARRIVAL_LAW && p->arrivals[i].kind != PA_DIST)) {
            diag_add(d, DIAG_ERROR, "set", s->path, p->arrivals[i].line, id, NULL,
                     "%s: the arrivals at %s are not given by %s=", key, id,
                     kind == SIM_PARAM_ARRIVAL_LAW ? "dist" : d2 + 1);
            goto done;
        }
        if (kind == SIM_PARAM_ARRIVAL_LAW) {
            law_ref l = gap_law(p, i);
            if ((arg = law_arg(l.d, d2 + 1)) < 0) {
                no_law_arg(s, key, &l, d2 + 1, d);
                goto done;
            }
        }
        /* typed only where the file gives a value: without one, a limit or
         * a cost is not a number to put back (a sweep restores what it
         * found) */
        if ((kind == SIM_PARAM_ARRIVAL_LIMIT && p->arrivals[i].limit <= 0) ||
            (kind == SIM_PARAM_ROLE_COST && isnan(p->roles[i].cost))) {
            diag_add(d, DIAG_ERROR, "set", s->path, arrival ? p->arrivals[i].line : p->roles[i].line, id, NULL,
                     "%s: the <%s> of %s gives no %s=", key, keys[k].elem, id, d2 + 1);
            goto done;
        }
        if ((kind == SIM_PARAM_ROSTER_PEOPLE || kind == SIM_PARAM_ROSTER_ANSWER) && p->rosters[i].listed) {
            diag_add(d, DIAG_ERROR, "value", s->path, p->rosters[i].line, id, NULL,
                     "give people=\"N\" or <person> entries, not both");
            goto done;
        }
        if (kind == SIM_PARAM_ROSTER_BACKUP_ATTEMPT && !p->rosters[i].backup_attempt_given) {
            /* typed, it would part from attempt= for good; the document
             * keeps the rule */
            diag_add(d, DIAG_ERROR, "set", s->path, p->rosters[i].line, id, NULL,
                     "%s: roster '%s' gives no backup-attempt= (its backup's attempts take attempt=)", key, id);
            goto done;
        }
        *out = (sim_param){kind, i, arg};
        rc = 0;
        goto done;
    }
    not_typed(key, d);
done:
    free(id);
    return rc;
}

/* Parameter arg of a law, in its unit. */
static double law_get(law_ref l, int arg)
{
    return arg == ARG_SHIFT ? *l.shift : arg == ARG_LO ? *l.lo : arg == ARG_HI ? *l.hi : l.d->p[arg];
}

double sim_param_get(const sim_scenario *s, sim_param q)
{
    const plan *p = s->p;
    switch (q.kind) {
    case SIM_PARAM_ROLE_STAFF:
        return p->roles[q.index].staff;
    case SIM_PARAM_ROSTER_PEOPLE:
        return p->rosters[q.index].n;
    case SIM_PARAM_ROSTER_ANSWER:
        return p->rosters[q.index].answer;
    case SIM_PARAM_ROSTER_BACKUP_ANSWER:
        return p->rosters[q.index].backup_p;
    case SIM_PARAM_SLA_TARGET:
        return p->slas[q.index].target;
    case SIM_PARAM_ROLE_CALENDAR:
        return p->roles[q.index].cal;
    case SIM_PARAM_ARRIVAL_RATE:
        return p->arrivals[q.index].rate * p->arrivals[q.index].per;
    case SIM_PARAM_FLOW_PROBABILITY:
    case SIM_PARAM_FLOW_SPLIT:
        return p->branches[q.index / 65536].p[q.index % 65536];
    case SIM_PARAM_DURATION:
        return law_get(dur_law(p, q.index), q.arg);
    case SIM_PARAM_ARRIVAL_LAW:
        return law_get(gap_law(p, q.index), q.arg);
    case SIM_PARAM_TIMER_DURATION:
        return p->nodes[q.index].timer.dur.sec;
    case SIM_PARAM_HORIZON:
        return p->tend - p->t0;
    case SIM_PARAM_WARMUP:
        return p->twarm - p->t0;
    case SIM_PARAM_SLA_LIMIT:
        return p->slas[q.index].limit.sec;
    case SIM_PARAM_TRIGGER:
        return p->nodes[q.index].trigger;
    case SIM_PARAM_CLASS_SHARE:
    case SIM_PARAM_CLASS_SPLIT:
        return p->classes[q.index].share;
    case SIM_PARAM_ROSTER_ATTEMPT:
        return p->rosters[q.index].attempt;
    case SIM_PARAM_ROSTER_BACKUP_ATTEMPT:
        return p->rosters[q.index].backup_attempt;
    case SIM_PARAM_ROSTER_ROUNDS:
        return p->rosters[q.index].rounds;
    case SIM_PARAM_ROLE_COST:
        return p->roles[q.index].cost;
    case SIM_PARAM_CLASS_PRIORITY:
        return p->classes[q.index].priority;
    case SIM_PARAM_ARRIVAL_LIMIT:
        return (double)p->arrivals[q.index].limit;
    case SIM_PARAM_ARRIVAL_EVERY:
        return p->arrivals[q.index].every;
    case SIM_PARAM_TIMER_EVERY:
        return p->nodes[q.index].timer.every;
    }
    return NAN;
}

/* The offered loads depend on staff (unlimited roles have none), on the
 * rosters (their call time, their exhaustion as a branch probability), on
 * the branch probabilities, the mean durations and the arrival rates. */
static void solve_load(sim_scenario *s, diag_list *d)
{
    diag_list *quiet = d ? d : diag_list_new(); /* its one warning was given at load */
    cx c = {s, s->p, quiet, s->path, 0, NULL, NULL, s->p->live, 0};
    scn_compute_load(&c);
    if (!d)
        diag_list_free(quiet);
}

static int bad(const sim_scenario *s, diag_list *d, int line, const char *id, const char *msg,
               double v)
{
    diag_add(d, DIAG_ERROR, "value", s->path, line, id, NULL, msg, v);
    return -1;
}

/* Sets law l up again with parameter arg at v (the parser's dist_init and
 * dist_bound, with its message).  Returns 0, or -1 with l unchanged. */
static int put_law(const sim_scenario *s, law_ref l, int arg, double v, diag_list *d)
{
    double params[2 * DIST_MAX_POINTS], shift = *l.shift, lo = *l.lo, hi = *l.hi;
    const char *kind = dist_kind_name(l.d->kind);
    char err[200];
    memcpy(params, l.d->p, sizeof params);
    if (arg == ARG_SHIFT)
        shift = v;
    else if (arg == ARG_LO)
        lo = v;
    else if (arg == ARG_HI)
        hi = v;
    else
        params[arg] = v;
    int has = *l.has_bounds || arg >= ARG_SHIFT;
    dist nd;
    memset(&nd, 0, sizeof nd);
    if (dist_init(&nd, l.d->kind, params, l.d->np, l.d->unit, err, sizeof err) != 0 ||
        (has && dist_bound(&nd, shift, lo, hi, err, sizeof err) != 0)) {
        dist_release(&nd);
        diag_add(d, DIAG_ERROR, "value", s->path, l.line, l.who, NULL, "%s duration of '%s': %s", kind, l.who, err);
        return -1;
    }
    dist_release(l.d);
    *l.d = nd;
    *l.shift = shift, *l.lo = lo, *l.hi = hi, *l.has_bounds = has;
    return 0;
}

/* Puts one value, checked on its own (what values say together is
 * checked by joint()).  Returns 0, or -1 with an error in d and nothing
 * changed. */
static int put(sim_scenario *s, sim_param q, double v, diag_list *d)
{
    plan *p = s->p;
    switch (q.kind) {
    case SIM_PARAM_ROLE_STAFF: {
        plan_role *r = &p->roles[q.index];
        if (!(v == floor(v) && ((v >= 0 && v <= 1000000) || v == SIM_STAFF_UNLIMITED)))
            return bad(s, d, 0, r->id, "staff='%g' must be a whole number from 0 to 1000000, or unlimited", v);
        r->staff = (int)v;
        return 0;
    }
    case SIM_PARAM_ROSTER_PEOPLE: {
        plan_roster *r = &p->rosters[q.index];
        if (!(v == floor(v) && v >= 1 && v <= 100000))
            return bad(s, d, r->line, r->id, "people='%g' must be a whole number from 1 to 100000", v);
        r->n = (int)v;
        r->p = alloc_resize(r->p, (size_t)r->n, sizeof(double));
        for (int i = 0; i < r->n; i++)
            r->p[i] = r->answer;
        return 0;
    }
    case SIM_PARAM_ROSTER_ANSWER:
    case SIM_PARAM_ROSTER_BACKUP_ANSWER: {
        plan_roster *r = &p->rosters[q.index];
        if (!(v > 0 && v <= 1))
            return bad(s, d, r->line, r->id, "a probability of answering is in (0, 1], not %g", v);
        if (q.kind == SIM_PARAM_ROSTER_BACKUP_ANSWER) {
            r->backup_p = v;
        } else {
            r->answer = v;
            for (int i = 0; i < r->n; i++)
                r->p[i] = v;
        }
        return 0;
    }
    case SIM_PARAM_SLA_TARGET: {
        plan_sla *sl = &p->slas[q.index];
        if (!(v >= 0 && v <= 1))
            return bad(s, d, 0, sl->id, "an SLA target is a share in [0, 1], not %g", v);
        sl->target = v;
        return 0;
    }
    case SIM_PARAM_ROLE_CALENDAR: {
        plan_role *r = &p->roles[q.index];
        if (!(v == floor(v) && v >= 0 && v < p->ncals))
            return bad(s, d, 0, r->id, "no calendar number %g", v);
        r->cal = (int)v;
        return 0;
    }
    case SIM_PARAM_ARRIVAL_RATE: {
        plan_arrival *a = &p->arrivals[q.index];
        const char *start = p->nodes[a->node].mn->e.id;
        double r = v / a->per, any = r;
        for (int i = 0; i < a->nwin; i++)
            any += a->win[i].rate;
        if (!(v >= 0) || !isfinite(v) || !(any > 0)) {
            diag_add(d, DIAG_ERROR, "value", s->path, a->line, start, NULL,
                     "the arrival rate at '%s' must be positive, not %g", start, v);
            return -1;
        }
        a->rate = r;
        a->rate_max = r;
        for (int i = 0; i < a->nwin; i++)
            if (a->win[i].rate > a->rate_max)
                a->rate_max = a->win[i].rate;
        return 0;
    }
    case SIM_PARAM_FLOW_PROBABILITY:
    case SIM_PARAM_FLOW_SPLIT: {
        /* every line giving this flow a probability (one per class); a
         * split's other flow the rest */
        plan_branch *b0 = &p->branches[q.index / 65536];
        const char *id = flow_id(p, p->nodes[b0->node].out[q.index % 65536]);
        if (!(v >= 0 && v <= 1))
            return bad(s, d, b0->line, id, "a branch probability is in [0, 1], not %g", v);
        for (int i = 0; i < p->nbranches; i++) {
            plan_branch *b = &p->branches[i];
            const plan_node *n = &p->nodes[b->node];
            for (int j = 0; b->mode != PB_ROSTER && j < n->nout; j++)
                if (b->given[j] && strcmp(flow_id(p, n->out[j]), id) == 0) {
                    b->p[j] = v;
                    for (int k = 0; q.kind == SIM_PARAM_FLOW_SPLIT && k < n->nout; k++)
                        if (k != j && b->given[k])
                            b->p[k] = 1 - v;
                }
        }
        return 0;
    }
    case SIM_PARAM_DURATION: {
        /* every <duration> line of the task or event (one per class) */
        const char *id = node_id(p, p->durs[q.index].node);
        double *old = alloc_zero((size_t)p->ndurs, sizeof *old);
        int i = 0, rc = 0;
        for (; i < p->ndurs && rc == 0; i++)
            if (dur_is(p, i, id)) {
                old[i] = law_get(dur_law(p, i), q.arg);
                rc = put_law(s, dur_law(p, i), q.arg, v, d);
            }
        if (rc != 0) { /* line i - 1 refused it: the ones before take their values back */
            diag_list *quiet = diag_list_new();
            for (int k = 0; k < i - 1; k++)
                if (dur_is(p, k, id))
                    put_law(s, dur_law(p, k), q.arg, old[k], quiet);
            diag_list_free(quiet);
        }
        free(old);
        return rc;
    }
    case SIM_PARAM_TIMER_DURATION: {
        plan_timer *t = &p->nodes[q.index].timer;
        const char *ev = node_id(p, q.index);
        if (!(v > 0) || !isfinite(v)) {
            diag_add(d, DIAG_ERROR, "value", s->path, t->line, ev, NULL,
                     "the duration of timer '%s' must be positive", ev);
            return -1;
        }
        t->dur.sec = v;
        return 0;
    }
    case SIM_PARAM_HORIZON:
        if (!(v > 0 && v <= 1000 * 365 * 86400.0)) {
            diag_add(d, DIAG_ERROR, "value", s->path, p->clock_line, NULL, NULL,
                     "the horizon must be positive and at most 1000 years");
            return -1;
        }
        p->tend = p->t0 + v;
        return 0;
    case SIM_PARAM_WARMUP:
        if (!(v >= 0) || !isfinite(v)) {
            diag_add(d, DIAG_ERROR, "value", s->path, p->clock_line, NULL, NULL,
                     "the warm-up must be shorter than the horizon");
            return -1;
        }
        p->twarm = p->t0 + v;
        return 0;
    case SIM_PARAM_SLA_LIMIT: {
        plan_sla *sl = &p->slas[q.index];
        if (!(v > 0) || !isfinite(v)) {
            diag_add(d, DIAG_ERROR, "value", s->path, sl->line, sl->id, NULL, "the limit of SLA '%s' must be positive",
                     sl->id);
            return -1;
        }
        sl->limit.sec = v;
        return 0;
    }
    case SIM_PARAM_TRIGGER: {
        plan_node *n = &p->nodes[q.index];
        if (!(v >= 0 && v <= 1))
            return bad(s, d, n->trigger_line, n->mn->e.id, "a trigger probability is in [0, 1], not %g", v);
        n->trigger = v;
        return 0;
    }
    case SIM_PARAM_CLASS_SHARE:
    case SIM_PARAM_CLASS_SPLIT: {
        if (!(v >= 0 && v <= 1))
            return bad(s, d, p->classes_line, p->classes[q.index].id, "a class share is in [0, 1], not %g", v);
        for (int k = 0; q.kind == SIM_PARAM_CLASS_SPLIT && k < p->nclasses; k++)
            p->classes[k].share = 1 - v;
        p->classes[q.index].share = v;
        return 0;
    }
    case SIM_PARAM_ROSTER_ATTEMPT:
    case SIM_PARAM_ROSTER_BACKUP_ATTEMPT: {
        plan_roster *r = &p->rosters[q.index];
        int backup = q.kind == SIM_PARAM_ROSTER_BACKUP_ATTEMPT;
        if (!(backup ? v >= 0 : v > 0) || !isfinite(v)) { /* the file's backup-attempt may be 0 */
            diag_add(d, DIAG_ERROR, "value", s->path, r->line, r->id, NULL, "%s",
                     backup ? "a backup call attempt cannot take a negative time"
                            : "a call attempt must take a positive time");
            return -1;
        }
        if (!backup)
            r->attempt = v;
        if (backup || !r->backup_attempt_given)
            r->backup_attempt = v;
        return 0;
    }
    case SIM_PARAM_ROSTER_ROUNDS: {
        plan_roster *r = &p->rosters[q.index];
        if (!(v == floor(v) && v >= 1 && v <= 1000))
            return bad(s, d, r->line, r->id, "rounds='%g' must be a whole number from 1 to 1000", v);
        r->rounds = (int)v;
        return 0;
    }
    case SIM_PARAM_ROLE_COST: {
        plan_role *r = &p->roles[q.index];
        if (!(v >= 0) || !isfinite(v)) {
            diag_add(d, DIAG_ERROR, "value", s->path, r->line, r->id, NULL, "cost-per-hour must not be negative");
            return -1;
        }
        r->cost = v;
        return 0;
    }
    case SIM_PARAM_CLASS_PRIORITY: {
        plan_class *k = &p->classes[q.index];
        if (!(v == floor(v) && v >= INT_MIN / 2 && v <= INT_MAX / 2))
            return bad(s, d, p->classes_line, k->id, "priority='%g' must be a whole number from -1073741824 to 1073741823", v);
        k->priority = (int)v;
        return 0;
    }
    case SIM_PARAM_ARRIVAL_LIMIT:
    case SIM_PARAM_ARRIVAL_EVERY: {
        plan_arrival *a = &p->arrivals[q.index];
        const char *start = node_id(p, a->node);
        int limit = q.kind == SIM_PARAM_ARRIVAL_LIMIT;
        if (limit ? !(v >= 1 && v <= 1e9 && v == floor(v)) : !(v > 0) || !isfinite(v)) {
            diag_add(d, DIAG_ERROR, "value", s->path, a->line, start, NULL,
                     limit ? "the arrival limit at '%s' must be a whole number of cases from 1 to 10^9"
                           : "the period at '%s' must be positive",
                     start);
            return -1;
        }
        if (limit)
            a->limit = (long)v;
        else
            a->every = v;
        return 0;
    }
    case SIM_PARAM_ARRIVAL_LAW: {
        plan_arrival *a = &p->arrivals[q.index];
        law_ref l = gap_law(p, q.index);
        double old = law_get(l, q.arg);
        if (put_law(s, l, q.arg, v, d) != 0)
            return -1;
        /* a mean gap of 0 (every case at once) needs a limit */
        if (!(dist_mean(&a->gap) > 0 || (dist_mean(&a->gap) == 0 && a->limit > 0))) {
            diag_list *quiet = diag_list_new();
            put_law(s, l, q.arg, old, quiet);
            diag_list_free(quiet);
            diag_add(d, DIAG_ERROR, "value", s->path, a->line, l.who, NULL,
                     "the mean gap between arrivals at '%s' must be positive (or 0 with a limit)", l.who);
            return -1;
        }
        return 0;
    }
    case SIM_PARAM_TIMER_EVERY: {
        plan_timer *t = &p->nodes[q.index].timer;
        const char *ev = node_id(p, q.index);
        if (!(v > 0) || !isfinite(v)) {
            diag_add(d, DIAG_ERROR, "value", s->path, t->line, ev, NULL, "the period of timer '%s' must be positive", ev);
            return -1;
        }
        t->every = v;
        return 0;
    }
    }
    return 0;
}

/* What the values of q[0..n) say together, checked once after they are all
 * put: the parser's checks, with its messages.  Returns 0 or -1. */
static int joint(sim_scenario *s, const sim_param *q, int n, diag_list *d)
{
    plan *p = s->p;
    int flows = 0, shares = 0, clock = 0, volume = 0, rate = -1, rc = 0;
    for (int i = 0; i < n; i++) {
        flows |= q[i].kind == SIM_PARAM_FLOW_PROBABILITY || q[i].kind == SIM_PARAM_FLOW_SPLIT;
        shares |= q[i].kind == SIM_PARAM_CLASS_SHARE || q[i].kind == SIM_PARAM_CLASS_SPLIT;
        clock |= q[i].kind == SIM_PARAM_HORIZON || q[i].kind == SIM_PARAM_WARMUP;
        int arrival = q[i].kind == SIM_PARAM_ARRIVAL_RATE || q[i].kind == SIM_PARAM_ARRIVAL_LIMIT ||
                      q[i].kind == SIM_PARAM_ARRIVAL_EVERY || q[i].kind == SIM_PARAM_ARRIVAL_LAW;
        volume |= q[i].kind == SIM_PARAM_HORIZON || arrival;
        if (arrival)
            rate = q[i].index;
    }
    for (int i = 0; flows && i < p->nbranches; i++) {
        const plan_branch *b = &p->branches[i];
        const plan_node *pn = &p->nodes[b->node];
        const char *id = node_id(p, b->node);
        double sum = 0;
        for (int j = 0; j < pn->nout; j++)
            sum += b->given[j] ? b->p[j] : 0;
        if (b->mode == PB_XOR && fabs(sum - 1) > 1e-9) {
            diag_add(d, DIAG_ERROR, "probability", s->path, b->line, id, NULL,
                     "branch probabilities of %s '%s' sum to %.10g, not 1", model_node_type_name(pn->mn->type),
                     id, sum);
            rc = -1;
        }
        if (b->mode == PB_OR && sum <= 0 && pn->mn->default_flow < 0) {
            diag_add(d, DIAG_ERROR, "probability", s->path, b->line, id, NULL,
                     "every branch of '%s' has probability 0 and it has no default flow", id);
            rc = -1;
        }
    }
    double sum = 0;
    for (int k = 0; shares && k < p->nclasses; k++)
        sum += p->classes[k].share;
    if (shares && fabs(sum - 1) > 1e-9) {
        diag_add(d, DIAG_ERROR, "probability", s->path, p->classes_line, NULL, NULL,
                 "class shares sum to %.10g, not 1", sum);
        rc = -1;
    }
    if (clock && !(p->twarm < p->tend)) {
        diag_add(d, DIAG_ERROR, "value", s->path, p->clock_line, NULL, NULL,
                 "the warm-up must be shorter than the horizon");
        rc = -1;
    }
    double cases = scn_expected_cases(p);
    if (volume && rc == 0 && cases > 1e9) {
        if (rate >= 0 && !clock) {
            const plan_arrival *a = &p->arrivals[rate];
            const char *start = node_id(p, a->node);
            bad(s, d, a->line, start, "a replication would simulate about %.3g cases (over 10^9): lower the rate",
                cases);
        } else {
            diag_add(d, DIAG_ERROR, "too-long", s->path, p->clock_line, NULL, NULL,
                     "a replication would simulate about %.3g cases (over 10^9): shorten the horizon or "
                     "lower the rates",
                     cases);
        }
        rc = -1;
    }
    if (rc == 0)
        p->expected_cases = cases;
    return rc;
}

int sim_param_set_many(sim_scenario *s, const sim_param *q, const double *v, int n, diag_list *d)
{
    double *old = alloc_zero((size_t)n + 1, sizeof *old);
    int done = 0, rc = 0;
    for (; done < n && rc == 0; done++) {
        old[done] = sim_param_get(s, q[done]);
        rc = put(s, q[done], v[done], d);
    }
    if (rc != 0)
        done--; /* the refused one changed nothing */
    else
        rc = joint(s, q, n, d);
    if (rc != 0) { /* newest first: a parameter given twice ends at its first value */
        diag_list *quiet = diag_list_new();
        for (int i = done - 1; i >= 0; i--)
            put(s, q[i], old[i], quiet);
        diag_list_free(quiet);
    } else {
        solve_load(s, NULL);
    }
    free(old);
    return rc;
}

int sim_param_set(sim_scenario *s, sim_param q, double v, diag_list *d)
{
    return sim_param_set_many(s, &q, &v, 1, d);
}

int sim_param_split(const sim_scenario *s, sim_param *q, diag_list *d)
{
    const plan *p = s->p;
    if (q->kind == SIM_PARAM_CLASS_SHARE && p->nclasses != 2) {
        diag_add(d, DIAG_ERROR, "vary", s->path, p->classes_line, p->classes[q->index].id, NULL,
                 "class.%s.share: the scenario has %d classes: only one of two is varied (the other takes "
                 "1 - p); change the others with --set",
                 p->classes[q->index].id, p->nclasses);
        return -1;
    }
    if (q->kind == SIM_PARAM_CLASS_SHARE)
        q->kind = SIM_PARAM_CLASS_SPLIT;
    if (q->kind != SIM_PARAM_FLOW_PROBABILITY)
        return 0;
    const plan_branch *b0 = &p->branches[q->index / 65536];
    const char *id = flow_id(p, p->nodes[b0->node].out[q->index % 65536]);
    int exclusive = 0;
    for (int i = 0; i < p->nbranches; i++) {
        const plan_branch *b = &p->branches[i];
        const plan_node *n = &p->nodes[b->node];
        int holds = 0, ways = 0;
        for (int j = 0; b->mode == PB_XOR && j < n->nout; j++) {
            holds |= b->given[j] && strcmp(flow_id(p, n->out[j]), id) == 0;
            ways += b->given[j];
        }
        if (holds && ways != 2) {
            diag_add(d, DIAG_ERROR, "vary", s->path, b->line, node_id(p, b->node), NULL,
                     "flow.%s.probability: '%s' splits %d ways: only a two-way exclusive split is varied "
                     "(its other flow takes 1 - p); change the others with --set",
                     id, node_id(p, b->node), ways);
            return -1;
        }
        exclusive |= holds;
    }
    if (exclusive)
        q->kind = SIM_PARAM_FLOW_SPLIT;
    return 0;
}

/* The schema's Amount (simulations/schema/scenario.xsd): the typed
 * reading of an amount (strtod's) takes "1e2 d" and "-5 min", the file
 * does not (suite sim_scenario: such a value meets the schema). */
static const char amount_pattern[] =
    "\\s*(P[0-9WDTHMSY.,]+|[0-9]+(\\.[0-9]+)?\\s*(s|min|h|d|w|bd))\\s*";

/* 1 when the file would take text as a value of q's attribute: an Amount,
 * an xs:double (not strtod's hexadecimal), a whole number num_long reads
 * (stricter than xs:positiveInteger). */
static int schema_takes(sim_param q, const char *text)
{
    if (sim_param_whole(q))
        return 1;
    switch (q.kind) {
    case SIM_PARAM_TIMER_DURATION:
    case SIM_PARAM_TIMER_EVERY:
    case SIM_PARAM_ARRIVAL_EVERY:
    case SIM_PARAM_HORIZON:
    case SIM_PARAM_WARMUP:
    case SIM_PARAM_SLA_LIMIT:
    case SIM_PARAM_ROSTER_ATTEMPT:
    case SIM_PARAM_ROSTER_BACKUP_ATTEMPT: {
        xmlRegexpPtr re = xmlRegexpCompile((const xmlChar *)amount_pattern);
        int ok = re && xmlRegexpExec(re, (const xmlChar *)text) == 1;
        xmlRegFreeRegexp(re);
        return ok;
    }
    default:
        xmlSchemaInitTypes();
        return xmlSchemaValidatePredefinedType(xmlSchemaGetBuiltInType(XML_SCHEMAS_DOUBLE), (const xmlChar *)text,
                                               NULL) == 0;
    }
}

/* VALUE of a --set KEY=VALUE for q, as the file would give it: a whole
 * number for staff ("unlimited" too), people and rounds, an amount of time
 * ("P2D", "4 h", on the timer's or the SLA's calendar) for timers, SLA
 * limits, call attempts and the clock, a decimal number otherwise.
 * Returns 0, or -1 when it is not one. */
static int parse_value(sim_scenario *s, sim_param q, const char *text, double *v)
{
    const char *why;
    if (!schema_takes(q, text))
        return -1;
    if (sim_param_whole(q)) {
        long x, lo = q.kind == SIM_PARAM_CLASS_PRIORITY ? INT_MIN / 2 : 0,
                hi = q.kind == SIM_PARAM_CLASS_PRIORITY ? INT_MAX / 2
                     : q.kind == SIM_PARAM_ARRIVAL_LIMIT ? 1000000000
                                                          : 1000000;
        if (q.kind == SIM_PARAM_ROLE_STAFF && strcmp(text, "unlimited") == 0)
            x = SIM_STAFF_UNLIMITED;
        else if (num_long(text, lo, hi, &x, &why) != 0)
            return -1;
        *v = (double)x;
        return 0;
    }
    if (!strcmp(sim_param_unit(s, q), "seconds")) {
        diag_list *quiet = diag_list_new();
        cx c = {s, s->p, quiet, s->path, 0, NULL, NULL, NULL, 0};
        plan_amount a;
        int cal = q.kind == SIM_PARAM_TIMER_DURATION ? s->p->nodes[q.index].timer.dur.cal
                  : q.kind == SIM_PARAM_SLA_LIMIT    ? s->p->slas[q.index].limit.cal
                                                     : -1;
        /* the file's value is read trimmed (scn_attr) */
        size_t len = strlen(text);
        while (len && isspace((unsigned char)text[len - 1]))
            len--;
        while (len && isspace((unsigned char)*text))
            text++, len--;
        char *trimmed = alloc_strndup(text, len);
        int rc = scn_parse_amount(&c, NULL, "value", trimmed, cal, &a);
        free(trimmed);
        diag_list_free(quiet);
        *v = a.sec;
        return rc;
    }
    return num_double(text, -DBL_MAX, 0, DBL_MAX, v, &why);
}

int scn_param_set_text(sim_scenario *s, const char *const *kv, int n, diag_list *d)
{
    sim_param *q = alloc_zero((size_t)n + 1, sizeof *q);
    double *v = alloc_zero((size_t)n + 1, sizeof *v);
    diag_list *quiet = diag_list_new();
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        const char *eq = strchr(kv[i], '=');
        char *key = eq ? alloc_strndup(kv[i], (size_t)(eq - kv[i])) : NULL;
        rc = key && sim_param_find(s, key, &q[i], quiet) == 0 && parse_value(s, q[i], eq + 1, &v[i]) == 0 ? 0 : -1;
        free(key);
    }
    if (rc == 0)
        rc = sim_param_set_many(s, q, v, n, quiet);
    if (rc == 0) /* as a compile would: the loads' warning said again */
        solve_load(s, d);
    diag_list_free(quiet);
    free(q);
    free(v);
    return rc;
}

const char *sim_param_unit(const sim_scenario *s, sim_param q)
{
    static const struct { double sec; const char *name; } per[] = {
        {1, "a second"}, {60, "a minute"}, {3600, "an hour"}, {86400, "a day"},
        {604800, "a week"}, {30 * 86400.0, "a month"}, {365 * 86400.0, "a year"},
    };
    switch (q.kind) {
    case SIM_PARAM_ROLE_STAFF:
        return "staff";
    case SIM_PARAM_ROSTER_PEOPLE:
        return "people";
    case SIM_PARAM_ROSTER_ROUNDS:
        return "rounds";
    case SIM_PARAM_ARRIVAL_LIMIT:
        return "cases";
    case SIM_PARAM_ARRIVAL_RATE:
        for (size_t i = 0; i < sizeof per / sizeof per[0]; i++)
            if (s->p->arrivals[q.index].per == per[i].sec)
                return per[i].name;
        return "";
    case SIM_PARAM_TIMER_DURATION:
    case SIM_PARAM_HORIZON:
    case SIM_PARAM_WARMUP:
    case SIM_PARAM_SLA_LIMIT:
    case SIM_PARAM_ROSTER_ATTEMPT:
    case SIM_PARAM_ROSTER_BACKUP_ATTEMPT:
    case SIM_PARAM_ARRIVAL_EVERY:
    case SIM_PARAM_TIMER_EVERY:
        return "seconds";
    default:
        return "";
    }
}

int sim_param_whole(sim_param q)
{
    return q.kind == SIM_PARAM_ROLE_STAFF || q.kind == SIM_PARAM_ROSTER_PEOPLE || q.kind == SIM_PARAM_ROSTER_ROUNDS ||
           q.kind == SIM_PARAM_CLASS_PRIORITY || q.kind == SIM_PARAM_ARRIVAL_LIMIT;
}

int sim_scenario_roster_count(const sim_scenario *s) { return s->p->nrosters; }

int sim_scenario_roster_find(const sim_scenario *s, const char *id)
{
    return FIND(s->p->rosters, s->p->nrosters, id);
}

const char *sim_scenario_roster_id(const sim_scenario *s, int i) { return s->p->rosters[i].id; }
int sim_scenario_roster_people(const sim_scenario *s, int i) { return s->p->rosters[i].n; }

int sim_scenario_calendar_find(const sim_scenario *s, const char *id)
{
    return FIND(s->p->cals, s->p->ncals, id);
}
