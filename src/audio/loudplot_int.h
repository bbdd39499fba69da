/* loudplot_int.h: an SVG picture of what normalisation did to an episode:
 * short-term loudness over time before and after, the target loudness and
 * the true-peak ceiling. Plain SVG text, written atomically.
 */
#ifndef PODKIT_LOUDPLOT_H
#define PODKIT_LOUDPLOT_H

#include "podkit/error.h"
#include "podkit/loudness.h"

/* Writes the plot to path. before and after are borrowed; either may be
 * empty. target is in LUFS, ceiling in dBTP. */
int pk_loudplot_write(const char *path, const struct pk_curve *before,
		      const struct pk_curve *after, double target,
		      double ceiling, struct pk_error *err);

#endif
