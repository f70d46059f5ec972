/*
 * cli: helpers shared by the subcommands (model loading, usage errors,
 * output files, the options several commands have, the end of sim and
 * merge).
 */
#include "cli.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <jansson.h>

#include "../model/alloc.h"
#include "../model/bpmn_read.h"
#include "../model/num.h"
#include "../sim/par.h"

model *cli_load_model(const char *path, diag_list *d)
{
    size_t before = diag_list_count_severity(d, DIAG_ERROR);
    model *m = bpmn_read_file(path, d);
    if (m && diag_list_count_severity(d, DIAG_ERROR) > before) {
        model_free(m);
        return NULL;
    }
    return m;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "flowmc %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    return CLI_USAGE;
}

int cli_pick(const char *s, const char *const *names)
{
    for (int i = 0; s && names[i]; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* ---- outputs ---------------------------------------------------------- *
 * An output named on the command line is written to a temporary file
 * beside it (same folder, so the rename is atomic) and renamed into place
 * by cli_close_output only when the command succeeded and every write and
 * the close did: a failed run leaves the previous file untouched and no
 * partial file.  A symbolic link at the path is refused unless --force,
 * which then writes through it (the link stays, its target is replaced).
 * "-" is standard output. */

typedef struct pending {
    FILE *f;
    char *tmp;   /* the temporary file, NULL when writing in place */
    char *final; /* where it goes */
} pending;

static pending outs[8];

static void remove_pending(void)
{
    for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++)
        if (outs[i].tmp) {
            unlink(outs[i].tmp);
            free(outs[i].tmp);
            free(outs[i].final);
            outs[i].tmp = NULL;
        }
}

/* mpirun ends the other ranks with SIGTERM when one dies, as a user's ^C
 * ends a command: the unfinished output's temporary file goes too, then
 * the signal takes its default course.  unlink and raise are
 * async-signal-safe. */
static void on_signal(int sig)
{
    for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++)
        if (outs[i].tmp)
            unlink(outs[i].tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* jansson and GSL follow the policy of alloc.h too: jansson's NULL would
 * read as a write error, GSL's default handler aborts */
static void *json_alloc(size_t n) { return alloc_resize(NULL, n, 1); }

static void gsl_failed(const char *reason, const char *file, int line, int gsl_errno)
{
    if (gsl_errno == GSL_ENOMEM)
        alloc_fail("memory for GSL");
    fprintf(stderr, "flowmc: internal error in GSL: %s (%s:%d); please report it\n", reason, file,
            line);
    abort(); /* a programmer bug: keep the core */
}

void cli_set_failure_handlers(void)
{
    alloc_on_failure(cli_out_of_memory);
    json_set_alloc_funcs(json_alloc, free);
    gsl_set_error_handler(gsl_failed);
}

void cli_out_of_memory(const char *message)
{
    (void)message; /* already on stderr */
    for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++)
        if (outs[i].tmp)
            unlink(outs[i].tmp); /* no partial output; the heap is left alone */
    if (par_size() > 1)
        par_abort("out of memory (the line above): ending every rank");
    _exit(2);
}

/* The path a write to path lands on: path itself, or with force the
 * target of the link at path (resolved even when dangling).  NULL with a
 * message when a link is refused. */
static char *landing(const char *cmd, const char *path, int force)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
        return strdup(path);
    if (!force) {
        fprintf(stderr, "flowmc %s: %s is a symbolic link; pass --force to write through it\n", cmd,
                path);
        return NULL;
    }
    char *real = realpath(path, NULL);
    if (real)
        return real;
    char target[4096];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n < 0) {
        fprintf(stderr, "flowmc %s: cannot read the link %s: %s\n", cmd, path, strerror(errno));
        return NULL;
    }
    target[n] = 0;
    const char *slash = strrchr(path, '/');
    if (target[0] == '/' || !slash)
        return alloc_strdup(target);
    return alloc_printf("%.*s/%s", (int)(slash - path), path, target);
}

FILE *cli_open_output(const char *cmd, const char *path, int force)
{
    if (!par_writer()) /* under mpirun only rank 0 writes (src/sim/par.h) */
        return fopen("/dev/null", "wb");
    if (!strcmp(path, "-"))
        return stdout;
    size_t slot = 0;
    while (slot < sizeof outs / sizeof outs[0] && outs[slot].f)
        slot++;
    assert(slot < sizeof outs / sizeof outs[0]); /* a command opens at most a few */
    struct stat st;
    if (!force && lstat(path, &st) == 0 && !S_ISLNK(st.st_mode)) {
        fprintf(stderr, "flowmc %s: %s exists; pass --force to overwrite it\n", cmd, path);
        return NULL;
    }
    char *final = landing(cmd, path, force);
    if (!final)
        return NULL;
    FILE *f = NULL;
    char *tmp = NULL;
    if (stat(final, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or fifo (/dev/null, a pipe): written in place, never
         * replaced */
        f = fopen(final, "wb");
    } else {
        const char *slash = strrchr(final, '/');
        tmp = alloc_printf("%.*s.%s.XXXXXX", slash ? (int)(slash - final + 1) : 0, final,
                           slash ? slash + 1 : final);
        int fd = mkstemp(tmp);
        if (fd >= 0) {
            /* mkstemp makes 0600; an output gets what a new file would */
            mode_t mask = umask(0);
            umask(mask);
            if (fchmod(fd, 0666 & ~mask) != 0 || !(f = fdopen(fd, "wb"))) {
                close(fd);
                unlink(tmp);
            }
        }
        if (!f) {
            int e = errno;
            free(tmp);
            tmp = NULL;
            errno = e;
        }
    }
    if (!f) {
        fprintf(stderr, "flowmc %s: cannot write %s: %s\n", cmd, path, strerror(errno));
        goto fail;
    }
    static int registered;
    if (!registered++) {
        atexit(remove_pending);
        signal(SIGTERM, on_signal);
        signal(SIGINT, on_signal);
        signal(SIGHUP, on_signal);
    }
    outs[slot] = (pending){f, tmp, final};
    return f;
fail:
    free(tmp);
    free(final);
    return NULL;
}

int cli_close_output(const char *cmd, FILE *f, int keep)
{
    if (!f)
        return 0;
    if (f == stdout) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "flowmc %s: cannot write standard output: %s\n", cmd,
                    strerror(errno ? errno : EIO));
            return -1;
        }
        return 0;
    }
    size_t slot = 0;
    while (slot < sizeof outs / sizeof outs[0] && outs[slot].f != f)
        slot++;
    if (slot == sizeof outs / sizeof outs[0]) /* /dev/null of a rank > 0 */
        return fclose(f) == 0 ? 0 : -1;
    pending p = outs[slot];
    outs[slot] = (pending){0};
    int bad = ferror(f) != 0;
    errno = 0;
    bad |= fclose(f) != 0;
    int rc = 0;
    if (keep && bad) {
        fprintf(stderr, "flowmc %s: cannot write %s: %s\n", cmd, p.final,
                strerror(errno ? errno : EIO));
        rc = -1;
    } else if (keep && p.tmp && rename(p.tmp, p.final) != 0) {
        fprintf(stderr, "flowmc %s: cannot rename %s to %s: %s\n", cmd, p.tmp, p.final,
                strerror(errno));
        rc = -1;
    } else if (keep) {
        free(p.tmp);
        p.tmp = NULL;
    }
    if (p.tmp)
        unlink(p.tmp);
    free(p.tmp);
    free(p.final);
    return rc;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int cli_help(int c, void (*help)(FILE *out))
{
    help(c == 'h' ? stdout : stderr);
    return c == 'h' ? CLI_OK : CLI_USAGE;
}

int cli_usage(void (*help)(FILE *out))
{
    help(stderr);
    return CLI_USAGE;
}

int cli_finish_output(const char *cmd, FILE *f, int rc)
{
    return cli_close_output(cmd, f, rc != CLI_USAGE) != 0 ? CLI_USAGE : rc;
}

void cli_print_diags(diag_list *d)
{
    diag_list_sort(d);
    diag_list_print(d, stderr);
}

int cli_write_buffer(const char *cmd, const char *path, int force, const char *buf, size_t len)
{
    FILE *out = cli_open_output(cmd, path, force);
    if (!out)
        return CLI_USAGE;
    fwrite(buf, 1, len, out); /* checked by the close */
    return cli_close_output(cmd, out, 1) == 0 ? CLI_OK : CLI_USAGE;
}

int cli_run_option(const char *cmd, int c, const char *arg, cli_run *r)
{
    const char *why = NULL;
    switch (c) {
    case 'r':
        if (num_long(arg, 1, SIM_MAX_REPLICATIONS, &r->reps, &why) != 0)
            return cli_usage_error(cmd, "--replications needs a whole number from 1 to %ld: '%s' %s",
                                   SIM_MAX_REPLICATIONS, arg, why);
        return 0;
    case 's':
        if (num_u64(arg, UINT64_MAX, &r->seed, &why) != 0)
            return cli_usage_error(cmd, "--seed needs a whole number from 0 to 2^64 - 1: '%s' %s", arg, why);
        r->have_seed = 1;
        return 0;
    default:
        assert(c == 'j');
        if (num_long(arg, 1, 1024, &r->threads, &why) != 0)
            return cli_usage_error(cmd, "--threads needs a whole number from 1 to 1024: '%s' %s", arg, why);
        return 0;
    }
}

void cli_run_apply(const cli_run *r, sim_options *o, const sim_scenario *s)
{
    sim_options_init(o, s);
    if (r->reps > 0)
        o->replications = (int)r->reps;
    if (r->have_seed)
        o->seed = r->seed;
    if (r->threads > 0)
        o->threads = (int)r->threads;
}

/* ---- the options several commands share ------------------------------- */

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
               cli_opts *o)
{
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o->output = optarg;
            break;
        case CLI_OPT_PLOT:
            o->plot = optarg;
            break;
        case CLI_OPT_FORCE:
            o->force = 1;
            break;
        case 'q':
            o->quiet = 1;
            break;
        case CLI_OPT_SET:
            /* one --set an argument at the most: argc bounds them */
            if (!o->sets)
                o->sets = alloc_zero((size_t)argc + 1, sizeof *o->sets);
            o->sets[o->nsets++] = optarg;
            break;
        default:
            return c;
        }
    }
    return -1;
}

int cli_open_outputs(const char *cmd, cli_opts *o)
{
    if (o->output && !(o->out = cli_open_output(cmd, o->output, o->force)))
        return -1;
    if (o->plot && !(o->fig = cli_open_output(cmd, o->plot, o->force)))
        return -1;
    return 0;
}

int cli_close_outputs(const char *cmd, cli_opts *o, int rc)
{
    rc = cli_finish_output(cmd, o->out, rc);
    rc = cli_finish_output(cmd, o->fig, rc);
    o->out = o->fig = NULL;
    return rc;
}

void cli_opts_free(cli_opts *o)
{
    if (!o)
        return;
    free(o->sets);
    o->sets = NULL;
    o->nsets = 0;
}

int cli_apply_sets(sim_scenario *s, const cli_opts *o, diag_list *d)
{
    return o->nsets ? sim_scenario_set_args(s, o->sets, o->nsets, d) : 0;
}

int cli_write_result(const char *cmd, const sim_result *res, const cli_opts *o)
{
    if (!o->quiet && o->out != stdout && o->fig != stdout)
        sim_result_print(res, stdout);
    if (o->out && sim_result_write_json(res, o->out) != 0) {
        fprintf(stderr, "flowmc %s: cannot write %s\n", cmd, o->output);
        return CLI_USAGE;
    }
    return sim_result_any_missed(res) ? CLI_FAIL : CLI_OK;
}
