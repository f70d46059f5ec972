/*
 * sweep_int: the sweep's structures -- internal to src/sim/sweep*.c.
 */
#ifndef FLOWMC_SWEEP_INT_H
#define FLOWMC_SWEEP_INT_H

#include "sweep.h"

typedef struct sweep_vary_axis {
    char *key;
    double *values;
    int n;
    sim_param param;
} sweep_vary_axis;

struct sweep_spec {
    sweep_vary_axis axes[SWEEP_MAX_AXES];
    int naxes;
};

struct sweep_result {
    char *scenario, *name;
    int replications;
    uint64_t seed;
    sweep_axis axes[SWEEP_MAX_AXES];   /* point into the arrays below */
    char *axis_key[SWEEP_MAX_AXES], *axis_unit[SWEEP_MAX_AXES];
    double *axis_values[SWEEP_MAX_AXES];
    int stride[SWEEP_MAX_AXES];
    int naxes, npoints;
    int nsla;
    char **sla_id;
    double *target;
    sim_sla_summary *cells;            /* [point * nsla + sla] */
    unsigned char *overloaded;         /* [point]: its runs were stopped */
    sweep_crossing *crossings;         /* [sla * series + series] */
    int ncrossings;
};

/* One point's run, before it is folded into the result in point order. */
typedef enum sweep_point_status {
    SWEEP_POINT_NOT_RUN,    /* left out: a lower point failed */
    SWEEP_POINT_RAN,
    SWEEP_POINT_OVERLOADED, /* stopped at SIM_MAX_OPEN_CASES: a finding */
    SWEEP_POINT_FAILED      /* an error: the sweep stops here */
} sweep_point_status;

/* Runs point p of w's grid on s with po (sweep_run's options: its
 * progress, if any, is sweep.c's own): sets the point's parameters, runs
 * it, and writes its SLA cells into r's row p when it ran.  The run's
 * diagnostics go to run, as they came.  Points may run in any order: each
 * sets every axis.  (sweep.c) */
sweep_point_status sweep_point_run(const sweep_spec *w, sim_scenario *s, const sim_options *po, sweep_result *r,
                                   int p, diag_list *run);
/* Folds point p's outcome into r and d, as the sweep reports it: an
 * overload's errors become warnings and its cells missed, each warning
 * once with the first point's words, a failure's errors with the point's.
 * Called in point order.  Returns 0, or -1 when the point failed (the
 * sweep stops there).  (sweep.c) */
int sweep_point_fold(const sweep_spec *w, sweep_result *r, int p, sweep_point_status st, const diag_list *run,
                     diag_list *d);

/* x with sig significant digits for people, never in scientific
 * notation (sweep_report.c). */
void sweep_fmt_sig(char *buf, size_t n, double x, int sig);

#endif
