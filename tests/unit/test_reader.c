/*
 * Suite reader: the BPMN reader and `flowmc info` on bad input (each case a
 * clear message, exit 2, no crash or hang), on hostile XML (XXE, entity
 * bombs), on a 50 MB model, and on the corpus of files written by other
 * tools.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/genmodel.h"
#include "model/bpmn_read.h"
#include "model/xmlsafe.h"
#include "testutil.h"

#define FIX "tests/fixtures/reader/"

static void test_empty(void)
{
    tu_expect("info", FIX "empty.bpmn", 2, (const char *[]){FIX "empty.bpmn", "error", "empty", NULL});
}

static void test_not_xml(void)
{
    tu_expect("info", FIX "not-xml.bpmn", 2, (const char *[]){FIX "not-xml.bpmn:1:", "error", NULL});
}

static void test_truncated(void)
{
    tu_expect("info", FIX "truncated.bpmn", 2, (const char *[]){FIX "truncated.bpmn:14: error: [xml]", NULL});
}

static void test_not_bpmn(void)
{
    tu_expect("info", FIX "not-bpmn.xml", 2,
                      (const char *[]){FIX "not-bpmn.xml:2:", "not a bpmn 2.0 file", "'html'", NULL});
}

static void test_directory(void)
{
    tu_expect("info", "tests/fixtures", 2, (const char *[]){"tests/fixtures", "directory", NULL});
}

static void test_missing(void)
{
    tu_expect("info", "tests/fixtures/no-such-file.bpmn", 2,
                      (const char *[]){"no-such-file.bpmn", "cannot open", NULL});
}

static void test_broken_references(void)
{
    /* every problem of the file in one pass, each with its line */
    tu_expect("info", FIX "broken-references.bpmn", 2,
                      (const char *[]){
                          ":13: error: [dangling-ref] sequence flow 'f3' targets unknown element 'Task_9'",
                          ":10: error: [duplicate-id] duplicate id 'T1'",
                          ":14: error: [missing-attribute] 'f4' lacks its required attribute 'targetRef'",
                          ":15: error: [cross-process] sequence flow 'f5'",
                          ":5: error: [dangling-ref] lane 'La' lists unknown flow node 'Ghost'",
                          ":6: error: [two-lanes] flow node 'T1' is in two lanes, 'La' and 'Lb'",
                          ":16: error: [missing-attribute] element 'task' lacks its required attribute 'id'",
                          NULL});
}

static void test_xxe(void)
{
    char *out = NULL, *err = NULL;
    int rc = tu_flowmc("info --format json " FIX "xxe-passwd.bpmn", &out, &err);
    CU_ASSERT_EQUAL(rc, 2);
    /* nothing of /etc/passwd may appear anywhere */
    CU_ASSERT_FALSE(tu_contains(out, "root:"));
    CU_ASSERT_FALSE(tu_contains(err, "root:"));
    CU_ASSERT_TRUE(tu_contains(out, "xxe-passwd.bpmn"));
    free(out);
    free(err);
    /* in process too: the document is refused before any model exists */
    diag_list *d = diag_list_new();
    CU_ASSERT_PTR_NULL(bpmn_read_file(FIX "xxe-passwd.bpmn", d));
    CU_ASSERT_TRUE(diag_list_count_severity(d, DIAG_ERROR) > 0);
    diag_list_free(d);
}

static void test_billion_laughs(void)
{
    tu_expect("info", FIX "billion-laughs.bpmn", 2, (const char *[]){FIX "billion-laughs.bpmn", "error", NULL});
    /* found by the fuzzer: nested references to undefined entities kept
     * libxml2 raising errors for minutes; refused as the scanner reads the
     * declaration, at its line */
    tu_expect("check", FIX "undefined-entity-nest.bpmn", 2,
              (const char *[]){FIX "undefined-entity-nest.bpmn:3: error: [xml-entities]", NULL});
}

static void test_unsupported_warns(void)
{
    char *out = NULL;
    int rc = tu_flowmc("info " FIX "unsupported-elements.bpmn", &out, NULL);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_TRUE(tu_contains(out, ":5: warning: [unsupported-element] 'complexGateway'"));
    CU_ASSERT_TRUE(tu_contains(out, ":6: warning: [unsupported-element] 'dataObject'"));
    CU_ASSERT_TRUE(tu_contains(out, ":7: warning: [unsupported-element] 'transaction'"));
    free(out);
}

/* bpmn-js/Camunda Modeler files list each node's flows as <incoming> and
 * <outgoing> children: standard, read without a word; a list that
 * contradicts the flows is a warning on its line. */
static void test_incoming_outgoing(void)
{
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("info " FIX "incoming-outgoing.bpmn", &out, &err), 0);
    CU_ASSERT_FALSE(tu_contains(out, "warning"));
    CU_ASSERT_FALSE(tu_contains(err, "warning"));
    CU_ASSERT_TRUE(tu_contains(out, "6 flow nodes"));
    free(out);
    free(err);
    diag_list *d = diag_list_new();
    model *m = bpmn_read_file(FIX "incoming-outgoing-contradict.bpmn", d);
    CU_ASSERT_PTR_NOT_NULL(m);
    CU_ASSERT_EQUAL(diag_list_count(d), 3);
    const int lines[] = {10, 11, 13};
    for (size_t i = 0; i < 3 && i < diag_list_count(d); i++) {
        const diag *g = diag_list_at(d, i);
        CU_ASSERT_EQUAL(g->severity, DIAG_WARNING);
        CU_ASSERT_STRING_EQUAL(g->code, "flow-list");
        CU_ASSERT_EQUAL(g->line, lines[i]);
    }
    model_free(m);
    diag_list_free(d);
}

static void test_big_model(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/big.bpmn", tu_tmpdir());
    /* about 50 MB: 120,000 tasks with 300 bytes of documentation each */
    long nodes = genmodel_chain(path, 120000, 8, 300);
    CU_ASSERT_EQUAL_FATAL(nodes, 120002);
    size_t len = 0;
    char *all = tu_slurp(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(all);
    CU_ASSERT_TRUE(len > 50u * 1000 * 1000);
    /* line numbers stay exact past libxml2's 16-bit line field */
    int want_line = 1;
    const char *hit = strstr(all, "id=\"T119999\"");
    for (const char *c = all; hit && c < hit; c++)
        want_line += *c == '\n';
    free(all);
    diag_list *d = diag_list_new();
    model *m = bpmn_read_file(path, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(diag_list_count(d), 0);
    CU_ASSERT_EQUAL(model_node_count(m), 120002);
    CU_ASSERT_EQUAL(model_flow_count(m), 120001);
    CU_ASSERT_EQUAL(model_lane_count(m), 8);
    const model_node *t = model_node_at(m, model_find_node(m, "T119999"));
    CU_ASSERT_EQUAL(t->nin, 1);
    CU_ASSERT_EQUAL(t->nout, 1);
    CU_ASSERT_STRING_EQUAL(model_lane_at(m, t->lane)->e.id, "L7");
    CU_ASSERT_TRUE(want_line > 65535);
    CU_ASSERT_EQUAL(t->e.line, want_line);
    model_free(m);
    diag_list_free(d);
    char args[300], *out = NULL;
    snprintf(args, sizeof args, "info %s", path);
    CU_ASSERT_EQUAL(tu_flowmc(args, &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "120002 flow nodes"));
    free(out);
    remove(path);
}

/* ---- hostile sizes (issue 24, items 1, 7, 10) -------------------------- */

static const char gen_head[] =
    "<?xml version=\"1.0\"?>\n"
    "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"D\" "
    "targetNamespace=\"http://example.org/x\">\n<bpmn:process id=\"P\">\n";
static const char gen_tail[] =
    "<bpmn:startEvent id=\"S\"/><bpmn:endEvent id=\"E\"/>\n"
    "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"S\" targetRef=\"T\"/>\n"
    "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"T\" targetRef=\"E\"/>\n"
    "</bpmn:process>\n</bpmn:definitions>\n";

/* Opens a generated file NAME in the temporary folder, its head written. */
static FILE *gen_open(const char *name, char *path, size_t len)
{
    snprintf(path, len, "%s/%s", tu_tmpdir(), name);
    FILE *f = fopen(path, "w");
    if (f)
        fputs(gen_head, f);
    return f;
}

static int gen_close(FILE *f)
{
    fputs(gen_tail, f);
    return fclose(f);
}

/* Many <documentation> elements: the model's memory stays linear in the
 * text (each new piece used to copy all the text before it: 1.2 MB of
 * them took 5 GB), on a task and on the process itself. */
static void test_doc_linear(void)
{
    for (int on_process = 0; on_process < 2; on_process++) {
        char path[512];
        FILE *f = gen_open("many-docs.bpmn", path, sizeof path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        enum { NDOC = 6000 };
        if (!on_process)
            fputs("<bpmn:task id=\"T\">", f);
        for (int i = 0; i < NDOC; i++)
            fprintf(f, "<bpmn:documentation>doc text %06d</bpmn:documentation>\n", i);
        fputs(on_process ? "<bpmn:task id=\"T\"/>\n" : "</bpmn:task>\n", f);
        CU_ASSERT_EQUAL_FATAL(gen_close(f), 0);
        diag_list *d = diag_list_new();
        model *m = bpmn_read_file(path, d);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        const char *doc = on_process ? model_process_at(m, 0)->e.doc
                                     : model_node_at(m, model_find_node(m, "T"))->e.doc;
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        /* "doc text 000000" and a newline each, but the last */
        CU_ASSERT_EQUAL(strlen(doc), (size_t)NDOC * 16 - 1);
        CU_ASSERT_TRUE(strncmp(doc, "doc text 000000\ndoc text 000001\n", 32) == 0);
        /* text 96 KB: quadratic growth held 290 MB */
        if (model_bytes(m) > 1024 * 1024)
            fprintf(stderr, "\n  model holds %zu bytes\n", model_bytes(m));
        CU_ASSERT_TRUE(model_bytes(m) < 1024 * 1024);
        model_free(m);
        diag_list_free(d);
        remove(path);
    }
}

/* Expects `flowmc info PATH` to exit 2 with every needle in stderr. */
static void expect_refused_path(const char *path, const char *const *needles)
{
    char args[600];
    snprintf(args, sizeof args, "'%s'", path);
    tu_expect("info", args, 2, needles);
}

/* More than XMLSAFE_MAX_ATTRS attributes on one element is refused with
 * its line before libxml2's quadratic duplicate check runs (200,000
 * attributes took 96 s); exactly the cap is read. */
static void test_attribute_cap(void)
{
    for (long extra = 0; extra < 2; extra++) {
        char path[512];
        FILE *f = gen_open("many-attributes.bpmn", path, sizeof path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fputs("<bpmn:task id=\"T\"", f);
        for (long i = 1; i < XMLSAFE_MAX_ATTRS + extra; i++)
            fprintf(f, "\n  a%ld=\"x>y\"", i); /* a '>' in a value ends nothing */
        fputs("/>\n", f);
        CU_ASSERT_EQUAL_FATAL(gen_close(f), 0);
        char args[600], *err = NULL;
        snprintf(args, sizeof args, "info '%s'", path);
        int rc = tu_flowmc(args, NULL, &err);
        if (extra) {
            CU_ASSERT_EQUAL(rc, 2);
            CU_ASSERT_TRUE(tu_contains(err, "many-attributes.bpmn:4: error: [xml-limit] an "
                                            "element has more than 1000 attributes"));
        } else {
            CU_ASSERT_EQUAL(rc, 0);
        }
        free(err);
        remove(path);
    }
}

/* A text run past XMLSAFE_MAX_TEXT is refused with the line it starts on;
 * comments and CDATA do not fool the count. */
static void test_text_cap(void)
{
    char path[512];
    FILE *f = gen_open("huge-text.bpmn", path, sizeof path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("<!-- <bpmn:task id=\"nope\"> \" ' -->\n<bpmn:task id=\"T\"><bpmn:documentation>", f);
    for (long i = 0; i < XMLSAFE_MAX_TEXT / 2; i++)
        fputc('a', f);
    fputs("<![CDATA[", f);
    for (long i = 0; i <= XMLSAFE_MAX_TEXT / 2; i++)
        fputc(i % 100 ? 'b' : '\n', f);
    fputs("]]></bpmn:documentation></bpmn:task>\n", f);
    CU_ASSERT_EQUAL_FATAL(gen_close(f), 0);
    expect_refused_path(path, (const char *[]){"huge-text.bpmn:5: error: [xml-limit] an element "
                                               "holds more than 1048576 bytes of text",
                                               NULL});
    remove(path);
}

/* More than XMLSAFE_MAX_ELEMS elements: refused at the first one past. */
static void test_element_cap(void)
{
    char path[512];
    FILE *f = gen_open("many-elements.bpmn", path, sizeof path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("<bpmn:task id=\"T\"><bpmn:extensionElements>\n", f);
    for (long i = 0; i < XMLSAFE_MAX_ELEMS; i++)
        fputs("<x/>", f);
    fputs("\n</bpmn:extensionElements></bpmn:task>\n", f);
    CU_ASSERT_EQUAL_FATAL(gen_close(f), 0);
    expect_refused_path(path, (const char *[]){"many-elements.bpmn:5: error: [xml-limit] the "
                                               "document holds more than 1000000 elements",
                                               NULL});
    remove(path);
}

/* Devices and fifos are refused at once, as what they are (they were
 * "the file is empty"; /dev/zero as a stream would never end). */
static void test_not_regular(void)
{
    tu_expect("info", "/dev/zero", 2, (const char *[]){"/dev/zero", "is a character device, not a "
                                                    "regular file", NULL});
    tu_expect("info", "/dev/urandom", 2, (const char *[]){"/dev/urandom", "character device", NULL});
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/model.fifo", tu_tmpdir());
    remove(fifo);
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    /* nobody writes to it: opening it would block for ever */
    expect_refused_path(fifo, (const char *[]){"model.fifo", "is a fifo (named pipe), not a "
                                               "regular file", NULL});
    remove(fifo);
}

/* The byte scanner on its own, fed one byte at a time: pieces split
 * anywhere (comment ends, quotes, CDATA) give the same verdict. */
static void test_scan_pieces(void)
{
    static const char doc[] =
        "<?xml version='1.0'?><!DOCTYPE d [<!ELEMENT d ANY>]><!-- a=b c=d -->"
        "<d a='1' b=\"2>3\" c='4'><![CDATA[ e=f <g h=i> ]]><?pi j=k?></d>";
    xmlsafe_scan sc;
    xmlsafe_scan_init(&sc);
    for (size_t i = 0; i < sizeof doc - 1; i++)
        CU_ASSERT_EQUAL(xmlsafe_scan_bytes(&sc, doc + i, 1), 0);
    CU_ASSERT_EQUAL(sc.elems, 1); /* only <d>: the rest is in comments, CDATA, a PI */
    CU_ASSERT_EQUAL(sc.attrs, 3);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Reads every .bpmn in dir: no crash; every file that is well-formed xml
 * with a bpmn root loads, or is refused with an error naming file and
 * line.  Adds to the counts. */
static void read_dir(const char *dir, int *total, int *loaded, int *refused, int *warned)
{
    DIR *dp = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dp);
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (!ends_with(e->d_name, ".bpmn"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        diag_list *d = diag_list_new();
        model *m = bpmn_read_file(path, d);
        (*total)++;
        size_t errors = diag_list_count_severity(d, DIAG_ERROR);
        if (m && errors == 0) {
            (*loaded)++;
            *warned += diag_list_count_severity(d, DIAG_WARNING) > 0;
        } else {
            (*refused)++;
            /* a refusal always says where */
            const diag *first = diag_list_at(d, 0);
            CU_ASSERT_PTR_NOT_NULL(first);
            if (first)
                CU_ASSERT_STRING_EQUAL(first->file, path);
            fprintf(stderr, "\n  refused: %s: %s", e->d_name, first ? first->message : "?");
        }
        model_free(m);
        diag_list_free(d);
    }
    closedir(dp);
}

/* The vendored sample of bpmnlint's examples: every file loads. */
static void test_corpus_sample(void)
{
    int total = 0, loaded = 0, refused = 0, warned = 0;
    read_dir(TU_CORPUS_SAMPLE, &total, &loaded, &refused, &warned);
    CU_ASSERT_EQUAL(total, 22);
    CU_ASSERT_EQUAL(loaded, total);
}

/* Every .bpmn of the big corpus in ../shared (skipped when absent): no
 * crash, loaded or refused with a place.  Prints the counts. */
static void test_corpus(void)
{
    const char *dirs[] = {"corpus/bpmnlint-examples", "corpus/bpmnlint-fixtures",
                          "corpus/scylla-samples"};
    const char *shared = tu_shared_or_skip("corpus", "reader over the big corpus");
    if (!shared)
        return;
    int total = 0, loaded = 0, refused = 0, warned = 0;
    for (size_t k = 0; k < 3; k++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/%s", shared, dirs[k]);
        read_dir(dir, &total, &loaded, &refused, &warned);
    }
    fprintf(stderr, "\n  corpus: %d files, %d loaded (%d with warnings), %d refused\n", total,
            loaded, warned, refused);
    CU_ASSERT_TRUE(total >= 290);
    /* the two refusals are not well-formed: a broken attribute and an
     * undeclared namespace prefix */
    CU_ASSERT_EQUAL(refused, 2);
}

static void test_info_json(void)
{
    char *out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("info --format json " FIX "lanes-and-defaults.bpmn", &out, NULL), 0);
    json_error_t je;
    json_t *root = json_loads(out ? out : "", 0, &je);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    json_t *f = json_array_get(json_object_get(root, "files"), 0);
    CU_ASSERT_TRUE(json_is_true(json_object_get(f, "loaded")));
    json_t *p = json_array_get(json_object_get(f, "processes"), 0);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(p, "id")), "P1");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(p, "nodes"), "endEvent")), 2);
    json_t *lane = json_array_get(json_object_get(p, "lanes"), 0);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(lane, "members")), 2);
    json_decref(root);
    free(out);
}

static void test_cli(void)
{
    const char *cmds[] = {"info", "check", "render", "sim", "size", "compare"};
    char args[64], *out = NULL;
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        snprintf(args, sizeof args, "%s --help", cmds[i]);
        CU_ASSERT_EQUAL(tu_flowmc(args, &out, NULL), 0);
        CU_ASSERT_TRUE(tu_contains(out, "usage: flowmc"));
        free(out);
    }
    CU_ASSERT_EQUAL(tu_flowmc("--help", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "compare"));
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("help info", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "--format"));
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("--version", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "flowmc "));
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("frobnicate", NULL, NULL), 2);
    CU_ASSERT_EQUAL(tu_flowmc("", NULL, NULL), 2);
    CU_ASSERT_EQUAL(tu_flowmc("info", NULL, NULL), 2);
    CU_ASSERT_EQUAL(tu_flowmc("info --format yaml " FIX "lanes-and-defaults.bpmn", NULL, NULL), 2);
}

/* The official XSD loads from a relative path with its includes beside it,
 * validates a good file and reports a bad one with its line. */
static void test_schema(void)
{
    const char *xsd = TU_BPMN_XSD;
    diag_list *d = diag_list_new();
    xmlSchemaPtr s = xmlsafe_schema_load(xsd, d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    xmlDocPtr good = xmlsafe_read_file(FIX "lanes-and-defaults.bpmn", d);
    CU_ASSERT_EQUAL(xmlsafe_validate(s, good, FIX "lanes-and-defaults.bpmn", d), 0);
    xmlDocPtr bad = xmlsafe_read_file(FIX "broken-references.bpmn", d);
    CU_ASSERT_TRUE(xmlsafe_validate(s, bad, FIX "broken-references.bpmn", d) > 0);
    const diag *first = diag_list_at(d, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(first);
    CU_ASSERT_STRING_EQUAL(first->code, "schema");
    CU_ASSERT_TRUE(first->line > 0);
    xmlFreeDoc(good);
    xmlFreeDoc(bad);
    xmlSchemaFree(s);
    /* nothing outside the schema's folder is loaded */
    diag_list *d2 = diag_list_new();
    CU_ASSERT_PTR_NULL(xmlsafe_schema_load("tests/fixtures/reader/no-such.xsd", d2));
    CU_ASSERT_EQUAL(diag_list_count_severity(d2, DIAG_ERROR), 1);
    diag_list_free(d2);
    diag_list_free(d);
}

void suite_reader(void);
void suite_reader(void)
{
    static const CU_TestInfo tests[] = {
        {"empty file", test_empty},
        {"not xml", test_not_xml},
        {"truncated xml", test_truncated},
        {"xml that is not bpmn", test_not_bpmn},
        {"a directory", test_directory},
        {"a missing path", test_missing},
        {"dangling, duplicate, two lanes, cross process", test_broken_references},
        {"xxe to /etc/passwd", test_xxe},
        {"billion laughs", test_billion_laughs},
        {"unsupported elements warn", test_unsupported_warns},
        {"incoming/outgoing children", test_incoming_outgoing},
        {"50 MB model", test_big_model},
        {"corpus sample (vendored)", test_corpus_sample},
        {"corpus (../shared)", test_corpus},
        {"info json", test_info_json},
        {"command line", test_cli},
        {"xsd validation", test_schema},
        {"many documentation elements: linear memory", test_doc_linear},
        {"attributes per element capped", test_attribute_cap},
        {"text per element capped", test_text_cap},
        {"elements per file capped", test_element_cap},
        {"devices and fifos refused", test_not_regular},
        {"byte scanner in pieces", test_scan_pieces},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("reader", tests);
}
