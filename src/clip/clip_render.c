/* clip_render.c: a clip rendered: the published audio decoded from just
 * before the clip, one libavfilter graph (the clip's audio cut out
 * exactly, its waveform over the still background, the captions), libx264
 * and AAC through libavcodec, an MP4 with faststart, and a poster. This
 * file drives the graph; clip_output.c holds the encoders, the muxer and
 * the poster. */
#include "clip/clip_run_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/opt.h>

#include "media/av_input_int.h"
#include "media/media_int.h"

/* The waveform's colour (the captions' accent). */
#define WAVE_COLOUR "0xF2C14E"
/* The decoder starts this far before the clip, so the first samples come
 * out settled whatever the seek lands on. */
#define PREROLL 1.0
/* Slack past the audio's end for a clip's end (the encoder's last frame). */
#define END_SLACK 0.05

int pk_clip_av_fail(struct pk_error *err, int code, const char *what,
		    const char *file, int averr)
{
	char msg[AV_ERROR_MAX_STRING_SIZE] = {0};

	av_strerror(averr, msg, sizeof(msg));
	return pk_error_set(err, code, "%s: %s: %s", file, what, msg);
}

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
		return pk_clip_av_fail(err, PK_EMEDIA, "no audio to read", path,
				       r);
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
		return pk_clip_av_fail(err, PK_EMEDIA, "cannot decode", path,
				       r);
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
		return pk_clip_av_fail(err, PK_EINTERNAL,
				       "cannot set up the filters",
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
			return pk_clip_av_fail(err, PK_EINTERNAL,
					       "cannot filter", c->spec->name,
					       r);
		r = pk_clip_drain(c, err);
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
		return pk_clip_av_fail(err, PK_EINTERNAL, "cannot filter",
				       c->spec->name, r);
	r = pk_clip_drain(c, err);
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
			return pk_clip_av_fail(err, PK_EMEDIA, "cannot decode",
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
		return pk_clip_av_fail(err, PK_EINTERNAL, "cannot filter",
				       c->spec->name, r);
	r = pk_clip_drain(c, err);
	if (!r)
		r = pk_clip_encode(c, c->venc, c->vst, NULL, err);
	if (!r)
		r = pk_clip_encode(c, c->aenc, c->ast, NULL, err);
	return r;
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
		r = pk_clip_open_output(&c, out, err);
	if (!r)
		r = decode_all(&c, err);
	if (!r)
		r = pk_clip_finish(&c, out, err);
	if (!r && spec->poster && c.poster)
		r = pk_clip_write_poster(&c, err);
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
