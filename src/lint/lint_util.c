/* lint_util.c: the linter's helpers for walking a parsed feed and for
 * checks several parts share. */
#include <ctype.h>
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
