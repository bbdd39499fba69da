/* publish_plan.c: the publish plan: the local files (size + SHA-256), the
 * remote state, what differs, the upload order, the types and caching. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>

#include "base/buf_int.h"
#include "base/mime_int.h"
#include "podkit/fsio.h"
#include "publish/publish_plan_int.h"

/* --- types and caching ------------------------------------------------ */

static const char *ext_of(const char *key)
{
	const char *slash = strrchr(key, '/');
	const char *dot = strrchr(key, '.');

	if (!dot || (slash && dot < slash))
		return "";
	return dot + 1;
}

/* The kinds of file publish knows, for caching; their types come from
 * base/mime.c. Any other file goes up as application/octet-stream. */
static const struct {
	const char *ext;
	enum pk_pub_class cls;
} classes[] = {
	{"mp3", PK_CLASS_AUDIO},	{"m4a", PK_CLASS_AUDIO},
	{"mp4", PK_CLASS_AUDIO},	{"aac", PK_CLASS_AUDIO},
	{"ogg", PK_CLASS_AUDIO},	{"opus", PK_CLASS_AUDIO},
	{"jpg", PK_CLASS_IMAGE},	{"jpeg", PK_CLASS_IMAGE},
	{"png", PK_CLASS_IMAGE},	{"webp", PK_CLASS_IMAGE},
	{"vtt", PK_CLASS_TRANSCRIPT},	{"srt", PK_CLASS_TRANSCRIPT},
	{"json", PK_CLASS_CHAPTERS},	{"html", PK_CLASS_PAGE},
	{"css", PK_CLASS_PAGE},		{"xml", PK_CLASS_PAGE},
	{"txt", PK_CLASS_PAGE},
};
#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

/* The index of a key's extension in classes[], or -1. */
static int class_of(const char *key)
{
	const char *e = ext_of(key);
	size_t i;

	for (i = 0; i < NCLASSES; i++)
		if (strcasecmp(e, classes[i].ext) == 0)
			return (int)i;
	return -1;
}

static int is_feed(const char *key)
{
	return strcmp(key, "feed.xml") == 0;
}

const char *pk_pub_content_type(const char *key)
{
	const struct pk_mime *m;
	int c;

	if (is_feed(key))
		return pk_mime_by_ext("rss")->type;
	if ((c = class_of(key)) < 0 || !(m = pk_mime_by_ext(classes[c].ext)))
		return "application/octet-stream";
	/* Pages and plain text go up labelled UTF-8; the other text types
	 * (CSS, XML, WebVTT) go up bare. */
	if (strcmp(m->type, "text/html") == 0 ||
	    strcmp(m->type, "text/plain") == 0)
		return m->charset;
	return m->type;
}

enum pk_pub_class pk_pub_classify(const char *key)
{
	int c;

	if (is_feed(key))
		return PK_CLASS_FEED;
	/* JSON transcripts live under transcripts/; other JSON is chapters. */
	if (strncmp(key, "transcripts/", 12) == 0)
		return PK_CLASS_TRANSCRIPT;
	c = class_of(key);
	return c < 0 ? PK_CLASS_PAGE : classes[c].cls;
}

/* A name that carries its content's hash: a run of 8+ hex digits between
 * '.', '-' or '_' separators ("001-intro.3f2a9c1b.mp3"). */
static int content_addressed(const char *key)
{
	const char *p = strrchr(key, '/');
	size_t run = 0;

	for (p = p ? p + 1 : key; *p; p++) {
		if (isxdigit((unsigned char)*p)) {
			run++;
			continue;
		}
		if (run >= 8 && (*p == '.' || *p == '-' || *p == '_'))
			return 1;
		run = 0;
	}
	return 0;
}

const char *pk_pub_cache_control(const char *key)
{
	enum pk_pub_class c = pk_pub_classify(key);

	if ((c == PK_CLASS_AUDIO || c == PK_CLASS_IMAGE) &&
	    content_addressed(key))
		return "public, max-age=31536000, immutable";
	if (c == PK_CLASS_FEED || c == PK_CLASS_PAGE)
		return "public, max-age=300";
	return "public, max-age=3600";
}

/* --- remote state ----------------------------------------------------- */

int pk_remote_add(struct pk_remote_state *s, const char *key, int64_t size,
		  const char *sha256, const char *etag)
{
	struct pk_remote_obj *o;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		void *v = realloc(s->v, cap * sizeof(*s->v));

		if (!v)
			return PK_ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	o = &s->v[s->n];
	memset(o, 0, sizeof(*o));
	if (!(o->key = strdup(key)))
		return PK_ENOMEM;
	o->size = size;
	if (sha256)
		snprintf(o->sha256, sizeof(o->sha256), "%s", sha256);
	if (etag)
		snprintf(o->etag, sizeof(o->etag), "%s", etag);
	s->n++;
	return 0;
}

struct pk_remote_obj *pk_remote_find(struct pk_remote_state *s,
				     const char *key)
{
	size_t i;

	/* Linear: called through pk_plan_index for the big lookups. */
	for (i = 0; i < s->n; i++)
		if (s->v[i].key && strcmp(s->v[i].key, key) == 0)
			return &s->v[i];
	return NULL;
}

void pk_remote_release(struct pk_remote_state *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int by_key(const void *a, const void *b)
{
	const struct pk_remote_obj *x = a, *y = b;

	return strcmp(x->key, y->key);
}

void pk_remote_sort(struct pk_remote_state *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), by_key);
}

struct pk_remote_obj *pk_remote_lookup(struct pk_remote_state *s,
				       const char *key)
{
	struct pk_remote_obj k = {0};

	if (!s->n)
		return NULL;
	k.key = (char *)key;
	return bsearch(&k, s->v, s->n, sizeof(*s->v), by_key);
}

/* --- the manifest ----------------------------------------------------- */

int pk_manifest_parse(const char *json, size_t len,
		      struct pk_remote_state *st, struct pk_error *err)
{
	json_error_t je;
	json_t *root = json_loadb(json, len, 0, &je), *files, *v;
	const char *key;
	int r = 0;

	if (!root)
		return pk_error_set(err, PK_EINVAL,
				    "%s:%d: remote manifest is not JSON: %s",
				    PK_MANIFEST_NAME, je.line, je.text);
	files = json_object_get(root, "files");
	if (!json_is_object(files)) {
		r = pk_error_set(err, PK_EINVAL,
				 "%s: remote manifest has no 'files'",
				 PK_MANIFEST_NAME);
		goto out;
	}
	json_object_foreach(files, key, v) {
		json_t *size = json_object_get(v, "size");
		json_t *sha = json_object_get(v, "sha256");

		if (!json_is_integer(size) || !json_is_string(sha))
			continue;
		if (pk_remote_add(st, key, json_integer_value(size),
				  json_string_value(sha), NULL) != 0) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
	}
out:
	json_decref(root);
	return r;
}

char *pk_manifest_format(const struct pk_remote_state *st)
{
	json_t *root = json_object(), *files = json_object();
	char *s = NULL;
	size_t i;

	if (!root || !files)
		goto out;
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "generator", json_string("podkit"));
	for (i = 0; i < st->n; i++) {
		json_t *o = json_object();

		if (!o)
			goto out;
		json_object_set_new(o, "size", json_integer(st->v[i].size));
		json_object_set_new(o, "sha256",
				    json_string(st->v[i].sha256));
		json_object_set_new(files, st->v[i].key, o);
	}
	json_object_set(root, "files", files);
	s = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
out:
	json_decref(files);
	json_decref(root);
	return s;
}

/* --- helpers shared by the targets ------------------------------------ */

char *pk_url_encode(const char *s, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = malloc(n * 3 + 1), *o = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '_' || c == '.' ||
		    c == '~' || (keep_slash && c == '/')) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

int pk_xfer_error(struct pk_error *err, const struct pk_xfer *x,
		  const char *what)
{
	const char *hint = "";
	int code = PK_ENET;

	if (x->status == 401 || x->status == 403 ||
	    x->cc == CURLE_LOGIN_DENIED) {
		hint = " (credentials refused: check the access key and "
		       "secret, user and password, or SSH key)";
		code = PK_EAUTH;
	} else if (x->cc == CURLE_PEER_FAILED_VERIFICATION ||
		   x->cc == CURLE_SSL_CACERT) {
		hint = " (the server's key or certificate does not match)";
		code = PK_EAUTH;
	} else if (x->status == 404) {
		hint = " (no such bucket or folder)";
	}
	/* S3 and WebDAV servers say why in the body: <Code> and <Message>. */
	if (x->body.data) {
		const char *c = strstr(x->body.data, "<Code>");
		const char *m = strstr(x->body.data, "<Message>");
		const char *ce = c ? strstr(c, "</Code>") : NULL;
		const char *me = m ? strstr(m, "</Message>") : NULL;

		if (c && ce)
			return pk_error_set(err, code,
					    "%s '%s': %s: %.*s%s%.*s%s", what,
					    x->label ? x->label : "", x->err, (int)(ce - c - 6), c + 6,
					    m && me ? ": " : "",
					    m && me ? (int)(me - m - 9) : 0,
					    m && me ? m + 9 : "", hint);
	}
	return pk_error_set(err, code, "%s '%s': %s%s", what,
			    x->label ? x->label : "", x->err, hint);
}

/* --- the local side --------------------------------------------------- */

struct hash_cache {
	json_t *root; /* key -> [size, mtime_ns, sha256] */
	int dirty;
};

static int scan_dir(struct pk_pub_plan *p, const char *root, const char *rel,
		    struct pk_error *err)
{
	char *dirpath = rel[0] ? pk_path_join(root, rel) : strdup(root);
	DIR *d = NULL;
	struct dirent *de;
	int r = 0;

	if (!dirpath)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	d = opendir(dirpath);
	if (!d) {
		r = pk_error_errno(err, PK_EIO, "'%s'", dirpath);
		goto out;
	}
	while ((de = readdir(d))) {
		char *krel = NULL, *path = NULL;
		struct stat st;

		/* Dot files are podkit's own state (.podkit-*), never
		 * published; nor are the temporaries of a running or
		 * killed build. */
		if (de->d_name[0] == '.' || pk_is_temp_name(de->d_name))
			continue;
		krel = rel[0] ? pk_path_join(rel, de->d_name)
			      : strdup(de->d_name);
		path = krel ? pk_path_join(root, krel) : NULL;
		if (!path) {
			free(krel);
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		if (stat(path, &st) != 0) {
			r = pk_error_errno(err, PK_EIO, "'%s'", path);
			free(krel);
			free(path);
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			free(path);
			r = scan_dir(p, root, krel, err);
			free(krel);
			if (r)
				goto out;
			continue;
		}
		if (!S_ISREG(st.st_mode) ||
		    (strcmp(krel, "README.md") == 0)) {
			free(krel);
			free(path);
			continue;
		}
		if (p->n == p->cap) {
			size_t cap = p->cap ? p->cap * 2 : 64;
			void *v = realloc(p->v, cap * sizeof(*p->v));

			if (!v) {
				free(krel);
				free(path);
				r = pk_error_set(err, PK_ENOMEM,
						 "out of memory");
				goto out;
			}
			p->v = v;
			p->cap = cap;
		}
		memset(&p->v[p->n], 0, sizeof(p->v[0]));
		p->v[p->n].f.key = krel;
		p->v[p->n].f.path = path;
		p->v[p->n].f.size = (int64_t)st.st_size;
		p->v[p->n].mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
				      st.st_mtim.tv_nsec;
		p->n++;
	}
out:
	if (d)
		closedir(d);
	free(dirpath);
	return r;
}

static int by_order(const void *a, const void *b)
{
	const struct pk_pub_file *x = a, *y = b;

	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	return strcmp(x->key, y->key);
}

int pk_plan_scan(struct pk_pub_plan *p, const char *outdir,
		 const char *statedir, struct pk_error *err)
{
	char *cache_path = pk_path_join(statedir, "hashes.json");
	json_t *cache = NULL;
	int dirty = 0, r;
	size_t i;

	memset(p, 0, sizeof(*p));
	if (!cache_path)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (!pk_is_dir(outdir)) {
		r = pk_error_set(err, PK_ENOENT,
				 "'%s': no such folder (run 'podkit build' "
				 "first)", outdir);
		goto out;
	}
	r = scan_dir(p, outdir, "", err);
	if (r)
		goto out;
	if (pk_is_file(cache_path))
		cache = json_load_file(cache_path, 0, NULL);
	if (!json_is_object(cache)) {
		json_decref(cache);
		cache = json_object();
	}
	/* Hashing is the cost of a no-op publish: a file whose size and
	 * mtime match the cache keeps its hash. */
	for (i = 0; i < p->n; i++) {
		struct pk_pub_file *f = &p->v[i].f;
		json_t *e = json_object_get(cache, f->key);

		f->cls = pk_pub_classify(f->key);
		f->content_type = pk_pub_content_type(f->key);
		f->cache_control = pk_pub_cache_control(f->key);
		if (json_is_array(e) && json_array_size(e) == 3 &&
		    json_integer_value(json_array_get(e, 0)) == f->size &&
		    json_integer_value(json_array_get(e, 1)) ==
			    p->v[i].mtime_ns &&
		    json_is_string(json_array_get(e, 2)) &&
		    strlen(json_string_value(json_array_get(e, 2))) == 64) {
			memcpy(f->sha256,
			       json_string_value(json_array_get(e, 2)), 65);
			continue;
		}
		r = pk_sha256_file(f->path, f->sha256, err);
		if (r)
			goto out;
		json_object_set_new(cache, f->key,
				    json_pack("[IIs]", (json_int_t)f->size,
					      (json_int_t)p->v[i].mtime_ns,
					      f->sha256));
		dirty = 1;
	}
	qsort(p->v, p->n, sizeof(p->v[0]), by_order);
	if (dirty && pk_mkdir_p(statedir, NULL) == 0) {
		char *s = json_dumps(cache, JSON_COMPACT | JSON_SORT_KEYS);

		/* The cache only saves time: failing to write it is not an
		 * error. */
		if (s)
			pk_write_atomic(cache_path, s, strlen(s), 0644, NULL);
		free(s);
	}
out:
	json_decref(cache);
	free(cache_path);
	return r;
}

void pk_plan_release(struct pk_pub_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].f.key);
		free(p->v[i].f.path);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

struct pk_pub_file *pk_plan_find(struct pk_pub_plan *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].f.key, key) == 0)
			return &p->v[i].f;
	return NULL;
}

void pk_plan_diff(struct pk_pub_plan *p, struct pk_remote_state *remote)
{
	size_t i;

	pk_remote_sort(remote);
	for (i = 0; i < p->n; i++) {
		struct pk_pub_file *f = &p->v[i].f;
		struct pk_remote_obj *o = pk_remote_lookup(remote, f->key);

		if (!o) {
			f->action = PK_PUB_UPLOAD;
			f->reason = "new";
		} else if (o->size != f->size ||
			   strcmp(o->sha256, f->sha256) != 0) {
			f->action = PK_PUB_UPLOAD;
			f->reason = "changed";
		} else {
			f->action = PK_PUB_SKIP;
			f->reason = "unchanged";
		}
	}
}
