/*
 * flowmc merge: the parts of a run made with `flowmc sim --shard K/N` put
 * back together; the output is the one-process run's, byte for byte (the
 * table on stdout, the JSON to -o).  src/sim/shard.h does the work.
 */
#include <stdlib.h>

#include "../sim/shard.h"
#include "../sim/sim.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: flowmc merge PART.json... [-o RESULT.json] [--force] [--quiet]\n\n"
            "Puts back together the parts of one run written by 'flowmc sim SCENARIO --shard K/N -o PART'\n"
            "(one per K from 0 to N-1, run anywhere: a Slurm job array, GNU parallel, a CI matrix).\n"
            "The table and the JSON are those of the run in one process, byte for byte.  Parts of\n"
            "different scenarios, overrides, seeds, replication counts or flowmc versions are refused,\n"
            "and so are missing or duplicated parts.  docs/scale-out.md has the details.\n\n"
            "  -o, --output FILE   write the result as JSON\n"
            "      --force         overwrite an existing output file (or write through a link)\n"
            "  -q, --quiet         no table\n"
            "  -h, --help          this help\n\n"
            "exit status: 0 no SLA missed, 1 some SLA missed, 2 bad input or usage\n");
}

int cmd_merge(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_OPTION_OUTPUT, CLI_OPTION_FORCE, CLI_OPTION_QUIET, CLI_OPTIONS_END,
    };
    cli_opts co = {0};
    int c;
    optind = 1;
    if ((c = cli_getopt(argc, argv, "o:qh", opts, &co)) != -1)
        return cli_help(c, help); /* merge has no options of its own */
    if (optind >= argc)
        return cli_usage(help);
    diag_list *d = diag_list_new();
    sim_result *res = shard_merge((const char *const *)argv + optind, argc - optind, d);
    int rc = CLI_USAGE;
    cli_print_diags(d);
    if (res && cli_open_outputs("merge", &co) == 0)
        rc = cli_write_result("merge", res, &co);
    rc = cli_close_outputs("merge", &co, rc);
    diag_list_free(d);
    sim_result_free(res);
    return rc;
}
