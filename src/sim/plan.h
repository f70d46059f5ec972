/*
 * plan: a scenario compiled for the engine -- internal to src/sim.
 *
 * scenario*.c build a plan from the scenario document and its models;
 * engine.c runs it; result.c names its figures.  Every flow node of every
 * loaded model gets a global index (model base + local index), and every
 * flow likewise, so that a call into another model file is an ordinary
 * edge.  The plan reads the models through model.h and keeps pointers to
 * their elements; it copies nothing of them but what the engine needs in
 * its own shape (kinds, durations, roles, probabilities).
 *
 * Ownership: a plan owns all its arrays, strings, calendars and dists; it
 * borrows the models from the sim_scenario that built it.  Read-only once
 * built, so threads share it.
 */
#ifndef FLOWMC_SIM_PLAN_H
#define FLOWMC_SIM_PLAN_H

#include <stdint.h>

#include "../model/alloc.h"
#include "calendar.h"
#include "dist.h"
#include "sim.h"

/* A span of time: seconds of calendar time (cal < 0) or of working time on
 * calendar cal. */
typedef struct plan_amount {
    double sec;
    int cal;
} plan_amount;

typedef enum plan_kind {
    PK_NONE,      /* never reached by a simulated case */
    PK_START,
    PK_END,
    PK_TERMINATE, /* terminate end event: ends its whole scope */
    PK_TASK,      /* work, possibly by a role */
    PK_SUB,       /* embedded sub-process */
    PK_CALL,      /* call activity */
    PK_XOR,
    PK_AND,
    PK_OR,
    PK_EVGW,      /* event-based gateway: one branch by probability */
    PK_TIMER,     /* intermediate timer catch */
    PK_WAIT,      /* other intermediate catch: waits its duration, if any */
    PK_PASS,      /* throw events: instantaneous */
    PK_LINK,      /* link throw: jumps to its catch */
    PK_BOUNDARY
} plan_kind;

typedef enum plan_timer_mode {
    PT_NONE,      /* never fires */
    PT_DURATION,  /* wait dur */
    PT_DATE,      /* wait until at */
    PT_EVERY      /* wait until the next first + k * every */
} plan_timer_mode;

typedef struct plan_timer {
    plan_timer_mode mode;
    plan_amount dur;
    double at, first, every;
    int repeat;   /* boundary cycles: firings, -1 unbounded */
    int line;     /* the scenario's <timer> line; 0 when the model gives
                   * it (not a typed parameter then) */
} plan_timer;

typedef enum plan_branch_mode { PB_XOR, PB_OR, PB_ROSTER } plan_branch_mode;

/* Roster outcomes a flow takes: answered by the list, by the backup, or
 * either ("reached"); NONE: never taken. */
enum { PB_WHEN_NONE, PB_WHEN_ANSWERED, PB_WHEN_BACKUP, PB_WHEN_REACHED };

typedef struct plan_branch {
    int node;
    int cls;          /* -1: every class */
    plan_branch_mode mode;
    double *p;        /* by position in the node's out[] */
    signed char *given; /* a <flow> line gives this position's probability */
    signed char *when;
    int roster;
    int line;
} plan_branch;

typedef struct plan_dur {
    int node;
    int cls;
    dist d;
    int has_bounds;       /* shift=, trunc-min= or trunc-max= given */
    double shift, lo, hi; /* as given, in the law's unit (typed overrides
                           * set the law up again with them) */
    int line;
} plan_dur;

/* SLA hooks: where an SLA's clock starts or stops. */
typedef struct plan_hook {
    int sla;
    int is_from;      /* 1 from-mark, 0 to-mark */
} plan_hook;

typedef struct plan_node {
    const model_node *mn;
    int model, local;
    int process;      /* global process index */
    int root;         /* the root process whose cases reach it; -2 several */
    plan_kind kind;
    uint64_t key;     /* hash of the id: common random numbers */
    int role;         /* -1: no staff needed */
    int roster;       /* -1 */
    int task;         /* slot among reported tasks, -1 */
    int end;          /* slot among ends, -1 */
    int inner_start;  /* PK_SUB / PK_CALL: the start node inside */
    int link;         /* PK_LINK: the catch */
    int incl;         /* PK_OR join: row of the reach table, -1 */
    plan_timer timer; /* PK_TIMER, timer boundaries */
    double trigger;   /* non-timer boundary: probability per execution */
    int trigger_line; /* the scenario's <trigger> line, 0 when none */
    int interrupting; /* boundary */
    int attached;     /* boundary: activity node */
    int *out; int nout;   /* global flow indices */
    int *in; int nin;
    int *bnd; int nbnd;   /* boundary nodes */
    plan_hook *enter_hooks; int nenter;  /* reaching the node */
    plan_hook *start_hooks; int nstart;  /* work starts (to-at="start") */
    plan_hook *done_hooks; int ndone;    /* the node is done */
    int *levels; int nlevels;
    int counted;      /* task, end or levels: a case's visit is counted */
    int outcome;      /* some SLA's outcome end: its visits are recorded */
    int tracked;      /* its visits are numbered: counted, or it may draw */
    int multi_out;    /* activity with several outgoing: 0 parallel, 1 by branch */
} plan_node;

typedef struct plan_flow {
    const model_flow *mf;
    int src, dst;
} plan_flow;

typedef struct plan_process {
    const model_process *mp;
    int model;
    int start;        /* none start event used when called, -1 */
    int simulated;    /* reached by some case */
    int slot;         /* row in cycle statistics, -1 */
} plan_process;

typedef struct plan_calendar {
    char *id;
    calendar *cal;
    int flat;         /* 24x7 without holidays: working time = clock time */
    int line;
} plan_calendar;

typedef struct plan_role {
    char *id;
    int staff;        /* SIM_STAFF_UNLIMITED for an outside party */
    int cal;
    double cost;      /* NAN when none */
    double offered;   /* erlangs */
    int used;         /* serves some reachable task */
    int line;
} plan_role;

typedef struct plan_class {
    char *id;
    double share;
    int priority;
} plan_class;

typedef enum { PA_POISSON, PA_CSV, PA_EVERY, PA_DIST } plan_arrival_kind;

typedef struct plan_window {
    int cal;
    double rate;      /* per second */
} plan_window;

typedef struct plan_arrival {
    int node;
    plan_arrival_kind kind;
    double rate, rate_max;   /* per second */
    double per;       /* PA_POISSON: seconds of the file's per= unit */
    plan_window *win; int nwin;
    double *times; int *tcls; int ntimes;
    double every, first;
    dist gap;         /* PA_DIST: the gap between arrivals (owned) */
    int gap_has_bounds;               /* PA_DIST: shift=, trunc-min= or trunc-max= given */
    double gap_shift, gap_lo, gap_hi; /* as given, in the law's unit */
    int gap_cal;      /* PA_DIST: arrivals outside it wait for its opening; -1 none */
    int cls;          /* fixed class, -1 drawn from the mix */
    long limit;       /* cases this line starts at most; 0 no limit */
    uint64_t key;
    int line;
} plan_arrival;

/* How an SLA counts a case that ends elsewhere: without reaching `to`, or
 * (no `to`) at none of its outcome `ends`.  LEGACY: missed when it ended
 * after the limit, else left out, silently.  MISSED: missed.  APART: left
 * out of the attainment and counted on its own (the elsewhere share). */
enum { SLA_ELSE_LEGACY, SLA_ELSE_MISSED, SLA_ELSE_APART };

typedef struct plan_sla {
    char *id;
    int from, to;     /* nodes; -1 case start / case end; to = tos[0] */
    int *tos; int ntos;   /* every `to` element: the first reached stops it */
    int *ends; int nends; /* outcome nodes (no `to`): the case must reach one */
    int elsewhere;    /* SLA_ELSE_* */
    int else_slot;    /* its elsewhere share in the metrics, or -1 */
    int to_start;
    plan_amount limit;
    double target;
    int cls;
    char *to_text;    /* `to` as written (several ids), NULL for none */
    char *ends_text;  /* `ends` as written, NULL for none */
    char *source;     /* where the limit comes from: seed, figures, assumed */
    char *target_source;
    int line;
} plan_sla;

typedef struct plan_roster {
    char *id;
    int node;
    int n;
    double *p;
    double attempt;
    int rounds;
    char *backup;
    double backup_p, backup_attempt;
    double answer;    /* the roster's answer= (NaN when absent) */
    int backup_attempt_given; /* backup-attempt= given; else it follows attempt */
    int listed;       /* people given as <person> entries, not people= */
    int line;
} plan_roster;

typedef struct plan_level {
    char *id;
    char *label;
    int node;
} plan_level;

typedef struct plan_model {
    char *path;       /* as resolved */
    model *m;
    int base_node, base_flow, base_proc;
} plan_model;

typedef struct plan {
    /* borrowed models, in global index order (0 = main) */
    plan_model *models; int nmodels;
    plan_node *nodes; int nnodes;
    plan_flow *flows; int nflows;
    plan_process *procs; int nprocs;
    plan_calendar *cals; int ncals;
    plan_role *roles; int nroles;
    plan_class *classes; int nclasses;   /* at least one */
    int classes_line; /* the <classes> line; 0 without one (the class "all") */
    plan_arrival *arrivals; int narrivals;
    plan_dur *durs; int ndurs;
    int *dur_of;      /* [node * nclasses + class] -> durs index or -1 */
    plan_branch *branches; int nbranches;
    int *branch_of;   /* [node * nclasses + class] -> branches index or -1 */
    plan_sla *slas; int nslas;
    int nsla_else;    /* SLAs with an elsewhere rule (else_slot 0..) */
    plan_roster *rosters; int nrosters;
    plan_level *levels; int nlevels;
    int *tasks; int ntasks;      /* reported task nodes */
    int *ends; int nends;        /* end event nodes */
    int *cycle_procs; int ncycle;/* processes with cycle statistics */
    int *live;        /* [node] a case can reach it: the offered-load rows */
    /* inclusive joins: reach[row * nnodes + n] = n can still reach it */
    unsigned char *reach; int nincl;
    /* clock, local seconds */
    double t0, twarm, tend;
    int clock_line;   /* the <clock> line */
    int until_done;   /* every arrival line has a limit: a replication ends
                       * when its cases have finished (tend is then a cap) */
    int utc_offset_min;
    int replications;
    double expected_cases;  /* arrivals expected per replication (rates x horizon) */
    uint64_t seed;
    char *name;
    char *path;
} plan;

/* Key mixing for common random numbers (splitmix64's finaliser): turns
 * (seed, replication, element, visit) tuples into well-spread stream keys.
 * Not a generator: every draw comes from Philox2x64 (engine.c) keyed with it. */
static inline uint64_t plan_mix1(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static inline uint64_t plan_mix(uint64_t a, uint64_t b)
{
    return plan_mix1(a ^ plan_mix1(b));
}

/* FNV-1a of an id string, mixed: equal ids give equal keys in any model. */
static inline uint64_t plan_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return plan_mix1(h);
}

/* Frees everything the plan owns; accepts NULL. */
void plan_free(plan *p);

/* The plan of a loaded scenario (scenario.c). */
const plan *sim_scenario_plan(const sim_scenario *s);
/* Its document as read (scenario.c), for the QBP exporter; borrowed. */
const struct _xmlDoc *sim_scenario_doc(const sim_scenario *s);

/* Where each figure of a replication sits in the metric vector (result.c
 * names them, engine.c fills them). */
enum { PL_CYCLE_PER = 6, PL_TASK_PER = 5, PL_ROLE_PER = 3, PL_ROSTER_PER = 2, PL_CASES_PER = 3 };
typedef struct plan_layout {
    int sla;          /* nslas: attainment */
    int sla_else;     /* nsla_else: share of measured cases ended elsewhere */
    int cycle;        /* ncycle * groups * 6: mean p50 p90 p95 p99 wip */
    int groups;       /* 1, or 1 + nclasses when there are classes */
    int task;         /* ntasks * 5: share wait_mean wait_p95 service_mean cases */
    int role;         /* nroles * 3: utilisation queue_mean queue_end */
    int end;          /* nends: share */
    int level;        /* nlevels: share */
    int roster;       /* nrosters * 2: backup_share calling_mean */
    int cases;        /* 3: arrived completed open */
    int total;
} plan_layout;

void plan_layout_init(const plan *p, plan_layout *l);

/* result.c, for engine.c: a result with room for reps replications, and
 * the slots each replication fills. */
sim_result *result_new(const plan *p, int reps, int first, uint64_t seed);
double *result_metrics(sim_result *r, int k);
long *result_sla_counts(sim_result *r, int k); /* [2 * j] cases, [2 * j + 1] within */

/* The label of a node for people: its name, else its id. */
const char *plan_node_label(const plan *p, int g);

#endif
