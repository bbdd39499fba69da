/* logformat.c: the access log formats of logimport.h, parsed in place. */
#include "stats/logformat_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int64_t epoch(int y, int mo, int d, int h, int mi, int s)
{
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static int valid_time(int y, int mo, int d, int h, int mi, int s)
{
	return y >= 1970 && y < 10000 && mo >= 1 && mo <= 12 && d >= 1 &&
	       d <= 31 && h < 24 && mi < 60 && s < 61;
}

/* "10/Oct/2000:13:55:36 -0700" */
static int parse_clf_time(const char *p, int64_t *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int d, y, h, mi, s, oh, om, mo;
	const char *m;

	if (strlen(p) < 26 || p[2] != '/' || p[6] != '/' || p[11] != ':' ||
	    p[14] != ':' || p[17] != ':' || p[20] != ' ' ||
	    (p[21] != '+' && p[21] != '-'))
		return -1;
	if (digits(p, 2, &d) || digits(p + 7, 4, &y) || digits(p + 12, 2, &h) ||
	    digits(p + 15, 2, &mi) || digits(p + 18, 2, &s) ||
	    digits(p + 22, 2, &oh) || digits(p + 24, 2, &om))
		return -1;
	for (m = months; *m; m += 3)
		if (memcmp(m, p + 3, 3) == 0)
			break;
	if (!*m)
		return -1;
	mo = (int)(m - months) / 3 + 1;
	if (!valid_time(y, mo, d, h, mi, s))
		return -1;
	*t = epoch(y, mo, d, h, mi, s) -
	     (p[21] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	return 0;
}

/* "2026-01-05" and "21:02:31" (CloudFront), or "2026-01-05T21:02:31Z"
 * with optional fraction (Cloudflare, as RFC 3339 in UTC). */
static int parse_iso(const char *date, const char *time, int64_t *t)
{
	int y, mo, d, h, mi, s;

	if (strlen(date) < 10 || date[4] != '-' || date[7] != '-' ||
	    strlen(time) < 8 || time[2] != ':' || time[5] != ':')
		return -1;
	if (digits(date, 4, &y) || digits(date + 5, 2, &mo) ||
	    digits(date + 8, 2, &d) || digits(time, 2, &h) ||
	    digits(time + 3, 2, &mi) || digits(time + 6, 2, &s) ||
	    !valid_time(y, mo, d, h, mi, s))
		return -1;
	*t = epoch(y, mo, d, h, mi, s);
	return 0;
}

/* Byte counts and offsets above this (a petabyte) are not real: refused,
 * so no sum of two can overflow. */
#define BYTES_MAX ((int64_t)1 << 50)

static int parse_int(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v > BYTES_MAX)
		return -1;
	*out = v;
	return 0;
}

/* A count that a log writes as "-" when there is none: -1. */
static int64_t count_or_none(const char *s)
{
	int64_t v;

	return parse_int(s, &v) == 0 ? v : -1;
}

/* The start of "bytes=START-..." (a Range header), or -1. */
static int64_t range_start(const char *h)
{
	const char *p;
	long long v;

	if (!h || strncasecmp(h, "bytes=", 6) != 0)
		return -1;
	p = h + 6;
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	v = strtoll(p, NULL, 10);
	return v > BYTES_MAX ? -1 : v;
}

/* Cuts the next space-separated token. */
static char *token(char **p)
{
	char *s = *p, *e;

	while (*s == ' ')
		s++;
	if (!*s)
		return NULL;
	e = strchr(s, ' ');
	if (e) {
		*e = '\0';
		*p = e + 1;
	} else {
		*p = s + strlen(s);
	}
	return s;
}

/* Cuts a "quoted" field (backslash escapes kept as they are). */
static char *quoted(char **p)
{
	char *s = *p, *e;

	while (*s == ' ')
		s++;
	if (*s != '"')
		return NULL;
	for (e = s + 1; *e && *e != '"'; e++)
		if (*e == '\\' && e[1])
			e++;
	if (*e != '"')
		return NULL;
	*e = '\0';
	*p = e + 1;
	return s + 1;
}

/* Cuts a [bracketed] field. */
static char *bracketed(char **p)
{
	char *s = *p, *e;

	while (*s == ' ')
		s++;
	if (*s != '[')
		return NULL;
	e = strchr(s, ']');
	if (!e)
		return NULL;
	*e = '\0';
	*p = e + 1;
	return s + 1;
}

/* "GET /path HTTP/1.1" into method and path. */
static int split_request(char *r, struct log_req *rq)
{
	char *sp = strchr(r, ' '), *sp2;

	if (!sp)
		return -1;
	*sp = '\0';
	rq->method = r;
	rq->path = sp + 1;
	sp2 = strchr(sp + 1, ' ');
	if (sp2)
		*sp2 = '\0';
	return *rq->path ? 0 : -1;
}

/* A combined line's agent "-" is no agent. */
static const char *agent(const char *ua)
{
	return ua && strcmp(ua, "-") != 0 ? ua : NULL;
}

/* Where a 206 (or a 200) was: from the Range header's start and the
 * bytes sent, when both are known. */
static void place(struct log_req *rq, int64_t start)
{
	if (rq->status == 200 || start < 0 || rq->sent < 0) {
		rq->first = -1;
		rq->last = -1;
		return;
	}
	rq->first = start;
	rq->last = start + rq->sent - 1;
}

static int parse_combined(char *line, struct log_req *rq, int podkit,
			  const char **why)
{
	char *p = line, *ts, *req, *status, *bytes, *ua, *range = NULL;

	rq->ip = token(&p);
	if (!rq->ip || !token(&p) || !token(&p)) {
		*why = "too few fields";
		return -1;
	}
	ts = bracketed(&p);
	if (!ts || parse_clf_time(ts, &rq->t) != 0) {
		*why = "no [day/Mon/year:hh:mm:ss zone] time";
		return -1;
	}
	req = quoted(&p);
	status = token(&p);
	bytes = token(&p);
	if (!req || !status || !bytes || !quoted(&p) || !(ua = quoted(&p))) {
		*why = "not a combined log line";
		return -1;
	}
	if (podkit && !(range = quoted(&p))) {
		*why = "no \"Range\" field at the end (log_format podkit)";
		return -1;
	}
	if (split_request(req, rq) != 0 || strlen(status) != 3 ||
	    !isdigit((unsigned char)status[0])) {
		*why = "no \"METHOD PATH PROTOCOL\" request and status";
		return -1;
	}
	rq->status = atoi(status);
	rq->sent = count_or_none(bytes);
	rq->ua = agent(ua);
	place(rq, podkit ? range_start(range) : -1);
	return 0;
}

int pk_log_cf_fields(struct log_cf *cf, char *line)
{
	static const char *const names[CF_COUNT] = {
	    [CF_DATE] = "date",
	    [CF_TIME] = "time",
	    [CF_IP] = "c-ip",
	    [CF_METHOD] = "cs-method",
	    [CF_URI] = "cs-uri-stem",
	    [CF_STATUS] = "sc-status",
	    [CF_UA] = "cs(User-Agent)",
	    [CF_BYTES] = "sc-bytes",
	    [CF_RANGE_START] = "sc-range-start",
	    [CF_RANGE_END] = "sc-range-end",
	    [CF_CONTENT_LEN] = "sc-content-len",
	};
	char *p = line + strlen("#Fields:"), *f;
	int i, col = 0;

	for (i = 0; i < CF_COUNT; i++)
		cf->col[i] = -1;
	while ((f = token(&p)) != NULL) {
		for (i = 0; i < CF_COUNT; i++)
			if (strcmp(f, names[i]) == 0)
				cf->col[i] = col;
		col++;
	}
	cf->have_fields = 1;
	for (i = 0; i <= CF_BYTES; i++)
		if (cf->col[i] < 0)
			return -1;
	return 0;
}

static void decode_once(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '%' && isxdigit((unsigned char)s[1]) &&
		    isxdigit((unsigned char)s[2])) {
			char h[3] = {s[1], s[2], 0};

			*o++ = (char)strtol(h, NULL, 16);
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* CloudFront writes the agent URL-encoded, spaces as %20 and some
 * characters twice over (%2520): decoded in place. */
static void url_decode(char *s)
{
	decode_once(s);
	if (strstr(s, "%20"))
		decode_once(s);
}

static int parse_cloudfront(struct log_cf *cf, char *line, struct log_req *rq,
			    const char **why)
{
	char *col[64];
	int n = 0, i;
	char *p = line;
	int64_t a, b;

	if (!cf->have_fields) {
		*why = "no '#Fields:' line before the first request";
		return -1;
	}
	while (n < 64) {
		col[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	for (i = 0; i < CF_COUNT; i++)
		if (cf->col[i] >= n) {
			*why = "fewer fields than '#Fields:' names";
			return -1;
		}
	if (parse_iso(col[cf->col[CF_DATE]], col[cf->col[CF_TIME]], &rq->t)) {
		*why = "no date and time";
		return -1;
	}
	rq->ip = col[cf->col[CF_IP]];
	rq->method = col[cf->col[CF_METHOD]];
	rq->path = col[cf->col[CF_URI]];
	url_decode(col[cf->col[CF_UA]]);
	rq->ua = agent(col[cf->col[CF_UA]]);
	rq->status = atoi(col[cf->col[CF_STATUS]]);
	if (rq->status < 100 || rq->status > 599) {
		*why = "no HTTP status";
		return -1;
	}
	rq->sent = count_or_none(col[cf->col[CF_BYTES]]);
	rq->first = rq->last = -1;
	if (cf->col[CF_CONTENT_LEN] >= 0 && rq->status == 200)
		rq->size = count_or_none(col[cf->col[CF_CONTENT_LEN]]);
	if (rq->size < 0)
		rq->size = 0;
	if (rq->status == 206 && cf->col[CF_RANGE_START] >= 0 &&
	    cf->col[CF_RANGE_END] >= 0 &&
	    parse_int(col[cf->col[CF_RANGE_START]], &a) == 0 &&
	    parse_int(col[cf->col[CF_RANGE_END]], &b) == 0 && b >= a) {
		rq->first = a;
		rq->last = b;
	}
	return 0;
}

/* S3 server access log: owner bucket [time] ip requester id operation key
 * "request" status error bytes-sent object-size total turnaround
 * "referer" "agent" ... */
static int parse_s3(char *line, struct log_req *rq, const char **why)
{
	char *p = line, *ts, *op, *req, *status, *sent, *size, *ua;

	if (!token(&p) || !token(&p) || !(ts = bracketed(&p)) ||
	    parse_clf_time(ts, &rq->t) != 0) {
		*why = "not an S3 access log line (owner bucket [time])";
		return -1;
	}
	rq->ip = token(&p);
	if (!rq->ip || !token(&p) || !token(&p) || !(op = token(&p)) ||
	    !token(&p) || !(req = quoted(&p)) || !(status = token(&p)) ||
	    !token(&p) || !(sent = token(&p)) || !(size = token(&p)) ||
	    !token(&p) || !token(&p) || !quoted(&p) || !(ua = quoted(&p))) {
		*why = "too few S3 access log fields";
		return -1;
	}
	if (strncmp(op, "REST.", 5) != 0 || split_request(req, rq) != 0) {
		*why = "no REST operation and request";
		return -1;
	}
	rq->status = atoi(status);
	if (rq->status < 100 || rq->status > 599) {
		*why = "no HTTP status";
		return -1;
	}
	rq->sent = count_or_none(sent);
	rq->size = count_or_none(size);
	if (rq->size < 0)
		rq->size = 0;
	rq->ua = agent(ua);
	place(rq, -1);
	return 0;
}

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* A whole number of the object, -1 when absent or out of range. */
static int64_t jint(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	double d;

	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);

		return n >= 0 && n <= BYTES_MAX ? (int64_t)n : -1;
	}
	if (!json_is_real(v))
		return -1;
	d = json_real_value(v);
	return d >= 0 && d <= (double)BYTES_MAX ? (int64_t)d : -1;
}

/* Strings the request points to must outlive the parsed JSON: they are
 * copied back into the line, which is longer than any of them. */
static const char *keep(char **into, const char *s)
{
	char *at = *into;
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	memmove(at, s, n + 1);
	*into = at + n + 1;
	return at;
}

/* Cloudflare's EdgeStartTimestamp: RFC 3339, or Unix seconds or
 * nanoseconds, whichever the job was set to write. */
static int cf_time(json_t *v, int64_t *t)
{
	if (json_is_integer(v)) {
		int64_t n = (int64_t)json_integer_value(v);

		if (n < 0)
			return -1;
		*t = n > 100000000000LL ? n / 1000000000 : n;
		return *t > 253402300799LL ? -1 : 0; /* after 9999 */
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);

		return strlen(s) >= 19 && s[10] == 'T' ? parse_iso(s, s + 11, t)
						       : -1;
	}
	return -1;
}

static int parse_json(enum pk_log_format f, char *line, struct log_req *rq,
		      const char **why)
{
	json_error_t jerr;
	json_t *o = json_loads(line, 0, &jerr), *req, *h, *v;
	char *into = line;
	const char *range = NULL;
	int r = -1;

	if (!json_is_object(o)) {
		*why = "not a JSON object";
		goto out;
	}
	if (f == PK_LOG_CLOUDFLARE) {
		if (cf_time(json_object_get(o, "EdgeStartTimestamp"), &rq->t) !=
		    0) {
			*why = "no EdgeStartTimestamp";
			goto out;
		}
		rq->status = (int)jint(o, "EdgeResponseStatus");
		rq->sent = jint(o, "EdgeResponseBodyBytes");
		if (rq->sent < 0)
			rq->sent = jint(o, "EdgeResponseBytes");
		h = json_object_get(o, "RequestHeaders");
		range = h ? jstr(h, "range") : NULL;
		if (!range && h)
			range = jstr(h, "Range");
		range = keep(&into, range);
		rq->ip = keep(&into, jstr(o, "ClientIP"));
		rq->method = keep(&into, jstr(o, "ClientRequestMethod"));
		rq->path = keep(&into, jstr(o, "ClientRequestURI"));
		rq->ua = keep(&into, jstr(o, "ClientRequestUserAgent"));
	} else {
		v = json_object_get(o, "ts");
		req = json_object_get(o, "request");
		if (!json_is_number(v) || !json_is_object(req)) {
			*why = "no 'ts' and 'request' (Caddy's access log)";
			goto out;
		}
		if (json_number_value(v) < 0 ||
		    json_number_value(v) > 253402300799.0) { /* 9999 */
			*why = "'ts' is not a time";
			goto out;
		}
		rq->t = (int64_t)json_number_value(v);
		rq->status = (int)jint(o, "status");
		rq->sent = jint(o, "size");
		h = json_object_get(req, "headers");
		v = json_array_get(json_object_get(h, "Range"), 0);
		range = keep(&into, json_string_value(v));
		v = json_array_get(json_object_get(h, "User-Agent"), 0);
		rq->ua = keep(&into, json_string_value(v));
		rq->ip = keep(&into, jstr(req, "client_ip")
					 ? jstr(req, "client_ip")
					 : jstr(req, "remote_ip"));
		rq->method = keep(&into, jstr(req, "method"));
		rq->path = keep(&into, jstr(req, "uri"));
	}
	if (!rq->ip || !rq->method || !rq->path || rq->status < 100 ||
	    rq->status > 599) {
		*why = "no client address, method, path or status";
		goto out;
	}
	place(rq, range_start(range));
	r = 0;
out:
	json_decref(o);
	return r;
}

int pk_log_parse(enum pk_log_format f, struct log_cf *cf, char *line,
		 struct log_req *rq, const char **why)
{
	memset(rq, 0, sizeof(*rq));
	rq->first = rq->last = rq->sent = -1;
	*why = "unknown format";
	switch (f) {
	case PK_LOG_CLOUDFRONT:
		return parse_cloudfront(cf, line, rq, why);
	case PK_LOG_S3:
		return parse_s3(line, rq, why);
	case PK_LOG_CLOUDFLARE:
	case PK_LOG_CADDY:
		return parse_json(f, line, rq, why);
	case PK_LOG_COMBINED:
		return parse_combined(line, rq, 0, why);
	case PK_LOG_PODKIT:
		return parse_combined(line, rq, 1, why);
	case PK_LOG_AUTO:
		break;
	}
	return -1;
}

enum pk_log_format pk_log_detect(const char *line)
{
	struct log_req rq;
	const char *why;
	char *copy;
	enum pk_log_format f = PK_LOG_AUTO;

	if (strncmp(line, "#Version:", 9) == 0 ||
	    strncmp(line, "#Fields:", 8) == 0)
		return PK_LOG_CLOUDFRONT;
	if (*line == '{')
		return strstr(line, "\"ClientRequestURI\"") ? PK_LOG_CLOUDFLARE
		       : strstr(line, "\"request\"")	    ? PK_LOG_CADDY
							    : PK_LOG_AUTO;
	copy = strdup(line);
	if (!copy)
		return PK_LOG_AUTO;
	if (pk_log_parse(PK_LOG_PODKIT, NULL, copy, &rq, &why) == 0) {
		f = PK_LOG_PODKIT;
		goto out;
	}
	strcpy(copy, line);
	if (pk_log_parse(PK_LOG_COMBINED, NULL, copy, &rq, &why) == 0) {
		f = PK_LOG_COMBINED;
		goto out;
	}
	strcpy(copy, line);
	if (pk_log_parse(PK_LOG_S3, NULL, copy, &rq, &why) == 0)
		f = PK_LOG_S3;
out:
	free(copy);
	return f;
}
