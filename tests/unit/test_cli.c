/*
 * Suite cli: what the commands share (src/cli/cli.h) -- the shared
 * options taken by cli_getopt, the outputs opened and kept or dropped
 * together -- and one message every command that simulates can print:
 * the stuck-cases warning, in plain numbers however many cases a long
 * horizon holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "testutil.h"

enum { OPT_VARY = 256 };

/* getopt_long permutes argv: each test gets its own copy */
static int parse(char **argv, int argc, cli_opts *co, const char **vary)
{
    static const struct option opts[] = {
        CLI_ARG("vary", OPT_VARY), CLI_OPTION_OUTPUT, CLI_OPTION_PLOT, CLI_OPTION_SET,
        CLI_OPTION_FORCE, CLI_OPTION_QUIET, CLI_OPTIONS_END,
    };
    int c, own = 0;
    optind = 1;
    opterr = 0; /* getopt's own message is not under test */
    while ((c = cli_getopt(argc, argv, "o:qh", opts, co)) != -1) {
        if (c != OPT_VARY)
            return c;
        *vary = optarg;
        own++;
    }
    opterr = 1;
    return own;
}

static void test_getopt_shared(void)
{
    char *argv[] = {"sweep", "-o",      "a.csv", "--force", "--plot", "p.svg", "--set", "k=1",
                    "in.xml", "--vary", "v=1,2", "--set", "k=2",     "-q",     NULL};
    int argc = (int)(sizeof argv / sizeof argv[0]) - 1;
    cli_opts co = {0};
    const char *vary = NULL;
    /* the shared options are kept, the command's own one handed back */
    CU_ASSERT_EQUAL(parse(argv, argc, &co, &vary), 1);
    CU_ASSERT_STRING_EQUAL(co.output, "a.csv");
    CU_ASSERT_STRING_EQUAL(co.plot, "p.svg");
    CU_ASSERT_EQUAL(co.force, 1);
    CU_ASSERT_EQUAL(co.quiet, 1);
    CU_ASSERT_STRING_EQUAL(vary, "v=1,2");
    /* --set in the order given: the last one wins when they are applied */
    CU_ASSERT_EQUAL_FATAL(co.nsets, 2);
    CU_ASSERT_STRING_EQUAL(co.sets[0], "k=1");
    CU_ASSERT_STRING_EQUAL(co.sets[1], "k=2");
    /* the operand, moved after the options */
    CU_ASSERT_EQUAL_FATAL(optind, argc - 1);
    CU_ASSERT_STRING_EQUAL(argv[optind], "in.xml");
    cli_opts_free(&co);
    CU_ASSERT_PTR_NULL(co.sets);
    cli_opts_free(NULL);
}

static void test_getopt_refused(void)
{
    char *unknown[] = {"sweep", "--nosuch", "in.xml", NULL};
    char *missing[] = {"sweep", "in.xml", "-o", NULL};
    char *help[] = {"sweep", "--help", NULL};
    cli_opts co = {0};
    const char *vary = NULL;
    /* what is not the command's own or shared goes back to the command,
     * which ends with cli_help */
    CU_ASSERT_EQUAL(parse(unknown, 3, &co, &vary), '?');
    CU_ASSERT_EQUAL(parse(missing, 3, &co, &vary), '?');
    CU_ASSERT_EQUAL(parse(help, 2, &co, &vary), 'h');
    CU_ASSERT_PTR_NULL(co.output);
    CU_ASSERT_EQUAL(co.nsets, 0);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

static void test_outputs_together(void)
{
    char out[1024], fig[1024];
    snprintf(out, sizeof out, "%s/cli-out.json", tu_tmpdir());
    snprintf(fig, sizeof fig, "%s/cli-fig.svg", tu_tmpdir());
    unlink(out);
    write_file(fig, "old figure\n");

    /* an existing plot without --force: nothing opened, the output that
     * was opened before it dropped by the close */
    cli_opts co = {.output = out, .plot = fig};
    CU_ASSERT_EQUAL(cli_open_outputs("test", &co), -1);
    CU_ASSERT_PTR_NOT_NULL(co.out);
    CU_ASSERT_PTR_NULL(co.fig);
    CU_ASSERT_EQUAL(cli_close_outputs("test", &co, CLI_USAGE), CLI_USAGE);
    CU_ASSERT_NOT_EQUAL(access(out, F_OK), 0);

    /* with --force both are written, and kept when the command succeeded
     * or found what it looked for (CLI_FAIL) */
    co = (cli_opts){.output = out, .plot = fig, .force = 1};
    CU_ASSERT_EQUAL_FATAL(cli_open_outputs("test", &co), 0);
    fputs("{}\n", co.out);
    fputs("new figure\n", co.fig);
    CU_ASSERT_EQUAL(cli_close_outputs("test", &co, CLI_FAIL), CLI_FAIL);
    char *o = tu_slurp(out, NULL), *f = tu_slurp(fig, NULL);
    CU_ASSERT_STRING_EQUAL(o ? o : "", "{}\n");
    CU_ASSERT_STRING_EQUAL(f ? f : "", "new figure\n");
    free(o);
    free(f);

    /* a failed command leaves the previous files as they were */
    co = (cli_opts){.output = out, .plot = fig, .force = 1};
    CU_ASSERT_EQUAL_FATAL(cli_open_outputs("test", &co), 0);
    fputs("half", co.out);
    fputs("half", co.fig);
    CU_ASSERT_EQUAL(cli_close_outputs("test", &co, CLI_USAGE), CLI_USAGE);
    f = tu_slurp(fig, NULL);
    CU_ASSERT_STRING_EQUAL(f ? f : "", "new figure\n");
    free(f);
    unlink(out);
    unlink(fig);
}

/* An overloaded queue over 400 days holds thousands of cases: the warning
 * said "4.78e+03 cases ... (the oldest for 1.06e+03 h)". */
static void test_stuck_plain_numbers(void)
{
    char *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("sim tests/fixtures/sim/mmc.xml -q -r 2 --set role.agent.staff=4 "
                              "--set clock.horizon=P400D",
                              NULL, &err),
                    1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    const char *w = strstr(err, "[incomplete] userTask 'Serve' holds ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    char line[512];
    snprintf(line, sizeof line, "%.*s", (int)strcspn(w, "\n"), w);
    if (strstr(line, "e+"))
        fprintf(stderr, "\n  scientific notation in: %s\n", line);
    CU_ASSERT_PTR_NULL(strstr(line, "e+"));
    /* the count is a whole number of thousands of cases, the age in hours */
    unsigned long cases = 0;
    double hours = 0;
    CU_ASSERT_EQUAL(sscanf(line, "[incomplete] userTask 'Serve' holds %lu cases per replication at "
                                 "the horizon (the oldest for %lf h)",
                           &cases, &hours),
                    2);
    CU_ASSERT_TRUE(cases >= 1000);
    CU_ASSERT_TRUE(hours >= 1000);
    free(err);
}

void suite_cli(void);
void suite_cli(void)
{
    static const CU_TestInfo tests[] = {
        {"cli_getopt keeps the shared options, returns the command's own", test_getopt_shared},
        {"cli_getopt hands back what it does not know", test_getopt_refused},
        {"outputs are opened, kept and dropped together", test_outputs_together},
        {"the stuck-cases warning has no exponent", test_stuck_plain_numbers},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("cli", tests);
}
