/* pages.h: the show's web pages: feed/index.html (the show and its
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

/* Writes feed/index.html and feed/episodes/SLUG.html for every episode
 * that is published (not scheduled), atomically. The notes come from
 * pk_notes_render, the transcript from the episode's file. A failing
 * episode is reported in err and the others are still written. Returns 0
 * or the first error. */
int pk_pages_write(const struct pk_show *show, const char *out_dir,
		   struct pk_error *err);

#endif
