/* build_clip.c: what a clip of an episode is made from, taken from the
 * build's output: the published audio (levelled, on target, limited), its
 * time map, the cover the tags embed, the transcript's cues moved as the
 * build publishes them. */
#include "build/build_int.h"

#include <stdlib.h>
#include <string.h>

#include "build/state_int.h"
#include "podkit/fsio.h"
#include "podkit/transcript.h"
#include "base/url_int.h"

int pk_build_clip_transcript(const struct pk_show *show,
			     const struct pk_episode *ep,
			     struct pk_transcript *t, int *has,
			     struct pk_diags *diags, struct pk_error *err)
{
	const char **names;
	size_t n = 0, errors;
	char *src;

	*has = 0;
	pk_transcript_init(t);
	if (!ep->transcript || pk_url_is_http(ep->transcript))
		return 0;
	src = pk_path_join(ep->dir, ep->transcript);
	names = pk_build_speaker_names(show, ep, &n);
	if (!src || !names) {
		free(src);
		free(names);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	errors = pk_transcript_load(src, names, n, t, diags);
	/* the cues follow the audio (an intro, cut pauses) */
	pk_transcript_remap(t, ep->media.timemap);
	free(names);
	if (errors) {
		pk_error_set(err, PK_EINVAL,
			     "%s: %zu problem%s in the transcript", src, errors,
			     errors == 1 ? "" : "s");
		free(src);
		pk_transcript_release(t);
		return PK_EINVAL;
	}
	free(src);
	*has = 1;
	return 0;
}

int pk_build_clip_inputs(struct pk_show *show, struct pk_episode *ep,
			 const char *out_dir, struct pk_build_clip_inputs *in,
			 struct pk_diags *diags, struct pk_error *err)
{
	struct pk_build_opts opts = {0};
	struct pk_build b;
	struct pk_build_episode *be = NULL;
	const char *warn = NULL;
	char *state = NULL;
	size_t i;
	int r;

	memset(in, 0, sizeof(*in));
	pk_transcript_init(&in->t);
	if (ep->audio_is_url)
		return pk_error_set(err, PK_EINVAL,
				    "%s: its audio is a URL; a clip is made "
				    "from a published file the build wrote",
				    ep->dir);
	opts.out_dir = out_dir ? out_dir : "feed";
	opts.copy_media = 1;
	opts.write_files = 1;
	opts.jobs = 1;
	r = pk_build_init(&b, show, &opts, diags, err);
	if (r)
		return r;
	state = pk_path_join(opts.out_dir, PK_STATE_FILE);
	if (!state) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	r = pk_state_load(state, &b.state, &warn, err);
	if (r)
		goto out;
	for (i = 0; i < b.neps; i++)
		if (b.eps[i].ep == ep)
			be = &b.eps[i];
	if (!be || !pk_build_media_fresh(&b, be)) {
		r = pk_error_set(err, PK_ENOENT,
				 "%s: its published audio in '%s' is missing "
				 "or out of date; run 'podkit build' first",
				 ep->dir, opts.out_dir);
		goto out;
	}
	in->audio = pk_build_out_path(&b, ep->media.path);
	in->cover = pk_build_tag_cover(&b, ep);
	if (!in->audio) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	in->duration = ep->media.duration;
	r = pk_build_clip_transcript(show, ep, &in->t, &in->has_transcript,
				     diags, err);
out:
	if (r)
		pk_build_clip_inputs_release(in);
	free(state);
	pk_build_release(&b);
	return r;
}

void pk_build_clip_inputs_release(struct pk_build_clip_inputs *in)
{
	free(in->audio);
	free(in->cover);
	pk_transcript_release(&in->t);
	memset(in, 0, sizeof(*in));
	pk_transcript_init(&in->t);
}
