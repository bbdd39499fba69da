/* utf8_int.h: checking that bytes are well-formed UTF-8
 * text (utf8.c), for every reader of a text file. Includes nothing but
 * <stddef.h>. */
#ifndef PODKIT_UTF8_INT_H
#define PODKIT_UTF8_INT_H

#include <stddef.h>

/* The line (from 1) of the first byte of data (len bytes) that is not
 * well-formed UTF-8 or is a NUL, with that byte in *byte (may be NULL);
 * 0 when all of it is UTF-8 text. */
long pk_utf8_bad_line(const char *data, size_t len, unsigned char *byte);

/* Length of the well-formed UTF-8 sequence at p (n > 0 bytes available),
 * or 0: overlong forms, surrogates and code points past U+10FFFF are not
 * well-formed. */
size_t pk_utf8_seq_len(const unsigned char *p, size_t n);

#endif
