/*
 * Suite size: the staffing search on models whose answer is known, run
 * through the callback interface without the simulator.
 *   - an M/M/c FIFO queue simulated here by the Kiefer-Wolfowitz recursion
 *     (replication r draws the same arrivals and services whatever c:
 *     common random numbers), held to Erlang C's smallest c with
 *     P(W <= t) >= target for four (lambda, mu, t, target) settings;
 *   - synthetic rosters whose attainment is a known function of staff:
 *     one role, two independent roles, two substitutable roles under the
 *     headcount and the cost objectives, a target no staffing reaches;
 *   - decisions independent of the batch size; the estimation mode;
 *     CSV; the gnuplot figure and a missing gnuplot; bad input.
 * Then `flowmc size` on the simulator: the M/M/c scenarios of
 * tests/fixtures/size against Erlang C, two roles in series, CSV, figure,
 * estimation mode and bad input.  Fixed seeds throughout.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "model/diag.h"
#include "sim/erlang.h"
#include "sim/size.h"
#include "testutil.h"

/* ---- an M/M/c queue as the callback ---------------------------------- */

typedef struct mmc {
    double lambda, mu, t; /* per hour, hours */
    int customers, warmup;
    unsigned long seed;
} mmc;

static int mmc_eval(void *user, const int *staff, unsigned probes, int r0, int r1,
                    long *measured, long *within, diag_list *d)
{
    (void)d;
    (void)probes;
    const mmc *q = user;
    /* unlimited: one server per customer, nobody waits */
    int c = staff[0] == SIZE_UNLIMITED ? q->customers : staff[0];
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    double *free_at = malloc((size_t)(c ? c : 1) * sizeof *free_at);
    for (int r = r0; r < r1; r++) {
        gsl_rng_set(g, q->seed * 1000003UL + (unsigned long)r);
        for (int k = 0; k < c; k++)
            free_at[k] = 0;
        double now = 0;
        long m = 0, w = 0;
        for (int i = 0; i < q->customers; i++) {
            now += gsl_ran_exponential(g, 1 / q->lambda);
            double service = gsl_ran_exponential(g, 1 / q->mu);
            int k = 0;
            for (int j = 1; j < c; j++)
                if (free_at[j] < free_at[k])
                    k = j;
            double start = free_at[k] > now ? free_at[k] : now;
            free_at[k] = start + service;
            if (i >= q->warmup) {
                m++;
                w += start - now <= q->t;
            }
        }
        measured[r - r0] = m;
        within[r - r0] = w;
    }
    free(free_at);
    gsl_rng_free(g);
    return 0;
}

static void check_erlang(double lambda, double mu, double t, double target, double delta)
{
    mmc q = {lambda, mu, t, 1500, 150, 7};
    int c = erlang_smallest_c(lambda, mu, t, target, 200);
    /* a valid setting: the boundary counts are outside the indifference region */
    CU_ASSERT_FATAL(c > 0);
    CU_ASSERT_FATAL(erlang_wait_cdf(c, lambda, mu, t) > target + delta);
    CU_ASSERT_FATAL(erlang_wait_cdf(c - 1, lambda, mu, t) < target - delta);
    size_role role = {"agents", 1, 60, lambda / mu, 1.0, NAN, SIZE_QUEUE};
    size_sla sla = {"wait", target};
    size_options o;
    size_options_init(&o);
    o.delta = delta;
    diag_list *d = diag_list_new();
    size_problem pb = {&role, 1, &sla, 1, NULL, 0, mmc_eval, &q};
    size_result *r = size_run(&pb, &o, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int a = size_result_answer(r);
    CU_ASSERT_FATAL(a >= 0);
    long used = 0;
    for (int i = 0; i < size_result_candidate_count(r); i++)
        used += size_result_candidate_replications(r, i);
    printf("\n    lambda %g mu %g t %g target %g: erlang c = %d (P = %.4f), size c = %d, "
           "%d candidates, %ld replications",
           lambda, mu, t, target, c, erlang_wait_cdf(c, lambda, mu, t),
           size_result_candidate_staff(r, a)[0], size_result_candidate_count(r), used);
    CU_ASSERT_EQUAL(size_result_candidate_staff(r, a)[0], c);
    CU_ASSERT_EQUAL(size_result_start(r, 0), (int)floor(lambda / mu) + 1);
    CU_ASSERT_DOUBLE_EQUAL(size_result_lower_bound(r, 0), lambda / mu, 1e-12);
    size_result_free(r);
    diag_list_free(d);
}

static void test_size_mmc_erlang(void)
{
    check_erlang(4.5, 1.0, 0.1, 0.8, 0.02);  /* c = 7: 0.831; c = 6: 0.637 */
    check_erlang(4.5, 1.0, 0.1, 0.95, 0.01); /* c = 9: 0.971; c = 8: 0.927 */
    check_erlang(2.0, 0.5, 0.5, 0.7, 0.02);  /* a = 4 */
    check_erlang(10.0, 2.0, 0.05, 0.9, 0.02);
}

/* ---- synthetic rosters ------------------------------------------------ */

/* Replication r has 40 cases with uniform draws u (the same for every
 * staffing); a case meets SLA j when u < p_j(staff). */
typedef double (*attain_fn)(const int *staff, int sla);

typedef struct synth {
    attain_fn p;
    int nsla;
    unsigned long seed;
    int calls;
    int fail_after; /* > 0: the callback fails on that call */
    int nroles;     /* 0 counts as 1 */
    attain_fn probed; /* with probe 0 applied (NULL: as p) */
    int grown[2];     /* the most staff each of two roles was evaluated at,
                       * the ceiling left out */
} synth;

/* An unlimited role evaluates as 1000 people. */
#define SYNTH_UNLIMITED 1000

static int synth_eval(void *user, const int *staff, unsigned probes, int r0, int r1,
                      long *measured, long *within, diag_list *d)
{
    synth *s = user;
    if (s->fail_after > 0 && ++s->calls >= s->fail_after) {
        diag_add(d, DIAG_ERROR, "test-fail", NULL, 0, NULL, NULL, "the callback failed");
        return -1;
    }
    int st[2] = {0, 0}, n = s->nroles > 1 ? 2 : 1;
    for (int i = 0; i < n; i++) {
        st[i] = staff[i] == SIZE_UNLIMITED ? SYNTH_UNLIMITED : staff[i];
        if (st[i] != SYNTH_UNLIMITED && st[i] > s->grown[i])
            s->grown[i] = st[i];
    }
    attain_fn fn = (probes & 1u) && s->probed ? s->probed : s->p;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    for (int r = r0; r < r1; r++) {
        gsl_rng_set(g, s->seed * 7919UL + (unsigned long)r);
        for (int j = 0; j < s->nsla; j++) {
            double p = fn(st, j);
            long w = 0;
            for (int k = 0; k < 40; k++)
                w += gsl_rng_uniform(g) < p;
            measured[(r - r0) * s->nsla + j] = 40;
            within[(r - r0) * s->nsla + j] = w;
        }
    }
    gsl_rng_free(g);
    return 0;
}

/* 1 - exp(-(x - 2) / 1.5): p(5) = 0.865, p(6) = 0.931 */
static double curve(double x)
{
    return x <= 2 ? 0 : 1 - exp(-(x - 2) / 1.5);
}

static double one_role(const int *staff, int sla)
{
    (void)sla;
    return curve(staff[0]);
}

static size_result *run(const size_role *roles, int nroles, const size_sla *slas, int nsla,
                        const size_options *o, synth *s, diag_list *d)
{
    if (!s->nroles)
        s->nroles = nroles;
    size_problem pb = {roles, nroles, slas, nsla, NULL, 0, synth_eval, s};
    return size_run(&pb, o, d);
}

/* One role rzm (1..20, 2.4 erlangs: start at 3), one SLA ack at 0.9, on
 * the curve above: the answer is 6.  delta, or epsilon > 0 for estimation. */
static size_result *run_one_role(double delta, double epsilon, diag_list *d)
{
    size_role role = {"rzm", 1, 20, 2.4, 1.0, NAN, SIZE_QUEUE};
    size_sla sla = {"ack", 0.9};
    size_options o;
    size_options_init(&o);
    o.delta = delta;
    o.epsilon = epsilon;
    synth s = {.p = one_role, .nsla = 1, .seed = 3};
    return run(&role, 1, &sla, 1, &o, &s, d);
}

static void test_size_one_role(void)
{
    diag_list *d = diag_list_new();
    size_result *r = run_one_role(0.02, 0, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int a = size_result_answer(r);
    CU_ASSERT_FATAL(a >= 0);
    CU_ASSERT_EQUAL(size_result_candidate_staff(r, a)[0], 6);
    CU_ASSERT_EQUAL(size_result_start(r, 0), 3);
    /* 3, 4, 5 decided missed on the way; all in the table, in order */
    CU_ASSERT_EQUAL(size_result_candidate_count(r), 4);
    for (int i = 0; i < size_result_candidate_count(r); i++) {
        CU_ASSERT_EQUAL(size_result_candidate_staff(r, i)[0], 3 + i);
        CU_ASSERT_EQUAL(size_result_candidate_verdict(r, i), i == 3 ? SIZE_MET : SIZE_MISSED);
        size_sla_figures f;
        size_result_candidate_sla(r, i, 0, &f);
        /* the CI covers the true attainment */
        CU_ASSERT(f.lo <= curve(3 + i) && curve(3 + i) <= f.hi);
    }
    CU_ASSERT(size_result_replications_simulated(r) >= size_result_candidate_replications(r, 3));
    size_result_free(r);
    diag_list_free(d);
}

/* Two roles, each with its own SLA: the answer is the pair of answers. */
static double two_independent(const int *staff, int sla)
{
    return curve(sla == 0 ? staff[0] : staff[1] - 2);
}

/* rzm and oncall (no load: both start at 1), ack and resolve at 0.9. */
static size_result *run_two_roles(int batch, diag_list *d)
{
    size_role roles[] = {{"rzm", 1, 20, 0, 1.0, NAN, SIZE_QUEUE},
                         {"oncall", 1, 20, 0, 0.5, NAN, SIZE_QUEUE}};
    size_sla slas[] = {{"ack", 0.9}, {"resolve", 0.9}};
    size_options o;
    size_options_init(&o);
    o.delta = 0.02;
    o.batch = batch;
    synth s = {.p = two_independent, .nsla = 2, .seed = 5};
    return run(roles, 2, slas, 2, &o, &s, d);
}

static void test_size_two_roles(void)
{
    diag_list *d = diag_list_new();
    size_result *r = run_two_roles(8, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int a = size_result_answer(r);
    CU_ASSERT_FATAL(a >= 0);
    CU_ASSERT_EQUAL(size_result_candidate_staff(r, a)[0], 6);
    CU_ASSERT_EQUAL(size_result_candidate_staff(r, a)[1], 8);
    CU_ASSERT_DOUBLE_EQUAL(size_result_candidate_objective(r, a), 14, 1e-12);
    size_result_free(r);
    diag_list_free(d);
}

/* One SLA on capacity a + 2b: a b-person does twice the work but costs
 * three times as much.  Headcount favours b, cost favours a. */
static double substitutes(const int *staff, int sla)
{
    (void)sla;
    return curve(staff[0] + 2 * staff[1] - 1);
}

static void test_size_objectives(void)
{
    size_role roles[] = {{"junior", 1, 10, 0, 1.0, 10.0, SIZE_QUEUE},
                         {"senior", 1, 10, 0, 1.0, 30.0, SIZE_QUEUE}};
    size_sla sla = {"resolve", 0.9};
    size_options o;
    size_options_init(&o);
    o.delta = 0.02;
    synth s = {.p = substitutes, .nsla = 1, .seed = 9};
    diag_list *d = diag_list_new();
    /* capacity a + 2b >= 7 meets the target (p(6) = 0.931, p(5) = 0.865) */
    size_result *r = run(roles, 2, &sla, 1, &o, &s, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int a = size_result_answer(r);
    CU_ASSERT_FATAL(a >= 0);
    const int *st = size_result_candidate_staff(r, a);
    CU_ASSERT_EQUAL(st[0], 1); /* 1 + 2 x 3 = 7 with 4 people */
    CU_ASSERT_EQUAL(st[1], 3);
    size_result_free(r);
    o.objective = SIZE_COST;
    r = run(roles, 2, &sla, 1, &o, &s, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    a = size_result_answer(r);
    CU_ASSERT_FATAL(a >= 0);
    st = size_result_candidate_staff(r, a);
    CU_ASSERT_EQUAL(st[0], 5); /* 5 + 2 x 1 = 7 for 80 per hour, against 100 */
    CU_ASSERT_EQUAL(st[1], 1);
    CU_ASSERT_DOUBLE_EQUAL(size_result_candidate_objective(r, a), 80.0, 1e-9);
    size_result_free(r);
    diag_list_free(d);
}

/* Writes r's report into a string (the caller frees it). */
static char *report_of(const size_result *r, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.txt", tu_tmpdir(), name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    size_result_print(r, f);
    fclose(f);
    return tu_slurp(path, NULL);
}

static double saturating(const int *staff, int sla)
{
    (void)sla;
    return 0.8 * curve(staff[0]);
}

/* Attainment never above 80% whatever the staff, target 90%: the ceiling
 * says so at once, no staffing is searched. */
static void test_size_unreachable(void)
{
    size_role role = {"rzm", 2, 7, 1.0, 1.0, NAN, SIZE_QUEUE};
    size_sla sla = {"ack", 0.9};
    size_options o;
    size_options_init(&o);
    o.delta = 0.02;
    synth s = {.p = saturating, .nsla = 1, .seed = 4};
    diag_list *d = diag_list_new();
    size_result *r = run(&role, 1, &sla, 1, &o, &s, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(size_result_answer(r), -1);
    CU_ASSERT_EQUAL(size_result_best(r), -1);
    CU_ASSERT_EQUAL(size_result_candidate_count(r), 0);
    CU_ASSERT_FALSE(size_result_all_reachable(r));
    CU_ASSERT_FALSE(size_result_complete(r));
    size_ceiling c;
    size_result_ceiling(r, 0, &c);
    CU_ASSERT_EQUAL(c.reach, SIZE_OUT_OF_REACH);
    CU_ASSERT(c.fig.lo <= 0.8 && 0.8 <= c.fig.hi);
    /* only the ceiling was simulated (and its last batch's overshoot) */
    CU_ASSERT(size_result_replications_simulated(r) < c.replications + 64);
    char *text = report_of(r, "unreachable");
    CU_ASSERT(tu_contains(text, "ceiling: every sized role unlimited (rzm)"));
    CU_ASSERT(tu_contains(text, "beyond staffing: missed even so"));
    CU_ASSERT(tu_contains(text, "none is within staffing's reach"));
    CU_ASSERT(tu_contains(text, "binds: the work itself"));
    free(text);
    size_result_free(r);

    /* within reach at the ceiling, but not within the range given: the
     * best found, with the SLA short of its target */
    role.max = 4;
    sla.target = 0.7;
    r = run(&role, 1, &sla, 1, &o, &s, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_TRUE(size_result_all_reachable(r));
    CU_ASSERT_EQUAL(size_result_answer(r), -1);
    CU_ASSERT_FATAL(size_result_best(r) >= 0);
    CU_ASSERT_EQUAL(size_result_candidate_staff(r, size_result_best(r))[0], 4);
    text = report_of(r, "range");
    CU_ASSERT(tu_contains(text, "no staffing in range meets every SLA; best found: rzm=4 (4 people)"));
    CU_ASSERT(tu_contains(text, "against target 70 %"));
    free(text);
    size_result_free(r);
    diag_list_free(d);
}

/* At the ceiling the attainment is 90.4% against a target of 90% with
 * delta 2 points: within the indifference region, so no staffing could be
 * called met -- at the edge, said at once, not searched. */
static double edge(const int *staff, int sla)
{
    (void)sla;
    return 0.904 * (staff[0] >= 10 ? 1 : staff[0] / 10.0);
}

static void test_size_at_edge(void)
{
    size_role role = {"rzm", 1, 20, 0, 1.0, NAN, SIZE_QUEUE};
    size_sla slas[] = {{"ack", 0.9}, {"easy", 0.5}};
    size_options o;
    size_options_init(&o);
    o.delta = 0.02;
    synth s = {.p = edge, .nsla = 2, .seed = 8};
    diag_list *d = diag_list_new();
    size_result *r = run(&role, 1, slas, 2, &o, &s, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    size_ceiling c;
    size_result_ceiling(r, 0, &c);
    CU_ASSERT_EQUAL(c.reach, SIZE_AT_EDGE);
    CU_ASSERT(c.fig.hi < 0.92);
    size_result_ceiling(r, 1, &c);
    CU_ASSERT_EQUAL(c.reach, SIZE_REACHABLE);
    /* the search sized for the SLA within reach: 0.904 x n / 10 >= 0.52
     * from n = 6 (0.542), and 5 (0.452) is missed */
    int a = size_result_answer(r);
    CU_ASSERT_FATAL(a >= 0);
    CU_ASSERT_EQUAL(size_result_candidate_staff(r, a)[0], 6);
    CU_ASSERT_FALSE(size_result_complete(r));
    char *text = report_of(r, "edge");
    CU_ASSERT(tu_contains(text, "within 2 points of its target, so no staffing can be shown"));
    CU_ASSERT(tu_contains(text, "smallest roster meeting the SLAs staffing can reach (easy): rzm=6"));
    CU_ASSERT(tu_contains(text, "ack is beyond staffing"));
    free(text);
    size_result_free(r);
    diag_list_free(d);
}

/* A role that stops mattering is not grown: the SLA follows role a alone
 * and only once a has 6 (a plateau below, where no single person helps);
 * role b is the busier one, which the plateau's tie-break would grow. */
static double step_a(const int *staff, int sla)
{
    (void)sla;
    return staff[0] >= 6 ? 0.95 : 0.5;
}

static void test_size_stops_mattering(void)
{
    size_role roles[] = {{"a", 1, 10, 0.5, 1.0, NAN, SIZE_QUEUE},
                         {"b", 1, 10, 2.5, 1.0, NAN, SIZE_QUEUE}};
    size_sla sla = {"ack", 0.9};
    size_options o;
    size_options_init(&o);
    o.delta = 0.02;
    synth s = {.p = step_a, .nsla = 1, .seed = 12};
    diag_list *d = diag_list_new();
    size_result *r = run(roles, 2, &sla, 1, &o, &s, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int a = size_result_answer(r);
    CU_ASSERT_FATAL(a >= 0);
    CU_ASSERT_EQUAL(size_result_candidate_staff(r, a)[0], 6);
    CU_ASSERT_EQUAL(size_result_candidate_staff(r, a)[1], 3); /* b's start: 2.5 erlangs */
    /* b was never evaluated beyond its start (its ceiling aside) */
    CU_ASSERT_EQUAL(s.grown[1], 3);
    CU_ASSERT_EQUAL(size_result_saturated_at(r, 1), 3);
    CU_ASSERT_EQUAL(size_result_saturated_at(r, 0), -1);
    char *text = report_of(r, "stops");
    CU_ASSERT(tu_contains(text, "b stopped mattering at 3: even unlimited, no SLA still short rose"));
    free(text);
    size_result_free(r);
    diag_list_free(d);
}

/* The verdict follows the interval: with "late" missed at once, "clear"
 * (about 98% against 50%) is not tested to the end, and its verdict is
 * read from its interval -- met, in parentheses, never "undecided". */
static double late_and_clear(const int *staff, int sla)
{
    return sla == 0 ? curve(staff[0]) : 0.98;
}

static void test_size_verdict_follows_interval(void)
{
    size_role role = {"rzm", 3, 20, 0, 1.0, NAN, SIZE_QUEUE};
    size_sla slas[] = {{"late", 0.9}, {"clear", 0.5}};
    size_options o;
    size_options_init(&o);
    o.delta = 0.02;
    synth s = {.p = late_and_clear, .nsla = 2, .seed = 6};
    diag_list *d = diag_list_new();
    size_result *r = run(&role, 1, slas, 2, &o, &s, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_FATAL(size_result_candidate_count(r) >= 2);
    int untested = 0;
    for (int i = 0; i < size_result_candidate_count(r); i++)
        for (int j = 0; j < 2; j++) {
            size_sla_figures f;
            size_result_candidate_sla(r, i, j, &f);
            CU_ASSERT(f.verdict != SIZE_UNDECIDED);
            if (!f.tested) {
                untested++;
                /* read from the interval */
                CU_ASSERT_EQUAL(f.verdict, f.lo >= slas[j].target  ? SIZE_MET
                                           : f.hi < slas[j].target ? SIZE_MISSED
                                                                   : SIZE_INCONCLUSIVE);
            }
            if (j == 1 && size_result_candidate_verdict(r, i) == SIZE_MISSED) {
                CU_ASSERT(f.lo > 0.5);
                CU_ASSERT_EQUAL(f.verdict, SIZE_MET);
            }
        }
    CU_ASSERT(untested > 0);
    char *text = report_of(r, "interval");
    CU_ASSERT_FALSE(tu_contains(text, "undecided"));
    CU_ASSERT(tu_contains(text, "(met)"));
    free(text);
    size_result_free(r);
    diag_list_free(d);
}

/* What binds: at the ceiling the SLA reaches 60%, with the probe (say,
 * every roster answering) 100%; the probe is tried on the same
 * replications and named. */
static double capped(const int *staff, int sla)
{
    (void)sla;
    return 0.6 * curve(staff[0]);
}

static double uncapped(const int *staff, int sla)
{
    (void)sla;
    return curve(staff[0]);
}

static void test_size_probes(void)
{
    size_role role = {"rzm", 1, 20, 0, 1.0, NAN, SIZE_QUEUE};
    size_sla sla = {"ack", 0.9};
    size_options o;
    size_options_init(&o);
    synth s = {.p = capped, .nsla = 1, .seed = 9, .probed = uncapped};
    const char *probes[] = {"every roster answers its first call"};
    size_problem pb = {&role, 1, &sla, 1, probes, 1, synth_eval, &s};
    diag_list *d = diag_list_new();
    size_result *r = size_run(&pb, &o, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(size_result_probe_count(r), 1);
    size_probe_figures pf;
    size_result_probe(r, 0, 0, &pf);
    CU_ASSERT_TRUE(pf.defined);
    CU_ASSERT_TRUE(pf.lifts);
    CU_ASSERT(pf.lo <= 0.4 && 0.4 <= pf.hi);
    CU_ASSERT(pf.fig.attainment > 0.99);
    char *text = report_of(r, "probes");
    CU_ASSERT(tu_contains(text, "binds: every roster answers its first call (+"));
    CU_ASSERT(tu_contains(text, "points: alone it brings the target within reach)"));
    free(text);
    size_result_free(r);
    diag_list_free(d);
}

/* The decisions read the replications in order: the batch size changes
 * what is simulated, never what is decided. */
static void test_size_batch_independent(void)
{
    diag_list *d = diag_list_new();
    size_result *r1 = run_two_roles(1, d);
    size_result *r2 = run_two_roles(13, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r2);
    CU_ASSERT_EQUAL(size_result_answer(r1), size_result_answer(r2));
    /* the same candidates, decided on the same replications */
    CU_ASSERT_EQUAL_FATAL(size_result_candidate_count(r1), size_result_candidate_count(r2));
    for (int i = 0; i < size_result_candidate_count(r1); i++) {
        CU_ASSERT(memcmp(size_result_candidate_staff(r1, i), size_result_candidate_staff(r2, i),
                         2 * sizeof(int)) == 0);
        CU_ASSERT_EQUAL(size_result_candidate_replications(r1, i),
                        size_result_candidate_replications(r2, i));
        CU_ASSERT_EQUAL(size_result_candidate_verdict(r1, i), size_result_candidate_verdict(r2, i));
    }
    size_result_free(r1);
    size_result_free(r2);
    diag_list_free(d);
}

static void test_size_estimation(void)
{
    diag_list *d = diag_list_new();
    size_result *r = run_one_role(0.01, 0.025, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int a = size_result_answer(r);
    CU_ASSERT_FATAL(a >= 0);
    CU_ASSERT_EQUAL(size_result_candidate_staff(r, a)[0], 6);
    /* ln(40) / (2 0.025^2) = 2951.1 */
    CU_ASSERT_EQUAL(size_result_candidate_replications(r, a), 2952);
    size_sla_figures f;
    size_result_candidate_sla(r, a, 0, &f);
    CU_ASSERT_DOUBLE_EQUAL(f.hi - f.lo, 2 * sqrt(log(40.0) / (2 * 2952)), 1e-9);
    CU_ASSERT(f.lo <= curve(6) && curve(6) <= f.hi);
    size_result_free(r);
    diag_list_free(d);
}

static void test_size_csv_and_plot(void)
{
    diag_list *d = diag_list_new();
    size_result *r = run_one_role(0.02, 0, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    char path[512];
    snprintf(path, sizeof path, "%s/size.csv", tu_tmpdir());
    FILE *f = fopen(path, "w");
    CU_ASSERT_EQUAL(size_result_write_csv(r, f), 0);
    fclose(f);
    char *text = tu_slurp(path, NULL);
    CU_ASSERT(tu_contains(text, "rzm,headcount,cost_per_hour,ack_attainment,ack_lo,ack_hi,"
                                "ack_verdict,ack_target,ack_tested,verdict,replications,answer\n"));
    CU_ASSERT(tu_contains(text, "\n6,6,,0.9"));
    CU_ASSERT(tu_contains(text, ",met,0.9,1,met,"));
    free(text);

    snprintf(path, sizeof path, "%s/size.svg", tu_tmpdir());
    f = fopen(path, "w");
    CU_ASSERT_EQUAL(size_result_plot(r, "it's a test", GPLOT_SVG, f, d), 0);
    fclose(f);
    text = tu_slurp(path, NULL);
    CU_ASSERT(tu_contains(text, "<svg"));
    CU_ASSERT(tu_contains(text, "staff of rzm"));
    CU_ASSERT(tu_contains(text, "ack target 90 %"));
    CU_ASSERT(tu_contains(text, "ack with unlimited staff 100 %"));
    CU_ASSERT(tu_contains(text, "it's a test"));
    free(text);

    /* no gnuplot on the PATH: a clear error, no figure */
    char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    setenv("PATH", "/nonexistent", 1);
    f = fopen(path, "w");
    CU_ASSERT_EQUAL(size_result_plot(r, NULL, GPLOT_SVG, f, d), -1);
    fclose(f);
    if (old) {
        setenv("PATH", old, 1);
        free(old);
    }
    CU_ASSERT_EQUAL(diag_list_count(d), 1);
    const diag *g = diag_list_at(d, 0);
    CU_ASSERT_STRING_EQUAL(g->code, "plot-no-gnuplot");
    CU_ASSERT(tu_contains(g->message, "gnuplot-nox"));
    size_result_free(r);
    diag_list_free(d);
}

static int has_code(const diag_list *d, const char *code)
{
    for (size_t i = 0; i < diag_list_count(d); i++)
        if (strcmp(diag_list_at(d, i)->code, code) == 0)
            return 1;
    return 0;
}

static void test_size_bad_input(void)
{
    size_role role = {"rzm", 5, 3, 1.0, 1.0, NAN, SIZE_QUEUE};
    size_sla sla = {"ack", 0.9};
    size_options o;
    size_options_init(&o);
    synth s = {.p = one_role, .nsla = 1, .seed = 3};
    diag_list *d = diag_list_new();
    CU_ASSERT_PTR_NULL(run(&role, 1, &sla, 1, &o, &s, d));
    CU_ASSERT(has_code(d, "size-range"));
    role.min = 1;
    diag_list_free(d);
    d = diag_list_new();
    CU_ASSERT_PTR_NULL(run(&role, 1, &sla, 0, &o, &s, d));
    CU_ASSERT(has_code(d, "size-no-sla"));
    diag_list_free(d);
    d = diag_list_new();
    o.objective = SIZE_COST;
    CU_ASSERT_PTR_NULL(run(&role, 1, &sla, 1, &o, &s, d));
    CU_ASSERT(has_code(d, "size-no-cost"));
    diag_list_free(d);
    d = diag_list_new();
    o.objective = SIZE_HEADCOUNT;
    o.delta = 0.7;
    CU_ASSERT_PTR_NULL(run(&role, 1, &sla, 1, &o, &s, d));
    CU_ASSERT(has_code(d, "size-options"));
    diag_list_free(d);
    d = diag_list_new();
    o.delta = 0.02;
    s.fail_after = 3;
    CU_ASSERT_PTR_NULL(run(&role, 1, &sla, 1, &o, &s, d));
    CU_ASSERT(has_code(d, "test-fail"));
    diag_list_free(d);
}

/* ---- flowmc size on the simulator ------------------------------------- */

#define FIX "tests/fixtures/size/"

/* The staff count on the answer line, "...: agent=7 (7 people)"; -1. */
static int answer_of(const char *out, const char *role)
{
    const char *p = out ? strstr(out, "roster meeting every SLA: ") : NULL;
    char key[64];
    snprintf(key, sizeof key, "%s=", role);
    p = p ? strstr(p, key) : NULL;
    return p ? atoi(p + strlen(key)) : -1;
}

/* The M/M/c scenarios of tests/fixtures/size: flowmc size returns Erlang
 * C's smallest c with P(W <= t) >= target. */
static void test_size_cli_erlang(void)
{
    static const struct {
        const char *file;
        double lambda, mu, t, target, delta; /* per hour, hours */
    } fx[] = {
        {"mmc-a.xml", 4.5, 1.0, 0.1, 0.8, 0.02},
        {"mmc-b.xml", 2.0, 0.5, 0.5, 0.75, 0.03},
        {"mmc-c.xml", 10.0, 2.0, 0.05, 0.91, 0.02},
        {"mmc-d.xml", 3.0, 1.0, 10.0 / 60, 0.9, 0.02},
    };
    for (size_t i = 0; i < sizeof fx / sizeof fx[0]; i++) {
        int c = erlang_smallest_c(fx[i].lambda, fx[i].mu, fx[i].t, fx[i].target, 100);
        CU_ASSERT_FATAL(c > 1);
        CU_ASSERT(erlang_wait_cdf(c, fx[i].lambda, fx[i].mu, fx[i].t) > fx[i].target + fx[i].delta);
        CU_ASSERT(erlang_wait_cdf(c - 1, fx[i].lambda, fx[i].mu, fx[i].t) <
                  fx[i].target - fx[i].delta);
        char args[512], *out = NULL;
        snprintf(args, sizeof args, "size " FIX "%s --delta %g", fx[i].file, fx[i].delta);
        CU_ASSERT_EQUAL(tu_flowmc(args, &out, NULL), 0);
        int got = answer_of(out, "agent");
        printf("\n    %s: erlang c = %d, flowmc size c = %d", fx[i].file, c, got);
        CU_ASSERT_EQUAL(got, c);
        CU_ASSERT(tu_contains(out, "lower bound per role"));
        free(out);
    }
}

/* Two roles in series, each an M/M/c queue (Burke): triage 7, resolver 5. */
static void test_size_cli_tandem(void)
{
    char *out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "tandem.xml --delta 0.02", &out, NULL), 0);
    CU_ASSERT(tu_contains(out, "smallest roster meeting every SLA: triage=7, resolver=5 (12 people)"));
    CU_ASSERT(tu_contains(out, "triage        4.500 erlangs / 1.000 =    4.500  -> start at 5"));
    CU_ASSERT(tu_contains(out, "triage-wait   100 % [100 %, 100 %]            target 80 %    within reach"));
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "tandem.xml --delta 0.02 --objective cost", &out, NULL), 0);
    CU_ASSERT(tu_contains(out, "cheapest roster meeting every SLA: triage=7, resolver=5 "
                               "(12 people, 605.00 per hour)"));
    free(out);
}

static void test_size_cli_outputs(void)
{
    char csv[512], svg[512], args[2048], *out = NULL, *err = NULL;
    snprintf(csv, sizeof csv, "%s/mmc-b.csv", tu_tmpdir());
    snprintf(svg, sizeof svg, "%s/mmc-b.svg", tu_tmpdir());
    snprintf(args, sizeof args, "size " FIX "mmc-b.xml --delta 0.03 -o %s --plot %s", csv, svg);
    CU_ASSERT_EQUAL(tu_flowmc(args, &out, NULL), 0);
    char *text = tu_slurp(csv, NULL);
    CU_ASSERT(tu_contains(text, "agent,headcount,cost_per_hour,wait_attainment"));
    CU_ASSERT(tu_contains(text, "\n6,6,,0.8"));
    free(text);
    text = tu_slurp(svg, NULL);
    CU_ASSERT(tu_contains(text, "<svg"));
    CU_ASSERT(tu_contains(text, "wait target 75 %"));
    free(text);
    /* same seed, same table */
    char *again = NULL;
    snprintf(args, sizeof args, "size " FIX "mmc-b.xml --delta 0.03");
    CU_ASSERT_EQUAL(tu_flowmc(args, &again, NULL), 0);
    CU_ASSERT(out && again && strcmp(out, again) == 0);
    free(out);
    free(again);
    /* never overwrite without --force */
    snprintf(args, sizeof args, "size " FIX "mmc-b.xml --delta 0.03 -o %s", csv);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "--force"));
    free(err);
    snprintf(args, sizeof args, "size " FIX "mmc-b.xml --delta 0.03 -o %s --force", csv);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
    /* estimation mode */
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "mmc-b.xml --epsilon 0.05", &out, NULL), 0);
    CU_ASSERT(tu_contains(out, "estimation, 738 replications per candidate"));
    CU_ASSERT_EQUAL(answer_of(out, "agent"), 6);
    free(out);
}

static void test_size_cli_bad_input(void)
{
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "mmc-a.xml --role nobody=1..3", NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "mmc-a.xml"));
    CU_ASSERT(tu_contains(err, "no role 'nobody' (its roles: agent)"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "mmc-a.xml --role agent=5..3", NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "MIN is greater than MAX"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "mmc-a.xml --role agent=five", NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "ROLE=MIN..MAX"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "no-sla.xml", &out, &err), 2);
    CU_ASSERT(tu_contains(err, "no-sla.xml: error: [size-no-sla] the scenario has no sla"));
    CU_ASSERT(out == NULL || out[0] == 0);
    free(out);
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "mmc-a.xml --objective cost", NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "role agent has no cost-per-hour"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "mmc-a.xml --delta 0.6", NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "--delta needs a number in (0, 0.5)"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "mmc-a.xml --objective fastest", NULL, NULL), 2);
    CU_ASSERT_EQUAL(tu_flowmc("size", NULL, NULL), 2);
    /* a target no staffing in range meets: say so, show the best, exit 1 */
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "mmc-a.xml --role agent=3..6 --delta 0.02", &out, NULL), 1);
    CU_ASSERT(tu_contains(out, "no staffing in range meets every SLA; best found: agent=6 (6 people)"));
    CU_ASSERT(tu_contains(out, "against target 80 %"));
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("size --help", &out, NULL), 0);
    CU_ASSERT(tu_contains(out, "usage: flowmc size SCENARIO.xml [--role ROLE=MIN..MAX]..."));
    free(out);
}

/* An on-call list of N people each answering with p = 0.5 within the
 * 10-minute limit (the backup takes 30 min, too late) is reached in time
 * with probability 1 - 0.5^N: 0.75 for N = 2, 0.875 for N = 3.  Against a
 * target of 0.85 (indifference 0.01) the smallest roster is 3. */
static void test_size_cli_roster(void)
{
    char *out = NULL, *err = NULL;
    int rc = tu_flowmc("size tests/fixtures/sim/roster.xml --roster oncall=1..6 "
                       "--set sla.reached-10min.target=0.85 --set roster.oncall.backup-attempt=30min",
                       &out, &err);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_TRUE(tu_contains(out, "smallest roster meeting every SLA: roster oncall=3 (3 people)"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("size tests/fixtures/sim/roster.xml --roster nosuch=1..3", NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "no <roster id=nosuch>"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("size tests/fixtures/sim/roster.xml --roster oncall=0..3", NULL, NULL), 2);
    CU_ASSERT_EQUAL(tu_flowmc("size tests/fixtures/sim/roster.xml --set nope.x=1", NULL, NULL), 2);
}

/* An SLA no staffing can meet is said at once, with what binds it, and
 * nothing is searched: the work itself (a 90-minute task against a
 * 60-minute limit), the agents' office hours (probe: around the clock),
 * the roster's answers (probe: every roster answers its first call). */
static void test_size_cli_beyond_staffing(void)
{
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "too-long.xml", &out, &err), 1);
    CU_ASSERT(tu_contains(out, "ceiling: every sized role unlimited (agent)"));
    CU_ASSERT(tu_contains(out, "done-1h     0 % [0 %, 0 %]"));
    CU_ASSERT(tu_contains(out, "beyond staffing: missed even so"));
    CU_ASSERT(tu_contains(out, "binds: the work itself (task durations, timers and the paths "
                               "cases take): with nobody waiting for staff there is nothing else "
                               "to change"));
    CU_ASSERT(tu_contains(out, "no staffing meets every SLA: none is within staffing's reach"));
    CU_ASSERT_FALSE(tu_contains(out, "lower bound per role"));
    CU_ASSERT(tu_contains(err, "flowmc size: 0 candidates decided"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "office-hours.xml", &out, NULL), 1);
    CU_ASSERT(tu_contains(out, "every role works around the clock"));
    CU_ASSERT(tu_contains(out, "raises it"));
    CU_ASSERT(tu_contains(out, "binds: every role works around the clock (+"));
    CU_ASSERT(tu_contains(out, "points: alone it brings the target within reach)"));
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("size tests/fixtures/sim/roster.xml --roster oncall=1..3", &out, NULL),
                    1);
    CU_ASSERT(tu_contains(out, "ceiling: roster oncall at 3, its longest"));
    CU_ASSERT(tu_contains(out, "binds: every roster answers its first call (+"));
    CU_ASSERT_FALSE(tu_contains(out, "erlangs"));
    free(out);
}

/* The texts people read: counts agree with their nouns, percent not
 * fractions, the narrowed indifference region said in the header and
 * the guarantee alike, no erlang line for a roster, no exponent. */
static void test_size_cli_texts(void)
{
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "mmc-a.xml --role agent=7 --delta 0.02", &out, &err), 0);
    CU_ASSERT(tu_contains(out, "smallest roster meeting every SLA: agent=7 (7 people)"));
    CU_ASSERT(tu_contains(out, "for the 1 decision;"));
    CU_ASSERT(tu_contains(out, "it is wrong with probability at most 5 %"));
    CU_ASSERT_FALSE(tu_contains(out, "union bound"));
    CU_ASSERT(tu_contains(err, "flowmc size: 1 candidate decided"));
    CU_ASSERT(tu_contains(err, "simulator run"));
    free(out);
    free(err);
    /* target 99% with d = 1 point: narrowed to 0.5, said where d is */
    CU_ASSERT_EQUAL(tu_flowmc("size " FIX "mmc-a.xml --set sla.wait.target=0.99 --role agent=9..12",
                              &out, NULL), 0);
    CU_ASSERT(tu_contains(out, "d = 1 point (wait 0.5: half the distance from the target to "
                               "100 %, as target + d must stay below 100 %)"));
    CU_ASSERT(tu_contains(out, "(d = 1 point, or as narrowed above)"));
    CU_ASSERT_FALSE(tu_contains(out, "e-0"));
    CU_ASSERT_FALSE(tu_contains(out, "e+0"));
    CU_ASSERT_FALSE(tu_contains(out, "undecided"));
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("size tests/fixtures/sim/roster.xml --roster oncall=1..6 "
                              "--set sla.reached-10min.target=0.85 "
                              "--set roster.oncall.backup-attempt=30min",
                              &out, NULL), 0);
    CU_ASSERT(tu_contains(out, "roster oncall a call list (no queue, no load): start at 1 (range 1..6)"));
    CU_ASSERT_FALSE(tu_contains(out, "erlangs"));
    free(out);
}

void suite_size(void);
void suite_size(void)
{
    static const CU_TestInfo tests[] = {
        {"M/M/c answers match Erlang C", test_size_mmc_erlang},
        {"one role", test_size_one_role},
        {"two roles, two SLAs", test_size_two_roles},
        {"headcount and cost objectives", test_size_objectives},
        {"target out of reach: the ceiling says so", test_size_unreachable},
        {"ceiling within delta of a target", test_size_at_edge},
        {"a role that stops mattering is not grown", test_size_stops_mattering},
        {"the verdict follows the interval", test_size_verdict_follows_interval},
        {"probes: what binds", test_size_probes},
        {"decisions do not depend on batches", test_size_batch_independent},
        {"estimation mode", test_size_estimation},
        {"csv, plot, no gnuplot", test_size_csv_and_plot},
        {"bad input", test_size_bad_input},
        {"flowmc size: M/M/c scenarios match Erlang C", test_size_cli_erlang},
        {"flowmc size: two roles in series", test_size_cli_tandem},
        {"flowmc size: csv, plot, estimation", test_size_cli_outputs},
        {"flowmc size: bad input", test_size_cli_bad_input},
        {"flowmc size: roster length", test_size_cli_roster},
        {"flowmc size: beyond staffing, and what binds", test_size_cli_beyond_staffing},
        {"flowmc size: texts", test_size_cli_texts},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("size", tests);
}
