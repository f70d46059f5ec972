/*
 * evq: binary heap of events keyed by (t, prio, seq), and the waiting
 * queue built on it; the hot operations are inline in evq.h, the rest
 * lives here.
 */
#include "evq.h"

#include <math.h>
#include <stdlib.h>

#include "../model/alloc.h"

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
    q->a = alloc_resize(q->a, q->cap * sizeof *q->a, 1);
}

double evq_peek_time(const evq *q)
{
    return q->n ? q->a[0].t : INFINITY;
}

void evq_wait_init(evq_wait *w, int fifo)
{
    evq_init(&w->heap);
    w->fifo = fifo;
    w->ring = NULL;
    w->head = w->n = w->cap = 0;
}

void evq_wait_release(evq_wait *w)
{
    evq_release(&w->heap);
    free(w->ring);
    evq_wait_init(w, w->fifo);
}

void evq_wait_clear(evq_wait *w)
{
    evq_clear(&w->heap);
    w->head = w->n = 0;
}

void evq_wait_grow(evq_wait *w)
{
    uint32_t cap = w->cap ? 2 * w->cap : 64;
    evq_event *a = alloc_resize(NULL, sizeof *a * cap, 1);
    for (uint32_t k = 0; k < w->n; k++) /* unrolled to the front */
        a[k] = w->ring[(w->head + k) & (w->cap - 1)];
    free(w->ring);
    w->ring = a;
    w->head = 0;
    w->cap = cap;
}
