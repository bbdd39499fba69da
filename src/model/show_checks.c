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
	size_t idx; /* in folder order */
};

/* Of two episodes that clash, the one dated earlier keeps its place (it
 * is the one likely published already: a new folder that repeats its
 * number must not push it out of the feed); same date: folder order. */
static int by_age(const struct dup_key *x, const struct dup_key *y)
{
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

/* Marks episodes that repeat a folder number, a (season, number) or a
 * guid of another one dated earlier (same date: earlier in folder order),
 * by sorting, so a show of thousands of episodes costs n log n. Returns how
 * many, or PK_ENOMEM. */
long pk_show_mark_duplicates(struct pk_show *s, char *bad, struct pk_diags *d)
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
			k[n].date = s->episodes[i].date;
			k[n++].idx = i;
		}
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
