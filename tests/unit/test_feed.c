/* test_feed.c: the feed writer on shows built by hand: XML escaping and
 * cleaning, CDATA splitting, enclosure and duration, order, scheduled and
 * failed episodes, persons, chapters, and the JSON chapters file. */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "base/buf_int.h"
#include "chapters/chapters_int.h"
#include "podkit/date.h"
#include "feed/feed_int.h"
#include "podkit/notes.h"
#include "feed/xmlw_int.h"
#include "model/layout_int.h"


static char *xml_of(void (*fn)(struct pk_xmlw *))
{
	xmlBufferPtr buf = xmlBufferCreate();
	struct pk_xmlw x;
	char *s;

	CHECK(pk_xmlw_open_buffer(&x, buf, NULL) == 0);
	pk_xmlw_start(&x, "r");
	fn(&x);
	pk_xmlw_end(&x);
	CHECK(pk_xmlw_finish(&x) == 0);
	s = strdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	return s;
}

static void w_escape(struct pk_xmlw *x)
{
	pk_xmlw_elem(x, "t", "Maya & Jonah <3 > \"you\" ]]> caf\xc3\xa9 "
			     "\xe2\x80\x94 \xf0\x9f\x8e\xa7");
	pk_xmlw_start(x, "a");
	pk_xmlw_attr(x, "v", "a&b<c\"d");
	pk_xmlw_end(x);
}

static void w_cdata(struct pk_xmlw *x)
{
	pk_xmlw_cdata_elem(x, "c", "a]]>b]]>]]>c & <b>");
}

static void w_control(struct pk_xmlw *x)
{
	/* bell, NUL-less controls, a lone continuation byte, an overlong
	 * '/', a surrogate, U+FFFE: all dropped; tab/newline kept. */
	pk_xmlw_elem(x, "t", "a\x07" "b\x1b" "c\td\n\x80"
			     "e\xc0\xaf" "f\xed\xa0\x80" "g\xef\xbf\xbeh");
}

static char *text_of(const char *xml, const char *xpath)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL,
				      XML_PARSE_NONET);
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr o;
	char *s = NULL;

	if (!doc)
		return NULL;
	ctx = xmlXPathNewContext(doc);
	o = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
	if (o && o->nodesetval && o->nodesetval->nodeNr > 0) {
		xmlChar *c = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
		s = strdup((const char *)c);
		xmlFree(c);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return s;
}

static void test_escaping(void)
{
	char *s = xml_of(w_escape), *t;

	CHECK(strstr(s, "<t>Maya &amp; Jonah &lt;3 &gt; &quot;you&quot; ]]&gt; "
			"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x8e\xa7</t>") !=
	      NULL);
	CHECK(strstr(s, "v=\"a&amp;b&lt;c&quot;d\"") != NULL);
	t = text_of(s, "/r/t");
	CHECK_STR(t, "Maya & Jonah <3 > \"you\" ]]> caf\xc3\xa9 "
		     "\xe2\x80\x94 \xf0\x9f\x8e\xa7");
	free(t);
	free(s);

	s = xml_of(w_cdata);
	CHECK(strstr(s, "<c><![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>]]]]>"
			"<![CDATA[>c & <b>]]></c>") != NULL);
	t = text_of(s, "/r/c");
	CHECK_STR(t, "a]]>b]]>]]>c & <b>");
	free(t);
	free(s);

	s = xml_of(w_control);
	t = text_of(s, "/r/t");
	CHECK_STR(t, "abc\td\nefgh");
	free(t);
	free(s);
}

#define S(s) ((char *)(s))
static struct pk_person hosts[] = {
	{S("Maya Ortiz"), NULL, NULL, S("https://example.com/maya.jpg"),
	 S("https://example.com/maya")},
	{S("Jonah Reyes"), NULL, NULL, NULL, NULL},
};
static struct pk_person guests[] = {
	{S("Dr. Lee"), NULL, NULL, NULL, S("https://example.com/lee")},
};
static struct pk_chapter chapters[] = {
	{0, S("Cold open"), NULL, NULL, 0},
	{90.5, S("Intimacy & <sex>"), S("https://example.com/x"), NULL, 0},
	{3725, S("Last"), NULL, S("https://example.com/c.jpg"), 0},
};
static char *subs[] = {S("Sexuality")};
static struct pk_category cats[] = {{S("Health & Fitness"), subs, 1}};

static void episode(struct pk_episode *ep, int n, const char *slug,
		    int64_t date, const char *title)
{
	memset(ep, 0, sizeof(*ep));
	ep->slug = (char *)slug;
	ep->file = (char *)"x/episode.md";
	ep->folder_number = n;
	ep->number = n;
	ep->season = 1;
	ep->date = date;
	ep->tz_minutes = 60;
	ep->title = (char *)title;
	ep->guid = (char *)slug;
	ep->explicit_ = -1;
	ep->notes_md = (char *)"Notes ]]> & more";
	ep->media.url = (char *)"https://cdn.example.com/audio/x.mp3";
	ep->media.length = 1000 + n;
	ep->media.duration = 60.0 * n + 0.6;
	ep->media.mime = (char *)"audio/mpeg";
}

static void make_show(struct pk_show *show, struct pk_episode *eps)
{
	memset(show, 0, sizeof(*show));
	show->title = (char *)"Closer Than Close";
	show->description = (char *)"About <intimacy> & ]]> trust";
	show->author = (char *)"Maya & Jonah";
	show->language = (char *)"en";
	show->link = (char *)"https://example.com/";
	show->image = (char *)"cover.jpg";
	show->categories = cats;
	show->ncategories = 1;
	show->explicit_ = 1;
	show->owner_name = (char *)"Maya Ortiz";
	show->owner_email = (char *)"hello@example.com";
	show->hosts = hosts;
	show->nhosts = 2;
	show->feed_url = (char *)"https://example.com/pod/feed.xml";
	show->podcast_guid = (char *)"917393e3-1b1e-5cef-ace4-edaa54e1f810";
	show->locked = 1;
	episode(&eps[0], 1, "001-first", 1000, "First");
	episode(&eps[1], 2, "002-second", 3000, "Second");
	episode(&eps[2], 3, "003-third", 2000, "Third");
	episode(&eps[3], 4, "004-future", 9000000000LL, "Future");
	eps[3].scheduled = 1;
	eps[0].type = PK_EPISODE_TRAILER;
	eps[1].guests = guests;
	eps[1].nguests = 1;
	eps[1].chapters = chapters;
	eps[1].nchapters = 3;
	eps[1].explicit_ = 0;
	eps[1].transcript = (char *)"transcript.vtt";
	eps[2].media.url = NULL; /* not built: left out, reported */
	show->episodes = eps;
	show->nepisodes = 4;
}

static char *feed_of(const struct pk_show *show,
		     const struct pk_feed_opts *opts, struct pk_diags *d)
{
	struct pk_error err = {0};
	FILE *fp = tmpfile();
	char *s = NULL;
	long n;

	CHECK(pk_feed_write_fp(show, opts, fp, d, &err) == 0);
	fflush(fp);
	n = ftell(fp);
	rewind(fp);
	s = calloc(1, (size_t)n + 1);
	if (fread(s, 1, (size_t)n, fp) != (size_t)n)
		CHECK(!"read back");
	fclose(fp);
	return s;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

static void test_feed(void)
{
	struct pk_episode eps[4];
	struct pk_show show;
	struct pk_diags d;
	char *s, *t, *again;
	const char *a, *b;

	make_show(&show, eps);
	pk_diags_init(&d);
	s = feed_of(&show, NULL, &d);
	/* Well-formed, with the namespaces. */
	t = text_of(s, "/rss/channel/title");
	CHECK_STR(t, "Closer Than Close");
	free(t);
	CHECK(strstr(s, "xmlns:itunes=\"" PK_NS_ITUNES "\"") != NULL);
	CHECK(strstr(s, "xmlns:podcast=\"" PK_NS_PODCAST "\"") != NULL);
	CHECK(strstr(s, "xmlns:psc=\"" PK_NS_PSC "\"") != NULL);
	t = text_of(s, "/rss/channel/description");
	CHECK_STR(t, "About <intimacy> & ]]> trust");
	free(t);
	CHECK(strstr(s, "<itunes:category text=\"Health &amp; Fitness\">")
	      != NULL);
	CHECK(strstr(s, "<itunes:category text=\"Sexuality\"/>") != NULL);
	CHECK(strstr(s, "<itunes:explicit>true</itunes:explicit>") != NULL);
	CHECK(strstr(s, "<podcast:locked owner=\"hello@example.com\">yes<")
	      != NULL);
	CHECK(strstr(s, "<itunes:image href=\"https://example.com/pod/images/"
			"cover.jpg\"/>") != NULL);
	CHECK(strstr(s, "<atom:link href=\"https://example.com/pod/feed.xml\""
			" rel=\"self\"") != NULL);
	CHECK(strstr(s, "<lastBuildDate>Thu, 01 Jan 2026 00:00:00 +0000"
			"</lastBuildDate>") != NULL);
	/* The scheduled episode and the one without audio are absent; the
	 * latter is reported. */
	CHECK_INT(count(s, "<item>"), 2);
	CHECK(strstr(s, "Future") == NULL);
	CHECK(strstr(s, "003-third") == NULL);
	CHECK_INT(d.errors, 1);
	CHECK(d.n == 1 && strstr(d.v[0].msg, "003-third") != NULL);
	/* Newest first (episodic). */
	a = strstr(s, "<guid isPermaLink=\"false\">002-second</guid>");
	b = strstr(s, "<guid isPermaLink=\"false\">001-first</guid>");
	CHECK(a && b && a < b);
	/* Enclosure, duration rounded to whole seconds, explicit. */
	CHECK(strstr(s, "<enclosure url=\"https://cdn.example.com/audio/x.mp3"
			"\" length=\"1002\" type=\"audio/mpeg\"/>") != NULL);
	CHECK(strstr(s, "<itunes:duration>121</itunes:duration>") != NULL);
	CHECK(strstr(s, "<itunes:duration>61</itunes:duration>") != NULL);
	CHECK(strstr(s, "<itunes:explicit>false</itunes:explicit>") != NULL);
	CHECK(strstr(s, "<pubDate>Thu, 01 Jan 1970 01:50:00 +0100</pubDate>")
	      != NULL);
	CHECK(strstr(s, "<link>https://example.com/episodes/002-second.html"
			"</link>") != NULL);
	/* Persons: the channel's hosts; the guest episode lists hosts and
	 * guest; the other none. */
	CHECK_INT(count(s, "<podcast:person"), 2 + 3);
	CHECK(strstr(s, "<podcast:person role=\"guest\" href=\"https://"
			"example.com/lee\">Dr. Lee</podcast:person>") != NULL);
	/* Chapters: the JSON file and the same inline. */
	CHECK(strstr(s, "<podcast:chapters url=\"https://example.com/pod/"
			"chapters/002-second.json\" type=\"application/"
			"json+chapters\"/>") != NULL);
	CHECK(strstr(s, "<psc:chapter start=\"00:01:30.500\" title=\"Intimacy"
			" &amp; &lt;sex&gt;\" href=\"https://example.com/x\"/>")
	      != NULL);
	CHECK(strstr(s, "<psc:chapter start=\"01:02:05\" title=\"Last\" "
			"image=\"https://example.com/c.jpg\"/>") != NULL);
	CHECK(strstr(s, "<podcast:transcript url=\"https://example.com/pod/"
			"transcripts/002-second.vtt\" type=\"text/vtt\" "
			"language=\"en\" rel=\"captions\"/>") != NULL);
	/* The trailer, at channel level too. */
	CHECK(strstr(s, "<podcast:trailer pubdate=\"Thu, 01 Jan 1970 01:16:40 "
			"+0100\" url=\"https://"
			"cdn.example.com/audio/x.mp3\" length=\"1001\" type=\""
			"audio/mpeg\" season=\"1\">First</podcast:trailer>") !=
	      NULL);
	CHECK(strstr(s, "<itunes:episodeType>trailer</itunes:episodeType>") !=
	      NULL);
	/* Notes: description as text, content:encoded as HTML, both
	 * surviving "]]>". */
	t = text_of(s, "/rss/channel/item[1]/description");
	CHECK(t && strncmp(t, "Notes ]]> & more\n", 17) == 0);
	free(t);
	CHECK(strstr(s, "<description><![CDATA[Notes ]]]]><![CDATA[> & more")
	      != NULL);
	t = text_of(s, "/rss/channel/item[1]/*[local-name()='encoded']");
	CHECK(t && strncmp(t, "<p>Notes ]]&gt; &amp; more</p>", 30) == 0);
	free(t);

	/* Same input, same bytes. */
	again = feed_of(&show, NULL, &d);
	CHECK(strcmp(s, again) == 0);
	free(again);
	free(s);

	/* Serial: oldest first; a skipped episode is left out silently. */
	{
		struct pk_feed_item items[4];

		memset(items, 0, sizeof(items));
		items[1].skip = 1;
		show.serial = 1;
		eps[2].media.url = (char *)"https://cdn.example.com/3.mp3";
		pk_diags_release(&d);
		pk_diags_init(&d);
		struct pk_feed_opts o = {items, "", 0, NULL, NULL};
		s = feed_of(&show, &o, &d);
		CHECK_INT(d.errors, 0);
		CHECK_INT(count(s, "<item>"), 2);
		a = strstr(s, ">001-first</guid>");
		b = strstr(s, ">003-third</guid>");
		CHECK(a && b && a < b);
		CHECK(strstr(s, "<itunes:type>serial</itunes:type>") != NULL);
		CHECK(strstr(s, "\n ") == NULL); /* no indent asked */
		free(s);
	}
	pk_diags_release(&d);
}

static void test_order(void)
{
	struct pk_episode eps[4];
	struct pk_show show;
	size_t order[4];

	make_show(&show, eps);
	eps[0].date = eps[2].date = 5000; /* same date: by folder number */
	pk_feed_order(&show, order);
	CHECK(order[0] == 3 && order[1] == 2 && order[2] == 0 &&
	      order[3] == 1);
	show.serial = 1;
	pk_feed_order(&show, order);
	CHECK(order[0] == 1 && order[1] == 0 && order[2] == 2 &&
	      order[3] == 3);
}

static void test_urls(void)
{
	struct pk_episode eps[4];
	struct pk_show show;
	char *u, buf[256];

	make_show(&show, eps);
	u = pk_layout_file_url(&show, "chapters/a.json");
	CHECK_STR(u, "https://example.com/pod/chapters/a.json");
	free(u);
	show.feed_url = (char *)"https://example.com";
	u = pk_layout_file_url(&show, "x");
	CHECK_STR(u, "https://example.com/x");
	free(u);
	CHECK_STR(pk_layout_image_path(&eps[1], "art/ep.png", buf, sizeof(buf)),
		  "images/002-second-ep.png");
	CHECK(pk_layout_image_path(NULL, "https://x/y.jpg", buf, 256) == NULL);
	CHECK(pk_layout_chapters_path(&eps[0], buf, sizeof(buf)) == NULL);
	eps[0].transcript = (char *)"t.srt";
	CHECK_STR(pk_layout_transcript_path(&eps[0], buf, sizeof(buf)),
		  "transcripts/001-first.vtt");
	show.feed_url = NULL;
	{
		struct pk_error err = {0};
		FILE *fp = tmpfile();

		CHECK_INT(pk_feed_write_fp(&show, NULL, fp, NULL, &err),
			  PK_EINVAL);
		CHECK(strstr(err.msg, "'feed_url'") != NULL);
		fclose(fp);
	}
}

static void test_chapters_json(void)
{
	struct pk_episode eps[4];
	struct pk_show show;
	char *s;

	make_show(&show, eps);
	s = pk_chapters_json(&show, &eps[1]);
	CHECK_STR(s, "{\n  \"version\": \"1.2.0\",\n  \"title\": \"Second\",\n"
		     "  \"podcastName\": \"Closer Than Close\",\n"
		     "  \"chapters\": [\n"
		     "    {\n      \"startTime\": 0,\n"
		     "      \"title\": \"Cold open\"\n    },\n"
		     "    {\n      \"startTime\": 90.5,\n"
		     "      \"title\": \"Intimacy & <sex>\",\n"
		     "      \"url\": \"https://example.com/x\"\n    },\n"
		     "    {\n      \"startTime\": 3725,\n"
		     "      \"title\": \"Last\",\n"
		     "      \"img\": \"https://example.com/c.jpg\"\n    }\n"
		     "  ]\n}\n");
	free(s);
	/* Text that is not UTF-8 is refused, not written half. */
	chapters[0].title = (char *)"bad \xff";
	s = pk_chapters_json(&show, &eps[1]);
	CHECK(s == NULL);
	chapters[0].title = (char *)"Cold open";
}

/* One parse for both renderings gives what two renders give. */
static void test_notes_both(void)
{
	struct pk_episode eps[4];
	struct pk_show show;
	struct pk_error err = {0};
	char *html, *text, *h2, *t2;

	make_show(&show, eps);
	eps[1].notes_md = (char *)"Some *notes* with [a link](https://x.y/)"
				  " & ]]> text.";
	CHECK(pk_notes_render_both(&show, &eps[1], &html, &text, NULL,
				   &err) == 0);
	h2 = pk_notes_render(&show, &eps[1], PK_NOTES_HTML, NULL, &err);
	t2 = pk_notes_render(&show, &eps[1], PK_NOTES_TEXT, NULL, &err);
	CHECK_STR(html, h2);
	CHECK_STR(text, t2);
	CHECK(strstr(html, "<em>notes</em>") != NULL);
	free(html);
	free(text);
	free(h2);
	free(t2);
}

int main(void)
{
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	test_escaping();
	test_feed();
	test_order();
	test_urls();
	test_chapters_json();
	test_notes_both();
	return harness_done();
}
