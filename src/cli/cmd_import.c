/*
 * flowmc import: another simulator's parameters as a flowmc scenario.
 *   flowmc import qbp MODEL.bpmn [-o SCENARIO.xml]
 *   flowmc import prosimos MODEL.bpmn PARAMS.json [-o SCENARIO.xml]
 * The scenario is compiled before it is written, so that what is written
 * runs; every value carries a note naming its source, and what does not
 * map is a warning (src/import/, docs/interop.md).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../import/importer.h"
#include "../import/prosimos.h"
#include "../import/qbp.h"
#include "../import/scenbuild.h"
#include "../sim/sim.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: flowmc import qbp MODEL.bpmn [-o SCENARIO.xml] [--force]\n"
            "       flowmc import prosimos MODEL.bpmn PARAMS.json [-o SCENARIO.xml] [--force]\n"
            "                              [--cases N] [--start YYYY-MM-DDThh:mm]\n\n"
            "Writes the flowmc scenario equivalent to another simulator's parameters: BIMP's\n"
            "qbp:processSimulationInfo inside a BPMN file (BIMP, Apromore, Simod), or a Prosimos\n"
            "(Simod) JSON file beside the BPMN model.  Each value carries a note naming its source;\n"
            "what flowmc cannot map is a warning naming the element or JSON key.  The scenario is\n"
            "checked before it is written.  See docs/interop.md.\n\n"
            "  -o, --output FILE   the scenario (default: stdout); the model is named relative to it\n"
            "      --cases N       prosimos: cases per run (Prosimos' --total_cases; default: the\n"
            "                      JSON's total_cases, else 1000)\n"
            "      --start T       prosimos: start of the run (Prosimos' --starting_at; default:\n"
            "                      the JSON's start_time, else 2025-01-06T00:00, a Monday)\n"
            "      --force         overwrite an existing output file (or write through a link)\n"
            "  -h, --help          this help\n\n"
            "exit status: 0 written, 2 bad input or usage (nothing written)\n");
}

int cmd_import(int argc, char **argv)
{
    enum { OPT_CASES = 256, OPT_START };
    static const struct option opts[] = {
        CLI_OPTION_OUTPUT, CLI_ARG("cases", OPT_CASES), CLI_ARG("start", OPT_START), CLI_OPTION_FORCE,
        CLI_OPTIONS_END,
    };
    const char *start = NULL;
    long cases = 0; /* the JSON's total_cases, else 1000 */
    cli_opts co = {0};
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "o:h", opts, &co)) != -1) {
        switch (c) {
        case OPT_CASES: {
            char *end;
            cases = strtol(optarg, &end, 10);
            if (!*optarg || *end || cases < 1 || cases > 1000000000L)
                return cli_usage_error("import", "--cases needs a whole number from 1 to 10^9, not '%s'",
                                       optarg);
            break;
        }
        case OPT_START:
            start = optarg;
            break;
        default:
            return cli_help(c, help);
        }
    }
    const char *output = co.output;
    int nargs = argc - optind;
    const char *fmt = nargs > 0 ? argv[optind] : NULL;
    int is_qbp = fmt && !strcmp(fmt, "qbp"), is_pro = fmt && !strcmp(fmt, "prosimos");
    if (!is_qbp && !is_pro) {
        help(stderr);
        return fmt ? cli_usage_error("import", "unknown format '%s': qbp or prosimos", fmt) : CLI_USAGE;
    }
    if (nargs != (is_qbp ? 2 : 3))
        return cli_usage(help);
    const char *bpmn = argv[optind + 1];
    int to_stdout = !output || !strcmp(output, "-");
    /* the model as the scenario will name it: relative to its folder */
    char ref[PATH_MAX];
    importer_model_ref(to_stdout ? NULL : output, bpmn, ref, sizeof ref);

    diag_list *d = diag_list_new();
    xmlDocPtr doc = is_qbp ? qbp_import(bpmn, ref, d)
                           : prosimos_import(bpmn, argv[optind + 2], ref, cases, start, d);
    int rc = CLI_USAGE;
    FILE *out = NULL;
    if (!doc)
        goto done;
    /* what is written runs: checked beside its source (QBP: the BPMN file,
     * whose lines its elements carry) */
    if (importer_check(doc, bpmn, is_qbp ? bpmn : argv[optind + 2], d) != 0)
        goto done;
    if (!(out = cli_open_output("import", to_stdout ? "-" : output, co.force)))
        goto done;
    int bad = sb_write(doc, out) != 0;
    rc = cli_close_output("import", out, !bad) == 0 && !bad ? CLI_OK : CLI_USAGE;
    if (bad)
        fprintf(stderr, "flowmc import: cannot write %s\n", to_stdout ? "standard output" : output);
    out = NULL;
done:
    cli_close_output("import", out, 0);
    cli_print_diags(d);
    diag_list_free(d);
    xmlFreeDoc(doc);
    return rc;
}
