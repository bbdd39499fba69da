/* buf.c: the growable byte buffer. */
#include "base/buf_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pk_buf_init(struct pk_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void pk_buf_release(struct pk_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

void pk_buf_reset(struct pk_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static int grow(struct pk_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return -1;
	if (extra > (size_t)-1 / 2 - b->len) {
		b->oom = 1;
		return -1;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void pk_buf_append(struct pk_buf *b, const void *p, size_t n)
{
	if (grow(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void pk_buf_puts(struct pk_buf *b, const char *s)
{
	pk_buf_append(b, s, strlen(s));
}

void pk_buf_putc(struct pk_buf *b, char c)
{
	pk_buf_append(b, &c, 1);
}

void pk_buf_printf(struct pk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n)) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

int pk_buf_ok(const struct pk_buf *b)
{
	return b->oom ? PK_ENOMEM : 0;
}

char *pk_buf_detach(struct pk_buf *b)
{
	char *s;

	if (b->oom) {
		pk_buf_release(b);
		return NULL;
	}
	s = b->data ? b->data : strdup("");
	memset(b, 0, sizeof(*b));
	return s;
}

const char *pk_buf_str(const struct pk_buf *b)
{
	return b->data ? b->data : "";
}
