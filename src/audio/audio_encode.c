/* audio_encode.c: float frames to MP3 (libmp3lame, CBR, Info/Xing header),
 * M4A (AAC, index at the front) or Opus, keeping the source's tags, cover
 * art and chapters. */
#include "audio/audio_int.h"
#include "base/mime_int.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <stdlib.h>
#include <string.h>

struct fmt_info {
	const char *name, *muxer, *codec, *ext;
	int pictures; /* the muxer keeps cover art */
};

static const struct fmt_info formats[] = {
	{"mp3", "mp3", "libmp3lame", "mp3", 1},
	{"m4a", "ipod", "aac", "m4a", 1},
	{"opus", "ogg", "libopus", "opus", 0},
};

static const struct fmt_info *find_format(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const char *pk_format_mime(const char *format)
{
	const struct fmt_info *f = find_format(format);
	const struct pk_mime *m = f ? pk_mime_by_ext(f->ext) : NULL;

	return m ? m->type : NULL;
}

const char *pk_format_ext(const char *format)
{
	const struct fmt_info *f = find_format(format);

	return f ? f->ext : NULL;
}

int pk_encoder_pick_rate(const char *format, int rate)
{
	const struct fmt_info *f = find_format(format);
	const AVCodec *c;
	const int *p;
	int best = 0, above = 0;

	if (!f || !(c = avcodec_find_encoder_by_name(f->codec)))
		return 0;
	if (!c->supported_samplerates)
		return rate;
	/* the same rate if taken, else the lowest one above it, else the
	 * highest there is (never more than the codec's own maximum) */
	for (p = c->supported_samplerates; *p; p++) {
		if (*p == rate)
			return rate;
		if (*p > rate && (above == 0 || *p < above))
			above = *p;
		if (*p > best)
			best = *p;
	}
	return above ? above : best;
}

struct pk_encoder {
	char *path;
	const struct fmt_info *fi;
	AVFormatContext *oc;
	AVCodecContext *enc;
	AVStream *st;
	AVFrame *frame;   /* being filled */
	AVPacket *pkt;
	int fill;         /* frames in frame */
	int64_t pts;
	int header_done;
	int finished;
	int (*tap)(void *arg, const AVPacket *pkt);
	void *tap_arg;
};

void pk_encoder_set_tap(struct pk_encoder *e,
			int (*tap)(void *arg, const AVPacket *pkt), void *arg)
{
	e->tap = tap;
	e->tap_arg = arg;
}

const AVCodecParameters *pk_encoder_codecpar(const struct pk_encoder *e)
{
	return e->st->codecpar;
}

int pk_encoder_delay(const struct pk_encoder *e)
{
	return e->enc->initial_padding;
}

static int av_fail(struct pk_error *err, const char *path, const char *what,
		   int averr)
{
	char msg[AV_ERROR_MAX_STRING_SIZE];

	av_strerror(averr, msg, sizeof(msg));
	return pk_error_set(err, averr == AVERROR(ENOMEM) ? PK_ENOMEM : PK_EIO,
			    "%s: %s: %s", path, what, msg);
}

static int open_codec(struct pk_encoder *e, const struct pk_encoder_opts *o,
		      struct pk_error *err)
{
	const AVCodec *c = avcodec_find_encoder_by_name(e->fi->codec);
	int r;

	if (!c)
		return pk_error_set(err, PK_EMEDIA,
				    "no %s encoder in this ffmpeg",
				    e->fi->codec);
	e->enc = avcodec_alloc_context3(c);
	if (!e->enc)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	av_channel_layout_default(&e->enc->ch_layout, o->channels);
	e->enc->sample_rate = o->rate;
	e->enc->sample_fmt = strcmp(e->fi->name, "opus") == 0
				     ? AV_SAMPLE_FMT_FLT
				     : AV_SAMPLE_FMT_FLTP;
	e->enc->bit_rate = (int64_t)o->bitrate * 1000;
	e->enc->time_base = (AVRational){1, o->rate};
	if (e->oc->oformat->flags & AVFMT_GLOBALHEADER)
		e->enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
	r = avcodec_open2(e->enc, c, NULL);
	if (r < 0)
		return av_fail(err, e->path, "cannot open the encoder", r);
	e->st = avformat_new_stream(e->oc, NULL);
	if (!e->st)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	e->st->time_base = e->enc->time_base;
	r = avcodec_parameters_from_context(e->st->codecpar, e->enc);
	if (r < 0)
		return av_fail(err, e->path, "cannot set up the stream", r);
	e->frame = av_frame_alloc();
	e->pkt = av_packet_alloc();
	if (!e->frame || !e->pkt)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	e->frame->format = e->enc->sample_fmt;
	e->frame->sample_rate = o->rate;
	e->frame->nb_samples =
		e->enc->frame_size > 0 ? e->enc->frame_size : 1024;
	if (av_channel_layout_copy(&e->frame->ch_layout,
				   &e->enc->ch_layout) < 0 ||
	    av_frame_get_buffer(e->frame, 0) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	return 0;
}

/* Tags of the file and of its audio stream (Ogg and FLAC keep them
 * there); the file's win. */
static int copy_tags(struct pk_encoder *e, const AVFormatContext *in)
{
	unsigned i;

	if (av_dict_copy(&e->oc->metadata, in->metadata, 0) < 0)
		return PK_ENOMEM;
	for (i = 0; i < in->nb_streams; i++) {
		const AVStream *s = in->streams[i];

		if (s->codecpar->codec_type == AVMEDIA_TYPE_AUDIO &&
		    av_dict_copy(&e->oc->metadata, s->metadata,
				 AV_DICT_DONT_OVERWRITE) < 0)
			return PK_ENOMEM;
	}
	/* what wrote the source is not what writes this file */
	av_dict_set(&e->oc->metadata, "encoder", NULL, 0);
	return 0;
}

static int copy_chapters(struct pk_encoder *e, const AVFormatContext *in)
{
	unsigned i;

	if (!in->nb_chapters)
		return 0;
	e->oc->chapters = av_calloc(in->nb_chapters, sizeof(AVChapter *));
	if (!e->oc->chapters)
		return PK_ENOMEM;
	for (i = 0; i < in->nb_chapters; i++) {
		const AVChapter *s = in->chapters[i];
		AVChapter *c = av_mallocz(sizeof(*c));

		if (!c)
			return PK_ENOMEM;
		e->oc->chapters[e->oc->nb_chapters++] = c;
		c->id = s->id;
		c->time_base = s->time_base;
		c->start = s->start;
		c->end = s->end;
		if (av_dict_copy(&c->metadata, s->metadata, 0) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

/* Cover art: attached-picture streams copied as they are. */
static int add_pictures(struct pk_encoder *e, const AVFormatContext *in)
{
	unsigned i;

	if (!e->fi->pictures)
		return 0;
	for (i = 0; i < in->nb_streams; i++) {
		const AVStream *s = in->streams[i];
		enum AVCodecID id = s->codecpar->codec_id;
		AVStream *o;

		if (!(s->disposition & AV_DISPOSITION_ATTACHED_PIC) ||
		    (id != AV_CODEC_ID_MJPEG && id != AV_CODEC_ID_PNG) ||
		    s->attached_pic.size <= 0)
			continue;
		o = avformat_new_stream(e->oc, NULL);
		if (!o || avcodec_parameters_copy(o->codecpar, s->codecpar) < 0)
			return PK_ENOMEM;
		o->codecpar->codec_tag = 0;
		o->disposition = AV_DISPOSITION_ATTACHED_PIC;
		o->time_base = (AVRational){1, 90000};
		av_dict_copy(&o->metadata, s->metadata, 0);
	}
	return 0;
}

static int write_pictures(struct pk_encoder *e, const AVFormatContext *in,
			  struct pk_error *err)
{
	unsigned i, k = 1; /* stream 0 is the audio */
	int r;

	if (!e->fi->pictures)
		return 0;
	for (i = 0; i < in->nb_streams && k < e->oc->nb_streams; i++) {
		const AVStream *s = in->streams[i];
		enum AVCodecID id = s->codecpar->codec_id;

		if (!(s->disposition & AV_DISPOSITION_ATTACHED_PIC) ||
		    (id != AV_CODEC_ID_MJPEG && id != AV_CODEC_ID_PNG) ||
		    s->attached_pic.size <= 0)
			continue;
		if (av_packet_ref(e->pkt, &s->attached_pic) < 0)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		e->pkt->stream_index = (int)k++;
		e->pkt->pts = e->pkt->dts = 0;
		e->pkt->flags |= AV_PKT_FLAG_KEY;
		r = av_interleaved_write_frame(e->oc, e->pkt);
		av_packet_unref(e->pkt);
		if (r < 0)
			return av_fail(err, e->path, "cannot write cover art",
				       r);
	}
	return 0;
}

int pk_encoder_open(struct pk_encoder **out, const char *path,
		    const struct pk_encoder_opts *o, struct pk_error *err)
{
	struct pk_encoder *e;
	AVDictionary *mopts = NULL;
	int r;

	*out = NULL;
	e = calloc(1, sizeof(*e));
	if (!e || !(e->path = strdup(path))) {
		free(e);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	e->fi = find_format(o->format);
	if (!e->fi) {
		r = pk_error_set(err, PK_EINVAL, "unknown audio format '%s'",
				 o->format ? o->format : "");
		goto out;
	}
	r = avformat_alloc_output_context2(&e->oc, NULL, e->fi->muxer, path);
	if (r < 0) {
		r = av_fail(err, path, "cannot set up the output", r);
		goto out;
	}
	if ((r = open_codec(e, o, err)) < 0)
		goto out;
	if (o->meta_from && (copy_tags(e, o->meta_from) < 0 ||
			     copy_chapters(e, o->meta_from) < 0 ||
			     add_pictures(e, o->meta_from) < 0)) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	r = avio_open(&e->oc->pb, path, AVIO_FLAG_WRITE);
	if (r < 0) {
		r = av_fail(err, path, "cannot create", r);
		goto out;
	}
	if (strcmp(e->fi->name, "m4a") == 0)
		av_dict_set(&mopts, "movflags", "+faststart", 0);
	/* the mp3 muxer writes the Info/Xing frame by default; say so */
	if (strcmp(e->fi->name, "mp3") == 0)
		av_dict_set(&mopts, "write_xing", "1", 0);
	r = avformat_write_header(e->oc, &mopts);
	av_dict_free(&mopts);
	if (r < 0) {
		r = av_fail(err, path, "cannot write the header", r);
		goto out;
	}
	e->header_done = 1;
	if (o->meta_from && (r = write_pictures(e, o->meta_from, err)) < 0)
		goto out;
	*out = e;
	e = NULL;
	r = 0;
out:
	pk_encoder_free(e);
	return r;
}

/* Sends a frame (NULL: flush) and writes every packet that comes out. */
static int encode(struct pk_encoder *e, AVFrame *f, struct pk_error *err)
{
	int r = avcodec_send_frame(e->enc, f);

	if (r < 0)
		return av_fail(err, e->path, "cannot encode", r);
	for (;;) {
		r = avcodec_receive_packet(e->enc, e->pkt);
		if (r == AVERROR(EAGAIN) || r == AVERROR_EOF)
			return 0;
		if (r < 0)
			return av_fail(err, e->path, "cannot encode", r);
		e->pkt->stream_index = 0;
		if (e->tap && (r = e->tap(e->tap_arg, e->pkt)) != 0) {
			av_packet_unref(e->pkt);
			return pk_error_set(err, r < 0 ? r : PK_EINTERNAL,
					    "%s: checking the encoded audio "
					    "failed", e->path);
		}
		av_packet_rescale_ts(e->pkt, e->enc->time_base,
				     e->st->time_base);
		r = av_interleaved_write_frame(e->oc, e->pkt);
		av_packet_unref(e->pkt);
		if (r < 0)
			return av_fail(err, e->path, "cannot write", r);
	}
}

static int send_filled(struct pk_encoder *e, struct pk_error *err)
{
	int r;

	e->frame->nb_samples = e->fill;
	e->frame->pts = e->pts;
	e->pts += e->fill;
	r = encode(e, e->frame, err);
	e->fill = 0;
	return r;
}

int pk_encoder_write(struct pk_encoder *e, const float *in, size_t n,
		     struct pk_error *err)
{
	int ch = e->enc->ch_layout.nb_channels;
	int size = e->enc->frame_size > 0 ? e->enc->frame_size : 1024;
	int planar = e->enc->sample_fmt == AV_SAMPLE_FMT_FLTP;
	int r;

	while (n > 0) {
		int k = size - e->fill, c, i;

		if ((size_t)k > n)
			k = (int)n;
		if (e->fill == 0) {
			e->frame->nb_samples = size;
			if (av_frame_make_writable(e->frame) < 0)
				return pk_error_set(err, PK_ENOMEM,
						    "out of memory");
		}
		if (planar) {
			for (c = 0; c < ch; c++) {
				float *dst =
					(float *)e->frame->extended_data[c] +
					e->fill;

				for (i = 0; i < k; i++)
					dst[i] = in[i * ch + c];
			}
		} else {
			memcpy((float *)e->frame->data[0] + e->fill * ch, in,
			       (size_t)k * ch * sizeof(float));
		}
		e->fill += k;
		in += (size_t)k * ch;
		n -= (size_t)k;
		if (e->fill == size && (r = send_filled(e, err)) < 0)
			return r;
	}
	return 0;
}

int pk_encoder_finish(struct pk_encoder *e, struct pk_error *err)
{
	int r;

	if (e->fill > 0 && (r = send_filled(e, err)) < 0)
		return r;
	if ((r = encode(e, NULL, err)) < 0)
		return r;
	r = av_write_trailer(e->oc);
	if (r < 0)
		return av_fail(err, e->path, "cannot finish the file", r);
	e->finished = 1;
	r = avio_closep(&e->oc->pb);
	if (r < 0)
		return av_fail(err, e->path, "cannot write", r);
	return 0;
}

void pk_encoder_free(struct pk_encoder *e)
{
	if (!e)
		return;
	if (e->oc) {
		if (e->oc->pb)
			avio_closep(&e->oc->pb);
		avformat_free_context(e->oc);
	}
	avcodec_free_context(&e->enc);
	av_frame_free(&e->frame);
	av_packet_free(&e->pkt);
	free(e->path);
	free(e);
}
