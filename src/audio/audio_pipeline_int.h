/* audio_pipeline_int.h: one episode's source audio to
 * its published file under a content-addressed name (audio_pipeline.c),
 * for the build's audio step. Includes podkit/error.h. */
#ifndef PODKIT_AUDIO_PIPELINE_INT_H
#define PODKIT_AUDIO_PIPELINE_INT_H

#include <stddef.h>

#include "podkit/error.h"

struct pk_audio_settings;
struct pk_media;

/* The pipeline step for one episode: normalises and encodes src as the
 * show's settings say into outdir under a content-addressed name (SHA-256
 * of the source's bytes and the settings, so a changed file or setting
 * gets a new URL), unless that file already exists. Sets *name to the
 * malloc'd file name inside outdir (the caller frees it) and fills
 * media->length, media->duration and media->mime (media->mime is
 * malloc'd; path and url are left to the caller). *made is 1 when the
 * file was encoded now, 0 when it already existed (made may be NULL). */
int pk_audio_process_episode(const char *src,
			     const struct pk_audio_settings *settings,
			     const char *outdir, char **name,
			     struct pk_media *media, int *made,
			     struct pk_error *err);

struct pk_mix_track;
struct pk_diags;

/* The same for an episode recorded as tracks (episode.md `tracks:`):
 * pk_mix (mix.h) with the show's settings into outdir, under a
 * content-addressed name made of stem and the SHA-256 of every track's
 * bytes, name and offset and of the settings (so a changed track, offset or
 * setting gets a new URL), unless that file already exists (mix_pipeline.c).
 * warn (may be NULL) gets the mix's warnings, each naming its track. */
int pk_audio_process_tracks(const struct pk_mix_track *tracks, size_t n,
			    const char *stem,
			    const struct pk_audio_settings *settings,
			    const char *outdir, char **name,
			    struct pk_media *media, int *made,
			    struct pk_diags *warn, struct pk_error *err);

/* Probes an encoded file's duration in seconds (from its headers). */
int pk_audio_duration(const char *path, double *sec, struct pk_error *err);

#endif
