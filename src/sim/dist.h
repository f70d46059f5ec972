/*
 * dist: the probability distributions of task durations and arrival gaps,
 * sampled with GSL.  A dist is a small value type: kind, parameters in the
 * user's unit, and the unit's length in seconds.
 *
 * Parameters by kind (all in the dist's unit):
 *   fixed(value)            uniform(min, max)       triangular(min, mode, max)
 *   exponential(mean)       normal(mean, sd) truncated at 0 by rejection
 *   lognormal(mean, sd)     -- of the variable itself, not of its log
 *   gamma(shape, scale)     weibull(shape, scale)
 *   empirical(v1, w1, v2, w2, ...) -- values with weights (histogram)
 *   mixture(w1, w2, ...)    -- 1 to DIST_MAX_COMPONENTS component dists
 *                              drawn with those weights (QBP's HISTOGRAM:
 *                              a distribution per bin)
 *   exnormal(mu, sigma, tau) -- ex-Gaussian: a normal (mu, sigma) plus an
 *                              exponential of mean tau (scipy's exponnorm
 *                              with K = tau / sigma), truncated at 0 by
 *                              rejection
 * Any continuous kind may also be shifted and bounded (dist_bound): a draw
 * is the law's draw plus shift, redrawn until it lies in [lo, hi] -- how
 * Prosimos (pix-framework) samples its min/max-limited laws.
 * Ownership: an empirical or mixture dist owns its GSL lookup table and
 * its components; release it with dist_release.  Sampling is read-only and thread-safe with per-thread rngs.
 */
#ifndef FLOWMC_DIST_H
#define FLOWMC_DIST_H

#include <stddef.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

typedef enum dist_kind {
    DIST_FIXED,
    DIST_UNIFORM,
    DIST_TRIANGULAR,
    DIST_EXPONENTIAL,
    DIST_NORMAL,
    DIST_LOGNORMAL,
    DIST_GAMMA,
    DIST_WEIBULL,
    DIST_EMPIRICAL,
    DIST_MIXTURE,
    DIST_EXNORMAL,
    DIST_KIND_COUNT
} dist_kind;

#define DIST_MAX_POINTS 64
#define DIST_MAX_COMPONENTS 1024

typedef struct dist {
    dist_kind kind;
    double p[2 * DIST_MAX_POINTS]; /* parameters, in the unit */
    int np;
    double unit;                   /* seconds per unit */
    gsl_ran_discrete_t *table;     /* empirical and mixture */
    double mu, sigma;              /* lognormal: of the log */
    struct dist *comp; int ncomp;  /* mixture: owned components */
    double *w;                     /* mixture: their weights (owned) */
    int bounded;                   /* shift, lo, hi apply */
    double shift, lo, hi;          /* seconds: draw + shift, within [lo, hi] */
    double bmean, bvar;            /* bounded: the law's moments, seconds */
} dist;

/* Kind by name ("lognormal"); -1 when unknown. */
int dist_kind_parse(const char *name);
const char *dist_kind_name(dist_kind k);

/* Unit length in seconds for "s", "min", "h", "d", "w"; -1 when unknown.
 * (Business days depend on a calendar: the caller resolves "bd".) */
double dist_unit_seconds(const char *unit);

/* Sets d up; checks the parameter count and values (positive means and
 * scales, min <= mode <= max, non-negative weights with a positive sum).
 * Returns 0, or -1 with a plain lowercase reason in err. */
int dist_init(dist *d, dist_kind kind, const double *params, int np,
              double unit_seconds, char *err, size_t errlen);
/* Sets d up as a mixture of the n dists comp (moved into d: the caller
 * no longer releases them) drawn with the weights w (non-negative, positive
 * sum).  Its unit is the second.  Returns 0, or -1 with the reason in err
 * (the components are then released). */
int dist_init_mixture(dist *d, dist *comp, const double *w, int n, char *err,
                      size_t errlen);
/* Shifts and bounds a continuous law (not fixed, empirical or mixture):
 * draws become draw + shift, redrawn while outside [lo, hi] (in d's unit;
 * lo may be -INFINITY, hi INFINITY).  After 100 draws out of bounds the
 * draw is the bounded law's mean (pix-framework, after 100 rounds, falls
 * back on a value inside the bounds too).  Refused when the bounds hold under 1e-6 of the
 * law's mass.  Returns 0, or -1 with the reason in err (d unchanged). */
int dist_bound(dist *d, double shift, double lo, double hi, char *err, size_t errlen);
/* Frees what dist_init allocated; accepts a zeroed dist. */
void dist_release(dist *d);

/* An exponential draw of the given mean, by inversion of the survival
 * function: GSL's Qinv, -mean * log(U) with U uniform on (0, 1).  The same
 * law as gsl_ran_exponential, which inverts the cdf through log1p(-U):
 * here a dependent log1p takes about 30 ns against 20 ns for log, and the
 * simulator waits on one or two of these per case (an 8% gain on M/M/6). */
static inline double dist_exponential(gsl_rng *r, double mean)
{
    return gsl_cdf_exponential_Qinv(gsl_rng_uniform_pos(r), mean);
}

/* The draw of d, an exponential law, for U = u in (0, 1): what dist_draw
 * gives when the generator's uniform_pos is u. */
static inline double dist_exponential_at(const dist *d, double u)
{
    return gsl_cdf_exponential_Qinv(u, d->p[0]) * d->unit;
}

/* One draw, in seconds, >= 0. */
double dist_sample(const dist *d, gsl_rng *r);
/* dist_sample with the exponential law inline -- the commonest duration
 * in a model, drawn once a task -- and the rest through dist_sample. */
static inline double dist_draw(const dist *d, gsl_rng *r)
{
    if (d->kind == DIST_EXPONENTIAL && !d->bounded)
        return dist_exponential_at(d, gsl_rng_uniform_pos(r)); /* > 0: mean > 0, U < 1 */
    return dist_sample(d, r);
}

/* Mean and variance in seconds (and seconds squared); for the truncated
 * normal and bounded laws, those of the truncated law (bounded ones by
 * numerical integration of the cdf, to about 1e-6 relative). */
double dist_mean(const dist *d);
double dist_variance(const dist *d);

#endif
