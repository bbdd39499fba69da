/* test_clip.c: the clip's captions (cues cut at the clip's edges, timed
 * from its start, never moved), their escaping, the clip's times and
 * sizes, the layout staying inside the frame. */
#include <stdlib.h>
#include <string.h>

#include "clip/clip_int.h"
#include "harness.h"
#include "podkit/clip.h"
#include "podkit/transcript.h"

/* The Dialogue lines of an ASS script, one per line, without their
 * "Dialogue: 0," prefix and with ",Caption,,0,0,0,," cut to "|". */
static char *dialogues(const char *ass)
{
	char *out = calloc(1, strlen(ass) + 1), *w = out;
	const char *p = ass;

	while (out && (p = strstr(p, "Dialogue: 0,")) != NULL) {
		const char *e = strchr(p, '\n');
		const char *style = strstr(p, ",Caption,,0,0,0,,");

		p += 12;
		if (!e || !style || style > e)
			break;
		memcpy(w, p, (size_t)(style - p));
		w += style - p;
		*w++ = '|';
		style += 17;
		memcpy(w, style, (size_t)(e - style));
		w += e - style;
		*w++ = '\n';
		p = e;
	}
	return out;
}

static void test_captions(void)
{
	char maya[] = "Maya Ortiz", jonah[] = "Jonah Reed";
	char t1[] = "Before the clip", t2[] = "Inside\nit {\\b1} a\\Nb",
	     t3[] = "After its end", t4[] = "Outside", t5[] = "Before it all";
	struct pk_cue cues[] = {
	    {0.5, 3.0, maya, t1, 1},   {2.5, 6.0, NULL, t2, 2},
	    {9.0, 12.0, jonah, t3, 3}, {12.0, 14.0, NULL, t4, 4},
	    {1.0, 2.0, NULL, t5, 5},
	};
	struct pk_transcript t = {cues, 5};
	struct pk_clip_layout l;
	size_t n = 0;
	char *ass, *d;

	pk_clip_layout_compute(360, 640, &l);
	ass = pk_clip_ass_captions(&l, &t, 2.0, 10.0, &n);
	CHECK(ass != NULL);
	CHECK_INT(n, 3);
	d = dialogues(ass ? ass : "");
	/* cut at the clip's edges, timed from its start, never shifted */
	CHECK_STR(d,
		  "0:00:00.00,0:00:01.00|{\\c&H004EC1F2&\\fs14}Maya "
		  "Ortiz{\\r}\\NBefore the clip\n"
		  "0:00:00.50,0:00:04.00|Inside it (\\b1) a\\\xE2\x81\xA0Nb\n"
		  "0:00:07.00,0:00:08.00|{\\c&H004EC1F2&\\fs14}Jonah "
		  "Reed{\\r}\\NAfter its end\n");
	CHECK(strstr(ass, "PlayResX: 360\nPlayResY: 640\n") != NULL);
	free(d);
	free(ass);

	ass = pk_clip_ass_captions(&l, NULL, 0, 5, &n);
	CHECK_INT(n, 0);
	CHECK(ass && !strstr(ass, "Dialogue:"));
	free(ass);
}

static void test_times(void)
{
	struct pk_clip_spec s = {0};
	struct pk_error e = {0};
	int w = 0, h = 0;

	s.name = "episodes/001-x";
	s.from = 10;
	s.to = 40;
	CHECK_INT(pk_clip_check_times(&s, 60, &e), 0);
	CHECK_INT(pk_clip_check_times(&s, 39.97, &e), 0); /* the slack */
	CHECK_INT(pk_clip_check_times(&s, 30, &e), PK_EINVAL);
	CHECK_STR(e.msg, "episodes/001-x: the clip from 0:10.000 to 0:40.000 "
			 "ends past the episode's end (0:30.000)");
	s.to = 10;
	CHECK_INT(pk_clip_check_times(&s, 60, &e), PK_EINVAL);
	CHECK_STR(e.msg, "episodes/001-x: the clip from 0:10.000 to 0:10.000 "
			 "has no length");
	s.from = -1;
	CHECK_INT(pk_clip_check_times(&s, 60, &e), PK_EINVAL);
	s.from = 3600;
	s.to = 3661.5;
	CHECK_INT(pk_clip_check_times(&s, 3000, &e), PK_EINVAL);
	CHECK_STR(e.msg, "episodes/001-x: the clip from 1:00:00.000 to "
			 "1:01:01.500 ends past the episode's end (50:00.000)");

	CHECK_INT(pk_clip_size_parse("1080x1920", &w, &h), 0);
	CHECK_INT(w, 1080);
	CHECK_INT(h, 1920);
	CHECK_INT(pk_clip_size_parse("1081x1920", &w, &h), PK_EINVAL);
	CHECK_INT(pk_clip_size_parse("32x32", &w, &h), PK_EINVAL);
	CHECK_INT(pk_clip_size_parse("1080x", &w, &h), PK_EINVAL);
	CHECK_INT(pk_clip_size_parse("1080x1920x", &w, &h), PK_EINVAL);
}

/* Every part of every size's layout lies inside the frame, the cover
 * above the waveform and the waveform above the captions' room. */
static void test_layout(void)
{
	static const int sizes[][2] = {
	    {1080, 1920}, {1080, 1080}, {1920, 1080}, {360, 640}};
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct pk_clip_layout l;
		int cap_top;

		pk_clip_layout_compute(sizes[i][0], sizes[i][1], &l);
		cap_top =
		    l.h - l.caption_margin_bottom - (int)(l.caption_font * 3.3);
		CHECK(l.cover_x >= 0 && l.cover_x + l.cover_size <= l.w);
		CHECK(l.cover_y >= 0 && l.cover_y + l.cover_size < l.wave_y);
		CHECK(l.wave_h >= 8 && l.wave_y + l.wave_h <= cap_top);
		CHECK(l.wave_max_w > 0 && l.wave_max_w <= l.w);
		CHECK(l.title_left + l.title_right < l.w);
	}
}

int main(void)
{
	test_captions();
	test_times();
	test_layout();
	return harness_done();
}
