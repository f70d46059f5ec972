/*
 * report: JSON and SARIF 2.1.0 renderings of a check (see report.h).
 * jansson does all the escaping; SARIF's shape follows the OASIS standard
 * (sarif-v2.1.0, sections 3.13 run, 3.19 toolComponent, 3.27 result,
 * 3.36 codeFlow, 3.58 notification).
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"

#define SARIF_SCHEMA                                                                     \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* true, false, or null for what the search did not decide */
static json_t *jverdict(check_verdict v)
{
    return v == CHECK_UNDECIDED ? json_null() : json_boolean(v == CHECK_HOLDS);
}

static json_t *props_json(const check_properties *p)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o}", "safe", jverdict(p->safe),
                     "option_to_complete", jverdict(p->option_to_complete),
                     "proper_completion", jverdict(p->proper_completion),
                     "no_dead_activities", jverdict(p->no_dead_activities),
                     "messages_consumed", jverdict(p->messages_consumed));
}

/* {"method", "reduced":[properties], "full":[properties]}, or null when
 * every interleaving was explored. */
static json_t *reduction_json(const check_process_result *p)
{
    if (!p->reduced)
        return json_null();
    json_t *red = json_array(), *full = json_array();
    for (int i = 0; i < CHECK_NPROPS; i++)
        json_array_append_new(check_reduction_preserves(i) ? red : full,
                              json_string(check_property_names[i]));
    return json_pack("{s:s, s:o, s:o}", "method", "stubborn sets", "reduced", red, "full", full);
}

static json_t *process_json(const check_process_result *p)
{
    json_t *o = json_object(), *failed = json_array();
    json_object_set_new(o, "id", jstr(p->process_id));
    json_object_set_new(o, "name", jstr(p->process_name));
    json_object_set_new(o, "sound", jverdict(p->sound));
    json_object_set_new(o, "properties", props_json(&p->props));
    json_object_set_new(o, "states", json_integer((json_int_t)p->states));
    json_object_set_new(o, "complete", json_boolean(p->complete));
    json_object_set_new(o, "stopped", jstr(p->stopped));
    json_object_set_new(o, "reduction", reduction_json(p));
    /* "deadlock, livelock" -> ["deadlock", "livelock"] */
    char buf[sizeof p->failed];
    snprintf(buf, sizeof buf, "%s", p->failed);
    for (char *save = NULL, *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
        json_array_append_new(failed, json_string(t));
    json_object_set_new(o, "failed", failed);
    return o;
}

json_t *report_file_json(const char *file, const model *m, const check_report *r,
                         const diag_list *findings, const diag_list *reader)
{
    (void)m;
    json_t *o = json_object(), *procs = json_array();
    json_object_set_new(o, "file", json_string(file));
    for (size_t i = 0; r && i < check_report_count(r); i++)
        json_array_append_new(procs, process_json(check_report_at(r, i)));
    json_object_set_new(o, "processes", procs);
    json_t *collabs = json_array();
    for (size_t i = 0; r && i < check_report_count(r); i++) {
        check_collab c;
        if (!check_report_collab(r, i, &c))
            continue;
        json_t *ids = json_array();
        for (size_t k = 0; k < check_report_count(r); k++)
            if (check_report_at(r, k)->group == check_report_at(r, i)->group)
                json_array_append_new(ids, json_string(check_report_at(r, k)->process_id));
        json_array_append_new(collabs,
                              json_pack("{s:o, s:o, s:o, s:I, s:b}", "processes", ids, "sound",
                                        jverdict(c.sound), "properties", props_json(&c.props),
                                        "states", (json_int_t)c.states, "complete",
                                        c.complete));
    }
    json_object_set_new(o, "collaborations", collabs);
    json_object_set_new(o, "findings", findings ? diag_list_to_json(findings) : json_array());
    json_object_set_new(o, "reader", reader ? diag_list_to_json(reader) : json_array());
    if (!r)
        json_object_set_new(o, "error", json_true());
    return o;
}

/* ---- SARIF --------------------------------------------------------------- */

static const char *level(diag_severity s)
{
    return s == DIAG_ERROR ? "error" : s == DIAG_WARNING ? "warning" : "note";
}

/* A file path as a relative URI reference: unreserved characters and '/'
 * pass, everything else is percent-encoded. */
static json_t *uri(const char *path)
{
    size_t n = strlen(path);
    char *buf = alloc_resize(NULL, 3 * n + 1, 1), *o = buf;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    *o = 0;
    json_t *j = json_string(buf);
    free(buf);
    return j;
}

json_t *report_sarif_new(void)
{
    json_t *rules = json_array();
    for (size_t i = 0; i < check_rule_count(); i++) {
        const check_rule *r = check_rule_at(i);
        json_t *tags = json_array();
        json_array_append_new(tags, json_string(r->behavioural ? "behavioural" : "structural"));
        json_t *props = json_pack("{s:o}", "tags", tags);
        if (r->bpmnlint)
            json_object_set_new(props, "bpmnlint", json_string(r->bpmnlint));
        json_array_append_new(
            rules, json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:o}", "id", r->id, "name", r->id,
                             "shortDescription", "text", r->summary, "defaultConfiguration",
                             "level", level(r->severity), "properties", props));
    }
    json_t *driver = json_pack("{s:s, s:s, s:s, s:o}", "name", "flowmc", "version",
                               "0.1.0", "informationUri", "https://flowmc.example/docs/rules.md",
                               "rules", rules);
    json_t *inv = json_pack("{s:b, s:[]}", "executionSuccessful", 1,
                            "toolExecutionNotifications");
    json_t *run = json_pack("{s:{s:o}, s:[], s:[], s:[o]}", "tool", "driver", driver,
                            "artifacts", "results", "invocations", inv);
    return json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA, "version", "2.1.0", "runs",
                     run);
}

static json_t *location(const char *file, size_t art, int line, const char *element,
                        const char *text)
{
    json_t *phys = json_pack("{s:{s:o, s:I}}", "artifactLocation", "uri", uri(file), "index",
                             (json_int_t)art);
    if (line > 0)
        json_object_set_new(phys, "region", json_pack("{s:i}", "startLine", line));
    json_t *loc = json_pack("{s:o}", "physicalLocation", phys);
    if (element)
        json_object_set_new(loc, "logicalLocations",
                            json_pack("[{s:s, s:s}]", "name", element, "kind", "element"));
    if (text)
        json_object_set_new(loc, "message", json_pack("{s:s}", "text", text));
    return loc;
}

static json_t *code_flow(const char *file, size_t art, const model *m, const diag *d)
{
    json_t *locs = json_array();
    for (size_t k = 0; k < d->ntrace; k++) {
        const diag_step *st = &d->trace[k];
        int idx = m ? model_find_node(m, st->element) : -1;
        int line = idx >= 0 ? model_node_at(m, idx)->e.line : 0;
        char text[1024];
        size_t len;
        if (st->name)
            len = (size_t)snprintf(text, sizeof text, "%zu. %s (%s)", k + 1, st->name,
                                   st->element);
        else
            len = (size_t)snprintf(text, sizeof text, "%zu. %s", k + 1, st->element);
        /* a split's step names the flow it took, as the text output does */
        json_t *flows = json_array();
        for (size_t q = 0; q < st->nflows; q++) {
            const diag_flow *f = &st->flows[q];
            const char *lead = q ? ", " : st->nflows > 1 ? " takes flows " : " takes flow ";
            if (len < sizeof text)
                len += (size_t)(f->name && *f->name
                                    ? snprintf(text + len, sizeof text - len, "%s'%s' (%s)", lead,
                                               f->name, f->id)
                                    : snprintf(text + len, sizeof text - len, "%s%s", lead,
                                               f->id));
            json_array_append_new(flows, json_pack("{s:s, s:o}", "id", f->id, "name",
                                                   jstr(f->name)));
        }
        json_t *tfl = json_pack("{s:o, s:I}", "location",
                                location(file, art, line, st->element, text), "executionOrder",
                                (json_int_t)(k + 1));
        if (st->nflows) /* SARIF 3.8 property bag: the flows, typed */
            json_object_set_new(tfl, "properties", json_pack("{s:o}", "flows", flows));
        else
            json_decref(flows);
        json_array_append_new(locs, tfl);
    }
    return json_pack("[{s:[{s:o}]}]", "threadFlows", "locations", locs);
}

static json_t *notification(const char *file, size_t art, const diag *d)
{
    return json_pack("{s:s, s:{s:s}, s:{s:s}, s:[o]}", "level", level(d->severity), "message",
                     "text", d->message, "descriptor", "id", d->code ? d->code : "",
                     "locations",
                     location(d->file ? d->file : file, art, d->line, d->element, NULL));
}

void report_sarif_add(json_t *log, const char *file, const model *m, const check_report *r,
                      const diag_list *findings, const diag_list *reader)
{
    json_t *run = json_array_get(json_object_get(log, "runs"), 0);
    json_t *arts = json_object_get(run, "artifacts"), *results = json_object_get(run, "results");
    json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
    json_t *notes = json_object_get(inv, "toolExecutionNotifications");
    size_t art = json_array_size(arts);
    json_t *artifact = json_pack("{s:{s:o}}", "location", "uri", uri(file));
    if (r) { /* the verdicts, in a property bag (SARIF 3.8) of the artifact */
        json_t *procs = json_array();
        for (size_t i = 0; i < check_report_count(r); i++) {
            const check_process_result *p = check_report_at(r, i);
            json_array_append_new(procs, json_pack("{s:o, s:o, s:o, s:b, s:o}", "id",
                                                   jstr(p->process_id), "sound",
                                                   jverdict(p->sound), "properties",
                                                   props_json(&p->props), "complete",
                                                   p->complete, "reduction",
                                                   reduction_json(p)));
        }
        json_object_set_new(artifact, "properties", json_pack("{s:o}", "processes", procs));
    }
    json_array_append_new(arts, artifact);
    for (size_t i = 0; reader && i < diag_list_count(reader); i++) {
        const diag *d = diag_list_at(reader, i);
        json_array_append_new(notes, notification(file, art, d));
        if (d->severity == DIAG_ERROR)
            json_object_set_new(inv, "executionSuccessful", json_false());
    }
    for (size_t i = 0; findings && i < diag_list_count(findings); i++) {
        const diag *d = diag_list_at(findings, i);
        const check_rule *rule = check_rule_find(d->code);
        if (!rule) { /* a note of the checker itself, not a rule */
            json_array_append_new(notes, notification(file, art, d));
            continue;
        }
        json_t *res = json_pack("{s:s, s:I, s:s, s:{s:s}, s:[o]}", "ruleId", rule->id, "ruleIndex",
                                (json_int_t)(rule - check_rule_at(0)), "level", level(d->severity),
                                "message", "text", d->message, "locations",
                                location(file, art, d->line, d->element, NULL));
        if (d->ntrace)
            json_object_set_new(res, "codeFlows", code_flow(file, art, m, d));
        json_array_append_new(results, res);
    }
}
