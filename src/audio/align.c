/* align.c: what pk_mix learns of a track in its first pass (a log-energy
 * envelope and its speech loudness) and the search for the lag between
 * two tracks' envelopes. */
#include "audio/mix_int.h"

#include <ebur128.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Momentary loudness is read this often (seconds): ten readings for each
 * 400 ms window, enough to see every syllable's level. */
#define LEVEL_STEP_SEC 0.1
/* The meter reads the track averaged down to about this rate (Hz): speech
 * loudness lives under 4 kHz (the few tenths of a dB the averaging takes
 * off above it are the same for every track), and it costs a third. */
#define METER_RATE_HZ 16000
/* The lowest bin's loudness (LUFS) and the bin width (LU). */
#define LEVEL_LOW_LUFS (-70.0)
#define LEVEL_BIN_LU 0.1
/* The loud end of a track is its 98th percentile: the top 2 % of the
 * readings, which a speaker who talks a twentieth of the time still fills,
 * and which a few coughs or claps do not. */
#define LOUD_END_SHARE 0.02
/* Speech counts from this far under the loud end (LU): a voice's own
 * syllables span about 10 LU; the other voices' bleed into the mic and
 * the room tone lie 15 dB or more under it. */
#define SPEECH_GATE_LU 12.0
/* A track whose loud end is under this (LUFS) has no speech: a
 * microphone's room noise at -60 dBFS reads about here. */
#define SILENT_LUFS (-55.0)
/* The envelope is high-passed by taking away its mean over this many hops
 * either side (0.25 s): what is left is the syllables, not the turns (one
 * mic is loud while the other is quiet, which would pull the lag off). */
#define HP_HALF_HOPS 50
/* Lags this far (hops) from the peak are the background it is judged
 * against. */
#define OTHER_PEAK_HOPS 50

int pk_trackscan_init(struct pk_trackscan *s, int rate)
{
	memset(s, 0, sizeof(*s));
	s->rate = rate;
	s->hop_end = llround(rate * PK_ENV_HOP_SEC);
	s->dec = rate / METER_RATE_HZ > 1 ? rate / METER_RATE_HZ : 1;
	s->step = (int)lround(rate / s->dec * LEVEL_STEP_SEC);
	s->step_left = s->step;
	s->meter =
	    ebur128_init(1, (unsigned long)(rate / s->dec), EBUR128_MODE_M);
	if (!s->meter || s->hop_end < 1 || s->step < 1)
		return PK_ENOMEM;
	return 0;
}

static int push_hop(struct pk_trackscan *s, double mean_sq)
{
	double db = 10 * log10(mean_sq + 1e-12);
	double v = (db - PK_ENV_FLOOR_DB) / PK_ENV_STEP_DB;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 65536;
		uint8_t *p = realloc(s->env, cap);

		if (!p)
			return PK_ENOMEM;
		s->env = p;
		s->cap = cap;
	}
	s->env[s->n++] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : lround(v));
	return 0;
}

/* Ends the hop under way (frames since the last boundary). */
static int close_hop(struct pk_trackscan *s)
{
	int64_t start = llround(s->n * s->rate * PK_ENV_HOP_SEC);
	int64_t len = s->frames - start;
	int r = push_hop(s, len > 0 ? s->sum / (double)len : 0);

	s->sum = 0;
	s->hop_end = llround((s->n + 1) * s->rate * PK_ENV_HOP_SEC);
	return r;
}

static int read_level(struct pk_trackscan *s)
{
	double l, v;
	long bin;

	if (s->nmom == s->capmom) {
		size_t cap = s->capmom ? s->capmom * 2 : 4096;
		uint8_t *p = realloc(s->mom, cap);

		if (!p)
			return PK_ENOMEM;
		s->mom = p;
		s->capmom = cap;
	}
	if (ebur128_loudness_momentary(s->meter, &l) != EBUR128_SUCCESS ||
	    !(l > LEVEL_LOW_LUFS)) {
		s->mom[s->nmom++] = 0;
		return 0;
	}
	v = (l - LEVEL_LOW_LUFS) * 2;
	s->mom[s->nmom++] = (uint8_t)(v < 1 ? 1 : v > 255 ? 255 : lround(v));
	bin = lround((l - LEVEL_LOW_LUFS) / LEVEL_BIN_LU);
	if (bin >= PK_LEVEL_BINS)
		bin = PK_LEVEL_BINS - 1;
	s->hist[bin]++;
	return 0;
}

/* Feeds the meter n frames of its rate, a reading every step. */
static int meter_add(struct pk_trackscan *s, const float *x, size_t n)
{
	size_t i = 0, m;

	while (i < n) {
		m = n - i;
		if ((int64_t)m > s->step_left)
			m = (size_t)s->step_left;
		if (ebur128_add_frames_float(s->meter, x + i, m) !=
		    EBUR128_SUCCESS)
			return PK_ENOMEM;
		i += m;
		s->step_left -= (int64_t)m;
		if (s->step_left == 0) {
			if (read_level(s) < 0)
				return PK_ENOMEM;
			s->step_left = s->step;
		}
	}
	return 0;
}

int pk_trackscan_process(struct pk_trackscan *s, const float *x, size_t n)
{
	float d[1024];
	size_t i, m, j, nd = 0;

	/* the meter, on the track averaged down dec frames to one */
	for (i = 0; i < n; i++) {
		s->dsum += x[i];
		if (++s->dcount < s->dec)
			continue;
		d[nd++] = s->dsum / (float)s->dec;
		s->dsum = 0;
		s->dcount = 0;
		if (nd == sizeof(d) / sizeof(d[0])) {
			if (meter_add(s, d, nd) < 0)
				return PK_ENOMEM;
			nd = 0;
		}
	}
	if (nd && meter_add(s, d, nd) < 0)
		return PK_ENOMEM;
	/* the envelope */
	for (i = 0; i < n;) {
		m = n - i;
		if ((int64_t)m > s->hop_end - s->frames)
			m = (size_t)(s->hop_end - s->frames);
		for (j = 0; j < m; j++)
			s->sum += (double)x[i + j] * x[i + j];
		i += m;
		s->frames += (int64_t)m;
		if (s->frames == s->hop_end && close_hop(s) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

int pk_trackscan_finish(struct pk_trackscan *s)
{
	if (s->frames > llround(s->n * s->rate * PK_ENV_HOP_SEC))
		return close_hop(s);
	return 0;
}

void pk_trackscan_release(struct pk_trackscan *s)
{
	if (s->meter)
		ebur128_destroy(&s->meter);
	free(s->env);
	free(s->mom);
	memset(s, 0, sizeof(*s));
}

double pk_trackscan_speech(const struct pk_trackscan *s)
{
	double total = 0, acc = 0, sum = 0, cnt = 0, loud, gate;
	int b, top = -1;

	for (b = 0; b < PK_LEVEL_BINS; b++)
		total += s->hist[b];
	if (total == 0)
		return -HUGE_VAL;
	for (b = PK_LEVEL_BINS - 1; b >= 0; b--) {
		acc += s->hist[b];
		if (acc >= total * LOUD_END_SHARE) {
			top = b;
			break;
		}
	}
	loud = LEVEL_LOW_LUFS + top * LEVEL_BIN_LU;
	if (top < 0 || loud < SILENT_LUFS)
		return -HUGE_VAL;
	gate = loud - SPEECH_GATE_LU;
	for (b = 0; b < PK_LEVEL_BINS; b++) {
		double l = LEVEL_LOW_LUFS + b * LEVEL_BIN_LU;

		if (l < gate || !s->hist[b])
			continue;
		sum += s->hist[b] * pow(10, l / 10);
		cnt += s->hist[b];
	}
	return 10 * log10(sum / cnt);
}

/* BS.1770's relative gate: 10 LU under the mean of what passed the
 * absolute one. */
#define RELATIVE_GATE_LU 10.0

double pk_mom_integrated(const uint8_t *mom, size_t n, const uint8_t *keep,
			 size_t *count)
{
	double sum = 0, gate, sum2 = 0;
	size_t i, c = 0, c2 = 0;

	for (i = 0; i < n; i++)
		if (mom[i] && (!keep || keep[i])) {
			sum += pow(10, pk_mom_lufs(mom[i]) / 10);
			c++;
		}
	*count = 0;
	if (c == 0)
		return -HUGE_VAL;
	gate = 10 * log10(sum / (double)c) - RELATIVE_GATE_LU;
	for (i = 0; i < n; i++)
		if (mom[i] && (!keep || keep[i]) &&
		    pk_mom_lufs(mom[i]) >= gate) {
			sum2 += pow(10, pk_mom_lufs(mom[i]) / 10);
			c2++;
		}
	*count = c2;
	return 10 * log10(sum2 / (double)c2);
}

/* The high-passed envelope of e over [lo, hi) into out (hi - lo floats). */
static void highpass(const uint8_t *e, size_t n, size_t lo, size_t hi,
		     float *out)
{
	size_t a = lo > HP_HALF_HOPS ? lo - HP_HALF_HOPS : 0;
	size_t b = hi + HP_HALF_HOPS < n ? hi + HP_HALF_HOPS : n;
	double sum = 0;
	size_t i, wa = a, wb = a; /* the window [wa, wb) */

	for (i = lo; i < hi; i++) {
		size_t want_a = i > HP_HALF_HOPS ? i - HP_HALF_HOPS : 0;
		size_t want_b =
		    i + HP_HALF_HOPS + 1 < b ? i + HP_HALF_HOPS + 1 : b;

		while (wb < want_b)
			sum += e[wb++];
		while (wa < want_a)
			sum -= e[wa++];
		out[i - lo] =
		    (float)((e[i] - sum / (double)(wb - wa)) * PK_ENV_STEP_DB);
	}
}

int pk_align_lag(const uint8_t *ref, size_t nref, const uint8_t *trk,
		 size_t ntrk, size_t start, size_t len, long lo, long hi,
		 double *lag, double *match, double *prominence)
{
	float *a = NULL, *b = NULL;
	double *r = NULL, *sa = NULL, *sb = NULL;
	long tlo, thi, L, best = 0, nl;
	double rb = -2;
	int ret = PK_EINVAL;
	size_t i;

	if (start + len > nref)
		len = start < nref ? nref - start : 0;
	/* the part of trk any lag can reach */
	tlo = (long)start - hi;
	thi = (long)(start + len) - lo;
	if (tlo < 0)
		tlo = 0;
	if (thi > (long)ntrk)
		thi = (long)ntrk;
	if (len < 2 * HP_HALF_HOPS || thi - tlo < (long)len / 2 || hi < lo)
		return PK_EINVAL;
	nl = hi - lo + 1;
	a = malloc(len * sizeof(*a));
	b = malloc((size_t)(thi - tlo) * sizeof(*b));
	sa = malloc((len + 1) * sizeof(*sa));
	sb = malloc((size_t)(thi - tlo + 1) * sizeof(*sb));
	r = malloc((size_t)nl * sizeof(*r));
	if (!a || !b || !sa || !sb || !r) {
		ret = PK_ENOMEM;
		goto out;
	}
	highpass(ref, nref, start, start + len, a);
	highpass(trk, ntrk, (size_t)tlo, (size_t)thi, b);
	/* running sums of squares: each lag's energy in O(1) */
	sa[0] = sb[0] = 0;
	for (i = 0; i < len; i++)
		sa[i + 1] = sa[i] + (double)a[i] * a[i];
	for (i = 0; i < (size_t)(thi - tlo); i++)
		sb[i + 1] = sb[i] + (double)b[i] * b[i];
	for (L = lo; L <= hi; L++) {
		/* ref hop start + i meets trk hop start + i - L */
		long i0 = tlo + L - (long)start, i1 = thi + L - (long)start;
		long k;
		float acc = 0;
		double den;

		if (i0 < 0)
			i0 = 0;
		if (i1 > (long)len)
			i1 = (long)len;
		r[L - lo] = 0;
		if (i1 - i0 < (long)len / 2)
			continue;
		{
			const float *pa = a + i0;
			const float *pb = b + (i0 + (long)start - L - tlo);

			for (k = 0; k < i1 - i0; k++)
				acc += pa[k] * pb[k];
		}
		den = (sa[i1] - sa[i0]) *
		      (sb[i1 + start - L - tlo] - sb[i0 + start - L - tlo]);
		r[L - lo] = den > 0 ? acc / sqrt(den) : 0;
		if (r[L - lo] > rb) {
			rb = r[L - lo];
			best = L;
		}
	}
	if (rb <= 0)
		goto out;
	/* how far the peak stands out: in standard deviations of the
	 * correlation over the lags away from it (a chance match among
	 * thousands of lags reaches 4 or 5) */
	{
		double sum = 0, sq = 0, cnt = 0, sd;

		for (L = lo; L <= hi; L++) {
			if (labs(L - best) <= OTHER_PEAK_HOPS)
				continue;
			sum += r[L - lo];
			sq += r[L - lo] * r[L - lo];
			cnt++;
		}
		sd = cnt > 1 ? sqrt(fmax(sq / cnt - (sum / cnt) * (sum / cnt),
					 1e-12))
			     : 0;
		*prominence = sd > 0 ? (rb - sum / cnt) / sd : 0;
	}
	*lag = (double)best;
	/* between hops: the vertex of the parabola through the peak */
	if (best > lo && best < hi) {
		double y0 = r[best - 1 - lo], y1 = r[best - lo],
		       y2 = r[best + 1 - lo], d = y0 - 2 * y1 + y2;

		if (d < 0)
			*lag += 0.5 * (y0 - y2) / d;
	}
	*match = rb;
	ret = 0;
out:
	free(a);
	free(b);
	free(sa);
	free(sb);
	free(r);
	return ret;
}
