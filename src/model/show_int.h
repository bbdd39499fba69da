/* show_internal.h (private to the library): what the show loader's files
 * share: loading one episode, and freeing the parts of the model. */
#ifndef PODKIT_SHOW_INTERNAL_H
#define PODKIT_SHOW_INTERNAL_H

#include "podkit/show.h"

/* Largest show.yaml and episode.md the loader reads. */
#define PK_SHOW_YAML_MAX (1024 * 1024)
#define PK_EPISODE_MD_MAX (4 * 1024 * 1024)

/* Loads ep->file (ep->dir, ep->slug, ep->file and ep->folder_number set
 * by the caller) into ep, judging it against show (its hosts and podcast
 * guid; show may be partly filled when show.yaml had errors). Returns the
 * number of errors reported into d, or PK_ENOMEM. */
int pk_episode_load(const struct pk_show *show, struct pk_episode *ep,
		    const struct pk_show_load_opts *opts, int64_t now,
		    struct pk_diags *d);

/* Frees what an episode owns (not ep itself) and zeroes it. */
void pk_episode_release(struct pk_episode *ep);

#endif
