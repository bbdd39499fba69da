/* guid_int.h: the stable identifiers of a podcast and its episodes.
 *
 * podcast:guid is a UUIDv5 (RFC 4122, SHA-1) of the feed URL without its
 * scheme and trailing slashes, in the Podcasting 2.0 namespace
 * ead4c236-bf58-58c6-a2c6-a6b28d128cb6. An episode without a guid of its
 * own gets a UUIDv5 in the namespace of its show's podcast guid of its
 * folder number ("003"), so the guid stays the same from build to build.
 */
#ifndef PODKIT_GUID_H
#define PODKIT_GUID_H

#include <stddef.h>

#include "podkit/error.h"

/* Room for a UUID's text form "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
#define PK_UUID_STR 37

/* The Podcasting 2.0 namespace for podcast:guid. */
#define PK_PODCAST_NAMESPACE "ead4c236-bf58-58c6-a2c6-a6b28d128cb6"

/* Writes the UUIDv5 of name (len bytes) in namespace ns (text form) to
 * out, lowercase. Returns 0, or PK_EINVAL when ns is not a UUID. */
int pk_uuid5(const char *ns, const void *name, size_t len,
	     char out[PK_UUID_STR]);

/* The podcast:guid of a feed URL: its scheme ("https://") and trailing
 * slashes are dropped first. Returns 0 or a PK_E* code. */
int pk_podcast_guid(const char *feed_url, char out[PK_UUID_STR]);

/* The derived guid of an episode: UUIDv5 in namespace podcast_guid of the
 * folder number written as three digits ("003"). */
int pk_episode_guid(const char *podcast_guid, int folder_number,
		    char out[PK_UUID_STR]);

/* A random (version 4) UUID, lowercase, for `podkit new`. */
void pk_uuid_random(char out[PK_UUID_STR]);

/* 1 when s is a UUID in text form (either case), else 0. */
int pk_uuid_valid(const char *s);

#endif
