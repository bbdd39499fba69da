/* cmd_mix.c: `podkit mix`: a double-ender's tracks (one mic per speaker)
 * aligned, levelled, gated, mixed and encoded as one normalised file. */
#include <getopt.h>
#include <jansson.h>
#include <libavutil/log.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "podkit/mix.h"
#include "tool.h"

extern const struct pk_command pk_cmd_mix;

static int parse_num(const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	return *s && !*end && isfinite(*v) ? 0 : -1;
}

/* The format OUT's extension names, or NULL. */
static const char *format_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return NULL;
	if (!strcasecmp(dot, ".m4a") || !strcasecmp(dot, ".mp4") ||
	    !strcasecmp(dot, ".aac"))
		return "m4a";
	if (!strcasecmp(dot, ".opus") || !strcasecmp(dot, ".ogg"))
		return "opus";
	if (!strcasecmp(dot, ".mp3"))
		return "mp3";
	return NULL;
}

/* "NAME=FILE" or FILE: a name is what comes before the first '=' when it
 * has no '/' and the whole argument is not an existing file. */
static void split_track(char *arg, struct pk_mix_track *t)
{
	struct stat st;
	char *eq = strchr(arg, '=');

	t->name = NULL;
	t->path = arg;
	t->offset = NAN;
	if (!eq || eq == arg || memchr(arg, '/', (size_t)(eq - arg)) ||
	    stat(arg, &st) == 0)
		return;
	*eq = '\0';
	t->name = arg;
	t->path = eq + 1;
}

/* Applies "--offset KEY=SECONDS" (KEY a track's name or file). */
static int set_offset(struct pk_mix_track *t, size_t n, const char *arg)
{
	const char *eq = strrchr(arg, '=');
	double v;
	size_t i, klen;

	if (!eq || eq == arg || parse_num(eq + 1, &v) < 0) {
		pk_tool_error("'%s' is not NAME=SECONDS", arg);
		return -1;
	}
	klen = (size_t)(eq - arg);
	for (i = 0; i < n; i++)
		if ((t[i].name && strlen(t[i].name) == klen &&
		     !strncmp(t[i].name, arg, klen)) ||
		    (strlen(t[i].path) == klen &&
		     !strncmp(t[i].path, arg, klen))) {
			t[i].offset = v;
			return 0;
		}
	pk_tool_error("'%.*s': no such track", (int)klen, arg);
	return -1;
}

static const char *tname(const struct pk_mix_track *t)
{
	return t->name ? t->name : t->path;
}

static json_t *jdb(double v)
{
	return isfinite(v) ? json_real(round(v * 100) / 100) : json_null();
}

static void print_json(const char *out, const struct pk_mix_track *t,
		       const struct pk_mix_result *r)
{
	json_t *o = json_object(), *a = json_array();
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct pk_mix_track_result *x = &r->tracks[i];

		json_array_append_new(
		    a,
		    json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, "
			      "s:o, s:o, s:i, s:i, s:b}",
			      "name", tname(&t[i]), "file", t[i].path, "offset",
			      jdb(x->offset), "drift_ppm", jdb(x->drift_ppm),
			      "match", jdb(x->match), "speech",
			      jdb(x->speech_lufs), "gain", jdb(x->gain_db),
			      "gated_seconds", jdb(x->gated_sec), "duration",
			      jdb(x->duration), "rate", x->rate, "channels",
			      x->channels, "silent", x->silent));
	}
	json_object_set_new(o, "output", json_string(out));
	json_object_set_new(o, "tracks", a);
	json_object_set_new(o, "duration", jdb(r->duration));
	json_object_set_new(o, "format", json_string(r->out.format));
	json_object_set_new(o, "target", jdb(r->out.target));
	json_object_set_new(o, "integrated", jdb(r->out.out.integrated));
	json_object_set_new(o, "true_peak", jdb(r->out.out.true_peak));
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(8));
	putchar('\n');
	json_decref(o);
}

static void print_text(const char *out, const struct pk_mix_track *t,
		       const struct pk_mix_result *r)
{
	size_t i;

	printf("%-12s %9s %9s %8s %7s %8s  %s\n", "track", "offset s",
	       "drift ppm", "speech", "gain", "gated s", "file");
	for (i = 0; i < r->n; i++) {
		const struct pk_mix_track_result *x = &r->tracks[i];

		if (x->silent) {
			printf("%-12s %9s %9s %8s %7s %8s  %s\n", tname(&t[i]),
			       "-", "-", "silent", "-", "-", t[i].path);
			continue;
		}
		printf("%-12s %9.3f %9.0f %8.1f %+7.1f %8.1f  %s\n",
		       tname(&t[i]), x->offset, x->drift_ppm, x->speech_lufs,
		       x->gain_db, x->gated_sec, t[i].path);
	}
	printf("output: %6.1f LUFS  %6.1f dBTP true peak  %.1f s  (%s %d "
	       "kbit/s %s, %d Hz)  %s\n",
	       r->out.out.integrated, r->out.out.true_peak, r->out.out.duration,
	       r->out.format, r->out.bitrate,
	       r->out.channels == 1 ? "mono" : "stereo", r->out.rate, out);
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"offset", required_argument, NULL, 'O'},
	    {"max-offset", required_argument, NULL, 'M'},
	    {"gate", required_argument, NULL, 'g'},
	    {"no-level", no_argument, NULL, 'L'},
	    {"target", required_argument, NULL, 't'},
	    {"true-peak", required_argument, NULL, 'p'},
	    {"mono", no_argument, NULL, 'm'},
	    {"stereo", no_argument, NULL, 's'},
	    {"format", required_argument, NULL, 'f'},
	    {"bitrate", required_argument, NULL, 'b'},
	    {"wav", required_argument, NULL, 'w'},
	    {"json", no_argument, NULL, 'j'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	struct pk_mix_track tracks[PK_MIX_MAX_TRACKS];
	const char *offsets[64];
	struct pk_mix_opts o;
	struct pk_mix_result *res = NULL;
	struct pk_error err = {0};
	struct pk_diags warn;
	const char *out = NULL;
	int json = 0, quiet = 0, c, have_format = 0, code = PK_EXIT_FAIL;
	size_t n = 0, noff = 0, i;
	double v;

	pk_mix_opts_init(&o);
	while ((c = getopt_long(argc, argv, "o:O:M:g:Lt:p:msf:b:w:jqh",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'O':
			if (noff == sizeof(offsets) / sizeof(offsets[0])) {
				pk_tool_error("too many offsets");
				return PK_EXIT_USAGE;
			}
			offsets[noff++] = optarg;
			break;
		case 'M':
			if (parse_num(optarg, &v) < 0 || v <= 0 || v > 3600) {
				pk_tool_error("'%s' is not a number of seconds "
					      "(0 to 3600)",
					      optarg);
				return PK_EXIT_USAGE;
			}
			o.max_offset = v;
			break;
		case 'g':
			if (parse_num(optarg, &v) < 0 || v < 0 || v > 60) {
				pk_tool_error("'%s' is not a gate depth in dB "
					      "(0 to 60)",
					      optarg);
				return PK_EXIT_USAGE;
			}
			o.gate_db = v;
			break;
		case 'L':
			o.level = 0;
			break;
		case 't':
			if (parse_num(optarg, &o.out.target) < 0 ||
			    o.out.target > 0 || o.out.target < -70) {
				pk_tool_error("'%s' is not a loudness target "
					      "in LUFS (-70 to 0)",
					      optarg);
				return PK_EXIT_USAGE;
			}
			break;
		case 'p':
			if (parse_num(optarg, &o.out.true_peak) < 0 ||
			    o.out.true_peak > 0 || o.out.true_peak < -20) {
				pk_tool_error("'%s' is not a true-peak ceiling "
					      "in dBTP (-20 to 0)",
					      optarg);
				return PK_EXIT_USAGE;
			}
			break;
		case 'm':
			o.out.channels = 1;
			break;
		case 's':
			o.out.channels = 2;
			break;
		case 'f':
			if (strcmp(optarg, "mp3") && strcmp(optarg, "m4a") &&
			    strcmp(optarg, "opus")) {
				pk_tool_error("'%s' is not a format (mp3, m4a, "
					      "opus)",
					      optarg);
				return PK_EXIT_USAGE;
			}
			o.out.format = optarg;
			have_format = 1;
			break;
		case 'b':
			if (parse_num(optarg, &v) < 0 || v < 8 || v > 320) {
				pk_tool_error("'%s' is not a bit rate in "
					      "kbit/s (8 to 320)",
					      optarg);
				return PK_EXIT_USAGE;
			}
			o.out.bitrate = (int)v;
			break;
		case 'w':
			o.wav = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			return pk_tool_help(&pk_cmd_mix);
		default:
			return pk_tool_usage(&pk_cmd_mix);
		}
	}
	if (!out || optind >= argc)
		return pk_tool_usage(&pk_cmd_mix);
	if (argc - optind > PK_MIX_MAX_TRACKS) {
		pk_tool_error("at most %d tracks", PK_MIX_MAX_TRACKS);
		return PK_EXIT_USAGE;
	}
	for (; optind < argc; optind++)
		split_track(argv[optind], &tracks[n++]);
	for (i = 0; i < noff; i++)
		if (set_offset(tracks, n, offsets[i]) < 0)
			return PK_EXIT_USAGE;
	if (!have_format && format_of(out))
		o.out.format = format_of(out);
	res = calloc(1, sizeof(*res));
	if (!res) {
		pk_tool_error("out of memory");
		return PK_EXIT_FAIL;
	}
	av_log_set_level(AV_LOG_QUIET);
	pk_diags_init(&warn);
	c = pk_mix(tracks, n, out, &o, res, &warn, &err);
	pk_tool_print_diags(&warn);
	pk_diags_release(&warn);
	if (c < 0) {
		pk_tool_report(&err);
		goto out;
	}
	if (json)
		print_json(out, tracks, res);
	else if (!quiet)
		print_text(out, tracks, res);
	code = PK_EXIT_OK;
out:
	free(res);
	return pk_tool_finish(code);
}

const struct pk_command pk_cmd_mix = {
    .name = "mix",
    .rank = 22,
    .summary = "mix a double-ender's tracks (one mic per speaker) into "
	       "one normalised file",
    .usage = "podkit mix -o OUT [--offset NAME=SEC]... [--max-offset SEC]"
	     " [--gate DB]\n"
	     "       [--no-level] [--target LUFS] [--true-peak DBTP] "
	     "[--mono|--stereo]\n"
	     "       [--format mp3|m4a|opus] [--bitrate K] [--wav FILE] "
	     "[--json] [-q]\n"
	     "       [NAME=]TRACK...",
    .help = "  -o, --output OUT      the mixed, normalised file "
	    "(required)\n"
	    "  -O, --offset NAME=SEC where a track starts, in seconds "
	    "after the first\n"
	    "                        track's start (by name or file; "
	    "repeatable); its\n"
	    "                        alignment and drift correction are "
	    "then skipped\n"
	    "  -M, --max-offset SEC  how far apart the starts are "
	    "searched (default 120)\n"
	    "  -g, --gate DB         turn a mic down this far while its "
	    "speaker is\n"
	    "                        silent (default 24; 0: no gating)\n"
	    "  -L, --no-level        keep each track's own level "
	    "(default: every\n"
	    "                        speaker to the same speech "
	    "loudness)\n"
	    "  -t, --target LUFS     integrated loudness to reach "
	    "(default -16 stereo,\n"
	    "                        -19 mono)\n"
	    "  -p, --true-peak DBTP  true-peak ceiling (default -1)\n"
	    "  -m, --mono            a mono file (the default: the mix "
	    "is mono)\n"
	    "  -s, --stereo          a stereo file (the mono mix on both "
	    "channels)\n"
	    "  -f, --format FMT      mp3, m4a (AAC) or opus (default: by "
	    "OUT's\n"
	    "                        extension, else mp3)\n"
	    "  -b, --bitrate K       kbit/s (default 128 stereo, 96 mono;"
	    " opus 64/48)\n"
	    "  -w, --wav FILE        also keep the mix before "
	    "normalising (float WAV)\n"
	    "  -j, --json            print the figures as JSON\n"
	    "  -q, --quiet           no report\n"
	    "  -h, --help            show this help\n",
    .run = run,
};
