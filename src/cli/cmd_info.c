/*
 * flowmc info: what a BPMN file contains -- processes, participants, node
 * counts by type, lanes with their members -- and every problem the reader
 * found.  The quickest way to see whether flowmc reads a file as its
 * author meant.
 */
#include <string.h>

#include "cli.h"

static const char *const formats[] = {"text", "json", NULL};

static void count_types(const model *m, int process, int counts[MODEL_NODE_TYPE_COUNT])
{
    memset(counts, 0, sizeof(int) * MODEL_NODE_TYPE_COUNT);
    for (size_t i = 0; i < model_node_count(m); i++) {
        const model_node *n = model_node_at(m, (int)i);
        if (n->process == process)
            counts[n->type]++;
    }
}

static int count_flows(const model *m, int process)
{
    int c = 0;
    for (size_t i = 0; i < model_flow_count(m); i++)
        c += model_flow_at(m, (int)i)->process == process;
    return c;
}

static void print_lane_text(const model *m, int li, FILE *out)
{
    const model_lane *l = model_lane_at(m, li);
    fprintf(out, "    %*slane %s", 2 * l->depth, "", l->e.id);
    if (l->e.name)
        fprintf(out, " \"%s\"", l->e.name);
    fprintf(out, ":");
    for (int k = 0; k < l->nnodes; k++)
        fprintf(out, "%s %s", k ? "," : "", model_node_at(m, l->nodes[k])->e.id);
    fprintf(out, "\n");
    for (int k = 0; k < l->nchildren; k++)
        print_lane_text(m, l->children[k], out);
}

static void print_text(const model *m, FILE *out)
{
    fprintf(out, "%s\n", model_file(m));
    for (size_t p = 0; p < model_process_count(m); p++) {
        const model_process *pr = model_process_at(m, (int)p);
        fprintf(out, "  process %s", pr->e.id);
        if (pr->e.name)
            fprintf(out, " \"%s\"", pr->e.name);
        if (pr->participant >= 0)
            fprintf(out, " (participant %s)", model_participant_at(m, pr->participant)->e.id);
        fprintf(out, "\n");
        int counts[MODEL_NODE_TYPE_COUNT], total = 0;
        count_types(m, (int)p, counts);
        for (int t = 0; t < MODEL_NODE_TYPE_COUNT; t++)
            total += counts[t];
        fprintf(out, "    %d flow nodes:", total);
        const char *sep = " ";
        for (int t = 0; t < MODEL_NODE_TYPE_COUNT; t++)
            if (counts[t]) {
                fprintf(out, "%s%s %d", sep, model_node_type_name((model_node_type)t), counts[t]);
                sep = ", ";
            }
        fprintf(out, "\n    %d sequence flows\n", count_flows(m, (int)p));
        for (int k = 0; k < pr->nlanes; k++)
            print_lane_text(m, pr->lanes[k], out);
    }
    for (size_t i = 0; i < model_participant_count(m); i++) {
        const model_participant *pa = model_participant_at(m, (int)i);
        fprintf(out, "  participant %s", pa->e.id);
        if (pa->e.name)
            fprintf(out, " \"%s\"", pa->e.name);
        fprintf(out, " -> %s\n", pa->process >= 0 ? model_process_at(m, pa->process)->e.id
                                                   : "(no process)");
    }
    if (model_msgflow_count(m))
        fprintf(out, "  %zu message flows\n", model_msgflow_count(m));
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *lane_json(const model *m, int li)
{
    const model_lane *l = model_lane_at(m, li);
    json_t *o = json_object(), *mem = json_array(), *kids = json_array();
    json_object_set_new(o, "id", jstr(l->e.id));
    json_object_set_new(o, "name", jstr(l->e.name));
    for (int k = 0; k < l->nnodes; k++)
        json_array_append_new(mem, json_string(model_node_at(m, l->nodes[k])->e.id));
    json_object_set_new(o, "members", mem);
    for (int k = 0; k < l->nchildren; k++)
        json_array_append_new(kids, lane_json(m, l->children[k]));
    json_object_set_new(o, "lanes", kids);
    return o;
}

/* The model as JSON, without the file name, so that two files holding the
 * same model give equal objects. */
static json_t *model_json(const model *m)
{
    json_t *o = json_object(), *procs = json_array(), *parts = json_array();
    json_object_set_new(o, "definitions", jstr(model_definitions_id(m)));
    for (size_t p = 0; p < model_process_count(m); p++) {
        const model_process *pr = model_process_at(m, (int)p);
        json_t *jp = json_object(), *types = json_object(), *lanes = json_array();
        json_object_set_new(jp, "id", jstr(pr->e.id));
        json_object_set_new(jp, "name", jstr(pr->e.name));
        json_object_set_new(jp, "executable", json_boolean(pr->is_executable));
        int counts[MODEL_NODE_TYPE_COUNT];
        count_types(m, (int)p, counts);
        for (int t = 0; t < MODEL_NODE_TYPE_COUNT; t++)
            if (counts[t])
                json_object_set_new(types, model_node_type_name((model_node_type)t),
                                    json_integer(counts[t]));
        json_object_set_new(jp, "nodes", types);
        json_object_set_new(jp, "sequence_flows", json_integer(count_flows(m, (int)p)));
        for (int k = 0; k < pr->nlanes; k++)
            json_array_append_new(lanes, lane_json(m, pr->lanes[k]));
        json_object_set_new(jp, "lanes", lanes);
        json_array_append_new(procs, jp);
    }
    for (size_t i = 0; i < model_participant_count(m); i++) {
        const model_participant *pa = model_participant_at(m, (int)i);
        json_t *jp = json_object();
        json_object_set_new(jp, "id", jstr(pa->e.id));
        json_object_set_new(jp, "name", jstr(pa->e.name));
        json_object_set_new(jp, "process",
                            pa->process >= 0 ? json_string(model_process_at(m, pa->process)->e.id)
                                             : json_null());
        json_array_append_new(parts, jp);
    }
    json_object_set_new(o, "processes", procs);
    json_object_set_new(o, "participants", parts);
    json_object_set_new(o, "message_flows", json_integer((json_int_t)model_msgflow_count(m)));
    return o;
}

static void help(FILE *out)
{
    fprintf(out, "usage: flowmc info [--format text|json] FILE...\n\n"
                 "Lists what each BPMN file holds and every problem the reader found.\n\n"
                 "  -f, --format F  text (default) or json\n"
                 "  -h, --help      this help\n\n"
                 "exit status: 0 every file read, 2 a file could not be used\n");
}

int cmd_info(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_ARG("format", 'f'), CLI_OPTIONS_END,
    };
    int format = 0, c;
    cli_opts co = {0}; /* info writes standard output only */
    optind = 1;
    while ((c = cli_getopt(argc, argv, "f:h", opts, &co)) != -1) {
        switch (c) {
        case 'f':
            if ((format = cli_pick(optarg, formats)) < 0)
                return cli_usage_error("info", "unknown format '%s' (text or json)", optarg);
            break;
        default:
            return cli_help(c, help);
        }
    }
    if (optind >= argc)
        return cli_usage(help);
    int rc = CLI_OK;
    json_t *files = json_array();
    for (int i = optind; i < argc; i++) {
        diag_list *d = diag_list_new();
        model *m = cli_load_model(argv[i], d);
        if (!m)
            rc = CLI_USAGE;
        if (format == 0) {
            if (m)
                print_text(m, stdout);
            diag_list_print(d, m ? stdout : stderr);
        } else {
            json_t *o = m ? model_json(m) : json_object();
            json_object_set_new(o, "file", json_string(argv[i]));
            json_object_set_new(o, "loaded", json_boolean(m != NULL));
            json_object_set_new(o, "diagnostics", diag_list_to_json(d));
            json_array_append_new(files, o);
        }
        model_free(m);
        diag_list_free(d);
    }
    if (format == 1) {
        json_t *root = json_object();
        json_object_set_new(root, "files", files);
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
        fputc('\n', stdout);
        json_decref(root);
    } else {
        json_decref(files);
    }
    return rc;
}
