/*
 * erlang: Erlang B and C for the M/M/c queue; see erlang.h.  Erlang C is
 * taken from Erlang B, C = c B / (c - a (1 - B)), which never forms a^c / c!
 * and so stays accurate for hundreds of servers.
 */
#include "erlang.h"

#include <assert.h>
#include <math.h>

double erlang_offered_load(double lambda, double mu)
{
    assert(lambda >= 0 && mu > 0);
    return lambda / mu;
}

double erlang_b(int c, double a)
{
    assert(c >= 0 && a >= 0);
    double b = 1;
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    return b;
}

double erlang_c(int c, double a)
{
    assert(c >= 1 && a >= 0);
    if (a >= c)
        return 1;
    double b = erlang_b(c, a);
    return c * b / (c - a * (1 - b));
}

double erlang_wait_cdf(int c, double lambda, double mu, double t)
{
    assert(t >= 0);
    double a = erlang_offered_load(lambda, mu);
    if (a >= c)
        return 0;
    return 1 - erlang_c(c, a) * exp(-(c * mu - lambda) * t);
}

double erlang_mean_wait(int c, double lambda, double mu)
{
    double a = erlang_offered_load(lambda, mu);
    if (a >= c)
        return INFINITY;
    return erlang_c(c, a) / (c * mu - lambda);
}

int erlang_smallest_c(double lambda, double mu, double t, double target,
                      int cmax)
{
    assert(target >= 0 && target < 1);
    /* below floor(a) + 1 servers the queue is unstable */
    int c = (int)floor(erlang_offered_load(lambda, mu)) + 1;
    for (; c <= cmax; c++)
        if (erlang_wait_cdf(c, lambda, mu, t) >= target)
            return c;
    return -1;
}
