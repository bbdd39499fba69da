/* parallel.c: a minimal worker pool over pthreads for independent jobs. */
#include "podkit/parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "podkit/error.h"

int pk_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

struct pool {
	pthread_mutex_t lock;
	size_t next, n;
	void (*fn)(void *arg, size_t i);
	void *arg;
};

static void *worker(void *p)
{
	struct pool *pool = p;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&pool->lock);
		i = pool->next++;
		pthread_mutex_unlock(&pool->lock);
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
	int started = 0, k, r = 0;

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
	if (pthread_mutex_init(&pool.lock, NULL) != 0)
		return PK_EINTERNAL;
	t = calloc((size_t)jobs, sizeof(*t));
	if (!t)
		r = PK_ENOMEM;
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
	pthread_mutex_destroy(&pool.lock);
	return r;
}
