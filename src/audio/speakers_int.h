/* speakers_int.h: each speaker's loudness from 10 ms blocks over a
 * transcript's cues (speakers.c), for normalisation's report and the
 * plot; the public side is podkit/speakers.h. */
#ifndef PODKIT_SPEAKERS_INT_H
#define PODKIT_SPEAKERS_INT_H

#include "podkit/speakers.h"

/* The speakers named in t (cues without a speaker are left out), in the
 * order they first speak, with names copied. Returns 0 or PK_ENOMEM. */
int pk_speaker_report_init(struct pk_speaker_report *r,
			   const struct pk_transcript *t);

/* The index in r of the speaker of cue i of t, or -1 (no speaker). */
int pk_speaker_index(const struct pk_speaker_report *r,
		     const struct pk_transcript *t, size_t i);

/* Fills r (initialised from t) from blocks b: each speaker's loudness
 * and speaking time, and the spread. offset_db is added to every level (a
 * gain the blocks do not include). Returns 0 or PK_ENOMEM. */
int pk_speaker_report_measure(struct pk_speaker_report *r,
			      const struct pk_transcript *t,
			      const struct pk_blocks *b, double offset_db);

#endif
