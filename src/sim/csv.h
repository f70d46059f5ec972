/*
 * csv: the one writer of flowmc's CSV files -- the sizing table (flowmc
 * size -o), the sweep's points (flowmc sweep -o FILE.csv) and the event
 * log (flowmc sim --log FILE.csv).
 *
 * RFC 4180 fields: separated by commas, a field quoted (its quotes
 * doubled) only when it holds a comma, a quote or a line break, so that
 * ids and numbers read as they are.  Records end with "\n", not the RFC's
 * CRLF: the files are read by scripts and spreadsheets alike, and every
 * file flowmc has written so far ends its lines so.  Numbers are written
 * with the digits the caller asks (%.*g), a value that is not a number as
 * an empty field.
 *
 * A writer is a small value on the caller's stack (csv_on); it owns
 * nothing and needs no freeing.  Errors stay in the stream: the caller
 * checks ferror (csv_done does).
 */
#ifndef FLOWMC_SIM_CSV_H
#define FLOWMC_SIM_CSV_H

#include <stdio.h>

typedef struct csv_writer {
    FILE *out;
    int fields; /* fields written in the current record */
} csv_writer;

/* A writer of records on out. */
csv_writer csv_on(FILE *out);

/* One field, text: quoted where RFC 4180 requires it. */
void csv_text(csv_writer *w, const char *s);
/* One field, fmt formatted (at most 511 bytes), then as csv_text. */
void csv_textf(csv_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Fields given as comma-separated names that need no quoting (a header:
 * "sla,target,attainment"). */
void csv_names(csv_writer *w, const char *names);
/* One field, a number with digits significant digits (%.*g); empty for
 * NAN. */
void csv_num(csv_writer *w, double v, int digits);
/* One field, a whole number. */
void csv_int(csv_writer *w, long v);
/* Ends the record. */
void csv_end(csv_writer *w);

/* 0, or -1 when writing failed. */
int csv_done(const csv_writer *w);

#endif
