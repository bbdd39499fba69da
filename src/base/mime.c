/* mime.c: the extension -> MIME type table (see base/mime_int.h). */
#include "base/mime_int.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/* The parameter a UTF-8 text type carries when a caller sends one. */
#define UTF8 "; charset=utf-8"

/* Audio as podcast directories expect it (Apple takes audio/x-m4a for
 * .m4a, audio/mpeg for .mp3; an Ogg Opus file is audio/ogg), then what
 * a show's folder and pages hold. */
static const struct pk_mime table[] = {
    {"mp3", "audio/mpeg", NULL},
    {"m4a", "audio/x-m4a", NULL},
    {"m4b", "audio/x-m4a", NULL},
    {"mp4", "audio/mp4", NULL},
    {"aac", "audio/aac", NULL},
    {"ogg", "audio/ogg", NULL},
    {"oga", "audio/ogg", NULL},
    {"opus", "audio/ogg", NULL},
    {"flac", "audio/flac", NULL},
    {"wav", "audio/wav", NULL},
    {"webm", "audio/webm", NULL},
    {"aif", "audio/aiff", NULL},
    {"aiff", "audio/aiff", NULL},
    {"m4v", "video/x-m4v", NULL},
    {"rss", "application/rss+xml", "application/rss+xml" UTF8},
    {"xml", "application/xml", "application/xml" UTF8},
    {"json", "application/json", NULL},
    {"vtt", "text/vtt", "text/vtt" UTF8},
    {"srt", "application/x-subrip", NULL},
    {"html", "text/html", "text/html" UTF8},
    {"htm", "text/html", "text/html" UTF8},
    {"css", "text/css", "text/css" UTF8},
    {"js", "text/javascript", "text/javascript" UTF8},
    {"txt", "text/plain", "text/plain" UTF8},
    {"md", "text/markdown", "text/markdown" UTF8},
    {"jpg", "image/jpeg", NULL},
    {"jpeg", "image/jpeg", NULL},
    {"png", "image/png", NULL},
    {"webp", "image/webp", NULL},
    {"gif", "image/gif", NULL},
    {"svg", "image/svg+xml", NULL},
    {"ico", "image/x-icon", NULL},
    {"pdf", "application/pdf", NULL},
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
