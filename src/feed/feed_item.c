/* feed_item.c: one episode's <item>: its guid, enclosure, notes,
 * itunes tags, chapters, transcripts and persons (see feed_write_int.h). */
#include "feed/feed_write_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chapters/chapters_int.h"
#include "podkit/date.h"
#include "podkit/notes.h"
#include "podkit/transcript.h"
#include "model/layout_int.h"
#include "feed/feed_p20_int.h"

/* "01:02:03.500" for psc:chapter start (Normal Play Time). */
static void npt(double s, char *buf, size_t size)
{
	long long ms = llround(s * 1000.0);

	size_t n;

	if (ms < 0)
		ms = 0;
	pk_duration_format((double)(ms / 1000), 1, buf, size);
	n = strlen(buf);
	if (ms % 1000 && n + 5 <= size) {
		buf[n++] = '.';
		buf[n++] = (char)('0' + ms % 1000 / 100);
		buf[n++] = (char)('0' + ms % 100 / 10);
		buf[n++] = (char)('0' + ms % 10);
		buf[n] = '\0';
	}
}

static void item_chapters(struct ctx *c, const struct pk_episode *ep)
{
	struct pk_xmlw *x = c->x;
	char rel[1024], start[32];
	char *url;
	size_t i;

	if (!pk_layout_chapters_path(ep, rel, sizeof(rel)))
		return;
	url = pk_layout_file_url(c->show, rel);
	if (!url) {
		x->failed = 1;
		return;
	}
	pk_xmlw_start(x, "podcast:chapters");
	pk_xmlw_attr(x, "url", url);
	pk_xmlw_attr(x, "type", PK_CHAPTERS_JSON_TYPE);
	pk_xmlw_end(x);
	free(url);

	pk_xmlw_start(x, "psc:chapters");
	pk_xmlw_attr(x, "version", "1.2");
	for (i = 0; i < ep->nchapters; i++) {
		const struct pk_chapter *ch = &ep->chapters[i];

		npt(ch->start, start, sizeof(start));
		pk_xmlw_start(x, "psc:chapter");
		pk_xmlw_attr(x, "start", start);
		pk_xmlw_attr(x, "title", ch->title);
		pk_xmlw_attr(x, "href", ch->url);
		pk_xmlw_attr(x, "image", ch->img);
		pk_xmlw_end(x);
	}
	pk_xmlw_end(x);
}

/* The build writes every transcript as WebVTT, SRT and the Podcasting
 * 2.0 JSON transcript (transcript.h); all three are linked, the timed
 * text formats as captions. */
static void item_transcript(struct ctx *c, const struct pk_episode *ep)
{
	struct pk_xmlw *x = c->x;
	char rel[1024];
	char *url, *dot;
	size_t i;

	if (!pk_layout_transcript_path(ep, rel, sizeof(rel)))
		return;
	dot = strrchr(rel, '.');
	for (i = 0; dot && i < 3; i++) {
		const struct pk_transcript_output *o = &pk_transcript_outputs[i];

		snprintf(dot, sizeof(rel) - (size_t)(dot - rel), "%s", o->ext);
		url = pk_layout_file_url(c->show, rel);
		if (!url) {
			x->failed = 1;
			return;
		}
		pk_xmlw_start(x, "podcast:transcript");
		pk_xmlw_attr(x, "url", url);
		pk_xmlw_attr(x, "type", o->mime);
		pk_xmlw_attr(x, "language", c->show->language);
		if (o->format != PK_TRANSCRIPT_JSON)
			pk_xmlw_attr(x, "rel", "captions");
		pk_xmlw_end(x);
		free(url);
	}
}

static void item_persons(struct ctx *c, const struct pk_episode *ep)
{
	const struct pk_person *hosts;
	size_t i, n = 0;

	/* Item persons replace the channel's, so an episode that names
	 * anyone lists its hosts too. */
	if (ep->nguests == 0 && ep->nhosts == 0)
		return;
	hosts = pk_episode_hosts(c->show, ep, &n);
	for (i = 0; i < n; i++)
		pk_feed_person(c->x, &hosts[i], "host");
	for (i = 0; i < ep->nguests; i++)
		pk_feed_person(c->x, &ep->guests[i], "guest");
}

static const char *episode_type(enum pk_episode_type t)
{
	switch (t) {
	case PK_EPISODE_TRAILER:
		return "trailer";
	case PK_EPISODE_BONUS:
		return "bonus";
	default:
		return "full";
	}
}

/* The notes as given by the build, else rendered now (and freed after
 * the item, so memory stays flat over thousands of episodes). *own_html
 * and *own_text get what the caller frees. */
static void notes(struct ctx *c, size_t i, const char **html,
		  const char **text, char **own_html, char **own_text)
{
	const struct pk_feed_item *it =
	    c->opts && c->opts->items ? &c->opts->items[i] : NULL;

	*own_html = *own_text = NULL;
	if (it && it->notes_html && it->notes_text) {
		*html = it->notes_html;
		*text = it->notes_text;
		return;
	}
	if (pk_notes_render_both(c->show, &c->show->episodes[i], own_html,
				 own_text, c->diags, c->err) != 0 &&
	    !c->r)
		c->r = c->err && c->err->code ? c->err->code : PK_ENOMEM;
	*html = *own_html ? *own_html : "";
	*text = *own_text ? *own_text : "";
}

/* itunes:keywords: the episode's keywords, comma-separated. */
static void keywords(struct pk_xmlw *x, const struct pk_episode *ep)
{
	struct pk_buf b;
	size_t i;

	if (!ep->nkeywords)
		return;
	pk_buf_init(&b);
	for (i = 0; i < ep->nkeywords; i++)
		pk_buf_printf(&b, "%s%s", i ? "," : "", ep->keywords[i]);
	if (pk_buf_ok(&b))
		x->failed = 1;
	else
		pk_xmlw_elem(x, "itunes:keywords", pk_buf_str(&b));
	pk_buf_release(&b);
}

void pk_feed_item(struct ctx *c, size_t i)
{
	const struct pk_show *show = c->show;
	const struct pk_episode *ep = &show->episodes[i];
	struct pk_xmlw *x = c->x;
	const char *html, *text;
	char *own_html, *own_text, *link;
	char date[64];

	notes(c, i, &html, &text, &own_html, &own_text);
	link = pk_layout_episode_link(show, ep);

	pk_xmlw_start(x, "item");
	pk_xmlw_elem(x, "title", ep->title);
	pk_xmlw_elem(x, "itunes:title", ep->title);
	pk_xmlw_elem(x, "link", link);
	pk_xmlw_start(x, "guid");
	pk_xmlw_attr(x, "isPermaLink", "false");
	pk_xmlw_text(x, ep->guid);
	pk_xmlw_end(x);
	pk_date_format_rfc2822(ep->date, ep->tz_minutes, date, sizeof(date));
	pk_xmlw_elem(x, "pubDate", date);
	pk_xmlw_cdata_elem(x, "description", text);
	pk_xmlw_cdata_elem(x, "content:encoded", html);
	pk_xmlw_start(x, "enclosure");
	pk_feed_enclosure_url(x, show, ep->media.url);
	pk_xmlw_attr_ll(x, "length", (long long)ep->media.length);
	pk_xmlw_attr(x, "type",
		     ep->media.mime ? ep->media.mime : "audio/mpeg");
	pk_xmlw_end(x);
	pk_xmlw_elem_ll(x, "itunes:duration",
			(long long)llround(ep->media.duration));
	pk_xmlw_elem(x, "itunes:explicit",
		     pk_episode_explicit(show, ep) ? "true" : "false");
	pk_xmlw_elem(x, "itunes:episodeType", episode_type(ep->type));
	if (ep->season > 0)
		pk_xmlw_elem_ll(x, "itunes:season", ep->season);
	if (ep->number > 0)
		pk_xmlw_elem_ll(x, "itunes:episode", ep->number);
	pk_feed_image(c, "itunes:image", ep, ep->image);
	keywords(x, ep);
	pk_feed_yes(x, "itunes:block", ep->block);
	if (ep->season > 0)
		pk_xmlw_elem_ll(x, "podcast:season", ep->season);
	if (ep->number > 0)
		pk_xmlw_elem_ll(x, "podcast:episode", ep->number);
	item_persons(c, ep);
	item_chapters(c, ep);
	item_transcript(c, ep);
	pk_feed_p20_item(x, c->show, ep);
	pk_xmlw_end(x);

	if (!link && show->link)
		x->failed = 1;
	free(link);
	free(own_html);
	free(own_text);
}
