/* state_int.h: the incremental build's memory: feed/.podkit-state.
 *
 * For each output the build writes (an encoded audio file, a tagged
 * file, notes, a chapters file, the feed), the state records a key: the
 * SHA-256 of everything that output depends on (the content of its input
 * files, the settings and metadata that shape it, podkit's own version).
 * A step computes the key before it runs; when the state holds the same
 * key and the output exists, the step is skipped. So a no-op build reads
 * metadata and hashes nothing but what changed, decodes no audio and
 * writes nothing (the state file is only rewritten when a key changed).
 *
 * Hashing a 100 MB recording on every build would cost more than the
 * build, so the state also remembers each input file's size, mtime and
 * SHA-256, and rehashes a file only when its size or mtime moved.
 *
 * The file is JSON (jansson), written atomically; a missing or unreadable
 * state means "nothing is known" and everything is rebuilt, never a
 * failure. Calls on one pk_state are safe from several threads (the
 * episodes of a build run in parallel).
 */
#ifndef PODKIT_STATE_H
#define PODKIT_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "podkit/error.h"

#define PK_STATE_FILE ".podkit-state"

struct pk_state;

/* Loads the state at path (missing or corrupt: an empty state, and
 * *warning, when not NULL, says why it was ignored: a static string or
 * NULL). Returns 0 or PK_ENOMEM; *out is freed with pk_state_free. */
int pk_state_load(const char *path, struct pk_state **out,
		  const char **warning, struct pk_error *err);
void pk_state_free(struct pk_state *s);

/* Why an output must be (re)made, or NULL when it is up to date: its
 * recorded key equals key, the file out_file (may be NULL: not checked)
 * exists, and every file noted with the record (pk_state_note_file) still
 * has the size and mtime it was written with. The reasons are static
 * strings: "new output", "inputs or settings changed", "output file
 * missing", "output file changed since it was written". */
const char *pk_state_why(struct pk_state *s, const char *output,
			 const char *key, const char *out_file);

/* Records output's key after it was made. Returns 0 or PK_ENOMEM. */
int pk_state_set(struct pk_state *s, const char *output, const char *key);

/* Small facts a skipped step must give back (an encoded file's length and
 * duration, its name): strings stored with output's record (which must
 * have been set). pk_state_field copies the value into buf and returns 0,
 * or PK_ENOENT when there is none. */
int pk_state_set_field(struct pk_state *s, const char *output,
		       const char *name, const char *value);
int pk_state_field(struct pk_state *s, const char *output, const char *name,
		   char *buf, size_t size);

/* Notes the file rel (relative to the state's folder) as one output's
 * file: its size and mtime now, which pk_state_why checks from then on.
 * Call it after pk_state_set (a new key starts a new record). A file
 * that is not there is not noted. Returns 0 or PK_ENOMEM. */
int pk_state_note_file(struct pk_state *s, const char *output, const char *rel);

/* 1 when rel was noted with output and is there with another size or
 * mtime (truncated, replaced by hand, overwritten by another command). */
int pk_state_file_changed(struct pk_state *s, const char *output,
			  const char *rel);

/* The same, for a value of any length: malloc'd, or NULL when there is
 * none (or out of memory). */
char *pk_state_field_dup(struct pk_state *s, const char *output,
			 const char *name);

/* The names of the outputs that start with prefix, the prefix taken off:
 * a malloc'd array of *n malloc'd strings (free each, then it). Returns 0
 * or PK_ENOMEM. */
int pk_state_list(struct pk_state *s, const char *prefix, char ***names,
		  size_t *n);

/* Forgets an output (it failed or was removed): the next build makes it
 * again. */
void pk_state_forget(struct pk_state *s, const char *output);

/* Outputs recorded in s but not in keep (an episode deleted from the
 * show) are dropped. */
void pk_state_retain(struct pk_state *s, const char *const *keep,
		     size_t n);

/* Writes the state to path atomically, only when something changed since
 * it was loaded (a no-op build writes nothing). *written (optional) gets
 * 1 when it wrote. */
int pk_state_save(struct pk_state *s, const char *path, int *written,
		  struct pk_error *err);

/* The SHA-256 of a file's content, from the state's cache when its size
 * and mtime are those recorded, else read and remembered. */
int pk_state_file_hash(struct pk_state *s, const char *path, char hex[65],
		       struct pk_error *err);

/* A key being built: labelled parts fed into SHA-256, so "a"+"bc" and
 * "ab"+"c" differ. The caller owns it; final releases it. */
struct pk_key {
	void *ctx; /* EVP_MD_CTX */
	int oom;
};

int pk_key_init(struct pk_key *k);
void pk_key_str(struct pk_key *k, const char *label, const char *value);
void pk_key_num(struct pk_key *k, const char *label, double value);
/* Adds the content hash of a file (through the state's cache). */
int pk_key_file(struct pk_key *k, struct pk_state *s, const char *label,
		const char *path, struct pk_error *err);
/* Writes the key as 64 hex digits + NUL and releases k. Returns 0 or
 * PK_ENOMEM (when an update failed). */
int pk_key_final(struct pk_key *k, char hex[65]);
/* Releases k without a result (on an error path). */
void pk_key_abort(struct pk_key *k);

#endif
