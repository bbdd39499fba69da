/* pcm_pipe_int.h: one stage of an audio pass on a thread of its own
 * (pcm_pipe.c), so a pass uses both cores: pass 1 decodes and cleans the
 * recording on one thread while the meter measures on the other; pass 2
 * encodes on one thread while the recording is decoded, levelled and
 * limited on the other (and verify.c checks the packets on a third).
 * Includes podkit/error.h.
 *
 * Frames travel as interleaved float chunks of about PK_PCM_CHUNK frames,
 * copied, a few seconds of audio at most in flight (memory stays flat).
 * The stage's function runs on the pipe's thread only, so whatever it
 * touches (a decoder, an encoder) the caller must leave alone until the
 * pipe has ended (pk_pcm_reader_read returned 0 or an error, or
 * pk_pcm_writer_finish returned) or been freed.
 *
 * Errors: a stage's failure (its struct pk_error) reaches the caller on
 * the caller's next read, or from finish; the thread never prints.
 */
#ifndef PODKIT_PCM_PIPE_H
#define PODKIT_PCM_PIPE_H

#include <stddef.h>

#include "podkit/error.h"

/* Frames per chunk handed between the threads, and chunks in flight. */
#define PK_PCM_CHUNK 8192
#define PK_PCM_CHUNKS 24

struct pk_pcm_pipe;

/* A stage that makes frames: as pk_decoder_read, 1 and *n frames
 * (borrowed until its next call), 0 at the end, or an error code. */
typedef int (*pk_pcm_read_fn)(void *arg, const float **frames, size_t *n,
			      struct pk_error *err);
/* A stage that takes frames: 0, or an error code with err set. */
typedef int (*pk_pcm_write_fn)(void *arg, const float *frames, size_t n,
			       struct pk_error *err);

/* Starts a thread calling read(arg, ...) until it ends, its frames
 * (channels per frame) queued for pk_pcm_reader_read. */
int pk_pcm_reader_start(struct pk_pcm_pipe **out, int channels,
			pk_pcm_read_fn read, void *arg, struct pk_error *err);

/* The next frames in order: 1 and *n frames (borrowed until the next
 * call), 0 when the stage has ended, or the stage's error. */
int pk_pcm_reader_read(struct pk_pcm_pipe *p, const float **frames,
		       size_t *n, struct pk_error *err);

/* Starts a thread that passes every frame given to pk_pcm_writer_write
 * to write(arg, ...), in order. */
int pk_pcm_writer_start(struct pk_pcm_pipe **out, int channels,
			pk_pcm_write_fn write, void *arg,
			struct pk_error *err);

/* Queues n frames (copied). Returns 0, or the stage's error once it has
 * failed (the stage then takes nothing more). */
int pk_pcm_writer_write(struct pk_pcm_pipe *p, const float *frames, size_t n,
			struct pk_error *err);

/* Waits until write has taken every frame queued; 0 or the stage's
 * error. */
int pk_pcm_writer_finish(struct pk_pcm_pipe *p, struct pk_error *err);

/* Stops the thread (if it still runs), waits for it and frees the pipe.
 * NULL is ignored. */
void pk_pcm_pipe_free(struct pk_pcm_pipe *p);

#endif
