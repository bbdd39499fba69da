/* build_feed.c: after the episodes: the show's cover, index.html and
 * feed.xml, and the report's counts. */
#include "build/build_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/state_int.h"
#include "feed/feed_int.h"
#include "pages/pages_int.h"
#include "podkit/fsio.h"
#include "podkit/image.h"
#include "podkit/tag.h"
#include "model/layout_int.h"

struct pk_feed_item *pk_build_feed_items(const struct pk_build *b)
{
	struct pk_feed_item *items = calloc(b->neps + 1, sizeof(*items));
	size_t i;

	if (!items)
		return NULL;
	for (i = 0; i < b->neps; i++) {
		items[i].skip = !pk_build_in_feed(&b->eps[i]);
		items[i].xml = b->eps[i].kept_xml;
		items[i].notes_html = b->eps[i].notes_html;
		items[i].notes_text = b->eps[i].notes_text;
	}
	return items;
}

static void count(const struct pk_build *b, struct pk_build_report *rep)
{
	size_t i;
	int feed_written = rep->feed_written;

	memset(rep, 0, sizeof(*rep));
	rep->feed_written = feed_written;
	rep->episodes = b->neps;
	for (i = 0; i < b->neps; i++) {
		const struct pk_build_episode *be = &b->eps[i];

		if (be->kept_xml) {
			/* in the feed as it was; a stand-in is counted with
			 * the show's left-out folders */
			rep->kept++;
			rep->published++;
			rep->failed += !be->placeholder;
		} else if (be->placeholder) {
			continue;
		} else if (be->skipped) {
			rep->scheduled++;
		} else if (be->failed) {
			rep->failed++;
		} else {
			rep->published++;
			rep->audio_bytes += be->ep->media.length;
			rep->audio_seconds += be->ep->media.duration;
		}
		rep->copied += (size_t)be->copied;
		rep->encoded += (size_t)be->encoded;
	}
	rep->read = b->n_read;
	rep->decoded = b->n_decoded;
	rep->tagged = b->n_tagged;
	rep->written = b->n_written;
	rep->uptodate = b->n_uptodate;
}

int pk_build_show_cover_there(struct pk_build *b)
{
	char rel[1024];
	char *full;
	int there;

	if (!pk_layout_image_path(NULL, b->show->image, rel, sizeof(rel)))
		return 1;
	full = pk_build_out_path(b, rel);
	there = full && pk_is_file(full);
	free(full);
	return there;
}

/* The show's cover, when it is a file in the show folder: checked, copied
 * as it is, and a 1400 px copy for the tags. */
int pk_build_show_cover(struct pk_build *b, struct pk_error *err)
{
	char rel[1024], key[65];
	char *src, *small = NULL, *full = NULL;
	const char *why = "no build state";
	struct pk_key k;
	int r;

	if (!pk_layout_image_path(NULL, b->show->image, rel, sizeof(rel)))
		return 0;
	src = pk_path_join(b->show->dir, b->show->image);
	small = pk_build_small_cover_path(b, rel);
	full = pk_build_out_path(b, rel);
	if (!src || !small || !full) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (b->state) {
		if (pk_key_init(&k) < 0) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		pk_key_str(&k, "recipe", BUILD_RECIPE);
		pk_key_str(&k, "rel", rel);
		r = pk_key_file(&k, b->state, "cover", src, err);
		if (r < 0) {
			pk_key_abort(&k);
			goto out;
		}
		pk_key_final(&k, key);
		why = b->opts->force
			  ? "forced"
			  : pk_state_why(b->state, "cover", key, small);
		if (!why && !pk_is_file(full))
			why = "output file missing";
		if (!why) {
			pk_build_count(b, &b->n_uptodate);
			goto out;
		}
	}
	if (b->opts->dry_run) {
		pk_build_plan(b, "show cover", why);
		r = 0;
		goto out;
	}
	r = pk_mkdir_parent(small, err);
	if (!r)
		r = pk_tags_cover_make(src, small, err);
	if (!r)
		r = pk_build_publish_file(b, src, rel, 0, NULL, err);
	if (!r) {
		pk_build_count(b, &b->n_written);
		pk_build_count(b, &b->n_written);
		char small_rel[1100];

		if (b->state &&
		    (pk_state_set(b->state, "cover", key) < 0 ||
		     pk_state_note_file(b->state, "cover", rel) < 0 ||
		     pk_state_note_file(
			 b->state, "cover",
			 pk_layout_small_image_path(rel, small_rel,
						    sizeof(small_rel))) < 0))
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
	}
out:
	free(full);
	free(small);
	free(src);
	return r;
}

int pk_build_write_feed(struct pk_build *b, const char *path,
			struct pk_build_report *rep, struct pk_error *err)
{
	struct pk_feed_item *items = pk_build_feed_items(b);
	struct pk_feed_opts fo = {0};
	struct pk_diags dry;
	char *data = NULL;
	size_t len = 0;
	FILE *fp;
	int r;

	if (!items)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	fo.items = items;
	fo.jobs = b->opts->jobs;
	fo.rendered = pk_build_item_rendered;
	fo.rendered_arg = b;
	if (!b->state && !b->opts->dry_run) {
		r = pk_feed_write(b->show, &fo, path, b->diags, err);
		goto out;
	}
	/* Rendered in memory: written only when its bytes changed. */
	fp = open_memstream(&data, &len);
	if (!fp) {
		r = pk_error_errno(err, PK_ENOMEM, "feed.xml");
		goto out;
	}
	/* A dry run's feed lacks the episodes whose steps would run: its
	 * complaints about them are not news. */
	pk_diags_init(&dry);
	r = pk_feed_write_fp(b->show, &fo, fp,
			     b->opts->dry_run ? &dry : b->diags, err);
	pk_diags_release(&dry);
	if (fclose(fp) != 0 && !r)
		r = pk_error_errno(err, PK_ENOMEM, "feed.xml");
	if (!r)
		r = pk_build_write_if_changed(
		    b, "feed.xml", "feed.xml", data, len, "lastBuildDate",
		    rep ? &rep->feed_written : NULL, err);
out:
	free(data);
	free(items);
	if (rep)
		count(b, rep);
	return r;
}

int pk_build_write_index(struct pk_build *b, struct pk_error *err)
{
	const struct pk_episode **eps;
	size_t *order, i, n = 0;
	int r;

	order = calloc(b->neps + 1, sizeof(*order));
	eps = calloc(b->neps + 1, sizeof(*eps));
	if (!order || !eps) {
		free(order);
		free(eps);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	r = pk_feed_order(b->show, order);
	for (i = 0; !r && i < b->neps; i++) {
		const struct pk_build_episode *be = &b->eps[order[i]];

		if (!be->failed && !be->skipped && !be->ep->scheduled)
			eps[n++] = be->ep;
	}
	if (!r) {
		char *html = pk_page_index(b->show, eps, n);

		r = html ? pk_build_write_output(b, "index.html", "index.html",
						 html, strlen(html), err)
			 : pk_error_set(err, PK_ENOMEM, "out of memory");
		free(html);
	} else
		pk_error_set(err, r, "out of memory");
	free(order);
	free(eps);
	return r;
}
