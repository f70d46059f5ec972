/*
 * Suite browser: what modellers see.  Every annex model's DI export (left
 * to right and top to bottom) and every shipped model is imported into
 * bpmn-js in headless Chromium (tests/browser/import.mjs) with no warning,
 * a screenshot kept in build/browser/; bpmnlint's recommended rules
 * (tests/browser/lint.mjs) report nothing on the shipped models (flowmc's
 * own export: suite render_di) that `flowmc check` does not also report on
 * the same element, but the deliberate differences listed in
 * docs/rules.md.
 *
 * make deps installs Chromium (Debian's) and tests/browser's npm packages
 * (its lockfile).  Without them the suite says so in one visible line and
 * skips -- except in CI (CI=true), where it fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "testutil.h"

#define BROWSER "tests/browser/"
#define SHOTS "build/browser"

static const char *const annexes[] = {
    "models/annex-x-root-zone-emergency.bpmn", "models/annex-y-complaint-resolution.bpmn",
    "models/annex-y-complaint-resolution-live.bpmn", "models/annex-z-problem-management.bpmn"};
#define NANNEXES (sizeof annexes / sizeof annexes[0])

/* 1 when node, Chromium and the npm packages are there (testutil). */
static int ready(void)
{
    return tu_browser_ready("browser tests", (const char *[]){"bpmn-js", "bpmnlint", "puppeteer-core", NULL});
}

/* Output of a command (malloc'd) and its exit status in *rc. */
static char *run(const char *cmd, int *rc)
{
    FILE *p = popen(cmd, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    size_t cap = 1 << 16, n = 0, k;
    char *s = malloc(cap);
    while ((k = fread(s + n, 1, cap - n - 1, p)) > 0) {
        n += k;
        if (n + 1 == cap)
            s = realloc(s, cap *= 2);
    }
    s[n] = 0;
    int st = pclose(p);
    *rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return s;
}

static void test_import(void)
{
    if (!ready())
        return;
    char files[8192] = "", args[2048];
    const char *tmp = tu_tmpdir();
    int nfiles = 0;
    for (size_t k = 0; k < NANNEXES; k++) {
        for (int tb = 0; tb < 2; tb++) {
            const char *base = strrchr(annexes[k], '/') + 1;
            char out[512];
            snprintf(out, sizeof out, "%s/%.*s-%s.bpmn", tmp, (int)(strlen(base) - 5), base,
                     tb ? "tb" : "lr");
            snprintf(args, sizeof args, "render --format bpmn --relayout --force%s -o %s %s",
                     tb ? " --direction tb" : "", out, annexes[k]);
            CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
            snprintf(files + strlen(files), sizeof files - strlen(files), " %s", out);
            nfiles++;
        }
        /* the shipped model, with the DI it ships with */
        snprintf(files + strlen(files), sizeof files - strlen(files), " %s", annexes[k]);
        nfiles++;
    }
    char cmd[10000];
    snprintf(cmd, sizeof cmd, "CHROMIUM='%s' node " BROWSER "import.mjs " SHOTS "%s", tu_chromium(),
             files);
    int rc;
    char *out = run(cmd, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    int seen = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        json_t *j = json_loads(line, 0, NULL);
        CU_ASSERT_PTR_NOT_NULL(j);
        if (!j)
            continue;
        seen++;
        const char *file = json_string_value(json_object_get(j, "file"));
        json_t *w = json_object_get(j, "warnings");
        const char *err = json_string_value(json_object_get(j, "error"));
        const char *shot = json_string_value(json_object_get(j, "screenshot"));
        printf("\n    %-50s %zu warnings, %lld shapes, %lld connections, %lld labels -> %s",
               file ? file : "?", json_array_size(w),
               json_integer_value(json_object_get(j, "shapes")),
               json_integer_value(json_object_get(j, "connections")),
               json_integer_value(json_object_get(j, "labels")), shot ? shot : "no screenshot");
        for (size_t i = 0; i < json_array_size(w); i++)
            printf("\n      warning: %s", json_string_value(json_array_get(w, i)));
        CU_ASSERT_PTR_NULL(err);
        CU_ASSERT_EQUAL(json_array_size(w), 0);
        CU_ASSERT_TRUE(json_integer_value(json_object_get(j, "shapes")) > 10);
        struct stat st;
        CU_ASSERT_TRUE(shot && stat(shot, &st) == 0 && st.st_size > 10000);
        json_decref(j);
    }
    CU_ASSERT_EQUAL(seen, nfiles);
    free(out);
}

/* bpmnlint rule -> the flowmc rules that report the same element. */
static const struct {
    const char *bpmnlint, *flowmc;
} same[] = {
    {"no-disconnected", " unreachable dead-end boundary-no-outgoing "},
    {"no-implicit-start", " unreachable "},
    {"no-implicit-end", " dead-end boundary-no-outgoing "},
    {"start-event-required", " no-start "},
    {"end-event-required", " no-end "},
    {"no-implicit-split", " implicit-split "},
    {"fake-join", " implicit-join "},
    {"no-gateway-join-fork", " gateway-join-fork "},
    {"superfluous-gateway", " superfluous-gateway "},
    {"conditional-flows", " missing-condition "},
    {"event-based-gateway", " event-gateway-target "},
};

static int flowmc_reports(json_t *findings, const char *element, const char *rules)
{
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *code = json_string_value(json_object_get(f, "rule"));
        const char *el = json_string_value(json_object_get(f, "element"));
        char key[80];
        snprintf(key, sizeof key, " %s ", code ? code : "");
        if (el && element && strcmp(el, element) == 0 && strstr(rules, key))
            return 1;
    }
    return 0;
}

static void test_bpmnlint(void)
{
    if (!ready())
        return;
    char *rules = tu_slurp("docs/rules.md", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
    /* the deliberate differences are listed in their own section */
    const char *diffs = strstr(rules, "## bpmnlint on the shipped models");
    CU_ASSERT_PTR_NOT_NULL_FATAL(diffs);
    /* the shipped models, which are flowmc's export (suite render_di) */
    char cmd[4096] = "node " BROWSER "lint.mjs", exported[NANNEXES][512];
    for (size_t k = 0; k < NANNEXES; k++) {
        snprintf(exported[k], sizeof exported[k], "%s", annexes[k]);
        snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), " %s", exported[k]);
    }
    int rc;
    char *out = run(cmd, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    json_t *lint = json_loads(out, 0, NULL);
    free(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lint);
    for (size_t k = 0; k < NANNEXES; k++) {
        snprintf(cmd, sizeof cmd, "%s check --format json %s", getenv("FLOWMC_BIN"), annexes[k]);
        out = run(cmd, &rc);
        json_t *chk = json_loads(out, 0, NULL);
        free(out);
        CU_ASSERT_PTR_NOT_NULL_FATAL(chk);
        json_t *findings = json_object_get(chk, "findings");
        if (!findings)
            findings = json_object_get(json_array_get(json_object_get(chk, "files"), 0),
                                       "findings");
        json_t *reports = json_object_get(lint, exported[k]);
        size_t i, agreed = 0, documented = 0, unexplained = 0;
        json_t *r;
        json_array_foreach(reports, i, r)
        {
            const char *rule = json_string_value(json_object_get(r, "rule"));
            const char *id = json_string_value(json_object_get(r, "id"));
            const char *flowmc = NULL;
            for (size_t s = 0; s < sizeof same / sizeof *same; s++)
                if (strcmp(rule, same[s].bpmnlint) == 0)
                    flowmc = same[s].flowmc;
            char tick[96];
            snprintf(tick, sizeof tick, "`%s`", rule);
            if (flowmc && flowmc_reports(findings, id, flowmc)) {
                agreed++;
            } else if (strstr(diffs, tick)) {
                documented++;
            } else {
                unexplained++;
                printf("\n      bpmnlint %s on %s: flowmc check says nothing of it", rule,
                       id ? id : "?");
            }
        }
        printf("\n    %-48s bpmnlint: %zu reports, %zu also flowmc's, %zu documented "
               "differences, %zu unexplained",
               annexes[k], json_array_size(reports), agreed, documented, unexplained);
        CU_ASSERT_PTR_NOT_NULL(reports);
        CU_ASSERT_EQUAL(unexplained, 0);
        json_decref(chk);
    }
    json_decref(lint);
    free(rules);
}

void suite_browser(void);
void suite_browser(void)
{
    static const CU_TestInfo tests[] = {
        {"bpmn-js imports every export with no warning", test_import},
        {"bpmnlint reports nothing flowmc check does not", test_bpmnlint},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("browser", tests);
}
