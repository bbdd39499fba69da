/* fuzz_scratch.h: one scratch show folder per fuzzing process (the show
 * loader reads folders), removed at exit. */
#ifndef PODKIT_FUZZ_SCRATCH_H
#define PODKIT_FUZZ_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char fuzz_dir[64];

static void fuzz_scratch_remove(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fuzz_dir);
	if (system(cmd) != 0) {
		/* Nothing to do: a stale /tmp folder is harmless. */
	}
}

static inline const char *fuzz_scratch(void)
{
	if (!fuzz_dir[0]) {
		char sub[96];

		snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/podkit-fuzz.XXXXXX");
		if (!mkdtemp(fuzz_dir))
			abort();
		snprintf(sub, sizeof(sub), "%s/001-one", fuzz_dir);
		if (mkdir(sub, 0755) != 0)
			abort();
		atexit(fuzz_scratch_remove);
	}
	return fuzz_dir;
}

/* fuzz_dir/name in a static buffer (valid until the next call). */
static inline const char *fuzz_scratch_path(const char *name)
{
	static char path[160];

	snprintf(path, sizeof(path), "%s/%s", fuzz_scratch(), name);
	return path;
}

#endif
