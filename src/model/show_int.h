/* show_int.h: what the show loader's files
 * share: show.c (the load and the model's lifetime), show_yaml.c,
 * show_scan.c, show_checks.c and episode_load.c. */
#ifndef PODKIT_SHOW_INT_H
#define PODKIT_SHOW_INT_H

#include <stddef.h>
#include <stdint.h>

#include "podkit/diag.h"
#include "podkit/error.h"
#include "podkit/show.h"

/* Largest show.yaml and episode.md the loader reads. */
#define PK_SHOW_YAML_MAX (1024 * 1024)
#define PK_EPISODE_MD_MAX (4 * 1024 * 1024)

/* Loads ep->file (ep->dir, ep->slug, ep->file and ep->folder_number set
 * by the caller) into ep, judging it against show (its hosts and podcast
 * guid; show may be partly filled when show.yaml had errors). Returns the
 * number of errors reported into d, or PK_ENOMEM. */
int pk_episode_load(const struct pk_show *show, struct pk_episode *ep,
		    const struct pk_show_load_opts *opts, int64_t now,
		    struct pk_diags *d);

/* Frees what an episode owns (not ep itself) and zeroes it. */
void pk_episode_release(struct pk_episode *ep);

/* Reads show.yaml (file) into s (show_yaml.c). Returns the number of
 * errors reported into d, or PK_ENOMEM. */
int pk_show_read_yaml(struct pk_show *s, const char *file,
		      const struct pk_show_load_opts *opts, struct pk_diags *d);

/* Frees what a category owns (show_yaml.c). */
void pk_show_category_free(struct pk_category *c);

/* A candidate episode folder found by pk_show_scan_folders. */
struct pk_show_folder {
	char *name;
	int maybe_link; /* a link, or of a type readdir did not say */
};

/* 1 when name is "NNN-slug": three or more digits, a dash, then
 * lowercase letters, digits and dashes; *num gets NNN (show_scan.c). */
int pk_show_folder_name_ok(const char *name, int *num);

/* The episode folders of dir, sorted: names matching NNN-slug, and other
 * folders that hold an episode.md (reported into d). *out is malloc'd:
 * free it with pk_show_folders_free. Returns 0 or a PK_E* code with
 * err. */
int pk_show_scan_folders(const char *dir, struct pk_show_folder **out,
			 size_t *n, struct pk_diags *d, struct pk_error *err);
void pk_show_folders_free(struct pk_show_folder *v, size_t n);

/* 1 when the folder path is a link that leads out of dir. */
int pk_show_folder_escapes(const char *dir, const char *path);

/* Marks (bad[i] = 1) the episodes of s that repeat a folder number, a
 * (season, number) or a guid of another one dated earlier, reporting
 * each into d (show_checks.c). Returns how many, or PK_ENOMEM. */
long pk_show_mark_duplicates(struct pk_show *s, char *bad,
			     const struct pk_show_load_opts *opts,
			     struct pk_diags *d);

#endif
