/* utf8.c: where a text first stops being UTF-8, for messages that name
 * the line. */
#include "base/utf8_int.h"

#include <stdint.h>
#include <string.h>

/* How many bytes at p (n available) are ASCII other than NUL: eight at a
 * time while they are, as nearly all of a text file is. */
static size_t ascii_run(const unsigned char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t high = 0x8080808080808080ull;
	size_t i = 0;

	while (i + 8 <= n) {
		uint64_t v;

		memcpy(&v, p + i, 8);
		/* a byte with its top bit set, or a zero byte */
		if ((v & high) || ((v - ones) & ~v & high))
			break;
		i += 8;
	}
	while (i < n && p[i] && p[i] < 0x80)
		i++;
	return i;
}

static long line_of(const unsigned char *p, size_t off)
{
	const unsigned char *end = p + off, *q = p;
	long line = 1;

	while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		line++;
		q++;
	}
	return line;
}

size_t pk_utf8_seq_len(const unsigned char *p, size_t n)
{
	size_t len, i;
	unsigned long cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

long pk_utf8_bad_line(const char *data, size_t len, unsigned char *byte)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t i = 0, l;

	while (i < len) {
		i += ascii_run(p + i, len - i);
		if (i == len)
			break;
		l = p[i] ? pk_utf8_seq_len(p + i, len - i) : 0;
		if (!l) {
			if (byte)
				*byte = p[i];
			return line_of(p, i);
		}
		i += l;
	}
	return 0;
}
