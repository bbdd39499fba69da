/* test_show.c: the show loader on tests/fixtures/shows/: every field, the
 * defaults, scheduling, derived guids, and the model's accessors. */
#include <math.h>
#include <stdlib.h>

#include "harness.h"
#include "model/layout_int.h"
#include "base/guid_int.h"
#include "podkit/show.h"

#define FIXTURES "tests/fixtures/shows/"
#define NOW 1767225600 /* 2026-01-01T00:00:00Z */

static struct pk_show *load(const char *name, struct pk_diags *d, int *r)
{
	struct pk_show_load_opts o = {0};
	struct pk_error err = {0};
	struct pk_show *s = NULL;

	o.now = NOW;
	o.check_audio = 1;
	pk_diags_init(d);
	*r = pk_show_load(name, &o, &s, d, &err);
	return s;
}

static void test_show_fields(void)
{
	struct pk_diags d;
	struct pk_show *s;
	int r;

	s = load(FIXTURES "basic", &d, &r);
	CHECK_INT(r, 0);
	CHECK_INT(d.errors, 0);
	CHECK_INT(d.warnings, 0);
	if (!s) {
		pk_diags_release(&d);
		return;
	}
	CHECK_STR(s->title, "Closer Than Close");
	CHECK_STR(s->description,
		  "A show about intimacy, trust and the difference between "
		  "them.\n");
	CHECK_STR(s->author, "Maya & Jonah");
	CHECK_STR(s->language, "en-us");
	CHECK_STR(s->link, "https://example.com/");
	CHECK_STR(s->image, "cover.jpg");
	CHECK_INT(s->ncategories, 2);
	CHECK_STR(s->categories[0].name, "Health & Fitness");
	CHECK_INT(s->categories[0].nsubs, 1);
	CHECK_STR(s->categories[0].subs[0], "Sexuality");
	CHECK_STR(s->categories[1].subs[0], "Relationships");
	CHECK_INT(s->explicit_, 1);
	CHECK_INT(s->serial, 0);
	CHECK_STR(s->owner_name, "Maya Ortiz");
	CHECK_STR(s->owner_email, "hello@example.com");
	CHECK_INT(s->nhosts, 2);
	CHECK_STR(s->hosts[0].name, "Maya Ortiz");
	CHECK_STR(s->hosts[0].href, "https://example.com/maya");
	CHECK_STR(s->hosts[0].img, "https://example.com/maya.jpg");
	CHECK_STR(s->hosts[0].role, "host");
	CHECK_STR(s->hosts[1].group, "cast");
	CHECK_STR(s->feed_url, "https://example.com/feed.xml");
	CHECK_STR(s->media_url, "https://cdn.example.com/media/");
	CHECK_INT(s->locked, 1);
	CHECK_STR(s->locked_owner, "hello@example.com");
	CHECK_INT(s->nfunding, 1);
	CHECK_STR(s->funding[0].title, "Support the show");
	CHECK_STR(s->funding[0].url, "https://example.com/support");
	CHECK_STR(s->license, "CC BY-NC 4.0");
	CHECK_STR(s->medium, "podcast");
	CHECK_INT(s->ntxt, 1);
	CHECK_STR(s->txt[0], "applepodcastsverify:1234");
	CHECK(s->new_feed_url == NULL);
	CHECK_STR(s->copyright, "\xc2\xa9 2026 Maya & Jonah");
	CHECK_STR(s->footer, "This show is not therapy.\n");
	CHECK_NEAR(s->audio.target_lufs, -18, 1e-9);
	CHECK_NEAR(s->audio.true_peak, -1.5, 1e-9);
	CHECK_STR(s->audio.format, "m4a");
	CHECK_INT(s->audio.bitrate, 96);
	CHECK_INT(s->audio.channels, 1);
	CHECK_INT(s->audio.normalize, 0);
	CHECK_STR(s->publish.target, "s3://bucket/prefix");
	CHECK_STR(s->publish.endpoint, "http://127.0.0.1:9000");
	CHECK_STR(s->publish.region, "us-east-1");
	CHECK_INT(s->publish.path_style, 1);
	CHECK_INT(s->publish.nwebsub_hubs, 1);
	CHECK_INT(s->nsubscribe, 1);
	CHECK_STR(s->subscribe[0].name, "Apple Podcasts");
	/* podcast_guid derived from feed_url. */
	CHECK_STR(s->podcast_guid, "d84ced82-1926-54c0-88c2-bb01dd35d7e3");
	CHECK_INT(s->now, NOW);
	pk_show_free(s);
	pk_diags_release(&d);
}

static void test_episodes(void)
{
	const struct pk_person *hosts;
	struct pk_episode *e;
	char guid[PK_UUID_STR];
	struct pk_diags d;
	struct pk_show *s;
	size_t n;
	int r;

	s = load(FIXTURES "basic", &d, &r);
	if (!s) {
		CHECK(s != NULL);
		pk_diags_release(&d);
		return;
	}
	CHECK_INT(s->nepisodes, 3);
	e = &s->episodes[0];
	CHECK_STR(e->slug, "001-first-light");
	CHECK_STR(e->dir, FIXTURES "basic/001-first-light");
	CHECK_STR(e->file, FIXTURES "basic/001-first-light/episode.md");
	CHECK_INT(e->folder_number, 1);
	CHECK_STR(e->title, "First light");
	CHECK_INT(e->number, 1);
	CHECK_INT(e->season, 1);
	CHECK_INT(e->type, PK_EPISODE_FULL);
	CHECK_INT(e->date, 1764565200); /* 2025-12-01T05:00:00Z */
	CHECK_INT(e->tz_minutes, 60);
	CHECK_STR(e->guid, "6f1c4b9e-0000-4000-8000-000000000001");
	CHECK_INT(e->guid_derived, 0);
	CHECK_INT(e->explicit_, 0);
	CHECK_INT(pk_episode_explicit(s, e), 0);
	CHECK_STR(e->summary, "The first one.");
	CHECK_STR(e->audio, "episode.wav");
	CHECK_INT(e->audio_is_url, 0);
	CHECK_INT(e->nhosts, 1);
	CHECK_STR(e->hosts[0].name, "Maya Ortiz");
	CHECK_STR(e->hosts[0].href, "https://example.com/maya");
	hosts = pk_episode_hosts(s, e, &n);
	CHECK_INT(n, 1);
	CHECK(hosts == e->hosts);
	CHECK_INT(e->nguests, 1);
	CHECK_STR(e->guests[0].name, "Dr. Lee");
	CHECK_STR(e->guests[0].role, "guest");
	CHECK_INT(e->nchapters, 3);
	CHECK_NEAR(e->chapters[1].start, 90, 1e-9);
	CHECK_STR(e->chapters[1].title, "Intimacy");
	CHECK_STR(e->chapters[1].url, "https://example.com/i");
	CHECK_NEAR(e->chapters[2].start, 125.5, 1e-9);
	CHECK_INT(e->chapters[0].line, 14);
	CHECK_STR(e->transcript, "transcript.vtt");
	CHECK_INT(e->nlinks, 1);
	CHECK_STR(e->links[0].url, "https://example.com/book");
	CHECK_INT(e->nkeywords, 2);
	CHECK_STR(e->keywords[1], "trust");
	CHECK_INT(e->block, 0);
	CHECK_STR(e->notes_md, "# Notes\n\nHello *world*.\n");
	CHECK_INT(e->notes_line, 21);
	CHECK_INT(e->scheduled, 0);

	e = &s->episodes[1];
	CHECK_INT(e->type, PK_EPISODE_BONUS);
	CHECK_INT(e->audio_is_url, 1);
	CHECK_INT(e->audio_length, 12345678);
	CHECK_NEAR(e->audio_duration, 2530, 1e-9);
	CHECK_INT(e->nsoundbites, 2);
	if (e->nsoundbites == 2) {
		CHECK_NEAR(e->soundbites[0].start, 90, 1e-9);
		CHECK_NEAR(e->soundbites[0].duration, 45, 1e-9);
		CHECK_STR(e->soundbites[0].title, "Why it matters");
		CHECK_INT(e->soundbites[0].line, 12);
		CHECK_NEAR(e->soundbites[1].start, 2400, 1e-9);
		CHECK_NEAR(e->soundbites[1].duration, 60.5, 1e-9);
		CHECK_STR(e->soundbites[1].title, "The last word");
	}
	CHECK_STR(e->audio_mime, "audio/mpeg");
	CHECK_INT(e->explicit_, -1);
	CHECK_INT(pk_episode_explicit(s, e), 1);
	CHECK_INT(e->nhosts, 0);
	hosts = pk_episode_hosts(s, e, &n);
	CHECK_INT(n, 2);
	CHECK(hosts == s->hosts);
	/* No guid given: derived from the podcast guid and "002". */
	CHECK_INT(e->guid_derived, 1);
	CHECK_INT(pk_episode_guid(s->podcast_guid, 2, guid), 0);
	CHECK_STR(e->guid, guid);
	CHECK_STR(e->notes_md, "Notes of two.\n");

	e = &s->episodes[2];
	CHECK_INT(e->type, PK_EPISODE_TRAILER);
	CHECK_INT(e->tz_minutes, -300);
	CHECK_INT(e->scheduled, 1); /* dated 2027 */

	CHECK(pk_show_find_episode(s, "2") == &s->episodes[1]);
	CHECK(pk_show_find_episode(s, "002") == &s->episodes[1]);
	CHECK(pk_show_find_episode(s, "003-the-future") == &s->episodes[2]);
	CHECK(pk_show_find_episode(s, FIXTURES "basic/001-first-light/") ==
	      &s->episodes[0]);
	CHECK(pk_show_find_episode(s, "./x/001-first-light") ==
	      &s->episodes[0]);
	CHECK(pk_show_find_episode(s, "9") == NULL);
	CHECK(pk_show_find_episode(s, "nope") == NULL);
	CHECK(pk_show_find_episode(s, "") == NULL);
	pk_show_free(s);
	pk_diags_release(&d);
}

/* The derived guid does not change from load to load. */
static void test_guid_stable(void)
{
	struct pk_diags d1, d2;
	struct pk_show *a, *b;
	int r;

	a = load(FIXTURES "basic", &d1, &r);
	b = load(FIXTURES "basic", &d2, &r);
	CHECK(a && b);
	if (a && b)
		CHECK_STR(a->episodes[1].guid, b->episodes[1].guid);
	pk_show_free(a);
	pk_show_free(b);
	pk_diags_release(&d1);
	pk_diags_release(&d2);
}

static void test_media(void)
{
	char base1[] = "https://cdn.example.com/media/";
	char base2[] = "https://cdn.example.com";
	struct pk_show s = {0};
	struct pk_media m = {0};

	s.media_url = base1;
	CHECK_INT(pk_media_set_path(&s, &m, "audio/001 x.mp3", NULL), 0);
	CHECK_STR(m.url, "https://cdn.example.com/media/audio/001%20x.mp3");
	CHECK_STR(m.path, "audio/001 x.mp3");
	s.media_url = base2;
	CHECK_INT(pk_media_set_path(&s, &m, "/feed.xml", NULL), 0);
	CHECK_STR(m.url, "https://cdn.example.com/feed.xml");
	pk_media_release(&m);
	CHECK(m.url == NULL && m.path == NULL);
}

/* A minimal show: defaults for everything optional. */
static void test_defaults(void)
{
	struct pk_diags d;
	struct pk_show *s;
	int r;

	s = load(FIXTURES "minimal", &d, &r);
	CHECK_INT(r, 0);
	CHECK(s != NULL);
	if (!s) {
		pk_diags_release(&d);
		return;
	}
	CHECK_STR(s->medium, "podcast");
	CHECK_STR(s->media_url, "https://example.org/pod");
	CHECK_STR(s->locked_owner, "me@example.org");
	CHECK_INT(s->locked, 0);
	CHECK_INT(s->serial, 1);
	CHECK(isnan(s->audio.target_lufs));
	CHECK_NEAR(s->audio.true_peak, -1, 1e-9);
	CHECK_STR(s->audio.format, "mp3");
	CHECK_INT(s->audio.bitrate, 0);
	CHECK_INT(s->audio.channels, 0);
	CHECK_INT(s->audio.normalize, 1);
	CHECK_INT(s->ncategories, 1);
	CHECK_INT(s->categories[0].nsubs, 0);
	CHECK_INT(s->nepisodes, 1);
	CHECK_INT(s->episodes[0].number, 0);
	CHECK_INT(s->episodes[0].season, 0);
	CHECK_STR(s->episodes[0].notes_md, "");
	pk_show_free(s);
	pk_diags_release(&d);
}

/* One bad episode: the rest load, PK_EINVAL, every problem counted. */
static void test_partial(void)
{
	struct pk_diags d;
	struct pk_show *s;
	int r;

	s = load(FIXTURES "partial", &d, &r);
	CHECK_INT(r, PK_EINVAL);
	CHECK(s != NULL);
	CHECK_INT(d.errors, 3); /* date without zone; no length; no duration */
	if (s) {
		CHECK_INT(s->nepisodes, 1);
		CHECK_STR(s->episodes[0].slug, "001-good");
	}
	pk_show_free(s);
	pk_diags_release(&d);

	/* An error in show.yaml: no show, but the episodes were checked. */
	s = load(FIXTURES "badshow", &d, &r);
	CHECK_INT(r, PK_EINVAL);
	CHECK(s == NULL);
	CHECK_INT(d.errors, 1);
	CHECK_INT(d.v[0].line, 7);
	pk_diags_release(&d);

	s = load(FIXTURES "does-not-exist", &d, &r);
	CHECK_INT(r, PK_ENOENT);
	CHECK(s == NULL);
	pk_diags_release(&d);
	pk_show_free(NULL);
}

int main(void)
{
	test_partial();
	test_show_fields();
	test_episodes();
	test_guid_stable();
	test_media();
	test_defaults();
	return harness_done();
}
