/* feed_elements.c: the elements the channel and the items both write: an
 * image by URL, a person, an enclosure's URL with the analytics prefixes,
 * a Yes flag (see feed_write_int.h). */
#include "feed/feed_write_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/prefix_int.h"
#include "base/url_int.h"
#include "model/layout_int.h"

/* A file's URL (NULL: none), whether given as a URL or published under
 * rel. */
char *pk_feed_asset_url(const struct pk_show *show, const char *given,
			const char *rel)
{
	if (pk_url_is_http(given))
		return strdup(given);
	if (!rel)
		return NULL;
	return pk_layout_file_url(show, rel);
}

void pk_feed_yes(struct pk_xmlw *x, const char *name, int flag)
{
	if (flag)
		pk_xmlw_elem(x, name, "Yes");
}

void pk_feed_image(struct ctx *c, const char *tag, const struct pk_episode *ep,
		   const char *img)
{
	char rel[1024];
	char *url = pk_feed_asset_url(
	    c->show, img, pk_layout_image_path(ep, img, rel, sizeof(rel)));

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

void pk_feed_person(struct pk_xmlw *x, const struct pk_person *p,
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

/* An enclosure's url attribute: the file's URL wrapped in the show's
 * analytics prefixes (show.yaml `prefixes:`), the one place they apply. */
void pk_feed_enclosure_url(struct pk_xmlw *x, const struct pk_show *show,
			   const char *url)
{
	char *wrapped = show->nprefixes && url
				? pk_url_wrap(url, show->prefixes,
					      show->nprefixes)
				: NULL;

	pk_xmlw_attr(x, "url", wrapped ? wrapped : url);
	free(wrapped);
}
