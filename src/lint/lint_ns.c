/* lint_ns.c: the namespace declarations: a known prefix bound to a wrong
 * URI hides every tag written with it from the apps. */
#include <string.h>

#include "base/xml_ns_int.h"
#include "lint/lint_int.h"
#include "podkit/lint.h"

struct known {
	const char *prefix, *uri;
};

static const struct known known[] = {
    {"itunes", PK_NS_ITUNES},	{"podcast", PK_NS_PODCAST},
    {"content", PK_NS_CONTENT}, {"atom", PK_NS_ATOM},
    {"psc", PK_NS_PSC},
};

#define NKNOWN (sizeof(known) / sizeof(known[0]))

static void check(struct lint *l, xmlNodePtr n)
{
	const char *prefix, *href;
	xmlNsPtr ns;
	size_t i;

	for (ns = n->nsDef; ns; ns = ns->next) {
		if (!ns->prefix || !ns->href)
			continue;
		prefix = (const char *)ns->prefix;
		href = (const char *)ns->href;
		for (i = 0; i < NKNOWN; i++) {
			if (strcmp(prefix, known[i].prefix) != 0 ||
			    strcmp(href, known[i].uri) == 0)
				continue;
			/* the namespace's first URI is still read by apps */
			if (i == 1 &&
			    strstr(href, "github.com/Podcastindex-org"))
				lint_report(l, R_NAMESPACE_PODCAST_OLD, n,
					    "namespace 'podcast' is the "
					    "old URI '%s'; use '%s'",
					    href, known[i].uri);
			else
				lint_report(l,
					    strcmp(prefix, "itunes") == 0
						? R_NAMESPACE_ITUNES
						: R_NAMESPACE_URI,
					    n,
					    "namespace '%s' is '%s', not "
					    "'%s'",
					    prefix, href, known[i].uri);
		}
	}
}

static void walk(struct lint *l, xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		check(l, n);
		walk(l, n->children);
	}
}

void lint_namespaces(struct lint *l)
{
	walk(l, l->rss);
}
