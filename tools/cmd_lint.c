/* cmd_lint.c: `podkit lint`: checks podcast feeds (files or URLs) and
 * prints each rule's findings folded to one line, then what to fix
 * first. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/lint.h"
#include "tool.h"

extern const struct pk_command pk_cmd_lint;

/* A folded line names at most this many of the other places. */
#define FOLD_LINES_SHOWN 8

struct opts {
	int all;     /* --all: every finding on its own line */
	int verbose; /* -v: notes too */
	int json;
};

static int shown(const struct opts *o, const struct pk_lint_finding *g)
{
	return o->verbose || g->rule->severity != PK_LINT_NOTE;
}

static size_t rule_index(const struct pk_lint_rule *r)
{
	return (size_t)(r - pk_lint_rules(NULL));
}

static void print_place(const char *feed, int line)
{
	if (line > 0)
		printf("%s:%d: ", feed, line);
	else
		printf("%s: ", feed);
}

/* Finding i's line, and, unless --all, the other places its rule fired
 * folded into "; and N more items (lines ...)". */
static void print_finding(const char *feed, const struct pk_lint_findings *f,
			  size_t i, size_t more, const struct opts *o)
{
	const struct pk_lint_finding *g = &f->v[i];
	size_t j, listed = 0, in_items = 0;
	int last_item = g->item_line;

	print_place(feed, g->line);
	printf("%s: %s", pk_lint_severity_name(g->rule->severity), g->msg);
	if (o->all || more == 0) {
		putchar('\n');
		return;
	}
	/* "items" when each of the others is in an item of its own */
	for (j = i + 1; j < f->n; j++)
		if (f->v[j].rule == g->rule) {
			if (f->v[j].item_line > 0 &&
			    f->v[j].item_line != last_item)
				in_items++;
			last_item = f->v[j].item_line;
		}
	printf("; and %zu more %s%s (line%s ", more,
	       in_items == more ? "item" : "place", more == 1 ? "" : "s",
	       more == 1 ? "" : "s");
	for (j = i + 1; j < f->n && listed < FOLD_LINES_SHOWN; j++)
		if (f->v[j].rule == g->rule)
			printf("%s%d", listed++ ? ", " : "", f->v[j].line);
	printf("%s)\n", more > listed ? ", ..." : "");
}

/* One summary line: the rules of one severity, most findings first. */
static void print_rules(const char *feed, const char *label,
			enum pk_lint_severity sev, const size_t *count,
			size_t nrules)
{
	const struct pk_lint_rule *rules = pk_lint_rules(NULL);
	size_t i, best, printed = 0;
	char *done = calloc(nrules, 1);

	if (!done)
		return;
	for (;;) {
		best = nrules;
		for (i = 0; i < nrules; i++)
			if (!done[i] && rules[i].severity == sev && count[i] &&
			    (best == nrules || count[i] > count[best]))
				best = i;
		if (best == nrules)
			break;
		done[best] = 1;
		if (printed++ == 0)
			printf("%s: %s: %s (%zu %s%s)", feed, label,
			       rules[best].id, count[best],
			       pk_lint_severity_name(sev),
			       count[best] == 1 ? "" : "s");
		else
			printf(", %s (%zu)", rules[best].id, count[best]);
	}
	if (printed)
		putchar('\n');
	free(done);
}

static void print_text(const char *feed, const struct pk_lint_findings *f,
		       const struct opts *o)
{
	size_t nrules, i, *count, *seen;

	pk_lint_rules(&nrules);
	count = calloc(nrules, sizeof(*count));
	seen = calloc(nrules, sizeof(*seen));
	if (!count || !seen) {
		free(count);
		free(seen);
		pk_tool_error("out of memory");
		return;
	}
	for (i = 0; i < f->n; i++)
		if (shown(o, &f->v[i]))
			count[rule_index(f->v[i].rule)]++;
	for (i = 0; i < f->n; i++) {
		size_t r = rule_index(f->v[i].rule);

		if (!shown(o, &f->v[i]) || (!o->all && seen[r]++))
			continue;
		print_finding(feed, f, i, count[r] - 1, o);
	}
	printf("%s: %zu error%s, %zu warning%s", feed, f->errors,
	       f->errors == 1 ? "" : "s", f->warnings,
	       f->warnings == 1 ? "" : "s");
	if (o->verbose)
		printf(", %zu note%s", f->notes, f->notes == 1 ? "" : "s");
	putchar('\n');
	print_rules(feed, "fix first", PK_LINT_ERROR, count, nrules);
	print_rules(feed, "then", PK_LINT_WARNING, count, nrules);
	if (o->verbose)
		print_rules(feed, "style", PK_LINT_NOTE, count, nrules);
	free(count);
	free(seen);
}

static json_t *to_json(const char *feed, const struct pk_lint_findings *f,
		       const struct pk_error *failed)
{
	json_t *o = json_object(), *list = json_array();
	size_t i;

	json_object_set_new(o, "feed", json_string(feed));
	for (i = 0; f && i < f->n; i++) {
		const struct pk_lint_finding *g = &f->v[i];
		json_t *p = json_object();

		json_object_set_new(p, "line", json_integer(g->line));
		json_object_set_new(
		    p, "severity",
		    json_string(pk_lint_severity_name(g->rule->severity)));
		json_object_set_new(p, "rule", json_string(g->rule->id));
		json_object_set_new(p, "message", json_string(g->msg));
		json_array_append_new(list, p);
	}
	json_object_set_new(o, "errors",
			    json_integer(f ? (json_int_t)f->errors : 1));
	json_object_set_new(o, "warnings",
			    json_integer(f ? (json_int_t)f->warnings : 0));
	json_object_set_new(o, "notes",
			    json_integer(f ? (json_int_t)f->notes : 0));
	if (failed)
		json_object_set_new(o, "failure", json_string(failed->msg));
	json_object_set_new(o, "problems", list);
	return o;
}

/* --rules: the table, one rule a line. */
static void print_table(void)
{
	const struct pk_lint_rule *r;
	size_t n, i;

	r = pk_lint_rules(&n);
	for (i = 0; i < n; i++)
		printf("%-26s %-8s %-28s %s\n", r[i].id,
		       pk_lint_severity_name(r[i].severity), r[i].source,
		       r[i].what);
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"all", no_argument, NULL, 'a'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"json", no_argument, NULL, 'j'},
	    {"rules", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	size_t errors = 0, warnings = 0, notes = 0;
	json_t *feeds = NULL, *top;
	struct opts o = {0};
	int c, i, rules = 0, code = PK_EXIT_OK;

	while ((c = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			o.all = 1;
			break;
		case 'v':
			o.verbose = 1;
			break;
		case 'j':
			o.json = 1;
			break;
		case 'r':
			rules = 1;
			break;
		default:
			return pk_tool_usage(&pk_cmd_lint);
		}
	}
	if (rules && optind == argc) {
		print_table();
		return pk_tool_finish(PK_EXIT_OK);
	}
	if (rules || optind >= argc)
		return pk_tool_usage(&pk_cmd_lint);
	if (o.json)
		feeds = json_array();
	for (i = optind; i < argc; i++) {
		struct pk_error err = {0};
		struct pk_lint_findings f;

		pk_lint_findings_init(&f);
		if (pk_lint(argv[i], NULL, &f, &err) != 0) {
			/* Unreadable: say so, and go on with the others. */
			code = PK_EXIT_FAIL;
			errors++;
			if (o.json)
				json_array_append_new(
				    feeds, to_json(argv[i], NULL, &err));
			else
				pk_tool_report(&err);
			pk_lint_findings_release(&f);
			continue;
		}
		if (o.json)
			json_array_append_new(feeds,
					      to_json(argv[i], &f, NULL));
		else
			print_text(argv[i], &f, &o);
		if (f.errors)
			code = PK_EXIT_FAIL;
		errors += f.errors;
		warnings += f.warnings;
		notes += f.notes;
		pk_lint_findings_release(&f);
	}
	if (o.json) {
		top = json_object();
		json_object_set_new(top, "feeds", feeds);
		json_object_set_new(top, "errors",
				    json_integer((json_int_t)errors));
		json_object_set_new(top, "warnings",
				    json_integer((json_int_t)warnings));
		json_object_set_new(top, "notes",
				    json_integer((json_int_t)notes));
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
    .usage = "podkit lint [--all] [-v] [--json] FEED|URL...\n"
	     "       podkit lint --rules",
    .help = "  --all          list every finding (by default a rule's\n"
	    "                 findings are folded into one line)\n"
	    "  -v, --verbose  show the notes (style) too\n"
	    "  --json         print every finding as JSON, unfolded\n"
	    "  --rules        list the rules: name, severity, source, "
	    "check\n"
	    "Each FEED is a file or an http(s) URL. Findings are printed\n"
	    "as FEED:LINE: error|warning|note: message, one line per rule\n"
	    "(\"; and N more items (lines ...)\"), then the counts and the\n"
	    "rules to fix first. Errors are what Apple or the big apps\n"
	    "refuse, drop or cannot play, or what a spec says MUST; the\n"
	    "exit status is 1 when any feed has an error or cannot be "
	    "read.\n",
    .run = run,
};
