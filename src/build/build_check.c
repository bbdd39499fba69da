/* build_check.c: `podkit check`'s look at the files an episode names:
 * what the build would refuse (audio it cannot read, chapters or cues past
 * the end, a transcript that does not parse, cover art Apple refuses),
 * found by reading and probing, never decoding the audio or writing. */
#include "podkit/build.h"

#include <stdlib.h>
#include <string.h>

#include "build/build_int.h"
#include "media/media_int.h"
#include "podkit/chapter_formats.h"
#include "podkit/fsio.h"
#include "podkit/image.h"
#include "podkit/transcript.h"
#include "base/url_int.h"

/* An error message from a call, as one diagnostic (it names its file). */
static void add_error(struct pk_diags *d, const struct pk_error *err)
{
	pk_diags_add(d, PK_ERROR, NULL, 0, "%s", err->msg);
}

/* Joins dir and name, or adds an out-of-memory error. */
static char *joined(const char *dir, const char *name, struct pk_diags *d)
{
	char *p = pk_path_join(dir, name);

	if (!p)
		pk_diags_add(d, PK_ERROR, NULL, 0, "out of memory");
	return p;
}

static void check_image(const char *dir, const char *name, struct pk_diags *d)
{
	struct pk_error err = {0};
	char *path;

	if (!name || pk_url_is_http(name))
		return;
	path = joined(dir, name, d);
	if (path && pk_image_check(path, NULL, &err) != 0)
		add_error(d, &err);
	free(path);
}

/* The length of the episode's audio in seconds: probed for a local file,
 * as given for a URL; 0 when unknown (tracks are measured when mixed). */
static double audio_seconds(const struct pk_episode *ep, struct pk_diags *d)
{
	struct pk_media_info mi;
	struct pk_error err = {0};
	double seconds = 0;
	char *path;

	if (ep->audio_is_url)
		return ep->audio_duration > 0 ? ep->audio_duration : 0;
	if (!ep->audio)
		return 0;
	path = joined(ep->dir, ep->audio, d);
	if (!path)
		return 0;
	if (pk_media_probe(path, &mi, &err) != 0)
		add_error(d, &err);
	else if (mi.duration < PK_AUDIO_MIN_SECONDS)
		pk_diags_add(d, PK_ERROR, NULL, 0,
			     "%s: the audio is %.2f s long (at least %.1f s "
			     "to publish)",
			     path, mi.duration, PK_AUDIO_MIN_SECONDS);
	else
		seconds = mi.duration;
	free(path);
	return seconds;
}

static void check_transcript(const struct pk_show *show,
			     const struct pk_episode *ep, double seconds,
			     struct pk_diags *d)
{
	struct pk_transcript t;
	const char **names;
	size_t n = 0;
	char *path;

	if (!ep->transcript || pk_url_is_http(ep->transcript))
		return;
	path = joined(ep->dir, ep->transcript, d);
	names = pk_build_speaker_names(show, ep, &n);
	if (path && names) {
		pk_transcript_init(&t);
		if (pk_transcript_load(path, names, n, &t, d) == 0)
			pk_transcript_validate(&t, seconds, path, d);
		pk_transcript_release(&t);
	} else if (path) {
		pk_diags_add(d, PK_ERROR, NULL, 0, "out of memory");
	}
	free(names);
	free(path);
}

size_t pk_build_check(const struct pk_show *show, struct pk_diags *d)
{
	size_t before = d->errors, i;
	double seconds;

	check_image(show->dir, show->image, d);
	for (i = 0; i < show->nepisodes; i++) {
		const struct pk_episode *ep = &show->episodes[i];

		seconds = audio_seconds(ep, d);
		if (seconds > 0)
			pk_chapters_validate(ep->chapters, ep->nchapters,
					     seconds, -1, ep->file, d);
		check_transcript(show, ep, seconds, d);
		check_image(ep->dir, ep->image, d);
	}
	return d->errors - before;
}
