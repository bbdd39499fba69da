/* cmd_loudness.c: `podkit loudness`: EBU R 128 figures of audio files. */
#include <getopt.h>
#include <jansson.h>
#include <libavutil/log.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/loudness.h"
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

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"dual-mono", no_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	int json = 0, dual = 0, c, i, ret = PK_EXIT_OK;
	json_t *arr = NULL;

	while ((c = getopt_long(argc, argv, "jdh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'd': dual = 1; break;
		case 'h': return pk_tool_help(&pk_cmd_loudness);
		default: return pk_tool_usage(&pk_cmd_loudness);
		}
	}
	if (optind >= argc)
		return pk_tool_usage(&pk_cmd_loudness);
	av_log_set_level(AV_LOG_QUIET);
	if (json)
		arr = json_array();
	else
		printf("%8s %6s %8s %8s %9s  %s\n", "LUFS", "LRA", "dBTP",
		       "dBFS", "SECONDS", "FILE");
	for (i = optind; i < argc; i++) {
		struct pk_loudness l;
		struct pk_error err = {0};

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
	return pk_tool_finish(ret);
}

const struct pk_command pk_cmd_loudness = {
	.name = "loudness",
	.rank = 20,
	.summary = "measure loudness (EBU R 128) of audio files",
	.usage = "podkit loudness [--json] [--dual-mono] FILE...",
	.help = "  -j, --json       print a JSON array instead of a table\n"
		"  -d, --dual-mono  count a mono file as heard on two "
		"speakers\n"
		"  -h, --help       show this help\n"
		"\nColumns: integrated loudness (LUFS, BS.1770-4 gated), "
		"loudness range (LU),\ntrue peak (dBTP, 4x oversampled), "
		"sample peak (dBFS), duration (s).\n",
	.run = run,
};
