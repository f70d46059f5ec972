/*
 * input: what the report is made from, read from the files flowmc's other
 * commands write -- results of `flowmc sim -o`, `flowmc compare -o` and
 * `flowmc sweep -o` (JSON) and `flowmc size -o` (CSV) -- into typed
 * values, and which kind of input a file is.  Models (.bpmn) are only recognised here; the model
 * section reads and checks them itself.
 *
 * The report never re-runs a simulation: it shows the numbers the result
 * files hold, so that it says exactly what the committed results say.
 *
 * Ownership: every input_* value owns its strings and arrays and is freed
 * with its _free function (which accepts NULL).
 */
#ifndef FLOWMC_REPORT_INPUT_H
#define FLOWMC_REPORT_INPUT_H

#include <stddef.h>

#include "../model/diag.h"

typedef enum input_kind {
    INPUT_MODEL,   /* a BPMN file */
    INPUT_SIM,     /* flowmc sim -o FILE.json */
    INPUT_COMPARE, /* flowmc compare -o FILE.json */
    INPUT_SIZE,    /* flowmc size -o FILE.csv */
    INPUT_SWEEP,   /* flowmc sweep -o FILE.json */
    INPUT_CHECK,   /* flowmc check --format json: the report checks the
                    * models itself, so this one is set aside */
    INPUT_UNKNOWN
} input_kind;

/* The kind of the file at path, from its extension and, for JSON and CSV,
 * its first keys or header.  INPUT_UNKNOWN with an error in d when it is
 * none of them or cannot be read. */
input_kind input_classify(const char *path, diag_list *d);

/* A figure with its 95% confidence interval; NAN where the file has
 * none (null). */
typedef struct input_ci {
    double v, lo, hi;
} input_ci;

typedef struct input_sla {
    char *id, *from, *to, *calendar; /* calendar NULL: a wall clock */
    double limit_s, target;
    input_ci att;
    char *verdict;                   /* met, missed, inconclusive */
    long cases, within, needed;      /* needed: -1 unknown, 0 none */
    double elsewhere;                /* share ending elsewhere, NAN none */
    int used;                        /* replications that measured cases */
} input_sla;

typedef struct input_cycle {
    char *process, *name, *cls;      /* cls NULL: every case */
    input_ci mean, p50, p90, p95, p99, wip;
} input_cycle;

typedef struct input_role {
    char *id, *calendar;
    int unlimited;
    double staff, offered_load, queue_end;
    input_ci util, queue;
} input_role;

typedef struct input_end {
    char *id, *name;
    input_ci share;
} input_end;

typedef struct input_sim {
    char *path, *scenario, *name;
    unsigned long long seed;
    int replications;
    double horizon_s, warmup_s;
    char *start;
    input_ci arrived, completed;
    input_sla *sla;
    size_t nsla;
    input_cycle *cycle;
    size_t ncycle;
    input_role *role;
    size_t nrole;
    input_end *end;
    size_t nend;
} input_sim;

typedef struct input_diff {
    char *metric;                    /* sla.ID.attainment, cycle.P.p99 ... */
    input_ci a, b, diff;
    int n, significant;
} input_diff;

typedef struct input_compare {
    char *path, *a, *b;
    unsigned long long seed;
    int replications;
    double confidence;
    input_diff *row;
    size_t nrow;
} input_compare;

/* One candidate staffing of a size table. */
typedef struct input_candidate {
    int *staff;                      /* per staffing column */
    int headcount;
    input_ci *att;                   /* per SLA */
    char **verdict;                  /* per SLA */
    char *overall;                   /* met / missed / undecided ... */
    long replications;
    int answer;                      /* the one size chose */
} input_candidate;

typedef struct input_size {
    char *path;
    char **staff_col;                /* "roster oncall", "role ifo" */
    size_t nstaff;
    char **sla;                      /* SLA ids */
    double *target;                  /* per SLA */
    size_t nsla;
    input_candidate *cand;
    size_t ncand;
} input_size;

/* One SLA at one point of a sweep. */
typedef struct input_sweep_fig {
    input_ci att;
    char *verdict;
} input_sweep_fig;

typedef struct input_sweep_point {
    double *at;                      /* per axis */
    int overloaded;
    input_sweep_fig *fig;            /* per SLA */
} input_sweep_point;

typedef struct input_sweep_axis {
    char *key, *unit;                /* unit: "a year", "people", "" */
} input_sweep_axis;

typedef struct input_crossing {
    char *sla, *along, *kind, *words;
    double at, first, last;          /* NAN when none */
} input_crossing;

typedef struct input_sweep {
    char *path, *scenario, *name, *seed;
    int replications;
    input_sweep_axis *axis;
    size_t naxis;
    char **sla;
    double *target;                  /* per SLA */
    size_t nsla;
    input_sweep_point *point;
    size_t npoint;
    input_crossing *cross;
    size_t ncross;
} input_sweep;

/* ---- reading -------------------------------------------------------- */

/* Each reads its kind of file (a result of flowmc sim -o, compare -o,
 * sweep -o, a table of size -o); NULL with errors in d (naming the file
 * and the field) when the file is not one. */
input_sim *input_sim_read(const char *path, diag_list *d);
input_compare *input_compare_read(const char *path, diag_list *d);
input_size *input_size_read(const char *path, diag_list *d);
input_sweep *input_sweep_read(const char *path, diag_list *d);

/* Each frees a value with all it owns; NULL is accepted. */
void input_sim_free(input_sim *s);
void input_compare_free(input_compare *c);
void input_size_free(input_size *s);
void input_sweep_free(input_sweep *s);

#endif
