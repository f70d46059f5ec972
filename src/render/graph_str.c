/*
 * graph_str: the growable strings the drawing's HTML-like labels are
 * written into (graph.h), with Graphviz's escaping and the wrapping of
 * names at a number of characters a line.
 */
#include "graph_int.h"
#include "../model/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/entities.h>

void render_str_addf(render_str *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    alloc_reserve(&b->s, b->n, &b->cap, (size_t)k);
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

void render_str_add(render_str *b, const char *data, size_t len)
{
    alloc_append(&b->s, &b->n, &b->cap, data, len);
}

void render_str_add_text(render_str *b, const char *text)
{
    xmlChar *e = xmlEncodeSpecialChars(NULL, (const xmlChar *)(text ? text : ""));
    if (!e)
        alloc_fail("a label escaped by libxml2");
    render_str_addf(b, "%s", (const char *)e);
    xmlFree(e);
}

/* Number of UTF-8 code points in s[0..n). */
int graph_utf8_len(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

int render_str_add_wrapped(render_str *b, const char *text, int width)
{
    int lines = 0;
    const char *p = text;
    while (*p == ' ' || *p == '\n' || *p == '\t')
        p++;
    while (*p) {
        /* take words while the line stays within width (at least one) */
        const char *end = p, *q = p;
        while (*q) {
            const char *w = q;
            while (*w && *w != ' ' && *w != '\n' && *w != '\t')
                w++;
            if (end != p && graph_utf8_len(p, (size_t)(w - p)) > width)
                break;
            end = w;
            if (*w == '\n')
                break;
            q = w;
            while (*q == ' ' || *q == '\t')
                q++;
        }
        char *line = alloc_strndup(p, (size_t)(end - p));
        if (lines++)
            render_str_addf(b, "<BR/>");
        render_str_add_text(b, line);
        free(line);
        p = end;
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
    }
    return lines;
}

void render_str_release(render_str *b)
{
    free(b->s);
    b->s = NULL;
    b->n = b->cap = 0;
}
