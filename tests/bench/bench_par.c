/*
 * bench_par: 2 MPI ranks against 1 process on the M/M/6 scenario
 * (tests/fixtures/sim/mmc.xml, 80 replications of 400 days, one thread per
 * rank), in pairs of runs side by side, each first in every other pair,
 * with the machine's own capacity -- two CPU-bound processes against one --
 * measured beside every pair, as bench_sim does for threads.  Prints the
 * speed-up of 2 ranks as a geometric mean with its 95% CI, the machine's,
 * flowmc's share of it, and the bytes gathered per replication (flowmc's
 * own count).  Whole commands are timed, mpirun's start included (what a
 * user waits for), and the run itself from flowmc's own timing line.  Skips with a line when flowmc
 * was built without MPI or mpirun is missing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define PAIRS 10
#define ARGS "sim tests/fixtures/sim/mmc.xml -r 80 -j 1 -o /dev/null --force"

/* Seconds a shell command takes; exits on failure.  With run, also the
 * seconds of the run itself, from flowmc's own line on stderr ("N
 * replications in S s"), which leaves mpirun's start out. */
static double timed_run(const char *cmd, double *run)
{
    char full[2048], line[512];
    snprintf(full, sizeof full, "%s 2>&1 >/dev/null", cmd);
    double t0 = bench_now();
    FILE *p = popen(full, "r");
    if (!p)
        exit(1);
    if (run)
        *run = -1;
    while (fgets(line, sizeof line, p)) {
        const char *at = strstr(line, " replications in ");
        if (run && at)
            *run = atof(at + strlen(" replications in "));
    }
    int st = pclose(p);
    double t = bench_now() - t0;
    if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) > 1 || (run && *run < 0)) {
        fprintf(stderr, "bench_par: failed: %s\n", cmd);
        exit(1);
    }
    return t;
}

static double timed(const char *cmd)
{
    return timed_run(cmd, NULL);
}

/* The machine's capacity for two processes: a CPU-bound loop alone, then
 * two copies at once (processes, as ranks are). */
static double spin(int copies)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "for i in $(seq %d); do awk 'BEGIN{for(i=0;i<30000000;i++)x+=i}' & done; wait",
             copies);
    return timed(cmd);
}

static void report(const char *what, const double *r, int n)
{
    double lo, hi;
    bench_ratio_print(what, r, n, &lo, &hi);
    printf("\n");
}

int main(void)
{
    if (system("command -v mpirun >/dev/null 2>&1") != 0) {
        printf("par: skipped: mpirun not found (make deps installs openmpi-bin)\n");
        return 0;
    }
    char one[1024], two[1024], bytes[1024];
    snprintf(one, sizeof one, "%s " ARGS, bench_bin());
    snprintf(two, sizeof two, "mpirun --allow-run-as-root -n 2 %s " ARGS, bench_bin());
    /* built without MPI, flowmc refuses to run under mpirun */
    snprintf(bytes, sizeof bytes, "mpirun --allow-run-as-root -n 2 %s " ARGS " >/dev/null 2>&1; test $? -le 1",
             bench_bin());
    if (system(bytes) != 0) {
        printf("par: skipped: flowmc was built without MPI (make MPI=1)\n");
        return 0;
    }
    double speed[PAIRS], runs[PAIRS], machine[PAIRS], share[PAIRS];
    for (int k = 0; k < PAIRS; k++) {
        double a, b, ra, rb;
        if (k % 2) {
            b = timed_run(two, &rb);
            a = timed_run(one, &ra);
        } else {
            a = timed_run(one, &ra);
            b = timed_run(two, &rb);
        }
        machine[k] = 2 * spin(1) / spin(2);
        speed[k] = a / b;
        runs[k] = ra / rb;
        share[k] = runs[k] / machine[k];
        printf("par: pair %d: 1 process %.3f s (run %.3f s), 2 ranks %.3f s (run %.3f s): %.2fx, run %.2fx; "
               "the machine's two processes %.2fx\n",
               k + 1, a, ra, b, rb, speed[k], runs[k], machine[k]);
        fflush(stdout);
    }
    report("par: speed-up of 2 ranks, whole command (mpirun's start included)", speed, PAIRS);
    report("par: speed-up of 2 ranks, the run itself", runs, PAIRS);
    report("machine: two independent CPU-bound processes against one, beside each pair", machine, PAIRS);
    report("par: flowmc's run speed-up over the machine's, pair by pair", share, PAIRS);
    /* the bytes per replication, as flowmc counts them */
    snprintf(bytes, sizeof bytes,
             "mpirun --allow-run-as-root -n 2 %s sim tests/fixtures/sim/mmc.xml -r 80 -j 1 -o /dev/null --force "
             "2>&1 >/dev/null | grep 'spread over' | sed 's/^flowmc sim: /par: /'",
             bench_bin());
    fflush(stdout);
    return system(bytes) == 0 ? 0 : 1;
}
