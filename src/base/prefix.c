/* prefix.c: enclosure URLs wrapped in analytics prefixes (prefix_int.h). */
#include "base/prefix_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* url without "http://" or "https://". */
static const char *no_scheme(const char *url)
{
	if (strncasecmp(url, "https://", 8) == 0)
		return url + 8;
	if (strncasecmp(url, "http://", 7) == 0)
		return url + 7;
	return url;
}

char *pk_url_wrap(const char *url, char *const *prefixes, size_t n)
{
	char *cur = strdup(url), *next;
	size_t i, len;

	/* From the innermost (the last prefix) outwards. */
	for (i = n; cur && i-- > 0;) {
		len = strlen(prefixes[i]);
		next = malloc(len + strlen(cur) + 2);
		if (next)
			sprintf(next, "%s%s%s", prefixes[i],
				len && prefixes[i][len - 1] == '/' ? "" : "/",
				no_scheme(cur));
		free(cur);
		cur = next;
	}
	return cur;
}
