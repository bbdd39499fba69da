/* test_chapters_convert.c: chapters through every format and back, the
 * errors with lines, the checks. */
#include <stdlib.h>

#include "harness.h"
#include "podkit/chapter_formats.h"

static const char text[] = "# chapters\n"
			   "0:00 Cold open\n"
			   "\n"
			   "00:01:30 - What we mean by intimacy\n"
			   "1:02:03.250 Late\n";

static void test_times(void)
{
	double s = -1;
	char buf[32];

	CHECK_INT(pk_chapter_time_parse("1:02:03.5", &s), 0);
	CHECK_NEAR(s, 3723.5, 1e-9);
	CHECK_INT(pk_chapter_time_parse("90", &s), 0);
	CHECK_NEAR(s, 90, 1e-9);
	CHECK_INT(pk_chapter_time_parse("1:60", &s), PK_EINVAL);
	CHECK_INT(pk_chapter_time_parse("1:2:3:4", &s), PK_EINVAL);
	CHECK_INT(pk_chapter_time_parse("abc", &s), PK_EINVAL);
	CHECK_STR(pk_chapter_time_format(3723.25, buf, sizeof(buf)),
		  "01:02:03.250");
	CHECK_STR(pk_chapter_time_format(90, buf, sizeof(buf)), "00:01:30");
}

static void test_round_trip(void)
{
	static const enum pk_chapter_format fmts[] = {
		PK_CHAPTERS_JSON, PK_CHAPTERS_AUDACITY, PK_CHAPTERS_TEXT};
	struct pk_chapter_list l, l2;
	struct pk_error err = {0};
	char *out = NULL, *again = NULL;
	size_t i;

	pk_chapter_list_init(&l);
	CHECK_INT(pk_chapters_parse(text, "c.txt", PK_CHAPTERS_AUTO, &l, &err),
		  0);
	CHECK_INT(l.n, 3);
	CHECK_STR(l.v[1].title, "What we mean by intimacy");
	CHECK_INT(l.v[1].line, 4);
	CHECK_NEAR(l.v[2].start, 3723.25, 1e-9);
	for (i = 0; i < 3; i++) {
		pk_chapter_list_init(&l2);
		CHECK_INT(pk_chapters_format(l.v, l.n, fmts[i], 4000, &out,
					     &err), 0);
		CHECK_INT(pk_chapters_parse(out, "x", fmts[i], &l2, &err), 0);
		CHECK_INT(l2.n, 3);
		CHECK_NEAR(l2.v[2].start, 3723.25, 1e-6);
		CHECK_STR(l2.v[0].title, "Cold open");
		CHECK_INT(pk_chapters_format(l2.v, l2.n, fmts[i], 4000, &again,
					     &err), 0);
		CHECK_STR(again, out);
		if (fmts[i] == PK_CHAPTERS_AUDACITY)
			CHECK_NEAR(l2.last_end, 4000, 1e-6);
		free(out);
		free(again);
		pk_chapter_list_release(&l2);
	}
	pk_chapter_list_release(&l);
}

static void test_errors(void)
{
	struct pk_chapter_list l;
	struct pk_error err = {0};

	pk_chapter_list_init(&l);
	CHECK_INT(pk_chapters_parse("0:00 a\n1:xx b\n", "c.txt",
				    PK_CHAPTERS_TEXT, &l, &err), PK_EINVAL);
	CHECK_STR(err.msg, "c.txt:2: '1:xx' is not a time (HH:MM:SS)");
	CHECK_INT(pk_chapters_parse("0\t5\ta\n5 6 b\n", "l.txt",
				    PK_CHAPTERS_AUDACITY, &l, &err),
		  PK_EINVAL);
	CHECK_STR(err.msg, "l.txt:2: expected 'start<TAB>end<TAB>label'");
	CHECK_INT(pk_chapters_parse("{\"chapters\": [\n{\"startTime\": 1,}]}",
				    "c.json", PK_CHAPTERS_JSON, &l, &err),
		  PK_EINVAL);
	CHECK(strncmp(err.msg, "c.json:2: ", 10) == 0);
	CHECK_INT(pk_chapters_parse("{\"chapters\": [{\"startTime\": 1}]}",
				    "c.json", PK_CHAPTERS_JSON, &l, &err),
		  PK_EINVAL);
	CHECK_STR(err.msg, "c.json: chapter 1: 'title' is missing");
	CHECK_INT(l.n, 0);
}

static void test_validate(void)
{
	struct pk_chapter v[3] = {
		{0, (char *)"a", NULL, NULL, 1},
		{50, (char *)"b", NULL, NULL, 2},
		{40, (char *)"c", NULL, NULL, 3},
	};
	struct pk_diags d;
	char msg[512];

	pk_diags_init(&d);
	CHECK_INT(pk_chapters_validate(v, 2, 100, 100, "f", &d), 0);
	CHECK_INT(pk_chapters_validate(v, 3, 45, 80, "f", &d), 3);
	pk_diag_format(&d.v[0], msg, sizeof(msg));
	CHECK_STR(msg, "f:2: chapter 'b' starts at 00:00:50, after the end "
		       "of the audio (00:00:45)");
	pk_diag_format(&d.v[1], msg, sizeof(msg));
	CHECK_STR(msg, "f:3: chapter 'c' starts at 00:00:40, not after the "
		       "one before it (00:00:50)");
	pk_diag_format(&d.v[2], msg, sizeof(msg));
	CHECK_STR(msg, "f:3: the last chapter ends at 00:01:20, not at the "
		       "end of the audio (00:00:45)");
	pk_diags_release(&d);
}

int main(void)
{
	test_times();
	test_round_trip();
	test_errors();
	test_validate();
	return harness_done();
}
