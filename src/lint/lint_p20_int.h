/* lint_p20_int.h: what the Podcasting 2.0 checks beyond the core share:
 * lint_p20.c walks the feed by the table of tags (lint_p20_tags.c, with
 * each tag's own check), lint_p20_attrs.c checks the values they have in
 * common. Nothing is returned: every problem becomes a finding through
 * lint_report (lint_int.h), under the rule of the element's tag family.
 */
#ifndef PODKIT_LINT_P20_INT_H
#define PODKIT_LINT_P20_INT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "lint/lint_int.h"
#include "lint/lint_rules_int.h"

/* The node values and purposes the namespace asks apps to keep whole
 * (characters). */
#define LINT_P20_TEXT_MAX 128

/* Where a tag may be: the parent elements, as bits. */
enum {
	P_CHANNEL = 1 << 0,
	P_ITEM = 1 << 1,
	P_LIVE = 1 << 2,      /* podcast:liveItem */
	P_VALUE = 1 << 3,     /* podcast:value */
	P_SPLIT = 1 << 4,     /* podcast:valueTimeSplit */
	P_PODROLL = 1 << 5,   /* podcast:podroll */
	P_PUBLISHER = 1 << 6, /* podcast:publisher */
	P_ALTENC = 1 << 7     /* podcast:alternateEnclosure */
};

/* One row of the table: a tag, where it may be, its own check. */
struct lint_p20_rule {
	const char *tag;	     /* local name in the podcast namespace */
	unsigned parents;	     /* P_* bits */
	int single;		     /* at most one per parent */
	const char *const *required; /* attributes, NULL-ended; or NULL */
	void (*check)(struct lint *l, xmlNodePtr n);
};

/* The table (lint_p20_tags.c) and its length. */
extern const struct lint_p20_rule lint_p20_rules[];
extern const size_t lint_p20_nrules;

/* The rule a finding on element n belongs to: one per tag family (see
 * lint_rules.c). */
enum lint_rule lint_p20_rule(xmlNodePtr n);

/* The element's local name. */
static inline const char *lint_p20_name(xmlNodePtr n)
{
	return (const char *)n->name;
}

/* ---- lint_p20_attrs.c ------------------------------------------------- */

/* 1 when s is one of the NULL-ended list. */
int lint_p20_one_of(const char *const *list, const char *s);

/* A decimal number (digits, one optional point), at least 0: 1 and *out,
 * or 0. */
int lint_p20_decimal(const char *s, double *out);

/* ISO 8601 date-time with a zone: 2026-03-01T19:00:00(.000)(Z|+01:00|
 * +0100); the namespace's examples use all of these. */
int lint_p20_iso8601(const char *s);

/* Attribute attr of n, when present: an http(s) URL; a number from min to
 * max; true or false; one of values (shown in the message as shown). */
void lint_p20_url_attr(struct lint *l, xmlNodePtr n, const char *attr);
void lint_p20_number_attr(struct lint *l, xmlNodePtr n, const char *attr,
			  double min, double max);
void lint_p20_bool_attr(struct lint *l, xmlNodePtr n, const char *attr);
void lint_p20_enum_attr(struct lint *l, xmlNodePtr n, const char *attr,
			const char *const *values, const char *shown);

/* The node value: required non-empty, at most LINT_P20_TEXT_MAX
 * characters. */
void lint_p20_text_value(struct lint *l, xmlNodePtr n, int required);

#endif
