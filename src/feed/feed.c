/* feed.c: feed.xml, RSS 2.0 with Apple's and Podcasting 2.0's tags,
 * streamed with xmlTextWriter into an atomic file. */
#include "feed/feed_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chapters/chapters_int.h"
#include "podkit/date.h"
#include "podkit/fsio.h"
#include "podkit/notes.h"
#include "base/parallel_int.h"
#include "podkit/transcript.h"
#include "base/prefix_int.h"
#include "base/url_int.h"
#include "model/layout_int.h"
#include "feed/feed_p20_int.h"
#include "feed/xmlw_int.h"

#define INDENT_DEFAULT "  "

/* Negative when a is listed before b: by date, then folder number, then
 * slug; reversed (newest first) for an episodic show. */
static int compare(const struct pk_episode *a, const struct pk_episode *b)
{
	int c;

	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->folder_number != b->folder_number)
		return a->folder_number < b->folder_number ? -1 : 1;
	c = strcmp(a->slug ? a->slug : "", b->slug ? b->slug : "");
	return c;
}

/* qsort has no argument for the show: the episodes and the direction
 * travel in the elements themselves. */
struct order_key {
	const struct pk_episode *ep;
	size_t index;
	int sign; /* 1 oldest first, -1 newest first */
};

static int order_cmp(const void *pa, const void *pb)
{
	const struct order_key *a = pa, *b = pb;

	return a->sign * compare(a->ep, b->ep);
}

int pk_feed_order(const struct pk_show *show, size_t *order)
{
	struct order_key *keys;
	size_t i, n = show->nepisodes;

	keys = malloc((n + 1) * sizeof(*keys));
	if (!keys)
		return PK_ENOMEM;
	for (i = 0; i < n; i++) {
		keys[i].ep = &show->episodes[i];
		keys[i].index = i;
		keys[i].sign = show->serial ? 1 : -1;
	}
	qsort(keys, n, sizeof(*keys), order_cmp);
	for (i = 0; i < n; i++)
		order[i] = keys[i].index;
	free(keys);
	return 0;
}

/* A file's URL (NULL: none), whether given as a URL or published under
 * rel. */
static char *asset_url(const struct pk_show *show, const char *given,
		       const char *rel)
{
	if (pk_url_is_http(given))
		return strdup(given);
	if (!rel)
		return NULL;
	return pk_layout_file_url(show, rel);
}

/* What one write needs besides the show. */
struct ctx {
	const struct pk_show *show;
	const struct pk_feed_opts *opts;
	struct pk_xmlw *x; /* the feed's writer, or an item's fragment */
	struct pk_diags *diags;
	struct pk_error *err;
	int r; /* the first fatal error */
};

static void yes(struct pk_xmlw *x, const char *name, int flag)
{
	if (flag)
		pk_xmlw_elem(x, name, "Yes");
}

static void image(struct ctx *c, const char *tag, const struct pk_episode *ep,
		  const char *img)
{
	char rel[1024];
	char *url = asset_url(c->show, img,
			      pk_layout_image_path(ep, img, rel, sizeof(rel)));

	if (!url && img) {
		c->x->failed = 1;
		return;
	}
	if (url) {
		pk_xmlw_start(c->x, tag);
		pk_xmlw_attr(c->x, "href", url);
		pk_xmlw_end(c->x);
	}
	free(url);
}

/* RSS 2.0's own <image> for the channel: the cover's URL with the
 * channel's title and link, which the element requires; many apps and
 * readers look only here. */
static void rss_image(struct ctx *c)
{
	const struct pk_show *show = c->show;
	char rel[1024];
	char *url;

	if (!show->image || !show->link)
		return;
	url = asset_url(
	    show, show->image,
	    pk_layout_image_path(NULL, show->image, rel, sizeof(rel)));
	if (!url) {
		c->x->failed = 1;
		return;
	}
	pk_xmlw_start(c->x, "image");
	pk_xmlw_elem(c->x, "url", url);
	pk_xmlw_elem(c->x, "title", show->title);
	pk_xmlw_elem(c->x, "link", show->link);
	pk_xmlw_end(c->x);
	free(url);
}

static void person(struct pk_xmlw *x, const struct pk_person *p,
		   const char *role)
{
	pk_xmlw_start(x, "podcast:person");
	pk_xmlw_attr(x, "role", p->role ? p->role : role);
	if (p->group && strcmp(p->group, "cast") != 0)
		pk_xmlw_attr(x, "group", p->group);
	pk_xmlw_attr(x, "img", p->img);
	pk_xmlw_attr(x, "href", p->href);
	pk_xmlw_text(x, p->name);
	pk_xmlw_end(x);
}

static void categories(struct pk_xmlw *x, const struct pk_show *show)
{
	size_t i, j;

	for (i = 0; i < show->ncategories; i++) {
		const struct pk_category *cat = &show->categories[i];

		pk_xmlw_start(x, "itunes:category");
		pk_xmlw_attr(x, "text", cat->name);
		for (j = 0; j < cat->nsubs; j++) {
			pk_xmlw_start(x, "itunes:category");
			pk_xmlw_attr(x, "text", cat->subs[j]);
			pk_xmlw_end(x);
		}
		pk_xmlw_end(x);
	}
}

/* The item an earlier feed had for episode i, put in as it is; or
 * NULL. */
static const char *kept(const struct ctx *c, size_t i)
{
	return c->opts && c->opts->items ? c->opts->items[i].xml : NULL;
}

static int published(const struct ctx *c, size_t i)
{
	const struct pk_episode *ep = &c->show->episodes[i];

	if (ep->scheduled || ep->unpublished)
		return 0;
	if (c->opts && c->opts->items && c->opts->items[i].skip)
		return 0;
	if (kept(c, i))
		return 1;
	return ep->media.url && ep->media.length > 0;
}

/* An enclosure's url attribute: the file's URL wrapped in the show's
 * analytics prefixes (show.yaml `prefixes:`), the one place they apply. */
static void enclosure_url(struct pk_xmlw *x, const struct pk_show *show,
			  const char *url)
{
	char *wrapped = show->nprefixes && url
				? pk_url_wrap(url, show->prefixes,
					      show->nprefixes)
				: NULL;

	pk_xmlw_attr(x, "url", wrapped ? wrapped : url);
	free(wrapped);
}

static void trailers(struct ctx *c, const size_t *order)
{
	const struct pk_show *show = c->show;
	char date[64];
	size_t k;

	for (k = 0; k < show->nepisodes; k++) {
		const struct pk_episode *ep = &show->episodes[order[k]];

		if (ep->type != PK_EPISODE_TRAILER || !published(c, order[k]) ||
		    kept(c, order[k]))
			continue;
		pk_date_format_rfc2822(ep->date, ep->tz_minutes, date,
				       sizeof(date));
		pk_xmlw_start(c->x, "podcast:trailer");
		pk_xmlw_attr(c->x, "pubdate", date);
		enclosure_url(c->x, show, ep->media.url);
		pk_xmlw_attr_ll(c->x, "length", (long long)ep->media.length);
		pk_xmlw_attr(c->x, "type", ep->media.mime);
		if (ep->season > 0)
			pk_xmlw_attr_ll(c->x, "season", ep->season);
		pk_xmlw_text(c->x, ep->title);
		pk_xmlw_end(c->x);
	}
}

static void channel_head(struct ctx *c)
{
	const struct pk_show *show = c->show;
	struct pk_xmlw *x = c->x;
	char date[64];
	size_t i;

	pk_xmlw_elem(x, "title", show->title);
	pk_xmlw_elem(x, "link", show->link);
	pk_xmlw_elem(x, "language", show->language);
	pk_xmlw_elem(x, "copyright", show->copyright);
	pk_xmlw_cdata_elem(x, "description",
			   show->description ? show->description : "");
	pk_xmlw_elem(x, "generator", "podkit");
	pk_date_format_rfc2822(pk_now(), 0, date, sizeof(date));
	pk_xmlw_elem(x, "lastBuildDate", date);
	pk_xmlw_start(x, "atom:link");
	pk_xmlw_attr(x, "href", show->feed_url);
	pk_xmlw_attr(x, "rel", "self");
	pk_xmlw_attr(x, "type", "application/rss+xml");
	pk_xmlw_end(x);
	for (i = 0; i < show->publish.nwebsub_hubs; i++) {
		pk_xmlw_start(x, "atom:link");
		pk_xmlw_attr(x, "href", show->publish.websub_hubs[i]);
		pk_xmlw_attr(x, "rel", "hub");
		pk_xmlw_end(x);
	}
	pk_xmlw_elem(x, "itunes:author", show->author);
	if (show->owner_name || show->owner_email) {
		pk_xmlw_start(x, "itunes:owner");
		pk_xmlw_elem(x, "itunes:name", show->owner_name);
		pk_xmlw_elem(x, "itunes:email", show->owner_email);
		pk_xmlw_end(x);
	}
	image(c, "itunes:image", NULL, show->image);
	rss_image(c);
	categories(x, show);
	pk_xmlw_elem(x, "itunes:explicit", show->explicit_ ? "true" : "false");
	pk_xmlw_elem(x, "itunes:type", show->serial ? "serial" : "episodic");
	pk_xmlw_elem(x, "itunes:new-feed-url", show->new_feed_url);
	yes(x, "itunes:block", show->block);
	yes(x, "itunes:complete", show->complete);

	pk_xmlw_elem(x, "podcast:guid", show->podcast_guid);
	pk_xmlw_start(x, "podcast:locked");
	pk_xmlw_attr(x, "owner", show->locked_owner ? show->locked_owner
						    : show->owner_email);
	pk_xmlw_text(x, show->locked ? "yes" : "no");
	pk_xmlw_end(x);
	pk_xmlw_elem(x, "podcast:medium",
		     show->medium ? show->medium : "podcast");
	pk_xmlw_elem(x, "podcast:license", show->license);
	for (i = 0; i < show->nfunding; i++) {
		pk_xmlw_start(x, "podcast:funding");
		pk_xmlw_attr(x, "url", show->funding[i].url);
		pk_xmlw_text(x, show->funding[i].title
					? show->funding[i].title
					: "Support the show");
		pk_xmlw_end(x);
	}
	for (i = 0; i < show->ntxt; i++)
		pk_xmlw_elem(x, "podcast:txt", show->txt[i]);
	for (i = 0; i < show->nhosts; i++)
		person(x, &show->hosts[i], "host");
	pk_feed_p20_channel(x, show);
}

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
		person(c->x, &hosts[i], "host");
	for (i = 0; i < ep->nguests; i++)
		person(c->x, &ep->guests[i], "guest");
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

static void item(struct ctx *c, size_t i)
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
	enclosure_url(x, show, ep->media.url);
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
	image(c, "itunes:image", ep, ep->image);
	keywords(x, ep);
	yes(x, "itunes:block", ep->block);
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

/* Items are rendered on every core, each by a fragment writer, and
 * spliced into the feed in order as they come: the window of slots keeps
 * memory flat however many episodes the show has. */
#define ITEM_WINDOW 256
/* How often the written part of the feed is sent on to the disk. */
#define WRITEBACK_BYTES (4u << 20)
/* The feed file's stdio buffer. */
#define FEED_IOBUF (256u << 10)

/* One slot of the window: the fragment writer is kept from item to item. */
struct item_slot {
	struct pk_xmlw x;
	int open;
	struct pk_diags diags;
	struct pk_error err;
	int r;
};

struct item_run {
	struct ctx *c;       /* the feed's */
	const char *indent;
	const size_t *idx;   /* the published episodes, in feed order */
	struct item_slot *slots;
	size_t unsynced;     /* bytes written since the last writeback */
};

static void make_item(void *arg, size_t i)
{
	static const char *const where[] = {"rss", "channel"};
	struct item_run *run = arg;
	struct item_slot *sl = &run->slots[i % ITEM_WINDOW];
	struct ctx c;

	pk_diags_init(&sl->diags);
	memset(&sl->err, 0, sizeof(sl->err));
	sl->r = 0;
	if (kept(run->c, run->idx[i]))
		return; /* spliced as it is */
	if (!sl->open) {
		if (pk_xmlw_open_fragment(&sl->x, where, 2, run->indent)) {
			sl->r = pk_error_set(&sl->err, PK_ENOMEM,
					     "out of memory");
			return;
		}
		sl->open = 1;
	}
	memset(&c, 0, sizeof(c));
	c.show = run->c->show;
	c.opts = run->c->opts;
	c.x = &sl->x;
	c.diags = &sl->diags;
	c.err = &sl->err;
	item(&c, run->idx[i]);
	sl->r = c.r;
}

/* Splices item i into the feed, its problems reported in order. Returns
 * nonzero to stop at the first item that failed, as a writer going item
 * by item would. */
static int use_item(void *arg, size_t i)
{
	struct item_run *run = arg;
	struct item_slot *sl = &run->slots[i % ITEM_WINDOW];
	struct ctx *c = run->c;
	const char *bytes;
	size_t len;

	pk_diags_move(c->diags, &sl->diags);
	if (sl->r) {
		c->r = sl->r;
		if (c->err)
			*c->err = sl->err;
		return 1;
	}
	if (kept(c, run->idx[i])) {
		bytes = kept(c, run->idx[i]);
		len = strlen(bytes);
		pk_xmlw_splice(c->x, bytes, len);
		run->unsynced += len;
		return c->x->failed;
	}
	bytes = pk_xmlw_fragment(&sl->x, &len);
	if (!bytes) {
		c->x->failed = 1;
		return 1;
	}
	if (c->opts && c->opts->rendered)
		c->opts->rendered(c->opts->rendered_arg, run->idx[i], bytes,
				  len);
	pk_xmlw_splice(c->x, bytes, len);
	pk_xmlw_fragment_reset(&sl->x);
	run->unsynced += len;
	if (run->unsynced >= WRITEBACK_BYTES && c->x->fp) {
		pk_fp_writeback(c->x->fp);
		run->unsynced = 0;
	}
	return c->x->failed;
}

static void items(struct ctx *c, const size_t *order, const char *indent)
{
	size_t n = c->show->nepisodes, m = 0, k;
	struct item_run run;
	size_t *idx;

	memset(&run, 0, sizeof(run));
	idx = malloc((n ? n : 1) * sizeof(*idx));
	run.slots = calloc(ITEM_WINDOW, sizeof(*run.slots));
	if (!idx || !run.slots) {
		free(idx);
		free(run.slots);
		c->r = pk_error_set(c->err, PK_ENOMEM, "out of memory");
		return;
	}
	for (k = 0; k < n; k++)
		if (published(c, order[k]))
			idx[m++] = order[k];
	run.c = c;
	run.indent = indent;
	run.idx = idx;
	/* A short feed is not worth the threads; the bytes are the same. */
	if (pk_parallel_ordered(m, m < 32 ? 1 : c->opts ? c->opts->jobs : 0,
				ITEM_WINDOW, make_item,
				use_item, &run) < 0 &&
	    !c->r)
		c->r = pk_error_set(c->err, PK_ENOMEM, "out of memory");
	/* Slots made but not used (after a failure) are released too. */
	for (k = 0; k < ITEM_WINDOW; k++) {
		pk_diags_release(&run.slots[k].diags);
		if (run.slots[k].open)
			pk_xmlw_release(&run.slots[k].x);
	}
	free(run.slots);
	free(idx);
}
static void report_unpublishable(struct ctx *c)
{
	const struct pk_show *show = c->show;
	size_t i;

	for (i = 0; i < show->nepisodes; i++) {
		const struct pk_episode *ep = &show->episodes[i];

		if (ep->scheduled || published(c, i) ||
		    (c->opts && c->opts->items && c->opts->items[i].skip))
			continue;
		pk_diags_add(c->diags, PK_ERROR, ep->file, 0,
			     "'%s' has no audio for the enclosure; left out "
			     "of the feed",
			     ep->slug);
	}
}

int pk_feed_write_fp(const struct pk_show *show,
		     const struct pk_feed_opts *opts, FILE *fp,
		     struct pk_diags *diags, struct pk_error *err)
{
	struct pk_xmlw feed_writer;
	struct ctx c;
	size_t *order = NULL;
	const char *indent;
	int r;

	if (!show->feed_url)
		return pk_error_set(err, PK_EINVAL,
				    "%s: 'feed_url' is needed to write a feed",
				    show->file ? show->file : "show.yaml");
	memset(&c, 0, sizeof(c));
	c.show = show;
	c.opts = opts;
	c.diags = diags;
	c.err = err;
	c.x = &feed_writer;
	order = malloc((show->nepisodes + 1) * sizeof(*order));
	if (!order)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (pk_feed_order(show, order) != 0) {
		free(order);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	report_unpublishable(&c);

	indent = opts && opts->indent ? opts->indent : INDENT_DEFAULT;
	r = pk_xmlw_open_fp(c.x, fp, indent);
	if (r) {
		free(order);
		return pk_error_set(err, r, "cannot start the XML writer");
	}
	pk_xmlw_start(c.x, "rss");
	pk_xmlw_attr(c.x, "version", "2.0");
	pk_xmlw_attr(c.x, "xmlns:itunes", PK_NS_ITUNES);
	pk_xmlw_attr(c.x, "xmlns:podcast", PK_NS_PODCAST);
	pk_xmlw_attr(c.x, "xmlns:content", PK_NS_CONTENT);
	pk_xmlw_attr(c.x, "xmlns:atom", PK_NS_ATOM);
	pk_xmlw_attr(c.x, "xmlns:psc", PK_NS_PSC);
	pk_xmlw_start(c.x, "channel");
	channel_head(&c);
	trailers(&c, order);
	pk_feed_p20_live_items(c.x, show);
	items(&c, order, indent);
	free(order);
	if (c.r) {
		pk_xmlw_release(c.x);
		return c.r;
	}
	r = pk_xmlw_finish(c.x);
	if (r)
		return pk_error_set(err, r, "cannot write the feed");
	return 0;
}

int pk_feed_write(const struct pk_show *show, const struct pk_feed_opts *opts,
		  const char *path, struct pk_diags *diags,
		  struct pk_error *err)
{
	struct pk_atomic a;
	char *iobuf;
	int r;

	r = pk_atomic_open(&a, path, 0644, err);
	if (r)
		return r;
	/* Fewer, larger writes: a feed of thousands of items is megabytes.
	 * (glibc ignores the size asked for without a buffer given.) */
	iobuf = malloc(FEED_IOBUF);
	if (iobuf)
		setvbuf(a.fp, iobuf, _IOFBF, FEED_IOBUF);
	r = pk_feed_write_fp(show, opts, a.fp, diags, err);
	if (r) {
		/* Name the file the message is about. */
		if (err && !strstr(err->msg, path)) {
			char msg[PK_ERROR_MAX];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			pk_error_set(err, r, "%s: %s", path, msg);
		}
		pk_atomic_abort(&a);
	} else {
		r = pk_atomic_commit(&a, err);
	}
	free(iobuf); /* the stream is closed either way */
	return r;
}
