/* standalone.c: runs a fuzz target once on each file named on the command
 * line, without libFuzzer, so the regression inputs run under gcc, ASan and
 * valgrind in `make test`. Prints "ok - TARGET FILE" per input. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "podkit/fsio.h"

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		char *data = NULL;
		size_t len = 0;

		if (pk_read_file(argv[i], 0, &data, &len, NULL) != 0) {
			printf("not ok - cannot read %s\n", argv[i]);
			return 1;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
		printf("ok - %s %s\n", argv[0], argv[i]);
	}
	return 0;
}
