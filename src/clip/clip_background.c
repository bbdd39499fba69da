/* clip_background.c: the still part of a clip's frames, drawn once: the
 * cover blown up to fill the frame, blurred and darkened behind the cover
 * itself, and the show's and episode's titles (libass). */
#include "clip/clip_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/pixdesc.h>

#include "media/image_int.h"

/* The backdrop when there is no cover: a dark plum. */
#define PLAIN_BACKDROP "0x1d1b26"
/* How far the blown-up cover is blurred (of the frame's short side) and
 * how much of its brightness and colour is kept, so white text reads over
 * it. */
#define BLUR_SIGMA 0.03
#define BACKDROP_LUT "y=val*0.42:u=128+(val-128)*0.5:v=128+(val-128)*0.5"

/* The backdrop and cover chain from a decoded cover into *last. */
static int cover_chain(AVFilterGraph *g, const struct pk_clip_layout *l,
		       const AVFrame *cover, AVFilterContext **src,
		       AVFilterContext **last, struct pk_error *err)
{
	AVFilterContext *split, *fill, *crop, *blur, *dark, *fmt, *small,
	    *over = NULL;
	char a[256];
	int u = l->w < l->h ? l->w : l->h, r;

	snprintf(a, sizeof(a),
		 "video_size=%dx%d:pix_fmt=%d:time_base=1/%d:"
		 "pixel_aspect=1/1",
		 cover->width, cover->height, cover->format, PK_CLIP_FPS);
	r = pk_clip_filter(g, src, "buffer", "cover", a, NULL, NULL, err);
	if (!r)
		r = pk_clip_filter(g, &split, "split", "split", "2", NULL, NULL,
				   err);
	snprintf(a, sizeof(a), "w=%d:h=%d:force_original_aspect_ratio=increase",
		 l->w, l->h);
	if (!r)
		r = pk_clip_filter(g, &fill, "scale", "fill", a, NULL, NULL,
				   err);
	snprintf(a, sizeof(a), "w=%d:h=%d", l->w, l->h);
	if (!r)
		r = pk_clip_filter(g, &crop, "crop", "crop", a, NULL, NULL,
				   err);
	if (!r)
		r = pk_clip_filter(g, &fmt, "format", "yuv", "yuv420p", NULL,
				   NULL, err);
	snprintf(a, sizeof(a), "sigma=%.1f", u * BLUR_SIGMA);
	if (!r)
		r = pk_clip_filter(g, &blur, "gblur", "blur", a, NULL, NULL,
				   err);
	if (!r)
		r = pk_clip_filter(g, &dark, "lutyuv", "dark", BACKDROP_LUT,
				   NULL, NULL, err);
	snprintf(a, sizeof(a), "w=%d:h=%d", l->cover_size, l->cover_size);
	if (!r)
		r = pk_clip_filter(g, &small, "scale", "small", a, NULL, NULL,
				   err);
	snprintf(a, sizeof(a), "x=%d:y=%d", l->cover_x, l->cover_y);
	if (!r)
		r = pk_clip_filter(g, &over, "overlay", "place", a, NULL, NULL,
				   err);
	if (!r)
		r = pk_clip_link(*src, 0, split, 0, err);
	if (!r)
		r = pk_clip_link(split, 0, fill, 0, err);
	if (!r)
		r = pk_clip_link(fill, 0, crop, 0, err);
	if (!r)
		r = pk_clip_link(crop, 0, fmt, 0, err);
	if (!r)
		r = pk_clip_link(fmt, 0, blur, 0, err);
	if (!r)
		r = pk_clip_link(blur, 0, dark, 0, err);
	if (!r)
		r = pk_clip_link(dark, 0, over, 0, err);
	if (!r)
		r = pk_clip_link(split, 1, small, 0, err);
	if (!r)
		r = pk_clip_link(small, 0, over, 1, err);
	*last = over;
	return r;
}

int pk_clip_background(const struct pk_clip_layout *l, const char *cover,
		       const char *show_title, const char *episode_title,
		       const char *tmp_near, AVFrame **out,
		       struct pk_error *err)
{
	AVFilterGraph *g = avfilter_graph_alloc();
	AVFilterContext *src = NULL, *last = NULL, *ass, *fmt, *sink;
	AVFrame *pic = NULL, *frame = av_frame_alloc();
	char *script = pk_clip_ass_titles(l, show_title, episode_title);
	char *script_path = NULL, a[128];
	int r;

	*out = NULL;
	if (!g || !frame || !script) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	r = pk_clip_temp_text(tmp_near, script, &script_path, err);
	if (r)
		goto out;
	if (cover) {
		r = pk_image_decode(cover, &pic, err);
		if (!r)
			r = cover_chain(g, l, pic, &src, &last, err);
	} else {
		snprintf(a, sizeof(a), "c=%s:s=%dx%d:r=%d", PLAIN_BACKDROP,
			 l->w, l->h, PK_CLIP_FPS);
		r = pk_clip_filter(g, &last, "color", "plain", a, NULL, NULL,
				   err);
	}
	if (!r)
		r = pk_clip_filter(g, &ass, "ass", "titles",
				   "fontsdir=" PK_CLIP_FONT_DIR, "filename",
				   script_path, err);
	if (!r)
		r = pk_clip_filter(g, &fmt, "format", "out", "yuv420p", NULL,
				   NULL, err);
	if (!r)
		r = pk_clip_filter(g, &sink, "buffersink", "sink", NULL, NULL,
				   NULL, err);
	if (!r)
		r = pk_clip_link(last, 0, ass, 0, err);
	if (!r)
		r = pk_clip_link(ass, 0, fmt, 0, err);
	if (!r)
		r = pk_clip_link(fmt, 0, sink, 0, err);
	if (!r && avfilter_graph_config(g, NULL) < 0)
		r = pk_error_set(err, PK_EINTERNAL,
				 "cannot set up the background's filters");
	if (r)
		goto out;
	if (src) {
		pic->pts = 0;
		if (av_buffersrc_add_frame(src, pic) < 0 ||
		    av_buffersrc_add_frame(src, NULL) < 0) {
			r = pk_error_set(err, PK_EINTERNAL,
					 "cannot draw the cover");
			goto out;
		}
	}
	if (av_buffersink_get_frame(sink, frame) < 0) {
		r = pk_error_set(err, PK_EINTERNAL,
				 "cannot draw the clip's background");
		goto out;
	}
	*out = frame;
	frame = NULL;
out:
	if (script_path)
		unlink(script_path);
	free(script_path);
	free(script);
	av_frame_free(&pic);
	av_frame_free(&frame);
	avfilter_graph_free(&g);
	return r;
}
