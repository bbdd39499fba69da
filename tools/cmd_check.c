/* cmd_check.c: `podkit check [DIR]`: loads a show and reports every
 * problem of every file. */
#include <getopt.h>
#include <stdio.h>

#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_check = {
    "check",
    12,
    "validate show.yaml and every episode.md",
    "podkit check [-q] [--no-files] [DIR]",
    "  -q, --quiet     print nothing when the show is valid\n"
    "      --no-files  do not check that audio, images and transcripts "
    "exist\n"
    "  DIR             the show folder (default: episodes)\n",
    run,
};

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"quiet", no_argument, NULL, 'q'},
	    {"no-files", no_argument, NULL, 'F'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *dir = PK_DEFAULT_SHOW_DIR;
	struct pk_show *show = NULL;
	int quiet = 0, files = 1, c, r;
	size_t i, scheduled = 0;

	while ((c = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = 1;
			break;
		case 'F':
			files = 0;
			break;
		case 'h':
			return pk_tool_finish(pk_tool_help(&pk_cmd_check));
		default:
			return pk_tool_usage(&pk_cmd_check);
		}
	}
	if (argc - optind > 1)
		return pk_tool_usage(&pk_cmd_check);
	if (optind < argc)
		dir = argv[optind];
	r = pk_tool_load_show(dir, files, &show);
	if (r < 0)
		return pk_tool_finish(PK_EXIT_FAIL);
	for (i = 0; i < show->nepisodes; i++)
		scheduled += show->episodes[i].scheduled != 0;
	if (!quiet && r == 0)
		printf("%s: %zu episode%s ok (%zu scheduled)\n", dir,
		       show->nepisodes, show->nepisodes == 1 ? "" : "s",
		       scheduled);
	pk_show_free(show);
	return pk_tool_finish(r ? PK_EXIT_FAIL : PK_EXIT_OK);
}
