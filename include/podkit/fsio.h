/* fsio.h: files written atomically, files read whole, folders and paths.
 *
 * Every output podkit writes goes through pk_atomic: a temporary file in the
 * same folder, flushed, fsync'd and closed with every error checked, then
 * renamed over the target. A crash or a full disk never leaves half a file,
 * and the previous version stays until the new one is complete.
 */
#ifndef PODKIT_FSIO_H
#define PODKIT_FSIO_H

#include <stdint.h>
#include <stdio.h>

#include "podkit/error.h"

struct pk_atomic {
	FILE *fp;   /* write to this */
	char *path; /* the target (owned) */
	char *tmp;  /* the temporary beside it (owned) */
};

/* Opens a temporary file beside path for writing. On success the caller
 * must call pk_atomic_commit or pk_atomic_abort exactly once. mode is the
 * permission bits of the final file (0644 for most outputs). */
int pk_atomic_open(struct pk_atomic *a, const char *path, int mode,
		   struct pk_error *err);

/* Flushes, fsyncs and closes the temporary, then renames it over the
 * target. On any failure the temporary is removed, the target is left as it
 * was, and err names the file and the errno text. Frees a's memory. */
int pk_atomic_commit(struct pk_atomic *a, struct pk_error *err);

/* Closes and removes the temporary; the target is untouched. */
void pk_atomic_abort(struct pk_atomic *a);

/* Writes len bytes to path atomically (open + write + commit). */
int pk_write_atomic(const char *path, const void *data, size_t len, int mode,
		    struct pk_error *err);

/* As pk_write_atomic, but leaves path alone (not even its time) when it
 * already holds exactly these bytes, so a rebuild that changes nothing
 * writes nothing. *written (optional) gets 1 when it wrote. */
int pk_write_if_changed(const char *path, const void *data, size_t len,
			int mode, int *written, struct pk_error *err);

/* Starts writing what fp holds so far to the disk, without waiting, so
 * that the fsync committing the file later has little left to do (a feed
 * of thousands of items is megabytes). Only for regular files; errors are
 * left to the fsync to report. */
void pk_fp_writeback(FILE *fp);

/* Reads a whole file into a malloc'd, NUL-terminated buffer the caller
 * frees. *len (optional) gets the byte count without the NUL. Files larger
 * than max bytes (0: no limit) are refused with PK_EINVAL. */
int pk_read_file(const char *path, size_t max, char **data, size_t *len,
		 struct pk_error *err);

/* Creates path and its missing parents (mode 0755). */
int pk_mkdir_p(const char *path, struct pk_error *err);

/* Creates the folder that holds path (and its missing parents), so a file
 * can be written there; nothing when path has no folder part. */
int pk_mkdir_parent(const char *path, struct pk_error *err);

/* Whether a file name is one of podkit's temporaries (pk_atomic_open's
 * "NAME.tmp.XXXXXX", the encoder's "NAME.tmp-XXXXXX", the tagger's
 * "NAME.podkit-tmp.EXT"): never published, never kept. */
int pk_is_temp_name(const char *name);

/* Removes the temporaries (pk_is_temp_name) that a killed run left in
 * the output folder dir and the subfolders podkit writes (audio, images,
 * episodes, transcripts, chapters, video), nowhere deeper and without
 * following links; *removed (may be NULL) says how many.
 * Returns 0 (also when dir does not exist), PK_EIO or PK_ENOMEM. Not for
 * a folder another podkit is writing at the same time. */
int pk_remove_stale_temps(const char *dir, size_t *removed,
			  struct pk_error *err);

/* "a/b" from a and b; a trailing slash on a is not doubled. Returns a
 * malloc'd string the caller frees, or NULL when out of memory. */
char *pk_path_join(const char *a, const char *b);

/* 1 when path names an existing regular file, else 0. */
int pk_is_file(const char *path);
/* 1 when path names an existing folder, else 0. */
int pk_is_dir(const char *path);

/* Size in bytes of a regular file, or a negative PK_E* code. */
int64_t pk_file_size(const char *path, struct pk_error *err);

/* SHA-256 of a file or a buffer as 64 lowercase hex digits + NUL. */
int pk_sha256_file(const char *path, char hex[65], struct pk_error *err);
void pk_sha256_hex(const void *data, size_t len, char hex[65]);

/* SHA-384 of a file in Subresource Integrity form, "sha384-" and 64
 * base64 characters + NUL (podcast:integrity). */
#define PK_SRI_SHA384 72
int pk_sha384_sri_file(const char *path, char sri[PK_SRI_SHA384],
		       struct pk_error *err);

/* Copies src to dst atomically (dst's folder must exist). */
int pk_copy_file(const char *src, const char *dst, struct pk_error *err);

#endif
