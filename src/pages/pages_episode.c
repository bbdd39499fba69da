/* pages_episode.c: an episode's page: the player, the notes without the
 * sections the page shows itself, chapters that seek the player, the
 * clips, the other formats, the soundbites and the transcript. */
#include "pages/pages_html_int.h"

#include <math.h>
#include <string.h>

#include "feed/feed_int.h"
#include "base/url_int.h"
#include "model/layout_int.h"

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
		pk_page_esc(b, c->title);
		pk_buf_printf(b, "\">%s</button> ", ts);
		if (c->url) {
			pk_buf_puts(b, "<a href=\"");
			pk_page_esc_url(b, c->url);
			pk_buf_puts(b, "\">");
			pk_page_esc(b, c->title);
			pk_buf_puts(b, "</a>");
		} else {
			pk_page_esc(b, c->title);
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

		pk_page_length_text(sb->duration, len, sizeof(len));
		pk_buf_puts(b, "<li><a href=\"../");
		pk_page_esc(
		    b, pk_layout_clip_path(ep, i + 1, "mp4", rel, sizeof(rel)));
		pk_buf_puts(b, "\" download><img src=\"../");
		pk_page_esc(
		    b, pk_layout_clip_path(ep, i + 1, "jpg", rel, sizeof(rel)));
		pk_buf_puts(b, "\" alt=\"Poster of the clip: ");
		pk_page_esc(b, sb->title);
		pk_buf_printf(b, "\" width=\"180\" height=\"%d\"><span>",
			      180 * h / w);
		pk_page_esc(b, sb->title);
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
			pk_page_esc_url(b, a->path);
		} else {
			pk_page_esc_url(b, a->url);
		}
		pk_buf_printf(b, "\" type=\"");
		pk_page_esc(b, a->mime);
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
		pk_page_esc(b, sb->title);
		pk_buf_printf(b, " (%.0f s from %s)\">&#9654; %.0f s</button> ",
			      sb->duration, ts, sb->duration);
		pk_page_esc(b, sb->title);
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
		pk_page_esc_url(b, pg->transcript_href);
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
			pk_page_esc(b, c->speaker);
			pk_buf_puts(b, ":</span> ");
		}
		pk_page_esc(b, c->text);
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
	pk_page_head(&b, show, pk_buf_str(&title), ep->summary, "../");
	pk_buf_release(&title);

	pk_buf_puts(&b, "<header class=\"site\"><a href=\"../index.html\">");
	pk_page_esc(&b, show->title);
	pk_buf_puts(&b, "</a></header>\n<main>\n<article>\n<h1>");
	pk_page_esc(&b, ep->title);
	pk_buf_puts(&b, "</h1>\n<p class=\"meta\">");
	if (ep->season)
		pk_buf_printf(&b, "Season %d · ", ep->season);
	if (ep->number)
		pk_buf_printf(&b, "Episode %d · ", ep->number);
	if (ep->type == PK_EPISODE_TRAILER)
		pk_buf_puts(&b, "Trailer · ");
	else if (ep->type == PK_EPISODE_BONUS)
		pk_buf_puts(&b, "Bonus · ");
	pk_page_date_html(&b, ep);
	if (ep->media.duration > 0) {
		pk_page_length_text(ep->media.duration, len, sizeof(len));
		pk_buf_printf(&b, " · %s", len);
	}
	pk_buf_puts(&b, "</p>\n");
	if (ep->image || show->image) {
		pk_buf_puts(&b, "<img class=\"cover\" src=\"");
		pk_page_image_href(&b, ep->image ? ep : NULL,
				   ep->image ? ep->image : show->image, "../");
		pk_buf_puts(&b, "\" alt=\"Cover art: ");
		pk_page_esc(&b, ep->image ? ep->title : show->title);
		pk_buf_puts(&b, "\" width=\"400\" height=\"400\">\n");
	}
	audio = pk_page_audio_href(ep, href, sizeof(href));
	if (audio) {
		pk_buf_puts(&b, "<audio id=\"player\" controls "
				"preload=\"metadata\" aria-label=\"Play the "
				"episode\" src=\"");
		pk_page_esc_url(&b, audio);
		pk_buf_puts(&b, "\"></audio>\n<p><a href=\"");
		pk_page_esc_url(&b, audio);
		pk_buf_puts(&b, "\" download>Download the episode</a>");
		if (ep->media.length > 0)
			pk_buf_printf(&b, " (%.1f MB)",
				      (double)ep->media.length / 1e6);
		other_formats(&b, ep);
		pk_buf_puts(&b, "</p>\n");
	}
	if (ep->summary && *ep->summary) {
		pk_buf_puts(&b, "<p class=\"summary\">");
		pk_page_esc(&b, ep->summary);
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
			pk_page_person(&b, &hosts[i], "host");
		for (i = 0; i < ep->nguests; i++)
			pk_page_person(&b, &ep->guests[i], "guest");
		pk_buf_puts(&b, "</ul>\n</section>\n");
	}
	transcript(&b, pg);
	pk_buf_puts(&b, "</article>\n</main>\n");
	pk_page_foot(&b, show, "../", audio != NULL);
	return pk_buf_detach(&b);
}
