/*
 * scenario_cx: the scenario compiler's helpers -- diagnostics at the
 * scenario's (or a model's) file and line, counted as errors; trimmed
 * attribute values and their numbers; the models a scenario loads and the
 * ids it names in them; amounts of time on calendars.
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/num.h"
#include "scenario_int.h"

/* ---- small helpers ----------------------------------------------------- */

int scn_line_of(xmlNodePtr n)
{
    return n ? (int)xmlGetLineNo(n) : 0;
}

void cx_diag(cx *c, diag_severity sev, const char *code, xmlNodePtr at,
             const char *elem, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_addv(c->d, sev, code, c->file, scn_line_of(at), elem, NULL, fmt, ap);
    va_end(ap);
    if (sev == DIAG_ERROR)
        c->nerr++;
}

/* A diagnostic about a model element, at its own file and line. */
void cx_model_diag(cx *c, diag_severity sev, const char *code, int g,
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

int scn_is_elem(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr scn_child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr k = n ? n->children : NULL; k; k = k->next)
        if (scn_is_elem(k, name))
            return k;
    return NULL;
}

/* The next <item> element from n on (n included), NULL at the end. */
xmlNodePtr scn_item_from(xmlNodePtr n, const char *item)
{
    while (n && !scn_is_elem(n, item))
        n = n->next;
    return n;
}

/* Trimmed attribute value (malloc'd), NULL when absent or blank. */
char *scn_attr(xmlNodePtr n, const char *name)
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
        out = alloc_zero(len + 1, 1);
        memcpy(out, s, len);
    }
    xmlFree(v);
    return out;
}

int scn_has_attr(xmlNodePtr n, const char *name)
{
    char *v = scn_attr(n, name);
    free(v);
    return v != NULL;
}

/* Parses a double attribute; 0 when absent (out untouched), 1 when read,
 * -1 after an error. */
int scn_attr_double(cx *c, xmlNodePtr n, const char *name, double *out)
{
    char *v = scn_attr(n, name);
    if (!v)
        return 0;
    const char *why;
    double x;
    int ok = num_double(v, -DBL_MAX, 0, DBL_MAX, &x, &why) == 0;
    if (!ok)
        cx_diag(c, DIAG_ERROR, "value", n, NULL, "%s='%s' %s", name, v, why);
    else
        *out = x;
    free(v);
    return ok ? 1 : -1;
}

int scn_attr_int(cx *c, xmlNodePtr n, const char *name, long lo, long hi, long *out)
{
    char *v = scn_attr(n, name);
    if (!v)
        return 0;
    const char *why;
    long x;
    int ok = num_long(v, lo, hi, &x, &why) == 0;
    if (!ok)
        cx_diag(c, DIAG_ERROR, "value", n, NULL, "%s='%s' must be a whole number from %ld to %ld (it %s)",
                name, v, lo, hi, why);
    else
        *out = x;
    free(v);
    return ok ? 1 : -1;
}

/* ---- models ------------------------------------------------------------ */

char *scn_join_path(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 1;
    char *p = alloc_zero(n, 1);
    if (rel[0] == '/')
        snprintf(p, n, "%s", rel);
    else
        snprintf(p, n, "%s%s", dir, rel);
    return p;
}

/* The model at path rel (relative to the scenario), read once per
 * scenario.  Returns its plan model index, or -1 after errors. */
int scn_use_model(cx *c, xmlNodePtr at, const char *rel)
{
    char *path = scn_join_path(c->s->dir, rel);
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
        *ALLOC_PUSH(c->s->models, c->s->nmodels) = (cached_model){alloc_strdup(path), m};
    }
    plan *p = c->p;
    *ALLOC_PUSH(p->models, p->nmodels) = (plan_model){path, m, 0, 0, 0};
    return p->nmodels - 1;
}

/* Global index of the flow node with this id in any loaded model; -1 after
 * an error naming what was looked for. */
int scn_find_node(cx *c, xmlNodePtr at, const char *id, const char *what)
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
 * be there and not blank (scn_attr() gives NULL for both). */
int scn_node_attr(cx *c, xmlNodePtr at, const char *id, const char *name, const char *what)
{
    if (!id) {
        cx_diag(c, DIAG_ERROR, "value", at, NULL, "<%s> needs %s=\"...\" naming a %s",
                (const char *)at->name, name, what);
        return -1;
    }
    return scn_find_node(c, at, id, what);
}

int scn_find_flow(cx *c, const char *id)
{
    for (int i = 0; i < c->p->nmodels; i++) {
        int k = model_find_flow(c->p->models[i].m, id);
        if (k >= 0)
            return c->p->models[i].base_flow + k;
    }
    return -1;
}

int scn_find_named(char *const *ids, size_t stride, int n, const char *id)
{
    for (int i = 0; id && i < n; i++)
        if (strcmp(*(char *const *)((const char *)ids + stride * (size_t)i), id) == 0)
            return i;
    return -1;
}

static int find_calendar(cx *c, xmlNodePtr at, const char *id)
{
    int k = c->p->ncals ? FIND(c->p->cals, c->p->ncals, id) : -1;
    if (k < 0)
        cx_diag(c, DIAG_ERROR, "unknown-id", at, id, "unknown calendar '%s'", id);
    return k;
}

int scn_find_class(cx *c, xmlNodePtr at, const char *id)
{
    int k = FIND(c->p->classes, c->p->nclasses, id);
    if (k < 0)
        cx_diag(c, DIAG_ERROR, "unknown-id", at, id, "unknown case class '%s'", id);
    return k;
}

/* ---- amounts of time --------------------------------------------------- */

/* "P2DT4H" or "2 bd" in seconds; with cal >= 0 in working time of that
 * calendar, where a day of an ISO duration and "bd" are business days. */
int scn_parse_amount(cx *c, xmlNodePtr at, const char *what, const char *text, int cal,
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

int scn_attr_amount(cx *c, xmlNodePtr n, const char *name, int cal, plan_amount *out)
{
    char *v = scn_attr(n, name);
    if (!v)
        return 0;
    int rc = scn_parse_amount(c, n, name, v, cal, out);
    free(v);
    return rc == 0 ? 1 : -1;
}

/* An attribute naming a calendar; -1 when absent or unknown. */
int scn_attr_calendar(cx *c, xmlNodePtr n, const char *name)
{
    char *v = scn_attr(n, name);
    int k = v ? find_calendar(c, n, v) : -1;
    free(v);
    return k;
}

int scn_attr_datetime(cx *c, xmlNodePtr n, const char *name, double *out)
{
    char *v = scn_attr(n, name);
    if (!v)
        return 0;
    int rc = calendar_parse_datetime(v, out);
    if (rc != 0)
        cx_diag(c, DIAG_ERROR, "value", n, NULL, "%s='%s' is not a local date and time", name, v);
    free(v);
    return rc == 0 ? 1 : -1;
}
