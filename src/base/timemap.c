/* timemap.c: the source-to-published time map (see timemap_int.h). */
#include "base/timemap_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/error.h"

static int grow(struct pk_timemap *m, size_t want)
{
	struct pk_timemap_seg *p;
	size_t cap;

	if (want <= m->cap)
		return 0;
	cap = m->cap ? m->cap * 2 : 8;
	while (cap < want)
		cap *= 2;
	p = realloc(m->seg, cap * sizeof(*p));
	if (!p)
		return PK_ENOMEM;
	m->seg = p;
	m->cap = cap;
	return 0;
}

int pk_timemap_init(struct pk_timemap *m)
{
	memset(m, 0, sizeof(*m));
	if (grow(m, 1) < 0)
		return PK_ENOMEM;
	m->seg[0].src0 = 0;
	m->seg[0].src1 = INFINITY;
	m->seg[0].pub0 = 0;
	m->n = 1;
	return 0;
}

void pk_timemap_release(struct pk_timemap *m)
{
	free(m->seg);
	memset(m, 0, sizeof(*m));
}

int pk_timemap_is_identity(const struct pk_timemap *m)
{
	return m->n == 1 && m->seg[0].src0 == 0 && m->seg[0].pub0 == 0 &&
	       isinf(m->seg[0].src1);
}

void pk_timemap_shift(struct pk_timemap *m, double sec)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		m->seg[i].pub0 += sec;
}

static double pub_end(const struct pk_timemap_seg *s)
{
	return s->pub0 + (s->src1 - s->src0);
}

int pk_timemap_cut(struct pk_timemap *m, double a, double b)
{
	double len = b - a;
	size_t i, w;

	if (!(len >= 0))
		return PK_EINVAL;
	if (len == 0)
		return 0;
	/* a stretch straddling the whole cut becomes two */
	for (i = 0; i < m->n; i++) {
		struct pk_timemap_seg *s = &m->seg[i];

		if (s->pub0 < a && pub_end(s) > b) {
			if (grow(m, m->n + 1) < 0)
				return PK_ENOMEM;
			s = &m->seg[i];
			memmove(s + 1, s, (m->n - i) * sizeof(*s));
			m->n++;
			s[0].src1 = s[0].src0 + (a - s[0].pub0);
			s[1].src0 = s[1].src0 + (b - s[1].pub0);
			s[1].pub0 = b;
			break;
		}
	}
	/* trim each stretch to what lies outside [a, b), drop the empty
	 * ones, and move what follows the cut back by its length */
	for (i = w = 0; i < m->n; i++) {
		struct pk_timemap_seg s = m->seg[i];
		double e = pub_end(&s);

		if (s.pub0 < a && e > a)
			s.src1 = s.src0 + (a - s.pub0);
		else if (s.pub0 >= a && s.pub0 < b) {
			if (e <= b)
				continue;
			s.src0 += b - s.pub0;
			s.pub0 = b;
		}
		if (s.pub0 >= b)
			s.pub0 -= len;
		m->seg[w++] = s;
	}
	m->n = w;
	return 0;
}

double pk_timemap_apply(const struct pk_timemap *m, double t)
{
	size_t lo = 0, hi = m->n;

	if (m->n == 0)
		return t;
	if (t < m->seg[0].src0)
		return m->seg[0].pub0;
	/* the last stretch starting at or before t */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (m->seg[mid].src0 <= t)
			lo = mid;
		else
			hi = mid;
	}
	if (t < m->seg[lo].src1)
		return m->seg[lo].pub0 + (t - m->seg[lo].src0);
	/* inside a cut: the splice, where the next stretch begins */
	if (lo + 1 < m->n)
		return m->seg[lo + 1].pub0;
	return pub_end(&m->seg[lo]);
}

char *pk_timemap_format(const struct pk_timemap *m)
{
	size_t size = 16 + m->n * 80, len, i;
	char *s = malloc(size);

	if (!s)
		return NULL;
	len = (size_t)snprintf(s, size, "timemap 1\n");
	for (i = 0; i < m->n; i++) {
		const struct pk_timemap_seg *g = &m->seg[i];

		if (isinf(g->src1))
			len += (size_t)snprintf(s + len, size - len,
						"%.6f inf %.6f\n", g->src0,
						g->pub0);
		else
			len += (size_t)snprintf(s + len, size - len,
						"%.6f %.6f %.6f\n", g->src0,
						g->src1, g->pub0);
	}
	return s;
}

int pk_timemap_parse(struct pk_timemap *m, const char *text)
{
	const char *p = text;
	size_t n = 0;

	if (strncmp(p, "timemap 1\n", 10) != 0)
		return PK_EINVAL;
	p += 10;
	while (*p) {
		struct pk_timemap_seg g;
		char *end;

		g.src0 = strtod(p, &end);
		if (end == p || *end != ' ')
			return PK_EINVAL;
		p = end + 1;
		g.src1 = strtod(p, &end);
		if (end == p || *end != ' ')
			return PK_EINVAL;
		p = end + 1;
		g.pub0 = strtod(p, &end);
		if (end == p || *end != '\n')
			return PK_EINVAL;
		p = end + 1;
		if (!isfinite(g.src0) || !isfinite(g.pub0) ||
		    !(g.src1 > g.src0) ||
		    (n > 0 && g.src0 < m->seg[n - 1].src1))
			return PK_EINVAL;
		if (grow(m, n + 1) < 0)
			return PK_ENOMEM;
		m->seg[n++] = g;
	}
	if (n == 0)
		return PK_EINVAL;
	m->n = n;
	return 0;
}
