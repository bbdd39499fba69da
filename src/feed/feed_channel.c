/* feed_channel.c: the feed's channel head: the show's title, links,
 * images, owner, categories, its Podcasting 2.0 tags, and the trailers
 * (see feed_write_int.h). */
#include "feed/feed_write_int.h"

#include <stdlib.h>

#include "podkit/date.h"
#include "model/layout_int.h"
#include "feed/feed_p20_int.h"

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
	url = pk_feed_asset_url(
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

void pk_feed_trailers(struct ctx *c, const size_t *order)
{
	const struct pk_show *show = c->show;
	char date[64];
	size_t k;

	for (k = 0; k < show->nepisodes; k++) {
		const struct pk_episode *ep = &show->episodes[order[k]];

		if (ep->type != PK_EPISODE_TRAILER ||
		    !pk_feed_published(c, order[k]) ||
		    pk_feed_kept(c, order[k]))
			continue;
		pk_date_format_rfc2822(ep->date, ep->tz_minutes, date,
				       sizeof(date));
		pk_xmlw_start(c->x, "podcast:trailer");
		pk_xmlw_attr(c->x, "pubdate", date);
		pk_feed_enclosure_url(c->x, show, ep->media.url);
		pk_xmlw_attr_ll(c->x, "length", (long long)ep->media.length);
		pk_xmlw_attr(c->x, "type", ep->media.mime);
		if (ep->season > 0)
			pk_xmlw_attr_ll(c->x, "season", ep->season);
		pk_xmlw_text(c->x, ep->title);
		pk_xmlw_end(c->x);
	}
}

void pk_feed_channel_head(struct ctx *c)
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
	pk_feed_image(c, "itunes:image", NULL, show->image);
	rss_image(c);
	categories(x, show);
	pk_xmlw_elem(x, "itunes:explicit", show->explicit_ ? "true" : "false");
	pk_xmlw_elem(x, "itunes:type", show->serial ? "serial" : "episodic");
	pk_xmlw_elem(x, "itunes:new-feed-url", show->new_feed_url);
	pk_feed_yes(x, "itunes:block", show->block);
	pk_feed_yes(x, "itunes:complete", show->complete);

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
		pk_feed_person(x, &show->hosts[i], "host");
	pk_feed_p20_channel(x, show);
}
