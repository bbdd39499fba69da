/* test_publish.c: the publish plan's pure parts: content types, caching,
 * upload order, key encoding, the manifest, and the credentials rules. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "publish/publish_plan_int.h"
#include "harness.h"
#include "publish/credentials_int.h"
#include "podkit/fsio.h"

static void types(void)
{
	CHECK_STR(pk_pub_content_type("feed.xml"), "application/rss+xml");
	CHECK_STR(pk_pub_content_type("audio/a.mp3"), "audio/mpeg");
	CHECK_STR(pk_pub_content_type("audio/a.M4A"), "audio/x-m4a");
	CHECK_STR(pk_pub_content_type("chapters/1.json"), "application/json");
	CHECK_STR(pk_pub_content_type("transcripts/1.vtt"), "text/vtt");
	CHECK_STR(pk_pub_content_type("transcripts/1.srt"),
		  "application/x-subrip");
	CHECK_STR(pk_pub_content_type("images/c.jpg"), "image/jpeg");
	CHECK_STR(pk_pub_content_type("images/c.png"), "image/png");
	CHECK_STR(pk_pub_content_type("index.html"),
		  "text/html; charset=utf-8");
	CHECK_STR(pk_pub_content_type("a.dir/noext"),
		  "application/octet-stream");
}

static void caching(void)
{
	const char *imm = "public, max-age=31536000, immutable";

	CHECK_STR(pk_pub_cache_control("audio/001-x.3f2a9c1b.mp3"), imm);
	CHECK_STR(pk_pub_cache_control("images/cover-0123abcd.jpg"), imm);
	CHECK_STR(pk_pub_cache_control("audio/001-x.mp3"),
		  "public, max-age=3600");
	/* 7 hex digits are not a content hash */
	CHECK_STR(pk_pub_cache_control("audio/x.3f2a9c1.mp3"),
		  "public, max-age=3600");
	CHECK_STR(pk_pub_cache_control("feed.xml"), "public, max-age=300");
	CHECK_STR(pk_pub_cache_control("episodes/1.html"),
		  "public, max-age=300");
	/* a hash-named page is still a page: it may change under its name */
	CHECK_STR(pk_pub_cache_control("deadbeef01.html"),
		  "public, max-age=300");
}

static void order(void)
{
	CHECK(pk_pub_classify("audio/a.mp3") < pk_pub_classify("c.jpg"));
	CHECK(pk_pub_classify("c.jpg") < pk_pub_classify("chapters/1.json"));
	CHECK(pk_pub_classify("chapters/1.json") <
	      pk_pub_classify("transcripts/1.vtt"));
	CHECK_INT(pk_pub_classify("transcripts/1.json"), PK_CLASS_TRANSCRIPT);
	CHECK(pk_pub_classify("transcripts/1.vtt") <
	      pk_pub_classify("index.html"));
	CHECK_INT(pk_pub_classify("feed.xml"), PK_CLASS_FEED);
	CHECK_INT(pk_pub_classify("old/feed.xml"), PK_CLASS_PAGE);
}

static void encoding(void)
{
	char *s = pk_url_encode("a b/ü+&=~x.y_z-1", 1);

	CHECK_STR(s, "a%20b/%C3%BC%2B%26%3D~x.y_z-1");
	free(s);
	s = pk_url_encode("show/x", 0);
	CHECK_STR(s, "show%2Fx");
	free(s);
}

static void manifest(void)
{
	struct pk_remote_state st = {0}, back = {0};
	struct pk_error err = {0};
	char *json;

	CHECK_INT(pk_remote_add(&st, "feed.xml", 12, "ab", NULL), 0);
	CHECK_INT(pk_remote_add(&st, "audio/a b.mp3", 1234567890123LL,
				"cd", NULL), 0);
	json = pk_manifest_format(&st);
	CHECK(json != NULL);
	CHECK_INT(pk_manifest_parse(json, strlen(json), &back, &err), 0);
	CHECK_INT(back.n, 2);
	pk_remote_sort(&back);
	CHECK_STR(back.v[0].key, "audio/a b.mp3");
	CHECK_INT(back.v[0].size, 1234567890123LL);
	CHECK_STR(back.v[1].sha256, "ab");
	CHECK(pk_remote_lookup(&back, "feed.xml") == &back.v[1]);
	CHECK(pk_remote_lookup(&back, "nope") == NULL);
	CHECK_INT(pk_manifest_parse("{", 1, &back, &err), PK_EINVAL);
	CHECK(strstr(err.msg, PK_MANIFEST_NAME) != NULL);
	free(json);
	pk_remote_release(&st);
	pk_remote_release(&back);
}

static void credentials(void)
{
	char dir[] = "/tmp/pk-cred-XXXXXX", path[64];
	const char *text = "# comment\nAWS_ACCESS_KEY_ID = AKID\n"
			   "AWS_SECRET_ACCESS_KEY=top-Secret\n";
	struct pk_credentials c;
	struct pk_error err = {0};

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/creds", dir);
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	setenv("PODKIT_CREDENTIALS", path, 1);
	pk_write_atomic(path, text, strlen(text), 0644, NULL);
	CHECK_INT(pk_credentials_load(&c, &err), PK_EAUTH);
	CHECK(strstr(err.msg, "readable by group or others") != NULL);
	CHECK(strstr(err.msg, "top-Secret") == NULL);
	pk_credentials_release(&c);
	chmod(path, 0600);
	CHECK_INT(pk_credentials_load(&c, &err), 0);
	CHECK_STR(c.access_key, "AKID");
	CHECK_STR(c.secret_key, "top-Secret");
	pk_credentials_release(&c);
	CHECK(c.secret_key == NULL);
	/* the environment wins over the file */
	setenv("AWS_SECRET_ACCESS_KEY", "from-env", 1);
	CHECK_INT(pk_credentials_load(&c, &err), 0);
	CHECK_STR(c.secret_key, "from-env");
	pk_credentials_release(&c);
	unsetenv("AWS_SECRET_ACCESS_KEY");
	pk_write_atomic(path, "NOPE\n", 5, 0600, NULL);
	CHECK_INT(pk_credentials_load(&c, &err), PK_EINVAL);
	CHECK(strstr(err.msg, ":1:") != NULL);
	pk_credentials_release(&c);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	types();
	caching();
	order();
	encoding();
	manifest();
	credentials();
	return harness_done();
}
