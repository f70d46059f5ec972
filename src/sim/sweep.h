/*
 * sweep: every SLA's attainment over a grid of parameter values
 * (`flowmc sweep SCENARIO --vary KEY=VALUES ...`), and where each target
 * stops being met.
 *
 * A sweep varies one to SWEEP_MAX_AXES typed parameters of a scenario
 * (sim.h: arrival.START.rate, roster.ID.answer, role.ID.staff, ...; each
 * given to --vary as "KEY=V1,V2,..." or "KEY=A..B:STEP") and runs the
 * scenario at every point of their grid with the same seed and the same
 * replications, so that every point sees the same random experiment
 * (common random numbers: the same arrival draws, the same durations and
 * branches for case k of replication r).  Differences between points are
 * then the parameter's doing, and the curves are smooth.  Under mpirun
 * a grid of at least two points per rank is spread by points
 * (sweep_spread.h), a smaller one by each point's replications (sim_run,
 * par.h); every rank holds every point's figures: the result is the same
 * bytes for any number of ranks and threads.
 *
 * Points.  Point p has coordinate (p / stride_a) % n_a on axis a, with
 * axis 0 (the first --vary, the x axis of the table and the plot) varying
 * fastest: stride_0 = 1, stride_a = n_0 ... n_(a-1).  A series is the run
 * of points along axis 0 with the other axes fixed; series s starts at
 * point s * n_0.
 *
 * Crossings.  Along each series, per SLA: the first place where the mean
 * attainment goes from at-or-above the target to below it (the target
 * "holds up to" there) or, for a curve that starts below, from below to
 * at-or-above (it "needs at least" that), read from a monotone cubic
 * through the points (for whole-number parameters, staff and people, the
 * last value still holding, or the first one holding).  Its uncertainty is
 * given twice: where the 95% CI's bounds cross the target, read the same
 * way (pointwise intervals, not a joint confidence statement, and only as
 * good as the reading between points), and the two swept values around it
 * whose verdicts settle it with no reading between points at all.
 *
 * Ownership: a sweep_spec owns its keys and values; a sweep_result owns
 * every string and figure it hands out (copied from the scenario: it
 * stays valid after the scenario is freed).
 */
#ifndef FLOWMC_SWEEP_H
#define FLOWMC_SWEEP_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "../model/diag.h"
#include "sim.h"

#define SWEEP_MAX_AXES 4
#define SWEEP_MAX_VALUES 1000   /* per axis */
#define SWEEP_MAX_POINTS 10000  /* in the whole grid */

/* ---- what to vary ------------------------------------------------------ */

/* Parses one --vary argument, "KEY=V1,V2,..." or "KEY=A..B:STEP" (A, A +
 * STEP, ... up to B, within STEP / 10^6; STEP > 0, counting down when B <
 * A).  Values are decimal numbers; at most SWEEP_MAX_VALUES, no value
 * twice; they are swept in increasing order whatever the order given.
 * Returns 0 with *key and *values (malloc'd, the caller's) and *n,
 * or -1 with one error in d quoting the argument and saying what is wrong. */
int sweep_parse_vary(const char *arg, char **key, double **values, int *n, diag_list *d);

typedef struct sweep_spec sweep_spec;

sweep_spec *sweep_spec_new(void);
/* Frees it; accepts NULL. */
void sweep_spec_free(sweep_spec *w);
/* Adds an axis from a --vary argument: parsed, its key found as a typed
 * parameter of s (sim_param_find), and every value tried on s (then put
 * back) so that a bad value is refused now, with the scenario's own
 * message, not after an hour of runs.  A key given twice, more than
 * SWEEP_MAX_AXES axes, or a grid over SWEEP_MAX_POINTS points is refused.
 * Returns 0, or -1 with an error in d and w unchanged. */
int sweep_spec_add(sweep_spec *w, sim_scenario *s, const char *arg, diag_list *d);
int sweep_spec_axis_count(const sweep_spec *w);
/* Points in the grid (the product of the axes' value counts). */
int sweep_spec_points(const sweep_spec *w);

/* ---- running ----------------------------------------------------------- */

/* Progress: point (0-based) of points being run, done of total of its
 * replications.  Called from sim_run's worker threads, one call at a time. */
typedef void (*sweep_progress_fn)(void *user, int point, int points, int done, int total);

typedef struct sweep_result sweep_result;

/* Runs every point of w's grid on s with options o (replications, seed,
 * threads; o->first_replication and o->log_path must be 0 and NULL; o's
 * own progress is replaced by progress, which may be NULL).  The
 * parameters are set in place (sim_param_set) and put back to their
 * values before the sweep when it ends, whatever happens.  Returns the
 * result, or NULL with errors in d (a point that cannot run: its values
 * are named).  Warnings of the runs (an overloaded role...) go to d once
 * each, with the point they first appeared at. */
sweep_result *sweep_run(const sweep_spec *w, sim_scenario *s, const sim_options *o,
                        sweep_progress_fn progress, void *user, diag_list *d);
void sweep_result_free(sweep_result *r);

/* ---- reading a result (for reports) ------------------------------------ */

/* One axis of the grid. */
typedef struct sweep_axis {
    const char *key;      /* the --vary key, e.g. "arrival.X_Start.rate" */
    const char *unit;     /* sim_param_unit: "a year", "staff", "people", "" */
    sim_param_kind kind;
    int whole;            /* 1: whole numbers (staff, people) */
    int n;
    const double *values; /* in the order given */
} sweep_axis;

typedef enum sweep_cross_kind {
    SWEEP_HOLDS_UP_TO,      /* met at the series' start, then not: holds up to `at` */
    SWEEP_HOLDS_FROM,       /* not met at the start, then met: holds from `at` on */
    SWEEP_MET_THROUGHOUT,   /* the mean is at or above the target at every point */
    SWEEP_MISSED_THROUGHOUT,/* below it at every point */
    SWEEP_NO_DATA           /* some point measured no case for this SLA */
} sweep_cross_kind;

/* "holds-up-to", "holds-from", "met-throughout", "missed-throughout",
 * "no-data": the names the JSON uses. */
const char *sweep_cross_kind_name(sweep_cross_kind k);

/* Where one SLA's target stops (or starts) being met along one series.
 * Values are in axis 0's unit (NAN unless kind is HOLDS_*).  at: where the
 * mean attainment crosses the target, read from a monotone curve through
 * the points (sweep.c); first <= last: where the 95% CI's two bounds cross
 * it, read the same way, NAN at an end the band does not cross inside the
 * sweep (the crossing may lie before the first value, or beyond the last).
 * sure_before < sure_after: the swept values that settle it without any
 * reading between points -- the last one before the crossing whose
 * verdict is still on the first side (met, for holds-up-to) and the first
 * one after it whose verdict is on the other side (missed); NAN when none.
 * Overloaded points miss every target; the curve is read on the first
 * stretch of points that ran, and when it does not cross there, an
 * overload next to it is the crossing: at, first and last are then NAN
 * and sure_before / sure_after name the values on either side. */
typedef struct sweep_crossing {
    int sla;
    int series;           /* its first point is series * n_0 */
    sweep_cross_kind kind;
    double at;
    double first, last;
    double sure_before, sure_after;
} sweep_crossing;

const char *sweep_result_scenario(const sweep_result *r);   /* the path */
const char *sweep_result_name(const sweep_result *r);       /* or NULL */
int sweep_result_replications(const sweep_result *r);       /* at each point */
uint64_t sweep_result_seed(const sweep_result *r);

int sweep_result_axis_count(const sweep_result *r);
const sweep_axis *sweep_result_axis(const sweep_result *r, int a);
int sweep_result_point_count(const sweep_result *r);
/* Index into axis a's values of point p. */
int sweep_result_coord(const sweep_result *r, int p, int a);
/* Value of axis a at point p. */
double sweep_result_value(const sweep_result *r, int p, int a);

int sweep_result_sla_count(const sweep_result *r);
const char *sweep_result_sla_id(const sweep_result *r, int j);
double sweep_result_sla_target(const sweep_result *r, int j);
/* SLA j at point p: attainment, 95% CI, verdict (sim.h). */
const sim_sla_summary *sweep_result_cell(const sweep_result *r, int p, int j);
/* 1 when point p is overloaded: its runs were stopped because a queue
 * grew past SIM_MAX_OPEN_CASES.  Its cells then have no figures (NAN,
 * used 0) and the verdict missed; the overload is a warning in d, and the
 * sweep goes on. */
int sweep_result_overloaded(const sweep_result *r, int p);

/* Series along axis 0: point_count / n_0. */
int sweep_result_series_count(const sweep_result *r);
/* One crossing per SLA and series, SLA-major: index j * series + s. */
int sweep_result_crossing_count(const sweep_result *r);
const sweep_crossing *sweep_result_crossing(const sweep_result *r, int i);
/* The crossing in plain words, one sentence without a final newline, e.g.
 * "change-12h (target 99%) holds up to about 27 a year at X_Start
 * (somewhere from 24 to 31: ...)".  Malloc'd, the caller's. */
char *sweep_crossing_words(const sweep_result *r, const sweep_crossing *c);

/* ---- output ------------------------------------------------------------ */

/* The readable table: per SLA, attainment with its CI and verdict at every
 * point, in percent; then every crossing in words. */
void sweep_result_print(const sweep_result *r, FILE *out);
/* Every figure exactly (docs/sweep.md): new reference. */
json_t *sweep_result_to_json(const sweep_result *r);
/* It with sorted keys, doubles to 17 digits, a final newline.  0, or -1. */
int sweep_result_write_json(const sweep_result *r, FILE *out);
/* One row per point and SLA (docs/sweep.md).  0, or -1 on a write error. */
int sweep_result_write_csv(const sweep_result *r, FILE *out);

/* Draws attainment against axis 0 (one curve per SLA and series) with its
 * 95% CI band and each target as a dashed line, by gnuplot, in the format
 * path's extension names (.svg, .png, .pdf), to out; title heads it (may
 * be NULL).  Returns 0, or -1 with an error in d. */
int sweep_result_plot(const sweep_result *r, const char *title, const char *path, FILE *out,
                      diag_list *d);
/* The same figure as SVG text in memory (for a report that inlines it):
 * malloc'd, NUL-terminated, *len without the NUL; NULL with an error in d. */
char *sweep_result_svg(const sweep_result *r, const char *title, size_t *len, diag_list *d);
/* Checks before a long sweep that the plot can be drawn: the extension is
 * one gnuplot writes and gnuplot is there.  0, or -1 with an error in d. */
int sweep_plot_check(const char *path, diag_list *d);

#endif
