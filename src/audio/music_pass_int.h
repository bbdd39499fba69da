/* music_pass_int.h: what the programme's two passes share (music_plan.c
 * is pass 1, music_read.c pass 2): the recording read as the programme
 * uses it (music_speech.c) and a music part's fade. Errors travel as in
 * music_int.h: a negative PK_E* code and the message in err.
 */
#ifndef PODKIT_MUSIC_PASS_H
#define PODKIT_MUSIC_PASS_H

#include <stddef.h>
#include <stdint.h>

#include "audio/music_int.h"

/* The recording: decoded, cleaned, levelled, cut. The caller owns the
 * struct; pk_program_speech_free releases what it holds. */
struct speech {
	struct pk_decoder *d;
	struct pk_cleanup *c;
	struct pk_leveler *lev;	    /* NULL: not levelled */
	const struct pk_cuts *cuts; /* may be NULL */
	size_t ci;		    /* the first cut not wholly behind */
	int64_t pos;		    /* cleaned frames seen */
	int64_t fade;		    /* frames of fade beside a cut */
	int ch, finished;
	float *buf; /* what is left after the cuts (owned) */
	size_t cap;
};

/* Opens path with dopts through the clean-up. level: the curve to level
 * the cleaned recording by (NULL, or not levelled: none); cuts: the
 * pauses to cut (NULL or empty: none); both borrowed until
 * pk_program_speech_free. On failure s holds nothing. */
int pk_program_speech_open(struct speech *s, const char *path,
			   const struct pk_decoder_opts *dopts,
			   const struct pk_cleanup_opts *clean,
			   const struct pk_level_plan *level,
			   const struct pk_cuts *cuts, struct pk_error *err);

/* As pk_decoder_read, for the cleaned, levelled and cut recording: 1 and
 * *n frames (borrowed until the next call), 0 at the end, or a negative
 * PK_E* code. */
int pk_program_speech_read(struct speech *s, const float **f, size_t *n,
			   struct pk_error *err);

/* Releases what s holds and zeroes it; safe on a zeroed struct. */
void pk_program_speech_free(struct speech *s);

/* Part p's fade at programme frame t (0..1): raised-cosine ramps. */
double pk_program_part_fade(const struct pk_program_part *p, int64_t t);

#endif
