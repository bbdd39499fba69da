/* clip_graph.c: filters added to a libavfilter graph one by one, options
 * set as values rather than parsed from a graph string, and the
 * temporary script files the `ass` filter reads. */
#include "clip/clip_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavutil/error.h>
#include <libavutil/opt.h>

static int fail(struct pk_error *err, const char *what, const char *filter,
		int averr)
{
	char msg[AV_ERROR_MAX_STRING_SIZE] = {0};

	av_strerror(averr, msg, sizeof(msg));
	return pk_error_set(err, PK_EINTERNAL, "%s '%s': %s", what, filter,
			    msg);
}

int pk_clip_filter(AVFilterGraph *g, AVFilterContext **out, const char *filter,
		   const char *name, const char *args, const char *skey,
		   const char *sval, struct pk_error *err)
{
	const AVFilter *f = avfilter_get_by_name(filter);
	AVFilterContext *ctx;
	int r;

	*out = NULL;
	if (!f)
		return pk_error_set(err, PK_EINTERNAL,
				    "this ffmpeg has no '%s' filter", filter);
	ctx = avfilter_graph_alloc_filter(g, f, name);
	if (!ctx)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (skey) {
		r = av_opt_set(ctx, skey, sval, AV_OPT_SEARCH_CHILDREN);
		if (r < 0)
			return fail(err, "cannot set an option of", filter, r);
	}
	r = avfilter_init_str(ctx, args);
	if (r < 0)
		return fail(err, "cannot set up the filter", filter, r);
	*out = ctx;
	return 0;
}

int pk_clip_link(AVFilterContext *a, unsigned ap, AVFilterContext *b,
		 unsigned bp, struct pk_error *err)
{
	int r = avfilter_link(a, ap, b, bp);

	if (r < 0)
		return fail(err, "cannot link the filter", a->filter->name, r);
	return 0;
}

int pk_clip_temp_text(const char *near, const char *text, char **path,
		      struct pk_error *err)
{
	static const char suffix[] = ".tmp.XXXXXX";
	size_t n = strlen(near), len = strlen(text);
	char *p = malloc(n + sizeof(suffix));
	FILE *fp = NULL;
	int fd, ok = 0;

	*path = NULL;
	if (!p)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	memcpy(p, near, n);
	memcpy(p + n, suffix, sizeof(suffix));
	fd = mkstemp(p);
	if (fd < 0) {
		pk_error_errno(err, PK_EIO, "%s: cannot create", p);
		free(p);
		return PK_EIO;
	}
	fp = fdopen(fd, "w");
	if (fp) {
		ok = fwrite(text, 1, len, fp) == len;
		ok &= fclose(fp) == 0;
	} else
		close(fd);
	if (!ok) {
		pk_error_errno(err, PK_EIO, "%s: cannot write", p);
		unlink(p);
		free(p);
		return PK_EIO;
	}
	*path = p;
	return 0;
}
