/* transcript.h: episode transcripts: SRT and WebVTT read and checked, and
 * written as WebVTT, SRT and the Podcasting 2.0 JSON transcript.
 *
 * Speakers come from WebVTT voice spans ("<v Maya Ortiz>Hello") or from a
 * "Name: " prefix on the cue's first line (SRT's convention). When the
 * caller knows the show's people (hosts and guests), only their names are
 * taken as prefixes, so "Note: ..." is not a speaker; otherwise a prefix
 * of at most three capitalised words is.
 *
 * The feed links all three files with podcast:transcript; pk_transcript_
 * outputs lists their names and MIME types for it.
 */
#ifndef PODKIT_TRANSCRIPT_H
#define PODKIT_TRANSCRIPT_H

#include <stddef.h>

#include "podkit/diag.h"
#include "podkit/error.h"

enum pk_transcript_format {
	PK_TRANSCRIPT_AUTO = 0, /* by name, then by content */
	PK_TRANSCRIPT_VTT,
	PK_TRANSCRIPT_SRT,
	PK_TRANSCRIPT_JSON /* output only */
};

/* One cue; times in seconds. */
struct pk_cue {
	double start, end;
	char *speaker; /* owned; NULL when none is named */
	char *text;    /* owned; plain text (markup removed), lines joined
			  with '\n' */
	int line;      /* line of its timing line, for messages */
};

struct pk_transcript {
	struct pk_cue *v; /* owned */
	size_t n;
};

void pk_transcript_init(struct pk_transcript *t);

/* Moves every cue's start and end where the time map says the audio they
 * are timed against is published (an intro, cut pauses). map NULL: no
 * change. */
struct pk_timemap;
void pk_transcript_remap(struct pk_transcript *t,
			 const struct pk_timemap *map);
void pk_transcript_release(struct pk_transcript *t);

/* Parses data (NUL-terminated) as format fmt (AUTO: "WEBVTT" first line
 * or a .vtt name means WebVTT, else SRT). Every problem goes to d with
 * file and line, and parsing goes on past a bad cue so one run reports
 * them all; returns the number of errors added. t holds the cues that
 * parsed either way (so their timing can be checked too).
 * speakers (may be NULL, n 0) are the names a "Name:" prefix may use. */
size_t pk_transcript_parse(const char *data, const char *file,
			   enum pk_transcript_format fmt,
			   const char *const *speakers, size_t nspeakers,
			   struct pk_transcript *t, struct pk_diags *d);

/* Reads path and parses it as above; a file that cannot be read is one
 * error in d. */
size_t pk_transcript_load(const char *path,
			  const char *const *speakers, size_t nspeakers,
			  struct pk_transcript *t, struct pk_diags *d);

/* Checks the timing: each cue ends after it starts, starts no earlier
 * than the one before, and lies inside duration (seconds, 0: unknown;
 * half a second of slack for encoder padding). Returns errors added. */
size_t pk_transcript_validate(const struct pk_transcript *t,
			      double duration, const char *file,
			      struct pk_diags *d);

/* Writes t as fmt (VTT, SRT or JSON) into a malloc'd string (*out) the
 * caller frees. */
int pk_transcript_format(const struct pk_transcript *t,
			 enum pk_transcript_format fmt, char **out,
			 struct pk_error *err);

/* The files the build writes for an episode, relative to the output
 * folder: outputs[i] = "transcripts/SLUG.vtt" ... and their MIME types. */
struct pk_transcript_output {
	enum pk_transcript_format format;
	const char *ext;  /* ".vtt" */
	const char *mime; /* "text/vtt" */
};
extern const struct pk_transcript_output pk_transcript_outputs[3];

/* Writes outdir/transcripts/SLUG.vtt, .srt and .json atomically (the
 * folder is created). Returns 0 or a PK_E* code with err. */
int pk_transcript_write_all(const struct pk_transcript *t,
			    const char *outdir, const char *slug,
			    struct pk_error *err);

#endif
