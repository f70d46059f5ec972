/*
 * flowmc sim: runs a scenario's replications and says, per SLA, whether it
 * is met, missed or not yet decided, with the 95% confidence interval;
 * then cycle times, task waits, role utilisation and end-event shares.
 * The table goes to stdout, the JSON to -o, timings and progress to
 * stderr (the JSON never holds a timing, so it is reproducible).
 */
#include <stdlib.h>
#include <unistd.h>

#include "../import/importer.h"
#include "../render/gplot.h"
#include "../sim/par.h"
#include "../sim/shard.h"
#include "../sim/sim.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: flowmc sim SCENARIO.xml [-o RESULT.json] [--replications N] [--seed S]\n"
            "                  [--threads T] [--set KEY=VALUE]... [--log FILE.csv|FILE.xes]\n"
            "                  [--plot FILE.svg|.png|.pdf] [--quiet]\n\n"
            "Simulates the scenario by Monte Carlo and judges its SLAs: attainment with a Student-t\n"
            "95%% confidence interval over the replications, and a verdict (met, missed, inconclusive).\n"
            "The scenario format is described in docs/scenario-format.md.\n\n"
            "  -o, --output FILE       write the result as JSON, times in seconds and shares in [0, 1]\n"
            "                          (same seed: same bytes; docs/user-guide.md)\n"
            "  -r, --replications N    replications, 1 to 1000000 (default: the scenario's <run>, else 30)\n"
            "  -s, --seed S            seed, 0 to 2^64 - 1 (default: the scenario's <run>, else 1)\n"
            "  -j, --threads T         threads (default: the number of cores)\n"
            "      --set KEY=VALUE     override a value, e.g. role.rzm.staff=4, sla.ack.target=0.9,\n"
            "                          arrival.StartEvent_1.rate=3 (repeatable; applied together)\n"
            "      --log FILE          event log of the first replication: .csv or .xes (IEEE 1849)\n"
            "      --plot FILE         draw SLA attainment against targets and the cycle-time\n"
            "                          percentiles: .svg, .png or .pdf (needs gnuplot)\n"
            "      --shard K/N         run only part K (0 to N-1) of the replications and write it to -o\n"
            "                          for 'flowmc merge' (no table, no verdict; docs/scale-out.md)\n"
            "      --force             overwrite existing output files (or write through links)\n"
            "  -q, --quiet             no table, no progress, no timings: diagnostics only\n"
            "  -h, --help              this help\n\n"
            "exit status: 0 no SLA missed, 1 some SLA missed, 2 bad input or usage\n");
}

typedef struct progress {
    double t0;
} progress;

static void show_progress(void *user, int done, int total)
{
    progress *p = user;
    double dt = cli_now() - p->t0, rate = done / (dt > 0 ? dt : 1e-9);
    int width = 30, fill = total ? width * done / total : width;
    fprintf(stderr, "\r[%.*s%*s] %d/%d replications, %.1f/s, ETA %.0f s ", fill,
            "##############################", width - fill, "", done, total, rate, (total - done) / rate);
    if (done == total)
        fprintf(stderr, "\n");
    fflush(stderr);
}

/* The figure of --plot: its title names the scenario and the overrides. */
static int draw(const sim_result *res, const sim_scenario *s, const char **sets, int nsets,
                gplot_format fmt, FILE *fig)
{
    diag_list *d = diag_list_new();
    char base[512], title[2048];
    const char *name = sim_scenario_name(s);
    snprintf(base, sizeof base, "flowmc sim: %s", name ? name : sim_scenario_path(s));
    gplot_title(title, sizeof title, base, sets, nsets);
    int n = sim_result_sla_count(res) > 0 && sim_result_process_count(res) > 0 ? 2 : 1;
    gplot *g = gplot_new(fmt, 900, 420 * n, d);
    int rc = g && sim_result_plot(res, title, g) == 0 && gplot_run(g, fig, d) == 0 ? 0 : -1;
    gplot_free(g);
    diag_list_print(d, stderr);
    diag_list_free(d);
    return rc;
}

/* The timings on stderr (never in the JSON, which stays reproducible), and
 * under mpirun what the ranks exchanged. */
static void print_timing(const sim_result *res, const sim_options *o, double dt)
{
    double cases = 0;
    int i = sim_result_metric_find(res, "cases.arrived");
    for (int k = 0; i >= 0 && k < sim_result_replications(res); k++)
        cases += sim_result_metric_value(res, i, k);
    fprintf(stderr, "flowmc sim: %d replications in %.2f s on %d thread%s (%.3g measured cases/s)\n",
            o->replications, dt, o->threads < o->replications ? o->threads : o->replications,
            o->threads == 1 ? "" : "s", cases / (dt > 0 ? dt : 1e-9));
    if (par_size() > 1) {
        double bytes, secs, waited;
        par_gathered(&bytes, &secs, &waited);
        long claims;
        double claim_s;
        par_claimed(&claims, &claim_s);
        fprintf(stderr, "flowmc sim: spread over %d ranks: %.0f bytes gathered (%.0f per replication) in %.1f ms, "
                        "after %.1f ms waiting for the slowest rank; rank 0 claimed %ld chunks in %.1f ms\n",
                par_size(), bytes, bytes / o->replications, secs * 1e3, waited * 1e3, claims, claim_s * 1e3);
    }
}

int cmd_sim(int argc, char **argv)
{
    enum { OPT_LOG = 256, OPT_SHARD };
    static const struct option opts[] = {
        CLI_OPTION_OUTPUT, CLI_OPTIONS_RUN, CLI_OPTION_SET, CLI_ARG("log", OPT_LOG),
        CLI_ARG("shard", OPT_SHARD), CLI_OPTION_PLOT, CLI_OPTION_FORCE, CLI_OPTION_QUIET, CLI_OPTIONS_END,
    };
    const char *log = NULL;
    cli_run run = {-1, -1, 0, 0};
    cli_opts co = {0};
    int c, shard = -1, shards = 0, rc = CLI_USAGE;
    diag_list *d = NULL;
    sim_scenario *s = NULL;
    sim_result *res = NULL;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "o:r:s:j:qh", opts, &co)) != -1) {
        switch (c) {
        case 'r':
        case 's':
        case 'j':
            if (cli_run_option("sim", c, optarg, &run) != 0)
                goto done;
            break;
        case OPT_LOG:
            log = optarg;
            break;
        case OPT_SHARD:
            if (shard_parse(optarg, &shard, &shards) != 0) {
                rc = cli_usage_error("sim", "--shard needs K/N with 0 <= K < N, as 0/4 for the first of four, "
                                            "not '%s'", optarg);
                goto done;
            }
            break;
        default:
            rc = cli_help(c, help);
            goto done;
        }
    }
    if (optind != argc - 1) {
        rc = cli_usage(help);
        goto done;
    }
    d = diag_list_new();
    s = importer_load(argv[optind], d);
    gplot_format fmt = GPLOT_SVG;
    /* a plot that cannot be drawn is refused before the replications run */
    if (co.plot && (gplot_format_of(co.plot, &fmt, d) != 0 || gplot_check(d) != 0))
        goto done;
    if (!s || cli_apply_sets(s, &co, d) != 0)
        goto done;
    sim_options o;
    cli_run_apply(&run, &o, s);
    int total = o.replications;
    if (shard >= 0) {
        if (!co.output) {
            diag_add(d, DIAG_ERROR, "usage", NULL, 0, NULL, NULL, "--shard writes its part with -o FILE");
            goto done;
        }
        if (co.plot) {
            diag_add(d, DIAG_ERROR, "usage", NULL, 0, NULL, NULL,
                     "--plot draws a whole run, not a --shard part (it decides nothing)");
            goto done;
        }
        shard_block(shard, shards, total, &o.first_replication, &o.replications);
        if (o.replications < 1) {
            diag_add(d, DIAG_ERROR, "usage", NULL, 0, NULL, NULL,
                     "shard %d of %d would hold no replication: %d replications over %d shards", shard, shards,
                     total, shards);
            goto done;
        }
        co.quiet = 1;
    }
    o.log_path = log;
    o.log_force = co.force;
    progress pr = {cli_now()};
    if (!co.quiet && isatty(STDERR_FILENO)) {
        o.progress = show_progress;
        o.progress_user = &pr;
    }
    if (cli_open_outputs("sim", &co) != 0)
        goto done;
    double t0 = cli_now();
    res = sim_run(s, &o, d);
    double dt = cli_now() - t0;
    if (!res)
        goto done;
    cli_print_diags(d);
    diag_list_free(d);
    d = NULL;
    if (shard >= 0) {
        shard_info si = {shard, shards, total,
                         shard_fingerprint(argv[optind], co.sets, co.nsets, o.seed, total, res), FLOWMC_VERSION};
        if (shard_write(co.out, res, &si) != 0) {
            fprintf(stderr, "flowmc sim: cannot write %s\n", co.output);
            goto done;
        }
        rc = CLI_OK; /* a part decides nothing: flowmc merge does */
        goto done;
    }
    if ((rc = cli_write_result("sim", res, &co)) == CLI_USAGE)
        goto done;
    if (!co.quiet)
        print_timing(res, &o, dt);
    if (co.fig && draw(res, s, co.sets, co.nsets, fmt, co.fig) != 0)
        rc = CLI_USAGE;
done:
    if (d) {
        cli_print_diags(d);
        diag_list_free(d);
    }
    rc = cli_close_outputs("sim", &co, rc);
    sim_result_free(res);
    sim_scenario_free(s);
    cli_opts_free(&co);
    return rc;
}
