/* notes_text.c: show notes as plain text, for the RSS description: a walk
 * of cmark's tree that keeps links readable ("title (url)"), which cmark's
 * own CommonMark renderer would not. */
#include "notes/notes_text_int.h"

#include <stdio.h>
#include <string.h>

#include "base/buf_int.h"

static void inlines(cmark_node *parent, struct pk_buf *b);

static const char *lit(cmark_node *n)
{
	const char *s = cmark_node_get_literal(n);

	return s ? s : "";
}

static int same_target(const char *text, const char *url)
{
	if (!*text || strcmp(text, url) == 0)
		return 1;
	return strncmp(url, "mailto:", 7) == 0 && strcmp(url + 7, text) == 0;
}

static void link(cmark_node *n, struct pk_buf *b)
{
	const char *url = cmark_node_get_url(n);
	struct pk_buf t;

	pk_buf_init(&t);
	inlines(n, &t);
	if (!url || !*url)
		pk_buf_puts(b, pk_buf_str(&t));
	else if (same_target(pk_buf_str(&t), url))
		/* an autolink: the address once, without "mailto:" */
		pk_buf_puts(b, t.len ? pk_buf_str(&t) : url);
	else
		pk_buf_printf(b, "%s (%s)", pk_buf_str(&t), url);
	if (pk_buf_ok(&t))
		b->oom = 1;
	pk_buf_release(&t);
}

static void inlines(cmark_node *parent, struct pk_buf *b)
{
	cmark_node *n;

	for (n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			pk_buf_puts(b, lit(n));
			break;
		case CMARK_NODE_SOFTBREAK:
			pk_buf_putc(b, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			pk_buf_putc(b, '\n');
			break;
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_CUSTOM_INLINE:
			break; /* raw HTML is never passed through */
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			link(n, b);
			break;
		default:
			inlines(n, b);
			break;
		}
	}
}

/* Appends text with each line prefixed: the first by first, the others by
 * rest; empty lines get rest without its trailing spaces. */
static void indent(struct pk_buf *b, const char *text, const char *first,
		   const char *rest)
{
	size_t restlen = strlen(rest);
	const char *line = text, *nl;
	int firstline = 1;

	while (restlen > 0 && rest[restlen - 1] == ' ')
		restlen--;
	for (;;) {
		nl = strchr(line, '\n');
		if (firstline)
			pk_buf_puts(b, first);
		else if (line == nl || !*line)
			pk_buf_append(b, rest, restlen);
		else
			pk_buf_puts(b, rest);
		firstline = 0;
		if (!nl) {
			pk_buf_puts(b, line);
			break;
		}
		pk_buf_append(b, line, (size_t)(nl - line) + 1);
		line = nl + 1;
	}
}

static void block(cmark_node *n, struct pk_buf *b);

/* Cuts b back to len bytes. */
static void cut_to(struct pk_buf *b, size_t len)
{
	if (b->data && len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

/* The child blocks of parent, those that render to something, joined by
 * sep; rendered in place, the separator taken back after one that
 * rendered to nothing. */
static void children(cmark_node *parent, struct pk_buf *b, const char *sep)
{
	size_t start = b->len, before, after_sep;
	cmark_node *n;

	for (n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		before = b->len;
		if (b->len > start)
			pk_buf_puts(b, sep);
		after_sep = b->len;
		block(n, b);
		if (b->len == after_sep)
			cut_to(b, before);
	}
}

static void list(cmark_node *n, struct pk_buf *b)
{
	const char *sep = cmark_node_get_list_tight(n) ? "\n" : "\n\n";
	int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	int number = cmark_node_get_list_start(n);
	char marker[32], pad[32];
	size_t start = b->len;
	struct pk_buf t;
	cmark_node *item;

	pk_buf_init(&t);
	for (item = cmark_node_first_child(n); item;
	     item = cmark_node_next(item)) {
		pk_buf_reset(&t);
		children(item, &t, sep);
		if (ordered)
			snprintf(marker, sizeof(marker), "%d. ", number++);
		else
			snprintf(marker, sizeof(marker), "- ");
		memset(pad, ' ', strlen(marker));
		pad[strlen(marker)] = '\0';
		if (b->len > start)
			pk_buf_puts(b, sep);
		indent(b, pk_buf_str(&t), marker, pad);
	}
	if (pk_buf_ok(&t))
		b->oom = 1;
	pk_buf_release(&t);
}

static void trimmed(struct pk_buf *b, const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && strchr(" \t\n", s[n - 1]))
		n--;
	pk_buf_append(b, s, n);
}

/* Drops the blanks at the end of what b holds past start. */
static void trim_from(struct pk_buf *b, size_t start)
{
	size_t n = b->len;

	while (n > start && strchr(" \t\n", b->data[n - 1]))
		n--;
	cut_to(b, n);
}

static void block(cmark_node *n, struct pk_buf *b)
{
	struct pk_buf t;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:
		children(n, b, "\n\n");
		break;
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING: {
		size_t start = b->len;

		inlines(n, b);
		trim_from(b, start);
		break;
	}
	case CMARK_NODE_CODE_BLOCK:
		trimmed(b, lit(n));
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		pk_buf_puts(b, "---");
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		pk_buf_init(&t);
		children(n, &t, "\n\n");
		if (t.len)
			indent(b, pk_buf_str(&t), "> ", "> ");
		if (pk_buf_ok(&t))
			b->oom = 1;
		pk_buf_release(&t);
		break;
	case CMARK_NODE_LIST:
		list(n, b);
		break;
	default: /* raw HTML blocks are never passed through */
		break;
	}
}

char *pk_notes_plaintext(cmark_node *doc)
{
	struct pk_buf b;

	pk_buf_init(&b);
	block(doc, &b);
	return pk_buf_detach(&b);
}
