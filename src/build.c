/* build.c: the build pipeline: per-episode steps, then the feed. */
#include "podkit/build.h"

#include <stdlib.h>
#include <string.h>

#include "podkit/audio_build.h"
#include "podkit/chapters.h"
#include "podkit/feed.h"
#include "podkit/fsio.h"
#include "podkit/media.h"
#include "podkit/notes.h"

struct step {
	const char *name;
	pk_build_step_fn run;
	int writes; /* 1: only when opts->write_files */
};

/* The order the steps run in for each episode. Later issues add theirs
 * here (audio after media, tags after audio, pages after notes). */
static const struct step steps[] = {
	{"media", pk_build_step_media, 0},
	{"assets", pk_build_step_assets, 1},
	{"chapters", pk_build_step_chapters, 1},
	{"notes", pk_build_step_notes, 1},
};

/* out_dir/rel, malloc'd; NULL when out of memory. */
static char *out_path(const struct pk_build *b, const char *rel)
{
	return pk_path_join(b->opts->out_dir ? b->opts->out_dir
					     : "feed", rel);
}

/* Creates the folder that holds out_dir/rel. */
static int mkdir_for(const char *path, struct pk_error *err)
{
	char *dir = strdup(path), *slash;
	int r = 0;

	if (!dir)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		r = pk_mkdir_p(dir, err);
	}
	free(dir);
	return r;
}

/* Copies src to out_dir/rel. A content_named file (its name carries its
 * hash) already there with the same size is kept; small assets are copied
 * every time. */
static int publish_file(struct pk_build *b, const char *src, const char *rel,
			int content_named, int *copied, struct pk_error *err)
{
	char *dst = out_path(b, rel);
	int r;

	if (!dst)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (content_named && pk_is_file(dst) &&
	    pk_file_size(dst, NULL) == pk_file_size(src, NULL)) {
		free(dst);
		return 0;
	}
	r = mkdir_for(dst, err);
	if (!r)
		r = pk_copy_file(src, dst, err);
	if (!r && copied)
		*copied = 1;
	free(dst);
	return r;
}

static int media_from_url(struct pk_build *b, struct pk_episode *ep,
			  struct pk_error *err)
{
	const char *mime = ep->audio_mime;

	(void)b;
	if (ep->audio_length <= 0 || !(ep->audio_duration > 0))
		return pk_error_set(err, PK_EINVAL,
				    "%s: URL audio needs 'audio_length' and "
				    "'audio_duration'",
				    ep->file);
	if (!mime)
		mime = pk_media_mime_for_name(ep->audio);
	pk_media_release(&ep->media);
	ep->media.url = strdup(ep->audio);
	ep->media.mime = strdup(mime ? mime : "audio/mpeg");
	if (!ep->media.url || !ep->media.mime)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	ep->media.length = ep->audio_length;
	ep->media.duration = ep->audio_duration;
	return 0;
}

int pk_build_step_media(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err)
{
	struct pk_episode *ep = be->ep;
	struct pk_media_info mi;
	char hex[65], rel[1024];
	char *src = NULL;
	int r;

	if (be->audio_done) /* normalised and encoded by pk_audio_build */
		return 0;
	if (!ep->audio)
		return pk_error_set(err, PK_EINVAL, "%s: no 'audio' given",
				    ep->file);
	if (ep->audio_is_url)
		return media_from_url(b, ep, err);
	src = pk_path_join(ep->dir, ep->audio);
	if (!src)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = pk_media_probe(src, &mi, err);
	if (!r)
		r = pk_sha256_file(src, hex, err);
	if (r)
		goto out;
	/* Named by content: a changed recording gets a new URL, so apps
	 * and CDNs never serve the old bytes under the new length. */
	snprintf(rel, sizeof(rel), "audio/%s-%.12s.%s", ep->slug, hex,
		 mi.ext);
	if (b->opts->copy_media) {
		r = publish_file(b, src, rel, 1, &be->copied, err);
		if (r)
			goto out;
	}
	pk_media_release(&ep->media);
	r = pk_media_set_path(b->show, &ep->media, rel, err);
	if (r)
		goto out;
	ep->media.length = mi.length;
	ep->media.duration = mi.duration;
	ep->media.mime = strdup(mi.mime);
	if (!ep->media.mime)
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
out:
	free(src);
	return r;
}

int pk_build_step_assets(struct pk_build *b, struct pk_build_episode *be,
			 struct pk_error *err)
{
	struct pk_episode *ep = be->ep;
	char rel[1024];
	char *src;
	int r = 0;

	if (pk_feed_transcript_path(ep, rel, sizeof(rel))) {
		src = pk_path_join(ep->dir, ep->transcript);
		if (!src)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		r = publish_file(b, src, rel, 0, NULL, err);
		free(src);
		if (r)
			return r;
	}
	if (pk_feed_image_path(ep, ep->image, rel, sizeof(rel))) {
		src = pk_path_join(ep->dir, ep->image);
		if (!src)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		r = publish_file(b, src, rel, 0, NULL, err);
		free(src);
	}
	return r;
}

int pk_build_step_chapters(struct pk_build *b, struct pk_build_episode *be,
			   struct pk_error *err)
{
	char rel[1024];
	char *path;
	int r;

	if (!pk_feed_chapters_path(be->ep, rel, sizeof(rel)))
		return 0;
	path = out_path(b, rel);
	if (!path)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = mkdir_for(path, err);
	if (!r)
		r = pk_chapters_write_json(b->show, be->ep, path, err);
	free(path);
	return r;
}

int pk_build_step_notes(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err)
{
	free(be->notes_html);
	free(be->notes_text);
	be->notes_text = pk_notes_render(b->show, be->ep, PK_NOTES_TEXT,
					 b->diags, err);
	be->notes_html = be->notes_text
				 ? pk_notes_render(b->show, be->ep,
						   PK_NOTES_HTML, b->diags, err)
				 : NULL;
	if (!be->notes_html)
		return err && err->code ? err->code : PK_ENOMEM;
	return 0;
}

int pk_build_init(struct pk_build *b, struct pk_show *show,
		  const struct pk_build_opts *opts, struct pk_diags *diags,
		  struct pk_error *err)
{
	size_t i;

	memset(b, 0, sizeof(*b));
	b->show = show;
	b->opts = opts;
	b->diags = diags;
	b->neps = show->nepisodes;
	b->eps = calloc(b->neps + 1, sizeof(*b->eps));
	if (!b->eps)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (i = 0; i < b->neps; i++) {
		b->eps[i].ep = &show->episodes[i];
		b->eps[i].skipped = show->episodes[i].scheduled;
	}
	return 0;
}

void pk_build_release(struct pk_build *b)
{
	size_t i;

	for (i = 0; b->eps && i < b->neps; i++) {
		free(b->eps[i].notes_html);
		free(b->eps[i].notes_text);
	}
	free(b->eps);
	memset(b, 0, sizeof(*b));
}

/* Reports a failed step against its episode and marks it. */
static void fail(struct pk_build *b, struct pk_build_episode *be,
		 const char *step, const struct pk_error *e)
{
	be->failed = 1;
	pk_diags_add(b->diags, PK_ERROR, NULL, 0,
		     "%s; '%s' left out of the feed (%s)",
		     e->msg[0] ? e->msg : pk_strerror(e->code), be->ep->slug,
		     step);
}

int pk_build_episodes(struct pk_build *b, struct pk_error *err)
{
	size_t i, s;

	for (i = 0; i < b->neps; i++) {
		struct pk_build_episode *be = &b->eps[i];

		if (b->opts->progress)
			b->opts->progress(b->opts->progress_arg, i, b->neps,
					  be->ep->slug);
		if (be->skipped)
			continue;
		for (s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
			struct pk_error e = {0};
			int r;

			if (steps[s].writes && !b->opts->write_files)
				continue;
			r = steps[s].run(b, be, &e);
			if (r == PK_ENOMEM) {
				/* Not the episode's fault: stop. */
				*err = e;
				return r;
			}
			if (r) {
				fail(b, be, steps[s].name, &e);
				break;
			}
		}
	}
	(void)err;
	return 0;
}

struct pk_feed_item *pk_build_feed_items(const struct pk_build *b)
{
	struct pk_feed_item *items = calloc(b->neps + 1, sizeof(*items));
	size_t i;

	if (!items)
		return NULL;
	for (i = 0; i < b->neps; i++) {
		items[i].skip = b->eps[i].failed || b->eps[i].skipped;
		items[i].notes_html = b->eps[i].notes_html;
		items[i].notes_text = b->eps[i].notes_text;
	}
	return items;
}

static void count(const struct pk_build *b, struct pk_build_report *rep)
{
	size_t i;

	memset(rep, 0, sizeof(*rep));
	rep->episodes = b->neps;
	for (i = 0; i < b->neps; i++) {
		const struct pk_build_episode *be = &b->eps[i];

		if (be->skipped) {
			rep->scheduled++;
		} else if (be->failed) {
			rep->failed++;
		} else {
			rep->published++;
			rep->audio_bytes += be->ep->media.length;
			rep->audio_seconds += be->ep->media.duration;
		}
		rep->copied += (size_t)be->copied;
	}
}

/* The show's cover, when it is a file in the show folder. */
static int show_cover(struct pk_build *b, struct pk_error *err)
{
	char rel[1024];
	char *src;
	int r;

	if (!pk_feed_image_path(NULL, b->show->image, rel, sizeof(rel)))
		return 0;
	src = pk_path_join(b->show->dir, b->show->image);
	if (!src)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = publish_file(b, src, rel, 0, NULL, err);
	free(src);
	return r;
}

static int write_feed(struct pk_build *b, const char *path,
		      struct pk_build_report *rep, struct pk_error *err)
{
	struct pk_feed_item *items = pk_build_feed_items(b);
	struct pk_feed_opts fo = {0};
	int r;

	if (!items)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	fo.items = items;
	r = pk_feed_write(b->show, &fo, path, b->diags, err);
	free(items);
	if (rep)
		count(b, rep);
	return r;
}

int pk_build_run(struct pk_show *show, const struct pk_build_opts *opts,
		 struct pk_build_report *rep, struct pk_diags *diags,
		 struct pk_error *err)
{
	struct pk_build b;
	char *feed = NULL;
	int r;

	r = pk_build_init(&b, show, opts, diags, err);
	if (r)
		return r;
	r = pk_mkdir_p(opts->out_dir ? opts->out_dir : "feed", err);
	if (r)
		goto out;
	/* the audio step: normalise + encode, episodes in parallel */
	if (opts->copy_media && show->audio.normalize &&
	    (r = pk_audio_build(&b, 0, err)) != 0)
		goto out;
	r = pk_build_episodes(&b, err);
	if (r)
		goto out;
	if (opts->write_files) {
		struct pk_error e = {0};

		/* A missing cover is the show's problem, not a reason to
		 * keep the old feed. */
		if (show_cover(&b, &e))
			pk_diags_add(diags, PK_ERROR, NULL, 0, "%s", e.msg);
	}
	feed = out_path(&b, "feed.xml");
	if (!feed) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	r = write_feed(&b, feed, rep, err);
out:
	free(feed);
	pk_build_release(&b);
	return r;
}

int pk_build_feed_only(struct pk_show *show, const char *path,
		       struct pk_build_report *rep, struct pk_diags *diags,
		       struct pk_error *err)
{
	struct pk_build_opts opts = {0};
	struct pk_build b;
	int r;

	opts.copy_media = 0;
	opts.write_files = 0;
	r = pk_build_init(&b, show, &opts, diags, err);
	if (r)
		return r;
	r = pk_build_episodes(&b, err);
	if (!r)
		r = write_feed(&b, path, rep, err);
	pk_build_release(&b);
	return r;
}
