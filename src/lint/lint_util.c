/* lint_util.c: the linter's helpers for walking a parsed feed and for
 * checks several parts share. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xml_ns_int.h"
#include "lint/lint_int.h"
#include "base/buf_int.h"
#include "podkit/lint.h"
#include "base/url_int.h"

/* The Podcasting 2.0 namespace's first URI, still found in many feeds and
 * read by the apps that read the namespace. */
#define NS_PODCAST_OLD                                                         \
	"https://github.com/Podcastindex-org/podcast-namespace/blob/main/"     \
	"docs/1.0.md"

void pk_lint_findings_init(struct pk_lint_findings *f)
{
	memset(f, 0, sizeof(*f));
}

void pk_lint_findings_release(struct pk_lint_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].msg);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* The line of the <item> n is in, or 0. */
static int item_line(xmlNodePtr n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (lint_is(n, NS_NONE, "item"))
			return lint_line(n);
	return 0;
}

/* Counted even when the list cannot grow, so an error is never lost. */
static void add(struct lint *l, enum lint_rule r, int line, int in_item,
		const char *fmt, va_list ap) PK_PRINTF(5, 0);

static void add(struct lint *l, enum lint_rule r, int line, int in_item,
		const char *fmt, va_list ap)
{
	const struct pk_lint_rule *rule = lint_rule(r);
	struct pk_lint_findings *f = l->out;
	struct pk_lint_finding *g;
	char msg[2048];
	size_t len, start, need;
	unsigned char lead;

	if (rule->severity == PK_LINT_ERROR)
		f->errors++;
	else if (rule->severity == PK_LINT_WARNING)
		f->warnings++;
	else
		f->notes++;
	/* A message cut short (a huge value quoted) must not end inside a
	 * UTF-8 character: --json needs valid UTF-8. */
	if (vsnprintf(msg, sizeof(msg), fmt, ap) >= (int)sizeof(msg)) {
		len = strlen(msg);
		start = len;
		while (start > 0 &&
		       ((unsigned char)msg[start - 1] & 0xc0) == 0x80)
			start--;
		if (start > 0) {
			lead = (unsigned char)msg[start - 1];
			need = lead >= 0xf0   ? 4
			       : lead >= 0xe0 ? 3
			       : lead >= 0xc0 ? 2
					      : 1;
			if (start - 1 + need > len)
				msg[start - 1] = '\0';
		}
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct pk_lint_finding *v = realloc(f->v, cap * sizeof(*v));

		if (!v)
			return;
		f->v = v;
		f->cap = cap;
	}
	g = &f->v[f->n];
	g->rule = rule;
	g->line = line;
	g->item_line = in_item;
	g->msg = strdup(msg);
	if (g->msg)
		f->n++;
}

void lint_report(struct lint *l, enum lint_rule r, xmlNodePtr n,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(l, r, n ? lint_line(n) : 0, item_line(n), fmt, ap);
	va_end(ap);
}

void lint_report_line(struct lint *l, enum lint_rule r, int line,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(l, r, line, 0, fmt, ap);
	va_end(ap);
}

/* A merge sort: stable, and n log n on a feed with 100 000 findings. */
int lint_sort(struct pk_lint_findings *f)
{
	struct pk_lint_finding *tmp, *from, *to, *swap;
	size_t width, i, a, b, mid, end, o;

	if (f->n < 2)
		return 0;
	tmp = malloc(f->n * sizeof(*tmp));
	if (!tmp)
		return PK_ENOMEM;
	from = f->v;
	to = tmp;
	for (width = 1; width < f->n; width *= 2) {
		for (i = 0; i < f->n; i += 2 * width) {
			mid = i + width < f->n ? i + width : f->n;
			end = i + 2 * width < f->n ? i + 2 * width : f->n;
			a = i;
			b = mid;
			o = i;
			while (a < mid && b < end)
				to[o++] = from[b].line < from[a].line
					      ? from[b++]
					      : from[a++];
			while (a < mid)
				to[o++] = from[a++];
			while (b < end)
				to[o++] = from[b++];
		}
		swap = from;
		from = to;
		to = swap;
	}
	if (from != f->v)
		memcpy(f->v, from, f->n * sizeof(*tmp));
	free(tmp);
	return 0;
}

int lint_line(xmlNodePtr n)
{
	long line = xmlGetLineNo(n);

	return line > 0 && line < 0x7fffffff ? (int)line : 0;
}

enum lint_ns lint_ns_of(xmlNodePtr n)
{
	const char *href;

	if (!n->ns || !n->ns->href)
		return NS_NONE;
	href = (const char *)n->ns->href;
	if (strcmp(href, PK_NS_ITUNES) == 0)
		return NS_ITUNES;
	if (strcmp(href, PK_NS_PODCAST) == 0 ||
	    strcmp(href, NS_PODCAST_OLD) == 0)
		return NS_PODCAST;
	if (strcmp(href, PK_NS_CONTENT) == 0)
		return NS_CONTENT;
	if (strcmp(href, PK_NS_ATOM) == 0)
		return NS_ATOM;
	return NS_OTHER;
}

int lint_is(xmlNodePtr n, enum lint_ns ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && lint_ns_of(n) == ns &&
	       strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr lint_child(xmlNodePtr parent, enum lint_ns ns, const char *name)
{
	xmlNodePtr c;

	for (c = parent->children; c; c = c->next)
		if (lint_is(c, ns, name))
			return c;
	return NULL;
}

size_t lint_count(xmlNodePtr parent, enum lint_ns ns, const char *name)
{
	xmlNodePtr c;
	size_t n = 0;

	for (c = parent->children; c; c = c->next)
		n += lint_is(c, ns, name);
	return n;
}

char *lint_text(xmlNodePtr n)
{
	struct pk_buf b;
	xmlNodePtr c;
	size_t start, end;
	char *s;

	pk_buf_init(&b);
	for (c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE ||
		     c->type == XML_CDATA_SECTION_NODE) &&
		    c->content)
			pk_buf_puts(&b, (const char *)c->content);
	s = pk_buf_detach(&b);
	if (!s)
		return NULL;
	end = strlen(s);
	while (end > 0 && isspace((unsigned char)s[end - 1]))
		end--;
	s[end] = '\0';
	start = strspn(s, " \t\r\n");
	memmove(s, s + start, end - start + 1);
	return s;
}

char *lint_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

int lint_number(const char *s, int positive)
{
	size_t n = strspn(s, "0123456789");

	if (n == 0 || s[n] != '\0' || n > 18)
		return 0;
	return !positive || strtoll(s, NULL, 10) > 0;
}

/* 1 when the path of url (before any query or fragment) ends in ext. */
static int url_ends_in(const char *url, const char *ext)
{
	size_t n = strcspn(url, "?#"), e = strlen(ext);

	return n >= e && strncasecmp(url + n - e, ext, e) == 0;
}

void lint_image(struct lint *l, xmlNodePtr image, enum lint_rule r)
{
	char *href = lint_attr(image, "href");

	if (!href || !*href)
		lint_report(l, r, image, "<itunes:image> has no href");
	else if (!pk_url_is_http_with_host(href))
		lint_report(l, r, image,
			    "<itunes:image> href '%s' is not an "
			    "http(s) URL",
			    href);
	else if (!url_ends_in(href, ".jpg") && !url_ends_in(href, ".jpeg") &&
		 !url_ends_in(href, ".png"))
		lint_report(l, r, image,
			    "<itunes:image> href '%s' does not end "
			    "in .jpg or .png",
			    href);
	free(href);
}

void lint_explicit(struct lint *l, xmlNodePtr explicit_)
{
	char *v = lint_text(explicit_);

	if (!v)
		return;
	if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
		;
	else if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "no") == 0 ||
		 strcasecmp(v, "clean") == 0 || strcasecmp(v, "explicit") == 0)
		lint_report(l, R_EXPLICIT_OLD_VALUE, explicit_,
			    "<itunes:explicit> '%s' is an old "
			    "value; write 'true' or 'false'",
			    v);
	else
		lint_report(l, R_EXPLICIT, explicit_,
			    "<itunes:explicit> is '%s', not "
			    "'true' or 'false'",
			    v);
	free(v);
}

void lint_description_size(struct lint *l, xmlNodePtr desc, enum lint_rule r)
{
	char *v = lint_text(desc);
	size_t n;

	if (!v)
		return;
	n = strlen(v);
	if (n > 4000)
		lint_report(l, r, desc,
			    r == R_ITEM_DESCRIPTION_SIZE
				? "<description> is %zu bytes; Apple shows "
				  "at most 4000"
				: "<description> is %zu bytes; Apple allows "
				  "at most 4000",
			    n);
	free(v);
}
