/* stats_int.h: what the statistics files share: the open database with
 * its prepared statements, the salts of the days still open, the
 * in-memory sets that spare the database a query, and the map from a
 * requested file to its episode.
 *
 * stats.c opens, reports and keeps the salts; stats_count.c applies the
 * counting rules (the one place they live); stats_episodes.c maps files
 * to episodes and learns them from a feed. Functions return 0 or a
 * negative PK_E* code with err filled; none prints. Every function here
 * is called with s->lock held.
 */
#ifndef PODKIT_STATS_INT_H
#define PODKIT_STATS_INT_H

#include <pthread.h>
#include <stdint.h>

#include <sqlite3.h>

#include "podkit/stats.h"

/* A listener as stored: this many bytes of the SHA-256 of the day's salt,
 * address and agent. 128 bits: a collision among a day's listeners is
 * out of reach (about 2^64 of them would be needed), and the keys keep
 * the tables and their one index small enough for the page cache. */
#define STATS_LISTENER_BYTES 16
/* Salts of this many days stay in memory at once. */
#define STATS_SALT_SLOTS 8
/* The in-memory sets are emptied past this many keys, so memory stays
 * flat however long a log is (the database stays the truth). A counted
 * key spares only the repeats of a listener's session, seconds to
 * minutes apart, so a quarter million (4 MB of slots) is plenty; the
 * memory is worth more as SQLite's page cache (stats.c). */
#define STATS_SET_MAX (1u << 18)

/* A set of 64-bit keys, open addressing; 0 marks an empty slot. */
struct stats_set {
	uint64_t *v;
	size_t n, cap;
};

/* What a requested path maps to: the episode key (a guid, or the path
 * itself when no feed named the file) and the bytes that make a
 * download (0: unknown). */
struct stats_file {
	uint64_t hash; /* of the path; 0: empty slot */
	char *path;
	char *key;
	int64_t need;
};

struct stats_files {
	struct stats_file *v;
	size_t n, cap;
};

enum stats_stmt {
	ST_SALT_GET,
	ST_SALT_PUT,
	ST_DL_EXISTS,
	ST_DL_PUT,
	ST_PART_PUT,
	ST_PART_SUM,
	ST_PART_DEL,
	ST_FILE_GET,
	ST_FILE_STEM,
	ST_COUNT
};

struct pk_stats {
	sqlite3 *db;
	pthread_mutex_t lock;
	sqlite3_stmt *st[ST_COUNT];
	int batch;	 /* inside pk_stats_begin .. pk_stats_commit */
	int salt_days;	 /* days whose salts are kept (1: today only) */
	char newest[11]; /* the newest day counted ("" before any) */
	char closed[11]; /* the last day whose salt was deleted: it and
			    every day before it can no longer be counted */
	struct {
		char day[11];
		unsigned char salt[32];
	} salts[STATS_SALT_SLOTS];
	unsigned salt_next;
	struct stats_set counted; /* (day, listener, episode) counted */
	uint64_t seed;		  /* of the in-memory keys */
	struct stats_files files;
};

/* stats.c */
int pk_stats_db_error(struct pk_error *err, sqlite3 *db, const char *what);
sqlite3_stmt *pk_stats_stmt(struct pk_stats *s, enum stats_stmt which);
/* The salt of day (created when new); PK_STATS_TOO_OLD when the day's
 * salt was rotated away (its listeners can no longer be matched). */
int pk_stats_salt(struct pk_stats *s, const char *day, unsigned char salt[32],
		  struct pk_error *err);
void pk_stats_day_of(int64_t t, char day[11]);

int pk_stats_set_has(const struct stats_set *t, uint64_t k);
void pk_stats_set_add(struct stats_set *t, uint64_t k);
void pk_stats_set_clear(struct stats_set *t);

/* stats_episodes.c: the file a request names, mapped to its episode.
 * Returns the borrowed entry (valid until the map is cleared), or NULL
 * when out of memory or the database failed (err says). */
const struct stats_file *pk_stats_file_of(struct pk_stats *s, const char *path,
					  struct pk_error *err);
void pk_stats_files_clear(struct stats_files *f);

#endif
