/* show_fields.c: typed readers for show.yaml and episode.md values, with
 * every bad value reported at its line: the messages, mappings walked key
 * by key, strings, titles, URLs, booleans, numbers and string lists.
 * show_fields_records.c reads links and persons, show_fields_files.c the
 * fields that name a file. */
#include "model/show_fields_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf_int.h"
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
