/* mix_pipeline.c: an episode recorded as tracks to its published file,
 * mixed under a content-addressed name. */
#include "podkit/mix.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/audio_int.h"
#include "audio/audio_pipeline_int.h"
#include "podkit/fsio.h"
#include "podkit/show.h"

/* Bump when the mixing changes in a way that changes the output. */
#define MIX_PIPELINE_VERSION 1

/* The key of the mix: every track's content, name and offset, and every
 * setting. Returns a malloc'd string or NULL. */
static char *mix_key(const struct pk_mix_track *t, size_t n,
		     const struct pk_normalize_opts *o, struct pk_error *err)
{
	size_t cap = 256, len, i;
	char *key, hash[65];

	for (i = 0; i < n; i++)
		cap += 128 + strlen(t[i].name ? t[i].name : "");
	key = malloc(cap);
	if (!key) {
		pk_error_set(err, PK_ENOMEM, "out of memory");
		return NULL;
	}
	len = (size_t)snprintf(
	    key, cap,
	    "podkit-mix v%d\ntarget=%.2f\npeak=%.2f\n"
	    "format=%s\nbitrate=%d\nchannels=%d\n"
	    "normalize=%d\n",
	    MIX_PIPELINE_VERSION, isnan(o->target) ? 0 : o->target,
	    o->true_peak, o->format, o->bitrate, o->channels, o->normalize);
	for (i = 0; i < n; i++) {
		if (pk_sha256_file(t[i].path, hash, err) < 0) {
			free(key);
			return NULL;
		}
		len +=
		    (size_t)snprintf(key + len, cap - len, "track %s %s %.4f\n",
				     hash, t[i].name ? t[i].name : "",
				     isnan(t[i].offset) ? -1e9 : t[i].offset);
	}
	return key;
}

int pk_audio_process_tracks(const struct pk_mix_track *tracks, size_t n,
			    const char *stem, const struct pk_audio_settings *s,
			    const char *outdir, char **name,
			    struct pk_media *media, int *made,
			    struct pk_diags *warn, struct pk_error *err)
{
	struct pk_mix_opts o;
	char hash[65], *key = NULL, *file = NULL, *path = NULL;
	const char *ext;
	int64_t size;
	int r;

	*name = NULL;
	if (made)
		*made = 0;
	pk_mix_opts_init(&o);
	o.out.target = s->target_lufs;
	o.out.true_peak = isnan(s->true_peak) ? -1 : s->true_peak;
	o.out.format = s->format && *s->format ? s->format : "mp3";
	o.out.bitrate = s->bitrate;
	o.out.channels = s->channels;
	o.out.normalize = s->normalize;
	ext = pk_format_ext(o.out.format);
	if (!ext)
		return pk_error_set(err, PK_EINVAL, "unknown audio format '%s'",
				    o.out.format);
	if (!(key = mix_key(tracks, n, &o.out, err)))
		return err ? err->code : PK_ENOMEM;
	pk_sha256_hex(key, strlen(key), hash);
	file = malloc(strlen(stem) + strlen(ext) + 24);
	if (!file) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	sprintf(file, "%s-%.16s.%s", stem, hash, ext);
	if ((r = pk_mkdir_p(outdir, err)) < 0)
		goto out;
	if (!(path = pk_path_join(outdir, file))) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (!pk_is_file(path)) {
		if ((r = pk_mix(tracks, n, path, &o, NULL, warn, err)) < 0)
			goto out;
		if (made)
			*made = 1;
	}
	size = pk_file_size(path, err);
	if (size < 0) {
		r = (int)size;
		goto out;
	}
	if ((r = pk_audio_duration(path, &media->duration, err)) < 0)
		goto out;
	media->length = size;
	free(media->mime);
	media->mime = strdup(pk_format_mime(o.out.format));
	if (!media->mime) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	*name = file;
	file = NULL;
	r = 0;
out:
	free(key);
	free(file);
	free(path);
	return r;
}
