/*
 * size_int: the search result's insides, shared by the files of the size
 * module -- internal to src/sim/size*.c.  size.c fills a size_result;
 * size_report.c prints it and writes its CSV; size_plot.c draws it.
 */
#ifndef FLOWMC_SIM_SIZE_INT_H
#define FLOWMC_SIM_SIZE_INT_H

#include <assert.h>

#include "size.h"

#include "../model/alloc.h"

typedef struct cand {
    int *staff;
    unsigned probes;          /* probe bits applied (ceiling only) */
    double objective;
    long nsim, room;          /* replications simulated; capacity */
    long *measured, *within;  /* nsim x nsla */
    int nextbatch;
    size_verdict verdict;
    long used;
    size_sla_figures *fig;
} cand;

struct size_result {
    int nroles, nsla;
    char **role_id;
    size_kind *kind;
    int *min, *max, *start, *sat;
    double *offered, *wf, *cost, *lb;
    char **sla_id;
    double *target, *delta;
    size_ceiling *ceil;       /* per SLA: the ceiling's figures and reach */
    int ceil_cand;            /* the ceiling's candidate */
    long ceil_used;           /* its replications */
    int searched;             /* SLAs within reach */
    int nprobes, nprobe_runs; /* probes; runs: each alone, then (with two or
                               * more) all together */
    char **probe;
    size_probe_figures *pf;   /* [sla * (nprobes + 1) + probe] */
    size_options opt;
    long cap;                 /* SPRT truncation */
    cand *c;
    int nc;                   /* candidates simulated, decided or ranked only */
    int *order;               /* the decided ones, in table order */
    int nd;
    int answer, best;
    int stuck;                /* growth stopped: every role that could grow
                               * had stopped mattering */
    long simulated, batches;
};

/* Decided candidate i, in table order. */
static inline const cand *size_at(const size_result *r, int i)
{
    assert(i >= 0 && i < r->nd);
    return &r->c[r->order[i]];
}

/* People in a staffing, whatever the objective. */
static inline int size_headcount(const size_result *r, const int *staff)
{
    int n = 0;
    for (int i = 0; i < r->nroles; i++)
        n += staff[i];
    return n;
}

#endif
