/* feed_p20_int.h: the Podcasting 2.0 tags beyond the core written into
 * the feed (feed_p20.c): what the channel (feed_channel.c), the write
 * (feed.c, before the items) and each item (feed_item.c) call. Nothing
 * here fails on its own: a write error sticks in the writer (xmlw_int.h).
 */
#ifndef PODKIT_FEED_P20_INT_H
#define PODKIT_FEED_P20_INT_H

#include "podkit/show.h"

struct pk_xmlw;

/* podcast:block (yes, and per service), updateFrequency, location,
 * image, socialInteract, chat, value, publisher and podroll. */
void pk_feed_p20_channel(struct pk_xmlw *x, const struct pk_show *show);

/* One podcast:liveItem per show.yaml `live_items:` entry. */
void pk_feed_p20_live_items(struct pk_xmlw *x, const struct pk_show *show);

/* An item's podcast:alternateEnclosure (the other formats), soundbite,
 * location, image, socialInteract, chat, value (with its time splits) and
 * contentLink. */
void pk_feed_p20_item(struct pk_xmlw *x, const struct pk_show *show,
		      const struct pk_episode *ep);

#endif
