/*
 * cli: helpers shared by the subcommands (model loading, usage errors,
 * output files).
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/bpmn_read.h"
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

FILE *cli_open_output(const char *cmd, const char *path, int force)
{
    if (!par_writer()) /* under mpirun only rank 0 writes (src/sim/par.h) */
        return fopen("/dev/null", "wb");
    struct stat st;
    if (!force && stat(path, &st) == 0) {
        fprintf(stderr, "flowmc %s: %s exists; pass --force to overwrite it\n", cmd, path);
        return NULL;
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        fprintf(stderr, "flowmc %s: cannot write %s: %s\n", cmd, path, strerror(errno));
    return f;
}
