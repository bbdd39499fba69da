/* feed_write_int.h: what the files that write feed.xml share: the state
 * of one write (struct ctx: the feed's, or an item's on a worker thread)
 * and the element writers. feed.c drives the write, feed_channel.c writes
 * the channel's head, feed_item.c one item, feed_elements.c what both
 * write. A writer's failure marks c->x->failed (the XML writer reports it
 * at the end); a fatal error sets c->r with the message in c->err;
 * problems with the show go to c->diags.
 */
#ifndef PODKIT_FEED_WRITE_INT_H
#define PODKIT_FEED_WRITE_INT_H

#include <stddef.h>

#include "feed/feed_int.h"
#include "feed/xmlw_int.h"

/* What one write needs besides the show. */
struct ctx {
	const struct pk_show *show;
	const struct pk_feed_opts *opts;
	struct pk_xmlw *x; /* the feed's writer, or an item's fragment */
	struct pk_diags *diags;
	struct pk_error *err;
	int r; /* the first fatal error */
};

/* ---- feed.c ----------------------------------------------------------- */

/* The item an earlier feed had for episode i, put in as it is; or
 * NULL. */
const char *pk_feed_kept(const struct ctx *c, size_t i);

/* 1 when episode i goes into the feed: not scheduled or unpublished, not
 * skipped by the build, with its audio (or an item kept). */
int pk_feed_published(const struct ctx *c, size_t i);

/* ---- feed_channel.c --------------------------------------------------- */

/* The channel's elements before the items. */
void pk_feed_channel_head(struct ctx *c);

/* A podcast:trailer for each published trailer episode, in order. */
void pk_feed_trailers(struct ctx *c, const size_t *order);

/* ---- feed_item.c ------------------------------------------------------ */

/* Episode i's <item>, written to c->x. */
void pk_feed_item(struct ctx *c, size_t i);

/* ---- feed_elements.c -------------------------------------------------- */

/* A file's URL (malloc'd; NULL: none or out of memory), whether given as
 * a URL or published under rel. */
char *pk_feed_asset_url(const struct pk_show *show, const char *given,
			const char *rel);

/* <name>Yes</name> when flag is set. */
void pk_feed_yes(struct pk_xmlw *x, const char *name, int flag);

/* <tag href="URL"/> for image img (a URL, or a file of ep's, or the
 * show's when ep is NULL); none when img is NULL. */
void pk_feed_image(struct ctx *c, const char *tag, const struct pk_episode *ep,
		   const char *img);

/* A podcast:person; role when p has none. */
void pk_feed_person(struct pk_xmlw *x, const struct pk_person *p,
		    const char *role);

/* An enclosure's url attribute: the file's URL wrapped in the show's
 * analytics prefixes (show.yaml `prefixes:`), the one place they apply. */
void pk_feed_enclosure_url(struct pk_xmlw *x, const struct pk_show *show,
			   const char *url);

#endif
