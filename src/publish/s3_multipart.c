/* s3_multipart.c: large files sent to S3 in parts, in parallel: the
 * upload started (CreateMultipartUpload), each part's ETag kept in a
 * journal so an interrupted upload resumes, then completed or aborted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "base/buf_int.h"
#include "podkit/fsio.h"
#include "publish/s3_int.h"

void pk_s3_mpu_free(struct mpu *m)
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
		pk_s3_mpu_free(m);
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

/* A part's answer: its ETag, written to the journal at once. */
void pk_s3_part_done(struct pk_job *j, CURL *h)
{
	struct pk_xfer *x = &j->x;
	struct mpu *m = S3_JOB(j)->m;
	int part = S3_JOB(j)->part;
	const char *etag;

	if (!x->ok) {
		/* A refused part (not a dropped connection) will not get
		 * better: the upload is aborted. A 404 means the upload id is
		 * gone: start again next time. */
		if (x->cc == CURLE_OK && x->status >= 400 && x->status < 500)
			m->fatal = 1;
		return;
	}
	etag = pk_xfer_header(h, "etag");
	if (!etag) {
		x->ok = 0;
		snprintf(x->err, sizeof(x->err), "part %d: no ETag", part);
		return;
	}
	free(m->etags[part - 1]);
	m->etags[part - 1] = strdup(etag);
	mpu_save(m);
}

/* CreateMultipartUpload's answer: the upload id, journalled. */
void pk_s3_create_done(struct pk_job *j, CURL *h)
{
	struct pk_xfer *x = &j->x;
	struct mpu *m = S3_JOB(j)->m;
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
		pk_s3_xml_child(root, "UploadId", &id);
	if (id) {
		m->upload_id = strdup((char *)id);
		xmlFree(id);
		mpu_save(m);
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
	struct pk_job *j =
		q ? pk_s3_job_new(s, S3_COMPLETE, m->f, m->f->key, q) : NULL;
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
	S3_JOB(j)->body = pk_buf_detach(&b);
	if (!S3_JOB(j)->body) {
		pk_job_free(j);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	pk_sha256_hex(S3_JOB(j)->body, strlen(S3_JOB(j)->body),
		      S3_JOB(j)->body_sha);
	j->x.keep_body = 1;
	if (pk_jobs_run(s->t, &j, 1) != 0) {
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
	pk_job_free(j);
	return r;
}

static void abort_upload(struct s3 *s, struct mpu *m)
{
	char *q = upload_query(m, 0);
	struct pk_job *j =
		q ? pk_s3_job_new(s, S3_ABORT, m->f, m->f->key, q) : NULL;

	free(q);
	if (j) {
		j->x.ok_404 = 1;
		pk_jobs_run(s->t, &j, 1);
		pk_job_free(j);
	}
	remove(m->journal);
}

int pk_s3_mpu_start(struct s3 *s, struct pk_pub_file *f, struct mpu **out,
		    struct pk_error *err)
{
	struct mpu *m = mpu_new(s, f);
	struct pk_job *j;
	int r = 0;

	*out = m;
	if (!m)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (m->stale_id) {
		/* upload_id is NULL here: lend it the stale id */
		m->upload_id = m->stale_id;
		m->stale_id = NULL;
		abort_upload(s, m); /* also removes the journal */
		free(m->upload_id);
		m->upload_id = NULL;
	}
	if (m->upload_id)
		return 0;
	j = pk_s3_job_new(s, S3_CREATE, f, f->key, "uploads=");
	/* "uploads=": curl 7.88 signs a bare "uploads" as is, which
	 * S3 canonicalises to "uploads=" and then refuses. */
	if (!j)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	S3_JOB(j)->m = m;
	j->x.keep_body = 1;
	if (pk_jobs_run(s->t, &j, 1) != 0)
		r = pk_xfer_error(err, &j->x, "cannot start upload of");
	pk_job_free(j);
	return r;
}

int pk_s3_mpu_parts(struct s3 *s, struct mpu *m, struct pk_job **v,
		    size_t *nv, struct pk_error *err)
{
	struct pk_pub_file *f = m->f;
	int p;

	for (p = 1; p <= m->nparts; p++) {
		char *q;
		struct pk_job *j;
		int64_t off = (int64_t)(p - 1) * m->part_size;

		if (m->etags[p - 1])
			continue; /* sent before an interruption */
		q = upload_query(m, p);
		j = q ? pk_s3_job_new(s, S3_PART, f, f->key, q) : NULL;
		free(q);
		if (!j)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		S3_JOB(j)->m = m;
		S3_JOB(j)->part = p;
		j->x.upload = 1;
		j->x.src_path = f->path;
		j->x.src_off = off;
		j->x.src_len = f->size - off < m->part_size ? f->size - off
							    : m->part_size;
		v[(*nv)++] = j;
	}
	return 0;
}

int pk_s3_mpu_finish(struct s3 *s, struct mpu *m, struct pk_error *err)
{
	int p;

	if (m->fatal) {
		abort_upload(s, m);
		return 0;
	}
	for (p = 0; p < m->nparts; p++)
		if (!m->etags[p])
			return 0;
	return complete(s, m, err);
}
