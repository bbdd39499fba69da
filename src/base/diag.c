/* diag.c: the diagnostics list. */
#include "podkit/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pk_diags_init(struct pk_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void pk_diags_release(struct pk_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

int pk_diags_add(struct pk_diags *d, enum pk_severity sev, const char *file,
		 int line, const char *fmt, ...)
{
	struct pk_diag *g;
	char buf[2048];
	va_list ap;

	if (sev == PK_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct pk_diag *v = realloc(d->v, cap * sizeof(*v));
		if (!v)
			return PK_ENOMEM;
		d->v = v;
		d->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	g = &d->v[d->n];
	g->severity = sev;
	g->line = line;
	g->file = file ? strdup(file) : NULL;
	g->msg = strdup(buf);
	if ((file && !g->file) || !g->msg) {
		free(g->file);
		free(g->msg);
		return PK_ENOMEM;
	}
	d->n++;
	return 0;
}

int pk_diags_move(struct pk_diags *dst, struct pk_diags *src)
{
	int r = 0;

	dst->errors += src->errors;
	dst->warnings += src->warnings;
	if (src->n && dst->n + src->n > dst->cap) {
		size_t cap = dst->cap ? dst->cap : 16;
		struct pk_diag *v;

		while (cap < dst->n + src->n)
			cap *= 2;
		v = realloc(dst->v, cap * sizeof(*v));
		if (v) {
			dst->v = v;
			dst->cap = cap;
		}
	}
	if (dst->n + src->n <= dst->cap) {
		if (src->n)
			memcpy(dst->v + dst->n, src->v,
			       src->n * sizeof(*src->v));
		dst->n += src->n;
		src->n = 0;
	} else {
		r = PK_ENOMEM;
	}
	/* Counted in dst already: release frees what was not moved. */
	src->errors = src->warnings = 0;
	pk_diags_release(src);
	return r;
}

void pk_diag_format(const struct pk_diag *g, char *buf, size_t size)
{
	const char *w = g->severity == PK_WARNING ? "warning: " : "";

	if (g->file && g->line > 0)
		snprintf(buf, size, "%s:%d: %s%s", g->file, g->line, w, g->msg);
	else if (g->file)
		snprintf(buf, size, "%s: %s%s", g->file, w, g->msg);
	else
		snprintf(buf, size, "%s%s", w, g->msg);
}

static int cmp_diag(const struct pk_diag *x, const struct pk_diag *y)
{
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");

	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* Insertion sort: stable, so one line's diagnostics keep their order, and
 * the lists are short. */
void pk_diags_sort(struct pk_diags *d)
{
	size_t i, j;

	for (i = 1; i < d->n; i++) {
		struct pk_diag t = d->v[i];

		for (j = i; j > 0 && cmp_diag(&d->v[j - 1], &t) > 0; j--)
			d->v[j] = d->v[j - 1];
		d->v[j] = t;
	}
}
