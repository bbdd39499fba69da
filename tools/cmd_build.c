/* cmd_build.c: `podkit build`: the whole pipeline into the output folder. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/log.h>

#include "podkit/build.h"
#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_build = {
    .name = "build",
    .rank = 50,
    .summary =
	"build the show: audio, tags, chapters, transcripts, notes and feed",
    .usage = "podkit build [-C SHOWDIR] [-o OUTDIR] [-j N] [-n] [--force] "
	     "[--id3v2.4] [-q]",
    .help =
	"  -C, --show DIR    the show folder (default episodes)\n"
	"  -o, --output DIR  the output folder (default feed)\n"
	"  -j, --jobs N      episodes at once (default: one per core)\n"
	"  -n, --dry-run     say what would be done and why; change nothing\n"
	"      --force       ignore the build state: remake everything\n"
	"      --id3v2.4     tag MP3 files with ID3v2.4 (default 2.3)\n"
	"  -q, --quiet       no progress and no summary\n",
    .run = run,
};

static void progress(void *arg, size_t done, size_t total, const char *slug)
{
	(void)arg;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s", done + 1, total, slug);
	if (done + 1 == total)
		fputs("\r\033[K", stderr);
}

/* Dry run: one line per decision, on stdout (it is the output). */
static void plan(void *arg, const char *what, const char *why)
{
	size_t *n = arg;

	(*n)++;
	printf("would %s: %s\n", what, why);
}

/* The speakers' spread of each episode levelled by its transcript, for
 * the summary (in slug order, whatever order the episodes finished in). */
struct spread {
	char *slug;
	double before, after;
};
struct spreads {
	struct spread *v;
	size_t n;
};

static void on_speakers(void *arg, const char *slug, double before,
			double after)
{
	struct spreads *s = arg;
	struct spread *v = realloc(s->v, (s->n + 1) * sizeof(*v));

	if (!v)
		return; /* the summary line is only lost */
	s->v = v;
	v[s->n].slug = strdup(slug);
	if (!v[s->n].slug)
		return;
	v[s->n].before = before;
	v[s->n].after = after;
	s->n++;
}

static int by_slug(const void *a, const void *b)
{
	return strcmp(((const struct spread *)a)->slug,
		      ((const struct spread *)b)->slug);
}

static void print_spreads(struct spreads *s)
{
	size_t i;

	if (s->n > 1) /* qsort must not be handed NULL, even for 0 items */
		qsort(s->v, s->n, sizeof(*s->v), by_slug);
	for (i = 0; i < s->n; i++)
		printf("speakers %s: %.1f LU apart in the recording, %.1f LU "
		       "published\n",
		       s->v[i].slug, s->v[i].before, s->v[i].after);
}

static void free_spreads(struct spreads *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].slug);
	free(s->v);
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"show", required_argument, NULL, 'C'},
		{"output", required_argument, NULL, 'o'},
		{"jobs", required_argument, NULL, 'j'},
		{"dry-run", no_argument, NULL, 'n'},
		{"force", no_argument, NULL, 'F'},
		{"id3v2.4", no_argument, NULL, '4'},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	struct pk_build_opts opts = {0};
	struct pk_show_load_opts lo = {0};
	struct pk_build_published live = {0};
	struct spreads spreads = {0};
	struct pk_build_report rep = {0};
	const char *dir = PK_DEFAULT_SHOW_DIR;
	struct pk_error err = {0};
	struct pk_show *show = NULL;
	struct pk_diags d;
	size_t planned = 0;
	int c, quiet = 0, loaded, r, code;

	opts.out_dir = PK_DEFAULT_OUT_DIR;
	while ((c = getopt_long(argc, argv, "C:o:j:nq", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'C':
			dir = optarg;
			break;
		case 'o':
			opts.out_dir = optarg;
			break;
		case 'j':
			opts.jobs = pk_tool_parse_jobs(optarg);
			if (!opts.jobs)
				return pk_tool_usage(&pk_cmd_build);
			break;
		case 'n':
			opts.dry_run = 1;
			break;
		case 'F':
			opts.force = 1;
			break;
		case '4':
			opts.id3v24 = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			return pk_tool_usage(&pk_cmd_build);
		}
	}
	if (optind != argc)
		return pk_tool_usage(&pk_cmd_build);
	av_log_set_level(AV_LOG_QUIET);
	/* What the last build put in the feed: of two episodes that clash,
	 * the published one stays. */
	if (pk_build_published(opts.out_dir, &live, &err) != 0) {
		pk_tool_report(&err);
		return PK_EXIT_FAIL;
	}
	lo.check_audio = 1;
	lo.jobs = opts.jobs;
	lo.published = live.v;
	lo.npublished = live.n;
	loaded = pk_tool_load_show_opts(dir, &lo, &show);
	pk_build_published_release(&live);
	if (loaded < 0)
		return PK_EXIT_FAIL;
	opts.copy_media = 1;
	opts.write_files = 1;
	if (pk_tool_progress_wanted(quiet) && !opts.dry_run)
		opts.progress = progress;
	if (opts.dry_run) {
		opts.plan = plan;
		opts.plan_arg = &planned;
	}
	opts.speakers = on_speakers;
	opts.speakers_arg = &spreads;
	pk_diags_init(&d);
	r = pk_build_run(show, &opts, &rep, &d, &err);
	pk_tool_print_diags(&d);
	if (r)
		pk_tool_report(&err);
	code = (loaded || r || d.errors) ? PK_EXIT_FAIL : PK_EXIT_OK;
	if (!r && opts.dry_run && planned == 0)
		printf("nothing to do: %s is up to date\n", opts.out_dir);
	/* The summary is the command's output: stdout. The counters let a
	 * script (and the tests) see what a rebuild really did. "failed"
	 * counts the episodes left out, for their metadata or in a step. */
	if (!r && !quiet && !opts.dry_run) {
		printf("built %s/feed.xml: %zu episode%s in the feed "
		       "(%.1f MB, %.0f min), %zu scheduled, %zu failed, "
		       "%zu audio file%s encoded, %zu copied",
		       opts.out_dir, rep.published,
		       rep.published == 1 ? "" : "s",
		       (double)rep.audio_bytes / 1e6, rep.audio_seconds / 60.0,
		       rep.scheduled, rep.failed + show->nleft_out, rep.encoded,
		       rep.encoded == 1 ? "" : "s", rep.copied);
		if (rep.kept)
			printf("; %zu kept in the feed as last built",
			       rep.kept);
		putchar('\n');
		printf("audio files read %zu, decoded %zu, tagged %zu; "
		       "files written %zu; feed %s; up to date %zu",
		       rep.read, rep.decoded, rep.tagged, rep.written,
		       rep.feed_written ? "written" : "unchanged",
		       rep.uptodate);
		if (rep.removed)
			printf("; stale files removed %zu", rep.removed);
		putchar('\n');
		print_spreads(&spreads);
	}
	free_spreads(&spreads);
	pk_diags_release(&d);
	pk_show_free(show);
	return pk_tool_finish(code);
}
