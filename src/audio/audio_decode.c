/* audio_decode.c: any audio file to interleaved float frames (ffmpeg's
 * send/receive API, one libswresample conversion). */
#include "audio/audio_int.h"
#include "media/media_int.h"

#include <ebur128.h>
#include <errno.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "media/av_input_int.h"

struct pk_decoder {
	char *path;
	AVFormatContext *fmt;
	AVCodecContext *dec;
	SwrContext *swr;
	AVPacket *pkt;
	AVFrame *frame;
	int stream;
	AVChannelLayout out_layout;
	int out_rate, in_rate;
	float *buf;      /* converted frames (owned) */
	size_t buf_cap;  /* in frames */
	int64_t pos;     /* frames delivered */
	int draining;    /* the demuxer reached its end */
	int done;
	int errors;      /* packets the decoder refused */
};

static int av_fail(struct pk_error *err, int code, const char *path,
		   const char *what, int averr)
{
	char msg[AV_ERROR_MAX_STRING_SIZE];

	av_strerror(averr, msg, sizeof(msg));
	return pk_error_set(err, code, "%s: %s: %s", path, what, msg);
}

static int open_input(struct pk_decoder *d, struct pk_error *err)
{
	struct stat st;
	int r;

	if (stat(d->path, &st) != 0)
		return pk_error_errno(err, errno == ENOENT ? PK_ENOENT : PK_EIO,
				      "%s", d->path);
	if (!S_ISREG(st.st_mode))
		return pk_error_set(err, PK_EMEDIA, "%s: not a regular file",
				    d->path);
	if (st.st_size == 0)
		return pk_error_set(err, PK_EMEDIA,
				    "%s: empty file (0 bytes)", d->path);
	r = pk_media_check_wav(d->path, err);
	if (r)
		return r;
	r = pk_av_open_input(&d->fmt, d->path);
	if (r < 0) {
		if (r == AVERROR_INVALIDDATA || r == AVERROR(EINVAL))
			return pk_error_set(err, PK_EMEDIA,
					    "%s: not an audio file", d->path);
		return av_fail(err, PK_EMEDIA, d->path, "cannot open", r);
	}
	r = avformat_find_stream_info(d->fmt, NULL);
	if (r < 0)
		return av_fail(err, PK_EMEDIA, d->path,
			       "cannot read stream info", r);
	return 0;
}

static int open_codec(struct pk_decoder *d, struct pk_error *err)
{
	const AVCodec *codec = NULL;
	AVStream *st;
	int r;

	r = av_find_best_stream(d->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
	if (r == AVERROR_STREAM_NOT_FOUND)
		return pk_error_set(err, PK_EMEDIA, "%s: no audio stream",
				    d->path);
	if (r < 0 || !codec)
		return pk_error_set(err, PK_EMEDIA,
				    "%s: no decoder for its audio", d->path);
	d->stream = r;
	st = d->fmt->streams[r];
	d->dec = avcodec_alloc_context3(codec);
	if (!d->dec)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = avcodec_parameters_to_context(d->dec, st->codecpar);
	if (r < 0)
		return av_fail(err, PK_EMEDIA, d->path, "bad codec parameters",
			       r);
	d->dec->pkt_timebase = st->time_base;
	r = avcodec_open2(d->dec, codec, NULL);
	if (r < 0)
		return av_fail(err, PK_EMEDIA, d->path, "cannot open decoder",
			       r);
	if (d->dec->ch_layout.nb_channels <= 0 || d->dec->sample_rate <= 0)
		return pk_error_set(err, PK_EMEDIA,
				    "%s: audio has no channels or rate",
				    d->path);
	return 0;
}

static int open_resampler(struct pk_decoder *d, const struct pk_decoder_opts *o,
			  struct pk_error *err)
{
	AVChannelLayout in = {0};
	int r;

	if (d->dec->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
		av_channel_layout_default(&in, d->dec->ch_layout.nb_channels);
	else if (av_channel_layout_copy(&in, &d->dec->ch_layout) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (o && (o->channels == 1 || o->channels == 2))
		av_channel_layout_default(&d->out_layout, o->channels);
	else if (av_channel_layout_copy(&d->out_layout, &in) < 0) {
		av_channel_layout_uninit(&in);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	d->in_rate = d->dec->sample_rate;
	d->out_rate = o && o->rate > 0 ? o->rate : d->in_rate;
	r = swr_alloc_set_opts2(&d->swr, &d->out_layout, AV_SAMPLE_FMT_FLT,
				d->out_rate, &in, d->dec->sample_fmt,
				d->in_rate, 0, NULL);
	av_channel_layout_uninit(&in);
	if (r < 0)
		return av_fail(err, PK_EMEDIA, d->path, "cannot convert", r);
	/* Mixing down must not clip or renormalise: float keeps headroom. */
	av_opt_set_int(d->swr, "clip_protection", 0, 0);
	r = swr_init(d->swr);
	if (r < 0)
		return av_fail(err, PK_EMEDIA, d->path, "cannot convert", r);
	return 0;
}

int pk_decoder_open(struct pk_decoder **out, const char *path,
		    const struct pk_decoder_opts *opts, struct pk_error *err)
{
	struct pk_decoder *d;
	int r;

	*out = NULL;
	d = calloc(1, sizeof(*d));
	if (!d || !(d->path = strdup(path))) {
		free(d);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	d->pkt = av_packet_alloc();
	d->frame = av_frame_alloc();
	if (!d->pkt || !d->frame) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = open_input(d, err)) < 0)
		goto out;
	if ((r = open_codec(d, err)) < 0)
		goto out;
	if ((r = open_resampler(d, opts, err)) < 0)
		goto out;
	*out = d;
	d = NULL;
	r = 0;
out:
	pk_decoder_free(d);
	return r;
}

int pk_decoder_channels(const struct pk_decoder *d)
{
	return d->out_layout.nb_channels;
}

int pk_decoder_rate(const struct pk_decoder *d)
{
	return d->out_rate;
}

int pk_decoder_source_channels(const struct pk_decoder *d)
{
	return d->dec->ch_layout.nb_channels;
}

double pk_decoder_duration_hint(const struct pk_decoder *d)
{
	const AVStream *st = d->fmt->streams[d->stream];

	if (st->duration > 0 && st->duration != AV_NOPTS_VALUE)
		return st->duration * av_q2d(st->time_base);
	if (d->fmt->duration > 0)
		return d->fmt->duration / (double)AV_TIME_BASE;
	return 0;
}

int pk_decoder_channel_role(const struct pk_decoder *d, int i)
{
	enum AVChannel c;

	if (d->out_layout.nb_channels == 1)
		return EBUR128_CENTER;
	c = av_channel_layout_channel_from_index(&d->out_layout, i);
	switch (c) {
	case AV_CHAN_FRONT_LEFT: return EBUR128_LEFT;
	case AV_CHAN_FRONT_RIGHT: return EBUR128_RIGHT;
	case AV_CHAN_FRONT_CENTER: return EBUR128_CENTER;
	case AV_CHAN_LOW_FREQUENCY:
	case AV_CHAN_LOW_FREQUENCY_2: return EBUR128_UNUSED;
	case AV_CHAN_BACK_LEFT:
	case AV_CHAN_SIDE_LEFT: return EBUR128_LEFT_SURROUND;
	case AV_CHAN_BACK_RIGHT:
	case AV_CHAN_SIDE_RIGHT: return EBUR128_RIGHT_SURROUND;
	default: return i == 0 ? EBUR128_LEFT : i == 1 ? EBUR128_RIGHT
						 : EBUR128_CENTER;
	}
}

const struct AVFormatContext *pk_decoder_format(const struct pk_decoder *d)
{
	return d->fmt;
}

int64_t pk_decoder_position(const struct pk_decoder *d)
{
	return d->pos;
}

/* Makes room for n frames in the conversion buffer. */
static int reserve(struct pk_decoder *d, size_t n)
{
	float *p;

	if (n <= d->buf_cap)
		return 0;
	p = realloc(d->buf, n * d->out_layout.nb_channels * sizeof(float));
	if (!p)
		return PK_ENOMEM;
	d->buf = p;
	d->buf_cap = n;
	return 0;
}

/* Converts the decoded frame (or, with no frame, what the resampler still
 * holds) into d->buf. */
static int convert(struct pk_decoder *d, const AVFrame *f, size_t *n,
		   struct pk_error *err)
{
	int in = f ? f->nb_samples : 0;
	int want = swr_get_out_samples(d->swr, in);
	uint8_t *dst[1];
	int got;

	if (want < 0)
		want = in + 64;
	if (reserve(d, (size_t)want + 16) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	dst[0] = (uint8_t *)d->buf;
	got = swr_convert(d->swr, dst, (int)d->buf_cap,
			  f ? (const uint8_t **)f->extended_data : NULL, in);
	if (got < 0)
		return av_fail(err, PK_EMEDIA, d->path, "conversion failed",
			       got);
	*n = (size_t)got;
	d->pos += got;
	return 0;
}

/* At the end: a file shorter than its header says was cut off. Formats
 * whose length is only estimated from the bit rate are not judged. */
static int check_complete(struct pk_decoder *d, struct pk_error *err)
{
	double want = 0, got = (double)d->pos / d->out_rate;
	const AVStream *st = d->fmt->streams[d->stream];

	if (d->fmt->duration_estimation_method == AVFMT_DURATION_FROM_BITRATE)
		want = 0;
	else if (st->duration > 0 && st->duration != AV_NOPTS_VALUE)
		want = st->duration * av_q2d(st->time_base);
	if (d->pos == 0)
		return pk_error_set(err, PK_EMEDIA,
				    "%s: no audio could be decoded%s", d->path,
				    d->errors ? " (damaged or truncated)" : "");
	if (want > 0 && got < want - 0.5 && got < want * 0.99)
		return pk_error_set(err, PK_EMEDIA,
				    "%s: truncated: %.1f s of audio where its "
				    "header announces %.1f s", d->path, got,
				    want);
	return 0;
}

int pk_decoder_read(struct pk_decoder *d, const float **frames, size_t *n,
		    struct pk_error *err)
{
	int r;

	*n = 0;
	*frames = d->buf;
	for (;;) {
		if (d->done)
			return 0;
		r = avcodec_receive_frame(d->dec, d->frame);
		if (r == 0) {
			r = convert(d, d->frame, n, err);
			av_frame_unref(d->frame);
			*frames = d->buf;
			return r < 0 ? r : 1;
		}
		if (r == AVERROR_EOF) {
			/* Drain what the resampler holds, then stop. */
			r = convert(d, NULL, n, err);
			if (r < 0)
				return r;
			*frames = d->buf;
			if (*n > 0)
				return 1;
			d->done = 1;
			return check_complete(d, err);
		}
		if (r != AVERROR(EAGAIN))
			return av_fail(err, PK_EMEDIA, d->path,
				       "cannot decode", r);
		if (d->draining)
			return av_fail(err, PK_EINTERNAL, d->path,
				       "decoder stalled", r);
		r = av_read_frame(d->fmt, d->pkt);
		if (r == AVERROR_EOF) {
			d->draining = 1;
			avcodec_send_packet(d->dec, NULL);
			continue;
		}
		if (r < 0)
			return av_fail(err, PK_EMEDIA, d->path, "cannot read",
				       r);
		if (d->pkt->stream_index == d->stream) {
			r = avcodec_send_packet(d->dec, d->pkt);
			/* A damaged packet is skipped, as players do; a cut
			 * file is caught by check_complete. */
			if (r < 0 && r != AVERROR(EAGAIN))
				d->errors++;
		}
		av_packet_unref(d->pkt);
	}
}

void pk_decoder_free(struct pk_decoder *d)
{
	if (!d)
		return;
	swr_free(&d->swr);
	avcodec_free_context(&d->dec);
	avformat_close_input(&d->fmt);
	av_packet_free(&d->pkt);
	av_frame_free(&d->frame);
	av_channel_layout_uninit(&d->out_layout);
	free(d->buf);
	free(d->path);
	free(d);
}
