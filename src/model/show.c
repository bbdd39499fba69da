/* show.c: loads a show folder: show.yaml (show_yaml.c), the episode
 * folders (show_scan.c) and every NNN-slug/episode.md on worker threads,
 * then the checks across episodes (show_checks.c). Also freeing the model
 * and its small accessors. */
#include "podkit/show.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/date.h"
#include "podkit/fsio.h"
#include "base/parallel_int.h"
#include "model/show_fields_int.h"
#include "model/show_int.h"
#include "model/soundbites_int.h"
#include "model/p20_int.h"
#include "base/timemap_int.h"

static int cmp_episode(const void *a, const void *b)
{
	const struct pk_episode *x = a, *y = b;

	if (x->folder_number != y->folder_number)
		return x->folder_number < y->folder_number ? -1 : 1;
	return strcmp(x->slug, y->slug);
}

/* Remembers the folder name of an episode left out for its errors (the
 * build keeps its last good item). 0 or PK_ENOMEM. */
static int keep_left_out(struct pk_show *s, const char *slug)
{
	char **v = realloc(s->left_out, (s->nleft_out + 1) * sizeof(*v));

	if (!v)
		return PK_ENOMEM;
	s->left_out = v;
	if (!(v[s->nleft_out] = strdup(slug ? slug : "")))
		return PK_ENOMEM;
	s->nleft_out++;
	return 0;
}

/* Episodes are read on every core once a show is this big; below it,
 * starting threads costs more than it saves. */
#define PARALLEL_MIN_EPISODES 64

/* Reading the episode folders, one job per folder. */
struct load_job {
	const struct pk_show *s;
	const struct pk_show_load_opts *opts;
	const struct pk_show_folder *folders;
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

	pk_show_folder_name_ok(j->folders[i].name, &e->folder_number);
	e->slug = strdup(j->folders[i].name);
	e->dir = e->slug ? pk_path_join(dir, e->slug) : NULL;
	e->file = e->dir ? pk_path_join(e->dir, "episode.md") : NULL;
	if (!e->file) {
		j->result[i] = PK_ENOMEM;
		return;
	}
	if (j->folders[i].maybe_link && pk_show_folder_escapes(dir, e->dir)) {
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
static int load_episodes(struct pk_show *s,
			 const struct pk_show_folder *folders, size_t n,
			 const struct pk_show_load_opts *opts,
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
			if (j.result[i] == LEFT_OUT && !r &&
			    keep_left_out(s, s->episodes[i].slug) < 0)
				r = PK_ENOMEM;
			pk_episode_release(&s->episodes[i]);
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
	struct pk_show_load_opts defaults = {0};
	struct pk_show *s = NULL;
	struct pk_show_folder *folders = NULL;
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

	show_errors = pk_show_read_yaml(s, s->file, opts, diags);
	if (show_errors == PK_ENOMEM)
		goto oom;

	i = diags->errors;
	r = pk_show_scan_folders(dir, &folders, &nfolders, diags, err);
	if (r)
		goto fail;
	/* its errors are misnamed episode folders, each one left out (with
	 * no name: no feed item was ever built from a misnamed folder) */
	for (k = i; k < diags->errors; k++)
		if (keep_left_out(s, "") < 0)
			goto oom;
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
	nbad = pk_show_mark_duplicates(s, bad, opts, diags);
	if (nbad == PK_ENOMEM)
		goto oom;
	if (nbad > 0) {
		for (i = 0, k = 0; i < s->nepisodes; i++) {
			if (bad[i]) {
				if (keep_left_out(s, s->episodes[i].slug) < 0)
					goto oom;
				pk_episode_release(&s->episodes[i]);
			} else
				s->episodes[k++] = s->episodes[i];
		}
		s->nepisodes = k;
	}
	free(bad);
	pk_show_folders_free(folders, nfolders);
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
	pk_show_folders_free(folders, nfolders);
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
	pk_soundbites_free(e);
	pk_p20_free(&e->p20);
	free(e->transcript);
	pk_f_links_free(e->links, e->nlinks);
	pk_f_strv_free(e->keywords, e->nkeywords);
	free(e->notes_md);
	pk_f_music_release(&e->intro);
	pk_f_music_release(&e->outro);
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
		pk_show_category_free(&s->categories[i]);
	free(s->categories);
	free(s->owner_name);
	free(s->owner_email);
	persons_free(s->hosts, s->nhosts);
	free(s->feed_url);
	free(s->media_url);
	pk_f_strv_free(s->prefixes, s->nprefixes);
	free(s->podcast_guid);
	free(s->locked_owner);
	pk_f_links_free(s->funding, s->nfunding);
	free(s->license);
	free(s->medium);
	pk_f_strv_free(s->txt, s->ntxt);
	free(s->new_feed_url);
	free(s->footer);
	free(s->copyright);
	free(s->clip_size);
	free(s->audio.format);
	pk_f_strv_free(s->audio.formats, s->audio.nformats);
	pk_f_music_release(&s->audio.intro);
	pk_f_music_release(&s->audio.outro);
	pk_f_music_release(&s->audio.bed);
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
	pk_p20_show_free(s);
	/* Each episode is dozens of blocks: a big show is freed on every
	 * core, as it was read. */
	pk_parallel_for(s->nepisodes,
			s->nepisodes < PARALLEL_MIN_EPISODES ? 1 : 0,
			release_one, s->episodes);
	free(s->episodes);
	for (i = 0; i < s->nleft_out; i++)
		free(s->left_out[i]);
	free(s->left_out);
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

void pk_media_release(struct pk_media *m)
{
	size_t i;

	for (i = 0; i < m->nalts; i++) {
		free(m->alts[i].path);
		free(m->alts[i].url);
		free(m->alts[i].mime);
		free(m->alts[i].codecs);
		free(m->alts[i].integrity);
	}
	free(m->alts);
	if (m->timemap)
		pk_timemap_release(m->timemap);
	free(m->timemap);
	free(m->path);
	free(m->url);
	free(m->mime);
	memset(m, 0, sizeof(*m));
}
