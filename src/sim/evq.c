/*
 * evq: binary heap of events keyed by (t, prio, seq).
 */
#include "evq.h"

#include <math.h>
#include <stdlib.h>

static int before(const evq_event *a, const evq_event *b)
{
    if (a->t != b->t)
        return a->t < b->t;
    if (a->prio != b->prio)
        return a->prio < b->prio;
    return a->seq < b->seq;
}

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

void evq_push(evq *q, evq_event e)
{
    if (q->n == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 256;
        q->a = realloc(q->a, q->cap * sizeof *q->a);
        if (!q->a)
            abort();
    }
    e.seq = q->seq++;
    size_t i = q->n++;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (!before(&e, &q->a[up]))
            break;
        q->a[i] = q->a[up];
        i = up;
    }
    q->a[i] = e;
}

int evq_pop(evq *q, evq_event *out)
{
    if (q->n == 0)
        return 0;
    *out = q->a[0];
    evq_event last = q->a[--q->n];
    size_t i = 0, n = q->n;
    for (;;) {
        size_t l = 2 * i + 1, best = l;
        if (l >= n)
            break;
        if (l + 1 < n && before(&q->a[l + 1], &q->a[l]))
            best = l + 1;
        if (!before(&q->a[best], &last))
            break;
        q->a[i] = q->a[best];
        i = best;
    }
    if (n)
        q->a[i] = last;
    return 1;
}

double evq_peek_time(const evq *q)
{
    return q->n ? q->a[0].t : INFINITY;
}
