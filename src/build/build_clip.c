/* build_clip.c: the clips of an episode's soundbites (show.yaml `clips:
 * true`), and what `podkit clip` takes from the build's output: the
 * published audio (levelled, on target, limited), its time map, the cover
 * the tags embed, the transcript's cues moved as the build publishes
 * them. */
#include "build/build_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timemap_int.h"
#include "base/url_int.h"
#include "build/state_int.h"
#include "model/layout_int.h"
#include "podkit/clip.h"
#include "podkit/fsio.h"
#include "podkit/transcript.h"

/* The build's clips: vertical, for Reels, Shorts and TikTok. */
#define BUILD_CLIP_W 1080
#define BUILD_CLIP_H 1920
#define BUILD_CLIP_RECIPE "podkit-clip-1"

int pk_build_soundbite_span(const struct pk_episode *ep, size_t n, double *from,
			    double *to)
{
	const struct pk_soundbite *sb;

	if (n < 1 || n > ep->nsoundbites)
		return PK_ENOENT;
	sb = &ep->soundbites[n - 1];
	/* given in the recording's time: the published audio may have
	 * moved (an intro, shortened pauses) */
	*from = sb->start;
	*to = sb->start + sb->duration;
	if (ep->media.timemap) {
		*from = pk_timemap_apply(ep->media.timemap, *from);
		*to = pk_timemap_apply(ep->media.timemap, *to);
	}
	return 0;
}

int pk_build_clip_transcript(const struct pk_show *show,
			     const struct pk_episode *ep,
			     struct pk_transcript *t, int *has,
			     struct pk_diags *diags, struct pk_error *err)
{
	const char **names;
	size_t n = 0, errors;
	char *src;

	*has = 0;
	pk_transcript_init(t);
	if (!ep->transcript || pk_url_is_http(ep->transcript))
		return 0;
	src = pk_path_join(ep->dir, ep->transcript);
	names = pk_build_speaker_names(show, ep, &n);
	if (!src || !names) {
		free(src);
		free(names);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	errors = pk_transcript_load(src, names, n, t, diags);
	/* the cues follow the audio (an intro, cut pauses) */
	pk_transcript_remap(t, ep->media.timemap);
	free(names);
	if (errors) {
		pk_error_set(err, PK_EINVAL,
			     "%s: %zu problem%s in the transcript", src, errors,
			     errors == 1 ? "" : "s");
		free(src);
		pk_transcript_release(t);
		return PK_EINVAL;
	}
	free(src);
	*has = 1;
	return 0;
}

int pk_build_clip_inputs(struct pk_show *show, struct pk_episode *ep,
			 const char *out_dir, struct pk_build_clip_inputs *in,
			 struct pk_diags *diags, struct pk_error *err)
{
	struct pk_build_opts opts = {0};
	struct pk_build b;
	struct pk_build_episode *be = NULL;
	const char *warn = NULL;
	char *state = NULL;
	size_t i;
	int r;

	memset(in, 0, sizeof(*in));
	pk_transcript_init(&in->t);
	if (ep->audio_is_url)
		return pk_error_set(err, PK_EINVAL,
				    "%s: its audio is a URL; a clip is made "
				    "from a published file the build wrote",
				    ep->dir);
	opts.out_dir = out_dir ? out_dir : "feed";
	opts.copy_media = 1;
	opts.write_files = 1;
	opts.jobs = 1;
	r = pk_build_init(&b, show, &opts, diags, err);
	if (r)
		return r;
	state = pk_path_join(opts.out_dir, PK_STATE_FILE);
	if (!state) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	r = pk_state_load(state, &b.state, &warn, err);
	if (r)
		goto out;
	for (i = 0; i < b.neps; i++)
		if (b.eps[i].ep == ep)
			be = &b.eps[i];
	if (!be || !pk_build_media_fresh(&b, be)) {
		r = pk_error_set(err, PK_ENOENT,
				 "%s: its published audio in '%s' is missing "
				 "or out of date; run 'podkit build' first",
				 ep->dir, opts.out_dir);
		goto out;
	}
	in->audio = pk_build_out_path(&b, ep->media.path);
	in->cover = pk_build_tag_cover(&b, ep);
	if (!in->audio) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	in->duration = ep->media.duration;
	r = pk_build_clip_transcript(show, ep, &in->t, &in->has_transcript,
				     diags, err);
out:
	if (r)
		pk_build_clip_inputs_release(in);
	free(state);
	pk_build_release(&b);
	return r;
}

void pk_build_clip_inputs_release(struct pk_build_clip_inputs *in)
{
	free(in->audio);
	free(in->cover);
	pk_transcript_release(&in->t);
	memset(in, 0, sizeof(*in));
	pk_transcript_init(&in->t);
}

int pk_build_clips_wanted(const struct pk_build *b)
{
	return b->show->clips && b->opts->copy_media;
}

/* The size of the build's clips: show.yaml's clip_size, else vertical. */
static int clip_size(const struct pk_show *show, int *w, int *h,
		     struct pk_error *err)
{
	*w = BUILD_CLIP_W;
	*h = BUILD_CLIP_H;
	if (show->clip_size && pk_clip_size_parse(show->clip_size, w, h) < 0)
		return pk_error_set(err, PK_EINVAL,
				    "%s: 'clip_size' '%s' is not a clip size "
				    "(%s)",
				    show->file, show->clip_size, PK_CLIP_SIZES);
	return 0;
}

int pk_build_clips_begin(struct pk_build *b, struct pk_error *err)
{
	char *dir;
	int w, h, r;

	r = clip_size(b->show, &w, &h, err);
	if (r || b->opts->dry_run)
		return r;
	dir = pk_build_out_path(b, "video");
	if (!dir)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = pk_mkdir_p(dir, err);
	free(dir);
	return r;
}

/* Everything the clips show: the audio as the media step made it, where
 * the soundbites and cues fall in it, the titles, the cover's bytes. */
int pk_build_clips_key(struct pk_build *b, struct pk_build_episode *be,
		       char key[65], struct pk_error *err)
{
	struct pk_episode *ep = be->ep;
	const char **names;
	struct pk_key k;
	size_t n = 0, i;
	char *f, *cover;
	int r = 0;

	if (!ep->nsoundbites || !ep->media.path)
		return 1;
	if (pk_key_init(&k) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	pk_key_str(&k, "recipe", BUILD_RECIPE);
	pk_key_str(&k, "clip recipe", BUILD_CLIP_RECIPE);
	pk_key_str(&k, "size", b->show->clip_size);
	pk_key_str(&k, "audio", be->audio_key);
	pk_key_str(&k, "show title", b->show->title);
	pk_key_str(&k, "title", ep->title);
	for (i = 1; i <= ep->nsoundbites; i++) {
		double from = 0, to = 0;

		pk_build_soundbite_span(ep, i, &from, &to);
		pk_key_num(&k, "from", from);
		pk_key_num(&k, "to", to);
	}
	if (ep->media.timemap) {
		char *map = pk_timemap_format(ep->media.timemap);

		pk_key_str(&k, "timemap", map ? map : "");
		k.oom |= !map;
		free(map);
	}
	names = pk_build_speaker_names(b->show, ep, &n);
	for (i = 0; names && i < n; i++)
		pk_key_str(&k, "speaker", names[i]);
	k.oom |= !names;
	free(names);
	if (ep->transcript && !pk_url_is_http(ep->transcript)) {
		f = pk_path_join(ep->dir, ep->transcript);
		r = f ? pk_key_file(&k, b->state, "transcript", f, err)
		      : PK_ENOMEM;
		free(f);
	}
	cover = pk_build_tag_cover(b, ep);
	if (!r && cover)
		r = pk_key_file(&k, b->state, "cover", cover, err);
	free(cover);
	if (r < 0) {
		pk_key_abort(&k);
		return r == PK_ENOMEM ? pk_error_set(err, r, "out of memory")
				      : r;
	}
	if (pk_key_final(&k, key) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	return 0;
}

/* Up to date when every clip and poster is still there. */
int pk_build_clips_restore(struct pk_build *b, struct pk_build_episode *be,
			   const char *rec)
{
	const char *ext[] = {"mp4", "jpg"};
	char rel[1024];
	size_t i, e;

	(void)rec;
	for (i = 1; i <= be->ep->nsoundbites; i++)
		for (e = 0; e < 2; e++) {
			char *p = pk_build_out_path(
			    b, pk_layout_clip_path(be->ep, i, ext[e], rel,
						   sizeof(rel)));
			int there = p && pk_is_file(p);

			free(p);
			if (!there)
				return p ? PK_ENOENT : PK_ENOMEM;
		}
	return 0;
}

static int render_one(struct pk_build *b, struct pk_build_episode *be, size_t n,
		      struct pk_clip_spec *spec, struct pk_error *err)
{
	char rel[1024];
	char *mp4, *jpg;
	int r;

	r = pk_build_soundbite_span(be->ep, n, &spec->from, &spec->to);
	if (r)
		return pk_error_set(err, PK_EINTERNAL, "no soundbite %zu", n);
	r = pk_clip_check_times(spec, be->ep->media.duration, err);
	if (r)
		return r;
	mp4 = pk_build_out_path(
	    b, pk_layout_clip_path(be->ep, n, "mp4", rel, sizeof(rel)));
	jpg = pk_build_out_path(
	    b, pk_layout_clip_path(be->ep, n, "jpg", rel, sizeof(rel)));
	spec->poster = jpg;
	r = mp4 && jpg ? pk_clip_render(spec, mp4, NULL, err)
		       : pk_error_set(err, PK_ENOMEM, "out of memory");
	if (!r) {
		pk_build_count(b, &b->n_written);
		pk_build_count(b, &b->n_written);
	}
	spec->poster = NULL;
	free(mp4);
	free(jpg);
	return r;
}

int pk_build_step_clips(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err)
{
	struct pk_episode *ep = be->ep;
	struct pk_clip_spec spec = {0};
	struct pk_transcript t;
	char *audio = NULL, *cover = NULL;
	size_t i;
	int has = 0, r;

	pk_transcript_init(&t);
	if (!ep->nsoundbites)
		return 0;
	if (!ep->media.path) {
		pk_diags_add(&be->diags, PK_WARNING, ep->file, 0,
			     "its audio is a URL: its soundbites get no clips");
		return 0;
	}
	audio = pk_build_out_path(b, ep->media.path);
	cover = pk_build_tag_cover(b, ep);
	if (!audio) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	r = pk_build_clip_transcript(b->show, ep, &t, &has, &be->diags, err);
	if (r)
		goto out;
	spec.name = ep->dir;
	spec.audio = audio;
	r = clip_size(b->show, &spec.width, &spec.height, err);
	if (r)
		goto out;
	spec.cover = cover;
	spec.show_title = b->show->title;
	spec.episode_title = ep->title;
	spec.transcript = has ? &t : NULL;
	for (i = 1; i <= ep->nsoundbites && !r; i++)
		r = render_one(b, be, i, &spec, err);
out:
	pk_transcript_release(&t);
	free(audio);
	free(cover);
	return r;
}
