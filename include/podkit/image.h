/* image.h: cover art: checked against what Apple Podcasts accepts, and
 * the copies the build publishes and embeds.
 *
 * Images are decoded with libavformat/libavcodec (so the check looks at
 * the pixels' real format, not at the file name), scaled with libswscale
 * and encoded with ffmpeg's mjpeg encoder.
 */
#ifndef PODKIT_IMAGE_H
#define PODKIT_IMAGE_H

#include "podkit/error.h"

#define PK_COVER_MIN 1400
#define PK_COVER_MAX 3000
#define PK_COVER_SMALL 1400 /* the copy embedded in tags */

enum pk_image_kind { PK_IMAGE_OTHER = 0, PK_IMAGE_JPEG, PK_IMAGE_PNG };

struct pk_image_info {
	int width, height;
	enum pk_image_kind kind;
	char codec[32];   /* ffmpeg's codec name: "mjpeg", "png", "webp" */
	char pix_fmt[32]; /* as decoded: "yuvj420p", "rgb24", "gbrap"... */
};

/* Decodes the first picture of path and fills info. Returns 0, or
 * PK_EMEDIA when it is not an image ffmpeg can decode, PK_EIO when it
 * cannot be read. */
int pk_image_probe(const char *path, struct pk_image_info *info,
		   struct pk_error *err);

/* Checks path as cover art: JPEG or PNG, square, 1400 to 3000 px, RGB
 * (not CMYK, not greyscale, no alpha channel). On failure returns
 * PK_EINVAL (PK_EMEDIA / PK_EIO as pk_image_probe) with a message that
 * says what is wrong and how to fix it, "cover.png: ...". info may be
 * NULL. */
int pk_image_check(const char *path, struct pk_image_info *info,
		   struct pk_error *err);

/* Writes the two published copies of a checked cover: full (the original
 * file, unchanged) and small (a PK_COVER_SMALL px JPEG scaled with
 * libswscale); either may be NULL. Both written atomically. */
int pk_image_write_covers(const char *src, const char *full,
			  const char *small, struct pk_error *err);

/* Scales src to a size x size JPEG at dst (atomically). */
int pk_image_scale_jpeg(const char *src, const char *dst, int size,
			struct pk_error *err);

#endif
