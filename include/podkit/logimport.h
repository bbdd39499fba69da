/* logimport.h: `podkit stats import`: web server, storage and CDN access
 * logs read line by line (plain or gzip, or stdin) and every request for
 * a media file handed to the counting rules of stats.h, the same rules
 * podkit serve applies.
 *
 * Formats: CloudFront standard logs (by their #Fields header), S3 server
 * access logs, Cloudflare Logpush http_requests as JSON lines, Caddy's
 * JSON access log, nginx/Apache combined, and podkit's own combined plus
 * the Range header ("log_format podkit", docs/REFERENCE.md). A log that
 * does not say where a range started (combined, S3) is counted by the
 * bytes sent.
 *
 * An import is idempotent: the same lines imported again, in another
 * order, in overlapping files, or after an import was killed, give the
 * same downloads (stats.h: counting is order independent). It commits
 * in batches, so a kill loses at most the batch under way, which a rerun
 * counts. A malformed line or a truncated gzip stream is a diagnostic
 * "FILE:LINE: ..." and the rest of the file is still read.
 */
#ifndef PODKIT_LOGIMPORT_H
#define PODKIT_LOGIMPORT_H

#include <stdint.h>

#include "podkit/diag.h"
#include "podkit/error.h"
#include "podkit/stats.h"
#include "podkit/useragent.h"

enum pk_log_format {
	PK_LOG_AUTO = 0, /* detect from the first lines */
	PK_LOG_CLOUDFRONT,
	PK_LOG_S3,
	PK_LOG_CLOUDFLARE,
	PK_LOG_CADDY,
	PK_LOG_COMBINED,
	PK_LOG_PODKIT
};

/* The format named ("cloudfront", "s3", "cloudflare", "caddy",
 * "combined", "podkit", "auto"); -1 when there is no such name. */
int pk_log_format_parse(const char *name);
/* The name of a format; static. */
const char *pk_log_format_name(enum pk_log_format f);

struct pk_import_totals {
	int64_t lines;	   /* lines read (comments and blank lines too) */
	int64_t requests;  /* requests for media files */
	int64_t counted;   /* new downloads */
	int64_t too_old;   /* lines whose day's salt was rotated away */
	int64_t malformed; /* lines skipped as malformed */
	enum pk_log_format format; /* detected or given */
};

/* Imports one log: path, or "-" for standard input. Malformed lines (the
 * first 20 of a file, then a count) and a truncated stream go to diags
 * as errors with file and line; t (zeroed by the caller) is added to.
 * Returns 0 (even with malformed lines: see t->malformed), or PK_EIO /
 * PK_EINVAL (a file that cannot be read or whose format is unknown) or a
 * database error, with err filled; what was committed before stays. */
int pk_stats_import(struct pk_stats *s, const struct pk_ua_rules *rules,
		    const char *path, enum pk_log_format format,
		    struct pk_import_totals *t, struct pk_diags *diags,
		    struct pk_error *err);

#endif
