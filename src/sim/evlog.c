/*
 * evlog: CSV and XES writers for simulated event logs.  XES goes through
 * libxml2's xmlTextWriter, so names are escaped by the library.
 *
 * The XES log follows IEEE 1849-2016: extensions, then the global
 * attributes every trace and every event carries (each key a classifier
 * uses among them), then the classifiers, then the log's own attributes
 * (lifecycle:model "standard": start and complete are the standard
 * transitions).  Every event carries the BPMN id of its element under the
 * key "elementId" (no extension: the standard allows keys without one), and
 * the activity classifier is concept:name with elementId, so that two tasks
 * that share a name stay two activities.
 */
#include "evlog.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "../model/alloc.h"
#include "csv.h"

static int is_xes(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcasecmp(path + n - 4, ".xes") == 0;
}

static int is_csv(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

int evlog_check(const char *path, int force, diag_list *d)
{
    struct stat st;
    if (!is_xes(path) && !is_csv(path)) {
        diag_add(d, DIAG_ERROR, "usage", path, 0, NULL, NULL, "an event log is a .csv or a .xes file");
        return -1;
    }
    if (!force && stat(path, &st) == 0) {
        diag_add(d, DIAG_ERROR, "usage", path, 0, NULL, NULL, "%s exists; pass --force to overwrite it", path);
        return -1;
    }
    return 0;
}

void evlog_timestamp(double t, int utc_offset_min, char *buf, size_t len)
{
    double whole = floor(t);
    long ms = lround((t - whole) * 1000);
    if (ms >= 1000) {
        whole += 1;
        ms -= 1000;
    }
    time_t tt = (time_t)whole;
    struct tm tm;
    gmtime_r(&tt, &tm);
    int off = utc_offset_min < 0 ? -utc_offset_min : utc_offset_min;
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03ld%c%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms, utc_offset_min < 0 ? '-' : '+', off / 60,
             off % 60);
}

static int rec_cmp(const void *a, const void *b)
{
    const evlog_rec *x = a, *y = b;
    if (x->case_no != y->case_no)
        return x->case_no < y->case_no ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return (x->node > y->node) - (x->node < y->node);
}

static void resource(const plan *p, const evlog_rec *r, char *buf, size_t len)
{
    if (r->role < 0)
        buf[0] = 0;
    else if (r->server > 0)
        snprintf(buf, len, "%s#%d", p->roles[r->role].id, r->server);
    else
        snprintf(buf, len, "%s", p->roles[r->role].id);
}

static int write_csv(FILE *f, const plan *p, const evlog_rec *recs, size_t n)
{
    csv_writer w = csv_on(f);
    csv_names(&w, "case,activity,resource,enabled,start,end");
    csv_end(&w);
    char res[256], a[40], b[40], c[40];
    for (size_t i = 0; i < n; i++) {
        const evlog_rec *r = &recs[i];
        resource(p, r, res, sizeof res);
        evlog_timestamp(r->enabled, p->utc_offset_min, a, sizeof a);
        evlog_timestamp(r->start, p->utc_offset_min, b, sizeof b);
        evlog_timestamp(r->end, p->utc_offset_min, c, sizeof c);
        csv_textf(&w, "case-%u", r->case_no);
        csv_text(&w, plan_node_label(p, r->node));
        csv_text(&w, res);
        csv_text(&w, a);
        csv_text(&w, b);
        csv_text(&w, c);
        csv_end(&w);
    }
    return csv_done(&w);
}

typedef struct xev {
    double t;
    int complete;
    size_t rec;
} xev;

static int xev_cmp(const void *a, const void *b)
{
    const xev *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->complete != y->complete) /* at a tie, completions free what starts */
        return x->complete ? -1 : 1;
    return (x->rec > y->rec) - (x->rec < y->rec);
}

static void xes_string(xmlTextWriterPtr w, const char *key, const char *value)
{
    xmlTextWriterStartElement(w, BAD_CAST "string");
    xmlTextWriterWriteAttribute(w, BAD_CAST "key", BAD_CAST key);
    xmlTextWriterWriteAttribute(w, BAD_CAST "value", BAD_CAST value);
    xmlTextWriterEndElement(w);
}

/* The key of the BPMN element id on every event. */
#define XES_ELEMENT_KEY "elementId"

/* <global scope=...> with the default value of each attribute every
 * member of that scope carries. */
static void xes_global(xmlTextWriterPtr w, const char *scope, const char *const *kv)
{
    xmlTextWriterStartElement(w, BAD_CAST "global");
    xmlTextWriterWriteAttribute(w, BAD_CAST "scope", BAD_CAST scope);
    for (; kv[0]; kv += 3) {
        xmlTextWriterStartElement(w, BAD_CAST kv[0]);
        xmlTextWriterWriteAttribute(w, BAD_CAST "key", BAD_CAST kv[1]);
        xmlTextWriterWriteAttribute(w, BAD_CAST "value", BAD_CAST kv[2]);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
}

static void xes_classifier(xmlTextWriterPtr w, const char *name, const char *keys)
{
    xmlTextWriterStartElement(w, BAD_CAST "classifier");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST name);
    xmlTextWriterWriteAttribute(w, BAD_CAST "keys", BAD_CAST keys);
    xmlTextWriterEndElement(w);
}

static void xes_extension(xmlTextWriterPtr w, const char *name, const char *prefix)
{
    char uri[128];
    snprintf(uri, sizeof uri, "http://www.xes-standard.org/%s.xesext", prefix);
    xmlTextWriterStartElement(w, BAD_CAST "extension");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST name);
    xmlTextWriterWriteAttribute(w, BAD_CAST "prefix", BAD_CAST prefix);
    xmlTextWriterWriteAttribute(w, BAD_CAST "uri", BAD_CAST uri);
    xmlTextWriterEndElement(w);
}

static int write_xes(const char *path, const plan *p, const evlog_rec *recs, size_t n)
{
    xmlTextWriterPtr w = xmlNewTextWriterFilename(path, 0);
    if (!w)
        return -1;
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST " ");
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST "log");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xes.version", BAD_CAST "1849-2016");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.xes-standard.org/");
    xes_extension(w, "Concept", "concept");
    xes_extension(w, "Lifecycle", "lifecycle");
    xes_extension(w, "Organizational", "org");
    xes_extension(w, "Time", "time");
    static const char *const trace_globals[] = {"string", "concept:name", "UNKNOWN", NULL};
    static const char *const event_globals[] = {
        "string", "concept:name", "UNKNOWN",
        "string", XES_ELEMENT_KEY, "UNKNOWN",
        "string", "lifecycle:transition", "complete",
        "date", "time:timestamp", "1970-01-01T00:00:00.000+00:00",
        NULL,
    };
    xes_global(w, "trace", trace_globals);
    xes_global(w, "event", event_globals);
    xes_classifier(w, "Activity", "concept:name " XES_ELEMENT_KEY);
    xes_classifier(w, "Activity and transition", "concept:name " XES_ELEMENT_KEY " lifecycle:transition");
    xes_string(w, "concept:name", p->name ? p->name : p->path);
    xes_string(w, "lifecycle:model", "standard");
    xev *evs = alloc_zero(2 * n + 1, sizeof *evs);
    char res[256], ts[40], name[32];
    for (size_t i = 0; i < n;) {
        size_t j = i, k = 0;
        for (; j < n && recs[j].case_no == recs[i].case_no; j++) {
            evs[k++] = (xev){recs[j].start, 0, j};
            evs[k++] = (xev){recs[j].end, 1, j};
        }
        qsort(evs, k, sizeof *evs, xev_cmp);
        xmlTextWriterStartElement(w, BAD_CAST "trace");
        snprintf(name, sizeof name, "case-%u", recs[i].case_no);
        xes_string(w, "concept:name", name);
        for (size_t q = 0; q < k; q++) {
            const evlog_rec *r = &recs[evs[q].rec];
            xmlTextWriterStartElement(w, BAD_CAST "event");
            xes_string(w, "concept:name", plan_node_label(p, r->node));
            xes_string(w, XES_ELEMENT_KEY, p->nodes[r->node].mn->e.id);
            xes_string(w, "lifecycle:transition", evs[q].complete ? "complete" : "start");
            resource(p, r, res, sizeof res);
            if (res[0])
                xes_string(w, "org:resource", res);
            evlog_timestamp(evs[q].t, p->utc_offset_min, ts, sizeof ts);
            xmlTextWriterStartElement(w, BAD_CAST "date");
            xmlTextWriterWriteAttribute(w, BAD_CAST "key", BAD_CAST "time:timestamp");
            xmlTextWriterWriteAttribute(w, BAD_CAST "value", BAD_CAST ts);
            xmlTextWriterEndElement(w);
            xmlTextWriterEndElement(w);
        }
        xmlTextWriterEndElement(w);
        i = j;
    }
    free(evs);
    xmlTextWriterEndElement(w);
    int rc = xmlTextWriterEndDocument(w) < 0 ? -1 : 0;
    xmlFreeTextWriter(w);
    return rc;
}

int evlog_write(const char *path, const plan *p, evlog_rec *recs, size_t n, diag_list *d)
{
    if (n)
        qsort(recs, n, sizeof *recs, rec_cmp);
    int rc;
    if (is_xes(path)) {
        rc = write_xes(path, p, recs, n);
    } else {
        FILE *f = fopen(path, "w");
        rc = f ? write_csv(f, p, recs, n) : -1;
        if (f && fclose(f) != 0)
            rc = -1;
    }
    if (rc != 0)
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "cannot write the event log: %s", strerror(errno));
    return rc;
}
