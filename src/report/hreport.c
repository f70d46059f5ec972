/*
 * hreport: the report as a whole (see hreport.h) -- the inputs kept in
 * order, the anchors handed out before anything is written (the contents
 * come first and link forward), then the sections one after the other.
 */
#include "hreport.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"
#include "input.h"
#include "sec.h"

typedef struct named {
    input_size *in;
    const char *anchor;
} named;

struct hreport {
    char *title, *generator;
    sec_model *model;
    size_t nmodel;
    sec_sim *sim;
    size_t nsim;
    sec_compare *cmp;
    size_t ncmp;
    named *size;
    size_t nsize;
    struct size_group {
        size_t *idx, n;
        const char *anchor;
    } *group;
    size_t ngroup;
    input_sweep **sweep;
    const char **sweep_anchor;
    size_t nsweep;
};

hreport *hreport_new(const char *title, const char *generator)
{
    hreport *r = alloc_zero(1, sizeof *r);
    r->title = alloc_strdup(title ? title : "flowmc report");
    r->generator = alloc_strdup(generator);
    return r;
}

void hreport_free(hreport *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nmodel; i++) {
        sec_model_release(&r->model[i]);
        free((char *)r->model[i].path);
    }
    for (size_t i = 0; i < r->nsim; i++) {
        input_sim_free(r->sim[i].r);
        free(r->sim[i].sla_anchor);
    }
    for (size_t i = 0; i < r->ncmp; i++)
        input_compare_free(r->cmp[i].c);
    for (size_t i = 0; i < r->nsize; i++)
        input_size_free(r->size[i].in);
    for (size_t i = 0; i < r->ngroup; i++)
        free(r->group[i].idx);
    free(r->group);
    for (size_t i = 0; i < r->nsweep; i++)
        input_sweep_free(r->sweep[i]);
    free(r->sweep), free(r->sweep_anchor);
    free(r->model), free(r->sim), free(r->cmp), free(r->size);
    free(r->title), free(r->generator);
    free(r);
}

int hreport_add(hreport *r, const char *path, diag_list *d)
{
    switch (input_classify(path, d)) {
    case INPUT_MODEL: {
        sec_model *m = ALLOC_PUSH(r->model, r->nmodel);
        memset(m, 0, sizeof *m);
        if (sec_model_load(m, path, d) != 0) {
            sec_model_release(m);
            r->nmodel--;
            return -1;
        }
        m->path = alloc_strdup(path);
        return 0;
    }
    case INPUT_SIM: {
        input_sim *s = input_sim_read(path, d);
        if (!s)
            return -1;
        sec_sim *x = ALLOC_PUSH(r->sim, r->nsim);
        memset(x, 0, sizeof *x);
        x->r = s;
        return 0;
    }
    case INPUT_COMPARE: {
        input_compare *c = input_compare_read(path, d);
        if (!c)
            return -1;
        *ALLOC_PUSH(r->cmp, r->ncmp) = (sec_compare){c, NULL, NULL, NULL};
        return 0;
    }
    case INPUT_SIZE: {
        input_size *s = input_size_read(path, d);
        if (!s)
            return -1;
        *ALLOC_PUSH(r->size, r->nsize) = (named){s, NULL};
        return 0;
    }
    case INPUT_SWEEP: {
        input_sweep *s = input_sweep_read(path, d);
        if (!s)
            return -1;
        *ALLOC_PUSH(r->sweep, r->nsweep) = s;
        return 0;
    }
    case INPUT_CHECK:
        diag_add(d, DIAG_WARNING, "report-input", path, 0, NULL, NULL,
                 "a result of flowmc check, set aside: the report checks the models it is "
                 "given itself");
        return 0;
    default:
        return -1;
    }
}

/* Hands out every anchor, in the order the page shows them. */
static void anchors(hreport *r, html_buf *b)
{
    for (size_t i = 0; i < r->nmodel; i++)
        r->model[i].anchor = html_new_id(b, "model", sec_base(r->model[i].path));
    for (size_t i = 0; i < r->nsim; i++) {
        sec_sim *s = &r->sim[i];
        s->anchor = html_new_id(b, "scenario",
                                sec_base(s->r->scenario ? s->r->scenario : s->r->path));
        s->sla_anchor = alloc_zero(s->r->nsla + 1, sizeof *s->sla_anchor);
        for (size_t j = 0; j < s->r->nsla; j++) {
            char key2[512];
            snprintf(key2, sizeof key2, "%s-%s", s->anchor + strlen("scenario-"),
                     s->r->sla[j].id);
            s->sla_anchor[j] = html_new_id(b, "sla", key2);
        }
        s->model_anchor = NULL;
        for (size_t m = 0; m < r->nmodel && !s->model_anchor; m++)
            for (size_t c = 0; c < s->r->ncycle && !s->model_anchor; c++)
                if (sec_model_has_process(&r->model[m], s->r->cycle[c].process)) {
                    s->model_anchor = r->model[m].anchor;
                    s->model_title = sec_model_title(&r->model[m]);
                }
    }
    /* sizings of one role against the same SLAs are also drawn together */
    int *grouped = alloc_zero(r->nsize + 1, sizeof *grouped);
    for (size_t i = 0; i < r->nsize; i++) {
        if (grouped[i])
            continue;
        struct size_group g = {NULL, 0, NULL};
        for (size_t j = i; j < r->nsize; j++)
            if (!grouped[j] && sec_size_same_kind(r->size[i].in, r->size[j].in)) {
                grouped[j] = 1;
                *ALLOC_PUSH(g.idx, g.n) = j;
            }
        if (g.n < 2) {
            free(g.idx);
            grouped[i] = 0;
            continue;
        }
        g.anchor = html_new_id(b, "sizing-curves", r->size[i].in->staff_col[0]);
        *ALLOC_PUSH(r->group, r->ngroup) = g;
    }
    free(grouped);
    for (size_t i = 0; i < r->nsize; i++)
        r->size[i].anchor = html_new_id(b, "size", sec_base(r->size[i].in->path));
    r->sweep_anchor = alloc_zero(r->nsweep + 1, sizeof *r->sweep_anchor);
    for (size_t i = 0; i < r->nsweep; i++)
        r->sweep_anchor[i] = html_new_id(b, "sweep", sec_base(r->sweep[i]->path));
    for (size_t i = 0; i < r->ncmp; i++) {
        sec_compare *c = &r->cmp[i];
        c->anchor = html_new_id(b, "compare", sec_base(c->c->path));
        for (size_t k = 0; k < r->nsim; k++) {
            const input_sim *x = r->sim[k].r;
            if (x->scenario && strcmp(x->scenario, c->c->a) == 0 && !c->a_name)
                c->a_name = x->name;
            if (x->scenario && strcmp(x->scenario, c->c->b) == 0 && !c->b_name)
                c->b_name = x->name;
        }
    }
}

static void contents(const hreport *r, html_buf *b)
{
    html_raw(b, "<nav id=\"contents\"><h2>Contents</h2><ol>");
    html_raw(b, "<li><a href=\"#glance\">At a glance: every verdict</a></li>");
    if (r->nmodel) {
        html_raw(b, "<li>Models: are they sound, where does the text leave a path open?<ol>");
        for (size_t i = 0; i < r->nmodel; i++) {
            const sec_model *m = &r->model[i];
            html_rawf(b, "<li><a href=\"#%s\">", m->anchor);
            html_text(b, sec_model_title(m));
            html_raw(b, "</a> <code>");
            html_text(b, m->path);
            html_raw(b, "</code></li>");
        }
        html_raw(b, "</ol></li>");
    }
    if (r->nsim) {
        html_raw(b, "<li>Scenarios: are the SLAs met?<ol>");
        for (size_t i = 0; i < r->nsim; i++) {
            const sec_sim *s = &r->sim[i];
            html_rawf(b, "<li><a href=\"#%s\">", s->anchor);
            html_text(b, s->r->name ? s->r->name : sec_base(s->r->path));
            html_raw(b, "</a>");
            if (s->r->nsla) {
                html_raw(b, "<ol>");
                for (size_t j = 0; j < s->r->nsla; j++) {
                    html_rawf(b, "<li><a href=\"#%s\">", s->sla_anchor[j]);
                    html_text(b, s->r->sla[j].id);
                    html_raw(b, "</a> ");
                    sec_verdict(b, s->r->sla[j].verdict);
                    html_raw(b, "</li>");
                }
                html_raw(b, "</ol>");
            }
            html_raw(b, "</li>");
        }
        html_raw(b, "</ol></li>");
    }
    if (r->nsize) {
        html_raw(b, "<li>Sizing: how many people?<ol>");
        for (size_t g = 0; g < r->ngroup; g++) {
            html_rawf(b, "<li><a href=\"#%s\">Sizing curves of ", r->group[g].anchor);
            html_text(b, r->size[r->group[g].idx[0]].in->staff_col[0]);
            html_rawf(b, ", %zu sizings together</a></li>", r->group[g].n);
        }
        for (size_t i = 0; i < r->nsize; i++) {
            const input_size *s = r->size[i].in;
            html_rawf(b, "<li><a href=\"#%s\">", r->size[i].anchor);
            html_text(b, sec_base(s->path));
            html_raw(b, "</a></li>");
        }
        html_raw(b, "</ol></li>");
    }
    if (r->nsweep) {
        html_raw(b, "<li>Sweeps: how much more can it take?<ol>");
        for (size_t i = 0; i < r->nsweep; i++) {
            const input_sweep *s = r->sweep[i];
            html_rawf(b, "<li><a href=\"#%s\">", r->sweep_anchor[i]);
            for (size_t k = 0; k < s->naxis; k++) {
                html_raw(b, k ? ", " : "");
                html_text(b, s->axis[k].key);
            }
            html_raw(b, "</a> <code>");
            html_text(b, s->scenario ? s->scenario : sec_base(s->path));
            html_raw(b, "</code></li>");
        }
        html_raw(b, "</ol></li>");
    }
    if (r->ncmp) {
        html_raw(b, "<li>Comparisons: what does a change do?<ol>");
        for (size_t i = 0; i < r->ncmp; i++) {
            const sec_compare *c = &r->cmp[i];
            html_rawf(b, "<li><a href=\"#%s\">", c->anchor);
            html_textf(b, "%s against %s", c->b_name ? c->b_name : c->c->b,
                       c->a_name ? c->a_name : c->c->a);
            html_raw(b, "</a></li>");
        }
        html_raw(b, "</ol></li>");
    }
    html_raw(b, "<li><a href=\"#glossary\">Glossary</a></li></ol></nav>\n");
}

static void glance(const hreport *r, html_buf *b)
{
    html_raw(b, "<section id=\"glance\" class=\"glance\"><h2>At a glance</h2>");
    if (r->nmodel) {
        html_raw(b, "<table><thead><tr><th>model</th><th>sound</th><th>errors</th>"
                    "<th>warnings</th></tr></thead><tbody>");
        for (size_t i = 0; i < r->nmodel; i++) {
            const sec_model *m = &r->model[i];
            html_rawf(b, "<tr><td><a href=\"#%s\">", m->anchor);
            html_text(b, sec_model_title(m));
            html_rawf(b, "</a></td><td class=\"%s\">%s</td><td>%zu</td><td>%zu</td></tr>",
                      m->sound == 1 ? "ok" : m->sound == 0 ? "bad" : "open",
                      m->sound == 1 ? "yes" : m->sound == 0 ? "no" : "not decided",
                      diag_list_count_severity(m->findings, DIAG_ERROR),
                      diag_list_count_severity(m->findings, DIAG_WARNING));
        }
        html_raw(b, "</tbody></table>");
    }
    if (r->nsim) {
        html_raw(b, "<table class=\"num\"><thead><tr><th>scenario</th><th>SLA</th>"
                    "<th>attainment [95% CI]</th><th>target</th><th>verdict</th></tr>"
                    "</thead><tbody>");
        for (size_t i = 0; i < r->nsim; i++) {
            const sec_sim *s = &r->sim[i];
            for (size_t j = 0; j < s->r->nsla; j++) {
                const input_sla *a = &s->r->sla[j];
                char ci[96], tg[32];
                sec_percent_ci(ci, sizeof ci, a->att, -1);
                sec_percent(tg, sizeof tg, a->target, -1);
                html_raw(b, "<tr><td class=\"l\">");
                if (j == 0) {
                    html_rawf(b, "<a href=\"#%s\">", s->anchor);
                    html_text(b, s->r->name ? s->r->name : sec_base(s->r->path));
                    html_raw(b, "</a>");
                }
                html_rawf(b, "</td><td class=\"l\"><a href=\"#%s\">", s->sla_anchor[j]);
                html_text(b, a->id);
                html_raw(b, "</a></td><td>");
                html_text(b, ci);
                html_raw(b, "</td><td>");
                html_text(b, tg);
                html_raw(b, "</td><td>");
                sec_verdict(b, a->verdict);
                html_raw(b, "</td></tr>");
            }
        }
        html_raw(b, "</tbody></table>");
    }
    html_raw(b, "<p class=\"note\">Terms of art (sound, confidence interval, met, missed, "
                "inconclusive, erlang, common random numbers) are explained in the "
                "<a href=\"#glossary\">glossary</a>.</p></section>\n");
}

int hreport_write(hreport *r, char **buf, size_t *len, diag_list *d)
{
    html_buf *b = html_buf_new();
    int rc = -1;
    /* fixed ids first, so that no input can take them */
    html_new_id(b, "contents", NULL);
    html_new_id(b, "glance", NULL);
    html_new_id(b, "glossary", NULL);
    anchors(r, b);
    html_raw(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    if (r->generator) {
        html_raw(b, "<meta name=\"generator\" content=\"");
        html_text(b, r->generator);
        html_raw(b, "\">");
    }
    html_raw(b, "<title>");
    html_text(b, r->title);
    html_raw(b, "</title><style>\n");
    html_raw(b, sec_css());
    html_raw(b, "</style></head>\n<body><header><h1>");
    html_text(b, r->title);
    html_rawf(b, "</h1><p class=\"file\">%zu model%s, %zu scenario%s, %zu sizing%s, %zu "
                 "sweep%s, %zu comparison%s",
              r->nmodel, r->nmodel == 1 ? "" : "s", r->nsim, r->nsim == 1 ? "" : "s",
              r->nsize, r->nsize == 1 ? "" : "s", r->nsweep, r->nsweep == 1 ? "" : "s",
              r->ncmp, r->ncmp == 1 ? "" : "s");
    if (r->generator) {
        html_raw(b, "; made by ");
        html_text(b, r->generator);
    }
    html_raw(b, ".  Every figure comes from the result files named in its section; each "
                "has its 95% confidence interval.</p></header>\n");
    contents(r, b);
    glance(r, b);
    for (size_t i = 0; i < r->nmodel; i++)
        if (sec_model_write(b, &r->model[i], d) != 0)
            goto fail;
    for (size_t i = 0; i < r->nsim; i++)
        sec_sim_write(b, &r->sim[i]);
    for (size_t g = 0; g < r->ngroup; g++) {
        const struct size_group *x = &r->group[g];
        const input_size **t = alloc_zero(x->n, sizeof *t);
        const char **an = alloc_zero(x->n, sizeof *an);
        for (size_t k = 0; k < x->n; k++) {
            t[k] = r->size[x->idx[k]].in;
            an[k] = r->size[x->idx[k]].anchor;
        }
        sec_size_overview_write(b, t, x->n, an, x->anchor);
        free(t);
        free(an);
    }
    for (size_t i = 0; i < r->nsize; i++)
        sec_size_write(b, r->size[i].in, r->size[i].anchor);
    for (size_t i = 0; i < r->nsweep; i++)
        sec_sweep_write(b, r->sweep[i], r->sweep_anchor[i]);
    for (size_t i = 0; i < r->ncmp; i++)
        sec_compare_write(b, &r->cmp[i]);
    sec_glossary_write(b, "glossary");
    html_raw(b, "</body></html>\n");
    *buf = html_take(b, len);
    rc = 0;
fail:
    html_buf_free(b);
    return rc;
}
