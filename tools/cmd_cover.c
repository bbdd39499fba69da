/* cmd_cover.c: `podkit cover`: checks cover art and writes the full-size
 * and 1400 px copies. */
#include <getopt.h>
#include <stdio.h>

#include <libavutil/log.h>

#include "podkit/image.h"
#include "tool.h"

extern const struct pk_command pk_cmd_cover;

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"full", required_argument, NULL, 'f'},
		{"small", required_argument, NULL, 's'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct pk_image_info info;
	struct pk_error err = {0};
	const char *full = NULL, *small = NULL, *path;
	int c, quiet = 0, code = PK_EXIT_FAIL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:s:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': full = optarg; break;
		case 's': small = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': return pk_tool_help(&pk_cmd_cover);
		default: return pk_tool_usage(&pk_cmd_cover);
		}
	}
	if (optind + 1 != argc)
		return pk_tool_usage(&pk_cmd_cover);
	path = argv[optind];
	av_log_set_level(AV_LOG_QUIET);
	if (pk_image_check(path, &info, &err) < 0)
		goto fail;
	if (!quiet)
		printf("%s: %s %dx%d %s: ok\n", path,
		       info.kind == PK_IMAGE_PNG ? "PNG" : "JPEG", info.width,
		       info.height, info.pix_fmt);
	if ((full || small) &&
	    pk_image_write_covers(path, full, small, &err) < 0)
		goto fail;
	code = PK_EXIT_OK;
	goto out;
fail:
	pk_tool_report(&err);
out:
	return pk_tool_finish(code);
}

const struct pk_command pk_cmd_cover = {
	.name = "cover",
	.rank = 28,
	.summary = "check cover art (square, 1400-3000 px, RGB JPEG or PNG) "
		   "and write its copies",
	.usage = "podkit cover [--full FILE] [--small FILE] [-q] IMAGE",
	.help = "  -f, --full FILE   copy the checked original there\n"
		"  -s, --small FILE  write a 1400x1400 px JPEG copy there\n"
		"  -q, --quiet       print nothing when the image is fine\n"
		"  -h, --help        show this help\n",
	.run = run,
};
