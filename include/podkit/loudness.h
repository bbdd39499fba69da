/* loudness.h: EBU R 128 / ITU-R BS.1770-4 measurement with libebur128:
 * integrated loudness (gated), loudness range, true peak (oversampled),
 * sample peak, duration, and a short-term loudness curve for plots.
 */
#ifndef PODKIT_LOUDNESS_H
#define PODKIT_LOUDNESS_H

#include <stddef.h>

#include "podkit/error.h"

struct pk_decoder;

/* One file's figures. Loudness in LUFS, range in LU, peaks in dBFS/dBTP;
 * -HUGE_VAL for digital silence. */
struct pk_loudness {
	double integrated;
	double range;
	double true_peak;
	double sample_peak;
	double duration; /* seconds */
	int channels;
	int rate;
};

/* A short-term loudness curve: one value (LUFS, or -HUGE_VAL) per step
 * seconds from the start. */
struct pk_curve {
	double *v; /* owned */
	size_t n, cap;
	double step;
};

void pk_curve_release(struct pk_curve *c);

/* Per-block figures for predicting what gain and limiting will do: for
 * each block of `frames` frames (10 ms), the K-weighted mean square as
 * BS.1770 sums it over channels, and the largest sample magnitude. */
struct pk_blocks {
	float *energy; /* owned */
	float *peak;   /* owned */
	size_t n, cap;
	int frames;    /* frames per block */
	int rate;
};

void pk_blocks_release(struct pk_blocks *b);

/* What to measure (bits for pk_meter_new's what). */
enum {
	PK_MEASURE_RANGE = 1,     /* loudness range */
	PK_MEASURE_TRUE_PEAK = 2, /* true peak (the costly part) */
	PK_MEASURE_CURVE = 4,     /* fill a short-term curve */
	PK_MEASURE_BLOCKS = 8,    /* fill per-block figures */
	/* keep loudness in fixed histograms (0.1 LU bins) instead of one
	 * value per block: flat memory for long files */
	PK_MEASURE_LONG = 16,
	/* with PK_MEASURE_BLOCKS: the integrated loudness, range and sample
	 * peak worked out from the blocks (libebur128 only K-weights, and
	 * the gating is exact where the histograms round): about half the
	 * meter's time */
	PK_MEASURE_FROM_BLOCKS = 32
};

/* Files longer than this (seconds) are measured with PK_MEASURE_LONG. */
#define PK_LOUDNESS_LONG_FILE_S 600

struct pk_meter;

/* A meter for interleaved float frames of the given layout. roles holds
 * one EBUR128_* channel role per channel (NULL: the BS.1770 defaults);
 * dual_mono counts a mono channel twice (a mono file heard on two
 * speakers). The caller frees it with pk_meter_free. */
int pk_meter_new(struct pk_meter **out, int channels, int rate,
		 const int *roles, int what, int dual_mono,
		 struct pk_error *err);

/* Adds n frames. */
int pk_meter_add(struct pk_meter *m, const float *frames, size_t n,
		 struct pk_error *err);

/* The figures so far. */
int pk_meter_result(struct pk_meter *m, struct pk_loudness *out,
		    struct pk_error *err);

/* Moves the short-term curve (PK_MEASURE_CURVE) to the caller, who
 * releases it with pk_curve_release. */
void pk_meter_take_curve(struct pk_meter *m, struct pk_curve *out);

/* Sizes the block arrays for n blocks up front (an estimate: they still
 * grow if more come). */
int pk_meter_reserve_blocks(struct pk_meter *m, size_t n);

/* Moves the blocks (PK_MEASURE_BLOCKS) to the caller, who releases them
 * with pk_blocks_release. */
void pk_meter_take_blocks(struct pk_meter *m, struct pk_blocks *out);

void pk_meter_free(struct pk_meter *m);

/* Decodes the rest of d and measures it in one pass. progress (may be
 * NULL) is called now and then with the seconds decoded. curve and blocks
 * (may be NULL) receive the short-term curve and the per-block figures. */
int pk_loudness_measure(struct pk_decoder *d, int what, int dual_mono,
			struct pk_loudness *out, struct pk_curve *curve,
			struct pk_blocks *blocks,
			void (*progress)(void *arg, double sec), void *arg,
			struct pk_error *err);

/* Opens and measures a file (loudness range and true peak included). */
int pk_loudness_file(const char *path, int dual_mono, struct pk_loudness *out,
		     struct pk_error *err);

#endif
