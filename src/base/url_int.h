/* url_int.h: whether a string is an http(s) URL: the one check for "a remote
 * file or a local path" (feed, pages, build, podkit tag) and for "a URL a
 * podcast app can fetch" (show.yaml's fields, lint).
 *
 * Includes nothing; neither function allocates or keeps its argument. */
#ifndef PODKIT_URL_H
#define PODKIT_URL_H

/* 1 when s begins with "http://" or "https://", in any case: it names a
 * remote file rather than a local path. 0 otherwise, and for NULL. */
int pk_url_is_http(const char *s);

/* 1 when s is an http(s) URL with a host (something other than '/' right
 * after the "//") and no space or control character anywhere. 0 otherwise,
 * and for NULL. */
int pk_url_is_http_with_host(const char *s);

#endif
