/* build.c: the build's runner: the step table run over every episode on
 * the worker pool, then the show's cover, index and feed. */
#include "build/build_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parallel_int.h"
#include "build/state_int.h"
#include "podkit/fsio.h"

/* The order the steps run in for each episode (build_int.h says how to
 * add one). A step that makes the audio file runs before media and sets
 * be->audio_done; a step that rewrites it after media chains its key on
 * be->audio_key as tags does (.audio = 1 makes its key the next link). */
static const struct pk_build_step steps[] = {
    /* normalise + encode; a dry run encodes nothing: the media step
     * reports what would be */
    {.name = "audio",
     .run = pk_build_step_audio,
     .wanted = pk_build_audio_wanted,
     .begin = pk_build_audio_begin},
    {.name = "media",
     .run = pk_build_step_media,
     .key = pk_build_media_key,
     .restore = pk_build_media_restore,
     .record = pk_build_media_record,
     .audio = 1},
    {.name = "assets",
     .run = pk_build_step_assets,
     .writes = 1,
     .key = pk_build_assets_key},
    /* the soundbites as videos, from the audio as media made it (tags
     * change no sample of it); before chapters, so the soundbites are
     * still in the recording's time and pk_build_soundbite_span moves
     * them once, whatever a later step does with them */
    {.name = "clips",
     .run = pk_build_step_clips,
     .writes = 1,
     .wanted = pk_build_clips_wanted,
     .begin = pk_build_clips_begin,
     .key = pk_build_clips_key,
     .restore = pk_build_clips_restore},
    {.name = "chapters", .run = pk_build_step_chapters, .writes = 1},
    {.name = "tags",
     .run = pk_build_step_tags,
     .writes = 1,
     .key = pk_build_tags_key,
     .restore = pk_build_tags_restore,
     .record = pk_build_tags_record,
     .audio = 1},
    {.name = "notes", .run = pk_build_step_notes, .writes = 1},
    {.name = "page", .run = pk_build_step_page, .writes = 1},
};

#define NSTEPS (sizeof(steps) / sizeof(steps[0]))

/* 1 when this build runs st. */
static int step_wanted(const struct pk_build *b, const struct pk_build_step *st)
{
	if (st->writes && !b->opts->write_files)
		return 0;
	return !st->wanted || st->wanted(b);
}

int pk_build_init(struct pk_build *b, struct pk_show *show,
		  const struct pk_build_opts *opts, struct pk_diags *diags,
		  struct pk_error *err)
{
	pthread_mutex_t *lock;
	size_t i;

	memset(b, 0, sizeof(*b));
	b->show = show;
	b->opts = opts;
	b->diags = diags;
	b->neps = show->nepisodes;
	b->eps = calloc(b->neps + 1, sizeof(*b->eps));
	lock = malloc(sizeof(*lock));
	if (!b->eps || !lock || pthread_mutex_init(lock, NULL) != 0) {
		free(b->eps);
		free(lock);
		b->eps = NULL;
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	b->lock = lock;
	for (i = 0; i < b->neps; i++) {
		b->eps[i].ep = &show->episodes[i];
		b->eps[i].skipped = show->episodes[i].scheduled ||
				    show->episodes[i].unpublished;
		pk_diags_init(&b->eps[i].diags);
	}
	return 0;
}

void pk_build_release(struct pk_build *b)
{
	size_t i;

	for (i = 0; b->eps && i < b->neps; i++) {
		free(b->eps[i].kept_xml);
		free(b->eps[i].notes_html);
		free(b->eps[i].notes_text);
		pk_diags_release(&b->eps[i].diags);
	}
	free(b->eps);
	if (b->lock) {
		pthread_mutex_destroy(b->lock);
		free(b->lock);
	}
	pk_state_free(b->state);
	memset(b, 0, sizeof(*b));
}

/* Reports a failed step against its episode and marks it. */
static void fail(struct pk_build *b, struct pk_build_episode *be,
		 const char *step, const struct pk_error *e)
{
	be->failed = 1;
	be->io_failed |= e->code == PK_EIO;
	pk_diags_add(&be->diags, PK_ERROR, NULL, 0, "%s; '%s' %s (%s)",
		     e->msg[0] ? e->msg : pk_strerror(e->code), be->ep->slug,
		     pk_build_has_item(b, be->ep->slug)
			 ? "keeps its last good item in the feed"
			 : "left out of the feed",
		     step);
}

/* One step of one episode, skipped when the state says its outputs are
 * up to date. Returns 0 or the step's error. */
static int run_step(struct pk_build *b, struct pk_build_episode *be,
		    const struct pk_build_step *st, struct pk_error *e)
{
	char key[65], rec[1100], what[1200];
	const char *why = NULL;
	int r, keyed = 0;

	snprintf(rec, sizeof(rec), "%s:%s", be->ep->slug, st->name);
	snprintf(what, sizeof(what), "run %s for %s", st->name, be->ep->slug);
	if (b->state && st->key) {
		if (be->pending) {
			/* Dry run: an earlier step would change the audio
			 * this one starts from. */
			pk_build_plan(b, what, "an earlier step would run");
			return 0;
		}
		r = st->key(b, be, key, e);
		if (r < 0)
			return r;
		keyed = r == 0;
	}
	if (keyed) {
		why = b->opts->force ? "forced"
				     : pk_state_why(b->state, rec, key, NULL);
		if (!why && st->restore) {
			r = st->restore(b, be, rec);
			if (r == PK_ENOMEM)
				return pk_error_set(e, r, "out of memory");
			if (r)
				why = "output file missing";
		}
		if (!why) {
			pk_build_count(b, &b->n_uptodate);
			if (st->audio)
				memcpy(be->audio_key, key, 65);
			return 0;
		}
		if (b->opts->dry_run) {
			pk_build_plan(b, what, why);
			be->pending = 1;
			return 0;
		}
		/* Until it succeeds, the old record must not vouch for a
		 * half-made output. */
		pk_state_forget(b->state, rec);
	}
	/* Unkeyed steps work in memory or write through
	 * pk_build_write_if_changed, which a dry run stops: they run even then.
	 */
	r = st->run(b, be, e);
	if (r)
		return r;
	if (keyed) {
		if (pk_state_set(b->state, rec, key) < 0 ||
		    (st->record && st->record(b, be, rec) < 0) ||
		    pk_build_note_outputs(b, be, st->name, rec) < 0)
			return pk_error_set(e, PK_ENOMEM, "out of memory");
		if (st->audio)
			memcpy(be->audio_key, key, 65);
	}
	return 0;
}

struct job {
	struct pk_build *b;
	int fatal; /* out of memory: stop */
	struct pk_error fatal_err;
};

static void episode_job(void *arg, size_t i)
{
	struct job *j = arg;
	struct pk_build *b = j->b;
	struct pk_build_episode *be = &b->eps[i];
	size_t s, done;

	/* Jobs of microseconds (a feed of URL audio) must not queue on the
	 * lock: it is taken only to report progress. */
	done = __atomic_fetch_add(&b->done, 1, __ATOMIC_RELAXED);
	if (b->opts->progress) {
		pthread_mutex_lock(b->lock);
		b->opts->progress(b->opts->progress_arg, done, b->neps,
				  be->ep->slug);
		pthread_mutex_unlock(b->lock);
	}
	if (__atomic_load_n(&j->fatal, __ATOMIC_ACQUIRE))
		return;
	if (be->skipped || be->failed || be->placeholder)
		return;
	for (s = 0; s < NSTEPS; s++) {
		struct pk_error e = {0};
		int r;

		if (!step_wanted(b, &steps[s]))
			continue;
		r = run_step(b, be, &steps[s], &e);
		if (r == PK_ENOMEM) {
			/* Not the episode's fault: stop. */
			pthread_mutex_lock(b->lock);
			if (!j->fatal) {
				j->fatal_err = e;
				__atomic_store_n(&j->fatal, 1,
						 __ATOMIC_RELEASE);
			}
			pthread_mutex_unlock(b->lock);
			return;
		}
		if (r) {
			if (b->state)
				pk_state_forget(b->state, "feed.xml");
			fail(b, be, steps[s].name, &e);
			break;
		}
	}
}

int pk_build_episodes(struct pk_build *b, struct pk_error *err)
{
	struct job j = {0};
	size_t i;
	int r;

	/* One-time setup of the steps this build runs (the audio folder):
	 * a failure there stops the whole build. */
	for (i = 0; i < NSTEPS; i++)
		if (steps[i].begin && step_wanted(b, &steps[i]) &&
		    (r = steps[i].begin(b, err)) != 0)
			return r;
	j.b = b;
	r = pk_parallel_for(b->neps, b->opts->jobs, episode_job, &j);
	if (r)
		return pk_error_set(err, r, "cannot start the build's threads");
	/* Each episode's problems, in show order. */
	for (i = 0; i < b->neps; i++)
		pk_diags_move(b->diags, &b->eps[i].diags);
	if (j.fatal) {
		*err = j.fatal_err;
		return j.fatal_err.code ? j.fatal_err.code : PK_ENOMEM;
	}
	return 0;
}

static int any_failed(const struct pk_build *b)
{
	size_t i;

	for (i = 0; i < b->neps; i++)
		if (b->eps[i].failed)
			return 1;
	return 0;
}

int pk_build_run(struct pk_show *show, const struct pk_build_opts *opts,
		 struct pk_build_report *rep, struct pk_diags *diags,
		 struct pk_error *err)
{
	struct pk_build b;
	struct pk_state *st = NULL;
	const char *out = opts->out_dir ? opts->out_dir : "feed";
	const char *warn = NULL;
	char *feed = NULL, *state = NULL;
	size_t i, removed = 0;
	int r, kept = 0, lock = -1;

	/* Two builds of one folder at once would write over each other's
	 * temporaries and state: the second one says who holds it. */
	if (opts->write_files && !opts->dry_run) {
		r = pk_mkdir_p(out, err);
		if (!r)
			r = pk_build_lock(out, &lock, err);
		if (r)
			return r;
	}
	/* The state first: the items it kept for folders that no longer
	 * load join the show before the build is set up. */
	if (opts->write_files) {
		state = pk_path_join(out, PK_STATE_FILE);
		if (!state)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		r = pk_state_load(state, &st, &warn, err);
		if (!r)
			r = pk_build_add_kept(show, st, err);
		if (r) {
			pk_state_free(st);
			free(state);
			pk_build_unlock(lock);
			return r;
		}
	}
	r = pk_build_init(&b, show, opts, diags, err);
	if (r) {
		pk_state_free(st);
		free(state);
		pk_build_unlock(lock);
		return r;
	}
	b.state = st;
	if (warn)
		pk_diags_add(diags, PK_WARNING, state, 0, "%s", warn);
	pk_build_mark_kept(&b);
	if (!opts->dry_run || pk_is_dir(out)) {
		r = opts->dry_run ? 0 : pk_mkdir_p(out, err);
		/* A build killed half-way left its temporaries: the files
		 * they were to become are remade below. */
		if (!r && !opts->dry_run)
			r = pk_remove_stale_temps(out, NULL, err);
		if (r)
			goto out;
	}
	if (opts->write_files) {
		struct pk_error e = {0};

		/* Before the episodes: their tags embed its small copy. A
		 * bad cover is the show's problem, not a reason to keep the
		 * old feed. */
		if (pk_build_show_cover(&b, &e)) {
			/* ... unless there is no old copy: a feed and pages
			 * naming a cover that is not there are worse than
			 * none (a first build). */
			if (!pk_build_show_cover_there(&b)) {
				r = pk_error_set(err,
						 e.code ? e.code : PK_EINVAL,
						 "%s", e.msg);
				goto out;
			}
			pk_diags_add(diags, PK_ERROR, NULL, 0, "%s", e.msg);
		}
	}
	r = pk_build_episodes(&b, err);
	if (r)
		goto out;
	pk_build_keep_items(&b);
	for (i = 0; i < b.neps; i++)
		kept |= b.eps[i].kept_xml != NULL;
	/* An episode lost to a failed write (a full disk) is not a reason
	 * to publish a feed or index without it: the old ones stay. */
	for (i = 0; i < b.neps; i++)
		if (b.eps[i].io_failed) {
			r = pk_error_set(
			    err, PK_EIO,
			    "feed and index not "
			    "written: an output of '%s' could not "
			    "be written (disk full?); the previous "
			    "ones stay",
			    b.eps[i].ep->slug);
			goto out;
		}
	/* After the episodes: it lists those that built. While an episode
	 * is kept from an earlier build, the index that build wrote stays
	 * (it lists that episode too). */
	if (opts->write_files && !kept) {
		struct pk_error e = {0};

		if (pk_build_write_index(&b, &e))
			pk_diags_add(diags, PK_ERROR, NULL, 0, "%s", e.msg);
	}
	feed = pk_build_out_path(&b, "feed.xml");
	if (!feed) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	r = pk_build_write_feed(&b, feed, rep, err);
	if (!r && b.items_oom)
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
	if (!r)
		r = pk_build_forget_items(&b)
			? pk_error_set(err, PK_ENOMEM, "out of memory")
			: 0;
	/* Stale outputs go only after a clean build: a failed one leaves
	 * the output folder as it was, besides what it made. */
	if (!r && opts->write_files && !opts->dry_run && !kept &&
	    !show->nleft_out && !diags->errors && !any_failed(&b))
		r = pk_build_sweep(&b, rep ? &rep->removed : &removed, err);
	if (!r && b.state && !opts->dry_run)
		r = pk_state_save(b.state, state,
				  rep ? &rep->state_written : NULL, err);
out:
	free(state);
	free(feed);
	pk_build_release(&b);
	pk_build_unlock(lock);
	return r;
}

int pk_build_feed_only(struct pk_show *show, const char *path, int jobs,
		       struct pk_build_report *rep, struct pk_diags *diags,
		       struct pk_error *err)
{
	struct pk_build_opts opts = {0};
	struct pk_build b;
	size_t i, failed = 0;
	int r;

	opts.jobs = jobs;
	opts.copy_media = 0;
	opts.write_files = 0;
	r = pk_build_init(&b, show, &opts, diags, err);
	if (r)
		return r;
	r = pk_build_episodes(&b, err);
	for (i = 0; !r && i < b.neps; i++)
		failed += b.eps[i].failed;
	failed += show->nleft_out;
	/* A feed without the episodes that failed is worse than the one
	 * there: apps would drop them from their subscribers' libraries.
	 * (With no feed there, the good episodes' feed loses nothing.) */
	if (!r && failed && pk_is_file(path))
		r = pk_error_set(err, PK_EINVAL,
				 "%s: not written: %zu episode%s failed; the "
				 "previous feed stays",
				 path, failed, failed == 1 ? "" : "s");
	if (!r)
		r = pk_build_write_feed(&b, path, rep, err);
	pk_build_release(&b);
	return r;
}
