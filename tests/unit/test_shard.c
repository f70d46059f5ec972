/*
 * Suite shard: a result dumped and read back is the same to the bit (NaN
 * included); the blocks of K/N cover a run once; `flowmc sim --shard` and
 * `flowmc merge` give the one-process table and JSON byte for byte, in any
 * order of the parts and for shard counts that do not divide the run; and
 * merge refuses parts of another run, duplicated and missing parts, and
 * files that are not shards.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/shard.h"
#include "sim/sim.h"
#include "testutil.h"

#define MMC "tests/fixtures/sim/mmc.xml"
#define SPARSE "tests/fixtures/sim/roster.xml" /* metrics some replications leave undefined */

static void test_shard_blocks(void)
{
    int k, n;
    CU_ASSERT_EQUAL(shard_parse("0/4", &k, &n), 0);
    CU_ASSERT(k == 0 && n == 4);
    CU_ASSERT_EQUAL(shard_parse("3/4", &k, &n), 0);
    CU_ASSERT_EQUAL(shard_parse("4/4", &k, &n), -1);
    CU_ASSERT_EQUAL(shard_parse("-1/4", &k, &n), -1);
    CU_ASSERT_EQUAL(shard_parse("1/0", &k, &n), -1);
    CU_ASSERT_EQUAL(shard_parse("1/4x", &k, &n), -1);
    CU_ASSERT_EQUAL(shard_parse("1", &k, &n), -1);
    /* every replication once, in order, sizes within one of each other */
    for (int total = 1; total <= 40; total++)
        for (int N = 1; N <= 9; N++) {
            int next = 0, lo = total, hi = 0;
            for (int i = 0; i < N; i++) {
                int first, cnt;
                shard_block(i, N, total, &first, &cnt);
                CU_ASSERT_EQUAL(first, next);
                next = first + cnt;
                lo = cnt < lo ? cnt : lo;
                hi = cnt > hi ? cnt : hi;
            }
            CU_ASSERT_EQUAL(next, total);
            CU_ASSERT(hi - lo <= 1);
        }
}

static void test_shard_dump_exact(void)
{
    diag_list *d = diag_list_new();
    sim_scenario *s = sim_scenario_load(SPARSE, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    sim_options o;
    sim_options_init(&o, s);
    o.replications = 5;
    o.threads = 2;
    sim_result *r = sim_run(s, &o, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    json_t *j = sim_result_dump(r);
    char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(j);
    json_error_t err;
    json_t *back = json_loads(text, 0, &err);
    sim_result *r2 = sim_result_undump(back);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r2);
    CU_ASSERT_EQUAL(sim_result_replications(r2), 5);
    CU_ASSERT_EQUAL(sim_result_metric_count(r2), sim_result_metric_count(r));
    int nan_seen = 0;
    for (int i = 0; i < sim_result_metric_count(r); i++)
        for (int k = 0; k < 5; k++) {
            double a = sim_result_metric_value(r, i, k), b = sim_result_metric_value(r2, i, k);
            nan_seen |= isnan(a);
            CU_ASSERT(isnan(a) ? isnan(b) : memcmp(&a, &b, sizeof a) == 0);
        }
    CU_ASSERT(nan_seen); /* the fixture has metrics undefined in some replication */
    /* the same JSON document, key for key */
    json_t *ja = sim_result_to_json(r), *jb = sim_result_to_json(r2);
    CU_ASSERT(json_equal(ja, jb));
    json_decref(ja);
    json_decref(jb);
    /* damaged: a metric row one short */
    json_t *reps = json_object_get(back, "replications");
    json_array_remove(json_object_get(json_array_get(reps, 0), "metrics"), 0);
    CU_ASSERT_PTR_NULL(sim_result_undump(back));
    CU_ASSERT_PTR_NULL(sim_result_undump(json_null()));
    json_decref(back);
    free(text);
    sim_result_free(r);
    sim_result_free(r2);
    sim_scenario_free(s);
    diag_list_free(d);
}

static int same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = tu_slurp(a, &la), *y = tu_slurp(b, &lb);
    int same = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

static void test_shard_merge_cli(void)
{
    const char *t = tu_tmpdir();
    char cmd[2048], path[512];
    char *whole = NULL, *merged = NULL;
    /* 20 replications in 3 parts of 6, 7 and 7, each with its own thread count */
    snprintf(cmd, sizeof cmd, "sim " MMC " -r 20 -j 2 --force -o %s/whole.json", t);
    int rc_whole = tu_flowmc(cmd, &whole, NULL);
    CU_ASSERT(rc_whole == 0 || rc_whole == 1);
    for (int k = 0; k < 3; k++) {
        snprintf(cmd, sizeof cmd, "sim " MMC " -r 20 -j %d --shard %d/3 --force -o %s/part-%d.json", 1 + k % 2, k,
                 t, k);
        CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, NULL), 0);
    }
    snprintf(cmd, sizeof cmd, "merge %s/part-2.json %s/part-0.json %s/part-1.json --force -o %s/merged.json", t, t, t,
             t);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, &merged, NULL), rc_whole);
    snprintf(path, sizeof path, "%s/merged.json", t);
    char whole_path[512];
    snprintf(whole_path, sizeof whole_path, "%s/whole.json", t);
    CU_ASSERT(same_file(path, whole_path));
    CU_ASSERT(whole && merged && strcmp(whole, merged) == 0);
    free(whole);
    free(merged);

    char *err = NULL;
    /* a part missing */
    snprintf(cmd, sizeof cmd, "merge %s/part-0.json %s/part-2.json", t, t);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "shard 1 of 3") && tu_contains(err, "missing"));
    free(err);
    /* a part twice */
    snprintf(cmd, sizeof cmd, "merge %s/part-0.json %s/part-1.json %s/part-1.json %s/part-2.json", t, t, t, t);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "shard-duplicate"));
    free(err);
    /* a part of another run: other seed, then other overrides */
    snprintf(cmd, sizeof cmd, "sim " MMC " -r 20 -s 99 --shard 1/3 --force -o %s/other-seed.json", t);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof cmd, "merge %s/part-0.json %s/other-seed.json %s/part-2.json", t, t, t);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "seed 99"));
    free(err);
    snprintf(cmd, sizeof cmd, "sim " MMC " -r 20 --set role.agent.staff=7 --shard 1/3 --force -o %s/other-set.json",
             t);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof cmd, "merge %s/part-0.json %s/other-set.json %s/part-2.json", t, t, t);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "another run"));
    free(err);
    /* other shard counts: parts of 2 and of 3 do not mix */
    snprintf(cmd, sizeof cmd, "sim " MMC " -r 20 --shard 1/2 --force -o %s/half.json", t);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof cmd, "merge %s/part-0.json %s/half.json", t, t);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "another run"));
    free(err);
    /* not a shard at all */
    snprintf(cmd, sizeof cmd, "merge %s/whole.json", t);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "not a flowmc shard"));
    free(err);
    /* usage: a shard needs -o, and replications to hold */
    CU_ASSERT_EQUAL(tu_flowmc("sim " MMC " --shard 0/2", NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "-o"));
    free(err);
    snprintf(cmd, sizeof cmd, "sim " MMC " -r 2 --shard 0/3 --force -o %s/none.json", t);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "no replication"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("sim " MMC " --shard 3/3 -o x.json", NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "--shard"));
    free(err);
}

void suite_shard(void);
void suite_shard(void)
{
    static const CU_TestInfo tests[] = {
        {"K/N blocks cover a run once", test_shard_blocks},
        {"a dumped result reads back to the bit", test_shard_dump_exact},
        {"sim --shard + merge = one run, byte for byte; bad merges refused", test_shard_merge_cli},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("shard", tests);
}
