/* show_yaml.c: reads show.yaml into the show model: every field checked
 * and reported at its line, the defaults filled in. */
#include "model/show_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/guid_int.h"
#include "model/categories_int.h"
#include "model/language_int.h"
#include "model/p20_int.h"
#include "model/show_fields_int.h"
#include "model/yaml_doc_int.h"
#include "podkit/fsio.h"
#include "base/taxonomy_int.h"

/* What show.yaml's reading keeps besides the show itself. */
struct show_ctx {
	struct pk_show *s;
	int check_files;
	int seen_explicit;
	int seen_categories;
	int seen_title; /* given, maybe wrongly (reported then) */
	yaml_node_t *owner_node;
	yaml_node_t *feed_url_node;
};

void pk_show_category_free(struct pk_category *c)
{
	free(c->name);
	pk_f_strv_free(c->subs, c->nsubs);
}

/* categories: a list of {name, subcategories} or of plain names. */
static void read_categories(struct pk_fctx *c, struct pk_show *s,
			    yaml_node_t *v)
{
	yaml_node_item_t *it;
	size_t i;

	s->categories =
	    pk_f_list_room(c, "categories", v, sizeof(*s->categories));
	if (!s->categories)
		return;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = pk_ydoc_node(c->y, *it), *nn = e, *sn = NULL;
		struct pk_category *cat = &s->categories[s->ncategories];
		yaml_node_pair_t *p;

		if (e->type == YAML_MAPPING_NODE) {
			nn = NULL;
			for (p = e->data.mapping.pairs.start;
			     p < e->data.mapping.pairs.top; p++) {
				yaml_node_t *k = pk_ydoc_node(c->y, p->key);
				const char *key = pk_ydoc_scalar(k);

				if (key && strcmp(key, "name") == 0)
					nn = pk_ydoc_node(c->y, p->value);
				else if (key &&
					 (strcmp(key, "subcategories") == 0 ||
					  strcmp(key, "subcategory") == 0))
					sn = pk_ydoc_node(c->y, p->value);
				else
					pk_f_warn(c, k,
						  "unknown key '%s' in "
						  "'categories'",
						  key ? key : "?");
			}
			if (!nn) {
				pk_f_error(c, e,
					   "'categories.name' is "
					   "required");
				continue;
			}
		}
		if (pk_f_str(c, "categories.name", nn, &cat->name) <= 0) {
			if (!cat->name && pk_ydoc_is_null(nn))
				pk_f_error(c, nn,
					   "'categories.name' is "
					   "required");
			continue;
		}
		s->ncategories++;
		if (!pk_category_valid(cat->name, NULL)) {
			const char *parent = pk_category_parent(cat->name);

			if (parent)
				pk_f_error(c, nn,
					   "'%s' is a subcategory of '%s', not "
					   "a category",
					   cat->name, parent);
			else
				pk_f_error(c, nn,
					   "'%s' is not an Apple Podcasts "
					   "category",
					   cat->name);
			continue;
		}
		if (pk_f_strlist(c, "categories.subcategories", sn, &cat->subs,
				 &cat->nsubs) < 0)
			continue;
		for (i = 0; i < cat->nsubs; i++) {
			yaml_node_t *at = sn;

			/* Point at the item itself when there is a list. */
			if (sn->type == YAML_SEQUENCE_NODE &&
			    sn->data.sequence.items.start + i <
				sn->data.sequence.items.top)
				at = pk_ydoc_node(
				    c->y, sn->data.sequence.items.start[i]);
			if (!pk_category_valid(cat->name, cat->subs[i]))
				pk_f_error(c, at,
					   "'%s' is not a subcategory of '%s'",
					   cat->subs[i], cat->name);
		}
	}
	if (s->ncategories == 0 &&
	    v->data.sequence.items.top == v->data.sequence.items.start)
		pk_f_error(c, v, "'categories' is empty (give at least one)");
}

static void owner_pair(struct pk_fctx *c, void *obj, const char *key,
		       yaml_node_t *k, yaml_node_t *v)
{
	struct pk_show *s = obj;

	if (strcmp(key, "name") == 0) {
		pk_f_str(c, "owner.name", v, &s->owner_name);
	} else if (strcmp(key, "email") == 0) {
		if (pk_f_str(c, "owner.email", v, &s->owner_email) > 0 &&
		    (!strchr(s->owner_email, '@') ||
		     strpbrk(s->owner_email, " \t<>")))
			pk_f_error(c, v,
				   "'owner.email' is not an email "
				   "address");
	} else {
		pk_f_warn(c, k, "unknown key '%s' in 'owner'", key);
	}
}

/* The clean-up and music keys of `audio:`; 1 when key was one of them.
 * Music files are files in the show folder, base. */
static int audio_cleanup_pair(struct pk_fctx *c, const char *base,
			      struct pk_audio_settings *a, const char *key,
			      yaml_node_t *v)
{
	const char *s = pk_ydoc_scalar(v);
	int b;

	if (strcmp(key, "highpass") == 0) {
		if (s && strcmp(s, "false") == 0)
			a->highpass = 0;
		else if (!(s && strcmp(s, "true") == 0))
			pk_f_double(c, "audio.highpass", v, 0, 1000,
				    &a->highpass);
	} else if (strcmp(key, "denoise") == 0) {
		if (s && strcmp(s, "afftdn") == 0)
			a->denoise = PK_DENOISE_AFFTDN;
		else if (s && strcmp(s, "anlmdn") == 0)
			a->denoise = PK_DENOISE_ANLMDN;
		else if (pk_f_bool(c, "audio.denoise", v, &b) > 0)
			a->denoise = b ? PK_DENOISE_AFFTDN : PK_DENOISE_NONE;
	} else if (strcmp(key, "max_pause") == 0) {
		pk_f_double(c, "audio.max_pause", v, 0.2, 60, &a->max_pause);
	} else if (strcmp(key, "crossfade") == 0) {
		pk_f_double(c, "audio.crossfade", v, 0, 30, &a->crossfade);
	} else if (strcmp(key, "music_under") == 0) {
		pk_f_double(c, "audio.music_under", v, 0, 40, &a->music_under);
	} else if (strcmp(key, "intro") == 0) {
		pk_f_music(c, "audio.intro", v, base, &a->intro, NULL);
	} else if (strcmp(key, "outro") == 0) {
		pk_f_music(c, "audio.outro", v, base, &a->outro, NULL);
	} else if (strcmp(key, "bed") == 0) {
		pk_f_music(c, "audio.bed", v, base, &a->bed, NULL);
	} else {
		return 0;
	}
	return 1;
}

/* audio.formats: [mp3, opus, m4a]: one pass makes each; MP3 stays the
 * main enclosure (Apple), the others become podcast:alternateEnclosure. */
static void read_formats(struct pk_fctx *c, struct pk_audio_settings *a,
			 const char *key, yaml_node_t *v)
{
	char name[32], **list = NULL;
	size_t n = 0, i, j;
	int mp3 = 0, bad = 0;

	snprintf(name, sizeof(name), "audio.%s", key);
	if (pk_f_strlist(c, name, v, &list, &n) <= 0)
		return;
	for (i = 0; i < n; i++) {
		if (strcmp(list[i], "mp3") && strcmp(list[i], "m4a") &&
		    strcmp(list[i], "opus")) {
			pk_f_error(c, v, "'%s' has '%s': not mp3, m4a or opus",
				   name, list[i]);
			bad = 1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(list[i], list[j]) == 0) {
				pk_f_error(c, v, "'%s' has '%s' twice", name,
					   list[i]);
				bad = 1;
			}
		mp3 |= strcmp(list[i], "mp3") == 0;
	}
	if (!bad && !mp3) {
		pk_f_error(c, v,
			   "'%s' has no mp3: the main enclosure stays MP3 "
			   "(Apple plays nothing else), the others are "
			   "alternates",
			   name);
		bad = 1;
	}
	if (!bad && a->format && strcmp(a->format, "mp3") != 0) {
		pk_f_error(c, v,
			   "'audio.format' is %s, but '%s' makes MP3 the "
			   "main enclosure",
			   a->format, name);
		bad = 1;
	}
	if (bad) {
		pk_f_strv_free(list, n);
		return;
	}
	free(a->format);
	a->format = pk_f_strdup(c, "mp3");
	pk_f_strv_free(a->formats, a->nformats);
	a->formats = NULL;
	a->nformats = 0;
	for (i = j = 0; i < n; i++) {
		if (strcmp(list[i], "mp3") == 0) {
			free(list[i]);
			continue;
		}
		list[j++] = list[i];
	}
	a->formats = list;
	a->nformats = j;
}

static void audio_pair(struct pk_fctx *c, void *obj, const char *key,
		       yaml_node_t *k, yaml_node_t *v)
{
	struct pk_show *show = obj;
	struct pk_audio_settings *a = &show->audio;
	long l;

	if (strcmp(key, "target") == 0) {
		pk_f_double(c, "audio.target", v, -70, -5, &a->target_lufs);
	} else if (strcmp(key, "target_mono") == 0) {
		pk_f_double(c, "audio.target_mono", v, -70, -5,
			    &a->target_mono);
	} else if (strcmp(key, "true_peak") == 0) {
		pk_f_double(c, "audio.true_peak", v, -9, 0, &a->true_peak);
	} else if ((strcmp(key, "format") == 0 &&
		    v->type == YAML_SEQUENCE_NODE) ||
		   strcmp(key, "formats") == 0) {
		read_formats(c, a, key, v);
	} else if (strcmp(key, "format") == 0) {
		char *f = NULL;

		if (pk_f_str(c, "audio.format", v, &f) <= 0)
			return;
		if (strcmp(f, "mp3") && strcmp(f, "m4a") && strcmp(f, "opus")) {
			pk_f_error(c, v,
				   "'audio.format' is not mp3, m4a or "
				   "opus");
			free(f);
			return;
		}
		free(a->format);
		a->format = f;
	} else if (strcmp(key, "bitrate") == 0) {
		if (pk_f_int(c, "audio.bitrate", v, 16, 512, &l) > 0)
			a->bitrate = (int)l;
	} else if (strcmp(key, "channels") == 0) {
		const char *ch = pk_ydoc_scalar(v);

		if (pk_ydoc_is_null(v))
			return;
		if (ch && strcmp(ch, "keep") == 0)
			a->channels = 0;
		else if (ch &&
			 (strcmp(ch, "mono") == 0 || strcmp(ch, "1") == 0))
			a->channels = 1;
		else if (ch &&
			 (strcmp(ch, "stereo") == 0 || strcmp(ch, "2") == 0))
			a->channels = 2;
		else
			pk_f_error(c, v,
				   "'audio.channels' is not keep, mono "
				   "or stereo");
	} else if (strcmp(key, "normalize") == 0) {
		pk_f_bool(c, "audio.normalize", v, &a->normalize);
	} else if (strcmp(key, "level") == 0) {
		pk_f_bool(c, "audio.level", v, &a->level);
	} else if (audio_cleanup_pair(c, show->dir, a, key, v)) {
		/* clean-up and music: audio_cleanup_pair */
	} else {
		pk_f_warn(c, k, "unknown key '%s' in 'audio'", key);
	}
}

static void publish_pair(struct pk_fctx *c, void *obj, const char *key,
			 yaml_node_t *k, yaml_node_t *v)
{
	struct pk_publish_settings *p = obj;

	if (strcmp(key, "target") == 0) {
		static const char *const schemes[] = {
		    "s3://", "http://", "https://", "sftp://", "file://"};
		size_t i;

		if (pk_f_str(c, "publish.target", v, &p->target) <= 0)
			return;
		for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
			if (strncmp(p->target, schemes[i],
				    strlen(schemes[i])) == 0)
				return;
		pk_f_error(c, v,
			   "'publish.target' is not an s3://, https://, "
			   "sftp:// or file:// URL");
	} else if (strcmp(key, "endpoint") == 0) {
		pk_f_url(c, "publish.endpoint", v, &p->endpoint);
	} else if (strcmp(key, "region") == 0) {
		pk_f_str(c, "publish.region", v, &p->region);
	} else if (strcmp(key, "path_style") == 0) {
		pk_f_bool(c, "publish.path_style", v, &p->path_style);
	} else if (strcmp(key, "acl") == 0) {
		pk_f_str(c, "publish.acl", v, &p->acl);
	} else if (strcmp(key, "host_key_sha256") == 0) {
		pk_f_str(c, "publish.host_key_sha256", v, &p->host_key_sha256);
	} else if (strcmp(key, "websub_hubs") == 0) {
		size_t i;

		if (pk_f_strlist(c, "publish.websub_hubs", v, &p->websub_hubs,
				 &p->nwebsub_hubs) <= 0)
			return;
		for (i = 0; i < p->nwebsub_hubs; i++)
			if (!pk_f_is_http_url(p->websub_hubs[i]))
				pk_f_error(c, v,
					   "'publish.websub_hubs' has "
					   "'%s', not an http(s) URL",
					   p->websub_hubs[i]);
	} else if (strcmp(key, "podcastindex") == 0) {
		pk_f_bool(c, "publish.podcastindex", v, &p->podcastindex_ping);
	} else if (strcmp(key, "podping") == 0) {
		pk_f_bool(c, "publish.podping", v, &p->podping);
	} else {
		pk_f_warn(c, k, "unknown key '%s' in 'publish'", key);
	}
}

static void read_subscribe(struct pk_fctx *c, struct pk_show *s, yaml_node_t *v)
{
	struct pk_link *l = NULL;
	size_t n = 0, i;

	if (pk_f_links(c, "subscribe", v, &l, &n) <= 0)
		return;
	s->subscribe = calloc(n ? n : 1, sizeof(*s->subscribe));
	if (!s->subscribe) {
		c->oom = 1;
		pk_f_links_free(l, n);
		return;
	}
	for (i = 0; i < n; i++) {
		s->subscribe[i].name = l[i].title;
		s->subscribe[i].url = l[i].url;
	}
	s->nsubscribe = n;
	free(l);
}


static void show_pair(struct pk_fctx *c, void *obj, const char *key,
		      yaml_node_t *k, yaml_node_t *v)
{
	struct show_ctx *sc = obj;
	struct pk_show *s = sc->s;

	if (strcmp(key, "title") == 0) {
		sc->seen_title = !pk_ydoc_is_null(v);
		pk_f_title(c, v, &s->title);
	} else if (strcmp(key, "description") == 0) {
		pk_f_str(c, key, v, &s->description);
	} else if (strcmp(key, "author") == 0) {
		pk_f_str(c, key, v, &s->author);
	} else if (strcmp(key, "language") == 0) {
		if (pk_f_str(c, key, v, &s->language) > 0 &&
		    !pk_language_valid(s->language))
			pk_f_error(c, v,
				   "'language' is not a language code "
				   "like en or en-us");
	} else if (strcmp(key, "link") == 0) {
		pk_f_url(c, key, v, &s->link);
	} else if (strcmp(key, "image") == 0) {
		if (pk_f_str(c, key, v, &s->image) > 0)
			pk_f_check_image(c, v, s->dir, s->image,
					 sc->check_files);
	} else if (strcmp(key, "categories") == 0) {
		sc->seen_categories = 1;
		if (!pk_ydoc_is_null(v))
			read_categories(c, s, v);
	} else if (strcmp(key, "explicit") == 0) {
		if (pk_f_bool(c, key, v, &s->explicit_) > 0)
			sc->seen_explicit = 1;
		else
			sc->seen_explicit = -1;
	} else if (strcmp(key, "type") == 0) {
		const char *t = pk_ydoc_scalar(v);

		if (pk_ydoc_is_null(v))
			return;
		if (t && strcmp(t, "episodic") == 0)
			s->serial = 0;
		else if (t && strcmp(t, "serial") == 0)
			s->serial = 1;
		else
			pk_f_error(c, v, "'type' is not episodic or serial");
	} else if (strcmp(key, "owner") == 0) {
		sc->owner_node = v;
		if (!pk_ydoc_is_null(v))
			pk_f_mapping(c, v, "owner", s, owner_pair);
	} else if (strcmp(key, "hosts") == 0) {
		pk_f_persons(c, key, v, "host", &s->hosts, &s->nhosts);
	} else if (strcmp(key, "feed_url") == 0) {
		sc->feed_url_node = v;
		pk_f_url(c, key, v, &s->feed_url);
	} else if (strcmp(key, "media_url") == 0) {
		pk_f_url(c, key, v, &s->media_url);
	} else if (strcmp(key, "prefixes") == 0) {
		size_t i;

		if (pk_f_strlist(c, key, v, &s->prefixes, &s->nprefixes) > 0)
			for (i = 0; i < s->nprefixes; i++)
				if (!pk_f_is_http_url(s->prefixes[i]))
					pk_f_error(c, v,
						   "'prefixes' has '%s', not "
						   "an http(s) URL",
						   s->prefixes[i]);
	} else if (strcmp(key, "podcast_guid") == 0) {
		if (pk_f_str(c, key, v, &s->podcast_guid) > 0 &&
		    !pk_uuid_valid(s->podcast_guid)) {
			pk_f_error(c, v, "'podcast_guid' is not a UUID");
			free(s->podcast_guid);
			s->podcast_guid = NULL;
		}
	} else if (strcmp(key, "locked") == 0) {
		pk_f_bool(c, key, v, &s->locked);
	} else if (strcmp(key, "locked_owner") == 0) {
		pk_f_str(c, key, v, &s->locked_owner);
	} else if (strcmp(key, "funding") == 0) {
		pk_f_links(c, key, v, &s->funding, &s->nfunding);
	} else if (strcmp(key, "license") == 0) {
		pk_f_str(c, key, v, &s->license);
	} else if (strcmp(key, "medium") == 0) {
		size_t i;

		if (pk_f_str(c, key, v, &s->medium) <= 0)
			return;
		for (i = 0; pk_podcast_mediums[i]; i++)
			if (strcmp(pk_podcast_mediums[i], s->medium) == 0)
				return;
		pk_f_error(c, v,
			   "'medium' is not a podcast:medium value "
			   "(podcast, music, video, audiobook, ...)");
	} else if (strcmp(key, "txt") == 0) {
		pk_f_strlist(c, key, v, &s->txt, &s->ntxt);
	} else if (strcmp(key, "new_feed_url") == 0) {
		pk_f_url(c, key, v, &s->new_feed_url);
	} else if (strcmp(key, "complete") == 0) {
		pk_f_bool(c, key, v, &s->complete);
	} else if (strcmp(key, "clips") == 0) {
		pk_f_bool(c, key, v, &s->clips);
	} else if (strcmp(key, "clip_size") == 0) {
		pk_f_str(c, key, v, &s->clip_size);
	} else if (strcmp(key, "block") == 0) {
		pk_f_bool(c, key, v, &s->block);
	} else if (strcmp(key, "copyright") == 0) {
		pk_f_str(c, key, v, &s->copyright);
	} else if (strcmp(key, "footer") == 0) {
		pk_f_str(c, key, v, &s->footer);
	} else if (strcmp(key, "audio") == 0) {
		if (!pk_ydoc_is_null(v))
			pk_f_mapping(c, v, "audio", s, audio_pair);
	} else if (strcmp(key, "publish") == 0) {
		if (!pk_ydoc_is_null(v))
			pk_f_mapping(c, v, "publish", &s->publish,
				     publish_pair);
	} else if (strcmp(key, "subscribe") == 0) {
		read_subscribe(c, s, v);
	} else if (pk_p20_show_key(c, s, key, v)) {
		/* a Podcasting 2.0 tag (p20_fields.c) */
	} else {
		pk_f_warn(c, k, "unknown key '%s'", key);
	}
}

/* media_url when not given: the folder of feed_url. */
static char *folder_of_url(const char *url)
{
	const char *h = strstr(url, "://");
	const char *slash = strrchr(url, '/');

	if (!h || slash < h + 3)
		return strdup(url);
	return strndup(url, (size_t)(slash - url));
}

/* Reads show.yaml into s. Returns the number of errors, or PK_ENOMEM. */
int pk_show_read_yaml(struct pk_show *s, const char *file,
		      const struct pk_show_load_opts *opts, struct pk_diags *d)
{
	struct pk_ydoc y = {0};
	struct pk_fctx c = {d, file, &y, 0, 0};
	struct show_ctx sc = {s, opts->check_audio, 0, 0, 0, NULL, NULL};
	size_t before = d->errors;
	const char *text;
	char *data = NULL, guid[PK_UUID_STR];
	yaml_node_t *root;
	size_t len;
	int r = 0;

	s->audio.target_lufs = NAN;
	s->audio.target_mono = NAN;
	s->audio.true_peak = -1.0;
	s->audio.normalize = 1;
	s->audio.level = 1;
	s->audio.highpass = NAN;
	s->audio.crossfade = NAN;
	s->audio.music_under = NAN;
	r = pk_f_read_text(d, file,
			   "missing: a show folder needs a show.yaml "
			   "('podkit init' creates one)",
			   PK_SHOW_YAML_MAX, &data, &text, &len);
	if (r)
		goto out;
	r = pk_ydoc_load(&y, text, len, 0, file, d);
	if (r)
		goto out;
	root = pk_ydoc_root(&y);
	if (!root) {
		pk_diags_add(d, PK_ERROR, file, 1, "the file is empty");
		goto out;
	}
	if (pk_f_mapping(&c, root, "show.yaml", &sc, show_pair) < 0)
		goto out;

	/* Required keys, reported at the top of the file. */
	if (!s->title && !sc.seen_title)
		pk_f_error(&c, root, "'title' is required");
	if (!s->description)
		pk_f_error(&c, root, "'description' is required");
	if (!s->author)
		pk_f_error(&c, root, "'author' is required");
	if (!s->language)
		pk_f_error(&c, root, "'language' is required (en, en-us...)");
	if (!s->image)
		pk_f_error(&c, root,
			   "'image' is required (at least 1400x1400 "
			   "pixels)");
	if (!sc.seen_categories)
		pk_f_error(&c, root, "'categories' is required");
	if (!sc.seen_explicit)
		pk_f_error(&c, root, "'explicit' is required (true or false)");
	if (!s->owner_email)
		pk_f_error(&c, sc.owner_node ? sc.owner_node : root,
			   "'owner.email' is required");
	if (!s->feed_url && !sc.feed_url_node)
		pk_f_error(&c, root,
			   "'feed_url' is required (the public URL "
			   "of feed.xml)");

	/* Defaults. */
	if (!s->medium)
		s->medium = pk_f_strdup(&c, "podcast");
	if (!s->audio.format)
		s->audio.format = pk_f_strdup(&c, "mp3");
	if (!s->locked_owner && s->owner_email)
		s->locked_owner = pk_f_strdup(&c, s->owner_email);
	if (!s->media_url && s->feed_url) {
		s->media_url = folder_of_url(s->feed_url);
		if (!s->media_url)
			c.oom = 1;
	}
	if (!s->podcast_guid && s->feed_url) {
		if (pk_podcast_guid(s->feed_url, guid) == 0)
			s->podcast_guid = pk_f_strdup(&c, guid);
	}
	if (s->publish.endpoint && s->publish.target &&
	    strncmp(s->publish.target, "s3://", 5) != 0)
		pk_f_warn(&c, root,
			  "'publish.endpoint' is used only with an "
			  "s3:// target");
out:
	pk_ydoc_release(&y);
	free(data);
	if (r == PK_ENOMEM || c.oom)
		return PK_ENOMEM;
	return (int)(d->errors - before);
}
