/* build_p20.c: an episode's soundbites and value time splits moved with
 * its audio (an intro, shortened pauses, as the chapters are) and checked
 * against the published length; its other formats (alternate enclosures)
 * taken from the audio step and kept in the build state. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timemap_int.h"
#include "build/build_int.h"
#include "build/state_int.h"
#include "model/layout_int.h"
#include "podkit/fsio.h"
#include "model/p20_int.h"
#include "podkit/show.h"

/* [*start, *start + *duration) of the source, published: both ends go
 * through the map, so a cut pause inside shortens it. */
static void follow(const struct pk_timemap *m, double *start, double *duration)
{
	double a = pk_timemap_apply(m, *start),
	       b = pk_timemap_apply(m, *start + *duration);

	*start = a;
	*duration = b - a;
}

size_t pk_build_p20_follow(struct pk_build_episode *be)
{
	struct pk_episode *ep = be->ep;
	const struct pk_timemap *m = ep->media.timemap;
	size_t i, j, bad = 0;

	for (i = 0; m && i < ep->nsoundbites; i++)
		follow(m, &ep->soundbites[i].start,
		       &ep->soundbites[i].duration);
	for (i = 0; m && i < ep->p20.nvalues; i++)
		for (j = 0; j < ep->p20.values[i].nsplits; j++)
			follow(m, &ep->p20.values[i].splits[j].start,
			       &ep->p20.values[i].splits[j].duration);
	bad += pk_soundbites_check_inside(ep->soundbites, ep->nsoundbites,
					  ep->media.duration, ep->file,
					  &be->diags);
	bad += pk_p20_splits_check_inside(ep, ep->media.duration, &be->diags);
	return bad;
}

/* The public URL of an encoded file, as the enclosure's is made: under
 * media_url (a CDN, an analytics prefix). malloc'd, or NULL. */
static char *media_url(const struct pk_show *show, const char *rel)
{
	struct pk_media t;
	char *url;

	memset(&t, 0, sizeof(t));
	if (pk_media_set_path(show, &t, rel, NULL) != 0)
		return NULL;
	url = t.url;
	t.url = NULL;
	pk_media_release(&t);
	return url;
}

/* Empties m's list of other formats. */
static void alts_free(struct pk_media *m)
{
	size_t i;

	for (i = 0; i < m->nalts; i++) {
		free(m->alts[i].path);
		free(m->alts[i].url);
		free(m->alts[i].mime);
		free(m->alts[i].codecs);
		free(m->alts[i].integrity);
	}
	free(m->alts);
	m->alts = NULL;
	m->nalts = 0;
}

int pk_build_take_alts(struct pk_build *b, struct pk_episode *ep,
		       struct pk_media *made, struct pk_error *err)
{
	char rel[1024];
	size_t i;
	int r = 0;

	alts_free(&ep->media);
	for (i = 0; i < made->nalts && r == 0; i++) {
		struct pk_media_alt *a = &made->alts[i];

		pk_layout_encoded_path(a->path, rel, sizeof(rel));
		free(a->path);
		a->path = strdup(rel);
		a->url = media_url(b->show, rel);
		if (!a->path || !a->url)
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	if (r) {
		alts_free(made);
		return r;
	}
	ep->media.alts = made->alts;
	ep->media.nalts = made->nalts;
	made->alts = NULL;
	made->nalts = 0;
	return 0;
}

/* One field per format: "PATH\tMIME\tCODECS\tBITRATE\tLENGTH\tSRI". */
#define ALT_FIELD_MAX 2048

int pk_build_alts_record(struct pk_build *b, const struct pk_episode *ep,
			 const char *rec)
{
	char name[32], v[ALT_FIELD_MAX];
	size_t i;
	int r = 0;

	snprintf(v, sizeof(v), "%zu", ep->media.nalts);
	r |= pk_state_set_field(b->state, rec, "alts", v);
	for (i = 0; i < ep->media.nalts; i++) {
		const struct pk_media_alt *a = &ep->media.alts[i];

		snprintf(name, sizeof(name), "alt%zu", i);
		snprintf(v, sizeof(v), "%s\t%s\t%s\t%ld\t%lld\t%s", a->path,
			 a->mime, a->codecs, a->bitrate, (long long)a->length,
			 a->integrity);
		r |= pk_state_set_field(b->state, rec, name, v);
	}
	return r ? PK_ENOMEM : 0;
}

int pk_build_alts_restore(struct pk_build *b, struct pk_episode *ep,
			  const char *rec)
{
	char name[32], v[ALT_FIELD_MAX], *f[6], *p, *file;
	size_t n, i, k;
	int there;

	size_t want = b->show->audio.nformats;

	alts_free(&ep->media);
	if (pk_state_field(b->state, rec, "alts", v, sizeof(v)))
		return want ? PK_ENOENT : 0;
	n = strtoul(v, NULL, 10);
	if (n != want)
		return PK_ENOENT;
	if (!n)
		return 0;
	ep->media.alts = calloc(n, sizeof(*ep->media.alts));
	if (!ep->media.alts)
		return PK_ENOMEM;
	for (i = 0; i < n; i++) {
		struct pk_media_alt *a = &ep->media.alts[i];

		snprintf(name, sizeof(name), "alt%zu", i);
		if (pk_state_field(b->state, rec, name, v, sizeof(v)))
			return PK_ENOENT;
		for (k = 0, p = v; k < 6; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (!p && k < 5)
				return PK_ENOENT;
			if (p)
				*p++ = '\0';
		}
		file = pk_build_out_path(b, f[0]);
		there = file && pk_is_file(file);
		free(file);
		if (!there)
			return PK_ENOENT;
		ep->media.nalts++;
		a->path = strdup(f[0]);
		a->mime = strdup(f[1]);
		a->codecs = strdup(f[2]);
		a->bitrate = strtol(f[3], NULL, 10);
		a->length = strtoll(f[4], NULL, 10);
		a->integrity = strdup(f[5]);
		a->url = media_url(b->show, f[0]);
		if (!a->path || !a->mime || !a->codecs || !a->integrity ||
		    !a->url)
			return PK_ENOMEM;
	}
	return 0;
}
