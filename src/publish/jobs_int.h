/* jobs_int.h: the transfer jobs of the network targets (S3, WebDAV, SFTP),
 * private to libpodkit. One runner for all of them; each target is a table
 * of callbacks (the way curl keeps one struct Curl_handler per protocol):
 * how to address a key, how to make the request for one job, how to read
 * its answer, what its own part of a job holds.
 *
 * A job is one request on the transfer engine (transfer.h). A target's job
 * struct begins with a struct pk_job and adds its own fields after it;
 * pk_job_new allocates the handler's size, zeroed.
 */
#ifndef PODKIT_JOBS_H
#define PODKIT_JOBS_H

#include "publish/publish_target_int.h"

struct pk_job;

struct pk_job_handler {
	/* The size of the target's job struct (at least struct pk_job). */
	size_t size;
	/* The URL of key with an optional query (both as the target reads
	 * them); returns a malloc'd string, or NULL when out of memory. */
	char *(*url)(struct pk_target *t, const char *key, const char *query);
	/* Configures h for one attempt of j (method, URL, authentication,
	 * headers appended to *hdrs). Returns 0, or non-zero to fail the
	 * job without sending. */
	int (*setup)(struct pk_job *j, CURL *h, struct curl_slist **hdrs);
	/* Reads the final answer of j (x.ok says whether it succeeded), with
	 * h still open for its headers; may turn x.ok off. Optional. */
	void (*done)(struct pk_job *j, CURL *h);
	/* Frees what the target added to j (not j itself). Optional. */
	void (*release)(struct pk_job *j);

	/* For pk_jobs_upload (optional otherwise): a job that sends f (the
	 * runner adds the body), one that asks the server f's size into
	 * got_size, and a look at each file confirmed (optional). */
	struct pk_job *(*put)(struct pk_target *t, struct pk_pub_file *f);
	struct pk_job *(*stat)(struct pk_target *t, struct pk_pub_file *f);
	void (*confirmed)(struct pk_job *stat);
};

struct pk_job {
	struct pk_xfer x;
	const struct pk_job_handler *hd;
	struct pk_target *t;
	int kind;               /* the target's own request kinds */
	struct pk_pub_file *f;  /* the file sent or checked, or NULL */
	char *url;              /* owned */
	/* What a HEAD (or an SFTP stat) answered. */
	int64_t got_size;
	char got_type[128];
};

/* A new job of this kind on key (with query, when the target takes one);
 * its label is f's key, else key. NULL when out of memory. Free it with
 * pk_job_free. */
struct pk_job *pk_job_new(struct pk_target *t,
			  const struct pk_job_handler *hd, int kind,
			  const char *key, const char *query,
			  struct pk_pub_file *f);
/* pk_job_free(NULL) is a no-op. */
void pk_job_free(struct pk_job *j);

/* Runs the n jobs on t's engine (in parallel, retried) to their end and
 * counts retries into t's summary. Returns the number that failed (n when
 * out of memory). Frees nothing. */
size_t pk_jobs_run(struct pk_target *t, struct pk_job **v, size_t n);

/* Frees the n jobs and the array v (NULL: nothing). */
void pk_jobs_free(struct pk_job **v, size_t n);

/* Uploads the n files in parallel with hd's put jobs, then confirms each
 * that arrived by its size on the server (hd's stat jobs) and sets its
 * done. Returns 0 when all are confirmed, else the first failure's error
 * (the others still go ahead). */
int pk_jobs_upload(struct pk_target *t, const struct pk_job_handler *hd,
		   struct pk_pub_file **f, size_t n, struct pk_error *err);

#endif
