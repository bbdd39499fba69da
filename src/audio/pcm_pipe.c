/* pcm_pipe.c: one stage of an audio pass on its own thread, frames
 * handed over in chunks through a batched queue (base/handoff_int.h). */
#include "audio/pcm_pipe_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/handoff_int.h"

/* A chunk of interleaved frames. */
struct chunk {
	size_t n;
	float f[];
};

struct pk_pcm_pipe {
	struct pk_handoff *q;
	pthread_t thread;
	int running; /* the thread is to be joined */
	int channels;
	pk_pcm_read_fn read;
	pk_pcm_write_fn write;
	void *arg;
	/* the thread's outcome, set before it closes or stops the queue */
	int code;
	struct pk_error err;
	/* the caller's side: the chunk being filled (writer) or read
	 * (reader) */
	struct chunk *cur;
	size_t fill;
};

static struct chunk *chunk_new(int channels, size_t frames)
{
	struct chunk *c =
	    malloc(sizeof(*c) + frames * (size_t)channels * sizeof(float));

	if (c)
		c->n = 0;
	return c;
}

static void chunk_drop(void *c)
{
	free(c);
}

static void pipe_join(struct pk_pcm_pipe *p)
{
	if (p->running) {
		pthread_join(p->thread, NULL);
		p->running = 0;
	}
}

/* ---- a stage that makes frames ------------------------------------------ */

static void *reader_main(void *arg)
{
	struct pk_pcm_pipe *p = arg;
	struct chunk *c = NULL;
	size_t per = (size_t)p->channels;

	for (;;) {
		const float *f;
		size_t n = 0;
		int r = p->read(p->arg, &f, &n, &p->err);

		if (r < 0) {
			p->code = r;
			break;
		}
		if (r == 0)
			break;
		while (n > 0) {
			size_t k;

			if (!c && !(c = chunk_new(p->channels, PK_PCM_CHUNK))) {
				p->code = pk_error_set(&p->err, PK_ENOMEM,
						       "out of memory");
				goto end;
			}
			k = PK_PCM_CHUNK - c->n < n ? PK_PCM_CHUNK - c->n : n;
			memcpy(c->f + c->n * per, f, k * per * sizeof(float));
			c->n += k;
			f += k * per;
			n -= k;
			if (c->n < PK_PCM_CHUNK)
				continue;
			if (pk_handoff_put(p->q, c) < 0)
				goto end; /* the caller gave up */
			c = NULL;
		}
	}
	if (c && c->n && p->code == 0 && pk_handoff_put(p->q, c) == 0)
		c = NULL;
end:
	free(c);
	pk_handoff_close(p->q);
	return NULL;
}

int pk_pcm_reader_read(struct pk_pcm_pipe *p, const float **frames,
		       size_t *n, struct pk_error *err)
{
	free(p->cur);
	p->cur = pk_handoff_take(p->q);
	*n = 0;
	if (p->cur) {
		*frames = p->cur->f;
		*n = p->cur->n;
		return 1;
	}
	/* ended: the thread has let go of the stage */
	pipe_join(p);
	if (p->code < 0) {
		if (err)
			*err = p->err;
		return p->code;
	}
	return 0;
}

/* ---- a stage that takes frames ------------------------------------------ */

static void *writer_main(void *arg)
{
	struct pk_pcm_pipe *p = arg;
	struct chunk *c;

	while ((c = pk_handoff_take(p->q)) != NULL) {
		int r = p->write(p->arg, c->f, c->n, &p->err);

		free(c);
		if (r < 0) {
			p->code = r;
			/* the caller's next write or finish sees it */
			pk_handoff_stop(p->q);
			break;
		}
	}
	return NULL;
}

/* The stage's failure, once it has stopped the queue. */
static int writer_failed(struct pk_pcm_pipe *p, struct pk_error *err)
{
	pipe_join(p);
	if (p->code < 0) {
		if (err)
			*err = p->err;
		return p->code;
	}
	return pk_error_set(err, PK_EINTERNAL, "the encoding thread stopped");
}

int pk_pcm_writer_write(struct pk_pcm_pipe *p, const float *frames, size_t n,
			struct pk_error *err)
{
	size_t per = (size_t)p->channels;

	while (n > 0) {
		size_t k;

		if (!p->cur && !(p->cur = chunk_new(p->channels, PK_PCM_CHUNK)))
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		k = PK_PCM_CHUNK - p->cur->n < n ? PK_PCM_CHUNK - p->cur->n : n;
		memcpy(p->cur->f + p->cur->n * per, frames,
		       k * per * sizeof(float));
		p->cur->n += k;
		frames += k * per;
		n -= k;
		if (p->cur->n < PK_PCM_CHUNK)
			continue;
		if (pk_handoff_put(p->q, p->cur) < 0)
			return writer_failed(p, err);
		p->cur = NULL;
	}
	return 0;
}

int pk_pcm_writer_finish(struct pk_pcm_pipe *p, struct pk_error *err)
{
	if (p->cur && p->cur->n) {
		if (pk_handoff_put(p->q, p->cur) < 0)
			return writer_failed(p, err);
		p->cur = NULL;
	}
	pk_handoff_close(p->q);
	pipe_join(p);
	if (p->code < 0) {
		if (err)
			*err = p->err;
		return p->code;
	}
	return 0;
}

/* ---- either ------------------------------------------------------------- */

/* A pipe whose thread runs read (a reader) or write (a writer). */
static int pipe_start(struct pk_pcm_pipe **out, int channels,
		      pk_pcm_read_fn read, pk_pcm_write_fn write, void *arg,
		      struct pk_error *err)
{
	struct pk_pcm_pipe *p;

	*out = NULL;
	if (channels < 1)
		return pk_error_set(err, PK_EINVAL, "bad audio layout");
	p = calloc(1, sizeof(*p));
	if (!p || !(p->q = pk_handoff_new(PK_PCM_CHUNKS, PK_PCM_CHUNKS / 4))) {
		free(p);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	p->channels = channels;
	p->read = read;
	p->write = write;
	p->arg = arg;
	if (pthread_create(&p->thread, NULL, read ? reader_main : writer_main,
			   p) != 0) {
		pk_pcm_pipe_free(p);
		return pk_error_set(err, PK_EINTERNAL, "cannot start a thread");
	}
	p->running = 1;
	*out = p;
	return 0;
}

int pk_pcm_reader_start(struct pk_pcm_pipe **out, int channels,
			pk_pcm_read_fn read, void *arg, struct pk_error *err)
{
	return pipe_start(out, channels, read, NULL, arg, err);
}

int pk_pcm_writer_start(struct pk_pcm_pipe **out, int channels,
			pk_pcm_write_fn write, void *arg,
			struct pk_error *err)
{
	return pipe_start(out, channels, NULL, write, arg, err);
}

void pk_pcm_pipe_free(struct pk_pcm_pipe *p)
{
	if (!p)
		return;
	if (p->running) {
		pk_handoff_stop(p->q);
		pipe_join(p);
	}
	pk_handoff_free(p->q, chunk_drop);
	free(p->cur);
	free(p);
}
