/* date.c: ISO 8601 and RFC 2822 dates, durations, and "now" for builds.
 *
 * Names of days and months are spelled from tables, never through the
 * locale, and conversions use timegm/gmtime_r so the process time zone
 * plays no part.
 */
#include "podkit/date.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "podkit/error.h"

static const char *const day_names[7] = {"Sun", "Mon", "Tue", "Wed",
					 "Thu", "Fri", "Sat"};
static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr",
					    "May", "Jun", "Jul", "Aug",
					    "Sep", "Oct", "Nov", "Dec"};

/* Reads exactly n digits at *p into *v and advances. */
static int digits(const char **p, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		x = x * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*v = x;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int d[12] = {31, 28, 31, 30, 31, 30,
				  31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : d[m - 1];
}

/* Seconds since the epoch of a UTC calendar time, checked for range. */
static int civil_to_epoch(int y, int mo, int d, int h, int mi, int s,
			  int64_t *t)
{
	struct tm tm;

	if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60)
		return PK_EINVAL;
	if (s == 60)
		s = 59; /* a leap second reads as the one before */
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	*t = (int64_t)timegm(&tm);
	return 0;
}

int pk_date_parse_iso8601(const char *s, int64_t *t, int *tz_minutes)
{
	int y, mo, d, h, mi, sec = 0, tzh = 0, tzm = 0, sign = 1, tz;
	const char *p = s;
	int64_t v;

	if (!s)
		return PK_EINVAL;
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d))
		return PK_EINVAL;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return PK_EINVAL;
	p++;
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
		return PK_EINVAL;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &sec))
			return PK_EINVAL;
		if (*p == '.' || *p == ',') {
			p++;
			if (!isdigit((unsigned char)*p))
				return PK_EINVAL;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, 2, &tzh))
			return PK_EINVAL;
		if (*p == ':')
			p++;
		if (*p && digits(&p, 2, &tzm))
			return PK_EINVAL;
		if (tzh > 14 || tzm > 59)
			return PK_EINVAL;
	} else {
		return PK_EINVAL; /* no time zone */
	}
	if (*p)
		return PK_EINVAL;
	if (civil_to_epoch(y, mo, d, h, mi, sec, &v))
		return PK_EINVAL;
	tz = sign * (tzh * 60 + tzm);
	*t = v - (int64_t)tz * 60;
	if (tz_minutes)
		*tz_minutes = tz;
	return 0;
}

char *pk_date_format_rfc2822(int64_t t, int tz_minutes, char *buf, size_t size)
{
	time_t local = (time_t)(t + (int64_t)tz_minutes * 60);
	int a = tz_minutes < 0 ? -tz_minutes : tz_minutes;
	struct tm tm;

	if (!gmtime_r(&local, &tm)) {
		snprintf(buf, size, "Thu, 01 Jan 1970 00:00:00 +0000");
		return buf;
	}
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d",
		 day_names[tm.tm_wday], tm.tm_mday, month_names[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 tz_minutes < 0 ? '-' : '+', a / 60, a % 60);
	return buf;
}

char *pk_date_format_iso8601(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		snprintf(buf, size, "1970-01-01T00:00:00Z");
		return buf;
	}
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* Reads 1..max digits. */
static int number(const char **p, int max, int *v, int *n)
{
	int i = 0, x = 0;

	while (i < max && isdigit((unsigned char)(*p)[i])) {
		x = x * 10 + ((*p)[i] - '0');
		i++;
	}
	if (i == 0)
		return -1;
	*p += i;
	*v = x;
	if (n)
		*n = i;
	return 0;
}

/* Named zones RFC 2822 keeps from RFC 822 (military zones read as 0). */
static int zone_name(const char *z, size_t n, int *minutes)
{
	static const struct {
		const char *name;
		int minutes;
	} zones[] = {
	    {"UT", 0},	      {"GMT", 0},	{"Z", 0},
	    {"UTC", 0},	      {"EST", -5 * 60}, {"EDT", -4 * 60},
	    {"CST", -6 * 60}, {"CDT", -5 * 60}, {"MST", -7 * 60},
	    {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60},
	};
	size_t i;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strlen(zones[i].name) == n &&
		    strncasecmp(zones[i].name, z, n) == 0) {
			*minutes = zones[i].minutes;
			return 0;
		}
	if (n == 1 && isalpha((unsigned char)*z)) {
		*minutes = 0;
		return 0;
	}
	return -1;
}

int pk_date_parse_rfc2822(const char *s, int64_t *t)
{
	const char *p;
	int d, mo = -1, y, h, mi, sec = 0, nd, tz = 0, i;
	int64_t v;
	size_t n;

	if (!s)
		return PK_EINVAL;
	p = skip_space(s);
	if (isalpha((unsigned char)*p)) {
		for (i = 0; i < 7; i++)
			if (strncasecmp(p, day_names[i], 3) == 0)
				break;
		if (i == 7)
			return PK_EINVAL;
		p += 3;
		p = skip_space(p);
		if (*p++ != ',')
			return PK_EINVAL;
		p = skip_space(p);
	}
	if (number(&p, 2, &d, NULL))
		return PK_EINVAL;
	p = skip_space(p);
	for (i = 0; i < 12; i++)
		if (strncasecmp(p, month_names[i], 3) == 0)
			mo = i + 1;
	if (mo < 0 || isalpha((unsigned char)p[3]))
		return PK_EINVAL;
	p = skip_space(p + 3);
	if (number(&p, 4, &y, &nd) || nd != 4)
		return PK_EINVAL;
	p = skip_space(p);
	if (number(&p, 2, &h, &nd) || nd != 2 || *p++ != ':' ||
	    number(&p, 2, &mi, &nd) || nd != 2)
		return PK_EINVAL;
	if (*p == ':') {
		p++;
		if (number(&p, 2, &sec, &nd) || nd != 2)
			return PK_EINVAL;
	}
	p = skip_space(p);
	if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1, hh, mm;

		p++;
		if (digits(&p, 2, &hh) || digits(&p, 2, &mm) || mm > 59)
			return PK_EINVAL;
		tz = sign * (hh * 60 + mm);
	} else {
		n = 0;
		while (isalpha((unsigned char)p[n]))
			n++;
		if (n == 0 || zone_name(p, n, &tz))
			return PK_EINVAL;
		p += n;
	}
	p = skip_space(p);
	if (*p)
		return PK_EINVAL;
	if (civil_to_epoch(y, mo, d, h, mi, sec, &v))
		return PK_EINVAL;
	*t = v - (int64_t)tz * 60;
	return 0;
}

int pk_duration_parse(const char *s, double *seconds)
{
	double part[3], frac = 0;
	const char *p = s;
	int n = 0, i;

	if (!s || !*s)
		return PK_EINVAL;
	for (;;) {
		double x = 0;
		int nd = 0;

		if (n == 3)
			return PK_EINVAL;
		while (isdigit((unsigned char)*p)) {
			x = x * 10 + (*p - '0');
			p++;
			nd++;
		}
		if (nd == 0 || nd > 12)
			return PK_EINVAL;
		part[n++] = x;
		if (*p != ':')
			break;
		p++;
	}
	if (*p == '.') {
		double scale = 0.1;

		p++;
		if (!isdigit((unsigned char)*p))
			return PK_EINVAL;
		while (isdigit((unsigned char)*p)) {
			frac += (*p - '0') * scale;
			scale /= 10;
			p++;
		}
	}
	if (*p)
		return PK_EINVAL;
	/* Minutes and seconds after the first field stay under 60. */
	for (i = 1; i < n; i++)
		if (part[i] >= 60)
			return PK_EINVAL;
	if (n == 1)
		*seconds = part[0] + frac;
	else if (n == 2)
		*seconds = part[0] * 60 + part[1] + frac;
	else
		*seconds = part[0] * 3600 + part[1] * 60 + part[2] + frac;
	return 0;
}

/* Writes v (not negative) in decimal, zero-padded to at least min
 * digits, at p; returns the end. */
static char *put_digits(char *p, long long v, int min)
{
	char rev[24];
	int n = 0;

	do {
		rev[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && n < 20);
	while (n < min)
		rev[n++] = '0';
	while (n > 0)
		*p++ = rev[--n];
	return p;
}

char *pk_duration_format(double seconds, int pad_hours, char *buf, size_t size)
{
	long long s = seconds > 0 ? (long long)floor(seconds + 0.5) : 0;
	long long h = s / 3600, m = s / 60 % 60, sec = s % 60;
	char tmp[48], *p = tmp;
	size_t n;

	/* Chapter lists format thousands of these: no printf. */
	if (pad_hours || h > 0) {
		p = put_digits(p, h, pad_hours ? 2 : 1);
		*p++ = ':';
		p = put_digits(p, m, 2);
	} else {
		p = put_digits(p, m, 1);
	}
	*p++ = ':';
	p = put_digits(p, sec, 2);
	n = (size_t)(p - tmp);
	if (size) {
		if (n >= size)
			n = size - 1;
		memcpy(buf, tmp, n);
		buf[n] = '\0';
	}
	return buf;
}

int64_t pk_now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");

	if (e && *e) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(e, &end, 10);
		if (!errno && !*end && v >= 0)
			return (int64_t)v;
	}
	return (int64_t)time(NULL);
}
