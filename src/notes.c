/* notes.c: an episode's show notes: its Markdown, the generated sections
 * and the show's footer, rendered with cmark. */
#include "podkit/notes.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "notes_text.h"
#include "podkit/buf.h"
#include "podkit/date.h"

/* Appends s as Markdown text: every ASCII punctuation character is
 * backslash-escaped (CommonMark allows it for all of them), so a title
 * can never open a link, emphasis, a heading or raw HTML; line breaks and
 * tabs become spaces so the text stays on its line. */
static int ascii_punct(unsigned char c)
{
	return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) ||
	       (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

static void md_text(struct pk_buf *b, const char *s)
{
	const char *run = s;

	/* Plain runs are copied whole; only what needs a change stops. */
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != 0x7f && !ascii_punct(c))
			continue;
		pk_buf_append(b, run, (size_t)(s - run));
		run = s + 1;
		if (c == '\n' || c == '\r' || c == '\t') {
			pk_buf_putc(b, ' ');
		} else if (ascii_punct(c)) {
			pk_buf_putc(b, '\\');
			pk_buf_putc(b, (char)c);
		}
		/* other control characters mean nothing here */
	}
	pk_buf_append(b, run, (size_t)(s - run));
}

/* Appends url as a link destination: characters that would end or break
 * it (space, parentheses, angle brackets, backslash, controls) are
 * percent-encoded. cmark itself empties javascript: and similar URLs. */
static void md_url(struct pk_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c == 0x7f || strchr("()<>\\", c))
			pk_buf_printf(b, "%%%02X", c);
		else
			pk_buf_putc(b, (char)c);
	}
}

/* "[text](url)", or the escaped text alone when there is no URL. */
static void md_link(struct pk_buf *b, const char *text, const char *url)
{
	if (!text || !*text)
		text = url ? url : "";
	if (url && *url) {
		pk_buf_putc(b, '[');
		md_text(b, text);
		pk_buf_puts(b, "](");
		md_url(b, url);
		pk_buf_putc(b, ')');
	} else
		md_text(b, text);
}

static void md_chapters(struct pk_buf *b, const struct pk_episode *ep)
{
	char ts[32];
	size_t i;

	if (!ep->nchapters)
		return;
	pk_buf_puts(b, "## Chapters\n\n");
	for (i = 0; i < ep->nchapters; i++) {
		const struct pk_chapter *c = &ep->chapters[i];

		pk_duration_format(c->start, 0, ts, sizeof(ts));
		pk_buf_printf(b, "- %s ", ts);
		md_link(b, c->title, c->url);
		pk_buf_putc(b, '\n');
	}
	pk_buf_putc(b, '\n');
}

/* One person line: "- Host: [Name](href)"; the role is the person's own
 * when given ("co-host" -> "Co-host"), else the list's default. */
static void md_person(struct pk_buf *b, const struct pk_person *p,
		      const char *role)
{
	if (!p->name || !*p->name)
		return;
	if (p->role && *p->role)
		role = p->role;
	pk_buf_puts(b, "- ");
	if ((unsigned char)role[0] >= 'a' && (unsigned char)role[0] <= 'z') {
		pk_buf_putc(b, (char)(role[0] - 'a' + 'A'));
		md_text(b, role + 1);
	} else
		md_text(b, role);
	pk_buf_puts(b, ": ");
	md_link(b, p->name, p->href);
	pk_buf_putc(b, '\n');
}

static void md_people(struct pk_buf *b, const struct pk_show *show,
		      const struct pk_episode *ep)
{
	const struct pk_person *hosts;
	size_t nhosts = 0, i;

	hosts = pk_episode_hosts(show, ep, &nhosts);
	if (!nhosts && !ep->nguests)
		return;
	pk_buf_puts(b, "## Hosts and guests\n\n");
	for (i = 0; i < nhosts; i++)
		md_person(b, &hosts[i], "host");
	for (i = 0; i < ep->nguests; i++)
		md_person(b, &ep->guests[i], "guest");
	pk_buf_putc(b, '\n');
}

static void md_links(struct pk_buf *b, const struct pk_episode *ep)
{
	size_t i;

	if (!ep->nlinks)
		return;
	pk_buf_puts(b, "## Links\n\n");
	for (i = 0; i < ep->nlinks; i++) {
		pk_buf_puts(b, "- ");
		md_link(b, ep->links[i].title, ep->links[i].url);
		pk_buf_putc(b, '\n');
	}
	pk_buf_putc(b, '\n');
}

/* The three parts of the notes as Markdown. They are parsed separately, so
 * an unclosed code fence or HTML block in the episode's notes cannot
 * swallow the generated sections or the footer. */
struct parts {
	const char *body;
	struct pk_buf generated;
	const char *footer;
};

static void parts_build(struct parts *p, const struct pk_show *show,
			const struct pk_episode *ep)
{
	p->body = ep->notes_md ? ep->notes_md : "";
	pk_buf_init(&p->generated);
	md_chapters(&p->generated, ep);
	md_people(&p->generated, show, ep);
	md_links(&p->generated, ep);
	p->footer = show && show->footer ? show->footer : "";
}

static int blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* Appends s trimmed of trailing blank lines, after a blank line when the
 * output already has something. */
static void join(struct pk_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (blank(s))
		return;
	while (n > 0 && strchr(" \t\r\n", s[n - 1]))
		n--;
	if (b->len)
		pk_buf_puts(b, "\n\n");
	pk_buf_append(b, s, n);
}

static char *combined_markdown(const struct parts *p)
{
	struct pk_buf b;

	pk_buf_init(&b);
	join(&b, p->body);
	join(&b, pk_buf_str(&p->generated));
	if (!blank(p->footer)) {
		if (b.len)
			pk_buf_puts(&b, "\n\n* * *");
		join(&b, p->footer);
	}
	pk_buf_putc(&b, '\n');
	return pk_buf_detach(&b);
}

/* Parses s and moves its blocks to the end of doc. */
static int graft(cmark_node *doc, const char *s)
{
	cmark_node *part, *child;

	part = cmark_parse_document(s, strlen(s), CMARK_OPT_DEFAULT);
	if (!part)
		return -1;
	while ((child = cmark_node_first_child(part))) {
		cmark_node_unlink(child);
		if (!cmark_node_append_child(doc, child)) {
			cmark_node_free(child);
			cmark_node_free(part);
			return -1;
		}
	}
	cmark_node_free(part);
	return 0;
}

static cmark_node *parse_parts(const struct parts *p)
{
	cmark_node *doc;

	doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	if (!doc)
		return NULL;
	if (graft(doc, p->body) || graft(doc, pk_buf_str(&p->generated)))
		goto fail;
	if (!blank(p->footer)) {
		if (cmark_node_first_child(doc)) {
			cmark_node *hr =
			    cmark_node_new(CMARK_NODE_THEMATIC_BREAK);

			if (!hr || !cmark_node_append_child(doc, hr)) {
				if (hr)
					cmark_node_free(hr);
				goto fail;
			}
		}
		if (graft(doc, p->footer))
			goto fail;
	}
	return doc;
fail:
	cmark_node_free(doc);
	return NULL;
}

/* cmark allocates with malloc by default; copy anyway so the caller frees
 * what we documented, whatever allocator cmark was built with. */
static char *own(char *s)
{
	char *r;

	if (!s)
		return NULL;
	r = strdup(s);
	free(s);
	return r;
}

char *pk_notes_render(const struct pk_show *show, const struct pk_episode *ep,
		      enum pk_notes_format fmt, struct pk_diags *diags,
		      struct pk_error *err)
{
	struct parts p;
	cmark_node *doc = NULL;
	char *out = NULL;
	size_t before;

	parts_build(&p, show, ep);
	if (pk_buf_ok(&p.generated)) {
		pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (fmt == PK_NOTES_MARKDOWN) {
		out = combined_markdown(&p);
		if (!out)
			pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	doc = parse_parts(&p);
	if (!doc) {
		pk_error_set(err, PK_ENOMEM, "%s: cannot parse the notes",
			     ep->file ? ep->file : ep->slug);
		goto out;
	}
	if (fmt == PK_NOTES_HTML)
		out = own(cmark_render_html(doc, CMARK_OPT_DEFAULT));
	else
		out = pk_notes_plaintext(doc);
	if (!out) {
		pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	before = strlen(out);
	if (fmt == PK_NOTES_TEXT && pk_notes_cut(out, PK_NOTES_TEXT_MAX) &&
	    diags)
		pk_diags_add(diags, PK_WARNING, ep->file,
			     ep->notes_line > 0 ? ep->notes_line : 1,
			     "notes are %zu bytes as plain text; the "
			     "description is cut to %d",
			     before, PK_NOTES_TEXT_MAX);
out:
	if (doc)
		cmark_node_free(doc);
	pk_buf_release(&p.generated);
	return out;
}

/* A UTF-8 continuation byte: 10xxxxxx. */
int pk_notes_render_both(const struct pk_show *show,
			 const struct pk_episode *ep, char **html, char **text,
			 struct pk_diags *diags, struct pk_error *err)
{
	struct parts p;
	cmark_node *doc = NULL;
	size_t before;
	int r = 0;

	*html = *text = NULL;
	parts_build(&p, show, ep);
	doc = pk_buf_ok(&p.generated) ? NULL : parse_parts(&p);
	if (!doc) {
		r = pk_error_set(err, PK_ENOMEM, "%s: cannot parse the notes",
				 ep->file ? ep->file : ep->slug);
		goto out;
	}
	/* One parse, two renderings: the feed wants both for every item. */
	*html = own(cmark_render_html(doc, CMARK_OPT_DEFAULT));
	*text = pk_notes_plaintext(doc);
	if (!*html || !*text) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		free(*html);
		free(*text);
		*html = *text = NULL;
		goto out;
	}
	before = strlen(*text);
	if (pk_notes_cut(*text, PK_NOTES_TEXT_MAX) && diags)
		pk_diags_add(diags, PK_WARNING, ep->file,
			     ep->notes_line > 0 ? ep->notes_line : 1,
			     "notes are %zu bytes as plain text; the "
			     "description is cut to %d",
			     before, PK_NOTES_TEXT_MAX);
out:
	if (doc)
		cmark_node_free(doc);
	pk_buf_release(&p.generated);
	return r;
}

static int cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

static int space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

int pk_notes_cut(char *text, size_t max)
{
	static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026 */
	size_t len = strlen(text), room, cut, i;

	if (len <= max)
		return 0;
	room = max >= 3 ? max - 3 : 0;
	/* Prefer the last whitespace at or before room: the text before it
	 * keeps whole words. */
	cut = 0;
	for (i = room; i > 0; i--)
		if (space((unsigned char)text[i])) {
			cut = i;
			break;
		}
	if (cut == 0) {
		/* One word longer than the limit: cut between characters. */
		cut = room;
		while (cut > 0 && cont((unsigned char)text[cut]))
			cut--;
	}
	while (cut > 0 && space((unsigned char)text[cut - 1]))
		cut--;
	if (max < 3) {
		text[0] = '\0';
		return 1;
	}
	memcpy(text + cut, ellipsis, 4);
	return 1;
}

int pk_notes_format_parse(const char *name, enum pk_notes_format *fmt)
{
	if (strcmp(name, "html") == 0)
		*fmt = PK_NOTES_HTML;
	else if (strcmp(name, "text") == 0)
		*fmt = PK_NOTES_TEXT;
	else if (strcmp(name, "markdown") == 0 || strcmp(name, "md") == 0)
		*fmt = PK_NOTES_MARKDOWN;
	else
		return PK_EINVAL;
	return 0;
}
