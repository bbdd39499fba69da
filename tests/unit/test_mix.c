/* test_mix.c: the double-ender's parts on synthetic signals: the lag
 * search over envelopes, the speech level of a track, the crosstalk gate's
 * depth and its look-ahead at a word's start. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "audio/mix_int.h"

#define RATE 48000

static uint32_t seed = 12345;

static double rnd(void) /* 0..1 */
{
	seed = seed * 1103515245u + 12345u;
	return ((seed >> 8) & 0xffffff) / (double)0x1000000;
}

/* A speech-like envelope (dB in PK_ENV bytes): syllables of random level
 * and length over a floor, with pauses. */
static void syllables(uint8_t *e, size_t n, double floor_db)
{
	size_t i = 0;

	while (i < n) {
		size_t len = 20 + (size_t)(rnd() * 40); /* 100-300 ms */
		double lvl = rnd() < 0.25 ? floor_db : -20 - rnd() * 15;
		size_t j;

		for (j = 0; j < len && i < n; j++, i++) {
			double db = lvl + rnd() * 2;

			e[i] =
			    (uint8_t)((db - PK_ENV_FLOOR_DB) / PK_ENV_STEP_DB);
		}
	}
}

/* dB of an envelope byte, and back */
static double env_db(uint8_t v)
{
	return v * PK_ENV_STEP_DB + PK_ENV_FLOOR_DB;
}

static uint8_t env_byte(double db)
{
	double v = (db - PK_ENV_FLOOR_DB) / PK_ENV_STEP_DB;

	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* A conversation's two mics in mix time: A talks in even 4 s turns, B in
 * odd ones; each mic hears the other voice 20 dB down over a -70 floor.
 * With other set, B's mic holds another conversation instead. */
static void conversation(uint8_t *ma, uint8_t *mb, size_t n, int other)
{
	uint8_t *va = malloc(n), *vb = malloc(n);
	size_t i;

	syllables(va, n, -100);
	syllables(vb, n, -100);
	for (i = 0; i < n; i++) {
		int turn_a = (i / 800) % 2 == 0;
		double a = turn_a ? env_db(va[i]) : -100;
		double b = turn_a ? -100 : env_db(vb[i]);

		if (other) /* its own talk, with turns elsewhere */
			b = (i / 700) % 2 ? env_db(vb[i]) : -100;
		ma[i] = env_byte(10 * log10(pow(10, a / 10) +
					    pow(10, (b - 20) / 10) + 1e-7));
		mb[i] = env_byte(
		    10 * log10(pow(10, b / 10) +
			       pow(10, (other ? -100 : a - 20) / 10) + 1e-7));
	}
	free(va);
	free(vb);
}

static void test_align(void)
{
	size_t n = 12000; /* 60 s of hops */
	uint8_t *a = malloc(n), *mb = malloc(n);
	long lag_true = 340; /* B's recorder started 1.7 s late */
	double lag = 0, match = 0, prominence = 0;
	int r;

	conversation(a, mb, n, 0);
	/* b's hop i is mix hop i + lag_true */
	r = pk_align_lag(a, n, mb + lag_true, n - (size_t)lag_true, 0, 4000,
			 -6000, 6000, &lag, &match, &prominence);
	CHECK_INT(r, 0);
	CHECK_NEAR(lag, lag_true, 0.6);
	CHECK(match > 0.3);
	CHECK(prominence > 10);
	printf("#   related: match %.2f, prominence %.1f\n", match, prominence);
	/* an unrelated recording: no clear peak */
	conversation(a, mb, n, 1);
	r = pk_align_lag(a, n, mb, n, 0, 4000, -6000, 6000, &lag, &match,
			 &prominence);
	CHECK(r != 0 || prominence < 10);
	printf("#   unrelated: match %.2f, prominence %.1f\n", match,
	       prominence);
	/* too little overlap at every lag: refused */
	r = pk_align_lag(a, n, mb, 100, 0, 4000, -10, 10, &lag, &match,
			 &prominence);
	CHECK_INT(r, PK_EINVAL);
	free(a);
	free(mb);
}

/* The speech level ignores bleed 15 dB down and pauses: a track with 20 %
 * speech at -20 dBFS (a 1 kHz sine, about -20 LUFS) and bleed at -35. */
static void test_speech_level(void)
{
	struct pk_trackscan s;
	size_t n = RATE / 10, i, k;
	float *x = malloc(n * sizeof(float));
	double amp_speech = pow(10, -20 / 20.0) * sqrt(2),
	       amp_bleed = pow(10, -35 / 20.0) * sqrt(2);

	CHECK_INT(pk_trackscan_init(&s, RATE), 0);
	for (k = 0; k < 600; k++) { /* 60 s in 100 ms pieces */
		double amp = (k / 20) % 5 == 0 ? amp_speech : amp_bleed;

		for (i = 0; i < n; i++)
			x[i] = (float)(amp * sin(2 * M_PI * 1000 * i / RATE));
		pk_trackscan_process(&s, x, n);
	}
	pk_trackscan_finish(&s);
	/* a sine of RMS -20 dBFS reads -20 LUFS at 1 kHz; the windows that
	 * straddle a turn's edges pull the power mean down a little */
	CHECK_NEAR(pk_trackscan_speech(&s), -20, 0.8);
	CHECK_INT(s.n, 12000);
	pk_trackscan_release(&s);
	/* silence has no speech */
	CHECK_INT(pk_trackscan_init(&s, RATE), 0);
	memset(x, 0, n * sizeof(float));
	for (k = 0; k < 50; k++)
		pk_trackscan_process(&s, x, n);
	CHECK(isinf(pk_trackscan_speech(&s)));
	pk_trackscan_release(&s);
	free(x);
}

/* Two mics: A talks for 2 s, then B for 2 s; each mic hears the other
 * 20 dB down over a -65 dBFS floor. */
static void test_gate(void)
{
	struct pk_xgate g;
	int block, k, i, step, lat;
	float *a, *b, *out;
	const float *in[2];
	double amp = pow(10, -23 / 20.0) * sqrt(2);
	double worst_b_in_a = -1e9, onset_in = 0, onset_out = 0;

	CHECK_INT(pk_xgate_init(&g, 2, RATE, 24, -23), 0);
	block = pk_xgate_block(&g);
	lat = pk_xgate_latency(&g);
	CHECK_INT(block, 480);
	a = malloc((size_t)block * sizeof(float));
	b = malloc((size_t)block * sizeof(float));
	out = malloc((size_t)block * sizeof(float));
	in[0] = a;
	in[1] = b;
	for (step = 0; step < 1200; step++) {  /* 12 s */
		int talker = (step / 200) % 2; /* 0: A, 1: B */
		/* syllables: 200 ms of voice, 100 ms of gap */
		double on = (step % 200) % 30 < 20;

		for (i = 0; i < block; i++) {
			double t = (double)(step * block + i) / RATE;
			double va = talker == 0
					? on * amp * sin(2 * M_PI * 300 * t)
					: 0;
			double vb = talker == 1
					? on * amp * sin(2 * M_PI * 450 * t)
					: 0;
			double fl = (rnd() - 0.5) * 2e-3;

			a[i] = (float)(va + 0.1 * vb + fl);
			b[i] = (float)(vb + 0.1 * va + fl);
		}
		pk_xgate_process(&g, in, out);
		/* out is the block of step - lat; its gain for B is
		 * gain_db[1] at its end */
		k = step - lat;
		/* from 0.7 s into each of A's turns after the first (the gate
		 * holds 300 ms, then closes over 200 ms) to 50 ms before B
		 * talks (it opens 30 ms ahead) */
		if (k > 200 && (k / 200) % 2 == 0 && k % 200 >= 70 &&
		    k % 200 < 195)
			worst_b_in_a = fmax(worst_b_in_a, g.gain_db[1]);
		/* B's word at 6 s (block 600) starts at full level */
		if (k == 600) {
			for (i = 0; i < block; i++) {
				double t = (double)(k * block + i) / RATE;

				onset_in +=
				    pow(amp * sin(2 * M_PI * 450 * t), 2);
				onset_out += (double)out[i] * out[i];
			}
		}
	}
	CHECK(worst_b_in_a <= -15);
	printf("#   B's gain while A talks: at most %.1f dB\n", worst_b_in_a);
	/* A's bleed is in out too (A's gate is open for 300 ms more), at
	 * -20 dB: the word's block is within 1 dB of its input */
	CHECK_NEAR(10 * log10(onset_out / onset_in), 0, 1.0);
	CHECK(g.closed[1] > 0 && g.closed[0] > 0);
	free(a);
	free(b);
	free(out);
	pk_xgate_release(&g);
}

int main(void)
{
	test_align();
	test_speech_level();
	test_gate();
	return harness_done();
}
