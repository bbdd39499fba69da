/* xmlw_int.h: a thin layer over libxml2's xmlTextWriter for podkit's XML
 * outputs (the feed): text cleaned to what XML 1.0 allows, CDATA sections
 * that survive "]]>", and one sticky error instead of a check per call.
 */
#ifndef PODKIT_XMLW_H
#define PODKIT_XMLW_H

#include <stdio.h>

#include "base/buf_int.h"

/* libxml2's writer and buffer, kept opaque here so that including this
 * header does not need libxml2's include path. */
struct _xmlTextWriter;
struct _xmlBuffer;

struct pk_xmlw {
	struct _xmlTextWriter *w; /* owned */
	struct pk_buf tmp;  /* scratch for cleaned text */
	int failed;         /* 1 once any write failed */
	FILE *fp;           /* where the writer writes (borrowed), or */
	struct _xmlBuffer *buf; /* (owned by a fragment writer) */
	int own_buf;
	size_t frag_start;  /* a fragment's first byte in buf */
};

/* Starts a UTF-8 document written to fp (borrowed: the caller closes it
 * after pk_xmlw_finish), indented by indent ("  "; NULL: no indent).
 * Returns 0 or PK_ENOMEM. */
int pk_xmlw_open_fp(struct pk_xmlw *x, FILE *fp, const char *indent);

/* The same into a libxml2 memory buffer (tests). */
int pk_xmlw_open_buffer(struct pk_xmlw *x, struct _xmlBuffer *buf,
			const char *indent);

/* Fragments: parts of one document written on other threads.
 *
 * pk_xmlw_open_fragment starts a writer into its own memory buffer, placed
 * as if inside the open elements path[0..depth) after an earlier sibling
 * element, with the same indentation as the document's writer. What it
 * writes from there (pk_xmlw_fragment) is what the document's writer would
 * write at such a place, so pk_xmlw_splice can put it there unchanged.
 * pk_xmlw_release frees a fragment writer. Open the document's writer
 * (which initialises libxml2) before fragment writers on other threads.
 * Returns 0 or PK_ENOMEM. */
int pk_xmlw_open_fragment(struct pk_xmlw *x, const char *const *path,
			  size_t depth, const char *indent);

/* The fragment's bytes so far (borrowed until the next write or release);
 * *len gets their number. NULL when a write failed. */
const char *pk_xmlw_fragment(struct pk_xmlw *x, size_t *len);

/* Empties a fragment writer's buffer for the next fragment, which starts
 * where the last one ended (after a sibling). */
void pk_xmlw_fragment_reset(struct pk_xmlw *x);

/* Writes bytes a fragment writer made at x's current place, leaving x's
 * state as it was: the next element is indented as after a sibling. */
void pk_xmlw_splice(struct pk_xmlw *x, const char *data, size_t len);

/* Ends every open element and the document, flushes and frees the writer.
 * Returns 0, or PK_EIO when any write since open failed. */
int pk_xmlw_finish(struct pk_xmlw *x);

/* Frees the writer without finishing (after an error). */
void pk_xmlw_release(struct pk_xmlw *x);

/* The elements and text. Names are ASCII literals; every text and
 * attribute value passes pk_xml_clean first, and libxml2 escapes it. A
 * NULL value skips the attribute or element. */
void pk_xmlw_start(struct pk_xmlw *x, const char *name);
void pk_xmlw_end(struct pk_xmlw *x);
void pk_xmlw_attr(struct pk_xmlw *x, const char *name, const char *value);
void pk_xmlw_text(struct pk_xmlw *x, const char *text);
/* <name>text</name>. */
void pk_xmlw_elem(struct pk_xmlw *x, const char *name, const char *text);
/* The same with a number as the value or text. */
void pk_xmlw_attr_ll(struct pk_xmlw *x, const char *name, long long v);
void pk_xmlw_elem_ll(struct pk_xmlw *x, const char *name, long long v);
/* <name><![CDATA[text]]></name>; a "]]>" inside text ends one section
 * after "]]" and opens the next before ">", so the parsed text is text. */
void pk_xmlw_cdata_elem(struct pk_xmlw *x, const char *name,
			const char *text);

/* Appends s to out with what XML 1.0 cannot carry removed: bytes that are
 * not UTF-8, control characters other than tab, newline and carriage
 * return, surrogates and U+FFFE/U+FFFF. Non-ASCII text is kept. */
void pk_xml_clean(const char *s, struct pk_buf *out);

#endif
