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

#include <errno.h>
#include <math.h>
#include <stdio.h>
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
    sb_log log;
    const model *m;
    res *r; int nr;
    double last_mean;  /* of the last law put_law wrote (seconds), NAN if unknown */
    int said;          /* layout notes given: 1 (2021), 2 (2022) */
} px;

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
        if (end != s && *end == 0 && !isnan(x)) {
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

/* The law's parameters, as numbers: a list of {"value": x} (2022 on) or of
 * plain numbers (2021); *plain set for the second.  -1 when unreadable. */
static int law_params(json_t *law, double *v, int max, int *plain)
{
    json_t *ps = json_object_get(law, "distribution_params");
    size_t i;
    json_t *e;
    int n = 0;
    *plain = 0;
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
            *plain = 1;
        } else
            return -1;
    }
    return n;
}

/* Shift and bounds: set only where they bind.  A law shifted below 0 is
 * bounded at 0, as Prosimos redraws negative durations. */
static void put_bounds(xmlNodePtr n, double shift, double lo, double hi)
{
    if (shift != 0)
        sb_num(n, "shift", shift);
    if (lo > 0)
        sb_num(n, "trunc-min", lo);
    else if (shift < 0)
        sb_num(n, "trunc-min", 0);
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
    if (shift < 0 && !(lo > 0))
        lo = 0;
    if ((shift != 0 || lo > 0 || isfinite(hi)) && dist_bound(&dd, shift, lo > 0 ? lo : -INFINITY, hi, err, sizeof err) != 0) {
        dist_release(&dd);
        return;
    }
    p->last_mean = dist_mean(&dd);
    dist_release(&dd);
}

/* A law by kind and flowmc parameters, shifted and bounded. */
static void put_kind(px *p, xmlNodePtr n, dist_kind k, const double *v, double shift, double lo, double hi)
{
    static const char *const names[DIST_KIND_COUNT][3] = {
        [DIST_FIXED] = {"value"},           [DIST_UNIFORM] = {"min", "max"},
        [DIST_TRIANGULAR] = {"min", "mode", "max"}, [DIST_EXPONENTIAL] = {"mean"},
        [DIST_NORMAL] = {"mean", "sd"},     [DIST_LOGNORMAL] = {"mean", "sd"},
        [DIST_GAMMA] = {"shape", "scale"},  [DIST_WEIBULL] = {"shape", "scale"},
        [DIST_EXNORMAL] = {"mu", "sigma", "tau"},
    };
    int np = 0;
    sb_set(n, "dist", dist_kind_name(k));
    for (; np < 3 && names[k][np]; np++)
        sb_num(n, names[k][np], v[np]);
    if (k != DIST_FIXED)
        put_bounds(n, shift, lo, hi);
    note_mean(p, k, v, np, k == DIST_FIXED ? 0 : shift, k == DIST_FIXED ? 0 : lo,
              k == DIST_FIXED ? INFINITY : hi);
}

/* Values drawn with weights: an empirical law up to DIST_MAX_POINTS
 * points, a mixture of fixed laws up to DIST_MAX_COMPONENTS; beyond, the
 * DIST_MAX_COMPONENTS quantiles of equal weight (a warning).  x and w
 * sorted by x are consumed. */
static void put_points(px *p, xmlNodePtr n, double *x, double *w, int k, const char *key)
{
    double sw = 0, swx = 0;
    for (int i = 0; i < k; i++)
        sw += w[i], swx += w[i] * x[i];
    p->last_mean = sw > 0 ? swx / sw : NAN;
    if (k > DIST_MAX_COMPONENTS) {
        sb_diag(&p->log, DIAG_WARNING, 0, key,
              "%s: %d distinct values; flowmc draws from at most %d: their %d quantiles of equal weight are used",
              key, k, DIST_MAX_COMPONENTS, DIST_MAX_COMPONENTS);
        double *q = alloc_zero(DIST_MAX_COMPONENTS, sizeof *q), acc = 0;
        int j = 0;
        for (int i = 0; i < DIST_MAX_COMPONENTS; i++) {
            double target = (i + 0.5) / DIST_MAX_COMPONENTS * sw;
            while (j < k - 1 && acc + w[j] < target)
                acc += w[j++];
            q[i] = x[j];
        }
        for (int i = 0; i < DIST_MAX_COMPONENTS; i++)
            x[i] = q[i], w[i] = 1;
        free(q);
        k = DIST_MAX_COMPONENTS;
    }
    int mix = k > DIST_MAX_POINTS;
    sb_set(n, "dist", mix ? "mixture" : "empirical");
    for (int i = 0; i < k; i++) {
        xmlNodePtr pt = sb_add(n, mix ? "component" : "point", NULL);
        if (mix) {
            sb_num(pt, "weight", w[i]);
            sb_set(pt, "dist", "fixed");
            sb_num(pt, "value", x[i]);
        } else {
            sb_num(pt, "value", x[i]);
            sb_num(pt, "weight", w[i]);
        }
    }
}

static int cmp_xw(const void *a, const void *b)
{
    double x = ((const double *)a)[0], y = ((const double *)b)[0];
    return (x > y) - (x < y);
}

/* histogram_sampling: histogram_data as {cdf, bin_midpoints} (December
 * 2022 on: bin i drawn with probability cdf[i] - cdf[i-1]) or a plain list
 * of observations (November 2022: one drawn at random). */
static int put_histogram(px *p, xmlNodePtr n, json_t *law, const char *key)
{
    json_t *h = json_object_get(law, "histogram_data");
    json_t *cdf = json_object_get(h, "cdf"), *mid = json_object_get(h, "bin_midpoints");
    size_t nb = json_is_array(h) ? json_array_size(h) : json_array_size(cdf);
    if (!nb || (!json_is_array(h) && nb != json_array_size(mid))) {
        sb_diag(&p->log, DIAG_ERROR, 0, key,
              "%s: histogram_data needs cdf and bin_midpoints of one length, or a list of observations", key);
        return -1;
    }
    double *xw = alloc_zero(2 * nb, sizeof *xw), prev = 0;
    int k = 0;
    for (size_t i = 0; i < nb; i++) {
        double c = 0, x = 0;
        int ok = json_is_array(h) ? jnum(json_array_get(h, i), &x)
                                  : jnum(json_array_get(cdf, i), &c) && jnum(json_array_get(mid, i), &x);
        if (!ok || x < 0) {
            sb_diag(&p->log, DIAG_ERROR, 0, key, "%s: histogram_data holds a value that is not a number of seconds", key);
            free(xw);
            return -1;
        }
        double wt = json_is_array(h) ? 1 : c - prev;
        if (!json_is_array(h) && c > prev)
            prev = c;
        if (wt > 0) {
            xw[2 * k] = x;
            xw[2 * k + 1] = wt;
            k++;
        }
    }
    /* equal values are one point */
    qsort(xw, (size_t)k, 2 * sizeof *xw, cmp_xw);
    int u = 0;
    for (int i = 0; i < k; i++) {
        if (u && xw[2 * (u - 1)] == xw[2 * i])
            xw[2 * (u - 1) + 1] += xw[2 * i + 1];
        else
            xw[2 * u] = xw[2 * i], xw[2 * u + 1] = xw[2 * i + 1], u++;
    }
    if (!u) {
        sb_diag(&p->log, DIAG_ERROR, 0, key, "%s: histogram_data gives no value any weight", key);
        free(xw);
        return -1;
    }
    double *x = alloc_zero((size_t)u, sizeof *x), *w = alloc_zero((size_t)u, sizeof *w);
    for (int i = 0; i < u; i++)
        x[i] = xw[2 * i], w[i] = xw[2 * i + 1];
    put_points(p, n, x, w, u, key);
    free(x);
    free(w);
    free(xw);
    return 0;
}

/* pix-framework's names and parameter counts (Prosimos from June 2023):
 * a law in the {"value"} layout with exactly this count reads the pix way;
 * any other reads the scipy way (Prosimos from March 2022 until then). */
static int pix_count(const char *name)
{
    static const struct {
        const char *name;
        int np;
    } pix[] = {{"fix", 1}, {"fixed", 1}, {"expon", 3}, {"exponential", 3}, {"uniform", 2},
               {"norm", 4}, {"normal", 4}, {"lognorm", 4}, {"lognormal", 4}, {"log_normal", 4},
               {"gamma", 4}};
    for (size_t i = 0; i < sizeof pix / sizeof pix[0]; i++)
        if (!strcmp(name, pix[i].name))
            return pix[i].np;
    return -1;
}

/* A law the pix-framework way: [mean, min, max] and the like. */
static int put_pix(px *p, xmlNodePtr n, const char *name, const double *v, const char *key)
{
    double w[3];
    if (!strcmp(name, "fix") || !strcmp(name, "fixed")) {
        put_kind(p, n, DIST_FIXED, v, 0, 0, INFINITY);
    } else if (!strcmp(name, "expon") || !strcmp(name, "exponential")) {
        /* pix: loc = min, scale = mean - min (mean when that is < 0) */
        w[0] = v[0] - v[1] < 0 ? v[0] : v[0] - v[1];
        put_kind(p, n, DIST_EXPONENTIAL, w, v[1], 0, v[2]);
    } else if (!strcmp(name, "uniform")) {
        put_kind(p, n, v[1] > v[0] ? DIST_UNIFORM : DIST_FIXED, v, 0, 0, INFINITY);
    } else if (!strcmp(name, "norm") || !strcmp(name, "normal")) {
        if (!(v[1] > 0))
            put_kind(p, n, DIST_FIXED, v, 0, 0, INFINITY);
        else
            put_kind(p, n, DIST_NORMAL, v, 0, v[2], v[3]);
    } else if (!strcmp(name, "gamma")) {
        if (!(v[0] > 0 && v[1] > 0)) {
            sb_diag(&p->log, DIAG_ERROR, 0, key, "%s: gamma needs a positive mean and variance", key);
            return -1;
        }
        w[0] = v[0] * v[0] / v[1];
        w[1] = v[1] / v[0];
        put_kind(p, n, DIST_GAMMA, w, 0, v[2], v[3]);
    } else { /* lognormal, by mean and variance */
        w[0] = v[0];
        w[1] = sqrt(v[1]);
        if (!(v[0] > 0 && v[1] > 0))
            put_kind(p, n, DIST_FIXED, v, 0, 0, INFINITY);
        else
            put_kind(p, n, DIST_LOGNORMAL, w, 0, v[2], v[3]);
    }
    return 0;
}

/* A law the scipy way: the shape parameters, loc, scale, then (from March
 * 2022) min and max; Prosimos drew with scipy.stats.<name>.rvs until the
 * draw was in [min, max] and not negative. */
static int put_scipy(px *p, xmlNodePtr n, const char *name, const double *v, int np, int bounded,
                     const char *key)
{
    static const struct {
        const char *name;
        int shapes;
    } known[] = {{"expon", 0}, {"norm", 0}, {"uniform", 0}, {"lognorm", 1}, {"gamma", 1},
                 {"triang", 1}, {"weibull_min", 1}, {"exponnorm", 1}};
    if (!strcmp(name, "fix") || !strcmp(name, "fixed")) {
        put_kind(p, n, DIST_FIXED, v, 0, 0, INFINITY);
        return 0;
    }
    if (!strcmp(name, "default")) { /* Prosimos' uniform [min, max] */
        put_kind(p, n, np >= 2 && v[1] > v[0] ? DIST_UNIFORM : DIST_FIXED, v, 0, 0, INFINITY);
        return 0;
    }
    int shapes = -1;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(name, known[i].name))
            shapes = known[i].shapes;
    if (shapes < 0) {
        sb_diag(&p->log, DIAG_ERROR, 0, key,
              "%s: distribution '%s' has no flowmc equivalent (flowmc reads fix, expon, uniform, norm, lognorm, "
              "gamma, triang, weibull_min, exponnorm, default and histogram_sampling)",
              key, name);
        return -1;
    }
    int want = shapes + 2 + (bounded ? 2 : 0);
    if (np != want) {
        sb_diag(&p->log, DIAG_ERROR, 0, key, "%s: scipy's %s takes %d parameters here (%s), not %d", key, name, want,
              bounded ? (shapes ? "shape, loc, scale, min, max" : "loc, scale, min, max")
                      : (shapes ? "shape, loc, scale" : "loc, scale"),
              np);
        return -1;
    }
    double a = v[0], loc = v[shapes], scale = v[shapes + 1];
    double lo = bounded ? v[shapes + 2] : 0, hi = bounded ? v[shapes + 3] : INFINITY;
    double w[3];
    if (!(scale > 0) || (shapes && !(a > 0))) {
        /* a degenerate fit: the law is its location */
        if (!(scale >= 0) || (shapes && !(a >= 0 || !strcmp(name, "exponnorm")))) {
            sb_diag(&p->log, DIAG_ERROR, 0, key, "%s: %s with scale %g and shape %g is not a law", key, name, scale, a);
            return -1;
        }
        w[0] = loc < 0 ? 0 : loc;
        sb_diag(&p->log, DIAG_NOTE, 0, key, "%s: %s of scale 0 is fixed at %g s", key, name, w[0]);
        put_kind(p, n, DIST_FIXED, w, 0, 0, INFINITY);
        return 0;
    }
    if (!strcmp(name, "expon")) {
        w[0] = scale;
        put_kind(p, n, DIST_EXPONENTIAL, w, loc, lo, hi);
    } else if (!strcmp(name, "norm")) {
        w[0] = loc, w[1] = scale;
        put_kind(p, n, DIST_NORMAL, w, 0, lo, hi);
    } else if (!strcmp(name, "uniform")) {
        w[0] = 0, w[1] = scale;
        if (loc >= 0)
            w[0] = loc, w[1] = loc + scale, loc = 0;
        put_kind(p, n, DIST_UNIFORM, w, loc, lo, hi);
    } else if (!strcmp(name, "lognorm")) {
        /* scipy: exp(N(log scale, s)); flowmc: the variable's mean, sd */
        w[0] = scale * exp(a * a / 2);
        w[1] = w[0] * sqrt(expm1(a * a));
        put_kind(p, n, DIST_LOGNORMAL, w, loc, lo, hi);
    } else if (!strcmp(name, "gamma")) {
        w[0] = a, w[1] = scale;
        put_kind(p, n, DIST_GAMMA, w, loc, lo, hi);
    } else if (!strcmp(name, "weibull_min")) {
        w[0] = a, w[1] = scale;
        put_kind(p, n, DIST_WEIBULL, w, loc, lo, hi);
    } else if (!strcmp(name, "triang")) {
        if (a > 1) {
            sb_diag(&p->log, DIAG_ERROR, 0, key, "%s: triang's shape c must lie in [0, 1], not %g", key, a);
            return -1;
        }
        w[0] = 0, w[1] = a * scale, w[2] = scale;
        if (loc >= 0)
            w[0] += loc, w[1] += loc, w[2] += loc, loc = 0;
        put_kind(p, n, DIST_TRIANGULAR, w, loc, lo, hi);
    } else { /* exponnorm: N(loc, scale) + Exp(K scale) */
        w[0] = loc, w[1] = scale, w[2] = a * scale;
        put_kind(p, n, DIST_EXNORMAL, w, 0, lo, hi);
    }
    return 0;
}

/* Writes law (a Prosimos distribution object) on n, in seconds, in
 * whichever of Prosimos' three layouts it is written.  Returns 0, or -1
 * after an error naming key. */
static int put_law(px *p, xmlNodePtr n, json_t *law, const char *key, int nested)
{
    const char *name = jstr(law, "distribution_name");
    double v[16] = {0};
    int plain = 0;
    if (!nested)
        sb_set(n, "unit", "s");
    p->last_mean = NAN;
    if (name && !strcmp(name, "histogram_sampling"))
        return put_histogram(p, n, law, key);
    int np = name ? law_params(law, v, 16, &plain) : -1;
    if (!name || np < 1) {
        sb_diag(&p->log, DIAG_ERROR, 0, key, "%s: a law needs distribution_name and numeric distribution_params", key);
        return -1;
    }
    int pc = pix_count(name);
    if (!plain && pc == np)
        return put_pix(p, n, name, v, key);
    if (!(p->said & (plain ? 1 : 2))) {
        sb_diag(&p->log, DIAG_NOTE, 0, key,
              "%s: distribution_params read the way Prosimos read them %s: scipy's shape, loc, scale%s (and "
              "so every law like it)",
              key, plain ? "in 2021 (plain numbers)" : "from March 2022 to June 2023", plain ? "" : ", min, max");
        p->said |= plain ? 1 : 2;
    }
    return put_scipy(p, n, name, v, np, !plain, key);
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
            sb_diag(&p->log, DIAG_ERROR, 0, k, "%s: needs from, to (MONDAY .. SUNDAY), beginTime and endTime (hh:mm:ss)",
                  k);
            continue;
        }
        if (json_object_get(e, "probability"))
            sb_diag(&p->log, DIAG_WARNING, 0, k,
                  "%s: probability (a fuzzy calendar) has no flowmc equivalent: the period is taken "
                  "as always available",
                  k);
        snprintf(note, sizeof note, "Prosimos %s: %s-%s %s-%s", k, from, to, bt, et);
        sb_weekly(cal, a, b, fs, ts, note, 0, open, &rounded);
    }
    if (rounded)
        sb_diag(&p->log, DIAG_NOTE, 0, key, "%s: period times are taken to the minute", key);
    int count = 0;
    for (int m = 0; m < 7 * 1440; m++)
        count += open[m];
    if (!count)
        sb_diag(&p->log, DIAG_WARNING, 0, key, "%s: no working time", key);
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
    json_array_foreach(profiles, i, pr) {
        json_array_foreach(json_object_get(pr, "resource_list"), j, r) {
            const char *id = jstr(r, "id");
            char key[96];
            snprintf(key, sizeof key, "resource_profiles[%zu].resource_list[%zu]", i, j);
            if (!id) {
                sb_diag(&p->log, DIAG_ERROR, 0, key, "%s: a resource needs an id", key);
                continue;
            }
            double amount = 1, cost = NAN;
            json_t *am = json_object_get(r, "amount");
            if (am && (!jnum(am, &amount) || !(amount >= 0 && amount <= 1e6) || amount != floor(amount))) {
                sb_diag(&p->log, DIAG_ERROR, 0, key, "%s: amount must be a whole number from 0 to 10^6", key);
                continue;
            }
            jnum(json_object_get(r, "cost_per_hour"), &cost);
            int k = find_res(p, id);
            if (k >= 0) {
                /* the same resource in several profiles: one resource */
                if (p->r[k].amount != (long)amount)
                    sb_diag(&p->log, DIAG_WARNING, 0, key, "%s: resource '%s' is declared again with amount %g (was %ld at %s): the first is kept",
                          key, id, amount, p->r[k].amount, p->r[k].key);
                continue;
            }
            p->r = alloc_resize(p->r, (size_t)p->nr + 1, sizeof *p->r);
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
    "model_type", "total_cases", "start_time", "process_model", "event_distribution",
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
            {"event_attributes", "event attributes"},
            {"global_attributes", "global attributes"},
            {"multitask", "multitasking"},
            {"granule_size", "fuzzy calendar granules"},
        };
        const char *what = "an unknown section";
        for (size_t i = 0; i < sizeof known_unmapped / sizeof known_unmapped[0]; i++)
            if (!strcmp(k, known_unmapped[i].key))
                what = known_unmapped[i].what;
        sb_diag(&p->log, DIAG_WARNING, 0, k, "%s (%s) has no flowmc equivalent: ignored", k, what);
    }
    const char *mt = jstr(root, "model_type");
    if (mt && strcmp(mt, "CRISP") != 0)
        sb_diag(&p->log, DIAG_WARNING, 0, "model_type",
              "model_type %s (fuzzy calendars) has no flowmc equivalent: calendars are read as crisp", mt);
}

/* Entry i of the JSON list named list, which names a model node in its
 * field field: the node (NULL when it names none: a message of severity
 * sev, a warning saying the entry is ignored), its index and the entry's
 * key for messages ("list[i]"). */
typedef struct listed_entry {
    const model_node *nd;
    int at;
    char key[96];
} listed_entry;

static listed_entry listed_node(px *p, json_t *e, const char *list, size_t i, const char *field,
                          diag_severity sev)
{
    listed_entry l = {NULL, -1, ""};
    snprintf(l.key, sizeof l.key, "%s[%zu]", list, i);
    const char *id = jstr(e, field);
    l.at = id ? model_find_node(p->m, id) : -1;
    if (l.at >= 0)
        l.nd = model_node_at(p->m, l.at);
    else
        sb_diag(&p->log, sev, 0, l.key, "%s: %s '%s' is not a node of the model%s", l.key, field,
                id ? id : "", sev == DIAG_WARNING ? ": ignored" : "");
    return l;
}

static void put_branches(px *p, xmlDocPtr doc, json_t *gws)
{
    size_t i, j;
    json_t *g, *pr;
    json_array_foreach(gws, i, g) {
        listed_entry l = listed_node(p, g, "gateway_branching_probabilities", i, "gateway_id", DIAG_ERROR);
        if (!l.nd)
            continue;
        if (l.nd->type == MODEL_PARALLEL_GATEWAY || l.nd->nout < 2) {
            sb_diag(&p->log, DIAG_NOTE, 0, l.key, "%s: '%s' does not choose (%s): its probabilities are not needed",
                  l.key, l.nd->e.id, l.nd->nout < 2 ? "one outgoing flow" : "a parallel gateway");
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
            sb_diag(&p->log, DIAG_NOTE, 0, l.key, "%s: %d flow%s without a value share the remaining %g, as Prosimos does",
                  l.key, missing, missing > 1 ? "s" : "", 1 - sum);
        double total = sum + fill * missing, scale = 1;
        int exclusive = l.nd->type == MODEL_EXCLUSIVE_GATEWAY || l.nd->type == MODEL_EVENT_GATEWAY;
        if (exclusive && fabs(total - 1) > 1e-9 && total > 0 && fabs(total - 1) <= 1e-6) {
            scale = 1 / total;
            sb_diag(&p->log, DIAG_NOTE, 0, l.key, "%s: probabilities sum to %.12g: rescaled to 1", l.key, total);
        }
        xmlNodePtr ge = sb_add(sb_section(doc, "branches"), "gateway", NULL);
        sb_set(ge, "id", l.nd->e.id);
        json_array_foreach(probs, j, pr) {
            const char *fid = jstr(pr, "path_id");
            char fk[160], note[220];
            snprintf(fk, sizeof fk, "%s.probabilities[%zu]", l.key, j);
            int f = fid ? model_find_flow(p->m, fid) : -1;
            if (f < 0 || model_flow_at(p->m, f)->source != l.at) {
                sb_diag(&p->log, DIAG_ERROR, 0, fk, "%s: path_id '%s' is not a flow out of '%s'", fk, fid ? fid : "", l.nd->e.id);
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

/* The time periods of calendar id in cals, or NULL. */
static json_t *periods_of(json_t *cals, const char *id)
{
    size_t i;
    json_t *c;
    json_array_foreach(cals, i, c)
        if (jstr(c, "id") && !strcmp(jstr(c, "id"), id))
            return json_object_get(c, "time_periods");
    return NULL;
}

/* Calendars a and b open at the same times (Simod and the 2021 layout give
 * each resource a calendar of its own, often alike). */
static int same_periods(json_t *cals, const char *a, const char *b)
{
    json_t *pa = periods_of(cals, a), *pb = periods_of(cals, b);
    return pa && pb && json_equal(pa, pb);
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
    char (*role_id)[128] = alloc_zero((size_t)(p->nr ? p->nr : 1), sizeof *role_id);
    xmlNodePtr *role_el = alloc_zero((size_t)(p->nr ? p->nr : 1), sizeof *role_el);
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
            if (cal && c && strcmp(cal, c) && !same_periods(cals, cal, c))
                cal_mixed = 1;
            if (c && p->r[q].amount > cal_staff)
                cal = c, cal_staff = p->r[q].amount;
            if (isnan(cost))
                cost = p->r[q].cost;
            else if (!isnan(p->r[q].cost) && p->r[q].cost != cost)
                sb_diag(&p->log, DIAG_WARNING, 0, p->r[q].key, "%s: cost_per_hour %g differs from the pool's %g: the first is kept",
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
            sb_diag(&p->log, DIAG_WARNING, 0, p->r[rt].key,
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
                    unsigned char *open = alloc_zero(7 * 1440, 1);
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
                sb_diag(&p->log, DIAG_ERROR, 0, p->r[rt].key, "%s: calendar '%s' is not in resource_calendars",
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
            sb_diag(&p->log, DIAG_ERROR, 0, key, "%s: task_id '%s' is not a task of the model", key, tid ? tid : "");
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
                sb_diag(&p->log, DIAG_ERROR, 0, rk, "%s: resource_id '%s' is not in resource_profiles", rk,
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
            sb_diag(&p->log, DIAG_ERROR, 0, key, "%s: task '%s' has no resource", key, tid);
            continue;
        }
        long pool = 0;
        for (int q = 0; q < p->nr; q++)
            if (root_of(p, q) == rt)
                pool += p->r[q].amount;
        if (assigned < pool)
            sb_diag(&p->log, DIAG_WARNING, 0, key,
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
        sb_diag(&p->log, DIAG_WARNING, 0, key,
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

/* event_distribution: how long intermediate events take.  A timer catch
 * gets <timer duration=> when its law is fixed (flowmc's timers wait a
 * set time; another law: its mean, a warning); a message, signal or
 * conditional catch gets <duration event=> with the law; other events
 * take no time in flowmc (a warning).  *wait[g] gets each one's mean
 * wait, for event-based gateways. */
static void put_events(px *p, xmlDocPtr doc, json_t *evs, double *wait)
{
    size_t i;
    json_t *e;
    json_array_foreach(evs, i, e) {
        listed_entry l = listed_node(p, e, "event_distribution", i, "event_id", DIAG_WARNING);
        if (!l.nd)
            continue;
        int is_catch = l.nd->type == MODEL_CATCH_EVENT;
        if (is_catch && l.nd->evdef == MODEL_EVDEF_TIMER) {
            xmlDocPtr tmp = xmlNewDoc(BAD_CAST "1.0");
            xmlNodePtr law = xmlNewNode(NULL, BAD_CAST "duration");
            xmlDocSetRootElement(tmp, law);
            int ok = put_law(p, law, e, l.key, 0) == 0 && p->last_mean >= 0;
            xmlChar *kind = xmlGetProp(law, BAD_CAST "dist");
            if (ok) {
                char note[200];
                snprintf(note, sizeof note, "Prosimos %s (a %s law)", l.key, (const char *)kind);
                xmlNodePtr t = sb_add(sb_section(doc, "timers"), "timer", note);
                sb_set(t, "event", l.nd->e.id);
                sb_setf(t, "duration", "PT%.3fS", p->last_mean);
                wait[l.at] = p->last_mean;
                if (!xmlStrEqual(kind, BAD_CAST "fixed"))
                    sb_diag(&p->log, DIAG_WARNING, 0, l.key,
                          "%s: timer '%s' waits a %s law in Prosimos; a flowmc timer waits a set time: its mean, "
                          "%.6g s",
                          l.key, l.nd->e.id, (const char *)kind, p->last_mean);
            }
            xmlFree(kind);
            xmlFreeDoc(tmp);
        } else if (is_catch && (l.nd->evdef == MODEL_EVDEF_MESSAGE || l.nd->evdef == MODEL_EVDEF_SIGNAL ||
                                l.nd->evdef == MODEL_EVDEF_CONDITIONAL)) {
            char note[200];
            snprintf(note, sizeof note, "Prosimos %s (seconds)", l.key);
            xmlNodePtr du = sb_add(sb_section(doc, "durations"), "duration", note);
            sb_set(du, "event", l.nd->e.id);
            if (put_law(p, du, e, l.key, 0) == 0)
                wait[l.at] = p->last_mean;
        } else
            sb_diag(&p->log, DIAG_WARNING, 0, l.key, "%s: '%s' is a %s: it takes no time in flowmc, its law is ignored", l.key,
                  l.nd->e.id, model_node_type_name(l.nd->type));
    }
}

/* An event-based gateway the JSON gives no probabilities: Prosimos races
 * its events, flowmc draws a branch.  When every branch leads to an event
 * with a known wait, the shortest wins: probability 1 (exact when the
 * waits are fixed, else a warning).  Otherwise the scenario check says
 * the gateway needs probabilities. */
static void race_gateways(px *p, xmlDocPtr doc, json_t *gws, const double *wait)
{
    for (int g = 0; g < (int)model_node_count(p->m); g++) {
        const model_node *nd = model_node_at(p->m, g);
        if (nd->type != MODEL_EVENT_GATEWAY || nd->nout < 2)
            continue;
        size_t i;
        json_t *gw;
        int listed = 0;
        json_array_foreach(gws, i, gw)
            listed |= jstr(gw, "gateway_id") && !strcmp(jstr(gw, "gateway_id"), nd->e.id);
        if (listed)
            continue;
        int best = -1, known = 1;
        double bw = INFINITY;
        for (int k = 0; k < nd->nout; k++) {
            int t = model_flow_at(p->m, nd->out[k])->target;
            if (t < 0 || !(wait[t] >= 0)) {
                known = 0;
                break;
            }
            if (wait[t] < bw)
                bw = wait[t], best = k;
        }
        if (!known || best < 0)
            continue;
        sb_diag(&p->log, DIAG_WARNING, 0, "event_distribution",
              "event-based gateway '%s' has no gateway_branching_probabilities: Prosimos takes the event that "
              "happens first, here '%s' after %.6g s (the shortest mean wait): flowmc takes it always",
              nd->e.id, model_node_at(p->m, model_flow_at(p->m, nd->out[best])->target)->e.id, bw);
        xmlNodePtr ge = sb_add(sb_section(doc, "branches"), "gateway",
                               "Prosimos event_distribution: the first event to happen");
        sb_set(ge, "id", nd->e.id);
        for (int k = 0; k < nd->nout; k++) {
            xmlNodePtr fe = sb_add(ge, "flow", NULL);
            sb_set(fe, "id", model_flow_at(p->m, nd->out[k])->e.id);
            sb_set(fe, "probability", k == best ? "1" : "0");
        }
    }
}

/* Prosimos' 2021 layout -- objects keyed by id where later versions have
 * lists: resource_profiles {pool: {name, resource_list}}, resource_calendars
 * {resource: [periods]}, task_resource_distribution {task: {resource: law}},
 * gateway_branching_probabilities {gateway: {flow: "p"}} -- rewritten in
 * place into the later layout, so that one reader serves both. */
static void normalise_2021(px *p, json_t *root)
{
    json_t *rp = json_object_get(root, "resource_profiles"), *rc = json_object_get(root, "resource_calendars");
    json_t *trd = json_object_get(root, "task_resource_distribution");
    json_t *gw = json_object_get(root, "gateway_branching_probabilities");
    if (!json_is_object(rp) && !json_is_object(rc) && !json_is_object(trd) && !json_is_object(gw))
        return;
    sb_diag(&p->log, DIAG_NOTE, 0, "resource_profiles",
          "keyed objects (Prosimos' layout of 2021) are read as that version did: each resource's calendar "
          "is resource_calendars[its id]");
    const char *k, *k2;
    json_t *v, *v2;
    if (json_is_object(rc)) {
        json_t *a = json_array();
        json_object_foreach(rc, k, v)
            json_array_append_new(a, json_pack("{s:s, s:O}", "id", k, "time_periods", v));
        json_object_set_new(root, "resource_calendars", a);
    }
    if (json_is_object(rp)) {
        json_t *a = json_array();
        json_object_foreach(rp, k, v) {
            json_t *prof = json_deep_copy(v);
            size_t i;
            json_t *r;
            json_object_set_new(prof, "id", json_string(k));
            json_array_foreach(json_object_get(prof, "resource_list"), i, r)
                if (json_is_object(r) && !json_object_get(r, "calendar") && json_is_string(json_object_get(r, "id")))
                    json_object_set(r, "calendar", json_object_get(r, "id"));
            json_array_append_new(a, prof);
        }
        json_object_set_new(root, "resource_profiles", a);
    }
    if (json_is_object(trd)) {
        json_t *a = json_array();
        json_object_foreach(trd, k, v) {
            json_t *rs = json_array();
            json_object_foreach(v, k2, v2) {
                json_t *r = json_deep_copy(v2);
                json_object_set_new(r, "resource_id", json_string(k2));
                json_array_append_new(rs, r);
            }
            json_array_append_new(a, json_pack("{s:s, s:o}", "task_id", k, "resources", rs));
        }
        json_object_set_new(root, "task_resource_distribution", a);
    }
    if (json_is_object(gw)) {
        json_t *a = json_array();
        json_object_foreach(gw, k, v) {
            json_t *ps = json_array();
            json_object_foreach(v, k2, v2)
                json_array_append_new(ps, json_pack("{s:s, s:O}", "path_id", k2, "value", v2));
            json_array_append_new(a, json_pack("{s:s, s:o}", "gateway_id", k, "probabilities", ps));
        }
        json_object_set_new(root, "gateway_branching_probabilities", a);
    }
}

/* Python's json module writes Infinity, -Infinity and NaN, which JSON
 * does not have: read them as strings (jnum takes them), with a note.
 * NULL with je set when the file cannot be read or parsed. */
static json_t *load_json(px *p, const char *path, json_error_t *je)
{
    FILE *f = fopen(path, "rb");
    memset(je, 0, sizeof *je);
    if (!f) {
        snprintf(je->text, sizeof je->text, "%s", strerror(errno));
        return NULL;
    }
    size_t n = 0;
    char *buf = alloc_read_stream(f, &n);
    fclose(f);
    if (!buf) {
        snprintf(je->text, sizeof je->text, "read error");
        return NULL;
    }
    /* quote the bare tokens outside strings: at most 2 bytes each */
    size_t extra = 0;
    for (size_t i = 0; i < n; i++)
        extra += buf[i] == 'I' || buf[i] == 'N';
    char *out = alloc_resize(NULL, n + 2 * extra + 1, 1);
    size_t o = 0;
    int in_str = 0, fixed = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = buf[i];
        if (in_str) {
            out[o++] = ch;
            if (ch == '\\' && i + 1 < n)
                out[o++] = buf[++i];
            else if (ch == '"')
                in_str = 0;
            continue;
        }
        if (ch == '"')
            in_str = 1;
        const char *tok = NULL;
        if (ch == 'I' && n - i >= 8 && !memcmp(buf + i, "Infinity", 8))
            tok = "Infinity";
        else if (ch == 'N' && n - i >= 3 && !memcmp(buf + i, "NaN", 3))
            tok = "NaN";
        if (tok) {
            int neg = o > 0 && out[o - 1] == '-';
            if (neg)
                o--;
            out[o++] = '"';
            if (neg)
                out[o++] = '-';
            memcpy(out + o, tok, strlen(tok));
            o += strlen(tok);
            out[o++] = '"';
            i += strlen(tok) - 1;
            fixed++;
            continue;
        }
        out[o++] = ch;
    }
    out[o] = 0;
    free(buf);
    json_t *root = json_loadb(out, o, JSON_REJECT_DUPLICATES, je);
    free(out);
    if (root && fixed)
        sb_diag(&p->log, DIAG_NOTE, 0, NULL,
              "%d Infinity or NaN token%s (Python's, not JSON's) read as numbers: an infinite max is no bound",
              fixed, fixed > 1 ? "s" : "");
    return root;
}

xmlDocPtr prosimos_import(const char *bpmn_path, const char *json_path, const char *model_ref,
                          long cases, const char *start, diag_list *d)
{
    px p = {{d, "prosimos", json_path, 0}, NULL, NULL, 0, NAN, 0};
    xmlDocPtr doc = NULL, done = NULL; /* done: doc once complete */
    json_error_t je;
    json_t *root = load_json(&p, json_path, &je);
    model *m = NULL;
    unsigned char *open = NULL;
    if (!root) {
        diag_add(d, DIAG_ERROR, "prosimos", json_path, je.line > 0 ? je.line : 0, NULL, NULL,
                 "not readable JSON: %s", je.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        sb_diag(&p.log, DIAG_ERROR, 0, NULL, "not Prosimos parameters: the JSON is not an object");
        goto fail;
    }
    m = bpmn_read_file(bpmn_path, d);
    if (!m || diag_list_count_severity(d, DIAG_ERROR)) {
        p.log.nerr++;
        goto fail;
    }
    p.m = m;
    normalise_2021(&p, root);
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
    {
        double *wait = alloc_zero(model_node_count(m) + 1, sizeof *wait);
        for (size_t i = 0; i < model_node_count(m); i++)
            wait[i] = NAN;
        put_events(&p, doc, json_object_get(root, "event_distribution"), wait);
        race_gateways(&p, doc, json_object_get(root, "gateway_branching_probabilities"), wait);
        free(wait);
    }

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
        sb_diag(&p.log, DIAG_ERROR, 0, NULL, "the model has no top-level start event for the arrivals");
        goto fail;
    }
    if (nstarts > 1)
        sb_diag(&p.log, DIAG_WARNING, 0, "arrival_time_distribution",
              "the model has %d top-level start events; the arrivals start cases at '%s'", nstarts,
              model_node_at(m, start_node)->e.id);
    json_t *ad = json_object_get(root, "arrival_time_distribution");
    if (!ad) {
        sb_diag(&p.log, DIAG_ERROR, 0, "arrival_time_distribution", "no arrival_time_distribution");
        goto fail;
    }
    xmlNodePtr a = sb_add(sb_section(doc, "arrivals"), "arrival",
                          "Prosimos arrival_time_distribution: the gap between two arrivals, in seconds");
    sb_set(a, "start", model_node_at(m, start_node)->e.id);
    if (put_law(&p, a, ad, "arrival_time_distribution", 0) != 0)
        goto fail;
    json_t *ac = json_object_get(root, "arrival_time_calendar");
    open = alloc_zero(7 * 1440, 1);
    int all_week = 1;
    if (json_array_size(ac)) {
        xmlNodePtr ce = sb_add(sb_section(doc, "calendars"), "calendar", "Prosimos arrival_time_calendar");
        sb_set(ce, "id", "arrivals");
        all_week = put_periods(&p, ce, ac, "arrival_time_calendar", open);
        if (!all_week)
            sb_set(a, "calendar", "arrivals");
    }

    /* clock: the mean gap, from the law flowmc will draw; the run's size
     * and start from the command line, else the JSON (total_cases,
     * start_time, as Prosimos' test files carry them), else defaults */
    xmlNodePtr clock = sb_section(doc, "clock");
    char stbuf[20];
    const char *from = start ? "--starting_at as given" : "start assumed (a Monday)";
    const char *jst = jstr(root, "start_time");
    if (!start && jst && strlen(jst) >= 16 && jst[10] == 'T') {
        snprintf(stbuf, sizeof stbuf, "%.16s", jst);
        start = stbuf;
        from = "start_time of the JSON";
    }
    const char *st = start ? start : "2025-01-06T00:00";
    sb_set(clock, "start", st);
    double jc = 0;
    const char *cfrom = "--total_cases";
    if (cases <= 0 && jnum(json_object_get(root, "total_cases"), &jc) && jc >= 1 && jc <= 1e9 &&
        jc == floor(jc)) {
        cases = (long)jc;
        cfrom = "total_cases of the JSON";
    } else if (cases <= 0) {
        cases = 1000;
        cfrom = "--total_cases assumed";
    }
    double gap;
    gap = p.last_mean;
    if (!(gap >= 0)) {
        sb_diag(&p.log, DIAG_ERROR, 0, "arrival_time_distribution", "the arrival gap must have a mean of 0 s or more");
        goto fail;
    }
    if (gap == 0)
        sb_diag(&p.log, DIAG_WARNING, 0, "arrival_time_distribution",
              "the gap between arrivals is always 0: every case arrives at the start");
    double expect = sb_time_to_arrivals(cases, gap, all_week ? NULL : open, sb_week_minute(st));
    if (!isfinite(expect)) {
        sb_diag(&p.log, DIAG_ERROR, 0, "arrival_time_calendar", "the arrival calendar is never open");
        goto fail;
    }
    sb_setf(a, "limit", "%ld", cases);
    sb_setf(clock, "horizon", "%.0f s", sb_horizon_cap(expect));
    {
        char note[500];
        snprintf(note, sizeof note,
                 "Prosimos %s %ld, %s: the arrivals stop after %ld cases and a run ends when they have "
                 "finished (expected arrival span %.6g s, mean gap %.6g s; the horizon is a cap); one "
                 "Prosimos run is one flowmc replication",
                 cfrom, cases, from, cases, expect, gap);
        sb_set(clock, "note", note);
    }
    sb_run(doc, "Prosimos");
    if (p.log.nerr)
        goto fail;
    done = doc;
    doc = NULL;
fail:
    free(open);
    free(p.r);
    model_free(m);
    json_decref(root);
    xmlFreeDoc(doc);
    return done;
}
