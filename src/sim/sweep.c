/*
 * sweep: the grid of a sweep (parsing --vary, checking its values on the
 * scenario), running it point by point with common random numbers, and
 * finding where each SLA's target stops being met (sweep.h).  The table,
 * CSV, JSON and words are in sweep_report.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_interp.h>

#include "../model/alloc.h"
#include "../model/num.h"
#include "sweep_int.h"
#include "sweep_spread.h"

/* ---- --vary ------------------------------------------------------------ */

/* One error about a --vary argument: "--vary 'ARG': what is wrong". */
__attribute__((format(printf, 3, 4)))
static int vary_error(diag_list *d, const char *arg, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    diag_add(d, DIAG_ERROR, "vary", NULL, 0, NULL, NULL, "--vary '%s': %s", arg, what);
    return -1;
}

/* One number of a --vary list, in s[0..len). */
static int vary_number(const char *arg, const char *s, size_t len, double *out, diag_list *d)
{
    char *t = alloc_strndup(s, len);
    const char *why = NULL;
    int rc = num_double(t, -1e15, 0, 1e15, out, &why);
    if (rc != 0)
        vary_error(d, arg, "'%.100s' %s (values are decimal numbers, as 0.6 or 15)", t, why);
    free(t);
    return rc;
}

/* Decimals written in a number (digits after its point), -1 when it has
 * an exponent. */
static int decimals(const char *s, size_t len)
{
    const char *p = memchr(s, '.', len);
    if (memchr(s, 'e', len) || memchr(s, 'E', len))
        return -1;
    return p ? (int)(len - (size_t)(p - s) - 1) : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int sweep_parse_vary(const char *arg, char **key, double **values, int *n, diag_list *d)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return vary_error(d, arg, "expected KEY=V1,V2,... or KEY=A..B:STEP "
                                  "(e.g. arrival.X_Start.rate=10..40:5)");
    const char *v = eq + 1;
    if (!*v)
        return vary_error(d, arg, "no values after '='");
    double *x = NULL;
    int nx = 0;
    const char *dots = strstr(v, "..");
    if (dots && strchr(v, ','))
        return vary_error(d, arg, "give a list (1,2,5) or a range (1..5:1), not both");
    if (dots) {
        const char *colon = strchr(dots, ':');
        if (!colon)
            return vary_error(d, arg, "a range needs its step: A..B:STEP (e.g. 0.3..0.9:0.1)");
        double a, b, step;
        if (vary_number(arg, v, (size_t)(dots - v), &a, d) != 0 ||
            vary_number(arg, dots + 2, (size_t)(colon - dots - 2), &b, d) != 0 ||
            vary_number(arg, colon + 1, strlen(colon + 1), &step, d) != 0)
            return -1;
        if (!(step > 0))
            return vary_error(d, arg, "the step must be positive (a range from A down to B counts down "
                                      "by it)");
        double span = fabs(b - a), k = floor(span / step + 1e-6);
        if (k + 1 > SWEEP_MAX_VALUES)
            return vary_error(d, arg, "%.0f values: at most %d a key", k + 1, SWEEP_MAX_VALUES);
        double dir = b >= a ? 1 : -1;
        int dec = decimals(v, (size_t)(dots - v)), db = decimals(dots + 2, (size_t)(colon - dots - 2)),
            ds = decimals(colon + 1, strlen(colon + 1));
        dec = dec < 0 || db < 0 || ds < 0 ? -1 : dec > db ? (dec > ds ? dec : ds) : (db > ds ? db : ds);
        nx = (int)k + 1;
        x = alloc_zero((size_t)nx, sizeof *x);
        /* each value from A, not by adding steps up (no drift), rounded to
         * the decimals typed (0.3..0.9:0.1 sweeps 0.6, not
         * 0.60000000000000009); the last one within step / 10^6 of B is B */
        for (int i = 0; i < nx; i++) {
            x[i] = a + dir * step * i;
            if (dec >= 0 && dec <= 15)
                x[i] = round(x[i] * pow(10, dec)) / pow(10, dec);
        }
        if (fabs(x[nx - 1] - b) <= step * 1e-6)
            x[nx - 1] = b;
    } else {
        for (const char *p = v;;) {
            size_t len = strcspn(p, ",");
            if (len == 0) {
                free(x);
                return vary_error(d, arg, "an empty value in the list");
            }
            if (nx == SWEEP_MAX_VALUES) {
                free(x);
                return vary_error(d, arg, "more than %d values", SWEEP_MAX_VALUES);
            }
            x = alloc_resize(x, (size_t)nx + 1, sizeof *x);
            if (vary_number(arg, p, len, &x[nx], d) != 0) {
                free(x);
                return -1;
            }
            nx++;
            if (!p[len])
                break;
            p += len + 1;
        }
    }
    qsort(x, (size_t)nx, sizeof *x, cmp_double);
    for (int i = 1; i < nx; i++)
        for (int k = i - 1; k < i; k++)
            if (x[i] == x[k]) {
                double twice = x[i];
                free(x);
                return vary_error(d, arg, "the value %.17g comes twice", twice);
            }
    *key = alloc_strndup(arg, (size_t)(eq - arg));
    *values = x;
    *n = nx;
    return 0;
}

/* ---- the grid ---------------------------------------------------------- */

sweep_spec *sweep_spec_new(void) { return alloc_zero(1, sizeof(sweep_spec)); }

void sweep_spec_free(sweep_spec *w)
{
    if (!w)
        return;
    for (int a = 0; a < w->naxes; a++) {
        free(w->axes[a].key);
        free(w->axes[a].values);
    }
    free(w);
}

int sweep_spec_axis_count(const sweep_spec *w) { return w->naxes; }

int sweep_spec_points(const sweep_spec *w)
{
    int n = 1;
    for (int a = 0; a < w->naxes; a++)
        n *= w->axes[a].n;
    return n;
}

int sweep_spec_add(sweep_spec *w, sim_scenario *s, const char *arg, diag_list *d)
{
    char *key = NULL;
    double *x = NULL;
    int n = 0;
    sim_param p;
    if (sweep_parse_vary(arg, &key, &x, &n, d) != 0)
        return -1;
    if (w->naxes == SWEEP_MAX_AXES) {
        vary_error(d, arg, "at most %d keys are varied together", SWEEP_MAX_AXES);
        goto fail;
    }
    for (int a = 0; a < w->naxes; a++)
        if (strcmp(w->axes[a].key, key) == 0) {
            vary_error(d, arg, "%s is varied twice: give all its values in one --vary", key);
            goto fail;
        }
    if ((double)sweep_spec_points(w) * n > SWEEP_MAX_POINTS) {
        vary_error(d, arg, "the grid would have %.0f points: at most %d", (double)sweep_spec_points(w) * n,
                   SWEEP_MAX_POINTS);
        goto fail;
    }
    if (sim_param_find(s, key, &p, d) != 0 || sim_param_split(s, &p, d) != 0)
        goto fail;
    if (p.kind == SIM_PARAM_SLA_TARGET) {
        vary_error(d, arg, "%s is what the sweep is judged against, not a parameter of the runs "
                           "(use --set to change a target)", key);
        goto fail;
    }
    if (p.kind == SIM_PARAM_ROLE_COST) {
        vary_error(d, arg, "%s changes no figure a sweep reports (costs are for flowmc size --objective cost)", key);
        goto fail;
    }
    for (int i = 0; i < n && p.kind == SIM_PARAM_ROLE_STAFF; i++)
        if (x[i] < 0) {
            vary_error(d, arg, "staff is swept as a count of people from 0; unlimited (-1) is not one "
                               "(--set %s=unlimited runs the whole sweep with it)", key);
            goto fail;
        }
    double was = sim_param_get(s, p);
    for (int i = 0; i < n; i++) {
        diag_list *local = diag_list_new();
        int bad = sim_param_set(s, p, x[i], local) != 0;
        if (bad) {
            for (size_t k = 0; k < diag_list_count(local); k++) {
                const diag *g = diag_list_at(local, k);
                diag_add(d, g->severity, "vary", g->file, g->line, g->element, g->name,
                         "--vary %s: %s", key, g->message);
            }
        }
        diag_list_free(local);
        if (bad) {
            diag_list *quiet = diag_list_new();
            sim_param_set(s, p, was, quiet);
            diag_list_free(quiet);
            goto fail;
        }
    }
    diag_list *quiet = diag_list_new();
    int back = sim_param_set(s, p, was, quiet);
    diag_list_free(quiet);
    (void)back; /* the scenario's own value: accepted when it was loaded */
    sweep_vary_axis *ax = &w->axes[w->naxes++];
    ax->key = key;
    ax->values = x;
    ax->n = n;
    ax->param = p;
    return 0;
fail:
    free(key);
    free(x);
    return -1;
}

/* ---- running ----------------------------------------------------------- */

typedef struct run_progress {
    sweep_progress_fn fn;
    void *user;
    int point, points;
} run_progress;

static void on_progress(void *user, int done, int total)
{
    run_progress *rp = user;
    rp->fn(rp->user, rp->point, rp->points, done, total);
}

/* Keeps one copy of each warning (by code, file, line and element, the
 * first point's words): a sweep of 50 points would otherwise repeat "role
 * 'agent' is overloaded" 30 times. */
static void keep_warnings(diag_list *d, const diag_list *run, const char *where)
{
    for (size_t k = 0; k < diag_list_count(run); k++) {
        const diag *g = diag_list_at(run, k);
        int seen = 0;
        for (size_t i = 0; i < diag_list_count(d) && !seen; i++) {
            const diag *h = diag_list_at(d, i);
            seen = strcmp(h->code, g->code) == 0 && h->line == g->line &&
                   ((!h->file && !g->file) || (h->file && g->file && !strcmp(h->file, g->file))) &&
                   ((!h->element && !g->element) || (h->element && g->element && !strcmp(h->element, g->element)));
        }
        if (!seen)
            diag_add(d, g->severity, g->code, g->file, g->line, g->element, g->name, "%s (first at %s)",
                     g->message, where);
    }
}

static char *point_words(const sweep_spec *w, const int *coord)
{
    size_t cap = 64;
    for (int a = 0; a < w->naxes; a++)
        cap += strlen(w->axes[a].key) + 32;
    char *t = alloc_zero(cap, 1);
    for (int a = 0; a < w->naxes; a++) {
        char v[64];
        sweep_fmt_sig(v, sizeof v, w->axes[a].values[coord[a]], 6);
        snprintf(t + strlen(t), cap - strlen(t), "%s%s=%s", a ? ", " : "", w->axes[a].key, v);
    }
    return t;
}

/* The first i where y[i] is on the other side of t than y[0], -1 when
 * none. */
static int first_flip(const double *y, int n, double t)
{
    int above = y[0] >= t;
    for (int i = 1; i < n; i++)
        if ((y[i] >= t) != above)
            return i;
    return -1;
}

/* A curve through the swept points: Steffen's monotone cubic (GSL) from
 * three points, straight lines through two.  Linear interpolation would
 * cut the corner of a bending curve -- on M/M/c, a crossing read from
 * points 0.5 apart landed 0.04 short of Erlang C's, outside its band --
 * and a monotone spline neither overshoots nor wiggles between points. */
typedef struct curve {
    gsl_interp *f;
    gsl_interp_accel *acc;
    const double *x, *y;
} curve;

static void curve_init(curve *c, const double *x, const double *y, int n)
{
    c->f = gsl_interp_alloc(n >= 3 ? gsl_interp_steffen : gsl_interp_linear, (size_t)n);
    c->acc = gsl_interp_accel_alloc();
    c->x = x;
    c->y = y;
    if (!c->f || !c->acc || gsl_interp_init(c->f, x, y, (size_t)n) != 0)
        abort(); /* out of memory; x is strictly increasing by construction */
}

static void curve_free(curve *c)
{
    gsl_interp_free(c->f);
    gsl_interp_accel_free(c->acc);
}

/* Where the curve crosses t between x[i-1] and x[i] (bisection: the
 * interpolant is monotone there, since the points are). */
static double curve_cross(curve *c, int i, double t)
{
    double a = c->x[i - 1], b = c->x[i];
    int above = c->y[i - 1] >= t;
    for (int k = 0; k < 200 && b - a > 1e-12 * (fabs(a) + fabs(b) + 1e-300); k++) {
        double m = a + (b - a) / 2;
        if ((gsl_interp_eval(c->f, c->x, c->y, m, c->acc) >= t) == above)
            a = m;
        else
            b = m;
    }
    return a + (b - a) / 2;
}

/* The crossing of curve y with t, in the direction the mean crosses (down:
 * from at-or-above to below).  Whole-number axes are not interpolated:
 * the last value still on the first side.  NAN when y is already past t
 * at the first point, or never gets there. */
static double cross(const double *x, const double *y, int n, double t, int whole, int down)
{
    if (down ? !(y[0] >= t) : (y[0] >= t))
        return NAN;
    int i = first_flip(y, n, t);
    if (i < 0)
        return NAN;
    if (whole)
        return down ? x[i - 1] : x[i];
    curve c;
    curve_init(&c, x, y, n);
    double v = curve_cross(&c, i, t);
    curve_free(&c);
    return v;
}

/* One series' crossing from its points (sweep.h).  An overloaded point
 * (its runs stopped: the queue grew without bound) has no figures and
 * misses any target; the curve is read on the first stretch of points
 * that ran, and an overload next to it is where the target breaks when
 * the curve itself does not cross. */
static void series_crossing(sweep_crossing *c, const double *x, const double *m, const double *lo,
                            const double *hi, const sim_verdict *v, const unsigned char *ov, int n0, double t,
                            int whole)
{
    int a = 0;
    while (a < n0 && ov[a])
        a++;
    if (a == n0) {
        c->kind = SWEEP_MISSED_THROUGHOUT;
        return;
    }
    int b = a;
    while (b + 1 < n0 && !ov[b + 1])
        b++;
    for (int i = a; i <= b; i++)
        if (isnan(m[i]))
            return; /* SWEEP_NO_DATA */
    int n = b - a + 1;
    x += a, m += a, lo += a, hi += a, v += a;
    int i = first_flip(m, n, t);
    if (i < 0) {
        int met = m[0] >= t;
        /* no crossing on the stretch: an overload after it ends a holding
         * curve, one before it starts it */
        if (met && b + 1 < n0) {
            c->kind = SWEEP_HOLDS_UP_TO;
            c->sure_before = v[n - 1] == SIM_MET ? x[n - 1] : NAN;
            c->sure_after = x[n];
        } else if (met && a > 0) {
            c->kind = SWEEP_HOLDS_FROM;
            c->sure_before = x[-1];
            c->sure_after = v[0] == SIM_MET ? x[0] : NAN;
        } else
            c->kind = met ? SWEEP_MET_THROUGHOUT : SWEEP_MISSED_THROUGHOUT;
        return;
    }
    int down = m[0] >= t;
    c->kind = down ? SWEEP_HOLDS_UP_TO : SWEEP_HOLDS_FROM;
    c->at = cross(x, m, n, t, whole, down);
    /* holding up to: the lower bound gives up first, the upper bound
     * last; holding from: the upper bound reaches it first */
    c->first = cross(x, down ? lo : hi, n, t, whole, down);
    c->last = cross(x, down ? hi : lo, n, t, whole, down);
    /* the swept values that decide it without any reading between points:
     * the last one before the crossing on its first side for sure, the
     * first one after it on the other side for sure */
    sim_verdict before = down ? SIM_MET : SIM_MISSED, after = down ? SIM_MISSED : SIM_MET;
    for (int k = i - 1; k >= 0 && isnan(c->sure_before); k--)
        if (v[k] == before)
            c->sure_before = x[k];
    for (int k = i; k < n && isnan(c->sure_after); k++)
        if (v[k] == after)
            c->sure_after = x[k];
    if (down && isnan(c->sure_after) && b + 1 < n0)
        c->sure_after = x[n]; /* overloaded: missed for sure */
}

static void find_crossings(sweep_result *r)
{
    int n0 = r->axes[0].n, ns = r->npoints / n0;
    double *m = alloc_zero((size_t)n0, sizeof *m), *lo = alloc_zero((size_t)n0, sizeof *lo),
           *hi = alloc_zero((size_t)n0, sizeof *hi);
    sim_verdict *v = alloc_zero((size_t)n0, sizeof *v);
    r->crossings = alloc_zero((size_t)r->nsla * (size_t)ns, sizeof *r->crossings);
    r->ncrossings = r->nsla * ns;
    for (int j = 0; j < r->nsla; j++)
        for (int s = 0; s < ns; s++) {
            sweep_crossing *c = &r->crossings[j * ns + s];
            *c = (sweep_crossing){j, s, SWEEP_NO_DATA, NAN, NAN, NAN, NAN, NAN};
            for (int i = 0; i < n0; i++) {
                const sim_sla_summary *g = &r->cells[(size_t)(s * n0 + i) * (size_t)r->nsla + (size_t)j];
                m[i] = g->attainment;
                /* one replication: no interval, the mean is its own bound */
                lo[i] = isnan(g->lo) ? g->attainment : g->lo;
                hi[i] = isnan(g->hi) ? g->attainment : g->hi;
                v[i] = g->verdict;
            }
            series_crossing(c, r->axes[0].values, m, lo, hi, v, r->overloaded + s * n0, n0, r->target[j],
                            r->axes[0].whole);
        }
    free(m);
    free(lo);
    free(hi);
    free(v);
}

/* Whether a failed run failed only for overload (its queue grew past
 * SIM_MAX_OPEN_CASES): a finding at that point, not an error of the sweep. */
static int only_overloaded(const diag_list *run)
{
    int n = 0;
    for (size_t k = 0; k < diag_list_count(run); k++) {
        const diag *g = diag_list_at(run, k);
        if (g->severity == DIAG_ERROR && strcmp(g->code, "overloaded") != 0)
            return 0;
        n += g->severity == DIAG_ERROR;
    }
    return n > 0;
}

sweep_point_status sweep_point_run(const sweep_spec *w, sim_scenario *s, const sim_options *po, sweep_result *r,
                                   int p, diag_list *run)
{
    int coord[SWEEP_MAX_AXES] = {0};
    for (int a = 0; a < w->naxes; a++)
        coord[a] = (p / r->stride[a]) % r->axes[a].n;
    for (int a = 0; a < w->naxes; a++)
        if (sim_param_set(s, w->axes[a].param, w->axes[a].values[coord[a]], run) != 0)
            return SWEEP_POINT_FAILED;
    if (po->progress) /* sweep_run's on_progress: say which point runs */
        ((run_progress *)po->progress_user)->point = p;
    sim_result *res = sim_run(s, po, run);
    if (!res)
        return only_overloaded(run) ? SWEEP_POINT_OVERLOADED : SWEEP_POINT_FAILED;
    for (int j = 0; j < r->nsla; j++)
        sim_result_sla_summary(res, j, &r->cells[(size_t)p * (size_t)r->nsla + (size_t)j]);
    sim_result_free(res);
    return SWEEP_POINT_RAN;
}

int sweep_point_fold(const sweep_spec *w, sweep_result *r, int p, sweep_point_status st, const diag_list *run,
                     diag_list *d)
{
    int coord[SWEEP_MAX_AXES] = {0};
    for (int a = 0; a < w->naxes; a++)
        coord[a] = (p / r->stride[a]) % r->axes[a].n;
    char *where = point_words(w, coord);
    if (st == SWEEP_POINT_OVERLOADED) {
        /* the point is overloaded: its errors become warnings, the
         * sweep goes on */
        r->overloaded[p] = 1;
        for (int j = 0; j < r->nsla; j++)
            r->cells[(size_t)p * (size_t)r->nsla + (size_t)j] =
                (sim_sla_summary){NAN, NAN, NAN, r->target[j], SIM_MISSED, 0, 0};
        diag_list *warn = diag_list_new();
        for (size_t k = 0; k < diag_list_count(run); k++) {
            const diag *g = diag_list_at(run, k);
            diag_add(warn, g->severity == DIAG_ERROR ? DIAG_WARNING : g->severity, g->code, g->file, g->line,
                     g->element, g->name, "%s", g->message);
        }
        keep_warnings(d, warn, where);
        diag_list_free(warn);
    } else if (st == SWEEP_POINT_FAILED) {
        for (size_t k = 0; k < diag_list_count(run); k++) {
            const diag *g = diag_list_at(run, k);
            diag_add(d, g->severity, g->code, g->file, g->line, g->element, g->name, "%s (at %s)", g->message,
                     where);
        }
    } else
        keep_warnings(d, run, where);
    free(where);
    return st == SWEEP_POINT_FAILED ? -1 : 0;
}

sweep_result *sweep_run(const sweep_spec *w, sim_scenario *s, const sim_options *o,
                        sweep_progress_fn progress, void *user, diag_list *d)
{
    if (w->naxes < 1) {
        diag_add(d, DIAG_ERROR, "usage", NULL, 0, NULL, NULL, "a sweep needs at least one --vary KEY=VALUES");
        return NULL;
    }
    if (o->first_replication != 0 || o->log_path) {
        diag_add(d, DIAG_ERROR, "usage", NULL, 0, NULL, NULL,
                 "a sweep runs whole runs: no first replication, no event log");
        return NULL;
    }
    sweep_result *r = alloc_zero(1, sizeof *r);
    r->scenario = alloc_strdup(sim_scenario_path(s));
    r->name = sim_scenario_name(s) ? alloc_strdup(sim_scenario_name(s)) : NULL;
    r->replications = o->replications;
    r->seed = o->seed;
    r->naxes = w->naxes;
    r->npoints = sweep_spec_points(w);
    for (int a = 0; a < w->naxes; a++) {
        sweep_axis *ax = &r->axes[a];
        r->axis_key[a] = alloc_strdup(w->axes[a].key);
        r->axis_unit[a] = alloc_strdup(sim_param_unit(s, w->axes[a].param));
        r->axis_values[a] = alloc_zero((size_t)w->axes[a].n, sizeof(double));
        memcpy(r->axis_values[a], w->axes[a].values, sizeof(double) * (size_t)w->axes[a].n);
        ax->key = r->axis_key[a];
        ax->unit = r->axis_unit[a];
        ax->kind = w->axes[a].param.kind;
        ax->whole = sim_param_whole(w->axes[a].param);
        ax->n = w->axes[a].n;
        ax->values = r->axis_values[a];
        r->stride[a] = a ? r->stride[a - 1] * r->axes[a - 1].n : 1;
    }
    r->nsla = sim_scenario_sla_count(s);
    r->sla_id = alloc_zero((size_t)r->nsla + 1, sizeof(char *));
    r->target = alloc_zero((size_t)r->nsla + 1, sizeof(double));
    for (int j = 0; j < r->nsla; j++) {
        r->sla_id[j] = alloc_strdup(sim_scenario_sla_id(s, j));
        r->target[j] = sim_scenario_sla_target(s, j);
    }
    r->cells = alloc_zero((size_t)r->npoints * (size_t)r->nsla + 1, sizeof *r->cells);
    r->overloaded = alloc_zero((size_t)r->npoints, 1);

    double was[SWEEP_MAX_AXES];
    for (int a = 0; a < w->naxes; a++)
        was[a] = sim_param_get(s, w->axes[a].param);
    sim_options po = *o;
    run_progress rp = {progress, user, 0, r->npoints};
    po.progress = progress ? on_progress : NULL;
    po.progress_user = &rp;
    int failed = 0;
    if (sweep_spread_wanted(r->npoints)) {
        /* whole points over the ranks, folded here in point order */
        sweep_spread *sp = sweep_spread_run(w, s, &po, r);
        failed = !sp; /* another rank failed and said so */
        for (int p = 0; p < r->npoints && !failed; p++)
            failed = sweep_point_fold(w, r, p, sweep_spread_status(sp, p), sweep_spread_diags(sp, p), d) != 0;
        sweep_spread_free(sp);
        if (!failed && progress)
            progress(user, r->npoints - 1, r->npoints, o->replications, o->replications);
    } else {
        for (int p = 0; p < r->npoints && !failed; p++) {
            diag_list *run = diag_list_new();
            sweep_point_status st = sweep_point_run(w, s, &po, r, p, run);
            failed = sweep_point_fold(w, r, p, st, run, d) != 0;
            diag_list_free(run);
        }
    }
    diag_list *quiet = diag_list_new();
    for (int a = 0; a < w->naxes; a++)
        sim_param_set(s, w->axes[a].param, was[a], quiet);
    diag_list_free(quiet);
    if (failed) {
        sweep_result_free(r);
        return NULL;
    }
    find_crossings(r);
    return r;
}

void sweep_result_free(sweep_result *r)
{
    if (!r)
        return;
    free(r->scenario);
    free(r->name);
    for (int a = 0; a < r->naxes; a++) {
        free(r->axis_key[a]);
        free(r->axis_unit[a]);
        free(r->axis_values[a]);
    }
    for (int j = 0; j < r->nsla; j++)
        free(r->sla_id[j]);
    free(r->sla_id);
    free(r->target);
    free(r->cells);
    free(r->overloaded);
    free(r->crossings);
    free(r);
}

/* ---- reading ----------------------------------------------------------- */

const char *sweep_result_scenario(const sweep_result *r) { return r->scenario; }
const char *sweep_result_name(const sweep_result *r) { return r->name; }
int sweep_result_replications(const sweep_result *r) { return r->replications; }
uint64_t sweep_result_seed(const sweep_result *r) { return r->seed; }
int sweep_result_axis_count(const sweep_result *r) { return r->naxes; }
const sweep_axis *sweep_result_axis(const sweep_result *r, int a) { return &r->axes[a]; }
int sweep_result_point_count(const sweep_result *r) { return r->npoints; }
int sweep_result_coord(const sweep_result *r, int p, int a) { return (p / r->stride[a]) % r->axes[a].n; }

double sweep_result_value(const sweep_result *r, int p, int a)
{
    return r->axes[a].values[sweep_result_coord(r, p, a)];
}

int sweep_result_sla_count(const sweep_result *r) { return r->nsla; }
const char *sweep_result_sla_id(const sweep_result *r, int j) { return r->sla_id[j]; }
double sweep_result_sla_target(const sweep_result *r, int j) { return r->target[j]; }

const sim_sla_summary *sweep_result_cell(const sweep_result *r, int p, int j)
{
    return &r->cells[(size_t)p * (size_t)r->nsla + (size_t)j];
}

int sweep_result_overloaded(const sweep_result *r, int p) { return r->overloaded[p]; }

int sweep_result_series_count(const sweep_result *r) { return r->npoints / r->axes[0].n; }
int sweep_result_crossing_count(const sweep_result *r) { return r->ncrossings; }
const sweep_crossing *sweep_result_crossing(const sweep_result *r, int i) { return &r->crossings[i]; }

const char *sweep_cross_kind_name(sweep_cross_kind k)
{
    switch (k) {
    case SWEEP_HOLDS_UP_TO:
        return "holds-up-to";
    case SWEEP_HOLDS_FROM:
        return "holds-from";
    case SWEEP_MET_THROUGHOUT:
        return "met-throughout";
    case SWEEP_MISSED_THROUGHOUT:
        return "missed-throughout";
    case SWEEP_NO_DATA:
        break;
    }
    return "no-data";
}
