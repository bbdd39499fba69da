/* cmd_init.c: `podkit init DIR`: scaffolds a new show. */
#include <getopt.h>
#include <stdio.h>

#include "podkit/scaffold.h"
#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_init = {
    .name = "init",
    .rank = 10,
    .summary = "create a new show folder from a template",
    .usage = "podkit init [-q] DIR",
    .help = "  -q, --quiet  print nothing\n"
	    "  -h, --help   show this help\n"
	    "  DIR          the folder to create (with show.yaml and "
	    "001-welcome/)\n",
    .run = run,
};

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct pk_error err = {0};
	int quiet = 0, c;

	while ((c = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = 1;
			break;
		case 'h':
			return pk_tool_finish(pk_tool_help(&pk_cmd_init));
		default:
			return pk_tool_usage(&pk_cmd_init);
		}
	}
	if (argc - optind != 1)
		return pk_tool_usage(&pk_cmd_init);
	if (pk_show_scaffold(argv[optind], &err)) {
		pk_tool_report(&err);
		return pk_tool_finish(PK_EXIT_FAIL);
	}
	if (!quiet)
		printf("created %s/show.yaml and %s/001-welcome/episode.md\n"
		       "next: edit show.yaml, add cover.jpg and the audio, "
		       "then 'podkit check %s'\n",
		       argv[optind], argv[optind], argv[optind]);
	return pk_tool_finish(PK_EXIT_OK);
}
