/* serve_mime.c: MIME types by file name, and which ones to gzip. */
#include "serve/serve_mime_int.h"

#include <string.h>
#include <strings.h>

#include "base/mime_int.h"

const char *pk_serve_mime(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	const struct pk_mime *m;

	/* The feed is RSS whatever its extension says. */
	if (strcasecmp(base, "feed.xml") == 0)
		m = pk_mime_by_ext("rss");
	else
		m = pk_mime_by_name(base);
	if (!m)
		return "application/octet-stream";
	/* A browser is sent an .mp4 as video/mp4, the type it plays such a
	 * file as; the feed's enclosure says audio/mp4. */
	if (strcmp(m->ext, "mp4") == 0)
		return "video/mp4";
	/* Text goes out with its charset. */
	return m->charset ? m->charset : m->type;
}

int pk_serve_compressible(const char *mime)
{
	return strncmp(mime, "text/", 5) == 0 ||
	       strncmp(mime, "application/json", 16) == 0 ||
	       strncmp(mime, "application/xml", 15) == 0 ||
	       strncmp(mime, "application/rss+xml", 19) == 0 ||
	       strncmp(mime, "application/x-subrip", 20) == 0 ||
	       strncmp(mime, "image/svg+xml", 13) == 0;
}
