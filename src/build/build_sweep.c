/* build_sweep.c: after the feed, the outputs no episode in it uses any
 * more are removed from the output folder: encodes made with old settings
 * or from an old recording, and the pages, chapters, transcripts and
 * images of episodes that left the feed or are scheduled. Never a file
 * the feed names (kept items included); `publish --delete` then removes
 * them from the target. */
#include "build/build_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/state_int.h"
#include "podkit/fsio.h"
#include "podkit/transcript.h"
#include "base/url_int.h"
#include "model/layout_int.h"

/* The folders the build writes per episode (video/ is not the build's). */
static const char *const swept[] = {"audio",	   "episodes", "chapters",
				    "transcripts", "images",   NULL};

struct keep {
	char **v;
	size_t n, cap;
	int oom;
};

static void keep_add(struct keep *k, const char *rel)
{
	char **v;

	if (!rel || !*rel || k->oom)
		return;
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		v = realloc(k->v, k->cap * sizeof(*v));
		if (!v) {
			k->oom = 1;
			return;
		}
		k->v = v;
	}
	if (!(k->v[k->n] = strdup(rel)))
		k->oom = 1;
	else
		k->n++;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int kept(const struct keep *k, const char *rel)
{
	if (!k->n)
		return 0;
	return bsearch(&rel, k->v, k->n, sizeof(*k->v), cmp_str) != NULL;
}

/* An image published for ep (or the show, ep NULL) and its small copy. */
static void keep_image(struct keep *k, const struct pk_episode *ep,
		       const char *image)
{
	char rel[1024], small[1100];

	if (!pk_layout_image_path(ep, image, rel, sizeof(rel)))
		return;
	keep_add(k, rel);
	keep_add(k, pk_layout_small_image_path(rel, small, sizeof(small)));
}

/* Everything an episode in the feed has in the output folder. */
static void keep_episode(struct pk_build *b, const struct pk_build_episode *be,
			 struct keep *k)
{
	const struct pk_episode *ep = be->ep;
	char rel[1024], rec[1100];
	char *media = NULL, *dot;
	size_t i;

	pk_layout_page_path(ep, rel, sizeof(rel));
	keep_add(k, rel);
	snprintf(rel, sizeof(rel), "chapters/%s.json", ep->slug);
	keep_add(k, rel);
	for (i = 0; i < 3; i++) {
		snprintf(rel, sizeof(rel), "transcripts/%s%s", ep->slug,
			 pk_transcript_outputs[i].ext);
		keep_add(k, rel);
	}
	keep_image(k, ep, ep->image);
	/* a kept item names the audio of its last good build */
	if (be->kept_xml && b->state) {
		snprintf(rec, sizeof(rec), "item:%s", ep->slug);
		media = pk_state_field_dup(b->state, rec, "media");
	}
	dot = media ? media : ep->media.path;
	keep_add(k, dot);
	/* the other formats (podcast:alternateEnclosure) */
	for (i = 0; i < ep->media.nalts; i++)
		keep_add(k, ep->media.alts[i].path);
	/* a kept item's other formats are not on record: every encode of
	 * the episode stays while it is kept (named "FOLDER-HASH.ext" or,
	 * for tracks, "SLUG-HASH.ext") */
	if (be->kept_xml) {
		const char *folder = strrchr(ep->dir ? ep->dir : "", '/');

		snprintf(rel, sizeof(rel), "audio/%s-", ep->slug);
		keep_add(&k[1], rel);
		if (folder && folder[1]) {
			snprintf(rel, sizeof(rel), "audio/%s-", folder + 1);
			keep_add(&k[1], rel);
		}
	}
	/* the audio's time map beside it */
	if (dot && strncmp(dot, "audio/", 6) == 0 && !strchr(dot + 6, '/')) {
		snprintf(rel, sizeof(rel), "audio/.%s.timemap", dot + 6);
		keep_add(k, rel);
	}
	free(media);
	/* a stand-in does not know its image's name: all of its images */
	if (be->placeholder) {
		snprintf(rel, sizeof(rel), "images/%s-", ep->slug);
		keep_add(&k[1], rel);
	}
}

/* 1 when rel starts with one of the prefixes. */
static int kept_prefix(const struct keep *p, const char *rel)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strncmp(rel, p->v[i], strlen(p->v[i])) == 0)
			return 1;
	return 0;
}

int pk_build_sweep(struct pk_build *b, size_t *removed, struct pk_error *err)
{
	struct keep k[2]; /* files, and prefixes of files */
	char rel[1200], what[1300];
	size_t i;
	int r = 0;

	*removed = 0;
	memset(k, 0, sizeof(k));
	keep_image(k, NULL, b->show->image);
	for (i = 0; i < b->neps; i++)
		if (pk_build_in_feed(&b->eps[i]))
			keep_episode(b, &b->eps[i], k);
	if (k[0].oom || k[1].oom) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (k[0].n)
		qsort(k[0].v, k[0].n, sizeof(*k[0].v), cmp_str);
	for (i = 0; swept[i] && !r; i++) {
		char *dir = pk_build_out_path(b, swept[i]);
		struct dirent *de;
		DIR *d = dir ? opendir(dir) : NULL;

		if (!dir)
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
		while (d && (de = readdir(d)) != NULL) {
			struct stat st;
			char *path;

			/* dot files are podkit's own (a time map is swept
			 * with its audio), temporaries are another pass's */
			if ((de->d_name[0] == '.' &&
			     !strstr(de->d_name, ".timemap")) ||
			    pk_is_temp_name(de->d_name))
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", swept[i],
				 de->d_name);
			if (kept(&k[0], rel) || kept_prefix(&k[1], rel))
				continue;
			path = pk_build_out_path(b, rel);
			if (!path) {
				r = pk_error_set(err, PK_ENOMEM,
						 "out of memory");
				break;
			}
			if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (b->opts->dry_run) {
					snprintf(what, sizeof(what),
						 "remove %s", rel);
					pk_build_plan(b, what,
						      "no episode in the feed "
						      "uses it");
				} else if (unlink(path) == 0) {
					(*removed)++;
				} else if (errno != ENOENT) {
					r = pk_error_errno(err, PK_EIO,
							   "%s: cannot remove",
							   path);
				}
			}
			free(path);
		}
		if (d)
			closedir(d);
		free(dir);
	}
out:
	for (i = 0; i < k[0].n; i++)
		free(k[0].v[i]);
	for (i = 0; i < k[1].n; i++)
		free(k[1].v[i]);
	free(k[0].v);
	free(k[1].v);
	return r;
}
