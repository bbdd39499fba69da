/* xmlw.c: xmlTextWriter with cleaned text, split CDATA and one error flag. */
#include "feed/xmlw_int.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include "podkit/error.h"

/* Length of the valid UTF-8 sequence at p, or 0 when it is not one;
 * *cp gets the code point. */
static size_t utf8_seq(const unsigned char *p, uint32_t *cp)
{
	uint32_t c = p[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

static int xml_char(uint32_t c)
{
	if (c < 0x20)
		return c == '\t' || c == '\n' || c == '\r';
	if (c >= 0xd800 && c <= 0xdfff)
		return 0;
	return c != 0xfffe && c != 0xffff;
}

void pk_xml_clean(const char *s, struct pk_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *run = p;

	/* Copies runs of good text at once; the common case is one run. */
	while (*p) {
		uint32_t c;
		size_t n;

		if (*p >= 0x20 && *p < 0x80) {
			p++;
			continue;
		}
		n = utf8_seq(p, &c);
		if (n && xml_char(c)) {
			p += n;
			continue;
		}
		pk_buf_append(out, run, (size_t)(p - run));
		p++; /* drop one byte and resynchronise */
		run = p;
	}
	pk_buf_append(out, run, (size_t)(p - run));
}

static const xmlChar *X(const char *s)
{
	return (const xmlChar *)s;
}

/* 1 when s has only what XML 1.0 allows (the usual case: no copy).
 * Printable ASCII, most of any text, is taken eight bytes at a time. */
static int is_clean(const char *s)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t high = 0x8080808080808080ull;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;
	uint32_t c;

	while (i < n) {
		while (i + 8 <= n) {
			uint64_t v;

			memcpy(&v, p + i, 8);
			/* a byte with its top bit set, or one below 0x20 */
			if ((v & high) || ((v - 0x20 * ones) & ~v & high))
				break;
			i += 8;
		}
		if (i == n)
			break;
		if ((p[i] >= 0x20 && p[i] < 0x80) || p[i] == '\n' ||
		    p[i] == '\t' || p[i] == '\r') {
			i++;
			continue;
		}
		k = p[i] < 0x80 ? 0 : utf8_seq(p + i, &c);
		if (!k || !xml_char(c))
			return 0;
		i += k;
	}
	return 1;
}

static const char *clean(struct pk_xmlw *x, const char *s)
{
	if (is_clean(s))
		return s;
	pk_buf_reset(&x->tmp);
	pk_xml_clean(s, &x->tmp);
	if (pk_buf_ok(&x->tmp) != 0) {
		x->failed = 1;
		return "";
	}
	return pk_buf_str(&x->tmp);
}

static void check(struct pk_xmlw *x, int rc)
{
	if (rc < 0)
		x->failed = 1;
}

static void set_indent(struct pk_xmlw *x, const char *indent)
{
	if (indent) {
		check(x, xmlTextWriterSetIndent(x->w, 1));
		check(x, xmlTextWriterSetIndentString(x->w, X(indent)));
	}
}

static int setup(struct pk_xmlw *x, const char *indent)
{
	/* libxml2 sets up its global state lazily, which is not safe on two
	 * threads at once: done here, on the thread that opens the document,
	 * before fragment writers start on others. */
	xmlInitParser();
	if (!x->w) {
		pk_buf_release(&x->tmp);
		return PK_ENOMEM;
	}
	set_indent(x, indent);
	check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
	return 0;
}

int pk_xmlw_open_fp(struct pk_xmlw *x, FILE *fp, const char *indent)
{
	xmlOutputBufferPtr out;

	memset(x, 0, sizeof(*x));
	pk_buf_init(&x->tmp);
	x->fp = fp;
	out = xmlOutputBufferCreateFile(fp, NULL);
	if (!out)
		return PK_ENOMEM;
	x->w = xmlNewTextWriter(out); /* owns out from here */
	if (!x->w)
		xmlOutputBufferClose(out);
	return setup(x, indent);
}

int pk_xmlw_open_buffer(struct pk_xmlw *x, struct _xmlBuffer *buf,
			const char *indent)
{
	memset(x, 0, sizeof(*x));
	pk_buf_init(&x->tmp);
	x->buf = buf;
	x->w = xmlNewTextWriterMemory(buf, 0);
	return setup(x, indent);
}

/* Room for a feed item without growing. */
#define FRAGMENT_SIZE 8192

int pk_xmlw_open_fragment(struct pk_xmlw *x, const char *const *path,
			  size_t depth, const char *indent)
{
	size_t i;

	memset(x, 0, sizeof(*x));
	pk_buf_init(&x->tmp);
	x->buf = xmlBufferCreateSize(FRAGMENT_SIZE);
	x->own_buf = 1;
	x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
	if (!x->w) {
		pk_xmlw_release(x);
		return PK_ENOMEM;
	}
	set_indent(x, indent);
	for (i = 0; i < depth; i++)
		pk_xmlw_start(x, path[i]);
	/* The earlier sibling: the document's writer has closed the start
	 * tag of the innermost element and ended a child of it. */
	pk_xmlw_start(x, "_");
	pk_xmlw_end(x);
	check(x, xmlTextWriterFlush(x->w));
	x->frag_start = (size_t)xmlBufferLength(x->buf);
	if (x->failed) {
		pk_xmlw_release(x);
		return PK_ENOMEM;
	}
	return 0;
}

const char *pk_xmlw_fragment(struct pk_xmlw *x, size_t *len)
{
	*len = 0;
	if (!x->buf)
		return NULL;
	check(x, xmlTextWriterFlush(x->w));
	if (x->failed)
		return NULL;
	*len = (size_t)xmlBufferLength(x->buf) - x->frag_start;
	return (const char *)xmlBufferContent(x->buf) + x->frag_start;
}

void pk_xmlw_fragment_reset(struct pk_xmlw *x)
{
	check(x, xmlTextWriterFlush(x->w));
	if (x->buf)
		xmlBufferEmpty(x->buf);
	x->frag_start = 0;
}

void pk_xmlw_splice(struct pk_xmlw *x, const char *data, size_t len)
{
	/* Whatever the writer holds goes out first; its state is untouched,
	 * as the bytes bypass it. */
	check(x, xmlTextWriterFlush(x->w));
	if (x->failed || !len)
		return;
	if (x->fp) {
		if (fwrite(data, 1, len, x->fp) != len)
			x->failed = 1;
	} else if (x->buf) {
		if (len > INT_MAX || xmlBufferAdd(x->buf, X(data), (int)len))
			x->failed = 1;
	} else {
		x->failed = 1;
	}
}

int pk_xmlw_finish(struct pk_xmlw *x)
{
	int failed;

	check(x, xmlTextWriterEndDocument(x->w));
	check(x, xmlTextWriterFlush(x->w));
	failed = x->failed;
	pk_xmlw_release(x);
	return failed ? PK_EIO : 0;
}

void pk_xmlw_release(struct pk_xmlw *x)
{
	if (x->w)
		xmlFreeTextWriter(x->w);
	x->w = NULL;
	if (x->own_buf && x->buf)
		xmlBufferFree(x->buf);
	x->buf = NULL;
	x->own_buf = 0;
	pk_buf_release(&x->tmp);
}

void pk_xmlw_start(struct pk_xmlw *x, const char *name)
{
	check(x, xmlTextWriterStartElement(x->w, X(name)));
}

void pk_xmlw_end(struct pk_xmlw *x)
{
	check(x, xmlTextWriterEndElement(x->w));
}

void pk_xmlw_attr(struct pk_xmlw *x, const char *name, const char *value)
{
	if (!value)
		return;
	check(x,
	      xmlTextWriterWriteAttribute(x->w, X(name), X(clean(x, value))));
}

/* v in decimal into buf (24 bytes); returns where it starts. */
static const char *decimal(long long v, char buf[24])
{
	unsigned long long u =
	    v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	char *p = buf + 23;

	*p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return p;
}

void pk_xmlw_attr_ll(struct pk_xmlw *x, const char *name, long long v)
{
	char buf[24];

	check(x,
	      xmlTextWriterWriteAttribute(x->w, X(name), X(decimal(v, buf))));
}

void pk_xmlw_elem_ll(struct pk_xmlw *x, const char *name, long long v)
{
	char buf[24];

	pk_xmlw_start(x, name);
	check(x, xmlTextWriterWriteString(x->w, X(decimal(v, buf))));
	pk_xmlw_end(x);
}

void pk_xmlw_text(struct pk_xmlw *x, const char *text)
{
	if (text)
		check(x, xmlTextWriterWriteString(x->w, X(clean(x, text))));
}

void pk_xmlw_elem(struct pk_xmlw *x, const char *name, const char *text)
{
	if (!text)
		return;
	pk_xmlw_start(x, name);
	pk_xmlw_text(x, text);
	pk_xmlw_end(x);
}

void pk_xmlw_cdata_elem(struct pk_xmlw *x, const char *name, const char *text)
{
	const char *s, *end;

	if (!text)
		return;
	s = clean(x, text);
	pk_xmlw_start(x, name);
	/* libxml2 writes CDATA content as given, so "]]>" is split here:
	 * "a]]>b" becomes <![CDATA[a]]]]><![CDATA[>b]]>. */
	while ((end = strstr(s, "]]>")) != NULL) {
		check(x, xmlTextWriterWriteFormatCDATA(x->w, "%.*s",
						       (int)(end - s + 2), s));
		s = end + 2;
	}
	check(x, xmlTextWriterWriteCDATA(x->w, X(s)));
	pk_xmlw_end(x);
}
