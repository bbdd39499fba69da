/* clip_render.c: a clip rendered: the published audio decoded from just
 * before the clip, one libavfilter graph (the clip's audio cut out
 * exactly, its waveform over the still background, the captions), libx264
 * and AAC through libavcodec, an MP4 with faststart, and a poster. */
#include "clip/clip_int.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>

#include "media/av_input_int.h"
#include "media/media_int.h"
#include "podkit/fsio.h"

/* The waveform's colour (the captions' accent) and x264's quality: CRF 21
 * keeps the text sharp; the picture is mostly still, so it costs little. */
#define WAVE_COLOUR "0xF2C14E"
#define X264_CRF "23"
#define X264_PRESET "veryfast"
#define AAC_BITRATE_STEREO 160000
#define AAC_BITRATE_MONO 96000
/* The decoder starts this far before the clip, so the first samples come
 * out settled whatever the seek lands on. */
#define PREROLL 1.0
/* Slack past the audio's end for a clip's end (the encoder's last frame). */
#define END_SLACK 0.05

struct run {
	const struct pk_clip_spec *spec;
	struct pk_clip_layout layout;
	/* input */
	AVFormatContext *ic;
	AVCodecContext *dec;
	int si;
	/* the graph */
	AVFilterGraph *g;
	AVFilterContext *asrc, *vsrc, *asink, *vsink;
	AVFrame *bg;
	int64_t next_bg, nframes;
	/* output */
	AVFormatContext *oc;
	AVCodecContext *venc, *aenc;
	AVStream *vst, *ast;
	AVPacket *pkt;
	AVFrame *frame, *poster;
	char *tmp;	/* the MP4 being written */
	char *ass_path; /* the captions' script */
	int64_t vframes;
	size_t captions;
	int done;
};

static void fmt_time(double t, char *buf, size_t size)
{
	long ms = lround(t * 1000);
	int neg = ms < 0;

	if (neg)
		ms = -ms;
	if (ms >= 3600000)
		snprintf(buf, size, "%s%ld:%02ld:%02ld.%03ld", neg ? "-" : "",
			 ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
			 ms % 1000);
	else
		snprintf(buf, size, "%s%ld:%02ld.%03ld", neg ? "-" : "",
			 ms / 60000, ms / 1000 % 60, ms % 1000);
}

int pk_clip_size_parse(const char *s, int *w, int *h)
{
	char *end;
	long a, b;

	a = strtol(s, &end, 10);
	if (end == s || *end != 'x')
		return PK_EINVAL;
	s = end + 1;
	b = strtol(s, &end, 10);
	if (end == s || *end)
		return PK_EINVAL;
	if (a < 64 || b < 64 || a > 4096 || b > 4096 || a % 2 || b % 2)
		return PK_EINVAL;
	*w = (int)a;
	*h = (int)b;
	return 0;
}

int pk_clip_check_times(const struct pk_clip_spec *spec, double duration,
			struct pk_error *err)
{
	char a[32], b[32], d[32];

	fmt_time(spec->from, a, sizeof(a));
	fmt_time(spec->to, b, sizeof(b));
	fmt_time(duration, d, sizeof(d));
	if (!isfinite(spec->from) || !isfinite(spec->to) || spec->from < 0)
		return pk_error_set(err, PK_EINVAL,
				    "%s: the clip from %s to %s starts "
				    "before the episode",
				    spec->name, a, b);
	if (!(spec->to > spec->from))
		return pk_error_set(err, PK_EINVAL,
				    "%s: the clip from %s to %s has no "
				    "length",
				    spec->name, a, b);
	if (spec->to > duration + END_SLACK)
		return pk_error_set(err, PK_EINVAL,
				    "%s: the clip from %s to %s ends past "
				    "the episode's end (%s)",
				    spec->name, a, b, d);
	return 0;
}

static int av_fail(struct pk_error *err, int code, const char *what,
		   const char *file, int averr)
{
	char msg[AV_ERROR_MAX_STRING_SIZE] = {0};

	av_strerror(averr, msg, sizeof(msg));
	return pk_error_set(err, code, "%s: %s: %s", file, what, msg);
}

static int open_input(struct run *c, struct pk_error *err)
{
	const char *path = c->spec->audio;
	const AVCodec *codec;
	AVStream *st;
	int r;

	r = pk_av_open_input(&c->ic, path);
	if (r >= 0)
		r = avformat_find_stream_info(c->ic, NULL);
	if (r >= 0)
		r = av_find_best_stream(c->ic, AVMEDIA_TYPE_AUDIO, -1, -1, NULL,
					0);
	if (r < 0)
		return av_fail(err, PK_EMEDIA, "no audio to read", path, r);
	c->si = r;
	st = c->ic->streams[c->si];
	codec = avcodec_find_decoder(st->codecpar->codec_id);
	c->dec = codec ? avcodec_alloc_context3(codec) : NULL;
	if (!c->dec)
		return pk_error_set(err, PK_EMEDIA, "%s: no decoder for it",
				    path);
	r = avcodec_parameters_to_context(c->dec, st->codecpar);
	if (r >= 0)
		r = avcodec_open2(c->dec, codec, NULL);
	if (r < 0)
		return av_fail(err, PK_EMEDIA, "cannot decode", path, r);
	if (c->spec->from > PREROLL) {
		int64_t ts = av_rescale_q(
		    (int64_t)((c->spec->from - PREROLL) * AV_TIME_BASE),
		    AV_TIME_BASE_Q, st->time_base);

		/* a file that cannot seek is decoded from its start */
		if (av_seek_frame(c->ic, c->si, ts, AVSEEK_FLAG_BACKWARD) < 0)
			av_seek_frame(c->ic, c->si, 0, AVSEEK_FLAG_BACKWARD);
	}
	return 0;
}

/* The waveform's width and samples per column: a whole number of samples
 * per column and columns per frame, so that one frame of the waveform is
 * exactly one video frame's audio, as wide as fits. */
static void wave_size(int rate, int max_w, int *w, int *n)
{
	int spf = rate / PK_CLIP_FPS, k;

	if (rate % PK_CLIP_FPS || spf < 1) {
		*w = max_w;
		*n = 0; /* showwaves works it out */
		return;
	}
	for (k = (spf + max_w - 1) / max_w; k < spf && spf % k; k++)
		;
	*n = k;
	*w = spf / k;
	if (*w % 2)
		*w -= 1;
}

static int build_graph(struct run *c, struct pk_error *err)
{
	const struct pk_clip_layout *l = &c->layout;
	AVFilterContext *trim, *setpts, *afmt, *split, *waves, *over, *ass,
	    *vfmt;
	AVStream *st = c->ic->streams[c->si];
	char a[512], layout[64];
	int ww, wn, r;

	c->g = avfilter_graph_alloc();
	if (!c->g)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	av_channel_layout_describe(&c->dec->ch_layout, layout, sizeof(layout));
	snprintf(a, sizeof(a),
		 "time_base=%d/%d:sample_rate=%d:sample_fmt=%s:"
		 "channel_layout=%s",
		 st->time_base.num, st->time_base.den, c->dec->sample_rate,
		 av_get_sample_fmt_name(c->dec->sample_fmt), layout);
	r = pk_clip_filter(c->g, &c->asrc, "abuffer", "audio", a, NULL, NULL,
			   err);
	snprintf(a, sizeof(a), "start=%.6f:end=%.6f", c->spec->from,
		 c->spec->to);
	if (!r)
		r = pk_clip_filter(c->g, &trim, "atrim", "cut", a, NULL, NULL,
				   err);
	if (!r)
		r = pk_clip_filter(c->g, &setpts, "asetpts", "zero",
				   "PTS-STARTPTS", NULL, NULL, err);
	snprintf(a, sizeof(a),
		 "sample_fmts=fltp:sample_rates=%d:channel_layouts=%s",
		 c->dec->sample_rate,
		 c->dec->ch_layout.nb_channels == 1 ? "mono" : "stereo");
	if (!r)
		r = pk_clip_filter(c->g, &afmt, "aformat", "aac", a, NULL, NULL,
				   err);
	if (!r)
		r = pk_clip_filter(c->g, &split, "asplit", "split", "2", NULL,
				   NULL, err);
	if (!r)
		r = pk_clip_filter(c->g, &c->asink, "abuffersink", "aout", NULL,
				   NULL, NULL, err);
	wave_size(c->dec->sample_rate, l->wave_max_w, &ww, &wn);
	if (wn)
		snprintf(a, sizeof(a),
			 "s=%dx%d:mode=cline:n=%d:scale=sqrt:draw=full:"
			 "colors=" WAVE_COLOUR,
			 ww, l->wave_h, wn);
	else
		snprintf(a, sizeof(a),
			 "s=%dx%d:mode=cline:rate=%d:scale=sqrt:draw=full:"
			 "colors=" WAVE_COLOUR,
			 ww, l->wave_h, PK_CLIP_FPS);
	if (!r)
		r = pk_clip_filter(c->g, &waves, "showwaves", "waves", a, NULL,
				   NULL, err);
	snprintf(a, sizeof(a),
		 "video_size=%dx%d:pix_fmt=%d:time_base=1/%d:"
		 "pixel_aspect=1/1:frame_rate=%d/1",
		 l->w, l->h, c->bg->format, PK_CLIP_FPS, PK_CLIP_FPS);
	if (!r)
		r = pk_clip_filter(c->g, &c->vsrc, "buffer", "still", a, NULL,
				   NULL, err);
	/* the still frame goes on when the waveform ends a frame early */
	snprintf(a, sizeof(a),
		 "x=%d:y=%d:format=yuv420:eof_action=repeat:shortest=0",
		 (l->w - ww) / 2, l->wave_y);
	if (!r)
		r = pk_clip_filter(c->g, &over, "overlay", "wave", a, NULL,
				   NULL, err);
	if (!r)
		r = pk_clip_filter(c->g, &ass, "ass", "captions",
				   "fontsdir=" PK_CLIP_FONT_DIR, "filename",
				   c->ass_path, err);
	if (!r)
		r = pk_clip_filter(c->g, &vfmt, "format", "x264", "yuv420p",
				   NULL, NULL, err);
	if (!r)
		r = pk_clip_filter(c->g, &c->vsink, "buffersink", "vout", NULL,
				   NULL, NULL, err);
	if (!r)
		r = pk_clip_link(c->asrc, 0, trim, 0, err);
	if (!r)
		r = pk_clip_link(trim, 0, setpts, 0, err);
	if (!r)
		r = pk_clip_link(setpts, 0, afmt, 0, err);
	if (!r)
		r = pk_clip_link(afmt, 0, split, 0, err);
	if (!r)
		r = pk_clip_link(split, 0, c->asink, 0, err);
	if (!r)
		r = pk_clip_link(split, 1, waves, 0, err);
	if (!r)
		r = pk_clip_link(c->vsrc, 0, over, 0, err);
	if (!r)
		r = pk_clip_link(waves, 0, over, 1, err);
	if (!r)
		r = pk_clip_link(over, 0, ass, 0, err);
	if (!r)
		r = pk_clip_link(ass, 0, vfmt, 0, err);
	if (!r)
		r = pk_clip_link(vfmt, 0, c->vsink, 0, err);
	if (r)
		return r;
	r = avfilter_graph_config(c->g, NULL);
	if (r < 0)
		return av_fail(err, PK_EINTERNAL, "cannot set up the filters",
			       c->spec->name, r);
	return 0;
}

static int open_encoder(struct run *c, AVCodecContext *enc, AVStream **st,
			AVDictionary **opts, struct pk_error *err)
{
	int r;

	if (c->oc->oformat->flags & AVFMT_GLOBALHEADER)
		enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
	r = avcodec_open2(enc, enc->codec, opts);
	if (r < 0)
		return av_fail(err, PK_EMEDIA, "cannot open the encoder",
			       enc->codec->name, r);
	*st = avformat_new_stream(c->oc, NULL);
	if (!*st)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	(*st)->time_base = enc->time_base;
	r = avcodec_parameters_from_context((*st)->codecpar, enc);
	if (r < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	return 0;
}

static int open_output(struct run *c, const char *out, struct pk_error *err)
{
	const AVCodec *x264 = avcodec_find_encoder_by_name("libx264");
	const AVCodec *aac = avcodec_find_encoder(AV_CODEC_ID_AAC);
	AVDictionary *opts = NULL;
	char url[4200];
	size_t n = strlen(out);
	int fd, r;

	if (!x264 || !aac)
		return pk_error_set(err, PK_EMEDIA,
				    "this ffmpeg has no %s encoder",
				    x264 ? "AAC" : "libx264");
	c->tmp = malloc(n + 12);
	if (!c->tmp)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	memcpy(c->tmp, out, n);
	memcpy(c->tmp + n, ".tmp.XXXXXX", 12);
	fd = mkstemp(c->tmp);
	if (fd < 0) {
		r = pk_error_errno(err, PK_EIO, "%s: cannot create", out);
		free(c->tmp);
		c->tmp = NULL;
		return r;
	}
	/* mkstemp makes it private; a published video is read by all */
	if (fchmod(fd, 0644) != 0) {
		r = pk_error_errno(err, PK_EIO, "%s: cannot create", out);
		close(fd);
		return r;
	}
	close(fd);
	/* "file:" so that no part of the name is taken for a protocol */
	snprintf(url, sizeof(url), "file:%s", c->tmp);
	r = avformat_alloc_output_context2(&c->oc, NULL, "mp4", url);
	if (r < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");

	c->venc = avcodec_alloc_context3(x264);
	c->aenc = avcodec_alloc_context3(aac);
	if (!c->venc || !c->aenc)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	c->venc->width = c->layout.w;
	c->venc->height = c->layout.h;
	c->venc->pix_fmt = AV_PIX_FMT_YUV420P;
	c->venc->time_base = (AVRational){1, PK_CLIP_FPS};
	c->venc->framerate = (AVRational){PK_CLIP_FPS, 1};
	c->venc->sample_aspect_ratio = (AVRational){1, 1};
	c->venc->gop_size = 5 * PK_CLIP_FPS;
	c->venc->thread_count = c->spec->threads;
	av_dict_set(&opts, "preset",
		    c->spec->preset ? c->spec->preset : X264_PRESET, 0);
	av_dict_set(&opts, "crf", X264_CRF, 0);
	r = open_encoder(c, c->venc, &c->vst, &opts, err);
	av_dict_free(&opts);
	if (r)
		return r;

	c->aenc->sample_fmt = AV_SAMPLE_FMT_FLTP;
	c->aenc->sample_rate = c->dec->sample_rate;
	if (c->dec->ch_layout.nb_channels == 1) {
		av_channel_layout_default(&c->aenc->ch_layout, 1);
		c->aenc->bit_rate = AAC_BITRATE_MONO;
	} else {
		av_channel_layout_default(&c->aenc->ch_layout, 2);
		c->aenc->bit_rate = AAC_BITRATE_STEREO;
	}
	c->aenc->time_base = (AVRational){1, c->dec->sample_rate};
	r = open_encoder(c, c->aenc, &c->ast, NULL, err);
	if (r)
		return r;
	av_buffersink_set_frame_size(c->asink, (unsigned)c->aenc->frame_size);

	r = avio_open(&c->oc->pb, url, AVIO_FLAG_WRITE);
	if (r < 0)
		return av_fail(err, PK_EIO, "cannot write", out, r);
	/* the index at the front: a phone plays it while it downloads */
	av_dict_set(&opts, "movflags", "+faststart", 0);
	r = avformat_write_header(c->oc, &opts);
	av_dict_free(&opts);
	if (r < 0)
		return av_fail(err, PK_EMEDIA, "cannot start", out, r);
	return 0;
}

static int encode(struct run *c, AVCodecContext *enc, AVStream *st,
		  const AVFrame *frame, struct pk_error *err)
{
	int r = avcodec_send_frame(enc, frame);

	if (r < 0)
		return av_fail(err, PK_EMEDIA, "cannot encode",
			       enc->codec->name, r);
	for (;;) {
		r = avcodec_receive_packet(enc, c->pkt);
		if (r == AVERROR(EAGAIN) || r == AVERROR_EOF)
			return 0;
		if (r < 0)
			return av_fail(err, PK_EMEDIA, "cannot encode",
				       enc->codec->name, r);
		av_packet_rescale_ts(c->pkt, enc->time_base, st->time_base);
		c->pkt->stream_index = st->index;
		r = av_interleaved_write_frame(c->oc, c->pkt);
		if (r < 0)
			return av_fail(err, PK_EIO, "cannot write",
				       c->spec->name, r);
	}
}

/* Whatever the graph has ready goes to the encoders. */
static int drain(struct run *c, struct pk_error *err)
{
	int r;

	for (;;) {
		r = av_buffersink_get_frame(c->vsink, c->frame);
		if (r < 0)
			break;
		c->frame->pts = av_rescale_q(
		    c->frame->pts, av_buffersink_get_time_base(c->vsink),
		    c->venc->time_base);
		c->frame->pict_type = AV_PICTURE_TYPE_NONE;
		if (c->spec->poster && !c->poster &&
		    c->vframes >= c->nframes / 2 &&
		    !(c->poster = av_frame_clone(c->frame)))
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
		else
			r = encode(c, c->venc, c->vst, c->frame, err);
		av_frame_unref(c->frame);
		if (r)
			return r;
		c->vframes++;
	}
	if (r != AVERROR(EAGAIN) && r != AVERROR_EOF)
		return av_fail(err, PK_EINTERNAL, "cannot filter",
			       c->spec->name, r);
	for (;;) {
		r = av_buffersink_get_frame(c->asink, c->frame);
		if (r < 0)
			break;
		c->frame->pts = av_rescale_q(
		    c->frame->pts, av_buffersink_get_time_base(c->asink),
		    c->aenc->time_base);
		r = encode(c, c->aenc, c->ast, c->frame, err);
		av_frame_unref(c->frame);
		if (r)
			return r;
	}
	if (r != AVERROR(EAGAIN) && r != AVERROR_EOF)
		return av_fail(err, PK_EINTERNAL, "cannot filter",
			       c->spec->name, r);
	return 0;
}

/* Still frames up to clip time t (all that are left when t is
 * infinite), one at a time so the graph never holds many. */
static int push_stills(struct run *c, double t, struct pk_error *err)
{
	while (c->next_bg < c->nframes &&
	       (double)c->next_bg / PK_CLIP_FPS < t) {
		int r;

		c->bg->pts = c->next_bg++;
		r = av_buffersrc_add_frame_flags(c->vsrc, c->bg,
						 AV_BUFFERSRC_FLAG_KEEP_REF);
		if (r < 0)
			return av_fail(err, PK_EINTERNAL, "cannot filter",
				       c->spec->name, r);
		r = drain(c, err);
		if (r)
			return r;
	}
	return 0;
}

/* One decoded frame of the episode: kept when it reaches into the clip. */
static int take_audio(struct run *c, AVFrame *f, struct pk_error *err)
{
	AVRational tb = c->ic->streams[c->si]->time_base;
	int64_t pts = f->best_effort_timestamp;
	double t0, t1;
	int r;

	if (pts == AV_NOPTS_VALUE)
		pts = f->pts;
	if (pts == AV_NOPTS_VALUE) {
		av_frame_unref(f);
		return pk_error_set(err, PK_EMEDIA,
				    "%s: audio frames without times",
				    c->spec->audio);
	}
	t0 = pts * av_q2d(tb);
	t1 = t0 + (double)f->nb_samples / f->sample_rate;
	if (t1 <= c->spec->from) {
		av_frame_unref(f);
		return 0;
	}
	if (t0 >= c->spec->to) {
		av_frame_unref(f);
		c->done = 1;
		return 0;
	}
	f->pts = pts;
	r = av_buffersrc_add_frame(c->asrc, f);
	if (r < 0)
		return av_fail(err, PK_EINTERNAL, "cannot filter",
			       c->spec->name, r);
	r = drain(c, err);
	if (!r)
		r = push_stills(c, t1 - c->spec->from, err);
	return r;
}

static int decode_all(struct run *c, struct pk_error *err)
{
	int r = 0, rd;

	while (!c->done && (rd = av_read_frame(c->ic, c->pkt)) >= 0) {
		if (c->pkt->stream_index != c->si) {
			av_packet_unref(c->pkt);
			continue;
		}
		r = avcodec_send_packet(c->dec, c->pkt);
		av_packet_unref(c->pkt);
		if (r < 0 && r != AVERROR_INVALIDDATA)
			return av_fail(err, PK_EMEDIA, "cannot decode",
				       c->spec->audio, r);
		while (!c->done &&
		       (r = avcodec_receive_frame(c->dec, c->frame)) >= 0)
			if ((r = take_audio(c, c->frame, err)) != 0)
				return r;
	}
	if (!c->done) {
		avcodec_send_packet(c->dec, NULL);
		while (!c->done &&
		       (r = avcodec_receive_frame(c->dec, c->frame)) >= 0)
			if ((r = take_audio(c, c->frame, err)) != 0)
				return r;
	}
	/* the ends of the inputs, then everything left in the graph and
	 * the encoders */
	r = av_buffersrc_add_frame(c->asrc, NULL);
	if (r >= 0)
		r = push_stills(c, INFINITY, err);
	if (r >= 0)
		r = av_buffersrc_add_frame(c->vsrc, NULL);
	if (r < 0)
		return av_fail(err, PK_EINTERNAL, "cannot filter",
			       c->spec->name, r);
	r = drain(c, err);
	if (!r)
		r = encode(c, c->venc, c->vst, NULL, err);
	if (!r)
		r = encode(c, c->aenc, c->ast, NULL, err);
	return r;
}

/* The poster: the middle frame as a JPEG (full-range YUV, as JPEG
 * readers expect). */
static int write_poster(struct run *c, struct pk_error *err)
{
	const AVCodec *mjpeg = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
	AVCodecContext *enc = mjpeg ? avcodec_alloc_context3(mjpeg) : NULL;
	AVFrame *pic = av_frame_alloc();
	struct SwsContext *sws = NULL;
	int r = 0, w = c->layout.w, h = c->layout.h;

	if (!enc || !pic) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	pic->format = AV_PIX_FMT_YUVJ420P;
	pic->width = w;
	pic->height = h;
	sws = sws_getContext(w, h, c->poster->format, w, h, AV_PIX_FMT_YUVJ420P,
			     SWS_BICUBIC, NULL, NULL, NULL);
	if (!sws || av_frame_get_buffer(pic, 0) < 0) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	sws_scale(sws, (const uint8_t *const *)c->poster->data,
		  c->poster->linesize, 0, h, pic->data, pic->linesize);
	enc->width = w;
	enc->height = h;
	enc->pix_fmt = AV_PIX_FMT_YUVJ420P;
	enc->time_base = (AVRational){1, PK_CLIP_FPS};
	enc->flags |= AV_CODEC_FLAG_QSCALE;
	enc->global_quality = FF_QP2LAMBDA * 3;
	pic->quality = enc->global_quality;
	pic->pts = 0;
	if (avcodec_open2(enc, mjpeg, NULL) < 0 ||
	    avcodec_send_frame(enc, pic) < 0 ||
	    avcodec_send_frame(enc, NULL) < 0 ||
	    avcodec_receive_packet(enc, c->pkt) < 0) {
		r = pk_error_set(err, PK_EMEDIA, "%s: cannot encode the poster",
				 c->spec->poster);
		goto out;
	}
	r = pk_write_atomic(c->spec->poster, c->pkt->data, (size_t)c->pkt->size,
			    0644, err);
	av_packet_unref(c->pkt);
out:
	sws_freeContext(sws);
	av_frame_free(&pic);
	avcodec_free_context(&enc);
	return r;
}

/* The MP4 closed, flushed to the disk and renamed over out. */
static int finish(struct run *c, const char *out, struct pk_error *err)
{
	int r = av_write_trailer(c->oc), fd;

	if (r < 0)
		return av_fail(err, PK_EIO, "cannot finish", out, r);
	if (avio_closep(&c->oc->pb) < 0)
		return pk_error_errno(err, PK_EIO, "%s: cannot write", out);
	fd = open(c->tmp, O_RDONLY);
	if (fd < 0 || fsync(fd) != 0) {
		r = pk_error_errno(err, PK_EIO, "%s: cannot write", out);
		if (fd >= 0)
			close(fd);
		return r;
	}
	close(fd);
	if (rename(c->tmp, out) != 0)
		return pk_error_errno(err, PK_EIO, "%s: cannot rename to it",
				      out);
	free(c->tmp);
	c->tmp = NULL;
	return 0;
}

static void release(struct run *c)
{
	if (c->oc && c->oc->pb)
		avio_closep(&c->oc->pb);
	avformat_free_context(c->oc);
	if (c->tmp)
		unlink(c->tmp);
	free(c->tmp);
	if (c->ass_path)
		unlink(c->ass_path);
	free(c->ass_path);
	avcodec_free_context(&c->venc);
	avcodec_free_context(&c->aenc);
	avfilter_graph_free(&c->g);
	avcodec_free_context(&c->dec);
	avformat_close_input(&c->ic);
	av_frame_free(&c->bg);
	av_frame_free(&c->frame);
	av_frame_free(&c->poster);
	av_packet_free(&c->pkt);
}

int pk_clip_render(const struct pk_clip_spec *spec, const char *out,
		   struct pk_clip_report *rep, struct pk_error *err)
{
	struct pk_media_info mi;
	struct run c;
	char *script = NULL;
	int r;

	memset(&c, 0, sizeof(c));
	c.spec = spec;
	if (rep)
		memset(rep, 0, sizeof(*rep));
	if (spec->width < 64 || spec->height < 64 || spec->width > 4096 ||
	    spec->height > 4096 || spec->width % 2 || spec->height % 2)
		return pk_error_set(
		    err, PK_EINVAL, "%s: %dx%d is not a clip size (%s)",
		    spec->name, spec->width, spec->height, PK_CLIP_SIZES);
	r = pk_media_probe(spec->audio, &mi, err);
	if (!r)
		r = pk_clip_check_times(spec, mi.duration, err);
	if (r)
		return r;
	pk_clip_layout_compute(spec->width, spec->height, &c.layout);
	c.nframes = llround((spec->to - spec->from) * PK_CLIP_FPS);
	if (c.nframes < 1)
		c.nframes = 1;
	c.pkt = av_packet_alloc();
	c.frame = av_frame_alloc();
	script = pk_clip_ass_captions(&c.layout, spec->transcript, spec->from,
				      spec->to, &c.captions);
	if (!c.pkt || !c.frame || !script) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	r = pk_clip_temp_text(out, script, &c.ass_path, err);
	if (!r)
		r = pk_clip_background(&c.layout, spec->cover, spec->show_title,
				       spec->episode_title, out, &c.bg, err);
	if (!r)
		r = open_input(&c, err);
	if (!r)
		r = build_graph(&c, err);
	if (!r)
		r = open_output(&c, out, err);
	if (!r)
		r = decode_all(&c, err);
	if (!r)
		r = finish(&c, out, err);
	if (!r && spec->poster && c.poster)
		r = write_poster(&c, err);
	if (!r && rep) {
		rep->duration = spec->to - spec->from;
		rep->frames = (size_t)c.vframes;
		rep->captions = c.captions;
		rep->has_transcript = spec->transcript != NULL;
	}
out:
	free(script);
	release(&c);
	return r;
}
