/* cmd_check.c: `podkit check [DIR]`: loads a show and reports every
 * problem of every file. */
#include <getopt.h>
#include <stdio.h>

#include <jansson.h>

#include "podkit/build.h"
#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_check = {
    .name = "check",
    .rank = 12,
    .summary = "validate show.yaml and every episode.md",
    .usage = "podkit check [-q] [--json] [--no-files] [DIR]",
    .help = "  -q, --quiet     print nothing when the show is valid\n"
	    "      --json      print the result and every diagnostic as JSON\n"
	    "      --no-files  do not check that audio, images and transcripts "
	    "exist, nor read them\n"
	    "  -h, --help      show this help\n"
	    "  DIR             the show folder (default: episodes)\n",
    .run = run,
};

/* {"dir", "ok", "episodes", "scheduled", "errors", "warnings",
 *  "diagnostics": [{"file", "line", "severity", "message"}]} */
static int print_json(const char *dir, const struct pk_show *show,
		      struct pk_diags *d, const struct pk_error *err)
{
	json_t *o = json_object(), *list = json_array();
	size_t i, scheduled = 0;
	int r;

	pk_diags_sort(d);
	for (i = 0; i < d->n; i++) {
		const struct pk_diag *g = &d->v[i];

		json_array_append_new(
		    list,
		    json_pack("{s:s?, s:i, s:s, s:s}", "file", g->file, "line",
			      g->line, "severity",
			      g->severity == PK_ERROR ? "error" : "warning",
			      "message", g->msg));
	}
	if (err->msg[0])
		json_array_append_new(
		    list, json_pack("{s:n, s:i, s:s, s:s}", "file", "line", 0,
				    "severity", "error", "message", err->msg));
	for (i = 0; show && i < show->nepisodes; i++)
		scheduled += show->episodes[i].scheduled != 0;
	json_object_set_new(o, "dir", json_string(dir));
	json_object_set_new(o, "ok", json_boolean(d->errors == 0 && show));
	json_object_set_new(
	    o, "episodes",
	    json_integer(show ? (json_int_t)show->nepisodes : 0));
	json_object_set_new(o, "scheduled",
			    json_integer((json_int_t)scheduled));
	json_object_set_new(
	    o, "errors",
	    json_integer((json_int_t)(d->errors + (err->msg[0] != 0))));
	json_object_set_new(o, "warnings",
			    json_integer((json_int_t)d->warnings));
	json_object_set_new(o, "diagnostics", list);
	r = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(o);
	return r;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"quiet", no_argument, NULL, 'q'},
	    {"json", no_argument, NULL, 'j'},
	    {"no-files", no_argument, NULL, 'F'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct pk_show_load_opts opts = {0};
	const char *dir = PK_DEFAULT_SHOW_DIR;
	struct pk_show *show = NULL;
	struct pk_error err = {0};
	int quiet = 0, json = 0, files = 1, c, r;
	size_t i, scheduled = 0;
	struct pk_diags d;

	while ((c = getopt_long(argc, argv, "q", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = 1;
			break;
		case 'j':
			json = 1;
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
	if (!json) {
		r = pk_tool_load_show(dir, files, 0, &show);
		if (r < 0)
			return pk_tool_finish(PK_EXIT_FAIL);
		if (files) {
			pk_diags_init(&d);
			if (pk_build_check(show, &d))
				r = 1;
			pk_tool_print_diags(&d);
			pk_diags_release(&d);
		}
		for (i = 0; i < show->nepisodes; i++)
			scheduled += show->episodes[i].scheduled != 0;
		if (!quiet && r == 0)
			printf("%s: %zu episode%s ok (%zu scheduled)\n", dir,
			       show->nepisodes, show->nepisodes == 1 ? "" : "s",
			       scheduled);
		pk_show_free(show);
		return pk_tool_finish(r ? PK_EXIT_FAIL : PK_EXIT_OK);
	}
	opts.check_audio = files;
	pk_diags_init(&d);
	r = pk_show_load(dir, &opts, &show, &d, &err);
	if (show && files && pk_build_check(show, &d) && !r)
		r = PK_EINVAL;
	if (print_json(dir, show, &d, &err) != 0)
		r = -1;
	pk_show_free(show);
	pk_diags_release(&d);
	return pk_tool_finish(r ? PK_EXIT_FAIL : PK_EXIT_OK);
}
