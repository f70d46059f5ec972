/*
 * diag: storage, ordering and printing of diagnostics.
 *
 * The list is a growable array of structs with owned strings.  Printing is
 * compiler style so that editors can jump to file:line; JSON output goes
 * through jansson so that escaping is never ours to get wrong.
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

struct diag_list {
    diag *items;
    size_t n, cap;
};

diag_list *diag_list_new(void)
{
    return alloc_zero(1, sizeof(diag_list));
}

static void diag_release(diag *d)
{
    free(d->code);
    free(d->file);
    free(d->element);
    free(d->name);
    free(d->message);
    for (size_t i = 0; i < d->ntrace; i++) {
        free(d->trace[i].element);
        free(d->trace[i].name);
        for (size_t k = 0; k < d->trace[i].nflows; k++) {
            free(d->trace[i].flows[k].id);
            free(d->trace[i].flows[k].name);
        }
        free(d->trace[i].flows);
    }
    free(d->trace);
}

void diag_list_free(diag_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        diag_release(&l->items[i]);
    free(l->items);
    free(l);
}

diag *diag_addv(diag_list *l, diag_severity sev, const char *code,
                const char *file, int line, const char *element,
                const char *name, const char *fmt, va_list ap)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->items = alloc_resize(l->items, l->cap * sizeof *l->items, 1);
    }
    diag *d = &l->items[l->n++];
    memset(d, 0, sizeof *d);
    d->severity = sev;
    d->code = alloc_strdup(code ? code : "");
    d->file = alloc_strdup(file);
    d->line = line;
    d->element = alloc_strdup(element);
    d->name = alloc_strdup(name);
    va_list aq;
    va_copy(aq, ap);
    int len = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    d->message = alloc_resize(NULL, (size_t)(len > 0 ? len : 0) + 1, 1);
    vsnprintf(d->message, (size_t)len + 1, fmt, ap);
    return d;
}

diag *diag_add(diag_list *l, diag_severity sev, const char *code,
               const char *file, int line, const char *element,
               const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag *d = diag_addv(l, sev, code, file, line, element, name, fmt, ap);
    va_end(ap);
    return d;
}

void diag_add_step(diag *d, const char *element, const char *name)
{
    d->trace = alloc_resize(d->trace, (d->ntrace + 1) * sizeof *d->trace, 1);
    d->trace[d->ntrace].element = alloc_strdup(element);
    d->trace[d->ntrace].name = alloc_strdup(name);
    d->trace[d->ntrace].flows = NULL;
    d->trace[d->ntrace].nflows = 0;
    d->ntrace++;
}

void diag_add_step_flow(diag *d, const char *id, const char *name)
{
    diag_step *st = &d->trace[d->ntrace - 1];
    st->flows = alloc_resize(st->flows, st->nflows + 1, sizeof *st->flows);
    st->flows[st->nflows].id = alloc_strdup(id);
    st->flows[st->nflows].name = alloc_strdup(name);
    st->nflows++;
}

size_t diag_list_count(const diag_list *l) { return l ? l->n : 0; }

const diag *diag_list_at(const diag_list *l, size_t i)
{
    return i < l->n ? &l->items[i] : NULL;
}

size_t diag_list_count_severity(const diag_list *l, diag_severity sev)
{
    size_t c = 0;
    for (size_t i = 0; l && i < l->n; i++)
        c += l->items[i].severity == sev;
    return c;
}

void diag_list_splice(diag_list *dst, diag_list *src)
{
    for (size_t i = 0; i < src->n; i++) {
        if (dst->n == dst->cap) {
            dst->cap = dst->cap ? 2 * dst->cap : 16;
            dst->items = alloc_resize(dst->items, dst->cap * sizeof *dst->items, 1);
        }
        dst->items[dst->n++] = src->items[i];
    }
    src->n = 0;
}

static int same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

size_t diag_list_drop(diag_list *l, const char *code, const char *file, const char *element)
{
    size_t kept = 0, n = l ? l->n : 0;
    for (size_t i = 0; i < n; i++) {
        diag *d = &l->items[i];
        if (same(d->code, code) && same(d->file, file) && same(d->element, element))
            diag_release(d);
        else
            l->items[kept++] = *d;
    }
    if (l)
        l->n = kept;
    return n - kept;
}

static int cmp_diag(const diag *a, const diag *b)
{
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c)
        return c;
    return (a->line > b->line) - (a->line < b->line);
}

void diag_list_sort(diag_list *l)
{
    /* insertion sort: stable, and lists are short */
    for (size_t i = 1; i < l->n; i++) {
        diag t = l->items[i];
        size_t j = i;
        while (j > 0 && cmp_diag(&l->items[j - 1], &t) > 0) {
            l->items[j] = l->items[j - 1];
            j--;
        }
        l->items[j] = t;
    }
}

const char *diag_severity_name(diag_severity sev)
{
    switch (sev) {
    case DIAG_ERROR: return "error";
    case DIAG_WARNING: return "warning";
    default: return "note";
    }
}

void diag_print(const diag *d, FILE *out)
{
    if (d->file && d->line > 0)
        fprintf(out, "%s:%d: ", d->file, d->line);
    else if (d->file)
        fprintf(out, "%s: ", d->file);
    fprintf(out, "%s: ", diag_severity_name(d->severity));
    if (d->code && *d->code)
        fprintf(out, "[%s] ", d->code);
    fprintf(out, "%s\n", d->message);
    for (size_t i = 0; i < d->ntrace; i++) {
        const diag_step *s = &d->trace[i];
        if (s->name && *s->name)
            fprintf(out, "    %zu. %s (%s)", i + 1, s->name, s->element);
        else
            fprintf(out, "    %zu. %s", i + 1, s->element);
        for (size_t k = 0; k < s->nflows; k++) {
            const diag_flow *f = &s->flows[k];
            fputs(k ? ", " : s->nflows > 1 ? " takes flows " : " takes flow ", out);
            if (f->name && *f->name)
                fprintf(out, "'%s' (%s)", f->name, f->id);
            else
                fputs(f->id, out);
        }
        fputc('\n', out);
    }
}

void diag_list_print(const diag_list *l, FILE *out)
{
    for (size_t i = 0; l && i < l->n; i++)
        diag_print(&l->items[i], out);
}

static void set_str(json_t *o, const char *key, const char *v)
{
    json_object_set_new(o, key, v ? json_string(v) : json_null());
}

json_t *diag_to_json(const diag *d)
{
    json_t *o = json_object();
    set_str(o, "rule", d->code);
    set_str(o, "severity", diag_severity_name(d->severity));
    set_str(o, "file", d->file);
    json_object_set_new(o, "line", d->line > 0 ? json_integer(d->line) : json_null());
    set_str(o, "element", d->element);
    set_str(o, "name", d->name);
    set_str(o, "message", d->message);
    json_t *t = json_array();
    for (size_t i = 0; i < d->ntrace; i++)
        json_array_append_new(t, json_string(d->trace[i].element));
    json_object_set_new(o, "trace", t);
    json_t *steps = json_array();
    for (size_t i = 0; i < d->ntrace; i++) {
        const diag_step *s = &d->trace[i];
        json_t *st = json_object(), *fl = json_array();
        set_str(st, "element", s->element);
        set_str(st, "name", s->name);
        for (size_t k = 0; k < s->nflows; k++) {
            json_t *f = json_object();
            set_str(f, "id", s->flows[k].id);
            set_str(f, "name", s->flows[k].name);
            json_array_append_new(fl, f);
        }
        json_object_set_new(st, "flows", fl);
        json_array_append_new(steps, st);
    }
    json_object_set_new(o, "trace_steps", steps);
    return o;
}

json_t *diag_list_to_json(const diag_list *l)
{
    json_t *a = json_array();
    for (size_t i = 0; l && i < l->n; i++)
        json_array_append_new(a, diag_to_json(&l->items[i]));
    return a;
}
