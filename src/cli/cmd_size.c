/*
 * flowmc size: the smallest staffing (headcount, or cost per hour) for
 * which every SLA of a scenario is met.  This file parses the options,
 * calls the sizing library (src/sim/size_scenario.c: the simulator under
 * the search of src/sim/size.c) and prints its result.
 */
#include <errno.h>
#include <getopt.h>
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

static int fail_usage(range *ranges, int n, const char *fmt, const char *arg)
{
    free_ranges(ranges, n);
    return cli_usage_error("size", fmt, arg);
}

int cmd_size(int argc, char **argv)
{
    enum { OPT_ROLE = 256, OPT_ROSTER, OPT_SET, OPT_OBJECTIVE, OPT_ALPHA, OPT_BETA, OPT_DELTA, OPT_EPSILON, OPT_PLOT };
    static const struct option opts[] = {
        {"role", required_argument, NULL, OPT_ROLE},
        {"roster", required_argument, NULL, OPT_ROSTER},
        {"set", required_argument, NULL, OPT_SET},
        {"objective", required_argument, NULL, OPT_OBJECTIVE},
        {"alpha", required_argument, NULL, OPT_ALPHA},
        {"beta", required_argument, NULL, OPT_BETA},
        {"delta", required_argument, NULL, OPT_DELTA},
        {"epsilon", required_argument, NULL, OPT_EPSILON},
        {"output", required_argument, NULL, 'o'},
        {"plot", required_argument, NULL, OPT_PLOT},
        {"force", no_argument, NULL, 'f'}, /* long only: -f is --format */
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const char *const objectives[] = {"headcount", "cost", NULL};
    size_options so;
    size_options_init(&so);
    const char *output = NULL, *plot = NULL;
    int force = 0, c, nranges = 0, nsets = 0;
    const char *sets[argc + 1]; /* on the stack: usage errors return early */
    range *ranges = alloc_zero((size_t)argc + 1, sizeof *ranges);
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_ROLE:
        case OPT_ROSTER: {
            range *r = &ranges[nranges];
            r->roster = c == OPT_ROSTER;
            if (parse_range(optarg, &r->id, &r->min, &r->max) != 0)
                return fail_usage(ranges, nranges,
                                  r->roster ? "--roster needs ROSTER=MIN..MAX with whole numbers "
                                              ">= 0, not '%s'"
                                            : "--role needs ROLE=MIN..MAX with whole numbers >= 0, "
                                              "not '%s'",
                                  optarg);
            nranges++;
            if (r->min > r->max)
                return fail_usage(ranges, nranges,
                                  "%s: MIN is greater than MAX, the range is empty", optarg);
            if (r->roster && r->min < 1)
                return fail_usage(ranges, nranges,
                                  "--roster %s: a roster has at least one person", optarg);
            break;
        }
        case OPT_OBJECTIVE: {
            int k = cli_pick(optarg, objectives);
            if (k < 0)
                return fail_usage(ranges, nranges,
                                  "--objective is headcount or cost, not '%s'", optarg);
            so.objective = k == 1 ? SIZE_COST : SIZE_HEADCOUNT;
            break;
        }
        case OPT_ALPHA:
        case OPT_BETA:
        case OPT_DELTA:
        case OPT_EPSILON: {
            double v;
            if (parse_prob(optarg, &v) != 0 || v >= 0.5)
                return fail_usage(ranges, nranges,
                                  c == OPT_ALPHA   ? "--alpha needs a number in (0, 0.5), not '%s'"
                                  : c == OPT_BETA  ? "--beta needs a number in (0, 0.5), not '%s'"
                                  : c == OPT_DELTA ? "--delta needs a number in (0, 0.5), not '%s'"
                                                   : "--epsilon needs a number in (0, 0.5), not '%s'",
                                  optarg);
            *(c == OPT_ALPHA ? &so.alpha
              : c == OPT_BETA ? &so.beta
              : c == OPT_DELTA ? &so.delta
                               : &so.epsilon) = v;
            break;
        }
        case OPT_SET:
            sets[nsets++] = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case OPT_PLOT:
            plot = optarg;
            break;
        case 'f':
            force = 1;
            break;
        default:
            free_ranges(ranges, nranges);
            return cli_help(c, help);
        }
    }
    if (optind != argc - 1) {
        help(stderr);
        free_ranges(ranges, nranges);
        return CLI_USAGE;
    }

    int rc = CLI_USAGE;
    diag_list *d = diag_list_new(), *first = diag_list_new();
    size_range *asked = alloc_zero((size_t)nranges + 1, sizeof *asked);
    size_result *res = NULL;
    FILE *csv = NULL, *svg = NULL;
    sim_scenario *s = importer_load(argv[optind], d);
    if (!s)
        goto done;
    /* --set first: the search then sizes the scenario as overridden */
    if (nsets && sim_scenario_set_args(s, sets, nsets, d) != 0)
        goto done;
    gplot_format fmt = GPLOT_SVG;
    if (plot && (gplot_format_of(plot, &fmt, d) != 0 || size_plot_check(d) != 0))
        goto done;
    for (int k = 0; k < nranges; k++)
        asked[k] = (size_range){ranges[k].id, ranges[k].roster, ranges[k].min, ranges[k].max};
    size_scenario_options o = {so, asked, nranges, isatty(STDERR_FILENO) ? stderr : NULL};
    size_scenario_log log = {0, first, 0};
    /* outputs are opened before the search (a refused file costs nothing)
     * and kept only when it succeeds */
    if (output && !(csv = cli_open_output("size", output, force)))
        goto done;
    if (plot && !(svg = cli_open_output("size", plot, force)))
        goto done;

    double t0 = cli_now();
    res = size_scenario_run(s, &o, &log, d);
    double dt = cli_now() - t0;
    if (!res)
        goto done;
    const char *name = sim_scenario_name(s);
    FILE *table = csv == stdout || svg == stdout ? stderr : stdout; /* -o -: stdout is the file */
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
    if (csv && size_result_write_csv(res, csv) != 0) {
        fprintf(stderr, "flowmc size: cannot write %s\n", output);
        rc = CLI_USAGE;
    }
    if (svg) {
        char base[512], title[2048];
        snprintf(base, sizeof base, "flowmc size: %s", name ? name : sim_scenario_path(s));
        gplot_title(title, sizeof title, base, sets, nsets);
        if (size_result_plot(res, title, fmt, svg, d) != 0)
            rc = CLI_USAGE;
    }
done:
    cli_print_diags(d);
    diag_list_free(d);
    diag_list_free(first);
    /* no half-written or empty files left behind a failure, and the
     * previous ones kept */
    rc = cli_finish_output("size", csv, rc);
    rc = cli_finish_output("size", svg, rc);
    size_result_free(res);
    sim_scenario_free(s);
    free(asked);
    free_ranges(ranges, nranges);
    return rc;
}
