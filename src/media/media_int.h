/* media_int.h: what an audio file is: its duration, size, MIME type and
 * format, probed with libavformat.
 *
 * The feed needs the exact byte length, the MIME type of the container and
 * the duration of every enclosure; this module reads them from the file
 * itself rather than trusting its name.
 */
#ifndef PODKIT_MEDIA_H
#define PODKIT_MEDIA_H

#include <stdint.h>

#include "podkit/error.h"

/* The shortest audio published as an episode, in seconds: a shorter clip
 * is a mistake (a cut export), not an episode. */
#define PK_AUDIO_MIN_SECONDS 0.5

/* Under this integrated loudness (LUFS) a source is nearly silent: the
 * gain to the target would raise mostly noise, so the user is warned. */
#define PK_AUDIO_QUIET_LUFS -45.0

struct pk_media_info {
	double duration;   /* seconds (container header when exact, else
			      summed from every packet) */
	int64_t length;    /* bytes */
	char mime[32];     /* "audio/mpeg", "audio/x-m4a", "audio/ogg"... */
	char ext[8];       /* the usual extension for it: "mp3", "m4a"... */
	char container[32];/* libavformat's short name: "mp3", "wav"... */
	char codec[32];    /* the audio stream's codec: "mp3", "aac"... */
	int channels;
	int sample_rate;   /* Hz */
	int64_t bit_rate;  /* bits per second, 0 when unknown */
};

/* Probes the audio file at path into *info. Returns 0; PK_ENOENT when it
 * does not exist; PK_EMEDIA when it is empty, not a media file or holds no
 * audio stream (err says which, naming the file); PK_EIO on read errors.
 * Nothing is allocated that the caller must free. */
int pk_media_probe(const char *path, struct pk_media_info *info,
		   struct pk_error *err);

/* Checks a RIFF/WAVE file's header against the file: a "data" chunk that
 * claims more bytes than the file holds (a recording cut short, or a lying
 * header) is PK_EMEDIA, naming the file and both sizes. A size of 0 or
 * 0xFFFFFFFF (a streamed WAV of unknown length) is accepted. Files that
 * are not RIFF/WAVE pass untouched. Returns 0 or PK_EIO on read errors. */
int pk_media_check_wav(const char *path, struct pk_error *err);

/* The MIME type podcasts use for a file name's extension ("x.mp3" ->
 * "audio/mpeg"), for audio given as a URL; NULL when unknown. Returns a
 * static string. */
const char *pk_media_mime_for_name(const char *name);

#endif
