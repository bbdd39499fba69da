/* audio_pipeline.c: one episode's source audio (a recording, or the
 * tracks of a double-ender) to its published file, under a
 * content-addressed name. */
#include "audio/audio_pipeline_int.h"

#include <libavformat/avformat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio/audio_int.h"
#include "podkit/mix.h"
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
/* Bump when the mixing of tracks changes the output. 2: the mix goes
 * through the whole single-file chain (clean-up, music, pauses). */
#define MIX_VERSION 2

/* The most formats besides the main one (there are three in all). */
#define PK_AUDIO_MAX_FORMATS 4

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
			       ? c
			       : '-';
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
static int music_key(const struct pk_music_file *m, const char *what, FILE *key,
		     struct pk_error *err)
{
	struct pk_decoder *d = NULL;
	struct pk_error e = {0};
	char hash[65];
	int r;

	if (!m->path)
		return 0;
	r = pk_decoder_open(&d, m->path, NULL, &e);
	pk_decoder_free(d);
	if (r == 0)
		r = pk_sha256_file(m->path, hash, &e);
	if (r < 0)
		return pk_error_set(err, r, "%s%s'audio.%s': %s",
				    m->at ? m->at : "", m->at ? ": " : "", what,
				    e.msg);
	fprintf(key, "%s=%s\n", what, hash);
	return 0;
}

/* RFC 6381 codecs of a format, as podcast:alternateEnclosure gives them. */
static const char *format_codecs(const char *format)
{
	if (strcmp(format, "m4a") == 0)
		return "mp4a.40.2"; /* AAC-LC */
	return strcmp(format, "opus") == 0 ? "opus" : "mp3";
}

/* The files of the other formats (settings->formats), named like the
 * main one with the format added to its key: "stem-HASH.opus". */
static int alt_names(const struct pk_audio_settings *s, const char *key,
		     const char *base, char ***names, struct pk_error *err)
{
	char hash[65], *k2;
	size_t i, klen = strlen(key);

	*names = calloc(s->nformats + 1, sizeof(**names));
	if (!*names)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (i = 0; i < s->nformats; i++) {
		const char *ext = pk_format_ext(s->formats[i]);

		if (!ext)
			return pk_error_set(err, PK_EINVAL,
					    "unknown audio format '%s'",
					    s->formats[i]);
		if (!(k2 = malloc(klen + strlen(s->formats[i]) + 16)))
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		sprintf(k2, "%salternate=%s\n", key, s->formats[i]);
		pk_sha256_hex(k2, strlen(k2), hash);
		free(k2);
		(*names)[i] = malloc(strlen(base) + strlen(ext) + 24);
		if (!(*names)[i])
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		sprintf((*names)[i], "%s-%.16s.%s", base, hash, ext);
	}
	return 0;
}

/* What the feed says of each other format's file: its size, type,
 * codecs, average bit rate and SHA-384 (Subresource Integrity). */
static int describe_alts(const struct pk_audio_settings *s, const char *outdir,
			 char **names, struct pk_media *media,
			 struct pk_error *err)
{
	char sri[PK_SRI_SHA384];
	char *path = NULL;
	double dur;
	size_t i;
	int r = 0;

	media->alts = calloc(s->nformats + 1, sizeof(*media->alts));
	if (!media->alts)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (i = 0; i < s->nformats && r == 0; i++) {
		struct pk_media_alt *a = &media->alts[i];

		media->nalts++;
		if (!(path = pk_path_join(outdir, names[i]))) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			break;
		}
		a->length = pk_file_size(path, err);
		if (a->length < 0)
			r = (int)a->length;
		if (r == 0)
			r = pk_audio_duration(path, &dur, err);
		if (r == 0)
			r = pk_sha384_sri_file(path, sri, err);
		if (r == 0) {
			a->bitrate = (long)llround((double)a->length * 8 / dur);
			a->path = strdup(names[i]);
			a->mime = strdup(pk_format_mime(s->formats[i]));
			a->codecs = strdup(format_codecs(s->formats[i]));
			a->integrity = strdup(sri);
			if (!a->path || !a->mime || !a->codecs || !a->integrity)
				r = pk_error_set(err, PK_ENOMEM,
						 "out of memory");
		}
		free(path);
		path = NULL;
	}
	return r;
}

/* The key's lines for where the audio comes from: the recording's
 * SHA-256, or every track's content, name and offset. */
static int source_key(const struct pk_audio_source *src, FILE *f,
		      struct pk_error *err)
{
	char hash[65];
	size_t i;
	int r;

	if (!src->ntracks) {
		if ((r = pk_sha256_file(src->path, hash, err)) < 0)
			return r;
		fprintf(f, "%s\n", hash);
		return 0;
	}
	fprintf(f, "mix v%d\n", MIX_VERSION);
	for (i = 0; i < src->ntracks; i++) {
		const struct pk_mix_track *t = &src->tracks[i];

		if ((r = pk_sha256_file(t->path, hash, err)) < 0)
			return r;
		fprintf(f, "track %s %s %.4f\n", hash, t->name ? t->name : "",
			isnan(t->offset) ? -1e9 : t->offset);
	}
	return 0;
}

/* The whole key: the source, every setting, the speaker turns levelled by
 * and the music's bytes. A malloc'd string, or NULL with err set. */
static char *make_key(const struct pk_audio_source *src,
		      const struct pk_audio_settings *s,
		      const struct pk_normalize_opts *o, struct pk_error *err)
{
	char turns[65], *key = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&key, &len);
	int r = 0;

	if (!f || turns_digest(o->speakers, turns) < 0) {
		if (f)
			fclose(f);
		free(key);
		pk_error_set(err, PK_ENOMEM, "out of memory");
		return NULL;
	}
	fprintf(f, "podkit-audio v%d\n", PIPELINE_VERSION);
	r = source_key(src, f, err);
	fprintf(f,
		"target=%.2f\npeak=%.2f\nformat=%s\n"
		"bitrate=%d\nchannels=%d\nnormalize=%d\nlevel=%d\n"
		"speakers=%s\nhighpass=%.2f\ndenoise=%d\nmax_pause=%.3f\n"
		"crossfade=%.3f\nunder=%.2f\n",
		isnan(o->target) ? 0 : o->target, o->true_peak, o->format,
		o->bitrate, o->channels, o->normalize, o->normalize && o->level,
		o->normalize && o->level ? turns : "-",
		isnan(o->highpass) ? -1 : o->highpass, o->denoise, o->max_pause,
		isnan(o->crossfade) ? -1 : o->crossfade,
		isnan(o->music_lu) ? -1 : o->music_lu);
	if (r == 0 && o->normalize)
		r = music_key(&s->intro, "intro", f, err);
	if (r == 0 && o->normalize)
		r = music_key(&s->outro, "outro", f, err);
	if (r == 0 && o->normalize)
		r = music_key(&s->bed, "bed", f, err);
	if (r == 0 && !isnan(o->target_mono) && o->normalize)
		fprintf(f, "mono=%.2f\n", o->target_mono);
	if (fclose(f) != 0 && r == 0)
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
	if (r < 0) {
		free(key);
		return NULL;
	}
	return key;
}

/* The single-file chain's options from the show's settings. */
static void chain_opts(const struct pk_audio_settings *s,
		       const struct pk_audio_level *level,
		       struct pk_normalize_opts *o)
{
	pk_normalize_opts_init(o);
	o->target = s->target_lufs;
	/* a show's target is for stereo: mono 3 LU under it (as -16 and
	 * -19 go together), unless the show gives target_mono */
	o->target_mono = !isnan(s->target_mono)	  ? s->target_mono
			 : !isnan(s->target_lufs) ? s->target_lufs - 3
						  : NAN;
	o->true_peak = isnan(s->true_peak) ? -1 : s->true_peak;
	o->format = s->format && *s->format ? s->format : "mp3";
	o->bitrate = s->bitrate;
	o->channels = s->channels;
	o->normalize = s->normalize;
	o->level = s->level;
	o->speakers = o->level && level ? level->speakers : NULL;
	o->highpass = s->highpass;
	o->denoise = s->denoise;
	o->max_pause = s->max_pause;
	o->intro = s->intro.path;
	o->outro = s->outro.path;
	o->bed = s->bed.path;
	o->crossfade = s->crossfade;
	o->music_lu = s->music_under;
}

/* Makes the published file at path: the recording through the chain, the
 * tracks mixed and then through it, or the recording copied as it is; and
 * the other formats o->extra names. path is NULL when only those are
 * wanted (a recording's; tracks are given a scratch file instead). */
static int make_file(const struct pk_audio_source *src,
		     const struct pk_normalize_opts *o,
		     struct pk_audio_level *level, const char *path,
		     struct pk_error *err)
{
	struct pk_normalize_result res = {0};
	struct pk_mix_opts mo;
	struct pk_mix_result *mres;
	int r;

	if (src->ntracks) {
		if (!(mres = calloc(1, sizeof(*mres))))
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		pk_mix_opts_init(&mo);
		mo.out = *o;
		r = pk_mix(src->tracks, src->ntracks, path, &mo, mres,
			   src->warn, err);
		pk_normalize_result_release(&mres->out);
		free(mres);
		return r;
	}
	if (!o->normalize)
		return pk_copy_file(src->path, path, err);
	if (!path) { /* only the other formats */
		r = pk_normalize(src->path, NULL, o, &res, err);
		pk_normalize_result_release(&res);
		return r;
	}
	r = pk_normalize(src->path, path, o, &res, err);
	if (r == 0 && level) {
		level->warning = res.warning;
		level->quiet = res.quiet;
		if (res.speakers_in.n) {
			level->spread_before = res.speakers_in.spread;
			level->spread_after = res.speakers_out.spread;
		}
	}
	pk_normalize_result_release(&res);
	return r;
}

int pk_audio_process(const struct pk_audio_source *src,
		     const struct pk_audio_settings *s,
		     struct pk_audio_level *level, const char *outdir,
		     char **name, struct pk_media *media, int *made,
		     struct pk_timemap *map, struct pk_error *err)
{
	struct pk_normalize_opts o;
	struct pk_normalize_extra extra[PK_AUDIO_MAX_FORMATS];
	struct pk_timemap local;
	char hash[65], base[64], *key = NULL;
	const char *ext, *dot;
	char *file = NULL, *path = NULL, *scratch = NULL, **alts = NULL;
	size_t nextra = 0, i;
	int64_t size;
	int r;

	*name = NULL;
	memset(extra, 0, sizeof(extra));
	if (s->nformats > PK_AUDIO_MAX_FORMATS)
		return pk_error_set(err, PK_EINVAL, "too many audio formats");
	if (made)
		*made = 0;
	if (pk_timemap_init(&local) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (level) {
		level->spread_before = level->spread_after = NAN;
		level->warning = NULL;
		level->quiet = NULL;
	}
	chain_opts(s, src->ntracks ? NULL : level, &o);
	o.timemap = &local;
	if (src->ntracks) {
		o.normalize = 1; /* a mix is always encoded */
		ext = pk_format_ext(o.format);
		snprintf(base, sizeof(base), "%.48s", src->stem);
	} else {
		dot = strrchr(src->path, '.');
		ext = !o.normalize
			  ? (dot && !strchr(dot, '/') ? dot + 1 : "bin")
			  : pk_format_ext(o.format);
		stem(src->path, base, sizeof(base));
	}
	if (!ext) {
		r = pk_error_set(err, PK_EINVAL, "unknown audio format '%s'",
				 o.format);
		goto out;
	}
	/* the name changes with the source's bytes and every setting */
	if (!(key = make_key(src, s, &o, err))) {
		r = err ? err->code : PK_ENOMEM;
		goto out;
	}
	pk_sha256_hex(key, strlen(key), hash);
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
	if (s->nformats && o.normalize &&
	    (r = alt_names(s, key, base, &alts, err)) < 0)
		goto out;
	/* the other formats not there yet: made from the same analysis */
	for (i = 0; alts && i < s->nformats; i++) {
		char *ap = pk_path_join(outdir, alts[i]);

		if (!ap) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		if (!pk_is_file(ap)) {
			extra[nextra].format = s->formats[i];
			extra[nextra].out = ap;
			nextra++;
		} else {
			free(ap);
		}
	}
	o.extra = extra;
	o.nextra = nextra;
	if (pk_is_file(path) && nextra) {
		/* only the new formats: the time map is the main file's (a
		 * mix is made again into a scratch file, then dropped) */
		o.timemap = NULL;
		if (src->ntracks &&
		    asprintf(&scratch, "%s.alternates.%s", path, ext) < 0) {
			scratch = NULL;
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		r = make_file(src, &o, NULL, scratch, err);
		if (scratch)
			unlink(scratch);
		o.timemap = &local;
		if (r < 0)
			goto out;
		if (made)
			*made = 1;
	}
	if (!pk_is_file(path)) {
		r = make_file(src, &o, level, path, err);
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
	if (alts && (r = describe_alts(s, outdir, alts, media, err)) < 0)
		goto out;
	free(media->mime);
	media->mime =
	    strdup(o.normalize ? pk_format_mime(o.format) : mime_by_ext(ext));
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
	for (i = 0; i < nextra; i++)
		free((char *)extra[i].out);
	for (i = 0; alts && i < s->nformats; i++)
		free(alts[i]);
	free(alts);
	free(scratch);
	pk_timemap_release(&local);
	free(key);
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
