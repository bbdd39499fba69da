/* show_fields.c: typed readers for show.yaml and episode.md values, with
 * every bad value reported at its line. */
#include "model/show_fields_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/buf_int.h"
#include "base/utf8_int.h"
#include "podkit/fsio.h"
#include "base/taxonomy_int.h"
#include "base/url_int.h"

static void vadd(struct pk_fctx *c, enum pk_severity sev, const yaml_node_t *n,
		 const char *fmt, va_list ap) PK_PRINTF(4, 0);

static void vadd(struct pk_fctx *c, enum pk_severity sev, const yaml_node_t *n,
		 const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (pk_diags_add(c->d, sev, c->file, pk_ydoc_line(c->y, n), "%s", msg))
		c->oom = 1;
	if (sev == PK_ERROR)
		c->errors++;
}

void pk_f_error(struct pk_fctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(c, PK_ERROR, n, fmt, ap);
	va_end(ap);
}

void pk_f_warn(struct pk_fctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(c, PK_WARNING, n, fmt, ap);
	va_end(ap);
}

char *pk_f_strdup(struct pk_fctx *c, const char *s)
{
	char *r;

	if (!s)
		return NULL;
	r = strdup(s);
	if (!r)
		c->oom = 1;
	return r;
}

struct key_at {
	const char *key;
	size_t idx;
};

static int cmp_key_at(const void *a, const void *b)
{
	const struct key_at *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Flags (in dup[]) the keys of n given a second time, by sorting, so a
 * mapping of many keys costs n log n. Returns 0 or -1 out of memory. */
static int find_duplicates(struct pk_fctx *c, yaml_node_t *n, char *dup)
{
	yaml_node_pair_t *p = n->data.mapping.pairs.start;
	size_t cnt = (size_t)(n->data.mapping.pairs.top - p), i, m = 0;
	struct key_at *k = calloc(cnt ? cnt : 1, sizeof(*k));

	if (!k)
		return -1;
	for (i = 0; i < cnt; i++) {
		const char *key = pk_ydoc_scalar(pk_ydoc_node(c->y, p[i].key));

		if (key) {
			k[m].key = key;
			k[m++].idx = i;
		}
	}
	qsort(k, m, sizeof(*k), cmp_key_at);
	for (i = 1; i < m; i++)
		if (strcmp(k[i].key, k[i - 1].key) == 0)
			dup[k[i].idx] = 1;
	free(k);
	return 0;
}

int pk_f_mapping(struct pk_fctx *c, yaml_node_t *n, const char *what, void *obj,
		 pk_f_pair_fn fn)
{
	yaml_node_pair_t *p;
	char *dup;
	size_t cnt, i;

	if (!n || n->type != YAML_MAPPING_NODE) {
		pk_f_error(c, n, "'%s' is %s, not a mapping of keys", what,
			   pk_ydoc_kind(n));
		return -1;
	}
	cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	dup = calloc(cnt ? cnt : 1, 1);
	if (!dup || find_duplicates(c, n, dup) < 0) {
		free(dup);
		c->oom = 1;
		return -1;
	}
	for (i = 0; i < cnt; i++) {
		yaml_node_t *k, *v;
		const char *key;

		p = &n->data.mapping.pairs.start[i];
		k = pk_ydoc_node(c->y, p->key);
		v = pk_ydoc_node(c->y, p->value);
		key = pk_ydoc_scalar(k);
		if (!key) {
			pk_f_error(c, k, "a key in '%s' is %s, not a name",
				   what, pk_ydoc_kind(k));
			continue;
		}
		if (dup[i]) {
			pk_f_error(c, k, "'%s' is given twice", key);
			continue;
		}
		fn(c, obj, key, k, v);
	}
	free(dup);
	return 0;
}

/* The scalar text of v, or NULL after reporting that it is not one. */
static const char *scalar(struct pk_fctx *c, const char *name, yaml_node_t *v,
			  const char *want)
{
	const char *s = pk_ydoc_scalar(v);

	if (!s) {
		pk_f_error(c, v, "'%s' is %s, not %s", name, pk_ydoc_kind(v),
			   want);
		return NULL;
	}
	if (strlen(s) != v->data.scalar.length) {
		pk_f_error(c, v, "'%s' contains a NUL character", name);
		return NULL;
	}
	return s;
}

int pk_f_str(struct pk_fctx *c, const char *name, yaml_node_t *v, char **out)
{
	const char *s;

	if (pk_ydoc_is_null(v))
		return 0;
	s = scalar(c, name, v, "text");
	if (!s)
		return -1;
	free(*out);
	*out = pk_f_strdup(c, s);
	return 1;
}

int pk_f_title(struct pk_fctx *c, yaml_node_t *v, char **out)
{
	const char *s = pk_ydoc_scalar(v);
	size_t n = s ? strlen(s) : 0;

	if (n > PK_F_TITLE_MAX) {
		pk_f_error(c, v, "'title' is %zu bytes long (at most %d)", n,
			   PK_F_TITLE_MAX);
		return -1;
	}
	/* Apple and the apps refuse an item or a show with no title. */
	if (s && s[strspn(s, " \t\r\n")] == '\0' && !pk_ydoc_is_null(v)) {
		pk_f_error(c, v, "'title' is %s", n ? "blank" : "empty");
		return -1;
	}
	return pk_f_str(c, "title", v, out);
}

int pk_f_is_http_url(const char *s)
{
	const char *h;

	if (!pk_url_is_http_with_host(s))
		return 0;
	/* stricter than a feed's URLs: a host name first, and none of the
	 * characters that would need escaping in XML or HTML */
	h = strstr(s, "//") + 2;
	return !strchr(":?#", *h) && !strpbrk(s, "\"<>\\");
}

int pk_f_url(struct pk_fctx *c, const char *name, yaml_node_t *v, char **out)
{
	const char *s;

	if (pk_ydoc_is_null(v))
		return 0;
	s = scalar(c, name, v, "a URL");
	if (!s)
		return -1;
	if (!pk_f_is_http_url(s)) {
		pk_f_error(c, v, "'%s' is not an http(s) URL", name);
		return -1;
	}
	free(*out);
	*out = pk_f_strdup(c, s);
	return 1;
}

int pk_f_bool(struct pk_fctx *c, const char *name, yaml_node_t *v, int *out)
{
	static const char *const yes[] = {"true", "yes", "on"};
	static const char *const no[] = {"false", "no", "off"};
	const char *s;
	size_t i;

	if (pk_ydoc_is_null(v))
		return 0;
	s = pk_ydoc_scalar(v);
	for (i = 0; s && i < 3; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 1;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 1;
		}
	}
	pk_f_error(c, v, "'%s' is not true or false", name);
	return -1;
}

int pk_f_int(struct pk_fctx *c, const char *name, yaml_node_t *v, long min,
	     long max, long *out)
{
	const char *s;
	char *end;
	long x;

	if (pk_ydoc_is_null(v))
		return 0;
	s = pk_ydoc_scalar(v);
	if (!s || !*s) {
		pk_f_error(c, v, "'%s' is not a whole number", name);
		return -1;
	}
	errno = 0;
	x = strtol(s, &end, 10);
	if (*end || end == s) {
		pk_f_error(c, v, "'%s' is not a whole number", name);
		return -1;
	}
	if (errno == ERANGE || x < min || x > max) {
		pk_f_error(c, v, "'%s' is out of range (%ld to %ld)", name, min,
			   max);
		return -1;
	}
	*out = x;
	return 1;
}

int pk_f_double(struct pk_fctx *c, const char *name, yaml_node_t *v, double min,
		double max, double *out)
{
	const char *s;
	char *end;
	double x;

	if (pk_ydoc_is_null(v))
		return 0;
	s = pk_ydoc_scalar(v);
	if (!s || !*s) {
		pk_f_error(c, v, "'%s' is not a number", name);
		return -1;
	}
	errno = 0;
	x = strtod(s, &end);
	if (*end || end == s || !isfinite(x)) {
		pk_f_error(c, v, "'%s' is not a number", name);
		return -1;
	}
	if (x < min || x > max) {
		pk_f_error(c, v, "'%s' is out of range (%g to %g)", name, min,
			   max);
		return -1;
	}
	*out = x;
	return 1;
}

void pk_f_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void *pk_f_list_room(struct pk_fctx *c, const char *name, yaml_node_t *v,
		     size_t elem)
{
	size_t n;
	void *p;

	if (!v || v->type != YAML_SEQUENCE_NODE) {
		pk_f_error(c, v, "'%s' is %s, not a list", name,
			   pk_ydoc_kind(v));
		return NULL;
	}
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	p = calloc(n ? n : 1, elem);
	if (!p)
		c->oom = 1;
	return p;
}

int pk_f_strlist(struct pk_fctx *c, const char *name, yaml_node_t *v,
		 char ***out, size_t *n)
{
	yaml_node_item_t *it;
	char **list;
	size_t cnt = 0;
	int bad = 0;

	if (pk_ydoc_is_null(v))
		return 0;
	if (v->type == YAML_SCALAR_NODE) {
		list = calloc(1, sizeof(*list));
		if (!list) {
			c->oom = 1;
			return -1;
		}
		if (pk_f_str(c, name, v, &list[0]) < 0) {
			free(list);
			return -1;
		}
		pk_f_strv_free(*out, *n);
		*out = list;
		*n = 1;
		return 1;
	}
	list = pk_f_list_room(c, name, v, sizeof(*list));
	if (!list)
		return -1;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = pk_ydoc_node(c->y, *it);
		char *s = NULL;

		if (pk_ydoc_is_null(e))
			continue;
		if (pk_f_str(c, name, e, &s) < 0) {
			bad = 1;
			continue;
		}
		list[cnt++] = s;
	}
	if (bad) {
		pk_f_strv_free(list, cnt);
		return -1;
	}
	pk_f_strv_free(*out, *n);
	*out = list;
	*n = cnt;
	return 1;
}

void pk_f_links_free(struct pk_link *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(l[i].title);
		free(l[i].url);
	}
	free(l);
}

struct link_ctx {
	struct pk_link *l;
	const char *name;
	int bad;
};

static void link_pair(struct pk_fctx *c, void *obj, const char *key,
		      yaml_node_t *k, yaml_node_t *v)
{
	struct link_ctx *lc = obj;
	char nm[128];

	snprintf(nm, sizeof(nm), "%s.%s", lc->name, key);
	if (strcmp(key, "title") == 0 || strcmp(key, "name") == 0) {
		if (pk_f_str(c, nm, v, &lc->l->title) < 0)
			lc->bad = 1;
	} else if (strcmp(key, "url") == 0) {
		if (pk_f_url(c, nm, v, &lc->l->url) < 0)
			lc->bad = 1;
	} else {
		pk_f_warn(c, k, "unknown key '%s' in '%s'", key, lc->name);
	}
}

int pk_f_links(struct pk_fctx *c, const char *name, yaml_node_t *v,
	       struct pk_link **out, size_t *n)
{
	yaml_node_item_t *it;
	struct pk_link *list;
	size_t cnt = 0;
	int bad = 0;

	if (pk_ydoc_is_null(v))
		return 0;
	list = pk_f_list_room(c, name, v, sizeof(*list));
	if (!list)
		return -1;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = pk_ydoc_node(c->y, *it);
		struct link_ctx lc = {&list[cnt], name, 0};

		if (pk_f_mapping(c, e, name, &lc, link_pair) < 0) {
			bad = 1;
			continue;
		}
		cnt++;
		if (!lc.bad && !lc.l->url) {
			pk_f_error(c, e, "'%s.url' is required", name);
			lc.bad = 1;
		}
		if (lc.bad)
			bad = 1;
	}
	if (bad) {
		pk_f_links_free(list, cnt);
		return -1;
	}
	pk_f_links_free(*out, *n);
	*out = list;
	*n = cnt;
	return 1;
}

void pk_f_person_release(struct pk_person *p)
{
	free(p->name);
	free(p->role);
	free(p->group);
	free(p->img);
	free(p->href);
	memset(p, 0, sizeof(*p));
}

struct person_ctx {
	struct pk_person *p;
	const char *name;
	int bad;
	yaml_node_t *role, *group; /* as given, for the taxonomy's lines */
};

static void person_pair(struct pk_fctx *c, void *obj, const char *key,
			yaml_node_t *k, yaml_node_t *v)
{
	struct person_ctx *pc = obj;
	char nm[128];
	int r;

	snprintf(nm, sizeof(nm), "%s.%s", pc->name, key);
	if (strcmp(key, "name") == 0)
		r = pk_f_str(c, nm, v, &pc->p->name);
	else if (strcmp(key, "role") == 0) {
		r = pk_f_str(c, nm, v, &pc->p->role);
		pc->role = v;
	} else if (strcmp(key, "group") == 0) {
		r = pk_f_str(c, nm, v, &pc->p->group);
		pc->group = v;
	} else if (strcmp(key, "img") == 0)
		r = pk_f_url(c, nm, v, &pc->p->img);
	else if (strcmp(key, "href") == 0)
		r = pk_f_url(c, nm, v, &pc->p->href);
	else {
		pk_f_warn(c, k, "unknown key '%s' in '%s'", key, pc->name);
		r = 0;
	}
	if (r < 0)
		pc->bad = 1;
}

/* A role or group outside the Podcasting 2.0 taxonomy is a warning, as
 * podkit lint calls it in the feed: apps may show it or not. */
static void person_taxonomy(struct pk_fctx *c, const struct person_ctx *pc)
{
	const struct pk_person *p = pc->p;

	if (p->group && !pk_taxonomy_has_group(p->group))
		pk_f_warn(c, pc->group,
			  "'%s.group' '%s' is not a group of the Podcasting "
			  "2.0 taxonomy",
			  pc->name, p->group);
	if (p->role && !pk_taxonomy_has_role(p->role))
		pk_f_warn(c, pc->role,
			  "'%s.role' '%s' is not a role of the Podcasting "
			  "2.0 taxonomy",
			  pc->name, p->role);
	else if (p->role &&
		 pk_taxonomy_has_group(p->group ? p->group : "cast") &&
		 !pk_taxonomy_role_in(p->group ? p->group : "cast", p->role))
		pk_f_warn(c, pc->role,
			  "'%s.role' '%s' is not in the group '%s'", pc->name,
			  p->role, p->group ? p->group : "cast");
}

int pk_f_person(struct pk_fctx *c, const char *name, yaml_node_t *v,
		const char *default_role, struct pk_person *out)
{
	struct person_ctx pc = {out, name, 0, NULL, NULL};

	memset(out, 0, sizeof(*out));
	if (v && v->type == YAML_SCALAR_NODE) {
		if (pk_f_str(c, name, v, &out->name) < 0)
			return -1;
	} else if (pk_f_mapping(c, v, name, &pc, person_pair) < 0) {
		return -1;
	}
	if (!pc.bad && (!out->name || !*out->name)) {
		pk_f_error(c, v, "'%s.name' is required", name);
		pc.bad = 1;
	}
	if (pc.bad) {
		pk_f_person_release(out);
		return -1;
	}
	person_taxonomy(c, &pc);
	if (!out->role)
		out->role = pk_f_strdup(c, default_role);
	if (!out->group)
		out->group = pk_f_strdup(c, "cast");
	return 1;
}

int pk_f_persons(struct pk_fctx *c, const char *name, yaml_node_t *v,
		 const char *default_role, struct pk_person **out, size_t *n)
{
	yaml_node_item_t *it;
	struct pk_person *list;
	size_t cnt = 0, i;
	int bad = 0;

	if (pk_ydoc_is_null(v))
		return 0;
	list = pk_f_list_room(c, name, v, sizeof(*list));
	if (!list)
		return -1;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		if (pk_f_person(c, name, pk_ydoc_node(c->y, *it), default_role,
				&list[cnt]) < 0)
			bad = 1;
		else
			cnt++;
	}
	if (bad) {
		for (i = 0; i < cnt; i++)
			pk_f_person_release(&list[i]);
		free(list);
		return -1;
	}
	*out = list;
	*n = cnt;
	return 1;
}

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
