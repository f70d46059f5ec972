/*
 * Suite sim_scenario: bad scenarios are refused before running, with the
 * file, line and element named, and exit 2; runs that cannot finish their
 * cases still end (at the horizon) and say which element holds them.
 */
#include <stdlib.h>
#include <string.h>

#include "test_sim.h"
#include "testutil.h"

/* Runs `flowmc sim ARGS`, expects rc and every needle in stderr. */
static void expect(const char *args, int rc, const char *const *needles)
{
    char cmd[1024], *err = NULL;
    snprintf(cmd, sizeof cmd, "sim %s", args);
    int got = tu_flowmc(cmd, NULL, &err);
    if (got != rc)
        fprintf(stderr, "\n  flowmc %s: exit %d, not %d:\n%s", cmd, got, rc, err ? err : "");
    CU_ASSERT_EQUAL(got, rc);
    for (int i = 0; needles[i]; i++) {
        if (!tu_contains(err, needles[i]))
            fprintf(stderr, "\n  missing '%s' in:\n%s", needles[i], err ? err : "(null)");
        CU_ASSERT_TRUE(tu_contains(err, needles[i]));
    }
    free(err);
}

static void test_probabilities(void)
{
    expect(SIMFIX "bad-probabilities.xml -q", 2,
           (const char *[]){SIMFIX "bad-probabilities.xml:12: error: [probability]", "'Gw_Review'",
                            "sum to 0.9, not 1", NULL});
}

static void test_unknown_ids(void)
{
    expect(SIMFIX "bad-unknown-id.xml -q", 2,
           (const char *[]){SIMFIX "bad-unknown-id.xml:8: error: [unknown-id] start event 'Begin'",
                            SIMFIX "bad-unknown-id.xml:10: error: [unknown-id] task 'Serv'", NULL});
}

static void test_empty_ids(void)
{
    expect(SIMFIX "bad-empty-ids.xml -q", 2,
           (const char *[]){SIMFIX "bad-empty-ids.xml:10: error: [value] <arrival> needs start=",
                            SIMFIX "bad-empty-ids.xml:13: error: [value] <gateway> needs id=",
                            SIMFIX "bad-empty-ids.xml:18: error: [value] <sla> needs from=",
                            SIMFIX "bad-empty-ids.xml:18: error: [value] <sla> needs to=",
                            SIMFIX "bad-empty-ids.xml:21: error: [value] <level> needs element=",
                            NULL});
}

/* One error a mistake: an unknown task's business-day duration is not
 * also said to lack a calendar. */
static void test_one_error(void)
{
    char *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("sim " SIMFIX "bad-unknown-task-bd.xml -q", NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "bad-unknown-task-bd.xml:9: error: [unknown-id] task 'Serv'"));
    CU_ASSERT_FALSE(tu_contains(err, "business days need a calendar"));
    free(err);
}

static void test_values(void)
{
    expect(SIMFIX "bad-values.xml -q", 2,
           (const char *[]){SIMFIX "bad-values.xml:6: error: [value] the arrival rate at 'Start' must be positive",
                            SIMFIX "bad-values.xml:7: error: [value]", "mean must be positive", NULL});
}

static void test_unstaffed(void)
{
    expect(SIMFIX "bad-unstaffed.xml -q", 2,
           (const char *[]){SIMFIX "multi-task.bpmn:13: error: [unstaffed] task 'Review' is in lane 'Lane_Back'",
                            "which no role serves", "role 'front', which has no staff", NULL});
}

static void test_schema(void)
{
    expect(SIMFIX "bad-schema.xml -q", 2,
           (const char *[]){SIMFIX "bad-schema.xml:5: error: [schema]", "'three'",
                            SIMFIX "bad-schema.xml:6: error: [schema] element 'arrivalz'", NULL});
    expect(SIMFIX "one-task.bpmn -q", 2, (const char *[]){"not a flowmc scenario", NULL});
    expect(SIMFIX "no-such.xml -q", 2, (const char *[]){"no-such.xml", "cannot open", NULL});
}

static void test_more_bad_input(void)
{
    /* the arrival file's own lines are named */
    expect(SIMFIX "bad-csv.xml -q", 2,
           (const char *[]){SIMFIX "bad-arrivals.csv:3: error: [arrivals] 'yesterday noon'",
                            SIMFIX "bad-arrivals.csv:4: error: [unknown-id] unknown case class 'vip'", NULL});
    expect(SIMFIX "bad-call.xml -q", 2,
           (const char *[]){SIMFIX "caller.bpmn:23: error: [unbound-call] call activity 'Call_Problem'",
                            "<call activity=\"Call_Problem\"", NULL});
    /* all problems of the file in one pass */
    expect(SIMFIX "bad-bd.xml -q", 2,
           (const char *[]){SIMFIX "bad-bd.xml:4: error: [value] the warm-up must be shorter than the horizon",
                            SIMFIX "bad-bd.xml:7: error: [value] limit '2 bd' counts business days", NULL});
}

static void test_never_completes(void)
{
    /* an exclusive split closed by a parallel join: runs to the horizon,
     * names the join, does not hang */
    expect(SIMFIX "deadlock.xml -q", 0,
           (const char *[]){SIMFIX "deadlock.bpmn:11: warning: [stuck] parallelGateway 'Join_Both'",
                            "never complete", NULL});
    expect(SIMFIX "zero-loop.xml -q", 2,
           (const char *[]){SIMFIX "zero-loop.bpmn:8: error: [zero-time-loop]", "'Gw_Again'", NULL});
}

static void test_unstable(void)
{
    /* rho = 4.5 / 4 > 1: a warning before running; the run still ends */
    expect(SIMFIX "mmc.xml -q -r 2 --set role.agent.staff=4 --set clock.horizon=P30D", 1,
           (const char *[]){SIMFIX "mmc.xml:7: warning: [unstable] role 'agent' is overloaded",
                            "grows without bound", "[incomplete] userTask 'Serve' holds", NULL});
}

static void test_usage(void)
{
    expect(SIMFIX "mmc.xml -q --set role.agent", 2, (const char *[]){"ELEMENT.ID.ATTRIBUTE=VALUE", NULL});
    expect(SIMFIX "mmc.xml -q --set role.nobody.staff=3", 2, (const char *[]){"no <role id=nobody>", NULL});
    expect(SIMFIX "mmc.xml -q --set flow.f1.probability=0.5", 2, (const char *[]){"flow", NULL});
    expect(SIMFIX "mmc.xml -q -r 0", 2, (const char *[]){"--replications", NULL});
    /* a typo in the horizon must not start a run of days */
    expect(SIMFIX "mmc.xml -q --set clock.horizon=P99999Y", 2, (const char *[]){"at most 1000 years", NULL});
    expect(SIMFIX "mmc.xml -q --set clock.horizon=P900Y --set arrival.Start.rate=900", 2,
           (const char *[]){"[too-long]", "over 10^9", NULL});
    expect(SIMFIX "mmc.xml -q --threads x", 2, (const char *[]){"--threads", NULL});
    expect(SIMFIX "mmc.xml -q --log events.txt", 2, (const char *[]){".csv or a .xes", NULL});
    char out[512], args[1024];
    snprintf(out, sizeof out, "%s/exists.json", tu_tmpdir());
    FILE *f = fopen(out, "w");
    fclose(f);
    snprintf(args, sizeof args, SIMFIX "mmc.xml -q -o %s", out);
    expect(args, 2, (const char *[]){"exists", "--force", NULL});
    char *help = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("sim --help", &help, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(help, "--replications"));
    free(help);
}

/* The reader's note that an external call is "treated as one atomic
 * activity" holds for check, not for a scenario that binds the call. */
static void test_bound_call_no_note(void)
{
    char *err = NULL, out[512], args[1024];
    snprintf(out, sizeof out, "%s/bound-call.json", tu_tmpdir());
    snprintf(args, sizeof args, "sim simulations/annex-y-baseline.xml -q -r 2 -o %s", out);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 0);
    CU_ASSERT_FALSE(tu_contains(err, "external-call"));
    free(err);
    err = NULL;
    char *o = NULL;
    tu_flowmc("check models/annex-y-complaint-resolution.bpmn", &o, &err);
    CU_ASSERT_TRUE(tu_contains(o, "[external-call]") || tu_contains(err, "[external-call]"));
    free(o);
    free(err);
}

void suite_sim_scenario(void);
void suite_sim_scenario(void)
{
    static const CU_TestInfo tests[] = {
        {"probabilities must sum to 1", test_probabilities},
        {"unknown element ids", test_unknown_ids},
        {"blank element ids", test_empty_ids},
        {"one error for one mistake", test_one_error},
        {"non-positive rates and durations", test_values},
        {"unstaffed lanes and roles", test_unstaffed},
        {"schema violations and wrong files", test_schema},
        {"arrival files, calls, business days", test_more_bad_input},
        {"cases that never complete", test_never_completes},
        {"unstable load warns and ends", test_unstable},
        {"usage errors", test_usage},
        {"a bound call is not called atomic", test_bound_call_no_note},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("sim_scenario", tests);
}
