/* mime.c: the extension -> MIME type table (see base/mime_int.h). */
#include "base/mime_int.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#define UTF8 "; charset=utf-8"
#define TEXT(ext, type) {ext, type, type UTF8}
#define BIN(ext, type) {ext, type, NULL}

/* Audio as podcast directories expect it (Apple takes audio/x-m4a for
 * .m4a, audio/mpeg for .mp3; an Ogg Opus file is audio/ogg), then what
 * a show's folder and pages hold. */
static const struct pk_mime table[] = {
	BIN("mp3", "audio/mpeg"),
	BIN("m4a", "audio/x-m4a"),
	BIN("m4b", "audio/x-m4a"),
	BIN("mp4", "audio/mp4"),
	BIN("aac", "audio/aac"),
	BIN("ogg", "audio/ogg"),
	BIN("oga", "audio/ogg"),
	BIN("opus", "audio/ogg"),
	BIN("flac", "audio/flac"),
	BIN("wav", "audio/wav"),
	BIN("webm", "audio/webm"),
	BIN("aif", "audio/aiff"),
	BIN("aiff", "audio/aiff"),
	BIN("m4v", "video/x-m4v"),
	TEXT("rss", "application/rss+xml"),
	TEXT("xml", "application/xml"),
	BIN("json", "application/json"),
	TEXT("vtt", "text/vtt"),
	BIN("srt", "application/x-subrip"),
	TEXT("html", "text/html"),
	TEXT("htm", "text/html"),
	TEXT("css", "text/css"),
	TEXT("js", "text/javascript"),
	TEXT("txt", "text/plain"),
	TEXT("md", "text/markdown"),
	BIN("jpg", "image/jpeg"),
	BIN("jpeg", "image/jpeg"),
	BIN("png", "image/png"),
	BIN("webp", "image/webp"),
	BIN("gif", "image/gif"),
	BIN("svg", "image/svg+xml"),
	BIN("ico", "image/x-icon"),
	BIN("pdf", "application/pdf"),
};

const struct pk_mime *pk_mime_by_ext(const char *ext)
{
	size_t i;

	for (i = 0; ext && i < sizeof(table) / sizeof(table[0]); i++)
		if (strcasecmp(ext, table[i].ext) == 0)
			return &table[i];
	return NULL;
}

const struct pk_mime *pk_mime_by_name(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash + 1 : name, '.');

	return dot ? pk_mime_by_ext(dot + 1) : NULL;
}

int pk_mime_is_audio(const struct pk_mime *m)
{
	return m && strncmp(m->type, "audio/", 6) == 0;
}
