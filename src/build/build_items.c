/* build_items.c: the live feed's items, kept in the build state. Each item
 * a feed is written with is recorded ("item:SLUG": its bytes, guid, number
 * and date), so an episode that fails later (a typo in its episode.md, a
 * broken recording) keeps its last good item instead of leaving the feed;
 * an item leaves only with its folder, or when the episode is marked
 * `unpublished` (or scheduled again). A new episode that clashes with a
 * kept one is refused. */
#include "build/build_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/state_int.h"
#include "model/show_int.h"
#include "podkit/fsio.h"

#define ITEM_PREFIX "item:"

static void item_rec(char *buf, size_t size, const char *slug)
{
	snprintf(buf, size, ITEM_PREFIX "%s", slug);
}

static int field_int(struct pk_state *s, const char *rec, const char *name,
		     long long *v)
{
	char buf[64];

	if (pk_state_field(s, rec, name, buf, sizeof(buf)))
		return -1;
	*v = strtoll(buf, NULL, 10);
	return 0;
}

void pk_build_published_release(struct pk_build_published *p)
{
	size_t i;

	for (i = 0; p->v && i < p->n; i++) {
		free((char *)p->v[i].slug);
		free((char *)p->v[i].guid);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

int pk_build_published(const char *out_dir, struct pk_build_published *p,
		       struct pk_error *err)
{
	struct pk_state *s = NULL;
	char **names = NULL;
	char *path = pk_path_join(out_dir, PK_STATE_FILE);
	char rec[1100];
	size_t n = 0, i;
	long long v;
	int r;

	memset(p, 0, sizeof(*p));
	if (!path)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = pk_state_load(path, &s, NULL, err);
	free(path);
	if (r)
		return r;
	r = pk_state_list(s, ITEM_PREFIX, &names, &n);
	if (!r && !(p->v = calloc(n + 1, sizeof(*p->v))))
		r = PK_ENOMEM;
	for (i = 0; !r && i < n; i++) {
		struct pk_published_episode *e = &p->v[p->n];

		item_rec(rec, sizeof(rec), names[i]);
		e->slug = strdup(names[i]);
		e->guid = pk_state_field_dup(s, rec, "guid");
		if (!e->slug || !e->guid) {
			free((char *)e->slug);
			free((char *)e->guid);
			r = PK_ENOMEM;
			break;
		}
		e->season = field_int(s, rec, "season", &v) ? 0 : (int)v;
		e->number = field_int(s, rec, "number", &v) ? 0 : (int)v;
		p->n++;
	}
	for (i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	pk_state_free(s);
	if (r) {
		pk_build_published_release(p);
		return pk_error_set(err, r, "out of memory");
	}
	return 0;
}

/* 1 when slug is one of the folders the show left out for errors. */
static int left_out(const struct pk_show *show, const char *slug)
{
	size_t i;

	for (i = 0; i < show->nleft_out; i++)
		if (strcmp(show->left_out[i], slug) == 0)
			return 1;
	return 0;
}

/* A stand-in for a folder whose episode.md no longer loads: what the
 * feed's order and the clash checks need, from its record. */
static int placeholder(struct pk_show *show, struct pk_state *s,
		       const char *slug, const char *rec, struct pk_episode *e)
{
	long long v;

	memset(e, 0, sizeof(*e));
	e->slug = strdup(slug);
	e->dir = pk_path_join(show->dir, slug);
	e->file = e->dir ? pk_path_join(e->dir, "episode.md") : NULL;
	e->guid = pk_state_field_dup(s, rec, "guid");
	e->title = pk_state_field_dup(s, rec, "title");
	if (!e->slug || !e->file || !e->guid || !e->title)
		return PK_ENOMEM;
	e->folder_number = (int)strtol(slug, NULL, 10);
	e->date = field_int(s, rec, "date", &v) ? 0 : (int64_t)v;
	e->tz_minutes = field_int(s, rec, "tz", &v) ? 0 : (int)v;
	e->season = field_int(s, rec, "season", &v) ? 0 : (int)v;
	e->number = field_int(s, rec, "number", &v) ? 0 : (int)v;
	e->explicit_ = -1;
	return 0;
}

int pk_build_add_kept(struct pk_show *show, struct pk_state *s,
		      struct pk_error *err)
{
	struct pk_episode *v;
	char rec[1100];
	size_t i, n = 0;

	for (i = 0; i < show->nleft_out; i++) {
		char *xml;

		item_rec(rec, sizeof(rec), show->left_out[i]);
		xml = pk_state_field_dup(s, rec, "xml");
		n += xml != NULL;
		free(xml);
	}
	if (!n)
		return 0;
	v = realloc(show->episodes,
		    (show->nepisodes + n + 1) * sizeof(*show->episodes));
	if (!v)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	show->episodes = v;
	for (i = 0; i < show->nleft_out; i++) {
		struct pk_episode *e = &show->episodes[show->nepisodes];
		char *xml;

		item_rec(rec, sizeof(rec), show->left_out[i]);
		xml = pk_state_field_dup(s, rec, "xml");
		if (!xml)
			continue;
		free(xml);
		if (placeholder(show, s, show->left_out[i], rec, e) < 0) {
			pk_episode_release(e);
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		}
		show->nepisodes++;
	}
	return 0;
}

/* 1 when a and b would be the same episode to an app. */
static int clash(const struct pk_episode *a, const struct pk_episode *b)
{
	if (a->guid && b->guid && strcmp(a->guid, b->guid) == 0)
		return 1;
	return a->number > 0 && a->number == b->number &&
	       a->season == b->season;
}

void pk_build_mark_kept(struct pk_build *b)
{
	size_t i, j;

	for (i = 0; i < b->neps; i++)
		b->eps[i].placeholder = left_out(b->show, b->eps[i].ep->slug);
	/* A stand-in holds its guid and number: a new episode that takes
	 * them is refused, as the model refuses one that clashes with a
	 * published episode that loads. */
	for (i = 0; i < b->neps; i++) {
		struct pk_build_episode *p = &b->eps[i];

		if (!p->placeholder)
			continue;
		for (j = 0; j < b->neps; j++) {
			struct pk_build_episode *e = &b->eps[j];

			if (e->placeholder || e->skipped || e->failed ||
			    !clash(p->ep, e->ep))
				continue;
			e->failed = 1;
			pk_diags_add(&e->diags, PK_ERROR, e->ep->file, 0,
				     "'%s' has the guid or number of '%s', "
				     "which is in the live feed; '%s' left "
				     "out of the feed",
				     e->ep->slug, p->ep->slug, e->ep->slug);
		}
	}
}

int pk_build_keep_items(struct pk_build *b)
{
	char rec[1100];
	size_t i;

	if (!b->state)
		return 0;
	for (i = 0; i < b->neps; i++) {
		struct pk_build_episode *be = &b->eps[i];

		if (!be->placeholder && !(be->failed && !be->io_failed))
			continue;
		item_rec(rec, sizeof(rec), be->ep->slug);
		free(be->kept_xml);
		be->kept_xml = pk_state_field_dup(b->state, rec, "xml");
		if (!be->kept_xml || !be->placeholder)
			continue; /* a failed step said so itself */
		pk_diags_add(b->diags, PK_WARNING, be->ep->file, 0,
			     "'%s' keeps the item of its last good build in "
			     "the feed until it builds again",
			     be->ep->slug);
	}
	return 0;
}

void pk_build_item_rendered(void *arg, size_t idx, const char *xml, size_t len)
{
	struct pk_build *b = arg;
	const struct pk_episode *ep = b->eps[idx].ep;
	char rec[1100], key[65], num[64];
	char *copy;
	int r;

	if (!b->state || b->opts->dry_run)
		return;
	copy = strndup(xml, len);
	if (!copy) {
		b->items_oom = 1;
		return;
	}
	item_rec(rec, sizeof(rec), ep->slug);
	pk_sha256_hex(copy, len, key);
	r = pk_state_set(b->state, rec, key);
	r |= pk_state_set_field(b->state, rec, "xml", copy);
	r |=
	    pk_state_set_field(b->state, rec, "guid", ep->guid ? ep->guid : "");
	r |= pk_state_set_field(b->state, rec, "title",
				ep->title ? ep->title : "");
	snprintf(num, sizeof(num), "%lld", (long long)ep->date);
	r |= pk_state_set_field(b->state, rec, "date", num);
	snprintf(num, sizeof(num), "%d", ep->tz_minutes);
	r |= pk_state_set_field(b->state, rec, "tz", num);
	snprintf(num, sizeof(num), "%d", ep->season);
	r |= pk_state_set_field(b->state, rec, "season", num);
	snprintf(num, sizeof(num), "%d", ep->number);
	r |= pk_state_set_field(b->state, rec, "number", num);
	r |= pk_state_set_field(b->state, rec, "media",
				ep->media.path ? ep->media.path : "");
	if (r)
		b->items_oom = 1;
	free(copy);
}

int pk_build_forget_items(struct pk_build *b)
{
	char **names = NULL;
	char rec[1100];
	size_t n = 0, i, j;

	if (!b->state || b->opts->dry_run)
		return 0;
	if (pk_state_list(b->state, ITEM_PREFIX, &names, &n) < 0)
		return PK_ENOMEM;
	for (i = 0; i < n; i++) {
		for (j = 0; j < b->neps; j++)
			if (strcmp(b->eps[j].ep->slug, names[i]) == 0 &&
			    pk_build_in_feed(&b->eps[j]))
				break;
		if (j == b->neps) {
			item_rec(rec, sizeof(rec), names[i]);
			pk_state_forget(b->state, rec);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

int pk_build_in_feed(const struct pk_build_episode *be)
{
	if (be->kept_xml)
		return 1;
	return !be->placeholder && !be->failed && !be->skipped &&
	       !be->ep->scheduled && !be->ep->unpublished;
}

int pk_build_has_item(struct pk_build *b, const char *slug)
{
	char rec[1100];
	char *guid;

	if (!b->state)
		return 0;
	item_rec(rec, sizeof(rec), slug);
	guid = pk_state_field_dup(b->state, rec, "guid");
	free(guid);
	return guid != NULL;
}
