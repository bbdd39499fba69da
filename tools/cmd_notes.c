/* cmd_notes.c: `podkit notes`: prints an episode's rendered show notes. */
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/notes.h"
#include "tool.h"

extern const struct pk_command pk_cmd_notes;

/* The show folder an episode folder path lives in ("episodes" for
 * "episodes/003-x/"), malloc'd; NULL when path names no folder. */
static char *parent_of(const char *path)
{
	char *copy = strdup(path), *d, *r;
	size_t n;

	if (!copy)
		return NULL;
	n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	d = dirname(copy);
	r = strdup(d);
	free(copy);
	return r;
}

/* The last path component of path, malloc'd (trailing slashes dropped). */
static char *last_of(const char *path)
{
	char *copy = strdup(path), *r;
	size_t n;

	if (!copy)
		return NULL;
	n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	r = strdup(basename(copy));
	free(copy);
	return r;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"show", required_argument, NULL, 'C'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum pk_notes_format fmt = PK_NOTES_HTML;
	const char *dir = NULL, *which;
	char *parent = NULL, *key = NULL, *notes = NULL;
	struct pk_show *show = NULL;
	struct pk_episode *ep;
	struct pk_error err = {0};
	struct pk_diags d;
	int c, code = PK_EXIT_FAIL;

	pk_diags_init(&d);
	while ((c = getopt_long(argc, argv, "C:f:", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			dir = optarg;
			break;
		case 'f':
			if (pk_notes_format_parse(optarg, &fmt) == 0)
				break;
			pk_tool_error("'%s' is not a notes format (html, text, "
				      "markdown)",
				      optarg);
			return pk_tool_usage(&pk_cmd_notes);
		default:
			return pk_tool_usage(&pk_cmd_notes);
		}
	}
	if (argc - optind != 1)
		return pk_tool_usage(&pk_cmd_notes);
	which = argv[optind];
	if (strchr(which, '/')) {
		/* A folder path: its parent is the show unless -C says. */
		key = last_of(which);
		if (!dir)
			dir = parent = parent_of(which);
	} else
		key = strdup(which);
	if (!dir)
		dir = PK_DEFAULT_SHOW_DIR;
	if (!key || !dir) {
		pk_tool_error("out of memory");
		goto out;
	}
	if (pk_tool_load_show(dir, 0, 0, &show) < 0)
		goto out;
	ep = pk_show_find_episode(show, key);
	if (!ep) {
		pk_tool_error("'%s' is not an episode of '%s'", which, dir);
		goto out;
	}
	notes = pk_notes_render(show, ep, fmt, &d, &err);
	pk_tool_print_diags(&d);
	if (!notes) {
		pk_tool_report(&err);
		goto out;
	}
	fputs(notes, stdout);
	if (!*notes || notes[strlen(notes) - 1] != '\n')
		putchar('\n');
	code = PK_EXIT_OK;
out:
	free(notes);
	free(key);
	free(parent);
	pk_show_free(show);
	pk_diags_release(&d);
	return pk_tool_finish(code);
}

const struct pk_command pk_cmd_notes = {
    .name = "notes",
    .rank = 30,
    .summary = "print an episode's show notes as HTML, text or Markdown",
    .usage = "podkit notes [-C SHOWDIR] [-f html|text|markdown] EPISODE",
    .help =
	"  -C, --show=SHOWDIR       the show folder (default: episodes,\n"
	"                           or the parent of a folder EPISODE)\n"
	"  -f, --format=FORMAT      html (default, as in content:encoded),\n"
	"                           text (the feed's description, at most\n"
	"                           4000 bytes) or markdown (the notes\n"
	"                           with the generated sections)\n"
	"EPISODE is a folder path, a slug (003-why) or a number (3).\n",
    .run = run,
};
