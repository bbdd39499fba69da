/* cmd_loudness.c: `podkit loudness`: EBU R 128 figures of audio files. */
#include <getopt.h>
#include <jansson.h>
#include <libavutil/log.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/loudness.h"
#include "podkit/speakers.h"
#include "podkit/transcript.h"
#include "tool.h"

extern const struct pk_command pk_cmd_loudness;

/* "-23.0" or "-inf" (silence). */
static const char *fmt_db(char *b, size_t n, double v)
{
	if (isfinite(v))
		snprintf(b, n, "%.1f", v);
	else
		snprintf(b, n, "-inf");
	return b;
}

static json_t *json_db(double v)
{
	return isfinite(v) ? json_real(round(v * 100) / 100) : json_null();
}

static void print_row(const char *file, const struct pk_loudness *l)
{
	char a[32], b[32], c[32];

	printf("%8s %6.1f %8s %8s %9.2f  %s\n",
	       fmt_db(a, sizeof(a), l->integrated), l->range,
	       fmt_db(b, sizeof(b), l->true_peak),
	       fmt_db(c, sizeof(c), l->sample_peak), l->duration, file);
}

static json_t *json_speakers(const struct pk_speaker_report *r)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < r->n; i++)
		json_array_append_new(
			a, json_pack("{s:s, s:o, s:f, s:i}", "name",
				     r->v[i].name, "integrated",
				     json_db(r->v[i].integrated), "seconds",
				     round(r->v[i].seconds * 100) / 100,
				     "turns", (int)r->v[i].turns));
	return a;
}

static void print_speakers(const char *file, const struct pk_loudness *l,
			   const struct pk_speaker_report *r)
{
	char a[32];
	size_t i;

	printf("%s: %s LUFS, %.1f s\n", file,
	       fmt_db(a, sizeof(a), l->integrated), l->duration);
	printf("%8s %8s %6s  %s\n", "LUFS", "SECONDS", "TURNS", "SPEAKER");
	for (i = 0; i < r->n; i++)
		printf("%8s %8.1f %6zu  %s\n",
		       fmt_db(a, sizeof(a), r->v[i].integrated),
		       r->v[i].seconds, r->v[i].turns, r->v[i].name);
	printf("spread: %.1f LU (loudest minus quietest)\n", r->spread);
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"dual-mono", no_argument, NULL, 'd'},
		{"speakers", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	int json = 0, dual = 0, c, i, ret = PK_EXIT_OK;
	const char *speakers = NULL;
	struct pk_transcript spk;
	json_t *arr = NULL;

	while ((c = getopt_long(argc, argv, "jdS:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'd': dual = 1; break;
		case 'S': speakers = optarg; break;
		case 'h': return pk_tool_help(&pk_cmd_loudness);
		default: return pk_tool_usage(&pk_cmd_loudness);
		}
	}
	if (optind >= argc)
		return pk_tool_usage(&pk_cmd_loudness);
	if (speakers && pk_tool_load_speakers(speakers, &spk) < 0)
		return pk_tool_finish(PK_EXIT_FAIL);
	av_log_set_level(AV_LOG_QUIET);
	if (json)
		arr = json_array();
	else if (!speakers)
		printf("%8s %6s %8s %8s %9s  %s\n", "LUFS", "LRA", "dBTP",
		       "dBFS", "SECONDS", "FILE");
	for (i = optind; i < argc; i++) {
		struct pk_loudness l;
		struct pk_speaker_report r;
		struct pk_error err = {0};
		json_t *o;

		if (speakers) {
			if (pk_speakers_loudness_file(argv[i], &spk, &l, &r,
						      &err) < 0) {
				pk_tool_report(&err);
				ret = PK_EXIT_FAIL;
				continue;
			}
			if (!json) {
				print_speakers(argv[i], &l, &r);
			} else {
				o = json_pack("{s:s, s:o, s:f, s:o, s:o}",
					      "file", argv[i], "integrated",
					      json_db(l.integrated), "duration",
					      round(l.duration * 1000) / 1000,
					      "speakers", json_speakers(&r),
					      "spread",
					      json_db(round(r.spread * 100) /
						      100));
				json_array_append_new(arr, o);
			}
			pk_speaker_report_release(&r);
			continue;
		}
		if (pk_loudness_file(argv[i], dual, &l, &err) < 0) {
			pk_tool_report(&err);
			ret = PK_EXIT_FAIL;
			continue;
		}
		if (!json) {
			print_row(argv[i], &l);
			continue;
		}
		json_array_append_new(
			arr,
			json_pack("{s:s, s:o, s:f, s:o, s:o, s:f, s:i, s:i}",
				  "file", argv[i], "integrated",
				  json_db(l.integrated), "range",
				  round(l.range * 100) / 100, "true_peak",
				  json_db(l.true_peak), "sample_peak",
				  json_db(l.sample_peak), "duration",
				  round(l.duration * 1000) / 1000, "channels",
				  l.channels, "rate", l.rate));
	}
	if (json) {
		json_dumpf(arr, stdout,
			   JSON_INDENT(2) | JSON_REAL_PRECISION(8));
		putchar('\n');
		json_decref(arr);
	}
	if (speakers)
		pk_transcript_release(&spk);
	return pk_tool_finish(ret);
}

const struct pk_command pk_cmd_loudness = {
	.name = "loudness",
	.rank = 20,
	.summary = "measure loudness (EBU R 128) of audio files",
	.usage = "podkit loudness [--json] [--dual-mono] [--speakers FILE] "
		 "FILE...",
	.help = "  -j, --json           print a JSON array instead of a "
		"table\n"
		"  -d, --dual-mono      count a mono file as heard on two "
		"speakers\n"
		"  -S, --speakers FILE  each speaker's loudness over their "
		"cues in this\n"
		"                       transcript (WebVTT <v Name> or SRT "
		"'Name: '), their\n"
		"                       speaking time, and the spread "
		"(loudest minus quietest)\n"
		"  -h, --help           show this help\n"
		"\nColumns: integrated loudness (LUFS, BS.1770-4 gated), "
		"loudness range (LU),\ntrue peak (dBTP, 4x oversampled), "
		"sample peak (dBFS), duration (s).\nWith --speakers: each "
		"speaker's integrated loudness over their cues taken\n"
		"together, speaking time (the sum of their cues, s), turns "
		"(cues).\n",
	.run = run,
};
