/* parallel.h: running independent jobs (a build's episodes) on every
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
 * Every job has run when it returns, on the calling thread alone if no
 * thread could be started. Returns 0, or PK_ENOMEM / PK_EINTERNAL when
 * the pool could not be set up (then no job ran). */
int pk_parallel_for(size_t n, int jobs, void (*fn)(void *arg, size_t i),
		    void *arg);

#endif
