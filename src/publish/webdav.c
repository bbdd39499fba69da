/* webdav.c: the WebDAV target (http:// or https://): MKCOL for folders,
 * parallel PUTs confirmed by HEAD, the feed and the manifest put beside
 * their place and MOVEd over it in one step, DELETE for stale files. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf_int.h"
#include "publish/jobs_int.h"

struct dav {
	struct pk_target *t;
	char *base;    /* ends with '/' */
	char *userpwd; /* NULL: no authentication */
};

enum { K_GET, K_PUT, K_HEAD, K_MKCOL, K_MOVE, K_DELETE };

/* A WebDAV job: the common one and a MOVE's Destination. */
struct dav_job {
	struct pk_job j;
	char *dest; /* MOVE: the Destination URL */
};

#define DEST(j) (((struct dav_job *)(j))->dest)

static char *url_of(struct dav *d, const char *key)
{
	char *enc = pk_url_encode(key, 1);
	struct pk_buf b;

	if (!enc)
		return NULL;
	pk_buf_init(&b);
	pk_buf_printf(&b, "%s%s", d->base, enc);
	free(enc);
	return pk_buf_detach(&b);
}

static int hdr(struct curl_slist **hdrs, const char *name, const char *val)
{
	struct pk_buf b;
	struct curl_slist *n;

	pk_buf_init(&b);
	pk_buf_printf(&b, "%s: %s", name, val);
	n = pk_buf_ok(&b) == 0 ? curl_slist_append(*hdrs, b.data) : NULL;
	pk_buf_release(&b);
	if (!n)
		return -1;
	*hdrs = n;
	return 0;
}

static char *job_url(struct pk_target *t, const char *key, const char *query)
{
	(void)query;
	return url_of(t->impl, key);
}

static int setup(struct pk_job *j, CURL *h, struct curl_slist **hdrs)
{
	struct dav *d = j->t->impl;

	curl_easy_setopt(h, CURLOPT_URL, j->url);
	if (d->userpwd) {
		curl_easy_setopt(h, CURLOPT_USERPWD, d->userpwd);
		curl_easy_setopt(h, CURLOPT_HTTPAUTH,
				 CURLAUTH_BASIC | CURLAUTH_DIGEST);
	}
	switch (j->kind) {
	case K_PUT:
		if (j->f && (hdr(hdrs, "Content-Type", j->f->content_type) ||
			     hdr(hdrs, "Cache-Control", j->f->cache_control)))
			return -1;
		break;
	case K_HEAD:
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
		break;
	case K_MKCOL:
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "MKCOL");
		break;
	case K_MOVE:
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "MOVE");
		if (hdr(hdrs, "Destination", DEST(j)) ||
		    hdr(hdrs, "Overwrite", "T"))
			return -1;
		break;
	case K_DELETE:
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
		break;
	default:
		break;
	}
	return 0;
}

/* A HEAD's answer: the size and type the server has. */
static void head_done(struct pk_job *j, CURL *h)
{
	curl_off_t len = -1;

	if (j->kind == K_HEAD && j->x.ok) {
		const char *type = pk_xfer_header(h, "content-type");

		curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
		j->got_size = (int64_t)len;
		snprintf(j->got_type, sizeof(j->got_type), "%s",
			 type ? type : "");
	}
}

/* 1 when the media types (before any ';') are the same. */
static int same_type(const char *a, const char *b)
{
	size_t na = strcspn(a, "; "), nb = strcspn(b, "; ");

	return na == nb && strncasecmp(a, b, na) == 0;
}

static void release(struct pk_job *j)
{
	free(DEST(j));
}

static struct pk_job *upload_put(struct pk_target *t, struct pk_pub_file *f);
static struct pk_job *upload_stat(struct pk_target *t, struct pk_pub_file *f);
static void confirmed(struct pk_job *j);

static const struct pk_job_handler dav_jobs = {
	.size = sizeof(struct dav_job),
	.url = job_url,
	.setup = setup,
	.done = head_done,
	.release = release,
	.put = upload_put,
	.stat = upload_stat,
	.confirmed = confirmed,
};

static struct pk_job *job_new(struct dav *d, int kind, const char *key,
			      struct pk_pub_file *f)
{
	struct pk_job *j = pk_job_new(d->t, &dav_jobs, kind, key, NULL, f);

	if (j)
		j->x.keep_body = 1;
	return j;
}

/* pk_jobs_upload's jobs: a PUT in place, then a HEAD. */
static struct pk_job *upload_put(struct pk_target *t, struct pk_pub_file *f)
{
	return job_new(t->impl, K_PUT, f->key, f);
}

static struct pk_job *upload_stat(struct pk_target *t, struct pk_pub_file *f)
{
	return job_new(t->impl, K_HEAD, f->key, f);
}

/* The server, not the PUT, decides the type it serves: say so when it
 * differs, since apps may refuse it. */
static void confirmed(struct pk_job *j)
{
	const struct pk_publish_opts *o = j->t->opts;
	char line[600];

	if (same_type(j->got_type, j->f->content_type) || !o->log)
		return;
	snprintf(line, sizeof(line),
		 "warning: '%s' is served as '%s', not '%s': set the type in "
		 "the server's configuration", j->f->key, j->got_type,
		 j->f->content_type);
	o->log(o->ctx, line);
}

static int d_list(struct pk_target *t, struct pk_remote_state *st,
		  struct pk_error *err)
{
	struct dav *d = t->impl;
	struct pk_job *j = job_new(d, K_GET, PK_MANIFEST_NAME, NULL);
	int r = 0;

	if (!j)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	j->x.ok_404 = 1;
	if (pk_jobs_run(d->t, &j, 1) != 0)
		r = pk_xfer_error(err, &j->x, "cannot read");
	else if (j->x.status != 404)
		r = pk_manifest_parse(j->x.body.data ? j->x.body.data : "",
				      j->x.body.len, st, err);
	pk_job_free(j);
	return r;
}

/* Creates the folders the keys need, parents first (one level at a time,
 * each level in parallel). An existing folder answers 405: fine. */
static int make_dirs(struct dav *d, struct pk_pub_file **f, size_t n,
		     struct pk_error *err)
{
	struct pk_job **v = NULL;
	char **dirs = NULL;
	size_t ndirs = 0, cap = 0, i, k, nv;
	int depth, r = 0, more = 1;

	for (i = 0; i < n; i++) {
		const char *p;

		for (p = strchr(f[i]->key, '/'); p; p = strchr(p + 1, '/')) {
			size_t len = (size_t)(p - f[i]->key) + 1;

			for (k = 0; k < ndirs; k++)
				if (strlen(dirs[k]) == len &&
				    strncmp(dirs[k], f[i]->key, len) == 0)
					break;
			if (k < ndirs)
				continue;
			if (ndirs == cap) {
				void *nd;

				cap = cap ? cap * 2 : 16;
				nd = realloc(dirs, cap * sizeof(*dirs));
				if (!nd) {
					r = pk_error_set(err, PK_ENOMEM,
							 "out of memory");
					goto out;
				}
				dirs = nd;
			}
			if (!(dirs[ndirs] = strndup(f[i]->key, len))) {
				r = pk_error_set(err, PK_ENOMEM,
						 "out of memory");
				goto out;
			}
			ndirs++;
		}
	}
	v = calloc(ndirs + 1, sizeof(*v));
	if (!v) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	/* The target folder itself, the first time (405: it exists). */
	if (!(v[0] = job_new(d, K_MKCOL, "", NULL))) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	v[0]->x.label = d->base;
	pk_jobs_run(d->t, v, 1);
	if (!v[0]->x.ok && v[0]->x.status != 405)
		r = pk_xfer_error(err, &v[0]->x, "cannot create folder");
	pk_job_free(v[0]);
	v[0] = NULL;
	for (depth = 1; more && !r && ndirs; depth++) {
		more = 0;
		nv = 0;
		for (k = 0; k < ndirs; k++) {
			int slashes = 0;
			const char *p;

			for (p = dirs[k]; *p; p++)
				slashes += *p == '/';
			if (slashes > depth)
				more = 1;
			if (slashes != depth)
				continue;
			if (!(v[nv] = job_new(d, K_MKCOL, dirs[k], NULL))) {
				r = pk_error_set(err, PK_ENOMEM,
						 "out of memory");
				break;
			}
			nv++;
		}
		pk_jobs_run(d->t, v, nv);
		for (k = 0; k < nv; k++) {
			if (!v[k]->x.ok && v[k]->x.status != 405 && !r)
				r = pk_xfer_error(err, &v[k]->x,
						  "cannot create folder");
			pk_job_free(v[k]);
			v[k] = NULL;
		}
	}
out:
	for (k = 0; k < ndirs; k++)
		free(dirs[k]);
	free(dirs);
	free(v);
	return r;
}

static int d_upload(struct pk_target *t, struct pk_pub_file **f, size_t n,
		    struct pk_error *err)
{
	int r = make_dirs(t->impl, f, n, err);

	if (r)
		return r;
	return pk_jobs_upload(t, &dav_jobs, f, n, err);
}

/* PUT beside the target, then MOVE over it: readers get the old file or
 * the new one, never a part. */
static int put_move(struct dav *d, const char *key, struct pk_pub_file *f,
		    const char *mem, size_t memlen, struct pk_error *err)
{
	struct pk_buf tmp;
	struct pk_job *j = NULL;
	int r = 0;

	pk_buf_init(&tmp);
	pk_buf_printf(&tmp, ".%s.podkit-tmp", key);
	if (pk_buf_ok(&tmp) != 0 ||
	    !(j = job_new(d, K_PUT, pk_buf_str(&tmp), f))) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	j->x.upload = 1;
	j->x.label = key;
	if (f) {
		j->x.src_path = f->path;
		j->x.src_len = f->size;
	} else {
		j->x.mem = mem;
		j->x.memlen = memlen;
	}
	if (pk_jobs_run(d->t, &j, 1) != 0) {
		r = pk_xfer_error(err, &j->x, "cannot upload");
		goto out;
	}
	pk_job_free(j);
	j = job_new(d, K_MOVE, pk_buf_str(&tmp), NULL);
	if (!j || !(DEST(j) = url_of(d, key))) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	j->x.label = key;
	if (pk_jobs_run(d->t, &j, 1) != 0)
		r = pk_xfer_error(err, &j->x, "cannot move into place");
out:
	pk_job_free(j);
	pk_buf_release(&tmp);
	return r;
}

static int d_upload_feed(struct pk_target *t, struct pk_pub_file *f,
			 struct pk_error *err)
{
	int r = put_move(t->impl, f->key, f, NULL, 0, err);

	if (!r)
		f->done = 1;
	return r;
}

static int d_remove(struct pk_target *t, struct pk_remote_obj **o, size_t n,
		    struct pk_error *err)
{
	struct dav *d = t->impl;
	struct pk_job **v = calloc(n ? n : 1, sizeof(*v));
	size_t i;
	int r = 0;

	if (!v)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		if (!(v[i] = job_new(d, K_DELETE, o[i]->key, NULL))) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		v[i]->x.ok_404 = 1;
	}
	pk_jobs_run(d->t, v, n);
	for (i = 0; i < n && !r; i++)
		if (!v[i]->x.ok)
			r = pk_xfer_error(err, &v[i]->x, "cannot delete");
out:
	pk_jobs_free(v, n);
	return r;
}

static int d_save(struct pk_target *t, const struct pk_remote_state *st,
		  struct pk_error *err)
{
	char *json = pk_manifest_format(st);
	int r;

	if (!json)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = put_move(t->impl, PK_MANIFEST_NAME, NULL, json, strlen(json),
		     err);
	free(json);
	return r;
}

static void d_free(struct pk_target *t)
{
	struct dav *d = t->impl;

	if (!d)
		return;
	free(d->base);
	if (d->userpwd) {
		memset(d->userpwd, 0, strlen(d->userpwd));
		free(d->userpwd);
	}
	free(d);
	t->impl = NULL;
}

static int d_fetch(struct pk_target *t, const char *key, char **data,
		   size_t *len, struct pk_error *err)
{
	struct dav *d = t->impl;
	struct pk_job *j = job_new(d, K_GET, key, NULL);
	int r = 0;

	if (!j)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	j->x.ok_404 = 1;
	if (pk_jobs_run(d->t, &j, 1) != 0)
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

static const struct pk_target_ops dav_ops = {
    d_list, d_upload, d_upload_feed, d_remove, d_save, d_free, d_fetch,
};

int pk_target_webdav_new(struct pk_target *t, struct pk_error *err)
{
	struct dav *d = calloc(1, sizeof(*d));
	const char *u = t->opts->target;
	struct pk_buf b;

	if (!d)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	t->impl = d;
	t->ops = &dav_ops;
	d->t = t;
	if (strchr(u, '@'))
		return pk_error_set(err, PK_EINVAL,
				    "'%s': put no credentials in the target; "
				    "set PODKIT_WEBDAV_USER and "
				    "PODKIT_WEBDAV_PASSWORD", "the target");
	pk_buf_init(&b);
	pk_buf_puts(&b, u);
	if (b.len && b.data[b.len - 1] != '/')
		pk_buf_putc(&b, '/');
	d->base = pk_buf_detach(&b);
	if (t->cred->user) {
		pk_buf_init(&b);
		pk_buf_printf(&b, "%s:%s", t->cred->user,
			      t->cred->password ? t->cred->password : "");
		d->userpwd = pk_buf_detach(&b);
		if (!d->userpwd)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	if (!d->base)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	return 0;
}
