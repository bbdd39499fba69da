/* cmd_transcript.c: `podkit transcript`: checks an SRT or WebVTT
 * transcript and converts it to WebVTT, SRT or Podcasting 2.0 JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/log.h>

#include "podkit/chapter_formats.h"
#include "podkit/mp4_chapters.h"
#include "podkit/transcript.h"
#include "tool.h"

extern const struct pk_command pk_cmd_transcript;

static enum pk_transcript_format format_by_name(const char *s)
{
	if (strcmp(s, "vtt") == 0 || strcmp(s, "webvtt") == 0)
		return PK_TRANSCRIPT_VTT;
	if (strcmp(s, "srt") == 0)
		return PK_TRANSCRIPT_SRT;
	if (strcmp(s, "json") == 0)
		return PK_TRANSCRIPT_JSON;
	return PK_TRANSCRIPT_AUTO;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"to", required_argument, NULL, 't'},
		{"output-dir", required_argument, NULL, 'o'},
		{"slug", required_argument, NULL, 's'},
		{"speaker", required_argument, NULL, 'p'},
		{"duration", required_argument, NULL, 'd'},
		{"audio", required_argument, NULL, 'a'},
		{"check", no_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	enum pk_transcript_format to = PK_TRANSCRIPT_VTT;
	struct pk_transcript t;
	struct pk_error err = {0};
	struct pk_diags d;
	const char *outdir = NULL, *slug = NULL, *audio = NULL, *path;
	const char **speakers;
	size_t nspeakers = 0;
	char *text = NULL;
	double duration = 0;
	int c, check = 0, code = PK_EXIT_FAIL;

	pk_transcript_init(&t);
	pk_diags_init(&d);
	speakers = calloc((size_t)argc, sizeof(*speakers));
	if (!speakers) {
		pk_tool_error("out of memory");
		return PK_EXIT_FAIL;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "t:o:s:p:d:a:ch", longopts,
				NULL)) != -1) {
		switch (c) {
		case 't':
			to = format_by_name(optarg);
			if (to == PK_TRANSCRIPT_AUTO) {
				pk_tool_error("'%s' is not a transcript "
					      "format (vtt, srt, json)",
					      optarg);
				code = pk_tool_usage(&pk_cmd_transcript);
				goto out;
			}
			break;
		case 'o': outdir = optarg; break;
		case 's': slug = optarg; break;
		case 'p': speakers[nspeakers++] = optarg; break;
		case 'd':
			if (pk_chapter_time_parse(optarg, &duration) < 0) {
				pk_tool_error("'%s' is not a duration",
					      optarg);
				code = pk_tool_usage(&pk_cmd_transcript);
				goto out;
			}
			break;
		case 'a': audio = optarg; break;
		case 'c': check = 1; break;
		case 'h': code = pk_tool_help(&pk_cmd_transcript); goto out;
		default: code = pk_tool_usage(&pk_cmd_transcript); goto out;
		}
	}
	if (optind + 1 != argc || (outdir && !slug) || (slug && !outdir)) {
		code = pk_tool_usage(&pk_cmd_transcript);
		goto out;
	}
	path = argv[optind];
	if (audio) {
		struct pk_tag_chapter *ch = NULL;
		size_t n = 0;

		av_log_set_level(AV_LOG_QUIET);
		if (pk_mp4_read_chapters(audio, &ch, &n, &duration, &err) < 0)
			goto fail;
		pk_tag_chapters_free(ch, n);
	}
	pk_transcript_load(path, speakers, nspeakers, &t, &d);
	pk_transcript_validate(&t, duration, path, &d);
	pk_tool_print_diags(&d);
	if (d.errors)
		goto out;
	if (outdir) {
		if (pk_transcript_write_all(&t, outdir, slug, &err) < 0)
			goto fail;
	} else if (!check) {
		if (pk_transcript_format(&t, to, &text, &err) < 0)
			goto fail;
		fputs(text, stdout);
		if (to == PK_TRANSCRIPT_JSON)
			putchar('\n');
	}
	code = PK_EXIT_OK;
	goto out;
fail:
	pk_tool_report(&err);
out:
	free(text);
	free(speakers);
	pk_diags_release(&d);
	pk_transcript_release(&t);
	return pk_tool_finish(code);
}

const struct pk_command pk_cmd_transcript = {
	.name = "transcript",
	.rank = 27,
	.summary = "check an SRT or WebVTT transcript and convert it to VTT, "
		   "SRT or JSON",
	.usage = "podkit transcript [-t FORMAT | -o DIR -s SLUG] "
		 "[-p SPEAKER]... [-d DURATION | -a AUDIO] [--check] FILE",
	.help = "  -t, --to FORMAT       print as vtt (default), srt or json\n"
		"  -o, --output-dir DIR  write DIR/transcripts/SLUG.vtt, .srt"
		" and .json\n"
		"  -s, --slug SLUG       the episode's slug for those names\n"
		"  -p, --speaker NAME    a speaker's name ('NAME: ' prefixes"
		" name speakers)\n"
		"  -d, --duration T      the audio's length, for the checks\n"
		"  -a, --audio FILE      take the length from this audio file\n"
		"  -c, --check           only check; print nothing but "
		"problems\n"
		"  -h, --help            show this help\n",
	.run = run,
};
