/* build.c: the build pipeline: per-episode steps, then the feed. */
#include "podkit/build.h"

#include <pthread.h>
#include <stdio.h>

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "build/audio_build_int.h"
#include "podkit/chapter_formats.h"
#include "chapters/chapters_int.h"
#include "feed/feed_int.h"
#include "podkit/fsio.h"
#include "podkit/image.h"
#include "media/media_int.h"
#include "podkit/notes.h"
#include "pages/pages_int.h"
#include "base/parallel_int.h"
#include "build/state_int.h"
#include "podkit/tag.h"
#include "podkit/transcript.h"
#include "podkit/url.h"

/* Bumped when what a step makes from the same inputs changes, so a new
 * podkit remakes the outputs of an old one. */
#define BUILD_RECIPE "podkit-build-1"

/* Incremental steps: key computes the SHA-256 of what the step depends on;
 * restore gives back, from the state, what a skipped run would have
 * filled in (PK_ENOENT: the output is gone, run it); record stores that
 * after a run. */
typedef int (*step_key_fn)(struct pk_build *b, struct pk_build_episode *be,
			   char key[65], struct pk_error *err);
typedef int (*step_restore_fn)(struct pk_build *b,
			       struct pk_build_episode *be, const char *rec);
typedef int (*step_record_fn)(struct pk_build *b,
			      struct pk_build_episode *be, const char *rec);

struct step {
	const char *name;
	pk_build_step_fn run;
	int writes; /* 1: only when opts->write_files */
	step_key_fn key;         /* NULL: always runs (cheap, in memory) */
	step_restore_fn restore; /* may be NULL */
	step_record_fn record;   /* may be NULL */
};

static int media_key(struct pk_build *b, struct pk_build_episode *be,
		     char key[65], struct pk_error *err);
static int media_restore(struct pk_build *b, struct pk_build_episode *be,
			 const char *rec);
static int media_record(struct pk_build *b, struct pk_build_episode *be,
			const char *rec);
static int assets_key(struct pk_build *b, struct pk_build_episode *be,
		      char key[65], struct pk_error *err);
static int tags_key(struct pk_build *b, struct pk_build_episode *be,
		    char key[65], struct pk_error *err);
static int tags_restore(struct pk_build *b, struct pk_build_episode *be,
			const char *rec);
static int tags_record(struct pk_build *b, struct pk_build_episode *be,
		       const char *rec);

/* The order the steps run in for each episode. Later issues add theirs
 * here (audio after media, pages after notes); a step that rewrites the
 * audio file chains its key on be->audio_key as tags does. */
static const struct step steps[] = {
	{"media", pk_build_step_media, 0, media_key, media_restore,
	 media_record},
	{"assets", pk_build_step_assets, 1, assets_key, NULL, NULL},
	{"chapters", pk_build_step_chapters, 1, NULL, NULL, NULL},
	{"tags", pk_build_step_tags, 1, tags_key, tags_restore, tags_record},
	{"notes", pk_build_step_notes, 1, NULL, NULL, NULL},
	{"page", pk_build_step_page, 1, NULL, NULL, NULL},
};

void pk_build_count(struct pk_build *b, size_t *counter)
{
	if (b->lock)
		pthread_mutex_lock(b->lock);
	(*counter)++;
	if (b->lock)
		pthread_mutex_unlock(b->lock);
}

static void plan(struct pk_build *b, const char *what, const char *why)
{
	if (!b->opts->plan)
		return;
	if (b->lock)
		pthread_mutex_lock(b->lock);
	b->opts->plan(b->opts->plan_arg, what, why);
	if (b->lock)
		pthread_mutex_unlock(b->lock);
}

/* out_dir/rel, malloc'd; NULL when out of memory. */
static char *out_path(const struct pk_build *b, const char *rel)
{
	return pk_path_join(b->opts->out_dir ? b->opts->out_dir
					     : "feed", rel);
}

/* out_dir/images/NAME-1400.jpg for the image at rel ("images/NAME.EXT"):
 * the small copy tags embed. malloc'd; NULL when out of memory. */
static char *small_cover_path(const struct pk_build *b, const char *rel)
{
	char buf[1100];
	const char *dot = strrchr(rel, '.');
	int n = dot ? (int)(dot - rel) : (int)strlen(rel);

	snprintf(buf, sizeof(buf), "%.*s-1400.jpg", n, rel);
	return out_path(b, buf);
}

/* Writes data to out_dir/rel unless the state says the same bytes are
 * already there (a no-op build writes nothing); in a dry run only says
 * whether it would. rec names the state record. */
static int write_if_changed(struct pk_build *b, const char *rec,
			    const char *rel, const char *data, size_t len,
			    const char *volatile_elem, int *wrote,
			    struct pk_error *err);

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
	snprintf(rel, sizeof(rel), "audio/%s-%.12s.%s", ep->slug, hex,
		 mi.ext);
	if (b->opts->copy_media) {
		/* The copy may have been tagged since: a size check cannot
		 * tell, so with a state (which knows) the copy is remade. */
		r = publish_file(b, src, rel, !b->state, &be->copied, err);
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

/* The names a transcript's "Name:" prefixes may use: the episode's hosts
 * and guests. Returns a malloc'd array of borrowed strings. */
static const char **speaker_names(const struct pk_show *show,
				  const struct pk_episode *ep, size_t *n)
{
	size_t nh, i, k = 0;
	const struct pk_person *h = pk_episode_hosts(show, ep, &nh);
	const char **v = calloc(nh + ep->nguests + 1, sizeof(*v));

	if (!v)
		return NULL;
	for (i = 0; i < nh; i++)
		v[k++] = h[i].name;
	for (i = 0; i < ep->nguests; i++)
		v[k++] = ep->guests[i].name;
	*n = k;
	return v;
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
	names = speaker_names(b->show, ep, &n);
	if (!src || !names) {
		free(src);
		free(names);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	pk_transcript_init(&t);
	errors = pk_transcript_load(src, names, n, &t, &be->diags);
	errors += pk_transcript_validate(&t, ep->media.duration, src,
					 &be->diags);
	if (errors)
		r = pk_error_set(err, PK_EINVAL, "%s: %zu problem%s in the "
				 "transcript", src, errors,
				 errors == 1 ? "" : "s");
	else
		r = pk_transcript_write_all(&t, b->opts->out_dir
						? b->opts->out_dir : "feed",
					    ep->slug, err);
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
	if (pk_feed_image_path(ep, ep->image, rel, sizeof(rel))) {
		src = pk_path_join(ep->dir, ep->image);
		if (!src)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		r = pk_image_check(src, NULL, err);
		if (!r)
			r = publish_file(b, src, rel, 0, NULL, err);
		free(src);
		if (r)
			return r;
		/* The 1400 px copy the tags embed. */
		dst = small_cover_path(b, rel);
		if (!dst)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		src = out_path(b, rel);
		r = src ? pk_image_scale_jpeg(src, dst, PK_COVER_SMALL, err)
			: pk_error_set(err, PK_ENOMEM, "out of memory");
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
	size_t errors;
	int r;

	/* Only now is the length known that every chapter must start
	 * within: one past the end would be lost from the tags and point
	 * players nowhere. */
	errors = pk_chapters_validate(be->ep->chapters, be->ep->nchapters,
				      be->ep->media.duration, -1,
				      be->ep->file, &be->diags);
	if (errors)
		return pk_error_set(err, PK_EINVAL, "%s: %zu problem%s in the "
				    "chapters", be->ep->file, errors,
				    errors == 1 ? "" : "s");
	if (!pk_feed_chapters_path(be->ep, rel, sizeof(rel)))
		return 0;
	json = pk_chapters_json(b->show, be->ep);
	if (!json)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	snprintf(rec, sizeof(rec), "%s:chapters", be->ep->slug);
	r = write_if_changed(b, rec, rel, json, strlen(json), NULL, NULL,
			     err);
	free(json);
	return r;
}

/* The published file tags go into: a local MP3 or M4A under out_dir. */
static char *taggable(const struct pk_build *b, const struct pk_episode *ep)
{
	const char *m = ep->media.mime;

	if (ep->audio_is_url || !ep->media.path || !m ||
	    (strcmp(m, "audio/mpeg") != 0 && strcmp(m, "audio/x-m4a") != 0 &&
	     strcmp(m, "audio/mp4") != 0))
		return NULL;
	return out_path(b, ep->media.path);
}

/* The small cover for an episode's tags: its own image's, else the
 * show's; NULL when there is none (or out of memory). */
static char *tag_cover(const struct pk_build *b, const struct pk_episode *ep)
{
	char rel[1024];
	char *p;

	if (pk_feed_image_path(ep, ep->image, rel, sizeof(rel)))
		p = small_cover_path(b, rel);
	else if (pk_feed_image_path(NULL, b->show->image, rel, sizeof(rel)))
		p = small_cover_path(b, rel);
	else
		return NULL;
	if (p && !pk_is_file(p)) {
		free(p);
		p = NULL;
	}
	return p;
}

int pk_build_step_tags(struct pk_build *b, struct pk_build_episode *be,
		       struct pk_error *err)
{
	struct pk_tag_opts to = {0};
	struct pk_tags t;
	char *path = taggable(b, be->ep), *cover = NULL;
	int64_t size;
	int r;

	if (!path)
		return 0;
	cover = tag_cover(b, be->ep);
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
	be->notes_text = pk_notes_render(b->show, be->ep, PK_NOTES_TEXT,
					 &be->diags, err);
	be->notes_html = be->notes_text
				 ? pk_notes_render(b->show, be->ep,
						   PK_NOTES_HTML, &be->diags, err)
				 : NULL;
	if (!be->notes_html)
		return err && err->code ? err->code : PK_ENOMEM;
	return 0;
}

/* ---- keys ------------------------------------------------------------ */

/* Ends a key whose last step returned r: its digest into key, or, when r
 * is an error, the key given up and r returned. */
static int key_done(struct pk_key *k, int r, char key[65],
		    struct pk_error *err)
{
	if (r < 0) {
		pk_key_abort(k);
		return r;
	}
	if (pk_key_final(k, key) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	return 0;
}

static void key_audio_settings(struct pk_key *k, const struct pk_show *show)
{
	const struct pk_audio_settings *a = &show->audio;

	pk_key_num(k, "target", a->target_lufs);
	pk_key_num(k, "true_peak", a->true_peak);
	pk_key_str(k, "format", a->format);
	pk_key_num(k, "bitrate", a->bitrate);
	pk_key_num(k, "channels", a->channels);
	pk_key_num(k, "normalize", a->normalize);
}

/* The audio file: the source's content and every setting that shapes the
 * encoded file (the loudness target among them: changing it remakes every
 * episode's audio). URL audio has no file: always "run" (no I/O). */
static int media_key(struct pk_build *b, struct pk_build_episode *be,
		     char key[65], struct pk_error *err)
{
	struct pk_episode *ep = be->ep;
	struct pk_key k;
	char *src;
	int r;

	if (ep->audio_is_url || !ep->audio)
		return 1;
	src = pk_path_join(ep->dir, ep->audio);
	if (!src || pk_key_init(&k) < 0) {
		free(src);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	pk_key_str(&k, "recipe", BUILD_RECIPE);
	pk_key_str(&k, "slug", ep->slug);
	pk_key_num(&k, "copy", b->opts->copy_media);
	key_audio_settings(&k, b->show);
	r = pk_key_file(&k, b->state, "source", src, err);
	free(src);
	return key_done(&k, r, key, err);
}

static int media_record(struct pk_build *b, struct pk_build_episode *be,
			const char *rec)
{
	const struct pk_media *m = &be->ep->media;
	char num[64];
	int r = 0;

	if (!m->path || !m->mime)
		return 0;
	r |= pk_state_set_field(b->state, rec, "path", m->path);
	r |= pk_state_set_field(b->state, rec, "mime", m->mime);
	snprintf(num, sizeof(num), "%lld", (long long)m->length);
	r |= pk_state_set_field(b->state, rec, "length", num);
	snprintf(num, sizeof(num), "%.17g", m->duration);
	r |= pk_state_set_field(b->state, rec, "duration", num);
	return r ? PK_ENOMEM : 0;
}

static int media_restore(struct pk_build *b, struct pk_build_episode *be,
			 const char *rec)
{
	struct pk_episode *ep = be->ep;
	char path[1024], mime[64], len[64], dur[64];
	char *file;
	int there;

	if (pk_state_field(b->state, rec, "path", path, sizeof(path)) ||
	    pk_state_field(b->state, rec, "mime", mime, sizeof(mime)) ||
	    pk_state_field(b->state, rec, "length", len, sizeof(len)) ||
	    pk_state_field(b->state, rec, "duration", dur, sizeof(dur)))
		return PK_ENOENT;
	file = out_path(b, path);
	there = file && pk_is_file(file);
	free(file);
	if (!there)
		return PK_ENOENT;
	pk_media_release(&ep->media);
	if (pk_media_set_path(b->show, &ep->media, path, NULL) < 0 ||
	    !(ep->media.mime = strdup(mime)))
		return PK_ENOMEM;
	ep->media.length = strtoll(len, NULL, 10);
	ep->media.duration = strtod(dur, NULL);
	return 0;
}

/* Transcript and image files, the names the transcript may use, and the
 * duration it is checked against. */
static int assets_key(struct pk_build *b, struct pk_build_episode *be,
		      char key[65], struct pk_error *err)
{
	struct pk_episode *ep = be->ep;
	const char **names = NULL;
	struct pk_key k;
	size_t n = 0, i;
	char *f;
	int r = 0;

	if (pk_key_init(&k) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	pk_key_str(&k, "recipe", BUILD_RECIPE);
	pk_key_str(&k, "slug", ep->slug);
	pk_key_num(&k, "duration", ep->media.duration);
	names = speaker_names(b->show, ep, &n);
	for (i = 0; names && i < n; i++)
		pk_key_str(&k, "speaker", names[i]);
	free(names);
	if (ep->transcript && !pk_url_is_http(ep->transcript)) {
		f = pk_path_join(ep->dir, ep->transcript);
		r = f ? pk_key_file(&k, b->state, "transcript", f, err)
		      : PK_ENOMEM;
		free(f);
	}
	if (!r && ep->image && !pk_url_is_http(ep->image)) {
		pk_key_str(&k, "image name", ep->image);
		f = pk_path_join(ep->dir, ep->image);
		r = f ? pk_key_file(&k, b->state, "image", f, err) : PK_ENOMEM;
		free(f);
	}
	if (r == PK_ENOMEM)
		pk_error_set(err, r, "out of memory");
	return key_done(&k, r, key, err);
}

/* The audio file as it stands (be->audio_key) and every tag written into
 * it, the cover's bytes and the ID3 version: chapters edited -> re-tag,
 * not re-encode. */
static int tags_key(struct pk_build *b, struct pk_build_episode *be,
		    char key[65], struct pk_error *err)
{
	struct pk_tags t;
	struct pk_key k;
	char *path = taggable(b, be->ep), *cover;
	size_t i;
	int r;

	if (!path)
		return 1;
	free(path);
	cover = tag_cover(b, be->ep);
	pk_tags_init(&t);
	/* The model without the cover's bytes: those are keyed by hash. */
	r = pk_tags_from_episode(&t, b->show, be->ep, be->ep->media.duration,
				 NULL, err);
	if (r < 0 || pk_key_init(&k) < 0) {
		pk_tags_release(&t);
		free(cover);
		return r < 0 ? r : pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	pk_key_str(&k, "recipe", BUILD_RECIPE);
	pk_key_str(&k, "audio", be->audio_key);
	pk_key_num(&k, "id3v24", b->opts->id3v24);
	pk_key_str(&k, "title", t.title);
	pk_key_str(&k, "artist", t.artist);
	pk_key_str(&k, "album", t.album);
	pk_key_num(&k, "track", t.track);
	pk_key_num(&k, "disc", t.disc);
	pk_key_str(&k, "date", t.date);
	pk_key_str(&k, "genre", t.genre);
	pk_key_num(&k, "podcast", t.podcast);
	pk_key_str(&k, "category", t.category);
	pk_key_str(&k, "description", t.description);
	pk_key_str(&k, "summary", t.summary);
	pk_key_str(&k, "guid", t.guid);
	pk_key_str(&k, "feed_url", t.feed_url);
	pk_key_str(&k, "copyright", t.copyright);
	for (i = 0; i < t.nchapters; i++) {
		pk_key_num(&k, "ch start", t.chapters[i].start);
		pk_key_num(&k, "ch end", t.chapters[i].end);
		pk_key_str(&k, "ch title", t.chapters[i].title);
		pk_key_str(&k, "ch url", t.chapters[i].url);
	}
	pk_tags_release(&t);
	r = 0;
	if (cover)
		r = pk_key_file(&k, b->state, "cover", cover, err);
	else
		pk_key_str(&k, "cover", NULL);
	free(cover);
	return key_done(&k, r, key, err);
}

static int tags_record(struct pk_build *b, struct pk_build_episode *be,
		       const char *rec)
{
	char num[64];

	snprintf(num, sizeof(num), "%lld", (long long)be->ep->media.length);
	return pk_state_set_field(b->state, rec, "length", num) ? PK_ENOMEM
								 : 0;
}

static int tags_restore(struct pk_build *b, struct pk_build_episode *be,
			const char *rec)
{
	char num[64];
	char *path = taggable(b, be->ep);
	int there = path && pk_is_file(path);

	free(path);
	if (!there ||
	    pk_state_field(b->state, rec, "length", num, sizeof(num)))
		return PK_ENOENT;
	be->ep->media.length = strtoll(num, NULL, 10);
	return 0;
}

/* The SHA-256 of data without its first <elem>...</elem> (the feed's
 * lastBuildDate, which moves with the clock, not with the content). */
static void content_key(const char *data, size_t len, const char *elem,
			char key[65])
{
	char open[64], close[64];
	const char *a, *z;
	struct pk_key k;

	if (elem) {
		snprintf(open, sizeof(open), "<%s>", elem);
		snprintf(close, sizeof(close), "</%s>", elem);
		a = strstr(data, open);
		z = a ? strstr(a, close) : NULL;
		if (z && pk_key_init(&k) == 0) {
			z += strlen(close);
			pk_key_str(&k, "before", "");
			EVP_DigestUpdate(k.ctx, data, (size_t)(a - data));
			pk_key_str(&k, "after", "");
			EVP_DigestUpdate(k.ctx, z, len - (size_t)(z - data));
			if (pk_key_final(&k, key) == 0)
				return;
		}
	}
	pk_sha256_hex(data, len, key);
}

static int write_if_changed(struct pk_build *b, const char *rec,
			    const char *rel, const char *data, size_t len,
			    const char *volatile_elem, int *wrote,
			    struct pk_error *err)
{
	char key[65], what[1200];
	char *path = out_path(b, rel);
	const char *why = "no build state";
	int r = 0;

	if (wrote)
		*wrote = 0;
	if (!path)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	content_key(data, len, volatile_elem, key);
	if (b->state) {
		why = b->opts->force ? "forced"
				     : pk_state_why(b->state, rec, key, path);
		if (!why) {
			pk_build_count(b, &b->n_uptodate);
			goto out;
		}
	}
	if (b->opts->dry_run) {
		snprintf(what, sizeof(what), "write %s", rel);
		plan(b, what, why);
		goto out;
	}
	r = mkdir_for(path, err);
	if (!r)
		r = pk_write_atomic(path, data, len, 0644, err);
	if (!r) {
		pk_build_count(b, &b->n_written);
		if (wrote)
			*wrote = 1;
		if (b->state && pk_state_set(b->state, rec, key) < 0)
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
	}
out:
	free(path);
	return r;
}

int pk_build_write_output(struct pk_build *b, const char *rec,
			  const char *rel, const char *data, size_t len,
			  struct pk_error *err)
{
	return write_if_changed(b, rec, rel, data, len, NULL, NULL, err);
}

int pk_build_media_fresh(struct pk_build *b, struct pk_build_episode *be)
{
	struct pk_error e = {0};
	char key[65], rec[1100];

	if (!b->state || b->opts->force || media_key(b, be, key, &e) != 0)
		return 0;
	snprintf(rec, sizeof(rec), "%s:media", be->ep->slug);
	if (pk_state_why(b->state, rec, key, NULL) ||
	    media_restore(b, be, rec) != 0)
		return 0;
	return 1;
}

/* ---- running the steps ------------------------------------------------ */

int pk_build_init(struct pk_build *b, struct pk_show *show,
		  const struct pk_build_opts *opts, struct pk_diags *diags,
		  struct pk_error *err)
{
	pthread_mutex_t *lock;
	size_t i;

	memset(b, 0, sizeof(*b));
	b->show = show;
	b->opts = opts;
	b->diags = diags;
	b->neps = show->nepisodes;
	b->eps = calloc(b->neps + 1, sizeof(*b->eps));
	lock = malloc(sizeof(*lock));
	if (!b->eps || !lock || pthread_mutex_init(lock, NULL) != 0) {
		free(b->eps);
		free(lock);
		b->eps = NULL;
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	b->lock = lock;
	for (i = 0; i < b->neps; i++) {
		b->eps[i].ep = &show->episodes[i];
		b->eps[i].skipped = show->episodes[i].scheduled;
		pk_diags_init(&b->eps[i].diags);
	}
	return 0;
}

void pk_build_release(struct pk_build *b)
{
	size_t i;

	for (i = 0; b->eps && i < b->neps; i++) {
		free(b->eps[i].notes_html);
		free(b->eps[i].notes_text);
		pk_diags_release(&b->eps[i].diags);
	}
	free(b->eps);
	if (b->lock) {
		pthread_mutex_destroy(b->lock);
		free(b->lock);
	}
	pk_state_free(b->state);
	memset(b, 0, sizeof(*b));
}

/* Reports a failed step against its episode and marks it. */
static void fail(struct pk_build *b, struct pk_build_episode *be,
		 const char *step, const struct pk_error *e)
{
	be->failed = 1;
	be->io_failed |= e->code == PK_EIO;
	(void)b;
	pk_diags_add(&be->diags, PK_ERROR, NULL, 0,
		     "%s; '%s' left out of the feed (%s)",
		     e->msg[0] ? e->msg : pk_strerror(e->code), be->ep->slug,
		     step);
}

/* One step of one episode, skipped when the state says its outputs are
 * up to date. Returns 0 or the step's error. */
static int run_step(struct pk_build *b, struct pk_build_episode *be,
		    const struct step *st, struct pk_error *e)
{
	char key[65], rec[1100], what[1200];
	const char *why = NULL;
	int r, keyed = 0;

	snprintf(rec, sizeof(rec), "%s:%s", be->ep->slug, st->name);
	snprintf(what, sizeof(what), "run %s for %s", st->name, be->ep->slug);
	if (b->state && st->key) {
		if (be->pending) {
			/* Dry run: an earlier step would change the audio
			 * this one starts from. */
			plan(b, what, "an earlier step would run");
			return 0;
		}
		r = st->key(b, be, key, e);
		if (r < 0)
			return r;
		keyed = r == 0;
	}
	if (keyed) {
		why = b->opts->force ? "forced"
				     : pk_state_why(b->state, rec, key, NULL);
		if (!why && st->restore) {
			r = st->restore(b, be, rec);
			if (r == PK_ENOMEM)
				return pk_error_set(e, r, "out of memory");
			if (r)
				why = "output file missing";
		}
		if (!why) {
			pk_build_count(b, &b->n_uptodate);
			if (strcmp(st->name, "media") == 0 ||
			    strcmp(st->name, "tags") == 0)
				memcpy(be->audio_key, key, 65);
			return 0;
		}
		if (b->opts->dry_run) {
			plan(b, what, why);
			be->pending = 1;
			return 0;
		}
		/* Until it succeeds, the old record must not vouch for a
		 * half-made output. */
		pk_state_forget(b->state, rec);
	}
	/* Unkeyed steps work in memory or write through write_if_changed,
	 * which a dry run stops: they run even then. */
	r = st->run(b, be, e);
	if (r)
		return r;
	if (keyed) {
		if (pk_state_set(b->state, rec, key) < 0 ||
		    (st->record && st->record(b, be, rec) < 0))
			return pk_error_set(e, PK_ENOMEM, "out of memory");
		if (strcmp(st->name, "media") == 0 ||
		    strcmp(st->name, "tags") == 0)
			memcpy(be->audio_key, key, 65);
	}
	return 0;
}

struct job {
	struct pk_build *b;
	int fatal;              /* out of memory: stop */
	struct pk_error fatal_err;
};

static void episode_job(void *arg, size_t i)
{
	struct job *j = arg;
	struct pk_build *b = j->b;
	struct pk_build_episode *be = &b->eps[i];
	size_t s, done;

	/* Jobs of microseconds (a feed of URL audio) must not queue on the
	 * lock: it is taken only to report progress. */
	done = __atomic_fetch_add(&b->done, 1, __ATOMIC_RELAXED);
	if (b->opts->progress) {
		pthread_mutex_lock(b->lock);
		b->opts->progress(b->opts->progress_arg, done, b->neps,
				  be->ep->slug);
		pthread_mutex_unlock(b->lock);
	}
	if (__atomic_load_n(&j->fatal, __ATOMIC_ACQUIRE))
		return;
	/* Failed already in the audio pass: reported once, not again by
	 * every step after it. */
	if (be->skipped || be->failed)
		return;
	for (s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
		struct pk_error e = {0};
		int r;

		if (steps[s].writes && !b->opts->write_files)
			continue;
		r = run_step(b, be, &steps[s], &e);
		if (r == PK_ENOMEM) {
			/* Not the episode's fault: stop. */
			pthread_mutex_lock(b->lock);
			if (!j->fatal) {
				j->fatal_err = e;
				__atomic_store_n(&j->fatal, 1, __ATOMIC_RELEASE);
			}
			pthread_mutex_unlock(b->lock);
			return;
		}
		if (r) {
			if (b->state)
				pk_state_forget(b->state, "feed.xml");
			fail(b, be, steps[s].name, &e);
			break;
		}
	}
}

int pk_build_episodes(struct pk_build *b, struct pk_error *err)
{
	struct job j = {0};
	size_t i;
	int r;

	j.b = b;
	r = pk_parallel_for(b->neps, b->opts->jobs, episode_job, &j);
	if (r)
		return pk_error_set(err, r, "cannot start the build's threads");
	/* Each episode's problems, in show order. */
	for (i = 0; i < b->neps; i++)
		pk_diags_move(b->diags, &b->eps[i].diags);
	if (j.fatal) {
		*err = j.fatal_err;
		return j.fatal_err.code ? j.fatal_err.code : PK_ENOMEM;
	}
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
	int feed_written = rep->feed_written;

	memset(rep, 0, sizeof(*rep));
	rep->feed_written = feed_written;
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
	rep->read = b->n_read;
	rep->decoded = b->n_decoded;
	rep->tagged = b->n_tagged;
	rep->written = b->n_written;
	rep->uptodate = b->n_uptodate;
}

/* The show's cover, when it is a file in the show folder: checked, copied
 * as it is, and a 1400 px copy for the tags. */
static int show_cover(struct pk_build *b, struct pk_error *err)
{
	char rel[1024], key[65];
	char *src, *small = NULL, *full = NULL;
	const char *why = "no build state";
	struct pk_key k;
	int r;

	if (!pk_feed_image_path(NULL, b->show->image, rel, sizeof(rel)))
		return 0;
	src = pk_path_join(b->show->dir, b->show->image);
	small = small_cover_path(b, rel);
	full = out_path(b, rel);
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
		why = b->opts->force ? "forced"
				     : pk_state_why(b->state, "cover", key,
						    small);
		if (!why && !pk_is_file(full))
			why = "output file missing";
		if (!why) {
			pk_build_count(b, &b->n_uptodate);
			goto out;
		}
	}
	if (b->opts->dry_run) {
		plan(b, "show cover", why);
		r = 0;
		goto out;
	}
	r = pk_image_check(src, NULL, err);
	if (!r)
		r = publish_file(b, src, rel, 0, NULL, err);
	if (!r)
		r = pk_image_scale_jpeg(src, small, PK_COVER_SMALL, err);
	if (!r) {
		pk_build_count(b, &b->n_written);
		pk_build_count(b, &b->n_written);
		if (b->state && pk_state_set(b->state, "cover", key) < 0)
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
	}
out:
	free(full);
	free(small);
	free(src);
	return r;
}

static int write_feed(struct pk_build *b, const char *path,
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
		r = write_if_changed(b, "feed.xml", "feed.xml", data, len,
				     "lastBuildDate",
				     rep ? &rep->feed_written : NULL, err);
out:
	free(data);
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
	const char *out = opts->out_dir ? opts->out_dir : "feed";
	const char *warn = NULL;
	char *feed = NULL, *state = NULL;
	size_t i;
	int r;

	r = pk_build_init(&b, show, opts, diags, err);
	if (r)
		return r;
	if (!opts->dry_run || pk_is_dir(out)) {
		r = opts->dry_run ? 0 : pk_mkdir_p(out, err);
		/* A build killed half-way left its temporaries: the files
		 * they were to become are remade below. */
		if (!r && !opts->dry_run)
			r = pk_remove_stale_temps(out, NULL, err);
		if (r)
			goto out;
	}
	if (opts->write_files) {
		state = pk_path_join(out, PK_STATE_FILE);
		if (!state) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		r = pk_state_load(state, &b.state, &warn, err);
		if (r)
			goto out;
		if (warn)
			pk_diags_add(diags, PK_WARNING, state, 0, "%s", warn);
	}
	if (opts->write_files) {
		struct pk_error e = {0};

		/* Before the episodes: their tags embed its small copy. A
		 * bad cover is the show's problem, not a reason to keep the
		 * old feed. */
		if (show_cover(&b, &e))
			pk_diags_add(diags, PK_ERROR, NULL, 0, "%s", e.msg);
	}
	/* the audio step: normalise + encode, episodes in parallel. A dry
	 * run encodes nothing: the media step reports what would be. */
	if (opts->copy_media && show->audio.normalize && !opts->dry_run &&
	    (r = pk_audio_build(&b, opts->jobs, err)) != 0)
		goto out;
	r = pk_build_episodes(&b, err);
	if (r)
		goto out;
	/* An episode lost to a failed write (a full disk) is not a reason
	 * to publish a feed or index without it: the old ones stay. */
	for (i = 0; i < b.neps; i++)
		if (b.eps[i].io_failed) {
			r = pk_error_set(err, PK_EIO, "feed and index not "
					 "written: an output of '%s' could not "
					 "be written (disk full?); the previous "
					 "ones stay", b.eps[i].ep->slug);
			goto out;
		}
	if (opts->write_files) {
		struct pk_error e = {0};

		/* After the episodes: it lists those that built. */
		if (pk_build_write_index(&b, &e))
			pk_diags_add(diags, PK_ERROR, NULL, 0, "%s", e.msg);
	}
	feed = out_path(&b, "feed.xml");
	if (!feed) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	r = write_feed(&b, feed, rep, err);
	if (!r && b.state && !opts->dry_run)
		r = pk_state_save(b.state, state,
				  rep ? &rep->state_written : NULL, err);
out:
	free(state);
	free(feed);
	pk_build_release(&b);
	return r;
}

int pk_build_feed_only(struct pk_show *show, const char *path, int jobs,
		       struct pk_build_report *rep, struct pk_diags *diags,
		       struct pk_error *err)
{
	struct pk_build_opts opts = {0};
	struct pk_build b;
	int r;

	opts.jobs = jobs;
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
