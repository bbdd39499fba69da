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
 * Every check belongs to a rule of one static table (pk_lint_rules): its
 * name, its severity, judged by consequence, and the source it comes
 * from. Findings go into a struct pk_lint_findings, each with its rule,
 * the line of the element at fault and a message.
 */
#ifndef PODKIT_LINT_H
#define PODKIT_LINT_H

#include <stddef.h>

#include "podkit/error.h"

/* The largest feed podkit lint reads, in bytes (64 MB). */
#define PK_LINT_MAX_BYTES ((size_t)64 << 20)

/* By consequence. Error: Apple Podcasts, Spotify or the big Podcast Index
 * apps refuse the feed, drop an episode or cannot play it, or a spec says
 * MUST. Warning: a spec says SHOULD, an old value apps still map, a type
 * that works but is not the preferred one. Note: style. */
enum pk_lint_severity {
	PK_LINT_NOTE = 1,
	PK_LINT_WARNING = 2,
	PK_LINT_ERROR = 3
};

/* One rule of the table. Every string is static. */
struct pk_lint_rule {
	const char *id; /* stable, lowercase with dashes: "enclosure-type" */
	enum pk_lint_severity severity;
	const char *source; /* where the rule comes from: "Apple", "RSS 2.0",
			       "Podcasting 2.0 MUST", ... */
	const char *what;   /* one line: what a good feed does */
};

/* The rule table, in the order --rules lists it; *n gets its length. The
 * table is static: never freed. */
const struct pk_lint_rule *pk_lint_rules(size_t *n);

/* The lowercase name of a severity: "error", "warning", "note". */
const char *pk_lint_severity_name(enum pk_lint_severity sev);

struct pk_lint_finding {
	const struct pk_lint_rule *rule; /* borrowed from the table */
	int line;			 /* 1-based; 0 when there is none */
	int item_line; /* the line of the <item> it is in; 0 outside items */
	char *msg;     /* owned */
};

struct pk_lint_findings {
	struct pk_lint_finding *v;
	size_t n, cap;
	size_t errors, warnings, notes; /* by the rules' severity */
};

/* An empty list; the caller owns it and calls release. */
void pk_lint_findings_init(struct pk_lint_findings *f);
void pk_lint_findings_release(struct pk_lint_findings *f);

struct pk_lint_opts {
	size_t max_bytes; /* 0: PK_LINT_MAX_BYTES */
	long timeout;	  /* seconds for a URL fetch; 0: 60 */
};

/* Lints the len bytes at data (need not be NUL-terminated); name is used
 * in messages. Findings are added to out (owned by the caller), in the
 * order of their lines. Returns 0 once the feed was looked at, whatever
 * was found (out->errors says); PK_EINVAL when it is larger than the cap
 * (err says), PK_ENOMEM. */
int pk_lint_buffer(const char *data, size_t len, const char *name,
		   const struct pk_lint_opts *opts,
		   struct pk_lint_findings *out, struct pk_error *err);

/* Lints a file, or an http:// or https:// URL. Returns as pk_lint_buffer,
 * or PK_EIO/PK_ENOENT when the file cannot be read, PK_ENET when the URL
 * cannot be fetched (err says why). opts may be NULL. */
int pk_lint(const char *file_or_url, const struct pk_lint_opts *opts,
	    struct pk_lint_findings *out, struct pk_error *err);

#endif
