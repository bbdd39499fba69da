/* build_int.h: the build's private interface: its state, the step table
 * and the helpers steps share. src/build/ only (and unit tests); tools
 * see podkit/build.h. May include base, model, media and the folders
 * between them and build, never publish.
 *
 * Files: build.c runs the table over the episodes; build_steps.c holds
 * the foundation's steps (media, assets, chapters, tags, notes, page);
 * audio_build.c the audio step; build_keys.c what each step's key hashes
 * and what a skipped step restores; build_output.c writes files for the
 * steps (only when changed); build_feed.c the show's cover, index.html
 * and feed.xml after the episodes.
 *
 * Adding a step (speaker levelling, a mix, an intro, a time map):
 *   1. write `int pk_build_step_NAME(struct pk_build *b,
 *      struct pk_build_episode *be, struct pk_error *err)` in its own file
 *      here, declared below. It reads and fills *be (be->ep->media for the
 *      audio); it writes files through pk_build_write_output, or through
 *      pk_build_out_path + pk_build_count(b, &b->n_written); it returns 0,
 *      or a PK_E* code with err filled: the episode is then left out and
 *      err reported ("MSG; 'SLUG' left out of the feed (NAME)").
 *   2. add a row to the table in build.c, where it must run: a step that
 *      makes or changes the audio goes before "media" (it sets
 *      be->audio_done, as audio does) or after it and before "tags" (it
 *      chains its key on be->audio_key, as tags does).
 *   3. if it is expensive, give it a key (build_keys.c) so an unchanged
 *      episode skips it, and restore/record for what it fills in; if it
 *      runs only for some shows, a wanted function; if it needs one-time
 *      setup before the episodes run (a folder, a library's log level),
 *      a begin function.
 * Steps of different episodes run at once on worker threads: a step
 * touches only its own episode, and counts through pk_build_count.
 */
#ifndef PODKIT_BUILD_INT_H
#define PODKIT_BUILD_INT_H

#include <stddef.h>

#include "podkit/build.h"
#include "podkit/diag.h"
#include "podkit/error.h"
#include "podkit/show.h"

struct pk_state;

/* Bumped when what a step makes from the same inputs changes, so a new
 * podkit remakes the outputs of an old one. */
#define BUILD_RECIPE "podkit-build-1"

/* One episode's state while the steps run. */
struct pk_build_episode {
	struct pk_episode *ep; /* borrowed from the show */
	int failed;	       /* a step failed: left out of the feed */
	int io_failed;	       /* ... because a write failed (a full disk):
				  then the old feed is kept, not one
				  without the episode */
	int skipped;	       /* scheduled: no step runs */
	char *notes_html;      /* owned; filled by the notes step */
	char *notes_text;      /* owned */
	int copied;	       /* 1 when media copied a new file */
	int encoded;	       /* 1 when the audio pass decoded and encoded */
	struct pk_diags diags; /* this episode's problems (merged later) */
	char audio_key[65];    /* key of the audio file as last made: the
				  steps that change the file chain on it */
	int pending;	       /* dry run: an earlier step would run */
	int audio_done;	       /* the audio step encoded it: media skips */
	int placeholder;       /* a stand-in for a folder whose episode.md
				  no longer loads (build_items.c): no step
				  runs */
	char *kept_xml;	       /* owned: the item of its last good build,
				  which the feed keeps while it fails */
};

struct pk_build {
	struct pk_show *show;		  /* borrowed */
	const struct pk_build_opts *opts; /* borrowed */
	struct pk_diags *diags;		  /* borrowed */
	struct pk_build_episode *eps;	  /* one per show->episodes */
	size_t neps;
	struct pk_state *state; /* owned; NULL: not incremental */
	void *lock;		/* pthread mutex: counters and
				   callbacks */
	size_t done;		/* episodes started */
	/* Counters for the report (under lock). */
	size_t n_read;	   /* audio files read (probed, decoded) */
	size_t n_decoded;  /* audio files decoded (normalise, encode) */
	size_t n_tagged;   /* audio files tagged */
	size_t n_written;  /* output files written */
	size_t n_uptodate; /* steps skipped as up to date */
	int items_oom;	   /* recording an item ran out of memory */
};

/* A per-episode step: 0, or a PK_E* code with err filled (the episode is
 * then marked failed and err reported). */
typedef int (*pk_build_step_fn)(struct pk_build *b, struct pk_build_episode *be,
				struct pk_error *err);

/* Incremental steps: key computes the SHA-256 of what the step depends
 * on (0; 1: nothing to key, always run; or a PK_E* code); restore gives
 * back, from the state, what a skipped run would have filled in
 * (PK_ENOENT: the output is gone, run it); record stores that after a
 * run. */
typedef int (*pk_build_key_fn)(struct pk_build *b, struct pk_build_episode *be,
			       char key[65], struct pk_error *err);
typedef int (*pk_build_restore_fn)(struct pk_build *b,
				   struct pk_build_episode *be,
				   const char *rec);
typedef int (*pk_build_record_fn)(struct pk_build *b,
				  struct pk_build_episode *be, const char *rec);

/* A row of the step table (build.c). */
struct pk_build_step {
	const char *name; /* in messages and state records ("SLUG:NAME") */
	pk_build_step_fn run;
	int writes; /* 1: only when opts->write_files */
	/* NULL: always; else 1 when this build runs the step (its
	 * settings, a dry run). */
	int (*wanted)(const struct pk_build *b);
	/* NULL, or once before the episodes when wanted: 0, or a PK_E*
	 * code that stops the whole build. */
	int (*begin)(struct pk_build *b, struct pk_error *err);
	pk_build_key_fn key;	     /* NULL: always runs (cheap, in memory) */
	pk_build_restore_fn restore; /* may be NULL */
	pk_build_record_fn record;   /* may be NULL */
	/* 1: the step makes or changes the audio file: its key is what
	 * later audio steps chain on (be->audio_key). */
	int audio;
};

/* The steps. */
int pk_build_step_audio(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err);
int pk_build_audio_wanted(const struct pk_build *b);
int pk_build_audio_begin(struct pk_build *b, struct pk_error *err);
int pk_build_step_media(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err);
int pk_build_step_assets(struct pk_build *b, struct pk_build_episode *be,
			 struct pk_error *err);
int pk_build_step_chapters(struct pk_build *b, struct pk_build_episode *be,
			   struct pk_error *err);
/* Moves the episode's soundbites and value time splits with its audio
 * (ep->media.timemap) and checks they end inside it, reporting into
 * be->diags; once per build, with the chapters (build_p20.c). Returns
 * the number of problems. */
size_t pk_build_p20_follow(struct pk_build_episode *be);

/* The other formats the audio step made (made->alts, names inside
 * OUT/audio/) moved into ep->media with their paths and URLs; made is
 * left without them. Returns 0 or PK_ENOMEM (build_p20.c). */
int pk_build_take_alts(struct pk_build *b, struct pk_episode *ep,
		       struct pk_media *made, struct pk_error *err);

/* ep->media's other formats into the state record rec, and back: restore
 * returns PK_ENOENT when the record lacks them, a file is gone or the
 * show now asks for other formats (the audio step then runs). */
int pk_build_alts_record(struct pk_build *b, const struct pk_episode *ep,
			 const char *rec);
int pk_build_alts_restore(struct pk_build *b, struct pk_episode *ep,
			  const char *rec);
int pk_build_step_tags(struct pk_build *b, struct pk_build_episode *be,
		       struct pk_error *err);
int pk_build_step_notes(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err);
/* The clips of the episode's soundbites, OUT/video/SLUG-N.mp4 and their
 * posters SLUG-N.jpg (build_clip.c), when show.yaml says `clips: true`. */
int pk_build_step_clips(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err);
int pk_build_clips_wanted(const struct pk_build *b);
int pk_build_clips_begin(struct pk_build *b, struct pk_error *err);
int pk_build_clips_key(struct pk_build *b, struct pk_build_episode *be,
		       char key[65], struct pk_error *err);
int pk_build_clips_restore(struct pk_build *b, struct pk_build_episode *be,
			   const char *rec);
/* The episode's web page, OUT/episodes/SLUG.html. */
int pk_build_step_page(struct pk_build *b, struct pk_build_episode *be,
		       struct pk_error *err);

/* Keys, restores and records (build_keys.c). */
int pk_build_media_key(struct pk_build *b, struct pk_build_episode *be,
		       char key[65], struct pk_error *err);
int pk_build_media_restore(struct pk_build *b, struct pk_build_episode *be,
			   const char *rec);
int pk_build_media_record(struct pk_build *b, struct pk_build_episode *be,
			  const char *rec);
int pk_build_assets_key(struct pk_build *b, struct pk_build_episode *be,
			char key[65], struct pk_error *err);
int pk_build_tags_key(struct pk_build *b, struct pk_build_episode *be,
		      char key[65], struct pk_error *err);
int pk_build_tags_restore(struct pk_build *b, struct pk_build_episode *be,
			  const char *rec);
int pk_build_tags_record(struct pk_build *b, struct pk_build_episode *be,
			 const char *rec);
/* Notes the files the keyed step named step wrote with its record rec
 * (pk_state_note_file), so the next build finds one truncated or
 * replaced. Returns 0 or PK_ENOMEM. */
int pk_build_note_outputs(struct pk_build *b, struct pk_build_episode *be,
			  const char *step, const char *rec);

/* 1 when the build state says be's audio file is up to date (its source,
 * the show's audio settings and podkit's recipe unchanged, the file
 * there); ep->media is then restored and the audio step must neither
 * decode nor hash anything for it. 0: make it (and the media step records
 * it). Needs b->state (loaded by pk_build_run before any step).
 * Thread-safe. */
int pk_build_media_fresh(struct pk_build *b, struct pk_build_episode *be);

/* The time map (audio_build.c): pk_build_keep_timemap keeps map (moved
 * from: left empty) as the episode's media time map, which the chapters,
 * transcript and page steps apply; an identity map leaves none.
 * pk_build_load_timemap reads the one kept beside the episode's published
 * audio (OUT/media.path) after its media was restored from the build
 * state. Both return 0 or PK_ENOMEM. */
struct pk_timemap;
int pk_build_keep_timemap(struct pk_build_episode *be, struct pk_timemap *map,
			  struct pk_error *err);
int pk_build_load_timemap(struct pk_build *b, struct pk_build_episode *be,
			  struct pk_error *err);

/* The episode's transcript as the build publishes it (build_clip.c): its
 * cues moved by ep->media.timemap. *has is 0 (t empty) when it has no
 * transcript file; problems go to diags and make PK_EINVAL. */
struct pk_transcript;
int pk_build_clip_transcript(const struct pk_show *show,
			     const struct pk_episode *ep,
			     struct pk_transcript *t, int *has,
			     struct pk_diags *diags, struct pk_error *err);

/* ---- helpers for steps (build_output.c) ---- */

/* Counts an audio file decoded / read, an output file written, a step
 * up to date: (*counter)++ under b's lock. Thread-safe. */
void pk_build_count(struct pk_build *b, size_t *counter);

/* Reports a dry run's decision (what, why) to opts->plan. Thread-safe. */
void pk_build_plan(struct pk_build *b, const char *what, const char *why);

/* out_dir/rel, malloc'd; NULL when out of memory. */
char *pk_build_out_path(const struct pk_build *b, const char *rel);

/* out_dir/images/NAME-1400.jpg for the image at rel ("images/NAME.EXT"):
 * the small copy tags embed. malloc'd; NULL when out of memory. */
char *pk_build_small_cover_path(const struct pk_build *b, const char *rel);

/* Copies src to out_dir/rel. A content_named file (its name carries its
 * hash) already there with the same size is kept; small assets are copied
 * every time. *copied (may be NULL) is set to 1 when it copied. */
int pk_build_publish_file(struct pk_build *b, const char *src, const char *rel,
			  int content_named, int *copied, struct pk_error *err);

/* Writes data to out_dir/rel for a step: skipped when the build state
 * records the same bytes under rec and the file is there (a no-op build
 * writes nothing), only reported in a dry run. Counted in n_written.
 * Returns 0 or a PK_E* code with err. Thread-safe. */
int pk_build_write_output(struct pk_build *b, const char *rec, const char *rel,
			  const char *data, size_t len, struct pk_error *err);

/* The same, comparing data without its first <volatile_elem>...</...>
 * (NULL: all of it); *wrote (may be NULL) is 1 when it wrote. */
int pk_build_write_if_changed(struct pk_build *b, const char *rec,
			      const char *rel, const char *data, size_t len,
			      const char *volatile_elem, int *wrote,
			      struct pk_error *err);

/* The published file tags go into: a local MP3 or M4A under out_dir.
 * malloc'd; NULL when there is none (or out of memory). */
char *pk_build_taggable(const struct pk_build *b, const struct pk_episode *ep);

/* The small cover for an episode's tags: its own image's, else the
 * show's; malloc'd, NULL when there is none (or out of memory). */
char *pk_build_tag_cover(const struct pk_build *b, const struct pk_episode *ep);

/* The names a transcript's "Name:" prefixes may use: the episode's hosts
 * and guests. Returns a malloc'd array of borrowed strings. */
const char **pk_build_speaker_names(const struct pk_show *show,
				    const struct pk_episode *ep, size_t *n);

/* ---- running (build.c, build_feed.c) ---- */

/* Sets up b for show (borrowed, and its episodes' media filled in by the
 * steps). Returns 0 or PK_ENOMEM. Release with pk_build_release. */
int pk_build_init(struct pk_build *b, struct pk_show *show,
		  const struct pk_build_opts *opts, struct pk_diags *diags,
		  struct pk_error *err);
void pk_build_release(struct pk_build *b);

/* Runs every step over every episode that is not scheduled: first each
 * wanted step's begin, then the episodes on the worker pool. Episode
 * failures go into diags and do not stop the others. Returns 0, or a
 * PK_E* code for what stops the whole build (the output folder cannot be
 * created, out of memory). */
int pk_build_episodes(struct pk_build *b, struct pk_error *err);

/* The show's cover, when it is a file in the show folder: checked, copied
 * as it is, and a 1400 px copy for the tags. */
int pk_build_show_cover(struct pk_build *b, struct pk_error *err);
/* 1 when the show's cover is a URL, or its copy is in the output folder
 * (from this build or an earlier one). */
int pk_build_show_cover_there(struct pk_build *b);

/* The show's page, OUT/index.html, listing the published episodes in
 * feed order. */
int pk_build_write_index(struct pk_build *b, struct pk_error *err);

/* Writes the feed of b to path (through the state: only when changed)
 * and fills rep (may be NULL). */
int pk_build_write_feed(struct pk_build *b, const char *path,
			struct pk_build_report *rep, struct pk_error *err);

/* ---- the live feed's items (build_items.c) ---- */

/* Appends to show a stand-in episode for each folder it left out for
 * errors whose item the state s recorded (the item stays in the feed).
 * Call before pk_build_init. Returns 0 or PK_ENOMEM. */
int pk_build_add_kept(struct pk_show *show, struct pk_state *s,
		      struct pk_error *err);
/* After pk_build_init: marks the stand-ins, and refuses (marks failed)
 * an episode that takes a stand-in's guid or number. */
void pk_build_mark_kept(struct pk_build *b);
/* After the steps: each stand-in and each failed episode whose item the
 * state recorded gets it back (be->kept_xml). Returns 0. */
int pk_build_keep_items(struct pk_build *b);
/* pk_feed_opts.rendered: records the item of episode idx (arg is the
 * build) in the state. */
void pk_build_item_rendered(void *arg, size_t idx, const char *xml, size_t len);
/* After the feed is written: forgets the items of episodes no longer in
 * it. Returns 0 or PK_ENOMEM. */
int pk_build_forget_items(struct pk_build *b);
/* 1 when be's item is in the feed (built now, or kept). */
int pk_build_in_feed(const struct pk_build_episode *be);
/* 1 when the state recorded an item for slug. */
int pk_build_has_item(struct pk_build *b, const char *slug);

/* After the feed (build_sweep.c): removes from the output folder the
 * files no episode in the feed uses any more (old encodes; the pages,
 * chapters, transcripts and images of episodes gone or scheduled), never
 * one the feed names; in a dry run, reports each instead. *removed gets
 * the count. Returns 0, PK_EIO or PK_ENOMEM. */
int pk_build_sweep(struct pk_build *b, size_t *removed, struct pk_error *err);

/* One build at a time in an output folder (build_lock.c): takes
 * OUT/.podkit-lock (*fd, for pk_build_unlock), or fails with PK_EIO and a
 * message naming the build that holds it. */
int pk_build_lock(const char *out_dir, int *fd, struct pk_error *err);
void pk_build_unlock(int fd);

struct pk_feed_item;
/* The feed items (skip + notes) of a build, for pk_feed_write: a
 * malloc'd array of b->neps entries borrowing from b, or NULL. */
struct pk_feed_item *pk_build_feed_items(const struct pk_build *b);

#endif
