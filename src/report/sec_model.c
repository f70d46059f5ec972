/*
 * sec_model: a model's section of the report -- its processes with their
 * verdicts, the drawing with the findings painted on it (the render
 * module's SVG, laid out top to bottom for A4 with lanes as tags, as
 * `flowmc render --page a4 --findings` draws it), and every finding in
 * words with its trace and the sentence of the text the element carries
 * (its documentation).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check/check.h"
#include "../model/bpmn_read.h"
#include "../render/render.h"
#include "sec.h"
#include "svgin.h"

int sec_model_load(sec_model *s, const char *path, diag_list *d)
{
    s->path = path;
    /* the reader's notes go on the page with the findings; its errors to
     * the user, since the model is then not usable */
    s->reader = diag_list_new();
    s->m = bpmn_read_file(path, s->reader);
    if (!s->m || diag_list_count_severity(s->reader, DIAG_ERROR) > 0) {
        diag_list_splice(d, s->reader);
        model_free(s->m);
        s->m = NULL;
        return -1;
    }
    s->findings = diag_list_new();
    check_report *r = check_run(s->m, NULL, s->findings);
    s->check = r;
    s->sound = 1;
    for (size_t i = 0; i < check_report_count(r); i++) {
        check_verdict v = check_report_at(r, i)->sound;
        if (v == CHECK_FAILS)
            s->sound = 0;
        else if (v == CHECK_UNDECIDED && s->sound == 1)
            s->sound = -1;
    }
    return 0;
}

void sec_model_release(sec_model *s)
{
    check_report_free(s->check);
    diag_list_free(s->findings);
    diag_list_free(s->reader);
    model_free(s->m);
    s->check = NULL;
    s->findings = NULL;
    s->reader = NULL;
    s->m = NULL;
}

int sec_model_has_process(const sec_model *s, const char *id)
{
    if (!s->m || !id)
        return 0;
    return model_find_process(s->m, id) >= 0;
}

const char *sec_model_title(const sec_model *s)
{
    if (s->m && model_process_count(s->m) && model_process_at(s->m, 0)->e.name)
        return model_process_at(s->m, 0)->e.name;
    return s->path;
}

const char *sec_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static const char *node_name(const model *m, const char *id)
{
    int i = id ? model_find_node(m, id) : -1;
    if (i < 0)
        return NULL;
    return model_node_at(m, i)->e.name;
}

static void processes(html_buf *b, const sec_model *s)
{
    const check_report *r = s->check;
    html_raw(b, "<table class=\"num\"><thead><tr><th>process</th><th>sound</th>"
                "<th>option to complete</th><th>proper completion</th>"
                "<th>no dead activities</th><th>states explored</th></tr></thead><tbody>");
    for (size_t i = 0; i < check_report_count(r); i++) {
        const check_process_result *p = check_report_at(r, i);
        html_raw(b, "<tr><td class=\"l\">");
        html_text(b, p->process_name ? p->process_name : p->process_id);
        html_raw(b, " <code>");
        html_text(b, p->process_id);
        html_raw(b, "</code></td>");
        const check_verdict v[4] = {p->sound, p->props.option_to_complete,
                                    p->props.proper_completion, p->props.no_dead_activities};
        for (int k = 0; k < 4; k++)
            html_rawf(b, "<td class=\"%s\">%s</td>",
                      v[k] == CHECK_HOLDS   ? "ok"
                      : v[k] == CHECK_FAILS ? "bad"
                                            : "open",
                      check_verdict_word(v[k]));
        html_rawf(b, "<td>%zu%s</td></tr>", p->states, p->complete ? "" : " (stopped)");
    }
    html_raw(b, "</tbody></table>");
}

static void finding(html_buf *b, const model *m, const diag *f, size_t k)
{
    html_rawf(b, "<li class=\"finding %s\"><p><span class=\"sev\">",
              f->severity == DIAG_ERROR ? "err" : f->severity == DIAG_WARNING ? "warn" : "note");
    html_text(b, diag_severity_name(f->severity));
    html_raw(b, "</span> <code>[");
    html_text(b, f->code);
    html_raw(b, "]</code> ");
    html_text(b, f->message);
    if (f->line > 0)
        html_rawf(b, " <span class=\"where\">(line %d", f->line);
    else
        html_raw(b, " <span class=\"where\">(");
    if (f->element) {
        html_raw(b, f->line > 0 ? ", " : "");
        html_raw(b, "<code>");
        html_text(b, f->element);
        html_raw(b, "</code>");
    }
    html_raw(b, ")</span></p>");
    const check_rule *rule = check_rule_find(f->code);
    if (rule && rule->summary) {
        html_raw(b, "<p class=\"rule\">what it means: ");
        html_text(b, rule->summary);
        html_raw(b, "</p>");
    }
    int i = f->element ? model_find_node(m, f->element) : -1;
    const char *doc = i >= 0 ? model_node_at(m, i)->e.doc : NULL;
    if (doc) {
        html_raw(b, "<blockquote>");
        html_text(b, doc);
        html_raw(b, "</blockquote>");
    }
    if (f->ntrace) {
        html_rawf(b, "<p class=\"trace\">trace (%zu steps from the start): ", f->ntrace);
        for (size_t t = 0; t < f->ntrace; t++) {
            const char *name = f->trace[t].name ? f->trace[t].name
                                                : node_name(m, f->trace[t].element);
            html_rawf(b, "%s<span class=\"step\"><b>%zu</b> ", t ? " &#8594; " : "", t + 1);
            html_text(b, name ? name : f->trace[t].element);
            html_raw(b, "</span>");
        }
        html_raw(b, "</p>");
    }
    (void)k;
    html_raw(b, "</li>");
}

int sec_model_write(html_buf *b, const sec_model *s, diag_list *d)
{
    const model *m = s->m;
    int rc = -1;
    char *svg = NULL;
    size_t len = 0;
    diag_list *rd = diag_list_new();
    html_rawf(b, "<section class=\"model\" id=\"%s\"><h2>", s->anchor);
    html_text(b, sec_model_title(s));
    html_raw(b, "</h2><p class=\"file\">model <code>");
    html_text(b, s->path);
    html_raw(b, "</code>: ");
    size_t ne = diag_list_count_severity(s->findings, DIAG_ERROR),
           nw = diag_list_count_severity(s->findings, DIAG_WARNING);
    html_rawf(b, "%s; %zu error%s, %zu warning%s.</p>",
              s->sound == 1   ? "every process is sound"
              : s->sound == 0 ? "<b>not sound</b>"
                              : "soundness not decided",
              ne, ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
    processes(b, s);

    render_options ro;
    render_options_init(&ro);
    ro.findings = s->findings;
    ro.direction = RENDER_TB; /* narrow, for a page; one drawing (--page
                               * would cut it into A4 sheets) */
    ro.lane_tags = 1;
    if (render_draw(m, &ro, RENDER_SVG, &svg, &len, rd) != 0)
        goto fail;
    html_raw(b, "<figure class=\"diagram\">");
    char label[512];
    snprintf(label, sizeof label, "diagram of %s with its findings", s->path);
    if (svgin_append(b, svg, len, s->anchor, "diagram", label, s->path, d) != 0)
        goto fail;
    html_raw(b, "<figcaption>The model drawn top to bottom, lanes as tags; red: errors, "
                "orange: warnings; [n]: step n of a finding's trace.</figcaption></figure>");

    size_t n = diag_list_count(s->findings);
    html_rawf(b, "<h3>Findings</h3>");
    if (!n) {
        html_raw(b, "<p>No findings: every case can reach an end, and nothing is left "
                    "unreachable.</p>");
    } else {
        html_raw(b, "<ol class=\"findings\">");
        for (size_t k = 0; k < n; k++)
            finding(b, m, diag_list_at(s->findings, k), k);
        html_raw(b, "</ol>");
    }
    size_t nr = diag_list_count(s->reader);
    if (nr) {
        html_raw(b, "<h3>Reading notes</h3><ul class=\"notes\">");
        for (size_t k = 0; k < nr; k++) {
            const diag *x = diag_list_at(s->reader, k);
            html_rawf(b, "<li>%s <code>[", x->severity == DIAG_WARNING ? "warning" : "note");
            html_text(b, x->code);
            html_raw(b, "]</code> ");
            html_text(b, x->message);
            if (x->line > 0)
                html_rawf(b, " <span class=\"where\">(line %d)</span>", x->line);
            html_raw(b, "</li>");
        }
        html_raw(b, "</ul>");
    }
    html_raw(b, "</section>\n");
    rc = 0;
fail:
    /* Graphviz's complaints, and the page's readability warning, are the
     * user's to see */
    diag_list_splice(d, rd);
    free(svg);
    diag_list_free(rd);
    return rc;
}
