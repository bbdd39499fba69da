/* test_range.c: the Range header parser. */
#include "harness.h"

#include "serve/range_int.h"

static void want(const char *h, int64_t size, int res, int64_t first,
		 int64_t last)
{
	struct pk_range r = {-7, -7};
	int got = pk_range_parse(h, size, &r);
	char what[200];

	snprintf(what, sizeof(what), "'%s' on %lld bytes -> %d %lld-%lld",
		 h ? h : "(null)", (long long)size, res, (long long)first,
		 (long long)last);
	if (got == res && (res != PK_RANGE_OK ||
			   (r.first == first && r.last == last))) {
		harness_result(1, __FILE__, __LINE__, what);
	} else {
		harness_result(0, __FILE__, __LINE__, what);
		printf("#   got %d %lld-%lld\n", got, (long long)r.first,
		       (long long)r.last);
	}
}

int main(void)
{
	want(NULL, 100, PK_RANGE_IGNORE, 0, 0);
	want("bytes=0-9", 100, PK_RANGE_OK, 0, 9);
	want("bytes=0-0", 100, PK_RANGE_OK, 0, 0);
	want("bytes=0-1", 100, PK_RANGE_OK, 0, 1);
	want("bytes=10-", 100, PK_RANGE_OK, 10, 99);
	want("bytes=-10", 100, PK_RANGE_OK, 90, 99);
	want("bytes=-1000", 100, PK_RANGE_OK, 0, 99);
	want("bytes=50-1000", 100, PK_RANGE_OK, 50, 99);
	want("bytes=99-99", 100, PK_RANGE_OK, 99, 99);
	want("Bytes = 5 - 6", 100, PK_RANGE_IGNORE, 0, 0);
	want(" bytes = 5-6 ", 100, PK_RANGE_OK, 5, 6);
	want("bytes=100-", 100, PK_RANGE_UNSATISFIABLE, 0, 0);
	want("bytes=100-200", 100, PK_RANGE_UNSATISFIABLE, 0, 0);
	want("bytes=-0", 100, PK_RANGE_UNSATISFIABLE, 0, 0);
	want("bytes=0-", 0, PK_RANGE_UNSATISFIABLE, 0, 0);
	want("bytes=-5", 0, PK_RANGE_UNSATISFIABLE, 0, 0);
	want("bytes=9-5", 100, PK_RANGE_IGNORE, 0, 0);
	want("bytes=", 100, PK_RANGE_IGNORE, 0, 0);
	want("bytes=-", 100, PK_RANGE_IGNORE, 0, 0);
	want("bytes=a-b", 100, PK_RANGE_IGNORE, 0, 0);
	want("items=0-5", 100, PK_RANGE_IGNORE, 0, 0);
	want("bytes=0-5,10-20", 100, PK_RANGE_IGNORE, 0, 0);
	want("bytes=0-5x", 100, PK_RANGE_IGNORE, 0, 0);
	want("bytes=99999999999999999999-", 100, PK_RANGE_IGNORE, 0, 0);
	want("bytes=0-99999999999999999999", 100, PK_RANGE_IGNORE, 0, 0);
	want("bytes=0-9223372036854775807", 100, PK_RANGE_OK, 0, 99);
	want("bytes=--5", 100, PK_RANGE_IGNORE, 0, 0);
	want("bytes=+5-6", 100, PK_RANGE_IGNORE, 0, 0);
	return harness_done();
}
