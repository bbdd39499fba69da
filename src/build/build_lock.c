/* build_lock.c: one build at a time per output folder: OUT/.podkit-lock,
 * held with flock(2) for the whole build; a second build names the
 * process that holds it. */
#include "build/build_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "podkit/fsio.h"

#define LOCK_FILE ".podkit-lock"

/* The process that holds the flock on the file fd is open on, from
 * Linux's /proc/locks ("1: FLOCK ADVISORY WRITE PID MAJ:MIN:INODE ..."):
 * the file itself is never written, so a build changes nothing in the
 * folder by locking it. 0 when it cannot be told. */
static long holder(int fd)
{
	struct stat st;
	char line[256], kind[16], dev[64];
	unsigned long long ino;
	long pid, found = 0;
	FILE *fp;

	if (fstat(fd, &st) != 0 || !(fp = fopen("/proc/locks", "r")))
		return 0;
	while (!found && fgets(line, sizeof(line), fp))
		if (sscanf(line, "%*s %15s %*s %*s %ld %63s", kind, &pid,
			   dev) == 3 &&
		    strcmp(kind, "FLOCK") == 0 && strrchr(dev, ':') &&
		    sscanf(strrchr(dev, ':') + 1, "%llu", &ino) == 1 &&
		    ino == (unsigned long long)st.st_ino)
			found = pid;
	fclose(fp);
	return found;
}

int pk_build_lock(const char *out_dir, int *fd, struct pk_error *err)
{
	char *path = pk_path_join(out_dir, LOCK_FILE);
	long pid;
	int r = 0;

	*fd = -1;
	if (!path)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	*fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		r = pk_error_errno(err, PK_EIO, "%s: cannot open", path);
		goto out;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK) {
			r = pk_error_errno(err, PK_EIO, "%s: cannot lock", path);
		} else if ((pid = holder(*fd)) > 0) {
			r = pk_error_set(err, PK_EIO,
					 "%s is being built by another podkit "
					 "(pid %ld holds %s); wait for it to "
					 "finish",
					 out_dir, pid, path);
		} else {
			r = pk_error_set(err, PK_EIO,
					 "%s is being built by another podkit "
					 "(it holds %s); wait for it to finish",
					 out_dir, path);
		}
		close(*fd);
		*fd = -1;
	}
out:
	free(path);
	return r;
}

void pk_build_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}
