/* stats.c: counts downloads by the IAB guidelines into SQLite. */
#include "podkit/stats.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sqlite3.h>

/* Listeners already counted today, remembered in memory so a busy file
 * costs one hash lookup instead of a query (the database stays the truth:
 * a restarted server asks it). Open addressing over 64-bit keys. */
struct seen {
	uint64_t *v;
	size_t n, cap;
};

struct pk_stats {
	sqlite3 *db;
	pthread_mutex_t lock;
	char day[11];		 /* the day salt belongs to */
	unsigned char salt[32];
	struct seen seen;
	uint64_t seed; /* of the in-memory keys */
};

static const char schema[] =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=NORMAL;"
	"CREATE TABLE IF NOT EXISTS salts(day TEXT PRIMARY KEY, salt BLOB);"
	"CREATE TABLE IF NOT EXISTS downloads("
	" day TEXT NOT NULL, ts INTEGER NOT NULL, episode TEXT NOT NULL,"
	" listener TEXT NOT NULL, app TEXT NOT NULL,"
	" UNIQUE(day, listener, episode));"
	"CREATE TABLE IF NOT EXISTS partials("
	" day TEXT NOT NULL, listener TEXT NOT NULL, episode TEXT NOT NULL,"
	" first INTEGER NOT NULL, last INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS partials_key ON partials"
	" (day, listener, episode);";

static int db_error(struct pk_error *err, sqlite3 *db, const char *what)
{
	return pk_error_set(err, PK_EIO, "statistics database: %s: %s", what,
			    db ? sqlite3_errmsg(db) : "cannot open");
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
	*out = s;
	return 0;
fail:
	pk_stats_close(s);
	return r;
}

void pk_stats_close(struct pk_stats *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
	pthread_mutex_destroy(&s->lock);
	free(s->seen.v);
	free(s);
}

static int seen_has(const struct seen *t, uint64_t k)
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

static void seen_add(struct seen *t, uint64_t k)
{
	size_t i;

	if ((t->n + 1) * 2 > t->cap) {
		struct seen g = {0};
		size_t j;

		g.cap = t->cap ? t->cap * 2 : 1024;
		g.v = calloc(g.cap, sizeof(*g.v));
		if (!g.v)
			return; /* the database still knows */
		for (j = 0; j < t->cap; j++)
			if (t->v[j])
				seen_add(&g, t->v[j]);
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

static void seen_clear(struct seen *t)
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

static void day_of(int64_t t, char day[11])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(day, 11, "%Y-%m-%d", &tm);
}

/* Makes sure s->salt is today's: a new random salt on a new day, and
 * yesterday's salts and unfinished ranges deleted with it. */
static int ensure_salt(struct pk_stats *s, const char *day,
		       struct pk_error *err)
{
	unsigned char fresh[32];
	sqlite3_stmt *st = NULL;
	int r = 0;

	if (strcmp(s->day, day) == 0)
		return 0;
	if (RAND_bytes(fresh, sizeof(fresh)) != 1)
		return pk_error_set(err, PK_EINTERNAL, "no random bytes");
	if (sqlite3_prepare_v2(s->db,
			       "INSERT OR IGNORE INTO salts VALUES(?, ?)", -1,
			       &st, NULL) != SQLITE_OK)
		return db_error(err, s->db, "salt");
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, fresh, sizeof(fresh), SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		r = db_error(err, s->db, "salt");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT salt FROM salts WHERE day = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, s->db, "salt");
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_bytes(st, 0) != (int)sizeof(s->salt)) {
		r = db_error(err, s->db, "salt");
		goto out;
	}
	memcpy(s->salt, sqlite3_column_blob(st, 0), sizeof(s->salt));
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(s->db,
			       "DELETE FROM salts WHERE day <> ?1;"
			       , -1, &st, NULL) != SQLITE_OK)
		return db_error(err, s->db, "salt");
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		r = db_error(err, s->db, "salt");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(s->db, "DELETE FROM partials WHERE day <> ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, s->db, "ranges");
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		r = db_error(err, s->db, "ranges");
		goto out;
	}
	memcpy(s->day, day, sizeof(s->day));
	seen_clear(&s->seen);
out:
	sqlite3_finalize(st);
	return r;
}

/* The address as counted: an IPv6 address cut to its /64, an IPv4-mapped
 * one as plain IPv4. */
static void normalize_ip(const char *ip, char *out, size_t size)
{
	unsigned char a[16];

	snprintf(out, size, "%s", ip ? ip : "");
	if (!ip || !strchr(ip, ':') || inet_pton(AF_INET6, ip, a) != 1)
		return;
	if (memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
		inet_ntop(AF_INET, a + 12, out, (socklen_t)size);
		return;
	}
	memset(a + 8, 0, 8);
	inet_ntop(AF_INET6, a, out, (socklen_t)size);
}

static void salted_hash(const unsigned char salt[32], const char *a,
			const char *b, const char *c, char hex[65],
			uint64_t *key)
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int i;

	memset(md, 0, sizeof(md));
	if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1) {
		EVP_DigestUpdate(ctx, salt, 32);
		EVP_DigestUpdate(ctx, a, strlen(a) + 1);
		if (b)
			EVP_DigestUpdate(ctx, b, strlen(b) + 1);
		if (c)
			EVP_DigestUpdate(ctx, c, strlen(c) + 1);
		EVP_DigestFinal_ex(ctx, md, &mdlen);
	}
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	if (key)
		memcpy(key, md, sizeof(*key));
}

/* The in-memory key of (address, agent, episode): FNV-1a, 64 bits, with
 * a random seed per process. It never leaves memory, so it needs no salt
 * of the day, and it spares the busy path a SHA-256. */
static uint64_t seen_key(const struct pk_stats *s, const char *ip,
			 const char *ua, const char *episode)
{
	const char *parts[3] = {ip, ua ? ua : "", episode};
	uint64_t h = s->seed;
	const char *p;
	int i;

	for (i = 0; i < 3; i++) {
		for (p = parts[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0x100) * 1099511628211ULL;
	}
	return h;
}

/* 1 when this listener's download of the episode was counted today and
 * is remembered in memory. Called under the lock. */
static int seen_today(struct pk_stats *s, const struct pk_stats_hit *h,
		      const char *day)
{
	char ip[INET6_ADDRSTRLEN + 1];

	if (strcmp(s->day, day) != 0 || !s->seen.n)
		return 0;
	normalize_ip(h->ip, ip, sizeof(ip));
	return seen_has(&s->seen, seen_key(s, ip, h->ua, h->episode));
}

/* Runs a query with text parameters; returns 1 when it yields a row, 0
 * when not, -1 on error. */
static int exists(sqlite3 *db, const char *sql, const char *p1,
		  const char *p2, const char *p3)
{
	sqlite3_stmt *st;
	int r;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p2, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p3, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	return r == SQLITE_ROW ? 1 : r == SQLITE_DONE ? 0 : -1;
}

/* Adds a served range and returns how many distinct bytes this listener
 * has received of the episode today (the union of its ranges), or -1. */
static int64_t add_range(sqlite3 *db, const char *day, const char *listener,
			 const char *episode, int64_t first, int64_t last)
{
	sqlite3_stmt *st = NULL;
	int64_t total = 0, end = -1;
	int r;

	if (sqlite3_prepare_v2(db, "INSERT INTO partials VALUES(?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, listener, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, episode, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, first);
	sqlite3_bind_int64(st, 5, last);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return -1;
	if (sqlite3_prepare_v2(db,
			       "SELECT first, last FROM partials WHERE day = ?"
			       " AND listener = ? AND episode = ?"
			       " ORDER BY first",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, listener, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, episode, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t a = sqlite3_column_int64(st, 0);
		int64_t b = sqlite3_column_int64(st, 1);

		if (a <= end)
			a = end + 1;
		if (b >= a)
			total += b - a + 1;
		if (b > end)
			end = b;
	}
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? total : -1;
}

static int insert_download(sqlite3 *db, const char *day, int64_t now,
			   const char *episode, const char *listener,
			   const char *app)
{
	sqlite3_stmt *st;
	int r;

	if (sqlite3_prepare_v2(db,
			       "INSERT OR IGNORE INTO downloads"
			       " VALUES(?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, episode, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, listener, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, app, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(db) == 0)
		return 0;
	if (sqlite3_prepare_v2(db,
			       "DELETE FROM partials WHERE day = ?"
			       " AND listener = ? AND episode = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, listener, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, episode, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? 1 : -1;
}

/* The part of pk_stats_record that runs under the lock, in a
 * transaction. */
static int record_locked(struct pk_stats *s, const struct pk_stats_hit *h,
			 const struct pk_ua_class *c, int64_t now,
			 struct pk_error *err)
{
	char day[11], ip[INET6_ADDRSTRLEN + 1], listener[65];
	uint64_t key;
	int r;
	int64_t got, need;

	day_of(now, day);
	r = ensure_salt(s, day, err);
	if (r != 0)
		return r;
	normalize_ip(h->ip, ip, sizeof(ip));
	salted_hash(s->salt, ip, h->ua ? h->ua : "", NULL, listener, NULL);
	key = seen_key(s, ip, h->ua, h->episode);
	if (seen_has(&s->seen, key))
		return PK_STATS_IGNORED;
	r = exists(s->db,
		   "SELECT 1 FROM downloads WHERE day = ? AND listener = ?"
		   " AND episode = ?",
		   day, listener, h->episode);
	if (r < 0)
		return db_error(err, s->db, "query");
	if (r) {
		seen_add(&s->seen, key);
		return PK_STATS_IGNORED;
	}
	if (h->status == 206) {
		need = h->need > 0 ? h->need : 1000000;
		if (need > h->size)
			need = h->size;
		got = add_range(s->db, day, listener, h->episode, h->first,
				h->last);
		if (got < 0)
			return db_error(err, s->db, "ranges");
		if (got < need)
			return PK_STATS_IGNORED;
	}
	r = insert_download(s->db, day, now, h->episode, listener, c->app);
	if (r < 0)
		return db_error(err, s->db, "insert");
	seen_add(&s->seen, key);
	return r ? PK_STATS_COUNTED : PK_STATS_IGNORED;
}

/* pk_ua_classify with a one-entry cache per thread: a player sends the
 * same agent request after request, and the bot list is a hundred
 * substring searches. Keyed by the rules' address too: a server keeps one
 * list for its lifetime. */
static void classify(const struct pk_ua_rules *rules, const char *ua,
		     struct pk_ua_class *c)
{
	static _Thread_local const struct pk_ua_rules *last_rules;
	static _Thread_local char last_ua[512];
	static _Thread_local struct pk_ua_class last;
	static _Thread_local int valid;

	if (valid && ua && rules == last_rules && strcmp(ua, last_ua) == 0) {
		*c = last;
		return;
	}
	pk_ua_classify(rules, ua, c);
	if (ua && strlen(ua) < sizeof(last_ua)) {
		strcpy(last_ua, ua);
		last_rules = rules;
		last = *c;
		valid = 1;
	}
}

int pk_stats_record(struct pk_stats *s, const struct pk_ua_rules *rules,
		    const struct pk_stats_hit *h, struct pk_error *err)
{
	struct pk_ua_class c;
	char day[11];
	int64_t now;
	int r;

	if (h->head || (h->status != 200 && h->status != 206))
		return PK_STATS_IGNORED;
	/* "bytes=0-1" and the like: a player checking that ranges work. */
	if (h->status == 206 && h->last - h->first + 1 <= 2)
		return PK_STATS_IGNORED;
	classify(rules, h->ua, &c);
	/* IAB Tech Lab's watchOS guidance: a Watch's downloads are automatic
	 * copies of what the paired iPhone fetched, so none count. */
	if (c.kind != PK_UA_LISTENER || c.watch)
		return PK_STATS_IGNORED;
	now = h->now ? h->now : pk_stats_now();
	day_of(now, day);
	pthread_mutex_lock(&s->lock);
	if (seen_today(s, h, day)) {
		r = PK_STATS_IGNORED;
		goto out;
	}
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		r = db_error(err, s->db, "begin");
		goto out;
	}
	r = record_locked(s, h, &c, now, err);
	if (sqlite3_exec(s->db, r < 0 ? "ROLLBACK" : "COMMIT", NULL, NULL,
			 NULL) != SQLITE_OK &&
	    r >= 0) {
		r = db_error(err, s->db, "commit");
		s->day[0] = '\0'; /* re-read the salt after a failure */
	}
	if (r < 0) {
		s->day[0] = '\0';
		seen_clear(&s->seen);
	}
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

int pk_stats_each(struct pk_stats *s, const char *since,
		  int (*cb)(const struct pk_stats_row *row, void *arg),
		  void *arg, struct pk_error *err)
{
	sqlite3_stmt *st = NULL;
	struct pk_stats_row row;
	int r = 0, step;

	pthread_mutex_lock(&s->lock);
	if (sqlite3_prepare_v2(s->db,
			       "SELECT day, episode, app, COUNT(*)"
			       " FROM downloads WHERE day >= ?"
			       " GROUP BY day, episode, app"
			       " ORDER BY day, episode, app",
			       -1, &st, NULL) != SQLITE_OK) {
		r = db_error(err, s->db, "query");
		goto out;
	}
	sqlite3_bind_text(st, 1, since ? since : "", -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		row.day = (const char *)sqlite3_column_text(st, 0);
		row.episode = (const char *)sqlite3_column_text(st, 1);
		row.app = (const char *)sqlite3_column_text(st, 2);
		row.downloads = sqlite3_column_int64(st, 3);
		r = cb(&row, arg);
		if (r != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		r = db_error(err, s->db, "query");
out:
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}
