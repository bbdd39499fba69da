/* live_feed.c: a feed that drops an episode the live feed has is not
 * uploaded unless that removal is allowed (see live_feed_int.h). */
#include "publish/live_feed_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/buf_int.h"
#include "podkit/fsio.h"

/* The episodes of a feed: guid and title of each item with a guid. */
struct live_items {
	char **guid, **title;
	size_t n, cap;
};

static void items_release(struct live_items *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free(v->guid[i]);
		free(v->title[i]);
	}
	free(v->guid);
	free(v->title);
	memset(v, 0, sizeof(*v));
}

static int items_add(struct live_items *v, const char *guid, const char *title)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		char **g = realloc(v->guid, cap * sizeof(*g));

		if (!g)
			return PK_ENOMEM;
		v->guid = g;
		g = realloc(v->title, cap * sizeof(*g));
		if (!g)
			return PK_ENOMEM;
		v->title = g;
		v->cap = cap;
	}
	v->guid[v->n] = strdup(guid);
	v->title[v->n] = strdup(title ? title : "");
	if (!v->guid[v->n] || !v->title[v->n]) {
		free(v->guid[v->n]);
		free(v->title[v->n]);
		return PK_ENOMEM;
	}
	v->n++;
	return 0;
}

static int has(const struct live_items *v, const char *guid)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->guid[i], guid) == 0)
			return 1;
	return 0;
}

/* The text of n's first child element called name (no namespace), or
 * NULL; xmlFree it. */
static xmlChar *child_text(xmlNode *n, const char *name)
{
	for (n = n->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !n->ns &&
		    strcmp((const char *)n->name, name) == 0)
			return xmlNodeGetContent(n);
	return NULL;
}

/* The items of the RSS feed in data (len bytes); what names them comes
 * in err's message. */
static int parse(const char *data, size_t len, const char *what,
		 struct live_items *v, struct pk_error *err)
{
	xmlDoc *doc;
	xmlNode *root, *ch, *it;
	int r = 0;

	if (len > (size_t)1 << 30)
		return pk_error_set(err, PK_EINVAL, "%s: too large", what);
	doc = xmlReadMemory(data, (int)len, what, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR |
				XML_PARSE_NOWARNING | XML_PARSE_HUGE);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		r = pk_error_set(err, PK_EINVAL,
				 "%s: not well-formed XML; the feed was not "
				 "uploaded",
				 what);
		goto out;
	}
	for (ch = root->children; ch; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)ch->name, "channel") != 0)
			continue;
		for (it = ch->children; it && !r; it = it->next) {
			xmlChar *g, *t;

			if (it->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)it->name, "item") != 0)
				continue;
			g = child_text(it, "guid");
			t = child_text(it, "title");
			if (g && *g)
				r = items_add(v, (const char *)g,
					      (const char *)t);
			xmlFree(g);
			xmlFree(t);
		}
	}
	if (r)
		r = pk_error_set(err, r, "out of memory");
out:
	if (doc)
		xmlFreeDoc(doc);
	return r;
}

/* OUTDIR/.podkit-publish/live-<16 hex of the target>.json */
static char *record_path(const struct pk_target *t)
{
	char hex[65], name[64];

	pk_sha256_hex(t->opts->target, strlen(t->opts->target), hex);
	snprintf(name, sizeof(name), "live-%.16s.json", hex);
	return pk_path_join(t->statedir, name);
}

/* The items the record holds when the live feed is still the one it
 * describes (sha256): 1, else 0. */
static int from_record(const struct pk_target *t, const char *sha256,
		       struct live_items *v)
{
	char *path = record_path(t);
	json_t *root =
	    path && pk_is_file(path) ? json_load_file(path, 0, NULL) : NULL;
	json_t *items = json_object_get(root, "items"), *e;
	const char *have = json_string_value(json_object_get(root, "sha256"));
	size_t i;
	int ok = 0;

	free(path);
	if (!have || !sha256 || strlen(sha256) != 64 ||
	    strcmp(have, sha256) != 0 || !json_is_array(items))
		goto out;
	json_array_foreach(items, i, e)
	{
		const char *g = json_string_value(json_array_get(e, 0));
		const char *ti = json_string_value(json_array_get(e, 1));

		if (g && items_add(v, g, ti) < 0) {
			items_release(v);
			goto out;
		}
	}
	ok = 1;
out:
	json_decref(root);
	return ok;
}

/* The live feed's items: from the record, else fetched. *none is 1 when
 * there is no live feed. */
static int live_items(struct pk_target *t, struct pk_remote_state *remote,
		      struct live_items *v, int *none, struct pk_error *err)
{
	struct pk_remote_obj *o = pk_remote_find(remote, "feed.xml");
	char *data = NULL;
	size_t len = 0;
	int r;

	*none = 0;
	if (!o) {
		*none = 1;
		return 0;
	}
	if (from_record(t, o->sha256, v))
		return 0;
	if (!t->ops->fetch)
		return pk_error_set(err, PK_EINVAL,
				    "cannot read the live feed.xml to compare "
				    "it; the feed was not uploaded");
	r = t->ops->fetch(t, "feed.xml", &data, &len, err);
	if (r == PK_ENOENT) {
		*none = 1;
		return 0;
	}
	/* A live feed.xml that is no feed has no episode to lose. */
	if (!r && parse(data ? data : "", len, "the live feed.xml", v, err)) {
		items_release(v);
		if (t->opts->log)
			t->opts->log(t->opts->ctx,
				     "warning: the live feed.xml is not a "
				     "well-formed feed; replacing it");
		r = 0;
	}
	free(data);
	return r;
}

int pk_live_feed_check(struct pk_target *t, const struct pk_pub_file *feed,
		       struct pk_remote_state *remote, struct pk_error *err)
{
	const struct pk_publish_opts *o = t->opts;
	struct live_items live = {0}, next = {0};
	struct pk_buf names;
	char *data = NULL;
	size_t len = 0, i, k, gone = 0;
	int r, none = 0, all = 0;

	for (k = 0; k < o->nallow_removal; k++)
		all |= strcmp(o->allow_removal[k], "all") == 0;
	if (all)
		return 0;
	pk_buf_init(&names);
	r = pk_read_file(feed->path, 0, &data, &len, err);
	if (!r)
		r = parse(data, len, feed->path, &next, err);
	free(data);
	if (!r)
		r = live_items(t, remote, &live, &none, err);
	for (i = 0; !r && !none && i < live.n; i++) {
		char line[1200];

		if (has(&next, live.guid[i]))
			continue;
		for (k = 0; k < o->nallow_removal; k++)
			if (strcmp(o->allow_removal[k], live.guid[i]) == 0)
				break;
		if (k < o->nallow_removal)
			continue;
		snprintf(line, sizeof(line),
			 "feed.xml would drop '%s' (guid %s), which the live "
			 "feed has",
			 live.title[i], live.guid[i]);
		if (o->log)
			o->log(o->ctx, line);
		pk_buf_printf(&names, "%s'%s' (%s)", gone ? ", " : "",
			      live.title[i], live.guid[i]);
		gone++;
	}
	if (!r && gone)
		r = pk_error_set(err, PK_EINVAL,
				 "feed.xml drops %zu episode%s the live feed "
				 "has: %s; the feed was not uploaded (to let "
				 "them go: --allow-removal GUID, or "
				 "--allow-removal all)",
				 gone, gone == 1 ? "" : "s",
				 pk_buf_ok(&names) == 0 ? pk_buf_str(&names)
							: "?");
	pk_buf_release(&names);
	items_release(&live);
	items_release(&next);
	return r;
}

void pk_live_feed_record(struct pk_target *t, const struct pk_pub_file *feed)
{
	struct live_items v = {0};
	struct pk_error e = {0};
	json_t *root = NULL, *items;
	char *data = NULL, *path = NULL, *text = NULL;
	size_t len = 0, i;

	if (t->opts->dry_run || pk_mkdir_p(t->statedir, NULL) != 0 ||
	    pk_read_file(feed->path, 0, &data, &len, &e) != 0 ||
	    parse(data, len, feed->path, &v, &e) != 0)
		goto out;
	items = json_array();
	root = json_pack("{s:s, s:o}", "sha256", feed->sha256, "items", items);
	for (i = 0; root && i < v.n; i++)
		json_array_append_new(items,
				      json_pack("[ss]", v.guid[i], v.title[i]));
	path = record_path(t);
	text = root ? json_dumps(root, JSON_COMPACT) : NULL;
	if (path && text)
		pk_write_atomic(path, text, strlen(text), 0644, NULL);
out:
	json_decref(root);
	free(text);
	free(path);
	free(data);
	items_release(&v);
}
