/* prefix_int.h: an enclosure URL wrapped in analytics prefixes (show.yaml
 * `prefixes:`), the way OP3, Podtrac and the like document it: each
 * prefix is followed by the URL it wraps, without that URL's scheme. The
 * first prefix is the outermost: an app asks it first, it redirects to
 * the next, and the last redirects to the file.
 *
 *   url      https://cdn.example.com/audio/1.mp3
 *   prefixes https://op3.dev/e/, https://stats.example.com/
 *   wrapped  https://op3.dev/e/stats.example.com/cdn.example.com/audio/1.mp3
 *
 * Includes nothing. */
#ifndef PODKIT_PREFIX_INT_H
#define PODKIT_PREFIX_INT_H

#include <stddef.h>

/* The wrapped URL as a malloc'd string the caller frees (a copy of url
 * when n is 0), or NULL when out of memory. */
char *pk_url_wrap(const char *url, char *const *prefixes, size_t n);

#endif
