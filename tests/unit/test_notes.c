/* test_notes.c: show notes rendering on shows built by hand. */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "harness.h"
#include "podkit/notes.h"

/* The model's strings are not const; the tests' literals are. */
#define S(lit) ((char *)(lit))

static struct pk_person show_hosts[] = {
    {.name = S("Maya Ortiz"), .href = S("https://example.com/maya")},
    {.name = S("Jonah")},
};
static struct pk_person guests[] = {
    {.name = S("Dr. Lee"), .href = S("https://example.com/lee")},
    {.name = S("Sam *Star*"), .role = S("co-host")},
};
static struct pk_chapter chapters[] = {
    {.start = 0, .title = S("Cold open")},
    {.start = 90,
     .title = S("What we mean by intimacy"),
     .url = S("https://example.com/intimacy")},
    {.start = 3725, .title = S("[Not] a *link*")},
};
static struct pk_link links[] = {
    {.title = S("A book we mention"), .url = S("https://example.com/book")},
    {.title = NULL, .url = S("https://example.com/bare")},
    {.title = S("Evil"), .url = S("javascript:alert(1)")},
};

static void setup(struct pk_show *show, struct pk_episode *ep)
{
	memset(show, 0, sizeof(*show));
	memset(ep, 0, sizeof(*ep));
	show->hosts = show_hosts;
	show->nhosts = 2;
	show->footer = S("This show is not *medical* advice.");
	ep->file = S("episodes/001-x/episode.md");
	ep->slug = S("001-x");
	ep->notes_line = 7;
	ep->notes_md =
	    S("We talk about **trust**.\n\n"
	      "<script>alert('x')</script>\n\n"
	      "Inline <b>bold</b> and a [site](https://example.org).\n");
}

static int contains(const char *s, const char *sub)
{
	return s && strstr(s, sub) != NULL;
}

static void test_html(void)
{
	struct pk_show show;
	struct pk_episode ep;
	struct pk_error err = {0};
	char *html;

	setup(&show, &ep);
	ep.chapters = chapters;
	ep.nchapters = 3;
	ep.guests = guests;
	ep.nguests = 2;
	ep.links = links;
	ep.nlinks = 3;
	html = pk_notes_render(&show, &ep, PK_NOTES_HTML, NULL, &err);
	CHECK(html != NULL);
	CHECK(contains(html, "<strong>trust</strong>"));
	/* raw HTML is dropped, never passed through */
	CHECK(!contains(html, "<script"));
	CHECK(!contains(html, "<b>"));
	CHECK(contains(html, "<a href=\"https://example.org\">site</a>"));
	/* the chapter list, with timestamps and linked titles */
	CHECK(contains(html, "<h2>Chapters</h2>"));
	CHECK(contains(html, "<li>0:00 Cold open</li>"));
	CHECK(contains(html, "<li>1:30 <a href=\"https://example.com/"
			     "intimacy\">What we mean by intimacy</a></li>"));
	/* user text is escaped: no link or emphasis from a title */
	CHECK(contains(html, "<li>1:02:05 [Not] a *link*</li>"));
	/* hosts from the show, then the guests, roles named */
	CHECK(contains(html, "<h2>Hosts and guests</h2>"));
	CHECK(contains(html, "<li>Host: <a href=\"https://example.com/maya\">"
			     "Maya Ortiz</a></li>"));
	CHECK(contains(html, "<li>Host: Jonah</li>"));
	CHECK(contains(html, "<li>Guest: <a href=\"https://example.com/lee\">"
			     "Dr. Lee</a></li>"));
	CHECK(contains(html, "<li>Co-host: Sam *Star*</li>"));
	CHECK(contains(html, "<h2>Links</h2>"));
	CHECK(contains(html, "<a href=\"https://example.com/book\">A book we "
			     "mention</a>"));
	CHECK(contains(html, "<a href=\"https://example.com/bare\">"
			     "https://example.com/bare</a>"));
	/* a javascript: URL is emptied by cmark's safe mode */
	CHECK(!contains(html, "javascript:"));
	/* the footer comes last, after a rule, rendered as Markdown */
	CHECK(contains(html, "<hr />\n<p>This show is not <em>medical</em> "
			     "advice.</p>\n"));
	CHECK(strstr(html, "<h2>Links</h2>") < strstr(html, "<hr />"));
	free(html);
}

static void test_text(void)
{
	struct pk_show show;
	struct pk_episode ep;
	struct pk_error err = {0};
	struct pk_diags d;
	char *text;

	setup(&show, &ep);
	ep.chapters = chapters;
	ep.nchapters = 2;
	ep.links = links;
	ep.nlinks = 2;
	pk_diags_init(&d);
	text = pk_notes_render(&show, &ep, PK_NOTES_TEXT, &d, &err);
	CHECK_STR(text, "We talk about trust.\n\n"
			"Inline bold and a site (https://example.org).\n\n"
			"Chapters\n\n"
			"- 0:00 Cold open\n"
			"- 1:30 What we mean by intimacy "
			"(https://example.com/intimacy)\n\n"
			"Hosts and guests\n\n"
			"- Host: Maya Ortiz (https://example.com/maya)\n"
			"- Host: Jonah\n\n"
			"Links\n\n"
			"- A book we mention (https://example.com/book)\n"
			"- https://example.com/bare\n\n"
			"---\n\n"
			"This show is not medical advice.");
	CHECK_INT(d.n, 0);
	free(text);
	pk_diags_release(&d);
}

static void test_markdown(void)
{
	struct pk_show show;
	struct pk_episode ep;
	char *md;

	setup(&show, &ep);
	ep.chapters = chapters + 2;
	ep.nchapters = 1;
	ep.hosts = guests;
	ep.nhosts = 1;
	md = pk_notes_render(&show, &ep, PK_NOTES_MARKDOWN, NULL, NULL);
	CHECK(contains(md, "We talk about **trust**."));
	CHECK(
	    contains(md, "## Chapters\n\n- 1:02:05 \\[Not\\] a \\*link\\*\n"));
	/* the episode's own hosts replace the show's */
	CHECK(contains(md, "- Host: [Dr\\. Lee](https://example.com/lee)\n"));
	CHECK(!contains(md, "Maya"));
	CHECK(
	    contains(md, "\n\n* * *\n\nThis show is not *medical* advice.\n"));
	free(md);
}

/* An unclosed code fence in the notes must not swallow the footer. */
static void test_unclosed_fence(void)
{
	struct pk_show show;
	struct pk_episode ep;
	char *html;

	setup(&show, &ep);
	ep.notes_md = S("```\ncode that never ends\n");
	html = pk_notes_render(&show, &ep, PK_NOTES_HTML, NULL, NULL);
	CHECK(contains(html, "<p>This show is not <em>medical</em>"));
	free(html);
}

/* Plain text keeps the structure readable: quotes, code, numbered lists
 * from their start, images and autolinks. */
static void test_text_blocks(void)
{
	struct pk_show show;
	struct pk_episode ep;
	char *text;

	setup(&show, &ep);
	show.footer = NULL;
	show.nhosts = 0;
	ep.notes_md = S("> Quoted *words*\n> over two lines.\n\n"
			"    code  kept\n\n"
			"3. three\n4. four\n\n"
			"![A cover](https://e.com/c.jpg) and "
			"<https://e.com/x>\n"
			"and <me@example.com>  \nafter a hard break.\n");
	text = pk_notes_render(&show, &ep, PK_NOTES_TEXT, NULL, NULL);
	CHECK_STR(text, "> Quoted words over two lines.\n\n"
			"code  kept\n\n"
			"3. three\n4. four\n\n"
			"A cover (https://e.com/c.jpg) and https://e.com/x and "
			"me@example.com\nafter a hard break.");
	free(text);
}

static void test_empty(void)
{
	struct pk_show show;
	struct pk_episode ep;
	char *s;

	setup(&show, &ep);
	ep.notes_md = NULL;
	show.footer = NULL;
	show.nhosts = 0;
	s = pk_notes_render(&show, &ep, PK_NOTES_TEXT, NULL, NULL);
	CHECK_STR(s, "");
	free(s);
	s = pk_notes_render(&show, &ep, PK_NOTES_HTML, NULL, NULL);
	CHECK_STR(s, "");
	free(s);
}

static void test_cut(void)
{
	struct pk_show show;
	struct pk_episode ep;
	struct pk_diags d;
	char *body, *text, buf[64];
	size_t i, n;

	/* 1000 words of "héllo " (7 bytes each): 7000 bytes of text */
	body = malloc(8000);
	body[0] = '\0';
	for (i = 0; i < 1000; i++)
		strcat(body, "h\xc3\xa9llo ");
	setup(&show, &ep);
	ep.notes_md = body;
	show.footer = NULL;
	show.nhosts = 0;
	pk_diags_init(&d);
	text = pk_notes_render(&show, &ep, PK_NOTES_TEXT, &d, NULL);
	n = strlen(text);
	CHECK(n <= PK_NOTES_TEXT_MAX);
	CHECK(n > PK_NOTES_TEXT_MAX - 10);
	/* ends on a whole word, then the ellipsis */
	CHECK(n >= 9 &&
	      memcmp(text + n - 9, "h\xc3\xa9llo\xe2\x80\xa6", 9) == 0);
	CHECK_INT(d.n, 1);
	CHECK_INT(d.warnings, 1);
	CHECK_STR(d.v[0].file, "episodes/001-x/episode.md");
	CHECK_INT(d.v[0].line, 7);
	CHECK(contains(d.v[0].msg, "cut to 4000"));
	free(text);
	pk_diags_release(&d);
	free(body);

	/* one long word: cut between UTF-8 characters, never inside one */
	strcpy(buf, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
	CHECK_INT(pk_notes_cut(buf, 8), 1);
	CHECK_STR(buf, "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
	strcpy(buf, "ab cd\xc3\xa9");
	CHECK_INT(pk_notes_cut(buf, 6), 1);
	CHECK_STR(buf, "ab\xe2\x80\xa6");
	strcpy(buf, "fits");
	CHECK_INT(pk_notes_cut(buf, 4), 0);
	CHECK_STR(buf, "fits");
}

static void test_format_parse(void)
{
	enum pk_notes_format f;

	CHECK_INT(pk_notes_format_parse("text", &f), 0);
	CHECK_INT(f, PK_NOTES_TEXT);
	CHECK_INT(pk_notes_format_parse("markdown", &f), 0);
	CHECK_INT(f, PK_NOTES_MARKDOWN);
	CHECK_INT(pk_notes_format_parse("pdf", &f), PK_EINVAL);
}

/* Titles, names, roles and URLs that Markdown would read as something
 * else if they were not escaped. */
static struct pk_chapter odd_chapters[] = {
    {.start = 0, .title = S("Cold open")},
    {.start = 90.4, .title = S("Title with   spaces   ")},
    {.start = 125,
     .title = S("  leading"),
     .url = S("https://e.com/a b(c)<d>\\e")},
    {.start = 3725, .title = S("[Not] a *link* & <b>x</b> \\ `c` #1. - + > |")},
    {.start = 4000, .title = S(""), .url = S("https://e.com/?a=1&amp;b=2&c=3")},
    {.start = 4100,
     .title = S("tab\there\nnew\rline\x01"
		"ctl\x7f end ")},
    {.start = 5000,
     .title = S("\xc3\x9c"
		"n\xc3\xaf"
		"c\xc3\xb6"
		"d\xc3\xa9 &amp; &#169;"),
     .url = S("https://e.com/\xc3\xbc?x=&copy;")},
    {.start = 6000, .title = S("   ")},
    {.start = 7000, .title = S("1. numbered"), .url = S("")},
};
static struct pk_person odd_hosts[] = {
    {.name = S("Maya"), .href = S("https://example.com/maya")},
    {.name = S("Jonah"), .role = S("  co-host")},
    {.name = S("X & Y"), .role = S("dj & mc  ")},
    {.name = S("")},
    {.name = S("Dr. Lee [PhD]"),
     .role = S("guest*"),
     .href = S("javascript:alert(1)")},
};
static struct pk_link odd_links[] = {
    {.title = S("  spaced"), .url = S("https://e.com/s")},
    {.title = NULL, .url = S("https://e.com/bare")},
    {.title = S("Mail"), .url = S("mailto:a@b.c")},
    {.title = S("    four spaces"), .url = S("")},
    {.title = S("<http://autolink.example>"), .url = NULL},
};

/* The feed renders the generated sections from nodes it builds; `podkit
 * notes --format markdown` writes them as text. cmark must make of that
 * text the same HTML the nodes give. */
static void test_generated_nodes_match_markdown(void)
{
	struct pk_show show;
	struct pk_episode ep;
	char *md, *html, *want;
	cmark_node *doc;
	size_t i;

	for (i = 0; i < 3; i++) {
		setup(&show, &ep);
		ep.notes_md = NULL;
		show.footer = NULL;
		ep.chapters = odd_chapters;
		ep.nchapters =
		    i == 1 ? 0 : sizeof(odd_chapters) / sizeof(odd_chapters[0]);
		ep.hosts = odd_hosts;
		ep.nhosts = i == 2 ? 0 : 3;
		ep.guests = odd_hosts + 3;
		ep.nguests = 2;
		ep.links = odd_links;
		ep.nlinks = sizeof(odd_links) / sizeof(odd_links[0]);
		md = pk_notes_render(&show, &ep, PK_NOTES_MARKDOWN, NULL, NULL);
		html = pk_notes_render(&show, &ep, PK_NOTES_HTML, NULL, NULL);
		CHECK(md && html);
		if (!md || !html) {
			free(md);
			free(html);
			continue;
		}
		doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
		want = cmark_render_html(doc, CMARK_OPT_DEFAULT);
		CHECK_STR(html, want);
		free(want);
		cmark_node_free(doc);
		free(md);
		free(html);
	}
	/* and what the nodes say, in a few places */
	setup(&show, &ep);
	ep.chapters = odd_chapters;
	ep.nchapters = sizeof(odd_chapters) / sizeof(odd_chapters[0]);
	ep.hosts = odd_hosts;
	ep.nhosts = 3;
	html = pk_notes_render(&show, &ep, PK_NOTES_HTML, NULL, NULL);
	CHECK(contains(html, "<li>1:30 Title with   spaces</li>"));
	/* "&amp;" in a URL is those characters (its 'a' percent-encoded,
	 * the same URL), not an entity; "&c=3" is left alone */
	CHECK(contains(html, "<li>1:06:40 <a href=\"https://e.com/?a=1&amp;"
			     "%61mp;b=2&amp;c=3\">https://e.com/?a=1&amp;amp;"
			     "b=2&amp;c=3</a></li>"));
	CHECK(contains(html, "<li>1:08:20 tab here new linectl end</li>"));
	CHECK(contains(html, "<li>Co-host: Jonah</li>"));
	CHECK(contains(html, "<li>Dj &amp; mc  : X &amp; Y</li>"));
	free(html);
}

int main(void)
{
	test_html();
	test_text();
	test_markdown();
	test_unclosed_fence();
	test_text_blocks();
	test_empty();
	test_cut();
	test_format_parse();
	test_generated_nodes_match_markdown();
	return harness_done();
}
