/* lint_int.h: the linter's shared state and its
 * helpers for walking a parsed feed. */
#ifndef PODKIT_LINT_INT_H
#define PODKIT_LINT_INT_H

#include <libxml/tree.h>

#include "lint/lint_rules_int.h"
#include "podkit/error.h"
#include "podkit/lint.h"

/* The namespaces elements are matched by (their URI, never the prefix a
 * feed happens to use). */
enum lint_ns {
	NS_NONE, /* RSS's own elements have no namespace */
	NS_ITUNES,
	NS_PODCAST, /* the current URI, or the namespace's older GitHub one */
	NS_CONTENT,
	NS_ATOM,
	NS_OTHER
};

struct lint {
	const char *name;	      /* the feed's file or URL, for messages */
	struct pk_lint_findings *out; /* borrowed */
	xmlDocPtr doc;
	xmlNodePtr rss, channel;
};

/* Adds a finding of rule r at n's line (n may be NULL: no line); its
 * severity is the rule's. */
void lint_report(struct lint *l, enum lint_rule r, xmlNodePtr n,
		 const char *fmt, ...) PK_PRINTF(4, 5);

/* The same at a line of the text, for what the parser reports. */
void lint_report_line(struct lint *l, enum lint_rule r, int line,
		      const char *fmt, ...) PK_PRINTF(4, 5);

/* lint_rules.c: the table's row of rule r. */
const struct pk_lint_rule *lint_rule(enum lint_rule r);

/* lint_findings.c: sorts the findings by line, keeping the order of those
 * on one line. Returns 0 or PK_ENOMEM (then they stay as they were). */
int lint_sort(struct pk_lint_findings *f);

/* The line of an element (1-based, 0 when unknown). */
int lint_line(xmlNodePtr n);

/* Which of the known namespaces n is in. */
enum lint_ns lint_ns_of(xmlNodePtr n);

/* 1 when n is an element named name in namespace ns. */
int lint_is(xmlNodePtr n, enum lint_ns ns, const char *name);

/* The first element child of parent named name in ns, or NULL. */
xmlNodePtr lint_child(xmlNodePtr parent, enum lint_ns ns, const char *name);

/* How many element children of parent are named name in ns. */
size_t lint_count(xmlNodePtr parent, enum lint_ns ns, const char *name);

/* The text of an element (its text and CDATA children only: entity
 * references are never followed), whitespace trimmed. malloc'd, the
 * caller frees; NULL when out of memory. */
char *lint_text(xmlNodePtr n);

/* An attribute's value (no namespace), malloc'd, or NULL when absent. */
char *lint_attr(xmlNodePtr n, const char *name);

/* 1 when s is a whole number in decimal digits only, above 0 (when
 * positive) or at least 0. */
int lint_number(const char *s, int positive);

/* Checks an <itunes:image>'s href: present, http(s), .jpg or .png; what
 * it finds is reported under rule r. */
void lint_image(struct lint *l, xmlNodePtr image, enum lint_rule r);

/* Checks an <itunes:explicit> value. */
void lint_explicit(struct lint *l, xmlNodePtr explicit_);

/* Checks a <description>'s size against Apple's 4000 bytes, reported
 * under rule r. */
void lint_description_size(struct lint *l, xmlNodePtr desc, enum lint_rule r);

/* The checks, one file each. */
void lint_namespaces(struct lint *l); /* lint_ns.c */
void lint_channel(struct lint *l);    /* lint_channel.c */
void lint_items(struct lint *l);      /* lint_item.c */
void lint_podcast(struct lint *l);    /* lint_podcast.c: Podcasting 2.0 */
void lint_p20(struct lint *l); /* lint_p20.c: the rest of Podcasting 2.0 */

/* lint_fetch.c: fetches url (http or https only; TLS verified; at most 5
 * redirects) into a malloc'd, NUL-terminated buffer the caller frees. A
 * body larger than max bytes is refused with PK_EINVAL; a status other
 * than 2xx, or a transfer failure, is PK_ENET. timeout is in seconds. */
int pk_lint_fetch(const char *url, size_t max, long timeout, char **data,
		  size_t *len, struct pk_error *err);

#endif
