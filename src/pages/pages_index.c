/* pages_index.c: the show's page (index.html): the show, its people and
 * its episodes, newest first. */
#include "pages/pages_html_int.h"

#include <stdlib.h>
#include <string.h>

#include "model/layout_int.h"

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
			pk_page_esc(b, para);
			pk_buf_puts(b, "</p>\n");
		}
		free(para);
		p += n;
		while (*p == '\n')
			p++;
	}
}

char *pk_page_index(const struct pk_show *show,
		    const struct pk_episode *const *eps, size_t n)
{
	struct pk_buf b;
	char len[32], page[4096];
	size_t i;

	pk_buf_init(&b);
	pk_page_head(&b, show, show->title ? show->title : "",
		     show->description, "");
	pk_buf_puts(&b, "<main>\n<header>\n");
	if (show->image) {
		pk_buf_puts(&b, "<img class=\"cover\" src=\"");
		pk_page_image_href(&b, NULL, show->image, "");
		pk_buf_puts(&b, "\" alt=\"Cover art: ");
		pk_page_esc(&b, show->title);
		pk_buf_puts(&b, "\" width=\"400\" height=\"400\">\n");
	}
	pk_buf_puts(&b, "<h1>");
	pk_page_esc(&b, show->title);
	pk_buf_puts(&b, "</h1>\n");
	if (show->author && *show->author) {
		pk_buf_puts(&b, "<p class=\"meta\">By ");
		pk_page_esc(&b, show->author);
		pk_buf_puts(&b, "</p>\n");
	}
	pk_buf_puts(&b, "</header>\n");
	paragraphs(&b, show->description);

	pk_buf_puts(&b, "<section aria-labelledby=\"subscribe\">\n"
			"<h2 id=\"subscribe\">Subscribe</h2>\n"
			"<ul class=\"subscribe\">\n<li><a href=\"");
	if (show->feed_url)
		pk_page_esc_url(&b, show->feed_url);
	else
		pk_buf_puts(&b, "feed.xml");
	pk_buf_puts(&b, "\" type=\"application/rss+xml\">RSS feed</a></li>\n");
	for (i = 0; i < show->nsubscribe; i++) {
		pk_buf_puts(&b, "<li><a href=\"");
		pk_page_esc_url(&b, show->subscribe[i].url);
		pk_buf_puts(&b, "\">");
		pk_page_esc(&b, show->subscribe[i].name);
		pk_buf_puts(&b, "</a></li>\n");
	}
	pk_buf_puts(&b, "</ul>\n");
	if (show->feed_url) {
		pk_buf_puts(&b, "<p>Or paste this address into your podcast "
				"app: <code>");
		pk_page_esc(&b, show->feed_url);
		pk_buf_puts(&b, "</code></p>\n");
	}
	pk_buf_puts(&b, "</section>\n");

	if (show->nhosts) {
		pk_buf_puts(&b, "<section aria-labelledby=\"hosts\">\n"
				"<h2 id=\"hosts\">Hosts</h2>\n"
				"<ul class=\"people\">\n");
		for (i = 0; i < show->nhosts; i++)
			pk_page_person(&b, &show->hosts[i], "host");
		pk_buf_puts(&b, "</ul>\n</section>\n");
	}
	if (show->nfunding) {
		pk_buf_puts(&b, "<section aria-labelledby=\"support\">\n"
				"<h2 id=\"support\">Support the show</h2>\n"
				"<ul>\n");
		for (i = 0; i < show->nfunding; i++) {
			pk_buf_puts(&b, "<li><a href=\"");
			pk_page_esc_url(&b, show->funding[i].url);
			pk_buf_puts(&b, "\">");
			pk_page_esc(&b, show->funding[i].title
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
		pk_page_esc(&b, pk_layout_page_path(ep, page, sizeof(page)));
		pk_buf_puts(&b, "\">");
		pk_page_esc(&b, ep->title);
		pk_buf_puts(&b, "</a></h3>\n<p class=\"meta\">");
		if (ep->number)
			pk_buf_printf(&b, "Episode %d · ", ep->number);
		pk_page_date_html(&b, ep);
		if (ep->media.duration > 0) {
			pk_page_length_text(ep->media.duration, len,
					    sizeof(len));
			pk_buf_printf(&b, " · %s", len);
		}
		pk_buf_puts(&b, "</p>\n");
		if (ep->summary && *ep->summary) {
			pk_buf_puts(&b, "<p>");
			pk_page_esc(&b, ep->summary);
			pk_buf_puts(&b, "</p>\n");
		}
		pk_buf_puts(&b, "</li>\n");
	}
	if (n)
		pk_buf_puts(&b, "</ul>\n");
	pk_buf_puts(&b, "</section>\n</main>\n");
	pk_page_foot(&b, show, "", 0);
	return pk_buf_detach(&b);
}
