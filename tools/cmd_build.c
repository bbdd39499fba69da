/* cmd_build.c: `podkit build`: the whole pipeline into the output folder. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "podkit/build.h"
#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_build = {
	"build", 50, "build the show: audio, chapters, notes and feed",
	"podkit build [-C SHOWDIR] [-o OUTDIR] [-q]",
	"  -C, --show DIR    the show folder (default episodes)\n"
	"  -o, --output DIR  the output folder (default feed)\n"
	"  -q, --quiet       no progress and no summary\n",
	run,
};

static void progress(void *arg, size_t done, size_t total, const char *slug)
{
	(void)arg;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s", done + 1, total, slug);
	if (done + 1 == total)
		fputs("\r\033[K", stderr);
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"show", required_argument, NULL, 'C'},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	struct pk_build_opts opts = {0};
	struct pk_build_report rep = {0};
	const char *dir = PK_DEFAULT_SHOW_DIR;
	struct pk_error err = {0};
	struct pk_show *show = NULL;
	struct pk_diags d;
	int c, quiet = 0, loaded, r, code;

	opts.out_dir = PK_DEFAULT_OUT_DIR;
	while ((c = getopt_long(argc, argv, "C:o:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			dir = optarg;
			break;
		case 'o':
			opts.out_dir = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			return pk_tool_usage(&pk_cmd_build);
		}
	}
	if (optind != argc)
		return pk_tool_usage(&pk_cmd_build);
	loaded = pk_tool_load_show(dir, 1, &show);
	if (loaded < 0)
		return PK_EXIT_FAIL;
	opts.copy_media = 1;
	opts.write_files = 1;
	if (pk_tool_progress_wanted(quiet))
		opts.progress = progress;
	pk_diags_init(&d);
	r = pk_build_run(show, &opts, &rep, &d, &err);
	pk_tool_print_diags(&d);
	if (r)
		pk_tool_report(&err);
	code = (loaded || r || d.errors) ? PK_EXIT_FAIL : PK_EXIT_OK;
	/* The summary is the command's output: stdout. */
	if (!r && !quiet)
		printf("built %s/feed.xml: %zu episode%s in the feed "
		       "(%.1f MB, %.0f min), %zu scheduled, %zu failed, "
		       "%zu audio file%s copied\n",
		       opts.out_dir, rep.published,
		       rep.published == 1 ? "" : "s",
		       (double)rep.audio_bytes / 1e6, rep.audio_seconds / 60.0,
		       rep.scheduled, rep.failed, rep.copied,
		       rep.copied == 1 ? "" : "s");
	pk_diags_release(&d);
	pk_show_free(show);
	return pk_tool_finish(code);
}
