/*
 * sec: the sections of the HTML report, one writer per kind of input, and
 * what they share -- the anchors the table of contents hands out, the
 * figures in people's units, the verdict badges.  Internal to
 * src/report; hreport.h is the module's face.
 *
 * Each writer appends one <section> to the buffer and reads only its
 * input; a failure to read or draw is an error in the diagnostic list and
 * -1 (the report is then not written).
 */
#ifndef FLOWMC_REPORT_SEC_H
#define FLOWMC_REPORT_SEC_H

#include <stddef.h>

#include "../model/diag.h"
#include "../model/model.h"
#include "html.h"
#include "input.h"

/* A model of the report: read and checked before the contents are
 * written, so that the contents can give its verdict. */
typedef struct sec_model {
    const char *path;
    const char *anchor;     /* its section's id */
    model *m;               /* NULL when unreadable */
    diag_list *findings;    /* the checker's */
    diag_list *reader;      /* the reader's notes and warnings */
    void *check;            /* check_report * */
    int sound;              /* 1 every process sound, 0 not, -1 undecided */
} sec_model;

/* A scenario (a sim result) with the anchors of its SLAs. */
typedef struct sec_sim {
    input_sim *r;
    const char *anchor;
    const char **sla_anchor; /* per SLA */
    const char *model_anchor; /* the model section measuring its first
                               * process, or NULL */
    const char *model_title;  /* that model's title */
} sec_sim;

/* A comparison, with the names of its two scenarios when their results
 * are in the report too (else NULL). */
typedef struct sec_compare {
    input_compare *c;
    const char *anchor, *a_name, *b_name;
} sec_compare;

/* The title a model's section shows: its first process's name, else its
 * path. */
const char *sec_model_title(const sec_model *s);
/* The last part of a path: result files are named by it, so that the page
 * reads the same wherever the results folder was. */
const char *sec_base(const char *path);

/* Reads and checks a model (0, or -1 with errors in d). */
int sec_model_load(sec_model *s, const char *path, diag_list *d);
void sec_model_release(sec_model *s);
/* 1 when process id is one of the model's. */
int sec_model_has_process(const sec_model *s, const char *id);

int sec_model_write(html_buf *b, const sec_model *s, diag_list *d);
void sec_sim_write(html_buf *b, const sec_sim *s);
void sec_compare_write(html_buf *b, const sec_compare *s);
void sec_size_write(html_buf *b, const input_size *s, const char *anchor);
/* 1 when two sizings size the same one role against the same SLAs. */
int sec_size_same_kind(const input_size *a, const input_size *b);
/* The n sizings t (same kind) on one chart per SLA, one curve each;
 * anchors are their own sections'. */
void sec_size_overview_write(html_buf *b, const input_size *const *t, size_t n,
                             const char *const *anchors, const char *anchor);
void sec_sweep_write(html_buf *b, const input_sweep *s, const char *anchor);
void sec_glossary_write(html_buf *b, const char *anchor);

/* The page's style sheet: screen and A4 print. */
const char *sec_css(void);

/* ---- people's units ------------------------------------------------- */

/* A duration in the unit that fits: "45 minutes", "20 years"; "n/a". */
void sec_duration(char *buf, size_t n, double seconds);
/* A share in percent with dec decimals (dec < 0: as units_percent
 * decides): "99.65 %". */
void sec_percent(char *buf, size_t n, double share, int decimals);
/* A count, mean of cases or queue length: "0.2", "< 0.001", never an
 * exponent. */
void sec_number(char *buf, size_t n, double v);
/* "99.65 % [99.6 %, 99.7 %]": decimals < 0 takes those the interval
 * needs. */
void sec_percent_ci(char *buf, size_t n, input_ci c, int decimals);
/* "3.4 hours [3.2, 3.6]": the interval in the figure's unit. */
void sec_duration_ci(char *buf, size_t n, input_ci c);

/* The verdict as a coloured word: <span class="v-met">met</span>. */
void sec_verdict(html_buf *b, const char *verdict);
/* The time unit (seconds in it) and its symbol best suited to show
 * values up to max seconds on one axis. */
double sec_time_unit(double max_s, const char **symbol);

/* ---- share axes ----------------------------------------------------- */

/* The decimals a percent axis's tick labels need when ticks are step
 * (a share) apart: 0 for whole points, up to 3. */
int sec_tick_decimals(double step);
/* The tick labels of a share axis in percent (a plot_format): user points
 * to the decimals (an int); a value is rounded to them first, so that
 * 0.99999999 reads 100 %. */
void sec_percent_tick(char *buf, size_t n, double v, const void *user);
/* The range of a share axis showing [lo, hi]: widened to at least 0.2
 * points, padded by pad_below of that width below and a tenth above, and
 * rounded out to nice ticks within [0, 1] (*from, *to).  Returns the
 * decimals of its tick labels. */
int sec_share_axis(double lo, double hi, double pad_below, double *from, double *to);

#endif
