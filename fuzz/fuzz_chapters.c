/* fuzz_chapters.c: the chapter readers (JSON, plain text, Audacity labels).
 * The first byte picks the format. A list that parses must format back and
 * parse again to the same number of chapters. */
#include "fuzz_common.h"
#include "podkit/chapter_formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum pk_chapter_format fmts[] = {
		PK_CHAPTERS_AUTO, PK_CHAPTERS_JSON, PK_CHAPTERS_AUDACITY,
		PK_CHAPTERS_TEXT};
	struct pk_chapter_list l, again;
	struct pk_error err = {0};
	enum pk_chapter_format fmt;
	char *text, *out = NULL;
	struct pk_diags d;

	if (size < 1)
		return 0;
	fmt = fmts[data[0] % 4];
	text = fuzz_cstr(data + 1, size - 1);
	pk_chapter_list_init(&l);
	pk_chapter_list_init(&again);
	pk_diags_init(&d);
	if (pk_chapters_parse(text, "fuzz", fmt, &l, &err) == 0) {
		enum pk_chapter_format back = fmt == PK_CHAPTERS_AUTO
						      ? PK_CHAPTERS_JSON
						      : fmt;

		pk_chapters_validate(l.v, l.n, 3600.0, l.last_end, "fuzz", &d);
		if (pk_chapters_format(l.v, l.n, back, 0, &out, &err) == 0) {
			if (pk_chapters_parse(out, "again", back, &again,
					      &err) == 0 &&
			    again.n != l.n)
				abort();
		}
	}
	free(out);
	pk_diags_release(&d);
	pk_chapter_list_release(&again);
	pk_chapter_list_release(&l);
	free(text);
	return 0;
}
