/* fsio_temps.c: podkit's temporary files, recognised by name, and the
 * sweep that removes the ones a killed run left behind. */
#include "podkit/fsio.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "NAME<mark>XXXXXX": mark followed by exactly six more characters. */
static int ends_with_mark6(const char *name, const char *mark)
{
	size_t n = strlen(name), m = strlen(mark);

	return n > m + 6 && memcmp(name + n - 6 - m, mark, m) == 0;
}

int pk_is_temp_name(const char *name)
{
	return ends_with_mark6(name, ".tmp.") ||   /* pk_atomic_open */
	       ends_with_mark6(name, ".tmp-") ||   /* the audio encoder */
	       strstr(name, ".podkit-tmp") != NULL; /* the tagger */
}

/* Removes the temporaries directly in dir (no recursion, no links). */
static int sweep(const char *dir, size_t *removed, struct pk_error *err)
{
	DIR *d;
	struct dirent *de;
	int r = 0;

	d = opendir(dir);
	if (!d)
		return errno == ENOENT || errno == ENOTDIR
			       ? 0
			       : pk_error_errno(err, PK_EIO, "%s", dir);
	while (!r && (de = readdir(d))) {
		struct stat st;
		char *path;

		if (!pk_is_temp_name(de->d_name))
			continue;
		path = pk_path_join(dir, de->d_name);
		if (!path) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			break;
		}
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (unlink(path) == 0)
				(*removed)++;
			else if (errno != ENOENT)
				r = pk_error_errno(err, PK_EIO, "%s", path);
		}
		free(path);
	}
	closedir(d);
	return r;
}

int pk_remove_stale_temps(const char *dir, size_t *removed,
			  struct pk_error *err)
{
	/* Only where podkit writes: an output folder given by mistake
	 * (a home folder) is not combed through. */
	static const char *const sub[] = {"audio", "images", "episodes",
					  "transcripts", "chapters", "video"};
	size_t n = 0, i;
	int r = sweep(dir, &n, err);

	for (i = 0; !r && i < sizeof(sub) / sizeof(sub[0]); i++) {
		char *p = pk_path_join(dir, sub[i]);

		r = p ? sweep(p, &n, err)
		      : pk_error_set(err, PK_ENOMEM, "out of memory");
		free(p);
	}
	if (removed)
		*removed = n;
	return r;
}
