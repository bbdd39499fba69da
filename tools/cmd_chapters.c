/* cmd_chapters.c: `podkit chapters`: checks chapters and converts them
 * between Audacity labels, "HH:MM:SS Title" lines and chapters JSON. */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/log.h>

#include "podkit/chapter_formats.h"
#include "podkit/fsio.h"
#include "podkit/mp4_chapters.h"
#include "tool.h"

extern const struct pk_command pk_cmd_chapters;

/* Copies an episode's chapters (from episode.md) into l. */
static int from_episode(const char *epdir, const char *showdir,
			struct pk_chapter_list *l, char **file,
			struct pk_error *err)
{
	struct pk_show *show = NULL;
	struct pk_episode *ep = NULL;
	char *copy = strdup(epdir), *copy2 = strdup(epdir);
	size_t i;
	int r = 0;

	if (!copy || !copy2) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (!showdir)
		showdir = dirname(copy);
	if (pk_tool_load_show(showdir, 0, 0, &show) < 0 || !show) {
		r = pk_error_set(err, PK_EINVAL, "%s: cannot load the show",
				 showdir);
		goto out;
	}
	ep = pk_show_find_episode(show, epdir);
	if (!ep)
		ep = pk_show_find_episode(show, basename(copy2));
	if (!ep) {
		r = pk_error_set(err, PK_ENOENT, "%s: no such episode",
				 epdir);
		goto out;
	}
	l->v = calloc(ep->nchapters ? ep->nchapters : 1, sizeof(*l->v));
	*file = strdup(ep->file ? ep->file : epdir);
	if (!l->v || !*file) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < ep->nchapters; i++) {
		const struct pk_chapter *c = &ep->chapters[i];

		l->v[i].start = c->start;
		l->v[i].line = c->line;
		l->v[i].title = strdup(c->title ? c->title : "");
		l->v[i].url = c->url ? strdup(c->url) : NULL;
		l->v[i].img = c->img ? strdup(c->img) : NULL;
		l->n++;
		if (!l->v[i].title || (c->url && !l->v[i].url) ||
		    (c->img && !l->v[i].img)) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
	}
out:
	free(copy);
	free(copy2);
	pk_show_free(show);
	return r;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"output", required_argument, NULL, 'o'},
		{"episode", required_argument, NULL, 'e'},
		{"show-dir", required_argument, NULL, 'C'},
		{"duration", required_argument, NULL, 'd'},
		{"audio", required_argument, NULL, 'a'},
		{"check", no_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	enum pk_chapter_format from = PK_CHAPTERS_AUTO;
	enum pk_chapter_format to = PK_CHAPTERS_JSON;
	struct pk_chapter_list l;
	struct pk_error err = {0};
	struct pk_diags d;
	const char *output = NULL, *episode = NULL, *showdir = NULL;
	const char *audio = NULL;
	char *file = NULL, *text = NULL, *data = NULL;
	double duration = 0;
	int c, check = 0, code = PK_EXIT_FAIL;

	pk_chapter_list_init(&l);
	pk_diags_init(&d);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:t:o:e:C:d:a:ch", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'f':
		case 't':
			if (pk_chapter_format_by_name(optarg) ==
			    PK_CHAPTERS_AUTO) {
				pk_tool_error("'%s' is not a chapters format "
					      "(json, audacity, text)",
					      optarg);
				code = pk_tool_usage(&pk_cmd_chapters);
				goto out;
			}
			if (c == 'f')
				from = pk_chapter_format_by_name(optarg);
			else
				to = pk_chapter_format_by_name(optarg);
			break;
		case 'o': output = optarg; break;
		case 'e': episode = optarg; break;
		case 'C': showdir = optarg; break;
		case 'd':
			if (pk_chapter_time_parse(optarg, &duration) < 0) {
				pk_tool_error("'%s' is not a duration",
					      optarg);
				code = pk_tool_usage(&pk_cmd_chapters);
				goto out;
			}
			break;
		case 'a': audio = optarg; break;
		case 'c': check = 1; break;
		case 'h': code = pk_tool_help(&pk_cmd_chapters); goto out;
		default: code = pk_tool_usage(&pk_cmd_chapters); goto out;
		}
	}
	if ((episode && optind != argc) || (!episode && optind + 1 != argc)) {
		code = pk_tool_usage(&pk_cmd_chapters);
		goto out;
	}
	av_log_set_level(AV_LOG_QUIET);
	if (audio) {
		struct pk_tag_chapter *ch = NULL;
		size_t n = 0;

		if (pk_mp4_read_chapters(audio, &ch, &n, &duration, &err) < 0)
			goto fail;
		pk_tag_chapters_free(ch, n);
	}
	if (episode) {
		if (from_episode(episode, showdir, &l, &file, &err) < 0)
			goto fail;
	} else {
		const char *in = argv[optind];

		if (strcmp(in, "-") == 0) {
			if (pk_read_file("/dev/stdin", 16u << 20, &data, NULL,
					 &err) < 0)
				goto fail;
			file = strdup("<stdin>");
		} else {
			if (pk_read_file(in, 16u << 20, &data, NULL, &err) <
			    0)
				goto fail;
			file = strdup(in);
		}
		if (!file) {
			pk_error_set(&err, PK_ENOMEM, "out of memory");
			goto fail;
		}
		if (pk_chapters_parse(data, file, from, &l, &err) < 0)
			goto fail;
	}
	pk_chapters_validate(l.v, l.n, duration, l.last_end, file, &d);
	pk_tool_print_diags(&d);
	if (d.errors)
		goto out;
	if (check) {
		code = PK_EXIT_OK;
		goto out;
	}
	if (pk_chapters_format(l.v, l.n, to, duration, &text, &err) < 0)
		goto fail;
	if (output) {
		if (pk_write_atomic(output, text, strlen(text), 0644, &err) <
		    0)
			goto fail;
	} else {
		fputs(text, stdout);
	}
	code = PK_EXIT_OK;
	goto out;
fail:
	pk_tool_report(&err);
out:
	free(text);
	free(data);
	free(file);
	pk_diags_release(&d);
	pk_chapter_list_release(&l);
	return pk_tool_finish(code);
}

const struct pk_command pk_cmd_chapters = {
	.name = "chapters",
	.rank = 26,
	.summary = "check chapters and convert them between Audacity labels, "
		   "text and JSON",
	.usage = "podkit chapters [-f FORMAT] [-t FORMAT] [-o FILE] "
		 "[-d DURATION | -a AUDIO] [--check] (FILE | -e EPISODE_DIR "
		 "[-C SHOWDIR])",
	.help = "  -f, --from FORMAT   input format: json, audacity, text "
		"(default: guessed)\n"
		"  -t, --to FORMAT     output format (default json)\n"
		"  -o, --output FILE   write there (atomically) instead of "
		"stdout\n"
		"  -e, --episode DIR   take the chapters of this episode's "
		"episode.md\n"
		"  -C, --show-dir DIR  the show folder (default: the episode's"
		" parent)\n"
		"  -d, --duration T    the audio's length, for the checks "
		"(HH:MM:SS or seconds)\n"
		"  -a, --audio FILE    take the length from this audio file\n"
		"  -c, --check         only check; print nothing but problems\n"
		"  -h, --help          show this help\n",
	.run = run,
};
