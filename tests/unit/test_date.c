/* test_date.c: ISO 8601 and RFC 2822 dates, durations, pk_now. */
#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "harness.h"
#include "podkit/date.h"
#include "podkit/error.h"

static void test_iso8601(void)
{
	int64_t t = 0;
	int tz = 99;
	char buf[64];

	CHECK_INT(pk_date_parse_iso8601("2026-03-14T09:30:00Z", &t, &tz), 0);
	CHECK_INT(t, 1773480600);
	CHECK_INT(tz, 0);
	CHECK_INT(pk_date_parse_iso8601("2026-03-14T09:30:00+01:00", &t, &tz),
		  0);
	CHECK_INT(t, 1773480600 - 3600);
	CHECK_INT(tz, 60);
	CHECK_INT(pk_date_parse_iso8601("2026-03-14T09:30+0100", &t, &tz), 0);
	CHECK_INT(t, 1773480600 - 3600);
	CHECK_INT(
	    pk_date_parse_iso8601("2026-03-14T09:30:00.250-05:30", &t, &tz), 0);
	CHECK_INT(t, 1773480600 + 5 * 3600 + 1800);
	CHECK_INT(tz, -330);
	CHECK_INT(pk_date_parse_iso8601("2024-02-29T00:00:00Z", &t, NULL), 0);
	/* Refused: no zone, no time, bad fields, trailing text. */
	CHECK_INT(pk_date_parse_iso8601("2026-03-14T09:30:00", &t, &tz),
		  PK_EINVAL);
	CHECK_INT(pk_date_parse_iso8601("2026-03-14", &t, &tz), PK_EINVAL);
	CHECK_INT(pk_date_parse_iso8601("2025-02-29T00:00:00Z", &t, &tz),
		  PK_EINVAL);
	CHECK_INT(pk_date_parse_iso8601("2026-13-01T00:00:00Z", &t, &tz),
		  PK_EINVAL);
	CHECK_INT(pk_date_parse_iso8601("2026-01-01T24:00:00Z", &t, &tz),
		  PK_EINVAL);
	CHECK_INT(pk_date_parse_iso8601("2026-01-01T10:00:00Zx", &t, &tz),
		  PK_EINVAL);
	CHECK_INT(pk_date_parse_iso8601("2026-01-01T10:00:00+25:00", &t, &tz),
		  PK_EINVAL);
	CHECK_INT(pk_date_parse_iso8601("yesterday", &t, &tz), PK_EINVAL);
	CHECK_INT(pk_date_parse_iso8601("", &t, &tz), PK_EINVAL);
	CHECK_INT(pk_date_parse_iso8601(NULL, &t, &tz), PK_EINVAL);
	CHECK_STR(pk_date_format_iso8601(1773480600, buf, sizeof(buf)),
		  "2026-03-14T09:30:00Z");
}

static void test_rfc2822(void)
{
	char buf[40];
	int64_t t = 0;

	/* English names whatever the locale and the TZ variable say. */
	setenv("TZ", "America/New_York", 1);
	tzset();
	setlocale(LC_ALL, "");
	CHECK_STR(
	    pk_date_format_rfc2822(1773480600 - 3600, 60, buf, sizeof(buf)),
	    "Sat, 14 Mar 2026 09:30:00 +0100");
	CHECK_STR(pk_date_format_rfc2822(1773480600, 0, buf, sizeof(buf)),
		  "Sat, 14 Mar 2026 09:30:00 +0000");
	CHECK_STR(pk_date_format_rfc2822(1773480600, -330, buf, sizeof(buf)),
		  "Sat, 14 Mar 2026 04:00:00 -0530");
	CHECK_STR(pk_date_format_rfc2822(0, 0, buf, sizeof(buf)),
		  "Thu, 01 Jan 1970 00:00:00 +0000");

	CHECK_INT(pk_date_parse_rfc2822("Sat, 14 Mar 2026 09:30:00 +0100", &t),
		  0);
	CHECK_INT(t, 1773480600 - 3600);
	CHECK_INT(pk_date_parse_rfc2822("14 Mar 2026 09:30:00 GMT", &t), 0);
	CHECK_INT(t, 1773480600);
	CHECK_INT(pk_date_parse_rfc2822("Sat, 14 Mar 2026 04:30 EST", &t), 0);
	CHECK_INT(t, 1773480600);
	CHECK_INT(pk_date_parse_rfc2822(" Sat,  4 Jan 2025 00:00:00 Z ", &t),
		  0);
	CHECK_INT(pk_date_parse_rfc2822("Sat, 14 Mar 26 09:30:00 +0100", &t),
		  PK_EINVAL);
	CHECK_INT(pk_date_parse_rfc2822("2026-03-14T09:30:00Z", &t), PK_EINVAL);
	CHECK_INT(pk_date_parse_rfc2822("Sat, 14 Foo 2026 09:30:00 +0100", &t),
		  PK_EINVAL);
	CHECK_INT(pk_date_parse_rfc2822("Sat, 14 Mar 2026 09:30:00", &t),
		  PK_EINVAL);
	CHECK_INT(
	    pk_date_parse_rfc2822("Sat, 14 Mar 2026 09:30:00 +0100 x", &t),
	    PK_EINVAL);
	CHECK_INT(pk_date_parse_rfc2822("Sat, 31 Feb 2026 09:30:00 +0100", &t),
		  PK_EINVAL);
}

static void test_durations(void)
{
	double s = -1;
	char buf[32];

	CHECK_INT(pk_duration_parse("93.5", &s), 0);
	CHECK_NEAR(s, 93.5, 1e-9);
	CHECK_INT(pk_duration_parse("1:30", &s), 0);
	CHECK_NEAR(s, 90, 1e-9);
	CHECK_INT(pk_duration_parse("0:42:10", &s), 0);
	CHECK_NEAR(s, 2530, 1e-9);
	CHECK_INT(pk_duration_parse("01:02:03.25", &s), 0);
	CHECK_NEAR(s, 3723.25, 1e-9);
	CHECK_INT(pk_duration_parse("125:00", &s), 0); /* minutes may run on */
	CHECK_NEAR(s, 7500, 1e-9);
	CHECK_INT(pk_duration_parse("1:60", &s), PK_EINVAL);
	CHECK_INT(pk_duration_parse("1:2:3:4", &s), PK_EINVAL);
	CHECK_INT(pk_duration_parse("", &s), PK_EINVAL);
	CHECK_INT(pk_duration_parse("-5", &s), PK_EINVAL);
	CHECK_INT(pk_duration_parse("1:", &s), PK_EINVAL);
	CHECK_INT(pk_duration_parse("abc", &s), PK_EINVAL);
	CHECK_INT(pk_duration_parse("5.", &s), PK_EINVAL);
	CHECK_STR(pk_duration_format(307, 0, buf, sizeof(buf)), "5:07");
	CHECK_STR(pk_duration_format(3907.6, 0, buf, sizeof(buf)), "1:05:08");
	CHECK_STR(pk_duration_format(307, 1, buf, sizeof(buf)), "00:05:07");
	CHECK_STR(pk_duration_format(0, 0, buf, sizeof(buf)), "0:00");
	CHECK_STR(pk_duration_format(-3, 0, buf, sizeof(buf)), "0:00");
}

static void test_now(void)
{
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	CHECK_INT(pk_now(), 1767225600);
	setenv("SOURCE_DATE_EPOCH", "garbage", 1);
	CHECK(pk_now() > 1700000000);
	unsetenv("SOURCE_DATE_EPOCH");
	CHECK(llabs((long long)(pk_now() - (int64_t)time(NULL))) <= 1);
}

int main(void)
{
	test_iso8601();
	test_rfc2822();
	test_durations();
	test_now();
	return harness_done();
}
