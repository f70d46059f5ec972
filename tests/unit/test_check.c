/*
 * Suite check: the checker through its API -- every rule fires on its
 * fixture and stays silent on a near miss, the sound patterns give no
 * finding at all, the defective patterns give the expected findings with
 * their exact shortest traces, state counts match closed forms, and the
 * state limit and --disable behave.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "model/bpmn_read.h"
#include "testutil.h"

#define FIX "tests/fixtures/check/"

typedef struct run {
    model *m;
    diag_list *d;
    check_report *r;
} run;

static run check_file(const char *name, const check_options *o)
{
    run x = {NULL, diag_list_new(), NULL};
    char path[256];
    snprintf(path, sizeof path, FIX "%s", name);
    diag_list *reader = diag_list_new();
    x.m = bpmn_read_file(path, reader);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x.m);
    CU_ASSERT_EQUAL(diag_list_count_severity(reader, DIAG_ERROR), 0);
    diag_list_free(reader);
    x.r = check_run(x.m, o, x.d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x.r);
    return x;
}

static void done(run *x)
{
    check_report_free(x->r);
    diag_list_free(x->d);
    model_free(x->m);
}

/* The finding of rule on element (NULL: any element), or NULL. */
static const diag *finding(const run *x, const char *rule, const char *element)
{
    for (size_t i = 0; i < diag_list_count(x->d); i++) {
        const diag *d = diag_list_at(x->d, i);
        if (!strcmp(d->code, rule) && (!element || (d->element && !strcmp(d->element, element))))
            return d;
    }
    return NULL;
}

static size_t count(const run *x, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < diag_list_count(x->d); i++)
        n += !strcmp(diag_list_at(x->d, i)->code, rule);
    return n;
}

/* trace as "S X A" */
static int trace_is(const diag *d, const char *want)
{
    char buf[1024] = "";
    for (size_t i = 0; d && i < d->ntrace; i++) {
        if (i)
            strcat(buf, " ");
        strcat(buf, d->trace[i].element);
    }
    if (d && strcmp(buf, want))
        fprintf(stderr, "\n  trace of [%s]: '%s', want '%s'\n", d->code, buf, want);
    return d && !strcmp(buf, want);
}

static const check_process_result *result(const run *x, const char *id)
{
    for (size_t i = 0; i < check_report_count(x->r); i++)
        if (!strcmp(check_report_at(x->r, i)->process_id, id))
            return check_report_at(x->r, i);
    CU_FAIL("no such process");
    return check_report_at(x->r, 0);
}

/* ---- one fixture per rule, one near miss ------------------------------ */

static const struct {
    const char *rule, *fires, *element, *near_miss;
} per_rule[] = {
    {"unreachable", "unreachable-task.bpmn", "B", "unreachable-near-miss-boundary-path.bpmn"},
    {"no-path-to-end", "livelock-loop-without-exit.bpmn", "J", "loop-with-exit.bpmn"},
    {"dead-end", "dead-end-task.bpmn", "A", "dead-end-near-miss-end-event.bpmn"},
    {"no-start", "no-start.bpmn", "P", "start-end-near-miss.bpmn"},
    {"no-end", "no-end.bpmn", "P", "start-end-near-miss.bpmn"},
    {"start-has-incoming", "start-has-incoming.bpmn", "S",
     "start-end-near-miss-loop-and-throw.bpmn"},
    {"end-has-outgoing", "end-has-outgoing.bpmn", "E", "start-end-near-miss-loop-and-throw.bpmn"},
    {"implicit-split", "implicit-split.bpmn", "A", "implicit-split-near-miss-conditional.bpmn"},
    {"implicit-join", "implicit-join.bpmn", "T", "implicit-join-near-miss-gateway.bpmn"},
    {"gateway-join-fork", "gateway-join-fork.bpmn", "G",
     "gateway-join-fork-near-miss-two-gateways.bpmn"},
    {"superfluous-gateway", "superfluous-gateway.bpmn", "G",
     "superfluous-gateway-near-miss-split.bpmn"},
    {"missing-condition", "missing-condition.bpmn", "G", "superfluous-gateway-near-miss-split.bpmn"},
    {"event-gateway-target", "event-gateway-target.bpmn", "G", "event-race-message-timer.bpmn"},
    {"boundary-no-outgoing", "boundary-no-outgoing.bpmn", "T", "boundary-timer-escalation.bpmn"},
    {"empty-lane", "empty-lane.bpmn", "Auditor", "empty-lane-near-miss-nested.bpmn"},
    {"deadlock", "deadlock-xor-split-into-and-join.bpmn", "Join_Responses", "nested-blocks.bpmn"},
    {"lack-of-synchronization", "lack-of-synchronization-and-split-into-xor-join.bpmn", "M",
     "nested-blocks.bpmn"},
    {"livelock", "livelock-loop-without-exit.bpmn", "J", "loop-with-exit.bpmn"},
    {"dead-activity", "dead-activity-late-cancel-message.bpmn", "Handle_Cancel",
     "collaboration-cancel-or-wait.bpmn"},
    {"improper-completion", "improper-completion-two-branches-one-end.bpmn", "E",
     "improper-completion-near-miss-two-ends.bpmn"},
    {"unbounded", "unbounded-parallel-split-in-loop.bpmn", "F", "parallel-block-in-loop.bpmn"},
    {"lost-message", "collaboration-cancel-or-wait.bpmn", "Send_Reply",
     "lost-message-near-miss-request-reply.bpmn"},
};
#define NPER (sizeof per_rule / sizeof per_rule[0])

static void test_every_rule_fires_and_misses(void)
{
    for (size_t i = 0; i < NPER; i++) {
        run x = check_file(per_rule[i].fires, NULL);
        if (!finding(&x, per_rule[i].rule, per_rule[i].element))
            fprintf(stderr, "\n  %s: no [%s] on %s\n", per_rule[i].fires, per_rule[i].rule,
                    per_rule[i].element);
        CU_ASSERT_PTR_NOT_NULL(finding(&x, per_rule[i].rule, per_rule[i].element));
        done(&x);
        run y = check_file(per_rule[i].near_miss, NULL);
        if (finding(&y, per_rule[i].rule, NULL))
            fprintf(stderr, "\n  %s: unexpected [%s]\n", per_rule[i].near_miss, per_rule[i].rule);
        CU_ASSERT_PTR_NULL(finding(&y, per_rule[i].rule, NULL));
        done(&y);
    }
    /* the table covers the whole rule table, so a new rule needs fixtures */
    for (size_t r = 0; r < check_rule_count(); r++) {
        int covered = 0;
        for (size_t i = 0; i < NPER; i++)
            covered |= !strcmp(per_rule[i].rule, check_rule_at(r)->id);
        CU_ASSERT_TRUE(covered);
    }
}

/* ---- sound patterns: no finding at all --------------------------------- */

static void test_sound_patterns(void)
{
    static const char *const sound[] = {
        "nested-blocks.bpmn",
        "loop-with-exit.bpmn",
        "inclusive-split-and-join-with-skip.bpmn",
        "event-race-message-timer.bpmn",
        "boundary-timer-escalation.bpmn",
        "terminate-with-parallel-branches.bpmn",
        "subprocess-call-and-error.bpmn",
        "event-subprocess-reminder.bpmn",
        "lost-message-near-miss-request-reply.bpmn",
        "subprocess-message-start.bpmn",
        "parallel-block-in-loop.bpmn",
        "parallel-eight-branches.bpmn",
        NULL,
    };
    for (int i = 0; sound[i]; i++) {
        run x = check_file(sound[i], NULL);
        if (diag_list_count(x.d)) {
            fprintf(stderr, "\n  %s:\n", sound[i]);
            diag_list_print(x.d, stderr);
        }
        CU_ASSERT_EQUAL(diag_list_count(x.d), 0);
        for (size_t p = 0; p < check_report_count(x.r); p++) {
            CU_ASSERT_EQUAL(check_report_at(x.r, p)->sound, CHECK_HOLDS);
            CU_ASSERT_TRUE(check_report_at(x.r, p)->complete);
            CU_ASSERT_TRUE(check_report_at(x.r, p)->states > 2);
            CU_ASSERT_PTR_NULL(check_report_at(x.r, p)->stopped);
        }
        done(&x);
    }
}

/* ---- defective patterns: findings, elements, shortest traces ------------ */

static void test_xor_split_into_and_join(void)
{
    run x = check_file("deadlock-xor-split-into-and-join.bpmn", NULL);
    const diag *d = finding(&x, "deadlock", "Join_Responses");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_STRING_EQUAL(d->message,
                           "parallel join 'Join_Responses' waits for a token that can never arrive");
    CU_ASSERT_EQUAL(d->severity, DIAG_ERROR);
    CU_ASSERT_EQUAL(d->line, 9);
    CU_ASSERT_TRUE(tu_contains(d->file, "deadlock-xor-split-into-and-join.bpmn"));
    CU_ASSERT_TRUE(trace_is(d, "S X A")); /* start, choose A, A done: the join waits */
    CU_ASSERT_STRING_EQUAL(d->trace[1].name, "who answers?");
    const diag *dead = finding(&x, "dead-activity", "C");
    CU_ASSERT_PTR_NOT_NULL(dead);
    CU_ASSERT_EQUAL(count(&x, "dead-activity"), 1); /* A and B do run */
    const check_process_result *p = result(&x, "P");
    CU_ASSERT_EQUAL(p->sound, CHECK_FAILS);
    CU_ASSERT_TRUE(p->complete);
    CU_ASSERT_STRING_EQUAL(p->failed, "deadlock, dead-activity");
    /* pending, S->X, X->A, X->B, A->J, B->J: six states */
    CU_ASSERT_EQUAL(p->states, 6);
    done(&x);
}

static void test_and_split_into_xor_join(void)
{
    run x = check_file("lack-of-synchronization-and-split-into-xor-join.bpmn", NULL);
    const diag *d = finding(&x, "lack-of-synchronization", "M");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_TRUE(trace_is(d, "S F A B M M"));
    CU_ASSERT_TRUE(tu_contains(d->message, "sequence flow 'f6'"));
    /* the second token's later effects are the same defect: not repeated */
    CU_ASSERT_EQUAL(count(&x, "lack-of-synchronization"), 1);
    CU_ASSERT_EQUAL(count(&x, "improper-completion"), 0);
    /* the summary names only rules with a finding; the property still fails */
    CU_ASSERT_STRING_EQUAL(result(&x, "P")->failed, "lack-of-synchronization");
    CU_ASSERT_EQUAL(result(&x, "P")->props.proper_completion, CHECK_FAILS);
    CU_ASSERT_EQUAL(result(&x, "P")->props.safe, CHECK_FAILS);
    CU_ASSERT_EQUAL(result(&x, "P")->props.option_to_complete, CHECK_HOLDS);
    CU_ASSERT_EQUAL(result(&x, "P")->sound, CHECK_FAILS);
    done(&x);
}

/* The second token runs a called process twice: one finding, at the root
 * cause in the caller; the called process, sound on its own, gets none. */
static void test_call_twice(void)
{
    run x = check_file("lack-of-synchronization-call-twice.bpmn", NULL);
    CU_ASSERT_PTR_NOT_NULL(finding(&x, "lack-of-synchronization", "M"));
    CU_ASSERT_EQUAL(count(&x, "lack-of-synchronization"), 1);
    CU_ASSERT_EQUAL(diag_list_count(x.d), 1);
    CU_ASSERT_EQUAL(result(&x, "Q")->sound, CHECK_HOLDS);
    CU_ASSERT_STRING_EQUAL(result(&x, "Q")->failed, "");
    done(&x);
}

static void test_loop_without_exit(void)
{
    run x = check_file("livelock-loop-without-exit.bpmn", NULL);
    const diag *d = finding(&x, "livelock", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    /* reported on the loop's join, the trace reaching the loop and going
     * round it once; the message names the loop */
    CU_ASSERT_STRING_EQUAL(d->element, "J");
    CU_ASSERT_TRUE(trace_is(d, "S X J A B J"));
    CU_ASSERT_TRUE(tu_contains(d->message, "round the loop through 'again', 'Ask', 'Answer'"));
    CU_ASSERT_PTR_NULL(finding(&x, "deadlock", NULL));
    CU_ASSERT_PTR_NULL(finding(&x, "unbounded", NULL));
    CU_ASSERT_PTR_NOT_NULL(finding(&x, "no-path-to-end", "J"));
    /* only the entry of the trap is named, not every node of the loop */
    CU_ASSERT_EQUAL(count(&x, "no-path-to-end"), 1);
    CU_ASSERT_EQUAL(result(&x, "P")->sound, CHECK_FAILS);
    done(&x);
}

static void test_unreachable_task(void)
{
    run x = check_file("unreachable-task.bpmn", NULL);
    /* one root cause: B; E2, unreachable only through B, is its
     * consequence, named in B's finding rather than reported again */
    const diag *u = finding(&x, "unreachable", "B");
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_TRUE(tu_contains(u->message, "and 1 more element becomes unreachable through it: "
                                           "'also done'"));
    CU_ASSERT_PTR_NULL(finding(&x, "unreachable", "E2"));
    CU_ASSERT_EQUAL(count(&x, "unreachable"), 1);
    CU_ASSERT_PTR_NULL(finding(&x, "unreachable", "A"));
    /* the dead activity is the unreachable one: said once, as unreachable */
    CU_ASSERT_PTR_NULL(finding(&x, "dead-activity", NULL));
    CU_ASSERT_STRING_EQUAL(result(&x, "P")->failed, "");
    CU_ASSERT_EQUAL(result(&x, "P")->props.no_dead_activities, CHECK_FAILS);
    done(&x);
    check_options o = {0, (const char *const[]){"unreachable", NULL}, 0};
    run y = check_file("unreachable-task.bpmn", &o);
    CU_ASSERT_PTR_NULL(finding(&y, "unreachable", NULL));
    CU_ASSERT_PTR_NOT_NULL(finding(&y, "dead-activity", "B"));
    done(&y);
}

static void test_parallel_split_in_loop(void)
{
    run x = check_file("unbounded-parallel-split-in-loop.bpmn", NULL);
    const diag *d = finding(&x, "unbounded", "F");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_TRUE(trace_is(d, "S J F B X J F"));
    CU_ASSERT_TRUE(tu_contains(d->message, "sequence flow 'f3'"));
    CU_ASSERT_TRUE(tu_contains(d->message, "from step 4 on"));
    const check_process_result *p = result(&x, "P");
    /* two tokens on f3: not safe; whether every state can still complete
     * is not decided by a search stopped at the growth */
    CU_ASSERT_EQUAL(p->props.safe, CHECK_FAILS);
    CU_ASSERT_EQUAL(p->props.option_to_complete, CHECK_UNDECIDED);
    CU_ASSERT_EQUAL(p->sound, CHECK_UNDECIDED);
    CU_ASSERT_TRUE(check_result_undecided(p));
    CU_ASSERT_FALSE(p->complete);
    CU_ASSERT_STRING_EQUAL(p->stopped, "unbounded");
    CU_ASSERT_TRUE(p->states < 1000); /* detected, not explored forever */
    done(&x);
    /* unbounded too, but its loop has no way out: the loop's flows are a
     * trap (every move that takes a token from them puts one back), marked
     * once the process starts, so option to complete is decided: no */
    run y = check_file("rust-bpmn-analyzer/integration/livelock.bpmn", NULL);
    const diag *l = finding(&y, "livelock", "Gateway_19m1xkh");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_TRUE(trace_is(l, "FlowNode_1"));
    const check_process_result *q = check_report_at(y.r, 0);
    CU_ASSERT_EQUAL(q->props.option_to_complete, CHECK_FAILS);
    CU_ASSERT_EQUAL(q->sound, CHECK_FAILS);
    CU_ASSERT_FALSE(q->complete);
    done(&y);
}

static void test_collaboration(void)
{
    run x = check_file("collaboration-reply-never-sent.bpmn", NULL);
    const diag *d = finding(&x, "deadlock", "Get_Reply");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_STRING_EQUAL(d->message, "receive task 'Get reply' waits for a message that is never sent");
    /* the request crosses pools: the operator starts from the message */
    CU_ASSERT_TRUE(trace_is(d, "C_Start Send_Request O_Start X O_End2"));
    CU_ASSERT_EQUAL(result(&x, "Customer")->sound, CHECK_FAILS);
    CU_ASSERT_EQUAL(result(&x, "Operator")->sound, CHECK_HOLDS);
    CU_ASSERT_EQUAL(result(&x, "Customer")->states, result(&x, "Operator")->states);
    done(&x);
    run y = check_file("dead-activity-late-cancel-message.bpmn", NULL);
    CU_ASSERT_EQUAL(diag_list_count(y.d), 2);
    CU_ASSERT_PTR_NOT_NULL(finding(&y, "dead-activity", "Handle_Cancel"));
    /* the late cancel is never taken */
    CU_ASSERT_PTR_NOT_NULL(finding(&y, "lost-message", "Send_Cancel"));
    CU_ASSERT_EQUAL(result(&y, "Customer")->props.messages_consumed, CHECK_FAILS);
    CU_ASSERT_EQUAL(result(&y, "Customer")->sound, CHECK_HOLDS);
    CU_ASSERT_EQUAL(result(&y, "Operator")->sound, CHECK_FAILS);
    done(&y);
}

/* A message start event inside a sub-process: entering the sub-process
 * does not fire it; it waits for its message, which is then consumed (no
 * lost message), and waits forever when the message is never sent. */
static void test_subprocess_message_start(void)
{
    run x = check_file("subprocess-message-start.bpmn", NULL);
    CU_ASSERT_EQUAL(diag_list_count(x.d), 0);
    CU_ASSERT_EQUAL(result(&x, "Customer")->props.messages_consumed, CHECK_HOLDS);
    CU_ASSERT_EQUAL(result(&x, "Operator")->sound, CHECK_HOLDS);
    done(&x);
    run y = check_file("deadlock-subprocess-message-start-never-sent.bpmn", NULL);
    const diag *d = finding(&y, "deadlock", "Sub_Start");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_TRUE(tu_contains(d->message, "waits for a message that is never sent"));
    CU_ASSERT_TRUE(trace_is(d, "C_Start X C_End2 O_Start Sub"));
    CU_ASSERT_EQUAL(result(&y, "Operator")->props.option_to_complete, CHECK_FAILS);
    CU_ASSERT_EQUAL(result(&y, "Customer")->sound, CHECK_HOLDS);
    done(&y);
}

/* Link events: one resolution, in the model core, at the throw's process
 * level (BPMN 2.0, 10.5.5).  The sub-process's throw 'A' goes to the
 * sub-process's catch 'A', not to the top-level one: check calls the
 * top-level catch and End2 unreachable, and sim, reading the same
 * resolution, sends no case to End2 (it sent every case there before). */
static void test_link_levels(void)
{
    diag_list *reader = diag_list_new(), *found = diag_list_new();
    model *m = bpmn_read_file("tests/fixtures/sim/link-levels.bpmn", reader);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(diag_list_count(reader), 0);
    int t = model_find_node(m, "ThrowA");
    CU_ASSERT_EQUAL(model_node_at(m, t)->link_target, model_find_node(m, "CatchInner"));
    check_report *r = check_run(m, NULL, found);
    const diag *d = NULL;
    for (size_t i = 0; i < diag_list_count(found); i++)
        if (!strcmp(diag_list_at(found, i)->code, "unreachable"))
            d = diag_list_at(found, i);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_STRING_EQUAL(d->element, "CatchTop");
    CU_ASSERT_TRUE(tu_contains(d->message, "'wrong end'"));
    check_report_free(r);
    model_free(m);
    diag_list_free(reader);
    diag_list_free(found);
    char cmd[1024], path[512];
    snprintf(path, sizeof path, "%s/link-levels.json", tu_tmpdir());
    snprintf(cmd, sizeof cmd, "sim tests/fixtures/sim/link-levels.xml -q --force -o %s", path);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, NULL), 0);
    char *out = tu_slurp(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_TRUE(tu_contains(out, "\"End1\""));
    CU_ASSERT_TRUE(tu_contains(out, "\"SE\""));
    CU_ASSERT_FALSE(tu_contains(out, "\"End2\""));
    free(out);
}

static void test_improper_completion(void)
{
    run x = check_file("improper-completion-two-branches-one-end.bpmn", NULL);
    const diag *d = finding(&x, "improper-completion", "E");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_TRUE(trace_is(d, "S F A B E E"));
    CU_ASSERT_EQUAL(diag_list_count(x.d), 1);
    done(&x);
}

/* ---- counts, limits, options ---------------------------------------------- */

static void test_state_counts(void)
{
    /* n parallel one-task branches: 2^n interleavings plus not started,
     * before the fork, after the join and completed */
    check_options full = {0, NULL, 1}; /* every interleaving: the closed form */
    run x = check_file("parallel-eight-branches.bpmn", &full);
    CU_ASSERT_EQUAL(result(&x, "P")->states, 256 + 4);
    CU_ASSERT_TRUE(result(&x, "P")->bytes > 0);
    done(&x);
    /* a chain S -> A -> E: not started, S->A, A->E, completed */
    run y = check_file("start-end-near-miss.bpmn", &full);
    CU_ASSERT_EQUAL(result(&y, "P")->states, 4);
    done(&y);
}

static void test_max_states(void)
{
    /* without the reduction, which would decide it in 13 states */
    check_options o = {50, NULL, 1};
    run x = check_file("parallel-eight-branches.bpmn", &o);
    const check_process_result *p = result(&x, "P");
    CU_ASSERT_FALSE(p->complete);
    CU_ASSERT_EQUAL(p->sound, CHECK_UNDECIDED);
    CU_ASSERT_EQUAL(p->props.safe, CHECK_UNDECIDED);
    CU_ASSERT_EQUAL(p->props.option_to_complete, CHECK_UNDECIDED);
    CU_ASSERT_TRUE(check_result_undecided(p));
    CU_ASSERT_EQUAL(p->states, 50);
    CU_ASSERT_STRING_EQUAL(p->stopped, "max-states");
    /* no verdict is made up from a partial state space */
    CU_ASSERT_EQUAL(diag_list_count(x.d), 0);
    done(&x);
    /* what was found before the limit is kept */
    check_options o2 = {10, NULL, 1};
    run y = check_file("collaboration-reply-never-sent.bpmn", &o2);
    CU_ASSERT_FALSE(result(&y, "Customer")->complete);
    CU_ASSERT_STRING_EQUAL(result(&y, "Customer")->failed, "deadlock");
    /* a deadlock found before the limit decides: no option to complete */
    CU_ASSERT_EQUAL(result(&y, "Customer")->props.option_to_complete, CHECK_FAILS);
    CU_ASSERT_EQUAL(result(&y, "Customer")->sound, CHECK_FAILS);
    CU_ASSERT_PTR_NOT_NULL(finding(&y, "deadlock", "Get_Reply"));
    CU_ASSERT_PTR_NULL(finding(&y, "dead-activity", NULL));
    done(&y);
}

static void test_disable(void)
{
    check_options o = {0, (const char *const[]){"deadlock", "dead-activity", NULL}, 0};
    run x = check_file("deadlock-xor-split-into-and-join.bpmn", &o);
    CU_ASSERT_EQUAL(diag_list_count(x.d), 0);
    /* hiding a finding does not make the process sound */
    CU_ASSERT_EQUAL(result(&x, "P")->sound, CHECK_FAILS);
    done(&x);
    check_options all = {0, (const char *const[]){"deadlock", "lack-of-synchronization",
                                                  "livelock", "dead-activity",
                                                  "improper-completion", "unbounded", "lost-message",
                                                  NULL}, 0};
    run y = check_file("deadlock-xor-split-into-and-join.bpmn", &all);
    CU_ASSERT_EQUAL(result(&y, "P")->states, 0);
    CU_ASSERT_STRING_EQUAL(result(&y, "P")->stopped, "disabled");
    done(&y);
}

static void test_rule_table(void)
{
    CU_ASSERT_EQUAL(check_rule_count(), 22);
    CU_ASSERT_PTR_NULL(check_rule_find("no-such-rule"));
    CU_ASSERT_PTR_NOT_NULL(check_rule_find("deadlock"));
    CU_ASSERT_TRUE(check_rule_find("deadlock")->behavioural);
    CU_ASSERT_FALSE(check_rule_find("dead-end")->behavioural);
    CU_ASSERT_EQUAL(check_rule_find("dead-end")->severity, DIAG_WARNING);
    check_report_free(NULL);
}

static void test_shipped_models(void)
{
    static const char *const models[] = {
        "models/annex-x-root-zone-emergency.bpmn", "models/annex-y-complaint-resolution.bpmn",
        "models/annex-y-complaint-resolution-live.bpmn", "models/annex-z-problem-management.bpmn",
        NULL,
    };
    for (int i = 0; models[i]; i++) {
        diag_list *reader = diag_list_new(), *d = diag_list_new();
        model *m = bpmn_read_file(models[i], reader);
        if (!m) { /* the models are another helper's; they may move */
            diag_list_free(reader);
            diag_list_free(d);
            continue;
        }
        check_report *r = check_run(m, NULL, d);
        CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 0);
        for (size_t p = 0; r && p < check_report_count(r); p++) {
            CU_ASSERT_TRUE(check_report_at(r, p)->complete);
            CU_ASSERT_EQUAL(check_report_at(r, p)->sound, CHECK_HOLDS);
        }
        check_report_free(r);
        model_free(m);
        diag_list_free(reader);
        diag_list_free(d);
    }
}

/* A dead end carries the shortest path from the start to it, so that a
 * policy designer sees how a case gets there: S, X, A. */
static void test_dead_end_path(void)
{
    run x = check_file("dead-end-task.bpmn", NULL);
    const diag *d = finding(&x, "dead-end", "A");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(d->ntrace, 3);
    CU_ASSERT_STRING_EQUAL(d->trace[0].element, "S");
    CU_ASSERT_STRING_EQUAL(d->trace[1].element, "X");
    CU_ASSERT_STRING_EQUAL(d->trace[2].element, "A");
    done(&x);
}

void suite_check(void);
void suite_check(void)
{
    static const CU_TestInfo tests[] = {
        {"dead end carries the path to it", test_dead_end_path},
        {"every rule fires on its fixture, not on its near miss", test_every_rule_fires_and_misses},
        {"sound patterns give no finding", test_sound_patterns},
        {"exclusive split into parallel join", test_xor_split_into_and_join},
        {"parallel split into exclusive join", test_and_split_into_xor_join},
        {"loop without exit", test_loop_without_exit},
        {"a called process run twice: one finding, in the caller", test_call_twice},
        {"unreachable task", test_unreachable_task},
        {"parallel split in a loop", test_parallel_split_in_loop},
        {"collaboration messages", test_collaboration},
        {"message start event in a sub-process", test_subprocess_message_start},
        {"link events resolve at their process level, for check and sim", test_link_levels},
        {"improper completion", test_improper_completion},
        {"state counts match closed forms", test_state_counts},
        {"state limit", test_max_states},
        {"disabled rules", test_disable},
        {"rule table", test_rule_table},
        {"shipped models are sound", test_shipped_models},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("check", tests);
}
