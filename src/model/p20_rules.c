/* p20_rules.c: the Podcasting 2.0 namespace's rules across the fields of
 * one entry (a location's geo and osm forms, a disabled socialInteract,
 * node keys and fee splits, time splits with recipients or one remote
 * item, a live item's end after its start, ...), each problem reported as
 * FILE:LINE at the entry. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/guid_int.h"
#include "podkit/date.h"
#include "podkit/show.h"
#include "model/p20_rules_int.h"
#include "model/show_fields_int.h"

/* The longest node value or purpose the namespace asks apps to keep. */
#define P20_TEXT_MAX 128

/* Characters (not bytes) of UTF-8 text. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* "geo:LAT,LON" with an optional altitude and ";u=" uncertainty. */
static int geo_ok(const char *s)
{
	double lat, lon;
	char *end;

	if (strncmp(s, "geo:", 4) != 0)
		return 0;
	lat = strtod(s + 4, &end);
	if (end == s + 4 || *end != ',')
		return 0;
	s = end + 1;
	lon = strtod(s, &end);
	if (end == s || (*end && *end != ',' && *end != ';'))
		return 0;
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

/* "R113314", "W5013364", "N12#45": a type letter, an id, a revision. */
static int osm_ok(const char *s)
{
	if (*s != 'R' && *s != 'W' && *s != 'N')
		return 0;
	s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '#') {
		s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == '\0';
}

int pk_p20_check_location(struct pk_fctx *c, yaml_node_t *n, void *obj)
{
	struct pk_location *l = obj;

	if (chars(l->name) > P20_TEXT_MAX) {
		pk_f_error(c, n, "'location.name' is longer than %d characters",
			   P20_TEXT_MAX);
		return -1;
	}
	if (l->geo && !geo_ok(l->geo)) {
		pk_f_error(c, n,
			   "'location.geo' '%s' is not like "
			   "geo:38.7223,-9.1393 (latitude, longitude)",
			   l->geo);
		return -1;
	}
	if (l->osm && !osm_ok(l->osm)) {
		pk_f_error(c, n,
			   "'location.osm' '%s' is not an OpenStreetMap id "
			   "like R5400890 (N, W or R, then digits)",
			   l->osm);
		return -1;
	}
	if (l->country && (strlen(l->country) != 2 ||
			   !isalpha((unsigned char)l->country[0]) ||
			   !isalpha((unsigned char)l->country[1]))) {
		pk_f_error(c, n,
			   "'location.country' '%s' is not a two-letter "
			   "country code like pt",
			   l->country);
		return -1;
	}
	return 0;
}

int pk_p20_check_social(struct pk_fctx *c, yaml_node_t *n, void *obj)
{
	struct pk_social *s = obj;
	int disabled = strcmp(s->protocol, "disabled") == 0;

	if (disabled && (s->uri || s->account_id || s->account_url)) {
		pk_f_error(c, n,
			   "'social_interact' with protocol disabled takes "
			   "no uri or account");
		return -1;
	}
	if (!disabled && !s->uri) {
		pk_f_error(c, n, "'social_interact.uri' is required");
		return -1;
	}
	if ((strcmp(s->protocol, "activitypub") == 0 ||
	     strcmp(s->protocol, "twitter") == 0) &&
	    !pk_f_is_http_url(s->uri)) {
		pk_f_error(c, n,
			   "'social_interact.uri' is not an http(s) URL "
			   "(the %s root post)",
			   s->protocol);
		return -1;
	}
	if (s->account_url && !pk_f_is_http_url(s->account_url)) {
		pk_f_error(c, n,
			   "'social_interact.account_url' is not an http(s) "
			   "URL");
		return -1;
	}
	return 0;
}

int pk_p20_check_remote(struct pk_fctx *c, yaml_node_t *n, void *obj)
{
	struct pk_remote_item *r = obj;

	if (!pk_uuid_valid(r->feed_guid)) {
		pk_f_error(c, n,
			   "'feed_guid' '%s' is not a podcast:guid (a UUID "
			   "like 917393e3-1b1e-5cef-ace4-edaa54e1f810)",
			   r->feed_guid);
		return -1;
	}
	if (r->feed_url && !pk_f_is_http_url(r->feed_url)) {
		pk_f_error(c, n, "'feed_url' is not an http(s) URL");
		return -1;
	}
	return 0;
}

/* "16/9": two whole numbers above 0. */
static int ratio_ok(const char *s)
{
	char *end;
	long a = strtol(s, &end, 10), b;

	if (end == s || *end != '/' || a <= 0)
		return 0;
	s = end + 1;
	b = strtol(s, &end, 10);
	return end != s && !*end && b > 0;
}

int pk_p20_check_image(struct pk_fctx *c, yaml_node_t *n, void *obj)
{
	struct pk_image *im = obj;

	if (im->purpose && strlen(im->purpose) > P20_TEXT_MAX) {
		pk_f_error(c, n,
			   "'images.purpose' is longer than %d characters",
			   P20_TEXT_MAX);
		return -1;
	}
	if (im->aspect_ratio && !ratio_ok(im->aspect_ratio)) {
		pk_f_error(c, n,
			   "'images.aspect_ratio' '%s' is not a ratio like "
			   "16/9",
			   im->aspect_ratio);
		return -1;
	}
	if (im->type && (!strchr(im->type, '/') || strpbrk(im->type, " \t"))) {
		pk_f_error(c, n,
			   "'images.type' is not a MIME type like image/jpeg");
		return -1;
	}
	return 0;
}

static int hex66(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return i == 66;
}

int pk_p20_check_recipient(struct pk_fctx *c, yaml_node_t *n, void *obj)
{
	struct pk_value_recipient *r = obj;

	if (strcmp(r->type, "node") == 0 && !hex66(r->address)) {
		pk_f_error(c, n,
			   "'recipients.address' of a node is its public "
			   "key: 66 hexadecimal digits");
		return -1;
	}
	if (strcmp(r->type, "lnaddress") == 0 &&
	    (!strchr(r->address, '@') || strchr(r->address, ' '))) {
		pk_f_error(c, n,
			   "'recipients.address' is not a lightning address "
			   "like name@example.com");
		return -1;
	}
	if (r->fee && r->split > 100) {
		pk_f_error(c, n,
			   "'recipients.split' of a fee is a percentage: "
			   "at most 100");
		return -1;
	}
	if (!!r->custom_key != !!r->custom_value) {
		pk_f_error(c, n,
			   "'recipients.custom_key' and 'custom_value' go "
			   "together");
		return -1;
	}
	return 0;
}

/* Every recipient list pays someone: the shares do not all come to 0. */
static int shares_ok(struct pk_fctx *c, yaml_node_t *n,
		     const struct pk_value_recipient *r, size_t nr)
{
	long sum = 0;
	size_t i;

	for (i = 0; i < nr; i++)
		if (!r[i].fee)
			sum += r[i].split;
	if (nr && sum <= 0) {
		pk_f_error(c, n,
			   "the recipients' splits (other than fees) add "
			   "up to 0: nobody would be paid");
		return -1;
	}
	return 0;
}

int pk_p20_check_split(struct pk_fctx *c, yaml_node_t *n, void *obj)
{
	struct pk_value_split *s = obj;

	if (!(s->duration > 0)) {
		pk_f_error(c, n, "'time_splits.duration' must be above 0");
		return -1;
	}
	if (!!s->nremote == !!s->nrecipients) {
		pk_f_error(c, n,
			   "a time split has either 'recipients' or one "
			   "'remote_item', not %s",
			   s->nremote ? "both" : "neither");
		return -1;
	}
	if (s->remote_percentage && !s->nremote) {
		pk_f_error(c, n,
			   "'time_splits.remote_percentage' goes with a "
			   "'remote_item'");
		return -1;
	}
	return shares_ok(c, n, s->recipients, s->nrecipients);
}

int pk_p20_check_value(struct pk_fctx *c, yaml_node_t *n, void *obj)
{
	struct pk_value *v = obj;
	const char *s = v->suggested;
	char *end;
	size_t i;

	if (strcmp(v->type, "lightning") == 0 &&
	    strcmp(v->method, "keysend") != 0 &&
	    strcmp(v->method, "lnaddress") != 0) {
		pk_f_error(c, n,
			   "'value.method' '%s' is not keysend or lnaddress "
			   "(the lightning methods)",
			   v->method);
		return -1;
	}
	if (s && (strtod(s, &end) < 0 || end == s || *end)) {
		pk_f_error(c, n,
			   "'value.suggested' '%s' is not an amount like "
			   "0.00000005000",
			   s);
		return -1;
	}
	for (i = 1; i < v->nsplits; i++)
		if (v->splits[i].start <
		    v->splits[i - 1].start + v->splits[i - 1].duration) {
			pk_diags_add(c->d, PK_ERROR, c->file, v->splits[i].line,
				     "this time split starts before the one "
				     "above it ends");
			c->errors++;
			return -1;
		}
	return shares_ok(c, n, v->recipients, v->nrecipients);
}

int pk_p20_check_chat(struct pk_fctx *c, yaml_node_t *n, void *obj)
{
	struct pk_chat *ch = obj;

	if (strstr(ch->server, "://") || strpbrk(ch->server, " /")) {
		pk_f_error(c, n,
			   "'chat.server' '%s' is not a host name like "
			   "irc.example.com",
			   ch->server);
		return -1;
	}
	return 0;
}

int pk_p20_check_update_frequency(struct pk_fctx *c, yaml_node_t *n, void *obj)
{
	struct pk_update_frequency *u = obj;

	if (u->rrule && strncmp(u->rrule, "FREQ=", 5) != 0 &&
	    !strstr(u->rrule, ";FREQ=")) {
		pk_f_error(c, n,
			   "'update_frequency.rrule' '%s' has no FREQ= part "
			   "(an RFC 5545 rule like FREQ=WEEKLY)",
			   u->rrule);
		return -1;
	}
	if (chars(u->text) > P20_TEXT_MAX) {
		pk_f_error(c, n,
			   "'update_frequency.text' is longer than %d "
			   "characters",
			   P20_TEXT_MAX);
		return -1;
	}
	return 0;
}

int pk_p20_check_live(struct pk_fctx *c, yaml_node_t *n, void *obj)
{
	struct pk_live_item *li = obj;
	int64_t a, b;

	if (li->end && pk_date_parse_iso8601(li->start, &a, NULL) == 0 &&
	    pk_date_parse_iso8601(li->end, &b, NULL) == 0 && b <= a) {
		pk_f_error(c, n, "'live_items.end' is not after its start");
		return -1;
	}
	if (li->type && (!strchr(li->type, '/') || strpbrk(li->type, " \t"))) {
		pk_f_error(c, n,
			   "'live_items.type' is not a MIME type like "
			   "audio/mpeg");
		return -1;
	}
	return 0;
}
