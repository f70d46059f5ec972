/*
 * check_int: what the checker's modules share and users do not see -- the
 * context of one run (model, options, findings list) and the one way a
 * finding is added, so that disabling, severities, de-duplication and the
 * file:line of the element are handled in one place.
 *
 * Ownership: the context borrows the model, the options and the list.
 */
#ifndef FLOWMC_CHECK_INT_H
#define FLOWMC_CHECK_INT_H

#include <stddef.h>

#include "check.h"

typedef struct check_ctx {
    const model *m;
    const check_options *opt;
    diag_list *out;
    size_t max_states;
    unsigned char *seen;   /* rule x element: finding already added */
    size_t nelem;          /* nodes + processes */
    unsigned char *unreachable; /* per node: an `unreachable` finding was added */
} check_ctx;

/* Index of rule id in the table; the id must exist (a programmer bug
 * otherwise). */
int check_rule_index(const char *id);
/* 1 when rule id is enabled in this run. */
int check_enabled(const check_ctx *c, const char *id);

/* Adds a finding of rule id on node (or, with node < 0, on process
 * -node-1).  Returns NULL when the rule is disabled or the element already
 * has a finding of this rule; otherwise the diagnostic, so that trace
 * steps can be added. */
diag *check_emit(check_ctx *c, const char *id, int node, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* 1 when the element already has a finding of rule id. */
int check_has(const check_ctx *c, const char *id, int node);

/* The element's label for messages: the name when present, else the id. */
const char *check_label(const check_ctx *c, int node);

/* A short word for the element's kind in messages ("parallel join",
 * "task", "end event"); its role (join or split) decides for gateways. */
const char *check_kind(const check_ctx *c, int node);

/* The link catch event a link throw event jumps to (the model core's
 * resolution: same name, same process level), or -1. */
int check_link_catch(const model *m, int node);

/* ---- modules -------------------------------------------------------- */

/* structural.c: every graph rule on every process, linear in the model. */
void structural_run(check_ctx *c);

#endif
