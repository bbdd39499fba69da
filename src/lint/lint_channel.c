/* lint_channel.c: the <channel> tags Apple requires or recommends. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint_int.h"
#include "base/url_int.h"
#include "model/categories_int.h"
#include "model/language_int.h"

/* An element that must be there and not empty; returns it or NULL. */
static xmlNodePtr required(struct lint *l, enum lint_rule r, enum lint_ns ns,
			   const char *tag, const char *shown)
{
	xmlNodePtr n = lint_child(l->channel, ns, tag);
	char *v;

	if (!n) {
		lint_report(l, r, l->channel, "missing <%s> in <channel>",
			    shown);
		return NULL;
	}
	v = lint_text(n);
	if (v && !*v && ns != NS_ITUNES)
		lint_report(l, r, n, "<%s> is empty", shown);
	free(v);
	return n;
}

static void recommended(struct lint *l, enum lint_rule r, enum lint_ns ns,
			const char *tag, const char *shown)
{
	if (!lint_child(l->channel, ns, tag))
		lint_report(l, r, l->channel, "missing <%s> in <channel>",
			    shown);
}

static void language(struct lint *l)
{
	xmlNodePtr n =
	    required(l, R_CHANNEL_LANGUAGE, NS_NONE, "language", "language");
	char *v;

	if (!n)
		return;
	v = lint_text(n);
	if (v && *v && !pk_language_valid(v))
		lint_report(l, R_CHANNEL_LANGUAGE, n,
			    "<language> '%s' is not a language code "
			    "(en, en-us)",
			    v);
	free(v);
}

static void subcategories(struct lint *l, xmlNodePtr cat, const char *name)
{
	xmlNodePtr c;
	char *sub;

	for (c = cat->children; c; c = c->next) {
		if (!lint_is(c, NS_ITUNES, "category"))
			continue;
		if (lint_child(c, NS_ITUNES, "category"))
			lint_report(l, R_CATEGORY, c,
				    "<itunes:category> is nested more "
				    "than one level deep");
		sub = lint_attr(c, "text");
		if (!sub || !*sub)
			lint_report(l, R_CATEGORY, c,
				    "<itunes:category> has no text");
		else if (name && !pk_category_valid(name, sub))
			lint_report(l, R_CATEGORY, c,
				    "'%s' is not a subcategory of '%s'", sub,
				    name);
		free(sub);
	}
}

static void categories(struct lint *l)
{
	const char *parent;
	xmlNodePtr c;
	char *name;
	int any = 0;

	for (c = l->channel->children; c; c = c->next) {
		if (!lint_is(c, NS_ITUNES, "category"))
			continue;
		any = 1;
		name = lint_attr(c, "text");
		if (!name || !*name) {
			lint_report(l, R_CATEGORY, c,
				    "<itunes:category> has no text");
		} else if (!pk_category_valid(name, NULL)) {
			parent = pk_category_parent(name);
			if (parent)
				lint_report(l, R_CATEGORY, c,
					    "'%s' is not an Apple podcast "
					    "category; it is a "
					    "subcategory of '%s'",
					    name, parent);
			else
				lint_report(l, R_CATEGORY, c,
					    "'%s' is not an Apple podcast "
					    "category",
					    name);
			free(name);
			name = NULL;
		}
		subcategories(l, c, name);
		free(name);
	}
	if (!any)
		lint_report(l, R_CATEGORY, l->channel,
			    "missing <itunes:category> in <channel>");
}

static void owner(struct lint *l)
{
	xmlNodePtr n = lint_child(l->channel, NS_ITUNES, "owner");

	if (!n)
		lint_report(l, R_CHANNEL_OWNER, l->channel,
			    "missing <itunes:owner> in <channel>");
	else if (!lint_child(n, NS_ITUNES, "email"))
		lint_report(l, R_CHANNEL_OWNER, n,
			    "<itunes:owner> has no <itunes:email>");
}

static void type(struct lint *l)
{
	xmlNodePtr n = lint_child(l->channel, NS_ITUNES, "type");
	char *v;

	if (!n)
		return;
	v = lint_text(n);
	if (v && strcmp(v, "episodic") != 0 && strcmp(v, "serial") != 0)
		lint_report(l, R_ITUNES_TYPE, n,
			    "<itunes:type> is '%s', not 'episodic' or "
			    "'serial'",
			    v);
	free(v);
}

static void url_element(struct lint *l, enum lint_rule r, enum lint_ns ns,
			const char *tag, const char *shown)
{
	xmlNodePtr n = lint_child(l->channel, ns, tag);
	char *v;

	if (!n)
		return;
	v = lint_text(n);
	if (v && !pk_url_is_http_with_host(v))
		lint_report(l, r, n, "<%s> '%s' is not an http(s) URL", shown,
			    v);
	free(v);
}

/* atom:link rel="self": where the feed lives; apps and directories use it
 * to notice a feed that was copied or moved. */
static void self_link(struct lint *l)
{
	xmlNodePtr c;
	char *rel, *href;
	int found = 0;

	for (c = l->channel->children; c; c = c->next) {
		if (!lint_is(c, NS_ATOM, "link"))
			continue;
		rel = lint_attr(c, "rel");
		if (rel && strcmp(rel, "self") == 0) {
			found = 1;
			href = lint_attr(c, "href");
			if (!href || !pk_url_is_http_with_host(href))
				lint_report(l, R_ATOM_SELF, c,
					    "<atom:link rel=\"self\"> "
					    "href '%s' is not an http(s) "
					    "URL",
					    href ? href : "");
			free(href);
		}
		free(rel);
	}
	if (!found)
		lint_report(l, R_ATOM_SELF, l->channel,
			    "missing <atom:link rel=\"self\"> in <channel>");
}

void lint_channel(struct lint *l)
{
	xmlNodePtr n;

	required(l, R_CHANNEL_TITLE, NS_NONE, "title", "title");
	n = required(l, R_CHANNEL_DESCRIPTION, NS_NONE, "description",
		     "description");
	if (n)
		lint_description_size(l, n, R_CHANNEL_DESCRIPTION_SIZE);
	n = lint_child(l->channel, NS_ITUNES, "image");
	if (n)
		lint_image(l, n, R_CHANNEL_IMAGE);
	else
		lint_report(l, R_CHANNEL_IMAGE, l->channel,
			    "missing <itunes:image> in <channel>");
	language(l);
	categories(l);
	n = lint_child(l->channel, NS_ITUNES, "explicit");
	if (n)
		lint_explicit(l, n);
	else
		lint_report(l, R_EXPLICIT, l->channel,
			    "missing <itunes:explicit> in <channel>");
	recommended(l, R_CHANNEL_LINK, NS_NONE, "link", "link");
	recommended(l, R_CHANNEL_AUTHOR, NS_ITUNES, "author", "itunes:author");
	owner(l);
	type(l);
	url_element(l, R_CHANNEL_LINK, NS_NONE, "link", "link");
	url_element(l, R_NEW_FEED_URL, NS_ITUNES, "new-feed-url",
		    "itunes:new-feed-url");
	self_link(l);
	if (!lint_child(l->channel, NS_NONE, "item"))
		lint_report(l, R_CHANNEL_ITEMS, l->channel,
			    "the feed has no <item>");
}
