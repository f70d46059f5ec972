/*
 * Suite docs: every shell example of README.md and the docs that shows
 * its output is run and must print what the example shows
 * (tests/doctest.py; the format is in docs/doctest.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void test_examples(void)
{
    const char *bin = getenv("FLOWMC_BIN");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "FLOWMC_BIN='%s' python3 tests/doctest.py >&2",
             bin && *bin ? bin : "bin/flowmc");
    fprintf(stderr, "\n");
    int rc = system(cmd);
    CU_ASSERT_EQUAL(rc, 0);
}

void suite_docs(void);
void suite_docs(void)
{
    static const CU_TestInfo tests[] = {
        {"shell examples print what they show", test_examples},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("docs", tests);
}
