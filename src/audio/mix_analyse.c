/* mix_analyse.c: pk_mix's pass 1: each track read once (its envelope and
 * momentary loudness), placed against the reference (offset and clock
 * drift) and levelled by its own speaker's speech (see mix_track_int.h). */
#include "audio/mix_track_int.h"

#include <math.h>
#include <stdlib.h>

#include "audio/audio_int.h"
#include "audio/mix_int.h"

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

void pk_mix_scan_one(void *arg, size_t i)
{
	struct scan_jobs *j = arg;

	j->rc[i] = analyse(&j->tr[i], &j->err[i]);
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

int pk_mix_align(struct track *ref, struct track *t, double max_offset,
		 struct pk_diags *warn, struct pk_error *err)
{
	const double hop = PK_ENV_HOP_SEC;
	double win = ALIGN_WINDOW_SEC, lag, match = 0, prom = 0, lag2,
	       match2 = 0, prom2 = 0, o_s, t_s, o_e, t_e, u_s, u_e, e, s, span,
	       pad;
	long maxh = lround(max_offset / hop);
	size_t wh;
	int r, r2;

	if (win > pk_mix_seconds(ref) / 3)
		win = pk_mix_seconds(ref) / 3;
	if (win > pk_mix_seconds(t) / 3)
		win = pk_mix_seconds(t) / 3;
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
				    pk_mix_label(t), pk_mix_label(ref),
				    max_offset, match);
	t->a = o_s;
	t->b = 1;
	/* the end: the last window the two have in common, searched near
	 * the start's lag */
	s = o_s > 0 ? o_s : 0;
	e = pk_mix_seconds(ref) < pk_mix_seconds(t) + o_s
		? pk_mix_seconds(ref)
		: pk_mix_seconds(t) + o_s;
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
			pk_diags_add(warn, PK_WARNING, pk_mix_label(t), 0,
				     "its end could not be matched with "
				     "'%s' (match %.2f): clock drift not "
				     "corrected",
				     pk_mix_label(ref), r < 0 ? 0 : match2);
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

int pk_mix_level(struct track **used, size_t nu, struct pk_error *err)
{
	size_t k, j, i, cnt;
	uint8_t *keep = NULL;
	double s[PK_MIX_MAX_TRACKS];
	int round;

	for (k = 0; k < nu; k++)
		used[k]->gain = PK_MIX_LEVEL_LUFS - used[k]->speech;
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
			used[k]->gain = PK_MIX_LEVEL_LUFS - s[k];
	}
	for (k = 0; k < nu; k++)
		used[k]->speech = s[k];
	free(keep);
	return 0;
}
