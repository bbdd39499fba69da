/* stats_count.c: the counting rules (IAB Podcast Measurement Technical
 * Guidelines v2.2), the one place they live: podkit serve and
 * podkit stats import both hand every request to pk_stats_record. */
#include "stats/stats_int.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

/* Without a measured need (no file, no feed): a megabyte, about a minute
 * at 128 kbit/s. */
#define DEFAULT_NEED 1000000
/* A request of this many bytes or fewer is a player checking that ranges
 * work ("bytes=0-1"), not listening. */
#define PROBE_BYTES 2

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

/* The listener as stored: the first STATS_LISTENER_BYTES of the SHA-256
 * of the day's salt, address and agent. */
static void listener_hash(const unsigned char salt[32], const char *ip,
			  const char *ua,
			  unsigned char key[STATS_LISTENER_BYTES])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	memset(md, 0, sizeof(md));
	if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1) {
		EVP_DigestUpdate(ctx, salt, 32);
		EVP_DigestUpdate(ctx, ip, strlen(ip) + 1);
		EVP_DigestUpdate(ctx, ua, strlen(ua) + 1);
		EVP_DigestFinal_ex(ctx, md, &mdlen);
	}
	EVP_MD_CTX_free(ctx);
	memcpy(key, md, STATS_LISTENER_BYTES);
}

/* The in-memory key of (day, address, agent, episode): FNV-1a with a
 * random seed per process. It never leaves memory, so it needs no salt,
 * and it spares a repeated request a SHA-256 and a query. */
static uint64_t counted_key(const struct pk_stats *s, const char *day,
			    const char *ip, const char *ua, const char *ep)
{
	const char *parts[4] = {day, ip, ua, ep};
	uint64_t h = s->seed;
	const char *p;
	int i;

	for (i = 0; i < 4; i++) {
		for (p = parts[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0x100) * 1099511628211ULL;
	}
	return h;
}

/* pk_ua_classify with a small cache per thread: players send the same
 * agent request after request, and the lists are many substring
 * searches. Keyed by the rules' address too. */
#define UA_CACHE 256
static void classify(const struct pk_ua_rules *rules, const char *ua,
		     struct pk_ua_class *c)
{
	static _Thread_local struct {
		const struct pk_ua_rules *rules;
		uint64_t h;
		char ua[256];
		struct pk_ua_class c;
	} cache[UA_CACHE];
	uint64_t h = 1469598103934665603ULL;
	const char *p;
	size_t n;
	unsigned i;

	if (!ua) {
		pk_ua_classify(rules, ua, c);
		return;
	}
	for (p = ua; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	n = (size_t)(p - ua);
	i = (unsigned)(h % UA_CACHE);
	if (cache[i].h == h && cache[i].rules == rules &&
	    strcmp(cache[i].ua, ua) == 0) {
		*c = cache[i].c;
		return;
	}
	pk_ua_classify(rules, ua, c);
	if (n < sizeof(cache[i].ua)) {
		memcpy(cache[i].ua, ua, n + 1);
		cache[i].h = h;
		cache[i].rules = rules;
		cache[i].c = *c;
	}
}

/* The bytes a listener has received of an episode on a day: the union of
 * the ranges at known positions plus the sum of those at unknown ones.
 * -1 when the database failed. */
static int64_t received(struct pk_stats *s, const char *day,
			const unsigned char *listener, const char *ep)
{
	sqlite3_stmt *st = pk_stats_stmt(s, ST_PART_SUM);
	int64_t total = 0, end = -1;
	int r;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, listener, STATS_LISTENER_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ep, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t a = sqlite3_column_int64(st, 0);
		int64_t b = sqlite3_column_int64(st, 1);

		if (a < 0) {
			total += b;
			continue;
		}
		if (a <= end)
			a = end + 1;
		if (b >= a)
			total += b - a + 1;
		if (b > end)
			end = b;
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? total : -1;
}

static int add_range(struct pk_stats *s, const char *day,
		     const unsigned char *listener, const char *ep,
		     int64_t first, int64_t last)
{
	sqlite3_stmt *st = pk_stats_stmt(s, ST_PART_PUT);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, listener, STATS_LISTENER_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ep, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, first);
	sqlite3_bind_int64(st, 5, last);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

/* Inserts the download (unless the database has it) and drops its
 * ranges: 1 when new, 0 when it was there, -1 on failure. */
static int insert_download(struct pk_stats *s, const char *day, int64_t now,
			   const char *ep, const unsigned char *listener,
			   const struct pk_ua_class *c)
{
	sqlite3_stmt *st = pk_stats_stmt(s, ST_DL_PUT);
	int fresh;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, ep, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, listener, STATS_LISTENER_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->app, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->platform, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return -1;
	fresh = sqlite3_changes(s->db) > 0;
	st = pk_stats_stmt(s, ST_PART_DEL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, listener, STATS_LISTENER_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ep, -1, SQLITE_STATIC);
	return sqlite3_step(st) == SQLITE_DONE ? fresh : -1;
}

/* The rules that need no database: 1 when the request may be a
 * download. */
static int may_count(const struct pk_stats_hit *h)
{
	const char *m = h->method ? h->method : h->head ? "HEAD" : "GET";
	int64_t bytes;

	if (strcmp(m, "GET") != 0 || (h->method && h->head))
		return 0;
	if (h->status != 200 && h->status != 206)
		return 0;
	bytes = h->first >= 0 ? h->last - h->first + 1 : h->sent;
	/* "bytes=0-1" and the like. A 200 of unknown length is whole. */
	if (bytes >= 0 && bytes <= PROBE_BYTES &&
	    !(h->status == 200 && h->first < 0 && h->sent < 0))
		return 0;
	return 1;
}

/* Under the lock, in a transaction. */
static int record_locked(struct pk_stats *s, const struct pk_stats_hit *h,
			 const struct pk_ua_class *c, int64_t now,
			 struct pk_error *err)
{
	const struct stats_file *f;
	unsigned char salt[32];
	char day[11], ip[INET6_ADDRSTRLEN + 1];
	unsigned char listener[STATS_LISTENER_BYTES];
	const char *ua = h->ua ? h->ua : "";
	int64_t first = h->first, last = h->last, need, got;
	uint64_t key;
	int r;

	pk_stats_day_of(now, day);
	f = pk_stats_file_of(s, h->episode, err);
	if (!f)
		return err && err->code ? err->code : PK_ENOMEM;
	normalize_ip(h->ip, ip, sizeof(ip));
	key = counted_key(s, day, ip, ua, f->key);
	if (pk_stats_set_has(&s->counted, key))
		return PK_STATS_IGNORED;
	r = pk_stats_salt(s, day, salt, err);
	if (r != 0)
		return r;
	listener_hash(salt, ip, ua, listener);
	/* Whether the database already has this download (another run, a
	 * restart) is asked only by the insert at the end: ranges of a
	 * counted listener are harmless rows until then. */
	need = h->need > 0 ? h->need : f->need > 0 ? f->need : DEFAULT_NEED;
	if (h->size > 0 && need > h->size)
		need = h->size;
	/* A 200 starts at byte 0: what it sent is a known range. */
	if (h->status == 200 && first < 0 && h->sent >= 0) {
		first = 0;
		last = h->sent - 1;
	}
	if (h->status == 200 &&
	    (first < 0 || last - first + 1 >= need ||
	     (h->size > 0 && first == 0 && last + 1 >= h->size)))
		goto count;
	if (first >= 0)
		r = add_range(s, day, listener, f->key, first, last);
	else
		r = add_range(s, day, listener, f->key, -1 - now, h->sent);
	if (r < 0)
		return pk_stats_db_error(err, s->db, "ranges");
	got = received(s, day, listener, f->key);
	if (got < 0)
		return pk_stats_db_error(err, s->db, "ranges");
	if (got < need)
		return PK_STATS_IGNORED;
count:
	r = insert_download(s, day, now, f->key, listener, c);
	if (r < 0)
		return pk_stats_db_error(err, s->db, "insert");
	pk_stats_set_add(&s->counted, key);
	return r ? PK_STATS_COUNTED : PK_STATS_IGNORED;
}

int pk_stats_record(struct pk_stats *s, const struct pk_ua_rules *rules,
		    const struct pk_stats_hit *h, struct pk_error *err)
{
	struct pk_ua_class c;
	int64_t now;
	int r;

	if (!may_count(h))
		return PK_STATS_IGNORED;
	classify(rules, h->ua, &c);
	/* IAB Tech Lab's watchOS guidance: a Watch's downloads are automatic
	 * copies of what the paired iPhone fetched, so none count. */
	if (c.kind != PK_UA_LISTENER || c.watch)
		return PK_STATS_IGNORED;
	now = h->now ? h->now : pk_stats_now();
	pthread_mutex_lock(&s->lock);
	if (s->batch) {
		r = record_locked(s, h, &c, now, err);
		goto out;
	}
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		r = pk_stats_db_error(err, s->db, "begin");
		goto out;
	}
	r = record_locked(s, h, &c, now, err);
	if (r < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	} else if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) !=
		   SQLITE_OK) {
		r = pk_stats_db_error(err, s->db, "commit");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	if (r < 0) {
		/* Memory may now know more than the database. */
		memset(s->salts, 0, sizeof(s->salts));
		pk_stats_set_clear(&s->counted);
	}
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}
