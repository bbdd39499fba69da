/* pages_html_int.h: the pieces pages.c makes that both pages use
 * (pages_episode.c, pages_index.c). Each appends HTML to b; running out of
 * memory marks b (pk_buf_ok), checked once the page is done. prefix is ""
 * for a page in feed/, "../" for one in feed/episodes/.
 */
#ifndef PODKIT_PAGES_HTML_INT_H
#define PODKIT_PAGES_HTML_INT_H

#include <stddef.h>

#include "base/buf_int.h"
#include "pages/pages_int.h"

/* s HTML-escaped for text or a quoted attribute value (NULL: nothing;
 * control characters other than tab and newline become spaces). */
void pk_page_esc(struct pk_buf *b, const char *s);

/* An attribute value from a URL: only http(s), mailto and relative URLs
 * make it into a link; anything else (javascript:...) becomes "#". */
void pk_page_esc_url(struct pk_buf *b, const char *url);

/* "42 min" or "1 h 5 min" into buf. */
void pk_page_length_text(double t, char *buf, size_t size);

/* <time datetime="2026-01-05">5 January 2026</time>, the date as written
 * (in the episode's own time zone). */
void pk_page_date_html(struct pk_buf *b, const struct pk_episode *ep);

/* Where the build publishes a local image (images/NAME for the show,
 * images/SLUG-NAME for an episode); a URL stays as it is. */
void pk_page_image_href(struct pk_buf *b, const struct pk_episode *ep,
			const char *image, const char *prefix);

/* The page's start, up to <body>: title, description, the feed's link,
 * the style sheet. */
void pk_page_head(struct pk_buf *b, const struct pk_show *show,
		  const char *title, const char *description,
		  const char *prefix);

/* The page's end; with_script adds the few lines that make times seek
 * the player. */
void pk_page_foot(struct pk_buf *b, const struct pk_show *show,
		  const char *prefix, int with_script);

/* A host or guest: name, role (role when p has none), image, link. */
void pk_page_person(struct pk_buf *b, const struct pk_person *p,
		    const char *role);

#endif
