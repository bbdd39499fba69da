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
 * in the database and deleted once the day leaves the window of open days
 * (pk_stats_set_salt_days), so old hashes cannot be reversed by trying
 * every IPv4 address.
 *
 * The database uses WAL and one transaction per counted request (or per
 * batch, for an import): a crash loses nothing committed, and a restarted
 * server or a rerun import does not count the same listener twice. One pk_stats may be shared by threads: calls lock.
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

/* One request for a media file, answered by podkit serve or read from a
 * log. */
struct pk_stats_hit {
	const char *ip;	     /* the client's address, as text */
	const char *ua;	     /* the User-Agent; NULL when absent */
	const char *episode; /* the requested path ("audio/x.mp3"; a URL
				path's leading '/' and query are ignored) */
	const char *method;  /* "GET", "HEAD", ...; NULL: GET, or HEAD when
				head is set */
	int head;	     /* 1: a HEAD request */
	int status;	     /* the HTTP status answered */
	int64_t first, last; /* the bytes served, inclusive; first < 0 when
				the log does not say where (then sent) */
	int64_t sent;	     /* body bytes sent when first < 0 */
	int64_t size;	     /* the file's size; 0: unknown */
	int64_t need;	     /* bytes that make a download (pk_stats_need);
				0: what the feed taught (pk_stats_learn_feed),
				else 1 MB */
	int64_t now;	     /* seconds since the epoch; 0: pk_stats_now() */
};

enum pk_stats_outcome {
	PK_STATS_COUNTED = 1,	/* a new download */
	PK_STATS_IGNORED = 0,	/* not a download (or already counted) */
	PK_STATS_TOO_OLD = 2	/* its day's salt was rotated away: the
				   listener cannot be matched, not counted */
};

/* Applies the counting rules to one request and records it; returns
 * PK_STATS_COUNTED, PK_STATS_IGNORED, PK_STATS_TOO_OLD, or a negative
 * PK_E* code (err says) when the database failed. rules is the bot list
 * (may be NULL). Outside a batch each call is its own transaction.
 *
 * The rules, in order: GET only; 200 or 206 only; a request of two bytes
 * or less is a probe; bots, malformed agents and Apple Watches are out; a
 * 200 whose body covers the need (or the whole file) counts; anything
 * less adds its bytes to the listener's day: ranges by their union, bytes
 * at an unknown position (first < 0) by their sum, and the day's total
 * reaching the need counts. Requests map to episodes through every file
 * name the feed has used (pk_stats_learn_feed). Counting is order
 * independent: the same requests in any order, any number of times, give
 * the same downloads, as long as their days' salts are kept. */
int pk_stats_record(struct pk_stats *s, const struct pk_ua_rules *rules,
		    const struct pk_stats_hit *hit, struct pk_error *err);

/* Many records in one transaction (an import): begin, records, commit.
 * A rollback drops the records since begin; the database is as before. */
int pk_stats_begin(struct pk_stats *s, struct pk_error *err);
int pk_stats_commit(struct pk_stats *s, struct pk_error *err);
void pk_stats_rollback(struct pk_stats *s);

/* How many days' salts are kept, counted back from the newest day seen
 * (default 1: today's only; an import keeps 2 for lines a CDN delivers
 * up to a day late). A request older than that is PK_STATS_TOO_OLD. */
void pk_stats_set_salt_days(struct pk_stats *s, int days);

/* Learns the feed's episodes: each item's guid and title, and its
 * enclosure's file name (kept for good, so a re-encoded file with a new
 * name still counts for the same guid; a prefix-wrapped URL maps by its
 * last part). media_dir (may be NULL) is where the enclosures' files are,
 * to measure the bytes that make a download; without it the need comes
 * from the enclosure's length and itunes:duration. Sets *items (may be
 * NULL) to the number of items read. Returns 0, PK_EIO or PK_EINVAL. */
int pk_stats_learn_feed(struct pk_stats *s, const char *feed_path,
			const char *media_dir, int *items,
			struct pk_error *err);

/* 1 when a request for path can be a download: a known enclosure, or an
 * audio or video file by its extension. */
int pk_stats_is_media(struct pk_stats *s, const char *path);

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
	const char *day;      /* "2026-01-05" (UTC) */
	const char *episode;  /* the episode's guid, or the file's path when
				 no feed named it */
	const char *title;    /* the episode's title; the key when unknown */
	const char *app;
	const char *platform;
	int64_t first_day;    /* days since the episode's first download */
	int64_t downloads;
};

/* Calls cb for each (day, episode, app, platform) with its downloads, on
 * or after since ("YYYY-MM-DD", NULL for all), ordered by day, episode,
 * app, platform. A
 * non-zero return from cb stops and is returned. */
int pk_stats_each(struct pk_stats *s, const char *since,
		  int (*cb)(const struct pk_stats_row *row, void *arg),
		  void *arg, struct pk_error *err);

#endif
