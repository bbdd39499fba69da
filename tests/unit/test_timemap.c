/* test_timemap.c: the source-to-published time map: offsets, cuts, times
 * inside a cut, monotonicity, and its text form. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "base/timemap_int.h"
#include "podkit/error.h"

/* The map never decreases and moves at slope 0 or 1 between the samples
 * (0.01 s apart over [0, end)). */
static int monotonic(const struct pk_timemap *m, double end)
{
	double t, prev = pk_timemap_apply(m, 0);

	for (t = 0.01; t < end; t += 0.01) {
		double p = pk_timemap_apply(m, t);

		if (p < prev - 1e-9 || p - prev > 0.01 + 1e-9)
			return 0;
		prev = p;
	}
	return 1;
}

static void test_identity_and_shift(void)
{
	struct pk_timemap m;

	CHECK_INT(pk_timemap_init(&m), 0);
	CHECK(pk_timemap_is_identity(&m));
	CHECK_NEAR(pk_timemap_apply(&m, 12.5), 12.5, 1e-9);
	/* an intro of 9 s crossfaded over 2 s: speech starts at 7 s */
	pk_timemap_shift(&m, 7);
	CHECK(!pk_timemap_is_identity(&m));
	CHECK_NEAR(pk_timemap_apply(&m, 0), 7, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 60), 67, 1e-9);
	CHECK(monotonic(&m, 100));
	pk_timemap_release(&m);
}

static void test_cuts(void)
{
	struct pk_timemap m;

	pk_timemap_init(&m);
	/* two pauses, 10-14 s and 30-33 s of the source, shortened to 1.5 s
	 * each: cut in the middle of each, latest first as a stage would
	 * not, then the earlier one in published time */
	CHECK_INT(pk_timemap_cut(&m, 10.75, 13.25), 0);
	CHECK_INT(m.n, 2);
	/* the second pause is now at 27.5-30.5 published */
	CHECK_INT(pk_timemap_cut(&m, 28.25, 29.75), 0);
	CHECK_INT(m.n, 3);
	CHECK_NEAR(pk_timemap_apply(&m, 5), 5, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 10.75), 10.75, 1e-9);
	/* a time inside a cut lands on the splice */
	CHECK_NEAR(pk_timemap_apply(&m, 12), 10.75, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 13.25), 10.75, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 20), 17.5, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 31), 28.25, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 40), 36, 1e-9);
	/* then an intro: everything 7 s later */
	pk_timemap_shift(&m, 7);
	CHECK_NEAR(pk_timemap_apply(&m, 0), 7, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 40), 43, 1e-9);
	CHECK(monotonic(&m, 60));
	/* a cut spanning a splice and the head of the next stretch */
	CHECK_INT(pk_timemap_cut(&m, 17, 25), 0);
	CHECK_NEAR(pk_timemap_apply(&m, 5), 12, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 11), 17, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 20), 17, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 40), 35, 1e-9);
	CHECK(monotonic(&m, 60));
	CHECK_INT(pk_timemap_cut(&m, 5, 4), PK_EINVAL);
	CHECK_INT(pk_timemap_cut(&m, 3, 3), 0);
	pk_timemap_release(&m);
}

static void test_head_cut(void)
{
	struct pk_timemap m;

	/* a track that starts 1.7 s late: its first 1.7 s are cut, so
	 * what it says at 1.7 s is published at 0 */
	pk_timemap_init(&m);
	CHECK_INT(pk_timemap_cut(&m, 0, 1.7), 0);
	CHECK_NEAR(pk_timemap_apply(&m, 0), 0, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 1), 0, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 1.7), 0, 1e-9);
	CHECK_NEAR(pk_timemap_apply(&m, 11.7), 10, 1e-9);
	CHECK(monotonic(&m, 30));
	pk_timemap_release(&m);
}

static void test_text(void)
{
	struct pk_timemap m, back;
	char *s;

	pk_timemap_init(&m);
	pk_timemap_cut(&m, 10.75, 13.25);
	pk_timemap_shift(&m, 7.125);
	s = pk_timemap_format(&m);
	CHECK(s != NULL);
	CHECK_STR(s, "timemap 1\n0.000000 10.750000 7.125000\n"
		     "13.250000 inf 17.875000\n");
	pk_timemap_init(&back);
	CHECK_INT(pk_timemap_parse(&back, s), 0);
	CHECK_INT(back.n, 2);
	CHECK_NEAR(pk_timemap_apply(&back, 20), pk_timemap_apply(&m, 20), 1e-6);
	CHECK_INT(pk_timemap_parse(&back, "timemap 2\n"), PK_EINVAL);
	CHECK_INT(pk_timemap_parse(&back, "timemap 1\n5 4 0\n"), PK_EINVAL);
	CHECK_INT(pk_timemap_parse(&back, "timemap 1\n0 5 0\n4 9 6\n"),
		  PK_EINVAL);
	free(s);
	pk_timemap_release(&back);
	pk_timemap_release(&m);
}

int main(void)
{
	test_identity_and_shift();
	test_cuts();
	test_head_cut();
	test_text();
	return harness_done();
}
