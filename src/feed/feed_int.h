/* feed_int.h: the podcast's RSS 2.0 feed (feed.xml), written with libxml2's
 * xmlTextWriter.
 *
 * One streaming pass over the show writes the channel (Apple's tags and
 * Podcasting 2.0's) and one item per published episode, with the itunes,
 * podcast, content, atom and psc namespaces. Items are rendered on worker
 * threads, each by its own writer, and spliced in feed order a window at
 * a time (parallel.h's ordered pipeline): memory stays flat and the bytes
 * are those of one thread. The file goes through a temporary and a
 * rename, so readers see the old feed or the new one.
 * The same show gives the same bytes: the only clock is lastBuildDate,
 * which is pk_now() (SOURCE_DATE_EPOCH when set).
 *
 * Where published files live and their URLs: model/layout_int.h.
 */
#ifndef PODKIT_FEED_H
#define PODKIT_FEED_H

#include <stdio.h>

#include "podkit/diag.h"
#include "podkit/error.h"
#include "base/xml_ns_int.h"
#include "podkit/show.h"


/* What the build already knows of an episode; all fields optional. */
struct pk_feed_item {
	int skip;               /* 1: leave the episode out (it failed) */
	const char *notes_html; /* NULL: the writer renders the notes */
	const char *notes_text;
	/* Not NULL: the episode's <item> as an earlier feed had it, put in
	 * as it is (an episode that fails now keeps its last good item). */
	const char *xml;
};

struct pk_feed_opts {
	/* NULL, or one entry per show->episodes (same index); borrowed. */
	const struct pk_feed_item *items;
	/* Indentation of the XML ("  " when NULL; "" for none). */
	const char *indent;
	/* Threads rendering items: 0 one per core (a feed of a few dozen
	 * items is rendered on the calling thread), 1 none. The bytes are
	 * the same whatever it is. */
	int jobs;
	/* Called (may be NULL), in feed order on the calling thread, with
	 * each item rendered: the index of its episode and its bytes, which
	 * an item's xml may give back later. */
	void (*rendered)(void *arg, size_t episode, const char *xml,
			 size_t len);
	void *rendered_arg;
};

/* Writes the feed of show to path atomically. Episodes that are
 * scheduled, skipped, or have no enclosure yet (ep->media.url and a
 * length) are left out; the last kind is reported as an error in diags
 * (naming the episode's file). Notes warnings (a description cut to 4000
 * bytes) go to diags too. Returns 0 when the file was written; PK_EIO,
 * PK_ENOMEM, PK_EINVAL (no feed_url) with err filled otherwise, and then
 * path is untouched. opts may be NULL. */
int pk_feed_write(const struct pk_show *show, const struct pk_feed_opts *opts,
		  const char *path, struct pk_diags *diags,
		  struct pk_error *err);

/* The same to an open stream (not closed; the caller checks it). */
int pk_feed_write_fp(const struct pk_show *show,
		     const struct pk_feed_opts *opts, FILE *fp,
		     struct pk_diags *diags, struct pk_error *err);

/* The order items appear in: newest first for an episodic show, oldest
 * first for a serial one (ties: by folder number). Fills order (room
 * for show->nepisodes) with indexes into show->episodes, none left out.
 * Returns 0 or PK_ENOMEM. */
int pk_feed_order(const struct pk_show *show, size_t *order);

#endif
