/* mix.c: pk_mix: a double-ender's tracks analysed, aligned, freed of clock
 * drift, levelled, gated and mixed into a float WAV, which the single-file
 * chain (pk_normalize) then brings to target and encodes. */
#include "podkit/mix.h"

#include <errno.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio/audio_int.h"
#include "base/timemap_int.h"
#include "audio/mix_int.h"
#include "base/parallel_int.h"

/* How far apart (seconds, either way) the tracks' starts are searched for
 * when no offset is given: recorders started by hand within two minutes. */
#define DEFAULT_MAX_OFFSET_SEC 120.0
/* How far a closed gate turns a mic down (dB): bleed 15-20 dB under the
 * voice ends 40 dB or more under it, under the room tone of the open mic;
 * the issue asks for at least 15. */
#define DEFAULT_GATE_DB 24.0
/* Every track's speech is brought to this loudness (LUFS) in the mix; the
 * whole is then taken to the target. Far enough under 0 dBFS that the sum
 * of two voices keeps its peaks readable in any format. */
#define LEVEL_LUFS (-23.0)
/* A levelling gain beyond this (dB) would lift room noise, not a voice. */
#define MAX_LEVEL_GAIN_DB 30.0
/* The alignment looks at windows of up to 30 s of the reference (a third
 * of the tracks' common span when that is shorter): long enough to hold
 * many syllables of bleed, short enough that 0.1 % of drift (30 ms) does
 * not smear the match. */
#define ALIGN_WINDOW_SEC 30.0
/* The end's lag is searched this share of the span between the two
 * windows either side of the start's (0.12 %: the 0.1 % two clocks differ
 * by, and a margin), plus 0.1 s for the error of the start's lag. */
#define DRIFT_SEARCH_SHARE 0.0012
#define DRIFT_SEARCH_PAD_SEC 0.1
/* The windows must be this far apart (seconds) to measure drift: over a
 * shorter span the error of each lag (1-2 ms) would be most of it. */
#define DRIFT_MIN_SPAN_SEC 20.0
/* A lag is trusted when the envelopes' correlation there is at least
 * MIN_MATCH and stands MIN_PROMINENCE standard deviations over the other
 * lags' (0.25 s or more away): two mics of one conversation give 0.5-0.7
 * and 20 or more, unrelated recordings 0.2-0.35 and 6-7 (the best of
 * thousands of chance matches). */
#define MIN_MATCH 0.15
#define MIN_PROMINENCE 10.0
/* A track's own speaker is taken to be talking where its momentary
 * loudness, levelled, is this far (LU) over every other track's at the
 * same moment: the other voices' bleed lies 10-20 LU under them, and
 * where two talk at once neither counts. */
#define OWN_SPEECH_LU 6.0
/* Levels are worked out again this many times with the gains found (the
 * first pass compares unlevelled mics). */
#define LEVEL_ROUNDS 3
/* Under this many readings (10 a second) of own speech the first estimate
 * stands. */
#define MIN_OWN_READINGS 30
/* A track that covers less than this share of the mix gets a warning. */
#define SHORT_SHARE 0.9

void pk_mix_opts_init(struct pk_mix_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_offset = NAN;
	o->gate_db = NAN;
	o->level = 1;
	pk_normalize_opts_init(&o->out);
	/* the tracks are levelled each on its own (o->level) before they are
	 * mixed: the single-file chain does not level the mix again */
	o->out.level = 0;
}

struct track {
	const struct pk_mix_track *in;
	struct pk_trackscan scan;
	int rate, channels;
	int64_t frames; /* as recorded */
	double speech;	/* LUFS */
	double gain;	/* dB */
	double a, b;	/* mix seconds of its second u: a + b * u */
	double match, drift_ppm;
	int silent;
	/* pass 2 */
	struct pk_decoder *dec;
	SwrContext *swr;
	float *buf; /* resampled frames [pos, len) not yet taken */
	size_t cap, len, pos;
	int64_t lead;	   /* zeros still to give before its first frame */
	int64_t at;	   /* mix frames given so far */
	int64_t end;	   /* mix frame after its last real frame */
	double gated;	   /* seconds its gate was closed */
	int64_t comp_left; /* output frames the drift compensation covers */
	int comp_delta;	   /* the compensation's frames per comp_dist */
	int comp_dist;
	int eof; /* 1: decoded to the end, 2: resampler drained */
	float *block;
};

static const char *label(const struct track *t)
{
	return t->in->path;
}

/* ---- pass 1 ------------------------------------------------------------ */

static int analyse(struct track *t, struct pk_error *err)
{
	struct pk_decoder_opts dopts = {1, 0};
	struct pk_decoder *d = NULL;
	const float *f;
	size_t n;
	int r;

	if ((r = pk_decoder_open(&d, t->in->path, &dopts, err)) < 0)
		return r;
	t->rate = pk_decoder_rate(d);
	t->channels = pk_decoder_source_channels(d);
	if (pk_trackscan_init(&t->scan, t->rate) < 0) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		r = pk_decoder_read(d, &f, &n, err);
		if (r < 0)
			goto out;
		if (r == 0)
			break;
		if (pk_trackscan_process(&t->scan, f, n) < 0) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (pk_trackscan_finish(&t->scan) < 0) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	t->frames = pk_decoder_position(d);
	t->speech = pk_trackscan_speech(&t->scan);
	t->silent = !isfinite(t->speech);
	r = 0;
out:
	pk_decoder_free(d);
	return r;
}

/* Pass 1 of every track at once, one per core: each its own decoder and
 * meters, its failure in its own slot. */
struct scan_jobs {
	struct track *tr;
	int rc[PK_MIX_MAX_TRACKS];
	struct pk_error err[PK_MIX_MAX_TRACKS];
};

static void scan_one(void *arg, size_t i)
{
	struct scan_jobs *j = arg;

	j->rc[i] = analyse(&j->tr[i], &j->err[i]);
}

static double seconds(const struct track *t)
{
	return (double)t->frames / t->rate;
}

/* The lag of t against ref around the window of ref's hops [start, start
 * + len), searched over [lo, hi] hops; also tried the other way round
 * (t's window in ref) when swap. */
static int find_lag(const struct track *ref, const struct track *t,
		    size_t start, size_t len, long lo, long hi, double *lag,
		    double *match, double *prom)
{
	return pk_align_lag(ref->scan.env, ref->scan.n, t->scan.env, t->scan.n,
			    start, len, lo, hi, lag, match, prom);
}

/* Places t against ref: sets t->a, t->b, t->match, t->drift_ppm. */
static int align(struct track *ref, struct track *t, double max_offset,
		 struct pk_diags *warn, struct pk_error *err)
{
	const double hop = PK_ENV_HOP_SEC;
	double win = ALIGN_WINDOW_SEC, lag, match = 0, prom = 0, lag2,
	       match2 = 0, prom2 = 0, o_s, t_s, o_e, t_e, u_s, u_e, e, s, span,
	       pad;
	long maxh = lround(max_offset / hop);
	size_t wh;
	int r, r2;

	if (win > seconds(ref) / 3)
		win = seconds(ref) / 3;
	if (win > seconds(t) / 3)
		win = seconds(t) / 3;
	wh = (size_t)lround(win / hop);
	/* the start: ref's first window against all of t, and t's first
	 * window against all of ref (for a track that starts well after the
	 * reference); the better match wins */
	r = find_lag(ref, t, 0, wh, -maxh, maxh, &lag, &match, &prom);
	r2 = find_lag(t, ref, 0, wh, -maxh, maxh, &lag2, &match2, &prom2);
	if (r == PK_ENOMEM || r2 == PK_ENOMEM)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (r2 == 0 && (r < 0 || prom2 > prom)) {
		/* ref's hop i - lag2 plays with t's hop i */
		o_s = -lag2 * hop;
		t_s = o_s + win / 2;
		match = match2;
		prom = prom2;
	} else if (r == 0) {
		o_s = lag * hop;
		t_s = win / 2;
	} else {
		match = 0;
		prom = 0;
		o_s = t_s = 0;
	}
	t->match = match;
	if (match < MIN_MATCH || prom < MIN_PROMINENCE)
		return pk_error_set(err, PK_EINVAL,
				    "%s: cannot be aligned with '%s': no "
				    "sound in common within %.0f s (match "
				    "%.2f); give its offset",
				    label(t), label(ref), max_offset, match);
	t->a = o_s;
	t->b = 1;
	/* the end: the last window the two have in common, searched near
	 * the start's lag */
	s = o_s > 0 ? o_s : 0;
	e = seconds(ref) < seconds(t) + o_s ? seconds(ref) : seconds(t) + o_s;
	t_e = e - win / 2;
	span = t_e - t_s;
	if (span < DRIFT_MIN_SPAN_SEC || e - win < s) {
		t->drift_ppm = 0;
		return 0;
	}
	pad = DRIFT_SEARCH_SHARE * span + DRIFT_SEARCH_PAD_SEC;
	r = find_lag(ref, t, (size_t)lround((e - win) / hop), wh,
		     lround((o_s - pad) / hop), lround((o_s + pad) / hop), &lag,
		     &match2, &prom2);
	if (r == PK_ENOMEM)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (r < 0 || match2 < MIN_MATCH) {
		if (warn)
			pk_diags_add(warn, PK_WARNING, label(t), 0,
				     "its end could not be matched with "
				     "'%s' (match %.2f): clock drift not "
				     "corrected",
				     label(ref), r < 0 ? 0 : match2);
		return 0;
	}
	o_e = lag * hop;
	/* t's second u plays at mix second a + b u */
	u_s = t_s - o_s;
	u_e = t_e - o_e;
	t->b = (t_e - t_s) / (u_e - u_s);
	t->a = t_s - t->b * u_s;
	t->drift_ppm = (1 / t->b - 1) * 1e6;
	return 0;
}

/* Track t's levelled momentary loudness at mix second x (-HUGE_VAL when
 * it has nothing there). */
static double level_at(const struct track *t, double x)
{
	double u = (x - t->a) / t->b;
	long i = lround((u + PK_MOM_WINDOW_SEC / 2) / PK_MOM_STEP_SEC) - 1;

	if (i < 0 || (size_t)i >= t->scan.nmom || !t->scan.mom[i])
		return -HUGE_VAL;
	return pk_mom_lufs(t->scan.mom[i]) + t->gain;
}

/* Each track's speech loudness over the moments its own speaker talks
 * (it is the loudest by OWN_SPEECH_LU once levelled), BS.1770-gated;
 * sets t->speech and t->gain. */
static int level(struct track **used, size_t nu, struct pk_error *err)
{
	size_t k, j, i, cnt;
	uint8_t *keep = NULL;
	double s[PK_MIX_MAX_TRACKS];
	int round;

	for (k = 0; k < nu; k++)
		used[k]->gain = LEVEL_LUFS - used[k]->speech;
	if (nu < 2)
		return 0;
	for (round = 0; round < LEVEL_ROUNDS; round++) {
		for (k = 0; k < nu; k++) {
			struct track *t = used[k];

			free(keep);
			keep = calloc(t->scan.nmom + 1, 1);
			if (!keep)
				return pk_error_set(err, PK_ENOMEM,
						    "out of memory");
			for (i = 0; i < t->scan.nmom; i++) {
				double x =
				    t->a + t->b * ((i + 1) * PK_MOM_STEP_SEC -
						   PK_MOM_WINDOW_SEC / 2);
				double me = level_at(t, x), other = -HUGE_VAL;

				for (j = 0; j < nu; j++)
					if (j != k &&
					    level_at(used[j], x) > other)
						other = level_at(used[j], x);
				keep[i] = me > other + OWN_SPEECH_LU;
			}
			s[k] = pk_mom_integrated(t->scan.mom, t->scan.nmom,
						 keep, &cnt);
			if (cnt < MIN_OWN_READINGS)
				s[k] = t->speech;
		}
		for (k = 0; k < nu; k++)
			used[k]->gain = LEVEL_LUFS - s[k];
	}
	for (k = 0; k < nu; k++)
		used[k]->speech = s[k];
	free(keep);
	return 0;
}

/* ---- pass 2 ------------------------------------------------------------ */

static int swr_fail(struct pk_error *err, const struct track *t, int averr)
{
	char msg[AV_ERROR_MAX_STRING_SIZE];

	av_strerror(averr, msg, sizeof(msg));
	return pk_error_set(err, PK_EMEDIA, "%s: cannot resample: %s", label(t),
			    msg);
}

/* Arms the drift compensation for the next stretch of output. */
static int arm(struct track *t, struct pk_error *err)
{
	int r = swr_set_compensation(t->swr, t->comp_delta, t->comp_dist);

	if (r < 0)
		return swr_fail(err, t, r);
	t->comp_left = t->comp_dist;
	return 0;
}

static int open_track(struct track *t, int rate, int block,
		      struct pk_error *err)
{
	struct pk_decoder_opts dopts = {1, 0};
	AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
	double total;
	int r;

	if ((r = pk_decoder_open(&t->dec, t->in->path, &dopts, err)) < 0)
		return r;
	r = swr_alloc_set_opts2(&t->swr, &mono, AV_SAMPLE_FMT_FLT, rate, &mono,
				AV_SAMPLE_FMT_FLT, t->rate, 0, NULL);
	if (r < 0 || (r = swr_init(t->swr)) < 0)
		return swr_fail(err, t, r);
	t->lead = llround(t->a * rate);
	if (fabs(t->b - 1) > 1e-9) {
		/* over comp_dist output frames, comp_delta more (or fewer):
		 * the track's seconds stretched by b */
		total = seconds(t) * t->b * rate + rate;
		t->comp_dist = total < INT_MAX / 2 ? (int)total : INT_MAX / 2;
		t->comp_delta = (int)lround(t->comp_dist * (1 - 1 / t->b));
		if (t->comp_delta != 0 && (r = arm(t, err)) < 0)
			return r;
	}
	t->block = malloc((size_t)block * sizeof(float));
	if (!t->block)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	return 0;
}

/* Decodes and resamples the next frames into t->buf. */
static int refill(struct track *t, struct pk_error *err)
{
	const float *f = NULL;
	size_t n = 0;
	int want, got, r;
	uint8_t *dst[1];
	const uint8_t *src[1];

	t->len = t->pos = 0;
	if (t->eof == 2)
		return 0;
	if (t->eof == 0) {
		r = pk_decoder_read(t->dec, &f, &n, err);
		if (r < 0)
			return r;
		if (r == 0)
			t->eof = 1;
	}
	want = swr_get_out_samples(t->swr, (int)n);
	if (want < 0)
		want = (int)n + 256;
	want += 256;
	if ((size_t)want > t->cap) {
		float *p = realloc(t->buf, (size_t)want * sizeof(float));

		if (!p)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		t->buf = p;
		t->cap = (size_t)want;
	}
	dst[0] = (uint8_t *)t->buf;
	src[0] = (const uint8_t *)f;
	got = swr_convert(t->swr, dst, (int)t->cap, t->eof ? NULL : src,
			  t->eof ? 0 : (int)n);
	if (got < 0)
		return swr_fail(err, t, got);
	if (t->eof == 1)
		t->eof = 2; /* drained: a flush gives all it holds */
	t->len = (size_t)got;
	if (t->comp_delta) {
		t->comp_left -= got;
		if (t->comp_left <= 0 && (r = arm(t, err)) < 0)
			return r;
	}
	return 0;
}

/* Fills t->block with its next n mix frames (zeros before its start and
 * after its end). */
static int pull(struct track *t, size_t n, struct pk_error *err)
{
	size_t i = 0, m;
	int r;

	while (i < n && t->lead > 0) {
		t->block[i++] = 0;
		t->lead--;
		t->at++;
	}
	while (i < n) {
		if (t->pos == t->len) {
			if (t->eof == 2)
				break;
			if ((r = refill(t, err)) < 0)
				return r;
			continue;
		}
		m = t->len - t->pos < n - i ? t->len - t->pos : n - i;
		memcpy(t->block + i, t->buf + t->pos, m * sizeof(float));
		t->pos += m;
		i += m;
		t->at += (int64_t)m;
		t->end = t->at;
	}
	if (i < n) {
		memset(t->block + i, 0, (n - i) * sizeof(float));
		t->at += (int64_t)(n - i);
	}
	return 0;
}

static int done(const struct track *t)
{
	return t->eof == 2 && t->pos == t->len && t->lead == 0;
}

static void close_track(struct track *t)
{
	pk_decoder_free(t->dec);
	t->dec = NULL;
	swr_free(&t->swr);
	free(t->buf);
	t->buf = NULL;
	free(t->block);
	t->block = NULL;
}

/* ---- the float WAV ------------------------------------------------------ */

static void le16(unsigned char *p, unsigned v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void le32(unsigned char *p, uint32_t v)
{
	le16(p, v & 0xffff);
	le16(p + 2, v >> 16);
}

#define WAV_HEADER 58 /* RIFF, fmt (18 bytes), fact, data headers */

static void wav_header(unsigned char *h, int rate, uint32_t frames)
{
	uint32_t data = frames * 4;

	memcpy(h, "RIFF", 4);
	le32(h + 4, WAV_HEADER - 8 + data);
	memcpy(h + 8, "WAVEfmt ", 8);
	le32(h + 16, 18);
	le16(h + 20, 3); /* IEEE float */
	le16(h + 22, 1); /* mono */
	le32(h + 24, (uint32_t)rate);
	le32(h + 28, (uint32_t)rate * 4);
	le16(h + 32, 4);
	le16(h + 34, 32);
	le16(h + 36, 0);
	memcpy(h + 38, "fact", 4);
	le32(h + 42, 4);
	le32(h + 46, frames);
	memcpy(h + 50, "data", 4);
	le32(h + 54, data);
}

/* ---- the whole ---------------------------------------------------------- */

static int render(struct track **tr, size_t n, const char *wav, int rate,
		  double gate_db, double level_db, int64_t *frames_out,
		  struct pk_error *err)
{
	struct pk_xgate g;
	const float *in[PK_MIX_MAX_TRACKS];
	unsigned char h[WAV_HEADER];
	float *out = NULL;
	FILE *f = NULL;
	int64_t written = 0, mix_frames = 0, step = 0;
	int block, r, k, all, i;
	/* a RIFF size is 32 bits */
	const int64_t max_frames = (INT64_C(0xFFFFFFFF) - WAV_HEADER) / 4;

	if (pk_xgate_init(&g, (int)n, rate, gate_db, level_db) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	block = pk_xgate_block(&g);
	for (k = 0; k < (int)n; k++) {
		if ((r = open_track(tr[k], rate, block, err)) < 0)
			goto out;
		in[k] = tr[k]->block;
	}
	out = malloc((size_t)block * sizeof(float));
	f = fopen(wav, "wb");
	if (!out || !f) {
		r = out ? pk_error_errno(err, PK_EIO, "%s: cannot write", wav)
			: pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	wav_header(h, rate, 0);
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h))
		goto write_fail;
	for (;;) {
		all = 1;
		for (k = 0; k < (int)n; k++)
			all &= done(tr[k]);
		/* once every track has ended, the gate's look-ahead drains */
		if (all && written >= mix_frames)
			break;
		for (k = 0; k < (int)n; k++) {
			float gain = (float)pow(10, tr[k]->gain / 20);

			if ((r = pull(tr[k], (size_t)block, err)) < 0)
				goto out;
			for (i = 0; i < block; i++)
				tr[k]->block[i] *= gain;
			if (tr[k]->end > mix_frames)
				mix_frames = tr[k]->end;
		}
		pk_xgate_process(&g, in, out);
		if (step++ >= pk_xgate_latency(&g) && written < mix_frames) {
			int64_t m = mix_frames - written < block
					? mix_frames - written
					: block;

			if (fwrite(out, sizeof(float), (size_t)m, f) !=
			    (size_t)m)
				goto write_fail;
			written += m;
		}
		if (written > max_frames) {
			r = pk_error_set(err, PK_EINVAL,
					 "the mix is too long for a WAV "
					 "(over %.1f hours)",
					 (double)max_frames / rate / 3600);
			goto out;
		}
	}
	wav_header(h, rate, (uint32_t)written);
	if (fseek(f, 0, SEEK_SET) != 0 ||
	    fwrite(h, 1, sizeof(h), f) != sizeof(h) || fflush(f) != 0 ||
	    ferror(f))
		goto write_fail;
	r = fclose(f);
	f = NULL;
	if (r != 0)
		goto write_fail;
	for (k = 0; k < (int)n; k++)
		tr[k]->gated = (double)g.closed[k] * block / rate;
	*frames_out = written;
	r = 0;
	goto out;
write_fail:
	r = pk_error_errno(err, PK_EIO, "%s: cannot write", wav);
out:
	if (f)
		fclose(f);
	free(out);
	for (k = 0; k < (int)n; k++)
		close_track(tr[k]);
	pk_xgate_release(&g);
	return r;
}

int pk_mix_render(const struct pk_mix_track *tracks, size_t n, const char *wav,
		  const struct pk_mix_opts *opts, struct pk_mix_result *res,
		  struct pk_diags *warn, struct pk_error *err)
{
	struct pk_mix_result res_local, *rs = res ? res : &res_local;
	struct track *t = NULL, *used[PK_MIX_MAX_TRACKS], *tr = NULL;
	struct scan_jobs *jobs = NULL;
	double max_off =
	    isnan(opts->max_offset) ? DEFAULT_MAX_OFFSET_SEC : opts->max_offset;
	double gate = isnan(opts->gate_db) ? DEFAULT_GATE_DB : opts->gate_db;
	double amin = HUGE_VAL, mix_end = 0, level_sum = 0;
	int64_t frames = 0;
	size_t i, nu = 0, ref = n;
	int r = 0, rate = 0, pick;

	memset(rs, 0, sizeof(*rs));
	if (n < 1 || n > PK_MIX_MAX_TRACKS)
		return pk_error_set(err, PK_EINVAL,
				    "a mix takes 1 to %d tracks, not %zu",
				    PK_MIX_MAX_TRACKS, n);
	/* (a track's state holds a loudness histogram: on the heap) */
	tr = calloc(n, sizeof(*tr));
	if (!tr)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	rs->n = n;
	/* pass 1: every track read once, the tracks side by side; the first
	 * track (in order) that fails is the one reported */
	jobs = calloc(1, sizeof(*jobs));
	if (!jobs) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	jobs->tr = tr;
	for (i = 0; i < n; i++) {
		tr[i].in = &tracks[i];
		tr[i].match = NAN;
	}
	pk_parallel_for(n, 0, scan_one, jobs);
	for (i = 0; i < n; i++) {
		if ((r = jobs->rc[i]) < 0) {
			if (err)
				*err = jobs->err[i];
			goto out;
		}
		if (tr[i].silent) {
			if (warn)
				pk_diags_add(warn, PK_WARNING, label(&tr[i]), 0,
					     "no speech in this track "
					     "(silent or only noise): left "
					     "out of the mix");
			continue;
		}
		if (ref == n)
			ref = i;
		used[nu++] = &tr[i];
	}
	if (nu == 0) {
		r = pk_error_set(err, PK_EINVAL,
				 "%s: no track has speech: nothing to mix",
				 label(&tr[0]));
		goto out;
	}
	/* where each track plays */
	for (i = 0; i < nu; i++) {
		t = used[i];
		t->b = 1;
		if (!isnan(t->in->offset))
			t->a = t->in->offset;
		else if (t == &tr[ref])
			t->a = 0;
		else if ((r = align(&tr[ref], t, max_off, warn, err)) < 0)
			goto out;
		else if (!isnan(tr[ref].in->offset))
			t->a += tr[ref].in->offset;
		if (t->a < amin)
			amin = t->a;
	}
	for (i = 0; i < nu; i++) {
		t = used[i];
		t->a -= amin;
		if (t->a + t->b * seconds(t) > mix_end)
			mix_end = t->a + t->b * seconds(t);
		if (t->rate > rate)
			rate = t->rate;
		level_sum += t->speech;
	}
	/* levels, and a word for a track that covers little of the mix */
	if ((r = level(used, nu, err)) < 0)
		goto out;
	for (i = 0; i < nu; i++) {
		t = used[i];
		t->gain = opts->level ? LEVEL_LUFS - t->speech : 0;
		if (fabs(t->gain) > MAX_LEVEL_GAIN_DB) {
			if (warn)
				pk_diags_add(warn, PK_WARNING, label(t), 0,
					     "its speech reads %.1f LUFS: "
					     "levelled by %+.0f dB only",
					     t->speech,
					     t->gain > 0 ? MAX_LEVEL_GAIN_DB
							 : -MAX_LEVEL_GAIN_DB);
			t->gain = t->gain > 0 ? MAX_LEVEL_GAIN_DB
					      : -MAX_LEVEL_GAIN_DB;
		}
		if (nu > 1 && t->b * seconds(t) < SHORT_SHARE * mix_end && warn)
			pk_diags_add(warn, PK_WARNING, label(t), 0,
				     "%.1f s long, the mix %.1f s: shorter "
				     "than the others (silence where it "
				     "has nothing)",
				     seconds(t), mix_end);
	}
	/* the mix at the encoder's rate, so it is resampled once */
	pick = pk_encoder_pick_rate(opts->out.format ? opts->out.format : "mp3",
				    rate);
	if (pick > 0)
		rate = pick;
	r = render(used, nu, wav, rate, gate,
		   opts->level ? LEVEL_LUFS : level_sum / (double)nu, &frames,
		   err);
	if (r < 0)
		goto out;
	rs->rate = rate;
	rs->duration = (double)frames / rate;
	for (i = 0; i < n; i++) {
		struct pk_mix_track_result *o = &rs->tracks[i];

		t = &tr[i];
		o->offset = t->silent ? NAN : t->a;
		o->drift_ppm = t->drift_ppm;
		o->match = t->match;
		o->speech_lufs = t->speech;
		o->gain_db = t->silent ? 0 : t->gain;
		o->duration = seconds(t);
		o->gated_sec = t->gated;
		o->rate = t->rate;
		o->channels = t->channels;
		o->silent = t->silent;
	}
	r = 0;
out:
	for (i = 0; i < n; i++)
		pk_trackscan_release(&tr[i].scan);
	free(tr);
	free(jobs);
	return r;
}

/* A temporary WAV beside path, created empty and private. */
static char *temp_wav(const char *path, struct pk_error *err)
{
	size_t len = strlen(path) + 24;
	char *tmp = malloc(len);
	int fd;

	if (!tmp) {
		pk_error_set(err, PK_ENOMEM, "out of memory");
		return NULL;
	}
	snprintf(tmp, len, "%s.mix-XXXXXX.wav", path);
	fd = mkstemps(tmp, 4);
	if (fd < 0) {
		pk_error_errno(err, PK_EIO, "%s: cannot create", tmp);
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

int pk_mix(const struct pk_mix_track *tracks, size_t n, const char *out,
	   const struct pk_mix_opts *opts, struct pk_mix_result *res,
	   struct pk_diags *warn, struct pk_error *err)
{
	struct pk_mix_result res_local, *rs = res ? res : &res_local;
	char *tmp = temp_wav(opts->wav ? opts->wav : out, err);
	int r;

	if (!tmp)
		return err ? err->code : PK_EIO;
	r = pk_mix_render(tracks, n, tmp, opts, rs, warn, err);
	/* the first track's moments (a transcript's, chapters') now lie
	 * where it starts in the mix; the chain moves them on from there */
	if (r == 0 && opts->out.timemap && rs->n && !rs->tracks[0].silent &&
	    rs->tracks[0].offset > 0)
		pk_timemap_shift(opts->out.timemap, rs->tracks[0].offset);
	if (r == 0)
		r = pk_normalize(tmp, out, &opts->out, &rs->out, err);
	if (r == 0 && opts->wav && rename(tmp, opts->wav) != 0)
		r = pk_error_errno(err, PK_EIO, "%s: cannot rename into place",
				   opts->wav);
	if (r < 0 || !opts->wav)
		unlink(tmp);
	free(tmp);
	return r;
}
