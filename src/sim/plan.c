/*
 * plan: frees a compiled plan (plan.h) and names its nodes.
 */
#include <stdlib.h>
#include <string.h>

#include "plan.h"

void plan_free(plan *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->nmodels; i++)
        free(p->models[i].path);
    free(p->models);
    for (int g = 0; g < p->nnodes; g++) {
        plan_node *n = &p->nodes[g];
        free(n->out);
        free(n->in);
        free(n->bnd);
        free(n->enter_hooks);
        free(n->start_hooks);
        free(n->done_hooks);
        free(n->levels);
    }
    free(p->nodes);
    free(p->flows);
    free(p->procs);
    for (int i = 0; i < p->ncals; i++) {
        free(p->cals[i].id);
        calendar_free(p->cals[i].cal);
    }
    free(p->cals);
    for (int i = 0; i < p->nroles; i++)
        free(p->roles[i].id);
    free(p->roles);
    for (int i = 0; i < p->nclasses; i++)
        free(p->classes[i].id);
    free(p->classes);
    for (int i = 0; i < p->narrivals; i++) {
        free(p->arrivals[i].win);
        dist_release(&p->arrivals[i].gap);
        free(p->arrivals[i].times);
        free(p->arrivals[i].tcls);
    }
    free(p->arrivals);
    for (int i = 0; i < p->ndurs; i++)
        dist_release(&p->durs[i].d);
    free(p->durs);
    free(p->dur_of);
    for (int i = 0; i < p->nbranches; i++) {
        free(p->branches[i].p);
        free(p->branches[i].when);
        free(p->branches[i].given);
    }
    free(p->branches);
    free(p->branch_of);
    for (int i = 0; i < p->nslas; i++) {
        free(p->slas[i].id);
        free(p->slas[i].tos);
        free(p->slas[i].ends);
        free(p->slas[i].to_text);
        free(p->slas[i].ends_text);
        free(p->slas[i].source);
        free(p->slas[i].target_source);
    }
    free(p->slas);
    for (int i = 0; i < p->nrosters; i++) {
        free(p->rosters[i].id);
        free(p->rosters[i].p);
        free(p->rosters[i].backup);
    }
    free(p->rosters);
    for (int i = 0; i < p->nlevels; i++) {
        free(p->levels[i].id);
        free(p->levels[i].label);
    }
    free(p->levels);
    free(p->tasks);
    free(p->ends);
    free(p->cycle_procs);
    free(p->reach);
    free(p->live);
    free(p->name);
    free(p->path);
    free(p);
}

const char *plan_node_label(const plan *p, int g)
{
    return model_node_label(p->nodes[g].mn);
}
