/*
 * qhist: octave-split histograms for percentiles; see qhist.h.
 */
#include "qhist.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "../model/alloc.h"

/* log of each bin edge, shared by every histogram */
static double *ranges;
static pthread_once_t ranges_once = PTHREAD_ONCE_INIT;

/* The bins from the octave of QHIST_MIN up to QHIST_MAX. */
static size_t bins(void)
{
    return (size_t)(QHIST_EXP1 - QHIST_EXP0) * QHIST_SPLIT;
}

double qhist_edge(size_t i)
{
    return ldexp(1 + (double)(i % QHIST_SPLIT) / QHIST_SPLIT, (int)(i / QHIST_SPLIT) + QHIST_EXP0);
}

static void ranges_build(void)
{
    size_t n = bins();
    ranges = alloc_resize(NULL, (n + 2) * sizeof *ranges, 1);
    for (size_t i = 0; i <= n; i++)
        ranges[i] = log(qhist_edge(i));
    /* the zeros' slot: a bin GSL sees only through qhist_quantile's view,
     * which leaves it out */
    ranges[n + 1] = ranges[n] + 1;
}

void qhist_init(qhist *q)
{
    pthread_once(&ranges_once, ranges_build);
    size_t n = bins();
    q->h = gsl_histogram_alloc(n + 1);
    if (!q->h)
        alloc_fail("a percentile histogram");
    int rc = gsl_histogram_set_ranges(q->h, ranges, n + 2);
    assert(rc == GSL_SUCCESS); /* the ranges are built increasing */
    (void)rc;
    q->bin = q->h->bin;
    q->nbins = n;
    q->n = 0;
}

void qhist_release(qhist *q)
{
    gsl_histogram_free(q->h);
    q->h = NULL;
}

void qhist_reset(qhist *q)
{
    gsl_histogram_reset(q->h);
    q->n = 0;
}

double qhist_zeros(const qhist *q)
{
    return q->bin[q->nbins];
}

gsl_histogram_pdf *qhist_pdf_new(void)
{
    gsl_histogram_pdf *pdf = gsl_histogram_pdf_alloc(bins());
    if (!pdf)
        alloc_fail("a percentile histogram");
    return pdf;
}

double qhist_quantile(const qhist *q, gsl_histogram_pdf *pdf, double p)
{
    if (q->n <= 0)
        return NAN;
    double zeros = qhist_zeros(q), rank = p * q->n;
    if (rank <= zeros)
        return 0;
    /* the histogram without its zeros' slot */
    gsl_histogram view = {q->nbins, q->h->range, q->bin};
    if (gsl_histogram_pdf_init(pdf, &view) != GSL_SUCCESS)
        return NAN;
    return exp(gsl_histogram_pdf_sample(pdf, (rank - zeros) / (q->n - zeros)));
}
