/* publish.h: `podkit publish`: the output folder to S3, WebDAV, SFTP or a
 * local folder, uploading only what changed and the feed last.
 *
 * pk_publish scans the output folder (size + SHA-256 of every file, dot
 * files left out), reads the remote side's state (an S3 listing with the
 * x-amz-meta-sha256 each object was stored with; a manifest file on the
 * other targets), uploads what differs in the order media, images,
 * chapters, transcripts, pages, each confirmed by a HEAD, then feed.xml
 * (atomically where the target can), then deletes stale objects when asked,
 * then sends the notifications. The library prints nothing: the plan, the
 * -v traces and the progress reach the caller through callbacks.
 */
#ifndef PODKIT_PUBLISH_H
#define PODKIT_PUBLISH_H

#include <stddef.h>
#include <stdint.h>

#include "podkit/error.h"

/* What the plan does with one file. */
enum pk_pub_action {
	PK_PUB_SKIP = 0, /* the remote copy is the same */
	PK_PUB_UPLOAD,   /* new or changed */
	PK_PUB_DELETE    /* remote only (removed with --delete) */
};

/* Upload order: lower first; the feed is always last. */
enum pk_pub_class {
	PK_CLASS_AUDIO = 0,
	PK_CLASS_IMAGE,
	PK_CLASS_CHAPTERS,
	PK_CLASS_TRANSCRIPT,
	PK_CLASS_PAGE, /* pages and anything else */
	PK_CLASS_FEED
};

/* One file of the plan. Strings are owned by the plan. */
struct pk_pub_file {
	char *key;       /* path under the output folder, '/' separated */
	char *path;      /* the local file; NULL for remote-only */
	int64_t size;
	char sha256[65]; /* lowercase hex; "" when unknown */
	const char *content_type;  /* static */
	const char *cache_control; /* static */
	enum pk_pub_class cls;
	enum pk_pub_action action;
	const char *reason;        /* static: "new", "changed", "stale" */
	int done;                  /* set once uploaded and confirmed */
};

/* Progress, reported as transfers move (about ten times a second). */
struct pk_pub_progress {
	size_t files_done, files_total;
	int64_t bytes_done, bytes_total;
	double seconds; /* since the transfers began */
};

struct pk_publish_opts {
	const char *outdir;   /* the folder to publish ("feed") */
	const char *target;   /* s3://bucket/prefix, http(s)://dav/path,
				 sftp://[user@]host[:port]/path, file:///path */
	const char *endpoint; /* S3 endpoint URL; NULL: AWS for the region */
	const char *region;   /* S3 region; NULL: us-east-1 */
	int path_style;       /* S3: https://endpoint/bucket/key */
	const char *acl;      /* S3 canned ACL, or NULL */
	const char *host_key_sha256; /* SFTP: base64 SHA-256 of the host key */
	int dry_run;          /* plan only: nothing is sent but reads */
	int delete_stale;     /* remove remote files no longer built */
	int full_check;       /* S3: always list, never the quick check */
	int jobs;             /* parallel transfers; 0: 8 */
	int verbose;          /* log the HTTP exchanges (secrets redacted) */
	int64_t limit_rate;   /* bytes/s per transfer; 0: no limit */
	/* A feed.xml that drops an item guid the live feed has is refused
	 * (the episode would vanish from subscribers' apps) unless the guid
	 * is listed here; "all" allows every removal. */
	const char *const *allow_removal;
	size_t nallow_removal;

	/* Notifications after the feed is live (not fatal). */
	const char *feed_url;       /* the feed's public URL */
	const char *media_url;      /* base URL of the media (show.yaml) */
	const char *const *hubs;    /* WebSub hubs */
	size_t nhubs;
	int podcastindex;           /* Podcast Index pubnotify */
	int podping;                /* podping (token: PODPING_TOKEN) */

	/* Callbacks; all optional. log gets one line without newline: the
	 * plan (dry run), the -v traces, notification results. */
	void (*log)(void *ctx, const char *line);
	void (*progress)(void *ctx, const struct pk_pub_progress *p);
	void *ctx;
};

struct pk_publish_summary {
	size_t uploaded, skipped, deleted;
	int64_t bytes;      /* bytes uploaded */
	size_t notified, notify_failed;
	size_t retries;     /* transfers that needed more than one attempt */
};

/* Publishes opts->outdir to opts->target. Returns 0, or a negative PK_E*
 * code with err saying what failed (PK_EAUTH for refused credentials,
 * PK_ENET for transfers that failed after their retries). sum (optional)
 * gets the counts, filled as far as the run got. */
int pk_publish(const struct pk_publish_opts *opts,
	       struct pk_publish_summary *sum, struct pk_error *err);


#endif
