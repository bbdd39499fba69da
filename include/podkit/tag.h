/* tag.h: reading and writing an episode's tags (ID3v2 in MP3, MP4 atoms
 * in M4A), chapters and cover art included.
 *
 * The data model is plain C (struct pk_tags) so C code fills it from the
 * show model (pk_tags_from_episode) and the command line (pk_tags_set);
 * the file formats are reached through TagLib's C++ API in one shim
 * (src/tag_taglib.cc), whose every exception is caught at its edge and
 * turned into a struct pk_error. TagLib 1.13 cannot write MP4 chapters, so
 * for M4A the file is first remuxed by libavformat with the chapters as a
 * QuickTime chapter track and a Nero chpl atom (src/mp4_chapters.c), then
 * tagged by TagLib.
 *
 * MP3 frames written (ID3v2.3 by default, 2.4 on request):
 *   TIT2 title, TPE1 artist (the hosts), TALB album (the show), TRCK track
 *   (episode number), TPOS disc (season), release date (TDRL + TDRC in
 *   2.4; TYER/TDAT/TIME in 2.3), TCON genre ("Podcast"), PCST, TCAT
 *   category, TDES description, TGID guid, WFED feed URL, COMM summary,
 *   TCOP copyright, APIC front cover, CHAP/CTOC chapters (one top-level
 *   ordered CTOC "toc"; each CHAP "chpN" carries TIT2 and WXXX when it has
 *   a URL). Stale loudness tags are removed: TXXX replaygain_* and mp3gain
 *   frames, RVA2, RVAD, COMM iTunNORM; ID3v1 and APE tags are stripped.
 * M4A atoms written: ©nam, ©ART, ©alb, trkn, disk, ©day, ©gen, desc, ldes,
 *   tvsh, catg, egid, purl, pcst, cprt, covr, and the chapters.
 */
#ifndef PODKIT_TAG_H
#define PODKIT_TAG_H

#include <stddef.h>

#include "podkit/error.h"
#include "podkit/show.h"

/* One chapter as tags carry it: start and end in seconds. */
struct pk_tag_chapter {
	double start;
	double end;  /* the next chapter's start, or the duration */
	char *title; /* owned */
	char *url;   /* owned; may be NULL */
};

/* Every string is owned by the struct (malloc'd, UTF-8, NULL when not
 * set); pk_tags_release frees them all. */
struct pk_tags {
	char *title;
	char *artist;      /* the hosts, "Maya Ortiz, Jonah Reed" */
	char *album;       /* the show's title */
	int track;         /* episode number; 0: none */
	int disc;          /* season; 0: none */
	char *date;        /* release date, ISO 8601 "2026-01-05T06:00:00" or
			      "2026-01-05" or "2026" */
	char *genre;       /* "Podcast" */
	int podcast;       /* 1: PCST / pcst set */
	char *category;    /* TCAT / catg */
	char *description; /* TDES / ldes: the long description */
	char *summary;     /* COMM / desc: the one-paragraph summary */
	char *guid;        /* TGID / egid */
	char *feed_url;    /* WFED / purl */
	char *copyright;   /* TCOP / cprt */
	unsigned char *cover; /* image bytes (owned) */
	size_t cover_len;
	char *cover_mime;  /* "image/jpeg" or "image/png" */
	struct pk_tag_chapter *chapters; /* owned array */
	size_t nchapters;
	double duration;   /* seconds (read only: filled by pk_tags_read) */
};

/* Options for pk_tags_write. */
struct pk_tag_opts {
	int id3v24; /* 1: write ID3v2.4 (default 2.3, which more players
		       read) */
};

void pk_tags_init(struct pk_tags *t);
void pk_tags_release(struct pk_tags *t);

/* Frees the chapters and sets n new ones (copied; ends filled by
 * pk_tags_fix_ends when 0). Returns 0 or PK_ENOMEM. */
int pk_tags_set_chapters(struct pk_tags *t, const struct pk_tag_chapter *c,
			 size_t n);

/* Fills chapter ends that are 0 with the next start, the last one with
 * duration (when > 0). */
void pk_tags_fix_ends(struct pk_tags *t, double duration);

/* Replaces a string field with a copy of value (NULL clears it).
 * Returns 0 or PK_ENOMEM. */
int pk_tags_set_str(char **field, const char *value);

/* Sets one field from "KEY=VALUE" as given on the command line: title,
 * artist, album, track, disc, date, genre, podcast, category, description,
 * summary, guid, feed_url, copyright, cover (a JPEG or PNG file path).
 * An empty value clears the field. Returns 0, or PK_EINVAL with err
 * naming the bad key. */
int pk_tags_set(struct pk_tags *t, const char *assignment,
		struct pk_error *err);

/* The cover an episode's tags embed: the episode's own image when it is a
 * file (not a URL), else the show's cover when that is a file; NULL when
 * neither. Returns the name as written in episode.md or show.yaml
 * (borrowed from the model); *own (may be NULL) is 1 when it is the
 * episode's (relative to ep->dir), 0 when the show's (show->dir). The
 * build embeds its published 1400 px copy, `podkit tag` makes one. */
const char *pk_tags_cover_image(const struct pk_show *show,
				const struct pk_episode *ep, int *own);

/* The same as a path to the file (the folder joined with the name):
 * malloc'd, the caller frees it; NULL when there is none (or out of
 * memory). */
char *pk_tags_cover_source(const struct pk_show *show,
			   const struct pk_episode *ep);

/* Checks src as cover art (pk_image_check) and writes the copy tags embed
 * to dst (whose folder exists): a PK_COVER_SMALL px JPEG, since a 3000 px
 * cover in every episode file would cost each listener a megabyte.
 * Atomic. Returns 0 or a PK_E* code with err. */
int pk_tags_cover_make(const char *src, const char *dst,
		       struct pk_error *err);

/* Fills t from the show model: the episode's title, hosts, the show's
 * title, number, season, date (in the time zone it was written in),
 * "Podcast", its first category, the show's description, the summary,
 * guid, feed URL, copyright, chapters (ends from duration when > 0) and
 * the cover: cover_path (a JPEG or PNG file, usually the 1400 px copy)
 * when not NULL. Fields already set in t are replaced. */
int pk_tags_from_episode(struct pk_tags *t, const struct pk_show *show,
			 const struct pk_episode *ep, double duration,
			 const char *cover_path, struct pk_error *err);

/* Writes t into the audio file at path (MP3 or M4A, told by its content
 * through TagLib), replacing the tags podkit manages and removing stale
 * loudness tags. The file is rewritten through a temporary copy and
 * renamed into place: on failure it is left as it was. */
int pk_tags_write(const char *path, const struct pk_tags *t,
		  const struct pk_tag_opts *opts, struct pk_error *err);

/* Reads the tags, cover and chapters of path into t (which the caller
 * initialised; previous contents are released first). */
int pk_tags_read(const char *path, struct pk_tags *t, struct pk_error *err);

#endif
