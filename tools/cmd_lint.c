/* cmd_lint.c: `podkit lint`: checks podcast feeds (files or URLs). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "podkit/lint.h"
#include "tool.h"

extern const struct pk_command pk_cmd_lint;

static const char *severity(const struct pk_diag *g)
{
	return g->severity == PK_ERROR ? "error" : "warning";
}

static void print_text(const char *feed, const struct pk_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct pk_diag *g = &d->v[i];

		if (g->line > 0)
			printf("%s:%d: %s: %s\n", feed, g->line, severity(g),
			       g->msg);
		else
			printf("%s: %s: %s\n", feed, severity(g), g->msg);
	}
	printf("%s: %zu error%s, %zu warning%s\n", feed, d->errors,
	       d->errors == 1 ? "" : "s", d->warnings,
	       d->warnings == 1 ? "" : "s");
}

static json_t *to_json(const char *feed, const struct pk_diags *d,
		       const struct pk_error *failed)
{
	json_t *o = json_object(), *list = json_array();
	size_t i;

	json_object_set_new(o, "feed", json_string(feed));
	for (i = 0; d && i < d->n; i++) {
		json_t *p = json_object();

		json_object_set_new(p, "line", json_integer(d->v[i].line));
		json_object_set_new(p, "severity",
				    json_string(severity(&d->v[i])));
		json_object_set_new(p, "message", json_string(d->v[i].msg));
		json_array_append_new(list, p);
	}
	json_object_set_new(o, "errors",
			    json_integer(d ? (json_int_t)d->errors : 1));
	json_object_set_new(o, "warnings",
			    json_integer(d ? (json_int_t)d->warnings : 0));
	if (failed)
		json_object_set_new(o, "failure", json_string(failed->msg));
	json_object_set_new(o, "problems", list);
	return o;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {NULL, 0, NULL, 0},
	};
	size_t errors = 0, warnings = 0;
	json_t *feeds = NULL, *top;
	int c, i, json = 0, code = PK_EXIT_OK;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		default:
			return pk_tool_usage(&pk_cmd_lint);
		}
	}
	if (optind >= argc)
		return pk_tool_usage(&pk_cmd_lint);
	if (json)
		feeds = json_array();
	for (i = optind; i < argc; i++) {
		struct pk_error err = {0};
		struct pk_diags d;

		pk_diags_init(&d);
		if (pk_lint(argv[i], NULL, &d, &err) != 0) {
			/* Unreadable: say so, and go on with the others. */
			code = PK_EXIT_FAIL;
			errors++;
			if (json)
				json_array_append_new(
				    feeds, to_json(argv[i], NULL, &err));
			else
				pk_tool_report(&err);
			pk_diags_release(&d);
			continue;
		}
		pk_diags_sort(&d);
		if (json)
			json_array_append_new(feeds,
					      to_json(argv[i], &d, NULL));
		else
			print_text(argv[i], &d);
		if (d.errors)
			code = PK_EXIT_FAIL;
		errors += d.errors;
		warnings += d.warnings;
		pk_diags_release(&d);
	}
	if (json) {
		top = json_object();
		json_object_set_new(top, "feeds", feeds);
		json_object_set_new(top, "errors",
				    json_integer((json_int_t)errors));
		json_object_set_new(top, "warnings",
				    json_integer((json_int_t)warnings));
		json_dumpf(top, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(top);
	}
	return pk_tool_finish(code);
}

const struct pk_command pk_cmd_lint = {
    .name = "lint",
    .rank = 45,
    .summary = "check podcast feeds against Apple's rules and "
	       "Podcasting 2.0",
    .usage = "podkit lint [--json] FEED|URL...",
    .help = "  --json   print the findings as JSON\n"
	    "Each FEED is a file or an http(s) URL. Findings are printed\n"
	    "as FEED:LINE: error|warning: message, then a summary; the exit\n"
	    "status is 1 when any feed has an error or cannot be read.\n",
    .run = run,
};
