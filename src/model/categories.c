/* categories.c: Apple Podcasts' category taxonomy as static tables. */
#include "model/categories_int.h"

#include <string.h>

static const char *const none[] = {NULL};
static const char *const arts[] = {
    "Books",	   "Design", "Fashion & Beauty", "Food", "Performing Arts",
    "Visual Arts", NULL};
static const char *const business[] = {
    "Careers",	 "Entrepreneurship", "Investing", "Management",
    "Marketing", "Non-Profit",	     NULL};
static const char *const comedy[] = {"Comedy Interviews", "Improv", "Stand-Up",
				     NULL};
static const char *const education[] = {
    "Courses", "How To", "Language Learning", "Self-Improvement", NULL};
static const char *const fiction[] = {"Comedy Fiction", "Drama",
				      "Science Fiction", NULL};
static const char *const health[] = {
    "Alternative Health", "Fitness",   "Medicine", "Mental Health",
    "Nutrition",	  "Sexuality", NULL};
static const char *const kids[] = {"Education for Kids", "Parenting",
				   "Pets & Animals", "Stories for Kids", NULL};
static const char *const leisure[] = {
    "Animation & Manga", "Automotive",	  "Aviation",	 "Crafts", "Games",
    "Hobbies",		 "Home & Garden", "Video Games", NULL};
static const char *const music[] = {"Music Commentary", "Music History",
				    "Music Interviews", NULL};
static const char *const news[] = {
    "Business News", "Daily News",  "Entertainment News", "News Commentary",
    "Politics",	     "Sports News", "Tech News",	  NULL};
static const char *const religion[] = {
    "Buddhism", "Christianity", "Hinduism",	"Islam",
    "Judaism",	"Religion",	"Spirituality", NULL};
static const char *const science[] = {"Astronomy",	 "Chemistry",
				      "Earth Sciences",	 "Life Sciences",
				      "Mathematics",	 "Natural Sciences",
				      "Nature",		 "Physics",
				      "Social Sciences", NULL};
static const char *const society[] = {"Documentary",   "Personal Journals",
				      "Philosophy",    "Places & Travel",
				      "Relationships", NULL};
static const char *const sports[] = {
    "Baseball",	  "Basketball", "Cricket",   "Fantasy Sports",
    "Football",	  "Golf",	"Hockey",    "Rugby",
    "Running",	  "Soccer",	"Swimming",  "Tennis",
    "Volleyball", "Wilderness", "Wrestling", NULL};
static const char *const tv[] = {"After Shows",	    "Film History",
				 "Film Interviews", "Film Reviews",
				 "TV Reviews",	    NULL};

static const struct pk_apple_category taxonomy[] = {
    {"Arts", arts},
    {"Business", business},
    {"Comedy", comedy},
    {"Education", education},
    {"Fiction", fiction},
    {"Government", none},
    {"History", none},
    {"Health & Fitness", health},
    {"Kids & Family", kids},
    {"Leisure", leisure},
    {"Music", music},
    {"News", news},
    {"Religion & Spirituality", religion},
    {"Science", science},
    {"Society & Culture", society},
    {"Sports", sports},
    {"Technology", none},
    {"True Crime", none},
    {"TV & Film", tv},
};

#define NTAXONOMY (sizeof(taxonomy) / sizeof(taxonomy[0]))

const struct pk_apple_category *pk_categories(size_t *n)
{
	*n = NTAXONOMY;
	return taxonomy;
}

int pk_category_valid(const char *name, const char *sub)
{
	const char *const *s;
	size_t i;

	if (!name)
		return 0;
	for (i = 0; i < NTAXONOMY; i++) {
		if (strcmp(taxonomy[i].name, name) != 0)
			continue;
		if (!sub)
			return 1;
		for (s = taxonomy[i].subs; *s; s++)
			if (strcmp(*s, sub) == 0)
				return 1;
		return 0;
	}
	return 0;
}

const char *pk_category_parent(const char *sub)
{
	const char *const *s;
	size_t i;

	if (!sub)
		return NULL;
	for (i = 0; i < NTAXONOMY; i++)
		for (s = taxonomy[i].subs; *s; s++)
			if (strcmp(*s, sub) == 0)
				return taxonomy[i].name;
	return NULL;
}
