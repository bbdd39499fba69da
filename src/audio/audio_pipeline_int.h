/* audio_pipeline_int.h: one episode's source audio (a recording or the
 * tracks of a double-ender) to its published file under a
 * content-addressed name (audio_pipeline.c), for the build's audio step. Includes podkit/error.h. */
#ifndef PODKIT_AUDIO_PIPELINE_INT_H
#define PODKIT_AUDIO_PIPELINE_INT_H

#include <stddef.h>

#include "podkit/error.h"

struct pk_audio_settings;
struct pk_media;
struct pk_show;
struct pk_episode;
struct pk_timemap;
struct pk_transcript;

/* Speaker levelling for one episode's audio: the transcript to level by,
 * and what came of it. */
struct pk_audio_level {
	/* in: cues naming the speakers, in the source's time (borrowed; NULL
	 * or none named: the adaptive levelling alone) */
	const struct pk_transcript *speakers;
	/* out: the speakers' spread (LU) in the source and in the encoded
	 * file when it was encoded now with speakers; NAN otherwise */
	double spread_before, spread_after;
	const char *warning; /* out: static string or NULL (no speech) */
	const char *quiet;   /* out: static string or NULL (silent) */
};

struct pk_mix_track;
struct pk_diags;

/* What an episode's audio is made from: one recording, or the tracks of a
 * double-ender (episode.md `tracks:`), mixed by pk_mix (mix.h) first. */
struct pk_audio_source {
	const char *path;		   /* the recording, or NULL */
	const struct pk_mix_track *tracks; /* or these (ntracks > 0) */
	size_t ntracks;
	const char *stem;      /* the file name's start for tracks (a slug) */
	struct pk_diags *warn; /* the mix's warnings, each naming its track
				* (may be NULL) */
};

/* The pipeline step for one episode: normalises and encodes src as the
 * show's settings say (levelling the speakers unless settings->level is
 * 0; level may be NULL; tracks are each levelled by the mix instead) into
 * outdir under a content-addressed name (SHA-256 of the source's bytes -
 * every track's bytes, name and offset - the music files', the settings
 * and the speaker turns levelled by, so a changed file, setting or
 * transcript gets a new URL), unless that file already exists. Sets *name
 * to the malloc'd file name inside outdir (the caller frees it) and fills
 * media->length, media->duration and media->mime (media->mime is
 * malloc'd; path and url are left to the caller). *made is 1 when the
 * file was encoded now, 0 when it already existed (made may be NULL).
 * map (an initialised map, or NULL) receives where the source's moments
 * are published - for tracks, the first track's moments: its place in the
 * mix, then the chain's cuts and intro - kept beside the file as
 * OUTDIR/.NAME.timemap when it moves anything. An intro, outro or bed that
 * cannot be read fails with a message naming where it was set (its `at`);
 * a track that cannot be aligned, with one naming the track. */
int pk_audio_process(const struct pk_audio_source *src,
		     const struct pk_audio_settings *settings,
		     struct pk_audio_level *level, const char *outdir,
		     char **name, struct pk_media *media, int *made,
		     struct pk_timemap *map, struct pk_error *err);

/* The audio settings for one episode: the show's, with the episode's
 * intro and outro in place of the show's (or none). A shallow copy: the
 * strings are borrowed from show and ep. */
void pk_audio_settings_for(const struct pk_show *show,
			   const struct pk_episode *ep,
			   struct pk_audio_settings *out);

/* Reads the time map kept beside an encoded file (see above) into map
 * (initialised); leaves map as it is when there is none. */
int pk_audio_timemap_load(const char *audio_path, struct pk_timemap *map,
			  struct pk_error *err);

/* Probes an encoded file's duration in seconds (from its headers). */
int pk_audio_duration(const char *path, double *sec, struct pk_error *err);

#endif
