/* lint.h: `podkit lint`: checks any podcast feed against Apple's rules and
 * the Podcasting 2.0 namespace.
 *
 * A feed is untrusted input. It is parsed with libxml2 without network
 * access, without loading DTDs and without expanding entities; a feed that
 * declares entities is refused (that is how billion-laughs and external
 * entity attacks start), and feeds over a size cap are refused before they
 * are read. A URL is fetched with libcurl, TLS verified, http(s) only,
 * redirects limited, the body capped at the same size as it arrives.
 *
 * Findings go into a struct pk_diags, each with the feed's name (file or
 * URL) and the line of the element at fault.
 */
#ifndef PODKIT_LINT_H
#define PODKIT_LINT_H

#include <stddef.h>

#include "podkit/diag.h"
#include "podkit/error.h"

/* The largest feed podkit lint reads, in bytes (64 MB). */
#define PK_LINT_MAX_BYTES ((size_t)64 << 20)

struct pk_lint_opts {
	size_t max_bytes; /* 0: PK_LINT_MAX_BYTES */
	long timeout;	  /* seconds for a URL fetch; 0: 60 */
};

/* Lints the len bytes at data (need not be NUL-terminated); name is used
 * in diagnostics. Findings go into diags (owned by the caller). Returns 0
 * once the feed was looked at, whatever was found (diags->errors says);
 * PK_EINVAL when it is larger than the cap (err says), PK_ENOMEM. */
int pk_lint_buffer(const char *data, size_t len, const char *name,
		   const struct pk_lint_opts *opts, struct pk_diags *diags,
		   struct pk_error *err);

/* Lints a file, or an http:// or https:// URL. Returns as pk_lint_buffer,
 * or PK_EIO/PK_ENOENT when the file cannot be read, PK_ENET when the URL
 * cannot be fetched (err says why). opts may be NULL. */
int pk_lint(const char *file_or_url, const struct pk_lint_opts *opts,
	    struct pk_diags *diags, struct pk_error *err);

#endif
