/* scaffold.c: the templates of `podkit init` and `podkit new`. */
#include "podkit/scaffold.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf_int.h"
#include "podkit/date.h"
#include "podkit/fsio.h"
#include "base/guid_int.h"

static const char show_template[] =
    "# show.yaml: the show. Every field podkit reads is listed here; the\n"
    "# optional ones are commented out. `podkit check` validates it.\n"
    "\n"
    "# Required.\n"
    "title: My New Show\n"
    "description: |\n"
    "  What the show is about, in a paragraph or two (plain text or\n"
    "  light Markdown).\n"
    "author: Your Name\n"
    "language: en                      # en, en-us, de, pt-br ...\n"
    "image: cover.jpg                  # square JPEG or PNG, 1400 to 3000 px;"
    "\n"
    "                                  # a file here, or an https:// URL\n"
    "categories:                       # Apple Podcasts' categories\n"
    "  - name: Society & Culture\n"
    "    subcategories: [Relationships]\n"
    "explicit: false\n"
    "owner: {name: Your Name, email: you@example.com}\n"
    "feed_url: https://example.com/feed.xml   # where feed.xml will live\n"
    "\n"
    "# Optional.\n"
    "# link: https://example.com/             # the show's web page\n"
    "# type: episodic                         # episodic (newest first) or "
    "serial\n"
    "# hosts:                                 # podcast:person, role host\n"
    "#   - {name: Your Name, href: https://example.com/you, img: "
    "https://example.com/you.jpg}\n"
    "# media_url: https://cdn.example.com/    # base URL of the audio files;"
    "\n"
    "#                                        # default: feed_url's folder\n"
    "# podcast_guid: ...                      # default: UUIDv5 of feed_url\n"
    "# locked: true                           # podcast:locked\n"
    "# locked_owner: you@example.com          # default: owner's email\n"
    "# funding: [{title: Support the show, url: "
    "https://example.com/support}]\n"
    "# license: CC BY-NC 4.0\n"
    "# medium: podcast\n"
    "# txt: [\"applepodcastsverify:...\"]\n"
    "# new_feed_url: https://...              # when the feed moves\n"
    "# complete: false                        # no more episodes will come\n"
    "# block: false                           # keep out of Apple "
    "Podcasts\n"
    "# copyright: \"(c) 2026 Your Name\"\n"
    "# footer: |                              # appended to every "
    "episode's notes\n"
    "#   Thanks for listening.\n"
    "# audio:                                 # loudness and encoding\n"
    "#   target: -16                          # LUFS; default -16 stereo, "
    "-19 mono\n"
    "#   target_mono: -19                     # LUFS for mono; default "
    "target - 3\n"
    "#   true_peak: -1                        # dBTP ceiling\n"
    "#   format: mp3                          # mp3, m4a or opus\n"
    "#   bitrate: 128                         # kbit/s; default 128 stereo,"
    " 96 mono\n"
    "#   channels: keep                       # keep, mono or stereo\n"
    "#   normalize: true\n"
    "#   level: true                          # every speaker at the same "
    "loudness\n"
    "# publish:                               # where `podkit publish` "
    "uploads\n"
    "#   target: s3://bucket/prefix           # s3://, https:// (WebDAV), "
    "sftp://, file://\n"
    "#   endpoint: https://s3.example.com     # S3-compatible endpoint\n"
    "#   region: us-east-1\n"
    "#   path_style: false\n"
    "#   acl: public-read\n"
    "#   host_key_sha256: ...                 # SFTP host key pin\n"
    "#   websub_hubs: [https://pubsubhubbub.appspot.com/]\n"
    "#   podcastindex: false\n"
    "#   podping: false\n"
    "# subscribe:                             # links on the show's page\n"
    "#   - {name: Apple Podcasts, url: https://podcasts.apple.com/...}\n";

static const char welcome_notes[] =
    "Welcome to the show. This is the Markdown of the show notes: the\n"
    "text above the `---` line is the episode's metadata.\n";

/* Writes s as a YAML double-quoted scalar. */
static void yaml_quote(struct pk_buf *b, const char *s)
{
	const unsigned char *p;

	pk_buf_putc(b, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			pk_buf_putc(b, '\\');
			pk_buf_putc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			pk_buf_printf(b, "\\x%02x", *p);
		} else {
			pk_buf_putc(b, (char)*p);
		}
	}
	pk_buf_putc(b, '"');
}

static void episode_text(struct pk_buf *b, const char *title, int number,
			 int64_t now, const char *notes)
{
	char date[40], guid[PK_UUID_STR];

	pk_date_format_iso8601(now, date, sizeof(date));
	pk_uuid_random(guid);
	pk_buf_puts(b, "---\ntitle: ");
	yaml_quote(b, title);
	pk_buf_printf(b,
		      "\nnumber: %d\n"
		      "date: %s            # ISO 8601 with a time zone; a "
		      "later date is scheduled\n"
		      "guid: %s   # keep it: apps "
		      "know the episode by it\n"
		      "audio: episode.wav               # the recording in "
		      "this folder, or an https:// URL\n"
		      "# season: 1\n"
		      "# type: full                     # full, trailer or "
		      "bonus\n"
		      "# explicit: false                # default: the show's\n"
		      "# summary: One paragraph, plain text.\n"
		      "# audio_length: 12345678         # URL audio only: "
		      "bytes\n"
		      "# audio_duration: \"0:42:10\"      # URL audio only\n"
		      "# audio_type: audio/mpeg         # URL audio only\n"
		      "# image: cover.jpg\n"
		      "# hosts: [Your Name]             # default: the show's "
		      "hosts\n"
		      "# guests: [{name: A Guest, href: "
		      "https://example.com/guest}]\n"
		      "# chapters:\n"
		      "#   - {start: \"0:00\", title: Introduction}\n"
		      "#   - {start: \"1:30\", title: The main part, url: "
		      "https://example.com/}\n"
		      "# transcript: transcript.vtt     # .vtt or .srt in this "
		      "folder\n"
		      "# links: [{title: Something we mention, url: "
		      "https://example.com/}]\n"
		      "# keywords: [one, two]\n"
		      "# block: false\n"
		      "---\n",
		      number, date, guid);
	pk_buf_puts(b, notes);
}

/* Writes path with text unless it exists. */
static int write_new(const char *path, struct pk_buf *b, struct pk_error *err)
{
	if (pk_buf_ok(b))
		return pk_error_set(err, PK_ENOMEM, "%s: out of memory", path);
	if (access(path, F_OK) == 0)
		return pk_error_set(err, PK_EINVAL, "%s: already exists", path);
	return pk_write_atomic(path, b->data, b->len, 0644, err);
}

int pk_show_scaffold(const char *dir, struct pk_error *err)
{
	char *show = NULL, *epdir = NULL, *md = NULL;
	struct pk_buf b;
	int r;

	pk_buf_init(&b);
	show = pk_path_join(dir, "show.yaml");
	epdir = pk_path_join(dir, "001-welcome");
	md = epdir ? pk_path_join(epdir, "episode.md") : NULL;
	if (!show || !md) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (access(show, F_OK) == 0) {
		r = pk_error_set(err, PK_EINVAL,
				 "%s: already exists (not overwritten)", show);
		goto out;
	}
	r = pk_mkdir_p(epdir, err);
	if (r)
		goto out;
	pk_buf_puts(&b, show_template);
	r = write_new(show, &b, err);
	if (r)
		goto out;
	pk_buf_reset(&b);
	episode_text(&b, "Welcome", 1, pk_now(), welcome_notes);
	r = write_new(md, &b, err);
out:
	pk_buf_release(&b);
	free(show);
	free(epdir);
	free(md);
	return r;
}

/* Latin-1 letters (U+00C0 to U+00FF) as ASCII, for slugs: "Ça" -> "ca".
 * "-" marks the two signs in that block (multiplication, division). */
static const char *const latin1[64] = {
    "a", "a", "a", "a", "a",  "a",  "ae", "c", "e", "e", "e",  "e", "i",
    "i", "i", "i", "d", "n",  "o",  "o",  "o", "o", "o", "-",  "o", "u",
    "u", "u", "u", "y", "th", "ss", "a",  "a", "a", "a", "a",  "a", "ae",
    "c", "e", "e", "e", "e",  "i",  "i",  "i", "i", "d", "n",  "o", "o",
    "o", "o", "o", "-", "o",  "u",  "u",  "u", "u", "y", "th", "y"};

char *pk_slugify(const char *title, char *buf, size_t size)
{
	size_t n = 0, max = size > 61 ? 60 : size - 1;
	const unsigned char *p;
	int dash = 0, cut = 0;

	for (p = (const unsigned char *)title; *p && n < max; p++) {
		const char *add = NULL;
		char one[2] = {0, 0};

		if (isalnum(*p) && *p < 0x80) {
			one[0] = (char)tolower(*p);
			add = one;
		} else if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf) {
			add = latin1[p[1] - 0x80];
			p++;
			if (*add == '-') {
				dash = 1;
				continue;
			}
		} else if (*p == '\'') {
			continue; /* "we're" -> "were" */
		} else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x99) {
			p += 2; /* the typographic apostrophe, likewise */
			continue;
		} else if (*p >= 0x80) {
			continue; /* other non-ASCII letters are dropped */
		} else {
			dash = 1;
			continue;
		}
		if (dash && n > 0)
			buf[n++] = '-';
		dash = 0;
		while (*add && n < max)
			buf[n++] = *add++;
		cut = *add != '\0';
	}
	/* Cut at the limit: between words when the next one did not fit
	 * whole (a word cut in two, or two run together, reads wrong). */
	if (n == max && (cut || isalnum(*p) || *p >= 0x80 || *p == '\'')) {
		size_t end = n;

		while (end > 0 && buf[end - 1] != '-')
			end--;
		if (end > 0)
			n = end;
	}
	while (n > 0 && buf[n - 1] == '-')
		n--;
	buf[n] = '\0';
	if (n == 0)
		snprintf(buf, size, "episode");
	return buf;
}

/* The highest NNN of the NNN-* folders in dir. */
static int highest_number(const char *dir, int *max, struct pk_error *err)
{
	struct dirent *e;
	DIR *dp = opendir(dir);

	*max = 0;
	if (!dp)
		return pk_error_errno(err, PK_EIO, "%s", dir);
	while ((e = readdir(dp))) {
		const char *p = e->d_name;
		int n = 0, nd = 0;

		while (isdigit((unsigned char)*p) && nd < 7) {
			n = n * 10 + (*p - '0');
			p++;
			nd++;
		}
		if (nd >= 1 && *p == '-' && n > *max)
			*max = n;
	}
	closedir(dp);
	return 0;
}

int pk_episode_scaffold(const char *dir, const char *title, int64_t now,
			char **path, struct pk_error *err)
{
	char slug[64], *show = NULL, *epdir = NULL, *md = NULL, *name = NULL;
	struct pk_buf b;
	int r, max;

	if (path)
		*path = NULL;
	pk_buf_init(&b);
	show = pk_path_join(dir, "show.yaml");
	if (!show) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (!pk_is_file(show)) {
		r = pk_error_set(err, PK_ENOENT,
				 "%s: not a show folder (no show.yaml; 'podkit "
				 "init %s' creates one)",
				 dir, dir);
		goto out;
	}
	r = highest_number(dir, &max, err);
	if (r)
		goto out;
	if (max >= 999999) {
		r = pk_error_set(err, PK_EINVAL, "%s: no episode numbers left",
				 dir);
		goto out;
	}
	pk_slugify(title, slug, sizeof(slug));
	pk_buf_printf(&b, "%03d-%s", max + 1, slug);
	name = pk_buf_detach(&b);
	epdir = name ? pk_path_join(dir, name) : NULL;
	md = epdir ? pk_path_join(epdir, "episode.md") : NULL;
	if (!md) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (mkdir(epdir, 0755) != 0) {
		r = pk_error_errno(err, PK_EIO, "%s", epdir);
		goto out;
	}
	episode_text(&b, title, max + 1, now,
		     "Write the show notes here, in Markdown.\n");
	r = write_new(md, &b, err);
	if (r) {
		rmdir(epdir);
		goto out;
	}
	if (path) {
		*path = md;
		md = NULL;
	}
out:
	pk_buf_release(&b);
	free(show);
	free(name);
	free(epdir);
	free(md);
	return r;
}
