/* pages.c: the HTML of the show's page and of each episode's page. */
#include "pages/pages_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf_int.h"
#include "feed/feed_int.h"
#include "base/url_int.h"
#include "model/layout_int.h"

/* The style sheet: system fonts, one readable column, large targets,
 * light and dark schemes, visible focus. */
static const char style[] =
	":root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fdfdfc;"
	"--muted:#5b5b60;--accent:#0b57d0;--line:#d9d9de}\n"
	"@media (prefers-color-scheme:dark){:root{--fg:#ececf0;--bg:#141416;"
	"--muted:#a9a9b2;--accent:#8ab4f8;--line:#3a3a40}}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:1.05rem/1.6 system-ui,-apple-system,'Segoe UI',"
	"Roboto,sans-serif;color:var(--fg);background:var(--bg)}\n"
	"header.site,main,footer{max-width:46rem;margin:0 auto;"
	"padding:0 1rem}\n"
	"header.site{padding-top:1rem}\n"
	"a{color:var(--accent)}\n"
	"img{max-width:100%;height:auto;border-radius:.5rem}\n"
	".cover{width:12rem;float:right;margin:0 0 1rem 1rem}\n"
	"@media (max-width:36rem){.cover{float:none;width:100%;"
	"margin:0 0 1rem}}\n"
	"h1{line-height:1.2;margin:.5rem 0}\n"
	"h2{margin-top:2rem;border-bottom:1px solid var(--line)}\n"
	".meta{color:var(--muted)}\n"
	"audio{width:100%;margin:1rem 0}\n"
	"ol.chapters,ul.episodes,ul.people,ul.subscribe,ul.soundbites{"
	"padding-left:0;"
	"list-style:none}\n"
	"ol.chapters li,ul.people li,ul.soundbites li{padding:.25rem 0}\n"
	"ul.episodes li{padding:1rem 0;border-bottom:1px solid var(--line)}\n"
	"ul.episodes h3{margin:0}\n"
	"ul.subscribe li{display:inline-block;margin:0 .5rem .5rem 0}\n"
	"ul.subscribe a{display:inline-block;padding:.4rem .8rem;"
	"border:1px solid var(--line);border-radius:2rem}\n"
	"button.seek{font:inherit;font-variant-numeric:tabular-nums;"
	"color:var(--accent);background:none;border:1px solid var(--line);"
	"border-radius:.3rem;padding:.1rem .4rem;margin-right:.5rem;"
	"min-width:4.5rem;cursor:pointer}\n"
	"button.seek:hover{text-decoration:underline}\n"
	":focus-visible{outline:3px solid var(--accent);outline-offset:2px}\n"
	".transcript p{margin:.4rem 0}\n"
	"ul.clips{padding-left:0;list-style:none;display:flex;"
	"flex-wrap:wrap;gap:1rem}\n"
	"ul.clips a{display:flex;flex-direction:column;width:180px}\n"
	".speaker{font-weight:600}\n"
	".people img{width:2.5rem;height:2.5rem;object-fit:cover;"
	"vertical-align:middle;margin-right:.5rem;border-radius:50%}\n"
	"footer{margin-top:3rem;padding-bottom:2rem;color:var(--muted);"
	"font-size:.9rem}\n";

/* Times seek the player: a click (or Enter/Space, buttons being buttons)
 * on any [data-t] sets currentTime and plays; one with data-d too (a
 * soundbite) pauses again that many seconds later. */
static const char script[] =
	"(function(){var a=document.getElementById('player');"
	"if(!a)return;var end=-1;a.addEventListener('timeupdate',function(){"
	"if(end>=0&&a.currentTime>=end){a.pause();end=-1;}});"
	"document.addEventListener('click',function(e){"
	"var b=e.target.closest('[data-t]');if(!b)return;"
	"var t=parseFloat(b.getAttribute('data-t')),"
	"d=b.getAttribute('data-d');a.currentTime=t;"
	"end=d?t+parseFloat(d):-1;"
	"var p=a.play();if(p&&p.catch)p.catch(function(){});});})();";

static void esc(struct pk_buf *b, const char *s)
{
	const char *p;

	if (!s)
		return;
	for (p = s; *p; p++) {
		switch (*p) {
		case '&':
			pk_buf_puts(b, "&amp;");
			break;
		case '<':
			pk_buf_puts(b, "&lt;");
			break;
		case '>':
			pk_buf_puts(b, "&gt;");
			break;
		case '"':
			pk_buf_puts(b, "&quot;");
			break;
		case '\'':
			pk_buf_puts(b, "&#39;");
			break;
		default:
			/* Control characters other than tab and newline
			 * are not allowed in HTML text. */
			if ((unsigned char)*p < 0x20 && *p != '\t' &&
			    *p != '\n')
				pk_buf_putc(b, ' ');
			else
				pk_buf_putc(b, *p);
		}
	}
}

/* An attribute value from a URL: only http(s), mailto and relative URLs
 * make it into a link; anything else (javascript:...) becomes "#". */
static void esc_url(struct pk_buf *b, const char *url)
{
	const char *colon = url ? strchr(url, ':') : NULL;
	const char *slash = url ? strpbrk(url, "/?#") : NULL;

	if (!url || (colon && (!slash || colon < slash) &&
		     strncmp(url, "http:", 5) != 0 &&
		     strncmp(url, "https:", 6) != 0 &&
		     strncmp(url, "mailto:", 7) != 0)) {
		pk_buf_puts(b, "#");
		return;
	}
	esc(b, url);
}

/* "1:02:03" or "2:03" for a time in seconds (whole seconds, down). */
static void clock_time(double t, char *buf, size_t size)
{
	long s = t > 0 ? (long)floor(t) : 0;

	if (s >= 3600)
		snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600,
			 s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

/* "42 min" or "1 h 5 min". */
static void length_text(double t, char *buf, size_t size)
{
	long m = (long)floor(t / 60 + 0.5);

	if (m < 1)
		snprintf(buf, size, "%ld s", (long)floor(t + 0.5));
	else if (m < 60)
		snprintf(buf, size, "%ld min", m);
	else
		snprintf(buf, size, "%ld h %ld min", m / 60, m % 60);
}

static const char *const months[] = {
	"January", "February", "March",	    "April",   "May",	   "June",
	"July",	   "August",   "September", "October", "November", "December"};

/* <time datetime="2026-01-05">5 January 2026</time>, the date as written
 * (in the episode's own time zone). */
static void date_html(struct pk_buf *b, const struct pk_episode *ep)
{
	time_t t = (time_t)(ep->date + (int64_t)ep->tz_minutes * 60);
	struct tm tm;

	if (!ep->date || !gmtime_r(&t, &tm))
		return;
	pk_buf_printf(b, "<time datetime=\"%04d-%02d-%02d\">%d %s %04d</time>",
		      tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		      tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
}

/* Where the build publishes a local image (feed.h: images/NAME for the
 * show, images/SLUG-NAME for an episode); a URL stays as it is. prefix
 * is "" from feed/ or "../" from feed/episodes/. */
static void image_href(struct pk_buf *b, const struct pk_episode *ep,
		       const char *image, const char *prefix)
{
	char rel[4096];

	if (pk_url_is_http(image)) {
		esc_url(b, image);
		return;
	}
	if (!pk_layout_image_path(ep, image, rel, sizeof(rel)))
		return;
	esc(b, prefix);
	esc(b, rel);
}

const char *pk_page_audio_href(const struct pk_episode *ep, char *buf,
			       size_t size)
{
	if (ep->media.path && *ep->media.path &&
	    !pk_url_is_http(ep->media.path))
		snprintf(buf, size, "../%s", ep->media.path);
	else if (ep->media.url)
		snprintf(buf, size, "%s", ep->media.url);
	else if (ep->audio_is_url && ep->audio)
		snprintf(buf, size, "%s", ep->audio);
	else
		return NULL;
	return buf;
}

static void head(struct pk_buf *b, const struct pk_show *show,
		 const char *title, const char *description,
		 const char *prefix)
{
	pk_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"");
	esc(b, show->language && *show->language ? show->language : "en");
	pk_buf_puts(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width,"
		       " initial-scale=1\">\n<title>");
	esc(b, title);
	pk_buf_puts(b, "</title>\n");
	if (description && *description) {
		pk_buf_puts(b, "<meta name=\"description\" content=\"");
		esc(b, description);
		pk_buf_puts(b, "\">\n");
	}
	pk_buf_puts(b, "<link rel=\"alternate\" type=\"application/rss+xml\""
		       " title=\"");
	esc(b, show->title);
	pk_buf_puts(b, "\" href=\"");
	esc(b, prefix);
	pk_buf_puts(b, "feed.xml\">\n<style>\n");
	pk_buf_puts(b, style);
	pk_buf_puts(b, "</style>\n</head>\n<body>\n");
}

static void foot(struct pk_buf *b, const struct pk_show *show,
		 const char *prefix, int with_script)
{
	pk_buf_puts(b, "<footer>\n<p>");
	if (show->copyright && *show->copyright) {
		esc(b, show->copyright);
		pk_buf_puts(b, " · ");
	}
	if (show->license && *show->license) {
		pk_buf_puts(b, "Licence: ");
		esc(b, show->license);
		pk_buf_puts(b, " · ");
	}
	pk_buf_puts(b, "<a href=\"");
	esc(b, prefix);
	pk_buf_puts(b, "feed.xml\">RSS feed</a></p>\n</footer>\n");
	if (with_script) {
		pk_buf_puts(b, "<script>");
		pk_buf_puts(b, script);
		pk_buf_puts(b, "</script>\n");
	}
	pk_buf_puts(b, "</body>\n</html>\n");
}

/* Plain text with blank lines between paragraphs, as <p>s. */
static void paragraphs(struct pk_buf *b, const char *text)
{
	const char *p = text;

	while (p && *p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *para = strndup(p, n);

		size_t len = para ? strlen(para) : 0;

		while (len && strchr(" \t\r\n", para[len - 1]))
			para[--len] = '\0';
		if (para && para[strspn(para, " \t\r\n")]) {
			pk_buf_puts(b, "<p>");
			esc(b, para);
			pk_buf_puts(b, "</p>\n");
		}
		free(para);
		p += n;
		while (*p == '\n')
			p++;
	}
}

static void person(struct pk_buf *b, const struct pk_person *p,
		   const char *role)
{
	pk_buf_puts(b, "<li>");
	if (p->img && pk_url_is_http(p->img)) {
		pk_buf_puts(b, "<img src=\"");
		esc_url(b, p->img);
		pk_buf_puts(b, "\" alt=\"\" width=\"40\" height=\"40\">");
	}
	if (p->href) {
		pk_buf_puts(b, "<a href=\"");
		esc_url(b, p->href);
		pk_buf_puts(b, "\">");
		esc(b, p->name);
		pk_buf_puts(b, "</a>");
	} else {
		esc(b, p->name);
	}
	pk_buf_puts(b, " <span class=\"meta\">(");
	esc(b, p->role && *p->role ? p->role : role);
	pk_buf_puts(b, ")</span></li>\n");
}

/* The notes without the sections the page shows itself: notes.c appends
 * "<h2>Chapters</h2>" and "<h2>Hosts and guests</h2>", each followed by
 * one list, after the episode's own Markdown; the last such heading is
 * the generated one. */
static void notes_without(struct pk_buf *b, const char *html)
{
	static const char *const drop[] = {"<h2>Chapters</h2>\n<ul>",
					   "<h2>Hosts and guests</h2>\n<ul>"};
	const char *cut[2][2] = {{NULL, NULL}, {NULL, NULL}};
	const char *p = html;
	size_t i;

	for (i = 0; i < 2; i++) {
		const char *at = NULL, *q = html, *end;

		while ((q = strstr(q, drop[i]))) {
			at = q;
			q++;
		}
		if (!at)
			continue;
		end = strstr(at, "</ul>\n");
		if (!end)
			continue;
		cut[i][0] = at;
		cut[i][1] = end + 6;
	}
	/* Copy around the cuts, in document order. */
	if (cut[0][0] && cut[1][0] && cut[1][0] < cut[0][0]) {
		const char *t0 = cut[0][0], *t1 = cut[0][1];

		cut[0][0] = cut[1][0];
		cut[0][1] = cut[1][1];
		cut[1][0] = t0;
		cut[1][1] = t1;
	}
	for (i = 0; i < 2; i++) {
		if (!cut[i][0])
			continue;
		pk_buf_append(b, p, (size_t)(cut[i][0] - p));
		p = cut[i][1];
	}
	pk_buf_puts(b, p);
}

static void chapters(struct pk_buf *b, const struct pk_episode *ep)
{
	char ts[32];
	size_t i;

	if (!ep->nchapters)
		return;
	pk_buf_puts(b, "<section aria-labelledby=\"chapters\">\n"
		       "<h2 id=\"chapters\">Chapters</h2>\n"
		       "<ol class=\"chapters\">\n");
	for (i = 0; i < ep->nchapters; i++) {
		const struct pk_chapter *c = &ep->chapters[i];

		clock_time(c->start, ts, sizeof(ts));
		pk_buf_printf(b,
			      "<li><button type=\"button\" class=\"seek\" "
			      "data-t=\"%.3f\" aria-label=\"Play from %s: ",
			      c->start, ts);
		esc(b, c->title);
		pk_buf_printf(b, "\">%s</button> ", ts);
		if (c->url) {
			pk_buf_puts(b, "<a href=\"");
			esc_url(b, c->url);
			pk_buf_puts(b, "\">");
			esc(b, c->title);
			pk_buf_puts(b, "</a>");
		} else {
			esc(b, c->title);
		}
		pk_buf_puts(b, "</li>\n");
	}
	pk_buf_puts(b, "</ol>\n</section>\n");
}

/* The soundbites' clips (show.yaml `clips: true`), each its poster
 * linking the video to download. */
static void clips(struct pk_buf *b, const struct pk_show *show,
		  const struct pk_episode *ep)
{
	char rel[4096], len[32];
	int w = 1080, h = 1920; /* the build's default size */
	size_t i;

	if (!show->clips || !ep->nsoundbites || !ep->media.path ||
	    pk_url_is_http(ep->media.path))
		return;
	/* the build refused a bad clip_size: this one is sound */
	if (show->clip_size &&
	    (sscanf(show->clip_size, "%dx%d", &w, &h) != 2 || w <= 0 || h <= 0))
		w = 1080, h = 1920;
	pk_buf_puts(b, "<section aria-labelledby=\"clips\">\n"
		       "<h2 id=\"clips\">Clips</h2>\n"
		       "<ul class=\"clips\">\n");
	for (i = 0; i < ep->nsoundbites; i++) {
		const struct pk_soundbite *sb = &ep->soundbites[i];

		length_text(sb->duration, len, sizeof(len));
		pk_buf_puts(b, "<li><a href=\"../");
		esc(b, pk_layout_clip_path(ep, i + 1, "mp4", rel, sizeof(rel)));
		pk_buf_puts(b, "\" download><img src=\"../");
		esc(b, pk_layout_clip_path(ep, i + 1, "jpg", rel, sizeof(rel)));
		pk_buf_puts(b, "\" alt=\"Poster of the clip: ");
		esc(b, sb->title);
		pk_buf_printf(b, "\" width=\"180\" height=\"%d\"><span>",
			      180 * h / w);
		esc(b, sb->title);
		pk_buf_printf(b,
			      "</span> <span class=\"meta\">(video, %s)"
			      "</span></a></li>\n",
			      len);
	}
	pk_buf_puts(b, "</ul>\n</section>\n");
}

/* The enclosure's other formats (show.yaml audio.formats), each a
 * download link: " · also as Opus (0.4 MB), AAC (0.5 MB)". */
static void other_formats(struct pk_buf *b, const struct pk_episode *ep)
{
	size_t i;

	for (i = 0; i < ep->media.nalts; i++) {
		const struct pk_media_alt *a = &ep->media.alts[i];
		const char *name = !a->codecs		     ? "another format"
				   : !strcmp(a->codecs, "opus") ? "Opus"
				   : !strncmp(a->codecs, "mp4a", 4) ? "AAC"
								    : "MP3";

		pk_buf_puts(b, i ? ", " : " · also as ");
		pk_buf_puts(b, "<a href=\"");
		if (a->path && !pk_url_is_http(a->path)) {
			pk_buf_puts(b, "../");
			esc_url(b, a->path);
		} else {
			esc_url(b, a->url);
		}
		pk_buf_printf(b, "\" type=\"");
		esc(b, a->mime);
		pk_buf_printf(b, "\" download>%s</a> (%.1f MB)", name,
			      (double)a->length / 1e6);
	}
}

/* Each soundbite a button that plays it, start to end. */
static void soundbites(struct pk_buf *b, const struct pk_episode *ep)
{
	char ts[32];
	size_t i;

	if (!ep->nsoundbites)
		return;
	pk_buf_puts(b, "<section aria-labelledby=\"soundbites\">\n"
		       "<h2 id=\"soundbites\">Soundbites</h2>\n"
		       "<ul class=\"soundbites\">\n");
	for (i = 0; i < ep->nsoundbites; i++) {
		const struct pk_soundbite *sb = &ep->soundbites[i];

		clock_time(sb->start, ts, sizeof(ts));
		pk_buf_printf(b,
			      "<li><button type=\"button\" class=\"seek\" "
			      "data-t=\"%.3f\" data-d=\"%.3f\" "
			      "aria-label=\"Play the soundbite ",
			      sb->start, sb->duration);
		esc(b, sb->title);
		pk_buf_printf(b, " (%.0f s from %s)\">&#9654; %.0f s</button> ",
			      sb->duration, ts, sb->duration);
		esc(b, sb->title);
		pk_buf_puts(b, "</li>\n");
	}
	pk_buf_puts(b, "</ul>\n</section>\n");
}

static void transcript(struct pk_buf *b, const struct pk_episode_page *pg)
{
	char ts[32];
	size_t i;

	if (!pg->ncues)
		return;
	pk_buf_puts(b, "<section aria-labelledby=\"transcript\">\n"
		       "<h2 id=\"transcript\">Transcript</h2>\n");
	if (pg->transcript_href) {
		pk_buf_puts(b, "<p><a href=\"");
		esc_url(b, pg->transcript_href);
		pk_buf_puts(b, "\">Download the transcript</a></p>\n");
	}
	pk_buf_puts(b, "<div class=\"transcript\">\n");
	for (i = 0; i < pg->ncues; i++) {
		const struct pk_page_cue *c = &pg->cues[i];

		clock_time(c->start, ts, sizeof(ts));
		pk_buf_printf(b,
			      "<p><button type=\"button\" class=\"seek\" "
			      "data-t=\"%.3f\" aria-label=\"Play from %s\">"
			      "%s</button>",
			      c->start, ts, ts);
		if (c->speaker && *c->speaker) {
			pk_buf_puts(b, "<span class=\"speaker\">");
			esc(b, c->speaker);
			pk_buf_puts(b, ":</span> ");
		}
		esc(b, c->text);
		pk_buf_puts(b, "</p>\n");
	}
	pk_buf_puts(b, "</div>\n</section>\n");
}

char *pk_page_episode(const struct pk_show *show,
		      const struct pk_episode_page *pg)
{
	const struct pk_episode *ep = pg->ep;
	const struct pk_person *hosts;
	size_t nhosts = 0, i;
	struct pk_buf b, title;
	char href[4096], len[32];
	const char *audio;

	pk_buf_init(&b);
	pk_buf_init(&title);
	pk_buf_printf(&title, "%s · %s", ep->title ? ep->title : "",
		      show->title ? show->title : "");
	head(&b, show, pk_buf_str(&title), ep->summary, "../");
	pk_buf_release(&title);

	pk_buf_puts(&b, "<header class=\"site\"><a href=\"../index.html\">");
	esc(&b, show->title);
	pk_buf_puts(&b, "</a></header>\n<main>\n<article>\n<h1>");
	esc(&b, ep->title);
	pk_buf_puts(&b, "</h1>\n<p class=\"meta\">");
	if (ep->season)
		pk_buf_printf(&b, "Season %d · ", ep->season);
	if (ep->number)
		pk_buf_printf(&b, "Episode %d · ", ep->number);
	if (ep->type == PK_EPISODE_TRAILER)
		pk_buf_puts(&b, "Trailer · ");
	else if (ep->type == PK_EPISODE_BONUS)
		pk_buf_puts(&b, "Bonus · ");
	date_html(&b, ep);
	if (ep->media.duration > 0) {
		length_text(ep->media.duration, len, sizeof(len));
		pk_buf_printf(&b, " · %s", len);
	}
	pk_buf_puts(&b, "</p>\n");
	if (ep->image || show->image) {
		pk_buf_puts(&b, "<img class=\"cover\" src=\"");
		image_href(&b, ep->image ? ep : NULL,
			   ep->image ? ep->image : show->image, "../");
		pk_buf_puts(&b, "\" alt=\"Cover art: ");
		esc(&b, ep->image ? ep->title : show->title);
		pk_buf_puts(&b, "\" width=\"400\" height=\"400\">\n");
	}
	audio = pk_page_audio_href(ep, href, sizeof(href));
	if (audio) {
		pk_buf_puts(&b, "<audio id=\"player\" controls "
				"preload=\"metadata\" aria-label=\"Play the "
				"episode\" src=\"");
		esc_url(&b, audio);
		pk_buf_puts(&b, "\"></audio>\n<p><a href=\"");
		esc_url(&b, audio);
		pk_buf_puts(&b, "\" download>Download the episode</a>");
		if (ep->media.length > 0)
			pk_buf_printf(&b, " (%.1f MB)",
				      (double)ep->media.length / 1e6);
		other_formats(&b, ep);
		pk_buf_puts(&b, "</p>\n");
	}
	if (ep->summary && *ep->summary) {
		pk_buf_puts(&b, "<p class=\"summary\">");
		esc(&b, ep->summary);
		pk_buf_puts(&b, "</p>\n");
	}
	chapters(&b, ep);
	soundbites(&b, ep);
	clips(&b, show, ep);
	if (pg->notes_html && *pg->notes_html) {
		pk_buf_puts(&b, "<section aria-labelledby=\"notes\">\n"
				"<h2 id=\"notes\">Show notes</h2>\n"
				"<div class=\"notes\">\n");
		notes_without(&b, pg->notes_html);
		pk_buf_puts(&b, "</div>\n</section>\n");
	}
	/* The episode's own hosts, else the show's (as the feed does). */
	hosts = ep->nhosts ? ep->hosts : show->hosts;
	nhosts = ep->nhosts ? ep->nhosts : show->nhosts;
	if (nhosts || ep->nguests) {
		pk_buf_puts(&b, "<section aria-labelledby=\"people\">\n"
				"<h2 id=\"people\">Hosts and guests</h2>\n"
				"<ul class=\"people\">\n");
		for (i = 0; i < nhosts; i++)
			person(&b, &hosts[i], "host");
		for (i = 0; i < ep->nguests; i++)
			person(&b, &ep->guests[i], "guest");
		pk_buf_puts(&b, "</ul>\n</section>\n");
	}
	transcript(&b, pg);
	pk_buf_puts(&b, "</article>\n</main>\n");
	foot(&b, show, "../", audio != NULL);
	return pk_buf_detach(&b);
}

char *pk_page_index(const struct pk_show *show,
		    const struct pk_episode *const *eps, size_t n)
{
	struct pk_buf b;
	char len[32], page[4096];
	size_t i;

	pk_buf_init(&b);
	head(&b, show, show->title ? show->title : "", show->description, "");
	pk_buf_puts(&b, "<main>\n<header>\n");
	if (show->image) {
		pk_buf_puts(&b, "<img class=\"cover\" src=\"");
		image_href(&b, NULL, show->image, "");
		pk_buf_puts(&b, "\" alt=\"Cover art: ");
		esc(&b, show->title);
		pk_buf_puts(&b, "\" width=\"400\" height=\"400\">\n");
	}
	pk_buf_puts(&b, "<h1>");
	esc(&b, show->title);
	pk_buf_puts(&b, "</h1>\n");
	if (show->author && *show->author) {
		pk_buf_puts(&b, "<p class=\"meta\">By ");
		esc(&b, show->author);
		pk_buf_puts(&b, "</p>\n");
	}
	pk_buf_puts(&b, "</header>\n");
	paragraphs(&b, show->description);

	pk_buf_puts(&b, "<section aria-labelledby=\"subscribe\">\n"
			"<h2 id=\"subscribe\">Subscribe</h2>\n"
			"<ul class=\"subscribe\">\n<li><a href=\"");
	if (show->feed_url)
		esc_url(&b, show->feed_url);
	else
		pk_buf_puts(&b, "feed.xml");
	pk_buf_puts(&b, "\" type=\"application/rss+xml\">RSS feed</a></li>\n");
	for (i = 0; i < show->nsubscribe; i++) {
		pk_buf_puts(&b, "<li><a href=\"");
		esc_url(&b, show->subscribe[i].url);
		pk_buf_puts(&b, "\">");
		esc(&b, show->subscribe[i].name);
		pk_buf_puts(&b, "</a></li>\n");
	}
	pk_buf_puts(&b, "</ul>\n");
	if (show->feed_url) {
		pk_buf_puts(&b, "<p>Or paste this address into your podcast "
				"app: <code>");
		esc(&b, show->feed_url);
		pk_buf_puts(&b, "</code></p>\n");
	}
	pk_buf_puts(&b, "</section>\n");

	if (show->nhosts) {
		pk_buf_puts(&b, "<section aria-labelledby=\"hosts\">\n"
				"<h2 id=\"hosts\">Hosts</h2>\n"
				"<ul class=\"people\">\n");
		for (i = 0; i < show->nhosts; i++)
			person(&b, &show->hosts[i], "host");
		pk_buf_puts(&b, "</ul>\n</section>\n");
	}
	if (show->nfunding) {
		pk_buf_puts(&b, "<section aria-labelledby=\"support\">\n"
				"<h2 id=\"support\">Support the show</h2>\n"
				"<ul>\n");
		for (i = 0; i < show->nfunding; i++) {
			pk_buf_puts(&b, "<li><a href=\"");
			esc_url(&b, show->funding[i].url);
			pk_buf_puts(&b, "\">");
			esc(&b, show->funding[i].title
					? show->funding[i].title
					: show->funding[i].url);
			pk_buf_puts(&b, "</a></li>\n");
		}
		pk_buf_puts(&b, "</ul>\n</section>\n");
	}

	pk_buf_puts(&b, "<section aria-labelledby=\"episodes\">\n"
			"<h2 id=\"episodes\">Episodes</h2>\n");
	if (!n)
		pk_buf_puts(&b, "<p>No episodes yet.</p>\n");
	else
		pk_buf_puts(&b, "<ul class=\"episodes\">\n");
	for (i = 0; i < n; i++) {
		const struct pk_episode *ep = eps[i];

		pk_buf_puts(&b, "<li>\n<h3><a href=\"");
		esc(&b, pk_layout_page_path(ep, page, sizeof(page)));
		pk_buf_puts(&b, "\">");
		esc(&b, ep->title);
		pk_buf_puts(&b, "</a></h3>\n<p class=\"meta\">");
		if (ep->number)
			pk_buf_printf(&b, "Episode %d · ", ep->number);
		date_html(&b, ep);
		if (ep->media.duration > 0) {
			length_text(ep->media.duration, len, sizeof(len));
			pk_buf_printf(&b, " · %s", len);
		}
		pk_buf_puts(&b, "</p>\n");
		if (ep->summary && *ep->summary) {
			pk_buf_puts(&b, "<p>");
			esc(&b, ep->summary);
			pk_buf_puts(&b, "</p>\n");
		}
		pk_buf_puts(&b, "</li>\n");
	}
	if (n)
		pk_buf_puts(&b, "</ul>\n");
	pk_buf_puts(&b, "</section>\n</main>\n");
	foot(&b, show, "", 0);
	return pk_buf_detach(&b);
}
