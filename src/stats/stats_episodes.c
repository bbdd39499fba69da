/* stats_episodes.c: which episode a requested file belongs to. Every
 * enclosure file name a feed has used is kept with its episode's guid, so
 * a re-encode (a new content-addressed name) or an analytics prefix never
 * splits an episode's downloads. */
#include "stats/stats_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/xmlreader.h>

#include "base/mime_int.h"

/* The in-memory map is emptied past this many paths (memory stays flat
 * under a log of random paths). */
#define FILES_MAX 65536
/* The build names an encoded file SLUG-HASH.EXT with 16 hex digits of
 * its content's hash. */
#define HASH_DIGITS 16

void pk_stats_files_clear(struct stats_files *f)
{
	size_t i;

	for (i = 0; i < f->cap; i++)
		if (f->v[i].hash) {
			free(f->v[i].path);
			free(f->v[i].key);
		}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The path as an episode key: no scheme and host, no leading '/', no
 * query or fragment, %XX decoded. A malloc'd string. */
static char *clean_path(const char *p)
{
	const char *end, *scheme = strstr(p, "://");
	char *out, *o;

	if (scheme && scheme < p + 10) {
		p = strchr(scheme + 3, '/');
		if (!p)
			p = "";
	}
	while (*p == '/')
		p++;
	end = p + strcspn(p, "?#");
	out = malloc((size_t)(end - p) + 1);
	if (!out)
		return NULL;
	for (o = out; p < end; p++) {
		if (*p == '%' && p + 2 < end + 0 + 1 && hexval(p[1]) >= 0 &&
		    hexval(p[2]) >= 0) {
			int c = hexval(p[1]) * 16 + hexval(p[2]);

			if (c > 0) {
				*o++ = (char)c;
				p += 2;
				continue;
			}
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The name without its extension and content hash: "001-a-0123...ef.mp3"
 * -> "001-a". Written into out. */
static void stem_of(const char *name, char *out, size_t size)
{
	const char *dot = strrchr(name, '.');
	size_t n = dot ? (size_t)(dot - name) : strlen(name), i;
	int hashed = n > HASH_DIGITS + 1 && name[n - HASH_DIGITS - 1] == '-';

	for (i = n - HASH_DIGITS; hashed && i < n; i++)
		if (hexval((unsigned char)name[i]) < 0 ||
		    isupper((unsigned char)name[i]))
			hashed = 0;
	if (hashed)
		n -= HASH_DIGITS + 1;
	snprintf(out, size, "%.*s", (int)n, name);
}

static uint64_t path_hash(const char *p)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h | 1;
}

/* Looks the name, then its stem, up in the files table: sets *key to a
 * malloc'd guid and *need, or leaves *key NULL. -1 on failure. */
static int lookup(struct pk_stats *s, const char *name, char **key,
		  int64_t *need)
{
	char stem[512];
	enum stats_stmt q[2] = {ST_FILE_GET, ST_FILE_STEM};
	int i, r;

	*key = NULL;
	*need = 0;
	stem_of(name, stem, sizeof(stem));
	for (i = 0; i < 2; i++) {
		sqlite3_stmt *st = pk_stats_stmt(s, q[i]);

		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, i ? stem : name, -1, SQLITE_STATIC);
		r = sqlite3_step(st);
		if (r == SQLITE_ROW) {
			*key = strdup((const char *)sqlite3_column_text(st, 0));
			*need = sqlite3_column_int64(st, 1);
			sqlite3_reset(st);
			return *key ? 0 : -1;
		}
		sqlite3_reset(st);
		if (r != SQLITE_DONE)
			return -1;
	}
	return 0;
}

static int files_put(struct stats_files *f, struct stats_file *e)
{
	size_t i;

	if (f->n >= FILES_MAX)
		pk_stats_files_clear(f);
	if ((f->n + 1) * 2 > f->cap) {
		struct stats_files g = {0};
		size_t j;

		g.cap = f->cap ? f->cap * 2 : 256;
		g.v = calloc(g.cap, sizeof(*g.v));
		if (!g.v)
			return -1;
		for (j = 0; j < f->cap; j++)
			if (f->v[j].hash) {
				for (i = f->v[j].hash & (g.cap - 1);
				     g.v[i].hash; i = (i + 1) & (g.cap - 1))
					;
				g.v[i] = f->v[j];
			}
		free(f->v);
		*f = g;
	}
	for (i = e->hash & (f->cap - 1); f->v[i].hash;
	     i = (i + 1) & (f->cap - 1))
		;
	f->v[i] = *e;
	f->n++;
	return (int)i;
}

const struct stats_file *pk_stats_file_of(struct pk_stats *s, const char *path,
					  struct pk_error *err)
{
	struct stats_file e;
	uint64_t h = path_hash(path ? path : "");
	size_t i;
	int at;

	if (!path)
		path = "";
	if (s->files.cap)
		for (i = h & (s->files.cap - 1); s->files.v[i].hash;
		     i = (i + 1) & (s->files.cap - 1))
			if (s->files.v[i].hash == h &&
			    strcmp(s->files.v[i].path, path) == 0)
				return &s->files.v[i];
	memset(&e, 0, sizeof(e));
	e.hash = h;
	e.path = strdup(path);
	e.key = clean_path(path);
	if (!e.path || !e.key)
		goto oom;
	{
		char *guid = NULL;

		if (lookup(s, base_name(e.key), &guid, &e.need) != 0) {
			free(e.path);
			free(e.key);
			pk_stats_db_error(err, s->db, "files");
			return NULL;
		}
		if (guid) {
			free(e.key);
			e.key = guid;
		}
	}
	at = files_put(&s->files, &e);
	if (at < 0)
		goto oom;
	return &s->files.v[at];
oom:
	free(e.path);
	free(e.key);
	pk_error_set(err, PK_ENOMEM, "out of memory");
	return NULL;
}

int pk_stats_is_media(struct pk_stats *s, const char *path)
{
	const struct pk_mime *m;
	const struct stats_file *f;
	char *clean = clean_path(path);
	int yes = 0;

	if (!clean)
		return 0;
	m = pk_mime_by_name(clean);
	if (m && (strncmp(m->type, "audio/", 6) == 0 ||
		  strncmp(m->type, "video/", 6) == 0))
		yes = 1;
	free(clean);
	if (yes)
		return 1;
	pthread_mutex_lock(&s->lock);
	f = pk_stats_file_of(s, path, NULL);
	yes = f && strcmp(f->key, f->path + strspn(f->path, "/")) != 0;
	pthread_mutex_unlock(&s->lock);
	return yes;
}

/* ---- Learning a feed ---- */

struct item {
	char *guid, *title, *url;
	int64_t length;
	double duration;
};

static void item_clear(struct item *it)
{
	free(it->guid);
	free(it->title);
	free(it->url);
	memset(it, 0, sizeof(*it));
}

/* "1:02:03", "62:03" or "3723" as seconds; 0 when it does not parse. */
static double parse_duration(const char *t)
{
	double v = 0, part;
	char *end;

	while (*t) {
		part = strtod(t, &end);
		if (end == t)
			return 0;
		v = v * 60 + part;
		t = end;
		if (*t == ':')
			t++;
		else if (*t)
			return 0;
	}
	return v;
}

/* The bytes that make a download of the enclosure: measured on its file
 * under media_dir when there, else estimated from length and duration. */
static int64_t need_of(const struct item *it, const char *media_dir)
{
	char *rel = clean_path(it->url), *p;
	int64_t need = 0;

	if (!rel)
		return 0;
	for (p = rel; media_dir && p && *p;
	     p = strchr(p, '/'), p = p ? p + 1 : p) {
		char *full = malloc(strlen(media_dir) + strlen(p) + 2);
		struct stat st;

		if (!full)
			break;
		sprintf(full, "%s/%s", media_dir, p);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
			need = pk_stats_need(full, (int64_t)st.st_size);
			free(full);
			break;
		}
		free(full);
	}
	free(rel);
	if (need <= 0 && it->length > 0 && it->duration >= 1) {
		need = (int64_t)((double)it->length * 60 / it->duration);
		if (need > it->length)
			need = it->length;
	}
	return need;
}

/* Runs q with the file name as ?1 and guid (may be NULL) as ?2; 1 when
 * it succeeded. */
static int rekey(struct pk_stats *s, const char *q, const char *name,
		 const char *guid)
{
	sqlite3_stmt *st;
	int ok;

	if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (guid)
		sqlite3_bind_text(st, 2, guid, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

/* A download's key that is a path ending in the file name ?1. */
#define PATH_IS_FILE                                                           \
	"(episode = ?1 OR substr(episode, -length(?1) - 1) = '/' || ?1)"
static const char q_rekey[] =
    "UPDATE OR IGNORE downloads SET episode = ?2 WHERE " PATH_IS_FILE;
static const char q_drop[] = "DELETE FROM downloads WHERE " PATH_IS_FILE;

static int store_item(struct pk_stats *s, const struct item *it,
		      const char *media_dir)
{
	static const char q_ep[] =
	    "INSERT INTO episodes VALUES(?, ?) ON CONFLICT(guid)"
	    " DO UPDATE SET title = excluded.title";
	static const char q_file[] =
	    "INSERT INTO files VALUES(?, ?, ?, ?) ON CONFLICT(path)"
	    " DO UPDATE SET guid = excluded.guid, need = CASE WHEN"
	    " excluded.need > 0 THEN excluded.need ELSE files.need END";
	const char *guid = it->guid && *it->guid ? it->guid : it->url;
	char *rel, stem[512];
	sqlite3_stmt *st = NULL;
	int ok;

	if (!it->url || !guid)
		return 0;
	rel = clean_path(it->url);
	if (!rel)
		return -1;
	stem_of(base_name(rel), stem, sizeof(stem));
	ok = sqlite3_prepare_v2(s->db, q_ep, -1, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_text(st, 1, guid, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, it->title ? it->title : guid, -1,
				  SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (ok)
		ok = sqlite3_prepare_v2(s->db, q_file, -1, &st, NULL) ==
		     SQLITE_OK;
	if (ok) {
		sqlite3_bind_text(st, 1, base_name(rel), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, stem, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, guid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, need_of(it, media_dir));
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* Downloads counted under the file's path before a feed named it
	 * move to the guid (a listener counted under both stays one). */
	if (ok)
		ok = sqlite3_exec(s->db, "SAVEPOINT rekey", NULL, NULL, NULL) ==
		     SQLITE_OK;
	if (ok)
		ok = rekey(s, q_rekey, base_name(rel), guid) &&
		     rekey(s, q_drop, base_name(rel), NULL) &&
		     sqlite3_exec(s->db, "RELEASE rekey", NULL, NULL, NULL) ==
			 SQLITE_OK;
	free(rel);
	return ok ? 0 : -1;
}

static char *node_text(xmlTextReaderPtr r)
{
	xmlChar *t = xmlTextReaderReadString(r);
	char *s = t ? strdup((const char *)t) : NULL;
	char *b, *e;

	xmlFree(t);
	if (!s)
		return NULL;
	for (b = s; isspace((unsigned char)*b); b++)
		;
	for (e = b + strlen(b); e > b && isspace((unsigned char)e[-1]); e--)
		;
	*e = '\0';
	memmove(s, b, (size_t)(e - b) + 1);
	return s;
}

static char *attr(xmlTextReaderPtr r, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	char *s = v ? strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

int pk_stats_learn_feed(struct pk_stats *s, const char *feed_path,
			const char *media_dir, int *items, struct pk_error *err)
{
	xmlTextReaderPtr r;
	struct item it;
	int ret, in_item = 0, n = 0, rc = 0;

	if (items)
		*items = 0;
	r = xmlReaderForFile(feed_path, NULL,
			     XML_PARSE_NONET | XML_PARSE_NOERROR |
				 XML_PARSE_NOWARNING);
	if (!r)
		return pk_error_set(err, PK_EIO, "%s: cannot read the feed",
				    feed_path);
	memset(&it, 0, sizeof(it));
	pthread_mutex_lock(&s->lock);
	sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	while ((ret = xmlTextReaderRead(r)) == 1) {
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		const char *ns =
		    (const char *)xmlTextReaderConstNamespaceUri(r);
		int type = xmlTextReaderNodeType(r);

		if (!name)
			continue;
		if (type == XML_READER_TYPE_END_ELEMENT && !ns &&
		    strcmp(name, "item") == 0) {
			if (store_item(s, &it, media_dir) != 0) {
				rc = pk_stats_db_error(err, s->db, "files");
				break;
			}
			item_clear(&it);
			in_item = 0;
			n++;
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (!ns && strcmp(name, "item") == 0) {
			item_clear(&it);
			in_item = 1;
		} else if (!in_item) {
			continue;
		} else if (!ns && strcmp(name, "guid") == 0 && !it.guid) {
			it.guid = node_text(r);
		} else if (!ns && strcmp(name, "title") == 0 && !it.title) {
			it.title = node_text(r);
		} else if (!ns && strcmp(name, "enclosure") == 0 && !it.url) {
			char *len = attr(r, "length");

			it.url = attr(r, "url");
			it.length = len ? strtoll(len, NULL, 10) : 0;
			free(len);
		} else if (ns && strstr(ns, "itunes") &&
			   strcmp(name, "duration") == 0) {
			char *d = node_text(r);

			it.duration = d ? parse_duration(d) : 0;
			free(d);
		}
	}
	if (ret < 0 && !rc)
		rc = pk_error_set(err, PK_EINVAL, "%s: not a well-formed feed",
				  feed_path);
	sqlite3_exec(s->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	pk_stats_files_clear(&s->files);
	pthread_mutex_unlock(&s->lock);
	item_clear(&it);
	xmlFreeTextReader(r);
	if (items)
		*items = n;
	return rc;
}
