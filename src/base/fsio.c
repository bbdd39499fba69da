/* fsio.c: atomic writes, whole-file reads, folders, paths and hashes. */
#include "podkit/fsio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

int pk_atomic_open(struct pk_atomic *a, const char *path, int mode,
		   struct pk_error *err)
{
	size_t n = strlen(path);
	int fd;

	memset(a, 0, sizeof(*a));
	a->path = strdup(path);
	a->tmp = malloc(n + 16);
	if (!a->path || !a->tmp) {
		free(a->path);
		free(a->tmp);
		return pk_error_set(err, PK_ENOMEM, "%s: out of memory", path);
	}
	memcpy(a->tmp, path, n);
	memcpy(a->tmp + n, ".tmp.XXXXXX", 12);
	fd = mkstemp(a->tmp);
	if (fd < 0) {
		int r = pk_error_errno(err, PK_EIO, "%s: cannot create", path);
		free(a->path);
		free(a->tmp);
		memset(a, 0, sizeof(*a));
		return r;
	}
	if (fchmod(fd, (mode_t)mode & ~(mode_t)0) != 0) {
		/* Permissions are best effort: a FAT or remote folder may not
		 * keep them. */
	}
	a->fp = fdopen(fd, "w");
	if (!a->fp) {
		int r = pk_error_errno(err, PK_EIO, "%s: cannot open", path);
		close(fd);
		unlink(a->tmp);
		free(a->path);
		free(a->tmp);
		memset(a, 0, sizeof(*a));
		return r;
	}
	return 0;
}

static void atomic_free(struct pk_atomic *a)
{
	free(a->path);
	free(a->tmp);
	memset(a, 0, sizeof(*a));
}

int pk_atomic_commit(struct pk_atomic *a, struct pk_error *err)
{
	int r = 0;

	/* Each step can be the one that meets a full disk. */
	if (fflush(a->fp) != 0 || ferror(a->fp))
		r = pk_error_errno(err, PK_EIO, "%s: cannot write", a->path);
	else if (fsync(fileno(a->fp)) != 0 && errno != EINVAL)
		r = pk_error_errno(err, PK_EIO, "%s: cannot sync", a->path);
	if (fclose(a->fp) != 0 && r == 0)
		r = pk_error_errno(err, PK_EIO, "%s: cannot close", a->path);
	a->fp = NULL;
	if (r == 0 && rename(a->tmp, a->path) != 0)
		r = pk_error_errno(err, PK_EIO, "%s: cannot rename into place",
				   a->path);
	if (r != 0)
		unlink(a->tmp);
	atomic_free(a);
	return r;
}

void pk_atomic_abort(struct pk_atomic *a)
{
	if (a->fp)
		fclose(a->fp);
	if (a->tmp)
		unlink(a->tmp);
	atomic_free(a);
}

int pk_write_atomic(const char *path, const void *data, size_t len, int mode,
		    struct pk_error *err)
{
	struct pk_atomic a;
	int r = pk_atomic_open(&a, path, mode, err);

	if (r)
		return r;
	if (len && fwrite(data, 1, len, a.fp) != len) {
		r = pk_error_errno(err, PK_EIO, "%s: cannot write", path);
		pk_atomic_abort(&a);
		return r;
	}
	return pk_atomic_commit(&a, err);
}

int pk_write_if_changed(const char *path, const void *data, size_t len,
			int mode, int *written, struct pk_error *err)
{
	char *old = NULL;
	size_t oldlen = 0;
	int same;

	if (written)
		*written = 0;
	/* Reading one more byte than the new content tells a longer file. */
	same = pk_read_file(path, len + 1, &old, &oldlen, NULL) == 0 &&
	       oldlen == len && memcmp(old, data, len) == 0;
	free(old);
	if (same)
		return 0;
	if (written)
		*written = 1;
	return pk_write_atomic(path, data, len, mode, err);
}

void pk_fp_writeback(FILE *fp)
{
	struct stat st;
	int fd;

	if (fflush(fp) != 0)
		return;
	fd = fileno(fp);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

int pk_read_file(const char *path, size_t max, char **data, size_t *len,
		 struct pk_error *err)
{
	size_t cap = 4096, n = 0;
	struct stat st;
	char *p = NULL;
	int r = 0, fd;

	*data = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pk_error_errno(err, errno == ENOENT ? PK_ENOENT : PK_EIO,
				      "%s", path);
	/* A regular file's size is the first guess: one read, and the read
	 * that returns 0 at its end. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (size_t)st.st_size + 2;
	if (max && cap > max + 2)
		cap = max + 2;
	p = malloc(cap);
	if (!p) {
		r = pk_error_set(err, PK_ENOMEM, "%s: out of memory", path);
		goto out;
	}
	for (;;) {
		ssize_t got;

		if (n + 1 >= cap) {
			char *q = realloc(p, cap * 2);
			if (!q) {
				r = pk_error_set(err, PK_ENOMEM,
						 "%s: out of memory", path);
				goto out;
			}
			p = q;
			cap *= 2;
		}
		got = read(fd, p + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			r = pk_error_errno(err, PK_EIO, "%s: cannot read",
					   path);
			goto out;
		}
		n += (size_t)got;
		if (max && n > max) {
			r = pk_error_set(err, PK_EINVAL,
					 "%s: larger than %zu bytes", path,
					 max);
			goto out;
		}
		if (got == 0)
			break;
	}
	p[n] = '\0';
	*data = p;
	p = NULL;
	if (len)
		*len = n;
out:
	free(p);
	close(fd);
	return r;
}

int pk_mkdir_p(const char *path, struct pk_error *err)
{
	char *p = strdup(path);
	char *s;
	int r = 0;

	if (!p)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST) {
				r = pk_error_errno(
				    err, PK_EIO, "%s: cannot create folder", p);
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	if (r == 0 && !pk_is_dir(path))
		r = pk_error_set(err, PK_EIO, "%s: not a folder", path);
	free(p);
	return r;
}

int pk_mkdir_parent(const char *path, struct pk_error *err)
{
	char *dir = strdup(path), *slash;
	int r = 0;

	if (!dir)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	/* "/x" has the root for parent, which is there. */
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		r = pk_mkdir_p(dir, err);
	}
	free(dir);
	return r;
}

char *pk_path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p;

	while (la > 1 && a[la - 1] == '/')
		la--;
	p = malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

int pk_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int pk_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int64_t pk_file_size(const char *path, struct pk_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return pk_error_errno(err, errno == ENOENT ? PK_ENOENT : PK_EIO,
				      "%s", path);
	if (!S_ISREG(st.st_mode))
		return pk_error_set(err, PK_EINVAL, "%s: not a regular file",
				    path);
	return (int64_t)st.st_size;
}

static void to_hex(const unsigned char *md, unsigned n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * n] = '\0';
}

void pk_sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	to_hex(md, n, hex);
}

/* The digest (md of *n bytes) of a file's bytes by the algorithm md_type
 * ("sha256" for messages). */
static int digest_file(const char *path, const EVP_MD *md_type,
		       const char *name, unsigned char *md, unsigned *n,
		       struct pk_error *err)
{
	unsigned char *chunk = NULL;
	EVP_MD_CTX *ctx = NULL;
	FILE *fp = NULL;
	int r = 0;

	*n = 0;
	fp = fopen(path, "rb");
	if (!fp)
		return pk_error_errno(err, errno == ENOENT ? PK_ENOENT : PK_EIO,
				      "%s", path);
	chunk = malloc(1 << 16);
	ctx = EVP_MD_CTX_new();
	if (!chunk || !ctx) {
		r = pk_error_set(err, PK_ENOMEM, "%s: out of memory", path);
		goto out;
	}
	if (!EVP_DigestInit_ex(ctx, md_type, NULL)) {
		r = pk_error_set(err, PK_EINTERNAL, "%s: %s init", path, name);
		goto out;
	}
	for (;;) {
		size_t got = fread(chunk, 1, 1 << 16, fp);
		if (got)
			EVP_DigestUpdate(ctx, chunk, got);
		if (got < (1 << 16))
			break;
	}
	if (ferror(fp)) {
		r = pk_error_errno(err, PK_EIO, "%s: cannot read", path);
		goto out;
	}
	EVP_DigestFinal_ex(ctx, md, n);
out:
	EVP_MD_CTX_free(ctx);
	free(chunk);
	fclose(fp);
	return r;
}

int pk_sha256_file(const char *path, char hex[65], struct pk_error *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n;
	int r = digest_file(path, EVP_sha256(), "sha256", md, &n, err);

	if (r == 0)
		to_hex(md, n, hex);
	return r;
}

int pk_sha384_sri_file(const char *path, char sri[PK_SRI_SHA384],
		       struct pk_error *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n;
	int r = digest_file(path, EVP_sha384(), "sha384", md, &n, err);

	if (r == 0) {
		memcpy(sri, "sha384-", 7);
		EVP_EncodeBlock((unsigned char *)sri + 7, md, (int)n);
	}
	return r;
}

int pk_copy_file(const char *src, const char *dst, struct pk_error *err)
{
	struct pk_atomic a;
	char *chunk = NULL;
	FILE *in;
	int r;

	in = fopen(src, "rb");
	if (!in)
		return pk_error_errno(err, errno == ENOENT ? PK_ENOENT : PK_EIO,
				      "%s", src);
	r = pk_atomic_open(&a, dst, 0644, err);
	if (r) {
		fclose(in);
		return r;
	}
	chunk = malloc(1 << 16);
	if (!chunk) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto fail;
	}
	for (;;) {
		size_t got = fread(chunk, 1, 1 << 16, in);
		if (got && fwrite(chunk, 1, got, a.fp) != got) {
			r = pk_error_errno(err, PK_EIO, "%s: cannot write",
					   dst);
			goto fail;
		}
		if (got < (1 << 16))
			break;
	}
	if (ferror(in)) {
		r = pk_error_errno(err, PK_EIO, "%s: cannot read", src);
		goto fail;
	}
	free(chunk);
	fclose(in);
	return pk_atomic_commit(&a, err);
fail:
	free(chunk);
	fclose(in);
	pk_atomic_abort(&a);
	return r;
}
