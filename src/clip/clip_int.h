/* clip_int.h: the parts of the clip renderer (clip.h): where things go in
 * the frame, the subtitles libass draws, the still background and the
 * filter-graph helpers. src/clip/ only (and unit tests).
 *
 * Files: clip_layout.c places the cover, titles, waveform and captions
 * for a frame size; clip_ass.c writes the ASS scripts (titles, captions
 * cut at the clip's edges); clip_graph.c adds filters to a libavfilter
 * graph with their options set one by one (no filtergraph string, so no
 * escaping of user text or paths); clip_background.c draws the still
 * part of every frame once; clip_render.c runs the audio and video graph
 * and clip_output.c the encoders, the muxer and the poster (the two share
 * clip_run_int.h).
 */
#ifndef PODKIT_CLIP_INT_H
#define PODKIT_CLIP_INT_H

#include <stddef.h>

#include <libavfilter/avfilter.h>
#include <libavutil/frame.h>

#include "podkit/clip.h"
#include "podkit/error.h"

/* Debian's fonts-dejavu-core. */
#define PK_CLIP_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#define PK_CLIP_FONT "DejaVu Sans"

/* Where everything goes in a width x height frame, in pixels. */
struct pk_clip_layout {
	int w, h;
	int cover_x, cover_y, cover_size; /* the cover, square */
	/* The titles: libass places them by margins, top-aligned. */
	int title_left, title_right, title_top;
	int show_font, episode_font;
	/* The waveform band: a strip of the frame the audio draws in. */
	int wave_y, wave_h, wave_max_w;
	/* The captions: bottom-aligned, wrapped between the margins. */
	int caption_margin_lr, caption_margin_bottom, caption_font;
};

void pk_clip_layout_compute(int w, int h, struct pk_clip_layout *l);

/* The ASS script of the titles, drawn once over the background: a
 * malloc'd string, or NULL when out of memory. Either title may be
 * NULL. */
char *pk_clip_ass_titles(const struct pk_clip_layout *l, const char *show_title,
			 const char *episode_title);

/* The ASS script of the captions: every cue of t that overlaps [from,
 * to), cut to it and timed from `from`, with its speaker's name on a line
 * of its own. *ncues gets how many. A malloc'd string, or NULL when out
 * of memory. */
char *pk_clip_ass_captions(const struct pk_clip_layout *l,
			   const struct pk_transcript *t, double from,
			   double to, size_t *ncues);

/* Adds a filter named `filter` to g as *out, initialised with args
 * ("key=value:..."; numbers and fixed words only, may be NULL) after the
 * string option skey set to sval verbatim (skey NULL: none). Returns 0 or
 * PK_EINTERNAL with err naming the filter. */
int pk_clip_filter(AVFilterGraph *g, AVFilterContext **out, const char *filter,
		   const char *name, const char *args, const char *skey,
		   const char *sval, struct pk_error *err);

/* Links a's output pad ap to b's input pad bp. Returns 0 or
 * PK_EINTERNAL. */
int pk_clip_link(AVFilterContext *a, unsigned ap, AVFilterContext *b,
		 unsigned bp, struct pk_error *err);

/* Writes text to a new temporary file beside `near` (NAME.tmp.XXXXXX,
 * which stale-temporary sweeps remove) and returns its malloc'd path in
 * *path; the caller removes and frees it. */
int pk_clip_temp_text(const char *near, const char *text, char **path,
		      struct pk_error *err);

/* The still part of every frame: the cover's blurred, darkened backdrop,
 * the cover and the titles, as a yuv420p frame of l's size (the caller
 * frees it). cover NULL: a plain backdrop. tmp_near: where the titles'
 * script may be written for a moment. */
int pk_clip_background(const struct pk_clip_layout *l, const char *cover,
		       const char *show_title, const char *episode_title,
		       const char *tmp_near, AVFrame **out,
		       struct pk_error *err);

#endif
