/* parallel.c: a minimal worker pool over pthreads for independent jobs,
 * and an ordered pipeline over it. */
#include "base/parallel_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podkit/error.h"

int pk_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

struct pool {
	size_t next, n;
	void (*fn)(void *arg, size_t i);
	void *arg;
};

static void *worker(void *p)
{
	struct pool *pool = p;

	for (;;) {
		/* Handed out with one atomic add: no lock to fight over
		 * between jobs of a few microseconds. */
		size_t i = __atomic_fetch_add(&pool->next, 1, __ATOMIC_RELAXED);

		if (i >= pool->n)
			return NULL;
		pool->fn(pool->arg, i);
	}
}

int pk_parallel_for(size_t n, int jobs, void (*fn)(void *arg, size_t i),
		    void *arg)
{
	struct pool pool;
	pthread_t *t;
	int started = 0, k;

	if (jobs <= 0)
		jobs = pk_ncpus();
	if ((size_t)jobs > n)
		jobs = (int)n;
	if (jobs <= 1) {
		size_t i;

		for (i = 0; i < n; i++)
			fn(arg, i);
		return 0;
	}
	pool.next = 0;
	pool.n = n;
	pool.fn = fn;
	pool.arg = arg;
	/* No room for the threads' ids: the calling thread does it all. */
	t = calloc((size_t)jobs, sizeof(*t));
	/* jobs - 1 threads: the calling thread is the last worker. */
	for (k = 0; t && k < jobs - 1; k++) {
		if (pthread_create(&t[k], NULL, worker, &pool) != 0)
			break;
		started++;
	}
	/* The calling thread works too; with no thread started it does all
	 * the jobs. */
	worker(&pool);
	for (k = 0; k < started; k++)
		pthread_join(t[k], NULL);
	free(t);
	return 0;
}

/* A use that finds its job not made yet sleeps until this many more are
 * (or all are): one wake-up per batch, not per job. */
#define PIPELINE_BATCH 32
/* Workers take this many consecutive jobs at a time: one lock per chunk,
 * not per job, when jobs take microseconds. */
#define PIPELINE_CHUNK 16

struct pipeline {
	pthread_mutex_t lock;
	pthread_cond_t made; /* the jobs use waits for have been made */
	pthread_cond_t room; /* use has freed a slot */
	size_t n, window, chunk;
	size_t next;	     /* the next job to make */
	size_t used;	     /* jobs used so far */
	size_t ready;	     /* jobs [used, ready) are made */
	size_t wanted;	     /* use sleeps until ready reaches this */
	unsigned char *done; /* per slot: made, not yet used */
	int stop;
	void (*make)(void *arg, size_t i);
	void *arg;
};

static void *pipeline_worker(void *p)
{
	struct pipeline *pl = p;

	pthread_mutex_lock(&pl->lock);
	for (;;) {
		size_t i, first, end;

		first = pl->next;
		end = first + pl->chunk < pl->n ? first + pl->chunk : pl->n;
		/* The whole chunk must fit in the window. */
		while (!pl->stop && first < pl->n &&
		       end > pl->used + pl->window) {
			pthread_cond_wait(&pl->room, &pl->lock);
			first = pl->next;
			end = first + pl->chunk < pl->n ? first + pl->chunk
							: pl->n;
		}
		if (pl->stop || first >= pl->n)
			break;
		pl->next = end;
		pthread_mutex_unlock(&pl->lock);
		for (i = first; i < end; i++)
			pl->make(pl->arg, i);
		pthread_mutex_lock(&pl->lock);
		for (i = first; i < end; i++)
			pl->done[i % pl->window] = 1;
		while (pl->ready < pl->next && pl->done[pl->ready % pl->window])
			pl->ready++;
		if (pl->wanted && pl->ready >= pl->wanted) {
			pl->wanted = 0;
			pthread_cond_signal(&pl->made);
		}
	}
	pthread_mutex_unlock(&pl->lock);
	return NULL;
}

static int pipeline_in_order(size_t n, void (*make)(void *arg, size_t i),
			     int (*use)(void *arg, size_t i), void *arg)
{
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		make(arg, i);
		r = use(arg, i);
		if (r)
			return r;
	}
	return 0;
}

int pk_parallel_ordered(size_t n, int jobs, size_t window,
			void (*make)(void *arg, size_t i),
			int (*use)(void *arg, size_t i), void *arg)
{
	struct pipeline pl;
	pthread_t *t;
	size_t i;
	int started = 0, k, r = 0;

	if (jobs <= 0)
		jobs = pk_ncpus();
	if (window < 1)
		window = 1;
	if ((size_t)jobs > n)
		jobs = (int)n;
	if (jobs <= 1)
		return pipeline_in_order(n, make, use, arg);
	memset(&pl, 0, sizeof(pl));
	pl.n = n;
	pl.window = window;
	pl.chunk = window < PIPELINE_CHUNK ? window : PIPELINE_CHUNK;
	pl.make = make;
	pl.arg = arg;
	pl.done = calloc(window, 1);
	t = calloc((size_t)jobs, sizeof(*t));
	if (!pl.done || !t) {
		free(pl.done);
		free(t);
		return PK_ENOMEM;
	}
	if (pthread_mutex_init(&pl.lock, NULL) != 0 ||
	    pthread_cond_init(&pl.made, NULL) != 0 ||
	    pthread_cond_init(&pl.room, NULL) != 0) {
		free(pl.done);
		free(t);
		return PK_EINTERNAL;
	}
	for (k = 0; k < jobs; k++) {
		if (pthread_create(&t[k], NULL, pipeline_worker, &pl) != 0)
			break;
		started++;
	}
	if (!started) {
		r = pipeline_in_order(n, make, use, arg);
		goto out;
	}
	/* Every job made is used without the lock; the lock is taken once
	 * per run of made jobs, to say how far use has got and to wait. */
	i = 0;
	while (i < n && !r) {
		size_t avail;

		pthread_mutex_lock(&pl.lock);
		pl.used = i;
		pthread_cond_broadcast(&pl.room);
		if (pl.ready <= i) {
			/* No further than a chunk that fits in the window can
			 * reach, or the wait would never end. */
			pl.wanted =
			    i + PIPELINE_BATCH < n ? i + PIPELINE_BATCH : n;
			if (pl.wanted > i + window - pl.chunk + 1)
				pl.wanted = i + window - pl.chunk + 1;
			while (pl.ready <= i || pl.wanted)
				pthread_cond_wait(&pl.made, &pl.lock);
		}
		avail = pl.ready;
		pthread_mutex_unlock(&pl.lock);
		/* Jobs below ready are made, and no worker touches their
		 * slots until used passes them. */
		for (; i < avail && !r; i++) {
			pl.done[i % window] = 0;
			r = use(arg, i);
		}
	}
	pthread_mutex_lock(&pl.lock);
	pl.used = i;
	if (r)
		pl.stop = 1;
	pthread_cond_broadcast(&pl.room);
	pthread_mutex_unlock(&pl.lock);
	for (k = 0; k < started; k++)
		pthread_join(t[k], NULL);
out:
	pthread_cond_destroy(&pl.room);
	pthread_cond_destroy(&pl.made);
	pthread_mutex_destroy(&pl.lock);
	free(pl.done);
	free(t);
	return r;
}
