/*
 * Suite sim_scenario: bad scenarios are refused before running, with the
 * file, line and element named, and exit 2; runs that cannot finish their
 * cases still end (at the horizon) and say which element holds them.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "model/xmlsafe.h"
#include "test_sim.h"
#include "testutil.h"

static void test_probabilities(void)
{
    tu_expect("sim", SIMFIX "bad-probabilities.xml -q", 2,
                     (const char *[]){SIMFIX "bad-probabilities.xml:12: error: [probability]", "'Gw_Review'",
                                      "sum to 0.9, not 1", NULL});
}

static void test_unknown_ids(void)
{
    tu_expect("sim", SIMFIX "bad-unknown-id.xml -q", 2,
                     (const char *[]){SIMFIX "bad-unknown-id.xml:8: error: [unknown-id] start event 'Begin'",
                                      SIMFIX "bad-unknown-id.xml:10: error: [unknown-id] task 'Serv'", NULL});
}

static void test_empty_ids(void)
{
    tu_expect("sim", SIMFIX "bad-empty-ids.xml -q", 2,
                     (const char *[]){SIMFIX "bad-empty-ids.xml:10: error: [value] <arrival> needs start=",
                                      SIMFIX "bad-empty-ids.xml:13: error: [value] <gateway> needs id=",
                                      SIMFIX "bad-empty-ids.xml:18: error: [value] <sla> needs from=",
                                      SIMFIX "bad-empty-ids.xml:18: error: [value] <sla> needs to=",
                                      SIMFIX "bad-empty-ids.xml:21: error: [value] <level> needs element=",
                                      NULL});
}

/* One error a mistake: an unknown task's business-day duration is not
 * also said to lack a calendar. */
static void test_one_error(void)
{
    char *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("sim " SIMFIX "bad-unknown-task-bd.xml -q", NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "bad-unknown-task-bd.xml:9: error: [unknown-id] task 'Serv'"));
    CU_ASSERT_FALSE(tu_contains(err, "business days need a calendar"));
    free(err);
}

static void test_values(void)
{
    tu_expect("sim", SIMFIX "bad-values.xml -q", 2,
                     (const char *[]){SIMFIX "bad-values.xml:6: error: [value] the arrival rate at 'Start' must be positive",
                                      SIMFIX "bad-values.xml:7: error: [value]", "mean must be positive", NULL});
}

static void test_unstaffed(void)
{
    tu_expect("sim", SIMFIX "bad-unstaffed.xml -q", 2,
                     (const char *[]){SIMFIX "multi-task.bpmn:13: error: [unstaffed] task 'Review' is in lane 'Lane_Back'",
                                      "which no role serves", "role 'front', which has no staff", NULL});
}

static void test_schema(void)
{
    tu_expect("sim", SIMFIX "bad-schema.xml -q", 2,
                     (const char *[]){SIMFIX "bad-schema.xml:5: error: [schema]", "'three'",
                                      SIMFIX "bad-schema.xml:6: error: [schema] element 'arrivalz'", NULL});
    tu_expect("sim", SIMFIX "one-task.bpmn -q", 2, (const char *[]){"not a flowmc scenario", NULL});
    tu_expect("sim", SIMFIX "no-such.xml -q", 2, (const char *[]){"no-such.xml", "cannot open", NULL});
}

static void test_more_bad_input(void)
{
    /* the arrival file's own lines are named */
    tu_expect("sim", SIMFIX "bad-csv.xml -q", 2,
                     (const char *[]){SIMFIX "bad-arrivals.csv:3: error: [arrivals] 'yesterday noon'",
                                      SIMFIX "bad-arrivals.csv:4: error: [unknown-id] unknown case class 'vip'", NULL});
    tu_expect("sim", SIMFIX "bad-call.xml -q", 2,
                     (const char *[]){SIMFIX "caller.bpmn:23: error: [unbound-call] call activity 'Call_Problem'",
                                      "<call activity=\"Call_Problem\"", NULL});
    /* all problems of the file in one pass */
    tu_expect("sim", SIMFIX "bad-bd.xml -q", 2,
                     (const char *[]){SIMFIX "bad-bd.xml:4: error: [value] the warm-up must be shorter than the horizon",
                                      SIMFIX "bad-bd.xml:7: error: [value] limit '2 bd' counts business days", NULL});
}

static void test_never_completes(void)
{
    /* an exclusive split closed by a parallel join: runs to the horizon,
     * names the join, does not hang */
    tu_expect("sim", SIMFIX "deadlock.xml -q", 0,
                     (const char *[]){SIMFIX "deadlock.bpmn:11: warning: [stuck] parallelGateway 'Join_Both'",
                                      "never complete", NULL});
    tu_expect("sim", SIMFIX "zero-loop.xml -q", 2,
                     (const char *[]){SIMFIX "zero-loop.bpmn:8: error: [zero-time-loop]", "'Gw_Again'", NULL});
}

static void test_unstable(void)
{
    /* rho = 4.5 / 4 > 1: a warning before running; the run still ends */
    tu_expect("sim", SIMFIX "mmc.xml -q -r 2 --set role.agent.staff=4 --set clock.horizon=P30D", 1,
                     (const char *[]){SIMFIX "mmc.xml:7: warning: [unstable] role 'agent' is overloaded",
                                      "grows without bound", "[incomplete] userTask 'Serve' holds", NULL});
}

static void test_usage(void)
{
    tu_expect("sim", SIMFIX "mmc.xml -q --set role.agent", 2, (const char *[]){"ELEMENT.ID.ATTRIBUTE=VALUE", NULL});
    tu_expect("sim", SIMFIX "mmc.xml -q --set role.nobody.staff=3", 2, (const char *[]){"no <role id=nobody>", NULL});
    tu_expect("sim", SIMFIX "mmc.xml -q --set flow.f1.probability=0.5", 2, (const char *[]){"flow", NULL});
    tu_expect("sim", SIMFIX "mmc.xml -q -r 0", 2, (const char *[]){"--replications", NULL});
    /* a typo in the horizon must not start a run of days */
    tu_expect("sim", SIMFIX "mmc.xml -q --set clock.horizon=P99999Y", 2, (const char *[]){"at most 1000 years", NULL});
    tu_expect("sim", SIMFIX "mmc.xml -q --set clock.horizon=P900Y --set arrival.Start.rate=900", 2,
                     (const char *[]){"[too-long]", "over 10^9", NULL});
    tu_expect("sim", SIMFIX "mmc.xml -q --threads x", 2, (const char *[]){"--threads", NULL});
    tu_expect("sim", SIMFIX "mmc.xml -q --log events.txt", 2, (const char *[]){".csv or a .xes", NULL});
    char out[512], args[1024];
    snprintf(out, sizeof out, "%s/exists.json", tu_tmpdir());
    FILE *f = fopen(out, "w");
    fclose(f);
    snprintf(args, sizeof args, SIMFIX "mmc.xml -q -o %s", out);
    tu_expect("sim", args, 2, (const char *[]){"exists", "--force", NULL});
    char *help = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("sim --help", &help, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(help, "--replications"));
    free(help);
}

/* The reader's note that an external call is "treated as one atomic
 * activity" holds for check, not for a scenario that binds the call. */
static void test_bound_call_no_note(void)
{
    char *err = NULL, out[512], args[1024];
    snprintf(out, sizeof out, "%s/bound-call.json", tu_tmpdir());
    snprintf(args, sizeof args, "sim simulations/annex-y-baseline.xml -q -r 2 -o %s", out);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 0);
    CU_ASSERT_FALSE(tu_contains(err, "external-call"));
    free(err);
    err = NULL;
    char *o = NULL;
    tu_flowmc("check models/annex-y-complaint-resolution.bpmn", &o, &err);
    CU_ASSERT_TRUE(tu_contains(o, "[external-call]") || tu_contains(err, "[external-call]"));
    free(o);
    free(err);
}

/* ---- hostile values (issue 24, items 4 and 10) ------------------------- */

/* Writes NAME in the temporary folder: the one-task model with ARRIVAL as
 * its <arrival> attributes and RUN as its <run> attributes. */
static const char *gen_scenario(const char *name, const char *arrival, const char *run)
{
    static char path[600];
    char cwd[400];
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path, "%s/%s", tu_tmpdir(), name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f,
            "<scenario model=\"%s/" SIMFIX "one-task.bpmn\">\n"
            "  <clock start=\"2025-01-06T00:00\" horizon=\"P2D\"/>\n"
            "  <roles><role id=\"agent\" staff=\"1\"><serves lane=\"Lane_Agents\"/></role></roles>\n"
            "  <arrivals>\n    <arrival start=\"Start\" %s/>\n  </arrivals>\n"
            "  <durations><duration task=\"Serve\" dist=\"exponential\" mean=\"1\" unit=\"min\"/></durations>\n"
            "  <run %s/>\n</scenario>\n",
            cwd, arrival, run);
    CU_ASSERT_EQUAL(fclose(f), 0);
    return path;
}

/* Numbers on the command line and in the scenario are read strictly: no
 * wrap-around (-r 4294967297 ran 1 replication), no silent overflow (a
 * seed past 64 bits), tiny rates for what they are (4.9e-324 was "not a
 * number"), and every message names its option. */
static void test_strict_numbers(void)
{
    const char *ok = gen_scenario("numbers.xml", "rate=\"1\" per=\"hour\"", "seed=\"3\"");
    char args[800];
    static const struct { const char *opt, *needle; } bad[] = {
        {"-r 4294967297", "--replications needs a whole number from 1 to 1000000: '4294967297' is too large"},
        {"-r 2147483648", "--replications needs a whole number from 1 to 1000000: '2147483648' is too large"},
        {"-r 1000001", "'1000001' is too large"},
        {"-r 1000000000", "'1000000000' is too large"},
        {"-r 1e9", "'1e9' is not a whole number"},
        {"-r ' 5'", "' 5' starts with a space"},
        {"-r 5x", "'5x' has text after the number"},
        {"--seed 18446744073709551616", "--seed needs a whole number from 0 to 2^64 - 1: "
                                        "'18446744073709551616' is too large"},
        {"--seed -1", "'-1' is negative"},
        {"-j 1025", "--threads needs a whole number from 1 to 1024: '1025' is too large"},
        {NULL, NULL},
    };
    for (int i = 0; bad[i].opt; i++) {
        snprintf(args, sizeof args, "'%s' -q %s", ok, bad[i].opt);
        tu_expect("sim", args, 2, (const char *[]){bad[i].needle, NULL});
    }
    /* the largest seed is a seed */
    snprintf(args, sizeof args, "'%s' -q -r 2 --seed 18446744073709551615", ok);
    tu_expect("sim", args, 0, (const char *[]){NULL});
    /* the same rules inside the scenario */
    const char *s = gen_scenario("run-too-many.xml", "rate=\"1\" per=\"hour\"",
                                 "replications=\"4294967297\" seed=\"18446744073709551616\"");
    snprintf(args, sizeof args, "'%s' -q", s);
    tu_expect("sim", args, 2, (const char *[]){"replications='4294967297' must be a whole number from 1 to 1000000 "
                                               "(it is too large)",
                                               "seed='18446744073709551616' must be a whole number from 0 to 2^64 - 1",
                                               NULL});
    /* a subnormal rate is positive: per second it runs (no case comes),
     * per minute it cannot be represented and says so */
    s = gen_scenario("rate-subnormal.xml", "rate=\"4.9e-324\" per=\"second\"", "replications=\"2\"");
    snprintf(args, sizeof args, "'%s' -q", s);
    tu_expect("sim", args, 0, (const char *[]){NULL});
    s = gen_scenario("rate-subnormal-min.xml", "rate=\"4.9e-324\" per=\"minute\"", "replications=\"2\"");
    snprintf(args, sizeof args, "'%s' -q", s);
    tu_expect("sim", args, 2, (const char *[]){"too small to represent per second", NULL});
    s = gen_scenario("rate-zero.xml", "rate=\"1e-400\" per=\"second\"", "replications=\"2\"");
    snprintf(args, sizeof args, "'%s' -q", s);
    tu_expect("sim", args, 2, (const char *[]){"rate='1e-400' is too close to 0 to be represented", NULL});
    s = gen_scenario("rate-huge.xml", "rate=\"1e400\" per=\"second\"", "replications=\"2\"");
    snprintf(args, sizeof args, "'%s' -q", s);
    tu_expect("sim", args, 2, (const char *[]){"rate='1e400' is too large", NULL});
}

/* An arrival file or a scenario that is a device or a fifo is refused at
 * once (/dev/zero as a CSV was read for ever). */
static void test_not_regular_inputs(void)
{
    char args[800], fifo[512];
    const char *s = gen_scenario("csv-zero.xml", "csv=\"/dev/zero\"", "replications=\"1\"");
    snprintf(args, sizeof args, "'%s' -q", s);
    tu_expect("sim", args, 2, (const char *[]){"arrival file '/dev/zero' is a character device, not a regular file", NULL});
    snprintf(fifo, sizeof fifo, "%s/arrivals.fifo", tu_tmpdir());
    remove(fifo);
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    char attr[600];
    snprintf(attr, sizeof attr, "csv=\"%s\"", fifo);
    s = gen_scenario("csv-fifo.xml", attr, "replications=\"1\"");
    snprintf(args, sizeof args, "'%s' -q", s);
    tu_expect("sim", args, 2, (const char *[]){"is a fifo (named pipe), not a regular file", NULL});
    /* the scenario itself */
    snprintf(args, sizeof args, "'%s' -q", fifo);
    tu_expect("sim", args, 2, (const char *[]){"is a fifo (named pipe), not a regular file", NULL});
    tu_expect("sim", "/dev/urandom -q", 2, (const char *[]){"/dev/urandom", "is a character device", NULL});
    remove(fifo);
}

/* Runs `flowmc sim ARGS` as expect does, under a 4 GB address-space limit
 * when the binary is a plain build (sanitizers and valgrind reserve more
 * than that up front). */
static void expect_limited(const char *args, int rc, const char *const *needles)
{
    const char *bin = getenv("FLOWMC_BIN");
    int plain = !getenv("FLOWMC_VALGRIND") && !(bin && strstr(bin, "-san"));
    struct rlimit old, lim;
    if (plain && getrlimit(RLIMIT_AS, &old) == 0) {
        lim = old;
        lim.rlim_cur = 4000000000UL; /* ulimit -v 4000000, as the issue */
        if (old.rlim_max != RLIM_INFINITY && old.rlim_max < lim.rlim_cur)
            lim.rlim_cur = old.rlim_max;
        CU_ASSERT_EQUAL(setrlimit(RLIMIT_AS, &lim), 0);
    }
    tu_expect("sim", args, rc, needles);
    if (plain)
        setrlimit(RLIMIT_AS, &old);
}

/* An overloaded queue stops the run with a message naming the role and
 * its utilisation, exit 2 (5 arrivals a second on one server with 1-day
 * tasks over a year aborted after 8 s at a 4 GB limit, the overload
 * warning never printed). */
static void test_overload(void)
{
    char args[800];
    const char *s = gen_scenario("overload.xml", "rate=\"5\" per=\"second\"", "replications=\"4\"");
    /* the generated durations are 1 min: make them 1 day, the horizon a year */
    char *text = tu_slurp(s, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    FILE *f = fopen(s, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (const char *c = text; *c; c++) {
        if (strncmp(c, "unit=\"min\"", 10) == 0) {
            fputs("unit=\"d\"", f);
            c += 9;
        } else if (strncmp(c, "horizon=\"P2D\"", 13) == 0) {
            fputs("horizon=\"P365D\"", f);
            c += 12;
        } else {
            fputc(*c, f);
        }
    }
    free(text);
    CU_ASSERT_EQUAL(fclose(f), 0);
    snprintf(args, sizeof args, "'%s' -q", s);
    expect_limited(args, 2, (const char *[]){"warning: [unstable] role 'agent' is overloaded",
                                             "error: [overloaded] the queue at role 'agent' grew past",
                                             "(100000 cases in progress, flowmc's limit): the system is "
                                             "overloaded (utilisation 4.32e+05)",
                                             NULL});
    /* a run whose work would pass 10^9 cases is refused before it starts */
    s = gen_scenario("long-run.xml", "rate=\"0.5\" per=\"minute\"", "replications=\"30\"");
    snprintf(args, sizeof args, "'%s' -q --set clock.horizon=P365000D", s);
    expect_limited(args, 2, (const char *[]){"[too-long] 30 replications of about 262800000 cases each",
                                             "over 10^9", "use at most 3 replications", NULL});
}

/* Every metric of every replication of s run with seed, as one array. */
static double *all_figures(const sim_scenario *s, uint64_t seed, int *n)
{
    sim_options o;
    sim_options_init(&o, s);
    o.seed = seed;
    o.replications = 4;
    o.threads = 1;
    diag_list *d = diag_list_new();
    sim_result *r = sim_run(s, &o, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int M = sim_result_metric_count(r);
    double *x = calloc((size_t)M * 4 + 1, sizeof *x);
    for (int i = 0; i < M; i++)
        for (int k = 0; k < 4; k++)
            x[i * 4 + k] = sim_result_metric_value(r, i, k);
    *n = M * 4;
    sim_result_free(r);
    diag_list_free(d);
    return x;
}

/* A typed parameter set in place gives the very figures of the same value
 * set through the document (compiled again), in either order; strings
 * handed out before stay valid; a bad value changes nothing. */
static void typed_matches_document(const char *path, const char *key, double from, double to,
                                   const char *doc_value)
{
    diag_list *d = diag_list_new();
    sim_scenario *a = sim_scenario_load(path, d), *b = sim_scenario_load(path, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    const char *id = sim_scenario_sla_count(b) ? sim_scenario_sla_id(b, 0) : NULL;
    sim_param p;
    CU_ASSERT_EQUAL_FATAL(sim_param_find(a, key, &p, d), 0);
    CU_ASSERT_DOUBLE_EQUAL(sim_param_get(a, p), from, 0);
    CU_ASSERT_EQUAL(sim_param_set(a, p, to, d), 0);
    CU_ASSERT_DOUBLE_EQUAL(sim_param_get(a, p), to, 0);
    /* run.seed is not a typed key: the batch takes the document path */
    char kv[2][96];
    snprintf(kv[0], sizeof kv[0], "%s=%s", key, doc_value ? doc_value : "");
    if (!doc_value)
        snprintf(kv[0], sizeof kv[0], "%s=%g", key, to);
    snprintf(kv[1], sizeof kv[1], "run.seed=%llu", (unsigned long long)sim_scenario_seed(b));
    const char *sets[2] = {kv[0], kv[1]};
    CU_ASSERT_EQUAL(sim_scenario_set_args(b, sets, 2, d), 0);
    CU_ASSERT_PTR_NOT_EQUAL(id, sim_scenario_sla_count(b) ? sim_scenario_sla_id(b, 0) : "");
    /* the same --set alone is typed: set in place, the plan kept */
    sim_scenario *t = sim_scenario_load(path, d);
    const char *tid = sim_scenario_sla_count(t) ? sim_scenario_sla_id(t, 0) : NULL;
    CU_ASSERT_EQUAL(sim_scenario_set_args(t, sets, 1, d), 0);
    CU_ASSERT_PTR_EQUAL(tid, sim_scenario_sla_count(t) ? sim_scenario_sla_id(t, 0) : NULL);
    int nt;
    double *xt = all_figures(t, 7, &nt);
    if (id) /* b's plan was replaced */
        CU_ASSERT_STRING_EQUAL(id, sim_scenario_sla_id(b, 0));
    int na, nb;
    double *xa = all_figures(a, 7, &na), *xb = all_figures(b, 7, &nb);
    CU_ASSERT_EQUAL(na, nb);
    CU_ASSERT_TRUE(na > 0 && memcmp(xa, xb, sizeof(double) * (size_t)na) == 0);
    CU_ASSERT_TRUE(nt == na && memcmp(xa, xt, sizeof(double) * (size_t)na) == 0);
    free(xt);
    sim_scenario_free(t);
    /* and back: the first value's figures again */
    sim_scenario *c = sim_scenario_load(path, d);
    CU_ASSERT_EQUAL(sim_param_set(a, p, from, d), 0);
    int nc, n2;
    double *xc = all_figures(c, 7, &nc), *x2 = all_figures(a, 7, &n2);
    CU_ASSERT_TRUE(nc == n2 && memcmp(xc, x2, sizeof(double) * (size_t)nc) == 0);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 0);
    /* refused: nothing changes */
    CU_ASSERT_EQUAL(sim_param_set(a, p, -0.5, d), -1);
    if (diag_list_count_severity(d, DIAG_ERROR) != 1)
        diag_list_print(d, stderr);
    CU_ASSERT_DOUBLE_EQUAL(sim_param_get(a, p), from, 0);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 1);
    free(xa);
    free(xb);
    free(xc);
    free(x2);
    sim_scenario_free(a);
    sim_scenario_free(b);
    sim_scenario_free(c);
    diag_list_free(d);
}

static void test_typed_parameters(void)
{
    typed_matches_document("tests/fixtures/sim/mmc.xml", "role.agent.staff", 6, 4, NULL);
    typed_matches_document("tests/fixtures/sim/roster.xml", "roster.oncall.people", 3, 1, NULL);
    typed_matches_document("tests/fixtures/sim/roster.xml", "roster.oncall.answer", 0.5, 0.25, NULL);
    typed_matches_document("tests/fixtures/sim/mmc.xml", "sla.done-2h.target", 0.8, 0.95, NULL);
    typed_matches_document("tests/fixtures/sim/mmc.xml", "arrival.Start.rate", 4.5, 5.25, NULL);
    typed_matches_document("tests/fixtures/sim/mmc.xml", "duration.Serve.mean", 1, 0.75, NULL);
    typed_matches_document("tests/fixtures/sim/gateways.xml", "duration.*.mean", 1, 1.5, NULL);
    typed_matches_document("tests/fixtures/sim/escalation.xml", "duration.Escalate.value", 10, 25, NULL);
    typed_matches_document("tests/fixtures/sim/mmc.xml", "clock.horizon", 400 * 86400.0, 300 * 86400.0, "300 d");
    typed_matches_document("tests/fixtures/sim/mmc.xml", "clock.warmup", 20 * 86400.0, 5 * 86400.0, "P5D");
    typed_matches_document("tests/fixtures/sim/timer.xml", "timer.Wait.duration", 8 * 3600.0, 5400, "1.5 h");
    diag_list *d = diag_list_new();
    sim_scenario *s = sim_scenario_load("tests/fixtures/sim/mmc.xml", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    sim_param p;
    CU_ASSERT_EQUAL(sim_param_find(s, "role.nobody.staff", &p, d), -1);
    CU_ASSERT_EQUAL(sim_param_find(s, "duration.Serve.sd", &p, d), -1); /* an exponential has none */
    CU_ASSERT_EQUAL(sim_param_find(s, "duration.Nobody.mean", &p, d), -1);
    CU_ASSERT_EQUAL(sim_param_find(s, "staff", &p, d), -1);
    CU_ASSERT_EQUAL(sim_param_find(s, "flow.nowhere.probability", &p, d), -1);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 5);
    /* the horizon and the warm-up are checked together, as in the file */
    sim_param h, w;
    CU_ASSERT_EQUAL_FATAL(sim_param_find(s, "clock.horizon", &h, d), 0);
    CU_ASSERT_EQUAL_FATAL(sim_param_find(s, "clock.warmup", &w, d), 0);
    CU_ASSERT_EQUAL(sim_param_set(s, h, 10 * 86400.0, d), -1);
    CU_ASSERT_STRING_EQUAL(diag_list_at(d, diag_list_count(d) - 1)->message,
                           "the warm-up must be shorter than the horizon");
    CU_ASSERT_DOUBLE_EQUAL(sim_param_get(s, h), 400 * 86400.0, 0);
    sim_param hw[2] = {h, w};
    double v[2] = {10 * 86400.0, 86400.0};
    CU_ASSERT_EQUAL(sim_param_set_many(s, hw, v, 2, d), 0);
    CU_ASSERT_DOUBLE_EQUAL(sim_param_get(s, h), 10 * 86400.0, 0);
    sim_scenario_free(s);
    diag_list_free(d);
}

/* A branch probability: one flow alone breaks its exclusive split's sum
 * (refused with the file's message, nothing changed); the split's flows
 * together, in one batch, give the figures of the same two --set. */
static void test_typed_branches(void)
{
    const char *path = "tests/fixtures/sim/gateways.xml";
    diag_list *d = diag_list_new();
    sim_scenario *a = sim_scenario_load(path, d), *b = sim_scenario_load(path, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    sim_param q[2];
    CU_ASSERT_EQUAL_FATAL(sim_param_find(a, "flow.x_a.probability", &q[0], d), 0);
    CU_ASSERT_EQUAL_FATAL(sim_param_find(a, "flow.x_b.probability", &q[1], d), 0);
    CU_ASSERT_DOUBLE_EQUAL(sim_param_get(a, q[0]), 0.3, 0);
    CU_ASSERT_EQUAL(sim_param_set(a, q[0], 0.4, d), -1);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(diag_list_at(d, diag_list_count(d) - 1)->message, "sum to 1.1, not 1"));
    CU_ASSERT_DOUBLE_EQUAL(sim_param_get(a, q[0]), 0.3, 0);
    CU_ASSERT_EQUAL(sim_param_set(a, q[0], 1.5, d), -1);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 2);
    double v[2] = {0.4, 0.6};
    CU_ASSERT_EQUAL(sim_param_set_many(a, q, v, 2, d), 0);
    const char *kv[3] = {"flow.x_a.probability=0.4", "flow.x_b.probability=0.6", "run.seed=3"};
    CU_ASSERT_EQUAL(sim_scenario_set_args(b, kv, 3, d), 0); /* the document path */
    int na, nb;
    double *xa = all_figures(a, 7, &na), *xb = all_figures(b, 7, &nb);
    CU_ASSERT_TRUE(na == nb && na > 0 && memcmp(xa, xb, sizeof(double) * (size_t)na) == 0);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 2);
    free(xa);
    free(xb);
    sim_scenario_free(a);
    sim_scenario_free(b);
    diag_list_free(d);
}

/* ---- --set against the file edited by hand ------------------------------ */

/* Sets attribute attr to value on every <elem> whose ref attribute is ref
 * (every <elem> when ref is NULL): the edit a person makes in the file.
 * Returns the elements changed. */
static int edit_doc(xmlNodePtr n, const char *elem, const char *refattr, const char *ref, const char *attr,
                    const char *value)
{
    int hits = 0;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, elem) == 0) {
            xmlChar *v = ref ? xmlGetProp(n, (const xmlChar *)refattr) : NULL;
            if (!ref || (v && strcmp((const char *)v, ref) == 0)) {
                xmlSetProp(n, (const xmlChar *)attr, (const xmlChar *)value);
                hits++;
            }
            xmlFree(v);
        }
        hits += edit_doc(n->children, elem, refattr, ref, attr, value);
    }
    return hits;
}

/* Everything flowmc sim writes for a run of s: its table and its JSON. */
static char *sim_output(sim_scenario *s, int reps)
{
    diag_list *d = diag_list_new();
    sim_options o;
    sim_options_init(&o, s);
    o.replications = reps;
    o.threads = 2;
    sim_result *r = sim_run(s, &o, d);
    CU_ASSERT_PTR_NOT_NULL(r);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (r) {
        sim_result_print(r, f);
        sim_result_write_json(r, f);
    }
    fclose(f);
    sim_result_free(r);
    diag_list_free(d);
    return buf;
}

/* One hand edit of a file: <elem refattr=ref attr=value>, and the --set
 * that says the same. */
typedef struct hand_edit {
    const char *elem, *refattr, *ref, *attr, *value;
} hand_edit;

/* --set of each edit (as flowmc sim's options, together) is typed -- set in
 * place, the plan and its strings kept -- and gives byte for byte the
 * table and JSON of the file edited by hand. */
static void set_matches_hand_edit(const char *path, const hand_edit *e, int n)
{
    diag_list *d = diag_list_new();
    sim_scenario *a = sim_scenario_load(path, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    const char *name = sim_scenario_name(a), *role = sim_scenario_role_count(a) ? sim_scenario_role_id(a, 0) : NULL;
    char kv[8][128];
    const char *kvs[8];
    xmlDocPtr doc = xmlsafe_read_file(path, d); /* flowmc's own reader: no entity reaches a file */
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    for (int i = 0; i < n && i < 8; i++) {
        snprintf(kv[i], sizeof kv[i], "%s.%s.%s=%s", e[i].elem, e[i].ref, e[i].attr, e[i].value);
        kvs[i] = kv[i];
        CU_ASSERT_TRUE(edit_doc(xmlDocGetRootElement(doc), e[i].elem, e[i].refattr, e[i].ref, e[i].attr,
                                e[i].value) > 0);
    }
    CU_ASSERT_EQUAL(sim_scenario_set_args(a, kvs, n, d), 0);
    CU_ASSERT_PTR_EQUAL(sim_scenario_name(a), name); /* typed: no compile */
    CU_ASSERT_PTR_EQUAL(sim_scenario_role_count(a) ? sim_scenario_role_id(a, 0) : NULL, role);
    sim_scenario *b = sim_scenario_load_doc(doc, path, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    if (diag_list_count_severity(d, DIAG_ERROR))
        diag_list_print(d, stderr);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 0);
    char *x = sim_output(a, 6), *y = sim_output(b, 6), *orig = NULL;
    CU_ASSERT_TRUE(x && y && strcmp(x, y) == 0);
    /* and the edit changed something the run shows */
    sim_scenario *c = sim_scenario_load(path, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    orig = sim_output(c, 6);
    CU_ASSERT_TRUE(x && orig && strcmp(x, orig) != 0);
    if (x && y && strcmp(x, y) != 0)
        fprintf(stderr, "\n--set %s:\n%s\nedited by hand:\n%s\n", kv[0], x, y);
    free(x);
    free(y);
    free(orig);
    sim_scenario_free(a);
    sim_scenario_free(b);
    sim_scenario_free(c);
    diag_list_free(d);
}

/* The keys typed beside the first ones: SLA limits (on a calendar too),
 * trigger probabilities, class shares (together), a roster's attempts and
 * rounds. */
static void test_typed_more(void)
{
    set_matches_hand_edit(SIMFIX "trigger.xml", (const hand_edit[]){{"sla", "id", "done-1h", "limit", "PT45M"}}, 1);
    set_matches_hand_edit(SIMFIX "calendar.xml", (const hand_edit[]){{"sla", "id", "one-bd", "limit", "0.5 bd"}}, 1);
    set_matches_hand_edit(SIMFIX "calendar.xml", (const hand_edit[]){{"sla", "id", "half-day", "limit", "P1D"}}, 1);
    set_matches_hand_edit(SIMFIX "trigger.xml",
                          (const hand_edit[]){{"trigger", "event", "Escalated", "probability", "0.35"}}, 1);
    set_matches_hand_edit(SIMFIX "classes.xml",
                          (const hand_edit[]){{"class", "id", "urgent", "share", "0.6"},
                                              {"class", "id", "normal", "share", "0.4"}},
                          2);
    set_matches_hand_edit(SIMFIX "roster.xml", (const hand_edit[]){{"roster", "id", "oncall", "attempt", "3 min"}}, 1);
    set_matches_hand_edit(SIMFIX "roster.xml",
                          (const hand_edit[]){{"roster", "id", "oncall", "backup-attempt", "PT9M"}}, 1);
    set_matches_hand_edit(SIMFIX "roster.xml", (const hand_edit[]){{"roster", "id", "oncall", "rounds", "2"}}, 1);
    /* the backup follows attempt= when the file gives no backup-attempt= */
    set_matches_hand_edit(SIMFIX "roster-backup.xml",
                          (const hand_edit[]){{"roster", "id", "oncall", "attempt", "7 min"}}, 1);
    /* the first typed keys, in the same harness */
    set_matches_hand_edit(SIMFIX "mmc.xml", (const hand_edit[]){{"sla", "id", "done-2h", "target", "0.9"}}, 1);

    typed_matches_document(SIMFIX "trigger.xml", "sla.done-1h.limit", 3600, 1800, "30 min");
    typed_matches_document(SIMFIX "trigger.xml", "trigger.Escalated.probability", 0.2, 0.5, NULL);
    typed_matches_document(SIMFIX "roster.xml", "roster.oncall.attempt", 120, 90, "1.5 min");
    typed_matches_document(SIMFIX "roster.xml", "roster.oncall.backup-attempt", 300, 60, "PT1M");
    typed_matches_document(SIMFIX "roster.xml", "roster.oncall.rounds", 1, 3, NULL);

    diag_list *d = diag_list_new();
    sim_scenario *s = sim_scenario_load(SIMFIX "classes.xml", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    sim_param q[2];
    CU_ASSERT_EQUAL_FATAL(sim_param_find(s, "class.urgent.share", &q[0], d), 0);
    CU_ASSERT_EQUAL_FATAL(sim_param_find(s, "class.normal.share", &q[1], d), 0);
    /* one share alone breaks the sum: the file's message, nothing changed */
    CU_ASSERT_EQUAL(sim_param_set(s, q[0], 0.5, d), -1);
    CU_ASSERT_STRING_EQUAL(diag_list_at(d, diag_list_count(d) - 1)->message, "class shares sum to 1.25, not 1");
    CU_ASSERT_EQUAL(diag_list_at(d, diag_list_count(d) - 1)->line, 9);
    CU_ASSERT_DOUBLE_EQUAL(sim_param_get(s, q[0]), 0.25, 0);
    double v[2] = {0.5, 0.5};
    CU_ASSERT_EQUAL(sim_param_set_many(s, q, v, 2, d), 0);
    /* a sweep's lever: one of two classes, the other takes the rest */
    CU_ASSERT_EQUAL(sim_param_split(s, &q[0], d), 0);
    CU_ASSERT_EQUAL(q[0].kind, SIM_PARAM_CLASS_SPLIT);
    CU_ASSERT_EQUAL(sim_param_set(s, q[0], 0.1, d), 0);
    CU_ASSERT_DOUBLE_EQUAL(sim_param_get(s, q[1]), 0.9, 0);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 1);
    /* a scenario without <classes> has no share to set; a roster without
     * backup-attempt= keeps it on the document path */
    sim_scenario *m = sim_scenario_load(SIMFIX "mmc.xml", d), *e = sim_scenario_load(SIMFIX "roster-backup.xml", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(sim_param_find(m, "class.all.share", &q[0], d), -1);
    CU_ASSERT_EQUAL(sim_param_find(m, "trigger.Serve.probability", &q[0], d), -1);
    CU_ASSERT_EQUAL(sim_param_find(e, "roster.oncall.backup-attempt", &q[0], d), -1);
    CU_ASSERT_EQUAL(sim_param_find(e, "roster.oncall.rounds", &q[0], d), 0);
    CU_ASSERT_TRUE(sim_param_whole(q[0]));
    CU_ASSERT_EQUAL(sim_param_set(e, q[0], 2.5, d), -1);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 5);
    sim_scenario_free(m);
    sim_scenario_free(e);
    sim_scenario_free(s);
    diag_list_free(d);
}

/* A --set value the file would refuse meets the file's checks (the
 * schema's message, exit 2), even where the typed reading (strtod) would
 * take it: a hexadecimal probability, an amount with an exponent. */
static void test_set_refused_as_in_file(void)
{
    tu_expect("sim", SIMFIX "trigger.xml -q --set trigger.Escalated.probability=1.5", 2,
              (const char *[]){SIMFIX "trigger.xml:18: error: [schema] element 'trigger', attribute 'probability'",
                               "greater than the maximum value allowed ('1')", NULL});
    tu_expect("sim", SIMFIX "trigger.xml -q --set trigger.Escalated.probability=0x1p-2", 2,
              (const char *[]){SIMFIX "trigger.xml:18: error: [schema]", "'0x1p-2' is not a valid value", NULL});
    tu_expect("sim", SIMFIX "trigger.xml -q --set trigger.Nowhere.probability=0.5", 2,
              (const char *[]){"the scenario has no <trigger event=Nowhere>", NULL});
    tu_expect("sim", SIMFIX "trigger.xml -q --set sla.done-1h.limit=0s", 2,
              (const char *[]){SIMFIX "trigger.xml:21: error: [value] the limit of SLA 'done-1h' must be positive",
                               NULL});
    tu_expect("sim", SIMFIX "trigger.xml -q --set sla.done-1h.limit=1e2s", 2,
              (const char *[]){SIMFIX "trigger.xml:21: error: [schema] element 'sla', attribute 'limit'",
                               "'1e2s' is not accepted by the pattern", NULL});
    tu_expect("sim", SIMFIX "trigger.xml -q --set sla.done-1h.limit=1bd", 2,
              (const char *[]){"trigger.xml:21: error: [value] limit '1bd' counts business days", NULL});
    tu_expect("sim", SIMFIX "mmc.xml -q --set clock.horizon=3e2d", 2,
              (const char *[]){"mmc.xml:5: error: [schema] element 'clock', attribute 'horizon'", NULL});
    tu_expect("sim", SIMFIX "classes.xml -q --set class.urgent.share=0.5", 2,
              (const char *[]){SIMFIX "classes.xml:9: error: [probability] class shares sum to 1.25, not 1", NULL});
    tu_expect("sim", SIMFIX "classes.xml -q --set class.urgent.share=-0.25 --set class.normal.share=1.25", 2,
              (const char *[]){SIMFIX "classes.xml:10: error: [schema] element 'class', attribute 'share'", NULL});
    tu_expect("sim", SIMFIX "roster.xml -q --set roster.oncall.attempt=0min", 2,
              (const char *[]){SIMFIX "roster.xml:21: error: [value] a call attempt must take a positive time", NULL});
    tu_expect("sim", SIMFIX "roster.xml -q --set roster.oncall.rounds=1001", 2,
              (const char *[]){SIMFIX "roster.xml:21: error: [value] rounds='1001' must be a whole number from 1 to 1000",
                               NULL});
    tu_expect("sim", SIMFIX "roster.xml -q --set roster.oncall.rounds=0", 2,
              (const char *[]){SIMFIX "roster.xml:21: error: [schema] element 'roster', attribute 'rounds'", NULL});
    tu_expect("sim", SIMFIX "roster.xml -q --set roster.oncall.backup-attempt=soon", 2,
              (const char *[]){SIMFIX "roster.xml:21: error: [schema] element 'roster', attribute 'backup-attempt'",
                               NULL});
}

/* The numbers typed last, so that only keys that are not numbers (and
 * the run's defaults) compile: a class's priority, an arrival line's limit,
 * period and law of its gaps, a timer's period, a role's cost. */
static void test_typed_rest(void)
{
    set_matches_hand_edit(SIMFIX "priority.xml", (const hand_edit[]){{"class", "id", "urgent", "priority", "-5"}}, 1);
    set_matches_hand_edit(SIMFIX "limited.xml", (const hand_edit[]){{"arrival", "start", "Start", "limit", "120"}}, 1);
    set_matches_hand_edit(SIMFIX "every.xml", (const hand_edit[]){{"arrival", "start", "Start", "every", "PT7H"}}, 1);
    set_matches_hand_edit(SIMFIX "call.xml", (const hand_edit[]){{"timer", "event", "Z_Meeting", "every", "P3D"}}, 1);
    set_matches_hand_edit(SIMFIX "gaps.xml", (const hand_edit[]){{"arrival", "start", "Start", "mean", "700"}}, 1);
    set_matches_hand_edit(SIMFIX "gaps.xml", (const hand_edit[]){{"arrival", "start", "Start", "trunc-max", "2400"}}, 1);
    typed_matches_document(SIMFIX "priority.xml", "class.normal.priority", 0, 20, NULL);
    typed_matches_document(SIMFIX "gaps.xml", "arrival.Start.mean", 900, 600, NULL);
    typed_matches_document(SIMFIX "limited.xml", "arrival.Start.limit", 300, 200, NULL);
    typed_matches_document(SIMFIX "every.xml", "arrival.Start.every", 86400, 43200, "12 h");
    typed_matches_document(SIMFIX "call.xml", "timer.Z_Meeting.every", 7 * 86400.0, 86400, "P1D");
    typed_matches_document(SIMFIX "limited.xml", "role.agent.cost-per-hour", 35, 50, NULL);

    diag_list *d = diag_list_new();
    sim_scenario *s = sim_scenario_load(SIMFIX "limited.xml", d), *m = sim_scenario_load(SIMFIX "mmc.xml", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    /* a cost is typed, and read back by size's cost objective */
    const char *id = sim_scenario_role_id(s, 0);
    CU_ASSERT_EQUAL(sim_scenario_set(s, "role.agent.cost-per-hour", "42.5", d), 0);
    CU_ASSERT_PTR_EQUAL(sim_scenario_role_id(s, 0), id);
    CU_ASSERT_DOUBLE_EQUAL(sim_scenario_role_cost(s, 0), 42.5, 0);
    /* typed only where the file gives the value (without a limit the
     * line is not one that ends; without a cost there is none to restore) */
    sim_param q;
    CU_ASSERT_EQUAL(sim_param_find(m, "arrival.Start.limit", &q, d), -1);
    CU_ASSERT_EQUAL(sim_param_find(m, "role.agent.cost-per-hour", &q, d), -1);
    CU_ASSERT_EQUAL(sim_param_find(m, "arrival.Start.every", &q, d), -1);
    CU_ASSERT_EQUAL(sim_param_find(m, "class.all.priority", &q, d), -1);
    CU_ASSERT_EQUAL(sim_param_find(m, "arrival.Start.mean", &q, d), -1); /* a rate= line */
    CU_ASSERT_EQUAL(sim_param_find(s, "arrival.Start.limit", &q, d), 0);
    CU_ASSERT_TRUE(sim_param_whole(q));
    CU_ASSERT_EQUAL(sim_param_set(s, q, 0, d), -1);
    CU_ASSERT_STRING_EQUAL(diag_list_at(d, diag_list_count(d) - 1)->message,
                           "the arrival limit at 'Start' must be a whole number of cases from 1 to 10^9");
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 6);
    /* such keys still take the document path, as before */
    CU_ASSERT_EQUAL(sim_scenario_set(m, "role.agent.cost-per-hour", "20", d), 0);
    CU_ASSERT_DOUBLE_EQUAL(sim_scenario_role_cost(m, 0), 20, 0);
    sim_scenario_free(s);
    sim_scenario_free(m);
    diag_list_free(d);
    tu_expect("sim", SIMFIX "limited.xml -q --set role.agent.cost-per-hour=-1", 2,
              (const char *[]){SIMFIX "limited.xml:8: error: [value] cost-per-hour must not be negative", NULL});
    tu_expect("sim", SIMFIX "limited.xml -q --set arrival.Start.limit=1e3", 2,
              (const char *[]){SIMFIX "limited.xml:11: error: [schema] element 'arrival', attribute 'limit'", NULL});
    tu_expect("sim", SIMFIX "every.xml -q --set arrival.Start.every=0h", 2,
              (const char *[]){SIMFIX "every.xml:7: error: [value] the period at 'Start' must be positive", NULL});
    tu_expect("sim", SIMFIX "gaps.xml -q --set arrival.Start.mean=-1", 2,
              (const char *[]){SIMFIX "gaps.xml:11: error: [value] exponential duration of 'Start'", NULL});
    tu_expect("sim", SIMFIX "priority.xml -q --set class.urgent.priority=2147483647", 2,
              (const char *[]){SIMFIX "priority.xml:12: error: [value] priority='2147483647' must be a whole number", NULL});
}

/* The keys typed here are swept too, each value tried first with the
 * scenario's own message; two classes split their shares, three do not. */
static void test_sweep_new_keys(void)
{
    tu_expect("sweep", SIMFIX "trigger.xml -q -r 2 --vary trigger.Escalated.probability=0,0.5", 0, (const char *[]){NULL});
    tu_expect("sweep", SIMFIX "trigger.xml -q -r 2 --vary sla.done-1h.limit=1800,7200", 0, (const char *[]){NULL});
    tu_expect("sweep", SIMFIX "classes.xml -q -r 2 --vary class.urgent.share=0.1,0.9", 0, (const char *[]){NULL});
    tu_expect("sweep", SIMFIX "roster.xml -q -r 2 --vary roster.oncall.rounds=1..3:1 --vary roster.oncall.attempt=60,180",
              0, (const char *[]){NULL});
    tu_expect("sweep", SIMFIX "roster.xml -q -r 2 --vary roster.oncall.rounds=1,1.5", 2,
              (const char *[]){SIMFIX "roster.xml:21: error: [vary] --vary roster.oncall.rounds: rounds='1.5' must be "
                                      "a whole number from 1 to 1000",
                               NULL});
    tu_expect("sweep", SIMFIX "roster.xml -q -r 2 --vary roster.oncall.backup-attempt=60,-1", 2,
              (const char *[]){"[vary] --vary roster.oncall.backup-attempt: a backup call attempt cannot take a "
                               "negative time",
                               NULL});
    tu_expect("sweep", SIMFIX "trigger.xml -q -r 2 --vary sla.done-1h.target=0.5,0.9", 2,
              (const char *[]){"is what the sweep is judged against", NULL});
    tu_expect("sweep", SIMFIX "limited.xml -q -r 2 --vary role.agent.cost-per-hour=10,20", 2,
              (const char *[]){"changes no figure a sweep reports", NULL});
    tu_expect("sweep", SIMFIX "limited.xml -q -r 2 --vary arrival.Start.limit=100..300:100", 0, (const char *[]){NULL});
}

void suite_sim_scenario(void);
void suite_sim_scenario(void)
{
    static const CU_TestInfo tests[] = {
        {"probabilities must sum to 1", test_probabilities},
        {"unknown element ids", test_unknown_ids},
        {"blank element ids", test_empty_ids},
        {"one error for one mistake", test_one_error},
        {"non-positive rates and durations", test_values},
        {"unstaffed lanes and roles", test_unstaffed},
        {"schema violations and wrong files", test_schema},
        {"arrival files, calls, business days", test_more_bad_input},
        {"cases that never complete", test_never_completes},
        {"unstable load warns and ends", test_unstable},
        {"usage errors", test_usage},
        {"a bound call is not called atomic", test_bound_call_no_note},
        {"strict numbers", test_strict_numbers},
        {"devices and fifos as inputs", test_not_regular_inputs},
        {"overload stops with a message", test_overload},
        {"typed parameters match the document path", test_typed_parameters},
        {"typed branch probabilities, one and together", test_typed_branches},
        {"typed limits, triggers, shares, attempts, rounds", test_typed_more},
        {"--set refused as the file would be", test_set_refused_as_in_file},
        {"the new typed keys are swept", test_sweep_new_keys},
        {"typed priorities, arrival limits and periods, timer periods, costs", test_typed_rest},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("sim_scenario", tests);
}
