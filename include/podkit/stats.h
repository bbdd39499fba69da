/* stats.h: download statistics by the IAB Podcast Measurement Technical
 * Guidelines (v2.x), kept in SQLite.
 *
 * What counts as a download:
 *  - a GET answered 200 with an audio file;
 *  - GETs answered 206, once the ranges served to one listener add up to
 *    the ID3 header plus one minute of audio (pk_stats_need);
 *  - not HEAD, not 304, not probes of two bytes or less ("bytes=0-1"), not
 *    bots or malformed user agents (useragent.h), and not an Apple Watch
 *    (watchOS): IAB Tech Lab's guidance is that its downloads are
 *    automatic duplicates of the paired iPhone's, so they are filtered;
 *  - one listener is the client address (IPv6 cut to its /64) plus the
 *    user agent, and counts once per episode per calendar day in UTC.
 *
 * Privacy: addresses never reach the disk. A listener is stored only as a
 * SHA-256 hash of address and agent with a random salt of the day, kept
 * in the database and deleted when the day is over (so yesterday's hashes
 * cannot be reversed by trying every IPv4 address).
 *
 * The database uses WAL and one transaction per counted request: a crash
 * loses nothing committed, and a restarted server does not count the same
 * listener twice. One pk_stats may be shared by threads: calls lock.
 */
#ifndef PODKIT_STATS_H
#define PODKIT_STATS_H

#include <stdint.h>

#include "podkit/error.h"
#include "podkit/useragent.h"

struct pk_stats;

/* Opens (creating when needed, unless readonly) the database at path.
 * Returns 0 and sets *out (closed with pk_stats_close), or PK_EIO with err
 * naming the file. */
int pk_stats_open(const char *path, int readonly, struct pk_stats **out,
		  struct pk_error *err);

/* Closes the database; NULL is a no-op. */
void pk_stats_close(struct pk_stats *s);

/* One answered request for an audio file. */
struct pk_stats_hit {
	const char *ip;	     /* the client's address, as text */
	const char *ua;	     /* the User-Agent; NULL when absent */
	const char *episode; /* the file's path under the served folder */
	int head;	     /* 1: a HEAD request */
	int status;	     /* the HTTP status answered */
	int64_t first, last; /* the bytes served, inclusive */
	int64_t size;	     /* the file's size */
	int64_t need;	     /* bytes that make a download (pk_stats_need) */
	int64_t now;	     /* seconds since the epoch; 0: pk_stats_now() */
};

enum pk_stats_outcome {
	PK_STATS_COUNTED = 1,	/* a new download */
	PK_STATS_IGNORED = 0	/* not a download (or already counted) */
};

/* Records a request; returns PK_STATS_COUNTED, PK_STATS_IGNORED, or a
 * negative PK_E* code (err says) when the database failed. rules is the
 * bot list (may be NULL). */
int pk_stats_record(struct pk_stats *s, const struct pk_ua_rules *rules,
		    const struct pk_stats_hit *hit, struct pk_error *err);

/* Bytes a listener must receive for a download: the ID3v2 tag at the head
 * of the file plus 60 seconds at the file's bit rate (probed with
 * libavformat); 1 MB when the bit rate is unknown; at most size. */
int64_t pk_stats_need(const char *path, int64_t size);

/* "Now" for the statistics: the PODKIT_NOW environment variable (seconds
 * since the epoch, or an ISO 8601 UTC date "2026-01-05" or
 * "2026-01-05T10:00:00Z") when set, for tests; else the clock. */
int64_t pk_stats_now(void);

/* One row of a report; strings borrowed for the callback only. */
struct pk_stats_row {
	const char *day;     /* "2026-01-05" (UTC) */
	const char *episode; /* the file's path */
	const char *app;
	int64_t downloads;
};

/* Calls cb for each (day, episode, app) with its downloads, on or after
 * since ("YYYY-MM-DD", NULL for all), ordered by day, episode, app. A
 * non-zero return from cb stops and is returned. */
int pk_stats_each(struct pk_stats *s, const char *since,
		  int (*cb)(const struct pk_stats_row *row, void *arg),
		  void *arg, struct pk_error *err);

#endif
