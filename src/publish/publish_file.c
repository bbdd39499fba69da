/* publish_file.c: the folder target (file:///path): each file copied to a
 * temporary beside its place and renamed over it, and a manifest. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podkit/fsio.h"
#include "publish/publish_target_int.h"

struct folder {
	char *root;
};

static int dest(struct folder *d, const char *key, char **path,
		struct pk_error *err)
{
	*path = pk_path_join(d->root, key);
	if (!*path)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	return 0;
}

static int f_list(struct pk_target *t, struct pk_remote_state *st,
		  struct pk_error *err)
{
	struct folder *d = t->impl;
	char *path = NULL, *data = NULL;
	size_t len = 0;
	int r;

	if (!pk_is_dir(d->root))
		return pk_error_set(err, PK_ENOENT,
				    "'%s': no such folder; create it with "
				    "'mkdir -p %s' (podkit does not, so a "
				    "mistyped target publishes nowhere)",
				    d->root, d->root);
	r = dest(d, PK_MANIFEST_NAME, &path, err);
	if (r || !pk_is_file(path))
		goto out;
	r = pk_read_file(path, 0, &data, &len, err);
	if (!r)
		r = pk_manifest_parse(data, len, st, err);
out:
	free(path);
	free(data);
	return r;
}

static int put(struct folder *d, struct pk_pub_file *f, struct pk_error *err)
{
	char *path = NULL;
	int64_t size;
	int r;

	r = dest(d, f->key, &path, err);
	if (r)
		return r;
	r = pk_mkdir_parent(path, err);
	if (r)
		goto out;
	/* pk_copy_file writes a temporary beside path and renames it: the
	 * old file stays whole until the new one is. */
	r = pk_copy_file(f->path, path, err);
	if (r)
		goto out;
	size = pk_file_size(path, err);
	if (size != f->size) {
		r = size < 0 ? (int)size
			     : pk_error_set(err, PK_EIO,
					    "'%s': copied size does not match",
					    path);
		goto out;
	}
	f->done = 1;
out:
	free(path);
	return r;
}

static int f_upload(struct pk_target *t, struct pk_pub_file **f, size_t n,
		    struct pk_error *err)
{
	size_t i;
	int r = 0;

	for (i = 0; i < n; i++) {
		struct pk_error e2 = {0};
		int r2 = put(t->impl, f[i], &e2);

		if (r2 && !r) {
			r = r2;
			if (err)
				*err = e2;
		}
	}
	return r;
}

static int f_upload_feed(struct pk_target *t, struct pk_pub_file *f,
			 struct pk_error *err)
{
	return put(t->impl, f, err);
}

static int f_remove(struct pk_target *t, struct pk_remote_obj **o, size_t n,
		    struct pk_error *err)
{
	struct folder *d = t->impl;
	size_t i;
	int r = 0;

	for (i = 0; i < n && !r; i++) {
		char *path = NULL;

		r = dest(d, o[i]->key, &path, err);
		if (!r && unlink(path) != 0 && errno != ENOENT)
			r = pk_error_errno(err, PK_EIO, "'%s'", path);
		free(path);
	}
	return r;
}

static int f_save(struct pk_target *t, const struct pk_remote_state *st,
		  struct pk_error *err)
{
	struct folder *d = t->impl;
	char *path = NULL, *json = pk_manifest_format(st);
	int r;

	if (!json)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = dest(d, PK_MANIFEST_NAME, &path, err);
	if (!r)
		r = pk_write_atomic(path, json, strlen(json), 0644, err);
	free(path);
	free(json);
	return r;
}

static void f_free(struct pk_target *t)
{
	struct folder *d = t->impl;

	if (d) {
		free(d->root);
		free(d);
	}
	t->impl = NULL;
}

static int f_fetch(struct pk_target *t, const char *key, char **data,
		   size_t *len, struct pk_error *err)
{
	char *path = NULL;
	int r = dest(t->impl, key, &path, err);

	if (!r && !pk_is_file(path))
		r = PK_ENOENT;
	else if (!r)
		r = pk_read_file(path, 0, data, len, err);
	free(path);
	return r;
}

static const struct pk_target_ops file_ops = {
    f_list, f_upload, f_upload_feed, f_remove, f_save, f_free, f_fetch,
};

int pk_target_file_new(struct pk_target *t, struct pk_error *err)
{
	const char *p = t->opts->target + 7;
	struct folder *d;

	/* file:///path (empty host) or file://localhost/path */
	if (strncmp(p, "localhost/", 10) == 0)
		p += 9;
	if (*p != '/')
		return pk_error_set(err, PK_EINVAL,
				    "'%s': a folder target is file:///path",
				    t->opts->target);
	d = calloc(1, sizeof(*d));
	if (!d || !(d->root = strdup(p))) {
		free(d);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	t->impl = d;
	t->ops = &file_ops;
	return 0;
}
