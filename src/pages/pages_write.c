/* pages_write.c: the web pages written into the output folder, with the
 * transcript read from the episode's file. */
#include "pages/pages_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/diag.h"
#include "feed/feed_int.h"
#include "podkit/fsio.h"
#include "podkit/transcript.h"
#include "model/layout_int.h"

static int write_page(const char *out_dir, const char *rel, char *html,
		      struct pk_error *err)
{
	char *path = NULL;
	int r;

	if (!html)
		return pk_error_set(err, PK_ENOMEM, "%s: out of memory", rel);
	path = pk_path_join(out_dir, rel);
	if (!path) {
		r = pk_error_set(err, PK_ENOMEM, "%s: out of memory", rel);
		goto out;
	}
	r = pk_mkdir_parent(path, err);
	if (!r)
		r = pk_write_if_changed(path, html, strlen(html), 0644, NULL,
					err);
out:
	free(path);
	free(html);
	return r;
}

/* The people a "Name:" prefix in the transcript may name. */
static const char **speakers(const struct pk_show *show,
			     const struct pk_episode *ep, size_t *n)
{
	const struct pk_person *hosts = ep->nhosts ? ep->hosts : show->hosts;
	size_t nhosts = ep->nhosts ? ep->nhosts : show->nhosts, i;
	const char **v = calloc(nhosts + ep->nguests + 1, sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	for (i = 0; i < nhosts; i++)
		if (hosts[i].name)
			v[(*n)++] = hosts[i].name;
	for (i = 0; i < ep->nguests; i++)
		if (ep->guests[i].name)
			v[(*n)++] = ep->guests[i].name;
	return v;
}

int pk_pages_episode_html(const struct pk_show *show,
			  const struct pk_episode *ep, const char *notes_html,
			  char **html, struct pk_error *err)
{
	struct pk_episode_page pg;
	struct pk_transcript t;
	struct pk_page_cue *cues = NULL;
	struct pk_diags d;
	char tpath[PATH_MAX], thref[PATH_MAX + 4];
	const char **names = NULL;
	char *file = NULL;
	size_t nnames = 0, i;
	int r;

	*html = NULL;
	pk_transcript_init(&t);
	pk_diags_init(&d);
	memset(&pg, 0, sizeof(pg));
	pg.ep = ep;
	pg.notes_html = notes_html;
	if (ep->transcript && *ep->transcript) {
		/* The build checks the transcript and reports its problems;
		 * the page shows the cues that parsed. */
		file = pk_path_join(ep->dir, ep->transcript);
		names = speakers(show, ep, &nnames);
		if (!file || !names) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		pk_transcript_load(file, names, nnames, &t, &d);
		cues = calloc(t.n + 1, sizeof(*cues));
		if (!cues) {
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		for (i = 0; i < t.n; i++) {
			cues[i].start = t.v[i].start;
			cues[i].speaker = t.v[i].speaker;
			cues[i].text = t.v[i].text;
		}
		pg.cues = cues;
		pg.ncues = t.n;
		if (pk_layout_transcript_path(ep, tpath, sizeof(tpath))) {
			snprintf(thref, sizeof(thref), "../%s", tpath);
			pg.transcript_href = thref;
		}
	}
	*html = pk_page_episode(show, &pg);
	r = *html ? 0 : pk_error_set(err, PK_ENOMEM, "out of memory");
out:
	free(cues);
	free(names);
	free(file);
	pk_transcript_release(&t);
	pk_diags_release(&d);
	return r;
}

int pk_pages_write_episode(const struct pk_show *show,
			   const struct pk_episode *ep, const char *notes_html,
			   const char *out_dir, struct pk_error *err)
{
	char rel[PATH_MAX];
	char *html;
	int r;

	r = pk_pages_episode_html(show, ep, notes_html, &html, err);
	if (r)
		return r;
	pk_layout_page_path(ep, rel, sizeof(rel));
	return write_page(out_dir, rel, html, err);
}

int pk_pages_write_index(const struct pk_show *show,
			 const struct pk_episode *const *eps, size_t n,
			 const char *out_dir, struct pk_error *err)
{
	return write_page(out_dir, "index.html", pk_page_index(show, eps, n),
			  err);
}
