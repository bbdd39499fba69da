/* build.h: `podkit build`: the pipeline from a loaded show to an output
 * folder ready to publish.
 *
 * The build runs a list of per-episode steps, in order, over every episode
 * that is not scheduled, then writes the feed last:
 *
 *   audio      with audio.normalize: the source normalised and encoded
 *              into OUT/audio/ (then media keeps what it made)
 *   media      the enclosure: URL audio from its metadata; a local file
 *              copied to OUT/audio/NNN-slug-<12 hex of its sha256>.EXT and
 *              probed with libavformat (pk_media_probe)
 *   assets     the episode's transcript checked and written as
 *              OUT/transcripts/SLUG.vtt, .srt and .json; its image checked
 *              and copied to OUT/images/ (see feed.h for names)
 *   clips      with show.yaml `clips: true`: OUT/video/SLUG-N.mp4 and
 *              SLUG-N.jpg, each soundbite as a captioned video (clip.h)
 *   chapters   OUT/chapters/SLUG.json when the episode has chapters
 *   tags       the published MP3/M4A tagged (TagLib): metadata, the 1400
 *              px cover, chapters
 *   notes      the notes rendered as HTML and plain text
 *   page       OUT/episodes/SLUG.html (pages.h); OUT/index.html after
 *              the steps
 *   feed.xml   OUT/feed.xml, from everything above
 *
 * A step that fails marks its episode failed: the later steps skip it, it
 * is reported in diags, and the other episodes go on. A published episode
 * never leaves the feed for an error: the build state keeps the item each
 * episode was last written with, and one that fails (or whose episode.md
 * no longer loads) keeps that item; a new episode that fails is left out.
 * An item leaves with its folder, or when the episode is marked
 * `unpublished: true`. Every file is written through a temporary and a
 * rename. The steps, their table and the build's state are private:
 * src/build/build_int.h (which says how to add a step).
 *
 * Incremental: when writing files, the build keeps OUT/.podkit-state
 * (state.h). A step that makes files has a key function: the SHA-256 of
 * its inputs and settings (chained from the step before it for the audio
 * file); when the state holds that key and the output is there, the step
 * is skipped and what it found is restored from the state. A no-op build
 * reads no audio and writes nothing, the feed included (it is rendered in
 * memory and written only when its bytes changed).
 *
 * Parallel: episodes run on a worker pool (opts->jobs, default one per
 * core); each episode collects its own diagnostics, merged in show order.
 */
#ifndef PODKIT_BUILD_H
#define PODKIT_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "podkit/diag.h"
#include "podkit/error.h"
#include "podkit/show.h"
#include "podkit/transcript.h"

struct pk_build_opts {
	const char *out_dir;  /* the output folder ("feed"); created */
	/* 0: leave local audio where it is and probe it there (podkit
	 * feed); 1: copy it into out_dir/audio (podkit build). */
	int copy_media;
	/* 1: write the output files (chapters, assets, feed); 0: only fill
	 * ep->media and the notes (podkit feed writes its feed itself). */
	int write_files;
	/* Called before each episode's steps (may be NULL); calls are
	 * serialised even when episodes run in parallel. */
	void (*progress)(void *arg, size_t done, size_t total,
			 const char *slug);
	void *progress_arg;
	/* Episodes processed at once: 0 one per core, 1 in order. */
	int jobs;
	/* 1: decide what would be done and why, and change nothing: each
	 * decision goes to plan (what: "001-x: audio", why: the reason). */
	int dry_run;
	void (*plan)(void *arg, const char *what, const char *why);
	void *plan_arg;
	/* 1: ID3v2.4 tags (default 2.3). */
	int id3v24;
	/* 1: ignore the build state and remake everything. */
	int force;
	/* Called for each episode whose audio was levelled by its
	 * transcript's speakers in this build, with their spread (loudest
	 * minus quietest, LU) in the recording and in the encoded file (may
	 * be NULL); calls are serialised. */
	void (*speakers)(void *arg, const char *slug, double before,
			 double after);
	void *speakers_arg;
};

/* What a build did, for its summary. */
struct pk_build_report {
	size_t episodes;  /* in the show */
	size_t published; /* items in the feed */
	size_t scheduled; /* left out until their date */
	size_t failed;    /* left out because a step failed */
	size_t copied;    /* audio files copied as they are (new content) */
	size_t encoded;   /* audio files decoded and encoded anew */
	size_t read;      /* audio files read (probed or decoded) */
	size_t decoded;   /* audio files decoded */
	size_t tagged;    /* audio files tagged */
	size_t written;   /* output files written, feed.xml included */
	size_t uptodate;  /* episode steps skipped as up to date */
	size_t kept;      /* failed episodes whose last good item the feed
			     kept (counted in published) */
	size_t removed;   /* stale outputs removed (build_sweep.c) */
	int feed_written; /* 1: feed.xml changed */
	int state_written;/* 1: the build state was saved */
	int64_t audio_bytes; /* total enclosure bytes in the feed */
	double audio_seconds;/* total duration in the feed */
};

/* The whole build: init, the steps, the show's cover, out_dir/feed.xml
 * last; rep (may be NULL) gets the counts. Returns 0 when the feed was
 * written (even with failed episodes: check rep->failed / diags), else a
 * PK_E* code with err filled and the old feed.xml left in place. */
int pk_build_run(struct pk_show *show, const struct pk_build_opts *opts,
		 struct pk_build_report *rep, struct pk_diags *diags,
		 struct pk_error *err);

/* The episodes in the feed the last build of out_dir wrote, from its
 * build state: for pk_show_load_opts.published, so that of two episodes
 * that clash the published one stays. An output folder without a state
 * gives none. Returns 0 or PK_ENOMEM; release p with
 * pk_build_published_release (which frees its strings). */
struct pk_build_published {
	struct pk_published_episode *v;
	size_t n;
};
int pk_build_published(const char *out_dir, struct pk_build_published *p,
		       struct pk_error *err);
void pk_build_published_release(struct pk_build_published *p);

/* `podkit check`'s look at the files the show names, so that a show it
 * passes also builds: every local audio file probed (not decoded) for its
 * length, the chapters and the transcript's cues checked against it, the
 * transcript parsed, the show's and episodes' local cover art checked as
 * the build checks it. Nothing is written. Problems are added to d (the
 * caller's); returns the number of errors added. */
size_t pk_build_check(const struct pk_show *show, struct pk_diags *d);

/* `podkit feed`: fills every published episode's media (local audio
 * probed where it is, named as the build would publish it) and writes the
 * feed to path, rendering notes as it streams so memory stays flat, on
 * jobs threads (0: one per core). When an episode fails (or was left out
 * of show for errors) and a feed is at path already, nothing is written:
 * PK_EINVAL, that feed as it was. Otherwise returns as pk_build_run. */
int pk_build_feed_only(struct pk_show *show, const char *path, int jobs,
		       struct pk_build_report *rep, struct pk_diags *diags,
		       struct pk_error *err);

/* What a clip of an episode is made from, as the last build published it
 * (pk_build_clip_inputs): the strings are malloc'd, released with
 * pk_build_clip_inputs_release. */
struct pk_build_clip_inputs {
	char *audio;	 /* the published audio file, under the output
			    folder */
	double duration; /* its seconds */
	char *cover;	 /* the 1400 px cover the tags embed; NULL: none */
	/* The cues in the published audio's time (moved by the time map as
	 * the build moves them); has_transcript 0: the episode has no
	 * transcript file, and t is empty. */
	struct pk_transcript t;
	int has_transcript;
};

/* Fills in for ep (of show) from the build in out_dir ("feed" when NULL):
 * its published audio must be there and up to date by the build state,
 * else PK_ENOENT with a message saying to run `podkit build`; URL audio
 * is PK_EINVAL. A transcript that does not load is PK_EINVAL with its
 * problems in diags. */
int pk_build_clip_inputs(struct pk_show *show, struct pk_episode *ep,
			 const char *out_dir, struct pk_build_clip_inputs *in,
			 struct pk_diags *diags, struct pk_error *err);
void pk_build_clip_inputs_release(struct pk_build_clip_inputs *in);

/* Where the episode's nth soundbite (from 1) lies in its published audio:
 * its start and end, as loaded (the recording's time), moved by
 * ep->media.timemap. Not for soundbites the build has already moved.
 * Returns 0, or PK_ENOENT when it has no nth soundbite. */
int pk_build_soundbite_span(const struct pk_episode *ep, size_t n,
			    double *from, double *to);

#endif
