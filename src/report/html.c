/*
 * html: the report's output buffer, escaping and unique fragment ids (see
 * html.h).  Ids are kept in a plain array: a report holds a few hundred.
 */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/alloc.h"

struct html_buf {
    char *s;
    size_t n, cap;
    char **ids;
    size_t nids;
};

html_buf *html_buf_new(void)
{
    html_buf *b = alloc_zero(1, sizeof *b);
    b->cap = 4096;
    b->s = alloc_zero(b->cap, 1);
    return b;
}

void html_buf_free(html_buf *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->nids; i++)
        free(b->ids[i]);
    free(b->ids);
    free(b->s);
    free(b);
}

void html_rawn(html_buf *b, const char *s, size_t n)
{
    alloc_append(&b->s, &b->n, &b->cap, s, n);
}

void html_raw(html_buf *b, const char *s)
{
    if (s)
        html_rawn(b, s, strlen(s));
}

/* fmt formatted, then appended by put (raw or escaped). */
static void vappend(html_buf *b, void (*put)(html_buf *, const char *), const char *fmt,
                    va_list ap)
{
    char *s = alloc_vprintf(fmt, ap);
    put(b, s);
    free(s);
}

void html_rawf(html_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vappend(b, html_raw, fmt, ap);
    va_end(ap);
}

void html_text(html_buf *b, const char *s)
{
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&': html_rawn(b, "&amp;", 5); break;
        case '<': html_rawn(b, "&lt;", 4); break;
        case '>': html_rawn(b, "&gt;", 4); break;
        case '"': html_rawn(b, "&quot;", 6); break;
        case '\'': html_rawn(b, "&#39;", 5); break;
        default: html_rawn(b, p, 1);
        }
    }
}

void html_textf(html_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vappend(b, html_text, fmt, ap);
    va_end(ap);
}

const char *html_data(const html_buf *b, size_t *len)
{
    if (len)
        *len = b->n;
    return b->s;
}

char *html_take(html_buf *b, size_t *len)
{
    char *s = b->s;
    if (len)
        *len = b->n;
    b->cap = 4096;
    b->n = 0;
    b->s = alloc_zero(b->cap, 1);
    return s;
}

int html_has_id(const html_buf *b, const char *id)
{
    for (size_t i = 0; i < b->nids; i++)
        if (strcmp(b->ids[i], id) == 0)
            return 1;
    return 0;
}

const char *html_new_id(html_buf *b, const char *prefix, const char *key)
{
    size_t n = strlen(prefix) + strlen(key ? key : "") + 24;
    char *id = alloc_zero(n, 1);
    size_t k = (size_t)snprintf(id, n, "%s", prefix);
    int dash = 0;
    if (key && *key) {
        id[k++] = '-';
        dash = 1;
    }
    for (const char *p = key ? key : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '.' || c == '-';
        if (ok) {
            id[k++] = (char)c;
            dash = c == '-';
        } else if (!dash) {
            id[k++] = '-';
            dash = 1;
        }
    }
    while (k > 1 && id[k - 1] == '-')
        k--;
    id[k] = 0;
    size_t base = k;
    for (int i = 2; html_has_id(b, id); i++)
        snprintf(id + base, n - base, "-%d", i);
    *ALLOC_PUSH(b->ids, b->nids) = id;
    return id;
}
