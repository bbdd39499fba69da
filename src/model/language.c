/* language.c: checking language tags, for the show loader and lint. */
#include "model/language_int.h"

#include <ctype.h>
#include <stddef.h>

int pk_language_valid(const char *s)
{
	size_t n = 0;

	while (isalpha((unsigned char)s[n]))
		n++;
	if (n < 2 || n > 3)
		return 0;
	s += n;
	while (*s == '-') {
		s++;
		n = 0;
		while (isalnum((unsigned char)s[n]))
			n++;
		if (n < 1 || n > 8)
			return 0;
		s += n;
	}
	return *s == '\0';
}
