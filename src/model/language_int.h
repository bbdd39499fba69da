/* language_int.h: the language tags a feed carries ("en", "en-us", "pt-BR"). */
#ifndef PODKIT_LANGUAGE_H
#define PODKIT_LANGUAGE_H

/* 1 when tag looks like an RFC 5646 language tag as RSS uses them: a
 * primary subtag of 2 or 3 letters, then "-" and alphanumeric subtags of
 * 1 to 8 characters ("x" singletons included); else 0. */
int pk_language_valid(const char *tag);

#endif
