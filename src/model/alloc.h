/*
 * alloc: the one allocation policy of flowmc, and its growable array.
 *
 * Policy.  Running out of memory is not a user error flowmc can report
 * usefully in the middle of parsing a model or running a simulation, so the
 * library's allocations go through the functions below, which never return
 * NULL: on exhaustion they write one line on stderr naming what ran out and
 * what flowmc was doing --
 *     flowmc: out of memory reading big.bpmn (a request for 1.5 GiB failed;
 *     the address space is limited to 4 GiB: ulimit -v)
 * -- and end the process with exit status 2 (bad input: the input asked for
 * more than the machine has), never abort()'s SIGABRT.  The end goes
 * through the handler of alloc_on_failure (the CLI's removes unfinished
 * output files and ends every rank of an MPI job) and otherwise _exit(2):
 * exit() would run atexit handlers and flush streams while other threads
 * still use them.  The first thread to fail reports; any other waits for
 * the end.
 *
 * The one exception is a caller that can degrade instead of dying: the
 * state space search of `flowmc check` (src/check/statespace_int.h, with
 * the net and the stubborn sets it builds first) allocates with plain
 * malloc/realloc and alloc_grow_try, checks every result, and turns
 * exhaustion into an "incomplete" verdict with what it explored so far.  A
 * new caller that can give a partial answer does the same and says so in
 * its header; every other caller uses the functions that never fail.
 *
 * Sizes are checked for overflow (n * size beyond SIZE_MAX counts as
 * exhaustion), and zero-size requests return a valid pointer to free.
 */
#ifndef FLOWMC_MODEL_ALLOC_H
#define FLOWMC_MODEL_ALLOC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* n zeroed elements of size bytes (calloc). */
void *alloc_zero(size_t n, size_t size);

/* p (NULL or from alloc_*) resized to n elements of size bytes (realloc;
 * new bytes are not zeroed). */
void *alloc_resize(void *p, size_t n, size_t size);

/* Reports exhaustion of what (e.g. "a libxml2 parser", for a library's
 * own allocator that returned NULL) and ends the process, as above. */
_Noreturn void alloc_fail(const char *what);

/* Names what the process is doing, for that line: doing ("reading") and
 * subject (a file name) are kept as pointers, which must stay valid until
 * the next call; NULL, NULL forgets.  Returns nothing: callers that nest
 * read alloc_doing_get first and put it back.  Called from the thread that
 * drives the command; the others only read it. */
void alloc_doing(const char *doing, const char *subject);
void alloc_doing_get(const char **doing, const char **subject);

/* The end after the line: handler(message) is called once, by the thread
 * that ran out, with the line already written, and must not return (if it
 * does, _exit(2) follows).  NULL restores the default, _exit(2). */
void alloc_on_failure(void (*handler)(const char *message));

/* A copy of s; NULL for NULL. */
char *alloc_strdup(const char *s);

/* A copy of the first n bytes of s (fewer if s is shorter), terminated. */
char *alloc_strndup(const char *s, size_t n);

/* fmt's text with its arguments, allocated (vsnprintf, of any length); an
 * encoding error gives "". */
char *alloc_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *alloc_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Room for more bytes and a terminating NUL after the n bytes of the
 * growable string *s of capacity *cap (NULL and 0 for a new one): the
 * capacity doubles, from 256, until they fit.  The one string builder's
 * step (the drawing's labels, the report's page). */
void alloc_reserve(char **s, size_t n, size_t *cap, size_t more);

/* len bytes of data appended to the growable string *s of *n bytes and
 * capacity *cap (alloc_reserve's), which stays NUL-terminated. */
void alloc_append(char **s, size_t *n, size_t *cap, const char *data, size_t len);

/* Everything left in f, read to its end, NUL-terminated (the NUL is not
 * counted in *n); NULL, with nothing allocated, on a read error (ferror).
 * The caller opens and closes f. */
char *alloc_read_stream(FILE *f, size_t *n);

/* The growable array's step: p holds n elements of size bytes and was only
 * ever grown by alloc_grow from NULL; returns it with room for element n.
 * Its capacity is implicit -- the next power of two from n -- so the array
 * needs no capacity field, and pushes cost amortized O(1). */
void *alloc_grow(void *p, size_t n, size_t size);

/* The growable array's step for a caller that degrades (the exception
 * above): p holds n elements of size bytes and was only ever grown by
 * alloc_grow or alloc_grow_try from NULL; returns it with room for k more
 * (elements n to n + k - 1; never NULL when it succeeds, even for n + k
 * of 0), or NULL when memory runs out or the size overflows -- p is then
 * unchanged and still the caller's.  The capacity stays implicit, as
 * alloc_grow's. */
void *alloc_grow_try(void *p, size_t n, size_t k, size_t size);

/* Appends one element to the growable array arr of count n (an lvalue of
 * any integer type) and yields a pointer to the new element, uninitialized:
 *     *ALLOC_PUSH(p->roles, p->nroles) = (plan_role){...};
 * arr and n are evaluated more than once. */
#define ALLOC_PUSH(arr, n)                                                       \
    ((arr) = alloc_grow((arr), (size_t)(n), sizeof *(arr)), &(arr)[(n)++])

#endif
