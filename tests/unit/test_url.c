/* test_url.c: the one http(s) URL check (podkit/url.h): the scheme alone
 * for "remote or local", and the host and characters for a URL an app
 * can fetch. */
#include "harness.h"
#include "base/url_int.h"

static void test_is_http(void)
{
	CHECK(pk_url_is_http("http://example.com/a.mp3"));
	CHECK(pk_url_is_http("https://example.com/"));
	CHECK(pk_url_is_http("HTTPS://x"));
	CHECK(pk_url_is_http("Http://x"));
	/* the scheme is all it looks at */
	CHECK(pk_url_is_http("https://"));
	CHECK(pk_url_is_http("http:// spaced"));
	CHECK(!pk_url_is_http("file:///etc/passwd"));
	CHECK(!pk_url_is_http("ftp://example.com/a.mp3"));
	CHECK(!pk_url_is_http("s3://bucket/key"));
	CHECK(!pk_url_is_http("http:/one-slash"));
	CHECK(!pk_url_is_http("https:relative"));
	CHECK(!pk_url_is_http("images/cover.jpg"));
	CHECK(!pk_url_is_http("/abs/http://x"));
	CHECK(!pk_url_is_http(""));
	CHECK(!pk_url_is_http(NULL));
}

static void test_with_host(void)
{
	CHECK(pk_url_is_http_with_host("https://example.com/feed.xml"));
	CHECK(pk_url_is_http_with_host("HTTP://example.com"));
	CHECK(pk_url_is_http_with_host("https://example.com/a?b=c#d"));
	/* a feed's URL may hold what XML escapes */
	CHECK(pk_url_is_http_with_host("https://x/a<b>\"c\\"));
	CHECK(pk_url_is_http_with_host("https://:8080/"));
	CHECK(!pk_url_is_http_with_host("https://"));
	CHECK(!pk_url_is_http_with_host("https:///path"));
	CHECK(!pk_url_is_http_with_host("https://x/a b"));
	CHECK(!pk_url_is_http_with_host("https://x/a\tb"));
	CHECK(!pk_url_is_http_with_host("https://x/a\nb"));
	CHECK(!pk_url_is_http_with_host("https://x/a\x7f"));
	CHECK(!pk_url_is_http_with_host("ftp://example.com/"));
	CHECK(!pk_url_is_http_with_host("example.com"));
	CHECK(!pk_url_is_http_with_host(NULL));
}

int main(void)
{
	test_is_http();
	test_with_host();
	return harness_done();
}
