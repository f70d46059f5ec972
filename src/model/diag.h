/*
 * diag: the one list of user-facing problems.
 *
 * Everything flowmc tells a user about their input -- a dangling reference
 * found by the reader, a deadlock found by the checker, a bad scenario value
 * found by the simulator -- is a diagnostic: a severity, a short stable code,
 * the file and line, the element id and name, a plain lowercase message and,
 * for behavioural findings, the trace of moves that shows it.  Programmer
 * bugs are assertions, never diagnostics.
 *
 * Ownership: a diag_list owns every diagnostic in it and every string in
 * those diagnostics (all copied on entry).  Pointers returned by diag_list_at
 * and diag_add are valid until the next diag_add or diag_list_free.
 */
#ifndef FLOWMC_DIAG_H
#define FLOWMC_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

typedef enum { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_severity;

/* A sequence flow a step of a trace took. */
typedef struct diag_flow {
    char *id;   /* flow id */
    char *name; /* flow name ("approved"), or NULL */
} diag_flow;

/* One move of a counterexample trace. */
typedef struct diag_step {
    char *element; /* element id */
    char *name;    /* element name, or NULL */
    diag_flow *flows; /* at a split: the outgoing flows it took, else NULL */
    size_t nflows;
} diag_step;

typedef struct diag {
    diag_severity severity;
    char *code;    /* stable id, e.g. "dangling-ref", "deadlock" */
    char *file;    /* NULL when not tied to a file */
    int line;      /* 0 when unknown */
    char *element; /* element id, or NULL */
    char *name;    /* element name, or NULL */
    char *message; /* plain lowercase words, no trailing period */
    diag_step *trace;
    size_t ntrace;
} diag;

typedef struct diag_list diag_list;

/* A new empty list; NULL only when out of memory. */
diag_list *diag_list_new(void);
/* Frees the list and everything in it; accepts NULL. */
void diag_list_free(diag_list *l);

/* Appends a diagnostic; file, element and name may be NULL.  Returns it so
 * that trace steps can be added; aborts on out-of-memory. */
diag *diag_add(diag_list *l, diag_severity sev, const char *code,
               const char *file, int line, const char *element,
               const char *name, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
diag *diag_addv(diag_list *l, diag_severity sev, const char *code,
                const char *file, int line, const char *element,
                const char *name, const char *fmt, va_list ap);

/* Appends one move to d's trace. */
void diag_add_step(diag *d, const char *element, const char *name);
/* Records that the last step of d's trace took sequence flow id (named
 * name, or NULL) out of its element; d must have a step. */
void diag_add_step_flow(diag *d, const char *id, const char *name);

size_t diag_list_count(const diag_list *l);
const diag *diag_list_at(const diag_list *l, size_t i);
/* Number of diagnostics of severity sev. */
size_t diag_list_count_severity(const diag_list *l, diag_severity sev);
/* Moves every diagnostic of src to the end of dst; src is left empty. */
void diag_list_splice(diag_list *dst, diag_list *src);
/* Removes every diagnostic with this code, file and element (each
 * compared as a string; NULL matches NULL) and returns how many went: for
 * a note a later stage makes untrue (an external call a scenario binds). */
size_t diag_list_drop(diag_list *l, const char *code, const char *file, const char *element);
/* Stable sort by file, line, then insertion order. */
void diag_list_sort(diag_list *l);

const char *diag_severity_name(diag_severity sev);

/* Compiler-style text: "file:line: error: [code] message", then the trace
 * as numbered steps indented below it, a split's step followed by the
 * flow it took ("takes flow 'approved' (F12)"). */
void diag_print(const diag *d, FILE *out);
void diag_list_print(const diag_list *l, FILE *out);

/* {"rule"|"code", "severity", "file", "line", "element", "name",
 * "message", "trace":[ids], "trace_steps":[{"element", "name", "flows":[{"id",
 * "name"}]}]}; new reference. */
json_t *diag_to_json(const diag *d);
/* Array of diag_to_json of every entry; new reference. */
json_t *diag_list_to_json(const diag_list *l);

#endif
