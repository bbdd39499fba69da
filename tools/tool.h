/* tool.h: what the podkit command's subcommands share: their table entry,
 * usage errors, messages, diagnostics and the checked close of stdout. */
#ifndef PODKIT_TOOL_H
#define PODKIT_TOOL_H

#include <stdio.h>

#include "podkit/diag.h"
#include "podkit/error.h"
#include "podkit/show.h"

/* One subcommand. tools/cmd_NAME.c defines `const struct pk_command
 * pk_cmd_NAME`; the Makefile lists the files, so adding one is all it
 * takes. */
struct pk_command {
	const char *name;
	int rank;            /* order in `podkit help`: the pipeline's order */
	const char *summary; /* one line for `podkit help` */
	const char *usage;   /* "podkit feed [-o FILE] [DIR]" */
	const char *help;    /* the options, one per line, in getopt order */
	int (*run)(int argc, char **argv); /* argv[0] is "podkit" */
};

/* Exit codes. */
enum { PK_EXIT_OK = 0, PK_EXIT_FAIL = 1, PK_EXIT_USAGE = 2 };

/* Prints the command's usage line and "podkit: try 'podkit help CMD'" to
 * stderr; returns PK_EXIT_USAGE. */
int pk_tool_usage(const struct pk_command *cmd);

/* Prints usage and help to stdout (for --help); returns PK_EXIT_OK. */
int pk_tool_help(const struct pk_command *cmd);

/* "podkit: " + message + newline, to stderr. */
void pk_tool_error(const char *fmt, ...) PK_PRINTF(1, 2);
void pk_tool_warn(const char *fmt, ...) PK_PRINTF(1, 2);

/* Prints err's message as "podkit: msg". */
void pk_tool_report(const struct pk_error *err);

/* Prints every diagnostic as "podkit: FILE:LINE: msg" in file order. */
void pk_tool_print_diags(struct pk_diags *d);

/* Loads a transcript whose cues name speakers (--speakers FILE) and
 * prints its diagnostics. Returns 0, or -1 after reporting a file that
 * does not parse or names no speaker (t is then released). */
struct pk_transcript;
int pk_tool_load_speakers(const char *path, struct pk_transcript *t);

/* Loads the show in dir (episodes read on jobs threads, 0: one per core)
 * and prints its diagnostics. Returns 0 when it loaded cleanly, 1 when it
 * loaded with bad episodes left out (*show set), -1 when it could not be
 * used at all (*show NULL). */
int pk_tool_load_show(const char *dir, int check_audio, int jobs,
		      struct pk_show **show);
/* The same with every load option. */
int pk_tool_load_show_opts(const char *dir,
			   const struct pk_show_load_opts *opts,
			   struct pk_show **show);

/* Parses the argument of -j/--jobs (1-256). Returns the number, or 0
 * after reporting what is wrong with it. */
int pk_tool_parse_jobs(const char *arg);

/* Flushes and closes stdout; a write error (a full disk, a closed pipe)
 * is reported and turns exit code into PK_EXIT_FAIL. */
int pk_tool_finish(int code);

/* 1 when -q was not given and stderr is a terminal: progress may show. */
int pk_tool_progress_wanted(int quiet);

/* The default show folder: "episodes", or "." when run inside a show
 * folder (a show.yaml here, no episodes/ folder). A static string. */
const char *pk_tool_default_show_dir(void);

/* The default show folder and output folder. */
#define PK_DEFAULT_SHOW_DIR pk_tool_default_show_dir()
#define PK_DEFAULT_OUT_DIR "feed"

#endif
