/*
 * scenbuild: the scenario document an importer writes.  Sections go in the
 * order docs/scenario-format.md lists them, whatever order an importer
 * asks for them in, so that imported scenarios read like written ones.
 */
#include "scenbuild.h"
#include "../model/alloc.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>



static const char *const section_order[] = {
    "clock", "calendars", "roles", "classes", "arrivals", "durations", "rosters",
    "branches", "timers", "triggers", "calls", "slas", "levels", "run",
};
#define NSECTIONS (int)(sizeof section_order / sizeof section_order[0])

xmlDocPtr sb_new(const char *name, const char *model)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    if (!doc)
        alloc_fail("memory for the import");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "scenario");
    if (!root)
        alloc_fail("memory for the import");
    xmlDocSetRootElement(doc, root);
    if (name)
        sb_set(root, "name", name);
    sb_set(root, "model", model);
    return doc;
}

static int rank_of(const xmlChar *name)
{
    for (int i = 0; i < NSECTIONS; i++)
        if (xmlStrEqual(name, BAD_CAST section_order[i]))
            return i;
    return NSECTIONS;
}

xmlNodePtr sb_section(xmlDocPtr doc, const char *name)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int want = rank_of(BAD_CAST name);
    xmlNodePtr after = NULL;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(c->name, BAD_CAST name))
            return c;
        if (rank_of(c->name) < want)
            after = c;
    }
    xmlNodePtr n = xmlNewNode(NULL, BAD_CAST name);
    if (!n)
        alloc_fail("memory for the import");
    if (after)
        xmlAddNextSibling(after, n);
    else if (root->children)
        xmlAddPrevSibling(root->children, n);
    else
        xmlAddChild(root, n);
    return n;
}

xmlNodePtr sb_add(xmlNodePtr parent, const char *name, const char *note)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
    if (!n)
        alloc_fail("memory for the import");
    if (note)
        sb_set(n, "note", note);
    return n;
}

void sb_set(xmlNodePtr n, const char *attr, const char *value)
{
    if (!xmlSetProp(n, BAD_CAST attr, BAD_CAST value))
        alloc_fail("memory for the import");
}

void sb_setf(xmlNodePtr n, const char *attr, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sb_set(n, attr, buf);
}

void sb_num(xmlNodePtr n, const char *attr, double v)
{
    char buf[40];
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    sb_set(n, attr, buf);
}

void sb_run(xmlDocPtr doc, const char *tool)
{
    xmlNodePtr run = sb_section(doc, "run");
    sb_set(run, "replications", "30");
    sb_set(run, "seed", "1");
    sb_setf(run, "note", "%s runs one simulation; flowmc repeats it to give 95%% confidence intervals",
            tool);
}

void sb_diag(sb_log *l, diag_severity sev, int line, const char *elem, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_addv(l->d, sev, l->rule, l->file, line, elem, NULL, fmt, ap);
    va_end(ap);
    if (sev == DIAG_ERROR)
        l->nerr++;
}

const char *sb_name(const char *id, char *buf, size_t len)
{
    size_t i = 0;
    for (; id && id[i] && i + 1 < len; i++) {
        char ch = id[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '_' || ch == '-' || ch == '.';
        buf[i] = ok ? ch : '_';
    }
    if (i == 0 && len > 1)
        buf[i++] = '_';
    buf[i] = 0;
    return buf;
}

/* The note of each element goes last among its attributes: the values
 * first, then where they came from. */
static void notes_last(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlAttrPtr note = xmlHasProp(n, BAD_CAST "note");
        if (note && note->next) {
            xmlChar *v = xmlGetProp(n, BAD_CAST "note");
            xmlRemoveProp(note);
            xmlSetProp(n, BAD_CAST "note", v);
            xmlFree(v);
        }
        notes_last(n->children);
    }
}

int sb_write(xmlDocPtr doc, FILE *out)
{
    notes_last(xmlDocGetRootElement(doc));
    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
    if (!mem)
        return -1;
    int rc = fwrite(mem, 1, (size_t)len, out) == (size_t)len ? 0 : -1;
    xmlFree(mem);
    return rc;
}

/* ---- weekly calendars ------------------------------------------------------ */

int sb_weekday(const char *name)
{
    static const char *const days[7] = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY",
                                        "FRIDAY", "SATURDAY", "SUNDAY"};
    for (int i = 0; name && i < 7; i++)
        if (!strcasecmp(name, days[i]))
            return i;
    return -1;
}

double sb_clock_time(const char *s)
{
    int h = 0, m = 0;
    double sec = 0;
    if (!s || sscanf(s, "%d:%d:%lf", &h, &m, &sec) < 2 || h < 0 || h > 24 || m < 0 || m > 59 ||
        sec < 0 || sec >= 61)
        return -1;
    return h * 3600.0 + m * 60.0 + sec;
}

void sb_weekly(xmlNodePtr cal, int a, int b, double from_s, double to_s, const char *note,
               long line, unsigned char *open, int *rounded)
{
    static const char *const abbr[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    if (a < 0 || b < 0 || from_s < 0 || to_s < 0)
        return;
    int fm = (int)floor(from_s / 60), tm = (int)ceil(to_s / 60 - 1e-9);
    if (tm > 1440)
        tm = 1440;
    /* 23:59:59.999, a peer's way to say midnight, is no rounding */
    if (fm * 60.0 != from_s || (tm * 60.0 != to_s && !(tm == 1440 && to_s >= 86399)))
        *rounded = 1;
    int spans[2][3] = {{fm, tm, 0}, {-1, -1, 1}};
    if (tm <= fm) { /* past midnight (the whole day when equal) */
        spans[0][1] = 1440;
        spans[1][0] = 0;
        spans[1][1] = tm;
    }
    for (int k = 0; k < 2; k++) {
        if (spans[k][0] < 0 || spans[k][1] <= spans[k][0])
            continue;
        int d0 = (a + spans[k][2]) % 7, d1 = (b + spans[k][2]) % 7;
        char days[16];
        if (d0 == d1)
            snprintf(days, sizeof days, "%s", abbr[d0]);
        else
            snprintf(days, sizeof days, "%s-%s", abbr[d0], abbr[d1]);
        xmlNodePtr w = sb_add(cal, "window", note);
        w->line = (unsigned short)(line > 65535 ? 65535 : line < 0 ? 0 : line);
        sb_set(w, "days", days);
        sb_setf(w, "from", "%02d:%02d", spans[k][0] / 60, spans[k][0] % 60);
        sb_setf(w, "to", "%02d:%02d", spans[k][1] / 60, spans[k][1] % 60);
        for (int day = d0; open; day = (day + 1) % 7) {
            for (int t = spans[k][0]; t < spans[k][1]; t++)
                open[day * 1440 + t] = 1;
            if (day == d1)
                break;
        }
    }
}

double sb_week_minute(const char *start)
{
    int y, mo, d, h = 0, mi = 0;
    if (!start || sscanf(start, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) < 3)
        return 0;
    /* days from 1970-01-01 (a Thursday), H. Hinnant's days_from_civil */
    y -= mo <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400, doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    long wd = ((days + 3) % 7 + 7) % 7; /* Monday 0 */
    return wd * 1440.0 + h * 60 + mi;
}

double sb_time_to_arrivals(long n, double gap, const unsigned char *open, double week0)
{
    enum { WEEK = 7 * 1440, RUNS = 16 };
    if (!open)
        return n * gap;
    int *next = alloc_resize(NULL, WEEK, sizeof *next);
    int dist = -1;
    for (int pass = 0; pass < 2; pass++)
        for (int m = WEEK - 1; m >= 0; m--) {
            if (open[m])
                dist = 0;
            else if (dist >= 0)
                dist++;
            next[m] = dist;
        }
    double total = 0;
    uint64_t x = 0x853c49e6748fea9bULL;
    for (int r = 0; next[0] >= 0 && r < RUNS; r++) {
        double t = 0;
        for (long k = 0; k < n; k++) {
            /* splitmix64 */
            uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            z ^= z >> 31;
            double u = ((double)(z >> 11) + 0.5) / 9007199254740992.0;
            t -= gap * log(u);
            double wm = fmod(week0 + t / 60, WEEK);
            int m = (int)wm;
            if (next[m] > 0)
                t += (next[m] - (wm - m)) * 60;
        }
        total += t;
    }
    int never = next[0] < 0;
    free(next);
    return never ? INFINITY : total / RUNS;
}

double sb_horizon_cap(double expect)
{
    if (!isfinite(expect) || expect < 0)
        return 1;
    return ceil(fmin(10 * expect + 30 * 86400.0, 999 * 365 * 86400.0));
}
