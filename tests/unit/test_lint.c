/* test_lint.c: the feed linter on small feeds built in memory: the value
 * formats it accepts and refuses, severities, line numbers, the size cap. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/buf_int.h"
#include "base/xml_ns_int.h"
#include "podkit/lint.h"
#include "base/url_int.h"

/* A complete, valid channel head (lines 1 to 10; line 3 is <channel>,
 * line 5 <language>); TAIL closes it. What follows HEAD is on line 11; an
 * ITEM's content after its pubDate on line 12. */
#define HEAD                                                                   \
	"<?xml version=\"1.0\"?>\n"                                            \
	"<rss version=\"2.0\" xmlns:itunes=\"" PK_NS_ITUNES                    \
	"\" xmlns:podcast=\"" PK_NS_PODCAST "\" xmlns:atom=\"" PK_NS_ATOM      \
	"\">\n"                                                                \
	"<channel>\n"                                                          \
	"<title>T</title><description>D</description>\n"                       \
	"<link>https://example.com/</link><language>en</language>\n"           \
	"<itunes:image href=\"https://example.com/c.jpg?v=2\"/>\n"             \
	"<itunes:category text=\"Comedy\"/>\n"                                 \
	"<itunes:explicit>false</itunes:explicit>\n"                           \
	"<itunes:author>A</itunes:author>\n"                                   \
	"<itunes:owner><itunes:email>a@example.com</itunes:email>"             \
	"</itunes:owner>\n"
#define TAIL "</channel></rss>\n"
#define ITEM_OPEN                                                              \
	"<item><title>E</title><guid>g1</guid>"                                \
	"<enclosure url=\"https://example.com/1.mp3\" length=\"9\" "           \
	"type=\"audio/mpeg\"/><pubDate>Mon, 05 Jan 2026 06:00:00 GMT"          \
	"</pubDate>\n"
#define ITEM(x) ITEM_OPEN x "</item>\n"

static struct pk_lint_findings d;

static int lint(const char *xml)
{
	pk_lint_findings_release(&d);
	pk_lint_findings_init(&d);
	return pk_lint_buffer(xml, strlen(xml), "t.xml", NULL, &d, NULL);
}

/* The line of the first diagnostic containing sub with severity sev, or
 * -1 when there is none. */
static int find(enum pk_lint_severity sev, const char *sub)
{
	size_t i;

	for (i = 0; i < d.n; i++)
		if (d.v[i].rule->severity == sev && strstr(d.v[i].msg, sub))
			return d.v[i].line;
	return -1;
}

static void dump(void)
{
	size_t i;

	for (i = 0; i < d.n; i++)
		printf("#   %d: %s\n", d.v[i].line, d.v[i].msg);
}

static void test_clean(void)
{
	CHECK_INT(lint(HEAD ITEM("") TAIL), 0);
	CHECK_INT(d.errors, 0);
	/* no atom:link rel=self: the only warning */
	CHECK_INT(d.warnings, 1);
	CHECK_INT(find(PK_LINT_WARNING, "missing <atom:link rel=\"self\">"), 3);
	if (d.errors)
		dump();
}

static void test_durations(void)
{
	static const char *const good[] = {"2530",     "42:10", "1:02:03",
					   "01:02:03", "0",	NULL};
	static const char *const bad[] = {"1:2:3",	"12.", "1:60", "",
					  "1:02:03:04", "-5",  "PT5M", NULL};
	static const char *const fractions[] = {"12.5", "1014.708375", NULL};
	char xml[4096];
	size_t i;

	for (i = 0; good[i]; i++) {
		snprintf(xml, sizeof(xml),
			 HEAD ITEM("<itunes:duration>%s"
				   "</itunes:duration>") TAIL,
			 good[i]);
		lint(xml);
		CHECK(find(PK_LINT_ERROR, "itunes:duration") == -1);
	}
	for (i = 0; bad[i]; i++) {
		snprintf(xml, sizeof(xml),
			 HEAD ITEM("<itunes:duration>%s"
				   "</itunes:duration>") TAIL,
			 bad[i]);
		lint(xml);
		CHECK_INT(find(PK_LINT_ERROR, "is not seconds or HH:MM:SS"),
			  12);
	}
	/* seconds with a fraction: most apps read them, so a warning */
	for (i = 0; fractions[i]; i++) {
		snprintf(xml, sizeof(xml),
			 HEAD ITEM("<itunes:duration>%s"
				   "</itunes:duration>") TAIL,
			 fractions[i]);
		lint(xml);
		CHECK_INT(d.errors, 0);
		CHECK_INT(find(PK_LINT_WARNING, "has a fraction"), 12);
	}
	/* HH:MM:SS is fine; seconds are Apple's advice: a note */
	lint(HEAD ITEM("<itunes:duration>1:02:03</itunes:duration>") TAIL);
	CHECK_INT(find(PK_LINT_NOTE, "could be written in seconds"), 12);
	CHECK_INT(d.notes, 1);
}

/* The line of an error about <language> when lang is the language. */
static int language_error(const char *lang)
{
	static const char head[] = HEAD TAIL;
	const char *at = strstr(head, "<language>en</language>");
	char xml[4096];

	snprintf(xml, sizeof(xml), "%.*s<language>%s%s", (int)(at - head), head,
		 lang, at + strlen("<language>en"));
	lint(xml);
	return find(PK_LINT_ERROR, "is not a language code");
}

static void test_languages(void)
{
	static const char *const good[] = {"en",	 "en-us", "pt-BR",
					   "zh-Hant-TW", "haw",	  NULL};
	static const char *const bad[] = {"e",	 "english", "en_US",
					  "en-", "12",	    NULL};
	size_t i;

	for (i = 0; good[i]; i++)
		CHECK_INT(language_error(good[i]), -1);
	for (i = 0; bad[i]; i++)
		CHECK_INT(language_error(bad[i]), 5);
}

static void test_explicit_and_types(void)
{
	lint(HEAD ITEM("<itunes:explicit>yes</itunes:explicit>") TAIL);
	CHECK_INT(d.errors, 0);
	CHECK_INT(find(PK_LINT_WARNING, "'yes' is an old value"), 12);
	lint(HEAD ITEM("<itunes:episode>0</itunes:episode>"
		       "<itunes:season>x</itunes:season>") TAIL);
	CHECK_INT(find(PK_LINT_ERROR, "<itunes:episode> '0' is not a whole "
				      "number above 0"),
		  12);
	CHECK_INT(find(PK_LINT_ERROR, "<itunes:season> 'x'"), 12);
	/* an enclosure type Apple does not play is a warning */
	lint(HEAD "<item><title>E</title><guid>g</guid><enclosure url=\""
		  "https://e.com/1.ogg\" length=\"1\" type=\"audio/ogg\"/>"
		  "</item>" TAIL);
	CHECK_INT(d.errors, 0);
	CHECK_INT(find(PK_LINT_WARNING, "type 'audio/ogg' is not one Apple"),
		  11);
	CHECK_INT(find(PK_LINT_WARNING, "missing <pubDate>"), 11);
	/* an enclosure URL that is no http(s) URL */
	lint(HEAD "<item><title>E</title><guid>g</guid><enclosure url=\""
		  "ftp://e.com/1.mp3\" length=\"1\" type=\"audio/mpeg\"/>"
		  "</item>" TAIL);
	CHECK_INT(
	    find(PK_LINT_ERROR, "url 'ftp://e.com/1.mp3' is not an http(s)"),
	    11);
	/* a subcategory given as a category names its parent */
	lint("<?xml version=\"1.0\"?>\n<rss version=\"2.0\" "
	     "xmlns:itunes=\"" PK_NS_ITUNES
	     "\"><channel>\n<itunes:category text=\"Sexuality\"/>"
	     "</channel></rss>");
	CHECK_INT(find(PK_LINT_ERROR,
		       "'Sexuality' is not an Apple podcast "
		       "category; it is a subcategory of 'Health & "
		       "Fitness'"),
		  3);
}

static void test_people(void)
{
	lint(HEAD "<podcast:person group=\"creative direction\" role=\""
		  "Producer\">P</podcast:person>\n" TAIL);
	CHECK_INT(d.errors, 0);
	lint(HEAD
	     "<podcast:person role=\"producer\">P</podcast:person>\n" TAIL);
	CHECK_INT(d.errors, 0);
	/* no group means 'cast': naming the group is style, a note */
	CHECK(find(PK_LINT_WARNING, "podcast:person") == -1);
	CHECK_INT(find(PK_LINT_NOTE, "role 'producer' is not in group 'cast'"),
		  11);
	lint(HEAD "<podcast:person group=\"writing\" role=\"host\">P"
		  "</podcast:person>\n" TAIL);
	/* the taxonomy is a SHOULD: warnings (issue 17) */
	CHECK_INT(
	    find(PK_LINT_WARNING, "role 'host' is not in group 'writing'"), 11);
	lint(HEAD "<podcast:person group=\"band\">P</podcast:person>\n" TAIL);
	CHECK_INT(d.errors, 0);
	CHECK_INT(find(PK_LINT_WARNING, "group 'band' is not in the podcast "
					"taxonomy"),
		  11);
	lint(HEAD
	     "<podcast:person role=\"sidekick\">P</podcast:person>\n" TAIL);
	CHECK_INT(d.errors, 0);
	CHECK_INT(find(PK_LINT_WARNING, "role 'sidekick' is not in the podcast "
					"taxonomy"),
		  11);
	lint(HEAD "<podcast:person role=\"host\"> </podcast:person>\n" TAIL);
	CHECK_INT(find(PK_LINT_ERROR, "<podcast:person> has no name"), 11);
}

static void test_podcast_guid(void)
{
	/* the spec's own vector, through atom:link rel=self */
	lint(HEAD "<atom:link rel=\"self\" href=\"https://mp3s.nashownotes.com/"
		  "pc20rss.xml\"/>\n<podcast:guid>917393e3-1b1e-5cef-ace4-"
		  "edaa54e1f810</podcast:guid>\n" TAIL);
	CHECK_INT(d.errors, 0);
	CHECK_INT(d.warnings, 1);
	CHECK_INT(find(PK_LINT_WARNING, "the feed has no <item>"), 3);
	/* a moved feed keeps the guid of its first URL */
	lint(HEAD "<atom:link rel=\"self\" href=\"https://new.example.com/"
		  "feed\"/>\n<itunes:new-feed-url>https://podnews.net/rss"
		  "</itunes:new-feed-url>\n<podcast:guid>9b024349-ccf0-5f69-"
		  "a609-6b82873eab3c</podcast:guid>\n" TAIL);
	CHECK_INT(d.errors, 0);
	lint(HEAD "<atom:link rel=\"self\" href=\"https://podnews.net/rss/\"/>"
		  "\n<podcast:guid>9B024349-CCF0-5F69-A609-6B82873EAB3C"
		  "</podcast:guid>\n" TAIL);
	CHECK_INT(d.errors, 0);
	/* a version 4 UUID */
	lint(HEAD "<podcast:guid>0d6a3b8c-4c6e-4f1e-9d0c-1b2a3c4d5e6f"
		  "</podcast:guid>\n" TAIL);
	CHECK_INT(find(PK_LINT_ERROR, "is not a version 5 UUID"), 11);
}

static void test_more_podcast_tags(void)
{
	lint(HEAD "<podcast:medium>music</podcast:medium>\n" ITEM(
	    "<podcast:season>2</podcast:season><podcast:episode>315.5"
	    "</podcast:episode>") TAIL);
	CHECK_INT(d.errors, 0);
	lint(HEAD "<podcast:medium>radio</podcast:medium>\n" ITEM(
	    "<podcast:season>2.5</podcast:season><podcast:episode>x"
	    "</podcast:episode>") TAIL);
	/* apps treat an unknown medium as a podcast: a warning */
	CHECK_INT(find(PK_LINT_WARNING, "<podcast:medium> 'radio' is not a "
					"medium"),
		  11);
	CHECK_INT(find(PK_LINT_ERROR, "<podcast:season> '2.5' is not a whole "
				      "number"),
		  13);
	CHECK_INT(find(PK_LINT_ERROR, "<podcast:episode> 'x' is not a number"),
		  13);
	lint(HEAD "<podcast:funding url=\"javascript:x\">Give</podcast:funding>"
		  "\n<podcast:trailer url=\"https://e.com/t.mp3\" pubdate=\""
		  "yesterday\">T</podcast:trailer>\n" TAIL);
	CHECK_INT(find(PK_LINT_ERROR, "<podcast:funding> url 'javascript:x' is "
				      "not an http(s) URL"),
		  11);
	CHECK_INT(find(PK_LINT_ERROR,
		       "<podcast:trailer> pubdate 'yesterday' is "
		       "not an RFC 2822 date"),
		  12);
}

static void test_old_namespace(void)
{
	lint("<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:podcast="
	     "\"https://github.com/Podcastindex-org/podcast-namespace/blob/"
	     "main/docs/1.0.md\">\n<channel>\n<podcast:locked>maybe"
	     "</podcast:locked>\n" TAIL);
	CHECK_INT(find(PK_LINT_WARNING, "namespace 'podcast' is the old URI"),
		  2);
	/* and its tags are still checked */
	CHECK_INT(find(PK_LINT_ERROR, "<podcast:locked> is 'maybe'"), 4);
	CHECK_INT(find(PK_LINT_WARNING, "<podcast:locked> has no owner"), 4);
}

static void test_structure(void)
{
	lint("<?xml version=\"1.0\"?>\n<rss version=\"0.91\">\n</rss>\n");
	CHECK_INT(find(PK_LINT_WARNING, "<rss> version is '0.91', not '2.0'"),
		  2);
	CHECK_INT(find(PK_LINT_ERROR, "missing <channel> in <rss>"), 2);
	lint("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n"
	     "<title>&nbsp;</title></channel></rss>");
	CHECK_INT(find(PK_LINT_ERROR, "not well-formed XML: entity 'nbsp' not "
				      "defined"),
		  3);
	lint("");
	CHECK_INT(find(PK_LINT_ERROR, "not well-formed XML: the feed is empty"),
		  1);
	/* an undeclared prefix is reported by libxml2, with its line */
	lint(HEAD "<foo:bar/>\n" TAIL);
	CHECK_INT(find(PK_LINT_ERROR, "XML: namespace prefix foo on bar is not "
				      "defined"),
		  11);
}

/* Lines above 65535 are reported as they are (XML_PARSE_BIG_LINES). */
static void test_big_lines(void)
{
	struct pk_buf b;
	int i;

	pk_buf_init(&b);
	pk_buf_puts(&b, HEAD);
	for (i = 0; i < 70000; i++)
		pk_buf_putc(&b, '\n');
	pk_buf_puts(&b, ITEM("<itunes:duration>x</itunes:duration>") TAIL);
	lint(pk_buf_str(&b));
	CHECK_INT(find(PK_LINT_ERROR, "<itunes:duration> 'x'"), 70012);
	pk_buf_release(&b);
}

/* 1 when s is valid UTF-8 (no sequence cut short). */
static int utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int more = 0;

	for (; *p; p++) {
		if (more) {
			if ((*p & 0xc0) != 0x80)
				return 0;
			more--;
		} else if (*p >= 0xf0) {
			more = 3;
		} else if (*p >= 0xe0) {
			more = 2;
		} else if (*p >= 0xc0) {
			more = 1;
		} else if (*p >= 0x80) {
			return 0;
		}
	}
	return more == 0;
}

/* A huge value quoted in a message is cut, on a character boundary. */
static void test_long_value(void)
{
	struct pk_buf b;
	size_t j;
	int i, odd, found;

	for (odd = 0; odd < 3; odd++) {
		pk_buf_init(&b);
		pk_buf_puts(&b, HEAD ITEM_OPEN "<itunes:duration>");
		for (i = 0; i < odd; i++)
			pk_buf_putc(&b, 'x');
		for (i = 0; i < 3000; i++)
			pk_buf_puts(&b, "\xe2\x82\xac"); /* U+20AC */
		pk_buf_puts(&b, "</itunes:duration></item>" TAIL);
		lint(pk_buf_str(&b));
		found = 0;
		for (j = 0; j < d.n; j++) {
			CHECK(utf8_ok(d.v[j].msg));
			if (strstr(d.v[j].msg, "<itunes:duration>"))
				found = strlen(d.v[j].msg) > 2000;
		}
		CHECK(found);
		pk_buf_release(&b);
	}
}

static void test_cap(void)
{
	struct pk_lint_opts opts = {.max_bytes = 100};
	struct pk_error err = {0};
	const char *xml = HEAD TAIL;

	pk_lint_findings_release(&d);
	pk_lint_findings_init(&d);
	CHECK_INT(pk_lint_buffer(xml, strlen(xml), "t.xml", &opts, &d, &err),
		  PK_EINVAL);
	CHECK(strstr(err.msg, "t.xml: the feed is ") == err.msg);
	CHECK_INT(d.n, 0);
	CHECK(pk_url_is_http("HTTPS://x"));
	CHECK(!pk_url_is_http("file:///etc/passwd"));
}

/* The rule of the first finding containing sub, or NULL. */
static const char *rule_of(const char *sub)
{
	size_t i;

	for (i = 0; i < d.n; i++)
		if (strstr(d.v[i].msg, sub))
			return d.v[i].rule->id;
	return NULL;
}

/* Every row of the table is filled, its name unique and plain. */
static void test_rule_table(void)
{
	const struct pk_lint_rule *r;
	size_t n, i, j;

	r = pk_lint_rules(&n);
	CHECK(n > 40);
	for (i = 0; i < n; i++) {
		CHECK(r[i].id && r[i].source && r[i].what);
		if (!r[i].id)
			continue;
		CHECK(r[i].severity >= PK_LINT_NOTE &&
		      r[i].severity <= PK_LINT_ERROR);
		CHECK_INT((int)strspn(r[i].id, "abcdefghijklmnopqrstuvwxyz-"),
			  (int)strlen(r[i].id));
		for (j = 0; j < i; j++)
			CHECK(!r[j].id || strcmp(r[i].id, r[j].id) != 0);
	}
}

/* Severity by consequence (issue 17): what apps refuse or cannot play is
 * an error, what works but is not preferred a warning. */
static void test_consequences(void)
{
	/* an enclosure no app plays (issue 13) */
	lint(HEAD ITEM("") TAIL);
	CHECK_INT(d.errors, 0);
	lint(HEAD "<item><title>E</title><guid>g</guid><enclosure url=\""
		  "https://e.com/1.html\" length=\"9\" type=\"text/html\"/>"
		  "</item>\n" TAIL);
	CHECK_INT(find(PK_LINT_ERROR, "type 'text/html' is neither audio nor "
				      "video"),
		  11);
	CHECK_STR(rule_of("text/html"), "enclosure-type");
	/* audio Apple does not play, others do: a warning */
	lint(HEAD "<item><title>E</title><guid>g</guid><enclosure url=\""
		  "https://e.com/1.ogg\" length=\"9\" type=\"audio/ogg\"/>"
		  "</item>\n" TAIL);
	CHECK_INT(d.errors, 0);
	CHECK_STR(rule_of("audio/ogg"), "enclosure-type-apple");
	/* chapters as plain JSON, an SRT type the spec does not list */
	lint(HEAD ITEM("<podcast:chapters url=\"https://e.com/c.json\" "
		       "type=\"application/json\"/><podcast:transcript url="
		       "\"https://e.com/t.srt\" type=\"application/srt\"/>")
		 TAIL);
	CHECK_INT(d.errors, 0);
	CHECK_STR(rule_of("<podcast:chapters> type"), "chapters-type");
	CHECK_STR(rule_of("<podcast:transcript> type"), "transcript-type");
	/* an empty guid is no guid: apps key on the enclosure */
	lint(HEAD "<item><title>E</title><guid></guid><enclosure url=\""
		  "https://e.com/1.mp3\" length=\"9\" type=\"audio/mpeg\"/>"
		  "</item>\n" TAIL);
	CHECK_INT(d.errors, 0);
	CHECK_INT(find(PK_LINT_WARNING, "<guid> is empty"), 11);
	/* the Atom URI with a trailing slash hides only atom:link */
	lint("<rss version=\"2.0\" xmlns:itunes=\"" PK_NS_ITUNES
	     "\" xmlns:atom=\"http://www.w3.org/2005/Atom/\">\n<channel>"
	     "<title>T</title><description>D</description><link>https://"
	     "e.com/</link><language>en</language><itunes:image href=\""
	     "https://e.com/c.jpg\"/><itunes:category text=\"Comedy\"/>"
	     "<itunes:explicit>false</itunes:explicit></channel></rss>\n");
	CHECK_INT(d.errors, 0);
	CHECK_STR(rule_of("namespace 'atom'"), "namespace-uri");
	/* a wrong iTunes URI hides every tag Apple needs */
	lint("<rss version=\"2.0\" xmlns:itunes=\"https://www.itunes.com/"
	     "dtds/podcast-1.0.dtd\"><channel/></rss>\n");
	CHECK_STR(rule_of("namespace 'itunes'"), "namespace-itunes");
	CHECK(find(PK_LINT_ERROR, "namespace 'itunes'") == 1);
	/* an episode's long notes are cut by Apple, not refused */
	{
		char xml[8192], big[4200];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		snprintf(xml, sizeof(xml),
			 HEAD ITEM("<description>%s</description>") TAIL, big);
		lint(xml);
		CHECK_INT(d.errors, 0);
		CHECK_STR(rule_of("<description> is 4199"),
			  "item-description-size");
	}
}

/* Findings come back in the order of their lines whatever check found
 * them, those of one line in the order they were found. */
static void test_order(void)
{
	size_t i;

	lint(HEAD ITEM("<itunes:explicit>yes</itunes:explicit>")
		 ITEM("<itunes:explicit>no</itunes:explicit><itunes:duration>x"
		      "</itunes:duration>") TAIL);
	for (i = 1; i < d.n; i++)
		CHECK(d.v[i - 1].line <= d.v[i].line);
	CHECK_INT(find(PK_LINT_WARNING, "'no' is an old value"), 14);
	CHECK_INT(d.v[d.n - 1].line, 14);
	/* item_line says which item a finding is in; 0 is the channel */
	for (i = 0; i < d.n; i++)
		if (strstr(d.v[i].msg, "'yes'"))
			CHECK_INT(d.v[i].item_line, 11);
		else if (d.v[i].line == 3)
			CHECK_INT(d.v[i].item_line, 0);
}

int main(void)
{
	pk_lint_findings_init(&d);
	test_clean();
	test_rule_table();
	test_consequences();
	test_order();
	test_durations();
	test_languages();
	test_explicit_and_types();
	test_people();
	test_podcast_guid();
	test_more_podcast_tags();
	test_old_namespace();
	test_structure();
	test_big_lines();
	test_long_value();
	test_cap();
	pk_lint_findings_release(&d);
	return harness_done();
}
