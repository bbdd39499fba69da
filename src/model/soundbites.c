/* soundbites.c: episode.md's `soundbites:` (podcast:soundbite): each a
 * start, a duration and a title, read and checked against the length the
 * Podcasting 2.0 namespace recommends and, once known, the audio's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/date.h"
#include "podkit/show.h"
#include "model/show_fields_int.h"
#include "model/soundbites_int.h"
#include "model/yaml_doc_int.h"

/* A time: seconds ("42", "42.5") or "H:MM:SS"/"MM:SS"; 1 when read, 0
 * when not (reported as `name`, with an example of what is wanted). */
static int read_time(struct pk_fctx *c, const char *name, const char *like,
		     yaml_node_t *v, double *out)
{
	const char *s = pk_ydoc_scalar(v);

	if (s && pk_duration_parse(s, out) == 0)
		return 1;
	pk_f_error(c, v, "'soundbites.%s' is not a time like %s", name, like);
	return 0;
}

static int read_one(struct pk_fctx *c, yaml_node_t *e, struct pk_soundbite *sb)
{
	yaml_node_pair_t *p;
	int bad = 0, seen_start = 0, seen_duration = 0;
	char len[32];

	memset(sb, 0, sizeof(*sb));
	sb->line = pk_ydoc_line(c->y, e);
	if (!e || e->type != YAML_MAPPING_NODE) {
		pk_f_error(c, e,
			   "a soundbite is %s, not a mapping like "
			   "{start: \"1:30\", duration: 30, title: ...}",
			   pk_ydoc_kind(e));
		return -1;
	}
	for (p = e->data.mapping.pairs.start; p < e->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = pk_ydoc_node(c->y, p->key);
		yaml_node_t *v = pk_ydoc_node(c->y, p->value);
		const char *key = pk_ydoc_scalar(k);

		if (!key) {
			pk_f_error(c, k, "a key in 'soundbites' is %s",
				   pk_ydoc_kind(k));
			bad = 1;
		} else if (strcmp(key, "start") == 0) {
			seen_start = 1;
			if (!read_time(c, "start", "1:30 or 90", v, &sb->start))
				bad = 1;
		} else if (strcmp(key, "duration") == 0) {
			seen_duration = 1;
			if (!read_time(c, "duration", "30 or 0:00:30", v,
				       &sb->duration))
				bad = 1;
		} else if (strcmp(key, "title") == 0) {
			if (pk_f_str(c, "soundbites.title", v, &sb->title) < 0)
				bad = 1;
			else if (sb->title && !*sb->title) {
				pk_f_error(c, v, "'soundbites.title' is empty");
				bad = 1;
			}
		} else {
			pk_f_warn(c, k, "unknown key '%s' in 'soundbites'",
				  key);
		}
	}
	if (bad)
		return -1;
	if (!seen_start || !seen_duration || !sb->title) {
		pk_f_error(c, e, "'soundbites.%s' is required",
			   !seen_start	    ? "start"
			   : !seen_duration ? "duration"
					    : "title");
		return -1;
	}
	if (sb->duration < PK_SOUNDBITE_MIN ||
	    sb->duration > PK_SOUNDBITE_MAX) {
		snprintf(len, sizeof(len), "%g", sb->duration);
		pk_f_error(c, e,
			   "soundbite '%s' is %s s long: a soundbite is "
			   "%g to %g seconds",
			   sb->title, len, PK_SOUNDBITE_MIN, PK_SOUNDBITE_MAX);
		return -1;
	}
	return 0;
}

void pk_soundbites_read(struct pk_fctx *c, struct pk_episode *ep,
			yaml_node_t *v)
{
	yaml_node_item_t *it;

	if (pk_ydoc_is_null(v))
		return;
	ep->soundbites =
	    pk_f_list_room(c, "soundbites", v, sizeof(*ep->soundbites));
	if (!ep->soundbites)
		return;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		struct pk_soundbite *sb = &ep->soundbites[ep->nsoundbites];

		if (read_one(c, pk_ydoc_node(c->y, *it), sb) < 0) {
			free(sb->title);
			memset(sb, 0, sizeof(*sb));
			continue;
		}
		ep->nsoundbites++;
	}
}

size_t pk_soundbites_check_inside(const struct pk_soundbite *v, size_t n,
				  double duration, const char *file,
				  struct pk_diags *d)
{
	char end[32], len[32];
	size_t i, bad = 0;

	if (!(duration > 0))
		return 0;
	pk_duration_format(duration, 0, len, sizeof(len));
	for (i = 0; i < n; i++) {
		/* The published length is whole milliseconds or so: a
		 * soundbite that ends within one of it still fits. */
		if (v[i].start + v[i].duration <= duration + 0.001)
			continue;
		pk_duration_format(v[i].start + v[i].duration, 0, end,
				   sizeof(end));
		pk_diags_add(d, PK_ERROR, file, v[i].line,
			     "soundbite '%s' ends at %s, after the end of the "
			     "audio (%s)",
			     v[i].title, end, len);
		bad++;
	}
	return bad;
}

void pk_soundbites_free(struct pk_episode *ep)
{
	size_t i;

	for (i = 0; i < ep->nsoundbites; i++)
		free(ep->soundbites[i].title);
	free(ep->soundbites);
	ep->soundbites = NULL;
	ep->nsoundbites = 0;
}
