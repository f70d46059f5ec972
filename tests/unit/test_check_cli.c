/*
 * Suite check_cli: `flowmc check` as a user runs it -- exit status, text
 * in compiler style with numbered traces, JSON and SARIF documents, and
 * the options (--disable, --max-states, --format, --list-rules).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check/check.h"
#include "testutil.h"

#define FIX "tests/fixtures/check/"

static void test_exit_status(void)
{
    CU_ASSERT_EQUAL(tu_flowmc("check " FIX "nested-blocks.bpmn", NULL, NULL), 0);
    CU_ASSERT_EQUAL(tu_flowmc("check " FIX "deadlock-xor-split-into-and-join.bpmn", NULL, NULL), 1);
    /* warnings alone do not fail */
    CU_ASSERT_EQUAL(tu_flowmc("check " FIX "dead-end-task.bpmn", NULL, NULL), 0);
    /* bad input wins over findings */
    CU_ASSERT_EQUAL(tu_flowmc("check " FIX "deadlock-xor-split-into-and-join.bpmn "
                              "tests/fixtures/reader/not-xml.bpmn", NULL, NULL), 2);
    CU_ASSERT_EQUAL(tu_flowmc("check no-such-file.bpmn", NULL, NULL), 2);
    CU_ASSERT_EQUAL(tu_flowmc("check", NULL, NULL), 2);
    CU_ASSERT_EQUAL(tu_flowmc("check --format yaml " FIX "nested-blocks.bpmn", NULL, NULL), 2);
    CU_ASSERT_EQUAL(tu_flowmc("check --max-states 0 " FIX "nested-blocks.bpmn", NULL, NULL), 2);
    CU_ASSERT_EQUAL(tu_flowmc("check --max-states 12x " FIX "nested-blocks.bpmn", NULL, NULL), 2);
    char *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check --disable deadlock,nonsense " FIX "nested-blocks.bpmn",
                              NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "unknown rule 'nonsense'"));
    free(err);
    char *out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check --help", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "--max-states"));
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check --list-rules", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "lack-of-synchronization"));
    CU_ASSERT_TRUE(tu_contains(out, "event-gateway-target"));
    free(out);
}

static void test_text(void)
{
    char *out = NULL;
    int rc = tu_flowmc("check " FIX "deadlock-xor-split-into-and-join.bpmn", &out, NULL);
    CU_ASSERT_EQUAL(rc, 1);
    CU_ASSERT_TRUE(tu_contains(out, FIX "deadlock-xor-split-into-and-join.bpmn:9: error: "
                                    "[deadlock] parallel join 'Join_Responses' waits for a token "
                                    "that can never arrive\n"
                                    "    1. start (S)\n    2. who answers? (X) takes flow 'registry' (f2)\n"
                                    "    3. Registry answers (A)\n"));
    CU_ASSERT_TRUE(tu_contains(out, "process 'P' (Exclusive split, parallel join): not sound, "
                                    "6 states explored"));
    CU_ASSERT_TRUE(tu_contains(out, "2 errors, 0 warnings"));
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check --no-reduction " FIX "parallel-eight-branches.bpmn", &out,
                              NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "sound, 260 states explored"));
    free(out);
    out = NULL;
    /* stopped early with nothing found: not decided, exit 3 (not 0: a CI
     * gate must not pass a model that was never fully checked) */
    CU_ASSERT_EQUAL(tu_flowmc("check --no-reduction --max-states 100 " FIX
                              "parallel-eight-branches.bpmn", &out, NULL), 3);
    CU_ASSERT_TRUE(tu_contains(out, "incomplete, soundness not decided: stopped at the limit "
                                    "of 100 states"));
    CU_ASSERT_TRUE(tu_contains(out, "option to complete: not decided; proper completion: not "
                                    "decided;"));
    /* every task ran before the limit: that much is decided */
    CU_ASSERT_TRUE(tu_contains(out, "no dead activities: yes; safe: not decided"));
    free(out);
    out = NULL;
    /* a finding made before the limit decides: exit 1 */
    CU_ASSERT_EQUAL(tu_flowmc("check --max-states 10 " FIX "collaboration-reply-never-sent.bpmn",
                              NULL, NULL), 1);
    CU_ASSERT_EQUAL(tu_flowmc("check --help", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "3 not decided"));
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check --disable deadlock --disable dead-activity "
                              FIX "deadlock-xor-split-into-and-join.bpmn", &out, NULL), 0);
    CU_ASSERT_FALSE(tu_contains(out, "[deadlock]"));
    CU_ASSERT_TRUE(tu_contains(out, "not sound"));
    free(out);
}

static json_t *run_json(const char *args, int want_rc)
{
    char *out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc(args, &out, NULL), want_rc);
    json_error_t e;
    json_t *j = out ? json_loads(out, 0, &e) : NULL;
    CU_ASSERT_PTR_NOT_NULL(j);
    free(out);
    return j;
}

static void test_json(void)
{
    json_t *j = run_json("check --format json " FIX "deadlock-xor-split-into-and-join.bpmn "
                         FIX "nested-blocks.bpmn", 1);
    if (!j)
        return;
    json_t *files = json_object_get(j, "files");
    CU_ASSERT_EQUAL(json_array_size(files), 2);
    json_t *f0 = json_array_get(files, 0);
    json_t *p = json_array_get(json_object_get(f0, "processes"), 0);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(p, "id")), "P");
    CU_ASSERT_TRUE(json_is_false(json_object_get(p, "sound")));
    CU_ASSERT_TRUE(json_is_true(json_object_get(p, "complete")));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(p, "states")), 6);
    json_t *fd = json_array_get(json_object_get(f0, "findings"), 0);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(fd, "rule")), "deadlock");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(fd, "severity")), "error");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(fd, "element")), "Join_Responses");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(fd, "line")), 9);
    json_t *tr = json_object_get(fd, "trace");
    CU_ASSERT_EQUAL(json_array_size(tr), 3);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(tr, 2)), "A");
    json_t *p1 = json_array_get(json_object_get(json_array_get(files, 1), "processes"), 0);
    CU_ASSERT_TRUE(json_is_true(json_object_get(p1, "sound")));
    json_t *pr = json_object_get(p, "properties");
    CU_ASSERT_TRUE(json_is_false(json_object_get(pr, "option_to_complete")));
    CU_ASSERT_TRUE(json_is_true(json_object_get(pr, "proper_completion")));
    CU_ASSERT_TRUE(json_is_false(json_object_get(pr, "no_dead_activities")));
    CU_ASSERT_TRUE(json_is_true(json_object_get(pr, "safe")));
    CU_ASSERT_TRUE(json_is_true(json_object_get(pr, "messages_consumed")));
    json_decref(j);
    /* what an incomplete search did not decide is null, not false */
    j = run_json("check --format json --no-reduction --max-states 100 " FIX
                 "parallel-eight-branches.bpmn", 3);
    if (j) {
        json_t *q = json_array_get(
            json_object_get(json_array_get(json_object_get(j, "files"), 0), "processes"), 0);
        CU_ASSERT_TRUE(json_is_null(json_object_get(q, "sound")));
        CU_ASSERT_TRUE(json_is_null(json_object_get(json_object_get(q, "properties"), "safe")));
        CU_ASSERT_TRUE(json_is_false(json_object_get(q, "complete")));
        json_decref(j);
    }
    /* a collaboration has its own verdicts beside its processes' */
    j = run_json("check --format json " FIX "collaboration-cancel-or-wait.bpmn", 1);
    if (j) {
        json_t *f = json_array_get(json_object_get(j, "files"), 0);
        json_t *c = json_array_get(json_object_get(f, "collaborations"), 0);
        CU_ASSERT_EQUAL(json_array_size(json_object_get(c, "processes")), 2);
        CU_ASSERT_TRUE(json_is_true(json_object_get(c, "sound")));
        CU_ASSERT_TRUE(
            json_is_false(json_object_get(json_object_get(c, "properties"), "messages_consumed")));
        json_decref(j);
    }
    /* an unusable file is listed with its reader problems */
    j = run_json("check --format json tests/fixtures/reader/not-xml.bpmn", 2);
    if (j) {
        json_t *f = json_array_get(json_object_get(j, "files"), 0);
        CU_ASSERT_TRUE(json_is_true(json_object_get(f, "error")));
        CU_ASSERT_TRUE(json_array_size(json_object_get(f, "reader")) > 0);
        json_decref(j);
    }
}

/* Traces name the flow taken at each split, in text, JSON and SARIF, in
 * behavioural findings and in the dead-end's diagram path alike. */
static void test_trace_flows(void)
{
    char *out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check " FIX "lack-of-synchronization-inclusive-split-into-xor-join"
                              ".bpmn", &out, NULL), 1);
    CU_ASSERT_TRUE(tu_contains(out, "    2. which kind? (O) takes flows 'urgent' (fa), "
                                    "'routine' (fb)\n    3. Handle urgent part (A)\n"));
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check " FIX "dead-end-task.bpmn", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "    2. which? (X) takes flow 'a' (f2)\n"
                                    "    3. Stops here (A)\n"));
    free(out);
    json_t *j = run_json("check --format json " FIX "deadlock-xor-split-into-and-join.bpmn", 1);
    if (j) {
        json_t *fd = json_array_get(
            json_object_get(json_array_get(json_object_get(j, "files"), 0), "findings"), 0);
        json_t *steps = json_object_get(fd, "trace_steps");
        CU_ASSERT_EQUAL(json_array_size(steps), 3);
        json_t *x = json_array_get(steps, 1);
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(x, "element")), "X");
        json_t *fl = json_array_get(json_object_get(x, "flows"), 0);
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(fl, "id")), "f2");
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(fl, "name")), "registry");
        CU_ASSERT_EQUAL(json_array_size(json_object_get(json_array_get(steps, 0), "flows")), 0);
        json_decref(j);
    }
    j = run_json("check --format sarif " FIX "deadlock-xor-split-into-and-join.bpmn", 1);
    if (j) {
        json_t *r0 = json_array_get(
            json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results"), 0);
        json_t *tf = json_array_get(json_object_get(json_array_get(json_object_get(
                                        json_array_get(json_object_get(r0, "codeFlows"), 0),
                                        "threadFlows"), 0), "locations"), 1);
        CU_ASSERT_STRING_EQUAL(
            json_string_value(json_object_get(
                json_object_get(json_object_get(tf, "location"), "message"), "text")),
            "2. who answers? (X) takes flow 'registry' (f2)");
        json_t *fl = json_array_get(json_object_get(json_object_get(tf, "properties"), "flows"),
                                    0);
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(fl, "id")), "f2");
        json_decref(j);
    }
}

static void test_sarif(void)
{
    json_t *j = run_json("check --format sarif " FIX "deadlock-xor-split-into-and-join.bpmn", 1);
    if (!j)
        return;
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "version")), "2.1.0");
    CU_ASSERT_TRUE(tu_contains(json_string_value(json_object_get(j, "$schema")), "sarif"));
    json_t *runs = json_object_get(j, "runs");
    CU_ASSERT_EQUAL(json_array_size(runs), 1);
    json_t *run = json_array_get(runs, 0);
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(driver, "name")), "flowmc");
    json_t *rules = json_object_get(driver, "rules");
    CU_ASSERT_EQUAL(json_array_size(rules), check_rule_count());
    json_t *results = json_object_get(run, "results");
    CU_ASSERT_EQUAL(json_array_size(results), 2);
    /* the verdicts ride in the artifact's property bag */
    json_t *vp = json_array_get(json_object_get(json_object_get(json_array_get(
                                    json_object_get(run, "artifacts"), 0), "properties"),
                                                "processes"), 0);
    CU_ASSERT_TRUE(json_is_false(json_object_get(vp, "sound")));
    CU_ASSERT_TRUE(json_is_false(
        json_object_get(json_object_get(vp, "properties"), "option_to_complete")));
    json_t *r0 = json_array_get(results, 0);
    const char *id = json_string_value(json_object_get(r0, "ruleId"));
    CU_ASSERT_STRING_EQUAL(id, "deadlock");
    size_t idx = (size_t)json_integer_value(json_object_get(r0, "ruleIndex"));
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(rules, idx), "id")),
                           "deadlock");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(r0, "level")), "error");
    json_t *loc = json_array_get(json_object_get(r0, "locations"), 0);
    json_t *phys = json_object_get(loc, "physicalLocation");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(phys, "region"),
                                                       "startLine")), 9);
    CU_ASSERT_TRUE(tu_contains(json_string_value(json_object_get(
                                   json_object_get(phys, "artifactLocation"), "uri")),
                               "deadlock-xor-split-into-and-join.bpmn"));
    json_t *flow = json_array_get(json_object_get(
                                      json_array_get(json_object_get(r0, "codeFlows"), 0),
                                      "threadFlows"), 0);
    json_t *steps = json_object_get(flow, "locations");
    CU_ASSERT_EQUAL(json_array_size(steps), 3);
    json_t *first = json_object_get(json_array_get(steps, 0), "location");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_object_get(first, "message"),
                                                             "text")), "1. start (S)");
    json_decref(j);
}

void suite_check_cli(void);
void suite_check_cli(void)
{
    static const CU_TestInfo tests[] = {
        {"exit status and usage errors", test_exit_status},
        {"text: compiler style, traces, summaries", test_text},
        {"json", test_json},
        {"sarif 2.1.0", test_sarif},
        {"traces name the flow taken at each split", test_trace_flows},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("check_cli", tests);
}
