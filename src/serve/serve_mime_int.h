/* serve_mime_int.h: the Content-Type the server
 * sends for a file and whether it gzips it (serve_mime.c, over the table
 * in base/mime.c). Includes nothing. */
#ifndef PODKIT_SERVE_MIME_INT_H
#define PODKIT_SERVE_MIME_INT_H

/* The MIME type served for a file name ("audio/mpeg", "application/rss+xml;
 * charset=utf-8", ...; "application/octet-stream" when unknown). Static. */
const char *pk_serve_mime(const char *name);

/* 1 when a file of this MIME type is worth gzipping (text, XML, JSON). */
int pk_serve_compressible(const char *mime);

#endif
