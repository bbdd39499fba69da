/* fuzz_range.c: the HTTP Range header parser of podkit serve. The first 8
 * bytes give the file size; the rest is the header value. An answer of 206
 * must name bytes inside the file, first <= last. */
#include "fuzz_common.h"
#include "serve/range_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pk_range r;
	uint64_t raw = 0;
	int64_t fsize;
	char *value;

	if (size < 8)
		return 0;
	memcpy(&raw, data, 8);
	fsize = (int64_t)(raw % ((uint64_t)1 << 50));
	value = fuzz_cstr(data + 8, size - 8);
	if (pk_range_parse(value, fsize, &r) == PK_RANGE_OK &&
	    (r.first < 0 || r.first > r.last || r.last >= fsize))
		abort();
	free(value);
	return 0;
}
