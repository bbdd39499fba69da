/* pauses_int.h: finding the pauses of a recording that are longer than a
 * given length, from pass 1's per-block figures (struct pk_blocks), and
 * where to cut them so each is left that long.
 *
 * A block is quiet when its loudness, smoothed over 50 ms, is under a
 * threshold set relative to the speech: 6 dB over the recording's own
 * noise floor (its quietest tenth), but never closer than 15 LU to the
 * speech's integrated loudness nor further than 35 LU under it. A pause
 * is a run of quiet blocks; one longer than max_pause loses its middle,
 * so half the kept length stays on each side of the splice.
 */
#ifndef PODKIT_PAUSES_H
#define PODKIT_PAUSES_H

#include <stddef.h>
#include <stdint.h>

#include "podkit/loudness.h"

/* A stretch of frames [a, b) to remove. */
struct pk_cut {
	int64_t a, b;
};

struct pk_cuts {
	struct pk_cut *v; /* owned, in order, disjoint */
	size_t n, cap;
};

void pk_cuts_release(struct pk_cuts *c);

/* Finds the cuts that shorten every pause of b longer than max_pause
 * seconds to max_pause; speech_lufs is the integrated loudness of the
 * same audio. Cuts fall on block boundaries. Returns 0 or PK_ENOMEM. */
int pk_pauses_find(const struct pk_blocks *b, double speech_lufs,
		   double max_pause, struct pk_cuts *out);

/* The frames the cuts remove. */
int64_t pk_cuts_frames(const struct pk_cuts *c);

#endif
