/* test_cleanup.c: the clean-up keeps the audio's length and timing (the
 * time map relies on it), and the pause finder cuts only what is longer
 * than the limit, from the middle, on block boundaries. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "audio/cleanup_int.h"
#include "audio/pauses_int.h"

#define RATE 44100

/* Runs n mono frames of x through a clean-up; returns the frames out (a
 * malloc'd copy) and their count. */
static float *clean(const struct pk_cleanup_opts *o, const float *x, size_t n,
		    size_t *nout)
{
	struct pk_cleanup *c = NULL;
	float *out = malloc((n + RATE) * sizeof(float));
	const float *f;
	size_t k, m, got = 0, i;

	if (pk_cleanup_new(&c, 1, RATE, o, NULL) < 0 || !c)
		return NULL;
	/* odd block sizes, as a decoder gives them */
	for (i = 0; i < n; i += k) {
		k = n - i < 1152 ? n - i : 1152;
		pk_cleanup_process(c, x + i, k, &f, &m, NULL);
		memcpy(out + got, f, m * sizeof(float));
		got += m;
	}
	pk_cleanup_finish(c, &f, &k, NULL);
	memcpy(out + got, f, k * sizeof(float));
	got += k;
	pk_cleanup_free(c);
	*nout = got;
	return out;
}

static size_t loudest(const float *x, size_t n)
{
	size_t i, at = 0;

	for (i = 0; i < n; i++)
		if (fabsf(x[i]) > fabsf(x[at]))
			at = i;
	return at;
}

static void test_timing(void)
{
	struct pk_cleanup_opts hp = {PK_HIGHPASS_DEFAULT_HZ, PK_DENOISE_NONE,
				     NAN};
	struct pk_cleanup_opts dn = {PK_HIGHPASS_DEFAULT_HZ, PK_DENOISE_AFFTDN,
				     -60};
	struct pk_cleanup_opts none = {0, PK_DENOISE_NONE, NAN};
	size_t n = 3 * RATE, got = 0, i;
	float *x = calloc(n, sizeof(float)), *y;

	/* a 2 kHz burst at exactly 1 s, under quiet noise */
	srand(1);
	for (i = 0; i < n; i++)
		x[i] = (float)(0.001 * ((double)rand() / RAND_MAX - 0.5));
	for (i = 0; i < RATE / 100; i++)
		x[RATE + i] += (float)(0.5 * sin(2 * M_PI * 2000.0 * i / RATE) *
				       sin(M_PI * i / (RATE / 100.0)));
	{
		struct pk_cleanup *c = (struct pk_cleanup *)1;

		CHECK_INT(pk_cleanup_new(&c, 1, RATE, &none, NULL), 0);
		CHECK(c == NULL); /* nothing asked, nothing built */
	}
	y = clean(&hp, x, n, &got);
	CHECK(y != NULL);
	CHECK_INT(got, n);
	/* the burst's peak stays within 1 ms */
	CHECK_NEAR((double)loudest(y, got) / RATE, (double)loudest(x, n) / RATE,
		   0.001);
	free(y);
	y = clean(&dn, x, n, &got);
	CHECK(y != NULL);
	CHECK_INT(got, n);
	CHECK_NEAR((double)loudest(y, got) / RATE, (double)loudest(x, n) / RATE,
		   0.001);
	free(y);
	free(x);
}

/* Blocks of 10 ms: speech at -20 LUFS with a pause of `pause` seconds at
 * -60 LUFS from 5 s, then speech to 12 s. */
static void blocks(struct pk_blocks *b, double pause)
{
	size_t i, n = 1200;
	double sp = pow(10, (-20 + 0.691) / 10),
	       q = pow(10, (-60 + 0.691) / 10);

	b->energy = malloc(n * sizeof(float));
	b->peak = malloc(n * sizeof(float));
	b->n = b->cap = n;
	b->frames = RATE / 100;
	b->rate = RATE;
	for (i = 0; i < n; i++) {
		int quiet = i >= 500 && i < 500 + (size_t)(pause * 100);

		b->energy[i] = (float)(quiet ? q : sp);
		b->peak[i] = quiet ? 0.001f : 0.3f;
	}
}

static void test_pauses(void)
{
	struct pk_blocks b = {0};
	struct pk_cuts c;

	blocks(&b, 4);
	CHECK_INT(pk_pauses_find(&b, -20, 1.5, &c), 0);
	CHECK_INT(c.n, 1);
	/* the 50 ms smoothing lets the speech reach 20 ms into each end of
	 * the pause; of the 3.96 s left, the middle goes: 0.75 s kept on
	 * each side */
	CHECK_INT(c.v[0].a, (502 + 75) * b.frames);
	CHECK_INT(c.v[0].b, (898 - 75) * b.frames);
	CHECK_INT(pk_cuts_frames(&c), 246 * b.frames);
	pk_cuts_release(&c);
	/* a pause under the limit stays */
	CHECK_INT(pk_pauses_find(&b, -20, 5, &c), 0);
	CHECK_INT(c.n, 0);
	pk_cuts_release(&c);
	pk_blocks_release(&b);
	/* a short gap between words (0.3 s) is no pause to cut */
	blocks(&b, 0.3);
	CHECK_INT(pk_pauses_find(&b, -20, 0.2, &c), 0);
	CHECK_INT(c.n, 1);
	CHECK(pk_cuts_frames(&c) <= (int64_t)(0.1 * RATE) + b.frames);
	pk_cuts_release(&c);
	/* off, or nothing measured */
	CHECK_INT(pk_pauses_find(&b, -20, 0, &c), 0);
	CHECK_INT(c.n, 0);
	CHECK_INT(pk_pauses_find(&b, -HUGE_VAL, 1.5, &c), 0);
	CHECK_INT(c.n, 0);
	pk_blocks_release(&b);
}

int main(void)
{
	test_timing();
	test_pauses();
	return harness_done();
}
