/*
 * Suite import: BIMP (QBP) and Prosimos parameters into flowmc scenarios.
 * An M/M/6 written in each format simulates to Erlang C within the
 * simulation's own confidence interval; the feature fixtures (every law,
 * timetable and holiday feature of each format) import to the values the
 * mapping promises (gamma and lognormal from mean and variance, Prosimos'
 * shifted and bounded laws, overnight rules, holidays) and compile; what
 * cannot be mapped is a warning naming its element or JSON key; broken
 * input is an error naming file and line; the CLI writes what runs; an
 * exported scenario imports back to the same values and the same queue.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_cdf.h>
#include <libxml/xpath.h>

#include "import/importer.h"
#include "import/prosimos.h"
#include "import/qbp.h"
#include "import/scenbuild.h"
#include "model/xmlsafe.h"
#include "sim/erlang.h"
#include "test_sim.h"
#include "testutil.h"

#define IMPFIX "tests/fixtures/import/"

/* Runs a compiled scenario: reps replications on 2 threads, after the
 * overrides (NULL-terminated, may be NULL). */
static sim_result *run(sim_scenario *s, const char *const *sets, int reps)
{
    diag_list *d = diag_list_new();
    sim_result *r = NULL;
    int n = 0;
    while (sets && sets[n])
        n++;
    if (s && (!n || sim_scenario_set_args(s, sets, n, d) == 0)) {
        sim_options o;
        sim_options_init(&o, s);
        o.replications = reps;
        o.threads = 2;
        r = sim_run(s, &o, d);
    }
    if (!r)
        diag_list_print(d, stderr);
    diag_list_free(d);
    return r;
}

/* The string value of an XPath expression on doc (malloc'd), or NULL. */
static char *xp(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr c = xmlXPathNewContext(doc);
    xmlXPathObjectPtr o = c ? xmlXPathEvalExpression(BAD_CAST expr, c) : NULL;
    char *s = NULL;
    if (o) {
        xmlChar *v = xmlXPathCastToString(o);
        if (v && *v)
            s = strdup((const char *)v);
        xmlFree(v);
    }
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(c);
    return s;
}

/* 1 when the XPath's value is the number want (relative 1e-12). */
static int xp_num(xmlDocPtr doc, const char *expr, double want)
{
    char *s = xp(doc, expr);
    double v = s ? strtod(s, NULL) : NAN;
    int ok = s && fabs(v - want) <= 1e-12 * fabs(want) + 1e-12;
    if (!ok)
        fprintf(stderr, "\n  %s = %s, want %.17g\n", expr, s ? s : "(none)", want);
    free(s);
    return ok;
}

static int xp_is(xmlDocPtr doc, const char *expr, const char *want)
{
    char *s = xp(doc, expr);
    int ok = s && !strcmp(s, want);
    if (!ok)
        fprintf(stderr, "\n  %s = %s, want %s\n", expr, s ? s : "(none)", want);
    free(s);
    return ok;
}

/* doc, the result of an import; when the import failed, its diagnostics
 * are printed and the test stops here. */
static xmlDocPtr imported(xmlDocPtr doc, const diag_list *d)
{
    if (!doc)
        diag_list_print(d, stderr);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    return doc;
}

/* The scenario compiled from an imported doc (which it takes) named name;
 * when it does not compile, the diagnostics are printed and the test
 * stops here. */
static sim_scenario *compiled(xmlDocPtr doc, const char *name, diag_list *d)
{
    sim_scenario *s = sim_scenario_load_doc(doc, name, d);
    if (!s)
        diag_list_print(d, stderr);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    return s;
}

/* One value an imported document must hold: the XPath's string value is
 * `is`, or (is NULL) its number is num. */
typedef struct xp_want {
    const char *expr, *is;
    double num;
} xp_want;

/* Asserts every value of the table w, ended by a NULL expr; each miss is
 * printed with its XPath. */
static void expect_values(xmlDocPtr doc, const xp_want *w)
{
    for (; w->expr; w++)
        CU_ASSERT_TRUE(w->is ? xp_is(doc, w->expr, w->is) : xp_num(doc, w->expr, w->num));
}

/* 1 when some diagnostic of severity sev names element elem (NULL: any)
 * and its message contains text. */
static int has_diag(const diag_list *d, diag_severity sev, const char *elem, const char *text)
{
    for (size_t i = 0; i < diag_list_count(d); i++) {
        const diag *x = diag_list_at(d, i);
        if (x->severity == sev && (!elem || (x->element && !strcmp(x->element, elem))) &&
            strstr(x->message, text))
            return 1;
    }
    return 0;
}

/* ---- M/M/6 against Erlang C ------------------------------------------------ */

/* lambda 4.5/h, mu 1/h, c = 6: the same closed forms as sim_queueing's
 * mmc.xml, with the tolerances that suite derives from its CIs. */
static void check_mm6(sim_result *r, const char *role)
{
    char util[128];
    snprintf(util, sizeof util, "role.%s.utilisation", role);
    double lambda = 4.5, mu = 1;
    int c = 6;
    CU_ASSERT_TRUE(ts_agrees(r, "task.Serve.wait_mean", 3600 * erlang_mean_wait(c, lambda, mu), 0.08));
    CU_ASSERT_TRUE(ts_agrees(r, util, lambda / (c * mu), 0.02));
    CU_ASSERT_TRUE(ts_agrees(r, "cycle.Process_Queue.mean", 3600 * (erlang_mean_wait(c, lambda, mu) + 1 / mu),
                             0.03));
}

static void test_qbp_mmc(void)
{
    diag_list *d = diag_list_new();
    /* flowmc sim model.bpmn: the QBP parameters compiled in memory */
    sim_scenario *s = importer_load(IMPFIX "mmc-qbp.bpmn", d);
    if (!s)
        diag_list_print(d, stderr);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 0);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_WARNING), 0);
    sim_result *r = run(s, NULL, 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    /* one QBP run of 43,200 cases per replication, 2,160 trimmed: about
     * 41,040 measured */
    double arrived = ts_mean(r, "cases.arrived");
    CU_ASSERT(fabs(arrived - 41040) < 4 * sqrt(41040));
    check_mm6(r, "clerks");
    sim_result_free(r);
    sim_scenario_free(s);
    diag_list_free(d);
}

static void test_prosimos_mmc(void)
{
    diag_list *d = diag_list_new();
    xmlDocPtr doc = prosimos_import(IMPFIX "mmc-prosimos.bpmn", IMPFIX "mmc-prosimos.json",
                                    "mmc-prosimos.bpmn", 43200, NULL, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    /* the run bounds its laws at 1e8 s: nothing a mean of 800 s reaches */
    CU_ASSERT_TRUE(xp_is(doc, "string(//arrival/@dist)", "exponential"));
    CU_ASSERT_TRUE(xp_num(doc, "string(//arrival/@mean)", 800));
    sim_scenario *s = compiled(doc, IMPFIX "mmc-prosimos.json", d);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_WARNING), 0);
    /* Prosimos has no warm-up: the same 20 days as the QBP run's trim */
    const char *sets[] = {"clock.warmup=P20D", NULL};
    sim_result *r = run(s, sets, 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    check_mm6(r, "clerk");
    sim_result_free(r);
    sim_scenario_free(s);
    diag_list_free(d);
}

/* ---- QBP features ------------------------------------------------------------ */

static void test_qbp_schema(void)
{
    /* the fixtures validate against the schema flowmc ships */
    diag_list *d = diag_list_new();
    char xsd[4200];
    xmlsafe_schema_path("qbp.xsd", "FLOWMC_QBP_XSD", xsd, sizeof xsd);
    xmlSchemaPtr schema = xmlsafe_schema_load(xsd, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(schema);
    const char *files[] = {IMPFIX "mmc-qbp.bpmn", IMPFIX "features-qbp.bpmn"};
    for (size_t i = 0; i < 2; i++) {
        xmlDocPtr bpmn = xmlsafe_read_file(files[i], d);
        CU_ASSERT_PTR_NOT_NULL_FATAL(bpmn);
        xmlNodePtr info = qbp_find(bpmn);
        CU_ASSERT_PTR_NOT_NULL_FATAL(info);
        xmlDocPtr one = xmlNewDoc(BAD_CAST "1.0");
        xmlDocSetRootElement(one, xmlDocCopyNode(info, one, 1));
        xmlReconciliateNs(one, xmlDocGetRootElement(one));
        CU_ASSERT_EQUAL(xmlsafe_validate(schema, one, files[i], d), 0);
        xmlFreeDoc(one);
        xmlFreeDoc(bpmn);
    }
    /* a broken one: an unknown law and a single instance, each named with
     * its line; nothing imported */
    char path[512];
    snprintf(path, sizeof path, "%s/broken-qbp.bpmn", tu_tmpdir());
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"\n"
          "  xmlns:qbp=\"http://www.qbp-simulator.com/Schema201212\" id=\"D\" targetNamespace=\"x\">\n"
          "  <process id=\"P\"><startEvent id=\"S\"/></process>\n"
          "  <qbp:processSimulationInfo processInstances=\"1\">\n"
          "    <qbp:arrivalRateDistribution type=\"WEIBULL\" mean=\"1\"/>\n"
          "  </qbp:processSimulationInfo>\n"
          "</definitions>\n",
          f);
    fclose(f);
    diag_list *e = diag_list_new();
    CU_ASSERT_PTR_NULL(qbp_import(path, "broken-qbp.bpmn", e));
    int lines[8] = {0}, n = 0;
    for (size_t i = 0; i < diag_list_count(e) && n < 8; i++)
        if (diag_list_at(e, i)->severity == DIAG_ERROR)
            lines[n++] = diag_list_at(e, i)->line;
    CU_ASSERT(n >= 2);
    int l4 = 0, l5 = 0;
    for (int i = 0; i < n; i++)
        l4 |= lines[i] == 4, l5 |= lines[i] == 5;
    CU_ASSERT_TRUE(l4 && l5);
    xmlSchemaFree(schema);
    diag_list_free(d);
    diag_list_free(e);
}

static void test_qbp_features(void)
{
    diag_list *d = diag_list_new();
    xmlDocPtr doc = imported(qbp_import(IMPFIX "features-qbp.bpmn", "features-qbp.bpmn", d), d);
    /* laws: gamma and lognormal from mean and variance */
    expect_values(doc, (const xp_want[]){
        {"string(//arrival/@shape)", NULL, 1800.0 * 1800 / 810000},
        {"string(//arrival/@scale)", NULL, 810000.0 / 1800},
        {"string(//arrival/@calendar)", "OFFICE", 0},
        {"string(//duration[@task='T_Fixed']/@value)", "600", 0},
        {"string(//duration[@task='T_Exp']/@mean)", NULL, 900},
        {"string(//duration[@task='T_Gamma']/@shape)", NULL, 4},
        {"string(//duration[@task='T_Gamma']/@scale)", NULL, 300},
        {"string(//duration[@task='T_Lognormal']/@mean)", NULL, 1500},
        {"string(//duration[@task='T_Lognormal']/@sd)", NULL, 1200},
        {"string(//duration[@task='T_Normal']/@sd)", NULL, 120},
        {"string(//duration[@task='T_Triangular']/@mode)", NULL, 400},
        {"string(//duration[@task='T_Triangular']/@min)", NULL, 300},
        {"string(//duration[@task='T_Uniform']/@max)", NULL, 500},
        {"string(//duration[@task='T_Histogram']/@dist)", "mixture", 0},
        {"count(//duration[@task='T_Histogram']/component)", NULL, 2},
        {"string(//duration[@task='T_Histogram']/component[2]/@mean)", NULL, 300},
        {"count(//duration[@task='T_Exact']/point)", NULL, 3},
        {NULL, NULL, 0}});
    /* timetables: a range, a single day, an overnight rule split at
     * midnight, holidays */
    expect_values(doc, (const xp_want[]){
        {"string(//calendar[@id='OFFICE']/window[1]/@days)", "Mon-Fri", 0},
        {"string(//calendar[@id='OFFICE']/window[2]/@to)", "13:30", 0},
        {"string(//calendar[@id='NIGHT']/window[1]/@days)", "Sun-Thu", 0},
        {"string(//calendar[@id='NIGHT']/window[1]/@to)", "24:00", 0},
        {"string(//calendar[@id='NIGHT']/window[2]/@days)", "Mon-Fri", 0},
        {"string(//calendar[@id='NIGHT']/window[2]/@to)", "06:00", 0},
        {"string(//calendar[@id='OFFICE']/holiday[2]/@date)", "2025-12-25", 0},
        {"string(//role[@id='clerk']/@calendar)", "OFFICE", 0},
        {"string(//role[@id='night_ops']/@cost-per-hour)", NULL, 40},
        /* clock and trimming */
        {"string(/scenario/clock/@start)", "2025-03-03T08:30:00", 0},
        {"string(/scenario/clock/@utc-offset)", "+01:00", 0},
        {"count(/scenario/clock/@warmup)", NULL, 1},
        /* branches: the XOR rescaled, the OR as given, the AND left out */
        {"sum(//gateway[@id='X_Split']/flow/@probability)", NULL, 1},
        {"string(//flow[@id='F_O_B']/@probability)", NULL, 0.8},
        {"count(//gateway[@id='P_Split'])", NULL, 0},
        /* every value names its source */
        {"count(//duration[not(@note)])", NULL, 0},
        {NULL, NULL, 0}});
    /* what does not map is said */
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "T_Fixed", "fixedCost"));
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "trimEndProcessInstances", "no flowmc equivalent"));
    CU_ASSERT_TRUE(has_diag(d, DIAG_NOTE, "X_Split", "rescaled"));
    /* and it runs */
    sim_scenario *s = compiled(doc, IMPFIX "features-qbp.bpmn", d);
    sim_result *r = run(s, NULL, 3);
    CU_ASSERT_PTR_NOT_NULL(r);
    /* the gamma of the arrivals: about 500 arrivals per replication */
    double arrived = r ? ts_mean(r, "cases.arrived") : 0;
    CU_ASSERT(arrived > 350 && arrived < 600);
    sim_result_free(r);
    sim_scenario_free(s);
    diag_list_free(d);
}

/* ---- Prosimos features ------------------------------------------------------- */

static void test_prosimos_features(void)
{
    diag_list *d = diag_list_new();
    xmlDocPtr doc = imported(prosimos_import(IMPFIX "features-qbp.bpmn", IMPFIX "features-prosimos.json",
                                             "features-qbp.bpmn", 500, "2025-03-03T08:30", d), d);
    /* pix-framework's laws */
    expect_values(doc, (const xp_want[]){
        {"string(//duration[@task='T_Exp']/@mean)", NULL, 840},
        {"string(//duration[@task='T_Exp']/@shift)", NULL, 60},
        {"string(//duration[@task='T_Exp']/@trunc-max)", NULL, 5400},
        {"string(//duration[@task='T_Gamma']/@shape)", NULL, 4},
        {"string(//duration[@task='T_Gamma']/@trunc-max)", NULL, 7200},
        {"string(//duration[@task='T_Lognormal']/@sd)", NULL, 1200},
        {"string(//duration[@task='T_Normal']/@dist)", "mixture", 0},
        {"string(//duration[@task='T_Normal']/component[1]/@weight)", NULL, 2},
        {"string(//duration[@task='T_Normal']/component[2]/@trunc-min)", NULL, 200},
        /* the histogram of gaps: bins by cdf difference, empty bins dropped */
        {"count(//arrival/point)", NULL, 3},
        {"string(//arrival/point[2]/@weight)", NULL, 0.5},
        {"string(//arrival/@calendar)", "arrivals", 0},
        /* calendars and pooling */
        {"string(//calendar[@id='night']/window[2]/@days)", "Mon-Fri", 0},
        {"string(//role[serves/@task='T_Exp']/@staff)", NULL, 3},
        {"string(//role[serves/@task='T_Uniform']/@calendar)", "night", 0},
        /* a missing probability takes what is left, as Prosimos does */
        {"string(//flow[@id='F_X_B']/@probability)", NULL, 0.4},
        {"count(//gateway[@id='P_Split'])", NULL, 0},
        {NULL, NULL, 0}});
    /* never silence: each unmapped feature names its key */
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "batch_processing", "no flowmc equivalent"));
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "case_attributes", "no flowmc equivalent"));
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "prioritisation_rules", "no flowmc equivalent"));
    CU_ASSERT_FALSE(has_diag(d, DIAG_WARNING, "event_distribution", "")); /* empty: nothing to say */
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "task_resource_distribution[4]", "mixture"));
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "task_resource_distribution[1]", "2 of the 3 staff"));
    sim_scenario *s = compiled(doc, IMPFIX "features-prosimos.json", d);
    sim_result *r = run(s, NULL, 3);
    CU_ASSERT_PTR_NOT_NULL(r);
    /* bounded laws stay in their bounds: T_Exp's work within [60 s, 5400 s] */
    double w = r ? ts_mean(r, "task.T_Exp.service_mean") : 0;
    CU_ASSERT(w > 60 && w < 5400);
    sim_result_free(r);
    sim_scenario_free(s);
    diag_list_free(d);
}

static void test_prosimos_errors(void)
{
    char json[512];
    snprintf(json, sizeof json, "%s/bad-prosimos.json", tu_tmpdir());
    FILE *f = fopen(json, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("{\"resource_profiles\": [{\"id\": \"p\", \"resource_list\": [{\"id\": \"r\", \"amount\": 1}]}],\n"
          " \"arrival_time_distribution\": {\"distribution_name\": \"expon\",\n"
          "   \"distribution_params\": [{\"value\": 60}, {\"value\": 0}, {\"value\": 1000}]},\n"
          " \"task_resource_distribution\": [{\"task_id\": \"Serve\", \"resources\": [\n"
          "   {\"resource_id\": \"r\", \"distribution_name\": \"weibull_min\", \"distribution_params\": [{\"value\": 1}]}]}]}\n",
          f);
    fclose(f);
    diag_list *d = diag_list_new();
    CU_ASSERT_PTR_NULL(prosimos_import(IMPFIX "mmc-prosimos.bpmn", json, "x.bpmn", 10, NULL, d));
    CU_ASSERT_TRUE(has_diag(d, DIAG_ERROR, "task_resource_distribution[0]", "weibull_min"));
    diag_list_free(d);
    /* not JSON: the line of the fault */
    f = fopen(json, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("{\n  \"resource_profiles\": [,\n}\n", f);
    fclose(f);
    d = diag_list_new();
    CU_ASSERT_PTR_NULL(prosimos_import(IMPFIX "mmc-prosimos.bpmn", json, "x.bpmn", 10, NULL, d));
    CU_ASSERT_EQUAL(diag_list_count(d), 1);
    CU_ASSERT_EQUAL(diag_list_at(d, 0)->line, 2);
    diag_list_free(d);
}

/* ---- Prosimos' older layouts, arrival limits, long histograms ---------------- */

static void test_prosimos_2021(void)
{
    /* the M/M/6 in the layout of 2021: keyed objects, scipy's loc, scale */
    diag_list *d = diag_list_new();
    xmlDocPtr doc = imported(prosimos_import(IMPFIX "mmc-prosimos.bpmn", IMPFIX "mmc-prosimos-2021.json",
                                             "mmc-prosimos.bpmn", 43200, NULL, d), d);
    CU_ASSERT_TRUE(has_diag(d, DIAG_NOTE, "resource_profiles", "layout of 2021"));
    expect_values(doc, (const xp_want[]){
        {"string(//arrival/@mean)", NULL, 800},
        {"count(//arrival/@shift)", NULL, 0},
        {"string(//arrival/@limit)", NULL, 43200},
        {"string(//duration[@task='Serve']/@mean)", NULL, 3600},
        {"string(//role[serves/@task='Serve']/@staff)", NULL, 6},
        {NULL, NULL, 0}});
    sim_scenario *s = sim_scenario_load_doc(doc, IMPFIX "mmc-prosimos-2021.json", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const char *sets[] = {"clock.warmup=P20D", NULL};
    sim_result *r = run(s, sets, 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    check_mm6(r, "clerk");
    sim_result_free(r);
    sim_scenario_free(s);
    diag_list_free(d);
}

static void test_prosimos_scipy(void)
{
    /* the layout of 2022: scipy's shape, loc, scale, min, max in
     * {"value"} lists, Python's Infinity, the run's size in the JSON */
    diag_list *d = diag_list_new();
    xmlDocPtr doc = imported(prosimos_import(IMPFIX "features-qbp.bpmn", IMPFIX "scipy-prosimos.json",
                                             "features-qbp.bpmn", 0, NULL, d), d);
    CU_ASSERT_TRUE(has_diag(d, DIAG_NOTE, NULL, "Infinity"));
    CU_ASSERT_TRUE(has_diag(d, DIAG_NOTE, NULL, "from March 2022"));
    /* expon(loc 600, scale 1800): gaps of 600 s + Exp(1800 s); no bound at
     * an infinite max */
    expect_values(doc, (const xp_want[]){
        {"string(//arrival/@mean)", NULL, 1800},
        {"string(//arrival/@shift)", NULL, 600},
        {"count(//arrival/@trunc-max)", NULL, 0},
        {"string(//arrival/@limit)", NULL, 200},
        {"string(/scenario/clock/@start)", "2025-03-03T08:30", 0},
        {"string(//duration[@task='T_Fixed']/@value)", NULL, 600},
        {"string(//duration[@task='T_Exp']/@mean)", NULL, 840},
        {"string(//duration[@task='T_Exp']/@shift)", NULL, 60},
        {"string(//duration[@task='T_Gamma']/@shape)", NULL, 4},
        {"string(//duration[@task='T_Gamma']/@scale)", NULL, 450},
        /* lognorm(s 0.5, loc 100, scale 1000): the variable's mean and sd */
        {"string(//duration[@task='T_Lognormal']/@mean)", NULL, 1000 * exp(0.125)},
        {NULL, NULL, 0}});
    CU_ASSERT_TRUE(xp_num(doc, "string(//duration[@task='T_Lognormal']/@sd)",
                          1000 * exp(0.125) * sqrt(expm1(0.25))));
    expect_values(doc, (const xp_want[]){
        {"string(//duration[@task='T_Lognormal']/@shift)", NULL, 100},
        /* triang(c 0.25, loc 600, scale 2400), uniform(loc 300, scale 600) */
        {"string(//duration[@task='T_Triangular']/@mode)", NULL, 1200},
        {"string(//duration[@task='T_Triangular']/@max)", NULL, 3000},
        {"string(//duration[@task='T_Uniform']/@max)", NULL, 900},
        /* exponnorm(K 2, loc 1000, scale 200): mu 1000, sigma 200, tau 400 */
        {"string(//duration[@task='T_Histogram']/@dist)", "exnormal", 0},
        {"string(//duration[@task='T_Histogram']/@tau)", NULL, 400},
        {"string(//duration[@task='T_Exact']/@dist)", "weibull", 0},
        {NULL, NULL, 0}});
    sim_scenario *s = compiled(doc, IMPFIX "scipy-prosimos.json", d);
    sim_result *r = run(s, NULL, 10);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    /* the ex-Gaussian's mean mu + tau (the mass below 0 is 4e-7) and the
     * shifted lognormal's, within the run's own CI */
    CU_ASSERT_TRUE(ts_agrees(r, "task.T_Histogram.service_mean", 1400, 0.05));
    CU_ASSERT_TRUE(ts_agrees(r, "task.T_Lognormal.service_mean", 100 + 1000 * exp(0.125), 0.05));
    /* the limit: exactly 200 cases a replication, all finished */
    CU_ASSERT_EQUAL(ts_mean(r, "cases.arrived"), 200);
    CU_ASSERT_EQUAL(ts_mean(r, "cases.open_at_horizon"), 0);
    sim_result_free(r);
    sim_scenario_free(s);
    diag_list_free(d);
}

static void test_prosimos_long_histogram(void)
{
    /* November 2022's histogram: a list of observed gaps.  1,500 distinct
     * values: their 1,024 quantiles (a warning), as a mixture; 100: a
     * mixture of 100 fixed laws, exactly */
    for (int n = 100; n <= 1500; n += 1400) {
        char json[512];
        snprintf(json, sizeof json, "%s/hist-prosimos.json", tu_tmpdir());
        FILE *f = fopen(json, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fputs("{\"resource_profiles\": [{\"id\": \"p\", \"resource_list\": [{\"id\": \"clerk\", \"amount\": 6}]}],\n"
              " \"arrival_time_distribution\": {\"distribution_name\": \"histogram_sampling\", \"histogram_data\": [",
              f);
        for (int i = 0; i < n; i++)
            fprintf(f, "%s%d", i ? ", " : "", 500 + 600 * i / n);
        fputs("]},\n \"task_resource_distribution\": [{\"task_id\": \"Serve\", \"resources\": [\n"
              "   {\"resource_id\": \"clerk\", \"distribution_name\": \"fix\", \"distribution_params\": [{\"value\": 60}]}]}]}\n",
              f);
        fclose(f);
        diag_list *d = diag_list_new();
        char mref[4096];
        CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(IMPFIX "mmc-prosimos.bpmn", mref));
        xmlDocPtr doc = prosimos_import(IMPFIX "mmc-prosimos.bpmn", json, mref, 100, NULL, d);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        CU_ASSERT_TRUE(xp_is(doc, "string(//arrival/@dist)", "mixture"));
        int distinct = n > 600 ? 600 : n; /* 500 + 600 i / n: at most 600 values */
        CU_ASSERT_TRUE(xp_num(doc, "count(//arrival/component)", distinct));
        sim_scenario *s = sim_scenario_load_doc(doc, json, d);
        if (!s)
            diag_list_print(d, stderr);
        CU_ASSERT_PTR_NOT_NULL(s);
        sim_scenario_free(s);
        diag_list_free(d);
    }
}

static void test_qbp_limit(void)
{
    /* processInstances is an arrival limit: every replication starts that
     * many cases and ends when they are done, well before the horizon cap */
    diag_list *d = diag_list_new();
    xmlDocPtr doc = qbp_import(IMPFIX "mmc-qbp.bpmn", "mmc-qbp.bpmn", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_TRUE(xp_num(doc, "string(//arrival/@limit)", 43200));
    char *h = xp(doc, "string(/scenario/clock/@horizon)");
    CU_ASSERT_TRUE(h && strtod(h, NULL) > 10 * 43200 * 800.0);
    free(h);
    xmlFreeDoc(doc);
    sim_scenario *s = importer_load(IMPFIX "mmc-qbp.bpmn", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const char *sets[] = {"clock.warmup=P20D", NULL};
    sim_result *r = run(s, sets, 8);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(ts_mean(r, "cases.open_at_horizon"), 0);
    /* the run's time averages end with its last case: utilisation as in
     * Erlang C (a run to the 10x cap would show a quarter of it) */
    CU_ASSERT_TRUE(ts_agrees(r, "role.clerks.utilisation", 0.75, 0.03));
    sim_result_free(r);
    sim_scenario_free(s);
    diag_list_free(d);
}

static void test_qbp_editor(void)
{
    /* what bpmn.io's BIMP editor adds to the 2012 format: ids and names on
     * containers and rules, raw* form values, its error list, an empty
     * field, a timer with a duration and no resource; a race at an
     * event-based gateway */
    char path[512];
    snprintf(path, sizeof path, "%s/editor-qbp.bpmn", tu_tmpdir());
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"\n"
          "  xmlns:qbp=\"http://www.qbp-simulator.com/Schema201212\" id=\"D\" targetNamespace=\"x\">\n"
          " <process id=\"P\"><startEvent id=\"S\"/><task id=\"T\"/><eventBasedGateway id=\"G\"/>\n"
          "  <intermediateCatchEvent id=\"Quick\"><timerEventDefinition/></intermediateCatchEvent>\n"
          "  <intermediateCatchEvent id=\"Slow\"><timerEventDefinition/></intermediateCatchEvent>\n"
          "  <endEvent id=\"E1\"/><endEvent id=\"E2\"/>\n"
          "  <sequenceFlow id=\"f1\" sourceRef=\"S\" targetRef=\"T\"/><sequenceFlow id=\"f2\" sourceRef=\"T\" targetRef=\"G\"/>\n"
          "  <sequenceFlow id=\"f3\" sourceRef=\"G\" targetRef=\"Quick\"/><sequenceFlow id=\"f4\" sourceRef=\"G\" targetRef=\"Slow\"/>\n"
          "  <sequenceFlow id=\"f5\" sourceRef=\"Quick\" targetRef=\"E1\"/><sequenceFlow id=\"f6\" sourceRef=\"Slow\" targetRef=\"E2\"/>\n"
          " </process>\n"
          " <qbp:processSimulationInfo id=\"q\" processInstances=\"50\" currency=\"\" startDateTime=\"2025-01-06T09:00:00.000Z\">\n"
          "  <qbp:errors><qbp:error id=\"e1\" elementId=\"T\" message=\"Value must not be empty\"/></qbp:errors>\n"
          "  <qbp:arrivalRateDistribution type=\"EXPONENTIAL\" mean=\"NaN\" arg1=\"600\" arg2=\"NaN\" rawMean=\"NaN\" rawArg1=\"10\" id=\"a\">\n"
          "   <qbp:timeUnit>minutes</qbp:timeUnit></qbp:arrivalRateDistribution>\n"
          "  <qbp:timetables id=\"tts\"><qbp:timetable id=\"ALL\" default=\"true\" name=\"24/7\"><qbp:rules id=\"rs\">\n"
          "   <qbp:rule id=\"r1\" name=\"Always\" fromTime=\"00:00:00.000+00:00\" toTime=\"23:59:59.999+00:00\" fromWeekDay=\"MONDAY\" toWeekDay=\"SUNDAY\"/>\n"
          "  </qbp:rules></qbp:timetable></qbp:timetables>\n"
          "  <qbp:resources id=\"res\"><qbp:resource id=\"R\" name=\"Clerk\" totalAmount=\"2\" timetableId=\"ALL\"/></qbp:resources>\n"
          "  <qbp:elements id=\"els\">\n"
          "   <qbp:element elementId=\"T\"><qbp:durationDistribution type=\"FIXED\" mean=\"300\" arg1=\"NaN\" arg2=\"NaN\" rawMean=\"5\">\n"
          "    <qbp:timeUnit>minutes</qbp:timeUnit></qbp:durationDistribution>\n"
          "    <qbp:resourceIds id=\"ri\"><qbp:resourceId>R</qbp:resourceId></qbp:resourceIds></qbp:element>\n"
          "   <qbp:element elementId=\"Quick\"><qbp:durationDistribution type=\"FIXED\" mean=\"60\" arg1=\"NaN\" arg2=\"NaN\">\n"
          "    <qbp:timeUnit>seconds</qbp:timeUnit></qbp:durationDistribution></qbp:element>\n"
          "   <qbp:element elementId=\"Slow\"><qbp:durationDistribution type=\"EXPONENTIAL\" mean=\"NaN\" arg1=\"3600\" arg2=\"NaN\">\n"
          "    <qbp:timeUnit>seconds</qbp:timeUnit></qbp:durationDistribution></qbp:element>\n"
          "  </qbp:elements>\n"
          "  <qbp:sequenceFlows/>\n"
          " </qbp:processSimulationInfo>\n"
          "</definitions>\n",
          f);
    fclose(f);
    diag_list *d = diag_list_new();
    xmlDocPtr doc = imported(qbp_import(path, "editor-qbp.bpmn", d), d);
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "T", "marked this model unfinished"));
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "q", "currency of processSimulationInfo q is empty"));
    CU_ASSERT_TRUE(has_diag(d, DIAG_NOTE, NULL, "bpmn.io's BIMP editor"));
    CU_ASSERT_TRUE(xp_is(doc, "string(//timer[@event='Quick']/@duration)", "PT60.000S"));
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "Slow", "a set time"));
    CU_ASSERT_TRUE(xp_num(doc, "string(//gateway[@id='G']/flow[@id='f3']/@probability)", 1));
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "G", "happens first"));
    sim_scenario *s = sim_scenario_load_doc(doc, path, d);
    if (!s)
        diag_list_print(d, stderr);
    CU_ASSERT_PTR_NOT_NULL(s);
    sim_scenario_free(s);
    diag_list_free(d);
}

/* ---- the original simulator's own result ------------------------------------------- */

/* 1 when one peer run's figure x lies within the prediction interval of one
 * flowmc replication at level 1 - alpha: mean +- t(1 - alpha/2, R-1) s
 * sqrt(1 + 1/R) over the per-replication values of metric (docs/interop.md,
 * "Reading a peer's result"), with slack absolute seconds for figures that
 * are 0 in both. */
static int peer_agrees(const sim_result *r, const char *metric, double x, double alpha, double slack)
{
    int i = sim_result_metric_find(r, metric), R = sim_result_replications(r);
    if (i < 0 || R < 2) {
        fprintf(stderr, "\n  %s: no such metric\n", metric);
        return 0;
    }
    double m = 0, ss = 0;
    for (int k = 0; k < R; k++)
        m += sim_result_metric_value(r, i, k);
    m /= R;
    for (int k = 0; k < R; k++) {
        double e = sim_result_metric_value(r, i, k) - m;
        ss += e * e;
    }
    double half = gsl_cdf_tdist_Pinv(1 - alpha / 2, R - 1) * sqrt(ss / (R - 1)) * sqrt(1 + 1.0 / R) + slack;
    int ok = fabs(x - m) <= half;
    if (!ok)
        fprintf(stderr, "\n  %s: Prosimos %.6g, flowmc %.6g +- %.3g (one run, %.2f%%)\n", metric, x, m, half,
                100 * (1 - alpha));
    return ok;
}

static void test_prosimos_peer(void)
{
    /* Prosimos' padua_example as Prosimos ran it (10,000 cases, one run),
     * re-expressed: every task's count, wait and work and the roles'
     * utilisations within the prediction interval of one flowmc
     * replication, at a level of 95% for the 26 figures together
     * (Bonferroni: 1 - 0.05/26 each).  Not compared: the cycle time, and
     * the utilisation of the two roles working the parallel branches: that
     * output predates Prosimos' fix of its AND join (2023-04-07), so its
     * cases end about 1.5 d before the sum of its own task times says, and
     * its run (the span of every utilisation) 1.5 d early, which moves
     * those two roles' figures by 0.3 points (docs/interop.md). */
    diag_list *d = diag_list_new();
    sim_scenario *s = NULL;
    xmlDocPtr doc = prosimos_import(IMPFIX "purchase-prosimos.bpmn", IMPFIX "purchase-prosimos.json",
                                    "purchase-prosimos.bpmn", 0, NULL, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_TRUE(xp_num(doc, "string(//arrival/@limit)", 10000));
    CU_ASSERT_TRUE(xp_num(doc, "string(//arrival/@shift)", 1800)); /* scipy's loc: the 2022 layout */
    s = sim_scenario_load_doc(doc, IMPFIX "purchase-prosimos.json", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    sim_result *r = run(s, NULL, 12);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    FILE *f = fopen(IMPFIX "purchase-prosimos-peer.csv", "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char line[256];
    int checked = 0;
    while (fgets(line, sizeof line, f)) {
        char what[32], task[32], metric[96];
        double x;
        if (line[0] == '#' || sscanf(line, "%31[^,],%31[^,],%lf", what, task, &x) != 3)
            continue;
        if (!strcmp(what, "count"))
            snprintf(metric, sizeof metric, "task.%s.cases", task);
        else if (!strcmp(what, "wait_mean"))
            snprintf(metric, sizeof metric, "task.%s.wait_mean", task);
        else if (!strcmp(what, "work_mean"))
            snprintf(metric, sizeof metric, "task.%s.service_mean", task);
        else if (!strcmp(what, "utilisation") && strcmp(task, "role_5") && strcmp(task, "role_6"))
            snprintf(metric, sizeof metric, "role.%s.utilisation", task);
        else
            continue;
        CU_ASSERT_TRUE(peer_agrees(r, metric, x, 0.05 / 26, !strcmp(what, "wait_mean") ? 1 : 0));
        checked++;
    }
    fclose(f);
    CU_ASSERT_EQUAL(checked, 26);
    sim_result_free(r);
    sim_scenario_free(s);
    diag_list_free(d);
}

/* ---- export ------------------------------------------------------------------------ */

/* Exports scenario to path; 0 on success. */
static int export_to(const char *scenario, const char *path, diag_list *d)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int rc = qbp_export(scenario, f, d);
    return fclose(f) != 0 ? -1 : rc;
}

static void test_export_mmc(void)
{
    /* sim_queueing's M/M/6 scenario, as QBP, back through the importer */
    char path[512];
    snprintf(path, sizeof path, "%s/mmc-export.bpmn", tu_tmpdir());
    diag_list *d = diag_list_new();
    CU_ASSERT_EQUAL_FATAL(export_to("tests/fixtures/sim/mmc.xml", path, d), 0);
    CU_ASSERT_TRUE(has_diag(d, DIAG_WARNING, "slas", "QBP has no service levels"));
    diag_list *e = diag_list_new();
    sim_scenario *s = importer_load(path, e);
    if (!s)
        diag_list_print(e, stderr);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(diag_list_count_severity(e, DIAG_WARNING), 0);
    sim_result *r = run(s, NULL, 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    check_mm6(r, "agent");
    sim_result_free(r);
    sim_scenario_free(s);
    diag_list_free(d);
    diag_list_free(e);
}

static void test_export_roundtrip(void)
{
    /* features-qbp imported, written, exported and imported again: the
     * same laws, calendars, branches, instances and trimming */
    char scen[512], back[512], mpath[4096];
    snprintf(scen, sizeof scen, "%s/features.xml", tu_tmpdir());
    snprintf(back, sizeof back, "%s/features-export.bpmn", tu_tmpdir());
    CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(IMPFIX "features-qbp.bpmn", mpath));
    diag_list *d = diag_list_new();
    xmlDocPtr a = qbp_import(IMPFIX "features-qbp.bpmn", mpath, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    FILE *f = fopen(scen, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(sb_write(a, f), 0);
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(export_to(scen, back, d), 0);
    xmlDocPtr b = imported(qbp_import(back, "features-export.bpmn", d), d);
    static const char *const same[] = {
        "string(//arrival/@shape)", "string(//arrival/@scale)", "string(//arrival/@calendar)",
        "string(//duration[@task='T_Fixed']/@value)", "string(//duration[@task='T_Exp']/@mean)",
        "string(//duration[@task='T_Gamma']/@shape)", "string(//duration[@task='T_Gamma']/@scale)",
        "string(//duration[@task='T_Lognormal']/@sd)", "string(//duration[@task='T_Normal']/@sd)",
        "string(//duration[@task='T_Triangular']/@mode)", "string(//duration[@task='T_Uniform']/@max)",
        "string(//duration[@task='T_Histogram']/component[1]/@weight)",
        "string(//duration[@task='T_Histogram']/component[2]/@mean)",
        "count(//duration[@task='T_Exact']/point)", "string(//duration[@task='T_Exact']/@dist)",
        "count(//calendar[@id='NIGHT']/window)", "string(//calendar[@id='OFFICE']/holiday[2]/@date)",
        "string(//role[@id='clerk']/@staff)", "string(//role[@id='night_ops']/@calendar)",
        "string(//flow[@id='F_X_A']/@probability)", "string(//flow[@id='F_O_B']/@probability)",
        "string(/scenario/clock/@start)", "string(/scenario/clock/@utc-offset)",
        "string(/scenario/clock/@warmup)", "string(//arrival/@limit)", "string(/scenario/clock/@horizon)",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char *va = xp(a, same[i]), *vb = xp(b, same[i]);
        int ok = va && vb && !strcmp(va, vb);
        if (!ok)
            fprintf(stderr, "\n  %s: %s before, %s after the round trip\n", same[i], va ? va : "(none)",
                    vb ? vb : "(none)");
        CU_ASSERT_TRUE(ok);
        free(va);
        free(vb);
    }
    xmlFreeDoc(a);
    xmlFreeDoc(b);
    diag_list_free(d);
}

/* ---- the command line ---------------------------------------------------------- */

static void test_cli(void)
{
    char args[1024], out[512];
    char *o = NULL, *e = NULL;
    snprintf(out, sizeof out, "%s/imported-mmc.xml", tu_tmpdir());
    remove(out);
    snprintf(args, sizeof args, "import qbp " IMPFIX "mmc-qbp.bpmn -o %s", out);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
    struct stat st;
    CU_ASSERT_EQUAL(stat(out, &st), 0);
    /* nothing overwritten without asking */
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &e), 2);
    CU_ASSERT_TRUE(e && tu_contains(e, "--force"));
    free(e);
    e = NULL;
    /* what was written runs, and so does the model itself */
    snprintf(args, sizeof args, "sim %s -r 2 -q", out);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
    CU_ASSERT_EQUAL(tu_flowmc("sim " IMPFIX "mmc-qbp.bpmn -r 2 -q", NULL, NULL), 0);
    /* to stdout */
    CU_ASSERT_EQUAL(tu_flowmc("import prosimos " IMPFIX "mmc-prosimos.bpmn " IMPFIX
                              "mmc-prosimos.json --cases 100",
                              &o, NULL),
                    0);
    CU_ASSERT_TRUE(o && tu_contains(o, "<scenario") && tu_contains(o, "Prosimos"));
    free(o);
    /* a model without parameters, an unknown format */
    CU_ASSERT_EQUAL(tu_flowmc("sim " IMPFIX "mmc-prosimos.bpmn -q", NULL, &e), 2);
    CU_ASSERT_TRUE(e && tu_contains(e, "without simulation parameters"));
    free(e);
    CU_ASSERT_EQUAL(tu_flowmc("import bimp x.bpmn", NULL, NULL), 2);
    /* export */
    snprintf(out, sizeof out, "%s/exported-mmc.bpmn", tu_tmpdir());
    remove(out);
    snprintf(args, sizeof args, "export qbp tests/fixtures/sim/mmc.xml -o %s", out);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &e), 0);
    CU_ASSERT_TRUE(e && tu_contains(e, "QBP has no service levels"));
    free(e);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 2);
    snprintf(args, sizeof args, "sim %s -r 2 -q", out);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
    CU_ASSERT_EQUAL(tu_flowmc("export qbp tests/fixtures/sim/no-such.xml", NULL, NULL), 2);
}

/* importer_model_ref and importer_check: the model named from where the
 * scenario is written, and an import that would not run refused */
static void test_importer_ref_check(void)
{
    char ref[4096];
    importer_model_ref(NULL, "tests/fixtures/import/mmc-qbp.bpmn", ref, sizeof ref);
    CU_ASSERT_STRING_EQUAL(ref, "tests/fixtures/import/mmc-qbp.bpmn");
    importer_model_ref("tests/fixtures/import/x.xml", "tests/fixtures/import/mmc-qbp.bpmn", ref, sizeof ref);
    CU_ASSERT_STRING_EQUAL(ref, "mmc-qbp.bpmn");
    importer_model_ref("tests/fixtures/sim/x.xml", "tests/fixtures/import/mmc-qbp.bpmn", ref, sizeof ref);
    CU_ASSERT_STRING_EQUAL(ref, "../import/mmc-qbp.bpmn");
    importer_model_ref("out.xml", "nonexistent/m.bpmn", ref, sizeof ref);
    CU_ASSERT_STRING_EQUAL(ref, "nonexistent/m.bpmn"); /* as given: it cannot be resolved */

    /* written to another folder, the document names the model from there;
     * the check compiles it from the source's folder all the same, and
     * leaves the document as it was */
    diag_list *d = diag_list_new();
    importer_model_ref("tests/fixtures/sim/x.xml", "tests/fixtures/import/mmc-qbp.bpmn", ref, sizeof ref);
    xmlDocPtr doc = qbp_import("tests/fixtures/import/mmc-qbp.bpmn", ref, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(importer_check(doc, "tests/fixtures/import/mmc-qbp.bpmn", "tests/fixtures/import/mmc-qbp.bpmn",
                                   d),
                    0);
    xmlChar *named = xmlGetProp(xmlDocGetRootElement(doc), BAD_CAST "model");
    CU_ASSERT_STRING_EQUAL((const char *)named, "../import/mmc-qbp.bpmn");
    xmlFree(named);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 0);
    /* a model that is not there: refused with the compiler's error */
    CU_ASSERT_EQUAL(importer_check(doc, "tests/fixtures/import/nonexistent.bpmn",
                                   "tests/fixtures/import/mmc-qbp.bpmn", d),
                    -1);
    CU_ASSERT_TRUE(diag_list_count_severity(d, DIAG_ERROR) > 0);
    xmlFreeDoc(doc);
    diag_list_free(d);
}

void suite_import(void);
void suite_import(void)
{
    static const CU_TestInfo tests[] = {
        {"QBP M/M/6 matches Erlang C", test_qbp_mmc},
        {"Prosimos M/M/6 matches Erlang C", test_prosimos_mmc},
        {"Prosimos 2021 layout: M/M/6 matches Erlang C", test_prosimos_2021},
        {"Prosimos 2022 layout: scipy laws, exnormal, Infinity, limits", test_prosimos_scipy},
        {"Prosimos observed gaps: mixtures up to 1024", test_prosimos_long_histogram},
        {"QBP processInstances: an arrival limit", test_qbp_limit},
        {"QBP from bpmn.io's BIMP editor", test_qbp_editor},
        {"Prosimos' own result on its padua example", test_prosimos_peer},
        {"QBP schema: fixtures valid, faults by line", test_qbp_schema},
        {"QBP: every law, timetable and holiday feature", test_qbp_features},
        {"Prosimos: every law, calendar and warning", test_prosimos_features},
        {"Prosimos: errors name the key or line", test_prosimos_errors},
        {"export: M/M/6 as QBP matches Erlang C", test_export_mmc},
        {"export: QBP round trip keeps every value", test_export_roundtrip},
        {"importer: the model named from the output, the import compiled", test_importer_ref_check},
        {"flowmc import, export and sim on a BPMN model", test_cli},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("import", tests);
}
