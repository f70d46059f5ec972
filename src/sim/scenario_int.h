/*
 * scenario_int: what the files of the scenario module share -- internal to
 * src/sim/scenario*.c, not for the engine or the commands.
 *
 * The module reads a scenario document into a plan in phases, one file
 * each: scenario_cx.c holds the compilation context's helpers (diagnostics
 * at a file and line, attribute parsing, model and id lookups, amounts of
 * time); scenario_parse.c reads each section into the plan;
 * scenario_check.c checks what the sections say together (reachability,
 * roles, structure) and derives the offered load; scenario.c loads the
 * file, validates it against the XSD, runs the phases in order and holds
 * the public API of sim.h.  plan.c frees a plan.
 */
#ifndef FLOWMC_SIM_SCENARIO_INT_H
#define FLOWMC_SIM_SCENARIO_INT_H

#include <libxml/tree.h>

#include "../model/alloc.h"
#include "../model/bpmn_read.h"
#include "../model/xmlsafe.h"
#include "plan.h"

typedef struct cached_model {
    char *path;
    model *m;
} cached_model;

struct sim_scenario {
    char *path;        /* as given */
    char *dir;         /* its folder, with a trailing slash, or "" */
    xmlDocPtr doc;
    cached_model *models; int nmodels;
    plan *p;
    plan **retired; int nretired; /* replaced by --set; freed with s, so
                                    * strings handed out stay valid */
};

/* Compilation context: one per compile. */
typedef struct cx {
    sim_scenario *s;
    plan *p;
    diag_list *d;
    const char *file;
    int nerr;
    int *task_role;    /* explicit <serves task>, by node */
    int **lane_role;   /* by model, by lane */
    int *reach;        /* reachable nodes */
    int roles_known;   /* tasks have their roles (no earlier error) */
} cx;

/* Iterates n over the <item> children of root's <section>. */
#define EACH_ITEM(n, root, section, item)                                                  \
    for (xmlNodePtr n = scn_item_from(scn_child((root), (section)) ? scn_child((root), (section))->children \
                                                                : NULL, (item));                    \
         n; n = scn_item_from(n->next, (item)))

/* The index of the entry with this id in an array of structs whose first
 * member is `char *id`, -1 when none. */
#define FIND(arr, n, key) ((n) > 0 ? scn_find_named(&(arr)[0].id, sizeof *(arr), (n), (key)) : -1)

/* scenario_cx.c: diagnostics, XML access, model lookups, amounts of time */
int scn_line_of(xmlNodePtr n);
void cx_diag(cx *c, diag_severity sev, const char *code, xmlNodePtr at, const char *elem,
             const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void cx_model_diag(cx *c, diag_severity sev, const char *code, int g, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int scn_is_elem(xmlNodePtr n, const char *name);
xmlNodePtr scn_child(xmlNodePtr n, const char *name);
xmlNodePtr scn_item_from(xmlNodePtr n, const char *item);
char *scn_attr(xmlNodePtr n, const char *name);
int scn_has_attr(xmlNodePtr n, const char *name);
int scn_attr_double(cx *c, xmlNodePtr n, const char *name, double *out);
int scn_attr_int(cx *c, xmlNodePtr n, const char *name, long lo, long hi, long *out);
char *scn_join_path(const char *dir, const char *rel);
int scn_use_model(cx *c, xmlNodePtr at, const char *rel);
int scn_find_node(cx *c, xmlNodePtr at, const char *id, const char *what);
int scn_node_attr(cx *c, xmlNodePtr at, const char *id, const char *name, const char *what);
int scn_find_flow(cx *c, const char *id);
int scn_find_named(char *const *ids, size_t stride, int n, const char *id);
int scn_find_class(cx *c, xmlNodePtr at, const char *id);
int scn_attr_amount(cx *c, xmlNodePtr n, const char *name, int cal, plan_amount *out);
/* "P2DT4H" or "2 bd" (what, for messages: "horizon") in seconds, of working
 * time on cal when cal >= 0.  Returns 0, or -1 after an error at `at`. */
int scn_parse_amount(cx *c, xmlNodePtr at, const char *what, const char *text, int cal,
                     plan_amount *out);
int scn_attr_calendar(cx *c, xmlNodePtr n, const char *name);
int scn_attr_datetime(cx *c, xmlNodePtr n, const char *name, double *out);

/* scenario_parse.c: one function per section of the scenario, in order;
 * each reads root's section into c->p, errors into c->d */
/* The parameter attributes of each law (dist.h's order), NULL-padded. */
extern const char *const scn_dist_params[DIST_KIND_COUNT][3];
typedef void scn_section_fn(cx *c, xmlNodePtr root);
scn_section_fn scn_parse_clock, scn_parse_calendars, scn_parse_classes, scn_load_call_models, scn_bind_calls,
    scn_parse_roles, scn_parse_durations, scn_parse_timers, scn_parse_triggers, scn_parse_rosters,
    scn_parse_branches, scn_parse_arrivals, scn_parse_slas, scn_parse_levels, scn_parse_run;
/* The global node table of the loaded models (before any section that
 * names an element). */
void scn_build_nodes(cx *c);

/* scenario_param.c: n "KEY=VALUE" overrides, when every key names a typed
 * parameter and every value is one the file could give it, set in place
 * as one batch (sim_param_set_many); d gets what a compile would say again
 * (the offered load's warning).  Returns 0, or -1 with nothing changed and
 * nothing said: the caller then compiles the edited document, whose
 * messages are the file's. */
int scn_param_set_text(sim_scenario *s, const char *const *kv, int n, diag_list *d);

/* scenario_check.c: structure checks, slots and offered load; passes over
 * the whole plan, in this order */
typedef void scn_pass_fn(cx *c);
scn_pass_fn scn_mark_reachable, scn_assign_roles, scn_check_structure, scn_assign_slots, scn_compute_load;
/* Mean arrivals per second of one arrival line (windows weighed by their calendars). */
double scn_arrival_rate(const plan *p, const plan_arrival *a);
/* Arrivals expected per replication: rates x horizon, a line's limit capping it. */
double scn_expected_cases(const plan *p);
/* Refuses more than 10^9 expected arrivals a replication (at the <clock>). */
scn_section_fn scn_check_volume;

#endif
