/* cmd_new.c: `podkit new TITLE`: creates the next numbered episode. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "podkit/date.h"
#include "podkit/scaffold.h"
#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_new = {
    .name = "new",
    .rank = 11,
    .summary = "create the next episode folder from a template",
    .usage = "podkit new [-C DIR] [-q] TITLE",
    .help = "  -C, --show DIR      the show folder (default: episodes)\n"
	    "  -q, --quiet         do not print the new episode.md's path\n"
	    "  -h, --help          show this help\n",
    .run = run,
};

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"show", required_argument, NULL, 'C'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *dir = PK_DEFAULT_SHOW_DIR;
	struct pk_error err = {0};
	char *path = NULL;
	int quiet = 0, c;

	while ((c = getopt_long(argc, argv, "C:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			dir = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			return pk_tool_finish(pk_tool_help(&pk_cmd_new));
		default:
			return pk_tool_usage(&pk_cmd_new);
		}
	}
	if (argc - optind != 1 || !argv[optind][0])
		return pk_tool_usage(&pk_cmd_new);
	if (pk_episode_scaffold(dir, argv[optind], pk_now(), &path, &err)) {
		pk_tool_report(&err);
		return pk_tool_finish(PK_EXIT_FAIL);
	}
	if (!quiet)
		printf("%s\n", path);
	free(path);
	return pk_tool_finish(PK_EXIT_OK);
}
