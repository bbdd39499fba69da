/* fuzz_lint.c: podkit lint's feed reader over arbitrary bytes (no network,
 * no entity expansion: the parser options are the ones lint uses). */
#include "fuzz_common.h"
#include "podkit/lint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pk_error err = {0};
	struct pk_lint_findings d;

	pk_lint_findings_init(&d);
	pk_lint_buffer((const char *)data, size, "fuzz.xml", NULL, &d, &err);
	pk_lint_findings_release(&d);
	return 0;
}
