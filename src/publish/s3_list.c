/* s3_list.c: what the bucket holds: ListObjectsV2 pages parsed, the
 * SHA-256 of each object from the cache or a HEAD, and the quick check
 * that skips the listing when nothing changed since our last run. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "base/buf_int.h"
#include "publish/s3_int.h"

/* One ListObjectsV2 page: its objects under the prefix added to st, and
 * *token the next page's continuation token (NULL after the last page). */
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
			const char *key = pk_s3_xml_child(n, "Key", &k);
			const char *size = pk_s3_xml_child(n, "Size", &sz);
			const char *etag = pk_s3_xml_child(n, "ETag", &et);

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
	struct pk_job *j;
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
	j = pk_s3_job_new(s, S3_HEAD, NULL, "feed.xml", NULL);
	if (!j || !etag)
		goto no;
	if (pk_jobs_run(s->t, &j, 1) != 0 ||
	    strcmp(S3_JOB(j)->got_etag, etag) != 0)
		goto no;
	pk_job_free(j);
	json_object_foreach(s->state, key, v)
		if (pk_remote_add(st, key,
				  json_integer_value(json_array_get(v, 0)),
				  json_string_value(json_array_get(v, 1)),
				  NULL) != 0)
			return -1;
	same = 1;
	return same;
no:
	pk_job_free(j);
	return 0;
}

int pk_s3_list(struct pk_target *t, struct pk_remote_state *st,
	       struct pk_error *err)
{
	struct s3 *s = t->impl;
	char *token = NULL;
	struct pk_job **heads = NULL;
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
		struct pk_job *j;

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
		j = pk_buf_ok(&q) == 0 ? pk_s3_job_new(s, S3_LIST, NULL, NULL,
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
		if (pk_jobs_run(s->t, &j, 1) != 0) {
			r = pk_xfer_error(err, &j->x, "cannot list bucket");
			pk_job_free(j);
			goto out;
		}
		r = parse_list(s, j->x.body.data ? j->x.body.data : "",
			       j->x.body.len, st, &token, err);
		pk_job_free(j);
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
		const char *sha = pk_s3_cache_get(s, o->key, o->etag);

		if (sha) {
			snprintf(o->sha256, sizeof(o->sha256), "%s", sha);
			continue;
		}
		if (!t->local_size || t->local_size(t->local_ctx, o->key) !=
					      o->size)
			continue;
		heads[nheads] = pk_s3_job_new(s, S3_HEAD, NULL, o->key, NULL);
		if (!heads[nheads]) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		heads[nheads]->x.ok_404 = 1;
		heads[nheads]->x.idx = (long)i;
		nheads++;
	}
	if (nheads && pk_jobs_run(s->t, heads, nheads) != 0) {
		for (i = 0; i < nheads && heads[i]->x.ok; i++)
			;
		r = pk_xfer_error(err, &heads[i]->x, "cannot read");
		goto out;
	}
	for (i = 0; i < nheads; i++) {
		struct pk_remote_obj *o = &st->v[heads[i]->x.idx];

		snprintf(o->sha256, sizeof(o->sha256), "%s",
			 S3_JOB(heads[i])->got_sha);
		pk_s3_cache_put(s, o->key, o->etag, o->sha256);
	}
	pk_s3_save(t, st, NULL);
out:
	free(token);
	pk_jobs_free(heads, nheads);
	return r;
}
