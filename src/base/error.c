/* error.c: filling struct pk_error. */
#include "podkit/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void set_va(struct pk_error *err, int code, const char *fmt,
		   va_list ap) PK_PRINTF(3, 0);

static void set_va(struct pk_error *err, int code, const char *fmt,
		   va_list ap)
{
	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int pk_error_set(struct pk_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	set_va(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int pk_error_errno(struct pk_error *err, int code, const char *fmt, ...)
{
	int saved = errno;
	size_t len;
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	set_va(err, code, fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	snprintf(err->msg + len, sizeof(err->msg) - len, ": %s",
		 strerror(saved));
	return code;
}

void pk_error_clear(struct pk_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}

const char *pk_strerror(int code)
{
	switch (code) {
	case PK_OK: return "success";
	case PK_ENOMEM: return "out of memory";
	case PK_EIO: return "input/output error";
	case PK_EINVAL: return "invalid input";
	case PK_ENOENT: return "not found";
	case PK_EMEDIA: return "media error";
	case PK_ENET: return "network error";
	case PK_EAUTH: return "authentication failed";
	default: return "internal error";
	}
}
