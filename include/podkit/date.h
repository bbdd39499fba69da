/* date.h: the dates and durations podcasts use: ISO 8601 in metadata,
 * RFC 2822 in RSS, HH:MM:SS for durations and chapter starts. */
#ifndef PODKIT_DATE_H
#define PODKIT_DATE_H

#include <stddef.h>
#include <stdint.h>

/* Parses an ISO 8601 date-time with a time zone: "2026-03-14T09:30:00Z",
 * "2026-03-14T09:30:00+01:00", "2026-03-14T09:30+0100", fractional
 * seconds ignored. A date without a time zone is refused (an hour's error
 * in the feed is worse than a message). Returns 0, or PK_EINVAL.
 * *t gets seconds since the epoch (UTC), *tz_minutes the offset written. */
int pk_date_parse_iso8601(const char *s, int64_t *t, int *tz_minutes);

/* Formats t as RFC 2822 in the given offset: "Sat, 14 Mar 2026 09:30:00
 * +0100" (English names whatever the locale). buf should hold 40 bytes.
 * Returns buf. */
char *pk_date_format_rfc2822(int64_t t, int tz_minutes, char *buf,
			     size_t size);

/* Parses an RFC 2822 date as RSS uses it (day name optional, numeric or
 * UT/GMT/Z/EST... zones, two- or four-digit years refused if two).
 * Returns 0 or PK_EINVAL. */
int pk_date_parse_rfc2822(const char *s, int64_t *t);

/* Formats t as ISO 8601 UTC "2026-03-14T08:30:00Z". Returns buf. */
char *pk_date_format_iso8601(int64_t t, char *buf, size_t size);

/* Parses a duration or timestamp: "SS", "MM:SS", "HH:MM:SS", each with an
 * optional ".fraction", or plain seconds "93.5". Returns 0 or PK_EINVAL. */
int pk_duration_parse(const char *s, double *seconds);

/* Formats seconds, rounded to whole ones, as "H:MM:SS" ("1:05:07") when
 * there are hours, else "M:SS" ("5:07"); always "HH:MM:SS" ("00:05:07")
 * with pad_hours. Returns buf. */
char *pk_duration_format(double seconds, int pad_hours, char *buf,
			 size_t size);

/* "Now" for a build: SOURCE_DATE_EPOCH when set (reproducible builds),
 * else the clock. */
int64_t pk_now(void);

#endif
