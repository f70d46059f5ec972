/*
 * input: result files read into typed values (see input.h).  JSON through
 * jansson; the size table through a small reader of the CSV that
 * src/sim/size_report.c writes (RFC 4180 quoting, one record a line).
 */
#include "input.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../model/alloc.h"

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

static json_t *load_json(const char *path, diag_list *d)
{
    json_error_t e;
    json_t *j = json_load_file(path, JSON_DECODE_ANY, &e);
    if (!j)
        diag_add(d, DIAG_ERROR, "report-input", path, e.line > 0 ? e.line : 0, NULL, NULL,
                 "not readable as JSON: %s", e.text);
    return j;
}

/* The first line of a text file (malloc'd, without its line break), or
 * NULL with an error. */
static char *first_line(const char *path, diag_list *d)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        diag_add(d, DIAG_ERROR, "report-input", path, 0, NULL, NULL, "cannot open: %s",
                 strerror(errno));
        return NULL;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, f);
    fclose(f);
    if (n <= 0) {
        free(line);
        diag_add(d, DIAG_ERROR, "report-input", path, 1, NULL, NULL, "the file is empty");
        return NULL;
    }
    line[strcspn(line, "\r\n")] = 0;
    return line;
}

input_kind input_classify(const char *path, diag_list *d)
{
    if (ends_with(path, ".bpmn"))
        return INPUT_MODEL;
    if (ends_with(path, ".json")) {
        json_t *j = load_json(path, d);
        if (!j)
            return INPUT_UNKNOWN;
        input_kind k = INPUT_UNKNOWN;
        if (json_is_object(j) && json_object_get(j, "sla") && json_object_get(j, "cycle_time"))
            k = INPUT_SIM;
        else if (json_is_object(j) && json_object_get(j, "metrics") && json_object_get(j, "a") &&
                 json_object_get(j, "b"))
            k = INPUT_COMPARE;
        else if (json_is_object(j) && json_is_array(json_object_get(j, "files")))
            k = INPUT_CHECK;
        else if (json_is_object(j) && json_is_array(json_object_get(j, "axes")) &&
                 json_is_array(json_object_get(j, "points")))
            k = INPUT_SWEEP;
        json_decref(j);
        if (k == INPUT_UNKNOWN)
            diag_add(d, DIAG_ERROR, "report-input", path, 0, NULL, NULL,
                     "not a result of flowmc sim, compare, sweep or check: the report reads "
                     "what 'flowmc sim -o', 'compare -o', 'sweep -o' and 'size -o FILE.csv' "
                     "write");
        return k;
    }
    if (ends_with(path, ".csv")) {
        char *line = first_line(path, d);
        if (!line)
            return INPUT_UNKNOWN;
        input_kind k = strstr(line, ",headcount,") && strstr(line, "_attainment,")
                           ? INPUT_SIZE
                           : INPUT_UNKNOWN;
        free(line);
        if (k == INPUT_UNKNOWN)
            diag_add(d, DIAG_ERROR, "report-input", path, 1, NULL, NULL,
                     "not a table of flowmc size (no headcount and attainment columns)");
        return k;
    }
    diag_add(d, DIAG_ERROR, "report-input", path, 0, NULL, NULL,
             "cannot tell what this is: the report takes models (.bpmn), results of "
             "flowmc sim, compare and sweep (.json) and tables of flowmc size (.csv)");
    return INPUT_UNKNOWN;
}

/* ---- JSON fields ---------------------------------------------------- */

static char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? alloc_strdup(s) : NULL;
}

static double num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* key with its interval key_ci95 ([lo, hi]); ci_key overrides the name. */
static input_ci ci(const json_t *o, const char *key, const char *ci_key)
{
    char k[128];
    if (!ci_key) {
        snprintf(k, sizeof k, "%s_ci95", key);
        ci_key = k;
    }
    const json_t *a = json_object_get(o, ci_key);
    input_ci c = {num(o, key), NAN, NAN};
    if (json_is_array(a) && json_array_size(a) == 2) {
        const json_t *lo = json_array_get(a, 0), *hi = json_array_get(a, 1);
        c.lo = json_is_number(lo) ? json_number_value(lo) : NAN;
        c.hi = json_is_number(hi) ? json_number_value(hi) : NAN;
    }
    return c;
}

static void *sim_from(const json_t *j, const char *path, diag_list *d, int *bad);
static void *compare_from(const json_t *j, const char *path, diag_list *d, int *bad);
static void *sweep_from(const json_t *j, const char *path, diag_list *d, int *bad);

/* Reads the result of kind k (sim, compare or sweep) at path, or returns
 * NULL when the file is not a complete one, with errors naming the fields
 * and the file in d.  Each *_from makes the value from the file's JSON and
 * sets *bad when a field it needs is missing. */
static void *read_result(const char *path, diag_list *d, input_kind k)
{
    json_t *j = load_json(path, d);
    if (!j)
        return NULL;
    int bad = !json_is_object(j);
    void *v = k == INPUT_SIM       ? sim_from(j, path, d, &bad)
              : k == INPUT_COMPARE ? compare_from(j, path, d, &bad)
                                   : sweep_from(j, path, d, &bad);
    json_decref(j);
    if (!bad)
        return v;
    diag_add(d, DIAG_ERROR, "report-input", path, 0, NULL, NULL,
             "not a complete result of flowmc %s",
             k == INPUT_SIM ? "sim" : k == INPUT_COMPARE ? "compare" : "sweep");
    if (k == INPUT_SIM)
        input_sim_free(v);
    else if (k == INPUT_COMPARE)
        input_compare_free(v);
    else
        input_sweep_free(v);
    return NULL;
}

/* Who a result is: its path, its scenario's file and name. */
static void identity(const json_t *j, const char *path, char **copy, char **scenario,
                     char **name)
{
    *copy = alloc_strdup(path);
    *scenario = str(j, "scenario");
    *name = str(j, "name");
}

static const json_t *array(const json_t *o, const char *key, const char *path, diag_list *d,
                           int *bad)
{
    const json_t *a = json_object_get(o, key);
    if (!json_is_array(a)) {
        diag_add(d, DIAG_ERROR, "report-input", path, 0, key, NULL,
                 "field '%s' is missing or not a list", key);
        *bad = 1;
        return NULL;
    }
    return a;
}

/* ---- sim results ---------------------------------------------------- */

static void *sim_from(const json_t *j, const char *path, diag_list *d, int *bad)
{
    input_sim *s = alloc_zero(1, sizeof *s);
    identity(j, path, &s->path, &s->scenario, &s->name);
    s->seed = (unsigned long long)json_integer_value(json_object_get(j, "seed"));
    s->replications = (int)json_integer_value(json_object_get(j, "replications"));
    const json_t *clock = json_object_get(j, "clock");
    s->horizon_s = num(clock, "horizon_s");
    s->warmup_s = num(clock, "warmup_s");
    s->start = str(clock, "start");
    const json_t *cases = json_object_get(j, "cases");
    s->arrived = ci(cases, "arrived", NULL);
    s->completed = ci(cases, "completed", NULL);
    const json_t *a, *e;
    size_t i;
    if ((a = array(j, "sla", path, d, bad)))
        json_array_foreach(a, i, e)
        {
            input_sla *x = ALLOC_PUSH(s->sla, s->nsla);
            memset(x, 0, sizeof *x);
            x->id = str(e, "id");
            x->from = str(e, "from");
            x->to = str(e, "to");
            x->calendar = str(e, "calendar");
            x->verdict = str(e, "verdict");
            x->limit_s = num(e, "limit_s");
            x->target = num(e, "target");
            x->att = ci(e, "attainment", "ci95");
            x->cases = (long)json_integer_value(json_object_get(e, "cases"));
            x->within = (long)json_integer_value(json_object_get(e, "within"));
            const json_t *nd = json_object_get(e, "replications_needed");
            x->needed = json_is_integer(nd) ? (long)json_integer_value(nd) : 0;
            x->used = (int)json_integer_value(json_object_get(e, "replications_used"));
            x->elsewhere = num(e, "elsewhere_share");
            if (!x->id || !x->verdict || isnan(x->target)) {
                diag_add(d, DIAG_ERROR, "report-input", path, 0, x->id, NULL,
                         "an SLA without its id, target or verdict");
                *bad = 1;
            }
        }
    if ((a = array(j, "cycle_time", path, d, bad)))
        json_array_foreach(a, i, e)
            *ALLOC_PUSH(s->cycle, s->ncycle) = (input_cycle){
                .process = str(e, "process"), .name = str(e, "name"), .cls = str(e, "class"),
                .mean = ci(e, "mean", NULL), .p50 = ci(e, "p50", NULL), .p90 = ci(e, "p90", NULL),
                .p95 = ci(e, "p95", NULL), .p99 = ci(e, "p99", NULL), .wip = ci(e, "wip", NULL)};
    if ((a = array(j, "roles", path, d, bad)))
        json_array_foreach(a, i, e)
            *ALLOC_PUSH(s->role, s->nrole) = (input_role){
                .id = str(e, "id"), .calendar = str(e, "calendar"),
                .unlimited = json_is_true(json_object_get(e, "unlimited")),
                .staff = num(e, "staff"), .offered_load = num(e, "offered_load"),
                .queue_end = num(e, "queue_end"), .util = ci(e, "utilisation", NULL),
                .queue = ci(e, "queue_mean", NULL)};
    if ((a = json_object_get(j, "ends")) && json_is_array(a))
        json_array_foreach(a, i, e)
            *ALLOC_PUSH(s->end, s->nend) = (input_end){
                .id = str(e, "id"), .name = str(e, "name"), .share = ci(e, "share", NULL)};
    return s;
}

input_sim *input_sim_read(const char *path, diag_list *d)
{
    return read_result(path, d, INPUT_SIM);
}

/* ---- compare results ------------------------------------------------ */

static void *compare_from(const json_t *j, const char *path, diag_list *d, int *bad)
{
    input_compare *c = alloc_zero(1, sizeof *c);
    c->path = alloc_strdup(path);
    c->a = str(j, "a");
    c->b = str(j, "b");
    c->seed = (unsigned long long)json_integer_value(json_object_get(j, "seed"));
    c->replications = (int)json_integer_value(json_object_get(j, "replications"));
    c->confidence = num(j, "confidence");
    const json_t *a, *e;
    size_t i;
    if ((a = array(j, "metrics", path, d, bad)))
        json_array_foreach(a, i, e)
        {
            input_diff *x = ALLOC_PUSH(c->row, c->nrow);
            *x = (input_diff){.metric = str(e, "metric"),
                              .a = ci(json_object_get(e, "a"), "mean", "ci95"),
                              .b = ci(json_object_get(e, "b"), "mean", "ci95"),
                              .diff = ci(e, "diff", "ci95"),
                              .n = (int)json_integer_value(json_object_get(e, "n")),
                              .significant = json_is_true(json_object_get(e, "significant"))};
            if (!x->metric)
                *bad = 1;
        }
    if (!c->a || !c->b)
        *bad = 1;
    return c;
}

input_compare *input_compare_read(const char *path, diag_list *d)
{
    return read_result(path, d, INPUT_COMPARE);
}

/* ---- size tables ---------------------------------------------------- */

/* Splits one CSV record into fields (malloc'd array of malloc'd strings). */
static char **csv_split(const char *line, size_t *n)
{
    char **f = NULL;
    *n = 0;
    const char *p = line;
    for (;;) {
        size_t cap = strlen(p) + 1, k = 0;
        char *v = alloc_zero(cap, 1);
        if (*p == '"') {
            for (p++; *p; p++) {
                if (*p == '"' && p[1] == '"')
                    v[k++] = '"', p++;
                else if (*p == '"') {
                    p++;
                    break;
                } else
                    v[k++] = *p;
            }
            while (*p && *p != ',')
                p++;
        } else {
            while (*p && *p != ',')
                v[k++] = *p++;
        }
        *ALLOC_PUSH(f, *n) = v;
        if (*p != ',')
            break;
        p++;
    }
    return f;
}

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void input_size_free(input_size *s)
{
    if (!s)
        return;
    for (size_t q = 0; q < s->ncand; q++) {
        input_candidate *c = &s->cand[q];
        free(c->staff);
        free(c->att);
        strv_free(c->verdict, s->nsla);
        free(c->overall);
    }
    free(s->cand);
    strv_free(s->staff_col, s->nstaff);
    strv_free(s->sla, s->nsla);
    free(s->target);
    free(s->path);
    free(s);
}

static long find_col(char **h, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(h[i], name) == 0)
            return (long)i;
    return -1;
}

static double cell_num(char **f, size_t n, long i)
{
    if (i < 0 || (size_t)i >= n || !*f[i])
        return NAN;
    char *end;
    double v = strtod(f[i], &end);
    return *end ? NAN : v;
}

input_size *input_size_read(const char *path, diag_list *d)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        diag_add(d, DIAG_ERROR, "report-input", path, 0, NULL, NULL, "cannot open: %s",
                 strerror(errno));
        return NULL;
    }
    input_size *s = alloc_zero(1, sizeof *s);
    s->path = alloc_strdup(path);
    char *line = NULL, **h = NULL;
    size_t cap = 0, nh = 0;
    int bad = 0, lineno = 1;
    long hc = -1, cverdict = -1, crep = -1, cans = -1;
    long *catt = NULL;
    if (getline(&line, &cap, fp) <= 0) {
        diag_add(d, DIAG_ERROR, "report-input", path, 1, NULL, NULL, "the file is empty");
        goto fail;
    }
    line[strcspn(line, "\r\n")] = 0;
    h = csv_split(line, &nh);
    hc = find_col(h, nh, "headcount");
    cverdict = find_col(h, nh, "verdict");
    crep = find_col(h, nh, "replications");
    cans = find_col(h, nh, "answer");
    if (hc < 1 || cverdict < 0) {
        diag_add(d, DIAG_ERROR, "report-input", path, 1, NULL, NULL,
                 "no staffing, headcount or verdict column: not a table of flowmc size");
        goto fail;
    }
    for (long i = 0; i < hc; i++)
        *ALLOC_PUSH(s->staff_col, s->nstaff) = alloc_strdup(h[i]);
    for (size_t i = 0; i < nh; i++) {
        const char *u = strrchr(h[i], '_');
        if (u && strcmp(u, "_attainment") == 0) {
            *ALLOC_PUSH(catt, s->nsla) = (long)i;
            s->nsla--;
            *ALLOC_PUSH(s->sla, s->nsla) = alloc_strndup(h[i], (size_t)(u - h[i]));
        }
    }
    if (!s->nsla) {
        diag_add(d, DIAG_ERROR, "report-input", path, 1, NULL, NULL, "no SLA columns");
        goto fail;
    }
    s->target = alloc_zero(s->nsla, sizeof *s->target);
    for (size_t j = 0; j < s->nsla; j++)
        s->target[j] = NAN;
    while (getline(&line, &cap, fp) > 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (!*line)
            continue;
        size_t nf;
        char **f = csv_split(line, &nf);
        if (nf != nh) {
            diag_add(d, DIAG_ERROR, "report-input", path, lineno, NULL, NULL,
                     "%zu fields where the header has %zu", nf, nh);
            strv_free(f, nf);
            bad = 1;
            break;
        }
        input_candidate *c = ALLOC_PUSH(s->cand, s->ncand);
        memset(c, 0, sizeof *c);
        c->staff = alloc_zero(s->nstaff, sizeof *c->staff);
        for (size_t i = 0; i < s->nstaff; i++)
            c->staff[i] = atoi(f[i]);
        c->headcount = atoi(f[hc]);
        c->att = alloc_zero(s->nsla, sizeof *c->att);
        c->verdict = alloc_zero(s->nsla, sizeof *c->verdict);
        for (size_t j = 0; j < s->nsla; j++) {
            long k = catt[j];
            c->att[j] = (input_ci){cell_num(f, nf, k), cell_num(f, nf, k + 1),
                                   cell_num(f, nf, k + 2)};
            c->verdict[j] = alloc_strdup((size_t)k + 3 < nf ? f[k + 3] : "");
            double t = cell_num(f, nf, k + 4);
            if (!isnan(t))
                s->target[j] = t;
        }
        c->overall = alloc_strdup(f[cverdict]);
        c->replications = crep >= 0 ? atol(f[crep]) : 0;
        c->answer = cans >= 0 && atoi(f[cans]) == 1;
        strv_free(f, nf);
    }
    if (!bad && !s->ncand) {
        diag_add(d, DIAG_ERROR, "report-input", path, 0, NULL, NULL, "no candidate rows");
        bad = 1;
    }
    if (bad)
        goto fail;
    free(catt);
    strv_free(h, nh);
    free(line);
    fclose(fp);
    return s;
fail:
    free(catt);
    strv_free(h, nh);
    free(line);
    fclose(fp);
    input_size_free(s);
    return NULL;
}

/* ---- sweeps --------------------------------------------------------- */

static void *sweep_from(const json_t *j, const char *path, diag_list *d, int *bad)
{
    input_sweep *s = alloc_zero(1, sizeof *s);
    identity(j, path, &s->path, &s->scenario, &s->name);
    const json_t *seed = json_object_get(j, "seed");
    if (json_is_string(seed))
        s->seed = alloc_strdup(json_string_value(seed));
    else if (json_is_integer(seed)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(seed));
        s->seed = alloc_strdup(buf);
    }
    s->replications = (int)json_integer_value(json_object_get(j, "replications"));
    const json_t *a, *e;
    size_t i;
    if ((a = array(j, "axes", path, d, bad)))
        json_array_foreach(a, i, e)
        {
            input_sweep_axis *x = ALLOC_PUSH(s->axis, s->naxis);
            *x = (input_sweep_axis){.key = str(e, "key"), .unit = str(e, "unit")};
            if (!x->key)
                *bad = 1;
        }
    if ((a = array(j, "slas", path, d, bad)))
        json_array_foreach(a, i, e)
        {
            char *id = str(e, "id");
            if (!id) {
                *bad = 1;
                continue;
            }
            *ALLOC_PUSH(s->sla, s->nsla) = id;
            s->nsla--;
            *ALLOC_PUSH(s->target, s->nsla) = num(e, "target");
        }
    if ((a = array(j, "points", path, d, bad)) && !*bad)
        json_array_foreach(a, i, e)
        {
            input_sweep_point *p = ALLOC_PUSH(s->point, s->npoint);
            p->at = alloc_zero(s->naxis + 1, sizeof *p->at);
            p->fig = alloc_zero(s->nsla + 1, sizeof *p->fig);
            p->overloaded = json_is_true(json_object_get(e, "overloaded"));
            const json_t *at = json_object_get(e, "at"), *sl = json_object_get(e, "sla");
            for (size_t k = 0; k < s->naxis; k++) {
                p->at[k] = num(at, s->axis[k].key);
                if (isnan(p->at[k]))
                    *bad = 1;
            }
            for (size_t k = 0; k < s->nsla; k++) {
                const json_t *f = json_object_get(sl, s->sla[k]);
                p->fig[k].att = (input_ci){num(f, "attainment"), num(f, "lo"), num(f, "hi")};
                p->fig[k].verdict = str(f, "verdict");
            }
        }
    if ((a = json_object_get(j, "crossings")) && json_is_array(a))
        json_array_foreach(a, i, e)
            *ALLOC_PUSH(s->cross, s->ncross) = (input_crossing){
                .sla = str(e, "sla"), .along = str(e, "along"), .kind = str(e, "kind"),
                .words = str(e, "words"), .at = num(e, "at"), .first = num(e, "first"),
                .last = num(e, "last")};
    if (!s->npoint || !s->naxis)
        *bad = 1;
    return s;
}

input_sweep *input_sweep_read(const char *path, diag_list *d)
{
    return read_result(path, d, INPUT_SWEEP);
}

/* ---- freeing --------------------------------------------------------- */

void input_sim_free(input_sim *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nsla; i++) {
        input_sla *a = &s->sla[i];
        free(a->id), free(a->from), free(a->to), free(a->calendar), free(a->verdict);
    }
    for (size_t i = 0; i < s->ncycle; i++)
        free(s->cycle[i].process), free(s->cycle[i].name), free(s->cycle[i].cls);
    for (size_t i = 0; i < s->nrole; i++)
        free(s->role[i].id), free(s->role[i].calendar);
    for (size_t i = 0; i < s->nend; i++)
        free(s->end[i].id), free(s->end[i].name);
    free(s->sla), free(s->cycle), free(s->role), free(s->end);
    free(s->path), free(s->scenario), free(s->name), free(s->start);
    free(s);
}

void input_compare_free(input_compare *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nrow; i++)
        free(c->row[i].metric);
    free(c->row);
    free(c->path), free(c->a), free(c->b);
    free(c);
}

void input_sweep_free(input_sweep *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->npoint; i++) {
        for (size_t j = 0; j < s->nsla; j++)
            free(s->point[i].fig[j].verdict);
        free(s->point[i].fig);
        free(s->point[i].at);
    }
    for (size_t i = 0; i < s->naxis; i++)
        free(s->axis[i].key), free(s->axis[i].unit);
    for (size_t i = 0; i < s->ncross; i++) {
        input_crossing *c = &s->cross[i];
        free(c->sla), free(c->along), free(c->kind), free(c->words);
    }
    strv_free(s->sla, s->nsla);
    free(s->target), free(s->point), free(s->axis), free(s->cross);
    free(s->path), free(s->scenario), free(s->name), free(s->seed);
    free(s);
}
