/* clip_output.c: a clip's output half: the libx264 and AAC encoders, the
 * MP4 muxer (written to a temporary file with faststart, flushed and
 * renamed into place) and the poster JPEG (see clip_run_int.h). */
#include "clip/clip_run_int.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavfilter/buffersink.h>
#include <libavutil/channel_layout.h>
#include <libswscale/swscale.h>

#include "podkit/fsio.h"

/* x264's quality: CRF 23 (its default) keeps the text sharp; the picture
 * is mostly still, so it costs little. */
#define X264_CRF "23"
#define X264_PRESET "veryfast"
#define AAC_BITRATE_STEREO 160000
#define AAC_BITRATE_MONO 96000

static int open_encoder(struct run *c, AVCodecContext *enc, AVStream **st,
			AVDictionary **opts, struct pk_error *err)
{
	int r;

	if (c->oc->oformat->flags & AVFMT_GLOBALHEADER)
		enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
	r = avcodec_open2(enc, enc->codec, opts);
	if (r < 0)
		return pk_clip_av_fail(err, PK_EMEDIA,
				       "cannot open the encoder",
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

int pk_clip_open_output(struct run *c, const char *out, struct pk_error *err)
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
		return pk_clip_av_fail(err, PK_EIO, "cannot write", out, r);
	/* the index at the front: a phone plays it while it downloads */
	av_dict_set(&opts, "movflags", "+faststart", 0);
	r = avformat_write_header(c->oc, &opts);
	av_dict_free(&opts);
	if (r < 0)
		return pk_clip_av_fail(err, PK_EMEDIA, "cannot start", out, r);
	return 0;
}

int pk_clip_encode(struct run *c, AVCodecContext *enc, AVStream *st,
		   const AVFrame *frame, struct pk_error *err)
{
	int r = avcodec_send_frame(enc, frame);

	if (r < 0)
		return pk_clip_av_fail(err, PK_EMEDIA, "cannot encode",
				       enc->codec->name, r);
	for (;;) {
		r = avcodec_receive_packet(enc, c->pkt);
		if (r == AVERROR(EAGAIN) || r == AVERROR_EOF)
			return 0;
		if (r < 0)
			return pk_clip_av_fail(err, PK_EMEDIA, "cannot encode",
					       enc->codec->name, r);
		av_packet_rescale_ts(c->pkt, enc->time_base, st->time_base);
		c->pkt->stream_index = st->index;
		r = av_interleaved_write_frame(c->oc, c->pkt);
		if (r < 0)
			return pk_clip_av_fail(err, PK_EIO, "cannot write",
					       c->spec->name, r);
	}
}

int pk_clip_drain(struct run *c, struct pk_error *err)
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
			r = pk_clip_encode(c, c->venc, c->vst, c->frame, err);
		av_frame_unref(c->frame);
		if (r)
			return r;
		c->vframes++;
	}
	if (r != AVERROR(EAGAIN) && r != AVERROR_EOF)
		return pk_clip_av_fail(err, PK_EINTERNAL, "cannot filter",
				       c->spec->name, r);
	for (;;) {
		r = av_buffersink_get_frame(c->asink, c->frame);
		if (r < 0)
			break;
		c->frame->pts = av_rescale_q(
		    c->frame->pts, av_buffersink_get_time_base(c->asink),
		    c->aenc->time_base);
		r = pk_clip_encode(c, c->aenc, c->ast, c->frame, err);
		av_frame_unref(c->frame);
		if (r)
			return r;
	}
	if (r != AVERROR(EAGAIN) && r != AVERROR_EOF)
		return pk_clip_av_fail(err, PK_EINTERNAL, "cannot filter",
				       c->spec->name, r);
	return 0;
}

int pk_clip_write_poster(struct run *c, struct pk_error *err)
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

int pk_clip_finish(struct run *c, const char *out, struct pk_error *err)
{
	int r = av_write_trailer(c->oc), fd;

	if (r < 0)
		return pk_clip_av_fail(err, PK_EIO, "cannot finish", out, r);
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
