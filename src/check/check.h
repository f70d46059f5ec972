/*
 * check: the checker -- structural rules on the graph and behavioural
 * rules on the explicit state space of each process, with the shortest
 * counterexample trace for every behavioural finding.
 *
 * check_run reads one model and appends its findings, as diagnostics, to a
 * list the caller owns: code = rule id, file and line of the element,
 * element id and name, a plain lowercase message and, for behavioural
 * findings, the trace (the ids of the flow nodes that moved, in order, from
 * the start event to the bad state).  It returns a report with one result
 * per process: whether it is sound and how many states were explored.
 *
 * Ownership: the report owns its results; their strings are borrowed from
 * the model, which must outlive the report.  The rule table is static.
 */
#ifndef FLOWMC_CHECK_H
#define FLOWMC_CHECK_H

#include <stddef.h>

#include "../model/diag.h"
#include "../model/model.h"

#define CHECK_DEFAULT_MAX_STATES ((size_t)10000000)

typedef struct check_options {
    size_t max_states;            /* 0 = CHECK_DEFAULT_MAX_STATES */
    const char *const *disabled;  /* NULL-terminated rule ids, or NULL */
} check_options;

typedef struct check_process_result {
    const char *process_id;   /* borrowed from the model */
    const char *process_name; /* NULL when the process has none */
    int sound;     /* option to complete, proper completion, no dead activity */
    int complete;  /* every reachable state was explored */
    size_t states; /* states explored (shared by the processes of one
                    * collaboration, which are explored together) */
    size_t bytes;  /* memory the state store held at its peak */
    const char *stopped;  /* why not complete ("max-states", "unbounded",
                           * "memory", "no start event", "disabled"), or NULL */
    char failed[128];     /* the properties that fail, "deadlock, livelock", or "" */
} check_process_result;

typedef struct check_report check_report;

/* Runs every enabled rule on m; findings are appended to `findings`.  o may
 * be NULL for the defaults.  Returns NULL only when out of memory. */
check_report *check_run(const model *m, const check_options *o, diag_list *findings);
/* Frees the report; accepts NULL. */
void check_report_free(check_report *r);
/* Number of process results (one per process of the model, in order). */
size_t check_report_count(const check_report *r);
/* Result i; i must be in range. */
const check_process_result *check_report_at(const check_report *r, size_t i);

/* ---- the rule table ------------------------------------------------- */

typedef struct check_rule {
    const char *id;          /* "deadlock" */
    diag_severity severity;
    int behavioural;         /* 0 structural (graph), 1 state space */
    const char *summary;     /* one line: what it means */
    const char *bpmnlint;    /* the bpmnlint counterpart, or NULL */
} check_rule;

size_t check_rule_count(void);
const check_rule *check_rule_at(size_t i);
/* The rule with this id, or NULL. */
const check_rule *check_rule_find(const char *id);

#endif
