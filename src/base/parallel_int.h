/* parallel_int.h: running independent jobs (a build's episodes) on every
 * core. */
#ifndef PODKIT_PARALLEL_H
#define PODKIT_PARALLEL_H

#include <stddef.h>

/* The number of online processors (at least 1). */
int pk_ncpus(void);

/* Calls fn(arg, i) for every i in [0, n) on up to jobs threads (0: one
 * per core; 1: in order on the calling thread). Jobs are handed out in
 * order; fn must be safe to run concurrently with itself and reports
 * failures through arg (a job's failure does not stop the others).
 * Every job has run, once, when it returns: on the calling thread alone
 * if no thread could be started. Returns 0. */
int pk_parallel_for(size_t n, int jobs, void (*fn)(void *arg, size_t i),
		    void *arg);

/* An ordered pipeline: make(arg, i) runs for every i in [0, n) on up to
 * jobs worker threads (0: one per core), while use(arg, i) runs on the
 * calling thread for i = 0, 1, 2... in order, each as soon as its make
 * has returned. make is never more than window jobs ahead of use, so the
 * caller keeps results in window slots (slot i % window belongs to job i
 * from its make to the end of its use). A nonzero return from use stops
 * the pipeline: no make starts after it, use is not called again, and
 * that value is returned once the makes under way have finished. With
 * jobs 1, or when no thread can be started, make and use alternate on the
 * calling thread. Returns 0, use's value, or PK_ENOMEM / PK_EINTERNAL
 * when the pipeline could not be set up (then nothing ran). */
int pk_parallel_ordered(size_t n, int jobs, size_t window,
			void (*make)(void *arg, size_t i),
			int (*use)(void *arg, size_t i), void *arg);

#endif
