/* handoff_int.h: a bounded queue of pointers from one producer thread to
 * one consumer thread (handoff.c), for the audio passes' stages: decoding
 * beside measuring, encoding beside checking. Includes nothing of podkit.
 *
 * Threads are woken in batches: a sleeping consumer is woken only once
 * `batch` items wait (or the queue is closed), a sleeping producer only
 * once `batch` places are free. A queue handing over thousands of small
 * items a second then costs a wake-up per batch, not per item (on a
 * virtual machine a wake-up can cost more than the work it hands over).
 *
 * Ownership: an item put belongs to the queue until taken; items still
 * queued when the queue is freed go to the free function's drop. Errors
 * travel beside the queue (each user keeps its own); the queue only says
 * "stopped".
 */
#ifndef PODKIT_HANDOFF_INT_H
#define PODKIT_HANDOFF_INT_H

#include <stddef.h>

struct pk_handoff;

/* A queue of at most cap items (>= 1), waking in batches of batch (1 to
 * cap). Returns NULL when out of memory or threads' primitives fail. */
struct pk_handoff *pk_handoff_new(size_t cap, size_t batch);

/* Producer: queues item, waiting while the queue is full. Returns 0, or
 * -1 when the queue was stopped (item is then not queued: still the
 * caller's). */
int pk_handoff_put(struct pk_handoff *h, void *item);

/* Producer: no more items; the consumer takes what is queued, then gets
 * NULL. */
void pk_handoff_close(struct pk_handoff *h);

/* Consumer: the next item, waiting while the queue is empty; NULL once
 * the queue is closed and empty, or stopped. */
void *pk_handoff_take(struct pk_handoff *h);

/* Either side: give up. Every wait ends; put fails, take gives NULL. */
void pk_handoff_stop(struct pk_handoff *h);

/* Frees the queue (no thread may be using it), passing each item still
 * queued to drop (may be NULL). */
void pk_handoff_free(struct pk_handoff *h, void (*drop)(void *item));

#endif
