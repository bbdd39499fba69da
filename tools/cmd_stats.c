/* cmd_stats.c: `podkit stats`: downloads per episode per day, by app
 * and platform, from the statistics database; `podkit stats import`
 * counts access logs into it. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "podkit/fsio.h"
#include "podkit/logimport.h"
#include "podkit/stats.h"
#include "podkit/statsreport.h"
#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_stats = {
    .name = "stats",
    .rank = 71,
    .summary = "show download statistics; import CDN and server logs",
    .usage = "podkit stats [--db FILE] [--since DATE] [--by KEY] "
	     "[--json|--csv] [--html FILE]\n"
	     "       podkit stats import [--db FILE] [--format F] "
	     "[--feed FEED] [--salt-days N] [-q] FILE...",
    .help =
	"  -d, --db FILE     the statistics database (default\n"
	"                    podkit-stats.sqlite, beside feed/)\n"
	"  -s, --since DATE  only days on or after DATE (YYYY-MM-DD)\n"
	"  -b, --by KEY      one table by day, episode, app or platform\n"
	"  -j, --json        JSON: per episode per day, per episode, per app\n"
	"                    and platform (with --by: that table)\n"
	"  -c, --csv         CSV: day,episode,app,downloads (with --by:\n"
	"                    KEY,downloads)\n"
	"  -H, --html FILE   write a self-contained report with charts to\n"
	"                    FILE (keep it private: not in feed/)\n"
	"\nimport FILE...     count the downloads in access logs (plain or\n"
	"                    gzip; '-' for stdin); idempotent\n"
	"  -f, --format F    cloudfront, s3, cloudflare, caddy, combined,\n"
	"                    podkit or auto (default: detected per file)\n"
	"  -F, --feed FEED   learn the episodes' file names from FEED\n"
	"                    (default feed/feed.xml when there is one)\n"
	"  -k, --salt-days N keep N days of listener salts, for lines that\n"
	"                    arrive late or files imported out of order\n"
	"                    (default 2)\n"
	"  -q, --quiet       print only problems\n"
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

static int tally_add(struct tally *t, const char *k, const char *k2, int64_t n)
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
	struct tally day_ep, ep, app, plat, day;
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

	if (r->csv == 1) {
		csv_field(row->day);
		putchar(',');
		csv_field(row->episode);
		putchar(',');
		csv_field(row->app);
		printf(",%lld\n", (long long)row->downloads);
	}
	r->total += row->downloads;
	if (tally_add(&r->day_ep, row->day, row->episode, row->downloads) ||
	    tally_add(&r->ep, row->episode, row->title, row->downloads) ||
	    tally_add(&r->app, row->app, NULL, row->downloads) ||
	    tally_add(&r->plat, row->platform, NULL, row->downloads) ||
	    tally_add(&r->day, row->day, NULL, row->downloads)) {
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

static json_t *tally_json(const struct tally *t, const char *key)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < t->len; i++) {
		json_t *o = json_pack("{s:s, s:I}", key, t->key[i], "downloads",
				      (json_int_t)t->n[i]);

		json_array_append_new(a, o);
	}
	return a;
}

static void print_json(struct report *r, const char *since)
{
	json_t *root = json_object(), *a;
	size_t i;

	json_object_set_new(root, "counting",
			    json_string("IAB Podcast Measurement Technical "
					"Guidelines v2.2"));
	json_object_set_new(root, "listener",
			    json_string("IP address (IPv6 /64) + user agent"));
	json_object_set_new(root, "window", json_string("calendar day, UTC"));
	json_object_set_new(root, "since",
			    since ? json_string(since) : json_null());
	json_object_set_new(root, "total", json_integer(r->total));
	a = json_array();
	for (i = 0; i < r->day_ep.len; i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:I}", "day", r->day_ep.key[i],
				 "episode", r->day_ep.key2[i], "downloads",
				 (json_int_t)r->day_ep.n[i]));
	json_object_set_new(root, "by_day", a);
	a = json_array();
	for (i = 0; i < r->ep.len; i++) {
		json_t *o = json_pack("{s:s, s:I}", "episode", r->ep.key[i],
				      "downloads", (json_int_t)r->ep.n[i]);

		/* A title when a feed named the episode (the key is then
		 * its guid, not a file's path). */
		if (strcmp(r->ep.key[i], r->ep.key2[i]) != 0)
			json_object_set_new(o, "title",
					    json_string(r->ep.key2[i]));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "by_episode", a);
	json_object_set_new(root, "by_app", tally_json(&r->app, "app"));
	json_object_set_new(root, "by_platform",
			    tally_json(&r->plat, "platform"));
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
}

static void print_text(struct report *r, const char *since)
{
	size_t i;

	printf("Downloads%s%s (IAB v2.2: one per listener per episode per "
	       "calendar day, UTC)\n\n",
	       since ? " since " : "", since ? since : "");
	printf("%-10s  %9s  %s\n", "day", "downloads", "episode");
	for (i = 0; i < r->day_ep.len; i++)
		printf("%-10s  %9lld  %s\n", r->day_ep.key[i],
		       (long long)r->day_ep.n[i], r->day_ep.key2[i]);
	printf("\n%9s  %s\n", "downloads", "episode");
	for (i = 0; i < r->ep.len; i++)
		printf("%9lld  %s\n", (long long)r->ep.n[i], r->ep.key2[i]);
	printf("\n%9s  %s\n", "downloads", "app");
	for (i = 0; i < r->app.len; i++)
		printf("%9lld  %s\n", (long long)r->app.n[i], r->app.key[i]);
	printf("\n%9s  %s\n", "downloads", "platform");
	for (i = 0; i < r->plat.len; i++)
		printf("%9lld  %s\n", (long long)r->plat.n[i], r->plat.key[i]);
	printf("\n%9lld  total\n", (long long)r->total);
}

/* --by KEY: one table, as text, CSV or JSON. */
static void print_by(struct report *r, const char *by, int json)
{
	const struct tally *t = strcmp(by, "day") == 0	     ? &r->day
				: strcmp(by, "episode") == 0 ? &r->ep
				: strcmp(by, "app") == 0     ? &r->app
							     : &r->plat;
	int ep = t == &r->ep;
	size_t i;

	if (json) {
		json_t *root = json_object(), *a = json_array();

		for (i = 0; i < t->len; i++) {
			json_t *o = json_pack("{s:s, s:I}", by, t->key[i],
					      "downloads", (json_int_t)t->n[i]);

			if (ep)
				json_object_set_new(o, "title",
						    json_string(t->key2[i]));
			json_array_append_new(a, o);
		}
		json_object_set_new(root, "by", json_string(by));
		json_object_set_new(root, "total", json_integer(r->total));
		json_object_set_new(root, "rows", a);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(root);
		return;
	}
	if (r->csv) {
		printf("%s,%sdownloads\n", by, ep ? "title," : "");
		for (i = 0; i < t->len; i++) {
			csv_field(t->key[i]);
			putchar(',');
			if (ep) {
				csv_field(t->key2[i]);
				putchar(',');
			}
			printf("%lld\n", (long long)t->n[i]);
		}
		return;
	}
	printf("%9s  %s\n", "downloads", by);
	for (i = 0; i < t->len; i++)
		printf("%9lld  %s\n", (long long)t->n[i],
		       ep ? t->key2[i] : t->key[i]);
	printf("%9lld  total\n", (long long)r->total);
}

static int run_import(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'f'},
	    {"feed", required_argument, NULL, 'F'},
	    {"salt-days", required_argument, NULL, 'k'},
	    {"quiet", no_argument, NULL, 'q'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = "podkit-stats.sqlite", *feed = NULL;
	struct pk_error err = {0};
	struct pk_stats *s = NULL;
	struct pk_ua_rules *bots = NULL;
	struct pk_diags diags;
	char *bots_path = NULL, *end;
	int c, fmt = PK_LOG_AUTO, quiet = 0, code = PK_EXIT_FAIL, i, items;
	long salt_days = 2;

	pk_diags_init(&diags);
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:f:F:k:q", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'f':
			fmt = pk_log_format_parse(optarg);
			if (fmt < 0) {
				pk_tool_error("'%s' is not a log format",
					      optarg);
				return pk_tool_usage(&pk_cmd_stats);
			}
			break;
		case 'F':
			feed = optarg;
			break;
		case 'k':
			salt_days = strtol(optarg, &end, 10);
			if (*end || !*optarg || salt_days < 1 ||
			    salt_days > 3660) {
				pk_tool_error("'%s' is not a number of days",
					      optarg);
				return pk_tool_usage(&pk_cmd_stats);
			}
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			return pk_tool_usage(&pk_cmd_stats);
		}
	}
	if (optind >= argc)
		return pk_tool_usage(&pk_cmd_stats);
	if (!feed && pk_is_file(PK_DEFAULT_OUT_DIR "/feed.xml"))
		feed = PK_DEFAULT_OUT_DIR "/feed.xml";
	if (pk_stats_open(db, 0, &s, &err) != 0) {
		pk_tool_report(&err);
		goto out;
	}
	pk_stats_set_salt_days(s, (int)salt_days);
	bots_path = pk_ua_rules_find();
	if (!bots_path) {
		pk_tool_error("cannot find the bot list 'bots.txt' "
			      "(set PODKIT_DATA_DIR)");
		goto out;
	}
	if (pk_ua_rules_load(bots_path, &bots, &err) != 0) {
		pk_tool_report(&err);
		goto out;
	}
	if (feed) {
		char *dir = strdup(feed),
		     *slash = dir ? strrchr(dir, '/') : NULL;

		if (slash)
			*slash = '\0';
		if (pk_stats_learn_feed(s, feed, slash ? dir : ".", &items,
					&err) != 0) {
			free(dir);
			pk_tool_report(&err);
			goto out;
		}
		free(dir);
		if (!quiet)
			printf("%s: %d episodes' files learnt\n", feed, items);
	}
	code = PK_EXIT_OK;
	for (i = optind; i < argc; i++) {
		struct pk_import_totals t;

		memset(&t, 0, sizeof(t));
		if (pk_stats_import(s, bots, argv[i], (enum pk_log_format)fmt,
				    &t, &diags, &err) != 0) {
			pk_tool_print_diags(&diags);
			pk_diags_release(&diags);
			pk_diags_init(&diags);
			pk_tool_report(&err);
			code = PK_EXIT_FAIL;
			if (err.code != PK_EIO || strstr(err.msg, "database"))
				break;
			continue;
		}
		pk_tool_print_diags(&diags);
		pk_diags_release(&diags);
		pk_diags_init(&diags);
		if (t.malformed)
			code = PK_EXIT_FAIL;
		if (!quiet)
			printf("%s: %s, %lld lines, %lld media requests, "
			       "%lld new downloads, %lld malformed\n",
			       strcmp(argv[i], "-") == 0 ? "(stdin)" : argv[i],
			       pk_log_format_name(t.format), (long long)t.lines,
			       (long long)t.requests, (long long)t.counted,
			       (long long)t.malformed);
		if (t.too_old)
			pk_tool_warn("%s: %lld requests not counted: their "
				     "days' listener salts were rotated away "
				     "(already imported, or older than "
				     "--salt-days %ld before the newest day)",
				     argv[i], (long long)t.too_old, salt_days);
	}
out:
	pk_diags_release(&diags);
	pk_stats_close(s);
	pk_ua_rules_free(bots);
	free(bots_path);
	return pk_tool_finish(code);
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"since", required_argument, NULL, 's'},
	    {"by", required_argument, NULL, 'b'},
	    {"json", no_argument, NULL, 'j'},
	    {"csv", no_argument, NULL, 'c'},
	    {"html", required_argument, NULL, 'H'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = "podkit-stats.sqlite", *since = NULL, *by = NULL;
	const char *html = NULL;
	struct pk_error err = {0};
	struct pk_stats *s = NULL;
	struct report r;
	int c, json = 0, code = PK_EXIT_FAIL;

	if (argc > 1 && strcmp(argv[1], "import") == 0)
		return run_import(argc - 1, argv + 1);
	memset(&r, 0, sizeof(r));
	while ((c = getopt_long(argc, argv, "d:s:b:jcH:", longopts, NULL)) !=
	       -1) {
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
		case 'b':
			by = optarg;
			if (strcmp(by, "day") && strcmp(by, "episode") &&
			    strcmp(by, "app") && strcmp(by, "platform")) {
				pk_tool_error("'%s': --by takes day, episode, "
					      "app or platform",
					      by);
				return pk_tool_usage(&pk_cmd_stats);
			}
			break;
		case 'j':
			json = 1;
			break;
		case 'c':
			r.csv = 1;
			break;
		case 'H':
			html = optarg;
			break;
		default:
			return pk_tool_usage(&pk_cmd_stats);
		}
	}
	if (optind < argc || (json && r.csv))
		return pk_tool_usage(&pk_cmd_stats);
	if (!pk_is_file(db)) {
		pk_tool_error("'%s': no statistics database (podkit serve "
			      "and podkit stats import write one)",
			      db);
		return PK_EXIT_FAIL;
	}
	if (pk_stats_open(db, 0, &s, &err) != 0) {
		pk_tool_report(&err);
		return PK_EXIT_FAIL;
	}
	if (html) {
		if (pk_stats_report_html(s, since, html, &err) != 0) {
			pk_tool_report(&err);
			goto out;
		}
		if (!json && !r.csv && !by) {
			code = PK_EXIT_OK;
			goto out;
		}
	}
	if (r.csv && !by)
		printf("day,episode,app,downloads\n");
	else if (r.csv)
		r.csv = 2; /* no rows while reading */
	if (pk_stats_each(s, since, on_row, &r, &err) != 0) {
		if (r.failed)
			pk_tool_error("out of memory");
		else
			pk_tool_report(&err);
		goto out;
	}
	tally_sort(&r.ep);
	tally_sort(&r.app);
	tally_sort(&r.plat);
	if (by)
		print_by(&r, by, json);
	else if (json)
		print_json(&r, since);
	else if (!r.csv)
		print_text(&r, since);
	code = PK_EXIT_OK;
out:
	pk_stats_close(s);
	tally_free(&r.day_ep);
	tally_free(&r.ep);
	tally_free(&r.app);
	tally_free(&r.plat);
	tally_free(&r.day);
	return pk_tool_finish(code);
}
