/* state.c: the build state file (JSON through jansson) and content keys
 * (SHA-256 through OpenSSL's EVP). */
#include "build/state_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "podkit/fsio.h"

#define STATE_VERSION 2

struct pk_state {
	pthread_mutex_t lock;
	char *dir;	 /* the folder the state describes (its outputs') */
	json_t *outputs; /* output name -> {"key": key, fields...} */
	json_t *files;   /* input path -> {size, mtime, sha256} */
	int dirty;
};

static struct pk_state *state_new(void)
{
	struct pk_state *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->outputs = json_object();
	s->files = json_object();
	if (!s->outputs || !s->files ||
	    pthread_mutex_init(&s->lock, NULL) != 0) {
		json_decref(s->outputs);
		json_decref(s->files);
		free(s);
		return NULL;
	}
	return s;
}

int pk_state_load(const char *path, struct pk_state **out,
		  const char **warning, struct pk_error *err)
{
	struct pk_state *s = state_new();
	json_t *root, *o, *f;
	json_error_t je;

	*out = NULL;
	if (warning)
		*warning = NULL;
	if (!s)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	{
		const char *slash = strrchr(path, '/');

		s->dir =
		    slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
		if (!s->dir) {
			pk_state_free(s);
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		}
	}
	if (!pk_is_file(path)) {
		*out = s;
		return 0;
	}
	root = json_load_file(path, 0, &je);
	o = json_object_get(root, "outputs");
	f = json_object_get(root, "files");
	if (!json_is_object(root) ||
	    json_integer_value(json_object_get(root, "version")) !=
		    STATE_VERSION ||
	    !json_is_object(o) || !json_is_object(f)) {
		/* A state we cannot trust is no state: rebuild it all. */
		if (warning)
			*warning = "the build state is unreadable or from "
				   "another version; rebuilding everything";
		s->dirty = 1;
	} else {
		json_decref(s->outputs);
		json_decref(s->files);
		s->outputs = json_incref(o);
		s->files = json_incref(f);
	}
	json_decref(root);
	*out = s;
	return 0;
}

void pk_state_free(struct pk_state *s)
{
	if (!s)
		return;
	json_decref(s->outputs);
	json_decref(s->files);
	pthread_mutex_destroy(&s->lock);
	free(s->dir);
	free(s);
}

/* Files up to this size are noted with their SHA-256 too: one touched
 * but unchanged (same size, another mtime) is then read, not remade. */
#define HASHED_MAX (16 << 20)

/* "SIZE MTIME" of a file, the fingerprint an output is recorded with;
 * 0, or -1 when it is not there. *size_out (may be NULL) gets its size. */
static int fingerprint(const char *path, char *buf, size_t size,
		       long long *size_out)
{
	struct stat st;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	snprintf(buf, size, "%lld %lld.%09ld", (long long)st.st_size,
		 (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	if (size_out)
		*size_out = (long long)st.st_size;
	return 0;
}

/* 1 when the file at path (fingerprint now) still holds what the noted
 * fingerprint want ("SIZE MTIME [SHA256]") says: the same size and mtime,
 * or the same size and content. */
static int same_file(const char *path, const char *now, const char *want)
{
	const char *sha = strrchr(want, ' ');
	size_t n = strcspn(now, " ");
	char hex[65];

	if (strncmp(now, want, strlen(now)) == 0 &&
	    (want[strlen(now)] == '\0' || want[strlen(now)] == ' '))
		return 1;
	if (strncmp(now, want, n) != 0 || want[n] != ' ' || !sha ||
	    strlen(sha + 1) != 64 || sha == strchr(want, ' '))
		return 0;
	return pk_sha256_file(path, hex, NULL) == 0 &&
	       strcmp(hex, sha + 1) == 0;
}

#define FILE_FIELD "file:"

/* Whether every file recorded with rec is still what was written: NULL,
 * or why not. Called with the lock held. */
static const char *files_why(struct pk_state *s, json_t *rec)
{
	const char *name, *want;
	char now[96];
	json_t *v;

	json_object_foreach(rec, name, v)
	{
		char *path;
		int r;

		if (strncmp(name, FILE_FIELD, strlen(FILE_FIELD)) != 0 ||
		    !(want = json_string_value(v)))
			continue;
		path = pk_path_join(s->dir, name + strlen(FILE_FIELD));
		if (!path)
			return "out of memory";
		r = fingerprint(path, now, sizeof(now), NULL);
		if (r) {
			free(path);
			return "output file missing";
		}
		r = same_file(path, now, want);
		free(path);
		if (!r)
			return "output file changed since it was written";
	}
	return NULL;
}

int pk_state_note_file(struct pk_state *s, const char *output, const char *rel)
{
	char name[1100], fp[160], hex[65];
	char *path = pk_path_join(s->dir, rel);
	long long size = 0;
	size_t len;
	int r;

	if (!path)
		return PK_ENOMEM;
	r = fingerprint(path, fp, sizeof(fp), &size);
	len = strlen(fp);
	if (!r && size <= HASHED_MAX && pk_sha256_file(path, hex, NULL) == 0)
		snprintf(fp + len, sizeof(fp) - len, " %s", hex);
	free(path);
	if (r)
		return 0; /* not there: the next build remakes it */
	snprintf(name, sizeof(name), FILE_FIELD "%s", rel);
	r = pk_state_set_field(s, output, name, fp);
	return r == PK_ENOENT ? 0 : r;
}

int pk_state_file_changed(struct pk_state *s, const char *output,
			  const char *rel)
{
	char name[1100], want[160], now[96];
	char *path = pk_path_join(s->dir, rel);
	int r;

	snprintf(name, sizeof(name), FILE_FIELD "%s", rel);
	if (!path || pk_state_field(s, output, name, want, sizeof(want)) ||
	    fingerprint(path, now, sizeof(now), NULL) != 0) {
		free(path);
		return 0;
	}
	r = !same_file(path, now, want);
	free(path);
	return r;
}

const char *pk_state_why(struct pk_state *s, const char *output,
			 const char *key, const char *out_file)
{
	const char *why = NULL, *have;
	json_t *rec;

	pthread_mutex_lock(&s->lock);
	rec = json_object_get(s->outputs, output);
	have = json_string_value(json_object_get(rec, "key"));
	if (!have)
		why = "new output";
	else if (strcmp(have, key) != 0)
		why = "inputs or settings changed";
	else
		/* The files, not the record: one truncated or replaced
		 * since the build wrote it is made again. */
		why = files_why(s, rec);
	pthread_mutex_unlock(&s->lock);
	if (!why && out_file && !pk_is_file(out_file))
		why = "output file missing";
	return why;
}

int pk_state_set(struct pk_state *s, const char *output, const char *key)
{
	json_t *rec;
	const char *have;
	int r = 0;

	pthread_mutex_lock(&s->lock);
	rec = json_object_get(s->outputs, output);
	have = json_string_value(json_object_get(rec, "key"));
	if (!have || strcmp(have, key) != 0) {
		/* A new key starts a new record: old fields are stale. */
		rec = json_pack("{s:s}", "key", key);
		if (!rec || json_object_set_new(s->outputs, output, rec))
			r = PK_ENOMEM;
		s->dirty = 1;
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

int pk_state_set_field(struct pk_state *s, const char *output,
		       const char *name, const char *value)
{
	json_t *rec;
	const char *have;
	int r = 0;

	if (strcmp(name, "key") == 0)
		return PK_EINVAL;
	pthread_mutex_lock(&s->lock);
	rec = json_object_get(s->outputs, output);
	have = json_string_value(json_object_get(rec, name));
	if (!rec) {
		r = PK_ENOENT;
	} else if (!have || strcmp(have, value) != 0) {
		if (json_object_set_new(rec, name, json_string(value)))
			r = PK_ENOMEM;
		s->dirty = 1;
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

int pk_state_field(struct pk_state *s, const char *output, const char *name,
		   char *buf, size_t size)
{
	const char *v;
	int r = 0;

	pthread_mutex_lock(&s->lock);
	v = json_string_value(
		json_object_get(json_object_get(s->outputs, output), name));
	if (!v || strlen(v) >= size)
		r = PK_ENOENT;
	else
		memcpy(buf, v, strlen(v) + 1);
	pthread_mutex_unlock(&s->lock);
	return r;
}

char *pk_state_field_dup(struct pk_state *s, const char *output,
			 const char *name)
{
	const char *v;
	char *copy = NULL;

	pthread_mutex_lock(&s->lock);
	v = json_string_value(
	    json_object_get(json_object_get(s->outputs, output), name));
	if (v)
		copy = strdup(v);
	pthread_mutex_unlock(&s->lock);
	return copy;
}

int pk_state_list(struct pk_state *s, const char *prefix, char ***names,
		  size_t *n)
{
	const char *name;
	size_t plen = strlen(prefix), k = 0;
	char **v;
	json_t *rec;
	int r = 0;

	pthread_mutex_lock(&s->lock);
	v = calloc(json_object_size(s->outputs) + 1, sizeof(*v));
	json_object_foreach(s->outputs, name, rec)
	{
		if (!v || strncmp(name, prefix, plen) != 0)
			continue;
		if (!(v[k] = strdup(name + plen))) {
			r = PK_ENOMEM;
			break;
		}
		k++;
	}
	pthread_mutex_unlock(&s->lock);
	if (!v || r) {
		while (v && k > 0)
			free(v[--k]);
		free(v);
		return PK_ENOMEM;
	}
	*names = v;
	*n = k;
	return 0;
}

void pk_state_forget(struct pk_state *s, const char *output)
{
	pthread_mutex_lock(&s->lock);
	if (json_object_del(s->outputs, output) == 0)
		s->dirty = 1;
	pthread_mutex_unlock(&s->lock);
}

void pk_state_retain(struct pk_state *s, const char *const *keep, size_t n)
{
	const char *name;
	json_t *v;
	void *tmp;
	size_t i;

	pthread_mutex_lock(&s->lock);
	json_object_foreach_safe(s->outputs, tmp, name, v) {
		for (i = 0; i < n; i++)
			if (strcmp(keep[i], name) == 0)
				break;
		if (i == n) {
			json_object_del(s->outputs, name);
			s->dirty = 1;
		}
	}
	pthread_mutex_unlock(&s->lock);
}

int pk_state_save(struct pk_state *s, const char *path, int *written,
		  struct pk_error *err)
{
	json_t *root;
	char *text = NULL;
	int r;

	if (written)
		*written = 0;
	pthread_mutex_lock(&s->lock);
	if (!s->dirty) {
		pthread_mutex_unlock(&s->lock);
		return 0;
	}
	root = json_pack("{s:i, s:O, s:O}", "version", STATE_VERSION,
			 "outputs", s->outputs, "files", s->files);
	if (root)
		text = json_dumps(root, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(root);
	pthread_mutex_unlock(&s->lock);
	if (!text)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = pk_write_atomic(path, text, strlen(text), 0644, err);
	free(text);
	if (r == 0) {
		s->dirty = 0;
		if (written)
			*written = 1;
	}
	return r;
}

int pk_state_file_hash(struct pk_state *s, const char *path, char hex[65],
		       struct pk_error *err)
{
	struct stat st;
	char mtime[64];
	json_t *e;
	const char *h;
	int r;

	if (stat(path, &st) != 0)
		return pk_error_errno(err, PK_EIO, "%s: cannot read", path);
	snprintf(mtime, sizeof(mtime), "%lld.%09ld",
		 (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	pthread_mutex_lock(&s->lock);
	e = json_object_get(s->files, path);
	h = json_string_value(json_object_get(e, "sha256"));
	if (h && strlen(h) == 64 &&
	    json_integer_value(json_object_get(e, "size")) ==
		    (json_int_t)st.st_size &&
	    json_string_value(json_object_get(e, "mtime")) &&
	    strcmp(json_string_value(json_object_get(e, "mtime")), mtime) ==
		    0) {
		memcpy(hex, h, 65);
		pthread_mutex_unlock(&s->lock);
		return 0;
	}
	pthread_mutex_unlock(&s->lock);
	r = pk_sha256_file(path, hex, err);
	if (r < 0)
		return r;
	e = json_pack("{s:I, s:s, s:s}", "size", (json_int_t)st.st_size,
		      "mtime", mtime, "sha256", hex);
	if (!e)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	pthread_mutex_lock(&s->lock);
	r = json_object_set_new(s->files, path, e) ? PK_ENOMEM : 0;
	s->dirty = 1;
	pthread_mutex_unlock(&s->lock);
	if (r < 0)
		return pk_error_set(err, r, "out of memory");
	return 0;
}

int pk_key_init(struct pk_key *k)
{
	k->oom = 0;
	k->ctx = EVP_MD_CTX_new();
	if (!k->ctx || EVP_DigestInit_ex(k->ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(k->ctx);
		k->ctx = NULL;
		return PK_ENOMEM;
	}
	return 0;
}

/* label, NUL, length, value: no two part lists hash alike. */
static void key_part(struct pk_key *k, const char *label, const void *v,
		     size_t n)
{
	char len[32];

	if (!k->ctx)
		return;
	snprintf(len, sizeof(len), "%zu:", n);
	if (EVP_DigestUpdate(k->ctx, label, strlen(label) + 1) != 1 ||
	    EVP_DigestUpdate(k->ctx, len, strlen(len)) != 1 ||
	    EVP_DigestUpdate(k->ctx, v, n) != 1)
		k->oom = 1;
}

void pk_key_str(struct pk_key *k, const char *label, const char *value)
{
	if (value)
		key_part(k, label, value, strlen(value));
	else
		key_part(k, label, "\xff(null)", 7);
}

void pk_key_num(struct pk_key *k, const char *label, double value)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.17g", value);
	key_part(k, label, buf, strlen(buf));
}

int pk_key_file(struct pk_key *k, struct pk_state *s, const char *label,
		const char *path, struct pk_error *err)
{
	char hex[65];
	int r = pk_state_file_hash(s, path, hex, err);

	if (r == 0)
		key_part(k, label, hex, 64);
	return r;
}

int pk_key_final(struct pk_key *k, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0, i;
	int r = 0;

	if (!k->ctx || k->oom || EVP_DigestFinal_ex(k->ctx, md, &n) != 1)
		r = PK_ENOMEM;
	for (i = 0; r == 0 && i < n && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	pk_key_abort(k);
	return r;
}

void pk_key_abort(struct pk_key *k)
{
	EVP_MD_CTX_free(k->ctx);
	k->ctx = NULL;
}
