/* mp4_chapters.h: chapters in MP4/M4A files, through libavformat.
 *
 * TagLib 1.13 neither reads nor writes MP4 chapters, so podkit remuxes the
 * file (stream copy, no decoding) with libavformat's mov muxer, which
 * writes the chapters both as a QuickTime chapter text track (Apple) and
 * as a Nero "chpl" atom (most other players). The tag shim calls this
 * before TagLib adds the tags.
 */
#ifndef PODKIT_MP4_CHAPTERS_H
#define PODKIT_MP4_CHAPTERS_H

#include <stddef.h>

#include "podkit/error.h"
#include "podkit/tag.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Copies the audio of in to out (a new file; out_format names the muxer,
 * e.g. "ipod" for .m4a, NULL to guess from out's name) with the n
 * chapters given (n may be 0: old chapters are dropped). Metadata is not
 * copied: the tag shim writes it afterwards. */
int pk_mp4_remux_chapters(const char *in, const char *out,
			  const char *out_format,
			  const struct pk_tag_chapter *ch, size_t n,
			  struct pk_error *err);

/* Reads the chapters of path into a malloc'd array (*out, *n) the caller
 * frees with pk_tag_chapters_free; *duration (optional) gets the length
 * of the audio in seconds. */
int pk_mp4_read_chapters(const char *path, struct pk_tag_chapter **out,
			 size_t *n, double *duration, struct pk_error *err);

void pk_tag_chapters_free(struct pk_tag_chapter *ch, size_t n);

#ifdef __cplusplus
}
#endif

#endif
