/* build_steps.c: the foundation's per-episode steps: media, assets,
 * chapters, tags, notes and the episode's page. */
#include "build/build_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/state_int.h"
#include "chapters/chapters_int.h"
#include "feed/feed_int.h"
#include "media/media_int.h"
#include "pages/pages_int.h"
#include "podkit/chapter_formats.h"
#include "podkit/fsio.h"
#include "podkit/image.h"
#include "podkit/notes.h"
#include "podkit/tag.h"
#include "base/url_int.h"
#include "podkit/transcript.h"
#include "model/layout_int.h"
#include "base/timemap_int.h"

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

	if (be->audio_done) /* normalised and encoded by the audio step */
		return 0;
	if (ep->ntracks)
		return pk_error_set(err, PK_EINVAL,
				    "%s: its 'tracks' are mixed only by "
				    "'podkit build' (with audio normalize on)",
				    ep->file);
	if (!ep->audio)
		return pk_error_set(err, PK_EINVAL, "%s: no 'audio' given",
				    ep->file);
	if (ep->audio_is_url)
		return media_from_url(b, ep, err);
	/* Only the build encodes (and tags): a feed alone must not name the
	 * source file, or a length, where the build publishes another. */
	if (!b->opts->copy_media && b->show->audio.normalize)
		return pk_error_set(err, PK_EINVAL,
				    "%s: '%s' is published normalised: "
				    "'podkit build' encodes it and writes the "
				    "feed",
				    ep->file, ep->audio);
	src = pk_path_join(ep->dir, ep->audio);
	if (!src)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	pk_build_count(b, &b->n_read);
	r = pk_media_probe(src, &mi, err);
	if (!r)
		r = b->state ? pk_state_file_hash(b->state, src, hex, err)
			     : pk_sha256_file(src, hex, err);
	if (r)
		goto out;
	/* Named by content: a changed recording gets a new URL, so apps
	 * and CDNs never serve the old bytes under the new length. */
	pk_layout_audio_path(ep, hex, mi.ext, rel, sizeof(rel));
	if (b->opts->copy_media) {
		/* The copy may have been tagged since: a size check cannot
		 * tell, so with a state (which knows) the copy is remade. */
		r = pk_build_publish_file(b, src, rel, !b->state, &be->copied,
					  err);
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

static int write_transcripts(struct pk_build *b, struct pk_build_episode *be,
			     struct pk_error *err)
{
	struct pk_episode *ep = be->ep;
	struct pk_transcript t;
	const char **names;
	size_t n = 0, errors;
	char *src;
	int r;

	src = pk_path_join(ep->dir, ep->transcript);
	names = pk_build_speaker_names(b->show, ep, &n);
	if (!src || !names) {
		free(src);
		free(names);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	pk_transcript_init(&t);
	errors = pk_transcript_load(src, names, n, &t, &be->diags);
	/* the cues follow the audio (an intro, cut pauses) */
	pk_transcript_remap(&t, ep->media.timemap);
	errors +=
	    pk_transcript_validate(&t, ep->media.duration, src, &be->diags);
	if (errors)
		r = pk_error_set(err, PK_EINVAL,
				 "%s: %zu problem%s in the "
				 "transcript",
				 src, errors, errors == 1 ? "" : "s");
	else
		r = pk_transcript_write_all(
		    &t, b->opts->out_dir ? b->opts->out_dir : "feed", ep->slug,
		    err);
	if (!r) {
		pk_build_count(b, &b->n_written);
		pk_build_count(b, &b->n_written);
		pk_build_count(b, &b->n_written);
	}
	pk_transcript_release(&t);
	free(names);
	free(src);
	return r;
}

int pk_build_step_assets(struct pk_build *b, struct pk_build_episode *be,
			 struct pk_error *err)
{
	struct pk_episode *ep = be->ep;
	char rel[1024];
	char *src, *dst;
	int r = 0;

	if (ep->transcript && !pk_url_is_http(ep->transcript)) {
		r = write_transcripts(b, be, err);
		if (r)
			return r;
	}
	if (pk_layout_image_path(ep, ep->image, rel, sizeof(rel))) {
		src = pk_path_join(ep->dir, ep->image);
		if (!src)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		/* The file as it is, and the 1400 px copy the tags embed. */
		dst = pk_build_small_cover_path(b, rel);
		r = dst ? pk_mkdir_parent(dst, err)
			: pk_error_set(err, PK_ENOMEM, "out of memory");
		if (!r)
			r = pk_tags_cover_make(src, dst, err);
		if (!r)
			r = pk_build_publish_file(b, src, rel, 0, NULL, err);
		if (!r)
			pk_build_count(b, &b->n_written);
		free(src);
		free(dst);
	}
	return r;
}

int pk_build_step_chapters(struct pk_build *b, struct pk_build_episode *be,
			   struct pk_error *err)
{
	char rel[1024], rec[1100];
	char *json;
	size_t errors, i;
	int r;

	/* The chapters follow the audio (an intro, cut pauses): from here on
	 * (tags, notes, feed, page) they are the published times. This step
	 * runs once per episode and build. A chapter at the very start stays
	 * there: the intro opens it. */
	for (i = 0; be->ep->media.timemap && i < be->ep->nchapters; i++)
		if (be->ep->chapters[i].start > 0)
			be->ep->chapters[i].start =
				pk_timemap_apply(be->ep->media.timemap,
						 be->ep->chapters[i].start);
	/* Only now is the length known that every chapter must start
	 * within: one past the end would be lost from the tags and point
	 * players nowhere. */
	errors = pk_chapters_validate(be->ep->chapters, be->ep->nchapters,
				      be->ep->media.duration, -1, be->ep->file,
				      &be->diags);
	if (errors)
		return pk_error_set(err, PK_EINVAL,
				    "%s: %zu problem%s in the "
				    "chapters",
				    be->ep->file, errors,
				    errors == 1 ? "" : "s");
	/* Soundbites and value time splits move the same way. */
	errors = pk_build_p20_follow(be);
	if (errors)
		return pk_error_set(err, PK_EINVAL,
				    "%s: %zu soundbite%s or time split%s "
				    "past the end of the audio",
				    be->ep->file, errors,
				    errors == 1 ? "" : "s",
				    errors == 1 ? "" : "s");
	if (!pk_layout_chapters_path(be->ep, rel, sizeof(rel)))
		return 0;
	json = pk_chapters_json(b->show, be->ep);
	if (!json)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	snprintf(rec, sizeof(rec), "%s:chapters", be->ep->slug);
	r = pk_build_write_if_changed(b, rec, rel, json, strlen(json), NULL,
				      NULL, err);
	free(json);
	return r;
}

int pk_build_step_tags(struct pk_build *b, struct pk_build_episode *be,
		       struct pk_error *err)
{
	struct pk_tag_opts to = {0};
	struct pk_tags t;
	char *path = pk_build_taggable(b, be->ep), *cover = NULL;
	int64_t size;
	int r;

	if (!path)
		return 0;
	cover = pk_build_tag_cover(b, be->ep);
	pk_tags_init(&t);
	to.id3v24 = b->opts->id3v24;
	r = pk_tags_from_episode(&t, b->show, be->ep, be->ep->media.duration,
				 cover, err);
	if (!r)
		r = pk_tags_write(path, &t, &to, err);
	if (!r) {
		pk_build_count(b, &b->n_tagged);
		size = pk_file_size(path, err);
		if (size < 0)
			r = (int)size;
		else
			be->ep->media.length = size;
	}
	pk_tags_release(&t);
	free(cover);
	free(path);
	return r;
}

int pk_build_step_notes(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err)
{
	free(be->notes_html);
	free(be->notes_text);
	be->notes_text =
	    pk_notes_render(b->show, be->ep, PK_NOTES_TEXT, &be->diags, err);
	be->notes_html = be->notes_text
			     ? pk_notes_render(b->show, be->ep, PK_NOTES_HTML,
					       &be->diags, err)
			     : NULL;
	if (!be->notes_html)
		return err && err->code ? err->code : PK_ENOMEM;
	return 0;
}

int pk_build_step_page(struct pk_build *b, struct pk_build_episode *be,
		       struct pk_error *err)
{
	char rel[1024], rec[1100];
	char *html;
	int r;

	r = pk_pages_episode_html(b->show, be->ep, be->notes_html, &html, err);
	if (r)
		return r;
	pk_layout_page_path(be->ep, rel, sizeof(rel));
	snprintf(rec, sizeof(rec), "%s:page", be->ep->slug);
	r = pk_build_write_output(b, rec, rel, html, strlen(html), err);
	free(html);
	return r;
}
