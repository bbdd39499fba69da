/* diag.h: a list of diagnostics (errors and warnings with file and line).
 *
 * Validation reports every problem of every file in one run, so it collects
 * diagnostics here instead of stopping at the first; the tool prints them
 * as "podkit: FILE:LINE: message" (warnings say "warning: ").
 */
#ifndef PODKIT_DIAG_H
#define PODKIT_DIAG_H

#include <stddef.h>

#include "podkit/error.h"

enum pk_severity { PK_WARNING = 1, PK_ERROR = 2 };

struct pk_diag {
	enum pk_severity severity;
	char *file; /* owned; may be NULL */
	int line;   /* 1-based; 0 when there is none */
	char *msg;  /* owned */
};

struct pk_diags {
	struct pk_diag *v;
	size_t n, cap;
	size_t errors, warnings;
};

/* Initialises an empty list; the caller owns it and calls release. */
void pk_diags_init(struct pk_diags *d);
void pk_diags_release(struct pk_diags *d);

/* Appends a diagnostic (file may be NULL, line 0). Returns 0 or PK_ENOMEM;
 * counts are updated either way so an error is never silently lost. */
int pk_diags_add(struct pk_diags *d, enum pk_severity sev, const char *file,
		 int line, const char *fmt, ...) PK_PRINTF(5, 6);

/* Appends everything in src to dst, counts included (also those of
 * diagnostics lost to a failed allocation), and leaves src empty. The
 * merge of per-thread lists in order. Returns 0 or PK_ENOMEM (then the
 * ones that did not fit are counted in dst but dropped). */
int pk_diags_move(struct pk_diags *dst, struct pk_diags *src);

/* Formats diagnostic i as "FILE:LINE: [warning: ]msg" into buf. */
void pk_diag_format(const struct pk_diag *g, char *buf, size_t size);

/* Sorts by file then line (stable), so output follows the files. */
void pk_diags_sort(struct pk_diags *d);

#endif
