/* error.h: podkit's error codes and the error record a failing call fills.
 *
 * The library never prints and never exits. A call that can fail returns an
 * int: 0 on success, a negative PK_E* code on failure, and fills an optional
 * struct pk_error (pass NULL when the message is not wanted) with a human
 * message of the form "file:line: what is wrong" where there is a file.
 */
#ifndef PODKIT_ERROR_H
#define PODKIT_ERROR_H

#include <stddef.h>

enum pk_code {
	PK_OK = 0,
	PK_ENOMEM = -1,   /* out of memory */
	PK_EIO = -2,      /* reading or writing a file failed (errno text) */
	PK_EINVAL = -3,   /* bad input: metadata, options, a malformed file */
	PK_ENOENT = -4,   /* a named file or object does not exist */
	PK_EMEDIA = -5,   /* audio or image cannot be decoded or encoded */
	PK_ENET = -6,     /* a network transfer failed */
	PK_EAUTH = -7,    /* credentials refused or unreadable */
	PK_EINTERNAL = -8 /* a library call failed in a way input cannot cause */
};

#define PK_ERROR_MAX 1024

struct pk_error {
	int code;
	char msg[PK_ERROR_MAX];
};

#if defined(__GNUC__)
#define PK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PK_PRINTF(f, a)
#endif

/* Fills err (when not NULL) with code and the formatted message; returns
 * code, so a caller can write `return pk_error_set(err, PK_EINVAL, ...)`. */
int pk_error_set(struct pk_error *err, int code, const char *fmt, ...)
	PK_PRINTF(3, 4);

/* As pk_error_set, with ": " and strerror(errno) appended (errno is read
 * on entry, before anything can change it). */
int pk_error_errno(struct pk_error *err, int code, const char *fmt, ...)
	PK_PRINTF(3, 4);

/* Clears err (when not NULL) to code 0 and an empty message. */
void pk_error_clear(struct pk_error *err);

/* A static description of a PK_E* code ("out of memory"...). */
const char *pk_strerror(int code);

#endif
