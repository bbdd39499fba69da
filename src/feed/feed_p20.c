/* feed_p20.c: the Podcasting 2.0 tags beyond the core, as the show and
 * its episodes give them (show.h's pk_p20 and the show's podroll,
 * publisher, updateFrequency, block and liveItem): written in the order
 * and with the attributes the namespace defines. */
#include "feed/feed_p20_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/xmlw_int.h"
#include "base/prefix_int.h"

/* Seconds as the namespace writes them: "73.5", "60" (at most 3
 * decimals, trailing zeros dropped). */
static void attr_seconds(struct pk_xmlw *x, const char *name, double s)
{
	char buf[48];
	char *p;

	snprintf(buf, sizeof(buf), "%.3f", s < 0 ? 0 : s);
	p = buf + strlen(buf) - 1;
	while (*p == '0')
		*p-- = '\0';
	if (*p == '.')
		*p = '\0';
	pk_xmlw_attr(x, name, buf);
}

static void attr_long(struct pk_xmlw *x, const char *name, long v)
{
	if (v)
		pk_xmlw_attr_ll(x, name, v);
}

static void locations(struct pk_xmlw *x, const struct pk_p20 *p)
{
	size_t i;

	for (i = 0; i < p->nlocations; i++) {
		const struct pk_location *l = &p->locations[i];

		pk_xmlw_start(x, "podcast:location");
		pk_xmlw_attr(x, "rel", l->rel);
		pk_xmlw_attr(x, "geo", l->geo);
		pk_xmlw_attr(x, "osm", l->osm);
		pk_xmlw_attr(x, "country", l->country);
		pk_xmlw_text(x, l->name);
		pk_xmlw_end(x);
	}
}

static void social(struct pk_xmlw *x, const struct pk_p20 *p)
{
	size_t i;

	for (i = 0; i < p->nsocial; i++) {
		const struct pk_social *s = &p->social[i];

		pk_xmlw_start(x, "podcast:socialInteract");
		pk_xmlw_attr(x, "protocol", s->protocol);
		pk_xmlw_attr(x, "uri", s->uri);
		pk_xmlw_attr(x, "accountId", s->account_id);
		pk_xmlw_attr(x, "accountUrl", s->account_url);
		attr_long(x, "priority", s->priority);
		pk_xmlw_end(x);
	}
}

static void images(struct pk_xmlw *x, const struct pk_p20 *p)
{
	size_t i;

	for (i = 0; i < p->nimages; i++) {
		const struct pk_image *im = &p->images[i];

		pk_xmlw_start(x, "podcast:image");
		pk_xmlw_attr(x, "href", im->href);
		pk_xmlw_attr(x, "alt", im->alt);
		pk_xmlw_attr(x, "aspect-ratio", im->aspect_ratio);
		attr_long(x, "width", im->width);
		attr_long(x, "height", im->height);
		pk_xmlw_attr(x, "type", im->type);
		pk_xmlw_attr(x, "purpose", im->purpose);
		pk_xmlw_end(x);
	}
}

static void remote_item(struct pk_xmlw *x, const struct pk_remote_item *r,
			const char *medium)
{
	pk_xmlw_start(x, "podcast:remoteItem");
	pk_xmlw_attr(x, "feedGuid", r->feed_guid);
	pk_xmlw_attr(x, "feedUrl", r->feed_url);
	pk_xmlw_attr(x, "itemGuid", r->item_guid);
	pk_xmlw_attr(x, "medium", medium ? medium : r->medium);
	pk_xmlw_end(x);
}

static void recipients(struct pk_xmlw *x, const struct pk_value_recipient *r,
		       size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		pk_xmlw_start(x, "podcast:valueRecipient");
		pk_xmlw_attr(x, "name", r[i].name);
		pk_xmlw_attr(x, "type", r[i].type);
		pk_xmlw_attr(x, "address", r[i].address);
		pk_xmlw_attr_ll(x, "split", r[i].split);
		pk_xmlw_attr(x, "customKey", r[i].custom_key);
		pk_xmlw_attr(x, "customValue", r[i].custom_value);
		if (r[i].fee)
			pk_xmlw_attr(x, "fee", "true");
		pk_xmlw_end(x);
	}
}

/* An episode's time splits are times of its published audio: the build
 * moved them with it (an intro, shortened pauses). */
static void values(struct pk_xmlw *x, const struct pk_p20 *p)
{
	size_t i, j;

	for (i = 0; i < p->nvalues; i++) {
		const struct pk_value *v = &p->values[i];

		pk_xmlw_start(x, "podcast:value");
		pk_xmlw_attr(x, "type", v->type);
		pk_xmlw_attr(x, "method", v->method);
		pk_xmlw_attr(x, "suggested", v->suggested);
		recipients(x, v->recipients, v->nrecipients);
		for (j = 0; j < v->nsplits; j++) {
			const struct pk_value_split *s = &v->splits[j];

			pk_xmlw_start(x, "podcast:valueTimeSplit");
			attr_seconds(x, "startTime", s->start);
			attr_seconds(x, "duration", s->duration);
			if (s->remote_start > 0)
				attr_seconds(x, "remoteStartTime",
					     s->remote_start);
			attr_long(x, "remotePercentage", s->remote_percentage);
			if (s->nremote)
				remote_item(x, &s->remote[0], NULL);
			recipients(x, s->recipients, s->nrecipients);
			pk_xmlw_end(x);
		}
		pk_xmlw_end(x);
	}
}

static void chat(struct pk_xmlw *x, const struct pk_p20 *p)
{
	if (!p->nchat)
		return;
	pk_xmlw_start(x, "podcast:chat");
	pk_xmlw_attr(x, "server", p->chat[0].server);
	pk_xmlw_attr(x, "protocol", p->chat[0].protocol);
	pk_xmlw_attr(x, "accountId", p->chat[0].account_id);
	pk_xmlw_attr(x, "space", p->chat[0].space);
	pk_xmlw_end(x);
}

static void content_links(struct pk_xmlw *x, const struct pk_content_link *l,
			  size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		pk_xmlw_start(x, "podcast:contentLink");
		pk_xmlw_attr(x, "href", l[i].href);
		pk_xmlw_text(x, l[i].title);
		pk_xmlw_end(x);
	}
}

/* The tags a channel and an item share. */
static void common(struct pk_xmlw *x, const struct pk_p20 *p)
{
	locations(x, p);
	images(x, p);
	social(x, p);
	chat(x, p);
	values(x, p);
	content_links(x, p->content_links, p->ncontent_links);
}

void pk_feed_p20_channel(struct pk_xmlw *x, const struct pk_show *show)
{
	size_t i;

	if (show->block) {
		pk_xmlw_start(x, "podcast:block");
		pk_xmlw_text(x, "yes");
		pk_xmlw_end(x);
	}
	for (i = 0; i < show->nblock_services; i++) {
		pk_xmlw_start(x, "podcast:block");
		pk_xmlw_attr(x, "id", show->block_services[i].id);
		pk_xmlw_text(x, show->block_services[i].block ? "yes" : "no");
		pk_xmlw_end(x);
	}
	if (show->nupdate_frequency) {
		const struct pk_update_frequency *u = show->update_frequency;

		pk_xmlw_start(x, "podcast:updateFrequency");
		if (u->complete)
			pk_xmlw_attr(x, "complete", "true");
		pk_xmlw_attr(x, "dtstart", u->dtstart);
		pk_xmlw_attr(x, "rrule", u->rrule);
		pk_xmlw_text(x, u->text);
		pk_xmlw_end(x);
	}
	common(x, &show->p20);
	if (show->npublisher) {
		pk_xmlw_start(x, "podcast:publisher");
		remote_item(x, &show->publisher[0], "publisher");
		pk_xmlw_end(x);
	}
	if (show->npodroll) {
		pk_xmlw_start(x, "podcast:podroll");
		for (i = 0; i < show->npodroll; i++)
			remote_item(x, &show->podroll[i], NULL);
		pk_xmlw_end(x);
	}
}

void pk_feed_p20_live_items(struct pk_xmlw *x, const struct pk_show *show)
{
	size_t i, j;

	for (i = 0; i < show->nlive_items; i++) {
		const struct pk_live_item *li = &show->live_items[i];

		pk_xmlw_start(x, "podcast:liveItem");
		pk_xmlw_attr(x, "status", li->status);
		pk_xmlw_attr(x, "start", li->start);
		pk_xmlw_attr(x, "end", li->end);
		pk_xmlw_elem(x, "title", li->title);
		if (li->description)
			pk_xmlw_cdata_elem(x, "description", li->description);
		pk_xmlw_elem(x, "link", li->content_links[0].href);
		pk_xmlw_start(x, "guid");
		pk_xmlw_attr(x, "isPermaLink", "false");
		pk_xmlw_text(x, li->guid);
		pk_xmlw_end(x);
		/* A stream has no length: the namespace's own examples give
		 * a token one, which apps ignore. */
		pk_xmlw_start(x, "enclosure");
		pk_xmlw_attr(x, "url", li->url);
		pk_xmlw_attr(x, "type", li->type ? li->type : "audio/mpeg");
		pk_xmlw_attr(x, "length", "1");
		pk_xmlw_end(x);
		for (j = 0; j < show->nhosts; j++) {
			const struct pk_person *h = &show->hosts[j];

			pk_xmlw_start(x, "podcast:person");
			pk_xmlw_attr(x, "role", h->role ? h->role : "host");
			pk_xmlw_attr(x, "img", h->img);
			pk_xmlw_attr(x, "href", h->href);
			pk_xmlw_text(x, h->name);
			pk_xmlw_end(x);
		}
		content_links(x, li->content_links, li->ncontent_links);
		pk_xmlw_end(x);
	}
}

/* The enclosure's other formats, each with where it is (wrapped in the
 * show's analytics prefixes, as the enclosure is) and its hash. */
static void alternates(struct pk_xmlw *x, const struct pk_show *show,
		       const struct pk_media *m)
{
	char *wrapped;
	size_t i;

	for (i = 0; i < m->nalts; i++) {
		const struct pk_media_alt *a = &m->alts[i];

		if (!a->url)
			continue;
		pk_xmlw_start(x, "podcast:alternateEnclosure");
		pk_xmlw_attr(x, "type", a->mime);
		pk_xmlw_attr_ll(x, "length", (long long)a->length);
		if (a->bitrate > 0)
			pk_xmlw_attr_ll(x, "bitrate", a->bitrate);
		pk_xmlw_attr(x, "codecs", a->codecs);
		pk_xmlw_start(x, "podcast:source");
		wrapped = show->nprefixes ? pk_url_wrap(a->url, show->prefixes,
							show->nprefixes)
					  : NULL;
		pk_xmlw_attr(x, "uri", wrapped ? wrapped : a->url);
		free(wrapped);
		pk_xmlw_end(x);
		if (a->integrity) {
			pk_xmlw_start(x, "podcast:integrity");
			pk_xmlw_attr(x, "type", "sri");
			pk_xmlw_attr(x, "value", a->integrity);
			pk_xmlw_end(x);
		}
		pk_xmlw_end(x);
	}
}

void pk_feed_p20_item(struct pk_xmlw *x, const struct pk_show *show,
		      const struct pk_episode *ep)
{
	size_t i;

	alternates(x, show, &ep->media);

	for (i = 0; i < ep->nsoundbites; i++) {
		const struct pk_soundbite *sb = &ep->soundbites[i];

		pk_xmlw_start(x, "podcast:soundbite");
		attr_seconds(x, "startTime", sb->start);
		attr_seconds(x, "duration", sb->duration);
		pk_xmlw_text(x, sb->title);
		pk_xmlw_end(x);
	}
	common(x, &ep->p20);
}
