/* test_parallel.c: the ordered pipeline (pk_parallel_ordered) and the
 * in-order merge of per-thread diagnostics (pk_diags_move). */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "podkit/diag.h"
#include "base/parallel_int.h"

#define N 3000
#define WINDOW 16

/* What the pipeline did, recorded under a lock by make and read by use. */
struct record {
	pthread_mutex_t lock;
	size_t used;	     /* uses so far */
	size_t started;	     /* makes started */
	size_t ahead_max;    /* the furthest a make started past use */
	size_t order_errors; /* a use out of order, or before its make */
	size_t slot_errors;  /* a slot not holding its own job's result */
	size_t stop_at;	     /* use returns 7 here (N: never) */
	unsigned char made[N];
	size_t slot[WINDOW]; /* the result make leaves for use */
	pthread_t maker[N];
};

static void make(void *arg, size_t i)
{
	struct record *r = arg;

	pthread_mutex_lock(&r->lock);
	r->started++;
	if (i - r->used > r->ahead_max)
		r->ahead_max = i - r->used;
	r->maker[i] = pthread_self();
	pthread_mutex_unlock(&r->lock);
	/* Uneven work, so later jobs often finish before earlier ones. */
	if (i % 7 == 0)
		usleep(200);
	r->slot[i % WINDOW] = i * 3 + 1;
	pthread_mutex_lock(&r->lock);
	r->made[i] = 1;
	pthread_mutex_unlock(&r->lock);
}

static int use(void *arg, size_t i)
{
	struct record *r = arg;

	pthread_mutex_lock(&r->lock);
	if (i != r->used || !r->made[i])
		r->order_errors++;
	if (r->slot[i % WINDOW] != i * 3 + 1)
		r->slot_errors++;
	r->used = i + 1;
	pthread_mutex_unlock(&r->lock);
	return i == r->stop_at ? 7 : 0;
}

static struct record *record_new(size_t stop_at)
{
	struct record *r = calloc(1, sizeof(*r));

	if (!r)
		exit(1);
	pthread_mutex_init(&r->lock, NULL);
	r->stop_at = stop_at;
	return r;
}

static void record_free(struct record *r)
{
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static void test_in_order(void)
{
	struct record *r = record_new(N);
	size_t i, other = 0;

	CHECK_INT(pk_parallel_ordered(N, 4, WINDOW, make, use, r), 0);
	CHECK_INT(r->used, N);
	CHECK_INT(r->started, N);
	CHECK_INT(r->order_errors, 0);
	CHECK_INT(r->slot_errors, 0);
	/* use i - 1 is done before make i + WINDOW - 1 may start. */
	CHECK(r->ahead_max < WINDOW);
	for (i = 0; i < N; i++)
		other += !pthread_equal(r->maker[i], r->maker[0]);
	CHECK(other > 0); /* more than one thread made */
	record_free(r);
}

static void test_stop(void)
{
	struct record *r = record_new(100);

	CHECK_INT(pk_parallel_ordered(N, 3, WINDOW, make, use, r), 7);
	CHECK_INT(r->used, 101);
	CHECK_INT(r->order_errors, 0);
	/* No make starts past the window once use has stopped. */
	CHECK(r->started <= 101 + WINDOW);
	record_free(r);
}

static void test_one_thread(void)
{
	struct record *r = record_new(N);
	size_t i, other = 0;

	CHECK_INT(pk_parallel_ordered(500, 1, WINDOW, make, use, r), 0);
	CHECK_INT(r->used, 500);
	CHECK_INT(r->order_errors, 0);
	/* make and use alternate: never a job ahead. */
	CHECK_INT(r->ahead_max, 0);
	for (i = 0; i < 500; i++)
		other += !pthread_equal(r->maker[i], pthread_self());
	CHECK_INT(other, 0);
	record_free(r);

	r = record_new(N);
	CHECK_INT(pk_parallel_ordered(0, 4, WINDOW, make, use, r), 0);
	CHECK_INT(r->started + r->used, 0);
	/* A window of 1: one job at a time, still in order. */
	CHECK_INT(pk_parallel_ordered(200, 4, 1, make, use, r), 0);
	CHECK_INT(r->used, 200);
	CHECK_INT(r->order_errors, 0);
	CHECK_INT(r->ahead_max, 0);
	record_free(r);

	/* A window that is not a multiple of how many jobs a worker takes
	 * at once must not leave use waiting for jobs no one may make. */
	r = record_new(N);
	CHECK_INT(pk_parallel_ordered(1000, 2, 20, make, use, r), 0);
	CHECK_INT(r->used, 1000);
	CHECK_INT(r->order_errors, 0);
	CHECK(r->ahead_max < 20);
	record_free(r);
}

static void test_diags_move(void)
{
	struct pk_diags a, b;
	int i;

	pk_diags_init(&a);
	pk_diags_init(&b);
	pk_diags_add(&a, PK_ERROR, "a.md", 1, "first");
	for (i = 0; i < 40; i++) /* past the list's first allocation */
		pk_diags_add(&b, i % 2 ? PK_WARNING : PK_ERROR, "b.md", i + 1,
			     "b %d", i);
	CHECK_INT(pk_diags_move(&a, &b), 0);
	CHECK_INT(a.n, 41);
	CHECK_INT(a.errors, 21);
	CHECK_INT(a.warnings, 20);
	CHECK_STR(a.v[0].msg, "first");
	CHECK_STR(a.v[1].msg, "b 0");
	CHECK_STR(a.v[40].msg, "b 39");
	CHECK_INT(a.v[40].line, 40);
	CHECK_INT(b.n + b.errors + b.warnings, 0);
	/* Moving an empty list changes nothing. */
	CHECK_INT(pk_diags_move(&a, &b), 0);
	CHECK_INT(a.n, 41);
	pk_diags_release(&a);
	pk_diags_release(&b);
}

int main(void)
{
	test_in_order();
	test_stop();
	test_one_thread();
	test_diags_move();
	return harness_done();
}
