/* fuzz_episode.c: an episode.md (front matter and notes) under a fixed,
 * valid show.yaml; what loads is rendered through the feed's inputs too,
 * and the generated sections (chapters, people, links) built as nodes
 * must give the HTML cmark makes of them written as Markdown. */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "fuzz_scratch.h"
#include "podkit/notes.h"
#include "podkit/show.h"

static const char show_yaml[] =
	"title: Fuzz\ndescription: A show.\nauthor: Maya\nlanguage: en\n"
	"image: https://example.com/c.jpg\nexplicit: true\n"
	"categories:\n  - name: Health & Fitness\n    subcategories: "
	"[Sexuality]\nowner: {name: Maya, email: m@example.com}\n"
	"hosts:\n  - {name: Maya Ortiz}\n  - {name: Jonah Reyes}\n"
	"feed_url: https://example.com/feed.xml\n"
	"media_url: https://cdn.example.com/\nfooter: Not therapists.\n";

/* The episode's generated sections alone: as nodes (the HTML path) and
 * as Markdown parsed by cmark must render alike. */
static void generated_agree(struct pk_show *show, struct pk_episode *ep)
{
	char *notes = ep->notes_md, *footer = show->footer;
	char *md, *html, *want = NULL;
	cmark_node *doc;

	ep->notes_md = NULL;
	show->footer = NULL;
	md = pk_notes_render(show, ep, PK_NOTES_MARKDOWN, NULL, NULL);
	html = pk_notes_render(show, ep, PK_NOTES_HTML, NULL, NULL);
	ep->notes_md = notes;
	show->footer = footer;
	if (md && html) {
		doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
		want = doc ? cmark_render_html(doc, CMARK_OPT_DEFAULT) : NULL;
		if (doc)
			cmark_node_free(doc);
		if (want && strcmp(want, html) != 0)
			abort();
	}
	free(want);
	free(md);
	free(html);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pk_show_load_opts opts = {0};
	struct pk_show *show = NULL;
	struct pk_error err = {0};
	struct pk_diags d;
	const char *dir = fuzz_scratch();
	size_t i;

	fuzz_write(fuzz_scratch_path("show.yaml"), show_yaml,
		   sizeof(show_yaml) - 1);
	fuzz_write(fuzz_scratch_path("001-one/episode.md"), data, size);
	opts.now = 1767225600;
	pk_diags_init(&d);
	pk_show_load(dir, &opts, &show, &d, &err);
	for (i = 0; show && i < show->nepisodes; i++) {
		char *html = pk_notes_render(show, &show->episodes[i],
					     PK_NOTES_HTML, &d, &err);
		char *text = pk_notes_render(show, &show->episodes[i],
					     PK_NOTES_TEXT, &d, &err);

		free(html);
		free(text);
		generated_agree(show, &show->episodes[i]);
	}
	pk_show_free(show);
	pk_diags_release(&d);
	return 0;
}
