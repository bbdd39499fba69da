/* soundbites_int.h: episode.md's `soundbites:` read and checked
 * (soundbites.c), for the episode loader and the model's lifetime. */
#ifndef PODKIT_SOUNDBITES_INT_H
#define PODKIT_SOUNDBITES_INT_H

#include "podkit/show.h"
#include "model/show_fields_int.h"

/* Reads the list v into ep->soundbites: each entry a mapping {start,
 * duration, title}, times as seconds or H:MM:SS. A bad entry is reported
 * into c as FILE:LINE and left out; so is one shorter than
 * PK_SOUNDBITE_MIN or longer than PK_SOUNDBITE_MAX. */
void pk_soundbites_read(struct pk_fctx *c, struct pk_episode *ep,
			yaml_node_t *v);

/* Frees ep's soundbites and zeroes them. */
void pk_soundbites_free(struct pk_episode *ep);

#endif
