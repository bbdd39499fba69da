/* gzip.c: a buffer compressed to a gzip stream with zlib. */
#include "serve/gzip_int.h"

#include <stdint.h>
#include <stdlib.h>

#include <zlib.h>

#include "podkit/error.h"

int pk_gzip(const void *in, size_t n, unsigned char **out, size_t *outlen)
{
	z_stream z = {0};
	unsigned char *buf;
	uLong cap;
	int r;

	*out = NULL;
	*outlen = 0;
	/* windowBits 15 + 16: a gzip header and trailer, not zlib's. */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return PK_ENOMEM;
	cap = deflateBound(&z, (uLong)n);
	buf = malloc(cap ? cap : 1);
	if (!buf) {
		deflateEnd(&z);
		return PK_ENOMEM;
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = buf;
	z.avail_out = (uInt)cap;
	r = deflate(&z, Z_FINISH);
	if (r != Z_STREAM_END) {
		deflateEnd(&z);
		free(buf);
		return PK_ENOMEM;
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	*out = buf;
	return 0;
}
