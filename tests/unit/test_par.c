/*
 * Suite par: `mpirun -n 2` and `-n 3` give the one-process output byte for
 * byte for sim (table, JSON), size (table, CSV), compare (table, JSON) and
 * sweep (table, JSON, CSV);
 * a rank that fails where rank 0 does not ends the run with status 2, a
 * message naming the rank and host, and no output file; an overload found by one rank stops
 * every rank with rank 0's message.  Skipped, with a
 * line saying so, when flowmc was built without MPI or mpirun is missing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define MMC "tests/fixtures/sim/mmc.xml"
#define SIZE_A "tests/fixtures/size/mmc-a.xml"
#define SIZE_A7 "tests/fixtures/size/mmc-a7.xml"

static int have_mpi(void)
{
#ifdef FLOWMC_MPI
    if (system("command -v mpirun >/dev/null 2>&1") == 0)
        return 1;
    printf("\n    skipped: mpirun not found (make deps installs openmpi-bin)");
#else
    printf("\n    skipped: flowmc built without MPI (make MPI=1)");
#endif
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
 * -o DIR/nN.EXT; stdout and the file must match the one-process run's. */
static void same_as_one(const char *what, const char *args, const char *ext)
{
    const char *t = tu_tmpdir();
    char a[4096], one[512], many[512];
    char *out1 = NULL;
    snprintf(one, sizeof one, "%s/%s-one.%s", t, what, ext);
    snprintf(a, sizeof a, "%s --force -o %s", args, one);
    int rc1 = tu_flowmc(a, &out1, NULL);
    CU_ASSERT(rc1 == 0 || rc1 == 1);
    for (int n = 2; n <= 3; n++) {
        char *outn = NULL;
        snprintf(many, sizeof many, "%s/%s-n%d.%s", t, what, n, ext);
        snprintf(a, sizeof a, "%s --force -o %s", args, many);
        CU_ASSERT_EQUAL(mpi_flowmc(n, a, &outn, NULL), rc1);
        CU_ASSERT(out1 && outn && strcmp(out1, outn) == 0);
        CU_ASSERT(same_files(one, many));
        if (!(out1 && outn && strcmp(out1, outn) == 0))
            printf("\n    %s under %d ranks: stdout differs", what, n);
        free(outn);
    }
    free(out1);
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
        {"a rank failing alone ends the run, named", test_par_rank_fails},
        {"an overload found on one rank stops every rank", test_par_overload},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("par", tests);
}
