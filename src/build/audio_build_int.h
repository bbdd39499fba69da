/* audio_build.h: the audio step of `podkit build`: every episode's source
 * audio normalised and encoded into OUT/audio/, episodes in parallel.
 */
#ifndef PODKIT_AUDIO_BUILD_H
#define PODKIT_AUDIO_BUILD_H

#include "podkit/build.h"
#include "podkit/error.h"

/* For every episode of b that is not scheduled and has a local audio
 * file: pk_audio_process_episode into OUT/audio/ with the show's audio
 * settings, up to jobs episodes at a time (0: one per core). A file whose
 * content-addressed name already exists is not encoded again. Fills the
 * episode's media (path "audio/NAME", url, length, duration, mime), sets
 * be->audio_done, and be->copied when it encoded a file. An episode that
 * fails is marked failed and reported in b->diags; the others go on.
 * Returns 0, or PK_ENOMEM / PK_EIO for what stops the whole build. */
int pk_audio_build(struct pk_build *b, int jobs, struct pk_error *err);

/* Keeps map (moved from: left empty) as the episode's media time map,
 * which the chapters, transcript and page steps apply; an identity map
 * leaves none. Returns 0 or PK_ENOMEM. */
struct pk_timemap;
int pk_build_keep_timemap(struct pk_build_episode *be, struct pk_timemap *map,
			  struct pk_error *err);

/* Reads the time map kept beside the episode's published audio (OUT/
 * media.path) after its media was restored from the build state. */
int pk_build_load_timemap(struct pk_build *b, struct pk_build_episode *be,
			  struct pk_error *err);

#endif
