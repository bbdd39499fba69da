/* audio_build.c: the audio step of `podkit build`, episodes in parallel. */
#include "build/audio_build_int.h"

#include <libavutil/log.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/fsio.h"
#include "audio/audio_pipeline_int.h"
#include "base/parallel_int.h"

struct work {
	struct pk_build *b;
	const char *audio_dir;
	/* one slot per episode, written only by the job that runs it */
	struct pk_error *errs;
	char **names;
	int *made;
};

static int wanted(const struct pk_build_episode *be)
{
	return !be->skipped && !be->failed && be->ep->audio &&
	       !be->ep->audio_is_url;
}

static void job(void *arg, size_t i)
{
	struct work *w = arg;
	struct pk_build_episode *be = &w->b->eps[i];
	struct pk_media m = {0};
	char *src;

	if (!wanted(be))
		return;
	/* Up to date in the build state (source, settings and recipe
	 * unchanged, the file there): nothing is read or decoded. */
	if (pk_build_media_fresh(w->b, be))
		return;
	pk_build_count(w->b, &w->b->n_read);
	pk_build_count(w->b, &w->b->n_decoded);
	src = pk_path_join(be->ep->dir, be->ep->audio);
	if (!src) {
		pk_error_set(&w->errs[i], PK_ENOMEM, "out of memory");
		return;
	}
	/* the media is filled on the calling thread once all are done */
	if (pk_audio_process_episode(src, &w->b->show->audio, w->audio_dir,
				     &w->names[i], &m, &w->made[i],
				     &w->errs[i]) == 0) {
		be->ep->media.length = m.length;
		be->ep->media.duration = m.duration;
		free(be->ep->media.mime);
		be->ep->media.mime = m.mime;
	}
	free(src);
}

int pk_audio_build(struct pk_build *b, int jobs, struct pk_error *err)
{
	const char *out = b->opts->out_dir ? b->opts->out_dir : "feed";
	struct work w = {0};
	size_t i, n = b->neps;
	int r;

	w.b = b;
	w.audio_dir = pk_path_join(out, "audio");
	w.errs = calloc(n + 1, sizeof(*w.errs));
	w.names = calloc(n + 1, sizeof(*w.names));
	w.made = calloc(n + 1, sizeof(*w.made));
	if (!w.audio_dir || !w.errs || !w.names || !w.made) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pk_mkdir_p(w.audio_dir, err)) < 0)
		goto out;
	av_log_set_level(AV_LOG_QUIET); /* the library does not print */
	r = pk_parallel_for(n, jobs, job, &w);
	if (r < 0) {
		r = pk_error_set(err, r, "cannot start the encoders");
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct pk_build_episode *be = &b->eps[i];
		char rel[1024];

		if (w.errs[i].code == PK_ENOMEM) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		if (w.errs[i].code) {
			be->failed = 1;
			be->io_failed |= w.errs[i].code == PK_EIO;
			pk_diags_add(b->diags, PK_ERROR, NULL, 0,
				     "%s; '%s' left out of the feed (audio)",
				     w.errs[i].msg, be->ep->slug);
			continue;
		}
		if (!w.names[i])
			continue;
		snprintf(rel, sizeof(rel), "audio/%s", w.names[i]);
		free(be->ep->media.path);
		free(be->ep->media.url);
		be->ep->media.path = be->ep->media.url = NULL;
		if ((r = pk_media_set_path(b->show, &be->ep->media, rel,
					   err)) < 0)
			goto out;
		be->audio_done = 1;
		be->copied = w.made[i];
	}
	r = 0;
out:
	for (i = 0; w.names && i < n; i++)
		free(w.names[i]);
	free(w.names);
	free(w.errs);
	free(w.made);
	free((char *)w.audio_dir);
	return r;
}
