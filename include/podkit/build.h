/* build.h: `podkit build`: the pipeline from a loaded show to an output
 * folder ready to publish.
 *
 * The build runs a list of per-episode steps, in order, over every episode
 * that is not scheduled, then writes the feed last:
 *
 *   media      the enclosure: URL audio from its metadata; a local file
 *              copied to OUT/audio/NNN-slug-<12 hex of its sha256>.EXT and
 *              probed with libavformat (pk_media_probe)
 *   assets     the episode's transcript and image files copied to
 *              OUT/transcripts/ and OUT/images/ (see feed.h for names)
 *   chapters   OUT/chapters/SLUG.json when the episode has chapters
 *   notes      the notes rendered as HTML and plain text
 *   feed.xml   OUT/feed.xml, from everything above
 *
 * A step that fails marks its episode failed: the later steps skip it, it
 * is left out of the feed and reported in diags, and the other episodes go
 * on. Every file is written through a temporary and a rename. Later stages
 * (loudness and encoding, tags, pages) are added as steps in build.c's
 * table; a step reads and fills struct pk_build_episode.
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
	/* Called before each episode's steps (may be NULL). */
	void (*progress)(void *arg, size_t done, size_t total,
			 const char *slug);
	void *progress_arg;
};

/* One episode's state while the steps run. */
struct pk_build_episode {
	struct pk_episode *ep; /* borrowed from the show */
	int failed;            /* a step failed: left out of the feed */
	int skipped;           /* scheduled: no step runs */
	char *notes_html;      /* owned; filled by the notes step */
	char *notes_text;      /* owned */
	int copied;            /* 1 when media copied a new file */
	int audio_done;        /* the audio step encoded it: media skips */
};

struct pk_build {
	struct pk_show *show;              /* borrowed */
	const struct pk_build_opts *opts;  /* borrowed */
	struct pk_diags *diags;            /* borrowed */
	struct pk_build_episode *eps;      /* one per show->episodes */
	size_t neps;
};

/* What a build did, for its summary. */
struct pk_build_report {
	size_t episodes;  /* in the show */
	size_t published; /* items in the feed */
	size_t scheduled; /* left out until their date */
	size_t failed;    /* left out because a step failed */
	size_t copied;    /* audio files copied (new content) */
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
 * feed to path, rendering notes as it streams so memory stays flat.
 * Returns as pk_build_run. */
int pk_build_feed_only(struct pk_show *show, const char *path,
		       struct pk_build_report *rep, struct pk_diags *diags,
		       struct pk_error *err);

/* The feed items (skip + notes) of a build, for pk_feed_write: a
 * malloc'd array of b->neps entries borrowing from b, or NULL. */
struct pk_feed_item *pk_build_feed_items(const struct pk_build *b);

#endif
