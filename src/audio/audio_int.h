/* audio_int.h: decoding any audio file to interleaved float frames, and
 * encoding float frames to MP3, M4A (AAC) or Opus, with ffmpeg's libraries.
 *
 * The decoder converts once, with libswresample, to 32-bit float at the
 * file's own rate (no 16-bit step that could clip), optionally mixing to
 * mono or stereo or resampling when an encoder needs another rate. The
 * encoder copies the tags, cover art and chapters of a source file.
 */
#ifndef PODKIT_AUDIO_H
#define PODKIT_AUDIO_H

#include <stddef.h>
#include <stdint.h>

#include "podkit/error.h"

struct AVFormatContext;
struct AVCodecParameters;
struct AVPacket;

/* ---- decoding ---------------------------------------------------------- */

struct pk_decoder;

struct pk_decoder_opts {
	int channels; /* 0: keep the file's (more than 2 kept as is), 1, 2 */
	int rate;     /* 0: the file's own rate; else resample to this */
};

/* Opens path and its best audio stream. Fails with PK_EMEDIA and a message
 * naming the file for a file that is empty, not media, or has no audio
 * stream; PK_ENOENT when it does not exist. opts may be NULL. The caller
 * frees *out with pk_decoder_free. */
int pk_decoder_open(struct pk_decoder **out, const char *path,
		    const struct pk_decoder_opts *opts, struct pk_error *err);

/* The output's channel count and rate (after any mixing/resampling), the
 * source's own channel count, and the duration the container announces in
 * seconds (0 when unknown; a hint for progress only). */
int pk_decoder_channels(const struct pk_decoder *d);
int pk_decoder_rate(const struct pk_decoder *d);
int pk_decoder_source_channels(const struct pk_decoder *d);
double pk_decoder_duration_hint(const struct pk_decoder *d);

/* The ebur128 channel role of output channel i (an EBUR128_* value): the
 * LFE is left out and surrounds weighted, as BS.1770 says. */
int pk_decoder_channel_role(const struct pk_decoder *d, int i);

/* The demuxer, for copying tags, cover art and chapters; borrowed until
 * pk_decoder_free. */
const struct AVFormatContext *pk_decoder_format(const struct pk_decoder *d);

/* Decodes the next frames: returns 1 and sets *frames (interleaved float,
 * borrowed until the next call) and *n (frames, may be 0), 0 at the end,
 * or a negative PK_E* code. A file that ends before the length its header
 * announces is reported as truncated at the end. */
int pk_decoder_read(struct pk_decoder *d, const float **frames, size_t *n,
		    struct pk_error *err);

/* Frames delivered so far. */
int64_t pk_decoder_position(const struct pk_decoder *d);

void pk_decoder_free(struct pk_decoder *d);

/* ---- encoding ---------------------------------------------------------- */

struct pk_encoder;

struct pk_encoder_opts {
	const char *format; /* "mp3", "m4a", "opus" */
	int bitrate;        /* kbit/s */
	int channels;       /* 1 or 2 */
	int rate;           /* frames per second of the input frames */
	/* Tags, cover art and chapters to copy (may be NULL); borrowed. */
	const struct AVFormatContext *meta_from;
};

/* The rate the encoder for format wants given a source rate: the same
 * rate when the codec takes it, else the nearest it does (48000 for Opus).
 * Returns 0 for an unknown format. */
int pk_encoder_pick_rate(const char *format, int rate);

/* The MIME type and file extension of a format ("audio/mpeg", "mp3"), or
 * NULL for an unknown one. Static strings. */
const char *pk_format_mime(const char *format);
const char *pk_format_ext(const char *format);

/* Opens path (the caller's temporary file: it is written in place) for
 * writing. The caller frees *out with pk_encoder_free. */
int pk_encoder_open(struct pk_encoder **out, const char *path,
		    const struct pk_encoder_opts *opts, struct pk_error *err);

/* Sets a function called with every encoded audio packet (borrowed for
 * the call) before it is written, e.g. to decode and check it on another
 * thread. A non-zero return stops the encode with that code. */
void pk_encoder_set_tap(struct pk_encoder *e,
			int (*tap)(void *arg, const struct AVPacket *pkt),
			void *arg);

/* The encoded stream's parameters (borrowed until pk_encoder_free) and
 * the number of priming frames a decoder must drop. */
const struct AVCodecParameters *pk_encoder_codecpar(const struct pk_encoder *e);
int pk_encoder_delay(const struct pk_encoder *e);

/* Encodes n interleaved float frames. */
int pk_encoder_write(struct pk_encoder *e, const float *frames, size_t n,
		     struct pk_error *err);

/* Flushes the codec, writes the trailer (the MP3 Info/Xing header, the M4A
 * index moved to the front) and closes the file, checking every error. */
int pk_encoder_finish(struct pk_encoder *e, struct pk_error *err);

/* Frees the encoder; a file not finished is closed as it is (the caller
 * removes its temporary). NULL is a no-op. */
void pk_encoder_free(struct pk_encoder *e);

#endif
