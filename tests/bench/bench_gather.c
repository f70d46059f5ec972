/*
 * bench_gather: what the exchange at the end of a spread run costs at 2 to
 * 8 ranks, and what three models fitted to it predict at 64, 256 and 512.
 *
 * The exchange is flowmc's own (par_run_gather: the sizes, then one
 * allgatherv), carrying the bytes of 10,000 M/M/6 replications (196 bytes
 * each, docs/scale-out.md) split evenly over the ranks.  Run without
 * mpirun, this program starts itself under `mpirun --oversubscribe -n N`
 * for N = 2..8; each of those runs times SAMPLES exchanges after a barrier
 * (the slowest rank's time, after WARM untimed ones) and prints them.
 * Then, over every sample, least squares (GSL) for
 *     log:    t = a + b log2 N          (Bruck / recursive doubling)
 *     ring:   t = a (N - 1) + b (N - 1) / N   (N - 1 steps; the bytes each
 *                                         rank receives, (N-1)/N of the run)
 *     linear: t = a + b N               (a root taking every part in turn)
 * with each coefficient's 95% CI, the residual standard deviation, and the
 * predicted mean time at 64, 256 and 512 ranks with its 95% CI (the
 * model's own uncertainty: a prediction 60 times past the data is only as
 * good as the form).  On a machine with fewer cores than ranks the times
 * are the scheduler's as much as the exchange's; docs/scale-out.md says
 * what that means.  Skips with a line without MPI.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multifit.h>

#include "bench.h"
#include "sim/par.h"

#ifdef FLOWMC_MPI
#include <mpi.h>
#endif

#define REPS 10000
#define BYTES_PER_REP 196
#define SAMPLES 30
#define WARM 3
#define NMIN 2
#define NMAX 8

#ifdef FLOWMC_MPI
/* One rank of an N-rank run: rank 0 prints "t SECONDS" per sample. */
static int rank_main(int argc, char **argv)
{
    if (par_init(&argc, &argv) != 0)
        return 1;
    int n = par_size(), me = par_rank();
    size_t total = (size_t)REPS * BYTES_PER_REP;
    size_t mine = total / (size_t)n + ((size_t)me < total % (size_t)n);
    char *buf = calloc(mine + 1, 1);
    if (!buf)
        par_abort("out of memory");
    for (int k = 0; k < WARM + SAMPLES; k++) {
        par_run *r = par_run_new(REPS);
        if (!r)
            par_abort("a run could not start");
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        void *all;
        size_t len;
        if (par_run_gather(r, buf, mine, &all, &len) != 0 || len != total)
            par_abort("the exchange failed");
        double t = MPI_Wtime() - t0, worst = 0;
        MPI_Reduce(&t, &worst, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
        if (k >= WARM && me == 0)
            printf("t %.9f\n", worst);
        free(all);
        par_run_free(r);
    }
    fflush(stdout);
    free(buf);
    return par_finish(0);
}
#endif

typedef struct model {
    const char *name, *form;
    void (*row)(double n, double *x); /* the two regressors at N */
} model;

static void row_log(double n, double *x) { x[0] = 1, x[1] = log2(n); }
static void row_ring(double n, double *x) { x[0] = n - 1, x[1] = (n - 1) / n; }
static void row_linear(double n, double *x) { x[0] = 1, x[1] = n; }

static void fit(const model *m, const double *ns, const double *ts, int count)
{
    gsl_matrix *X = gsl_matrix_alloc((size_t)count, 2), *cov = gsl_matrix_alloc(2, 2);
    gsl_vector *y = gsl_vector_alloc((size_t)count), *c = gsl_vector_alloc(2);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc((size_t)count, 2);
    for (int i = 0; i < count; i++) {
        double x[2];
        m->row(ns[i], x);
        gsl_matrix_set(X, (size_t)i, 0, x[0]);
        gsl_matrix_set(X, (size_t)i, 1, x[1]);
        gsl_vector_set(y, (size_t)i, ts[i] * 1e3); /* milliseconds */
    }
    double chisq;
    gsl_multifit_linear(X, y, c, cov, &chisq, w); /* cov: residual variance x (X'X)^-1 */
    double q = gsl_cdf_tdist_Pinv(0.975, count - 2), sd = sqrt(chisq / (count - 2));
    double a = gsl_vector_get(c, 0), b = gsl_vector_get(c, 1);
    double ha = q * sqrt(gsl_matrix_get(cov, 0, 0)), hb = q * sqrt(gsl_matrix_get(cov, 1, 1));
    printf("gather: %-6s %-28s a = %.3f ms [%.3f, %.3f], b = %.3f ms [%.3f, %.3f], residual sd %.3f ms\n", m->name,
           m->form, a, a - ha, a + ha, b, b - hb, b + hb, sd);
    static const int at[] = {64, 256, 512};
    printf("gather: %-6s predicts", m->name);
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        double x[2];
        m->row(at[k], x);
        double mean = a * x[0] + b * x[1];
        double var = x[0] * x[0] * gsl_matrix_get(cov, 0, 0) + 2 * x[0] * x[1] * gsl_matrix_get(cov, 0, 1) +
                     x[1] * x[1] * gsl_matrix_get(cov, 1, 1);
        printf("%s %d ranks %.1f ms [%.1f, %.1f]", k ? "," : "", at[k], mean, mean - q * sqrt(var),
               mean + q * sqrt(var));
    }
    printf("\n");
    gsl_multifit_linear_free(w);
    gsl_vector_free(c);
    gsl_vector_free(y);
    gsl_matrix_free(cov);
    gsl_matrix_free(X);
}

int main(int argc, char **argv)
{
#ifndef FLOWMC_MPI
    (void)argc;
    (void)argv;
    printf("gather: skipped: built without MPI (make MPI=1)\n");
    return 0;
#else
    if (getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE"))
        return rank_main(argc, argv);
    if (system("command -v mpirun >/dev/null 2>&1") != 0) {
        printf("gather: skipped: mpirun not found (make deps installs openmpi-bin)\n");
        return 0;
    }
    static double ns[(NMAX - NMIN + 1) * SAMPLES], ts[(NMAX - NMIN + 1) * SAMPLES];
    int count = 0;
    printf("gather: flowmc's exchange (par_run_gather) of %d replications x %d bytes = %.2f MB, %d samples a "
           "rank count, ranks oversubscribed on this machine\n",
           REPS, BYTES_PER_REP, (double)REPS * BYTES_PER_REP / 1e6, SAMPLES);
    printf("gather: ranks  median ms  [25%%, 75%%]\n");
    for (int n = NMIN; n <= NMAX; n++) {
        char cmd[4096], line[256];
        snprintf(cmd, sizeof cmd, "mpirun --allow-run-as-root --oversubscribe -n %d /proc/%d/exe", n, (int)getpid());
        FILE *p = popen(cmd, "r");
        if (!p)
            return 1;
        double mine[SAMPLES];
        int got = 0;
        while (fgets(line, sizeof line, p))
            if (!strncmp(line, "t ", 2) && got < SAMPLES)
                mine[got++] = atof(line + 2);
        if (pclose(p) != 0 || got != SAMPLES) {
            fprintf(stderr, "bench_gather: %s failed (%d samples)\n", cmd, got);
            return 1;
        }
        for (int k = 0; k < got; k++) {
            ns[count] = n;
            ts[count++] = mine[k];
        }
        bench_sort(mine, got);
        printf("gather: %5d  %9.3f  [%.3f, %.3f]\n", n, 1e3 * bench_median(mine, got), 1e3 * mine[got / 4],
               1e3 * mine[(3 * got) / 4]);
        fflush(stdout);
    }
    static const model models[] = {
        {"log", "t = a + b log2 N", row_log},
        {"ring", "t = a (N-1) + b (N-1)/N", row_ring},
        {"linear", "t = a + b N", row_linear},
    };
    for (size_t k = 0; k < sizeof models / sizeof models[0]; k++)
        fit(&models[k], ns, ts, count);
    return 0;
#endif
}
