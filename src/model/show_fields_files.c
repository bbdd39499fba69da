/* show_fields_files.c: the show.yaml and episode.md fields that name a
 * file: the path checked (relative, no "..", no symlink that leads out), a
 * text file read and checked as UTF-8, an image, a music file
 * (show_fields_int.h). */
#include "model/show_fields_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/utf8_int.h"
#include "podkit/fsio.h"

/* 1 when the relative path has a ".." component. */
static int has_dotdot(const char *p)
{
	const char *s = p;

	while (*s) {
		size_t n = strcspn(s, "/");

		if (n == 2 && s[0] == '.' && s[1] == '.')
			return 1;
		s += n;
		while (*s == '/')
			s++;
	}
	return 0;
}

int pk_f_check_path(struct pk_fctx *c, const char *name, yaml_node_t *v,
		    const char *base, const char *path, int must_exist)
{
	char *full = NULL, *rbase = NULL, *rfull = NULL;
	struct stat st;
	int r = -1;
	size_t n;

	if (!*path) {
		pk_f_error(c, v, "'%s' is empty", name);
		return -1;
	}
	if (path[0] == '/' || path[0] == '~') {
		pk_f_error(c, v,
			   "'%s' is an absolute path (give a file in "
			   "the folder)",
			   name);
		return -1;
	}
	if (has_dotdot(path) || strchr(path, '\\')) {
		pk_f_error(c, v, "'%s' leaves the folder ('%s')", name, path);
		return -1;
	}
	full = pk_path_join(base, path);
	if (!full) {
		c->oom = 1;
		return -1;
	}
	if (lstat(full, &st) != 0) {
		if (must_exist) {
			pk_f_error(c, v, "'%s' file '%s' does not exist", name,
				   full);
			goto out;
		}
		r = 0;
		goto out;
	}
	/* A symlink, or a folder on the way that is one, may lead out. */
	rbase = realpath(base, NULL);
	rfull = realpath(full, NULL);
	if (!rbase || !rfull) {
		if (must_exist) {
			pk_f_error(c, v,
				   "'%s' file '%s' does not exist "
				   "(a broken link)",
				   name, full);
			goto out;
		}
		r = 0;
		goto out;
	}
	n = strlen(rbase);
	if (strncmp(rfull, rbase, n) != 0 || rfull[n] != '/') {
		pk_f_error(c, v, "'%s' is a link that leaves the folder ('%s')",
			   name, path);
		goto out;
	}
	if (must_exist && stat(rfull, &st) == 0 && !S_ISREG(st.st_mode)) {
		pk_f_error(c, v, "'%s' file '%s' is not a regular file", name,
			   full);
		goto out;
	}
	r = 0;
out:
	free(full);
	free(rbase);
	free(rfull);
	return r;
}

int pk_f_check_text(struct pk_diags *d, const char *file, const char *data,
		    size_t len)
{
	unsigned char byte = 0;
	long line = pk_utf8_bad_line(data, len, &byte);

	if (!line)
		return 0;
	if (byte == 0)
		pk_diags_add(d, PK_ERROR, file, (int)line,
			     "contains a NUL byte (not a text file)");
	else
		pk_diags_add(d, PK_ERROR, file, (int)line,
			     "not valid UTF-8 (byte 0x%02x); save the file "
			     "as UTF-8",
			     byte);
	return -1;
}

int pk_f_read_text(struct pk_diags *d, const char *file, const char *missing,
		   size_t max,
		   char **data, const char **text, size_t *len)
{
	struct pk_error err = {0};
	size_t n = 0;
	int r;

	*data = NULL;
	r = pk_read_file(file, max, data, &n, &err);
	if (r == PK_ENOMEM)
		return PK_ENOMEM;
	if (r == PK_ENOENT) {
		pk_diags_add(d, PK_ERROR, file, 0, "%s", missing);
		return PK_EINVAL;
	}
	if (r) {
		/* pk_read_file says "FILE: what"; keep only what. */
		const char *m = err.msg;
		size_t fl = strlen(file);

		if (strncmp(m, file, fl) == 0 && m[fl] == ':')
			m += fl + 1;
		while (*m == ' ')
			m++;
		pk_diags_add(d, PK_ERROR, file, 0, "%s",
			     *m ? m : pk_strerror(r));
		return PK_EINVAL;
	}
	*text = *data;
	if (n >= 3 && memcmp(*data, "\xef\xbb\xbf", 3) == 0) {
		*text += 3;
		n -= 3;
	}
	*len = n;
	if (pk_f_check_text(d, file, *text, n) < 0) {
		free(*data);
		*data = NULL;
		return PK_EINVAL;
	}
	return 0;
}

int pk_f_check_image(struct pk_fctx *c, yaml_node_t *v, const char *base,
		     const char *image, int must_exist)
{
	size_t n = strcspn(image, "?#");
	const char *dot;

	if (!pk_f_is_http_url(image)) {
		if (strstr(image, "://")) {
			pk_f_error(c, v, "'image' is not an http(s) URL");
			return -1;
		}
		if (pk_f_check_path(c, "image", v, base, image, must_exist) < 0)
			return -1;
	}
	for (dot = image + n; dot > image && dot[-1] != '.' && dot[-1] != '/';
	     dot--)
		;
	if (dot == image || dot[-1] != '.' ||
	    !((image + n - dot == 3 && (strncasecmp(dot, "jpg", 3) == 0 ||
					strncasecmp(dot, "png", 3) == 0)) ||
	      (image + n - dot == 4 && strncasecmp(dot, "jpeg", 4) == 0)))
		pk_f_warn(c, v,
			  "'image' is not a .jpg or .png file (Apple "
			  "takes only JPEG and PNG)");
	return 0;
}

int pk_f_music(struct pk_fctx *c, const char *name, yaml_node_t *v,
	       const char *base, struct pk_music_file *out, int *off)
{
	const char *s = pk_ydoc_scalar(v);
	char at[64];
	char *f = NULL;
	int r;

	if (s && (strcmp(s, "none") == 0 || strcmp(s, "false") == 0)) {
		pk_f_music_release(out);
		if (off)
			*off = 1;
		return 1;
	}
	if ((r = pk_f_str(c, name, v, &f)) <= 0)
		return r;
	if (pk_f_check_path(c, name, v, base, f, 0) < 0) {
		free(f);
		return -1;
	}
	pk_f_music_release(out);
	out->path = pk_path_join(base, f);
	free(f);
	snprintf(at, sizeof(at), ":%d", pk_ydoc_line(c->y, v));
	out->at = malloc(strlen(c->file) + strlen(at) + 1);
	if (!out->path || !out->at) {
		c->oom = 1;
		pk_f_music_release(out);
		return -1;
	}
	strcpy(out->at, c->file);
	strcat(out->at, at);
	return 1;
}

void pk_f_music_release(struct pk_music_file *m)
{
	free(m->path);
	free(m->at);
	m->path = m->at = NULL;
}
