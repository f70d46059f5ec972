/*
 * flowmc report: one self-contained HTML page from models and result
 * files, to read on a screen or print on A4 (src/report/hreport.h).
 */
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

enum { OPT_TITLE = 256 };

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_OPTION_OUTPUT, CLI_ARG("title", OPT_TITLE), CLI_OPTION_FORCE, CLI_OPTIONS_END,
    };
    const char *title = NULL;
    cli_opts co = {0};
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "o:h", opts, &co)) != -1) {
        if (c != OPT_TITLE)
            return cli_help(c, help);
        title = optarg;
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
    rc = cli_write_buffer("report", co.output ? co.output : "-", co.force, buf, len);
done:
    diag_list_print(d, stderr);
    free(buf);
    hreport_free(r);
    diag_list_free(d);
    return rc;
}
