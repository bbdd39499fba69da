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
#include "podkit/transcript.h"
#include "media/av_input_int.h"
#include "base/timemap_int.h"

/* Bump when the processing changes in a way that changes the output.
 * 3: the high-pass filter, on by default; clean-up and music; speaker
 * levelling on by default, before the pauses are cut and the music added. */
#define PIPELINE_VERSION 3

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

/* A digest of the speaker turns levelled by (their times and names), or
 * "-" for none: a changed transcript changes the output. */
static int turns_digest(const struct pk_transcript *t, char hex[65])
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	if (!t || t->n == 0) {
		strcpy(hex, "-");
		return 0;
	}
	f = open_memstream(&buf, &len);
	if (!f)
		return PK_ENOMEM;
	for (i = 0; i < t->n; i++)
		fprintf(f, "%.3f %.3f %s\n", t->v[i].start, t->v[i].end,
			t->v[i].speaker ? t->v[i].speaker : "");
	if (fclose(f) != 0) {
		free(buf);
		return PK_ENOMEM;
	}
	pk_sha256_hex(buf, len, hex);
	free(buf);
	return 0;
}

/* The time map beside an encoded file: OUTDIR/.NAME.timemap (a dot
 * file: publish leaves it out). Only written when the map moves time. */
static char *map_path(const char *outdir, const char *file)
{
	size_t len = strlen(outdir) + strlen(file) + 16;
	char *p = malloc(len);

	if (p)
		snprintf(p, len, "%s/.%s.timemap", outdir, file);
	return p;
}

int pk_audio_timemap_load(const char *audio_path, struct pk_timemap *map,
			  struct pk_error *err)
{
	const char *slash = strrchr(audio_path, '/');
	char *dir, *path, *text = NULL;
	size_t len;
	int r;

	dir = slash ? strndup(audio_path, (size_t)(slash - audio_path))
		    : strdup(".");
	path = dir ? map_path(dir, slash ? slash + 1 : audio_path) : NULL;
	free(dir);
	if (!path)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (!pk_is_file(path)) {
		free(path);
		return 0;
	}
	r = pk_read_file(path, 1 << 24, &text, &len, err);
	if (r == 0 && pk_timemap_parse(map, text) < 0)
		r = pk_error_set(err, PK_EINVAL, "%s: not a time map", path);
	free(text);
	free(path);
	return r;
}

static int save_map(const char *outdir, const char *file,
		    const struct pk_timemap *map, struct pk_error *err)
{
	char *path, *text;
	int r;

	if (pk_timemap_is_identity(map))
		return 0;
	path = map_path(outdir, file);
	text = pk_timemap_format(map);
	if (!path || !text)
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
	else
		r = pk_write_atomic(path, text, strlen(text), 0644, err);
	free(path);
	free(text);
	return r;
}

/* A music file must open as audio; the message names where it was set
 * ("show.yaml:12: 'audio.intro': x.wav: not an audio file"). Adds its
 * content to the key. */
static int check_music(const struct pk_music_file *m, const char *what,
		       char *key, size_t size, struct pk_error *err)
{
	struct pk_decoder *d = NULL;
	struct pk_error e = {0};
	char hash[65];
	size_t len = strlen(key);
	int r;

	if (!m->path)
		return 0;
	r = pk_decoder_open(&d, m->path, NULL, &e);
	pk_decoder_free(d);
	if (r == 0)
		r = pk_sha256_file(m->path, hash, &e);
	if (r < 0)
		return pk_error_set(err, r, "%s%s'audio.%s': %s",
				    m->at ? m->at : "", m->at ? ": " : "",
				    what, e.msg);
	snprintf(key + len, size - len, "%s=%s\n", what, hash);
	return 0;
}

int pk_audio_process_episode(const char *src,
			     const struct pk_audio_settings *s,
			     struct pk_audio_level *level,
			     const char *outdir, char **name,
			     struct pk_media *media, int *made,
			     struct pk_timemap *map, struct pk_error *err)
{
	struct pk_normalize_opts o;
	struct pk_normalize_result res = {0};
	struct pk_timemap local;
	char src_hash[65], hash[65], key[1024], base[64], turns[65];
	const char *ext, *dot;
	char *file = NULL, *path = NULL;
	int64_t size;
	int r;

	*name = NULL;
	if (made)
		*made = 0;
	if (pk_timemap_init(&local) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	pk_normalize_opts_init(&o);
	o.target = s->target_lufs;
	/* a show's target is for stereo: mono 3 LU under it (as -16 and
	 * -19 go together), unless the show gives target_mono */
	o.target_mono = !isnan(s->target_mono)	 ? s->target_mono
			: !isnan(s->target_lufs) ? s->target_lufs - 3
						 : NAN;
	o.true_peak = isnan(s->true_peak) ? -1 : s->true_peak;
	o.format = s->format && *s->format ? s->format : "mp3";
	o.bitrate = s->bitrate;
	o.channels = s->channels;
	o.normalize = s->normalize;
	o.level = s->level;
	o.speakers = o.level && level ? level->speakers : NULL;
	if (level) {
		level->spread_before = level->spread_after = NAN;
		level->warning = NULL;
		level->quiet = NULL;
	}
	if (turns_digest(o.speakers, turns) < 0) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	o.highpass = s->highpass;
	o.denoise = s->denoise;
	o.max_pause = s->max_pause;
	o.intro = s->intro.path;
	o.outro = s->outro.path;
	o.bed = s->bed.path;
	o.crossfade = s->crossfade;
	o.music_lu = s->music_under;
	o.timemap = &local;
	dot = strrchr(src, '.');
	ext = !o.normalize ? (dot && !strchr(dot, '/') ? dot + 1 : "bin")
			   : pk_format_ext(o.format);
	if (!ext) {
		r = pk_error_set(err, PK_EINVAL, "unknown audio format '%s'",
				 o.format);
		goto out;
	}
	if ((r = pk_sha256_file(src, src_hash, err)) < 0)
		goto out;
	/* the name changes with the source's bytes and every setting */
	snprintf(key, sizeof(key),
		 "podkit-audio v%d\n%s\ntarget=%.2f\npeak=%.2f\nformat=%s\n"
		 "bitrate=%d\nchannels=%d\nnormalize=%d\nlevel=%d\n"
		 "speakers=%s\nhighpass=%.2f\ndenoise=%d\nmax_pause=%.3f\n"
		 "crossfade=%.3f\nunder=%.2f\n",
		 PIPELINE_VERSION, src_hash, isnan(o.target) ? 0 : o.target,
		 o.true_peak, o.format, o.bitrate, o.channels, o.normalize,
		 o.normalize && o.level, o.normalize && o.level ? turns : "-",
		 isnan(o.highpass) ? -1 : o.highpass, o.denoise, o.max_pause,
		 isnan(o.crossfade) ? -1 : o.crossfade,
		 isnan(o.music_lu) ? -1 : o.music_lu);
	if (o.normalize &&
	    ((r = check_music(&s->intro, "intro", key, sizeof(key), err)) < 0 ||
	     (r = check_music(&s->outro, "outro", key, sizeof(key), err)) < 0 ||
	     (r = check_music(&s->bed, "bed", key, sizeof(key), err)) < 0))
		goto out;
	if (!isnan(o.target_mono) && o.normalize) {
		size_t used = strlen(key);

		snprintf(key + used, sizeof(key) - used, "mono=%.2f\n",
			 o.target_mono);
	}
	pk_sha256_hex(key, strlen(key), hash);
	stem(src, base, sizeof(base));
	file = malloc(strlen(base) + strlen(ext) + 24);
	if (!file) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	sprintf(file, "%s-%.16s.%s", base, hash, ext);
	if ((r = pk_mkdir_p(outdir, err)) < 0)
		goto out;
	if (!(path = pk_path_join(outdir, file))) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if (!pk_is_file(path)) {
		if (o.normalize) {
			r = pk_normalize(src, path, &o, &res, err);
			if (r == 0 && level) {
				level->warning = res.warning;
				level->quiet = res.quiet;
				if (res.speakers_in.n) {
					level->spread_before =
						res.speakers_in.spread;
					level->spread_after =
						res.speakers_out.spread;
				}
			}
			pk_normalize_result_release(&res);
		} else
			r = pk_copy_file(src, path, err);
		if (r == 0)
			r = save_map(outdir, file, &local, err);
		if (r < 0)
			goto out;
		if (made)
			*made = 1;
	} else if ((r = pk_audio_timemap_load(path, &local, err)) < 0) {
		goto out;
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
	if (map) {
		pk_timemap_release(map);
		*map = local;
		memset(&local, 0, sizeof(local));
	}
	*name = file;
	file = NULL;
out:
	pk_timemap_release(&local);
	free(file);
	free(path);
	return r;
}

void pk_audio_settings_for(const struct pk_show *show,
			   const struct pk_episode *ep,
			   struct pk_audio_settings *out)
{
	static const struct pk_music_file none = {NULL, NULL};

	*out = show->audio;
	if (ep->no_intro)
		out->intro = none;
	else if (ep->intro.path)
		out->intro = ep->intro;
	if (ep->no_outro)
		out->outro = none;
	else if (ep->outro.path)
		out->outro = ep->outro;
}
