/* fuzz_common.h: what the fuzz targets share: a NUL-terminated copy of
 * the input and a private scratch folder for targets that need files. */
#ifndef PODKIT_FUZZ_COMMON_H
#define PODKIT_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A malloc'd NUL-terminated copy of data; aborts when out of memory, which
 * is not a finding. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Writes data to path, aborting on failure (the scratch folder is ours). */
static inline void fuzz_write(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || (n && fwrite(data, 1, n, fp) != n) || fclose(fp) != 0)
		abort();
}

#endif
