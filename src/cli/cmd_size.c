/*
 * flowmc size: the smallest staffing (headcount, or cost per hour) for
 * which every SLA of a scenario is met, each candidate decided by Wald's
 * SPRT on replication attainments (or by a Hoeffding estimate with
 * --epsilon).  This file parses the options and plugs the simulator into
 * the search of src/sim/size.c: a candidate staffing sets the typed
 * parameters role.ID.staff and roster.ID.people (no XML, no XSD, no
 * compile between candidates), and its replications [r0, r1) are a sim_run with
 * first_replication r0 and the scenario's seed, so every candidate sees
 * the same arrivals and draws (common random numbers).
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
            "Each role starts at its analytic lower bound (offered load / working fraction; below\n"
            "it the queue grows without bound); one person at a time is added where it helps most,\n"
            "then people are removed while every SLA stays met.  Each candidate is decided by\n"
            "Wald's sequential probability ratio test on the replications' attainments, so clear\n"
            "cases stop early; all candidates share common random numbers (the scenario's seed).\n"
            "docs/sizing.md says what is guaranteed and what is not.\n\n"
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
            "exit status: 0 a roster meets every SLA, 1 none in range does, 2 bad input or usage\n");
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

/* ---- the simulator as the search's callback --------------------------- */

typedef struct sim_eval {
    sim_scenario *s;
    sim_options o;
    int nroles;
    sim_param *dims;       /* per sized dimension: the role's staff or the
                            * roster's length */
    const char *const *labels; /* per dimension, for the progress line */
    int *applied;          /* staffing the scenario holds now */
    int nsla;
    long runs;
    size_t warnings;       /* simulator warnings during the search */
    diag_list *first;      /* the first of them, to show */
    int progress;          /* stderr is a terminal: show the candidate run */
} sim_eval;

static int eval(void *user, const int *staff, int r0, int r1, long *measured, long *within,
                diag_list *d)
{
    sim_eval *e = user;
    for (int i = 0; i < e->nroles; i++)
        if (staff[i] != e->applied[i]) {
            if (sim_param_set(e->s, e->dims[i], staff[i], d) != 0)
                return -1;
            e->applied[i] = staff[i];
        }
    if (e->progress) {
        fprintf(stderr, "\r\033[Ksize: ");
        for (int i = 0; i < e->nroles; i++)
            fprintf(stderr, "%s%s=%d", i ? " " : "", e->labels[i], staff[i]);
        fprintf(stderr, ", replications %d to %d", r0, r1 - 1);
        fflush(stderr);
    }
    e->o.first_replication = r0;
    e->o.replications = r1 - r0;
    diag_list *local = diag_list_new();
    sim_result *res = sim_run(e->s, &e->o, local);
    e->runs++;
    if (!res) {
        diag_list_splice(d, local);
        diag_list_free(local);
        return -1;
    }
    /* warnings repeat for every batch: count them, keep the first few */
    e->warnings += diag_list_count(local);
    if (diag_list_count(e->first) < 3)
        diag_list_splice(e->first, local);
    diag_list_free(local);
    for (int k = 0; k < r1 - r0; k++)
        for (int j = 0; j < e->nsla; j++) {
            measured[(size_t)k * e->nsla + j] = sim_result_sla_cases(res, j, k);
            within[(size_t)k * e->nsla + j] = sim_result_sla_within(res, j, k);
        }
    sim_result_free(res);
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- the command ------------------------------------------------------ */

typedef struct range {
    char *role;    /* a role id, or with `roster` set a roster id */
    char *label;   /* "roster ID" for a roster, NULL for a role */
    int roster;
    int min, max;
} range;

static void free_ranges(range *ranges, int n)
{
    for (int i = 0; i < n; i++) {
        free(ranges[i].role);
        free(ranges[i].label);
    }
    free(ranges);
}

/* A roster's length is sized through its typed parameter roster.ID.people,
 * checked by setting it to MIN: the search starts there anyway. */
static int pick_roster(sim_scenario *s, range *r, size_role *dim, sim_param *param, diag_list *d)
{
    char key[512];
    snprintf(key, sizeof key, "roster.%s.people", r->role);
    diag_list *local = diag_list_new();
    int rc = sim_param_find(s, key, param, local);
    if (rc == 0)
        rc = sim_param_set(s, *param, r->min, local);
    if (rc != 0) {
        diag_add(d, DIAG_ERROR, "size-unknown-roster", sim_scenario_path(s), 0, r->role, NULL,
                 "--roster %s=%d..%d: the scenario cannot take that roster length", r->role,
                 r->min, r->max);
        diag_list_splice(d, local);
    }
    diag_list_free(local);
    size_t len = strlen(r->role) + 8;
    r->label = alloc_resize(NULL, len, 1);
    snprintf(r->label, len, "roster %s", r->role);
    /* nobody is paid for being on a list: no offered load, no cost */
    *dim = (size_role){r->label, r->min, r->max, 0, 1, NAN};
    return rc;
}

static int fail_usage(range *ranges, int n, const char *fmt, const char *arg)
{
    free_ranges(ranges, n);
    return cli_usage_error("size", fmt, arg);
}

/* Fills roles from the --role ranges, or from every staffed role with work.
 * Returns the number of roles, or -1 after an error in d. */
static int pick_roles(sim_scenario *s, range *ranges, int nranges, size_role *roles,
                      int *index, sim_param *dims, diag_list *d)
{
    int n = 0, bad = 0;
    const char *path = sim_scenario_path(s);
    if (nranges) {
        for (int k = 0; k < nranges; k++) {
            if (ranges[k].roster) {
                for (int q = 0; q < k; q++)
                    if (ranges[q].roster && !strcmp(ranges[q].role, ranges[k].role)) {
                        diag_add(d, DIAG_ERROR, "size-duplicate-role", path, 0, ranges[k].role,
                                 NULL, "--roster %s is given twice", ranges[k].role);
                        bad = 1;
                    }
                index[n] = -1;
                bad |= pick_roster(s, &ranges[k], &roles[n], &dims[n], d) != 0;
                n++;
                continue;
            }
            int i = sim_scenario_role_find(s, ranges[k].role);
            if (i < 0) {
                char known[1024] = "";
                size_t len = 0;
                for (int q = 0; q < sim_scenario_role_count(s) && len < sizeof known - 64; q++)
                    len += (size_t)snprintf(known + len, sizeof known - len, "%s%s", q ? ", " : "",
                                            sim_scenario_role_id(s, q));
                diag_add(d, DIAG_ERROR, "size-unknown-role", path, 0, ranges[k].role, NULL,
                         "--role %s: the scenario has no role '%s' (its roles: %s)",
                         ranges[k].role, ranges[k].role, len ? known : "none");
                bad = 1;
                continue;
            }
            if (sim_scenario_role_staff(s, i) == SIM_STAFF_UNLIMITED) {
                diag_add(d, DIAG_ERROR, "size-unlimited-role", path, 0, ranges[k].role, NULL,
                         "--role %s: the role is unlimited (an outside party) and cannot be sized",
                         ranges[k].role);
                bad = 1;
                continue;
            }
            for (int q = 0; q < n; q++)
                if (index[q] == i) {
                    diag_add(d, DIAG_ERROR, "size-duplicate-role", path, 0, ranges[k].role, NULL,
                             "--role %s is given twice", ranges[k].role);
                    bad = 1;
                }
            index[n] = i;
            dims[n] = (sim_param){SIM_PARAM_ROLE_STAFF, i};
            roles[n++] = (size_role){sim_scenario_role_id(s, i), ranges[k].min, ranges[k].max,
                                     sim_scenario_role_offered_load(s, i),
                                     sim_scenario_role_working_fraction(s, i),
                                     sim_scenario_role_cost(s, i)};
        }
        return bad ? -1 : n;
    }
    for (int i = 0; i < sim_scenario_role_count(s); i++) {
        double load = sim_scenario_role_offered_load(s, i);
        int staff = sim_scenario_role_staff(s, i);
        if (staff == SIM_STAFF_UNLIMITED || !(load > 0))
            continue;
        double wf = sim_scenario_role_working_fraction(s, i);
        int lb = (int)floor(load / wf) + 1, max = 2 * lb;
        if (lb + 10 > max)
            max = lb + 10;
        if (staff > max)
            max = staff;
        index[n] = i;
        dims[n] = (sim_param){SIM_PARAM_ROLE_STAFF, i};
        roles[n++] = (size_role){sim_scenario_role_id(s, i), 1, max, load, wf,
                                 sim_scenario_role_cost(s, i)};
    }
    if (n == 0) {
        diag_add(d, DIAG_ERROR, "size-no-role", path, 0, NULL, NULL,
                 "no staffed role has work to do: nothing to size");
        return -1;
    }
    return n;
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
            if (parse_range(optarg, &r->role, &r->min, &r->max) != 0)
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
        case 'h':
            help(stdout);
            free_ranges(ranges, nranges);
            return CLI_OK;
        default:
            help(stderr);
            free_ranges(ranges, nranges);
            return CLI_USAGE;
        }
    }
    if (optind != argc - 1) {
        help(stderr);
        free_ranges(ranges, nranges);
        return CLI_USAGE;
    }

    int rc = CLI_USAGE;
    diag_list *d = diag_list_new();
    sim_eval e = {0};
    e.first = diag_list_new();
    size_role *roles = NULL;
    int *index = NULL;
    const char **labels = NULL;
    size_sla *slas = NULL;
    size_result *res = NULL;
    FILE *csv = NULL, *svg = NULL;
    sim_scenario *s = importer_load(argv[optind], d);
    if (!s)
        goto done;
    /* --set first: the search then sizes the scenario as overridden */
    if (nsets && sim_scenario_set_args(s, sets, nsets, d) != 0)
        goto done;
    int nr = sim_scenario_role_count(s) + nranges;
    roles = alloc_zero((size_t)nr + 1, sizeof *roles);
    index = alloc_zero((size_t)nr + 1, sizeof *index);
    e.dims = alloc_zero((size_t)nr + 1, sizeof *e.dims);
    int nsla = sim_scenario_sla_count(s);
    slas = alloc_zero((size_t)nsla + 1, sizeof *slas);
    int n = pick_roles(s, ranges, nranges, roles, index, e.dims, d);
    if (n < 0)
        goto done;
    for (int j = 0; j < nsla; j++)
        slas[j] = (size_sla){sim_scenario_sla_id(s, j), sim_scenario_sla_target(s, j)};
    if (nsla == 0) {
        diag_add(d, DIAG_ERROR, "size-no-sla", sim_scenario_path(s), 0, NULL, NULL,
                 "the scenario has no sla: there is nothing to size for (add an <sla> to <slas>)");
        goto done;
    }
    for (int i = 0; i < n && so.objective == SIZE_COST; i++)
        if (!(roles[i].cost >= 0))
            diag_add(d, DIAG_ERROR, "size-no-cost", sim_scenario_path(s), 0, roles[i].id, NULL,
                     "role %s has no cost-per-hour: --objective cost needs one for every role "
                     "sized",
                     roles[i].id);
    if (diag_list_count_severity(d, DIAG_ERROR))
        goto done;
    gplot_format fmt = GPLOT_SVG;
    if (plot && (gplot_format_of(plot, &fmt, d) != 0 || size_plot_check(d) != 0))
        goto done;
    if (output && !(csv = cli_open_output("size", output, force)))
        goto done;
    if (plot && !(svg = cli_open_output("size", plot, force)))
        goto done;

    e.s = s;
    sim_options_init(&e.o, s);
    e.nroles = n;
    e.nsla = nsla;
    e.progress = isatty(STDERR_FILENO);
    e.applied = alloc_zero((size_t)n, sizeof *e.applied);
    labels = alloc_zero((size_t)n, sizeof *labels);
    for (int i = 0; i < n; i++) {
        labels[i] = roles[i].id; /* a role id, or "roster ID" */
        /* a roster was set to its MIN when it was checked */
        e.applied[i] = (int)sim_param_get(s, e.dims[i]);
    }
    e.labels = labels;
    /* the batch (8, doubling to 64 per candidate) is fixed, not taken from
     * the thread count, so that "replications simulated" is the same on
     * every machine; the decisions never depend on it */

    double t0 = now();
    res = size_run(roles, n, slas, nsla, &so, eval, &e, d);
    double dt = now() - t0;
    if (e.progress)
        fprintf(stderr, "\r\033[K");
    if (!res)
        goto done;
    const char *name = sim_scenario_name(s);
    FILE *table = csv == stdout || svg == stdout ? stderr : stdout; /* -o -: stdout is the file */
    fprintf(table, "flowmc size: %s%s%s%s, seed %llu\n", name ? name : "", name ? " (" : "",
            sim_scenario_path(s), name ? ")" : "", (unsigned long long)e.o.seed);
    size_result_print(res, table);
    fflush(stdout);
    if (e.warnings) {
        fprintf(stderr, "flowmc size: the simulator warned %zu time%s during the search; the first:\n",
                e.warnings, e.warnings == 1 ? "" : "s");
        diag_list_print(e.first, stderr);
    }
    fprintf(stderr, "flowmc size: %d candidates, %ld replications simulated in %.2f s (%ld runs)\n",
            size_result_candidate_count(res), size_result_replications_simulated(res), dt, e.runs);
    rc = size_result_answer(res) >= 0 ? CLI_OK : CLI_FAIL;
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
    diag_list_sort(d);
    diag_list_print(d, stderr);
    diag_list_free(d);
    diag_list_free(e.first);
    /* no half-written or empty files left behind a failure, and the
     * previous ones kept */
    if (cli_close_output("size", csv, rc != CLI_USAGE) != 0)
        rc = CLI_USAGE;
    if (cli_close_output("size", svg, rc != CLI_USAGE) != 0)
        rc = CLI_USAGE;
    size_result_free(res);
    sim_scenario_free(s);
    free(e.dims);
    free(labels);
    free(e.applied);
    free(roles);
    free(index);
    free(slas);
    free_ranges(ranges, nranges);
    return rc;
}
