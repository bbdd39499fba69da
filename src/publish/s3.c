/* s3.c: the S3 target (AWS, R2, B2, Spaces, MinIO): uploads confirmed by
 * HEAD (large files through s3_multipart.c), deletes, the ETag -> SHA-256
 * cache and the state of our last run, and the target's setup. Requests
 * are made in s3_request.c, the bucket listed in s3_list.c.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf_int.h"
#include "podkit/fsio.h"
#include "publish/s3_int.h"

/* --- the ETag cache ----------------------------------------------------- */

void pk_s3_cache_put(struct s3 *s, const char *key, const char *etag,
		     const char *sha)
{
	if (!etag || !*etag || !sha || strlen(sha) != 64)
		return;
	json_object_set_new(s->cache, key, json_pack("[ss]", etag, sha));
}

const char *pk_s3_cache_get(struct s3 *s, const char *key, const char *etag)
{
	json_t *e = json_object_get(s->cache, key);

	if (!json_is_array(e) || json_array_size(e) != 2)
		return NULL;
	if (!json_is_string(json_array_get(e, 0)) ||
	    strcmp(json_string_value(json_array_get(e, 0)), etag) != 0)
		return NULL;
	return json_string_value(json_array_get(e, 1));
}

/* What the bucket holds after our run, for the next run's quick check. */
static void state_set(struct s3 *s, const struct pk_remote_state *st)
{
	size_t i;

	json_decref(s->state);
	s->state = json_object();
	for (i = 0; s->state && i < st->n; i++)
		json_object_set_new(s->state, st->v[i].key,
				    json_pack("[Is]",
					      (json_int_t)st->v[i].size,
					      st->v[i].sha256));
}

/* --- uploads -------------------------------------------------------------- */

static int confirm(struct s3 *s, struct pk_pub_file **f, size_t n,
		   struct pk_error *err)
{
	struct pk_job **v = calloc(n ? n : 1, sizeof(*v));
	size_t i;
	int r = 0;

	if (!v)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		v[i] = pk_s3_job_new(s, S3_HEAD, f[i], f[i]->key, NULL);
		if (!v[i]) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
	}
	pk_jobs_run(s->t, v, n);
	for (i = 0; i < n; i++) {
		struct pk_job *j = v[i];

		if (!j->x.ok) {
			if (!r)
				r = pk_xfer_error(err, &j->x,
						  "cannot confirm");
			continue;
		}
		if (j->got_size != f[i]->size ||
		    strcmp(j->got_type, f[i]->content_type) != 0 ||
		    strcmp(S3_JOB(j)->got_sha, f[i]->sha256) != 0) {
			if (!r)
				r = pk_error_set(err, PK_ENET,
						 "'%s': the stored object does "
						 "not match (size %lld, type "
						 "'%s')", f[i]->key,
						 (long long)j->got_size,
						 j->got_type);
			continue;
		}
		pk_s3_cache_put(s, f[i]->key, S3_JOB(j)->got_etag,
				f[i]->sha256);
		f[i]->done = 1;
	}
out:
	pk_jobs_free(v, n);
	return r;
}

static int s3_upload(struct pk_target *t, struct pk_pub_file **f, size_t n,
		     struct pk_error *err)
{
	struct s3 *s = t->impl;
	struct pk_job **v = NULL;
	struct mpu **m = calloc(n ? n : 1, sizeof(*m));
	struct pk_pub_file **ok = calloc(n ? n : 1, sizeof(*ok));
	size_t i, nv = 0, cap = 0, nok = 0;
	int r = 0;

	if (!m || !ok) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	/* Large files go in parts: start (or resume) their uploads first. */
	for (i = 0; i < n; i++) {
		if (f[i]->size < s->threshold)
			continue;
		if ((r = pk_s3_mpu_start(s, f[i], &m[i], err)))
			goto out;
	}
	for (i = 0; i < n; i++) {
		int parts = m[i] ? m[i]->nparts : 1;

		if (nv + (size_t)parts > cap) {
			size_t c = (cap + (size_t)parts) * 2;
			void *nvp = realloc(v, c * sizeof(*v));

			if (!nvp) {
				r = pk_error_set(err, PK_ENOMEM,
						 "out of memory");
				goto out;
			}
			v = nvp;
			cap = c;
		}
		if (!m[i]) {
			struct pk_job *j = pk_s3_job_new(s, S3_PUT, f[i],
							 f[i]->key, NULL);

			if (!j) {
				r = pk_error_set(err, PK_ENOMEM,
						 "out of memory");
				goto out;
			}
			j->x.upload = 1;
			j->x.src_path = f[i]->path;
			j->x.src_len = f[i]->size;
			v[nv++] = j;
			continue;
		}
		if ((r = pk_s3_mpu_parts(s, m[i], v, &nv, err)))
			goto out;
	}
	pk_jobs_run(s->t, v, nv);
	for (i = 0; i < nv; i++) {
		if (!v[i]->x.ok && !r)
			r = pk_xfer_error(err, &v[i]->x, "cannot upload");
	}
	/* Finish the multipart uploads whose parts all arrived; abort the
	 * ones a part was refused for; keep the journal of the others so
	 * the next run resumes them. */
	for (i = 0; i < n; i++) {
		struct pk_error e2 = {0};
		int r2;

		if (!m[i])
			continue;
		r2 = pk_s3_mpu_finish(s, m[i], &e2);
		if (r2 && !r) {
			r = r2;
			if (err)
				*err = e2;
		}
	}
	/* Confirm what went up: size, type and the stored hash. */
	for (i = 0; i < n; i++) {
		int all = 1;
		size_t k;

		for (k = 0; k < nv && all; k++)
			if (v[k]->f == f[i] && !v[k]->x.ok)
				all = 0;
		if (all)
			ok[nok++] = f[i];
	}
	if (nok) {
		struct pk_error e2 = {0};
		int r2 = confirm(s, ok, nok, &e2);

		if (r2 && !r) {
			r = r2;
			if (err)
				*err = e2;
		}
	}
out:
	if (m)
		for (i = 0; i < n; i++)
			pk_s3_mpu_free(m[i]);
	free(m);
	free(ok);
	pk_jobs_free(v, nv);
	return r;
}

static int s3_upload_feed(struct pk_target *t, struct pk_pub_file *f,
			  struct pk_error *err)
{
	/* One PUT replaces an S3 object in one step: readers see the old
	 * feed or the new one, never a part. */
	return s3_upload(t, &f, 1, err);
}

static int s3_remove(struct pk_target *t, struct pk_remote_obj **o, size_t n,
		     struct pk_error *err)
{
	struct s3 *s = t->impl;
	struct pk_job **v = calloc(n ? n : 1, sizeof(*v));
	size_t i;
	int r = 0;

	if (!v)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		v[i] = pk_s3_job_new(s, S3_DELETE, NULL, o[i]->key, NULL);
		if (!v[i]) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		v[i]->x.ok_404 = 1;
	}
	if (pk_jobs_run(s->t, v, n) != 0)
		for (i = 0; i < n && !r; i++)
			if (!v[i]->x.ok)
				r = pk_xfer_error(err, &v[i]->x,
						  "cannot delete");
	for (i = 0; i < n; i++)
		if (v[i]->x.ok)
			json_object_del(s->cache, o[i]->key);
out:
	pk_jobs_free(v, n);
	return r;
}

int pk_s3_save(struct pk_target *t, const struct pk_remote_state *st,
	       struct pk_error *err)
{
	struct s3 *s = t->impl;
	char *txt;

	(void)err;
	if (t->opts->dry_run || pk_mkdir_p(t->statedir, NULL) != 0)
		return 0;
	txt = json_dumps(s->cache, JSON_COMPACT | JSON_SORT_KEYS);
	/* Only caches: losing them costs requests, not correctness. */
	if (txt)
		pk_write_atomic(s->cache_path, txt, strlen(txt), 0644, NULL);
	free(txt);
	if (st)
		state_set(s, st);
	txt = s->state ? json_dumps(s->state, JSON_COMPACT | JSON_SORT_KEYS)
		       : NULL;
	if (txt)
		pk_write_atomic(s->state_path, txt, strlen(txt), 0644, NULL);
	free(txt);
	return 0;
}

static void s3_free(struct pk_target *t)
{
	struct s3 *s = t->impl;

	if (!s)
		return;
	free(s->bucket);
	free(s->prefix);
	free(s->base);
	free(s->sigv4);
	if (s->userpwd) {
		memset(s->userpwd, 0, strlen(s->userpwd));
		free(s->userpwd);
	}
	json_decref(s->cache);
	free(s->cache_path);
	json_decref(s->state);
	free(s->state_path);
	free(s);
	t->impl = NULL;
}

static int s3_fetch(struct pk_target *t, const char *key, char **data,
		    size_t *len, struct pk_error *err)
{
	struct s3 *s = t->impl;
	struct pk_job *j = pk_s3_job_new(s, S3_GET, NULL, key, NULL);
	int r = 0;

	if (!j)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	j->x.ok_404 = 1;
	if (pk_jobs_run(s->t, &j, 1) != 0)
		r = pk_xfer_error(err, &j->x, "cannot read");
	else if (j->x.status == 404)
		r = PK_ENOENT;
	else {
		*len = j->x.body.len;
		*data = pk_buf_detach(&j->x.body);
		if (!*data)
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	pk_job_free(j);
	return r;
}

static const struct pk_target_ops s3_ops = {
    pk_s3_list, s3_upload, s3_upload_feed, s3_remove,
    pk_s3_save, s3_free,   s3_fetch,
};

static int64_t env_bytes(const char *name, int64_t dflt)
{
	const char *v = getenv(name);
	char *end;
	long long n;

	if (!v || !*v)
		return dflt;
	n = strtoll(v, &end, 10);
	if (n <= 0)
		return dflt;
	if (*end == 'k' || *end == 'K')
		n *= 1024;
	else if (*end == 'm' || *end == 'M')
		n *= 1024 * 1024;
	return n;
}

int pk_target_s3_new(struct pk_target *t, struct pk_error *err)
{
	const struct pk_publish_opts *o = t->opts;
	struct s3 *s = calloc(1, sizeof(*s));
	const char *rest = o->target + 5, *slash;
	const char *region = o->region ? o->region : "us-east-1";
	struct pk_buf b;
	char hex[65], name[64];
	int r = 0;

	if (!s)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	t->impl = s;
	t->ops = &s3_ops;
	s->t = t;
	slash = strchr(rest, '/');
	s->bucket = slash ? strndup(rest, (size_t)(slash - rest))
			  : strdup(rest);
	if (!s->bucket)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (!*s->bucket)
		return pk_error_set(err, PK_EINVAL,
				    "'%s': no bucket in the target", o->target);
	pk_buf_init(&b);
	if (slash && slash[1]) {
		pk_buf_puts(&b, slash + 1);
		if (b.data[b.len - 1] != '/')
			pk_buf_putc(&b, '/');
	}
	s->prefix = pk_buf_detach(&b);
	if (!t->cred->access_key || !t->cred->secret_key)
		return pk_error_set(err, PK_EAUTH,
				    "no S3 credentials: set AWS_ACCESS_KEY_ID "
				    "and AWS_SECRET_ACCESS_KEY (or "
				    "PODKIT_CREDENTIALS)");
	pk_buf_init(&b);
	if (o->endpoint) {
		const char *ep = o->endpoint;
		const char *sep = strstr(ep, "://");
		size_t elen = strlen(ep);

		while (elen > 0 && ep[elen - 1] == '/')
			elen--;
		if (!sep)
			return pk_error_set(err, PK_EINVAL,
					    "'%s': the endpoint is not a URL",
					    ep);
		if (o->path_style)
			pk_buf_printf(&b, "%.*s/%s", (int)elen, ep, s->bucket);
		else
			pk_buf_printf(&b, "%.*s%s.%.*s",
				      (int)(sep + 3 - ep), ep, s->bucket,
				      (int)(elen - (size_t)(sep + 3 - ep)),
				      sep + 3);
	} else if (o->path_style) {
		pk_buf_printf(&b, "https://s3.%s.amazonaws.com/%s", region,
			      s->bucket);
	} else {
		pk_buf_printf(&b, "https://%s.s3.%s.amazonaws.com", s->bucket,
			      region);
	}
	s->base = pk_buf_detach(&b);
	pk_buf_init(&b);
	pk_buf_printf(&b, "aws:amz:%s:s3", region);
	s->sigv4 = pk_buf_detach(&b);
	pk_buf_init(&b);
	pk_buf_printf(&b, "%s:%s", t->cred->access_key, t->cred->secret_key);
	s->userpwd = pk_buf_detach(&b);
	/* Below 200 MiB one PUT: the server need not assemble parts (rclone
	 * draws the line at the same size). */
	s->threshold = env_bytes("PODKIT_MULTIPART_THRESHOLD",
				 200 * 1024 * 1024);
	s->part_size = env_bytes("PODKIT_MULTIPART_PART_SIZE",
				 16 * 1024 * 1024);
	if (s->part_size < 5 * 1024 * 1024 &&
	    !getenv("PODKIT_MULTIPART_PART_SIZE"))
		s->part_size = 5 * 1024 * 1024;
	pk_buf_init(&b);
	pk_buf_printf(&b, "%s|%s", s->base, s->prefix);
	pk_sha256_hex(pk_buf_str(&b), b.len, hex);
	pk_buf_release(&b);
	snprintf(name, sizeof(name), "s3-%.16s.json", hex);
	s->cache_path = pk_path_join(t->statedir, name);
	snprintf(name, sizeof(name), "s3-%.16s.state.json", hex);
	s->state_path = pk_path_join(t->statedir, name);
	if (!s->base || !s->sigv4 || !s->userpwd || !s->cache_path ||
	    !s->state_path)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (pk_is_file(s->state_path))
		s->state = json_load_file(s->state_path, 0, NULL);
	if (pk_is_file(s->cache_path))
		s->cache = json_load_file(s->cache_path, 0, NULL);
	if (!json_is_object(s->cache)) {
		json_decref(s->cache);
		s->cache = json_object();
	}
	return r;
}
