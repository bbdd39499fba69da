/* publish_plan_int.h: the publish plan (private to libpodkit): the local files
 * of the output folder and what to do with each. */
#ifndef PODKIT_PUBLISH_PLAN_H
#define PODKIT_PUBLISH_PLAN_H

#include "publish/publish_target_int.h"

struct pk_plan_entry {
	struct pk_pub_file f;
	int64_t mtime_ns;
};

/* Sorted in upload order (class, then key) by pk_plan_scan. */
struct pk_pub_plan {
	struct pk_plan_entry *v;
	size_t n, cap;
};

/* Scans outdir (dot files and the top-level README.md left out), hashing
 * what the cache in statedir/hashes.json does not already know. */
int pk_plan_scan(struct pk_pub_plan *p, const char *outdir,
		 const char *statedir, struct pk_error *err);
void pk_plan_release(struct pk_pub_plan *p);
struct pk_pub_file *pk_plan_find(struct pk_pub_plan *p, const char *key);
/* Sets every file's action and reason from the remote state (which it
 * sorts). */
void pk_plan_diff(struct pk_pub_plan *p, struct pk_remote_state *remote);

/* Sorts by key; then pk_remote_lookup finds by binary search. */
void pk_remote_sort(struct pk_remote_state *s);
struct pk_remote_obj *pk_remote_lookup(struct pk_remote_state *s,
				       const char *key);

/* The Content-Type and Cache-Control podkit sends for a key (static
 * strings). Media whose name carries a content hash (a dot- or
 * dash-separated run of at least 8 hex digits) is cached for a year and
 * marked immutable; the feed and pages for five minutes. */
const char *pk_pub_content_type(const char *key);
const char *pk_pub_cache_control(const char *key);
enum pk_pub_class pk_pub_classify(const char *key);

#endif
