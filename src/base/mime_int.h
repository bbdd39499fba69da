/* mime_int.h: the one table from a file extension to its MIME type, for
 * the feed's enclosures, the server and the publish targets.
 *
 * A type is stored bare ("text/html"); a UTF-8 text type also has its
 * form with the charset ("text/html; charset=utf-8"), for the callers
 * that send one. What a caller does differently (the server's video/mp4,
 * which types an upload labels with a charset) stays at that caller.
 * Includes nothing. */
#ifndef PODKIT_MIME_INT_H
#define PODKIT_MIME_INT_H

struct pk_mime {
	const char *ext;     /* "mp3": lowercase, without the dot */
	const char *type;    /* "audio/mpeg", without parameters */
	const char *charset; /* "text/vtt; charset=utf-8" for UTF-8 text,
				else NULL */
};

/* The row for an extension (without the dot, any case), or NULL when the
 * table does not know it. Borrowed: the table is static. */
const struct pk_mime *pk_mime_by_ext(const char *ext);

/* The row for a file name or URL path by its extension: what follows the
 * last '.' of its last '/'-separated part ("a/b.MP3" -> mp3), or NULL when
 * it has none or the table does not know it. */
const struct pk_mime *pk_mime_by_name(const char *name);

/* 1 when the type is an audio one ("audio/..."). */
int pk_mime_is_audio(const struct pk_mime *m);

#endif
