/* buf_int.h: a growable byte buffer, always NUL-terminated.
 *
 * Appends never fail silently: after an allocation failure the buffer is
 * marked (oom) and later appends are ignored, so a caller can build a whole
 * string and check once with pk_buf_ok().
 */
#ifndef PODKIT_BUF_H
#define PODKIT_BUF_H

#include <stddef.h>

#include "podkit/error.h"

struct pk_buf {
	char *data; /* NUL-terminated once anything was appended; may be NULL */
	size_t len, cap;
	int oom;
};

/* A buffer the caller owns: init, append, then release or detach. */
void pk_buf_init(struct pk_buf *b);
void pk_buf_release(struct pk_buf *b);
void pk_buf_reset(struct pk_buf *b); /* len = 0, keeps the memory */

void pk_buf_append(struct pk_buf *b, const void *p, size_t n);
void pk_buf_puts(struct pk_buf *b, const char *s);
void pk_buf_putc(struct pk_buf *b, char c);
void pk_buf_printf(struct pk_buf *b, const char *fmt, ...) PK_PRINTF(2, 3);

/* 0 when every append so far succeeded, PK_ENOMEM otherwise. */
int pk_buf_ok(const struct pk_buf *b);

/* The contents as a malloc'd string the caller frees ("" when empty);
 * NULL after an allocation failure. The buffer is left empty. */
char *pk_buf_detach(struct pk_buf *b);

/* The contents, "" when empty; borrowed until the next append. */
const char *pk_buf_str(const struct pk_buf *b);

#endif
