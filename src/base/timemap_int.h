/* timemap_int.h: where a moment of the source audio ends up in the published
 * file.
 *
 * Whatever moves the audio records it here, in the order it happens: track
 * alignment and shortened pauses cut stretches out, an intro shifts
 * everything later. The map is piecewise: a list of source stretches, each
 * published at slope 1 from its own start; between two stretches lies a
 * cut. A time inside a cut maps to the splice (the published time where
 * the next stretch begins), so chapters and cues keep their order: the map
 * never decreases. Times are seconds.
 *
 * Every change is given in the published time of the map so far, so a
 * later stage needs to know nothing of the earlier ones.
 */
#ifndef PODKIT_TIMEMAP_H
#define PODKIT_TIMEMAP_H

#include <stddef.h>

struct pk_timemap_seg {
	double src0, src1; /* [src0, src1) of the source; src1 may be inf */
	double pub0;	   /* where src0 is published */
};

struct pk_timemap {
	struct pk_timemap_seg *seg; /* owned, sorted, disjoint */
	size_t n, cap;
};

/* The identity map (nothing moved). Returns 0 or PK_ENOMEM. Release with
 * pk_timemap_release. */
int pk_timemap_init(struct pk_timemap *m);
void pk_timemap_release(struct pk_timemap *m);

/* 1 when the map moves nothing. */
int pk_timemap_is_identity(const struct pk_timemap *m);

/* Everything published from now on starts sec later (an intro before the
 * speech); a negative sec moves it earlier. */
void pk_timemap_shift(struct pk_timemap *m, double sec);

/* Removes the published stretch [a, b) (a shortened pause, the head of a
 * late track): what was published after b now comes at a. Returns 0,
 * PK_EINVAL when b < a, or PK_ENOMEM. */
int pk_timemap_cut(struct pk_timemap *m, double a, double b);

/* The published time of source time t (see above for cuts). */
double pk_timemap_apply(const struct pk_timemap *m, double t);

/* The map as text ("timemap 1" then "src0 src1 pub0" per stretch), for
 * the build state: a malloc'd string the caller frees, or NULL when out
 * of memory. pk_timemap_parse reads it back into an initialised map
 * (PK_EINVAL for text it did not write). */
char *pk_timemap_format(const struct pk_timemap *m);
int pk_timemap_parse(struct pk_timemap *m, const char *text);

#endif
