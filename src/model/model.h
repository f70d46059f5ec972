/*
 * model: the in-memory BPMN 2.0 process model every other part reads.
 *
 * A model holds one definitions file: its processes, the collaboration with
 * participants and message flows, flow nodes (events, activities, gateways),
 * sequence flows, lanes and the diagram bounds found in BPMN DI.  Elements
 * are addressed by dense indices (0..count-1) in document order; ids are
 * resolved through a hash table.  Incoming and outgoing flows, sub-process
 * children, attached boundary events and lane members are precomputed
 * arrays, so no consumer ever scans the whole model to find a neighbour.
 *
 * Ownership: the model owns everything reachable from it -- every struct,
 * array and string.  All pointers handed out (elements, their strings and
 * index arrays) are borrowed and stay valid until model_free.  The model is
 * built by a reader through model_add_* and then sealed by model_finish;
 * after that it is read-only and may be shared between threads.
 */
#ifndef FLOWMC_MODEL_H
#define FLOWMC_MODEL_H

#include <stddef.h>

typedef enum model_node_type {
    MODEL_START_EVENT,
    MODEL_END_EVENT,
    MODEL_CATCH_EVENT,    /* intermediateCatchEvent */
    MODEL_THROW_EVENT,    /* intermediateThrowEvent */
    MODEL_BOUNDARY_EVENT,
    MODEL_TASK,
    MODEL_USER_TASK,
    MODEL_SERVICE_TASK,
    MODEL_SCRIPT_TASK,
    MODEL_MANUAL_TASK,
    MODEL_BUSINESS_RULE_TASK,
    MODEL_SEND_TASK,
    MODEL_RECEIVE_TASK,
    MODEL_SUB_PROCESS,
    MODEL_CALL_ACTIVITY,
    MODEL_EXCLUSIVE_GATEWAY,
    MODEL_PARALLEL_GATEWAY,
    MODEL_INCLUSIVE_GATEWAY,
    MODEL_EVENT_GATEWAY,  /* eventBasedGateway */
    MODEL_NODE_TYPE_COUNT
} model_node_type;

typedef enum model_evdef {
    MODEL_EVDEF_NONE,
    MODEL_EVDEF_TIMER,
    MODEL_EVDEF_MESSAGE,
    MODEL_EVDEF_SIGNAL,
    MODEL_EVDEF_ERROR,
    MODEL_EVDEF_ESCALATION,
    MODEL_EVDEF_TERMINATE,
    MODEL_EVDEF_CONDITIONAL,
    MODEL_EVDEF_LINK,
    MODEL_EVDEF_COMPENSATE,
    MODEL_EVDEF_CANCEL,
    MODEL_EVDEF_COUNT
} model_evdef;

typedef enum model_timer_kind {
    MODEL_TIMER_NONE,
    MODEL_TIMER_DURATION, /* timeDuration, e.g. "P1D" */
    MODEL_TIMER_DATE,     /* timeDate */
    MODEL_TIMER_CYCLE     /* timeCycle */
} model_timer_kind;

typedef enum model_loop {
    MODEL_LOOP_NONE,
    MODEL_LOOP_STANDARD,
    MODEL_LOOP_MI_PARALLEL,
    MODEL_LOOP_MI_SEQUENTIAL
} model_loop;

/* Diagram bounds from BPMN DI; set is 0 when the file has no shape. */
typedef struct model_bounds {
    double x, y, w, h;
    int set;
} model_bounds;

/* Fields shared by every element: id, name, documentation, where. */
typedef struct model_elem {
    const char *id;
    const char *name; /* NULL when absent */
    const char *doc;  /* concatenated <documentation> text, or NULL */
    int line;
} model_elem;

typedef struct model_node {
    model_elem e;
    model_node_type type;
    int process;          /* owning process index */
    int parent;           /* enclosing subProcess node, -1 at top level */
    int lane;             /* innermost lane, -1 when in none */
    /* events */
    model_evdef evdef;    /* first event definition */
    int nevdefs;          /* how many the element declared */
    const char *evdef_ref;       /* messageRef/signalRef/errorRef/... */
    model_timer_kind timer_kind;
    const char *timer_text;      /* the ISO 8601 text, trimmed */
    const char *condition;       /* conditional event condition text */
    int attached_to;      /* boundary event: activity index, else -1 */
    int cancel_activity;  /* boundary event (cancelActivity) or start event
                           * (isInterrupting): 1 when interrupting */
    int parallel_multiple;
    /* activities and gateways */
    int default_flow;     /* flow index, -1 when none */
    model_loop loop;
    int triggered_by_event;      /* event sub-process */
    const char *called_element;  /* callActivity calledElement */
    int called_process;   /* resolved process index, -1 when outside */
    /* link events (BPMN 2.0, 10.5.5): the pair's name is the
     * linkEventDefinition's name, else the event's; a throw jumps to the
     * catch of that name at the same process level (same process, same
     * enclosing sub-process), the first in document order -- resolved once
     * by the reader for check, sim and render alike */
    const char *link_name;
    int link_target;      /* link throw: that catch, -1 when none */
    int instantiate;      /* receiveTask/eventBasedGateway instantiate */
    /* adjacency (valid after model_finish) */
    const int *in;  int nin;        /* incoming sequence flows */
    const int *out; int nout;       /* outgoing sequence flows */
    const int *children; int nchildren; /* subProcess: direct children */
    const int *boundary; int nboundary; /* attached boundary events */
    const int *msg_in;  int nmsg_in;    /* incoming message flows */
    const int *msg_out; int nmsg_out;   /* outgoing message flows */
    model_bounds bounds;
} model_node;

typedef struct model_flow {
    model_elem e;
    int source, target;   /* node indices */
    const char *condition;/* conditionExpression text, or NULL */
    int is_default;       /* the default flow of its source */
    int process;
    int parent;           /* enclosing subProcess node, -1 at top level */
    const double *waypoints; int nwaypoints; /* DI: x0,y0,x1,y1,... */
} model_flow;

typedef struct model_lane {
    model_elem e;
    int process;
    int parent;           /* enclosing lane, -1 for a top-level lane */
    int depth;            /* 0 for a top-level lane */
    const int *nodes; int nnodes;       /* flowNodeRef members */
    const int *children; int nchildren; /* child lanes */
    model_bounds bounds;
} model_lane;

typedef struct model_process {
    model_elem e;
    int is_executable;
    int participant;      /* participant index, -1 when none */
    const int *nodes; int nnodes;  /* top-level flow nodes */
    const int *lanes; int nlanes;  /* top-level lanes */
} model_process;

typedef struct model_participant {
    model_elem e;
    int process;          /* -1 for a black-box pool */
    model_bounds bounds;
} model_participant;

/* A message flow joins two nodes or participants of different pools. */
typedef struct model_msgflow {
    model_elem e;
    int source_node, target_node;        /* -1 when the end is a pool */
    int source_part, target_part;        /* participant of each end */
    const double *waypoints; int nwaypoints;
} model_msgflow;

typedef enum model_kind {
    MODEL_KIND_NONE,
    MODEL_KIND_NODE,
    MODEL_KIND_FLOW,
    MODEL_KIND_LANE,
    MODEL_KIND_PROCESS,
    MODEL_KIND_PARTICIPANT,
    MODEL_KIND_MSGFLOW,
    MODEL_KIND_OTHER       /* messages, signals, collaborations, ... */
} model_kind;

typedef struct model model;

/* ---- lifecycle ------------------------------------------------------- */

/* An empty model for the given source file name (copied). */
model *model_new(const char *file);
/* Frees the model and everything it owns; accepts NULL. */
void model_free(model *m);

/* ---- reading --------------------------------------------------------- */

const char *model_file(const model *m);
const char *model_definitions_id(const model *m);
const char *model_collaboration_id(const model *m);

/* Bytes the model holds on the heap (arrays, strings, id table): what a
 * read costs, for the tests that keep it linear in the input. */
size_t model_bytes(const model *m);
size_t model_node_count(const model *m);
size_t model_flow_count(const model *m);
size_t model_lane_count(const model *m);
size_t model_process_count(const model *m);
size_t model_participant_count(const model *m);
size_t model_msgflow_count(const model *m);

/* Element i; i must be in range. */
const model_node *model_node_at(const model *m, int i);
const model_flow *model_flow_at(const model *m, int i);
const model_lane *model_lane_at(const model *m, int i);
const model_process *model_process_at(const model *m, int i);
const model_participant *model_participant_at(const model *m, int i);
const model_msgflow *model_msgflow_at(const model *m, int i);

/* Index of the element with this id and its kind (NONE and -1 when
 * unknown).  kind may be NULL. */
int model_find(const model *m, const char *id, model_kind *kind);
/* Index of the node / flow / process with this id, or -1. */
int model_find_node(const model *m, const char *id);
int model_find_flow(const model *m, const char *id);
int model_find_process(const model *m, const char *id);

/* The BPMN element name of a type ("userTask"). */
const char *model_node_type_name(model_node_type t);
/* The event definition name ("timer"), "none" for MODEL_EVDEF_NONE. */
const char *model_evdef_name(model_evdef d);
int model_type_is_activity(model_node_type t);
int model_type_is_task(model_node_type t);
int model_type_is_gateway(model_node_type t);
int model_type_is_event(model_node_type t);
/* A label for messages: the name when present, else the id. */
const char *model_node_label(const model_node *n);

/* ---- building (readers only) ---------------------------------------- */

/* A copy of s owned by the model; NULL for NULL. */
const char *model_strdup(model *m, const char *s);

/* Registers id for (kind, index).  Returns 0, or -1 when the id is taken
 * (the earlier element keeps it). */
int model_register_id(model *m, const char *id, model_kind kind, int index);

void model_set_definitions(model *m, const char *id);
void model_set_collaboration(model *m, const char *id);

/* Each adder copies the struct (strings must already be model-owned),
 * clears the adjacency fields and returns the new index. */
int model_add_process(model *m, const model_process *p);
int model_add_participant(model *m, const model_participant *p);
int model_add_node(model *m, const model_node *n);
int model_add_flow(model *m, const model_flow *f);
int model_add_lane(model *m, const model_lane *l);
int model_add_msgflow(model *m, const model_msgflow *f);

/* Mutable access while building; NULL after model_finish. */
model_node *model_node_edit(model *m, int i);
model_flow *model_flow_edit(model *m, int i);
model_lane *model_lane_edit(model *m, int i);
model_participant *model_participant_edit(model *m, int i);
model_process *model_process_edit(model *m, int i);
model_msgflow *model_msgflow_edit(model *m, int i);

/* Appends node to lane's member list (while building). */
void model_lane_add_member(model *m, int lane, int node);
/* Stores DI waypoints (n points, x,y pairs copied) for a flow or a message
 * flow, by kind. */
void model_set_waypoints(model *m, model_kind kind, int index,
                         const double *xy, int n);

/* Computes every adjacency array; call once, after the last add. */
void model_finish(model *m);

#endif
