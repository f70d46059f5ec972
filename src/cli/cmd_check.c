/*
 * flowmc check: structural rules and state-space soundness of BPMN files,
 * with a counterexample trace for every behavioural finding (partial-order
 * reduction by default, --no-reduction for every interleaving); text
 * (compiler style), JSON or SARIF 2.1.0 on stdout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../check/check.h"
#include "../check/report.h"
#include "../model/alloc.h"
#include "../model/num.h"
#include "cli.h"

static const char *const formats[] = {"text", "json", "sarif", NULL};

static void help(FILE *out)
{
    fprintf(out,
            "usage: flowmc check [--format text|json|sarif] [--disable RULE,...] "
            "[--max-states N] [--no-reduction] FILE...\n\n"
            "Finds dead ends, deadlocks and unsound behaviour in BPMN files: structural rules\n"
            "on the graph, behavioural rules on the reachable states, each behavioural\n"
            "finding with a sequence of moves that shows it (the shortest one with\n"
            "--no-reduction), naming the flow taken at each split.\n\n"
            "  -f, --format F      text (default), json or sarif (SARIF 2.1.0)\n"
            "  -d, --disable R,..  do not report these rules (see --list-rules)\n"
            "  -n, --max-states N  stop exploring a process after N states (default %zu)\n"
            "      --no-reduction  explore every interleaving of parallel branches (by\n"
            "                      default a partial-order reduction skips orders that\n"
            "                      cannot change any verdict; see docs/rules.md)\n"
            "  -l, --list-rules    list the rules and exit\n"
            "  -h, --help          this help\n\n"
            "exit status: 0 no error-severity finding and every property decided, 1 at least\n"
            "one error-severity finding, 2 bad input or usage, 3 not decided: no error found\n"
            "but a search stopped early (--max-states, memory budget, unbounded growth)\n",
            CHECK_DEFAULT_MAX_STATES);
}

static void list_rules(void)
{
    for (size_t i = 0; i < check_rule_count(); i++) {
        const check_rule *r = check_rule_at(i);
        printf("%-24s %-7s %-11s %s\n", r->id, diag_severity_name(r->severity),
               r->behavioural ? "behavioural" : "structural", r->summary);
    }
}

/* Splits "a,b" arguments into the NULL-terminated list *ids (which owns
 * copies); returns -1 on an unknown rule. */
static int add_disabled(const char *arg, char ***ids, size_t *n)
{
    char *copy = alloc_strdup(arg);
    for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (!check_rule_find(t)) {
            cli_usage_error("check", "unknown rule '%s' (see flowmc check --list-rules)", t);
            free(copy);
            return -1;
        }
        *ids = alloc_resize(*ids, *n + 2, sizeof(char *));
        (*ids)[(*n)++] = alloc_strdup(t);
        (*ids)[*n] = NULL;
    }
    free(copy);
    return 0;
}

static const char *sound_word(check_verdict v)
{
    return v == CHECK_HOLDS ? "sound" : v == CHECK_FAILS ? "not sound" : "soundness not decided";
}

/* The five properties on one line, soundness's three first. */
static void print_props(const check_properties *p)
{
    printf("    option to complete: %s; proper completion: %s; no dead activities: %s; "
           "safe: %s; messages consumed: %s\n",
           check_verdict_word(p->option_to_complete), check_verdict_word(p->proper_completion),
           check_verdict_word(p->no_dead_activities), check_verdict_word(p->safe),
           check_verdict_word(p->messages_consumed));
}

/* Which properties were decided on the reduced state space and which on
 * the full one; nothing when the search was not reduced. */
static void print_reduction(const check_process_result *p)
{
    if (!p->reduced)
        return;
    int nfull = 0;
    for (int i = 0; i < CHECK_NPROPS; i++)
        nfull += !check_reduction_preserves(i);
    if (!nfull) {
        printf("    partial-order reduction: every property decided on the reduced state space "
               "(--no-reduction explores every interleaving)\n");
        return;
    }
    printf("    partial-order reduction: decided on the reduced state space:");
    for (int i = 0, k = 0; i < CHECK_NPROPS; i++)
        if (check_reduction_preserves(i))
            printf("%s %s", k++ ? "," : "", check_property_names[i]);
    printf("; on the full one:");
    for (int i = 0, k = 0; i < CHECK_NPROPS; i++)
        if (!check_reduction_preserves(i))
            printf("%s %s", k++ ? "," : "", check_property_names[i]);
    printf("\n");
}

static void print_summary(const char *file, const check_report *r, size_t max_states)
{
    for (size_t i = 0; i < check_report_count(r); i++) {
        const check_process_result *p = check_report_at(r, i);
        printf("%s: process '%s'", file, p->process_id);
        if (p->process_name)
            printf(" (%s)", p->process_name);
        if (p->stopped && !strcmp(p->stopped, "no start event")) {
            printf(": not explored, it has no start event\n");
            continue;
        }
        if (p->stopped && !strcmp(p->stopped, "disabled")) {
            printf(": not explored, every behavioural rule is disabled\n");
            continue;
        }
        if (p->complete)
            printf(": %s, %zu state%s explored\n", sound_word(p->sound), p->states,
                   p->states == 1 ? "" : "s");
        else if (!strcmp(p->stopped, "unbounded") && strstr(p->failed, "unbounded"))
            printf(": %s (unbounded): exploration stopped once the growth was shown, after %zu "
                   "states\n", sound_word(p->sound), p->states);
        else if (!strcmp(p->stopped, "unbounded"))
            printf(": incomplete, %s: exploration stopped after %zu states when another "
                   "process of the collaboration grew without limit\n",
                   sound_word(p->sound), p->states);
        else if (!strcmp(p->stopped, "max-states"))
            printf(": incomplete, %s: stopped at the limit of %zu states (--max-states)\n",
                   sound_word(p->sound), max_states);
        else
            printf(": incomplete, %s: stopped after %zu states (%s)\n", sound_word(p->sound),
                   p->states, p->stopped);
        print_props(&p->props);
        print_reduction(p);
    }
    for (size_t i = 0; i < check_report_count(r); i++) {
        check_collab c;
        if (!check_report_collab(r, i, &c))
            continue;
        printf("%s: collaboration of", file);
        for (size_t k = 0, n = 0; k < check_report_count(r); k++)
            if (check_report_at(r, k)->group == check_report_at(r, i)->group)
                printf("%s '%s'", n++ ? "," : "", check_report_at(r, k)->process_id);
        printf(": %s, %zu state%s explored together\n", sound_word(c.sound), c.states,
               c.states == 1 ? "" : "s");
        print_props(&c.props);
    }
}

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_ARG("format", 'f'), CLI_ARG("disable", 'd'), CLI_ARG("max-states", 'n'),
        CLI_FLAG("list-rules", 'l'), CLI_FLAG("no-reduction", 'R'), CLI_OPTIONS_END,
    };
    int format = 0, c, rc = CLI_OK;
    char **disabled = NULL;
    size_t ndisabled = 0;
    check_options opt = {0, NULL, 0};
    cli_opts co = {0}; /* check writes standard output only */
    optind = 1;
    while ((c = cli_getopt(argc, argv, "f:d:n:lh", opts, &co)) != -1) {
        switch (c) {
        case 'f':
            if ((format = cli_pick(optarg, formats)) < 0) {
                rc = cli_usage_error("check", "unknown format '%s' (text, json or sarif)",
                                     optarg);
                goto done;
            }
            break;
        case 'd':
            if (add_disabled(optarg, &disabled, &ndisabled) < 0) {
                rc = CLI_USAGE;
                goto done;
            }
            break;
        case 'n': {
            const char *why = "is too small";
            unsigned long long v = 0;
            if (num_u64(optarg, 4000000000ULL, &v, &why) != 0 || v == 0) {
                rc = cli_usage_error("check", "--max-states wants a whole number from 1 to "
                                              "4000000000: '%s' %s", optarg, why);
                goto done;
            }
            opt.max_states = (size_t)v;
            break;
        }
        case 'R':
            opt.no_reduction = 1;
            break;
        case 'l':
            list_rules();
            goto done;
        default:
            rc = cli_help(c, help);
            goto done;
        }
    }
    if (optind >= argc) {
        help(stderr);
        rc = CLI_USAGE;
        goto done;
    }
    opt.disabled = (const char *const *)disabled;
    size_t max_states = opt.max_states ? opt.max_states : CHECK_DEFAULT_MAX_STATES;
    json_t *files = json_array(), *sarif = format == 2 ? report_sarif_new() : NULL;
    size_t errors = 0, warnings = 0;
    int bad = 0, undecided = 0;
    size_t unread = 0; /* files that could not be read or checked */
    for (int i = optind; i < argc; i++) {
        diag_list *reader = diag_list_new(), *findings = diag_list_new();
        model *m = cli_load_model(argv[i], reader);
        check_report *r = m ? check_run(m, &opt, findings) : NULL;
        if (!m) {
            bad = 1;
            unread++;
        }
        for (size_t k = 0; r && k < check_report_count(r); k++)
            undecided |= check_result_undecided(check_report_at(r, k));
        diag_list_sort(reader);
        diag_list_sort(findings);
        /* the summary counts what the reader found too: a file with a
         * dangling reference is not "0 errors" */
        errors += diag_list_count_severity(reader, DIAG_ERROR) +
                  diag_list_count_severity(findings, DIAG_ERROR);
        warnings += diag_list_count_severity(reader, DIAG_WARNING) +
                    diag_list_count_severity(findings, DIAG_WARNING);
        if (format == 0) {
            diag_list_print(reader, m ? stdout : stderr);
            diag_list_print(findings, stdout);
            if (r)
                print_summary(argv[i], r, max_states);
            else if (m)
                fprintf(stderr, "flowmc check: %s: out of memory\n", argv[i]);
        } else if (format == 1) {
            json_array_append_new(files, report_file_json(argv[i], m, r, findings, reader));
        } else {
            report_sarif_add(sarif, argv[i], m, r, findings, reader);
        }
        check_report_free(r);
        model_free(m);
        diag_list_free(reader);
        diag_list_free(findings);
    }
    if (format == 0) {
        printf("%zu error%s, %zu warning%s", errors, errors == 1 ? "" : "s", warnings,
               warnings == 1 ? "" : "s");
        if (unread)
            printf("; %zu of %d file%s not checked (unreadable or refused)", unread, argc - optind,
                   argc - optind == 1 ? "" : "s");
        printf("\n");
    } else {
        json_t *doc = sarif ? sarif : json_pack("{s:O}", "files", files);
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        if (!sarif)
            json_decref(doc);
    }
    json_decref(files);
    json_decref(sarif);
    /* a finding is a decided failure; only without one does an incomplete
     * search make the answer "not decided" */
    rc = bad ? CLI_USAGE : errors ? CLI_FAIL : undecided ? CLI_UNDECIDED : CLI_OK;
done:
    for (size_t k = 0; k < ndisabled; k++)
        free(disabled[k]);
    free(disabled);
    return rc;
}
