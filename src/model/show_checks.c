/* show_checks.c: the checks across a show's episodes: folder numbers,
 * (season, number) pairs and guids that repeat another episode's. */
#include "model/show_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One episode as the duplicate checks see it. */
struct dup_key {
	int season, number;
	const char *guid;
	int64_t date;
	int claim;  /* 2: in the live feed with this value, 1: in it */
	size_t idx; /* in folder order */
};

/* Of two episodes that clash, the one in the live feed keeps its place
 * (the one that had the value there first, when both are): a new or
 * edited folder that repeats its number must not push it out. Then the
 * one dated earlier (likely published already); same date: folder
 * order. */
static int by_age(const struct dup_key *x, const struct dup_key *y)
{
	if (x->claim != y->claim)
		return x->claim > y->claim ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_by_number(const void *a, const void *b)
{
	const struct dup_key *x = a, *y = b;

	if (x->season != y->season)
		return x->season < y->season ? -1 : 1;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return by_age(x, y);
}

static int cmp_by_guid(const void *a, const void *b)
{
	const struct dup_key *x = a, *y = b;
	int c = strcmp(x->guid, y->guid);

	if (c)
		return c;
	return by_age(x, y);
}

/* The live feed's record of e (NULL: not in it). A linear search: the
 * list is consulted only for episodes that clash. */
static const struct pk_published_episode *
published(const struct pk_show_load_opts *o, const struct pk_episode *e)
{
	size_t i;

	for (i = 0; o && i < o->npublished; i++)
		if (o->published[i].slug &&
		    strcmp(o->published[i].slug, e->slug) == 0)
			return &o->published[i];
	return NULL;
}

/* How strongly e holds the value it clashes on: what (0 folder number,
 * 1 episode number, 2 guid). */
static int claim(const struct pk_show_load_opts *o, const struct pk_episode *e,
		 int what)
{
	const struct pk_published_episode *p = published(o, e);

	if (!p)
		return 0;
	if (what == 0 ||
	    (what == 1 && p->season == e->season && p->number == e->number) ||
	    (what == 2 && p->guid && e->guid && strcmp(p->guid, e->guid) == 0))
		return 2;
	return 1;
}

/* Fills the claims of the n keys that share a value with a neighbour
 * (sorted by value in cmp's order; the others never compete). */
static void claims(struct pk_show *s, struct dup_key *k, size_t n,
		   const struct pk_show_load_opts *o, int what,
		   int (*cmp)(const void *, const void *))
{
	size_t i;

	if (!o || !o->npublished)
		return;
	qsort(k, n, sizeof(*k), cmp);
	for (i = 0; i < n; i++) {
		int same_prev =
		    i > 0 && (what == 2 ? strcmp(k[i].guid, k[i - 1].guid) == 0
					: k[i].season == k[i - 1].season &&
					      k[i].number == k[i - 1].number);
		int same_next =
		    i + 1 < n &&
		    (what == 2 ? strcmp(k[i].guid, k[i + 1].guid) == 0
			       : k[i].season == k[i + 1].season &&
				     k[i].number == k[i + 1].number);

		if (same_prev || same_next)
			k[i].claim = claim(o, &s->episodes[k[i].idx], what);
	}
}

/* Marks episodes that repeat a folder number, a (season, number) or a
 * guid of another one that holds it (published, else dated earlier, else
 * earlier in folder order), by sorting, so a show of thousands of
 * episodes costs n log n. Returns how many, or PK_ENOMEM. */
long pk_show_mark_duplicates(struct pk_show *s, char *bad,
			     const struct pk_show_load_opts *opts,
			     struct pk_diags *d)
{
	struct dup_key *k;
	size_t i, n = 0, first;
	long nbad = 0;

	k = calloc(s->nepisodes ? s->nepisodes : 1, sizeof(*k));
	if (!k)
		return PK_ENOMEM;
	/* Folder numbers: season 0, the folder number as the number. */
	for (i = 0; i < s->nepisodes; i++) {
		k[i].number = s->episodes[i].folder_number;
		k[i].date = s->episodes[i].date;
		k[i].idx = i;
	}
	claims(s, k, s->nepisodes, opts, 0, cmp_by_number);
	qsort(k, s->nepisodes, sizeof(*k), cmp_by_number);
	for (i = 1, first = 0; i < s->nepisodes; i++) {
		struct pk_episode *e = &s->episodes[k[i].idx];

		if (k[i].number != k[first].number) {
			first = i;
			continue;
		}
		pk_diags_add(d, PK_ERROR, e->file, 0,
			     "folder number %03d is also used by '%s'",
			     e->folder_number, s->episodes[k[first].idx].slug);
		nbad += !bad[k[i].idx];
		bad[k[i].idx] = 1;
	}
	memset(k, 0, s->nepisodes * sizeof(*k));
	for (i = 0; i < s->nepisodes; i++)
		if (s->episodes[i].number > 0) {
			k[n].season = s->episodes[i].season;
			k[n].number = s->episodes[i].number;
			k[n].date = s->episodes[i].date;
			k[n++].idx = i;
		}
	claims(s, k, n, opts, 1, cmp_by_number);
	qsort(k, n, sizeof(*k), cmp_by_number);
	for (i = 1, first = 0; i < n; i++) {
		struct pk_episode *e = &s->episodes[k[i].idx];
		const char *o = s->episodes[k[first].idx].slug;

		if (k[i].season != k[first].season ||
		    k[i].number != k[first].number) {
			first = i;
			continue;
		}
		if (e->season)
			pk_diags_add(d, PK_ERROR, e->file, e->number_line,
				     "episode number %d of season %d is also "
				     "used by '%s'",
				     e->number, e->season, o);
		else
			pk_diags_add(d, PK_ERROR, e->file, e->number_line,
				     "episode number %d is also used by '%s'",
				     e->number, o);
		nbad += !bad[k[i].idx];
		bad[k[i].idx] = 1;
	}
	for (i = 0, n = 0; i < s->nepisodes; i++)
		if (s->episodes[i].guid) {
			k[n].guid = s->episodes[i].guid;
			k[n].claim = 0;
			k[n].date = s->episodes[i].date;
			k[n++].idx = i;
		}
	claims(s, k, n, opts, 2, cmp_by_guid);
	qsort(k, n, sizeof(*k), cmp_by_guid);
	for (i = 1, first = 0; i < n; i++) {
		struct pk_episode *e = &s->episodes[k[i].idx];

		if (strcmp(k[i].guid, k[first].guid) != 0) {
			first = i;
			continue;
		}
		pk_diags_add(d, PK_ERROR, e->file, e->guid_line,
			     "guid '%s' is also used by '%s'", e->guid,
			     s->episodes[k[first].idx].slug);
		nbad += !bad[k[i].idx];
		bad[k[i].idx] = 1;
	}
	free(k);
	return nbad;
}
