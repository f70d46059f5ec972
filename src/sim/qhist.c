/*
 * qhist: log-binned histograms for percentiles; see qhist.h.
 */
#include "qhist.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

static double *edges, ats[256], pers[256], per_octave;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static size_t bins(void)
{
    return (size_t)ceil(log(QHIST_MAX / QHIST_MIN) / QHIST_WIDTH);
}

/* The smallest double whose log is at least r: exp(r) rounded either way,
 * walked to the boundary one ulp at a time (a step or two). */
static double edge_of(double r)
{
    double x = exp(r);
    while (log(x) >= r)
        x = nextafter(x, 0);
    while (log(x) < r)
        x = nextafter(x, INFINITY);
    return x;
}

static void tables_build(void)
{
    size_t n = bins();
    gsl_histogram *h = gsl_histogram_alloc(n);
    edges = malloc((n + 1) * sizeof *edges);
    if (!h || !edges)
        abort();
    gsl_histogram_set_ranges_uniform(h, log(QHIST_MIN), log(QHIST_MAX));
    for (size_t i = 0; i <= n; i++)
        edges[i] = edge_of(h->range[i]);
    /* log(m) over each 1/256 of the mantissa by its tangent at the start
     * (below the concave log, by under d^2 / 2), in bins from the first */
    double lo = h->range[0], per_unit = (double)n / (h->range[n] - h->range[0]);
    for (int k = 0; k < 256; k++) {
        ats[k] = (log1p(k / 256.0) - 1 - lo) * per_unit;
        pers[k] = per_unit / (1 + k / 256.0);
    }
    per_octave = log(2) * per_unit;
    gsl_histogram_free(h);
}

void qhist_init(qhist *q)
{
    pthread_once(&tables_once, tables_build);
    q->h = gsl_histogram_alloc(bins());
    if (!q->h)
        abort();
    gsl_histogram_set_ranges_uniform(q->h, log(QHIST_MIN), log(QHIST_MAX));
    q->edge = edges;
    q->at = ats;
    q->per = pers;
    q->per_octave = per_octave;
    q->zeros = q->n = 0;
    q->nbuf = 0;
}

void qhist_release(qhist *q)
{
    gsl_histogram_free(q->h);
    q->h = NULL;
}

void qhist_reset(qhist *q)
{
    gsl_histogram_reset(q->h);
    q->zeros = q->n = 0;
    q->nbuf = 0;
}

/* The zeros (most waits are) leave the buffer first, counted without a
 * branch on each: a test per value that goes either way at random would
 * cost more than binning.  Counts live in locals, not in q, so that the
 * compiler need not reload them after each store into a bin. */
void qhist_flush(qhist *q)
{
    int m = 0, nbuf = q->nbuf;
    for (int k = 0; k < nbuf; k++) {
        double x = q->buf[k];
        q->buf[m] = x;
        m += x >= QHIST_MIN; /* NaN counts as zero too */
    }
    size_t n = q->h->n;
    double *bin = q->h->bin;
    for (int k = 0; k < m; k++)
        bin[qhist_index(q, n, q->buf[k])] += 1;
    q->zeros += nbuf - m;
    q->n += nbuf;
    q->nbuf = 0;
}

gsl_histogram_pdf *qhist_pdf_new(void)
{
    gsl_histogram_pdf *pdf = gsl_histogram_pdf_alloc(bins());
    if (!pdf)
        abort();
    return pdf;
}

double qhist_quantile(qhist *q, gsl_histogram_pdf *pdf, double p)
{
    qhist_flush(q);
    if (q->n <= 0)
        return NAN;
    double rank = p * q->n;
    if (rank <= q->zeros)
        return 0;
    if (gsl_histogram_pdf_init(pdf, q->h) != GSL_SUCCESS)
        return NAN;
    return exp(gsl_histogram_pdf_sample(pdf, (rank - q->zeros) / (q->n - q->zeros)));
}
