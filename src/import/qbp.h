/*
 * qbp: BIMP's simulation parameters (the QBP simulator's
 * qbp:processSimulationInfo, namespace http://www.qbp-simulator.com/
 * Schema201212, as BIMP, Apromore and Simod write it into a BPMN file) to
 * and from flowmc's scenario format.
 *
 * Import builds the equivalent scenario document (scenbuild.h), each value
 * with a note naming the QBP element it came from, and each element with
 * the line of that QBP element, so that the scenario compiler's messages
 * point into the BPMN file.  What flowmc cannot say the QBP way, or QBP
 * the flowmc way, is a warning naming the element or attribute; the
 * semantic mapping is in docs/interop.md.
 *
 * Ownership: returned documents belong to the caller.
 */
#ifndef FLOWMC_QBP_H
#define FLOWMC_QBP_H

#include <stdio.h>

#include <libxml/tree.h>

#include "../model/diag.h"
#include "../sim/sim.h"

#define QBP_NS "http://www.qbp-simulator.com/Schema201212"

/* The processSimulationInfo element of a BPMN document (a child of the
 * definitions or inside a process's extensionElements), or NULL. */
xmlNodePtr qbp_find(xmlDocPtr bpmn);

/* Reads bpmn_path and builds the scenario its QBP parameters describe,
 * naming the model as model_ref (the BPMN path as the scenario will
 * resolve it, relative to the scenario's folder).  The QBP element is
 * validated against simulations/schema/qbp.xsd first.  Returns the
 * document, or NULL after adding errors to d; warnings name what does not
 * map. */
xmlDocPtr qbp_import(const char *bpmn_path, const char *model_ref, diag_list *d);

/* Writes the main BPMN model of the scenario file scenario_path with a
 * qbp:processSimulationInfo (a child of the definitions, as BIMP writes
 * it; any the model had is replaced) holding what QBP can say of the
 * scenario, to out.  What QBP cannot say -- SLAs, rosters, classes, timer
 * and trigger settings, levels, calls into other files, several arrival
 * lines, bounds on laws, Weibull laws (exported as the gamma of the same
 * mean and variance), US federal holidays, unlimited staff -- is a warning
 * each.  Returns 0, or -1 after adding errors to d (nothing written). */
int qbp_export(const char *scenario_path, FILE *out, diag_list *d);

#endif
