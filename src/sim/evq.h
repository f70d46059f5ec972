/*
 * evq: the simulator's future event list -- a binary min-heap ordered by
 * (time, priority, sequence number), so that simultaneous events run in a
 * fixed, documented order and every run is reproducible.  The array grows
 * to the largest number of pending events and is then reused: no
 * allocation per event in the steady state.
 *
 * Ownership: the queue owns its array; events are plain values.
 */
#ifndef FLOWMC_SIM_EVQ_H
#define FLOWMC_SIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

typedef struct evq_event {
    double t;
    uint64_t seq;     /* set by evq_push: insertion order */
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
/* Adds e (its seq is assigned); aborts when out of memory. */
void evq_push(evq *q, evq_event e);
/* Removes the first event into *out; 0 when the queue is empty. */
int evq_pop(evq *q, evq_event *out);
/* The first event's time, INFINITY when empty. */
double evq_peek_time(const evq *q);

#endif
