/* handoff.c: a bounded single-producer, single-consumer queue of
 * pointers with batched wake-ups. */
#include "base/handoff_int.h"

#include <pthread.h>
#include <stdlib.h>

struct pk_handoff {
	pthread_mutex_t lock;
	pthread_cond_t more, room;
	void **v;
	size_t cap, batch;
	size_t head, len;
	int closed, stopped;
	int taker_waits, putter_waits; /* a side is asleep on its cond */
};

struct pk_handoff *pk_handoff_new(size_t cap, size_t batch)
{
	struct pk_handoff *h;

	if (cap < 1)
		cap = 1;
	if (batch < 1)
		batch = 1;
	if (batch > cap)
		batch = cap;
	h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->v = calloc(cap, sizeof(*h->v));
	if (!h->v) {
		free(h);
		return NULL;
	}
	if (pthread_mutex_init(&h->lock, NULL) != 0) {
		free(h->v);
		free(h);
		return NULL;
	}
	if (pthread_cond_init(&h->more, NULL) != 0) {
		pthread_mutex_destroy(&h->lock);
		free(h->v);
		free(h);
		return NULL;
	}
	if (pthread_cond_init(&h->room, NULL) != 0) {
		pthread_cond_destroy(&h->more);
		pthread_mutex_destroy(&h->lock);
		free(h->v);
		free(h);
		return NULL;
	}
	h->cap = cap;
	h->batch = batch;
	return h;
}

int pk_handoff_put(struct pk_handoff *h, void *item)
{
	pthread_mutex_lock(&h->lock);
	while (h->len == h->cap && !h->stopped) {
		h->putter_waits = 1;
		pthread_cond_wait(&h->room, &h->lock);
	}
	if (h->stopped) {
		pthread_mutex_unlock(&h->lock);
		return -1;
	}
	h->v[(h->head + h->len) % h->cap] = item;
	h->len++;
	if (h->taker_waits && h->len >= h->batch) {
		h->taker_waits = 0;
		pthread_cond_signal(&h->more);
	}
	pthread_mutex_unlock(&h->lock);
	return 0;
}

void pk_handoff_close(struct pk_handoff *h)
{
	pthread_mutex_lock(&h->lock);
	h->closed = 1;
	h->taker_waits = 0;
	pthread_cond_signal(&h->more);
	pthread_mutex_unlock(&h->lock);
}

void *pk_handoff_take(struct pk_handoff *h)
{
	void *item = NULL;

	pthread_mutex_lock(&h->lock);
	/* asleep until a batch is there: the producer wakes us then */
	while (!h->len && !h->closed && !h->stopped) {
		h->taker_waits = 1;
		pthread_cond_wait(&h->more, &h->lock);
	}
	if (h->len && !h->stopped) {
		item = h->v[h->head];
		h->head = (h->head + 1) % h->cap;
		h->len--;
		if (h->putter_waits && h->cap - h->len >= h->batch) {
			h->putter_waits = 0;
			pthread_cond_signal(&h->room);
		}
	}
	pthread_mutex_unlock(&h->lock);
	return item;
}

void pk_handoff_stop(struct pk_handoff *h)
{
	pthread_mutex_lock(&h->lock);
	h->stopped = 1;
	h->taker_waits = h->putter_waits = 0;
	pthread_cond_broadcast(&h->more);
	pthread_cond_broadcast(&h->room);
	pthread_mutex_unlock(&h->lock);
}

void pk_handoff_free(struct pk_handoff *h, void (*drop)(void *item))
{
	if (!h)
		return;
	while (h->len > 0) {
		if (drop)
			drop(h->v[h->head]);
		h->head = (h->head + 1) % h->cap;
		h->len--;
	}
	pthread_cond_destroy(&h->more);
	pthread_cond_destroy(&h->room);
	pthread_mutex_destroy(&h->lock);
	free(h->v);
	free(h);
}
