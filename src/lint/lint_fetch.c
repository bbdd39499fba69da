/* lint_fetch.c: fetches a feed over http(s) with libcurl for the linter:
 * TLS verified, http and https only (redirects too), the body capped as it
 * arrives, so a hostile server can neither read local files through a
 * redirect nor fill the memory. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint_int.h"
#include "podkit/lint.h"

struct sink {
	char *data;
	size_t len, cap, max;
	int too_big, oom;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *user)
{
	struct sink *s = user;
	size_t n = size * nmemb, cap;
	char *p;

	if (n > s->max - s->len) {
		s->too_big = 1;
		return 0; /* aborts the transfer */
	}
	if (s->len + n + 1 > s->cap) {
		cap = s->cap ? s->cap : 65536;
		while (cap < s->len + n + 1)
			cap *= 2;
		p = realloc(s->data, cap);
		if (!p) {
			s->oom = 1;
			return 0;
		}
		s->data = p;
		s->cap = cap;
	}
	memcpy(s->data + s->len, ptr, n);
	s->len += n;
	s->data[s->len] = '\0';
	return n;
}

int pk_lint_fetch(const char *url, size_t max, long timeout, char **data,
		  size_t *len, struct pk_error *err)
{
	char curl_err[CURL_ERROR_SIZE] = "";
	struct sink s = {0};
	long status = 0;
	CURLcode rc;
	CURL *c;
	int r = 0;

	*data = NULL;
	s.max = max;
	c = curl_easy_init();
	if (!c)
		return pk_error_set(err, PK_EINTERNAL,
				    "%s: cannot start "
				    "libcurl",
				    url);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* Compressed bodies are welcome; the cap applies to what they
	 * unpack to, so a gzip bomb stops at max bytes too. */
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "podkit-lint/0.1");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (s.too_big || rc == CURLE_FILESIZE_EXCEEDED)
		r = pk_error_set(err, PK_EINVAL,
				 "%s: the feed is larger than %zu MB, the most "
				 "podkit lint reads",
				 url, max >> 20);
	else if (s.oom)
		r = pk_error_set(err, PK_ENOMEM, "%s: out of memory", url);
	else if (rc != CURLE_OK)
		r = pk_error_set(err, PK_ENET, "%s: %s", url,
				 curl_err[0] ? curl_err
					     : curl_easy_strerror(rc));
	else if (status < 200 || status > 299)
		r = pk_error_set(err, PK_ENET,
				 "%s: the server answered HTTP "
				 "%ld",
				 url, status);
	curl_easy_cleanup(c);
	if (r) {
		free(s.data);
		return r;
	}
	if (!s.data) {
		s.data = strdup("");
		if (!s.data)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	*data = s.data;
	if (len)
		*len = s.len;
	return 0;
}
