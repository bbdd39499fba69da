/* show_fields_int.h: typed readers for the values of
 * show.yaml and episode.md, each reporting a wrong value as FILE:LINE into
 * the diagnostics, plus the checks on URLs and paths they share. */
#ifndef PODKIT_SHOW_FIELDS_H
#define PODKIT_SHOW_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "podkit/diag.h"
#include "podkit/show.h"
#include "model/yaml_doc_int.h"

/* The file being read: where messages go and how many errors it had. */
struct pk_fctx {
	struct pk_diags *d;
	const char *file;
	struct pk_ydoc *y;
	size_t errors;
	int oom;
};

void pk_f_error(struct pk_fctx *c, const yaml_node_t *n, const char *fmt, ...)
    PK_PRINTF(3, 4);
void pk_f_warn(struct pk_fctx *c, const yaml_node_t *n, const char *fmt, ...)
    PK_PRINTF(3, 4);

/* strdup that notes running out of memory in c. */
char *pk_f_strdup(struct pk_fctx *c, const char *s);

/* Walks a mapping node: calls fn for each key (a string; other keys are
 * reported) with its value; a key given twice is reported and skipped.
 * Returns 0, or -1 when n is not a mapping (reported as `what`). */
typedef void (*pk_f_pair_fn)(struct pk_fctx *c, void *obj, const char *key,
			     yaml_node_t *k, yaml_node_t *v);
int pk_f_mapping(struct pk_fctx *c, yaml_node_t *n, const char *what, void *obj,
		 pk_f_pair_fn fn);

/* The readers. name is the key as messages show it ("owner.email"). A null
 * value reads as "not given": the target is left alone and 0 returned.
 * They return 1 when a value was stored, 0 when not given, -1 on a bad
 * value (reported). */
int pk_f_str(struct pk_fctx *c, const char *name, yaml_node_t *v, char **out);
int pk_f_url(struct pk_fctx *c, const char *name, yaml_node_t *v, char **out);
int pk_f_bool(struct pk_fctx *c, const char *name, yaml_node_t *v, int *out);
int pk_f_int(struct pk_fctx *c, const char *name, yaml_node_t *v, long min,
	     long max, long *out);
int pk_f_double(struct pk_fctx *c, const char *name, yaml_node_t *v, double min,
		double max, double *out);
/* A title: text of at most PK_F_TITLE_MAX bytes (a longer one is
 * reported). Returns as pk_f_str. */
#define PK_F_TITLE_MAX 4096
int pk_f_title(struct pk_fctx *c, yaml_node_t *v, char **out);
/* One string or a list of strings. */
int pk_f_strlist(struct pk_fctx *c, const char *name, yaml_node_t *v,
		 char ***out, size_t *n);
/* A list of {title, url} (url required). */
int pk_f_links(struct pk_fctx *c, const char *name, yaml_node_t *v,
	       struct pk_link **out, size_t *n);
/* A list of persons: maps {name, role, group, img, href} or, when
 * names_ok, plain names. role is filled with default_role when absent. */
int pk_f_persons(struct pk_fctx *c, const char *name, yaml_node_t *v,
		 const char *default_role, struct pk_person **out, size_t *n);

/* One person: a map, or a plain name. Returns 1 when read, -1 on error. */
int pk_f_person(struct pk_fctx *c, const char *name, yaml_node_t *v,
		const char *default_role, struct pk_person *out);

/* 1 when s is an http:// or https:// URL with a host and no blanks. */
int pk_f_is_http_url(const char *s);

/* Checks a path given in base's folder (an image, audio, transcript):
 * no absolute path, no "..", and (when the file exists) not a symlink
 * that leads out of base. must_exist: a missing file is an error. Reports
 * on node v as `name`. Returns 0 or -1. */
int pk_f_check_path(struct pk_fctx *c, const char *name, yaml_node_t *v,
		    const char *base, const char *path, int must_exist);

/* Checks an image value (show or episode): an http(s) URL, or a path
 * checked as pk_f_check_path does; warns when it is not .jpg or .png,
 * which is all Apple takes. Returns 0 or -1. */
int pk_f_check_image(struct pk_fctx *c, yaml_node_t *v, const char *base,
		     const char *image, int must_exist);

/* Checks that data (len bytes) is UTF-8 text without NUL bytes; reports
 * the line of the first bad byte to d under file. Returns 0 or -1. */
int pk_f_check_text(struct pk_diags *d, const char *file, const char *data,
		    size_t len);

/* Reads a file of at most max bytes for the loader: a missing file is
 * reported under file as missing (the message), an unreadable one or one
 * too large as what is wrong; a UTF-8 byte order mark is dropped (*text
 * points past it). Returns 0, PK_EINVAL (reported) or PK_ENOMEM (not -1:
 * that is PK_ENOMEM). */
int pk_f_read_text(struct pk_diags *d, const char *file, const char *missing,
		   size_t max,
		   char **data, const char **text, size_t *len);

/* Room for the items of v, which must be a list: a zeroed array of one
 * element (elem bytes) per item, for the caller to fill and free. NULL
 * when v is not a list (reported: "'name' is a mapping, not a list") or
 * memory ran out (c->oom set). */
void *pk_f_list_room(struct pk_fctx *c, const char *name, yaml_node_t *v,
		     size_t elem);

void pk_f_person_release(struct pk_person *p);
void pk_f_links_free(struct pk_link *l, size_t n);
void pk_f_strv_free(char **v, size_t n);

#endif
