/*
 * Suite models: the shipped Annex X, Y (proposed and live) and Z models.
 * Each must be standard BPMN 2.0 (the official XSD, through libxml2's
 * validator), load with no warning, trace to every step of the seed (a
 * flow node whose documentation begins with the step's reference), put
 * every flow node in one of the role lanes the simulation scenarios name,
 * name every decision and its answers, keep exactly the open paths that
 * docs/annexes.md lists, link to one another as documented, and appear in
 * docs/annexes.md (every flow node id, every gap code they cite).
 *
 * Every check is a function that counts problems; the suite runs it on the
 * models (expecting none) and on a deliberately broken fixture (expecting
 * a known number), so a check that could never fail would show.
 */
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/bpmn_read.h"
#include "model/model.h"
#include "model/xmlsafe.h"
#include "testutil.h"

#define MODELS "models/"
#define FIX "tests/fixtures/models/"

/* What one model file must hold.  Lists end in NULL. */
typedef struct annex {
    const char *path;
    const char *process;            /* the process a scenario runs */
    const char *const *refs;        /* every step reference of the seed */
    const char *const *lanes;       /* lane ids scenarios rely on */
    const char *const *open;        /* nodes left without outgoing flow on purpose */
    int notes;                      /* expected external-call notes */
} annex;

static const char *const x_refs[] = {
    "X.1", "X.2", "X.3", "X.4", "X.5", "X.6", "X.7",
    "X.8", "X.9", "X.10", "X.11", "X.12", "X.13", "X.14", NULL,
};
static const char *const x_lanes[] = {
    "Lane_X_TLDManager", "Lane_X_CallCenter", "Lane_X_IFOStaff", "Lane_X_IFOSeniorMgmt",
    "Lane_X_RZMTeam", "Lane_X_RZC_RZMTeam", "Lane_X_RZC_RootZoneMaintainer", NULL,
};
static const char *const x_open[] = {
    "X06_Gap_NobodyReached", "X09_Gap_TLDManagerUnreachable", "X10_Gap_NotConfirmed",
    "X12_Gap_ValidationFailed", NULL,
};

static const char *const y_refs[] = {
    "Y.P1", "Y.P1.a", "Y.P1.b", "Y.P1.c", "Y.P2", "Y.P2.a", "Y.P2.b",
    "Y.P2.c", "Y.P2.d", "Y.P2.e", "Y.P2.fn5", NULL,
};
static const char *const y_live_refs[] = {
    "Y.P1", "Y.P1.a", "Y.P1.b", "Y.P1.live", "Y.P1.c", "Y.P2", "Y.P2.a", "Y.P2.b",
    "Y.P2.c", "Y.P2.d", "Y.P2.e", "Y.P2.fn5", NULL,
};
static const char *const y_lanes[] = {
    "Lane_Y_Complainant", "Lane_Y_IANAStaff", "Lane_Y_Liaison", "Lane_Y_ProgramManager",
    "Lane_Y_Ombudsman", "Lane_Y_CSC", "Lane_Y_Mediator", "Lane_Y_RegistryOperator", NULL,
};
static const char *const y_live_lanes[] = {
    "Lane_Y_Complainant", "Lane_Y_IANAStaff", "Lane_Y_Liaison", "Lane_Y_ProgramManager",
    "Lane_Y_PresidentCEO", "Lane_Y_Ombudsman", "Lane_Y_CSC", "Lane_Y_Mediator",
    "Lane_Y_RegistryOperator", NULL,
};
static const char *const y_open[] = {
    "Y_P2_Gap_NotPursued", "Y_P2fn5_Gap_NotEscalated", "Y_P2a_Gap_CSCDeclines", "Y_P2e_Gap_NoIRP", NULL,
};

static const char *const z_refs[] = {
    "Z.0", "Z.1", "Z.2", "Z.3", "Z.4", "Z.5", "Z.6", NULL,
};
static const char *const z_lanes[] = {
    "Lane_Z_CSC", "Lane_Z_IFO", "Lane_Z_Mediator", "Lane_Z_AppealsPanel", NULL,
};
static const char *const z_open[] = {NULL};

enum { ANNEX_X, ANNEX_Y, ANNEX_Y_LIVE, ANNEX_Z, ANNEX_COUNT };

static const annex annexes[ANNEX_COUNT] = {
    {MODELS "annex-x-root-zone-emergency.bpmn", "Process_X_RootZoneEmergency",
     x_refs, x_lanes, x_open, 0},
    {MODELS "annex-y-complaint-resolution.bpmn", "Process_Y_ComplaintResolution",
     y_refs, y_lanes, y_open, 1},
    {MODELS "annex-y-complaint-resolution-live.bpmn", "Process_Y_ComplaintResolution_Live",
     y_live_refs, y_live_lanes, y_open, 1},
    {MODELS "annex-z-problem-management.bpmn", "Process_Z_ProblemManagement",
     z_refs, z_lanes, z_open, 0},
};

/* The broken fixture: what it claims to hold, and what each check must find. */
static const char *const fix_refs[] = {"T.1", "T.2", "T.3", NULL};
static const char *const fix_lanes[] = {"Lane_T_Clerk", "Lane_T_Missing", NULL};
static const char *const fix_open[] = {"T_NotADeadEnd", NULL};
static const annex broken = {FIX "broken-annex.bpmn", "Process_T", fix_refs, fix_lanes,
                             fix_open, 0};

static int in_list(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && strncmp(*list, s, n) == 0)
            return 1;
    return 0;
}

/* Reports one problem (when log is not NULL) and counts it: returns 1. */
static int say(FILE *log, const annex *a, const char *what, const char *id)
{
    if (log)
        fprintf(log, "\n    %s: %s %s\n", a->path, what, id ? id : "");
    return 1;
}

/* The step reference a documentation begins with: its first word. */
static size_t ref_len(const char *doc)
{
    return doc ? strcspn(doc, " \t\r\n") : 0;
}

/* ---- the checks: each returns the number of problems ----------------- */

/* XSD violations of the file (and -1 when the schema cannot be loaded). */
static int schema_problems(const annex *a, FILE *log)
{
    const char *xsd = TU_BPMN_XSD;
    diag_list *d = diag_list_new();
    xmlSchemaPtr s = xmlsafe_schema_load(xsd, d);
    int n = -1;
    if (s) {
        xmlDocPtr doc = xmlsafe_read_file(a->path, d);
        n = doc ? xmlsafe_validate(s, doc, a->path, d) : 1;
        xmlFreeDoc(doc);
        xmlSchemaFree(s);
    }
    if (log && n != 0)
        diag_list_print(d, log);
    diag_list_free(d);
    return n;
}

/* Warnings and errors of the reader, plus notes other than the expected
 * external calls; *m gets the model (NULL when unusable). */
static int load_problems(const annex *a, model **m, FILE *log)
{
    diag_list *d = diag_list_new();
    *m = bpmn_read_file(a->path, d);
    int notes = (int)diag_list_count_severity(d, DIAG_NOTE);
    int n = (int)(diag_list_count_severity(d, DIAG_WARNING) +
                  diag_list_count_severity(d, DIAG_ERROR));
    n += notes > a->notes ? notes - a->notes : a->notes - notes;
    if (!*m)
        n++;
    if (log && n)
        diag_list_print(d, log);
    diag_list_free(d);
    return n;
}

/* Seed references with no flow node documented as that step (or, for a
 * step that is a note rather than a step, Z.6, no text annotation
 * beginning with it), plus flow nodes whose documentation does not begin
 * with a known reference. */
static int trace_problems(const annex *a, const model *m, FILE *log)
{
    int n = 0;
    char *file = tu_slurp(a->path, NULL);
    for (const char *const *r = a->refs; *r; r++) {
        int found = 0;
        for (size_t i = 0; i < model_node_count(m) && !found; i++) {
            const char *doc = model_node_at(m, (int)i)->e.doc;
            found = doc && ref_len(doc) == strlen(*r) && strncmp(doc, *r, strlen(*r)) == 0;
        }
        char note[64];
        snprintf(note, sizeof note, "<bpmn:text>%s ", *r);
        found |= file && tu_contains(file, note);
        if (!found)
            n += say(log, a, "no flow node is documented as step", *r);
    }
    free(file);
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *nd = model_node_at(m, (int)i);
        if (!nd->e.doc || !in_list(a->refs, nd->e.doc, ref_len(nd->e.doc)))
            n += say(log, a, "documentation does not begin with a step reference:", nd->e.id);
    }
    for (size_t p = 0; p < model_process_count(m); p++)
        if (!model_process_at(m, (int)p)->e.doc)
            n += say(log, a, "process without documentation:", model_process_at(m, (int)p)->e.id);
    return n;
}

/* Missing lanes, and flow nodes in no lane. */
static int lane_problems(const annex *a, const model *m, FILE *log)
{
    int n = 0;
    for (const char *const *l = a->lanes; *l; l++) {
        model_kind k;
        if (model_find(m, *l, &k) < 0 || k != MODEL_KIND_LANE)
            n += say(log, a, "missing lane", *l);
    }
    for (size_t i = 0; i < model_node_count(m); i++)
        if (model_node_at(m, (int)i)->lane < 0)
            n += say(log, a, "flow node in no lane:", model_node_at(m, (int)i)->e.id);
    return n;
}

/* Activities sharing a name with another activity of the model: an event
 * log (XES, CSV) names tasks by their names, so two would merge. */
static int name_problems(const annex *a, const model *m, FILE *log)
{
    int n = 0;
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *x = model_node_at(m, (int)i);
        if (!x->e.name || !model_type_is_activity(x->type))
            continue;
        for (size_t j = i + 1; j < model_node_count(m); j++) {
            const model_node *y = model_node_at(m, (int)j);
            if (y->e.name && model_type_is_activity(y->type) && strcmp(x->e.name, y->e.name) == 0)
                n += say(log, a, "two activities share a name:", y->e.id);
        }
    }
    return n;
}

/* Decisions (exclusive gateways that split) without a name, or with an
 * unnamed answer. */
static int decision_problems(const annex *a, const model *m, FILE *log)
{
    int n = 0;
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *g = model_node_at(m, (int)i);
        if (g->type != MODEL_EXCLUSIVE_GATEWAY || g->nout < 2)
            continue;
        if (!g->e.name)
            n += say(log, a, "decision without a question:", g->e.id);
        for (int k = 0; k < g->nout; k++)
            if (!model_flow_at(m, g->out[k])->e.name)
                n += say(log, a, "unnamed answer of", g->e.id);
    }
    return n;
}

/* Nodes other than end events with no outgoing flow must be exactly the
 * documented open paths. */
static int open_path_problems(const annex *a, const model *m, FILE *log)
{
    int n = 0;
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *nd = model_node_at(m, (int)i);
        if (nd->type == MODEL_END_EVENT || nd->nout > 0)
            continue;
        if (!in_list(a->open, nd->e.id, strlen(nd->e.id)))
            n += say(log, a, "undocumented open path at", nd->e.id);
    }
    for (const char *const *o = a->open; *o; o++) {
        int i = model_find_node(m, *o);
        if (i < 0 || model_node_at(m, i)->nout > 0)
            n += say(log, a, "documented open path is gone:", *o);
    }
    return n;
}

/* Gap codes ("GAP (Y-7)") cited in a documentation, each looked up in docs
 * as "**Y-7**"; returns how many are missing. */
static int gaps_missing(const annex *a, const char *doc, const char *docs, FILE *log)
{
    int n = 0;
    for (const char *g = doc ? strstr(doc, "GAP") : NULL; g; g = strstr(g + 3, "GAP")) {
        const char *c = g + 3;
        c += strspn(c, " (");
        size_t len = strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
        char want[32];
        snprintf(want, sizeof want, "**%.*s**", (int)(len < 20 ? len : 20), c);
        if (len == 0 || !tu_contains(docs, want))
            n += say(log, a, "gap not explained in docs/annexes.md:", want);
    }
    return n;
}

/* Flow nodes whose id docs does not show as `id`, plus cited gap codes
 * it does not explain. */
static int docs_problems(const annex *a, const model *m, const char *docs, FILE *log)
{
    int n = 0;
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *nd = model_node_at(m, (int)i);
        char want[256];
        snprintf(want, sizeof want, "`%s`", nd->e.id);
        if (!tu_contains(docs, want))
            n += say(log, a, "flow node missing from docs/annexes.md:", nd->e.id);
        n += gaps_missing(a, nd->e.doc, docs, log);
    }
    for (size_t i = 0; i < model_lane_count(m); i++)
        n += gaps_missing(a, model_lane_at(m, (int)i)->e.doc, docs, log);
    return n;
}

/* ---- helpers for the model-specific tests ---------------------------- */

static model *load_annex(int which)
{
    model *m = NULL;
    int n = load_problems(&annexes[which], &m, stderr);
    CU_ASSERT_EQUAL(n, 0);
    return m;
}

static const model_node *node(const model *m, const char *id)
{
    int i = model_find_node(m, id);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    return model_node_at(m, i);
}

static const char *lane_of(const model *m, const char *id)
{
    const model_node *n = node(m, id);
    return n->lane >= 0 ? model_lane_at(m, n->lane)->e.id : "";
}

static void assert_timer(const model *m, const char *id, const char *duration,
                         const char *doc_says, int interrupting)
{
    const model_node *t = node(m, id);
    CU_ASSERT_EQUAL(t->type, MODEL_BOUNDARY_EVENT);
    CU_ASSERT_EQUAL(t->evdef, MODEL_EVDEF_TIMER);
    CU_ASSERT_EQUAL(t->timer_kind, MODEL_TIMER_DURATION);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t->timer_text);
    CU_ASSERT_STRING_EQUAL(t->timer_text, duration);
    CU_ASSERT_EQUAL(t->cancel_activity, interrupting);
    CU_ASSERT_TRUE(t->e.doc && tu_contains(t->e.doc, doc_says));
}

/* ---- tests ------------------------------------------------------------ */

static void test_schema(void)
{
    for (int k = 0; k < ANNEX_COUNT; k++)
        CU_ASSERT_EQUAL(schema_problems(&annexes[k], stderr), 0);
}

static void test_load_clean(void)
{
    for (int k = 0; k < ANNEX_COUNT; k++) {
        model *m = load_annex(k);
        CU_ASSERT_PTR_NOT_NULL(m);
        if (m)
            CU_ASSERT_TRUE(model_find_process(m, annexes[k].process) >= 0);
        model_free(m);
    }
}

static void test_structure(void)
{
    for (int k = 0; k < ANNEX_COUNT; k++) {
        const annex *a = &annexes[k];
        model *m = load_annex(k);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        CU_ASSERT_EQUAL(trace_problems(a, m, stderr), 0);
        CU_ASSERT_EQUAL(lane_problems(a, m, stderr), 0);
        CU_ASSERT_EQUAL(decision_problems(a, m, stderr), 0);
        CU_ASSERT_EQUAL(open_path_problems(a, m, stderr), 0);
        CU_ASSERT_EQUAL(name_problems(a, m, stderr), 0);
        model_free(m);
    }
}

static void test_docs(void)
{
    char *docs = tu_slurp("docs/annexes.md", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(docs);
    for (int k = 0; k < ANNEX_COUNT; k++) {
        model *m = load_annex(k);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        CU_ASSERT_EQUAL(docs_problems(&annexes[k], m, docs, stderr), 0);
        model_free(m);
    }
    free(docs);
}

/* The checks above find what the broken fixture breaks, one by one. */
static void test_checks_can_fail(void)
{
    model *m = NULL;
    /* an attribute outside the schema */
    CU_ASSERT_EQUAL(schema_problems(&broken, NULL), 1);
    /* one unsupported element (a warning) */
    CU_ASSERT_EQUAL(load_problems(&broken, &m, NULL), 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    /* T.3 has no node; one node cites no reference, one cites an unknown one */
    CU_ASSERT_EQUAL(trace_problems(&broken, m, NULL), 3);
    /* Lane_T_Missing is absent; two nodes are in no lane */
    CU_ASSERT_EQUAL(lane_problems(&broken, m, NULL), 3);
    /* one gateway without a question, one unnamed answer */
    CU_ASSERT_EQUAL(decision_problems(&broken, m, NULL), 2);
    /* T_DeadEnd is not listed, T_NotADeadEnd has an outgoing flow */
    CU_ASSERT_EQUAL(open_path_problems(&broken, m, NULL), 2);
    /* five nodes not in these "docs", and gap T-2 not explained */
    CU_ASSERT_EQUAL(docs_problems(&broken, m, "`T_Start` `T_One` **T-1**", NULL), 6);
    model_free(m);
}

static void test_annex_x(void)
{
    model *m = load_annex(ANNEX_X);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    /* X.14 calls the stand-in standard change process in the same file */
    const model_node *c = node(m, "X14_ExpediteRootZoneChange");
    CU_ASSERT_EQUAL(c->type, MODEL_CALL_ACTIVITY);
    CU_ASSERT_TRUE_FATAL(c->called_process >= 0);
    const model_process *rzc = model_process_at(m, c->called_process);
    CU_ASSERT_STRING_EQUAL(rzc->e.id, "Process_X_RootZoneChange");
    CU_ASSERT_TRUE(rzc->e.doc && strncmp(rzc->e.doc, "Outside the seed", 16) == 0);
    /* the emergency question is a named decision with yes/no answers */
    const model_node *g = node(m, "X02_EmergencyDeclared");
    CU_ASSERT_EQUAL(g->type, MODEL_EXCLUSIVE_GATEWAY);
    CU_ASSERT_EQUAL_FATAL(g->nout, 2);
    CU_ASSERT_STRING_EQUAL(model_flow_at(m, g->out[0])->e.name, "yes");
    CU_ASSERT_STRING_EQUAL(model_flow_at(m, g->out[1])->e.name, "no");
    /* an exhausted roster goes to the senior management escalation points,
     * and nobody reached there is an open path, not an invented success */
    const model_node *r = node(m, "X06_PersonReached");
    CU_ASSERT_EQUAL_FATAL(r->nout, 2);
    CU_ASSERT_STRING_EQUAL(model_node_at(m, model_flow_at(m, r->out[1])->target)->e.id,
                           "X06_CallSeniorMgmt");
    const model_node *sr = node(m, "X06_SeniorMgmtReached");
    CU_ASSERT_EQUAL_FATAL(sr->nout, 2);
    CU_ASSERT_STRING_EQUAL(model_node_at(m, model_flow_at(m, sr->out[1])->target)->e.id,
                           "X06_Gap_NobodyReached");
    /* each silent case of the text is a decision with an open path */
    static const char *const silent[][2] = {
        {"X09_TLDManagerReached", "X09_Gap_TLDManagerUnreachable"},
        {"X10_EmergencyConfirmed", "X10_Gap_NotConfirmed"},
        {"X12_ValidationPassed", "X12_Gap_ValidationFailed"},
    };
    for (size_t k = 0; k < sizeof silent / sizeof silent[0]; k++) {
        const model_node *d = node(m, silent[k][0]);
        CU_ASSERT_EQUAL_FATAL(d->nout, 2);
        CU_ASSERT_STRING_EQUAL(model_flow_at(m, d->out[1])->e.name, "no");
        CU_ASSERT_STRING_EQUAL(model_node_at(m, model_flow_at(m, d->out[1])->target)->e.id,
                               silent[k][1]);
        CU_ASSERT_EQUAL(node(m, silent[k][1])->type, MODEL_THROW_EVENT);
    }
    /* X.10 (not confirmed) and X.11 (a change cannot resolve it) are two
     * decisions, not one */
    CU_ASSERT_STRING_EQUAL(
        model_node_at(m, model_flow_at(m, node(m, "X11_ChangeCanResolve")->out[1])->target)->e.id,
        "X11_InformTLDOfOptions");
    CU_ASSERT_STRING_EQUAL(lane_of(m, "X06_CallThroughRoster"), "Lane_X_CallCenter");
    CU_ASSERT_STRING_EQUAL(lane_of(m, "X06_TakeOwnership"), "Lane_X_IFOStaff");
    CU_ASSERT_STRING_EQUAL(lane_of(m, "X09_ContactTLDManager"), "Lane_X_RZMTeam");
    CU_ASSERT_STRING_EQUAL(lane_of(m, "XRZC_ImplementChange"), "Lane_X_RZC_RootZoneMaintainer");
    /* senior management sits inside the staff lane and takes the issue when
     * reached */
    const model_lane *sm = model_lane_at(m, model_find(m, "Lane_X_IFOSeniorMgmt", NULL));
    CU_ASSERT_EQUAL(sm->nnodes, 1);
    CU_ASSERT_STRING_EQUAL(lane_of(m, "X06_SeniorMgmtTakesIssue"), "Lane_X_IFOSeniorMgmt");
    CU_ASSERT_STRING_EQUAL(model_lane_at(m, sm->parent)->e.id, "Lane_X_IFOStaff");
    model_free(m);
}

static void test_annex_y_timers_and_link(void)
{
    model *z = load_annex(ANNEX_Z);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    for (int k = ANNEX_Y; k <= ANNEX_Y_LIVE; k++) {
        model *m = load_annex(k);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        /* both limits run from receipt, on business days */
        assert_timer(m, "Y_P1_AckDeadline", "P1D", "BUSINESS days", 0);
        assert_timer(m, "Y_P1_ResponseDeadline", "P2D", "BUSINESS days", 0);
        CU_ASSERT_STRING_EQUAL(model_node_at(m, node(m, "Y_P1_AckDeadline")->attached_to)->e.id,
                               "Y_P1_AcknowledgeReceipt");
        CU_ASSERT_STRING_EQUAL(
            model_node_at(m, node(m, "Y_P1_ResponseDeadline")->attached_to)->e.id,
            "Y_P1_HandleComplaint");
        /* Y.P2.d escalates into the Z process of the other file */
        const model_node *c = node(m, "Y_P2d_EscalateToProblemManagement");
        CU_ASSERT_EQUAL(c->type, MODEL_CALL_ACTIVITY);
        CU_ASSERT_EQUAL(c->called_process, -1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(c->called_element);
        CU_ASSERT_STRING_EQUAL(c->called_element, annexes[ANNEX_Z].process);
        CU_ASSERT_TRUE(model_find_process(z, c->called_element) >= 0);
        CU_ASSERT_STRING_EQUAL(lane_of(m, "Y_P2e_InitiateIRP"), "Lane_Y_RegistryOperator");
        CU_ASSERT_STRING_EQUAL(lane_of(m, "Y_P2c_Mediate"), "Lane_Y_Mediator");
        /* the voluntary Ombudsman is a decision; declining goes to Phase 2 */
        const model_node *v = node(m, "Y_P1c_UseOmbudsman");
        CU_ASSERT_EQUAL(v->type, MODEL_EXCLUSIVE_GATEWAY);
        CU_ASSERT_EQUAL(v->nout, 2);
        model_free(m);
    }
    model_free(z);
}

/* The live variant is the proposed model plus the President and CEO level. */
static void test_annex_y_live_versus_proposed(void)
{
    model *p = load_annex(ANNEX_Y), *l = load_annex(ANNEX_Y_LIVE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(lane_of(l, "Y_P1live_PresidentCEOResolves"), "Lane_Y_PresidentCEO");
    CU_ASSERT_TRUE(model_node_at(l, model_find_node(l, "Y_P1live_PresidentCEOResolves"))->type ==
                   MODEL_USER_TASK);
    CU_ASSERT_EQUAL(model_find(p, "Lane_Y_PresidentCEO", NULL), -1);
    for (size_t i = 0; i < model_node_count(p); i++) {
        const model_node *n = model_node_at(p, (int)i);
        CU_ASSERT_FALSE(n->e.name && tu_contains(n->e.name, "President"));
        CU_ASSERT_FALSE(n->e.doc && tu_contains(n->e.doc, "President"));
        CU_ASSERT_TRUE(model_find_node(l, n->e.id) >= 0); /* nothing else removed */
    }
    int extra = 0;
    for (size_t i = 0; i < model_node_count(l); i++) {
        const char *id = model_node_at(l, (int)i)->e.id;
        if (model_find_node(p, id) < 0) {
            CU_ASSERT_TRUE(strncmp(id, "Y_P1live_", 9) == 0 ||
                           strcmp(id, "Y_End_ResolvedByPresidentCEO") == 0);
            extra++;
        }
    }
    CU_ASSERT_EQUAL(extra, 5);
    /* in the live chain the Program Manager escalates to the President and CEO */
    const model_node *g = node(l, "Y_P1b_ResolvedByProgramManager");
    int to_ceo = 0;
    for (int k = 0; k < g->nout; k++)
        to_ceo |= strcmp(model_node_at(l, model_flow_at(l, g->out[k])->target)->e.id,
                         "Y_P1live_NotifyCSC") == 0;
    CU_ASSERT_TRUE(to_ceo);
    model_free(p);
    model_free(l);
}

static void test_annex_z_parameters(void)
{
    model *m = load_annex(ANNEX_Z);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    assert_timer(m, "Z01_ResponseDeadline", "P10D", "PARAMETER", 0);
    assert_timer(m, "Z02_RemediationPeriod", "P30D", "PARAMETER", 1);
    CU_ASSERT_TRUE(tu_contains(node(m, "Z01_ResponseDeadline")->e.doc, "default P10D"));
    CU_ASSERT_TRUE(tu_contains(node(m, "Z02_RemediationPeriod")->e.doc, "default P30D"));
    /* Z.1's deadline marks a late response and keeps it: the timer does
     * not interrupt the response, it ends in a breach marker */
    const model_node *d = node(m, "Z01_ResponseDeadline");
    CU_ASSERT_EQUAL_FATAL(d->nout, 1);
    CU_ASSERT_STRING_EQUAL(model_node_at(m, model_flow_at(m, d->out[0])->target)->e.id,
                           "Z01_ResponseOverdue");
    CU_ASSERT_EQUAL(node(m, "Z01_ResponseOverdue")->type, MODEL_END_EVENT);
    /* the binding panel ends the procedure; Z.6 is a note, not a step */
    const model_node *panel = node(m, "Z05_AppealsPanelDecides");
    CU_ASSERT_EQUAL_FATAL(panel->nout, 1);
    CU_ASSERT_EQUAL(model_node_at(m, model_flow_at(m, panel->out[0])->target)->type, MODEL_END_EVENT);
    CU_ASSERT_EQUAL(model_find_node(m, "Z06_AccountabilityStepsPlaceholder"), -1);
    CU_ASSERT_STRING_EQUAL(lane_of(m, "Z05_AppealsPanelDecides"), "Lane_Z_AppealsPanel");
    CU_ASSERT_STRING_EQUAL(lane_of(m, "Z04_Mediate"), "Lane_Z_Mediator");
    CU_ASSERT_STRING_EQUAL(lane_of(m, "Z02_CarryOutRemedialAction"), "Lane_Z_IFO");
    model_free(m);
}

/* Reading Z-1b (docs/annexes.md, Readings): the Z model with one change,
 * held to the same checks as the shipped models. */
static void test_reading_z1b(void)
{
    static const annex z1b = {MODELS "readings/annex-z-silence-inadequate.bpmn", "Process_Z_ProblemManagement",
                              z_refs, z_lanes, z_open, 0};
    CU_ASSERT_EQUAL(schema_problems(&z1b, stderr), 0);
    model *m = NULL;
    CU_ASSERT_EQUAL(load_problems(&z1b, &m, stderr), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(trace_problems(&z1b, m, stderr), 0);
    CU_ASSERT_EQUAL(lane_problems(&z1b, m, stderr), 0);
    CU_ASSERT_EQUAL(decision_problems(&z1b, m, stderr), 0);
    CU_ASSERT_EQUAL(open_path_problems(&z1b, m, stderr), 0);
    CU_ASSERT_EQUAL(name_problems(&z1b, m, stderr), 0);
    char *docs = tu_slurp("docs/annexes.md", NULL);
    CU_ASSERT_EQUAL(docs_problems(&z1b, m, docs, stderr), 0);
    free(docs);
    /* the deadline interrupts and leads to directed remedial action */
    assert_timer(m, "Z01_ResponseDeadline", "P10D", "READING Z-1b", 1);
    const model_node *d = node(m, "Z01_ResponseDeadline");
    CU_ASSERT_EQUAL_FATAL(d->nout, 1);
    CU_ASSERT_STRING_EQUAL(model_node_at(m, model_flow_at(m, d->out[0])->target)->e.id, "Z02_InadequateJoin");
    CU_ASSERT_EQUAL(model_find_node(m, "Z01_ResponseOverdue"), -1);
    /* nothing else differs: every other node of the shipped model is there */
    model *z = load_annex(ANNEX_Z);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    for (size_t i = 0; i < model_node_count(z); i++) {
        const char *id = model_node_at(z, (int)i)->e.id;
        CU_ASSERT_TRUE(strcmp(id, "Z01_ResponseOverdue") == 0 || model_find_node(m, id) >= 0);
    }
    CU_ASSERT_EQUAL(model_node_count(m), model_node_count(z)); /* one node out, one in */
    model_free(z);
    model_free(m);
}

/* What `flowmc check` tells a reader: Annex Z has no dead end after the
 * binding panel and no deadline that throws a response away; each silent
 * case of Annex X is reported where the text stops. */
static void test_check_output(void)
{
    char *out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check models/annex-z-problem-management.bpmn", &out, NULL), 0);
    CU_ASSERT_TRUE(out && tu_contains(out, "0 errors, 0 warnings"));
    CU_ASSERT_FALSE(out && tu_contains(out, "[dead-end]"));
    CU_ASSERT_FALSE(out && tu_contains(out, "[boundary-no-outgoing]"));
    free(out);
    out = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("check models/annex-x-root-zone-emergency.bpmn", &out, NULL), 0);
    for (const char *const *o = x_open; *o; o++) {
        char want[128];
        snprintf(want, sizeof want, "(%s)\n", *o);
        CU_ASSERT_TRUE(out && tu_contains(out, want));
    }
    CU_ASSERT_TRUE(out && tu_contains(out, "0 errors, 4 warnings"));
    free(out);
}

/* docs/findings.md quotes flowmc's output: every line of its code blocks
 * other than a command (bin/flowmc, make, an indented continuation) must
 * appear, as printed, in one of the committed results/ tables. */
static void test_findings_quote_results(void)
{
    glob_t g;
    CU_ASSERT_EQUAL_FATAL(glob("results/*.txt", 0, NULL, &g), 0);
    char *doc = tu_slurp("docs/findings.md", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    char **txt = calloc(g.gl_pathc + 1, sizeof *txt);
    CU_ASSERT_PTR_NOT_NULL_FATAL(txt);
    for (size_t i = 0; i < g.gl_pathc; i++)
        txt[i] = tu_slurp(g.gl_pathv[i], NULL);
    int in_block = 0, quoted = 0, missing = 0;
    for (char *line = doc, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (strncmp(line, "```", 3) == 0) {
            in_block = !in_block;
            continue;
        }
        if (!in_block || !*line || strncmp(line, "bin/flowmc", 10) == 0 || strncmp(line, "make ", 5) == 0 ||
            line[0] == ' ')
            continue;
        int found = 0;
        for (size_t i = 0; i < g.gl_pathc && !found; i++)
            found = txt[i] && tu_contains(txt[i], line);
        quoted++;
        if (!found) {
            missing++;
            fprintf(stderr, "\n    docs/findings.md quotes what no results/*.txt prints: %s\n", line);
        }
    }
    CU_ASSERT_TRUE(quoted >= 5); /* the check checks something */
    CU_ASSERT_EQUAL(missing, 0);
    for (size_t i = 0; i < g.gl_pathc; i++)
        free(txt[i]);
    free(txt);
    free(doc);
    globfree(&g);
}

void suite_models(void);
void suite_models(void)
{
    static const CU_TestInfo tests[] = {
        {"models validate against BPMN20.xsd", test_schema},
        {"models load with no warning", test_load_clean},
        {"models trace to the seed, lanes, decisions, open paths", test_structure},
        {"docs/annexes.md lists every flow node and gap", test_docs},
        {"the checks find what a broken model breaks", test_checks_can_fail},
        {"annex X: call to the change process, roster loop, lanes", test_annex_x},
        {"annex Y: business-day timers, link to Z", test_annex_y_timers_and_link},
        {"annex Y: live = proposed + President and CEO", test_annex_y_live_versus_proposed},
        {"annex Z: parameters, late response kept, panel ends", test_annex_z_parameters},
        {"flowmc check: Z has no open path, X shows each silent case", test_check_output},
        {"reading Z-1b: the Z model with one change", test_reading_z1b},
        {"docs/findings.md quotes what results/ prints", test_findings_quote_results},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("models", tests);
}
