/* gzip_int.h: a buffer compressed as one gzip stream
 * (gzip.c, with zlib), for the server's text responses. Includes nothing
 * but <stddef.h>. */
#ifndef PODKIT_GZIP_INT_H
#define PODKIT_GZIP_INT_H

#include <stddef.h>

/* Compresses n bytes of in as a gzip stream (zlib). Returns 0 and sets
 * *out (malloc'd; the caller frees) and *outlen, or PK_ENOMEM. */
int pk_gzip(const void *in, size_t n, unsigned char **out, size_t *outlen);

#endif
