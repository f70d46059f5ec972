/*
 * Suite check_summary: check's last line is honest -- it counts the
 * reader's errors and warnings and the files that could not be read, and
 * the reader's diagnostics come sorted by line.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void test_missing(void)
{
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check no-such-model.bpmn", &out, &err), 2);
    CU_ASSERT_FALSE(tu_contains(out, "0 errors"));
    CU_ASSERT_TRUE(tu_contains(out, "1 error, 0 warnings; 1 of 1 file not checked"));
    free(out);
    free(err);
}

static void test_dangling(void)
{
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check tests/fixtures/reader/broken-references.bpmn "
                              "models/annex-x-root-zone-emergency.bpmn", &out, &err), 2);
    CU_ASSERT_FALSE(tu_contains(out, "0 errors"));
    CU_ASSERT_TRUE(tu_contains(out, "of 2 files not checked"));
    /* the reader's errors on stderr, in line order */
    int last = 0, sorted = 1;
    for (const char *p = err; p && (p = strstr(p, "broken-references.bpmn:")); p++) {
        int line = atoi(p + strlen("broken-references.bpmn:"));
        sorted &= line >= last;
        last = line;
    }
    CU_ASSERT_TRUE(sorted);
    CU_ASSERT_TRUE(last > 0);
    free(out);
    free(err);
}

/* reader warnings count too (a contradicting incoming/outgoing list) */
static void test_reader_warnings(void)
{
    char *out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check tests/fixtures/reader/incoming-outgoing-contradict.bpmn", &out,
                              NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "[flow-list]"));
    CU_ASSERT_FALSE(tu_contains(out, " 0 warnings"));
    free(out);
}

void suite_check_summary(void);
void suite_check_summary(void)
{
    static const CU_TestInfo tests[] = {
        {"a missing file is not 0 errors", test_missing},
        {"reader errors counted, sorted by line", test_dangling},
        {"reader warnings counted", test_reader_warnings},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("check_summary", tests);
}
