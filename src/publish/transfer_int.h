/* transfer_int.h: many libcurl transfers in parallel (curl multi), each retried
 * with exponential backoff and jitter on 5xx, 429, timeouts and dropped
 * connections.
 *
 * A caller describes each transfer as a struct pk_xfer whose setup
 * callback configures a fresh easy handle (URL, method, headers); the
 * engine adds the request body (a file range or a memory block), collects
 * the response body, runs up to `jobs` at once, and calls done on the final
 * answer with the handle still open (so curl_easy_header works). One
 * engine keeps its connections between runs.
 */
#ifndef PODKIT_TRANSFER_H
#define PODKIT_TRANSFER_H

#include <stdint.h>
#include <stdio.h>

#include <curl/curl.h>

#include "base/buf_int.h"

struct pk_xfer;

/* Configures h for one attempt. *hdrs is the header list the engine frees
 * after the attempt (append to it; the engine sets CURLOPT_HTTPHEADER).
 * Returns 0, or non-zero to fail the transfer without sending. */
typedef int (*pk_xfer_setup_fn)(struct pk_xfer *x, CURL *h,
				struct curl_slist **hdrs);
/* Called once with the final answer (x->ok says whether it succeeded). */
typedef void (*pk_xfer_done_fn)(struct pk_xfer *x, CURL *h);

struct pk_xfer {
	/* Filled by the caller. */
	pk_xfer_setup_fn setup;
	pk_xfer_done_fn done;     /* optional */
	void *ctx;                /* the caller's */
	long idx;                 /* the caller's */
	const char *label;        /* for messages: the key */
	const char *src_path;     /* upload this file's range ... */
	int64_t src_off, src_len; /* ... (src_len bytes from src_off) */
	const void *mem;          /* ... or this memory (memlen bytes) */
	size_t memlen;
	int upload;               /* 1: the body above is sent */
	int keep_body;            /* 1: the response body is kept in body */
	int ok_404;               /* 1: a 404 is a final, non-failing answer */

	/* Results. */
	long status;      /* HTTP status (0 for non-HTTP protocols) */
	CURLcode cc;      /* the last curl result */
	int ok;           /* 1 on success */
	int attempts;
	struct pk_buf body;
	char err[256];    /* why it failed, for messages */

	/* The engine's. */
	struct pk_xfer_engine *engine;
	FILE *fp;
	int64_t sent;
	int64_t reported; /* bytes reported to progress this attempt */
	size_t memoff;
	CURL *h;
	struct curl_slist *hdrs;
	double not_before;
	int state;
	char errbuf[CURL_ERROR_SIZE];
};

struct pk_xfer_opts {
	int jobs;          /* transfers at once; 0: 8 */
	int max_attempts;  /* 0: 5 (env PODKIT_RETRY_ATTEMPTS overrides) */
	int base_ms;       /* first backoff; 0: 250 (PODKIT_RETRY_BASE_MS) */
	int verbose;       /* trace requests and answers through log */
	int64_t max_send_speed; /* bytes/s per transfer; 0: no limit */
	void (*log)(void *ctx, const char *line);
	/* bytes sent since the last call, and transfers finished */
	void (*progress)(void *ctx, int64_t bytes, int finished);
	void *ctx;
};

struct pk_xfer_engine;

/* A new engine (NULL when out of memory); free with pk_xfer_engine_free. */
struct pk_xfer_engine *pk_xfer_engine_new(const struct pk_xfer_opts *o);
void pk_xfer_engine_free(struct pk_xfer_engine *e);

/* Runs the n transfers to their end. Returns the number that failed.
 * The pk_xfer structs stay the caller's; release each with
 * pk_xfer_release. retries (optional) gets the number of retries. */
size_t pk_xfer_run(struct pk_xfer_engine *e, struct pk_xfer **v, size_t n,
		   size_t *retries);

/* Frees what the engine left in x (its body). */
void pk_xfer_release(struct pk_xfer *x);

/* A response header's value (borrowed from h), or NULL. */
const char *pk_xfer_header(CURL *h, const char *name);

/* Common easy-handle settings: verbose tracing with the Authorization
 * header redacted, timeouts. The engine calls it before setup. */
void pk_xfer_common(struct pk_xfer_engine *e, CURL *h);

#endif
