/* limiter_int.h: a look-ahead true-peak limiter.
 *
 * Peaks are found on a 4x oversampled signal (a polyphase windowed-sinc
 * interpolator), so peaks between samples count. The gain needed at each
 * peak is spread back over the look-ahead window as a linear ramp (attack)
 * and recovers exponentially (release), so the gain never changes abruptly
 * and nothing is clipped. Where the signal stays under the ceiling the
 * gain is exactly 1: the limiter is transparent. A fixed pre-gain (the
 * normaliser's) is applied on the way in.
 */
#ifndef PODKIT_LIMITER_H
#define PODKIT_LIMITER_H

#include <stddef.h>
#include <stdint.h>

struct pk_limiter;

/* The detector is a close estimate, not an exact one: the limiter keeps
 * this far (dB) under the ceiling it is given. */
#define PK_LIMITER_MARGIN_DB 0.05

/* A limiter for interleaved float frames. ceiling_db is in dBTP; gain_db
 * the pre-gain. Returns NULL when out of memory. The caller frees it. */
struct pk_limiter *pk_limiter_new(int channels, int rate, double ceiling_db,
				  double gain_db);

/* Feeds n frames and returns, in *out (borrowed until the next call), the
 * frames now ready (*nout of them): the output lags the input by the
 * look-ahead. Returns 0 or PK_ENOMEM. */
int pk_limiter_process(struct pk_limiter *l, const float *in, size_t n,
		       const float **out, size_t *nout);

/* At the end of the input: returns the frames still held. */
int pk_limiter_flush(struct pk_limiter *l, const float **out, size_t *nout);

/* Statistics: the lowest gain applied (1: never limited, in dB 0), and
 * the number of frames whose gain was under 1. */
double pk_limiter_min_gain_db(const struct pk_limiter *l);
int64_t pk_limiter_limited_frames(const struct pk_limiter *l);

/* The greatest 4x oversampled peak (linear) of n interleaved frames; what
 * the limiter's detector sees. Exposed for tests. */
double pk_true_peak(const float *frames, size_t n, int channels);

void pk_limiter_free(struct pk_limiter *l);

/* A streaming true-peak meter (peakmeter.c), finer than the limiter's
 * detector: 8x oversampled through a longer interpolator, so the check
 * after encoding sees at least what a 4x meter (ffmpeg's ebur128, the
 * BS.1770 reference) reads. Only stretches that could beat the peak so
 * far are oversampled, so it costs little. */
struct pk_peakmeter;

struct pk_peakmeter *pk_peakmeter_new(int channels);
int pk_peakmeter_add(struct pk_peakmeter *p, const float *frames, size_t n);
/* The true peak so far, linear. */
double pk_peakmeter_peak(const struct pk_peakmeter *p);
void pk_peakmeter_free(struct pk_peakmeter *p);

#endif
