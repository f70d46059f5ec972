/*
 * sweep_report: a sweep's result for people (the table in percent, the
 * crossings in words) and for programs (CSV and JSON, every figure to the
 * bit; docs/sweep.md describes both).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"
#include "../model/units.h"
#include "csv.h"
#include "sweep_int.h"

/* ---- numbers for people ------------------------------------------------- */

/* x with sig significant digits, never in scientific notation. */
void sweep_fmt_sig(char *buf, size_t n, double x, int sig)
{
    if (isnan(x)) {
        snprintf(buf, n, "-");
        return;
    }
    if (fabs(x) >= pow(10, sig) || x == floor(x)) {
        snprintf(buf, n, "%.0f", x);
        return;
    }
    snprintf(buf, n, "%.*g", sig, x);
    if (strchr(buf, 'e')) { /* below 10^-4: decimals enough for sig digits */
        int dec = sig - (int)floor(log10(fabs(x))) - 1;
        snprintf(buf, n, "%.*f", dec > 30 ? 30 : dec, x);
        size_t k = strlen(buf);
        while (k > 1 && buf[k - 1] == '0')
            buf[--k] = 0;
        if (k > 1 && buf[k - 1] == '.')
            buf[--k] = 0;
    }
}
#define fmt_sig sweep_fmt_sig

/* A swept value as given (six digits). */
static void fmt_value(char *buf, size_t n, const sweep_axis *ax, double x)
{
    if (ax->whole)
        snprintf(buf, n, "%.0f", x);
    else
        fmt_sig(buf, n, x, 6);
}

/* A crossing read between points: three significant figures, rounded
 * (2214 reads "2210"), never an exponent. */
static void fmt_about(char *buf, size_t n, double x)
{
    if (isnan(x) || x == 0) {
        fmt_sig(buf, n, x, 3);
        return;
    }
    double e = pow(10, floor(log10(fabs(x))) - 2);
    fmt_sig(buf, n, round(x / e) * e, 3);
}

/* The id in ELEMENT.ID.ATTRIBUTE. */
static void key_id(char *buf, size_t n, const char *key)
{
    const char *d1 = strchr(key, '.'), *d2 = strrchr(key, '.');
    if (!d1 || d1 == d2)
        snprintf(buf, n, "%s", key);
    else
        snprintf(buf, n, "%.*s", (int)(d2 - d1 - 1), d1 + 1);
}

/* "27 arrivals a year at X_Start", "an answer probability of 0.45 on
 * roster oncall", "5 staff in role rzm", "4 people on roster oncall". */
static void describe(char *buf, size_t n, const sweep_axis *ax, const char *num)
{
    char id[256];
    key_id(id, sizeof id, ax->key);
    switch (ax->kind) {
    case SIM_PARAM_ARRIVAL_RATE:
        snprintf(buf, n, "%s arrivals %s at %s", num, ax->unit, id);
        break;
    case SIM_PARAM_ROLE_STAFF:
        snprintf(buf, n, "%s staff in role %s", num, id);
        break;
    case SIM_PARAM_ROSTER_PEOPLE:
        snprintf(buf, n, "%s people on roster %s", num, id);
        break;
    case SIM_PARAM_ROSTER_ANSWER:
        snprintf(buf, n, "an answer probability of %s on roster %s", num, id);
        break;
    case SIM_PARAM_ROSTER_BACKUP_ANSWER:
        snprintf(buf, n, "a backup answer probability of %s on roster %s", num, id);
        break;
    default: /* targets and calendars are not swept */
        snprintf(buf, n, "%s = %s", ax->key, num);
        break;
    }
}

/* "with KEY=V, KEY=V: " for a series of a grid; "" with one axis. */
static void series_words(const sweep_result *r, int series, char *buf, size_t n)
{
    buf[0] = 0;
    int p = series * r->axes[0].n;
    for (int a = 1; a < r->naxes; a++) {
        char v[64];
        fmt_value(v, sizeof v, &r->axes[a], sweep_result_value(r, p, a));
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%s=%s", a == 1 ? "with " : ", ", r->axes[a].key, v);
    }
    if (buf[0])
        strncat(buf, ": ", n - strlen(buf) - 1);
}

char *sweep_crossing_words(const sweep_result *r, const sweep_crossing *c)
{
    const sweep_axis *ax = &r->axes[0];
    char pre[1024], tg[UNITS_BUF], at[64], what[512], x0[64], xn[64], a[64], b[64];
    series_words(r, c->series, pre, sizeof pre);
    units_percent(tg, sizeof tg, r->target[c->sla], -1);
    fmt_value(x0, sizeof x0, ax, ax->values[0]);
    fmt_value(xn, sizeof xn, ax, ax->values[ax->n - 1]);
    const char *sla = r->sla_id[c->sla];
    switch (c->kind) {
    case SWEEP_MET_THROUGHOUT:
        return alloc_printf("%s%s (target %s) holds at every value swept, %s to %s", pre, sla, tg, x0, xn);
    case SWEEP_MISSED_THROUGHOUT:
        return alloc_printf("%s%s (target %s) does not hold at any value swept, %s to %s", pre, sla, tg, x0, xn);
    case SWEEP_NO_DATA:
        return alloc_printf("%s%s (target %s): some values swept measured no case, so no crossing is given", pre,
                    sla, tg);
    case SWEEP_HOLDS_UP_TO:
    case SWEEP_HOLDS_FROM:
        break;
    }
    if (isnan(c->at)) {
        /* the curve does not cross: an overload beside it does */
        int up_to = c->kind == SWEEP_HOLDS_UP_TO, k = 0;
        double wall = up_to ? c->sure_after : c->sure_before;
        while (k < ax->n && ax->values[k] != wall)
            k++;
        double ran = ax->values[up_to ? k - 1 : k + 1];
        const sim_sla_summary *g = sweep_result_cell(r, c->series * ax->n + (up_to ? k - 1 : k + 1), c->sla);
        fmt_value(a, sizeof a, ax, ran);
        fmt_value(b, sizeof b, ax, wall);
        describe(what, sizeof what, ax, a);
        return alloc_printf("%s%s (target %s) %s %s (%s at %s; overloaded %s %s: a queue grows without bound and the "
                    "runs there were stopped)",
                    pre, sla, tg, up_to ? "holds up to at least" : "needs at least", what,
                    sim_verdict_name(g->verdict), a, up_to ? "from" : "at", b);
    }
    if (ax->whole)
        fmt_value(at, sizeof at, ax, c->at);
    else
        fmt_about(at, sizeof at, c->at);
    describe(what, sizeof what, ax, at);
    int up_to = c->kind == SWEEP_HOLDS_UP_TO;
    const char *how = up_to ? "holds up to" : "needs at least";
    const char *about = ax->whole ? "" : "about ";
    char sure[256] = "", band[512] = "";
    const char *side1 = up_to ? "met" : "missed", *side2 = up_to ? "missed" : "met";
    fmt_value(a, sizeof a, ax, c->sure_before);
    fmt_value(b, sizeof b, ax, c->sure_after);
    if (!isnan(c->sure_before) && !isnan(c->sure_after))
        snprintf(sure, sizeof sure, "%s at %s, %s at %s", side1, a, side2, b);
    else if (!isnan(c->sure_before))
        snprintf(sure, sizeof sure, "%s at %s, not yet surely %s at any value swept", side1, a, side2);
    else if (!isnan(c->sure_after))
        snprintf(sure, sizeof sure, "%s at %s, not surely %s at any value swept before it", side2, b, side1);
    else
        snprintf(sure, sizeof sure, "no value swept is surely %s or surely %s", side1, side2);
    if (!ax->whole) {
        fmt_about(a, sizeof a, c->first);
        fmt_about(b, sizeof b, c->last);
        if (!isnan(c->first) && !isnan(c->last))
            snprintf(band, sizeof band, "; between the values swept, the 95%% confidence band crosses the target "
                                        "from %s to %s", a, b);
        else if (!isnan(c->last))
            snprintf(band, sizeof band, "; the 95%% confidence band crosses the target before %s "
                                        "(it already reaches it at %s)", b, x0);
        else if (!isnan(c->first))
            snprintf(band, sizeof band, "; the 95%% confidence band crosses the target after %s "
                                        "(it still reaches it at %s)", a, xn);
        else
            snprintf(band, sizeof band, "; the 95%% confidence band reaches the target over the whole sweep "
                                        "(more replications would narrow it)");
    }
    return alloc_printf("%s%s (target %s) %s %s%s (%s%s)", pre, sla, tg, how, about, what, sure, band);
}

/* ---- the table ---------------------------------------------------------- */

void sweep_result_print(const sweep_result *r, FILE *out)
{
    fprintf(out, "%s%s%s%s: %d point%s, %d replication%s each, seed %llu\n", r->name ? r->name : "",
            r->name ? " (" : "", r->scenario, r->name ? ")" : "", r->npoints, r->npoints == 1 ? "" : "s",
            r->replications, r->replications == 1 ? "" : "s", (unsigned long long)r->seed);
    fprintf(out, "every point runs the same random experiment (common random numbers); "
                 "attainment with its 95%% confidence interval\n");
    int w[SWEEP_MAX_AXES];
    char head[SWEEP_MAX_AXES][300], v[64];
    for (int a = 0; a < r->naxes; a++) {
        if (r->axes[a].unit[0] && !r->axes[a].whole)
            snprintf(head[a], sizeof head[a], "%s (%s)", r->axes[a].key, r->axes[a].unit);
        else
            snprintf(head[a], sizeof head[a], "%s", r->axes[a].key);
        w[a] = (int)strlen(head[a]);
        for (int i = 0; i < r->axes[a].n; i++) {
            fmt_value(v, sizeof v, &r->axes[a], r->axes[a].values[i]);
            if ((int)strlen(v) > w[a])
                w[a] = (int)strlen(v);
        }
    }
    for (int j = 0; j < r->nsla; j++) {
        char tg[UNITS_BUF];
        /* one number of decimals a block: what its narrowest interval needs */
        int dec = 0;
        for (int p = 0; p < r->npoints; p++) {
            const sim_sla_summary *g = sweep_result_cell(r, p, j);
            int k = isnan(g->lo) ? 0 : units_percent_decimals(g->lo, g->hi);
            dec = k > dec ? k : dec;
        }
        units_percent(tg, sizeof tg, r->target[j], -1);
        fprintf(out, "\n%s, target %s\n ", r->sla_id[j], tg);
        for (int a = r->naxes - 1; a >= 0; a--)
            fprintf(out, " %-*s", w[a], head[a]);
        int wa = dec + 8 > 10 ? dec + 8 : 10, wc = 2 * dec + 18;
        fprintf(out, "  %-*s  %-*s  %s\n", wa, "attainment", wc, "95% CI", "verdict");
        for (int p = 0; p < r->npoints; p++) {
            const sim_sla_summary *g = sweep_result_cell(r, p, j);
            char at[UNITS_BUF], lo[UNITS_BUF], hi[UNITS_BUF], ci[3 * UNITS_BUF];
            fputc(' ', out);
            for (int a = r->naxes - 1; a >= 0; a--) {
                fmt_value(v, sizeof v, &r->axes[a], sweep_result_value(r, p, a));
                fprintf(out, " %-*s", w[a], v);
            }
            units_percent(at, sizeof at, g->attainment, dec);
            if (isnan(g->lo))
                snprintf(ci, sizeof ci, "-");
            else
                snprintf(ci, sizeof ci, "%s to %s", units_percent(lo, sizeof lo, g->lo, dec),
                         units_percent(hi, sizeof hi, g->hi, dec));
            fprintf(out, "  %-*s  %-*s  %s\n", wa, at, wc, ci,
                    r->overloaded[p] ? "overloaded: runs stopped"
                    : g->used        ? sim_verdict_name(g->verdict)
                                     : "no case measured");
        }
    }
    fprintf(out, "\nwhere the targets stop being met (along %s):\n", r->axes[0].key);
    for (int i = 0; i < r->ncrossings; i++) {
        char *t = sweep_crossing_words(r, &r->crossings[i]);
        fprintf(out, "  %s\n", t);
        free(t);
    }
    fprintf(out, "\nmet: the whole 95%% confidence interval is at or above the target; missed: wholly below it;\n"
                 "inconclusive: it straddles the target (more replications would decide)\n");
}

/* ---- CSV ---------------------------------------------------------------- */

int sweep_result_write_csv(const sweep_result *r, FILE *out)
{
    csv_writer w = csv_on(out);
    for (int a = 0; a < r->naxes; a++)
        csv_text(&w, r->axes[a].key);
    csv_names(&w, "sla,target,attainment,lo,hi,verdict,replications_used");
    csv_end(&w);
    for (int p = 0; p < r->npoints; p++)
        for (int j = 0; j < r->nsla; j++) {
            const sim_sla_summary *g = sweep_result_cell(r, p, j);
            for (int a = 0; a < r->naxes; a++)
                csv_num(&w, sweep_result_value(r, p, a), 17);
            csv_text(&w, r->sla_id[j]);
            csv_num(&w, r->target[j], 17);
            csv_num(&w, g->attainment, 17);
            csv_num(&w, g->lo, 17);
            csv_num(&w, g->hi, 17);
            csv_text(&w, r->overloaded[p] ? "overloaded"
                         : g->used        ? sim_verdict_name(g->verdict)
                                          : "");
            csv_int(&w, g->used);
            csv_end(&w);
        }
    return csv_done(&w);
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *jnum(double x) { return isnan(x) ? json_null() : json_real(x); }

json_t *sweep_result_to_json(const sweep_result *r)
{
    json_t *o = json_object(), *axes = json_array(), *slas = json_array(), *points = json_array(),
           *cross = json_array();
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)r->seed);
    json_object_set_new(o, "scenario", json_string(r->scenario));
    json_object_set_new(o, "name", r->name ? json_string(r->name) : json_null());
    json_object_set_new(o, "seed", json_string(seed)); /* 64 bits: beyond JSON's safe integers */
    json_object_set_new(o, "replications", json_integer(r->replications));
    for (int a = 0; a < r->naxes; a++) {
        json_t *x = json_object(), *vals = json_array();
        json_object_set_new(x, "key", json_string(r->axes[a].key));
        json_object_set_new(x, "unit", json_string(r->axes[a].unit));
        for (int i = 0; i < r->axes[a].n; i++)
            json_array_append_new(vals, json_real(r->axes[a].values[i]));
        json_object_set_new(x, "values", vals);
        json_array_append_new(axes, x);
    }
    for (int j = 0; j < r->nsla; j++) {
        json_t *x = json_object();
        json_object_set_new(x, "id", json_string(r->sla_id[j]));
        json_object_set_new(x, "target", json_real(r->target[j]));
        json_array_append_new(slas, x);
    }
    for (int p = 0; p < r->npoints; p++) {
        json_t *x = json_object(), *at = json_object(), *cells = json_object();
        for (int a = 0; a < r->naxes; a++)
            json_object_set_new(at, r->axes[a].key, json_real(sweep_result_value(r, p, a)));
        for (int j = 0; j < r->nsla; j++) {
            const sim_sla_summary *g = sweep_result_cell(r, p, j);
            json_t *c = json_object();
            json_object_set_new(c, "attainment", jnum(g->attainment));
            json_object_set_new(c, "lo", jnum(g->lo));
            json_object_set_new(c, "hi", jnum(g->hi));
            json_object_set_new(c, "verdict", r->overloaded[p] ? json_string("overloaded")
                                              : g->used        ? json_string(sim_verdict_name(g->verdict))
                                                               : json_null());
            json_object_set_new(c, "replications_used", json_integer(g->used));
            json_object_set_new(cells, r->sla_id[j], c);
        }
        json_object_set_new(x, "at", at);
        json_object_set_new(x, "overloaded", json_boolean(r->overloaded[p]));
        json_object_set_new(x, "sla", cells);
        json_array_append_new(points, x);
    }
    for (int i = 0; i < r->ncrossings; i++) {
        const sweep_crossing *c = &r->crossings[i];
        json_t *x = json_object(), *with = json_object();
        int p = c->series * r->axes[0].n;
        for (int a = 1; a < r->naxes; a++)
            json_object_set_new(with, r->axes[a].key, json_real(sweep_result_value(r, p, a)));
        char *words = sweep_crossing_words(r, c);
        json_object_set_new(x, "sla", json_string(r->sla_id[c->sla]));
        json_object_set_new(x, "along", json_string(r->axes[0].key));
        json_object_set_new(x, "with", with);
        json_object_set_new(x, "kind", json_string(sweep_cross_kind_name(c->kind)));
        json_object_set_new(x, "at", jnum(c->at));
        json_object_set_new(x, "first", jnum(c->first));
        json_object_set_new(x, "last", jnum(c->last));
        json_object_set_new(x, "words", json_string(words));
        free(words);
        json_array_append_new(cross, x);
    }
    json_object_set_new(o, "axes", axes);
    json_object_set_new(o, "slas", slas);
    json_object_set_new(o, "points", points);
    json_object_set_new(o, "crossings", cross);
    return o;
}

int sweep_result_write_json(const sweep_result *r, FILE *out)
{
    json_t *j = sweep_result_to_json(r);
    int rc = json_dumpf(j, out, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    json_decref(j);
    if (rc == 0 && fputc('\n', out) == EOF)
        rc = -1;
    return rc == 0 && !ferror(out) ? 0 : -1;
}
