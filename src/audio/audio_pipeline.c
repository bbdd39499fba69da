/* audio_pipeline.c: one episode's source audio to its published file,
 * under a content-addressed name. */
#include "audio/audio_pipeline_int.h"

#include <libavformat/avformat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/audio_int.h"
#include "podkit/normalize.h"
#include "base/mime_int.h"
#include "podkit/fsio.h"
#include "podkit/show.h"
#include "media/av_input_int.h"

/* Bump when the processing changes in a way that changes the output. */
#define PIPELINE_VERSION 1

int pk_audio_duration(const char *path, double *sec, struct pk_error *err)
{
	AVFormatContext *fmt = NULL;
	int r;

	*sec = 0;
	r = pk_av_open_input(&fmt, path);
	if (r < 0)
		return pk_error_set(err, PK_EMEDIA, "%s: not an audio file",
				    path);
	r = avformat_find_stream_info(fmt, NULL);
	if (r >= 0 && fmt->duration > 0)
		*sec = fmt->duration / (double)AV_TIME_BASE;
	avformat_close_input(&fmt);
	if (*sec <= 0)
		return pk_error_set(err, PK_EMEDIA, "%s: unknown duration",
				    path);
	return 0;
}

/* The MIME type of a file published as it is, by its extension. */
static const char *mime_by_ext(const char *ext)
{
	const struct pk_mime *m = pk_mime_by_ext(ext);

	return pk_mime_is_audio(m) ? m->type : "application/octet-stream";
}

/* "001-intro" from ".../001-intro/episode.wav": the folder names the
 * file, so URLs stay readable; anything unusual becomes '-'. */
static void stem(const char *src, char *out, size_t size)
{
	const char *end = strrchr(src, '/'), *start;
	size_t n = 0;

	if (!end) {
		start = src;
		end = strrchr(src, '.');
		if (!end)
			end = src + strlen(src);
	} else {
		start = end;
		while (start > src && start[-1] != '/')
			start--;
		if (start == end) { /* no folder part worth using */
			start = end + 1;
			end = strrchr(start, '.');
			if (!end)
				end = start + strlen(start);
		}
	}
	for (; start < end && n + 1 < size && n < 48; start++) {
		char c = *start;

		out[n++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				   (c >= '0' && c <= '9') || c == '-' ||
				   c == '_'
			   ? c : '-';
	}
	out[n] = '\0';
	if (n == 0)
		snprintf(out, size, "episode");
}

int pk_audio_process_episode(const char *src,
			     const struct pk_audio_settings *s,
			     const char *outdir, char **name,
			     struct pk_media *media, int *made,
			     struct pk_error *err)
{
	struct pk_normalize_opts o;
	char src_hash[65], hash[65], key[512], base[64];
	const char *ext, *dot;
	char *file = NULL, *path = NULL;
	int64_t size;
	int r;

	*name = NULL;
	if (made)
		*made = 0;
	pk_normalize_opts_init(&o);
	o.target = s->target_lufs;
	o.true_peak = isnan(s->true_peak) ? -1 : s->true_peak;
	o.format = s->format && *s->format ? s->format : "mp3";
	o.bitrate = s->bitrate;
	o.channels = s->channels;
	o.normalize = s->normalize;
	dot = strrchr(src, '.');
	ext = !o.normalize ? (dot && !strchr(dot, '/') ? dot + 1 : "bin")
			   : pk_format_ext(o.format);
	if (!ext)
		return pk_error_set(err, PK_EINVAL,
				    "unknown audio format '%s'", o.format);
	if ((r = pk_sha256_file(src, src_hash, err)) < 0)
		return r;
	/* the name changes with the source's bytes and every setting */
	snprintf(key, sizeof(key),
		 "podkit-audio v%d\n%s\ntarget=%.2f\npeak=%.2f\nformat=%s\n"
		 "bitrate=%d\nchannels=%d\nnormalize=%d\n",
		 PIPELINE_VERSION, src_hash, isnan(o.target) ? 0 : o.target,
		 o.true_peak, o.format, o.bitrate, o.channels, o.normalize);
	pk_sha256_hex(key, strlen(key), hash);
	stem(src, base, sizeof(base));
	file = malloc(strlen(base) + strlen(ext) + 24);
	if (!file)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	sprintf(file, "%s-%.16s.%s", base, hash, ext);
	if ((r = pk_mkdir_p(outdir, err)) < 0)
		goto out;
	if (!(path = pk_path_join(outdir, file))) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (!pk_is_file(path)) {
		if (o.normalize)
			r = pk_normalize(src, path, &o, NULL, err);
		else
			r = pk_copy_file(src, path, err);
		if (r < 0)
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
	media->mime = strdup(o.normalize ? pk_format_mime(o.format)
					 : mime_by_ext(ext));
	if (!media->mime) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	*name = file;
	file = NULL;
out:
	free(file);
	free(path);
	return r;
}
