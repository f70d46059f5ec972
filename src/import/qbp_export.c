/*
 * qbp_export: a flowmc scenario as BIMP's qbp:processSimulationInfo, for
 * modellers and simulators that read QBP (BIMP, Apromore).  The compiled
 * plan says who does each task and which law it takes (roles resolved from
 * lanes, durations by task and default); the scenario document gives the
 * calendars as written.  QBP can say less than flowmc: each thing it cannot
 * say is a warning, and laws are written in QBP's terms (gamma and
 * lognormal by mean and variance, in seconds).
 */
#include "../model/alloc.h"
#include "qbp.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../model/xmlsafe.h"
#include "../sim/evlog.h"
#include "../sim/plan.h"
#include "scenbuild.h"

typedef struct ex {
    sb_log log;
    xmlNsPtr ns;
} ex;

static xmlNodePtr qadd(ex *x, xmlNodePtr parent, const char *name)
{
    xmlNodePtr n = xmlNewChild(parent, x->ns, BAD_CAST name, NULL);
    if (!n)
        alloc_fail("memory for the import");
    return n;
}

/* QBP's law type with its parameters (those not NAN) on n. */
static void qbp_law(xmlNodePtr n, const char *type, double mean, double arg1, double arg2)
{
    sb_set(n, "type", type);
    if (!isnan(mean))
        sb_num(n, "mean", mean);
    if (!isnan(arg1))
        sb_num(n, "arg1", arg1);
    if (!isnan(arg2))
        sb_num(n, "arg2", arg2);
}

/* A law in seconds as a QBP DistributionInfo on n.  Returns 0, -1 when
 * QBP has no way to say it. */
static int put_dist(ex *x, xmlNodePtr n, const dist *d, const char *who)
{
    const double *p = d->p, u = d->unit;
    if (d->bounded)
        sb_diag(&x->log, DIAG_WARNING, 0, who, "'%s': QBP laws have no shift or bounds: the law is exported without them",
              who);
    switch (d->kind) {
    /* QBP's parameters: mean and arg1 = variance for the gamma and the
     * log-normal, mean and arg1 = standard deviation for the normal, mode
     * (mean), min and max for the triangular */
    case DIST_FIXED: qbp_law(n, "FIXED", p[0] * u, NAN, NAN); break;
    case DIST_EXPONENTIAL: qbp_law(n, "EXPONENTIAL", NAN, p[0] * u, NAN); break;
    case DIST_NORMAL: qbp_law(n, "NORMAL", p[0] * u, p[1] * u, NAN); break;
    case DIST_LOGNORMAL: qbp_law(n, "LOGNORMAL", p[0] * u, p[1] * u * p[1] * u, NAN); break;
    case DIST_GAMMA: qbp_law(n, "GAMMA", p[0] * p[1] * u, p[0] * p[1] * u * p[1] * u, NAN); break;
    case DIST_WEIBULL:
    case DIST_EXNORMAL:
        sb_diag(&x->log, DIAG_WARNING, 0, who,
                "'%s': QBP has no %s law: exported as the gamma of the same mean and variance", who,
                d->kind == DIST_WEIBULL ? "Weibull" : "ex-Gaussian");
        qbp_law(n, "GAMMA", dist_mean(d), dist_variance(d), NAN);
        break;
    case DIST_TRIANGULAR: qbp_law(n, "TRIANGULAR", p[1] * u, p[0] * u, p[2] * u); break;
    case DIST_UNIFORM: qbp_law(n, "UNIFORM", NAN, p[0] * u, p[1] * u); break;
    case DIST_EMPIRICAL:
    case DIST_MIXTURE: {
        int equal = d->kind == DIST_EMPIRICAL;
        for (int i = 1; equal && i < d->np / 2; i++)
            equal = p[2 * i + 1] == p[1];
        if (equal) { /* values drawn alike: QBP's EXACT */
            sb_set(n, "type", "EXACT");
            xmlNodePtr ev = qadd(x, n, "exactValues");
            for (int i = 0; i < d->np / 2; i++) {
                char v[40];
                snprintf(v, sizeof v, "%.17g", p[2 * i] * u);
                xmlNodeSetContent(qadd(x, ev, "value"), BAD_CAST v);
            }
            break;
        }
        /* a histogram: a bin per point (a FIXED law) or component */
        int np = d->kind == DIST_EMPIRICAL ? d->np / 2 : d->ncomp;
        double sw = 0;
        for (int i = 0; i < np; i++)
            sw += d->kind == DIST_EMPIRICAL ? p[2 * i + 1] : d->w[i];
        sb_set(n, "type", "HISTOGRAM");
        xmlNodePtr bins = qadd(x, n, "histogramDataBins");
        for (int i = 0; i < np; i++) {
            xmlNodePtr b = qadd(x, bins, "histogramData");
            double w = d->kind == DIST_EMPIRICAL ? p[2 * i + 1] : d->w[i];
            sb_num(b, "probability", 100 * w / sw);
            xmlNodePtr bd = qadd(x, b, "distribution");
            if (d->kind == DIST_EMPIRICAL) {
                qbp_law(bd, "FIXED", p[2 * i] * u, NAN, NAN);
            } else if (d->comp[i].kind == DIST_EMPIRICAL || d->comp[i].kind == DIST_MIXTURE) {
                sb_diag(&x->log, DIAG_ERROR, 0, who, "'%s': a histogram bin cannot be a histogram", who);
                return -1;
            } else if (put_dist(x, bd, &d->comp[i], who) != 0)
                return -1;
        }
        break;
    }
    default:
        sb_diag(&x->log, DIAG_ERROR, 0, who, "'%s': no QBP law for %s", who, dist_kind_name(d->kind));
        return -1;
    }
    /* the editor's unit: seconds, as the values are */
    xmlNodePtr tu = qadd(x, n, "timeUnit");
    xmlNodeSetContent(tu, BAD_CAST "seconds");
    return 0;
}

static const char *const qdays[7] = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY",
                                     "FRIDAY", "SATURDAY", "SUNDAY"};

/* The days of a window's days= ("Mon-Fri", "Mon,Wed", "Fri-Mon"). */
static void window_days(const char *s, int days[7])
{
    static const char *const names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    memset(days, 0, sizeof(int) * 7);
    while (s && *s) {
        while (*s == ' ' || *s == ',')
            s++;
        int a = -1, b;
        for (int i = 0; i < 7; i++)
            if (!strncmp(s, names[i], 3))
                a = i;
        if (a < 0)
            return;
        s += 3;
        b = a;
        if (*s == '-') {
            for (int i = 0; i < 7; i++)
                if (!strncmp(s + 1, names[i], 3))
                    b = i;
            s += 4;
        }
        for (int i = a;; i = (i + 1) % 7) {
            days[i] = 1;
            if (i == b)
                break;
        }
    }
}

static char *xattr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    char *s = v ? alloc_strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* hh:mm of the scenario as an xs:time; 24:00 as the last millisecond */
static void qtime(const char *hhmm, char *buf, size_t len)
{
    if (!strcmp(hhmm, "24:00"))
        snprintf(buf, len, "23:59:59.999");
    else
        snprintf(buf, len, "%.5s:00.000", hhmm);
}

static void put_rule(ex *x, xmlNodePtr rules, int a, int b, const char *from, const char *to)
{
    char ft[24], tt[24];
    qtime(from, ft, sizeof ft);
    qtime(to, tt, sizeof tt);
    xmlNodePtr r = qadd(x, rules, "rule");
    sb_set(r, "fromTime", ft);
    sb_set(r, "toTime", tt);
    sb_set(r, "fromWeekDay", qdays[a]);
    sb_set(r, "toWeekDay", qdays[b]);
}

/* Timetables (and holidays) from the scenario's calendars, plus the 24x7
 * one flowmc's default calendar is. */
static void put_timetables(ex *x, xmlNodePtr info, xmlNodePtr tts, xmlNodePtr hols, xmlNodePtr root,
                           const char *arrival_cal)
{
    xmlNodePtr t = qadd(x, tts, "timetable");
    sb_set(t, "id", "flowmc_24x7");
    sb_set(t, "name", "24x7");
    if (!arrival_cal)
        sb_set(t, "default", "true");
    put_rule(x, qadd(x, t, "rules"), 0, 6, "00:00", "24:00");
    xmlNodePtr cals = NULL;
    for (xmlNodePtr c = root->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "calendars"))
            cals = c;
    int nhol = 0;
    for (xmlNodePtr c = cals ? cals->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, BAD_CAST "calendar"))
            continue;
        char *id = xattr(c, "id"), *always = xattr(c, "always");
        xmlNodePtr tt = qadd(x, tts, "timetable");
        sb_set(tt, "id", id);
        sb_set(tt, "name", id);
        if (arrival_cal && !strcmp(arrival_cal, id))
            sb_set(tt, "default", "true");
        xmlNodePtr rules = qadd(x, tt, "rules");
        int nrules = 0, hashol = 0;
        if (always && !strcmp(always, "true")) {
            put_rule(x, rules, 0, 6, "00:00", "24:00");
            nrules++;
        }
        for (xmlNodePtr w = c->children; w; w = w->next) {
            if (w->type != XML_ELEMENT_NODE)
                continue;
            if (xmlStrEqual(w->name, BAD_CAST "window") && !(always && !strcmp(always, "true"))) {
                char *days = xattr(w, "days"), *from = xattr(w, "from"), *to = xattr(w, "to");
                int dd[7];
                window_days(days, dd);
                /* runs of consecutive days, round the week (Sun-Thu is
                 * one), as one rule each */
                int all = dd[0] && dd[1] && dd[2] && dd[3] && dd[4] && dd[5] && dd[6];
                if (all) {
                    put_rule(x, rules, 0, 6, from, to);
                    nrules++;
                }
                for (int i = 0; !all && i < 7; i++) {
                    if (!dd[i] || dd[(i + 6) % 7])
                        continue;
                    int j = i;
                    while (dd[(j + 1) % 7])
                        j = (j + 1) % 7;
                    put_rule(x, rules, i, j, from, to);
                    nrules++;
                }
                free(days);
                free(from);
                free(to);
            } else if (xmlStrEqual(w->name, BAD_CAST "holiday")) {
                char *date = xattr(w, "date");
                if (!hashol) {
                    char hid[160];
                    snprintf(hid, sizeof hid, "%s_holidays", id);
                    sb_set(tt, "holidaysId", hid);
                    xmlNodePtr hs = qadd(x, hols, "holidays");
                    sb_set(hs, "id", hid);
                    hashol = 1;
                }
                xmlNodePtr hs = hols->last;
                xmlNodePtr h = qadd(x, hs, "holiday");
                sb_set(h, "date", date);
                nhol++;
                free(date);
            } else if (xmlStrEqual(w->name, BAD_CAST "us-federal-holidays")) {
                sb_diag(&x->log, DIAG_WARNING, 0, id,
                      "calendar '%s': QBP lists holidays by date; the US federal holidays are left out", id);
            }
        }
        if (!nrules) {
            sb_diag(&x->log, DIAG_WARNING, 0, id, "calendar '%s' has no window: exported as open Monday 00:00 for a minute",
                  id);
            put_rule(x, rules, 0, 0, "00:00", "00:01");
        }
        free(id);
        free(always);
    }
    (void)info;
    if (!nhol)
        xmlUnlinkNode(hols), xmlFreeNode(hols);
}

/* The number of arrivals whose expected time (sb_time_to_arrivals, the
 * import's estimate) is closest to span: the inverse of the import. */
static double cases_within(double span, double gap, const unsigned char *open, double week0)
{
    if (!open)
        return floor(span / gap + 0.5);
    long lo = 1, hi = 1;
    while (hi < 1000000000L && sb_time_to_arrivals(hi, gap, open, week0) < span)
        hi *= 2;
    while (hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        if (sb_time_to_arrivals(mid, gap, open, week0) < span)
            lo = mid;
        else
            hi = mid;
    }
    double tl = sb_time_to_arrivals(lo, gap, open, week0), th = sb_time_to_arrivals(hi, gap, open, week0);
    return (double)(span - tl <= th - span ? lo : hi);
}

/* Indents the new subtree as the modellers' files are: whitespace text
 * before each child and before the closing tag. */
static void indent(xmlNodePtr n, int depth)
{
    char pad[80];
    xmlNodePtr first = n->children;
    if (!first || first->type == XML_TEXT_NODE)
        return;
    for (xmlNodePtr c = first; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        snprintf(pad, sizeof pad, "\n%*s", 2 * (depth + 1), "");
        xmlAddPrevSibling(c, xmlNewText(BAD_CAST pad));
        indent(c, depth + 1);
    }
    snprintf(pad, sizeof pad, "\n%*s", 2 * depth, "");
    xmlAddChild(n, xmlNewText(BAD_CAST pad));
}

int qbp_export(const char *scenario_path, FILE *out, diag_list *d)
{
    ex x = {{d, "qbp-export", scenario_path, 0}, NULL};
    sim_scenario *s = sim_scenario_load(scenario_path, d);
    xmlDocPtr bpmn = NULL;
    xmlNodePtr info = NULL;
    if (!s)
        return -1;
    const plan *p = sim_scenario_plan(s);
    xmlNodePtr sroot = xmlDocGetRootElement((xmlDocPtr)sim_scenario_doc(s));
    const char *mpath = p->models[0].path;
    bpmn = xmlsafe_read_file(mpath, d);
    if (!bpmn) {
        x.log.nerr++;
        goto done;
    }
    xmlNodePtr root = xmlDocGetRootElement(bpmn);
    xmlNodePtr old;
    while ((old = qbp_find(bpmn)) != NULL) {
        sb_diag(&x.log, DIAG_NOTE, 0, NULL, "the model's qbp:processSimulationInfo is replaced");
        xmlUnlinkNode(old);
        xmlFreeNode(old);
    }
    x.ns = xmlSearchNsByHref(bpmn, root, BAD_CAST QBP_NS);
    if (!x.ns)
        x.ns = xmlNewNs(root, BAD_CAST QBP_NS, BAD_CAST "qbp");
    info = xmlNewChild(root, x.ns, BAD_CAST "processSimulationInfo", NULL);
    if (!info)
        alloc_fail("memory for the import");
    sb_set(info, "id", "flowmc_export");

    /* what QBP cannot say */
    if (p->nslas)
        sb_diag(&x.log, DIAG_WARNING, 0, "slas", "%d SLA%s: QBP has no service levels", p->nslas, p->nslas > 1 ? "s" : "");
    if (p->nrosters)
        sb_diag(&x.log, DIAG_WARNING, 0, "rosters", "on-call rosters: QBP has none (the rostered task keeps its own law)");
    if (p->nclasses > 1)
        sb_diag(&x.log, DIAG_WARNING, 0, "classes", "%d case classes: QBP has one; the laws and branches of the "
              "first class are exported", p->nclasses);
    if (p->nlevels)
        sb_diag(&x.log, DIAG_WARNING, 0, "levels", "escalation levels: QBP reports none");
    if (p->nmodels > 1)
        sb_diag(&x.log, DIAG_WARNING, 0, "calls", "calls into other model files: QBP simulates one file");
    for (xmlNodePtr c = sroot->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            (xmlStrEqual(c->name, BAD_CAST "timers") || xmlStrEqual(c->name, BAD_CAST "triggers")) && c->children)
            sb_diag(&x.log, DIAG_WARNING, 0, (const char *)c->name, "<%s>: QBP has no setting for it",
                  (const char *)c->name);

    /* arrivals */
    if (p->narrivals > 1)
        sb_diag(&x.log, DIAG_WARNING, 0, "arrivals", "%d arrival lines: QBP has one; the first is exported",
              p->narrivals);
    const plan_arrival *a = &p->arrivals[0];
    const char *arrival_cal = NULL;
    double gap = NAN;
    xmlNodePtr ard = xmlNewNode(x.ns, BAD_CAST "arrivalRateDistribution");
    xmlAddChild(info, ard);
    const char *who = p->nodes[a->node].mn->e.id;
    switch (a->kind) {
    case PA_POISSON:
        if (a->nwin)
            sb_diag(&x.log, DIAG_WARNING, 0, who, "arrival rates by calendar window: QBP has one rate; the base rate "
                  "is exported");
        gap = 1 / a->rate;
        sb_set(ard, "type", "EXPONENTIAL");
        sb_num(ard, "arg1", gap);
        xmlNodeSetContent(qadd(&x, ard, "timeUnit"), BAD_CAST "seconds");
        break;
    case PA_EVERY:
        gap = a->every;
        sb_set(ard, "type", "FIXED");
        sb_num(ard, "mean", gap);
        xmlNodeSetContent(qadd(&x, ard, "timeUnit"), BAD_CAST "seconds");
        break;
    case PA_DIST:
        gap = dist_mean(&a->gap);
        put_dist(&x, ard, &a->gap, who);
        if (a->gap_cal >= 0)
            arrival_cal = p->cals[a->gap_cal].id;
        break;
    case PA_CSV:
        sb_diag(&x.log, DIAG_ERROR, 0, who, "arrivals from a file: QBP draws arrival gaps from a law");
        goto done;
    }
    if (!(gap > 0 && isfinite(gap))) {
        sb_diag(&x.log, DIAG_ERROR, 0, who, "no arrival rate to export");
        goto done;
    }

    /* the run: the arrival limit, else as many instances as arrive over
     * the horizon; the warm-up
     * as trimmed ones -- the inverse of the import's horizon, with the
     * same estimate when arrivals wait for a timetable */
    unsigned char *open = NULL;
    double week0 = 0;
    if (arrival_cal) {
        const calendar *cal = p->cals[a->gap_cal].cal;
        double day = floor(p->t0 / 86400) * 86400;
        week0 = calendar_weekday(p->t0) * 1440.0 + (p->t0 - day) / 60;
        double monday = day - calendar_weekday(p->t0) * 86400.0;
        open = alloc_zero(7 * 1440, 1);
        for (int m = 0; m < 7 * 1440; m++)
            open[m] = (unsigned char)calendar_is_working(cal, monday + m * 60.0 + 30);
    }
    /* an arrival limit is QBP's own notion: exactly that many */
    double n = a->limit > 0 ? (double)a->limit : cases_within(p->tend - p->t0, gap, open, week0);
    double trim = p->twarm > p->t0 ? cases_within(p->twarm - p->t0, gap, open, week0) : 0;
    free(open);
    sb_setf(info, "processInstances", "%.0f", n < 2 ? 2 : n);
    char ts[40];
    evlog_timestamp(p->t0, p->utc_offset_min, ts, sizeof ts);
    sb_set(info, "startDateTime", ts);
    sb_set(info, "currency", "EUR");

    xmlNodePtr tts = qadd(&x, info, "timetables");
    xmlNodePtr hols = qadd(&x, info, "holidays");
    put_timetables(&x, info, tts, hols, sroot, arrival_cal);

    /* resources: the roles doing reachable tasks, and one for tasks done
     * without staff */
    xmlNodePtr res = qadd(&x, info, "resources");
    int none_needed = 0;
    for (int g = 0; g < p->nnodes; g++)
        if (p->nodes[g].kind == PK_TASK && p->nodes[g].role < 0 && p->dur_of[g * p->nclasses] >= 0)
            none_needed = 1;
    for (int i = 0; i < p->nroles; i++) {
        const plan_role *r = &p->roles[i];
        xmlNodePtr re = qadd(&x, res, "resource");
        sb_set(re, "id", r->id);
        sb_set(re, "name", r->id);
        if (r->staff == SIM_STAFF_UNLIMITED) {
            sb_diag(&x.log, DIAG_WARNING, 0, r->id, "role '%s' is unlimited: QBP counts people; exported as 1000", r->id);
            sb_set(re, "totalAmount", "1000");
        } else
            sb_setf(re, "totalAmount", "%d", r->staff);
        sb_num(re, "costPerHour", isnan(r->cost) ? 0 : r->cost);
        sb_set(re, "timetableId", r->cal >= 0 && strcmp(p->cals[r->cal].id, "24x7") ? p->cals[r->cal].id
                                                                                     : "flowmc_24x7");
    }
    if (none_needed) {
        xmlNodePtr re = qadd(&x, res, "resource");
        sb_set(re, "id", "flowmc_no_staff");
        sb_set(re, "name", "work without staff");
        sb_set(re, "totalAmount", "1000");
        sb_set(re, "costPerHour", "0");
        sb_set(re, "timetableId", "flowmc_24x7");
        sb_diag(&x.log, DIAG_NOTE, 0, NULL, "tasks done without staff get QBP resource 'flowmc_no_staff' (1000 people)");
    }

    /* elements: each task with a law */
    xmlNodePtr els = qadd(&x, info, "elements");
    for (int g = 0; g < p->nnodes; g++) {
        if (p->nodes[g].kind != PK_TASK)
            continue;
        int di = p->dur_of[g * p->nclasses];
        if (di < 0)
            continue;
        const char *id = p->nodes[g].mn->e.id;
        xmlNodePtr e = qadd(&x, els, "element");
        char eid[200];
        snprintf(eid, sizeof eid, "qbp_%s", id);
        sb_set(e, "id", eid);
        sb_set(e, "elementId", id);
        xmlNodePtr dd = qadd(&x, e, "durationDistribution");
        if (put_dist(&x, dd, &p->durs[di].d, id) != 0)
            goto done;
        xmlNodePtr rid = qadd(&x, qadd(&x, e, "resourceIds"), "resourceId");
        int r = p->nodes[g].role;
        xmlNodeSetContent(rid, BAD_CAST(r >= 0 ? p->roles[r].id : "flowmc_no_staff"));
    }

    /* branch probabilities, of every class's line or the first class's */
    xmlNodePtr sfs = qadd(&x, info, "sequenceFlows");
    for (int i = 0; i < p->nbranches; i++) {
        const plan_branch *b = &p->branches[i];
        if (b->cls > 0)
            continue;
        const plan_node *nd = &p->nodes[b->node];
        if (b->mode == PB_ROSTER) {
            sb_diag(&x.log, DIAG_WARNING, 0, nd->mn->e.id, "gateway '%s' follows a roster's outcome: QBP has no rosters; "
                  "its flows get the roster's answered/backup shares as 0.5 each", nd->mn->e.id);
        }
        for (int k = 0; k < nd->nout; k++) {
            xmlNodePtr f = qadd(&x, sfs, "sequenceFlow");
            sb_set(f, "elementId", p->flows[nd->out[k]].mf->e.id);
            sb_num(f, "executionProbability", b->mode == PB_ROSTER ? 1.0 / nd->nout : b->p[k]);
        }
    }
    if (!sfs->children)
        xmlUnlinkNode(sfs), xmlFreeNode(sfs);
    if (trim > 0) {
        xmlNodePtr so = qadd(&x, info, "statsOptions");
        sb_setf(so, "trimStartProcessInstances", "%.0f", trim);
    }
done:
    if (!x.log.nerr && info) {
        indent(info, 1);
        xmlAddPrevSibling(info, xmlNewText(BAD_CAST "\n  "));
        xmlAddNextSibling(info, xmlNewText(BAD_CAST "\n"));
        xmlChar *mem = NULL;
        int len = 0;
        xmlDocDumpFormatMemoryEnc(bpmn, &mem, &len, "UTF-8", 0);
        if (!mem || fwrite(mem, 1, (size_t)len, out) != (size_t)len) {
            sb_diag(&x.log, DIAG_ERROR, 0, NULL, "cannot write the model");
        }
        xmlFree(mem);
    }
    xmlFreeDoc(bpmn);
    sim_scenario_free(s);
    return x.log.nerr ? -1 : 0;
}
