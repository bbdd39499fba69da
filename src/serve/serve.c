/* serve.c: podkit serve's HTTP server on libmicrohttpd. */
#include "podkit/serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>


#include <microhttpd.h>

#include "serve/gzip_int.h"
#include "serve/serve_int.h"
#include "serve/range_int.h"
#include "serve/serve_mime_int.h"

static enum MHD_Result queue(struct MHD_Connection *c, struct request *rq,
			     unsigned status, struct MHD_Response *resp,
			     uint64_t bytes)
{
	enum MHD_Result r;

	if (!resp)
		return MHD_NO;
	rq->status = status;
	rq->bytes = strcmp(rq->method, "HEAD") == 0 ? 0 : bytes;
	r = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return r;
}

/* A short plain-text answer (errors, redirects). */
static enum MHD_Result simple(struct MHD_Connection *c, struct request *rq,
			      unsigned status, const char *text,
			      const char *location)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(strlen(text), (void *)text,
					       MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type",
				"text/plain; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (location)
		MHD_add_response_header(resp, "Location", location);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, "Allow", "GET, HEAD");
	return queue(c, rq, status, resp, strlen(text));
}

/* The gzipped body of a text file, from the cache or compressed now.
 * Returns a response holding a copy, or NULL (then serve it plain). */
enum MHD_Result pk_srv_simple(struct MHD_Connection *c, struct request *rq,
			      unsigned status, const char *text,
			      const char *location)
{
	return simple(c, rq, status, text, location);
}

static struct MHD_Response *gzip_response(struct pk_server *s, int fd,
					  const struct file_id *id,
					  size_t *len)
{
	struct MHD_Response *resp = NULL;
	unsigned char *raw = NULL, *z = NULL;
	size_t zlen = 0, got = 0;
	unsigned i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < CACHE_SLOTS; i++)
		if (s->gz[i].data && pk_srv_same_id(&s->gz[i].id, id)) {
			resp = MHD_create_response_from_buffer(
				s->gz[i].len, s->gz[i].data,
				MHD_RESPMEM_MUST_COPY);
			*len = s->gz[i].len;
			break;
		}
	pthread_mutex_unlock(&s->lock);
	if (resp)
		return resp;

	raw = malloc((size_t)id->size + 1);
	if (!raw)
		return NULL;
	while (got < (size_t)id->size) {
		ssize_t n = pread(fd, raw + got, (size_t)id->size - got,
				  (off_t)got);

		if (n <= 0)
			goto out;
		got += (size_t)n;
	}
	if (pk_gzip(raw, got, &z, &zlen) != 0)
		goto out;
	resp = MHD_create_response_from_buffer(zlen, z, MHD_RESPMEM_MUST_COPY);
	*len = zlen;
	pthread_mutex_lock(&s->lock);
	i = s->gz_next++ % CACHE_SLOTS;
	free(s->gz[i].data);
	s->gz[i].id = *id;
	s->gz[i].data = z;
	s->gz[i].len = zlen;
	z = NULL;
	pthread_mutex_unlock(&s->lock);
out:
	free(raw);
	free(z);
	return resp;
}


static enum MHD_Result not_found(struct MHD_Connection *c,
				 struct request *rq, int code)
{
	if (code == 403)
		return simple(c, rq, MHD_HTTP_FORBIDDEN, "forbidden\n", NULL);
	return simple(c, rq, MHD_HTTP_NOT_FOUND, "not found\n", NULL);
}

static enum MHD_Result serve_file(struct pk_server *s, struct MHD_Connection *c,
			 struct request *rq, const char *url)
{
	char *rel = NULL, etag[96], lastmod[64], crange[96];
	const char *mime, *h, *raw;
	struct MHD_Response *resp = NULL;
	struct file_id id;
	struct stat st;
	int fd = -1, gz = 0, vary = 0, r;
	int64_t first = 0, last = -1;
	unsigned status = MHD_HTTP_OK;
	uint64_t body = 0;
	enum MHD_Result ret;

	if (rq->uri && pk_srv_raw_path_bad(rq->uri))
		return simple(c, rq, MHD_HTTP_BAD_REQUEST, "bad request\n",
			      NULL);
	rel = pk_srv_url_to_rel(url);
	if (!rel)
		return not_found(c, rq, 404);
	r = pk_srv_open_under(s, rel, &fd);
	if (r != 0 || fstat(fd, &st) != 0) {
		ret = not_found(c, rq, r ? r : 404);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		char *index;

		close(fd);
		fd = -1;
		if (url[strlen(url) - 1] != '/') {
			/* "/episodes" -> "/episodes/", so the page's relative
			 * links work. */
			char *loc;
			size_t n;

			raw = rq->uri ? rq->uri : url;
			n = strcspn(raw, "?#");
			loc = malloc(n + 2);
			if (!loc) {
				ret = MHD_NO;
				goto out;
			}
			memcpy(loc, raw, n);
			memcpy(loc + n, "/", 2);
			ret = simple(c, rq, MHD_HTTP_MOVED_PERMANENTLY,
				     "moved\n", loc);
			free(loc);
			goto out;
		}
		/* No listings: a folder is its index.html or nothing. */
		index = malloc(strlen(rel) + 12);
		if (!index) {
			ret = MHD_NO;
			goto out;
		}
		sprintf(index, "%s%sindex.html", rel, *rel ? "/" : "");
		free(rel);
		rel = index;
		r = pk_srv_open_under(s, rel, &fd);
		if (r != 0 || fstat(fd, &st) != 0) {
			ret = not_found(c, rq, r ? r : 404);
			goto out;
		}
	}
	if (!S_ISREG(st.st_mode)) {
		ret = simple(c, rq, MHD_HTTP_NOT_FOUND, "not found\n", NULL);
		goto out;
	}
	pk_srv_id_of(&st, &id);
	mime = pk_serve_mime(rel);
	if (pk_serve_compressible(mime) && st.st_size <= GZIP_MAX) {
		vary = 1;
		h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						"Accept-Encoding");
		gz = pk_srv_accepts_gzip(h);
	}
	/* A strong validator per representation: the gzipped bytes differ
	 * from the plain ones, so their tags must too. */
	snprintf(etag, sizeof(etag), "\"%llx-%llx-%llx%s\"",
		 (unsigned long long)id.ino, (unsigned long long)id.size,
		 (unsigned long long)id.mtime_ns, gz ? "-gz" : "");
	pk_srv_http_date(st.st_mtim.tv_sec, lastmod, sizeof(lastmod));

	h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	if (h) {
		if (pk_srv_etag_listed(h, etag))
			status = MHD_HTTP_NOT_MODIFIED;
	} else {
		h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						"If-Modified-Since");
		if (h) {
			int64_t since = pk_srv_parse_http_date(h);

			if (since >= 0 && (int64_t)st.st_mtim.tv_sec <= since)
				status = MHD_HTTP_NOT_MODIFIED;
		}
	}

	if (status == MHD_HTTP_NOT_MODIFIED) {
		resp = MHD_create_response_from_buffer(0, NULL,
						       MHD_RESPMEM_PERSISTENT);
	} else if (gz) {
		size_t zlen = 0;

		resp = gzip_response(s, fd, &id, &zlen);
		if (resp) {
			MHD_add_response_header(resp, "Content-Encoding",
						"gzip");
			body = zlen;
		}
	}
	if (!resp && status == MHD_HTTP_OK) {
		enum pk_range_result rr;
		struct pk_range range;
		const char *ifr;

		gz = 0;
		h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Range");
		ifr = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						  "If-Range");
		/* If-Range: the range only if the file is still the one the
		 * client has part of; else the whole file. */
		if (h && ifr && strcmp(ifr, etag) != 0 &&
		    strcmp(ifr, lastmod) != 0)
			h = NULL;
		rr = pk_range_parse(h, (int64_t)st.st_size, &range);
		if (rr == PK_RANGE_UNSATISFIABLE) {
			status = MHD_HTTP_RANGE_NOT_SATISFIABLE;
			snprintf(crange, sizeof(crange), "bytes */%lld",
				 (long long)st.st_size);
			resp = MHD_create_response_from_buffer(
				0, NULL, MHD_RESPMEM_PERSISTENT);
			if (resp)
				MHD_add_response_header(resp, "Content-Range",
							crange);
		} else {
			if (rr == PK_RANGE_OK) {
				status = MHD_HTTP_PARTIAL_CONTENT;
				first = range.first;
				last = range.last;
				snprintf(crange, sizeof(crange),
					 "bytes %lld-%lld/%lld",
					 (long long)first, (long long)last,
					 (long long)st.st_size);
			} else {
				first = 0;
				last = (int64_t)st.st_size - 1;
			}
			body = (uint64_t)(last - first + 1);
			/* sendfile from the descriptor; MHD closes it. */
			resp = MHD_create_response_from_fd_at_offset64(
				body, fd, (uint64_t)first);
			if (resp) {
				fd = -1;
				if (rr == PK_RANGE_OK)
					MHD_add_response_header(
						resp, "Content-Range", crange);
			}
		}
	}
	if (!resp) {
		ret = MHD_NO;
		goto out;
	}
	if (status != MHD_HTTP_RANGE_NOT_SATISFIABLE) {
		MHD_add_response_header(resp, "ETag", etag);
		MHD_add_response_header(resp, "Last-Modified", lastmod);
	}
	if (status != MHD_HTTP_NOT_MODIFIED)
		MHD_add_response_header(resp, "Content-Type", mime);
	MHD_add_response_header(resp, "Accept-Ranges", vary && gz ? "none"
								 : "bytes");
	if (vary)
		MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Cache-Control",
				strncmp(mime, "audio/", 6) == 0 ||
						strncmp(mime, "image/", 6) == 0
					? "public, max-age=86400"
					: "public, max-age=300");
	ret = queue(c, rq, status, resp, body);
	if (strncmp(mime, "audio/", 6) == 0 || strncmp(mime, "video/", 6) == 0)
		pk_srv_count(s, c, rq, rel, &id, first, last);
out:
	if (fd >= 0)
		close(fd);
	free(rel);
	return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
			       const char *url, const char *method,
			       const char *version, const char *upload,
			       size_t *upload_size, void **req_cls)
{
	struct pk_server *s = cls;
	struct request *rq = *req_cls;

	(void)upload;
	if (!rq)
		return MHD_NO;
	/* Answer on the second call, once MHD knows the request has no
	 * body: an answer on the first call makes it close the connection
	 * (no keep-alive). A body, if any, is read and dropped. */
	if (!rq->called) {
		rq->called = 1;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	snprintf(rq->method, sizeof(rq->method), "%s", method);
	snprintf(rq->version, sizeof(rq->version), "%s", version);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return simple(c, rq, MHD_HTTP_METHOD_NOT_ALLOWED,
			      "method not allowed\n", NULL);
	if (s->opts.redirect)
		return pk_srv_redirect(s, c, rq);
	return serve_file(s, c, rq, url);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct request *rq = calloc(1, sizeof(*rq));

	(void)cls;
	(void)c;
	if (rq)
		rq->uri = strdup(uri ? uri : "-");
	return rq;
}

/* Copies v into dst escaping quotes, backslashes and control bytes, so a
 * request cannot forge a log line; cut to size. */
static void log_escape(char *dst, size_t size, const char *v)
{
	const unsigned char *p = (const unsigned char *)(v ? v : "-");
	size_t n = 0;

	for (; *p && n + 5 < size; p++) {
		if (*p == '"' || *p == '\\') {
			dst[n++] = '\\';
			dst[n++] = (char)*p;
		} else if (*p < 0x20 || *p == 0x7f) {
			n += (size_t)snprintf(dst + n, size - n, "\\x%02x", *p);
		} else {
			dst[n++] = (char)*p;
		}
	}
	dst[n] = '\0';
}

static void on_done(void *cls, struct MHD_Connection *c, void **req_cls,
		    enum MHD_RequestTerminationCode toe)
{
	struct pk_server *s = cls;
	struct request *rq = *req_cls;
	char ip[INET6_ADDRSTRLEN + 1];
	char uri[2048], ref[1024], ua[1024], range[256];
	struct tm tm;
	time_t now;
	FILE *fp = s->opts.access_log;

	(void)toe;
	if (!rq)
		return;
	*req_cls = NULL;
	if (fp && rq->status) {
		pk_srv_client_ip(c, ip, sizeof(ip));
		log_escape(uri, sizeof(uri), rq->uri);
		log_escape(ref, sizeof(ref),
			   MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						       "Referer"));
		log_escape(ua, sizeof(ua),
			   MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						       "User-Agent"));
		log_escape(range, sizeof(range),
			   MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						       "Range"));
		/* The combined log format, one write per line. The time is
		 * formatted once a second (localtime is not free); it is the
		 * statistics' clock, so a test's PODKIT_NOW agrees. */
		pthread_mutex_lock(&s->lock);
		now = (time_t)pk_stats_now();
		if (now != s->log_sec) {
			s->log_sec = now;
			localtime_r(&now, &tm);
			strftime(s->log_when, sizeof(s->log_when),
				 "%d/%b/%Y:%H:%M:%S %z", &tm);
		}
		fprintf(fp,
			"%s - - [%s] \"%s %s %s\" %u %llu \"%s\" \"%s\"%s%s%s\n",
			ip, s->log_when, rq->method, uri, rq->version, rq->status,
			(unsigned long long)rq->bytes, ref, ua,
			s->opts.log_range ? " \"" : "",
			s->opts.log_range ? range : "",
			s->opts.log_range ? "\"" : "");
		fflush(fp);
		pthread_mutex_unlock(&s->lock);
	}
	free(rq->uri);
	free(rq);
}

static int parse_bind(const char *bind, unsigned port,
		      struct sockaddr_storage *ss, int *v6)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	*v6 = 0;
	if (inet_pton(AF_INET, bind, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		return 0;
	}
	if (inet_pton(AF_INET6, bind, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*v6 = 1;
		return 0;
	}
	return -1;
}

int pk_serve_start(const struct pk_serve_opts *opts, struct pk_server **out,
		   struct pk_error *err)
{
	struct pk_server *s;
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	const char *bind = opts->bind ? opts->bind : "127.0.0.1";
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_USE_TURBO;
	unsigned threads = opts->threads;
	int v6, r;

	*out = NULL;
	if (opts->port > 65535)
		return pk_error_set(err, PK_EINVAL, "'%u' is not a port",
				    opts->port);
	if (parse_bind(bind, opts->port, &ss, &v6) != 0)
		return pk_error_set(err, PK_EINVAL,
				    "'%s' is not an IP address", bind);
	s = calloc(1, sizeof(*s));
	if (!s)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	s->opts = *opts;
	s->rootfd = -1;
	pthread_mutex_init(&s->lock, NULL);
	s->root = realpath(opts->root, NULL);
	if (!s->root || !pk_srv_is_dir(s->root)) {
		r = s->root ? pk_error_set(err, PK_EINVAL,
					   "%s: not a folder", opts->root)
			    : pk_error_errno(err, PK_EIO, "%s", opts->root);
		goto fail;
	}
	s->rootlen = strlen(s->root);
	if (s->rootlen == 1) /* serving "/": every path is inside */
		s->rootlen = 0;
	s->rootfd = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* For tests: the realpath way, as on kernels before 5.6. */
	s->no_openat2 = getenv("PODKIT_SERVE_NO_OPENAT2") != NULL;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n > 0 ? (unsigned)n : 1;
	}
	if (v6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
		flags, (uint16_t)opts->port, NULL, NULL, handler, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		MHD_OPTION_CONNECTION_LIMIT, 4096u,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_done, s, MHD_OPTION_END);
	if (!s->daemon) {
		r = pk_error_set(err, PK_EIO,
				 "cannot listen on %s port %u (in use?)", bind,
				 opts->port);
		goto fail;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : opts->port;
	*out = s;
	return 0;
fail:
	pk_serve_stop(s);
	return r;
}

unsigned pk_serve_port(const struct pk_server *srv)
{
	return srv->port;
}

void pk_serve_stop(struct pk_server *s)
{
	unsigned i;

	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	for (i = 0; i < CACHE_SLOTS; i++)
		free(s->gz[i].data);
	if (s->rootfd >= 0)
		close(s->rootfd);
	pthread_mutex_destroy(&s->lock);
	free(s->root);
	free(s);
}
