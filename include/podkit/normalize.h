/* normalize.h: loudness normalisation of one file (the build's pipeline
 * step around it is audio/audio_pipeline_int.h).
 *
 * Pass 1 measures (libebur128). Pass 2 decodes again, applies one linear
 * gain, runs the true-peak limiter and encodes once. The encoded file is
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

struct pk_normalize_opts {
	double target;      /* LUFS; NAN: -16 stereo, -19 mono output */
	double true_peak;   /* dBTP ceiling; NAN: -1 */
	int channels;       /* 0 keep (more than 2 become 2), 1 mono, 2 */
	const char *format; /* "mp3" (NULL), "m4a", "opus" */
	int bitrate;        /* kbit/s; 0: 128 stereo / 96 mono */
	int normalize;      /* 0: encode only, no gain and no limiter */
	const char *plot;   /* write an SVG loudness plot here (or NULL) */
	/* Called now and then with the share of the work done (0..1) and
	 * the audio's duration in seconds. May be NULL. */
	void (*progress)(void *arg, double fraction, double duration);
	void *progress_arg;
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
	int channels, rate, bitrate;
	const char *format;     /* static string */
};

/* Normalises in to out (see above). Fails with PK_EMEDIA for input that
 * cannot be decoded, PK_EIO when out cannot be written (out is then left
 * as it was). result may be NULL. */
int pk_normalize(const char *in, const char *out,
		 const struct pk_normalize_opts *opts,
		 struct pk_normalize_result *result, struct pk_error *err);

#endif
