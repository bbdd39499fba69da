/* p20_fields.c: the Podcasting 2.0 tags' keys of show.yaml and episode.md,
 * read by one table per tag (its keys, their types, which are required,
 * the values allowed) and checked against the namespace's rules, each
 * problem reported as FILE:LINE. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/date.h"
#include "podkit/show.h"
#include "model/p20_int.h"
#include "model/p20_rules_int.h"
#include "model/show_fields_int.h"
#include "model/yaml_doc_int.h"
#include "base/taxonomy_int.h"

enum ftype {
	F_STR,	/* text; values: one of a list */
	F_URL,	/* http(s) URL */
	F_LONG, /* whole number in [min, max] */
	F_BOOL,
	F_TIME, /* seconds or H:MM:SS, into a double */
	F_DATE, /* ISO 8601 with a zone, kept as text */
	F_LIST	/* a list of sub (a single mapping is a list of one) */
};

struct sdesc;

struct field {
	const char *key;
	enum ftype t;
	size_t off; /* of the value (F_LIST: of the array pointer) */
	int required;
	const char *const *values; /* F_STR: the allowed values, or NULL */
	long min, max;		   /* F_LONG; F_LIST: how many (max 0: any) */
	const struct sdesc *sub;   /* F_LIST */
	size_t count_off;	   /* F_LIST: of the size_t count */
};

/* One tag's entry: its fields and the checks across them. */
struct sdesc {
	const char *what; /* "value.recipients", for messages */
	size_t size;
	size_t line_off;
	const struct field *f;
	size_t nf;
	/* Rules across fields; reports and returns -1 when broken. */
	int (*check)(struct pk_fctx *c, yaml_node_t *n, void *obj);
};

#define AT(obj, off, type) ((type *)(void *)((char *)(obj) + (off)))
#define NF(a) (sizeof(a) / sizeof((a)[0]))

/* The namespace's lists (docs/1.0.md and its protocol and slug lists). */
static const char *const location_rels[] = {"subject", "creator", NULL};
static const char *const social_protocols[] = {
    "disabled", "activitypub", "twitter", "lightning", "atproto",
    "hive",	"matrix",      "nostr",	  NULL};
static const char *const chat_protocols[] = {"irc", "xmpp", "nostr", "matrix",
					     NULL};
static const char *const value_types[] = {"lightning", "hive",
					  "webmonetization", NULL};
static const char *const recipient_types[] = {"node", "lnaddress", "wallet",
					      NULL};
static const char *const live_statuses[] = {"pending", "live", "ended", NULL};

static int in_list(const char *const *v, const char *s)
{
	for (; *v; v++)
		if (strcmp(*v, s) == 0)
			return 1;
	return 0;
}

static void list_values(const char *const *v, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (; *v && len < size; v++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len ? ", " : "", *v);
}

static void free_obj(const struct sdesc *d, void *obj);

static int read_list(struct pk_fctx *c, const char *name, const struct field *f,
		     yaml_node_t *v, void *obj);

static int read_field(struct pk_fctx *c, const char *name,
		      const struct field *f, yaml_node_t *v, void *obj)
{
	char allowed[256];
	const char *s;
	long l;
	int r;

	switch (f->t) {
	case F_STR:
		r = pk_f_str(c, name, v, AT(obj, f->off, char *));
		if (r > 0 && !**AT(obj, f->off, char *)) {
			pk_f_error(c, v, "'%s' is empty", name);
			return -1;
		}
		if (r > 0 && f->values &&
		    !in_list(f->values, *AT(obj, f->off, char *))) {
			list_values(f->values, allowed, sizeof(allowed));
			pk_f_error(c, v, "'%s' is '%s', not one of %s", name,
				   *AT(obj, f->off, char *), allowed);
			return -1;
		}
		return r;
	case F_URL:
		return pk_f_url(c, name, v, AT(obj, f->off, char *));
	case F_LONG:
		r = pk_f_int(c, name, v, f->min, f->max, &l);
		if (r > 0)
			*AT(obj, f->off, long) = l;
		return r;
	case F_BOOL:
		return pk_f_bool(c, name, v, AT(obj, f->off, int));
	case F_TIME:
		if (pk_ydoc_is_null(v))
			return 0;
		s = pk_ydoc_scalar(v);
		if (!s || pk_duration_parse(s, AT(obj, f->off, double)) != 0) {
			pk_f_error(c, v,
				   "'%s' is not a time like 90 or 0:01:30",
				   name);
			return -1;
		}
		return 1;
	case F_DATE: {
		int64_t t;

		r = pk_f_str(c, name, v, AT(obj, f->off, char *));
		if (r > 0 && pk_date_parse_iso8601(*AT(obj, f->off, char *), &t,
						   NULL) != 0) {
			pk_f_error(c, v,
				   "'%s' is not an ISO 8601 date with a time "
				   "zone, like 2026-03-01T19:00:00+01:00",
				   name);
			return -1;
		}
		return r;
	}
	case F_LIST:
		return read_list(c, name, f, v, obj);
	}
	return -1;
}

/* One entry of a tag, from the mapping e. Returns 0, or -1 (reported). */
static int read_obj(struct pk_fctx *c, const struct sdesc *d, yaml_node_t *e,
		    void *obj)
{
	yaml_node_pair_t *p;
	char name[128];
	char *seen;
	size_t i;
	int bad = 0;

	*AT(obj, d->line_off, int) = pk_ydoc_line(c->y, e);
	if (!e || e->type != YAML_MAPPING_NODE) {
		pk_f_error(c, e,
			   "an entry of '%s' is %s, not a mapping of keys",
			   d->what, pk_ydoc_kind(e));
		return -1;
	}
	seen = calloc(d->nf, 1);
	if (!seen) {
		c->oom = 1;
		return -1;
	}
	for (p = e->data.mapping.pairs.start; p < e->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = pk_ydoc_node(c->y, p->key);
		yaml_node_t *v = pk_ydoc_node(c->y, p->value);
		const char *key = pk_ydoc_scalar(k);

		if (!key) {
			pk_f_error(c, k, "a key in '%s' is %s", d->what,
				   pk_ydoc_kind(k));
			bad = 1;
			continue;
		}
		for (i = 0; i < d->nf && strcmp(d->f[i].key, key) != 0; i++)
			;
		if (i == d->nf) {
			pk_f_warn(c, k, "unknown key '%s' in '%s'", key,
				  d->what);
			continue;
		}
		snprintf(name, sizeof(name), "%s.%s", d->what, key);
		if (seen[i]) {
			pk_f_error(c, k, "'%s' is given twice", name);
			bad = 1;
			continue;
		}
		seen[i] = 1;
		if (read_field(c, name, &d->f[i], v, obj) < 0)
			bad = 1;
		else if (pk_ydoc_is_null(v))
			seen[i] = 0;
	}
	for (i = 0; !bad && i < d->nf; i++)
		if (d->f[i].required && !seen[i]) {
			pk_f_error(c, e, "'%s.%s' is required", d->what,
				   d->f[i].key);
			bad = 1;
		}
	free(seen);
	if (!bad && d->check && d->check(c, e, obj) < 0)
		bad = 1;
	return bad ? -1 : 0;
}

/* A list of entries (one mapping alone is a list of one) into the array
 * at f->off and its count at f->count_off; bad entries are left out. */
static int read_list(struct pk_fctx *c, const char *name, const struct field *f,
		     yaml_node_t *v, void *obj)
{
	const struct sdesc *d = f->sub;
	yaml_node_item_t *it;
	size_t want, *n = AT(obj, f->count_off, size_t);
	char **arr = AT(obj, f->off, char *);
	char *room;
	int bad = 0;

	if (pk_ydoc_is_null(v))
		return 0;
	if (v->type == YAML_MAPPING_NODE)
		want = 1;
	else if (v->type == YAML_SEQUENCE_NODE)
		want = (size_t)(v->data.sequence.items.top -
				v->data.sequence.items.start);
	else {
		pk_f_error(c, v, "'%s' is %s, not a list", name,
			   pk_ydoc_kind(v));
		return -1;
	}
	if (f->max > 0 && want > (size_t)f->max) {
		pk_f_error(c, v, "'%s' has %zu entries: at most %ld", name,
			   want, f->max);
		return -1;
	}
	room = calloc(want ? want : 1, d->size);
	if (!room) {
		c->oom = 1;
		return -1;
	}
	*arr = room;
	*n = 0;
	if (v->type == YAML_MAPPING_NODE) {
		if (read_obj(c, d, v, room) < 0) {
			free_obj(d, room);
			return -1;
		}
		*n = 1;
		return 1;
	}
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		void *o = room + *n * d->size;

		if (read_obj(c, d, pk_ydoc_node(c->y, *it), o) < 0) {
			free_obj(d, o);
			memset(o, 0, d->size);
			bad = 1;
			continue;
		}
		(*n)++;
	}
	if (!bad && f->min > 0 && *n < (size_t)f->min) {
		pk_f_error(c, v, "'%s' needs at least %ld entr%s", name, f->min,
			   f->min == 1 ? "y" : "ies");
		return -1;
	}
	return bad ? -1 : 1;
}

static void free_obj(const struct sdesc *d, void *obj)
{
	size_t i, j, n;
	char *arr;

	for (i = 0; i < d->nf; i++) {
		const struct field *f = &d->f[i];

		switch (f->t) {
		case F_STR:
		case F_URL:
		case F_DATE:
			free(*AT(obj, f->off, char *));
			*AT(obj, f->off, char *) = NULL;
			break;
		case F_LIST:
			arr = *AT(obj, f->off, char *);
			n = *AT(obj, f->count_off, size_t);
			for (j = 0; arr && j < n; j++)
				free_obj(f->sub, arr + j * f->sub->size);
			free(arr);
			*AT(obj, f->off, char *) = NULL;
			*AT(obj, f->count_off, size_t) = 0;
			break;
		default:
			break;
		}
	}
}

/* --- the tables ------------------------------------------------------ */

#define S(T, key, m, req, vals)                                                \
	{                                                                      \
		key, F_STR, offsetof(T, m), req, vals, 0, 0, NULL, 0           \
	}
#define U(T, key, m, req)                                                      \
	{                                                                      \
		key, F_URL, offsetof(T, m), req, NULL, 0, 0, NULL, 0           \
	}
#define L(T, key, m, req, lo, hi)                                              \
	{                                                                      \
		key, F_LONG, offsetof(T, m), req, NULL, lo, hi, NULL, 0        \
	}
#define B(T, key, m)                                                           \
	{                                                                      \
		key, F_BOOL, offsetof(T, m), 0, NULL, 0, 0, NULL, 0            \
	}
#define TM(T, key, m, req)                                                     \
	{                                                                      \
		key, F_TIME, offsetof(T, m), req, NULL, 0, 0, NULL, 0          \
	}
#define D(T, key, m, req)                                                      \
	{                                                                      \
		key, F_DATE, offsetof(T, m), req, NULL, 0, 0, NULL, 0          \
	}
#define LIST(T, key, m, cnt, req, lo, hi, sub)                                 \
	{                                                                      \
		key, F_LIST, offsetof(T, m), req, NULL, lo, hi, sub,           \
		    offsetof(T, cnt)                                           \
	}
#define DESC(what, T, fields, check)                                           \
	{                                                                      \
		what, sizeof(T), offsetof(T, line), fields, NF(fields), check  \
	}

static const struct field location_f[] = {
    S(struct pk_location, "name", name, 1, NULL),
    S(struct pk_location, "geo", geo, 0, NULL),
    S(struct pk_location, "osm", osm, 0, NULL),
    S(struct pk_location, "rel", rel, 0, location_rels),
    S(struct pk_location, "country", country, 0, NULL),
};
static const struct sdesc location_d =
    DESC("location", struct pk_location, location_f, pk_p20_check_location);

static const struct field social_f[] = {
    S(struct pk_social, "protocol", protocol, 1, social_protocols),
    S(struct pk_social, "uri", uri, 0, NULL),
    S(struct pk_social, "account_id", account_id, 0, NULL),
    S(struct pk_social, "account_url", account_url, 0, NULL),
    L(struct pk_social, "priority", priority, 0, 1, 1000000),
};
static const struct sdesc social_d =
    DESC("social_interact", struct pk_social, social_f, pk_p20_check_social);

static const struct field remote_f[] = {
    S(struct pk_remote_item, "feed_guid", feed_guid, 1, NULL),
    U(struct pk_remote_item, "feed_url", feed_url, 0),
    S(struct pk_remote_item, "item_guid", item_guid, 0, NULL),
    S(struct pk_remote_item, "medium", medium, 0, pk_podcast_mediums),
    S(struct pk_remote_item, "title", title, 0, NULL),
};
static const struct sdesc podroll_d =
    DESC("podroll", struct pk_remote_item, remote_f, pk_p20_check_remote);
static const struct sdesc publisher_d =
    DESC("publisher", struct pk_remote_item, remote_f, pk_p20_check_remote);
static const struct sdesc remote_d =
    DESC("remote_item", struct pk_remote_item, remote_f, pk_p20_check_remote);

static const struct field image_f[] = {
    U(struct pk_image, "href", href, 1),
    S(struct pk_image, "purpose", purpose, 0, NULL),
    S(struct pk_image, "alt", alt, 0, NULL),
    S(struct pk_image, "aspect_ratio", aspect_ratio, 0, NULL),
    S(struct pk_image, "type", type, 0, NULL),
    L(struct pk_image, "width", width, 0, 1, 100000),
    L(struct pk_image, "height", height, 0, 1, 100000),
};
static const struct sdesc image_d =
    DESC("images", struct pk_image, image_f, pk_p20_check_image);

static const struct field recipient_f[] = {
    S(struct pk_value_recipient, "name", name, 0, NULL),
    S(struct pk_value_recipient, "type", type, 1, recipient_types),
    S(struct pk_value_recipient, "address", address, 1, NULL),
    L(struct pk_value_recipient, "split", split, 1, 0, 1000000000),
    B(struct pk_value_recipient, "fee", fee),
    S(struct pk_value_recipient, "custom_key", custom_key, 0, NULL),
    S(struct pk_value_recipient, "custom_value", custom_value, 0, NULL),
};
static const struct sdesc recipient_d =
    DESC("recipients", struct pk_value_recipient, recipient_f,
	 pk_p20_check_recipient);

static const struct field split_f[] = {
    TM(struct pk_value_split, "start", start, 1),
    TM(struct pk_value_split, "duration", duration, 1),
    TM(struct pk_value_split, "remote_start", remote_start, 0),
    L(struct pk_value_split, "remote_percentage", remote_percentage, 0, 1, 100),
    LIST(struct pk_value_split, "remote_item", remote, nremote, 0, 0, 1,
	 &remote_d),
    LIST(struct pk_value_split, "recipients", recipients, nrecipients, 0, 1, 0,
	 &recipient_d),
};
static const struct sdesc split_d =
    DESC("time_splits", struct pk_value_split, split_f, pk_p20_check_split);

static const struct field value_f[] = {
    S(struct pk_value, "type", type, 1, value_types),
    S(struct pk_value, "method", method, 1, NULL),
    S(struct pk_value, "suggested", suggested, 0, NULL),
    LIST(struct pk_value, "recipients", recipients, nrecipients, 1, 1, 0,
	 &recipient_d),
    LIST(struct pk_value, "time_splits", splits, nsplits, 0, 0, 0, &split_d),
};
static const struct sdesc value_d =
    DESC("value", struct pk_value, value_f, pk_p20_check_value);

static const struct field chat_f[] = {
    S(struct pk_chat, "server", server, 1, NULL),
    S(struct pk_chat, "protocol", protocol, 1, chat_protocols),
    S(struct pk_chat, "account_id", account_id, 0, NULL),
    S(struct pk_chat, "space", space, 0, NULL),
};
static const struct sdesc chat_d =
    DESC("chat", struct pk_chat, chat_f, pk_p20_check_chat);

static const struct field link_f[] = {
    U(struct pk_content_link, "href", href, 1),
    S(struct pk_content_link, "title", title, 1, NULL),
};
static const struct sdesc link_d =
    DESC("content_links", struct pk_content_link, link_f, NULL);

static const struct field freq_f[] = {
    S(struct pk_update_frequency, "text", text, 1, NULL),
    S(struct pk_update_frequency, "rrule", rrule, 0, NULL),
    D(struct pk_update_frequency, "dtstart", dtstart, 0),
    B(struct pk_update_frequency, "complete", complete),
};
static const struct sdesc freq_d =
    DESC("update_frequency", struct pk_update_frequency, freq_f,
	 pk_p20_check_update_frequency);

static const struct field live_f[] = {
    S(struct pk_live_item, "title", title, 1, NULL),
    S(struct pk_live_item, "guid", guid, 1, NULL),
    S(struct pk_live_item, "status", status, 1, live_statuses),
    D(struct pk_live_item, "start", start, 1),
    D(struct pk_live_item, "end", end, 0),
    U(struct pk_live_item, "url", url, 1),
    S(struct pk_live_item, "type", type, 0, NULL),
    S(struct pk_live_item, "description", description, 0, NULL),
    LIST(struct pk_live_item, "content_links", content_links, ncontent_links, 1,
	 1, 0, &link_d),
};
static const struct sdesc live_d =
    DESC("live_items", struct pk_live_item, live_f, pk_p20_check_live);

/* The keys shared by show.yaml and episode.md, as fields of pk_p20. */
static const struct field p20_f[] = {
    LIST(struct pk_p20, "location", locations, nlocations, 0, 0, 0,
	 &location_d),
    LIST(struct pk_p20, "social_interact", social, nsocial, 0, 0, 0, &social_d),
    LIST(struct pk_p20, "images", images, nimages, 0, 0, 0, &image_d),
    LIST(struct pk_p20, "value", values, nvalues, 0, 0, 0, &value_d),
    LIST(struct pk_p20, "chat", chat, nchat, 0, 0, 1, &chat_d),
    LIST(struct pk_p20, "content_links", content_links, ncontent_links, 0, 0, 0,
	 &link_d),
};

/* The show's own keys, as fields of pk_show. */
static const struct field show_f[] = {
    LIST(struct pk_show, "podroll", podroll, npodroll, 0, 0, 0, &podroll_d),
    LIST(struct pk_show, "publisher", publisher, npublisher, 0, 0, 1,
	 &publisher_d),
    LIST(struct pk_show, "update_frequency", update_frequency,
	 nupdate_frequency, 0, 0, 1, &freq_d),
    LIST(struct pk_show, "live_items", live_items, nlive_items, 0, 0, 0,
	 &live_d),
};

static const struct field *find(const struct field *f, size_t n,
				const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i].key, key) == 0)
			return &f[i];
	return NULL;
}

/* At most one value block of each type. */
static void check_value_types(struct pk_fctx *c, const struct pk_p20 *p)
{
	size_t i, j;

	for (i = 1; i < p->nvalues; i++)
		for (j = 0; j < i; j++)
			if (strcmp(p->values[i].type, p->values[j].type) == 0) {
				pk_diags_add(c->d, PK_ERROR, c->file,
					     p->values[i].line,
					     "two 'value' blocks of type '%s'",
					     p->values[i].type);
				c->errors++;
				break;
			}
}

/* block_services: {spotify: yes, podcastindex: no}. */
static void read_blocks(struct pk_fctx *c, struct pk_show *s, yaml_node_t *v)
{
	yaml_node_pair_t *p;
	const char *id;
	size_t n;

	if (pk_ydoc_is_null(v))
		return;
	if (v->type != YAML_MAPPING_NODE) {
		pk_f_error(c, v,
			   "'block_services' is %s, not a mapping like "
			   "{spotify: true, podcastindex: false}",
			   pk_ydoc_kind(v));
		return;
	}
	n = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
	s->block_services = calloc(n ? n : 1, sizeof(*s->block_services));
	if (!s->block_services) {
		c->oom = 1;
		return;
	}
	for (p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = pk_ydoc_node(c->y, p->key);
		yaml_node_t *b = pk_ydoc_node(c->y, p->value);
		struct pk_block_service *bs =
		    &s->block_services[s->nblock_services];
		const char *q;

		id = pk_ydoc_scalar(k);
		for (q = id; q && *q; q++)
			if (!islower((unsigned char)*q) &&
			    !isdigit((unsigned char)*q) && *q != '-' &&
			    *q != '_')
				break;
		if (!id || !*id || *q) {
			pk_f_error(c, k,
				   "'block_services' key '%s' is not a "
				   "service slug like spotify",
				   id ? id : "");
			continue;
		}
		if (pk_f_bool(c, "block_services", b, &bs->block) <= 0)
			continue;
		bs->line = pk_ydoc_line(c->y, k);
		bs->id = pk_f_strdup(c, id);
		s->nblock_services++;
	}
}

int pk_p20_show_key(struct pk_fctx *c, struct pk_show *s, const char *key,
		    yaml_node_t *v)
{
	const struct field *f = find(p20_f, NF(p20_f), key);
	size_t i;

	if (f && strcmp(key, "content_links") != 0) {
		if (strcmp(key, "value") == 0) {
			/* The show's value block has no time splits: they
			 * are times of one episode's audio. */
			if (read_field(c, key, f, v, &s->p20) > 0)
				for (i = 0; i < s->p20.nvalues; i++) {
					if (!s->p20.values[i].nsplits)
						continue;
					pk_diags_add(
					    c->d, PK_ERROR, c->file,
					    s->p20.values[i].splits[0].line,
					    "'value.time_splits' belong to an "
					    "episode (they are times of its "
					    "audio)");
					c->errors++;
				}
			check_value_types(c, &s->p20);
			return 1;
		}
		read_field(c, key, f, v, &s->p20);
		return 1;
	}
	f = find(show_f, NF(show_f), key);
	if (f) {
		read_field(c, key, f, v, s);
		return 1;
	}
	if (strcmp(key, "block_services") == 0) {
		read_blocks(c, s, v);
		return 1;
	}
	return 0;
}

int pk_p20_episode_key(struct pk_fctx *c, struct pk_episode *e, const char *key,
		       yaml_node_t *v)
{
	const struct field *f = find(p20_f, NF(p20_f), key);

	if (!f)
		return 0;
	read_field(c, key, f, v, &e->p20);
	if (strcmp(key, "value") == 0)
		check_value_types(c, &e->p20);
	return 1;
}

static void free_fields(const struct field *f, size_t n, void *obj)
{
	struct sdesc d = {"", 0, 0, f, n, NULL};

	free_obj(&d, obj);
}

void pk_p20_free(struct pk_p20 *p)
{
	free_fields(p20_f, NF(p20_f), p);
}

void pk_p20_show_free(struct pk_show *s)
{
	size_t i;

	pk_p20_free(&s->p20);
	free_fields(show_f, NF(show_f), s);
	for (i = 0; i < s->nblock_services; i++)
		free(s->block_services[i].id);
	free(s->block_services);
	s->block_services = NULL;
	s->nblock_services = 0;
}

size_t pk_p20_splits_check_inside(const struct pk_episode *e, double duration,
				  struct pk_diags *d)
{
	size_t i, j, bad = 0;

	if (!(duration > 0))
		return 0;
	for (i = 0; i < e->p20.nvalues; i++)
		for (j = 0; j < e->p20.values[i].nsplits; j++) {
			const struct pk_value_split *s =
			    &e->p20.values[i].splits[j];

			/* within a millisecond or so of the end fits */
			if (s->start + s->duration <= duration + 0.001)
				continue;
			pk_diags_add(d, PK_ERROR, e->file, s->line,
				     "this time split ends after the end of "
				     "the audio");
			bad++;
		}
	return bad;
}
