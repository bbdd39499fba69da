/* serve_int.h: what the server's files share: the server and request
 * structs, the file identity its caches key on, and the helpers split out
 * of serve.c (HTTP header rules, paths under the root, counting). The
 * functions return what their comments say and never print; the server
 * reports through opts.on_error. */
#ifndef PODKIT_SERVE_INT_H
#define PODKIT_SERVE_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include <microhttpd.h>

#include "podkit/serve.h"

/* Text files bigger than this go out uncompressed. */
#define GZIP_MAX (16 << 20)
#define CACHE_SLOTS 64

/* What we remember about a file between requests, keyed by its identity
 * (device, inode, size, modification time) so an edited file is fresh. */
struct file_id {
	dev_t dev;
	ino_t ino;
	off_t size;
	int64_t mtime_ns;
};

struct gz_entry {
	struct file_id id;
	unsigned char *data;
	size_t len;
};

struct need_entry {
	struct file_id id;
	int64_t need;
};

struct pk_server {
	struct pk_serve_opts opts;
	struct MHD_Daemon *daemon;
	char *root; /* realpath of opts.root */
	size_t rootlen;
	int rootfd; /* opts.root, opened: what openat2 resolves beneath */
	int no_openat2; /* the kernel has none: use realpath */
	time_t log_sec;	    /* the second log_when shows */
	char log_when[64];
	unsigned port;
	pthread_mutex_t lock; /* the caches and the log */
	struct gz_entry gz[CACHE_SLOTS];
	unsigned gz_next;
	struct need_entry need[CACHE_SLOTS];
	unsigned need_next;
};

/* One request, from the URI log callback to completion. */
struct request {
	char *uri;	    /* as sent, for the log */
	char method[8];
	char version[12];
	unsigned status;
	uint64_t bytes;	    /* body bytes answered */
	int called;	    /* the access handler has seen it once */
};

/* serve_paths.c: file identity and paths under the root. */
int pk_srv_is_dir(const char *path);
int pk_srv_same_id(const struct file_id *a, const struct file_id *b);
void pk_srv_id_of(const struct stat *st, struct file_id *id);
/* Whether the request target as sent (raw, before MHD decodes it) has a
 * path that decodes cleanly: 0, or 1 for a control byte (raw or
 * %-encoded, NUL included) or a broken %-escape (400). */
int pk_srv_raw_path_bad(const char *raw);
/* The URL path as a malloc'd path under the root, or NULL (404). */
char *pk_srv_url_to_rel(const char *url);
/* Opens rel under the root: 0 with *out, 403 or 404. */
int pk_srv_open_under(struct pk_server *s, const char *rel, int *out);

/* serve_http.c: the header rules of RFC 9110 the server follows. */
void pk_srv_http_date(time_t t, char *buf, size_t size);
int64_t pk_srv_parse_http_date(const char *s);
int pk_srv_etag_listed(const char *list, const char *etag);
int pk_srv_accepts_gzip(const char *ae);

/* serve.c: a short text answer, with a Location header when location is
 * not NULL. */
enum MHD_Result pk_srv_simple(struct MHD_Connection *c, struct request *rq,
			      unsigned status, const char *text,
			      const char *location);

/* serve_redirect.c: redirect mode (pk_serve_opts.redirect). */
enum MHD_Result pk_srv_redirect(struct pk_server *s, struct MHD_Connection *c,
				struct request *rq);

/* serve_count.c: a served GET handed to the download statistics. */
void pk_srv_client_ip(struct MHD_Connection *c, char *buf, size_t size);
void pk_srv_count(struct pk_server *s, struct MHD_Connection *c,
		  struct request *rq, const char *rel,
		  const struct file_id *id, int64_t first, int64_t last);

#endif
