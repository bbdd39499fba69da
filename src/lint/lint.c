/* lint.c: `podkit lint`'s entry points: reads a feed (file or URL) within
 * a size cap, parses it safely with libxml2 and runs the checks. */
#include "podkit/lint.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/lint_int.h"
#include "podkit/fsio.h"
#include "base/url_int.h"

/* What the parser's callbacks report into. */
struct parse {
	struct lint *l;
	int stopped;  /* an entity declaration stopped the parse */
	int fatal;    /* a well-formedness error was reported */
	int reported; /* libxml2 messages reported so far */
};

/* At most this many of libxml2's own messages: after the first fatal
 * error the rest are mostly its echoes. */
#define MAX_XML_MESSAGES 20

/* Feeds need no entities, and declaring them is how billion-laughs and
 * external-entity (XXE) attacks begin: the parse stops at the first
 * declaration, before anything is expanded or loaded. */
static void on_entity_decl(void *ctx, const xmlChar *name, int type,
			   const xmlChar *public_id, const xmlChar *system_id,
			   xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse *p = ctxt->_private;

	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	if (!p->stopped) {
		p->stopped = 1;
		lint_report_line(
		    p->l, R_XML_ENTITY, xmlSAX2GetLineNumber(ctx),
		    "the feed declares the entity '%s'; feeds must "
		    "not declare entities (podkit expands "
		    "none)",
		    (const char *)name);
	}
	xmlStopParser(ctxt);
}

/* Joins a multi-line libxml2 message into one line, in place: each
 * newline (and the spaces or '!' before it) becomes "; ", and the next
 * word starts in lowercase. */
static void one_line(char *msg)
{
	char out[1024];
	size_t i, o = 0;

	for (i = 0; msg[i] && o + 3 < sizeof(out); i++) {
		if (msg[i] != '\n') {
			out[o++] = msg[i];
			continue;
		}
		while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '!'))
			o--;
		out[o++] = ';';
		out[o++] = ' ';
		if (msg[i + 1] >= 'A' && msg[i + 1] <= 'Z')
			msg[i + 1] = (char)(msg[i + 1] - 'A' + 'a');
	}
	out[o] = '\0';
	memcpy(msg, out, o + 1);
}

static void on_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse *p = ctxt ? ctxt->_private : NULL;
	char msg[1024];
	size_t n;

	if (!p || p->stopped || p->fatal || !e || !e->message ||
	    p->reported >= MAX_XML_MESSAGES)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	/* One finding, one line: "...encoding !\nBytes: 0xFF" reads as
	 * "...encoding; bytes: 0xFF". */
	one_line(msg);
	if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		msg[0] = (char)(msg[0] - 'A' + 'a');
	p->reported++;
	if (e->level == XML_ERR_FATAL) {
		p->fatal = 1;
		lint_report_line(p->l, R_XML_WELL_FORMED,
				 e->line > 0 ? e->line : 1,
				 "not well-formed XML: %s", msg);
	} else if (e->level == XML_ERR_ERROR) {
		lint_report_line(p->l, R_XML_ERROR, e->line, "XML: %s", msg);
	} else {
		lint_report_line(p->l, R_XML_WARNING, e->line, "XML: %s", msg);
	}
}

/* Parses without network (NONET), without DTD loading or entity
 * substitution (no DTDLOAD, no NOENT) and within libxml2's default limits
 * (no HUGE). COMPACT and NOBLANKS keep the tree small: a 60 MB feed of
 * 63 000 items peaks near 560 MB instead of 710 MB. Returns the document, or
 * NULL when the feed is not usable (the reason is in the findings). */
static xmlDocPtr parse(struct lint *l, const char *data, size_t len)
{
	xmlStructuredErrorFunc old_handler;
	struct parse p = {0};
	xmlParserCtxtPtr ctxt;
	void *old_context;
	xmlDocPtr doc;

	p.l = l;
	if (len == 0) {
		lint_report_line(l, R_XML_WELL_FORMED, 1,
				 "not well-formed XML: the feed is empty");
		return NULL;
	}
	ctxt = xmlCreateMemoryParserCtxt(data, (int)len);
	if (!ctxt)
		return NULL;
	ctxt->_private = &p;
	ctxt->sax->entityDecl = on_entity_decl;
	ctxt->sax->serror = on_error;
	/* Encoding and I/O errors are raised without the parser context and
	 * would go to stderr: route every error of this thread here while
	 * parsing (libxml2 keeps the handler per thread). */
	old_handler = xmlStructuredError;
	old_context = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(ctxt, on_error);
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES |
				    XML_PARSE_COMPACT | XML_PARSE_NOBLANKS |
				    XML_PARSE_NOWARNING);
	xmlParseDocument(ctxt);
	xmlSetStructuredErrorFunc(old_context, old_handler);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (doc && (!ctxt->wellFormed || p.stopped)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (!doc && !p.stopped && !p.fatal)
		lint_report_line(l, R_XML_WELL_FORMED, 1,
				 "not well-formed XML");
	xmlFreeParserCtxt(ctxt);
	return doc;
}

/* The feed's skeleton: <rss version="2.0"><channel>. */
static int skeleton(struct lint *l)
{
	xmlNodePtr root = xmlDocGetRootElement(l->doc);
	char *version;

	if (!root) {
		lint_report_line(l, R_RSS_ROOT, 1,
				 "the feed has no root element");
		return -1;
	}
	if (!lint_is(root, NS_NONE, "rss")) {
		lint_report(l, R_RSS_ROOT, root,
			    "the root element is <%s>, not <rss>",
			    (const char *)root->name);
		return -1;
	}
	l->rss = root;
	version = lint_attr(root, "version");
	if (!version)
		lint_report(l, R_RSS_VERSION, root,
			    "<rss> has no version=\"2.0\"");
	else if (strcmp(version, "2.0") != 0)
		lint_report(l, R_RSS_VERSION, root,
			    "<rss> version is '%s', not '2.0'", version);
	free(version);
	l->channel = lint_child(root, NS_NONE, "channel");
	if (!l->channel) {
		lint_report(l, R_RSS_ROOT, root, "missing <channel> in <rss>");
		return -1;
	}
	if (lint_count(root, NS_NONE, "channel") > 1)
		lint_report(l, R_RSS_ROOT, root,
			    "more than one <channel> in <rss>");
	return 0;
}

int pk_lint_buffer(const char *data, size_t len, const char *name,
		   const struct pk_lint_opts *opts,
		   struct pk_lint_findings *out, struct pk_error *err)
{
	size_t max =
	    opts && opts->max_bytes ? opts->max_bytes : PK_LINT_MAX_BYTES;
	struct lint l = {0};

	if (len > max || len > 0x7fffffff)
		return pk_error_set(err, PK_EINVAL,
				    "%s: the feed is %zu bytes; podkit lint "
				    "reads at most %zu MB",
				    name, len, max >> 20);
	xmlInitParser();
	l.name = name;
	l.out = out;
	l.doc = parse(&l, data, len);
	if (!l.doc)
		return lint_sort(out);
	if (skeleton(&l) == 0) {
		lint_namespaces(&l);
		lint_channel(&l);
		lint_items(&l);
		lint_podcast(&l);
		lint_p20(&l);
	}
	xmlFreeDoc(l.doc);
	return lint_sort(out);
}

int pk_lint(const char *file_or_url, const struct pk_lint_opts *opts,
	    struct pk_lint_findings *out, struct pk_error *err)
{
	size_t max =
	    opts && opts->max_bytes ? opts->max_bytes : PK_LINT_MAX_BYTES;
	long timeout = opts && opts->timeout > 0 ? opts->timeout : 60;
	char *data = NULL;
	size_t len = 0;
	int64_t size;
	int r;

	if (pk_url_is_http(file_or_url)) {
		r = pk_lint_fetch(file_or_url, max, timeout, &data, &len, err);
	} else {
		/* Refuse a huge file before reading a byte of it. */
		size = pk_file_size(file_or_url, err);
		if (size < 0)
			return (int)size;
		if ((uint64_t)size > max)
			return pk_error_set(err, PK_EINVAL,
					    "%s: the feed is %lld bytes; "
					    "podkit lint reads at most %zu MB",
					    file_or_url, (long long)size,
					    max >> 20);
		r = pk_read_file(file_or_url, max, &data, &len, err);
	}
	if (r == 0)
		r = pk_lint_buffer(data, len, file_or_url, opts, out, err);
	free(data);
	return r;
}
