/*
 * report: the checker's results as JSON documents -- flowmc's own format
 * (one object per file: processes with their verdicts, findings with their
 * traces) and SARIF 2.1.0 (one run, the rule table, one result per
 * finding with its location and the trace as a code flow), so that
 * findings show up in code-review tools.
 *
 * Ownership: every function returns a new jansson reference or adds to the
 * document it is given; inputs are only read.
 */
#ifndef FLOWMC_CHECK_REPORT_H
#define FLOWMC_CHECK_REPORT_H

#include <jansson.h>

#include "check.h"

/* {"file", "processes":[{"id","name","sound","states","complete",
 * "stopped","failed"}], "findings":[...], "reader":[...]}; r and m are NULL
 * when the file could not be read (then "error": true). */
json_t *report_file_json(const char *file, const model *m, const check_report *r,
                         const diag_list *findings, const diag_list *reader);

/* An empty SARIF 2.1.0 log with one run and flowmc's rule table. */
json_t *report_sarif_new(void);
/* Adds one file's findings (results), reader problems (tool
 * notifications) and, in the artifact's property bag, each process's
 * verdicts ({"processes":[{"id","sound","properties","complete"}]}) to the
 * log; m and r may be NULL when the file was unusable. */
void report_sarif_add(json_t *log, const char *file, const model *m, const check_report *r,
                      const diag_list *findings, const diag_list *reader);

#endif
