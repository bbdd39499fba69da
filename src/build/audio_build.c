/* audio_build.c: the build's audio step: an episode's source audio
 * normalised and encoded into OUT/audio/ (episodes run in parallel as
 * every step does). */
#include "build/build_int.h"

#include <libavutil/log.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/fsio.h"
#include "audio/audio_pipeline_int.h"
#include "model/layout_int.h"

static const char *out_dir(const struct pk_build *b)
{
	return b->opts->out_dir ? b->opts->out_dir : "feed";
}

int pk_build_audio_wanted(const struct pk_build *b)
{
	return b->opts->copy_media && b->show->audio.normalize &&
	       !b->opts->dry_run;
}

int pk_build_audio_begin(struct pk_build *b, struct pk_error *err)
{
	char *dir = pk_path_join(out_dir(b), "audio");
	int r;

	if (!dir)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = pk_mkdir_p(dir, err);
	free(dir);
	av_log_set_level(AV_LOG_QUIET); /* the library does not print */
	return r;
}

int pk_build_step_audio(struct pk_build *b, struct pk_build_episode *be,
			struct pk_error *err)
{
	struct pk_episode *ep = be->ep;
	struct pk_media m = {0};
	char *src = NULL, *dir = NULL, *name = NULL;
	char rel[1024];
	int made = 0, r;

	if (!ep->audio || ep->audio_is_url)
		return 0;
	/* Up to date in the build state (source, settings and recipe
	 * unchanged, the file there): nothing is read or decoded. */
	if (pk_build_media_fresh(b, be))
		return 0;
	pk_build_count(b, &b->n_read);
	pk_build_count(b, &b->n_decoded);
	src = pk_path_join(ep->dir, ep->audio);
	dir = pk_path_join(out_dir(b), "audio");
	if (!src || !dir) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	r = pk_audio_process_episode(src, &b->show->audio, dir, &name, &m,
				     &made, err);
	if (r)
		goto out;
	ep->media.length = m.length;
	ep->media.duration = m.duration;
	free(ep->media.mime);
	ep->media.mime = m.mime;
	if (!name)
		goto out;
	pk_layout_encoded_path(name, rel, sizeof(rel));
	free(ep->media.path);
	free(ep->media.url);
	ep->media.path = ep->media.url = NULL;
	r = pk_media_set_path(b->show, &ep->media, rel, err);
	if (r)
		goto out;
	be->audio_done = 1;
	be->copied = made;
out:
	free(name);
	free(dir);
	free(src);
	return r;
}
