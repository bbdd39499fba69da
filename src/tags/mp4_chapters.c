/* mp4_chapters.c: MP4 chapters written by remuxing with libavformat. */
#include "podkit/mp4_chapters.h"
#include "media/av_input_int.h"

#include <stdlib.h>
#include <string.h>

#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/mathematics.h>

static int av_fail(struct pk_error *err, int code, const char *path,
		   const char *what, int averr)
{
	char msg[AV_ERROR_MAX_STRING_SIZE] = {0};

	av_strerror(averr, msg, sizeof(msg));
	return pk_error_set(err, code, "%s: %s: %s", path, what, msg);
}

void pk_tag_chapters_free(struct pk_tag_chapter *ch, size_t n)
{
	size_t i;

	if (!ch)
		return;
	for (i = 0; i < n; i++) {
		free(ch[i].title);
		free(ch[i].url);
	}
	free(ch);
}

/* Adds the chapters to the output context in milliseconds. */
static int add_chapters(AVFormatContext *oc, const struct pk_tag_chapter *ch,
			size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	oc->chapters = av_calloc(n, sizeof(*oc->chapters));
	if (!oc->chapters)
		return PK_ENOMEM;
	for (i = 0; i < n; i++) {
		AVChapter *c = av_mallocz(sizeof(*c));

		if (!c)
			return PK_ENOMEM;
		oc->chapters[oc->nb_chapters++] = c;
		c->id = (int64_t)i + 1;
		c->time_base = (AVRational){1, 1000};
		c->start = (int64_t)(ch[i].start * 1000.0 + 0.5);
		c->end = (int64_t)(ch[i].end * 1000.0 + 0.5);
		if (av_dict_set(&c->metadata, "title",
				ch[i].title ? ch[i].title : "", 0) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

int pk_mp4_remux_chapters(const char *in, const char *out,
			  const char *out_format,
			  const struct pk_tag_chapter *ch, size_t n,
			  struct pk_error *err)
{
	AVFormatContext *ic = NULL, *oc = NULL;
	AVDictionary *mopts = NULL;
	AVPacket *pkt = NULL;
	int *map = NULL;
	unsigned i;
	int r, ret = 0, opened = 0, header = 0;

	r = pk_av_open_input(&ic, in);
	if (r < 0)
		return av_fail(err, PK_EMEDIA, in, "cannot open", r);
	r = avformat_find_stream_info(ic, NULL);
	if (r < 0) {
		ret = av_fail(err, PK_EMEDIA, in, "cannot read streams", r);
		goto out;
	}
	r = avformat_alloc_output_context2(&oc, NULL, out_format, out);
	if (r < 0 || !oc) {
		ret = av_fail(err, PK_EMEDIA, out, "no muxer", r);
		goto out;
	}
	map = calloc(ic->nb_streams, sizeof(*map));
	if (!map) {
		ret = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	/* Only the audio: an old chapter text track or cover stream is left
	 * behind (the chapters are rewritten, the cover goes in covr). */
	for (i = 0; i < ic->nb_streams; i++) {
		AVStream *is = ic->streams[i], *os;

		map[i] = -1;
		if (is->codecpar->codec_type != AVMEDIA_TYPE_AUDIO ||
		    (is->disposition & AV_DISPOSITION_ATTACHED_PIC))
			continue;
		os = avformat_new_stream(oc, NULL);
		if (!os) {
			ret = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		r = avcodec_parameters_copy(os->codecpar, is->codecpar);
		if (r < 0) {
			ret = av_fail(err, PK_EMEDIA, in, "copying", r);
			goto out;
		}
		os->codecpar->codec_tag = 0;
		os->time_base = is->time_base;
		map[i] = os->index;
	}
	if (oc->nb_streams == 0) {
		ret = pk_error_set(err, PK_EMEDIA, "%s: no audio stream", in);
		goto out;
	}
	if (add_chapters(oc, ch, n) < 0) {
		ret = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	r = avio_open(&oc->pb, out, AVIO_FLAG_WRITE);
	if (r < 0) {
		ret = av_fail(err, PK_EIO, out, "cannot write", r);
		goto out;
	}
	opened = 1;
	/* moov first, so players can start before the whole file is in. */
	av_dict_set(&mopts, "movflags", "+faststart", 0);
	r = avformat_write_header(oc, &mopts);
	if (r < 0) {
		ret = av_fail(err, PK_EMEDIA, out, "cannot write header", r);
		goto out;
	}
	header = 1;
	pkt = av_packet_alloc();
	if (!pkt) {
		ret = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	while ((r = av_read_frame(ic, pkt)) >= 0) {
		int si = pkt->stream_index;

		if (si < 0 || (unsigned)si >= ic->nb_streams || map[si] < 0) {
			av_packet_unref(pkt);
			continue;
		}
		pkt->stream_index = map[si];
		av_packet_rescale_ts(pkt, ic->streams[si]->time_base,
				     oc->streams[map[si]]->time_base);
		pkt->pos = -1;
		r = av_interleaved_write_frame(oc, pkt);
		if (r < 0) {
			ret = av_fail(err, PK_EMEDIA, out, "writing", r);
			goto out;
		}
	}
	if (r != AVERROR_EOF) {
		ret = av_fail(err, PK_EMEDIA, in, "reading", r);
		goto out;
	}
	r = av_write_trailer(oc);
	header = 0;
	if (r < 0) {
		ret = av_fail(err, PK_EMEDIA, out, "finishing", r);
		goto out;
	}
out:
	if (header)
		av_write_trailer(oc);
	if (opened) {
		r = avio_closep(&oc->pb);
		if (r < 0 && ret == 0)
			ret = av_fail(err, PK_EIO, out, "closing", r);
	}
	av_dict_free(&mopts);
	av_packet_free(&pkt);
	free(map);
	avformat_free_context(oc);
	avformat_close_input(&ic);
	return ret;
}

int pk_mp4_read_chapters(const char *path, struct pk_tag_chapter **out,
			 size_t *n, double *duration, struct pk_error *err)
{
	AVFormatContext *ic = NULL;
	struct pk_tag_chapter *v = NULL;
	unsigned i;
	int r, ret = 0;

	*out = NULL;
	*n = 0;
	r = pk_av_open_input(&ic, path);
	if (r < 0)
		return av_fail(err, PK_EMEDIA, path, "cannot open", r);
	r = avformat_find_stream_info(ic, NULL);
	if (r < 0) {
		ret = av_fail(err, PK_EMEDIA, path, "cannot read streams", r);
		goto out;
	}
	if (duration)
		*duration = ic->duration > 0 ?
			(double)ic->duration / AV_TIME_BASE : 0;
	if (ic->nb_chapters == 0)
		goto out;
	v = calloc(ic->nb_chapters, sizeof(*v));
	if (!v) {
		ret = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < ic->nb_chapters; i++) {
		const AVChapter *c = ic->chapters[i];
		const AVDictionaryEntry *t =
			av_dict_get(c->metadata, "title", NULL, 0);

		v[i].start = (double)c->start * av_q2d(c->time_base);
		v[i].end = (double)c->end * av_q2d(c->time_base);
		v[i].title = strdup(t ? t->value : "");
		if (!v[i].title) {
			pk_tag_chapters_free(v, i);
			v = NULL;
			ret = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
	}
	*out = v;
	*n = ic->nb_chapters;
out:
	avformat_close_input(&ic);
	return ret;
}
