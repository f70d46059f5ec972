/*
 * evq: the simulator's future event list -- a binary min-heap ordered by
 * (time, priority, sequence number), so that simultaneous events run in a
 * fixed, documented order and every run is reproducible.  The array grows
 * to the largest number of pending events and is then reused: no
 * allocation per event in the steady state.  Push and pop are inline: the
 * engine does two of each per simulated case, and a call apiece cost more
 * than the work.
 *
 * Ownership: the queue owns its array; events are plain values.
 */
#ifndef FLOWMC_SIM_EVQ_H
#define FLOWMC_SIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

typedef struct evq_event {
    double t;
    uint64_t seq;     /* set by evq_push: priority << 56 | insertion order */
    uint32_t ref;     /* what the event is about (a token, a role, ...) */
    uint32_t gen;     /* generation of ref when scheduled: stale if changed */
    uint32_t aux;
    uint8_t kind;
    uint8_t prio;     /* lower runs first among events at the same time */
} evq_event;

typedef struct evq {
    evq_event *a;
    size_t n, cap;
    uint64_t seq;
} evq;

void evq_init(evq *q);
void evq_release(evq *q);
/* Empties the queue and restarts the sequence numbers. */
void evq_clear(evq *q);
/* The first event's time, INFINITY when empty. */
double evq_peek_time(const evq *q);
/* Makes room for one more event; aborts when out of memory (evq.c). */
void evq_grow(evq *q);

/* Priority and insertion order share one key, so that ties on time cost
 * one comparison; 2^56 insertions per clear is more than a run makes. */
static inline int evq_before(const evq_event *a, const evq_event *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

/* Adds e (its seq is assigned from its prio); aborts when out of memory. */
static inline void evq_push(evq *q, evq_event e)
{
    if (q->n == q->cap)
        evq_grow(q);
    e.seq = (uint64_t)e.prio << 56 | q->seq++;
    size_t i = q->n++;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (!evq_before(&e, &q->a[up]))
            break;
        q->a[i] = q->a[up];
        i = up;
    }
    q->a[i] = e;
}

/* Removes the first event into *out; 0 when the queue is empty. */
static inline int evq_pop(evq *q, evq_event *out)
{
    if (q->n == 0)
        return 0;
    *out = q->a[0];
    size_t n = --q->n;
    if (n == 0)
        return 1;
    evq_event last = q->a[n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, best = l;
        if (l >= n)
            break;
        if (l + 1 < n && evq_before(&q->a[l + 1], &q->a[l]))
            best = l + 1;
        if (!evq_before(&q->a[best], &last))
            break;
        q->a[i] = q->a[best];
        i = best;
    }
    q->a[i] = last;
    return 1;
}

#endif
