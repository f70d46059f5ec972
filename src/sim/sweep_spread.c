/*
 * sweep_spread: a sweep's points over the ranks; see sweep_spread.h.  The
 * buffer a rank sends is its points' records one after the other, each
 * written and read in one order: index, status, cells, diagnostics.
 *
 * Why diagnostics travel at all: a point's warnings ("role 'agent' is
 * overloaded") and errors are part of the output, reported at the first
 * point they appeared at, so rank 0 must see every point's as if it had run
 * them itself.  They travel as diag_list_to_json's text (jansson both ways)
 * rather than in a layout of our own.
 */
#include "sweep_spread.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../model/alloc.h"
#include "par.h"

struct sweep_spread {
    int n;
    sweep_point_status *st; /* [point] */
    diag_list **diags;      /* [point]; NULL when not run */
};

int sweep_spread_wanted(int points)
{
    return par_size() > 1 && points >= 2 * par_size();
}

sweep_point_status sweep_spread_status(const sweep_spread *sp, int p) { return sp->st[p]; }
const diag_list *sweep_spread_diags(const sweep_spread *sp, int p) { return sp->diags[p]; }

void sweep_spread_free(sweep_spread *sp)
{
    if (!sp)
        return;
    for (int p = 0; p < sp->n; p++)
        diag_list_free(sp->diags[p]);
    free(sp->st);
    free(sp->diags);
    free(sp);
}

static diag_severity severity_named(const char *s)
{
    if (s && !strcmp(s, "error"))
        return DIAG_ERROR;
    if (s && !strcmp(s, "warning"))
        return DIAG_WARNING;
    return DIAG_NOTE;
}

/* diag_list_to_json's text back into a list (sim_run's diagnostics carry
 * no trace). */
static diag_list *diags_from_text(const char *text, size_t len)
{
    json_error_t err;
    json_t *a = json_loadb(text, len, 0, &err);
    if (!json_is_array(a))
        par_abort("a sweep point's diagnostics came garbled from another rank (different flowmc builds?)");
    diag_list *l = diag_list_new();
    size_t i;
    json_t *o;
    json_array_foreach(a, i, o) {
        json_t *line = json_object_get(o, "line");
        const char *msg = json_string_value(json_object_get(o, "message"));
        diag_add(l, severity_named(json_string_value(json_object_get(o, "severity"))),
                 json_string_value(json_object_get(o, "rule")), json_string_value(json_object_get(o, "file")),
                 json_is_integer(line) ? (int)json_integer_value(line) : 0,
                 json_string_value(json_object_get(o, "element")), json_string_value(json_object_get(o, "name")),
                 "%s", msg ? msg : "");
    }
    json_decref(a);
    return l;
}

/* This rank's points as one buffer (malloc'd), *n its length. */
static char *encode(const sweep_spread *sp, const sweep_result *r, size_t *n)
{
    size_t cells = sizeof(sim_sla_summary) * (size_t)r->nsla;
    char **text = alloc_zero((size_t)sp->n + 1, sizeof *text);
    size_t total = 0;
    for (int p = 0; p < sp->n; p++) {
        if (sp->st[p] == SWEEP_POINT_NOT_RUN)
            continue;
        json_t *j = diag_list_to_json(sp->diags[p]);
        text[p] = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        if (!text[p])
            alloc_fail("a sweep point's diagnostics");
        total += 2 * sizeof(int32_t) + cells + sizeof(uint32_t) + strlen(text[p]);
    }
    char *buf = alloc_zero(total + 1, 1), *b = buf;
    for (int p = 0; p < sp->n; p++) {
        if (!text[p])
            continue;
        int32_t head[2] = {p, (int32_t)sp->st[p]};
        uint32_t len = (uint32_t)strlen(text[p]);
        b = par_put(b, head, sizeof head);
        b = par_put(b, &r->cells[(size_t)p * (size_t)r->nsla], cells);
        b = par_put(b, &len, sizeof len);
        b = par_put(b, text[p], len);
        free(text[p]);
    }
    free(text);
    *n = total;
    return buf;
}

/* Every rank's points into sp and r: the ones this rank ran are there
 * already. */
static void decode(sweep_spread *sp, sweep_result *r, const char *c, const char *end)
{
    size_t cells = sizeof(sim_sla_summary) * (size_t)r->nsla;
    while (c < end) {
        int32_t head[2];
        uint32_t len;
        c = par_get(c, head, sizeof head);
        int p = head[0];
        if (p < 0 || p >= sp->n)
            par_abort("a sweep point came garbled from another rank (different flowmc builds?)");
        int mine = sp->st[p] != SWEEP_POINT_NOT_RUN;
        if (!mine)
            memcpy(&r->cells[(size_t)p * (size_t)r->nsla], c, cells);
        c += cells;
        c = par_get(c, &len, sizeof len);
        if (!mine) {
            sp->st[p] = (sweep_point_status)head[1];
            sp->diags[p] = diags_from_text(c, len);
        }
        c += len;
    }
}

sweep_spread *sweep_spread_run(const sweep_spec *w, sim_scenario *s, const sim_options *po, sweep_result *r)
{
    par_run *run = par_run_new(r->npoints);
    if (!run)
        return NULL;
    sweep_spread *sp = alloc_zero(1, sizeof *sp);
    sp->n = r->npoints;
    sp->st = alloc_zero((size_t)sp->n, sizeof *sp->st);
    sp->diags = alloc_zero((size_t)sp->n, sizeof *sp->diags);
    /* each point's replications stay on this rank: no exchange inside it */
    par_local(1);
    int p, failed = 0;
    while (!failed && (p = par_run_next(run)) >= 0) {
        sp->diags[p] = diag_list_new();
        sp->st[p] = sweep_point_run(w, s, po, r, p, sp->diags[p]);
        failed = sp->st[p] == SWEEP_POINT_FAILED;
    }
    par_local(0);
    size_t n, len;
    char *mine = encode(sp, r, &n);
    void *all;
    if (par_run_gather(run, mine, n, &all, &len) != 0)
        par_abort("out of memory gathering the sweep's points");
    free(mine);
    decode(sp, r, all, (const char *)all + len);
    free(all);
    par_run_free(run);
    return sp;
}
