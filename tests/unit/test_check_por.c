/*
 * Suite check_por: the partial-order reduction against the full search.
 * On every model in the tree (tests/fixtures, the shipped models and their
 * readings) and on generated ones (tests/common/genmodel.h), the reduced
 * search and the full one give the same verdict on every property of
 * every process and the same findings; every counterexample trace the
 * reduced search prints is replayed over every interleaving and must be
 * an execution of the model (a deadlock's must end where nothing can
 * move).  Also: the reduction does shrink the space, and the link
 * warnings of the reader (link-unmatched, link-ambiguous).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/genmodel.h"
#include "check/check.h"
#include "model/bpmn_read.h"
#include "testutil.h"

#define FIX "tests/fixtures/check/"

static int nsmaller; /* models whose reduced space was smaller */

typedef struct run {
    check_report *r;
    diag_list *d;
} run;

static run check_model(const model *m, int full, size_t max_states)
{
    check_options o = {max_states, NULL, full};
    run x = {NULL, diag_list_new()};
    x.r = check_run(m, &o, x.d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x.r);
    return x;
}

static void done(run *x)
{
    check_report_free(x->r);
    diag_list_free(x->d);
}

/* A model read from a file, and the reader's findings on it. */
typedef struct fixture {
    model *m;
    diag_list *reader;
} fixture;

/* Reads path; the model must read (a fatal assertion otherwise). */
static fixture fixture_read(const char *path)
{
    fixture f = {NULL, diag_list_new()};
    f.m = bpmn_read_file(path, f.reader);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f.m);
    return f;
}

static void fixture_free(fixture *f)
{
    model_free(f->m);
    diag_list_free(f->reader);
}

static check_verdict prop_at(const check_properties *p, int i)
{
    const check_verdict v[] = {p->safe, p->option_to_complete, p->proper_completion,
                               p->no_dead_activities, p->messages_consumed};
    return v[i];
}

/* Rules that report one witness per root cause (a second token found
 * downstream of a first is the same defect; one livelock per search; the
 * first growth): which witness comes first depends on the order the
 * states are met in, so the reduced and the full search may name
 * different elements of one defect.  Their verdicts are compared. */
static int first_witness(const char *code)
{
    return !strcmp(code, "lack-of-synchronization") || !strcmp(code, "improper-completion") ||
           !strcmp(code, "livelock") || !strcmp(code, "unbounded");
}

/* "code element" of every finding but first_witness ones, sorted, one per
 * line (malloc'd). */
static char *finding_keys(const diag_list *d)
{
    size_t n = diag_list_count(d), len = 1;
    char **lines = calloc(n + 1, sizeof *lines);
    for (size_t i = 0; i < n; i++) {
        const diag *g = diag_list_at(d, i);
        if (first_witness(g->code)) {
            lines[i] = strdup("");
            continue;
        }
        size_t l = strlen(g->code) + (g->element ? strlen(g->element) : 1) + 3;
        lines[i] = malloc(l);
        snprintf(lines[i], l, "%s %s\n", g->code, g->element ? g->element : "-");
        len += l;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: a few findings */
        for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
            char *t = lines[j];
            lines[j] = lines[j - 1];
            lines[j - 1] = t;
        }
    char *out = malloc(len);
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
        strcat(out, lines[i]);
        free(lines[i]);
    }
    free(lines);
    return out;
}

/* Replays every behavioural finding's trace; returns how many. */
static int replay_traces(const char *what, const model *m, const diag_list *d)
{
    int replayed = 0;
    for (size_t i = 0; i < diag_list_count(d); i++) {
        const diag *g = diag_list_at(d, i);
        const check_rule *rule = check_rule_find(g->code);
        if (!rule || !rule->behavioural || !g->ntrace)
            continue;
        const char **steps = malloc(sizeof(char *) * g->ntrace);
        for (size_t k = 0; k < g->ntrace; k++)
            steps[k] = g->trace[k].element;
        int stuck = 0, rc = check_replay(m, steps, g->ntrace, &stuck);
        free(steps);
        if (rc != 1)
            fprintf(stderr, "\n  %s: the trace of [%s] on %s is no execution (replay %d)\n",
                    what, g->code, g->element ? g->element : "-", rc);
        CU_ASSERT_EQUAL(rc, 1);
        if (!strcmp(g->code, "deadlock")) {
            if (!stuck)
                fprintf(stderr, "\n  %s: the deadlock trace on %s ends where a move is left\n",
                        what, g->element);
            CU_ASSERT_TRUE(stuck);
        }
        replayed++;
    }
    return replayed;
}

/* Compares the reduced search with the full one on m: with both complete,
 * every verdict and every finding; otherwise every verdict both decided.
 * Returns 1 when both searches completed. */
static int agree(const char *what, const model *m, size_t max_states, int *replayed)
{
    run red = check_model(m, 0, max_states), full = check_model(m, 1, max_states);
    int both = 1;
    CU_ASSERT_EQUAL_FATAL(check_report_count(red.r), check_report_count(full.r));
    for (size_t i = 0; i < check_report_count(red.r); i++) {
        const check_process_result *a = check_report_at(red.r, i), *b = check_report_at(full.r, i);
        both &= a->complete && b->complete;
        nsmaller += a->complete && b->complete && a->states < b->states;
        CU_ASSERT_TRUE(a->states <= b->states || !b->complete);
        for (int k = 0; k < CHECK_NPROPS; k++) {
            check_verdict va = prop_at(&a->props, k), vb = prop_at(&b->props, k);
            if (a->complete && b->complete ? va != vb
                                           : va != CHECK_UNDECIDED && vb != CHECK_UNDECIDED &&
                                                 va != vb) {
                fprintf(stderr, "\n  %s: process %s: %s is %s reduced, %s in full\n", what,
                        a->process_id, check_property_names[k], check_verdict_word(va),
                        check_verdict_word(vb));
                CU_FAIL("the reduced search disagrees with the full one");
            }
        }
        if (a->complete && b->complete)
            CU_ASSERT_EQUAL(a->sound, b->sound);
    }
    if (both) {
        char *ka = finding_keys(red.d), *kb = finding_keys(full.d);
        if (strcmp(ka, kb))
            fprintf(stderr, "\n  %s: findings differ\n  reduced:\n%s  full:\n%s", what, ka, kb);
        CU_ASSERT_STRING_EQUAL(ka, kb);
        free(ka);
        free(kb);
    }
    *replayed += replay_traces(what, m, red.d);
    done(&red);
    done(&full);
    return both;
}

static int is_bpmn(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && !strcmp(name + n - 5, ".bpmn");
}

/* Every .bpmn below dir (recursively) through agree(). */
static void agree_tree(const char *dir, int *files, int *replayed)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(dp);
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            agree_tree(path, files, replayed);
        } else if (is_bpmn(names[i])) {
            diag_list *reader = diag_list_new();
            model *m = bpmn_read_file(path, reader);
            if (m) {
                agree(path, m, 2000000, replayed);
                (*files)++;
            }
            model_free(m);
            diag_list_free(reader);
        }
        free(names[i]);
    }
    free(names);
}

static void test_tree_models(void)
{
    int files = 0, replayed = 0;
    agree_tree("tests/fixtures", &files, &replayed);
    int fixtures = files;
    agree_tree("models", &files, &replayed);
    fprintf(stderr, "\n  reduced = full on %d fixture files and %d shipped models; %d traces "
                    "replayed\n", fixtures, files - fixtures, replayed);
    CU_ASSERT_TRUE(fixtures >= 60);
    CU_ASSERT_TRUE(files - fixtures >= 4);
    CU_ASSERT_TRUE(replayed >= 20);
}

static void test_generated_models(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/gen.bpmn", tu_tmpdir());
    int compared = 0, complete = 0, replayed = 0, unsound = 0;
    const char *env = getenv("FLOWMC_POR_MODELS"); /* more, when hunting */
    unsigned long long nmodels = env ? strtoull(env, NULL, 10) : 400;
    nsmaller = 0;
    for (unsigned long long seed = 1; seed <= nmodels; seed++) {
        int two = seed % 3 == 0, inner = 5 + (int)(seed % 8) + (int)(seed % 7 == 0) * 6;
        CU_ASSERT_EQUAL_FATAL(genmodel_random(path, seed, inner, two), 0);
        diag_list *reader = diag_list_new();
        model *m = bpmn_read_file(path, reader);
        if (!m || diag_list_count_severity(reader, DIAG_ERROR)) {
            diag_list_print(reader, stderr);
            CU_FAIL("a generated model does not read");
        } else {
            char what[64];
            snprintf(what, sizeof what, "generated model %llu", seed);
            complete += agree(what, m, 200000, &replayed);
            compared++;
            run x = check_model(m, 0, 200000);
            unsound += check_report_at(x.r, 0)->sound == CHECK_FAILS;
            done(&x);
        }
        model_free(m);
        diag_list_free(reader);
    }
    fprintf(stderr, "\n  reduced = full on %d generated models (%d explored completely, %d "
                    "unsound, %d on a smaller space); %d traces replayed\n", compared, complete,
            unsound, nsmaller, replayed);
    CU_ASSERT_EQUAL(compared, (int)nmodels);
    CU_ASSERT_TRUE(nsmaller >= 50); /* the reduction had something to do */
    CU_ASSERT_TRUE(complete >= 200);
    CU_ASSERT_TRUE(unsound >= 50); /* the generator makes defects to find */
    CU_ASSERT_TRUE(replayed >= 100);
}

/* A trace that is not an execution is refused: the replay has teeth. */
static void test_replay_refuses(void)
{
    fixture f = fixture_read(FIX "deadlock-xor-split-into-and-join.bpmn");
    const model *m = f.m;
    run x = check_model(m, 0, 0);
    const diag *dl = NULL;
    for (size_t i = 0; i < diag_list_count(x.d); i++)
        if (!strcmp(diag_list_at(x.d, i)->code, "deadlock"))
            dl = diag_list_at(x.d, i);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dl);
    const char *steps[16];
    size_t n = dl->ntrace < 16 ? dl->ntrace : 16;
    for (size_t k = 0; k < n; k++)
        steps[k] = dl->trace[k].element;
    int stuck = 0;
    CU_ASSERT_EQUAL(check_replay(m, steps, n, &stuck), 1);
    CU_ASSERT_TRUE(stuck);
    /* without its last step it is an execution that can still move */
    CU_ASSERT_EQUAL(check_replay(m, steps, n - 1, &stuck), 1);
    CU_ASSERT_FALSE(stuck);
    /* two steps swapped, an unknown element: no execution */
    const char *t = steps[0];
    steps[0] = steps[1];
    steps[1] = t;
    CU_ASSERT_EQUAL(check_replay(m, steps, n, &stuck), 0);
    steps[1] = steps[0];
    steps[0] = "NoSuchElement";
    CU_ASSERT_EQUAL(check_replay(m, steps, n, &stuck), 0);
    done(&x);
    fixture_free(&f);
}

/* The reduction shrinks a space of independent branches to a line, and
 * reports what it decided where. */
static void test_reduction_shrinks(void)
{
    fixture f = fixture_read(FIX "parallel-eight-branches.bpmn");
    run red = check_model(f.m, 0, 0), full = check_model(f.m, 1, 0);
    const check_process_result *a = check_report_at(red.r, 0), *b = check_report_at(full.r, 0);
    CU_ASSERT_EQUAL(b->states, 256 + 4); /* 2^8 markings of the branches */
    CU_ASSERT_TRUE(a->states <= 8 * 2 + 4);
    CU_ASSERT_TRUE(a->reduced);
    CU_ASSERT_FALSE(b->reduced);
    CU_ASSERT_EQUAL(a->sound, CHECK_HOLDS);
    for (int k = 0; k < CHECK_NPROPS; k++)
        CU_ASSERT_TRUE(check_reduction_preserves(k));
    done(&red);
    done(&full);
    fixture_free(&f);

    char *out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check " FIX "parallel-eight-branches.bpmn", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "partial-order reduction: every property decided on the "
                                    "reduced state space"));
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("check --no-reduction " FIX "parallel-eight-branches.bpmn", &out,
                              NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "sound, 260 states explored"));
    CU_ASSERT_FALSE(tu_contains(out, "partial-order reduction"));
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("check --format json " FIX "parallel-eight-branches.bpmn", &out,
                              NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "\"method\": \"stubborn sets\""));
    free(out);
    CU_ASSERT_EQUAL(tu_flowmc("check --format json --no-reduction " FIX
                              "parallel-eight-branches.bpmn", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "\"reduction\": null"));
    free(out);
}

/* Writes a process of 30 parallel branches into path and reads it: S, the
 * parallel split F, branch i, the parallel join J, E.  Branch i is the
 * tasks T<i> and U<i>; with merged, the task T<i> alone, and branches 0
 * and 1 meet in the exclusive gateway X (then the task Z) instead of J. */
static fixture thirty_branches(const char *name, int merged)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", tu_tmpdir(), name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f, "<?xml version=\"1.0\"?><bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/"
               "BPMN/20100524/MODEL\" id=\"D\" targetNamespace=\"t\"><bpmn:process id=\"P\">"
               "<bpmn:startEvent id=\"S\"/><bpmn:parallelGateway id=\"F\"/><bpmn:parallelGateway "
               "id=\"J\"/>%s<bpmn:endEvent id=\"E\"/><bpmn:sequenceFlow id=\"s\" sourceRef=\"S\" "
               "targetRef=\"F\"/><bpmn:sequenceFlow id=\"e\" sourceRef=\"J\" targetRef=\"E\"/>%s\n",
            merged ? "<bpmn:exclusiveGateway id=\"X\"/><bpmn:task id=\"Z\"/>" : "",
            merged ? "<bpmn:sequenceFlow id=\"x\" sourceRef=\"X\" targetRef=\"Z\"/>"
                     "<bpmn:sequenceFlow id=\"z\" sourceRef=\"Z\" targetRef=\"J\"/>"
                   : "");
    for (int i = 0; i < 30; i++)
        if (merged)
            fprintf(f, "<bpmn:task id=\"T%d\"/>"
                       "<bpmn:sequenceFlow id=\"a%d\" sourceRef=\"F\" targetRef=\"T%d\"/>"
                       "<bpmn:sequenceFlow id=\"b%d\" sourceRef=\"T%d\" targetRef=\"%s\"/>\n",
                    i, i, i, i, i, i < 2 ? "X" : "J");
        else
            fprintf(f, "<bpmn:task id=\"T%d\"/><bpmn:task id=\"U%d\"/>"
                       "<bpmn:sequenceFlow id=\"a%d\" sourceRef=\"F\" targetRef=\"T%d\"/>"
                       "<bpmn:sequenceFlow id=\"m%d\" sourceRef=\"T%d\" targetRef=\"U%d\"/>"
                       "<bpmn:sequenceFlow id=\"b%d\" sourceRef=\"U%d\" targetRef=\"J\"/>\n",
                    i, i, i, i, i, i, i, i, i);
    fputs("</bpmn:process></bpmn:definitions>\n", f);
    CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
    return fixture_read(path);
}

/* 2^30 interleavings, decided on a few dozen states. */
static void test_thirty_branches(void)
{
    fixture f = thirty_branches("p30.bpmn", 0);
    run x = check_model(f.m, 0, 0);
    const check_process_result *p = check_report_at(x.r, 0);
    CU_ASSERT_TRUE(p->complete);
    CU_ASSERT_EQUAL(p->sound, CHECK_HOLDS);
    CU_ASSERT_EQUAL(p->props.safe, CHECK_HOLDS);
    CU_ASSERT_EQUAL(p->props.messages_consumed, CHECK_HOLDS);
    CU_ASSERT_TRUE(p->states < 100); /* 3^30 without the reduction */
    CU_ASSERT_EQUAL(diag_list_count(x.d), 0);
    done(&x);
    fixture_free(&f);
}

/* One deleted synchronisation among 30 branches: the reduced search still
 * finds the second token, and the unsafe verdict. */
static void test_thirty_branches_unsafe(void)
{
    fixture f = thirty_branches("p30x.bpmn", 1);
    run x = check_model(f.m, 0, 0);
    const check_process_result *p = check_report_at(x.r, 0);
    CU_ASSERT_TRUE(p->complete);
    CU_ASSERT_EQUAL(p->props.safe, CHECK_FAILS);
    CU_ASSERT_TRUE(p->states < 1000);
    int los = 0;
    for (size_t i = 0; i < diag_list_count(x.d); i++)
        los += !strcmp(diag_list_at(x.d, i)->code, "lack-of-synchronization");
    CU_ASSERT_TRUE(los >= 1);
    int replayed = replay_traces("30 branches, two merged", f.m, x.d);
    CU_ASSERT_TRUE(replayed >= 1);
    done(&x);
    fixture_free(&f);
}

/* The reader's link warnings: a throw with no catch at its level, and one
 * with two. */
static void test_link_warnings(void)
{
    fixture f = fixture_read(FIX "link-unmatched.bpmn");
    int unmatched = 0;
    for (size_t i = 0; i < diag_list_count(f.reader); i++) {
        const diag *g = diag_list_at(f.reader, i);
        if (strcmp(g->code, "link-unmatched"))
            continue;
        unmatched++;
        CU_ASSERT_EQUAL(g->severity, DIAG_WARNING);
        CU_ASSERT_TRUE(!strcmp(g->element, "ThrowInner") || !strcmp(g->element, "ThrowGhost"));
        CU_ASSERT_TRUE(g->line == 8 || g->line == 11);
    }
    CU_ASSERT_EQUAL(unmatched, 2);
    /* the inner throw does not jump to the top-level catch of its name */
    CU_ASSERT_EQUAL(model_node_at(f.m, model_find_node(f.m, "ThrowInner"))->link_target, -1);
    fixture_free(&f);

    f = fixture_read(FIX "link-ambiguous.bpmn");
    int ambiguous = 0;
    for (size_t i = 0; i < diag_list_count(f.reader); i++) {
        const diag *g = diag_list_at(f.reader, i);
        if (strcmp(g->code, "link-ambiguous"))
            continue;
        ambiguous++;
        CU_ASSERT_EQUAL(g->severity, DIAG_WARNING);
        CU_ASSERT_STRING_EQUAL(g->element, "Throw");
        CU_ASSERT_EQUAL(g->line, 6);
        CU_ASSERT_TRUE(tu_contains(g->message, "matches 2 link catch events"));
        CU_ASSERT_TRUE(tu_contains(g->message, "'CatchFirst'"));
    }
    CU_ASSERT_EQUAL(ambiguous, 1);
    CU_ASSERT_EQUAL(model_node_at(f.m, model_find_node(f.m, "Throw"))->link_target,
                    model_find_node(f.m, "CatchFirst"));
    /* and check follows the first: the second catch's end is unreachable */
    run x = check_model(f.m, 0, 0);
    int unreachable = 0;
    for (size_t i = 0; i < diag_list_count(x.d); i++)
        unreachable += !strcmp(diag_list_at(x.d, i)->code, "unreachable") &&
                       !strcmp(diag_list_at(x.d, i)->element, "CatchSecond");
    CU_ASSERT_EQUAL(unreachable, 1);
    done(&x);
    fixture_free(&f);

    char *out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check " FIX "link-ambiguous.bpmn", &out, NULL), 1);
    CU_ASSERT_TRUE(tu_contains(out, "link-ambiguous.bpmn:6: warning: [link-ambiguous]"));
    free(out);
}

void suite_check_por(void);
void suite_check_por(void)
{
    static const CU_TestInfo tests[] = {
        {"reduced = full on every model in the tree, traces replay", test_tree_models},
        {"reduced = full on 400 generated models, traces replay", test_generated_models},
        {"a trace that is no execution is refused", test_replay_refuses},
        {"the reduction shrinks and says so", test_reduction_shrinks},
        {"30 parallel branches decided on a few states", test_thirty_branches},
        {"30 branches with two merged unsynchronised: found", test_thirty_branches_unsafe},
        {"link-unmatched and link-ambiguous warnings", test_link_warnings},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("check_por", tests);
}
