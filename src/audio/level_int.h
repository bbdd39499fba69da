/* level_int.h: speaker levelling of one mixed recording.
 *
 * Between normalisation's two passes the whole file is known as 10 ms
 * blocks (struct pk_blocks: K-weighted energy and peak). From them:
 *
 * - Voice activity: each block's level (50 ms smoothed) against an
 *   adaptive noise floor (the quietest level within 3 s either side);
 *   speech is PK_LEVEL_VAD_MARGIN_DB over it. Gaps under 200 ms inside
 *   speech are bridged; runs that are much quieter than the speech around
 *   them (breaths, rustle) and clicks are not speech.
 * - A gain curve with look-ahead: each phrase (speech between pauses) is
 *   brought to the file's speech level; long phrases are followed slowly
 *   (PK_LEVEL_SPEECH_DB_PER_S). With speaker turns (a transcript), each
 *   speaker gets one gain from all of their speech instead.
 * - Pauses take the lower of the gains on either side, so noise and room
 *   tone are never raised above the speech around them, and the gain
 *   changes there, between turns, not during words.
 * - The curve never changes faster than PK_LEVEL_MAX_DB_PER_S anywhere
 *   (an erosion that only lowers gain, so no ramp ever boosts), and stays
 *   within PK_LEVEL_MAX_BOOST_DB / PK_LEVEL_MAX_CUT_DB of the file's
 *   speech level.
 *
 * Pass 2 multiplies the decoded frames by the curve (struct pk_leveler,
 * interpolated between block centres) before the linear gain and the
 * limiter; the gain plan works on the blocks with the curve applied.
 */
#ifndef PODKIT_LEVEL_H
#define PODKIT_LEVEL_H

#include <stddef.h>
#include <stdint.h>

#include "podkit/loudness.h"

/* The fastest the gain ever changes, in dB per second: a change between
 * two speakers 10 dB apart fits in a 0.25 s pause (pauses between turns
 * are rarely shorter; a shorter one lowers the gain early, never late). */
#define PK_LEVEL_MAX_DB_PER_S 40.0
/* The fastest the gain follows one speaker within a phrase, dB per
 * second: slow enough that words are not pumped. */
#define PK_LEVEL_SPEECH_DB_PER_S 4.0
/* The most the curve raises or lowers speech, dB from the file's speech
 * level (a whisper or a shout keeps some of its difference). */
#define PK_LEVEL_MAX_BOOST_DB 12.0
#define PK_LEVEL_MAX_CUT_DB 12.0
/* Speech is this far (dB) over the adaptive noise floor. */
#define PK_LEVEL_VAD_MARGIN_DB 12.0

/* One speaker turn (a transcript cue): seconds, and the speaker's index
 * (0 .. nspeakers - 1; -1: nobody named). */
struct pk_level_turn {
	double start, end;
	int speaker;
};

/* The curve: the gain in dB for each 10 ms block (0 where it does not
 * level), and what voice activity found. */
struct pk_level_plan {
	float *gain_db;	       /* owned; n values */
	unsigned char *speech; /* owned; 1 for a speech block */
	size_t n;
	int frames, rate;   /* per block, as the blocks */
	int levelled;	    /* 0: no speech found, the curve is flat */
	double speech_sec;  /* seconds of speech found */
	double speech_lufs; /* the source's speech level (dB mean) */
};

/* Works out the curve for blocks b (borrowed). turns (may be NULL, n 0)
 * are the speaker turns, sorted by start. On success plan owns its
 * arrays (pk_level_plan_release). A source without enough speech gets a
 * flat curve and levelled 0. Returns 0 or PK_ENOMEM. */
int pk_level_plan_make(const struct pk_blocks *b,
		       const struct pk_level_turn *turns, size_t nturns,
		       int nspeakers, struct pk_level_plan *plan);

void pk_level_plan_release(struct pk_level_plan *plan);

/* Fills out (released by the caller with pk_blocks_release) with b's
 * blocks scaled by the curve: what pass 2 will feed the limiter, for the
 * gain plan. Returns 0 or PK_ENOMEM. */
int pk_level_apply_blocks(const struct pk_level_plan *plan,
			  const struct pk_blocks *b, struct pk_blocks *out);

/* Applies the curve to a stream of interleaved frames. */
struct pk_leveler;

/* plan is borrowed until pk_leveler_free. NULL when out of memory. */
struct pk_leveler *pk_leveler_new(const struct pk_level_plan *plan,
				  int channels);

/* Multiplies n frames by the curve; *out (borrowed until the next call)
 * holds the result. Returns 0 or PK_ENOMEM (its buffer grows only when a
 * longer block than any before arrives). */
int pk_leveler_process(struct pk_leveler *l, const float *in, size_t n,
		       const float **out);

void pk_leveler_free(struct pk_leveler *l);

#endif
