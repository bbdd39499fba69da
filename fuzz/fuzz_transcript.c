/* fuzz_transcript.c: the SRT and WebVTT readers; the first byte picks the
 * format. A transcript that parses cleanly must write out in every format. */
#include "fuzz_common.h"
#include "podkit/transcript.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum pk_transcript_format fmts[] = {
		PK_TRANSCRIPT_AUTO, PK_TRANSCRIPT_VTT, PK_TRANSCRIPT_SRT};
	static const char *const speakers[] = {"Maya", "Jonah"};
	struct pk_error err = {0};
	struct pk_transcript t;
	struct pk_diags d;
	char *text;

	if (size < 1)
		return 0;
	text = fuzz_cstr(data + 1, size - 1);
	pk_transcript_init(&t);
	pk_diags_init(&d);
	if (pk_transcript_parse(text, "fuzz", fmts[data[0] % 3], speakers, 2,
				&t, &d) == 0) {
		size_t i;

		pk_transcript_validate(&t, 7200.0, "fuzz", &d);
		for (i = 0; i < 3; i++) {
			char *out = NULL;

			if (pk_transcript_format(&t, pk_transcript_outputs[i]
							     .format,
						 &out, &err) == 0)
				free(out);
		}
	}
	pk_diags_release(&d);
	pk_transcript_release(&t);
	free(text);
	return 0;
}
