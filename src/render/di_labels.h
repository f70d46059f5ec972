/*
 * di_labels: the label bounds a file's own diagram gives (BPMN DI's
 * BPMNLabel), for drawing that diagram as a modeller left it (internal to
 * the render module; graph.c's render_graph_layout_di reads them).
 *
 * The model reader keeps every shape's and edge's geometry but not where
 * the modeller put the names; bpmn.io and Camunda Modeler write that as a
 * BPMNLabel inside the shape or edge.  This re-reads the file for those
 * bounds alone.  A file that cannot be re-read (standard input) gives no
 * bounds: names then stand where flowmc puts them.
 *
 * Ownership: a di_labels owns its arrays; it keeps no pointer to the
 * model.
 */
#ifndef FLOWMC_RENDER_DI_LABELS_H
#define FLOWMC_RENDER_DI_LABELS_H

#include "../model/model.h"

typedef struct di_labels {
    model_bounds *node; /* per flow node; set 0 when the diagram has none */
    model_bounds *flow; /* per sequence flow */
} di_labels;

/* Fills l with the label bounds of m's flow nodes and sequence flows
 * found in the diagram of the file at path (NULL or "-": none); always
 * succeeds (what cannot be read is left unset).  Release with
 * di_labels_release. */
void di_labels_read(const char *path, const model *m, di_labels *l);
void di_labels_release(di_labels *l);

#endif
