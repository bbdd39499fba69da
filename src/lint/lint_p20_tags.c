/* lint_p20_tags.c: each Podcasting 2.0 tag's own check and the table
 * lint_p20.c walks by: where each tag may appear, how many, its required
 * attributes, its check (see lint_p20_int.h). */
#include "lint/lint_p20_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/guid_int.h"
#include "base/taxonomy_int.h"
#include "base/url_int.h"

/* The namespace's lists. */
static const char *const social_protocols[] = {
    "disabled", "activitypub", "twitter", "lightning", "atproto",
    "hive",	"matrix",      "nostr",	  NULL};
static const char *const chat_protocols[] = {"irc", "xmpp", "nostr", "matrix",
					     NULL};
static const char *const live_statuses[] = {"pending", "live", "ended", NULL};

/* The soundbite length the namespace recommends, in seconds. */
#define SOUNDBITE_MIN 15.0
#define SOUNDBITE_MAX 120.0

static void soundbite(struct lint *l, xmlNodePtr n)
{
	char *s = lint_attr(n, "startTime"), *d = lint_attr(n, "duration");
	double a, b;

	if (s && !lint_p20_decimal(s, &a))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:soundbite> startTime '%s' is not a "
			    "number of seconds",
			    s);
	if (d && (!lint_p20_decimal(d, &b) || b <= 0))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:soundbite> duration '%s' is not a "
			    "number of seconds above 0",
			    d);
	else if (d && (b < SOUNDBITE_MIN || b > SOUNDBITE_MAX))
		lint_report(l, R_P20_SOUNDBITE_LENGTH, n,
			    "<podcast:soundbite> is %s s long: the namespace "
			    "recommends %g to %g",
			    d, SOUNDBITE_MIN, SOUNDBITE_MAX);
	lint_p20_text_value(l, n, 0);
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

	lint_p20_text_value(l, n, 1);
	lint_p20_enum_attr(l, n, "rel", rels, "subject, creator");
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
			lint_report(l, lint_p20_rule(n), n,
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
			lint_report(l, lint_p20_rule(n), n,
				    "<podcast:location> osm '%s' is not an "
				    "OpenStreetMap id like R113314",
				    osm);
	}
	if (country &&
	    (strlen(country) != 2 || !isalpha((unsigned char)country[0]) ||
	     !isalpha((unsigned char)country[1])))
		lint_report(l, lint_p20_rule(n), n,
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

	if (proto && !lint_p20_one_of(social_protocols, proto))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:socialInteract> protocol '%s' is not "
			    "in the namespace's list (activitypub, twitter, "
			    "atproto, nostr, ..., disabled)",
			    proto);
	if (proto && strcmp(proto, "disabled") == 0) {
		if (uri || acct)
			lint_report(l, lint_p20_rule(n), n,
				    "<podcast:socialInteract> protocol "
				    "'disabled' takes no uri or accountId");
	} else if (!uri) {
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:socialInteract> has no uri");
	} else if (proto && strcmp(proto, "activitypub") == 0 &&
		   !pk_url_is_http_with_host(uri)) {
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:socialInteract> uri '%s' is not an "
			    "http(s) URL",
			    uri);
	}
	lint_p20_url_attr(l, n, "accountUrl");
	lint_p20_number_attr(l, n, "priority", 0, 1e9);
	free(proto);
	free(uri);
	free(acct);
}

static void podroll(struct lint *l, xmlNodePtr n)
{
	if (!lint_child(n, NS_PODCAST, "remoteItem"))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:podroll> has no <podcast:remoteItem>");
}

static void remote_item(struct lint *l, xmlNodePtr n)
{
	char *g = lint_attr(n, "feedGuid");

	if (g && !pk_uuid_valid(g))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:remoteItem> feedGuid '%s' is not a "
			    "UUID (a podcast:guid)",
			    g);
	lint_p20_url_attr(l, n, "feedUrl");
	lint_p20_enum_attr(l, n, "medium", pk_podcast_mediums,
			   "the podcast:medium values");
	free(g);
}

static void publisher(struct lint *l, xmlNodePtr n)
{
	xmlNodePtr r = lint_child(n, NS_PODCAST, "remoteItem");
	char *m = r ? lint_attr(r, "medium") : NULL;

	if (!r || lint_count(n, NS_PODCAST, "remoteItem") != 1)
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:publisher> holds exactly one "
			    "<podcast:remoteItem>");
	else if (!m || strcmp(m, "publisher") != 0)
		lint_report(l, lint_p20_rule(r), r,
			    "<podcast:remoteItem> in <podcast:publisher> has "
			    "medium '%s', not 'publisher'",
			    m ? m : "");
	free(m);
}

static void update_frequency(struct lint *l, xmlNodePtr n)
{
	char *rr = lint_attr(n, "rrule"), *dt = lint_attr(n, "dtstart");

	lint_p20_text_value(l, n, 1);
	lint_p20_bool_attr(l, n, "complete");
	if (rr && strncmp(rr, "FREQ=", 5) != 0 && !strstr(rr, ";FREQ="))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:updateFrequency> rrule '%s' has no FREQ= "
			    "part",
			    rr);
	if (dt && !lint_p20_iso8601(dt))
		lint_report(l, lint_p20_rule(n), n,
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
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:%s>: the valueRecipient splits (other "
			    "than fees) add up to 0",
			    lint_p20_name(n));
}

static void value(struct lint *l, xmlNodePtr n)
{
	char *t = lint_attr(n, "type"), *m = lint_attr(n, "method");
	double d;
	char *s = lint_attr(n, "suggested");

	if (t && strcmp(t, "lightning") == 0 && m &&
	    strcmp(m, "keysend") != 0 && strcmp(m, "lnaddress") != 0)
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:value> method '%s' is not keysend or "
			    "lnaddress for lightning",
			    m);
	if (s && !lint_p20_decimal(s, &d))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:value> suggested '%s' is not an amount",
			    s);
	if (!lint_child(n, NS_PODCAST, "valueRecipient"))
		lint_report(l, lint_p20_rule(n), n,
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
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:valueRecipient> split '%s' is not a "
			    "whole number",
			    split);
	else if (split && fee && !strcmp(fee, "true") && atol(split) > 100)
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:valueRecipient> fee split '%s' is a "
			    "percentage above 100",
			    split);
	lint_p20_bool_attr(l, n, "fee");
	if (type && addr && strcmp(type, "node") == 0) {
		while (isxdigit((unsigned char)addr[i]))
			i++;
		if (addr[i] || i != 66)
			lint_report(l, lint_p20_rule(n), n,
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

	lint_p20_number_attr(l, n, "startTime", 0, 1e9);
	if (d && (!lint_p20_decimal(d, &v) || v <= 0))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:valueTimeSplit> duration '%s' is not "
			    "a number of seconds above 0",
			    d);
	lint_p20_number_attr(l, n, "remoteStartTime", 0, 1e9);
	lint_p20_number_attr(l, n, "remotePercentage", 0, 100);
	if (!((remote == 1 && rec == 0) || (remote == 0 && rec > 0)))
		lint_report(l, lint_p20_rule(n), n,
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

	lint_p20_url_attr(l, n, "href");
	if (p && strlen(p) > LINT_P20_TEXT_MAX)
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:image> purpose is longer than %d "
			    "characters",
			    LINT_P20_TEXT_MAX);
	if (r) {
		a = strtol(r, &end, 10);
		b = *end == '/' ? strtol(end + 1, &end, 10) : 0;
		if (a <= 0 || b <= 0 || *end)
			lint_report(l, lint_p20_rule(n), n,
				    "<podcast:image> aspect-ratio '%s' is not "
				    "like 16/9",
				    r);
	}
	lint_p20_number_attr(l, n, "width", 1, 1e6);
	lint_p20_number_attr(l, n, "height", 1, 1e6);
	free(p);
	free(r);
}

static void block(struct lint *l, xmlNodePtr n)
{
	char *v = lint_text(n), *id = lint_attr(n, "id"), *other;
	xmlNodePtr c;

	if (v && strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:block> is '%s', not yes or no", v);
	/* One block per service, and one without: a later one repeats. */
	for (c = n->prev; c; c = c->prev) {
		if (!lint_is(c, NS_PODCAST, "block"))
			continue;
		other = lint_attr(c, "id");
		if ((!other && !id) || (other && id && !strcmp(other, id))) {
			lint_report(l, lint_p20_rule(n), n,
				    "a second <podcast:block>%s%s%s",
				    id ? " for '" : "", id ? id : "",
				    id ? "'" : "");
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

	lint_p20_enum_attr(l, n, "protocol", chat_protocols,
			   "irc, xmpp, nostr, matrix");
	if (s && (strstr(s, "://") || strchr(s, '/')))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:chat> server '%s' is not a host name", s);
	free(s);
}

static void live_item(struct lint *l, xmlNodePtr n)
{
	char *start = lint_attr(n, "start"), *end = lint_attr(n, "end");

	lint_p20_enum_attr(l, n, "status", live_statuses,
			   "pending, live, ended");
	if (start && !lint_p20_iso8601(start))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:liveItem> start '%s' is not an ISO 8601 "
			    "date-time with a zone",
			    start);
	if (end && !lint_p20_iso8601(end))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:liveItem> end '%s' is not an ISO 8601 "
			    "date-time with a zone",
			    end);
	if (!end)
		lint_report(l, R_P20_LIVE_END, n,
			    "<podcast:liveItem> has no end time");
	if (!lint_child(n, NS_NONE, "title"))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:liveItem> has no <title>");
	if (!lint_child(n, NS_NONE, "guid"))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:liveItem> has no <guid>");
	if (!lint_child(n, NS_NONE, "enclosure"))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:liveItem> has no <enclosure>");
	if (!lint_child(n, NS_PODCAST, "contentLink"))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:liveItem> has no <podcast:contentLink> "
			    "(a page that plays the stream)");
	free(start);
	free(end);
}

static void content_link(struct lint *l, xmlNodePtr n)
{
	lint_p20_url_attr(l, n, "href");
	lint_p20_text_value(l, n, 0);
}

static void alt_enclosure(struct lint *l, xmlNodePtr n)
{
	char *len = lint_attr(n, "length");
	xmlNodePtr c;
	size_t defaults = 0;

	if (len && !lint_number(len, 1))
		lint_report(l, lint_p20_rule(n), n,
			    "<podcast:alternateEnclosure> length '%s' is not a "
			    "number of bytes",
			    len);
	lint_p20_number_attr(l, n, "bitrate", 0, 1e12);
	lint_p20_number_attr(l, n, "height", 1, 1e6);
	lint_p20_bool_attr(l, n, "default");
	if (!lint_child(n, NS_PODCAST, "source"))
		lint_report(l, lint_p20_rule(n), n,
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
			lint_report(l, lint_p20_rule(n), n,
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
		lint_report(l, lint_p20_rule(n), n,
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
		lint_report(l, lint_p20_rule(n), n,
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
		lint_report(l, lint_p20_rule(n), n,
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

const struct lint_p20_rule lint_p20_rules[] = {
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

const size_t lint_p20_nrules =
    sizeof(lint_p20_rules) / sizeof(lint_p20_rules[0]);
