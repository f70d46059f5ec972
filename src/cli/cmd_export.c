/*
 * flowmc export: a scenario in another simulator's format.
 *   flowmc export qbp SCENARIO.xml [-o MODEL.bpmn]
 * writes the scenario's model with BIMP's qbp:processSimulationInfo; what
 * QBP cannot say is a warning each (src/import/qbp_export.c).
 */
#include <stdlib.h>
#include <string.h>

#include "../import/qbp.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: flowmc export qbp SCENARIO.xml [-o MODEL.bpmn] [--force]\n\n"
            "Writes the scenario's BPMN model with BIMP's qbp:processSimulationInfo (the format of\n"
            "BIMP and Apromore's \"Simulate model\") holding what QBP can say of the scenario: arrivals,\n"
            "timetables and holidays, resources, task laws, branch probabilities, the number of cases\n"
            "and the warm-up.  What QBP cannot say (SLAs, rosters, classes, timers, ...) is a warning\n"
            "each.  See docs/interop.md.\n\n"
            "  -o, --output FILE   the model (default: stdout)\n"
            "      --force         overwrite an existing output file (or write through a link)\n"
            "  -h, --help          this help\n\n"
            "exit status: 0 written, 2 bad input or usage (nothing written)\n");
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_OPTION_OUTPUT, CLI_OPTION_FORCE, CLI_OPTIONS_END,
    };
    cli_opts co = {0};
    int c;
    optind = 1;
    if ((c = cli_getopt(argc, argv, "o:h", opts, &co)) != -1)
        return cli_help(c, help); /* export has no options of its own */
    if (argc - optind != 2 || strcmp(argv[optind], "qbp") != 0) {
        help(stderr);
        return argc - optind >= 1 && strcmp(argv[optind], "qbp")
                   ? cli_usage_error("export", "unknown format '%s': qbp", argv[optind])
                   : CLI_USAGE;
    }
    /* into memory first: nothing is written when the export fails */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return CLI_USAGE;
    diag_list *d = diag_list_new();
    int rc = qbp_export(argv[optind + 1], mem, d);
    fclose(mem);
    cli_print_diags(d);
    diag_list_free(d);
    if (rc != 0) {
        free(buf);
        return CLI_USAGE;
    }
    rc = cli_write_buffer("export", co.output ? co.output : "-", co.force, buf, len);
    free(buf);
    return rc;
}
