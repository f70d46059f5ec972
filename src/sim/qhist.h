/*
 * qhist: streaming percentiles of positive durations in bounded memory --
 * a GSL histogram over log(seconds) whose bins are QHIST_WIDTH wide, so
 * every percentile read back is within 0.5% (relative) of the exact
 * empirical one, whatever the number of values.  Values under QHIST_MIN
 * count as 0, values over QHIST_MAX (31 years) in the last bin.
 *
 * Adding a value must be cheap (the engine adds two per simulated case),
 * so qhist_add finds the bin without a logarithm: from the value's binary
 * exponent and mantissa it places log(x) within 0.002 of a bin; when that
 * is not clearly inside one bin, it settles the bin against a table of
 * exact bin edges in seconds -- the smallest double whose log reaches each
 * bin's lower bound.  The bin is therefore the one
 * gsl_histogram_increment(h, log(x)) would pick.
 *
 * Ownership: a qhist owns its histogram; the edge tables are shared,
 * built once per process and read-only after.
 */
#ifndef FLOWMC_SIM_QHIST_H
#define FLOWMC_SIM_QHIST_H

#include <stdint.h>
#include <string.h>

#include <gsl/gsl_histogram.h>

#define QHIST_MIN 1e-3
#define QHIST_MAX 1e9
#define QHIST_WIDTH 0.005
/* Values held before they are binned. */
#define QHIST_BUF 256

typedef struct qhist {
    gsl_histogram *h;
    const double *edge;   /* shared: edge[i] = first x of bin i, i <= n */
    const double *at;     /* shared, in bins: (log(1 + k/256) - 1 - log(QHIST_MIN)) / width */
    const double *per;    /* shared, in bins: 1 / ((1 + k/256) width) */
    double per_octave;    /* log(2) / width */
    double zeros, n;      /* of the values binned */
    int nbuf;
    double buf[QHIST_BUF]; /* values added, not yet binned */
} qhist;

/* Sets q up empty; aborts when out of memory. */
void qhist_init(qhist *q);
/* Frees what q owns; q may be zeroed (never initialised). */
void qhist_release(qhist *q);
/* Forgets every value. */
void qhist_reset(qhist *q);
/* A work area for qhist_quantile, one per thread; free it with
 * gsl_histogram_pdf_free. */
gsl_histogram_pdf *qhist_pdf_new(void);
/* Bins the values held in q's buffer. */
void qhist_flush(qhist *q);
/* The p-quantile of the values added, interpolated within its bin (GSL's
 * inverse cdf); NAN when there are none.  Flushes q first. */
double qhist_quantile(qhist *q, gsl_histogram_pdf *pdf, double p);

/* The bin of x, QHIST_MIN <= x (seconds).  log(x) is taken from the
 * exponent e and the mantissa m in [1, 2) as e log 2 plus the tangent of
 * log at the start m0 = 1 + k/256 of m's 1/256 (k its leading byte):
 * log(m0) - 1 + m / m0, under 7.7e-6 too low, 0.0016 of a bin, and
 * computed straight in bins.  A position that far inside a bin settles
 * it; only the 0.4% nearer an edge than 0.002 of a bin look at the edge
 * table, as do values past the last edge (the last bin). */
static inline long qhist_index(const qhist *q, size_t n, double x)
{
    long i = (long)n - 1;
    if (x < q->edge[n]) {
        uint64_t b, mb;
        memcpy(&b, &x, sizeof b);
        unsigned k = (unsigned)(b >> 44 & 0xff);
        mb = (b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
        double m;
        memcpy(&m, &mb, sizeof m);
        double pos = (double)((int)(b >> 52) - 1023) * q->per_octave + q->at[k] + m * q->per[k];
        i = (long)pos;
        double frac = pos - (double)i;
        if (!(frac > 0.002 && frac < 0.998) || i < 0 || i > (long)n - 1) {
            if (i < 0)
                i = 0;
            if (i > (long)n - 1)
                i = (long)n - 1;
            while (i > 0 && x < q->edge[i])
                i--;
            while (i < (long)n - 1 && x >= q->edge[i + 1])
                i++;
        }
    }
    return i;
}

/* Adds x (seconds).  Values wait in a buffer and are binned QHIST_BUF at
 * a time: binning one is a chain of dependent steps, and a batch of
 * independent ones overlaps in the processor where a single one holds up
 * the simulation around it. */
static inline void qhist_add(qhist *q, double x)
{
    q->buf[q->nbuf++] = x;
    if (q->nbuf == QHIST_BUF)
        qhist_flush(q);
}

#endif
