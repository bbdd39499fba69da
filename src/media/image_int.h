/* image_int.h: cover art decoded into a frame, for the folders that draw
 * with it (src/clip/). */
#ifndef PODKIT_IMAGE_INT_H
#define PODKIT_IMAGE_INT_H

#include <libavutil/frame.h>

#include "podkit/error.h"

/* Decodes the first picture of the local file path into *out, in the
 * pixel format its decoder gives (the caller frees it with
 * av_frame_free). Returns 0, PK_EIO when it cannot be read, PK_EMEDIA
 * when it is not an image ffmpeg decodes. */
int pk_image_decode(const char *path, AVFrame **out, struct pk_error *err);

#endif
