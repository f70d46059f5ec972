/*
 * Suite reader_hint: a dangling id gets a "did you mean" naming the file's
 * closest ids of the kind it may name, only when the difference looks like
 * a typo (one edit in three characters, at most three), and a file that
 * dangles every reference costs a bounded number of suggestions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/bpmn_read.h"
#include "testutil.h"

#define FIX "tests/fixtures/reader/"

/* The message of the diagnostic on line, NULL when none. */
static const char *message_at(const diag_list *d, int line)
{
    for (size_t i = 0; i < diag_list_count(d); i++)
        if (diag_list_at(d, i)->line == line)
            return diag_list_at(d, i)->message;
    return NULL;
}

static void expect(const diag_list *d, int line, const char *needle, int hinted)
{
    const char *m = message_at(d, line);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    if (!tu_contains(m, needle) || tu_contains(m, "did you mean") != hinted)
        fprintf(stderr, "\n  line %d: '%s' (wanted '%s'%s)\n", line, m, needle,
                hinted ? " and a hint" : ", no hint");
    CU_ASSERT_TRUE(tu_contains(m, needle));
    CU_ASSERT_EQUAL(tu_contains(m, "did you mean"), hinted);
}

static void test_typos(void)
{
    diag_list *d = diag_list_new();
    model *m = bpmn_read_file(FIX "did-you-mean.bpmn", d);
    /* a substitution, a deletion, a transposition; a tie names both */
    expect(d, 19, "'Task_Reviev'; did you mean 'Task_Review'?", 1);
    expect(d, 20, "'TaskApprove'; did you mean 'Task_Approve'?", 1);
    expect(d, 21, "did you mean 'EndEvent_1' or 'EndEvent_2'?", 1);
    expect(d, 11, "'Task_Reveiw'; did you mean 'Task_Review'?", 1);
    /* participants name processes; message flows name nodes or pools */
    expect(d, 6, "'Proces_1'; did you mean 'Process_1'?", 1);
    expect(d, 7, "did you mean 'Pool_Requester'?", 1);
    /* not a typo: another naming scheme, or too short to tell */
    expect(d, 22, "unknown element 'Task_9'", 0);
    expect(d, 23, "unknown element 'T2'", 0);
    model_free(m);
    diag_list_free(d);
}

/* a flow's id is not a node: no hint names a sequence flow */
static void test_kind(void)
{
    const char *path = "reader_hint_kind.bpmn";
    char full[512];
    snprintf(full, sizeof full, "%s/%s", tu_tmpdir(), path);
    FILE *f = fopen(full, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("<?xml version=\"1.0\"?>\n"
          "<definitions xmlns=\"" BPMN_NS_MODEL "\" id=\"D\">\n"
          "<process id=\"P\"><startEvent id=\"S\"/><endEvent id=\"E\"/>\n"
          "<sequenceFlow id=\"Flow_abc\" sourceRef=\"S\" targetRef=\"Flow_abd\"/>\n"
          "</process></definitions>\n", f);
    CU_ASSERT_EQUAL(fclose(f), 0);
    diag_list *d = diag_list_new();
    model *m = bpmn_read_file(full, d);
    expect(d, 4, "unknown element 'Flow_abd'", 0);
    model_free(m);
    diag_list_free(d);
}

/* 3000 flows to 3000 near-misses of 3000 tasks: every reference is
 * reported, the first 64 with a hint, the rest without (the comparisons
 * are bounded) */
static void test_bounded(void)
{
    char full[512];
    snprintf(full, sizeof full, "%s/reader_hint_many.bpmn", tu_tmpdir());
    FILE *f = fopen(full, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("<?xml version=\"1.0\"?>\n<definitions xmlns=\"" BPMN_NS_MODEL "\" id=\"D\">\n"
          "<process id=\"P\">\n", f);
    for (int i = 0; i < 3000; i++)
        fprintf(f, "<task id=\"Activity_%05d\"/>\n", i);
    for (int i = 0; i < 3000; i++)
        fprintf(f, "<sequenceFlow id=\"f%d\" sourceRef=\"Activity_%05d\" targetRef=\"Actvity_%05d\"/>\n",
                i, i, i);
    fputs("</process></definitions>\n", f);
    CU_ASSERT_EQUAL(fclose(f), 0);
    diag_list *d = diag_list_new();
    model *m = bpmn_read_file(full, d);
    size_t dangling = 0, hinted = 0;
    for (size_t i = 0; i < diag_list_count(d); i++) {
        const diag *x = diag_list_at(d, i);
        dangling += strcmp(x->code, "dangling-ref") == 0;
        hinted += tu_contains(x->message, "did you mean 'Activity_") != 0;
    }
    CU_ASSERT_EQUAL(dangling, 3000);
    CU_ASSERT_EQUAL(hinted, 64);
    model_free(m);
    diag_list_free(d);
}

/* the CLI shows it */
static void test_cli(void)
{
    char *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check " FIX "did-you-mean.bpmn", NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "did-you-mean.bpmn:19: error: [dangling-ref] sequence flow "
                                    "'f1' targets unknown element 'Task_Reviev'; did you mean "
                                    "'Task_Review'?"));
    free(err);
    /* every command gets the reader's diagnostics in line order (the
     * stream's first, then the resolution's, before) */
    CU_ASSERT_EQUAL(tu_flowmc("info " FIX "did-you-mean.bpmn", NULL, &err), 2);
    int last = 0, sorted = 1, n = 0;
    for (const char *p = err; p && (p = strstr(p, "did-you-mean.bpmn:")); p++, n++) {
        int line = atoi(p + strlen("did-you-mean.bpmn:"));
        sorted &= line >= last;
        last = line;
    }
    CU_ASSERT_EQUAL(n, 8);
    CU_ASSERT_TRUE(sorted);
    free(err);
}

void suite_reader_hint(void);
void suite_reader_hint(void)
{
    static const CU_TestInfo tests[] = {
        {"typos get the closest id", test_typos},
        {"only ids of the kind the reference names", test_kind},
        {"suggestions are bounded", test_bounded},
        {"check and info print the hints, in line order", test_cli},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("reader_hint", tests);
}
