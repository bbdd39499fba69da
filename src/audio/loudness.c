/* loudness.c: one-pass EBU R 128 measurement with libebur128. */
#include "podkit/loudness.h"

#include <ebur128.h>
#include <math.h>
#include <stdlib.h>

#include "audio/audio_int.h"
#include "audio/gainplan_int.h"

/* The curve is sampled every CURVE_STEP seconds (3 s short-term window). */
#define CURVE_STEP 0.5

struct pk_meter {
	ebur128_state *st;
	int channels, rate, what;
	size_t frames;      /* added so far */
	size_t next_point;  /* frame count of the next curve point */
	struct pk_curve curve;
	struct pk_blocks blocks;
	size_t block_fill;  /* frames in the block under way */
	float block_peak;
};

void pk_blocks_release(struct pk_blocks *b)
{
	free(b->energy);
	free(b->peak);
	b->energy = b->peak = NULL;
	b->n = b->cap = 0;
}

void pk_curve_release(struct pk_curve *c)
{
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

int pk_meter_new(struct pk_meter **out, int channels, int rate,
		 const int *roles, int what, int dual_mono,
		 struct pk_error *err)
{
	struct pk_meter *m;
	int mode = EBUR128_MODE_I | EBUR128_MODE_SAMPLE_PEAK;
	int i;

	*out = NULL;
	if (channels <= 0 || rate <= 0)
		return pk_error_set(err, PK_EINVAL, "bad audio layout");
	if (!(what & PK_MEASURE_BLOCKS) || (what & PK_MEASURE_TRUE_PEAK))
		what &= ~PK_MEASURE_FROM_BLOCKS;
	if (what & PK_MEASURE_FROM_BLOCKS)
		/* only the K-weighted 10 ms windows (and the curve's 3 s) */
		mode = (what & PK_MEASURE_CURVE) ? EBUR128_MODE_S
						  : EBUR128_MODE_M;
	else if (what & PK_MEASURE_RANGE)
		mode |= EBUR128_MODE_LRA;
	if (!(what & PK_MEASURE_FROM_BLOCKS)) {
		if (what & PK_MEASURE_TRUE_PEAK)
			mode |= EBUR128_MODE_TRUE_PEAK;
		if (what & PK_MEASURE_CURVE)
			mode |= EBUR128_MODE_S;
		if (what & PK_MEASURE_LONG)
			mode |= EBUR128_MODE_HISTOGRAM;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	m->st = ebur128_init((unsigned)channels, (unsigned long)rate, mode);
	if (!m->st) {
		free(m);
		return pk_error_set(err, PK_ENOMEM, "cannot start the meter");
	}
	for (i = 0; i < channels; i++) {
		int role = roles ? roles[i] : -1;

		if (channels == 1)
			role = dual_mono ? EBUR128_DUAL_MONO : EBUR128_CENTER;
		if (role >= 0)
			ebur128_set_channel(m->st, (unsigned)i, role);
	}
	m->channels = channels;
	m->rate = rate;
	m->what = what;
	m->curve.step = CURVE_STEP;
	m->next_point = (size_t)(CURVE_STEP * rate);
	m->blocks.frames = (rate + 50) / 100;
	m->blocks.rate = rate;
	*out = m;
	return 0;
}

static int curve_push(struct pk_curve *c, double v)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		double *p = realloc(c->v, cap * sizeof(*p));

		if (!p)
			return PK_ENOMEM;
		c->v = p;
		c->cap = cap;
	}
	c->v[c->n++] = v;
	return 0;
}

static int blocks_grow(struct pk_blocks *b, size_t cap)
{
	float *e;

	if (cap <= b->cap)
		return 0;
	e = realloc(b->energy, cap * sizeof(float));
	if (!e)
		return PK_ENOMEM;
	b->energy = e;
	e = realloc(b->peak, cap * sizeof(float));
	if (!e)
		return PK_ENOMEM;
	b->peak = e;
	b->cap = cap;
	return 0;
}

int pk_meter_reserve_blocks(struct pk_meter *m, size_t n)
{
	return blocks_grow(&m->blocks, n);
}

static int block_push(struct pk_meter *m)
{
	struct pk_blocks *b = &m->blocks;
	double l;

	if (b->n == b->cap &&
	    blocks_grow(b, b->cap ? b->cap + b->cap / 2 : 4096) < 0)
		return PK_ENOMEM;
	/* the loudness of the last 10 ms back to its mean square */
	if (ebur128_loudness_window(m->st, 10, &l) != EBUR128_SUCCESS)
		return PK_EINTERNAL;
	b->energy[b->n] = isfinite(l) ? (float)pow(10, (l + 0.691) / 10) : 0;
	b->peak[b->n] = m->block_peak;
	b->n++;
	m->block_fill = 0;
	m->block_peak = 0;
	return 0;
}

/* Feeds n frames, cut at block boundaries when blocks are wanted. */
static int add_frames(struct pk_meter *m, const float *f, size_t n)
{
	size_t per = (size_t)m->blocks.frames, k, i;
	int ch = m->channels;

	if (!(m->what & PK_MEASURE_BLOCKS)) {
		if (n && ebur128_add_frames_float(m->st, f, n) !=
				 EBUR128_SUCCESS)
			return PK_EINTERNAL;
		m->frames += n;
		return 0;
	}
	while (n > 0) {
		float pk = m->block_peak;

		k = per - m->block_fill;
		if (k > n)
			k = n;
		if (ebur128_add_frames_float(m->st, f, k) != EBUR128_SUCCESS)
			return PK_EINTERNAL;
		for (i = 0; i < k * ch; i++)
			if (fabsf(f[i]) > pk)
				pk = fabsf(f[i]);
		m->block_peak = pk;
		m->frames += k;
		m->block_fill += k;
		f += k * ch;
		n -= k;
		if (m->block_fill == per && block_push(m) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

int pk_meter_add(struct pk_meter *m, const float *frames, size_t n,
		 struct pk_error *err)
{
	double st;

	if (!(m->what & PK_MEASURE_CURVE)) {
		if (add_frames(m, frames, n) < 0)
			return pk_error_set(err, PK_EINTERNAL, "meter failed");
		return 0;
	}
	/* Cut the block at each curve point so points fall on time. */
	while (n > 0) {
		size_t k = m->next_point - m->frames;

		if (k > n)
			k = n;
		if (add_frames(m, frames, k) < 0)
			return pk_error_set(err, PK_EINTERNAL, "meter failed");
		frames += k * (size_t)m->channels;
		n -= k;
		if (m->frames == m->next_point) {
			if (ebur128_loudness_shortterm(m->st, &st) !=
			    EBUR128_SUCCESS)
				st = -HUGE_VAL;
			if (curve_push(&m->curve, st) < 0)
				return pk_error_set(err, PK_ENOMEM,
						    "out of memory");
			m->next_point = (size_t)((m->curve.n + 1) * CURVE_STEP *
						 m->rate);
		}
	}
	return 0;
}

static double to_db(double lin)
{
	return lin > 0 ? 20 * log10(lin) : -HUGE_VAL;
}

/* EBU Tech 3342's loudness range from the 10 ms blocks: the short-term
 * loudness (3 s windows) every 100 ms, gated at -70 LUFS and 20 LU under
 * the mean of what passes, then the 95th percentile minus the 10th. 0
 * with too little audio; PK_ENOMEM. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int blocks_range(const struct pk_blocks *b, double *out)
{
	const size_t per = 300, step = 10; /* 3 s windows every 100 ms */
	double thr_abs = pow(10, (-70 + 0.691) / 10), win = 0, sum = 0;
	double *st;
	size_t i, n = 0, k = 0;

	*out = 0;
	if (b->n < per)
		return 0;
	if (!(st = malloc((b->n / step + 1) * sizeof(*st))))
		return PK_ENOMEM;
	for (i = 0; i < b->n; i++) {
		win += b->energy[i];
		if (i >= per)
			win -= b->energy[i - per];
		if (i + 1 >= per && (i + 1) % step == 0 && win / per > thr_abs) {
			st[n++] = win / per;
			sum += win / per;
		}
	}
	for (i = 0; i < n; i++) /* the relative gate */
		if (st[i] > sum / n * 0.01)
			st[k++] = 10 * log10(st[i]);
	if (k > 1) {
		qsort(st, k, sizeof(*st), cmp_double);
		*out = st[(size_t)(0.95 * (double)(k - 1) + 0.5)] -
		       st[(size_t)(0.10 * (double)(k - 1) + 0.5)];
	}
	free(st);
	return 0;
}

/* The figures of a meter that keeps them in its blocks. */
static int result_from_blocks(struct pk_meter *m, struct pk_loudness *out,
			      struct pk_error *err)
{
	const struct pk_blocks *b = &m->blocks;
	double v = pk_gainplan_loudness(b);
	float sp = m->block_peak;
	size_t i;

	if (isnan(v))
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	out->integrated = isfinite(v) ? v : -HUGE_VAL;
	out->range = 0;
	if ((m->what & PK_MEASURE_RANGE) && blocks_range(b, &out->range) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (i = 0; i < b->n; i++)
		if (b->peak[i] > sp)
			sp = b->peak[i];
	out->sample_peak = sp > 0 ? 20 * log10(sp) : -HUGE_VAL;
	out->true_peak = NAN;
	return 0;
}

int pk_meter_result(struct pk_meter *m, struct pk_loudness *out,
		    struct pk_error *err)
{
	double v, tp = 0, sp = 0;
	int i;

	out->duration = (double)m->frames / m->rate;
	out->channels = m->channels;
	out->rate = m->rate;
	if (m->what & PK_MEASURE_FROM_BLOCKS)
		return result_from_blocks(m, out, err);
	if (ebur128_loudness_global(m->st, &v) != EBUR128_SUCCESS)
		return pk_error_set(err, PK_EINTERNAL, "meter failed");
	out->integrated = isfinite(v) ? v : -HUGE_VAL;
	out->range = 0;
	if ((m->what & PK_MEASURE_RANGE) &&
	    ebur128_loudness_range(m->st, &v) == EBUR128_SUCCESS)
		out->range = v;
	for (i = 0; i < m->channels; i++) {
		if ((m->what & PK_MEASURE_TRUE_PEAK) &&
		    ebur128_true_peak(m->st, (unsigned)i, &v) ==
			    EBUR128_SUCCESS && v > tp)
			tp = v;
		if (ebur128_sample_peak(m->st, (unsigned)i, &v) ==
			    EBUR128_SUCCESS && v > sp)
			sp = v;
	}
	/* The true peak is never under the sample peak. */
	out->true_peak = (m->what & PK_MEASURE_TRUE_PEAK)
				 ? to_db(tp > sp ? tp : sp) : NAN;
	out->sample_peak = to_db(sp);
	return 0;
}

void pk_meter_take_curve(struct pk_meter *m, struct pk_curve *out)
{
	*out = m->curve;
	m->curve.v = NULL;
	m->curve.n = m->curve.cap = 0;
}

void pk_meter_take_blocks(struct pk_meter *m, struct pk_blocks *out)
{
	*out = m->blocks;
	m->blocks.energy = m->blocks.peak = NULL;
	m->blocks.n = m->blocks.cap = 0;
}

void pk_meter_free(struct pk_meter *m)
{
	if (!m)
		return;
	pk_blocks_release(&m->blocks);
	ebur128_destroy(&m->st);
	pk_curve_release(&m->curve);
	free(m);
}

int pk_loudness_measure(struct pk_decoder *d, int what, int dual_mono,
			struct pk_loudness *out, struct pk_curve *curve,
			struct pk_blocks *blocks,
			void (*progress)(void *arg, double sec), void *arg,
			struct pk_error *err)
{
	struct pk_meter *m = NULL;
	int roles[64];
	int ch = pk_decoder_channels(d), rate = pk_decoder_rate(d);
	int i, r;
	int64_t last = 0;
	double hint;

	if (ch > 64)
		return pk_error_set(err, PK_EMEDIA, "too many channels (%d)",
				    ch);
	for (i = 0; i < ch; i++)
		roles[i] = pk_decoder_channel_role(d, i);
	if (curve)
		what |= PK_MEASURE_CURVE;
	if (blocks)
		what |= PK_MEASURE_BLOCKS;
	hint = pk_decoder_duration_hint(d);
	if (hint > PK_LOUDNESS_LONG_FILE_S)
		what |= PK_MEASURE_LONG;
	r = pk_meter_new(&m, ch, rate, roles, what, dual_mono, err);
	if (r < 0)
		return r;
	if (blocks && hint > 0 &&
	    pk_meter_reserve_blocks(m, (size_t)(hint * 100 * 1.01) + 64) < 0) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		const float *f;
		size_t n;

		r = pk_decoder_read(d, &f, &n, err);
		if (r <= 0)
			break;
		if ((r = pk_meter_add(m, f, n, err)) < 0)
			goto out;
		if (progress && pk_decoder_position(d) - last > rate * 5) {
			last = pk_decoder_position(d);
			progress(arg, (double)last / rate);
		}
	}
	if (r < 0)
		goto out;
	if ((r = pk_meter_result(m, out, err)) < 0)
		goto out;
	if (curve)
		pk_meter_take_curve(m, curve);
	if (blocks)
		pk_meter_take_blocks(m, blocks);
out:
	pk_meter_free(m);
	return r;
}

int pk_loudness_file(const char *path, int dual_mono, struct pk_loudness *out,
		     struct pk_error *err)
{
	struct pk_decoder *d = NULL;
	int r;

	r = pk_decoder_open(&d, path, NULL, err);
	if (r < 0)
		return r;
	r = pk_loudness_measure(d, PK_MEASURE_RANGE | PK_MEASURE_TRUE_PEAK,
				dual_mono, out, NULL, NULL, NULL, NULL, err);
	pk_decoder_free(d);
	return r;
}
