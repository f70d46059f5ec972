/*
 * importer: what a command is given to simulate -- a flowmc scenario file,
 * or a BPMN file that carries BIMP's qbp:processSimulationInfo -- loaded
 * into a compiled scenario either way.
 */
#ifndef FLOWMC_IMPORTER_H
#define FLOWMC_IMPORTER_H

#include <stddef.h>

#include <libxml/tree.h>

#include "../model/diag.h"
#include "../sim/sim.h"

/* Loads path: a scenario (root <scenario>) as sim_scenario_load does, or a
 * BPMN model with QBP simulation parameters, imported (qbp.h) and compiled
 * in memory.  Returns NULL after adding errors to d. */
sim_scenario *importer_load(const char *path, diag_list *d);

/* The path by which a scenario written beside the file beside (NULL: in
 * the working directory) names the model bpmn: relative to beside's
 * folder, by whole components (bpmn as given when either cannot be
 * resolved, absolute when they share only the root).  Into buf. */
void importer_model_ref(const char *beside, const char *bpmn, char *buf, size_t len);

/* Compiles a copy of doc, a scenario imported from src with the model
 * bpmn, as if it were the file src (its model named from there), so that
 * what is written is known to run.  doc is left as it was.  Returns 0, or
 * -1 with the compiler's errors in d. */
int importer_check(xmlDocPtr doc, const char *bpmn, const char *src, diag_list *d);

#endif
