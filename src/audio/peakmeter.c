/* peakmeter.c: the streaming true-peak meter of the check after encoding
 * (see limiter_int.h). */
#include "audio/limiter_int.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/error.h"

#define PHASES 8 /* oversampling factor */
#define HALF 16	 /* interpolator half length: 2*HALF taps per phase */
#define TAPS (2 * HALF)
#define BLOCK 64 /* frames judged at once by the quick bound */

/* Kaiser-windowed sinc for the fractions 1/8 .. 7/8 between frames i and
 * i+1, taps over frames i-HALF+1 .. i+HALF; each phase sums to 1. coef_l1
 * is the largest phase's sum of magnitudes: no interpolated value exceeds
 * it times the largest input. near_l1 is the same over the NEAR taps
 * either side of the interval, far_l1 over the others: an interval's
 * values are bounded by near_l1 times its neighbours' largest plus far_l1
 * times the window's largest, which rules most intervals out at the cost
 * of a few comparisons. */
#define NEAR 2
static float coef[PHASES - 1][TAPS];
static double coef_l1, near_l1, far_l1;

static double bessel_i0(double x)
{
	double s = 1, t = 1;
	int k;

	for (k = 1; k < 40; k++) {
		t *= (x / (2 * k)) * (x / (2 * k));
		s += t;
	}
	return s;
}

static void make_coef(void)
{
	const double beta = 8.0;
	int p, j;

	for (p = 1; p < PHASES; p++) {
		double sum = 0, l1 = 0, near = 0, far = 0, c[TAPS];

		for (j = 0; j < TAPS; j++) {
			double t = (double)p / PHASES - (j - HALF + 1);
			double w = t / HALF;
			double s = sin(M_PI * t) / (M_PI * t);

			w = fabs(w) < 1 ? bessel_i0(beta * sqrt(1 - w * w)) /
						  bessel_i0(beta)
					: 0;
			c[j] = s * w;
			sum += c[j];
		}
		for (j = 0; j < TAPS; j++) {
			double a = fabs(c[j] / sum);

			coef[p - 1][j] = (float)(c[j] / sum);
			l1 += a;
			if (j >= HALF - NEAR && j < HALF + NEAR)
				near += a;
			else
				far += a;
		}
		if (l1 > coef_l1)
			coef_l1 = l1;
		if (near > near_l1)
			near_l1 = near;
		if (far > far_l1)
			far_l1 = far;
	}
	/* rounding in float: keep the bounds bounds */
	coef_l1 *= 1.0001;
	near_l1 *= 1.0001;
	far_l1 *= 1.0001;
}

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

struct pk_peakmeter {
	int ch;
	float *buf; /* TAPS - 1 frames of history + the new frames */
	size_t cap; /* in frames */
	double peak;
};

struct pk_peakmeter *pk_peakmeter_new(int channels)
{
	struct pk_peakmeter *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	init_coef();
	p->ch = channels;
	p->cap = 4096;
	p->buf = calloc(p->cap * channels, sizeof(float));
	if (!p->buf) {
		free(p);
		return NULL;
	}
	return p;
}

int pk_peakmeter_add(struct pk_peakmeter *p, const float *in, size_t n)
{
	const size_t hist = TAPS - 1;
	size_t total = hist + n, i, k;
	int ch = p->ch, c;

	if (total > p->cap) {
		float *b = realloc(p->buf, total * ch * sizeof(float));

		if (!b)
			return PK_ENOMEM;
		p->buf = b;
		p->cap = total;
	}
	memcpy(p->buf + hist * ch, in, n * ch * sizeof(float));
	/* judge the frames whose window is complete, BLOCK at a time */
	for (i = 0; i + TAPS <= total; i += BLOCK) {
		size_t end = i + BLOCK, span;
		float mx = 0;

		if (end + TAPS - 1 > total)
			end = total - TAPS + 1;
		span = (end - i + TAPS - 1) * ch;
		for (k = 0; k < span; k++)
			if (fabsf(p->buf[i * ch + k]) > mx)
				mx = fabsf(p->buf[i * ch + k]);
		if (mx * coef_l1 <= p->peak)
			continue; /* nothing here can beat the peak so far */
		for (k = i; k < end; k++)
			for (c = 0; c < ch; c++) {
				const float *x = p->buf + k * ch;
				float nb = 0;
				int q;
				double v;

				for (q = HALF - NEAR; q < HALF + NEAR; q++)
					if (fabsf(x[q * ch + c]) > nb)
						nb = fabsf(x[q * ch + c]);
				if (nb * near_l1 + mx * far_l1 <= p->peak)
					continue;
				v = peak_at(x, ch, c);
				if (v > p->peak)
					p->peak = v;
			}
	}
	memmove(p->buf, p->buf + (total - hist) * ch,
		hist * ch * sizeof(float));
	return 0;
}

double pk_peakmeter_peak(const struct pk_peakmeter *p)
{
	return p->peak;
}

void pk_peakmeter_free(struct pk_peakmeter *p)
{
	if (!p)
		return;
	free(p->buf);
	free(p);
}
