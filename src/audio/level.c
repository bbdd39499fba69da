/* level.c: voice activity, the speaker-levelling gain curve and its
 * application (see level_int.h). */
#include "audio/level_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Block levels are smoothed over this many 10 ms blocks (50 ms: a
 * syllable's energy, not a single glottal pulse). */
#define SMOOTH_BLOCKS 5
/* The noise floor is the quietest smoothed level this far (s) either
 * side: long enough to reach a pause in continuous speech. */
#define NOISE_WIN_S 3.0
/* No floor is taken as lower than this (dB, energy): digital silence
 * would otherwise make the faintest hiss speech. */
#define FLOOR_MIN_DB -100.0
/* Nothing under BS.1770's absolute gate (-70 LUFS) is speech. */
#define ABS_MIN_DB (-70.0 + 0.691)
/* Gaps inside speech shorter than this (s) are part of it: stop
 * closures, the space between words. A longer one is a pause. */
#define BRIDGE_S 0.2
/* Speech runs shorter than this (s) are clicks, not speech. */
#define MIN_RUN_S 0.08
/* A run this far (dB) under the speech within CONTEXT_S either side is
 * a breath or rustle, not speech. */
#define BREATH_DB 18.0
#define CONTEXT_S 10.0
/* Speech rises and falls with its syllables: the 50 ms level of a run of
 * speech varies by more than this (standard deviation, dB). A held note
 * or a steady hum varies far less. */
#define MIN_MODULATION_DB 3.0
/* Speech keeps its gain this long (s) before its first and after its
 * last detected block: soft onsets and decays are part of the word. */
#define PREROLL_S 0.03
#define POSTROLL_S 0.05
/* Phrases longer than this (s) are followed with a window of FOLLOW_S
 * either side instead of one level. */
#define FOLLOW_S 3.0
/* Less speech than this (s), or most of it in "phrases" longer than
 * MAX_PHRASE_S (nobody speaks that long without a pause: that is music
 * or steady noise), and the file is not levelled. */
#define MIN_SPEECH_S 2.0
#define MAX_PHRASE_S 30.0
/* A speaker needs this much speech (s) for a level of their own. */
#define MIN_SPEAKER_S 1.0

static double db(double e)
{
	return 10 * log10(e > 1e-30 ? e : 1e-30);
}

static size_t secs_to_blocks(double s, const struct pk_blocks *b)
{
	return (size_t)(s * b->rate / b->frames + 0.5);
}

/* out[i] = the minimum of in[i - w .. i + w] (a monotonic queue). */
static void sliding_min(const float *in, float *out, size_t n, size_t w,
			size_t *q)
{
	size_t head = 0, tail = 0, j;

	for (j = 0; j < n + w; j++) {
		if (j < n) {
			while (tail > head && in[q[tail - 1]] >= in[j])
				tail--;
			q[tail++] = j;
		}
		if (j >= w) {
			size_t i = j - w;

			while (q[head] + w < i)
				head++;
			out[i] = in[q[head]];
		}
	}
}

/* The standard deviation (dB) of the levels in [lo, hi), each taken as
 * no lower than the noise floor there (so a dip into digital silence
 * counts as deep as the floor, not as -300 dB). */
static double modulation(const float *lev, const float *floor_db, size_t lo,
			 size_t hi)
{
	double sum = 0, sq = 0, c = 0, m;
	size_t k;

	for (k = lo; k < hi; k++) {
		double f =
		    floor_db[k] > FLOOR_MIN_DB ? floor_db[k] : FLOOR_MIN_DB;
		double v = lev[k] > f ? lev[k] : f;

		sum += v;
		sq += v * v;
		c++;
	}
	if (c < 2)
		return 0;
	m = sum / c;
	return sqrt(sq / c - m * m > 0 ? sq / c - m * m : 0);
}

/* Marks the speech blocks in sp: candidates over the floor, bridged,
 * clicks and breaths dropped, pre- and post-roll added. lev, floor and
 * the prefix sums ce (energy) / cn (count) of candidate blocks are
 * scratch the caller provides. */
static void detect(const struct pk_blocks *b, unsigned char *sp,
		   unsigned char *cand, float *lev, float *floor_db, double *ce,
		   double *cn, size_t *q)
{
	size_t n = b->n, i, j, k;
	size_t bridge = secs_to_blocks(BRIDGE_S, b);
	size_t min_run = secs_to_blocks(MIN_RUN_S, b);
	size_t ctx = secs_to_blocks(CONTEXT_S, b);
	size_t pre = secs_to_blocks(PREROLL_S, b);
	size_t post = secs_to_blocks(POSTROLL_S, b);

	/* 50 ms smoothed level, centred */
	for (i = 0; i < n; i++) {
		size_t lo = i >= SMOOTH_BLOCKS / 2 ? i - SMOOTH_BLOCKS / 2 : 0;
		size_t hi = i + SMOOTH_BLOCKS / 2 + 1 < n
				? i + SMOOTH_BLOCKS / 2 + 1
				: n;
		double acc = 0;

		for (k = lo; k < hi; k++)
			acc += b->energy[k];
		lev[i] = (float)db(acc / (hi - lo));
	}
	sliding_min(lev, floor_db, n, secs_to_blocks(NOISE_WIN_S, b), q);
	for (i = 0; i < n; i++) {
		double f =
		    floor_db[i] > FLOOR_MIN_DB ? floor_db[i] : FLOOR_MIN_DB;

		cand[i] =
		    lev[i] > f + PK_LEVEL_VAD_MARGIN_DB && lev[i] > ABS_MIN_DB;
	}
	ce[0] = cn[0] = 0;
	for (i = 0; i < n; i++) {
		ce[i + 1] = ce[i] + (cand[i] ? b->energy[i] : 0);
		cn[i + 1] = cn[i] + cand[i];
	}
	/* runs of candidates with short gaps bridged */
	memset(sp, 0, n);
	for (i = 0; i < n;) {
		double e, ctx_e, ctx_n;
		size_t lo, hi, last;

		if (!cand[i]) {
			i++;
			continue;
		}
		last = i;
		for (j = i + 1; j < n && j - last <= bridge; j++)
			if (cand[j])
				last = j;
		/* run [i, last] */
		e = (ce[last + 1] - ce[i]) / (cn[last + 1] - cn[i]);
		lo = i > ctx ? i - ctx : 0;
		hi = last + ctx + 1 < n ? last + ctx + 1 : n;
		ctx_n = cn[hi] - cn[lo];
		ctx_e = ctx_n > 0 ? (ce[hi] - ce[lo]) / ctx_n : 0;
		if (last + 1 - i >= min_run && db(e) >= db(ctx_e) - BREATH_DB &&
		    modulation(lev, floor_db, i, last + 1) >=
			MIN_MODULATION_DB) {
			lo = i > pre ? i - pre : 0;
			hi = last + 1 + post < n ? last + 1 + post : n;
			for (k = lo; k < hi; k++)
				sp[k] = 1;
		}
		i = last + 1;
	}
}

/* The mean candidate energy over [lo, hi), in dB, or NAN without any. */
static double level_of(const double *ce, const double *cn, size_t lo, size_t hi)
{
	double c = cn[hi] - cn[lo];

	return c > 0 ? db((ce[hi] - ce[lo]) / c) : NAN;
}

/* BS.1770's gated mean energy (dB, no -0.691) of the blocks in [lo, hi)
 * whose who[] is s (who NULL: all of them), taken together: 400 ms
 * windows every 100 ms, the -70 LUFS and relative -10 LU gates. NAN when
 * there is under one window or all of it is gated out. gb: scratch for
 * (hi - lo) / 10 + 1 windows. */
static double gated_level(const struct pk_blocks *b, const int *who, int s,
			  size_t lo, size_t hi, double *gb)
{
	double ring[40], win = 0, sum = 0, thr;
	double abs_e = pow(10, (-70 + 0.691) / 10);
	size_t k, seen = 0, ng = 0, kept = 0;

	for (k = lo; k < hi; k++) {
		if (who && who[k] != s)
			continue;
		if (seen >= 40)
			win -= ring[seen % 40];
		ring[seen % 40] = b->energy[k];
		win += b->energy[k];
		seen++;
		if (seen >= 40 && (seen - 40) % 10 == 0)
			gb[ng++] = win / 40;
	}
	for (k = 0; k < ng; k++)
		if (gb[k] > abs_e) {
			sum += gb[k];
			kept++;
		}
	if (!kept)
		return NAN;
	thr = sum / kept * 0.1;
	sum = 0;
	kept = 0;
	for (k = 0; k < ng; k++)
		if (gb[k] > abs_e && gb[k] > thr) {
			sum += gb[k];
			kept++;
		}
	return kept ? db(sum / kept) : NAN;
}

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Slew-limits x[lo, hi) to s per block both ways (the follow). */
static void slew(float *x, size_t lo, size_t hi, double s)
{
	size_t i;

	for (i = lo + 1; i < hi; i++)
		x[i] = (float)clampd(x[i], x[i - 1] - s, x[i - 1] + s);
	for (i = hi - 1; i > lo; i--)
		x[i - 1] = (float)clampd(x[i - 1], x[i] - s, x[i] + s);
}

/* The speaker of the turn holding time t (-1: none). Turns are sorted
 * by start; *pos is a cursor that only moves forward. */
static int speaker_at(const struct pk_level_turn *t, size_t nt, size_t *pos,
		      double time)
{
	size_t i;

	while (*pos < nt && t[*pos].end <= time)
		(*pos)++;
	for (i = *pos; i < nt && t[i].start <= time; i++)
		if (t[i].end > time)
			return t[i].speaker;
	return -1;
}

void pk_level_plan_release(struct pk_level_plan *p)
{
	free(p->gain_db);
	free(p->speech);
	memset(p, 0, sizeof(*p));
}

int pk_level_plan_make(const struct pk_blocks *b,
		       const struct pk_level_turn *turns, size_t nturns,
		       int nspeakers, struct pk_level_plan *p)
{
	size_t n = b->n, i, j, k, pos = 0, long_blocks = 0, nspeech = 0;
	size_t follow = secs_to_blocks(FOLLOW_S, b);
	double block_s = (double)b->frames / b->rate, ref = 0, refw = 0;
	double *ce = NULL, *cn = NULL, *spk_e = NULL, *spk_n = NULL;
	double *gb = NULL;
	int *cue_who = NULL;
	float *lev = NULL, *tmp = NULL, *g;
	unsigned char *cand = NULL;
	int *who = NULL;
	size_t *q = NULL;
	int r = PK_ENOMEM, s;

	memset(p, 0, sizeof(*p));
	p->n = n;
	p->frames = b->frames;
	p->rate = b->rate;
	p->gain_db = calloc(n ? n : 1, sizeof(float));
	p->speech = calloc(n ? n : 1, 1);
	lev = malloc((n + 1) * sizeof(float));
	tmp = malloc((n + 1) * sizeof(float));
	cand = malloc(n + 1);
	ce = malloc((n + 1) * sizeof(double));
	cn = malloc((n + 1) * sizeof(double));
	q = malloc((n + 1) * sizeof(size_t));
	who = malloc((n + 1) * sizeof(int));
	cue_who = malloc((n + 1) * sizeof(int));
	gb = malloc((n / 10 + 2) * sizeof(double));
	if (nspeakers > 0) {
		spk_e = calloc((size_t)nspeakers, sizeof(double));
		spk_n = calloc((size_t)nspeakers, sizeof(double));
	}
	if (!p->gain_db || !p->speech || !lev || !tmp || !cand || !ce || !cn ||
	    !q || !who || !cue_who || !gb ||
	    (nspeakers > 0 && (!spk_e || !spk_n)))
		goto out;
	r = 0;
	g = p->gain_db;
	if (n == 0)
		goto out;
	detect(b, p->speech, cand, lev, tmp, ce, cn, q);

	/* enough speech, in phrases of a speaking length? */
	for (i = 0; i < n;) {
		if (!p->speech[i]) {
			i++;
			continue;
		}
		for (j = i; j < n && p->speech[j]; j++)
			;
		nspeech += j - i;
		if ((j - i) * block_s > MAX_PHRASE_S)
			long_blocks += j - i;
		i = j;
	}
	p->speech_sec = nspeech * block_s;
	if (p->speech_sec < MIN_SPEECH_S || long_blocks * 2 > nspeech)
		goto out;

	/* who speaks each block, and each speaker's level */
	for (i = 0; i < n; i++) {
		who[i] = cue_who[i] = -1;
		if (!turns || nspeakers <= 0)
			continue;
		s = speaker_at(turns, nturns, &pos, (i + 0.5) * block_s);
		if (s < 0 || s >= nspeakers)
			continue;
		cue_who[i] = s;
		if (!p->speech[i])
			continue;
		who[i] = s;
		if (cand[i])
			spk_n[s] += 1;
	}
	/* speech just outside a cue (a soft onset, a cue that ends a word
	 * early) belongs to the speaker of its phrase */
	for (i = 0; i < n;) {
		if (!p->speech[i]) {
			i++;
			continue;
		}
		for (j = i; j < n && p->speech[j]; j++)
			;
		for (k = i + 1; k < j; k++)
			if (who[k] < 0 && who[k - 1] >= 0)
				who[k] = who[k - 1];
		for (k = j - 1; k > i; k--)
			if (who[k - 1] < 0 && who[k] >= 0)
				who[k - 1] = who[k];
		i = j;
	}
	/* a speaker's level as BS.1770 gates all of their cues */
	for (s = 0; s < nspeakers; s++) {
		if (spk_n[s] * block_s < MIN_SPEAKER_S)
			spk_n[s] = 0;
		else
			spk_e[s] = gated_level(b, cue_who, s, 0, n, gb);
		if (isnan(spk_e[s]))
			spk_n[s] = 0;
	}
	for (i = 0; i < n; i++)
		if (who[i] >= 0 && spk_n[who[i]] == 0)
			who[i] = -1;

	/* each segment (speech of one speaker, or one phrase) gets its level
	 * into lev[]; the reference is their time-weighted mean in dB */
	for (i = 0; i < n;) {
		double l;

		if (!p->speech[i]) {
			i++;
			continue;
		}
		for (j = i + 1; j < n && p->speech[j] && who[j] == who[i]; j++)
			;
		if (who[i] >= 0) {
			l = spk_e[who[i]];
			for (k = i; k < j; k++)
				lev[k] = (float)l;
		} else if (j - i <= 2 * follow) {
			l = gated_level(b, NULL, 0, i, j, gb);
			if (isnan(l))
				l = level_of(ce, cn, i, j);
			for (k = i; k < j; k++)
				lev[k] = (float)l;
		} else {
			for (k = i; k < j; k++) {
				size_t lo = k > i + follow ? k - follow : i;
				size_t hi =
				    k + follow + 1 < j ? k + follow + 1 : j;

				lev[k] = (float)level_of(ce, cn, lo, hi);
			}
			/* no candidate in a window: the phrase's level */
			l = level_of(ce, cn, i, j);
			for (k = i; k < j; k++)
				if (isnan(lev[k]))
					lev[k] = (float)l;
		}
		for (k = i; k < j; k++)
			if (!isnan(lev[k])) {
				ref += lev[k];
				refw += 1;
			}
		i = j;
	}
	if (refw == 0)
		goto out;
	ref /= refw;
	p->speech_lufs = ref - 0.691;

	/* the wanted gain of every speech block; the slow follow inside a
	 * segment */
	for (i = 0; i < n;) {
		if (!p->speech[i]) {
			i++;
			continue;
		}
		for (j = i + 1; j < n && p->speech[j] && who[j] == who[i]; j++)
			;
		for (k = i; k < j; k++)
			g[k] = isnan(lev[k])
				   ? 0
				   : (float)clampd(ref - lev[k],
						   -PK_LEVEL_MAX_CUT_DB,
						   PK_LEVEL_MAX_BOOST_DB);
		slew(g, i, j, PK_LEVEL_SPEECH_DB_PER_S * block_s);
		i = j;
	}
	/* pauses: the lower of the gains either side, and the change
	 * between them made inside the pause: down right after the louder
	 * gain's speech ends, up just before the next speech starts */
	for (i = 0; i < n;) {
		double before, after, v, sl = PK_LEVEL_MAX_DB_PER_S * block_s;

		if (p->speech[i]) {
			i++;
			continue;
		}
		for (j = i; j < n && !p->speech[j]; j++)
			;
		before = i > 0 ? g[i - 1] : HUGE_VAL;
		after = j < n ? g[j] : HUGE_VAL;
		v = before < after ? before : after;
		if (!isfinite(v))
			v = 0;
		for (k = i; k < j; k++) {
			double x = v;

			if (isfinite(before) && before > x + sl * (k - i + 1))
				x = before - sl * (k - i + 1);
			if (isfinite(after) && after > x + sl * (j - k))
				x = after - sl * (j - k);
			g[k] = (float)x;
		}
		i = j;
	}
	/* no faster than the bound anywhere: lower whatever rises or falls
	 * too fast, so a ramp never boosts */
	{
		double sl = PK_LEVEL_MAX_DB_PER_S * block_s;

		for (i = 1; i < n; i++)
			if (g[i] > g[i - 1] + sl)
				g[i] = (float)(g[i - 1] + sl);
		for (i = n - 1; i > 0; i--)
			if (g[i - 1] > g[i] + sl)
				g[i - 1] = (float)(g[i] + sl);
	}
	p->levelled = 1;
out:
	if (r == 0 && !p->levelled && p->gain_db)
		memset(p->gain_db, 0, n * sizeof(float));
	if (r < 0)
		pk_level_plan_release(p);
	free(lev);
	free(tmp);
	free(cand);
	free(ce);
	free(cn);
	free(q);
	free(who);
	free(cue_who);
	free(gb);
	free(spk_e);
	free(spk_n);
	return r;
}

int pk_level_apply_blocks(const struct pk_level_plan *p,
			  const struct pk_blocks *b, struct pk_blocks *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->energy = malloc((b->n ? b->n : 1) * sizeof(float));
	out->peak = malloc((b->n ? b->n : 1) * sizeof(float));
	if (!out->energy || !out->peak) {
		pk_blocks_release(out);
		return PK_ENOMEM;
	}
	out->n = out->cap = b->n;
	out->frames = b->frames;
	out->rate = b->rate;
	for (i = 0; i < b->n; i++) {
		double g = i < p->n ? p->gain_db[i] : 0;
		double a = pow(10, g / 20);

		out->energy[i] = (float)(b->energy[i] * a * a);
		out->peak[i] = (float)(b->peak[i] * a);
	}
	return 0;
}

struct pk_leveler {
	const struct pk_level_plan *p;
	int ch;
	int64_t pos; /* frames done */
	float *buf;  /* owned */
	size_t cap;  /* frames */
};

struct pk_leveler *pk_leveler_new(const struct pk_level_plan *p, int channels)
{
	struct pk_leveler *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->p = p;
	l->ch = channels;
	return l;
}

/* The linear gain at block centre i (the ends held). */
static double lin_at(const struct pk_level_plan *p, int64_t i)
{
	if (p->n == 0)
		return 1;
	if (i < 0)
		i = 0;
	if ((size_t)i >= p->n)
		i = (int64_t)p->n - 1;
	return pow(10, p->gain_db[i] / 20);
}

int pk_leveler_process(struct pk_leveler *l, const float *in, size_t n,
		       const float **out)
{
	const struct pk_level_plan *p = l->p;
	int64_t per = p->frames > 0 ? p->frames : 1, half = per / 2;
	size_t done = 0;
	int c;

	if (n == 0) {
		*out = in;
		return 0;
	}
	if (n > l->cap) {
		float *nb = realloc(l->buf, n * l->ch * sizeof(float));

		if (!nb)
			return PK_ENOMEM;
		l->buf = nb;
		l->cap = n;
	}
	/* linear in amplitude from one block centre to the next */
	while (done < n) {
		int64_t rel = l->pos - half, seg, end, k;
		double g0, g1, dg, gv;

		seg = rel >= 0 ? rel / per : -1;
		end = (seg + 1) * per + half; /* next centre, absolute */
		k = end - l->pos;
		if ((size_t)k > n - done)
			k = (int64_t)(n - done);
		g0 = lin_at(p, seg);
		g1 = lin_at(p, seg + 1);
		dg = (g1 - g0) / per;
		gv = g0 + dg * (double)(l->pos - (seg * per + half));
		if (seg < 0) {
			gv = g0;
			dg = 0;
		}
		for (; k > 0; k--, done++, l->pos++, gv += dg)
			for (c = 0; c < l->ch; c++)
				l->buf[done * l->ch + c] =
				    (float)(in[done * l->ch + c] * gv);
	}
	*out = l->buf;
	return 0;
}

void pk_leveler_free(struct pk_leveler *l)
{
	if (!l)
		return;
	free(l->buf);
	free(l);
}
