/* cmd_serve.c: `podkit serve`: serves feed/ over HTTP and counts
 * downloads. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/log.h>

#include "podkit/fsio.h"
#include "podkit/serve.h"
#include "podkit/stats.h"
#include "podkit/useragent.h"
#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_serve = {
    .name = "serve",
    .rank = 70,
    .summary = "serve the feed folder over HTTP and count downloads",
    .usage = "podkit serve [DIR] [--port PORT] [--bind ADDR] [--stats FILE] "
	     "[--no-stats] [--log FILE] [--log-format F] [--redirect URL] "
	     "[-q]",
    .help =
	"  DIR             the folder to serve (default feed)\n"
	"  -p, --port PORT listen on PORT (default 8080; 0: any free port)\n"
	"  -b, --bind ADDR listen on ADDR (default 127.0.0.1; 0.0.0.0 or ::\n"
	"                  to be reachable from other machines)\n"
	"  -s, --stats FILE  the statistics database (default\n"
	"                  DIR/../podkit-stats.sqlite, outside the folder)\n"
	"  -S, --no-stats  do not count downloads\n"
	"  -l, --log FILE  append the access log (combined format) to FILE;\n"
	"                  '-' for stderr (default: no log)\n"
	"  -L, --log-format F  combined (default) or podkit (combined plus\n"
	"                  the Range header, for podkit stats import)\n"
	"  -r, --redirect URL  serve nothing: count each request and answer\n"
	"                  302 to URL + its path (the show's own analytics\n"
	"                  prefix; DIR's feed.xml names the episodes)\n"
	"  -t, --threads N server threads (default: one per core)\n"
	"  -q, --quiet     print nothing when started\n",
    .run = run,
};

static void stats_failed(void *arg, const char *msg)
{
	(void)arg;
	pk_tool_error("%s", msg);
}

/* The default database: beside the served folder, never inside it. */
static char *default_db(const char *dir)
{
	char *parent = pk_path_join(dir, "..");
	char *db = parent ? pk_path_join(parent, "podkit-stats.sqlite") : NULL;

	free(parent);
	return db;
}

/* 1 when path (which may not exist yet) would be inside root. */
static int inside(const char *root, const char *path)
{
	char r[PATH_MAX], p[PATH_MAX], *slash, *dir;
	size_t n;
	int in = 0;

	if (!realpath(root, r))
		return 0;
	dir = strdup(path);
	if (!dir)
		return 0;
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	if (realpath(slash ? (*dir ? dir : "/") : ".", p)) {
		n = strlen(r);
		in = strncmp(p, r, n) == 0 && (p[n] == '/' || p[n] == '\0');
	}
	free(dir);
	return in;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"port", required_argument, NULL, 'p'},
		{"bind", required_argument, NULL, 'b'},
		{"stats", required_argument, NULL, 's'},
		{"no-stats", no_argument, NULL, 'S'},
		{"log", required_argument, NULL, 'l'},
		{"log-format", required_argument, NULL, 'L'},
		{"redirect", required_argument, NULL, 'r'},
		{"threads", required_argument, NULL, 't'},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	struct pk_serve_opts opts = {0};
	struct pk_error err = {0};
	struct pk_server *srv = NULL;
	struct pk_stats *stats = NULL;
	struct pk_ua_rules *bots = NULL;
	const char *dir = PK_DEFAULT_OUT_DIR, *log_path = NULL;
	char *db = NULL, *bots_path = NULL, *end, *feed;
	int c, quiet = 0, no_stats = 0, code = PK_EXIT_FAIL, sig;
	unsigned long port = 8080, threads = 0;
	FILE *log = NULL;
	sigset_t set;

	while ((c = getopt_long(argc, argv, "p:b:s:Sl:L:r:t:q", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'p':
			errno = 0;
			port = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || port > 65535) {
				pk_tool_error("'%s' is not a port", optarg);
				return pk_tool_usage(&pk_cmd_serve);
			}
			break;
		case 'b':
			opts.bind = optarg;
			break;
		case 's':
			free(db);
			db = strdup(optarg);
			break;
		case 'S':
			no_stats = 1;
			break;
		case 'l':
			log_path = optarg;
			break;
		case 'L':
			if (strcmp(optarg, "combined") != 0 &&
			    strcmp(optarg, "podkit") != 0) {
				pk_tool_error("'%s': --log-format takes "
					      "combined or podkit",
					      optarg);
				free(db);
				return pk_tool_usage(&pk_cmd_serve);
			}
			opts.log_range = strcmp(optarg, "podkit") == 0;
			break;
		case 'r':
			if (strncmp(optarg, "http://", 7) != 0 &&
			    strncmp(optarg, "https://", 8) != 0) {
				pk_tool_error("'%s': --redirect takes an "
					      "http(s) URL",
					      optarg);
				free(db);
				return pk_tool_usage(&pk_cmd_serve);
			}
			opts.redirect = optarg;
			break;
		case 't':
			threads = strtoul(optarg, &end, 10);
			if (*end || !*optarg || threads < 1 || threads > 256) {
				pk_tool_error("'%s' is not a thread count",
					      optarg);
				return pk_tool_usage(&pk_cmd_serve);
			}
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			free(db);
			return pk_tool_usage(&pk_cmd_serve);
		}
	}
	if (argc - optind > 1) {
		free(db);
		return pk_tool_usage(&pk_cmd_serve);
	}
	if (optind < argc)
		dir = argv[optind];
	if (!pk_is_dir(dir) && !opts.redirect) {
		pk_tool_error("'%s' is not a folder (run 'podkit build' "
			      "first?)",
			      dir);
		goto out;
	}
	av_log_set_level(AV_LOG_QUIET);

	if (!no_stats) {
		if (!db)
			db = default_db(dir);
		if (!db)
			goto out;
		if (inside(dir, db)) {
			pk_tool_error("'%s': the statistics database must not "
				      "be inside the served folder",
				      db);
			goto out;
		}
		if (pk_stats_open(db, 0, &stats, &err) != 0) {
			pk_tool_report(&err);
			goto out;
		}
		/* The feed's episodes, so downloads count by guid. */
		feed = pk_is_dir(dir) ? pk_path_join(dir, "feed.xml") : NULL;
		if (feed && pk_is_file(feed) &&
		    pk_stats_learn_feed(stats, feed, dir, NULL, &err) != 0)
			pk_tool_warn("%s", err.msg);
		free(feed);
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
	}
	if (log_path) {
		log = strcmp(log_path, "-") == 0 ? stderr
						 : fopen(log_path, "a");
		if (!log) {
			pk_tool_error("%s: %s", log_path, strerror(errno));
			goto out;
		}
	}

	/* The server's threads inherit this mask: the signals wait for
	 * sigwait below, and a closed connection is not a SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	/* A redirector serves no file: any folder will do as its root. */
	opts.root = pk_is_dir(dir) ? dir : ".";
	opts.port = (unsigned)port;
	opts.threads = (unsigned)threads;
	opts.access_log = log;
	opts.stats = stats;
	opts.bots = bots;
	opts.on_error = stats_failed;
	if (pk_serve_start(&opts, &srv, &err) != 0) {
		pk_tool_report(&err);
		goto out;
	}
	if (!quiet) {
		const char *b = opts.bind ? opts.bind : "127.0.0.1";
		int v6 = strchr(b, ':') != NULL;

		if (opts.redirect)
			fprintf(stderr,
				"podkit: redirecting http://%s%s%s:%u/ to "
				"%s%s%s\n",
				v6 ? "[" : "", b, v6 ? "]" : "",
				pk_serve_port(srv), opts.redirect,
				stats ? "; statistics in " : "",
				stats ? db : "");
		else
			fprintf(stderr,
				"podkit: serving '%s' at http://%s%s%s:%u/%s%s\n",
				dir, v6 ? "[" : "", b, v6 ? "]" : "",
				pk_serve_port(srv),
				stats ? "; statistics in " : "", stats ? db : "");
	}
	if (sigwait(&set, &sig) != 0)
		sig = SIGTERM;
	if (!quiet)
		fprintf(stderr, "podkit: stopping\n");
	code = PK_EXIT_OK;
out:
	pk_serve_stop(srv);
	pk_stats_close(stats);
	pk_ua_rules_free(bots);
	if (log && log != stderr && fclose(log) != 0) {
		pk_tool_error("%s: %s", log_path, strerror(errno));
		code = PK_EXIT_FAIL;
	}
	free(db);
	free(bots_path);
	return pk_tool_finish(code);
}
