/*
 * gather: a spread run's figures brought together; see gather.h.  The
 * buffer is plain bytes in this process's representation, written and read
 * in one order: the tally, then the records.
 */
#include "gather.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"
#include "plan.h"

size_t gather_record_size(const sim_result *res)
{
    return sizeof(int32_t) + sizeof(double) * (size_t)sim_result_metric_count(res) +
           sizeof(long) * 2 * (size_t)sim_result_sla_count(res);
}

/* The tally's scalars as they travel. */
typedef struct firsts {
    int runaway;
    long runaway_rep;
    int overflow;
    long overflow_rep;
    int overflow_role;
    long overflow_queue;
    double overflow_t;
} firsts;

int gather_run(par_run *run, sim_result *res, const char *mine, gather_tally *t)
{
    int R = sim_result_replications(res), M = sim_result_metric_count(res), S = sim_result_sla_count(res);
    size_t nm = sizeof(double) * (size_t)M, ns = sizeof(long) * 2 * (size_t)S;
    size_t head = sizeof(int64_t) + (sizeof(long) + sizeof(double)) * (size_t)t->nnodes + sizeof(firsts);
    int64_t nrec = 0;
    for (int k = 0; k < R; k++)
        nrec += mine[k] != 0;
    size_t n = head + (size_t)nrec * gather_record_size(res);
    char *buf = alloc_resize(NULL, n + 1, 1), *b = buf;
    firsts f = {t->runaway, t->runaway_rep, t->overflow, t->overflow_rep, t->overflow_role, t->overflow_queue,
                t->overflow_t};
    b = par_put(b, &nrec, sizeof nrec);
    b = par_put(b, t->held, sizeof(long) * (size_t)t->nnodes);
    b = par_put(b, t->held_age, sizeof(double) * (size_t)t->nnodes);
    b = par_put(b, &f, sizeof f);
    for (int k = 0; k < R; k++) {
        if (!mine[k])
            continue;
        int32_t kk = k;
        b = par_put(b, &kk, sizeof kk);
        b = par_put(b, result_metrics(res, k), nm);
        b = par_put(b, result_sla_counts(res, k), ns);
    }
    void *all;
    size_t len;
    int rc = par_run_gather(run, buf, n, &all, &len);
    free(buf);
    if (rc != 0)
        return -1;
    /* the tallies again from nothing: this rank's own come back in the buffer */
    memset(t->held, 0, sizeof(long) * (size_t)t->nnodes);
    memset(t->held_age, 0, sizeof(double) * (size_t)t->nnodes);
    t->runaway = -1;
    t->runaway_rep = 0;
    t->overflow = 0;
    const char *c = all, *end = c + len;
    long *held = alloc_resize(NULL, (size_t)t->nnodes + 1, sizeof(long));
    double *age = alloc_resize(NULL, (size_t)t->nnodes + 1, sizeof(double));
    while (c < end) {
        c = par_get(c, &nrec, sizeof nrec);
        c = par_get(c, held, sizeof(long) * (size_t)t->nnodes);
        c = par_get(c, age, sizeof(double) * (size_t)t->nnodes);
        c = par_get(c, &f, sizeof f);
        for (int g = 0; g < t->nnodes; g++) {
            t->held[g] += held[g];
            if (age[g] > t->held_age[g])
                t->held_age[g] = age[g];
        }
        if (f.runaway >= 0 && (t->runaway < 0 || f.runaway_rep < t->runaway_rep)) {
            t->runaway = f.runaway;
            t->runaway_rep = f.runaway_rep;
        }
        if (f.overflow && (!t->overflow || f.overflow_rep < t->overflow_rep)) {
            t->overflow = 1;
            t->overflow_rep = f.overflow_rep;
            t->overflow_role = f.overflow_role;
            t->overflow_queue = f.overflow_queue;
            t->overflow_t = f.overflow_t;
        }
        for (int64_t i = 0; i < nrec; i++) {
            int32_t k;
            c = par_get(c, &k, sizeof k);
            c = par_get(c, result_metrics(res, k), nm);
            c = par_get(c, result_sla_counts(res, k), ns);
        }
    }
    free(held);
    free(age);
    free(all);
    return 0;
}
