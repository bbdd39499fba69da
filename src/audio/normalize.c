/* normalize.c: measure, gain + limit + encode once, check, correct once. */
#include "podkit/normalize.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audio/audio_int.h"
#include "media/media_int.h"
#include "audio/gainplan_int.h"
#include "audio/level_int.h"
#include "audio/limiter_int.h"
#include "audio/loudplot_int.h"
#include "audio/speakers_int.h"
#include "audio/music_int.h"
#include "audio/pcm_pipe_int.h"
#include "audio/verify_int.h"
#include "base/timemap_int.h"
#include "podkit/transcript.h"

/* How far off the target, in LU, the encoded file may be before it is
 * encoded again. */
#define TOLERANCE_LU 0.2
/* The limiter aims this far under the ceiling on the first encode, since
 * lossy codecs add to the peaks (AAC and Opus more than MP3). */
static double codec_margin_db(const char *format)
{
	if (strcmp(format, "mp3") == 0)
		return 0.3;
	return strcmp(format, "m4a") == 0 ? 0.4 : 0.8;
}

/* LAME's MP3s decode about 0.4 dB quieter than what went in (0.3 dB at
 * high bit rates); aim that much higher so one encode lands on target.
 * The check after encoding catches whatever this misses. */
static double codec_loss_db(const char *format, int bitrate)
{
	if (strcmp(format, "mp3") == 0)
		return bitrate >= 160 ? 0.3 : 0.4;
	return 0;
}

void pk_normalize_opts_init(struct pk_normalize_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->target = NAN;
	o->target_mono = NAN;
	o->true_peak = NAN;
	o->format = "mp3";
	o->normalize = 1;
	o->level = 1;
	o->highpass = NAN;
	o->crossfade = NAN;
	o->music_lu = NAN;
}

void pk_normalize_result_release(struct pk_normalize_result *r)
{
	pk_speaker_report_release(&r->speakers_in);
	pk_speaker_report_release(&r->speakers_out);
}

struct job {
	const char *in;
	const struct pk_normalize_opts *o;
	int channels, rate; /* of the output */
	double duration;    /* seconds, from pass 1 */
	int64_t frames;     /* the same in frames */
	double done;        /* share of the work finished before this stage */
	double weight;      /* share of the stage under way */
	const struct pk_timemap *map; /* where the source is published */
	int want_blocks;    /* the check keeps the output's blocks */
	struct pk_blocks out_blocks;
};

static void report(struct job *j, double sec)
{
	double f;

	if (!j->o->progress || j->duration <= 0)
		return;
	f = j->done + j->weight * (sec / j->duration);
	j->o->progress(j->o->progress_arg, f < 1 ? f : 1, j->duration);
}

static void report_cb(void *arg, double sec)
{
	report(arg, sec);
}

static void stage_done(struct job *j)
{
	j->done += j->weight;
	report(j, 0);
}

/* The programme the options ask for (music_int.h): clean-up, shortened
 * pauses, intro, outro and bed around the source. */
static void program_opts(const struct pk_normalize_opts *o,
			 struct pk_program_opts *p)
{
	pk_program_opts_init(p);
	if (!isnan(o->highpass))
		p->clean.highpass_hz = o->highpass;
	p->clean.denoise = o->denoise;
	p->max_pause = o->max_pause;
	p->intro = o->intro;
	p->outro = o->outro;
	p->bed = o->bed;
	if (!isnan(o->crossfade))
		p->crossfade = o->crossfade;
	if (!isnan(o->music_lu))
		p->music_lu = o->music_lu;
	p->level = o->normalize && o->level;
}

static int encoder_stage(void *arg, const float *f, size_t n,
			 struct pk_error *err)
{
	return pk_encoder_write(arg, f, n, err);
}

/* Pass 2: decode, gain, limit, encode into tmp. The encoder runs on a
 * thread of its own (pcm_pipe_int.h) while this one decodes, levels and
 * limits; its packets are decoded and measured on a third as they come
 * out (res->out, after). */
static int encode(struct job *j, const struct pk_program_plan *plan,
		  const char *tmp, double gain_db, double ceiling_db,
		  struct pk_normalize_result *res, struct pk_curve *after,
		  struct pk_error *err)
{
	struct pk_verifier *v = NULL;
	struct pk_decoder_opts dopts = {j->channels, j->rate};
	struct pk_encoder_opts eopts = {0};
	struct pk_program *d = NULL;
	struct pk_encoder *e = NULL;
	struct pk_limiter *lim = NULL;
	struct pk_pcm_pipe *pipe = NULL;
	const float *f, *o;
	size_t n, no;
	int64_t last = 0;
	int r;

	if ((r = pk_program_open(&d, j->in, &dopts, plan, err)) < 0)
		goto out;
	if (j->o->normalize) {
		lim = pk_limiter_new(j->channels, j->rate, ceiling_db, gain_db);
		if (!lim) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
	}
	eopts.format = res->format;
	eopts.bitrate = res->bitrate;
	eopts.channels = j->channels;
	eopts.rate = j->rate;
	eopts.meta_from = pk_program_format(d);
	eopts.timemap = j->map;
	if ((r = pk_encoder_open(&e, tmp, &eopts, err)) < 0)
		goto out;
	r = pk_verifier_start(&v, pk_encoder_codecpar(e), pk_encoder_delay(e),
			      j->frames,
			      (after ? PK_MEASURE_CURVE : 0) |
				      (j->want_blocks ? PK_MEASURE_BLOCKS : 0),
			      err);
	if (r < 0)
		goto out;
	pk_encoder_set_tap(e, pk_verifier_tap, v);
	r = pk_pcm_writer_start(&pipe, j->channels, encoder_stage, e, err);
	if (r < 0)
		goto out;
	for (;;) {
		r = pk_program_read(d, &f, &n, err);
		if (r < 0)
			goto out;
		if (r == 0)
			break;
		o = f;
		no = n;
		if (lim && pk_limiter_process(lim, f, n, &o, &no) < 0) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		if ((r = pk_pcm_writer_write(pipe, o, no, err)) < 0)
			goto out;
		if (pk_program_position(d) - last > j->rate * 5) {
			last = pk_program_position(d);
			report(j, (double)last / j->rate);
		}
	}
	if (lim) {
		if (pk_limiter_flush(lim, &o, &no) < 0) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		if ((r = pk_pcm_writer_write(pipe, o, no, err)) < 0)
			goto out;
		res->limit_db = pk_limiter_min_gain_db(lim);
		res->limited_sec =
			(double)pk_limiter_limited_frames(lim) / j->rate;
	}
	if ((r = pk_pcm_writer_finish(pipe, err)) < 0 ||
	    (r = pk_encoder_finish(e, err)) < 0)
		goto out;
	r = pk_verifier_finish(v, &res->out, after, err);
	if (r == 0 && j->want_blocks) {
		pk_blocks_release(&j->out_blocks);
		pk_verifier_take_blocks(v, &j->out_blocks);
	}
out:
	pk_pcm_pipe_free(pipe); /* before the encoder its thread uses */
	pk_encoder_free(e);
	pk_verifier_free(v);
	pk_limiter_free(lim);
	pk_program_free(d);
	return r;
}

/* A temporary file beside path, created empty and private. */
static char *make_temp(const char *path, struct pk_error *err)
{
	size_t len = strlen(path) + 16;
	char *tmp = malloc(len);
	int fd;

	if (!tmp) {
		pk_error_set(err, PK_ENOMEM, "out of memory");
		return NULL;
	}
	snprintf(tmp, len, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		pk_error_errno(err, PK_EIO, "%s: cannot create", path);
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

/* fsyncs tmp, gives it the usual permissions and renames it to path. */
static int commit(const char *tmp, const char *path, struct pk_error *err)
{
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	fd = open(tmp, O_RDONLY);
	if (fd < 0 || fsync(fd) != 0 ||
	    fchmod(fd, 0666 & ~mask) != 0) {
		int r = pk_error_errno(err, PK_EIO, "%s: cannot write", path);

		if (fd >= 0)
			close(fd);
		return r;
	}
	close(fd);
	if (rename(tmp, path) != 0)
		return pk_error_errno(err, PK_EIO, "%s: cannot rename into "
				      "place", path);
	return 0;
}

static int default_bitrate(const char *format, int channels)
{
	if (strcmp(format, "opus") == 0)
		return channels == 1 ? 48 : 64;
	return channels == 1 ? 96 : 128;
}

/* Works out the output layout from the source and the options. */
static int plan(struct job *j, struct pk_normalize_result *res,
		struct pk_error *err)
{
	const struct pk_normalize_opts *o = j->o;
	struct pk_decoder *d = NULL;
	int r, src_ch;
	size_t i;

	res->format = o->format ? o->format : "mp3";
	if (!pk_format_ext(res->format))
		return pk_error_set(err, PK_EINVAL,
				    "unknown audio format '%s'", res->format);
	if ((r = pk_decoder_open(&d, j->in, NULL, err)) < 0)
		return r;
	src_ch = pk_decoder_source_channels(d);
	j->rate = pk_encoder_pick_rate(res->format, pk_decoder_rate(d));
	pk_decoder_free(d);
	if (j->rate <= 0)
		return pk_error_set(err, PK_EMEDIA, "no encoder for '%s'",
				    res->format);
	/* one programme feeds every format: a rate they all take */
	for (i = 0; i < o->nextra; i++) {
		int x = pk_encoder_pick_rate(o->extra[i].format, j->rate);

		if (x <= 0)
			return pk_error_set(err, PK_EMEDIA,
					    "no encoder for '%s'",
					    o->extra[i].format);
		if (x != j->rate) {
			j->rate = x;
			i = (size_t)-1; /* every format again at this rate */
			if (pk_encoder_pick_rate(res->format, x) != x)
				return pk_error_set(
				    err, PK_EMEDIA,
				    "no sample rate both '%s' and '%s' take",
				    res->format, o->extra[0].format);
		}
	}
	j->channels = o->channels == 1 || o->channels == 2 ? o->channels
			 : src_ch >= 2                      ? 2
							    : 1;
	res->channels = j->channels;
	res->rate = j->rate;
	res->bitrate = o->bitrate > 0 ? o->bitrate
				      : default_bitrate(res->format,
							j->channels);
	if (j->channels == 1 && !isnan(o->target_mono))
		res->target = o->target_mono;
	else
		res->target = isnan(o->target) ? (j->channels == 1 ? -19 : -16)
					       : o->target;
	res->ceiling = isnan(o->true_peak) ? -1 : o->true_peak;
	return 0;
}

/* Each speaker's loudness in the source, from pass 1's blocks. */
static int speakers_before(const struct pk_transcript *t,
			   const struct pk_blocks *b,
			   struct pk_normalize_result *res)
{
	int r = pk_speaker_report_init(&res->speakers_in, t);

	if (r == 0)
		r = pk_speaker_report_measure(&res->speakers_in, t, b, 0);
	return r;
}

/* The speaker turns to level by: one per cue of t (NULL: none), in the
 * source's time, with the speaker's index among those t names. *out is
 * malloc'd (the caller frees it). Returns 0 or PK_ENOMEM. */
static int make_turns(const struct pk_transcript *t,
		      struct pk_level_turn **out, size_t *n, int *nspeakers)
{
	struct pk_speaker_report names = {0};
	struct pk_level_turn *turns = NULL;
	size_t i;
	int r = 0;

	*out = NULL;
	*n = 0;
	*nspeakers = 0;
	if (!t || !t->n)
		return 0;
	if ((r = pk_speaker_report_init(&names, t)) < 0)
		goto out;
	turns = malloc(t->n * sizeof(*turns));
	if (!turns) {
		r = PK_ENOMEM;
		goto out;
	}
	for (i = 0; i < t->n; i++) {
		turns[i].start = t->v[i].start;
		turns[i].end = t->v[i].end;
		turns[i].speaker = pk_speaker_index(&names, t, i);
	}
	*out = turns;
	*n = t->n;
	*nspeakers = (int)names.n;
out:
	pk_speaker_report_release(&names);
	return r;
}

/* Each speaker in the encoded file: the cues moved where map publishes
 * them (an intro, cut pauses), measured on the output's blocks. */
static int speakers_after(const struct pk_transcript *t,
			  const struct pk_timemap *map,
			  const struct pk_blocks *b,
			  struct pk_normalize_result *res)
{
	struct pk_transcript moved;
	size_t i;
	int r;

	/* a shallow copy: the names and texts stay t's */
	moved.n = t->n;
	moved.v = malloc((t->n + 1) * sizeof(*moved.v));
	if (!moved.v)
		return PK_ENOMEM;
	for (i = 0; i < t->n; i++) {
		moved.v[i] = t->v[i];
		moved.v[i].start = pk_timemap_apply(map, t->v[i].start);
		moved.v[i].end = pk_timemap_apply(map, t->v[i].end);
	}
	r = pk_speaker_report_init(&res->speakers_out, &moved);
	if (r == 0)
		r = pk_speaker_report_measure(&res->speakers_out, &moved, b,
					      0);
	free(moved.v);
	return r;
}

/* Encodes into out (a temporary renamed into place) with the gain and
 * ceiling, decodes and measures it, and when it is off the target or
 * over the ceiling corrects both and encodes once more. res gives the
 * format, bit rate, target and ceiling, and gets the measurement. */
static int encode_checked(struct job *j, const struct pk_program_plan *pplan,
			  const struct pk_blocks *blocks, double plan_int,
			  double gain, double ceil_aim, const char *out,
			  struct pk_normalize_result *res,
			  struct pk_curve *after, struct pk_error *err)
{
	const struct pk_normalize_opts *opts = j->o;
	char *tmp = make_temp(out, err);
	double prev_gain = NAN, prev_lufs = NAN, prev_ceil = NAN;
	int r;

	if (!tmp)
		return err ? err->code : PK_EIO;
	for (res->encodes = 1;; res->encodes++) {
		double off, over, slope = NAN, ceil_used = ceil_aim;

		res->gain_db = gain;
		j->weight = 0.88 / (double)(1 + opts->nextra);
		if (after)
			pk_curve_release(after);
		r = encode(j, pplan, tmp, gain, ceil_aim, res, after, err);
		if (r < 0)
			goto out;
		stage_done(j);
		if (!opts->normalize || !isfinite(res->out.integrated))
			break;
		off = res->target - res->out.integrated;
		over = res->out.true_peak - res->ceiling;
		if (fabs(off) <= TOLERANCE_LU && over <= 0)
			break;
		/* a second encode for the loudness or a peak; a third when
		 * either is still off (a peak over the ceiling is never
		 * published quietly) */
		if (res->encodes >= 3) {
			res->warning = over > 0 ? "true peak still over the "
						  "ceiling after three encodes"
						: "loudness still off the target "
						  "after three encodes";
			break;
		}
		/* two encodes at one ceiling: how far the loudness moved with
		 * the gain is a better slope than the model's */
		if (!isnan(prev_gain) && prev_ceil == ceil_used &&
		    fabs(gain - prev_gain) >= 0.05) {
			double s = (res->out.integrated - prev_lufs) /
				   (gain - prev_gain);

			if (s >= 0.2 && s <= 1.5)
				slope = s;
		}
		prev_gain = gain;
		prev_lufs = res->out.integrated;
		prev_ceil = ceil_used;
		/* once more, with the error taken out: where the limiter
		 * works, a dB of gain buys less than a dB of loudness */
		if (over > 0)
			ceil_aim -= 1.5 * over + 0.15;
		if (isnan(slope))
			slope = pk_gainplan_slope(blocks, plan_int, gain,
						  ceil_aim);
		gain += off / (slope > 0.2 ? slope : 0.2);
		j->done -= j->weight;
	}
	r = commit(tmp, out, err);
out:
	if (r < 0)
		unlink(tmp);
	free(tmp);
	return r;
}

int pk_normalize(const char *in, const char *out,
		 const struct pk_normalize_opts *opts,
		 struct pk_normalize_result *result,
		 struct pk_error *err)
{
	struct pk_normalize_result res_local, *res = result ? result
							    : &res_local;
	struct pk_decoder_opts dopts = {0};
	struct job j = {0};
	struct pk_curve before = {0}, after = {0};
	struct pk_blocks blocks = {0}, source = {0};
	struct pk_program_opts popts;
	struct pk_program_plan pplan = {0};
	struct pk_level_turn *turns = NULL;
	struct pk_timemap local_map = {0}, *map = opts->timemap;
	int want_curve = opts->plot != NULL;
	double gain = 0, ceil_aim, plan_int;
	size_t i;
	int r;

	memset(res, 0, sizeof(*res));
	j.in = in;
	j.o = opts;
	/* the speakers' report after encoding needs the map even when the
	 * caller does not */
	if (!map) {
		if (pk_timemap_init(&local_map) < 0) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		map = &local_map;
	}
	j.map = map;
	if ((r = plan(&j, res, err)) < 0)
		goto out;
	dopts.channels = j.channels;
	dopts.rate = j.rate;

	/* pass 1: measure the source as it will be encoded, cleaned up,
	 * and plan the programme around it */
	j.weight = 0.12;
	ceil_aim = res->ceiling - codec_margin_db(res->format);
	program_opts(opts, &popts);
	if (popts.level &&
	    make_turns(opts->speakers, &turns, &popts.nturns,
		       &popts.nspeakers) < 0) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	popts.turns = turns;
	if (opts->normalize) {
		popts.aim_lufs = res->target +
				 codec_loss_db(res->format, res->bitrate);
		popts.ceil_db = ceil_aim;
	}
	r = pk_program_analyse(&pplan, in, &dopts, &popts, &res->in,
			       opts->normalize ? &blocks : NULL,
			       opts->normalize && opts->speakers ? &source
								 : NULL,
			       want_curve ? &before : NULL, map, report_cb,
			       &j, err);
	if (r < 0)
		goto out;
	j.duration = res->in.duration;
	if (opts->normalize && j.duration < PK_AUDIO_MIN_SECONDS) {
		r = pk_error_set(err, PK_EMEDIA,
				 "%s: the audio is %.2f s long (at least %.1f "
				 "s to publish)",
				 in, j.duration, PK_AUDIO_MIN_SECONDS);
		goto out;
	}
	j.frames = pplan.total;
	res->speech_at = (double)pplan.speech_at / j.rate;
	res->cut_sec = (double)pk_cuts_frames(&pplan.cuts) / j.rate;
	res->cuts = (int)pplan.cuts.n;
	plan_int = pplan.lufs;
	stage_done(&j);
	if (opts->normalize && opts->level) {
		res->levelled = pplan.level.levelled;
		res->speech_sec = pplan.level.speech_sec;
		if (!pplan.level.levelled)
			res->warning = "no speech found: left unlevelled";
	}
	/* silence is published only with a warning: check the recording */
	if (opts->normalize && !isfinite(res->in.integrated))
		res->quiet = "the audio is silent (nothing above -70 LUFS): "
			     "check the recording";
	else if (opts->normalize && res->in.integrated < PK_AUDIO_QUIET_LUFS)
		res->quiet = "the audio is nearly silent (under -45 LUFS): "
			     "check the recording";
	if (opts->normalize && opts->speakers) {
		if ((r = speakers_before(opts->speakers, &source, res)) < 0) {
			r = pk_error_set(err, r, "out of memory");
			goto out;
		}
		j.want_blocks = 1;
	}
	if (opts->normalize && isfinite(plan_int)) {
		double aim = res->target +
			     codec_loss_db(res->format, res->bitrate);

		gain = pk_gainplan_solve(&blocks, plan_int, aim, ceil_aim);
	}

	if (out) {
		r = encode_checked(&j, &pplan, &blocks, plan_int, gain,
				   ceil_aim, out, res,
				   want_curve ? &after : NULL, err);
		if (r < 0)
			goto out;
		if (j.want_blocks && speakers_after(opts->speakers, map,
						    &j.out_blocks, res) < 0) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
	}
	for (i = 0; i < opts->nextra; i++) {
		struct pk_normalize_extra *x = &opts->extra[i];
		struct pk_normalize_result xr;
		double aim, xceil;

		memset(&xr, 0, sizeof(xr));
		xr.format = x->format;
		xr.bitrate = x->bitrate > 0
				 ? x->bitrate
				 : default_bitrate(x->format, j.channels);
		xr.target = res->target;
		xr.ceiling = res->ceiling;
		xr.channels = res->channels;
		xr.rate = res->rate;
		/* the same plan; only the codec's own loss and margin */
		xceil = res->ceiling - codec_margin_db(x->format);
		aim = res->target + codec_loss_db(x->format, xr.bitrate);
		j.want_blocks = 0;
		r = encode_checked(
		    &j, &pplan, &blocks, plan_int,
		    isfinite(plan_int)
			? pk_gainplan_solve(&blocks, plan_int, aim, xceil)
			: 0,
		    xceil, x->out, &xr, NULL, err);
		if (r < 0)
			goto out;
		x->measured = xr.out;
		x->bitrate_used = xr.bitrate;
		x->encodes = xr.encodes;
	}
	if (opts->plot)
		r = pk_loudplot_write(opts->plot, &before, &after,
				      res->target, res->ceiling,
				      opts->speakers, map, err);
out:
	pk_curve_release(&before);
	pk_curve_release(&after);
	pk_blocks_release(&blocks);
	pk_blocks_release(&source);
	pk_blocks_release(&j.out_blocks);
	pk_program_plan_release(&pplan);
	pk_timemap_release(&local_map);
	free(turns);
	if (r < 0 || !result)
		pk_normalize_result_release(res);
	return r;
}
