/* notes_text.c: show notes as plain text, for the RSS description: a walk
 * of cmark's tree that keeps links readable ("title (url)"), which cmark's
 * own CommonMark renderer would not. */
#include "notes/notes_text_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf_int.h"

/* How deep the rendering follows the notes' nesting. Markdown lets a
 * note nest block quotes, lists, emphasis and images as deep as it likes
 * (40,000 '>' on one line is valid); past these depths the text is kept
 * but its nesting is not drawn, so nothing here recurses, and no prefix
 * grows, with the input. */
#define MAX_BLOCK_DEPTH 16 /* quotes and lists inside one another */
#define MAX_LINK_DEPTH 4   /* links and images inside one another */

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

/* Cuts b back to len bytes. */
static void cut_to(struct pk_buf *b, size_t len)
{
	if (b->data && len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

/* A link or image whose text was rendered into b from start on: the text
 * is replaced by "text (url)", or the address once for an autolink
 * (without "mailto:"). */
static void link_done(cmark_node *n, struct pk_buf *b, size_t start)
{
	const char *url = cmark_node_get_url(n);
	char *text;

	if (!url || !*url || !b->data)
		return;
	text = strdup(b->data + start);
	if (!text) {
		b->oom = 1;
		return;
	}
	cut_to(b, start);
	if (same_target(text, url))
		pk_buf_puts(b, *text ? text : url);
	else
		pk_buf_printf(b, "%s (%s)", text, url);
	free(text);
}

/* The inline content of parent, walked with cmark's iterator rather than
 * by recursion. A link's text starts where its ENTER event found b; that
 * offset is kept in the node's user data until its EXIT. */
static void inlines(cmark_node *parent, struct pk_buf *b)
{
	cmark_iter *it = cmark_iter_new(parent);
	cmark_event_type ev;
	cmark_node *n;
	int links = 0;

	if (!it) {
		b->oom = 1;
		return;
	}
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
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
			if (ev == CMARK_EVENT_ENTER) {
				links++;
				cmark_node_set_user_data(
				    n, (void *)(uintptr_t)b->len);
				break;
			}
			/* deeper ones keep their text only */
			if (links-- <= MAX_LINK_DEPTH)
				link_done(n, b,
					  (size_t)(uintptr_t)
					      cmark_node_get_user_data(n));
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
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

static void block(cmark_node *n, struct pk_buf *b, int depth);

/* The child blocks of parent, those that render to something, joined by
 * sep; rendered in place, the separator taken back after one that
 * rendered to nothing. */
static void children(cmark_node *parent, struct pk_buf *b, const char *sep,
		     int depth)
{
	size_t start = b->len, before, after_sep;
	cmark_node *n;

	for (n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		before = b->len;
		if (b->len > start)
			pk_buf_puts(b, sep);
		after_sep = b->len;
		block(n, b, depth);
		if (b->len == after_sep)
			cut_to(b, before);
	}
}

static void list(cmark_node *n, struct pk_buf *b, int depth)
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
		children(item, &t, sep, depth + 1);
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

/* A block that holds no other blocks; 0 when n is not one. */
static int leaf(cmark_node *n, struct pk_buf *b)
{
	size_t start = b->len;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
		inlines(n, b);
		trim_from(b, start);
		return 1;
	case CMARK_NODE_CODE_BLOCK:
		trimmed(b, lit(n));
		return 1;
	case CMARK_NODE_THEMATIC_BREAK:
		pk_buf_puts(b, "---");
		return 1;
	case CMARK_NODE_HTML_BLOCK: /* never passed through */
	case CMARK_NODE_CUSTOM_BLOCK:
		return 1;
	default:
		return 0;
	}
}

/* Past MAX_BLOCK_DEPTH: the leaf blocks under root, in order, separated by
 * blank lines, their quotes and list markers left out. */
static void flat(cmark_node *root, struct pk_buf *b)
{
	cmark_iter *it = cmark_iter_new(root);
	size_t start = b->len, before, after_sep;
	cmark_node *n;

	if (!it) {
		b->oom = 1;
		return;
	}
	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (cmark_iter_get_event_type(it) != CMARK_EVENT_ENTER)
			continue;
		before = b->len;
		if (b->len > start)
			pk_buf_puts(b, "\n\n");
		after_sep = b->len;
		if (!leaf(n, b) || b->len == after_sep)
			cut_to(b, before);
	}
	cmark_iter_free(it);
}

static void block(cmark_node *n, struct pk_buf *b, int depth)
{
	struct pk_buf t;

	if (leaf(n, b))
		return;
	if (depth >= MAX_BLOCK_DEPTH) {
		flat(n, b);
		return;
	}
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:
		children(n, b, "\n\n", depth);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		pk_buf_init(&t);
		children(n, &t, "\n\n", depth + 1);
		if (t.len)
			indent(b, pk_buf_str(&t), "> ", "> ");
		if (pk_buf_ok(&t))
			b->oom = 1;
		pk_buf_release(&t);
		break;
	case CMARK_NODE_LIST:
		list(n, b, depth);
		break;
	default:
		break;
	}
}

char *pk_notes_plaintext(cmark_node *doc)
{
	struct pk_buf b;

	pk_buf_init(&b);
	block(doc, &b, 0);
	return pk_buf_detach(&b);
}
