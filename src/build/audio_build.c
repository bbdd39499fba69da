/* audio_build.c: the build's audio step: an episode's source audio
 * normalised and encoded into OUT/audio/ (episodes run in parallel as
 * every step does). */
#include "build/build_int.h"

#include <libavutil/log.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build/state_int.h"
#include "podkit/fsio.h"
#include "podkit/mix.h"
#include "podkit/transcript.h"
#include "audio/audio_pipeline_int.h"
#include "base/url_int.h"
#include "model/layout_int.h"
#include "base/timemap_int.h"

static const char *out_dir(const struct pk_build *b)
{
	return b->opts->out_dir ? b->opts->out_dir : "feed";
}

int pk_build_audio_wanted(const struct pk_build *b)
{
	return b->opts->copy_media && b->show->audio.normalize &&
	       !b->opts->dry_run;
}

int pk_build_audio_begin(struct pk_build *b, struct pk_error *err)
{
	char *dir = pk_path_join(out_dir(b), "audio");
	int r;

	if (!dir)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = pk_mkdir_p(dir, err);
	free(dir);
	av_log_set_level(AV_LOG_QUIET); /* the library does not print */
	return r;
}

/* The episode's transcript when it names speakers, to level by (t is
 * initialised either way). A transcript that does not load or names no
 * one is left to the transcript step to report: the audio is then levelled
 * without it. Returns 0 or PK_ENOMEM. */
static int load_speakers(struct pk_build *b, struct pk_build_episode *be,
			 struct pk_transcript *t, int *named)
{
	struct pk_episode *ep = be->ep;
	struct pk_diags d;
	const char **names;
	size_t n = 0, i;
	char *path;

	*named = 0;
	pk_transcript_init(t);
	if (!b->show->audio.level || !ep->transcript ||
	    pk_url_is_http(ep->transcript))
		return 0;
	path = pk_path_join(ep->dir, ep->transcript);
	names = pk_build_speaker_names(b->show, ep, &n);
	if (!path || !names) {
		free(path);
		free(names);
		return PK_ENOMEM;
	}
	pk_diags_init(&d);
	if (pk_transcript_load(path, names, n, t, &d) == 0)
		for (i = 0; i < t->n && !*named; i++)
			*named = t->v[i].speaker != NULL;
	pk_diags_release(&d);
	free(names);
	free(path);
	return 0;
}

/* What the levelling did, for the summary and the episode's warnings. */
static void report_level(struct pk_build *b, struct pk_build_episode *be,
			 const char *src, const struct pk_audio_level *lv)
{
	if (lv->warning)
		pk_diags_add(&be->diags, PK_WARNING, src, 0, "%s",
			     lv->warning);
	if (lv->quiet)
		pk_diags_add(&be->diags, PK_WARNING, src, 0, "%s", lv->quiet);
	if (!b->opts->speakers || !isfinite(lv->spread_before) ||
	    !isfinite(lv->spread_after))
		return;
	if (b->lock)
		pthread_mutex_lock(b->lock);
	b->opts->speakers(b->opts->speakers_arg, be->ep->slug,
			  lv->spread_before, lv->spread_after);
	if (b->lock)
		pthread_mutex_unlock(b->lock);
}

/* A transcript that names speakers must name at least one track's
 * speaker, or it belongs to another recording (or uses other names). Its
 * own problems are the transcript step's to report. */
static int check_speakers(struct pk_build *b, const struct pk_episode *ep,
			  struct pk_error *err)
{
	struct pk_transcript t;
	struct pk_diags d;
	const char **people = NULL;
	char *path = pk_path_join(ep->dir, ep->transcript);
	char said[512] = "", have[512] = "";
	size_t np = 0, i, j, ls = 0, lh = 0, nspk = 0;
	int match = 0, r = 0;

	pk_transcript_init(&t);
	pk_diags_init(&d);
	people = pk_build_speaker_names(b->show, ep, &np);
	if (!path || !people) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	pk_transcript_load(path, people, np, &t, &d);
	for (i = 0; i < t.n; i++) {
		const char *s = t.v[i].speaker;

		if (!s)
			continue;
		for (j = 0; j < i; j++)
			if (t.v[j].speaker && !strcmp(t.v[j].speaker, s))
				break;
		if (j < i)
			continue; /* said before */
		nspk++;
		for (j = 0; j < ep->ntracks; j++)
			match |= !strcmp(ep->tracks[j].name, s);
		if (ls < sizeof(said))
			ls += (size_t)snprintf(said + ls, sizeof(said) - ls,
					       "%s'%s'", ls ? ", " : "", s);
	}
	if (nspk == 0 || match)
		goto out;
	for (j = 0; j < ep->ntracks && lh < sizeof(have); j++)
		lh += (size_t)snprintf(have + lh, sizeof(have) - lh, "%s'%s'",
				       lh ? ", " : "", ep->tracks[j].name);
	r = pk_error_set(err, PK_EINVAL,
			 "%s: no speaker of the transcript (%s) has a track "
			 "(%s)",
			 path, said, have);
out:
	pk_transcript_release(&t);
	pk_diags_release(&d);
	free(people);
	free(path);
	return r;
}

/* An episode recorded as tracks: mixed into one file (see mix.h); the
 * mix's warnings (a silent or short track) go with the episode's. */
static int mix_tracks(struct pk_build *b, struct pk_build_episode *be,
		      const char *dir, const struct pk_audio_settings *s,
		      char **name, struct pk_media *m, int *made,
		      struct pk_timemap *map, struct pk_error *err)
{
	struct pk_audio_source src = {0};
	struct pk_episode *ep = be->ep;
	struct pk_mix_track t[PK_EPISODE_MAX_TRACKS];
	char *paths[PK_EPISODE_MAX_TRACKS] = {0};
	size_t i, n = ep->ntracks;
	int r = 0;

	if (n > PK_EPISODE_MAX_TRACKS)
		return pk_error_set(err, PK_EINVAL, "%s: too many tracks",
				    ep->file);
	if (ep->transcript && (r = check_speakers(b, ep, err)) < 0)
		return r;
	for (i = 0; i < n; i++) {
		paths[i] = pk_path_join(ep->dir, ep->tracks[i].file);
		if (!paths[i]) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		t[i].name = ep->tracks[i].name;
		t[i].path = paths[i];
		t[i].offset = ep->tracks[i].offset;
	}
	src.tracks = t;
	src.ntracks = n;
	src.stem = ep->slug;
	src.warn = &be->diags;
	r = pk_audio_process(&src, s, NULL, dir, name, m, made, map, err);
out:
	for (i = 0; i < n; i++)
		free(paths[i]);
	return r;
}

/* The file the state says this episode's audio was encoded into, when it
 * is no longer what was written (truncated, replaced): removed, so the
 * encoder makes it again under its name instead of keeping it. */
static void drop_changed(struct pk_build *b, struct pk_build_episode *be)
{
	char rec[1100], rel[1024];
	char *path;

	if (!b->state)
		return;
	snprintf(rec, sizeof(rec), "%s:media", be->ep->slug);
	if (pk_state_field(b->state, rec, "path", rel, sizeof(rel)) ||
	    !pk_state_file_changed(b->state, rec, rel))
		return;
	path = pk_path_join(out_dir(b), rel);
	if (path)
		unlink(path);
	free(path);
}

int pk_build_step_audio(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err)
{
	struct pk_episode *ep = be->ep;
	struct pk_media m = {0};
	struct pk_audio_level lv = {0};
	struct pk_transcript t;
	struct pk_audio_settings s;
	struct pk_timemap map;
	char *src = NULL, *dir = NULL, *name = NULL;
	char rel[1024];
	int made = 0, named = 0, r;

	if (!ep->ntracks && (!ep->audio || ep->audio_is_url))
		return 0;
	/* Up to date in the build state (source, settings and recipe
	 * unchanged, the file there): nothing is read or decoded. */
	if (pk_build_media_fresh(b, be))
		return 0;
	drop_changed(b, be);
	pk_build_count(b, &b->n_read);
	dir = pk_path_join(out_dir(b), "audio");
	if (pk_timemap_init(&map) < 0 || !dir) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	/* a recording levelled by its transcript (the tracks of a
	 * double-ender are levelled each on its own by the mix, which reports
	 * no spread) */
	lv.spread_before = lv.spread_after = NAN;
	pk_transcript_init(&t);
	if (!ep->ntracks && load_speakers(b, be, &t, &named) < 0) {
		pk_transcript_release(&t);
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	/* the cues are in the source's time, as the levelling is */
	lv.speakers = named ? &t : NULL;
	/* the show's settings with this episode's intro and outro */
	pk_audio_settings_for(b->show, ep, &s);
	if (ep->ntracks) {
		r = mix_tracks(b, be, dir, &s, &name, &m, &made, &map, err);
	} else if (!(src = pk_path_join(ep->dir, ep->audio))) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
	} else {
		struct pk_audio_source one = {.path = src};

		r = pk_audio_process(&one, &s, &lv, dir, &name, &m, &made,
				     &map, err);
	}
	pk_transcript_release(&t);
	if (r == 0)
		r = pk_build_keep_timemap(be, &map, err);
	if (r)
		goto out;
	report_level(b, be, src ? src : ep->file, &lv);
	ep->media.length = m.length;
	ep->media.duration = m.duration;
	free(ep->media.mime);
	ep->media.mime = m.mime;
	m.mime = NULL;
	if ((r = pk_build_take_alts(b, ep, &m, err)) != 0)
		goto out;
	if (!name)
		goto out;
	pk_layout_encoded_path(name, rel, sizeof(rel));
	free(ep->media.path);
	free(ep->media.url);
	ep->media.path = ep->media.url = NULL;
	r = pk_media_set_path(b->show, &ep->media, rel, err);
	if (r)
		goto out;
	be->audio_done = 1;
	/* Counted as done: an encoded file already there under its
	 * content-addressed name was neither decoded nor made again. */
	if (made && (s.normalize || ep->ntracks)) {
		pk_build_count(b, &b->n_decoded);
		be->encoded = 1;
	} else {
		be->copied = made;
	}
out:
	pk_media_release(&m);
	pk_timemap_release(&map);
	free(name);
	free(dir);
	free(src);
	return r;
}

int pk_build_keep_timemap(struct pk_build_episode *be, struct pk_timemap *map,
			  struct pk_error *err)
{
	struct pk_media *m = &be->ep->media;

	if (m->timemap) {
		pk_timemap_release(m->timemap);
		free(m->timemap);
		m->timemap = NULL;
	}
	if (!map->seg || pk_timemap_is_identity(map))
		return 0;
	if (!(m->timemap = malloc(sizeof(*m->timemap))))
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	*m->timemap = *map;
	memset(map, 0, sizeof(*map));
	return 0;
}

int pk_build_load_timemap(struct pk_build *b, struct pk_build_episode *be,
			  struct pk_error *err)
{
	struct pk_timemap map;
	char *path;
	int r;

	if (!be->ep->media.path)
		return 0;
	if (pk_timemap_init(&map) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	path = pk_path_join(out_dir(b), be->ep->media.path);
	r = path ? pk_audio_timemap_load(path, &map, err)
		 : pk_error_set(err, PK_ENOMEM, "out of memory");
	if (r == 0)
		r = pk_build_keep_timemap(be, &map, err);
	pk_timemap_release(&map);
	free(path);
	return r;
}
