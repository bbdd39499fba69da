/* test_guid.c: UUIDv5, the Podcasting 2.0 podcast:guid vectors, derived
 * episode guids, and the Apple category table. */
#include <stdlib.h>

#include "harness.h"
#include "model/categories_int.h"
#include "base/guid_int.h"

static void test_podcast_guid(void)
{
	char g[PK_UUID_STR];

	/* The vectors of the podcast namespace spec. */
	CHECK_INT(pk_podcast_guid("mp3s.nashownotes.com/pc20rss.xml", g), 0);
	CHECK_STR(g, "917393e3-1b1e-5cef-ace4-edaa54e1f810");
	CHECK_INT(pk_podcast_guid("podnews.net/rss", g), 0);
	CHECK_STR(g, "9b024349-ccf0-5f69-a609-6b82873eab3c");
	/* Scheme and trailing slashes do not count. */
	CHECK_INT(pk_podcast_guid("https://podnews.net/rss/", g), 0);
	CHECK_STR(g, "9b024349-ccf0-5f69-a609-6b82873eab3c");
	CHECK_INT(pk_podcast_guid("http://podnews.net/rss//", g), 0);
	CHECK_STR(g, "9b024349-ccf0-5f69-a609-6b82873eab3c");
	CHECK_INT(
	    pk_podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml", g), 0);
	CHECK_STR(g, "917393e3-1b1e-5cef-ace4-edaa54e1f810");
	CHECK(pk_podcast_guid(NULL, g) != 0);
}

static void test_uuid5(void)
{
	char g[PK_UUID_STR], h[PK_UUID_STR];

	/* RFC 4122's DNS namespace, "python.org": Python's uuid5 value. */
	CHECK_INT(pk_uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org",
			   10, g),
		  0);
	CHECK_STR(g, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
	CHECK(pk_uuid5("not-a-uuid", "x", 1, g) == PK_EINVAL);
	/* Episode guids: stable, distinct per folder number, version 5. */
	CHECK_INT(pk_episode_guid("9b024349-ccf0-5f69-a609-6b82873eab3c", 3, g),
		  0);
	CHECK_INT(pk_episode_guid("9b024349-ccf0-5f69-a609-6b82873eab3c", 3, h),
		  0);
	CHECK_STR(g, h);
	CHECK_INT(pk_uuid5("9b024349-ccf0-5f69-a609-6b82873eab3c", "003", 3, h),
		  0);
	CHECK_STR(g, h);
	CHECK(g[14] == '5');
	CHECK_INT(pk_episode_guid("9b024349-ccf0-5f69-a609-6b82873eab3c", 4, h),
		  0);
	CHECK(strcmp(g, h) != 0);
	pk_uuid_random(g);
	pk_uuid_random(h);
	CHECK(pk_uuid_valid(g));
	CHECK(g[14] == '4');
	CHECK(strcmp(g, h) != 0);
	CHECK(!pk_uuid_valid("abc"));
	CHECK(!pk_uuid_valid(NULL));
}

static void test_categories(void)
{
	const struct pk_apple_category *c;
	size_t n, i, subs = 0;

	CHECK(pk_category_valid("Health & Fitness", "Sexuality"));
	CHECK(pk_category_valid("Society & Culture", "Relationships"));
	CHECK(pk_category_valid("Technology", NULL));
	CHECK(pk_category_valid("True Crime", NULL));
	CHECK(pk_category_valid("TV & Film", "After Shows"));
	CHECK(!pk_category_valid("Health", NULL)); /* the pre-2019 name */
	CHECK(!pk_category_valid("Health & Fitness", "Relationships"));
	CHECK(!pk_category_valid("Technology", "Gadgets"));
	CHECK(!pk_category_valid("health & fitness", NULL));
	CHECK(!pk_category_valid(NULL, NULL));
	CHECK_STR(pk_category_parent("Sexuality"), "Health & Fitness");
	CHECK(pk_category_parent("Nope") == NULL);
	c = pk_categories(&n);
	CHECK_INT(n, 19);
	for (i = 0; i < n; i++) {
		const char *const *s;

		for (s = c[i].subs; *s; s++)
			subs++;
	}
	CHECK_INT(n + subs, 110); /* Apple lists 110 in all */
}

int main(void)
{
	test_podcast_guid();
	test_uuid5();
	test_categories();
	return harness_done();
}
