/* mix.h: a double-ender (one microphone per speaker, each recorded on its
 * own machine) mixed into one published file.
 *
 * Two streaming passes over the tracks, then the single-file chain:
 *
 * 1. Analysis. Each track is decoded once to mono at its own rate. Kept:
 *    a log-energy envelope (5 ms hops, one byte each: 0.7 MB per track and
 *    hour, the only thing that grows with the length) and a histogram of
 *    its momentary loudness (fixed size). From these:
 *    - alignment: the envelope of each track is cross-correlated with the
 *      first track's (the reference) over a window near the start and one
 *      near the end. Each mic hears the other voices faintly (bleed) and
 *      both hear a clap, so the envelopes match at one lag. The search
 *      covers max_offset seconds each way at the start, and 0.12 % of the
 *      span (a bit over the 0.1 % two recorders' clocks differ by) at the
 *      end. An offset given by the caller replaces the search (the track
 *      is then taken as drift-free).
 *    - drift: the two offsets give the track's clock against the
 *      reference's; it is removed by resampling (libswresample's soft
 *      compensation) in pass 2.
 *    - speech level: the power mean of the momentary loudness within
 *      SPEECH_GATE_LU of the track's loud end (its 98th percentile), so the
 *      other voices' bleed (15-20 dB down) and pauses do not count.
 * 2. Mixing. Every track is decoded again, resampled to the mix rate with
 *    its drift taken out, placed at its offset, given the gain that brings
 *    its speech to the common level, and gated: in 10 ms blocks a track
 *    whose speaker is not talking (its mic well under the loudest one) is
 *    turned down by gate_db. The gate opens 30 ms ahead of a word (the
 *    mix is delayed by that much, then trimmed back), holds 300 ms and
 *    closes over 200 ms; when nobody talks the gates stay as they are, so
 *    room tone does not pump. The mono mix is written as a 32-bit float
 *    WAV (no clipping before the limiter).
 * 3. pk_normalize on that WAV: gain plan, true-peak limiter, encode,
 *    verify. The WAV is a temporary beside the output, removed after.
 *
 * Memory is flat but for the envelopes; nothing holds a whole track.
 */
#ifndef PODKIT_MIX_H
#define PODKIT_MIX_H

#include <stddef.h>

#include "podkit/diag.h"
#include "podkit/error.h"
#include "podkit/normalize.h"

/* The most tracks one mix takes. */
#define PK_MIX_MAX_TRACKS 16

struct pk_mix_track {
	const char *name; /* the speaker (may be NULL); borrowed */
	const char *path; /* the audio file; borrowed */
	/* Seconds after the first track's start at which this track's first
	 * sample plays (negative: before it); NAN: found by alignment. The
	 * first track's own offset is 0 unless given. */
	double offset;
};

struct pk_mix_opts {
	double max_offset; /* seconds the alignment searches each way;
			    * NAN: 120 */
	double gate_db;	   /* how far a silent speaker's mic is turned down
			    * (dB, positive); NAN: 24; 0: no gating */
	int level;	   /* 1: level every track to the same speech
			    * loudness (default) */
	const char *wav;   /* also keep the float WAV mix here (or NULL) */
	struct pk_normalize_opts out; /* the single-file chain's options */
};

/* Fills opts with the defaults (and out with pk_normalize_opts_init's). */
void pk_mix_opts_init(struct pk_mix_opts *opts);

struct pk_mix_track_result {
	double offset;	    /* seconds: where its first sample is in the mix */
	double drift_ppm;   /* its clock against the reference's: positive
			     * runs fast (its file is longer); 0 when given */
	double match;	    /* alignment's correlation at the start (0-1);
			     * NAN for the reference or a given offset */
	double speech_lufs; /* its speech loudness as recorded (-HUGE_VAL:
			     * none) */
	double gain_db;	    /* the levelling gain applied */
	double duration;    /* seconds as recorded */
	double gated_sec;   /* seconds its gate was closed (turned down) */
	int rate, channels; /* as recorded */
	int silent;	    /* no speech: left out of the mix */
};

struct pk_mix_result {
	size_t n;
	struct pk_mix_track_result tracks[PK_MIX_MAX_TRACKS];
	double duration;		/* of the mix, seconds */
	int rate;			/* of the mix */
	struct pk_normalize_result out; /* the encoded file */
};

/* Mixes the n tracks into a float WAV at wav (written in place: the
 * caller's temporary). res may be NULL. Warnings (a silent track, one much
 * shorter than the others, an end that could not be aligned: no drift
 * correction) go to warn, each naming the track's file; warn may be NULL.
 * Fails with PK_EINVAL for a track that cannot be aligned (the message
 * names it and says to give its offset), PK_EMEDIA / PK_ENOENT for one that
 * cannot be read, PK_EIO when wav cannot be written. */
int pk_mix_render(const struct pk_mix_track *tracks, size_t n, const char *wav,
		  const struct pk_mix_opts *opts, struct pk_mix_result *res,
		  struct pk_diags *warn, struct pk_error *err);

/* pk_mix_render into a temporary beside out, then pk_normalize of it to
 * out with opts->out (out is written to a temporary renamed into place, so
 * an existing out is kept on failure). The temporary WAV is removed. */
int pk_mix(const struct pk_mix_track *tracks, size_t n, const char *out,
	   const struct pk_mix_opts *opts, struct pk_mix_result *res,
	   struct pk_diags *warn, struct pk_error *err);

#endif
