/* show.h: the show model: show.yaml and its episodes, loaded and validated.
 *
 * A show is a folder: show.yaml (the show) and one folder per episode,
 * NNN-slug/episode.md (YAML front matter between "---" lines, then the
 * Markdown notes) beside the episode's source audio. pk_show_load parses
 * everything with libyaml and validates it, reporting every problem of every
 * file (with file and line) into a struct pk_diags rather than stopping at
 * the first.
 *
 * Ownership: every pointer inside a pk_show is owned by it and borrowed by
 * callers until pk_show_free. Strings are UTF-8; NULL means "not given".
 * Later stages (audio, tags, build) fill the fields marked "filled by the
 * pipeline" through the functions that own them; nothing else writes there.
 */
#ifndef PODKIT_SHOW_H
#define PODKIT_SHOW_H

#include <stddef.h>
#include <stdint.h>

#include "podkit/diag.h"
#include "podkit/error.h"

/* A person (podcast:person): a host or a guest. */
struct pk_person {
	char *name;  /* required */
	char *role;  /* Podcasting 2.0 role: "host" (hosts), "guest" (guests) */
	char *group; /* Podcasting 2.0 group, default "cast" */
	char *img;   /* URL of a picture */
	char *href;  /* URL of their page */
};

/* A chapter; start is in seconds from the start of the audio. */
struct pk_chapter {
	double start;
	char *title; /* required */
	char *url;   /* optional link */
	char *img;   /* optional picture URL */
	int line;    /* where it was given, for messages */
};

struct pk_link {
	char *title;
	char *url;
};

/* An Apple category and its subcategories (names from Apple's taxonomy). */
struct pk_category {
	char *name;
	char **subs;
	size_t nsubs;
};

/* Noise reduction (audio.denoise), with libavfilter's filters. */
enum pk_denoise {
	PK_DENOISE_NONE = 0,
	PK_DENOISE_AFFTDN, /* spectral (FFT): cheap; the default engine */
	PK_DENOISE_ANLMDN  /* non-local means: about 15x the CPU */
};

/* A music file named in show.yaml or episode.md (intro, outro, bed). */
struct pk_music_file {
	char *path; /* the file, joined to the show folder; NULL: none */
	char *at;   /* "show.yaml:12": where it was named, for messages */
};

/* Loudness and encoding settings (show.yaml `audio:`); the audio issue
 * reads them. Defaults are filled by pk_show_load. */
struct pk_audio_settings {
	double target_lufs;   /* NAN: -16 stereo, -19 mono */
	double target_mono;   /* LUFS for mono; NAN: target_lufs - 3 */
	double true_peak;     /* dBTP ceiling, default -1.0 */
	char *format;         /* "mp3" (default), "m4a", "opus" */
	int bitrate;          /* kbit/s; 0: 128 stereo / 96 mono (mp3) */
	int channels;         /* 0 keep, 1 downmix to mono, 2 stereo */
	int normalize;        /* 1 (default): normalise; 0: copy as given */
	int level;            /* 1 (default): level the speakers */
	/* Clean-up and music (see the field reference). */
	double highpass;      /* Hz; NAN: 80; 0: off */
	int denoise;          /* enum pk_denoise; 0: none */
	double max_pause;     /* seconds; 0: pauses kept */
	struct pk_music_file intro, outro, bed;
	double crossfade;     /* seconds; NAN: 2 */
	double music_under;   /* LU under the speech; NAN: 6 */
};

/* Where and how `podkit publish` uploads (show.yaml `publish:`). */
struct pk_publish_settings {
	char *target;    /* s3://bucket/prefix, https://dav/..., sftp://,
			    file:///path */
	char *endpoint;  /* S3 endpoint URL (MinIO, R2, B2, Spaces) */
	char *region;    /* S3 region; "auto" for R2 */
	int path_style;  /* 1: https://endpoint/bucket/key */
	char *acl;       /* optional canned ACL ("public-read") */
	char *host_key_sha256; /* SFTP host key pin (base64 SHA-256) */
	char **websub_hubs;    /* WebSub hub URLs pinged after publishing */
	size_t nwebsub_hubs;
	int podcastindex_ping; /* 1: Podcast Index pubnotify */
	int podping;           /* 1: podping (token from PODPING_TOKEN) */
};

/* A directory link on the show's web page (show.yaml `subscribe:`). */
struct pk_subscribe {
	char *name; /* "Apple Podcasts" */
	char *url;
};

enum pk_episode_type {
	PK_EPISODE_FULL = 0,
	PK_EPISODE_TRAILER,
	PK_EPISODE_BONUS
};

/* What an episode's enclosure is, once known (filled by the pipeline:
 * the foundation probes the source file; the audio issue fills it with the
 * encoded file; a URL audio fills it from the metadata). */
struct pk_media {
	char *path;     /* file under the output folder ("audio/x.mp3"), or
			   NULL when url is absolute */
	char *url;      /* the full public URL of the enclosure */
	int64_t length; /* bytes, > 0 once known */
	double duration;/* seconds, > 0 once known */
	char *mime;     /* "audio/mpeg", "audio/x-m4a", ... */
	/* Where each moment of the source is published (an intro, cut
	 * pauses), or NULL when nothing moved; owned (audio/timemap_int.h). */
	struct pk_timemap *timemap;
};

/* One microphone's recording of a double-ender (episode.md `tracks:`):
 * the build mixes the tracks (see mix.h) into the episode's audio. */
struct pk_track {
	char *file;    /* a file name in the episode's folder */
	char *name;    /* the speaker: one of the episode's hosts or guests */
	double offset; /* seconds after the first track's start its first
			  sample plays; NAN: found by alignment */
	int line;      /* of episode.md, for messages */
};

/* The most tracks an episode may name. */
#define PK_EPISODE_MAX_TRACKS 16

struct pk_episode {
	char *dir;  /* path of the episode folder, as found (show dir + slug) */
	char *slug; /* the folder name, "003-why-we-pull-away" */
	char *file; /* path of its episode.md, for messages */
	int folder_number; /* the NNN of the folder name */

	char *title;
	int number; /* itunes:episode; 0 when not given */
	int season; /* 0 when not given */
	enum pk_episode_type type;
	int64_t date;     /* publication time, seconds since the epoch (UTC) */
	int tz_minutes;   /* the time zone it was written in, for pubDate */
	char *guid;       /* as given, or derived (guid_derived = 1) */
	int guid_derived;
	int number_line;  /* lines of episode.md where number and guid are */
	int guid_line;    /* given, for messages; 0 when not given */
	int explicit_;    /* -1: inherit the show's; 0 or 1 */
	char *summary;    /* short plain-text summary (COMM, itunes:summary) */
	char *audio;      /* a file name in dir, or an http(s) URL */
	int audio_is_url;
	int64_t audio_length;  /* for URL audio: bytes (required) */
	double audio_duration; /* for URL audio: seconds (required) */
	char *audio_mime;      /* for URL audio: optional, else by extension */
	struct pk_track *tracks; /* instead of audio: one per mic (or NULL) */
	size_t ntracks;
	char *image;      /* file name in dir, or URL */
	struct pk_person *hosts;  /* NULL/0: the show's hosts */
	size_t nhosts;
	struct pk_person *guests;
	size_t nguests;
	struct pk_chapter *chapters;
	size_t nchapters;
	char *transcript; /* file name in dir (.srt or .vtt) */
	struct pk_link *links;
	size_t nlinks;
	char **keywords;
	size_t nkeywords;
	int block;
	char *notes_md;   /* the Markdown body after the front matter */
	int notes_line;   /* line of episode.md where the body starts */

	int scheduled;    /* date is after "now": left out of the feed */

	/* intro:/outro: replacing show.yaml's (path NULL: the show's);
	 * no_intro/no_outro: `none` given. */
	struct pk_music_file intro, outro;
	int no_intro, no_outro;

	struct pk_media media; /* filled by the pipeline */
};

struct pk_show {
	char *dir;  /* the show folder */
	char *file; /* its show.yaml, for messages */

	char *title;
	char *description;
	char *author;
	char *language;    /* "en", "en-us" */
	char *link;        /* the show's web page */
	char *image;       /* file name in the show folder, or URL */
	struct pk_category *categories;
	size_t ncategories;
	int explicit_;
	int serial;        /* type: serial (1) or episodic (0) */
	char *owner_name;
	char *owner_email;
	struct pk_person *hosts;
	size_t nhosts;
	char *feed_url;    /* public URL of feed.xml */
	char *media_url;   /* base URL of published files (CDN, prefix) */
	char *podcast_guid;/* given, or UUIDv5 of feed_url (see guid.h) */
	int locked;
	char *locked_owner;/* podcast:locked owner, default owner_email */
	struct pk_link *funding; /* title + url */
	size_t nfunding;
	char *license;
	char *medium;      /* "podcast" default */
	char **txt;        /* podcast:txt values */
	size_t ntxt;
	char *new_feed_url;
	int complete;
	int block;
	char *footer;      /* Markdown appended to every episode's notes */
	char *copyright;

	struct pk_audio_settings audio;
	struct pk_publish_settings publish;
	struct pk_subscribe *subscribe;
	size_t nsubscribe;

	struct pk_episode *episodes; /* sorted by folder number */
	size_t nepisodes;
	size_t nleft_out; /* episode folders left out for errors in their
			     metadata (reported by pk_show_load) */

	int64_t now; /* the time scheduling was judged at */
};

/* Options for pk_show_load. */
struct pk_show_load_opts {
	/* "Now" for scheduling (episodes dated later are marked scheduled).
	 * 0: SOURCE_DATE_EPOCH if set, else the clock. */
	int64_t now;
	/* 1: check that local audio files exist (default for builds). */
	int check_audio;
	/* Threads reading the episodes: 0 one per core (a show of a few
	 * dozen episodes is read on the calling thread), 1 none. */
	int jobs;
};

/* Loads dir/show.yaml and every dir/NNN-slug/episode.md. Problems go into
 * diags (the caller owns it; warnings for unknown keys, errors for the
 * rest). Returns 0 and sets *out when there were no errors; returns
 * PK_EINVAL (with *out still set, so the good episodes can be used) when
 * only episodes had errors: those episodes are left out of (*out) and
 * counted in diags. Returns PK_EINVAL with *out = NULL when show.yaml
 * itself is unusable, PK_ENOMEM/PK_EIO on system failures (err says).
 * The caller frees *out with pk_show_free. opts may be NULL. */
int pk_show_load(const char *dir, const struct pk_show_load_opts *opts,
		 struct pk_show **out, struct pk_diags *diags,
		 struct pk_error *err);

/* Frees a show and everything it owns; NULL is a no-op. */
void pk_show_free(struct pk_show *show);

/* Finds an episode by folder path, slug, or number ("3", "003");
 * borrowed from show; NULL when none matches. */
struct pk_episode *pk_show_find_episode(struct pk_show *show,
					const char *which);

/* The episode's explicit flag with the show's as default. */
int pk_episode_explicit(const struct pk_show *show,
			const struct pk_episode *ep);

/* The hosts an episode credits: its own list, else the show's. */
const struct pk_person *pk_episode_hosts(const struct pk_show *show,
					 const struct pk_episode *ep,
					 size_t *n);

/* Frees what a pk_media owns and zeroes it. */
void pk_media_release(struct pk_media *m);

#endif
