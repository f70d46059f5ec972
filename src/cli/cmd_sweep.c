/*
 * flowmc sweep: every SLA's attainment over a grid of parameter values,
 * and where each target stops being met (src/sim/sweep.h).  This file
 * parses the options, shows progress on a terminal and writes the table,
 * the CSV or JSON and the plot.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../import/importer.h"
#include "../model/alloc.h"
#include "../render/gplot.h"
#include "../sim/sweep.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: flowmc sweep SCENARIO.xml --vary KEY=V1,V2,...|KEY=A..B:STEP [--vary ...]\n"
            "                    [-r N] [-s S] [-j T] [--set KEY=VALUE]... [-o FILE.csv|FILE.json]\n"
            "                    [--plot FILE.svg|.png|.pdf] [--force] [--quiet]\n\n"
            "Runs the scenario at every value of the varied parameters (a grid when several are\n"
            "varied) with the same seed and replications at every point (common random numbers),\n"
            "and prints every SLA's attainment with its 95%% confidence interval and verdict, then\n"
            "where each target stops being met, in words, with its uncertainty (docs/sweep.md).\n\n"
            "  --vary KEY=VALUES    a parameter and its values: a list (0.4,0.5,0.6) or a range\n"
            "                       A..B:STEP (10..40:5).  Keys: arrival.START.rate (in the unit\n"
            "                       of its per=), roster.ID.answer, roster.ID.backup-answer,\n"
            "                       roster.ID.people, role.ID.staff.  The first --vary is the x\n"
            "                       axis; up to %d, at most %d points in all\n"
            "  -r, --replications N replications at each point (default: the scenario's <run>)\n"
            "  -s, --seed S         seed, 0 to 2^64 - 1 (default: the scenario's <run>)\n"
            "  -j, --threads T      threads (default: the number of cores)\n"
            "      --set KEY=VALUE  override a value first, as flowmc sim --set does\n"
            "  -o, --output FILE    write every figure exactly: FILE.csv as CSV, FILE.json as JSON\n"
            "                       (- for JSON on standard output)\n"
            "      --plot FILE      draw attainment against the first key with CI bands and the\n"
            "                       targets (needs gnuplot); the extension picks svg, png or pdf\n"
            "      --force          overwrite existing output files (or write through links)\n"
            "  -q, --quiet          no table, no progress: diagnostics only\n"
            "  -h, --help           this help\n\n"
            "exit status: 0 the sweep ran (whatever it found), 2 bad input or usage\n",
            SWEEP_MAX_AXES, SWEEP_MAX_POINTS);
}

typedef struct progress {
    double t0;
} progress;

static void show_progress(void *user, int point, int points, int done, int total)
{
    progress *p = user;
    double frac = (point + (double)done / (total ? total : 1)) / points, dt = cli_now() - p->t0;
    int width = 30, fill = (int)(width * frac);
    fprintf(stderr, "\r[%.*s%*s] point %d/%d, %d/%d replications, ETA %.0f s ", fill,
            "##############################", width - fill, "", point + 1, points, done, total,
            frac > 0 ? dt / frac - dt : 0.0);
    if (point + 1 == points && done == total)
        fprintf(stderr, "\n");
    fflush(stderr);
}

int cmd_sweep(int argc, char **argv)
{
    enum { OPT_VARY = 256 };
    static const struct option opts[] = {
        CLI_ARG("vary", OPT_VARY), CLI_OPTION_OUTPUT, CLI_OPTION_PLOT, CLI_OPTIONS_RUN, CLI_OPTION_SET,
        CLI_OPTION_FORCE, CLI_OPTION_QUIET, CLI_OPTIONS_END,
    };
    cli_run run = {-1, -1, 0, 0};
    cli_opts co = {0};
    int c, nvary = 0, csv = 0;
    const char **vary = alloc_zero((size_t)argc + 1, sizeof *vary);
    int rc = CLI_USAGE;
    diag_list *d = NULL;
    sim_scenario *s = NULL;
    sweep_spec *w = NULL;
    sweep_result *res = NULL;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "o:r:s:j:qh", opts, &co)) != -1) {
        switch (c) {
        case OPT_VARY:
            vary[nvary++] = optarg;
            break;
        case 'r':
        case 's':
        case 'j':
            if (cli_run_option("sweep", c, optarg, &run) != 0)
                goto done;
            break;
        default:
            rc = cli_help(c, help);
            goto done;
        }
    }
    const char *output = co.output;
    if (optind != argc - 1) {
        help(stderr);
        goto done;
    }
    if (nvary == 0) {
        rc = cli_usage_error("sweep", "give at least one --vary KEY=VALUES, e.g. --vary arrival.Start.rate=2..5:1");
        goto done;
    }
    if (output && strcmp(output, "-") != 0) {
        size_t n = strlen(output);
        csv = n > 4 && strcmp(output + n - 4, ".csv") == 0;
        if (!csv && !(n > 5 && strcmp(output + n - 5, ".json") == 0)) {
            rc = cli_usage_error("sweep", "-o %s: name a .csv or a .json file (or - for JSON on standard output)",
                                 output);
            goto done;
        }
    }
    d = diag_list_new();
    s = importer_load(argv[optind], d);
    if (!s || cli_apply_sets(s, &co, d) != 0)
        goto done;
    w = sweep_spec_new();
    for (int i = 0; i < nvary; i++)
        if (sweep_spec_add(w, s, vary[i], d) != 0)
            goto done;
    sim_options o;
    cli_run_apply(&run, &o, s);
    if (co.plot && sweep_plot_check(co.plot, d) != 0)
        goto done;
    if (cli_open_outputs("sweep", &co) != 0)
        goto done;
    progress pr = {cli_now()};
    int show = !co.quiet && isatty(STDERR_FILENO);
    res = sweep_run(w, s, &o, show ? show_progress : NULL, &pr, d);
    if (!res)
        goto done;
    cli_print_diags(d);
    diag_list_free(d);
    d = diag_list_new();
    if (!co.quiet && co.out != stdout)
        sweep_result_print(res, stdout);
    if (co.out && (csv ? sweep_result_write_csv(res, co.out) : sweep_result_write_json(res, co.out)) != 0) {
        fprintf(stderr, "flowmc sweep: cannot write %s\n", output);
        goto done;
    }
    if (co.fig) {
        char title[1024];
        gplot_title(title, sizeof title, sweep_result_name(res) ? sweep_result_name(res) : sweep_result_scenario(res),
                    co.sets, co.nsets);
        if (sweep_result_plot(res, title, co.plot, co.fig, d) != 0)
            goto done;
    }
    rc = CLI_OK;
done:
    if (d) {
        cli_print_diags(d);
        diag_list_free(d);
    }
    /* a sweep that ran is CLI_OK whatever it found: every other status
     * leaves the files as they were */
    rc = cli_close_outputs("sweep", &co, rc);
    sweep_result_free(res);
    sweep_spec_free(w);
    sim_scenario_free(s);
    cli_opts_free(&co);
    free(vary);
    return rc;
}
