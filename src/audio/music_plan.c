/* music_plan.c: the programme's pass 1: the recording and the music
 * measured, the speech levelled, the pauses found, the parts laid out and
 * levelled, the programme's per-block figures (see music_int.h). */
#include "audio/music_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audio/audio_int.h"
#include "audio/gainplan_int.h"
#include "audio/music_pass_int.h"
#include "audio/pcm_pipe_int.h"

/* The bed's fade in (s, against a click) and the longest fade out (s). */
#define BED_FADE_IN_S 0.050
#define BED_FADE_OUT_S 3.0

void pk_program_opts_init(struct pk_program_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->clean.highpass_hz = PK_HIGHPASS_DEFAULT_HZ;
	o->clean.denoise = PK_DENOISE_NONE;
	o->clean.noise_db = NAN;
	o->crossfade = PK_MUSIC_CROSSFADE_S;
	o->music_lu = PK_MUSIC_UNDER_LU;
	o->bed_lu = PK_MUSIC_BED_UNDER_LU;
	o->bed_sec = PK_MUSIC_BED_S;
	o->aim_lufs = NAN;
	o->ceil_db = NAN;
}

void pk_program_plan_release(struct pk_program_plan *p)
{
	pk_cuts_release(&p->cuts);
	pk_blocks_release(&p->intro.blocks);
	pk_blocks_release(&p->outro.blocks);
	pk_blocks_release(&p->bed.blocks);
	pk_level_plan_release(&p->level);
	memset(p, 0, sizeof(*p));
}
/* ---- pass 1 ----------------------------------------------------------- */

/* Measures whatever read() delivers, as pk_loudness_measure does. */
static int speech_stage(void *arg, const float **f, size_t *n,
			struct pk_error *err)
{
	return pk_program_speech_read(arg, f, n, err);
}

/* Pass 1's reading: the recording decoded and cleaned on a thread of its
 * own (pcm_pipe_int.h) while this one measures. */
static int measure_speech(struct speech *s, struct pk_loudness *l,
			  struct pk_blocks *blocks, struct pk_curve *curve,
			  void (*progress)(void *arg, double sec), void *arg,
			  struct pk_error *err)
{
	struct pk_meter *m = NULL;
	struct pk_pcm_pipe *pipe = NULL;
	int roles[64], what = PK_MEASURE_RANGE | PK_MEASURE_BLOCKS |
				   PK_MEASURE_FROM_BLOCKS;
	int ch = s->ch, rate = pk_decoder_rate(s->d), i, r;
	double hint = pk_decoder_duration_hint(s->d);
	int64_t last = 0, got = 0;

	if (ch > 64)
		return pk_error_set(err, PK_EMEDIA, "too many channels (%d)",
				    ch);
	for (i = 0; i < ch; i++)
		roles[i] = pk_decoder_channel_role(s->d, i);
	if (curve)
		what |= PK_MEASURE_CURVE;
	if (hint > PK_LOUDNESS_LONG_FILE_S)
		what |= PK_MEASURE_LONG;
	if ((r = pk_meter_new(&m, ch, rate, roles, what, 0, err)) < 0)
		return r;
	if (hint > 0 &&
	    pk_meter_reserve_blocks(m, (size_t)(hint * 100 * 1.01) + 64) < 0) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	/* from here until the pipe ends, s is its thread's */
	if ((r = pk_pcm_reader_start(&pipe, ch, speech_stage, s, err)) < 0)
		goto out;
	for (;;) {
		const float *f;
		size_t n;

		if ((r = pk_pcm_reader_read(pipe, &f, &n, err)) <= 0)
			break;
		if ((r = pk_meter_add(m, f, n, err)) < 0)
			goto out;
		got += (int64_t)n;
		if (progress && got - last > rate * 5) {
			last = got;
			progress(arg, (double)last / rate);
		}
	}
	if (r < 0 || (r = pk_meter_result(m, l, err)) < 0)
		goto out;
	if (curve)
		pk_meter_take_curve(m, curve);
	pk_meter_take_blocks(m, blocks);
out:
	pk_pcm_pipe_free(pipe);
	pk_meter_free(m);
	return r;
}

/* Measures a music file as it will be mixed (the programme's layout). */
static int measure_part(struct pk_program_part *p, const char *path,
			const struct pk_decoder_opts *dopts,
			struct pk_error *err)
{
	struct pk_decoder *d = NULL;
	struct pk_loudness l;
	int r;

	if ((r = pk_decoder_open(&d, path, dopts, err)) < 0)
		return r;
	r = pk_loudness_measure(d, 0, 0, &l, NULL, &p->blocks, NULL, NULL, err);
	if (r == 0) {
		p->frames = pk_decoder_position(d);
		p->lufs = l.integrated;
	}
	pk_decoder_free(d);
	return r;
}

/* The loudness (LU) the limiter takes from audio with blocks b measured
 * at lufs, given gain_db: 0 when the aim is not known. */
static double limiter_loss(const struct pk_program_opts *o,
			   const struct pk_blocks *b, double lufs,
			   double gain_db)
{
	if (isnan(o->aim_lufs) || isnan(o->ceil_db) || !isfinite(lufs))
		return 0;
	return lufs + gain_db -
	       pk_gainplan_predict(b, lufs, gain_db, o->ceil_db);
}

/* The gain (linear) that puts part p `under` LU below the speech, both
 * as they will be after pass 2's gain and limiter: the speech alone
 * would need gain g to reach the aim (more than aim - speech_lufs where
 * the limiter takes its share), and the music must land under the aim. */
static double part_gain(const struct pk_program_opts *o,
			const struct pk_program_part *p,
			const struct pk_blocks *speech, double speech_lufs,
			double under)
{
	double g, db;

	if (!isfinite(p->lufs) || !isfinite(speech_lufs))
		return 1;
	if (isnan(o->aim_lufs) || isnan(o->ceil_db))
		return pow(10, (speech_lufs - under - p->lufs) / 20);
	g = pk_gainplan_solve(speech, speech_lufs, o->aim_lufs, o->ceil_db);
	db = o->aim_lufs - under - p->lufs - g;
	/* once round: the music's own peaks may meet the limiter too */
	db += limiter_loss(o, &p->blocks, p->lufs, db + g);
	return pow(10, db / 20);
}

/* The part's fade at programme frame t (0..1): raised-cosine ramps. */
double pk_program_part_fade(const struct pk_program_part *p, int64_t t)
{
	int64_t i = t - p->at;

	if (i < 0 || i >= p->frames)
		return 0;
	if (p->fade_in > 0 && i < p->fade_in)
		return 0.5 * (1 - cos(M_PI * (double)i / p->fade_in));
	if (p->fade_out > 0 && i >= p->frames - p->fade_out)
		return 0.5 *
		       (1 + cos(M_PI * (double)(i - (p->frames - p->fade_out)) /
				p->fade_out));
	return 1;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* Where everything sits, once the parts' lengths and the speech's
 * loudness are known. */
static void layout(struct pk_program_plan *p, const struct pk_blocks *sb,
		   double speech_lufs)
{
	const struct pk_program_opts *o = &p->opts;
	int64_t xf = (int64_t)llround(o->crossfade * p->rate);

	if (xf > p->speech_frames)
		xf = p->speech_frames;
	if (o->intro) {
		p->intro.at = 0;
		p->intro.fade_out = min64(xf, p->intro.frames);
		p->intro.gain =
		    part_gain(o, &p->intro, sb, speech_lufs, o->music_lu);
		p->speech_at = p->intro.frames - p->intro.fade_out;
	}
	if (o->bed) {
		int64_t max = (int64_t)llround(o->bed_sec * p->rate);

		p->bed.frames =
		    min64(min64(p->bed.frames, max), p->speech_frames);
		p->bed.at = p->speech_at;
		p->bed.fade_in = min64((int64_t)(BED_FADE_IN_S * p->rate),
				       p->bed.frames / 2);
		p->bed.fade_out = min64((int64_t)(BED_FADE_OUT_S * p->rate),
					p->bed.frames / 2);
		p->bed.gain = part_gain(o, &p->bed, sb, speech_lufs, o->bed_lu);
	}
	p->total = p->speech_at + p->speech_frames;
	if (o->outro) {
		p->outro.fade_in = min64(xf, p->outro.frames);
		p->outro.at = p->total - p->outro.fade_in;
		p->outro.gain =
		    part_gain(o, &p->outro, sb, speech_lufs, o->music_lu);
		if (p->outro.at + p->outro.frames > p->total)
			p->total = p->outro.at + p->outro.frames;
	}
}

/* Adds a part's blocks, gained and faded, to the programme's. */
static void add_part_blocks(struct pk_blocks *out,
			    const struct pk_program_part *p)
{
	size_t i, at = (size_t)llround((double)p->at / out->frames);

	for (i = 0; i < p->blocks.n && at + i < out->n; i++) {
		int64_t mid =
		    p->at + (int64_t)i * out->frames + out->frames / 2;
		double g = p->gain * pk_program_part_fade(p, mid);

		out->energy[at + i] += (float)(g * g * p->blocks.energy[i]);
		out->peak[at + i] += (float)(g * p->blocks.peak[i]);
	}
}

/* The programme's per-block figures from the parts': the speech's kept
 * blocks in order, the music's added as energies (the parts are not
 * correlated) and peaks added (the worst case, for the limiter model). */
static int program_blocks(const struct pk_program_plan *p,
			  const struct pk_blocks *speech, struct pk_blocks *out)
{
	size_t n = (size_t)((p->total + speech->frames - 1) / speech->frames);
	size_t i, k, ci = 0;

	memset(out, 0, sizeof(*out));
	out->frames = speech->frames;
	out->rate = speech->rate;
	out->energy = calloc(n + 1, sizeof(float));
	out->peak = calloc(n + 1, sizeof(float));
	if (!out->energy || !out->peak) {
		pk_blocks_release(out);
		return PK_ENOMEM;
	}
	out->n = out->cap = n;
	k = (size_t)llround((double)p->speech_at / speech->frames);
	for (i = 0; i < speech->n && k < n; i++) {
		int64_t t = (int64_t)i * speech->frames;

		while (ci < p->cuts.n && t >= p->cuts.v[ci].b)
			ci++;
		if (ci < p->cuts.n && t >= p->cuts.v[ci].a)
			continue;
		out->energy[k] = speech->energy[i];
		out->peak[k] = speech->peak[i];
		k++;
	}
	if (p->opts.intro)
		add_part_blocks(out, &p->intro);
	if (p->opts.bed)
		add_part_blocks(out, &p->bed);
	if (p->opts.outro)
		add_part_blocks(out, &p->outro);
	return 0;
}

/* The part's gain moved so that, after the programme's gain and the
 * limiter as modelled, it sits `under` LU below the speech. */
static void relevel(const struct pk_program_opts *o, struct pk_program_part *p,
		    double speech_out, double g, double under)
{
	double db, out;

	if (!isfinite(p->lufs) || p->gain <= 0)
		return;
	db = 20 * log10(p->gain);
	out = pk_gainplan_predict(&p->blocks, p->lufs, db + g, o->ceil_db);
	p->gain *= pow(10, (speech_out - under - out) / 20);
}

/* The programme's gain depends on the music's level (music under the
 * speech lowers the programme's loudness, so the gain rises) and the
 * limiter takes more from the speech at a higher gain: a few rounds of
 * solving the programme's gain and levelling the music against the
 * speech as it will come out settle both. */
#define RELEVEL_ROUNDS 3

static int refine_gains(struct pk_program_plan *plan,
			const struct pk_blocks *sb, double speech_lufs)
{
	const struct pk_program_opts *o = &plan->opts;
	struct pk_blocks pb;
	double lufs, g, speech_out;
	int i, r;

	if (isnan(o->aim_lufs) || isnan(o->ceil_db) || !isfinite(speech_lufs) ||
	    !(o->intro || o->outro || o->bed))
		return 0;
	for (i = 0; i < RELEVEL_ROUNDS; i++) {
		if ((r = program_blocks(plan, sb, &pb)) < 0)
			return r;
		lufs = pk_gainplan_loudness(&pb);
		g = pk_gainplan_solve(&pb, lufs, o->aim_lufs, o->ceil_db);
		pk_blocks_release(&pb);
		speech_out =
		    pk_gainplan_predict(sb, speech_lufs, g, o->ceil_db);
		if (o->intro)
			relevel(o, &plan->intro, speech_out, g, o->music_lu);
		if (o->outro)
			relevel(o, &plan->outro, speech_out, g, o->music_lu);
		if (o->bed)
			relevel(o, &plan->bed, speech_out, g, o->bed_lu);
	}
	return 0;
}

static int blocks_copy(const struct pk_blocks *b, struct pk_blocks *out)
{
	memset(out, 0, sizeof(*out));
	out->frames = b->frames;
	out->rate = b->rate;
	out->energy = malloc((b->n + 1) * sizeof(float));
	out->peak = malloc((b->n + 1) * sizeof(float));
	if (!out->energy || !out->peak) {
		pk_blocks_release(out);
		return PK_ENOMEM;
	}
	if (b->n) {
		memcpy(out->energy, b->energy, b->n * sizeof(float));
		memcpy(out->peak, b->peak, b->n * sizeof(float));
	}
	out->n = out->cap = b->n;
	return 0;
}

/* The levelling curve for the cleaned recording's blocks *sb (in its own
 * time), and *sb and *lufs (its integrated loudness) replaced by what the
 * curve makes of them. Not levelled (off, no speech): left as they are. */
static int level_speech(struct pk_program_plan *plan, struct pk_blocks *sb,
			double *lufs)
{
	const struct pk_program_opts *o = &plan->opts;
	struct pk_blocks lb;
	double before, after;
	int r;

	if (!o->level || !isfinite(*lufs))
		return 0;
	r = pk_level_plan_make(sb, o->turns, o->nturns, o->nspeakers,
			       &plan->level);
	if (r < 0 || !plan->level.levelled)
		return r;
	if ((r = pk_level_apply_blocks(&plan->level, sb, &lb)) < 0)
		return r;
	/* the meter's reading moved by what the curve changes */
	before = pk_gainplan_loudness(sb);
	after = pk_gainplan_loudness(&lb);
	if (isfinite(before) && isfinite(after))
		*lufs += after - before;
	pk_blocks_release(sb);
	*sb = lb;
	return 0;
}

int pk_program_analyse(struct pk_program_plan *plan, const char *path,
		       const struct pk_decoder_opts *dopts,
		       const struct pk_program_opts *opts,
		       struct pk_loudness *speech, struct pk_blocks *blocks,
		       struct pk_blocks *source, struct pk_curve *curve,
		       struct pk_timemap *map,
		       void (*progress)(void *arg, double sec), void *arg,
		       struct pk_error *err)
{
	struct speech s = {0};
	struct pk_blocks sb = {0};
	double speech_lufs;
	int64_t removed = 0;
	size_t i;
	int r;

	memset(plan, 0, sizeof(*plan));
	if (source)
		memset(source, 0, sizeof(*source));
	plan->opts = *opts;
	/* the music first: a missing intro fails before the long pass */
	if (opts->intro &&
	    (r = measure_part(&plan->intro, opts->intro, dopts, err)) < 0)
		goto out;
	if (opts->outro &&
	    (r = measure_part(&plan->outro, opts->outro, dopts, err)) < 0)
		goto out;
	if (opts->bed &&
	    (r = measure_part(&plan->bed, opts->bed, dopts, err)) < 0)
		goto out;
	if (opts->clean.denoise != PK_DENOISE_NONE &&
	    isnan(opts->clean.noise_db)) {
		r = pk_cleanup_noise_floor(path, dopts,
					   &plan->opts.clean.noise_db, err);
		if (r < 0)
			goto out;
	}
	r = pk_program_speech_open(&s, path, dopts, &plan->opts.clean, NULL,
				   NULL, err);
	if (r < 0)
		goto out;
	plan->channels = s.ch;
	plan->rate = pk_decoder_rate(s.d);
	r = measure_speech(&s, speech, &sb, curve, progress, arg, err);
	if (r < 0)
		goto out;
	plan->speech_src_frames = s.pos;
	if (source && (r = blocks_copy(&sb, source)) < 0) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	/* from here on the speech is as the levelling leaves it: the pauses
	 * are found in it and the music is levelled against it */
	speech_lufs = speech->integrated;
	if ((r = level_speech(plan, &sb, &speech_lufs)) < 0) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	plan->lufs = speech_lufs;
	r = pk_pauses_find(&sb, speech_lufs, opts->max_pause, &plan->cuts);
	if (r < 0) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	plan->speech_frames = s.pos - pk_cuts_frames(&plan->cuts);
	layout(plan, &sb, speech_lufs);
	plan->mixed =
	    opts->intro || opts->outro || opts->bed || plan->cuts.n > 0;
	if (map) {
		for (i = 0; i < plan->cuts.n; i++) {
			const struct pk_cut *c = &plan->cuts.v[i];

			r = pk_timemap_cut(
			    map, (double)(c->a - removed) / plan->rate,
			    (double)(c->b - removed) / plan->rate);
			if (r < 0)
				goto out;
			removed += c->b - c->a;
		}
		pk_timemap_shift(map, (double)plan->speech_at / plan->rate);
	}
	if (!plan->mixed) {
		if (blocks) {
			*blocks = sb;
			memset(&sb, 0, sizeof(sb));
		}
		r = 0;
		goto out;
	}
	if (blocks && (r = refine_gains(plan, &sb, speech_lufs)) < 0) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (blocks) {
		if ((r = program_blocks(plan, &sb, blocks)) < 0) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		speech->integrated = pk_gainplan_loudness(blocks);
		plan->lufs = speech->integrated;
	}
	speech->duration = (double)plan->total / plan->rate;
	r = 0;
out:
	if (r < 0) {
		pk_program_plan_release(plan);
		if (source)
			pk_blocks_release(source);
	}
	pk_blocks_release(&sb);
	pk_program_speech_free(&s);
	return r;
}
