/* cmd_normalize.c: `podkit normalize`: one file to a normalised MP3, M4A
 * or Opus file. */
#include <getopt.h>
#include <jansson.h>
#include <libavutil/log.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "podkit/normalize.h"
#include "podkit/transcript.h"
#include "tool.h"

extern const struct pk_command pk_cmd_normalize;

struct bar {
	struct timespec start;
	int shown;
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* "[#####-----]  45%  23.1x realtime  0:12 left" on one line. */
static void progress(void *arg, double f, double duration)
{
	struct bar *b = arg;
	double el = since(&b->start), speed, left;
	char bar[31];
	int i, fill = (int)(f * 30);

	for (i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[30] = '\0';
	speed = el > 0 ? duration * f / el : 0;
	left = f > 0.01 ? el * (1 - f) / f : 0;
	fprintf(stderr, "\r[%s] %3d%%  %5.1fx realtime  %d:%02d left ", bar,
		(int)(f * 100), speed, (int)left / 60, (int)left % 60);
	b->shown = 1;
}

static json_t *jdb(double v)
{
	return isfinite(v) ? json_real(round(v * 100) / 100) : json_null();
}

static json_t *jloud(const struct pk_loudness *l)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:f}", "integrated",
			 jdb(l->integrated), "range", jdb(l->range),
			 "true_peak", jdb(l->true_peak), "sample_peak",
			 jdb(l->sample_peak), "duration",
			 round(l->duration * 1000) / 1000);
}

/* [{name, before, after, seconds}] and the spreads. */
static json_t *jspeakers(const struct pk_normalize_result *r)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < r->speakers_in.n; i++) {
		const struct pk_speaker_loudness *b = &r->speakers_in.v[i];
		double after = i < r->speakers_out.n
				       ? r->speakers_out.v[i].integrated
				       : NAN;

		json_array_append_new(
			a, json_pack("{s:s, s:o, s:o, s:f}", "name", b->name,
				     "before", jdb(b->integrated), "after",
				     jdb(after), "seconds",
				     round(b->seconds * 100) / 100));
	}
	return json_pack("{s:o, s:o, s:o}", "speakers", a, "spread_before",
			 jdb(r->speakers_in.spread), "spread_after",
			 jdb(r->speakers_out.spread));
}

static void print_json(const char *in, const char *out,
		       const struct pk_normalize_result *r)
{
	json_t *o = json_pack(
		"{s:s, s:s, s:s, s:i, s:i, s:i, s:f, s:f, s:o, s:o, s:o, s:i,"
		" s:o}",
		"input", in, "output", out, "format", r->format, "channels",
		r->channels, "rate", r->rate, "bitrate", r->bitrate, "target",
		r->target, "ceiling", r->ceiling, "gain", jdb(r->gain_db),
		"limiter_min_gain", jdb(r->limit_db), "limited_seconds",
		json_real(round(r->limited_sec * 100) / 100), "encodes",
		r->encodes, "in", jloud(&r->in));

	json_object_set_new(o, "out", jloud(&r->out));
	json_object_set_new(o, "levelled", json_boolean(r->levelled));
	json_object_set_new(o, "speech_seconds",
			    json_real(round(r->speech_sec * 100) / 100));
	if (r->speakers_in.n)
		json_object_set_new(o, "speakers", jspeakers(r));
	json_object_set_new(o, "speech_at",
			    json_real(round(r->speech_at * 1000) / 1000));
	json_object_set_new(o, "pauses_cut", json_integer(r->cuts));
	json_object_set_new(o, "cut_seconds",
			    json_real(round(r->cut_sec * 1000) / 1000));
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(8));
	putchar('\n');
	json_decref(o);
}

static void print_text(const char *out, const struct pk_normalize_result *r)
{
	printf("input:  %6.1f LUFS  %5.1f LU  %6.1f dBFS sample peak  "
	       "%.1f s\n",
	       r->in.integrated, r->in.range, r->in.sample_peak,
	       r->in.duration);
	printf("gain:   %+6.2f dB, limiter %s", r->gain_db,
	       r->limited_sec > 0 ? "" : "untouched");
	if (r->limited_sec > 0)
		printf("down to %.1f dB for %.1f s", r->limit_db,
		       r->limited_sec);
	printf(", %d encode%s\n", r->encodes, r->encodes > 1 ? "s" : "");
	if (r->levelled)
		printf("level:  speakers levelled over %.1f s of speech\n",
		       r->speech_sec);
	if (r->speech_at > 0 || r->cuts > 0)
		printf("moved:  speech starts at %.2f s, %d pause%s shortened "
		       "by %.1f s\n",
		       r->speech_at, r->cuts, r->cuts == 1 ? "" : "s",
		       r->cut_sec);
	printf("output: %6.1f LUFS  %5.1f LU  %6.1f dBTP true peak  %.1f s"
	       "  (%s %d kbit/s %s, %d Hz)  %s\n",
	       r->out.integrated, r->out.range, r->out.true_peak,
	       r->out.duration, r->format, r->bitrate,
	       r->channels == 1 ? "mono" : "stereo", r->rate, out);
	if (r->speakers_in.n)
		printf("speakers: spread %.1f LU before, %.1f LU after\n",
		       r->speakers_in.spread, r->speakers_out.spread);
}

/* The format OUT's extension names ("m4a" for x.m4a), or NULL. */
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

/* 1 when OUT's name suits the format (given, or NULL for "by the
 * name"): no extension, or one of the format's; else says why, 0. */
static int format_ok(const char *out, const char *given)
{
	const char *dot = strrchr(out, '.'), *named = format_of(out);

	if (!dot || strchr(dot, '/'))
		return 1;
	if (!named) {
		pk_tool_error("'%s': normalize writes MP3, M4A or Opus; name "
			      "the output .mp3, .m4a or .opus",
			      out);
		return 0;
	}
	if (given && strcasecmp(given, named) != 0) {
		pk_tool_error("'%s' names %s but --format is %s", out, named,
			      given);
		return 0;
	}
	return 1;
}

static int parse_num(const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	return *s && !*end && isfinite(*v) ? 0 : -1;
}

/* Long options without a letter. */
enum {
	OPT_HIGHPASS = 256,
	OPT_DENOISE,
	OPT_MAX_PAUSE,
	OPT_INTRO,
	OPT_OUTRO,
	OPT_BED,
	OPT_CROSSFADE,
	OPT_MUSIC_UNDER
};

/* The clean-up and music options; 0, or the exit code of a bad one. */
static int music_option(int c, const char *arg, struct pk_normalize_opts *o)
{
	double v;

	switch (c) {
	case OPT_HIGHPASS:
		if (parse_num(arg, &v) < 0 || v < 0 || v > 1000) {
			pk_tool_error("'%s' is not a high-pass corner in Hz "
				      "(0 to 1000; 0 turns it off)", arg);
			return PK_EXIT_USAGE;
		}
		o->highpass = v;
		return 0;
	case OPT_DENOISE:
		if (!arg || !strcmp(arg, "afftdn"))
			o->denoise = PK_DENOISE_AFFTDN;
		else if (!strcmp(arg, "anlmdn"))
			o->denoise = PK_DENOISE_ANLMDN;
		else if (!strcmp(arg, "none"))
			o->denoise = PK_DENOISE_NONE;
		else {
			pk_tool_error("'%s' is not a noise reduction (afftdn, "
				      "anlmdn, none)", arg);
			return PK_EXIT_USAGE;
		}
		return 0;
	case OPT_MAX_PAUSE:
		if (parse_num(arg, &v) < 0 || v < 0.2 || v > 60) {
			pk_tool_error("'%s' is not a pause length in seconds "
				      "(0.2 to 60)", arg);
			return PK_EXIT_USAGE;
		}
		o->max_pause = v;
		return 0;
	case OPT_INTRO: o->intro = arg; return 0;
	case OPT_OUTRO: o->outro = arg; return 0;
	case OPT_BED: o->bed = arg; return 0;
	case OPT_CROSSFADE:
		if (parse_num(arg, &v) < 0 || v < 0 || v > 30) {
			pk_tool_error("'%s' is not a crossfade in seconds "
				      "(0 to 30)", arg);
			return PK_EXIT_USAGE;
		}
		o->crossfade = v;
		return 0;
	case OPT_MUSIC_UNDER:
		if (parse_num(arg, &v) < 0 || v < 0 || v > 40) {
			pk_tool_error("'%s' is not a level under the speech in "
				      "LU (0 to 40)", arg);
			return PK_EXIT_USAGE;
		}
		o->music_lu = v;
		return 0;
	}
	return PK_EXIT_USAGE;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"target", required_argument, NULL, 't'},
		{"true-peak", required_argument, NULL, 'p'},
		{"mono", no_argument, NULL, 'm'},
		{"stereo", no_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"bitrate", required_argument, NULL, 'b'},
		{"no-level", no_argument, NULL, 'L'},
		{"speakers", required_argument, NULL, 'S'},
		{"plot", required_argument, NULL, 'P'},
		{"highpass", required_argument, NULL, OPT_HIGHPASS},
		{"denoise", optional_argument, NULL, OPT_DENOISE},
		{"max-pause", required_argument, NULL, OPT_MAX_PAUSE},
		{"intro", required_argument, NULL, OPT_INTRO},
		{"outro", required_argument, NULL, OPT_OUTRO},
		{"bed", required_argument, NULL, OPT_BED},
		{"crossfade", required_argument, NULL, OPT_CROSSFADE},
		{"music-under", required_argument, NULL, OPT_MUSIC_UNDER},
		{"json", no_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	struct pk_normalize_opts o;
	struct pk_normalize_result res;
	struct pk_error err = {0};
	struct pk_transcript spk;
	struct bar bar = {0};
	int json = 0, quiet = 0, c, have_format = 0;
	const char *speakers = NULL;
	double v;

	pk_normalize_opts_init(&o);
	while ((c = getopt_long(argc, argv, "t:p:msf:b:LS:P:jqh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 't':
			if (parse_num(optarg, &o.target) < 0 || o.target > 0 ||
			    o.target < -70) {
				pk_tool_error("'%s' is not a loudness target "
					      "in LUFS (-70 to 0)", optarg);
				return PK_EXIT_USAGE;
			}
			break;
		case 'p':
			if (parse_num(optarg, &o.true_peak) < 0 ||
			    o.true_peak > 0 || o.true_peak < -20) {
				pk_tool_error("'%s' is not a true-peak ceiling "
					      "in dBTP (-20 to 0)", optarg);
				return PK_EXIT_USAGE;
			}
			break;
		case 'm': o.channels = 1; break;
		case 's': o.channels = 2; break;
		case 'f':
			if (strcmp(optarg, "mp3") && strcmp(optarg, "m4a") &&
			    strcmp(optarg, "opus")) {
				pk_tool_error("'%s' is not a format (mp3, m4a, "
					      "opus)", optarg);
				return PK_EXIT_USAGE;
			}
			o.format = optarg;
			have_format = 1;
			break;
		case 'b':
			if (parse_num(optarg, &v) < 0 || v < 8 || v > 320) {
				pk_tool_error("'%s' is not a bit rate in "
					      "kbit/s (8 to 320)", optarg);
				return PK_EXIT_USAGE;
			}
			o.bitrate = (int)v;
			break;
		case 'L': o.level = 0; break;
		case 'S': speakers = optarg; break;
		case 'P': o.plot = optarg; break;
		case OPT_HIGHPASS:
		case OPT_DENOISE:
		case OPT_MAX_PAUSE:
		case OPT_INTRO:
		case OPT_OUTRO:
		case OPT_BED:
		case OPT_CROSSFADE:
		case OPT_MUSIC_UNDER:
			if ((c = music_option(c, optarg, &o)) != 0)
				return c;
			break;
		case 'j': json = 1; break;
		case 'q': quiet = 1; break;
		case 'h': return pk_tool_help(&pk_cmd_normalize);
		default: return pk_tool_usage(&pk_cmd_normalize);
		}
	}
	if (argc - optind != 2)
		return pk_tool_usage(&pk_cmd_normalize);
	/* without --format, OUT's extension says (x.m4a: AAC in M4A); an
	 * extension that names another format, or none podkit writes, is
	 * refused, so no file holds bytes its name denies */
	if (!format_ok(argv[optind + 1], have_format ? o.format : NULL))
		return PK_EXIT_USAGE;
	if (!have_format && format_of(argv[optind + 1]))
		o.format = format_of(argv[optind + 1]);
	if (speakers) {
		if (pk_tool_load_speakers(speakers, &spk) < 0)
			return pk_tool_finish(PK_EXIT_FAIL);
		o.speakers = &spk;
	}
	av_log_set_level(AV_LOG_QUIET);
	if (pk_tool_progress_wanted(quiet)) {
		clock_gettime(CLOCK_MONOTONIC, &bar.start);
		o.progress = progress;
		o.progress_arg = &bar;
	}
	c = pk_normalize(argv[optind], argv[optind + 1], &o, &res, &err);
	if (bar.shown)
		fputs("\r\033[K", stderr);
	if (speakers)
		pk_transcript_release(&spk);
	if (c < 0) {
		pk_tool_report(&err);
		return pk_tool_finish(PK_EXIT_FAIL);
	}
	if (res.warning)
		pk_tool_warn("%s: %s", argv[optind], res.warning);
	if (res.quiet)
		pk_tool_warn("%s: %s", argv[optind], res.quiet);
	if (json)
		print_json(argv[optind], argv[optind + 1], &res);
	else if (!quiet)
		print_text(argv[optind + 1], &res);
	pk_normalize_result_release(&res);
	return pk_tool_finish(PK_EXIT_OK);
}

const struct pk_command pk_cmd_normalize = {
	.name = "normalize",
	.rank = 21,
	.summary = "normalise loudness and encode one audio file",
	.usage = "podkit normalize [--target LUFS] [--true-peak DBTP] "
		 "[--mono|--stereo]\n"
		 "       [--format mp3|m4a|opus] [--bitrate K] "
		 "[--plot FILE.svg]\n"
		 "       [--highpass HZ] [--denoise[=afftdn|anlmdn]] "
		 "[--max-pause SEC]\n"
		 "       [--intro FILE] [--outro FILE] [--bed FILE] "
		 "[--crossfade SEC]\n"
		 "       [--music-under LU] [--json] [-q] IN OUT",
	.help = "  -t, --target LUFS     integrated loudness to reach "
		"(default -16 stereo,\n"
		"                        -19 mono)\n"
		"  -p, --true-peak DBTP  true-peak ceiling (default -1)\n"
		"  -m, --mono            mix down to mono\n"
		"  -s, --stereo          make stereo (default: keep; more "
		"than 2 channels\n"
		"                        are mixed to stereo)\n"
		"  -f, --format FMT      mp3, m4a (AAC) or opus (default: by "
		"OUT's\n"
		"                        extension, else mp3)\n"
		"  -b, --bitrate K       kbit/s (default 128 stereo, 96 mono;"
		" opus 64/48)\n"
		"  -L, --no-level        one gain for the whole file: do not "
		"level the\n"
		"                        speakers (default: level them)\n"
		"  -S, --speakers FILE   level each speaker of this transcript "
		"(WebVTT <v Name>\n"
		"                        or SRT 'Name: ') to the same loudness, "
		"by its cue\n"
		"                        times, and report them before and "
		"after\n"
		"  -P, --plot FILE.svg   draw short-term loudness before and "
		"after\n"
		"      --highpass HZ     high-pass corner against rumble "
		"(default 80; 0: off)\n"
		"      --denoise[=ENG]   reduce steady noise: afftdn (default)"
		" or anlmdn\n"
		"      --max-pause SEC   shorten every longer pause to SEC\n"
		"      --intro FILE      music before the speech, crossfaded\n"
		"      --outro FILE      music after the speech, crossfaded\n"
		"      --bed FILE        music under the first seconds of "
		"speech\n"
		"      --crossfade SEC   intro and outro overlap the speech "
		"(default 2)\n"
		"      --music-under LU  intro and outro sit LU under the "
		"speech (default 6)\n"
		"  -j, --json            print the figures as JSON\n"
		"  -q, --quiet           no progress bar, no report\n"
		"  -h, --help            show this help\n",
	.run = run,
};
