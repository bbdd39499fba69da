/* serve_redirect.c: podkit serve --redirect: the show's own analytics
 * prefix. Each request is counted by the statistics' rules as the request
 * the media server will answer, then sent there with a 302; the bytes
 * come from the CDN, the counting from this small process. */
#include "serve/serve_int.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An open-ended range ("bytes=A-") reaches the end of a file whose size
 * a redirector does not know: this many bytes stand for "to the end". */
#define REST_OF_FILE ((int64_t)1 << 40)
#define OFFSET_MAX ((int64_t)1 << 50)

/* The request as the media server will answer it, from its Range
 * header: none (or "bytes=0-", or several ranges) a whole 200, "A-B" a
 * 206 of those bytes, "A-" the rest of the file, "-N" its last N bytes
 * (where they start is unknown). */
static void as_answered(const char *range, struct pk_stats_hit *h)
{
	int64_t a = -1, b = -1;
	char *end;

	h->status = 200;
	h->first = -1;
	h->last = -1;
	h->sent = -1;
	if (!range || strncmp(range, "bytes=", 6) != 0 || strchr(range, ','))
		return;
	range += 6;
	if (isdigit((unsigned char)*range)) {
		a = strtoll(range, &end, 10);
		range = end;
	}
	if (*range++ != '-')
		return;
	if (isdigit((unsigned char)*range)) {
		b = strtoll(range, &end, 10);
		range = end;
	}
	/* Offsets past a petabyte are not real (and would overflow). */
	if (*range || a > OFFSET_MAX || b > OFFSET_MAX)
		return;
	if (a >= 0 && b >= a) {
		h->status = 206;
		h->first = a;
		h->last = b;
	} else if (a > 0 && b < 0) {
		h->status = 206;
		h->first = a;
		h->last = a + REST_OF_FILE - 1;
	} else if (a < 0 && b > 0) {
		h->status = 206;
		h->sent = b;
	}
}

/* The path to append to the base: the request's path (and query), with
 * the base's host taken off its front when a prefix-wrapped URL put it
 * there ("/cdn.example.com/audio/x.mp3" -> "/audio/x.mp3"). */
static const char *tail_of(const char *uri, const char *base)
{
	const char *host = strstr(base, "://");
	size_t n;

	host = host ? host + 3 : base;
	n = strcspn(host, "/");
	if (uri[0] == '/' && n && strncmp(uri + 1, host, n) == 0 &&
	    (uri[1 + n] == '/' || uri[1 + n] == '\0' || uri[1 + n] == '?'))
		return uri + 1 + n;
	return uri;
}

static int clean_uri(const char *u)
{
	if (*u != '/')
		return 0;
	for (; *u; u++)
		if ((unsigned char)*u <= 0x20 || *u == 0x7f)
			return 0;
	return 1;
}

enum MHD_Result pk_srv_redirect(struct pk_server *s, struct MHD_Connection *c,
				struct request *rq)
{
	const char *base = s->opts.redirect, *tail;
	size_t blen = strlen(base);
	struct pk_stats_hit hit;
	struct pk_error err = {0};
	char ip[INET6_ADDRSTRLEN + 1], *loc, *path;
	enum MHD_Result ret;

	if (!rq->uri || !clean_uri(rq->uri))
		return pk_srv_simple(c, rq, MHD_HTTP_BAD_REQUEST,
				     "bad request\n", NULL);
	while (blen && base[blen - 1] == '/')
		blen--;
	tail = tail_of(rq->uri, base);
	loc = malloc(blen + strlen(tail) + 2);
	if (!loc)
		return MHD_NO;
	sprintf(loc, "%.*s%s%s", (int)blen, base, *tail == '/' ? "" : "/",
		tail);
	ret = pk_srv_simple(c, rq, MHD_HTTP_FOUND, "found\n", loc);
	free(loc);
	path = strndup(tail, strcspn(tail, "?#"));
	if (s->opts.stats && path && pk_stats_is_media(s->opts.stats, path)) {
		memset(&hit, 0, sizeof(hit));
		pk_srv_client_ip(c, ip, sizeof(ip));
		hit.ip = ip;
		hit.ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     "User-Agent");
		hit.episode = path;
		hit.method = rq->method;
		as_answered(
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Range"),
		    &hit);
		if (pk_stats_record(s->opts.stats, s->opts.bots, &hit, &err) <
			0 &&
		    s->opts.on_error)
			s->opts.on_error(s->opts.arg, err.msg);
	}
	free(path);
	return ret;
}
