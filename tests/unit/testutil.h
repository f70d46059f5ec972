/*
 * testutil: helpers shared by the CUnit suites -- running the flowmc binary
 * and capturing its output, temporary files, fixture paths.
 */
#ifndef FLOWMC_TESTUTIL_H
#define FLOWMC_TESTUTIL_H

#include <stddef.h>

#include <CUnit/CUnit.h>

/* Adds a suite with the given tests ({name, fn} pairs ending in {NULL}). */
void tu_add_suite(const char *name, const CU_TestInfo *tests);

/* Runs `flowmc ARGS` (args is a shell word list, already quoted) with
 * stdout and stderr captured.  Returns the exit status (-1 when killed by
 * a signal, e.g. a crash).  *out and *err (malloc'd) may be NULL to drop. */
int tu_flowmc(const char *args, char **out, char **err);
/* The same for any shell command line (stdin from /dev/null). */
int tu_sh(const char *command, char **out, char **err);
/* The flowmc binary under test (FLOWMC_BIN, else bin/flowmc). */
const char *tu_bin(void);

/* Contents of a file (malloc'd, NUL-terminated), NULL when unreadable. */
char *tu_slurp(const char *path, size_t *len);

/* A fresh temporary directory for this process (created once). */
const char *tu_tmpdir(void);

/* Path of the shared reference folder (FLOWMC_SHARED or ../shared): the
 * big corpus, present in CI and absent from a bare clone.  Tests that need
 * what is there call tu_shared_or_skip instead. */
const char *tu_shared(void);

/* tu_shared() when SUB exists below it; otherwise prints one line
 * "SKIPPED (WHY): ../shared/SUB is absent" to stderr and returns NULL, and
 * the caller returns without asserting.  Skips are counted (tu_skips). */
const char *tu_shared_or_skip(const char *sub, const char *why);

/* Number of tests skipped by tu_shared_or_skip in this run. */
int tu_skips(void);

/* The vendored BPMN 2.0 schema (tests/fixtures/xsd/bpmn20/BPMN20.xsd,
 * relative to the top directory, where tests run). */
#define TU_BPMN_XSD "tests/fixtures/xsd/bpmn20/BPMN20.xsd"

/* The vendored sample of bpmnlint's example diagrams. */
#define TU_CORPUS_SAMPLE "tests/fixtures/corpus/bpmnlint-examples"

/* 1 when haystack contains needle. */
int tu_contains(const char *haystack, const char *needle);

/* The Chromium the browser tests drive (CHROMIUM, else /usr/bin/chromium). */
const char *tu_chromium(void);

/* 1 when node, Chromium and the npm packages named in modules (a
 * NULL-ended list, below tests/browser/node_modules) are there.  Else 0
 * with one visible SKIPPED line -- or, in CI (CI set and not "false"),
 * a failed assertion naming what (e.g. "browser tests"), since CI must run
 * them. */
int tu_browser_ready(const char *what, const char *const *modules);

/* Runs `flowmc COMMAND ARGS` (args already quoted) and asserts that it
 * exits with rc and that every needle (a NULL-ended list) is in its
 * stderr; what is missing is printed with the whole stderr, so that a
 * failure says which command and which message. */
void tu_expect(const char *command, const char *args, int rc, const char *const *needles);

#endif
