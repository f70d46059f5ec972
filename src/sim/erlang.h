/*
 * erlang: closed forms of the M/M/c FIFO queue (Erlang B and C), the
 * reference `flowmc size` is checked against and the analytic bound it
 * starts from.  Rates are per the same time unit (per hour, say); times are
 * in the reciprocal unit.  Pure functions, no state.
 */
#ifndef FLOWMC_ERLANG_H
#define FLOWMC_ERLANG_H

/* Offered load a = lambda / mu in erlangs (mean busy servers needed). */
double erlang_offered_load(double lambda, double mu);

/* Erlang B: blocking probability of M/M/c/c with offered load a >= 0 and
 * c >= 0 servers, by the stable recurrence B(k) = a B(k-1) / (k + a B(k-1)). */
double erlang_b(int c, double a);

/* Erlang C: probability that an arrival waits, for c >= 1 servers and load
 * a >= 0; 1 when a >= c (the queue is unstable and everyone waits). */
double erlang_c(int c, double a);

/* P(W <= t) for the FIFO M/M/c wait W, t >= 0:
 * 1 - C(c, a) exp(-(c mu - lambda) t); 0 when lambda >= c mu. */
double erlang_wait_cdf(int c, double lambda, double mu, double t);

/* Mean wait in queue C(c, a) / (c mu - lambda); INFINITY when unstable. */
double erlang_mean_wait(int c, double lambda, double mu);

/* Smallest c >= 1 with P(W <= t) >= target (target in [0, 1)), or -1 when
 * no c <= cmax meets it. */
int erlang_smallest_c(double lambda, double mu, double t, double target,
                      int cmax);

#endif
