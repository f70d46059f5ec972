/*
 * flowmc report: one self-contained HTML page from models and result
 * files, to read on a screen or print on A4 (src/report/hreport.h).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../report/hreport.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: flowmc report [options] -o REPORT.html FILE...\n\n"
            "Writes one HTML page -- inline SVG and CSS, no script, nothing outside\n"
            "itself -- that opens from disk and prints on A4: a contents list, every\n"
            "verdict at a glance, then a section per input:\n"
            "  MODEL.bpmn        read, checked and drawn here: the diagram with its\n"
            "                    findings, each finding with its trace\n"
            "  RESULT.json       of flowmc sim -o: SLA attainment against target, cycle\n"
            "                    times, utilisation and queues per role;\n"
            "                    of flowmc compare -o: paired differences with CIs\n"
            "  TABLE.csv         of flowmc size -o: the sizing curve\n"
            "  SWEEP.json        of flowmc sweep -o: attainment along the swept values,\n"
            "                    where each target stops being met\n"
            "and a glossary.  Nothing is simulated again: the page shows the files'\n"
            "figures, and the same files give the same bytes.\n\n"
            "  -o, --output OUT      write to OUT (-: standard output; the default)\n"
            "      --title T         the page's title (default: flowmc report)\n"
            "      --force           overwrite OUT if it exists (or write through a link)\n"
            "  -h, --help            this help\n\n"
            "exit status: 0 written, 2 bad input or usage\n");
}

enum { OPT_FORCE = 256, OPT_TITLE };

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"title", required_argument, NULL, OPT_TITLE},
        {"force", no_argument, NULL, OPT_FORCE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *out_path = "-", *title = NULL;
    int force = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out_path = optarg; break;
        case OPT_TITLE: title = optarg; break;
        case OPT_FORCE: force = 1; break;
        default: return cli_help(c, help);
        }
    }
    if (optind >= argc)
        return cli_usage(help);
    int rc = CLI_USAGE, bad = 0;
    char *buf = NULL;
    size_t len = 0;
    diag_list *d = diag_list_new();
    hreport *r = hreport_new(title, "flowmc " FLOWMC_VERSION);
    for (int i = optind; i < argc; i++)
        if (hreport_add(r, argv[i], d) != 0)
            bad = 1;
    if (bad || hreport_write(r, &buf, &len, d) != 0)
        goto done;
    FILE *out = cli_open_output("report", out_path, force);
    if (!out)
        goto done;
    fwrite(buf, 1, len, out); /* checked by the close */
    if (cli_close_output("report", out, 1) == 0)
        rc = CLI_OK;
done:
    diag_list_print(d, stderr);
    free(buf);
    hreport_free(r);
    diag_list_free(d);
    return rc;
}
