/* report_html.c: the statistics as one HTML page with SVG charts. */
#include "podkit/statsreport.h"

int pk_stats_report_html(struct pk_stats *s, const char *since,
			 const char *path, struct pk_error *err)
{
	(void)s;
	(void)since;
	return pk_error_set(err, PK_EINVAL, "%s: not written yet", path);
}
