/* notes.c: an episode's show notes: its Markdown, the generated sections
 * and the show's footer, rendered with cmark. */
#include "podkit/notes.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "notes/notes_generated_int.h"
#include "notes/notes_text_int.h"
#include "base/buf_int.h"

/* The three parts of the notes: the episode's Markdown, the generated
 * sections, the show's footer. Each is parsed (or built) on its own, so
 * an unclosed code fence or HTML block in the episode's notes cannot
 * swallow the generated sections or the footer. */
struct parts {
	const char *body;
	const char *footer;
	const struct pk_show *show;
	const struct pk_episode *ep;
};

static void parts_init(struct parts *p, const struct pk_show *show,
		       const struct pk_episode *ep)
{
	p->body = ep->notes_md ? ep->notes_md : "";
	p->footer = show && show->footer ? show->footer : "";
	p->show = show;
	p->ep = ep;
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
	struct pk_buf b, gen;
	char *out;

	pk_buf_init(&b);
	pk_buf_init(&gen);
	pk_notes_generated_md(&gen, p->show, p->ep);
	join(&b, p->body);
	join(&b, pk_buf_str(&gen));
	if (!blank(p->footer)) {
		if (b.len)
			pk_buf_puts(&b, "\n\n* * *");
		join(&b, p->footer);
	}
	pk_buf_putc(&b, '\n');
	if (pk_buf_ok(&gen))
		b.oom = 1;
	pk_buf_release(&gen);
	out = pk_buf_detach(&b);
	return out;
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
	if (graft(doc, p->body) ||
	    pk_notes_generated_nodes(doc, p->show, p->ep) != 0)
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

/* The plain text with the episode's summary, when it has one, as its
 * first paragraph: apps show the description's start in lists. Frees
 * text; returns a malloc'd string, or NULL when out of memory. */
static char *summary_first(const struct pk_episode *ep, char *text)
{
	struct pk_buf b;

	if (!text || !ep->summary || blank(ep->summary))
		return text;
	pk_buf_init(&b);
	pk_buf_append(&b, ep->summary + strspn(ep->summary, " \t\r\n"),
		      strlen(ep->summary + strspn(ep->summary, " \t\r\n")));
	while (b.len > 0 && strchr(" \t\r\n", b.data[b.len - 1]))
		b.data[--b.len] = '\0';
	if (*text)
		pk_buf_printf(&b, "\n\n%s", text);
	free(text);
	return pk_buf_detach(&b);
}

/* Cuts the plain text to the description's limit, with a warning under
 * the episode's notes (diags may be NULL). */
static void cut_description(char *text, const struct pk_episode *ep,
			    struct pk_diags *diags)
{
	size_t before = strlen(text);

	if (pk_notes_cut(text, PK_NOTES_TEXT_MAX) && diags)
		pk_diags_add(diags, PK_WARNING, ep->file,
			     ep->notes_line > 0 ? ep->notes_line : 1,
			     "notes are %zu bytes as plain text; the "
			     "description is cut to %d",
			     before, PK_NOTES_TEXT_MAX);
}

char *pk_notes_render(const struct pk_show *show, const struct pk_episode *ep,
		      enum pk_notes_format fmt, struct pk_diags *diags,
		      struct pk_error *err)
{
	struct parts p;
	cmark_node *doc = NULL;
	char *out = NULL;

	parts_init(&p, show, ep);
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
		out = summary_first(ep, pk_notes_plaintext(doc));
	if (!out) {
		pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (fmt == PK_NOTES_TEXT)
		cut_description(out, ep, diags);
out:
	if (doc)
		cmark_node_free(doc);
	return out;
}

int pk_notes_render_both(const struct pk_show *show,
			 const struct pk_episode *ep, char **html, char **text,
			 struct pk_diags *diags, struct pk_error *err)
{
	struct parts p;
	cmark_node *doc = NULL;
	int r = 0;

	*html = *text = NULL;
	parts_init(&p, show, ep);
	doc = parse_parts(&p);
	if (!doc) {
		r = pk_error_set(err, PK_ENOMEM, "%s: cannot parse the notes",
				 ep->file ? ep->file : ep->slug);
		goto out;
	}
	/* One parse, two renderings: the feed wants both for every item. */
	*html = own(cmark_render_html(doc, CMARK_OPT_DEFAULT));
	*text = summary_first(ep, pk_notes_plaintext(doc));
	if (!*html || !*text) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		free(*html);
		free(*text);
		*html = *text = NULL;
		goto out;
	}
	cut_description(*text, ep, diags);
out:
	if (doc)
		cmark_node_free(doc);
	return r;
}

/* A UTF-8 continuation byte: 10xxxxxx. */
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
