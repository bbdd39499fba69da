/* clip_layout.c: where the cover, titles, waveform and captions go in a
 * clip's frame. A portrait or square frame stacks them (cover on top,
 * captions at the bottom, where phone apps leave room); a landscape frame
 * puts the titles beside the cover. */
#include "clip/clip_int.h"

static int px(double v)
{
	return (int)(v + 0.5);
}

/* Fractions of the frame, chosen by eye on 1080x1920, 1080x1080 and
 * 1920x1080: text at about 5% of the short side stays readable on a
 * phone. */
#define PAD 0.06	   /* side margins, of the width */
#define CAPTION_FONT 0.05  /* of the short side */
#define CAPTION_LINES 3.3  /* room kept for the captions, in lines */
#define SHOW_FONT 0.036	   /* the show's title, of the short side */
#define EPISODE_FONT 0.048 /* the episode's title */
#define TITLE_LINES 2.6	   /* room for the episode's title, in lines */

static void portrait(struct pk_clip_layout *l)
{
	double s = l->w * 0.72, cap_top, titles_end, room;

	if (s > l->h * 0.40)
		s = l->h * 0.40;
	l->cover_size = px(s);
	l->cover_x = (l->w - l->cover_size) / 2;
	l->cover_y = px(l->h * 0.06);
	l->title_left = l->title_right = px(l->w * PAD);
	l->title_top = l->cover_y + l->cover_size + px(l->h * 0.025);
	titles_end = l->title_top + l->show_font * 1.5 +
		     l->episode_font * TITLE_LINES * 1.1;
	cap_top = l->h - l->caption_margin_bottom -
		  l->caption_font * CAPTION_LINES * 1.15;
	/* the waveform in the middle of what is left between them */
	room = cap_top - titles_end;
	l->wave_h = px(room * 0.8 < l->h * 0.1 ? room * 0.8 : l->h * 0.1);
	if (l->wave_h < 8)
		l->wave_h = 8;
	l->wave_y = px(titles_end + (room - l->wave_h) / 2);
}

static void landscape(struct pk_clip_layout *l)
{
	l->cover_size = px(l->h * 0.5);
	l->cover_x = px(l->w * 0.05);
	l->cover_y = px(l->h * 0.08);
	l->title_left = l->cover_x + l->cover_size + px(l->w * 0.04);
	l->title_right = px(l->w * 0.05);
	l->title_top = l->cover_y + px(l->cover_size * 0.2);
	l->wave_h = px(l->h * 0.12);
	l->wave_y = l->cover_y + l->cover_size + px(l->h * 0.04);
}

void pk_clip_layout_compute(int w, int h, struct pk_clip_layout *l)
{
	int u = w < h ? w : h;

	l->w = w;
	l->h = h;
	l->show_font = px(u * SHOW_FONT);
	l->episode_font = px(u * EPISODE_FONT);
	l->caption_font = px(u * CAPTION_FONT);
	l->caption_margin_lr = px(w * PAD);
	l->caption_margin_bottom = px(h * 0.05);
	l->wave_max_w = w - 2 * px(w * PAD);
	if (w > h)
		landscape(l);
	else
		portrait(l);
}
