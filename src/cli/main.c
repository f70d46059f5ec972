/*
 * main: flowmc's entry point; dispatches `flowmc <command>` through the one
 * command table below.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "../model/alloc.h"
#include "../model/xmlsafe.h"
#include "../sim/par.h"
#include "cli.h"

static const cli_command commands[] = {
    {"info", cmd_info, "list the processes, participants, nodes and lanes of BPMN files"},
    {"check", cmd_check, "find dead ends, deadlocks and unsound behaviour, with traces"},
    {"render", cmd_render, "draw a model with Graphviz (svg, png, pdf, dot) or add BPMN DI"},
    {"sim", cmd_sim, "simulate a scenario by Monte Carlo and judge its SLAs"},
    {"size", cmd_size, "find the smallest staffing that meets every SLA"},
    {"sweep", cmd_sweep, "SLA attainment over a grid of loads, answer rates or staff, and where it breaks"},
    {"compare", cmd_compare, "compare two scenarios with common random numbers"},
    {"merge", cmd_merge, "put back together the parts of a run made with sim --shard"},
    {"import", cmd_import, "turn BIMP (QBP) or Prosimos simulation parameters into a scenario"},
    {"export", cmd_export, "write a scenario as BIMP (QBP) simulation parameters in its model"},
    {"report", cmd_report, "write one self-contained HTML page of models and results"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out,
            "usage: flowmc <command> [options] [args]\n"
            "       flowmc help <command> | --help | --version\n\n"
            "flowmc checks, simulates and draws BPMN 2.0 process models.\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].help);
    fprintf(out, "\nexit status: 0 ok, 1 the property checked failed, 2 bad input or usage,\n"
                 "3 not decided (check stopped at --max-states or the memory budget)\n"
                 "run 'flowmc <command> --help' for a command's options\n");
}

/* Every command's standard output is checked once it is done: a write
 * that failed (a full disk, /dev/full, a closed pipe) is one line and
 * exit 2, never a silent success. */
static int finish(const char *cmd, int rc)
{
    if (cli_close_output(cmd, stdout, 1) != 0)
        return CLI_USAGE;
    if (fclose(stdout) != 0) {
        fprintf(stderr, "flowmc %s: cannot write standard output\n", cmd);
        return CLI_USAGE;
    }
    return rc;
}

static const cli_command *lookup(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        usage(stdout);
        return finish("--help", CLI_OK);
    }
    if (!strcmp(name, "--version") || !strcmp(name, "version")) {
        printf("flowmc %s\n", FLOWMC_VERSION);
        return finish("--version", CLI_OK);
    }
    if (!strcmp(name, "help")) {
        if (argc < 3) {
            usage(stdout);
            return finish("help", CLI_OK);
        }
        const cli_command *c = lookup(argv[2]);
        if (!c)
            return cli_usage_error("help", "unknown command '%s'", argv[2]);
        char *hargv[] = {(char *)c->name, "--help", NULL};
        return finish(c->name, c->fn(2, hargv));
    }
    const cli_command *c = lookup(name);
    if (!c) {
        fprintf(stderr, "flowmc: unknown command '%s'\n\n", name);
        usage(stderr);
        return CLI_USAGE;
    }
    xmlsafe_init();
    static char doing[64]; /* named by an out-of-memory line until the end */
    snprintf(doing, sizeof doing, "flowmc %s", c->name);
    alloc_doing("in", doing);
    cli_set_failure_handlers();
    int rc = c->fn(argc - 1, argv + 1);
    xmlCleanupParser();
    return finish(c->name, rc);
}

/* Under mpirun every rank runs the same command (src/sim/par.h); they agree
 * on the exit status at the end. */
int main(int argc, char **argv)
{
    if (par_init(&argc, &argv) != 0)
        return CLI_USAGE;
    return par_finish(run(argc, argv));
}
