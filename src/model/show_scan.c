/* show_scan.c: finds a show's episode folders (NNN-slug, and misnamed
 * ones that hold an episode.md) and tells links that lead out of it. */
#include "model/show_int.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "podkit/fsio.h"

/* "NNN-slug": three to six digits, a dash, then lowercase letters,
 * digits, dashes and underscores (no dots: the slug names the episode's
 * page and files, where a dot would start an extension). *num gets NNN. */
int pk_show_folder_name_ok(const char *name, int *num)
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
		      isdigit((unsigned char)*p) || *p == '-' || *p == '_'))
			return 0;
	*num = (int)n;
	return 1;
}

static int cmp_folder(const void *a, const void *b)
{
	return strcmp(((const struct pk_show_folder *)a)->name,
		      ((const struct pk_show_folder *)b)->name);
}

void pk_show_folders_free(struct pk_show_folder *v, size_t n)
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
int pk_show_scan_folders(const char *dir, struct pk_show_folder **out,
			 size_t *n, struct pk_diags *d, struct pk_error *err)
{
	struct pk_show_folder *v = NULL;
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
		if (!pk_show_folder_name_ok(e->d_name, &num)) {
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
			struct pk_show_folder *nv;

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
	pk_show_folders_free(v, cnt);
	if (r == PK_ENOMEM)
		pk_error_set(err, r, "%s: out of memory", dir);
	return r;
}

/* Is the folder a link that leads out of the show? Only links can: a
 * real folder inside the show stays inside it. */
int pk_show_folder_escapes(const char *dir, const char *path)
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
