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

/* A queue of waiting work in service order: by priority (higher first),
 * then by arrival.  When every entry has the same priority the order is
 * plain arrival order, kept in a ring at a fraction of a heap's cost. */
typedef struct evq_wait {
    int fifo;         /* all priorities equal: ring, else heap */
    evq heap;
    evq_event *ring;  /* capacity a power of two */
    uint32_t head, n, cap;
} evq_wait;

/* Sets w up empty; fifo when every entry will have the same priority. */
void evq_wait_init(evq_wait *w, int fifo);
void evq_wait_release(evq_wait *w);
void evq_wait_clear(evq_wait *w);
/* Makes room for one more entry in the ring; aborts when out of memory. */
void evq_wait_grow(evq_wait *w);

/* Adds (ref, gen) with priority prio; its event's t is -prio. */
static inline void evq_wait_push(evq_wait *w, int prio, uint32_t ref, uint32_t gen)
{
    evq_event x = {-(double)prio, 0, ref, gen, 0, 0, 0};
    if (!w->fifo) {
        evq_push(&w->heap, x);
        return;
    }
    if (w->n == w->cap)
        evq_wait_grow(w);
    w->ring[(w->head + w->n++) & (w->cap - 1)] = x;
}

/* Removes the next entry into *out; 0 when empty. */
static inline int evq_wait_pop(evq_wait *w, evq_event *out)
{
    if (!w->fifo)
        return evq_pop(&w->heap, out);
    if (w->n == 0)
        return 0;
    *out = w->ring[w->head];
    w->head = (w->head + 1) & (w->cap - 1);
    w->n--;
    return 1;
}

#endif
