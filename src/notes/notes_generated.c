/* notes_generated.c: the chapters, people and links sections of an
 * episode's notes, as Markdown or as cmark nodes, from one walk. */
#include "notes/notes_generated_int.h"

#include <string.h>

#include "podkit/date.h"

/* One line of a generated list: a lead (a chapter's timestamp, or a
 * person's role), then text, linked to url when there is one. */
struct line {
	const char *timestamp; /* "1:02:03", or NULL */
	const char *role;      /* "host", "co-host"..., or NULL */
	const char *text;
	const char *url;
};

/* Where the walk goes: Markdown or nodes. */
struct sink {
	void (*heading)(void *ctx, const char *title);
	void (*line)(void *ctx, const struct line *l);
	void (*end)(void *ctx); /* of a section */
	void *ctx;
};

static void walk_person(const struct sink *k, const struct pk_person *p,
			const char *role)
{
	struct line l = {NULL, NULL, NULL, NULL};

	if (!p->name || !*p->name)
		return;
	l.role = p->role && *p->role ? p->role : role;
	l.text = p->name;
	l.url = p->href;
	k->line(k->ctx, &l);
}

static void walk(const struct sink *k, const struct pk_show *show,
		 const struct pk_episode *ep)
{
	const struct pk_person *hosts;
	size_t nhosts = 0, i;
	char ts[32];

	if (ep->nchapters) {
		k->heading(k->ctx, "Chapters");
		for (i = 0; i < ep->nchapters; i++) {
			const struct pk_chapter *c = &ep->chapters[i];
			struct line l = {ts, NULL, c->title, c->url};

			pk_duration_format(c->start, 0, ts, sizeof(ts));
			k->line(k->ctx, &l);
		}
		k->end(k->ctx);
	}
	hosts = pk_episode_hosts(show, ep, &nhosts);
	if (nhosts || ep->nguests) {
		k->heading(k->ctx, "Hosts and guests");
		for (i = 0; i < nhosts; i++)
			walk_person(k, &hosts[i], "host");
		for (i = 0; i < ep->nguests; i++)
			walk_person(k, &ep->guests[i], "guest");
		k->end(k->ctx);
	}
	if (ep->nlinks) {
		k->heading(k->ctx, "Links");
		for (i = 0; i < ep->nlinks; i++) {
			struct line l = {NULL, NULL, ep->links[i].title,
					 ep->links[i].url};

			k->line(k->ctx, &l);
		}
		k->end(k->ctx);
	}
}

/* ---- what both forms share ------------------------------------------ */

static int ascii_punct(unsigned char c)
{
	return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) ||
	       (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

/* Appends s as text: line breaks and tabs become spaces (the text stays
 * on its line), other control characters are dropped, and with escape
 * every ASCII punctuation character is backslash-escaped (CommonMark
 * allows it for all of them) so Markdown reads it as the character. */
static void text(struct pk_buf *b, const char *s, int escape)
{
	const char *run = s;

	/* Plain runs are copied whole; only what needs a change stops. */
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != 0x7f && !(escape && ascii_punct(c)))
			continue;
		pk_buf_append(b, run, (size_t)(s - run));
		run = s + 1;
		if (c == '\n' || c == '\r' || c == '\t') {
			pk_buf_putc(b, ' ');
		} else if (c >= 0x20 && c != 0x7f) {
			pk_buf_putc(b, '\\');
			pk_buf_putc(b, (char)c);
		}
	}
	pk_buf_append(b, run, (size_t)(s - run));
}

static int ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* 1 when s (at an '&') could read as an entity or character reference:
 * '&', letters, digits or '#', then ';'. */
static int entity_like(const char *s)
{
	size_t n = strspn(s + 1, "#0123456789abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ");

	return n > 0 && s[1 + n] == ';';
}

static void percent(struct pk_buf *b, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";

	pk_buf_putc(b, '%');
	pk_buf_putc(b, hex[c >> 4]);
	pk_buf_putc(b, hex[c & 15]);
}

/* Appends url with what would end or break a link destination (space,
 * parentheses, angle brackets, backslash, controls) percent-encoded.
 * cmark decodes entity references in a destination ("&amp;" would link
 * to "&"), and no escape stops it, so in what could be one the letter or
 * digit after the '&' (or "&#") is percent-encoded: RFC 3986 makes that
 * the same URL, and "&id=1" is left as it is. Both
 * forms use this, so both link to the same bytes. cmark empties
 * javascript: and similar URLs when it renders either. */
static void url_text(struct pk_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c == 0x7f || strchr("()<>\\", c)) {
			percent(b, c);
		} else if (c == '&' && entity_like(s) &&
			   ascii_alnum((unsigned char)s[1])) {
			pk_buf_putc(b, '&');
			percent(b, (unsigned char)*++s);
		} else if (c == '&' && entity_like(s) && s[1] == '#' &&
			   ascii_alnum((unsigned char)s[2])) {
			pk_buf_puts(b, "&#");
			s += 2;
			percent(b, (unsigned char)*s);
		} else {
			pk_buf_putc(b, (char)c);
		}
	}
}

/* The lead of a line: "1:02:03 ", or the role with its first letter
 * capitalised and ": " ("co-host" -> "Co-host: "). Leading whitespace of
 * a role is dropped: in Markdown it could indent the line into code. */
static void lead(struct pk_buf *b, const struct line *l, int escape)
{
	const char *role = l->role;

	if (l->timestamp) {
		pk_buf_puts(b, l->timestamp);
		pk_buf_putc(b, ' ');
		return;
	}
	if (!role)
		return;
	role += strspn(role, " \t\r\n");
	if (*role >= 'a' && *role <= 'z') {
		pk_buf_putc(b, (char)(*role - 'a' + 'A'));
		role++;
	}
	text(b, role, escape);
	pk_buf_puts(b, ": ");
}

/* A line's text: its own, or the URL when it has none. A line that
 * starts with it, unlinked, starts at its first non-blank: Markdown
 * drops the blanks there, or reads four as the indent of code. */
static const char *line_text(const struct line *l)
{
	const char *t = l->text && *l->text ? l->text : l->url ? l->url : "";

	if (!l->timestamp && !l->role && !(l->url && *l->url))
		t += strspn(t, " \t\r\n");
	return t;
}

/* ---- Markdown ---------------------------------------------------------- */

static void md_heading(void *ctx, const char *title)
{
	pk_buf_printf(ctx, "## %s\n\n", title);
}

static void md_line(void *ctx, const struct line *l)
{
	struct pk_buf *b = ctx;

	pk_buf_puts(b, "- ");
	lead(b, l, 1);
	if (l->url && *l->url) {
		pk_buf_putc(b, '[');
		text(b, line_text(l), 1);
		pk_buf_puts(b, "](");
		url_text(b, l->url);
		pk_buf_putc(b, ')');
	} else {
		text(b, line_text(l), 1);
	}
	pk_buf_putc(b, '\n');
}

static void md_end(void *ctx)
{
	pk_buf_putc(ctx, '\n');
}

void pk_notes_generated_md(struct pk_buf *b, const struct pk_show *show,
			   const struct pk_episode *ep)
{
	const struct sink k = {md_heading, md_line, md_end, b};

	walk(&k, show, ep);
}

/* ---- nodes ------------------------------------------------------------- */

struct nodes {
	cmark_node *doc;
	cmark_node *list; /* the open section's list */
	struct pk_buf t;  /* scratch */
	int oom;
};

/* Appends child to parent; a NULL child (out of memory) or a failed
 * append sets oom. */
static cmark_node *add(struct nodes *n, cmark_node *parent, cmark_node *child)
{
	if (!child || !parent || !cmark_node_append_child(parent, child)) {
		if (child)
			cmark_node_free(child);
		n->oom = 1;
		return NULL;
	}
	return child;
}

static cmark_node *text_node(struct nodes *n, const char *s)
{
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);

	if (t && !cmark_node_set_literal(t, s)) {
		cmark_node_free(t);
		t = NULL;
	}
	if (!t)
		n->oom = 1;
	return t;
}

static void node_heading(void *ctx, const char *title)
{
	struct nodes *n = ctx;
	cmark_node *h = add(n, n->doc, cmark_node_new(CMARK_NODE_HEADING));

	if (h) {
		cmark_node_set_heading_level(h, 2);
		add(n, h, text_node(n, title));
	}
	n->list = add(n, n->doc, cmark_node_new(CMARK_NODE_LIST));
	if (n->list) {
		cmark_node_set_list_type(n->list, CMARK_BULLET_LIST);
		cmark_node_set_list_tight(n->list, 1);
	}
}

static void node_line(void *ctx, const struct line *l)
{
	struct nodes *n = ctx;
	cmark_node *item, *para, *link;

	item = add(n, n->list, cmark_node_new(CMARK_NODE_ITEM));
	para = add(n, item, cmark_node_new(CMARK_NODE_PARAGRAPH));
	if (!para)
		return;
	pk_buf_reset(&n->t);
	lead(&n->t, l, 0);
	if (!(l->url && *l->url)) {
		/* One text; a paragraph ends without trailing spaces. */
		text(&n->t, line_text(l), 0);
		while (n->t.len && n->t.data[n->t.len - 1] == ' ')
			n->t.data[--n->t.len] = '\0';
		add(n, para, text_node(n, pk_buf_str(&n->t)));
		return;
	}
	if (n->t.len)
		add(n, para, text_node(n, pk_buf_str(&n->t)));
	link = add(n, para, cmark_node_new(CMARK_NODE_LINK));
	if (!link)
		return;
	pk_buf_reset(&n->t);
	url_text(&n->t, l->url);
	if (pk_buf_ok(&n->t) || !cmark_node_set_url(link, pk_buf_str(&n->t)))
		n->oom = 1;
	pk_buf_reset(&n->t);
	text(&n->t, line_text(l), 0);
	add(n, link, text_node(n, pk_buf_str(&n->t)));
}

static void node_end(void *ctx)
{
	((struct nodes *)ctx)->list = NULL;
}

int pk_notes_generated_nodes(cmark_node *doc, const struct pk_show *show,
			     const struct pk_episode *ep)
{
	struct nodes n;
	const struct sink k = {node_heading, node_line, node_end, &n};

	memset(&n, 0, sizeof(n));
	n.doc = doc;
	pk_buf_init(&n.t);
	walk(&k, show, ep);
	if (pk_buf_ok(&n.t))
		n.oom = 1;
	pk_buf_release(&n.t);
	return n.oom ? -1 : 0;
}
