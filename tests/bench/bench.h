/*
 * bench.h: what the benchmarks of tests/bench share -- the clocks, the
 * median of repeated runs, the geometric mean of paired ratios with its
 * confidence interval, running a job in a child for its own peak memory,
 * the binary under test and a scratch file.  Each benchmark is one .c file built alone against libflowmc.a,
 * so everything here is static inline; nothing in src/ may include it.
 */
#ifndef FLOWMC_BENCH_H
#define FLOWMC_BENCH_H

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

/* Wall-clock seconds on the monotonic clock (differences only). */
static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU seconds this process has used so far, all its threads. */
static inline double bench_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts the n values of v in place, smallest first. */
static inline void bench_sort(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
}

/* Sorts v in place and returns its median. */
static inline double bench_median(double *v, int n)
{
    bench_sort(v, n);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The geometric mean of n > 1 positive ratios r and its 95% confidence
 * interval (Student t on the logarithms) into *lo and *hi.  Pairs of runs
 * side by side in time are how every benchmark judges against its peer. */
static inline double bench_ratio_ci(const double *r, int n, double *lo, double *hi)
{
    double *lg = malloc((size_t)n * sizeof *lg);
    if (!lg)
        abort();
    for (int k = 0; k < n; k++)
        lg[k] = log(r[k]);
    double m = gsl_stats_mean(lg, 1, (size_t)n);
    double h = gsl_cdf_tdist_Pinv(0.975, n - 1) * gsl_stats_sd_m(lg, 1, (size_t)n, m) / sqrt(n);
    free(lg);
    *lo = exp(m - h);
    *hi = exp(m + h);
    return exp(m);
}

/* bench_ratio_ci of the n ratios r, printed as "what: Gx, 95% CI [LOx,
 * HIx] over n pairs" without a newline (a caller may add its verdict).
 * Returns the geometric mean; the interval into *lo and *hi. */
static inline double bench_ratio_print(const char *what, const double *r, int n, double *lo, double *hi)
{
    double g = bench_ratio_ci(r, n, lo, hi);
    printf("%s: %.2fx, 95%% CI [%.2fx, %.2fx] over %d pairs", what, g, *lo, *hi, n);
    return g;
}

/* The flowmc binary the benchmarks run: $FLOWMC_BIN (make bench sets it),
 * else bin/flowmc. */
static inline const char *bench_bin(void)
{
    const char *b = getenv("FLOWMC_BIN");
    return b && *b ? b : "bin/flowmc";
}

/* Makes an empty scratch file from the mkstemp template name (the name
 * made written back into it).  Returns 0, or -1 after perror. */
static inline int bench_tmpfile(char *name)
{
    int fd = mkstemp(name);
    if (fd < 0) {
        perror(name);
        return -1;
    }
    close(fd);
    return 0;
}

/* Runs job(arg, out) in a forked child, so that the child's peak resident
 * memory is the job's alone; the job fills the size bytes of out and
 * returns 0, which come back through a pipe.  Returns 0 with out filled and
 * *peak_mb set, -1 when the child could not start or failed. */
static inline int bench_in_child(int (*job)(const void *arg, void *out), const void *arg, void *out, size_t size,
                                 double *peak_mb)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        if (job(arg, out) != 0 || write(fds[1], out, size) != (ssize_t)size)
            _exit(1);
        _exit(0);
    }
    int st = 0;
    struct rusage ru;
    int ok = wait4(pid, &st, 0, &ru) == pid && read(fds[0], out, size) == (ssize_t)size && WIFEXITED(st) &&
             WEXITSTATUS(st) == 0;
    close(fds[0]);
    close(fds[1]);
    if (!ok)
        return -1;
    *peak_mb = ru.ru_maxrss / 1024.0;
    return 0;
}

#endif
