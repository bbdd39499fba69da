/* build.h: `podkit build`: the pipeline from a loaded show to an output
 * folder ready to publish.
 *
 * The build runs a list of per-episode steps, in order, over every episode
 * that is not scheduled, then writes the feed last:
 *
 *   media      the enclosure: URL audio from its metadata; a local file
 *              copied to OUT/audio/NNN-slug-<12 hex of its sha256>.EXT and
 *              probed with libavformat (pk_media_probe)
 *   assets     the episode's transcript checked and written as
 *              OUT/transcripts/SLUG.vtt, .srt and .json; its image checked
 *              and copied to OUT/images/ (see feed.h for names)
 *   chapters   OUT/chapters/SLUG.json when the episode has chapters
 *   tags       the published MP3/M4A tagged (TagLib): metadata, the 1400
 *              px cover, chapters
 *   notes      the notes rendered as HTML and plain text
 *   page       OUT/episodes/SLUG.html (pages.h); OUT/index.html after
 *              the steps
 *   feed.xml   OUT/feed.xml, from everything above
 *
 * A step that fails marks its episode failed: the later steps skip it, it
 * is left out of the feed and reported in diags, and the other episodes go
 * on. Every file is written through a temporary and a rename. Later stages
 * (loudness and encoding, pages) are added as steps in build.c's table; a
 * step reads and fills struct pk_build_episode.
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
};

/* One episode's state while the steps run. */
struct pk_build_episode {
	struct pk_episode *ep; /* borrowed from the show */
	int failed;            /* a step failed: left out of the feed */
	int io_failed;         /* ... because a write failed (a full disk):
				  then the old feed is kept, not one
				  without the episode */
	int skipped;           /* scheduled: no step runs */
	char *notes_html;      /* owned; filled by the notes step */
	char *notes_text;      /* owned */
	int copied;            /* 1 when media copied a new file */
	struct pk_diags diags; /* this episode's problems (merged later) */
	char audio_key[65];    /* key of the audio file as last made: the
				  steps that change the file chain on it */
	int pending;           /* dry run: an earlier step would run */
	int audio_done;        /* the audio step encoded it: media skips */
};

struct pk_build {
	struct pk_show *show;              /* borrowed */
	const struct pk_build_opts *opts;  /* borrowed */
	struct pk_diags *diags;            /* borrowed */
	struct pk_build_episode *eps;      /* one per show->episodes */
	size_t neps;
	struct pk_state *state;            /* owned; NULL: not incremental */
	void *lock;                        /* pthread mutex: counters and
					      callbacks */
	size_t done;                       /* episodes started */
	/* Counters for the report (under lock). */
	size_t n_read;      /* audio files read (probed, decoded) */
	size_t n_decoded;   /* audio files decoded (normalise, encode) */
	size_t n_tagged;    /* audio files tagged */
	size_t n_written;   /* output files written */
	size_t n_uptodate;  /* steps skipped as up to date */
};

/* What a build did, for its summary. */
struct pk_build_report {
	size_t episodes;  /* in the show */
	size_t published; /* items in the feed */
	size_t scheduled; /* left out until their date */
	size_t failed;    /* left out because a step failed */
	size_t copied;    /* audio files copied (new content) */
	size_t read;      /* audio files read (probed or decoded) */
	size_t decoded;   /* audio files decoded */
	size_t tagged;    /* audio files tagged */
	size_t written;   /* output files written, feed.xml included */
	size_t uptodate;  /* episode steps skipped as up to date */
	int feed_written; /* 1: feed.xml changed */
	int state_written;/* 1: the build state was saved */
	int64_t audio_bytes; /* total enclosure bytes in the feed */
	double audio_seconds;/* total duration in the feed */
};

/* A per-episode step: 0, or a PK_E* code with err filled (the episode is
 * then marked failed and err reported). */
typedef int (*pk_build_step_fn)(struct pk_build *b,
				struct pk_build_episode *be,
				struct pk_error *err);

/* The foundation's steps, public so other commands can run one. */
int pk_build_step_media(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err);
int pk_build_step_assets(struct pk_build *b, struct pk_build_episode *be,
			 struct pk_error *err);
int pk_build_step_chapters(struct pk_build *b, struct pk_build_episode *be,
			   struct pk_error *err);
int pk_build_step_notes(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err);
int pk_build_step_tags(struct pk_build *b, struct pk_build_episode *be,
		       struct pk_error *err);

/* For steps added later (audio): counts an audio file decoded / read,
 * and an output file written. Thread-safe. */
void pk_build_count(struct pk_build *b, size_t *counter);

/* Writes data to out_dir/rel for a step: skipped when the build state
 * records the same bytes under rec and the file is there (a no-op build
 * writes nothing), only reported in a dry run. Counted in n_written.
 * Returns 0 or a PK_E* code with err. Thread-safe. */
int pk_build_write_output(struct pk_build *b, const char *rec,
			  const char *rel, const char *data, size_t len,
			  struct pk_error *err);

/* For a pass that makes the audio before the steps (normalise + encode):
 * 1 when the build state says be's audio file is up to date (its source,
 * the show's audio settings and podkit's recipe unchanged, the file
 * there); ep->media is then restored and the pass must neither decode nor
 * hash anything for it. 0: make it (and the media step records it). Needs
 * b->state (loaded by pk_build_run before any step). Thread-safe. */
int pk_build_media_fresh(struct pk_build *b, struct pk_build_episode *be);
/* The episode's web page, OUT/episodes/SLUG.html (pages_write.c). */
int pk_build_step_page(struct pk_build *b, struct pk_build_episode *be,
		       struct pk_error *err);
/* The show's page, OUT/index.html, listing the published episodes in
 * feed order (pages_write.c). */
int pk_build_write_index(struct pk_build *b, struct pk_error *err);

/* Sets up b for show (borrowed, and its episodes' media filled in by the
 * steps). Returns 0 or PK_ENOMEM. Release with pk_build_release. */
int pk_build_init(struct pk_build *b, struct pk_show *show,
		  const struct pk_build_opts *opts, struct pk_diags *diags,
		  struct pk_error *err);
void pk_build_release(struct pk_build *b);

/* Runs every step over every episode that is not scheduled. Episode
 * failures go into diags and do not stop the others. Returns 0, or a
 * PK_E* code for what stops the whole build (the output folder cannot be
 * created, out of memory). */
int pk_build_episodes(struct pk_build *b, struct pk_error *err);

/* The whole build: init, the steps, the show's cover, out_dir/feed.xml
 * last; rep (may be NULL) gets the counts. Returns 0 when the feed was
 * written (even with failed episodes: check rep->failed / diags), else a
 * PK_E* code with err filled and the old feed.xml left in place. */
int pk_build_run(struct pk_show *show, const struct pk_build_opts *opts,
		 struct pk_build_report *rep, struct pk_diags *diags,
		 struct pk_error *err);

/* `podkit feed`: fills every published episode's media (local audio
 * probed where it is, named as the build would publish it) and writes the
 * feed to path, rendering notes as it streams so memory stays flat, on
 * jobs threads (0: one per core). Returns as pk_build_run. */
int pk_build_feed_only(struct pk_show *show, const char *path, int jobs,
		       struct pk_build_report *rep, struct pk_diags *diags,
		       struct pk_error *err);

/* The feed items (skip + notes) of a build, for pk_feed_write: a
 * malloc'd array of b->neps entries borrowing from b, or NULL. */
struct pk_feed_item *pk_build_feed_items(const struct pk_build *b);

#endif
