/*
 * di_layout: the geometry of a BPMN DI diagram as a modeller shows it
 * (internal to the render module; di.c writes it).
 *
 * From a laid-out render_graph it takes the shapes, then makes what
 * bpmn.io and Camunda Modeler expect: lanes that tile their pool right of
 * (or below) its name band, with a margin past the last shape; edges of
 * horizontal and vertical segments only, leaving and entering shapes at
 * the middle of a side; and bounds for the name of every event, gateway
 * and flow that has one, placed where no edge crosses it and no shape or
 * other name lies under it.
 *
 * Ownership: a di_geom owns its arrays (di_geom_release); it keeps no
 * pointer to the model or the graph.
 */
#ifndef FLOWMC_RENDER_DI_LAYOUT_H
#define FLOWMC_RENDER_DI_LAYOUT_H

#include "../model/model.h"
#include "graph.h"

#define DI_HEADER 30.0 /* pool and lane name band, pixels */
#define DI_MARGIN 30.0 /* inside a lane past its last shape, pixels */

typedef struct di_path {
    double *xy; /* x,y pairs; NULL: not drawn */
    int n;
} di_path;

/* A box that may be missing. */
typedef struct di_opt_box {
    render_box b;
    int set;
} di_opt_box;

typedef struct di_geom {
    di_opt_box *node, *node_label; /* per flow node */
    di_opt_box *lane, *part;       /* per lane, participant */
    di_path *flow, *msg;           /* per sequence flow, message flow */
    di_opt_box *flow_label, *msg_label;
} di_geom;

/* Fills g from rg (laid out, for_di) for model m drawn in direction dir.
 * Every drawn element gets its box or path; names get label boxes. */
void di_geom_build(const model *m, const render_graph *rg, render_direction dir, di_geom *g);
void di_geom_release(di_geom *g, const model *m);

/* Width and height of a name as bpmn-js draws it outside a shape (11 px
 * Arial, wrapped at 90 px), generously: pixels. */
void di_label_size(const char *name, double *w, double *h);

#endif
