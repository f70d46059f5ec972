/*
 * overlay: reads the figures of a `flowmc sim -o RESULT.json` file that the
 * renderer paints on tasks (see render.h for the fields).
 *
 * The file comes from another program that may be older or newer than this
 * one, so nothing in it is required: each missing field is one warning
 * (counted over all tasks, not repeated per task), tasks and roles the
 * model does not know are warnings, and whatever is present is used.  A
 * figure may be a plain number or an object holding it under "mean" (a
 * figure with its confidence interval).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "render.h"
#include "../model/alloc.h"

struct render_overlay {
    size_t n;                  /* model nodes */
    render_task_figures *task; /* per node */
    char **roles;              /* owned role ids, per node */
};

void render_overlay_free(render_overlay *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n; i++)
        free(o->roles[i]);
    free(o->roles);
    free(o->task);
    free(o);
}

const render_task_figures *render_overlay_task(const render_overlay *o, int i)
{
    return &o->task[i];
}

/* A number, or an object's "mean"; NAN when absent or not a number. */
static double figure(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_object(v))
        v = json_object_get(v, "mean");
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* Missing-field counts, reported once per field. */
typedef struct missing {
    const char *field;
    int count;
    const char *first; /* first task lacking it (borrowed from the JSON) */
} missing;

static void note_missing(missing *ms, const char *field, const char *task)
{
    for (; ms->field; ms++)
        if (strcmp(ms->field, field) == 0) {
            if (ms->count++ == 0)
                ms->first = task;
            return;
        }
}

render_overlay *render_overlay_read(const char *path, const model *m, diag_list *d)
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root) {
        diag_add(d, DIAG_ERROR, "overlay", path, err.line > 0 ? err.line : 0, NULL, NULL,
                 "cannot read the simulation result: %s", err.text);
        return NULL;
    }
    render_overlay *o = alloc_zero(1, sizeof *o);
    o->n = model_node_count(m);
    o->task = alloc_zero(o->n, sizeof *o->task);
    o->roles = alloc_zero(o->n, sizeof *o->roles);
    for (size_t i = 0; i < o->n; i++)
        o->task[i] = (render_task_figures){0, NAN, NAN, NAN, NAN, NAN, NAN, NULL};

    json_t *tasks = json_object_get(root, "tasks"), *roles = json_object_get(root, "roles");
    if (!json_is_object(root) || !json_is_array(tasks)) {
        diag_add(d, DIAG_WARNING, "overlay", path, 0, NULL, NULL,
                 "the simulation result has no \"tasks\" array: nothing to draw on the tasks");
        json_decref(root);
        return o;
    }
    if (!json_is_array(roles))
        diag_add(d, DIAG_WARNING, "overlay", path, 0, NULL, NULL,
                 "the simulation result has no \"roles\" array: tasks cannot show their "
                 "role's utilisation");

    missing ms[] = {{"cases", 0, NULL},     {"share", 0, NULL},        {"wait_mean", 0, NULL},
                    {"wait_p95", 0, NULL},  {"service_mean", 0, NULL}, {"role", 0, NULL},
                    {NULL, 0, NULL}};
    size_t k;
    json_t *t;
    json_array_foreach(tasks, k, t) {
        const char *id = json_string_value(json_object_get(t, "id"));
        if (!id) {
            diag_add(d, DIAG_WARNING, "overlay", path, 0, NULL, NULL,
                     "task %zu of the simulation result has no \"id\": skipped", k + 1);
            continue;
        }
        int i = model_find_node(m, id);
        if (i < 0) {
            diag_add(d, DIAG_WARNING, "overlay", path, 0, id, NULL,
                     "the simulation result names task '%s', which is not in %s", id,
                     model_file(m));
            continue;
        }
        render_task_figures *f = &o->task[i];
        f->present = 1;
        static const char *const keys[] = {"cases", "share", "wait_mean", "wait_p95",
                                           "service_mean"};
        double *dst[] = {&f->cases, &f->share, &f->wait_mean, &f->wait_p95, &f->service_mean};
        for (size_t j = 0; j < 5; j++) {
            *dst[j] = figure(t, keys[j]);
            if (isnan(*dst[j]))
                note_missing(ms, keys[j], id);
        }
        json_t *role = json_object_get(t, "role");
        if (!role)
            note_missing(ms, "role", id);
        if (json_is_string(role)) {
            o->roles[i] = alloc_strdup(json_string_value(role));
            f->role = o->roles[i];
        }
    }
    for (missing *mi = ms; mi->field; mi++)
        if (mi->count)
            diag_add(d, DIAG_WARNING, "overlay", path, 0, mi->first, NULL,
                     "%d task%s of the simulation result lack%s \"%s\" (first: %s)", mi->count,
                     mi->count == 1 ? "" : "s", mi->count == 1 ? "s" : "", mi->field,
                     mi->first);

    /* each task's role utilisation */
    int no_util = 0;
    for (size_t i = 0; i < o->n; i++) {
        if (!o->task[i].role)
            continue;
        json_t *r, *found = NULL;
        json_array_foreach(roles, k, r) {
            const char *rid = json_string_value(json_object_get(r, "id"));
            if (rid && strcmp(rid, o->task[i].role) == 0) {
                found = r;
                break;
            }
        }
        if (!found) {
            if (json_is_array(roles))
                diag_add(d, DIAG_WARNING, "overlay", path, 0, model_node_at(m, (int)i)->e.id,
                         NULL, "task '%s' has role '%s', which the \"roles\" array lacks",
                         model_node_at(m, (int)i)->e.id, o->task[i].role);
            continue;
        }
        o->task[i].util = figure(found, "utilisation");
        no_util += isnan(o->task[i].util);
    }
    if (no_util)
        diag_add(d, DIAG_WARNING, "overlay", path, 0, NULL, NULL,
                 "the role%s of %d task%s lack%s \"utilisation\"", no_util == 1 ? "" : "s",
                 no_util, no_util == 1 ? "" : "s", no_util == 1 ? "s" : "");
    json_decref(root);
    return o;
}
