/* lint_podcast.c: the Podcasting 2.0 tags: podcast:guid (the UUIDv5 of
 * the feed URL), locked, person (roles and groups from the namespace's
 * taxonomy), chapters and transcript types, medium, season, episode,
 * funding and trailer. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/lint_int.h"
#include "base/url_int.h"
#include "podkit/date.h"
#include "base/guid_int.h"
#include "base/taxonomy_int.h"

static int in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcasecmp(*list, s) == 0)
			return 1;
	return 0;
}

static void person(struct lint *l, xmlNodePtr n)
{
	char *name = lint_text(n), *role = lint_attr(n, "role"),
	     *group = lint_attr(n, "group");
	int group_known = 0;

	if (name && !*name)
		lint_report(l, R_PERSON_NAME, n,
			    "<podcast:person> has no name");
	if (group) {
		group_known = pk_taxonomy_has_group(group);
		if (!group_known)
			lint_report(l, R_PERSON_TAXONOMY, n,
				    "<podcast:person> group '%s' is not "
				    "in the podcast taxonomy",
				    group);
	}
	if (role) {
		if (!pk_taxonomy_has_role(role))
			lint_report(l, R_PERSON_TAXONOMY, n,
				    "<podcast:person> role '%s' is not "
				    "in the podcast taxonomy",
				    role);
		else if (!group && !pk_taxonomy_role_in("cast", role))
			/* no group means "cast" */
			lint_report(l, R_PERSON_GROUP, n,
				    "<podcast:person> role '%s' is not "
				    "in group 'cast'; add its group",
				    role);
		else if (group_known && !pk_taxonomy_role_in(group, role))
			lint_report(l, R_PERSON_TAXONOMY, n,
				    "<podcast:person> role '%s' is not "
				    "in group '%s'",
				    role, group);
	}
	free(name);
	free(role);
	free(group);
}

static void chapters(struct lint *l, xmlNodePtr n)
{
	char *url = lint_attr(n, "url"), *type = lint_attr(n, "type");

	if (!url || !pk_url_is_http_with_host(url))
		lint_report(l, R_CHAPTERS_URL, n,
			    "<podcast:chapters> url '%s' is not an "
			    "http(s) URL",
			    url ? url : "");
	if (!type || strcmp(type, "application/json+chapters") != 0)
		lint_report(l, R_CHAPTERS_TYPE, n,
			    "<podcast:chapters> type '%s' is not "
			    "'application/json+chapters'",
			    type ? type : "");
	free(url);
	free(type);
}

static const char *const transcript_types[] = {
    "text/vtt",	 "application/x-subrip", "application/json",
    "text/html", "text/plain",		 NULL};

static void transcript(struct lint *l, xmlNodePtr n)
{
	char *url = lint_attr(n, "url"), *type = lint_attr(n, "type");

	if (!url || !pk_url_is_http_with_host(url))
		lint_report(l, R_TRANSCRIPT_URL, n,
			    "<podcast:transcript> url '%s' is not an "
			    "http(s) URL",
			    url ? url : "");
	if (!type || !in(transcript_types, type))
		lint_report(l, R_TRANSCRIPT_TYPE, n,
			    "<podcast:transcript> type '%s' is not one of "
			    "text/vtt, application/x-subrip, "
			    "application/json, text/html, text/plain",
			    type ? type : "");
	free(url);
	free(type);
}

static void locked(struct lint *l, xmlNodePtr n)
{
	char *v = lint_text(n), *owner = lint_attr(n, "owner");

	if (v && strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
		lint_report(l, R_LOCKED, n,
			    "<podcast:locked> is '%s', not 'yes' or 'no'", v);
	if (!owner || !*owner)
		lint_report(l, R_LOCKED_OWNER, n,
			    "<podcast:locked> has no owner");
	free(v);
	free(owner);
}


static void medium(struct lint *l, xmlNodePtr n)
{
	char *v = lint_text(n);
	size_t i;

	for (i = 0; v && pk_podcast_mediums[i]; i++)
		if (strcmp(v, pk_podcast_mediums[i]) == 0)
			break;
	if (v && !pk_podcast_mediums[i])
		lint_report(l, R_MEDIUM, n,
			    "<podcast:medium> '%s' is not a medium of the "
			    "namespace (podcast, music, video, ...)",
			    v);
	free(v);
}

/* podcast:season is a whole number; podcast:episode may have a fraction
 * ("315.5"). */
static void number(struct lint *l, xmlNodePtr n, int fraction)
{
	char *v = lint_text(n), *dot;
	int ok;

	if (!v)
		return;
	dot = fraction ? strchr(v, '.') : NULL;
	if (dot) {
		*dot = '\0';
		ok = lint_number(v, 0) && lint_number(dot + 1, 0);
		*dot = '.';
	} else {
		ok = lint_number(v, 0);
	}
	if (!ok)
		lint_report(l, R_PODCAST_NUMBER, n,
			    "<podcast:%s> '%s' is not a %s",
			    (const char *)n->name, v,
			    fraction ? "number" : "whole number");
	free(v);
}

/* An attribute that must hold an http(s) URL. */
static void url_attr(struct lint *l, xmlNodePtr n)
{
	char *url = lint_attr(n, "url");

	if (!url || !pk_url_is_http_with_host(url))
		lint_report(l, R_PODCAST_URL, n,
			    "<podcast:%s> url '%s' is not an http(s) URL",
			    (const char *)n->name, url ? url : "");
	free(url);
}

static void trailer(struct lint *l, xmlNodePtr n)
{
	char *date = lint_attr(n, "pubdate");
	int64_t t;

	url_attr(l, n);
	if (!date || pk_date_parse_rfc2822(date, &t) != 0)
		lint_report(l, R_TRAILER_PUBDATE, n,
			    "<podcast:trailer> pubdate '%s' is not an RFC "
			    "2822 date",
			    date ? date : "");
	free(date);
}

/* The feed's own URL as the feed states it: atom:link rel="self", or
 * itunes:new-feed-url. malloc'd or NULL. */
static char *feed_url(struct lint *l, const char *which)
{
	xmlNodePtr c;
	char *rel;

	if (strcmp(which, "self") != 0) {
		c = lint_child(l->channel, NS_ITUNES, "new-feed-url");
		return c ? lint_text(c) : NULL;
	}
	for (c = l->channel->children; c; c = c->next) {
		if (!lint_is(c, NS_ATOM, "link"))
			continue;
		rel = lint_attr(c, "rel");
		if (rel && strcmp(rel, "self") == 0) {
			free(rel);
			return lint_attr(c, "href");
		}
		free(rel);
	}
	return NULL;
}

static int guid_of(const char *url, const char *guid, char want[PK_UUID_STR])
{
	if (!url || !*url || pk_podcast_guid(url, want) != 0)
		return 0;
	return strcasecmp(want, guid) == 0 ? 1 : -1;
}

static void podcast_guid(struct lint *l)
{
	char want[PK_UUID_STR], *v, *self, *moved;
	xmlNodePtr n = lint_child(l->channel, NS_PODCAST, "guid");
	int a, b;

	if (!n)
		return;
	if (lint_count(l->channel, NS_PODCAST, "guid") > 1)
		lint_report(l, R_PODCAST_GUID, n,
			    "more than one <podcast:guid> in <channel>");
	v = lint_text(n);
	if (!v)
		return;
	if (!pk_uuid_valid(v)) {
		lint_report(l, R_PODCAST_GUID, n,
			    "<podcast:guid> '%s' is not a UUID", v);
		free(v);
		return;
	}
	if (v[14] != '5') {
		lint_report(l, R_PODCAST_GUID, n,
			    "<podcast:guid> '%s' is not a version 5 UUID", v);
		free(v);
		return;
	}
	self = feed_url(l, "self");
	moved = feed_url(l, "new-feed-url");
	/* The guid is made once from the URL the feed started at and kept
	 * when it moves, so either URL may be the one. */
	a = guid_of(self, v, want);
	b = guid_of(moved, v, want);
	want[0] = '\0';
	if (a <= 0 && b <= 0 && (a < 0 || b < 0) &&
	    guid_of(a < 0 ? self : moved, v, want) < 0)
		lint_report(l, R_PODCAST_GUID_URL, n,
			    "<podcast:guid> '%s' is not the UUIDv5 of the "
			    "feed URL '%s' (that is %s)",
			    v, a < 0 ? self : moved, want);
	free(self);
	free(moved);
	free(v);
}

/* Walks every element under the channel for the tags that can appear at
 * either level. */
static void walk(struct lint *l, xmlNodePtr parent)
{
	xmlNodePtr c;

	for (c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (lint_ns_of(c) == NS_PODCAST) {
			if (lint_is(c, NS_PODCAST, "person"))
				person(l, c);
			else if (lint_is(c, NS_PODCAST, "chapters"))
				chapters(l, c);
			else if (lint_is(c, NS_PODCAST, "transcript"))
				transcript(l, c);
			else if (lint_is(c, NS_PODCAST, "locked"))
				locked(l, c);
			else if (lint_is(c, NS_PODCAST, "medium"))
				medium(l, c);
			else if (lint_is(c, NS_PODCAST, "season"))
				number(l, c, 0);
			else if (lint_is(c, NS_PODCAST, "episode"))
				number(l, c, 1);
			else if (lint_is(c, NS_PODCAST, "funding"))
				url_attr(l, c);
			else if (lint_is(c, NS_PODCAST, "trailer"))
				trailer(l, c);
		}
		if (lint_is(c, NS_NONE, "item"))
			walk(l, c);
	}
}

void lint_podcast(struct lint *l)
{
	podcast_guid(l);
	walk(l, l->channel);
}
