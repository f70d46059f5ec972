/*
 * csv: RFC 4180 records on a stream (see csv.h).
 */
#include "csv.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

csv_writer csv_on(FILE *out) { return (csv_writer){out, 0}; }

/* The comma before every field but a record's first. */
static void next(csv_writer *w)
{
    if (w->fields++)
        fputc(',', w->out);
}

void csv_text(csv_writer *w, const char *s)
{
    next(w);
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, w->out);
        return;
    }
    fputc('"', w->out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', w->out);
        fputc(*s, w->out);
    }
    fputc('"', w->out);
}

void csv_textf(csv_writer *w, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    csv_text(w, buf);
}

void csv_names(csv_writer *w, const char *names)
{
    next(w);
    fputs(names, w->out);
    for (const char *c = names; (c = strchr(c, ',')) != NULL; c++)
        w->fields++;
}

void csv_num(csv_writer *w, double v, int digits)
{
    next(w);
    if (!isnan(v))
        fprintf(w->out, "%.*g", digits, v);
}

void csv_int(csv_writer *w, long v)
{
    next(w);
    fprintf(w->out, "%ld", v);
}

void csv_end(csv_writer *w)
{
    fputc('\n', w->out);
    w->fields = 0;
}

int csv_done(const csv_writer *w) { return ferror(w->out) ? -1 : 0; }
