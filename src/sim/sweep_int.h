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

/* x with sig significant digits for people, never in scientific
 * notation (sweep_report.c). */
void sweep_fmt_sig(char *buf, size_t n, double x, int sig);

#endif
