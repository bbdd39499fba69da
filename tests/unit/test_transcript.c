/* test_transcript.c: SRT and WebVTT parsing, speakers, errors with
 * lines, and the three outputs. */
#include <stdlib.h>

#include <jansson.h>

#include "harness.h"
#include "podkit/transcript.h"

static const char srt[] = "1\r\n"
			  "00:00:00,500 --> 00:00:02,000\r\n"
			  "Maya Ortiz: Hello &amp; <i>welcome</i>.\r\n"
			  "\r\n"
			  "2\r\n"
			  "00:00:02,000 --> 00:00:04,250\r\n"
			  "Note: not a speaker\r\n"
			  "second line\r\n";

static const char vtt[] = "\xef\xbb\xbfWEBVTT - a title\n"
			  "\n"
			  "NOTE written by hand\n"
			  "\n"
			  "intro\n"
			  "00:00.500 --> 00:02.000 align:start\n"
			  "<v Maya Ortiz>Hello &amp; welcome.\n"
			  "\n"
			  "00:00:02.000 --> 00:00:04.250\n"
			  "<v.loud Dr. Lee>Thanks</v>\n";

static void test_parse(void)
{
	const char *names[] = {"Maya Ortiz", "Dr. Lee"};
	struct pk_transcript t;
	struct pk_diags d;

	pk_transcript_init(&t);
	pk_diags_init(&d);
	CHECK_INT(pk_transcript_parse(srt, "t.srt", PK_TRANSCRIPT_AUTO, names,
				      2, &t, &d), 0);
	CHECK_INT(t.n, 2);
	CHECK_STR(t.v[0].speaker, "Maya Ortiz");
	CHECK_STR(t.v[0].text, "Hello & welcome.");
	CHECK(t.v[1].speaker == NULL);
	CHECK_STR(t.v[1].text, "Note: not a speaker\nsecond line");
	CHECK_NEAR(t.v[1].end, 4.25, 1e-9);
	CHECK_INT(t.v[1].line, 6);
	pk_transcript_release(&t);

	CHECK_INT(pk_transcript_parse(vtt, "t.vtt", PK_TRANSCRIPT_AUTO, NULL,
				      0, &t, &d), 0);
	CHECK_INT(t.n, 2);
	CHECK_STR(t.v[0].speaker, "Maya Ortiz");
	CHECK_STR(t.v[1].speaker, "Dr. Lee");
	CHECK_STR(t.v[1].text, "Thanks");
	CHECK_NEAR(t.v[0].start, 0.5, 1e-9);
	CHECK_INT(pk_transcript_validate(&t, 10, "t.vtt", &d), 0);
	CHECK_INT(pk_transcript_validate(&t, 3, "t.vtt", &d), 1);
	pk_transcript_release(&t);
	pk_diags_release(&d);
}

static void test_errors(void)
{
	static const char bad[] = "WEBVTT\n"
				  "\n"
				  "00:01.000 --> 00:02.000\n"
				  "one\n"
				  "\n"
				  "00:03,000 --> 00:04.000\n"
				  "comma\n"
				  "\n"
				  "00:00.500 --> 00:00.400\n"
				  "backwards\n"
				  "\n"
				  "00:05.000 --> 00:06.000\n";
	struct pk_transcript t;
	struct pk_diags d;
	char msg[512];

	pk_transcript_init(&t);
	pk_diags_init(&d);
	CHECK_INT(pk_transcript_parse(bad, "b.vtt", PK_TRANSCRIPT_AUTO, NULL,
				      0, &t, &d), 2);
	pk_diag_format(&d.v[0], msg, sizeof(msg));
	CHECK_STR(msg, "b.vtt:6: '00:03,000 --> 00:04.000' is not a cue "
		       "timing (HH:MM:SS.mmm --> HH:MM:SS.mmm)");
	pk_diag_format(&d.v[1], msg, sizeof(msg));
	CHECK_STR(msg, "b.vtt:12: cue has no text");
	CHECK_INT(pk_transcript_validate(&t, 0, "b.vtt", &d), 2);
	pk_diag_format(&d.v[2], msg, sizeof(msg));
	CHECK_STR(msg, "b.vtt:9: cue ends at 00:00:00.400, not after its "
		       "start 00:00:00.500");
	pk_diag_format(&d.v[3], msg, sizeof(msg));
	CHECK_STR(msg, "b.vtt:9: cue starts at 00:00:00.500, before the cue "
		       "before it (00:00:01.000)");
	pk_transcript_release(&t);
	pk_diags_release(&d);

	pk_diags_init(&d);
	CHECK_INT(pk_transcript_parse("1\n00:00:01,000 --> 00:00:02,000\nx\n",
				      "t.vtt", PK_TRANSCRIPT_VTT, NULL, 0, &t,
				      &d), 1);
	pk_diag_format(&d.v[0], msg, sizeof(msg));
	CHECK_STR(msg, "t.vtt:1: a WebVTT file must start with 'WEBVTT'");
	pk_transcript_release(&t);
	pk_diags_release(&d);
}

static void test_outputs(void)
{
	struct pk_transcript t, t2;
	struct pk_error err = {0};
	struct pk_diags d;
	char *out = NULL, *again = NULL;
	json_t *j;

	pk_transcript_init(&t);
	pk_transcript_init(&t2);
	pk_diags_init(&d);
	pk_transcript_parse(vtt, "t.vtt", PK_TRANSCRIPT_AUTO, NULL, 0, &t, &d);
	CHECK_INT(pk_transcript_format(&t, PK_TRANSCRIPT_SRT, &out, &err), 0);
	CHECK(strstr(out, "00:00:00,500 --> 00:00:02,000\nMaya Ortiz: Hello "
			  "& welcome.\n") != NULL);
	CHECK_INT(pk_transcript_parse(out, "x.srt", PK_TRANSCRIPT_SRT, NULL, 0,
				      &t2, &d), 0);
	CHECK_STR(t2.v[1].speaker, "Dr. Lee");
	free(out);
	CHECK_INT(pk_transcript_format(&t2, PK_TRANSCRIPT_VTT, &out, &err), 0);
	CHECK(strstr(out, "<v Maya Ortiz>Hello &amp; welcome.") != NULL);
	CHECK_INT(pk_transcript_format(&t, PK_TRANSCRIPT_VTT, &again, &err),
		  0);
	CHECK_STR(out, again);
	free(out);
	free(again);
	CHECK_INT(pk_transcript_format(&t, PK_TRANSCRIPT_JSON, &out, &err), 0);
	j = json_loads(out, 0, NULL);
	CHECK_STR(json_string_value(json_object_get(j, "version")), "1.0.0");
	CHECK_STR(json_string_value(json_object_get(
			  json_array_get(json_object_get(j, "segments"), 1),
			  "speaker")),
		  "Dr. Lee");
	CHECK_NEAR(json_number_value(json_object_get(
			   json_array_get(json_object_get(j, "segments"), 1),
			   "endTime")),
		   4.25, 1e-9);
	json_decref(j);
	free(out);
	pk_transcript_release(&t);
	pk_transcript_release(&t2);
	pk_diags_release(&d);
}

int main(void)
{
	test_parse();
	test_errors();
	test_outputs();
	return harness_done();
}
