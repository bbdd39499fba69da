/* build_output.c: what steps share to write the output folder: paths
 * under it, copies, writes only when the bytes changed, counters. */
#include "build/build_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "build/state_int.h"
#include "feed/feed_int.h"
#include "podkit/fsio.h"
#include "podkit/tag.h"
#include "model/layout_int.h"

void pk_build_count(struct pk_build *b, size_t *counter)
{
	if (b->lock)
		pthread_mutex_lock(b->lock);
	(*counter)++;
	if (b->lock)
		pthread_mutex_unlock(b->lock);
}

void pk_build_plan(struct pk_build *b, const char *what, const char *why)
{
	if (!b->opts->plan)
		return;
	if (b->lock)
		pthread_mutex_lock(b->lock);
	b->opts->plan(b->opts->plan_arg, what, why);
	if (b->lock)
		pthread_mutex_unlock(b->lock);
}

/* out_dir/rel, malloc'd; NULL when out of memory. */
char *pk_build_out_path(const struct pk_build *b, const char *rel)
{
	return pk_path_join(b->opts->out_dir ? b->opts->out_dir : "feed", rel);
}

/* out_dir/images/NAME-1400.jpg for the image at rel ("images/NAME.EXT"):
 * the small copy tags embed. malloc'd; NULL when out of memory. */
char *pk_build_small_cover_path(const struct pk_build *b, const char *rel)
{
	char buf[1100];

	return pk_build_out_path(
	    b, pk_layout_small_image_path(rel, buf, sizeof(buf)));
}

/* Copies src to out_dir/rel. A content_named file (its name carries its
 * hash) already there with the same size is kept; small assets are copied
 * every time. */
int pk_build_publish_file(struct pk_build *b, const char *src, const char *rel,
			  int content_named, int *copied, struct pk_error *err)
{
	char *dst = pk_build_out_path(b, rel);
	int r;

	if (!dst)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if (content_named && pk_is_file(dst) &&
	    pk_file_size(dst, NULL) == pk_file_size(src, NULL)) {
		free(dst);
		return 0;
	}
	r = pk_mkdir_parent(dst, err);
	if (!r)
		r = pk_copy_file(src, dst, err);
	if (!r && copied)
		*copied = 1;
	free(dst);
	return r;
}

/* The published file tags go into: a local MP3 or M4A under out_dir. */
char *pk_build_taggable(const struct pk_build *b, const struct pk_episode *ep)
{
	const char *m = ep->media.mime;

	if (ep->audio_is_url || !ep->media.path || !m ||
	    (strcmp(m, "audio/mpeg") != 0 && strcmp(m, "audio/x-m4a") != 0 &&
	     strcmp(m, "audio/mp4") != 0))
		return NULL;
	return pk_build_out_path(b, ep->media.path);
}

/* The small cover for an episode's tags: its own image's, else the
 * show's; NULL when there is none (or out of memory). */
char *pk_build_tag_cover(const struct pk_build *b, const struct pk_episode *ep)
{
	char rel[1024];
	char *p;
	int own;
	const char *img = pk_tags_cover_image(b->show, ep, &own);

	if (!img ||
	    !pk_layout_image_path(own ? ep : NULL, img, rel, sizeof(rel)))
		return NULL;
	p = pk_build_small_cover_path(b, rel);
	if (p && !pk_is_file(p)) {
		free(p);
		p = NULL;
	}
	return p;
}

/* The names a transcript's "Name:" prefixes may use: the episode's hosts
 * and guests. Returns a malloc'd array of borrowed strings. */
const char **pk_build_speaker_names(const struct pk_show *show,
				    const struct pk_episode *ep, size_t *n)
{
	size_t nh, i, k = 0;
	const struct pk_person *h = pk_episode_hosts(show, ep, &nh);
	const char **v = calloc(nh + ep->nguests + 1, sizeof(*v));

	if (!v)
		return NULL;
	for (i = 0; i < nh; i++)
		v[k++] = h[i].name;
	for (i = 0; i < ep->nguests; i++)
		v[k++] = ep->guests[i].name;
	*n = k;
	return v;
}

/* The SHA-256 of data without its first <elem>...</elem> (the feed's
 * lastBuildDate, which moves with the clock, not with the content). */
static void content_key(const char *data, size_t len, const char *elem,
			char key[65])
{
	char open[64], close[64];
	const char *a, *z;
	struct pk_key k;

	if (elem) {
		snprintf(open, sizeof(open), "<%s>", elem);
		snprintf(close, sizeof(close), "</%s>", elem);
		a = strstr(data, open);
		z = a ? strstr(a, close) : NULL;
		if (z && pk_key_init(&k) == 0) {
			z += strlen(close);
			pk_key_str(&k, "before", "");
			EVP_DigestUpdate(k.ctx, data, (size_t)(a - data));
			pk_key_str(&k, "after", "");
			EVP_DigestUpdate(k.ctx, z, len - (size_t)(z - data));
			if (pk_key_final(&k, key) == 0)
				return;
		}
	}
	pk_sha256_hex(data, len, key);
}

int pk_build_write_if_changed(struct pk_build *b, const char *rec,
			      const char *rel, const char *data, size_t len,
			      const char *volatile_elem, int *wrote,
			      struct pk_error *err)
{
	char key[65], what[1200];
	char *path = pk_build_out_path(b, rel);
	const char *why = "no build state";
	int r = 0;

	if (wrote)
		*wrote = 0;
	if (!path)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	content_key(data, len, volatile_elem, key);
	if (b->state) {
		why = b->opts->force ? "forced"
				     : pk_state_why(b->state, rec, key, path);
		if (!why) {
			pk_build_count(b, &b->n_uptodate);
			goto out;
		}
	}
	if (b->opts->dry_run) {
		snprintf(what, sizeof(what), "write %s", rel);
		pk_build_plan(b, what, why);
		goto out;
	}
	r = pk_mkdir_parent(path, err);
	if (!r)
		r = pk_write_atomic(path, data, len, 0644, err);
	if (!r) {
		pk_build_count(b, &b->n_written);
		if (wrote)
			*wrote = 1;
		if (b->state && (pk_state_set(b->state, rec, key) < 0 ||
				 pk_state_note_file(b->state, rec, rel) < 0))
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
	}
out:
	free(path);
	return r;
}

int pk_build_write_output(struct pk_build *b, const char *rec, const char *rel,
			  const char *data, size_t len, struct pk_error *err)
{
	return pk_build_write_if_changed(b, rec, rel, data, len, NULL, NULL,
					 err);
}
