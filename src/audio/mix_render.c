/* mix_render.c: pk_mix's pass 2: each track decoded again, resampled onto
 * the mix's clock (offset and drift), gained, gated against the others
 * and written as a mono float WAV (see mix_track_int.h). */
#include "audio/mix_track_int.h"

#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/audio_int.h"
#include "audio/mix_int.h"

/* ---- a track read onto the mix's clock -------------------------------- */

static int swr_fail(struct pk_error *err, const struct track *t, int averr)
{
	char msg[AV_ERROR_MAX_STRING_SIZE];

	av_strerror(averr, msg, sizeof(msg));
	return pk_error_set(err, PK_EMEDIA, "%s: cannot resample: %s",
			    pk_mix_label(t), msg);
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
		total = pk_mix_seconds(t) * t->b * rate + rate;
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

/* ---- the mix ------------------------------------------------------------ */

int pk_mix_write_wav(struct track **tr, size_t n, const char *wav, int rate,
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
