/* build_keys.c: what each incremental step's key hashes, and what a
 * skipped step restores from the build state (and records after a run). */
#include "build/build_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/state_int.h"
#include "feed/feed_int.h"
#include "podkit/fsio.h"
#include "podkit/tag.h"
#include "podkit/transcript.h"
#include "base/url_int.h"
#include "model/layout_int.h"
#include "audio/audio_pipeline_int.h"
#include "base/timemap_int.h"

/* Ends a key whose last step returned r: its digest into key, or, when r
 * is an error, the key given up and r returned. */
static int key_done(struct pk_key *k, int r, char key[65], struct pk_error *err)
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
	size_t i;

	pk_key_num(k, "target", a->target_lufs);
	if (!isnan(a->target_lufs) || !isnan(a->target_mono))
		pk_key_num(k, "target_mono",
			   !isnan(a->target_mono) ? a->target_mono
						  : a->target_lufs - 3);
	pk_key_num(k, "true_peak", a->true_peak);
	pk_key_str(k, "format", a->format);
	pk_key_num(k, "bitrate", a->bitrate);
	pk_key_num(k, "channels", a->channels);
	pk_key_num(k, "normalize", a->normalize);
	pk_key_num(k, "level", a->level);
	pk_key_num(k, "highpass", a->highpass);
	pk_key_num(k, "denoise", a->denoise);
	pk_key_num(k, "max_pause", a->max_pause);
	pk_key_num(k, "crossfade", a->crossfade);
	pk_key_num(k, "music_under", a->music_under);
	for (i = 0; i < a->nformats; i++)
		pk_key_str(k, "alternate", a->formats[i]);
}

/* The music this episode's audio is made with (show.yaml's, or the
 * episode's own): a missing file leaves the key incomplete, so the audio
 * step runs and reports it. */
static int key_music(struct pk_key *k, struct pk_build *b,
		     struct pk_build_episode *be)
{
	const struct pk_music_file *m[3];
	struct pk_audio_settings s;
	struct pk_error e = {0};
	int i;

	pk_audio_settings_for(b->show, be->ep, &s);
	m[0] = &s.intro;
	m[1] = &s.outro;
	m[2] = &s.bed;
	for (i = 0; i < 3; i++) {
		pk_key_str(k, "music", m[i]->path ? m[i]->path : "");
		if (m[i]->path &&
		    pk_key_file(k, b->state, "music file", m[i]->path, &e) < 0)
			return 1;
	}
	return 0;
}

/* The audio file: the source's content and every setting that shapes the
 * encoded file (the loudness target among them: changing it remakes every
 * episode's audio). URL audio has no file: always "run" (no I/O). */
int pk_build_media_key(struct pk_build *b, struct pk_build_episode *be,
		       char key[65], struct pk_error *err)
{
	struct pk_episode *ep = be->ep;
	struct pk_key k;
	char *src;
	size_t i;
	int r;

	if (!ep->ntracks && (ep->audio_is_url || !ep->audio))
		return 1;
	src = pk_path_join(ep->dir, ep->ntracks ? ep->tracks[0].file
						: ep->audio);
	if (!src || pk_key_init(&k) < 0) {
		free(src);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	pk_key_str(&k, "recipe", BUILD_RECIPE);
	pk_key_str(&k, "slug", ep->slug);
	pk_key_num(&k, "copy", b->opts->copy_media);
	key_audio_settings(&k, b->show);
	r = ep->ntracks ? 0
			: pk_key_file(&k, b->state, "source", src, err);
	/* a double-ender: every track's content, speaker and offset */
	for (i = 0; i < ep->ntracks && r == 0; i++) {
		free(src);
		src = pk_path_join(ep->dir, ep->tracks[i].file);
		if (!src) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			break;
		}
		r = pk_key_file(&k, b->state, "track", src, err);
		pk_key_str(&k, "name", ep->tracks[i].name);
		pk_key_num(&k, "offset", isnan(ep->tracks[i].offset)
						 ? -1e9
						 : ep->tracks[i].offset);
	}
	free(src);
	/* a recording levelled by the transcript's speakers: its cues shape
	 * the file (a double-ender's tracks are levelled each on its own) */
	if (!r && !ep->ntracks && b->show->audio.normalize &&
	    b->show->audio.level && ep->transcript &&
	    !pk_url_is_http(ep->transcript)) {
		const char **names;
		size_t n = 0;

		names = pk_build_speaker_names(b->show, ep, &n);
		for (i = 0; names && i < n; i++)
			pk_key_str(&k, "speaker", names[i]);
		free(names);
		src = pk_path_join(ep->dir, ep->transcript);
		r = src ? pk_key_file(&k, b->state, "transcript", src, err)
			: PK_ENOMEM;
		free(src);
	}
	if (!r && key_music(&k, b, be)) {
		pk_key_abort(&k);
		return 1;
	}
	return key_done(&k, r, key, err);
}

int pk_build_media_record(struct pk_build *b, struct pk_build_episode *be,
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
	r |= pk_build_alts_record(b, be->ep, rec);
	return r ? PK_ENOMEM : 0;
}

int pk_build_media_restore(struct pk_build *b, struct pk_build_episode *be,
			   const char *rec)
{
	struct pk_episode *ep = be->ep;
	char path[1024], mime[64], len[64], dur[64];
	char *file;
	int there, r;

	if (pk_state_field(b->state, rec, "path", path, sizeof(path)) ||
	    pk_state_field(b->state, rec, "mime", mime, sizeof(mime)) ||
	    pk_state_field(b->state, rec, "length", len, sizeof(len)) ||
	    pk_state_field(b->state, rec, "duration", dur, sizeof(dur)))
		return PK_ENOENT;
	file = pk_build_out_path(b, path);
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
	r = pk_build_alts_restore(b, ep, rec);
	if (r)
		return r;
	/* the audio was moved as its time map says (an intro, cut pauses) */
	return pk_build_load_timemap(b, be, NULL) == PK_ENOMEM ? PK_ENOMEM
							       : 0;
}

/* Transcript and image files, the names the transcript may use, and the
 * duration it is checked against. */
int pk_build_assets_key(struct pk_build *b, struct pk_build_episode *be,
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
	if (ep->media.timemap) {
		char *map = pk_timemap_format(ep->media.timemap);

		pk_key_str(&k, "timemap", map ? map : "");
		k.oom |= !map;
		free(map);
	}
	names = pk_build_speaker_names(b->show, ep, &n);
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
int pk_build_tags_key(struct pk_build *b, struct pk_build_episode *be,
		      char key[65], struct pk_error *err)
{
	struct pk_tags t;
	struct pk_key k;
	char *path = pk_build_taggable(b, be->ep), *cover;
	size_t i;
	int r;

	if (!path)
		return 1;
	free(path);
	cover = pk_build_tag_cover(b, be->ep);
	pk_tags_init(&t);
	/* The model without the cover's bytes: those are keyed by hash. */
	r = pk_tags_from_episode(&t, b->show, be->ep, be->ep->media.duration,
				 NULL, err);
	if (r < 0 || pk_key_init(&k) < 0) {
		pk_tags_release(&t);
		free(cover);
		return r < 0 ? r
			     : pk_error_set(err, PK_ENOMEM, "out of memory");
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

int pk_build_tags_record(struct pk_build *b, struct pk_build_episode *be,
			 const char *rec)
{
	char num[64];

	snprintf(num, sizeof(num), "%lld", (long long)be->ep->media.length);
	return pk_state_set_field(b->state, rec, "length", num) ? PK_ENOMEM : 0;
}

int pk_build_tags_restore(struct pk_build *b, struct pk_build_episode *be,
			  const char *rec)
{
	char num[64];
	char *path = pk_build_taggable(b, be->ep);
	int there = path && pk_is_file(path);

	free(path);
	if (!there || pk_state_field(b->state, rec, "length", num, sizeof(num)))
		return PK_ENOENT;
	be->ep->media.length = strtoll(num, NULL, 10);
	return 0;
}

int pk_build_media_fresh(struct pk_build *b, struct pk_build_episode *be)
{
	struct pk_error e = {0};
	char key[65], rec[1100];

	if (!b->state || b->opts->force ||
	    pk_build_media_key(b, be, key, &e) != 0)
		return 0;
	snprintf(rec, sizeof(rec), "%s:media", be->ep->slug);
	if (pk_state_why(b->state, rec, key, NULL) ||
	    pk_build_media_restore(b, be, rec) != 0)
		return 0;
	return 1;
}

/* The files a keyed step wrote, noted with its record so that the next
 * build checks them (size and mtime) before calling the step up to date.
 * The audio file changes under the tags step: its fingerprint is noted
 * again with the media record too. */
int pk_build_note_outputs(struct pk_build *b, struct pk_build_episode *be,
			  const char *step, const char *rec)
{
	const struct pk_episode *ep = be->ep;
	char rel[1024], small[1100], media_rec[1100];
	int r = 0;

	if (strcmp(step, "media") == 0 || strcmp(step, "tags") == 0) {
		if (!ep->media.path || ep->audio_is_url)
			return 0;
		r = pk_state_note_file(b->state, rec, ep->media.path);
		snprintf(media_rec, sizeof(media_rec), "%s:media", ep->slug);
		if (!r && strcmp(step, "tags") == 0)
			r = pk_state_note_file(b->state, media_rec,
					       ep->media.path);
	} else if (strcmp(step, "assets") == 0) {
		char *dot;
		size_t i;

		if (ep->transcript && !pk_url_is_http(ep->transcript) &&
		    pk_layout_transcript_path(ep, rel, sizeof(rel)) &&
		    (dot = strrchr(rel, '.')))
			for (i = 0; i < 3 && !r; i++) {
				snprintf(dot, sizeof(rel) - (size_t)(dot - rel),
					 "%s", pk_transcript_outputs[i].ext);
				r = pk_state_note_file(b->state, rec, rel);
			}
		if (!r && pk_layout_image_path(ep, ep->image, rel, sizeof(rel)))
			r = pk_state_note_file(b->state, rec, rel);
		if (!r && pk_layout_image_path(ep, ep->image, rel, sizeof(rel)))
			r = pk_state_note_file(b->state, rec,
					       pk_layout_small_image_path(
						   rel, small, sizeof(small)));
	}
	return r;
}
