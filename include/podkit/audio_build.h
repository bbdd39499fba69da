/* audio_build.h: the audio step of `podkit build`: every episode's source
 * audio normalised and encoded into the output folder, in parallel.
 */
#ifndef PODKIT_AUDIO_BUILD_H
#define PODKIT_AUDIO_BUILD_H

#include "podkit/diag.h"
#include "podkit/error.h"
#include "podkit/show.h"

/* Processes every episode of show with local audio (URL audio is left as
 * it is) into outdir/audio/ with pk_audio_process_episode, jobs episodes
 * at a time (0: one per core). Fills each episode's media (path
 * "audio/NAME", url, length, duration, mime). An episode that fails gets
 * an error in diags ("EPISODE.md: 'audio': message") and an empty media;
 * the others go on. *encoded (may be NULL) gets how many files were
 * encoded now rather than found. Returns 0, or PK_EMEDIA when any
 * episode failed, PK_ENOMEM/PK_EIO on system failures. */
int pk_audio_build(struct pk_show *show, const char *outdir, int jobs,
		   int *encoded, struct pk_diags *diags, struct pk_error *err);

#endif
