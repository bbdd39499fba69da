/* cleanup_int.h: the clean-up applied to a recording as it is decoded, before
 * anything measures it: a high-pass filter against rumble and plosives,
 * and optional broadband noise reduction. Both are libavfilter filters
 * (highpass, afftdn, anlmdn) run as one graph on float blocks.
 *
 * Both passes of the normaliser decode through the same clean-up, so what
 * pass 1 measures is what pass 2 encodes. The filters keep the length and
 * the timing of the audio (no latency is added to the output's start).
 */
#ifndef PODKIT_CLEANUP_H
#define PODKIT_CLEANUP_H

#include <stddef.h>

#include "podkit/error.h"
#include "podkit/normalize.h" /* enum pk_denoise */

/* The default corner of the high-pass filter, Hz: under the lowest male
 * voice's fundamental (about 85 Hz) by enough that the filter's slope
 * leaves it, above most rumble, hum and stand thumps. */
#define PK_HIGHPASS_DEFAULT_HZ 80.0

struct pk_cleanup_opts {
	double highpass_hz; /* 0: no high-pass */
	int denoise;	    /* enum pk_denoise */
	/* The noise level in dBFS (RMS) that the noise reduction works
	 * against; see pk_cleanup_noise_floor. NAN: the filter's default. */
	double noise_db;
};

struct pk_cleanup;

/* A clean-up for interleaved float frames of the given layout. *out is
 * NULL (and 0 returned) when opts ask for nothing. The caller frees it
 * with pk_cleanup_free. */
int pk_cleanup_new(struct pk_cleanup **out, int channels, int rate,
		   const struct pk_cleanup_opts *opts, struct pk_error *err);

/* Feeds n frames and returns in *out (borrowed until the next call) the
 * *nout frames that came out. */
int pk_cleanup_process(struct pk_cleanup *c, const float *in, size_t n,
		       const float **out, size_t *nout, struct pk_error *err);

/* At the end of the input: the frames the filters still held. */
int pk_cleanup_finish(struct pk_cleanup *c, const float **out, size_t *nout,
		      struct pk_error *err);

void pk_cleanup_free(struct pk_cleanup *c);

/* The noise floor of a recording in dBFS: the RMS of its quieter 50 ms
 * windows (the 10th percentile) over its first minute, decoded with
 * the given layout. -HUGE_VAL for digital silence. */
struct pk_decoder_opts;
int pk_cleanup_noise_floor(const char *path, const struct pk_decoder_opts *o,
			   double *db, struct pk_error *err);

#endif
