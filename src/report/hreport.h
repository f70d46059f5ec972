/*
 * hreport: `flowmc report` -- one self-contained HTML page made from the
 * models and the result files of flowmc's other commands, for people to
 * read on a screen or print on A4 and circulate.
 *
 * Given models (.bpmn: each is read, checked and drawn with its findings
 * here), results of `flowmc sim -o` and `flowmc compare -o` (JSON) and
 * tables of `flowmc size -o` (CSV), it writes a contents list with links,
 * the verdicts at a glance, a section per model (diagram, findings with
 * their traces), per scenario (SLA chart and table, cycle-time
 * percentiles, utilisation and queues per role), per sizing (the sizing
 * curve), per comparison (paired differences with their intervals), and
 * a glossary.  Every figure is in people's units; charts are inline SVG;
 * the page holds no script and refers to no other file or address.  The
 * same inputs give the same bytes: nothing is simulated again, nothing
 * depends on the time or the machine.
 *
 * Inputs are shown in the order given within each kind.  A `flowmc check`
 * JSON is set aside with a warning (the report checks the models itself).
 *
 * Ownership: an hreport owns what it read; hreport_write's buffer is the
 * caller's.
 */
#ifndef FLOWMC_REPORT_HREPORT_H
#define FLOWMC_REPORT_HREPORT_H

#include <stddef.h>

#include "../model/diag.h"

typedef struct hreport hreport;

/* A report titled title (NULL: a default); generator names the program
 * in the page ("flowmc 0.1.0"; may be NULL). */
hreport *hreport_new(const char *title, const char *generator);
void hreport_free(hreport *r);

/* Reads one input, its kind told by its extension and content.  0, or -1
 * with errors in d naming the file (unknown kind, unreadable, a result
 * missing fields, a model flowmc cannot read). */
int hreport_add(hreport *r, const char *path, diag_list *d);

/* The whole page into a new buffer (*buf malloc'd, NUL-terminated after
 * *len bytes).  0, or -1 with errors in d (a drawing failed). */
int hreport_write(hreport *r, char **buf, size_t *len, diag_list *d);

#endif
