/* jobs.c: one runner for the network targets' jobs (see jobs_int.h). */
#include <stdlib.h>

#include "publish/jobs_int.h"

static int job_setup(struct pk_xfer *x, CURL *h, struct curl_slist **hdrs)
{
	struct pk_job *j = x->ctx;

	return j->hd->setup(j, h, hdrs);
}

static void job_done(struct pk_xfer *x, CURL *h)
{
	struct pk_job *j = x->ctx;

	j->hd->done(j, h);
}

struct pk_job *pk_job_new(struct pk_target *t,
			  const struct pk_job_handler *hd, int kind,
			  const char *key, const char *query,
			  struct pk_pub_file *f)
{
	struct pk_job *j = calloc(1, hd->size);

	if (!j)
		return NULL;
	j->hd = hd;
	j->t = t;
	j->kind = kind;
	j->f = f;
	j->x.ctx = j;
	j->x.setup = job_setup;
	if (hd->done)
		j->x.done = job_done;
	j->x.label = f ? f->key : key;
	if (!(j->url = hd->url(t, key, query))) {
		free(j);
		return NULL;
	}
	return j;
}

void pk_job_free(struct pk_job *j)
{
	if (!j)
		return;
	if (j->hd->release)
		j->hd->release(j);
	pk_xfer_release(&j->x);
	free(j->url);
	free(j);
}

size_t pk_jobs_run(struct pk_target *t, struct pk_job **v, size_t n)
{
	struct pk_xfer **xs = malloc((n ? n : 1) * sizeof(*xs));
	size_t i, failed;

	if (!xs)
		return n;
	for (i = 0; i < n; i++)
		xs[i] = &v[i]->x;
	failed = pk_xfer_run(t->eng, xs, n, t->retries);
	free(xs);
	return failed;
}

void pk_jobs_free(struct pk_job **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		pk_job_free(v[i]);
	free(v);
}

int pk_jobs_upload(struct pk_target *t, const struct pk_job_handler *hd,
		   struct pk_pub_file **f, size_t n, struct pk_error *err)
{
	struct pk_job **v = calloc(n ? n : 1, sizeof(*v));
	struct pk_job **sv = calloc(n ? n : 1, sizeof(*sv));
	size_t i, ns = 0;
	int r = 0;

	if (!v || !sv) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (!(v[i] = hd->put(t, f[i]))) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		v[i]->x.upload = 1;
		v[i]->x.src_path = f[i]->path;
		v[i]->x.src_len = f[i]->size;
	}
	pk_jobs_run(t, v, n);
	for (i = 0; i < n; i++) {
		if (!v[i]->x.ok) {
			if (!r)
				r = pk_xfer_error(err, &v[i]->x,
						  "cannot upload");
			continue;
		}
		if (!(sv[ns] = hd->stat(t, f[i]))) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		ns++;
	}
	/* Confirm each: the server has the whole file. */
	pk_jobs_run(t, sv, ns);
	for (i = 0; i < ns; i++) {
		struct pk_job *j = sv[i];

		if (!j->x.ok) {
			if (!r)
				r = pk_xfer_error(err, &j->x, "cannot confirm");
		} else if (j->got_size != j->f->size) {
			if (!r)
				r = pk_error_set(err, PK_ENET,
						 "'%s': the server has %lld "
						 "bytes, not %lld", j->f->key,
						 (long long)j->got_size,
						 (long long)j->f->size);
		} else {
			j->f->done = 1;
			if (hd->confirmed)
				hd->confirmed(j);
		}
	}
out:
	pk_jobs_free(v, n);
	pk_jobs_free(sv, ns);
	return r;
}
