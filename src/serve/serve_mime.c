/* serve_mime.c: MIME types by file name, and which ones to gzip. */
#include "podkit/serve.h"

#include <string.h>
#include <strings.h>

static const struct {
	const char *ext;
	const char *mime;
} types[] = {
	{".mp3", "audio/mpeg"},
	{".m4a", "audio/x-m4a"},
	{".m4b", "audio/x-m4a"},
	{".aac", "audio/aac"},
	{".mp4", "video/mp4"},
	{".m4v", "video/x-m4v"},
	{".ogg", "audio/ogg"},
	{".oga", "audio/ogg"},
	{".opus", "audio/ogg"},
	{".flac", "audio/flac"},
	{".wav", "audio/wav"},
	{".rss", "application/rss+xml; charset=utf-8"},
	{".xml", "application/xml; charset=utf-8"},
	{".json", "application/json"},
	{".vtt", "text/vtt; charset=utf-8"},
	{".srt", "application/x-subrip"},
	{".html", "text/html; charset=utf-8"},
	{".htm", "text/html; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".txt", "text/plain; charset=utf-8"},
	{".md", "text/markdown; charset=utf-8"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".png", "image/png"},
	{".webp", "image/webp"},
	{".gif", "image/gif"},
	{".svg", "image/svg+xml"},
	{".ico", "image/x-icon"},
	{".pdf", "application/pdf"},
};

const char *pk_serve_mime(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	const char *dot = strrchr(base, '.');
	size_t i;

	/* The feed is RSS whatever its extension says. */
	if (strcasecmp(base, "feed.xml") == 0)
		return "application/rss+xml; charset=utf-8";
	if (!dot)
		return "application/octet-stream";
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(dot, types[i].ext) == 0)
			return types[i].mime;
	return "application/octet-stream";
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
