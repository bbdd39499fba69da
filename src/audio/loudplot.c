/* loudplot.c: the before/after loudness plot as hand-written SVG. */
#include "audio/loudplot_int.h"

#include <math.h>
#include <stdio.h>

#include "base/buf_int.h"
#include "podkit/fsio.h"
#include "audio/speakers_int.h"
#include "base/timemap_int.h"
#include "podkit/transcript.h"

#define W 960
#define H 400
#define LEFT 60
#define RIGHT 20
#define TOP 40
#define BOTTOM 50
#define YMIN -60.0
#define YMAX 0.0
#define MAXPOINTS 1600

static double ypos(double db)
{
	if (!isfinite(db) || db < YMIN)
		db = YMIN;
	if (db > YMAX)
		db = YMAX;
	return TOP + (YMAX - db) / (YMAX - YMIN) * (H - TOP - BOTTOM);
}

static double xpos(double sec, double total)
{
	return LEFT + (total > 0 ? sec / total : 0) * (W - LEFT - RIGHT);
}

/* One curve as a polyline; long curves are cut into MAXPOINTS buckets,
 * each showing its loudest value, so short bursts stay visible. */
static void curve(struct pk_buf *b, const struct pk_curve *c, double total,
		  const char *colour, const char *name)
{
	size_t per, i, k;

	if (!c || c->n == 0)
		return;
	per = (c->n + MAXPOINTS - 1) / MAXPOINTS;
	pk_buf_printf(b, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" "
			 "stroke-width=\"1.2\" points=\"", name, colour);
	for (i = 0; i < c->n; i += per) {
		double m = -HUGE_VAL;

		for (k = i; k < i + per && k < c->n; k++)
			if (c->v[k] > m)
				m = c->v[k];
		pk_buf_printf(b, "%.1f,%.1f ",
			      xpos((i + 1) * c->step, total), ypos(m));
	}
	pk_buf_puts(b, "\"/>\n");
}

/* s as SVG text: the markup characters as entities. */
static void puts_xml(struct pk_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': pk_buf_puts(b, "&amp;"); break;
		case '<': pk_buf_puts(b, "&lt;"); break;
		case '>': pk_buf_puts(b, "&gt;"); break;
		case '"': pk_buf_puts(b, "&quot;"); break;
		default: pk_buf_putc(b, *s);
		}
	}
}

/* One turn, [a, e) seconds, as a rectangle of the strip at y. */
static void turn_rect(struct pk_buf *b, const char *cls, double a, double e,
		      double total, double y, const char *fill)
{
	double x0, x1;

	if (a >= total)
		return;
	x0 = xpos(a, total);
	x1 = xpos(e < total ? e : total, total);
	pk_buf_printf(b, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" "
			 "width=\"%.1f\" height=\"8\" fill=\"%s\"/>\n",
		      cls, x0, y, x1 - x0 > 0.5 ? x1 - x0 : 0.5, fill);
}

/* The speaker turns: a strip along the bottom of the plot, one colour per
 * speaker, and a legend with their names. When map moves time (an intro,
 * cut pauses), a second strip above it marks where each turn is
 * published, under the levelled curve. */
static void turns_strip(struct pk_buf *b, const struct pk_transcript *t,
			const struct pk_timemap *map, double total)
{
	static const char *const colour[] = {"#e69f00", "#56b4e9",
					     "#009e73", "#cc79a7",
					     "#d55e00", "#0072b2"};
	const size_t ncol = sizeof(colour) / sizeof(colour[0]);
	struct pk_speaker_report r;
	double y = H - BOTTOM - 10;
	size_t i;

	if (!t || total <= 0 || pk_speaker_report_init(&r, t) < 0)
		return;
	for (i = 0; i < t->n; i++) {
		int s = pk_speaker_index(&r, t, i);
		double a = t->v[i].start, e = t->v[i].end;

		if (s < 0)
			continue;
		turn_rect(b, "turn", a, e, total, y, colour[(size_t)s % ncol]);
		if (map && !pk_timemap_is_identity(map))
			turn_rect(b, "turn-published",
				  pk_timemap_apply(map, a),
				  pk_timemap_apply(map, e), total, y - 10,
				  colour[(size_t)s % ncol]);
	}
	for (i = 0; i < r.n; i++) {
		pk_buf_printf(b, "<rect x=\"%d\" y=\"%zu\" width=\"10\" "
				 "height=\"10\" fill=\"%s\"/>\n<text x=\"%d\" "
				 "y=\"%zu\">",
			      W - RIGHT - 200, 8 + 14 * i, colour[i % ncol],
			      W - RIGHT - 186, 17 + 14 * i);
		puts_xml(b, r.v[i].name);
		pk_buf_puts(b, "</text>\n");
	}
	pk_speaker_report_release(&r);
}

static void hline(struct pk_buf *b, double db, const char *colour,
		  const char *label)
{
	double y = ypos(db);

	pk_buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
			 "stroke=\"%s\" stroke-dasharray=\"6 4\"/>\n"
			 "<text x=\"%d\" y=\"%.1f\" fill=\"%s\" "
			 "text-anchor=\"end\">%s</text>\n",
		      LEFT, y, W - RIGHT, y, colour, W - RIGHT - 4, y - 4,
		      colour, label);
}

int pk_loudplot_write(const char *path, const struct pk_curve *before,
		      const struct pk_curve *after, double target,
		      double ceiling, const struct pk_transcript *turns,
		      const struct pk_timemap *map, struct pk_error *err)
{
	struct pk_buf b;
	double total = 0, step, t;
	char label[64];
	int db, r;

	if (before && before->n)
		total = before->n * before->step;
	if (after && after->n && after->n * after->step > total)
		total = after->n * after->step;
	pk_buf_init(&b);
	pk_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			  "<svg xmlns=\"http://www.w3.org/2000/svg\" "
			  "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
			  "font-family=\"sans-serif\" font-size=\"12\">\n"
			  "<title>Short-term loudness before and after "
			  "normalisation</title>\n"
			  "<rect width=\"100%%\" height=\"100%%\" "
			  "fill=\"white\"/>\n",
		      W, H, W, H);
	/* grid: every 10 LU, and time ticks at a round step */
	for (db = (int)YMIN; db <= (int)YMAX; db += 10)
		pk_buf_printf(&b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
				  "y2=\"%.1f\" stroke=\"#ddd\"/>\n"
				  "<text x=\"%d\" y=\"%.1f\" "
				  "text-anchor=\"end\">%d</text>\n",
			      LEFT, ypos(db), W - RIGHT, ypos(db), LEFT - 6,
			      ypos(db) + 4, db);
	step = 1;
	while (total / step > 12)
		step = step == 1 ? 5 : step == 5 ? 10 : step == 10 ? 30
		       : step == 30 ? 60 : step == 60 ? 300 : step == 300
		       ? 600 : step * 2;
	for (t = 0; t <= total + 1e-9; t += step) {
		int s = (int)t;

		if (s >= 3600)
			snprintf(label, sizeof(label), "%d:%02d:%02d",
				 s / 3600, s / 60 % 60, s % 60);
		else
			snprintf(label, sizeof(label), "%d:%02d", s / 60,
				 s % 60);
		pk_buf_printf(&b, "<text x=\"%.1f\" y=\"%d\" "
				  "text-anchor=\"middle\">%s</text>\n",
			      xpos(t, total), H - BOTTOM + 16, label);
	}
	pk_buf_printf(&b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
			  "time</text>\n<text x=\"16\" y=\"%d\" "
			  "transform=\"rotate(-90 16 %d)\" "
			  "text-anchor=\"middle\">short-term loudness "
			  "(LUFS)</text>\n",
		      W / 2, H - 12, H / 2, H / 2);
	turns_strip(&b, turns, map, total);
	curve(&b, before, total, "#999999", "before");
	curve(&b, after, total, "#1f5fbf", "after");
	snprintf(label, sizeof(label), "target %.1f LUFS", target);
	hline(&b, target, "#2a8a2a", label);
	snprintf(label, sizeof(label), "true-peak ceiling %.1f dBTP", ceiling);
	hline(&b, ceiling, "#c0392b", label);
	pk_buf_printf(&b, "<text x=\"%d\" y=\"24\" font-size=\"14\">"
			  "Short-term loudness (3 s): "
			  "<tspan fill=\"#999999\">before</tspan>, "
			  "<tspan fill=\"#1f5fbf\">after</tspan></text>\n"
			  "</svg>\n", LEFT);
	if ((r = pk_buf_ok(&b)) < 0)
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
	else
		r = pk_write_atomic(path, b.data, b.len, 0644, err);
	pk_buf_release(&b);
	return r;
}
