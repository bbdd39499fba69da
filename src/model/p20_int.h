/* p20_int.h: the Podcasting 2.0 tags' keys of show.yaml and episode.md
 * (location, social_interact, images, value, chat, content_links, podroll,
 * publisher, update_frequency, block_services, live_items), read and
 * checked against the namespace's rules by p20_fields.c. */
#ifndef PODKIT_P20_INT_H
#define PODKIT_P20_INT_H

#include "podkit/show.h"
#include "model/show_fields_int.h"

/* Reads key (with value v) into s when it is one of the show's
 * Podcasting 2.0 keys, reporting bad values into c. Returns 1 when the
 * key was one of them, 0 when not (the caller goes on). */
int pk_p20_show_key(struct pk_fctx *c, struct pk_show *s, const char *key,
		    yaml_node_t *v);

/* The same for an episode's keys. */
int pk_p20_episode_key(struct pk_fctx *c, struct pk_episode *e, const char *key,
		       yaml_node_t *v);

/* Checks that every value time split of e ends inside audio of
 * `duration` seconds (0: unknown, nothing checked), reporting into d as
 * e->file:line. Returns how many do not. */
size_t pk_p20_splits_check_inside(const struct pk_episode *e, double duration,
				  struct pk_diags *d);

/* Free what the readers stored (the structs themselves are the caller's). */
void pk_p20_show_free(struct pk_show *s);
void pk_p20_free(struct pk_p20 *p);

#endif
