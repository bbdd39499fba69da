/* publish.c: the sync: plan, upload in order, the feed last, deletes after
 * it, then the notifications (see publish.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "podkit/buf.h"
#include "podkit/credentials.h"
#include "podkit/fsio.h"
#include "publish_plan.h"

struct run {
	const struct pk_publish_opts *o;
	struct pk_pub_progress p;
	struct timespec t0, last;
	struct pk_pub_plan *plan;
};

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void on_progress(void *ctx, int64_t bytes, int finished)
{
	struct run *r = ctx;
	struct timespec now;

	r->p.bytes_done += bytes;
	if (finished && r->p.files_done < r->p.files_total)
		r->p.files_done += (size_t)finished;
	if (!r->o->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (since(&r->last, &now) < 0.1 && r->p.files_done < r->p.files_total)
		return;
	r->last = now;
	r->p.seconds = since(&r->t0, &now);
	r->o->progress(r->o->ctx, &r->p);
}

static void on_log(void *ctx, const char *line)
{
	struct run *r = ctx;

	if (r->o->log)
		r->o->log(r->o->ctx, line);
}

static void logf_(const struct pk_publish_opts *o, const char *fmt, ...)
	PK_PRINTF(2, 3);
static void logf_(const struct pk_publish_opts *o, const char *fmt, ...)
{
	char line[1200];
	va_list ap;

	if (!o->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	o->log(o->ctx, line);
}

static int64_t local_size(void *ctx, const char *key)
{
	struct run *r = ctx;
	struct pk_pub_file *f = pk_plan_find(r->plan, key);

	return f ? f->size : -1;
}

/* The remote state after this run's changes, for the manifest. */
static int state_update(struct pk_remote_state *st, struct pk_pub_file *f)
{
	struct pk_remote_obj *o = pk_remote_find(st, f->key);

	if (o) {
		o->size = f->size;
		memcpy(o->sha256, f->sha256, sizeof(o->sha256));
		return 0;
	}
	return pk_remote_add(st, f->key, f->size, f->sha256, NULL);
}

static void state_drop(struct pk_remote_state *st, const char *key)
{
	struct pk_remote_obj *o = pk_remote_find(st, key);

	if (o) {
		free(o->key);
		*o = st->v[--st->n];
	}
}

static int save(struct pk_target *t, struct pk_remote_state *st,
		struct pk_error *err)
{
	if (!t->ops->save || t->opts->dry_run)
		return 0;
	return t->ops->save(t, st, err);
}

static int open_target(struct pk_target *t, struct pk_error *err)
{
	const char *u = t->opts->target;

	if (strncmp(u, "s3://", 5) == 0)
		return pk_target_s3_new(t, err);
	if (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0)
		return pk_target_webdav_new(t, err);
	if (strncmp(u, "sftp://", 7) == 0)
		return pk_target_sftp_new(t, err);
	if (strncmp(u, "file://", 7) == 0)
		return pk_target_file_new(t, err);
	return pk_error_set(err, PK_EINVAL,
			    "'%s': unknown target (use s3://, https://, "
			    "sftp:// or file://)", u);
}

int pk_publish(const struct pk_publish_opts *o,
	       struct pk_publish_summary *sum, struct pk_error *err)
{
	struct pk_publish_summary dummy;
	struct pk_credentials cred;
	struct pk_xfer_opts xo = {0};
	struct pk_target t = {0};
	struct pk_pub_plan plan = {0};
	struct pk_remote_state remote = {0}, after = {0};
	struct pk_pub_file **up = NULL, *feed = NULL;
	struct pk_remote_obj **stale = NULL;
	struct run run = {0};
	char *statedir = NULL;
	size_t i, nup = 0, nstale = 0;
	int r;

	if (!sum)
		sum = &dummy;
	memset(sum, 0, sizeof(*sum));
	memset(&cred, 0, sizeof(cred));
	if (!o->target || !*o->target)
		return pk_error_set(err, PK_EINVAL,
				    "no target: set 'publish: target' in "
				    "show.yaml or give --to");
	r = pk_credentials_load(&cred, err);
	if (r)
		goto out;
	run.o = o;
	run.plan = &plan;
	xo.jobs = o->jobs;
	xo.verbose = o->verbose;
	xo.max_send_speed = o->limit_rate;
	xo.log = on_log;
	xo.progress = on_progress;
	xo.ctx = &run;
	statedir = pk_path_join(o->outdir, ".podkit-publish");
	t.eng = pk_xfer_engine_new(&xo);
	if (!statedir || !t.eng) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	t.opts = o;
	t.cred = &cred;
	t.statedir = statedir;
	t.retries = &sum->retries;
	t.local_size = local_size;
	t.local_ctx = &run;
	r = open_target(&t, err);
	if (r)
		goto out;
	r = pk_plan_scan(&plan, o->outdir, statedir, err);
	if (r)
		goto out;
	r = t.ops->list(&t, &remote, err);
	if (r)
		goto out;
	pk_plan_diff(&plan, &remote);
	for (i = 0; i < remote.n; i++)
		if (pk_remote_add(&after, remote.v[i].key, remote.v[i].size,
				  remote.v[i].sha256, NULL) != 0) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}

	up = calloc(plan.n + 1, sizeof(*up));
	stale = calloc(remote.n + 1, sizeof(*stale));
	if (!up || !stale) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < plan.n; i++) {
		struct pk_pub_file *f = &plan.v[i].f;

		if (f->action == PK_PUB_SKIP) {
			sum->skipped++;
			continue;
		}
		if (f->cls == PK_CLASS_FEED) {
			feed = f;
			continue;
		}
		up[nup++] = f;
		run.p.bytes_total += f->size;
	}
	if (feed)
		run.p.bytes_total += feed->size;
	run.p.files_total = nup + (feed ? 1 : 0);
	for (i = 0; i < remote.n; i++)
		if (!pk_plan_find(&plan, remote.v[i].key))
			stale[nstale++] = &remote.v[i];

	if (o->dry_run) {
		for (i = 0; i < nup; i++)
			logf_(o, "upload %s (%s, %lld bytes)", up[i]->key,
			      up[i]->reason, (long long)up[i]->size);
		if (feed)
			logf_(o, "upload %s (%s, %lld bytes, last)",
			      feed->key, feed->reason,
			      (long long)feed->size);
		for (i = 0; i < nstale; i++)
			logf_(o, "%s %s (no longer built)",
			      o->delete_stale ? "delete" : "keep",
			      stale[i]->key);
		sum->uploaded = nup + (feed ? 1 : 0);
		for (i = 0; i < nup; i++)
			sum->bytes += up[i]->size;
		if (feed)
			sum->bytes += feed->size;
		sum->deleted = o->delete_stale ? nstale : 0;
		goto out;
	}

	clock_gettime(CLOCK_MONOTONIC, &run.t0);
	/* Everything the feed names goes up first, confirmed. */
	if (nup) {
		r = t.ops->upload(&t, up, nup, err);
		for (i = 0; i < nup; i++)
			if (up[i]->done) {
				sum->uploaded++;
				sum->bytes += up[i]->size;
				state_update(&after, up[i]);
			}
		if (r) {
			/* The feed stays as it was: it may name what failed. */
			struct pk_error e2 = {0};

			save(&t, &after, &e2);
			goto out;
		}
	}
	if (nup) {
		r = save(&t, &after, err);
		if (r)
			goto out;
	}
	/* Only now the feed: every file it names is there. */
	if (feed) {
		r = t.ops->upload_feed(&t, feed, err);
		if (r)
			goto out;
		sum->uploaded++;
		sum->bytes += feed->size;
		state_update(&after, feed);
		r = save(&t, &after, err);
		if (r)
			goto out;
	}
	if (o->progress && run.p.files_total) {
		run.p.files_done = run.p.files_total;
		o->progress(o->ctx, &run.p);
	}
	/* Deletes after the new feed is live: the old feed may name them. */
	if (o->delete_stale && nstale) {
		r = t.ops->remove(&t, stale, nstale, err);
		for (i = 0; i < nstale; i++)
			if (!r)
				state_drop(&after, stale[i]->key);
		if (!r)
			sum->deleted = nstale;
		{
			struct pk_error e2 = {0};
			int r2 = save(&t, &after, &e2);

			if (!r && r2) {
				r = r2;
				if (err)
					*err = e2;
			}
		}
		if (r)
			goto out;
	}
	if (feed)
		pk_publish_notify(t.eng, o, sum);
out:
	if (t.ops && t.ops->free)
		t.ops->free(&t);
	pk_xfer_engine_free(t.eng);
	pk_credentials_release(&cred);
	pk_plan_release(&plan);
	pk_remote_release(&remote);
	pk_remote_release(&after);
	free(up);
	free(stale);
	free(statedir);
	return r;
}
