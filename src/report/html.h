/*
 * html: the report's output buffer -- a growable string that HTML is
 * written into, with escaping for text and attribute values, and the
 * fragment identifiers (id="...") of one document kept unique.
 *
 * Everything the report prints from its inputs (names from a model, ids
 * from a scenario, file paths) goes through html_text or html_textf, which
 * escape & < > " and ', so that no input can open a tag or an attribute
 * of its own.  html_raw is for the report's own markup only.
 *
 * Ownership: an html_buf owns its bytes and the ids it has handed out;
 * html_take hands the bytes to the caller.
 */
#ifndef FLOWMC_REPORT_HTML_H
#define FLOWMC_REPORT_HTML_H

#include <stddef.h>

typedef struct html_buf html_buf;

/* A new empty buffer (aborts when out of memory, src/model/alloc.h). */
html_buf *html_buf_new(void);
/* Frees it and its ids; accepts NULL. */
void html_buf_free(html_buf *b);

/* Appends markup as it is. */
void html_raw(html_buf *b, const char *s);
void html_rawn(html_buf *b, const char *s, size_t n);
void html_rawf(html_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends text escaped for element content and quoted attribute values;
 * NULL appends nothing. */
void html_text(html_buf *b, const char *s);
void html_textf(html_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The bytes so far (NUL-terminated) and their length. */
const char *html_data(const html_buf *b, size_t *len);
/* Hands the bytes over (malloc'd, NUL-terminated; *len may be NULL) and
 * leaves the buffer empty. */
char *html_take(html_buf *b, size_t *len);

/* A fragment identifier for what key names, unique in this document:
 * prefix, '-', then key with every character outside [A-Za-z0-9_.-]
 * turned into '-' (runs of them into one); "-2", "-3"... appended when it
 * was handed out before.  The same calls in the same order give the same
 * ids.  The string stays valid until the buffer is freed. */
const char *html_new_id(html_buf *b, const char *prefix, const char *key);
/* 1 when id was handed out by html_new_id. */
int html_has_id(const html_buf *b, const char *id);

#endif
