/*
 * scenario: reads a scenario file, validates it against the XSD, checks
 * every reference and value against the models, and compiles it into the
 * plan the engine runs.  Every problem is a diagnostic naming the scenario
 * (or model) file and line; all problems of a file are reported in one
 * pass.  --set overrides edit the parsed document and compile it again, so
 * they get exactly the same checks as the file.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <libxml/tree.h>

#include "../model/bpmn_read.h"
#include "../model/xmlsafe.h"
#include "plan.h"

typedef struct cached_model {
    char *path;
    model *m;
} cached_model;

struct sim_scenario {
    char *path;        /* as given */
    char *dir;         /* its folder, with a trailing slash, or "" */
    xmlDocPtr doc;
    cached_model *models; int nmodels;
    plan *p;
};

/* Compilation context: one per compile. */
typedef struct cx {
    sim_scenario *s;
    plan *p;
    diag_list *d;
    const char *file;
    int nerr;
    int *task_role;    /* explicit <serves task>, by node */
    int **lane_role;   /* by model, by lane */
    int *reach;        /* reachable nodes */
    int roles_known;   /* tasks have their roles (no earlier error) */
} cx;

/* ---- small helpers ----------------------------------------------------- */

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

char *plan_strdup(const char *s)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        abort();
    return c;
}

static int line_of(xmlNodePtr n)
{
    return n ? (int)xmlGetLineNo(n) : 0;
}

static void cx_diag(cx *c, diag_severity sev, const char *code, xmlNodePtr at,
                    const char *elem, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void cx_diag(cx *c, diag_severity sev, const char *code, xmlNodePtr at,
                    const char *elem, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_addv(c->d, sev, code, c->file, line_of(at), elem, NULL, fmt, ap);
    va_end(ap);
    if (sev == DIAG_ERROR)
        c->nerr++;
}

/* A diagnostic about a model element, at its own file and line. */
static void cx_model_diag(cx *c, diag_severity sev, const char *code, int g,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void cx_model_diag(cx *c, diag_severity sev, const char *code, int g,
                          const char *fmt, ...)
{
    const plan_node *n = &c->p->nodes[g];
    va_list ap;
    va_start(ap, fmt);
    diag_addv(c->d, sev, code, model_file(c->p->models[n->model].m), n->mn->e.line,
              n->mn->e.id, n->mn->e.name, fmt, ap);
    va_end(ap);
    if (sev == DIAG_ERROR)
        c->nerr++;
}

static int is_elem(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr k = n ? n->children : NULL; k; k = k->next)
        if (is_elem(k, name))
            return k;
    return NULL;
}

/* The next <item> element from n on (n included), NULL at the end. */
static xmlNodePtr item_from(xmlNodePtr n, const char *item)
{
    while (n && !is_elem(n, item))
        n = n->next;
    return n;
}

/* Iterates n over the <item> children of root's <section>. */
#define EACH_ITEM(n, root, section, item)                                                  \
    for (xmlNodePtr n = item_from(child((root), (section)) ? child((root), (section))->children : NULL, (item)); n; \
         n = item_from(n->next, (item)))

/* Trimmed attribute value (malloc'd), NULL when absent or blank. */
static char *attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    const char *s = (const char *)v;
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    char *out = NULL;
    if (len) {
        out = xcalloc(len + 1, 1);
        memcpy(out, s, len);
    }
    xmlFree(v);
    return out;
}

static int has_attr(xmlNodePtr n, const char *name)
{
    char *v = attr(n, name);
    free(v);
    return v != NULL;
}

/* Parses a double attribute; 0 when absent (out untouched), 1 when read,
 * -1 after an error. */
static int attr_double(cx *c, xmlNodePtr n, const char *name, double *out)
{
    char *v = attr(n, name);
    if (!v)
        return 0;
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    int ok = end != v && *end == 0 && errno == 0 && isfinite(x);
    if (!ok)
        cx_diag(c, DIAG_ERROR, "value", n, NULL, "%s='%s' is not a number", name, v);
    else
        *out = x;
    free(v);
    return ok ? 1 : -1;
}

static int attr_int(cx *c, xmlNodePtr n, const char *name, long lo, long hi, long *out)
{
    char *v = attr(n, name);
    if (!v)
        return 0;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    int ok = end != v && *end == 0 && errno == 0 && x >= lo && x <= hi;
    if (!ok)
        cx_diag(c, DIAG_ERROR, "value", n, NULL, "%s='%s' must be a whole number from %ld to %ld",
                name, v, lo, hi);
    else
        *out = x;
    free(v);
    return ok ? 1 : -1;
}

/* ---- models ------------------------------------------------------------ */

static char *join_path(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 1;
    char *p = xcalloc(n, 1);
    if (rel[0] == '/')
        snprintf(p, n, "%s", rel);
    else
        snprintf(p, n, "%s%s", dir, rel);
    return p;
}

/* The model at path rel (relative to the scenario), read once per
 * scenario.  Returns its plan model index, or -1 after errors. */
static int use_model(cx *c, xmlNodePtr at, const char *rel)
{
    char *path = join_path(c->s->dir, rel);
    for (int i = 0; i < c->p->nmodels; i++)
        if (strcmp(c->p->models[i].path, path) == 0) {
            free(path);
            return i;
        }
    model *m = NULL;
    for (int i = 0; i < c->s->nmodels; i++)
        if (strcmp(c->s->models[i].path, path) == 0)
            m = c->s->models[i].m;
    if (!m) {
        size_t before = diag_list_count_severity(c->d, DIAG_ERROR);
        m = bpmn_read_file(path, c->d);
        if (!m || diag_list_count_severity(c->d, DIAG_ERROR) > before) {
            model_free(m);
            cx_diag(c, DIAG_ERROR, "model", at, NULL, "cannot use the model file '%s'", path);
            free(path);
            return -1;
        }
        c->s->models = realloc(c->s->models, sizeof *c->s->models * (c->s->nmodels + 1));
        if (!c->s->models)
            abort();
        c->s->models[c->s->nmodels++] = (cached_model){plan_strdup(path), m};
    }
    plan *p = c->p;
    p->models = realloc(p->models, sizeof *p->models * (p->nmodels + 1));
    if (!p->models)
        abort();
    p->models[p->nmodels] = (plan_model){path, m, 0, 0, 0};
    return p->nmodels++;
}

/* Global index of the flow node with this id in any loaded model; -1 after
 * an error naming what was looked for. */
static int find_node(cx *c, xmlNodePtr at, const char *id, const char *what)
{
    int found = -1, nfound = 0;
    for (int i = 0; i < c->p->nmodels; i++) {
        int k = model_find_node(c->p->models[i].m, id);
        if (k >= 0) {
            if (found < 0)
                found = c->p->models[i].base_node + k;
            nfound++;
        }
    }
    if (nfound == 0)
        cx_diag(c, DIAG_ERROR, "unknown-id", at, id, "%s '%s' is not a flow node of the model", what, id);
    else if (nfound > 1)
        cx_diag(c, DIAG_ERROR, "ambiguous-id", at, id,
                "%s '%s' names flow nodes in %d model files", what, id, nfound);
    return nfound == 1 ? found : -1;
}

/* find_node for the value of attribute `name` of element at, which must
 * be there and not blank (attr() gives NULL for both). */
static int node_attr(cx *c, xmlNodePtr at, const char *id, const char *name, const char *what)
{
    if (!id) {
        cx_diag(c, DIAG_ERROR, "value", at, NULL, "<%s> needs %s=\"...\" naming a %s",
                (const char *)at->name, name, what);
        return -1;
    }
    return find_node(c, at, id, what);
}

static int find_flow(cx *c, const char *id)
{
    for (int i = 0; i < c->p->nmodels; i++) {
        int k = model_find_flow(c->p->models[i].m, id);
        if (k >= 0)
            return c->p->models[i].base_flow + k;
    }
    return -1;
}

static int find_named(char *const *ids, size_t stride, int n, const char *id)
{
    for (int i = 0; id && i < n; i++)
        if (strcmp(*(char *const *)((const char *)ids + stride * (size_t)i), id) == 0)
            return i;
    return -1;
}

#define FIND(arr, n, key) ((n) > 0 ? find_named(&(arr)[0].id, sizeof *(arr), (n), (key)) : -1)

static int find_calendar(cx *c, xmlNodePtr at, const char *id)
{
    int k = c->p->ncals ? FIND(c->p->cals, c->p->ncals, id) : -1;
    if (k < 0)
        cx_diag(c, DIAG_ERROR, "unknown-id", at, id, "unknown calendar '%s'", id);
    return k;
}

static int find_class(cx *c, xmlNodePtr at, const char *id)
{
    int k = FIND(c->p->classes, c->p->nclasses, id);
    if (k < 0)
        cx_diag(c, DIAG_ERROR, "unknown-id", at, id, "unknown case class '%s'", id);
    return k;
}

/* ---- amounts of time --------------------------------------------------- */

/* "P2DT4H" or "2 bd" in seconds; with cal >= 0 in working time of that
 * calendar, where a day of an ISO duration and "bd" are business days. */
static int parse_amount(cx *c, xmlNodePtr at, const char *what, const char *text, int cal,
                        plan_amount *out)
{
    double sec = 0;
    out->cal = cal;
    if (text[0] == 'P') {
        if (calendar_parse_duration(text, &sec) != 0) {
            cx_diag(c, DIAG_ERROR, "value", at, NULL, "%s '%s' is not an ISO 8601 duration", what, text);
            return -1;
        }
        if (cal >= 0) {
            /* the date part counts business days, the time part working
             * hours: "PT80H" is 80 working hours, not 3 days and 8 hours */
            char date[64];
            const char *t = strchr(text, 'T');
            size_t n = t ? (size_t)(t - text) : strlen(text);
            double days = 0;
            if (n >= sizeof date)
                n = sizeof date - 1;
            memcpy(date, text, n);
            date[n] = 0;
            if (n > 1 && calendar_parse_duration(date, &days) != 0)
                days = 0;
            days = floor(days / 86400.0 + 1e-9);
            sec = days * calendar_business_day(c->p->cals[cal].cal) + (sec - days * 86400.0);
        }
    } else {
        char *end;
        double v = strtod(text, &end);
        while (isspace((unsigned char)*end))
            end++;
        if (end == text) {
            cx_diag(c, DIAG_ERROR, "value", at, NULL, "%s '%s' is not an amount of time", what, text);
            return -1;
        }
        if (strcmp(end, "bd") == 0) {
            if (cal < 0) {
                cx_diag(c, DIAG_ERROR, "value", at, NULL,
                        "%s '%s' counts business days: name the calendar they are counted on", what, text);
                return -1;
            }
            sec = v * calendar_business_day(c->p->cals[cal].cal);
        } else {
            double u = dist_unit_seconds(end);
            if (u <= 0) {
                cx_diag(c, DIAG_ERROR, "value", at, NULL, "%s '%s' has an unknown unit", what, text);
                return -1;
            }
            sec = v * u;
        }
    }
    out->sec = sec;
    return 0;
}

static int attr_amount(cx *c, xmlNodePtr n, const char *name, int cal, plan_amount *out)
{
    char *v = attr(n, name);
    if (!v)
        return 0;
    int rc = parse_amount(c, n, name, v, cal, out);
    free(v);
    return rc == 0 ? 1 : -1;
}

/* An attribute naming a calendar; -1 when absent or unknown. */
static int attr_calendar(cx *c, xmlNodePtr n, const char *name)
{
    char *v = attr(n, name);
    int k = v ? find_calendar(c, n, v) : -1;
    free(v);
    return k;
}

static int attr_datetime(cx *c, xmlNodePtr n, const char *name, double *out)
{
    char *v = attr(n, name);
    if (!v)
        return 0;
    int rc = calendar_parse_datetime(v, out);
    if (rc != 0)
        cx_diag(c, DIAG_ERROR, "value", n, NULL, "%s='%s' is not a local date and time", name, v);
    free(v);
    return rc == 0 ? 1 : -1;
}

/* ---- sections ---------------------------------------------------------- */

static void parse_clock(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    xmlNodePtr n = child(root, "clock");
    if (!n)
        return; /* the schema requires it */
    attr_datetime(c, n, "start", &p->t0);
    char *off = attr(n, "utc-offset");
    if (off && strcmp(off, "Z") != 0) {
        int hh = 0, mm = 0;
        if (sscanf(off + 1, "%d:%d", &hh, &mm) != 2 || hh > 14 || mm > 59)
            cx_diag(c, DIAG_ERROR, "value", n, NULL, "utc-offset '%s' is not +hh:mm", off);
        p->utc_offset_min = (off[0] == '-' ? -1 : 1) * (hh * 60 + mm);
    }
    free(off);
    plan_amount h = {0, -1}, w = {0, -1};
    if (attr_amount(c, n, "horizon", -1, &h) == 1 && !(h.sec > 0 && h.sec <= 1000 * 365 * 86400.0))
        cx_diag(c, DIAG_ERROR, "value", n, NULL, "the horizon must be positive and at most 1000 years");
    if (attr_amount(c, n, "warmup", -1, &w) == 1 && (w.sec < 0 || w.sec >= h.sec))
        cx_diag(c, DIAG_ERROR, "value", n, NULL, "the warm-up must be shorter than the horizon");
    p->twarm = p->t0 + w.sec;
    p->tend = p->t0 + h.sec;
}

static int add_calendar(plan *p, const char *id, int line)
{
    p->cals = realloc(p->cals, sizeof *p->cals * (p->ncals + 1));
    if (!p->cals)
        abort();
    p->cals[p->ncals] = (plan_calendar){plan_strdup(id), calendar_new(id), 0, line};
    return p->ncals++;
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

static void parse_calendars(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    int k = add_calendar(p, "24x7", 0);
    calendar_set_always(p->cals[k].cal);
    p->cals[k].flat = 1;
    for (xmlNodePtr n = child(root, "calendars") ? child(root, "calendars")->children : NULL; n;
         n = n->next) {
        if (!is_elem(n, "calendar"))
            continue;
        char *id = attr(n, "id");
        if (FIND(p->cals, p->ncals, id) >= 0) {
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, id, "calendar '%s' is defined twice", id);
            free(id);
            continue;
        }
        int ci = add_calendar(p, id, line_of(n));
        calendar *cal = p->cals[ci].cal;
        char *always = attr(n, "always");
        int is_always = always && (!strcmp(always, "true") || !strcmp(always, "1"));
        int nhol = 0, nwin = 0;
        if (is_always)
            calendar_set_always(cal);
        for (xmlNodePtr w = n->children; w; w = w->next) {
            if (is_elem(w, "window")) {
                char *days = attr(w, "days"), *from = attr(w, "from"), *to = attr(w, "to");
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
            } else if (is_elem(w, "holiday")) {
                char *date = attr(w, "date");
                int y, m, d;
                if (!date || sscanf(date, "%d-%d-%d", &y, &m, &d) != 3 ||
                    calendar_add_holiday(cal, y, m, d) != 0)
                    cx_diag(c, DIAG_ERROR, "value", w, id, "holiday '%s' is not a date", date ? date : "");
                nhol++;
                free(date);
            } else if (is_elem(w, "us-federal-holidays")) {
                long a = 0, b = 0;
                if (attr_int(c, w, "from", 1900, 2200, &a) == 1 && attr_int(c, w, "to", 1900, 2200, &b) == 1) {
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

static void parse_classes(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    double sum = 0;
    EACH_ITEM(n, root, "classes", "class") {
        char *id = attr(n, "id");
        if (p->nclasses && FIND(p->classes, p->nclasses, id) >= 0) {
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, id, "class '%s' is defined twice", id);
            free(id);
            continue;
        }
        double share = 0;
        long prio = 0;
        attr_double(c, n, "share", &share);
        attr_int(c, n, "priority", INT_MIN / 2, INT_MAX / 2, &prio);
        p->classes = realloc(p->classes, sizeof *p->classes * (p->nclasses + 1));
        if (!p->classes)
            abort();
        p->classes[p->nclasses++] = (plan_class){id, share, (int)prio};
        sum += share;
    }
    if (p->nclasses == 0) {
        p->classes = xcalloc(1, sizeof *p->classes);
        p->classes[0] = (plan_class){plan_strdup("all"), 1.0, 0};
        p->nclasses = 1;
    } else if (fabs(sum - 1) > 1e-9) {
        cx_diag(c, DIAG_ERROR, "probability", child(root, "classes"), NULL, "class shares sum to %.10g, not 1", sum);
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

static void build_nodes(cx *c)
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
    p->nodes = xcalloc((size_t)nn, sizeof *p->nodes);
    p->flows = xcalloc((size_t)nf, sizeof *p->flows);
    p->procs = xcalloc((size_t)np, sizeof *p->procs);
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
            n->out = xcalloc((size_t)mn->nout, sizeof(int));
            for (int j = 0; j < mn->nout; j++)
                n->out[j] = pm->base_flow + mn->out[j];
            n->nin = mn->nin;
            n->in = xcalloc((size_t)mn->nin, sizeof(int));
            for (int j = 0; j < mn->nin; j++)
                n->in[j] = pm->base_flow + mn->in[j];
            n->nbnd = mn->nboundary;
            n->bnd = xcalloc((size_t)mn->nboundary, sizeof(int));
            for (int j = 0; j < mn->nboundary; j++)
                n->bnd[j] = pm->base_node + mn->boundary[j];
            if (n->kind == PK_SUB)
                n->inner_start = inner_start(p, mi, mn->process, (int)k);
            if (n->kind == PK_CALL && mn->called_process >= 0) {
                n->inner_start = p->procs[pm->base_proc + mn->called_process].start;
            }
        }
        /* link throws jump to the link catch of the same name */
        for (size_t k = 0; k < model_node_count(m); k++) {
            plan_node *n = &p->nodes[pm->base_node + (int)k];
            if (n->kind != PK_LINK)
                continue;
            const char *name = n->mn->e.name ? n->mn->e.name : n->mn->evdef_ref;
            for (size_t j = 0; name && j < model_node_count(m); j++) {
                const model_node *o = model_node_at(m, (int)j);
                const char *oname = o->e.name ? o->e.name : o->evdef_ref;
                if (o->type == MODEL_CATCH_EVENT && o->evdef == MODEL_EVDEF_LINK &&
                    o->process == n->mn->process && oname && strcmp(oname, name) == 0)
                    n->link = pm->base_node + (int)j;
            }
        }
    }
}

/* <calls>: loads the bound models; done before the node table exists. */
static void load_call_models(cx *c, xmlNodePtr root)
{
    EACH_ITEM(n, root, "calls", "call") {
        char *file = attr(n, "model");
        if (file)
            use_model(c, n, file);
        free(file);
    }
}

static void bind_calls(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "calls", "call") {
        char *act = attr(n, "activity"), *file = attr(n, "model"), *proc = attr(n, "process");
        int g = node_attr(c, n, act, "activity", "call activity");
        int mi = file ? use_model(c, n, file) : -1;
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

static void parse_roles(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    c->task_role = xcalloc((size_t)p->nnodes, sizeof(int));
    for (int i = 0; i < p->nnodes; i++)
        c->task_role[i] = -1;
    c->lane_role = xcalloc((size_t)p->nmodels, sizeof(int *));
    for (int mi = 0; mi < p->nmodels; mi++) {
        size_t nl = model_lane_count(p->models[mi].m);
        c->lane_role[mi] = xcalloc(nl, sizeof(int));
        for (size_t l = 0; l < nl; l++)
            c->lane_role[mi][l] = -1;
    }
    EACH_ITEM(n, root, "roles", "role") {
        char *id = attr(n, "id");
        if (p->nroles && FIND(p->roles, p->nroles, id) >= 0) {
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, id, "role '%s' is defined twice", id);
            free(id);
            continue;
        }
        plan_role r = {id, 0, 0, NAN, 0, 0, line_of(n)};
        char *staff = attr(n, "staff");
        long v = 0;
        if (staff && strcmp(staff, "unlimited") == 0)
            r.staff = SIM_STAFF_UNLIMITED;
        else if (attr_int(c, n, "staff", 0, 1000000, &v) == 1)
            r.staff = (int)v;
        free(staff);
        if (has_attr(n, "calendar"))
            r.cal = attr_calendar(c, n, "calendar");
        if (r.cal < 0)
            r.cal = 0;
        if (attr_double(c, n, "cost-per-hour", &r.cost) == 1 && r.cost < 0)
            cx_diag(c, DIAG_ERROR, "value", n, id, "cost-per-hour must not be negative");
        int ri = p->nroles;
        p->roles = realloc(p->roles, sizeof *p->roles * (p->nroles + 1));
        if (!p->roles)
            abort();
        p->roles[p->nroles++] = r;
        for (xmlNodePtr s = n->children; s; s = s->next) {
            if (!is_elem(s, "serves"))
                continue;
            char *lane = attr(s, "lane"), *task = attr(s, "task");
            if (!lane == !task)
                cx_diag(c, DIAG_ERROR, "value", s, id, "<serves> names either a lane or a task");
            if (task) {
                int g = find_node(c, s, task, "task");
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

static const char *const dist_params[DIST_KIND_COUNT][3] = {
    [DIST_FIXED] = {"value"},
    [DIST_UNIFORM] = {"min", "max"},
    [DIST_TRIANGULAR] = {"min", "mode", "max"},
    [DIST_EXPONENTIAL] = {"mean"},
    [DIST_NORMAL] = {"mean", "sd"},
    [DIST_LOGNORMAL] = {"mean", "sd"},
    [DIST_GAMMA] = {"shape", "scale"},
    [DIST_WEIBULL] = {"shape", "scale"},
};

/* The calendar whose business day "bd" means for node g: its role's. */
static int node_calendar(const cx *c, int g)
{
    int r = g >= 0 ? c->p->nodes[g].role : -1;
    return r >= 0 ? c->p->roles[r].cal : -1;
}

static int parse_dist(cx *c, xmlNodePtr n, const char *who, int g, dist *d)
{
    char *kind = attr(n, "dist"), *unit = attr(n, "unit");
    int k = kind ? dist_kind_parse(kind) : -1;
    double us = -1;
    int rc = -1;
    if (k < 0)
        cx_diag(c, DIAG_ERROR, "value", n, who, "unknown distribution '%s'", kind ? kind : "");
    else if (unit && strcmp(unit, "bd") == 0) {
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
    if (k >= 0 && us > 0) {
        double params[2 * DIST_MAX_POINTS];
        int np = 0, bad = 0;
        if (k == DIST_EMPIRICAL) {
            for (xmlNodePtr pt = n->children; pt; pt = pt->next)
                if (is_elem(pt, "point") && np + 2 <= 2 * DIST_MAX_POINTS) {
                    bad |= attr_double(c, pt, "value", &params[np]) != 1;
                    bad |= attr_double(c, pt, "weight", &params[np + 1]) != 1;
                    np += 2;
                }
        } else {
            for (int i = 0; i < 3 && dist_params[k][i]; i++) {
                int got = attr_double(c, n, dist_params[k][i], &params[np]);
                if (got == 0)
                    cx_diag(c, DIAG_ERROR, "value", n, who, "a %s duration needs %s=", kind,
                            dist_params[k][i]);
                bad |= got != 1;
                np++;
            }
        }
        char err[200];
        if (!bad) {
            if (dist_init(d, (dist_kind)k, params, np, us, err, sizeof err) != 0)
                cx_diag(c, DIAG_ERROR, "value", n, who, "%s duration of '%s': %s", kind, who, err);
            else
                rc = 0;
        }
    }
    free(kind);
    free(unit);
    return rc;
}

static void parse_durations(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "durations", "duration") {
        char *task = attr(n, "task"), *ev = attr(n, "event"), *cls = attr(n, "class");
        const char *who = task ? task : ev;
        int g = -1, ci = -1, ok = 1;
        if (!task == !ev) {
            cx_diag(c, DIAG_ERROR, "value", n, NULL, "<duration> names either a task or an event");
            ok = 0;
        } else if (task && strcmp(task, "*") == 0) {
            g = -1;
        } else if ((g = find_node(c, n, who, task ? "task" : "event")) < 0) {
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
        if (cls && (ci = find_class(c, n, cls)) < 0)
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
            p->durs = realloc(p->durs, sizeof *p->durs * (p->ndurs + 1));
            if (!p->durs)
                abort();
            p->durs[p->ndurs++] = (plan_dur){g, ci, d, line_of(n)};
        } else {
            dist_release(&d);
        }
        free(task);
        free(ev);
        free(cls);
    }
    p->dur_of = xcalloc((size_t)p->nnodes * (size_t)p->nclasses, sizeof(int));
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
            if (part[1])
                *repeat = atoi(part + 1);
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

static void parse_timers(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    for (int g = 0; g < p->nnodes; g++)
        if (p->nodes[g].mn->evdef == MODEL_EVDEF_TIMER && c->reach && c->reach[g])
            model_timer(c, g);
    EACH_ITEM(n, root, "timers", "timer") {
        char *ev = attr(n, "event");
        int g = node_attr(c, n, ev, "event", "timer event");
        if (g >= 0 && p->nodes[g].mn->evdef != MODEL_EVDEF_TIMER) {
            cx_diag(c, DIAG_ERROR, "wrong-kind", n, ev, "'%s' is not a timer event", ev);
            g = -1;
        }
        if (g >= 0) {
            plan_timer t = {PT_NONE, {0, -1}, 0, 0, 0, 1};
            int cal = has_attr(n, "calendar") ? attr_calendar(c, n, "calendar") : -1;
            int hasd = has_attr(n, "duration"), hase = has_attr(n, "every");
            if (hasd == hase)
                cx_diag(c, DIAG_ERROR, "value", n, ev, "a <timer> gives either duration or every");
            else if (hasd && attr_amount(c, n, "duration", cal, &t.dur) == 1) {
                t.mode = PT_DURATION;
                if (!(t.dur.sec > 0))
                    cx_diag(c, DIAG_ERROR, "value", n, ev, "the duration of timer '%s' must be positive", ev);
            } else if (hase) {
                plan_amount e = {0, -1};
                t.first = p->t0;
                if (attr_amount(c, n, "every", -1, &e) == 1 && attr_datetime(c, n, "first", &t.first) >= 0) {
                    t.mode = PT_EVERY;
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

static void parse_triggers(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "triggers", "trigger") {
        char *ev = attr(n, "event");
        int g = node_attr(c, n, ev, "event", "boundary event");
        if (g >= 0 && (p->nodes[g].kind != PK_BOUNDARY || p->nodes[g].mn->evdef == MODEL_EVDEF_TIMER))
            cx_diag(c, DIAG_ERROR, "wrong-kind", n, ev,
                    "'%s' is not a non-timer boundary event (timers fire by themselves)", ev);
        else if (g >= 0)
            attr_double(c, n, "probability", &p->nodes[g].trigger);
        free(ev);
    }
}

static void parse_rosters(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "rosters", "roster") {
        plan_roster r;
        memset(&r, 0, sizeof r);
        r.id = attr(n, "id");
        r.line = line_of(n);
        r.rounds = 1;
        r.backup_p = 1;
        char *task = attr(n, "task");
        if (p->nrosters && FIND(p->rosters, p->nrosters, r.id) >= 0)
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, r.id, "roster '%s' is defined twice", r.id);
        r.node = node_attr(c, n, task, "task", "roster task");
        if (r.node >= 0 && p->nodes[r.node].kind != PK_TASK) {
            cx_diag(c, DIAG_ERROR, "wrong-kind", n, task, "'%s' is not a task", task);
            r.node = -1;
        } else if (r.node >= 0 && p->nodes[r.node].roster >= 0) {
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, task, "task '%s' works two rosters", task);
            r.node = -1;
        }
        double answer = NAN;
        attr_double(c, n, "answer", &answer);
        long people = 0, rounds = 1;
        attr_int(c, n, "people", 1, 100000, &people);
        attr_int(c, n, "rounds", 1, 1000, &rounds);
        r.rounds = (int)rounds;
        int nperson = 0;
        for (xmlNodePtr q = n->children; q; q = q->next)
            nperson += is_elem(q, "person");
        if (people && nperson)
            cx_diag(c, DIAG_ERROR, "value", n, r.id, "give people=\"N\" or <person> entries, not both");
        r.n = people ? (int)people : nperson;
        if (r.n == 0)
            cx_diag(c, DIAG_ERROR, "value", n, r.id, "roster '%s' lists nobody", r.id);
        r.p = xcalloc((size_t)r.n, sizeof(double));
        int i = 0;
        for (xmlNodePtr q = n->children; q; q = q->next)
            if (is_elem(q, "person")) {
                r.p[i] = answer;
                attr_double(c, q, "answer", &r.p[i]);
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
        if (attr_amount(c, n, "attempt", -1, &a) == 1 && !(a.sec > 0))
            cx_diag(c, DIAG_ERROR, "value", n, r.id, "a call attempt must take a positive time");
        r.attempt = a.sec;
        r.backup = attr(n, "backup");
        attr_double(c, n, "backup-answer", &r.backup_p);
        a = (plan_amount){r.attempt, -1};
        attr_amount(c, n, "backup-attempt", -1, &a);
        r.backup_attempt = a.sec;
        if (!(r.backup_p > 0))
            cx_diag(c, DIAG_ERROR, "value", n, r.id, "backup-answer must be positive, or cases never get help");
        if (r.node >= 0)
            p->nodes[r.node].roster = p->nrosters;
        p->rosters = realloc(p->rosters, sizeof *p->rosters * (p->nrosters + 1));
        if (!p->rosters)
            abort();
        p->rosters[p->nrosters++] = r;
        free(task);
    }
}

/* ---- branches ---------------------------------------------------------- */

static void parse_branches(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "branches", "gateway") {
        char *id = attr(n, "id"), *cls = attr(n, "class"), *ros = attr(n, "roster");
        int g = node_attr(c, n, id, "id", "gateway"), ci = -1, ok = g >= 0;
        if (cls && (ci = find_class(c, n, cls)) < 0)
            ok = 0;
        plan_branch b = {g, ci, PB_XOR, NULL, NULL, -1, line_of(n)};
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
            b.p = xcalloc((size_t)pn->nout, sizeof(double));
            b.when = xcalloc((size_t)pn->nout, 1);
            double sum = 0;
            for (xmlNodePtr f = n->children; f; f = f->next) {
                if (!is_elem(f, "flow"))
                    continue;
                char *fid = attr(f, "id"), *when = attr(f, "when");
                int fi = fid ? find_flow(c, fid) : -1, pos = -1;
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
                } else if (attr_double(c, f, "probability", &b.p[pos]) != 1) {
                    cx_diag(c, DIAG_ERROR, "value", f, fid, "flow '%s' needs a probability", fid);
                } else {
                    sum += b.p[pos];
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
            p->branches = realloc(p->branches, sizeof *p->branches * (p->nbranches + 1));
            if (!p->branches)
                abort();
            p->branches[p->nbranches++] = b;
        }
        free(id);
        free(cls);
        free(ros);
    }
    p->branch_of = xcalloc((size_t)p->nnodes * (size_t)p->nclasses, sizeof(int));
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

/* Reads a CSV of local timestamps (one per line; optional class column;
 * '#' comments; a header line). */
static void read_csv(cx *c, xmlNodePtr at, plan_arrival *a, const char *rel)
{
    char *path = join_path(c->s->dir, rel);
    FILE *f = fopen(path, "r");
    if (!f) {
        cx_diag(c, DIAG_ERROR, "arrivals", at, rel, "cannot open arrival file '%s': %s", path, strerror(errno));
        free(path);
        return;
    }
    char line[1024];
    int lineno = 0, cap = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
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
            a->times = realloc(a->times, sizeof(double) * (size_t)cap);
            a->tcls = realloc(a->tcls, sizeof(int) * (size_t)cap);
            if (!a->times || !a->tcls)
                abort();
        }
        a->times[a->ntimes] = t;
        a->tcls[a->ntimes++] = ci;
    }
    fclose(f);
    if (a->ntimes == 0)
        cx_diag(c, DIAG_ERROR, "arrivals", at, rel, "arrival file '%s' holds no timestamps", path);
    /* replay in time order */
    stamp *st = xcalloc((size_t)a->ntimes, sizeof *st);
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

static void parse_arrivals(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "arrivals", "arrival") {
        plan_arrival a;
        memset(&a, 0, sizeof a);
        a.cls = -1;
        a.line = line_of(n);
        char *start = attr(n, "start"), *cls = attr(n, "class"), *csv = attr(n, "csv"), *per = attr(n, "per");
        a.node = node_attr(c, n, start, "start", "start event");
        if (a.node >= 0 && (p->nodes[a.node].kind != PK_START || p->nodes[a.node].mn->parent >= 0)) {
            cx_diag(c, DIAG_ERROR, "wrong-kind", n, start, "'%s' is not a top-level start event", start);
            a.node = -1;
        }
        for (int i = 0; a.node >= 0 && i < p->narrivals; i++)
            if (p->arrivals[i].node == a.node)
                cx_diag(c, DIAG_ERROR, "duplicate-id", n, start, "start event '%s' has two arrival lines", start);
        if (cls)
            a.cls = find_class(c, n, cls);
        a.key = plan_hash(start);
        int hasr = has_attr(n, "rate"), hase = has_attr(n, "every");
        if (hasr + !!csv + hase != 1)
            cx_diag(c, DIAG_ERROR, "value", n, start, "an <arrival> gives exactly one of rate, csv or every");
        if (hasr) {
            double ps = per_seconds(per), r = 0;
            if (ps < 0)
                cx_diag(c, DIAG_ERROR, "value", n, start, "a rate needs per=\"hour\" (or day, year, ...)");
            attr_double(c, n, "rate", &r);
            a.kind = PA_POISSON;
            a.rate = ps > 0 ? r / ps : 0;
            a.rate_max = a.rate;
            double any = a.rate;
            for (xmlNodePtr w = n->children; w; w = w->next) {
                if (!is_elem(w, "window"))
                    continue;
                double wr = 0;
                int wc = attr_calendar(c, w, "calendar");
                attr_double(c, w, "rate", &wr);
                if (wr < 0)
                    cx_diag(c, DIAG_ERROR, "value", w, start, "negative arrival rate %g", wr);
                a.win = realloc(a.win, sizeof *a.win * (a.nwin + 1));
                if (!a.win)
                    abort();
                a.win[a.nwin++] = (plan_window){wc < 0 ? 0 : wc, ps > 0 ? wr / ps : 0};
                if (wr / ps > a.rate_max)
                    a.rate_max = wr / ps;
                any += wr;
            }
            if (r < 0 || !(any > 0))
                cx_diag(c, DIAG_ERROR, "value", n, start, "the arrival rate at '%s' must be positive", start);
        } else if (csv) {
            a.kind = PA_CSV;
            read_csv(c, n, &a, csv);
        } else if (hase) {
            plan_amount e = {0, -1};
            a.kind = PA_EVERY;
            a.first = p->t0;
            attr_amount(c, n, "every", -1, &e);
            attr_datetime(c, n, "first", &a.first);
            a.every = e.sec;
            if (!(e.sec > 0))
                cx_diag(c, DIAG_ERROR, "value", n, start, "the period at '%s' must be positive", start);
        }
        p->arrivals = realloc(p->arrivals, sizeof *p->arrivals * (p->narrivals + 1));
        if (!p->arrivals)
            abort();
        p->arrivals[p->narrivals++] = a;
        free(start);
        free(cls);
        free(csv);
        free(per);
    }
    if (p->narrivals == 0)
        cx_diag(c, DIAG_ERROR, "arrivals", root, NULL, "the scenario has no <arrival>: no case would ever start");
}

/* ---- SLAs, levels, run --------------------------------------------------- */

static void add_hook(plan_hook **arr, int *n, int sla, int is_from)
{
    *arr = realloc(*arr, sizeof **arr * (size_t)(*n + 1));
    if (!*arr)
        abort();
    (*arr)[(*n)++] = (plan_hook){sla, is_from};
}

static void parse_slas(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "slas", "sla") {
        plan_sla s;
        memset(&s, 0, sizeof s);
        s.id = attr(n, "id");
        s.line = line_of(n);
        s.from = s.to = s.cls = -1;
        if (p->nslas && FIND(p->slas, p->nslas, s.id) >= 0)
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, s.id, "SLA '%s' is defined twice", s.id);
        char *from = attr(n, "from"), *to = attr(n, "to"), *at = attr(n, "to-at"), *cls = attr(n, "class");
        /* absent: the case's start or end; present but blank: a mistake */
        if (xmlHasProp(n, (const xmlChar *)"from"))
            s.from = node_attr(c, n, from, "from", "flow node (or leave from= out: case start)");
        if (xmlHasProp(n, (const xmlChar *)"to"))
            s.to = node_attr(c, n, to, "to", "flow node (or leave to= out: case end)");
        s.to_start = at && strcmp(at, "start") == 0;
        if (s.to_start && (s.to < 0 || p->nodes[s.to].kind != PK_TASK))
            cx_diag(c, DIAG_ERROR, "value", n, s.id, "to-at=\"start\" needs a task as to=");
        if (cls)
            s.cls = find_class(c, n, cls);
        int cal = has_attr(n, "calendar") ? attr_calendar(c, n, "calendar") : -1;
        if (attr_amount(c, n, "limit", cal, &s.limit) == 1 && !(s.limit.sec > 0))
            cx_diag(c, DIAG_ERROR, "value", n, s.id, "the limit of SLA '%s' must be positive", s.id);
        attr_double(c, n, "target", &s.target);
        int si = p->nslas;
        p->slas = realloc(p->slas, sizeof *p->slas * (p->nslas + 1));
        if (!p->slas)
            abort();
        p->slas[p->nslas++] = s;
        if (s.from >= 0)
            add_hook(&p->nodes[s.from].enter_hooks, &p->nodes[s.from].nenter, si, 1);
        if (s.to >= 0) {
            plan_node *t = &p->nodes[s.to];
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
    }
}

static void parse_levels(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    EACH_ITEM(n, root, "levels", "level") {
        char *id = attr(n, "id"), *el = attr(n, "element");
        if (p->nlevels && FIND(p->levels, p->nlevels, id) >= 0)
            cx_diag(c, DIAG_ERROR, "duplicate-id", n, id, "level '%s' is defined twice", id);
        int g = node_attr(c, n, el, "element", "level element");
        if (g >= 0) {
            plan_node *pn = &p->nodes[g];
            pn->levels = realloc(pn->levels, sizeof(int) * (size_t)(pn->nlevels + 1));
            if (!pn->levels)
                abort();
            pn->levels[pn->nlevels++] = p->nlevels;
        }
        p->levels = realloc(p->levels, sizeof *p->levels * (p->nlevels + 1));
        if (!p->levels)
            abort();
        p->levels[p->nlevels++] = (plan_level){id, attr(n, "label"), g};
        free(el);
    }
}

static void parse_run(cx *c, xmlNodePtr root)
{
    xmlNodePtr n = child(root, "run");
    long reps = 30;
    c->p->seed = 1;
    if (n) {
        attr_int(c, n, "replications", 1, 100000000, &reps);
        char *seed = attr(n, "seed");
        if (seed) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(seed, &end, 10);
            if (*end || errno)
                cx_diag(c, DIAG_ERROR, "value", n, NULL, "seed '%s' is not a whole number", seed);
            c->p->seed = v;
        }
        free(seed);
    }
    c->p->replications = (int)reps;
}

/* ---- structure checks ---------------------------------------------------- */

/* Marks what cases reach, and for each node the root process whose cases
 * reach it (shares are out of that process's cases). */
static void mark_reachable(cx *c)
{
    plan *p = c->p;
    c->reach = xcalloc((size_t)p->nnodes, sizeof(int));
    int *seen = xcalloc((size_t)p->nnodes, sizeof(int));
    int *stack = xcalloc((size_t)p->nnodes + 1, sizeof(int));
    for (int g = 0; g < p->nnodes; g++)
        p->nodes[g].root = -1;
    for (int i = 0; i < p->narrivals; i++) {
        int s0 = p->arrivals[i].node;
        if (s0 < 0)
            continue;
        int root = p->nodes[s0].process, top = 0;
        memset(seen, 0, sizeof(int) * (size_t)p->nnodes);
        seen[s0] = 1;
        stack[top++] = s0;
        while (top) {
            int g = stack[--top];
            plan_node *n = &p->nodes[g];
            c->reach[g] = 1;
            n->root = n->root == -1 || n->root == root ? root : -2;
            int next[2] = {n->inner_start, n->link};
            for (int j = 0; j < n->nout + n->nbnd + 2; j++) {
                int h = j < n->nout ? p->flows[n->out[j]].dst
                        : j < n->nout + n->nbnd ? n->bnd[j - n->nout]
                                                : next[j - n->nout - n->nbnd];
                if (h >= 0 && !seen[h]) {
                    seen[h] = 1;
                    stack[top++] = h;
                }
            }
        }
    }
    free(stack);
    free(seen);
    for (int g = 0; g < p->nnodes; g++)
        if (c->reach[g])
            p->procs[p->nodes[g].process].simulated = 1;
}

static int requires_role(model_node_type t)
{
    return t == MODEL_TASK || t == MODEL_USER_TASK || t == MODEL_MANUAL_TASK;
}

static int requires_duration(model_node_type t)
{
    return t != MODEL_SEND_TASK && t != MODEL_SERVICE_TASK && t != MODEL_SCRIPT_TASK;
}

static void assign_roles(cx *c)
{
    plan *p = c->p;
    for (int g = 0; g < p->nnodes; g++) {
        plan_node *n = &p->nodes[g];
        if (!model_type_is_task(n->mn->type))
            continue;
        int r = c->task_role[g];
        const model *m = p->models[n->model].m;
        for (int l = n->mn->lane; r < 0 && l >= 0; l = model_lane_at(m, l)->parent)
            r = c->lane_role[n->model][l];
        n->role = r;
        if (!c->reach[g])
            continue;
        if (r < 0) {
            if (n->mn->lane >= 0 && requires_role(n->mn->type))
                cx_model_diag(c, DIAG_ERROR, "unstaffed", g,
                              "task '%s' is in lane '%s', which no role serves: its cases would wait forever "
                              "(add a role serving the lane; staff=\"unlimited\" for an outside party)",
                              n->mn->e.id, model_lane_at(m, n->mn->lane)->e.id);
            else if (requires_role(n->mn->type))
                cx_model_diag(c, DIAG_NOTE, "no-role", g,
                              "task '%s' is in no lane and no role serves it: it runs without staff",
                              n->mn->e.id);
            continue;
        }
        p->roles[r].used = 1;
        if (p->roles[r].staff == 0)
            cx_model_diag(c, DIAG_ERROR, "unstaffed", g,
                          "task '%s' is served by role '%s', which has no staff: its cases would wait forever",
                          n->mn->e.id, p->roles[r].id);
    }
}

static void check_structure(cx *c)
{
    plan *p = c->p;
    for (int g = 0; g < p->nnodes; g++) {
        plan_node *n = &p->nodes[g];
        const model_node *mn = n->mn;
        if (!c->reach[g])
            continue;
        for (int k = 0; k < p->nclasses; k++) {
            const char *cls = p->nclasses > 1 ? p->classes[k].id : NULL;
            if (n->kind == PK_TASK && p->dur_of[g * p->nclasses + k] < 0 && requires_duration(mn->type) &&
                n->roster < 0) {
                cx_model_diag(c, DIAG_ERROR, "no-duration", g, "task '%s' has no duration%s%s in the scenario",
                              mn->e.id, cls ? " for class " : "", cls ? cls : "");
                break;
            }
            int splits = (n->kind == PK_XOR || n->kind == PK_EVGW || n->kind == PK_OR) && n->nout > 1;
            if (splits && p->branch_of[g * p->nclasses + k] < 0) {
                cx_model_diag(c, DIAG_ERROR, "no-branches", g,
                              "%s '%s' has %d outgoing flows and no branch probabilities%s%s in the scenario",
                              model_node_type_name(mn->type), mn->e.id, n->nout, cls ? " for class " : "",
                              cls ? cls : "");
                break;
            }
        }
        if (model_type_is_activity(mn->type) && n->nout > 1) {
            int conditional = 0;
            for (int j = 0; j < n->nout; j++)
                conditional |= p->flows[n->out[j]].mf->condition != NULL;
            n->multi_out = p->branch_of[g * p->nclasses] >= 0;
            if (conditional && !n->multi_out)
                cx_model_diag(c, DIAG_ERROR, "no-branches", g,
                              "activity '%s' has conditional outgoing flows and no branch probabilities",
                              mn->e.id);
        }
        if (n->kind == PK_CALL && n->inner_start < 0)
            cx_model_diag(c, DIAG_ERROR, "unbound-call", g,
                          "call activity '%s' calls '%s', which is in no loaded model: bind it with "
                          "<call activity=\"%s\" model=\"...\" process=\"...\"/>",
                          mn->e.id, mn->called_element ? mn->called_element : "?", mn->e.id);
        if (n->kind == PK_SUB && n->inner_start < 0)
            cx_model_diag(c, DIAG_ERROR, "no-start", g, "sub-process '%s' has no start event", mn->e.id);
        if (n->kind == PK_SUB && mn->triggered_by_event)
            cx_model_diag(c, DIAG_WARNING, "unsupported", g, "event sub-process '%s' is not simulated", mn->e.id);
        if (mn->loop != MODEL_LOOP_NONE)
            cx_model_diag(c, DIAG_WARNING, "unsupported", g,
                          "loop and multi-instance markers are not simulated: '%s' runs once per visit", mn->e.id);
        if (n->kind == PK_LINK && n->link < 0)
            cx_model_diag(c, DIAG_ERROR, "dangling-link", g, "link event '%s' has no matching catch", mn->e.id);
        if ((n->kind == PK_TIMER || (n->kind == PK_BOUNDARY && mn->evdef == MODEL_EVDEF_TIMER)) &&
            n->timer.mode == PT_NONE)
            cx_model_diag(c, DIAG_ERROR, "timer", g, "timer '%s' has no time: set it in <timers>", mn->e.id);
        if (n->kind == PK_TIMER && n->timer.mode == PT_DURATION && !(n->timer.dur.sec > 0))
            cx_model_diag(c, DIAG_ERROR, "timer", g, "timer '%s' waits no time", mn->e.id);
        if (n->kind == PK_BOUNDARY && mn->evdef != MODEL_EVDEF_TIMER && n->trigger <= 0)
            cx_model_diag(c, DIAG_NOTE, "never-fires", g,
                          "%s boundary event '%s' never fires: give it a <trigger> probability",
                          model_evdef_name(mn->evdef), mn->e.id);
        if (n->kind == PK_WAIT && p->dur_of[g * p->nclasses] < 0)
            cx_model_diag(c, DIAG_NOTE, "no-wait", g,
                          "%s catch event '%s' has no duration in the scenario: it passes at once",
                          model_evdef_name(mn->evdef), mn->e.id);
    }
    for (int i = 0; i < p->nroles; i++)
        if (!p->roles[i].used)
            diag_add(c->d, DIAG_NOTE, "unused", c->file, p->roles[i].line, p->roles[i].id, NULL,
                     "role '%s' serves no task a case reaches", p->roles[i].id);
}

/* Report slots: tasks, ends, processes with cycle times, inclusive joins. */
static void assign_slots(cx *c)
{
    plan *p = c->p;
    p->tasks = xcalloc((size_t)p->nnodes, sizeof(int));
    p->ends = xcalloc((size_t)p->nnodes, sizeof(int));
    p->cycle_procs = xcalloc((size_t)p->nprocs, sizeof(int));
    for (int g = 0; g < p->nnodes; g++) {
        plan_node *n = &p->nodes[g];
        if (!c->reach[g])
            continue;
        if (n->kind == PK_TASK) {
            n->task = p->ntasks;
            p->tasks[p->ntasks++] = g;
        }
        if (n->kind == PK_END || n->kind == PK_TERMINATE) {
            n->end = p->nends;
            p->ends[p->nends++] = g;
        }
        if (n->kind == PK_OR && n->nin > 1)
            n->incl = p->nincl++;
    }
    for (int g = 0; g < p->nnodes; g++) {
        plan_node *n = &p->nodes[g];
        n->counted = n->task >= 0 || n->end >= 0 || n->nlevels > 0;
        /* draws are keyed by the visit number of the node they happen at:
         * activities (durations, rosters, triggers), waits, and any node
         * that may choose among its outgoing flows */
        n->tracked = n->counted || n->kind == PK_TASK || n->kind == PK_SUB || n->kind == PK_CALL ||
                     n->kind == PK_WAIT || n->nout > 1 || n->nbnd > 0;
    }
    for (int i = 0; i < p->nprocs; i++)
        if (p->procs[i].simulated) {
            p->procs[i].slot = p->ncycle;
            p->cycle_procs[p->ncycle++] = i;
        }
    /* inclusive joins: which nodes can still send a token to each */
    if (p->nincl) {
        p->reach = xcalloc((size_t)p->nincl * (size_t)p->nnodes, 1);
        int *stack = xcalloc((size_t)p->nnodes, sizeof(int));
        for (int j = 0; j < p->nnodes; j++) {
            if (p->nodes[j].incl < 0)
                continue;
            unsigned char *row = p->reach + (size_t)p->nodes[j].incl * (size_t)p->nnodes;
            int top = 0;
            for (int k = 0; k < p->nodes[j].nin; k++) {
                int s = p->flows[p->nodes[j].in[k]].src;
                if (!row[s] && s != j) {
                    row[s] = 1;
                    stack[top++] = s;
                }
            }
            while (top) { /* backwards, not through the join itself */
                int g = stack[--top];
                const plan_node *n = &p->nodes[g];
                for (int k = 0; k < n->nin; k++) {
                    int s = p->flows[n->in[k]].src;
                    if (!row[s] && s != j) {
                        row[s] = 1;
                        stack[top++] = s;
                    }
                }
                if (n->attached >= 0 && !row[n->attached] && n->attached != j) {
                    row[n->attached] = 1;
                    stack[top++] = n->attached;
                }
            }
        }
        free(stack);
    }
}

/* ---- offered load ---------------------------------------------------------- */

static double roster_exhaust(const plan_roster *r)
{
    double q = 1;
    for (int k = 0; k < r->rounds; k++)
        for (int i = 0; i < r->n; i++)
            q *= 1 - r->p[i];
    return q;
}

static double roster_mean_time(const plan_roster *r)
{
    double t = 0, q = 1;
    for (int k = 0; k < r->rounds; k++)
        for (int i = 0; i < r->n; i++) {
            t += q * r->attempt; /* the attempt happens when all before failed */
            q *= 1 - r->p[i];
        }
    return t + q * r->backup_attempt / r->backup_p;
}

/* Mean work of task g over the class mix. */
static double mean_work(const plan *p, int g)
{
    double w = 0;
    for (int k = 0; k < p->nclasses; k++) {
        int di = p->dur_of[g * p->nclasses + k];
        w += p->classes[k].share * (di >= 0 ? dist_mean(&p->durs[di].d) : 0);
    }
    if (p->nodes[g].roster >= 0)
        w += roster_mean_time(&p->rosters[p->nodes[g].roster]);
    return w;
}

static double arrival_rate(const plan *p, const plan_arrival *a)
{
    switch (a->kind) {
    case PA_POISSON: {
        double r = a->rate;
        for (int i = 0; i < a->nwin; i++)
            r += (a->win[i].rate - a->rate) * calendar_working_fraction(p->cals[a->win[i].cal].cal);
        return r;
    }
    case PA_CSV:
        return a->ntimes / (p->tend - p->t0);
    case PA_EVERY:
        return 1 / a->every;
    }
    return 0;
}

/* Expected visits per second of every reachable node: v = e + P^T v, with
 * P the one-step token routing (branch probabilities, 1 for each parallel
 * branch, 1/n at an n-way join), e the arrival rates. */
static void compute_load(cx *c)
{
    plan *p = c->p;
    int *row = xcalloc((size_t)p->nnodes, sizeof(int)), n = 0;
    for (int g = 0; g < p->nnodes; g++)
        row[g] = c->reach[g] ? n++ : -1;
    if (n == 0 || n > 4000) {
        free(row);
        for (int i = 0; i < p->nroles; i++)
            p->roles[i].offered = NAN;
        return;
    }
    gsl_matrix *A = gsl_matrix_calloc((size_t)n, (size_t)n);
    gsl_vector *e = gsl_vector_calloc((size_t)n), *v = gsl_vector_alloc((size_t)n);
    gsl_matrix_set_identity(A);
    for (int g = 0; g < p->nnodes; g++) {
        const plan_node *pn = &p->nodes[g];
        if (row[g] < 0)
            continue;
        double scale = (pn->kind == PK_AND || pn->kind == PK_OR) && pn->nin > 1 ? 1.0 / pn->nin : 1.0;
        for (int j = 0; j < pn->nout; j++) {
            int h = p->flows[pn->out[j]].dst;
            double q = 1;
            int branching = ((pn->kind == PK_XOR || pn->kind == PK_EVGW || pn->kind == PK_OR) && pn->nout > 1) ||
                            pn->multi_out;
            if (branching) {
                q = 0;
                for (int k = 0; k < p->nclasses; k++) {
                    int bi = p->branch_of[g * p->nclasses + k];
                    if (bi < 0)
                        continue;
                    const plan_branch *b = &p->branches[bi];
                    double x = b->p[j];
                    if (b->mode == PB_ROSTER) {
                        double ex = b->roster >= 0 ? roster_exhaust(&p->rosters[b->roster]) : 0;
                        x = b->when[j] == PB_WHEN_REACHED    ? 1
                            : b->when[j] == PB_WHEN_BACKUP   ? ex
                            : b->when[j] == PB_WHEN_ANSWERED ? 1 - ex
                                                             : 0;
                    }
                    q += p->classes[k].share * x;
                }
            }
            if (row[h] >= 0)
                *gsl_matrix_ptr(A, (size_t)row[h], (size_t)row[g]) -= q * scale;
        }
        int extra[2] = {pn->inner_start, pn->link};
        for (int j = 0; j < 2; j++)
            if (extra[j] >= 0 && row[extra[j]] >= 0)
                *gsl_matrix_ptr(A, (size_t)row[extra[j]], (size_t)row[g]) -= 1;
    }
    for (int i = 0; i < p->narrivals; i++)
        if (p->arrivals[i].node >= 0)
            *gsl_vector_ptr(e, (size_t)row[p->arrivals[i].node]) += arrival_rate(p, &p->arrivals[i]);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)n);
    int sign, ok = 0;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    if (gsl_linalg_LU_decomp(A, perm, &sign) == 0 && fabs(gsl_linalg_LU_det(A, sign)) > 1e-12 &&
        gsl_linalg_LU_solve(A, perm, e, v) == 0)
        ok = 1;
    gsl_set_error_handler(old);
    for (int i = 0; i < p->nroles; i++)
        p->roles[i].offered = ok && p->roles[i].staff != SIM_STAFF_UNLIMITED ? 0 : NAN;
    for (int g = 0; ok && g < p->nnodes; g++) {
        const plan_node *pn = &p->nodes[g];
        if (row[g] >= 0 && pn->kind == PK_TASK && pn->role >= 0 && p->roles[pn->role].staff != SIM_STAFF_UNLIMITED)
            p->roles[pn->role].offered += gsl_vector_get(v, (size_t)row[g]) * mean_work(p, g);
    }
    if (!ok)
        diag_add(c->d, DIAG_WARNING, "loop", c->file, 0, NULL, NULL,
                 "the expected number of visits cannot be solved (a loop with no way out?): "
                 "offered loads are unknown");
    gsl_permutation_free(perm);
    gsl_matrix_free(A);
    gsl_vector_free(e);
    gsl_vector_free(v);
    free(row);
}

/* A typo in a horizon or a rate must not start a run of days: refuse more
 * than 10^9 expected arrivals per replication. */
static void check_volume(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    double n = 0;
    for (int i = 0; i < p->narrivals; i++)
        n += arrival_rate(p, &p->arrivals[i]) * (p->tend - p->t0);
    if (n > 1e9)
        cx_diag(c, DIAG_ERROR, "too-long", child(root, "clock"), NULL,
                "a replication would simulate about %.3g cases (over 10^9): shorten the horizon or lower the rates", n);
}

/* ---- compile ------------------------------------------------------------- */

void plan_free(plan *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->nmodels; i++)
        free(p->models[i].path);
    free(p->models);
    for (int g = 0; g < p->nnodes; g++) {
        plan_node *n = &p->nodes[g];
        free(n->out);
        free(n->in);
        free(n->bnd);
        free(n->enter_hooks);
        free(n->start_hooks);
        free(n->done_hooks);
        free(n->levels);
    }
    free(p->nodes);
    free(p->flows);
    free(p->procs);
    for (int i = 0; i < p->ncals; i++) {
        free(p->cals[i].id);
        calendar_free(p->cals[i].cal);
    }
    free(p->cals);
    for (int i = 0; i < p->nroles; i++)
        free(p->roles[i].id);
    free(p->roles);
    for (int i = 0; i < p->nclasses; i++)
        free(p->classes[i].id);
    free(p->classes);
    for (int i = 0; i < p->narrivals; i++) {
        free(p->arrivals[i].win);
        free(p->arrivals[i].times);
        free(p->arrivals[i].tcls);
    }
    free(p->arrivals);
    for (int i = 0; i < p->ndurs; i++)
        dist_release(&p->durs[i].d);
    free(p->durs);
    free(p->dur_of);
    for (int i = 0; i < p->nbranches; i++) {
        free(p->branches[i].p);
        free(p->branches[i].when);
    }
    free(p->branches);
    free(p->branch_of);
    for (int i = 0; i < p->nslas; i++)
        free(p->slas[i].id);
    free(p->slas);
    for (int i = 0; i < p->nrosters; i++) {
        free(p->rosters[i].id);
        free(p->rosters[i].p);
        free(p->rosters[i].backup);
    }
    free(p->rosters);
    for (int i = 0; i < p->nlevels; i++) {
        free(p->levels[i].id);
        free(p->levels[i].label);
    }
    free(p->levels);
    free(p->tasks);
    free(p->ends);
    free(p->cycle_procs);
    free(p->reach);
    free(p->name);
    free(p->path);
    free(p);
}

const char *plan_node_label(const plan *p, int g)
{
    return model_node_label(p->nodes[g].mn);
}

/* Where the XSD lives: $FLOWMC_SCENARIO_XSD, next to the binary
 * (bin/../simulations/schema), or under the working directory. */
static void schema_path(char *buf, size_t len)
{
    const char *env = getenv("FLOWMC_SCENARIO_XSD");
    if (env && *env) {
        snprintf(buf, len, "%s", env);
        return;
    }
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(buf, len, "%s/../simulations/schema/scenario.xsd", exe);
            if (access(buf, R_OK) == 0)
                return;
        }
    }
    snprintf(buf, len, "simulations/schema/scenario.xsd");
}

static plan *compile(sim_scenario *s, diag_list *d)
{
    plan *p = xcalloc(1, sizeof *p);
    cx c = {s, p, d, s->path, 0, NULL, NULL, NULL, 0};
    p->path = plan_strdup(s->path);
    char xsd[4200];
    schema_path(xsd, sizeof xsd);
    xmlSchemaPtr schema = xmlsafe_schema_load(xsd, d);
    if (!schema || xmlsafe_validate(schema, s->doc, s->path, d) != 0) {
        xmlSchemaFree(schema);
        plan_free(p);
        return NULL;
    }
    xmlSchemaFree(schema);
    xmlNodePtr root = xmlDocGetRootElement(s->doc);
    p->name = attr(root, "name");
    char *mpath = attr(root, "model");
    parse_clock(&c, root);
    parse_calendars(&c, root);
    int before = c.nerr; /* without its models nothing else can be checked */
    if (!mpath || use_model(&c, root, mpath) != 0)
        goto fail;
    load_call_models(&c, root);
    if (c.nerr > before)
        goto fail;
    build_nodes(&c);
    bind_calls(&c, root);
    parse_classes(&c, root);
    parse_roles(&c, root);
    parse_arrivals(&c, root);
    if (c.nerr == 0) {
        mark_reachable(&c);
        assign_roles(&c);
        c.roles_known = 1;
    }
    parse_durations(&c, root);
    parse_timers(&c, root);
    parse_triggers(&c, root);
    parse_rosters(&c, root);
    parse_branches(&c, root);
    parse_slas(&c, root);
    parse_levels(&c, root);
    parse_run(&c, root);
    if (c.nerr == 0)
        check_volume(&c, root);
    if (c.nerr)
        goto fail;
    check_structure(&c);
    if (c.nerr)
        goto fail;
    assign_slots(&c);
    compute_load(&c);
    free(mpath);
    free(c.task_role);
    for (int i = 0; c.lane_role && i < p->nmodels; i++)
        free(c.lane_role[i]);
    free(c.lane_role);
    free(c.reach);
    return p;
fail:
    free(mpath);
    free(c.task_role);
    for (int i = 0; c.lane_role && i < p->nmodels; i++)
        free(c.lane_role[i]);
    free(c.lane_role);
    free(c.reach);
    plan_free(p);
    return NULL;
}

/* ---- public API ------------------------------------------------------------ */

sim_scenario *sim_scenario_load(const char *path, diag_list *d)
{
    xmlsafe_init();
    sim_scenario *s = xcalloc(1, sizeof *s);
    s->path = plan_strdup(path);
    s->dir = plan_strdup(path);
    char *slash = strrchr(s->dir, '/');
    if (slash)
        slash[1] = 0;
    else
        s->dir[0] = 0;
    s->doc = xmlsafe_read_file(path, d);
    if (!s->doc)
        goto fail;
    xmlNodePtr root = xmlDocGetRootElement(s->doc);
    if (!is_elem(root, "scenario")) {
        diag_add(d, DIAG_ERROR, "scenario", path, line_of(root), NULL, NULL,
                 "not a flowmc scenario: the root element is '%s', not 'scenario'",
                 root ? (const char *)root->name : "");
        goto fail;
    }
    if (!(s->p = compile(s, d)))
        goto fail;
    return s;
fail:
    sim_scenario_free(s);
    return NULL;
}

void sim_scenario_free(sim_scenario *s)
{
    if (!s)
        return;
    plan_free(s->p);
    for (int i = 0; i < s->nmodels; i++) {
        free(s->models[i].path);
        model_free(s->models[i].m);
    }
    free(s->models);
    if (s->doc)
        xmlFreeDoc(s->doc);
    free(s->path);
    free(s->dir);
    free(s);
}

/* The attribute that names each kind of element in a --set key. */
static const char *ref_attr(const char *elem)
{
    static const char *const map[][2] = {
        {"arrival", "start"}, {"duration", "task"}, {"timer", "event"}, {"trigger", "event"},
        {"call", "activity"}, {"person", "name"}, {"level", "id"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(elem, map[i][0]) == 0)
            return map[i][1];
    return "id";
}

typedef struct saved_attr {
    xmlNodePtr node;
    char *name;
    xmlChar *old;
} saved_attr;

static void find_elems(xmlNodePtr n, const char *elem, const char *ref, xmlNodePtr **out, int *nout)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, elem) == 0) {
            int match = !ref;
            if (ref) {
                char *v = attr(n, ref_attr(elem));
                if (!v && strcmp(elem, "duration") == 0)
                    v = attr(n, "event");
                match = v && strcmp(v, ref) == 0;
                free(v);
            }
            if (match) {
                *out = realloc(*out, sizeof **out * (size_t)(*nout + 1));
                if (!*out)
                    abort();
                (*out)[(*nout)++] = n;
            }
        }
        find_elems(n->children, elem, ref, out, nout);
    }
}

int sim_scenario_set_args(sim_scenario *s, const char *const *kv, int n, diag_list *d)
{
    saved_attr *saved = NULL;
    int nsaved = 0, bad = 0;
    xmlNodePtr root = xmlDocGetRootElement(s->doc);
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(kv[i], '=');
        const char *dot1 = strchr(kv[i], '.');
        if (!eq || !dot1 || dot1 > eq) {
            diag_add(d, DIAG_ERROR, "set", NULL, 0, NULL, NULL,
                     "--set %s: expected ELEMENT.ID.ATTRIBUTE=VALUE (e.g. role.rzm.staff=4)", kv[i]);
            bad = 1;
            continue;
        }
        char *key = xcalloc((size_t)(eq - kv[i]) + 1, 1);
        memcpy(key, kv[i], (size_t)(eq - kv[i]));
        char *elem = key, *d1 = strchr(key, '.'), *d2 = strrchr(key, '.');
        *d1 = 0;
        char *ref = d1 == d2 ? NULL : d1 + 1, *name = d2 + 1;
        if (ref)
            *d2 = 0;
        xmlNodePtr *hits = NULL;
        int nhits = 0;
        find_elems(root, elem, ref, &hits, &nhits);
        if (nhits == 0 && !ref && strcmp(elem, "run") == 0) {
            hits = xcalloc(1, sizeof *hits);
            hits[nhits++] = xmlNewChild(root, NULL, (const xmlChar *)"run", NULL);
        }
        if (nhits == 0) {
            diag_add(d, DIAG_ERROR, "set", s->path, 0, ref, NULL, "--set %s: the scenario has no <%s%s%s%s%s>",
                     kv[i], elem, ref ? " " : "", ref ? ref_attr(elem) : "", ref ? "=" : "", ref ? ref : "");
            bad = 1;
        }
        for (int h = 0; h < nhits; h++) {
            saved = realloc(saved, sizeof *saved * (size_t)(nsaved + 1));
            if (!saved)
                abort();
            saved[nsaved++] = (saved_attr){hits[h], plan_strdup(name), xmlGetProp(hits[h], (const xmlChar *)name)};
            xmlSetProp(hits[h], (const xmlChar *)name, (const xmlChar *)(eq + 1));
        }
        free(hits);
        free(key);
    }
    plan *p = NULL;
    if (!bad) {
        diag_list *tmp = diag_list_new();
        p = compile(s, tmp);
        if (!p)
            for (int i = 0; i < n; i++)
                diag_add(tmp, DIAG_NOTE, "set", NULL, 0, NULL, NULL, "after --set %s", kv[i]);
        /* keep only errors: warnings were reported at load */
        diag_list *errs = diag_list_new();
        for (size_t i = 0; i < diag_list_count(tmp); i++) {
            const diag *x = diag_list_at(tmp, i);
            if (!p || x->severity == DIAG_ERROR || strcmp(x->code, "loop") == 0)
                diag_add(errs, x->severity, x->code, x->file, x->line, x->element, x->name, "%s", x->message);
        }
        diag_list_splice(d, errs);
        diag_list_free(errs);
        diag_list_free(tmp);
    }
    if (!p) { /* undo, newest first */
        for (int i = nsaved - 1; i >= 0; i--) {
            if (saved[i].old)
                xmlSetProp(saved[i].node, (const xmlChar *)saved[i].name, saved[i].old);
            else
                xmlUnsetProp(saved[i].node, (const xmlChar *)saved[i].name);
        }
    } else {
        plan_free(s->p);
        s->p = p;
    }
    for (int i = 0; i < nsaved; i++) {
        free(saved[i].name);
        xmlFree(saved[i].old);
    }
    free(saved);
    return p ? 0 : -1;
}

int sim_scenario_set(sim_scenario *s, const char *key, const char *value, diag_list *d)
{
    size_t n = strlen(key) + strlen(value) + 2;
    char *kv = xcalloc(n, 1);
    snprintf(kv, n, "%s=%s", key, value);
    const char *arr[1] = {kv};
    int rc = sim_scenario_set_args(s, arr, 1, d);
    free(kv);
    return rc;
}

const char *sim_scenario_path(const sim_scenario *s) { return s->path; }
const char *sim_scenario_name(const sim_scenario *s) { return s->p->name; }
const model *sim_scenario_model(const sim_scenario *s) { return s->p->models[0].m; }
int sim_scenario_replications(const sim_scenario *s) { return s->p->replications; }
uint64_t sim_scenario_seed(const sim_scenario *s) { return s->p->seed; }
int sim_scenario_role_count(const sim_scenario *s) { return s->p->nroles; }

int sim_scenario_role_find(const sim_scenario *s, const char *id)
{
    return s->p->nroles ? FIND(s->p->roles, s->p->nroles, id) : -1;
}

const char *sim_scenario_role_id(const sim_scenario *s, int i) { return s->p->roles[i].id; }
int sim_scenario_role_staff(const sim_scenario *s, int i) { return s->p->roles[i].staff; }
double sim_scenario_role_cost(const sim_scenario *s, int i) { return s->p->roles[i].cost; }

double sim_scenario_role_working_fraction(const sim_scenario *s, int i)
{
    return calendar_working_fraction(s->p->cals[s->p->roles[i].cal].cal);
}

double sim_scenario_role_offered_load(const sim_scenario *s, int i)
{
    double o = s->p->roles[i].offered;
    return s->p->roles[i].staff == SIM_STAFF_UNLIMITED ? 0 : o;
}

int sim_scenario_sla_count(const sim_scenario *s) { return s->p->nslas; }
const char *sim_scenario_sla_id(const sim_scenario *s, int i) { return s->p->slas[i].id; }
double sim_scenario_sla_target(const sim_scenario *s, int i) { return s->p->slas[i].target; }

const plan *sim_scenario_plan(const sim_scenario *s) { return s->p; }
