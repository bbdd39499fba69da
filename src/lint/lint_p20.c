/* lint_p20.c: the Podcasting 2.0 tags beyond the core, one table row per
 * tag (where it may appear, how many, its required attributes, its own
 * rules): alternateEnclosure with source and integrity, soundbite,
 * location, socialInteract, podroll, remoteItem, publisher,
 * updateFrequency, value, valueRecipient, valueTimeSplit, image, block,
 * chat, liveItem and contentLink. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/guid_int.h"
#include "base/url_int.h"
#include "lint/lint_int.h"
#include "lint/lint_rules_int.h"
#include "base/taxonomy_int.h"

/* The rule a finding on element n belongs to: one per tag family (see
 * lint_rules.c). */
static enum lint_rule tag_rule(xmlNodePtr n)
{
	static const struct {
		const char *tag;
		enum lint_rule rule;
	} map[] = {
	    {"alternateEnclosure", R_P20_ALTERNATE},
	    {"source", R_P20_ALTERNATE},
	    {"integrity", R_P20_ALTERNATE},
	    {"soundbite", R_P20_SOUNDBITE},
	    {"location", R_P20_LOCATION},
	    {"socialInteract", R_P20_SOCIAL},
	    {"podroll", R_P20_PODROLL},
	    {"publisher", R_P20_PUBLISHER},
	    {"updateFrequency", R_P20_UPDATE_FREQUENCY},
	    {"value", R_P20_VALUE},
	    {"valueRecipient", R_P20_RECIPIENT},
	    {"valueTimeSplit", R_P20_TIME_SPLIT},
	    {"image", R_P20_IMAGE},
	    {"block", R_P20_BLOCK},
	    {"chat", R_P20_CHAT},
	    {"liveItem", R_P20_LIVE_ITEM},
	    {"contentLink", R_P20_CONTENT_LINK},
	};
	size_t i;

	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strcmp((const char *)n->name, map[i].tag) == 0)
				return map[i].rule;
	/* a remoteItem's parent decides (podroll, publisher, a value time
	 * split); one anywhere else is the podroll's kind */
	return R_P20_PODROLL;
}

/* Where a tag may be: the parent elements, as bits. */
enum {
	P_CHANNEL = 1 << 0,
	P_ITEM = 1 << 1,
	P_LIVE = 1 << 2,      /* podcast:liveItem */
	P_VALUE = 1 << 3,     /* podcast:value */
	P_SPLIT = 1 << 4,     /* podcast:valueTimeSplit */
	P_PODROLL = 1 << 5,   /* podcast:podroll */
	P_PUBLISHER = 1 << 6, /* podcast:publisher */
	P_ALTENC = 1 << 7     /* podcast:alternateEnclosure */
};

struct rule {
	const char *tag;	     /* local name in the podcast namespace */
	unsigned parents;	     /* P_* bits */
	int single;		     /* at most one per parent */
	const char *const *required; /* attributes, NULL-ended; or NULL */
	void (*check)(struct lint *l, xmlNodePtr n);
};

/* The namespace's lists. */
static const char *const social_protocols[] = {
    "disabled", "activitypub", "twitter", "lightning", "atproto",
    "hive",	"matrix",      "nostr",	  NULL};
static const char *const chat_protocols[] = {"irc", "xmpp", "nostr", "matrix",
					     NULL};
static const char *const live_statuses[] = {"pending", "live", "ended", NULL};

/* The node values and purposes the namespace asks apps to keep whole. */
#define TEXT_MAX 128
/* The soundbite length the namespace recommends, in seconds. */
#define SOUNDBITE_MIN 15.0
#define SOUNDBITE_MAX 120.0

static int one_of(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* A decimal number (digits, one optional point), at least 0. */
static int decimal(const char *s, double *out)
{
	char *end;

	if (!s || !*s || (!isdigit((unsigned char)*s) && *s != '.'))
		return 0;
	*out = strtod(s, &end);
	return *end == '\0';
}

/* ISO 8601 date-time with a zone: 2026-03-01T19:00:00(.000)(Z|+01:00|
 * +0100); the namespace's examples use all of these. */
static int iso8601(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd";
	size_t i;

	for (i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i])
				  : s[i] != pat[i])
			return 0;
	s += i;
	if (*s == ':' && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]))
		s += 3;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++)
			;
	if (*s == 'Z')
		return s[1] == '\0';
	if (*s != '+' && *s != '-')
		return 0;
	s++;
	for (i = 0; s[i]; i++)
		if (!isdigit((unsigned char)s[i]) && !(i == 2 && s[i] == ':'))
			return 0;
	return i == 4 || (i == 5 && s[2] == ':');
}

static const char *pname(xmlNodePtr n)
{
	return (const char *)n->name;
}

/* An attribute that must be an http(s) URL when present. */
static void url_attr(struct lint *l, xmlNodePtr n, const char *attr)
{
	char *v = lint_attr(n, attr);

	if (v && !pk_url_is_http_with_host(v))
		lint_report(l, tag_rule(n), n,
			    "<podcast:%s> %s '%s' is not an http(s) URL",
			    pname(n), attr, v);
	free(v);
}

static void number_attr(struct lint *l, xmlNodePtr n, const char *attr,
			double min, double max)
{
	char *v = lint_attr(n, attr);
	double d;

	if (v && (!decimal(v, &d) || d < min || d > max))
		lint_report(l, tag_rule(n), n,
			    "<podcast:%s> %s '%s' is not a number from %g to "
			    "%g",
			    pname(n), attr, v, min, max);
	free(v);
}

static void bool_attr(struct lint *l, xmlNodePtr n, const char *attr)
{
	char *v = lint_attr(n, attr);

	if (v && strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
		lint_report(l, tag_rule(n), n,
			    "<podcast:%s> %s '%s' is not true or false",
			    pname(n), attr, v);
	free(v);
}

static void enum_attr(struct lint *l, xmlNodePtr n, const char *attr,
		      const char *const *values, const char *shown)
{
	char *v = lint_attr(n, attr);

	if (v && !one_of(values, v))
		lint_report(l, tag_rule(n), n,
			    "<podcast:%s> %s '%s' is not one of %s", pname(n),
			    attr, v, shown);
	free(v);
}

/* The node value: required non-empty, at most TEXT_MAX characters. */
static void text_value(struct lint *l, xmlNodePtr n, int required)
{
	char *v = lint_text(n);

	if (v && required && !*v)
		lint_report(l, tag_rule(n), n, "<podcast:%s> has no text",
			    pname(n));
	else if (v && chars(v) > TEXT_MAX)
		lint_report(l, R_P20_TEXT_LENGTH, n,
			    "<podcast:%s> text is longer than %d characters "
			    "(apps may cut it)",
			    pname(n), TEXT_MAX);
	free(v);
}

static void soundbite(struct lint *l, xmlNodePtr n)
{
	char *s = lint_attr(n, "startTime"), *d = lint_attr(n, "duration");
	double a, b;

	if (s && !decimal(s, &a))
		lint_report(l, tag_rule(n), n,
			    "<podcast:soundbite> startTime '%s' is not a "
			    "number of seconds",
			    s);
	if (d && (!decimal(d, &b) || b <= 0))
		lint_report(l, tag_rule(n), n,
			    "<podcast:soundbite> duration '%s' is not a "
			    "number of seconds above 0",
			    d);
	else if (d && (b < SOUNDBITE_MIN || b > SOUNDBITE_MAX))
		lint_report(l, R_P20_SOUNDBITE_LENGTH, n,
			    "<podcast:soundbite> is %s s long: the namespace "
			    "recommends %g to %g",
			    d, SOUNDBITE_MIN, SOUNDBITE_MAX);
	text_value(l, n, 0);
	free(s);
	free(d);
}

static void location(struct lint *l, xmlNodePtr n)
{
	static const char *const rels[] = {"subject", "creator", NULL};
	char *geo = lint_attr(n, "geo"), *osm = lint_attr(n, "osm"),
	     *country = lint_attr(n, "country");
	char *end;
	const char *p;
	double lat, lon;

	text_value(l, n, 1);
	enum_attr(l, n, "rel", rels, "subject, creator");
	if (geo) {
		int ok = strncmp(geo, "geo:", 4) == 0;

		if (ok) {
			lat = strtod(geo + 4, &end);
			ok = end != geo + 4 && *end == ',';
			if (ok) {
				p = end + 1;
				lon = strtod(p, &end);
				ok = end != p &&
				     (!*end || *end == ',' || *end == ';') &&
				     lat >= -90 && lat <= 90 && lon >= -180 &&
				     lon <= 180;
			}
		}
		if (!ok)
			lint_report(l, tag_rule(n), n,
				    "<podcast:location> geo '%s' is not like "
				    "geo:30.2672,-97.7431",
				    geo);
	}
	if (osm) {
		p = osm + 1;
		if (strchr("NWR", *osm) && *osm && isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)*p))
				p++;
			if (*p == '#' && isdigit((unsigned char)p[1]))
				for (p++; isdigit((unsigned char)*p); p++)
					;
		}
		if (p == osm + 1 || *p)
			lint_report(l, tag_rule(n), n,
				    "<podcast:location> osm '%s' is not an "
				    "OpenStreetMap id like R113314",
				    osm);
	}
	if (country &&
	    (strlen(country) != 2 || !isalpha((unsigned char)country[0]) ||
	     !isalpha((unsigned char)country[1])))
		lint_report(l, tag_rule(n), n,
			    "<podcast:location> country '%s' is not a "
			    "two-letter country code",
			    country);
	free(geo);
	free(osm);
	free(country);
}

static void social(struct lint *l, xmlNodePtr n)
{
	char *proto = lint_attr(n, "protocol"), *uri = lint_attr(n, "uri"),
	     *acct = lint_attr(n, "accountId");

	if (proto && !one_of(social_protocols, proto))
		lint_report(l, tag_rule(n), n,
			    "<podcast:socialInteract> protocol '%s' is not "
			    "in the namespace's list (activitypub, twitter, "
			    "atproto, nostr, ..., disabled)",
			    proto);
	if (proto && strcmp(proto, "disabled") == 0) {
		if (uri || acct)
			lint_report(l, tag_rule(n), n,
				    "<podcast:socialInteract> protocol "
				    "'disabled' takes no uri or accountId");
	} else if (!uri) {
		lint_report(l, tag_rule(n), n,
			    "<podcast:socialInteract> has no uri");
	} else if (proto && strcmp(proto, "activitypub") == 0 &&
		   !pk_url_is_http_with_host(uri)) {
		lint_report(l, tag_rule(n), n,
			    "<podcast:socialInteract> uri '%s' is not an "
			    "http(s) URL",
			    uri);
	}
	url_attr(l, n, "accountUrl");
	number_attr(l, n, "priority", 0, 1e9);
	free(proto);
	free(uri);
	free(acct);
}

static void podroll(struct lint *l, xmlNodePtr n)
{
	if (!lint_child(n, NS_PODCAST, "remoteItem"))
		lint_report(l, tag_rule(n), n,
			    "<podcast:podroll> has no <podcast:remoteItem>");
}

static void remote_item(struct lint *l, xmlNodePtr n)
{
	char *g = lint_attr(n, "feedGuid");

	if (g && !pk_uuid_valid(g))
		lint_report(l, tag_rule(n), n,
			    "<podcast:remoteItem> feedGuid '%s' is not a "
			    "UUID (a podcast:guid)",
			    g);
	url_attr(l, n, "feedUrl");
	enum_attr(l, n, "medium", pk_podcast_mediums,
		  "the podcast:medium values");
	free(g);
}

static void publisher(struct lint *l, xmlNodePtr n)
{
	xmlNodePtr r = lint_child(n, NS_PODCAST, "remoteItem");
	char *m = r ? lint_attr(r, "medium") : NULL;

	if (!r || lint_count(n, NS_PODCAST, "remoteItem") != 1)
		lint_report(l, tag_rule(n), n,
			    "<podcast:publisher> holds exactly one "
			    "<podcast:remoteItem>");
	else if (!m || strcmp(m, "publisher") != 0)
		lint_report(l, tag_rule(r), r,
			    "<podcast:remoteItem> in <podcast:publisher> has "
			    "medium '%s', not 'publisher'",
			    m ? m : "");
	free(m);
}

static void update_frequency(struct lint *l, xmlNodePtr n)
{
	char *rr = lint_attr(n, "rrule"), *dt = lint_attr(n, "dtstart");

	text_value(l, n, 1);
	bool_attr(l, n, "complete");
	if (rr && strncmp(rr, "FREQ=", 5) != 0 && !strstr(rr, ";FREQ="))
		lint_report(l, tag_rule(n), n,
			    "<podcast:updateFrequency> rrule '%s' has no FREQ= "
			    "part",
			    rr);
	if (dt && !iso8601(dt))
		lint_report(l, tag_rule(n), n,
			    "<podcast:updateFrequency> dtstart '%s' is not an "
			    "ISO 8601 date-time with a zone",
			    dt);
	free(rr);
	free(dt);
}

/* The recipients under n (a value or a time split) share something. */
static void shares(struct lint *l, xmlNodePtr n)
{
	xmlNodePtr c;
	long sum = 0;
	int any = 0;
	char *s, *fee;

	for (c = n->children; c; c = c->next) {
		if (!lint_is(c, NS_PODCAST, "valueRecipient"))
			continue;
		any = 1;
		s = lint_attr(c, "split");
		fee = lint_attr(c, "fee");
		if (s && lint_number(s, 0) && !(fee && !strcmp(fee, "true")))
			sum += atol(s);
		free(s);
		free(fee);
	}
	if (any && sum <= 0)
		lint_report(l, tag_rule(n), n,
			    "<podcast:%s>: the valueRecipient splits (other "
			    "than fees) add up to 0",
			    pname(n));
}

static void value(struct lint *l, xmlNodePtr n)
{
	char *t = lint_attr(n, "type"), *m = lint_attr(n, "method");
	double d;
	char *s = lint_attr(n, "suggested");

	if (t && strcmp(t, "lightning") == 0 && m &&
	    strcmp(m, "keysend") != 0 && strcmp(m, "lnaddress") != 0)
		lint_report(l, tag_rule(n), n,
			    "<podcast:value> method '%s' is not keysend or "
			    "lnaddress for lightning",
			    m);
	if (s && !decimal(s, &d))
		lint_report(l, tag_rule(n), n,
			    "<podcast:value> suggested '%s' is not an amount",
			    s);
	if (!lint_child(n, NS_PODCAST, "valueRecipient"))
		lint_report(l, tag_rule(n), n,
			    "<podcast:value> has no <podcast:valueRecipient>");
	shares(l, n);
	free(t);
	free(m);
	free(s);
}

static void recipient(struct lint *l, xmlNodePtr n)
{
	char *split = lint_attr(n, "split"), *type = lint_attr(n, "type"),
	     *addr = lint_attr(n, "address"), *fee = lint_attr(n, "fee");
	size_t i = 0;

	if (split && !lint_number(split, 0))
		lint_report(l, tag_rule(n), n,
			    "<podcast:valueRecipient> split '%s' is not a "
			    "whole number",
			    split);
	else if (split && fee && !strcmp(fee, "true") && atol(split) > 100)
		lint_report(l, tag_rule(n), n,
			    "<podcast:valueRecipient> fee split '%s' is a "
			    "percentage above 100",
			    split);
	bool_attr(l, n, "fee");
	if (type && addr && strcmp(type, "node") == 0) {
		while (isxdigit((unsigned char)addr[i]))
			i++;
		if (addr[i] || i != 66)
			lint_report(l, tag_rule(n), n,
				    "<podcast:valueRecipient> node address "
				    "'%s' is not a 66-digit hex public key",
				    addr);
	}
	free(split);
	free(type);
	free(addr);
	free(fee);
}

static void time_split(struct lint *l, xmlNodePtr n)
{
	size_t remote = lint_count(n, NS_PODCAST, "remoteItem"),
	       rec = lint_count(n, NS_PODCAST, "valueRecipient");
	char *d = lint_attr(n, "duration");
	double v;

	number_attr(l, n, "startTime", 0, 1e9);
	if (d && (!decimal(d, &v) || v <= 0))
		lint_report(l, tag_rule(n), n,
			    "<podcast:valueTimeSplit> duration '%s' is not "
			    "a number of seconds above 0",
			    d);
	number_attr(l, n, "remoteStartTime", 0, 1e9);
	number_attr(l, n, "remotePercentage", 0, 100);
	if (!((remote == 1 && rec == 0) || (remote == 0 && rec > 0)))
		lint_report(l, tag_rule(n), n,
			    "<podcast:valueTimeSplit> holds one "
			    "<podcast:remoteItem> or valueRecipients, not %s",
			    remote && rec ? "both"
			    : remote	  ? "several remoteItems"
					  : "neither");
	shares(l, n);
	free(d);
}

static void image(struct lint *l, xmlNodePtr n)
{
	char *p = lint_attr(n, "purpose"), *r = lint_attr(n, "aspect-ratio"),
	     *end;
	long a, b;

	url_attr(l, n, "href");
	if (p && strlen(p) > TEXT_MAX)
		lint_report(l, tag_rule(n), n,
			    "<podcast:image> purpose is longer than %d "
			    "characters",
			    TEXT_MAX);
	if (r) {
		a = strtol(r, &end, 10);
		b = *end == '/' ? strtol(end + 1, &end, 10) : 0;
		if (a <= 0 || b <= 0 || *end)
			lint_report(l, tag_rule(n), n,
				    "<podcast:image> aspect-ratio '%s' is not "
				    "like 16/9",
				    r);
	}
	number_attr(l, n, "width", 1, 1e6);
	number_attr(l, n, "height", 1, 1e6);
	free(p);
	free(r);
}

static void block(struct lint *l, xmlNodePtr n)
{
	char *v = lint_text(n), *id = lint_attr(n, "id"), *other;
	xmlNodePtr c;

	if (v && strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
		lint_report(l, tag_rule(n), n,
			    "<podcast:block> is '%s', not yes or no", v);
	/* One block per service, and one without: a later one repeats. */
	for (c = n->prev; c; c = c->prev) {
		if (!lint_is(c, NS_PODCAST, "block"))
			continue;
		other = lint_attr(c, "id");
		if ((!other && !id) || (other && id && !strcmp(other, id))) {
			lint_report(
			    l, tag_rule(n), n, "a second <podcast:block>%s%s%s",
			    id ? " for '" : "", id ? id : "", id ? "'" : "");
			free(other);
			break;
		}
		free(other);
	}
	free(v);
	free(id);
}

static void chat(struct lint *l, xmlNodePtr n)
{
	char *s = lint_attr(n, "server");

	enum_attr(l, n, "protocol", chat_protocols, "irc, xmpp, nostr, matrix");
	if (s && (strstr(s, "://") || strchr(s, '/')))
		lint_report(l, tag_rule(n), n,
			    "<podcast:chat> server '%s' is not a host name", s);
	free(s);
}

static void live_item(struct lint *l, xmlNodePtr n)
{
	char *start = lint_attr(n, "start"), *end = lint_attr(n, "end");

	enum_attr(l, n, "status", live_statuses, "pending, live, ended");
	if (start && !iso8601(start))
		lint_report(l, tag_rule(n), n,
			    "<podcast:liveItem> start '%s' is not an ISO 8601 "
			    "date-time with a zone",
			    start);
	if (end && !iso8601(end))
		lint_report(l, tag_rule(n), n,
			    "<podcast:liveItem> end '%s' is not an ISO 8601 "
			    "date-time with a zone",
			    end);
	if (!end)
		lint_report(l, R_P20_LIVE_END, n,
			    "<podcast:liveItem> has no end time");
	if (!lint_child(n, NS_NONE, "title"))
		lint_report(l, tag_rule(n), n,
			    "<podcast:liveItem> has no <title>");
	if (!lint_child(n, NS_NONE, "guid"))
		lint_report(l, tag_rule(n), n,
			    "<podcast:liveItem> has no <guid>");
	if (!lint_child(n, NS_NONE, "enclosure"))
		lint_report(l, tag_rule(n), n,
			    "<podcast:liveItem> has no <enclosure>");
	if (!lint_child(n, NS_PODCAST, "contentLink"))
		lint_report(l, tag_rule(n), n,
			    "<podcast:liveItem> has no <podcast:contentLink> "
			    "(a page that plays the stream)");
	free(start);
	free(end);
}

static void content_link(struct lint *l, xmlNodePtr n)
{
	url_attr(l, n, "href");
	text_value(l, n, 0);
}

static void alt_enclosure(struct lint *l, xmlNodePtr n)
{
	char *len = lint_attr(n, "length");
	xmlNodePtr c;
	size_t defaults = 0;

	if (len && !lint_number(len, 1))
		lint_report(l, tag_rule(n), n,
			    "<podcast:alternateEnclosure> length '%s' is not a "
			    "number of bytes",
			    len);
	number_attr(l, n, "bitrate", 0, 1e12);
	number_attr(l, n, "height", 1, 1e6);
	bool_attr(l, n, "default");
	if (!lint_child(n, NS_PODCAST, "source"))
		lint_report(l, tag_rule(n), n,
			    "<podcast:alternateEnclosure> has no "
			    "<podcast:source>");
	for (c = n->parent ? n->parent->children : NULL; c; c = c->next) {
		char *d;

		if (!lint_is(c, NS_PODCAST, "alternateEnclosure"))
			continue;
		d = lint_attr(c, "default");
		defaults += d && strcmp(d, "true") == 0;
		free(d);
		if (c == n && defaults > 1)
			lint_report(l, tag_rule(n), n,
				    "a second <podcast:alternateEnclosure> "
				    "marked default");
		if (c == n)
			break;
	}
	free(len);
}

static void source(struct lint *l, xmlNodePtr n)
{
	char *uri = lint_attr(n, "uri");

	/* http(s), or other transports (ipfs://, magnet:) the namespace
	 * allows: only a blank or schemeless one is wrong. */
	if (uri && (!strchr(uri, ':') || strpbrk(uri, " \t")))
		lint_report(l, tag_rule(n), n,
			    "<podcast:source> uri '%s' is not a URI", uri);
	free(uri);
}

/* sha256-, sha384- or sha512- then base64 of the right length. */
static void integrity(struct lint *l, xmlNodePtr n)
{
	static const struct {
		const char *prefix;
		size_t b64;
	} sri[] = {{"sha256-", 44}, {"sha384-", 64}, {"sha512-", 88}};
	char *t = lint_attr(n, "type"), *v = lint_attr(n, "value");
	size_t i, j;
	int ok = 0;

	if (t && strcmp(t, "sri") != 0 && strcmp(t, "pgp-signature") != 0)
		lint_report(l, tag_rule(n), n,
			    "<podcast:integrity> type '%s' is not sri or "
			    "pgp-signature",
			    t);
	for (i = 0; t && v && !strcmp(t, "sri") && i < 3 && !ok; i++) {
		size_t pl = strlen(sri[i].prefix);

		if (strncmp(v, sri[i].prefix, pl) != 0 ||
		    strlen(v + pl) != sri[i].b64)
			continue;
		for (j = pl; v[j]; j++)
			if (!isalnum((unsigned char)v[j]) && v[j] != '+' &&
			    v[j] != '/' && v[j] != '=')
				break;
		ok = v[j] == '\0';
	}
	if (t && v && !strcmp(t, "sri") && !ok)
		lint_report(l, tag_rule(n), n,
			    "<podcast:integrity> value '%s' is not an SRI hash "
			    "(sha384- and 64 base64 characters)",
			    v);
	free(t);
	free(v);
}

static const char *const r_time[] = {"startTime", "duration", NULL};
static const char *const r_proto[] = {"protocol", NULL};
static const char *const r_guid[] = {"feedGuid", NULL};
static const char *const r_value[] = {"type", "method", NULL};
static const char *const r_recip[] = {"type", "address", "split", NULL};
static const char *const r_href[] = {"href", NULL};
static const char *const r_chat[] = {"server", "protocol", NULL};
static const char *const r_live[] = {"status", "start", NULL};
static const char *const r_alt[] = {"type", NULL};
static const char *const r_uri[] = {"uri", NULL};
static const char *const r_integ[] = {"type", "value", NULL};

#define ANY_ITEM (P_CHANNEL | P_ITEM | P_LIVE)

static const struct rule rules[] = {
    {"alternateEnclosure", P_ITEM | P_LIVE, 0, r_alt, alt_enclosure},
    {"source", P_ALTENC, 0, r_uri, source},
    {"integrity", P_ALTENC, 1, r_integ, integrity},
    {"soundbite", P_ITEM | P_LIVE, 0, r_time, soundbite},
    {"location", ANY_ITEM, 0, NULL, location},
    {"socialInteract", ANY_ITEM, 0, r_proto, social},
    {"podroll", P_CHANNEL, 1, NULL, podroll},
    {"remoteItem", P_CHANNEL | P_PODROLL | P_PUBLISHER | P_SPLIT, 0, r_guid,
     remote_item},
    {"publisher", P_CHANNEL, 1, NULL, publisher},
    {"updateFrequency", P_CHANNEL, 1, NULL, update_frequency},
    {"value", ANY_ITEM, 0, r_value, value},
    {"valueRecipient", P_VALUE | P_SPLIT, 0, r_recip, recipient},
    {"valueTimeSplit", P_VALUE, 0, r_time, time_split},
    {"image", ANY_ITEM, 0, r_href, image},
    {"block", P_CHANNEL, 0, NULL, block},
    {"chat", ANY_ITEM, 1, r_chat, chat},
    {"liveItem", P_CHANNEL, 0, r_live, live_item},
    {"contentLink", ANY_ITEM, 0, r_href, content_link},
};

#define NRULES (sizeof(rules) / sizeof(rules[0]))

static unsigned parent_bit(xmlNodePtr p)
{
	if (!p || p->type != XML_ELEMENT_NODE)
		return 0;
	if (lint_is(p, NS_NONE, "channel"))
		return P_CHANNEL;
	if (lint_is(p, NS_NONE, "item"))
		return P_ITEM;
	if (lint_ns_of(p) != NS_PODCAST)
		return 0;
	if (!strcmp(pname(p), "liveItem"))
		return P_LIVE;
	if (!strcmp(pname(p), "value"))
		return P_VALUE;
	if (!strcmp(pname(p), "valueTimeSplit"))
		return P_SPLIT;
	if (!strcmp(pname(p), "podroll"))
		return P_PODROLL;
	if (!strcmp(pname(p), "publisher"))
		return P_PUBLISHER;
	if (!strcmp(pname(p), "alternateEnclosure"))
		return P_ALTENC;
	return 0;
}

/* The parents allowed, for the message: "<item> or <podcast:liveItem>". */
static void parents_text(unsigned bits, char *buf, size_t size)
{
	static const char *const names[] = {"<channel>",
					    "<item>",
					    "<podcast:liveItem>",
					    "<podcast:value>",
					    "<podcast:valueTimeSplit>",
					    "<podcast:podroll>",
					    "<podcast:publisher>",
					    "<podcast:alternateEnclosure>"};
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (bits & (1u << i) && len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? " or " : "", names[i]);
}

static void apply(struct lint *l, const struct rule *r, xmlNodePtr n)
{
	char where[256], *v;
	const char *const *a;
	xmlNodePtr c;

	if (!(parent_bit(n->parent) & r->parents)) {
		parents_text(r->parents, where, sizeof(where));
		lint_report(
		    l, tag_rule(n), n,
		    "<podcast:%s> is inside <%s%s>: it belongs in %s", r->tag,
		    lint_ns_of(n->parent) == NS_PODCAST ? "podcast:" : "",
		    n->parent ? pname(n->parent) : "", where);
	}
	if (r->single)
		for (c = n->prev; c; c = c->prev)
			if (lint_is(c, NS_PODCAST, r->tag)) {
				lint_report(l, tag_rule(n), n,
					    "more than one <podcast:%s> in "
					    "<%s>",
					    r->tag, pname(n->parent));
				break;
			}
	for (a = r->required; a && *a; a++) {
		v = lint_attr(n, *a);
		if (!v || !*v)
			lint_report(l, tag_rule(n), n,
				    "<podcast:%s> has no %s attribute", r->tag,
				    *a);
		free(v);
	}
	r->check(l, n);
}

static void walk(struct lint *l, xmlNodePtr parent)
{
	xmlNodePtr c;
	size_t i;

	for (c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (lint_ns_of(c) == NS_PODCAST)
			for (i = 0; i < NRULES; i++)
				if (!strcmp(pname(c), rules[i].tag)) {
					apply(l, &rules[i], c);
					break;
				}
		walk(l, c);
	}
}

void lint_p20(struct lint *l)
{
	walk(l, l->channel);
}
