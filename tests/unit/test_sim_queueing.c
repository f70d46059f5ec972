/*
 * Suite sim_queueing: the simulator against queueing theory.  Every figure
 * is compared with its closed form using the simulation's own confidence
 * interval (the 95% interval flowmc reports, widened to 99.9%), and each
 * test also demands that interval be narrow, so that a wrong simulator
 * cannot pass by being vague.  Fixed seeds make every run reproducible.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/erlang.h"
#include "test_sim.h"
#include "testutil.h"

/* M/M/1, lambda 0.5/min, mu 1/min: Wq = rho / (mu - lambda) = 1 min and
 * P(W > t) = rho exp(-(mu - lambda) t). */
static void test_mm1(void)
{
    /* 40 replications: every precision demand below holds with room (the
     * 99.9% half-widths come out near 60% of them or less) */
    sim_result *r = ts_run("mm1.xml", NULL, 40);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_TRUE(ts_agrees(r, "task.Serve.wait_mean", 60.0, 0.05));
    CU_ASSERT_TRUE(ts_agrees(r, "sla.wait-2min.attainment", 1 - 0.5 * exp(-0.5 * 2), 0.01));
    CU_ASSERT_TRUE(ts_agrees(r, "role.agent.utilisation", 0.5, 0.02));
    /* the sojourn is exponential with rate mu - lambda: median 2 ln 2 min */
    CU_ASSERT_TRUE(ts_agrees(r, "cycle.Process_Queue.mean", 120.0, 0.03));
    CU_ASSERT_TRUE(ts_agrees(r, "cycle.Process_Queue.p50", 120.0 * log(2), 0.03));
    CU_ASSERT_TRUE(ts_agrees(r, "cycle.Process_Queue.p90", 120.0 * log(10), 0.03));
    sim_result_free(r);
    /* P(W > 5 min) as well */
    const char *sets[] = {"sla.wait-2min.limit=5 min", NULL};
    r = ts_run("mm1.xml", sets, 40);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_TRUE(ts_agrees(r, "sla.wait-2min.attainment", 1 - 0.5 * exp(-0.5 * 5), 0.01));
    sim_result_free(r);
}

/* M/M/c against Erlang C: mean wait and P(W <= t) for two settings. */
static void check_mmc(const char *rate, const char *staff, double lambda, int c, const char *horizon)
{
    char set_rate[64], set_staff[64], set_h[64];
    snprintf(set_rate, sizeof set_rate, "arrival.Start.rate=%s", rate);
    snprintf(set_staff, sizeof set_staff, "role.agent.staff=%s", staff);
    snprintf(set_h, sizeof set_h, "clock.horizon=%s", horizon);
    const char *sets[] = {set_rate, set_staff, set_h, NULL};
    sim_result *r = ts_run("mmc.xml", sets, 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    double mu = 1.0; /* per hour */
    CU_ASSERT_TRUE(ts_agrees(r, "task.Serve.wait_mean", 3600 * erlang_mean_wait(c, lambda, mu), 0.08));
    CU_ASSERT_TRUE(ts_agrees(r, "sla.answer-20min.attainment", erlang_wait_cdf(c, lambda, mu, 20.0 / 60), 0.02));
    CU_ASSERT_TRUE(ts_agrees(r, "role.agent.utilisation", lambda / (c * mu), 0.02));
    CU_ASSERT_TRUE(ts_agrees(r, "cycle.Process_Queue.mean", 3600 * (erlang_mean_wait(c, lambda, mu) + 1 / mu), 0.03));
    sim_result_free(r);
}

static void test_mmc_erlang_c(void)
{
    /* run lengths that put the 99.9% half-widths near 60% of the demands */
    check_mmc("4.5", "6", 4.5, 6, "P1000D");
    check_mmc("8", "10", 8, 10, "P600D");
}

/* Pollaczek-Khinchine: Wq = lambda E[S^2] / (2 (1 - rho)), lambda 0.5/min. */
static void test_md1(void)
{
    const char *sets[] = {"duration.Serve.dist=fixed", "duration.Serve.value=1", NULL};
    sim_result *r = ts_run("mm1.xml", sets, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    double es2 = 1.0; /* min^2 */
    CU_ASSERT_TRUE(ts_agrees(r, "task.Serve.wait_mean", 60 * 0.5 * es2 / (2 * 0.5), 0.05));
    CU_ASSERT_DOUBLE_EQUAL(ts_mean(r, "task.Serve.service_mean"), 60.0, 1e-9);
    sim_result_free(r);
}

static void test_mg1_lognormal(void)
{
    const char *sets[] = {"duration.Serve.dist=lognormal", "duration.Serve.sd=1.5", "clock.horizon=P100D", NULL};
    sim_result *r = ts_run("mm1.xml", sets, 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    double es2 = 1.5 * 1.5 + 1.0; /* var + mean^2, min^2 */
    CU_ASSERT_TRUE(ts_agrees(r, "task.Serve.wait_mean", 60 * 0.5 * es2 / (2 * 0.5), 0.08));
    CU_ASSERT_TRUE(ts_agrees(r, "task.Serve.service_mean", 60.0, 0.03));
    sim_result_free(r);
}

/* Little's law L = lambda W on a network of queues, per replication: the
 * time-average number of cases against the arrival rate times the mean
 * cycle time; their difference must be zero within its own interval. */
static void test_little(void)
{
    sim_result *r = ts_run("little.xml", NULL, 40);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int R = sim_result_replications(r);
    int iw = sim_result_metric_find(r, "cycle.Process_Multi.wip");
    int im = sim_result_metric_find(r, "cycle.Process_Multi.mean");
    int ia = sim_result_metric_find(r, "cases.arrived");
    CU_ASSERT_TRUE_FATAL(iw >= 0 && im >= 0 && ia >= 0);
    double *diff = calloc((size_t)R, sizeof(double));
    double span = 58 * 86400.0, L = ts_mean(r, "cycle.Process_Multi.wip");
    for (int k = 0; k < R; k++) {
        double lambda = sim_result_metric_value(r, ia, k) / span;
        diff[k] = sim_result_metric_value(r, iw, k) - lambda * sim_result_metric_value(r, im, k);
    }
    CU_ASSERT_TRUE(L > 1);
    CU_ASSERT_TRUE(ts_agrees_values("L - lambda W", diff, R, 0.0, 0.02 * L));
    free(diff);
    /* and per task: utilisation = offered load / staff */
    CU_ASSERT_TRUE(ts_agrees(r, "role.front.utilisation", 1.5 / 2, 0.02));
    CU_ASSERT_TRUE(ts_agrees(r, "role.back.utilisation", 1.5 / 2, 0.02));
    CU_ASSERT_TRUE(ts_agrees(r, "task.Review.share", 0.4, 0.03));
    sim_result_free(r);
}

/* Non-preemptive priority M/M/1 (Cobham): lambda 0.3 urgent, 0.4 normal,
 * mu 1/min; W0 = 0.7 min, W_urgent = 1 min, W_normal = 10/3 min. */
static void test_priority(void)
{
    sim_result *r = ts_run("priority.xml", NULL, 40);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    double w0 = 0.7;
    CU_ASSERT_TRUE(ts_agrees(r, "cycle.Process_Queue.urgent.mean", 60 * (w0 / 0.7 + 1), 0.03));
    CU_ASSERT_TRUE(ts_agrees(r, "cycle.Process_Queue.normal.mean", 60 * (w0 / (0.7 * 0.3) + 1), 0.05));
    /* the conservation law: the overall wait is the FIFO M/M/1 wait */
    CU_ASSERT_TRUE(ts_agrees(r, "task.Serve.wait_mean", 60 * 0.7 / (1 - 0.7), 0.05));
    sim_result_free(r);
}

/* A Mon-Fri 09:00-17:00 calendar with US federal holidays, against the
 * hand computation in tests/fixtures/sim/calendar.xml. */
static void test_calendar_by_hand(void)
{
    char log[512], args[1024], *out = NULL;
    snprintf(log, sizeof log, "%s/calendar.csv", tu_tmpdir());
    snprintf(args, sizeof args, "sim " SIMFIX "calendar.xml --log %s --force", log);
    CU_ASSERT_EQUAL(tu_flowmc(args, &out, NULL), 1); /* two-days is missed */
    free(out);
    char *text = tu_slurp(log, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    const char *rows[] = {
        "case,activity,resource,enabled,start,end\n",
        "case-1,Serve customer,agent#1,2025-01-10T16:00:00.000-08:00,2025-01-10T16:00:00.000-08:00,"
        "2025-01-13T11:00:00.000-08:00\n",
        "case-2,Serve customer,agent#1,2025-01-10T16:30:00.000-08:00,2025-01-13T11:00:00.000-08:00,"
        "2025-01-13T14:00:00.000-08:00\n",
        "case-3,Serve customer,agent#1,2025-01-11T10:00:00.000-08:00,2025-01-13T14:00:00.000-08:00,"
        "2025-01-13T17:00:00.000-08:00\n",
        "case-4,Serve customer,agent#1,2025-01-17T15:00:00.000-08:00,2025-01-17T15:00:00.000-08:00,"
        "2025-01-21T10:00:00.000-08:00\n",
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        if (!tu_contains(text, rows[i]))
            fprintf(stderr, "\n  missing row: %s", rows[i]);
        CU_ASSERT_TRUE(tu_contains(text, rows[i]));
    }
    free(text);
    sim_result *r = ts_run("calendar.xml", NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    /* 67 h, 69.5 h, 55 h and 91 h of calendar time */
    CU_ASSERT_DOUBLE_EQUAL(ts_mean(r, "cycle.Process_Queue.mean"), 3600 * (67 + 69.5 + 55 + 91) / 4, 1e-6);
    /* working time 3 h, 5.5 h, 8 h, 3 h: within 4 working hours 2 of 4,
     * within a business day (8 h) all, within 2 calendar days none */
    CU_ASSERT_DOUBLE_EQUAL(ts_mean(r, "sla.half-day.attainment"), 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(ts_mean(r, "sla.one-bd.attainment"), 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(ts_mean(r, "sla.two-days.attainment"), 0.0, 1e-12);
    /* 12 h of work over 3 weeks of 40 h less the 8 h holiday */
    CU_ASSERT_DOUBLE_EQUAL(ts_mean(r, "role.agent.utilisation"), 12.0 / 112, 1e-9);
    sim_result_free(r);
}

/* On a business calendar the days of an ISO duration are business days and
 * its hours working hours: PT80H is 80 working hours (10 business days of
 * 8 h), P2DT4H is 2 business days and 4 working hours. */
static double limit_s(const char *limit)
{
    char set[64];
    snprintf(set, sizeof set, "sla.one-bd.limit=%s", limit);
    const char *sets[] = {set, NULL};
    sim_result *r = ts_run("calendar.xml", sets, 2);
    if (!r)
        return -1;
    json_t *j = sim_result_to_json(r);
    double v = json_number_value(json_object_get(json_array_get(json_object_get(j, "sla"), 1), "limit_s"));
    json_decref(j);
    sim_result_free(r);
    return v;
}

static void test_business_iso_amounts(void)
{
    CU_ASSERT_DOUBLE_EQUAL(limit_s("PT80H"), 80 * 3600.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(limit_s("P2DT4H"), 20 * 3600.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(limit_s("P1D"), 8 * 3600.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(limit_s("10 bd"), 80 * 3600.0, 1e-6);
}

void suite_sim_queueing(void);
void suite_sim_queueing(void)
{
    static const CU_TestInfo tests[] = {
        {"M/M/1 mean wait and P(W > t)", test_mm1},
        {"ISO amounts on a business calendar", test_business_iso_amounts},
        {"M/M/c against Erlang C", test_mmc_erlang_c},
        {"M/D/1 against Pollaczek-Khinchine", test_md1},
        {"M/G/1 lognormal against Pollaczek-Khinchine", test_mg1_lognormal},
        {"Little's law on a network", test_little},
        {"non-preemptive priority (Cobham)", test_priority},
        {"office calendar by hand", test_calendar_by_hand},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("sim_queueing", tests);
}
