/*
 * Suite par: `mpirun -n 2` and `-n 3` give the one-process output byte for
 * byte for sim (table, JSON), size (table, CSV), compare (table, JSON) and
 * sweep (table, JSON, CSV, and its warnings) -- sweeps of 12 and 13 points
 * spread whole points over the ranks (sweep_spread.h), smaller ones each
 * point's replications; a point that fails stops the sweep with the
 * one-process message; a rank that fails where rank 0 does not ends the
 * run with status 2, a message naming the rank and host, and no output
 * file; a rank killed mid-run ends the run, named by mpirun, with no output
 * file and no temporary left; an overload found by one rank stops every
 * rank with rank 0's message.
 *
 * Without MPI (flowmc built without it, or mpirun missing) the suite skips
 * with a line saying so -- and fails under CI (CI set in the environment,
 * as `make CI=true test` does), where a missing MPI must not pass
 * silently.  The Makefile rebuilds this file when MPI changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define MMC "tests/fixtures/sim/mmc.xml"
#define SIZE_A "tests/fixtures/size/mmc-a.xml"
#define SIZE_A7 "tests/fixtures/size/mmc-a7.xml"

/* 1 when the suite can run; otherwise a line saying why, and under CI a
 * failure. */
static int have_mpi(void)
{
#ifdef FLOWMC_MPI
    if (system("command -v mpirun >/dev/null 2>&1") == 0)
        return 1;
    const char *why = "mpirun not found (make deps installs openmpi-bin)";
#else
    const char *why = "flowmc built without MPI (make MPI=1; make deps installs libopenmpi-dev)";
#endif
    const char *ci = getenv("CI");
    if (ci && *ci && strcmp(ci, "false") != 0 && strcmp(ci, "0") != 0) {
        printf("\n    FAILED under CI: %s", why);
        CU_FAIL_FATAL("MPI missing under CI");
    }
    printf("\n    skipped: %s", why);
    return 0;
}

/* `mpirun -n N flowmc ARGS`, as root too (CI). */
static int mpi_flowmc(int n, const char *args, char **out, char **err)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "mpirun --oversubscribe --allow-run-as-root -n %d %s %s", n, tu_bin(), args);
    return tu_sh(cmd, out, err);
}

static int same_files(const char *a, const char *b)
{
    size_t la, lb;
    char *x = tu_slurp(a, &la), *y = tu_slurp(b, &lb);
    int same = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

/* Runs `flowmc CMD ... -o DIR/one.EXT` alone and under 2 and 3 ranks with
 * -o DIR/nN.EXT; stdout and the file must match the one-process run's, and
 * with same_err standard error too (the commands that print no timings;
 * exit status 0, where mpirun adds no notice of its own). */
static void same_as_one_err(const char *what, const char *args, const char *ext, int same_err)
{
    const char *t = tu_tmpdir();
    char a[4096], one[512], many[512];
    char *out1 = NULL, *err1 = NULL;
    snprintf(one, sizeof one, "%s/%s-one.%s", t, what, ext);
    snprintf(a, sizeof a, "%s --force -o %s", args, one);
    int rc1 = tu_flowmc(a, &out1, &err1);
    CU_ASSERT(rc1 == 0 || rc1 == 1);
    for (int n = 2; n <= 3; n++) {
        char *outn = NULL, *errn = NULL;
        snprintf(many, sizeof many, "%s/%s-n%d.%s", t, what, n, ext);
        snprintf(a, sizeof a, "%s --force -o %s", args, many);
        CU_ASSERT_EQUAL(mpi_flowmc(n, a, &outn, &errn), rc1);
        CU_ASSERT(out1 && outn && strcmp(out1, outn) == 0);
        CU_ASSERT(same_files(one, many));
        if (!(out1 && outn && strcmp(out1, outn) == 0))
            printf("\n    %s under %d ranks: stdout differs", what, n);
        if (same_err && rc1 == 0) {
            CU_ASSERT(err1 && errn && strcmp(err1, errn) == 0);
            if (!(err1 && errn && strcmp(err1, errn) == 0))
                printf("\n    %s under %d ranks: stderr differs:\n%s\n    against\n%s", what, n,
                       errn ? errn : "(none)", err1 ? err1 : "(none)");
        }
        free(outn);
        free(errn);
    }
    free(out1);
    free(err1);
}

static void same_as_one(const char *what, const char *args, const char *ext)
{
    same_as_one_err(what, args, ext, 0);
}

static void test_par_sim(void)
{
    if (!have_mpi())
        return;
    same_as_one("sim", "sim " MMC " -r 23 -j 2", "json");
    same_as_one("sim1", "sim " MMC " -r 5 -j 1", "json");
}

static void test_par_size(void)
{
    if (!have_mpi())
        return;
    same_as_one("size", "size " SIZE_A, "csv");
}

static void test_par_compare(void)
{
    if (!have_mpi())
        return;
    same_as_one("compare", "compare " SIZE_A " " SIZE_A7, "json");
}

static void test_par_sweep(void)
{
    if (!have_mpi())
        return;
    same_as_one("sweep", "sweep " MMC " --vary arrival.Start.rate=4,4.5,5 --vary role.agent.staff=6,7 -r 7 -j 2",
                "json");
    same_as_one("sweep1", "sweep " MMC " --vary arrival.Start.rate=4,5 -r 3 -j 1", "csv");
}

/* A short M/M/6: forty days a replication. */
#define MMC_SHORT "sweep " MMC " --set clock.horizon=P40D --set clock.warmup=P2D "

/* 12 and 13 points: at least 2 per rank under -n 2 and -n 3, so whole
 * points are spread (13 leaves the ranks uneven shares); with 4 staff the
 * points past 4 an hour are overloaded, so warnings travel too. */
static void test_par_sweep_points(void)
{
    if (!have_mpi())
        return;
    same_as_one_err("sweep12", MMC_SHORT "--vary arrival.Start.rate=3.5..5.7:0.2 -r 6 -j 2", "json", 1);
    same_as_one_err("sweep13", MMC_SHORT "--vary arrival.Start.rate=3.5..5.9:0.2 --vary role.agent.staff=4 -r 5 -j 1",
                    "csv", 1);
    same_as_one_err("sweep26", MMC_SHORT "--vary arrival.Start.rate=3.5..5.9:0.2 --vary role.agent.staff=4,6 -r 3",
                    "json", 1);
}

/* A point that fails (cases looping without time passing) stops the sweep
 * with the one-process message and status, whichever rank ran it. */
static void test_par_sweep_point_fails(void)
{
    if (!have_mpi())
        return;
    const char *args = "sweep tests/fixtures/sim/zero-loop.xml --vary flow.f_out.probability=0..1:0.1 -r 2 -j 1 -q";
    char *err1 = NULL, *errn = NULL;
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err1), 2);
    CU_ASSERT(tu_contains(err1, "[zero-time-loop]"));
    CU_ASSERT_EQUAL(mpi_flowmc(3, args, NULL, &errn), 2);
    /* rank 0's own lines come first, mpirun's notice after them */
    CU_ASSERT(err1 && errn && strncmp(err1, errn, strlen(err1)) == 0);
    free(err1);
    free(errn);
}

static void test_par_rank_fails(void)
{
    if (!have_mpi())
        return;
    /* rank 1 is given a scenario that does not exist, rank 0 the real one */
    char cmd[4096], path[512], *err = NULL;
    snprintf(path, sizeof path, "%s/par-fail.json", tu_tmpdir());
    unlink(path);
    snprintf(cmd, sizeof cmd,
             "mpirun --oversubscribe --allow-run-as-root "
             "-n 1 %s sim " MMC " -o %s : -n 1 %s sim tests/fixtures/sim/no-such.xml -o %s",
             tu_bin(), path, tu_bin(), path);
    int rc = tu_sh(cmd, NULL, &err);
    CU_ASSERT_EQUAL(rc, 2);
    CU_ASSERT(tu_contains(err, "rank 1 on "));
    CU_ASSERT(access(path, F_OK) != 0); /* nothing written as if complete */
    if (!tu_contains(err, "rank 1 on "))
        printf("\n    stderr: %s", err ? err : "(none)");
    free(err);
}

/* Whether dir holds a file whose name starts with prefix. */
static int left_in(const char *dir, const char *prefix)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "ls -A %s | grep -q '^%s'", dir, prefix);
    return system(cmd) == 0;
}

/* Rank 1 killed (SIGKILL) a second into a sweep that takes far longer:
 * the run ends with a nonzero status and a message naming rank 1 and its
 * host (mpirun's), the output file is not there and neither is its
 * temporary file (rank 0, ended by mpirun's SIGTERM, removes it).  Rank 1
 * is found by its environment: the run's mark and OMPI_COMM_WORLD_RANK=1. */
static void test_par_rank_killed(void)
{
    if (!have_mpi())
        return;
    const char *t = tu_tmpdir();
    char host[256] = "", cmd[8192], *err = NULL;
    gethostname(host, sizeof host - 1);
    char path[512];
    snprintf(path, sizeof path, "%s/par-killed.json", t);
    unlink(path);
    snprintf(cmd, sizeof cmd,
             "( FLOWMC_PAR_KILL_MARK=$$; export FLOWMC_PAR_KILL_MARK; "
             "mpirun --oversubscribe --allow-run-as-root -n 2 %s sweep " MMC
             " --vary arrival.Start.rate=3.5..5.9:0.2 -r 200 -j 1 -o %s & m=$!; v=; "
             "for i in $(seq 1 400); do "
             "  for e in /proc/[0-9]*/environ; do "
             "    if grep -qxz \"FLOWMC_PAR_KILL_MARK=$$\" $e 2>/dev/null && "
             "       grep -qxz OMPI_COMM_WORLD_RANK=1 $e 2>/dev/null; then v=${e#/proc/}; v=${v%%/environ}; fi; "
             "  done; "
             "  [ -n \"$v\" ] && break; sleep 0.05; "
             "done; "
             "sleep 1; [ -n \"$v\" ] && kill -9 $v; wait $m )",
             tu_bin(), path);
    int rc = tu_sh(cmd, NULL, &err);
    CU_ASSERT(rc != 0);
    CU_ASSERT(tu_contains(err, "rank 1"));
    CU_ASSERT(host[0] && tu_contains(err, host));
    CU_ASSERT(access(path, F_OK) != 0);
    CU_ASSERT(!left_in(t, ".par-killed.json."));
    if (!tu_contains(err, "rank 1") || rc == 0)
        printf("\n    status %d, stderr: %s", rc, err ? err : "(none)");
    free(err);
}

/* An overloaded run stops on whichever rank ran the replication that
 * overflowed; every rank learns it in the gather and stops alike. */
static void test_par_overload(void)
{
    if (!have_mpi())
        return;
#ifdef FLOWMC_POOL_MOVES
    /* sanitizer builds move the engine's pools at every allocation: the
     * 10^5 cases before the limit take minutes there (the single-process
     * overload test of suite sim_scenario still runs) */
    printf("\n    skipped: sanitizer build (pools move at every allocation)");
    return;
#endif
    char *err = NULL;
    CU_ASSERT_EQUAL(mpi_flowmc(2, "sim tests/fixtures/sim/overload.xml -q", NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "[overloaded] the queue at role 'agent' grew past"));
    free(err);
}

void suite_par(void);
void suite_par(void)
{
    static const CU_TestInfo tests[] = {
        {"mpirun -n 2, -n 3: sim as one process, byte for byte", test_par_sim},
        {"mpirun -n 2, -n 3: size as one process", test_par_size},
        {"mpirun -n 2, -n 3: compare as one process", test_par_compare},
        {"mpirun -n 2, -n 3: sweep as one process", test_par_sweep},
        {"mpirun -n 2, -n 3: 12- and 13-point sweeps spread by points, as one process", test_par_sweep_points},
        {"a sweep point failing on any rank: the one-process message", test_par_sweep_point_fails},
        {"a rank failing alone ends the run, named", test_par_rank_fails},
        {"a rank killed mid-run ends the run, named, nothing written", test_par_rank_killed},
        {"an overload found on one rank stops every rank", test_par_overload},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("par", tests);
}
