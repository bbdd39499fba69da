/* gainplan.c: the limiter's effect on loudness, modelled block by block. */
#include "audio/gainplan_int.h"

#include <math.h>
#include <stdlib.h>

#include "audio/limiter_int.h"

/* as the limiter: release time constant, and a small allowance for peaks
 * between samples the block peaks (sample peaks) do not show */
#define RELEASE_S 0.080
#define INTERSAMPLE 1.06

/* The modelled limiter gain of block i given the envelope so far (*env,
 * updated); returns the block's mean gain. */
static double envelope(const struct pk_blocks *b, size_t i, double g,
		       double c, double rel, double *env)
{
	double need = 1, next = 1, a, mid;

	if (b->peak[i] * g * INTERSAMPLE > c)
		need = c / (b->peak[i] * g * INTERSAMPLE);
	if (i + 1 < b->n && b->peak[i + 1] * g * INTERSAMPLE > c)
		next = c / (b->peak[i + 1] * g * INTERSAMPLE);
	/* the attack ramps down through about half the block before a peak */
	a = next < need ? 0.5 * (need + next) : need;
	/* recovering through the block: its mean is about its middle */
	mid = 1 - (1 - *env) * sqrt(rel);
	*env = 1 - (1 - *env) * rel;
	if (a < *env)
		*env = a;
	return a < mid ? a : mid;
}

/* BS.1770 gated loudness of the blocks scaled by gain g and the modelled
 * limiter (ceiling c, linear; c <= 0: no limiter). gb is scratch space
 * for n / 10 gating blocks. */
static double gated(const struct pk_blocks *b, double g, double c,
		    double *gb)
{
	const size_t per = 40, step = 10; /* 400 ms blocks every 100 ms */
	double rel = exp(-(double)b->frames / (b->rate * RELEASE_S));
	double thr_abs = pow(10, (-70 + 0.691) / 10), thr_rel;
	double env = 1, gain = 1, win = 0, sum = 0, ring[40];
	size_t i, n = 0, k, kept = 0;

	for (i = 0; i < b->n; i++) {
		double e;

		if (c > 0)
			gain = envelope(b, i, g, c, rel, &env);
		e = b->energy[i] * g * g * gain * gain;
		if (i >= per)
			win -= ring[i % per];
		ring[i % per] = e;
		win += e;
		if (i + 1 >= per && (i + 1) % step == 0)
			gb[n++] = win / per;
	}
	for (k = 0; k < n; k++)
		if (gb[k] > thr_abs) {
			sum += gb[k];
			kept++;
		}
	if (kept == 0)
		return -HUGE_VAL;
	thr_rel = sum / kept * 0.1; /* -10 LU under the ungated mean */
	sum = 0;
	kept = 0;
	for (k = 0; k < n; k++)
		if (gb[k] > thr_abs && gb[k] > thr_rel) {
			sum += gb[k];
			kept++;
		}
	return kept ? -0.691 + 10 * log10(sum / kept) : -HUGE_VAL;
}

double pk_gainplan_predict(const struct pk_blocks *b, double integrated,
			   double gain_db, double ceil_db)
{
	double g = pow(10, gain_db / 20);
	double c = pow(10, (ceil_db - PK_LIMITER_MARGIN_DB) / 20);
	double free_l, lim_l, *gb;

	if (!b || b->n < 40 || !(gb = malloc((b->n / 10 + 1) * sizeof(*gb))))
		return integrated + gain_db;
	/* the model's own bias cancels: only its difference is used */
	free_l = gated(b, g, 0, gb);
	lim_l = gated(b, g, c, gb);
	free(gb);
	if (!isfinite(free_l) || !isfinite(lim_l))
		return integrated + gain_db;
	return integrated + gain_db - (free_l - lim_l);
}

double pk_gainplan_loudness(const struct pk_blocks *b)
{
	double l, *gb;

	if (!b || b->n < 40)
		return -HUGE_VAL;
	if (!(gb = malloc((b->n / 10 + 1) * sizeof(*gb))))
		return NAN;
	l = gated(b, 1, 0, gb);
	free(gb);
	return l;
}

double pk_gainplan_solve(const struct pk_blocks *b, double integrated,
			 double target, double ceil_db)
{
	double lo = target - integrated, hi = lo + 24;
	int i;

	if (!isfinite(lo))
		return 0;
	if (pk_gainplan_predict(b, integrated, lo, ceil_db) >= target - 0.01)
		return lo;
	if (pk_gainplan_predict(b, integrated, hi, ceil_db) < target)
		return hi;
	for (i = 0; i < 24 && hi - lo > 0.005; i++) {
		double mid = 0.5 * (lo + hi);

		if (pk_gainplan_predict(b, integrated, mid, ceil_db) < target)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

double pk_gainplan_slope(const struct pk_blocks *b, double integrated,
			 double gain_db, double ceil_db)
{
	double s = pk_gainplan_predict(b, integrated, gain_db + 0.25, ceil_db) -
		   pk_gainplan_predict(b, integrated, gain_db - 0.25, ceil_db);

	return s / 0.5;
}
