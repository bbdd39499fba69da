/* pages_write.c: the web pages written into the output folder, with the
 * transcript read from the episode's file. */
#include "pages/pages_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "podkit/build.h"
#include "podkit/diag.h"
#include "feed/feed_int.h"
#include "podkit/fsio.h"
#include "podkit/transcript.h"

static int write_page(const char *out_dir, const char *rel, char *html,
		      struct pk_error *err)
{
	char *path = NULL, *dir = NULL, *slash;
	int r;

	if (!html)
		return pk_error_set(err, PK_ENOMEM, "%s: out of memory", rel);
	path = pk_path_join(out_dir, rel);
	dir = path ? strdup(path) : NULL;
	if (!dir) {
		r = pk_error_set(err, PK_ENOMEM, "%s: out of memory", rel);
		goto out;
	}
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		r = pk_mkdir_p(dir, err);
		if (r)
			goto out;
	}
	r = pk_write_if_changed(path, html, strlen(html), 0644, NULL, err);
out:
	free(path);
	free(dir);
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

/* Renders ep's page and writes it: through the build (b not NULL: only
 * when its bytes changed, never in a dry run) or straight to out_dir. */
static int episode_page(const struct pk_show *show,
			const struct pk_episode *ep, const char *notes_html,
			const char *out_dir, struct pk_build *b,
			struct pk_error *err)
{
	struct pk_episode_page pg;
	struct pk_transcript t;
	struct pk_page_cue *cues = NULL;
	struct pk_diags d;
	char rel[PATH_MAX], tpath[PATH_MAX], thref[PATH_MAX + 4];
	const char **names = NULL;
	char *file = NULL;
	size_t nnames = 0, i;
	int r;

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
		pk_transcript_remap(&t, ep->media.timemap);
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
		if (pk_feed_transcript_path(ep, tpath, sizeof(tpath))) {
			snprintf(thref, sizeof(thref), "../%s", tpath);
			pg.transcript_href = thref;
		}
	}
	snprintf(rel, sizeof(rel), "episodes/%s.html", ep->slug);
	if (b) {
		char rec[PATH_MAX + 8];
		char *html = pk_page_episode(show, &pg);

		snprintf(rec, sizeof(rec), "%s:page", ep->slug);
		r = html ? pk_build_write_output(b, rec, rel, html,
						 strlen(html), err)
			 : pk_error_set(err, PK_ENOMEM, "out of memory");
		free(html);
	} else {
		r = write_page(out_dir, rel, pk_page_episode(show, &pg), err);
	}
out:
	free(cues);
	free(names);
	free(file);
	pk_transcript_release(&t);
	pk_diags_release(&d);
	return r;
}

int pk_pages_write_episode(const struct pk_show *show,
			   const struct pk_episode *ep,
			   const char *notes_html, const char *out_dir,
			   struct pk_error *err)
{
	return episode_page(show, ep, notes_html, out_dir, NULL, err);
}

int pk_pages_write_index(const struct pk_show *show,
			 const struct pk_episode *const *eps, size_t n,
			 const char *out_dir, struct pk_error *err)
{
	return write_page(out_dir, "index.html", pk_page_index(show, eps, n),
			  err);
}

int pk_build_step_page(struct pk_build *b, struct pk_build_episode *be,
		       struct pk_error *err)
{
	return episode_page(b->show, be->ep, be->notes_html,
			    b->opts->out_dir ? b->opts->out_dir : "feed", b,
			    err);
}

int pk_build_write_index(struct pk_build *b, struct pk_error *err)
{
	const struct pk_episode **eps;
	size_t *order, i, n = 0;
	int r;

	order = calloc(b->neps + 1, sizeof(*order));
	eps = calloc(b->neps + 1, sizeof(*eps));
	if (!order || !eps) {
		free(order);
		free(eps);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	r = pk_feed_order(b->show, order);
	for (i = 0; !r && i < b->neps; i++) {
		const struct pk_build_episode *be = &b->eps[order[i]];

		if (!be->failed && !be->skipped && !be->ep->scheduled)
			eps[n++] = be->ep;
	}
	if (!r) {
		char *html = pk_page_index(b->show, eps, n);

		r = html ? pk_build_write_output(b, "index.html", "index.html",
						 html, strlen(html), err)
			 : pk_error_set(err, PK_ENOMEM, "out of memory");
		free(html);
	} else
		pk_error_set(err, r, "out of memory");
	free(order);
	free(eps);
	return r;
}
