/* notes_text_int.h: cmark's tree rendered as plain text. */
#ifndef PODKIT_NOTES_TEXT_H
#define PODKIT_NOTES_TEXT_H

#include <cmark.h>

/* Renders doc as plain text: blocks separated by blank lines, list items
 * as "- " or "1. ", links as "title (url)" (just the URL when the title
 * is the URL), raw HTML left out, no newline at the end. Returns a malloc'd
 * string the caller frees, or NULL when out of memory. doc is borrowed. */
char *pk_notes_plaintext(cmark_node *doc);

#endif
