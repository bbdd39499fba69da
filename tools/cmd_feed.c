/* cmd_feed.c: `podkit feed`: writes the show's feed.xml. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/build.h"
#include "podkit/fsio.h"
#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_feed = {
    .name = "feed",
    .rank = 40,
    .summary = "write the show's RSS feed (feed.xml)",
    .usage = "podkit feed [-C SHOWDIR] [-o FILE] [-j N]",
    .help =
	"  -C, --show DIR    the show folder (default episodes)\n"
	"  -o, --output FILE where to write the feed (default feed/feed.xml)\n"
	"  -j, --jobs N      threads reading episodes and rendering items\n"
	"                    (default: one per core; the feed is the same)\n"
	"\n"
	"Local audio is probed where it is and named as 'podkit build'\n"
	"publishes it; run 'podkit build' to write the audio, chapters and\n"
	"the rest of the output folder too.\n",
    .run = run,
};

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"show", required_argument, NULL, 'C'},
		{"output", required_argument, NULL, 'o'},
		{"jobs", required_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = PK_DEFAULT_SHOW_DIR, *out = NULL;
	struct pk_build_report rep;
	struct pk_error err = {0};
	struct pk_show *show = NULL;
	struct pk_diags d;
	char *path = NULL;
	int c, loaded, r, code, jobs = 0;

	while ((c = getopt_long(argc, argv, "C:o:j:", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			dir = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'j':
			jobs = pk_tool_parse_jobs(optarg);
			if (!jobs)
				return pk_tool_usage(&pk_cmd_feed);
			break;
		default:
			return pk_tool_usage(&pk_cmd_feed);
		}
	}
	if (optind != argc)
		return pk_tool_usage(&pk_cmd_feed);
	if (!out) {
		if (pk_mkdir_p(PK_DEFAULT_OUT_DIR, &err) != 0) {
			pk_tool_report(&err);
			return PK_EXIT_FAIL;
		}
		path = pk_path_join(PK_DEFAULT_OUT_DIR, "feed.xml");
		out = path;
	}
	loaded = pk_tool_load_show(dir, 1, jobs, &show);
	if (loaded < 0) {
		free(path);
		return PK_EXIT_FAIL;
	}
	pk_diags_init(&d);
	r = pk_build_feed_only(show, out, jobs, &rep, &d, &err);
	pk_tool_print_diags(&d);
	code = (loaded || r || d.errors) ? PK_EXIT_FAIL : PK_EXIT_OK;
	if (r)
		pk_tool_report(&err);
	pk_diags_release(&d);
	pk_show_free(show);
	free(path);
	return pk_tool_finish(code);
}
