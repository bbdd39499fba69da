/* test_stats.c: the download counting rules, straight on the library. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <sqlite3.h>

#include "podkit/fsio.h"
#include "podkit/stats.h"

#define DAY1 1767607200 /* 2026-01-05T10:00:00Z */
#define APP "AppleCoreMedia/1.0.0.20G75 (iPhone; U; CPU OS 16_6)"

static struct pk_stats *db;

static int hit(const char *ip, const char *ua, const char *ep, int status,
	       int64_t first, int64_t last, int64_t now)
{
	struct pk_stats_hit h;
	struct pk_error err = {0};

	memset(&h, 0, sizeof(h));
	h.ip = ip;
	h.ua = ua;
	h.episode = ep;
	h.status = status;
	h.first = first;
	h.last = last;
	h.size = 10000000;
	h.need = 1000000;
	h.now = now;
	return pk_stats_record(db, NULL, &h, &err);
}

/* A database as podkit wrote it before listeners were 16-byte blobs:
 * listeners as 64 hex digits in rowid tables with UNIQUE indexes. On
 * 2026-01-05 (salt: 32 bytes of 7), 192.0.2.7 with APP downloaded a.mp3,
 * and 192.0.2.9 with APP received bytes 0-599999 of it. */
static void write_old_db(const char *path)
{
	static const char old[] =
	    "CREATE TABLE salts(day TEXT PRIMARY KEY, salt BLOB);"
	    "CREATE TABLE downloads(day TEXT NOT NULL, ts INTEGER NOT NULL,"
	    " episode TEXT NOT NULL, listener TEXT NOT NULL, app TEXT NOT NULL,"
	    " UNIQUE(day, listener, episode));"
	    "ALTER TABLE downloads ADD COLUMN platform TEXT NOT NULL"
	    " DEFAULT 'Unknown';"
	    "CREATE TABLE ranges(day TEXT NOT NULL, listener TEXT NOT NULL,"
	    " episode TEXT NOT NULL, first INTEGER NOT NULL,"
	    " last INTEGER NOT NULL, UNIQUE(day, listener, episode, first,"
	    " last));"
	    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);";
	static const char *const ips[2] = {"192.0.2.7", "192.0.2.9"};
	unsigned char salt[32], md[32];
	char hex[2][65], q[512];
	unsigned int mdlen;
	sqlite3 *sq;
	int i, j;

	memset(salt, 7, sizeof(salt));
	for (i = 0; i < 2; i++) {
		EVP_MD_CTX *ctx = EVP_MD_CTX_new();

		EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
		EVP_DigestUpdate(ctx, salt, 32);
		EVP_DigestUpdate(ctx, ips[i], strlen(ips[i]) + 1);
		EVP_DigestUpdate(ctx, APP, strlen(APP) + 1);
		EVP_DigestFinal_ex(ctx, md, &mdlen);
		EVP_MD_CTX_free(ctx);
		for (j = 0; j < 32; j++)
			snprintf(hex[i] + 2 * j, 3, "%02x", md[j]);
	}
	CHECK(sqlite3_open(path, &sq) == SQLITE_OK);
	CHECK(sqlite3_exec(sq, old, NULL, NULL, NULL) == SQLITE_OK);
	snprintf(q, sizeof(q),
		 "INSERT INTO salts VALUES('2026-01-05', x'%s');"
		 "INSERT INTO downloads VALUES('2026-01-05', %d, 'a.mp3',"
		 " '%s', 'Apple Podcasts', 'iOS');"
		 "INSERT INTO ranges VALUES('2026-01-05', '%s', 'a.mp3', 0,"
		 " 599999);",
		 "0707070707070707070707070707070707070707070707070707070707070707",
		 DAY1, hex[0], hex[1]);
	CHECK(sqlite3_exec(sq, q, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(sq);
}

/* The first value of a query on path, as text ("" when none). */
static void query(const char *path, const char *q, char *out, size_t size)
{
	sqlite3 *sq;
	sqlite3_stmt *st;

	out[0] = '\0';
	CHECK(sqlite3_open(path, &sq) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(sq, q, -1, &st, NULL) == SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(sq);
}

static int64_t sum;
static int add(const struct pk_stats_row *r, void *arg)
{
	(void)arg;
	sum += r->downloads;
	return 0;
}

static int64_t total(void)
{
	sum = 0;
	pk_stats_each(db, NULL, add, NULL, NULL);
	return sum;
}

int main(void)
{
	char dir[] = "/tmp/podkit-stats-XXXXXX", *path, *data = NULL;
	char cmd[512];
	struct pk_error err = {0};
	size_t len = 0;

	CHECK(mkdtemp(dir) != NULL);
	path = pk_path_join(dir, "s.sqlite");
	CHECK_INT(pk_stats_open(path, 0, &db, &err), 0);

	CHECK_INT(hit("2001:db8:1:2:aaaa::1", APP, "a.mp3", 200, 0, 9999999,
		      DAY1), PK_STATS_COUNTED);
	/* Same /64, other interface id: the same listener. */
	CHECK_INT(hit("2001:db8:1:2:bbbb::7", APP, "a.mp3", 200, 0, 9999999,
		      DAY1 + 60), PK_STATS_IGNORED);
	/* Another /64 is another listener. */
	CHECK_INT(hit("2001:db8:1:3::1", APP, "a.mp3", 200, 0, 9999999,
		      DAY1), PK_STATS_COUNTED);
	/* IPv4 and its IPv4-mapped IPv6 form are one address. */
	CHECK_INT(hit("192.0.2.7", APP, "a.mp3", 200, 0, 9999999, DAY1),
		  PK_STATS_COUNTED);
	CHECK_INT(hit("::ffff:192.0.2.7", APP, "a.mp3", 200, 0, 9999999,
		      DAY1), PK_STATS_IGNORED);
	/* Another episode is another download. */
	CHECK_INT(hit("192.0.2.7", APP, "b.mp3", 200, 0, 9999999, DAY1),
		  PK_STATS_COUNTED);
	/* Probes, HEAD-like statuses. */
	CHECK_INT(hit("192.0.2.8", APP, "a.mp3", 206, 0, 1, DAY1),
		  PK_STATS_IGNORED);
	CHECK_INT(hit("192.0.2.8", APP, "a.mp3", 304, 0, 0, DAY1),
		  PK_STATS_IGNORED);
	/* Overlapping ranges count their union once: 0-599999 twice is
	 * 600000 bytes, not 1.2 MB. */
	CHECK_INT(hit("192.0.2.9", APP, "a.mp3", 206, 0, 599999, DAY1),
		  PK_STATS_IGNORED);
	CHECK_INT(hit("192.0.2.9", APP, "a.mp3", 206, 0, 599999, DAY1),
		  PK_STATS_IGNORED);
	CHECK_INT(hit("192.0.2.9", APP, "a.mp3", 206, 500000, 999998, DAY1),
		  PK_STATS_IGNORED);
	CHECK_INT(hit("192.0.2.9", APP, "a.mp3", 206, 999999, 999999, DAY1),
		  PK_STATS_IGNORED); /* one byte: a probe, not counted */
	CHECK_INT(hit("192.0.2.9", APP, "a.mp3", 206, 999999, 1000001, DAY1),
		  PK_STATS_COUNTED);
	/* A Watch's copy never counts (before or after its phone's). */
	CHECK_INT(hit("192.0.2.10", "atc/1.0 watchOS/9.5 model/Watch6,1",
		      "a.mp3", 200, 0, 9999999, DAY1), PK_STATS_IGNORED);
	CHECK_INT(hit("192.0.2.10", APP, "a.mp3", 200, 0, 9999999, DAY1),
		  PK_STATS_COUNTED);
	CHECK_INT(hit("192.0.2.10", "AppleCoreMedia/1.0.0.20T562 (Apple "
		      "Watch; U; CPU OS 9_5 like Mac OS X; en_us)",
		      "a.mp3", 200, 0, 9999999, DAY1), PK_STATS_IGNORED);
	/* Bots and malformed agents. */
	CHECK_INT(hit("192.0.2.11", "", "a.mp3", 200, 0, 9999999, DAY1),
		  PK_STATS_IGNORED);
	CHECK_INT(hit("192.0.2.11", NULL, "a.mp3", 200, 0, 9999999, DAY1),
		  PK_STATS_IGNORED);
	CHECK_INT(total(), 6);
	/* The calendar day is UTC: 23:59:59 is still the same day. */
	CHECK_INT(hit("192.0.2.7", APP, "a.mp3", 200, 0, 9999999,
		      DAY1 - 36000 + 86399), PK_STATS_IGNORED);
	CHECK_INT(hit("192.0.2.7", APP, "a.mp3", 200, 0, 9999999,
		      DAY1 - 36000 + 86400), PK_STATS_COUNTED);
	CHECK_INT(total(), 7);
	pk_stats_close(db);

	/* Reopened: the database is the truth. */
	CHECK_INT(pk_stats_open(path, 0, &db, &err), 0);
	CHECK_INT(hit("192.0.2.7", APP, "a.mp3", 200, 0, 9999999,
		      DAY1 + 86400), PK_STATS_IGNORED);
	CHECK_INT(total(), 7);
	pk_stats_close(db);

	/* The window of open days: by default today only, so a request of
	 * a day whose salt was rotated away is refused, not counted again
	 * under a new salt; a wider window later does not reopen it. */
	CHECK_INT(pk_stats_open(path, 0, &db, &err), 0);
	CHECK_INT(hit("192.0.2.20", APP, "a.mp3", 200, 0, 9999999,
		      DAY1 + 3 * 86400), PK_STATS_COUNTED);
	CHECK_INT(hit("192.0.2.20", APP, "a.mp3", 200, 0, 9999999,
		      DAY1 + 2 * 86400), PK_STATS_TOO_OLD);
	pk_stats_set_salt_days(db, 30);
	CHECK_INT(hit("192.0.2.21", APP, "a.mp3", 200, 0, 9999999,
		      DAY1 + 2 * 86400), PK_STATS_TOO_OLD);
	/* A window of two days takes a line a day late. */
	CHECK_INT(hit("192.0.2.22", APP, "a.mp3", 200, 0, 9999999,
		      DAY1 + 5 * 86400), PK_STATS_COUNTED);
	pk_stats_set_salt_days(db, 2);
	CHECK_INT(hit("192.0.2.22", APP, "a.mp3", 200, 0, 9999999,
		      DAY1 + 4 * 86400), PK_STATS_COUNTED);
	CHECK_INT(total(), 10);
	/* A batch rolled back leaves nothing; committed, it counts. */
	CHECK_INT(pk_stats_begin(db, &err), 0);
	CHECK_INT(hit("192.0.2.23", APP, "a.mp3", 200, 0, 9999999,
		      DAY1 + 5 * 86400), PK_STATS_COUNTED);
	pk_stats_rollback(db);
	CHECK_INT(total(), 10);
	CHECK_INT(pk_stats_begin(db, &err), 0);
	CHECK_INT(hit("192.0.2.23", APP, "a.mp3", 200, 0, 9999999,
		      DAY1 + 5 * 86400), PK_STATS_COUNTED);
	CHECK_INT(pk_stats_commit(db, &err), 0);
	CHECK_INT(total(), 11);
	/* Bytes at unknown positions add up; the same line twice is one. */
	{
		struct pk_stats_hit h;

		memset(&h, 0, sizeof(h));
		h.ip = "192.0.2.24";
		h.ua = APP;
		h.episode = "/a.mp3?x=1";
		h.method = "GET";
		h.status = 206;
		h.first = h.last = -1;
		h.sent = 600000;
		h.need = 1000000;
		h.now = DAY1 + 5 * 86400;
		CHECK_INT(pk_stats_record(db, NULL, &h, &err),
			  PK_STATS_IGNORED);
		CHECK_INT(pk_stats_record(db, NULL, &h, &err),
			  PK_STATS_IGNORED);
		h.now++;
		CHECK_INT(pk_stats_record(db, NULL, &h, &err),
			  PK_STATS_COUNTED);
		/* HEAD and POST are never downloads. */
		h.ip = "192.0.2.25";
		h.status = 200;
		h.method = "HEAD";
		CHECK_INT(pk_stats_record(db, NULL, &h, &err),
			  PK_STATS_IGNORED);
		h.method = "POST";
		CHECK_INT(pk_stats_record(db, NULL, &h, &err),
			  PK_STATS_IGNORED);
	}
	CHECK_INT(total(), 12);
	pk_stats_close(db);

	/* No address on disk, in the database or its WAL. */
	snprintf(cmd, sizeof(cmd),
		 "cat %s/s.sqlite* | grep -a -c -e 192.0.2 -e 2001:db8 "
		 ">/dev/null", dir);
	CHECK(system(cmd) != 0);
	CHECK_INT(pk_read_file(path, 0, &data, &len, &err), 0);
	free(data);

	/* A database of the old format is migrated when opened: its
	 * listeners still match, its unfinished ranges still add up. */
	free(path);
	path = pk_path_join(dir, "old.sqlite");
	write_old_db(path);
	CHECK_INT(pk_stats_open(path, 0, &db, &err), 0);
	CHECK_INT(total(), 1);
	CHECK_INT(hit("192.0.2.7", APP, "a.mp3", 200, 0, 9999999, DAY1 + 60),
		  PK_STATS_IGNORED);
	CHECK_INT(hit("192.0.2.9", APP, "a.mp3", 206, 600000, 999999,
		      DAY1 + 60), PK_STATS_COUNTED);
	CHECK_INT(hit("192.0.2.12", APP, "a.mp3", 200, 0, 9999999, DAY1 + 60),
		  PK_STATS_COUNTED);
	CHECK_INT(total(), 3);
	pk_stats_close(db);
	{
		char v[64];

		query(path, "SELECT group_concat(DISTINCT typeof(listener) ||"
			    " length(listener)) FROM downloads", v, sizeof(v));
		CHECK_STR(v, "blob16");
		query(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE"
			    " '%_hex' OR sql LIKE '%listener TEXT%'",
		      v, sizeof(v));
		CHECK_STR(v, "0");
		query(path, "SELECT count(*) FROM ranges", v, sizeof(v));
		CHECK_STR(v, "0");
	}
	/* Opened again: nothing left to migrate, nothing lost. */
	CHECK_INT(pk_stats_open(path, 0, &db, &err), 0);
	CHECK_INT(total(), 3);
	pk_stats_close(db);

	/* PODKIT_NOW. */
	setenv("PODKIT_NOW", "2026-01-05T10:00:00Z", 1);
	CHECK_INT(pk_stats_now(), DAY1);
	setenv("PODKIT_NOW", "1767607200", 1);
	CHECK_INT(pk_stats_now(), DAY1);
	setenv("PODKIT_NOW", "2026-01-05", 1);
	CHECK_INT(pk_stats_now(), DAY1 - 36000);
	unsetenv("PODKIT_NOW");

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
	free(path);
	return harness_done();
}
