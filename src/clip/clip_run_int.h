/* clip_run_int.h: one clip being rendered, as its two halves share it:
 * clip_render.c (pk_clip_render: the input, the filter graph and the
 * driving loop) and clip_output.c (the encoders, the muxer, the poster).
 * struct run is pk_clip_render's, on its stack; everything in it is
 * freed by its release() whatever failed. Errors travel as a negative
 * PK_E* code with the message in err.
 */
#ifndef PODKIT_CLIP_RUN_INT_H
#define PODKIT_CLIP_RUN_INT_H

#include <stddef.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "clip/clip_int.h"

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

/* Sets err to "file: what: ffmpeg's text for averr" with code; returns
 * code. */
int pk_clip_av_fail(struct pk_error *err, int code, const char *what,
		    const char *file, int averr);

/* ---- clip_output.c ---------------------------------------------------- */

/* Opens the encoders (libx264 at the layout's size, AAC at the input's
 * rate) and the MP4 in a temporary file beside out (c->tmp), and writes
 * its header. */
int pk_clip_open_output(struct run *c, const char *out, struct pk_error *err);

/* Sends frame (NULL: the end) to enc and writes what comes out as
 * stream st. */
int pk_clip_encode(struct run *c, AVCodecContext *enc, AVStream *st,
		   const AVFrame *frame, struct pk_error *err);

/* Whatever the graph has ready goes to the encoders (the middle video
 * frame kept as the poster when one is asked for). */
int pk_clip_drain(struct run *c, struct pk_error *err);

/* The MP4 closed, flushed to the disk and renamed over out. */
int pk_clip_finish(struct run *c, const char *out, struct pk_error *err);

/* The poster: the middle frame as a JPEG (full-range YUV, as JPEG
 * readers expect), written atomically to spec->poster. */
int pk_clip_write_poster(struct run *c, struct pk_error *err);

#endif
