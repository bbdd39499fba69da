/* loudplot_int.h: an SVG picture of what normalisation did to an episode:
 * short-term loudness over time before and after, the target loudness and
 * the true-peak ceiling, and the speaker turns when a transcript names
 * them (a coloured strip per cue, a legend). Plain SVG text, written
 * atomically.
 */
#ifndef PODKIT_LOUDPLOT_H
#define PODKIT_LOUDPLOT_H

#include "podkit/error.h"
#include "podkit/loudness.h"

struct pk_transcript;
struct pk_timemap;

/* Writes the plot to path. before and after are borrowed; either may be
 * empty. target is in LUFS, ceiling in dBTP. turns (borrowed, may be
 * NULL): the cues whose speakers to mark, in the source's time; map
 * (may be NULL): where the source is published, to mark them under the
 * levelled curve too. */
int pk_loudplot_write(const char *path, const struct pk_curve *before,
		      const struct pk_curve *after, double target,
		      double ceiling, const struct pk_transcript *turns,
		      const struct pk_timemap *map, struct pk_error *err);

#endif
