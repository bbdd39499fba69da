/* p20_rules_int.h: the Podcasting 2.0 namespace's rules across the fields
 * of one entry (p20_rules.c), for the tables of p20_fields.c: each reports
 * what is wrong into c at node n (the entry) and returns -1, or returns 0.
 * obj is the entry's struct (show.h), as the function's name says. */
#ifndef PODKIT_P20_RULES_INT_H
#define PODKIT_P20_RULES_INT_H

#include "model/show_fields_int.h"

int pk_p20_check_location(struct pk_fctx *c, yaml_node_t *n, void *obj);
int pk_p20_check_social(struct pk_fctx *c, yaml_node_t *n, void *obj);
int pk_p20_check_remote(struct pk_fctx *c, yaml_node_t *n, void *obj);
int pk_p20_check_image(struct pk_fctx *c, yaml_node_t *n, void *obj);
int pk_p20_check_recipient(struct pk_fctx *c, yaml_node_t *n, void *obj);
int pk_p20_check_split(struct pk_fctx *c, yaml_node_t *n, void *obj);
int pk_p20_check_value(struct pk_fctx *c, yaml_node_t *n, void *obj);
int pk_p20_check_chat(struct pk_fctx *c, yaml_node_t *n, void *obj);
int pk_p20_check_update_frequency(struct pk_fctx *c, yaml_node_t *n, void *obj);
int pk_p20_check_live(struct pk_fctx *c, yaml_node_t *n, void *obj);

#endif
