/*
 * bpmn_read: BPMN 2.0 XML -> model.
 *
 * Reads the semantic part of a definitions file as Camunda Modeler, bpmn.io
 * and Signavio write it (the BPMN MODEL namespace under any prefix), plus
 * the shape bounds and edge waypoints of BPMN DI.  Foreign namespaces and
 * extensionElements are skipped; BPMN elements flowmc does not model are
 * warnings; every structural problem (dangling or duplicate ids, a node in
 * two lanes, a flow across processes, a missing required attribute) is an
 * error, all of them found in one pass.
 */
#ifndef FLOWMC_BPMN_READ_H
#define FLOWMC_BPMN_READ_H

#include <libxml/tree.h>

#include "diag.h"
#include "model.h"

#define BPMN_NS_MODEL "http://www.omg.org/spec/BPMN/20100524/MODEL"
#define BPMN_NS_DI "http://www.omg.org/spec/BPMN/20100524/DI"
#define BPMN_NS_DC "http://www.omg.org/spec/DD/20100524/DC"
#define BPMN_NS_DDI "http://www.omg.org/spec/DD/20100524/DI"

/* Reads path into a new model, adding every problem to d.  Returns NULL
 * when the file cannot be used at all (not XML, not BPMN, unreadable);
 * otherwise a finished model, in which elements with unresolvable
 * references have been left out.  The caller decides what error-severity
 * diagnostics mean (commands treat them as unusable input, exit 2). */
model *bpmn_read_file(const char *path, diag_list *d);

/* The same from an already parsed document (not freed); file names the
 * source in diagnostics. */
model *bpmn_read_doc(xmlDocPtr doc, const char *file, diag_list *d);

#endif
