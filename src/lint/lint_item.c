/* lint_item.c: each <item>: title, enclosure, guid, pubDate, duration and
 * the iTunes tags, and guids or enclosure URLs used twice. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint_int.h"
#include "base/url_int.h"
#include "podkit/date.h"

/* Values that must be unique across items, kept with where they were. */
struct seen {
	char *key;
	xmlNodePtr node;
	size_t order;
};

struct seen_list {
	struct seen *v;
	size_t n, cap;
};

static void seen_add(struct seen_list *s, const char *key, xmlNodePtr node)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct seen *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return; /* the duplicate check is best effort */
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].key = strdup(key);
	if (!s->v[s->n].key)
		return;
	s->v[s->n].node = node;
	s->v[s->n].order = s->n;
	s->n++;
}

static int by_key(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return (x->order > y->order) - (x->order < y->order);
}

/* Sorting finds the duplicates in n log n, so a feed of 100 000 items is
 * checked as fast as one of ten. */
static void seen_report(struct lint *l, struct seen_list *s, enum lint_rule r,
			const char *what)
{
	size_t i, first = 0;

	if (s->n > 1) /* qsort(NULL, 0, ...) is undefined */
		qsort(s->v, s->n, sizeof(*s->v), by_key);
	for (i = 1; i < s->n; i++) {
		if (strcmp(s->v[i].key, s->v[first].key) != 0) {
			first = i;
			continue;
		}
		lint_report(l, r, s->v[i].node,
			    "duplicate %s '%s' (first at line %d)", what,
			    s->v[i].key, lint_line(s->v[first].node));
	}
	for (i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* The enclosure types Apple Podcasts accepts. Other audio and video
 * types play in other apps; anything else plays nowhere. */
static const char *const apple_types[] = {
    "audio/mpeg",      "audio/x-m4a",	  "audio/mp4",
    "audio/aac",       "video/mp4",	  "video/x-m4v",
    "video/quicktime", "application/pdf", NULL,
};

static void enclosure(struct lint *l, xmlNodePtr item, struct seen_list *urls)
{
	xmlNodePtr n = lint_child(item, NS_NONE, "enclosure");
	char *url, *length, *type;
	size_t i;

	if (!n) {
		lint_report(l, R_ENCLOSURE, item,
			    "missing <enclosure> in <item>");
		return;
	}
	if (lint_count(item, NS_NONE, "enclosure") > 1)
		lint_report(l, R_ENCLOSURE_MULTIPLE, item,
			    "more than one <enclosure> in <item>; apps play "
			    "the first");
	url = lint_attr(n, "url");
	length = lint_attr(n, "length");
	type = lint_attr(n, "type");
	if (!url || !*url)
		lint_report(l, R_ENCLOSURE, n, "<enclosure> has no url");
	else if (!pk_url_is_http_with_host(url))
		lint_report(l, R_ENCLOSURE, n,
			    "<enclosure> url '%s' is not an http(s) URL", url);
	else
		seen_add(urls, url, n);
	if (!length || !*length)
		lint_report(l, R_ENCLOSURE_LENGTH, n,
			    "<enclosure> has no length");
	else if (!lint_number(length, 1))
		lint_report(l, R_ENCLOSURE_LENGTH, n,
			    "<enclosure> length '%s' is not a byte count "
			    "above 0",
			    length);
	if (!type || !*type) {
		lint_report(l, R_ENCLOSURE_TYPE, n, "<enclosure> has no type");
	} else {
		for (i = 0; apple_types[i]; i++)
			if (strcmp(type, apple_types[i]) == 0)
				break;
		if (apple_types[i])
			;
		else if (strncmp(type, "audio/", 6) == 0 ||
			 strncmp(type, "video/", 6) == 0)
			lint_report(l, R_ENCLOSURE_TYPE_APPLE, n,
				    "<enclosure> type '%s' is not one Apple "
				    "Podcasts plays",
				    type);
		else
			lint_report(l, R_ENCLOSURE_TYPE, n,
				    "<enclosure> type '%s' is neither audio "
				    "nor video; no podcast app plays it",
				    type);
	}
	free(url);
	free(length);
	free(type);
}

/* Apple only recommends a guid: without one (or with an empty one) apps
 * key the episode on its enclosure URL and show it again as new whenever
 * the URL changes (a new CDN, a re-encode). A warning: nothing is refused
 * or dropped today. */
static void guid(struct lint *l, xmlNodePtr item, struct seen_list *guids)
{
	xmlNodePtr n = lint_child(item, NS_NONE, "guid");
	char *v;

	if (!n) {
		lint_report(l, R_GUID, item, "missing <guid> in <item>");
		return;
	}
	v = lint_text(n);
	if (v && !*v)
		lint_report(l, R_GUID, n, "<guid> is empty");
	else if (v)
		seen_add(guids, v, n);
	free(v);
}

static void pubdate(struct lint *l, xmlNodePtr item)
{
	xmlNodePtr n = lint_child(item, NS_NONE, "pubDate");
	int64_t t;
	char *v;

	if (!n) {
		lint_report(l, R_PUBDATE, item, "missing <pubDate> in <item>");
		return;
	}
	v = lint_text(n);
	if (v && pk_date_parse_rfc2822(v, &t) != 0)
		lint_report(l, R_PUBDATE_FORMAT, n,
			    "<pubDate> '%s' is not an RFC 2822 date", v);
	free(v);
}

/* Two digits below 60. */
static int sixty(const char *s)
{
	return s[0] >= '0' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9';
}

/* Apple reads seconds ("2530"), or "MM:SS", "H:MM:SS", "HH:MM:SS". */
static int duration_ok(const char *s)
{
	size_t n = strspn(s, "0123456789");

	if (n == 0 || n > 9)
		return 0;
	if (s[n] == '\0')
		return 1;
	if (s[n] != ':' || !sixty(s + n + 1))
		return 0;
	s += n + 3;
	if (*s == '\0')
		return 1;
	return s[0] == ':' && sixty(s + 1) && s[3] == '\0';
}

/* Seconds with a fraction ("1014.708375"): most apps read them. */
static int decimal_seconds(const char *s)
{
	size_t n = strspn(s, "0123456789"), f;

	if (n == 0 || n > 9 || s[n] != '.')
		return 0;
	f = strspn(s + n + 1, "0123456789");
	return f > 0 && s[n + 1 + f] == '\0';
}

static void duration(struct lint *l, xmlNodePtr item)
{
	xmlNodePtr n = lint_child(item, NS_ITUNES, "duration");
	char *v;

	if (!n)
		return;
	v = lint_text(n);
	if (!v)
		return;
	if (decimal_seconds(v))
		lint_report(l, R_DURATION_DECIMALS, n,
			    "<itunes:duration> '%s' has a fraction; write "
			    "whole seconds",
			    v);
	else if (!duration_ok(v))
		lint_report(l, R_DURATION, n,
			    "<itunes:duration> '%s' is not seconds or "
			    "HH:MM:SS",
			    v);
	else if (strchr(v, ':'))
		lint_report(l, R_DURATION_CLOCK, n,
			    "<itunes:duration> '%s' could be written in "
			    "seconds, as Apple recommends",
			    v);
	free(v);
}

static void itunes_tags(struct lint *l, xmlNodePtr item)
{
	static const char *const numbers[] = {"episode", "season", NULL};
	xmlNodePtr n;
	char *v;
	size_t i;

	n = lint_child(item, NS_ITUNES, "explicit");
	if (n)
		lint_explicit(l, n);
	n = lint_child(item, NS_ITUNES, "image");
	if (n)
		lint_image(l, n, R_ITEM_IMAGE);
	n = lint_child(item, NS_ITUNES, "episodeType");
	if (n && (v = lint_text(n))) {
		if (strcmp(v, "full") != 0 && strcmp(v, "trailer") != 0 &&
		    strcmp(v, "bonus") != 0)
			lint_report(l, R_EPISODE_TYPE, n,
				    "<itunes:episodeType> is '%s', not "
				    "'full', 'trailer' or 'bonus'",
				    v);
		free(v);
	}
	for (i = 0; numbers[i]; i++) {
		n = lint_child(item, NS_ITUNES, numbers[i]);
		if (!n || !(v = lint_text(n)))
			continue;
		if (!lint_number(v, 1))
			lint_report(l, R_ITUNES_NUMBER, n,
				    "<itunes:%s> '%s' is not a whole number "
				    "above 0",
				    numbers[i], v);
		free(v);
	}
}

static void item(struct lint *l, xmlNodePtr it, struct seen_list *guids,
		 struct seen_list *urls)
{
	xmlNodePtr n;
	char *v;

	n = lint_child(it, NS_NONE, "title");
	if (!n) {
		lint_report(l, R_ITEM_TITLE, it, "missing <title> in <item>");
	} else if ((v = lint_text(n))) {
		if (!*v)
			lint_report(l, R_ITEM_TITLE, n, "<title> is empty");
		free(v);
	}
	enclosure(l, it, urls);
	guid(l, it, guids);
	pubdate(l, it);
	duration(l, it);
	n = lint_child(it, NS_NONE, "description");
	if (n)
		lint_description_size(l, n, R_ITEM_DESCRIPTION_SIZE);
	itunes_tags(l, it);
}

void lint_items(struct lint *l)
{
	struct seen_list guids = {0}, urls = {0};
	xmlNodePtr c;

	for (c = l->channel->children; c; c = c->next)
		if (lint_is(c, NS_NONE, "item"))
			item(l, c, &guids, &urls);
	seen_report(l, &guids, R_GUID_DUPLICATE, "<guid>");
	seen_report(l, &urls, R_ENCLOSURE_DUPLICATE, "<enclosure> url");
}
