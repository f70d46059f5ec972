/*
 * prosimos: the simulation parameters of Prosimos (and of Simod, which
 * discovers them from event logs and writes them for Prosimos) -- a JSON
 * file beside the BPMN model -- into a flowmc scenario document.
 *
 * Prosimos' resources are individuals, each with a calendar and a law per
 * task; flowmc's roles are teams of interchangeable staff.  Resources that
 * share a task are pooled into one role (staff: the sum of their amounts);
 * where that changes what Prosimos would do -- resources of one pool on
 * different calendars, a task only some of a pool may do, laws that
 * differ by resource (drawn as a mixture) -- a warning names the JSON key.
 * So does everything flowmc cannot map (batching, case attributes,
 * prioritisation, fuzzy calendars, event attributes, ...): never silence.
 * The mapping is in docs/interop.md.
 *
 * Ownership: the returned document belongs to the caller.
 */
#ifndef FLOWMC_PROSIMOS_H
#define FLOWMC_PROSIMOS_H

#include <libxml/tree.h>

#include "../model/diag.h"

/* Reads the model (for the gateways and tasks) and the JSON parameters
 * and builds the scenario: model_ref names the model relative to the
 * scenario's folder; cases is the run's number of cases (Prosimos'
 * --total_cases; 0: the JSON's total_cases, else 1000), start its local
 * start "YYYY-MM-DDThh:mm" (--starting_at; NULL: the JSON's start_time,
 * else 2025-01-06T00:00).  The arrivals stop after that many cases and a
 * replication ends when they have finished, as a Prosimos run does.  Returns the document, or NULL after adding
 * errors to d. */
xmlDocPtr prosimos_import(const char *bpmn_path, const char *json_path, const char *model_ref,
                          long cases, const char *start, diag_list *d);

#endif
