/*
 * alloc: the one allocation policy of flowmc, and its growable array.
 *
 * Policy.  Running out of memory is not a user error flowmc can report
 * usefully in the middle of parsing a model or running a simulation, so the
 * library's allocations go through the functions below, which print
 * "flowmc: out of memory (N bytes)" on stderr and abort.  Nothing returns
 * a NULL the caller might forget to check.
 *
 * The one exception is a caller that can degrade instead of dying: the
 * state space search of `flowmc check` (src/check/statespace.c) allocates
 * with plain malloc/realloc, checks every result, and turns exhaustion into
 * an "incomplete" verdict with what it explored so far.  A new caller that
 * can give a partial answer does the same and says so in its header; every
 * other caller uses alloc_*.
 *
 * Sizes are checked for overflow (n * size beyond SIZE_MAX counts as
 * exhaustion), and zero-size requests return a valid pointer to free.
 */
#ifndef FLOWMC_MODEL_ALLOC_H
#define FLOWMC_MODEL_ALLOC_H

#include <stddef.h>

/* n zeroed elements of size bytes (calloc). */
void *alloc_zero(size_t n, size_t size);

/* p (NULL or from alloc_*) resized to n elements of size bytes (realloc;
 * new bytes are not zeroed). */
void *alloc_resize(void *p, size_t n, size_t size);

/* Reports exhaustion of what (e.g. "a libxml2 parser", for a library's
 * own allocator that returned NULL) and aborts. */
_Noreturn void alloc_fail(const char *what);

/* A copy of s; NULL for NULL. */
char *alloc_strdup(const char *s);

/* A copy of the first n bytes of s (fewer if s is shorter), terminated. */
char *alloc_strndup(const char *s, size_t n);

/* The growable array's step: p holds n elements of size bytes and was only
 * ever grown by alloc_grow from NULL; returns it with room for element n.
 * Its capacity is implicit -- the next power of two from n -- so the array
 * needs no capacity field, and pushes cost amortized O(1). */
void *alloc_grow(void *p, size_t n, size_t size);

/* Appends one element to the growable array arr of count n (an lvalue of
 * any integer type) and yields a pointer to the new element, uninitialized:
 *     *ALLOC_PUSH(p->roles, p->nroles) = (plan_role){...};
 * arr and n are evaluated more than once. */
#define ALLOC_PUSH(arr, n)                                                       \
    ((arr) = alloc_grow((arr), (size_t)(n), sizeof *(arr)), &(arr)[(n)++])

#endif
