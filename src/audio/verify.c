/* verify.c: decode and measure encoded packets on a second thread. */
#include "audio/verify_int.h"

#include <libavcodec/avcodec.h>
#include <libswresample/swresample.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "audio/limiter_int.h"
#include "base/handoff_int.h"

/* Packets in flight at most (a few seconds of audio), and how many wait
 * before the checker is woken. */
#define QUEUE 256
#define BATCH 32

struct pk_verifier {
	pthread_t thread;
	int started;
	struct pk_handoff *q; /* the encoder's packets, copied */
	int64_t frames; /* frames to measure after the priming (-1: all) */
	/* the checker's own, touched only by its thread until joined */
	AVCodecContext *dec;
	SwrContext *swr;
	AVFrame *frame;
	struct pk_meter *meter;
	struct pk_peakmeter *peak;
	float *buf;
	size_t buf_cap;
	int64_t skip, seen;
	int finishing;  /* set by finish before the queue closes */
	int code;       /* first failure */
	char msg[256];
};

static void fail(struct pk_verifier *v, int code, const char *msg)
{
	if (!v->code) {
		v->code = code;
		snprintf(v->msg, sizeof(v->msg), "%s", msg);
	}
}

/* Measures converted frames, leaving out priming and end padding. */
/* Measures converted frames that start at time start (in frames, 0 at
 * the first frame fed to the encoder), leaving out priming and padding. */
static void measure(struct pk_verifier *v, const float *f, int64_t n,
		    int64_t start)
{
	int64_t limit = v->frames;
	int ch = v->dec->ch_layout.nb_channels;
	int64_t lo = 0, hi = limit;

	if (start < lo) {
		int64_t d = lo - start < n ? lo - start : n;

		f += d * ch;
		n -= d;
		start += d;
	}
	if (limit >= 0 && start + n > hi)
		n = hi > start ? hi - start : 0;
	if (n <= 0)
		return;
	if (pk_meter_add(v->meter, f, (size_t)n, NULL) < 0 ||
	    pk_peakmeter_add(v->peak, f, (size_t)n) < 0)
		fail(v, PK_ENOMEM, "out of memory");
}

static void drain(struct pk_verifier *v)
{
	while (!v->code && avcodec_receive_frame(v->dec, v->frame) == 0) {
		int want = swr_get_out_samples(v->swr, v->frame->nb_samples);
		uint8_t *dst[1];
		int64_t pts;
		int got;

		if ((size_t)want > v->buf_cap) {
			float *b = realloc(v->buf, want * sizeof(float) *
				      v->dec->ch_layout.nb_channels);

			if (!b) {
				fail(v, PK_ENOMEM, "out of memory");
				break;
			}
			v->buf = b;
			v->buf_cap = want;
		}
		dst[0] = (uint8_t *)v->buf;
		got = swr_convert(v->swr, dst, (int)v->buf_cap,
				  (const uint8_t **)v->frame->extended_data,
				  v->frame->nb_samples);
		/* the packets' times say where priming ends, whatever the
		 * decoder already dropped */
		pts = v->frame->best_effort_timestamp;
		if (pts == AV_NOPTS_VALUE)
			pts = v->seen - v->skip;
		v->seen = pts + v->skip + got;
		av_frame_unref(v->frame);
		if (got < 0)
			fail(v, PK_EMEDIA, "cannot convert the encoded audio");
		else
			measure(v, v->buf, got, pts);
	}
}

static void *run(void *arg)
{
	struct pk_verifier *v = arg;
	AVPacket *p;

	while ((p = pk_handoff_take(v->q)) != NULL) {
		if (!v->code && avcodec_send_packet(v->dec, p) < 0)
			fail(v, PK_EMEDIA, "the encoded audio does not decode");
		av_packet_free(&p);
		drain(v);
	}
	/* the end (not a stop: finish has closed the queue) */
	if (v->finishing && !v->code) {
		avcodec_send_packet(v->dec, NULL);
		drain(v);
	}
	return NULL;
}

static void packet_drop(void *p)
{
	AVPacket *pkt = p;

	av_packet_free(&pkt);
}

int pk_verifier_start(struct pk_verifier **out,
		      const AVCodecParameters *par, int skip, int64_t frames,
		      int extra, struct pk_error *err)
{
	struct pk_verifier *v;
	const AVCodec *c = avcodec_find_decoder(par->codec_id);
	int r, ch, what = PK_MEASURE_RANGE |
			  (extra & (PK_MEASURE_CURVE | PK_MEASURE_BLOCKS));

	/* long files: histograms keep the meter's memory flat */
	if (frames > (int64_t)600 * par->sample_rate)
		what |= PK_MEASURE_LONG;

	*out = NULL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (!(v->q = pk_handoff_new(QUEUE, BATCH))) {
		free(v);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	v->skip = skip;
	v->frames = frames;
	if (!c || !(v->dec = avcodec_alloc_context3(c)) ||
	    avcodec_parameters_to_context(v->dec, par) < 0 ||
	    !(v->dec->pkt_timebase = (AVRational){1, par->sample_rate}).num ||
	    avcodec_open2(v->dec, c, NULL) < 0) {
		r = pk_error_set(err, PK_EMEDIA,
				 "cannot decode what the encoder makes");
		goto out;
	}
	ch = v->dec->ch_layout.nb_channels;
	v->frame = av_frame_alloc();
	r = swr_alloc_set_opts2(&v->swr, &v->dec->ch_layout,
				AV_SAMPLE_FMT_FLT, v->dec->sample_rate,
				&v->dec->ch_layout, v->dec->sample_fmt,
				v->dec->sample_rate, 0, NULL);
	if (r < 0 || !v->frame || swr_init(v->swr) < 0 ||
	    !(v->peak = pk_peakmeter_new(ch))) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pk_meter_new(&v->meter, ch, v->dec->sample_rate, NULL, what,
			      0, err)) < 0)
		goto out;
	if (pthread_create(&v->thread, NULL, run, v) != 0) {
		r = pk_error_set(err, PK_EINTERNAL, "cannot start a thread");
		goto out;
	}
	v->started = 1;
	*out = v;
	return 0;
out:
	pk_verifier_free(v);
	return r;
}

int pk_verifier_tap(void *arg, const AVPacket *pkt)
{
	struct pk_verifier *v = arg;
	/* a copy of the bytes, not another reference to the encoder's
	 * buffer: the two threads then share nothing but the queue */
	AVPacket *p = av_packet_alloc();

	if (!p || av_new_packet(p, pkt->size) < 0 ||
	    av_packet_copy_props(p, pkt) < 0) {
		av_packet_free(&p);
		return PK_ENOMEM;
	}
	memcpy(p->data, pkt->data, (size_t)pkt->size);
	if (pk_handoff_put(v->q, p) < 0) {
		av_packet_free(&p);
		return PK_EINTERNAL;
	}
	return 0;
}

int pk_verifier_finish(struct pk_verifier *v, struct pk_loudness *out,
		       struct pk_curve *curve, struct pk_error *err)
{
	static const float zeros[32 * 8];
	int ch = v->dec->ch_layout.nb_channels, r;

	v->finishing = 1;
	pk_handoff_close(v->q);
	pthread_join(v->thread, NULL);
	v->started = 0;
	if (v->code)
		return pk_error_set(err, v->code, "%s", v->msg);
	/* the last frames' inter-sample peaks need a little silence after */
	if (ch <= 8 && pk_peakmeter_add(v->peak, zeros, 32) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if ((r = pk_meter_result(v->meter, out, err)) < 0)
		return r;
	{
		double tp = pk_peakmeter_peak(v->peak);
		double db = tp > 0 ? 20 * log10(tp) : -HUGE_VAL;

		out->true_peak = db > out->sample_peak ? db : out->sample_peak;
	}
	if (curve)
		pk_meter_take_curve(v->meter, curve);
	return 0;
}

void pk_verifier_take_blocks(struct pk_verifier *v, struct pk_blocks *out)
{
	pk_meter_take_blocks(v->meter, out);
}

void pk_verifier_free(struct pk_verifier *v)
{
	if (!v)
		return;
	if (v->started) {
		pk_handoff_stop(v->q);
		pthread_join(v->thread, NULL);
	}
	pk_handoff_free(v->q, packet_drop);
	avcodec_free_context(&v->dec);
	swr_free(&v->swr);
	av_frame_free(&v->frame);
	pk_meter_free(v->meter);
	pk_peakmeter_free(v->peak);
	free(v->buf);
	free(v);
}
