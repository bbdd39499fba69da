/* show.c: loads a show folder: show.yaml, then every NNN-slug/episode.md,
 * then the checks across episodes (numbers, guids). Also the small
 * accessors of the model. */
#include "podkit/show.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf_int.h"
#include "model/categories_int.h"
#include "podkit/date.h"
#include "podkit/fsio.h"
#include "base/guid_int.h"
#include "model/language_int.h"
#include "base/parallel_int.h"
#include "model/show_fields_int.h"
#include "model/show_int.h"
#include "model/yaml_doc_int.h"

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

static void category_free(struct pk_category *c)
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
	if (s->ncategories == 0 && v->data.sequence.items.top ==
					   v->data.sequence.items.start)
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

static void audio_pair(struct pk_fctx *c, void *obj, const char *key,
		       yaml_node_t *k, yaml_node_t *v)
{
	struct pk_audio_settings *a = obj;
	long l;

	if (strcmp(key, "target") == 0) {
		pk_f_double(c, "audio.target", v, -70, -5, &a->target_lufs);
	} else if (strcmp(key, "true_peak") == 0) {
		pk_f_double(c, "audio.true_peak", v, -9, 0, &a->true_peak);
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

static const char *const media_values[] = {
    "podcast",	  "music",	"video",     "film",	   "audiobook",
    "newsletter", "blog",	"publisher", "course",	   "podcastL",
    "musicL",	  "videoL",	"filmL",     "audiobookL", "newsletterL",
    "blogL",	  "publisherL", "courseL",   "mixed",	   NULL};

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
		for (i = 0; media_values[i]; i++)
			if (strcmp(media_values[i], s->medium) == 0)
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
	} else if (strcmp(key, "block") == 0) {
		pk_f_bool(c, key, v, &s->block);
	} else if (strcmp(key, "copyright") == 0) {
		pk_f_str(c, key, v, &s->copyright);
	} else if (strcmp(key, "footer") == 0) {
		pk_f_str(c, key, v, &s->footer);
	} else if (strcmp(key, "audio") == 0) {
		if (!pk_ydoc_is_null(v))
			pk_f_mapping(c, v, "audio", &s->audio, audio_pair);
	} else if (strcmp(key, "publish") == 0) {
		if (!pk_ydoc_is_null(v))
			pk_f_mapping(c, v, "publish", &s->publish,
				     publish_pair);
	} else if (strcmp(key, "subscribe") == 0) {
		read_subscribe(c, s, v);
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
static int load_show_yaml(struct pk_show *s, const char *file,
			  const struct pk_show_load_opts *opts,
			  struct pk_diags *d)
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
	s->audio.true_peak = -1.0;
	s->audio.normalize = 1;
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

/* "NNN-slug": three or more digits, a dash, then lowercase letters,
 * digits and dashes. *num gets NNN. */
static int folder_name_ok(const char *name, int *num)
{
	const char *p = name;
	long n = 0;
	int nd = 0;

	while (isdigit((unsigned char)*p)) {
		if (n < 100000000)
			n = n * 10 + (*p - '0');
		p++;
		nd++;
	}
	if (nd < 3 || nd > 6 || *p++ != '-' || !*p)
		return 0;
	for (; *p; p++)
		if (!(islower((unsigned char)*p) ||
		      isdigit((unsigned char)*p) || *p == '-' || *p == '_' ||
		      *p == '.'))
			return 0;
	*num = (int)n;
	return 1;
}

static int cmp_episode(const void *a, const void *b)
{
	const struct pk_episode *x = a, *y = b;

	if (x->folder_number != y->folder_number)
		return x->folder_number < y->folder_number ? -1 : 1;
	return strcmp(x->slug, y->slug);
}

/* A candidate episode folder found by scan_folders. */
struct folder {
	char *name;
	int maybe_link; /* a link, or of a type readdir did not say */
};

static int cmp_folder(const void *a, const void *b)
{
	return strcmp(((const struct folder *)a)->name,
		      ((const struct folder *)b)->name);
}

static void folders_free(struct folder *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].name);
	free(v);
}

/* Reports a folder whose name is not NNN-slug when it holds an episode.md
 * (any other folder is the user's business). Returns 0 or PK_ENOMEM. */
static int report_misnamed(const char *path, const char *name,
			   struct pk_diags *d)
{
	char *md = pk_path_join(path, "episode.md");

	if (!md)
		return PK_ENOMEM;
	if (pk_is_file(md))
		pk_diags_add(d, PK_ERROR, md, 0,
			     "folder name '%s' is not NNN-slug "
			     "(like 001-first-episode)",
			     name);
	free(md);
	return 0;
}

/* The episode folders of dir, sorted: names matching NNN-slug, and other
 * folders that hold an episode.md (reported). The type readdir gives
 * saves a stat per folder; links and unknown types are stat'ed. */
static int scan_folders(const char *dir, struct folder **out, size_t *n,
			struct pk_diags *d, struct pk_error *err)
{
	struct folder *v = NULL;
	struct dirent *e;
	size_t cnt = 0, cap = 0;
	DIR *dp;
	int r = 0;

	*out = NULL;
	*n = 0;
	dp = opendir(dir);
	if (!dp)
		return pk_error_errno(err, PK_EIO, "%s", dir);
	while ((e = readdir(dp))) {
		char *path = NULL;
		int num, isdir, maybe_link = 0;

		if (e->d_name[0] == '.')
			continue;
		if (e->d_type == DT_DIR) {
			isdir = 1;
		} else if (e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) {
			path = pk_path_join(dir, e->d_name);
			if (!path) {
				r = PK_ENOMEM;
				goto out;
			}
			isdir = pk_is_dir(path);
			maybe_link = 1;
		} else {
			continue;
		}
		if (!isdir) {
			free(path);
			continue;
		}
		if (!folder_name_ok(e->d_name, &num)) {
			if (!path)
				path = pk_path_join(dir, e->d_name);
			r = path ? report_misnamed(path, e->d_name, d)
				 : PK_ENOMEM;
			free(path);
			if (r)
				goto out;
			continue;
		}
		free(path);
		if (cnt == cap) {
			struct folder *nv;

			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				r = PK_ENOMEM;
				goto out;
			}
			v = nv;
		}
		v[cnt].name = strdup(e->d_name);
		v[cnt].maybe_link = maybe_link;
		if (!v[cnt].name) {
			r = PK_ENOMEM;
			goto out;
		}
		cnt++;
	}
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_folder);
	*out = v;
	*n = cnt;
	v = NULL;
	cnt = 0;
out:
	closedir(dp);
	folders_free(v, cnt);
	if (r == PK_ENOMEM)
		pk_error_set(err, r, "%s: out of memory", dir);
	return r;
}

/* Is the folder a link that leads out of the show? Only links can: a
 * real folder inside the show stays inside it. */
static int folder_escapes(const char *dir, const char *path)
{
	char *rd, *rp;
	struct stat st;
	int out = 1;

	if (lstat(path, &st) == 0 && !S_ISLNK(st.st_mode))
		return 0;
	rd = realpath(dir, NULL);
	rp = realpath(path, NULL);
	if (rd && rp) {
		size_t n = strlen(rd);

		out = strncmp(rp, rd, n) != 0 || rp[n] != '/';
	}
	free(rd);
	free(rp);
	return out;
}

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
static long mark_duplicates(struct pk_show *s, char *bad, struct pk_diags *d)
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

/* Episodes are read on every core once a show is this big; below it,
 * starting threads costs more than it saves. */
#define PARALLEL_MIN_EPISODES 64

/* Reading the episode folders, one job per folder. */
struct load_job {
	const struct pk_show *s;
	const struct pk_show_load_opts *opts;
	const struct folder *folders;
	struct pk_episode *eps; /* one per folder, in folder order */
	struct pk_diags *diags; /* one per folder */
	int *result;		/* LOADED, LEFT_OUT or PK_ENOMEM */
};

enum { LOADED = 0, LEFT_OUT = 1 };

static void load_one(void *arg, size_t i)
{
	struct load_job *j = arg;
	struct pk_episode *e = &j->eps[i];
	struct pk_diags *d = &j->diags[i];
	const char *dir = j->s->dir;
	int n;

	folder_name_ok(j->folders[i].name, &e->folder_number);
	e->slug = strdup(j->folders[i].name);
	e->dir = e->slug ? pk_path_join(dir, e->slug) : NULL;
	e->file = e->dir ? pk_path_join(e->dir, "episode.md") : NULL;
	if (!e->file) {
		j->result[i] = PK_ENOMEM;
		return;
	}
	if (j->folders[i].maybe_link && folder_escapes(dir, e->dir)) {
		pk_diags_add(d, PK_ERROR, e->file, 0,
			     "folder '%s' is a link that leaves the show "
			     "folder",
			     e->slug);
		j->result[i] = LEFT_OUT;
		return;
	}
	n = pk_episode_load(j->s, e, j->opts, j->s->now, d);
	j->result[i] = n == PK_ENOMEM ? PK_ENOMEM : n > 0 ? LEFT_OUT : LOADED;
}

/* Loads every folder's episode.md into s->episodes (those with errors
 * left out and counted), the problems going to diags in folder order
 * whatever order the threads ran in. Returns 0 or PK_ENOMEM. */
static int load_episodes(struct pk_show *s, const struct folder *folders,
			 size_t n, const struct pk_show_load_opts *opts,
			 struct pk_diags *diags)
{
	struct load_job j;
	size_t i, k;
	int r = 0;

	j.s = s;
	j.opts = opts;
	j.folders = folders;
	j.eps = s->episodes;
	j.diags = calloc(n ? n : 1, sizeof(*j.diags));
	j.result = calloc(n ? n : 1, sizeof(*j.result));
	if (!j.diags || !j.result) {
		free(j.diags);
		free(j.result);
		return PK_ENOMEM;
	}
	for (i = 0; i < n; i++)
		pk_diags_init(&j.diags[i]);
	pk_parallel_for(n, n < PARALLEL_MIN_EPISODES ? 1 : opts->jobs, load_one,
			&j);
	for (i = 0, k = 0; i < n; i++) {
		pk_diags_move(diags, &j.diags[i]);
		if (j.result[i] == PK_ENOMEM)
			r = PK_ENOMEM;
		if (j.result[i] != LOADED || r) {
			pk_episode_release(&s->episodes[i]);
			s->nleft_out += j.result[i] == LEFT_OUT;
			continue;
		}
		if (k != i) {
			s->episodes[k] = s->episodes[i];
			memset(&s->episodes[i], 0, sizeof(s->episodes[i]));
		}
		k++;
	}
	s->nepisodes = k;
	free(j.diags);
	free(j.result);
	return r;
}

int pk_show_load(const char *dir, const struct pk_show_load_opts *opts,
		 struct pk_show **out, struct pk_diags *diags,
		 struct pk_error *err)
{
	struct pk_show_load_opts defaults = {0, 0, 0};
	struct pk_show *s = NULL;
	struct folder *folders = NULL;
	char *bad = NULL;
	size_t nfolders = 0, i, k, before = diags->errors;
	int show_errors, r = 0;
	long nbad;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!pk_is_dir(dir))
		return pk_error_set(err, PK_ENOENT,
				    "%s: no such show folder ('podkit init "
				    "%s' creates one)",
				    dir, dir);
	s = calloc(1, sizeof(*s));
	if (!s)
		goto oom;
	s->dir = strdup(dir);
	s->file = pk_path_join(dir, "show.yaml");
	if (!s->dir || !s->file)
		goto oom;
	s->now = opts->now ? opts->now : pk_now();

	show_errors = load_show_yaml(s, s->file, opts, diags);
	if (show_errors == PK_ENOMEM)
		goto oom;

	r = scan_folders(dir, &folders, &nfolders, diags, err);
	if (r)
		goto fail;
	s->episodes = calloc(nfolders ? nfolders : 1, sizeof(*s->episodes));
	bad = calloc(nfolders ? nfolders : 1, 1);
	if (!s->episodes || !bad)
		goto oom;
	if (load_episodes(s, folders, nfolders, opts, diags) != 0)
		goto oom;
	/* Folders sorted by name are nearly always in number order already
	 * (NNN- pads them): a pass that checks saves moving 10,000 structs. */
	for (i = 1; i < s->nepisodes; i++)
		if (cmp_episode(&s->episodes[i - 1], &s->episodes[i]) > 0)
			break;
	if (i < s->nepisodes)
		qsort(s->episodes, s->nepisodes, sizeof(*s->episodes),
		      cmp_episode);
	nbad = mark_duplicates(s, bad, diags);
	if (nbad == PK_ENOMEM)
		goto oom;
	if (nbad > 0) {
		for (i = 0, k = 0; i < s->nepisodes; i++) {
			if (bad[i])
				pk_episode_release(&s->episodes[i]);
			else
				s->episodes[k++] = s->episodes[i];
		}
		s->nleft_out += s->nepisodes - k;
		s->nepisodes = k;
	}
	free(bad);
	folders_free(folders, nfolders);
	if (show_errors > 0) {
		pk_show_free(s);
		return PK_EINVAL;
	}
	*out = s;
	return diags->errors > before ? PK_EINVAL : 0;
oom:
	r = pk_error_set(err, PK_ENOMEM, "%s: out of memory", dir);
fail:
	free(bad);
	folders_free(folders, nfolders);
	pk_show_free(s);
	return r;
}

static void persons_free(struct pk_person *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pk_f_person_release(&p[i]);
	free(p);
}

void pk_episode_release(struct pk_episode *e)
{
	size_t i;

	free(e->dir);
	free(e->slug);
	free(e->file);
	free(e->title);
	free(e->guid);
	free(e->summary);
	free(e->audio);
	free(e->audio_mime);
	for (i = 0; i < e->ntracks; i++) {
		free(e->tracks[i].file);
		free(e->tracks[i].name);
	}
	free(e->tracks);
	free(e->image);
	persons_free(e->hosts, e->nhosts);
	persons_free(e->guests, e->nguests);
	for (i = 0; i < e->nchapters; i++) {
		free(e->chapters[i].title);
		free(e->chapters[i].url);
		free(e->chapters[i].img);
	}
	free(e->chapters);
	free(e->transcript);
	pk_f_links_free(e->links, e->nlinks);
	pk_f_strv_free(e->keywords, e->nkeywords);
	free(e->notes_md);
	pk_media_release(&e->media);
	memset(e, 0, sizeof(*e));
}

static void release_one(void *arg, size_t i)
{
	pk_episode_release(&((struct pk_episode *)arg)[i]);
}

void pk_show_free(struct pk_show *s)
{
	size_t i;

	if (!s)
		return;
	free(s->dir);
	free(s->file);
	free(s->title);
	free(s->description);
	free(s->author);
	free(s->language);
	free(s->link);
	free(s->image);
	for (i = 0; i < s->ncategories; i++)
		category_free(&s->categories[i]);
	free(s->categories);
	free(s->owner_name);
	free(s->owner_email);
	persons_free(s->hosts, s->nhosts);
	free(s->feed_url);
	free(s->media_url);
	free(s->podcast_guid);
	free(s->locked_owner);
	pk_f_links_free(s->funding, s->nfunding);
	free(s->license);
	free(s->medium);
	pk_f_strv_free(s->txt, s->ntxt);
	free(s->new_feed_url);
	free(s->footer);
	free(s->copyright);
	free(s->audio.format);
	free(s->publish.target);
	free(s->publish.endpoint);
	free(s->publish.region);
	free(s->publish.acl);
	free(s->publish.host_key_sha256);
	pk_f_strv_free(s->publish.websub_hubs, s->publish.nwebsub_hubs);
	for (i = 0; i < s->nsubscribe; i++) {
		free(s->subscribe[i].name);
		free(s->subscribe[i].url);
	}
	free(s->subscribe);
	/* Each episode is dozens of blocks: a big show is freed on every
	 * core, as it was read. */
	pk_parallel_for(s->nepisodes,
			s->nepisodes < PARALLEL_MIN_EPISODES ? 1 : 0,
			release_one, s->episodes);
	free(s->episodes);
	free(s);
}

/* 1 when a and b name the same folder, trailing slashes aside. */
static int same_path(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	while (na > 1 && a[na - 1] == '/')
		na--;
	while (nb > 1 && b[nb - 1] == '/')
		nb--;
	return na == nb && strncmp(a, b, na) == 0;
}

struct pk_episode *pk_show_find_episode(struct pk_show *s, const char *which)
{
	const char *base;
	size_t i;
	char *end;
	long n;

	if (!s || !which || !*which)
		return NULL;
	for (i = 0; i < s->nepisodes; i++) {
		struct pk_episode *e = &s->episodes[i];

		if (same_path(e->dir, which) || strcmp(e->slug, which) == 0 ||
		    strcmp(e->file, which) == 0)
			return e;
	}
	/* A path to the folder given another way ("./episodes/001-x/"). */
	base = which;
	{
		size_t len = strlen(which);
		const char *p;

		while (len > 1 && which[len - 1] == '/')
			len--;
		for (p = which + len; p > which && p[-1] != '/'; p--)
			;
		base = p;
		for (i = 0; i < s->nepisodes; i++) {
			struct pk_episode *e = &s->episodes[i];
			size_t sl = strlen(e->slug);

			if (base != which &&
			    sl == (size_t)(which + len - base) &&
			    strncmp(e->slug, base, sl) == 0)
				return e;
		}
	}
	if (!isdigit((unsigned char)*which))
		return NULL;
	n = strtol(which, &end, 10);
	if (*end)
		return NULL;
	for (i = 0; i < s->nepisodes; i++)
		if (s->episodes[i].folder_number == n)
			return &s->episodes[i];
	return NULL;
}

int pk_episode_explicit(const struct pk_show *s, const struct pk_episode *e)
{
	return e->explicit_ >= 0 ? e->explicit_ : s->explicit_;
}

const struct pk_person *pk_episode_hosts(const struct pk_show *s,
					 const struct pk_episode *e, size_t *n)
{
	if (e->nhosts) {
		*n = e->nhosts;
		return e->hosts;
	}
	*n = s->nhosts;
	return s->hosts;
}

int pk_media_set_path(const struct pk_show *s, struct pk_media *m,
		      const char *path, struct pk_error *err)
{
	static const char hex[] = "0123456789ABCDEF";
	struct pk_buf b;
	const char *base = s->media_url ? s->media_url : "";
	size_t n = strlen(base);
	const unsigned char *p;
	char *np;

	pk_buf_init(&b);
	while (n > 0 && base[n - 1] == '/')
		n--;
	pk_buf_append(&b, base, n);
	pk_buf_putc(&b, '/');
	p = (const unsigned char *)path;
	while (*p == '/')
		p++;
	/* Percent-encode what cannot stand in a URL path. */
	for (; *p; p++) {
		if (isalnum(*p) || strchr("-._~/!$&'()*+,;=:@%", *p)) {
			pk_buf_putc(&b, (char)*p);
		} else {
			pk_buf_putc(&b, '%');
			pk_buf_putc(&b, hex[*p >> 4]);
			pk_buf_putc(&b, hex[*p & 15]);
		}
	}
	np = strdup(path);
	if (!np || pk_buf_ok(&b)) {
		free(np);
		pk_buf_release(&b);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	free(m->path);
	free(m->url);
	m->path = np;
	m->url = pk_buf_detach(&b);
	if (!m->url)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	return 0;
}

void pk_media_release(struct pk_media *m)
{
	free(m->path);
	free(m->url);
	free(m->mime);
	memset(m, 0, sizeof(*m));
}
