/* test_prefix.c: enclosure URLs wrapped in analytics prefixes. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "base/prefix_int.h"

static void want(const char *url, char *const *p, size_t n, const char *exp)
{
	char *got = pk_url_wrap(url, p, n);

	CHECK_STR(got, exp);
	free(got);
}

int main(void)
{
	static char a[] = "https://op3.dev/e/", b[] = "http://stats.example.com";
	char *op3[] = {a};
	char *two[] = {a, b};

	want("https://cdn.example.com/a/1.mp3", NULL, 0,
	     "https://cdn.example.com/a/1.mp3");
	want("https://cdn.example.com/a/1.mp3", op3, 1,
	     "https://op3.dev/e/cdn.example.com/a/1.mp3");
	/* The first prefix is the outermost; each drops the scheme of what
	 * it wraps, and a missing slash is added. */
	want("http://cdn.example.com/1.mp3", two, 2,
	     "https://op3.dev/e/stats.example.com/cdn.example.com/1.mp3");
	return harness_done();
}
