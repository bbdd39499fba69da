/* chapters_int.h: an episode's chapters as files: the Podcasting 2.0 JSON
 * chapters file (podcast:chapters, version 1.2.0).
 *
 * The chapters themselves live in the show model (struct pk_chapter in
 * show.h, start in seconds); this module only writes them out.
 */
#ifndef PODKIT_CHAPTERS_H
#define PODKIT_CHAPTERS_H

#include "podkit/error.h"
#include "podkit/show.h"

/* The MIME type podcast:chapters gives the JSON file. */
#define PK_CHAPTERS_JSON_TYPE "application/json+chapters"

/* Renders ep's chapters as a JSON chapters document: {"version": "1.2.0",
 * "title", "podcastName", "chapters": [{"startTime", "title", "url",
 * "img"}]}, keys in that order, two-space indent, newline at the end.
 * Returns a malloc'd string the caller frees, or NULL (out of memory).
 * show and ep are borrowed. */
char *pk_chapters_json(const struct pk_show *show,
		       const struct pk_episode *ep);

/* Writes that document to path atomically. Returns 0, PK_ENOMEM or
 * PK_EIO (err names the file). */
int pk_chapters_write_json(const struct pk_show *show,
			   const struct pk_episode *ep, const char *path,
			   struct pk_error *err);

#endif
