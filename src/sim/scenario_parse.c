/*
 * scenario_parse: reads each section of a scenario document (clock,
 * calendars, classes, roles, arrivals, durations, timers, triggers,
 * rosters, branches, SLAs, levels, run) into the plan, one function per
 * section; every bad value is a diagnostic at its line, and all problems of
 * a file are reported in one pass.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "../model/num.h"
#include "../model/xmlsafe.h"
#include "scenario_int.h"

/* ---- sections ---------------------------------------------------------- */

void scn_parse_clock(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    xmlNodePtr n = scn_child(root, "clock");
    if (!n)
        return; /* the schema requires it */
    scn_attr_datetime(c, n, "start", &p->t0);
    char *off = scn_attr(n, "utc-offset");
    if (off && strcmp(off, "Z") != 0) {
        int hh = 0, mm = 0;
        if (sscanf(off + 1, "%d:%d", &hh, &mm) != 2 || hh > 14 || mm > 59)
            cx_diag(c, DIAG_ERROR, "value", n, NULL, "utc-offset '%s' is not +hh:mm", off);
        p->utc_offset_min = (off[0] == '-' ? -1 : 1) * (hh * 60 + mm);
    }
    free(off);
    plan_amount h = {0, -1}, w = {0, -1};
    p->clock_line = scn_line_of(n);
    if (scn_attr_amount(c, n, "horizon", -1, &h) == 1 && !(h.sec > 0 && h.sec <= 1000 * 365 * 86400.0))
        cx_diag(c, DIAG_ERROR, "value", n, NULL, "the horizon must be positive and at most 1000 years");
    if (scn_attr_amount(c, n, "warmup", -1, &w) == 1 && (w.sec < 0 || w.sec >= h.sec))
        cx_diag(c, DIAG_ERROR, "value", n, NULL, "the warm-up must be shorter than the horizon");
    p->twarm = p->t0 + w.sec;
    p->tend = p->t0 + h.sec;
}

static int add_calendar(plan *p, const char *id, int line)
{
    *ALLOC_PUSH(p->cals, p->ncals) = (plan_calendar){alloc_strdup(id), calendar_new(id), 0, line};
    return p->ncals - 1;
}

static int parse_days(const char *s, int days[7])
{
    static const char *const names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    memset(days, 0, sizeof(int) * 7);
    while (*s) {
        while (isspace((unsigned char)*s) || *s == ',')
            s++;
        if (!*s)
            break;
        int a = -1, b;
        for (int i = 0; i < 7; i++)
            if (strncmp(s, names[i], 3) == 0)
                a = i;
        if (a < 0)
            return -1;
        s += 3;
        b = a;
        if (*s == '-') {
            b = -1;
            for (int i = 0; i < 7; i++)
                if (strncmp(s + 1, names[i], 3) == 0)
                    b = i;
            if (b < 0)
                return -1;
            s += 4;
        }
        for (int i = a;; i = (i + 1) % 7) {
            days[i] = 1;
            if (i == b)
                break;
        }
    }
    return 0;
}

static int parse_hhmm(const char *s)
{
    int h, m;
    if (!s || sscanf(s, "%d:%d", &h, &m) != 2)
        return -1;
    return h * 60 + m;
}

void scn_parse_calendars(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    int k = add_calendar(p, "24x7", 0);
    calendar_set_always(p->cals[k].cal);
    p->cals[k].flat = 1;
    for (xmlNodePtr n = scn_child(root, "calendars") ? scn_child(root, "calendars")->children : NULL; n;
         n = n->next) {
        if (!scn_is_elem(n, "calendar"))
            continue;
        char *id = scn_attr(n, "id");
        if (FIND(p->cals, p->ncals, id) >= 0) {
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, id, "calendar '%s' is defined twice", id);
            free(id);
            continue;
        }
        int ci = add_calendar(p, id, scn_line_of(n));
        calendar *cal = p->cals[ci].cal;
        char *always = scn_attr(n, "always");
        int is_always = always && (!strcmp(always, "true") || !strcmp(always, "1"));
        int nhol = 0, nwin = 0;
        if (is_always)
            calendar_set_always(cal);
        for (xmlNodePtr w = n->children; w; w = w->next) {
            if (scn_is_elem(w, "window")) {
                char *days = scn_attr(w, "days"), *from = scn_attr(w, "from"), *to = scn_attr(w, "to");
                int dd[7], a = parse_hhmm(from), b = parse_hhmm(to);
                if (!days || parse_days(days, dd) != 0)
                    cx_diag(c, DIAG_ERROR, "value", w, id, "days '%s' are not weekdays like Mon-Fri",
                            days ? days : "");
                else if (a < 0 || b < 0 || a >= b)
                    cx_diag(c, DIAG_ERROR, "value", w, id,
                            "window %s-%s ends before it starts (split a night window at midnight)",
                            from ? from : "?", to ? to : "?");
                else
                    for (int i = 0; i < 7; i++)
                        if (dd[i])
                            calendar_add_window(cal, i, a, b);
                nwin++;
                free(days);
                free(from);
                free(to);
            } else if (scn_is_elem(w, "holiday")) {
                char *date = scn_attr(w, "date");
                int y, m, d;
                if (!date || sscanf(date, "%d-%d-%d", &y, &m, &d) != 3 ||
                    calendar_add_holiday(cal, y, m, d) != 0)
                    cx_diag(c, DIAG_ERROR, "value", w, id, "holiday '%s' is not a date", date ? date : "");
                nhol++;
                free(date);
            } else if (scn_is_elem(w, "us-federal-holidays")) {
                long a = 0, b = 0;
                if (scn_attr_int(c, w, "from", 1900, 2200, &a) == 1 && scn_attr_int(c, w, "to", 1900, 2200, &b) == 1) {
                    if (a > b)
                        cx_diag(c, DIAG_ERROR, "value", w, id, "years %ld to %ld run backwards", a, b);
                    else
                        calendar_add_us_federal_holidays(cal, (int)a, (int)b);
                }
                nhol++;
            }
        }
        if (is_always && nwin)
            cx_diag(c, DIAG_WARNING, "calendar", n, id,
                    "calendar '%s' is always open: its windows change nothing", id);
        if (calendar_working_fraction(cal) <= 0)
            cx_diag(c, DIAG_ERROR, "calendar", n, id, "calendar '%s' has no working time", id);
        p->cals[ci].flat = is_always && nhol == 0;
        free(always);
        free(id);
    }
}

void scn_parse_classes(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    double sum = 0;
    EACH_ITEM(n, root, "classes", "class") {
        char *id = scn_attr(n, "id");
        if (p->nclasses && FIND(p->classes, p->nclasses, id) >= 0) {
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, id, "class '%s' is defined twice", id);
            free(id);
            continue;
        }
        double share = 0;
        long prio = 0;
        scn_attr_double(c, n, "share", &share);
        scn_attr_int(c, n, "priority", INT_MIN / 2, INT_MAX / 2, &prio);
        *ALLOC_PUSH(p->classes, p->nclasses) = (plan_class){id, share, (int)prio};
        sum += share;
    }
    p->classes_line = p->nclasses ? scn_line_of(scn_child(root, "classes")) : 0;
    if (p->nclasses == 0) {
        p->classes = alloc_zero(1, sizeof *p->classes);
        p->classes[0] = (plan_class){alloc_strdup("all"), 1.0, 0};
        p->nclasses = 1;
    } else if (fabs(sum - 1) > 1e-9) {
        cx_diag(c, DIAG_ERROR, "probability", scn_child(root, "classes"), NULL, "class shares sum to %.10g, not 1", sum);
    }
}

/* ---- the global node table --------------------------------------------- */

static plan_kind kind_of(const model_node *n)
{
    switch (n->type) {
    case MODEL_START_EVENT:
        return PK_START;
    case MODEL_END_EVENT:
        return n->evdef == MODEL_EVDEF_TERMINATE ? PK_TERMINATE : PK_END;
    case MODEL_CATCH_EVENT:
        if (n->evdef == MODEL_EVDEF_TIMER)
            return PK_TIMER;
        return n->evdef == MODEL_EVDEF_LINK ? PK_PASS : PK_WAIT;
    case MODEL_THROW_EVENT:
        return n->evdef == MODEL_EVDEF_LINK ? PK_LINK : PK_PASS;
    case MODEL_BOUNDARY_EVENT:
        return PK_BOUNDARY;
    case MODEL_SUB_PROCESS:
        return PK_SUB;
    case MODEL_CALL_ACTIVITY:
        return PK_CALL;
    case MODEL_EXCLUSIVE_GATEWAY:
        return PK_XOR;
    case MODEL_PARALLEL_GATEWAY:
        return PK_AND;
    case MODEL_INCLUSIVE_GATEWAY:
        return PK_OR;
    case MODEL_EVENT_GATEWAY:
        return PK_EVGW;
    default:
        return model_type_is_task(n->type) ? PK_TASK : PK_NONE;
    }
}

/* The none start event a called process or a sub-process begins at. */
static int inner_start(const plan *p, int mi, int process, int sub)
{
    const model *m = p->models[mi].m;
    int best = -1;
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *n = model_node_at(m, (int)i);
        if (n->type != MODEL_START_EVENT || n->nin > 0 || n->triggered_by_event)
            continue;
        if (sub >= 0 ? n->parent != sub : (n->process != process || n->parent != -1))
            continue;
        if (best < 0 || (n->evdef == MODEL_EVDEF_NONE &&
                         model_node_at(m, best)->evdef != MODEL_EVDEF_NONE))
            best = (int)i;
    }
    return best < 0 ? -1 : p->models[mi].base_node + best;
}

void scn_build_nodes(cx *c)
{
    plan *p = c->p;
    int nn = 0, nf = 0, np = 0;
    for (int i = 0; i < p->nmodels; i++) {
        p->models[i].base_node = nn;
        p->models[i].base_flow = nf;
        p->models[i].base_proc = np;
        nn += (int)model_node_count(p->models[i].m);
        nf += (int)model_flow_count(p->models[i].m);
        np += (int)model_process_count(p->models[i].m);
    }
    p->nnodes = nn;
    p->nflows = nf;
    p->nprocs = np;
    p->nodes = alloc_zero((size_t)nn, sizeof *p->nodes);
    p->flows = alloc_zero((size_t)nf, sizeof *p->flows);
    p->procs = alloc_zero((size_t)np, sizeof *p->procs);
    for (int mi = 0; mi < p->nmodels; mi++) {
        const plan_model *pm = &p->models[mi];
        const model *m = pm->m;
        for (size_t k = 0; k < model_process_count(m); k++) {
            plan_process *pr = &p->procs[pm->base_proc + (int)k];
            pr->mp = model_process_at(m, (int)k);
            pr->model = mi;
            pr->slot = -1;
            pr->start = inner_start(p, mi, (int)k, -1);
        }
        for (size_t k = 0; k < model_flow_count(m); k++) {
            plan_flow *f = &p->flows[pm->base_flow + (int)k];
            f->mf = model_flow_at(m, (int)k);
            f->src = pm->base_node + f->mf->source;
            f->dst = pm->base_node + f->mf->target;
        }
        for (size_t k = 0; k < model_node_count(m); k++) {
            const model_node *mn = model_node_at(m, (int)k);
            plan_node *n = &p->nodes[pm->base_node + (int)k];
            n->mn = mn;
            n->model = mi;
            n->local = (int)k;
            n->process = pm->base_proc + mn->process;
            n->kind = kind_of(mn);
            n->key = plan_hash(mn->e.id);
            n->role = n->roster = n->task = n->end = n->link = n->incl = -1;
            n->inner_start = n->attached = -1;
            n->interrupting = mn->cancel_activity;
            if (mn->attached_to >= 0)
                n->attached = pm->base_node + mn->attached_to;
            n->nout = mn->nout;
            n->out = alloc_zero((size_t)mn->nout, sizeof(int));
            for (int j = 0; j < mn->nout; j++)
                n->out[j] = pm->base_flow + mn->out[j];
            n->nin = mn->nin;
            n->in = alloc_zero((size_t)mn->nin, sizeof(int));
            for (int j = 0; j < mn->nin; j++)
                n->in[j] = pm->base_flow + mn->in[j];
            n->nbnd = mn->nboundary;
            n->bnd = alloc_zero((size_t)mn->nboundary, sizeof(int));
            for (int j = 0; j < mn->nboundary; j++)
                n->bnd[j] = pm->base_node + mn->boundary[j];
            if (n->kind == PK_SUB)
                n->inner_start = inner_start(p, mi, mn->process, (int)k);
            if (n->kind == PK_CALL && mn->called_process >= 0) {
                n->inner_start = p->procs[pm->base_proc + mn->called_process].start;
            }
        }
        /* link throws jump to the catch the model core resolved */
        for (size_t k = 0; k < model_node_count(m); k++) {
            plan_node *n = &p->nodes[pm->base_node + (int)k];
            if (n->kind == PK_LINK && n->mn->link_target >= 0)
                n->link = pm->base_node + n->mn->link_target;
        }
    }
}

/* <calls>: loads the bound models; done before the node table exists. */
void scn_load_call_models(cx *c, xmlNodePtr root)
{
    EACH_ITEM(n, root, "calls", "call") {
        char *file = scn_attr(n, "model");
        if (file)
            scn_use_model(c, n, file);
        free(file);
    }
}

void scn_bind_calls(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "calls", "call") {
        char *act = scn_attr(n, "activity"), *file = scn_attr(n, "model"), *proc = scn_attr(n, "process");
        int g = scn_node_attr(c, n, act, "activity", "call activity");
        int mi = file ? scn_use_model(c, n, file) : -1;
        if (g >= 0 && p->nodes[g].kind != PK_CALL) {
            cx_diag(c, DIAG_ERROR, "wrong-kind", n, act, "'%s' is a %s, not a call activity", act,
                    model_node_type_name(p->nodes[g].mn->type));
        } else if (g >= 0 && mi >= 0) {
            const model *m = p->models[mi].m;
            const char *want = proc ? proc : p->nodes[g].mn->called_element;
            int k = want ? model_find_process(m, want) : -1;
            if (k < 0 && !proc) { /* the only process with a start event */
                for (size_t i = 0; i < model_process_count(m); i++)
                    if (p->procs[p->models[mi].base_proc + (int)i].start >= 0)
                        k = k == -1 ? (int)i : -2;
            }
            if (k < 0)
                cx_diag(c, DIAG_ERROR, "unknown-id", n, want,
                        "model '%s' has no process '%s' (name it with process=...)", file,
                        want ? want : "?");
            else {
                int pi = p->models[mi].base_proc + k;
                p->nodes[g].inner_start = p->procs[pi].start;
                /* the reader's "treated as one atomic activity" no longer
                 * holds: the scenario simulates the called process */
                for (int i = 0; i < p->nmodels; i++)
                    diag_list_drop(c->d, "external-call", model_file(p->models[i].m), act);
                if (p->procs[pi].start < 0)
                    cx_diag(c, DIAG_ERROR, "no-start", n, want, "process '%s' has no start event", want);
            }
        }
        free(act);
        free(file);
        free(proc);
    }
}

/* ---- roles ------------------------------------------------------------- */

void scn_parse_roles(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    c->task_role = alloc_zero((size_t)p->nnodes, sizeof(int));
    for (int i = 0; i < p->nnodes; i++)
        c->task_role[i] = -1;
    c->lane_role = alloc_zero((size_t)p->nmodels, sizeof(int *));
    for (int mi = 0; mi < p->nmodels; mi++) {
        size_t nl = model_lane_count(p->models[mi].m);
        c->lane_role[mi] = alloc_zero(nl, sizeof(int));
        for (size_t l = 0; l < nl; l++)
            c->lane_role[mi][l] = -1;
    }
    EACH_ITEM(n, root, "roles", "role") {
        char *id = scn_attr(n, "id");
        if (p->nroles && FIND(p->roles, p->nroles, id) >= 0) {
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, id, "role '%s' is defined twice", id);
            free(id);
            continue;
        }
        plan_role r = {id, 0, 0, NAN, 0, 0, scn_line_of(n)};
        char *staff = scn_attr(n, "staff");
        long v = 0;
        if (staff && strcmp(staff, "unlimited") == 0)
            r.staff = SIM_STAFF_UNLIMITED;
        else if (scn_attr_int(c, n, "staff", 0, 1000000, &v) == 1)
            r.staff = (int)v;
        free(staff);
        if (scn_has_attr(n, "calendar"))
            r.cal = scn_attr_calendar(c, n, "calendar");
        if (r.cal < 0)
            r.cal = 0;
        if (scn_attr_double(c, n, "cost-per-hour", &r.cost) == 1 && r.cost < 0)
            cx_diag(c, DIAG_ERROR, "value", n, id, "cost-per-hour must not be negative");
        int ri = p->nroles;
        *ALLOC_PUSH(p->roles, p->nroles) = r;
        for (xmlNodePtr s = n->children; s; s = s->next) {
            if (!scn_is_elem(s, "serves"))
                continue;
            char *lane = scn_attr(s, "lane"), *task = scn_attr(s, "task");
            if (!lane == !task)
                cx_diag(c, DIAG_ERROR, "value", s, id, "<serves> names either a lane or a task");
            if (task) {
                int g = scn_find_node(c, s, task, "task");
                if (g >= 0 && !model_type_is_activity(p->nodes[g].mn->type))
                    cx_diag(c, DIAG_ERROR, "wrong-kind", s, task, "'%s' is not a task", task);
                else if (g >= 0 && c->task_role[g] >= 0)
                    cx_diag(c, DIAG_ERROR, "duplicate-id", s, task, "task '%s' is served by roles '%s' and '%s'",
                            task, p->roles[c->task_role[g]].id, id);
                else if (g >= 0)
                    c->task_role[g] = ri;
            }
            if (lane) {
                int found = 0;
                for (int mi = 0; mi < p->nmodels; mi++) {
                    model_kind kind;
                    int k = model_find(p->models[mi].m, lane, &kind);
                    if (k < 0 || kind != MODEL_KIND_LANE)
                        continue;
                    found = 1;
                    if (c->lane_role[mi][k] >= 0)
                        cx_diag(c, DIAG_ERROR, "duplicate-id", s, lane,
                                "lane '%s' is served by roles '%s' and '%s'", lane,
                                p->roles[c->lane_role[mi][k]].id, id);
                    else
                        c->lane_role[mi][k] = ri;
                }
                if (!found)
                    cx_diag(c, DIAG_ERROR, "unknown-id", s, lane, "lane '%s' is not in the model", lane);
            }
            free(lane);
            free(task);
        }
    }
}

/* ---- durations, timers, triggers, rosters ------------------------------ */

const char *const scn_dist_params[DIST_KIND_COUNT][3] = {
    [DIST_FIXED] = {"value"},
    [DIST_UNIFORM] = {"min", "max"},
    [DIST_TRIANGULAR] = {"min", "mode", "max"},
    [DIST_EXPONENTIAL] = {"mean"},
    [DIST_NORMAL] = {"mean", "sd"},
    [DIST_LOGNORMAL] = {"mean", "sd"},
    [DIST_GAMMA] = {"shape", "scale"},
    [DIST_WEIBULL] = {"shape", "scale"},
    [DIST_EXNORMAL] = {"mu", "sigma", "tau"},
};

/* The calendar whose business day "bd" means for node g: its role's. */
static int node_calendar(const cx *c, int g)
{
    int r = g >= 0 ? c->p->nodes[g].role : -1;
    return r >= 0 ? c->p->roles[r].cal : -1;
}

/* Reads the law of n (dist= and its parameters, point or component
 * children, shift and bounds) in the unit us into d.  Returns 0, or -1
 * after an error. */
static int parse_law(cx *c, xmlNodePtr n, const char *who, double us, int nested, dist *d)
{
    char *kind = scn_attr(n, "dist");
    int k = kind ? dist_kind_parse(kind) : -1;
    int rc = -1, bad = 0;
    char err[200];
    memset(d, 0, sizeof *d);
    if (k < 0) {
        cx_diag(c, DIAG_ERROR, "value", n, who, "unknown distribution '%s'", kind ? kind : "");
        goto done;
    }
    if (k == DIST_MIXTURE) {
        dist *comp = NULL;
        double *w = NULL;
        int nc = 0, seen = 0;
        if (nested) {
            cx_diag(c, DIAG_ERROR, "value", n, who, "a mixture's component cannot be a mixture");
            goto done;
        }
        for (xmlNodePtr m = n->children; m; m = m->next)
            if (scn_is_elem(m, "component") && ++seen <= DIST_MAX_COMPONENTS) {
                comp = alloc_resize(comp, (size_t)nc + 1, sizeof *comp);
                w = alloc_resize(w, (size_t)nc + 1, sizeof *w);
                int ok = scn_attr_double(c, m, "weight", &w[nc]) == 1;
                if (parse_law(c, m, who, us, 1, &comp[nc]) == 0 && ok)
                    nc++;
                else
                    bad = 1, dist_release(&comp[nc]);
            }
        if (seen > DIST_MAX_COMPONENTS) {
            cx_diag(c, DIAG_ERROR, "value", n, who, "mixture of '%s': %d components, at most %d", who, seen,
                    DIST_MAX_COMPONENTS);
            bad = 1;
        }
        if (bad) {
            for (int i = 0; i < nc; i++)
                dist_release(&comp[i]);
        } else if (dist_init_mixture(d, comp, w, nc, err, sizeof err) != 0)
            cx_diag(c, DIAG_ERROR, "value", n, who, "mixture of '%s': %s", who, err);
        else
            rc = 0;
        free(comp);
        free(w);
        goto done;
    }
    double params[2 * DIST_MAX_POINTS];
    int np = 0;
    if (k == DIST_EMPIRICAL) {
        for (xmlNodePtr pt = n->children; pt; pt = pt->next)
            if (scn_is_elem(pt, "point") && np + 2 <= 2 * DIST_MAX_POINTS) {
                bad |= scn_attr_double(c, pt, "value", &params[np]) != 1;
                bad |= scn_attr_double(c, pt, "weight", &params[np + 1]) != 1;
                np += 2;
            }
    } else {
        for (int i = 0; i < 3 && scn_dist_params[k][i]; i++) {
            int got = scn_attr_double(c, n, scn_dist_params[k][i], &params[np]);
            if (got == 0)
                cx_diag(c, DIAG_ERROR, "value", n, who, "a %s duration needs %s=", kind,
                        scn_dist_params[k][i]);
            bad |= got != 1;
            np++;
        }
    }
    double shift = 0, lo = -INFINITY, hi = INFINITY;
    int hs = scn_attr_double(c, n, "shift", &shift), hl = scn_attr_double(c, n, "trunc-min", &lo),
        hh = scn_attr_double(c, n, "trunc-max", &hi);
    bad |= hs < 0 || hl < 0 || hh < 0;
    if (bad)
        goto done;
    if (dist_init(d, (dist_kind)k, params, np, us, err, sizeof err) != 0) {
        cx_diag(c, DIAG_ERROR, "value", n, who, "%s duration of '%s': %s", kind, who, err);
        goto done;
    }
    if ((hs || hl || hh) && dist_bound(d, shift, lo, hi, err, sizeof err) != 0) {
        cx_diag(c, DIAG_ERROR, "value", n, who, "%s duration of '%s': %s", kind, who, err);
        dist_release(d);
        goto done;
    }
    rc = 0;
done:
    free(kind);
    return rc;
}

/* The unit of n's unit= in seconds (a business day of node g's role's
 * calendar for "bd"), or -1 after an error. */
static double parse_unit(cx *c, xmlNodePtr n, const char *who, int g)
{
    char *unit = scn_attr(n, "unit");
    double us = -1;
    if (unit && strcmp(unit, "bd") == 0) {
        int cal = node_calendar(c, g);
        if (cal < 0 && !c->roles_known)
            c->nerr++; /* an error above left the roles unassigned: no second one */
        else if (cal < 0)
            cx_diag(c, DIAG_ERROR, "value", n, who,
                    "business days need a calendar: '%s' has no role with one", who);
        else
            us = calendar_business_day(c->p->cals[cal].cal);
    } else if ((us = unit ? dist_unit_seconds(unit) : -1) <= 0)
        cx_diag(c, DIAG_ERROR, "value", n, who, "unknown unit '%s'", unit ? unit : "");
    free(unit);
    return us;
}

/* The shift= and bounds of n's law as written, for typed overrides to set
 * the law up again (parse_law read and checked them): 1 when any is given. */
static int law_bounds(cx *c, xmlNodePtr n, double *shift, double *lo, double *hi)
{
    *shift = 0, *lo = -INFINITY, *hi = INFINITY;
    int hs = scn_attr_double(c, n, "shift", shift), hl = scn_attr_double(c, n, "trunc-min", lo),
        hh = scn_attr_double(c, n, "trunc-max", hi);
    return hs == 1 || hl == 1 || hh == 1;
}

static int parse_dist(cx *c, xmlNodePtr n, const char *who, int g, dist *d)
{
    memset(d, 0, sizeof *d);
    char *kind = scn_attr(n, "dist");
    int k = kind ? dist_kind_parse(kind) : -1;
    if (k < 0) {
        cx_diag(c, DIAG_ERROR, "value", n, who, "unknown distribution '%s'", kind ? kind : "");
        free(kind);
        return -1;
    }
    free(kind);
    double us = parse_unit(c, n, who, g);
    return us > 0 ? parse_law(c, n, who, us, 0, d) : -1;
}

void scn_parse_durations(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "durations", "duration") {
        char *task = scn_attr(n, "task"), *ev = scn_attr(n, "event"), *cls = scn_attr(n, "class");
        const char *who = task ? task : ev;
        int g = -1, ci = -1, ok = 1;
        if (!task == !ev) {
            cx_diag(c, DIAG_ERROR, "value", n, NULL, "<duration> names either a task or an event");
            ok = 0;
        } else if (task && strcmp(task, "*") == 0) {
            g = -1;
        } else if ((g = scn_find_node(c, n, who, task ? "task" : "event")) < 0) {
            ok = 0;
        } else if (task && !model_type_is_task(p->nodes[g].mn->type)) {
            cx_diag(c, DIAG_ERROR, "wrong-kind", n, who, "'%s' is a %s, not a task", who,
                    model_node_type_name(p->nodes[g].mn->type));
            ok = 0;
        } else if (ev && p->nodes[g].kind != PK_WAIT) {
            cx_diag(c, DIAG_ERROR, "wrong-kind", n, who,
                    "'%s' is not a message, signal or conditional catch event%s", who,
                    p->nodes[g].kind == PK_TIMER ? " (set timers in <timers>)" : "");
            ok = 0;
        }
        if (cls && (ci = scn_find_class(c, n, cls)) < 0)
            ok = 0;
        for (int i = 0; ok && i < p->ndurs; i++)
            if (p->durs[i].node == g && p->durs[i].cls == ci) {
                cx_diag(c, DIAG_ERROR, "duplicate-id", n, who, "'%s' has two durations%s%s", who,
                        cls ? " for class " : "", cls ? cls : "");
                ok = 0;
            }
        dist d;
        memset(&d, 0, sizeof d);
        /* a line already in error says no more (no calendar complaint
         * about a task that does not exist) */
        if (ok && parse_dist(c, n, who ? who : "*", g, &d) == 0) {
            plan_dur u = {g, ci, d, 0, 0, -INFINITY, INFINITY, scn_line_of(n)};
            u.has_bounds = law_bounds(c, n, &u.shift, &u.lo, &u.hi);
            *ALLOC_PUSH(p->durs, p->ndurs) = u;
        } else {
            dist_release(&d);
        }
        free(task);
        free(ev);
        free(cls);
    }
    p->dur_of = alloc_zero((size_t)p->nnodes * (size_t)p->nclasses, sizeof(int));
    for (int g = 0; g < p->nnodes; g++)
        for (int k = 0; k < p->nclasses; k++) {
            int best = -1, rank = 0;
            for (int i = 0; i < p->ndurs; i++) {
                const plan_dur *u = &p->durs[i];
                int r = 0;
                if (u->node == g && u->cls == k)
                    r = 4;
                else if (u->node == g && u->cls < 0)
                    r = 3;
                else if (u->node < 0 && u->cls == k && p->nodes[g].kind == PK_TASK)
                    r = 2;
                else if (u->node < 0 && u->cls < 0 && p->nodes[g].kind == PK_TASK)
                    r = 1;
                if (r > rank)
                    rank = r, best = i;
            }
            p->dur_of[g * p->nclasses + k] = best;
        }
}

/* "R3/2025-01-01T10:00/P1W", "R/P1D", "P7D": the period, the start if
 * given, and the repetitions (-1 unbounded). */
static int parse_cycle(const char *s, double *every, double *first, int *repeat)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    *repeat = -1;
    *every = 0;
    *first = NAN;
    for (char *save = NULL, *part = strtok_r(buf, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
        if (part[0] == 'R') {
            long k;
            const char *why;
            if (part[1] && num_long(part + 1, 0, INT_MAX, &k, &why) != 0)
                return -1;
            if (part[1])
                *repeat = (int)k;
        } else if (part[0] == 'P') {
            if (calendar_parse_duration(part, every) != 0)
                return -1;
        } else if (calendar_parse_datetime(part, first) != 0) {
            size_t n = strlen(part); /* accept a trailing Z or offset */
            if (n > 16) {
                part[16] = 0;
                if (calendar_parse_datetime(part, first) != 0)
                    return -1;
            } else
                return -1;
        }
    }
    return *every > 0 ? 0 : -1;
}

/* The timer of node g as the model gives it. */
static void model_timer(cx *c, int g)
{
    plan_node *n = &c->p->nodes[g];
    const model_node *mn = n->mn;
    plan_timer *t = &n->timer;
    const char *txt = mn->timer_text;
    t->mode = PT_NONE;
    t->repeat = 1;
    if (!txt)
        return;
    int bad = 0;
    if (mn->timer_kind == MODEL_TIMER_DURATION) {
        bad = calendar_parse_duration(txt, &t->dur.sec) != 0;
        t->dur.cal = -1;
        t->mode = PT_DURATION;
    } else if (mn->timer_kind == MODEL_TIMER_DATE) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.16s", txt);
        bad = calendar_parse_datetime(txt, &t->at) != 0 && calendar_parse_datetime(buf, &t->at) != 0;
        t->mode = PT_DATE;
    } else if (mn->timer_kind == MODEL_TIMER_CYCLE) {
        bad = parse_cycle(txt, &t->every, &t->first, &t->repeat) != 0;
        if (isnan(t->first)) { /* no anchor: a period from now, repeated */
            t->mode = PT_DURATION;
            t->dur = (plan_amount){t->every, -1};
        } else {
            t->mode = PT_EVERY;
        }
    }
    if (bad) {
        t->mode = PT_NONE;
        cx_model_diag(c, DIAG_WARNING, "timer", g,
                      "cannot read the timer '%s'; set it in the scenario's <timers>", txt);
    }
}

void scn_parse_timers(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    for (int g = 0; g < p->nnodes; g++)
        if (p->nodes[g].mn->evdef == MODEL_EVDEF_TIMER && c->reach && c->reach[g])
            model_timer(c, g);
    EACH_ITEM(n, root, "timers", "timer") {
        char *ev = scn_attr(n, "event");
        int g = scn_node_attr(c, n, ev, "event", "timer event");
        if (g >= 0 && p->nodes[g].mn->evdef != MODEL_EVDEF_TIMER) {
            cx_diag(c, DIAG_ERROR, "wrong-kind", n, ev, "'%s' is not a timer event", ev);
            g = -1;
        }
        if (g >= 0) {
            plan_timer t = {PT_NONE, {0, -1}, 0, 0, 0, 1, 0};
            int cal = scn_has_attr(n, "calendar") ? scn_attr_calendar(c, n, "calendar") : -1;
            int hasd = scn_has_attr(n, "duration"), hase = scn_has_attr(n, "every");
            if (hasd == hase)
                cx_diag(c, DIAG_ERROR, "value", n, ev, "a <timer> gives either duration or every");
            else if (hasd && scn_attr_amount(c, n, "duration", cal, &t.dur) == 1) {
                t.mode = PT_DURATION;
                t.line = scn_line_of(n);
                if (!(t.dur.sec > 0))
                    cx_diag(c, DIAG_ERROR, "value", n, ev, "the duration of timer '%s' must be positive", ev);
            } else if (hase) {
                plan_amount e = {0, -1};
                t.first = p->t0;
                if (scn_attr_amount(c, n, "every", -1, &e) == 1 && scn_attr_datetime(c, n, "first", &t.first) >= 0) {
                    t.mode = PT_EVERY;
                    t.line = scn_line_of(n);
                    t.every = e.sec;
                    t.repeat = -1;
                    if (!(e.sec > 0))
                        cx_diag(c, DIAG_ERROR, "value", n, ev, "the period of timer '%s' must be positive", ev);
                }
            }
            p->nodes[g].timer = t;
        }
        free(ev);
    }
}

void scn_parse_triggers(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "triggers", "trigger") {
        char *ev = scn_attr(n, "event");
        int g = scn_node_attr(c, n, ev, "event", "boundary event");
        if (g >= 0 && (p->nodes[g].kind != PK_BOUNDARY || p->nodes[g].mn->evdef == MODEL_EVDEF_TIMER))
            cx_diag(c, DIAG_ERROR, "wrong-kind", n, ev,
                    "'%s' is not a non-timer boundary event (timers fire by themselves)", ev);
        else if (g >= 0) {
            scn_attr_double(c, n, "probability", &p->nodes[g].trigger);
            p->nodes[g].trigger_line = scn_line_of(n);
        }
        free(ev);
    }
}

void scn_parse_rosters(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "rosters", "roster") {
        plan_roster r = {.id = scn_attr(n, "id"), .line = scn_line_of(n), .rounds = 1, .backup_p = 1};
        char *task = scn_attr(n, "task");
        if (p->nrosters && FIND(p->rosters, p->nrosters, r.id) >= 0)
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, r.id, "roster '%s' is defined twice", r.id);
        r.node = scn_node_attr(c, n, task, "task", "roster task");
        if (r.node >= 0 && p->nodes[r.node].kind != PK_TASK) {
            cx_diag(c, DIAG_ERROR, "wrong-kind", n, task, "'%s' is not a task", task);
            r.node = -1;
        } else if (r.node >= 0 && p->nodes[r.node].roster >= 0) {
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, task, "task '%s' works two rosters", task);
            r.node = -1;
        }
        double answer = NAN;
        scn_attr_double(c, n, "answer", &answer);
        long people = 0, rounds = 1;
        scn_attr_int(c, n, "people", 1, 100000, &people);
        scn_attr_int(c, n, "rounds", 1, 1000, &rounds);
        r.rounds = (int)rounds;
        int nperson = 0;
        for (xmlNodePtr q = n->children; q; q = q->next)
            nperson += scn_is_elem(q, "person");
        if (people && nperson)
            cx_diag(c, DIAG_ERROR, "value", n, r.id, "give people=\"N\" or <person> entries, not both");
        r.n = people ? (int)people : nperson;
        r.answer = answer;
        r.listed = nperson > 0;
        if (r.n == 0)
            cx_diag(c, DIAG_ERROR, "value", n, r.id, "roster '%s' lists nobody", r.id);
        r.p = alloc_zero((size_t)r.n, sizeof(double));
        int i = 0;
        for (xmlNodePtr q = n->children; q; q = q->next)
            if (scn_is_elem(q, "person")) {
                r.p[i] = answer;
                scn_attr_double(c, q, "answer", &r.p[i]);
                i++;
            }
        for (; i < r.n; i++)
            r.p[i] = answer;
        for (i = 0; i < r.n; i++)
            if (isnan(r.p[i])) {
                cx_diag(c, DIAG_ERROR, "value", n, r.id, "roster '%s' needs answer= (the probability a call is answered)", r.id);
                break;
            }
        plan_amount a = {0, -1};
        if (scn_attr_amount(c, n, "attempt", -1, &a) == 1 && !(a.sec > 0))
            cx_diag(c, DIAG_ERROR, "value", n, r.id, "a call attempt must take a positive time");
        r.attempt = a.sec;
        r.backup = scn_attr(n, "backup");
        scn_attr_double(c, n, "backup-answer", &r.backup_p);
        a = (plan_amount){r.attempt, -1};
        r.backup_attempt_given = scn_attr_amount(c, n, "backup-attempt", -1, &a) == 1;
        r.backup_attempt = a.sec;
        if (!(r.backup_p > 0))
            cx_diag(c, DIAG_ERROR, "value", n, r.id, "backup-answer must be positive, or cases never get help");
        if (r.node >= 0)
            p->nodes[r.node].roster = p->nrosters;
        *ALLOC_PUSH(p->rosters, p->nrosters) = r;
        free(task);
    }
}

/* ---- branches ---------------------------------------------------------- */

void scn_parse_branches(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "branches", "gateway") {
        char *id = scn_attr(n, "id"), *cls = scn_attr(n, "class"), *ros = scn_attr(n, "roster");
        int g = scn_node_attr(c, n, id, "id", "gateway"), ci = -1, ok = g >= 0;
        if (cls && (ci = scn_find_class(c, n, cls)) < 0)
            ok = 0;
        plan_branch b = {g, ci, PB_XOR, NULL, NULL, NULL, -1, scn_line_of(n)};
        if (ok) {
            plan_node *pn = &p->nodes[g];
            if (pn->kind == PK_AND) {
                cx_diag(c, DIAG_ERROR, "wrong-kind", n, id, "parallel gateway '%s' takes every branch", id);
                ok = 0;
            } else if (pn->kind == PK_OR || model_type_is_activity(pn->mn->type)) {
                b.mode = PB_OR;
            } else if (pn->kind != PK_XOR && pn->kind != PK_EVGW) {
                cx_diag(c, DIAG_ERROR, "wrong-kind", n, id, "'%s' is a %s, not a gateway", id,
                        model_node_type_name(pn->mn->type));
                ok = 0;
            }
            for (int i = 0; ok && i < p->nbranches; i++)
                if (p->branches[i].node == g && p->branches[i].cls == ci) {
                    cx_diag(c, DIAG_ERROR, "duplicate-id", n, id, "gateway '%s' is listed twice", id);
                    ok = 0;
                }
        }
        if (ok && ros) {
            b.mode = PB_ROSTER;
            b.roster = FIND(p->rosters, p->nrosters, ros);
            if (b.roster < 0) {
                cx_diag(c, DIAG_ERROR, "unknown-id", n, ros, "unknown roster '%s'", ros);
                ok = 0;
            }
        }
        if (ok) {
            plan_node *pn = &p->nodes[g];
            b.p = alloc_zero((size_t)pn->nout, sizeof(double));
            b.when = alloc_zero((size_t)pn->nout, 1);
            b.given = alloc_zero((size_t)pn->nout, 1);
            double sum = 0;
            for (xmlNodePtr f = n->children; f; f = f->next) {
                if (!scn_is_elem(f, "flow"))
                    continue;
                char *fid = scn_attr(f, "id"), *when = scn_attr(f, "when");
                int fi = fid ? scn_find_flow(c, fid) : -1, pos = -1;
                for (int j = 0; fi >= 0 && j < pn->nout; j++)
                    if (pn->out[j] == fi)
                        pos = j;
                if (!fid)
                    cx_diag(c, DIAG_ERROR, "value", f, NULL, "<flow> needs id=\"...\" naming a sequence flow");
                else if (fi < 0)
                    cx_diag(c, DIAG_ERROR, "unknown-id", f, fid, "sequence flow '%s' is not in the model", fid);
                else if (pos < 0)
                    cx_diag(c, DIAG_ERROR, "unknown-id", f, fid, "sequence flow '%s' does not leave '%s'", fid, id);
                else if (b.mode == PB_ROSTER) {
                    if (when)
                        b.when[pos] = !strcmp(when, "backup")    ? PB_WHEN_BACKUP
                                      : !strcmp(when, "reached") ? PB_WHEN_REACHED
                                                                 : PB_WHEN_ANSWERED;
                } else if (scn_attr_double(c, f, "probability", &b.p[pos]) != 1) {
                    cx_diag(c, DIAG_ERROR, "value", f, fid, "flow '%s' needs a probability", fid);
                } else {
                    sum += b.p[pos];
                    b.given[pos] = 1;
                }
                free(fid);
                free(when);
            }
            if (b.mode == PB_XOR && fabs(sum - 1) > 1e-9)
                cx_diag(c, DIAG_ERROR, "probability", n, id,
                        "branch probabilities of %s '%s' sum to %.10g, not 1", model_node_type_name(pn->mn->type),
                        id, sum);
            if (b.mode == PB_OR && sum <= 0 && pn->mn->default_flow < 0)
                cx_diag(c, DIAG_ERROR, "probability", n, id,
                        "every branch of '%s' has probability 0 and it has no default flow", id);
            if (b.mode == PB_ROSTER) {
                int answered = 0, backup = 0;
                for (int j = 0; j < pn->nout; j++) {
                    answered |= b.when[j] == PB_WHEN_ANSWERED || b.when[j] == PB_WHEN_REACHED;
                    backup |= b.when[j] == PB_WHEN_BACKUP || b.when[j] == PB_WHEN_REACHED;
                }
                if (!answered || !backup)
                    cx_diag(c, DIAG_ERROR, "value", n, id,
                            "no flow of '%s' is taken when the roster %s: add when=\"%s\" or \"reached\"", id,
                            answered ? "escalates to the backup" : "answers", answered ? "backup" : "answered");
            }
            *ALLOC_PUSH(p->branches, p->nbranches) = b;
        }
        free(id);
        free(cls);
        free(ros);
    }
    p->branch_of = alloc_zero((size_t)p->nnodes * (size_t)p->nclasses, sizeof(int));
    for (int i = 0; i < p->nnodes * p->nclasses; i++)
        p->branch_of[i] = -1;
    for (int pass = 0; pass < 2; pass++) /* class-specific lines win */
        for (int i = 0; i < p->nbranches; i++) {
            const plan_branch *b = &p->branches[i];
            if ((pass == 0) != (b->cls < 0))
                continue;
            for (int k = 0; k < p->nclasses; k++)
                if (b->cls < 0 || b->cls == k)
                    p->branch_of[b->node * p->nclasses + k] = i;
        }
}

/* ---- arrivals ---------------------------------------------------------- */

static double per_seconds(const char *per)
{
    static const struct { const char *name; double s; } units[] = {
        {"second", 1}, {"minute", 60}, {"hour", 3600}, {"day", 86400},
        {"week", 604800}, {"month", 30 * 86400.0}, {"year", 365 * 86400.0},
    };
    for (size_t i = 0; per && i < sizeof units / sizeof units[0]; i++)
        if (strcmp(per, units[i].name) == 0)
            return units[i].s;
    return -1;
}

typedef struct stamp {
    double t;
    int cls, order;
} stamp;

static int cmp_stamp(const void *a, const void *b)
{
    const stamp *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* An arrival line holds a date, a time and a class name: longer is a
 * mistake (a binary file, a missing newline), refused before it costs. */
#define CSV_MAX_LINE 65536

/* Reads one whole line of f into *buf (grown as needed, newline dropped,
 * NUL-terminated): 1, or 0 at the end of the file, or -1 when the line is
 * longer than CSV_MAX_LINE (the rest of it is skipped, so the next call
 * reads the next line and line numbers stay true). */
static int csv_line(FILE *f, char **buf, size_t *cap)
{
    size_t n = 0;
    int ch, over = 0;
    while ((ch = getc(f)) != EOF && ch != '\n') {
        if (n >= CSV_MAX_LINE) {
            over = 1;
            continue;
        }
        if (n + 2 > *cap) {
            *cap = *cap ? 2 * *cap : 256;
            *buf = alloc_resize(*buf, *cap, 1);
        }
        (*buf)[n++] = (char)ch;
    }
    if (ch == EOF && n == 0 && !over)
        return 0;
    if (!*buf)
        *buf = alloc_resize(NULL, *cap = 256, 1);
    (*buf)[n] = 0;
    return over ? -1 : 1;
}

/* Reads a CSV of local timestamps (one per line; optional class column;
 * '#' comments; a header line). */
static void read_csv(cx *c, xmlNodePtr at, plan_arrival *a, const char *rel)
{
    char *path = scn_join_path(c->s->dir, rel);
    /* a device or a fifo would be read for ever (/dev/zero) or block */
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        cx_diag(c, DIAG_ERROR, "arrivals", at, rel, "arrival file '%s' is %s, not a regular file",
                path, xmlsafe_file_kind(sb.st_mode));
        free(path);
        return;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        cx_diag(c, DIAG_ERROR, "arrivals", at, rel, "cannot open arrival file '%s': %s", path, strerror(errno));
        free(path);
        return;
    }
    char *line = NULL;
    size_t linecap = 0;
    int lineno = 0, cap = 0, got;
    while ((got = csv_line(f, &line, &linecap)) != 0) {
        lineno++;
        if (got < 0) {
            diag_add(c->d, DIAG_ERROR, "arrivals", path, lineno, NULL, NULL,
                     "the line is longer than %d bytes: not a line of timestamps", CSV_MAX_LINE);
            c->nerr++;
            continue;
        }
        char *s = line;
        while (isspace((unsigned char)*s))
            s++;
        if (!*s || *s == '#')
            continue;
        char *comma = strpbrk(s, ",;\t");
        char *rest = NULL;
        if (comma) {
            *comma = 0;
            rest = comma + 1;
        }
        size_t n = strlen(s);
        while (n && isspace((unsigned char)s[n - 1]))
            s[--n] = 0;
        if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
            s[n - 1] = 0;
            s++;
        }
        double t;
        if (calendar_parse_datetime(s, &t) != 0) {
            if (a->ntimes == 0 && !isdigit((unsigned char)s[0]))
                continue; /* a header */
            diag_add(c->d, DIAG_ERROR, "arrivals", path, lineno, NULL, NULL,
                     "'%s' is not a local date and time (YYYY-MM-DDThh:mm[:ss])", s);
            c->nerr++;
            continue;
        }
        int ci = a->cls;
        if (rest) {
            char *r = rest;
            while (isspace((unsigned char)*r) || *r == '"')
                r++;
            size_t m = strlen(r);
            while (m && (isspace((unsigned char)r[m - 1]) || r[m - 1] == '"'))
                r[--m] = 0;
            if (m) {
                ci = FIND(c->p->classes, c->p->nclasses, r);
                if (ci < 0) {
                    diag_add(c->d, DIAG_ERROR, "unknown-id", path, lineno, r, NULL, "unknown case class '%s'", r);
                    c->nerr++;
                }
            }
        }
        if (a->ntimes == cap) {
            cap = cap ? 2 * cap : 64;
            a->times = alloc_resize(a->times, (size_t)cap, sizeof(double));
            a->tcls = alloc_resize(a->tcls, (size_t)cap, sizeof(int));
        }
        a->times[a->ntimes] = t;
        a->tcls[a->ntimes++] = ci;
    }
    free(line);
    if (ferror(f)) {
        cx_diag(c, DIAG_ERROR, "arrivals", at, rel, "cannot read arrival file '%s' past line %d",
                path, lineno);
    }
    fclose(f);
    if (a->ntimes == 0)
        cx_diag(c, DIAG_ERROR, "arrivals", at, rel, "arrival file '%s' holds no timestamps", path);
    /* replay in time order */
    stamp *st = alloc_zero((size_t)a->ntimes, sizeof *st);
    for (int i = 0; i < a->ntimes; i++)
        st[i] = (stamp){a->times[i], a->tcls[i], i};
    qsort(st, (size_t)a->ntimes, sizeof *st, cmp_stamp);
    for (int i = 0; i < a->ntimes; i++) {
        a->times[i] = st[i].t;
        a->tcls[i] = st[i].cls;
    }
    free(st);
    free(path);
}

void scn_parse_arrivals(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "arrivals", "arrival") {
        plan_arrival a = {.cls = -1, .line = scn_line_of(n)};
        char *start = scn_attr(n, "start"), *cls = scn_attr(n, "class"), *csv = scn_attr(n, "csv"), *per = scn_attr(n, "per");
        a.node = scn_node_attr(c, n, start, "start", "start event");
        if (a.node >= 0 && (p->nodes[a.node].kind != PK_START || p->nodes[a.node].mn->parent >= 0)) {
            cx_diag(c, DIAG_ERROR, "wrong-kind", n, start, "'%s' is not a top-level start event", start);
            a.node = -1;
        }
        for (int i = 0; a.node >= 0 && i < p->narrivals; i++)
            if (p->arrivals[i].node == a.node)
                cx_diag(c, DIAG_ERROR, "duplicate-id", n, start, "start event '%s' has two arrival lines", start);
        if (cls)
            a.cls = scn_find_class(c, n, cls);
        a.key = plan_hash(start);
        int hasr = scn_has_attr(n, "rate"), hase = scn_has_attr(n, "every"), hasd = scn_has_attr(n, "dist");
        a.gap_cal = -1;
        if (hasr + !!csv + hase + hasd != 1)
            cx_diag(c, DIAG_ERROR, "value", n, start,
                    "an <arrival> gives exactly one of rate, csv, every or dist");
        if (!hasd && (scn_has_attr(n, "calendar") || scn_has_attr(n, "unit")))
            cx_diag(c, DIAG_ERROR, "value", n, start,
                    "calendar= and unit= of an <arrival> go with dist=");
        if (hasr) {
            double ps = per_seconds(per), r = 0;
            if (ps < 0)
                cx_diag(c, DIAG_ERROR, "value", n, start, "a rate needs per=\"hour\" (or day, year, ...)");
            scn_attr_double(c, n, "rate", &r);
            a.kind = PA_POISSON;
            a.rate = ps > 0 ? r / ps : 0;
            a.per = ps;
            a.rate_max = a.rate;
            double any = a.rate;
            for (xmlNodePtr w = n->children; w; w = w->next) {
                if (!scn_is_elem(w, "window"))
                    continue;
                double wr = 0;
                int wc = scn_attr_calendar(c, w, "calendar");
                scn_attr_double(c, w, "rate", &wr);
                if (wr < 0)
                    cx_diag(c, DIAG_ERROR, "value", w, start, "negative arrival rate %g", wr);
                *ALLOC_PUSH(a.win, a.nwin) = (plan_window){wc < 0 ? 0 : wc, ps > 0 ? wr / ps : 0};
                if (wr / ps > a.rate_max)
                    a.rate_max = wr / ps;
                any += wr;
            }
            if (r < 0 || !(any > 0 || r > 0))
                cx_diag(c, DIAG_ERROR, "value", n, start, "the arrival rate at '%s' must be positive", start);
            else if (!(any > 0)) /* a subnormal rate per minute is 0 per second */
                cx_diag(c, DIAG_ERROR, "value", n, start,
                        "the arrival rate at '%s' (%g per %s) is too small to represent per second: no case "
                        "would ever arrive", start, r, per ? per : "?");
        } else if (csv) {
            a.kind = PA_CSV;
            read_csv(c, n, &a, csv);
        } else if (hasd) {
            a.kind = PA_DIST;
            /* a mean gap of 0 (every case at once) needs a limit */
            int ok = parse_dist(c, n, start ? start : "", -1, &a.gap) == 0;
            if (ok)
                a.gap_has_bounds = law_bounds(c, n, &a.gap_shift, &a.gap_lo, &a.gap_hi);
            if (ok && !(dist_mean(&a.gap) > 0 || (dist_mean(&a.gap) == 0 && scn_has_attr(n, "limit"))))
                cx_diag(c, DIAG_ERROR, "value", n, start,
                        "the mean gap between arrivals at '%s' must be positive (or 0 with a limit)", start);
            if (scn_has_attr(n, "calendar"))
                a.gap_cal = scn_attr_calendar(c, n, "calendar");
        } else if (hase) {
            plan_amount e = {0, -1};
            a.kind = PA_EVERY;
            a.first = p->t0;
            scn_attr_amount(c, n, "every", -1, &e);
            scn_attr_datetime(c, n, "first", &a.first);
            a.every = e.sec;
            if (!(e.sec > 0))
                cx_diag(c, DIAG_ERROR, "value", n, start, "the period at '%s' must be positive", start);
        }
        if (scn_has_attr(n, "limit")) {
            double lim = 0;
            /* QBP's processInstances: this line starts that many cases */
            if (scn_attr_double(c, n, "limit", &lim) == 1 && !(lim >= 1 && lim <= 1e9 && lim == floor(lim)))
                cx_diag(c, DIAG_ERROR, "value", n, start,
                        "the arrival limit at '%s' must be a whole number of cases from 1 to 10^9", start);
            a.limit = lim >= 1 && lim <= 1e9 ? (long)lim : 0;
        }
        *ALLOC_PUSH(p->arrivals, p->narrivals) = a;
        free(start);
        free(cls);
        free(csv);
        free(per);
    }
    if (p->narrivals == 0)
        cx_diag(c, DIAG_ERROR, "arrivals", root, NULL, "the scenario has no <arrival>: no case would ever start");
    p->until_done = p->narrivals > 0;
    for (int i = 0; i < p->narrivals; i++)
        p->until_done &= p->arrivals[i].limit > 0;
}

/* ---- SLAs, levels, run --------------------------------------------------- */

static void add_hook(plan_hook **arr, int *n, int sla, int is_from)
{
    *ALLOC_PUSH(*arr, *n) = (plan_hook){sla, is_from};
}

/* The flow nodes of a blank-separated id list (each checked as
 * scn_node_attr does) into *out (malloc'd); returns how many were found. */
static int id_list(cx *c, xmlNodePtr at, const char *ids, const char *name, const char *what, int **out)
{
    int n = 0;
    *out = NULL;
    char *copy = alloc_strdup(ids ? ids : ""), *save = NULL;
    if (!ids || !*copy)
        scn_node_attr(c, at, ids, name, what); /* says the value is missing */
    for (char *tok = strtok_r(copy, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
        int g = scn_node_attr(c, at, tok, name, what);
        if (g < 0)
            continue;
        *ALLOC_PUSH(*out, n) = g;
    }
    free(copy);
    return n;
}

void scn_parse_slas(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "slas", "sla") {
        plan_sla s;
        memset(&s, 0, sizeof s);
        s.id = scn_attr(n, "id");
        s.line = scn_line_of(n);
        s.from = s.to = s.cls = s.else_slot = -1;
        if (p->nslas && FIND(p->slas, p->nslas, s.id) >= 0)
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, s.id, "SLA '%s' is defined twice", s.id);
        char *from = scn_attr(n, "from"), *to = scn_attr(n, "to"), *at = scn_attr(n, "to-at"), *cls = scn_attr(n, "class");
        char *ends = scn_attr(n, "ends"), *els = scn_attr(n, "elsewhere");
        /* absent: the case's start or end; present but blank: a mistake */
        if (xmlHasProp(n, (const xmlChar *)"from"))
            s.from = scn_node_attr(c, n, from, "from", "flow node (or leave from= out: case start)");
        s.to_start = at && strcmp(at, "start") == 0;
        if (xmlHasProp(n, (const xmlChar *)"to")) {
            s.ntos = id_list(c, n, to, "to", "flow node (or leave to= out: case end)", &s.tos);
            s.to = s.ntos ? s.tos[0] : -2; /* -2: given, but nothing usable (an error said so) */
            s.to_text = to ? alloc_strdup(to) : NULL;
        }
        for (int k = 0; k < s.ntos; k++)
            if (s.to_start && p->nodes[s.tos[k]].kind != PK_TASK)
                cx_diag(c, DIAG_ERROR, "value", n, s.id, "to-at=\"start\" needs a task as to=");
        if (s.to_start && s.to < 0)
            cx_diag(c, DIAG_ERROR, "value", n, s.id, "to-at=\"start\" needs a task as to=");
        if (ends) {
            if (xmlHasProp(n, (const xmlChar *)"to"))
                cx_diag(c, DIAG_ERROR, "value", n, s.id,
                        "ends= names the outcomes of a case that ends: give it or to=, not both");
            s.nends = id_list(c, n, ends, "ends", "end event or open path", &s.ends);
            s.ends_text = alloc_strdup(ends);
            for (int k = 0; k < s.nends; k++) {
                plan_node *o = &p->nodes[s.ends[k]];
                if (o->mn->type != MODEL_END_EVENT && o->mn->nout > 0)
                    cx_diag(c, DIAG_ERROR, "wrong-kind", n, o->mn->e.id,
                            "'%s' is not where a case ends (an end event, or a node without outgoing flow)",
                            o->mn->e.id);
                o->outcome = 1;
            }
        }
        /* outcomes named: the others are apart unless said otherwise */
        s.elsewhere = !els ? (ends ? SLA_ELSE_APART : SLA_ELSE_LEGACY)
                      : !strcmp(els, "missed") ? SLA_ELSE_MISSED : SLA_ELSE_APART;
        if (s.elsewhere != SLA_ELSE_LEGACY)
            s.else_slot = p->nsla_else++;
        s.source = scn_attr(n, "source");
        s.target_source = scn_attr(n, "target-source");
        if (cls)
            s.cls = scn_find_class(c, n, cls);
        int cal = scn_has_attr(n, "calendar") ? scn_attr_calendar(c, n, "calendar") : -1;
        if (scn_attr_amount(c, n, "limit", cal, &s.limit) == 1 && !(s.limit.sec > 0))
            cx_diag(c, DIAG_ERROR, "value", n, s.id, "the limit of SLA '%s' must be positive", s.id);
        scn_attr_double(c, n, "target", &s.target);
        int si = p->nslas;
        *ALLOC_PUSH(p->slas, p->nslas) = s;
        if (s.from >= 0)
            add_hook(&p->nodes[s.from].enter_hooks, &p->nodes[s.from].nenter, si, 1);
        for (int k = 0; k < s.ntos; k++) {
            plan_node *t = &p->nodes[s.tos[k]];
            if (s.to_start)
                add_hook(&t->start_hooks, &t->nstart, si, 0);
            else if (t->kind == PK_TASK || t->kind == PK_SUB || t->kind == PK_CALL)
                add_hook(&t->done_hooks, &t->ndone, si, 0);
            else
                add_hook(&t->enter_hooks, &t->nenter, si, 0);
        }
        free(from);
        free(to);
        free(at);
        free(cls);
        free(ends);
        free(els);
    }
}

void scn_parse_levels(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "levels", "level") {
        char *id = scn_attr(n, "id"), *el = scn_attr(n, "element");
        if (p->nlevels && FIND(p->levels, p->nlevels, id) >= 0)
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, id, "level '%s' is defined twice", id);
        int g = scn_node_attr(c, n, el, "element", "level element");
        if (g >= 0) {
            plan_node *pn = &p->nodes[g];
            *ALLOC_PUSH(pn->levels, pn->nlevels) = p->nlevels;
        }
        *ALLOC_PUSH(p->levels, p->nlevels) = (plan_level){id, scn_attr(n, "label"), g};
        free(el);
    }
}

void scn_parse_run(cx *c, xmlNodePtr root)
{
    xmlNodePtr n = scn_child(root, "run");
    long reps = 30;
    c->p->seed = 1;
    if (n) {
        scn_attr_int(c, n, "replications", 1, SIM_MAX_REPLICATIONS, &reps);
        char *seed = scn_attr(n, "seed");
        unsigned long long v;
        const char *why;
        if (seed && num_u64(seed, UINT64_MAX, &v, &why) != 0)
            cx_diag(c, DIAG_ERROR, "value", n, NULL,
                    "seed='%s' must be a whole number from 0 to 2^64 - 1 (it %s)", seed, why);
        else if (seed)
            c->p->seed = v;
        free(seed);
    }
    c->p->replications = (int)reps;
}
