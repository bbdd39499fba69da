/* test_pages.c: the show's and an episode's web pages, from hand-built
 * models: structure, escaping, seek buttons, and HTML5 validity checked by
 * Debian's tidy and html5lib when they are installed. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podkit/fsio.h"
#include "pages/pages_int.h"

static int has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while (hay && (hay = strstr(hay, needle))) {
		n++;
		hay++;
	}
	return n;
}

/* Runs a validator on file; 0 when it passes or is not installed. */
static int validate(const char *file)
{
	char cmd[1024];
	int r = 0;

	if (access("/usr/bin/tidy", X_OK) == 0) {
		/* tidy exits 1 on warnings, 2 on errors; accessibility
		 * checks at priority 1 (the WCAG "must"s). */
		snprintf(cmd, sizeof(cmd),
			 "tidy -q -e -access 1 --show-warnings yes %s "
			 ">/dev/null 2>&1 || { tidy -q -e -access 1 %s 2>&1 "
			 "| sed 's/^/#   /'; exit 1; }",
			 file, file);
		r |= system(cmd);
	}
	if (system("/usr/bin/python3 -c 'import html5lib' 2>/dev/null") == 0) {
		snprintf(cmd, sizeof(cmd),
			 "/usr/bin/python3 -c 'import html5lib,sys\n"
			 "p=html5lib.HTMLParser(strict=True)\n"
			 "p.parse(open(sys.argv[1],\"rb\"))' %s",
			 file);
		r |= system(cmd);
	}
	return r;
}

int main(int argc, char **argv)
{
	struct pk_person hosts[2] = {
	    {(char *)"Maya <Ortiz>", NULL, NULL,
	     (char *)"https://example.com/maya.jpg",
	     (char *)"https://example.com/maya"},
	    {(char *)"Jonah & Co", NULL, NULL, NULL, NULL}};
	struct pk_person guest = {(char *)"Dr. \"Lee\"", NULL, NULL, NULL,
				  (char *)"javascript:alert(1)"};
	struct pk_chapter ch[3] = {{0, (char *)"Cold open", NULL, NULL, 1},
				   {90, (char *)"What <we> mean",
				    (char *)"https://example.com/a?x=1&y=2",
				    NULL, 2},
				   {3725.5, (char *)"Late", NULL, NULL, 3}};
	struct pk_subscribe sub = {(char *)"Apple Podcasts",
				   (char *)"https://podcasts.apple.com/x"};
	struct pk_link fund = {(char *)"Support us",
			       (char *)"https://example.com/support"};
	struct pk_episode ep;
	struct pk_show show;
	struct pk_page_cue cues[2] = {
	    {0, (char *)"Maya Ortiz", (char *)"Hello <there>"},
	    {12.25, NULL, (char *)"Plain & simple"}};
	struct pk_episode_page pg;
	const struct pk_episode *list[1];
	const char *notes =
	    "<p>Our own <strong>notes</strong>.</p>\n"
	    "<h2>Chapters</h2>\n<ul>\n<li>0:00 Cold open</li>\n</ul>\n"
	    "<h2>Hosts and guests</h2>\n<ul>\n<li>Host: Maya</li>\n"
	    "</ul>\n<h2>Links</h2>\n<ul>\n<li><a href=\"https://x.org\">"
	    "x</a></li>\n</ul>\n";
	char *html, *index, dir[] = "/tmp/podkit-pages-XXXXXX", *path;
	const char *out = argc > 1 ? argv[1] : NULL;
	struct pk_error err = {0};
	char href[256];

	memset(&show, 0, sizeof(show));
	memset(&ep, 0, sizeof(ep));
	show.title = (char *)"Closer <Than> Close";
	show.description = (char *)"A show about intimacy.\n\nSecond & last "
				   "paragraph.";
	show.author = (char *)"Maya & Jonah";
	show.language = (char *)"en";
	show.image = (char *)"cover.jpg";
	show.hosts = hosts;
	show.nhosts = 2;
	show.feed_url = (char *)"https://example.com/feed.xml";
	show.subscribe = &sub;
	show.nsubscribe = 1;
	show.funding = &fund;
	show.nfunding = 1;
	show.copyright = (char *)"© 2026 Maya";
	ep.slug = (char *)"001-why";
	ep.title = (char *)"Why we <confuse> sex & intimacy";
	ep.number = 1;
	ep.season = 1;
	ep.date = 1767592800; /* 2026-01-05T06:00:00Z */
	ep.tz_minutes = 60;
	ep.summary = (char *)"One \"paragraph\" summary.";
	ep.guests = &guest;
	ep.nguests = 1;
	ep.chapters = ch;
	ep.nchapters = 3;
	ep.media.path = (char *)"audio/001-why.mp3";
	ep.media.length = 12345678;
	ep.media.duration = 3800;

	memset(&pg, 0, sizeof(pg));
	pg.ep = &ep;
	pg.notes_html = notes;
	pg.cues = cues;
	pg.ncues = 2;
	pg.transcript_href = "../transcripts/001-why.vtt";
	html = pk_page_episode(&show, &pg);
	CHECK(html != NULL);
	CHECK(has(html, "<!DOCTYPE html>\n<html lang=\"en\">"));
	CHECK(has(html, "<meta name=\"viewport\""));
	CHECK(has(html, "<title>Why we &lt;confuse&gt; sex &amp; intimacy · "
			"Closer &lt;Than&gt; Close</title>"));
	CHECK(has(html, "<audio id=\"player\" controls preload=\"metadata\""));
	CHECK(has(html, "src=\"../audio/001-why.mp3\""));
	CHECK(has(html, "data-t=\"90.000\""));
	CHECK(has(html, "data-t=\"3725.500\""));
	CHECK(has(html, ">1:02:05</button>"));
	CHECK(has(html, "<a href=\"https://example.com/a?x=1&amp;y=2\">What "
			"&lt;we&gt; mean</a>"));
	CHECK(has(html, "<span class=\"speaker\">Maya Ortiz:</span> Hello "
			"&lt;there&gt;"));
	CHECK(has(html, "data-t=\"12.250\""));
	CHECK(has(html, "Maya &lt;Ortiz&gt;"));
	CHECK(has(html, "Dr. &quot;Lee&quot;"));
	CHECK(!has(html, "javascript:"));
	CHECK(has(html, "<time datetime=\"2026-01-05\">5 January 2026</time>"));
	CHECK(has(html, "Season 1 · Episode 1"));
	CHECK(has(html, "1 h 3 min"));
	CHECK(has(html, "alt=\"Cover art: Closer &lt;Than&gt; Close\""));
	CHECK(has(html, "src=\"../images/cover.jpg\""));
	/* The notes keep their own text and links, not the sections the
	 * page shows itself. */
	CHECK(has(html, "<p>Our own <strong>notes</strong>.</p>"));
	CHECK(has(html, "<h2>Links</h2>"));
	CHECK_INT(count(html, ">Chapters</h2>"), 1);
	CHECK_INT(count(html, ">Hosts and guests</h2>"), 1);
	CHECK(has(html, "<script>"));
	CHECK(!has(html, "<script src"));
	CHECK(!has(html, "<link rel=\"stylesheet\""));
	CHECK(!has(html, "@import"));

	list[0] = &ep;
	index = pk_page_index(&show, list, 1);
	CHECK(index != NULL);
	CHECK(has(index, "<h1>Closer &lt;Than&gt; Close</h1>"));
	CHECK(has(index, "<p>Second &amp; last paragraph.</p>"));
	CHECK(has(index, "href=\"https://example.com/feed.xml\""));
	CHECK(has(index, ">Apple Podcasts</a>"));
	CHECK(has(index, "<a href=\"episodes/001-why.html\">Why we "
			 "&lt;confuse&gt; sex &amp; intimacy</a>"));
	CHECK(has(index, "src=\"images/cover.jpg\""));
	CHECK(has(index, "Support us"));
	CHECK(!has(index, "<script"));

	/* An episode with its own image and URL audio. */
	ep.image = (char *)"art.png";
	ep.media.path = NULL;
	ep.media.url = (char *)"https://cdn.example.com/a.mp3";
	CHECK_STR(pk_page_audio_href(&ep, href, sizeof(href)),
		  (char *)"https://cdn.example.com/a.mp3");
	ep.media.url = NULL;
	CHECK(pk_page_audio_href(&ep, href, sizeof(href)) == NULL);
	ep.media.path = (char *)"audio/001-why.mp3";

	/* Valid HTML5 by tidy (with its accessibility checks) and by
	 * html5lib's strict parser. */
	CHECK(out || mkdtemp(dir) != NULL);
	path = pk_path_join(out ? out : dir, "episode.html");
	CHECK_INT(pk_write_atomic(path, html, strlen(html), 0644, &err), 0);
	CHECK_INT(validate(path), 0);
	free(path);
	path = pk_path_join(out ? out : dir, "index.html");
	CHECK_INT(pk_write_atomic(path, index, strlen(index), 0644, &err), 0);
	CHECK_INT(validate(path), 0);
	free(path);
	if (!out) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		CHECK(system(cmd) == 0);
	}
	free(html);
	free(index);
	return harness_done();
}
