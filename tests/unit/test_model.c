/*
 * Suite model: the model core's API on small fixtures -- ids, adjacency,
 * lanes, sub-processes, boundary events, participants and line numbers.
 */
#include <string.h>

#include "model/bpmn_read.h"
#include "model/model.h"
#include "testutil.h"

#define FIX "tests/fixtures/reader/"

static model *load(const char *name, diag_list **d)
{
    *d = diag_list_new();
    model *m = bpmn_read_file(name, *d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    return m;
}

static void test_ids_and_adjacency(void)
{
    diag_list *d;
    model *m = load(FIX "lanes-and-defaults.bpmn", &d);
    CU_ASSERT_EQUAL(diag_list_count(d), 0);
    CU_ASSERT_EQUAL(model_node_count(m), 6);
    CU_ASSERT_EQUAL(model_flow_count(m), 5);
    CU_ASSERT_STRING_EQUAL(model_definitions_id(m), "Defs_1");

    int dec = model_find_node(m, "Decide");
    CU_ASSERT_TRUE_FATAL(dec >= 0);
    const model_node *g = model_node_at(m, dec);
    CU_ASSERT_EQUAL(g->type, MODEL_EXCLUSIVE_GATEWAY);
    CU_ASSERT_STRING_EQUAL(g->e.name, "acceptable?");
    CU_ASSERT_EQUAL(g->nin, 1);
    CU_ASSERT_EQUAL(g->nout, 2);
    /* outgoing flows keep document order */
    CU_ASSERT_STRING_EQUAL(model_flow_at(m, g->out[0])->e.id, "F_yes");
    CU_ASSERT_STRING_EQUAL(model_flow_at(m, g->out[1])->e.id, "F_no");
    CU_ASSERT_EQUAL(g->default_flow, model_find_flow(m, "F_no"));
    CU_ASSERT_TRUE(model_flow_at(m, g->default_flow)->is_default);
    CU_ASSERT_FALSE(model_flow_at(m, g->out[0])->is_default);
    CU_ASSERT_STRING_EQUAL(model_flow_at(m, g->out[0])->condition, "ok == true");
    CU_ASSERT_STRING_EQUAL(model_flow_at(m, g->out[0])->e.name, "yes");

    model_kind k;
    CU_ASSERT_EQUAL(model_find(m, "L_Senior", &k), 1);
    CU_ASSERT_EQUAL(k, MODEL_KIND_LANE);
    CU_ASSERT_EQUAL(model_find(m, "nope", &k), -1);
    CU_ASSERT_EQUAL(k, MODEL_KIND_NONE);
    CU_ASSERT_EQUAL(model_find_node(m, "F1"), -1); /* a flow is not a node */

    const model_node *end = model_node_at(m, model_find_node(m, "End_Rejected"));
    CU_ASSERT_EQUAL(end->evdef, MODEL_EVDEF_TERMINATE);
    CU_ASSERT_EQUAL(end->nout, 0);
    const model_node *rev = model_node_at(m, model_find_node(m, "Review"));
    CU_ASSERT_EQUAL(rev->type, MODEL_USER_TASK);
    CU_ASSERT_STRING_EQUAL(rev->e.doc, "R.1 look at it");
    CU_ASSERT_EQUAL(rev->e.line, 26);
    CU_ASSERT_TRUE(rev->bounds.set);
    CU_ASSERT_DOUBLE_EQUAL(rev->bounds.w, 100, 1e-9);
    const model_flow *f1 = model_flow_at(m, model_find_flow(m, "F1"));
    CU_ASSERT_EQUAL(f1->nwaypoints, 2);
    CU_ASSERT_DOUBLE_EQUAL(f1->waypoints[2], 100, 1e-9);
    CU_ASSERT_EQUAL(model_process_at(m, 0)->nnodes, 6);
    CU_ASSERT_STRING_EQUAL(model_process_at(m, 0)->e.doc, "A review with two roles.");
    model_free(m);
    diag_list_free(d);
}

static void test_lanes(void)
{
    diag_list *d;
    model *m = load(FIX "lanes-and-defaults.bpmn", &d);
    const model_process *p = model_process_at(m, 0);
    CU_ASSERT_EQUAL_FATAL(p->nlanes, 2);
    const model_lane *staff = model_lane_at(m, p->lanes[0]);
    const model_lane *mgr = model_lane_at(m, p->lanes[1]);
    CU_ASSERT_STRING_EQUAL(staff->e.id, "L_Staff");
    CU_ASSERT_STRING_EQUAL(mgr->e.id, "L_Manager");
    CU_ASSERT_EQUAL(staff->nnodes, 2);
    CU_ASSERT_EQUAL(mgr->nnodes, 3);
    CU_ASSERT_EQUAL_FATAL(staff->nchildren, 1);
    const model_lane *senior = model_lane_at(m, staff->children[0]);
    CU_ASSERT_STRING_EQUAL(senior->e.id, "L_Senior");
    CU_ASSERT_EQUAL(senior->depth, 1);
    CU_ASSERT_EQUAL(senior->parent, p->lanes[0]);
    /* a node's lane is its innermost lane */
    CU_ASSERT_EQUAL(model_node_at(m, model_find_node(m, "Decide"))->lane, staff->children[0]);
    CU_ASSERT_EQUAL(model_node_at(m, model_find_node(m, "Start"))->lane, p->lanes[0]);
    model_free(m);
    diag_list_free(d);
}

static void test_subprocess_boundary_collaboration(void)
{
    diag_list *d;
    model *m = load(FIX "collaboration-subprocess-boundary.bpmn", &d);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_ERROR), 0);
    CU_ASSERT_EQUAL(diag_list_count_severity(d, DIAG_WARNING), 0);
    const model_node *sp = model_node_at(m, model_find_node(m, "Handle"));
    CU_ASSERT_EQUAL(sp->type, MODEL_SUB_PROCESS);
    CU_ASSERT_EQUAL(sp->nchildren, 3);
    CU_ASSERT_EQUAL_FATAL(sp->nboundary, 1);
    const model_node *late = model_node_at(m, sp->boundary[0]);
    CU_ASSERT_STRING_EQUAL(late->e.id, "Late");
    CU_ASSERT_EQUAL(late->evdef, MODEL_EVDEF_TIMER);
    CU_ASSERT_EQUAL(late->timer_kind, MODEL_TIMER_DURATION);
    CU_ASSERT_STRING_EQUAL(late->timer_text, "P2D");
    CU_ASSERT_FALSE(late->cancel_activity);
    const model_node *inner = model_node_at(m, model_find_node(m, "Handle_T"));
    CU_ASSERT_EQUAL(inner->parent, model_find_node(m, "Handle"));
    CU_ASSERT_EQUAL(model_flow_at(m, model_find_flow(m, "h1"))->parent, model_find_node(m, "Handle"));
    const model_node *call = model_node_at(m, model_find_node(m, "Escalate"));
    CU_ASSERT_EQUAL(call->called_process, model_find_process(m, "Proc_Escalation"));
    CU_ASSERT_EQUAL(model_participant_count(m), 2);
    CU_ASSERT_EQUAL(model_participant_at(m, 0)->process, -1);
    CU_ASSERT_EQUAL(model_process_at(m, model_find_process(m, "Proc_Operator"))->participant, 1);
    CU_ASSERT_EQUAL_FATAL(model_msgflow_count(m), 1);
    const model_msgflow *mf = model_msgflow_at(m, 0);
    CU_ASSERT_EQUAL(mf->source_node, -1);
    CU_ASSERT_EQUAL(mf->source_part, 0);
    CU_ASSERT_EQUAL(mf->target_node, model_find_node(m, "Recv"));
    CU_ASSERT_EQUAL(mf->target_part, 1);
    const model_node *recv = model_node_at(m, mf->target_node);
    CU_ASSERT_EQUAL(recv->nmsg_in, 1);
    CU_ASSERT_STRING_EQUAL(recv->evdef_ref, "Msg_Complaint");
    model_free(m);
    diag_list_free(d);
}

static void test_build_api(void)
{
    model *m = model_new("built.bpmn");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    model_process p = {.e = {model_strdup(m, "P"), NULL, NULL, 1}, .participant = -1};
    CU_ASSERT_EQUAL(model_add_process(m, &p), 0);
    CU_ASSERT_EQUAL(model_register_id(m, "P", MODEL_KIND_PROCESS, 0), 0);
    CU_ASSERT_EQUAL(model_register_id(m, "P", MODEL_KIND_NODE, 0), -1);
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "n%d", i);
        model_node n = {.e = {model_strdup(m, id), NULL, NULL, 2 + i}, .type = MODEL_TASK,
                        .parent = -1, .lane = -1, .attached_to = -1, .default_flow = -1,
                        .called_process = -1};
        CU_ASSERT_EQUAL(model_add_node(m, &n), i);
        model_register_id(m, id, MODEL_KIND_NODE, i);
    }
    model_flow f = {.e = {model_strdup(m, "f"), NULL, NULL, 9}, .source = 0, .target = 2, .parent = -1};
    model_add_flow(m, &f);
    model_finish(m);
    CU_ASSERT_PTR_NULL(model_node_edit(m, 0)); /* sealed */
    CU_ASSERT_EQUAL(model_node_at(m, 0)->nout, 1);
    CU_ASSERT_EQUAL(model_node_at(m, 2)->nin, 1);
    CU_ASSERT_EQUAL(model_node_at(m, 1)->nin + model_node_at(m, 1)->nout, 0);
    CU_ASSERT_EQUAL(model_process_at(m, 0)->nnodes, 3);
    CU_ASSERT_STRING_EQUAL(model_node_type_name(MODEL_EVENT_GATEWAY), "eventBasedGateway");
    CU_ASSERT_TRUE(model_type_is_activity(MODEL_CALL_ACTIVITY));
    CU_ASSERT_FALSE(model_type_is_task(MODEL_SUB_PROCESS));
    CU_ASSERT_TRUE(model_type_is_gateway(MODEL_EVENT_GATEWAY));
    model_free(m);
    model_free(NULL);
}

void suite_model(void);
void suite_model(void)
{
    static const CU_TestInfo tests[] = {
        {"ids and adjacency", test_ids_and_adjacency},
        {"lanes", test_lanes},
        {"sub-process, boundary, collaboration", test_subprocess_boundary_collaboration},
        {"build api", test_build_api},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("model", tests);
}
