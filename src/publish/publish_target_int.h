/* publish_target_int.h: what a publish target (S3, WebDAV, SFTP, a folder)
 * provides to the sync in publish.c. Private to libpodkit.
 *
 * A target is created by its pk_target_*_new from the options, then used
 * through its ops: list the remote state, upload files in parallel, confirm
 * them, put the feed (atomically where it can), delete, and save its state
 * (the manifest of the targets that keep one). The network targets (S3,
 * WebDAV, SFTP) send their requests through one runner (jobs_int.h).
 */
#ifndef PODKIT_PUBLISH_TARGET_H
#define PODKIT_PUBLISH_TARGET_H

#include "publish/credentials_int.h"
#include "podkit/publish.h"
#include "publish/transfer_int.h"

/* One remote object as the target knows it. */
struct pk_remote_obj {
	char *key;
	int64_t size;
	char sha256[65]; /* "" when not known */
	char etag[80];   /* S3 only */
};

struct pk_remote_state {
	struct pk_remote_obj *v;
	size_t n, cap;
};

int pk_remote_add(struct pk_remote_state *s, const char *key, int64_t size,
		  const char *sha256, const char *etag);
struct pk_remote_obj *pk_remote_find(struct pk_remote_state *s,
				     const char *key);
void pk_remote_release(struct pk_remote_state *s);

/* A folder of small files podkit keeps in the output folder for one
 * target: the S3 ETag -> SHA-256 cache and the multipart journals. */
struct pk_target;

struct pk_target_ops {
	/* Fills st with what is there now. */
	int (*list)(struct pk_target *t, struct pk_remote_state *st,
		    struct pk_error *err);
	/* Uploads the files (in parallel) and confirms each (size, type);
	 * sets f->done on each success. Returns 0 when all succeeded. */
	int (*upload)(struct pk_target *t, struct pk_pub_file **f, size_t n,
		      struct pk_error *err);
	/* Uploads the feed, replacing the live one in one step where the
	 * protocol can. */
	int (*upload_feed)(struct pk_target *t, struct pk_pub_file *f,
			   struct pk_error *err);
	/* Deletes these keys. */
	int (*remove)(struct pk_target *t, struct pk_remote_obj **o, size_t n,
		      struct pk_error *err);
	/* Records the remote state (manifest targets); NULL for S3. */
	int (*save)(struct pk_target *t, const struct pk_remote_state *st,
		    struct pk_error *err);
	void (*free)(struct pk_target *t);
	/* Reads the remote key into *data (malloc'd, NUL-terminated, *len
	 * bytes): 0, PK_ENOENT when it is not there, or another PK_E* code
	 * with err (the live feed compared before it is replaced). */
	int (*fetch)(struct pk_target *t, const char *key, char **data,
		     size_t *len, struct pk_error *err);
};

struct pk_target {
	const struct pk_target_ops *ops;
	const struct pk_publish_opts *opts;
	struct pk_credentials *cred;
	struct pk_xfer_engine *eng;
	const char *statedir;   /* OUTDIR/.podkit-publish (may not exist) */
	size_t *retries;        /* counts retries into the summary */
	/* The local file's size for a key, -1 when there is none. */
	int64_t (*local_size)(void *ctx, const char *key);
	/* The local file's SHA-256 (borrowed), NULL when there is none. */
	const char *(*local_sha)(void *ctx, const char *key);
	size_t local_n;         /* the number of local files */
	void *local_ctx;
	void *impl;
};

int pk_target_s3_new(struct pk_target *t, struct pk_error *err);
int pk_target_webdav_new(struct pk_target *t, struct pk_error *err);
int pk_target_sftp_new(struct pk_target *t, struct pk_error *err);
int pk_target_file_new(struct pk_target *t, struct pk_error *err);

/* Manifest targets (WebDAV, SFTP, folder): the manifest's name, and its
 * JSON (de)serialisation. */
#define PK_MANIFEST_NAME ".podkit-manifest.json"
int pk_manifest_parse(const char *json, size_t len,
		      struct pk_remote_state *st, struct pk_error *err);
/* Returns a malloc'd JSON text, or NULL when out of memory. */
char *pk_manifest_format(const struct pk_remote_state *st);

/* Percent-encodes s (RFC 3986 unreserved characters kept; '/' kept when
 * keep_slash). Returns a malloc'd string, or NULL. */
char *pk_url_encode(const char *s, int keep_slash);

/* A message from a failed transfer: "'KEY': why", with a hint on 401/403
 * and 404 answers. */
int pk_xfer_error(struct pk_error *err, const struct pk_xfer *x,
		  const char *what);

/* After the feed is live: WebSub publish pings, Podcast Index pubnotify,
 * podping. Each retried by the engine; results go to o->log and the
 * summary's notified / notify_failed counts; never fatal. */
void pk_publish_notify(struct pk_xfer_engine *eng,
		       const struct pk_publish_opts *o,
		       struct pk_publish_summary *sum);

#endif
