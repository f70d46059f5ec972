/*
 * qbp: QBP (BIMP) simulation parameters into a flowmc scenario document.
 *
 * The mapping, element by element (docs/interop.md has the table and the
 * reasons):
 *   arrivalRateDistribution  -> <arrival dist=...> (a renewal process, the
 *                               gaps in seconds), calendar= the timetable
 *                               marked default="true";
 *   timetables, holidays     -> <calendar> windows and holidays;
 *   resources                -> <role staff=totalAmount calendar= cost>;
 *   elements                 -> <duration> and <serves task=> per task;
 *   sequenceFlows            -> <branches> probabilities, grouped by the
 *                               flow's source in the model;
 *   processInstances         -> <arrival limit=>: the arrivals stop after
 *                               that many cases and a replication ends
 *                               when they have finished, as a QBP run
 *                               does (flowmc repeats it); the horizon is
 *                               a generous cap;
 *   statsOptions trimStart   -> warm-up: the expected time for that many
 *                               arrivals;
 *   startDateTime            -> clock start and utc-offset.
 * Laws: QBP gives GAMMA and LOGNORMAL by mean and variance (arg1), NORMAL
 * by mean and standard deviation, EXPONENTIAL by its mean in arg1,
 * TRIANGULAR by mode (mean), min (arg1) and max (arg2), HISTOGRAM as a
 * mixture of per-bin laws with percent probabilities, EXACT as a list of
 * values (each drawn with equal probability).
 */
#include "../model/alloc.h"
#include "qbp.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../model/bpmn_read.h"
#include "../model/model.h"
#include "../model/xmlsafe.h"
#include "../sim/dist.h"
#include "scenbuild.h"

typedef struct qx {
    const char *file;   /* the BPMN file, for diagnostics */
    diag_list *d;
    const model *m;
    int nerr;
    double *wait;       /* per node: a catch event's mean wait, NAN unknown */
} qx;

static void qdiag(qx *q, diag_severity sev, xmlNodePtr at, const char *elem, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void qdiag(qx *q, diag_severity sev, xmlNodePtr at, const char *elem, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_addv(q->d, sev, "qbp", q->file, at ? (int)xmlGetLineNo(at) : 0, elem, NULL, fmt, ap);
    va_end(ap);
    if (sev == DIAG_ERROR)
        q->nerr++;
}

static int is_qbp(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST QBP_NS) &&
           xmlStrEqual(n->name, BAD_CAST name);
}

static xmlNodePtr qchild(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is_qbp(c, name))
            return c;
    return NULL;
}

/* The attribute's text (owned by the caller), or NULL. */
static char *qattr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    if (!v)
        return NULL;
    char *s = alloc_strdup((const char *)v);
    xmlFree(v);
    return s;
}

/* A number attribute: 1 read, 0 absent (*out untouched); the schema has
 * already checked the syntax. */
static int qnum(xmlNodePtr n, const char *name, double *out)
{
    char *v = qattr(n, name);
    if (!v)
        return 0;
    *out = strtod(v, NULL);
    free(v);
    return 1;
}

/* The element keeps the line of its source, so that the scenario
 * compiler's messages point into the BPMN file. */
static xmlNodePtr add_from(xmlNodePtr parent, const char *name, xmlNodePtr src, const char *note)
{
    xmlNodePtr n = sb_add(parent, name, note);
    long line = src ? xmlGetLineNo(src) : 0;
    n->line = (unsigned short)(line > 65535 ? 65535 : line < 0 ? 0 : line);
    return n;
}

xmlNodePtr qbp_find(xmlDocPtr bpmn)
{
    xmlNodePtr root = xmlDocGetRootElement(bpmn);
    if (!root)
        return NULL;
    /* Simod and BIMP: a child of the definitions; Apromore: in a process's
     * extensionElements */
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (is_qbp(c, "processSimulationInfo"))
            return c;
        if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, BAD_CAST "process"))
            continue;
        for (xmlNodePtr e = c->children; e; e = e->next)
            if (e->type == XML_ELEMENT_NODE && xmlStrEqual(e->name, BAD_CAST "extensionElements"))
                for (xmlNodePtr x = e->children; x; x = x->next)
                    if (is_qbp(x, "processSimulationInfo"))
                        return x;
    }
    return NULL;
}

/* ---- laws ------------------------------------------------------------ */

/* The mean of a QBP law in seconds (NAN when it has none): for the
 * horizon and warm-up. */
static double law_mean(xmlNodePtr di)
{
    char *type = qattr(di, "type");
    double mean = NAN, a1 = NAN, a2 = NAN, m = NAN;
    qnum(di, "mean", &mean);
    qnum(di, "arg1", &a1);
    qnum(di, "arg2", &a2);
    if (!type)
        return NAN;
    if (!strcmp(type, "FIXED") || !strcmp(type, "GAMMA") || !strcmp(type, "LOGNORMAL") ||
        !strcmp(type, "NORMAL"))
        m = mean;
    else if (!strcmp(type, "EXPONENTIAL"))
        m = a1;
    else if (!strcmp(type, "UNIFORM"))
        m = (a1 + a2) / 2;
    else if (!strcmp(type, "TRIANGULAR"))
        m = (a1 + mean + a2) / 3;
    else if (!strcmp(type, "HISTOGRAM")) {
        double sw = 0, s = 0;
        for (xmlNodePtr b = qchild(qchild(di, "histogramDataBins"), "histogramData"); b; b = b->next) {
            double p = 0;
            if (!is_qbp(b, "histogramData"))
                continue;
            qnum(b, "probability", &p);
            sw += p;
            s += p * law_mean(qchild(b, "distribution"));
        }
        m = s / sw;
    } else if (!strcmp(type, "EXACT")) {
        double s = 0;
        int n = 0;
        for (xmlNodePtr v = qchild(di, "exactValues") ? qchild(di, "exactValues")->children : NULL; v;
             v = v->next)
            if (is_qbp(v, "value")) {
                xmlChar *t = xmlNodeGetContent(v);
                s += strtod((const char *)t, NULL);
                xmlFree(t);
                n++;
            }
        m = n ? s / n : NAN;
    }
    free(type);
    return m;
}

/* Writes the law di on n (a <duration>, <arrival> or <component>) in
 * seconds.  what names the QBP element for messages.  Returns 0, -1 after
 * an error. */
static int put_law(qx *q, xmlNodePtr n, xmlNodePtr di, const char *what, int nested)
{
    char *type = qattr(di, "type");
    double mean = NAN, a1 = NAN, a2 = NAN;
    int hm = qnum(di, "mean", &mean), h1 = qnum(di, "arg1", &a1), h2 = qnum(di, "arg2", &a2);
    int rc = 0;
    if (!nested)
        sb_set(n, "unit", "s");
#define NEED(cond, msg)                                                                           \
    if (!(cond)) {                                                                               \
        qdiag(q, DIAG_ERROR, di, what, "%s law of '%s': %s", type, what, msg);                   \
        rc = -1;                                                                                 \
        goto done;                                                                               \
    }
    if (!strcmp(type, "FIXED")) {
        NEED(hm && mean >= 0, "mean (the fixed value) must be given, not negative");
        sb_set(n, "dist", "fixed");
        sb_num(n, "value", mean);
    } else if (!strcmp(type, "EXPONENTIAL")) {
        /* arg1 is the mean (the schema: "exponential - mean"); BIMP's own
         * editor leaves mean unused */
        if (!(h1 && a1 > 0) && hm && mean > 0) {
            qdiag(q, DIAG_WARNING, di, what,
                  "EXPONENTIAL law of '%s' gives its mean in mean=, not arg1=: read as the mean", what);
            a1 = mean, h1 = 1;
        }
        NEED(h1 && a1 > 0, "arg1 (the mean) must be positive");
        sb_set(n, "dist", "exponential");
        sb_num(n, "mean", a1);
    } else if (!strcmp(type, "NORMAL")) {
        NEED(hm && h1 && a1 > 0, "mean and arg1 (the standard deviation) must be given, arg1 positive");
        sb_set(n, "dist", "normal");
        sb_num(n, "mean", mean);
        sb_num(n, "sd", a1);
    } else if (!strcmp(type, "GAMMA")) {
        NEED(hm && mean > 0 && h1 && a1 > 0, "mean and arg1 (the variance) must be positive");
        sb_set(n, "dist", "gamma");
        sb_num(n, "shape", mean * mean / a1);
        sb_num(n, "scale", a1 / mean);
    } else if (!strcmp(type, "LOGNORMAL")) {
        NEED(hm && mean > 0 && h1 && a1 > 0, "mean and arg1 (the variance) must be positive");
        sb_set(n, "dist", "lognormal");
        sb_num(n, "mean", mean);
        sb_num(n, "sd", sqrt(a1));
    } else if (!strcmp(type, "TRIANGULAR")) {
        NEED(hm && h1 && h2, "mean (the mode), arg1 (min) and arg2 (max) must be given");
        sb_set(n, "dist", "triangular");
        sb_num(n, "min", a1);
        sb_num(n, "mode", mean);
        sb_num(n, "max", a2);
    } else if (!strcmp(type, "UNIFORM")) {
        NEED(h1 && h2, "arg1 (min) and arg2 (max) must be given");
        sb_set(n, "dist", "uniform");
        sb_num(n, "min", a1);
        sb_num(n, "max", a2);
    } else if (!strcmp(type, "HISTOGRAM")) {
        NEED(!nested, "a histogram bin cannot itself be a histogram");
        xmlNodePtr bins = qchild(di, "histogramDataBins");
        NEED(bins && qchild(bins, "histogramData"), "a HISTOGRAM needs histogramDataBins");
        sb_set(n, "dist", "mixture");
        double sum = 0;
        for (xmlNodePtr b = bins->children; b; b = b->next) {
            if (!is_qbp(b, "histogramData"))
                continue;
            double p = 0;
            qnum(b, "probability", &p);
            sum += p;
            xmlNodePtr c = add_from(n, "component", b, NULL);
            sb_num(c, "weight", p);
            xmlNodePtr bd = qchild(b, "distribution");
            if (put_law(q, c, bd, what, 1) != 0)
                rc = -1;
        }
        if (fabs(sum - 100) > 1e-6)
            qdiag(q, DIAG_WARNING, bins, what,
                  "histogram bins of '%s' have probabilities summing to %g, not 100: used as weights",
                  what, sum);
    } else if (!strcmp(type, "EXACT")) {
        /* each value drawn alike: an empirical law, a mixture of fixed
         * laws past DIST_MAX_POINTS values */
        xmlNodePtr ev = qchild(di, "exactValues");
        int nv = 0;
        for (xmlNodePtr v = ev ? ev->children : NULL; v; v = v->next)
            nv += is_qbp(v, "value");
        NEED(nv > 0, "EXACT needs at least one exactValues/value");
        NEED(nv <= DIST_MAX_COMPONENTS, "flowmc draws from at most 1024 exact values");
        int mix = nv > DIST_MAX_POINTS;
        NEED(!(mix && nested), "more than 64 exact values cannot be a histogram bin");
        sb_set(n, "dist", mix ? "mixture" : "empirical");
        for (xmlNodePtr v = ev->children; v; v = v->next) {
            if (!is_qbp(v, "value"))
                continue;
            xmlChar *t = xmlNodeGetContent(v);
            xmlNodePtr p = add_from(n, mix ? "component" : "point", v, NULL);
            sb_set(p, "weight", "1");
            if (mix)
                sb_set(p, "dist", "fixed");
            sb_num(p, "value", strtod((const char *)t, NULL));
            xmlFree(t);
        }
    } else {
        NEED(0, "unknown distribution type");
    }
#undef NEED
done:
    free(type);
    return rc;
}

/* ---- timetables ---------------------------------------------------------- */

/* Adds the windows of one rule; open[] marks the minutes of the week it
 * opens (for the arrival horizon); said: notes already given. */
static void put_rule(qx *q, xmlNodePtr cal, xmlNodePtr rule, const char *tt, unsigned char *open,
                     int *said)
{
    char *fd = qattr(rule, "fromWeekDay"), *td = qattr(rule, "toWeekDay");
    char *ft = qattr(rule, "fromTime"), *tot = qattr(rule, "toTime");
    int a = sb_weekday(fd), b = td ? sb_weekday(td) : a, rounded = 0;
    char note[200];
    snprintf(note, sizeof note, "QBP timetable %s: %s-%s %s-%s", tt, fd, td ? td : fd, ft, tot);
    sb_weekly(cal, a, b, sb_clock_time(ft), sb_clock_time(tot), note, xmlGetLineNo(rule), open,
              &rounded);
    if (rounded && !(*said & 1)) {
        qdiag(q, DIAG_NOTE, rule, tt, "timetable '%s': rule times are taken to the minute (%s-%s)", tt,
              ft, tot);
        *said |= 1;
    }
    if ((strchr(ft, '+') || strchr(ft, 'Z') || strchr(ft + 1, '-')) && !(*said & 2)) {
        qdiag(q, DIAG_NOTE, rule, tt,
              "timetable '%s': the time zone of rule times is ignored: they are read as local times",
              tt);
        *said |= 2;
    }
    free(fd);
    free(td);
    free(ft);
    free(tot);
}

typedef struct tt_info {
    char id[128];
    double fraction;     /* share of the week open */
    unsigned char *open; /* the minutes of the week (Monday 00:00 first) it is open */
} tt_info;

/* Calendars from the timetables (with their holidays).  Returns the
 * number of timetables; *out (owned by the caller) their ids and open
 * fractions; *arrival the index of the default one, or -1. */
static int put_timetables(qx *q, xmlDocPtr doc, xmlNodePtr info, tt_info **out, int *arrival)
{
    xmlNodePtr tts = qchild(info, "timetables"), hols = qchild(info, "holidays");
    int n = 0;
    *out = NULL;
    *arrival = -1;
    for (xmlNodePtr t = tts ? tts->children : NULL; t; t = t->next) {
        if (!is_qbp(t, "timetable"))
            continue;
        char *id = qattr(t, "id"), *def = qattr(t, "default"), *hid = qattr(t, "holidaysId");
        char *name = qattr(t, "name");
        tt_info *ti = alloc_resize(*out, (size_t)n + 1, sizeof **out);
        *out = ti;
        sb_name(id, ti[n].id, sizeof ti[n].id);
        char note[300];
        snprintf(note, sizeof note, "QBP timetable %s%s%s%s", id, name ? " (" : "", name ? name : "",
                 name ? ")" : "");
        xmlNodePtr cal = add_from(sb_section(doc, "calendars"), "calendar", t, note);
        sb_set(cal, "id", ti[n].id);
        unsigned char *open = alloc_zero(7 * 1440, 1);
        int said = 0;
        for (xmlNodePtr r = qchild(t, "rules") ? qchild(t, "rules")->children : NULL; r; r = r->next)
            if (is_qbp(r, "rule"))
                put_rule(q, cal, r, id, open, &said);
        int count = 0;
        for (int i = 0; i < 7 * 1440; i++)
            count += open[i];
        ti[n].open = open;
        ti[n].fraction = count / (7.0 * 1440);
        if (count == 7 * 1440) {
            /* 24x7: the windows stay (they say where it came from) */
        } else if (count == 0) {
            qdiag(q, DIAG_WARNING, t, id, "timetable '%s' has no working time", id);
        }
        if (hid) {
            int found = 0;
            for (xmlNodePtr h = hols ? hols->children : NULL; h; h = h->next) {
                char *hi = is_qbp(h, "holidays") ? qattr(h, "id") : NULL;
                if (hi && !strcmp(hi, hid)) {
                    found = 1;
                    for (xmlNodePtr d = h->children; d; d = d->next)
                        if (is_qbp(d, "holiday")) {
                            char *date = qattr(d, "date");
                            char hn[200];
                            snprintf(hn, sizeof hn, "QBP holidays %s", hid);
                            xmlNodePtr hd = add_from(cal, "holiday", d, hn);
                            /* xs:date may carry a zone: the day is what counts */
                            if (date && strlen(date) > 10)
                                date[10] = 0;
                            sb_set(hd, "date", date ? date : "");
                            free(date);
                        }
                }
                free(hi);
            }
            if (!found)
                qdiag(q, DIAG_ERROR, t, id, "timetable '%s' names holidays '%s', which are not defined",
                      id, hid);
        }
        if (def && (!strcmp(def, "true") || !strcmp(def, "1"))) {
            if (*arrival >= 0)
                qdiag(q, DIAG_WARNING, t, id,
                      "two timetables are marked default (for arrivals): the first, '%s', is used",
                      (*out)[*arrival].id);
            else
                *arrival = n;
        }
        n++;
        free(id);
        free(def);
        free(hid);
        free(name);
    }
    return n;
}

static int find_tt(const tt_info *tt, int n, const char *id)
{
    char buf[128];
    sb_name(id, buf, sizeof buf);
    for (int i = 0; i < n; i++)
        if (!strcmp(tt[i].id, buf))
            return i;
    return -1;
}

/* An element on an intermediate catch event (bpmn.io's BIMP editor gives
 * them durations): a timer waits a set time (its law's mean; a warning
 * unless FIXED), a message, signal or conditional catch waits its law;
 * anything else has no duration in flowmc (a warning). */
static void put_event(qx *q, xmlDocPtr doc, xmlNodePtr e, int g, const char *eid)
{
    const model_node *nd = model_node_at(q->m, g);
    xmlNodePtr dd = qchild(e, "durationDistribution");
    int is_catch = nd->type == MODEL_CATCH_EVENT;
    if (dd && is_catch && nd->evdef == MODEL_EVDEF_TIMER) {
        double mean = law_mean(dd);
        char *type = qattr(dd, "type");
        if (mean >= 0) {
            char note[200];
            snprintf(note, sizeof note, "QBP element %s durationDistribution (%s)", eid, type ? type : "?");
            xmlNodePtr t = add_from(sb_section(doc, "timers"), "timer", e, note);
            sb_set(t, "event", eid);
            sb_setf(t, "duration", "PT%.3fS", mean);
            q->wait[g] = mean;
            if (!type || strcmp(type, "FIXED"))
                qdiag(q, DIAG_WARNING, e, eid,
                      "timer '%s' waits a %s law in QBP; a flowmc timer waits a set time: its mean, %.6g s", eid,
                      type ? type : "?", mean);
        } else
            qdiag(q, DIAG_ERROR, dd, eid, "timer '%s': its law has no mean", eid);
        free(type);
    } else if (dd && is_catch &&
               (nd->evdef == MODEL_EVDEF_MESSAGE || nd->evdef == MODEL_EVDEF_SIGNAL ||
                nd->evdef == MODEL_EVDEF_CONDITIONAL)) {
        char note[300];
        snprintf(note, sizeof note, "QBP element %s durationDistribution (seconds)", eid);
        xmlNodePtr du = add_from(sb_section(doc, "durations"), "duration", e, note);
        sb_set(du, "event", eid);
        put_law(q, du, dd, eid, 0);
        q->wait[g] = law_mean(dd);
    } else
        qdiag(q, DIAG_WARNING, e, eid,
              "element '%s' is a %s: QBP durations and resources apply to tasks and catch events here: ignored",
              eid, model_node_type_name(nd->type));
}

/* ---- the document ---------------------------------------------------------- */

/* The copy to validate loses what bpmn.io's BIMP editor adds to the 2012
 * schema: rule id and name, law and timetables ids, raw* attributes (its
 * form's values before unit conversion; the import reads mean, args and
 * executionProbability), case variables (a warning), and empty
 * attributes (a form field left blank: a warning each, then the schema
 * says whether the attribute is needed).  *extras counts the first. */
static void strip_extras(qx *q, xmlNodePtr n, int *extras)
{
    for (xmlAttrPtr a = n->properties, next; a; a = next) {
        next = a->next;
        const char *an = (const char *)a->name;
        int drop = 0;
        static const char *const no_id[] = {"rule", "rules", "timetables", "resources", "elements",
                                             "resourceIds", "sequenceFlows", "sequenceFlow",
                                             "arrivalRateDistribution", "durationDistribution"};
        for (size_t i = 0; i < sizeof no_id / sizeof no_id[0]; i++)
            if (is_qbp(n, no_id[i]) && !strcmp(an, "id"))
                drop = 1;
        if (is_qbp(n, "rule") && !strcmp(an, "name"))
            drop = 1;
        if (drop)
            (*extras)++;
        if (!strncmp(an, "raw", 3))
            drop = 1, (*extras)++;
        xmlChar *v = drop ? NULL : xmlNodeGetContent((xmlNodePtr)a);
        if (v && !*v) {
            char *id = qattr(n, "elementId");
            if (!id)
                id = qattr(n, "id");
            qdiag(q, DIAG_WARNING, n, id, "%s of %s%s%s is empty: taken as not given", an, (const char *)n->name,
                  id ? " " : "", id ? id : "");
            free(id);
            drop = 1;
        }
        xmlFree(v);
        if (drop)
            xmlRemoveProp(a);
    }
    for (xmlNodePtr c = n->children, next; c; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        /* the editor's time zone setting, and lists left empty */
        int empty = (is_qbp(c, "sequenceFlows") || is_qbp(c, "elements") || is_qbp(c, "resources")) &&
                    !xmlFirstElementChild(c);
        if (is_qbp(c, "variables")) {
            qdiag(q, DIAG_WARNING, c, "variables",
                  "case variables of bpmn.io's BIMP editor have no flowmc equivalent: ignored");
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            continue;
        }
        if (is_qbp(c, "uiTimeZone") || empty) {
            (*extras)++;
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            continue;
        }
        strip_extras(q, c, extras);
    }
}

/* Validates the QBP element against simulations/schema/qbp.xsd, in a
 * copy of its own (line numbers kept). */
static int validate(qx *q, xmlNodePtr info)
{
    char xsd[4200];
    xmlsafe_schema_path("qbp.xsd", "FLOWMC_QBP_XSD", xsd, sizeof xsd);
    xmlSchemaPtr schema = xmlsafe_schema_load(xsd, q->d);
    if (!schema) {
        q->nerr++;
        return -1;
    }
    xmlDocPtr copy = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlDocCopyNode(info, copy, 1);
    if (!copy || !root)
        alloc_fail("memory for the import");
    xmlDocSetRootElement(copy, root);
    xmlReconciliateNs(copy, root);
    /* bpmn.io's BIMP editor keeps its form's complaints in <qbp:errors>,
     * which the schema does not have: each is a warning, the list goes */
    for (xmlNodePtr c = root->children, next; c; c = next) {
        next = c->next;
        if (!is_qbp(c, "errors"))
            continue;
        for (xmlNodePtr e = c->children; e; e = e->next)
            if (is_qbp(e, "error")) {
                char *msg = qattr(e, "message"), *el = qattr(e, "elementId");
                qdiag(q, DIAG_WARNING, e, el,
                      "BIMP's editor marked this model unfinished: '%s' (on %s); BIMP would not simulate it",
                      msg ? msg : "", el ? el : "the model");
                free(msg);
                free(el);
            }
        xmlUnlinkNode(c);
        xmlFreeNode(c);
    }
    int extras = 0;
    strip_extras(q, root, &extras);
    if (extras)
        qdiag(q, DIAG_NOTE, info, NULL,
              "%d addition%s of bpmn.io's BIMP editor (rule, law and timetables ids, rule names, raw* form values, "
              "uiTimeZone, empty lists), not in QBP's 2012 schema, ignored",
              extras, extras > 1 ? "s" : "");
    int bad = xmlsafe_validate(schema, copy, q->file, q->d);
    xmlFreeDoc(copy);
    xmlSchemaFree(schema);
    if (bad != 0)
        q->nerr++;
    return bad == 0 ? 0 : -1;
}

/* The top-level start events of process pi (or of every process, -1). */
static int start_events(const model *m, int pi, int *out, int max)
{
    int n = 0;
    for (int i = 0; i < (int)model_node_count(m); i++) {
        const model_node *nd = model_node_at(m, i);
        if (nd->type == MODEL_START_EVENT && nd->parent < 0 && (pi < 0 || nd->process == pi) &&
            !nd->triggered_by_event && n < max)
            out[n++] = i;
    }
    return n;
}

static void put_clock(qx *q, xmlDocPtr doc, xmlNodePtr info, xmlNodePtr arrival, double gap,
                      const unsigned char *open)
{
    char *start = qattr(info, "startDateTime"), *ninst = qattr(info, "processInstances");
    xmlNodePtr clock = sb_section(doc, "clock");
    clock->line = info->line;
    char note[600];
    if (start && strlen(start) >= 16) {
        char local[20];
        snprintf(local, sizeof local, "%.19s", start);
        if (strlen(local) == 19 && local[16] != ':')
            local[16] = 0;
        sb_set(clock, "start", local);
        /* the zone: Z or +hh:mm / -hh:mm after the time */
        const char *z = start + 19;
        while (*z == '.' || isdigit((unsigned char)*z))
            z++;
        if (*z == 'Z')
            sb_set(clock, "utc-offset", "Z");
        else if ((*z == '+' || *z == '-') && strlen(z) >= 6)
            sb_setf(clock, "utc-offset", "%.6s", z);
    } else {
        sb_set(clock, "start", "2025-01-06T00:00");
        qdiag(q, DIAG_NOTE, info, "startDateTime",
              "no startDateTime: the clock starts on Monday 2025-01-06 00:00 (assumed)");
    }
    long n = ninst ? strtol(ninst, NULL, 10) : 0;
    xmlChar *cs = xmlGetProp(clock, BAD_CAST "start");
    double week0 = sb_week_minute((const char *)cs);
    xmlFree(cs);
    /* QBP starts processInstances cases and runs until they finish: so
     * does flowmc with an arrival limit; the horizon is only a cap */
    double expect = sb_time_to_arrivals(n, gap, open, week0);
    if (!isfinite(expect))
        qdiag(q, DIAG_ERROR, info, NULL, "the arrival timetable is never open: no case would arrive");
    if (arrival && n > 0)
        sb_setf(arrival, "limit", "%ld", n);
    sb_setf(clock, "horizon", "%.0f s", sb_horizon_cap(expect));
    snprintf(note, sizeof note,
             "QBP processInstances=%ld, startDateTime=%s: the arrivals stop after %ld cases and a run ends "
             "when they have finished (expected arrival span %.6g s; the horizon is a cap); one QBP run is "
             "one flowmc replication",
             n, start ? start : "(none)", n, expect);
    sb_set(clock, "note", note);
    xmlNodePtr so = qchild(info, "statsOptions");
    double ts = 0, te = 0;
    if (so && qnum(so, "trimStartProcessInstances", &ts) && ts > 0) {
        double k = ts < 1 ? ts * n : ts;
        sb_setf(clock, "warmup", "%.0f s", ceil(sb_time_to_arrivals((long)ceil(k), gap, open, week0)));
        char w[800];
        snprintf(w, sizeof w, "%s; warm-up from trimStartProcessInstances=%g (%.0f cases)", note, ts, k);
        sb_set(clock, "note", w);
    }
    if (so && qnum(so, "trimEndProcessInstances", &te) && te > 0)
        qdiag(q, DIAG_WARNING, so, "trimEndProcessInstances",
              "trimEndProcessInstances=%g has no flowmc equivalent: flowmc measures every case that "
              "arrives after the warm-up and reports the cases still open at the horizon",
              te);
    free(start);
    free(ninst);
}

/* Branch probabilities, grouped by each flow's source. */
static void put_flows(qx *q, xmlDocPtr doc, xmlNodePtr info)
{
    const model *m = q->m;
    xmlNodePtr sfs = qchild(info, "sequenceFlows");
    int nf = (int)model_flow_count(m);
    double *prob = alloc_resize(NULL, (size_t)(nf ? nf : 1), sizeof *prob);
    xmlNodePtr *src = alloc_zero((size_t)(nf ? nf : 1), sizeof *src);
    for (int i = 0; i < nf; i++)
        prob[i] = -1;
    for (xmlNodePtr s = sfs ? sfs->children : NULL; s; s = s->next) {
        if (!is_qbp(s, "sequenceFlow"))
            continue;
        char *id = qattr(s, "elementId");
        double p = -1;
        int f = id ? model_find_flow(m, id) : -1;
        if (f < 0)
            qdiag(q, DIAG_ERROR, s, id, "sequenceFlow '%s' is not a sequence flow of the model", id);
        else if (!qnum(s, "executionProbability", &p))
            qdiag(q, DIAG_WARNING, s, id, "sequenceFlow '%s' has no executionProbability: ignored", id);
        else {
            prob[f] = p;
            src[f] = s;
        }
        free(id);
    }
    /* by source node, in model order */
    for (int g = 0; g < (int)model_node_count(m); g++) {
        const model_node *nd = model_node_at(m, g);
        int listed = 0;
        double sum = 0;
        for (int k = 0; k < nd->nout; k++)
            if (prob[nd->out[k]] >= 0)
                listed++, sum += prob[nd->out[k]];
        if (!listed)
            continue;
        if (nd->type == MODEL_PARALLEL_GATEWAY || nd->nout < 2) {
            qdiag(q, DIAG_NOTE, src[nd->out[0]] ? src[nd->out[0]] : NULL, nd->e.id,
                  "probabilities of the flows out of '%s' are not needed (%s): ignored", nd->e.id,
                  nd->nout < 2 ? "a single outgoing flow" : "a parallel gateway takes every flow");
            continue;
        }
        int exclusive = nd->type == MODEL_EXCLUSIVE_GATEWAY || nd->type == MODEL_EVENT_GATEWAY;
        double scale = 1;
        if (exclusive && fabs(sum - 1) > 1e-9) {
            if (sum > 0 && fabs(sum - 1) <= 1e-3) {
                scale = 1 / sum;
                qdiag(q, DIAG_NOTE, NULL, nd->e.id,
                      "probabilities out of '%s' sum to %.12g: rescaled to sum to 1", nd->e.id, sum);
            } else {
                qdiag(q, DIAG_WARNING, NULL, nd->e.id,
                      "probabilities out of '%s' sum to %.12g, not 1: kept as given (the scenario "
                      "check will refuse them)",
                      nd->e.id, sum);
            }
        }
        xmlNodePtr gw = sb_add(sb_section(doc, "branches"), "gateway", NULL);
        sb_set(gw, "id", nd->e.id);
        for (int k = 0; k < nd->nout; k++) {
            int f = nd->out[k];
            const model_flow *fl = model_flow_at(m, f);
            if (prob[f] < 0) {
                if (exclusive)
                    continue; /* not listed: probability 0 */
                qdiag(q, DIAG_WARNING, NULL, fl->e.id,
                      "flow '%s' out of '%s' has no executionProbability: taken as 0", fl->e.id,
                      nd->e.id);
                continue;
            }
            char note[200];
            snprintf(note, sizeof note, "QBP sequenceFlow %s executionProbability", fl->e.id);
            xmlNodePtr fe = add_from(gw, "flow", src[f], note);
            sb_set(fe, "id", fl->e.id);
            sb_num(fe, "probability", prob[f] * scale);
        }
    }
    free(prob);
    free(src);
}

/* An event-based gateway without probabilities whose events all have
 * waits: QBP races them, flowmc draws a branch; the event of the shortest
 * mean wait takes every case (a warning; exact for fixed waits). */
static void race_gateways(qx *q, xmlDocPtr doc)
{
    const model *m = q->m;
    for (int g = 0; g < (int)model_node_count(m); g++) {
        const model_node *nd = model_node_at(m, g);
        if (nd->type != MODEL_EVENT_GATEWAY || nd->nout < 2)
            continue;
        int listed = 0;
        for (xmlNodePtr ge = sb_section(doc, "branches")->children; ge; ge = ge->next) {
            xmlChar *id = ge->type == XML_ELEMENT_NODE ? xmlGetProp(ge, BAD_CAST "id") : NULL;
            listed |= id && xmlStrEqual(id, BAD_CAST nd->e.id);
            xmlFree(id);
        }
        int best = -1;
        double bw = INFINITY;
        for (int k = 0; k < nd->nout && !listed; k++) {
            int t = model_flow_at(m, nd->out[k])->target;
            if (t < 0 || !(q->wait[t] >= 0)) {
                best = -1;
                break;
            }
            if (q->wait[t] < bw)
                bw = q->wait[t], best = k;
        }
        if (listed || best < 0)
            continue;
        qdiag(q, DIAG_WARNING, NULL, nd->e.id,
              "event-based gateway '%s' has no executionProbability: the event that happens first, '%s' after "
              "%.6g s (the shortest mean wait), takes every case",
              nd->e.id, model_node_at(m, model_flow_at(m, nd->out[best])->target)->e.id, bw);
        xmlNodePtr gw = sb_add(sb_section(doc, "branches"), "gateway", "QBP element durations: the first event");
        sb_set(gw, "id", nd->e.id);
        for (int k = 0; k < nd->nout; k++) {
            xmlNodePtr fe = sb_add(gw, "flow", NULL);
            sb_set(fe, "id", model_flow_at(m, nd->out[k])->e.id);
            sb_set(fe, "probability", k == best ? "1" : "0");
        }
    }
}

xmlDocPtr qbp_import(const char *bpmn_path, const char *model_ref, diag_list *d)
{
    qx q = {bpmn_path, d, NULL, 0, NULL};
    xmlDocPtr doc = NULL, done = NULL; /* done: doc once complete */
    tt_info *tt = NULL;
    int ntt = 0;
    model *m = NULL;
    xmlDocPtr bpmn = xmlsafe_read_file(bpmn_path, d);
    if (!bpmn)
        return NULL;
    xmlNodePtr info = qbp_find(bpmn);
    if (!info) {
        qdiag(&q, DIAG_ERROR, xmlDocGetRootElement(bpmn), NULL,
              "no qbp:processSimulationInfo (namespace " QBP_NS "): not a BIMP simulation model");
        goto fail;
    }
    if (validate(&q, info) != 0)
        goto fail;
    m = bpmn_read_doc(bpmn, bpmn_path, d);
    if (!m) {
        q.nerr++;
        goto fail;
    }
    q.m = m;
    q.wait = alloc_zero(model_node_count(m) + 1, sizeof *q.wait);
    for (size_t i = 0; i < model_node_count(m); i++)
        q.wait[i] = NAN;
    char *pid = qattr(info, "processId");
    int pi = pid ? model_find_process(m, pid) : -1;
    if (pid && pi < 0)
        qdiag(&q, DIAG_WARNING, info, pid, "processId '%s' is not a process of the model: ignored", pid);
    free(pid);

    doc = sb_new(NULL, model_ref);
    {
        const char *base = strrchr(bpmn_path, '/');
        char name[300];
        snprintf(name, sizeof name, "%s (imported from QBP)", base ? base + 1 : bpmn_path);
        sb_set(xmlDocGetRootElement(doc), "name", name);
    }
    xmlDocGetRootElement(doc)->line = info->line;
    int arrival_tt = -1;
    ntt = put_timetables(&q, doc, info, &tt, &arrival_tt);

    /* arrivals */
    xmlNodePtr ard = qchild(info, "arrivalRateDistribution");
    int starts[8];
    int ns = start_events(m, pi, starts, 8);
    double gap = law_mean(ard);
    xmlNodePtr arrival = NULL;
    if (ns == 0)
        qdiag(&q, DIAG_ERROR, info, NULL, "the model has no top-level start event for the arrivals");
    else {
        if (ns > 1)
            qdiag(&q, DIAG_WARNING, info, NULL,
                  "the model has %d top-level start events; QBP's arrivals start cases at '%s'", ns,
                  model_node_at(m, starts[0])->e.id);
        xmlNodePtr a = add_from(sb_section(doc, "arrivals"), "arrival", ard,
                                "QBP arrivalRateDistribution: the gap between two arrivals, in seconds");
        sb_set(a, "start", model_node_at(m, starts[0])->e.id);
        put_law(&q, a, ard, "arrivalRateDistribution", 0);
        if (arrival_tt >= 0 && tt[arrival_tt].fraction < 1)
            sb_set(a, "calendar", tt[arrival_tt].id);
        arrival = a;
    }
    char *pin = qattr(info, "processInstances");
    long ninst = pin ? strtol(pin, NULL, 10) : 0;
    free(pin);
    if (!(gap > 0 || (gap == 0 && ninst > 0)))
        qdiag(&q, DIAG_ERROR, ard, "arrivalRateDistribution",
              "the arrival gap must have a positive mean");
    else if (gap == 0)
        qdiag(&q, DIAG_WARNING, ard, "arrivalRateDistribution",
              "the gap between arrivals is always 0: all %ld cases arrive at the start", ninst);
    put_clock(&q, doc, info, arrival, gap,
              arrival_tt >= 0 && tt[arrival_tt].fraction < 1 ? tt[arrival_tt].open : NULL);

    /* resources */
    xmlNodePtr res = qchild(info, "resources");
    for (xmlNodePtr r = res ? res->children : NULL; r; r = r->next) {
        if (!is_qbp(r, "resource"))
            continue;
        char *id = qattr(r, "id"), *name = qattr(r, "name"), *amount = qattr(r, "totalAmount");
        char *ttid = qattr(r, "timetableId"), rid[128];
        double cost = NAN;
        char note[300];
        snprintf(note, sizeof note, "QBP resource %s%s%s%s", id, name ? " (" : "", name ? name : "",
                 name ? ")" : "");
        xmlNodePtr role = add_from(sb_section(doc, "roles"), "role", r, note);
        sb_set(role, "id", sb_name(id, rid, sizeof rid));
        sb_set(role, "staff", amount ? amount : "1");
        if (!amount)
            qdiag(&q, DIAG_NOTE, r, id, "resource '%s' has no totalAmount: 1 assumed", id);
        if (qnum(r, "costPerHour", &cost))
            sb_num(role, "cost-per-hour", cost);
        if (ttid) {
            int k = find_tt(tt, ntt, ttid);
            if (k < 0)
                qdiag(&q, DIAG_ERROR, r, id, "resource '%s' names timetable '%s', which is not defined",
                      id, ttid);
            else if (tt[k].fraction < 1)
                sb_set(role, "calendar", tt[k].id);
        }
        free(id);
        free(name);
        free(amount);
        free(ttid);
    }

    /* elements: durations and resources */
    xmlNodePtr els = qchild(info, "elements");
    for (xmlNodePtr e = els ? els->children : NULL; e; e = e->next) {
        if (!is_qbp(e, "element"))
            continue;
        char *eid = qattr(e, "elementId");
        int g = eid ? model_find_node(m, eid) : -1;
        if (g < 0) {
            qdiag(&q, DIAG_ERROR, e, eid, "element '%s' is not a node of the model", eid);
            free(eid);
            continue;
        }
        const model_node *nd = model_node_at(m, g);
        static const char *const unmapped[] = {"fixedCost", "costThreshold", "durationThreshold"};
        for (size_t k = 0; k < sizeof unmapped / sizeof unmapped[0]; k++) {
            double v = 0;
            if (qnum(e, unmapped[k], &v) && v != 0)
                qdiag(&q, DIAG_WARNING, e, eid, "element '%s': %s=%g has no flowmc equivalent: ignored",
                      eid, unmapped[k], v);
        }
        char *sat = qattr(e, "simulateAsTask");
        if (sat && !strcmp(sat, "true"))
            qdiag(&q, DIAG_WARNING, e, eid,
                  "element '%s': simulateAsTask has no flowmc equivalent: the sub-process's own "
                  "elements are simulated",
                  eid);
        free(sat);
        if (!model_type_is_task(nd->type)) {
            put_event(&q, doc, e, g, eid);
            free(eid);
            continue;
        }
        char note[300];
        snprintf(note, sizeof note, "QBP element %s durationDistribution (seconds)", eid);
        xmlNodePtr du = add_from(sb_section(doc, "durations"), "duration", e, note);
        sb_set(du, "task", eid);
        xmlNodePtr dd = qchild(e, "durationDistribution");
        if (dd)
            put_law(&q, du, dd, eid, 0);
        xmlNodePtr rids = qchild(e, "resourceIds");
        xmlNodePtr rid = qchild(rids, "resourceId");
        if (rid) {
            xmlChar *t = xmlNodeGetContent(rid);
            char rname[128];
            sb_name((const char *)t, rname, sizeof rname);
            int found = 0;
            xmlNodePtr roles = sb_section(doc, "roles");
            for (xmlNodePtr ro = roles->children; ro; ro = ro->next) {
                xmlChar *rv = ro->type == XML_ELEMENT_NODE ? xmlGetProp(ro, BAD_CAST "id") : NULL;
                if (rv && xmlStrEqual(rv, BAD_CAST rname)) {
                    char sn[300];
                    snprintf(sn, sizeof sn, "QBP element %s resourceId", eid);
                    xmlNodePtr sv = add_from(ro, "serves", rid, sn);
                    sb_set(sv, "task", eid);
                    found = 1;
                }
                xmlFree(rv);
            }
            if (!found)
                qdiag(&q, DIAG_ERROR, rid, eid, "element '%s' names resource '%s', which is not defined",
                      eid, (const char *)t);
            xmlFree(t);
        }
        free(eid);
    }
    put_flows(&q, doc, info);
    race_gateways(&q, doc);
    sb_run(doc, "QBP");
    if (q.nerr)
        goto fail;
    done = doc;
    doc = NULL;
fail:
    for (int i = 0; i < ntt; i++)
        free(tt[i].open);
    free(tt);
    free(q.wait);
    model_free(m);
    xmlFreeDoc(bpmn);
    xmlFreeDoc(doc);
    return done;
}
