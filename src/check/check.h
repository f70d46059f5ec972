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
    int no_reduction;             /* 1: explore every interleaving (no
                                   * partial-order reduction) */
} check_options;

/* A property's verdict: it holds, it fails, or the search did not decide
 * it (stopped at the state limit, the memory budget or unbounded growth
 * before a witness either way was found). */
typedef enum { CHECK_FAILS = 0, CHECK_HOLDS = 1, CHECK_UNDECIDED = -1 } check_verdict;

/* The properties judged on the state space, each on its own (docs/rules.md
 * gives each definition and its source). */
typedef struct check_properties {
    check_verdict safe;               /* no sequence flow holds two tokens, no
                                       * activity runs twice at once */
    check_verdict option_to_complete; /* from every reachable state the case
                                       * can still complete */
    check_verdict proper_completion;  /* when a case completes, no token is
                                       * left behind (no end event reached twice) */
    check_verdict no_dead_activities; /* every activity runs in some state */
    check_verdict messages_consumed;  /* when every participant has completed,
                                       * no message is left in a channel */
} check_properties;

typedef struct check_process_result {
    const char *process_id;   /* borrowed from the model */
    const char *process_name; /* NULL when the process has none */
    /* van der Aalst soundness: option to complete, proper completion and
     * no dead activities; CHECK_UNDECIDED when one of them is undecided and
     * none fails.  Safeness and message consumption are beside it. */
    check_verdict sound;
    check_properties props;
    int complete;  /* every reachable state was explored */
    int group;     /* processes explored together (a collaboration) share
                    * a group number; -1 when not explored */
    size_t states; /* states explored (shared by the processes of one
                    * collaboration, which are explored together) */
    size_t bytes;  /* memory the state store held at its peak */
    /* explored with partial-order reduction (stubborn sets): `states` counts
     * the reduced space; every property above was decided on it, since the
     * reduction preserves all five (check_reduction_preserves) */
    int reduced;
    size_t reduced_states; /* states expanded through a stubborn set alone */
    const char *stopped;  /* why not complete ("max-states", "unbounded",
                           * "memory", "no start event", "disabled"), or NULL */
    char failed[128];     /* behavioural rules with a finding on an element
                           * of this process, "deadlock, livelock", or "" */
} check_process_result;

/* 1 when the result was explored but not to the end: its verdicts may be
 * undecided (the CLI's exit status 3). */
int check_result_undecided(const check_process_result *r);

/* Soundness from its three parts: fails when one fails, holds when all
 * hold, undecided otherwise. */
check_verdict check_sound(const check_properties *p);

/* The conjunction of two verdicts (fails wins over undecided). */
check_verdict check_and(check_verdict a, check_verdict b);

/* The properties, by their JSON names, in the order of check_properties. */
#define CHECK_NPROPS 5
extern const char *const check_property_names[CHECK_NPROPS];

/* 1 when the partial-order reduction preserves property i (an index into
 * check_property_names): decided on the reduced space, its verdict is the
 * full space's.  A property it did not preserve would be decided on the
 * full space instead. */
int check_reduction_preserves(int i);

/* "yes", "no" or "not decided". */
const char *check_verdict_word(check_verdict v);

typedef struct check_report check_report;

/* Runs every enabled rule on m; findings are appended to `findings`.  o may
 * be NULL for the defaults.  Never NULL: the rules allocate under alloc.h's
 * policy, and a state space search that runs out of memory ends
 * undecided, stopped by "memory", with what it explored. */
check_report *check_run(const model *m, const check_options *o, diag_list *findings);
/* Frees the report; accepts NULL. */
void check_report_free(check_report *r);
/* Number of process results (one per process of the model, in order). */
size_t check_report_count(const check_report *r);
/* Result i; i must be in range. */
const check_process_result *check_report_at(const check_report *r, size_t i);

/* The verdicts of one collaboration: the processes explored together with
 * result i, each property the conjunction of theirs. */
typedef struct check_collab {
    check_verdict sound;
    check_properties props;
    size_t states;
    int complete;
    int members;
} check_collab;

/* Fills *c for the collaboration whose first process is result i and
 * returns 1; returns 0 when result i is not the first of a group of two or
 * more processes. */
int check_report_collab(const check_report *r, size_t i, check_collab *c);

/* Replays a counterexample trace (the element ids of its steps, as a
 * finding lists them) on m, over every interleaving of the processes that
 * are explored together: 1 when some execution from the start makes
 * exactly these moves, 0 when none does, -1 when out of memory.  *stuck
 * is set to 1 when a state the trace can end in has no move.  For tests
 * and for users who want to confirm a trace independently of the search
 * that found it. */
int check_replay(const model *m, const char *const *steps, size_t nsteps, int *stuck);

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
