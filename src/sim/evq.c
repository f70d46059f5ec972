/*
 * evq: binary heap of events keyed by (t, prio, seq); the hot operations
 * are inline in evq.h, the rest lives here.
 */
#include "evq.h"

#include <math.h>
#include <stdlib.h>

void evq_init(evq *q)
{
    q->a = NULL;
    q->n = q->cap = 0;
    q->seq = 0;
}

void evq_release(evq *q)
{
    free(q->a);
    evq_init(q);
}

void evq_clear(evq *q)
{
    q->n = 0;
    q->seq = 0;
}

void evq_grow(evq *q)
{
    q->cap = q->cap ? 2 * q->cap : 256;
    q->a = realloc(q->a, q->cap * sizeof *q->a);
    if (!q->a)
        abort();
}

double evq_peek_time(const evq *q)
{
    return q->n ? q->a[0].t : INFINITY;
}
