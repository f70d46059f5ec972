/*
 * size_scenario: the simulator under the sizing search (size.c) -- picks
 * the dimensions to size, turns a candidate staffing and its probes into
 * typed parameter changes and a sim_run on replications [r0, r1), and
 * puts the scenario back as it was.  See size_scenario.h.
 */
#include "size_scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"

/* A parameter a probe changes: its value as found, and with the probe. */
typedef struct knob {
    sim_param p;
    double orig, probed;
} knob;

enum { PROBE_OTHERS, PROBE_ROSTERS, PROBE_CALENDARS, NPROBE_KINDS };

typedef struct ctx {
    sim_scenario *s;
    sim_options o;
    int ndims;
    sim_param *dims;
    double *dims_orig;
    int *dims_ok;            /* dims_orig holds the value to put back */
    const char **labels;
    knob *knobs[NPROBE_KINDS];
    int nknobs[NPROBE_KINDS];
    unsigned bit[NPROBE_KINDS]; /* the probe's bit, 0 when not offered */
    int nsla;
    size_scenario_log *log;
    FILE *progress;
} ctx;

/* Sets p to v unless it holds v already (each set solves the offered
 * loads again). */
static int set_if(sim_scenario *s, sim_param p, double v, diag_list *d)
{
    return sim_param_get(s, p) == v ? 0 : sim_param_set(s, p, v, d);
}

static void show(const ctx *e, const int *staff, unsigned probes, int r0, int r1)
{
    fprintf(e->progress, "\r\033[Ksize: ");
    for (int i = 0; i < e->ndims; i++) {
        if (staff[i] == SIZE_UNLIMITED)
            fprintf(e->progress, "%s%s unlimited", i ? " " : "", e->labels[i]);
        else
            fprintf(e->progress, "%s%s=%d", i ? " " : "", e->labels[i], staff[i]);
    }
    if (probes)
        fprintf(e->progress, " (what binds)");
    fprintf(e->progress, ", replications %d to %d", r0, r1 - 1);
    fflush(e->progress);
}

static int eval(void *user, const int *staff, unsigned probes, int r0, int r1, long *measured,
                long *within, diag_list *d)
{
    ctx *e = user;
    for (int i = 0; i < e->ndims; i++)
        if (set_if(e->s, e->dims[i], staff[i] == SIZE_UNLIMITED ? SIM_STAFF_UNLIMITED : staff[i],
                   d) != 0)
            return -1;
    for (int k = 0; k < NPROBE_KINDS; k++)
        for (int q = 0; q < e->nknobs[k]; q++) {
            const knob *x = &e->knobs[k][q];
            if (set_if(e->s, x->p, (probes & e->bit[k]) ? x->probed : x->orig, d) != 0)
                return -1;
        }
    if (e->progress)
        show(e, staff, probes, r0, r1);
    e->o.first_replication = r0;
    e->o.replications = r1 - r0;
    diag_list *local = diag_list_new();
    sim_result *res = sim_run(e->s, &e->o, local);
    if (e->log)
        e->log->runs++;
    if (!res) {
        diag_list_splice(d, local);
        diag_list_free(local);
        return -1;
    }
    /* warnings repeat for every batch: count them, keep the first few */
    if (e->log) {
        e->log->warnings += diag_list_count(local);
        if (e->log->first && diag_list_count(e->log->first) < 3)
            diag_list_splice(e->log->first, local);
    }
    diag_list_free(local);
    for (int k = 0; k < r1 - r0; k++)
        for (int j = 0; j < e->nsla; j++) {
            measured[(size_t)k * e->nsla + j] = sim_result_sla_cases(res, j, k);
            within[(size_t)k * e->nsla + j] = sim_result_sla_within(res, j, k);
        }
    sim_result_free(res);
    return 0;
}

/* Puts every parameter the search touched back as it was. */
static void restore(ctx *e)
{
    diag_list *quiet = diag_list_new();
    for (int i = 0; i < e->ndims; i++)
        if (e->dims_ok[i])
            set_if(e->s, e->dims[i], e->dims_orig[i], quiet);
    for (int k = 0; k < NPROBE_KINDS; k++)
        for (int q = 0; q < e->nknobs[k]; q++)
            set_if(e->s, e->knobs[k][q].p, e->knobs[k][q].orig, quiet);
    diag_list_free(quiet);
}

/* ---- what to size ------------------------------------------------------ */

/* A roster's length through its typed parameter roster.ID.people, checked
 * by setting it to MIN (the value it had is put back at the end). */
static int pick_roster(ctx *e, const size_range *r, int n, size_role *dim, diag_list *d)
{
    sim_scenario *s = e->s;
    char key[512];
    snprintf(key, sizeof key, "roster.%s.people", r->id);
    diag_list *local = diag_list_new();
    int rc = sim_param_find(s, key, &e->dims[n], local);
    if (rc == 0) {
        e->dims_orig[n] = sim_param_get(s, e->dims[n]);
        e->dims_ok[n] = 1;
        rc = sim_param_set(s, e->dims[n], r->min, local);
    }
    if (rc != 0) {
        diag_add(d, DIAG_ERROR, "size-unknown-roster", sim_scenario_path(s), 0, r->id, NULL,
                 "--roster %s=%d..%d: the scenario cannot take that roster length", r->id,
                 r->min, r->max);
        diag_list_splice(d, local);
    }
    diag_list_free(local);
    size_t len = strlen(r->id) + 8;
    char *label = alloc_resize(NULL, len, 1);
    snprintf(label, len, "roster %s", r->id);
    e->labels[n] = label;
    *dim = (size_role){label, r->min, r->max, 0, 1, NAN, SIZE_LIST};
    return rc;
}

static void queue_dim(ctx *e, int n, int role, int min, int max, size_role *dim)
{
    sim_scenario *s = e->s;
    e->dims[n] = (sim_param){SIM_PARAM_ROLE_STAFF, role, 0};
    e->dims_orig[n] = sim_scenario_role_staff(s, role);
    e->dims_ok[n] = 1;
    e->labels[n] = alloc_strdup(sim_scenario_role_id(s, role));
    *dim = (size_role){e->labels[n],
                       min,
                       max,
                       sim_scenario_role_offered_load(s, role),
                       sim_scenario_role_working_fraction(s, role),
                       sim_scenario_role_cost(s, role),
                       SIZE_QUEUE};
}

/* Fills dims from the ranges, or from every staffed role with work.
 * Returns the number of dimensions, or -1 after an error in d. */
static int pick(ctx *e, const size_range *ranges, int nranges, size_role *dims, diag_list *d)
{
    sim_scenario *s = e->s;
    const char *path = sim_scenario_path(s);
    int n = 0, bad = 0;
    for (int k = 0; k < nranges; k++) {
        const size_range *r = &ranges[k];
        for (int q = 0; q < k; q++)
            if (ranges[q].roster == r->roster && !strcmp(ranges[q].id, r->id)) {
                diag_add(d, DIAG_ERROR, "size-duplicate-role", path, 0, r->id, NULL,
                         "--%s %s is given twice", r->roster ? "roster" : "role", r->id);
                bad = 1;
            }
        if (r->roster) {
            bad |= pick_roster(e, r, n, &dims[n], d) != 0;
            n++;
            continue;
        }
        int i = sim_scenario_role_find(s, r->id);
        if (i < 0) {
            char known[1024] = "";
            size_t len = 0;
            for (int q = 0; q < sim_scenario_role_count(s) && len < sizeof known - 64; q++)
                len += (size_t)snprintf(known + len, sizeof known - len, "%s%s", q ? ", " : "",
                                        sim_scenario_role_id(s, q));
            diag_add(d, DIAG_ERROR, "size-unknown-role", path, 0, r->id, NULL,
                     "--role %s: the scenario has no role '%s' (its roles: %s)", r->id, r->id,
                     len ? known : "none");
            bad = 1;
            continue;
        }
        if (sim_scenario_role_staff(s, i) == SIM_STAFF_UNLIMITED) {
            diag_add(d, DIAG_ERROR, "size-unlimited-role", path, 0, r->id, NULL,
                     "--role %s: the role is unlimited (an outside party) and cannot be sized",
                     r->id);
            bad = 1;
            continue;
        }
        queue_dim(e, n, i, r->min, r->max, &dims[n]);
        n++;
    }
    if (nranges)
        return bad ? -1 : n;
    for (int i = 0; i < sim_scenario_role_count(s); i++) {
        double load = sim_scenario_role_offered_load(s, i);
        int staff = sim_scenario_role_staff(s, i);
        if (staff == SIM_STAFF_UNLIMITED || !(load > 0))
            continue;
        double wf = sim_scenario_role_working_fraction(s, i);
        int lb = (int)floor(load / wf) + 1, max = 2 * lb;
        if (lb + 10 > max)
            max = lb + 10;
        if (staff > max)
            max = staff;
        /* a burst on a long horizon has a small average load: let the
         * range reach the cases one replication brings (up to 100) */
        double cases = ceil(sim_scenario_expected_cases(s));
        if (cases > max)
            max = cases < 100 ? (int)cases : max > 100 ? max : 100;
        queue_dim(e, n, i, 1, max, &dims[n]);
        n++;
    }
    if (n == 0) {
        char unl[512] = "";
        size_t len = 0;
        for (int i = 0; i < sim_scenario_role_count(s) && len < sizeof unl - 64; i++)
            if (sim_scenario_role_staff(s, i) == SIM_STAFF_UNLIMITED)
                len += (size_t)snprintf(unl + len, sizeof unl - len, "%s%s", len ? ", " : "",
                                        sim_scenario_role_id(s, i));
        if (len)
            diag_add(d, DIAG_ERROR, "size-no-role", path, 0, NULL, NULL,
                     "no staffed role has work to do: nothing to size (unlimited: %s; to size "
                     "one, give it a staff first, e.g. --set role.%s.staff=1 --role %s=1..10)",
                     unl, sim_scenario_role_id(s, 0), sim_scenario_role_id(s, 0));
        else
            diag_add(d, DIAG_ERROR, "size-no-role", path, 0, NULL, NULL,
                     "no staffed role has work to do: nothing to size");
        return -1;
    }
    return n;
}

/* ---- the probes --------------------------------------------------------- */

static knob *add_knob(ctx *e, int kind, sim_param p, double probed)
{
    knob *x = ALLOC_PUSH(e->knobs[kind], e->nknobs[kind]);
    *x = (knob){p, sim_param_get(e->s, p), probed};
    return x;
}

/* The probes this scenario has something for, their words in names. */
static int find_probes(ctx *e, const char **names)
{
    sim_scenario *s = e->s;
    for (int i = 0; i < sim_scenario_role_count(s); i++) {
        int sized = 0;
        for (int k = 0; k < e->ndims; k++)
            sized |= e->dims[k].kind == SIM_PARAM_ROLE_STAFF && e->dims[k].index == i;
        if (!sized && sim_scenario_role_staff(s, i) != SIM_STAFF_UNLIMITED &&
            sim_scenario_role_offered_load(s, i) > 0)
            add_knob(e, PROBE_OTHERS, (sim_param){SIM_PARAM_ROLE_STAFF, i, 0}, SIM_STAFF_UNLIMITED);
    }
    diag_list *quiet = diag_list_new();
    for (int q = 0; q < sim_scenario_roster_count(s); q++) {
        char key[512];
        sim_param p;
        const char *id = sim_scenario_roster_id(s, q);
        snprintf(key, sizeof key, "roster.%s.answer", id);
        /* a roster listing its people one by one has no roster-wide answer */
        if (sim_param_find(s, key, &p, quiet) == 0 && sim_param_get(s, p) < 1)
            add_knob(e, PROBE_ROSTERS, p, 1);
        snprintf(key, sizeof key, "roster.%s.backup-answer", id);
        if (sim_param_find(s, key, &p, quiet) == 0 && sim_param_get(s, p) > 0 &&
            sim_param_get(s, p) < 1)
            add_knob(e, PROBE_ROSTERS, p, 1);
    }
    diag_list_free(quiet);
    int always = sim_scenario_calendar_find(s, "24x7");
    for (int i = 0; always >= 0 && i < sim_scenario_role_count(s); i++)
        if (sim_scenario_role_working_fraction(s, i) < 1)
            add_knob(e, PROBE_CALENDARS, (sim_param){SIM_PARAM_ROLE_CALENDAR, i, 0}, always);
    static const char *const words[NPROBE_KINDS] = {
        "every other staffed role unlimited",
        "every roster answers its first call",
        "every role works around the clock",
    };
    int n = 0;
    for (int k = 0; k < NPROBE_KINDS; k++)
        if (e->nknobs[k]) {
            e->bit[k] = 1u << n;
            names[n++] = words[k];
        }
    return n;
}

/* ---- the run ------------------------------------------------------------ */

size_result *size_scenario_run(sim_scenario *s, const size_scenario_options *o,
                               size_scenario_log *log, diag_list *d)
{
    size_result *res = NULL;
    const char *path = sim_scenario_path(s);
    int nsla = sim_scenario_sla_count(s);
    int cap = sim_scenario_role_count(s) + o->nranges + 1;
    ctx e = {0};
    e.s = s;
    e.log = log;
    e.progress = o->progress;
    e.nsla = nsla;
    e.dims = alloc_zero((size_t)cap, sizeof *e.dims);
    e.dims_orig = alloc_zero((size_t)cap, sizeof *e.dims_orig);
    e.dims_ok = alloc_zero((size_t)cap, sizeof *e.dims_ok);
    e.labels = alloc_zero((size_t)cap, sizeof *e.labels);
    size_role *dims = alloc_zero((size_t)cap, sizeof *dims);
    size_sla *slas = alloc_zero((size_t)nsla + 1, sizeof *slas);
    int n = pick(&e, o->ranges, o->nranges, dims, d);
    /* every dimension picked is put back, even after an error */
    e.ndims = n >= 0 ? n : cap;
    if (n < 0)
        goto done;
    if (nsla == 0) {
        diag_add(d, DIAG_ERROR, "size-no-sla", path, 0, NULL, NULL,
                 "the scenario has no sla: there is nothing to size for (add an <sla> to <slas>)");
        goto done;
    }
    for (int j = 0; j < nsla; j++)
        slas[j] = (size_sla){sim_scenario_sla_id(s, j), sim_scenario_sla_target(s, j)};
    for (int i = 0; i < n && o->search.objective == SIZE_COST; i++)
        if (dims[i].kind == SIZE_QUEUE && !(dims[i].cost >= 0))
            diag_add(d, DIAG_ERROR, "size-no-cost", path, 0, dims[i].id, NULL,
                     "role %s has no cost-per-hour: --objective cost needs one for every role "
                     "sized",
                     dims[i].id);
    if (diag_list_count_severity(d, DIAG_ERROR))
        goto done;

    const char *names[NPROBE_KINDS];
    int nprobes = find_probes(&e, names);
    sim_options_init(&e.o, s);
    e.o.sla_only = 1;
    /* the batch (8, doubling to 64 per candidate) is fixed, not taken from
     * the thread count, so that "replications simulated" is the same on
     * every machine; the decisions never depend on it */
    size_problem p = {dims, n, slas, nsla, names, nprobes, eval, &e};
    res = size_run(&p, &o->search, d);
    if (e.progress)
        fprintf(e.progress, "\r\033[K");
done:
    restore(&e);
    for (int i = 0; i < cap; i++)
        free((char *)e.labels[i]);
    for (int k = 0; k < NPROBE_KINDS; k++)
        free(e.knobs[k]);
    free(e.labels);
    free(e.dims);
    free(e.dims_orig);
    free(e.dims_ok);
    free(dims);
    free(slas);
    return res;
}
