/* show_fields_records.c: the show.yaml and episode.md fields that hold
 * small mappings: links (title and URL) and persons (name, role, group,
 * image, href), each bad value reported at its line (show_fields_int.h). */
#include "model/show_fields_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/taxonomy_int.h"

void pk_f_links_free(struct pk_link *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(l[i].title);
		free(l[i].url);
	}
	free(l);
}

struct link_ctx {
	struct pk_link *l;
	const char *name;
	int bad;
};

static void link_pair(struct pk_fctx *c, void *obj, const char *key,
		      yaml_node_t *k, yaml_node_t *v)
{
	struct link_ctx *lc = obj;
	char nm[128];

	snprintf(nm, sizeof(nm), "%s.%s", lc->name, key);
	if (strcmp(key, "title") == 0 || strcmp(key, "name") == 0) {
		if (pk_f_str(c, nm, v, &lc->l->title) < 0)
			lc->bad = 1;
	} else if (strcmp(key, "url") == 0) {
		if (pk_f_url(c, nm, v, &lc->l->url) < 0)
			lc->bad = 1;
	} else {
		pk_f_warn(c, k, "unknown key '%s' in '%s'", key, lc->name);
	}
}

int pk_f_links(struct pk_fctx *c, const char *name, yaml_node_t *v,
	       struct pk_link **out, size_t *n)
{
	yaml_node_item_t *it;
	struct pk_link *list;
	size_t cnt = 0;
	int bad = 0;

	if (pk_ydoc_is_null(v))
		return 0;
	list = pk_f_list_room(c, name, v, sizeof(*list));
	if (!list)
		return -1;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = pk_ydoc_node(c->y, *it);
		struct link_ctx lc = {&list[cnt], name, 0};

		if (pk_f_mapping(c, e, name, &lc, link_pair) < 0) {
			bad = 1;
			continue;
		}
		cnt++;
		if (!lc.bad && !lc.l->url) {
			pk_f_error(c, e, "'%s.url' is required", name);
			lc.bad = 1;
		}
		if (lc.bad)
			bad = 1;
	}
	if (bad) {
		pk_f_links_free(list, cnt);
		return -1;
	}
	pk_f_links_free(*out, *n);
	*out = list;
	*n = cnt;
	return 1;
}

void pk_f_person_release(struct pk_person *p)
{
	free(p->name);
	free(p->role);
	free(p->group);
	free(p->img);
	free(p->href);
	memset(p, 0, sizeof(*p));
}

struct person_ctx {
	struct pk_person *p;
	const char *name;
	int bad;
	yaml_node_t *role, *group; /* as given, for the taxonomy's lines */
};

static void person_pair(struct pk_fctx *c, void *obj, const char *key,
			yaml_node_t *k, yaml_node_t *v)
{
	struct person_ctx *pc = obj;
	char nm[128];
	int r;

	snprintf(nm, sizeof(nm), "%s.%s", pc->name, key);
	if (strcmp(key, "name") == 0)
		r = pk_f_str(c, nm, v, &pc->p->name);
	else if (strcmp(key, "role") == 0) {
		r = pk_f_str(c, nm, v, &pc->p->role);
		pc->role = v;
	} else if (strcmp(key, "group") == 0) {
		r = pk_f_str(c, nm, v, &pc->p->group);
		pc->group = v;
	} else if (strcmp(key, "img") == 0)
		r = pk_f_url(c, nm, v, &pc->p->img);
	else if (strcmp(key, "href") == 0)
		r = pk_f_url(c, nm, v, &pc->p->href);
	else {
		pk_f_warn(c, k, "unknown key '%s' in '%s'", key, pc->name);
		r = 0;
	}
	if (r < 0)
		pc->bad = 1;
}

/* A role or group outside the Podcasting 2.0 taxonomy is a warning, as
 * podkit lint calls it in the feed: apps may show it or not. */
static void person_taxonomy(struct pk_fctx *c, const struct person_ctx *pc)
{
	const struct pk_person *p = pc->p;

	if (p->group && !pk_taxonomy_has_group(p->group))
		pk_f_warn(c, pc->group,
			  "'%s.group' '%s' is not a group of the Podcasting "
			  "2.0 taxonomy",
			  pc->name, p->group);
	if (p->role && !pk_taxonomy_has_role(p->role))
		pk_f_warn(c, pc->role,
			  "'%s.role' '%s' is not a role of the Podcasting "
			  "2.0 taxonomy",
			  pc->name, p->role);
	else if (p->role &&
		 pk_taxonomy_has_group(p->group ? p->group : "cast") &&
		 !pk_taxonomy_role_in(p->group ? p->group : "cast", p->role))
		pk_f_warn(c, pc->role,
			  "'%s.role' '%s' is not in the group '%s'", pc->name,
			  p->role, p->group ? p->group : "cast");
}

int pk_f_person(struct pk_fctx *c, const char *name, yaml_node_t *v,
		const char *default_role, struct pk_person *out)
{
	struct person_ctx pc = {out, name, 0, NULL, NULL};

	memset(out, 0, sizeof(*out));
	if (v && v->type == YAML_SCALAR_NODE) {
		if (pk_f_str(c, name, v, &out->name) < 0)
			return -1;
	} else if (pk_f_mapping(c, v, name, &pc, person_pair) < 0) {
		return -1;
	}
	if (!pc.bad && (!out->name || !*out->name)) {
		pk_f_error(c, v, "'%s.name' is required", name);
		pc.bad = 1;
	}
	if (pc.bad) {
		pk_f_person_release(out);
		return -1;
	}
	person_taxonomy(c, &pc);
	if (!out->role)
		out->role = pk_f_strdup(c, default_role);
	if (!out->group)
		out->group = pk_f_strdup(c, "cast");
	return 1;
}

int pk_f_persons(struct pk_fctx *c, const char *name, yaml_node_t *v,
		 const char *default_role, struct pk_person **out, size_t *n)
{
	yaml_node_item_t *it;
	struct pk_person *list;
	size_t cnt = 0, i;
	int bad = 0;

	if (pk_ydoc_is_null(v))
		return 0;
	list = pk_f_list_room(c, name, v, sizeof(*list));
	if (!list)
		return -1;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		if (pk_f_person(c, name, pk_ydoc_node(c->y, *it), default_role,
				&list[cnt]) < 0)
			bad = 1;
		else
			cnt++;
	}
	if (bad) {
		for (i = 0; i < cnt; i++)
			pk_f_person_release(&list[i]);
		free(list);
		return -1;
	}
	*out = list;
	*n = cnt;
	return 1;
}
