/* s3_request.c: one S3 request and its answer: the URL of a key, the
 * headers an object is stored with, SigV4 signing by libcurl
 * (CURLOPT_AWS_SIGV4), and the reading of a HEAD's answer.
 *
 * Debian 12's libcurl 7.88 signs what it is given but does not tidy it, so
 * this file does by hand what later versions do (each spot says so):
 * x-amz-content-sha256 always set, query strings sorted and fully
 * percent-encoded with "name=" for empty values, object keys encoded here.
 * x-amz-date is left to curl, which signs with the time it sends.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf_int.h"
#include "publish/s3_int.h"

/* SHA-256 of the empty body: sent with every request without one. */
#define EMPTY_SHA256 \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* Every request: SigV4 by curl, the key pair as user:password, the
 * session token when there is one. */
static int auth(struct s3 *s, CURL *h, struct curl_slist **hdrs,
		const char *payload_sha)
{
	char line[2200];
	struct curl_slist *n;

	curl_easy_setopt(h, CURLOPT_AWS_SIGV4, s->sigv4);
	curl_easy_setopt(h, CURLOPT_USERPWD, s->userpwd);
	/* curl 7.88 hashes the body itself only for POSTFIELDS and signs a
	 * wrong empty hash for uploads from a read callback; it takes this
	 * header's value instead when we set it, so we always do. */
	snprintf(line, sizeof(line), "x-amz-content-sha256: %s", payload_sha);
	if (!(n = curl_slist_append(*hdrs, line)))
		return -1;
	*hdrs = n;
	if (s->t->cred->session_token) {
		snprintf(line, sizeof(line), "x-amz-security-token: %s",
			 s->t->cred->session_token);
		if (!(n = curl_slist_append(*hdrs, line)))
			return -1;
		*hdrs = n;
	}
	return 0;
}

static int add_hdr(struct curl_slist **hdrs, const char *name,
		   const char *value)
{
	char line[512];
	struct curl_slist *n;

	snprintf(line, sizeof(line), "%s: %s", name, value);
	if (!(n = curl_slist_append(*hdrs, line)))
		return -1;
	*hdrs = n;
	return 0;
}

/* The headers an object is stored with. */
static int object_hdrs(struct s3 *s, struct pk_pub_file *f,
		       struct curl_slist **hdrs)
{
	if (add_hdr(hdrs, "Content-Type", f->content_type) ||
	    add_hdr(hdrs, "Cache-Control", f->cache_control) ||
	    add_hdr(hdrs, "x-amz-meta-sha256", f->sha256))
		return -1;
	if (s->t->opts->acl && add_hdr(hdrs, "x-amz-acl", s->t->opts->acl))
		return -1;
	return 0;
}

/* URL of a key, with an optional query. The key is percent-encoded here,
 * '/' kept: curl 7.88 signs the path exactly as given, and S3 wants each
 * byte outside the unreserved set encoded once. The query must already be
 * in canonical form (sorted, values encoded). */
static char *object_url(struct s3 *s, const char *key, const char *query)
{
	struct pk_buf b;
	char *full = malloc(strlen(s->prefix) + strlen(key) + 1), *enc;

	if (!full)
		return NULL;
	strcpy(full, s->prefix);
	strcat(full, key);
	enc = pk_url_encode(full, 1);
	free(full);
	if (!enc)
		return NULL;
	pk_buf_init(&b);
	pk_buf_printf(&b, "%s/%s", s->base, enc);
	if (query)
		pk_buf_printf(&b, "?%s", query);
	free(enc);
	return pk_buf_detach(&b);
}

/* The URL of key, or of the bucket itself (a listing) when key is NULL. */
static char *job_url(struct pk_target *t, const char *key, const char *query)
{
	struct s3 *s = t->impl;
	struct pk_buf b;

	if (key)
		return object_url(s, key, query);
	/* "/bucket" in path style, "/" on a bucket's own host name. */
	pk_buf_init(&b);
	pk_buf_printf(&b, "%s%s?%s", s->base, s->t->opts->path_style ? "" : "/",
		      query);
	return pk_buf_detach(&b);
}

static int setup(struct pk_job *j, CURL *h, struct curl_slist **hdrs)
{
	struct s3 *s = j->t->impl;
	const char *sha = EMPTY_SHA256;

	curl_easy_setopt(h, CURLOPT_URL, j->url);
	switch (j->kind) {
	case S3_PUT:
		/* The real hash: we computed it to plan, so the body is
		 * signed too. */
		sha = j->f->sha256;
		if (object_hdrs(s, j->f, hdrs))
			return -1;
		break;
	case S3_PART:
		/* Parts are sent unsigned: hashing each part before sending
		 * it would read the file twice. */
		sha = "UNSIGNED-PAYLOAD";
		break;
	case S3_HEAD:
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
		break;
	case S3_LIST:
	case S3_GET:
		break;
	case S3_DELETE:
	case S3_ABORT:
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
		break;
	case S3_CREATE:
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
		if (object_hdrs(s, j->f, hdrs))
			return -1;
		break;
	case S3_COMPLETE:
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, S3_JOB(j)->body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE,
				 (long)strlen(S3_JOB(j)->body));
		sha = S3_JOB(j)->body_sha;
		if (add_hdr(hdrs, "Content-Type", "application/xml"))
			return -1;
		break;
	}
	return auth(s, h, hdrs, sha);
}

const char *pk_s3_xml_child(xmlNode *n, const char *name, xmlChar **own)
{
	xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0) {
			*own = xmlNodeGetContent(c);
			return (const char *)*own;
		}
	*own = NULL;
	return NULL;
}

/* A HEAD's answer: the object's size and type, and the hash and ETag it
 * is stored with. */
static void head_done(struct pk_job *j, CURL *h)
{
	const char *v;
	curl_off_t len = -1;

	if (!j->x.ok || j->x.status == 404)
		return;
	curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
	j->got_size = (int64_t)len;
	if ((v = pk_xfer_header(h, "content-type")))
		snprintf(j->got_type, sizeof(j->got_type), "%s", v);
	if ((v = pk_xfer_header(h, "x-amz-meta-sha256")))
		snprintf(S3_JOB(j)->got_sha, sizeof(S3_JOB(j)->got_sha), "%s",
			 v);
	if ((v = pk_xfer_header(h, "etag")))
		snprintf(S3_JOB(j)->got_etag, sizeof(S3_JOB(j)->got_etag), "%s",
			 v);
}

static void done(struct pk_job *j, CURL *h)
{
	switch (j->kind) {
	case S3_HEAD:
		head_done(j, h);
		break;
	case S3_PART:
		pk_s3_part_done(j, h);
		break;
	case S3_CREATE:
		pk_s3_create_done(j, h);
		break;
	default:
		break;
	}
}

static void release(struct pk_job *j)
{
	free(S3_JOB(j)->body);
}

static const struct pk_job_handler s3_jobs = {
	.size = sizeof(struct s3_job),
	.url = job_url,
	.setup = setup,
	.done = done,
	.release = release,
};

struct pk_job *pk_s3_job_new(struct s3 *s, int kind, struct pk_pub_file *f,
			     const char *key, const char *query)
{
	struct pk_job *j = pk_job_new(s->t, &s3_jobs, kind, key, query, f);

	/* Answers are small, and errors say why in them. */
	if (j)
		j->x.keep_body = 1;
	return j;
}
