/* pages.c: the pieces both pages are made of: the style sheet, the head
 * and foot, URLs made safe for links, lengths, dates, images, a person
 * (see pages_html_int.h). */
#include "pages/pages_html_int.h"

#include <math.h>
#include <string.h>
#include <time.h>

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

void pk_page_esc(struct pk_buf *b, const char *s)
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
void pk_page_esc_url(struct pk_buf *b, const char *url)
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
	pk_page_esc(b, url);
}

/* "42 min" or "1 h 5 min". */
void pk_page_length_text(double t, char *buf, size_t size)
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
void pk_page_date_html(struct pk_buf *b, const struct pk_episode *ep)
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
void pk_page_image_href(struct pk_buf *b, const struct pk_episode *ep,
			const char *image, const char *prefix)
{
	char rel[4096];

	if (pk_url_is_http(image)) {
		pk_page_esc_url(b, image);
		return;
	}
	if (!pk_layout_image_path(ep, image, rel, sizeof(rel)))
		return;
	pk_page_esc(b, prefix);
	pk_page_esc(b, rel);
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

void pk_page_head(struct pk_buf *b, const struct pk_show *show,
		  const char *title, const char *description,
		  const char *prefix)
{
	pk_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"");
	pk_page_esc(b,
		    show->language && *show->language ? show->language : "en");
	pk_buf_puts(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width,"
		       " initial-scale=1\">\n<title>");
	pk_page_esc(b, title);
	pk_buf_puts(b, "</title>\n");
	if (description && *description) {
		pk_buf_puts(b, "<meta name=\"description\" content=\"");
		pk_page_esc(b, description);
		pk_buf_puts(b, "\">\n");
	}
	pk_buf_puts(b, "<link rel=\"alternate\" type=\"application/rss+xml\""
		       " title=\"");
	pk_page_esc(b, show->title);
	pk_buf_puts(b, "\" href=\"");
	pk_page_esc(b, prefix);
	pk_buf_puts(b, "feed.xml\">\n<style>\n");
	pk_buf_puts(b, style);
	pk_buf_puts(b, "</style>\n</head>\n<body>\n");
}

void pk_page_foot(struct pk_buf *b, const struct pk_show *show,
		  const char *prefix, int with_script)
{
	pk_buf_puts(b, "<footer>\n<p>");
	if (show->copyright && *show->copyright) {
		pk_page_esc(b, show->copyright);
		pk_buf_puts(b, " · ");
	}
	if (show->license && *show->license) {
		pk_buf_puts(b, "Licence: ");
		pk_page_esc(b, show->license);
		pk_buf_puts(b, " · ");
	}
	pk_buf_puts(b, "<a href=\"");
	pk_page_esc(b, prefix);
	pk_buf_puts(b, "feed.xml\">RSS feed</a></p>\n</footer>\n");
	if (with_script) {
		pk_buf_puts(b, "<script>");
		pk_buf_puts(b, script);
		pk_buf_puts(b, "</script>\n");
	}
	pk_buf_puts(b, "</body>\n</html>\n");
}

void pk_page_person(struct pk_buf *b, const struct pk_person *p,
		    const char *role)
{
	pk_buf_puts(b, "<li>");
	if (p->img && pk_url_is_http(p->img)) {
		pk_buf_puts(b, "<img src=\"");
		pk_page_esc_url(b, p->img);
		pk_buf_puts(b, "\" alt=\"\" width=\"40\" height=\"40\">");
	}
	if (p->href) {
		pk_buf_puts(b, "<a href=\"");
		pk_page_esc_url(b, p->href);
		pk_buf_puts(b, "\">");
		pk_page_esc(b, p->name);
		pk_buf_puts(b, "</a>");
	} else {
		pk_page_esc(b, p->name);
	}
	pk_buf_puts(b, " <span class=\"meta\">(");
	pk_page_esc(b, p->role && *p->role ? p->role : role);
	pk_buf_puts(b, ")</span></li>\n");
}
