/* report_html.c: the statistics as one self-contained HTML page with SVG
 * charts and a table (statsreport.h). No script, no outside file: the
 * page opens from a disk or a private share as it is. Each bar carries
 * its label and value (data-label, data-value) for tests and for
 * readers who copy them. */
#include "podkit/statsreport.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf_int.h"
#include "podkit/fsio.h"

/* Sums by key in first-seen order; a show has tens or hundreds of keys,
 * so a linear search is enough. */
struct sums {
	char **key;
	char **label;
	int64_t *n, *d7, *d30;
	size_t len, cap;
	int oom;
};

static size_t sums_at(struct sums *t, const char *key, const char *label)
{
	size_t i;

	for (i = 0; i < t->len; i++)
		if (strcmp(t->key[i], key) == 0)
			return i;
	if (t->len == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 16;
		char **k = realloc(t->key, nc * sizeof(*k));
		char **l = k ? realloc(t->label, nc * sizeof(*l)) : NULL;
		int64_t *n = l ? realloc(t->n, nc * sizeof(*n)) : NULL;
		int64_t *a = n ? realloc(t->d7, nc * sizeof(*a)) : NULL;
		int64_t *b = a ? realloc(t->d30, nc * sizeof(*b)) : NULL;

		if (k)
			t->key = k;
		if (l)
			t->label = l;
		if (n)
			t->n = n;
		if (a)
			t->d7 = a;
		if (!b) {
			t->oom = 1;
			return (size_t)-1;
		}
		t->d30 = b;
		t->cap = nc;
	}
	t->key[t->len] = strdup(key);
	t->label[t->len] = strdup(label ? label : key);
	if (!t->key[t->len] || !t->label[t->len]) {
		free(t->key[t->len]);
		free(t->label[t->len]);
		t->oom = 1;
		return (size_t)-1;
	}
	t->n[t->len] = t->d7[t->len] = t->d30[t->len] = 0;
	return t->len++;
}

static void sums_free(struct sums *t)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		free(t->key[i]);
		free(t->label[i]);
	}
	free(t->key);
	free(t->label);
	free(t->n);
	free(t->d7);
	free(t->d30);
}

/* Highest count first, then by label; insertion sort over tens. */
static void sums_sort(struct sums *t)
{
	size_t i, j;

	for (i = 1; i < t->len; i++)
		for (j = i;
		     j > 0 && (t->n[j] > t->n[j - 1] ||
			       (t->n[j] == t->n[j - 1] &&
				strcmp(t->label[j], t->label[j - 1]) < 0));
		     j--) {
#define SWAP(T, a)                                                             \
	do {                                                                   \
		T tmp = a[j];                                                  \
		a[j] = a[j - 1];                                               \
		a[j - 1] = tmp;                                                \
	} while (0)
			SWAP(char *, t->key);
			SWAP(char *, t->label);
			SWAP(int64_t, t->n);
			SWAP(int64_t, t->d7);
			SWAP(int64_t, t->d30);
#undef SWAP
		}
}

struct data {
	struct sums days, eps, apps, plats;
	int64_t total;
};

static int on_row(const struct pk_stats_row *r, void *arg)
{
	struct data *d = arg;
	size_t i;

	d->total += r->downloads;
	if ((i = sums_at(&d->days, r->day, NULL)) != (size_t)-1)
		d->days.n[i] += r->downloads;
	if ((i = sums_at(&d->eps, r->episode, r->title)) != (size_t)-1) {
		d->eps.n[i] += r->downloads;
		if (r->first_day < 7)
			d->eps.d7[i] += r->downloads;
		if (r->first_day < 30)
			d->eps.d30[i] += r->downloads;
	}
	if ((i = sums_at(&d->apps, r->app, NULL)) != (size_t)-1)
		d->apps.n[i] += r->downloads;
	if ((i = sums_at(&d->plats, r->platform, NULL)) != (size_t)-1)
		d->plats.n[i] += r->downloads;
	return d->days.oom || d->eps.oom || d->apps.oom || d->plats.oom;
}

static void esc(struct pk_buf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<':
			pk_buf_puts(b, "&lt;");
			break;
		case '>':
			pk_buf_puts(b, "&gt;");
			break;
		case '&':
			pk_buf_puts(b, "&amp;");
			break;
		case '"':
			pk_buf_puts(b, "&quot;");
			break;
		default:
			pk_buf_putc(b, *s);
		}
}

/* Chart geometry, in SVG user units (the page scales them). */
#define CHART_W 720
#define BAR_H 22
#define LABEL_W 230
#define DAY_CHART_H 220

static int64_t max_of(const int64_t *v, size_t n)
{
	int64_t m = 1;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

/* Horizontal bars: one per key, labelled, with its value at the end. */
static void hbars(struct pk_buf *b, const char *id, const char *title,
		  const struct sums *t)
{
	int64_t max = max_of(t->n, t->len);
	int h = (int)t->len * BAR_H + 10;
	size_t i;

	pk_buf_printf(b,
		      "<section><h2>%s</h2>\n<svg id=\"%s\" "
		      "class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
		      "aria-label=\"%s\">\n",
		      title, id, CHART_W, h, title);
	for (i = 0; i < t->len; i++) {
		int y = (int)i * BAR_H + 5;
		double w = (double)(CHART_W - LABEL_W - 60) * (double)t->n[i] /
			   (double)max;

		pk_buf_puts(b, "<g class=\"bar\" data-label=\"");
		esc(b, t->label[i]);
		pk_buf_printf(b, "\" data-value=\"%lld\"><title>",
			      (long long)t->n[i]);
		esc(b, t->label[i]);
		pk_buf_printf(b, ": %lld</title>", (long long)t->n[i]);
		pk_buf_printf(b, "<text x=\"%d\" y=\"%d\" class=\"l\">",
			      LABEL_W - 6, y + 15);
		esc(b, t->label[i]);
		pk_buf_printf(b,
			      "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
			      "height=\"%d\"/><text x=\"%.1f\" y=\"%d\">"
			      "%lld</text></g>\n",
			      LABEL_W, y, w, BAR_H - 6, LABEL_W + w + 4, y + 15,
			      (long long)t->n[i]);
	}
	pk_buf_puts(b, "</svg></section>\n");
}

/* Downloads per day: a column per day from the first to the last, days
 * without downloads as zero. */
static void day_chart(struct pk_buf *b, const struct sums *days)
{
	time_t first, last, t;
	struct tm tm;
	int64_t max = max_of(days->n, days->len);
	size_t n, i, k;
	double w;

	if (!days->len)
		return;
	memset(&tm, 0, sizeof(tm));
	strptime(days->key[0], "%Y-%m-%d", &tm);
	first = timegm(&tm);
	memset(&tm, 0, sizeof(tm));
	strptime(days->key[days->len - 1], "%Y-%m-%d", &tm);
	last = timegm(&tm);
	n = (size_t)((last - first) / 86400) + 1;
	w = (double)(CHART_W - 50) / (double)n;
	pk_buf_printf(b,
		      "<section><h2>Downloads per day</h2>\n<svg id=\"days\" "
		      "class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
		      "aria-label=\"Downloads per day\">\n"
		      "<text x=\"0\" y=\"12\">%lld</text>"
		      "<line x1=\"45\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		      "class=\"axis\"/>\n",
		      CHART_W, DAY_CHART_H + 30, (long long)max, DAY_CHART_H,
		      CHART_W, DAY_CHART_H);
	for (i = 0, t = first; i < n; i++, t += 86400) {
		char day[11];
		int64_t v = 0;
		double h;

		gmtime_r(&t, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		for (k = 0; k < days->len; k++)
			if (strcmp(days->key[k], day) == 0)
				v = days->n[k];
		h = (double)(DAY_CHART_H - 20) * (double)v / (double)max;
		pk_buf_printf(b,
			      "<g class=\"bar\" data-label=\"%s\" "
			      "data-value=\"%lld\"><title>%s: %lld</title>"
			      "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			      "height=\"%.1f\"/></g>\n",
			      day, (long long)v, day, (long long)v,
			      50 + w * (double)i, DAY_CHART_H - h,
			      w > 2 ? w - 1 : w, h);
		if (i == 0 || i == n - 1)
			pk_buf_printf(b,
				      "<text x=\"%.1f\" y=\"%d\" "
				      "class=\"%s\">%s</text>\n",
				      i ? (double)CHART_W : 50.0,
				      DAY_CHART_H + 18, i ? "l" : "", day);
	}
	pk_buf_puts(b, "</svg></section>\n");
}

/* Each episode's first 7 and first 30 days, side by side. */
static void window_chart(struct pk_buf *b, const struct sums *eps)
{
	int64_t max = max_of(eps->d30, eps->len);
	int h = (int)eps->len * (2 * BAR_H) + 30;
	size_t i;

	pk_buf_printf(b,
		      "<section><h2>First 7 and first 30 days</h2>\n"
		      "<p class=\"note\">Counted from each episode's first "
		      "download.</p>\n<svg id=\"windows\" class=\"chart\" "
		      "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"First "
		      "7 and 30 days per episode\">\n"
		      "<rect x=\"%d\" y=\"2\" width=\"12\" height=\"10\" "
		      "class=\"d7\"/><text x=\"%d\" y=\"12\">7 days</text>"
		      "<rect x=\"%d\" y=\"2\" width=\"12\" height=\"10\" "
		      "class=\"d30\"/><text x=\"%d\" y=\"12\">30 days</text>\n",
		      CHART_W, h, LABEL_W, LABEL_W + 16, LABEL_W + 80,
		      LABEL_W + 96);
	for (i = 0; i < eps->len; i++) {
		int y = (int)i * 2 * BAR_H + 22;
		double w7 = (double)(CHART_W - LABEL_W - 60) *
			    (double)eps->d7[i] / (double)max;
		double w30 = (double)(CHART_W - LABEL_W - 60) *
			     (double)eps->d30[i] / (double)max;

		pk_buf_printf(b, "<text x=\"%d\" y=\"%d\" class=\"l\">",
			      LABEL_W - 6, y + 20);
		esc(b, eps->label[i]);
		pk_buf_puts(b, "</text>\n<g class=\"bar d7\" data-label=\"");
		esc(b, eps->label[i]);
		pk_buf_printf(b,
			      "\" data-value=\"%lld\"><title>7 days: %lld"
			      "</title><rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
			      "height=\"%d\"/><text x=\"%.1f\" y=\"%d\">%lld"
			      "</text></g>\n",
			      (long long)eps->d7[i], (long long)eps->d7[i],
			      LABEL_W, y, w7, BAR_H - 6, LABEL_W + w7 + 4,
			      y + 14, (long long)eps->d7[i]);
		pk_buf_puts(b, "<g class=\"bar d30\" data-label=\"");
		esc(b, eps->label[i]);
		pk_buf_printf(b,
			      "\" data-value=\"%lld\"><title>30 days: %lld"
			      "</title><rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
			      "height=\"%d\"/><text x=\"%.1f\" y=\"%d\">%lld"
			      "</text></g>\n",
			      (long long)eps->d30[i], (long long)eps->d30[i],
			      LABEL_W, y + BAR_H - 4, w30, BAR_H - 6,
			      LABEL_W + w30 + 4, y + BAR_H + 10,
			      (long long)eps->d30[i]);
	}
	pk_buf_puts(b, "</svg></section>\n");
}

static void table(struct pk_buf *b, const struct sums *eps)
{
	size_t i;

	pk_buf_puts(b, "<section><h2>Episodes</h2>\n<table id=\"episodes\">"
		       "<thead><tr><th>Episode</th><th>Downloads</th>"
		       "<th>First 7 days</th><th>First 30 days</th></tr>"
		       "</thead><tbody>\n");
	for (i = 0; i < eps->len; i++) {
		pk_buf_puts(b, "<tr><td>");
		esc(b, eps->label[i]);
		pk_buf_printf(b,
			      "</td><td>%lld</td><td>%lld</td><td>%lld</td>"
			      "</tr>\n",
			      (long long)eps->n[i], (long long)eps->d7[i],
			      (long long)eps->d30[i]);
	}
	pk_buf_puts(b, "</tbody></table></section>\n");
}

static const char style[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;"
    "max-width:800px;padding:1em;color:#1d2330;background:#fff}"
    "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}"
    ".chart{width:100%;height:auto}.chart rect{fill:#3465a4}"
    ".chart .d30 rect,rect.d30{fill:#8ab0dc}.chart text{font-size:12px;"
    "fill:#1d2330}.chart text.l{text-anchor:end}.axis{stroke:#999}"
    ".note{color:#555;font-size:.9em}.total{font-size:1.3em}"
    "table{border-collapse:collapse;width:100%}td,th{padding:.3em .5em;"
    "border-bottom:1px solid #ddd;text-align:right}"
    "td:first-child,th:first-child{text-align:left}"
    "@media (prefers-color-scheme:dark){body{background:#15181f;"
    "color:#e6e9ef}.chart text{fill:#e6e9ef}td,th{border-color:#333}}";

int pk_stats_report_html(struct pk_stats *s, const char *since,
			 const char *path, struct pk_error *err)
{
	struct data d;
	struct pk_buf b;
	int r;

	memset(&d, 0, sizeof(d));
	r = pk_stats_each(s, since, on_row, &d, err);
	if (r > 0)
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
	if (r != 0)
		goto out;
	sums_sort(&d.eps);
	sums_sort(&d.apps);
	sums_sort(&d.plats);
	pk_buf_init(&b);
	pk_buf_printf(
	    &b,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	    "charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width,initial-scale=1\">"
	    "<meta name=\"robots\" content=\"noindex\">"
	    "<title>Downloads</title><style>%s</style></head><body>\n"
	    "<h1>Downloads%s%s</h1>\n<p class=\"total\">"
	    "<span id=\"total\">%lld</span> downloads</p>\n"
	    "<p class=\"note\">Counted by the IAB Podcast Measurement "
	    "Technical Guidelines v2.2: one per listener (address "
	    "and app) per episode per calendar day (UTC); bots, "
	    "probes and partial downloads under a minute of audio "
	    "are left out.</p>\n",
	    style, since ? " since " : "", since ? since : "",
	    (long long)d.total);
	day_chart(&b, &d.days);
	hbars(&b, "episodes-chart", "Downloads per episode", &d.eps);
	window_chart(&b, &d.eps);
	hbars(&b, "apps", "Apps", &d.apps);
	hbars(&b, "platforms", "Platforms", &d.plats);
	table(&b, &d.eps);
	pk_buf_puts(&b, "</body></html>\n");
	if (pk_buf_ok(&b) != 0)
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
	else
		r = pk_write_atomic(path, b.data, b.len, 0600, err);
	pk_buf_release(&b);
out:
	sums_free(&d.days);
	sums_free(&d.eps);
	sums_free(&d.apps);
	sums_free(&d.plats);
	return r;
}
