/* mix.c: pk_mix: a double-ender's tracks analysed, aligned, freed of clock
 * drift, levelled, gated and mixed into a float WAV, which the single-file
 * chain (pk_normalize) then brings to target and encodes. */
#include "podkit/mix.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio/audio_int.h"
#include "audio/mix_int.h"
#include "audio/mix_track_int.h"
#include "base/parallel_int.h"
#include "base/timemap_int.h"

/* How far apart (seconds, either way) the tracks' starts are searched for
 * when no offset is given: recorders started by hand within two minutes. */
#define DEFAULT_MAX_OFFSET_SEC 120.0
/* How far a closed gate turns a mic down (dB): bleed 15-20 dB under the
 * voice ends 40 dB or more under it, under the room tone of the open mic;
 * the issue asks for at least 15. */
#define DEFAULT_GATE_DB 24.0
/* A levelling gain beyond this (dB) would lift room noise, not a voice. */
#define MAX_LEVEL_GAIN_DB 30.0
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
	pk_parallel_for(n, 0, pk_mix_scan_one, jobs);
	for (i = 0; i < n; i++) {
		if ((r = jobs->rc[i]) < 0) {
			if (err)
				*err = jobs->err[i];
			goto out;
		}
		if (tr[i].silent) {
			if (warn)
				pk_diags_add(warn, PK_WARNING,
					     pk_mix_label(&tr[i]), 0,
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
				 pk_mix_label(&tr[0]));
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
		else if ((r = pk_mix_align(&tr[ref], t, max_off, warn, err)) <
			 0)
			goto out;
		else if (!isnan(tr[ref].in->offset))
			t->a += tr[ref].in->offset;
		if (t->a < amin)
			amin = t->a;
	}
	for (i = 0; i < nu; i++) {
		t = used[i];
		t->a -= amin;
		if (t->a + t->b * pk_mix_seconds(t) > mix_end)
			mix_end = t->a + t->b * pk_mix_seconds(t);
		if (t->rate > rate)
			rate = t->rate;
		level_sum += t->speech;
	}
	/* levels, and a word for a track that covers little of the mix */
	if ((r = pk_mix_level(used, nu, err)) < 0)
		goto out;
	for (i = 0; i < nu; i++) {
		t = used[i];
		t->gain = opts->level ? PK_MIX_LEVEL_LUFS - t->speech : 0;
		if (fabs(t->gain) > MAX_LEVEL_GAIN_DB) {
			if (warn)
				pk_diags_add(warn, PK_WARNING, pk_mix_label(t),
					     0,
					     "its speech reads %.1f LUFS: "
					     "levelled by %+.0f dB only",
					     t->speech,
					     t->gain > 0 ? MAX_LEVEL_GAIN_DB
							 : -MAX_LEVEL_GAIN_DB);
			t->gain = t->gain > 0 ? MAX_LEVEL_GAIN_DB
					      : -MAX_LEVEL_GAIN_DB;
		}
		if (nu > 1 &&
		    t->b * pk_mix_seconds(t) < SHORT_SHARE * mix_end && warn)
			pk_diags_add(warn, PK_WARNING, pk_mix_label(t), 0,
				     "%.1f s long, the mix %.1f s: shorter "
				     "than the others (silence where it "
				     "has nothing)",
				     pk_mix_seconds(t), mix_end);
	}
	/* the mix at the encoder's rate, so it is resampled once */
	pick = pk_encoder_pick_rate(opts->out.format ? opts->out.format : "mp3",
				    rate);
	if (pick > 0)
		rate = pick;
	r = pk_mix_write_wav(used, nu, wav, rate, gate,
			     opts->level ? PK_MIX_LEVEL_LUFS
					 : level_sum / (double)nu,
			     &frames, err);
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
		o->duration = pk_mix_seconds(t);
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
