/* yaml_doc.c: libyaml's document API with line numbers and clear syntax
 * errors. */
#include "model/yaml_doc_int.h"

#include <string.h>
#include <strings.h>

#include "podkit/error.h"

#define PK_YDOC_MAX_DEPTH 64

/* The start of line `line` (0-based) of text, or NULL past the end. */
static const char *line_start(const char *text, size_t len, size_t line)
{
	const char *p = text, *end = text + len;

	while (line > 0 && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			return NULL;
		p = nl + 1;
		line--;
	}
	return p < end ? p : NULL;
}

/* 1 when the line's indentation (leading blanks) contains a tab. */
static int tab_indented(const char *p, const char *end)
{
	for (; p && p < end && (*p == ' ' || *p == '\t'); p++)
		if (*p == '\t')
			return 1;
	return 0;
}

/* libyaml's scanner slows down with the square of the depth of flow
 * collections ("[[[[...", "{a: {a: ..."): a 4 MB file of them would take
 * minutes. No podcast metadata nests more than a few levels, so refuse
 * deep flow nesting before parsing. The scan follows quotes inside flow
 * collections and treats "[" or "{" at block level as a collection only
 * where one may start (after ": ", "- " or the indentation). Returns the
 * 0-based line that goes too deep, or -1. */
static long too_deep(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	char prev = '\n'; /* last non-blank character */
	long line = 0;
	int depth = 0, brackets = 0;

	/* Nearly every file has too few brackets to nest that deep: counted
	 * with memchr, that is the whole check. */
	for (p = text; p < end && brackets <= PK_YDOC_MAX_DEPTH;
	     p++, brackets++)
		if (!(p = memchr(p, '[', (size_t)(end - p))))
			break;
	for (p = text; p < end && brackets <= PK_YDOC_MAX_DEPTH;
	     p++, brackets++)
		if (!(p = memchr(p, '{', (size_t)(end - p))))
			break;
	if (brackets <= PK_YDOC_MAX_DEPTH)
		return -1;
	for (p = text; p < end; p++) {
		char ch = *p;

		if (ch == '\n') {
			line++;
			prev = '\n';
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\r')
			continue;
		if (depth == 0 && ch == '#' && (prev == '\n' || p[-1] == ' '))
			goto comment;
		if (depth > 0 && (ch == '"' || ch == '\'') &&
		    strchr("[{,:\n", prev)) {
			char q = ch;

			for (p++; p < end; p++) {
				if (*p == '\n')
					line++;
				if (q == '"' && *p == '\\' && p + 1 < end) {
					p++;
					continue;
				}
				if (*p == q) {
					if (q == '\'' && p + 1 < end &&
					    p[1] == '\'') {
						p++;
						continue;
					}
					break;
				}
			}
			if (p >= end)
				return -1;
			prev = q;
			continue;
		}
		if ((ch == '[' || ch == '{') &&
		    (depth > 0 || prev == ':' || prev == '-' || prev == '\n')) {
			if (++depth > PK_YDOC_MAX_DEPTH)
				return line;
		} else if ((ch == ']' || ch == '}') && depth > 0) {
			depth--;
		}
		prev = ch;
		continue;
	comment:
		while (p + 1 < end && p[1] != '\n')
			p++;
	}
	return -1;
}

int pk_ydoc_load(struct pk_ydoc *y, const char *text, size_t len, int line0,
		 const char *file, struct pk_diags *d)
{
	yaml_parser_t parser;
	int r = 0;

	long deep;

	memset(y, 0, sizeof(*y));
	y->line0 = line0;
	deep = too_deep(text, len);
	if (deep >= 0) {
		pk_diags_add(d, PK_ERROR, file, (int)deep + 1 + line0,
			     "lists or mappings nested more than %d levels "
			     "deep",
			     PK_YDOC_MAX_DEPTH);
		return PK_EINVAL;
	}
	if (!yaml_parser_initialize(&parser))
		return PK_ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	if (!yaml_parser_load(&parser, &y->doc)) {
		size_t line = parser.problem_mark.line;
		const char *ls = line_start(text, len, line);

		if (parser.error == YAML_MEMORY_ERROR) {
			r = PK_ENOMEM;
			goto out;
		}
		/* A tab in an indentation is the classic mistake; libyaml's
		 * words for it ("found character that cannot start any
		 * token") do not say so. Look at the line of the problem and
		 * the one of its context. */
		if (tab_indented(ls, text + len)) {
			pk_diags_add(d, PK_ERROR, file, (int)line + 1 + line0,
				     "a tab is used for indentation (YAML "
				     "allows only spaces)");
		} else if (parser.context && parser.context_mark.line != line &&
			   tab_indented(
			       line_start(text, len, parser.context_mark.line),
			       text + len)) {
			pk_diags_add(d, PK_ERROR, file,
				     (int)parser.context_mark.line + 1 + line0,
				     "a tab is used for indentation (YAML "
				     "allows only spaces)");
		} else {
			pk_diags_add(d, PK_ERROR, file, (int)line + 1 + line0,
				     "YAML syntax error: %s%s%s",
				     parser.problem ? parser.problem
						    : "bad input",
				     parser.context ? " " : "",
				     parser.context ? parser.context : "");
		}
		r = PK_EINVAL;
		goto out;
	}
	y->loaded = 1;
out:
	yaml_parser_delete(&parser);
	return r;
}

void pk_ydoc_release(struct pk_ydoc *y)
{
	if (y->loaded)
		yaml_document_delete(&y->doc);
	y->loaded = 0;
}

yaml_node_t *pk_ydoc_root(struct pk_ydoc *y)
{
	return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

yaml_node_t *pk_ydoc_node(struct pk_ydoc *y, int id)
{
	return yaml_document_get_node(&y->doc, id);
}

int pk_ydoc_line(const struct pk_ydoc *y, const yaml_node_t *n)
{
	return n ? (int)n->start_mark.line + 1 + y->line0 : y->line0 + 1;
}

const char *pk_ydoc_scalar(const yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

int pk_ydoc_is_null(const yaml_node_t *n)
{
	const char *s;

	if (!n)
		return 1;
	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	s = (const char *)n->data.scalar.value;
	return !*s || strcmp(s, "~") == 0 || strcasecmp(s, "null") == 0;
}

const char *pk_ydoc_kind(const yaml_node_t *n)
{
	if (!n)
		return "nothing";
	switch (n->type) {
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "text";
	}
}
