/* yaml_doc_int.h: a YAML document loaded with
 * libyaml's document API, so every node keeps the line it came from, and
 * the small accessors the show loader needs. */
#ifndef PODKIT_YAML_DOC_H
#define PODKIT_YAML_DOC_H

#include <stddef.h>

#include <yaml.h>

#include "podkit/diag.h"

struct pk_ydoc {
	yaml_document_t doc;
	int loaded;
	int line0; /* lines before the text in its file (front matter: 1) */
};

/* Parses text (len bytes, UTF-8) as one YAML document. A syntax error is
 * added to d as FILE:LINE (tabs used for indentation get a message of
 * their own) and PK_EINVAL returned; PK_ENOMEM when memory runs out.
 * An empty text loads as a document without a root. Release y either
 * way. */
int pk_ydoc_load(struct pk_ydoc *y, const char *text, size_t len, int line0,
		 const char *file, struct pk_diags *d);
void pk_ydoc_release(struct pk_ydoc *y);

/* The root node, NULL for an empty document. Nodes are borrowed from y. */
yaml_node_t *pk_ydoc_root(struct pk_ydoc *y);
yaml_node_t *pk_ydoc_node(struct pk_ydoc *y, int id);

/* The 1-based line of the file where n starts. */
int pk_ydoc_line(const struct pk_ydoc *y, const yaml_node_t *n);

/* A scalar's text (NUL-terminated), or NULL when n is not a scalar. */
const char *pk_ydoc_scalar(const yaml_node_t *n);

/* 1 when n is YAML's null: an empty or "~" or "null" plain scalar. */
int pk_ydoc_is_null(const yaml_node_t *n);

/* A short name of n's kind for messages: "a list", "a mapping", "text". */
const char *pk_ydoc_kind(const yaml_node_t *n);

#endif
