/* categories_int.h: Apple Podcasts' category taxonomy (the list Apple has used
 * since 2019: 19 categories, most with subcategories), for the show model's
 * validation and the feed linter. All strings are static. */
#ifndef PODKIT_CATEGORIES_H
#define PODKIT_CATEGORIES_H

#include <stddef.h>

struct pk_apple_category {
	const char *name;
	const char *const *subs; /* NULL-terminated; never NULL itself */
};

/* 1 when name is one of Apple's categories and sub (when not NULL) is one
 * of its subcategories, else 0. Names match exactly ("Health & Fitness"). */
int pk_category_valid(const char *name, const char *sub);

/* The taxonomy, in Apple's order; *n gets the number of categories. */
const struct pk_apple_category *pk_categories(size_t *n);

/* The category a subcategory belongs to, or NULL when none has it (to
 * suggest "'Sexuality' belongs under 'Health & Fitness'"). */
const char *pk_category_parent(const char *sub);

#endif
