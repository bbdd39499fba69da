/* cmd_stats.c: `podkit stats`: downloads per episode per day, and by
 * app, from podkit serve's database. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "podkit/fsio.h"
#include "podkit/stats.h"
#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_stats = {
    .name = "stats",
    .rank = 71,
    .summary = "show download statistics counted by podkit serve",
    .usage = "podkit stats [--db FILE] [--since DATE] [--json|--csv]",
    .help =
	"  -d, --db FILE     the statistics database (default\n"
	"                    podkit-stats.sqlite, beside feed/)\n"
	"  -s, --since DATE  only days on or after DATE (YYYY-MM-DD)\n"
	"  -j, --json        JSON: per episode per day, per episode, per app\n"
	"  -c, --csv         CSV: day,episode,app,downloads\n"
	"\nA download follows the IAB Podcast Measurement Technical "
	"Guidelines\n(v2): one per listener (IP address, IPv6 cut to /64, "
	"plus user agent)\nper episode per calendar day in UTC; bots, "
	"probes, HEAD requests and\npartial ranges under one minute of "
	"audio are not counted.\n",
    .run = run,
};

/* Sums by a key, in first-seen order (rows come sorted). */
struct tally {
	char **key;
	char **key2;
	int64_t *n;
	size_t len, cap;
};

static int tally_add(struct tally *t, const char *k, const char *k2,
		     int64_t n)
{
	size_t i;

	for (i = 0; i < t->len; i++)
		if (strcmp(t->key[i], k) == 0 &&
		    (!k2 || strcmp(t->key2[i], k2) == 0)) {
			t->n[i] += n;
			return 0;
		}
	if (t->len == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 32;
		char **a = realloc(t->key, nc * sizeof(*a));
		char **b = a ? realloc(t->key2, nc * sizeof(*b)) : NULL;
		int64_t *c = b ? realloc(t->n, nc * sizeof(*c)) : NULL;

		if (a)
			t->key = a;
		if (b)
			t->key2 = b;
		if (!c)
			return -1;
		t->n = c;
		t->cap = nc;
	}
	t->key[t->len] = strdup(k);
	t->key2[t->len] = strdup(k2 ? k2 : "");
	if (!t->key[t->len] || !t->key2[t->len])
		return -1;
	t->n[t->len++] = n;
	return 0;
}

static void tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		free(t->key[i]);
		free(t->key2[i]);
	}
	free(t->key);
	free(t->key2);
	free(t->n);
}

/* Sorts by count, highest first, then by key (a simple insertion sort:
 * a show has tens of apps and episodes, not thousands). */
static void tally_sort(struct tally *t)
{
	size_t i, j;

	for (i = 1; i < t->len; i++)
		for (j = i; j > 0 && (t->n[j] > t->n[j - 1] ||
				      (t->n[j] == t->n[j - 1] &&
				       strcmp(t->key[j], t->key[j - 1]) < 0));
		     j--) {
			char *k = t->key[j], *k2 = t->key2[j];
			int64_t n = t->n[j];

			t->key[j] = t->key[j - 1];
			t->key2[j] = t->key2[j - 1];
			t->n[j] = t->n[j - 1];
			t->key[j - 1] = k;
			t->key2[j - 1] = k2;
			t->n[j - 1] = n;
		}
}

struct report {
	struct tally day_ep, ep, app;
	int64_t total;
	int csv;
	int failed;
};

/* A CSV field, quoted when it holds a comma, quote or line break. */
static void csv_field(const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static int on_row(const struct pk_stats_row *row, void *arg)
{
	struct report *r = arg;

	if (r->csv) {
		csv_field(row->day);
		putchar(',');
		csv_field(row->episode);
		putchar(',');
		csv_field(row->app);
		printf(",%lld\n", (long long)row->downloads);
	}
	r->total += row->downloads;
	if (tally_add(&r->day_ep, row->day, row->episode, row->downloads) ||
	    tally_add(&r->ep, row->episode, NULL, row->downloads) ||
	    tally_add(&r->app, row->app, NULL, row->downloads)) {
		r->failed = 1;
		return -1;
	}
	return 0;
}

static int valid_day(const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	return end && *end == '\0' && strlen(s) == 10;
}

static void print_json(struct report *r, const char *since)
{
	json_t *root = json_object(), *a;
	size_t i;

	json_object_set_new(root, "counting",
			    json_string("IAB Podcast Measurement Technical "
					"Guidelines v2"));
	json_object_set_new(root, "listener",
			    json_string("IP address (IPv6 /64) + user agent"));
	json_object_set_new(root, "window",
			    json_string("calendar day, UTC"));
	json_object_set_new(root, "since",
			    since ? json_string(since) : json_null());
	json_object_set_new(root, "total", json_integer(r->total));
	a = json_array();
	for (i = 0; i < r->day_ep.len; i++)
		json_array_append_new(
			a, json_pack("{s:s, s:s, s:I}", "day",
				     r->day_ep.key[i], "episode",
				     r->day_ep.key2[i], "downloads",
				     (json_int_t)r->day_ep.n[i]));
	json_object_set_new(root, "by_day", a);
	a = json_array();
	for (i = 0; i < r->ep.len; i++)
		json_array_append_new(
			a, json_pack("{s:s, s:I}", "episode", r->ep.key[i],
				     "downloads", (json_int_t)r->ep.n[i]));
	json_object_set_new(root, "by_episode", a);
	a = json_array();
	for (i = 0; i < r->app.len; i++)
		json_array_append_new(
			a, json_pack("{s:s, s:I}", "app", r->app.key[i],
				     "downloads", (json_int_t)r->app.n[i]));
	json_object_set_new(root, "by_app", a);
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
}

static void print_text(struct report *r, const char *since)
{
	size_t i;

	printf("Downloads%s%s (IAB v2: one per listener per episode per "
	       "calendar day, UTC)\n\n",
	       since ? " since " : "", since ? since : "");
	printf("%-10s  %9s  %s\n", "day", "downloads", "episode");
	for (i = 0; i < r->day_ep.len; i++)
		printf("%-10s  %9lld  %s\n", r->day_ep.key[i],
		       (long long)r->day_ep.n[i], r->day_ep.key2[i]);
	printf("\n%9s  %s\n", "downloads", "episode");
	for (i = 0; i < r->ep.len; i++)
		printf("%9lld  %s\n", (long long)r->ep.n[i], r->ep.key[i]);
	printf("\n%9s  %s\n", "downloads", "app");
	for (i = 0; i < r->app.len; i++)
		printf("%9lld  %s\n", (long long)r->app.n[i], r->app.key[i]);
	printf("\n%9lld  total\n", (long long)r->total);
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"since", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{"csv", no_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "podkit-stats.sqlite", *since = NULL;
	struct pk_error err = {0};
	struct pk_stats *s = NULL;
	struct report r;
	int c, json = 0, code = PK_EXIT_FAIL;

	memset(&r, 0, sizeof(r));
	while ((c = getopt_long(argc, argv, "d:s:jc", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 's':
			since = optarg;
			if (!valid_day(since)) {
				pk_tool_error("'%s' is not a date (YYYY-MM-DD)",
					      since);
				return pk_tool_usage(&pk_cmd_stats);
			}
			break;
		case 'j':
			json = 1;
			break;
		case 'c':
			r.csv = 1;
			break;
		default:
			return pk_tool_usage(&pk_cmd_stats);
		}
	}
	if (optind < argc || (json && r.csv))
		return pk_tool_usage(&pk_cmd_stats);
	if (!pk_is_file(db)) {
		pk_tool_error("'%s': no statistics database (podkit serve "
			      "writes one)",
			      db);
		return PK_EXIT_FAIL;
	}
	if (pk_stats_open(db, 1, &s, &err) != 0) {
		pk_tool_report(&err);
		return PK_EXIT_FAIL;
	}
	if (r.csv)
		printf("day,episode,app,downloads\n");
	if (pk_stats_each(s, since, on_row, &r, &err) != 0) {
		if (r.failed)
			pk_tool_error("out of memory");
		else
			pk_tool_report(&err);
		goto out;
	}
	tally_sort(&r.ep);
	tally_sort(&r.app);
	if (json)
		print_json(&r, since);
	else if (!r.csv)
		print_text(&r, since);
	code = PK_EXIT_OK;
out:
	pk_stats_close(s);
	tally_free(&r.day_ep);
	tally_free(&r.ep);
	tally_free(&r.app);
	return pk_tool_finish(code);
}
