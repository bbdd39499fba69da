/* fuzz_show.c: the show loader: the input is show.yaml, and a fixed
 * episode sits beside it, so both the show's parser and its judgement of
 * an episode run. */
#include <unistd.h>

#include "fuzz_common.h"
#include "fuzz_scratch.h"
#include "podkit/show.h"

static const char episode[] =
	"---\ntitle: One\nnumber: 1\ndate: 2026-01-05T06:00:00+01:00\n"
	"audio: https://cdn.example.com/1.mp3\naudio_length: 1000\n"
	"audio_duration: \"1:00\"\nhosts: [Maya Ortiz]\n"
	"chapters:\n  - {start: \"0:00\", title: Open}\n---\nNotes.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pk_show_load_opts opts = {0};
	struct pk_show *show = NULL;
	struct pk_error err = {0};
	struct pk_diags d;
	const char *dir = fuzz_scratch();

	fuzz_write(fuzz_scratch_path("show.yaml"), data, size);
	fuzz_write(fuzz_scratch_path("001-one/episode.md"), episode,
		   sizeof(episode) - 1);
	opts.now = 1767225600;
	pk_diags_init(&d);
	pk_show_load(dir, &opts, &show, &d, &err);
	pk_show_free(show);
	pk_diags_release(&d);
	return 0;
}
