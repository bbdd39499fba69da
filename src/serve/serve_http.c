/* serve_http.c: the HTTP header rules the server follows: dates,
 * If-None-Match lists and Accept-Encoding. */
#include "serve/serve_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed",
				   "Thu", "Fri", "Sat"};
static const char *const month[] = {"Jan", "Feb", "Mar", "Apr",
				    "May", "Jun", "Jul", "Aug",
				    "Sep", "Oct", "Nov", "Dec"};

/* An IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
void pk_srv_http_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d GMT",
		 wday[tm.tm_wday], tm.tm_mday, month[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Parses an IMF-fixdate; -1 when it is not one (the obsolete formats are
 * ignored, as RFC 9110 allows for a validator). */
int64_t pk_srv_parse_http_date(const char *s)
{
	char wd[4], mon[4];
	int d, y, h, mi, sec, m;
	struct tm tm;

	if (sscanf(s, "%3s, %d %3s %d %d:%d:%d GMT", wd, &d, mon, &y, &h, &mi,
		   &sec) != 7)
		return -1;
	for (m = 0; m < 12; m++)
		if (strcmp(mon, month[m]) == 0)
			break;
	if (m == 12)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = d;
	tm.tm_mon = m;
	tm.tm_year = y - 1900;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	return (int64_t)timegm(&tm);
}

/* Does an If-None-Match list name etag? Weak comparison (W/ ignored), as
 * RFC 9110 asks for If-None-Match. */
int pk_srv_etag_listed(const char *list, const char *etag)
{
	const char *p = list;
	size_t n = strlen(etag);

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' ' ||
		     p[n] == '\t'))
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

/* Does Accept-Encoding allow gzip (present, and not with q=0)? */
int pk_srv_accepts_gzip(const char *ae)
{
	const char *p = ae;

	while (p && *p) {
		const char *tok, *end;
		size_t len;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		tok = p;
		while (*p && *p != ',' && *p != ';' && *p != ' ')
			p++;
		len = (size_t)(p - tok);
		end = strchr(p, ',');
		if ((len == 4 && strncasecmp(tok, "gzip", 4) == 0) ||
		    (len == 1 && *tok == '*')) {
			const char *q = strstr(p, "q=");

			if (!q || (end && q > end))
				return 1;
			return strtod(q + 2, NULL) > 0;
		}
		p = end ? end : p + strlen(p);
	}
	return 0;
}
