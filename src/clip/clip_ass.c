/* clip_ass.c: the ASS scripts libass draws: the titles (once, on the
 * background) and the captions (cues cut at the clip's edges, timed from
 * its start, each with its speaker's name). */
#include "clip/clip_int.h"

#include <math.h>
#include <string.h>

#include "base/buf_int.h"
#include "podkit/transcript.h"

/* Colours as ASS writes them, &HAABBGGRR (alpha 00 is opaque). */
#define WHITE "&H00FFFFFF"
#define ACCENT "&H004EC1F2" /* warm amber, #F2C14E */
#define OUTLINE "&H00000000"
#define SHADOW "&H80000000"

/* The header with the frame size (libass scales nothing then) and one
 * style per kind of text: name, size, bold, alignment (numpad: 2 bottom
 * centre, 7 top left, 8 top centre) and margins. */
static void header(struct pk_buf *b, const struct pk_clip_layout *l)
{
	pk_buf_printf(b,
		      "[Script Info]\n"
		      "ScriptType: v4.00+\n"
		      "PlayResX: %d\n"
		      "PlayResY: %d\n"
		      "WrapStyle: 0\n"
		      "ScaledBorderAndShadow: yes\n"
		      "\n"
		      "[V4+ Styles]\n"
		      "Format: Name, Fontname, Fontsize, PrimaryColour, "
		      "SecondaryColour, OutlineColour, BackColour, Bold, "
		      "Italic, Underline, StrikeOut, ScaleX, ScaleY, "
		      "Spacing, Angle, BorderStyle, Outline, Shadow, "
		      "Alignment, MarginL, MarginR, MarginV, Encoding\n",
		      l->w, l->h);
}

static void style(struct pk_buf *b, const char *name, int size,
		  const char *colour, int bold, double outline, int align,
		  int ml, int mr, int mv)
{
	pk_buf_printf(b,
		      "Style: %s,%s,%d,%s,%s,%s,%s,%d,0,0,0,100,100,0,0,1,"
		      "%.1f,%.1f,%d,%d,%d,%d,1\n",
		      name, PK_CLIP_FONT, size, colour, colour, OUTLINE, SHADOW,
		      bold ? -1 : 0, outline, outline * 0.5, align, ml, mr, mv);
}

static void events_header(struct pk_buf *b)
{
	pk_buf_puts(b, "\n[Events]\n"
		       "Format: Layer, Start, End, Style, Name, MarginL, "
		       "MarginR, MarginV, Effect, Text\n");
}

/* ASS times are H:MM:SS.cc (hundredths). */
static void put_time(struct pk_buf *b, double t)
{
	long cs = t > 0 ? lround(t * 100) : 0;

	pk_buf_printf(b, "%ld:%02ld:%02ld.%02ld", cs / 360000, cs / 6000 % 60,
		      cs / 100 % 60, cs % 100);
}

/* Text as libass shows it literally: braces would open an override block
 * and a backslash before N, n or h would break or space the line, so
 * braces become parentheses and such a backslash gets a word joiner
 * after it; line breaks become spaces (libass wraps to the width). */
static void put_text(struct pk_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '{')
			pk_buf_putc(b, '(');
		else if (*s == '}')
			pk_buf_putc(b, ')');
		else if (*s == '\n' || *s == '\r')
			pk_buf_putc(b, ' ');
		else if (*s == '\\') {
			pk_buf_putc(b, '\\');
			if (s[1] == 'N' || s[1] == 'n' || s[1] == 'h')
				pk_buf_puts(b, "\xE2\x81\xA0");
		} else
			pk_buf_putc(b, *s);
	}
}

static void dialogue(struct pk_buf *b, double start, double end,
		     const char *style_name)
{
	pk_buf_puts(b, "Dialogue: 0,");
	put_time(b, start);
	pk_buf_putc(b, ',');
	put_time(b, end);
	pk_buf_printf(b, ",%s,,0,0,0,,", style_name);
}

char *pk_clip_ass_titles(const struct pk_clip_layout *l, const char *show_title,
			 const char *episode_title)
{
	struct pk_buf b;
	/* a portrait frame centres them under the cover; a landscape one
	 * sets them left beside it */
	int align = l->w > l->h ? 7 : 8;
	int ep_top = l->title_top + l->show_font * 3 / 2;

	pk_buf_init(&b);
	header(&b, l);
	style(&b, "Show", l->show_font, ACCENT, 1, l->show_font * 0.06, align,
	      l->title_left, l->title_right, l->title_top);
	style(&b, "Episode", l->episode_font, WHITE, 1, l->episode_font * 0.06,
	      align, l->title_left, l->title_right, ep_top);
	events_header(&b);
	/* The background is one frame at time 0; an hour covers it. */
	if (show_title && *show_title) {
		dialogue(&b, 0, 3600, "Show");
		put_text(&b, show_title);
		pk_buf_putc(&b, '\n');
	}
	if (episode_title && *episode_title) {
		dialogue(&b, 0, 3600, "Episode");
		put_text(&b, episode_title);
		pk_buf_putc(&b, '\n');
	}
	if (pk_buf_ok(&b) != 0) {
		pk_buf_release(&b);
		return NULL;
	}
	return pk_buf_detach(&b);
}

char *pk_clip_ass_captions(const struct pk_clip_layout *l,
			   const struct pk_transcript *t, double from,
			   double to, size_t *ncues)
{
	struct pk_buf b;
	size_t i;

	*ncues = 0;
	pk_buf_init(&b);
	header(&b, l);
	style(&b, "Caption", l->caption_font, WHITE, 1, l->caption_font * 0.1,
	      2, l->caption_margin_lr, l->caption_margin_lr,
	      l->caption_margin_bottom);
	events_header(&b);
	for (i = 0; t && i < t->n; i++) {
		const struct pk_cue *c = &t->v[i];
		/* cut at the clip's edges, never shifted */
		double s = c->start > from ? c->start : from;
		double e = c->end < to ? c->end : to;

		if (!(e > s) || !c->text)
			continue;
		dialogue(&b, s - from, e - from, "Caption");
		if (c->speaker && *c->speaker) {
			/* the name smaller, in the accent colour, on its
			 * own line; \r goes back to the style after it */
			pk_buf_printf(&b, "{\\c%s&\\fs%d}", ACCENT,
				      l->caption_font * 4 / 5);
			put_text(&b, c->speaker);
			pk_buf_puts(&b, "{\\r}\\N");
		}
		put_text(&b, c->text);
		pk_buf_putc(&b, '\n');
		(*ncues)++;
	}
	if (pk_buf_ok(&b) != 0) {
		pk_buf_release(&b);
		return NULL;
	}
	return pk_buf_detach(&b);
}
