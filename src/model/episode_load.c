/* episode_load.c: reads one NNN-slug/episode.md: the YAML front matter
 * between "---" lines, then the Markdown notes; checks every field. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "podkit/date.h"
#include "base/guid_int.h"
#include "podkit/show.h"
#include "model/show_fields_int.h"
#include "model/show_int.h"
#include "model/soundbites_int.h"
#include "model/p20_int.h"
#include "model/yaml_doc_int.h"

struct ep_ctx {
	const struct pk_show *show;
	struct pk_episode *e;
	const struct pk_show_load_opts *opts;
	yaml_node_t *audio_node, *length_node, *duration_node, *type_node;
	yaml_node_t *transcript_node, *image_node, *tracks_node;
	int seen_date;
	int seen_title; /* given, maybe wrongly (reported then) */
};

/* A chapter start: "H:MM:SS", "MM:SS", seconds, or a YAML number. */
static int read_chapter(struct pk_fctx *c, yaml_node_t *e,
			struct pk_chapter *ch)
{
	yaml_node_pair_t *p;
	int bad = 0, seen_start = 0;

	memset(ch, 0, sizeof(*ch));
	ch->line = pk_ydoc_line(c->y, e);
	if (!e || e->type != YAML_MAPPING_NODE) {
		pk_f_error(c, e,
			   "a chapter is %s, not a mapping like "
			   "{start: \"1:30\", title: ...}",
			   pk_ydoc_kind(e));
		return -1;
	}
	for (p = e->data.mapping.pairs.start; p < e->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = pk_ydoc_node(c->y, p->key);
		yaml_node_t *v = pk_ydoc_node(c->y, p->value);
		const char *key = pk_ydoc_scalar(k);

		if (!key) {
			pk_f_error(c, k, "a key in 'chapters' is %s",
				   pk_ydoc_kind(k));
			bad = 1;
		} else if (strcmp(key, "start") == 0) {
			const char *s = pk_ydoc_scalar(v);

			seen_start = 1;
			if (!s || pk_duration_parse(s, &ch->start) != 0) {
				pk_f_error(c, v,
					   "'chapters.start' is not a "
					   "time like 1:30 or 0:01:30");
				bad = 1;
			}
		} else if (strcmp(key, "title") == 0) {
			if (pk_f_str(c, "chapters.title", v, &ch->title) < 0)
				bad = 1;
		} else if (strcmp(key, "url") == 0) {
			if (pk_f_url(c, "chapters.url", v, &ch->url) < 0)
				bad = 1;
		} else if (strcmp(key, "img") == 0) {
			if (pk_f_url(c, "chapters.img", v, &ch->img) < 0)
				bad = 1;
		} else {
			pk_f_warn(c, k, "unknown key '%s' in 'chapters'", key);
		}
	}
	if (!bad && !seen_start) {
		pk_f_error(c, e, "'chapters.start' is required");
		bad = 1;
	}
	if (!bad && !ch->title) {
		pk_f_error(c, e, "'chapters.title' is required");
		bad = 1;
	}
	return bad ? -1 : 0;
}

static void read_chapters(struct pk_fctx *c, struct pk_episode *ep,
			  yaml_node_t *v)
{
	yaml_node_item_t *it;
	char a[32], b[32];
	size_t i;

	if (pk_ydoc_is_null(v))
		return;
	ep->chapters = pk_f_list_room(c, "chapters", v, sizeof(*ep->chapters));
	if (!ep->chapters)
		return;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		struct pk_chapter *ch = &ep->chapters[ep->nchapters];

		if (read_chapter(c, pk_ydoc_node(c->y, *it), ch) < 0) {
			free(ch->title);
			free(ch->url);
			free(ch->img);
			memset(ch, 0, sizeof(*ch));
			continue;
		}
		ep->nchapters++;
	}
	for (i = 1; i < ep->nchapters; i++) {
		struct pk_chapter *x = &ep->chapters[i - 1],
				  *y = &ep->chapters[i];

		pk_duration_format(x->start, 0, a, sizeof(a));
		pk_duration_format(y->start, 0, b, sizeof(b));
		if (y->start == x->start)
			pk_diags_add(c->d, PK_ERROR, c->file, y->line,
				     "two chapters start at %s", b);
		else if (y->start < x->start)
			pk_diags_add(c->d, PK_ERROR, c->file, y->line,
				     "chapter '%s' starts at %s, before the "
				     "one above it (%s): chapters must be in "
				     "order",
				     y->title, b, a);
		else
			continue;
		c->errors++;
	}
}

/* hosts: names of the show's hosts, or full person maps. */
static void read_hosts(struct pk_fctx *c, const struct pk_show *show,
		       struct pk_episode *ep, yaml_node_t *v)
{
	yaml_node_item_t *it;
	size_t i;

	if (pk_ydoc_is_null(v))
		return;
	if (v->type == YAML_SCALAR_NODE) {
		pk_f_error(c, v,
			   "'hosts' is text, not a list (write "
			   "[Name, Name])");
		return;
	}
	ep->hosts = pk_f_list_room(c, "hosts", v, sizeof(*ep->hosts));
	if (!ep->hosts)
		return;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = pk_ydoc_node(c->y, *it);
		struct pk_person *p = &ep->hosts[ep->nhosts];
		const struct pk_person *sh = NULL;

		if (e->type != YAML_SCALAR_NODE) {
			if (pk_f_person(c, "hosts", e, "host", p) > 0)
				ep->nhosts++;
			continue;
		}
		for (i = 0; i < show->nhosts; i++)
			if (show->hosts[i].name &&
			    strcmp(show->hosts[i].name, pk_ydoc_scalar(e)) == 0)
				sh = &show->hosts[i];
		if (!sh) {
			pk_f_error(c, e,
				   "'%s' is not one of the show's hosts "
				   "(add them to 'hosts' in show.yaml, or "
				   "give a full person)",
				   pk_ydoc_scalar(e));
			continue;
		}
		p->name = pk_f_strdup(c, sh->name);
		p->role = pk_f_strdup(c, sh->role);
		p->group = pk_f_strdup(c, sh->group);
		p->img = pk_f_strdup(c, sh->img);
		p->href = pk_f_strdup(c, sh->href);
		ep->nhosts++;
	}
}

static void read_type(struct pk_fctx *c, struct pk_episode *ep, yaml_node_t *v)
{
	const char *t = pk_ydoc_scalar(v);

	if (pk_ydoc_is_null(v))
		return;
	if (t && strcmp(t, "full") == 0)
		ep->type = PK_EPISODE_FULL;
	else if (t && strcmp(t, "trailer") == 0)
		ep->type = PK_EPISODE_TRAILER;
	else if (t && strcmp(t, "bonus") == 0)
		ep->type = PK_EPISODE_BONUS;
	else
		pk_f_error(c, v, "'type' is not full, trailer or bonus");
}

/* "keywords: a, b" is the list [a, b], as itunes:keywords writes it. */
static void split_keywords(struct pk_fctx *c, struct pk_episode *e)
{
	char *all = e->keywords[0], *p, *tok, **v;
	size_t n = 1, i = 0;

	for (p = all; *p; p++)
		n += *p == ',';
	v = calloc(n, sizeof(*v));
	if (!v) {
		c->oom = 1;
		return;
	}
	for (tok = strtok_r(all, ",", &p); tok; tok = strtok_r(NULL, ",", &p)) {
		char *end = tok + strlen(tok);

		while (*tok == ' ' || *tok == '\t')
			tok++;
		while (end > tok && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end == tok)
			continue;
		v[i] = strndup(tok, (size_t)(end - tok));
		if (!v[i]) {
			c->oom = 1;
			break;
		}
		i++;
	}
	free(all);
	free(e->keywords);
	e->keywords = v;
	e->nkeywords = i;
}

/* One entry of tracks: {file: maya.wav, name: Maya Ortiz, offset: 1.5}. */
static int read_track(struct pk_fctx *c, struct ep_ctx *ec, yaml_node_t *e,
		      struct pk_track *t)
{
	yaml_node_pair_t *p;
	yaml_node_t *file_node = NULL;
	int bad = 0;

	memset(t, 0, sizeof(*t));
	t->offset = NAN;
	t->line = pk_ydoc_line(c->y, e);
	if (!e || e->type != YAML_MAPPING_NODE) {
		pk_f_error(c, e,
			   "a track is %s, not a mapping like "
			   "{file: maya.wav, name: Maya Ortiz}",
			   pk_ydoc_kind(e));
		return -1;
	}
	for (p = e->data.mapping.pairs.start; p < e->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = pk_ydoc_node(c->y, p->key);
		yaml_node_t *v = pk_ydoc_node(c->y, p->value);
		const char *key = pk_ydoc_scalar(k);

		if (!key) {
			pk_f_error(c, k, "a key in 'tracks' is %s",
				   pk_ydoc_kind(k));
			bad = 1;
		} else if (strcmp(key, "file") == 0) {
			file_node = v;
			if (pk_f_str(c, "tracks.file", v, &t->file) < 0)
				bad = 1;
		} else if (strcmp(key, "name") == 0) {
			if (pk_f_str(c, "tracks.name", v, &t->name) < 0)
				bad = 1;
		} else if (strcmp(key, "offset") == 0) {
			if (pk_f_double(c, "tracks.offset", v, -3600, 3600,
					&t->offset) < 0)
				bad = 1;
		} else {
			pk_f_warn(c, k, "unknown key '%s' in 'tracks'", key);
		}
	}
	if (!t->file && !bad) {
		pk_f_error(c, e, "'tracks.file' is required");
		bad = 1;
	}
	if (!t->name && !bad) {
		pk_f_error(c, e,
			   "'tracks.name' is required (the host or guest "
			   "on that mic)");
		bad = 1;
	}
	if (!bad && pk_f_check_path(c, "tracks.file", file_node, ec->e->dir,
				    t->file, ec->opts->check_audio) < 0)
		bad = 1;
	return bad ? -1 : 0;
}

static void read_tracks(struct pk_fctx *c, struct ep_ctx *ec, yaml_node_t *v)
{
	struct pk_episode *ep = ec->e;
	yaml_node_item_t *it;

	ec->tracks_node = v;
	if (pk_ydoc_is_null(v))
		return;
	ep->tracks = pk_f_list_room(c, "tracks", v, sizeof(*ep->tracks));
	if (!ep->tracks)
		return;
	if (v->data.sequence.items.top - v->data.sequence.items.start >
	    PK_EPISODE_MAX_TRACKS) {
		pk_f_error(c, v, "'tracks' names more than %d tracks",
			   PK_EPISODE_MAX_TRACKS);
		return;
	}
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		struct pk_track *t = &ep->tracks[ep->ntracks];

		if (read_track(c, ec, pk_ydoc_node(c->y, *it), t) < 0) {
			free(t->file);
			free(t->name);
			memset(t, 0, sizeof(*t));
			continue;
		}
		ep->ntracks++;
	}
}

/* Every track's name is one of the episode's hosts (or the show's, when it
 * names none) or guests. */
static void check_track_names(struct pk_fctx *c, const struct pk_show *show,
			      struct pk_episode *e)
{
	const struct pk_person *h = e->nhosts ? e->hosts : show->hosts;
	size_t nh = e->nhosts ? e->nhosts : show->nhosts, i, j;
	char known[512];
	size_t len = 0;

	known[0] = '\0';
	for (j = 0; j < nh + e->nguests; j++) {
		const char *n = j < nh ? h[j].name : e->guests[j - nh].name;

		if (n && len < sizeof(known))
			len += (size_t)snprintf(known + len,
						sizeof(known) - len, "%s'%s'",
						len ? ", " : "", n);
	}
	for (i = 0; i < e->ntracks; i++) {
		int found = 0;

		for (j = 0; j < nh + e->nguests && !found; j++) {
			const char *n = j < nh ? h[j].name
					       : e->guests[j - nh].name;

			found = n && strcmp(n, e->tracks[i].name) == 0;
		}
		for (j = 0; j < i && found; j++)
			if (strcmp(e->tracks[j].name, e->tracks[i].name) == 0) {
				pk_diags_add(c->d, PK_ERROR, c->file,
					     e->tracks[i].line,
					     "two tracks are '%s': one track "
					     "per speaker",
					     e->tracks[i].name);
				c->errors++;
			}
		if (found)
			continue;
		pk_diags_add(c->d, PK_ERROR, c->file, e->tracks[i].line,
			     "track '%s': '%s' is not a host or guest of this "
			     "episode (%s)",
			     e->tracks[i].file, e->tracks[i].name,
			     len ? known : "none is named");
		c->errors++;
	}
}

static void episode_pair(struct pk_fctx *c, void *obj, const char *key,
			 yaml_node_t *k, yaml_node_t *v)
{
	struct ep_ctx *ec = obj;
	struct pk_episode *e = ec->e;
	long l;

	if (strcmp(key, "title") == 0) {
		ec->seen_title = !pk_ydoc_is_null(v);
		pk_f_title(c, v, &e->title);
	} else if (strcmp(key, "number") == 0) {
		e->number_line = pk_ydoc_line(c->y, v);
		if (pk_f_int(c, key, v, 0, 999999, &l) > 0)
			e->number = (int)l;
	} else if (strcmp(key, "season") == 0) {
		if (pk_f_int(c, key, v, 1, 9999, &l) > 0)
			e->season = (int)l;
	} else if (strcmp(key, "type") == 0) {
		read_type(c, e, v);
	} else if (strcmp(key, "date") == 0) {
		const char *s = pk_ydoc_scalar(v);
		int64_t t;

		if (pk_ydoc_is_null(v))
			return;
		ec->seen_date = 1;
		if (!s || pk_date_parse_iso8601(s, &t, &e->tz_minutes) != 0) {
			int64_t t2;
			char buf[80];

			/* Say why when it is a date without a zone. */
			snprintf(buf, sizeof(buf), "%sZ", s ? s : "");
			if (s && strlen(s) < 60 &&
			    pk_date_parse_iso8601(buf, &t2, NULL) == 0) {
				pk_f_error(c, v,
					   "'date' has no time zone "
					   "(add Z or +01:00)");
			} else if (s && strlen(s) == 10 &&
				   (snprintf(buf, sizeof(buf), "%sT00:00Z", s),
				    pk_date_parse_iso8601(buf, &t2, NULL) ==
					0)) {
				pk_f_error(c, v,
					   "'date' has no time and time "
					   "zone (like %sT06:00:00+01:00)",
					   s);
			} else
				pk_f_error(c, v,
					   "'date' is not an ISO 8601 "
					   "date");
			ec->seen_date = -1;
			return;
		}
		e->date = t;
	} else if (strcmp(key, "guid") == 0) {
		e->guid_line = pk_ydoc_line(c->y, v);
		if (pk_f_str(c, key, v, &e->guid) > 0 && !*e->guid)
			pk_f_error(c, v, "'guid' is empty");
	} else if (strcmp(key, "explicit") == 0) {
		pk_f_bool(c, key, v, &e->explicit_);
	} else if (strcmp(key, "summary") == 0) {
		pk_f_str(c, key, v, &e->summary);
	} else if (strcmp(key, "audio") == 0) {
		ec->audio_node = v;
		pk_f_str(c, key, v, &e->audio);
	} else if (strcmp(key, "audio_length") == 0) {
		ec->length_node = v;
		if (pk_f_int(c, key, v, 1, 0x7fffffffL, &l) > 0)
			e->audio_length = l;
	} else if (strcmp(key, "audio_duration") == 0) {
		const char *s = pk_ydoc_scalar(v);

		if (pk_ydoc_is_null(v))
			return;
		ec->duration_node = v;
		if (!s || pk_duration_parse(s, &e->audio_duration) != 0 ||
		    e->audio_duration <= 0)
			pk_f_error(c, v,
				   "'audio_duration' is not a duration "
				   "like 0:42:10 or seconds");
	} else if (strcmp(key, "audio_type") == 0) {
		ec->type_node = v;
		if (pk_f_str(c, key, v, &e->audio_mime) > 0 &&
		    (!strchr(e->audio_mime, '/') ||
		     strpbrk(e->audio_mime, " \t")))
			pk_f_error(c, v,
				   "'audio_type' is not a MIME type like "
				   "audio/mpeg");
	} else if (strcmp(key, "image") == 0) {
		ec->image_node = v;
		pk_f_str(c, key, v, &e->image);
	} else if (strcmp(key, "hosts") == 0) {
		read_hosts(c, ec->show, e, v);
	} else if (strcmp(key, "tracks") == 0) {
		read_tracks(c, ec, v);
	} else if (strcmp(key, "guests") == 0) {
		pk_f_persons(c, key, v, "guest", &e->guests, &e->nguests);
	} else if (strcmp(key, "chapters") == 0) {
		read_chapters(c, e, v);
	} else if (strcmp(key, "soundbites") == 0) {
		pk_soundbites_read(c, e, v);
	} else if (pk_p20_episode_key(c, e, key, v)) {
		/* a Podcasting 2.0 tag (p20_fields.c) */
	} else if (strcmp(key, "transcript") == 0) {
		ec->transcript_node = v;
		pk_f_str(c, key, v, &e->transcript);
	} else if (strcmp(key, "links") == 0) {
		pk_f_links(c, key, v, &e->links, &e->nlinks);
	} else if (strcmp(key, "keywords") == 0) {
		if (pk_f_strlist(c, key, v, &e->keywords, &e->nkeywords) > 0 &&
		    v->type == YAML_SCALAR_NODE)
			split_keywords(c, e);
	} else if (strcmp(key, "block") == 0) {
		pk_f_bool(c, key, v, &e->block);
	} else if (strcmp(key, "unpublished") == 0) {
		pk_f_bool(c, key, v, &e->unpublished);
	} else if (strcmp(key, "intro") == 0) {
		pk_f_music(c, key, v, ec->show->dir, &e->intro, &e->no_intro);
	} else if (strcmp(key, "outro") == 0) {
		pk_f_music(c, key, v, ec->show->dir, &e->outro, &e->no_outro);
	} else {
		pk_f_warn(c, k, "unknown key '%s'", key);
	}
}

/* A "---" line (trailing blanks and CR allowed); returns the length of
 * the line including its newline, or 0. */
static size_t fence(const char *p, const char *end, int closing)
{
	const char *q = p;

	if (end - p < 3 || (memcmp(p, "---", 3) != 0 &&
			    !(closing && memcmp(p, "...", 3) == 0)))
		return 0;
	q += 3;
	while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
		q++;
	if (q < end && *q != '\n')
		return 0;
	return (size_t)(q - p) + (q < end);
}

/* Checks the audio, image and transcript once all keys are read. */
static void check_files(struct pk_fctx *c, struct ep_ctx *ec, yaml_node_t *root)
{
	struct pk_episode *e = ec->e;
	int check = ec->opts->check_audio;

	if (e->ntracks || (ec->tracks_node &&
			   !pk_ydoc_is_null(ec->tracks_node))) {
		if (ec->audio_node && !pk_ydoc_is_null(ec->audio_node))
			pk_f_error(c, ec->audio_node,
				   "'audio' and 'tracks' are both given: "
				   "'tracks' are mixed into the audio");
		check_track_names(c, ec->show, e);
	} else if (!e->audio) {
		if (!ec->audio_node || pk_ydoc_is_null(ec->audio_node))
			pk_f_error(c, root,
				   "'audio' is required (a file in "
				   "the folder, or a URL), or 'tracks'");
	} else if (pk_f_is_http_url(e->audio)) {
		e->audio_is_url = 1;
		if (!ec->length_node)
			pk_f_error(c, ec->audio_node,
				   "'audio_length' is required when 'audio' "
				   "is a URL (the file's size in bytes)");
		if (!ec->duration_node)
			pk_f_error(c, ec->audio_node,
				   "'audio_duration' is required when 'audio' "
				   "is a URL (like 0:42:10)");
	} else if (strstr(e->audio, "://")) {
		pk_f_error(c, ec->audio_node, "'audio' is not an http(s) URL");
	} else {
		pk_f_check_path(c, "audio", ec->audio_node, e->dir, e->audio,
				check);
		if (ec->length_node)
			pk_f_warn(c, ec->length_node,
				  "'audio_length' is used "
				  "only when 'audio' is a "
				  "URL");
		if (ec->duration_node)
			pk_f_warn(c, ec->duration_node,
				  "'audio_duration' is used only when 'audio' "
				  "is a URL");
		if (ec->type_node)
			pk_f_warn(c, ec->type_node,
				  "'audio_type' is used only "
				  "when 'audio' is a URL");
	}
	if (e->image)
		pk_f_check_image(c, ec->image_node, e->dir, e->image, check);
	if (e->transcript) {
		const char *dot = strrchr(e->transcript, '.');

		if (!dot ||
		    (strcasecmp(dot, ".vtt") && strcasecmp(dot, ".srt")))
			pk_f_error(c, ec->transcript_node,
				   "'transcript' is not a .vtt or .srt file");
		else
			pk_f_check_path(c, "transcript", ec->transcript_node,
					e->dir, e->transcript, check);
	}
}

int pk_episode_load(const struct pk_show *show, struct pk_episode *e,
		    const struct pk_show_load_opts *opts, int64_t now,
		    struct pk_diags *d)
{
	struct pk_ydoc y = {0};
	struct pk_fctx c = {d, e->file, &y, 0, 0};
	struct ep_ctx ec;
	size_t before = d->errors, len, open, n;
	const char *text, *p, *end, *fm;
	char *data = NULL, guid[PK_UUID_STR];
	yaml_node_t *root;
	int r = 0, line = 2;

	memset(&ec, 0, sizeof(ec));
	ec.show = show;
	ec.e = e;
	ec.opts = opts;
	e->explicit_ = -1;
	r = pk_f_read_text(d, e->file,
			   "missing: each NNN-slug folder needs an "
			   "episode.md ('podkit new' creates one)",
			   PK_EPISODE_MD_MAX, &data, &text, &len);
	if (r)
		goto out;
	end = text + len;
	open = fence(text, end, 0);
	if (!open) {
		pk_diags_add(d, PK_ERROR, e->file, 1,
			     "no front matter: the file must start with a "
			     "'---' line, then the YAML fields, then '---'");
		goto out;
	}
	fm = p = text + open;
	for (;;) {
		if (p >= end) {
			pk_diags_add(d, PK_ERROR, e->file, 1,
				     "the front matter has no closing '---' "
				     "line");
			goto out;
		}
		n = fence(p, end, 1);
		if (n)
			break;
		p = memchr(p, '\n', (size_t)(end - p));
		p = p ? p + 1 : end;
		line++;
	}
	r = pk_ydoc_load(&y, fm, (size_t)(p - fm), 1, e->file, d);
	if (r)
		goto out;
	e->notes_line = line + 1;
	e->notes_md = strndup(p + n, (size_t)(end - (p + n)));
	if (!e->notes_md)
		c.oom = 1;
	root = pk_ydoc_root(&y);
	if (!root) {
		pk_diags_add(d, PK_ERROR, e->file, 1,
			     "the front matter is empty ('title', 'date' and "
			     "'audio' are required)");
		goto out;
	}
	if (pk_f_mapping(&c, root, "front matter", &ec, episode_pair) < 0)
		goto out;
	if (!e->title && !ec.seen_title)
		pk_f_error(&c, root, "'title' is required");
	if (!ec.seen_date)
		pk_f_error(&c, root,
			   "'date' is required (ISO 8601 with a time "
			   "zone, like 2026-01-05T06:00:00+01:00)");
	check_files(&c, &ec, root);
	/* URL audio says its length; a file's is known to the build. */
	if (e->audio_is_url)
		c.errors += pk_soundbites_check_inside(
		    e->soundbites, e->nsoundbites, e->audio_duration, e->file,
		    d);
	if (e->audio_is_url)
		c.errors += pk_p20_splits_check_inside(e, e->audio_duration, d);
	if (!e->guid && show->podcast_guid) {
		if (pk_episode_guid(show->podcast_guid, e->folder_number,
				    guid) == 0) {
			e->guid = pk_f_strdup(&c, guid);
			e->guid_derived = 1;
		}
	}
	e->scheduled = ec.seen_date > 0 && e->date > now;
out:
	pk_ydoc_release(&y);
	free(data);
	if (r == PK_ENOMEM || c.oom)
		return PK_ENOMEM;
	return (int)(d->errors - before);
}
