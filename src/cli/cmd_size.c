/*
 * flowmc size: the smallest staffing (headcount, or cost per hour) for
 * which every SLA of a scenario is met.  This file parses the options,
 * calls the sizing library (src/sim/size_scenario.c: the simulator under
 * the search of src/sim/size.c) and prints its result.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../import/importer.h"
#include "../model/alloc.h"
#include "../sim/sim.h"
#include "../sim/size.h"
#include "../sim/size_scenario.h"
#include "../model/num.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: flowmc size SCENARIO.xml [--role ROLE=MIN..MAX]... [--roster ROSTER=MIN..MAX]...\n"
            "                   [--set KEY=VALUE]... [--objective headcount|cost]\n"
            "                   [--alpha A --beta B --delta D] [--epsilon E] [-o TABLE.csv]\n"
            "                   [--plot FILE] [--force]\n\n"
            "Finds the smallest staffing for which every SLA of the scenario meets its target.\n"
            "First every sized role is made unlimited (a roster: its longest): an SLA missed even\n"
            "then, or within the test's resolution of its target, is beyond staffing -- said at\n"
            "once, with what binds it (each change that could lift it tried alone on the same\n"
            "replications) -- and is not searched for.  Then each role starts at its analytic\n"
            "lower bound (offered load / working fraction; below it the queue grows without\n"
            "bound); one person at a time is added where it helps most, never to a role that no\n"
            "longer moves any SLA, then people are removed while every SLA stays met.  Each\n"
            "candidate is decided by Wald's sequential probability ratio test on the\n"
            "replications' attainments, so clear cases stop early; all candidates share common\n"
            "random numbers (the scenario's seed).  docs/sizing.md says what is guaranteed.\n\n"
            "  --role ROLE=MIN..MAX   size ROLE within MIN..MAX (repeatable; others keep their\n"
            "                         staff).  Default: every staffed role with work, from 1 to\n"
            "                         max(2 x lower bound, lower bound + 10, its staff)\n"
            "  --roster ROSTER=MIN..MAX  size an on-call roster's length (roster.ID.people) within\n"
            "                         MIN..MAX; it has no offered load, so the search starts at MIN\n"
            "  --set KEY=VALUE        override a scenario value first, as flowmc sim --set does\n"
            "  --objective O          headcount (default) or cost: staff x cost-per-hour x the\n"
            "                         share of the week the role works, summed\n"
            "  --alpha A              bound on calling a roster that meets its targets 'missed'\n"
            "                         (default 0.05)\n"
            "  --beta B               bound on calling a roster that misses one 'met' (0.05)\n"
            "  --delta D              indifference region: the test tells attainment >= target + D\n"
            "                         from <= target - D (default 0.01)\n"
            "  --epsilon E            estimation mode instead: the Chernoff-Hoeffding number of\n"
            "                         replications for +-E at confidence 1 - alpha\n"
            "  -o, --output FILE      write the table as CSV\n"
            "  --plot FILE            draw attainment against staff: .svg, .png or .pdf (needs gnuplot)\n"
            "  --force                overwrite existing output files (or write through links)\n"
            "  -h, --help             this help\n\n"
            "exit status: 0 a roster meets every SLA, 1 none in range does (or an SLA is beyond\n"
            "staffing), 2 bad input or usage\n");
}

/* "ROLE=MIN..MAX" (or "ROLE=N" for N..N). */
static int parse_range(const char *arg, char **role, int *min, int *max)
{
    const char *eq = strrchr(arg, '=');
    if (!eq || eq == arg)
        return -1;
    const char *dots = strstr(eq + 1, ".."), *why;
    char first[32];
    if ((dots ? (size_t)(dots - eq - 1) : strlen(eq + 1)) >= sizeof first)
        return -1;
    snprintf(first, sizeof first, "%.*s", dots ? (int)(dots - eq - 1) : 31, eq + 1);
    long a, b;
    if (num_long(first, 0, 100000, &a, &why) != 0)
        return -1;
    b = a;
    if (dots && num_long(dots + 2, 0, 100000, &b, &why) != 0)
        return -1;
    *role = alloc_strndup(arg, (size_t)(eq - arg));
    *min = (int)a;
    *max = (int)b;
    return *role ? 0 : -1;
}

static int parse_prob(const char *s, double *out)
{
    const char *why;
    double v;
    if (num_double(s, 0, 1, 1, &v, &why) != 0 || v == 1)
        return -1;
    *out = v;
    return 0;
}

typedef struct range {
    char *id;
    int roster;
    int min, max;
} range;

static void free_ranges(range *ranges, int n)
{
    for (int i = 0; i < n; i++)
        free(ranges[i].id);
    free(ranges);
}

/* Takes --role or --roster's argument into r.  Returns 0, or CLI_USAGE
 * after one line saying why. */
static int take_range(int roster, const char *arg, range *r)
{
    r->roster = roster;
    if (parse_range(arg, &r->id, &r->min, &r->max) != 0)
        return cli_usage_error("size",
                               roster ? "--roster needs ROSTER=MIN..MAX with whole numbers >= 0, not '%s'"
                                      : "--role needs ROLE=MIN..MAX with whole numbers >= 0, not '%s'",
                               arg);
    if (r->min > r->max)
        return cli_usage_error("size", "%s: MIN is greater than MAX, the range is empty", arg);
    if (roster && r->min < 1)
        return cli_usage_error("size", "--roster %s: a roster has at least one person", arg);
    return 0;
}

/* Takes --alpha, --beta, --delta or --epsilon's argument into so.  Returns
 * 0, or CLI_USAGE after one line naming the option. */
static int take_bound(const char *name, const char *arg, double *into)
{
    double v;
    if (parse_prob(arg, &v) != 0 || v >= 0.5)
        return cli_usage_error("size", "--%s needs a number in (0, 0.5), not '%s'", name, arg);
    *into = v;
    return 0;
}

int cmd_size(int argc, char **argv)
{
    enum { OPT_ROLE = 256, OPT_ROSTER, OPT_OBJECTIVE, OPT_ALPHA, OPT_BETA, OPT_DELTA, OPT_EPSILON };
    static const struct option opts[] = {
        CLI_ARG("role", OPT_ROLE), CLI_ARG("roster", OPT_ROSTER), CLI_OPTION_SET,
        CLI_ARG("objective", OPT_OBJECTIVE),
        CLI_ARG("alpha", OPT_ALPHA), CLI_ARG("beta", OPT_BETA), CLI_ARG("delta", OPT_DELTA),
        CLI_ARG("epsilon", OPT_EPSILON),
        CLI_OPTION_OUTPUT, CLI_OPTION_PLOT, CLI_OPTION_FORCE, CLI_OPTIONS_END,
    };
    static const char *const objectives[] = {"headcount", "cost", NULL};
    size_options so;
    size_options_init(&so);
    cli_opts co = {0};
    int c, nranges = 0, rc = CLI_USAGE;
    range *ranges = alloc_zero((size_t)argc + 1, sizeof *ranges);
    diag_list *d = NULL, *first = NULL;
    size_range *asked = NULL;
    size_result *res = NULL;
    sim_scenario *s = NULL;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "o:h", opts, &co)) != -1) {
        int bad = 0, k;
        switch (c) {
        case OPT_ROLE:
        case OPT_ROSTER:
            /* counted before the checks: a refused range's id is freed */
            bad = take_range(c == OPT_ROSTER, optarg, &ranges[nranges]);
            nranges += ranges[nranges].id != NULL;
            break;
        case OPT_OBJECTIVE:
            if ((k = cli_pick(optarg, objectives)) < 0)
                bad = cli_usage_error("size", "--objective is headcount or cost, not '%s'", optarg);
            so.objective = k == 1 ? SIZE_COST : SIZE_HEADCOUNT;
            break;
        case OPT_ALPHA:
            bad = take_bound("alpha", optarg, &so.alpha);
            break;
        case OPT_BETA:
            bad = take_bound("beta", optarg, &so.beta);
            break;
        case OPT_DELTA:
            bad = take_bound("delta", optarg, &so.delta);
            break;
        case OPT_EPSILON:
            bad = take_bound("epsilon", optarg, &so.epsilon);
            break;
        default:
            rc = cli_help(c, help);
            goto done;
        }
        if (bad)
            goto done;
    }
    if (optind != argc - 1) {
        help(stderr);
        goto done;
    }

    d = diag_list_new();
    first = diag_list_new();
    asked = alloc_zero((size_t)nranges + 1, sizeof *asked);
    s = importer_load(argv[optind], d);
    /* --set first: the search then sizes the scenario as overridden */
    if (!s || cli_apply_sets(s, &co, d) != 0)
        goto done;
    gplot_format fmt = GPLOT_SVG;
    if (co.plot && (gplot_format_of(co.plot, &fmt, d) != 0 || size_plot_check(d) != 0))
        goto done;
    for (int k = 0; k < nranges; k++)
        asked[k] = (size_range){ranges[k].id, ranges[k].roster, ranges[k].min, ranges[k].max};
    size_scenario_options o = {so, asked, nranges, isatty(STDERR_FILENO) ? stderr : NULL};
    size_scenario_log log = {0, first, 0};
    /* outputs are opened before the search (a refused file costs nothing)
     * and kept only when it succeeds */
    if (cli_open_outputs("size", &co) != 0)
        goto done;

    double t0 = cli_now();
    res = size_scenario_run(s, &o, &log, d);
    double dt = cli_now() - t0;
    if (!res)
        goto done;
    const char *name = sim_scenario_name(s);
    FILE *table = co.out == stdout || co.fig == stdout ? stderr : stdout; /* -o -: stdout is the file */
    fprintf(table, "flowmc size: %s%s%s%s, seed %llu\n", name ? name : "", name ? " (" : "",
            sim_scenario_path(s), name ? ")" : "", (unsigned long long)sim_scenario_seed(s));
    size_result_print(res, table);
    fflush(table);
    if (log.warnings) {
        fprintf(stderr, "flowmc size: the simulator warned %zu time%s during the search; the first:\n",
                log.warnings, log.warnings == 1 ? "" : "s");
        diag_list_print(first, stderr);
    }
    int nc = size_result_candidate_count(res);
    long sims = size_result_replications_simulated(res);
    fprintf(stderr,
            "flowmc size: %d candidate%s decided, %ld replication%s simulated in %.2f s (%ld "
            "simulator run%s, batches of 8 to 64 replications)\n",
            nc, nc == 1 ? "" : "s", sims, sims == 1 ? "" : "s", dt, log.runs,
            log.runs == 1 ? "" : "s");
    rc = size_result_complete(res) ? CLI_OK : CLI_FAIL;
    if (co.out && size_result_write_csv(res, co.out) != 0) {
        fprintf(stderr, "flowmc size: cannot write %s\n", co.output);
        rc = CLI_USAGE;
    }
    if (co.fig) {
        char base[512], title[2048];
        snprintf(base, sizeof base, "flowmc size: %s", name ? name : sim_scenario_path(s));
        gplot_title(title, sizeof title, base, co.sets, co.nsets);
        if (size_result_plot(res, title, fmt, co.fig, d) != 0)
            rc = CLI_USAGE;
    }
done:
    if (d)
        cli_print_diags(d);
    diag_list_free(d);
    diag_list_free(first);
    /* no half-written or empty files left behind a failure, and the
     * previous ones kept */
    rc = cli_close_outputs("size", &co, rc);
    size_result_free(res);
    sim_scenario_free(s);
    free(asked);
    free_ranges(ranges, nranges);
    cli_opts_free(&co);
    return rc;
}
