/*
 * scenario: reads a scenario file, validates it against the XSD, checks
 * every reference and value against the models, and compiles it into the
 * plan the engine runs.  Every problem is a diagnostic naming the scenario
 * (or model) file and line; all problems of a file are reported in one
 * pass.  --set overrides edit the parsed document; numbers for typed
 * parameters (scenario_param.c) are then set in place, and anything else
 * -- or a value refused -- compiles the document again, so overrides get
 * exactly the file's checks and messages.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario_int.h"

/* ---- compile ------------------------------------------------------------- */


static plan *compile(sim_scenario *s, diag_list *d)
{
    plan *p = alloc_zero(1, sizeof *p);
    cx c = {s, p, d, s->path, 0, NULL, NULL, NULL, 0};
    p->path = alloc_strdup(s->path);
    char xsd[4200];
    xmlsafe_schema_path("scenario.xsd", "FLOWMC_SCENARIO_XSD", xsd, sizeof xsd);
    xmlSchemaPtr schema = xmlsafe_schema_load(xsd, d);
    if (!schema || xmlsafe_validate(schema, s->doc, s->path, d) != 0) {
        xmlSchemaFree(schema);
        plan_free(p);
        return NULL;
    }
    xmlSchemaFree(schema);
    xmlNodePtr root = xmlDocGetRootElement(s->doc);
    p->name = scn_attr(root, "name");
    char *mpath = scn_attr(root, "model");
    scn_parse_clock(&c, root);
    scn_parse_calendars(&c, root);
    int before = c.nerr; /* without its models nothing else can be checked */
    if (!mpath || scn_use_model(&c, root, mpath) != 0)
        goto fail;
    scn_load_call_models(&c, root);
    if (c.nerr > before)
        goto fail;
    scn_build_nodes(&c);
    scn_bind_calls(&c, root);
    scn_parse_classes(&c, root);
    scn_parse_roles(&c, root);
    scn_parse_arrivals(&c, root);
    if (c.nerr == 0) {
        scn_mark_reachable(&c);
        scn_assign_roles(&c);
        c.roles_known = 1;
    }
    scn_parse_durations(&c, root);
    scn_parse_timers(&c, root);
    scn_parse_triggers(&c, root);
    scn_parse_rosters(&c, root);
    scn_parse_branches(&c, root);
    scn_parse_slas(&c, root);
    scn_parse_levels(&c, root);
    scn_parse_run(&c, root);
    if (c.nerr == 0)
        scn_check_volume(&c, root);
    if (c.nerr)
        goto fail;
    scn_check_structure(&c);
    if (c.nerr)
        goto fail;
    scn_assign_slots(&c);
    scn_compute_load(&c);
    free(mpath);
    free(c.task_role);
    for (int i = 0; c.lane_role && i < p->nmodels; i++)
        free(c.lane_role[i]);
    free(c.lane_role);
    p->live = c.reach; /* typed overrides solve the offered load again */
    return p;
fail:
    free(mpath);
    free(c.task_role);
    for (int i = 0; c.lane_role && i < p->nmodels; i++)
        free(c.lane_role[i]);
    free(c.lane_role);
    free(c.reach);
    plan_free(p);
    return NULL;
}

/* ---- public API ------------------------------------------------------------ */

sim_scenario *sim_scenario_load(const char *path, diag_list *d)
{
    xmlsafe_init();
    xmlDocPtr doc = xmlsafe_read_file(path, d);
    return doc ? sim_scenario_load_doc(doc, path, d) : NULL;
}

sim_scenario *sim_scenario_load_doc(struct _xmlDoc *doc, const char *path, diag_list *d)
{
    xmlsafe_init();
    sim_scenario *s = alloc_zero(1, sizeof *s);
    s->path = alloc_strdup(path);
    s->dir = alloc_strdup(path);
    char *slash = strrchr(s->dir, '/');
    if (slash)
        slash[1] = 0;
    else
        s->dir[0] = 0;
    s->doc = doc;
    xmlNodePtr root = xmlDocGetRootElement(s->doc);
    if (!scn_is_elem(root, "scenario")) {
        diag_add(d, DIAG_ERROR, "scenario", path, scn_line_of(root), NULL, NULL,
                 "not a flowmc scenario: the root element is '%s', not 'scenario'",
                 root ? (const char *)root->name : "");
        goto fail;
    }
    if (!(s->p = compile(s, d)))
        goto fail;
    return s;
fail:
    sim_scenario_free(s);
    return NULL;
}

void sim_scenario_free(sim_scenario *s)
{
    if (!s)
        return;
    plan_free(s->p);
    for (int i = 0; i < s->nretired; i++)
        plan_free(s->retired[i]);
    free(s->retired);
    for (int i = 0; i < s->nmodels; i++) {
        free(s->models[i].path);
        model_free(s->models[i].m);
    }
    free(s->models);
    if (s->doc)
        xmlFreeDoc(s->doc);
    free(s->path);
    free(s->dir);
    free(s);
}

/* The attribute that names each kind of element in a --set key. */
static const char *ref_attr(const char *elem)
{
    static const char *const map[][2] = {
        {"arrival", "start"}, {"duration", "task"}, {"timer", "event"}, {"trigger", "event"},
        {"call", "activity"}, {"person", "name"}, {"level", "id"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(elem, map[i][0]) == 0)
            return map[i][1];
    return "id";
}

typedef struct saved_attr {
    xmlNodePtr node;
    char *name;
    xmlChar *old;
} saved_attr;

static void find_elems(xmlNodePtr n, const char *elem, const char *ref, xmlNodePtr **out, int *nout)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, elem) == 0) {
            int match = !ref;
            if (ref) {
                char *v = scn_attr(n, ref_attr(elem));
                if (!v && strcmp(elem, "duration") == 0)
                    v = scn_attr(n, "event");
                match = v && strcmp(v, ref) == 0;
                free(v);
            }
            if (match) {
                *ALLOC_PUSH(*out, *nout) = n;
            }
        }
        find_elems(n->children, elem, ref, out, nout);
    }
}

int sim_scenario_set_args(sim_scenario *s, const char *const *kv, int n, diag_list *d)
{
    saved_attr *saved = NULL;
    int nsaved = 0, bad = 0;
    xmlNodePtr root = xmlDocGetRootElement(s->doc);
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(kv[i], '=');
        const char *dot1 = strchr(kv[i], '.');
        if (!eq || !dot1 || dot1 > eq) {
            diag_add(d, DIAG_ERROR, "set", NULL, 0, NULL, NULL,
                     "--set %s: expected ELEMENT.ID.ATTRIBUTE=VALUE (e.g. role.rzm.staff=4)", kv[i]);
            bad = 1;
            continue;
        }
        char *key = alloc_zero((size_t)(eq - kv[i]) + 1, 1);
        memcpy(key, kv[i], (size_t)(eq - kv[i]));
        char *elem = key, *d1 = strchr(key, '.'), *d2 = strrchr(key, '.');
        *d1 = 0;
        char *ref = d1 == d2 ? NULL : d1 + 1, *name = d2 + 1;
        if (ref)
            *d2 = 0;
        xmlNodePtr *hits = NULL;
        int nhits = 0;
        find_elems(root, elem, ref, &hits, &nhits);
        if (nhits == 0 && !ref && strcmp(elem, "run") == 0) {
            hits = alloc_zero(1, sizeof *hits);
            hits[nhits++] = xmlNewChild(root, NULL, (const xmlChar *)"run", NULL);
        }
        if (nhits == 0) {
            diag_add(d, DIAG_ERROR, "set", s->path, 0, ref, NULL, "--set %s: the scenario has no <%s%s%s%s%s>",
                     kv[i], elem, ref ? " " : "", ref ? ref_attr(elem) : "", ref ? "=" : "", ref ? ref : "");
            bad = 1;
        }
        for (int h = 0; h < nhits; h++) {
            *ALLOC_PUSH(saved, nsaved) = (saved_attr){hits[h], alloc_strdup(name), xmlGetProp(hits[h], (const xmlChar *)name)};
            xmlSetProp(hits[h], (const xmlChar *)name, (const xmlChar *)(eq + 1));
        }
        free(hits);
        free(key);
    }
    plan *p = NULL;
    /* the document records every override (a later compile starts from
     * it); numbers for typed parameters then need no compile */
    int typed = !bad && scn_param_set_text(s, kv, n, d) == 0;
    if (!bad && !typed) {
        diag_list *tmp = diag_list_new();
        p = compile(s, tmp);
        if (!p)
            for (int i = 0; i < n; i++)
                diag_add(tmp, DIAG_NOTE, "set", NULL, 0, NULL, NULL, "after --set %s", kv[i]);
        /* keep only errors: warnings were reported at load */
        diag_list *errs = diag_list_new();
        for (size_t i = 0; i < diag_list_count(tmp); i++) {
            const diag *x = diag_list_at(tmp, i);
            if (!p || x->severity == DIAG_ERROR || strcmp(x->code, "loop") == 0)
                diag_add(errs, x->severity, x->code, x->file, x->line, x->element, x->name, "%s", x->message);
        }
        diag_list_splice(d, errs);
        diag_list_free(errs);
        diag_list_free(tmp);
    }
    if (!p && !typed) { /* undo, newest first */
        for (int i = nsaved - 1; i >= 0; i--) {
            if (saved[i].old)
                xmlSetProp(saved[i].node, (const xmlChar *)saved[i].name, saved[i].old);
            else
                xmlUnsetProp(saved[i].node, (const xmlChar *)saved[i].name);
        }
    } else if (p) {
        *ALLOC_PUSH(s->retired, s->nretired) = s->p;
        s->p = p;
    }
    for (int i = 0; i < nsaved; i++) {
        free(saved[i].name);
        xmlFree(saved[i].old);
    }
    free(saved);
    return p || typed ? 0 : -1;
}

int sim_scenario_set(sim_scenario *s, const char *key, const char *value, diag_list *d)
{
    size_t n = strlen(key) + strlen(value) + 2;
    char *kv = alloc_zero(n, 1);
    snprintf(kv, n, "%s=%s", key, value);
    const char *arr[1] = {kv};
    int rc = sim_scenario_set_args(s, arr, 1, d);
    free(kv);
    return rc;
}

const char *sim_scenario_path(const sim_scenario *s) { return s->path; }
const char *sim_scenario_name(const sim_scenario *s) { return s->p->name; }
int sim_scenario_replications(const sim_scenario *s) { return s->p->replications; }
double sim_scenario_expected_cases(const sim_scenario *s) { return s->p->expected_cases; }
uint64_t sim_scenario_seed(const sim_scenario *s) { return s->p->seed; }
int sim_scenario_role_count(const sim_scenario *s) { return s->p->nroles; }

int sim_scenario_role_find(const sim_scenario *s, const char *id)
{
    return s->p->nroles ? FIND(s->p->roles, s->p->nroles, id) : -1;
}

const char *sim_scenario_role_id(const sim_scenario *s, int i) { return s->p->roles[i].id; }
int sim_scenario_role_staff(const sim_scenario *s, int i) { return s->p->roles[i].staff; }
double sim_scenario_role_cost(const sim_scenario *s, int i) { return s->p->roles[i].cost; }

double sim_scenario_role_working_fraction(const sim_scenario *s, int i)
{
    return calendar_working_fraction(s->p->cals[s->p->roles[i].cal].cal);
}

double sim_scenario_role_offered_load(const sim_scenario *s, int i)
{
    double o = s->p->roles[i].offered;
    return s->p->roles[i].staff == SIM_STAFF_UNLIMITED ? 0 : o;
}

int sim_scenario_sla_count(const sim_scenario *s) { return s->p->nslas; }
const char *sim_scenario_sla_id(const sim_scenario *s, int i) { return s->p->slas[i].id; }
double sim_scenario_sla_target(const sim_scenario *s, int i) { return s->p->slas[i].target; }

const plan *sim_scenario_plan(const sim_scenario *s) { return s->p; }
const struct _xmlDoc *sim_scenario_doc(const sim_scenario *s) { return s->doc; }
