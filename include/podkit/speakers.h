/* speakers.h: each speaker's loudness in a recording, over the times a
 * transcript gives their turns (its cues), and the spread between them.
 *
 * A speaker's loudness is BS.1770-4 integrated loudness (400 ms blocks,
 * 75% overlap, absolute and relative gates) over their cues' audio taken
 * together, as if those stretches were cut out and joined: what ffmpeg's
 * ebur128 filter reads from them. It is computed from the 10 ms K-weighted
 * block energies of one decode (struct pk_blocks), so every speaker costs
 * nothing extra. Speaking time is the sum of their cues' lengths.
 */
#ifndef PODKIT_SPEAKERS_H
#define PODKIT_SPEAKERS_H

#include <stddef.h>

#include "podkit/error.h"
#include "podkit/loudness.h"

struct pk_transcript;

struct pk_speaker_loudness {
	char *name;	   /* owned */
	double integrated; /* LUFS; -HUGE_VAL when all under the gates */
	double seconds;	   /* speaking time: the sum of their cues */
	size_t turns;	   /* cues */
};

struct pk_speaker_report {
	struct pk_speaker_loudness *v; /* owned; in order of first cue */
	size_t n;
	double spread; /* loudest minus quietest, LU (0 for one speaker) */
};

void pk_speaker_report_release(struct pk_speaker_report *r);

/* Decodes path once and fills whole (the file's figures, true peak
 * included) and r (initialised here; the caller releases it). */
int pk_speakers_loudness_file(const char *path, const struct pk_transcript *t,
			      struct pk_loudness *whole,
			      struct pk_speaker_report *r,
			      struct pk_error *err);

#endif
