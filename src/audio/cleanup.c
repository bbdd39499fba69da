/* cleanup.c: high-pass and noise reduction with libavfilter, on float
 * blocks (see cleanup_int.h). */
#include "audio/cleanup_int.h"

#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/channel_layout.h>
#include <libavutil/frame.h>
#include <libavutil/opt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/audio_int.h"

/* Two cascaded second-order sections: 24 dB per octave under the corner,
 * so 30 Hz rumble under an 80 Hz corner loses about 30 dB while speech
 * at 120 Hz and up loses under 1 dB. */
#define HIGHPASS_SECTIONS 2
/* afftdn: how far (dB) a band may be reduced, and the floor under which
 * it leaves what remains alone: deep enough that a 20 dB SNR recording's
 * pauses drop by 10 dB and more. */
#define AFFTDN_REDUCTION_DB 30
#define AFFTDN_RESIDUAL_DB -70
/* afftdn's noise floor setting sits this far (dB) over the measured RMS
 * of the noise: the filter compares per-band levels, which for
 * broadband noise are above the overall RMS. Measured on white noise at
 * 20 dB SNR: +10 dB gives 30 dB less noise in the pauses and moves the
 * speech 0.1 LU; +0 dB only 15 dB less. */
#define AFFTDN_FLOOR_OVER_DB 10
#define AFFTDN_FLOOR_MIN -80 /* the filter's range */
#define AFFTDN_FLOOR_MAX -20
/* anlmdn: strength and research radius (s). The strength saturates
 * about here; a 2 ms radius costs a third of the default 6 ms. */
#define ANLMDN_STRENGTH 30
#define ANLMDN_RESEARCH_S 0.002
/* Frames handed to the graph at a time. */
#define CHUNK 4096
/* The latency is found by passing a click through a spare copy of the
 * graph: this long (s) of silence with the click a quarter in, loud
 * enough that no denoiser takes it for noise. */
#define CALIBRATE_S 1.0
#define CALIBRATE_CLICK 0.5
/* The noise floor estimate: window, share of windows, length read. */
#define FLOOR_WINDOW_S 0.05
#define FLOOR_PERCENTILE 0.10
#define FLOOR_SCAN_S 60

struct pk_cleanup {
	AVFilterGraph *graph;
	AVFilterContext *src, *sink;
	AVFrame *in, *got;
	int channels, rate;
	int64_t pts;
	float *buf; /* output frames (owned), grown as needed */
	size_t cap;
	/* The FFT denoisers delay what they pass by a window: the first
	 * `latency` frames out are dropped and as many frames of silence
	 * pushed in at the end, so the output lines up with the input and
	 * is as long (the time map relies on both). */
	int64_t latency, skip, out;
};

static int av_err(struct pk_error *err, const char *what, int averr)
{
	char msg[AV_ERROR_MAX_STRING_SIZE];

	av_strerror(averr, msg, sizeof(msg));
	return pk_error_set(err, PK_EINTERNAL, "audio clean-up: %s: %s", what,
			    msg);
}

/* The filter chain as libavfilter's text, into buf. */
static void chain(const struct pk_cleanup_opts *o, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	if (o->highpass_hz > 0)
		for (i = 0; i < HIGHPASS_SECTIONS; i++)
			len += (size_t)snprintf(buf + len, size - len,
						"%shighpass=f=%.2f:p=2",
						len ? "," : "", o->highpass_hz);
	if (o->denoise == PK_DENOISE_AFFTDN) {
		double nf = AFFTDN_FLOOR_MAX;

		if (!isnan(o->noise_db))
			nf = o->noise_db + AFFTDN_FLOOR_OVER_DB;
		if (nf < AFFTDN_FLOOR_MIN)
			nf = AFFTDN_FLOOR_MIN;
		if (nf > AFFTDN_FLOOR_MAX)
			nf = AFFTDN_FLOOR_MAX;
		len += (size_t)snprintf(buf + len, size - len,
					"%safftdn=nr=%d:rf=%d:nf=%.1f",
					len ? "," : "", AFFTDN_REDUCTION_DB,
					AFFTDN_RESIDUAL_DB, nf);
	} else if (o->denoise == PK_DENOISE_ANLMDN) {
		len += (size_t)snprintf(buf + len, size - len,
					"%sanlmdn=s=%d:r=%.4f", len ? "," : "",
					ANLMDN_STRENGTH, ANLMDN_RESEARCH_S);
	}
	(void)len;
}

static int build_graph(struct pk_cleanup *c, const char *filters,
		       struct pk_error *err)
{
	AVFilterInOut *outs = NULL, *ins = NULL;
	AVChannelLayout layout;
	char args[256], lname[64], tail[768];
	int r;

	av_channel_layout_default(&layout, c->channels);
	av_channel_layout_describe(&layout, lname, sizeof(lname));
	c->graph = avfilter_graph_alloc();
	if (!c->graph)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	/* one thread: the build already runs an episode per core */
	c->graph->nb_threads = 1;
	snprintf(args, sizeof(args),
		 "sample_rate=%d:sample_fmt=flt:channel_layout=%s:"
		 "time_base=1/%d",
		 c->rate, lname, c->rate);
	r = avfilter_graph_create_filter(&c->src,
					 avfilter_get_by_name("abuffer"), "in",
					 args, NULL, c->graph);
	if (r < 0)
		return av_err(err, "abuffer", r);
	r = avfilter_graph_create_filter(&c->sink,
					 avfilter_get_by_name("abuffersink"),
					 "out", NULL, NULL, c->graph);
	if (r < 0)
		return av_err(err, "abuffersink", r);
	outs = avfilter_inout_alloc();
	ins = avfilter_inout_alloc();
	if (!outs || !ins) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	outs->name = av_strdup("in");
	outs->filter_ctx = c->src;
	ins->name = av_strdup("out");
	ins->filter_ctx = c->sink;
	/* back to packed float in the layout that came in */
	snprintf(tail, sizeof(tail),
		 "%s,aformat=sample_fmts=flt:sample_rates=%d:"
		 "channel_layouts=%s",
		 filters, c->rate, lname);
	r = avfilter_graph_parse_ptr(c->graph, tail, &ins, &outs, NULL);
	if (r < 0) {
		r = av_err(err, "cannot set up the filters", r);
		goto out;
	}
	r = avfilter_graph_config(c->graph, NULL);
	if (r < 0)
		r = av_err(err, "cannot configure the filters", r);
out:
	avfilter_inout_free(&ins);
	avfilter_inout_free(&outs);
	return r < 0 ? r : 0;
}

static int push(struct pk_cleanup *c, const float *in, size_t n, size_t *nout,
		struct pk_error *err);

/* Finds c->latency: a click through a spare graph, and how late its
 * loudest frame comes out. */
static int calibrate(struct pk_cleanup *c, const char *filters,
		     struct pk_error *err)
{
	size_t n = (size_t)(CALIBRATE_S * c->rate), at = n / 4, got = 0, i;
	size_t best = 0;
	float *x = calloc(n * c->channels, sizeof(float));
	int r, ch;

	if (!x)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (ch = 0; ch < c->channels; ch++)
		x[at * c->channels + ch] = CALIBRATE_CLICK;
	if ((r = build_graph(c, filters, err)) < 0 ||
	    (r = push(c, x, n, &got, err)) < 0 ||
	    (r = push(c, NULL, n, &got, err)) < 0)
		goto out;
	for (i = 0; i < got; i++)
		if (fabsf(c->buf[i * c->channels]) >
		    fabsf(c->buf[best * c->channels]))
			best = i;
	c->latency = best > at ? (int64_t)(best - at) : 0;
out:
	avfilter_graph_free(&c->graph);
	c->src = c->sink = NULL;
	c->pts = 0;
	free(x);
	return r;
}

int pk_cleanup_new(struct pk_cleanup **out, int channels, int rate,
		   const struct pk_cleanup_opts *opts, struct pk_error *err)
{
	struct pk_cleanup *c;
	char filters[512];
	int r;

	*out = NULL;
	chain(opts, filters, sizeof(filters));
	if (!filters[0])
		return 0;
	c = calloc(1, sizeof(*c));
	if (!c)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	c->channels = channels;
	c->rate = rate;
	c->in = av_frame_alloc();
	c->got = av_frame_alloc();
	if (!c->in || !c->got) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (opts->denoise != PK_DENOISE_NONE &&
	    (r = calibrate(c, filters, err)) < 0)
		goto out;
	if ((r = build_graph(c, filters, err)) < 0)
		goto out;
	c->skip = c->latency;
	*out = c;
	c = NULL;
	r = 0;
out:
	pk_cleanup_free(c);
	return r;
}

/* Appends what the sink has ready to c->buf from frame *nout on, less
 * the frames of latency still to skip. */
static int drain(struct pk_cleanup *c, size_t *nout, struct pk_error *err)
{
	int r;

	for (;;) {
		size_t k, from = 0;

		r = av_buffersink_get_frame(c->sink, c->got);
		if (r == AVERROR(EAGAIN) || r == AVERROR_EOF)
			return 0;
		if (r < 0)
			return av_err(err, "filtering failed", r);
		k = (size_t)c->got->nb_samples;
		if (c->skip > 0) {
			from = c->skip < (int64_t)k ? (size_t)c->skip : k;
			c->skip -= (int64_t)from;
			k -= from;
		}
		if (*nout + k > c->cap) {
			size_t cap = (*nout + k) * 2;
			float *p =
			    realloc(c->buf, cap * c->channels * sizeof(float));

			if (!p) {
				av_frame_unref(c->got);
				return pk_error_set(err, PK_ENOMEM,
						    "out of memory");
			}
			c->buf = p;
			c->cap = cap;
		}
		memcpy(c->buf + *nout * c->channels,
		       (const float *)c->got->data[0] + from * c->channels,
		       k * c->channels * sizeof(float));
		*nout += k;
		av_frame_unref(c->got);
	}
}

/* Pushes n frames of in (NULL: silence) into the graph and drains it. */
static int push(struct pk_cleanup *c, const float *in, size_t n, size_t *nout,
		struct pk_error *err)
{
	int r;

	while (n > 0) {
		size_t k = n < CHUNK ? n : CHUNK;

		c->in->nb_samples = (int)k;
		c->in->format = AV_SAMPLE_FMT_FLT;
		c->in->sample_rate = c->rate;
		av_channel_layout_default(&c->in->ch_layout, c->channels);
		c->in->pts = c->pts;
		if ((r = av_frame_get_buffer(c->in, 0)) < 0)
			return av_err(err, "out of memory", r);
		if (in)
			memcpy(c->in->data[0], in,
			       k * c->channels * sizeof(float));
		else
			memset(c->in->data[0], 0,
			       k * c->channels * sizeof(float));
		c->pts += (int64_t)k;
		/* the graph takes the frame's reference and resets it */
		r = av_buffersrc_add_frame_flags(c->src, c->in, 0);
		av_frame_unref(c->in);
		if (r < 0)
			return av_err(err, "filtering failed", r);
		if ((r = drain(c, nout, err)) < 0)
			return r;
		if (in)
			in += k * c->channels;
		n -= k;
	}
	return 0;
}

int pk_cleanup_process(struct pk_cleanup *c, const float *in, size_t n,
		       const float **out, size_t *nout, struct pk_error *err)
{
	int r;

	*nout = 0;
	r = push(c, in, n, nout, err);
	c->out += (int64_t)*nout;
	*out = c->buf;
	return r;
}

int pk_cleanup_finish(struct pk_cleanup *c, const float **out, size_t *nout,
		      struct pk_error *err)
{
	int r;

	*nout = 0;
	/* the frames the latency holds back come out behind silence */
	if (c->latency > 0 &&
	    (r = push(c, NULL, (size_t)c->latency, nout, err)) < 0)
		return r;
	r = av_buffersrc_add_frame_flags(c->src, NULL, 0);
	if (r < 0)
		return av_err(err, "filtering failed", r);
	if ((r = drain(c, nout, err)) < 0)
		return r;
	/* exactly as long as what went in */
	if (c->out + (int64_t)*nout > c->pts - c->latency)
		*nout = c->pts - c->latency > c->out
			    ? (size_t)(c->pts - c->latency - c->out)
			    : 0;
	c->out += (int64_t)*nout;
	*out = c->buf;
	return 0;
}

void pk_cleanup_free(struct pk_cleanup *c)
{
	if (!c)
		return;
	avfilter_graph_free(&c->graph);
	av_frame_free(&c->in);
	av_frame_free(&c->got);
	free(c->buf);
	free(c);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int pk_cleanup_noise_floor(const char *path, const struct pk_decoder_opts *o,
			   double *db, struct pk_error *err)
{
	struct pk_decoder *d = NULL;
	double *win = NULL, sum = 0;
	size_t nwin = 0, cap, fill = 0, per;
	int ch, r;

	*db = -HUGE_VAL;
	if ((r = pk_decoder_open(&d, path, o, err)) < 0)
		return r;
	ch = pk_decoder_channels(d);
	per = (size_t)(FLOOR_WINDOW_S * pk_decoder_rate(d));
	cap = (size_t)(FLOOR_SCAN_S / FLOOR_WINDOW_S) + 1;
	if (!(win = malloc(cap * sizeof(*win)))) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	while (nwin < cap) {
		const float *f;
		size_t n, i;
		int c;

		r = pk_decoder_read(d, &f, &n, err);
		if (r < 0)
			goto out;
		if (r == 0)
			break;
		for (i = 0; i < n && nwin < cap; i++) {
			for (c = 0; c < ch; c++)
				sum += (double)f[i * ch + c] * f[i * ch + c];
			if (++fill == per) {
				win[nwin++] = sum / ((double)per * ch);
				sum = 0;
				fill = 0;
			}
		}
	}
	r = 0;
	if (nwin > 0) {
		double ms;

		qsort(win, nwin, sizeof(*win), cmp_double);
		ms = win[(size_t)(FLOOR_PERCENTILE * (double)(nwin - 1))];
		*db = ms > 0 ? 10 * log10(ms) : -HUGE_VAL;
	}
out:
	free(win);
	pk_decoder_free(d);
	return r;
}
