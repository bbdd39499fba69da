/* guid.c: UUIDv5 (libuuid's), and the podcast and episode guids built
 * from it. */
#include "base/guid_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <uuid/uuid.h>

int pk_uuid5(const char *ns, const void *name, size_t len,
	     char out[PK_UUID_STR])
{
	uuid_t nsid, id;

	if (!ns || uuid_parse(ns, nsid) != 0)
		return PK_EINVAL;
	/* RFC 4122 version 5: SHA-1 of the namespace and the name, with the
	 * version and variant bits set. */
	uuid_generate_sha1(id, nsid, (const char *)name, len);
	uuid_unparse_lower(id, out);
	return 0;
}

int pk_podcast_guid(const char *feed_url, char out[PK_UUID_STR])
{
	const char *p = feed_url, *s;
	size_t n;

	if (!feed_url)
		return PK_EINVAL;
	/* Drop "scheme://" when the part before "://" looks like a scheme. */
	s = strstr(p, "://");
	if (s) {
		const char *q = p;

		while (q < s && (isalnum((unsigned char)*q) || *q == '+' ||
				 *q == '-' || *q == '.'))
			q++;
		if (q == s && s > p)
			p = s + 3;
	}
	n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	return pk_uuid5(PK_PODCAST_NAMESPACE, p, n, out);
}

int pk_episode_guid(const char *podcast_guid, int folder_number,
		    char out[PK_UUID_STR])
{
	char name[24];
	int n = snprintf(name, sizeof(name), "%03d", folder_number);

	return pk_uuid5(podcast_guid, name, (size_t)n, out);
}

void pk_uuid_random(char out[PK_UUID_STR])
{
	uuid_t id;

	uuid_generate_random(id);
	uuid_unparse_lower(id, out);
}

int pk_uuid_valid(const char *s)
{
	uuid_t id;

	return s && strlen(s) == 36 && uuid_parse(s, id) == 0;
}
