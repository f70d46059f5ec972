/*
 * flowmc compare: runs two scenarios with common random numbers -- the same
 * seed and replication indices, so the same arrival streams and, for the
 * elements the two models share, the same per-case draws -- and reports
 * every SLA, cycle-time, end-event, level, roster and role figure as
 * B - A with a paired 95% confidence interval and whether it is
 * significant.  Typical use: a proposed procedure against the live one.
 */
#include <getopt.h>
#include <string.h>

#include "../model/alloc.h"
#include "../sim/compare.h"
#include "../import/importer.h"
#include "../sim/sim.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: flowmc compare A.xml B.xml [--pair A_ID=B_ID]... [-o DIFF.json] [--force]\n\n"
            "Simulates scenarios A and B with common random numbers (A's seed and replication\n"
            "count, from its <run>) and reports, for every SLA, cycle-time figure, end-event\n"
            "and level share and role utilisation, the difference B - A with a paired 95%%\n"
            "confidence interval over the replications, and whether it is significant (the\n"
            "interval excludes 0).  A and B are shown over the replications where both are\n"
            "defined (the pairs column), so that B - A is their difference.\n\n"
            "      --pair A_ID=B_ID  compare A's process or element A_ID with B's B_ID (one\n"
            "                        thing under two ids); repeatable.  Without it, the one\n"
            "                        measured process each side does not share is paired\n"
            "  -o, --output FILE     write the differences as JSON (same seed: same bytes)\n"
            "      --force           overwrite an existing output file (or write through a link)\n"
            "  -h, --help            this help\n\n"
            "exit status: 0 compared, 2 bad input or usage\n");
}

int cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"pair", required_argument, NULL, 'p'}, /* long only: -p is --process */
        {"force", no_argument, NULL, 'f'}, /* long only: -f is --format */
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL;
    /* at most one pair per argument: argc bounds them */
    const char **pairs = alloc_zero((size_t)argc + 1, sizeof *pairs);
    int force = 0, c, npairs = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'p': {
            size_t alen;
            if (compare_pair_parse(optarg, &alen) != 0) {
                free(pairs);
                return cli_usage_error("compare", "a pair is written A_ID=B_ID (A's id, then "
                                                  "B's), not '%s'", optarg);
            }
            pairs[npairs++] = optarg;
            break;
        }
        case 'f':
            force = 1;
            break;
        case 'h':
            help(stdout);
            free(pairs);
            return CLI_OK;
        default:
            help(stderr);
            free(pairs);
            return CLI_USAGE;
        }
    }
    if (optind != argc - 2) {
        help(stderr);
        free(pairs);
        return CLI_USAGE;
    }
    int rc = CLI_USAGE;
    diag_list *d = diag_list_new();
    sim_scenario *sa = importer_load(argv[optind], d);
    sim_scenario *sb = importer_load(argv[optind + 1], d);
    sim_result *ra = NULL, *rb = NULL;
    compare_result *cr = NULL;
    FILE *out = NULL;
    if (!sa || !sb)
        goto done;
    if (output && !(out = cli_open_output("compare", output, force)))
        goto done;
    sim_options o;
    sim_options_init(&o, sa);
    if (sim_scenario_seed(sb) != o.seed || sim_scenario_replications(sb) != o.replications)
        diag_add(d, DIAG_NOTE, "compare-run", sim_scenario_path(sb), 0, NULL, NULL,
                 "B's <run> differs from A's; both run with A's: %d replications, seed %llu",
                 o.replications, (unsigned long long)o.seed);
    if (o.replications < 2) {
        diag_add(d, DIAG_ERROR, "compare-replications", sim_scenario_path(sa), 0, NULL, NULL,
                 "a paired confidence interval needs at least 2 replications, the scenario "
                 "asks for %d",
                 o.replications);
        goto done;
    }
    if (!(ra = sim_run(sa, &o, d)) || !(rb = sim_run(sb, &o, d)))
        goto done;
    if (!(cr = compare_results(ra, rb, sim_scenario_path(sa), sim_scenario_path(sb), pairs, d)))
        goto done;
    if (out != stdout) /* -o -: the JSON alone on stdout */
        compare_result_print(cr, stdout);
    rc = CLI_OK;
    if (out) {
        json_t *j = compare_result_to_json(cr);
        if (json_dumpf(j, out, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10)) != 0 ||
            fputc('\n', out) == EOF) {
            fprintf(stderr, "flowmc compare: cannot write %s\n", output);
            rc = CLI_USAGE;
        }
        json_decref(j);
    }
done:
    diag_list_sort(d);
    diag_list_print(d, stderr);
    diag_list_free(d);
    if (cli_close_output("compare", out, rc != CLI_USAGE) != 0)
        rc = CLI_USAGE;
    compare_result_free(cr);
    sim_result_free(ra);
    sim_result_free(rb);
    sim_scenario_free(sa);
    sim_scenario_free(sb);
    free(pairs);
    return rc;
}
