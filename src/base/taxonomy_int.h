/* taxonomy_int.h: the Podcasting 2.0 vocabularies, one home each: the
 * person taxonomy (the namespace's taxonomy.json: its groups and the roles
 * of each, matched without regard to case, as the namespace says) and the
 * podcast:medium values. */
#ifndef PODKIT_TAXONOMY_INT_H
#define PODKIT_TAXONOMY_INT_H

/* 1 when name is one of the taxonomy's groups ("cast", "writing"...). */
int pk_taxonomy_has_group(const char *name);

/* 1 when role is a role of any group. */
int pk_taxonomy_has_role(const char *role);

/* 1 when role is a role of the group named group (0 for an unknown
 * group). */
int pk_taxonomy_role_in(const char *group, const char *role);

/* The podcast:medium values and their "L" (list) forms, NULL-ended;
 * matched exactly. */
extern const char *const pk_podcast_mediums[];

#endif
