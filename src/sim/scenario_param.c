/*
 * scenario_param: the typed parameters of a compiled scenario (sim.h) --
 * staff, roster length and answer probabilities, SLA targets, arrival
 * rates -- found once
 * by their --set key and changed in place in the plan, with the offered
 * loads solved again.  The checks repeat the scenario parser's, with its
 * messages, so a value refused here is refused there too.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
};

/* The arrival line at start event id, -1 when none. */
static int find_arrival(const plan *p, const char *id)
{
    for (int i = 0; i < p->narrivals; i++)
        if (p->arrivals[i].node >= 0 && strcmp(p->nodes[p->arrivals[i].node].mn->e.id, id) == 0)
            return i;
    return -1;
}

int sim_param_find(const sim_scenario *s, const char *key, sim_param *out, diag_list *d)
{
    const plan *p = s->p;
    const char *d1 = strchr(key, '.'), *d2 = strrchr(key, '.');
    if (!d1 || d1 == d2) {
        diag_add(d, DIAG_ERROR, "set", NULL, 0, NULL, NULL,
                 "%s: expected ELEMENT.ID.ATTRIBUTE (e.g. role.rzm.staff)", key);
        return -1;
    }
    char *id = alloc_strndup(d1 + 1, (size_t)(d2 - d1 - 1));
    size_t elen = (size_t)(d1 - key);
    int rc = -1;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        if (strlen(keys[k].elem) != elen || strncmp(key, keys[k].elem, elen) != 0 ||
            strcmp(d2 + 1, keys[k].attr) != 0)
            continue;
        int i = keys[k].kind == SIM_PARAM_ROLE_STAFF ? FIND(p->roles, p->nroles, id)
                : keys[k].kind == SIM_PARAM_SLA_TARGET ? FIND(p->slas, p->nslas, id)
                : keys[k].kind == SIM_PARAM_ARRIVAL_RATE ? find_arrival(p, id)
                                                       : FIND(p->rosters, p->nrosters, id);
        if (i < 0 && keys[k].kind == SIM_PARAM_ARRIVAL_RATE) {
            diag_add(d, DIAG_ERROR, "set", s->path, 0, id, NULL,
                     "%s: the scenario has no <arrival start=%s>", key, id);
            goto done;
        }
        if (i < 0) {
            diag_add(d, DIAG_ERROR, "set", s->path, 0, id, NULL, "%s: the scenario has no <%s id=%s>",
                     key, keys[k].elem, id);
            goto done;
        }
        if (keys[k].kind == SIM_PARAM_ARRIVAL_RATE && p->arrivals[i].kind != PA_POISSON) {
            diag_add(d, DIAG_ERROR, "set", s->path, p->arrivals[i].line, id, NULL,
                     "%s: the arrivals at %s are not given by rate= (a csv, every or dist line)", key, id);
            goto done;
        }
        if ((keys[k].kind == SIM_PARAM_ROSTER_PEOPLE || keys[k].kind == SIM_PARAM_ROSTER_ANSWER) &&
            p->rosters[i].listed) {
            diag_add(d, DIAG_ERROR, "value", s->path, p->rosters[i].line, id, NULL,
                     "give people=\"N\" or <person> entries, not both");
            goto done;
        }
        *out = (sim_param){keys[k].kind, i};
        rc = 0;
        goto done;
    }
    diag_add(d, DIAG_ERROR, "set", NULL, 0, NULL, NULL,
             "%s is not a typed parameter (role.ID.staff, roster.ID.people, roster.ID.answer, "
             "roster.ID.backup-answer, sla.ID.target, arrival.ID.rate)",
             key);
done:
    free(id);
    return rc;
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
    }
    return NAN;
}

/* The offered loads depend on staff (unlimited roles have none) and on the
 * rosters (their call time, their exhaustion as a branch probability). */
static void solve_load(sim_scenario *s)
{
    diag_list *quiet = diag_list_new(); /* its one warning was given at load */
    cx c = {s, s->p, quiet, s->path, 0, NULL, NULL, s->p->live, 0};
    scn_compute_load(&c);
    diag_list_free(quiet);
}

static int bad(const sim_scenario *s, diag_list *d, int line, const char *id, const char *msg,
               double v)
{
    diag_add(d, DIAG_ERROR, "value", s->path, line, id, NULL, msg, v);
    return -1;
}

int sim_param_set(sim_scenario *s, sim_param q, double v, diag_list *d)
{
    plan *p = s->p;
    switch (q.kind) {
    case SIM_PARAM_ROLE_STAFF: {
        plan_role *r = &p->roles[q.index];
        if (!(v == floor(v) && ((v >= 0 && v <= 1000000) || v == SIM_STAFF_UNLIMITED)))
            return bad(s, d, 0, r->id, "staff='%g' must be a whole number from 0 to 1000000, or unlimited", v);
        r->staff = (int)v;
        break;
    }
    case SIM_PARAM_ROSTER_PEOPLE: {
        plan_roster *r = &p->rosters[q.index];
        if (!(v == floor(v) && v >= 1 && v <= 100000))
            return bad(s, d, r->line, r->id, "people='%g' must be a whole number from 1 to 100000", v);
        r->n = (int)v;
        r->p = alloc_resize(r->p, (size_t)r->n, sizeof(double));
        for (int i = 0; i < r->n; i++)
            r->p[i] = r->answer;
        break;
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
        break;
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
        double r = v / a->per, any = r, old = a->rate, n = 0;
        for (int i = 0; i < a->nwin; i++)
            any += a->win[i].rate;
        if (!(v >= 0) || !isfinite(v) || !(any > 0)) {
            diag_add(d, DIAG_ERROR, "value", s->path, a->line, start, NULL,
                     "the arrival rate at '%s' must be positive, not %g", start, v);
            return -1;
        }
        a->rate = r;
        for (int i = 0; i < p->narrivals; i++) { /* as scn_check_volume: a limit caps a line */
            double k = scn_arrival_rate(p, &p->arrivals[i]) * (p->tend - p->t0);
            n += p->arrivals[i].limit > 0 && p->arrivals[i].limit < k ? (double)p->arrivals[i].limit : k;
        }
        if (n > 1e9) {
            a->rate = old;
            return bad(s, d, a->line, start,
                       "a replication would simulate about %.3g cases (over 10^9): lower the rate", n);
        }
        p->expected_cases = n;
        a->rate_max = r;
        for (int i = 0; i < a->nwin; i++)
            if (a->win[i].rate > a->rate_max)
                a->rate_max = a->win[i].rate;
        break;
    }
    }
    solve_load(s);
    return 0;
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
    case SIM_PARAM_ARRIVAL_RATE:
        for (size_t i = 0; i < sizeof per / sizeof per[0]; i++)
            if (s->p->arrivals[q.index].per == per[i].sec)
                return per[i].name;
        return "";
    default:
        return "";
    }
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
