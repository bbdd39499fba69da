/* range_int.h: the HTTP Range request header (RFC 9110 section 14), parsed
 * against a file's size into one byte range.
 *
 * A pure function with no allocation, so it can be unit-tested and fuzzed
 * on its own. podkit serve answers one range per request: a header asking
 * for several ranges is answered with the whole file (RFC 9110 lets a
 * server ignore Range), which every podcast app accepts.
 */
#ifndef PODKIT_RANGE_H
#define PODKIT_RANGE_H

#include <stddef.h>
#include <stdint.h>

/* A byte range, both ends inclusive: bytes first..last of the file. */
struct pk_range {
	int64_t first;
	int64_t last;
};

enum pk_range_result {
	PK_RANGE_IGNORE = 0,	     /* malformed, not "bytes=", or several
					ranges: answer 200 with the file */
	PK_RANGE_OK = 1,	     /* *out is set: answer 206 */
	PK_RANGE_UNSATISFIABLE = 2   /* answer 416, "bytes * /SIZE" */
};

/* Parses value (the header's value, e.g. "bytes=0-1023", "bytes=500-",
 * "bytes=-500") against a file of size bytes. The three forms:
 *   a-b  bytes a..b (b clamped to size - 1); a > b is malformed
 *   a-   bytes a..end
 *   -n   the last n bytes (the whole file when n >= size); -0 cannot be
 *        satisfied
 * A first byte at or past the end cannot be satisfied. Spaces around the
 * range are allowed; anything else malformed makes the header ignored.
 * value may be NULL (no header: PK_RANGE_IGNORE). */
enum pk_range_result pk_range_parse(const char *value, int64_t size,
				    struct pk_range *out);

#endif
