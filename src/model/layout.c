/* layout.c: where each output lives under feed/ and its public URL. */
#include "model/layout_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf_int.h"
#include "base/url_int.h"

/* Joins a base URL and a relative path with exactly one slash. */
static char *url_join(const char *base, size_t blen, const char *rel)
{
	char *u;

	while (*rel == '/')
		rel++;
	u = malloc(blen + strlen(rel) + 2);
	if (!u)
		return NULL;
	memcpy(u, base, blen);
	if (blen == 0 || base[blen - 1] != '/')
		u[blen++] = '/';
	strcpy(u + blen, rel);
	return u;
}

char *pk_layout_file_url(const struct pk_show *show, const char *rel)
{
	const char *base = show->feed_url, *slash;

	if (base) {
		/* The folder of feed.xml: up to its last slash past the
		 * scheme's "//". */
		const char *host = strstr(base, "//");

		host = host ? host + 2 : base;
		slash = strrchr(host, '/');
		if (slash)
			return url_join(base, (size_t)(slash + 1 - base), rel);
		return url_join(base, strlen(base), rel);
	}
	base = show->link ? show->link : "";
	return url_join(base, strlen(base), rel);
}

char *pk_layout_episode_link(const struct pk_show *show,
			     const struct pk_episode *ep)
{
	char rel[1024];

	if (!show->link)
		return NULL;
	pk_layout_page_path(ep, rel, sizeof(rel));
	return url_join(show->link, strlen(show->link), rel);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

char *pk_layout_chapters_path(const struct pk_episode *ep, char *buf,
			      size_t size)
{
	if (ep->nchapters == 0)
		return NULL;
	snprintf(buf, size, "chapters/%s.json", ep->slug);
	return buf;
}

char *pk_layout_transcript_path(const struct pk_episode *ep, char *buf,
				size_t size)
{
	if (!ep->transcript || pk_url_is_http(ep->transcript))
		return NULL;
	/* Whatever it was written in, the build writes it as .vtt (and
	 * .srt and .json beside it). */
	snprintf(buf, size, "transcripts/%s.vtt", ep->slug);
	return buf;
}

char *pk_layout_image_path(const struct pk_episode *ep, const char *image,
			   char *buf, size_t size)
{
	if (!image || pk_url_is_http(image))
		return NULL;
	if (ep)
		snprintf(buf, size, "images/%s-%s", ep->slug, base_name(image));
	else
		snprintf(buf, size, "images/%s", base_name(image));
	return buf;
}

char *pk_layout_small_image_path(const char *rel, char *buf, size_t size)
{
	const char *dot = strrchr(rel, '.');
	int n = dot ? (int)(dot - rel) : (int)strlen(rel);

	snprintf(buf, size, "%.*s-1400.jpg", n, rel);
	return buf;
}

char *pk_layout_page_path(const struct pk_episode *ep, char *buf, size_t size)
{
	snprintf(buf, size, "episodes/%s.html", ep->slug);
	return buf;
}

char *pk_layout_clip_path(const struct pk_episode *ep, size_t n,
			  const char *ext, char *buf, size_t size)
{
	snprintf(buf, size, "video/%s-%zu.%s", ep->slug, n, ext);
	return buf;
}

char *pk_layout_audio_path(const struct pk_episode *ep, const char *hex,
			   const char *ext, char *buf, size_t size)
{
	snprintf(buf, size, "audio/%s-%.12s.%s", ep->slug, hex, ext);
	return buf;
}

char *pk_layout_encoded_path(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "audio/%s", name);
	return buf;
}

/* The enclosure's URL: media_url + path, percent-encoded. */
int pk_media_set_path(const struct pk_show *s, struct pk_media *m,
		      const char *path, struct pk_error *err)
{
	static const char hex[] = "0123456789ABCDEF";
	struct pk_buf b;
	const char *base = s->media_url ? s->media_url : "";
	size_t n = strlen(base);
	const unsigned char *p;
	char *np;

	pk_buf_init(&b);
	while (n > 0 && base[n - 1] == '/')
		n--;
	pk_buf_append(&b, base, n);
	pk_buf_putc(&b, '/');
	p = (const unsigned char *)path;
	while (*p == '/')
		p++;
	/* Percent-encode what cannot stand in a URL path. */
	for (; *p; p++) {
		if (isalnum(*p) || strchr("-._~/!$&'()*+,;=:@%", *p)) {
			pk_buf_putc(&b, (char)*p);
		} else {
			pk_buf_putc(&b, '%');
			pk_buf_putc(&b, hex[*p >> 4]);
			pk_buf_putc(&b, hex[*p & 15]);
		}
	}
	np = strdup(path);
	if (!np || pk_buf_ok(&b)) {
		free(np);
		pk_buf_release(&b);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	free(m->path);
	free(m->url);
	m->path = np;
	m->url = pk_buf_detach(&b);
	if (!m->url)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	return 0;
}
