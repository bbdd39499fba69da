/* pages_int.h: the show's web pages: feed/index.html (the show and its
 * episodes) and feed/episodes/SLUG.html (a player, chapters that seek it,
 * the notes, the people, the transcript with clickable times).
 *
 * The pages are self-contained HTML5: inline CSS and a few lines of inline
 * JavaScript, no external scripts or fonts; every text from the metadata is
 * HTML-escaped. They work without JavaScript (the player still plays, the
 * times are still shown) and with a keyboard (times are buttons).
 */
#ifndef PODKIT_PAGES_H
#define PODKIT_PAGES_H

#include <stddef.h>

#include "podkit/error.h"
#include "podkit/show.h"

/* A transcript cue as a page shows it; strings borrowed. */
struct pk_page_cue {
	double start;	     /* seconds */
	const char *speaker; /* may be NULL */
	const char *text;    /* plain text */
};

/* What an episode page shows besides the model; all borrowed. */
struct pk_episode_page {
	const struct pk_episode *ep;
	/* The notes as an HTML fragment (pk_notes_render's, which cmark
	 * made safe): inserted as is. Its generated "Chapters" and "Hosts
	 * and guests" sections are left out, since the page shows both
	 * itself. NULL: no notes section. */
	const char *notes_html;
	const struct pk_page_cue *cues; /* the transcript; NULL/0: none */
	size_t ncues;
	const char *transcript_href; /* link to the transcript file, or NULL */
};

/* The episode page. Links are relative to feed/episodes/. Returns a
 * malloc'd HTML document the caller frees, or NULL when out of memory. */
char *pk_page_episode(const struct pk_show *show,
		      const struct pk_episode_page *page);

/* The show's page, listing eps (n of them, in the order given). Links are
 * relative to feed/. Returns a malloc'd document, or NULL. */
char *pk_page_index(const struct pk_show *show,
		    const struct pk_episode *const *eps, size_t n);

/* The href of an episode's audio from feed/episodes/: "../" + its path in
 * the output folder, else its absolute URL, else NULL. Writes into buf. */
const char *pk_page_audio_href(const struct pk_episode *ep, char *buf,
			       size_t size);

/* Renders ep's page as pk_pages_write_episode writes it (the transcript
 * read from the episode's file) into *html, malloc'd, for the caller to
 * write (the build writes it only when its bytes changed). Returns 0 or
 * PK_ENOMEM with err; *html is then NULL. */
int pk_pages_episode_html(const struct pk_show *show,
			  const struct pk_episode *ep, const char *notes_html,
			  char **html, struct pk_error *err);

/* Writes out_dir/episodes/SLUG.html for ep: notes_html (may be NULL)
 * from the build's notes step, the transcript read from the episode's
 * file (ep->transcript, linked as published by the build). Atomic.
 * Returns 0 or a PK_E* code with err naming the episode. */
int pk_pages_write_episode(const struct pk_show *show,
			   const struct pk_episode *ep,
			   const char *notes_html, const char *out_dir,
			   struct pk_error *err);

/* Writes out_dir/index.html listing eps (n, in that order). Atomic.
 * Returns 0 or a PK_E* code with err. */
int pk_pages_write_index(const struct pk_show *show,
			 const struct pk_episode *const *eps, size_t n,
			 const char *out_dir, struct pk_error *err);

#endif
