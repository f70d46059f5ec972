/*
 * Suite evlog: the XES event log against the rules of IEEE 1849-2016 (XES),
 * checked in code (the standard's XSD is not vendored: its licence is the
 * IEEE's): the order of the log's parts (extensions, globals, classifiers,
 * the log's attributes, traces), a declared extension for every key
 * prefix, the standard extensions' keys with their types, global
 * attributes present in every trace and event of their scope, every
 * classifier key declared global, xs:dateTime timestamps, transitions of
 * the standard lifecycle model -- plus what process miners need of flowmc:
 * the BPMN element id on every event, and two tasks that share a name kept
 * two activities by the activity classifier.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "model/bpmn_read.h"
#include "model/xmlsafe.h"
#include "testutil.h"

#define EVFIX "tests/fixtures/evlog/"

static int is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name);
}

static int is_attribute(xmlNodePtr n)
{
    static const char *const types[] = {"string", "date", "int", "float", "boolean", "id", "list", "container"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (is(n, types[i]))
            return 1;
    return 0;
}

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    char *s = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* The value of the attribute child with that key, or NULL (owned). */
static char *value_of(xmlNodePtr n, const char *key)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (!is_attribute(c))
            continue;
        char *k = prop(c, "key");
        int hit = k && !strcmp(k, key);
        free(k);
        if (hit)
            return prop(c, "value");
    }
    return NULL;
}

typedef struct rules {
    int problems;
    char prefixes[16][32]; int nprefix;
    char gkeys[2][16][64]; int ngkeys[2]; /* 0 trace, 1 event */
    regex_t date;
} rules;

/* 0 while the suite checks that a broken log is caught: no noise then */
static int loud = 1;

static void problem(rules *r, const char *fmt, const char *a, const char *b)
{
    if (loud) {
        fprintf(stderr, "\n  XES: ");
        fprintf(stderr, fmt, a ? a : "", b ? b : "");
    }
    r->problems++;
}

/* The standard extensions' keys flowmc uses, with their types. */
static const struct {
    const char *key, *type;
} standard_keys[] = {
    {"concept:name", "string"}, {"lifecycle:transition", "string"}, {"lifecycle:model", "string"},
    {"org:resource", "string"}, {"time:timestamp", "date"},
};

static void check_attribute(rules *r, xmlNodePtr a)
{
    char *key = prop(a, "key"), *val = prop(a, "value");
    if (!key || !val)
        problem(r, "an attribute <%s> without key or value%s\n", (const char *)a->name, NULL);
    const char *colon = key ? strchr(key, ':') : NULL;
    if (colon) {
        int declared = 0;
        for (int i = 0; i < r->nprefix; i++)
            declared |= strlen(r->prefixes[i]) == (size_t)(colon - key) &&
                        !strncmp(r->prefixes[i], key, (size_t)(colon - key));
        if (!declared)
            problem(r, "key %s uses a prefix no <extension> declares%s\n", key, NULL);
    }
    for (size_t i = 0; key && i < sizeof standard_keys / sizeof standard_keys[0]; i++)
        if (!strcmp(key, standard_keys[i].key) && !is(a, standard_keys[i].type))
            problem(r, "key %s is not of its extension's type %s\n", key, standard_keys[i].type);
    if (is(a, "date") && val && regexec(&r->date, val, 0, NULL, 0) != 0)
        problem(r, "date %s is not an xs:dateTime%s\n", val, NULL);
    if (key && val && !strcmp(key, "lifecycle:transition")) {
        static const char *const std[] = {"schedule", "assign",   "withdraw", "reassign", "start",
                                          "suspend",  "resume",   "pi_abort", "ate_abort", "complete",
                                          "autoskip", "manualskip", "unknown"};
        int ok = 0;
        for (size_t i = 0; i < sizeof std / sizeof std[0]; i++)
            ok |= !strcmp(val, std[i]);
        if (!ok)
            problem(r, "transition %s is not in the standard lifecycle model%s\n", val, NULL);
    }
    free(key);
    free(val);
}

/* Every global attribute of scope s present on n. */
static void check_globals(rules *r, xmlNodePtr n, int s)
{
    for (int i = 0; i < r->ngkeys[s]; i++) {
        char *v = value_of(n, r->gkeys[s][i]);
        if (!v)
            problem(r, "a %s lacks the global attribute %s\n", s ? "event" : "trace", r->gkeys[s][i]);
        free(v);
    }
}

/* Checks the log at path; returns the number of problems. */
static int xes_problems(const char *path)
{
    rules r;
    memset(&r, 0, sizeof r);
    regcomp(&r.date,
            "^-?[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$",
            REG_EXTENDED | REG_NOSUB);
    diag_list *d = diag_list_new();
    xmlDocPtr doc = xmlsafe_read_file(path, d);
    diag_list_free(d);
    if (!doc) {
        regfree(&r.date);
        return 1;
    }
    xmlNodePtr log = xmlDocGetRootElement(doc);
    if (!is(log, "log"))
        problem(&r, "the root is not <log>%s%s\n", NULL, NULL);
    char *ver = prop(log, "xes.version");
    if (!ver)
        problem(&r, "<log> has no xes.version%s%s\n", NULL, NULL);
    free(ver);
    /* the parts in order: 0 extension, 1 global, 2 classifier, 3 the
     * log's attributes, 4 trace */
    int stage = 0;
    char classifier_keys[8][256];
    int nclass = 0;
    for (xmlNodePtr c = log->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        int s = is(c, "extension") ? 0 : is(c, "global") ? 1 : is(c, "classifier") ? 2
              : is_attribute(c) ? 3 : is(c, "trace") ? 4 : -1;
        if (s < 0) {
            problem(&r, "unexpected <%s> in <log>%s\n", (const char *)c->name, NULL);
            continue;
        }
        if (s < stage)
            problem(&r, "<%s> comes after a later part of the log%s\n", (const char *)c->name, NULL);
        stage = s;
        if (s == 0) {
            char *name = prop(c, "name"), *prefix = prop(c, "prefix"), *uri = prop(c, "uri");
            if (!name || !prefix || !uri)
                problem(&r, "an <extension> lacks name, prefix or uri%s%s\n", NULL, NULL);
            else if (r.nprefix < 16)
                snprintf(r.prefixes[r.nprefix++], sizeof r.prefixes[0], "%s", prefix);
            free(name);
            free(prefix);
            free(uri);
        } else if (s == 1) {
            char *scope = prop(c, "scope");
            int sc = scope && !strcmp(scope, "trace") ? 0 : scope && !strcmp(scope, "event") ? 1 : -1;
            if (sc < 0)
                problem(&r, "a <global> with scope %s%s\n", scope ? scope : "(none)", NULL);
            for (xmlNodePtr a = c->children; sc >= 0 && a; a = a->next)
                if (is_attribute(a)) {
                    check_attribute(&r, a);
                    char *k = prop(a, "key");
                    if (k && r.ngkeys[sc] < 16)
                        snprintf(r.gkeys[sc][r.ngkeys[sc]++], sizeof r.gkeys[0][0], "%s", k);
                    free(k);
                }
            free(scope);
        } else if (s == 2) {
            char *name = prop(c, "name"), *keys = prop(c, "keys");
            if (!name || !keys)
                problem(&r, "a <classifier> lacks name or keys%s%s\n", NULL, NULL);
            else if (nclass < 8)
                snprintf(classifier_keys[nclass++], sizeof classifier_keys[0], "%s", keys);
            free(name);
            free(keys);
        } else if (s == 3) {
            check_attribute(&r, c);
        } else {
            check_globals(&r, c, 0);
            for (xmlNodePtr e = c->children; e; e = e->next) {
                if (is_attribute(e))
                    check_attribute(&r, e);
                else if (is(e, "event")) {
                    check_globals(&r, e, 1);
                    for (xmlNodePtr a = e->children; a; a = a->next)
                        if (is_attribute(a))
                            check_attribute(&r, a);
                        else if (a->type == XML_ELEMENT_NODE)
                            problem(&r, "unexpected <%s> in an event%s\n", (const char *)a->name, NULL);
                } else if (e->type == XML_ELEMENT_NODE)
                    problem(&r, "unexpected <%s> in a trace%s\n", (const char *)e->name, NULL);
            }
        }
    }
    /* every classifier key is a global event attribute */
    for (int i = 0; i < nclass; i++) {
        char *save = NULL, buf[sizeof classifier_keys[0]];
        memcpy(buf, classifier_keys[i], sizeof buf);
        for (char *k = strtok_r(buf, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
            int global = 0;
            for (int g = 0; g < r.ngkeys[1]; g++)
                global |= !strcmp(r.gkeys[1][g], k);
            if (!global)
                problem(&r, "classifier key %s is not declared in <global scope=\"event\">%s\n", k, NULL);
        }
    }
    char *lm = value_of(log, "lifecycle:model");
    if (!lm || strcmp(lm, "standard"))
        problem(&r, "the log's lifecycle:model is %s, not standard%s\n", lm ? lm : "(none)", NULL);
    free(lm);
    regfree(&r.date);
    xmlFreeDoc(doc);
    return r.problems;
}

static void test_xes_rules(void)
{
    char path[512], args[1024];
    snprintf(path, sizeof path, "%s/same-name.xes", tu_tmpdir());
    snprintf(args, sizeof args, "sim " EVFIX "same-name.xml -q --force --log %s", path);
    CU_ASSERT_EQUAL_FATAL(tu_flowmc(args, NULL, NULL), 0);
    CU_ASSERT_EQUAL(xes_problems(path), 0);
    /* the checker has teeth: a log that breaks the rules is caught */
    char bad[512];
    snprintf(bad, sizeof bad, "%s/bad.xes", tu_tmpdir());
    FILE *f = fopen(bad, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("<log xes.version=\"1849-2016\"><classifier name=\"A\" keys=\"concept:name\"/>"
          "<extension name=\"Concept\" prefix=\"concept\" uri=\"x\"/>"
          "<trace><event><string key=\"concept:name\" value=\"a\"/>"
          "<date key=\"time:timestamp\" value=\"yesterday\"/>"
          "<string key=\"lifecycle:transition\" value=\"begin\"/></event></trace></log>\n",
          f);
    fclose(f);
    /* classifier before extension; undeclared classifier key; no
     * extension for time: and lifecycle:; a bad date; a bad transition;
     * no lifecycle:model */
    loud = 0;
    CU_ASSERT(xes_problems(bad) >= 6);
    loud = 1;
}

static void test_xes_activities(void)
{
    char path[512], args[1024];
    snprintf(path, sizeof path, "%s/same-name-2.xes", tu_tmpdir());
    snprintf(args, sizeof args, "sim " EVFIX "same-name.xml -q --force --log %s", path);
    CU_ASSERT_EQUAL_FATAL(tu_flowmc(args, NULL, NULL), 0);
    diag_list *d = diag_list_new();
    xmlDocPtr doc = xmlsafe_read_file(path, d);
    model *m = bpmn_read_file(EVFIX "same-name.bpmn", d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    /* activities under the classifier (concept:name, elementId) */
    char seen[8][128];
    int nseen = 0, events = 0, unknown_ids = 0, names_differ = 0;
    for (xmlNodePtr t = xmlDocGetRootElement(doc)->children; t; t = t->next) {
        if (!is(t, "trace"))
            continue;
        for (xmlNodePtr e = t->children; e; e = e->next) {
            if (!is(e, "event"))
                continue;
            events++;
            char *name = value_of(e, "concept:name"), *id = value_of(e, "elementId");
            int g = id ? model_find_node(m, id) : -1;
            if (g < 0)
                unknown_ids++;
            else if (strcmp(name, model_node_label(model_node_at(m, g))))
                names_differ++;
            char act[128];
            snprintf(act, sizeof act, "%s|%s", name ? name : "", id ? id : "");
            int k = 0;
            while (k < nseen && strcmp(seen[k], act))
                k++;
            if (k == nseen && nseen < 8)
                snprintf(seen[nseen++], sizeof seen[0], "%s", act);
            free(name);
            free(id);
        }
    }
    CU_ASSERT(events > 0);
    CU_ASSERT_EQUAL(unknown_ids, 0);
    CU_ASSERT_EQUAL(names_differ, 0);
    /* one name, two tasks: two activities */
    CU_ASSERT_EQUAL(nseen, 2);
    model_free(m);
    xmlFreeDoc(doc);
    diag_list_free(d);
}

void suite_evlog(void);
void suite_evlog(void)
{
    static const CU_TestInfo tests[] = {
        {"XES follows the IEEE 1849 rules", test_xes_rules},
        {"XES keeps same-named tasks two activities", test_xes_activities},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("evlog", tests);
}
