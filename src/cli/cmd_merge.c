/*
 * flowmc merge: the parts of a run made with `flowmc sim --shard K/N` put
 * back together; the output is the one-process run's, byte for byte (the
 * table on stdout, the JSON to -o).  src/sim/shard.h does the work.
 */
#include <getopt.h>
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
        {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, 'f'}, /* long only: -f is --format */
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL;
    int force = 0, quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'f':
            force = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        default:
            return cli_help(c, help);
        }
    }
    if (optind >= argc)
        return cli_usage(help);
    diag_list *d = diag_list_new();
    sim_result *res = shard_merge((const char *const *)argv + optind, argc - optind, d);
    int rc = CLI_USAGE;
    FILE *out = NULL;
    cli_print_diags(d);
    if (!res || (output && !(out = cli_open_output("merge", output, force))))
        goto done;
    if (!quiet && out != stdout) /* -o -: the JSON alone on stdout */
        sim_result_print(res, stdout);
    if (out && sim_result_write_json(res, out) != 0) {
        fprintf(stderr, "flowmc merge: cannot write %s\n", output);
        goto done;
    }
    rc = sim_result_any_missed(res) ? CLI_FAIL : CLI_OK;
done:
    rc = cli_finish_output("merge", out, rc);
    diag_list_free(d);
    sim_result_free(res);
    return rc;
}
