/*
 * scenario_check: what the sections of a scenario say together -- which
 * nodes a case can reach, the role of every task, the structure the engine
 * needs (durations, branch probabilities, rosters), the slots of the SLA
 * clocks, and the offered load of every role (the load algebra: mean work
 * per case times arrival rate, through the branch probabilities).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "scenario_int.h"

/* ---- structure checks ---------------------------------------------------- */

/* Marks what cases reach, and for each node the root process whose cases
 * reach it (shares are out of that process's cases). */
void scn_mark_reachable(cx *c)
{
    plan *p = c->p;
    c->reach = alloc_zero((size_t)p->nnodes, sizeof(int));
    int *seen = alloc_zero((size_t)p->nnodes, sizeof(int));
    int *stack = alloc_zero((size_t)p->nnodes + 1, sizeof(int));
    for (int g = 0; g < p->nnodes; g++)
        p->nodes[g].root = -1;
    for (int i = 0; i < p->narrivals; i++) {
        int s0 = p->arrivals[i].node;
        if (s0 < 0)
            continue;
        int root = p->nodes[s0].process, top = 0;
        memset(seen, 0, sizeof(int) * (size_t)p->nnodes);
        seen[s0] = 1;
        stack[top++] = s0;
        while (top) {
            int g = stack[--top];
            plan_node *n = &p->nodes[g];
            c->reach[g] = 1;
            n->root = n->root == -1 || n->root == root ? root : -2;
            int next[2] = {n->inner_start, n->link};
            for (int j = 0; j < n->nout + n->nbnd + 2; j++) {
                int h = j < n->nout ? p->flows[n->out[j]].dst
                        : j < n->nout + n->nbnd ? n->bnd[j - n->nout]
                                                : next[j - n->nout - n->nbnd];
                if (h >= 0 && !seen[h]) {
                    seen[h] = 1;
                    stack[top++] = h;
                }
            }
        }
    }
    free(stack);
    free(seen);
    for (int g = 0; g < p->nnodes; g++)
        if (c->reach[g])
            p->procs[p->nodes[g].process].simulated = 1;
}

static int requires_role(model_node_type t)
{
    return t == MODEL_TASK || t == MODEL_USER_TASK || t == MODEL_MANUAL_TASK;
}

static int requires_duration(model_node_type t)
{
    return t != MODEL_SEND_TASK && t != MODEL_SERVICE_TASK && t != MODEL_SCRIPT_TASK;
}

void scn_assign_roles(cx *c)
{
    plan *p = c->p;
    for (int g = 0; g < p->nnodes; g++) {
        plan_node *n = &p->nodes[g];
        if (!model_type_is_task(n->mn->type))
            continue;
        int r = c->task_role[g];
        const model *m = p->models[n->model].m;
        for (int l = n->mn->lane; r < 0 && l >= 0; l = model_lane_at(m, l)->parent)
            r = c->lane_role[n->model][l];
        n->role = r;
        if (!c->reach[g])
            continue;
        if (r < 0) {
            if (n->mn->lane >= 0 && requires_role(n->mn->type))
                cx_model_diag(c, DIAG_ERROR, "unstaffed", g,
                              "task '%s' is in lane '%s', which no role serves: its cases would wait forever "
                              "(add a role serving the lane; staff=\"unlimited\" for an outside party)",
                              n->mn->e.id, model_lane_at(m, n->mn->lane)->e.id);
            else if (requires_role(n->mn->type))
                cx_model_diag(c, DIAG_NOTE, "no-role", g,
                              "task '%s' is in no lane and no role serves it: it runs without staff",
                              n->mn->e.id);
            continue;
        }
        p->roles[r].used = 1;
        if (p->roles[r].staff == 0)
            cx_model_diag(c, DIAG_ERROR, "unstaffed", g,
                          "task '%s' is served by role '%s', which has no staff: its cases would wait forever",
                          n->mn->e.id, p->roles[r].id);
    }
}

void scn_check_structure(cx *c)
{
    plan *p = c->p;
    for (int g = 0; g < p->nnodes; g++) {
        plan_node *n = &p->nodes[g];
        const model_node *mn = n->mn;
        if (!c->reach[g])
            continue;
        for (int k = 0; k < p->nclasses; k++) {
            const char *cls = p->nclasses > 1 ? p->classes[k].id : NULL;
            if (n->kind == PK_TASK && p->dur_of[g * p->nclasses + k] < 0 && requires_duration(mn->type) &&
                n->roster < 0) {
                cx_model_diag(c, DIAG_ERROR, "no-duration", g, "task '%s' has no duration%s%s in the scenario",
                              mn->e.id, cls ? " for class " : "", cls ? cls : "");
                break;
            }
            int splits = (n->kind == PK_XOR || n->kind == PK_EVGW || n->kind == PK_OR) && n->nout > 1;
            if (splits && p->branch_of[g * p->nclasses + k] < 0) {
                cx_model_diag(c, DIAG_ERROR, "no-branches", g,
                              "%s '%s' has %d outgoing flows and no branch probabilities%s%s in the scenario",
                              model_node_type_name(mn->type), mn->e.id, n->nout, cls ? " for class " : "",
                              cls ? cls : "");
                break;
            }
        }
        if (model_type_is_activity(mn->type) && n->nout > 1) {
            int conditional = 0;
            for (int j = 0; j < n->nout; j++)
                conditional |= p->flows[n->out[j]].mf->condition != NULL;
            n->multi_out = p->branch_of[g * p->nclasses] >= 0;
            if (conditional && !n->multi_out)
                cx_model_diag(c, DIAG_ERROR, "no-branches", g,
                              "activity '%s' has conditional outgoing flows and no branch probabilities",
                              mn->e.id);
        }
        if (n->kind == PK_CALL && n->inner_start < 0)
            cx_model_diag(c, DIAG_ERROR, "unbound-call", g,
                          "call activity '%s' calls '%s', which is in no loaded model: bind it with "
                          "<call activity=\"%s\" model=\"...\" process=\"...\"/>",
                          mn->e.id, mn->called_element ? mn->called_element : "?", mn->e.id);
        if (n->kind == PK_SUB && n->inner_start < 0)
            cx_model_diag(c, DIAG_ERROR, "no-start", g, "sub-process '%s' has no start event", mn->e.id);
        if (n->kind == PK_SUB && mn->triggered_by_event)
            cx_model_diag(c, DIAG_WARNING, "unsupported", g, "event sub-process '%s' is not simulated", mn->e.id);
        if (mn->loop != MODEL_LOOP_NONE)
            cx_model_diag(c, DIAG_WARNING, "unsupported", g,
                          "loop and multi-instance markers are not simulated: '%s' runs once per visit", mn->e.id);
        if (n->kind == PK_LINK && n->link < 0)
            cx_model_diag(c, DIAG_ERROR, "dangling-link", g, "link event '%s' has no matching catch", mn->e.id);
        if ((n->kind == PK_TIMER || (n->kind == PK_BOUNDARY && mn->evdef == MODEL_EVDEF_TIMER)) &&
            n->timer.mode == PT_NONE)
            cx_model_diag(c, DIAG_ERROR, "timer", g, "timer '%s' has no time: set it in <timers>", mn->e.id);
        if (n->kind == PK_TIMER && n->timer.mode == PT_DURATION && !(n->timer.dur.sec > 0))
            cx_model_diag(c, DIAG_ERROR, "timer", g, "timer '%s' waits no time", mn->e.id);
        if (n->kind == PK_BOUNDARY && mn->evdef != MODEL_EVDEF_TIMER && n->trigger <= 0)
            cx_model_diag(c, DIAG_NOTE, "never-fires", g,
                          "%s boundary event '%s' never fires: give it a <trigger> probability",
                          model_evdef_name(mn->evdef), mn->e.id);
        if (n->kind == PK_WAIT && p->dur_of[g * p->nclasses] < 0)
            cx_model_diag(c, DIAG_NOTE, "no-wait", g,
                          "%s catch event '%s' has no duration in the scenario: it passes at once",
                          model_evdef_name(mn->evdef), mn->e.id);
    }
    for (int i = 0; i < p->nroles; i++)
        if (!p->roles[i].used)
            diag_add(c->d, DIAG_NOTE, "unused", c->file, p->roles[i].line, p->roles[i].id, NULL,
                     "role '%s' serves no task a case reaches", p->roles[i].id);
}

/* Report slots: tasks, ends, processes with cycle times, inclusive joins. */
void scn_assign_slots(cx *c)
{
    plan *p = c->p;
    p->tasks = alloc_zero((size_t)p->nnodes, sizeof(int));
    p->ends = alloc_zero((size_t)p->nnodes, sizeof(int));
    p->cycle_procs = alloc_zero((size_t)p->nprocs, sizeof(int));
    for (int g = 0; g < p->nnodes; g++) {
        plan_node *n = &p->nodes[g];
        if (!c->reach[g])
            continue;
        if (n->kind == PK_TASK) {
            n->task = p->ntasks;
            p->tasks[p->ntasks++] = g;
        }
        if (n->kind == PK_END || n->kind == PK_TERMINATE) {
            n->end = p->nends;
            p->ends[p->nends++] = g;
        }
        if (n->kind == PK_OR && n->nin > 1)
            n->incl = p->nincl++;
    }
    for (int g = 0; g < p->nnodes; g++) {
        plan_node *n = &p->nodes[g];
        n->counted = n->task >= 0 || n->end >= 0 || n->nlevels > 0;
        /* draws are keyed by the visit number of the node they happen at:
         * activities (durations, rosters, triggers), waits, and any node
         * that may choose among its outgoing flows */
        n->tracked = n->counted || n->outcome || n->kind == PK_TASK || n->kind == PK_SUB || n->kind == PK_CALL ||
                     n->kind == PK_WAIT || n->nout > 1 || n->nbnd > 0;
    }
    for (int i = 0; i < p->nprocs; i++)
        if (p->procs[i].simulated) {
            p->procs[i].slot = p->ncycle;
            p->cycle_procs[p->ncycle++] = i;
        }
    /* inclusive joins: which nodes can still send a token to each */
    if (p->nincl) {
        p->reach = alloc_zero((size_t)p->nincl * (size_t)p->nnodes, 1);
        int *stack = alloc_zero((size_t)p->nnodes, sizeof(int));
        for (int j = 0; j < p->nnodes; j++) {
            if (p->nodes[j].incl < 0)
                continue;
            unsigned char *row = p->reach + (size_t)p->nodes[j].incl * (size_t)p->nnodes;
            int top = 0;
            for (int k = 0; k < p->nodes[j].nin; k++) {
                int s = p->flows[p->nodes[j].in[k]].src;
                if (!row[s] && s != j) {
                    row[s] = 1;
                    stack[top++] = s;
                }
            }
            while (top) { /* backwards, not through the join itself */
                int g = stack[--top];
                const plan_node *n = &p->nodes[g];
                for (int k = 0; k < n->nin; k++) {
                    int s = p->flows[n->in[k]].src;
                    if (!row[s] && s != j) {
                        row[s] = 1;
                        stack[top++] = s;
                    }
                }
                if (n->attached >= 0 && !row[n->attached] && n->attached != j) {
                    row[n->attached] = 1;
                    stack[top++] = n->attached;
                }
            }
        }
        free(stack);
    }
}

/* ---- offered load ---------------------------------------------------------- */

static double roster_exhaust(const plan_roster *r)
{
    double q = 1;
    for (int k = 0; k < r->rounds; k++)
        for (int i = 0; i < r->n; i++)
            q *= 1 - r->p[i];
    return q;
}

static double roster_mean_time(const plan_roster *r)
{
    double t = 0, q = 1;
    for (int k = 0; k < r->rounds; k++)
        for (int i = 0; i < r->n; i++) {
            t += q * r->attempt; /* the attempt happens when all before failed */
            q *= 1 - r->p[i];
        }
    return t + (r->backup ? q * r->backup_attempt / r->backup_p : 0); /* none: exhausted */
}

/* Mean work of task g over the class mix. */
static double mean_work(const plan *p, int g)
{
    double w = 0;
    for (int k = 0; k < p->nclasses; k++) {
        int di = p->dur_of[g * p->nclasses + k];
        w += p->classes[k].share * (di >= 0 ? dist_mean(&p->durs[di].d) : 0);
    }
    if (p->nodes[g].roster >= 0)
        w += roster_mean_time(&p->rosters[p->nodes[g].roster]);
    return w;
}

double scn_arrival_rate(const plan *p, const plan_arrival *a)
{
    switch (a->kind) {
    case PA_POISSON: {
        double r = a->rate;
        for (int i = 0; i < a->nwin; i++)
            r += (a->win[i].rate - a->rate) * calendar_working_fraction(p->cals[a->win[i].cal].cal);
        return r;
    }
    case PA_CSV:
        return a->ntimes / (p->tend - p->t0);
    case PA_EVERY:
        return 1 / a->every;
    case PA_DIST:
        /* an arrival outside the calendar waits for its opening: roughly
         * the open share of the gaps survives (approximate; only the
         * offered-load estimate uses it) */
        return (a->gap_cal >= 0 ? calendar_working_fraction(p->cals[a->gap_cal].cal) : 1) /
               dist_mean(&a->gap);
    }
    return 0;
}

/* Expected visits per second of every reachable node: v = e + P^T v, with
 * P the one-step token routing (branch probabilities, 1 for each parallel
 * branch, 1/n at an n-way join), e the arrival rates. */
void scn_compute_load(cx *c)
{
    plan *p = c->p;
    int *row = alloc_zero((size_t)p->nnodes, sizeof(int)), n = 0;
    for (int g = 0; g < p->nnodes; g++)
        row[g] = c->reach[g] ? n++ : -1;
    if (n == 0 || n > 4000) {
        free(row);
        for (int i = 0; i < p->nroles; i++)
            p->roles[i].offered = NAN;
        return;
    }
    gsl_matrix *A = gsl_matrix_calloc((size_t)n, (size_t)n);
    gsl_vector *e = gsl_vector_calloc((size_t)n), *v = gsl_vector_alloc((size_t)n);
    gsl_matrix_set_identity(A);
    for (int g = 0; g < p->nnodes; g++) {
        const plan_node *pn = &p->nodes[g];
        if (row[g] < 0)
            continue;
        double scale = (pn->kind == PK_AND || pn->kind == PK_OR) && pn->nin > 1 ? 1.0 / pn->nin : 1.0;
        for (int j = 0; j < pn->nout; j++) {
            int h = p->flows[pn->out[j]].dst;
            double q = 1;
            int branching = ((pn->kind == PK_XOR || pn->kind == PK_EVGW || pn->kind == PK_OR) && pn->nout > 1) ||
                            pn->multi_out;
            if (branching) {
                q = 0;
                for (int k = 0; k < p->nclasses; k++) {
                    int bi = p->branch_of[g * p->nclasses + k];
                    if (bi < 0)
                        continue;
                    const plan_branch *b = &p->branches[bi];
                    double x = b->p[j];
                    if (b->mode == PB_ROSTER) {
                        double ex = b->roster >= 0 ? roster_exhaust(&p->rosters[b->roster]) : 0;
                        x = b->when[j] == PB_WHEN_REACHED    ? 1
                            : b->when[j] == PB_WHEN_BACKUP   ? ex
                            : b->when[j] == PB_WHEN_ANSWERED ? 1 - ex
                                                             : 0;
                    }
                    q += p->classes[k].share * x;
                }
            }
            if (row[h] >= 0)
                *gsl_matrix_ptr(A, (size_t)row[h], (size_t)row[g]) -= q * scale;
        }
        int extra[2] = {pn->inner_start, pn->link};
        for (int j = 0; j < 2; j++)
            if (extra[j] >= 0 && row[extra[j]] >= 0)
                *gsl_matrix_ptr(A, (size_t)row[extra[j]], (size_t)row[g]) -= 1;
    }
    for (int i = 0; i < p->narrivals; i++)
        if (p->arrivals[i].node >= 0)
            *gsl_vector_ptr(e, (size_t)row[p->arrivals[i].node]) += scn_arrival_rate(p, &p->arrivals[i]);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)n);
    int sign, ok = 0;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    if (gsl_linalg_LU_decomp(A, perm, &sign) == 0 && fabs(gsl_linalg_LU_det(A, sign)) > 1e-12 &&
        gsl_linalg_LU_solve(A, perm, e, v) == 0)
        ok = 1;
    gsl_set_error_handler(old);
    for (int i = 0; i < p->nroles; i++)
        p->roles[i].offered = ok && p->roles[i].staff != SIM_STAFF_UNLIMITED ? 0 : NAN;
    for (int g = 0; ok && g < p->nnodes; g++) {
        const plan_node *pn = &p->nodes[g];
        if (row[g] >= 0 && pn->kind == PK_TASK && pn->role >= 0 && p->roles[pn->role].staff != SIM_STAFF_UNLIMITED)
            p->roles[pn->role].offered += gsl_vector_get(v, (size_t)row[g]) * mean_work(p, g);
    }
    if (!ok)
        diag_add(c->d, DIAG_WARNING, "loop", c->file, 0, NULL, NULL,
                 "the expected number of visits cannot be solved (a loop with no way out?): "
                 "offered loads are unknown");
    gsl_permutation_free(perm);
    gsl_matrix_free(A);
    gsl_vector_free(e);
    gsl_vector_free(v);
    free(row);
}

double scn_expected_cases(const plan *p)
{
    double n = 0;
    for (int i = 0; i < p->narrivals; i++) { /* a limit caps a line */
        double k = scn_arrival_rate(p, &p->arrivals[i]) * (p->tend - p->t0);
        n += p->arrivals[i].limit > 0 && p->arrivals[i].limit < k ? (double)p->arrivals[i].limit : k;
    }
    return n;
}

/* A typo in a horizon or a rate must not start a run of days: refuse more
 * than 10^9 expected arrivals per replication. */
void scn_check_volume(cx *c, xmlNodePtr root)
{
    plan *p = c->p;
    double n = scn_expected_cases(p);
    p->expected_cases = n;
    if (n > 1e9)
        cx_diag(c, DIAG_ERROR, "too-long", scn_child(root, "clock"), NULL,
                "a replication would simulate about %.3g cases (over 10^9): shorten the horizon or lower the rates", n);
}
