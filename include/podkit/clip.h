/* clip.h: a stretch of an episode rendered as a captioned video for social
 * media (`podkit clip`, and the build's clips with show.yaml `clips:
 * true`).
 *
 * The video is H.264 (libx264 through libavcodec) and AAC in an MP4 with
 * its index (moov) at the front, at 25 frames a second. Each frame shows
 * the cover, the show's and the episode's titles, a moving waveform of the
 * audio and the transcript's cues that fall in the clip, each with its
 * speaker's name, burned in. Everything is one libavfilter graph run in
 * this process (showwaves, overlay, libass through the `ass` filter); the
 * cover, its blurred backdrop and the titles are drawn once, not per
 * frame. Fonts are Debian's DejaVu (fonts-dejavu-core).
 *
 * The audio is taken as it is from the file given, which should be the
 * published episode (levelled, on target, limited); the clip's times are
 * times of that file, and so are the cues' (a transcript already moved by
 * the episode's time map, as the build publishes it). A cue that starts
 * before the clip or ends after it is cut at the clip's edges, never
 * moved.
 *
 * The library never prints; errors come back as PK_E* codes with err
 * filled, naming the clip's `name` (the episode) and its times.
 */
#ifndef PODKIT_CLIP_H
#define PODKIT_CLIP_H

#include <stddef.h>

#include "podkit/error.h"

struct pk_transcript;

/* The sizes a clip may have: vertical (Reels, Shorts, TikTok), square,
 * landscape. */
#define PK_CLIP_SIZES "1080x1920, 1080x1080 or 1920x1080"

/* Frames per second: 25 divides every common sample rate, so each frame
 * shows a whole number of samples. */
#define PK_CLIP_FPS 25

struct pk_clip_spec {
	const char *name;  /* the episode, for messages ("episodes/001-x") */
	const char *audio; /* the published audio file */
	double from, to;   /* seconds of that file */
	int width, height; /* even, 64 to 4096 each */
	const char *cover; /* image file drawn in the frame; NULL: none */
	const char *show_title;	   /* may be NULL */
	const char *episode_title; /* may be NULL */
	/* The cues in the audio file's time (borrowed); NULL: no captions. */
	const struct pk_transcript *transcript;
	const char *poster; /* also write the middle frame as a JPEG here;
			       NULL: none */
	/* x264's speed preset ("veryfast" when NULL) and threads (0: as
	 * many as x264 chooses for the machine). */
	const char *preset;
	int threads;
};

/* What a render made. */
struct pk_clip_report {
	double duration;    /* seconds of the clip */
	size_t frames;	    /* video frames encoded */
	size_t captions;    /* cues shown (cut at the edges) */
	int has_transcript; /* 1 when spec->transcript was given */
};

/* Parses "WIDTHxHEIGHT" as one of PK_CLIP_SIZES into *w, *h. Returns 0 or
 * PK_EINVAL. */
int pk_clip_size_parse(const char *s, int *w, int *h);

/* Checks the clip's times against the audio's duration (seconds): a zero
 * or negative length, a start before 0 or an end past the end (50 ms of
 * slack for the encoder's last frame) is PK_EINVAL with a message naming
 * spec->name and the times. */
int pk_clip_check_times(const struct pk_clip_spec *spec, double duration,
			struct pk_error *err);

/* Renders spec into out (an MP4 written through a temporary beside it and
 * renamed), and spec->poster when given. rep (may be NULL) gets what was
 * made. Returns 0; PK_EINVAL for bad times or sizes (as above); PK_EMEDIA
 * when the audio or cover cannot be decoded or the video not encoded;
 * PK_EIO when a file cannot be written; PK_ENOMEM. */
int pk_clip_render(const struct pk_clip_spec *spec, const char *out,
		   struct pk_clip_report *rep, struct pk_error *err);

#endif
