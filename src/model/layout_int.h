/* layout_int.h: the output layout: where each file a build publishes lives
 * under the output folder (feed/), and its public URL. The one home of
 * these names: the feed links them, the pages link them, the build writes
 * them. Model level (needs only show.h and base), so feed/, pages/ and
 * build/ all use it.
 *
 * Paths relative to the output folder, the public root it is uploaded to
 * (the folder of feed_url):
 *   feed.xml                 the feed
 *   index.html               the show's page
 *   episodes/SLUG.html       an episode's page, under the show's link
 *   audio/SLUG-HASH.EXT      a local enclosure, named by its content
 *   audio/NAME               one the build encoded (normalised)
 *   chapters/SLUG.json       the JSON chapters of an episode
 *   transcripts/SLUG.vtt     its transcript, also as .srt and .json
 *   images/NAME              the show's cover when it is a file
 *   images/SLUG-NAME         an episode's image when it is a file
 *   images/NAME-1400.jpg     the 1400 px copy of either (embedded in tags)
 *   video/SLUG-N.mp4         the clip of its Nth soundbite (clips: true),
 *   video/SLUG-N.jpg         and its poster
 * Enclosures use ep->media.url: media_url + the file's path
 * (pk_media_set_path).
 *
 * The *_path functions write into buf (PATH_MAX is plenty) and return it,
 * or NULL when there is nothing to publish (no chapters, no transcript,
 * no image file).
 */
#ifndef PODKIT_LAYOUT_INT_H
#define PODKIT_LAYOUT_INT_H

#include <stddef.h>

#include "podkit/show.h"

/* "chapters/SLUG.json"; NULL when the episode has no chapters. */
char *pk_layout_chapters_path(const struct pk_episode *ep, char *buf,
			      size_t size);

/* "transcripts/SLUG.vtt" (.srt and .json beside it); NULL when there is
 * no transcript file. */
char *pk_layout_transcript_path(const struct pk_episode *ep, char *buf,
				size_t size);

/* "images/SLUG-NAME" for an episode's image, "images/NAME" (ep NULL) for
 * the show's cover; NULL when image is NULL or a URL. */
char *pk_layout_image_path(const struct pk_episode *ep, const char *image,
			   char *buf, size_t size);

/* "images/NAME-1400.jpg" for the image published at rel
 * ("images/NAME.EXT"): the small copy tags embed. */
char *pk_layout_small_image_path(const char *rel, char *buf, size_t size);

/* "episodes/SLUG.html": the episode's page. */
char *pk_layout_page_path(const struct pk_episode *ep, char *buf, size_t size);

/* "video/SLUG-N.EXT": the clip of the episode's Nth soundbite (from 1),
 * ext "mp4", or its poster, ext "jpg". */
char *pk_layout_clip_path(const struct pk_episode *ep, size_t n,
			  const char *ext, char *buf, size_t size);

/* "audio/SLUG-HASH.EXT": a local enclosure named by its content (the
 * first 12 hex digits of hex, its SHA-256), so a changed recording gets a
 * new URL. */
char *pk_layout_audio_path(const struct pk_episode *ep, const char *hex,
			   const char *ext, char *buf, size_t size);

/* "audio/NAME": a file the audio step encoded (its name, content-named
 * too, chosen by the encoder). */
char *pk_layout_encoded_path(const char *name, char *buf, size_t size);

/* The public URL of a file under the feed's folder: the folder of
 * feed_url (or the show's link when there is none) + rel. Returns a
 * malloc'd string the caller frees, or NULL when out of memory. */
char *pk_layout_file_url(const struct pk_show *show, const char *rel);

/* The episode's page: show->link + "episodes/" + slug + ".html".
 * malloc'd, or NULL (out of memory, or no link). */
char *pk_layout_episode_link(const struct pk_show *show,
			     const struct pk_episode *ep);

/* Sets media.path and fills media.url from it and the show's media_url. */
int pk_media_set_path(const struct pk_show *show, struct pk_media *m,
		      const char *path, struct pk_error *err);

#endif
