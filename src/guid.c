/* guid.c: UUIDv5 with OpenSSL's SHA-1, and the podcast and episode guids
 * built from it; libuuid parses and prints the text form. */
#include "podkit/guid.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <uuid/uuid.h>

int pk_uuid5(const char *ns, const void *name, size_t len,
	     char out[PK_UUID_STR])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;
	uuid_t nsid, id;
	int ok;

	if (!ns || uuid_parse(ns, nsid) != 0)
		return PK_EINVAL;
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return PK_ENOMEM;
	ok = EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1 &&
	     EVP_DigestUpdate(ctx, nsid, sizeof(uuid_t)) == 1 &&
	     EVP_DigestUpdate(ctx, name, len) == 1 &&
	     EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 && mdlen >= 16;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return PK_EINTERNAL;
	memcpy(id, md, 16);
	id[6] = (unsigned char)((id[6] & 0x0f) | 0x50); /* version 5 */
	id[8] = (unsigned char)((id[8] & 0x3f) | 0x80); /* RFC 4122 variant */
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
