/* statsreport.h: the statistics as one self-contained HTML page with SVG
 * charts (downloads per day, per episode, each episode's first 7 and 30
 * days, apps and platforms, and a table), for `podkit stats --html`.
 * The page is private: it is written where the caller says, never into
 * the published folder by podkit itself. */
#ifndef PODKIT_STATSREPORT_H
#define PODKIT_STATSREPORT_H

#include "podkit/error.h"
#include "podkit/stats.h"

/* Writes the report of the days on or after since (NULL: all) to path,
 * through a temporary file renamed into place. Returns 0, or PK_EIO /
 * PK_ENOMEM with err filled. */
int pk_stats_report_html(struct pk_stats *s, const char *since,
			 const char *path, struct pk_error *err);

#endif
