/*
 * prosimos: Prosimos/Simod JSON parameters into a flowmc scenario
 * document.  The laws follow pix-framework's DurationDistribution, which
 * Prosimos samples with (values in seconds):
 *   fix [value]                 -> fixed
 *   expon [mean, min, max]      -> exponential of mean mean - min, shifted
 *                                  by min, bounded by max
 *   uniform [min, max]          -> uniform
 *   norm [mean, sd, min, max]   -> normal, bounded
 *   lognorm [mean, var, min, max] -> lognormal (mean, sqrt var), bounded
 *   gamma [mean, var, min, max] -> gamma (shape mean^2/var, scale
 *                                  var/mean), bounded
 *   histogram_sampling (arrivals) -> empirical on the bin midpoints
 * A draw outside [min, max] (or negative) is drawn again, as pix-framework
 * does.  Resources are pooled into roles by the tasks they share (union of
 * the resource sets of every task).
 */
#include "prosimos.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../model/alloc.h"
#include "../model/bpmn_read.h"
#include "../model/model.h"
#include "../sim/dist.h"
#include "scenbuild.h"

typedef struct res {
    const char *id;
    long amount;
    const char *calendar;
    double cost;
    int parent;        /* union-find */
    char key[96];      /* where it was declared */
} res;

typedef struct px {
    const char *file;
    diag_list *d;
    const model *m;
    int nerr;
    res *r; int nr;
    double last_mean;  /* of the last law put_law wrote (seconds), NAN if unknown */
} px;

static void pdiag(px *p, diag_severity sev, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void pdiag(px *p, diag_severity sev, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_addv(p->d, sev, "prosimos", p->file, 0, key, NULL, fmt, ap);
    va_end(ap);
    if (sev == DIAG_ERROR)
        p->nerr++;
}

/* A number that may be written as a JSON number or a string ("0.7"). */
static int jnum(json_t *v, double *out)
{
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return 1;
    }
    if (json_is_string(v)) {
        char *end;
        const char *s = json_string_value(v);
        double x = strtod(s, &end);
        if (end != s && *end == 0 && isfinite(x)) {
            *out = x;
            return 1;
        }
    }
    return 0;
}

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* ---- laws ------------------------------------------------------------ */

/* The law's parameters: new layout [{"value": x}, ...] or a plain list;
 * *legacy set for the plain one. */
static int law_params(json_t *law, double *v, int max, int *legacy)
{
    json_t *ps = json_object_get(law, "distribution_params");
    size_t i;
    json_t *e;
    int n = 0;
    *legacy = 0;
    if (!json_is_array(ps))
        return -1;
    json_array_foreach(ps, i, e) {
        if (n >= max)
            return -1;
        if (json_is_object(e)) {
            if (!jnum(json_object_get(e, "value"), &v[n++]))
                return -1;
        } else if (jnum(e, &v[n])) {
            n++;
            *legacy = 1;
        } else
            return -1;
    }
    return n;
}

/* Bounds from pix-framework's min/max: set only where they bind. */
static void put_bounds(xmlNodePtr n, double lo, double hi)
{
    if (lo > 0)
        sb_num(n, "trunc-min", lo);
    if (isfinite(hi))
        sb_num(n, "trunc-max", hi);
}

/* The mean of the law flowmc will draw (bounds included), into
 * p->last_mean; NAN when the parameters are refused (the scenario check
 * then says why). */
static void note_mean(px *p, dist_kind k, const double *v, int np, double shift, double lo, double hi)
{
    dist dd;
    char err[160];
    p->last_mean = NAN;
    if (dist_init(&dd, k, v, np, 1, err, sizeof err) != 0)
        return;
    if ((shift != 0 || lo > 0 || isfinite(hi)) && dist_bound(&dd, shift, lo > 0 ? lo : -INFINITY, hi, err, sizeof err) != 0) {
        dist_release(&dd);
        return;
    }
    p->last_mean = dist_mean(&dd);
    dist_release(&dd);
}

/* Writes law (a Prosimos distribution object) on n, in seconds.  Returns
 * 0, or -1 after an error naming key. */
static int put_law(px *p, xmlNodePtr n, json_t *law, const char *key, int nested)
{
    const char *name = jstr(law, "distribution_name");
    double v[8] = {0};
    int legacy = 0;
    if (!nested)
        sb_set(n, "unit", "s");
    if (name && !strcmp(name, "histogram_sampling")) {
        json_t *h = json_object_get(law, "histogram_data");
        json_t *cdf = json_object_get(h, "cdf"), *mid = json_object_get(h, "bin_midpoints");
        size_t nb = json_array_size(cdf);
        if (!nb || nb != json_array_size(mid)) {
            pdiag(p, DIAG_ERROR, key, "%s: histogram_data needs cdf and bin_midpoints of one length", key);
            return -1;
        }
        sb_set(n, "dist", "empirical");
        double prev = 0, sw = 0, swx = 0;
        int points = 0;
        for (size_t i = 0; i < nb; i++) {
            double c = 0, x = 0;
            if (!jnum(json_array_get(cdf, i), &c) || !jnum(json_array_get(mid, i), &x)) {
                pdiag(p, DIAG_ERROR, key, "%s: histogram_data holds a value that is not a number", key);
                return -1;
            }
            /* Prosimos draws the first bin whose cdf >= U: bin i has
             * probability cdf[i] - cdf[i-1] */
            if (c - prev > 0) {
                xmlNodePtr pt = sb_add(n, "point", NULL);
                sb_num(pt, "value", x);
                sb_num(pt, "weight", c - prev);
                sw += c - prev;
                swx += (c - prev) * x;
                points++;
            }
            if (c > prev)
                prev = c;
        }
        if (points > 64) {
            pdiag(p, DIAG_ERROR, key, "%s: %d histogram bins with weight; flowmc draws from at most 64",
                  key, points);
            return -1;
        }
        p->last_mean = sw > 0 ? swx / sw : NAN;
        return 0;
    }
    int np = name ? law_params(law, v, 8, &legacy) : -1;
    if (!name || np < 0) {
        pdiag(p, DIAG_ERROR, key, "%s: a law needs distribution_name and numeric distribution_params", key);
        return -1;
    }
    if (legacy)
        pdiag(p, DIAG_WARNING, key,
              "%s: distribution_params as plain numbers (scipy's shape, loc, scale, the layout before "
              "pix-framework) are read in pix-framework's order ([{\"value\": ...}]): check them",
              key);
#define NEED(k)                                                                                   \
    if (np < (k)) {                                                                               \
        pdiag(p, DIAG_ERROR, key, "%s: %s takes %d parameters, not %d", key, name, (k), np);      \
        return -1;                                                                                \
    }
    if (!strcmp(name, "fix") || !strcmp(name, "fixed")) {
        NEED(1);
        sb_set(n, "dist", "fixed");
        sb_num(n, "value", v[0]);
        note_mean(p, DIST_FIXED, v, 1, 0, 0, INFINITY);
    } else if (!strcmp(name, "expon") || !strcmp(name, "exponential")) {
        NEED(3);
        /* pix: loc = min, scale = mean - min (mean when that is < 0) */
        double scale = v[0] - v[1];
        if (scale < 0)
            scale = v[0];
        sb_set(n, "dist", "exponential");
        sb_num(n, "mean", scale);
        /* the shift keeps draws above min already */
        if (v[1] != 0)
            sb_num(n, "shift", v[1]);
        put_bounds(n, 0, v[2]);
        note_mean(p, DIST_EXPONENTIAL, &scale, 1, v[1], 0, v[2]);
    } else if (!strcmp(name, "uniform")) {
        NEED(2);
        sb_set(n, "dist", "uniform");
        sb_num(n, "min", v[0]);
        sb_num(n, "max", v[1]);
        note_mean(p, DIST_UNIFORM, v, 2, 0, 0, INFINITY);
    } else if (!strcmp(name, "norm") || !strcmp(name, "normal")) {
        NEED(4);
        sb_set(n, "dist", "normal");
        sb_num(n, "mean", v[0]);
        sb_num(n, "sd", v[1]);
        put_bounds(n, v[2], v[3]);
        note_mean(p, DIST_NORMAL, v, 2, 0, v[2], v[3]);
    } else if (!strcmp(name, "lognorm") || !strcmp(name, "lognormal")) {
        NEED(4);
        sb_set(n, "dist", "lognormal");
        sb_num(n, "mean", v[0]);
        sb_num(n, "sd", sqrt(v[1]));
        put_bounds(n, v[2], v[3]);
        double ls[2] = {v[0], sqrt(v[1])};
        note_mean(p, DIST_LOGNORMAL, ls, 2, 0, v[2], v[3]);
    } else if (!strcmp(name, "gamma")) {
        NEED(4);
        if (!(v[0] > 0 && v[1] > 0)) {
            pdiag(p, DIAG_ERROR, key, "%s: gamma needs a positive mean and variance", key);
            return -1;
        }
        sb_set(n, "dist", "gamma");
        sb_num(n, "shape", v[0] * v[0] / v[1]);
        sb_num(n, "scale", v[1] / v[0]);
        put_bounds(n, v[2], v[3]);
        double gs[2] = {v[0] * v[0] / v[1], v[1] / v[0]};
        note_mean(p, DIST_GAMMA, gs, 2, 0, v[2], v[3]);
    } else {
        pdiag(p, DIAG_ERROR, key,
              "%s: distribution '%s' is not one Prosimos samples (fix, expon, uniform, norm, "
              "lognorm, gamma; histogram_sampling for arrivals)",
              key, name);
        return -1;
    }
#undef NEED
    return 0;
}

/* ---- calendars ---------------------------------------------------------- */

/* A <calendar> from a list of time periods; open gets its open minutes.
 * Returns 1 when it is open all week. */
static int put_periods(px *p, xmlNodePtr cal, json_t *periods, const char *key, unsigned char *open)
{
    size_t i;
    json_t *e;
    int rounded = 0;
    json_array_foreach(periods, i, e) {
        const char *from = jstr(e, "from"), *to = jstr(e, "to");
        const char *bt = jstr(e, "beginTime"), *et = jstr(e, "endTime");
        int a = sb_weekday(from), b = sb_weekday(to);
        double fs = sb_clock_time(bt), ts = sb_clock_time(et);
        char k[200], note[300];
        snprintf(k, sizeof k, "%s[%zu]", key, i);
        if (a < 0 || b < 0 || fs < 0 || ts < 0) {
            pdiag(p, DIAG_ERROR, k, "%s: needs from, to (MONDAY .. SUNDAY), beginTime and endTime (hh:mm:ss)",
                  k);
            continue;
        }
        if (json_object_get(e, "probability"))
            pdiag(p, DIAG_WARNING, k,
                  "%s: probability (a fuzzy calendar) has no flowmc equivalent: the period is taken "
                  "as always available",
                  k);
        snprintf(note, sizeof note, "Prosimos %s: %s-%s %s-%s", k, from, to, bt, et);
        sb_weekly(cal, a, b, fs, ts, note, 0, open, &rounded);
    }
    if (rounded)
        pdiag(p, DIAG_NOTE, key, "%s: period times are taken to the minute", key);
    int count = 0;
    for (int m = 0; m < 7 * 1440; m++)
        count += open[m];
    if (!count)
        pdiag(p, DIAG_WARNING, key, "%s: no working time", key);
    return count == 7 * 1440;
}

/* ---- resources ---------------------------------------------------------- */

static int find_res(const px *p, const char *id)
{
    for (int i = 0; id && i < p->nr; i++)
        if (!strcmp(p->r[i].id, id))
            return i;
    return -1;
}

static int root_of(px *p, int i)
{
    while (p->r[i].parent != i)
        i = p->r[i].parent = p->r[p->r[i].parent].parent;
    return i;
}

static void read_resources(px *p, json_t *profiles)
{
    size_t i, j;
    json_t *pr, *r;
    if (json_is_object(profiles)) {
        pdiag(p, DIAG_ERROR, "resource_profiles",
              "resource_profiles as an object (Prosimos' layout before 2023) is not read: a list of "
              "profiles with resource_list is");
        return;
    }
    json_array_foreach(profiles, i, pr) {
        json_array_foreach(json_object_get(pr, "resource_list"), j, r) {
            const char *id = jstr(r, "id");
            char key[96];
            snprintf(key, sizeof key, "resource_profiles[%zu].resource_list[%zu]", i, j);
            if (!id) {
                pdiag(p, DIAG_ERROR, key, "%s: a resource needs an id", key);
                continue;
            }
            double amount = 1, cost = NAN;
            json_t *am = json_object_get(r, "amount");
            if (am && (!jnum(am, &amount) || amount < 0 || amount != floor(amount))) {
                pdiag(p, DIAG_ERROR, key, "%s: amount must be a whole number >= 0", key);
                continue;
            }
            jnum(json_object_get(r, "cost_per_hour"), &cost);
            int k = find_res(p, id);
            if (k >= 0) {
                /* the same resource in several profiles: one resource */
                if (p->r[k].amount != (long)amount)
                    pdiag(p, DIAG_WARNING, key, "%s: resource '%s' is declared again with amount %g (was %ld at %s): the first is kept",
                          key, id, amount, p->r[k].amount, p->r[k].key);
                continue;
            }
            res *nr = realloc(p->r, sizeof *p->r * (size_t)(p->nr + 1));
            if (!nr)
                alloc_fail("memory for the import");
            p->r = nr;
            res *x = &p->r[p->nr];
            x->id = id;
            x->amount = (long)amount;
            x->calendar = jstr(r, "calendar");
            x->cost = cost;
            x->parent = p->nr;
            snprintf(x->key, sizeof x->key, "%s", key);
            p->nr++;
        }
    }
}

/* ---- the document ---------------------------------------------------------- */

static const char *const mapped_keys[] = {
    "resource_profiles", "arrival_time_distribution", "arrival_time_calendar",
    "gateway_branching_probabilities", "task_resource_distribution", "resource_calendars",
    "model_type",
};

static void warn_unmapped(px *p, json_t *root)
{
    const char *k;
    json_t *v;
    json_object_foreach(root, k, v) {
        int known = 0;
        for (size_t i = 0; i < sizeof mapped_keys / sizeof mapped_keys[0]; i++)
            known |= !strcmp(k, mapped_keys[i]);
        if (known)
            continue;
        /* an empty section says nothing */
        if ((json_is_array(v) && json_array_size(v) == 0) || (json_is_object(v) && json_object_size(v) == 0))
            continue;
        static const struct {
            const char *key, *what;
        } known_unmapped[] = {
            {"batch_processing", "batching (tasks done together in batches)"},
            {"case_attributes", "case attributes"},
            {"prioritisation_rules", "prioritisation rules on case attributes"},
            {"branch_rules", "branching conditions on attributes"},
            {"event_distribution", "durations of intermediate events"},
            {"event_attributes", "event attributes"},
            {"global_attributes", "global attributes"},
            {"multitask", "multitasking"},
            {"granule_size", "fuzzy calendar granules"},
        };
        const char *what = "an unknown section";
        for (size_t i = 0; i < sizeof known_unmapped / sizeof known_unmapped[0]; i++)
            if (!strcmp(k, known_unmapped[i].key))
                what = known_unmapped[i].what;
        pdiag(p, DIAG_WARNING, k, "%s (%s) has no flowmc equivalent: ignored", k, what);
    }
    const char *mt = jstr(root, "model_type");
    if (mt && strcmp(mt, "CRISP") != 0)
        pdiag(p, DIAG_WARNING, "model_type",
              "model_type %s (fuzzy calendars) has no flowmc equivalent: calendars are read as crisp", mt);
}

static void put_branches(px *p, xmlDocPtr doc, json_t *gws)
{
    size_t i, j;
    json_t *g, *pr;
    json_array_foreach(gws, i, g) {
        char key[96];
        snprintf(key, sizeof key, "gateway_branching_probabilities[%zu]", i);
        const char *gid = jstr(g, "gateway_id");
        int gi = gid ? model_find_node(p->m, gid) : -1;
        if (gi < 0) {
            pdiag(p, DIAG_ERROR, key, "%s: gateway_id '%s' is not a node of the model", key, gid ? gid : "");
            continue;
        }
        const model_node *nd = model_node_at(p->m, gi);
        if (nd->type == MODEL_PARALLEL_GATEWAY || nd->nout < 2) {
            pdiag(p, DIAG_NOTE, key, "%s: '%s' does not choose (%s): its probabilities are not needed",
                  key, gid, nd->nout < 2 ? "one outgoing flow" : "a parallel gateway");
            continue;
        }
        json_t *probs = json_object_get(g, "probabilities");
        double sum = 0;
        int missing = 0;
        json_array_foreach(probs, j, pr) {
            double v;
            if (jnum(json_object_get(pr, "value"), &v))
                sum += v;
            else
                missing++;
        }
        /* as Prosimos: flows without a value share what is left */
        double fill = missing ? (1 - sum) / missing : 0;
        if (missing)
            pdiag(p, DIAG_NOTE, key, "%s: %d flow%s without a value share the remaining %g, as Prosimos does",
                  key, missing, missing > 1 ? "s" : "", 1 - sum);
        double total = sum + fill * missing, scale = 1;
        int exclusive = nd->type == MODEL_EXCLUSIVE_GATEWAY || nd->type == MODEL_EVENT_GATEWAY;
        if (exclusive && fabs(total - 1) > 1e-9 && total > 0 && fabs(total - 1) <= 1e-6) {
            scale = 1 / total;
            pdiag(p, DIAG_NOTE, key, "%s: probabilities sum to %.12g: rescaled to 1", key, total);
        }
        xmlNodePtr ge = sb_add(sb_section(doc, "branches"), "gateway", NULL);
        sb_set(ge, "id", gid);
        json_array_foreach(probs, j, pr) {
            const char *fid = jstr(pr, "path_id");
            char fk[160], note[220];
            snprintf(fk, sizeof fk, "%s.probabilities[%zu]", key, j);
            int f = fid ? model_find_flow(p->m, fid) : -1;
            if (f < 0 || model_flow_at(p->m, f)->source != gi) {
                pdiag(p, DIAG_ERROR, fk, "%s: path_id '%s' is not a flow out of '%s'", fk, fid ? fid : "", gid);
                continue;
            }
            double v = fill;
            jnum(json_object_get(pr, "value"), &v);
            snprintf(note, sizeof note, "Prosimos %s", fk);
            xmlNodePtr fe = sb_add(ge, "flow", note);
            sb_set(fe, "id", fid);
            sb_num(fe, "probability", v * scale);
        }
    }
}

/* One role per group of resources that share tasks. */
static void put_roles_and_durations(px *p, xmlDocPtr doc, json_t *trd, json_t *cals)
{
    size_t i, j;
    json_t *t, *r;
    /* pool: union of each task's resources */
    json_array_foreach(trd, i, t) {
        int first = -1;
        json_array_foreach(json_object_get(t, "resources"), j, r) {
            int k = find_res(p, jstr(r, "resource_id"));
            if (k < 0)
                continue;
            if (first < 0)
                first = k;
            else
                p->r[root_of(p, k)].parent = root_of(p, first);
        }
    }
    /* roles, by root */
    char (*role_id)[128] = calloc((size_t)(p->nr ? p->nr : 1), sizeof *role_id);
    xmlNodePtr *role_el = calloc((size_t)(p->nr ? p->nr : 1), sizeof *role_el);
    if (!role_id || !role_el)
        alloc_fail("memory for the import");
    for (int k = 0; k < p->nr; k++) {
        int rt = root_of(p, k);
        if (role_el[rt])
            continue;
        long staff = 0;
        int members = 0;
        const char *cal = NULL;
        long cal_staff = -1;
        double cost = NAN;
        int cal_mixed = 0;
        char note[600];
        size_t used = (size_t)snprintf(note, sizeof note, "Prosimos resources");
        for (int q = 0; q < p->nr; q++) {
            if (root_of(p, q) != rt)
                continue;
            staff += p->r[q].amount;
            members++;
            if (used < sizeof note)
                used += (size_t)snprintf(note + used, sizeof note - used, " %s (x%ld)", p->r[q].id,
                                         p->r[q].amount);
            const char *c = p->r[q].calendar;
            if (cal && c && strcmp(cal, c))
                cal_mixed = 1;
            if (c && p->r[q].amount > cal_staff)
                cal = c, cal_staff = p->r[q].amount;
            if (isnan(cost))
                cost = p->r[q].cost;
            else if (!isnan(p->r[q].cost) && p->r[q].cost != cost)
                pdiag(p, DIAG_WARNING, p->r[q].key, "%s: cost_per_hour %g differs from the pool's %g: the first is kept",
                      p->r[q].key, p->r[q].cost, cost);
        }
        sb_name(members == 1 ? p->r[rt].id : p->r[rt].id, role_id[rt], sizeof role_id[rt]);
        if (members > 1 && strlen(role_id[rt]) + 8 < sizeof role_id[rt])
            strcat(role_id[rt], "-pool");
        xmlNodePtr ro = sb_add(sb_section(doc, "roles"), "role", note);
        role_el[rt] = ro;
        sb_set(ro, "id", role_id[rt]);
        sb_setf(ro, "staff", "%ld", staff);
        if (!isnan(cost))
            sb_num(ro, "cost-per-hour", cost);
        if (cal_mixed)
            pdiag(p, DIAG_WARNING, p->r[rt].key,
                  "%s: the resources pooled with '%s' work on different calendars; flowmc gives a role one "
                  "calendar: '%s' (of the most staff)",
                  p->r[rt].key, p->r[rt].id, cal);
        if (cal) {
            /* the calendar, if it is not open all week */
            size_t ci;
            json_t *c;
            int found = 0;
            json_array_foreach(cals, ci, c) {
                if (!jstr(c, "id") || strcmp(jstr(c, "id"), cal))
                    continue;
                found = 1;
                char cid[128], key[96];
                sb_name(cal, cid, sizeof cid);
                snprintf(key, sizeof key, "resource_calendars[%zu].time_periods", ci);
                xmlNodePtr cals_sec = sb_section(doc, "calendars");
                xmlNodePtr ce = NULL;
                for (xmlNodePtr x = cals_sec->children; x; x = x->next) {
                    xmlChar *xid = xmlGetProp(x, BAD_CAST "id");
                    if (xid && xmlStrEqual(xid, BAD_CAST cid))
                        ce = x;
                    xmlFree(xid);
                }
                int all_week = 0;
                if (ce) {
                    xmlChar *nt = xmlGetProp(ce, BAD_CAST "note");
                    all_week = nt && strstr((const char *)nt, "open all week") != NULL;
                    xmlFree(nt);
                } else {
                    char note2[200];
                    snprintf(note2, sizeof note2, "Prosimos resource_calendars[%zu] %s", ci, cal);
                    ce = sb_add(cals_sec, "calendar", note2);
                    sb_set(ce, "id", cid);
                    unsigned char *open = calloc(7 * 1440, 1);
                    if (!open)
                        alloc_fail("memory for the import");
                    all_week = put_periods(p, ce, json_object_get(c, "time_periods"), key, open);
                    free(open);
                    if (all_week) {
                        /* (the mark "open all week" is read back above) */
                        char n3[300];
                        snprintf(n3, sizeof n3, "%s: open all week, so its roles need no calendar", note2);
                        sb_set(ce, "note", n3);
                    }
                }
                if (!all_week)
                    sb_set(ro, "calendar", cid);
                break;
            }
            if (!found)
                pdiag(p, DIAG_ERROR, p->r[rt].key, "%s: calendar '%s' is not in resource_calendars",
                      p->r[rt].key, cal);
        }
    }
    /* tasks */
    json_array_foreach(trd, i, t) {
        char key[96];
        snprintf(key, sizeof key, "task_resource_distribution[%zu]", i);
        const char *tid = jstr(t, "task_id");
        int g = tid ? model_find_node(p->m, tid) : -1;
        if (g < 0 || !model_type_is_task(model_node_at(p->m, g)->type)) {
            pdiag(p, DIAG_ERROR, key, "%s: task_id '%s' is not a task of the model", key, tid ? tid : "");
            continue;
        }
        json_t *rs = json_object_get(t, "resources");
        int rt = -1, n = 0, differ = 0;
        long assigned = 0;
        json_t *first = NULL;
        json_array_foreach(rs, j, r) {
            char rk[128];
            snprintf(rk, sizeof rk, "%s.resources[%zu]", key, j);
            int k = find_res(p, jstr(r, "resource_id"));
            if (k < 0) {
                pdiag(p, DIAG_ERROR, rk, "%s: resource_id '%s' is not in resource_profiles", rk,
                      jstr(r, "resource_id") ? jstr(r, "resource_id") : "");
                continue;
            }
            rt = root_of(p, k);
            assigned += p->r[k].amount;
            if (!first)
                first = r;
            else if (!json_equal(json_object_get(r, "distribution_name"),
                                 json_object_get(first, "distribution_name")) ||
                     !json_equal(json_object_get(r, "distribution_params"),
                                 json_object_get(first, "distribution_params")))
                differ = 1;
            n++;
        }
        if (rt < 0) {
            pdiag(p, DIAG_ERROR, key, "%s: task '%s' has no resource", key, tid);
            continue;
        }
        long pool = 0;
        for (int q = 0; q < p->nr; q++)
            if (root_of(p, q) == rt)
                pool += p->r[q].amount;
        if (assigned < pool)
            pdiag(p, DIAG_WARNING, key,
                  "%s: task '%s' may be done by %ld of the %ld staff pooled in role '%s'; flowmc lets any "
                  "of them do it",
                  key, tid, assigned, pool, role_id[rt]);
        char sn[160];
        snprintf(sn, sizeof sn, "Prosimos %s", key);
        xmlNodePtr sv = sb_add(role_el[rt], "serves", sn);
        sb_set(sv, "task", tid);
        char note[200];
        snprintf(note, sizeof note, "Prosimos %s (seconds)", key);
        xmlNodePtr du = sb_add(sb_section(doc, "durations"), "duration", note);
        sb_set(du, "task", tid);
        if (!differ) {
            put_law(p, du, first, key, 0);
            continue;
        }
        /* a law per resource: a mixture weighted by each one's staff */
        pdiag(p, DIAG_WARNING, key,
              "%s: task '%s' takes a different law with each resource; flowmc draws from their "
              "mixture, weighted by staff, whoever does the work",
              key, tid);
        sb_set(du, "unit", "s");
        sb_set(du, "dist", "mixture");
        json_array_foreach(rs, j, r) {
            int k = find_res(p, jstr(r, "resource_id"));
            if (k < 0)
                continue;
            char rk[128];
            snprintf(rk, sizeof rk, "%s.resources[%zu]", key, j);
            xmlNodePtr c = sb_add(du, "component", NULL);
            sb_setf(c, "weight", "%ld", p->r[k].amount);
            put_law(p, c, r, rk, 1);
        }
    }
    free(role_id);
    free(role_el);
}

xmlDocPtr prosimos_import(const char *bpmn_path, const char *json_path, const char *model_ref,
                          long cases, const char *start, diag_list *d)
{
    px p = {json_path, d, NULL, 0, NULL, 0, NAN};
    xmlDocPtr doc = NULL;
    json_error_t je;
    json_t *root = json_load_file(json_path, JSON_REJECT_DUPLICATES, &je);
    model *m = NULL;
    unsigned char *open = NULL;
    if (!root) {
        diag_add(d, DIAG_ERROR, "prosimos", json_path, je.line > 0 ? je.line : 0, NULL, NULL,
                 "not readable JSON: %s", je.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        pdiag(&p, DIAG_ERROR, NULL, "not Prosimos parameters: the JSON is not an object");
        goto fail;
    }
    m = bpmn_read_file(bpmn_path, d);
    if (!m || diag_list_count_severity(d, DIAG_ERROR)) {
        p.nerr++;
        goto fail;
    }
    p.m = m;
    warn_unmapped(&p, root);
    doc = sb_new(NULL, model_ref);
    {
        const char *base = strrchr(json_path, '/');
        char name[300];
        snprintf(name, sizeof name, "%s (imported from Prosimos)", base ? base + 1 : json_path);
        sb_set(xmlDocGetRootElement(doc), "name", name);
    }
    read_resources(&p, json_object_get(root, "resource_profiles"));
    put_roles_and_durations(&p, doc, json_object_get(root, "task_resource_distribution"),
                            json_object_get(root, "resource_calendars"));
    put_branches(&p, doc, json_object_get(root, "gateway_branching_probabilities"));

    /* arrivals */
    int start_node = -1, nstarts = 0;
    for (int i = 0; i < (int)model_node_count(m); i++) {
        const model_node *nd = model_node_at(m, i);
        if (nd->type == MODEL_START_EVENT && nd->parent < 0 && !nd->triggered_by_event) {
            if (start_node < 0)
                start_node = i;
            nstarts++;
        }
    }
    if (start_node < 0) {
        pdiag(&p, DIAG_ERROR, NULL, "the model has no top-level start event for the arrivals");
        goto fail;
    }
    if (nstarts > 1)
        pdiag(&p, DIAG_WARNING, "arrival_time_distribution",
              "the model has %d top-level start events; the arrivals start cases at '%s'", nstarts,
              model_node_at(m, start_node)->e.id);
    json_t *ad = json_object_get(root, "arrival_time_distribution");
    if (!ad) {
        pdiag(&p, DIAG_ERROR, "arrival_time_distribution", "no arrival_time_distribution");
        goto fail;
    }
    xmlNodePtr a = sb_add(sb_section(doc, "arrivals"), "arrival",
                          "Prosimos arrival_time_distribution: the gap between two arrivals, in seconds");
    sb_set(a, "start", model_node_at(m, start_node)->e.id);
    if (put_law(&p, a, ad, "arrival_time_distribution", 0) != 0)
        goto fail;
    json_t *ac = json_object_get(root, "arrival_time_calendar");
    open = calloc(7 * 1440, 1);
    if (!open)
        alloc_fail("memory for the import");
    int all_week = 1;
    if (json_array_size(ac)) {
        xmlNodePtr ce = sb_add(sb_section(doc, "calendars"), "calendar", "Prosimos arrival_time_calendar");
        sb_set(ce, "id", "arrivals");
        all_week = put_periods(&p, ce, ac, "arrival_time_calendar", open);
        if (!all_week)
            sb_set(a, "calendar", "arrivals");
    }

    /* clock: the mean gap, from the law flowmc will draw */
    xmlNodePtr clock = sb_section(doc, "clock");
    const char *st = start ? start : "2025-01-06T00:00";
    sb_set(clock, "start", st);
    double gap;
    gap = p.last_mean;
    if (!(gap > 0)) {
        pdiag(&p, DIAG_ERROR, "arrival_time_distribution", "the arrival gap must have a positive mean");
        goto fail;
    }
    double horizon = sb_time_to_arrivals(cases, gap, all_week ? NULL : open, sb_week_minute(st));
    if (!isfinite(horizon)) {
        pdiag(&p, DIAG_ERROR, "arrival_time_calendar", "the arrival calendar is never open");
        goto fail;
    }
    sb_setf(clock, "horizon", "%.0f s", ceil(horizon));
    {
        char note[400];
        snprintf(note, sizeof note,
                 "Prosimos --total_cases %ld%s: horizon = the expected time of the %ld-th arrival "
                 "(mean gap %.6g s); one Prosimos run is one flowmc replication",
                 cases, start ? ", --starting_at as given" : ", start assumed (a Monday)", cases, gap);
        sb_set(clock, "note", note);
    }
    xmlNodePtr run = sb_section(doc, "run");
    sb_set(run, "replications", "30");
    sb_set(run, "seed", "1");
    sb_set(run, "note", "Prosimos runs one simulation; flowmc repeats it to give 95% confidence intervals");
    if (p.nerr)
        goto fail;
    free(open);
    free(p.r);
    model_free(m);
    json_decref(root);
    return doc;
fail:
    free(open);
    free(p.r);
    model_free(m);
    json_decref(root);
    xmlFreeDoc(doc);
    return NULL;
}
