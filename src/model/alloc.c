/*
 * alloc: allocations that abort with a message on exhaustion (alloc.h
 * states the policy and its one exception).
 */
#include "alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        fprintf(stderr, "flowmc: out of memory (%zu elements of %zu bytes overflow)\n", n, size);
    else
        fprintf(stderr, "flowmc: out of memory (%zu bytes)\n", n * size);
    abort();
}

void alloc_fail(const char *what)
{
    fprintf(stderr, "flowmc: out of memory (%s)\n", what);
    abort();
}

void *alloc_zero(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n, size);
    return p;
}

void *alloc_resize(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        out_of_memory(n, size);
    size_t bytes = n * size;
    void *q = realloc(p, bytes ? bytes : 1);
    if (!q)
        out_of_memory(n, size);
    return q;
}

char *alloc_strdup(const char *s)
{
    return s ? alloc_strndup(s, strlen(s)) : NULL;
}

char *alloc_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *c = alloc_resize(NULL, len + 1, 1);
    memcpy(c, s, len);
    c[len] = 0;
    return c;
}

void *alloc_grow(void *p, size_t n, size_t size)
{
    if (n & (n - 1))
        return p; /* not a power of two: the capacity (the next one) has room */
    if (n > SIZE_MAX / 2)
        out_of_memory(n, size);
    return alloc_resize(p, n ? 2 * n : 1, size);
}
