/* test_mime.c: the one extension -> MIME table (base/mime.c) and what
 * each of its users makes of it: the server, the publish targets, the
 * probe of a file or URL, and the encoder's formats. Each list is every
 * extension that user's own table knew before the table was shared, with
 * the type it gave. */
#include "audio/audio_int.h"
#include "base/mime_int.h"
#include "harness.h"
#include "media/media_int.h"
#include "serve/serve_mime_int.h"
#include "publish/publish_plan_int.h"

struct pair {
	const char *name, *type;
};

static void table(void)
{
	const struct pk_mime *m;

	m = pk_mime_by_ext("mp3");
	CHECK(m != NULL);
	CHECK_STR(m ? m->type : NULL, "audio/mpeg");
	CHECK(m && m->charset == NULL);
	CHECK(pk_mime_is_audio(m));
	m = pk_mime_by_ext("HTML");
	CHECK_STR(m ? m->type : NULL, "text/html");
	CHECK_STR(m ? m->charset : NULL, "text/html; charset=utf-8");
	CHECK(!pk_mime_is_audio(m));
	CHECK(!pk_mime_is_audio(NULL));
	CHECK(pk_mime_by_ext("") == NULL);
	CHECK(pk_mime_by_ext("exe") == NULL);
	CHECK(pk_mime_by_ext(NULL) == NULL);
	m = pk_mime_by_name("feed/audio/001-a.1234abcd.Opus");
	CHECK_STR(m ? m->ext : NULL, "opus");
	CHECK(pk_mime_by_name("a.dir/noext") == NULL);
	CHECK(pk_mime_by_name("noext") == NULL);
	CHECK(pk_mime_by_name("trailing.") == NULL);
}

static void serve(void)
{
	static const struct pair want[] = {
	    {"a.mp3", "audio/mpeg"},
	    {"a.m4a", "audio/x-m4a"},
	    {"a.m4b", "audio/x-m4a"},
	    {"a.aac", "audio/aac"},
	    {"a.mp4", "video/mp4"},
	    {"a.m4v", "video/x-m4v"},
	    {"a.ogg", "audio/ogg"},
	    {"a.oga", "audio/ogg"},
	    {"a.opus", "audio/ogg"},
	    {"a.flac", "audio/flac"},
	    {"a.wav", "audio/wav"},
	    {"a.rss", "application/rss+xml; charset=utf-8"},
	    {"a.xml", "application/xml; charset=utf-8"},
	    {"a.json", "application/json"},
	    {"a.vtt", "text/vtt; charset=utf-8"},
	    {"a.srt", "application/x-subrip"},
	    {"a.html", "text/html; charset=utf-8"},
	    {"a.htm", "text/html; charset=utf-8"},
	    {"a.css", "text/css; charset=utf-8"},
	    {"a.js", "text/javascript; charset=utf-8"},
	    {"a.txt", "text/plain; charset=utf-8"},
	    {"a.md", "text/markdown; charset=utf-8"},
	    {"a.jpg", "image/jpeg"},
	    {"a.jpeg", "image/jpeg"},
	    {"a.png", "image/png"},
	    {"a.webp", "image/webp"},
	    {"a.gif", "image/gif"},
	    {"a.svg", "image/svg+xml"},
	    {"a.ico", "image/x-icon"},
	    {"a.pdf", "application/pdf"},
	    /* the feed is RSS; case does not matter; no type: bytes */
	    {"feed.xml", "application/rss+xml; charset=utf-8"},
	    {"sub/FEED.XML", "application/rss+xml; charset=utf-8"},
	    {"episodes/x/A.MP3", "audio/mpeg"},
	    {"a.dir/noext", "application/octet-stream"},
	    {"a.exe", "application/octet-stream"},
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK_STR(pk_serve_mime(want[i].name), want[i].type);
	CHECK(pk_serve_compressible(pk_serve_mime("a.vtt")));
	CHECK(!pk_serve_compressible(pk_serve_mime("a.mp3")));
}

static void publish(void)
{
	static const struct pair want[] = {
	    {"a.mp3", "audio/mpeg"},
	    {"a.m4a", "audio/x-m4a"},
	    {"a.mp4", "audio/mp4"},
	    {"a.aac", "audio/aac"},
	    {"a.ogg", "audio/ogg"},
	    {"a.opus", "audio/ogg"},
	    {"a.jpg", "image/jpeg"},
	    {"a.jpeg", "image/jpeg"},
	    {"a.png", "image/png"},
	    {"a.webp", "image/webp"},
	    {"a.vtt", "text/vtt"},
	    {"a.srt", "application/x-subrip"},
	    {"a.json", "application/json"},
	    {"a.html", "text/html; charset=utf-8"},
	    {"a.css", "text/css"},
	    {"a.xml", "application/xml"},
	    {"a.txt", "text/plain; charset=utf-8"},
	    {"feed.xml", "application/rss+xml"},
	    /* what publish does not classify goes up as bytes */
	    {"a.wav", "application/octet-stream"},
	    {"a.md", "application/octet-stream"},
	    {"a.dir/noext", "application/octet-stream"},
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK_STR(pk_pub_content_type(want[i].name), want[i].type);
	CHECK_INT(pk_pub_classify("a.OPUS"), PK_CLASS_AUDIO);
	CHECK_INT(pk_pub_classify("i/a.webp"), PK_CLASS_IMAGE);
	CHECK_INT(pk_pub_classify("c/1.json"), PK_CLASS_CHAPTERS);
	CHECK_INT(pk_pub_classify("transcripts/1.json"), PK_CLASS_TRANSCRIPT);
	CHECK_INT(pk_pub_classify("a.srt"), PK_CLASS_TRANSCRIPT);
	CHECK_INT(pk_pub_classify("a.css"), PK_CLASS_PAGE);
	CHECK_INT(pk_pub_classify("a.wav"), PK_CLASS_PAGE);
	CHECK_INT(pk_pub_classify("feed.xml"), PK_CLASS_FEED);
}

static void media(void)
{
	static const struct pair want[] = {
	    {"x.mp3", "audio/mpeg"},
	    {"x.m4a", "audio/x-m4a"},
	    {"x.mp4", "audio/mp4"},
	    {"x.m4b", "audio/x-m4a"},
	    {"x.aac", "audio/aac"},
	    {"x.ogg", "audio/ogg"},
	    {"x.oga", "audio/ogg"},
	    {"x.opus", "audio/opus"},
	    {"x.wav", "audio/wav"},
	    {"x.flac", "audio/flac"},
	    {"x.webm", "audio/webm"},
	    {"x.aif", "audio/aiff"},
	    {"x.aiff", "audio/aiff"},
	    {"https://cdn/e.MP3?x=1#t", "audio/mpeg"},
	    /* only audio: anything else is left to the episode to say */
	    {"x.m4v", NULL},
	    {"x.jpg", NULL},
	    {"x.html", NULL},
	    {"x.unknown", NULL},
	    {"https://x.y/file", NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK_STR(pk_media_mime_for_name(want[i].name), want[i].type);
}

static void formats(void)
{
	CHECK_STR(pk_format_mime("mp3"), "audio/mpeg");
	CHECK_STR(pk_format_mime("m4a"), "audio/x-m4a");
	CHECK_STR(pk_format_mime("opus"), "audio/ogg");
	CHECK(pk_format_mime("wav") == NULL);
	CHECK(pk_format_mime(NULL) == NULL);
}

int main(void)
{
	table();
	serve();
	publish();
	media();
	formats();
	return harness_done();
}
