/* test_pcm_pipe.c: the batched hand-off queue (base/handoff_int.h) and
 * the audio passes' stages on their own threads (audio/pcm_pipe_int.h):
 * every frame arrives once and in order, failures reach the caller, and
 * giving up never hangs. Also run under ThreadSanitizer (make tsan). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "audio/pcm_pipe_int.h"
#include "base/handoff_int.h"

/* ---- the queue ----------------------------------------------------------- */

#define ITEMS 20000

struct producer {
	struct pk_handoff *q;
	size_t put, refused;
	size_t stop_after; /* put this many, then stop waiting (0: all) */
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	uintptr_t i;

	for (i = 1; i <= ITEMS; i++) {
		if (pk_handoff_put(p->q, (void *)i) < 0) {
			p->refused++;
			break;
		}
		p->put++;
	}
	pk_handoff_close(p->q);
	return NULL;
}

static void test_handoff_order(size_t cap, size_t batch)
{
	struct producer p = {0};
	pthread_t t;
	uintptr_t want = 1, got_items = 0, misorder = 0;
	void *x;

	p.q = pk_handoff_new(cap, batch);
	CHECK(p.q != NULL);
	if (!p.q)
		return;
	CHECK(pthread_create(&t, NULL, produce, &p) == 0);
	while ((x = pk_handoff_take(p.q)) != NULL) {
		if ((uintptr_t)x != want)
			misorder++;
		want = (uintptr_t)x + 1;
		got_items++;
	}
	pthread_join(t, NULL);
	CHECK_INT(got_items, ITEMS);
	CHECK_INT(misorder, 0);
	CHECK_INT(p.refused, 0);
	pk_handoff_free(p.q, NULL);
}

static size_t dropped;

static void count_drop(void *item)
{
	(void)item;
	dropped++;
}

static void test_handoff_stop(void)
{
	struct producer p = {0};
	pthread_t t;
	size_t taken = 0;

	/* a full queue: the producer waits for room, a stop frees it */
	p.q = pk_handoff_new(8, 4);
	CHECK(pthread_create(&t, NULL, produce, &p) == 0);
	while (taken < 3 && pk_handoff_take(p.q))
		taken++;
	usleep(20000); /* the producer fills the queue and waits */
	pk_handoff_stop(p.q);
	pthread_join(t, NULL);
	CHECK_INT(p.refused, 1);
	CHECK(pk_handoff_take(p.q) == NULL);
	dropped = 0;
	pk_handoff_free(p.q, count_drop);
	/* what was queued and never taken goes to drop, once each */
	CHECK_INT(dropped, p.put - taken);
	/* closing an empty queue ends a waiting consumer */
	p.q = pk_handoff_new(4, 4);
	pk_handoff_close(p.q);
	CHECK(pk_handoff_take(p.q) == NULL);
	pk_handoff_free(p.q, NULL);
}

/* ---- a stage that makes frames ------------------------------------------ */

#define CH 2
#define TOTAL 100003 /* not a multiple of any chunk */

struct source {
	size_t pos, fail_at;
	float buf[3000 * CH];
};

/* Frames numbered 0, 1, 2... in reads of varying size; fails at fail_at
 * when that is set. */
static int source_read(void *arg, const float **f, size_t *n,
		       struct pk_error *err)
{
	struct source *s = arg;
	size_t k = 1 + (s->pos * 7919) % 2999, i;

	if (s->fail_at && s->pos >= s->fail_at)
		return pk_error_set(err, PK_EMEDIA, "broken at %zu", s->pos);
	if (s->pos >= TOTAL)
		return 0;
	if (k > TOTAL - s->pos)
		k = TOTAL - s->pos;
	for (i = 0; i < k; i++) {
		s->buf[i * CH] = (float)(s->pos + i);
		s->buf[i * CH + 1] = -(float)(s->pos + i);
	}
	s->pos += k;
	*f = s->buf;
	*n = k;
	return 1;
}

static void test_reader(void)
{
	struct source s = {0};
	struct pk_pcm_pipe *p = NULL;
	struct pk_error err = {0};
	const float *f;
	size_t n, next = 0, wrong = 0, i;
	int r;

	CHECK(pk_pcm_reader_start(&p, CH, source_read, &s, &err) == 0);
	while ((r = pk_pcm_reader_read(p, &f, &n, &err)) > 0)
		for (i = 0; i < n; i++, next++)
			if (f[i * CH] != (float)next ||
			    f[i * CH + 1] != -(float)next)
				wrong++;
	CHECK_INT(r, 0);
	CHECK_INT(next, TOTAL);
	CHECK_INT(wrong, 0);
	/* the stage is the caller's again: its position is final */
	CHECK_INT(s.pos, TOTAL);
	pk_pcm_pipe_free(p);

	/* a failing stage: the frames before it, then its own error */
	memset(&s, 0, sizeof(s));
	s.fail_at = 50000;
	next = 0;
	CHECK(pk_pcm_reader_start(&p, CH, source_read, &s, &err) == 0);
	while ((r = pk_pcm_reader_read(p, &f, &n, &err)) > 0)
		next += n;
	CHECK_INT(r, PK_EMEDIA);
	CHECK(strstr(err.msg, "broken at") != NULL);
	CHECK(next >= 50000 - PK_PCM_CHUNK && next <= 50000 + 3000);
	pk_pcm_pipe_free(p);

	/* the caller gives up early: free stops the thread */
	memset(&s, 0, sizeof(s));
	CHECK(pk_pcm_reader_start(&p, CH, source_read, &s, &err) == 0);
	CHECK(pk_pcm_reader_read(p, &f, &n, &err) == 1);
	pk_pcm_pipe_free(p);
	CHECK(1); /* reached: no hang */
}

/* ---- a stage that takes frames ------------------------------------------ */

struct sink {
	size_t next, wrong, fail_at, calls;
	pthread_t thread;
};

static int sink_write(void *arg, const float *f, size_t n,
		      struct pk_error *err)
{
	struct sink *s = arg;
	size_t i;

	s->calls++;
	s->thread = pthread_self();
	if (s->fail_at && s->next + n > s->fail_at)
		return pk_error_set(err, PK_EIO, "disk full at %zu", s->next);
	for (i = 0; i < n; i++, s->next++)
		if (f[i * CH] != (float)s->next ||
		    f[i * CH + 1] != -(float)s->next)
			s->wrong++;
	return 0;
}

static void test_writer(void)
{
	struct sink s = {0};
	struct pk_pcm_pipe *p = NULL;
	struct pk_error err = {0};
	float buf[3000 * CH];
	size_t pos = 0, i;
	int r = 0;

	CHECK(pk_pcm_writer_start(&p, CH, sink_write, &s, &err) == 0);
	while (pos < TOTAL && r == 0) {
		size_t k = 1 + (pos * 104729) % 2999;

		if (k > TOTAL - pos)
			k = TOTAL - pos;
		for (i = 0; i < k; i++) {
			buf[i * CH] = (float)(pos + i);
			buf[i * CH + 1] = -(float)(pos + i);
		}
		r = pk_pcm_writer_write(p, buf, k, &err);
		pos += k;
	}
	CHECK_INT(r, 0);
	CHECK_INT(pk_pcm_writer_finish(p, &err), 0);
	CHECK_INT(s.next, TOTAL);
	CHECK_INT(s.wrong, 0);
	/* the frames went in chunks, on the pipe's own thread */
	CHECK(s.calls <= TOTAL / PK_PCM_CHUNK + 1);
	CHECK(!pthread_equal(s.thread, pthread_self()));
	pk_pcm_pipe_free(p);

	/* a failing stage: a later write or the finish says so */
	memset(&s, 0, sizeof(s));
	s.fail_at = 40000;
	pos = 0;
	r = 0;
	CHECK(pk_pcm_writer_start(&p, CH, sink_write, &s, &err) == 0);
	memset(buf, 0, sizeof(buf));
	while (pos < TOTAL && r == 0) {
		r = pk_pcm_writer_write(p, buf, 1000, &err);
		pos += 1000;
	}
	if (r == 0)
		r = pk_pcm_writer_finish(p, &err);
	CHECK_INT(r, PK_EIO);
	CHECK(strstr(err.msg, "disk full") != NULL);
	pk_pcm_pipe_free(p);

	/* given up before the finish: free stops the thread */
	memset(&s, 0, sizeof(s));
	CHECK(pk_pcm_writer_start(&p, CH, sink_write, &s, &err) == 0);
	for (i = 0; i < 20; i++)
		pk_pcm_writer_write(p, buf, 3000, &err);
	pk_pcm_pipe_free(p);
	CHECK(1);
}

int main(void)
{
	test_handoff_order(1, 1);
	test_handoff_order(24, 6);
	test_handoff_order(256, 32);
	test_handoff_order(7, 7);
	test_handoff_stop();
	test_reader();
	test_writer();
	return harness_done();
}
