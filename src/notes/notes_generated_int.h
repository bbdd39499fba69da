/* notes_generated_int.h: the sections podkit adds to an episode's notes (its
 * chapters with timestamps, hosts and guests, links), as Markdown text
 * for `podkit notes --format markdown` and as cmark nodes for HTML and
 * plain text. Internal to libpodkit.
 *
 * Both come from one walk over the episode, and the nodes are what cmark
 * makes of the Markdown (test_notes holds the two to the same HTML), so
 * the feed, which renders thousands of notes, skips writing and parsing
 * that text. Every title, name and role is text, never Markdown: nothing
 * in them can open a link, emphasis or raw HTML.
 */
#ifndef PODKIT_NOTES_GENERATED_H
#define PODKIT_NOTES_GENERATED_H

#include <cmark.h>

#include "base/buf_int.h"
#include "podkit/show.h"

/* Appends the sections as Markdown to b (nothing when the episode has no
 * chapters, people or links); b's oom flag tells a failed allocation. */
void pk_notes_generated_md(struct pk_buf *b, const struct pk_show *show,
			   const struct pk_episode *ep);

/* Appends the sections as blocks to doc. Returns 0, or -1 when out of
 * memory (doc may then hold part of them; the caller frees it). */
int pk_notes_generated_nodes(cmark_node *doc, const struct pk_show *show,
			     const struct pk_episode *ep);

#endif
