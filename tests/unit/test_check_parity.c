/*
 * Suite check_parity: bpmnlint parity on bpmnlint's own examples
 * (tests/fixtures/corpus/bpmnlint-examples, a correct and an incorrect diagram
 * per rule): for every bpmnlint rule flowmc also has, flowmc flags the
 * incorrect diagram with its counterpart and not the correct one.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "model/bpmn_read.h"
#include "testutil.h"

/* bpmnlint rule -> flowmc rules (any of them may flag the incorrect file) */
static const struct {
    const char *bpmnlint;
    const char *flowmc[3];
} pairs[] = {
    {"end-event-required", {"no-end"}},
    {"start-event-required", {"no-start"}},
    {"event-based-gateway", {"event-gateway-target"}},
    {"fake-join", {"implicit-join"}},
    {"no-disconnected", {"unreachable"}},
    {"no-gateway-join-fork", {"gateway-join-fork"}},
    {"no-implicit-end", {"dead-end"}},
    {"no-implicit-split", {"implicit-split"}},
    /* without any start event, flowmc says so once instead of calling
     * every node unreachable */
    {"no-implicit-start", {"no-start", "unreachable"}},
    {"superfluous-gateway", {"superfluous-gateway"}},
};

/* Number of findings of the given rules in the example file. */
static int flags(const char *rule, const char *side, const char *const *ours)
{
    char path[512];
    snprintf(path, sizeof path, TU_CORPUS_SAMPLE "/%s-%s.bpmn", rule, side);
    diag_list *reader = diag_list_new(), *d = diag_list_new();
    model *m = bpmn_read_file(path, reader);
    CU_ASSERT_PTR_NOT_NULL(m);
    int n = -1;
    if (m) {
        check_report *r = check_run(m, NULL, d);
        n = 0;
        for (size_t i = 0; i < diag_list_count(d); i++)
            for (int k = 0; k < 3 && ours[k]; k++)
                n += !strcmp(diag_list_at(d, i)->code, ours[k]);
        check_report_free(r);
    }
    model_free(m);
    diag_list_free(reader);
    diag_list_free(d);
    return n;
}

static void test_parity(void)
{
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        int bad = flags(pairs[i].bpmnlint, "incorrect", pairs[i].flowmc);
        int good = flags(pairs[i].bpmnlint, "correct", pairs[i].flowmc);
        if (bad < 1 || good != 0)
            fprintf(stderr, "\n  %s: incorrect flagged %d times, correct %d times\n",
                    pairs[i].bpmnlint, bad, good);
        CU_ASSERT_TRUE(bad >= 1);
        CU_ASSERT_EQUAL(good, 0);
    }
}

/* The documented difference: bpmnlint's conditional-flows wants a
 * condition expression, flowmc's missing-condition accepts a flow name
 * (policy diagrams label branches "yes" and "no"), so bpmnlint's incorrect
 * example, whose bare flow is named "Conditional", passes flowmc. */
static void test_conditional_flows_difference(void)
{
    static const char *const mc[] = {"missing-condition", NULL};
    CU_ASSERT_EQUAL(flags("conditional-flows", "incorrect", mc), 0);
    CU_ASSERT_EQUAL(flags("conditional-flows", "correct", mc), 0);
}

void suite_check_parity(void);
void suite_check_parity(void)
{
    static const CU_TestInfo tests[] = {
        {"bpmnlint examples: incorrect flagged, correct not", test_parity},
        {"conditional-flows: names count as conditions", test_conditional_flows_difference},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("check_parity", tests);
}
