/*
 * evlog: event logs of a simulated replication for process-mining tools --
 * CSV (case, activity, resource, enabled, start, end) and XES (IEEE 1849:
 * one trace per case, lifecycle start/complete, org:resource, the BPMN
 * element id under elementId, globals for every classifier key).  Times are
 * local ISO 8601 with the scenario's UTC offset.
 *
 * Ownership: the caller owns the records; evlog_write sorts them in place.
 */
#ifndef FLOWMC_SIM_EVLOG_H
#define FLOWMC_SIM_EVLOG_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"

typedef struct evlog_rec {
    uint32_t case_no;
    int node, role, server;   /* role -1: none; server -1: unlimited */
    double enabled, start, end;
} evlog_rec;

/* Checks before a run that path has a known extension (.csv, .xes) and
 * would not overwrite a file (unless force).  Returns 0, or -1 with an
 * error in d. */
int evlog_check(const char *path, int force, diag_list *d);

/* Writes the records, grouped by case and ordered by time.  Returns 0, or
 * -1 with an error in d. */
int evlog_write(const char *path, const plan *p, evlog_rec *recs, size_t n, diag_list *d);

/* Local time t as "YYYY-MM-DDThh:mm:ss.mmm+hh:mm" into buf (>= 32 bytes). */
void evlog_timestamp(double t, int utc_offset_min, char *buf, size_t len);

#endif
