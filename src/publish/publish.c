/* publish.c: the sync: plan, upload in order, the feed last, deletes after
 * it, then the notifications (see publish.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/buf_int.h"
#include "publish/credentials_int.h"
#include "publish/live_feed_int.h"
#include "podkit/fsio.h"
#include "publish/publish_plan_int.h"

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

static const char *local_sha(void *ctx, const char *key)
{
	struct run *r = ctx;
	struct pk_pub_file *f = pk_plan_find(r->plan, key);

	return f ? f->sha256 : NULL;
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

/* The key a URL in the feed names, when it points into one of the bases
 * (malloc'd, decoded), else NULL. */
static char *key_of(const char *url, const char *const *bases, size_t nb)
{
	size_t i, n;
	int len;

	for (i = 0; i < nb; i++) {
		if (!bases[i] || !*bases[i])
			continue;
		n = strlen(bases[i]);
		while (n > 0 && bases[i][n - 1] == '/')
			n--;
		if (strncmp(url, bases[i], n) == 0 && url[n] == '/') {
			char *k = curl_easy_unescape(NULL, url + n + 1, 0,
						     &len);
			char *q = k ? strpbrk(k, "?#") : NULL;
			char *out;

			if (q)
				*q = '\0';
			out = k ? strdup(k) : NULL;
			curl_free(k);
			return out;
		}
	}
	return NULL;
}

/* Marks found[i] for each WebSub hub the feed announces with a
 * <link rel="hub" href="..."> (atom:link). */
static void find_hubs(xmlNode *n, const struct pk_publish_opts *o,
		      int *found)
{
	size_t i;

	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "link") == 0) {
			xmlChar *rel = xmlGetProp(n, BAD_CAST "rel");
			xmlChar *href = xmlGetProp(n, BAD_CAST "href");

			for (i = 0; rel && href && i < o->nhubs; i++)
				if (strcmp((char *)rel, "hub") == 0 &&
				    strcmp((char *)href, o->hubs[i]) == 0)
					found[i] = 1;
			xmlFree(rel);
			xmlFree(href);
		}
		find_hubs(n->children, o, found);
	}
}

static int check_node(xmlNode *n, const char *const *bases, size_t nb,
		      struct pk_pub_plan *plan, struct pk_remote_state *remote,
		      struct pk_error *err)
{
	static const char *const names[] = {"enclosure", "chapters",
					    "transcript", "image", NULL};
	static const char *const attrs[] = {"url", "href", NULL};
	size_t i, j;
	int r;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; names[i]; i++) {
			if (strcmp((const char *)n->name, names[i]) != 0)
				continue;
			for (j = 0; attrs[j]; j++) {
				xmlChar *v = xmlGetProp(n, BAD_CAST attrs[j]);
				char *k = v ? key_of((char *)v, bases, nb)
					    : NULL;
				int missing = k && !pk_plan_find(plan, k) &&
					      !pk_remote_lookup(remote, k);

				if (missing)
					pk_error_set(err, PK_EINVAL,
						     "feed.xml names '%s', "
						     "which is neither built "
						     "nor published; the feed "
						     "was not uploaded", k);
				free(k);
				xmlFree(v);
				if (missing)
					return PK_EINVAL;
			}
		}
		r = check_node(n->children, bases, nb, plan, remote, err);
		if (r)
			return r;
	}
	return 0;
}

/* A feed never goes up naming a file that is not there: every enclosure,
 * chapters, transcript and image URL under the show's media or feed URL
 * must be a file of this output folder or already on the remote side. */
static int check_feed_refs(const struct pk_publish_opts *o,
			   struct pk_pub_file *feed, struct pk_pub_plan *plan,
			   struct pk_remote_state *remote,
			   struct pk_error *err)
{
	const char *bases[2];
	char *folder = NULL;
	xmlDoc *doc;
	int r = 0;

	if (!o->media_url && !o->feed_url && !o->nhubs)
		return 0;
	if (o->feed_url) {
		const char *slash = strrchr(o->feed_url, '/');

		folder = slash ? strndup(o->feed_url,
					 (size_t)(slash - o->feed_url))
			       : NULL;
	}
	bases[0] = o->media_url;
	bases[1] = folder;
	doc = xmlReadFile(feed->path, NULL,
			  XML_PARSE_NONET | XML_PARSE_NOERROR |
				  XML_PARSE_NOWARNING);
	if (!doc) {
		r = pk_error_set(err, PK_EINVAL,
				 "%s: not well-formed XML; the feed was not "
				 "uploaded", feed->path);
		goto out;
	}
	r = check_node(xmlDocGetRootElement(doc), bases, 2, plan, remote,
		       err);
	if (!r && o->nhubs) {
		int *found = calloc(o->nhubs, sizeof(*found));
		size_t i;

		if (found)
			find_hubs(xmlDocGetRootElement(doc), o, found);
		for (i = 0; found && i < o->nhubs; i++)
			if (!found[i])
				logf_(o, "warning: feed.xml does not announce "
					 "the hub '%s' (atom:link rel=\"hub\"): "
					 "subscribers will not use it",
				      o->hubs[i]);
		free(found);
	}
	xmlFreeDoc(doc);
out:
	free(folder);
	return r;
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
	t.local_sha = local_sha;
	t.local_ctx = &run;
	r = open_target(&t, err);
	if (r)
		goto out;
	r = pk_plan_scan(&plan, o->outdir, statedir, err);
	if (r)
		goto out;
	t.local_n = plan.n;
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
	/* Before anything goes up: no episode vanishes from the live feed
	 * unless the caller said so. */
	if (feed) {
		r = pk_live_feed_check(&t, feed, &remote, err);
		if (r)
			goto out;
	}

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
		pk_remote_sort(&remote);
		r = check_feed_refs(o, feed, &plan, &remote, err);
		if (r)
			goto out;
		r = t.ops->upload_feed(&t, feed, err);
		if (r)
			goto out;
		sum->uploaded++;
		sum->bytes += feed->size;
		pk_live_feed_record(&t, feed);
		state_update(&after, feed);
		r = save(&t, &after, err);
		if (r)
			goto out;
	}
	if (o->progress && run.p.files_total) {
		run.p.files_done = run.p.files_total;
		run.p.bytes_done = run.p.bytes_total;
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
