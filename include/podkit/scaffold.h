/* scaffold.h: new shows and new episodes from templates (`podkit init`,
 * `podkit new`). Files are written atomically and never overwritten. */
#ifndef PODKIT_SCAFFOLD_H
#define PODKIT_SCAFFOLD_H

#include <stddef.h>
#include <stdint.h>

#include "podkit/error.h"

/* Creates dir (and parents) with a show.yaml listing every field (the
 * optional ones commented out) and one example episode, 001-welcome/.
 * Refuses (PK_EINVAL) when dir/show.yaml exists. */
int pk_show_scaffold(const char *dir, struct pk_error *err);

/* The slug of a title: lowercase ASCII letters and digits, other runs of
 * characters as one dash, no dash at either end, at most 60 bytes
 * ("Why We Pull Away!" -> "why-we-pull-away"); "episode" when nothing is
 * left. Writes into buf (size >= 61) and returns it. */
char *pk_slugify(const char *title, char *buf, size_t size);

/* Creates the next episode of the show in dir: NNN-slug/episode.md with
 * NNN one more than the highest folder number there, the title, number,
 * date (now, UTC), a fresh random guid, and the optional fields commented
 * out. *path (optional) gets the new episode.md's path, malloc'd; the
 * caller frees it. Refuses when dir has no show.yaml. */
int pk_episode_scaffold(const char *dir, const char *title, int64_t now,
			char **path, struct pk_error *err);

#endif
