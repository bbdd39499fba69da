/* music_int.h: the programme an episode's file is made from: the recording,
 * cleaned up (cleanup_int.h) and with its long pauses shortened
 * (pauses_int.h), after an intro and before an outro, with an optional
 * music bed under the first seconds of speech.
 *
 *   intro  |=========\                    (fades out over the crossfade)
 *   speech         |--------------------------|
 *   bed            |~~~~~~~\                  (under the speech, fades)
 *   outro                               /=========|
 *
 * The speech comes in at full level while the intro fades out under it
 * (and the outro fades in under its end): no word is faded. The music is
 * levelled to sit music_lu under the speech's integrated loudness, the
 * bed bed_lu under it. The whole programme then goes through the
 * normaliser's one gain, limiter and encode.
 *
 * pk_program_analyse is pass 1: it decodes and cleans the recording once,
 * measures it and the music files, works out the speaker levelling's curve
 * on the cleaned recording in its own time (level_int.h; a transcript's
 * cue times apply to it as they are), finds the pauses in the levelled
 * speech, and plans the programme: where each part sits, its gain (the
 * music levelled against the levelled speech), the time map
 * (timemap_int.h) and the per-block figures of the mixed programme, from
 * which the gain plan is solved. pk_program_open then reads the programme
 * for pass 2, block by block, never holding more than a block of any part:
 * the recording decoded, cleaned, levelled, then cut; the music never goes
 * through the levelling.
 */
#ifndef PODKIT_MUSIC_H
#define PODKIT_MUSIC_H

#include <stddef.h>
#include <stdint.h>

#include "audio/cleanup_int.h"
#include "audio/level_int.h"
#include "audio/pauses_int.h"
#include "base/timemap_int.h"
#include "podkit/error.h"
#include "podkit/loudness.h"

struct pk_decoder_opts;

/* Defaults: the crossfade (s), how far under the speech the intro and
 * outro (LU) and the bed (LU) sit, and how long the bed plays (s). Music
 * 6 LU under speech is clearly background yet full; a bed under words
 * must not compete with them, hence 12 LU lower still. */
#define PK_MUSIC_CROSSFADE_S 2.0
#define PK_MUSIC_UNDER_LU 6.0
#define PK_MUSIC_BED_UNDER_LU 18.0
#define PK_MUSIC_BED_S 15.0

struct pk_program_opts {
	struct pk_cleanup_opts clean;
	double max_pause;  /* seconds; 0: pauses are kept as they are */
	const char *intro; /* files, or NULL; borrowed */
	const char *outro;
	const char *bed;
	double crossfade; /* seconds */
	double music_lu;  /* intro and outro: LU under the speech */
	double bed_lu;	  /* the bed: LU under the speech */
	double bed_sec;	  /* the longest the bed plays, seconds */
	/* The loudness (LUFS) and true-peak ceiling (dBTP) pass 2 will aim
	 * at, or NAN: the music is then levelled against the speech as the
	 * limiter will leave it (peaky speech loses loudness to the limiter
	 * that music under it does not). */
	double aim_lufs, ceil_db;
	/* Speaker levelling of the recording: 0 leaves it as it is. turns
	 * (borrowed; NULL, nturns 0: none) are speaker turns in the
	 * recording's time, sorted by start (see pk_level_plan_make). */
	int level;
	const struct pk_level_turn *turns;
	size_t nturns;
	int nspeakers;
};

/* Fills o with the defaults: high-pass on, no noise reduction, pauses
 * kept, no music. */
void pk_program_opts_init(struct pk_program_opts *o);

/* One music part, as planned. */
struct pk_program_part {
	int64_t at, frames; /* where it starts in the programme, its length */
	int64_t fade_in, fade_out; /* frames */
	double lufs;		   /* measured */
	double gain;		   /* linear */
	struct pk_blocks blocks;
};

struct pk_program_plan {
	struct pk_program_opts opts; /* copied; the strings still borrowed */
	int channels, rate;
	struct pk_cuts cuts;	   /* in frames of the cleaned recording */
	int64_t speech_src_frames; /* the cleaned recording's length */
	int64_t speech_at, speech_frames; /* in the programme, after cuts */
	struct pk_program_part intro, outro, bed;
	int64_t total; /* the programme's length in frames */
	int mixed;     /* anything beyond the recording */
	/* The levelling curve over the cleaned recording (level.levelled 0:
	 * not levelled: off, or no speech found). */
	struct pk_level_plan level;
	/* The integrated loudness (LUFS) of the blocks pk_program_analyse
	 * hands out: the programme as pass 2 feeds the gain and limiter. */
	double lufs;
};

void pk_program_plan_release(struct pk_program_plan *p);

/* Pass 1 (see above): decodes path with dopts through the clean-up.
 * Fills plan, *speech (the cleaned recording's figures; its integrated
 * loudness and duration replaced by the programme's when the programme
 * is more than the recording), blocks (the programme's as pass 2 will
 * make it, levelled, cut and mixed, for the gain plan, whose loudness is
 * plan->lufs; may be NULL), source (the cleaned recording's blocks in its
 * own time, before levelling: what each speaker was; may be NULL), curve
 * (the recording's short-term loudness; may be NULL) and map (an
 * initialised map: where the recording's moments are published; may be
 * NULL). A music file that cannot be read fails with its error
 * (PK_ENOENT, PK_EMEDIA) naming it. progress as in pk_loudness_measure. */
int pk_program_analyse(struct pk_program_plan *plan, const char *path,
		       const struct pk_decoder_opts *dopts,
		       const struct pk_program_opts *opts,
		       struct pk_loudness *speech, struct pk_blocks *blocks,
		       struct pk_blocks *source, struct pk_curve *curve,
		       struct pk_timemap *map,
		       void (*progress)(void *arg, double sec), void *arg,
		       struct pk_error *err);

struct pk_program;

/* Pass 2: the programme plan describes, from path decoded with dopts (as
 * in pass 1). The caller frees *out with pk_program_free; plan is
 * borrowed until then. */
int pk_program_open(struct pk_program **out, const char *path,
		    const struct pk_decoder_opts *dopts,
		    const struct pk_program_plan *plan, struct pk_error *err);

/* As pk_decoder_read: 1 and *n frames (borrowed until the next call), 0
 * at the end, or a negative PK_E* code. */
int pk_program_read(struct pk_program *p, const float **frames, size_t *n,
		    struct pk_error *err);

/* Frames delivered so far; the recording's demuxer (tags, cover art and
 * chapters to copy), borrowed until pk_program_free. */
int64_t pk_program_position(const struct pk_program *p);
const struct AVFormatContext *pk_program_format(const struct pk_program *p);

void pk_program_free(struct pk_program *p);

#endif
