/* media.c: probing audio files with libavformat for the feed's enclosure:
 * duration, byte length, MIME type, channels, sample rate and codec. */
#include "media/media_int.h"
#include "media/av_input_int.h"
#include "base/mime_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/intreadwrite.h>

/* The audio type for an extension, NULL when it is not audio. A file
 * probed or named by a URL as .opus is audio/opus here, where the files
 * podkit encodes to Opus are audio/ogg (base/mime.c). */
static const char *audio_type(const char *ext)
{
	const struct pk_mime *m = pk_mime_by_ext(ext);

	if (!pk_mime_is_audio(m))
		return NULL;
	return strcmp(m->ext, "opus") == 0 ? "audio/opus" : m->type;
}

const char *pk_media_mime_for_name(const char *name)
{
	const char *dot, *q;
	char ext[8];
	size_t n;

	/* A URL's query or fragment is not part of the extension. */
	q = name + strcspn(name, "?#");
	for (dot = q; dot > name && dot[-1] != '.' && dot[-1] != '/'; dot--)
		;
	if (dot == name || dot[-1] != '.')
		return NULL;
	n = (size_t)(q - dot);
	if (n == 0 || n >= sizeof(ext))
		return NULL;
	memcpy(ext, dot, n);
	ext[n] = '\0';
	return audio_type(ext);
}

static void set(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* The MIME type and extension from what the container really is. */
static void container_type(AVFormatContext *ic, const AVStream *st,
			   struct pk_media_info *info)
{
	const char *name = ic->iformat->name;
	const char *mime, *ext = "bin";
	enum AVCodecID codec = st->codecpar->codec_id;

	if (strcmp(name, "mp3") == 0) {
		ext = "mp3";
	} else if (strstr(name, "mp4") || strstr(name, "m4a")) {
		/* Apple's own audio-only MPEG-4 files say "M4A " as their
		 * brand; anything else is plain MPEG-4 audio. */
		AVDictionaryEntry *e =
			av_dict_get(ic->metadata, "major_brand", NULL, 0);
		ext = e && strncmp(e->value, "M4A", 3) == 0 ? "m4a" : "mp4";
	} else if (strcmp(name, "ogg") == 0) {
		ext = codec == AV_CODEC_ID_OPUS ? "opus" : "ogg";
	} else if (strcmp(name, "wav") == 0 || strcmp(name, "w64") == 0) {
		ext = "wav";
	} else if (strcmp(name, "flac") == 0) {
		ext = "flac";
	} else if (strcmp(name, "aac") == 0) {
		ext = "aac";
	} else if (strstr(name, "webm")) {
		ext = "webm";
	} else if (strcmp(name, "aiff") == 0) {
		ext = "aiff";
	}
	if (!(mime = audio_type(ext)))
		mime = "application/octet-stream";
	set(info->mime, sizeof(info->mime), mime);
	set(info->ext, sizeof(info->ext), ext);
}

/* Sums the audio packets' durations less the encoder delay and padding
 * the demuxer marks on them (an MP3's LAME/Info tag): exact, where the
 * header only gives an estimate from the bit rate or counts whole frames. */
static int packet_duration(AVFormatContext *ic, int index, double *seconds,
			   const char *path, struct pk_error *err)
{
	AVStream *st = ic->streams[index];
	AVPacket *pkt = av_packet_alloc();
	int64_t total = 0, skipped = 0;
	int r = 0, ret;

	if (!pkt)
		return pk_error_set(err, PK_ENOMEM, "%s: out of memory", path);
	while ((ret = av_read_frame(ic, pkt)) >= 0) {
		if (pkt->stream_index == index && pkt->duration > 0) {
			size_t n = 0;
			const uint8_t *sd = av_packet_get_side_data(
				pkt, AV_PKT_DATA_SKIP_SAMPLES, &n);

			total += pkt->duration;
			if (sd && n >= 8)
				skipped += (int64_t)AV_RL32(sd) +
					   (int64_t)AV_RL32(sd + 4);
		}
		av_packet_unref(pkt);
	}
	if (ret != AVERROR_EOF) {
		char msg[128];

		av_strerror(ret, msg, sizeof(msg));
		r = pk_error_set(err, PK_EMEDIA, "%s: cannot read: %s", path,
				 msg);
	} else {
		*seconds = (double)total * av_q2d(st->time_base);
		if (st->codecpar->sample_rate > 0)
			*seconds -= (double)skipped /
				    st->codecpar->sample_rate;
	}
	av_packet_free(&pkt);
	return r;
}

int pk_media_check_wav(const char *path, struct pk_error *err)
{
	unsigned char h[12];
	struct stat sb;
	uint64_t pos = 12, size;
	int fd, r = 0, i;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pk_error_errno(err, errno == ENOENT ? PK_ENOENT : PK_EIO,
				      "%s", path);
	if (fstat(fd, &sb) != 0) {
		r = pk_error_errno(err, PK_EIO, "%s", path);
		goto out;
	}
	if (pread(fd, h, 12, 0) != 12 || memcmp(h, "RIFF", 4) != 0 ||
	    memcmp(h + 8, "WAVE", 4) != 0)
		goto out;
	/* Walk the chunks to "data"; a bounded number of them. */
	for (i = 0; i < 64; i++) {
		if (pread(fd, h, 8, (off_t)pos) != 8)
			goto out;
		size = AV_RL32(h + 4);
		pos += 8;
		if (memcmp(h, "data", 4) == 0)
			break;
		pos += size + (size & 1);
	}
	if (i == 64 || size == 0 || size == 0xFFFFFFFFu)
		goto out;
	if (pos + size > (uint64_t)sb.st_size)
		r = pk_error_set(err, PK_EMEDIA,
				 "%s: the WAV header says %llu bytes of audio "
				 "but the file holds %llu (cut short?)", path,
				 (unsigned long long)size,
				 (unsigned long long)((uint64_t)sb.st_size > pos
				 ? (uint64_t)sb.st_size - pos : 0));
out:
	close(fd);
	return r;
}

int pk_media_probe(const char *path, struct pk_media_info *info,
		   struct pk_error *err)
{
	AVFormatContext *ic = NULL;
	const AVCodecParameters *par;
	AVStream *st;
	struct stat sb;
	int r = 0, ret, index, exact;
	char msg[128];

	memset(info, 0, sizeof(*info));
	if (stat(path, &sb) != 0)
		return pk_error_errno(err, errno == ENOENT ? PK_ENOENT : PK_EIO,
				      "%s", path);
	if (!S_ISREG(sb.st_mode))
		return pk_error_set(err, PK_EMEDIA, "%s: not a regular file",
				    path);
	if (sb.st_size == 0)
		return pk_error_set(err, PK_EMEDIA, "%s: the file is empty",
				    path);
	info->length = (int64_t)sb.st_size;
	r = pk_media_check_wav(path, err);
	if (r)
		return r;

	av_log_set_level(AV_LOG_QUIET);
	ret = pk_av_open_input(&ic, path);
	if (ret < 0) {
		av_strerror(ret, msg, sizeof(msg));
		return pk_error_set(err, PK_EMEDIA,
				    "%s: not an audio file (%s)", path, msg);
	}
	ret = avformat_find_stream_info(ic, NULL);
	if (ret < 0) {
		av_strerror(ret, msg, sizeof(msg));
		r = pk_error_set(err, PK_EMEDIA, "%s: cannot read streams: %s",
				 path, msg);
		goto out;
	}
	index = av_find_best_stream(ic, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0);
	if (index < 0) {
		r = pk_error_set(err, PK_EMEDIA, "%s: no audio stream in it",
				 path);
		goto out;
	}
	st = ic->streams[index];
	par = st->codecpar;
	container_type(ic, st, info);
	set(info->container, sizeof(info->container), ic->iformat->name);
	set(info->codec, sizeof(info->codec), avcodec_get_name(par->codec_id));
	info->channels = par->ch_layout.nb_channels;
	info->sample_rate = par->sample_rate;
	info->bit_rate = par->bit_rate ? par->bit_rate : ic->bit_rate;

	/* An MP3's header counts whole frames, delay and padding included;
	 * its packets say how much of them is silence to skip. */
	exact = ic->duration_estimation_method != AVFMT_DURATION_FROM_BITRATE &&
		strcmp(ic->iformat->name, "mp3") != 0;
	if (exact && st->duration != AV_NOPTS_VALUE && st->duration > 0) {
		info->duration = (double)st->duration * av_q2d(st->time_base);
	} else if (exact && ic->duration != AV_NOPTS_VALUE &&
		   ic->duration > 0) {
		info->duration = (double)ic->duration / AV_TIME_BASE;
	} else {
		r = packet_duration(ic, index, &info->duration, path, err);
		if (r)
			goto out;
	}
	if (!(info->duration > 0))
		r = pk_error_set(err, PK_EMEDIA, "%s: the audio has no length",
				 path);
out:
	avformat_close_input(&ic);
	return r;
}
