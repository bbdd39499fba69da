/* transfer.c: parallel libcurl transfers with retries (see transfer.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "publish/transfer_int.h"

enum { ST_WAIT = 0, ST_RUN, ST_DONE };

struct pk_xfer_engine {
	struct pk_xfer_opts o;
	CURLM *multi;
	CURLSH *share;
	unsigned seed;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int env_int(const char *name, int dflt)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (!s || !*s)
		return dflt;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 100000)
		return dflt;
	return (int)v;
}

struct pk_xfer_engine *pk_xfer_engine_new(const struct pk_xfer_opts *o)
{
	struct pk_xfer_engine *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->o = *o;
	if (e->o.jobs <= 0)
		e->o.jobs = 8;
	if (e->o.max_attempts <= 0)
		e->o.max_attempts = env_int("PODKIT_RETRY_ATTEMPTS", 5);
	if (e->o.base_ms <= 0)
		e->o.base_ms = env_int("PODKIT_RETRY_BASE_MS", 250);
	if (e->o.max_attempts < 1)
		e->o.max_attempts = 1;
	e->multi = curl_multi_init();
	e->share = curl_share_init();
	if (!e->multi || !e->share) {
		pk_xfer_engine_free(e);
		return NULL;
	}
	/* DNS answers and TLS sessions shared between handles; connections
	 * are pooled by the multi handle itself. */
	curl_share_setopt(e->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(e->share, CURLSHOPT_SHARE,
			  CURL_LOCK_DATA_SSL_SESSION);
	curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
			  (long)e->o.jobs);
	e->seed = (unsigned)getpid() ^ (unsigned)time(NULL);
	return e;
}

void pk_xfer_engine_free(struct pk_xfer_engine *e)
{
	if (!e)
		return;
	if (e->multi)
		curl_multi_cleanup(e->multi);
	if (e->share)
		curl_share_cleanup(e->share);
	free(e);
}

void pk_xfer_release(struct pk_xfer *x)
{
	pk_buf_release(&x->body);
}

const char *pk_xfer_header(CURL *h, const char *name)
{
	struct curl_header *hh;

	if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hh) != CURLHE_OK)
		return NULL;
	return hh->value;
}

static int secret_header(const char *p, size_t n)
{
	static const char *const names[] = {
		"authorization:", "proxy-authorization:",
		"x-amz-security-token:", NULL};
	size_t i;

	for (i = 0; names[i]; i++)
		if (n >= strlen(names[i]) &&
		    strncasecmp(p, names[i], strlen(names[i])) == 0)
			return 1;
	return 0;
}

/* -v traces: headers and curl's own notes, never a secret. Authorization
 * (AWS SigV4 and Basic) and the session token are replaced by
 * "[redacted]"; bodies are not shown. */
static int trace(CURL *h, curl_infotype type, char *data, size_t size,
		 void *userp)
{
	struct pk_xfer_engine *e = userp;
	const char *dir;
	char line[1024];
	size_t i = 0, j;

	(void)h;
	switch (type) {
	case CURLINFO_TEXT: dir = "*"; break;
	case CURLINFO_HEADER_IN: dir = "<"; break;
	case CURLINFO_HEADER_OUT: dir = ">"; break;
	default: return 0;
	}
	while (i < size) {
		j = i;
		while (j < size && data[j] != '\n' && data[j] != '\r')
			j++;
		if (j > i) {
			size_t n = j - i;
			const char *p = data + i;

			if (n > sizeof(line) - 8)
				n = sizeof(line) - 8;
			if (secret_header(p, n)) {
				const char *c = memchr(p, ':', n);

				snprintf(line, sizeof(line),
					 "%s %.*s: [redacted]", dir,
					 (int)(c - p), p);
			} else {
				snprintf(line, sizeof(line), "%s %.*s", dir,
					 (int)n, p);
			}
			if (e->o.log)
				e->o.log(e->o.ctx, line);
		}
		while (j < size && (data[j] == '\n' || data[j] == '\r'))
			j++;
		i = j;
	}
	return 0;
}

void pk_xfer_common(struct pk_xfer_engine *e, CURL *h)
{
	curl_easy_setopt(h, CURLOPT_SHARE, e->share);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	/* A transfer that moves less than 1 byte/s for 30 s is dropped and
	 * retried. */
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 30L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "podkit/0.1");
	if (e->o.max_send_speed > 0)
		curl_easy_setopt(h, CURLOPT_MAX_SEND_SPEED_LARGE,
				 (curl_off_t)e->o.max_send_speed);
	if (e->o.verbose) {
		curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, trace);
		curl_easy_setopt(h, CURLOPT_DEBUGDATA, e);
		curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	}
}

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *userp)
{
	struct pk_xfer *x = userp;
	size_t want = size * nmemb, n;

	if (x->fp) {
		int64_t left = x->src_len - x->sent;

		if (left <= 0)
			return 0;
		if ((int64_t)want > left)
			want = (size_t)left;
		n = fread(dst, 1, want, x->fp);
		if (n == 0 && ferror(x->fp))
			return CURL_READFUNC_ABORT;
		x->sent += (int64_t)n;
		return n;
	}
	n = x->memlen - x->memoff;
	if (n > want)
		n = want;
	memcpy(dst, (const char *)x->mem + x->memoff, n);
	x->memoff += n;
	x->sent += (int64_t)n;
	return n;
}

static size_t write_cb(char *src, size_t size, size_t nmemb, void *userp)
{
	struct pk_xfer *x = userp;

	if (x->keep_body) {
		pk_buf_append(&x->body, src, size * nmemb);
		if (x->body.oom)
			return 0;
	}
	return size * nmemb;
}

static int seek_cb(void *userp, curl_off_t off, int origin)
{
	struct pk_xfer *x = userp;

	if (origin != SEEK_SET)
		return CURL_SEEKFUNC_CANTSEEK;
	if (x->fp) {
		if (fseeko(x->fp, (off_t)(x->src_off + off), SEEK_SET) != 0)
			return CURL_SEEKFUNC_FAIL;
	} else {
		x->memoff = (size_t)off;
	}
	x->sent = off;
	return CURL_SEEKFUNC_OK;
}

static int xferinfo(void *userp, curl_off_t dltotal, curl_off_t dlnow,
		    curl_off_t ultotal, curl_off_t ulnow)
{
	struct pk_xfer *x = userp;
	struct pk_xfer_engine *e = x->engine;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	if (x->upload && ulnow > x->reported) {
		e->o.progress(e->o.ctx, (int64_t)ulnow - x->reported, 0);
		x->reported = (int64_t)ulnow;
	}
	return 0;
}

static void end_attempt(struct pk_xfer_engine *e, struct pk_xfer *x)
{
	if (x->h) {
		curl_multi_remove_handle(e->multi, x->h);
		curl_easy_cleanup(x->h);
		x->h = NULL;
	}
	curl_slist_free_all(x->hdrs);
	x->hdrs = NULL;
	if (x->fp) {
		fclose(x->fp);
		x->fp = NULL;
	}
}

static int start(struct pk_xfer_engine *e, struct pk_xfer *x)
{
	CURL *h = curl_easy_init();

	if (!h) {
		snprintf(x->err, sizeof(x->err), "out of memory");
		return -1;
	}
	x->h = h;
	x->attempts++;
	x->sent = 0;
	x->reported = 0;
	x->engine = e;
	x->memoff = 0;
	x->status = 0;
	x->errbuf[0] = '\0';
	pk_buf_reset(&x->body);
	pk_xfer_common(e, h);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_PRIVATE, x);
	if (e->o.progress && x->upload) {
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, xferinfo);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	}
	if (x->upload) {
		if (x->src_path) {
			x->fp = fopen(x->src_path, "rb");
			if (!x->fp || fseeko(x->fp, (off_t)x->src_off,
					     SEEK_SET) != 0) {
				snprintf(x->err, sizeof(x->err), "'%s': %s",
					 x->src_path, strerror(errno));
				return -1;
			}
		} else {
			x->src_len = (int64_t)x->memlen;
		}
		curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
		curl_easy_setopt(h, CURLOPT_READDATA, x);
		curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, seek_cb);
		curl_easy_setopt(h, CURLOPT_SEEKDATA, x);
		curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE,
				 (curl_off_t)x->src_len);
	}
	if (x->setup(x, h, &x->hdrs) != 0) {
		if (!x->err[0])
			snprintf(x->err, sizeof(x->err), "cannot set up");
		return -1;
	}
	if (x->hdrs)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->hdrs);
	if (curl_multi_add_handle(e->multi, h) != CURLM_OK) {
		snprintf(x->err, sizeof(x->err), "cannot start transfer");
		return -1;
	}
	x->state = ST_RUN;
	return 0;
}

/* Worth another try: the server was busy or broken for a moment, or the
 * connection failed or dropped. */
static int transient(const struct pk_xfer *x)
{
	switch (x->cc) {
	case CURLE_OK:
		return x->status >= 500 || x->status == 429 ||
		       x->status == 408;
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSH:
	case CURLE_UPLOAD_FAILED:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_AGAIN:
		return 1;
	default:
		return 0;
	}
}

static void describe(struct pk_xfer *x)
{
	if (x->cc != CURLE_OK)
		snprintf(x->err, sizeof(x->err), "%s",
			 x->errbuf[0] ? x->errbuf : curl_easy_strerror(x->cc));
	else
		snprintf(x->err, sizeof(x->err), "the server answered %ld",
			 x->status);
}

static double backoff(struct pk_xfer_engine *e, int attempt)
{
	double d = (double)e->o.base_ms / 1000.0;
	double jitter;
	int i;

	for (i = 1; i < attempt && d < 8.0; i++)
		d *= 2;
	if (d > 8.0)
		d = 8.0;
	/* Full jitter in [d/2, d): parallel retries do not come back at the
	 * same moment. */
	jitter = (double)(rand_r(&e->seed) % 1000) / 1000.0;
	return d / 2 + d / 2 * jitter;
}

static void finish(struct pk_xfer_engine *e, struct pk_xfer *x, CURLcode cc,
		   size_t *retries)
{
	CURL *h = x->h;
	long code = 0;

	x->cc = cc;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	x->status = code;
	x->ok = cc == CURLE_OK && (code == 0 || (code >= 200 && code < 300) ||
				   (x->ok_404 && code == 404));
	if (!x->ok && transient(x) && x->attempts < e->o.max_attempts) {
		describe(x);
		if (e->o.log && e->o.verbose) {
			char line[400];

			snprintf(line, sizeof(line),
				 "retrying '%s' (attempt %d): %s",
				 x->label ? x->label : "?", x->attempts + 1,
				 x->err);
			e->o.log(e->o.ctx, line);
		}
		if (e->o.progress && x->reported)
			e->o.progress(e->o.ctx, -x->reported, 0);
		x->reported = 0;
		if (x->attempts == 1 && retries)
			(*retries)++;
		end_attempt(e, x);
		x->state = ST_WAIT;
		x->not_before = now_s() + backoff(e, x->attempts);
		return;
	}
	if (!x->ok)
		describe(x);
	else
		x->err[0] = '\0';
	if (x->done)
		x->done(x, h);
	end_attempt(e, x);
	x->state = ST_DONE;
	if (e->o.progress)
		e->o.progress(e->o.ctx, 0, x->upload && x->src_off == 0);
}

size_t pk_xfer_run(struct pk_xfer_engine *e, struct pk_xfer **v, size_t n,
		   size_t *retries)
{
	size_t i, running = 0, left = n, failed = 0;
	int still;

	for (i = 0; i < n; i++) {
		v[i]->state = ST_WAIT;
		v[i]->attempts = 0;
		v[i]->ok = 0;
		v[i]->not_before = 0;
		v[i]->err[0] = '\0';
	}
	while (left > 0) {
		double t = now_s();
		CURLMsg *m;
		int q;

		for (i = 0; i < n && running < (size_t)e->o.jobs; i++) {
			struct pk_xfer *x = v[i];

			if (x->state != ST_WAIT || x->not_before > t)
				continue;
			if (start(e, x) != 0) {
				end_attempt(e, x);
				x->state = ST_DONE;
				x->ok = 0;
				left--;
				failed++;
				if (e->o.progress)
					e->o.progress(e->o.ctx, 0,
						      x->upload &&
							      x->src_off == 0);
				continue;
			}
			running++;
		}
		if (left == 0)
			break;
		curl_multi_perform(e->multi, &still);
		while ((m = curl_multi_info_read(e->multi, &q))) {
			struct pk_xfer *x = NULL;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
					  (char **)&x);
			running--;
			finish(e, x, m->data.result, retries);
			if (x->state == ST_DONE) {
				left--;
				if (!x->ok)
					failed++;
			}
		}
		if (left == 0)
			break;
		curl_multi_poll(e->multi, NULL, 0, running ? 100 : 20, NULL);
	}
	return failed;
}
