/*
 * scenbuild: writes a flowmc scenario document (docs/scenario-format.md)
 * element by element, for the importers.  The document is plain libxml2;
 * the importers hand it to sim_scenario_load_doc (which validates and
 * compiles it exactly as it would a file) or save it with sb_save.
 *
 * Every element an importer adds takes a note naming where its values came
 * from (the peer's element, attribute or JSON key), so that a reader of the
 * imported scenario can check each figure against its source.
 *
 * Ownership: sb_new returns a document the caller owns (xmlFreeDoc, or
 * pass it on to sim_scenario_load_doc, which takes it).  Elements returned
 * belong to the document.
 */
#ifndef FLOWMC_SCENBUILD_H
#define FLOWMC_SCENBUILD_H

#include <stdio.h>

#include <libxml/tree.h>

#include "../model/diag.h"

/* A new scenario document: <scenario name= model=>. */
xmlDocPtr sb_new(const char *name, const char *model);
/* The root's section child of that name, created (in the schema's usual
 * order) when absent. */
xmlNodePtr sb_section(xmlDocPtr doc, const char *name);
/* Appends <name> to parent, with a note when note is not NULL. */
xmlNodePtr sb_add(xmlNodePtr parent, const char *name, const char *note);
/* Sets an attribute from a string, a printf format, or a number written
 * with the fewest digits that read back to the same double. */
void sb_set(xmlNodePtr n, const char *attr, const char *value);
void sb_setf(xmlNodePtr n, const char *attr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sb_num(xmlNodePtr n, const char *attr, double v);
/* The <run> section of a scenario imported from simulator tool, which
 * runs one simulation: 30 replications (for the 95% intervals), seed 1. */
void sb_run(xmlDocPtr doc, const char *tool);

/* Where a conversion's messages go: the list, the rule they carry (the
 * converter's name) and the file they name; nerr counts the errors. */
typedef struct sb_log {
    diag_list *d;
    const char *rule, *file;
    int nerr;
} sb_log;
/* A message on elem (a node or JSON key; may be NULL) at line (0: none),
 * counted in l->nerr when it is an error. */
void sb_diag(sb_log *l, diag_severity sev, int line, const char *elem, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* An id made of the characters scenario names allow (letters, digits,
 * '_', '-', '.'), others replaced by '_'; into buf. */
const char *sb_name(const char *id, char *buf, size_t len);
/* ---- weekly calendars ---- */

/* Day of "MONDAY" .. "SUNDAY" (any case): 0 for Monday; -1 otherwise. */
int sb_weekday(const char *name);
/* Seconds since midnight of "hh:mm[:ss[.fff]]" (a zone after it is
 * ignored); -1 when unreadable. */
double sb_clock_time(const char *s);
/* Adds to calendar cal the <window>s of a rule open every day from day a
 * to day b (wrapping past Sunday) from from_s to to_s seconds after
 * midnight, both peers' reading of a weekly rule; to_s <= from_s runs
 * past midnight into the next day.  Times go to the minute (a start down,
 * an end up: 23:59:59.999 is 24:00), *rounded set when that moved one.
 * The windows take line and note; open[7 * 1440] (may be NULL) gets the
 * open minutes of the week, Monday 00:00 first. */
void sb_weekly(xmlNodePtr cal, int a, int b, double from_s, double to_s, const char *note,
               long line, unsigned char *open, int *rounded);
/* Minute of the week (Monday 00:00 is 0) of a local "YYYY-MM-DDThh:mm". */
double sb_week_minute(const char *start);
/* The expected time, in seconds, until the n-th arrival of a renewal
 * process of mean gap when an arrival outside the open minutes of the week
 * waits for the next open minute, as the engine does it: the mean over 16
 * runs of exponential gaps from a fixed seed (holidays left out).  n gaps
 * when open is NULL; INFINITY when nothing is ever open. */
double sb_time_to_arrivals(long n, double gap, const unsigned char *open, double week0);

/* The horizon cap, in whole seconds, of a run that ends when its limited
 * arrivals have finished and whose arrivals are expected to span expect
 * seconds: ten times that plus 30 days (a run cut there says so), at most
 * 1000 years; 1 when expect is not finite. */
double sb_horizon_cap(double expect);

/* Writes the document, indented, with an XML declaration.  Returns 0, or
 * -1 on a write error. */
int sb_write(xmlDocPtr doc, FILE *out);

#endif
