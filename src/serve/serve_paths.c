/* serve_paths.c: the server's files by identity, and URL paths opened
 * beneath the root without leaving it. */
#include "serve/serve_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/openat2.h>
#include <sys/syscall.h>

int pk_srv_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int pk_srv_same_id(const struct file_id *a, const struct file_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_ns == b->mtime_ns;
}

void pk_srv_id_of(const struct stat *st, struct file_id *id)
{
	memset(id, 0, sizeof(*id));
	id->dev = st->st_dev;
	id->ino = st->st_ino;
	id->size = st->st_size;
	id->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 +
		       st->st_mtim.tv_nsec;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int control(int c)
{
	return c < 0x20 || c == 0x7f;
}

/* MHD hands the handler the decoded path as a C string, so "%00" cuts it
 * short and "/feed.xml%00.mp3" would name feed.xml: the raw target is
 * checked here, up to its query, one byte or escape at a time. */
int pk_srv_raw_path_bad(const char *raw)
{
	const unsigned char *p = (const unsigned char *)raw;
	int hi, lo;

	for (; *p && *p != '?' && *p != '#'; p++) {
		if (control(*p))
			return 1;
		if (*p != '%')
			continue;
		hi = hexval(p[1]);
		lo = hi < 0 ? -1 : hexval(p[2]);
		if (lo < 0 || control(hi * 16 + lo))
			return 1;
		p += 2;
	}
	return 0;
}

/* The URL path as a path under the root: leading and repeated slashes
 * dropped. NULL (404) when a segment starts with a dot: ".", "..", and
 * hidden files such as the build state (MHD has already decoded %2e).
 * Returns a malloc'd string ("" for the root). */
char *pk_srv_url_to_rel(const char *url)
{
	char *rel, *o;
	const char *p;

	if (url[0] != '/')
		return NULL;
	for (p = url; (p = strchr(p, '/')); p++)
		if (p[1] == '.')
			return NULL;
	rel = malloc(strlen(url) + 1);
	if (!rel)
		return NULL;
	for (p = url, o = rel; *p; p++)
		if (*p != '/' || (o > rel && o[-1] != '/'))
			*o++ = *p;
	*o = '\0';
	return rel;
}

/* Opens rel under the root without leaving it. Returns 0 with *out, 403
 * when the path (through a symlink) leads out of the root, 404 when there
 * is nothing there. With openat2's RESOLVE_BENEATH the kernel does the
 * check in the one call; older kernels resolve with realpath and compare
 * prefixes. */
int pk_srv_open_under(struct pk_server *s, const char *rel, int *out)
{
	char *joined, *real;
	size_t n;
	int fd;

	*out = -1;
#ifdef SYS_openat2
	if (s->rootfd >= 0 && !s->no_openat2) {
		struct open_how how;

		memset(&how, 0, sizeof(how));
		how.flags = O_RDONLY | O_CLOEXEC;
		how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
		fd = (int)syscall(SYS_openat2, s->rootfd, *rel ? rel : ".",
				  &how, sizeof(how));
		if (fd >= 0) {
			*out = fd;
			return 0;
		}
		if (errno == EXDEV)
			return 403;
		if (errno != ENOSYS && errno != EPERM)
			return errno == EACCES ? 403 : 404;
		s->no_openat2 = 1;
	}
#endif
	n = strlen(s->root) + strlen(rel) + 2;
	joined = malloc(n);
	if (!joined)
		return 404;
	snprintf(joined, n, "%s/%s", s->root, rel);
	real = realpath(joined, NULL);
	free(joined);
	if (!real)
		return 404;
	/* A symlink may point anywhere: the resolved path must stay
	 * inside. */
	if (strncmp(real, s->root, s->rootlen) != 0 ||
	    (real[s->rootlen] != '/' && real[s->rootlen] != '\0')) {
		free(real);
		return 403;
	}
	fd = open(real, O_RDONLY | O_CLOEXEC);
	free(real);
	if (fd < 0)
		return 404;
	*out = fd;
	return 0;
}
