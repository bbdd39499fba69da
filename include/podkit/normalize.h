/* normalize.h: loudness normalisation of one file (the build's pipeline
 * step around it is audio/audio_pipeline_int.h).
 *
 * Pass 1 measures (libebur128) and finds the speech (voice activity).
 * Between the passes a levelling curve evens out the speakers: each phrase,
 * or with a transcript each speaker, is brought to the same speech level,
 * the gain changing in the pauses between turns, never raising a pause
 * above the speech around it, and never faster than 40 dB/s (4 dB/s
 * within a phrase); see src/audio/level_int.h. Pass 2 decodes again,
 * applies the curve and one linear gain, runs the true-peak limiter and
 * encodes once. The encoded file is
 * then decoded and measured; when it is more than 0.2 LU off the target or
 * over the ceiling (codecs overshoot), the gain and ceiling are corrected
 * and it is encoded once more. Output goes to a temporary file renamed into
 * place, so an existing output is never half-overwritten.
 */
#ifndef PODKIT_NORMALIZE_H
#define PODKIT_NORMALIZE_H

#include <stdint.h>

#include "podkit/error.h"
#include "podkit/loudness.h"
#include "podkit/show.h" /* enum pk_denoise */
#include "podkit/speakers.h"

struct pk_timemap;
struct pk_transcript;

/* One more format encoded from the same pass 1 (the same levelling curve
 * and gain plan): its own linear gain for its codec, its own limiter run
 * and encode, checked on target on its own (and corrected once) like the
 * main output. The caller owns the array; pk_normalize fills the "out"
 * fields. */
struct pk_normalize_extra {
	const char *format; /* "mp3", "m4a", "opus" */
	int bitrate;	    /* kbit/s; 0: the format's default */
	const char *out;    /* the file written (temporary + rename) */
	/* out: */
	struct pk_loudness measured; /* the file as decoded and measured */
	int bitrate_used;	     /* kbit/s */
	int encodes;		     /* 1, or 2 after a correction */
};

struct pk_normalize_opts {
	double target;      /* LUFS; NAN: -16 stereo, -19 mono output */
	double target_mono; /* LUFS when the output is mono; NAN: target
			       (when set), else -19 */
	double true_peak;   /* dBTP ceiling; NAN: -1 */
	int channels;       /* 0 keep (more than 2 become 2), 1 mono, 2 */
	const char *format; /* "mp3" (NULL), "m4a", "opus" */
	int bitrate;        /* kbit/s; 0: 128 stereo / 96 mono */
	int normalize;      /* 0: encode only, no gain and no limiter */
	int level;          /* 1 (default): level the speakers; 0: one
			       linear gain, as before levelling existed */
	/* Speaker turns to level by (cues naming speakers; borrowed, may be
	 * NULL): each speaker gets one gain from all their speech. The
	 * result then reports each speaker before and after. */
	const struct pk_transcript *speakers;
	const char *plot;   /* write an SVG loudness plot here (or NULL) */
	/* Clean-up, run as the source is decoded (both passes see it). */
	double highpass;    /* corner in Hz; NAN: 80; 0: none */
	int denoise;        /* enum pk_denoise (show.h) */
	double max_pause;   /* seconds; 0: pauses kept as they are */
	/* Music (files, or NULL; borrowed): the intro before the speech,
	 * the outro after it, a bed under its first seconds. */
	const char *intro, *outro, *bed;
	double crossfade;   /* seconds; NAN: 2 */
	double music_lu;    /* LU the intro and outro sit under the speech;
			       NAN: 6 */
	/* When not NULL (an initialised map): receives where each moment
	 * of the source is published (an intro and cut pauses move it). */
	struct pk_timemap *timemap;
	/* Called now and then with the share of the work done (0..1) and
	 * the audio's duration in seconds. May be NULL. */
	void (*progress)(void *arg, double fraction, double duration);
	void *progress_arg;
	/* More formats from the same analysis (normalize must be 1; the
	 * sample rate is then one all of them take, 48 kHz with Opus). */
	struct pk_normalize_extra *extra;
	size_t nextra;
};

/* Fills opts with the defaults (NAN target and ceiling, mp3, normalise). */
void pk_normalize_opts_init(struct pk_normalize_opts *opts);

struct pk_normalize_result {
	struct pk_loudness in;  /* the source (true peak is NAN: not read) */
	struct pk_loudness out; /* the encoded file, decoded and measured */
	double target, ceiling; /* as applied */
	double gain_db;         /* the linear gain of the final encode */
	double limit_db;        /* the deepest limiter gain (0: untouched) */
	double limited_sec;     /* seconds the limiter was acting */
	int encodes;            /* 1, or 2 after a correction */
	double speech_at;       /* seconds of intro before the source */
	double cut_sec;         /* seconds of pauses cut out */
	int cuts;               /* pauses shortened */
	int channels, rate, bitrate;
	const char *format;     /* static string */
	int levelled;           /* 1 when the levelling curve was applied */
	double speech_sec;      /* speech found by voice activity (s) */
	/* A warning for the user (static string, or NULL): e.g. levelling
	 * was on and no speech was found, so the file was left unlevelled. */
	const char *warning;
	/* A static warning when the source is silent or nearly, or NULL. */
	const char *quiet;
	/* With opts.speakers: each speaker in the source and in the encoded
	 * file (the output measured as decoded). Owned: released by
	 * pk_normalize_result_release. */
	struct pk_speaker_report speakers_in, speakers_out;
};

/* Frees what a result owns (the speaker reports); safe to call twice. */
void pk_normalize_result_release(struct pk_normalize_result *result);

/* Normalises in to out (see above), and into each of opts->extra. Fails
 * with PK_EMEDIA for input that cannot be decoded, PK_EIO when an output
 * cannot be written (it is then left as it was). out may be NULL when
 * extras are given: only they are encoded (the main file exists). result
 * may be NULL. */
int pk_normalize(const char *in, const char *out,
		 const struct pk_normalize_opts *opts,
		 struct pk_normalize_result *result, struct pk_error *err);

#endif
