/* main.c: the podkit command: dispatches to one subcommand per file. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

#ifndef PODKIT_VERSION
#define PODKIT_VERSION "0.1.0"
#endif

#define PK_COMMAND(n) extern const struct pk_command pk_cmd_##n;
#include "commands.inc"
#undef PK_COMMAND

#define PK_COMMAND(n) &pk_cmd_##n,
static const struct pk_command *commands[] = {
#include "commands.inc"
};
#undef PK_COMMAND

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int by_rank(const void *a, const void *b)
{
	const struct pk_command *x = *(const struct pk_command *const *)a;
	const struct pk_command *y = *(const struct pk_command *const *)b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->name, y->name);
}

static const struct pk_command *find(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static void overview(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: podkit COMMAND [OPTIONS] [ARGS]\n\n"
		    "From recorded episodes and their metadata to a published "
		    "podcast feed.\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-10s %s\n", commands[i]->name,
			commands[i]->summary);
	fprintf(fp, "\n'podkit help COMMAND' shows a command's options; "
		    "'podkit --version' the version.\n");
}

static int help(int argc, char **argv)
{
	const struct pk_command *c;

	if (argc < 2) {
		overview(stdout);
		return pk_tool_finish(PK_EXIT_OK);
	}
	c = find(argv[1]);
	if (!c) {
		pk_tool_error("'%s' is not a podkit command", argv[1]);
		fprintf(stderr, "podkit: try 'podkit help'\n");
		return PK_EXIT_USAGE;
	}
	return pk_tool_finish(pk_tool_help(c));
}

static char progname[] = "podkit";

int main(int argc, char **argv)
{
	const struct pk_command *c;
	int i;

	/* Past a file size limit (RLIMIT_FSIZE, as a full quota acts) a
	 * write should fail with EFBIG and be reported with the file's
	 * name, not kill podkit half-way. */
	signal(SIGXFSZ, SIG_IGN);
	qsort(commands, NCOMMANDS, sizeof(commands[0]), by_rank);
	if (argc < 2) {
		overview(stderr);
		return PK_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("podkit %s\n", PODKIT_VERSION);
		return pk_tool_finish(PK_EXIT_OK);
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)
		return help(argc - 1, argv + 1);
	c = find(argv[1]);
	if (!c) {
		pk_tool_error("'%s' is not a podkit command", argv[1]);
		fprintf(stderr, "podkit: try 'podkit help'\n");
		return PK_EXIT_USAGE;
	}
	for (i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0)
			return pk_tool_finish(pk_tool_help(c));
	/* getopt names argv[0] in its messages: "podkit: unrecognized
	 * option", as every other message begins. */
	argv[1] = progname;
	return c->run(argc - 1, argv + 1);
}
