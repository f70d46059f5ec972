/*
 * Suite diag: the diagnostics list -- text format, traces, JSON, ordering.
 */
#include <stdlib.h>
#include <string.h>

#include "model/diag.h"
#include "testutil.h"

static char *print_to_string(const diag_list *l)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_list_print(l, f);
    fclose(f);
    return buf;
}

static void test_text(void)
{
    diag_list *l = diag_list_new();
    diag_add(l, DIAG_ERROR, "dangling-ref", "models/x.bpmn", 42, "f3", NULL,
             "sequence flow '%s' targets unknown element '%s'", "f3", "Task_9");
    diag *d = diag_add(l, DIAG_WARNING, "deadlock", "models/x.bpmn", 57, "J", "Join", "stuck");
    diag_add_step(d, "S", "start");
    diag_add_step(d, "J", NULL);
    diag_add(l, DIAG_NOTE, "io", "a.bpmn", 0, NULL, NULL, "no line");
    char *s = print_to_string(l);
    CU_ASSERT_TRUE(tu_contains(s, "models/x.bpmn:42: error: [dangling-ref] sequence flow 'f3' "
                                  "targets unknown element 'Task_9'\n"));
    CU_ASSERT_TRUE(tu_contains(s, "models/x.bpmn:57: warning: [deadlock] stuck\n"
                                  "    1. start (S)\n    2. J\n"));
    CU_ASSERT_TRUE(tu_contains(s, "a.bpmn: note: [io] no line\n"));
    free(s);
    CU_ASSERT_EQUAL(diag_list_count(l), 3);
    CU_ASSERT_EQUAL(diag_list_count_severity(l, DIAG_ERROR), 1);
    diag_list_free(l);
    diag_list_free(NULL);
}

static void test_json_and_sort(void)
{
    diag_list *l = diag_list_new(), *other = diag_list_new();
    diag_add(l, DIAG_ERROR, "b", "z.bpmn", 3, "e1", "quote \"x\"", "m1");
    diag_add(other, DIAG_WARNING, "a", "a.bpmn", 9, NULL, NULL, "m2");
    diag_add(other, DIAG_WARNING, "a", "a.bpmn", 2, NULL, NULL, "m3");
    diag_list_splice(l, other);
    CU_ASSERT_EQUAL(diag_list_count(other), 0);
    diag_list_sort(l);
    CU_ASSERT_STRING_EQUAL(diag_list_at(l, 0)->message, "m3");
    CU_ASSERT_STRING_EQUAL(diag_list_at(l, 2)->message, "m1");
    json_t *j = diag_list_to_json(l);
    char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
    CU_ASSERT_TRUE(tu_contains(s, "\"name\":\"quote \\\"x\\\"\""));
    CU_ASSERT_TRUE(tu_contains(s, "\"rule\":\"b\",\"severity\":\"error\",\"trace\":[]"));
    free(s);
    json_decref(j);
    diag_list_free(l);
    diag_list_free(other);
}

void suite_diag(void);
void suite_diag(void)
{
    static const CU_TestInfo tests[] = {
        {"text format and traces", test_text},
        {"json, splice and sort", test_json_and_sort},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("diag", tests);
}
