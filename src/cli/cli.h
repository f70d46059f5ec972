/*
 * cli: the command table and what every subcommand shares.
 *
 * Each subcommand lives in its own cmd_<name>.c and exports one function
 * with the signature of cli_fn.  It parses its options with cli_getopt
 * (which takes the shared ones -- output, plot, force, quiet, --set --
 * alike for every command), answers --help, and returns an exit status:
 * CLI_OK when the property it checks holds, CLI_FAIL when it does not
 * (findings, SLAs missed), CLI_USAGE for bad input or bad usage,
 * CLI_UNDECIDED when a check stopped before deciding (state limit, memory
 * budget).
 */
#ifndef FLOWMC_CLI_H
#define FLOWMC_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "../model/diag.h"
#include "../model/model.h"
#include "../sim/sim.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2, CLI_UNDECIDED = 3 };

#ifndef FLOWMC_VERSION
#define FLOWMC_VERSION "0.1.0"
#endif

typedef int (*cli_fn)(int argc, char **argv);

typedef struct cli_command {
    const char *name;
    cli_fn fn;
    const char *help; /* one line for `flowmc --help` */
} cli_command;

int cmd_info(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_sim(int argc, char **argv);
int cmd_size(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_sweep(int argc, char **argv);

/* Reads a BPMN file; every reader diagnostic is added to d.  Returns NULL
 * when the file is unusable, that is when any error-severity diagnostic
 * was added (the model is then freed). */
model *cli_load_model(const char *path, diag_list *d);

/* Prints "flowmc CMD: message" to stderr (no trailing newline needed) and
 * returns CLI_USAGE, for one-line usage errors. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Parses --format values: returns the index of s in the NULL-terminated
 * list names, or -1. */
int cli_pick(const char *s, const char *const *names);

/* Opens an output for cmd: "-" is standard output; any other path must
 * not exist unless force (nothing the user gave is overwritten without
 * asking), is not a symbolic link unless force (then the link's target is
 * written), and is written to a temporary file beside it, renamed into
 * place by cli_close_output.  Returns the stream, or NULL after one line on
 * stderr. */
FILE *cli_open_output(const char *cmd, const char *path, int force);

/* Closes an output of cli_open_output (NULL is accepted).  keep: the
 * command succeeded, so the file replaces the path once every write and
 * the close succeeded; otherwise the temporary file is removed and the
 * previous file left as it was.  For standard output, flushes and checks.
 * Returns 0, or -1 after one line on stderr (the caller exits 2). */
int cli_close_output(const char *cmd, FILE *f, int keep);

/* Puts every allocation -- flowmc's, libxml2's, jansson's, GSL's -- under
 * the policy of alloc.h, ending through cli_out_of_memory.  Called once by
 * main before a command runs. */
void cli_set_failure_handlers(void);

/* The end of a process that ran out of memory (alloc_on_failure's
 * handler; message is already on stderr): removes the temporary files of
 * unfinished outputs, ends every rank of an MPI job, exits 2. */
_Noreturn void cli_out_of_memory(const char *message);

/* Seconds on a monotonic clock, for timings and progress lines. */
double cli_now(void);

/* The end of every command's getopt switch: for c == 'h' (--help) the help
 * goes to standard output and the result is CLI_OK; for anything else
 * (an unknown option, a missing argument: getopt has said which) the help
 * goes to standard error and the result is CLI_USAGE. */
int cli_help(int c, void (*help)(FILE *out));

/* Bad usage past the options (wrong operands): the help on standard error,
 * CLI_USAGE. */
int cli_usage(void (*help)(FILE *out));

/* Closes an output of cli_open_output at the end of a command whose exit
 * status so far is rc: kept unless rc is CLI_USAGE.  Returns rc, or
 * CLI_USAGE when the close failed (said on stderr). */
int cli_finish_output(const char *cmd, FILE *f, int rc);

/* Sorts d (by file, line, severity) and prints it to standard error. */
void cli_print_diags(diag_list *d);

/* What sim and sweep take to run replications: -r/--replications N,
 * -s/--seed S, -j/--threads T (negative, or have_seed 0: the scenario's
 * own, or the machine's cores). */
typedef struct cli_run {
    long reps, threads;
    unsigned long long seed;
    int have_seed;
} cli_run;

/* Takes option c ('r', 's' or 'j') with its argument into r.  Returns 0,
 * or CLI_USAGE after one line naming the option and the values it takes
 * (cmd names the command). */
int cli_run_option(const char *cmd, int c, const char *arg, cli_run *r);

/* sim_options_init(o, s), then what r gave over the scenario's defaults. */
void cli_run_apply(const cli_run *r, sim_options *o, const sim_scenario *s);

/* Writes len bytes of buf, made in memory first so that nothing is written
 * when the work fails, to path ("-": standard output) under the rules of
 * cli_open_output.  Returns CLI_OK, or CLI_USAGE after one line on
 * stderr. */
int cli_write_buffer(const char *cmd, const char *path, int force, const char *buf, size_t len);

/* ---- the options several commands share --------------------------------
 * -o/--output FILE, --plot FILE, --force, -q/--quiet and --set KEY=VALUE
 * are spelled and taken alike by every command that has them: its option
 * table lists the entries below (in the order its --help gives, which is
 * also the order getopt names them in when an abbreviation is ambiguous)
 * and its loop calls cli_getopt, which keeps them in a cli_opts and hands
 * back only the command's own.  -f is --format where a command has one, so
 * --force is long only. */
enum { CLI_OPT_FORCE = 0x1000, CLI_OPT_PLOT, CLI_OPT_SET };
/* A table entry: an option with an argument, a flag. */
#define CLI_ARG(name, val) {name, required_argument, NULL, val}
#define CLI_FLAG(name, val) {name, no_argument, NULL, val}
#define CLI_OPTION_OUTPUT CLI_ARG("output", 'o')
#define CLI_OPTION_PLOT CLI_ARG("plot", CLI_OPT_PLOT)
#define CLI_OPTION_FORCE CLI_FLAG("force", CLI_OPT_FORCE)
#define CLI_OPTION_QUIET CLI_FLAG("quiet", 'q')
#define CLI_OPTION_SET CLI_ARG("set", CLI_OPT_SET)
/* sim's and sweep's -r, -s, -j (cli_run_option) */
#define CLI_OPTIONS_RUN CLI_ARG("replications", 'r'), CLI_ARG("seed", 's'), CLI_ARG("threads", 'j')
/* --help and the table's end */
#define CLI_OPTIONS_END CLI_FLAG("help", 'h'), {NULL, 0, NULL, 0}

/* What a command was asked to write, and the files it opened for it.  The
 * strings point into argv; sets is owned (cli_opts_free). */
typedef struct cli_opts {
    const char *output; /* -o FILE, NULL when not given */
    const char *plot;   /* --plot FILE, NULL when not given */
    int force, quiet;
    const char **sets; /* --set KEY=VALUE, in the order given */
    int nsets;
    FILE *out, *fig; /* output and plot, once cli_open_outputs opened them */
} cli_opts;

/* getopt_long over argv (the caller sets optind to 1 first): the shared
 * options go into o, and the result is the next of the command's own, as
 * getopt_long returns it ('?' or ':' for bad usage, -1 at the end). */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
               cli_opts *o);

/* Opens o's output and plot files, as cli_open_output does, before the
 * work (a refused file costs nothing).  Returns 0, or -1 after one line on
 * stderr. */
int cli_open_outputs(const char *cmd, cli_opts *o);

/* Closes o's files at the end of a command whose exit status so far is rc
 * (cli_finish_output, output first).  Returns the status. */
int cli_close_outputs(const char *cmd, cli_opts *o, int rc);

/* Frees what cli_getopt allocated in o (NULL is accepted); the files are
 * cli_close_outputs'. */
void cli_opts_free(cli_opts *o);

/* Applies o's --set overrides to s, together (sim_scenario_set_args);
 * nothing to apply is success.  Returns 0, or -1 with diagnostics in d. */
int cli_apply_sets(sim_scenario *s, const cli_opts *o, diag_list *d);

/* The end of sim and merge: the table on standard output unless --quiet
 * or one of the command's files is standard output (-o -: the JSON alone
 * there), then the JSON to o->out.  Returns CLI_FAIL when an SLA is
 * missed, else CLI_OK; CLI_USAGE after "cannot write" on stderr. */
int cli_write_result(const char *cmd, const sim_result *res, const cli_opts *o);

#endif
