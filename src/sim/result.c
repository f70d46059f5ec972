/*
 * result: the figures of a run, per replication, and what is said about
 * them -- means with Student-t 95% confidence intervals over replications,
 * SLA verdicts, the JSON document and the readable table.  A result copies
 * every id and name it reports, so it outlives its scenario.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "../model/units.h"
#include "evlog.h"
#include "plan.h"

typedef struct meta_sla {
    char *id, *from, *to, *calendar;
    double limit, target;
    int to_start;
    char *ends, *source, *target_source;
    int elsewhere, else_slot;
} meta_sla;

typedef struct meta_item {
    char *id, *name, *extra; /* extra: a task's role, a level's element, a roster's task */
    double a, b;             /* role: staff (-1 unlimited), offered load; roster: people */
    double c;                /* role: cost per hour */
} meta_item;

struct sim_result {
    char *scenario, *name;
    uint64_t seed;
    int first, R, cap;
    plan_layout lay;
    int M;
    char **names;
    double *m;        /* R * M */
    int nsla;
    long *sla;        /* R * 2 * nsla */
    meta_sla *slas;
    meta_item *tasks, *roles, *ends, *levels, *rosters, *procs, *classes;
    int ntasks, nroles, nends, nlevels, nrosters, nprocs, nclasses;
    double horizon, warmup;
    char start[40];
};

static char *fmt(const char *f, const char *a, const char *b)
{
    size_t n = strlen(f) + strlen(a) + (b ? strlen(b) : 0) + 1;
    char *s = alloc_resize(NULL, n, 1);
    snprintf(s, n, f, a, b ? b : "");
    return s;
}

/* The slots of one replication's metrics, from the counts of what is
 * measured: the one rule for plan_layout_init and for a result read back. */
static void layout(plan_layout *l, int nslas, int nsla_else, int nclasses, int ncycle, int ntasks, int nroles, int nends,
                   int nlevels, int nrosters)
{
    int at = 0;
    l->sla = at;
    at += nslas;
    l->sla_else = at;
    at += nsla_else;
    l->groups = nclasses > 1 ? 1 + nclasses : 1;
    l->cycle = at;
    at += ncycle * l->groups * PL_CYCLE_PER;
    l->task = at;
    at += ntasks * PL_TASK_PER;
    l->role = at;
    at += nroles * PL_ROLE_PER;
    l->end = at;
    at += nends;
    l->level = at;
    at += nlevels;
    l->roster = at;
    at += nrosters * PL_ROSTER_PER;
    l->cases = at;
    at += PL_CASES_PER;
    l->total = at;
}

void plan_layout_init(const plan *p, plan_layout *l)
{
    layout(l, p->nslas, p->nsla_else, p->nclasses, p->ncycle, p->ntasks, p->nroles, p->nends, p->nlevels, p->nrosters);
}

static meta_item *items(int n)
{
    meta_item *a = alloc_zero((size_t)n + 1, sizeof *a);
    return a;
}

sim_result *result_new(const plan *p, int reps, int first, uint64_t seed)
{
    sim_result *r = alloc_zero(1, sizeof *r);
    r->scenario = alloc_strdup(p->path);
    r->name = alloc_strdup(p->name);
    r->seed = seed;
    r->first = first;
    r->R = r->cap = reps;
    plan_layout_init(p, &r->lay);
    const plan_layout *L = &r->lay;
    r->M = L->total;
    r->m = alloc_zero((size_t)reps * (size_t)r->M + 1, sizeof(double));
    r->nsla = p->nslas;
    r->sla = alloc_zero((size_t)reps * 2 * (size_t)p->nslas + 1, sizeof(long));
    r->names = alloc_zero((size_t)r->M + 1, sizeof(char *));
    r->horizon = p->tend - p->t0;
    r->warmup = p->twarm - p->t0;
    evlog_timestamp(p->t0, p->utc_offset_min, r->start, sizeof r->start);
    r->slas = alloc_zero((size_t)p->nslas + 1, sizeof *r->slas);
    for (int j = 0; j < p->nslas; j++) {
        const plan_sla *s = &p->slas[j];
        r->slas[j] = (meta_sla){alloc_strdup(s->id), s->from >= 0 ? alloc_strdup(p->nodes[s->from].mn->e.id) : NULL,
                                alloc_strdup(s->to_text),
                                s->limit.cal >= 0 ? alloc_strdup(p->cals[s->limit.cal].id) : NULL, s->limit.sec,
                                s->target, s->to_start, alloc_strdup(s->ends_text), alloc_strdup(s->source),
                                alloc_strdup(s->target_source), s->elsewhere, s->else_slot};
        r->names[L->sla + j] = fmt("sla.%s.attainment", s->id, NULL);
        if (s->else_slot >= 0)
            r->names[L->sla_else + s->else_slot] = fmt("sla.%s.elsewhere_share", s->id, NULL);
    }
    r->nclasses = p->nclasses;
    r->classes = items(p->nclasses);
    for (int k = 0; k < p->nclasses; k++)
        r->classes[k].id = alloc_strdup(p->classes[k].id);
    static const char *const cyc_names[PL_CYCLE_PER] = {"mean", "p50", "p90", "p95", "p99", "wip"};
    r->nprocs = p->ncycle;
    r->procs = items(p->ncycle);
    for (int i = 0; i < p->ncycle; i++) {
        const plan_process *pr = &p->procs[p->cycle_procs[i]];
        r->procs[i].id = alloc_strdup(pr->mp->e.id);
        r->procs[i].name = alloc_strdup(pr->mp->e.name);
        for (int g = 0; g < L->groups; g++)
            for (int k = 0; k < PL_CYCLE_PER; k++) {
                char base[512];
                snprintf(base, sizeof base, "cycle.%s%s%s.", pr->mp->e.id, g ? "." : "",
                         g ? p->classes[g - 1].id : "");
                r->names[L->cycle + (i * L->groups + g) * PL_CYCLE_PER + k] = fmt("%s%s", base, cyc_names[k]);
            }
    }
    static const char *const task_names[PL_TASK_PER] = {"share", "wait_mean", "wait_p95", "service_mean",
                                                       "cases"};
    r->ntasks = p->ntasks;
    r->tasks = items(p->ntasks);
    for (int i = 0; i < p->ntasks; i++) {
        const plan_node *n = &p->nodes[p->tasks[i]];
        r->tasks[i].id = alloc_strdup(n->mn->e.id);
        r->tasks[i].name = alloc_strdup(n->mn->e.name);
        r->tasks[i].extra = n->role >= 0 ? alloc_strdup(p->roles[n->role].id) : NULL;
        for (int k = 0; k < PL_TASK_PER; k++) {
            char base[512];
            snprintf(base, sizeof base, "task.%s.", n->mn->e.id);
            r->names[L->task + i * PL_TASK_PER + k] = fmt("%s%s", base, task_names[k]);
        }
    }
    static const char *const role_names[PL_ROLE_PER] = {"utilisation", "queue_mean", "queue_end"};
    r->nroles = p->nroles;
    r->roles = items(p->nroles);
    for (int i = 0; i < p->nroles; i++) {
        const plan_role *pr = &p->roles[i];
        r->roles[i] = (meta_item){alloc_strdup(pr->id), NULL, alloc_strdup(p->cals[pr->cal].id), pr->staff, pr->offered, pr->cost};
        for (int k = 0; k < PL_ROLE_PER; k++) {
            char base[512];
            snprintf(base, sizeof base, "role.%s.", pr->id);
            r->names[L->role + i * PL_ROLE_PER + k] = fmt("%s%s", base, role_names[k]);
        }
    }
    r->nends = p->nends;
    r->ends = items(p->nends);
    for (int i = 0; i < p->nends; i++) {
        const plan_node *n = &p->nodes[p->ends[i]];
        r->ends[i].id = alloc_strdup(n->mn->e.id);
        r->ends[i].name = alloc_strdup(n->mn->e.name);
        r->names[L->end + i] = fmt("end.%s.share", n->mn->e.id, NULL);
    }
    r->nlevels = p->nlevels;
    r->levels = items(p->nlevels);
    for (int i = 0; i < p->nlevels; i++) {
        const plan_level *l = &p->levels[i];
        r->levels[i].id = alloc_strdup(l->id);
        r->levels[i].name = alloc_strdup(l->label);
        r->levels[i].extra = l->node >= 0 ? alloc_strdup(p->nodes[l->node].mn->e.id) : NULL;
        r->names[L->level + i] = fmt("level.%s.share", l->id, NULL);
    }
    r->nrosters = p->nrosters;
    r->rosters = items(p->nrosters);
    for (int i = 0; i < p->nrosters; i++) {
        const plan_roster *ro = &p->rosters[i];
        r->rosters[i].id = alloc_strdup(ro->id);
        r->rosters[i].name = alloc_strdup(ro->backup);
        r->rosters[i].extra = ro->node >= 0 ? alloc_strdup(p->nodes[ro->node].mn->e.id) : NULL;
        r->rosters[i].a = ro->n;
        r->names[L->roster + i * PL_ROSTER_PER] = fmt("roster.%s.backup_share", ro->id, NULL);
        r->names[L->roster + i * PL_ROSTER_PER + 1] = fmt("roster.%s.calling_mean", ro->id, NULL);
    }
    r->names[L->cases] = alloc_strdup("cases.arrived");
    r->names[L->cases + 1] = alloc_strdup("cases.completed");
    r->names[L->cases + 2] = alloc_strdup("cases.open_at_horizon");
    return r;
}

double *result_metrics(sim_result *r, int k)
{
    return r->m + (size_t)k * (size_t)r->M;
}

long *result_sla_counts(sim_result *r, int k)
{
    return r->sla + (size_t)k * 2 * (size_t)r->nsla;
}

static void free_items(meta_item *a, int n)
{
    for (int i = 0; a && i < n; i++) {
        free(a[i].id);
        free(a[i].name);
        free(a[i].extra);
    }
    free(a);
}

void sim_result_free(sim_result *r)
{
    if (!r)
        return;
    free(r->scenario);
    free(r->name);
    for (int i = 0; i < r->M; i++)
        free(r->names[i]);
    free(r->names);
    free(r->m);
    free(r->sla);
    for (int j = 0; j < r->nsla; j++) {
        free(r->slas[j].id);
        free(r->slas[j].from);
        free(r->slas[j].to);
        free(r->slas[j].calendar);
        free(r->slas[j].ends);
        free(r->slas[j].source);
        free(r->slas[j].target_source);
    }
    free(r->slas);
    free_items(r->tasks, r->ntasks);
    free_items(r->roles, r->nroles);
    free_items(r->ends, r->nends);
    free_items(r->levels, r->nlevels);
    free_items(r->rosters, r->nrosters);
    free_items(r->procs, r->nprocs);
    free_items(r->classes, r->nclasses);
    free(r);
}

int sim_result_replications(const sim_result *r) { return r->R; }
int sim_result_first_replication(const sim_result *r) { return r->first; }
uint64_t sim_result_seed(const sim_result *r) { return r->seed; }

int sim_result_append(sim_result *dst, const sim_result *src)
{
    if (dst->M != src->M || dst->nsla != src->nsla || dst->seed != src->seed)
        return -1;
    for (int i = 0; i < dst->M; i++)
        if (strcmp(dst->names[i], src->names[i]) != 0)
            return -1;
    int R = dst->R + src->R;
    double *m = alloc_resize(dst->m, (size_t)R * (size_t)dst->M + 1, sizeof(double));
    long *s = alloc_resize(dst->sla, (size_t)R * 2 * (size_t)dst->nsla + 1, sizeof(long));
    memcpy(m + (size_t)dst->R * (size_t)dst->M, src->m, sizeof(double) * (size_t)src->R * (size_t)src->M);
    memcpy(s + (size_t)dst->R * 2 * (size_t)dst->nsla, src->sla, sizeof(long) * (size_t)src->R * 2 * (size_t)src->nsla);
    dst->m = m;
    dst->sla = s;
    dst->R = R;
    return 0;
}

const char *sim_verdict_name(sim_verdict v)
{
    return v == SIM_MET ? "met" : v == SIM_MISSED ? "missed" : "inconclusive";
}

int sim_result_sla_count(const sim_result *r) { return r->nsla; }
const char *sim_result_sla_id(const sim_result *r, int j) { return r->slas[j].id; }
long sim_result_sla_cases(const sim_result *r, int j, int k) { return r->sla[((size_t)k * (size_t)r->nsla + (size_t)j) * 2]; }
long sim_result_sla_within(const sim_result *r, int j, int k) { return r->sla[((size_t)k * (size_t)r->nsla + (size_t)j) * 2 + 1]; }

int sim_result_process_count(const sim_result *r)
{
    return r->nprocs;
}

const char *sim_result_process_id(const sim_result *r, int i)
{
    assert(i >= 0 && i < r->nprocs);
    return r->procs[i].id;
}

int sim_result_metric_count(const sim_result *r) { return r->M; }
const char *sim_result_metric_name(const sim_result *r, int i) { return r->names[i]; }

int sim_result_metric_find(const sim_result *r, const char *name)
{
    for (int i = 0; i < r->M; i++)
        if (strcmp(r->names[i], name) == 0)
            return i;
    return -1;
}

double sim_result_metric_value(const sim_result *r, int i, int k)
{
    return r->m[(size_t)k * (size_t)r->M + (size_t)i];
}

/* Mean and Student-t 95% half-width of the defined values of metric i. */
static int summarise(const sim_result *r, int i, double *mean, double *half)
{
    double sum = 0, ss = 0;
    int n = 0;
    for (int k = 0; k < r->R; k++) {
        double x = sim_result_metric_value(r, i, k);
        if (!isnan(x)) {
            n++;
            sum += x;
        }
    }
    *mean = n ? sum / n : NAN;
    for (int k = 0; k < r->R; k++) {
        double x = sim_result_metric_value(r, i, k);
        if (!isnan(x))
            ss += (x - *mean) * (x - *mean);
    }
    *half = n >= 2 ? gsl_cdf_tdist_Pinv(0.975, n - 1) * sqrt(ss / (n - 1) / n) : NAN;
    return n;
}

/* Shares and utilisations live in [0, 1]: so do their intervals. */
static int is_fraction(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (strstr(dot, "share") || !strcmp(dot, ".utilisation") || !strcmp(dot, ".attainment"));
}

int sim_result_metric_summary(const sim_result *r, int i, double *mean, double *lo, double *hi)
{
    double m, h;
    int n = summarise(r, i, &m, &h);
    *mean = m;
    *lo = m - h;
    *hi = m + h;
    if (is_fraction(r->names[i]) && !isnan(h)) {
        *lo = fmax(0, *lo);
        *hi = fmin(1, *hi);
    }
    return n;
}

void sim_result_sla_summary(const sim_result *r, int j, sim_sla_summary *out)
{
    double m, h;
    int n = summarise(r, r->lay.sla + j, &m, &h);
    out->attainment = m;
    out->target = r->slas[j].target;
    out->used = n;
    out->lo = isnan(h) ? NAN : fmax(0, m - h);
    out->hi = isnan(h) ? NAN : fmin(1, m + h);
    out->needed = 0;
    if (n >= 2 && m - h >= out->target)
        out->verdict = SIM_MET;
    else if (n >= 2 && m + h < out->target)
        out->verdict = SIM_MISSED;
    else {
        out->verdict = SIM_INCONCLUSIVE;
        double gap = fabs(m - out->target);
        /* the half-width shrinks as 1/sqrt(n): n (h/gap)^2 replications
         * bring it inside the gap */
        out->needed = n >= 2 && gap > 0 ? (long)ceil(n * (h / gap) * (h / gap)) : -1;
        if (out->needed >= 0 && out->needed <= n)
            out->needed = n + 1;
    }
}

int sim_result_any_missed(const sim_result *r)
{
    for (int j = 0; j < r->nsla; j++) {
        sim_sla_summary s;
        sim_result_sla_summary(r, j, &s);
        if (s.verdict == SIM_MISSED)
            return 1;
    }
    return 0;
}

/* ---- JSON ----------------------------------------------------------------- */

static json_t *jnum(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *jci(double lo, double hi)
{
    if (!isfinite(lo) || !isfinite(hi))
        return json_null();
    return json_pack("[o,o]", json_real(lo), json_real(hi));
}

/* Sets key (mean) and key_ci95 from metric i. */
static void put_metric(json_t *o, const sim_result *r, int i, const char *key, int with_ci)
{
    double m, lo, hi;
    sim_result_metric_summary(r, i, &m, &lo, &hi);
    json_object_set_new(o, key, jnum(m));
    if (with_ci) {
        char k[64];
        snprintf(k, sizeof k, "%s_ci95", key);
        json_object_set_new(o, k, jci(lo, hi));
    }
}

/* A list of the result's items: each its id, its name and its extra
 * string under the keys given (NULL: left out), and its per figures
 * base + i * per + k under keys[k], with their 95% interval where bit k
 * of ci is set. */
static json_t *item_list(const sim_result *r, const meta_item *items, int n, const char *name_key,
                         const char *extra_key, int base, int per, const char *const *keys,
                         unsigned ci)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(items[i].id));
        if (name_key)
            json_object_set_new(o, name_key, jstr(items[i].name));
        if (extra_key)
            json_object_set_new(o, extra_key, jstr(items[i].extra));
        for (int k = 0; k < per; k++)
            put_metric(o, r, base + i * per + k, keys[k], (ci >> k) & 1);
        json_array_append_new(list, o);
    }
    return list;
}

json_t *sim_result_to_json(const sim_result *r)
{
    const plan_layout *L = &r->lay;
    json_t *root = json_object();
    json_object_set_new(root, "scenario", json_string(r->scenario));
    json_object_set_new(root, "name", jstr(r->name));
    json_object_set_new(root, "seed", json_integer((json_int_t)r->seed));
    json_object_set_new(root, "replications", json_integer(r->R));
    json_object_set_new(root, "first_replication", json_integer(r->first));
    json_object_set_new(root, "clock", json_pack("{s:s,s:o,s:o}", "start", r->start, "horizon_s",
                                                 json_real(r->horizon), "warmup_s", json_real(r->warmup)));
    json_t *sla = json_array();
    for (int j = 0; j < r->nsla; j++) {
        sim_sla_summary s;
        sim_result_sla_summary(r, j, &s);
        long cases = 0, within = 0;
        for (int k = 0; k < r->R; k++) {
            cases += sim_result_sla_cases(r, j, k);
            within += sim_result_sla_within(r, j, k);
        }
        const meta_sla *ms = &r->slas[j];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(ms->id));
        json_object_set_new(o, "from", jstr(ms->from));
        json_object_set_new(o, "to", jstr(ms->to));
        json_object_set_new(o, "to_at", json_string(ms->to_start ? "start" : "end"));
        json_object_set_new(o, "limit_s", json_real(ms->limit));
        json_object_set_new(o, "calendar", jstr(ms->calendar));
        json_object_set_new(o, "target", json_real(ms->target));
        json_object_set_new(o, "attainment", jnum(s.attainment));
        json_object_set_new(o, "ci95", jci(s.lo, s.hi));
        json_object_set_new(o, "verdict", json_string(sim_verdict_name(s.verdict)));
        json_object_set_new(o, "replications_used", json_integer(s.used));
        json_object_set_new(o, "replications_needed",
                            s.verdict == SIM_INCONCLUSIVE && s.needed > 0 ? json_integer(s.needed) : json_null());
        json_object_set_new(o, "cases", json_integer(cases));
        json_object_set_new(o, "within", json_integer(within));
        json_object_set_new(o, "source", json_pack("{s:o,s:o}", "limit", jstr(ms->source), "target",
                                                   jstr(ms->target_source)));
        json_object_set_new(o, "ends", jstr(ms->ends));
        json_object_set_new(o, "elsewhere", ms->elsewhere == SLA_ELSE_MISSED  ? json_string("missed")
                                            : ms->elsewhere == SLA_ELSE_APART ? json_string("apart")
                                                                              : json_null());
        if (ms->else_slot >= 0)
            put_metric(o, r, L->sla_else + ms->else_slot, "elsewhere_share", 1);
        else {
            json_object_set_new(o, "elsewhere_share", json_null());
            json_object_set_new(o, "elsewhere_share_ci95", json_null());
        }
        json_array_append_new(sla, o);
    }
    json_object_set_new(root, "sla", sla);
    static const char *const cyc_keys[PL_CYCLE_PER] = {"mean", "p50", "p90", "p95", "p99", "wip"};
    json_t *cyc = json_array();
    for (int i = 0; i < r->nprocs; i++)
        for (int g = 0; g < L->groups; g++) {
            json_t *o = json_object();
            json_object_set_new(o, "process", json_string(r->procs[i].id));
            json_object_set_new(o, "name", jstr(r->procs[i].name));
            json_object_set_new(o, "class", g ? json_string(r->classes[g - 1].id) : json_null());
            for (int k = 0; k < PL_CYCLE_PER; k++)
                put_metric(o, r, L->cycle + (i * L->groups + g) * PL_CYCLE_PER + k, cyc_keys[k], 1);
            json_array_append_new(cyc, o);
        }
    json_object_set_new(root, "cycle_time", cyc);
    static const char *const task_keys[PL_TASK_PER] = {"share", "wait_mean", "wait_p95", "service_mean", "cases"};
    static const char *const role_keys[PL_ROLE_PER] = {"utilisation", "queue_mean", "queue_end"};
    static const char *const roster_keys[PL_ROSTER_PER] = {"backup_share", "calling_mean"};
    static const char *const share_key[1] = {"share"};
    json_object_set_new(root, "tasks", item_list(r, r->tasks, r->ntasks, "name", "role", L->task,
                                                 PL_TASK_PER, task_keys, 0x3));
    json_t *roles = item_list(r, r->roles, r->nroles, NULL, NULL, L->role, PL_ROLE_PER, role_keys, 0x3);
    for (int i = 0; i < r->nroles; i++) {
        const meta_item *m = &r->roles[i];
        json_t *o = json_array_get(roles, (size_t)i);
        json_object_set_new(o, "staff", m->a >= 0 ? json_integer((json_int_t)m->a) : json_null());
        json_object_set_new(o, "unlimited", json_boolean(m->a < 0));
        json_object_set_new(o, "calendar", json_string(m->extra));
        json_object_set_new(o, "offered_load", m->a >= 0 ? jnum(m->b) : json_null());
        json_object_set_new(o, "cost_per_hour", jnum(m->c));
    }
    json_object_set_new(root, "roles", roles);
    json_object_set_new(root, "ends", item_list(r, r->ends, r->nends, "name", NULL, L->end, 1, share_key, 1));
    json_object_set_new(root, "levels", item_list(r, r->levels, r->nlevels, "label", "element", L->level,
                                                  1, share_key, 1));
    json_t *rosters = item_list(r, r->rosters, r->nrosters, "backup", "task", L->roster, PL_ROSTER_PER,
                                roster_keys, 0x3);
    for (int i = 0; i < r->nrosters; i++)
        json_object_set_new(json_array_get(rosters, (size_t)i), "people",
                            json_integer((json_int_t)r->rosters[i].a));
    json_object_set_new(root, "rosters", rosters);
    json_t *cases = json_object();
    put_metric(cases, r, L->cases, "arrived", 1);
    put_metric(cases, r, L->cases + 1, "completed", 1);
    put_metric(cases, r, L->cases + 2, "open_at_horizon", 1);
    json_object_set_new(root, "cases", cases);
    return root;
}

int sim_result_write_json(const sim_result *r, FILE *out)
{
    json_t *j = sim_result_to_json(r);
    int rc = json_dumpf(j, out, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10));
    json_decref(j);
    if (rc == 0 && fputc('\n', out) == EOF)
        rc = -1;
    return rc == 0 && !ferror(out) ? 0 : -1;
}

/* ---- table ------------------------------------------------------------------ */

static double metric_mean(const sim_result *r, int i)
{
    double m, lo, hi;
    sim_result_metric_summary(r, i, &m, &lo, &hi);
    return m;
}

/* The width of a column of ids: the longest, at least min, so that no id
 * is cut (a cut id names nothing the model has). */
static int id_width(int min, const meta_item *items, int n, int indent)
{
    int w = min;
    for (int i = 0; i < n; i++)
        if (items[i].id && (int)strlen(items[i].id) + indent > w)
            w = (int)strlen(items[i].id) + indent;
    return w;
}

/* A duration in unit u, or "-" when undefined. */
static const char *dur(char *buf, size_t n, double sec, units_time u)
{
    if (isnan(sec))
        snprintf(buf, n, "-");
    else
        units_duration_value(buf, n, sec, u, 0);
    return buf;
}

/* A share in percent with dec decimals, or "-" when undefined. */
static const char *pct(char *buf, size_t n, double x, int dec)
{
    if (isnan(x))
        snprintf(buf, n, "-");
    else
        units_percent(buf, n, x, dec);
    return buf;
}

/* A share with its interval, "-" when undefined. */
static const char *pct_ci(const sim_result *r, int metric, char *buf, size_t n)
{
    double m, lo, hi;
    sim_result_metric_summary(r, metric, &m, &lo, &hi);
    if (isnan(m))
        snprintf(buf, n, "-");
    else if (isnan(lo))
        units_percent(buf, n, m, 1);
    else
        units_percent_ci(buf, n, m, lo, hi);
    return buf;
}

/* Where each SLA's limit and target come from, and the share of measured
 * cases that ended elsewhere (not at the SLA's outcome): one line per SLA
 * that says any of it, after a blank line (the table above stays one
 * block). */
static void print_sla_sources(const sim_result *r, int w, FILE *out)
{
    int any = 0;
    for (int j = 0; j < r->nsla; j++)
        any |= r->slas[j].source || r->slas[j].target_source || r->slas[j].else_slot >= 0;
    if (!any)
        return;
    fprintf(out, "\n%-*s %s\n", w, "SLA", "limit from, target from; cases that ended elsewhere (95% CI)");
    for (int j = 0; j < r->nsla; j++) {
        const meta_sla *ms = &r->slas[j];
        fprintf(out, "%-*s limit: %s, target: %s", w, ms->id, ms->source ? ms->source : "unstated",
                ms->target_source ? ms->target_source : "unstated");
        if (ms->else_slot >= 0) {
            char ci[3 * UNITS_BUF];
            fprintf(out, "; ended elsewhere %s, %s", pct_ci(r, r->lay.sla_else + ms->else_slot, ci, sizeof ci),
                    ms->elsewhere == SLA_ELSE_MISSED ? "counted as missed" : "kept apart");
        }
        fprintf(out, "\n");
    }
}

static void print_slas(const sim_result *r, FILE *out)
{
    int w = 24;
    for (int j = 0; j < r->nsla; j++)
        if ((int)strlen(r->slas[j].id) > w)
            w = (int)strlen(r->slas[j].id);
    fprintf(out, "\n%-*s %10s  %-22s %8s  %s\n", w, "SLA", "attainment", "95% CI", "target", "verdict");
    for (int j = 0; j < r->nsla; j++) {
        sim_sla_summary s;
        sim_result_sla_summary(r, j, &s);
        char a[UNITS_BUF], lo[UNITS_BUF], hi[UNITS_BUF], t[UNITS_BUF], ci[3 * UNITS_BUF] = "-";
        int dec = units_percent_decimals(s.lo, s.hi);
        if (isfinite(s.lo) && s.hi - s.lo == 0)
            dec = -1;
        if (isfinite(s.lo))
            snprintf(ci, sizeof ci, "[%s, %s]", units_percent(lo, sizeof lo, s.lo, dec),
                     units_percent(hi, sizeof hi, s.hi, dec));
        fprintf(out, "%-*s %10s  %-22s %8s  %s", w, r->slas[j].id, pct(a, sizeof a, s.attainment, dec), ci,
                units_percent(t, sizeof t, s.target, -1), sim_verdict_name(s.verdict));
        if (s.verdict == SIM_INCONCLUSIVE && s.needed > 0)
            fprintf(out, " (about %ld replications would decide)", s.needed);
        else if (s.verdict == SIM_INCONCLUSIVE)
            fprintf(out, " (%s)", s.used < 2 ? "too few replications with cases" : "at the target");
        fprintf(out, "\n");
    }
    fprintf(out, "\nattainment: the share of cases within the SLA's limit; met: the whole 95%% CI is at\n"
                 "or above the target; missed: wholly below it; inconclusive: the CI straddles the\n"
                 "target, so more replications are needed to decide.\n");
    print_sla_sources(r, w, out);
}

static void print_cycles(const sim_result *r, FILE *out)
{
    const plan_layout *L = &r->lay;
    /* one unit for the table: the median of every figure in it */
    int nv = r->nprocs * L->groups * 7, k = 0;
    double *v = alloc_zero((size_t)nv + 1, sizeof *v);
    for (int i = 0; i < r->nprocs; i++)
        for (int g = 0; g < L->groups; g++) {
            int base = L->cycle + (i * L->groups + g) * PL_CYCLE_PER;
            double m, lo, hi;
            sim_result_metric_summary(r, base, &m, &lo, &hi);
            v[k++] = m;
            v[k++] = lo;
            v[k++] = hi;
            for (int q = 1; q <= 4; q++)
                v[k++] = metric_mean(r, base + q);
        }
    units_time u = units_time_pick(v, (size_t)k);
    free(v);
    int w = id_width(28, r->procs, r->nprocs, 0);
    if (L->groups > 1)
        w = id_width(w, r->classes, r->nclasses, 8);
    char head[64];
    snprintf(head, sizeof head, "cycle time (%s)", units_time_name(u, 1));
    fprintf(out, "\n%-*s %-24s %8s %8s %8s %8s %8s\n", w, head, "mean [95% CI]", "p50", "p90", "p95", "p99",
            "in WIP");
    for (int i = 0; i < r->nprocs; i++)
        for (int g = 0; g < L->groups; g++) {
            int base = L->cycle + (i * L->groups + g) * PL_CYCLE_PER;
            double m, lo, hi;
            sim_result_metric_summary(r, base, &m, &lo, &hi);
            char label[600], mean[4 * UNITS_BUF], a[UNITS_BUF], b[UNITS_BUF], c[UNITS_BUF], d[UNITS_BUF],
                wip[UNITS_BUF];
            snprintf(label, sizeof label, "%s%s", g ? "  class " : "", g ? r->classes[g - 1].id : r->procs[i].id);
            if (isnan(m))
                snprintf(mean, sizeof mean, "no case");
            else if (isnan(lo))
                snprintf(mean, sizeof mean, "%s", dur(a, sizeof a, m, u));
            else
                snprintf(mean, sizeof mean, "%s [%s, %s]", dur(a, sizeof a, m, u), dur(b, sizeof b, lo, u),
                         dur(c, sizeof c, hi, u));
            fprintf(out, "%-*s %-24s", w, label, mean);
            for (int q = 1; q <= 4; q++)
                fprintf(out, " %8s", dur(d, sizeof d, metric_mean(r, base + q), u));
            fprintf(out, " %8s\n", units_small(wip, sizeof wip, metric_mean(r, base + 5)));
        }
    fprintf(out, "p50 ... p99: half, 90%%, 95%%, 99%% of cases end within this time (means over the\n"
                 "replications); in WIP: cases open at a time, on average.\n");
}

static void print_tasks(const sim_result *r, FILE *out)
{
    const plan_layout *L = &r->lay;
    double *wv = alloc_zero(2 * (size_t)r->ntasks + 1, sizeof *wv), *sv = alloc_zero((size_t)r->ntasks + 1, sizeof *sv);
    for (int i = 0; i < r->ntasks; i++) {
        int base = L->task + i * PL_TASK_PER;
        wv[2 * i] = metric_mean(r, base + 1);
        wv[2 * i + 1] = metric_mean(r, base + 2);
        sv[i] = metric_mean(r, base + 3);
    }
    units_time uw = units_time_pick(wv, 2 * (size_t)r->ntasks), us = units_time_pick(sv, (size_t)r->ntasks);
    free(wv);
    free(sv);
    int w = id_width(28, r->tasks, r->ntasks, 0), wr = 12;
    for (int i = 0; i < r->ntasks; i++)
        if (r->tasks[i].extra && (int)strlen(r->tasks[i].extra) > wr)
            wr = (int)strlen(r->tasks[i].extra);
    char h1[40], h2[40], h3[40];
    snprintf(h1, sizeof h1, "wait mean (%s)", units_time_abbr(uw));
    snprintf(h2, sizeof h2, "wait p95 (%s)", units_time_abbr(uw));
    snprintf(h3, sizeof h3, "work mean (%s)", units_time_abbr(us));
    fprintf(out, "\n%-*s %-*s %9s %8s %15s %15s %15s\n", w, "task", wr, "role", "cases/rep", "share", h1, h2, h3);
    for (int i = 0; i < r->ntasks; i++) {
        int base = L->task + i * PL_TASK_PER;
        char a[UNITS_BUF], b[UNITS_BUF], c[UNITS_BUF], e[UNITS_BUF], n[UNITS_BUF];
        fprintf(out, "%-*s %-*s %9s %8s %15s %15s %15s\n", w, r->tasks[i].id, wr,
                r->tasks[i].extra ? r->tasks[i].extra : "-", units_small(n, sizeof n, metric_mean(r, base + 4)),
                pct(e, sizeof e, metric_mean(r, base), 1), dur(a, sizeof a, metric_mean(r, base + 1), uw),
                dur(b, sizeof b, metric_mean(r, base + 2), uw), dur(c, sizeof c, metric_mean(r, base + 3), us));
    }
}

static void print_roles(const sim_result *r, FILE *out)
{
    const plan_layout *L = &r->lay;
    int w = id_width(20, r->roles, r->nroles, 0), limited = 0;
    for (int i = 0; i < r->nroles; i++)
        limited += r->roles[i].a >= 0;
    if (limited) {
        fprintf(out, "\n%-*s %6s %16s %12s %12s %12s\n", w, "role", "staff", "offered (erl)", "utilisation",
                "queue mean", "queue at end");
        for (int i = 0; i < r->nroles; i++) {
            const meta_item *m = &r->roles[i];
            if (m->a < 0)
                continue;
            int base = L->role + i * PL_ROLE_PER;
            char off[UNITS_BUF] = "-", u[UNITS_BUF], q[UNITS_BUF], qe[UNITS_BUF];
            if (isfinite(m->b))
                units_small(off, sizeof off, m->b);
            fprintf(out, "%-*s %6.0f %16s %12s %12s %12s\n", w, m->id, m->a, off,
                    pct(u, sizeof u, metric_mean(r, base), 1), units_small(q, sizeof q, metric_mean(r, base + 1)),
                    units_small(qe, sizeof qe, metric_mean(r, base + 2)));
        }
        fprintf(out, "offered: the work arriving, in people kept busy on average (erlangs); queue: cases\n"
                     "waiting for the role, on average and at the horizon.\n");
    }
    if (limited < r->nroles) {
        fprintf(out, "%sunlimited staff (no queue, not measured):", limited ? "" : "\n");
        for (int i = 0, k = 0; i < r->nroles; i++)
            if (r->roles[i].a < 0)
                fprintf(out, "%s %s", k++ ? "," : "", r->roles[i].id);
        fputc('\n', out);
    }
}

/* End-event or level shares: id, share [CI], label. */
static void print_shares(const sim_result *r, const char *head, const meta_item *it, int n, int first, FILE *out)
{
    int w = id_width(28, it, n, 0);
    fprintf(out, "\n%-*s  %s\n", w, head, "share [95% CI]");
    for (int i = 0; i < n; i++) {
        char ci[3 * UNITS_BUF];
        fprintf(out, "%-*s  %-26s  %s\n", w, it[i].id, pct_ci(r, first + i, ci, sizeof ci),
                it[i].name ? it[i].name : "");
    }
}

void sim_result_print(const sim_result *r, FILE *out)
{
    const plan_layout *L = &r->lay;
    char a[UNITS_BUF], b[UNITS_BUF], c[UNITS_BUF], d[UNITS_BUF], ci[3 * UNITS_BUF];
    fprintf(out, "%s%s%s%s: %s, seed %llu, horizon %s, warm-up %s\n", r->name ? r->name : "",
            r->name ? " (" : "", r->scenario, r->name ? ")" : "",
            units_count(c, sizeof c, r->R, "replication", NULL), (unsigned long long)r->seed,
            units_duration(a, sizeof a, r->horizon), units_duration(b, sizeof b, r->warmup));
    if (r->nsla)
        print_slas(r, out);
    print_cycles(r, out);
    if (r->ntasks)
        print_tasks(r, out);
    if (r->nroles)
        print_roles(r, out);
    if (r->nends)
        print_shares(r, "end event", r->ends, r->nends, L->end, out);
    if (r->nlevels)
        print_shares(r, "escalation level", r->levels, r->nlevels, L->level, out);
    for (int i = 0; i < r->nrosters; i++)
        fprintf(out, "\nroster %s (%s): nobody answered in %s of calls, %s%s; calling took %s on average\n",
                r->rosters[i].id, units_count(c, sizeof c, (long)r->rosters[i].a, "person", "people"),
                pct_ci(r, L->roster + i * PL_ROSTER_PER, ci, sizeof ci),
                r->rosters[i].name ? "escalated to " : "the roster exhausted", r->rosters[i].name ? r->rosters[i].name : "",
                units_duration(d, sizeof d, metric_mean(r, L->roster + i * PL_ROSTER_PER + 1)));
    double arrived = metric_mean(r, L->cases), done = metric_mean(r, L->cases + 1), open = metric_mean(r, L->cases + 2);
    fprintf(out, "\ncases per replication (after warm-up): %s arrived, %s completed; %s still open at the horizon\n",
            units_number(a, sizeof a, arrived), units_number(b, sizeof b, done), units_small(c, sizeof c, open));
}

/* ---- exact dump, for shards ------------------------------------------------- */

/* A double that reads back to the same bits: JSON numbers at 17 digits,
 * null for NaN, strings for infinities (JSON has none). */
static json_t *jexact(double x)
{
    if (isnan(x))
        return json_null();
    if (isinf(x))
        return json_string(x > 0 ? "inf" : "-inf");
    return json_real(x);
}

static int jexact_get(const json_t *v, double *out)
{
    if (json_is_null(v))
        *out = NAN;
    else if (json_is_number(v))
        *out = json_number_value(v);
    else if (json_is_string(v) && !strcmp(json_string_value(v), "inf"))
        *out = INFINITY;
    else if (json_is_string(v) && !strcmp(json_string_value(v), "-inf"))
        *out = -INFINITY;
    else
        return -1;
    return 0;
}

static json_t *dump_items(const meta_item *a, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "id", jstr(a[i].id), "name",
                                             jstr(a[i].name), "extra", jstr(a[i].extra), "a", jexact(a[i].a),
                                             "b", jexact(a[i].b), "c", jexact(a[i].c)));
    return arr;
}

json_t *sim_result_dump(const sim_result *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "scenario", jstr(r->scenario));
    json_object_set_new(o, "name", jstr(r->name));
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)r->seed);
    json_object_set_new(o, "seed", json_string(seed)); /* 64 bits: beyond JSON's safe integers */
    json_object_set_new(o, "first", json_integer(r->first));
    json_object_set_new(o, "horizon", jexact(r->horizon));
    json_object_set_new(o, "warmup", jexact(r->warmup));
    json_object_set_new(o, "start", json_string(r->start));
    json_t *names = json_array();
    for (int i = 0; i < r->M; i++)
        json_array_append_new(names, json_string(r->names[i]));
    json_object_set_new(o, "names", names);
    json_t *slas = json_array();
    for (int j = 0; j < r->nsla; j++) {
        const meta_sla *s = &r->slas[j];
        json_array_append_new(slas, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:o,s:o,s:o,s:i,s:i}", "id",
                                              jstr(s->id), "from", jstr(s->from), "to", jstr(s->to), "calendar",
                                              jstr(s->calendar), "limit", jexact(s->limit), "target",
                                              jexact(s->target), "to_start", s->to_start, "ends", jstr(s->ends),
                                              "source", jstr(s->source), "target_source",
                                              jstr(s->target_source), "elsewhere", s->elsewhere, "else_slot",
                                              s->else_slot));
    }
    json_object_set_new(o, "slas", slas);
    json_object_set_new(o, "tasks", dump_items(r->tasks, r->ntasks));
    json_object_set_new(o, "roles", dump_items(r->roles, r->nroles));
    json_object_set_new(o, "ends", dump_items(r->ends, r->nends));
    json_object_set_new(o, "levels", dump_items(r->levels, r->nlevels));
    json_object_set_new(o, "rosters", dump_items(r->rosters, r->nrosters));
    json_object_set_new(o, "processes", dump_items(r->procs, r->nprocs));
    json_object_set_new(o, "classes", dump_items(r->classes, r->nclasses));
    json_t *reps = json_array();
    for (int k = 0; k < r->R; k++) {
        json_t *m = json_array(), *s = json_array();
        for (int i = 0; i < r->M; i++)
            json_array_append_new(m, jexact(r->m[(size_t)k * (size_t)r->M + (size_t)i]));
        for (int j = 0; j < 2 * r->nsla; j++)
            json_array_append_new(s, json_integer(r->sla[(size_t)k * 2 * (size_t)r->nsla + (size_t)j]));
        json_array_append_new(reps, json_pack("{s:o,s:o}", "metrics", m, "sla", s));
    }
    json_object_set_new(o, "replications", reps);
    return o;
}

/* A string member, or NULL for null; -1 when it is neither. */
static int get_str(const json_t *o, const char *key, char **out)
{
    const json_t *v = json_object_get(o, key);
    *out = NULL;
    if (json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return -1;
    *out = alloc_strdup(json_string_value(v));
    return 0;
}

static int get_num(const json_t *o, const char *key, double *out)
{
    const json_t *v = json_object_get(o, key);
    return v ? jexact_get(v, out) : -1;
}

static int load_items(const json_t *o, const char *key, meta_item **out, int *n)
{
    const json_t *arr = json_object_get(o, key);
    if (!json_is_array(arr))
        return -1;
    *n = (int)json_array_size(arr);
    *out = items(*n);
    for (int i = 0; i < *n; i++) {
        const json_t *it = json_array_get(arr, (size_t)i);
        meta_item *m = &(*out)[i];
        if (!json_is_object(it) || get_str(it, "id", &m->id) || get_str(it, "name", &m->name) ||
            get_str(it, "extra", &m->extra) || get_num(it, "a", &m->a) || get_num(it, "b", &m->b) ||
            get_num(it, "c", &m->c))
            return -1;
    }
    return 0;
}

sim_result *sim_result_undump(const json_t *o)
{
    sim_result *r = alloc_zero(1, sizeof *r);
    const json_t *names = json_object_get(o, "names"), *slas = json_object_get(o, "slas"),
                 *reps = json_object_get(o, "replications"), *seed = json_object_get(o, "seed"),
                 *first = json_object_get(o, "first"), *start = json_object_get(o, "start");
    if (!json_is_object(o) || !json_is_array(names) || !json_is_array(slas) || !json_is_array(reps) ||
        !json_is_string(seed) || !json_is_integer(first) || !json_is_string(start))
        goto fail;
    char *end;
    r->seed = strtoull(json_string_value(seed), &end, 10);
    if (*end)
        goto fail;
    r->first = (int)json_integer_value(first);
    snprintf(r->start, sizeof r->start, "%s", json_string_value(start));
    if (get_str(o, "scenario", &r->scenario) || get_str(o, "name", &r->name) ||
        get_num(o, "horizon", &r->horizon) || get_num(o, "warmup", &r->warmup))
        goto fail;
    r->M = (int)json_array_size(names);
    r->names = alloc_zero((size_t)r->M + 1, sizeof(char *));
    for (int i = 0; i < r->M; i++) {
        const json_t *v = json_array_get(names, (size_t)i);
        if (!json_is_string(v))
            goto fail;
        r->names[i] = alloc_strdup(json_string_value(v));
    }
    r->nsla = (int)json_array_size(slas);
    int nsla_else = 0;
    r->slas = alloc_zero((size_t)r->nsla + 1, sizeof *r->slas);
    for (int j = 0; j < r->nsla; j++) {
        const json_t *s = json_array_get(slas, (size_t)j);
        meta_sla *ms = &r->slas[j];
        const json_t *ts = json_object_get(s, "to_start"), *el = json_object_get(s, "elsewhere"),
                     *sl = json_object_get(s, "else_slot");
        if (!json_is_object(s) || get_str(s, "id", &ms->id) || get_str(s, "from", &ms->from) ||
            get_str(s, "to", &ms->to) || get_str(s, "calendar", &ms->calendar) ||
            get_num(s, "limit", &ms->limit) || get_num(s, "target", &ms->target) || !json_is_boolean(ts) ||
            get_str(s, "ends", &ms->ends) || get_str(s, "source", &ms->source) ||
            get_str(s, "target_source", &ms->target_source) || !json_is_integer(el) || !json_is_integer(sl))
            goto fail;
        ms->to_start = json_is_true(ts);
        ms->elsewhere = (int)json_integer_value(el);
        ms->else_slot = (int)json_integer_value(sl);
        if (ms->else_slot >= 0)
            nsla_else++;
    }
    if (load_items(o, "tasks", &r->tasks, &r->ntasks) || load_items(o, "roles", &r->roles, &r->nroles) ||
        load_items(o, "ends", &r->ends, &r->nends) || load_items(o, "levels", &r->levels, &r->nlevels) ||
        load_items(o, "rosters", &r->rosters, &r->nrosters) ||
        load_items(o, "processes", &r->procs, &r->nprocs) || load_items(o, "classes", &r->classes, &r->nclasses))
        goto fail;
    plan_layout *L = &r->lay;
    layout(L, r->nsla, nsla_else, r->nclasses, r->nprocs, r->ntasks, r->nroles, r->nends, r->nlevels, r->nrosters);
    if (L->total != r->M)
        goto fail;
    for (int j = 0; j < r->nsla; j++) /* each slot once, in range */
        if (r->slas[j].else_slot < -1 || r->slas[j].else_slot >= nsla_else)
            goto fail;
    r->R = r->cap = (int)json_array_size(reps);
    r->m = alloc_zero((size_t)r->R * (size_t)r->M + 1, sizeof(double));
    r->sla = alloc_zero((size_t)r->R * 2 * (size_t)r->nsla + 1, sizeof(long));
    for (int k = 0; k < r->R; k++) {
        const json_t *rep = json_array_get(reps, (size_t)k), *m = json_object_get(rep, "metrics"),
                     *s = json_object_get(rep, "sla");
        if (!json_is_array(m) || !json_is_array(s) || (int)json_array_size(m) != r->M ||
            (int)json_array_size(s) != 2 * r->nsla)
            goto fail;
        for (int i = 0; i < r->M; i++)
            if (jexact_get(json_array_get(m, (size_t)i), &r->m[(size_t)k * (size_t)r->M + (size_t)i]))
                goto fail;
        for (int j = 0; j < 2 * r->nsla; j++) {
            const json_t *v = json_array_get(s, (size_t)j);
            if (!json_is_integer(v))
                goto fail;
            r->sla[(size_t)k * 2 * (size_t)r->nsla + (size_t)j] = (long)json_integer_value(v);
        }
    }
    return r;
fail:
    sim_result_free(r);
    return NULL;
}
