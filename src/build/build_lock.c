/* build_lock.c: one build at a time per output folder: OUT/.podkit-lock,
 * held with flock(2) for the whole build, names who holds it. */
#include "build/build_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "podkit/date.h"
#include "podkit/fsio.h"

#define LOCK_FILE ".podkit-lock"

int pk_build_lock(const char *out_dir, int *fd, struct pk_error *err)
{
	char *path = pk_path_join(out_dir, LOCK_FILE);
	char who[256], when[64];
	ssize_t n;
	int r = 0;

	*fd = -1;
	if (!path)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		r = pk_error_errno(err, PK_EIO, "%s: cannot open", path);
		goto out;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK) {
			r = pk_error_errno(err, PK_EIO, "%s: cannot lock",
					   path);
		} else {
			n = pread(*fd, who, sizeof(who) - 1, 0);
			who[n > 0 ? n : 0] = '\0';
			who[strcspn(who, "\n")] = '\0';
			r = pk_error_set(err, PK_EIO,
					 "%s is being built by another podkit "
					 "(%s); wait for it to finish",
					 out_dir, who[0] ? who : "unknown");
		}
		close(*fd);
		*fd = -1;
		goto out;
	}
	/* Who holds it, for the next one to say (a failure here only makes
	 * that message poorer). */
	pk_date_format_rfc2822(time(NULL), 0, when, sizeof(when));
	n = snprintf(who, sizeof(who), "pid %ld, since %s\n", (long)getpid(),
		     when);
	if (ftruncate(*fd, 0) == 0)
		n = pwrite(*fd, who, (size_t)n, 0);
	(void)n;
out:
	free(path);
	return r;
}

void pk_build_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}
