/* stats.c: the statistics database: opening it, its schema, the salts of
 * the open days, the in-memory sets, and the report query. The counting
 * rules are in stats_count.c. */
#include "stats/stats_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

/* downloads: one row per listener, episode and day; ranges: the bytes a
 * listener received of an episode on a day, until they make a download.
 * A range whose position the log does not give is stored with first =
 * -1 - (its time) and last = its byte count, so the same log line
 * imported twice is one row. Both are keyed by what they are looked up
 * by, WITHOUT ROWID: the key is the table, with no second index beside
 * it, and the listener is a STATS_LISTENER_BYTES blob. */
#define DOWNLOADS_TABLE                                                        \
	"downloads(day TEXT NOT NULL, ts INTEGER NOT NULL,"                    \
	" episode TEXT NOT NULL, listener BLOB NOT NULL, app TEXT NOT NULL,"   \
	" platform TEXT NOT NULL DEFAULT 'Unknown',"                           \
	" PRIMARY KEY(day, listener, episode)) WITHOUT ROWID;"
#define RANGES_TABLE                                                           \
	"ranges(day TEXT NOT NULL, listener BLOB NOT NULL,"                    \
	" episode TEXT NOT NULL, first INTEGER NOT NULL,"                      \
	" last INTEGER NOT NULL,"                                              \
	" PRIMARY KEY(day, listener, episode, first, last)) WITHOUT ROWID;"

/* The page cache (24 MB, in KiB) holds the keys of the open days: at
 * ten million log lines over 60 days, a day's downloads and ranges take
 * about 5 MB, and past the cache every insert reads its page back from
 * the file. */
static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA cache_size=-24576;"
    "CREATE TABLE IF NOT EXISTS salts(day TEXT PRIMARY KEY, salt BLOB);"
    "CREATE TABLE IF NOT EXISTS " DOWNLOADS_TABLE
    "CREATE TABLE IF NOT EXISTS " RANGES_TABLE
    "CREATE TABLE IF NOT EXISTS files("
    " path TEXT PRIMARY KEY, stem TEXT NOT NULL, guid TEXT NOT NULL,"
    " need INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS files_stem ON files(stem);"
    "CREATE TABLE IF NOT EXISTS episodes("
    " guid TEXT PRIMARY KEY, title TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);";

/* Databases written before platforms and the files map: the platform
 * column added, unfinished ranges moved to their new table. */
static const char migrate_platform[] =
    "ALTER TABLE downloads ADD COLUMN platform TEXT NOT NULL"
    " DEFAULT 'Unknown';";
static const char migrate_partials[] =
    "INSERT OR IGNORE INTO ranges SELECT day, podkit_listener(listener),"
    " episode, first, last FROM partials; DROP TABLE partials;";
/* Databases written before listeners were blobs: their 64 hex digits of
 * the same SHA-256 cut to its first STATS_LISTENER_BYTES, so a listener
 * counted before still matches, in the keyed tables. */
static const char migrate_downloads[] =
    "ALTER TABLE downloads RENAME TO downloads_hex;"
    "CREATE TABLE " DOWNLOADS_TABLE
    "INSERT OR IGNORE INTO downloads SELECT day, ts, episode,"
    " podkit_listener(listener), app, platform FROM downloads_hex;"
    "DROP TABLE downloads_hex;";
static const char migrate_ranges[] =
    "ALTER TABLE ranges RENAME TO ranges_hex;"
    "CREATE TABLE " RANGES_TABLE
    "INSERT OR IGNORE INTO ranges SELECT day, podkit_listener(listener),"
    " episode, first, last FROM ranges_hex;"
    "DROP TABLE ranges_hex;";

static const char *const sql[ST_COUNT] = {
    [ST_SALT_GET] = "SELECT salt FROM salts WHERE day = ?",
    [ST_SALT_PUT] = "INSERT OR IGNORE INTO salts VALUES(?, ?)",
    [ST_DL_EXISTS] = "SELECT 1 FROM downloads WHERE day = ? AND"
		     " listener = ? AND episode = ?",
    [ST_DL_PUT] = "INSERT OR IGNORE INTO downloads(day, ts, episode,"
		  " listener, app, platform) VALUES(?,?,?,?,?,?)",
    [ST_PART_PUT] = "INSERT OR IGNORE INTO ranges VALUES(?,?,?,?,?)",
    [ST_PART_SUM] = "SELECT first, last FROM ranges WHERE day = ? AND"
		    " listener = ? AND episode = ? ORDER BY first",
    [ST_PART_DEL] = "DELETE FROM ranges WHERE day = ? AND listener = ?"
		    " AND episode = ?",
    [ST_FILE_GET] = "SELECT guid, need FROM files WHERE path = ?",
    [ST_FILE_STEM] = "SELECT guid, need FROM files WHERE stem = ?"
		     " ORDER BY rowid DESC LIMIT 1",
};

int pk_stats_db_error(struct pk_error *err, sqlite3 *db, const char *what)
{
	return pk_error_set(err, PK_EIO, "statistics database: %s: %s", what,
			    db ? sqlite3_errmsg(db) : "cannot open");
}

sqlite3_stmt *pk_stats_stmt(struct pk_stats *s, enum stats_stmt which)
{
	if (!s->st[which] &&
	    sqlite3_prepare_v2(s->db, sql[which], -1, &s->st[which], NULL) !=
		SQLITE_OK)
		return NULL;
	sqlite3_reset(s->st[which]);
	sqlite3_clear_bindings(s->st[which]);
	return s->st[which];
}

/* 1 when table has the column, its declared type then in out; 0 when
 * not. */
static int column_type(sqlite3 *db, const char *table, const char *col,
		       char *out, size_t size)
{
	sqlite3_stmt *st;
	char q[128];
	int found = 0;

	out[0] = '\0';
	snprintf(q, sizeof(q), "PRAGMA table_info(%s)", table);
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
		return 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		if (strcmp((const char *)sqlite3_column_text(st, 1), col) ==
		    0) {
			snprintf(out, size, "%s",
				 (const char *)sqlite3_column_text(st, 2));
			found = 1;
		}
	sqlite3_finalize(st);
	return found;
}

static int has_column(sqlite3 *db, const char *table, const char *col)
{
	char type[32];

	return column_type(db, table, col, type, sizeof(type));
}

static int hexval(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* podkit_listener(x): a listener of the old format (hex digits of a
 * SHA-256) as stored now; a blob of the right size as it is; NULL for
 * anything else (the row is then skipped). */
static void listener_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	unsigned char key[STATS_LISTENER_BYTES];
	const unsigned char *t;
	int i, hi, lo;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_BLOB &&
	    sqlite3_value_bytes(argv[0]) == STATS_LISTENER_BYTES) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	t = sqlite3_value_text(argv[0]);
	if (!t || sqlite3_value_bytes(argv[0]) < 2 * STATS_LISTENER_BYTES) {
		sqlite3_result_null(ctx);
		return;
	}
	for (i = 0; i < STATS_LISTENER_BYTES; i++) {
		hi = hexval(t[2 * i]);
		lo = hexval(t[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			sqlite3_result_null(ctx);
			return;
		}
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	sqlite3_result_blob(ctx, key, sizeof(key), SQLITE_TRANSIENT);
}

static int migrate_steps(sqlite3 *db)
{
	char type[32];

	if (!has_column(db, "downloads", "platform") &&
	    sqlite3_exec(db, migrate_platform, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	column_type(db, "downloads", "listener", type, sizeof(type));
	if (strcmp(type, "TEXT") == 0 &&
	    sqlite3_exec(db, migrate_downloads, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	column_type(db, "ranges", "listener", type, sizeof(type));
	if (strcmp(type, "TEXT") == 0 &&
	    sqlite3_exec(db, migrate_ranges, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (has_column(db, "partials", "first") &&
	    sqlite3_exec(db, migrate_partials, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	return 0;
}

/* Older databases brought to the current schema, in one transaction: a
 * failure leaves them as they were. */
static int migrate(sqlite3 *db, const char *path, struct pk_error *err)
{
	int r;

	if (sqlite3_create_function(db, "podkit_listener", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    listener_fn, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return pk_error_set(err, PK_EIO, "%s: %s", path,
				    sqlite3_errmsg(db));
	if (migrate_steps(db) == 0 &&
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	r = pk_error_set(err, PK_EIO, "%s: cannot migrate to this version: %s",
			 path, sqlite3_errmsg(db));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}

static void day_minus(const char *day, int n, char out[11]);

/* A day out of a one-value query, or "". */
static void query_day(sqlite3 *db, const char *q, char out[11])
{
	sqlite3_stmt *st;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 10)
		memcpy(out, sqlite3_column_text(st, 0), 11);
	sqlite3_finalize(st);
}

/* The window of open days: the newest day with a salt, and the last day
 * whose salt is gone (a database from before it was recorded: the day
 * before its oldest salt, when it counted days before that). */
static void read_newest(struct pk_stats *s)
{
	char oldest[11], first[11];

	query_day(s->db, "SELECT MAX(day) FROM salts", s->newest);
	query_day(s->db, "SELECT value FROM meta WHERE key = 'closed'",
		  s->closed);
	if (s->closed[0])
		return;
	query_day(s->db, "SELECT MIN(day) FROM salts", oldest);
	query_day(s->db, "SELECT MIN(day) FROM downloads", first);
	if (oldest[0] && first[0] && strcmp(first, oldest) < 0)
		day_minus(oldest, 1, s->closed);
}

int pk_stats_open(const char *path, int readonly, struct pk_stats **out,
		  struct pk_error *err)
{
	struct pk_stats *s;
	int flags = readonly ? SQLITE_OPEN_READONLY
			     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int r;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	pthread_mutex_init(&s->lock, NULL);
	s->salt_days = 1;
	if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_FULLMUTEX,
			    NULL) != SQLITE_OK) {
		r = pk_error_set(err, PK_EIO, "%s: cannot open: %s", path,
				 s->db ? sqlite3_errmsg(s->db) : "no memory");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (RAND_bytes((unsigned char *)&s->seed, sizeof(s->seed)) != 1)
		s->seed = 14695981039346656037ULL;
	if (!readonly &&
	    sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		r = pk_error_set(err, PK_EIO, "%s: %s", path,
				 sqlite3_errmsg(s->db));
		goto fail;
	}
	if (!readonly && (r = migrate(s->db, path, err)) != 0)
		goto fail;
	read_newest(s);
	*out = s;
	return 0;
fail:
	pk_stats_close(s);
	return r;
}

void pk_stats_close(struct pk_stats *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	pthread_mutex_destroy(&s->lock);
	free(s->counted.v);
	pk_stats_files_clear(&s->files);
	free(s);
}

void pk_stats_set_salt_days(struct pk_stats *s, int days)
{
	s->salt_days = days < 1 ? 1 : days;
}

int pk_stats_begin(struct pk_stats *s, struct pk_error *err)
{
	int r = 0;

	pthread_mutex_lock(&s->lock);
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		r = pk_stats_db_error(err, s->db, "begin");
	else
		s->batch = 1;
	pthread_mutex_unlock(&s->lock);
	return r;
}

int pk_stats_commit(struct pk_stats *s, struct pk_error *err)
{
	int r = 0;

	pthread_mutex_lock(&s->lock);
	if (s->batch &&
	    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		r = pk_stats_db_error(err, s->db, "commit");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		pk_stats_set_clear(&s->counted);
		memset(s->salts, 0, sizeof(s->salts));
		read_newest(s);
	}
	s->batch = 0;
	pthread_mutex_unlock(&s->lock);
	return r;
}

void pk_stats_rollback(struct pk_stats *s)
{
	pthread_mutex_lock(&s->lock);
	if (s->batch)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->batch = 0;
	/* What memory learnt since begin is gone from the database. */
	pk_stats_set_clear(&s->counted);
	memset(s->salts, 0, sizeof(s->salts));
	pk_stats_files_clear(&s->files);
	read_newest(s);
	pthread_mutex_unlock(&s->lock);
}

int pk_stats_set_has(const struct stats_set *t, uint64_t k)
{
	size_t i;

	if (!t->cap)
		return 0;
	k |= 1; /* 0 marks an empty slot */
	for (i = k & (t->cap - 1); t->v[i]; i = (i + 1) & (t->cap - 1))
		if (t->v[i] == k)
			return 1;
	return 0;
}

void pk_stats_set_add(struct stats_set *t, uint64_t k)
{
	size_t i;

	if (t->n >= STATS_SET_MAX)
		pk_stats_set_clear(t);
	if ((t->n + 1) * 2 > t->cap) {
		struct stats_set g = {0};
		size_t j;

		g.cap = t->cap ? t->cap * 2 : 1024;
		g.v = calloc(g.cap, sizeof(*g.v));
		if (!g.v)
			return; /* the database still knows */
		for (j = 0; j < t->cap; j++)
			if (t->v[j])
				pk_stats_set_add(&g, t->v[j]);
		free(t->v);
		*t = g;
	}
	k |= 1;
	for (i = k & (t->cap - 1); t->v[i]; i = (i + 1) & (t->cap - 1))
		if (t->v[i] == k)
			return;
	t->v[i] = k;
	t->n++;
}

void pk_stats_set_clear(struct stats_set *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

int64_t pk_stats_now(void)
{
	const char *e = getenv("PODKIT_NOW");
	struct tm tm;
	char *end;
	long long v;

	if (e && *e) {
		v = strtoll(e, &end, 10);
		if (*end == '\0')
			return v;
		memset(&tm, 0, sizeof(tm));
		end = strptime(e, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (!end || *end) {
			memset(&tm, 0, sizeof(tm));
			end = strptime(e, "%Y-%m-%d", &tm);
		}
		if (end && *end == '\0')
			return (int64_t)timegm(&tm);
	}
	return (int64_t)time(NULL);
}

void pk_stats_day_of(int64_t t, char day[11])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(day, 11, "%Y-%m-%d", &tm);
}

/* day minus n days, as text. */
static void day_minus(const char *day, int n, char out[11])
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!strptime(day, "%Y-%m-%d", &tm)) {
		snprintf(out, 11, "%s", day);
		return;
	}
	pk_stats_day_of((int64_t)timegm(&tm) - (int64_t)n * 86400, out);
}

static int exec_day(struct pk_stats *s, const char *q, const char *day)
{
	sqlite3_stmt *st;
	int r;

	if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? 0 : -1;
}

/* A new newest day: the salts and unfinished ranges of the days that
 * leave the window are deleted (the rotation). */
static int advance(struct pk_stats *s, const char *day, struct pk_error *err)
{
	char cut[11];
	unsigned i;

	char closed[11];

	day_minus(day, s->salt_days - 1, cut);
	day_minus(cut, 1, closed);
	if (exec_day(s, "DELETE FROM salts WHERE day < ?", cut) != 0 ||
	    exec_day(s, "DELETE FROM ranges WHERE day < ?", cut) != 0)
		return pk_stats_db_error(err, s->db, "salt");
	/* Recorded once salts were given out: from now on a wider window
	 * (pk_stats_set_salt_days) cannot bring a rotated day back with a
	 * new salt, which would count its listeners twice. */
	if (strcmp(closed, s->closed) > 0 && s->newest[0]) {
		if (exec_day(s,
			     "INSERT OR REPLACE INTO meta VALUES('closed', ?)",
			     closed) != 0)
			return pk_stats_db_error(err, s->db, "salt");
		memcpy(s->closed, closed, 11);
	}
	for (i = 0; i < STATS_SALT_SLOTS; i++)
		if (strcmp(s->salts[i].day, cut) < 0)
			s->salts[i].day[0] = '\0';
	memcpy(s->newest, day, 11);
	return 0;
}

int pk_stats_salt(struct pk_stats *s, const char *day, unsigned char salt[32],
		  struct pk_error *err)
{
	unsigned char fresh[32];
	sqlite3_stmt *st;
	char cut[11];
	unsigned i;
	int r;

	for (i = 0; i < STATS_SALT_SLOTS; i++)
		if (strcmp(s->salts[i].day, day) == 0) {
			memcpy(salt, s->salts[i].salt, 32);
			return 0;
		}
	if (s->closed[0] && strcmp(day, s->closed) <= 0)
		return PK_STATS_TOO_OLD;
	if (s->newest[0]) {
		day_minus(s->newest, s->salt_days - 1, cut);
		if (strcmp(day, cut) < 0)
			return PK_STATS_TOO_OLD;
	}
	if (strcmp(day, s->newest) > 0 && (r = advance(s, day, err)) != 0)
		return r;
	if (RAND_bytes(fresh, sizeof(fresh)) != 1)
		return pk_error_set(err, PK_EINTERNAL, "no random bytes");
	st = pk_stats_stmt(s, ST_SALT_PUT);
	if (!st)
		return pk_stats_db_error(err, s->db, "salt");
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, fresh, sizeof(fresh), SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return pk_stats_db_error(err, s->db, "salt");
	st = pk_stats_stmt(s, ST_SALT_GET);
	if (!st)
		return pk_stats_db_error(err, s->db, "salt");
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_bytes(st, 0) != 32)
		return pk_stats_db_error(err, s->db, "salt");
	memcpy(salt, sqlite3_column_blob(st, 0), 32);
	sqlite3_reset(st);
	i = s->salt_next++ % STATS_SALT_SLOTS;
	memcpy(s->salts[i].day, day, 11);
	memcpy(s->salts[i].salt, salt, 32);
	return 0;
}

int pk_stats_each(struct pk_stats *s, const char *since,
		  int (*cb)(const struct pk_stats_row *row, void *arg),
		  void *arg, struct pk_error *err)
{
	sqlite3_stmt *st = NULL;
	struct pk_stats_row row;
	int r = 0, step;
	const char *q =
	    "SELECT d.day, d.episode, COALESCE(e.title, d.episode), d.app,"
	    " d.platform, COUNT(*), CAST(julianday(d.day) - julianday("
	    "(SELECT MIN(day) FROM downloads f WHERE f.episode ="
	    " d.episode)) AS INTEGER)"
	    " FROM downloads d LEFT JOIN episodes e ON e.guid = d.episode"
	    " WHERE d.day >= ? GROUP BY d.day, d.episode, d.app, d.platform"
	    " ORDER BY d.day, d.episode, d.app, d.platform";

	pthread_mutex_lock(&s->lock);
	if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK) {
		r = pk_stats_db_error(err, s->db, "query");
		goto out;
	}
	sqlite3_bind_text(st, 1, since ? since : "", -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		row.day = (const char *)sqlite3_column_text(st, 0);
		row.episode = (const char *)sqlite3_column_text(st, 1);
		row.title = (const char *)sqlite3_column_text(st, 2);
		row.app = (const char *)sqlite3_column_text(st, 3);
		row.platform = (const char *)sqlite3_column_text(st, 4);
		row.downloads = sqlite3_column_int64(st, 5);
		row.first_day = sqlite3_column_int64(st, 6);
		r = cb(&row, arg);
		if (r != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		r = pk_stats_db_error(err, s->db, "query");
out:
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}
