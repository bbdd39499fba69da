/* notes.h: an episode's show notes, rendered for the feed and the pages.
 *
 * The notes are the episode's Markdown (episode.md's body) followed by
 * sections podkit generates from the metadata: the chapter list with
 * timestamps, the hosts and guests, the links, and the show's footer
 * (show.yaml `footer:`, Markdown). Everything is assembled as one Markdown
 * document, user text escaped, and rendered with cmark in its safe mode:
 * raw HTML in the notes is dropped, never passed through, and links with
 * dangerous schemes (javascript:...) are emptied.
 */
#ifndef PODKIT_NOTES_H
#define PODKIT_NOTES_H

#include <stddef.h>

#include "podkit/diag.h"
#include "podkit/error.h"
#include "podkit/show.h"

enum pk_notes_format {
	PK_NOTES_HTML,    /* HTML fragment, for content:encoded and pages */
	PK_NOTES_TEXT,    /* plain text, for the RSS description */
	PK_NOTES_MARKDOWN /* the combined Markdown, before rendering */
};

/* The most bytes plain-text notes may have (Apple's description limit). */
#define PK_NOTES_TEXT_MAX 4000

/* Renders ep's notes in fmt. Plain text keeps link targets readable as
 * "title (url)" and is cut to PK_NOTES_TEXT_MAX bytes on a word boundary
 * (never inside a UTF-8 sequence) with "…" appended; a cut adds a warning
 * with the episode's file and line to diags (which may be NULL).
 * Returns a malloc'd NUL-terminated string the caller frees, or NULL with
 * err filled (PK_ENOMEM, PK_EINTERNAL). show and ep are borrowed. */
char *pk_notes_render(const struct pk_show *show, const struct pk_episode *ep,
		      enum pk_notes_format fmt, struct pk_diags *diags,
		      struct pk_error *err);

/* Renders ep's notes as HTML and as plain text from one parse (the feed
 * needs both for every item): the same strings as two pk_notes_render
 * calls, warnings included. *html and *text get malloc'd strings the
 * caller frees. Returns 0, or PK_ENOMEM with err filled and both NULL. */
int pk_notes_render_both(const struct pk_show *show,
			 const struct pk_episode *ep, char **html, char **text,
			 struct pk_diags *diags, struct pk_error *err);

/* Cuts text (a NUL-terminated, malloc'd UTF-8 string) to at most max
 * bytes: at the last whitespace that leaves room for "…", else at the
 * last UTF-8 character boundary, trailing spaces trimmed, "…" appended.
 * Returns 1 when it cut, 0 when text already fitted. text may be moved
 * by realloc only to shrink, so *text stays valid. */
int pk_notes_cut(char *text, size_t max);

/* Parses a format name ("html", "text", "markdown"); 0 or PK_EINVAL. */
int pk_notes_format_parse(const char *name, enum pk_notes_format *fmt);

#endif
