/* image.c: cover art decoded, checked, scaled and encoded with ffmpeg's
 * libraries. */
#include "podkit/image.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

#include "podkit/fsio.h"
#include "media/av_input_int.h"
#include "media/image_int.h"

static int av_fail(struct pk_error *err, int code, const char *path,
		   const char *what, int averr)
{
	char msg[AV_ERROR_MAX_STRING_SIZE] = {0};

	av_strerror(averr, msg, sizeof(msg));
	return pk_error_set(err, code, "%s: %s: %s", path, what, msg);
}

/* Decodes the first picture of path into *out (the caller frees it with
 * av_frame_free); *codec gets the decoder's id. */
static int decode_first(const char *path, AVFrame **out,
			enum AVCodecID *codec, struct pk_error *err)
{
	AVFormatContext *ic = NULL;
	AVCodecContext *dec = NULL;
	const AVCodec *c;
	AVPacket *pkt = NULL;
	AVFrame *frame = NULL;
	int r, ret = 0, si;

	*out = NULL;
	if (!pk_is_file(path))
		return pk_error_errno(err, PK_EIO, "%s: cannot read", path);
	r = pk_av_open_input(&ic, path);
	if (r < 0)
		return pk_error_set(err, PK_EMEDIA,
				    "%s: not an image ffmpeg can read; cover "
				    "art must be a JPEG or PNG file",
				    path);
	r = avformat_find_stream_info(ic, NULL);
	si = r < 0 ? r : av_find_best_stream(ic, AVMEDIA_TYPE_VIDEO, -1, -1,
					     NULL, 0);
	if (si < 0) {
		ret = pk_error_set(err, PK_EMEDIA,
				   "%s: no picture in it; cover art must be "
				   "a JPEG or PNG file",
				   path);
		goto out;
	}
	*codec = ic->streams[si]->codecpar->codec_id;
	c = avcodec_find_decoder(*codec);
	dec = c ? avcodec_alloc_context3(c) : NULL;
	if (!dec) {
		ret = pk_error_set(err, PK_EMEDIA,
				   "%s: no decoder for this image", path);
		goto out;
	}
	r = avcodec_parameters_to_context(dec, ic->streams[si]->codecpar);
	if (r >= 0)
		r = avcodec_open2(dec, c, NULL);
	if (r < 0) {
		ret = av_fail(err, PK_EMEDIA, path, "cannot decode", r);
		goto out;
	}
	pkt = av_packet_alloc();
	frame = av_frame_alloc();
	if (!pkt || !frame) {
		ret = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	while ((r = av_read_frame(ic, pkt)) >= 0) {
		if (pkt->stream_index != si) {
			av_packet_unref(pkt);
			continue;
		}
		r = avcodec_send_packet(dec, pkt);
		av_packet_unref(pkt);
		if (r < 0)
			break;
		r = avcodec_receive_frame(dec, frame);
		if (r == 0)
			break;
		if (r != AVERROR(EAGAIN))
			break;
	}
	if (r == AVERROR_EOF || r == AVERROR(EAGAIN)) {
		avcodec_send_packet(dec, NULL);
		r = avcodec_receive_frame(dec, frame);
	}
	if (r < 0) {
		ret = av_fail(err, PK_EMEDIA, path, "cannot decode the image",
			      r);
		goto out;
	}
	*out = frame;
	frame = NULL;
out:
	av_frame_free(&frame);
	av_packet_free(&pkt);
	avcodec_free_context(&dec);
	avformat_close_input(&ic);
	return ret;
}

int pk_image_decode(const char *path, AVFrame **out, struct pk_error *err)
{
	enum AVCodecID codec;

	return decode_first(path, out, &codec, err);
}

int pk_image_probe(const char *path, struct pk_image_info *info,
		   struct pk_error *err)
{
	enum AVCodecID id = AV_CODEC_ID_NONE;
	AVFrame *f = NULL;
	const char *name;
	int r;

	memset(info, 0, sizeof(*info));
	r = decode_first(path, &f, &id, err);
	if (r < 0)
		return r;
	info->width = f->width;
	info->height = f->height;
	info->kind = id == AV_CODEC_ID_MJPEG ? PK_IMAGE_JPEG
		     : id == AV_CODEC_ID_PNG ? PK_IMAGE_PNG
					     : PK_IMAGE_OTHER;
	snprintf(info->codec, sizeof(info->codec), "%s",
		 avcodec_get_name(id));
	name = av_get_pix_fmt_name((enum AVPixelFormat)f->format);
	snprintf(info->pix_fmt, sizeof(info->pix_fmt), "%s",
		 name ? name : "unknown");
	av_frame_free(&f);
	return 0;
}

/* The type a file's name gives it (its MIME type in the feed, on the
 * server and in uploads) must be the one its bytes have: a PNG named .jpg
 * would be served as image/jpeg. Names without .jpg, .jpeg or .png are
 * left alone. */
static int name_matches(const char *path, enum pk_image_kind kind,
			struct pk_error *err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	enum pk_image_kind named;

	if (!dot)
		return 0;
	if (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg"))
		named = PK_IMAGE_JPEG;
	else if (!strcasecmp(dot, ".png"))
		named = PK_IMAGE_PNG;
	else
		return 0;
	if (named == kind)
		return 0;
	return pk_error_set(err, PK_EINVAL,
			    "%s: the image is a %s but its name says %s: "
			    "name it %.*s.%s",
			    path, kind == PK_IMAGE_PNG ? "PNG" : "JPEG",
			    named == PK_IMAGE_PNG ? "PNG" : "JPEG",
			    (int)(dot - base), base,
			    kind == PK_IMAGE_PNG ? "png" : "jpg");
}

int pk_image_check(const char *path, struct pk_image_info *info,
		   struct pk_error *err)
{
	struct pk_image_info local;
	const AVPixFmtDescriptor *d;
	int r, side;

	if (!info)
		info = &local;
	r = pk_image_probe(path, info, err);
	if (r < 0)
		return r;
	if (info->kind == PK_IMAGE_OTHER)
		return pk_error_set(err, PK_EINVAL,
				    "%s: the image is '%s'; Apple Podcasts "
				    "takes JPEG or PNG: export it as JPEG "
				    "(e.g. 'ffmpeg -i %s cover.jpg')",
				    path, info->codec, path);
	r = name_matches(path, info->kind, err);
	if (r < 0)
		return r;
	if (info->width != info->height) {
		side = info->width < info->height ? info->width
						  : info->height;
		if (side > PK_COVER_MAX)
			side = PK_COVER_MAX;
		return pk_error_set(err, PK_EINVAL,
				    "%s: the image is %dx%d px and cover art "
				    "must be square: crop it to %dx%d px",
				    path, info->width, info->height, side,
				    side);
	}
	if (info->width < PK_COVER_MIN)
		return pk_error_set(err, PK_EINVAL,
				    "%s: the image is %dx%d px, smaller than "
				    "the %d px Apple Podcasts requires: export "
				    "it again at 3000x3000 px",
				    path, info->width, info->height,
				    PK_COVER_MIN);
	if (info->width > PK_COVER_MAX)
		return pk_error_set(err, PK_EINVAL,
				    "%s: the image is %dx%d px, larger than "
				    "the %d px Apple Podcasts accepts: scale it "
				    "down to 3000x3000 px",
				    path, info->width, info->height,
				    PK_COVER_MAX);
	d = av_pix_fmt_desc_get(av_get_pix_fmt(info->pix_fmt));
	if (!d)
		return pk_error_set(err, PK_EMEDIA,
				    "%s: unknown pixel format '%s'", path,
				    info->pix_fmt);
	/* ffmpeg decodes a CMYK (or YCCK) JPEG to four planes. */
	if (info->kind == PK_IMAGE_JPEG && d->nb_components == 4)
		return pk_error_set(err, PK_EINVAL,
				    "%s: the image is a CMYK JPEG and Apple "
				    "Podcasts needs RGB: convert it to RGB "
				    "(sRGB) and export it again",
				    path);
	if (d->nb_components <= 2 && !(d->flags & AV_PIX_FMT_FLAG_PAL))
		return pk_error_set(err, PK_EINVAL,
				    "%s: the image is greyscale (%s) and Apple "
				    "Podcasts needs RGB: convert it to RGB "
				    "colour and export it again",
				    path, info->pix_fmt);
	if (d->flags & AV_PIX_FMT_FLAG_ALPHA &&
	    !(d->flags & AV_PIX_FMT_FLAG_PAL))
		return pk_error_set(err, PK_EINVAL,
				    "%s: the image has an alpha channel "
				    "(transparency) and Apple Podcasts needs "
				    "an opaque RGB image: flatten it onto a "
				    "background and export it without alpha",
				    path);
	return 0;
}

int pk_image_scale_jpeg(const char *src, const char *dst, int size,
			struct pk_error *err)
{
	enum AVCodecID id;
	const AVCodec *c = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
	AVCodecContext *enc = NULL;
	struct SwsContext *sws = NULL;
	AVFrame *in = NULL, *out = NULL;
	AVPacket *pkt = NULL;
	int r, ret;

	ret = decode_first(src, &in, &id, err);
	if (ret < 0)
		return ret;
	if (!c) {
		ret = pk_error_set(err, PK_EINTERNAL,
				   "ffmpeg has no mjpeg encoder");
		goto out;
	}
	out = av_frame_alloc();
	enc = avcodec_alloc_context3(c);
	pkt = av_packet_alloc();
	if (!out || !enc || !pkt) {
		ret = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	out->format = AV_PIX_FMT_YUVJ420P;
	out->width = out->height = size;
	out->color_range = AVCOL_RANGE_JPEG;
	r = av_frame_get_buffer(out, 0);
	if (r < 0) {
		ret = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	sws = sws_getContext(in->width, in->height,
			     (enum AVPixelFormat)in->format, size, size,
			     AV_PIX_FMT_YUVJ420P,
			     SWS_LANCZOS | SWS_ACCURATE_RND, NULL, NULL, NULL);
	if (!sws) {
		ret = pk_error_set(err, PK_EMEDIA,
				   "%s: cannot scale this image", src);
		goto out;
	}
	sws_scale(sws, (const uint8_t *const *)in->data, in->linesize, 0,
		  in->height, out->data, out->linesize);
	enc->width = enc->height = size;
	enc->pix_fmt = AV_PIX_FMT_YUVJ420P;
	enc->color_range = AVCOL_RANGE_JPEG;
	enc->time_base = (AVRational){1, 1};
	/* A fixed, high quality (qscale 2), as `ffmpeg -q:v 2` does. */
	enc->flags |= AV_CODEC_FLAG_QSCALE;
	enc->global_quality = FF_QP2LAMBDA * 2;
	out->quality = enc->global_quality;
	out->pts = 0;
	r = avcodec_open2(enc, c, NULL);
	if (r >= 0)
		r = avcodec_send_frame(enc, out);
	if (r >= 0)
		r = avcodec_receive_packet(enc, pkt);
	if (r < 0) {
		ret = av_fail(err, PK_EMEDIA, dst, "cannot encode JPEG", r);
		goto out;
	}
	ret = pk_write_atomic(dst, pkt->data, (size_t)pkt->size, 0644, err);
out:
	sws_freeContext(sws);
	av_packet_free(&pkt);
	avcodec_free_context(&enc);
	av_frame_free(&out);
	av_frame_free(&in);
	return ret;
}

int pk_image_write_covers(const char *src, const char *full,
			  const char *small, struct pk_error *err)
{
	int r = 0;

	if (full)
		r = pk_copy_file(src, full, err);
	if (r == 0 && small)
		r = pk_image_scale_jpeg(src, small, PK_COVER_SMALL, err);
	return r;
}
