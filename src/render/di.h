/*
 * di: writes a BPMN file back with BPMN DI (diagram interchange) computed
 * by the Graphviz layout, so that a model written by hand or by a tool
 * without a diagram opens laid out in bpmn.io or Camunda Modeler.
 *
 * The file is re-read (through xmlsafe) and only its bpmndi:BPMNDiagram
 * elements change; every other element, attribute, comment and namespace
 * is written back as it was.  One diagram per collaboration (its pools with
 * their processes, black-box pools and message flows), and one per process
 * outside any pool.  Each has a BPMNShape for every participant, lane and
 * flow node (expanded sub-processes with isExpanded) and a BPMNEdge for
 * every sequence and message flow, laid out left to right (horizontal
 * pools and lanes) or top down (vertical ones).  The result validates against the OMG
 * BPMN 2.0 schema when the input did.
 */
#ifndef FLOWMC_RENDER_DI_H
#define FLOWMC_RENDER_DI_H

#include <stddef.h>

#include "../model/diag.h"
#include "../model/model.h"
#include "render.h"

/* Reads path (the file m was read from) and writes it, with new DI laid
 * out in direction dir (top down: vertical pools and lanes), into a
 * malloc'd buffer (*buf, NUL-terminated after *len bytes).  A file that
 * already has a diagram keeps it unless relayout is set (a warning says so
 * when that diagram leaves flow nodes out).  0, or -1 with an error in d. */
int di_export(const model *m, const char *path, int relayout, render_direction dir, char **buf,
              size_t *len, diag_list *d);

#endif
