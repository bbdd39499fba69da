/* chapter_formats.h: chapters in and out of the formats people edit them
 * in: Audacity label files, plain "HH:MM:SS Title" lines, and Podcasting
 * 2.0 chapters JSON; and the checks every chapter list must pass.
 *
 * The model is show.h's struct pk_chapter (start in seconds, title, url,
 * img, line), the same one episode.md's `chapters:` fills, so chapters
 * converted here become ID3 CHAP frames, the JSON chapters file, psc
 * chapters and the notes' list without another conversion.
 */
#ifndef PODKIT_CHAPTER_FORMATS_H
#define PODKIT_CHAPTER_FORMATS_H

#include <stddef.h>

#include "podkit/diag.h"
#include "podkit/error.h"
#include "podkit/show.h"

enum pk_chapter_format {
	PK_CHAPTERS_AUTO = 0, /* by name, then by content */
	PK_CHAPTERS_JSON,     /* {"version":"1.2.0","chapters":[...]} */
	PK_CHAPTERS_AUDACITY, /* "start<TAB>end<TAB>label", seconds */
	PK_CHAPTERS_TEXT      /* "HH:MM:SS Title" (or MM:SS), one a line */
};

/* A parsed list: chapters (owned) and, when the format gives them, the
 * end of the last chapter (last_end < 0 when unknown). */
struct pk_chapter_list {
	struct pk_chapter *v;
	size_t n;
	double last_end;
};

void pk_chapter_list_init(struct pk_chapter_list *l);
void pk_chapter_list_release(struct pk_chapter_list *l);

/* "json", "audacity", "text" (also "txt", "labels") -> the format;
 * PK_CHAPTERS_AUTO for anything else. */
enum pk_chapter_format pk_chapter_format_by_name(const char *name);

/* The format a file name suggests (.json, .txt with tabs is Audacity's,
 * other .txt plain lines), looking at data when the name says nothing. */
enum pk_chapter_format pk_chapter_format_guess(const char *path,
					       const char *data);

/* Parses data (NUL-terminated) in format fmt into l (initialised by the
 * caller). file names the source in messages ("chapters.txt:3: ..."). On
 * error returns PK_EINVAL with the first problem in err and l empty. */
int pk_chapters_parse(const char *data, const char *file,
		      enum pk_chapter_format fmt, struct pk_chapter_list *l,
		      struct pk_error *err);

/* Reads and parses a file (format AUTO guesses it). */
int pk_chapters_load(const char *path, enum pk_chapter_format fmt,
		     struct pk_chapter_list *l, struct pk_error *err);

/* Writes v in format fmt (not AUTO) into a malloc'd string the caller
 * frees (*out). duration (seconds, 0 when unknown) ends the last
 * Audacity label. Returns 0 or PK_ENOMEM / PK_EINVAL. */
int pk_chapters_format(const struct pk_chapter *v, size_t n,
		       enum pk_chapter_format fmt, double duration,
		       char **out, struct pk_error *err);

/* Checks a chapter list: titles present, starts ascending (strictly),
 * every start inside the duration, and the last chapter ending at the end
 * (last_end < 0 when unknown; within half a second). duration 0 skips the
 * duration checks. A first chapter that does not start at 0 is a warning.
 * Problems go to d as errors with file and each chapter's line. Returns the
 * number of errors added. */
size_t pk_chapters_validate(const struct pk_chapter *v, size_t n,
			    double duration, double last_end,
			    const char *file, struct pk_diags *d);

/* Formats seconds as "HH:MM:SS" ("HH:MM:SS.mmm" when not whole) into
 * buf (at least 16 bytes). Returns buf. */
char *pk_chapter_time_format(double seconds, char *buf, size_t size);

/* Parses "HH:MM:SS", "MM:SS" or "SS", each with optional ".fraction".
 * Returns 0 or PK_EINVAL. */
int pk_chapter_time_parse(const char *s, double *seconds);

#endif
