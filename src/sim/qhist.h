/*
 * qhist: streaming percentiles of positive durations in bounded memory --
 * a GSL histogram whose bins split each binary octave [2^e, 2^(e+1)) into
 * 256 equal parts, so a bin is at most 1/256 (0.39%) of its lower edge
 * wide and every percentile read back is within 0.4% (relative) of the
 * exact empirical one, whatever the number of values.  Values under
 * QHIST_MIN count as 0, values from QHIST_MAX (34 years) on in the last
 * bin.
 *
 * Adding a value must be cheap (the engine adds two per simulated case):
 * a bin's number is the value's exponent and leading mantissa byte, read
 * straight off its bits -- no logarithm, no search, no branch.  The
 * histogram's ranges are the logarithms of the bin edges, so GSL's inverse
 * cdf interpolates within a bin on a log scale.
 *
 * Ownership: a qhist owns its histogram; the table of ranges is shared,
 * built once per process and read-only after.
 */
#ifndef FLOWMC_SIM_QHIST_H
#define FLOWMC_SIM_QHIST_H

#include <stdint.h>
#include <string.h>

#include <gsl/gsl_histogram.h>

#define QHIST_MIN 1e-3
/* 2^30 s: the first octave past the last bin */
#define QHIST_MAX 1073741824.0
/* The octaves binned: 2^QHIST_EXP0 s (holding QHIST_MIN) up to QHIST_MAX. */
#define QHIST_EXP0 (-10)
#define QHIST_EXP1 30
/* Bins per octave, and the bits of the mantissa that pick one. */
#define QHIST_SPLIT 256
#define QHIST_SHIFT 44
/* Bits (sign, exponent, leading mantissa byte) of 2^QHIST_EXP0: the first
 * bin's number. */
#define QHIST_KEY0 ((uint64_t)(1023 + QHIST_EXP0) << 52 >> QHIST_SHIFT)

typedef struct qhist {
    gsl_histogram *h;     /* nbins bins and one more: the zeros' count */
    double *bin;          /* h->bin, at hand for qhist_add */
    size_t nbins;
    double n;             /* values added */
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
/* The p-quantile of the values added, interpolated within its bin (GSL's
 * inverse cdf on log(x)); NAN when there are none. */
double qhist_quantile(const qhist *q, gsl_histogram_pdf *pdf, double p);
/* The values added under QHIST_MIN (NaN among them). */
double qhist_zeros(const qhist *q);
/* The lower edge of bin i, in seconds (exact: 2^e (1 + k/256)). */
double qhist_edge(size_t i);

/* The bin of x: the last of q's bins when x is past them, and one past it
 * -- the zeros' slot -- when x < QHIST_MIN or NaN.  x >= QHIST_MIN is
 * positive, so its bits order as it does and its key, less the first
 * bin's, is its bin. */
static inline size_t qhist_index(const qhist *q, double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    size_t n = q->nbins, i = (size_t)(b >> QHIST_SHIFT) - (size_t)QHIST_KEY0;
    i = i < n ? i : n - 1;
    return x >= QHIST_MIN ? i : n;
}

/* Adds x (seconds). */
static inline void qhist_add(qhist *q, double x)
{
    q->bin[qhist_index(q, x)] += 1;
    q->n += 1;
}

#endif
