/*
 * importer: what a command is given to simulate -- a flowmc scenario file,
 * or a BPMN file that carries BIMP's qbp:processSimulationInfo -- loaded
 * into a compiled scenario either way.
 */
#ifndef FLOWMC_IMPORTER_H
#define FLOWMC_IMPORTER_H

#include "../model/diag.h"
#include "../sim/sim.h"

/* Loads path: a scenario (root <scenario>) as sim_scenario_load does, or a
 * BPMN model with QBP simulation parameters, imported (qbp.h) and compiled
 * in memory.  Returns NULL after adding errors to d. */
sim_scenario *importer_load(const char *path, diag_list *d);

#endif
