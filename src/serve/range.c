/* range.c: parses an HTTP Range header into one byte range. */
#include "serve/range_int.h"

#include <string.h>
#include <strings.h>

/* Reads a run of decimal digits into *v; NULL when there is none or when
 * it would overflow int64_t. */
static const char *digits(const char *p, int64_t *v)
{
	int64_t n = 0;
	const char *start = p;

	while (*p >= '0' && *p <= '9') {
		int d = *p - '0';

		if (n > (INT64_MAX - d) / 10)
			return NULL;
		n = n * 10 + d;
		p++;
	}
	if (p == start)
		return NULL;
	*v = n;
	return p;
}

static const char *spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

enum pk_range_result pk_range_parse(const char *value, int64_t size,
				    struct pk_range *out)
{
	const char *p;
	int64_t a = -1, b = -1;

	if (!value || size < 0)
		return PK_RANGE_IGNORE;
	p = spaces(value);
	if (strncasecmp(p, "bytes", 5) != 0)
		return PK_RANGE_IGNORE;
	p = spaces(p + 5);
	if (*p != '=')
		return PK_RANGE_IGNORE;
	p = spaces(p + 1);
	if (*p == '-') {
		/* A suffix: the last n bytes. */
		p = digits(p + 1, &b);
		if (!p)
			return PK_RANGE_IGNORE;
	} else {
		p = digits(p, &a);
		if (!p || *p != '-')
			return PK_RANGE_IGNORE;
		p++;
		if (*p >= '0' && *p <= '9') {
			p = digits(p, &b);
			if (!p || b < a)
				return PK_RANGE_IGNORE;
		}
	}
	p = spaces(p);
	/* "bytes=0-1,5-9": several ranges are answered with the whole
	 * file; anything else after the range is malformed. */
	if (*p != '\0')
		return PK_RANGE_IGNORE;

	if (a < 0) {
		if (b == 0 || size == 0)
			return PK_RANGE_UNSATISFIABLE;
		out->first = b >= size ? 0 : size - b;
		out->last = size - 1;
		return PK_RANGE_OK;
	}
	if (a >= size)
		return PK_RANGE_UNSATISFIABLE;
	out->first = a;
	out->last = (b < 0 || b >= size) ? size - 1 : b;
	return PK_RANGE_OK;
}
