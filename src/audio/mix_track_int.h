/* mix_track_int.h: a track of pk_mix as its three files share it: mix.c
 * (pk_mix_render and pk_mix: the passes in order, the results),
 * mix_analyse.c (pass 1: read, placed, levelled) and mix_render.c (pass 2:
 * resampled, gated and written as a WAV). struct track is owned by
 * pk_mix_render, which frees what pass 1 leaves (pk_trackscan_release);
 * pass 2 frees its own. Errors travel as a negative PK_E* code with the
 * message in err, naming the track's file.
 */
#ifndef PODKIT_MIX_TRACK_INT_H
#define PODKIT_MIX_TRACK_INT_H

#include <libswresample/swresample.h>
#include <stddef.h>
#include <stdint.h>

#include "audio/mix_int.h"
#include "podkit/error.h"
#include "podkit/mix.h"

/* Every track's speech is brought to this loudness (LUFS) in the mix; the
 * whole is then taken to the target. Far enough under 0 dBFS that the sum
 * of two voices keeps its peaks readable in any format. */
#define PK_MIX_LEVEL_LUFS (-23.0)

struct track {
	const struct pk_mix_track *in;
	struct pk_trackscan scan;
	int rate, channels;
	int64_t frames; /* as recorded */
	double speech;	/* LUFS */
	double gain;	/* dB */
	double a, b;	/* mix seconds of its second u: a + b * u */
	double match, drift_ppm;
	int silent;
	/* pass 2 */
	struct pk_decoder *dec;
	SwrContext *swr;
	float *buf; /* resampled frames [pos, len) not yet taken */
	size_t cap, len, pos;
	int64_t lead;	   /* zeros still to give before its first frame */
	int64_t at;	   /* mix frames given so far */
	int64_t end;	   /* mix frame after its last real frame */
	double gated;	   /* seconds its gate was closed */
	int64_t comp_left; /* output frames the drift compensation covers */
	int comp_delta;	   /* the compensation's frames per comp_dist */
	int comp_dist;
	int eof; /* 1: decoded to the end, 2: resampler drained */
	float *block;
};

/* The track's name in messages: its file (borrowed). */
static inline const char *pk_mix_label(const struct track *t)
{
	return t->in->path;
}

/* The track's length as recorded, seconds. */
static inline double pk_mix_seconds(const struct track *t)
{
	return (double)t->frames / t->rate;
}

/* ---- pass 1 (mix_analyse.c) ------------------------------------------- */

/* Pass 1 of every track at once, one per core: each its own decoder and
 * meters, its failure in its own slot. */
struct scan_jobs {
	struct track *tr;
	int rc[PK_MIX_MAX_TRACKS];
	struct pk_error err[PK_MIX_MAX_TRACKS];
};

/* A pk_parallel_for job: reads track i of the struct scan_jobs at arg
 * (its rate, channels, length, scan and speech loudness; silent when it
 * has no speech), its result in rc[i] and err[i]. */
void pk_mix_scan_one(void *arg, size_t i);

/* Places t against ref: sets t->a, t->b, t->match, t->drift_ppm. No
 * sound in common within max_offset seconds is an error; an end that does
 * not match is a warning in warn (may be NULL), the drift left alone. */
int pk_mix_align(struct track *ref, struct track *t, double max_offset,
		 struct pk_diags *warn, struct pk_error *err);

/* Each track's speech loudness over the moments its own speaker talks
 * (it is the loudest by OWN_SPEECH_LU, mix_analyse.c, once levelled),
 * BS.1770-gated;
 * sets t->speech and t->gain. */
int pk_mix_level(struct track **used, size_t nu, struct pk_error *err);

/* ---- pass 2 (mix_render.c) -------------------------------------------- */

/* Mixes the n tracks tr (placed and gained) at rate through the crosstalk
 * gate (gate_db, level_db as pk_xgate_init) into the float WAV wav, and
 * sets *frames_out to its length and each track's gated seconds. Each
 * track's decoder, resampler and buffers are freed before it returns. */
int pk_mix_write_wav(struct track **tr, size_t n, const char *wav, int rate,
		     double gate_db, double level_db, int64_t *frames_out,
		     struct pk_error *err);

#endif
