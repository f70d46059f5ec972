/*
 * alloc: allocations that end the process with one line and exit status 2
 * on exhaustion (alloc.h states the policy and its one exception).
 *
 * The line is formatted on the stack and written with write(2): stdio
 * might allocate, and the heap is what just ran out.
 */
#include "alloc.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static _Atomic(const char *) g_doing, g_subject;
static _Atomic(void (*)(const char *)) g_handler;
static atomic_int g_failing;

void alloc_doing(const char *doing, const char *subject)
{
    atomic_store(&g_doing, doing);
    atomic_store(&g_subject, subject);
}

void alloc_doing_get(const char **doing, const char **subject)
{
    *doing = atomic_load(&g_doing);
    *subject = atomic_load(&g_subject);
}

void alloc_on_failure(void (*handler)(const char *message))
{
    atomic_store(&g_handler, handler);
}

/* bytes in the unit a person reads: "512 bytes", "3.2 MiB", "1.5 GiB" */
static void human_bytes(char *buf, size_t n, double bytes)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (bytes < 1024) {
        snprintf(buf, n, "%.0f bytes", bytes);
        return;
    }
    int u = -1;
    while (bytes >= 1024 && u < 5) {
        bytes /= 1024;
        u++;
    }
    snprintf(buf, n, bytes < 10 ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

/* Writes the line, then ends through the handler or _exit(2).  what says
 * what ran out: a request's size, or a library's object. */
static _Noreturn void fail(const char *what)
{
    if (atomic_fetch_add(&g_failing, 1) > 0)
        for (;;)
            pause(); /* another thread is reporting and ending the process */
    const char *doing = atomic_load(&g_doing), *subject = atomic_load(&g_subject);
    char limit[96] = "", msg[1024];
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        char h[32];
        human_bytes(h, sizeof h, (double)rl.rlim_cur);
        snprintf(limit, sizeof limit, "; the address space is limited to %s: ulimit -v", h);
    }
    int n = snprintf(msg, sizeof msg, "flowmc: out of memory%s%s%s%s (%s%s)", doing ? " " : "",
                     doing ? doing : "", subject ? " " : "", subject ? subject : "", what, limit);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof msg)
        n = (int)sizeof msg - 1;
    msg[n] = '\n';
    if (write(STDERR_FILENO, msg, (size_t)n + 1) < 0)
        n = 0; /* nowhere left to say it */
    msg[n] = 0;
    void (*handler)(const char *) = atomic_load(&g_handler);
    if (handler)
        handler(msg);
    _exit(2);
}

static _Noreturn void out_of_memory(size_t n, size_t size)
{
    char what[96], h[32];
    if (size && n > SIZE_MAX / size) {
        snprintf(what, sizeof what, "%zu elements of %zu bytes: more than the address space", n,
                 size);
    } else {
        human_bytes(h, sizeof h, (double)n * (double)size);
        snprintf(what, sizeof what, "a request for %s failed", h);
    }
    fail(what);
}

void alloc_fail(const char *what)
{
    char buf[160];
    snprintf(buf, sizeof buf, "%s could not be allocated", what);
    fail(buf);
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

char *alloc_vprintf(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0)
        n = 0;
    char *s = alloc_resize(NULL, (size_t)n + 1, 1);
    if (vsnprintf(s, (size_t)n + 1, fmt, again) < 0)
        s[0] = 0;
    va_end(again);
    return s;
}

char *alloc_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = alloc_vprintf(fmt, ap);
    va_end(ap);
    return s;
}

void *alloc_grow(void *p, size_t n, size_t size)
{
    if (n & (n - 1))
        return p; /* not a power of two: the capacity (the next one) has room */
    if (n > SIZE_MAX / 2)
        out_of_memory(n, size);
    return alloc_resize(p, n ? 2 * n : 1, size);
}

/* the smallest power of two at least n (n at most SIZE_MAX / 2 + 1) */
static size_t pow2_at_least(size_t n)
{
    size_t c = 1;
    while (c < n)
        c *= 2;
    return c;
}

void *alloc_grow_try(void *p, size_t n, size_t k, size_t size)
{
    if (p && k == 1 && (n & (n - 1)))
        return p; /* the common push: not at a power of two, so there is room */
    const size_t top = SIZE_MAX / 2 + 1;
    if (n > top || k > top - n)
        return NULL;
    size_t have = n ? pow2_at_least(n) : 0, need = n + k;
    if (p && need <= have)
        return p;
    size_t cap = pow2_at_least(need ? need : 1);
    if (size && cap > SIZE_MAX / size)
        return NULL;
    size_t bytes = cap * size;
    return realloc(p, bytes ? bytes : 1);
}

void alloc_reserve(char **s, size_t n, size_t *cap, size_t more)
{
    if (more > SIZE_MAX - 1 - n)
        out_of_memory(SIZE_MAX, 1);
    if (*s && n + more + 1 <= *cap)
        return;
    size_t c = *cap ? *cap : 256;
    while (c < n + more + 1)
        c = c > SIZE_MAX / 2 ? n + more + 1 : 2 * c;
    *s = alloc_resize(*s, c, 1);
    *cap = c;
}

void alloc_append(char **s, size_t *n, size_t *cap, const char *data, size_t len)
{
    alloc_reserve(s, *n, cap, len);
    if (len)
        memcpy(*s + *n, data, len);
    *n += len;
    (*s)[*n] = 0;
}

char *alloc_read_stream(FILE *f, size_t *n)
{
    char *buf = NULL;
    size_t cap = 0, len = 0, got;
    do {
        alloc_reserve(&buf, len, &cap, 1 << 16);
        got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    buf[len] = 0;
    *n = len;
    return buf;
}
