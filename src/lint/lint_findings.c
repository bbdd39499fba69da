/* lint_findings.c: the findings list: each finding added under its rule
 * (the rule decides the severity), counted even when memory runs out, and
 * sorted by line once the checks are done. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint_int.h"
#include "podkit/lint.h"

void pk_lint_findings_init(struct pk_lint_findings *f)
{
	memset(f, 0, sizeof(*f));
}

void pk_lint_findings_release(struct pk_lint_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].msg);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* The line of the <item> n is in, or 0. */
static int item_line(xmlNodePtr n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (lint_is(n, NS_NONE, "item"))
			return lint_line(n);
	return 0;
}

/* Counted even when the list cannot grow, so an error is never lost. */
static void add(struct lint *l, enum lint_rule r, int line, int in_item,
		const char *fmt, va_list ap) PK_PRINTF(5, 0);

static void add(struct lint *l, enum lint_rule r, int line, int in_item,
		const char *fmt, va_list ap)
{
	const struct pk_lint_rule *rule = lint_rule(r);
	struct pk_lint_findings *f = l->out;
	struct pk_lint_finding *g;
	char msg[2048];
	size_t len, start, need;
	unsigned char lead;

	if (rule->severity == PK_LINT_ERROR)
		f->errors++;
	else if (rule->severity == PK_LINT_WARNING)
		f->warnings++;
	else
		f->notes++;
	/* A message cut short (a huge value quoted) must not end inside a
	 * UTF-8 character: --json needs valid UTF-8. */
	if (vsnprintf(msg, sizeof(msg), fmt, ap) >= (int)sizeof(msg)) {
		len = strlen(msg);
		start = len;
		while (start > 0 &&
		       ((unsigned char)msg[start - 1] & 0xc0) == 0x80)
			start--;
		if (start > 0) {
			lead = (unsigned char)msg[start - 1];
			need = lead >= 0xf0   ? 4
			       : lead >= 0xe0 ? 3
			       : lead >= 0xc0 ? 2
					      : 1;
			if (start - 1 + need > len)
				msg[start - 1] = '\0';
		}
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct pk_lint_finding *v = realloc(f->v, cap * sizeof(*v));

		if (!v)
			return;
		f->v = v;
		f->cap = cap;
	}
	g = &f->v[f->n];
	g->rule = rule;
	g->line = line;
	g->item_line = in_item;
	g->msg = strdup(msg);
	if (g->msg)
		f->n++;
}

void lint_report(struct lint *l, enum lint_rule r, xmlNodePtr n,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(l, r, n ? lint_line(n) : 0, item_line(n), fmt, ap);
	va_end(ap);
}

void lint_report_line(struct lint *l, enum lint_rule r, int line,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(l, r, line, 0, fmt, ap);
	va_end(ap);
}

/* A merge sort: stable, and n log n on a feed with 100 000 findings. */
int lint_sort(struct pk_lint_findings *f)
{
	struct pk_lint_finding *tmp, *from, *to, *swap;
	size_t width, i, a, b, mid, end, o;

	if (f->n < 2)
		return 0;
	tmp = malloc(f->n * sizeof(*tmp));
	if (!tmp)
		return PK_ENOMEM;
	from = f->v;
	to = tmp;
	for (width = 1; width < f->n; width *= 2) {
		for (i = 0; i < f->n; i += 2 * width) {
			mid = i + width < f->n ? i + width : f->n;
			end = i + 2 * width < f->n ? i + 2 * width : f->n;
			a = i;
			b = mid;
			o = i;
			while (a < mid && b < end)
				to[o++] = from[b].line < from[a].line
					      ? from[b++]
					      : from[a++];
			while (a < mid)
				to[o++] = from[a++];
			while (b < end)
				to[o++] = from[b++];
		}
		swap = from;
		from = to;
		to = swap;
	}
	if (from != f->v)
		memcpy(f->v, from, f->n * sizeof(*tmp));
	free(tmp);
	return 0;
}
