/* s3.c: the S3 target (AWS, R2, B2, Spaces, MinIO): requests signed by
 * libcurl's own SigV4 (CURLOPT_AWS_SIGV4), listing, uploads confirmed by
 * HEAD, multipart uploads with parts in parallel, resumable, and deletes.
 *
 * Debian 12's libcurl 7.88 signs what it is given but does not tidy it, so
 * this file does by hand what later versions do (each spot says so):
 * x-amz-content-sha256 always set, query strings sorted and fully
 * percent-encoded with "name=" for empty values, object keys encoded here.
 * x-amz-date is left to curl, which signs with the time it sends.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/buf_int.h"
#include "podkit/fsio.h"
#include "publish/publish_plan_int.h"

/* SHA-256 of the empty body: sent with every request without one. */
#define EMPTY_SHA256 \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

struct mpu {
	struct pk_pub_file *f;
	char *upload_id;
	int64_t part_size;
	int nparts;
	char **etags;      /* per part (1-based index - 1); NULL: not sent */
	char *journal;     /* statedir/mpu-XXXX.json */
	int fatal;         /* a part failed for good: abort */
	char *stale_id;    /* an earlier, abandoned upload of this key */
	struct s3 *s;
};

struct s3 {
	struct pk_target *t;
	char *bucket;
	char *prefix;  /* "" or "some/prefix/" */
	char *base;    /* scheme://host[:port]/bucket or scheme://bucket.host */
	char *sigv4;   /* "aws:amz:REGION:s3" */
	char *userpwd; /* "KEY:SECRET" */
	int64_t threshold, part_size;
	json_t *cache; /* key -> [etag, sha256] */
	char *cache_path;
	json_t *state; /* key -> [size, sha256]: the bucket after our run */
	char *state_path;
};

enum { K_PUT, K_HEAD, K_LIST, K_DELETE, K_CREATE, K_PART, K_COMPLETE,
       K_ABORT };

struct job {
	struct pk_xfer x;
	struct s3 *s;
	int kind;
	struct pk_pub_file *f;
	struct mpu *m;
	int part;
	char *url;
	char *body;             /* POST body (owned) */
	char body_sha[65];
	/* HEAD results */
	int64_t got_size;
	char got_type[128];
	char got_sha[65];
	char got_etag[80];
};

static void job_free(struct job *j)
{
	if (!j)
		return;
	pk_xfer_release(&j->x);
	free(j->url);
	free(j->body);
	free(j);
}

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
 * in canonical form (see query_*). */
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

static int setup(struct pk_xfer *x, CURL *h, struct curl_slist **hdrs)
{
	struct job *j = x->ctx;
	struct s3 *s = j->s;
	const char *sha = EMPTY_SHA256;

	curl_easy_setopt(h, CURLOPT_URL, j->url);
	switch (j->kind) {
	case K_PUT:
		/* The real hash: we computed it to plan, so the body is
		 * signed too. */
		sha = j->f->sha256;
		if (object_hdrs(s, j->f, hdrs))
			return -1;
		break;
	case K_PART:
		/* Parts are sent unsigned: hashing each part before sending
		 * it would read the file twice. */
		sha = "UNSIGNED-PAYLOAD";
		break;
	case K_HEAD:
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
		break;
	case K_LIST:
		break;
	case K_DELETE:
	case K_ABORT:
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
		break;
	case K_CREATE:
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
		if (object_hdrs(s, j->f, hdrs))
			return -1;
		break;
	case K_COMPLETE:
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, j->body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE,
				 (long)strlen(j->body));
		sha = j->body_sha;
		if (add_hdr(hdrs, "Content-Type", "application/xml"))
			return -1;
		break;
	}
	return auth(s, h, hdrs, sha);
}

static struct job *job_new(struct s3 *s, int kind, struct pk_pub_file *f,
			   const char *key, const char *query)
{
	struct job *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->s = s;
	j->kind = kind;
	j->f = f;
	j->x.ctx = j;
	j->x.setup = setup;
	j->x.keep_body = 1; /* answers are small; errors say why in them */
	j->x.label = f ? f->key : key;
	if (key) {
		j->url = object_url(s, key, query);
	} else {
		/* The bucket itself (a listing): "/bucket" in path style,
		 * "/" on a bucket's own host name. */
		struct pk_buf b;

		pk_buf_init(&b);
		pk_buf_printf(&b, "%s%s?%s", s->base,
			      s->t->opts->path_style ? "" : "/", query);
		j->url = pk_buf_detach(&b);
	}
	if (!j->url) {
		free(j);
		return NULL;
	}
	return j;
}

/* Runs jobs and frees nothing; returns the number that failed. */
static size_t run(struct s3 *s, struct job **v, size_t n)
{
	struct pk_xfer **xs = malloc((n ? n : 1) * sizeof(*xs));
	size_t i, failed;

	if (!xs)
		return n;
	for (i = 0; i < n; i++)
		xs[i] = &v[i]->x;
	failed = pk_xfer_run(s->t->eng, xs, n, s->t->retries);
	free(xs);
	return failed;
}

static void free_jobs(struct job **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		job_free(v[i]);
	free(v);
}

/* --- the ETag cache ----------------------------------------------------- */

static void cache_put(struct s3 *s, const char *key, const char *etag,
		      const char *sha)
{
	if (!etag || !*etag || !sha || strlen(sha) != 64)
		return;
	json_object_set_new(s->cache, key, json_pack("[ss]", etag, sha));
}

static const char *cache_get(struct s3 *s, const char *key, const char *etag)
{
	json_t *e = json_object_get(s->cache, key);

	if (!json_is_array(e) || json_array_size(e) != 2)
		return NULL;
	if (!json_is_string(json_array_get(e, 0)) ||
	    strcmp(json_string_value(json_array_get(e, 0)), etag) != 0)
		return NULL;
	return json_string_value(json_array_get(e, 1));
}

/* --- listing -------------------------------------------------------------- */

static const char *child_text(xmlNode *n, const char *name, xmlChar **own)
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

static void head_done(struct pk_xfer *x, CURL *h)
{
	struct job *j = x->ctx;
	const char *v;
	curl_off_t len = -1;

	if (!x->ok || x->status == 404)
		return;
	curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
	j->got_size = (int64_t)len;
	if ((v = pk_xfer_header(h, "content-type")))
		snprintf(j->got_type, sizeof(j->got_type), "%s", v);
	if ((v = pk_xfer_header(h, "x-amz-meta-sha256")))
		snprintf(j->got_sha, sizeof(j->got_sha), "%s", v);
	if ((v = pk_xfer_header(h, "etag")))
		snprintf(j->got_etag, sizeof(j->got_etag), "%s", v);
}

static int parse_list(struct s3 *s, const char *xml, size_t len,
		      struct pk_remote_state *st, char **token,
		      struct pk_error *err)
{
	xmlDoc *doc = xmlReadMemory(xml, (int)len, "list.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR |
					    XML_PARSE_NOWARNING);
	xmlNode *root, *n;
	size_t plen = strlen(s->prefix);
	int truncated = 0, r = 0;

	*token = NULL;
	if (!doc || !(root = xmlDocGetRootElement(doc))) {
		r = pk_error_set(err, PK_ENET,
				 "s3://%s: the bucket listing is not XML",
				 s->bucket);
		goto out;
	}
	for (n = root->children; n; n = n->next) {
		xmlChar *k = NULL, *sz = NULL, *et = NULL, *t = NULL;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "IsTruncated") == 0) {
			t = xmlNodeGetContent(n);
			truncated = t && strcmp((char *)t, "true") == 0;
			xmlFree(t);
		} else if (strcmp((const char *)n->name,
				  "NextContinuationToken") == 0) {
			t = xmlNodeGetContent(n);
			*token = t ? strdup((char *)t) : NULL;
			xmlFree(t);
		} else if (strcmp((const char *)n->name, "Contents") == 0) {
			const char *key = child_text(n, "Key", &k);
			const char *size = child_text(n, "Size", &sz);
			const char *etag = child_text(n, "ETag", &et);

			if (key && size && strncmp(key, s->prefix, plen) == 0 &&
			    key[plen])
				r = pk_remote_add(st, key + plen,
						  strtoll(size, NULL, 10),
						  NULL, etag);
			xmlFree(k);
			xmlFree(sz);
			xmlFree(et);
			if (r) {
				r = pk_error_set(err, PK_ENOMEM,
						 "out of memory");
				goto out;
			}
		}
	}
	if (!truncated) {
		free(*token);
		*token = NULL;
	} else if (!*token) {
		r = pk_error_set(err, PK_ENET,
				 "s3://%s: truncated listing without a "
				 "continuation token", s->bucket);
	}
out:
	if (doc)
		xmlFreeDoc(doc);
	return r;
}

static int s3_save(struct pk_target *t, const struct pk_remote_state *st,
		   struct pk_error *err);

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

/* The quick check: when every local file is what our last run left in the
 * bucket, and feed.xml there still has the ETag we saw, nobody published
 * since and there is nothing to do: the recorded state stands in for the
 * listing (one HEAD instead of a listing of every object). Anything else,
 * or --full-check, lists. */
static int quick_check(struct pk_target *t, struct pk_remote_state *st)
{
	struct s3 *s = t->impl;
	json_t *feed = json_object_get(s->cache, "feed.xml"), *v;
	const char *key, *etag;
	struct job *j;
	int same;

	if (t->opts->full_check || !json_is_object(s->state) ||
	    json_object_size(s->state) != t->local_n || !t->local_sha ||
	    !json_is_array(feed) ||
	    !json_object_get(s->state, "feed.xml"))
		return 0;
	json_object_foreach(s->state, key, v) {
		const char *sha = t->local_sha(t->local_ctx, key);

		if (!sha || t->local_size(t->local_ctx, key) !=
				    json_integer_value(json_array_get(v, 0)) ||
		    !json_is_string(json_array_get(v, 1)) ||
		    strcmp(sha, json_string_value(json_array_get(v, 1))) != 0)
			return 0;
	}
	etag = json_string_value(json_array_get(feed, 0));
	j = job_new(s, K_HEAD, NULL, "feed.xml", NULL);
	if (!j || !etag)
		goto no;
	j->x.done = head_done;
	if (run(s, &j, 1) != 0 || strcmp(j->got_etag, etag) != 0)
		goto no;
	job_free(j);
	json_object_foreach(s->state, key, v)
		if (pk_remote_add(st, key,
				  json_integer_value(json_array_get(v, 0)),
				  json_string_value(json_array_get(v, 1)),
				  NULL) != 0)
			return -1;
	same = 1;
	return same;
no:
	job_free(j);
	return 0;
}

static int s3_list(struct pk_target *t, struct pk_remote_state *st,
		   struct pk_error *err)
{
	struct s3 *s = t->impl;
	char *token = NULL;
	struct job **heads = NULL;
	size_t nheads = 0, i;
	int r = 0;

	r = quick_check(t, st);
	if (r < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (r > 0)
		return 0;
	do {
		struct pk_buf q;
		char *enc_prefix = pk_url_encode(s->prefix, 0);
		char *enc_token = token ? pk_url_encode(token, 0) : NULL;
		struct job *j;

		/* curl 7.88 signs the query string as written: it must
		 * already be canonical, parameters sorted by name and every
		 * value fully percent-encoded ('/' too). */
		pk_buf_init(&q);
		if (enc_token)
			pk_buf_printf(&q, "continuation-token=%s&", enc_token);
		pk_buf_printf(&q, "list-type=2&max-keys=1000&prefix=%s",
			      enc_prefix ? enc_prefix : "");
		free(enc_prefix);
		free(enc_token);
		j = pk_buf_ok(&q) == 0 ? job_new(s, K_LIST, NULL, NULL,
						 pk_buf_str(&q))
				       : NULL;
		pk_buf_release(&q);
		if (!j) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		j->x.keep_body = 1;
		j->x.label = s->bucket;
		free(token);
		token = NULL;
		if (run(s, &j, 1) != 0) {
			r = pk_xfer_error(err, &j->x, "cannot list bucket");
			job_free(j);
			goto out;
		}
		r = parse_list(s, j->x.body.data ? j->x.body.data : "",
			       j->x.body.len, st, &token, err);
		job_free(j);
		if (r)
			goto out;
	} while (token);

	/* The SHA-256 each object was stored with: from the cache when the
	 * ETag is the one we saw last, else from a HEAD (in parallel), and
	 * only for objects that could match a local file. */
	heads = calloc(st->n ? st->n : 1, sizeof(*heads));
	if (!heads) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < st->n; i++) {
		struct pk_remote_obj *o = &st->v[i];
		const char *sha = cache_get(s, o->key, o->etag);

		if (sha) {
			snprintf(o->sha256, sizeof(o->sha256), "%s", sha);
			continue;
		}
		if (!t->local_size || t->local_size(t->local_ctx, o->key) !=
					      o->size)
			continue;
		heads[nheads] = job_new(s, K_HEAD, NULL, o->key, NULL);
		if (!heads[nheads]) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		heads[nheads]->x.done = head_done;
		heads[nheads]->x.ok_404 = 1;
		heads[nheads]->x.idx = (long)i;
		nheads++;
	}
	if (nheads && run(s, heads, nheads) != 0) {
		for (i = 0; i < nheads && heads[i]->x.ok; i++)
			;
		r = pk_xfer_error(err, &heads[i]->x, "cannot read");
		goto out;
	}
	for (i = 0; i < nheads; i++) {
		struct pk_remote_obj *o = &st->v[heads[i]->x.idx];

		snprintf(o->sha256, sizeof(o->sha256), "%s",
			 heads[i]->got_sha);
		cache_put(s, o->key, o->etag, o->sha256);
	}
	s3_save(t, st, NULL);
out:
	free(token);
	free_jobs(heads, nheads);
	return r;
}

/* --- multipart ------------------------------------------------------------ */

static void mpu_free(struct mpu *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < m->nparts; i++)
		free(m->etags[i]);
	free(m->etags);
	free(m->upload_id);
	free(m->stale_id);
	free(m->journal);
	free(m);
}

/* The journal lets an interrupted upload resume: the upload id and the
 * ETag of each part the server confirmed, for this exact file. */
static void mpu_save(struct mpu *m)
{
	json_t *root = json_object(), *parts = json_array();
	char *s;
	int i;

	if (!root || !parts) {
		json_decref(root);
		json_decref(parts);
		return;
	}
	json_object_set_new(root, "key", json_string(m->f->key));
	json_object_set_new(root, "sha256", json_string(m->f->sha256));
	json_object_set_new(root, "size", json_integer(m->f->size));
	json_object_set_new(root, "part_size", json_integer(m->part_size));
	json_object_set_new(root, "upload_id", json_string(m->upload_id));
	for (i = 0; i < m->nparts; i++)
		json_array_append_new(parts, m->etags[i]
						     ? json_string(m->etags[i])
						     : json_null());
	json_object_set_new(root, "parts", parts);
	s = json_dumps(root, JSON_COMPACT);
	if (s && pk_mkdir_p(m->s->t->statedir, NULL) == 0)
		pk_write_atomic(m->journal, s, strlen(s), 0600, NULL);
	free(s);
	json_decref(root);
}

static struct mpu *mpu_new(struct s3 *s, struct pk_pub_file *f)
{
	struct mpu *m = calloc(1, sizeof(*m));
	char hex[65], name[80];
	json_t *j;

	if (!m)
		return NULL;
	m->f = f;
	m->s = s;
	m->part_size = s->part_size;
	m->nparts = (int)((f->size + m->part_size - 1) / m->part_size);
	m->etags = calloc((size_t)m->nparts, sizeof(char *));
	pk_sha256_hex(f->key, strlen(f->key), hex);
	snprintf(name, sizeof(name), "mpu-%.16s.json", hex);
	m->journal = pk_path_join(s->t->statedir, name);
	if (!m->etags || !m->journal) {
		mpu_free(m);
		return NULL;
	}
	/* Resume only the same bytes cut the same way. */
	j = pk_is_file(m->journal) ? json_load_file(m->journal, 0, NULL)
				   : NULL;
	if (json_is_object(j) &&
	    json_is_string(json_object_get(j, "upload_id")) &&
	    json_is_string(json_object_get(j, "sha256")) &&
	    strcmp(json_string_value(json_object_get(j, "sha256")),
		   f->sha256) == 0 &&
	    json_integer_value(json_object_get(j, "size")) == f->size &&
	    json_integer_value(json_object_get(j, "part_size")) ==
		    m->part_size &&
	    json_array_size(json_object_get(j, "parts")) ==
		    (size_t)m->nparts) {
		json_t *parts = json_object_get(j, "parts");
		int i;

		m->upload_id = strdup(
			json_string_value(json_object_get(j, "upload_id")));
		for (i = 0; i < m->nparts; i++) {
			json_t *e = json_array_get(parts, (size_t)i);

			if (json_is_string(e))
				m->etags[i] = strdup(json_string_value(e));
		}
	} else if (json_is_string(json_object_get(j, "upload_id"))) {
		/* An upload of other bytes under this key, never finished:
		 * aborted below so the server frees its parts. */
		m->stale_id = strdup(
			json_string_value(json_object_get(j, "upload_id")));
	}
	json_decref(j);
	return m;
}

static void part_done(struct pk_xfer *x, CURL *h)
{
	struct job *j = x->ctx;
	const char *etag;

	if (!x->ok) {
		/* A refused part (not a dropped connection) will not get
		 * better: the upload is aborted. A 404 means the upload id is
		 * gone: start again next time. */
		if (x->cc == CURLE_OK && x->status >= 400 && x->status < 500)
			j->m->fatal = 1;
		return;
	}
	etag = pk_xfer_header(h, "etag");
	if (!etag) {
		x->ok = 0;
		snprintf(x->err, sizeof(x->err), "part %d: no ETag", j->part);
		return;
	}
	free(j->m->etags[j->part - 1]);
	j->m->etags[j->part - 1] = strdup(etag);
	mpu_save(j->m);
}

static void create_done(struct pk_xfer *x, CURL *h)
{
	struct job *j = x->ctx;
	xmlDoc *doc;
	xmlNode *root;
	xmlChar *id = NULL;

	(void)h;
	if (!x->ok)
		return;
	doc = xmlReadMemory(x->body.data ? x->body.data : "",
			    (int)x->body.len, "create.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR |
				    XML_PARSE_NOWARNING);
	if (doc && (root = xmlDocGetRootElement(doc)))
		child_text(root, "UploadId", &id);
	if (id) {
		j->m->upload_id = strdup((char *)id);
		xmlFree(id);
		mpu_save(j->m);
	} else {
		x->ok = 0;
		snprintf(x->err, sizeof(x->err), "no UploadId in the answer");
	}
	if (doc)
		xmlFreeDoc(doc);
}

static char *upload_query(const struct mpu *m, int part)
{
	char *id = pk_url_encode(m->upload_id, 0);
	struct pk_buf b;

	if (!id)
		return NULL;
	/* Canonical order for curl 7.88's signature: partNumber before
	 * uploadId, values encoded. */
	pk_buf_init(&b);
	if (part > 0)
		pk_buf_printf(&b, "partNumber=%d&", part);
	pk_buf_printf(&b, "uploadId=%s", id);
	free(id);
	return pk_buf_detach(&b);
}

static int complete(struct s3 *s, struct mpu *m, struct pk_error *err)
{
	struct pk_buf b;
	char *q = upload_query(m, 0);
	struct job *j = q ? job_new(s, K_COMPLETE, m->f, m->f->key, q) : NULL;
	int i, r = 0;

	free(q);
	if (!j)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	pk_buf_init(&b);
	pk_buf_puts(&b, "<CompleteMultipartUpload>");
	for (i = 0; i < m->nparts; i++)
		pk_buf_printf(&b,
			      "<Part><PartNumber>%d</PartNumber>"
			      "<ETag>%s</ETag></Part>",
			      i + 1, m->etags[i]);
	pk_buf_puts(&b, "</CompleteMultipartUpload>");
	j->body = pk_buf_detach(&b);
	if (!j->body) {
		job_free(j);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	pk_sha256_hex(j->body, strlen(j->body), j->body_sha);
	j->x.keep_body = 1;
	if (run(s, &j, 1) != 0) {
		r = pk_xfer_error(err, &j->x, "cannot complete upload of");
		if (j->x.status == 404)
			remove(m->journal); /* the upload is gone */
	} else if (j->x.body.data && strstr(j->x.body.data, "<Error>")) {
		/* S3 can answer 200 and then report an error in the body. */
		r = pk_error_set(err, PK_ENET,
				 "cannot complete upload of '%s': the server "
				 "reported an error", m->f->key);
	} else {
		remove(m->journal);
	}
	job_free(j);
	return r;
}

static void abort_upload(struct s3 *s, struct mpu *m)
{
	char *q = upload_query(m, 0);
	struct job *j = q ? job_new(s, K_ABORT, m->f, m->f->key, q) : NULL;

	free(q);
	if (j) {
		j->x.ok_404 = 1;
		run(s, &j, 1);
		job_free(j);
	}
	remove(m->journal);
}

/* --- uploads -------------------------------------------------------------- */

static int confirm(struct s3 *s, struct pk_pub_file **f, size_t n,
		   struct pk_error *err)
{
	struct job **v = calloc(n ? n : 1, sizeof(*v));
	size_t i;
	int r = 0;

	if (!v)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		if (!(v[i] = job_new(s, K_HEAD, f[i], f[i]->key, NULL))) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		v[i]->x.done = head_done;
	}
	run(s, v, n);
	for (i = 0; i < n; i++) {
		struct job *j = v[i];

		if (!j->x.ok) {
			if (!r)
				r = pk_xfer_error(err, &j->x,
						  "cannot confirm");
			continue;
		}
		if (j->got_size != f[i]->size ||
		    strcmp(j->got_type, f[i]->content_type) != 0 ||
		    strcmp(j->got_sha, f[i]->sha256) != 0) {
			if (!r)
				r = pk_error_set(err, PK_ENET,
						 "'%s': the stored object does "
						 "not match (size %lld, type "
						 "'%s')", f[i]->key,
						 (long long)j->got_size,
						 j->got_type);
			continue;
		}
		cache_put(s, f[i]->key, j->got_etag, f[i]->sha256);
		f[i]->done = 1;
	}
out:
	free_jobs(v, n);
	return r;
}

static int s3_upload(struct pk_target *t, struct pk_pub_file **f, size_t n,
		     struct pk_error *err)
{
	struct s3 *s = t->impl;
	struct job **v = NULL;
	struct mpu **m = calloc(n ? n : 1, sizeof(*m));
	struct pk_pub_file **ok = calloc(n ? n : 1, sizeof(*ok));
	size_t i, nv = 0, cap = 0, nok = 0, failed;
	int r = 0, p;

	if (!m || !ok) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	/* Large files go in parts: start (or resume) their uploads first. */
	for (i = 0; i < n; i++) {
		struct job *j;

		if (f[i]->size < s->threshold)
			continue;
		if (!(m[i] = mpu_new(s, f[i]))) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		if (m[i]->stale_id) {
			/* upload_id is NULL here: lend it the stale id */
			m[i]->upload_id = m[i]->stale_id;
			m[i]->stale_id = NULL;
			abort_upload(s, m[i]); /* also removes the journal */
			free(m[i]->upload_id);
			m[i]->upload_id = NULL;
		}
		if (m[i]->upload_id)
			continue;
		j = job_new(s, K_CREATE, f[i], f[i]->key, "uploads=");
		/* "uploads=": curl 7.88 signs a bare "uploads" as is, which
		 * S3 canonicalises to "uploads=" and then refuses. */
		if (!j) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		j->m = m[i];
		j->x.keep_body = 1;
		j->x.done = create_done;
		if (run(s, &j, 1) != 0) {
			r = pk_xfer_error(err, &j->x, "cannot start upload of");
			job_free(j);
			goto out;
		}
		job_free(j);
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
			struct job *j = job_new(s, K_PUT, f[i], f[i]->key,
						NULL);

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
		for (p = 1; p <= m[i]->nparts; p++) {
			char *q;
			struct job *j;
			int64_t off = (int64_t)(p - 1) * m[i]->part_size;

			if (m[i]->etags[p - 1])
				continue; /* sent before an interruption */
			q = upload_query(m[i], p);
			j = q ? job_new(s, K_PART, f[i], f[i]->key, q) : NULL;
			free(q);
			if (!j) {
				r = pk_error_set(err, PK_ENOMEM,
						 "out of memory");
				goto out;
			}
			j->m = m[i];
			j->part = p;
			j->x.upload = 1;
			j->x.src_path = f[i]->path;
			j->x.src_off = off;
			j->x.src_len = f[i]->size - off < m[i]->part_size
					       ? f[i]->size - off
					       : m[i]->part_size;
			j->x.done = part_done;
			v[nv++] = j;
		}
	}
	failed = run(s, v, nv);
	for (i = 0; i < nv; i++) {
		if (!v[i]->x.ok && !r)
			r = pk_xfer_error(err, &v[i]->x, "cannot upload");
	}
	(void)failed;
	/* Finish the multipart uploads whose parts all arrived; abort the
	 * ones a part was refused for; keep the journal of the others so
	 * the next run resumes them. */
	for (i = 0; i < n; i++) {
		int all = 1;

		if (!m[i])
			continue;
		for (p = 0; p < m[i]->nparts; p++)
			if (!m[i]->etags[p])
				all = 0;
		if (m[i]->fatal) {
			abort_upload(s, m[i]);
			continue;
		}
		if (!all)
			continue;
		{
			struct pk_error e2 = {0};
			int r2 = complete(s, m[i], &e2);

			if (r2 && !r) {
				r = r2;
				if (err)
					*err = e2;
			}
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
			mpu_free(m[i]);
	free(m);
	free(ok);
	free_jobs(v, nv);
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
	struct job **v = calloc(n ? n : 1, sizeof(*v));
	size_t i;
	int r = 0;

	if (!v)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		if (!(v[i] = job_new(s, K_DELETE, NULL, o[i]->key, NULL))) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		v[i]->x.ok_404 = 1;
	}
	if (run(s, v, n) != 0)
		for (i = 0; i < n && !r; i++)
			if (!v[i]->x.ok)
				r = pk_xfer_error(err, &v[i]->x,
						  "cannot delete");
	for (i = 0; i < n; i++)
		if (v[i]->x.ok)
			json_object_del(s->cache, o[i]->key);
out:
	free_jobs(v, n);
	return r;
}

static int s3_save(struct pk_target *t, const struct pk_remote_state *st,
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

static const struct pk_target_ops s3_ops = {
	s3_list, s3_upload, s3_upload_feed, s3_remove, s3_save, s3_free,
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
