/* pauses.c: pauses longer than a limit, found from per-block loudness
 * relative to the speech (see pauses_int.h). */
#include "audio/pauses_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/error.h"

/* Smoothing of the 10 ms blocks, in blocks (50 ms): one quiet block in
 * a word (a stop consonant's closure) is not a pause. */
#define SMOOTH_BLOCKS 5
/* The threshold: this far over the noise floor (dB), within these
 * bounds under the speech (LU). */
#define OVER_FLOOR_DB 6
#define NEAREST_LU 15
#define FURTHEST_LU 35
/* The floor is the loudness this share of the blocks is under. */
#define FLOOR_SHARE 0.10

void pk_cuts_release(struct pk_cuts *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

int64_t pk_cuts_frames(const struct pk_cuts *c)
{
	int64_t s = 0;
	size_t i;

	for (i = 0; i < c->n; i++)
		s += c->v[i].b - c->v[i].a;
	return s;
}

static int push(struct pk_cuts *c, int64_t a, int64_t b)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct pk_cut *p = realloc(c->v, cap * sizeof(*p));

		if (!p)
			return PK_ENOMEM;
		c->v = p;
		c->cap = cap;
	}
	c->v[c->n].a = a;
	c->v[c->n].b = b;
	c->n++;
	return 0;
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return x < y ? -1 : x > y;
}

int pk_pauses_find(const struct pk_blocks *b, double speech_lufs,
		   double max_pause, struct pk_cuts *out)
{
	float *sm = NULL, *sorted = NULL;
	double floor_db, thr_db, thr, keep;
	size_t i, run = 0, keep_blocks, half;
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (!b || b->n == 0 || !isfinite(speech_lufs) || !(max_pause > 0))
		return 0;
	sm = malloc(b->n * sizeof(*sm));
	sorted = malloc(b->n * sizeof(*sorted));
	if (!sm || !sorted) {
		r = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < b->n; i++) {
		size_t lo = i >= SMOOTH_BLOCKS / 2 ? i - SMOOTH_BLOCKS / 2 : 0;
		size_t hi = i + SMOOTH_BLOCKS / 2 + 1, k;
		double s = 0;

		if (hi > b->n)
			hi = b->n;
		for (k = lo; k < hi; k++)
			s += b->energy[k];
		sm[i] = (float)(s / (double)(hi - lo));
	}
	memcpy(sorted, sm, b->n * sizeof(*sm));
	qsort(sorted, b->n, sizeof(*sorted), cmp_float);
	floor_db = sorted[(size_t)(FLOOR_SHARE * (double)(b->n - 1))];
	floor_db = floor_db > 0 ? -0.691 + 10 * log10(floor_db) : -HUGE_VAL;
	thr_db = floor_db + OVER_FLOOR_DB;
	if (thr_db < speech_lufs - FURTHEST_LU)
		thr_db = speech_lufs - FURTHEST_LU;
	if (thr_db > speech_lufs - NEAREST_LU)
		thr_db = speech_lufs - NEAREST_LU;
	thr = pow(10, (thr_db + 0.691) / 10);
	keep = max_pause * b->rate / b->frames;
	keep_blocks = (size_t)llround(keep);
	half = keep_blocks / 2;
	for (i = 0; i <= b->n; i++) {
		if (i < b->n && sm[i] < thr) {
			run++;
			continue;
		}
		if (run > keep_blocks) {
			size_t start = i - run + half;
			size_t end = i - (keep_blocks - half);

			if ((r = push(out, (int64_t)start * b->frames,
				      (int64_t)end * b->frames)) < 0)
				goto out;
		}
		run = 0;
	}
out:
	if (r < 0)
		pk_cuts_release(out);
	free(sm);
	free(sorted);
	return r;
}
