/* limiter.c: look-ahead true-peak limiter (see limiter.h). */
#include "audio/limiter_int.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/error.h"

#define PHASES 4        /* oversampling factor of the detector */
#define HALF 8          /* interpolator half length: 2*HALF taps per phase */
#define TAPS (2 * HALF)
#define BLOCK 64        /* frames judged at once by the quick bound */
#define ATTACK_MS 5.0   /* look-ahead: the gain ramps down over this */
#define RELEASE_MS 80.0

struct pk_limiter {
	int ch;
	double ceil;     /* linear */
	float pregain;
	int L;           /* attack/box length in frames */
	int W;           /* min-filter window: L + 2*HALF */
	int D;           /* output delay: L - 1 + HALF */
	float *buf;      /* frames from absolute index base on (owned) */
	size_t cap, n;   /* in frames */
	int64_t base;
	int64_t det;     /* next frame to judge */
	int64_t real_end;/* frames fed (real, not padding) */
	int flushed;
	/* monotonic deque of (index, gain) for the sliding minimum */
	int64_t *qi;
	double *qv;
	int qhead, qlen, qcap;
	double rel, r;   /* release coefficient and current released gain */
	double *box;     /* the last L released gains */
	int boxpos, non1;
	double boxsum;
	float *out;
	size_t out_cap;
	double min_gain;
	int64_t limited;
};

/* Polyphase coefficients for the fractions 1/4, 2/4, 3/4 between frames i
 * and i+1, taps over frames i-HALF+1 .. i+HALF; each phase sums to 1. */
static float coef[PHASES - 1][TAPS];
static double coef_l1 = 0;

static double bessel_i0(double x)
{
	double s = 1, t = 1;
	int k;

	for (k = 1; k < 30; k++) {
		t *= (x / (2 * k)) * (x / (2 * k));
		s += t;
	}
	return s;
}

static void make_coef(void)
{
	const double beta = 7.0;
	int p, j;

	for (p = 1; p < PHASES; p++) {
		double sum = 0, l1 = 0, c[TAPS];

		for (j = 0; j < TAPS; j++) {
			/* distance from tap frame (i - HALF + 1 + j) */
			double t = (double)p / PHASES - (j - HALF + 1);
			double w = t / HALF;
			double s = t == 0 ? 1 : sin(M_PI * t) / (M_PI * t);

			w = fabs(w) < 1 ? bessel_i0(beta * sqrt(1 - w * w)) /
						  bessel_i0(beta)
					: 0;
			c[j] = s * w;
			sum += c[j];
		}
		for (j = 0; j < TAPS; j++) {
			coef[p - 1][j] = (float)(c[j] / sum);
			l1 += fabs(c[j] / sum);
		}
		if (l1 > coef_l1)
			coef_l1 = l1;
	}
}

/* Once per process, whichever thread comes first (builds run episodes in
 * parallel). */
static void init_coef(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, make_coef);
}

/* The oversampled peak of channel c over [frame i, frame i+1): x points at
 * frame i - HALF + 1 of an interleaved buffer. */
static double peak_at(const float *x, int ch, int c)
{
	double m = fabs(x[(HALF - 1) * ch + c]);
	int p, j;

	for (p = 0; p < PHASES - 1; p++) {
		float acc = 0;

		for (j = 0; j < TAPS; j++)
			acc += coef[p][j] * x[j * ch + c];
		if (fabsf(acc) > m)
			m = fabsf(acc);
	}
	return m;
}

double pk_true_peak(const float *frames, size_t n, int channels)
{
	size_t len = (n + TAPS) * (size_t)channels, i;
	float *x = calloc(len, sizeof(float));
	double m = 0;
	int c;

	if (!x)
		return NAN;
	init_coef();
	memcpy(x + (HALF - 1) * channels, frames,
	       n * channels * sizeof(float));
	for (i = 0; i < n; i++)
		for (c = 0; c < channels; c++) {
			double v = peak_at(x + i * channels, channels, c);

			if (v > m)
				m = v;
		}
	free(x);
	return m;
}

struct pk_limiter *pk_limiter_new(int channels, int rate, double ceiling_db,
				  double gain_db)
{
	struct pk_limiter *l = calloc(1, sizeof(*l));
	int i;

	if (!l)
		return NULL;
	init_coef();
	l->ch = channels;
	l->ceil = pow(10, (ceiling_db - PK_LIMITER_MARGIN_DB) / 20);
	l->pregain = (float)pow(10, gain_db / 20);
	l->L = (int)(ATTACK_MS * rate / 1000);
	if (l->L < HALF + 2)
		l->L = HALF + 2;
	l->W = l->L + 2 * HALF;
	l->D = l->L - 1 + HALF;
	l->rel = exp(-1000.0 / (RELEASE_MS * rate));
	l->r = 1;
	l->qcap = l->W + 2;
	l->qi = malloc(l->qcap * sizeof(*l->qi));
	l->qv = malloc(l->qcap * sizeof(*l->qv));
	l->box = malloc(l->L * sizeof(*l->box));
	l->cap = 8192;
	l->buf = calloc(l->cap * channels, sizeof(float));
	if (!l->qi || !l->qv || !l->box || !l->buf) {
		pk_limiter_free(l);
		return NULL;
	}
	for (i = 0; i < l->L; i++)
		l->box[i] = 1;
	l->boxsum = l->L;
	/* HALF frames of silence before the start feed the interpolator. */
	l->base = -HALF;
	l->n = HALF;
	l->min_gain = 1;
	return l;
}

static int append(struct pk_limiter *l, const float *in, size_t n, float g)
{
	size_t need = l->n + n, i, k = n * (size_t)l->ch;
	float *dst;

	if (need > l->cap) {
		size_t cap = l->cap;
		float *p;

		while (cap < need)
			cap *= 2;
		p = realloc(l->buf, cap * l->ch * sizeof(float));
		if (!p)
			return PK_ENOMEM;
		l->buf = p;
		l->cap = cap;
	}
	dst = l->buf + l->n * l->ch;
	if (in)
		for (i = 0; i < k; i++)
			dst[i] = in[i] * g;
	else
		memset(dst, 0, k * sizeof(float));
	l->n = need;
	return 0;
}

/* Pushes the needed gain of frame l->det through the envelope and returns
 * the smoothed gain of frame det - D. */
static double envelope(struct pk_limiter *l, double g)
{
	int64_t n = l->det;
	double m, a, old;

	/* sliding minimum over the last W needed gains */
	if (l->qlen && l->qi[l->qhead] <= n - l->W) {
		l->qhead = (l->qhead + 1) % l->qcap;
		l->qlen--;
	}
	if (g < 1) {
		while (l->qlen &&
		       l->qv[(l->qhead + l->qlen - 1) % l->qcap] >= g)
			l->qlen--;
		l->qi[(l->qhead + l->qlen) % l->qcap] = n;
		l->qv[(l->qhead + l->qlen) % l->qcap] = g;
		l->qlen++;
	}
	m = l->qlen ? l->qv[l->qhead] : 1;
	/* release: recover towards 1, never above the minimum */
	if (l->r < 1) {
		l->r = 1 - (1 - l->r) * l->rel;
		if (1 - l->r < 1e-4)
			l->r = 1;
	}
	if (m < l->r)
		l->r = m;
	/* attack: a box average over L frames turns steps into ramps */
	old = l->box[l->boxpos];
	l->box[l->boxpos] = l->r;
	l->boxpos = (l->boxpos + 1) % l->L;
	l->non1 += (l->r < 1) - (old < 1);
	if (l->non1 == 0) {
		l->boxsum = l->L;
		return 1;
	}
	l->boxsum += l->r - old;
	a = l->boxsum / l->L;
	return a < 1 ? a : 1;
}

/* Judges frames up to avail (exclusive), writing finished frames to out. */
static int run(struct pk_limiter *l, int64_t avail, size_t *nout)
{
	int ch = l->ch;
	size_t o = 0;
	int64_t i;

	{
		size_t want = (size_t)(avail - l->det) + 1;

		if (want > l->out_cap) {
			float *p = realloc(l->out, want * ch * sizeof(float));

			if (!p)
				return PK_ENOMEM;
			l->out = p;
			l->out_cap = want;
		}
	}
	while (l->det < avail) {
		int64_t end = l->det + BLOCK < avail ? l->det + BLOCK : avail;
		const float *x0 = l->buf + (l->det - HALF + 1 - l->base) * ch;
		size_t span = (size_t)(end - l->det + TAPS - 1) * ch, k;
		float mx = 0;
		int quiet;

		/* Quick bound: no interpolated value can exceed the largest
		 * sample times the filter's L1 norm. */
		for (k = 0; k < span; k++) {
			float v = fabsf(x0[k]);

			if (v > mx)
				mx = v;
		}
		quiet = mx * coef_l1 <= l->ceil;
		for (i = l->det; i < end; i++, l->det++) {
			double g = 1, a;

			if (!quiet) {
				const float *x = l->buf +
						 (i - HALF + 1 - l->base) * ch;
				double pk = 0;
				int c;

				for (c = 0; c < ch; c++) {
					double v = peak_at(x, ch, c);

					if (v > pk)
						pk = v;
				}
				if (pk > l->ceil)
					g = l->ceil / pk;
			}
			a = envelope(l, g);
			if (i - l->D >= 0 && i - l->D < l->real_end) {
				const float *src = l->buf +
						   (i - l->D - l->base) * ch;
				float *dst = l->out + o * ch;
				int c;

				if (a < 1) {
					l->limited++;
					if (a < l->min_gain)
						l->min_gain = a;
					for (c = 0; c < ch; c++)
						dst[c] = (float)(src[c] * a);
				} else {
					memcpy(dst, src, ch * sizeof(float));
				}
				o++;
			}
		}
	}
	*nout = o;
	/* Drop frames nobody needs any more: keep from det - D and from
	 * det - HALF + 1 (the interpolator's history). */
	{
		int64_t keep = l->det - l->D;
		size_t drop;

		if (l->det - HALF + 1 < keep)
			keep = l->det - HALF + 1;
		if (keep > l->base) {
			drop = (size_t)(keep - l->base);
			memmove(l->buf, l->buf + drop * ch,
				(l->n - drop) * ch * sizeof(float));
			l->n -= drop;
			l->base = keep;
		}
	}
	return 0;
}

int pk_limiter_process(struct pk_limiter *l, const float *in, size_t n,
		       const float **out, size_t *nout)
{
	int r;

	*nout = 0;
	*out = l->out;
	if (append(l, in, n, l->pregain) < 0)
		return PK_ENOMEM;
	l->real_end += (int64_t)n;
	/* frame i can be judged once frames up to i + HALF are here */
	r = run(l, l->base + (int64_t)l->n - HALF, nout);
	*out = l->out;
	return r;
}

int pk_limiter_flush(struct pk_limiter *l, const float **out, size_t *nout)
{
	int r;

	*nout = 0;
	*out = l->out;
	if (l->flushed)
		return 0;
	l->flushed = 1;
	if (append(l, NULL, (size_t)(l->D + HALF), 0) < 0)
		return PK_ENOMEM;
	r = run(l, l->base + (int64_t)l->n - HALF, nout);
	*out = l->out;
	return r;
}

double pk_limiter_min_gain_db(const struct pk_limiter *l)
{
	return 20 * log10(l->min_gain);
}

int64_t pk_limiter_limited_frames(const struct pk_limiter *l)
{
	return l->limited;
}

void pk_limiter_free(struct pk_limiter *l)
{
	if (!l)
		return;
	free(l->buf);
	free(l->qi);
	free(l->qv);
	free(l->box);
	free(l->out);
	free(l);
}
