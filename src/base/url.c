/* url.c: whether a string is an http(s) URL (see podkit/url.h). */
#include "base/url_int.h"

#include <stddef.h>
#include <strings.h>

/* The length of the "http://" or "https://" s begins with, else 0. */
static size_t http_scheme_len(const char *s)
{
	if (!s)
		return 0;
	if (strncasecmp(s, "https://", 8) == 0)
		return 8;
	if (strncasecmp(s, "http://", 7) == 0)
		return 7;
	return 0;
}

int pk_url_is_http(const char *s)
{
	return http_scheme_len(s) > 0;
}

int pk_url_is_http_with_host(const char *s)
{
	size_t skip = http_scheme_len(s);

	if (!skip || !s[skip] || s[skip] == '/')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return 0;
	return 1;
}
