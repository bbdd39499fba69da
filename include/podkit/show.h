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

/* A soundbite (episode.md `soundbites:`, podcast:soundbite): a stretch of
 * the audio worth hearing on its own, for previews and clips. Times are in
 * seconds of the source audio as loaded; the build moves them to the
 * published audio (an intro, shortened pauses) before the tags, feed and
 * pages read them. */
struct pk_soundbite {
	double start;    /* seconds from the start of the audio, >= 0 */
	double duration; /* seconds, PK_SOUNDBITE_MIN..PK_SOUNDBITE_MAX */
	char *title;     /* required */
	int line;        /* of episode.md, for messages */
};

/* The length of a soundbite the Podcasting 2.0 namespace recommends. */
#define PK_SOUNDBITE_MIN 15.0
#define PK_SOUNDBITE_MAX 120.0

/* The Podcasting 2.0 tags beyond the core (docs/REFERENCE.md names the
 * show.yaml and episode.md key of each). Every string is as given and
 * checked against the namespace's rules by pk_show_load; `line` is where
 * the entry was given in its file, for messages. */

/* podcast:location: a place the content is about (rel "subject") or was
 * made in ("creator"). */
struct pk_location {
	char *name;    /* required: the node value, at most 128 characters */
	char *geo;     /* "geo:38.7223,-9.1393" (RFC 5870) */
	char *osm;     /* OpenStreetMap id: "R5400890" */
	char *rel;     /* "subject" or "creator" */
	char *country; /* ISO 3166-1 alpha-2: "pt" */
	int line;
};

/* podcast:socialInteract: where an episode (or the show) is discussed. */
struct pk_social {
	char *protocol;	   /* required: activitypub, twitter, atproto, ...,
			      or "disabled" (then nothing else) */
	char *uri;	   /* required unless disabled: the root post */
	char *account_id;  /* "@maya@example.social" */
	char *account_url; /* the account's page */
	long priority;	   /* 0: not given; lower goes first */
	int line;
};

/* podcast:remoteItem: another feed or item, by guid (a podroll entry,
 * the publisher, a value time split's recipient). */
struct pk_remote_item {
	char *feed_guid; /* required: a podcast:guid (UUID) */
	char *feed_url;
	char *item_guid;
	char *medium; /* a podcast:medium value */
	char *title;  /* a note for people reading show.yaml; not written */
	int line;
};

/* podcast:image: an image with its intended uses. */
struct pk_image {
	char *href;	    /* required: http(s) URL */
	char *purpose;	    /* space-separated tokens: "artwork social" */
	char *alt;	    /* text for screen readers */
	char *aspect_ratio; /* "16/9" */
	char *type;	    /* MIME type: "image/jpeg" */
	long width, height; /* pixels; 0: not given */
	int line;
};

/* podcast:valueRecipient. */
struct pk_value_recipient {
	char *name;
	char *type;    /* required: "node" (a keysend pubkey), "lnaddress" */
	char *address; /* required */
	char *custom_key, *custom_value;
	long split; /* required: shares (a percentage when fee) */
	int fee;    /* 1: taken off the top */
	int line;
};

/* podcast:valueTimeSplit: other recipients for a stretch of the audio:
 * either recipients or one remote item. */
struct pk_value_split {
	double start;		/* seconds, required */
	double duration;	/* seconds, required, > 0 */
	double remote_start;	/* seconds into the remote item; 0 default */
	long remote_percentage; /* 1-100; 0: not given (100) */
	struct pk_remote_item *remote; /* 0 or 1 */
	size_t nremote;
	struct pk_value_recipient *recipients;
	size_t nrecipients;
	int line;
};

/* podcast:value: how listeners can send value. */
struct pk_value {
	char *type;	 /* required: "lightning", "hive", "webmonetization" */
	char *method;	 /* required: "keysend", "lnaddress", ... */
	char *suggested; /* a decimal amount in the type's unit */
	struct pk_value_recipient *recipients; /* at least one */
	size_t nrecipients;
	struct pk_value_split *splits; /* episodes only */
	size_t nsplits;
	int line;
};

/* podcast:chat: where the show's or episode's live chat is. */
struct pk_chat {
	char *server;	/* required: a host name */
	char *protocol; /* required: irc, xmpp, nostr, matrix */
	char *account_id;
	char *space;
	int line;
};

/* podcast:contentLink: the content elsewhere (a web player, a video). */
struct pk_content_link {
	char *href;  /* required: http(s) URL */
	char *title; /* required: the node value */
	int line;
};

/* The Podcasting 2.0 tags a show and an episode may both have. */
struct pk_p20 {
	struct pk_location *locations;
	size_t nlocations;
	struct pk_social *social;
	size_t nsocial;
	struct pk_image *images;
	size_t nimages;
	struct pk_value *values; /* one per type */
	size_t nvalues;
	struct pk_chat *chat; /* 0 or 1 */
	size_t nchat;
	struct pk_content_link *content_links;
	size_t ncontent_links;
};

/* podcast:updateFrequency. */
struct pk_update_frequency {
	char *text;    /* required: the node value, "Every other Monday" */
	char *rrule;   /* RFC 5545 rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO" */
	char *dtstart; /* ISO 8601 date-time with a zone */
	int complete;  /* 1: no more episodes will come */
	int line;
};

/* podcast:block with a service id (show.yaml `block_services:`). */
struct pk_block_service {
	char *id;  /* a service slug: "spotify", "podcastindex" */
	int block; /* 1: "yes", 0: "no" */
	int line;
};

/* podcast:liveItem: a live stream, announced before, during and after. */
struct pk_live_item {
	char *title;  /* required */
	char *guid;   /* required */
	char *status; /* required: pending, live, ended */
	char *start;  /* required: ISO 8601 with a zone, as given */
	char *end;    /* ISO 8601 with a zone, as given */
	char *url;    /* required: the stream (the <enclosure>) */
	char *type;   /* MIME type; audio/mpeg default */
	char *description;
	struct pk_content_link *content_links; /* at least one */
	size_t ncontent_links;
	int line;
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
	char **formats;	      /* more formats from the same pass, for
				 podcast:alternateEnclosure (audio.formats
				 less the main one); NULL/0: none */
	size_t nformats;
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

/* Another format of the enclosure (show.yaml `audio.formats`), made in
 * the same pass as the main file: a podcast:alternateEnclosure. Filled by
 * the pipeline; owned by its pk_media. */
struct pk_media_alt {
	char *path;	 /* under the output folder: "audio/x.opus" */
	char *url;	 /* its public URL */
	int64_t length;	 /* bytes */
	char *mime;	 /* "audio/ogg", "audio/x-m4a", "audio/mpeg" */
	char *codecs;	 /* RFC 6381: "opus", "mp4a.40.2", "mp3" */
	long bitrate;	 /* bits per second, the file's average */
	char *integrity; /* "sha384-..." (Subresource Integrity) */
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
	/* The other formats, in show.yaml's order (NULL/0: none). */
	struct pk_media_alt *alts;
	size_t nalts;
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
	struct pk_soundbite *soundbites; /* in the order given */
	size_t nsoundbites;
	struct pk_p20 p20; /* location, socialInteract, image, value, chat,
			      contentLink */
	char *transcript; /* file name in dir (.srt or .vtt) */
	struct pk_link *links;
	size_t nlinks;
	char **keywords;
	size_t nkeywords;
	int block;
	/* unpublished: true: taken out of the feed on purpose (its outputs
	 * go with it); an error never takes a published episode out. */
	int unpublished;
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
	char **prefixes;   /* analytics prefix URLs wrapping the enclosure
			      URLs in the feed, outermost first */
	size_t nprefixes;
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
	int clips;         /* 1: the build renders every soundbite as a
			      video (clip.h) */
	char *clip_size;   /* "WxH" of those videos; NULL: 1080x1920 */
	int block;
	char *footer;      /* Markdown appended to every episode's notes */
	char *copyright;

	struct pk_p20 p20; /* location, socialInteract, image, value, chat */
	struct pk_remote_item *podroll; /* podcast:podroll */
	size_t npodroll;
	struct pk_remote_item *publisher; /* 0 or 1: podcast:publisher */
	size_t npublisher;
	struct pk_update_frequency *update_frequency; /* 0 or 1 */
	size_t nupdate_frequency;
	struct pk_block_service *block_services; /* podcast:block id= */
	size_t nblock_services;
	struct pk_live_item *live_items;
	size_t nlive_items;

	struct pk_audio_settings audio;
	struct pk_publish_settings publish;
	struct pk_subscribe *subscribe;
	size_t nsubscribe;

	struct pk_episode *episodes; /* sorted by folder number */
	size_t nepisodes;
	size_t nleft_out; /* episode folders left out for errors in their
			     metadata (reported by pk_show_load) */
	char **left_out;  /* their folder names ("003-x"), nleft_out of them:
			     the build keeps their last good feed items */

	int64_t now; /* the time scheduling was judged at */
};

/* An episode the live feed has, as the last build recorded it (see
 * pk_build_published in build.h): of two episodes that clash, the one
 * published keeps its place. */
struct pk_published_episode {
	const char *slug; /* its folder name */
	const char *guid;
	int season, number;
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
	/* The episodes in the live feed (NULL: none known): of two that
	 * clash on a folder number, an episode number or a guid, the one
	 * listed here (with that value, when both are) stays and the other
	 * is refused; among the others, the one dated earlier stays. */
	const struct pk_published_episode *published;
	size_t npublished;
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

/* Checks that every soundbite lies inside audio of `duration` seconds
 * (the build calls it with the published length once the times followed
 * the audio; pk_show_load does it for URL audio with audio_duration).
 * Each problem goes into d as file:line. Returns how many. */
size_t pk_soundbites_check_inside(const struct pk_soundbite *v, size_t n,
				  double duration, const char *file,
				  struct pk_diags *d);

/* Frees what a pk_media owns and zeroes it. */
void pk_media_release(struct pk_media *m);

#endif
