/*
 * Suite sweep: flowmc sweep crosses its targets where closed forms say --
 * an M/M/c wait SLA where Erlang C does (two queues: mmc.xml's M/M/6 and
 * the M/M/3 of tests/fixtures/sweep), a roster's answer probability where
 * 1 - (1 - p)^n does -- within the band its own 95% CIs give, nothing
 * hand-tuned (the band widened to 99.9% by Student-t quantiles, so a
 * check fails by chance once in a thousand runs); --vary parsing and its errors (exit 2, the argument quoted);
 * the CSV and JSON shapes; common random numbers (a point's figures do not
 * depend on the other points swept); the same bytes for the same seed at
 * any thread count; the scenario's values put back after a sweep.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <jansson.h>

#include "sim/erlang.h"
#include "sim/sweep.h"
#include "testutil.h"

#define MMC "tests/fixtures/sim/mmc.xml"
#define MM3 "tests/fixtures/sweep/mm3.xml"
#define ROSTER "tests/fixtures/sim/roster.xml"
#define SPLIT "tests/fixtures/sweep/split.xml"

/* ---- library helpers ----------------------------------------------------- */

static sweep_result *run_sweep(const char *path, const char *const *vary, int nvary, int reps, int threads,
                               sim_scenario **keep)
{
    diag_list *d = diag_list_new();
    sim_scenario *s = sim_scenario_load(path, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    sweep_spec *w = sweep_spec_new();
    for (int i = 0; i < nvary; i++)
        CU_ASSERT_EQUAL_FATAL(sweep_spec_add(w, s, vary[i], d), 0);
    sim_options o;
    sim_options_init(&o, s);
    if (reps > 0)
        o.replications = reps;
    o.threads = threads;
    sweep_result *r = sweep_run(w, s, &o, NULL, NULL, d);
    CU_ASSERT_PTR_NOT_NULL(r);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 0);
    sweep_spec_free(w);
    diag_list_free(d);
    if (keep)
        *keep = s;
    else
        sim_scenario_free(s);
    return r;
}

/* The crossing of sla j along the only series, checked to be of kind k. */
static const sweep_crossing *crossing_of(const sweep_result *r, int j, sweep_cross_kind k)
{
    CU_ASSERT_EQUAL_FATAL(sweep_result_series_count(r), 1);
    const sweep_crossing *c = sweep_result_crossing(r, j);
    CU_ASSERT_EQUAL(c->sla, j);
    CU_ASSERT_EQUAL(c->kind, k);
    return c;
}

/* ---- crossings against closed forms ------------------------------------- */

/* Whether want lies in the crossing's band widened from the 95% level to
 * 99.9% (by the ratio of Student-t quantiles at the replications' degrees
 * of freedom): a check that fails by chance once in a thousand runs, not
 * once in twenty, and still a tolerance the sweep's own intervals set.
 * The band's two sides scale with the CI half-widths around the crossing. */
static int in_band(const sweep_result *r, const sweep_crossing *x, double want)
{
    int df = sweep_result_replications(r) - 1;
    double k = gsl_cdf_tdist_Pinv(1 - 0.0005, df) / gsl_cdf_tdist_Pinv(1 - 0.025, df);
    double lo = x->at - k * (x->at - x->first), hi = x->at + k * (x->last - x->at);
    if (!(lo <= want && want <= hi))
        printf("\n    the closed form crosses at %.4f; the sweep at %.4f, 95%% band [%.4f, %.4f], 99.9%% [%.4f, %.4f]",
               want, x->at, x->first, x->last, lo, hi);
    return lo <= want && want <= hi;
}

/* lambda (per hour) where the M/M/c wait meets P(W <= t) = target:
 * P(W <= t) falls as lambda rises, so bisection on Erlang C. */
static double erlang_crossing(int c, double mu, double t, double target)
{
    double lo = 1e-9, hi = c * mu * (1 - 1e-12);
    for (int k = 0; k < 200; k++) {
        double m = (lo + hi) / 2;
        if (erlang_wait_cdf(c, m, mu, t) >= target)
            lo = m;
        else
            hi = m;
    }
    return (lo + hi) / 2;
}

/* Sweeps the arrival rate of an M/M/c scenario across the crossing the
 * closed form gives and checks that it lies in the sweep's own band:
 * between the points where the 95% CI's bounds cross the target, and
 * between the two swept values whose verdicts settle it. */
static void mmc_crosses_at_erlang(const char *path, const char *vary, int c, double mu, double t)
{
    const char *v[] = {vary};
    sim_scenario *s = NULL;
    sweep_result *r = run_sweep(path, v, 1, 0, 2, &s);
    if (!r)
        return;
    double target = sim_scenario_sla_target(s, 0);
    double want = erlang_crossing(c, mu, t, target);
    const sweep_crossing *x = crossing_of(r, 0, SWEEP_HOLDS_UP_TO);
    CU_ASSERT(in_band(r, x, want));
    CU_ASSERT(x->sure_before < want && want < x->sure_after);
    CU_ASSERT(x->first <= x->at && x->at <= x->last);
    /* the band says more than the swept values alone */
    CU_ASSERT(x->last - x->first < x->sure_after - x->sure_before);
    sweep_result_free(r);
    sim_scenario_free(s);
}

static void test_erlang_crossing(void)
{
    /* M/M/6, mu 1/h, answered within 20 min 80% of the time */
    mmc_crosses_at_erlang(MMC, "arrival.Start.rate=3.5..5:0.25", 6, 1.0, 1.0 / 3);
    /* M/M/3, mu 2/h, answered within 10 min 90% of the time */
    mmc_crosses_at_erlang(MM3, "arrival.Start.rate=2..3.5:0.25", 3, 2.0, 1.0 / 6);
}

/* One pass through n people answering with probability p each, 2 min an
 * attempt, the backup 5 min: reached within 10 min unless nobody answers,
 * so attainment = 1 - (1 - p)^n, rising in p: the target needs at least
 * p = 1 - (1 - target)^(1/n). */
static void test_roster_crossing(void)
{
    const char *v[] = {"roster.oncall.answer=0.3..0.8:0.1"};
    sim_scenario *s = NULL;
    sweep_result *r = run_sweep(ROSTER, v, 1, 0, 2, &s);
    if (!r)
        return;
    int n = sim_scenario_roster_people(s, 0);
    double target = sim_scenario_sla_target(s, 0), want = 1 - pow(1 - target, 1.0 / n);
    const sweep_crossing *x = crossing_of(r, 0, SWEEP_HOLDS_FROM);
    CU_ASSERT(in_band(r, x, want));
    CU_ASSERT(x->sure_before < want && want < x->sure_after);
    CU_ASSERT(x->first <= x->at && x->at <= x->last);
    char *words = sweep_crossing_words(r, x);
    CU_ASSERT(tu_contains(words, "reached-10min (target 90 %) needs at least about an answer probability of 0.5"));
    CU_ASSERT(tu_contains(words, "an answer probability of"));
    free(words);
    sweep_result_free(r);
    sim_scenario_free(s);
}

/* ---- common random numbers, restoring the scenario ---------------------- */

/* A point's figures are the same whether it is swept alone or among
 * others (same seed, same replications: the same experiment), and the
 * scenario's values are back when the sweep ends. */
static void test_common_random_numbers(void)
{
    const char *all[] = {"arrival.Start.rate=3,4,5"}, *one[] = {"arrival.Start.rate=4"};
    sim_scenario *s = NULL;
    sweep_result *a = run_sweep(MMC, all, 1, 6, 2, &s), *b = run_sweep(MMC, one, 1, 6, 1, NULL);
    if (!a || !b)
        return;
    for (int j = 0; j < sweep_result_sla_count(a); j++)
        CU_ASSERT(memcmp(sweep_result_cell(a, 1, j), sweep_result_cell(b, 0, j), sizeof(sim_sla_summary)) == 0);
    /* with one value there is nothing to cross */
    CU_ASSERT(sweep_result_crossing(b, 0)->kind == SWEEP_MET_THROUGHOUT ||
              sweep_result_crossing(b, 0)->kind == SWEEP_MISSED_THROUGHOUT);
    diag_list *d = diag_list_new();
    sim_param p;
    CU_ASSERT_EQUAL(sim_param_find(s, "arrival.Start.rate", &p, d), 0);
    CU_ASSERT_DOUBLE_EQUAL(sim_param_get(s, p), 4.5, 0);
    diag_list_free(d);
    sweep_result_free(a);
    sweep_result_free(b);
    sim_scenario_free(s);
}

/* Sweeps over the new typed keys: each point's figures are those of one
 * run of the scenario with the same value set through the document (a
 * batch with run.seed compiles it again).  A two-way split's flow moves its
 * sibling to 1 - p. */
static void sweep_matches_document(const char *vary, const char *set0, const char *set1)
{
    const char *v[] = {vary};
    sweep_result *r = run_sweep(SPLIT, v, 1, 4, 2, NULL);
    if (!r)
        return;
    diag_list *d = diag_list_new();
    sim_scenario *s = sim_scenario_load(SPLIT, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const char *sets[3] = {set0, set1 ? set1 : "run.seed=3", "run.seed=3"};
    CU_ASSERT_EQUAL_FATAL(sim_scenario_set_args(s, sets, set1 ? 3 : 2, d), 0);
    sim_options o;
    sim_options_init(&o, s);
    o.replications = 4;
    o.threads = 1;
    sim_result *one = sim_run(s, &o, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(one);
    sim_sla_summary x;
    sim_result_sla_summary(one, 0, &x);
    CU_ASSERT(memcmp(sweep_result_cell(r, 1, 0), &x, sizeof x) == 0);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 0);
    sim_result_free(one);
    sim_scenario_free(s);
    diag_list_free(d);
    sweep_result_free(r);
}

static void test_new_typed_keys(void)
{
    sweep_matches_document("flow.x_a.probability=0.2,0.5,0.6", "flow.x_a.probability=0.5",
                           "flow.x_b.probability=0.5");
    sweep_matches_document("duration.*.mean=0.5,1.5", "duration.*.mean=1.5", NULL);
    sweep_matches_document("clock.horizon=864000,1728000", "clock.horizon=P20D", NULL);
}

/* A grid: axis 0 fastest, one crossing per SLA and series. */
static void test_grid(void)
{
    const char *v[] = {"arrival.Start.rate=3,4.5", "role.agent.staff=6,7,8"};
    sweep_result *r = run_sweep(MMC, v, 2, 4, 2, NULL);
    if (!r)
        return;
    CU_ASSERT_EQUAL(sweep_result_axis_count(r), 2);
    CU_ASSERT_EQUAL(sweep_result_point_count(r), 6);
    CU_ASSERT_EQUAL(sweep_result_series_count(r), 3);
    CU_ASSERT_EQUAL(sweep_result_crossing_count(r), 3 * sweep_result_sla_count(r));
    CU_ASSERT_DOUBLE_EQUAL(sweep_result_value(r, 3, 0), 4.5, 0);
    CU_ASSERT_DOUBLE_EQUAL(sweep_result_value(r, 3, 1), 7, 0);
    CU_ASSERT(sweep_result_axis(r, 1)->whole);
    CU_ASSERT_STRING_EQUAL(sweep_result_axis(r, 0)->unit, "an hour");
    /* more staff, more attainment at the same load (the same experiment) */
    CU_ASSERT(sweep_result_cell(r, 5, 0)->attainment >= sweep_result_cell(r, 1, 0)->attainment);
    sweep_result_free(r);
}

/* A load past what the queue can take stops that point's runs (the queue
 * grows past flowmc's limit): a warning, the point missed, the sweep goes
 * on, and the overload is where the target breaks. */
static void test_overloaded_point(void)
{
#ifdef FLOWMC_POOL_MOVES
    /* sanitizer builds move the engine's pools at every allocation: the
     * 10^5 cases before the limit take minutes there */
    printf("\n    skipped: sanitizer build (pools move at every allocation)");
    return;
#endif
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("sweep " MM3 " --vary arrival.Start.rate=1,2,300 -r 2", &out, &err), 0);
    CU_ASSERT(tu_contains(out, "overloaded: runs stopped"));
    CU_ASSERT(tu_contains(out, "answer-10min (target 90 %) holds up to at least 2 arrivals an hour at Start "
                               "(met at 2; overloaded from 300"));
    CU_ASSERT(tu_contains(err, "warning: [overloaded] the queue at role 'agent' grew past"));
    CU_ASSERT(tu_contains(err, "(first at arrival.Start.rate=300)"));
    free(out);
    free(err);
}

/* ---- --vary ------------------------------------------------------------- */

static void test_parse_vary(void)
{
    diag_list *d = diag_list_new();
    char *key = NULL;
    double *x = NULL;
    int n = 0;
    CU_ASSERT_EQUAL_FATAL(sweep_parse_vary("roster.oncall.answer=0.3..0.9:0.1", &key, &x, &n, d), 0);
    CU_ASSERT_STRING_EQUAL(key, "roster.oncall.answer");
    CU_ASSERT_EQUAL(n, 7);
    CU_ASSERT_DOUBLE_EQUAL(x[6], 0.9, 0); /* B itself, not 0.3 + 6 x 0.1 */
    CU_ASSERT_DOUBLE_EQUAL(x[3], 0.6, 0); /* the decimals typed, not 0.3 + 3 x 0.1 */
    free(key);
    free(x);
    CU_ASSERT_EQUAL_FATAL(sweep_parse_vary("k.a.b=40..10:10", &key, &x, &n, d), 0);
    CU_ASSERT(n == 4 && x[0] == 10 && x[3] == 40); /* swept upwards */
    free(key);
    free(x);
    CU_ASSERT_EQUAL_FATAL(sweep_parse_vary("k.a.b=5,1,3", &key, &x, &n, d), 0);
    CU_ASSERT(n == 3 && x[0] == 1 && x[1] == 3 && x[2] == 5);
    free(key);
    free(x);
    CU_ASSERT_EQUAL(diag_list_count(d), 0);
    static const struct {
        const char *arg, *says;
    } bad[] = {
        {"roster.oncall.answer", "expected KEY=V1,V2,... or KEY=A..B:STEP"},
        {"=1,2", "expected KEY=V1,V2,..."},
        {"k.a.b=", "no values after '='"},
        {"k.a.b=1,,2", "an empty value in the list"},
        {"k.a.b=1,x", "'x' "},
        {"k.a.b=1..5", "a range needs its step"},
        {"k.a.b=1..5:0", "the step must be positive"},
        {"k.a.b=1..5:-1", "the step must be positive"},
        {"k.a.b=1..1e9:1", "values: at most 1000 a key"},
        {"k.a.b=1,2,1", "the value 1 comes twice"},
        {"k.a.b=1e999", "'1e999' "},
        {"k.a.b=1,5..9:1", "a list (1,2,5) or a range (1..5:1), not both"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        diag_list *e = diag_list_new();
        key = NULL;
        x = NULL;
        CU_ASSERT_EQUAL(sweep_parse_vary(bad[i].arg, &key, &x, &n, e), -1);
        CU_ASSERT_PTR_NULL(key);
        CU_ASSERT_PTR_NULL(x);
        CU_ASSERT_EQUAL_FATAL(diag_list_count(e), 1);
        const char *m = diag_list_at(e, 0)->message;
        CU_ASSERT(tu_contains(m, bad[i].arg) && tu_contains(m, bad[i].says));
        if (!tu_contains(m, bad[i].says))
            printf("\n    --vary '%s': %s", bad[i].arg, m);
        diag_list_free(e);
    }
    diag_list_free(d);
}

/* Bad sweeps end with exit 2 and one clear line, before any run. */
static void test_cli_errors(void)
{
    static const struct {
        const char *args, *says;
    } bad[] = {
        {"sweep " MMC, "give at least one --vary"},
        {"sweep " MMC " --vary arrival.Start.rate=1..2", "a range needs its step"},
        {"sweep " MMC " --vary role.nobody.staff=1,2", "the scenario has no <role id=nobody>"},
        {"sweep " MMC " --vary duration.Serve.sd=1,2", "the exponential law of 'Serve' has no typed parameter sd"},
        {"sweep " MMC " --vary run.replications=1,2", "is not a typed parameter"},
        {"sweep " MMC " --vary duration.Serve.mean=-1,2", "exponential duration of 'Serve'"},
        {"sweep " ROSTER " --vary roster.oncall.answer=0.5,1.5", "a probability of answering is in (0, 1], not 1.5"},
        {"sweep " MMC " --vary role.agent.staff=2.5", "staff='2.5' must be a whole number"},
        {"sweep " MMC " --vary role.agent.staff=-1,6", "unlimited (-1) is not one"},
        {"sweep " MMC " --vary sla.done-2h.target=0.5,0.9", "what the sweep is judged against"},
        {"sweep " MMC " --vary arrival.Start.rate=1,2 --vary arrival.Start.rate=3", "is varied twice"},
        {"sweep " MMC " --vary arrival.Start.rate=1,2 -o out.txt", "name a .csv or a .json file"},
        {"sweep " MMC " --vary arrival.Start.rate=-1,2", "the arrival rate at 'Start' must be positive"},
        {"sweep tests/fixtures/sim/no-such.xml --vary arrival.Start.rate=1", "no-such.xml"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *out = NULL, *err = NULL;
        CU_ASSERT_EQUAL(tu_flowmc(bad[i].args, &out, &err), 2);
        CU_ASSERT(out && !*out);
        CU_ASSERT(tu_contains(err, bad[i].says));
        if (!tu_contains(err, bad[i].says))
            printf("\n    %s: %s", bad[i].args, err ? err : "(nothing)");
        free(out);
        free(err);
    }
}

/* ---- output shapes, determinism ------------------------------------------ */

#define SMALL "sweep " MMC " --vary arrival.Start.rate=4,4.5,5 --vary role.agent.staff=6,7 -r 4"

static void test_csv_shape(void)
{
    char cmd[1024], path[512];
    snprintf(path, sizeof path, "%s/sweep.csv", tu_tmpdir());
    snprintf(cmd, sizeof cmd, SMALL " -q --force -o %s", path);
    CU_ASSERT_EQUAL_FATAL(tu_flowmc(cmd, NULL, NULL), 0);
    char *csv = tu_slurp(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
    const char *head = "arrival.Start.rate,role.agent.staff,sla,target,attainment,lo,hi,verdict,"
                       "replications_used\n";
    CU_ASSERT(strncmp(csv, head, strlen(head)) == 0);
    int lines = 0;
    for (char *p = csv; *p; p++)
        lines += *p == '\n';
    CU_ASSERT_EQUAL(lines, 1 + 3 * 2 * 2); /* header, points x SLAs */
    /* every row: 9 fields, axis 0 fastest, exact numbers */
    CU_ASSERT(tu_contains(csv, "\n4.5,6,answer-20min,0.80000000000000004,"));
    CU_ASSERT(tu_contains(csv, "\n4,7,done-2h,"));
    for (char *p = strchr(csv, '\n') + 1; *p; p = strchr(p, '\n') + 1) {
        int commas = 0;
        for (char *q = p; *q != '\n'; q++)
            commas += *q == ',';
        CU_ASSERT_EQUAL(commas, 8);
    }
    free(csv);
}

static void test_json_shape(void)
{
    char *out = NULL;
    CU_ASSERT_EQUAL_FATAL(tu_flowmc(SMALL " -o -", &out, NULL), 0);
    json_error_t e;
    json_t *j = json_loads(out ? out : "", 0, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(j, "seed")), "7");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(j, "replications")), 4);
    json_t *axes = json_object_get(j, "axes"), *points = json_object_get(j, "points"),
           *cross = json_object_get(j, "crossings");
    CU_ASSERT_EQUAL(json_array_size(axes), 2);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(axes, 0), "unit")), "an hour");
    CU_ASSERT_EQUAL(json_array_size(json_object_get(json_array_get(axes, 1), "values")), 2);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(j, "slas")), 2);
    CU_ASSERT_EQUAL(json_array_size(points), 6);
    json_t *p1 = json_array_get(points, 1);
    CU_ASSERT_EQUAL(json_real_value(json_object_get(json_object_get(p1, "at"), "arrival.Start.rate")), 4.5);
    json_t *cell = json_object_get(json_object_get(p1, "sla"), "answer-20min");
    CU_ASSERT(json_is_real(json_object_get(cell, "attainment")) && json_is_real(json_object_get(cell, "lo")) &&
              json_is_string(json_object_get(cell, "verdict")) &&
              json_integer_value(json_object_get(cell, "replications_used")) == 4);
    CU_ASSERT_EQUAL(json_array_size(cross), 2 * 2);
    json_t *c0 = json_array_get(cross, 0);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(c0, "along")), "arrival.Start.rate");
    CU_ASSERT(json_is_string(json_object_get(c0, "kind")) && json_is_string(json_object_get(c0, "words")));
    CU_ASSERT(json_object_get(json_object_get(c0, "with"), "role.agent.staff") != NULL);
    json_decref(j);
    free(out);
}

static void test_same_bytes(void)
{
    char *a = NULL, *b = NULL, *c = NULL, *t1 = NULL, *t2 = NULL;
    CU_ASSERT_EQUAL(tu_flowmc(SMALL " -j 1 -o -", &a, NULL), 0);
    CU_ASSERT_EQUAL(tu_flowmc(SMALL " -j 3 -o -", &b, NULL), 0);
    CU_ASSERT_EQUAL(tu_flowmc(SMALL " -j 2 -o -", &c, NULL), 0);
    CU_ASSERT(a && b && c && strcmp(a, b) == 0 && strcmp(a, c) == 0);
    CU_ASSERT_EQUAL(tu_flowmc(SMALL " -j 1", &t1, NULL), 0);
    CU_ASSERT_EQUAL(tu_flowmc(SMALL " -j 2", &t2, NULL), 0);
    CU_ASSERT(t1 && t2 && strcmp(t1, t2) == 0);
    /* the table speaks in people's units */
    CU_ASSERT(tu_contains(t1, "answer-20min, target 80 %"));
    CU_ASSERT(tu_contains(t1, "holds up to about"));
    CU_ASSERT(!tu_contains(t1, "e+0") && !tu_contains(t1, "e-0"));
    /* another seed: other bytes */
    char *d = NULL;
    CU_ASSERT_EQUAL(tu_flowmc(SMALL " -s 8 -o -", &d, NULL), 0);
    CU_ASSERT(a && d && strcmp(a, d) != 0);
    free(a);
    free(b);
    free(c);
    free(d);
    free(t1);
    free(t2);
}

/* --plot: the format the extension names, refused before any run when
 * unknown; the SVG in memory for the report carries the SLA and target. */
static void test_plot(void)
{
    char cmd[1024], path[512];
    snprintf(path, sizeof path, "%s/sweep.png", tu_tmpdir());
    snprintf(cmd, sizeof cmd, "sweep " MM3 " --vary arrival.Start.rate=2,3 -r 2 -q --force --plot %s", path);
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, NULL), 0);
    size_t n = 0;
    char *png = tu_slurp(path, &n);
    CU_ASSERT(png && n > 8 && memcmp(png, "\x89PNG", 4) == 0);
    free(png);
    char *err = NULL;
    snprintf(cmd, sizeof cmd, "sweep " MM3 " --vary arrival.Start.rate=2,3 -q --plot %s/sweep.jpg", tu_tmpdir());
    CU_ASSERT_EQUAL(tu_flowmc(cmd, NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "end it in .svg, .png or .pdf"));
    free(err);
    const char *v[] = {"arrival.Start.rate=2,2.5,3"};
    sweep_result *r = run_sweep(MM3, v, 1, 2, 1, NULL);
    if (!r)
        return;
    diag_list *d = diag_list_new();
    size_t len = 0;
    char *svg = sweep_result_svg(r, "M/M/3 (role.agent.staff=3)", &len, d);
    CU_ASSERT(svg && len == strlen(svg) && tu_contains(svg, "<svg"));
    CU_ASSERT(tu_contains(svg, "answer-10min target 90 %") && tu_contains(svg, "M/M/3 (role.agent.staff=3)"));
    free(svg);
    diag_list_free(d);
    sweep_result_free(r);
}

void suite_sweep(void);
void suite_sweep(void)
{
    static const CU_TestInfo tests[] = {
        {"M/M/c: the crossing lies where Erlang C says, within the CI band", test_erlang_crossing},
        {"roster: the answer probability needed, as 1 - (1 - p)^n says", test_roster_crossing},
        {"common random numbers; the scenario's values put back", test_common_random_numbers},
        {"a grid: points, series and crossings", test_grid},
        {"branch probability, duration and horizon keys", test_new_typed_keys},
        {"an overloaded point: a warning, missed, the sweep goes on", test_overloaded_point},
        {"--vary parsing and its errors", test_parse_vary},
        {"bad sweeps: exit 2, one clear message", test_cli_errors},
        {"CSV: one row per point and SLA, exact", test_csv_shape},
        {"JSON: axes, points, crossings", test_json_shape},
        {"same seed, same bytes at any thread count", test_same_bytes},
        {"--plot by extension; the SVG in memory", test_plot},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("sweep", tests);
}
