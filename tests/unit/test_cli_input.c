/*
 * Suite cli_input: input lines of any length.  An arrival CSV read in
 * fixed 1023-byte pieces split a long line in two: its tail was read as a
 * line of its own and every later line number was off.  Whole lines are
 * read now, and a line past the cap is one error on its own line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* Writes a scenario on the timer fixture's model whose arrivals are the
 * CSV at csv (written by the caller); returns its path in buf. */
static const char *scenario(char *buf, size_t n, const char *csv)
{
    char cwd[1024];
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    snprintf(buf, n, "%s/long-line.xml", tu_tmpdir());
    FILE *f = fopen(buf, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f, "<?xml version=\"1.0\"?>\n<scenario model=\"%s/tests/fixtures/sim/timer.bpmn\">\n"
               "  <clock start=\"2025-01-06T00:00\" horizon=\"P14D\"/>\n"
               "  <arrivals><arrival start=\"Start\" csv=\"%s\"/></arrivals>\n"
               "  <timers><timer event=\"Wait\" duration=\"1 h\"/></timers>\n"
               "  <run replications=\"2\"/>\n</scenario>\n", cwd, csv);
    CU_ASSERT_EQUAL(fclose(f), 0);
    return buf;
}

static void test_long_line(void)
{
    char csv[512], scn[512], args[1200], *err = NULL;
    snprintf(csv, sizeof csv, "%s/long-line.csv", tu_tmpdir());
    FILE *f = fopen(csv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    /* line 2 is 3000 bytes (a timestamp padded with blanks), line 3 is bad */
    fprintf(f, "arrival\n2025-01-06T08:00%2984s\nnot a date\n2025-01-07T08:00\n", "");
    CU_ASSERT_EQUAL(fclose(f), 0);
    snprintf(args, sizeof args, "sim %s -q", scenario(scn, sizeof scn, csv));
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 2);
    if (!tu_contains(err, "long-line.csv:3: error: [arrivals] 'not a date'"))
        fprintf(stderr, "\n  %s\n", err ? err : "(null)");
    CU_ASSERT_TRUE(tu_contains(err, "long-line.csv:3: error: [arrivals] 'not a date'"));
    CU_ASSERT_FALSE(tu_contains(err, "long-line.csv:4"));
    free(err);

    /* the same file without the bad line runs, both arrivals kept */
    f = fopen(csv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f, "arrival\n2025-01-06T08:00%2984s\n2025-01-07T08:00\n", "");
    CU_ASSERT_EQUAL(fclose(f), 0);
    char *out = NULL;
    snprintf(args, sizeof args, "sim %s -o -", scn);
    CU_ASSERT_EQUAL(tu_flowmc(args, &out, &err), 0);
    CU_ASSERT_TRUE(tu_contains(out, "\"cases\""));
    free(out);
    free(err);
}

/* a line past 64 KiB (no newline in a megabyte) is one error, named by its
 * line, and the lines after it keep their numbers */
static void test_over_cap(void)
{
    char csv[512], scn[512], args[1200], *err = NULL;
    snprintf(csv, sizeof csv, "%s/huge-line.csv", tu_tmpdir());
    FILE *f = fopen(csv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("2025-01-06T08:00\n", f);
    for (int i = 0; i < 1 << 20; i++)
        fputc('x', f);
    fputs("\n2025-01-07T08:00\nlater\n", f);
    CU_ASSERT_EQUAL(fclose(f), 0);
    snprintf(args, sizeof args, "sim %s -q", scenario(scn, sizeof scn, csv));
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "huge-line.csv:2: error: [arrivals] the line is longer than "
                                    "65536 bytes"));
    CU_ASSERT_TRUE(tu_contains(err, "huge-line.csv:4: error: [arrivals] 'later'"));
    free(err);
}

void suite_cli_input(void);
void suite_cli_input(void)
{
    static const CU_TestInfo tests[] = {
        {"a CSV line past 1023 bytes keeps line numbers", test_long_line},
        {"a CSV line past the cap is one error", test_over_cap},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("cli_input", tests);
}
