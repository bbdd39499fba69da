/* build_p20.c: an episode's soundbites and value time splits moved with
 * its audio (an intro, shortened pauses, as the chapters are) and checked
 * against the published length. */
#include <stddef.h>

#include "base/timemap_int.h"
#include "build/build_int.h"
#include "model/p20_int.h"
#include "podkit/show.h"

/* [*start, *start + *duration) of the source, published: both ends go
 * through the map, so a cut pause inside shortens it. */
static void follow(const struct pk_timemap *m, double *start,
		   double *duration)
{
	double a = pk_timemap_apply(m, *start),
	       b = pk_timemap_apply(m, *start + *duration);

	*start = a;
	*duration = b - a;
}

size_t pk_build_p20_follow(struct pk_build_episode *be)
{
	struct pk_episode *ep = be->ep;
	const struct pk_timemap *m = ep->media.timemap;
	size_t i, j, bad = 0;

	for (i = 0; m && i < ep->nsoundbites; i++)
		follow(m, &ep->soundbites[i].start,
		       &ep->soundbites[i].duration);
	for (i = 0; m && i < ep->p20.nvalues; i++)
		for (j = 0; j < ep->p20.values[i].nsplits; j++)
			follow(m, &ep->p20.values[i].splits[j].start,
			       &ep->p20.values[i].splits[j].duration);
	bad += pk_soundbites_check_inside(ep->soundbites, ep->nsoundbites,
					  ep->media.duration, ep->file,
					  &be->diags);
	bad += pk_p20_splits_check_inside(ep, ep->media.duration, &be->diags);
	return bad;
}
