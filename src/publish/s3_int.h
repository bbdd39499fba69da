/* s3_int.h: the S3 target's pieces, private to src/publish: s3.c is the
 * target (uploads, deletes, caches), s3_request.c makes and reads one
 * signed request, s3_list.c lists the bucket, s3_multipart.c sends large
 * files in parts. They run their requests through jobs_int.h.
 */
#ifndef PODKIT_S3_H
#define PODKIT_S3_H

#include <jansson.h>
#include <libxml/tree.h>

#include "publish/jobs_int.h"

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

/* One multipart upload. */
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

/* The requests (struct pk_job's kind). */
enum { S3_PUT, S3_HEAD, S3_LIST, S3_DELETE, S3_CREATE, S3_PART,
       S3_COMPLETE, S3_ABORT, S3_GET };

/* An S3 job: the common one and what S3 adds. */
struct s3_job {
	struct pk_job j;
	struct mpu *m;          /* S3_CREATE, S3_PART */
	int part;               /* S3_PART: its 1-based number */
	char *body;             /* POST body (owned) */
	char body_sha[65];
	/* HEAD results besides the size and type */
	char got_sha[65];
	char got_etag[80];
};

#define S3_JOB(j) ((struct s3_job *)(j))

/* s3_request.c */

/* A job on key (with query, already in canonical form), or on the bucket
 * itself when key is NULL; its answer body is kept. NULL when out of
 * memory; free with pk_job_free. */
struct pk_job *pk_s3_job_new(struct s3 *s, int kind, struct pk_pub_file *f,
			     const char *key, const char *query);
/* The text of n's first child element called name, or NULL; *own is what
 * to xmlFree. */
const char *pk_s3_xml_child(xmlNode *n, const char *name, xmlChar **own);

/* s3.c: the ETag -> SHA-256 cache, and the saving of it and the state. */
void pk_s3_cache_put(struct s3 *s, const char *key, const char *etag,
		     const char *sha);
/* The SHA-256 stored for key when its ETag is still etag (borrowed), or
 * NULL. */
const char *pk_s3_cache_get(struct s3 *s, const char *key, const char *etag);
int pk_s3_save(struct pk_target *t, const struct pk_remote_state *st,
	       struct pk_error *err);

/* s3_list.c: the target's list. */
int pk_s3_list(struct pk_target *t, struct pk_remote_state *st,
	       struct pk_error *err);

/* s3_multipart.c */

/* Starts the multipart upload of f, or resumes the one its journal
 * records (aborting an abandoned upload of other bytes first). *out gets
 * the upload (NULL when out of memory) even when this fails; free it with
 * pk_s3_mpu_free. */
int pk_s3_mpu_start(struct s3 *s, struct pk_pub_file *f, struct mpu **out,
		    struct pk_error *err);
void pk_s3_mpu_free(struct mpu *m);
/* Appends to v (room for m->nparts more) a job for each part not sent
 * yet. */
int pk_s3_mpu_parts(struct s3 *s, struct mpu *m, struct pk_job **v,
		    size_t *nv, struct pk_error *err);
/* After the parts: completes the upload when every part arrived, aborts it
 * when one was refused, else keeps its journal for the next run. */
int pk_s3_mpu_finish(struct s3 *s, struct mpu *m, struct pk_error *err);
/* Reading the answers of S3_PART and S3_CREATE jobs. */
void pk_s3_part_done(struct pk_job *j, CURL *h);
void pk_s3_create_done(struct pk_job *j, CURL *h);

#endif
