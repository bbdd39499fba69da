/* lint_p20.c: the Podcasting 2.0 tags beyond the core: each podcast:
 * element of the feed found and checked against its row of the table in
 * lint_p20_tags.c (where it may appear, how many, its required
 * attributes), then its own check. The tags: alternateEnclosure with
 * source and integrity, soundbite, location, socialInteract, podroll,
 * remoteItem, publisher, updateFrequency, value, valueRecipient,
 * valueTimeSplit, image, block, chat, liveItem and contentLink. */
#include "lint/lint_p20_int.h"

#include <stdio.h>
#include <string.h>

enum lint_rule lint_p20_rule(xmlNodePtr n)
{
	static const struct {
		const char *tag;
		enum lint_rule rule;
	} map[] = {
	    {"alternateEnclosure", R_P20_ALTERNATE},
	    {"source", R_P20_ALTERNATE},
	    {"integrity", R_P20_ALTERNATE},
	    {"soundbite", R_P20_SOUNDBITE},
	    {"location", R_P20_LOCATION},
	    {"socialInteract", R_P20_SOCIAL},
	    {"podroll", R_P20_PODROLL},
	    {"publisher", R_P20_PUBLISHER},
	    {"updateFrequency", R_P20_UPDATE_FREQUENCY},
	    {"value", R_P20_VALUE},
	    {"valueRecipient", R_P20_RECIPIENT},
	    {"valueTimeSplit", R_P20_TIME_SPLIT},
	    {"image", R_P20_IMAGE},
	    {"block", R_P20_BLOCK},
	    {"chat", R_P20_CHAT},
	    {"liveItem", R_P20_LIVE_ITEM},
	    {"contentLink", R_P20_CONTENT_LINK},
	};
	size_t i;

	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strcmp((const char *)n->name, map[i].tag) == 0)
				return map[i].rule;
	/* a remoteItem's parent decides (podroll, publisher, a value time
	 * split); one anywhere else is the podroll's kind */
	return R_P20_PODROLL;
}

static unsigned parent_bit(xmlNodePtr p)
{
	if (!p || p->type != XML_ELEMENT_NODE)
		return 0;
	if (lint_is(p, NS_NONE, "channel"))
		return P_CHANNEL;
	if (lint_is(p, NS_NONE, "item"))
		return P_ITEM;
	if (lint_ns_of(p) != NS_PODCAST)
		return 0;
	if (!strcmp(lint_p20_name(p), "liveItem"))
		return P_LIVE;
	if (!strcmp(lint_p20_name(p), "value"))
		return P_VALUE;
	if (!strcmp(lint_p20_name(p), "valueTimeSplit"))
		return P_SPLIT;
	if (!strcmp(lint_p20_name(p), "podroll"))
		return P_PODROLL;
	if (!strcmp(lint_p20_name(p), "publisher"))
		return P_PUBLISHER;
	if (!strcmp(lint_p20_name(p), "alternateEnclosure"))
		return P_ALTENC;
	return 0;
}

/* The parents allowed, for the message: "<item> or <podcast:liveItem>". */
static void parents_text(unsigned bits, char *buf, size_t size)
{
	static const char *const names[] = {"<channel>",
					    "<item>",
					    "<podcast:liveItem>",
					    "<podcast:value>",
					    "<podcast:valueTimeSplit>",
					    "<podcast:podroll>",
					    "<podcast:publisher>",
					    "<podcast:alternateEnclosure>"};
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (bits & (1u << i) && len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? " or " : "", names[i]);
}

static void apply(struct lint *l, const struct lint_p20_rule *r, xmlNodePtr n)
{
	char where[256], *v;
	const char *const *a;
	xmlNodePtr c;

	if (!(parent_bit(n->parent) & r->parents)) {
		parents_text(r->parents, where, sizeof(where));
		lint_report(
		    l, lint_p20_rule(n), n,
		    "<podcast:%s> is inside <%s%s>: it belongs in %s", r->tag,
		    lint_ns_of(n->parent) == NS_PODCAST ? "podcast:" : "",
		    n->parent ? lint_p20_name(n->parent) : "", where);
	}
	if (r->single)
		for (c = n->prev; c; c = c->prev)
			if (lint_is(c, NS_PODCAST, r->tag)) {
				lint_report(l, lint_p20_rule(n), n,
					    "more than one <podcast:%s> in "
					    "<%s>",
					    r->tag, lint_p20_name(n->parent));
				break;
			}
	for (a = r->required; a && *a; a++) {
		v = lint_attr(n, *a);
		if (!v || !*v)
			lint_report(l, lint_p20_rule(n), n,
				    "<podcast:%s> has no %s attribute", r->tag,
				    *a);
		free(v);
	}
	r->check(l, n);
}

static void walk(struct lint *l, xmlNodePtr parent)
{
	xmlNodePtr c;
	size_t i;

	for (c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (lint_ns_of(c) == NS_PODCAST)
			for (i = 0; i < lint_p20_nrules; i++)
				if (!strcmp(lint_p20_name(c),
					    lint_p20_rules[i].tag)) {
					apply(l, &lint_p20_rules[i], c);
					break;
				}
		walk(l, c);
	}
}

void lint_p20(struct lint *l)
{
	walk(l, l->channel);
}
