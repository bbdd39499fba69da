/* serve.h: a static file server on libmicrohttpd for feed/: what podcast
 * apps need (ranges, validators, gzip, exact lengths) and nothing that
 * leaks (no traversal, no listings, no dotfiles).
 *
 * GET and HEAD answer with the same headers; one byte range per request
 * (range.h) gets 206 or 416; ETag (strong) and Last-Modified give 304;
 * text (feed, pages, JSON, transcripts) is gzipped when the client accepts
 * it, with "Vary: Accept-Encoding"; audio never is, and goes out with
 * sendfile. A folder serves its index.html or nothing. Requests for audio
 * files are handed to the statistics (stats.h) when a database is given.
 * In redirect mode (opts.redirect) it serves nothing and is the show's own
 * analytics prefix: it counts each request and sends it on with a 302.
 * The server runs on its own threads; the caller waits for a signal and
 * calls pk_serve_stop.
 */
#ifndef PODKIT_SERVE_H
#define PODKIT_SERVE_H

#include <stdio.h>

#include "podkit/error.h"
#include "podkit/stats.h"
#include "podkit/useragent.h"

struct pk_serve_opts {
	const char *root;  /* the folder to serve */
	const char *bind;  /* address to listen on; NULL: 127.0.0.1 */
	unsigned port;	   /* 0: any free port (pk_serve_port says) */
	unsigned threads;  /* 0: one per core */
	FILE *access_log;  /* combined log format; NULL: none. Borrowed. */
	int log_range;	   /* 1: each log line ends with the Range header
			      in quotes ("log_format podkit") */
	/* Redirect mode: every GET and HEAD is answered 302 to redirect +
	 * the request's path (a path that starts with redirect's host, as a
	 * prefix-wrapped enclosure URL does, has it taken off first), and
	 * counted as the request the media server will answer; no file is
	 * served. NULL: serve root. */
	const char *redirect;
	struct pk_stats *stats;		/* NULL: no statistics. Borrowed. */
	const struct pk_ua_rules *bots; /* the bot list. Borrowed. */
	/* Called (from a server thread) when the statistics cannot be
	 * written; the message is borrowed for the call. May be NULL. */
	void (*on_error)(void *arg, const char *msg);
	void *arg;
};

struct pk_server;

/* Starts serving; opts and what it points to must outlive the server.
 * Returns 0 and sets *out, or PK_EIO / PK_EINVAL (err says: a root that is
 * not a folder, an address that does not parse, a port in use). */
int pk_serve_start(const struct pk_serve_opts *opts, struct pk_server **out,
		   struct pk_error *err);

/* The port the server listens on. */
unsigned pk_serve_port(const struct pk_server *srv);

/* Stops accepting, finishes the requests under way, frees the server.
 * NULL is a no-op. */
void pk_serve_stop(struct pk_server *srv);

#endif
