/* cmd_clip.c: `podkit clip`: a stretch of a built episode rendered as a
 * captioned video for social media. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/log.h>

#include "podkit/build.h"
#include "podkit/chapter_formats.h"
#include "podkit/clip.h"
#include "tool.h"

static int run(int argc, char **argv);

const struct pk_command pk_cmd_clip = {
    .name = "clip",
    .rank = 55,
    .summary = "render a stretch of a built episode as a captioned video",
    .usage = "podkit clip [-C SHOWDIR] [-b OUTDIR] (--from T --to T | "
	     "--soundbite N) [--size WxH] [--poster FILE] [--preset NAME] "
	     "[--threads N] [-q] -o OUT.mp4 EPISODE",
    .help =
	"  -C, --show DIR      the show folder (default episodes)\n"
	"  -b, --built DIR     the build's output folder, whose published\n"
	"                      audio the clip uses (default feed)\n"
	"  -f, --from T        the clip starts at T of the published audio\n"
	"                      (SS, MM:SS or HH:MM:SS, with .fraction)\n"
	"  -t, --to T          the clip ends at T\n"
	"  -s, --soundbite N   the episode's Nth soundbite (from 1)\n"
	"  -S, --size WxH      1080x1920 (default), 1080x1080 or 1920x1080\n"
	"                      (any even size from 64 to 4096 for previews)\n"
	"  -o, --output FILE   the MP4 to write\n"
	"  -p, --poster FILE   also write the middle frame as a JPEG\n"
	"      --preset NAME   x264's speed preset (default veryfast)\n"
	"      --threads N     x264's threads (default: x264 chooses)\n"
	"  -q, --quiet         print nothing when all went well\n"
	"  -h, --help          show this help\n",
    .run = run,
};

/* A time option: "SS", "MM:SS" or "HH:MM:SS", each with .fraction. */
static int parse_time(const char *opt, const char *arg, double *t)
{
	if (pk_chapter_time_parse(arg, t) < 0) {
		pk_tool_error("%s '%s' is not a time (SS, MM:SS or HH:MM:SS)",
			      opt, arg);
		return -1;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"show", required_argument, NULL, 'C'},
	    {"built", required_argument, NULL, 'b'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"soundbite", required_argument, NULL, 's'},
	    {"size", required_argument, NULL, 'S'},
	    {"output", required_argument, NULL, 'o'},
	    {"poster", required_argument, NULL, 'p'},
	    {"preset", required_argument, NULL, 'P'},
	    {"threads", required_argument, NULL, 'T'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *dir = PK_DEFAULT_SHOW_DIR, *built = PK_DEFAULT_OUT_DIR;
	const char *out = NULL, *which;
	struct pk_build_clip_inputs in;
	struct pk_clip_spec spec = {0};
	struct pk_clip_report rep;
	struct pk_error err = {0};
	struct pk_show *show = NULL;
	struct pk_episode *ep;
	struct pk_diags d;
	double from = -1, to = -1;
	long soundbite = 0;
	int c, quiet = 0, have_from = 0, have_to = 0, code = PK_EXIT_FAIL;
	char *end;

	memset(&in, 0, sizeof(in));
	pk_diags_init(&d);
	spec.width = 1080;
	spec.height = 1920;
	optind = 1;
	while ((c = getopt_long(argc, argv, "C:b:f:t:s:S:o:p:qh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'C':
			dir = optarg;
			break;
		case 'b':
			built = optarg;
			break;
		case 'f':
			if (parse_time("--from", optarg, &from) < 0)
				return pk_tool_usage(&pk_cmd_clip);
			have_from = 1;
			break;
		case 't':
			if (parse_time("--to", optarg, &to) < 0)
				return pk_tool_usage(&pk_cmd_clip);
			have_to = 1;
			break;
		case 's':
			soundbite = strtol(optarg, &end, 10);
			if (end == optarg || *end || soundbite < 1) {
				pk_tool_error("--soundbite '%s' is not a "
					      "number from 1",
					      optarg);
				return pk_tool_usage(&pk_cmd_clip);
			}
			break;
		case 'S':
			if (pk_clip_size_parse(optarg, &spec.width,
					       &spec.height) < 0) {
				pk_tool_error("--size '%s' is not a clip size "
					      "(%s)",
					      optarg, PK_CLIP_SIZES);
				return pk_tool_usage(&pk_cmd_clip);
			}
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			spec.poster = optarg;
			break;
		case 'P':
			spec.preset = optarg;
			break;
		case 'T':
			spec.threads = pk_tool_parse_jobs(optarg);
			if (!spec.threads)
				return pk_tool_usage(&pk_cmd_clip);
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			return pk_tool_help(&pk_cmd_clip);
		default:
			return pk_tool_usage(&pk_cmd_clip);
		}
	}
	if (optind + 1 != argc || !out ||
	    (soundbite ? have_from || have_to : !(have_from && have_to))) {
		if (optind + 1 == argc && out)
			pk_tool_error("give --from and --to, or --soundbite");
		return pk_tool_usage(&pk_cmd_clip);
	}
	which = argv[optind];
	av_log_set_level(AV_LOG_QUIET);
	if (pk_tool_load_show(dir, 0, 0, &show) < 0)
		goto done;
	ep = pk_show_find_episode(show, which);
	if (!ep) {
		pk_tool_error("%s: no episode '%s'", dir, which);
		goto done;
	}
	if (soundbite && (size_t)soundbite > ep->nsoundbites) {
		pk_tool_error("%s: no soundbite %ld (it has %zu)", ep->dir,
			      soundbite, ep->nsoundbites);
		goto done;
	}
	if (pk_build_clip_inputs(show, ep, built, &in, &d, &err) < 0) {
		pk_tool_print_diags(&d);
		pk_tool_report(&err);
		goto done;
	}
	/* the soundbite where the published audio has it */
	if (soundbite)
		pk_build_soundbite_span(ep, (size_t)soundbite, &from, &to);
	spec.name = ep->dir;
	spec.audio = in.audio;
	spec.from = from;
	spec.to = to;
	spec.cover = in.cover;
	spec.show_title = show->title;
	spec.episode_title = ep->title;
	spec.transcript = in.has_transcript ? &in.t : NULL;
	/* times first: a bad clip is told before anything is decoded */
	if (pk_clip_check_times(&spec, in.duration, &err) < 0 ||
	    pk_clip_render(&spec, out, &rep, &err) < 0) {
		pk_tool_report(&err);
		goto done;
	}
	if (!rep.has_transcript)
		pk_tool_warn("%s: no transcript, so the clip has no captions",
			     ep->dir);
	if (!quiet)
		printf("%s: %dx%d, %.3f s, %zu frames, %zu caption%s\n", out,
		       spec.width, spec.height, rep.duration, rep.frames,
		       rep.captions, rep.captions == 1 ? "" : "s");
	code = PK_EXIT_OK;
done:
	pk_build_clip_inputs_release(&in);
	pk_diags_release(&d);
	pk_show_free(show);
	return pk_tool_finish(code);
}
