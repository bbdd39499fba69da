/* test_limiter.c: the true-peak limiter and the loudness meter on
 * synthetic signals. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "audio/gainplan_int.h"
#include "audio/limiter_int.h"
#include "podkit/loudness.h"

#define RATE 44100

/* n stereo frames of a sine of amplitude amp (linear), frequency hz and
 * phase ph. */
static float *sine_ph(size_t n, double hz, double amp, double ph)
{
	float *x = malloc(n * 2 * sizeof(float));
	size_t i;

	for (i = 0; i < n; i++) {
		float v = (float)(amp * sin(2 * M_PI * hz * i / RATE + ph));

		x[2 * i] = v;
		x[2 * i + 1] = v;
	}
	return x;
}

static float *sine(size_t n, double hz, double amp)
{
	return sine_ph(n, hz, amp, 0.3);
}

/* Runs x through a limiter; returns the output (same length). */
static float *limit(const float *x, size_t n, double ceil, double gain,
		    double *min_gain)
{
	struct pk_limiter *l = pk_limiter_new(2, RATE, ceil, gain);
	float *y = malloc(n * 2 * sizeof(float));
	size_t got = 0, k, chunk = 1000;
	const float *o;

	for (k = 0; k < n; k += chunk) {
		size_t m = n - k < chunk ? n - k : chunk;

		pk_limiter_process(l, x + 2 * k, m, &o, &m);
		memcpy(y + 2 * got, o, m * 2 * sizeof(float));
		got += m;
	}
	pk_limiter_flush(l, &o, &k);
	memcpy(y + 2 * got, o, k * 2 * sizeof(float));
	got += k;
	CHECK_INT(got, n);
	*min_gain = pk_limiter_min_gain_db(l);
	pk_limiter_free(l);
	return y;
}

static void test_transparent(void)
{
	size_t n = RATE * 2;
	float *x = sine(n, 997, 0.5); /* about -6 dBTP */
	double mg;
	float *y = limit(x, n, -1, 0, &mg);

	CHECK(memcmp(x, y, n * 2 * sizeof(float)) == 0);
	CHECK_NEAR(mg, 0, 1e-9);
	free(x);
	free(y);
}

static void test_limits_true_peak(void)
{
	size_t n = RATE * 2, i;
	/* fs/4 at 45 degrees: every sample misses the peak by 3 dB */
	float *x = sine_ph(n, RATE / 4.0, 0.8, M_PI / 4);
	double mg, tp_in = pk_true_peak(x, n, 2), sp = 0;
	float *y;

	for (i = 0; i < n * 2; i++)
		if (fabsf(x[i]) > sp)
			sp = fabsf(x[i]);
	/* the detector sees between samples */
	CHECK_NEAR(20 * log10(tp_in / sp), 3.01, 0.2);
	/* +6 dB of gain pushes it far over a -1 dBTP ceiling */
	y = limit(x, n, -1, 6, &mg);
	CHECK(20 * log10(pk_true_peak(y, n, 2)) <= -1.0);
	CHECK(mg < -3);
	for (i = 0; i < n * 2; i++)
		if (fabsf(y[i]) > pow(10, -1.0 / 20))
			break;
	CHECK_INT(i, n * 2); /* no sample over the ceiling either */
	free(x);
	free(y);
}

static void test_burst(void)
{
	/* quiet tone, a 10 ms full-scale burst in the middle: the gain dips
	 * around the burst only, smoothly, and comes back */
	size_t n = RATE, i, mid = n / 2, w = RATE / 100;
	float *x = sine(n, 440, 0.1), *y;
	double mg, maxstep = 0;

	for (i = mid; i < mid + w; i++)
		x[2 * i] = x[2 * i + 1] = (float)(i % 2 ? 1.0 : -1.0) * 0.99f;
	y = limit(x, n, -1, 0, &mg);
	CHECK(20 * log10(pk_true_peak(y, n, 2)) <= -1.0);
	/* far from the burst the signal is untouched */
	CHECK(memcmp(x, y, (mid - RATE / 10) * 2 * sizeof(float)) == 0);
	for (i = n - 100; i < n; i++)
		if (fabsf(y[2 * i] - x[2 * i]) > 0.001f)
			break;
	CHECK_INT(i, n);
	/* the gain (y/x on the tone before the burst) moves in small steps */
	for (i = mid - RATE / 100; i < mid; i++) {
		double g1, g0;

		if (fabsf(x[2 * i]) < 0.02f || fabsf(x[2 * i - 2]) < 0.02f)
			continue;
		g1 = y[2 * i] / x[2 * i];
		g0 = y[2 * i - 2] / x[2 * i - 2];
		if (fabs(g1 - g0) > maxstep)
			maxstep = fabs(g1 - g0);
	}
	CHECK(maxstep < 0.05);
	free(x);
	free(y);
}

static void test_meter(void)
{
	/* 1 kHz at -23 dBFS in both channels reads -23 LUFS (BS.1770) */
	size_t n = RATE * 10;
	float *x = sine(n, 1000, pow(10, -23.0 / 20));
	struct pk_meter *m;
	struct pk_loudness l;
	struct pk_error err;

	CHECK(pk_meter_new(&m, 2, RATE, NULL, PK_MEASURE_RANGE |
				 PK_MEASURE_TRUE_PEAK, 0, &err) == 0);
	CHECK(pk_meter_add(m, x, n, &err) == 0);
	CHECK(pk_meter_result(m, &l, &err) == 0);
	CHECK_NEAR(l.integrated, -23.0, 0.1);
	CHECK_NEAR(l.true_peak, -23.0, 0.2);
	CHECK_NEAR(l.duration, 10.0, 1e-9);
	pk_meter_free(m);
	free(x);
}

/* The meter that works its figures out from its 10 ms blocks reads what
 * libebur128's own gating and range read: 1 kHz, 20 s at -20 dBFS, 8 s
 * at -32, 2 s of silence, three times over, whose range is the 12 dB
 * between the two levels. */
static void test_meter_from_blocks(void)
{
	size_t n = RATE * 90, i;
	float *x = malloc(n * 2 * sizeof(float));
	struct pk_meter *m;
	struct pk_loudness full, cheap;
	struct pk_blocks b;
	struct pk_error err;
	int what = PK_MEASURE_RANGE | PK_MEASURE_BLOCKS;

	for (i = 0; i < n; i++) {
		double t = (double)i / RATE, ph = fmod(t, 30.0);
		double amp = ph < 20 ? pow(10, -20.0 / 20)
			     : ph < 28 ? pow(10, -32.0 / 20) : 0;
		float v = (float)(amp * sin(2 * M_PI * 1000 * t));

		x[2 * i] = v;
		x[2 * i + 1] = 0.5f * v;
	}
	CHECK(pk_meter_new(&m, 2, RATE, NULL, what, 0, &err) == 0);
	CHECK(pk_meter_add(m, x, n, &err) == 0);
	CHECK(pk_meter_result(m, &full, &err) == 0);
	pk_meter_free(m);
	CHECK(pk_meter_new(&m, 2, RATE, NULL, what | PK_MEASURE_FROM_BLOCKS, 0,
			   &err) == 0);
	CHECK(pk_meter_add(m, x, n, &err) == 0);
	CHECK(pk_meter_result(m, &cheap, &err) == 0);
	pk_meter_take_blocks(m, &b);
	pk_meter_free(m);
	CHECK_NEAR(cheap.integrated, full.integrated, 0.02);
	CHECK_NEAR(full.range, 12.0, 0.2);
	CHECK_NEAR(cheap.range, 12.0, 0.2);
	CHECK_NEAR(cheap.sample_peak, full.sample_peak, 1e-4);
	CHECK_NEAR(cheap.duration, 90.0, 1e-9);
	CHECK(isnan(cheap.true_peak));
	CHECK_INT(b.n, 9000);
	pk_blocks_release(&b);
	free(x);
}

static void test_gainplan(void)
{
	/* 60 s of 10 ms blocks at -30 LUFS with peaks at -20 dBFS */
	struct pk_blocks b = {0};
	size_t i, n = 6000;
	double e = pow(10, (-30 + 0.691) / 10), p = pow(10, -20.0 / 20);
	double i0, g;

	b.energy = malloc(n * sizeof(float));
	b.peak = malloc(n * sizeof(float));
	b.n = b.cap = n;
	b.frames = 441;
	b.rate = 44100;
	for (i = 0; i < n; i++) {
		b.energy[i] = (float)e;
		b.peak[i] = (float)p;
	}
	/* +10 dB keeps the peaks under -1: no limiting, exactly +10 */
	CHECK_NEAR(pk_gainplan_predict(&b, -30, 10, -1), -20, 1e-9);
	CHECK_NEAR(pk_gainplan_solve(&b, -30, -20, -1), 10, 1e-9);
	CHECK_NEAR(pk_gainplan_slope(&b, -30, 10, -1), 1, 1e-6);
	/* one loud burst per second: limiting it costs loudness, so the
	 * plan asks for more gain than target - measured */
	for (i = 0; i < n; i += 100) {
		b.energy[i] = (float)(e * 1000);
		b.peak[i] = 0.99f;
	}
	/* the bursts carry most of the energy: now it measures -19.6 */
	i0 = -30 + 10 * log10(0.99 + 0.01 * 1000);
	CHECK(pk_gainplan_predict(&b, i0, -16 - i0, -1) < -16.5);
	g = pk_gainplan_solve(&b, i0, -16, -1);
	CHECK(g > -16 - i0 + 0.5);
	CHECK_NEAR(pk_gainplan_predict(&b, i0, g, -1), -16, 0.02);
	CHECK(pk_gainplan_slope(&b, i0, g, -1) < 0.9);
	pk_blocks_release(&b);
}

int main(void)
{
	test_gainplan();
	test_transparent();
	test_limits_true_peak();
	test_burst();
	test_meter();
	test_meter_from_blocks();
	return harness_done();
}
