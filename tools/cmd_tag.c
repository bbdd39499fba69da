/* cmd_tag.c: `podkit tag`: writes or shows an audio file's tags. */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <libavutil/log.h>

#include "podkit/chapter_formats.h"
#include "podkit/fsio.h"
#include "podkit/tag.h"
#include "tool.h"

extern const struct pk_command pk_cmd_tag;

static void print_time(double s)
{
	long ms = (long)(s * 1000.0 + 0.5);

	printf("%ld:%02ld:%02ld.%03ld", ms / 3600000, ms / 60000 % 60,
	       ms / 1000 % 60, ms % 1000);
}

static void show_text(const char *path, const struct pk_tags *t)
{
	const struct {
		const char *name;
		const char *value;
	} s[] = {
		{"title", t->title},         {"artist", t->artist},
		{"album", t->album},         {"date", t->date},
		{"genre", t->genre},         {"category", t->category},
		{"description", t->description}, {"summary", t->summary},
		{"guid", t->guid},           {"feed_url", t->feed_url},
		{"copyright", t->copyright},
	};
	size_t i;

	printf("file: %s\n", path);
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		if (s[i].value)
			printf("%s: %s\n", s[i].name, s[i].value);
	if (t->track)
		printf("track: %d\n", t->track);
	if (t->disc)
		printf("disc: %d\n", t->disc);
	if (t->podcast)
		printf("podcast: true\n");
	if (t->cover)
		printf("cover: %s, %zu bytes\n",
		       t->cover_mime ? t->cover_mime : "?", t->cover_len);
	printf("duration: %.3f\n", t->duration);
	for (i = 0; i < t->nchapters; i++) {
		printf("chapter: ");
		print_time(t->chapters[i].start);
		printf(" - ");
		print_time(t->chapters[i].end);
		printf(" %s", t->chapters[i].title ? t->chapters[i].title
						   : "");
		if (t->chapters[i].url)
			printf(" <%s>", t->chapters[i].url);
		putchar('\n');
	}
}

static int set_opt_str(json_t *o, const char *k, const char *v)
{
	return v ? json_object_set_new(o, k, json_string(v)) : 0;
}

static int show_json(const char *path, const struct pk_tags *t)
{
	json_t *o = json_object(), *ch = json_array();
	size_t i;
	int r = 0;

	if (!o || !ch) {
		json_decref(o);
		json_decref(ch);
		return -1;
	}
	r |= json_object_set_new(o, "file", json_string(path));
	r |= set_opt_str(o, "title", t->title);
	r |= set_opt_str(o, "artist", t->artist);
	r |= set_opt_str(o, "album", t->album);
	if (t->track)
		r |= json_object_set_new(o, "track", json_integer(t->track));
	if (t->disc)
		r |= json_object_set_new(o, "disc", json_integer(t->disc));
	r |= set_opt_str(o, "date", t->date);
	r |= set_opt_str(o, "genre", t->genre);
	r |= json_object_set_new(o, "podcast", json_boolean(t->podcast));
	r |= set_opt_str(o, "category", t->category);
	r |= set_opt_str(o, "description", t->description);
	r |= set_opt_str(o, "summary", t->summary);
	r |= set_opt_str(o, "guid", t->guid);
	r |= set_opt_str(o, "feed_url", t->feed_url);
	r |= set_opt_str(o, "copyright", t->copyright);
	if (t->cover) {
		r |= set_opt_str(o, "cover_mime", t->cover_mime);
		r |= json_object_set_new(o, "cover_bytes",
					 json_integer((json_int_t)t->cover_len));
	}
	r |= json_object_set_new(o, "duration", json_real(t->duration));
	for (i = 0; i < t->nchapters; i++) {
		json_t *c = json_object();

		if (!c) {
			r = -1;
			break;
		}
		r |= json_object_set_new(c, "start",
					 json_real(t->chapters[i].start));
		r |= json_object_set_new(c, "end",
					 json_real(t->chapters[i].end));
		r |= set_opt_str(c, "title", t->chapters[i].title);
		r |= set_opt_str(c, "url", t->chapters[i].url);
		r |= json_array_append_new(ch, c);
	}
	r |= json_object_set_new(o, "chapters", ch);
	if (r == 0)
		r = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(o);
	return r;
}

/* Fills t from the episode's model; the cover embedded is the one the
 * build would (pk_tags_cover_source), scaled into a temporary beside
 * audio. */
static int fill_from(struct pk_tags *t, const char *audio,
		     const char *epdir, const char *showdir,
		     struct pk_error *err)
{
	struct pk_show *show = NULL;
	struct pk_episode *ep;
	char *copy = NULL, *cover = NULL, *small = NULL;
	int r;

	if (!showdir) {
		copy = strdup(epdir);
		if (!copy)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		showdir = dirname(copy);
	}
	r = pk_tool_load_show(showdir, 0, 0, &show);
	if (r < 0 || !show) {
		r = pk_error_set(err, PK_EINVAL, "%s: cannot load the show",
				 showdir);
		goto out;
	}
	ep = pk_show_find_episode(show, epdir);
	if (!ep) {
		char *c2 = strdup(epdir);

		if (c2)
			ep = pk_show_find_episode(show, basename(c2));
		free(c2);
	}
	if (!ep) {
		r = pk_error_set(err, PK_ENOENT,
				 "%s: no such episode in '%s'", epdir,
				 showdir);
		goto out;
	}
	cover = pk_tags_cover_source(show, ep);
	if (cover) {
		small = malloc(strlen(audio) + 32);
		if (!small) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		sprintf(small, "%s.podkit-cover.jpg", audio);
		r = pk_tags_cover_make(cover, small, err);
		if (r < 0)
			goto out;
	}
	r = pk_tags_from_episode(t, show, ep, t->duration, small, err);
out:
	if (small)
		remove(small);
	free(small);
	free(cover);
	free(copy);
	pk_show_free(show);
	return r;
}

/* Replaces the chapters with those of a chapters file (any format
 * `podkit chapters` reads), checked against the file's duration. */
static int set_chapters(struct pk_tags *t, const char *file,
			struct pk_error *err)
{
	struct pk_chapter_list l;
	struct pk_tag_chapter *v = NULL;
	struct pk_diags d;
	size_t i;
	int r;

	pk_chapter_list_init(&l);
	pk_diags_init(&d);
	r = pk_chapters_load(file, PK_CHAPTERS_AUTO, &l, err);
	if (r < 0)
		goto out;
	if (pk_chapters_validate(l.v, l.n, t->duration, l.last_end, file,
				 &d)) {
		pk_tool_print_diags(&d);
		r = pk_error_set(err, PK_EINVAL, "%s: chapters not written",
				 file);
		goto out;
	}
	pk_tool_print_diags(&d);
	v = calloc(l.n ? l.n : 1, sizeof(*v));
	if (!v) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < l.n; i++) {
		v[i].start = l.v[i].start;
		v[i].title = l.v[i].title;
		v[i].url = l.v[i].url;
	}
	if (pk_tags_set_chapters(t, v, l.n) < 0)
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
out:
	free(v);
	pk_diags_release(&d);
	pk_chapter_list_release(&l);
	return r;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'},
		{"show-dir", required_argument, NULL, 'C'},
		{"set", required_argument, NULL, 's'},
		{"chapters", required_argument, NULL, 'c'},
		{"id3v2.4", no_argument, NULL, '4'},
		{"show", no_argument, NULL, 'S'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct pk_tag_opts opts = {0};
	struct pk_error err = {0};
	struct pk_tags t;
	const char *from = NULL, *showdir = NULL, *chapters = NULL, *path;
	char **sets;
	size_t nsets = 0, i;
	int c, show = 0, json = 0, code = PK_EXIT_FAIL;

	sets = calloc((size_t)argc, sizeof(*sets));
	if (!sets) {
		pk_tool_error("out of memory");
		return PK_EXIT_FAIL;
	}
	pk_tags_init(&t);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:C:s:c:4Sjh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 'C': showdir = optarg; break;
		case 's': sets[nsets++] = optarg; break;
		case 'c': chapters = optarg; break;
		case '4': opts.id3v24 = 1; break;
		case 'S': show = 1; break;
		case 'j': json = show = 1; break;
		case 'h': code = pk_tool_help(&pk_cmd_tag); goto out;
		default: code = pk_tool_usage(&pk_cmd_tag); goto out;
		}
	}
	if (optind + 1 != argc) {
		code = pk_tool_usage(&pk_cmd_tag);
		goto out;
	}
	path = argv[optind];
	av_log_set_level(AV_LOG_QUIET);
	if (!from && nsets == 0 && !chapters)
		show = 1;
	/* Start from what the file has, so --set changes one field. */
	if (pk_tags_read(path, &t, &err) < 0)
		goto fail;
	if (from && fill_from(&t, path, from, showdir, &err) < 0)
		goto fail;
	for (i = 0; i < nsets; i++)
		if (pk_tags_set(&t, sets[i], &err) < 0)
			goto fail;
	if (chapters && set_chapters(&t, chapters, &err) < 0)
		goto fail;
	if (from || nsets || chapters) {
		pk_tags_fix_ends(&t, t.duration);
		if (pk_tags_write(path, &t, &opts, &err) < 0)
			goto fail;
	}
	if (show) {
		if (pk_tags_read(path, &t, &err) < 0)
			goto fail;
		if (json ? show_json(path, &t) != 0 : (show_text(path, &t), 0))
			goto fail;
	}
	code = PK_EXIT_OK;
	goto out;
fail:
	pk_tool_report(&err);
out:
	pk_tags_release(&t);
	free(sets);
	return pk_tool_finish(code);
}

const struct pk_command pk_cmd_tag = {
	.name = "tag",
	.rank = 25,
	.summary = "write or show an episode file's tags, cover and chapters",
	.usage = "podkit tag FILE [--from EPISODE_DIR] [-C SHOWDIR] "
		 "[--set KEY=VALUE]... [--chapters FILE] [--id3v2.4] [--show] [--json]",
	.help = "  -f, --from DIR      take the tags from this episode folder\n"
		"  -C, --show-dir DIR  the show folder (default: the episode's"
		" parent)\n"
		"  -s, --set K=V       set one tag: title, artist, album, track,"
		" disc, date,\n"
		"                      genre, podcast, category, description,"
		" summary, guid,\n"
		"                      feed_url, copyright, cover (an image"
		" file)\n"
		"  -c, --chapters FILE take the chapters from a chapters file"
		" (JSON, Audacity\n"
		"                      labels or HH:MM:SS lines)\n"
		"      --id3v2.4       write ID3v2.4 (default ID3v2.3)\n"
		"  -S, --show          print the tags after writing (the default"
		" with nothing to write)\n"
		"  -j, --json          print them as JSON\n"
		"  -h, --help          show this help\n",
	.run = run,
};
