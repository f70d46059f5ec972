/*
 * flowmc compare: runs two scenarios with common random numbers -- the same
 * seed and replication indices, so the same arrival streams and, for the
 * elements the two models share, the same per-case draws -- and reports
 * every SLA, cycle-time, end-event, level, roster and role figure as
 * B - A with a paired 95% confidence interval and whether it is
 * significant.  Typical use: a proposed procedure against the live one.
 */
#include <string.h>

#include "../model/alloc.h"
#include "../sim/compare.h"
#include "../import/importer.h"
#include "../render/gplot.h"
#include "../sim/sim.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: flowmc compare A.xml [B.xml] [--set KEY=V]... [--set-a KEY=V]... [--set-b KEY=V]...\n"
            "                      [--pair A_ID=B_ID]... [-o DIFF.json] [--plot FILE] [--force]\n\n"
            "Simulates scenarios A and B with common random numbers (A's seed and replication\n"
            "count, from its <run>) and reports, for every SLA, cycle-time figure, end-event\n"
            "and level share and role utilisation, the difference B - A with a paired 95%%\n"
            "confidence interval over the replications, and whether it is significant (the\n"
            "interval excludes 0).  A and B are shown over the replications where both are\n"
            "defined (the pairs column), so that B - A is their difference.  Without B.xml, B is\n"
            "A itself with the --set-b overrides: one change, one scenario file.\n\n"
            "      --set KEY=V       override a value on both sides (keys as for flowmc sim --set)\n"
            "      --set-a KEY=V     override a value in A only; repeatable\n"
            "      --set-b KEY=V     override a value in B only; repeatable\n"
            "      --pair A_ID=B_ID  compare A's process or element A_ID with B's B_ID (one\n"
            "                        thing under two ids); repeatable.  Without it, the one\n"
            "                        measured process each side does not share is paired\n"
            "  -o, --output FILE     write the differences as JSON: raw seconds and shares in\n"
            "                        [0, 1] (same seed: same bytes)\n"
            "      --plot FILE       draw the paired differences with their CIs: .svg, .png or\n"
            "                        .pdf (needs gnuplot)\n"
            "      --force           overwrite an existing output file (or write through a link)\n"
            "  -h, --help            this help\n\n"
            "exit status: 0 compared, 2 bad input or usage\n");
}

/* "PATH", or "PATH with K=V, K=V" when overrides apply to that side. */
static char *side_name(const char *path, const char **both, int nboth, const char **own, int nown)
{
    size_t n = strlen(path) + 16;
    for (int i = 0; i < nboth; i++)
        n += strlen(both[i]) + 2;
    for (int i = 0; i < nown; i++)
        n += strlen(own[i]) + 2;
    char *s = alloc_zero(n, 1);
    strcat(s, path);
    for (int i = 0; i < nboth + nown; i++) {
        strcat(s, i ? ", " : " with ");
        strcat(s, i < nboth ? both[i] : own[i - nboth]);
    }
    return s;
}

/* The differences as JSON, keys sorted, with a final newline: 0, or -1
 * when a write failed. */
static int write_json(const compare_result *cr, FILE *out)
{
    json_t *j = compare_result_to_json(cr);
    int rc = json_dumpf(j, out, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10)) != 0 ||
                     fputc('\n', out) == EOF
                 ? -1
                 : 0;
    json_decref(j);
    return rc;
}

/* The figure of --plot: paired differences, titled with the overrides. */
static int draw(const compare_result *cr, gplot_format fmt, FILE *fig, diag_list *d)
{
    gplot *g = gplot_new(fmt, 900, compare_result_plot_height(cr), d);
    int rc = g && compare_result_plot(cr, "flowmc compare: B - A, paired 95% CI", g) == 0 &&
                     gplot_run(g, fig, d) == 0
                 ? 0
                 : -1;
    gplot_free(g);
    return rc;
}

int cmd_compare(int argc, char **argv)
{
    enum { OPT_SET_A = 256, OPT_SET_B };
    static const struct option opts[] = {
        CLI_OPTION_OUTPUT, CLI_OPTION_SET, CLI_ARG("set-a", OPT_SET_A), CLI_ARG("set-b", OPT_SET_B),
        CLI_OPTION_PLOT, CLI_ARG("pair", 'p'), /* long only: -p is --process */
        CLI_OPTION_FORCE, CLI_OPTIONS_END,
    };
    /* at most one pair or override per argument: argc bounds them */
    const char **pairs = alloc_zero((size_t)argc + 1, sizeof *pairs);
    const char **seta = alloc_zero((size_t)argc + 1, sizeof *seta);
    const char **setb = alloc_zero((size_t)argc + 1, sizeof *setb);
    cli_opts co = {0};
    int c, npairs = 0, na = 0, nb = 0, rc = CLI_USAGE;
    diag_list *d = NULL;
    sim_scenario *sa = NULL, *sb = NULL;
    compare_result *cr = NULL;
    char *aname = NULL, *bname = NULL;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "o:h", opts, &co)) != -1) {
        size_t alen;
        switch (c) {
        case 'p':
            if (compare_pair_parse(optarg, &alen) != 0) {
                rc = cli_usage_error("compare", "a pair is written A_ID=B_ID (A's id, then "
                                                "B's), not '%s'", optarg);
                goto done;
            }
            pairs[npairs++] = optarg;
            break;
        case OPT_SET_A:
            seta[na++] = optarg;
            break;
        case OPT_SET_B:
            setb[nb++] = optarg;
            break;
        default:
            rc = cli_help(c, help);
            goto done;
        }
    }
    d = diag_list_new();
    gplot_format fmt = GPLOT_SVG;
    /* B.xml may be left out: B is then A with its --set-b overrides */
    if (optind != argc - 2 && !(optind == argc - 1 && (na || nb))) {
        help(stderr);
        goto done;
    }
    const char *pa = argv[optind], *pb = optind == argc - 2 ? argv[optind + 1] : argv[optind];
    if (co.plot && (gplot_format_of(co.plot, &fmt, d) != 0 || gplot_check(d) != 0))
        goto done;
    if (pa == pb && strcmp(pa, "-") == 0) {
        diag_add(d, DIAG_ERROR, "usage", NULL, 0, NULL, NULL,
                 "standard input can be read once: give B.xml, or A as a file");
        goto done;
    }
    sa = importer_load(pa, d);
    sb = importer_load(pb, d);
    if (!sa || !sb)
        goto done;
    /* both sides' overrides first, then each side's own: the last one wins */
    if (cli_apply_sets(sa, &co, d) != 0 || cli_apply_sets(sb, &co, d) != 0 ||
        (na && sim_scenario_set_args(sa, seta, na, d) != 0) ||
        (nb && sim_scenario_set_args(sb, setb, nb, d) != 0))
        goto done;
    aname = side_name(sim_scenario_path(sa), co.sets, co.nsets, seta, na);
    bname = side_name(sim_scenario_path(sb), co.sets, co.nsets, setb, nb);
    if (cli_open_outputs("compare", &co) != 0)
        goto done;
    if (!(cr = compare_run(sa, sb, aname, bname, pairs, d)))
        goto done;
    if (co.out != stdout && co.fig != stdout) /* -o -: the JSON alone on stdout */
        compare_result_print(cr, stdout);
    rc = CLI_OK;
    if (co.out && write_json(cr, co.out) != 0) {
        fprintf(stderr, "flowmc compare: cannot write %s\n", co.output);
        rc = CLI_USAGE;
    }
    if (co.fig && rc == CLI_OK && draw(cr, fmt, co.fig, d) != 0)
        rc = CLI_USAGE;
done:
    if (d)
        cli_print_diags(d);
    diag_list_free(d);
    rc = cli_close_outputs("compare", &co, rc);
    free(aname);
    free(bname);
    free(seta);
    free(setb);
    free(pairs);
    compare_result_free(cr);
    sim_scenario_free(sa);
    sim_scenario_free(sb);
    cli_opts_free(&co);
    return rc;
}
