/* tag_model.c: the C side of tagging: struct pk_tags filled from the show
 * model and from KEY=VALUE assignments (TagLib lives in tag_taglib.cc). */
#include "podkit/tag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf_int.h"
#include "podkit/fsio.h"
#include "podkit/image.h"
#include "podkit/mp4_chapters.h"
#include "base/url_int.h"

void pk_tags_init(struct pk_tags *t)
{
	memset(t, 0, sizeof(*t));
}

void pk_tags_release(struct pk_tags *t)
{
	if (!t)
		return;
	free(t->title);
	free(t->artist);
	free(t->album);
	free(t->date);
	free(t->genre);
	free(t->category);
	free(t->description);
	free(t->summary);
	free(t->guid);
	free(t->feed_url);
	free(t->copyright);
	free(t->cover);
	free(t->cover_mime);
	pk_tag_chapters_free(t->chapters, t->nchapters);
	memset(t, 0, sizeof(*t));
}

int pk_tags_set_str(char **field, const char *value)
{
	char *c = NULL;

	if (value && !(c = strdup(value)))
		return PK_ENOMEM;
	free(*field);
	*field = c;
	return 0;
}

int pk_tags_set_chapters(struct pk_tags *t, const struct pk_tag_chapter *c,
			 size_t n)
{
	struct pk_tag_chapter *v = NULL;
	size_t i;

	if (n) {
		v = calloc(n, sizeof(*v));
		if (!v)
			return PK_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		v[i].start = c[i].start;
		v[i].end = c[i].end;
		if (pk_tags_set_str(&v[i].title, c[i].title ? c[i].title : "")
		    < 0 || pk_tags_set_str(&v[i].url, c[i].url) < 0) {
			pk_tag_chapters_free(v, n);
			return PK_ENOMEM;
		}
	}
	pk_tag_chapters_free(t->chapters, t->nchapters);
	t->chapters = v;
	t->nchapters = n;
	return 0;
}

void pk_tags_fix_ends(struct pk_tags *t, double duration)
{
	size_t i;

	for (i = 0; i < t->nchapters; i++) {
		if (t->chapters[i].end > 0)
			continue;
		if (i + 1 < t->nchapters)
			t->chapters[i].end = t->chapters[i + 1].start;
		else if (duration > 0)
			t->chapters[i].end = duration;
	}
}

/* Reads a JPEG or PNG file into the cover fields. */
static int load_cover(struct pk_tags *t, const char *path,
		      struct pk_error *err)
{
	char *data = NULL;
	size_t len = 0;
	const char *mime;
	int r;

	r = pk_read_file(path, 20u << 20, &data, &len, err);
	if (r < 0)
		return r;
	if (len >= 3 && memcmp(data, "\xff\xd8\xff", 3) == 0) {
		mime = "image/jpeg";
	} else if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
		mime = "image/png";
	} else {
		free(data);
		return pk_error_set(err, PK_EINVAL,
				    "%s: cover is not a JPEG or PNG file",
				    path);
	}
	if (pk_tags_set_str(&t->cover_mime, mime) < 0) {
		free(data);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	free(t->cover);
	t->cover = (unsigned char *)data;
	t->cover_len = len;
	return 0;
}

/* Parses a non-negative decimal integer; -1 when s is not one. */
static int parse_uint(const char *s)
{
	char *end;
	long v;

	if (!*s)
		return 0;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 1000000)
		return -1;
	return (int)v;
}

int pk_tags_set(struct pk_tags *t, const char *assignment,
		struct pk_error *err)
{
	static const struct {
		const char *key;
		size_t off;
	} strs[] = {
		{"title", offsetof(struct pk_tags, title)},
		{"artist", offsetof(struct pk_tags, artist)},
		{"album", offsetof(struct pk_tags, album)},
		{"date", offsetof(struct pk_tags, date)},
		{"genre", offsetof(struct pk_tags, genre)},
		{"category", offsetof(struct pk_tags, category)},
		{"description", offsetof(struct pk_tags, description)},
		{"summary", offsetof(struct pk_tags, summary)},
		{"guid", offsetof(struct pk_tags, guid)},
		{"feed_url", offsetof(struct pk_tags, feed_url)},
		{"copyright", offsetof(struct pk_tags, copyright)},
	};
	const char *eq = strchr(assignment, '=');
	const char *val;
	size_t klen, i;
	int n;

	if (!eq || eq == assignment)
		return pk_error_set(err, PK_EINVAL,
				    "'%s' is not KEY=VALUE", assignment);
	klen = (size_t)(eq - assignment);
	val = eq + 1;
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		if (strlen(strs[i].key) != klen ||
		    strncmp(strs[i].key, assignment, klen) != 0)
			continue;
		if (pk_tags_set_str((char **)((char *)t + strs[i].off),
				    *val ? val : NULL) < 0)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		return 0;
	}
	if (klen == 5 && strncmp(assignment, "track", 5) == 0) {
		if ((n = parse_uint(val)) < 0)
			return pk_error_set(err, PK_EINVAL,
					    "'track' is not a number: '%s'",
					    val);
		t->track = n;
		return 0;
	}
	if (klen == 4 && strncmp(assignment, "disc", 4) == 0) {
		if ((n = parse_uint(val)) < 0)
			return pk_error_set(err, PK_EINVAL,
					    "'disc' is not a number: '%s'",
					    val);
		t->disc = n;
		return 0;
	}
	if (klen == 7 && strncmp(assignment, "podcast", 7) == 0) {
		if (strcmp(val, "1") == 0 || strcmp(val, "true") == 0)
			t->podcast = 1;
		else if (!*val || strcmp(val, "0") == 0 ||
			 strcmp(val, "false") == 0)
			t->podcast = 0;
		else
			return pk_error_set(err, PK_EINVAL,
					    "'podcast' must be true or false");
		return 0;
	}
	if (klen == 5 && strncmp(assignment, "cover", 5) == 0) {
		if (!*val) {
			free(t->cover);
			t->cover = NULL;
			t->cover_len = 0;
			return pk_tags_set_str(&t->cover_mime, NULL);
		}
		return load_cover(t, val, err);
	}
	return pk_error_set(err, PK_EINVAL, "unknown tag '%.*s'", (int)klen,
			    assignment);
}

/* The episode's date as local time in the zone it was written in:
 * "2026-01-05T06:00:00". */
static void format_date(int64_t when, int tz_minutes, char *buf, size_t n)
{
	time_t tt = (time_t)(when + (int64_t)tz_minutes * 60);
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
}

int pk_tags_from_episode(struct pk_tags *t, const struct pk_show *show,
			 const struct pk_episode *ep, double duration,
			 const char *cover_path, struct pk_error *err)
{
	const struct pk_person *hosts = ep->nhosts ? ep->hosts : show->hosts;
	size_t nhosts = ep->nhosts ? ep->nhosts : show->nhosts;
	struct pk_tag_chapter *ch = NULL;
	struct pk_buf artist;
	char date[40];
	size_t i;
	int r = 0;

	pk_buf_init(&artist);
	for (i = 0; i < nhosts; i++) {
		if (i)
			pk_buf_puts(&artist, ", ");
		pk_buf_puts(&artist, hosts[i].name ? hosts[i].name : "");
	}
	if (nhosts == 0 && show->author)
		pk_buf_puts(&artist, show->author);
	if (pk_buf_ok(&artist) < 0)
		goto oom;
	format_date(ep->date, ep->tz_minutes, date, sizeof(date));
	if (pk_tags_set_str(&t->title, ep->title) < 0 ||
	    pk_tags_set_str(&t->artist, artist.len ? pk_buf_str(&artist)
						   : NULL) < 0 ||
	    pk_tags_set_str(&t->album, show->title) < 0 ||
	    pk_tags_set_str(&t->date, ep->date ? date : NULL) < 0 ||
	    pk_tags_set_str(&t->genre, "Podcast") < 0 ||
	    pk_tags_set_str(&t->category, show->ncategories
						  ? show->categories[0].name
						  : NULL) < 0 ||
	    pk_tags_set_str(&t->description, show->description) < 0 ||
	    pk_tags_set_str(&t->summary, ep->summary) < 0 ||
	    pk_tags_set_str(&t->guid, ep->guid) < 0 ||
	    pk_tags_set_str(&t->feed_url, show->feed_url) < 0 ||
	    pk_tags_set_str(&t->copyright, show->copyright) < 0)
		goto oom;
	t->track = ep->number;
	t->disc = ep->season;
	t->podcast = 1;
	if (ep->nchapters) {
		ch = calloc(ep->nchapters, sizeof(*ch));
		if (!ch)
			goto oom;
		for (i = 0; i < ep->nchapters; i++) {
			ch[i].start = ep->chapters[i].start;
			ch[i].title = ep->chapters[i].title;
			ch[i].url = ep->chapters[i].url;
		}
	}
	if (pk_tags_set_chapters(t, ch, ep->nchapters) < 0)
		goto oom;
	pk_tags_fix_ends(t, duration);
	if (cover_path)
		r = load_cover(t, cover_path, err);
	goto out;
oom:
	r = pk_error_set(err, PK_ENOMEM, "out of memory");
out:
	free(ch);
	pk_buf_release(&artist);
	return r;
}

const char *pk_tags_cover_image(const struct pk_show *show,
				const struct pk_episode *ep, int *own)
{
	int mine = ep->image && !pk_url_is_http(ep->image);

	if (own)
		*own = mine;
	if (mine)
		return ep->image;
	if (show->image && !pk_url_is_http(show->image))
		return show->image;
	return NULL;
}

char *pk_tags_cover_source(const struct pk_show *show,
			   const struct pk_episode *ep)
{
	int own;
	const char *img = pk_tags_cover_image(show, ep, &own);

	return img ? pk_path_join(own ? ep->dir : show->dir, img) : NULL;
}

int pk_tags_cover_make(const char *src, const char *dst,
		       struct pk_error *err)
{
	int r = pk_image_check(src, NULL, err);

	return r ? r : pk_image_scale_jpeg(src, dst, PK_COVER_SMALL, err);
}
