/* cmd_publish.c: `podkit publish`: the output folder to its target. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podkit/fsio.h"
#include "podkit/publish.h"
#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_publish = {
    .name = "publish",
    .rank = 60,
    .summary = "upload the output folder to S3, WebDAV, SFTP or a folder",
    .usage =
	"podkit publish [-C SHOWDIR] [-o OUTDIR] [--to TARGET] [--dry-run] "
	"[--delete] [--allow-removal GUID|all] [-j N] [-v] [-q]",
    .help =
	"  -C, --show DIR       the show folder (default episodes)\n"
	"  -o, --output DIR     the folder to publish (default feed)\n"
	"      --to TARGET      s3://bucket/prefix, https://dav/path,\n"
	"                       sftp://user@host[:port]/path or file:///path\n"
	"                       (default: show.yaml publish: target)\n"
	"      --endpoint URL   S3 endpoint (MinIO, R2, B2, Spaces)\n"
	"      --region NAME    S3 region (default us-east-1; R2: auto)\n"
	"      --path-style     S3 path-style URLs (endpoint/bucket/key)\n"
	"      --acl ACL        S3 canned ACL (public-read)\n"
	"      --host-key SHA   SFTP host key pin: base64 SHA-256\n"
	"      --feed-url URL   the feed's public URL (for notifications)\n"
	"      --hub URL        a WebSub hub to ping (repeatable)\n"
	"  -n, --dry-run        print the plan, change nothing\n"
	"      --delete         delete remote files no longer built (after\n"
	"                       the new feed is live)\n"
	"      --full-check     S3: list the bucket even when the quick check\n"
	"                       (feed.xml's ETag) says nothing changed\n"
	"      --allow-removal GUID\n"
	"                       let the new feed drop the episode with this\n"
	"                       guid from the live feed (repeatable; 'all':\n"
	"                       any); without it such a feed is refused\n"
	"  -j, --jobs N         parallel transfers (default 8)\n"
	"      --limit-rate N   at most N bytes/s per transfer (k, M)\n"
	"  -v, --verbose        trace the requests (secrets redacted)\n"
	"  -q, --quiet          no progress, no summary\n"
	"  -h, --help           this help\n"
	"credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, "
	"AWS_SESSION_TOKEN,\n"
	"PODKIT_WEBDAV_USER, PODKIT_WEBDAV_PASSWORD, PODKIT_SSH_KEY, or the\n"
	"file PODKIT_CREDENTIALS (default ~/.config/podkit/credentials, mode "
	"600)\n",
    .run = run,
};

enum {
	O_TO = 256, O_ENDPOINT, O_REGION, O_PATH_STYLE, O_ACL, O_HOST_KEY,
	O_FEED_URL, O_HUB, O_DELETE, O_LIMIT_RATE, O_FULL_CHECK,
	O_ALLOW_REMOVAL
};

static const struct option longopts[] = {
	{"show", required_argument, NULL, 'C'},
	{"output", required_argument, NULL, 'o'},
	{"to", required_argument, NULL, O_TO},
	{"endpoint", required_argument, NULL, O_ENDPOINT},
	{"region", required_argument, NULL, O_REGION},
	{"path-style", no_argument, NULL, O_PATH_STYLE},
	{"acl", required_argument, NULL, O_ACL},
	{"host-key", required_argument, NULL, O_HOST_KEY},
	{"feed-url", required_argument, NULL, O_FEED_URL},
	{"hub", required_argument, NULL, O_HUB},
	{"dry-run", no_argument, NULL, 'n'},
	{"delete", no_argument, NULL, O_DELETE},
	{"full-check", no_argument, NULL, O_FULL_CHECK},
	{"allow-removal", required_argument, NULL, O_ALLOW_REMOVAL},
	{"jobs", required_argument, NULL, 'j'},
	{"limit-rate", required_argument, NULL, O_LIMIT_RATE},
	{"verbose", no_argument, NULL, 'v'},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

struct ui {
	int tty;
	int shown;
	int dry_run;
};

static void on_log(void *ctx, const char *line)
{
	struct ui *u = ctx;

	if (u->shown) {
		fputs("\r\033[K", stderr);
		u->shown = 0;
	}
	/* The plan is data (stdout); traces and notes are diagnostics. */
	if (u->dry_run && (strncmp(line, "upload ", 7) == 0 ||
			   strncmp(line, "delete ", 7) == 0 ||
			   strncmp(line, "keep ", 5) == 0))
		printf("%s\n", line);
	else if (strncmp(line, "warning: ", 9) == 0)
		pk_tool_warn("%s", line + 9);
	else
		fprintf(stderr, "podkit: %s\n", line);
}

static void human(char *out, size_t n, double b)
{
	const char *unit[] = {"B", "kB", "MB", "GB", "TB"};
	int i = 0;

	while (b >= 1000 && i < 4) {
		b /= 1000;
		i++;
	}
	snprintf(out, n, i ? "%.1f %s" : "%.0f %s", b, unit[i]);
}

static void on_progress(void *ctx, const struct pk_pub_progress *p)
{
	struct ui *u = ctx;
	char done[32], total[32], rate[32];
	int width = 24, fill;

	if (!u->tty)
		return;
	human(done, sizeof(done), (double)p->bytes_done);
	human(total, sizeof(total), (double)p->bytes_total);
	human(rate, sizeof(rate),
	      p->seconds > 0 ? (double)p->bytes_done / p->seconds : 0);
	fill = p->bytes_total > 0
		       ? (int)(width * (double)p->bytes_done /
			       (double)p->bytes_total)
		       : width;
	if (fill > width)
		fill = width;
	if (fill < 0)
		fill = 0;
	fprintf(stderr, "\r\033[K[%.*s%*s] %zu/%zu files  %s/%s  %s/s",
		fill, "########################", width - fill, "",
		p->files_done, p->files_total, done, total, rate);
	u->shown = 1;
}

static int parse_jobs(const char *s, int *jobs)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v < 1 || v > 64)
		return -1;
	*jobs = (int)v;
	return 0;
}

static int parse_rate(const char *s, int64_t *rate)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (v <= 0)
		return -1;
	if (*end == 'k' || *end == 'K')
		v *= 1024, end++;
	else if (*end == 'm' || *end == 'M')
		v *= 1024 * 1024, end++;
	if (*end)
		return -1;
	*rate = v;
	return 0;
}

static int run(int argc, char **argv)
{
	struct pk_publish_opts o = {0};
	struct pk_publish_summary sum;
	struct pk_error err = {0};
	struct pk_show *show = NULL;
	const char *showdir = PK_DEFAULT_SHOW_DIR;
	const char **hubs = NULL, **allow = NULL;
	size_t nhubs = 0, nallow = 0, i;
	int quiet = 0, c, r, code = PK_EXIT_OK, path_style = -1;
	struct ui u = {0};
	char *yaml = NULL;

	o.outdir = PK_DEFAULT_OUT_DIR;
	hubs = calloc((size_t)argc + 1, sizeof(*hubs));
	allow = calloc((size_t)argc + 1, sizeof(*allow));
	if (!hubs || !allow) {
		pk_tool_error("out of memory");
		free(hubs);
		free(allow);
		return PK_EXIT_FAIL;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "C:o:nj:vqh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'C': showdir = optarg; break;
		case 'o': o.outdir = optarg; break;
		case O_TO: o.target = optarg; break;
		case O_ENDPOINT: o.endpoint = optarg; break;
		case O_REGION: o.region = optarg; break;
		case O_PATH_STYLE: path_style = 1; break;
		case O_ACL: o.acl = optarg; break;
		case O_HOST_KEY: o.host_key_sha256 = optarg; break;
		case O_FEED_URL: o.feed_url = optarg; break;
		case O_HUB: hubs[nhubs++] = optarg; break;
		case 'n': o.dry_run = 1; break;
		case O_DELETE: o.delete_stale = 1; break;
		case O_FULL_CHECK: o.full_check = 1; break;
		case O_ALLOW_REMOVAL: allow[nallow++] = optarg; break;
		case 'j':
			if (parse_jobs(optarg, &o.jobs) != 0) {
				pk_tool_error("'%s': -j wants 1 to 64", optarg);
				free(hubs);
				free(allow);
				return pk_tool_usage(&pk_cmd_publish);
			}
			break;
		case O_LIMIT_RATE:
			if (parse_rate(optarg, &o.limit_rate) != 0) {
				pk_tool_error("'%s': --limit-rate wants a "
					      "byte count (k, M suffixes)",
					      optarg);
				free(hubs);
				free(allow);
				return pk_tool_usage(&pk_cmd_publish);
			}
			break;
		case 'v': o.verbose = 1; break;
		case 'q': quiet = 1; break;
		case 'h':
			free(hubs);
			free(allow);
			return pk_tool_help(&pk_cmd_publish);
		default:
			free(hubs);
			free(allow);
			return pk_tool_usage(&pk_cmd_publish);
		}
	}
	if (optind != argc) {
		free(hubs);
		free(allow);
		return pk_tool_usage(&pk_cmd_publish);
	}

	/* The show's settings, unless --to names a target and there is no
	 * show to read (publishing a folder on its own). */
	yaml = pk_path_join(showdir, "show.yaml");
	if (!yaml) {
		pk_tool_error("out of memory");
		free(hubs);
		free(allow);
		return PK_EXIT_FAIL;
	}
	if (!o.target || pk_is_file(yaml)) {
		int loaded = pk_tool_load_show(showdir, 0, 0, &show);

		if (loaded < 0) {
			code = PK_EXIT_FAIL;
			goto out;
		}
		/* The errors it printed make the run fail, after the
		 * publish (the feed it sends is guarded on its own). */
		if (loaded)
			code = PK_EXIT_FAIL;
	}
	if (show) {
		const struct pk_publish_settings *s = &show->publish;

		if (!o.target)
			o.target = s->target;
		if (!o.endpoint)
			o.endpoint = s->endpoint;
		if (!o.region)
			o.region = s->region;
		if (path_style < 0)
			path_style = s->path_style;
		if (!o.acl)
			o.acl = s->acl;
		if (!o.host_key_sha256)
			o.host_key_sha256 = s->host_key_sha256;
		if (!o.feed_url)
			o.feed_url = show->feed_url;
		o.media_url = show->media_url;
		for (i = 0; i < s->nwebsub_hubs; i++)
			hubs[nhubs++] = s->websub_hubs[i];
		o.podcastindex = s->podcastindex_ping;
		o.podping = s->podping;
	}
	o.path_style = path_style > 0;
	o.hubs = hubs;
	o.nhubs = nhubs;
	o.allow_removal = allow;
	o.nallow_removal = nallow;
	u.tty = pk_tool_progress_wanted(quiet);
	u.dry_run = o.dry_run;
	o.log = on_log;
	o.progress = on_progress;
	o.ctx = &u;
	r = pk_publish(&o, &sum, &err);
	if (u.shown)
		fputs("\r\033[K", stderr);
	if (r != 0) {
		pk_tool_report(&err);
		code = PK_EXIT_FAIL;
	}
	if (!quiet && o.dry_run && r == 0) {
		printf("dry run: %zu to upload, %zu unchanged, %zu to delete, "
		       "%lld bytes\n", sum.uploaded, sum.skipped, sum.deleted,
		       (long long)sum.bytes);
	} else if (!quiet && (r == 0 || sum.uploaded)) {
		printf("%zu uploaded, %zu unchanged, %zu deleted, %lld bytes",
		       sum.uploaded, sum.skipped, sum.deleted,
		       (long long)sum.bytes);
		if (sum.retries)
			printf(", %zu retried", sum.retries);
		if (sum.notified || sum.notify_failed)
			printf(", %zu notified, %zu notifications failed",
			       sum.notified, sum.notify_failed);
		printf("\n");
	}
out:
	free(yaml);
	free(hubs);
	free(allow);
	pk_show_free(show);
	return pk_tool_finish(code);
}
