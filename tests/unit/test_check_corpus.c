/*
 * Suite check_corpus: flowmc's properties against the verdicts that
 * rust_bpmn_analyzer's own tests assert on its models
 * (core/tests/state_space_generation.rs, core/src/bpmn/semantics_test.rs at
 * 89a334e), property by property.  Its unit tests assert one property (or
 * two) per model, its integration tests all four: only what it asserts is
 * compared.  Where flowmc leaves a property undecided by definition (an
 * unbounded model: only what a witness shows is decided), the row says so
 * and the test pins it, so that a change is seen.
 *
 * The full table runs on ../shared/corpus/rust-bpmn-analyzer when present;
 * ten of its models are vendored under tests/fixtures/check/rust-bpmn-analyzer
 * (MIT) and always run, so the suite has teeth standalone.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "check/check.h"
#include "model/bpmn_read.h"
#include "testutil.h"

#define VENDORED "tests/fixtures/check/rust-bpmn-analyzer"

enum { S = 1, O = 2, P = 4, D = 8, ALL = S | O | P | D };

static const struct row {
    const char *file;
    int asserted;   /* properties its tests assert */
    int fails;      /* those it finds not fulfilled */
    int undecided;  /* flowmc leaves these undecided (stated in rules.md) */
    int their_states; /* its state count, 0 when not compared */
} rows[] = {
    /* flowmc counts the state before the start event fires: one more */
    {"integration/p2.bpmn", ALL, 0, 0, 7},
    {"integration/p6_stuck.bpmn", ALL, O | D, 0, 134},
    {"integration/pools-message-flows.bpmn", ALL, 0, 0, 0},
    {"integration/e020.bpmn", ALL, 0, 0, 0},
    {"integration/message_persistence.bpmn", ALL, 0, 0, 0},
    /* unbounded: flowmc stops at the growth; a marked trap decides option
     * to complete, proper completion stays undecided (theirs: vacuously
     * fulfilled, no state of their bounded search terminates) */
    {"integration/livelock.bpmn", ALL & ~P, S | O, P, 0},
    {"unit/properties/safeness/unsafe.bpmn", S, S, 0, 0},
    {"unit/semantics/pg.bpmn", S | O, 0, 0, 0},
    {"unit/properties/option_to_complete/no-option-to-complete-1.bpmn", O, O, 0, 0},
    {"unit/properties/option_to_complete/no-option-to-complete-2.bpmn", O, O, 0, 0},
    {"unit/properties/no_dead_activities/dead-activities.bpmn", D, D, 0, 0},
    {"unit/properties/no_dead_activities/no-dead-activities.bpmn", D, 0, 0, 0},
    {"unit/properties/proper_completion/proper-completion-1.bpmn", P, 0, 0, 0},
    {"unit/properties/proper_completion/proper-completion-2.bpmn", P, 0, 0, 0},
    {"unit/properties/proper_completion/no-proper-completion-1.bpmn", P, P, 0, 0},
    {"unit/properties/proper_completion/no-proper-completion-2.bpmn", P, P, 0, 0},
    /* its test asserts proper completion only; the name says unsafe */
    {"unit/properties/proper_completion/no-proper-completion-3-unsafe.bpmn", P | S, P | S, 0, 0},
};
#define NROWS (sizeof rows / sizeof rows[0])

static const char *const names[] = {"Safeness", "OptionToComplete", "ProperCompletion",
                                    "NoDeadActivities"};

static check_verdict prop(const check_properties *p, int bit)
{
    return bit == S ? p->safe : bit == O ? p->option_to_complete
                            : bit == P ? p->proper_completion : p->no_dead_activities;
}

/* Checks one row on the model at path; returns the number of verdicts
 * compared. */
static int check_row(const struct row *r, const char *path)
{
    diag_list *reader = diag_list_new(), *found = diag_list_new();
    model *m = bpmn_read_file(path, reader);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    check_report *rep = check_run(m, NULL, found);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rep);
    /* the file's verdict: the conjunction over its processes (a
     * collaboration is one system for them) */
    check_properties all = {CHECK_HOLDS, CHECK_HOLDS, CHECK_HOLDS, CHECK_HOLDS, CHECK_HOLDS};
    for (size_t i = 0; i < check_report_count(rep); i++) {
        const check_properties *p = &check_report_at(rep, i)->props;
        all.safe = check_and(all.safe, p->safe);
        all.option_to_complete = check_and(all.option_to_complete, p->option_to_complete);
        all.proper_completion = check_and(all.proper_completion, p->proper_completion);
        all.no_dead_activities = check_and(all.no_dead_activities, p->no_dead_activities);
    }
    int compared = 0;
    for (int k = 0; k < 4; k++) {
        int bit = 1 << k;
        check_verdict got = prop(&all, bit);
        if (r->undecided & bit) {
            CU_ASSERT_EQUAL(got, CHECK_UNDECIDED);
            continue;
        }
        if (!(r->asserted & bit))
            continue;
        check_verdict want = r->fails & bit ? CHECK_FAILS : CHECK_HOLDS;
        if (got != want)
            fprintf(stderr, "\n  %s: %s is %s for flowmc, %s for rust_bpmn_analyzer\n", r->file,
                    names[k], check_verdict_word(got), check_verdict_word(want));
        CU_ASSERT_EQUAL(got, want);
        compared++;
    }
    if (r->their_states) { /* theirs is the full space: so is the one compared */
        check_options full = {0, NULL, 1};
        diag_list *d2 = diag_list_new();
        check_report *rf = check_run(m, &full, d2);
        CU_ASSERT_PTR_NOT_NULL_FATAL(rf);
        CU_ASSERT_EQUAL(check_report_at(rf, 0)->states, (size_t)r->their_states + 1);
        check_report_free(rf);
        diag_list_free(d2);
    }
    check_report_free(rep);
    model_free(m);
    diag_list_free(reader);
    diag_list_free(found);
    return compared;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The vendored models: always there. */
static void test_vendored(void)
{
    int files = 0, compared = 0;
    for (size_t i = 0; i < NROWS; i++) {
        char path[512];
        snprintf(path, sizeof path, VENDORED "/%s", rows[i].file);
        if (!exists(path))
            continue;
        files++;
        compared += check_row(&rows[i], path);
    }
    CU_ASSERT_EQUAL(files, 10);
    CU_ASSERT_TRUE(compared >= 14);
}

/* The whole table, on the corpus in ../shared. */
static void test_table(void)
{
    const char *shared = tu_shared_or_skip("corpus/rust-bpmn-analyzer",
                                           "rust_bpmn_analyzer verdict table");
    if (!shared)
        return;
    int compared = 0;
    for (size_t i = 0; i < NROWS; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/corpus/rust-bpmn-analyzer/%s", shared, rows[i].file);
        CU_ASSERT_TRUE(exists(path));
        if (exists(path))
            compared += check_row(&rows[i], path);
    }
    fprintf(stderr, "\n  rust_bpmn_analyzer table: %d verdicts compared on %zu models\n",
            compared, NROWS);
}

void suite_check_corpus(void);
void suite_check_corpus(void)
{
    static const CU_TestInfo tests[] = {
        {"vendored models give rust_bpmn_analyzer's verdicts", test_vendored},
        {"its whole verdict table, property by property", test_table},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("check_corpus", tests);
}
